//! Demo data for trying Putright out: a fictional landlord with one account for each role
//! (all with the password [`DEMO_PASSWORD`], and for staff the authenticator key
//! [`DEMO_TOTP_SECRET`]) and cases in every state of the lifecycle,
//! dated around today so that deadlines are live. Never load it into a real database.
//!
//! The cases are made the way people make them: each is received, then taken through the
//! procedure one step at a time, each on its own day, by the use cases the case pages call
//! (`service::steps::take`, `service::respond::respond`, `service::customer`), as the
//! member of staff (or the customer) who took it. So the procedure's own rules check every
//! step, and each step writes its timeline entry, the letter it sends and that letter's
//! e-mail, as it would for real. Loading again adds no accounts, and adds cases only to a
//! database that has none.

use chrono::{DateTime, Days, NaiveDate, Utc};
use domain::form::{Adjustment, ContactMethod, CustomerType, EmailAddress, PhoneNumber};
use domain::lifecycle::RefusalReason;
use domain::lifecycle::steps::Step;
use domain::{Calendar, Channel, Description, Role};
use service::respond::{ActionAnswer, PaymentAnswer, PointAnswer, ResponseFields};
use service::steps::{OnCase, StepFields, date_parts};
use service::{Caller, Context, ServiceError};
use storage::cases::{self, CaseDetails, CustomerChoice, NewCase, Opening, Who};
use storage::customers::CustomerDetails;
use storage::{Db, StorageError, accounts};

pub const DEMO_PASSWORD: &str = "putright-demo";

/// The authenticator key of every demo account that takes a second factor (staff and the
/// administrator): add it to an authenticator app by hand to sign in as them. Published, so
/// as unsafe as the demo password.
pub const DEMO_TOTP_SECRET: &str = "KRUGKIDEMVWW6IDLMV4SA2LTEBYHKYTMNFRQ";

/// (role, email, name) of each demo account.
pub const DEMO_ACCOUNTS: &[(Role, &str, &str)] = &[
    (Role::Resident, "rita.resident@example.org", "Rita Resident"),
    (Role::Officer, "sam.officer@example.org", "Sam Officer"),
    (Role::Manager, "mo.manager@example.org", "Mo Manager"),
    (
        Role::ComplaintsManager,
        "chris.complaints@example.org",
        "Chris Complaints",
    ),
    (Role::HeadOfService, "hana.head@example.org", "Hana Head"),
    (Role::InvolvedCustomer, "ian.panel@example.org", "Ian Panel"),
    (Role::Admin, "ada.admin@example.org", "Ada Admin"),
    (Role::BoardMember, "bea.board@example.org", "Bea Board"),
];

/// (member, manager) of the demo's teams.
pub const DEMO_TEAMS: &[(&str, &str)] = &[
    ("sam.officer@example.org", "mo.manager@example.org"),
    ("mo.manager@example.org", "chris.complaints@example.org"),
    ("chris.complaints@example.org", "hana.head@example.org"),
];

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A demo step the procedure refused: a bug in this file.
    #[error("demo case {case}: {message}")]
    Step { case: &'static str, message: String },
    /// Approving a demo case's redacted file failed.
    #[error("approving a redacted file: {0}")]
    Approval(String),
}

/// The procedure's refusal of a step of the demo case `case`, with every field's problem.
fn refused(case: &'static str, e: ServiceError) -> DemoError {
    let message = match e {
        ServiceError::Invalid(problems) => problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    DemoError::Step { case, message }
}

/// What loading added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub accounts: usize,
    pub cases: usize,
}

/// Loads the demo data; the e-mails its steps send link to where `putright serve` listens
/// by default.
pub async fn load(db: &Db, now: DateTime<Utc>) -> Result<Loaded, DemoError> {
    load_for(db, now, "http://127.0.0.1:3000").await
}

