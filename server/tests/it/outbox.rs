//! The outbox and the mail worker, against the real server on port 0 and a real SMTP server
//! on localhost that each test starts: a letter is queued with the step that issues it and
//! sent once; a temporary refusal is tried again later, a permanent one recorded; two
//! workers never send a message twice; deadline warnings go to the handler, then their
//! manager, then the complaints manager, each once; the daily digest; and the outbox page
//! and each person's warnings are theirs alone. Every test runs on SQLite, and again on
//! PostgreSQL when `PUTRIGHT_TEST_DATABASE_URL` is set.

use crate::support;

use chrono::{DateTime, Duration, TimeZone, Utc};
use domain::Channel;
use reqwest::{StatusCode, header};
use server::mail::{Delivery, Mailer, deliver_due, scan};
use storage::cases::{CaseId, Opening};
use storage::outbox::{Message, MessageState, NewMessage};
use storage::test_support::backends;
use support::smtp::SmtpSink;
use support::*;

const PASSWORD: &str = server::demo::DEMO_PASSWORD;
const FROM: &str = "Putright complaints <complaints@example.org>";

struct World {
    app: TestApp,
    db: storage::Db,
    calendar: domain::Calendar,
    chris: String,
    /// The last message the demo data queued: each test looks only at what it makes.
    since: i64,
}

impl World {
    async fn start(backend: &'static str) -> Self {
        let app = spawn_demo_app(backend).await;
        let db = app.db().await;
        // The demo's letters went out with their steps, before any test begins.
        let sink = SmtpSink::start(&[]).await.expect("an SMTP sink");
        while deliver_due(&db, &mailer(&sink), now())
            .await
            .expect("the demo's mail sent")
            .sent
            > 0
        {}
        let since = storage::outbox::newest(&db, 10_000)
            .await
            .expect("outbox")
            .iter()
            .map(|m| m.id)
            .max()
            .unwrap_or(0);
        let calendar = storage::reference::calendar(&db).await.expect("calendar");
        let chris = session_for(&app, "chris.complaints@example.org", PASSWORD).await;
        Self {
            app,
            db,
            calendar,
            chris,
            since,
        }
    }

    async fn stop(self) {
        self.db.close().await.expect("closed");
        self.app.stop().await;
    }

    async fn id_of(&self, email: &str) -> i32 {
        storage::accounts::find_by_email(&self.db, email)
            .await
            .expect("query")
            .expect("account")
            .id
    }

    /// A complaint from Pat, who gave an e-mail address, received at `at`.
    /// A complaint from Pat, who chose e-mail.
    async fn complaint(&self, at: DateTime<Utc>) -> (CaseId, String) {
        self.complaint_from(at, Some(domain::form::ContactMethod::Email), Vec::new())
            .await
    }

    async fn complaint_from(
        &self,
        at: DateTime<Utc>,
        preferred_contact: Option<domain::form::ContactMethod>,
        adjustments: Vec<domain::form::Adjustment>,
    ) -> (CaseId, String) {
        let pat = storage::customers::CustomerDetails {
            email: Some(
                domain::form::EmailAddress::parse("pat.caller@example.org").expect("email"),
            ),
            preferred_contact,
            adjustments,
            ..pat_caller()
        };
        new_case_for(
            &self.db,
            &self.calendar,
            Opening::Complaint,
            Channel::Email,
            at,
            pat,
            "The bathroom extractor fan has not worked since May",
        )
        .await
    }

