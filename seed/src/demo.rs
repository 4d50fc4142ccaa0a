//! Demo data for trying Putright out: a fictional landlord with one account for each role
//! (all with the password [`DEMO_PASSWORD`], and for staff the authenticator key
//! [`DEMO_TOTP_SECRET`]) and cases in every state of the lifecycle,
//! dated around today so that deadlines are live. Never load it into a real database.
//!
//! The cases are made the way staff would make them: each is received, then taken through
//! the procedure by the domain's own transitions, and every step lands on its timeline.
//! Loading again adds no accounts, and adds cases only to a database that has none.

use chrono::{DateTime, Days, NaiveDate, Utc};
use domain::eligibility::Eligibility;
use domain::form::{Adjustment, ContactMethod, CustomerType, EmailAddress, PhoneNumber};
use domain::lifecycle::{
    ComplaintChoice, CustomerAgreement, Outcome, PointFinding, RecordedReason, RefusalReason,
    Remedy, StageResponse,
};
use domain::{
    Actor, Calendar, Case, Channel, Description, Event, Money, Receipt, Role, TimelineItem,
};
use storage::cases::{self, CaseDetails, CaseId, CustomerChoice, NewCase, Opening, Who};
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

/// What loading added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub accounts: usize,
    pub cases: usize,
}

/// Loads the demo data.
pub async fn load(db: &Db, now: DateTime<Utc>) -> Result<Loaded, DemoError> {
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
        let demo = Demo::new(db, calendar, now).await?;
        loaded.cases = demo.cases().await?;
    }
    Ok(loaded)
}

struct Person {
    actor: Actor,
    who: Who,
}

struct Demo<'a> {
    db: &'a Db,
    calendar: Calendar,
    now: DateTime<Utc>,
    today: NaiveDate,
    rita: i32,
    mo: Person,
    chris: Person,
    hana: Person,
    ian: Person,
    sam: Person,
}

async fn person(db: &Db, email: &str) -> Result<Person, DemoError> {
    let account = accounts::find_by_email(db, email)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(Person {
        actor: Actor::new(account.id.to_string(), account.role),
        who: Who::account(account.id, account.role, &account.display_name),
    })
}

fn text(s: &str) -> RecordedReason {
    RecordedReason::parse(s).expect("demo reasons are valid")
}

fn customer(name: &str, phone: &str, email: Option<&str>, postcode: &str) -> CustomerDetails {
    CustomerDetails {
        name: name.to_owned(),
        describes_you: CustomerType::Tenant,
        phone: Some(PhoneNumber::parse(phone).expect("demo phone numbers are valid")),
        email: email.map(|e| EmailAddress::parse(e).expect("demo addresses are valid")),
        preferred_contact: Some(if email.is_some() {
            ContactMethod::Email
        } else {
            ContactMethod::Phone
        }),
        adjustments: Vec::new(),
        address: Some(format!("{} Harbour Court", name.len() + 3)),
        postcode: Some(postcode.to_owned()),
    }
}

/// One demo case's script: its customer, how and when it came, what it says, and the
/// steps taken since.
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

