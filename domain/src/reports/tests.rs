use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a valid date")
}

fn cal() -> Calendar {
    Calendar::england_and_wales()
}

fn year() -> ReportingYear {
    ReportingYear::new(2025).expect("a year")
}

fn dates(stage: Stage, day0: NaiveDate) -> StageDates {
    StageDates {
        stage,
        policy: Some(PolicyId::V2024),
        day0,
        contacted: None,
        acknowledged: None,
        extended_to: None,
        responded: None,
        count: 1,
    }
}

fn counts(stage_dates: Vec<StageDates>) -> Counts {
    Counts {
        policies: crate::policy::PolicySet::built_in(),
        year: year(),
        homes: Some(3000),
        lcho_homes: None,
        received: Vec::new(),
        stage_starts: Vec::new(),
        stage_dates,
        refusals: Vec::new(),
        withdrawn: 0,
        remedies: Vec::new(),
        root_causes: Vec::new(),
        themes: Vec::new(),
        outcomes: Vec::new(),
        service_requests: Vec::new(),
        as_of: year().last_day(),
        ombudsman: OmbudsmanFacts::default(),
    }
}

#[test]
fn a_reporting_year_runs_from_1_april_to_31_march() {
    let y = year();
    assert_eq!(y.first_day(), d(2025, 4, 1));
    assert_eq!(y.last_day(), d(2026, 3, 31));
    assert!(y.contains(d(2026, 3, 31)));
    assert!(!y.contains(d(2026, 4, 1)));
    assert!(!y.contains(d(2025, 3, 31)));
    assert_eq!(ReportingYear::containing(d(2026, 3, 31)), y);
    assert_eq!(ReportingYear::containing(d(2025, 4, 1)), y);
    assert_eq!(y.month_of(d(2025, 4, 30)), Some(0));
    assert_eq!(y.month_of(d(2026, 3, 1)), Some(11));
    assert_eq!(y.months()[9], d(2026, 1, 1));
    assert_eq!(y.label(), "2025/26");
    assert_eq!(y.span(), "1 April 2025 to 31 March 2026");
}

#[test]
fn a_year_is_four_digits_in_range() {
    assert_eq!(ReportingYear::parse(" 2025 "), Ok(year()));
    assert_eq!(ReportingYear::parse("25"), Err(YearError::Malformed));
    assert_eq!(ReportingYear::parse("1999"), Err(YearError::OutOfRange));
}

#[test]
fn rates_round_half_up_to_one_decimal_place_exactly() {
    assert_eq!(per_1000(9, Some(4000)), Some(2.3)); // 2.25
    assert_eq!(per_1000(1, Some(3)), Some(333.3));
    assert_eq!(per_1000(5, None), None);
    assert_eq!(per_1000(5, Some(0)), None);
    assert_eq!(Share { count: 2, of: 3 }.percent(), Some(66.7));
    assert_eq!(Share { count: 1, of: 8 }.percent(), Some(12.5));
    assert_eq!(Share { count: 0, of: 0 }.percent(), None);
}

#[test]
fn a_late_acknowledgement_with_a_response_on_time_counts_late_on_one_leg_only() {
    // Day 0 Mon 2 June 2025; acknowledgement due Mon 9 June, sent Wed 11 June (late);
    // response due 10 working days after the acknowledgement: Wed 25 June; sent that day.
    let mut late_ack = dates(Stage::One, d(2025, 6, 2));
    late_ack.contacted = Some(d(2025, 6, 5));
    late_ack.acknowledged = Some(d(2025, 6, 11));
    late_ack.responded = Some(d(2025, 6, 25));
    let report = Report::compute(&cal(), counts(vec![late_ack]));
    assert_eq!(report.stage1.contact, Share { count: 1, of: 1 });
    assert_eq!(report.stage1.acknowledge, Share { count: 0, of: 1 });
    assert_eq!(report.stage1.respond, Share { count: 1, of: 1 });
}

#[test]
fn an_extension_counts_up_to_the_codes_cap_and_no_further() {
    // Day 0 Mon 2 June 2025, acknowledged Mon 9 June: due Mon 23 June, cap Mon 7 July.
    let base = |extended: NaiveDate, responded: NaiveDate| {
        let mut x = dates(Stage::One, d(2025, 6, 2));
        x.acknowledged = Some(d(2025, 6, 9));
        x.extended_to = Some(extended);
        x.responded = Some(responded);
        x
    };
    let within = base(d(2025, 7, 4), d(2025, 7, 4));
    let beyond = base(d(2025, 7, 21), d(2025, 7, 18));
    let beyond_but_by_cap = base(d(2025, 7, 21), d(2025, 7, 7));
    let report = Report::compute(&cal(), counts(vec![within, beyond, beyond_but_by_cap]));
    assert_eq!(report.stage1.respond, Share { count: 2, of: 3 });
    assert_eq!(report.stage1.extended, 3);
    assert_eq!(report.stage1.extended_within_cap, 1);
    assert_eq!(report.stage1.extended_on_time, 2);
}

