//! The Ombudsman's casework in a reporting year (Code 8.1 and 9.x: what the governing body
//! is told): referrals made, determinations and their findings, and the orders and
//! recommendations made in the year with how they were complied with.
//!
//! Rules we chose: a referral counts in the year it was made; a determination, its
//! findings and its orders in the year of the determination. An order complied with after
//! the day counted to is still outstanding on it, so a past year's figures never change.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ombudsman::{Finding, OrderKind};

/// An order or recommendation made in a determination in the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderFact {
    pub kind: OrderKind,
    pub due: NaiveDate,
    pub complied: Option<NaiveDate>,
}

/// What storage counts of the Ombudsman's casework in one year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanFacts {
    pub referred: u64,
    pub determined: u64,
    pub findings: Vec<(Finding, u64)>,
    pub orders: Vec<OrderFact>,
}

/// How the orders (or the recommendations) made in the year stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTally {
    pub made: u64,
    pub complied_on_time: u64,
    pub complied_late: u64,
    /// Not complied with and past their date.
    pub overdue: u64,
    /// Not complied with, and not yet due.
    pub not_yet_due: u64,
}

/// The Ombudsman's year, added up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OmbudsmanSummary {
    pub referred: u64,
    pub determined: u64,
    /// Every finding, in [`Finding::ALL`]'s order, with how many of each.
    pub findings: Vec<(Finding, u64)>,
    /// Orders, then recommendations.
    pub orders: [(OrderKind, OrderTally); 2],
}

impl OmbudsmanSummary {
    /// Adds up `facts` as of `as_of`.
    pub fn of(facts: &OmbudsmanFacts, as_of: NaiveDate) -> Self {
        let findings = Finding::ALL
            .into_iter()
            .map(|f| {
                let n = facts
                    .findings
                    .iter()
                    .filter(|(g, _)| *g == f)
                    .map(|(_, n)| n)
                    .sum();
                (f, n)
            })
            .collect();
        let mut orders = [
            (OrderKind::Order, OrderTally::default()),
            (OrderKind::Recommendation, OrderTally::default()),
        ];
        for fact in &facts.orders {
            let Some((_, tally)) = orders.iter_mut().find(|(k, _)| *k == fact.kind) else {
                continue;
            };
            tally.made += 1;
            match fact.complied.filter(|on| *on <= as_of) {
                Some(on) if on <= fact.due => tally.complied_on_time += 1,
                Some(_) => tally.complied_late += 1,
                None if as_of > fact.due => tally.overdue += 1,
                None => tally.not_yet_due += 1,
            }
        }
        Self {
            referred: facts.referred,
            determined: facts.determined,
            findings,
            orders,
        }
    }

    /// Findings of fault (maladministration of either severity, service failure).
    pub fn at_fault(&self) -> u64 {
        self.findings
            .iter()
            .filter(|(f, _)| f.at_fault())
            .map(|(_, n)| n)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn orders_count_as_complied_on_time_late_overdue_or_not_yet_due_on_the_day_counted_to() {
        let order = |due, complied| OrderFact {
            kind: OrderKind::Order,
            due,
            complied,
        };
        let facts = OmbudsmanFacts {
            referred: 3,
            determined: 2,
            findings: vec![
                (Finding::Maladministration, 2),
                (Finding::ServiceFailure, 1),
                (Finding::NoMaladministration, 1),
            ],
            orders: vec![
                order(d(5, 1), Some(d(4, 30))),
                order(d(5, 1), Some(d(5, 2))),
                order(d(5, 1), None),
                order(d(9, 1), None),
                // Complied with after the day counted to: outstanding on it.
                order(d(5, 1), Some(d(8, 1))),
                OrderFact {
                    kind: OrderKind::Recommendation,
                    due: d(6, 1),
                    complied: Some(d(6, 1)),
                },
            ],
        };
        let summary = OmbudsmanSummary::of(&facts, d(7, 1));
        assert_eq!(
            summary.orders[0].1,
            OrderTally {
                made: 5,
                complied_on_time: 1,
                complied_late: 1,
                overdue: 2,
                not_yet_due: 1,
            }
        );
        assert_eq!(summary.orders[1].1.complied_on_time, 1);
        assert_eq!(summary.findings.len(), Finding::ALL.len());
        assert_eq!(summary.at_fault(), 3);
        assert_eq!(summary.referred, 3);
    }
}
