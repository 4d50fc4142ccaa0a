use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::lifecycle::{ClosedHow, Phase, RefusalReason, ServiceRequestPhase};
use crate::policy::{PolicyId, PolicySet};

fn now() -> DateTime<Utc> {
    "2026-01-15T12:00:00Z".parse().unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const HEADER: [&str; 12] = [
    "reference",
    "kind",
    "channel",
    "received_at",
    "status",
    "stage1_acknowledged",
    "stage1_extended_to",
    "stage1_responded",
    "review_requested_at",
    "stage2_acknowledged",
    "stage2_extended_to",
    "stage2_responded",
];

/// Checks a row given as (column, value) pairs against the full header.
fn row(fields: &[(&str, &str)]) -> Result<HistoryRow, Vec<Problem>> {
    let header = Header::parse(HEADER).unwrap();
    let mut values = vec![""; HEADER.len()];
    let base = [
        ("reference", "OLD-1"),
        ("kind", "complaint"),
        ("channel", "email"),
        ("received_at", "2025-06-12T10:00:00Z"),
        ("status", "open"),
    ];
    for (name, value) in base.iter().chain(fields) {
        let i = HEADER.iter().position(|h| h == name).unwrap();
        values[i] = value;
    }
    header.row(|i| values.get(i).copied(), now())
}

fn problems(fields: &[(&str, &str)]) -> Vec<(Column, String)> {
    row(fields)
        .unwrap_err()
        .into_iter()
        .map(|p| (p.column, p.reason))
        .collect()
}

fn complaint(row: &HistoryRow) -> Complaint {
    match row.case(&Calendar::england_and_wales(), &PolicySet::built_in()) {
        Case::Complaint(c) => *c,
        other => panic!("not a complaint: {other:?}"),
    }
}

#[test]
fn columns_may_come_in_any_order_and_dates_may_be_left_out() {
    let header =
        Header::parse(["status", "received_at", "Channel", " kind ", "reference"]).unwrap();
    let values = [
        "closed",
        "2025-06-12T10:00:00Z",
        "phone",
        "service_request",
        "A1",
    ];
    let row = header.row(|i| values.get(i).copied(), now()).unwrap();
    assert_eq!(row.reference(), "A1");
    assert_eq!(row.kind(), CaseKind::ServiceRequest);
    assert_eq!(row.channel(), Channel::Phone);
    assert_eq!(row.status(), Status::Closed);
}

#[test]
fn an_unknown_column_is_refused_by_name_and_a_missing_one_is_named() {
    let errors = Header::parse(["reference", "kind", "colour", "received_at", "kind"]).unwrap_err();
    assert!(errors.contains(&HeaderError::Unknown("colour".into())));
    assert!(errors.contains(&HeaderError::Repeated("kind")));
    assert!(errors.contains(&HeaderError::Missing("channel")));
    assert!(errors.contains(&HeaderError::Missing("status")));
    assert!(
        HeaderError::Unknown("colour".into())
            .to_string()
            .starts_with("“colour” is not a column we know")
    );
    assert_eq!(
        Header::parse(std::iter::empty()).unwrap_err(),
        vec![HeaderError::Empty]
    );
}

#[test]
fn unknown_values_are_named_with_the_ones_allowed() {
    let found = problems(&[("kind", "grumble"), ("channel", "fax"), ("status", "shut")]);
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].0, Column::Kind);
    assert_eq!(
        found[0].1,
        "“grumble” is not a kind of case we know: use complaint, service_request or compliment"
    );
    assert_eq!(found[1].0, Column::Channel);
    assert!(found[1].1.contains("social_media"));
    assert_eq!(found[2].0, Column::Status);
    assert!(found[2].1.contains("not_accepted"));
}

#[test]
fn a_date_that_does_not_exist_is_refused_with_why() {
    let found = problems(&[("stage1_acknowledged", "2025-02-30")]);
    assert_eq!(
        found,
        vec![(
            Column::Stage1Acknowledged,
            "“2025-02-30” is not a real date: February 2025 has 28 days".to_owned()
        )]
    );
    let found = problems(&[("received_at", "2025-13-01T10:00:00Z")]);
    assert_eq!(found[0].0, Column::ReceivedAt);
    assert!(found[0].1.contains("there is no month 13"), "{found:?}");
    let found = problems(&[("stage1_responded", "12/06/2025")]);
    assert!(found[0].1.contains("write it as YYYY-MM-DD"));
}

