//! Synthetic data at scale, for benchmarks: `putright seed-scale --cases N`.
//!
//! A realistic mix rather than a pile of identical rows, because the queries worth
//! measuring (lists by deadline, dashboards by phase, reports by stage dates) behave very
//! differently on skewed data: about 55% service requests, 40% complaints and 5%
//! compliments, received over the ten years before today with volume rising over time;
//! most complaints answered at Stage 1 on time, some late, some extended, some not
//! accepted, some withdrawn, about 15% reviewed at Stage 2; 300 staff; about one customer
//! for every three cases. Cases received lately are still in progress, so deadline lists
//! and dashboards have live work on them.
//!
//! Every case is made as [`crate::demo`] makes its cases: received, then taken through the
//! domain's own transitions on working-day dates, so the procedure itself vouches for each
//! state and every step is on the timeline. The data is the same on every run (fixed
//! seeds; only "today" moves it), and each case is made from its own index, so a test can
//! make any case again and compare it with what was stored.
//!
//! Cases go to the database [`CHUNK`] at a time, one transaction each, through
//! [`storage::bulk`]: memory stays flat however many cases are asked for.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Days, Duration, Months, NaiveDate, NaiveTime, Timelike, Utc};
use domain::eligibility::eligibility;
use domain::form::{Adjustment, ContactMethod, Costs, CustomerType, EmailAddress, PhoneNumber};
use domain::lifecycle::{
    ComplaintChoice, Outcome, PointFinding, RecordedReason, RefusalReason, Remedy, StageResponse,
    UserId,
};
use domain::policy::Policy;
use domain::{
    Actor, Calendar, Case, Channel, Complaint, Description, Event, Money, Receipt, Role, Stage,
    TimelineItem, TransitionError,
};
use storage::bulk::{self, GeneratedCase};
use storage::cases::{CaseDetails, CustomerChoice, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::{Db, StorageError, accounts};

/// The password of every scale staff account, so that a benchmark can sign in as any of
/// them. Never load scale data into a real database.
pub const SCALE_PASSWORD: &str = "putright-scale";

/// Cases per transaction. Also the window within which cases share customers: the bulk
/// loader recognises a returning customer only within one batch, so the two must agree.
pub const CHUNK: usize = 500;

/// How often progress is logged, in cases (a multiple of [`CHUNK`]).
const PROGRESS_EVERY: usize = 10_000;

/// Staff by role, most senior first: 300 in all. Managers handle Stage 1, complaints
/// managers triage and review, heads of service sign off Stage 2, officers do the rest.
const STAFF_MIX: [(Role, usize); 4] = [
    (Role::HeadOfService, 6),
    (Role::ComplaintsManager, 14),
    (Role::Manager, 80),
    (Role::Officer, 200),
];

/// Each batch draws its cases' customers, with replacement, from this many people: 500
/// draws from 175 reach about 165 different people, close to one for every three cases.
const CUSTOMERS_PER_CHUNK: usize = 175;

/// How far back received dates go.
const YEARS: u32 = 10;

/// Seeds of the case and customer streams ("PUTRIGHT", "CUSTOMER" in ASCII).
const CASE_SEED: u64 = 0x5055_5452_4947_4854;
const CUSTOMER_SEED: u64 = 0x4355_5354_4f4d_4552;

#[derive(Debug, thiserror::Error)]
pub enum ScaleError {
    #[error(
        "this database already holds scale data ({0} exists): run seed-scale on a fresh database"
    )]
    AlreadySeeded(String),
    #[error("the scale staff account {0} is missing")]
    MissingStaff(String),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A step the procedure refused: a bug in this file.
    #[error("scale case {index}: {message}")]
    Step { index: usize, message: String },
}

/// What a scale load added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScaleReport {
    pub staff: usize,
    pub customers: usize,
    pub cases: usize,
    pub service_requests: usize,
    pub complaints: usize,
    /// Complaints that reached Stage 2.
    pub stage2: usize,
    pub compliments: usize,
    pub timeline_entries: usize,
}

/// The address of the `n`th scale staff account (from 1).
pub fn staff_email(n: usize) -> String {
    format!("staff{n:04}@scale.example.org")
}

/// Loads `cases` synthetic cases, with their staff and customers, into a database that has
/// no scale data yet. "Today" is the London date of `now`.
pub async fn seed(db: &Db, cases: usize, now: DateTime<Utc>) -> Result<ScaleReport, ScaleError> {
    let roster = Staff::roster();
    let first = staff_email(1);
    if accounts::find_by_email(db, &first).await?.is_some() {
        return Err(ScaleError::AlreadySeeded(first));
    }
    let calendar = storage::reference::calendar(db).await?;
    let ids = bulk::create_staff(db, &roster, SCALE_PASSWORD, now).await?;
    let staff = Staff::from_roster(&roster, &ids);
    let generator = Generator::new(cases, now, calendar.clone(), staff);
    let mut report = ScaleReport {
        staff: ids.len(),
        ..ScaleReport::default()
    };
    for start in (0..cases).step_by(CHUNK) {
        let end = (start + CHUNK).min(cases);
        let batch = (start..end)
            .map(|i| generator.case(i))
            .collect::<Result<Vec<_>, _>>()?;
        report.add(&batch);
        bulk::insert_cases(db, batch, &calendar).await?;
        if end.is_multiple_of(PROGRESS_EVERY) || end == cases {
            tracing::info!(cases = end, of = cases, "scale data");
        }
    }
    Ok(report)
}

