//! The hand-written scanners behind [`Redactor::redact`]. Each finds spans of the text to
//! replace; overlapping finds are resolved by keeping the earliest (then the longest).

use super::PersonalDetails;

const NAME: &str = "[name]";
const ADDRESS: &str = "[address]";
const PHONE: &str = "[phone]";
const EMAIL: &str = "[email]";
const POSTCODE: &str = "[postcode]";
const DATE_OF_BIRTH: &str = "[date of birth]";

const TITLES: [&str; 6] = ["mr", "mrs", "ms", "miss", "mx", "dr"];
const STREET_WORDS: [&str; 28] = [
    "road", "rd", "street", "st", "avenue", "ave", "lane", "ln", "close", "drive", "dr", "way",
    "court", "ct", "place", "crescent", "grove", "terrace", "gardens", "walk", "row", "hill",
    "square", "mews", "parade", "view", "rise", "green",
];

/// Removes identifying details from free text, knowing the people on the case.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Lower-cased (ASCII) single words from the known names, at least two letters long.
    name_words: Vec<String>,
    /// Lower-cased (ASCII) known phrases with their placeholder: address lines, the
    /// recorded phone, email and date of birth as typed.
    phrases: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    with: &'static str,
}

/// A word: letters and digits, with inner apostrophes or hyphens (O'Brien, Smith-Jones).
#[derive(Debug, Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let joiner = (c == '\'' || c == '’' || c == '-')
            && start.is_some()
            && chars.get(i + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            out.push(Word { start: s, end: at });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
        });
    }
    out
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
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

impl Redactor {
    pub fn for_details(details: &PersonalDetails) -> Self {
        let mut redactor = Self::new(details.names.iter().map(String::as_str));
        let mut phrase = |text: &Option<String>, with| {
            if let Some(t) = text.as_deref().map(str::trim).filter(|t| t.len() >= 4) {
                redactor.phrases.push((t.to_ascii_lowercase(), with));
            }
        };
        phrase(&details.phone, PHONE);
        phrase(&details.email, EMAIL);
        phrase(&details.date_of_birth, DATE_OF_BIRTH);
        phrase(&details.postcode, POSTCODE);
        for line in &details.address_lines {
            phrase(&Some(line.clone()), ADDRESS);
        }
        redactor
    }

    /// A redactor that knows these people's names.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut name_words: Vec<String> = names
            .into_iter()
            .flat_map(|name| {
                words(name)
                    .into_iter()
                    .map(|w| name[w.start..w.end].to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.chars().count() >= 2 && !TITLES.contains(&w.as_str()))
            .collect();
        name_words.sort();
        name_words.dedup();
        Self {
            name_words,
            phrases: Vec::new(),
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let lower = text.to_ascii_lowercase();
        let words = words(text);
        let mut spans = Vec::new();
        self.known(&lower, &words, &mut spans);
        titles(text, &words, &mut spans);
        emails(text, &mut spans);
        phones(text, &mut spans);
        postcodes(text, &words, &mut spans);
        addresses(text, &lower, &words, &mut spans);
        splice(text, spans)
    }

    fn known(&self, lower: &str, words: &[Word], spans: &mut Vec<Span>) {
        for w in words {
            if self
                .name_words
                .binary_search(&lower[w.start..w.end].to_owned())
                .is_ok()
            {
                spans.push(Span {
                    start: w.start,
                    end: w.end,
                    with: NAME,
                });
            }
        }
        for (phrase, with) in &self.phrases {
            let mut from = 0;
            while let Some(found) = lower[from..].find(phrase.as_str()) {
                let start = from + found;
                spans.push(Span {
                    start,
                    end: start + phrase.len(),
                    with,
                });
                from = start + phrase.len();
            }
        }
    }
}

/// "Mr Smith", "Dr. Amara Patel": a title, then one or two capitalised words.
fn titles(text: &str, words: &[Word], spans: &mut Vec<Span>) {
    for (i, w) in words.iter().enumerate() {
        let word = &text[w.start..w.end];
        if !is_capitalised(word) || !TITLES.contains(&word.to_ascii_lowercase().as_str()) {
            continue;
        }
        let gap_ok = |a: &Word, b: &Word| {
            let gap = &text[a.end..b.start];
            !gap.is_empty() && gap.len() <= 2 && gap.trim_start_matches('.').trim().is_empty()
        };
        let Some(first) = words
            .get(i + 1)
            .filter(|n| gap_ok(w, n) && is_capitalised(&text[n.start..n.end]))
        else {
            continue;
        };
        let mut end = first.end;
        if let Some(second) = words.get(i + 2).filter(|n| {
            text[first.end..n.start].trim().is_empty()
                && !text[first.end..n.start].is_empty()
                && is_capitalised(&text[n.start..n.end])
        }) {
            end = second.end;
        }
        spans.push(Span {
            start: w.start,
            end,
            with: NAME,
        });
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
            spans.push(Span {
                start,
                end,
                with: EMAIL,
            });
        }
    }
}

/// Runs of digits, spaces, dashes and brackets (a leading + allowed) whose digits make a UK
/// number: 10–11 starting 0, or 12–13 starting 44 (from +44 or 0044).
fn phones(text: &str, spans: &mut Vec<Span>) {
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
        let mut end = i + 1;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || b" -()".contains(&bytes[end])) {
            end += 1;
        }
        while end > i && !bytes[end - 1].is_ascii_digit() {
            end -= 1;
        }
        let digits: String = text[i..end].chars().filter(char::is_ascii_digit).collect();
        let digits = digits.strip_prefix("00").unwrap_or(&digits);
        let uk = (digits.starts_with('0') && (10..=11).contains(&digits.len()))
            || (digits.starts_with("44") && (12..=13).contains(&digits.len()));
        let followed_by_word = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        if uk && !followed_by_word {
            spans.push(Span {
                start: i,
                end,
                with: PHONE,
            });
            i = end;
        } else {
            i += 1;
        }
    }
}