    /// A staff step by the complaints manager, dated today.
    async fn step(&self, id: CaseId, reference: &str, step: &str, extra: &[(&str, &str)]) {
        let version = storage::cases::load(&self.db, id, &self.calendar)
            .await
            .expect("load")
            .version
            .to_string();
        let (d, m, y) = today_parts();
        let mut fields = vec![
            ("reference", reference),
            ("version", version.as_str()),
            ("step", step),
            ("on_day", d.as_str()),
            ("on_month", m.as_str()),
            ("on_year", y.as_str()),
        ];
        fields.extend_from_slice(extra);
        let response = self
            .app
            .client
            .post(self.app.url("/api/take_step"))
            .header(header::COOKIE, &self.chris)
            .form(&fields)
            .send()
            .await
            .expect("request");
        let status = response.status();
        assert!(
            status.is_success() || status.is_redirection(),
            "{step}: {status} {}",
            response.text().await.unwrap_or_default()
        );
    }

    /// The messages queued since the demo data, the newest first.
    async fn messages(&self) -> Vec<Message> {
        let mut messages = storage::outbox::newest(&self.db, 10_000)
            .await
            .expect("outbox");
        messages.retain(|m| m.id > self.since);
        messages
    }

    async fn messages_for(&self, id: CaseId) -> Vec<Message> {
        self.messages()
            .await
            .into_iter()
            .filter(|m| m.case_id == Some(id))
            .collect()
    }
}

fn mailer(sink: &SmtpSink) -> Mailer {
    Mailer::new(&sink.url(), FROM).expect("mailer")
}

fn staff_message(key: &str) -> NewMessage {
    NewMessage {
        dedupe_key: key.to_owned(),
        case_id: None,
        to_user_id: None,
        to_email: Some(format!("{key}@example.org")),
        to_name: Some("Sam Officer".into()),
        subject: format!("Message {key}"),
        body: "Hello".into(),
    }
}

#[tokio::test]
async fn a_letter_is_queued_with_the_step_that_issues_it_and_sent_once() {
    for backend in backends() {
        let w = World::start(backend).await;
        let (id, reference) = w.complaint(now()).await;
        let mo = w.id_of("mo.manager@example.org").await.to_string();
        w.step(id, &reference, "accept", &[("person", &mo)]).await;
        assert!(
            w.messages_for(id).await.is_empty(),
            "{backend}: no letter yet"
        );
        w.step(
            id,
            &reference,
            "acknowledge",
            &[(
                "text",
                "The extractor fan is broken and has not been repaired",
            )],
        )
        .await;
        let queued = w.messages_for(id).await;
        assert_eq!(queued.len(), 1, "{backend}: {queued:?}");
        let letter = &queued[0];
        assert!(letter.dedupe_key.starts_with("letter:"), "{backend}");
        assert_eq!(letter.to_email.as_deref(), Some("pat.caller@example.org"));
        assert_eq!(letter.state, MessageState::Pending);
        assert!(letter.body.contains(&reference), "{backend}");

        let sink = SmtpSink::start(&[]).await.expect("an SMTP sink");
        let mailer = mailer(&sink);
        let first = deliver_due(&w.db, &mailer, now()).await.expect("sent");
        assert_eq!(first.sent, 1, "{backend}: {first:?}");
        let again = deliver_due(&w.db, &mailer, now() + Duration::hours(1))
            .await
            .expect("nothing");
        assert_eq!(again, Delivery::default(), "{backend}");
        let received = sink.received();
        assert_eq!(received.len(), 1, "{backend}: sent once");
        assert_eq!(received[0].to, ["<pat.caller@example.org>"], "{backend}");
        assert!(
            received[0].data.contains(&letter.subject),
            "{backend}: {}",
            received[0].data
        );
        assert!(received[0].data.contains("complaints@example.org"));
        assert_eq!(
            received[0].message_id(),
            Some(
                format!(
                    "<putright.{}.{}@example.org>",
                    letter.id,
                    letter.created_at.timestamp_micros()
                )
                .as_str()
            ),
            "{backend}: the same on every attempt, so a message seen twice can be told"
        );
        let sent = &w.messages_for(id).await[0];
        assert_eq!(sent.state, MessageState::Sent, "{backend}");
        assert!(sent.sent_at.is_some(), "{backend}");
        w.stop().await;
    }
}

