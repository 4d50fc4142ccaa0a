//! Words as people write them: split out of the text with their byte spans, and folded to
//! a key that ignores case, accents and the kind of apostrophe or hyphen used, so "Siân",
//! "SIAN" and "Sian" share the key `sian`, and "O’Brien" and "O'Brien" share `o'brien`.
//!
//! The fold is a small table (Latin-1, Latin Extended-A and the few Extended-B letters
//! used in European names) plus dropping combining marks, so text typed with separate
//! accents ("Sia\u{302}n") folds the same as text with precomposed ones. It is not full
//! Unicode normalisation, and needs no tables beyond this file.

/// A combining mark (accents typed as a separate character).
pub fn is_combining(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// An apostrophe as people type it: straight, curly, the modifier letter, a backtick.
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// A hyphen inside a word (not a dash between words).
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn fold_lower(c: char, out: &mut String) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ǻ' => "a",
        'æ' | 'ǽ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' | 'ǿ' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => {
            "u"
        }
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        c if is_apostrophe(c) => "'",
        c if is_hyphen(c) => "-",
        c if is_combining(c) => "",
        c => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// The folded key of a piece of text: lower case, accents dropped, one apostrophe and one
/// hyphen.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        for l in c.to_lowercase() {
            fold_lower(l, &mut out);
        }
    }
    out
}

/// German-style spellings of umlauts ("Müller" → "mueller"), for names that have them.
pub fn umlaut_spelling(text: &str) -> Option<String> {
    if !text.chars().any(|c| "äöüÄÖÜ".contains(c)) {
        return None;
    }
    let spelt: String = text
        .chars()
        .map(|c| match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'Ä' => "Ae".to_owned(),
            'Ö' => "Oe".to_owned(),
            'Ü' => "Ue".to_owned(),
            c => c.to_string(),
        })
        .collect();
    Some(fold(&spelt))
}

/// A word of the text: letters and digits (with any combining accents), joined by inner
/// apostrophes or hyphens (O'Brien, Smith-Jones, Rita’s).
#[derive(Debug, Clone)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub key: String,
    /// Its first letter is a capital.
    pub capital: bool,
    /// More than one letter, and every letter a capital ("JONES", "NHS").
    pub all_caps: bool,
}

impl Word {
    /// Letters only (with apostrophes and hyphens): no digits.
    pub fn is_alphabetic(&self) -> bool {
        self.key
            .chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    }

    pub fn has_digit(&self) -> bool {
        self.key.chars().any(|c| c.is_ascii_digit())
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let finish = |s: usize, e: usize, out: &mut Vec<Word>| {
        let slice = &text[s..e];
        let letters = slice.chars().filter(|c| c.is_alphabetic());
        let capital = slice.chars().next().is_some_and(char::is_uppercase);
        let all_caps = letters.clone().count() > 1 && letters.clone().all(char::is_uppercase);
        out.push(Word {
            start: s,
            end: e,
            key: fold(slice),
            capital,
            all_caps,
        });
    };
    for (i, &(at, c)) in chars.iter().enumerate() {
        let joiner = (is_apostrophe(c) || is_hyphen(c))
            && start.is_some()
            && chars.get(i + 1).is_some_and(|&(_, n)| is_word_char(n));
        if is_word_char(c) || joiner {
            start.get_or_insert(at);
        } else if let Some(s) = start.take() {
            finish(s, at, &mut out);
        }
    }
    if let Some(s) = start {
        finish(s, text.len(), &mut out);
    }
    out
}

/// Where a word's possessive ending starts ("Rita’s" → the end of "Rita"), if it has one.
pub fn possessive_stem_end(text: &str, word: &Word) -> Option<usize> {
    if !word.key.ends_with("'s") || word.key.len() < 4 {
        return None;
    }
    let slice = &text[word.start..word.end];
    let mut rev = slice.char_indices().rev();
    let (_, s) = rev.next()?;
    let (at, apostrophe) = rev.next()?;
    (matches!(s, 's' | 'S') && is_apostrophe(apostrophe)).then_some(word.start + at)
}
