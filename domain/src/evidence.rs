//! The one evidence file a complaint may carry (SPEC section 5): allowed types, at most
//! 32 MB, and content that matches its extension.
//!
//! The extension is checked against the allowed list, then the first bytes against the
//! format's signature ("magic bytes") where the format has one, so a `.pdf` that is really
//! a program is refused. Windows and Linux executables are refused whatever they are
//! called. Formats without a reliable signature (PICT, DMG) are accepted on the extension
//! alone; text formats must simply not look binary. Types a browser could run (HTML, SVG)
//! or that are archives of programs (JAR, DMG) are stored but only ever served as
//! downloads.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// 32 MB, counted as 32 × 1024 × 1024 bytes.
pub const MAX_BYTES: u64 = 32 * 1024 * 1024;
/// How much of the start of the file [`check`] wants to see.
pub const SNIFF_BYTES: usize = 8192;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Gif,
    Jpg,
    Png,
    Bmp,
    Eps,
    Tif,
    Pict,
    Psd,
    Txt,
    Rtf,
    Html,
    Odf,
    Pdf,
    Doc,
    Docx,
    Ppt,
    Pptx,
    Xls,
    Xlsx,
    Xml,
    Avi,
    Mov,
    Mp3,
    Ogg,
    Wav,
    Bz2,
    Dmg,
    Gz,
    Jar,
    Rar,
    Sit,
    Svg,
    Tar,
    Zip,
}

impl FileType {
    /// The media type the file is stored and served with. Types a browser could run are
    /// only ever served as downloads (see [`FileType::download_only`]).
    pub fn content_type(self) -> &'static str {
        use FileType::*;
        match self {
            Gif => "image/gif",
            Jpg => "image/jpeg",
            Png => "image/png",
            Bmp => "image/bmp",
            Eps => "application/postscript",
            Tif => "image/tiff",
            Pict => "image/x-pict",
            Psd => "image/vnd.adobe.photoshop",
            Txt => "text/plain",
            Rtf => "application/rtf",
            Html => "text/html",
            Odf => "application/vnd.oasis.opendocument.text",
            Pdf => "application/pdf",
            Doc => "application/msword",
            Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Ppt => "application/vnd.ms-powerpoint",
            Pptx => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            Xls => "application/vnd.ms-excel",
            Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Xml => "application/xml",
            Avi => "video/x-msvideo",
            Mov => "video/quicktime",
            Mp3 => "audio/mpeg",
            Ogg => "audio/ogg",
            Wav => "audio/wav",
            Bz2 => "application/x-bzip2",
            Dmg => "application/x-apple-diskimage",
            Gz => "application/gzip",
            Jar => "application/java-archive",
            Rar => "application/vnd.rar",
            Sit => "application/x-stuffit",
            Svg => "image/svg+xml",
            Tar => "application/x-tar",
            Zip => "application/zip",
        }
    }
}

/// The extensions the form lists, for its hint text.
pub const ALLOWED: &str = "gif, jpg, png, bmp, eps, tif, pict, psd, txt, rtf, html, odf, pdf, doc, docx, ppt, pptx, xls, xlsx, xml, avi, mov, mp3, ogg, wav, bz2, dmg, gz, jar, rar, sit, svg, tar or zip";

impl FileType {
    /// From an extension, any case. Common spellings of the same type are accepted
    /// (jpeg, tiff, htm, pct) and the OpenDocument family (odt, ods, odp, odg) counts as odf.
    pub fn from_extension(ext: &str) -> Option<Self> {
        use FileType as F;
        Some(
            match ext
                .trim()
                .trim_start_matches('.')
                .to_ascii_lowercase()
                .as_str()
            {
                "gif" => F::Gif,
                "jpg" | "jpeg" => F::Jpg,
                "png" => F::Png,
                "bmp" => F::Bmp,
                "eps" => F::Eps,
                "tif" | "tiff" => F::Tif,
                "pict" | "pct" => F::Pict,
                "psd" => F::Psd,
                "txt" => F::Txt,
                "rtf" => F::Rtf,
                "html" | "htm" => F::Html,
                "odf" | "odt" | "ods" | "odp" | "odg" => F::Odf,
                "pdf" => F::Pdf,
                "doc" => F::Doc,
                "docx" => F::Docx,
                "ppt" => F::Ppt,
                "pptx" => F::Pptx,
                "xls" => F::Xls,
                "xlsx" => F::Xlsx,
                "xml" => F::Xml,
                "avi" => F::Avi,
                "mov" => F::Mov,
                "mp3" => F::Mp3,
                "ogg" => F::Ogg,
                "wav" => F::Wav,
                "bz2" => F::Bz2,
                "dmg" => F::Dmg,
                "gz" => F::Gz,
                "jar" => F::Jar,
                "rar" => F::Rar,
                "sit" => F::Sit,
                "svg" => F::Svg,
                "tar" => F::Tar,
                "zip" => F::Zip,
                _ => return None,
            },
        )
    }