impl ScaleReport {
    fn add(&mut self, batch: &[GeneratedCase]) {
        let mut customers = HashSet::new();
        for case in batch {
            self.cases += 1;
            self.timeline_entries += 1 + case.timeline.len();
            match &case.state {
                Case::ServiceRequest(_) => self.service_requests += 1,
                Case::Compliment(_) => self.compliments += 1,
                Case::Complaint(c) => {
                    self.complaints += 1;
                    if c.stage2().is_some() {
                        self.stage2 += 1;
                    }
                }
            }
            // Within a batch the number tells the generated people apart.
            if let Some(CustomerChoice::New { details, .. }) = &case.new.customer {
                customers.insert(details.phone.as_ref().map(|p| p.national().to_owned()));
            }
        }
        self.customers += customers.len();
    }
}

/// A staff account as the generator uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i32,
    pub role: Role,
    pub name: String,
}

impl StaffMember {
    fn actor(&self) -> Actor {
        Actor::new(self.id.to_string(), self.role)
    }

    fn who(&self) -> Who {
        Who::account(self.id, self.role, &self.name)
    }
}

/// The scale staff, by what they do.
#[derive(Debug, Clone, Default)]
pub struct Staff {
    heads: Vec<StaffMember>,
    complaints_managers: Vec<StaffMember>,
    managers: Vec<StaffMember>,
    officers: Vec<StaffMember>,
}

impl Staff {
    /// The accounts a scale load creates, (email, name, role), numbered from 1.
    pub fn roster() -> Vec<(String, String, Role)> {
        STAFF_MIX
            .iter()
            .flat_map(|&(role, count)| std::iter::repeat_n(role, count))
            .enumerate()
            .map(|(i, role)| {
                let n = i + 1;
                let first = FIRST_NAMES[(n * 7) % FIRST_NAMES.len()];
                let last = LAST_NAMES[(n * 13) % LAST_NAMES.len()];
                (staff_email(n), format!("{first} {last}"), role)
            })
            .collect()
    }

    fn from_roster(roster: &[(String, String, Role)], ids: &[i32]) -> Self {
        let mut staff = Self::default();
        for ((_, name, role), &id) in roster.iter().zip(ids) {
            let member = StaffMember {
                id,
                role: *role,
                name: name.clone(),
            };
            match role {
                Role::HeadOfService => staff.heads.push(member),
                Role::ComplaintsManager => staff.complaints_managers.push(member),
                Role::Manager => staff.managers.push(member),
                _ => staff.officers.push(member),
            }
        }
        staff
    }

    /// The scale staff of a database that has them, to make its cases again (tests).
    pub async fn load(db: &Db) -> Result<Self, ScaleError> {
        let roster = Self::roster();
        let mut ids = Vec::with_capacity(roster.len());
        for (email, _, _) in &roster {
            let account = accounts::find_by_email(db, email)
                .await?
                .ok_or_else(|| ScaleError::MissingStaff(email.clone()))?;
            ids.push(account.id);
        }
        Ok(Self::from_roster(&roster, &ids))
    }
}

/// Makes case number `index` of `total`, the same every time for the same staff and day.
#[derive(Debug)]
pub struct Generator {
    total: usize,
    now: DateTime<Utc>,
    today: NaiveDate,
    start: DateTime<Utc>,
    span_seconds: f64,
    calendar: Calendar,
    staff: Staff,
}

impl Generator {
    pub fn new(total: usize, now: DateTime<Utc>, calendar: Calendar, staff: Staff) -> Self {
        // Whole seconds: PostgreSQL keeps microseconds, and a stored time must read back
        // equal to the generated one.
        let now = now.with_nanosecond(0).unwrap_or(now);
        let start = now
            .checked_sub_months(Months::new(12 * YEARS))
            .unwrap_or(now);
        Self {
            total: total.max(1),
            now,
            today: domain::london::to_london(now).date(),
            start,
            span_seconds: (now - start).num_seconds() as f64,
            calendar,
            staff,
        }
    }

    /// Case `index` (from 0): received, taken through the procedure up to today, with its
    /// timeline.
    pub fn case(&self, index: usize) -> Result<GeneratedCase, ScaleError> {
        let mut rng = fastrand::Rng::with_seed(mix(CASE_SEED, index as u64));
        let roll = rng.f64();
        let opening = if roll < 0.55 {
            Opening::ServiceRequest
        } else if roll < 0.95 {
            Opening::Complaint
        } else {
            Opening::Compliment
        };
        let channel = pick_weighted(&mut rng, channel_weights(opening));
        let received_at = self.received_at(index, channel, &mut rng);
        let received = domain::london::to_london(received_at).date();
        let pool = index / CHUNK * CUSTOMERS_PER_CHUNK;
        let customer = customer(pool + rng.usize(..CUSTOMERS_PER_CHUNK));
        let problem = &PROBLEMS[rng.usize(..PROBLEMS.len())];
        let number = rng.u32(1..=240);
        let refusal = (opening == Opening::Complaint)
            .then(|| refusal(&mut rng, problem))
            .flatten();
        let details = self.details(opening, problem, number, refusal, received, &mut rng);
        let initial = NewCase::initial_state(opening, received_at, &details, &self.calendar);
        let recorded_by = match channel {
            Channel::OnlineForm => Who::customer(&customer.name),
            _ => pick(&mut rng, &self.staff.officers).who(),
        };
        let mut state = initial.clone();
        let mut script = Script {
            generator: self,
            index,
            rng,
            steps: Vec::new(),
        };
        let start = self.working_day_from(received);
        match &mut state {
            Case::ServiceRequest(request) => script.service_request(request, start, problem)?,
            Case::Compliment(compliment) => {
                let officer = pick(&mut script.rng, &self.staff.officers).clone();
                let on = script.after(start, 1, 5);
                if script.happened(on) {
                    script.record(on, officer.who(), compliment.pass_on(on), None)?;
                }
            }
            Case::Complaint(complaint) => {
                let policy = complaint.policy();
                let eligible = eligibility(
                    details.when_happened,
                    details.became_aware,
                    received,
                    policy.eligibility_months,
                );
                let plan = Plan {
                    problem,
                    refusal,
                    eligibility: eligible,
                    customer: &customer.name,
                };
                script.complaint(complaint, &plan)?;
            }
        }
        let timeline = script.finish(received_at);
        Ok(GeneratedCase {
            new: NewCase {
                channel,
                received_at,
                customer: Some(CustomerChoice::New {
                    user_id: None,
                    details: customer,
                }),
                details,
                case: initial,
                recorded_by,
                linked_case: None,
                legacy_reference: None,
            },
            state,
            timeline,
        })
    }