fn postcodes(text: &str, words: &[Word], spans: &mut Vec<Span>) {
    for (i, w) in words.iter().enumerate() {
        let word = &text[w.start..w.end];
        if let Some(next) = words.get(i + 1)
            && &text[w.end..next.start] == " "
            && is_outward_code(word)
            && is_inward_code(&text[next.start..next.end])
        {
            spans.push(Span {
                start: w.start,
                end: next.end,
                with: POSTCODE,
            });
        } else if (5..=7).contains(&word.len())
            && word.is_ascii()
            && is_outward_code(&word[..word.len() - 3])
            && is_inward_code(&word[word.len() - 3..])
        {
            spans.push(Span {
                start: w.start,
                end: w.end,
                with: POSTCODE,
            });
        }
    }
}

/// "12 Acacia Avenue", "3a High Street", "Flat 2, 14 Mill Lane": a house number, up to
/// three capitalised words, then a street word.
fn addresses(text: &str, lower: &str, words: &[Word], spans: &mut Vec<Span>) {
    let is_number = |s: &str| {
        let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.len() <= 4
            && s.len() - digits.len() <= 1
            && digits.bytes().all(|b| b.is_ascii_digit())
    };
    for (i, w) in words.iter().enumerate() {
        if !is_number(&text[w.start..w.end]) {
            continue;
        }
        for len in 1..=4 {
            let Some(last) = words.get(i + len) else {
                break;
            };
            let names_ok =
                (i + 1..i + len).all(|k| is_capitalised(&text[words[k].start..words[k].end]));
            let street = STREET_WORDS.contains(&&lower[last.start..last.end]);
            if names_ok && street && is_capitalised(&text[last.start..last.end]) && len > 1 {
                let mut start = w.start;
                if i >= 2 {
                    let before = &lower[words[i - 2].start..words[i - 2].end];
                    if matches!(before, "flat" | "apartment" | "unit")
                        && is_number(&text[words[i - 1].start..words[i - 1].end])
                    {
                        start = words[i - 2].start;
                    }
                }
                spans.push(Span {
                    start,
                    end: last.end,
                    with: ADDRESS,
                });
                break;
            }
        }
    }
}

/// Replace the spans, keeping the earliest (then longest) where they overlap, and merging
/// neighbouring names ("[name] [name]" becomes "[name]").
fn splice(text: &str, mut spans: Vec<Span>) -> String {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut last_with: Option<&str> = None;
    for span in spans {
        if span.start < at {
            continue;
        }
        let gap = &text[at..span.start];
        let merge = last_with == Some(NAME)
            && span.with == NAME
            && !gap.is_empty()
            && gap.trim().is_empty();
        if !merge {
            out.push_str(gap);
            out.push_str(span.with);
        }
        at = span.end;
        last_with = Some(span.with);
    }
    out.push_str(&text[at..]);
    out
}