#[test]
fn bad_rfc_3339_is_refused_and_an_offset_is_understood() {
    let found = problems(&[("received_at", "2025-06-12 10:00")]);
    assert_eq!(found[0].0, Column::ReceivedAt);
    assert!(found[0].1.contains("is not an RFC 3339 timestamp"));
    let row = row(&[("received_at", "2025-06-13T00:30:00+01:00")]).unwrap();
    assert_eq!(
        row.received_at(),
        "2025-06-12T23:30:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // 23:30 UTC on 12 June is 00:30 on Friday 13 June in London: day 0 is the 13th.
    assert_eq!(complaint(&row).stage1().day0, d(2025, 6, 13));
}

#[test]
fn a_response_before_the_receipt_is_refused() {
    let found = problems(&[("stage1_responded", "2025-06-01"), ("status", "closed")]);
    assert_eq!(
        found,
        vec![(
            Column::Stage1Responded,
            "The Stage 1 response (1 June 2025) is before the complaint was received (12 June 2025)"
                .to_owned()
        )]
    );
}

#[test]
fn a_stage_2_date_needs_a_review_request() {
    let found = problems(&[
        ("stage1_responded", "2025-06-20"),
        ("stage2_acknowledged", "2025-07-01"),
    ]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, Column::Stage2Acknowledged);
    assert!(
        found[0]
            .1
            .starts_with("There is a Stage 2 date but no review request")
    );
}

#[test]
fn a_review_comes_after_the_stage_1_response() {
    let found = problems(&[("review_requested_at", "2025-07-01T09:00:00Z")]);
    assert_eq!(found[0].0, Column::ReviewRequestedAt);
    let found = problems(&[
        ("stage1_responded", "2025-07-10"),
        ("review_requested_at", "2025-07-01T09:00:00Z"),
    ]);
    assert_eq!(
        found,
        vec![(
            Column::ReviewRequestedAt,
            "The review request (1 July 2025) is before the Stage 1 response (10 July 2025)"
                .to_owned()
        )]
    );
}

#[test]
fn nothing_is_dated_in_the_future_except_an_extension() {
    let found = problems(&[("stage1_acknowledged", "2026-02-01")]);
    assert_eq!(found[0].0, Column::Stage1Acknowledged);
    assert!(found[0].1.ends_with("is in the future"));
    assert!(
        row(&[
            ("stage1_acknowledged", "2025-06-13"),
            ("stage1_extended_to", "2026-02-01")
        ])
        .is_ok()
    );
    let found = problems(&[("received_at", "2026-03-01T10:00:00Z")]);
    assert_eq!(found[0].0, Column::ReceivedAt);
}

#[test]
fn status_and_dates_must_agree() {
    let found = problems(&[("status", "closed")]);
    assert_eq!(found[0].0, Column::Stage1Responded);
    let found = problems(&[
        ("status", "open"),
        ("stage1_responded", "2025-06-20"),
        ("review_requested_at", "2025-06-25T10:00:00Z"),
        ("stage2_responded", "2025-07-20"),
    ]);
    assert_eq!(found[0].0, Column::Status);
    let found = problems(&[
        ("status", "not_accepted"),
        ("stage1_acknowledged", "2025-06-13"),
    ]);
    assert_eq!(found[0].0, Column::Stage1Acknowledged);
    let found = problems(&[("kind", "compliment"), ("status", "withdrawn")]);
    assert_eq!(found[0].0, Column::Status);
    let found = problems(&[
        ("kind", "service_request"),
        ("stage1_acknowledged", "2025-06-13"),
    ]);
    assert_eq!(found[0].0, Column::Stage1Acknowledged);
    assert!(found[0].1.ends_with("this row is a service request"));
}

#[test]
fn every_problem_in_a_row_is_reported_not_just_the_first() {
    let found = problems(&[
        ("reference", ""),
        ("kind", "x"),
        ("stage1_responded", "2025-02-30"),
    ]);
    let columns: Vec<Column> = found.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        columns,
        [Column::Reference, Column::Kind, Column::Stage1Responded]
    );
}

#[test]
fn a_complaint_takes_the_policy_in_force_on_its_receipt_date() {
    let old = row(&[("received_at", "2023-06-12T10:00:00Z")]).unwrap();
    assert_eq!(complaint(&old).policy().id, PolicyId::V2020);
    let new = row(&[]).unwrap();
    assert_eq!(complaint(&new).policy().id, PolicyId::V2024);
}