    /// When case `index` arrived. Cases are spread in index order over the years, the
    /// volume rising steadily (from 0.6 to 1.4 times the average), so references follow
    /// received dates. Phone calls, visits, letters and staff-raised cases arrive in office
    /// hours on working days; online forms, emails and posts at any day and hour from 7am
    /// to 11pm, so some count from the next working day.
    fn received_at(
        &self,
        index: usize,
        channel: Channel,
        rng: &mut fastrand::Rng,
    ) -> DateTime<Utc> {
        let p = (index as f64 + rng.f64()) / self.total as f64;
        // Inverse of the cumulative share 0.6t + 0.4t² of a density rising linearly.
        let t = ((0.36 + 1.6 * p).sqrt() - 0.6) / 0.8;
        let instant = self.start + Duration::seconds((t * self.span_seconds) as i64);
        let date = domain::london::to_london(instant).date();
        let office = matches!(
            channel,
            Channel::Phone | Channel::InPerson | Channel::Letter | Channel::Staff
        );
        let at = if office {
            london_time(self.working_day_from(date), rng.u32(9 * 60..17 * 60))
        } else {
            london_time(date, rng.u32(7 * 60..23 * 60))
        } + Duration::seconds(rng.i64(0..60));
        if at > self.now {
            self.now - Duration::seconds(rng.i64(60..3600))
        } else {
            at
        }
    }

    /// The date itself if it is a working day, else the next one.
    fn working_day_from(&self, date: NaiveDate) -> NaiveDate {
        if self.calendar.is_working_day(date) {
            date
        } else {
            self.calendar.next_working_day(date)
        }
    }

    fn details(
        &self,
        opening: Opening,
        problem: &Problem,
        number: u32,
        refusal: Option<RefusalReason>,
        received: NaiveDate,
        rng: &mut fastrand::Rng,
    ) -> CaseDetails {
        let (text, about) = match opening {
            Opening::ServiceRequest => (problem.request, None),
            Opening::Complaint => (problem.complaint, None),
            Opening::Compliment => {
                let (about, text) = *pick(rng, COMPLIMENTS);
                (text, Some(about))
            }
        };
        let what = Description::parse(&text.replace("{n}", &number.to_string()))
            .expect("every template is a valid description");
        let mut details = CaseDetails::describing(what);
        details.compliment_about = about.map(str::to_owned);
        match opening {
            Opening::ServiceRequest | Opening::Compliment => {}
            Opening::Complaint => {
                let happened = if refusal == Some(RefusalReason::OutOfTime) {
                    received.checked_sub_months(Months::new(14 + rng.u32(0..24)))
                } else {
                    received.checked_sub_days(Days::new(rng.u64(1..=60)))
                };
                details.when_happened = happened;
                let reported = rng.f64() < 0.7;
                details.reported_before = Some(reported);
                if reported && rng.bool() {
                    details.what_was_said = Some(
                        "I was told someone would come out within a week, and nobody did."
                            .to_owned(),
                    );
                }
                details.outcomes_sought = Some(problem.sought.to_owned());
                if rng.f64() < 0.1 {
                    details.costs = Some(Costs {
                        description: problem.costs.to_owned(),
                        amount: Some(
                            Money::from_pence(u64::from(rng.u32(2..=60)) * 500)
                                .expect("a few hundred pounds is a valid amount"),
                        ),
                    });
                }
            }
        }
        details
    }
}

/// A 64-bit mix of a seed and an index (SplitMix64's finaliser): neighbouring indices get
/// unrelated streams.
fn mix(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A London wall-clock time on `date`, `minutes` after midnight, as an instant.
fn london_time(date: NaiveDate, minutes: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes.min(24 * 60 - 1) * 60, 0)
        .unwrap_or(NaiveTime::MIN);
    let guess = date.and_time(time).and_utc();
    guess - domain::london::offset(guess)
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn pick_weighted<T: Clone>(rng: &mut fastrand::Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.u32(..total);
    for (item, weight) in items {
        if roll < *weight {
            return item.clone();
        }
        roll -= weight;
    }
    items[items.len() - 1].0.clone()
}

/// How each kind of case reaches us: every channel in [`Channel::ALL`], in proportions
/// like a landlord's (requests mostly by phone, complaints mostly in writing).
fn channel_weights(opening: Opening) -> &'static [(Channel, u32)] {
    match opening {
        Opening::ServiceRequest => &[
            (Channel::Phone, 40),
            (Channel::OnlineForm, 30),
            (Channel::Email, 12),
            (Channel::InPerson, 6),
            (Channel::Staff, 6),
            (Channel::SocialMedia, 3),
            (Channel::Letter, 3),
        ],
        Opening::Complaint => &[
            (Channel::OnlineForm, 32),
            (Channel::Email, 22),
            (Channel::Phone, 20),
            (Channel::Letter, 9),
            (Channel::InPerson, 6),
            (Channel::SocialMedia, 6),
            (Channel::Staff, 5),
        ],
        Opening::Compliment => &[
            (Channel::OnlineForm, 40),
            (Channel::Email, 25),
            (Channel::Phone, 15),
            (Channel::SocialMedia, 10),
            (Channel::Letter, 5),
            (Channel::InPerson, 3),
            (Channel::Staff, 2),
        ],
    }
}