#[tokio::test]
async fn letters_are_e_mailed_only_to_those_who_chose_e_mail_and_a_call_is_noted_for_phone() {
    use domain::form::{Adjustment, ContactMethod};
    for backend in backends() {
        let w = World::start(backend).await;
        let mo = w.id_of("mo.manager@example.org").await.to_string();
        for (preferred, adjustments, phoned) in [
            (Some(ContactMethod::Letter), Vec::new(), false),
            (None, Vec::new(), false),
            (
                Some(ContactMethod::Email),
                vec![Adjustment::PhoneNotLetters],
                true,
            ),
            (Some(ContactMethod::Phone), Vec::new(), true),
        ] {
            let (id, reference) = w
                .complaint_from(now(), preferred, adjustments.clone())
                .await;
            w.step(id, &reference, "accept", &[("person", &mo)]).await;
            w.step(
                id,
                &reference,
                "acknowledge",
                &[("text", "The fan is broken")],
            )
            .await;
            let why = format!("{backend}: {preferred:?} {adjustments:?}");
            assert!(w.messages_for(id).await.is_empty(), "{why}: no e-mail");
            assert_eq!(
                storage::letters::for_case(&w.db, id)
                    .await
                    .expect("letters")
                    .len(),
                1,
                "{why}: the letter is kept on the case"
            );
            let timeline = storage::cases::timeline(&w.db, id, false)
                .await
                .expect("timeline");
            let noted = timeline.iter().any(|e| {
                matches!(&e.item, domain::TimelineItem::Note { text } if text.starts_with("Phone the customer to go through the letter"))
            });
            assert_eq!(noted, phoned, "{why}: a call to go through it");
        }
        w.stop().await;
    }
}

#[tokio::test]
async fn a_representative_with_confirmed_authority_is_sent_a_copy_of_each_letter() {
    use storage::representatives::{NewRepresentative, confirm, name};
    for backend in backends() {
        let w = World::start(backend).await;
        let mo = w.id_of("mo.manager@example.org").await.to_string();
        let (id, reference) = w.complaint(now()).await;
        let named = |who: &str, contact: &str| NewRepresentative {
            user_id: None,
            name: who.to_owned(),
            relationship: Some("Daughter".into()),
            contact: Some(contact.to_owned()),
        };
        let customer = storage::cases::Who::customer("Pat Caller");
        // Ann's authority is confirmed; Bob's is not yet; Cy gave only a phone number.
        let ann = name(
            &w.db,
            id,
            &named("Ann Caller", "ann@example.org"),
            &customer,
            now(),
        )
        .await
        .expect("named");
        name(
            &w.db,
            id,
            &named("Bob Caller", "bob@example.org"),
            &customer,
            now(),
        )
        .await
        .expect("named");
        let cy = name(
            &w.db,
            id,
            &named("Cy Caller", "07700 900999"),
            &customer,
            now(),
        )
        .await
        .expect("named");
        for r in [&ann, &cy] {
            confirm(&w.db, r.id, &storage::cases::Who::system(), now())
                .await
                .expect("confirmed");
        }
        w.step(id, &reference, "accept", &[("person", &mo)]).await;
        w.step(
            id,
            &reference,
            "acknowledge",
            &[("text", "The fan is broken")],
        )
        .await;
        let mut sent_to: Vec<String> = w
            .messages_for(id)
            .await
            .into_iter()
            .filter_map(|m| m.to_email)
            .collect();
        sent_to.sort();
        assert_eq!(
            sent_to,
            ["ann@example.org", "pat.caller@example.org"],
            "{backend}: the customer, and a copy for Ann only"
        );
        w.stop().await;
    }
}