impl<'a> Demo<'a> {
    async fn new(db: &'a Db, calendar: Calendar, now: DateTime<Utc>) -> Result<Self, DemoError> {
        let rita = accounts::find_by_email(db, "rita.resident@example.org")
            .await?
            .ok_or(StorageError::NotFound)?
            .id;
        Ok(Self {
            db,
            today: domain::london::to_london(now).date(),
            calendar,
            now,
            rita,
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

    /// 10:30 London time on a date (before the 17:00 cut-off, whatever the season).
    fn morning(date: NaiveDate) -> DateTime<Utc> {
        date.and_hms_opt(9, 30, 0).expect("a valid time").and_utc()
    }

    async fn open(&self, script: &Script) -> Result<(CaseId, Case, i32), DemoError> {
        let received_at = Self::morning(self.ago(script.days_ago));
        let mut details =
            CaseDetails::describing(Description::parse(script.what).expect("demo text is valid"));
        details.outcomes_sought = script.outcomes.map(str::to_owned);
        details.compliment_about = script.about.map(str::to_owned);
        details.when_happened = Some(self.ago(script.days_ago + 3));
        let recorded_by = match script.channel {
            Channel::OnlineForm => Who::customer("the customer"),
            _ => Who {
                ..self.sam.who.clone()
            },
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
        let stored = cases::load(self.db, created.id, &self.calendar).await?;
        Ok((created.id, stored.case, stored.version))
    }

    async fn save(
        &self,
        label: &'static str,
        id: CaseId,
        version: i32,
        case: &Case,
        steps: Vec<(Who, Result<Event, domain::TransitionError>, Option<&str>)>,
    ) -> Result<(), DemoError> {
        let mut entries = Vec::new();
        for (who, step, note) in steps {
            let event = step.map_err(|e| DemoError::Step {
                case: label,
                message: e.to_string(),
            })?;
            entries.push((
                who,
                TimelineItem::Transition {
                    event,
                    note: note.map(str::to_owned),
                },
            ));
        }
        cases::save(
            self.db,
            id,
            version,
            case,
            &entries,
            self.now,
            &self.calendar,
        )
        .await?;
        Ok(())
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
            storage::customers::create(self.db, Some(self.rita), &rita_details, self.now).await?;
        let rita = CustomerChoice::Existing(rita_customer.id);
        let other =
            |name: &str, phone: &str, email: Option<&str>, postcode: &str| CustomerChoice::New {
                user_id: None,
                details: customer(name, phone, email, postcode),
            };
        let mut made = 0;
        let (mo, chris, hana, ian, sam) = (&self.mo, &self.chris, &self.hana, &self.ian, &self.sam);

        // 1. Waiting for triage: arrived today.
        let s = Script {
            label: "received",
            opening: Opening::Complaint,
            channel: Channel::OnlineForm,
            customer: rita.clone(),
            days_ago: 0,
            what: "The communal door to my block has not locked for two weeks. I reported it twice and nobody has come.",
            outcomes: Some("Fix the door and tell me when it will be done."),
            about: None,
        };
        self.open(&s).await?;
        made += 1;

        // 2. Stage 1, contacted and acknowledged, the response due soon.
        let s = Script {
            label: "stage 1",
            opening: Opening::Complaint,
            channel: Channel::OnlineForm,
            customer: rita.clone(),
            days_ago: 7,
            what: "Damp and black mould in the bedroom came back a month after the last treatment. My daughter has asthma.",
            outcomes: Some("A proper fix for the cause of the damp, and the room redecorated."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(7), Eligibility::Unknown, None),
                None,
            ),
            (
                mo.who.clone(),
                c.record_contact(self.ago(6)),
                Some("Phoned Rita; agreed an inspection visit."),
            ),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(5)), None),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 3. Answered at Stage 1: Rita may ask for a review.
        let s = Script {
            label: "stage 1 responded",
            opening: Opening::Complaint,
            channel: Channel::Email,
            customer: rita.clone(),
            days_ago: 16,
            what: "The repair to my kitchen tap was booked three times and each time nobody turned up.",
            outcomes: Some("An apology and the tap fixed."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let response = StageResponse::new(
            Outcome::Upheld,
            vec![PointFinding {
                point: "Three missed repair appointments".into(),
                finding: "Our contractor's schedule double-booked the operative on each date."
                    .into(),
                outcome: Outcome::Upheld,
            }],
            vec![
                Remedy::Apology,
                Remedy::Compensation {
                    amount: Money::parse("50.00").expect("valid"),
                    for_what: None,
                },
                // Sam's to deliver: on his work queue, and reminded as it falls due.
                Remedy::Action {
                    description: "Replace the kitchen tap and check the seal under the sink".into(),
                    due: self.calendar.add_working_days(self.today, 3),
                    owner: self.sam.actor.id.clone(),
                },
            ],
            Some("Contractor scheduling: check capacity before confirming a slot".into()),
        )
        .expect("a valid response");
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(16), Eligibility::Unknown, None),
                None,
            ),
            (
                mo.who.clone(),
                c.record_contact(self.ago(15)),
                Some("Emailed Rita to talk it through."),
            ),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(14)), None),
            (
                mo.who.clone(),
                c.respond(&mo.actor, self.ago(4), response),
                None,
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 4. A service request, open.
        let s = Script {
            label: "service request",
            opening: Opening::ServiceRequest,
            channel: Channel::Phone,
            customer: rita.clone(),
            days_ago: 2,
            what: "The light in the stairwell between floors two and three is out.",
            outcomes: None,
            about: None,
        };
        self.open(&s).await?;
        made += 1;

        // 5. A compliment, passed on.
        let s = Script {
            label: "compliment",
            opening: Opening::Compliment,
            channel: Channel::OnlineForm,
            customer: rita.clone(),
            days_ago: 10,
            what: "The caretaker cleared the snow from the paths before anyone else was up. Thank you.",
            outcomes: None,
            about: Some("The caretaking team at Harbour Court"),
        };
        let (id, mut case, v) = self.open(&s).await?;
        let Case::Compliment(c) = &mut case else {
            unreachable!("a compliment")
        };
        let steps = vec![(sam.who.clone(), c.pass_on(self.ago(9)), None)];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 6. Not accepted: a neighbour dispute belongs to the anti-social behaviour policy.
        let s = Script {
            label: "not accepted",
            opening: Opening::Complaint,
            channel: Channel::Letter,
            customer: other("Norman Neighbour", "0117 496 0001", None, "BS2 8XJ"),
            days_ago: 12,
            what: "My neighbour plays loud music every night until 2am and will not stop.",
            outcomes: Some("Make them stop."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let steps = vec![(
            chris.who.clone(),
            c.not_accept(
                self.ago(11),
                RefusalReason::AnotherPolicyFitsBetter,
                text("Noise from a neighbour is handled under our anti-social behaviour policy; we have passed it to the neighbourhood team, who will contact you."),
            ),
            None,
        )];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 7. Stage 1 extended, within the limit.
        let s = Script {
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
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let mut steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(13), Eligibility::Unknown, None),
                None,
            ),
            (
                mo.who.clone(),
                c.record_contact(self.ago(12)),
                Some("Called Priya; she sent photos."),
            ),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(11)), None),
        ];
        let due = c.deadlines(&self.calendar).expect("in stage 1").respond.due;
        let to = self.calendar.add_working_days(due, 5);
        steps.push((
            mo.who.clone(),
            c.extend(
                &self.calendar,
                &mo.actor,
                self.ago(2),
                to,
                text("The window manufacturer's surveyor can only visit next week."),
                None,
            ),
            None,
        ));
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 8. Stage 1 overdue: contacted but never acknowledged.
        let s = Script {
            label: "overdue",
            opening: Opening::Complaint,
            channel: Channel::SocialMedia,
            customer: other("Tom Okafor", "07700 900333", None, "BS5 9QP"),
            days_ago: 9,
            what: "Posted on your page: my boiler has been broken for ten days and I have a baby at home.",
            outcomes: Some("Heating back on now."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(9), Eligibility::Unknown, None),
                None,
            ),
            (
                mo.who.clone(),
                c.record_contact(self.ago(8)),
                Some("Replied by direct message and phoned."),
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 9. Stage 2 under way: reviewer assigned, an involved customer invited.
        let s = Script {
            label: "stage 2",
            opening: Opening::Complaint,
            channel: Channel::OnlineForm,
            customer: rita.clone(),
            days_ago: 30,
            what: "My request for a move to a ground-floor flat on medical grounds was closed without anyone reading my doctor's letter.",
            outcomes: Some("Look at the medical evidence and reassess my priority."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let response = StageResponse::new(
            Outcome::NotUpheld,
            vec![PointFinding {
                point: "The medical evidence was not considered".into(),
                finding: "The assessment notes record the letter and the panel's decision on it."
                    .into(),
                outcome: Outcome::NotUpheld,
            }],
            vec![],
            None,
        )
        .expect("a valid response");
        let review = Receipt::new(
            Self::morning(self.ago(6)),
            domain::policy::POLICY_2024.cut_off,
            &self.calendar,
        );
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(30), Eligibility::Unknown, None),
                None,
            ),
            (mo.who.clone(), c.record_contact(self.ago(29)), None),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(28)), None),
            (
                mo.who.clone(),
                c.respond(&mo.actor, self.ago(18), response),
                None,
            ),
            (
                Who::account(self.rita, Role::Resident, "Rita Resident"),
                c.request_review(&review),
                None,
            ),
            (chris.who.clone(), c.assign_reviewer(&chris.actor), None),
            (
                chris.who.clone(),
                c.record_contact(self.ago(5)),
                Some("Spoke to Rita about what she wants the review to look at."),
            ),
            (
                chris.who.clone(),
                c.acknowledge(&chris.actor, self.ago(4)),
                None,
            ),
            (
                chris.who.clone(),
                c.invite_involved_customer(&ian.actor),
                None,
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        let ian_id = ian.who.user_id.expect("an account");
        // The complaints manager checked and approved the redacted file before inviting.
        let calendar = storage::reference::calendar(self.db).await?;
        let stored = cases::load(self.db, id, &calendar).await?;
        app::redaction::approve_as_it_stands(self.db, &calendar, &stored, &chris.who, self.now)
            .await
            .map_err(|e| DemoError::Approval(e.to_string()))?;
        storage::invitations::invite(self.db, id, ian_id, chris.who.user_id, None, self.now)
            .await?;
        made += 1;

        // 10. Closed after the Stage 2 response, signed off by the head of service.
        let s = Script {
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
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let stage1 = StageResponse::new(
            Outcome::NotUpheld,
            vec![PointFinding {
                point: "Charged for an appliance under warranty".into(),
                finding: "The charge was for the call-out, which the warranty does not cover."
                    .into(),
                outcome: Outcome::NotUpheld,
            }],
            vec![],
            None,
        )
        .expect("valid");
        let stage2 = StageResponse::new(
            Outcome::Upheld,
            vec![PointFinding {
                point: "Charged for an appliance under warranty".into(),
                finding: "The warranty terms do cover the call-out; the charge was wrong.".into(),
                outcome: Outcome::Upheld,
            }],
            vec![
                Remedy::Apology,
                Remedy::Compensation {
                    amount: Money::parse("85.00").expect("valid"),
                    for_what: None,
                },
                Remedy::RecordAmended,
            ],
            Some("Warranty terms: train the repairs desk".into()),
        )
        .expect("valid");
        let review = Receipt::new(
            Self::morning(self.ago(35)),
            domain::policy::POLICY_2024.cut_off,
            &self.calendar,
        );
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(55), Eligibility::Unknown, None),
                None,
            ),
            (mo.who.clone(), c.record_contact(self.ago(54)), None),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(53)), None),
            (
                mo.who.clone(),
                c.respond(&mo.actor, self.ago(44), stage1),
                None,
            ),
            (
                sam.who.clone(),
                c.request_review(&review),
                Some("Grace asked for a review at the office."),
            ),
            (chris.who.clone(), c.assign_reviewer(&chris.actor), None),
            (Who::customer("Grace Wilson"), c.decline_involvement(), None),
            (chris.who.clone(), c.record_contact(self.ago(34)), None),
            (
                chris.who.clone(),
                c.acknowledge(&chris.actor, self.ago(33)),
                None,
            ),
            (
                chris.who.clone(),
                c.propose_outcome(&chris.actor, stage2.clone()),
                None,
            ),
            (
                hana.who.clone(),
                c.sign_off(&hana.actor, self.ago(20)),
                None,
            ),
            (
                chris.who.clone(),
                c.respond(&chris.actor, self.ago(19), stage2),
                None,
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 11. Withdrawn by the customer.
        let s = Script {
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
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(8), Eligibility::Unknown, None),
                None,
            ),
            (
                sam.who.clone(),
                c.withdraw(self.ago(6)),
                Some("Alan phoned: the grass was cut on Monday, he is happy."),
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 12. With the Housing Ombudsman: locked to ordinary actions.
        let s = Script {
            label: "ombudsman",
            opening: Opening::Complaint,
            channel: Channel::Letter,
            customer: other("Mary Evans", "0117 496 0666", None, "BS7 3RT"),
            days_ago: 80,
            what: "Our roof leaked for eight months before it was repaired and our belongings were ruined.",
            outcomes: Some("Compensation for our belongings and the distress."),
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let stage1 = StageResponse::new(
            Outcome::PartlyUpheld,
            vec![PointFinding {
                point: "The roof repair took eight months".into(),
                finding: "Scaffolding delays were outside our control for three of them.".into(),
                outcome: Outcome::PartlyUpheld,
            }],
            vec![
                Remedy::Apology,
                Remedy::Compensation {
                    amount: Money::parse("250.00").expect("valid"),
                    for_what: None,
                },
            ],
            None,
        )
        .expect("valid");
        let stage2 = StageResponse::new(
            Outcome::PartlyUpheld,
            vec![PointFinding {
                point: "Compensation for damaged belongings".into(),
                finding: "Belongings are covered by the contents insurance we signposted.".into(),
                outcome: Outcome::NotUpheld,
            }],
            vec![Remedy::Explanation],
            None,
        )
        .expect("valid");
        let review = Receipt::new(
            Self::morning(self.ago(60)),
            domain::policy::POLICY_2024.cut_off,
            &self.calendar,
        );
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(80), Eligibility::Unknown, None),
                None,
            ),
            (mo.who.clone(), c.record_contact(self.ago(79)), None),
            (mo.who.clone(), c.acknowledge(&mo.actor, self.ago(78)), None),
            (
                mo.who.clone(),
                c.respond(&mo.actor, self.ago(68), stage1),
                None,
            ),
            (chris.who.clone(), c.request_review(&review), None),
            (chris.who.clone(), c.assign_reviewer(&chris.actor), None),
            (chris.who.clone(), c.record_contact(self.ago(59)), None),
            (
                chris.who.clone(),
                c.acknowledge(&chris.actor, self.ago(58)),
                None,
            ),
            (
                chris.who.clone(),
                c.propose_outcome(&chris.actor, stage2.clone()),
                None,
            ),
            (
                hana.who.clone(),
                c.sign_off(&hana.actor, self.ago(41)),
                None,
            ),
            (
                chris.who.clone(),
                c.respond(&chris.actor, self.ago(40), stage2),
                None,
            ),
            (
                chris.who.clone(),
                c.refer_to_ombudsman(
                    self.ago(10),
                    domain::ombudsman::TheirReference::parse("202612345").map_err(|e| {
                        DemoError::Step {
                            case: s.label,
                            message: e.to_string(),
                        }
                    })?,
                ),
                None,
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        // 13. A service request resolved, then the customer was unhappy: a linked complaint.
        let s = Script {
            label: "service request to complaint",
            opening: Opening::ServiceRequest,
            channel: Channel::Phone,
            customer: other("Leon Carter", "07700 900777", None, "BS8 1TH"),
            days_ago: 6,
            what: "Bins at the back of block C overflow every week.",
            outcomes: None,
            about: None,
        };
        let (id, mut case, v) = self.open(&s).await?;
        let Case::ServiceRequest(sr) = &mut case else {
            unreachable!("a service request")
        };
        let steps = vec![
            (
                sam.who.clone(),
                sr.resolve(self.ago(4)),
                Some("Agreed an extra weekly collection from next month."),
            ),
            (
                sam.who.clone(),
                sr.record_dissatisfaction(self.ago(1), ComplaintChoice::MakeComplaint),
                Some("Leon says the bins overflowed again."),
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        let stored = cases::load(self.db, id, &self.calendar).await?;
        let received_at = Self::morning(self.ago(1));
        let details = CaseDetails {
            outcomes_sought: Some("Collections that keep up with the bins.".into()),
            ..stored.details.clone()
        };
        let new = NewCase {
            channel: Channel::Phone,
            received_at,
            customer: stored
                .customer
                .as_ref()
                .map(|c| CustomerChoice::Existing(c.id)),
            case: NewCase::initial_state(Opening::Complaint, received_at, &details, &self.calendar),
            details,
            recorded_by: sam.who.clone(),
            linked_case: Some(id),
            legacy_reference: None,
        };
        cases::create(self.db, new, &self.calendar).await?;
        made += 2;

        // 14. Escalated straight to Stage 2 by agreement.
        let s = Script {
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
        };
        let (id, mut case, v) = self.open(&s).await?;
        let c = complaint(&mut case);
        let agreement = CustomerAgreement {
            agreed_on: self.ago(3),
            reason: text(
                "Two Stage 1 answers on the same lift already; Sofia agreed a review is the right next step.",
            ),
        };
        let escalation = Receipt::new(
            Self::morning(self.ago(3)),
            domain::policy::POLICY_2024.cut_off,
            &self.calendar,
        );
        let steps = vec![
            (
                chris.who.clone(),
                c.accept(&mo.actor, self.ago(5), Eligibility::Unknown, None),
                None,
            ),
            (mo.who.clone(), c.record_contact(self.ago(4)), None),
            (
                chris.who.clone(),
                c.escalate_early(agreement, &escalation),
                None,
            ),
        ];
        self.save(s.label, id, v, &case, steps).await?;
        made += 1;

        Ok(made)
    }
}

fn complaint(case: &mut Case) -> &mut domain::Complaint {
    match case {
        Case::Complaint(c) => c,
        _ => unreachable!("the demo script opened a complaint"),
    }
}