/// Whether a complaint will be refused at triage, and why: about one in twenty, most of
/// them noise that belongs to the anti-social behaviour policy.
fn refusal(rng: &mut fastrand::Rng, problem: &Problem) -> Option<RefusalReason> {
    if problem.name == "noise" {
        return (rng.f64() < 0.4).then_some(RefusalReason::AnotherPolicyFitsBetter);
    }
    (rng.f64() < 0.035).then(|| {
        pick_weighted(
            rng,
            &[
                (RefusalReason::OutOfTime, 4),
                (RefusalReason::AlreadyHadResponse, 3),
                (RefusalReason::OutsideOurResponsibility, 3),
                (RefusalReason::LegalProceedings, 1),
                (RefusalReason::AllegesCrime, 1),
            ],
        )
    })
}

/// Customer number `n`: the same person wherever the number comes up.
fn customer(n: usize) -> CustomerDetails {
    let mut rng = fastrand::Rng::with_seed(mix(CUSTOMER_SEED, n as u64));
    let first = pick(&mut rng, FIRST_NAMES);
    let last = pick(&mut rng, LAST_NAMES);
    // Ofcom's drama range, so no real phone is ever dialled; unique within a batch.
    let phone = PhoneNumber::parse(&format!("07700 9{:05}", n % 100_000))
        .expect("07700 9xxxxx is a valid UK mobile number");
    let email = (rng.f64() < 0.55).then(|| {
        EmailAddress::parse(&format!(
            "{}.{}{n}@example.org",
            first.to_lowercase(),
            last.to_lowercase()
        ))
        .expect("letters, a dot and digits make a valid address")
    });
    let preferred_contact = Some(match (&email, rng.u32(0..10)) {
        (Some(_), 0..=5) => ContactMethod::Email,
        (_, 0..=7) => ContactMethod::Phone,
        (_, 8) => ContactMethod::Text,
        _ => ContactMethod::Letter,
    });
    let describes_you = pick_weighted(
        &mut rng,
        &[
            (CustomerType::Tenant, 75),
            (CustomerType::LeaseholderOrSharedOwner, 12),
            (CustomerType::Applicant, 5),
            (CustomerType::MemberOfPublic, 5),
            (CustomerType::RepresentingACustomer, 3),
        ],
    );
    // Listed in the order storage reads adjustments back (by code), so a customer loaded
    // from the database equals the one generated.
    let adjustments = if rng.f64() < 0.1 {
        pick(&mut rng, ADJUSTMENTS).to_vec()
    } else {
        Vec::new()
    };
    const INWARD_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
    let postcode = format!(
        "BS{} {}{}{}",
        rng.u32(1..=16),
        rng.u32(1..=9),
        char::from(*pick(&mut rng, INWARD_LETTERS)),
        char::from(*pick(&mut rng, INWARD_LETTERS)),
    );
    let address = format!(
        "Flat {}, {} {}",
        rng.u32(1..=60),
        rng.u32(1..=120),
        pick(&mut rng, STREETS)
    );
    CustomerDetails {
        name: format!("{first} {last}"),
        describes_you,
        phone: Some(phone),
        email,
        preferred_contact,
        adjustments,
        address: Some(address),
        postcode: Some(postcode),
    }
}

/// What a complaint's script needs to know beyond the complaint itself.
struct Plan<'a> {
    problem: &'a Problem,
    refusal: Option<RefusalReason>,
    eligibility: domain::eligibility::Eligibility,
    customer: &'a str,
}

/// One case being taken through the procedure: the steps so far, each with its date (and
/// its exact time where the procedure depends on it).
struct Script<'g> {
    generator: &'g Generator,
    index: usize,
    rng: fastrand::Rng,
    steps: Vec<(NaiveDate, Option<DateTime<Utc>>, Who, TimelineItem)>,
}