    /// The type of a file from its name's extension, if it is one we allow.
    pub fn from_file_name(file_name: &str) -> Option<Self> {
        file_name
            .rsplit_once('.')
            .and_then(|(_, ext)| Self::from_extension(ext))
    }

    /// Never shown inline: served with `Content-Disposition: attachment`.
    pub fn download_only(self) -> bool {
        matches!(self, Self::Html | Self::Svg | Self::Jar | Self::Dmg)
    }

    /// Whether a browser may show the file itself (`Content-Disposition: inline`) rather
    /// than save it. Only pictures every browser draws, PDFs and plain text: formats a
    /// browser shows without running anything in them. Everything else is a download: the
    /// [`download_only`](Self::download_only) types always, XML because a browser would
    /// render it (and any script in it), and office files, archives, recordings and the
    /// less common pictures because a browser cannot show them anyway.
    pub fn inline_allowed(self) -> bool {
        matches!(
            self,
            Self::Gif | Self::Jpg | Self::Png | Self::Bmp | Self::Pdf | Self::Txt
        )
    }

    /// Whether the first bytes are right for this type.
    fn content_matches(self, head: &[u8]) -> bool {
        use FileType as F;
        let at =
            |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
        let riff = |kind: &[u8]| at(0, b"RIFF") && at(8, kind);
        const PK: &[u8] = b"PK\x03\x04";
        const PK_EMPTY: &[u8] = b"PK\x05\x06";
        const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
        match self {
            F::Gif => at(0, b"GIF87a") || at(0, b"GIF89a"),
            F::Jpg => at(0, b"\xFF\xD8\xFF"),
            F::Png => at(0, b"\x89PNG\r\n\x1A\n"),
            F::Bmp => at(0, b"BM"),
            F::Eps => at(0, b"%!PS") || at(0, b"\xC5\xD0\xD3\xC6"),
            F::Tif => at(0, b"II*\0") || at(0, b"MM\0*"),
            F::Psd => at(0, b"8BPS"),
            F::Rtf => at(0, b"{\\rtf"),
            // Real PDFs sometimes carry a little junk before the header.
            F::Pdf => head.windows(5).take(1024).any(|w| w == b"%PDF-"),
            F::Docx | F::Pptx | F::Xlsx | F::Odf | F::Jar => at(0, PK),
            F::Zip => at(0, PK) || at(0, PK_EMPTY),
            F::Doc | F::Ppt | F::Xls => at(0, OLE2),
            F::Avi => riff(b"AVI "),
            F::Wav => riff(b"WAVE"),
            F::Mov => [
                b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot",
            ]
            .iter()
            .any(|atom| at(4, *atom)),
            F::Mp3 => {
                at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0)
            }
            F::Ogg => at(0, b"OggS"),
            F::Bz2 => at(0, b"BZh"),
            F::Gz => at(0, b"\x1F\x8B"),
            F::Rar => at(0, b"Rar!\x1A\x07"),
            F::Sit => at(0, b"SIT!") || at(0, b"StuffIt"),
            F::Tar => at(257, b"ustar"),
            F::Txt | F::Html | F::Xml | F::Svg => !head.iter().take(SNIFF_BYTES).any(|b| *b == 0),
            // No signature at the start of the file.
            F::Pict | F::Dmg => true,
        }
    }
}

/// `download_only` by extension, for files already stored.
pub fn download_only(ext: &str) -> bool {
    FileType::from_extension(ext).is_some_and(FileType::download_only)
}

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceFile {
    pub file_type: FileType,
    pub size: u64,
    pub download_only: bool,
}

