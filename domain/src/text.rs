//! Free text as we keep it. What a person types keeps every letter, digit, mark and emoji
//! of any script; what is dropped prints as nothing and could make the text read as
//! something other than it is: control codes, bidirectional overrides (U+202E turns
//! `invoice\u{202E}fdp.exe` into "invoiceexe.pdf" on screen), zero-width spaces, the byte order
//! mark. The two joiners (U+200C, U+200D) stay in text: Persian and the Indic scripts spell
//! with them, and emoji sequences are built with them.
//!
//! A one-line answer (a name, a search) also turns line breaks and tabs into spaces: a
//! line break in a name would split a letter's address block or a message's recipient.
//! Longer answers keep their lines, written with `\n` whatever the browser sent.

/// Unicode general categories Cc (controls), Cf (format: bidirectional controls,
/// zero-width characters, the byte order mark, tag characters…), Zl and Zp, as of
/// Unicode 15.1.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            u32::from(c),
            0x00AD
                | 0x0600..=0x0605
                | 0x061C
                | 0x06DD
                | 0x070F
                | 0x0890..=0x0891
                | 0x08E2
                | 0x180E
                | 0x200B..=0x200F
                | 0x2028..=0x202E
                | 0x2060..=0x2064
                | 0x2066..=0x206F
                | 0xFEFF
                | 0xFFF9..=0xFFFB
                | 0x110BD
                | 0x110CD
                | 0x13430..=0x1343F
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0001
                | 0xE0020..=0xE007F
        )
}

fn joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

fn is_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// A one-line answer: breaks and tabs become spaces, the invisible characters go, and the
/// ends are trimmed.
pub fn one_line(input: &str) -> String {
    let kept = input
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| {
            if is_break(c) {
                Some(' ')
            } else if is_invisible(c) && !joiner(c) {
                None
            } else {
                Some(c)
            }
        })
        .collect::<String>();
    nothing_but_joiners_is_nothing(kept.trim())
}

/// Text made of nothing but joiners (and spaces) reads as nothing: it is nothing.
fn nothing_but_joiners_is_nothing(text: &str) -> String {
    if text.chars().all(|c| joiner(c) || c.is_whitespace()) {
        String::new()
    } else {
        text.to_owned()
    }
}

/// A longer answer: its lines kept (a Windows or old Mac line ending, or a Unicode line or
/// paragraph separator, becomes `\n`; a tab a space), the invisible characters gone, and the
/// ends trimmed.
pub fn paragraphs(input: &str) -> String {
    let unified = input.replace("\r\n", "\n");
    let kept = unified
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if is_invisible(c) && !joiner(c) => None,
            c => Some(c),
        })
        .collect::<String>();
    nothing_but_joiners_is_nothing(kept.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_name_is_one_line_without_invisible_characters() {
        assert_eq!(one_line("  Rita\r\nResident\t"), "Rita Resident");
        assert_eq!(one_line("Ri\u{202E}ta\u{1}"), "Rita");
        assert_eq!(one_line("Siân O’Brien-Nguyễn 👩‍👩‍👧"), "Siân O’Brien-Nguyễn 👩‍👩‍👧");
        assert_eq!(one_line("\u{200B}\u{FEFF}"), "");
        assert_eq!(
            one_line("\u{200D} \u{200C}"),
            "",
            "joiners alone are no name"
        );
    }

    #[test]
    fn longer_text_keeps_its_lines_in_one_form() {
        assert_eq!(
            paragraphs("First line.\r\nSecond\rThird\u{2028}Fourth\u{1}\n"),
            "First line.\nSecond\nThird\nFourth"
        );
        assert_eq!(paragraphs("Damp\u{202E}\u{202C} again\u{7}"), "Damp again");
        // Persian spells with the zero-width non-joiner.
        assert_eq!(paragraphs("می‌خواهم"), "می‌خواهم");
    }

    proptest! {
        #[test]
        fn what_is_kept_has_nothing_invisible_and_is_stable(s in "\\PC{0,40}|[\\x00-\\x1f\\u{200b}-\\u{202e}a ]{0,20}") {
            for kept in [one_line(&s), paragraphs(&s)] {
                prop_assert!(kept.chars().all(|c| c == '\n' || joiner(c) || !is_invisible(c)));
                prop_assert_eq!(kept.trim(), kept.as_str());
            }
            prop_assert!(!one_line(&s).contains('\n'));
            prop_assert_eq!(one_line(&one_line(&s)), one_line(&s));
            prop_assert_eq!(paragraphs(&paragraphs(&s)), paragraphs(&s));
        }
    }
}
