//! The working-day calendar as an admin keeps it (`/admin/calendar`,
//! `domain::access::Action::ManageCalendar`): which years' bank holidays are GOV.UK's and
//! which projected, the days off to come, the closure days, and every change made.
//!
//! A closure day is added, renamed or removed in two steps: the change is checked and its
//! effect on the open complaints shown (`/admin/calendar/closure-day`, a plain GET, so it
//! works without JavaScript and changes nothing), then saved with one post. GOV.UK's
//! bank-holidays file is uploaded as a plain multipart post (`POST`
//! [`HOLIDAYS_UPLOAD_PATH`], in the server crate). Either way the calendar every server
//! counts with changes (this one at once, the others within
//! `state::REFRESH_SECONDS`), the open complaints are counted again, and the
//! change is recorded with what it did.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where GOV.UK's bank-holidays file is posted.
pub const HOLIDAYS_UPLOAD_PATH: &str = "/admin/calendar/bank-holidays";
/// The upload's file field.
pub const HOLIDAYS_FILE_FIELD: &str = "file";
/// The biggest file accepted: GOV.UK's is about 20 KB.
pub const HOLIDAYS_MAX_BYTES: usize = 1024 * 1024;
/// How many moved deadlines the check page lists (it counts them all).
pub const MOVES_LISTED: usize = 20;
/// How many changes the calendar page lists, newest first.
pub const CHANGES_LISTED: u64 = 20;

/// Whether someone with this role keeps the calendar (admins).
pub fn may_manage(role: domain::Role) -> bool {
    domain::access::role_may(role, domain::access::Action::ManageCalendar)
}

/// Why an uploaded bank-holidays file was refused, as the address carries it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HolidaysRefusal {
    NoFile,
    TooBig,
    NotJson,
    File(domain::calendar::ImportError),
}

impl HolidaysRefusal {
    /// The query `?holidays_error=…&detail=…` for the calendar page.
    #[cfg(feature = "ssr")]
    pub fn query(&self) -> String {
        let (code, detail) = match self {
            Self::NoFile => ("no_file", String::new()),
            Self::TooBig => ("too_big", String::new()),
            Self::NotJson => ("not_json", String::new()),
            Self::File(e) => e.code(),
        };
        let mut url = url::form_urlencoded::Serializer::new(String::new());
        url.append_pair("holidays_error", code);
        if !detail.is_empty() {
            url.append_pair("detail", &detail);
        }
        url.finish()
    }

    /// The refusal the address names; `None` for a code we never send.
    pub fn from_query(code: &str, detail: &str) -> Option<Self> {
        match code {
            "no_file" => Some(Self::NoFile),
            "too_big" => Some(Self::TooBig),
            "not_json" => Some(Self::NotJson),
            _ => domain::calendar::ImportError::from_code(code, detail).map(Self::File),
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::NoFile => "Choose GOV.UK’s bank-holidays file (bank-holidays.json)".to_owned(),
            Self::TooBig => "The file is bigger than 1 MB: GOV.UK’s bank-holidays file is about 20 KB, so check you chose the right one".to_owned(),
            Self::NotJson => "The file is not GOV.UK’s bank-holidays data: download bank-holidays.json from www.gov.uk/bank-holidays.json and upload it as it is".to_owned(),
            Self::File(e) => e.to_string(),
        }
    }
}

/// A day off to come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayOff {
    pub date: String,
    pub name: String,
    /// "Bank holiday" or "Closure day".
    pub kind: String,
    /// A bank holiday worked out by the rules for a year GOV.UK has not published.
    pub projected: bool,
}

/// A closure day as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureLine {
    /// `YYYY-MM-DD`, for the links that change it.
    pub iso: String,
    pub date: String,
    pub name: String,
    /// Still to come, so it may be removed.
    pub to_come: bool,
}

/// A change as the admin page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeLine {
    pub when: String,
    pub who: String,
    pub summary: String,
    /// "3 of 41 open complaints' deadlines moved", or that the recount is unfinished.
    pub effect: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarView {
    /// The calendar's version, as stored deadlines record it.
    pub version: String,
    /// "2018 to 2028", or "2018 to 2027, 2032" when a file skipped years.
    pub published: String,
    /// The years counted by the rules: "2029 onwards", or "2028 to 2031, and 2033 onwards".
    pub projected: String,
    /// "Last imported on … by …: …", when a file was imported.
    pub last_import: Option<String>,
    /// Bank holidays and closure days in the next twelve months.
    pub coming: Vec<DayOff>,
    /// Every closure day, latest first.
    pub closures: Vec<ClosureLine>,
    pub changes: Vec<ChangeLine>,
}

