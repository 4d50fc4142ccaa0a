//! How long the hot rules take: both run on every keystroke in the browser's preview, so
//! they must stay far under a millisecond.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use domain::calendar::Calendar;
use domain::form::{ComplaintForm, ComplaintFormInput};

fn calendar(c: &mut Criterion) {
    let cal = Calendar::england_and_wales();
    let start = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap_or_default();
    c.bench_function("add 253 working days (a year) from 20 Dec 2024", |b| {
        b.iter(|| cal.add_working_days(black_box(start), black_box(253)))
    });
    let projected = NaiveDate::from_ymd_opt(2031, 12, 19).unwrap_or_default();
    c.bench_function("add 253 working days in projected years (2031)", |b| {
        b.iter(|| cal.add_working_days(black_box(projected), black_box(253)))
    });
    c.bench_function("build the built-in calendar", |b| {
        b.iter(Calendar::england_and_wales)
    });
}

fn form(c: &mut Criterion) {
    let input = ComplaintFormInput {
        kind: "complaint".into(),
        describes_you: "tenant".into(),
        name: "Jo Bloggs".into(),
        phone: "+44 (0)7700 900982".into(),
        email: Some("jo.bloggs@example.co.uk".into()),
        preferred_contact: Some("email".into()),
        adjustments: vec!["large_print".into(), "interpreter".into()],
        what_happened: "The boiler has failed three times since March. ".repeat(20),
        when_happened: Some("2025-05-20".into()),
        became_aware: Some("21/5/2025".into()),
        reported_before: Some("yes".into()),
        what_was_said: Some("An engineer would come within a day".into()),
        outcomes_sought: Some("Replace the boiler".into()),
        costs_description: Some("Electric heaters".into()),
        costs_amount: Some("£1,239.99".into()),
        ..ComplaintFormInput::default()
    };
    let today = NaiveDate::from_ymd_opt(2025, 6, 13).unwrap_or_default();
    c.bench_function("validate a full complaint form", |b| {
        b.iter(|| ComplaintForm::parse(black_box(&input), black_box(today)))
    });
}

/// A Stage 1 complaint as the database stores it: the work queue reads twenty-five a page.
const STORED_COMPLAINT: &str = r#"{"kind":"complaint","policy":{"id":"2024","effective_from":"2024-04-01","cut_off":"17:00:00","stage1":{"contact":3,"acknowledge":5,"respond":10,"respond_from":"acknowledgement","extension_cap":10},"stage2":{"contact":3,"acknowledge":5,"respond":20,"respond_from":"acknowledgement","extension_cap":20},"eligibility_months":12,"ombudsman_referral_months":12},"phase":{"phase":"stage1"},"stage1":{"arrived":"2026-10-29","day0":"2026-10-29","owner":"82","contacted":"2026-11-02","acknowledged":"2026-11-05","extensions":[{"on":"2026-11-10","to":"2026-11-26","reason":"The contractor's report is needed to answer fully and arrives next week.","approved_by":null}],"responded":null,"response":null,"escalated_early":null,"involvement":{"state":"not_invited"},"signed_off":null},"stage2":null,"remedies":[],"involvement_declined":false,"ombudsman":null,"stage1_people":["82"]}"#;

fn stored_case(c: &mut Criterion) {
    c.bench_function("read a stored Stage 1 complaint", |b| {
        b.iter(|| serde_json::from_str::<domain::Case>(black_box(STORED_COMPLAINT)))
    });
}

criterion_group!(benches, calendar, form, stored_case);
criterion_main!(benches);