#[tokio::test]
async fn a_temporary_refusal_is_tried_again_later_and_a_permanent_one_is_recorded() {
    for backend in backends() {
        let w = World::start(backend).await;
        let now = now();
        storage::outbox::enqueue(&w.db, &staff_message("later"), now)
            .await
            .expect("queued");
        let sink = SmtpSink::start(&["451 4.3.0 Mailbox busy, try again later"])
            .await
            .expect("an SMTP sink");
        let mailer = mailer(&sink);
        let first = deliver_due(&w.db, &mailer, now).await.expect("round");
        assert_eq!(first.retrying, 1, "{backend}: {first:?}");
        let waiting = w.messages().await.remove(0);
        assert_eq!(waiting.state, MessageState::Pending, "{backend}");
        assert_eq!(waiting.attempts, 1, "{backend}");
        assert!(waiting.next_attempt_at > now, "{backend}");
        assert!(waiting.last_error.is_some(), "{backend}");
        // Not before its time.
        let early = deliver_due(&w.db, &mailer, now).await.expect("round");
        assert_eq!(early, Delivery::default(), "{backend}");
        let later = deliver_due(&w.db, &mailer, now + Duration::minutes(2))
            .await
            .expect("round");
        assert_eq!(later.sent, 1, "{backend}");
        assert_eq!(sink.received().len(), 1, "{backend}");

        storage::outbox::enqueue(&w.db, &staff_message("nobody"), now)
            .await
            .expect("queued");
        let refusing = SmtpSink::start(&["550 5.1.1 No such mailbox here"])
            .await
            .expect("an SMTP sink");
        let gave_up = deliver_due(
            &w.db,
            &Mailer::new(&refusing.url(), FROM).expect("mailer"),
            now + Duration::minutes(3),
        )
        .await
        .expect("round");
        assert_eq!(gave_up.failed, 1, "{backend}: {gave_up:?}");
        let failed = w
            .messages()
            .await
            .into_iter()
            .find(|m| m.dedupe_key == "nobody")
            .expect("there");
        assert_eq!(failed.state, MessageState::Failed, "{backend}");
        assert!(
            failed
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("550")),
            "{backend}: {:?}",
            failed.last_error
        );
        assert!(refusing.received().is_empty(), "{backend}");
        w.stop().await;
    }
}

#[tokio::test]
async fn a_list_of_messages_queues_only_those_never_queued() {
    for backend in backends() {
        let w = World::start(backend).await;
        let now = now();
        assert!(
            storage::outbox::enqueue(&w.db, &staff_message("m0"), now)
                .await
                .expect("queued")
        );
        let list = ["m0", "m1", "m1", "m2"].map(staff_message);
        let new = storage::outbox::enqueue_new(&w.db, &list, now)
            .await
            .expect("queued");
        assert_eq!(new, 2, "{backend}: m1 and m2, once each");
        let again = storage::outbox::enqueue_new(&w.db, &list, now)
            .await
            .expect("nothing new");
        assert_eq!(again, 0, "{backend}");
        let mut keys: Vec<String> = w
            .messages()
            .await
            .into_iter()
            .map(|m| m.dedupe_key)
            .collect();
        keys.sort();
        assert_eq!(keys, ["m0", "m1", "m2"], "{backend}");
        w.stop().await;
    }
}

#[tokio::test]
async fn two_workers_never_send_a_message_twice() {
    for backend in backends() {
        let w = World::start(backend).await;
        let now = now();
        for n in 0..12 {
            let key = format!("m{n}");
            assert!(
                storage::outbox::enqueue(&w.db, &staff_message(&key), now)
                    .await
                    .expect("queued")
            );
        }
        // The same cause again is not queued twice.
        assert!(
            !storage::outbox::enqueue(&w.db, &staff_message("m0"), now)
                .await
                .expect("refused quietly")
        );
        let sink = SmtpSink::start(&[]).await.expect("an SMTP sink");
        let (a, b) = (mailer(&sink), mailer(&sink));
        let (one, two) = tokio::join!(deliver_due(&w.db, &a, now), deliver_due(&w.db, &b, now));
        let (one, two) = (one.expect("one"), two.expect("two"));
        assert_eq!(one.sent + two.sent, 12, "{backend}: {one:?} {two:?}");
        let mut to: Vec<String> = sink.received().into_iter().flat_map(|r| r.to).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 12, "{backend}");
        assert_eq!(sink.received().len(), 12, "{backend}: each once");
        w.stop().await;
    }
}