impl Script<'_> {
    fn happened(&self, on: NaiveDate) -> bool {
        on <= self.generator.today
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A working day between `min` and `max` working days after `date`.
    fn after(&mut self, date: NaiveDate, min: u32, max: u32) -> NaiveDate {
        let n = self.rng.u32(min..=max);
        self.generator.calendar.add_working_days(date, n)
    }

    fn fail(&self, message: impl ToString) -> ScaleError {
        ScaleError::Step {
            index: self.index,
            message: message.to_string(),
        }
    }

    fn record(
        &mut self,
        on: NaiveDate,
        who: Who,
        step: Result<Event, TransitionError>,
        note: Option<&str>,
    ) -> Result<(), ScaleError> {
        self.record_at(on, None, who, step, note)
    }

    fn record_at(
        &mut self,
        on: NaiveDate,
        at: Option<DateTime<Utc>>,
        who: Who,
        step: Result<Event, TransitionError>,
        note: Option<&str>,
    ) -> Result<(), ScaleError> {
        let event = step.map_err(|e| self.fail(e))?;
        let note = note.map(str::to_owned);
        self.steps
            .push((on, at, who, TimelineItem::Transition { event, note }));
        Ok(())
    }

    fn service_request(
        &mut self,
        request: &mut domain::lifecycle::ServiceRequest,
        start: NaiveDate,
        problem: &Problem,
    ) -> Result<(), ScaleError> {
        let officer = pick(&mut self.rng, &self.generator.staff.officers).clone();
        if self.chance(0.03) {
            let on = self.after(start, 1, 5);
            if self.happened(on) {
                let note = "The customer phoned: it had sorted itself out.";
                self.record(on, officer.who(), request.withdraw(on), Some(note))?;
            }
            return Ok(());
        }
        let resolved = self.after(start, 0, 12);
        if !self.happened(resolved) {
            return Ok(());
        }
        let note = self.chance(0.4).then_some(problem.fixed);
        self.record(resolved, officer.who(), request.resolve(resolved), note)?;
        if self.chance(0.04) {
            let on = self.after(resolved, 1, 10);
            if self.happened(on) {
                let step = request.record_dissatisfaction(on, ComplaintChoice::NoComplaint);
                let note = "Offered a complaint; the customer only wanted it on record.";
                self.record(on, officer.who(), step, Some(note))?;
            }
        }
        Ok(())
    }

    fn complaint(&mut self, c: &mut Complaint, plan: &Plan<'_>) -> Result<(), ScaleError> {
        let generator = self.generator;
        let staff = &generator.staff;
        let policy = *c.policy();
        let triage = pick(&mut self.rng, &staff.complaints_managers).clone();
        let triaged = self.after(c.stage1().day0, 0, 2);
        if !self.happened(triaged) {
            return Ok(());
        }
        if let Some(reason) = plan.refusal {
            let explanation = reason_text(refusal_explanation(reason));
            let step = c.not_accept(triaged, reason, explanation);
            return self.record(triaged, triage.who(), step, None);
        }
        let handler = if self.chance(0.9) {
            pick(&mut self.rng, &staff.managers).clone()
        } else {
            triage.clone()
        };
        let step = c.accept(&handler.actor(), triaged, plan.eligibility, None);
        self.record(triaged, triage.who(), step, None)?;
        let Some(responded) = self.stage(c, Stage::One, &handler, &policy, triaged, plan)? else {
            return Ok(());
        };

        if self.chance(0.165) {
            let asked = self.after(responded, 2, 25);
            if !self.happened(asked) {
                return Ok(());
            }
            let at = london_time(asked, self.rng.u32(8 * 60..21 * 60)).min(generator.now);
            let receipt = Receipt::new(at, policy.cut_off, &generator.calendar);
            let who = if self.chance(0.6) {
                Who::customer(plan.customer)
            } else {
                pick(&mut self.rng, &staff.officers).who()
            };
            let step = c.request_review(&receipt);
            self.record_at(asked, Some(at), who, step, None)?;
            // The reviewer is a complaints manager who took no part in Stage 1.
            let candidates: Vec<&StaffMember> = staff
                .complaints_managers
                .iter()
                .filter(|m| !c.took_part_in_stage1(&m.actor().id))
                .collect();
            let reviewer = (*pick(&mut self.rng, &candidates)).clone();
            let assigned = self.after(receipt.day0, 0, 1);
            if !self.happened(assigned) {
                return Ok(());
            }
            let step = c.assign_reviewer(&reviewer.actor());
            self.record(assigned, triage.who(), step, None)?;
            let Some(closed) = self.stage(c, Stage::Two, &reviewer, &policy, assigned, plan)?
            else {
                return Ok(());
            };
            if self.chance(0.08) {
                let referred = self.after(closed, 25, 120);
                if !self.happened(referred) {
                    return Ok(());
                }
                let theirs = format!("{}{:05}", referred.year(), self.index % 100_000);
                let theirs =
                    domain::ombudsman::TheirReference::parse(&theirs).map_err(|e| self.fail(e))?;
                let step = c.refer_to_ombudsman(referred, theirs);
                self.record(referred, reviewer.who(), step, None)?;
                let decided = self.after(referred, 60, 180);
                if self.happened(decided) {
                    use domain::ombudsman::{Finding, FindingRecord, Order, OrderKind};
                    let finding = *pick(&mut self.rng, &Finding::ALL);
                    let step = c.record_ombudsman_decision(
                        decided,
                        FindingRecord {
                            finding,
                            about: None,
                        },
                    );
                    self.record(decided, reviewer.who(), step, None)?;
                    if finding.at_fault() {
                        let due = self.after(decided, 20, 40);
                        let order = Order {
                            kind: OrderKind::Order,
                            what: "Pay the resident compensation and apologise in writing".into(),
                            due,
                            owner: UserId::new(reviewer.id.to_string()),
                            complied: None,
                        };
                        self.record(decided, reviewer.who(), c.add_ombudsman_order(order), None)?;
                        let complied = self.after(decided, 10, 45);
                        if self.happened(complied) {
                            let step = c.comply_with_order(
                                c.referrals().count() - 1,
                                0,
                                complied,
                                "Paid and apologised; evidence sent to the Ombudsman".into(),
                            );
                            self.record(complied, reviewer.who(), step, None)?;
                        }
                    }
                }
            }
        } else if self.chance(0.97) {
            let closed = self.after(responded, 10, 25);
            if self.happened(closed) {
                self.record(closed, handler.who(), c.close(closed), None)?;
            }
        }
        Ok(())
    }

    /// Takes a stage from its start to its response: first contact, the acknowledgement
    /// (where the policy has one), perhaps an extension, the head of service's sign-off at
    /// Stage 2, the response and its remedies. Mostly on time, sometimes late. Returns the
    /// response date, or `None` when the case stops first (withdrawn, or not there yet).
    fn stage(
        &mut self,
        c: &mut Complaint,
        stage: Stage,
        owner: &StaffMember,
        policy: &Policy,
        started: NaiveDate,
        plan: &Plan<'_>,
    ) -> Result<Option<NaiveDate>, ScaleError> {
        let generator = self.generator;
        let calendar = &generator.calendar;
        let staff = &generator.staff;
        let rules = policy.stage(stage);
        let day0 = match stage {
            Stage::One => c.stage1().day0,
            Stage::Two => c.stage2().map_or(started, |r| r.day0),
        };

        let contacted = if self.chance(0.92) {
            self.after(day0, 0, rules.contact)
        } else {
            self.after(day0, rules.contact + 1, rules.contact + 4)
        }
        .max(started);
        if !self.happened(contacted) {
            return Ok(None);
        }
        let note = self
            .chance(0.5)
            .then_some(CONTACT_NOTES[stage_index(stage)]);
        self.record(contacted, owner.who(), c.record_contact(contacted), note)?;

        if stage == Stage::One && self.chance(0.035) {
            let on = self.after(contacted, 1, 8);
            if self.happened(on) {
                let officer = pick(&mut self.rng, &staff.officers).who();
                let note = "The customer phoned to withdraw: the problem has been put right.";
                self.record(on, officer, c.withdraw(on), Some(note))?;
            }
            return Ok(None);
        }

        let mut last = contacted;
        if let Some(days) = rules.acknowledge {
            let acknowledged = if self.chance(0.9) {
                self.after(day0, 1, days)
            } else {
                self.after(day0, days + 1, days + 5)
            }
            .max(contacted);
            if !self.happened(acknowledged) {
                return Ok(None);
            }
            self.record(
                acknowledged,
                owner.who(),
                c.acknowledge(&owner.actor(), acknowledged),
                None,
            )?;
            last = acknowledged;
        }

        let deadlines = c
            .deadlines(calendar)
            .ok_or_else(|| self.fail("no deadlines on a stage in progress"))?;
        let mut due = deadlines.respond.due;
        let extension_chance = match stage {
            Stage::One => 0.08,
            Stage::Two => 0.12,
        };
        if self.chance(extension_chance) {
            let on = self.after(last, 1, 3).min(due).max(last);
            if !self.happened(on) {
                return Ok(None);
            }
            let to = self.after(due, 3, rules.extension_cap.unwrap_or(10).max(3));
            // Within the policy's limit a reason is enough; a policy without a limit wants
            // the complaints manager's approval every time.
            // At Stage 2 nobody who took part in Stage 1 may approve it.
            let approver = rules.extension_cap.is_none().then(|| {
                let independent: Vec<&StaffMember> = staff
                    .complaints_managers
                    .iter()
                    .filter(|m| stage == Stage::One || !c.took_part_in_stage1(&m.actor().id))
                    .collect();
                (*pick(&mut self.rng, &independent)).actor()
            });
            let reason = reason_text(EXTENSION_REASONS[self.rng.usize(..EXTENSION_REASONS.len())]);
            let step = c.extend(calendar, &owner.actor(), on, to, reason, approver.as_ref());
            self.record(on, owner.who(), step, None)?;
            due = to;
            last = on;
        }

        let on_time = match stage {
            Stage::One => 0.88,
            Stage::Two => 0.85,
        };
        let responded = if self.chance(on_time) {
            let span = calendar.working_days_between(last, due).max(1) as u32;
            self.after(last, 1, span)
        } else {
            self.after(due, 1, 15)
        };
        let response = self.response(plan.problem, owner, responded)?;
        if stage == Stage::Two {
            let head = pick(&mut self.rng, &staff.heads).clone();
            let span = calendar.working_days_between(last, responded).max(0) as u32;
            let signed = self.after(last, 0, span);
            if !self.happened(signed) {
                return Ok(None);
            }
            // The reviewer writes the outcome for sign-off the day it is signed off.
            self.record(
                signed,
                owner.who(),
                c.propose_outcome(&owner.actor(), response.clone()),
                None,
            )?;
            self.record(signed, head.who(), c.sign_off(&head.actor(), signed), None)?;
        }
        if !self.happened(responded) {
            return Ok(None);
        }
        let before = c.remedies().len();
        self.record(
            responded,
            owner.who(),
            c.respond(&owner.actor(), responded, response),
            None,
        )?;

        // Most remedies are delivered within three weeks; a few cannot be.
        for index in before..c.remedies().len() {
            let roll = self.rng.f64();
            let on = self.after(responded, 1, 15);
            if !self.happened(on) || roll >= 0.88 {
                continue;
            }
            let step = if roll < 0.85 {
                c.complete_remedy(index, on)
            } else {
                let reason = reason_text(
                    "The contractor who would have done the work has gone into administration.",
                );
                c.remedy_cannot_be_delivered(index, on, reason)
            };
            self.record(on, owner.who(), step, None)?;
        }
        Ok(Some(responded))
    }

    fn response(
        &mut self,
        problem: &Problem,
        owner: &StaffMember,
        on: NaiveDate,
    ) -> Result<StageResponse, ScaleError> {
        let outcome = pick_weighted(
            &mut self.rng,
            &[
                (Outcome::Upheld, 35),
                (Outcome::PartlyUpheld, 25),
                (Outcome::NotUpheld, 40),
            ],
        );
        let extra = self.rng.usize(0..=2);
        let mut points = vec![PointFinding {
            point: problem.point.to_owned(),
            finding: match outcome {
                Outcome::NotUpheld => problem.not_upheld,
                _ => problem.upheld,
            }
            .to_owned(),
            outcome: if outcome == Outcome::PartlyUpheld && extra == 0 {
                Outcome::PartlyUpheld
            } else if outcome == Outcome::NotUpheld {
                Outcome::NotUpheld
            } else {
                Outcome::Upheld
            },
        }];
        for (point, finding) in OTHER_POINTS.iter().take(extra) {
            points.push(PointFinding {
                point: (*point).to_owned(),
                finding: (*finding).to_owned(),
                outcome: if outcome == Outcome::Upheld {
                    Outcome::Upheld
                } else {
                    Outcome::NotUpheld
                },
            });
        }
        let mut remedies = Vec::new();
        if outcome == Outcome::NotUpheld {
            if self.chance(0.3) {
                remedies.push(Remedy::Explanation);
            }
        } else {
            remedies.push(Remedy::Apology);
            if self.chance(0.5) {
                let pounds = u64::from(self.rng.u32(5..=100)) * 5;
                remedies.push(Remedy::Compensation {
                    amount: Money::from_pence(pounds * 100)
                        .expect("a few hundred pounds is a valid amount"),
                    for_what: None,
                });
            }
            if self.chance(0.4) {
                remedies.push(Remedy::Action {
                    description: problem.action.to_owned(),
                    due: self.after(on, 10, 40),
                    owner: UserId::new(owner.id.to_string()),
                });
            }
            if self.chance(0.1) {
                remedies.push(Remedy::RecordAmended);
            }
        }
        let learning = (outcome != Outcome::NotUpheld && self.chance(0.3))
            .then(|| problem.learning.to_owned());
        StageResponse::new(outcome, points, remedies, learning).map_err(|e| self.fail(e))
    }

    /// The timeline: steps in date order (steps of one day in the order they were taken),
    /// each at a plausible office time, never before the one before it nor after now.
    fn finish(mut self, received_at: DateTime<Utc>) -> Vec<(DateTime<Utc>, Who, TimelineItem)> {
        let mut steps = std::mem::take(&mut self.steps);
        steps.sort_by_key(|(on, _, _, _)| *on);
        let mut previous = received_at;
        steps
            .into_iter()
            .map(|(on, exact, who, item)| {
                let planned = exact.unwrap_or_else(|| {
                    london_time(on, self.rng.u32(9 * 60..17 * 60))
                        + Duration::seconds(self.rng.i64(0..60))
                });
                let at = planned
                    .max(previous + Duration::seconds(self.rng.i64(60..1800)))
                    .min(self.generator.now)
                    .max(previous);
                previous = at;
                (at, who, item)
            })
            .collect()
    }
}