/// One deadline a change would move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveLine {
    pub reference: String,
    pub from: String,
    pub to: String,
}

/// A closure-day change, checked, with what it would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosureEffect {
    /// `add`, `rename` or `remove`.
    pub change: String,
    pub date: String,
    pub name: String,
    /// The name it has now, when renaming.
    pub previous_name: Option<String>,
    /// Open complaints that would be counted again.
    pub counted: u64,
    pub moved: u64,
    /// The soonest of the deadlines that would move, at most [`MOVES_LISTED`].
    pub first: Vec<MoveLine>,
}

#[cfg(feature = "ssr")]
fn in_words(date: chrono::NaiveDate) -> String {
    domain::deadlines::long_date(date)
}

/// Years in order as runs: "2018 to 2027, 2032".
pub fn year_ranges(years: &[i32]) -> String {
    let mut runs: Vec<(i32, i32)> = Vec::new();
    for &year in years {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == year => *end = year,
            _ => runs.push((year, year)),
        }
    }
    runs.iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a} to {b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn years_are_written_as_runs() {
        assert_eq!(
            super::year_ranges(&[2018, 2019, 2020, 2024, 2026, 2027]),
            "2018 to 2020, 2024, 2026 to 2027"
        );
        assert_eq!(super::year_ranges(&[2031]), "2031");
        assert_eq!(super::year_ranges(&[]), "");
    }
}

#[cfg(feature = "ssr")]
fn effect_of(change: &storage::calendar::Change) -> String {
    match (change.counted, change.moved) {
        _ if change.change == "rename" => "No deadline moves".to_owned(),
        (Some(counted), Some(moved)) => format!(
            "{} of {} open complaints had their next deadline moved",
            crate::components::thousands(u64::from(moved)),
            crate::components::thousands(u64::from(counted))
        ),
        _ => "The open complaints are still to be counted again".to_owned(),
    }
}

/// The calendar page.
#[server(endpoint = "calendar_overview")]
pub async fn calendar_overview() -> Result<CalendarView, AppError> {
    let caller = crate::auth::session::caller().await?;
    let scope = crate::state::scope()?;
    let today = crate::clock::today();
    let calendar = &scope.calendar;
    let service::calendar::History {
        changes,
        last_import,
        by: names,
    } = service::calendar::history(scope.ctx(), &caller, CHANGES_LISTED).await?;
    let published: Vec<i32> = calendar.published_years().collect();
    let last = published.last().copied().unwrap_or_default();
    let gaps: Vec<i32> = published
        .windows(2)
        .flat_map(|pair| pair[0] + 1..pair[1])
        .collect();
    let who = |by: Option<i32>| match by {
        Some(id) => names
            .get(&id)
            .map_or_else(|| "A former admin".to_owned(), |a| a.display_name.clone()),
        None => "From the command line".to_owned(),
    };
    let when = |c: &storage::calendar::Change| in_words(domain::london::to_london(c.at).date());
    let horizon = today + chrono::Months::new(12);
    let mut coming: Vec<(chrono::NaiveDate, DayOff)> = Vec::new();
    for year in chrono::Datelike::year(&today)..=chrono::Datelike::year(&horizon) {
        for holiday in calendar.bank_holidays_in(year) {
            if holiday.date >= today && holiday.date <= horizon {
                coming.push((
                    holiday.date,
                    DayOff {
                        date: in_words(holiday.date),
                        name: holiday.name,
                        kind: "Bank holiday".to_owned(),
                        projected: holiday.projected,
                    },
                ));
            }
        }
    }
    let mut closures = Vec::new();
    for day in calendar.closures() {
        if day.date() >= today && day.date() <= horizon {
            coming.push((
                day.date(),
                DayOff {
                    date: in_words(day.date()),
                    name: day.name().to_owned(),
                    kind: "Closure day".to_owned(),
                    projected: false,
                },
            ));
        }
        closures.push(ClosureLine {
            iso: day.date().format("%Y-%m-%d").to_string(),
            date: in_words(day.date()),
            name: day.name().to_owned(),
            to_come: day.date() > today,
        });
    }
    closures.reverse();
    coming.sort_by_key(|(date, _)| *date);
    Ok(CalendarView {
        version: calendar.version().to_string(),
        published: year_ranges(&published),
        projected: if gaps.is_empty() {
            format!("{} onwards", last + 1)
        } else {
            format!("{}, and {} onwards", year_ranges(&gaps), last + 1)
        },
        last_import: last_import.map(|c| {
            format!(
                "Last imported on {} by {}: {}",
                when(&c),
                who(c.by),
                c.summary
            )
        }),
        coming: coming.into_iter().map(|(_, day)| day).collect(),
        closures,
        changes: changes
            .iter()
            .map(|c| ChangeLine {
                when: when(c),
                who: who(c.by),
                summary: c.summary.clone(),
                effect: effect_of(c),
            })
            .collect(),
    })
}

