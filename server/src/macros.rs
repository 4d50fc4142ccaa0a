//! Office documents with macros, recognised by what is inside them whatever they are called
//! (a `.docm` renamed `.docx`, or `.zip`, is still refused).
//!
//! - Office Open XML (docx, xlsx, pptx and their macro-enabled forms) is a zip. A document
//!   with macros holds a Visual Basic project part (`word/vbaProject.bin`, `xl/…`,
//!   `ppt/…`) and declares it in `[Content_Types].xml` (`application/vnd.ms-office.vbaProject`,
//!   and a `macroEnabled` main part). Both are looked for: every entry's name, in the zip's
//!   central directory and in each entry's own header (they can disagree in a crafted file),
//!   and the content types, inflated. A zip whose directory cannot be read is searched
//!   whole for the part's name.
//! - The older binary formats (doc, xls) are OLE compound files: their macros live in
//!   storages and streams named `Macros`, `VBA`, `_VBA_PROJECT_CUR` or `_VBA_PROJECT`, whose
//!   names are found in the directory entries (128 bytes each, at 128-byte boundaries).
//!   PowerPoint 97–2003 keeps its project compressed inside the presentation's own stream,
//!   where it is not recognised.

use std::io::Read;

const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const LOCAL_HEADER: &[u8] = b"PK\x03\x04";
const CENTRAL_HEADER: &[u8] = b"PK\x01\x02";
const END_OF_DIRECTORY: &[u8] = b"PK\x05\x06";
/// The most of `[Content_Types].xml` read after inflating it (real ones are a few KB).
const MAX_CONTENT_TYPES: u64 = 1024 * 1024;

/// Whether a file starting with `head` could be one [`has_macros`] looks into: a zip or a
/// compound file.
pub fn may_hold_macros(head: &[u8]) -> bool {
    head.starts_with(OLE2) || head.starts_with(b"PK")
}