/// Noon in London (GMT in March) on a day of March 2026.
fn march(day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0)
        .single()
        .expect("a time")
}

#[tokio::test]
async fn deadline_warnings_go_to_the_handler_then_the_manager_each_once_and_a_digest_daily() {
    for backend in backends() {
        let w = World::start(backend).await;
        // Received Monday 2 March 2026: contact by Thursday 5 March (3 working days).
        let (id, reference) = w.complaint(march(2) - Duration::hours(2)).await;
        let mo = w.id_of("mo.manager@example.org").await;
        let chris = w.id_of("chris.complaints@example.org").await;
        w.step(id, &reference, "accept", &[("person", &mo.to_string())])
            .await;
        let for_case = |messages: Vec<Message>| -> Vec<(Option<i32>, String)> {
            let mut out: Vec<_> = messages
                .into_iter()
                .filter(|m| m.dedupe_key.starts_with("warning:"))
                .map(|m| (m.to_user_id, m.subject))
                .collect();
            out.sort();
            out
        };

        // Tuesday, two working days left: nobody yet.
        scan(&w.db, &w.calendar, march(3)).await.expect("scan");
        assert!(for_case(w.messages_for(id).await).is_empty(), "{backend}");
        // Wednesday, the last working day before: the handler.
        scan(&w.db, &w.calendar, march(4)).await.expect("scan");
        assert_eq!(
            for_case(w.messages_for(id).await),
            [(
                Some(mo),
                format!("1 working day left: contact the customer on {reference}")
            )],
            "{backend}"
        );
        // Thursday, the due day: Mo's manager, Chris, as well; Mo is not told twice.
        scan(&w.db, &w.calendar, march(5)).await.expect("scan");
        let warned = for_case(w.messages_for(id).await);
        assert_eq!(warned.len(), 2, "{backend}: {warned:?}");
        assert!(
            warned.contains(&(
                Some(chris),
                format!("Due today: contact the customer on {reference}")
            )),
            "{backend}: {warned:?}"
        );
        // Friday, overdue: Chris is also the complaints manager, and hears once.
        scan(&w.db, &w.calendar, march(6)).await.expect("scan");
        assert_eq!(for_case(w.messages_for(id).await).len(), 2, "{backend}");
        // Scanning again adds nothing.
        let again = scan(&w.db, &w.calendar, march(6)).await.expect("scan");
        assert_eq!(again.queued, 0, "{backend}");

        // The digest of Thursday names the case; one per person per day.
        let digest = w
            .messages()
            .await
            .into_iter()
            .find(|m| m.dedupe_key == format!("digest:{mo}:2026-03-05"))
            .expect("Mo's digest for Thursday");
        assert!(digest.body.contains(&reference), "{backend}");
        assert_eq!(digest.to_email.as_deref(), Some("mo.manager@example.org"));
        // Staff messages name the case, never the customer.
        for message in w.messages_for(id).await {
            assert!(!message.body.contains("Pat Caller"), "{backend}");
        }

        w.stop().await;
    }
}

/// Noon on a day of 2040, long after every demo case: each open demo complaint is overdue
/// then, and read by every scan below alike.
fn in_2040(month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2040, month, day, 12, 0, 0)
        .single()
        .expect("a time")
}