#[cfg(feature = "ssr")]
fn form_of(day: &str, month: &str, year: &str, name: &str) -> domain::calendar::ClosureForm {
    domain::calendar::ClosureForm {
        date: crate::restrictions::read::typed_date(day, month, year),
        name: name.to_owned(),
    }
}

/// Checks a change to a closure day and says what it would do; changes nothing.
#[server(endpoint = "closure_check", input = server_fn::codec::GetUrl)]
pub async fn closure_check(
    change: String,
    #[server(default)] date_day: String,
    #[server(default)] date_month: String,
    #[server(default)] date_year: String,
    #[server(default)] name: String,
) -> Result<ClosureEffect, AppError> {
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageCalendar).await?;
    let change = domain::calendar::ClosureChange::parse(&change).ok_or(AppError::BadRequest)?;
    let scope = crate::state::scope()?;
    let (checked, preview) = service::calendar::check_closure(
        scope.ctx(),
        &caller,
        change,
        &form_of(&date_day, &date_month, &date_year, &name),
        MOVES_LISTED,
    )
    .await?;
    let or_none = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "None".to_owned(), in_words);
    Ok(ClosureEffect {
        change: checked.change.code().to_owned(),
        date: in_words(checked.day.date()),
        name: checked.day.name().to_owned(),
        previous_name: checked.previous.map(|d| d.name().to_owned()),
        counted: preview.counted as u64,
        moved: preview.moved as u64,
        first: preview
            .first
            .into_iter()
            .map(|m| MoveLine {
                reference: m.reference.to_string(),
                from: or_none(m.from),
                to: or_none(m.to),
            })
            .collect(),
    })
}

/// Saves a checked change to a closure day, then recounts the open complaints.
#[server(endpoint = "change_closure_day")]
pub async fn change_closure_day(
    change: String,
    #[server(default)] date_day: String,
    #[server(default)] date_month: String,
    #[server(default)] date_year: String,
    #[server(default)] name: String,
) -> Result<(), AppError> {
    let typed = crate::refusal::Typed::new(&[
        ("change", Some(&change)),
        ("date_day", Some(&date_day)),
        ("date_month", Some(&date_month)),
        ("date_year", Some(&date_year)),
        ("name", Some(&name)),
    ]);
    let caller =
        crate::auth::session::caller_who_may(domain::access::Action::ManageCalendar).await?;
    let result = async {
        let change = domain::calendar::ClosureChange::parse(&change).ok_or(AppError::BadRequest)?;
        let scope = crate::state::scope()?;
        let made = service::calendar::change_closure(
            scope.ctx(),
            &caller,
            change,
            &form_of(&date_day, &date_month, &date_year, &name),
        )
        .await;
        let changed = scope
            .state
            .calendar
            .after_change(&scope.state.db, made)
            .await?;
        let (code, moved) = (changed.change.change.code(), changed.moved.len());
        leptos_axum::redirect(&format!("/admin/calendar?changed={code}&moved={moved}"));
        Ok(())
    }
    .await;
    typed.keep_on_refusal_at(
        "/admin/calendar/closure-day",
        <ChangeClosureDay as server_fn::ServerFn>::PATH,
        &result,
    );
    result
}
