//! The report as tables: what the page shows and what each CSV download holds, built in
//! one place so the two always agree. Only counts, dates and categories: never a person.

use serde::{Deserialize, Serialize};

use super::{Report, Share, per_1000, percent_text};
use crate::lifecycle::RefusalReason;
use crate::money::Money;
use crate::policy::Stage;

/// One table: a caption, column headings (the first heads the row headings) and rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    /// Its name in the CSV address: `/reports/2025/on-time.csv`.
    pub slug: String,
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableRow {
    /// The row's heading (first column).
    pub header: String,
    pub cells: Vec<String>,
}

impl Table {
    pub(super) fn new(slug: &str, caption: String, columns: &[&str]) -> Self {
        Self {
            slug: slug.to_owned(),
            caption,
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    pub(super) fn row(&mut self, header: impl Into<String>, cells: Vec<String>) {
        self.rows.push(TableRow {
            header: header.into(),
            cells,
        });
    }

    /// The table as CSV (RFC 4180: CRLF line ends, fields quoted when they need it).
    /// A field a spreadsheet would run as a formula is prefixed with `'`.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let mut line = |fields: &mut dyn Iterator<Item = &str>| {
            let quoted: Vec<String> = fields.map(csv_field).collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        };
        line(&mut self.columns.iter().map(String::as_str));
        for row in &self.rows {
            line(
                &mut std::iter::once(row.header.as_str())
                    .chain(row.cells.iter().map(String::as_str)),
            );
        }
        out
    }
}

fn csv_field(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@']) && field.parse::<f64>().is_err() {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

/// The slugs of every table, in page order.
pub const TABLE_SLUGS: [&str; 14] = [
    "tsm",
    "volumes-by-kind",
    "volumes-by-stage",
    "volumes-by-channel",
    "on-time",
    "extensions",
    "outcomes",
    "refusals",
    "remedies",
    "escalation",
    "root-causes",
    "themes",
    "service-requests",
    "ombudsman",
];

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::One => "Stage 1",
        Stage::Two => "Stage 2",
    }
}

fn n(value: u64) -> String {
    value.to_string()
}

fn money(pence: u64) -> String {
    Money::from_pence(pence).map_or_else(|_| format!("{pence}p"), |m| m.to_string())
}

fn month_columns(report: &Report) -> Vec<String> {
    let mut columns = vec![String::new()];
    columns.extend(
        report
            .year
            .months()
            .iter()
            .map(|m| m.format("%b %Y").to_string()),
    );
    columns.push("Total".to_owned());
    columns
}

fn monthly<K>(
    slug: &str,
    caption: String,
    first: &str,
    report: &Report,
    rows: &[(K, [u64; 12])],
    label: impl Fn(&K) -> String,
) -> Table {
    let mut columns = month_columns(report);
    columns[0] = first.to_owned();
    let mut table = Table {
        slug: slug.to_owned(),
        caption,
        columns,
        rows: Vec::new(),
    };
    for (key, months) in rows {
        let mut cells: Vec<String> = months.iter().map(|c| n(*c)).collect();
        cells.push(n(months.iter().sum()));
        table.row(label(key), cells);
    }
    table
}

fn share_cells(share: Share) -> Vec<String> {
    vec![n(share.count), n(share.of), percent_text(share.percent())]
}