fn stage_index(stage: Stage) -> usize {
    match stage {
        Stage::One => 0,
        Stage::Two => 1,
    }
}

fn reason_text(text: &str) -> RecordedReason {
    RecordedReason::parse(text).expect("the fixed reasons are valid")
}

fn refusal_explanation(reason: RefusalReason) -> &'static str {
    match reason {
        RefusalReason::OutOfTime => {
            "This happened more than a year before you told us, and nothing explains the delay; the Housing Ombudsman can advise you."
        }
        RefusalReason::AnotherPolicyFitsBetter => {
            "Noise from a neighbour is handled under our anti-social behaviour policy; the neighbourhood team will contact you."
        }
        RefusalReason::AllegesCrime => {
            "What you describe is a crime: please report it to the police, and we will support their investigation."
        }
        RefusalReason::AlreadyHadResponse => {
            "We answered a complaint about the same matter earlier this year; you can ask the Housing Ombudsman to look at it."
        }
        RefusalReason::LegalProceedings => {
            "A claim about this matter has been filed at court, so the court will decide it."
        }
        RefusalReason::OutsideOurResponsibility => {
            "The road outside is the council's: we have passed your complaint to their highways team."
        }
        // Never generated: the reason only imported history carries.
        RefusalReason::NotRecorded => "The reason was not recorded.",
    }
}