#[test]
fn only_steps_taken_in_the_year_are_judged() {
    let mut x = dates(Stage::Two, d(2026, 3, 2));
    x.acknowledged = Some(d(2026, 3, 5));
    x.responded = Some(d(2026, 4, 1));
    let report = Report::compute(&cal(), counts(vec![x]));
    assert_eq!(report.stage2.acknowledge, Share { count: 1, of: 1 });
    assert_eq!(report.stage2.respond, Share::default());
    assert_eq!(report.tsm.ch02_stage2_percent, None);
}

#[test]
fn csv_fields_are_quoted_and_formulas_defused() {
    let mut table = Table::new("t", "T".into(), &["A", "B"]);
    table.row("x, y", vec!["=1+1".into()]);
    table.row("say \"hi\"", vec!["-3".into()]);
    assert_eq!(
        table.to_csv(),
        "A,B\r\n\"x, y\",'=1+1\r\n\"say \"\"hi\"\"\",-3\r\n"
    );
}

#[test]
fn every_table_has_its_slug_and_as_many_cells_as_columns() {
    let report = Report::compute(&cal(), counts(Vec::new()));
    let tables = report.tables();
    let slugs: Vec<&str> = tables.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, TABLE_SLUGS);
    for table in &tables {
        for row in &table.rows {
            assert_eq!(row.cells.len() + 1, table.columns.len(), "{}", table.slug);
        }
    }
}

#[test]
fn themes_add_up_by_month_with_the_most_frequent_first() {
    let mut c = counts(Vec::new());
    let group = |category: &str, month: usize, count: u64| ThemeGroup {
        category: category.to_owned(),
        month,
        count,
    };
    c.themes = vec![
        group("Communication", 0, 1),
        group("Repairs and maintenance", 0, 2),
        group("Repairs and maintenance", 11, 1),
        group("Communication", 3, 2),
        group("Records", 5, 3),
    ];
    let report = Report::compute(&Calendar::england_and_wales(), c);
    let names: Vec<&str> = report.themes.iter().map(|(n, _)| n.as_str()).collect();
    // Communication 3, Records 3, Repairs 3: equal totals go by name.
    assert_eq!(
        names,
        ["Communication", "Records", "Repairs and maintenance"]
    );
    assert_eq!(report.themes[2].1[0], 2);
    assert_eq!(report.themes[2].1[11], 1);
    let table = report.table("themes").expect("the themes table");
    assert_eq!(
        table.columns.first().map(String::as_str),
        Some("Root cause")
    );
    assert_eq!(table.columns.last().map(String::as_str), Some("Total"));
    assert_eq!(table.rows[0].cells.last().map(String::as_str), Some("3"));
}

#[test]
fn service_requests_are_counted_by_how_long_they_took_and_how_long_the_open_ones_wait() {
    use crate::reports::{ServiceRequestFact, ServiceRequestSummary};
    let fact = |received, resolved, withdrawn| ServiceRequestFact {
        received,
        resolved,
        withdrawn,
    };
    let summary = ServiceRequestSummary::of(
        &[
            fact(d(2025, 6, 2), Some(d(2025, 6, 9)), false),
            fact(d(2025, 6, 2), Some(d(2025, 6, 10)), false),
            fact(d(2025, 6, 2), Some(d(2025, 6, 30)), false),
            fact(d(2025, 6, 2), Some(d(2025, 7, 1)), false),
            fact(d(2025, 6, 2), Some(d(2025, 6, 5)), true),
            fact(d(2025, 9, 1), None, false),
            fact(d(2026, 3, 1), None, false),
            // Resolved after the year: still open on its last day.
            fact(d(2026, 3, 20), Some(d(2026, 4, 2)), false),
        ],
        d(2026, 3, 31),
    );
    assert_eq!(summary.received, 8);
    assert_eq!(summary.resolved_within, [1, 2, 1]);
    assert_eq!(summary.withdrawn, 1);
    assert_eq!(summary.open, 3);
    assert_eq!(summary.oldest_open_days, Some(211));
}

#[test]
fn outcomes_are_added_up_by_stage() {
    use crate::lifecycle::Outcome;
    let mut c = counts(Vec::new());
    c.outcomes = vec![
        (Stage::One, Outcome::Upheld, 3),
        (Stage::One, Outcome::NotUpheld, 5),
        (Stage::Two, Outcome::PartlyUpheld, 1),
    ];
    let report = Report::compute(&Calendar::england_and_wales(), c);
    assert_eq!(
        report.outcomes,
        vec![(Stage::One, [3, 0, 5]), (Stage::Two, [0, 1, 0])]
    );
    let table = report.table("outcomes").expect("a table");
    assert_eq!(table.rows[0].cells, ["3", "0", "5", "8"]);
}