impl Report {
    /// Every table, in page order ([`TABLE_SLUGS`]).
    pub fn tables(&self) -> Vec<Table> {
        let year = self.year.label();
        let tsm = &self.tsm;
        let homes = tsm
            .homes
            .map_or_else(|| "not set".to_owned(), |h| h.to_string());
        let rate = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"));

        let mut t_tsm = Table::new(
            "tsm",
            format!("Tenant Satisfaction Measures CH01 and CH02, {year}"),
            &["Measure", "Count", "Of", "Result"],
        );
        t_tsm.row(
            "CH01 Stage 1 complaints per 1,000 homes (low-cost rental)",
            vec![
                n(tsm.stage1_received),
                homes.clone(),
                rate(tsm.ch01_stage1_per_1000),
            ],
        );
        t_tsm.row(
            "CH01 Stage 2 complaints per 1,000 homes (low-cost rental)",
            vec![
                n(tsm.stage2_received),
                homes,
                rate(tsm.ch01_stage2_per_1000),
            ],
        );
        if tsm.lcho_homes.is_some() || tsm.lcho_stage1_received > 0 || tsm.lcho_stage2_received > 0
        {
            let lcho_homes = tsm
                .lcho_homes
                .map_or_else(|| "not set".to_owned(), |h| h.to_string());
            t_tsm.row(
                "CH01 Stage 1 complaints per 1,000 homes (low-cost home ownership)",
                vec![
                    n(tsm.lcho_stage1_received),
                    lcho_homes.clone(),
                    rate(tsm.ch01_lcho_stage1_per_1000),
                ],
            );
            t_tsm.row(
                "CH01 Stage 2 complaints per 1,000 homes (low-cost home ownership)",
                vec![
                    n(tsm.lcho_stage2_received),
                    lcho_homes,
                    rate(tsm.ch01_lcho_stage2_per_1000),
                ],
            );
        }
        t_tsm.row(
            "CH02 Stage 1 responses within the Code's timescales",
            share_cells(self.stage1.respond),
        );
        t_tsm.row(
            "CH02 Stage 2 responses within the Code's timescales",
            share_cells(self.stage2.respond),
        );

        let by_kind = monthly(
            "volumes-by-kind",
            format!("Cases received each month by kind, {year}"),
            "Kind",
            self,
            &self.by_kind,
            |k| k.label().to_owned(),
        );
        let by_stage = monthly(
            "volumes-by-stage",
            format!("Complaints starting each stage each month (by day 0), {year}"),
            "Stage",
            self,
            &self.by_stage,
            |s| stage_name(*s).to_owned(),
        );
        let by_channel = monthly(
            "volumes-by-channel",
            format!("Cases received each month by channel, {year}"),
            "Channel",
            self,
            &self.by_channel,
            |c| c.label().to_owned(),
        );

        let mut on_time = Table::new(
            "on-time",
            format!("Steps taken on time, by stage, {year}"),
            &["Step", "On time", "Taken in the year", "Share on time"],
        );
        for stage in [Stage::One, Stage::Two] {
            let t = self.timeliness(stage);
            let name = stage_name(stage);
            on_time.row(
                format!("{name}: contact the customer"),
                share_cells(t.contact),
            );
            on_time.row(
                format!("{name}: acknowledge in writing"),
                share_cells(t.acknowledge),
            );
            on_time.row(format!("{name}: respond in full"), share_cells(t.respond));
        }

        let mut extensions = Table::new(
            "extensions",
            format!("Extensions on responses issued, {year}"),
            &[
                "Stage",
                "Responses issued",
                "After an extension",
                "Extended within the Code's limit",
                "Extended responses on time",
            ],
        );
        for stage in [Stage::One, Stage::Two] {
            let t = self.timeliness(stage);
            extensions.row(
                stage_name(stage),
                vec![
                    n(t.respond.of),
                    n(t.extended),
                    n(t.extended_within_cap),
                    n(t.extended_on_time),
                ],
            );
        }

        let mut outcomes = Table::new(
            "outcomes",
            format!("Outcomes of the responses issued, by stage, {year}"),
            &[
                "Stage",
                "Upheld",
                "Partly upheld",
                "Not upheld",
                "Responses",
            ],
        );
        for (stage, [upheld, partly, not]) in &self.outcomes {
            outcomes.row(
                stage_name(*stage),
                vec![n(*upheld), n(*partly), n(*not), n(upheld + partly + not)],
            );
        }

        let mut refusals = Table::new(
            "refusals",
            format!("Complaints not accepted, and withdrawn, {year}"),
            &["Reason", "Complaints"],
        );
        for reason in RefusalReason::ALL {
            let count = self
                .refusals
                .iter()
                .filter(|(r, _)| *r == Some(reason))
                .map(|(_, c)| *c)
                .sum();
            refusals.row(format!("Not accepted: {}", reason.label()), vec![n(count)]);
        }
        let unread: u64 = self
            .refusals
            .iter()
            .filter(|(r, _)| r.is_none())
            .map(|(_, c)| *c)
            .sum();
        if unread > 0 {
            refusals.row("Not accepted: reason not recorded", vec![n(unread)]);
        }
        refusals.row("Withdrawn by the customer", vec![n(self.withdrawn)]);

        let mut remedies = Table::new(
            "remedies",
            format!("Remedies on complaints answered, {year}"),
            &[
                "Remedy",
                "Offered",
                "Done",
                "Outstanding",
                "Cannot be delivered",
                "Amount",
            ],
        );
        for (code, label) in REMEDY_KINDS {
            let of = |state: Option<&str>| -> (u64, u64) {
                self.remedies
                    .iter()
                    .filter(|g| g.kind == code && state.is_none_or(|s| g.state == s))
                    .fold((0, 0), |(c, p), g| (c + g.count, p + g.pence))
            };
            let (offered, pence) = of(None);
            remedies.row(
                label,
                vec![
                    n(offered),
                    n(of(Some("done")).0),
                    n(of(Some("outstanding")).0),
                    n(of(Some("cannot_be_delivered")).0),
                    if code == "compensation" {
                        money(pence)
                    } else {
                        String::new()
                    },
                ],
            );
        }
        let paid: u64 = self
            .remedies
            .iter()
            .filter(|g| g.kind == "compensation" && g.state == "done")
            .map(|g| g.pence)
            .sum();
        remedies.row(
            "Compensation paid (done)",
            vec![
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                money(paid),
            ],
        );

        let mut escalation = Table::new(
            "escalation",
            format!("Escalation to Stage 2, {year}"),
            &["Measure", "Stage 2 requests", "Stage 1 responses", "Rate"],
        );
        escalation.row(
            "Stage 2 requests per Stage 1 response",
            share_cells(self.escalation),
        );

        let mut causes = Table::new(
            "root-causes",
            format!("Root causes found in complaints answered, {year}"),
            &["Root cause", "Complaints", "Per 1,000 homes"],
        );
        for (name, count) in &self.root_causes {
            causes.row(
                name.clone(),
                vec![n(*count), rate(per_1000(*count, tsm.homes))],
            );
        }

        let themes = monthly(
            "themes",
            format!("Root causes each month (by the month the complaint was answered), {year}"),
            "Root cause",
            self,
            &self.themes,
            String::clone,
        );

        let sr = &self.service_requests;
        let mut service_requests = Table::new(
            "service-requests",
            format!("Service requests received, and how long they took, {year}"),
            &["Measure", "Service requests"],
        );
        service_requests.row("Received in the year", vec![n(sr.received)]);
        for (band, count) in super::RESOLVED_BANDS.iter().zip(sr.resolved_within) {
            service_requests.row(format!("Resolved: {}", band.to_lowercase()), vec![n(count)]);
        }
        service_requests.row("Withdrawn", vec![n(sr.withdrawn)]);
        service_requests.row("Still open", vec![n(sr.open)]);
        service_requests.row(
            "Oldest still open, in days",
            vec![sr.oldest_open_days.map_or_else(|| "–".to_owned(), n)],
        );

        let om = &self.ombudsman;
        let mut ombudsman = Table::new(
            "ombudsman",
            format!("The Housing Ombudsman's casework, {year}"),
            &["Measure", "Number"],
        );
        ombudsman.row("Complaints referred to the Ombudsman", vec![n(om.referred)]);
        ombudsman.row("Determinations received", vec![n(om.determined)]);
        for (finding, count) in &om.findings {
            ombudsman.row(
                format!("Finding: {}", finding.label().to_lowercase()),
                vec![n(*count)],
            );
        }
        for (kind, tally) in &om.orders {
            let what = match kind {
                crate::ombudsman::OrderKind::Order => "Orders",
                crate::ombudsman::OrderKind::Recommendation => "Recommendations",
            };
            ombudsman.row(format!("{what} made"), vec![n(tally.made)]);
            ombudsman.row(
                format!("{what} complied with on time"),
                vec![n(tally.complied_on_time)],
            );
            ombudsman.row(
                format!("{what} complied with late"),
                vec![n(tally.complied_late)],
            );
            ombudsman.row(format!("{what} overdue"), vec![n(tally.overdue)]);
            ombudsman.row(format!("{what} not yet due"), vec![n(tally.not_yet_due)]);
        }

        vec![
            t_tsm,
            by_kind,
            by_stage,
            by_channel,
            on_time,
            extensions,
            outcomes,
            refusals,
            remedies,
            escalation,
            causes,
            themes,
            service_requests,
            ombudsman,
        ]
    }

    /// One table by its slug.
    pub fn table(&self, slug: &str) -> Option<Table> {
        self.tables().into_iter().find(|t| t.slug == slug)
    }
}

/// Remedy codes as stored, with their names.
const REMEDY_KINDS: [(&str, &str); 6] = [
    ("apology", "Apology"),
    ("explanation", "Explanation"),
    ("action", "Action to put it right"),
    ("compensation", "Compensation"),
    ("record_amended", "Record amended"),
    ("decision_reconsidered", "Decision reconsidered"),
];