/// A kind of housing problem, with everything said about it along the way. `{n}` in the
/// descriptions becomes a flat, block or sum.
struct Problem {
    name: &'static str,
    request: &'static str,
    complaint: &'static str,
    point: &'static str,
    upheld: &'static str,
    not_upheld: &'static str,
    sought: &'static str,
    action: &'static str,
    learning: &'static str,
    fixed: &'static str,
    costs: &'static str,
}

const PROBLEMS: &[Problem] = &[
    Problem {
        name: "repairs",
        request: "The kitchen tap in flat {n} drips all the time and the cupboard under it is getting wet.",
        complaint: "The repair to the kitchen tap in flat {n} was booked three times and nobody came to any of the appointments.",
        point: "Missed repair appointments",
        upheld: "Our contractor double-booked the operative on each date and did not tell you.",
        not_upheld: "Our records show the operative called each time and left a card when nobody answered.",
        sought: "An apology and the tap fixed at a time that suits me.",
        action: "Fit a new kitchen tap and check the cupboard for water damage",
        learning: "Repairs desk: confirm the contractor's capacity before booking a slot",
        fixed: "Operative replaced the washer; the tap no longer drips.",
        costs: "Time off work unpaid for the missed appointments",
    },
    Problem {
        name: "damp and mould",
        request: "There is black mould on the bedroom wall of flat {n} and it keeps coming back.",
        complaint: "The damp and black mould in the bedroom of flat {n} came back a month after the last treatment; my child has asthma.",
        point: "Damp and mould not properly treated",
        upheld: "The treatment dealt with the mould but not the leaking gutter causing the damp.",
        not_upheld: "The survey found condensation only; we fitted an extractor fan and gave advice on ventilation.",
        sought: "The cause of the damp fixed and the room redecorated.",
        action: "Repair the gutter, treat the mould and redecorate the bedroom",
        learning: "Damp and mould: survey the cause before treating the surface",
        fixed: "Mould treated and a humidity monitor fitted.",
        costs: "A new mattress and bedding ruined by mould",
    },
    Problem {
        name: "noise",
        request: "Loud banging from the flat above number {n} most nights after midnight.",
        complaint: "Nothing has been done about the loud music from the flat above number {n}, which goes on until 2am every night.",
        point: "Noise from a neighbour not dealt with",
        upheld: "The neighbourhood officer did not follow up the noise diaries you sent.",
        not_upheld: "The officer visited, installed recording equipment and is taking action under the tenancy.",
        sought: "Make the noise stop and keep me informed.",
        action: "Visit the neighbour and review the noise recordings with the customer",
        learning: "Noise cases: acknowledge every diary sheet and agree a date to review them",
        fixed: "Neighbourhood officer spoke to both households.",
        costs: "Noise-cancelling headphones",
    },
    Problem {
        name: "rent account",
        request: "My rent statement shows arrears of £{n} but my payments have all gone out of my bank.",
        complaint: "My rent account has shown arrears of £{n} for three months and nobody will correct it despite my bank statements.",
        point: "Rent payments not credited to the account",
        upheld: "Two payments were credited to another account with a similar reference.",
        not_upheld: "The arrears are from a rent increase that was not paid; the letter about it is enclosed again.",
        sought: "The account corrected and the arrears letters withdrawn.",
        action: "Move the misallocated payments and write to confirm the balance",
        learning: "Income team: match payments by reference and amount, not reference alone",
        fixed: "Payment traced and moved to the right account.",
        costs: "Bank charges for a returned direct debit",
    },
    Problem {
        name: "caretaking",
        request: "The bin store at block {n} has not been cleaned and there are rats.",
        complaint: "The communal areas of block {n} have not been cleaned for six weeks although we pay a service charge for it.",
        point: "Communal cleaning not done",
        upheld: "The cleaning rota missed the block after a change of contractor.",
        not_upheld: "The cleaning logs and photographs show weekly visits; we have asked the team to check the bin store too.",
        sought: "Regular cleaning and a refund of the service charge for the weeks missed.",
        action: "Add the block to the cleaning rota and credit the service charge",
        learning: "Contract changes: check every block is on the new rota",
        fixed: "Bin store cleaned and pest control booked.",
        costs: "Service charge paid for cleaning that was not done",
    },
    Problem {
        name: "lifts",
        request: "The lift in block {n} is stuck on the ground floor again.",
        complaint: "The lift in block {n} has been out of order for three weeks; I cannot get my pushchair up to the eighth floor.",
        point: "Lift out of service for weeks",
        upheld: "The part was ordered late and nobody told residents how long it would take.",
        not_upheld: "The part had to be made to order; we sent weekly updates and offered help with shopping.",
        sought: "The lift fixed and help for residents who cannot use the stairs.",
        action: "Repair the lift and write to residents with a date",
        learning: "Lift failures: tell residents the expected date within two days",
        fixed: "Engineer reset the lift controller.",
        costs: "Taxi fares to hospital appointments",
    },
    Problem {
        name: "heating",
        request: "No heating or hot water in flat {n} since this morning.",
        complaint: "The heating in flat {n} has broken down four times this winter and we were without hot water for nine days.",
        point: "Repeated heating failures",
        upheld: "The boiler should have been replaced after the second failure, as our policy says.",
        not_upheld: "Each failure was repaired within the target time; the boiler is due for replacement next month.",
        sought: "A new boiler and compensation for the days without heating.",
        action: "Replace the boiler",
        learning: "Heating: flag a boiler for replacement after a second failure in a season",
        fixed: "Gas engineer replaced the pump; heating and hot water back on.",
        costs: "Electric heaters bought while the heating was off",
    },
];

