//! The hand-written scanners behind [`Redactor::review`]. Each finds byte spans of the
//! text to replace; overlapping spans are joined into one, and neighbouring spans of the
//! same kind (a first name then a surname, a flat then its block then its street) become
//! one placeholder.

use chrono::NaiveDate;

use super::dates::{TextDate, birth_cue_before, numeric_dates, word_dates};
use super::flags::flags;
use super::fold::{Word, fold, possessive_stem_end, umlaut_spelling, words};
use super::lexicon::{
    ADDRESS_GENERIC, COMMON, NOT_AFTER_TITLE, PARTICLES, is_common, is_org_or_role, is_street_word,
    is_title, month, number_word,
};
use super::{Found, Kind, PersonalDetails, Review};

/// Removes identifying details from free text, knowing the people on the case.
///
/// Built once per case with [`Redactor::for_details`]; [`Redactor::review`] then reports
/// what it removed and what a manager should look at, and [`Redactor::redact`] gives just
/// the redacted text.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Folded single words of the known names, each with whether it is also an ordinary
    /// word ("may", "will", "rose"), which is then only matched with a capital letter.
    names: Vec<(String, bool)>,
    /// Folded word sequences of the recorded address ("harbour court", "12 quay street"),
    /// each with whether it is made only of ordinary address words ("the green") and so
    /// is only matched with capitals.
    address_phrases: Vec<(Vec<String>, bool)>,
    /// Folded distinctive single words of the recorded address ("harbour", "quay").
    address_words: Vec<String>,
    /// House and flat numbers in the recorded address ("4", "12a").
    address_numbers: Vec<String>,
    /// Recorded phone numbers, as national digits ("07700900982").
    phones: Vec<String>,
    /// Recorded e-mail addresses, folded.
    emails: Vec<String>,
    /// Recorded postcodes, upper case without spaces.
    postcodes: Vec<String>,
    dates_of_birth: Vec<NaiveDate>,
    /// Recorded National Insurance and account numbers, upper case letters and digits only.
    ni_numbers: Vec<String>,
    account_numbers: Vec<String>,
    /// Recorded values as typed, lower case (ASCII), for anything the above cannot parse.
    phrases: Vec<(String, Kind)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

fn span(start: usize, end: usize, kind: Kind) -> Span {
    Span { start, end, kind }
}

/// Only the letters and digits, upper case: how identifiers are compared.
fn compact(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A phone number's digits in national form: `+44 (0)20 …`, `0044 20 …` and `020 …`
/// all become `020…`.
fn national_digits(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.strip_prefix("00").unwrap_or(&digits);
    match digits.strip_prefix("44") {
        Some(rest) if digits.len() >= 11 => format!("0{}", rest.strip_prefix('0').unwrap_or(rest)),
        _ => digits.to_owned(),
    }
}

fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 7
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
}

fn is_outward_code(s: &str) -> bool {
    let b = s.as_bytes();
    let alpha = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphabetic);
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    match b.len() {
        2 => alpha(0) && digit(1),
        3 => alpha(0) && ((digit(1) && alnum(2)) || (alpha(1) && digit(2))),
        4 => alpha(0) && alpha(1) && digit(2) && alnum(3),
        _ => false,
    }
}

fn is_inward_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 3
        && b[0].is_ascii_digit()
        && b[1].is_ascii_alphabetic()
        && b[2].is_ascii_alphabetic()
}

/// A house or flat number: "12", "3a", or in words ("four", "twenty-one").
fn house_number(w: &Word) -> Option<String> {
    let k = w.key.as_str();
    let digits = k.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if !digits.is_empty()
        && digits.len() <= 4
        && k.len() - digits.len() <= 1
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Some(k.to_owned());
    }
    number_word(k).map(|n| n.to_string())
}

fn gap<'t>(text: &'t str, a: &Word, b: &Word) -> &'t str {
    &text[a.end..b.start]
}

fn is_space_gap(g: &str) -> bool {
    !g.is_empty() && g.len() <= 2 && g.chars().all(char::is_whitespace)
}