/// Loads the demo data; the e-mails its steps send link to `public_base` (`https://host`).
pub async fn load_for(db: &Db, now: DateTime<Utc>, public_base: &str) -> Result<Loaded, DemoError> {
    let mut loaded = Loaded::default();
    for (role, email, name) in DEMO_ACCOUNTS {
        match accounts::create(db, email, name, *role, DEMO_PASSWORD, now).await {
            Ok(account) => {
                loaded.accounts += 1;
                if role.needs_second_factor() {
                    accounts::enrol(db, account.id, DEMO_TOTP_SECRET).await?;
                }
            }
            Err(StorageError::Conflict) => {}
            Err(other) => return Err(other.into()),
        }
    }
    // Who manages whom: Sam reports to Mo, Mo to Chris, Chris to Hana.
    for (member, manager) in DEMO_TEAMS {
        let id = |email| async move {
            accounts::find_by_email(db, email)
                .await?
                .map(|a| a.id)
                .ok_or(StorageError::NotFound)
        };
        let (member, manager) = (id(member).await?, id(manager).await?);
        accounts::set_manager(db, member, Some(manager))
            .await
            .map_err(|e| DemoError::Step {
                case: "teams",
                message: e.to_string(),
            })?;
    }
    if cases::count(db).await? == 0 {
        let calendar = storage::reference::calendar(db).await?;
        let demo = Demo::new(db, calendar, now, public_base).await?;
        loaded.cases = demo.cases().await?;
    }
    Ok(loaded)
}

/// The stage a demo complaint is taken on at.
#[derive(Debug, Clone, Copy)]
enum Stage {
    One,
    Two,
}

/// A demo account, as the use cases take who is acting.
struct Person {
    caller: Caller,
    id: i32,
}

impl Person {
    fn who(&self) -> Who {
        self.caller.who()
    }
}

async fn person(db: &Db, email: &str) -> Result<Person, DemoError> {
    let account = accounts::find_by_email(db, email)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(Person {
        caller: Caller::person(&account),
        id: account.id,
    })
}

/// A demo customer's details. Someone who gave no e-mail address is written to by post.
fn customer(name: &str, phone: &str, email: Option<&str>, postcode: &str) -> CustomerDetails {
    CustomerDetails {
        name: name.to_owned(),
        describes_you: CustomerType::Tenant,
        phone: Some(PhoneNumber::parse(phone).expect("demo phone numbers are valid")),
        email: email.map(|e| EmailAddress::parse(e).expect("demo addresses are valid")),
        preferred_contact: Some(if email.is_some() {
            ContactMethod::Email
        } else {
            ContactMethod::Letter
        }),
        adjustments: Vec::new(),
        address: Some(format!("{} Harbour Court", name.len() + 3)),
        postcode: Some(postcode.to_owned()),
    }
}

/// One demo case's script: its customer, how and when it came, and what it says.
struct Script {
    label: &'static str,
    opening: Opening,
    channel: Channel,
    customer: CustomerChoice,
    /// Working days before today that it arrived.
    days_ago: u32,
    what: &'static str,
    outcomes: Option<&'static str>,
    about: Option<&'static str>,
}

/// A demo case as received.
struct Opened {
    label: &'static str,
    reference: domain::CaseReference,
}

/// A step as its form posts it, on the day it was taken.
struct Take {
    step: Step,
    on: NaiveDate,
    fields: StepFields,
}

/// The step `step` taken on `on` (the date its form asks for, where it asks for one).
fn take(step: Step, on: NaiveDate) -> Take {
    Take {
        step,
        on,
        fields: StepFields {
            on: date_parts(on),
            ..StepFields::default()
        },
    }
}

impl Take {
    fn person(mut self, person: &Person) -> Self {
        self.fields.person = Some(person.id.to_string());
        self
    }

    fn code(mut self, code: &str) -> Self {
        self.fields.code = Some(code.to_owned());
        self
    }

    fn text(mut self, text: &str) -> Self {
        self.fields.text = Some(text.to_owned());
        self
    }

    fn reason(mut self, reason: &str) -> Self {
        self.fields.reason = Some(reason.to_owned());
        self
    }

    fn to(mut self, date: NaiveDate) -> Self {
        self.fields.to = date_parts(date);
        self
    }
}