#[test]
fn an_open_complaint_is_where_its_dates_say() {
    assert_eq!(complaint(&row(&[]).unwrap()).phase(), &Phase::Received);
    let acknowledged = row(&[("stage1_acknowledged", "2025-06-13")]).unwrap();
    let c = complaint(&acknowledged);
    assert_eq!(c.phase(), &Phase::Stage1);
    assert_eq!(c.stage1().acknowledged, Some(d(2025, 6, 13)));
    let extended = row(&[
        ("stage1_acknowledged", "2025-06-13"),
        ("stage1_extended_to", "2025-07-25"),
    ])
    .unwrap();
    let c = complaint(&extended);
    assert_eq!(c.stage1().extended_to(), Some(d(2025, 7, 25)));
    assert_eq!(c.stage1().extensions[0].on, d(2025, 6, 13));
    let answered = row(&[("stage1_responded", "2025-06-20")]).unwrap();
    assert_eq!(complaint(&answered).phase(), &Phase::Stage1Responded);
    let reviewing = row(&[
        ("stage1_responded", "2025-06-20"),
        ("review_requested_at", "2025-06-27T18:00:00Z"),
    ])
    .unwrap();
    let c = complaint(&reviewing);
    assert_eq!(c.phase(), &Phase::Stage2);
    // 19:00 in London is after the cut-off: day 0 is Monday 30 June.
    assert_eq!(c.stage2().unwrap().day0, d(2025, 6, 30));
}

#[test]
fn closed_not_accepted_and_withdrawn_complaints_end_on_the_dates_recorded() {
    let closed = row(&[("status", "closed"), ("stage1_responded", "2025-06-20")]).unwrap();
    assert_eq!(
        complaint(&closed).phase(),
        &Phase::Closed {
            on: d(2025, 6, 20),
            how: ClosedHow::NoReviewRequested
        }
    );
    let reviewed = row(&[
        ("status", "closed"),
        ("stage1_responded", "2025-06-20"),
        ("review_requested_at", "2025-06-27T10:00:00Z"),
        ("stage2_acknowledged", "2025-06-30"),
        ("stage2_responded", "2025-07-21"),
    ])
    .unwrap();
    let c = complaint(&reviewed);
    assert_eq!(
        c.phase(),
        &Phase::Closed {
            on: d(2025, 7, 21),
            how: ClosedHow::Stage2Responded
        }
    );
    assert_eq!(c.stage2().unwrap().responded, Some(d(2025, 7, 21)));
    let refused = row(&[("status", "not_accepted")]).unwrap();
    let Phase::NotAccepted { on, reason, .. } = complaint(&refused).phase().clone() else {
        panic!("not refused");
    };
    assert_eq!((on, reason), (d(2025, 6, 12), RefusalReason::NotRecorded));
    assert_eq!(RefusalReason::parse("not_recorded"), None);
    let withdrawn = row(&[
        ("status", "withdrawn"),
        ("stage1_acknowledged", "2025-06-16"),
    ])
    .unwrap();
    assert_eq!(
        complaint(&withdrawn).phase(),
        &Phase::Withdrawn {
            on: d(2025, 6, 16),
            was: None
        }
    );
}

#[test]
fn service_requests_and_compliments_take_their_own_steps() {
    let cal = Calendar::england_and_wales();
    let request = row(&[("kind", "service_request"), ("status", "closed")]).unwrap();
    let Case::ServiceRequest(sr) = request.case(&cal, &PolicySet::built_in()) else {
        panic!("not a service request")
    };
    assert_eq!(
        sr.phase(),
        &ServiceRequestPhase::Resolved { on: d(2025, 6, 12) }
    );
    let compliment = row(&[("kind", "compliment"), ("status", "open")]).unwrap();
    let Case::Compliment(c) = compliment.case(&cal, &PolicySet::built_in()) else {
        panic!("not a compliment")
    };
    assert_eq!(c.passed_on(), None);
}

#[test]
fn impossible_dates_are_explained() {
    assert_eq!(
        impossible_date("2024-02-30").unwrap(),
        "February 2024 has 29 days"
    );
    assert_eq!(
        impossible_date("2025-04-31").unwrap(),
        "April 2025 has 30 days"
    );
    assert_eq!(
        impossible_date("2025-00-10").unwrap(),
        "there is no month 0"
    );
    assert_eq!(impossible_date("2025-04-30"), None);
    assert_eq!(impossible_date("yesterday"), None);
}