impl Redactor {
    pub fn for_details(details: &PersonalDetails) -> Self {
        let names = details
            .names
            .iter()
            .chain(&details.household)
            .chain(&details.representatives)
            .chain(&details.other_names)
            .map(String::as_str);
        let mut redactor = Self::new(names);
        let mut phrase = |text: &str, kind| {
            let t = text.trim();
            if t.len() >= 4 {
                redactor.phrases.push((t.to_ascii_lowercase(), kind));
            }
        };
        for phone in details.phone.iter().chain(&details.other_phones) {
            phrase(phone, Kind::Phone);
        }
        for email in details.email.iter().chain(&details.other_emails) {
            phrase(email, Kind::Email);
        }
        if let Some(dob) = &details.date_of_birth {
            phrase(dob, Kind::DateOfBirth);
        }
        if let Some(postcode) = &details.postcode {
            phrase(postcode, Kind::Postcode);
        }
        for n in &details.ni_numbers {
            phrase(n, Kind::NiNumber);
        }
        for n in &details.account_numbers {
            phrase(n, Kind::AccountNumber);
        }

        let mut r = redactor;
        for phone in details.phone.iter().chain(&details.other_phones) {
            r.add_phone(phone);
        }
        for email in details.email.iter().chain(&details.other_emails) {
            r.emails.push(fold(email.trim()));
        }
        r.postcodes.extend(details.postcode.as_deref().map(compact));
        r.dates_of_birth
            .extend(details.dates_of_birth.iter().copied());
        if let Some(dob) = details.date_of_birth.as_deref()
            && let Some(date) = parse_recorded_date(dob)
        {
            r.dates_of_birth.push(date);
        }
        r.ni_numbers
            .extend(details.ni_numbers.iter().map(|n| compact(n)));
        r.account_numbers.extend(
            details
                .account_numbers
                .iter()
                .map(|n| compact(n))
                .filter(|n| n.len() >= 4),
        );
        for line in &details.address_lines {
            // Contact details are sometimes kept as free lines (a representative's
            // "contact"), so an e-mail or phone number here is treated as one.
            let line = line.trim();
            if line.contains('@') && !line.contains(' ') {
                r.emails.push(fold(line));
            } else if looks_like_phone(line) {
                r.add_phone(line);
            } else {
                r.add_address(line);
            }
        }
        r.address_words.sort();
        r.address_words.dedup();
        r.address_numbers.sort();
        r.address_numbers.dedup();
        r
    }

    fn add_phone(&mut self, phone: &str) {
        let digits = national_digits(phone);
        if digits.len() >= 7 {
            self.phones.push(digits);
        }
    }

    fn add_address(&mut self, line: &str) {
        self.phrases
            .push((line.to_ascii_lowercase(), Kind::Address));
        for part in line.split([',', '\n', ';']) {
            let ws = words(part);
            let mut phrase: Vec<String> = Vec::new();
            let mut distinctive = false;
            // "Quay Street", "Park Road": all street words, so the first ones name it.
            let plain: Vec<&Word> = ws
                .iter()
                .filter(|w| !w.has_digit() && !ADDRESS_GENERIC.contains(&w.key.as_str()))
                .collect();
            let all_street = plain.iter().all(|w| is_street_word(&w.key));
            if all_street && plain.len() >= 2 {
                for w in &plain[..plain.len() - 1] {
                    self.address_words.push(w.key.clone());
                }
            }
            for w in &ws {
                if let Some(n) = house_number(w).filter(|_| w.has_digit()) {
                    self.address_numbers.push(n);
                    if !phrase.is_empty() {
                        self.push_phrase(&mut phrase, distinctive);
                        distinctive = false;
                    }
                    continue;
                }
                let generic = ADDRESS_GENERIC.contains(&w.key.as_str());
                if !generic && !is_street_word(&w.key) && w.key.chars().count() >= 3 {
                    self.address_words.push(w.key.clone());
                    if let Some(spelt) = umlaut_spelling(&part[w.start..w.end]) {
                        self.address_words.push(spelt);
                    }
                    distinctive = true;
                }
                if generic && phrase.is_empty() {
                    continue;
                }
                phrase.push(w.key.clone());
            }
            self.push_phrase(&mut phrase, distinctive);
        }
    }