/// A point of a response, as its form posts it (`upheld`, `partly_upheld`, `not_upheld`).
fn point(point: &str, finding: &str, outcome: &str) -> PointAnswer {
    PointAnswer {
        point: Some(point.to_owned()),
        finding: Some(finding.to_owned()),
        outcome: Some(outcome.to_owned()),
    }
}

fn payment(amount: &str) -> PaymentAnswer {
    PaymentAnswer {
        amount: Some(amount.to_owned()),
        for_what: None,
    }
}

struct Demo<'a> {
    db: &'a Db,
    calendar: Calendar,
    now: DateTime<Utc>,
    today: NaiveDate,
    public_base: &'a str,
    rita: Person,
    mo: Person,
    chris: Person,
    hana: Person,
    ian: Person,
    sam: Person,
}

impl<'a> Demo<'a> {
    async fn new(
        db: &'a Db,
        calendar: Calendar,
        now: DateTime<Utc>,
        public_base: &'a str,
    ) -> Result<Self, DemoError> {
        Ok(Self {
            db,
            today: domain::london::to_london(now).date(),
            calendar,
            now,
            public_base,
            rita: person(db, "rita.resident@example.org").await?,
            mo: person(db, "mo.manager@example.org").await?,
            chris: person(db, "chris.complaints@example.org").await?,
            hana: person(db, "hana.head@example.org").await?,
            ian: person(db, "ian.panel@example.org").await?,
            sam: person(db, "sam.officer@example.org").await?,
        })
    }

    /// The working day `n` working days before today.
    fn ago(&self, n: u32) -> NaiveDate {
        let mut date = self.today;
        let mut left = n;
        while left > 0 {
            date = date
                .checked_sub_days(Days::new(1))
                .expect("a date after year 1");
            if self.calendar.is_working_day(date) {
                left -= 1;
            }
        }
        date
    }

    /// 09:30 UTC on a date: in working hours, before the 17:00 cut-off, whatever the season.
    fn morning(date: NaiveDate) -> DateTime<Utc> {
        date.and_hms_opt(9, 30, 0).expect("a valid time").and_utc()
    }

    /// When something done on `date` happened: that morning, or now for today.
    fn at(&self, date: NaiveDate) -> DateTime<Utc> {
        if date < self.today {
            Self::morning(date)
        } else {
            self.now
        }
    }