#[tokio::test]
async fn the_scan_reads_only_complaints_near_or_past_a_deadline_or_owed_an_update() {
    for backend in backends() {
        let w = World::start(backend).await;
        // Received Friday 2 March 2040: contact by Wednesday 7 March.
        let (id, reference) = w.complaint(in_2040(3, 2) - Duration::hours(2)).await;
        // On 1 February its deadline is five weeks off: not read. On Tuesday 6 March it
        // is a working day off: read, and the complaints managers (who triage) warned.
        let far = scan(&w.db, &w.calendar, in_2040(2, 1)).await.expect("scan");
        let near = scan(&w.db, &w.calendar, in_2040(3, 6)).await.expect("scan");
        assert_eq!(near.cases, far.cases + 1, "{backend}: {far:?} {near:?}");
        assert!(
            w.messages_for(id)
                .await
                .iter()
                .any(|m| m.dedupe_key.starts_with("warning:")),
            "{backend}"
        );
        // An update agreed for 1 February is read, and reminded, however far its deadline.
        let sql = format!(
            "UPDATE cases SET next_update_on = '2040-02-01' WHERE id = {}",
            id.0
        );
        storage::test_support::execute_raw(&w.db, &sql)
            .await
            .expect("an update agreed");
        let owed = scan(&w.db, &w.calendar, in_2040(2, 1)).await.expect("scan");
        assert_eq!(owed.cases, far.cases + 1, "{backend}: {owed:?}");
        assert!(
            w.messages_for(id)
                .await
                .iter()
                .any(|m| m.subject == format!("Update due: {reference}")),
            "{backend}"
        );
        w.stop().await;
    }
}

#[tokio::test]
async fn the_outbox_page_is_for_administrators_and_the_complaints_manager_only() {
    for backend in backends() {
        let w = World::start(backend).await;
        let now = now();
        let sam_id = w.id_of("sam.officer@example.org").await;
        let mut message = staff_message("today");
        message.to_user_id = Some(sam_id);
        message.subject = "1 working day left: send the acknowledgement on CX-2026-000001".into();
        storage::outbox::enqueue(&w.db, &message, now)
            .await
            .expect("queued");
        // A letter about a case: an admin sees that it went and to whom, never its words.
        let (case, _) = w.complaint(now).await;
        let mut letter = staff_message("letter");
        letter.case_id = Some(case);
        letter.subject = "Your complaint: we have it".into();
        letter.body = "Dear Pat Caller, about the damp in the back bedroom".into();
        storage::outbox::enqueue(&w.db, &letter, now)
            .await
            .expect("queued");
        for (email, words) in [
            ("ada.admin@example.org", false),
            ("chris.complaints@example.org", true),
        ] {
            let cookie = session_for(&w.app, email, PASSWORD).await;
            let (_, html) = get_page(&w.app, "/admin/outbox", Some(&cookie)).await;
            assert!(html.contains(&letter.subject), "{backend}: {email}");
            assert_eq!(
                html.contains("the damp in the back bedroom"),
                words,
                "{backend}: {email}"
            );
            assert_eq!(
                html.contains("Its wording is not shown"),
                !words,
                "{backend}: {email}"
            );
        }
        for (email, allowed) in [
            ("ada.admin@example.org", true),
            ("chris.complaints@example.org", true),
            ("sam.officer@example.org", false),
            ("rita.resident@example.org", false),
            ("bea.board@example.org", false),
        ] {
            let cookie = session_for(&w.app, email, PASSWORD).await;
            let (status, html) = get_page(&w.app, "/admin/outbox", Some(&cookie)).await;
            if allowed {
                assert_eq!(status, StatusCode::OK, "{backend}: {email}");
                assert!(html.contains(&message.subject), "{backend}: {email}");
                assert!(html.contains("E-mail is not switched on"), "{backend}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{backend}: {email}");
                assert!(!html.contains(&message.subject), "{backend}: {email}");
            }
        }
        let (status, html) = get_page(&w.app, "/admin/outbox", None).await;
        assert!(status.is_client_error(), "{backend}: {status}");
        assert!(!html.contains(&message.subject), "{backend}");

        // Sam's own warning is on his work queue, and nobody else's.
        let sam = session_for(&w.app, "sam.officer@example.org", PASSWORD).await;
        let (status, html) = get_page(&w.app, "/staff", Some(&sam)).await;
        assert_eq!(status, StatusCode::OK, "{backend}");
        assert!(html.contains("Warnings for you"), "{backend}");
        assert!(html.contains(&message.subject), "{backend}");
        let (_, html) = get_page(&w.app, "/staff", Some(&w.chris)).await;
        assert!(!html.contains(&message.subject), "{backend}");
        w.stop().await;
    }
}