/// Why a file was refused; shown against the form's `evidence` field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EvidenceError {
    #[error("The selected file is empty: choose the file again")]
    Empty,
    #[error("The selected file must be smaller than 32 MB: make it smaller or send it by email")]
    TooLarge,
    #[error("The selected file must be a {ALLOWED} file")]
    NotAllowed,
    #[error(
        "The selected file is not a real {0} file: save it again as {0}, or choose another file"
    )]
    ContentMismatch(String),
    #[error(
        "The selected file is a program and cannot be uploaded: choose a document, picture or recording"
    )]
    Executable,
    /// An Office document with macros (a Visual Basic project), whatever its name says.
    #[error(
        "The selected file contains macros, which we cannot accept: save it without macros (for example as .docx, .xlsx or PDF) and choose it again"
    )]
    Macros,
    /// Unconfirmed forms already hold as many files as the service keeps for them.
    #[error(
        "The selected file cannot be taken with the form just now: send your complaint without it and tell us about the file, or try again in an hour"
    )]
    NoRoomNow,
}

impl EvidenceError {
    pub const FIELD: &'static str = "evidence";

    /// A short, stable name for the refusal, for a page's address (`?file_error=too_large`)
    /// when the refusal comes back through a redirect. A content mismatch keeps the
    /// extension it was about (`mismatch_pdf`), so the message can name it again.
    pub fn code(&self) -> String {
        match self {
            Self::Empty => "empty".to_owned(),
            Self::TooLarge => "too_large".to_owned(),
            Self::NotAllowed => "wrong_type".to_owned(),
            Self::ContentMismatch(ext) => format!("mismatch_{ext}"),
            Self::Executable => "program".to_owned(),
            Self::Macros => "macros".to_owned(),
            Self::NoRoomNow => "no_room".to_owned(),
        }
    }

    /// The refusal a [`code`](Self::code) names. Anything else, including a mismatch with
    /// an extension we do not allow, is `None`: an address cannot put words of its own on
    /// the page.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "empty" => Self::Empty,
            "too_large" => Self::TooLarge,
            "wrong_type" => Self::NotAllowed,
            "program" => Self::Executable,
            "macros" => Self::Macros,
            "no_room" => Self::NoRoomNow,
            other => {
                let ext = other.strip_prefix("mismatch_")?;
                FileType::from_extension(ext)?;
                if ext
                    .bytes()
                    .any(|b| !b.is_ascii_lowercase() && !b.is_ascii_digit())
                {
                    return None;
                }
                Self::ContentMismatch(ext.to_owned())
            }
        })
    }
}

/// A file's name as we keep and show it: without control and format characters (Unicode
/// categories Cc and Cf, and the line and paragraph separators). They print as nothing, so
/// a name could otherwise say something else than it is: U+202E (right-to-left override)
/// makes `invoice\u{202E}fdp.exe` read as "invoiceexe.pdf". Other characters, in any
/// script, are kept as they are.
pub fn clean_file_name(name: &str) -> String {
    name.chars()
        .filter(|c| !crate::text::is_invisible(*c))
        .collect()
}

/// Programs, whatever their name: a DOS/Windows `MZ` header (whose fixed fields always
/// contain zero bytes, which distinguishes it from a text file starting "MZ") or ELF.
fn is_executable(head: &[u8]) -> bool {
    let mz = head.starts_with(b"MZ") && head.iter().take(64).skip(2).any(|b| *b == 0);
    mz || head.starts_with(b"\x7FELF")
}

/// What can be checked before a file is sent (in the browser): its name and its size.
/// The server checks again, with the content, when it arrives.
pub fn check_before_upload(file_name: &str, size: u64) -> Result<FileType, EvidenceError> {
    if size == 0 {
        return Err(EvidenceError::Empty);
    }
    if size > MAX_BYTES {
        return Err(EvidenceError::TooLarge);
    }
    FileType::from_file_name(file_name).ok_or(EvidenceError::NotAllowed)
}

/// Check a file from its name, its size and its first [`SNIFF_BYTES`] bytes (or all of it
/// if shorter).
pub fn check(file_name: &str, size: u64, head: &[u8]) -> Result<EvidenceFile, EvidenceError> {
    if size == 0 || head.is_empty() {
        return Err(EvidenceError::Empty);
    }
    if size > MAX_BYTES {
        return Err(EvidenceError::TooLarge);
    }
    if is_executable(head) {
        return Err(EvidenceError::Executable);
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .ok_or(EvidenceError::NotAllowed)?;
    let file_type = FileType::from_extension(ext).ok_or(EvidenceError::NotAllowed)?;
    if !file_type.content_matches(head) {
        return Err(EvidenceError::ContentMismatch(ext.to_ascii_lowercase()));
    }
    Ok(EvidenceFile {
        file_type,
        size,
        download_only: file_type.download_only(),
    })
}

#[cfg(test)]
mod tests;