    /// The use cases' view of the world on `date`.
    fn on(&self, date: NaiveDate) -> Context<'_> {
        Context {
            db: self.db,
            calendar: &self.calendar,
            now: self.at(date),
            public_base: self.public_base,
        }
    }

    async fn open(&self, script: &Script) -> Result<Opened, DemoError> {
        let received_at = self.at(self.ago(script.days_ago));
        let mut details =
            CaseDetails::describing(Description::parse(script.what).expect("demo text is valid"));
        details.outcomes_sought = script.outcomes.map(str::to_owned);
        details.compliment_about = script.about.map(str::to_owned);
        details.when_happened = Some(self.ago(script.days_ago + 3));
        let recorded_by = match script.channel {
            Channel::OnlineForm => Who::customer("the customer"),
            _ => self.sam.who(),
        };
        let new = NewCase {
            channel: script.channel,
            received_at,
            customer: Some(script.customer.clone()),
            case: NewCase::initial_state(script.opening, received_at, &details, &self.calendar),
            details,
            recorded_by,
            linked_case: None,
            legacy_reference: None,
        };
        let created = cases::create(self.db, new, &self.calendar).await?;
        Ok(Opened {
            label: script.label,
            reference: created.reference,
        })
    }

    /// The case as `by` may see it on `ctx`'s day.
    async fn read(
        &self,
        ctx: Context<'_>,
        case: &Opened,
        by: &Person,
    ) -> Result<OnCase, DemoError> {
        let reached = service::cases::reach(
            ctx,
            &by.caller,
            &case.reference.to_string(),
            domain::access::Action::ViewCase,
        )
        .await
        .map_err(|e| refused(case.label, e))?;
        OnCase::read(ctx, &reached)
            .await
            .map_err(|e| refused(case.label, e))
    }

    /// Takes each step in turn, as the person with it takes it on the case page.
    async fn steps(&self, case: &Opened, steps: Vec<(&Person, Take)>) -> Result<(), DemoError> {
        for (by, step) in steps {
            let ctx = self.on(step.on);
            let on_case = self.read(ctx, case, by).await?;
            let version = on_case.stored.version;
            // On the heap: a step's future is large, and the demo is loaded on whatever
            // stack its caller has (a test's thread among them).
            Box::pin(service::steps::take(
                ctx,
                &by.caller,
                on_case,
                Some(version),
                step.step,
                step.fields,
                false,
                &service::redaction::PanelFile,
            ))
            .await
            .map_err(|e| refused(case.label, e))?;
        }
        Ok(())
    }

    /// A stage's written response on `on`; with `propose`, Stage 2's outcome written that
    /// day for the head of service to sign off.
    async fn respond(
        &self,
        case: &Opened,
        by: &Person,
        on: NaiveDate,
        mut fields: ResponseFields,
        propose: bool,
    ) -> Result<(), DemoError> {
        fields.on = date_parts(on);
        let ctx = self.on(on);
        let on_case = self.read(ctx, case, by).await?;
        let version = on_case.stored.version;
        Box::pin(service::respond::respond(
            ctx, &by.caller, on_case, version, fields, propose,
        ))
        .await
        .map_err(|e| refused(case.label, e))
    }

    /// A stage's first steps: Chris gives the case its owner `day` working days ago (at
    /// Stage 1 he accepts it with Mo as its handler; at Stage 2 he takes the review on
    /// himself); the owner gets in touch the next working day (`how`, with what was said)
    /// and acknowledges it the day after, with the complaint as we understand it.
    async fn taken_on(
        &self,
        case: &Opened,
        stage: Stage,
        day: u32,
        (how, said): (&str, &str),
        understanding: &str,
    ) -> Result<(), DemoError> {
        let (first, owner) = match stage {
            Stage::One => (Step::Accept, &self.mo),
            Stage::Two => (Step::AssignReviewer, &self.chris),
        };
        self.steps(
            case,
            vec![
                (&self.chris, take(first, self.ago(day)).person(owner)),
                (
                    owner,
                    take(Step::Contact, self.ago(day - 1)).code(how).text(said),
                ),
                (
                    owner,
                    take(Step::Acknowledge, self.ago(day - 2)).text(understanding),
                ),
            ],
        )
        .await
    }

    /// Chris writes the Stage 2 outcome `day` working days ago, Hana signs it off the next
    /// working day, and Chris sends it the day after.
    async fn outcome_signed_off(
        &self,
        case: &Opened,
        day: u32,
        outcome: ResponseFields,
    ) -> Result<(), DemoError> {
        self.respond(case, &self.chris, self.ago(day), outcome, true)
            .await?;
        self.steps(
            case,
            vec![
                (&self.hana, take(Step::SignOff, self.ago(day - 1))),
                (&self.chris, take(Step::Respond, self.ago(day - 2))),
            ],
        )
        .await
    }

    /// The day a complaint's current stage must be answered by.
    async fn response_due(&self, case: &Opened) -> Result<NaiveDate, DemoError> {
        let id = cases::find_id(self.db, &case.reference).await?;
        let stored = cases::load(self.db, id, &self.calendar).await?;
        stored
            .case
            .as_complaint()
            .and_then(|c| c.deadlines(&self.calendar))
            .map(|d| d.respond.due)
            .ok_or(DemoError::Step {
                case: case.label,
                message: "no response deadline".to_owned(),
            })
    }

    async fn cases(&self) -> Result<usize, DemoError> {
        let rita_details = CustomerDetails {
            name: "Rita Resident".into(),
            describes_you: CustomerType::Tenant,
            phone: Some(PhoneNumber::parse("07700 900001").expect("valid")),
            email: Some(EmailAddress::parse("rita.resident@example.org").expect("valid")),
            preferred_contact: Some(ContactMethod::Email),
            adjustments: vec![Adjustment::LargePrint, Adjustment::ExtraTime],
            address: Some("Flat 4, 12 Harbour Court".into()),
            postcode: Some("BS1 4QA".into()),
        };
        let rita_customer =
            storage::customers::create(self.db, Some(self.rita.id), &rita_details, self.now)
                .await?;
        let rita = CustomerChoice::Existing(rita_customer.id);
        let other =
            |name: &str, phone: &str, email: Option<&str>, postcode: &str| CustomerChoice::New {
                user_id: None,
                details: customer(name, phone, email, postcode),
            };
        let mut made = 0;
        let (mo, chris, ian, sam) = (&self.mo, &self.chris, &self.ian, &self.sam);

        // 1. Waiting for triage: arrived today.
        self.open(&Script {
            label: "received",
            opening: Opening::Complaint,
            channel: Channel::OnlineForm,
            customer: rita.clone(),
            days_ago: 0,
            what: "The communal door to my block has not locked for two weeks. I reported it twice and nobody has come.",
            outcomes: Some("Fix the door and tell me when it will be done."),
            about: None,
        })
        .await?;
        made += 1;

        // 2. Stage 1, contacted and acknowledged, the response due soon.
        let case = self
            .open(&Script {
                label: "stage 1",
                opening: Opening::Complaint,
                channel: Channel::OnlineForm,
                customer: rita.clone(),
                days_ago: 7,
                what: "Damp and black mould in the bedroom came back a month after the last treatment. My daughter has asthma.",
                outcomes: Some("A proper fix for the cause of the damp, and the room redecorated."),
                about: None,
            })
            .await?;
        self.taken_on(&case, Stage::One, 7, ("call", "Phoned Rita; agreed an inspection visit."), "Damp and black mould have come back in your bedroom a month after it was treated, and your daughter has asthma.")
            .await?;
        made += 1;

        // 3. Answered at Stage 1: Rita may ask for a review.
        let case = self
            .open(&Script {
                label: "stage 1 responded",
                opening: Opening::Complaint,
                channel: Channel::Email,
                customer: rita.clone(),
                days_ago: 16,
                what: "The repair to my kitchen tap was booked three times and each time nobody turned up.",
                outcomes: Some("An apology and the tap fixed."),
                about: None,
            })
            .await?;
        self.taken_on(&case, Stage::One, 16, ("email", "Emailed Rita to talk it through."), "Three appointments to repair your kitchen tap were booked, and nobody came to any of them.")
            .await?;
        let response = ResponseFields {
            outcome: Some("upheld".into()),
            definition: Some("Three repair appointments for the kitchen tap were missed.".into()),
            points: vec![point(
                "Three missed repair appointments",
                "Our contractor's schedule double-booked the operative on each date.",
                "upheld",
            )],
            apology: true,
            payments: vec![payment("50.00")],
            // Sam's to deliver: on his work queue, and reminded as it falls due.
            actions: vec![ActionAnswer {
                text: Some("Replace the kitchen tap and check the seal under the sink".into()),
                due: date_parts(self.calendar.add_working_days(self.today, 3)),
                owner: Some(sam.id.to_string()),
            }],
            learning: Some("Contractor scheduling: check capacity before confirming a slot".into()),
            ..ResponseFields::default()
        };
        self.respond(&case, mo, self.ago(4), response, false)
            .await?;
        made += 1;

        // 4. A service request, open.
        self.open(&Script {
            label: "service request",
            opening: Opening::ServiceRequest,
            channel: Channel::Phone,
            customer: rita.clone(),
            days_ago: 2,
            what: "The light in the stairwell between floors two and three is out.",
            outcomes: None,
            about: None,
        })
        .await?;
        made += 1;

        // 5. A compliment, passed on.
        let case = self
            .open(&Script {
                label: "compliment",
                opening: Opening::Compliment,
                channel: Channel::OnlineForm,
                customer: rita.clone(),
                days_ago: 10,
                what: "The caretaker cleared the snow from the paths before anyone else was up. Thank you.",
                outcomes: None,
                about: Some("The caretaking team at Harbour Court"),
            })
            .await?;
        self.steps(
            &case,
            vec![(
                sam,
                take(Step::PassOn, self.ago(9)).text("Passed to the caretaking team's supervisor."),
            )],
        )
        .await?;
        made += 1;

        // 6. Not accepted: a neighbour dispute belongs to the anti-social behaviour policy.
        let case = self
            .open(&Script {
                label: "not accepted",
                opening: Opening::Complaint,
                channel: Channel::Letter,
                customer: other("Norman Neighbour", "0117 496 0001", None, "BS2 8XJ"),
                days_ago: 12,
                what: "My neighbour plays loud music every night until 2am and will not stop.",
                outcomes: Some("Make them stop."),
                about: None,
            })
            .await?;
        self.steps(
            &case,
            vec![(
                chris,
                take(Step::NotAccept, self.ago(11))
                    .code(RefusalReason::AnotherPolicyFitsBetter.as_str())
                    .text("Noise from a neighbour is handled under our anti-social behaviour policy; we have passed it to the neighbourhood team, who will contact you."),
            )],
        )
        .await?;
        made += 1;

        // 7. Stage 1 extended, within the limit.
        let case = self
            .open(&Script {
                label: "extended",
                opening: Opening::Complaint,
                channel: Channel::Phone,
                customer: other(
                    "Priya Patel",
                    "07700 900222",
                    Some("priya.patel@example.org"),
                    "BS3 1AB",
                ),
                days_ago: 13,
                what: "The new windows fitted last year let in rain whenever it is windy. Water runs down the wall.",
                outcomes: Some("Replace or reseal the windows."),
                about: None,
            })
            .await?;
        self.taken_on(&case, Stage::One, 13, ("call", "Called Priya; she sent photos."), "Rain comes in through the windows fitted last year whenever it is windy, and runs down the wall.")
            .await?;
        let to = self
            .calendar
            .add_working_days(self.response_due(&case).await?, 5);
        self.steps(
            &case,
            vec![(
                mo,
                take(Step::Extend, self.ago(2))
                    .to(to)
                    .reason("The window manufacturer's surveyor can only visit next week."),
            )],
        )
        .await?;
        made += 1;

        // 8. Stage 1 overdue: contacted but never acknowledged.
        let case = self
            .open(&Script {
                label: "overdue",
                opening: Opening::Complaint,
                channel: Channel::SocialMedia,
                customer: other("Tom Okafor", "07700 900333", None, "BS5 9QP"),
                days_ago: 9,
                what: "Posted on your page: my boiler has been broken for ten days and I have a baby at home.",
                outcomes: Some("Heating back on now."),
                about: None,
            })
            .await?;
        self.steps(
            &case,
            vec![
                (chris, take(Step::Accept, self.ago(9)).person(mo)),
                (
                    mo,
                    take(Step::Contact, self.ago(8))
                        .code("call")
                        .text("Replied by direct message and phoned."),
                ),
            ],
        )
        .await?;
        made += 1;

        // 9. Stage 2 under way: Rita asked for a review, a reviewer took it, an involved
        // customer is invited.
        let case = self
            .open(&Script {
                label: "stage 2",
                opening: Opening::Complaint,
                channel: Channel::OnlineForm,
                customer: rita.clone(),
                days_ago: 30,
                what: "My request for a move to a ground-floor flat on medical grounds was closed without anyone reading my doctor's letter.",
                outcomes: Some("Look at the medical evidence and reassess my priority."),
                about: None,
            })
            .await?;
        self.taken_on(&case, Stage::One, 30, ("call", "Phoned Rita to hear what happened at the assessment."), "Your request to move to a ground-floor flat on medical grounds was closed without your doctor's letter being read.")
            .await?;
        let response = ResponseFields {
            outcome: Some("not_upheld".into()),
            definition: Some(
                "Rita's request for a move on medical grounds was decided without her medical evidence."
                    .into(),
            ),
            points: vec![point(
                "The medical evidence was not considered",
                "The assessment notes record the letter and the panel's decision on it.",
                "not_upheld",
            )],
            explanation: true,
            ..ResponseFields::default()
        };
        self.respond(&case, mo, self.ago(18), response, false)
            .await?;
        // Rita asks for the review herself, on her case page.
        let ctx = self.on(self.ago(6));
        let on_case = self.read(ctx, &case, &self.rita).await?;
        let version = on_case.stored.version;
        service::customer::ask_for_review(ctx, &self.rita.caller, on_case, version)
            .await
            .map_err(|e| refused(case.label, e))?;
        self.taken_on(
            &case,
            Stage::Two,
            6,
            (
                "call",
                "Spoke to Rita about what she wants the review to look at.",
            ),
            "You ask us to look again at your medical evidence and your priority for a move.",
        )
        .await?;
        // The complaints manager checks and approves the redacted file, then invites.
        let ctx = self.on(self.today);
        let reached = service::cases::reach(
            ctx,
            &chris.caller,
            &case.reference.to_string(),
            domain::access::Action::ApproveRedaction,
        )
        .await
        .map_err(|e| refused(case.label, e))?;
        service::redaction::approve_as_it_stands(ctx, &chris.caller, &reached)
            .await
            .map_err(|e| DemoError::Approval(e.to_string()))?;
        self.steps(
            &case,
            vec![(chris, take(Step::Invite, self.today).person(ian))],
        )
        .await?;
        made += 1;

        // 10. Closed after the Stage 2 response, signed off by the head of service.
        let case = self
            .open(&Script {
                label: "closed after review",
                opening: Opening::Complaint,
                channel: Channel::InPerson,
                customer: other(
                    "Grace Wilson",
                    "0117 496 0444",
                    Some("grace.wilson@example.org"),
                    "BS4 2LM",
                ),
                days_ago: 55,
                what: "I was charged for a replacement fridge-freezer that failed under warranty.",
                outcomes: Some("Refund the charge."),
                about: None,
            })
            .await?;
        let charged = "Charged for an appliance under warranty";
        self.taken_on(&case, Stage::One, 55, ("visit", "Met Grace at the office to go through the charge."), "You were charged for a replacement fridge-freezer that failed while it was under warranty.")
            .await?;
        let stage1 = ResponseFields {
            outcome: Some("not_upheld".into()),
            definition: Some("Grace was charged for a fridge-freezer under warranty.".into()),
            points: vec![point(
                charged,
                "The charge was for the call-out, which the warranty does not cover.",
                "not_upheld",
            )],
            explanation: true,
            ..ResponseFields::default()
        };
        self.respond(&case, mo, self.ago(44), stage1, false).await?;
        self.steps(
            &case,
            vec![(
                sam,
                take(Step::RecordReview, self.ago(35))
                    .text("Grace asked for a review at the office."),
            )],
        )
        .await?;
        self.taken_on(
            &case,
            Stage::Two,
            35,
            ("call", "Phoned Grace about what the review will look at."),
            "You ask us to look again at whether the warranty covered the call-out charge.",
        )
        .await?;
        let stage2 = ResponseFields {
            outcome: Some("upheld".into()),
            definition: Some(
                "Whether the warranty covered the call-out Grace was charged for.".into(),
            ),
            points: vec![point(
                charged,
                "The warranty terms do cover the call-out; the charge was wrong.",
                "upheld",
            )],
            apology: true,
            record_amended: true,
            payments: vec![payment("85.00")],
            learning: Some("Warranty terms: train the repairs desk".into()),
            ..ResponseFields::default()
        };
        self.outcome_signed_off(&case, 21, stage2).await?;
        made += 1;

        // 11. Withdrawn by the customer.
        let case = self
            .open(&Script {
                label: "withdrawn",
                opening: Opening::Complaint,
                channel: Channel::Email,
                customer: other(
                    "Alan Brooks",
                    "07700 900555",
                    Some("alan.brooks@example.org"),
                    "BS6 7DD",
                ),
                days_ago: 8,
                what: "The grass on the estate has not been cut this summer.",
                outcomes: None,
                about: None,
            })
            .await?;
        self.steps(
            &case,
            vec![
                (chris, take(Step::Accept, self.ago(8)).person(mo)),
                (
                    sam,
                    take(Step::Withdraw, self.ago(6))
                        .text("Alan phoned: the grass was cut on Monday, he is happy."),
                ),
            ],
        )
        .await?;
        made += 1;

        // 12. With the Housing Ombudsman: locked to ordinary actions.
        let case = self
            .open(&Script {
                label: "ombudsman",
                opening: Opening::Complaint,
                channel: Channel::Letter,
                customer: other("Mary Evans", "0117 496 0666", None, "BS7 3RT"),
                days_ago: 80,
                what: "Our roof leaked for eight months before it was repaired and our belongings were ruined.",
                outcomes: Some("Compensation for our belongings and the distress."),
                about: None,
            })
            .await?;
        self.taken_on(&case, Stage::One, 80, ("letter", "Wrote to Mrs Evans to arrange a visit."), "Your roof leaked for eight months before it was repaired, and your belongings were ruined.")
            .await?;
        let stage1 = ResponseFields {
            outcome: Some("partly_upheld".into()),
            definition: Some(
                "The roof repair took eight months and belongings were damaged.".into(),
            ),
            points: vec![point(
                "The roof repair took eight months",
                "Scaffolding delays were outside our control for three of them.",
                "partly_upheld",
            )],
            apology: true,
            payments: vec![payment("250.00")],
            ..ResponseFields::default()
        };
        self.respond(&case, mo, self.ago(68), stage1, false).await?;
        self.steps(
            &case,
            vec![(
                chris,
                take(Step::RecordReview, self.ago(60)).text("Mrs Evans wrote to ask for a review."),
            )],
        )
        .await?;
        self.taken_on(
            &case,
            Stage::Two,
            60,
            ("call", "Phoned Mrs Evans about the damaged belongings."),
            "You ask us to pay for the belongings the leak ruined, and for the distress.",
        )
        .await?;
        let stage2 = ResponseFields {
            outcome: Some("partly_upheld".into()),
            definition: Some("Compensation for the belongings the leak damaged.".into()),
            points: vec![point(
                "Compensation for damaged belongings",
                "Belongings are covered by the contents insurance we signposted.",
                "not_upheld",
            )],
            explanation: true,
            ..ResponseFields::default()
        };
        self.outcome_signed_off(&case, 42, stage2).await?;
        self.steps(
            &case,
            vec![(
                chris,
                take(Step::ReferOmbudsman, self.ago(10)).text("202612345"),
            )],
        )
        .await?;
        made += 1;

        // 13. A service request resolved, then the customer was unhappy: a linked complaint,
        // opened with the step.
        let case = self
            .open(&Script {
                label: "service request to complaint",
                opening: Opening::ServiceRequest,
                channel: Channel::Phone,
                customer: other("Leon Carter", "07700 900777", None, "BS8 1TH"),
                days_ago: 6,
                what: "Bins at the back of block C overflow every week.",
                outcomes: None,
                about: None,
            })
            .await?;
        self.steps(
            &case,
            vec![
                (
                    sam,
                    take(Step::Resolve, self.ago(4))
                        .text("An extra weekly collection from next month."),
                ),
                (
                    sam,
                    take(Step::Dissatisfied, self.ago(1)).code("complain").text(
                        "Leon says the bins overflowed again, even after the extra collection.",
                    ),
                ),
            ],
        )
        .await?;
        made += 2;

        // 14. Escalated straight to Stage 2 by agreement.
        let case = self
            .open(&Script {
                label: "escalated early",
                opening: Opening::Complaint,
                channel: Channel::Email,
                customer: other(
                    "Sofia Rossi",
                    "07700 900888",
                    Some("sofia.rossi@example.org"),
                    "BS9 4GH",
                ),
                days_ago: 5,
                what: "This is the third time I have complained about the lift; the last two answers said it was fixed and it was not.",
                outcomes: Some("A senior person to look at the whole history."),
                about: None,
            })
            .await?;
        self.steps(
            &case,
            vec![
                (chris, take(Step::Accept, self.ago(5)).person(mo)),
                (
                    mo,
                    take(Step::Contact, self.ago(4))
                        .code("email")
                        .text("Emailed Sofia about the lift's history."),
                ),
                (
                    chris,
                    take(Step::EscalateEarly, self.ago(3)).reason(
                        "Two Stage 1 answers on the same lift already; Sofia agreed a review is the right next step.",
                    ),
                ),
            ],
        )
        .await?;
        made += 1;

        Ok(made)
    }
}