/// Other points often raised alongside the main one, with a finding each.
const OTHER_POINTS: &[(&str, &str)] = &[
    (
        "Not kept informed",
        "Calls back were promised and not made; we should have written with a date.",
    ),
    (
        "How staff spoke to the customer",
        "We listened to the call recording and have spoken to the member of staff.",
    ),
];

const CONTACT_NOTES: [&str; 2] = [
    "Phoned the customer to understand the complaint and agree what they want.",
    "Spoke to the customer about what they want the review to look at.",
];

const EXTENSION_REASONS: &[&str] = &[
    "The contractor's report is needed to answer fully and arrives next week.",
    "The customer asked to meet in person and the first date they can make is next week.",
    "A specialist survey is booked and its findings decide the response.",
];

/// (what or whom it is about, what the customer said)
const COMPLIMENTS: &[(&str, &str)] = &[
    (
        "The caretaking team",
        "The caretaker kept the stairs at block {n} spotless all winter. Thank you.",
    ),
    (
        "The repairs team",
        "The plumber who came to flat {n} was quick, tidy and explained everything.",
    ),
    (
        "The customer service centre",
        "The adviser who took my call about flat {n} sorted it out in one go.",
    ),
    (
        "The neighbourhood officer",
        "Our officer helped the residents of block {n} set up a garden group.",
    ),
];

/// Reasonable adjustments in the order storage reads them back (by code).
const ADJUSTMENTS: &[&[Adjustment]] = &[
    &[Adjustment::LargePrint],
    &[Adjustment::ExtraTime],
    &[Adjustment::Interpreter],
    &[Adjustment::PhoneNotLetters],
    &[Adjustment::EasyRead, Adjustment::LargePrint],
    &[Adjustment::ExtraTime, Adjustment::LargePrint],
];

const FIRST_NAMES: &[&str] = &[
    "Aisha", "Alan", "Amara", "Ben", "Bilal", "Carol", "Chloe", "Daniel", "Deepa", "Eilidh",
    "Emma", "Fatima", "George", "Grace", "Hamza", "Hannah", "Ian", "Isla", "Jack", "Jasmine",
    "Kamal", "Katie", "Leon", "Lucy", "Mary", "Mohammed", "Nadia", "Noah", "Olivia", "Oscar",
    "Priya", "Rhys", "Rita", "Samuel", "Sofia", "Tom", "Uma", "Wiktor", "Yusuf", "Zara",
];

const LAST_NAMES: &[&str] = &[
    "Ahmed", "Begum", "Brooks", "Campbell", "Carter", "Chen", "Davies", "Edwards", "Evans",
    "Green", "Hall", "Hughes", "Hussain", "Jones", "Khan", "Kowalski", "Lewis", "Martin", "Morgan",
    "Nowak", "Okafor", "Patel", "Price", "Roberts", "Rossi", "Singh", "Smith", "Taylor", "Thomas",
    "Walker", "Ward", "Williams", "Wilson", "Wright", "Young",
];

const STREETS: &[&str] = &[
    "Harbour Court",
    "Mill Lane",
    "Victoria Road",
    "Station Street",
    "Church View",
    "Park Rise",
    "Quarry Way",
    "Oak Tree Close",
    "Canal Walk",
    "Hillside Gardens",
];