#[tokio::test]
async fn a_remedys_owner_is_reminded_as_it_falls_due_and_again_once_it_is_late() {
    for backend in backends() {
        let w = World::start(backend).await;
        let far = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).expect("a date");
        let (owner, action) = storage::remedies::outstanding_due_by(&w.db, far)
            .await
            .expect("remedies")
            .into_iter()
            .next()
            .expect("the demo data promises a remedy");
        let noon = |date: chrono::NaiveDate| {
            Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).expect("noon"))
        };
        let reminders = |messages: Vec<Message>| -> Vec<String> {
            messages
                .into_iter()
                .filter(|m| m.dedupe_key.starts_with("remedy:") && m.to_user_id == Some(owner))
                .filter(|m| m.case_id == Some(action.case_id))
                .map(|m| m.dedupe_key)
                .collect()
        };
        // A week before: nothing yet.
        let before = action.due - Duration::days(7);
        scan(&w.db, &w.calendar, noon(before)).await.expect("scan");
        assert!(reminders(w.messages().await).is_empty(), "{backend}");
        // On the due day: one reminder; scanning again adds nothing.
        scan(&w.db, &w.calendar, noon(action.due))
            .await
            .expect("scan");
        scan(&w.db, &w.calendar, noon(action.due))
            .await
            .expect("scan");
        let soon = reminders(w.messages().await);
        assert_eq!(soon.len(), 1, "{backend}: {soon:?}");
        assert!(soon[0].ends_with(":soon"), "{backend}: {soon:?}");
        // The next working day it is late: one more.
        let late = w.calendar.next_working_day(action.due + Duration::days(1));
        scan(&w.db, &w.calendar, noon(late)).await.expect("scan");
        let all = reminders(w.messages().await);
        assert_eq!(all.len(), 2, "{backend}: {all:?}");
        assert!(all.iter().any(|k| k.ends_with(":overdue")), "{backend}");
        let message = w
            .messages()
            .await
            .into_iter()
            .find(|m| m.dedupe_key.ends_with(":overdue"))
            .expect("the late reminder");
        assert!(
            message.subject.contains(&action.reference.to_string()),
            "{backend}"
        );
        assert!(message.body.contains(&action.description), "{backend}");
        // The customer hears once it is late, once, with what and by when.
        let told: Vec<Message> = w
            .messages()
            .await
            .into_iter()
            .filter(|m| m.dedupe_key.starts_with("remedy-late-customer:"))
            .collect();
        assert_eq!(told.len(), 1, "{backend}");
        assert_eq!(told[0].case_id, Some(action.case_id), "{backend}");
        assert_ne!(told[0].to_user_id, Some(owner), "{backend}: not to staff");
        assert!(
            told[0]
                .body
                .contains(action.description.trim().trim_end_matches('.')),
            "{backend}"
        );
        assert!(
            told[0]
                .body
                .contains(&domain::deadlines::long_date(action.due)),
            "{backend}"
        );
        scan(&w.db, &w.calendar, noon(late)).await.expect("scan");
        assert_eq!(
            w.messages()
                .await
                .into_iter()
                .filter(|m| m.dedupe_key.starts_with("remedy-late-customer:"))
                .count(),
            1,
            "{backend}"
        );
        w.stop().await;
    }
}