/// Whether the file is an Office document with macros (see the module's notes).
pub fn has_macros(bytes: &[u8]) -> bool {
    if bytes.starts_with(OLE2) {
        ole_has_macros(bytes)
    } else if bytes.starts_with(b"PK") {
        zip_has_macros(bytes)
    } else {
        false
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
}

fn contains_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A part name that is a Visual Basic project.
fn is_vba_part(name: &[u8]) -> bool {
    contains_ignoring_case(name, b"vbaproject")
}

/// Content types that declare macros.
fn declares_macros(content_types: &[u8]) -> bool {
    contains_ignoring_case(content_types, b"vbaproject")
        || contains_ignoring_case(content_types, b"macroenabled")
}

fn zip_has_macros(bytes: &[u8]) -> bool {
    // Each entry's own header, from the start, as far as they can be followed.
    let mut at = 0;
    while bytes.get(at..at + 4) == Some(LOCAL_HEADER) {
        let (Some(flags), Some(method), Some(size), Some(name_len), Some(extra_len)) = (
            u16_at(bytes, at + 6),
            u16_at(bytes, at + 8),
            u32_at(bytes, at + 18),
            u16_at(bytes, at + 26),
            u16_at(bytes, at + 28),
        ) else {
            break;
        };
        let name_start = at + 30;
        let Some(name) = bytes.get(name_start..name_start + name_len) else {
            break;
        };
        let data = name_start + name_len + extra_len;
        if is_vba_part(name)
            || (name.eq_ignore_ascii_case(b"[Content_Types].xml")
                && bytes
                    .get(data..data + size)
                    .is_some_and(|d| entry_declares_macros(method, d)))
        {
            return true;
        }
        // Sizes given after the data (flag bit 3) cannot be skipped over here; the central
        // directory below still names every entry.
        if flags & 0x08 != 0 && size == 0 {
            break;
        }
        at = data + size;
    }
    match central_directory_has_macros(bytes) {
        Some(found) => found,
        // No directory we can read: look for the part's name anywhere.
        None => is_vba_part(bytes),
    }
}

/// `None` when the central directory cannot be found or read.
fn central_directory_has_macros(bytes: &[u8]) -> Option<bool> {
    // The end record is in the last 22 bytes plus up to 64 KB of comment.
    let search_from = bytes.len().saturating_sub(22 + 65_535);
    let end = (search_from..=bytes.len().saturating_sub(22))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(END_OF_DIRECTORY))?;
    let entries = u16_at(bytes, end + 10)?;
    let mut at = u32_at(bytes, end + 16)?;
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(CENTRAL_HEADER) {
            return None;
        }
        let method = u16_at(bytes, at + 10)?;
        let size = u32_at(bytes, at + 20)?;
        let name_len = u16_at(bytes, at + 28)?;
        let extra_len = u16_at(bytes, at + 30)?;
        let comment_len = u16_at(bytes, at + 32)?;
        let local = u32_at(bytes, at + 42)?;
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        if is_vba_part(name) {
            return Some(true);
        }
        if name.eq_ignore_ascii_case(b"[Content_Types].xml") {
            let local_name_len = u16_at(bytes, local + 26)?;
            let local_extra_len = u16_at(bytes, local + 28)?;
            let data = local + 30 + local_name_len + local_extra_len;
            if bytes
                .get(data..data + size)
                .is_some_and(|d| entry_declares_macros(method, d))
            {
                return Some(true);
            }
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    Some(false)
}

/// Whether an entry's data (stored, or deflated) declares macros.
fn entry_declares_macros(method: usize, data: &[u8]) -> bool {
    match method {
        0 => declares_macros(data),
        8 => {
            let mut text = Vec::new();
            let read = flate2::read::DeflateDecoder::new(data)
                .take(MAX_CONTENT_TYPES)
                .read_to_end(&mut text);
            // What inflated before any error still counts.
            let _ = read;
            declares_macros(&text)
        }
        // Another compression: judge by the raw bytes.
        _ => declares_macros(data),
    }
}

/// The names of the storages and streams that hold macros in a compound file.
const OLE_MACRO_NAMES: [&str; 4] = ["_VBA_PROJECT_CUR", "_VBA_PROJECT", "MACROS", "VBA"];

fn ole_has_macros(bytes: &[u8]) -> bool {
    // Directory entries: a UTF-16LE name in the first 64 bytes, its length in bytes
    // (with the terminating zero) at 64, its type at 66 (1 storage, 2 stream). Sectors are
    // 512 or 4096 bytes, both multiples of 128, and the header takes the first 512.
    (512..bytes.len())
        .step_by(128)
        .filter_map(|at| bytes.get(at..at + 128))
        .any(|entry| {
            let name_len = usize::from(u16::from_le_bytes([entry[64], entry[65]]));
            if !matches!(entry[66], 1 | 2) || !(4..=64).contains(&name_len) || name_len % 2 != 0 {
                return false;
            }
            let units: Vec<u16> = entry[..name_len - 2]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let Ok(name) = String::from_utf16(&units) else {
                return false;
            };
            OLE_MACRO_NAMES.iter().any(|m| name.eq_ignore_ascii_case(m))
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A zip of `(name, content)` entries, each deflated, with its central directory.
    pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, content) in entries {
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(content).expect("deflate");
            let data = encoder.finish().expect("deflate");
            let offset = u32::try_from(out.len()).expect("small");
            let size = u32::try_from(data.len()).expect("small");
            let raw = u32::try_from(content.len()).expect("small");
            let name_len = u16::try_from(name.len()).expect("short");
            out.extend_from_slice(LOCAL_HEADER);
            out.extend_from_slice(&[20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&0u32.to_le_bytes()); // crc, not checked here
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&raw.to_le_bytes());
            out.extend_from_slice(&name_len.to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&data);
            central.extend_from_slice(CENTRAL_HEADER);
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&0u32.to_le_bytes());
            central.extend_from_slice(&size.to_le_bytes());
            central.extend_from_slice(&raw.to_le_bytes());
            central.extend_from_slice(&name_len.to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let directory_at = u32::try_from(out.len()).expect("small");
        let directory_size = u32::try_from(central.len()).expect("small");
        let count = u16::try_from(entries.len()).expect("few");
        out.extend_from_slice(&central);
        out.extend_from_slice(END_OF_DIRECTORY);
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&directory_size.to_le_bytes());
        out.extend_from_slice(&directory_at.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out
    }

    const PLAIN_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    const MACRO_TYPES: &[u8] = br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>"#;

    /// A docx without macros.
    pub(crate) fn docx() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", PLAIN_TYPES),
            ("word/document.xml", b"<w:document/>"),
        ])
    }

    /// A docm: a Visual Basic project, declared in the content types.
    pub(crate) fn docm() -> Vec<u8> {
        zip(&[
            ("[Content_Types].xml", MACRO_TYPES),
            ("word/document.xml", b"<w:document/>"),
            (
                "word/vbaProject.bin",
                b"\xD0\xCF\x11\xE0 not a real project",
            ),
        ])
    }

    /// A compound file whose directory has one entry named `name`.
    pub(crate) fn ole(name: &str) -> Vec<u8> {
        let mut bytes = vec![0u8; 1024];
        bytes[..8].copy_from_slice(OLE2);
        let entry = 512 + 128;
        let units: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        bytes[entry..entry + units.len()].copy_from_slice(&units);
        let len = u16::try_from(units.len()).expect("short");
        bytes[entry + 64..entry + 66].copy_from_slice(&len.to_le_bytes());
        bytes[entry + 66] = 1;
        bytes
    }

    #[test]
    fn an_office_file_with_a_visual_basic_project_has_macros() {
        assert!(has_macros(&docm()));
        assert!(!has_macros(&docx()));
    }

    #[test]
    fn content_types_alone_give_macros_away() {
        // The project renamed so its part name says nothing.
        let renamed = zip(&[
            ("[Content_Types].xml", MACRO_TYPES),
            ("word/document.xml", b"<w:document/>"),
            ("word/data.bin", b"project"),
        ]);
        assert!(has_macros(&renamed));
    }

    #[test]
    fn a_broken_directory_still_shows_the_project_s_name() {
        let mut bytes = docm();
        let end = bytes.len() - 22;
        bytes.truncate(end);
        // And the first entry's header made unreadable, so only the raw search is left.
        bytes[2] = b'X';
        assert!(has_macros(&bytes));
    }

    #[test]
    fn compound_files_with_macro_storages_have_macros() {
        assert!(has_macros(&ole("Macros")));
        assert!(has_macros(&ole("_VBA_PROJECT_CUR")));
        assert!(!has_macros(&ole("WordDocument")));
        assert!(!has_macros(b"%PDF-1.7 vbaProject"));
    }

    fn fuzz_cases() -> u32 {
        std::env::var("PUTRIGHT_FUZZ_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256)
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: fuzz_cases(),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        /// Any bytes, and a real document with some of its bytes changed, are judged
        /// without a panic (see `domain/tests/fuzz.rs` for the other parsers).
        #[test]
        fn any_file_is_judged_without_a_panic(
            noise in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
            edits in proptest::collection::vec((proptest::prelude::any::<usize>(), proptest::prelude::any::<u8>()), 0..16),
            cut in proptest::prelude::any::<usize>(),
        ) {
            let _ = may_hold_macros(&noise);
            let _ = has_macros(&noise);
            for mut doc in [
                zip(&[
                    ("[Content_Types].xml", b"<Types/>".as_slice()),
                    ("word/vbaProject.bin", b"x".as_slice()),
                ]),
                ole("Macros"),
            ] {
                for (at, byte) in &edits {
                    let at = at % doc.len();
                    doc[at] = *byte;
                }
                doc.truncate(cut % (doc.len() + 1));
                let _ = has_macros(&doc);
                let mut prefixed = OLE2.to_vec();
                prefixed.extend_from_slice(&noise);
                let _ = has_macros(&prefixed);
                let mut zipped = b"PK\x03\x04".to_vec();
                zipped.extend_from_slice(&noise);
                let _ = has_macros(&zipped);
            }
        }
    }
}
