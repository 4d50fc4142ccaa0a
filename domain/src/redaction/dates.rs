//! Dates as people write them, found so a date of birth can be recognised in any common
//! form: "3rd March 1961", "the 3rd of March, 1961", "March 3rd 1961", "3 Mar 61",
//! "03/03/1961", "3.3.61", "3-Mar-1961", "1961-03-03". Day before month, as in the UK.

use super::fold::{Word, is_apostrophe};
use super::lexicon::{day_word, month};

/// A date found in text. `year` is `None` when none was written, and two-digit years
/// are kept as written (`61`) with `short_year` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextDate {
    pub start: usize,
    pub end: usize,
    pub day: u32,
    pub month: u32,
    pub year: Option<i32>,
    pub short_year: bool,
}

impl TextDate {
    /// Whether this is the given date (a two-digit year matching its last two digits).
    pub fn is(&self, date: chrono::NaiveDate) -> bool {
        use chrono::Datelike;
        self.day == date.day()
            && self.month == date.month()
            && self.year.is_some_and(|y| {
                if self.short_year {
                    y == date.year().rem_euclid(100)
                } else {
                    y == date.year()
                }
            })
    }

    pub fn same_day_of_year(&self, date: chrono::NaiveDate) -> bool {
        use chrono::Datelike;
        self.day == date.day() && self.month == date.month()
    }
}

fn digits_at(b: &[u8], i: usize) -> usize {
    b[i..].iter().take_while(|c| c.is_ascii_digit()).count()
}

fn parse_u32(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// Dates written in figures: `d/m/y`, `d-m-y`, `d.m.y` (the month may be a short name,
/// "3-Mar-1961"), and `yyyy-mm-dd`.
pub fn numeric_dates(text: &str) -> Vec<TextDate> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        if let Some(found) = numeric_date_at(text, i) {
            i = found.end;
            out.push(found);
        } else {
            i += digits_at(b, i).max(1);
        }
    }
    out
}

fn numeric_date_at(text: &str, i: usize) -> Option<TextDate> {
    let b = text.as_bytes();
    let n1 = digits_at(b, i);
    if !(1..=4).contains(&n1) || n1 == 3 {
        return None;
    }
    let sep = *b.get(i + n1)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let m_start = i + n1 + 1;
    let n2 = digits_at(b, m_start);
    let (month_no, m_end) = if n2 > 0 {
        if n2 > 2 {
            return None;
        }
        (parse_u32(&text[m_start..m_start + n2])?, m_start + n2)
    } else {
        let letters = b[m_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .count();
        if n1 == 4 || !(3..=9).contains(&letters) {
            return None;
        }
        let name = text[m_start..m_start + letters].to_ascii_lowercase();
        (month(&name)?, m_start + letters)
    };
    if *b.get(m_end)? != sep {
        return None;
    }
    let y_start = m_end + 1;
    let n3 = digits_at(b, y_start);
    let end = y_start + n3;
    if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
        || (b.get(end) == Some(&sep) && b.get(end + 1).is_some_and(u8::is_ascii_digit))
    {
        return None;
    }
    let first = parse_u32(&text[i..i + n1])?;
    let last = &text[y_start..end];
    let (day, year, short_year) = if n1 == 4 {
        if !(1..=2).contains(&n3) {
            return None;
        }
        (parse_u32(last)?, i32::try_from(first).ok()?, false)
    } else {
        if n3 != 2 && n3 != 4 {
            return None;
        }
        (first, last.parse().ok()?, n3 == 2)
    };
    ((1..=31).contains(&day) && (1..=12).contains(&month_no)).then_some(TextDate {
        start: i,
        end,
        day,
        month: month_no,
        year: Some(year),
        short_year,
    })
}

/// The year after a written date ("1961", "61", "’61"), if the next word is one.
fn year_word(text: &str, w: &Word) -> Option<(i32, bool, usize)> {
    if w.key.len() == 4 && w.key.bytes().all(|c| c.is_ascii_digit()) {
        let y: i32 = w.key.parse().ok()?;
        return (1880..=2100).contains(&y).then_some((y, false, w.start));
    }
    if w.key.len() == 2 && w.key.bytes().all(|c| c.is_ascii_digit()) {
        let start = text[..w.start]
            .chars()
            .next_back()
            .filter(|c| is_apostrophe(*c))
            .map_or(w.start, |c| w.start - c.len_utf8());
        return Some((w.key.parse().ok()?, true, start));
    }
    None
}

/// Between the parts of a written date: spaces, a comma, the dot of "Mar.", "of".
fn small_gap(text: &str, a: &Word, b: &Word) -> bool {
    let gap = &text[a.end..b.start];
    gap.len() <= 6
        && gap
            .chars()
            .all(|c| c.is_whitespace() || c == ',' || c == '.' || is_apostrophe(c))
}

fn month_of(w: &Word) -> Option<u32> {
    let m = month(&w.key)?;
    // Lower-case "may" and "march" are verbs far more often than months.
    (w.capital || !matches!(w.key.as_str(), "may" | "march" | "mar")).then_some(m)
}

/// Dates with the month in words: "3rd March 1961", "the third of March", "March 3, 1961",
/// "3 Mar 61". The year is optional.
pub fn word_dates(text: &str, words: &[Word]) -> Vec<TextDate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = day_month(text, words, i).or_else(|| month_day(text, words, i));
        if let Some((date, next)) = found {
            out.push(date);
            i = next;
        } else {
            i += 1;
        }
    }
    out
}

fn with_year(text: &str, words: &[Word], mut date: TextDate, next: usize) -> (TextDate, usize) {
    if let Some(y) = words.get(next)
        && small_gap(text, &words[next - 1], y)
        && let Some((year, short_year, _)) = year_word(text, y)
        && !words
            .get(next + 1)
            .is_some_and(|after| text[y.end..after.start].trim().is_empty() && after.has_digit())
    {
        date.year = Some(year);
        date.short_year = short_year;
        date.end = y.end;
        return (date, next + 1);
    }
    (date, next)
}

fn day_month(text: &str, words: &[Word], i: usize) -> Option<(TextDate, usize)> {
    let d = &words[i];
    let day = day_word(&d.key)?;
    let mut j = i + 1;
    let mut m = words.get(j)?;
    if m.key == "of" && small_gap(text, d, m) {
        j += 1;
        let of = m;
        m = words.get(j)?;
        if !small_gap(text, of, m) {
            return None;
        }
    } else if !small_gap(text, d, m) {
        return None;
    }
    let month_no = month_of(m)?;
    let date = TextDate {
        start: d.start,
        end: m.end,
        day,
        month: month_no,
        year: None,
        short_year: false,
    };
    Some(with_year(text, words, date, j + 1))
}

fn month_day(text: &str, words: &[Word], i: usize) -> Option<(TextDate, usize)> {
    let m = &words[i];
    let month_no = month_of(m)?;
    let d = words.get(i + 1)?;
    if !small_gap(text, m, d) {
        return None;
    }
    // "March 2024" is a month and year, not a day.
    let day = day_word(&d.key)?;
    let date = TextDate {
        start: m.start,
        end: d.end,
        day,
        month: month_no,
        year: None,
        short_year: false,
    };
    Some(with_year(text, words, date, i + 2))
}

/// Whether the words just before `at` say a date of birth follows ("born on", "DOB:",
/// "date of birth", "birthday").
pub fn birth_cue_before(text: &str, at: usize) -> bool {
    let mut from = at.saturating_sub(30);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = text[from..at].to_lowercase();
    ["born", "birth", "dob", "d.o.b", "birthday"]
        .iter()
        .any(|cue| before.contains(cue))
}