    fn push_phrase(&mut self, phrase: &mut Vec<String>, distinctive: bool) {
        while phrase
            .last()
            .is_some_and(|w| ADDRESS_GENERIC.contains(&w.as_str()))
        {
            phrase.pop();
        }
        let worth = phrase.len() >= 2
            || (phrase.len() == 1 && !distinctive && phrase[0].chars().count() >= 3);
        if worth && !phrase.is_empty() {
            self.address_phrases
                .push((std::mem::take(phrase), !distinctive));
        }
        phrase.clear();
    }

    /// A redactor that knows these people's names.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut keys: Vec<String> = Vec::new();
        for name in names {
            for w in words(name) {
                let original = &name[w.start..w.end];
                let k = w.key.trim_end_matches('.').to_owned();
                let mut add = |k: &str| {
                    if k.chars().count() >= 2 && !is_title(k) && !PARTICLES.contains(&k) {
                        keys.push(k.to_owned());
                    }
                };
                add(&k);
                for part in k.split('-') {
                    add(part);
                }
                if k.contains('\'') {
                    add(&k.replace('\'', ""));
                    if let Some((_, after)) = k.rsplit_once('\'')
                        && after.chars().count() >= 3
                    {
                        add(after);
                    }
                }
                if let Some(spelt) = umlaut_spelling(original) {
                    add(&spelt);
                    for part in spelt.split('-') {
                        add(part);
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        Self {
            names: keys
                .into_iter()
                .map(|k| {
                    let common = is_common(&k) || is_org_or_role(&k) || is_street_word(&k);
                    (k, common)
                })
                .collect(),
            ..Self::default()
        }
    }

    /// The text with every recognised personal detail replaced by a placeholder.
    pub fn redact(&self, text: &str) -> String {
        self.review(text).redacted
    }

    /// What [`Redactor::redact`] removes, where, and what it could not decide: capitalised
    /// words that look like people's names not on the record, places, and numbers that
    /// look like identifiers. Spans are byte offsets into `text`.
    pub fn review(&self, text: &str) -> Review {
        let ws = words(text);
        let lower = text.to_ascii_lowercase();
        let mut spans = Vec::new();
        let mut named = vec![false; ws.len()];
        self.known_names(text, &ws, &mut named, &mut spans);
        titles(text, &ws, &mut named, &mut spans);
        extend_names(text, &ws, &mut named, &mut spans);
        emails(text, &mut spans);
        self.phones(text, &mut spans);
        postcodes(text, &ws, &mut spans);
        self.ni_numbers(text, &mut spans);
        let dates = self.dates(text, &ws, &mut spans);
        self.account_numbers(text, &ws, &mut spans);
        self.addresses(text, &ws, &mut spans);
        addresses(text, &lower, &ws, &mut spans);
        self.phrases(text, &lower, &mut spans);
        let redactions = resolve(text, spans);
        let flags = flags(text, &ws, &redactions, &dates);
        Review {
            redacted: splice(text, &redactions),
            redactions,
            flags,
        }
    }

    fn name_key(&self, key: &str) -> Option<bool> {
        self.names
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .ok()
            .map(|i| self.names[i].1)
    }

    /// Whether a word of the text is one of the known names: whole, without its
    /// possessive, as one part of a hyphenated or apostrophed word, or as a plural
    /// ("the Smiths").
    fn is_known_name(&self, text: &str, ws: &[Word], i: usize) -> Option<usize> {
        let w = &ws[i];
        if !w.is_alphabetic() {
            // A recorded name with digits in it (rare, but it is what the record says) is
            // matched only whole.
            return self.name_key(&w.key).map(|_| w.end);
        }
        let stem_end = possessive_stem_end(text, w).unwrap_or(w.end);
        let stem = if stem_end < w.end {
            &w.key[..w.key.len() - 2]
        } else {
            w.key.as_str()
        };
        let mut candidates: Vec<&str> = vec![stem];
        if stem.contains('-') {
            candidates.extend(stem.split('-'));
        }
        let unapostrophed;
        if stem.contains('\'') {
            unapostrophed = stem.replace('\'', "");
            candidates.push(&unapostrophed);
            candidates.extend(stem.split('\''));
        }
        if stem.len() > 3
            && let Some(singular) = stem.strip_suffix('s')
        {
            candidates.push(singular);
        }
        let near_digit = |j: Option<usize>| {
            j.and_then(|j| ws.get(j)).is_some_and(|n| {
                n.has_digit() && {
                    let (a, b) = if n.start > w.start { (w, n) } else { (n, w) };
                    gap(text, a, b)
                        .chars()
                        .all(|c| c.is_whitespace() || c == ',')
                }
            })
        };
        let matched = candidates.iter().any(|c| match self.name_key(c) {
            None => false,
            Some(false) => true,
            Some(true) => {
                w.capital
                    && !(month(c).is_some()
                        && (near_digit(i.checked_sub(1)) || near_digit(Some(i + 1))))
            }
        });
        matched.then_some(stem_end)
    }

    fn known_names(&self, text: &str, ws: &[Word], named: &mut [bool], spans: &mut Vec<Span>) {
        for i in 0..ws.len() {
            if let Some(end) = self.is_known_name(text, ws, i) {
                named[i] = true;
                spans.push(span(ws[i].start, end, Kind::Name));
            }
        }
    }

    /// Runs of digits, spaces, dashes, dots and brackets (a leading + allowed) whose
    /// digits make a UK number (10–11 starting 0, or 12–13 starting 44) or a recorded
    /// number in any spacing.
    fn phones(&self, text: &str, spans: &mut Vec<Span>) {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let starts = (b == b'+' || b == b'(' || b.is_ascii_digit())
                && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
            if !starts {
                i += 1;
                continue;
            }
            // The ends of each group of digits, longest first.
            let mut ends = Vec::new();
            let mut end = i;
            while end < bytes.len()
                && (end == i || bytes[end].is_ascii_digit() || b" -().".contains(&bytes[end]))
            {
                end += 1;
                if bytes[end - 1].is_ascii_digit()
                    && !bytes.get(end).is_some_and(u8::is_ascii_digit)
                {
                    ends.push(end);
                }
                if bytes[end - 1] == b' ' && bytes.get(end) == Some(&b' ') {
                    break;
                }
            }
            let found = ends.iter().rev().copied().find(|&end| {
                let raw = &text[i..end];
                let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                let digits = digits.strip_prefix("00").unwrap_or(&digits);
                let uk = (digits.starts_with('0') && (10..=11).contains(&digits.len()))
                    || (digits.starts_with("44") && (12..=13).contains(&digits.len()));
                let followed_by_word = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
                let recorded = self.phones.contains(&national_digits(raw));
                (uk || recorded) && !followed_by_word && !raw.contains('/')
            });
            if let Some(end) = found {
                spans.push(span(i, end, Kind::Phone));
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// National Insurance numbers: two letters, six digits (spaced in pairs or not) and a
    /// letter A–D. Without the final letter, only in capitals with a valid prefix.
    fn ni_numbers(&self, text: &str, spans: &mut Vec<Span>) {
        let b = text.as_bytes();
        for i in 0..b.len() {
            if (i > 0 && b[i - 1].is_ascii_alphanumeric())
                || !b[i].is_ascii_alphabetic()
                || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)
            {
                continue;
            }
            let mut j = i + 2;
            let mut digits = 0;
            let mut last_digit_end = j;
            while j < b.len() && digits < 6 {
                if b[j].is_ascii_digit() {
                    digits += 1;
                    j += 1;
                    last_digit_end = j;
                } else if b[j] == b' ' && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits != 6 || b.get(last_digit_end).is_some_and(u8::is_ascii_digit) {
                continue;
            }
            let mut end = last_digit_end;
            let mut k = end;
            if b.get(k) == Some(&b' ') {
                k += 1;
            }
            let suffix = b.get(k).is_some_and(|c| b"ABCDabcd".contains(c))
                && !b.get(k + 1).is_some_and(u8::is_ascii_alphanumeric);
            if suffix {
                end = k + 1;
            }
            if b.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                continue;
            }
            let prefix = [b[i].to_ascii_uppercase(), b[i + 1].to_ascii_uppercase()];
            let capitals = b[i].is_ascii_uppercase() && b[i + 1].is_ascii_uppercase();
            let recorded = self.ni_numbers.contains(&compact(&text[i..end]));
            if recorded || (valid_ni_prefix(prefix) && (suffix || capitals)) {
                spans.push(span(i, end, Kind::NiNumber));
            }
        }
    }

    /// Dates of birth: a recorded one in any written form, and any date just after
    /// "born", "DOB" or "date of birth". Returns every date found, for the flags.
    fn dates(&self, text: &str, ws: &[Word], spans: &mut Vec<Span>) -> Vec<TextDate> {
        let mut all = numeric_dates(text);
        all.extend(word_dates(text, ws));
        for d in &all {
            let cue = birth_cue_before(text, d.start);
            let recorded = self
                .dates_of_birth
                .iter()
                .any(|&dob| d.is(dob) || (d.year.is_none() && cue && d.same_day_of_year(dob)));
            if recorded || (cue && d.year.is_some()) {
                spans.push(span(d.start, d.end, Kind::DateOfBirth));
            }
        }
        all
    }

    /// Recorded tenancy and rent account numbers in any spacing, and any number of five
    /// or more digits just after "rent account", "tenancy number", "account no" and the
    /// like.
    fn account_numbers(&self, text: &str, ws: &[Word], spans: &mut Vec<Span>) {
        for (i, w) in ws.iter().enumerate() {
            let c = compact(&text[w.start..w.end]);
            if self.account_numbers.contains(&c) || self.ni_numbers.contains(&c) {
                let kind = if self.ni_numbers.contains(&c) {
                    Kind::NiNumber
                } else {
                    Kind::AccountNumber
                };
                spans.push(span(w.start, w.end, kind));
                continue;
            }
            // The recorded number split over several words ("1002 3456 7").
            for recorded in &self.account_numbers {
                let mut joined = String::new();
                for (k, next) in ws[i..].iter().enumerate().take(6) {
                    if k > 0
                        && !text[ws[i + k - 1].end..next.start]
                            .chars()
                            .all(|c| " -/".contains(c))
                    {
                        break;
                    }
                    joined.push_str(&compact(&text[next.start..next.end]));
                    if joined == *recorded {
                        spans.push(span(w.start, next.end, Kind::AccountNumber));
                        break;
                    }
                    if !recorded.starts_with(&joined) {
                        break;
                    }
                }
            }
            let digits = w.key.chars().filter(char::is_ascii_digit).count();
            if digits < 5 {
                continue;
            }
            let mut cue = false;
            for back in (i.saturating_sub(4)..i).rev() {
                let k = ws[back].key.as_str();
                if matches!(
                    k,
                    "account" | "tenancy" | "rent" | "payment" | "customer" | "tenant"
                ) {
                    cue = true;
                    break;
                }
                if !matches!(
                    k,
                    "number"
                        | "no"
                        | "ref"
                        | "reference"
                        | "id"
                        | "is"
                        | "was"
                        | "of"
                        | "the"
                        | "our"
                        | "their"
                        | "her"
                        | "his"
                        | "my"
                        | "your"
                ) {
                    break;
                }
            }
            if cue {
                spans.push(span(w.start, w.end, Kind::AccountNumber));
            }
        }
    }

    /// The recorded address wherever its parts appear: its word sequences ("Harbour
    /// Court"), its distinctive words with a capital ("Harbour"), its flat and house
    /// numbers after "flat", "number" or "no.", and any number and street word around them.
    fn addresses(&self, text: &str, ws: &[Word], spans: &mut Vec<Span>) {
        let mut addr = vec![false; ws.len()];
        for i in 0..ws.len() {
            for (phrase, needs_capitals) in &self.address_phrases {
                let Some(slice) = ws.get(i..i + phrase.len()) else {
                    continue;
                };
                let same = slice.iter().zip(phrase).all(|(w, p)| &w.key == p)
                    && slice.windows(2).all(|p| {
                        gap(text, &p[0], &p[1])
                            .chars()
                            .all(|c| c.is_whitespace() || c == ',')
                    });
                let capitals_ok = !needs_capitals
                    || slice
                        .iter()
                        .all(|w| w.capital || matches!(w.key.as_str(), "the" | "of" | "on"));
                if same && capitals_ok {
                    addr[i..i + phrase.len()].iter_mut().for_each(|a| *a = true);
                }
            }
            let w = &ws[i];
            let stem =
                possessive_stem_end(text, w).map_or(w.key.as_str(), |_| &w.key[..w.key.len() - 2]);
            if (w.capital || w.all_caps)
                && self
                    .address_words
                    .binary_search_by(|a| a.as_str().cmp(stem))
                    .is_ok()
            {
                addr[i] = true;
            }
        }
        let numbered_cue = |k: &str| {
            matches!(
                k,
                "flat" | "apartment" | "apt" | "unit" | "number" | "no" | "house" | "maisonette"
            )
        };
        // A recorded number after "flat", "number", "no." ("flat four", "No. 12").
        for i in 1..ws.len() {
            if numbered_cue(&ws[i - 1].key)
                && gap(text, &ws[i - 1], &ws[i]).len() <= 3
                && house_number(&ws[i]).is_some_and(|n| self.address_numbers.contains(&n))
            {
                addr[i - 1] = true;
                addr[i] = true;
            }
        }
        // Grow each marked run: street words after it, a number before it (and "flat"
        // before that), "flat four at", "Flat 4,".
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..ws.len() {
                if !addr[i] {
                    continue;
                }
                if let Some(n) = ws.get(i + 1)
                    && !addr[i + 1]
                    && n.capital
                    && is_street_word(&n.key)
                    && is_space_gap(gap(text, &ws[i], n))
                {
                    addr[i + 1] = true;
                    changed = true;
                }
                if i == 0 || addr[i - 1] {
                    continue;
                }
                let p = &ws[i - 1];
                let g = gap(text, p, &ws[i]);
                let short = g.len() <= 2 && g.chars().all(|c| c.is_whitespace() || c == ',');
                let number_before = house_number(p).is_some();
                let cue_before = numbered_cue(&p.key)
                    && (house_number(&ws[i]).is_some() || ws[i].key.len() == 1);
                if short && (number_before || cue_before) {
                    addr[i - 1] = true;
                    changed = true;
                } else if short
                    && p.key.len() == 1
                    && i >= 2
                    && numbered_cue(&ws[i - 2].key)
                    && is_space_gap(gap(text, &ws[i - 2], p))
                {
                    // "Flat C, 9 Victoria Terrace".
                    addr[i - 2] = true;
                    addr[i - 1] = true;
                    changed = true;
                } else if matches!(p.key.as_str(), "at" | "in" | "of")
                    && i >= 2
                    && house_number(&ws[i - 2]).is_some()
                    && (i >= 3 && numbered_cue(&ws[i - 3].key))
                {
                    addr[i - 3..i].iter_mut().for_each(|a| *a = true);
                    changed = true;
                }
            }
        }
        for (i, w) in ws.iter().enumerate() {
            if addr[i] {
                let end = possessive_stem_end(text, w).unwrap_or(w.end);
                spans.push(span(w.start, end, Kind::Address));
            }
        }
    }

    /// Recorded values exactly as typed, anywhere the others missed them.
    fn phrases(&self, text: &str, lower: &str, spans: &mut Vec<Span>) {
        let b = text.as_bytes();
        for (phrase, kind) in &self.phrases {
            let mut from = 0;
            while let Some(found) = lower[from..].find(phrase.as_str()) {
                let start = from + found;
                let end = start + phrase.len();
                let bounded = (start == 0 || !b[start - 1].is_ascii_alphanumeric())
                    && !b.get(end).is_some_and(u8::is_ascii_alphanumeric);
                if bounded {
                    spans.push(span(start, end, *kind));
                }
                from = end;
            }
        }
    }
}

fn valid_ni_prefix([a, b]: [u8; 2]) -> bool {
    if [a, b] == *b"QQ" {
        return true; // the prefix HMRC uses in examples
    }
    !b"DFIQUV".contains(&a)
        && !b"DFIOQUV".contains(&b)
        && ![*b"BG", *b"GB", *b"NK", *b"KN", *b"TN", *b"NT", *b"ZZ"].contains(&[a, b])
}

/// A date of birth recorded as text: "1961-03-03", "03/03/1961", "3 March 1961".
fn parse_recorded_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let ws = words(s);
    numeric_dates(s)
        .into_iter()
        .chain(word_dates(s, &ws))
        .find_map(|d| {
            let year = d.year.filter(|_| !d.short_year)?;
            NaiveDate::from_ymd_opt(year, d.month, d.day)
        })
}

/// "Mr Smith", "Dr. Amara Patel", "Mrs J. Smith": a title, then up to three capitalised
/// words (or initials). Not "Mr Men" or "Little Miss".
fn titles(text: &str, ws: &[Word], named: &mut [bool], spans: &mut Vec<Span>) {
    for (i, w) in ws.iter().enumerate() {
        if !w.capital || !is_title(&w.key) {
            continue;
        }
        let ambiguous = matches!(
            w.key.as_str(),
            "master" | "sir" | "lady" | "lord" | "sister" | "father" | "madam" | "dame"
        );
        if w.key == "miss" && i > 0 && ws[i - 1].key == "little" {
            continue;
        }
        let gap_ok = |a: &Word, b: &Word| {
            let g = gap(text, a, b);
            !g.is_empty() && g.len() <= 3 && g.trim_start_matches('.').trim().is_empty()
        };
        let mut last = i;
        for k in i + 1..(i + 4).min(ws.len()) {
            let n = &ws[k];
            let ok = gap_ok(&ws[k - 1], n)
                && n.capital
                && n.is_alphabetic()
                && !NOT_AFTER_TITLE.contains(&n.key.as_str())
                && !(ambiguous && is_common(&n.key))
                && (k == i + 1 || !is_org_or_role(&n.key));
            if !ok {
                break;
            }
            last = k;
            // After a full surname, stop unless the one before was an initial.
            if n.key.chars().count() > 1 && k > i + 1 {
                break;
            }
        }
        if last == i {
            continue;
        }
        let end = possessive_stem_end(text, &ws[last]).unwrap_or(ws[last].end);
        named[i..=last].iter_mut().for_each(|n| *n = true);
        spans.push(span(w.start, end, Kind::Name));
    }
}

/// A word that could be part of a person's name: capitalised letters, not an ordinary
/// or official word.
pub(super) fn could_be_name(w: &Word) -> bool {
    w.capital
        && !w.all_caps
        && w.is_alphabetic()
        && w.key.chars().count() >= 2
        && !COMMON.contains(&w.key.as_str())
        && !is_org_or_role(&w.key)
        && !is_street_word(&w.key)
        && !is_title(&w.key)
}

/// Around a known name: a particle before it ("van der Berg"), an initial ("J. Bloggs",
/// "O Brien"), and unknown capitalised words beside it ("Rita Ann Smith").
fn extend_names(text: &str, ws: &[Word], named: &mut [bool], spans: &mut Vec<Span>) {
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..ws.len() {
            if named[i] {
                continue;
            }
            let w = &ws[i];
            let next_named = ws
                .get(i + 1)
                .is_some_and(|n| named[i + 1] && is_space_gap(gap(text, w, n)));
            let initial_gap = ws.get(i + 1).is_some_and(|n| {
                let g = gap(text, w, n);
                g == " " || g == ". " || g == "." || g == "'" || g == "’"
            });
            let prev_named = i > 0 && named[i - 1] && is_space_gap(gap(text, &ws[i - 1], w));
            let particle = PARTICLES.contains(&w.key.as_str()) && next_named;
            let initial = w.key.chars().count() == 1
                && w.capital
                && w.is_alphabetic()
                && initial_gap
                && named.get(i + 1) == Some(&true);
            let beside = could_be_name(w) && (next_named || prev_named);
            let title = w.capital
                && is_title(&w.key)
                && ws
                    .get(i + 1)
                    .is_some_and(|n| named[i + 1] && matches!(gap(text, w, n), " " | ". "));
            if particle || initial || beside || title {
                named[i] = true;
                let mut end = possessive_stem_end(text, w).unwrap_or(w.end);
                if (initial || title) && text[end..].starts_with('.') {
                    end += 1;
                }
                spans.push(span(w.start, end, Kind::Name));
                changed = true;
            }
        }
    }
}

fn emails(text: &str, spans: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b == b'.' || b == b'-';
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && local(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && domain(bytes[end]) {
            end += 1;
        }
        while end > at + 1 && bytes[end - 1] == b'.' {
            end -= 1;
        }
        if start < at && text[at + 1..end].contains('.') {
            spans.push(span(start, end, Kind::Email));
        }
    }
}

/// Any UK postcode, in any case, with one space, two or none.
fn postcodes(text: &str, ws: &[Word], spans: &mut Vec<Span>) {
    for (i, w) in ws.iter().enumerate() {
        let word = &text[w.start..w.end];
        if let Some(next) = ws.get(i + 1)
            && matches!(&text[w.end..next.start], " " | "  " | "\u{a0}")
            && is_outward_code(word)
            && is_inward_code(&text[next.start..next.end])
        {
            spans.push(span(w.start, next.end, Kind::Postcode));
        } else if (5..=7).contains(&word.len())
            && word.is_ascii()
            && is_outward_code(&word[..word.len() - 3])
            && is_inward_code(&word[word.len() - 3..])
        {
            spans.push(span(w.start, w.end, Kind::Postcode));
        }
    }
}

/// "12 Acacia Avenue", "3a High Street", "Flat 2, 14 Mill Lane": a house number, up to
/// three capitalised words, then a street word.
fn addresses(text: &str, lower: &str, ws: &[Word], spans: &mut Vec<Span>) {
    let is_number = |s: &str| {
        let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.len() <= 4
            && s.len() - digits.len() <= 1
            && digits.bytes().all(|b| b.is_ascii_digit())
    };
    for (i, w) in ws.iter().enumerate() {
        if !is_number(&text[w.start..w.end]) {
            continue;
        }
        for len in 2..=4 {
            let Some(last) = ws.get(i + len) else {
                break;
            };
            let names_ok = (i + 1..i + len).all(|k| ws[k].capital);
            let street = is_street_word(&lower[last.start..last.end]);
            if names_ok && street && last.capital {
                let mut start = w.start;
                if i >= 2 {
                    let before = &lower[ws[i - 2].start..ws[i - 2].end];
                    if matches!(before, "flat" | "apartment" | "unit")
                        && is_number(&text[ws[i - 1].start..ws[i - 1].end])
                    {
                        start = ws[i - 2].start;
                    }
                }
                spans.push(span(start, last.end, Kind::Address));
                break;
            }
        }
    }
}

/// Joins overlapping spans (the longer one's kind wins) and neighbouring spans of the
/// same kind: names separated by spaces, address parts by spaces or commas.
pub(super) fn resolve(text: &str, mut spans: Vec<Span>) -> Vec<Found> {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<(Span, usize)> = Vec::new();
    for s in spans {
        if s.start >= s.end {
            continue;
        }
        if let Some((last, longest)) = out.last_mut() {
            if s.start < last.end {
                if s.end - s.start > *longest {
                    last.kind = s.kind;
                    *longest = s.end - s.start;
                }
                last.end = last.end.max(s.end);
                continue;
            }
            let g = &text[last.end..s.start];
            let joins = last.kind == s.kind
                && match s.kind {
                    Kind::Name => is_space_gap(g),
                    Kind::Address => {
                        !g.is_empty()
                            && g.len() <= 3
                            && g.chars().all(|c| c.is_whitespace() || c == ',')
                    }
                    _ => false,
                };
            if joins {
                last.end = s.end;
                *longest = (*longest).max(s.end - s.start);
                continue;
            }
        }
        let len = s.end - s.start;
        out.push((s, len));
    }
    out.into_iter()
        .map(|(s, _)| Found {
            start: s.start,
            end: s.end,
            kind: s.kind,
        })
        .collect()
}

/// The text with each (resolved, ordered, non-overlapping) span replaced.
pub(super) fn splice(text: &str, found: &[Found]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in found {
        out.push_str(&text[at..f.start]);
        out.push_str(f.kind.placeholder());
        at = f.end;
    }
    out.push_str(&text[at..]);
    out
}
