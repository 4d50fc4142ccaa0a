//! Files made safe to share with an involved customer (a tenant-panel volunteer).
//!
//! What a file says is for the complaints manager to check (they download exactly the copy
//! the panel will get); what a file hides is removed here, on the server only:
//!
//! - **Images** (JPEG, PNG, GIF, BMP, TIFF) are decoded and encoded again: the new file
//!   carries the pixels only, with no EXIF (camera, date, GPS location), XMP, IPTC,
//!   comments or text chunks. A photo turned by its EXIF orientation is turned before the
//!   orientation is dropped, so it still shows the right way up. A GIF keeps its first
//!   frame.
//! - **PDFs** lose their Info dictionary (author, creator, producer, title, dates), every
//!   XMP metadata stream and application private data (`PieceInfo`). An encrypted PDF
//!   cannot be cleaned.
//! - **Office files** (Word, Excel and PowerPoint `.docx`, `.xlsx`, `.pptx`, and
//!   OpenDocument files) have their document properties blanked: `docProps/core.xml`
//!   (creator, last modified by, title, subject, keywords), `docProps/app.xml` (company,
//!   manager) and `docProps/custom.xml`, or OpenDocument's `meta.xml`; comment and
//!   tracked-change authors in a Word file are blanked too. Every other part is copied
//!   byte for byte.
//! - **Plain text** has nothing hidden in it and is shared as it is.
//!
//! Any other type (old binary Office files, RTF, audio, video, archives…), and a file that
//! cannot be read as its type, **cannot be checked**: it is shared as it is only after a
//! person confirms they opened it and it does not identify the customer.

use std::io::{Cursor, Read, Write};

use domain::evidence::FileType;
use tokio::io::AsyncReadExt;

use crate::attachments::{Attachment, Cleaning, SharedCopy};
use crate::blobs::{BlobError, BlobStore};

/// The most a part of an office file may grow to when read (a compressed part can expand
/// far beyond the file's own size).
const PART_LIMIT: u64 = 64 * 1024 * 1024;

/// What cleaning made of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The copy to share, and what was removed, in plain words.
    Cleaned { bytes: Vec<u8>, what: &'static str },
    /// The type cannot be cleaned, or the file could not be read as its type: why, in
    /// plain words.
    CannotBeChecked(&'static str),
}

/// Whether files of this type can be cleaned at all.
pub fn cleanable(file_type: FileType) -> bool {
    use FileType as T;
    matches!(
        file_type,
        T::Jpg
            | T::Png
            | T::Gif
            | T::Bmp
            | T::Tif
            | T::Pdf
            | T::Docx
            | T::Xlsx
            | T::Pptx
            | T::Odf
            | T::Txt
    )
}

/// Cleans a file of the given type. Never panics on bad input: a file that cannot be read
/// as its type cannot be checked.
pub fn clean(file_type: FileType, bytes: &[u8]) -> Outcome {
    use FileType as T;
    let cleaned = match file_type {
        T::Jpg => image(bytes, image::ImageFormat::Jpeg),
        T::Png => image(bytes, image::ImageFormat::Png),
        T::Gif => image(bytes, image::ImageFormat::Gif),
        T::Bmp => image(bytes, image::ImageFormat::Bmp),
        T::Tif => image(bytes, image::ImageFormat::Tiff),
        T::Pdf => pdf(bytes),
        T::Docx | T::Xlsx | T::Pptx | T::Odf => office(bytes),
        T::Txt => {
            return Outcome::Cleaned {
                bytes: bytes.to_vec(),
                what: "Plain text has no hidden details",
            };
        }
        _ => return Outcome::CannotBeChecked("Files of this type cannot be cleaned"),
    };
    match cleaned {
        Some((bytes, what)) => Outcome::Cleaned { bytes, what },
        None => Outcome::CannotBeChecked("The file could not be read to clean it"),
    }
}

fn image(bytes: &[u8], format: image::ImageFormat) -> Option<(Vec<u8>, &'static str)> {
    use image::ImageDecoder;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().ok()?;
    let orientation = decoder.orientation().ok()?;
    let mut picture = image::DynamicImage::from_decoder(decoder).ok()?;
    picture.apply_orientation(orientation);
    let mut out = Cursor::new(Vec::new());
    match format {
        image::ImageFormat::Jpeg => {
            // JPEG has no alpha channel.
            let rgb = image::DynamicImage::ImageRgb8(picture.to_rgb8());
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90);
            rgb.write_with_encoder(encoder).ok()?;
        }
        image::ImageFormat::Gif => {
            let rgba = image::DynamicImage::ImageRgba8(picture.to_rgba8());
            rgba.write_to(&mut out, format).ok()?;
        }
        _ => picture.write_to(&mut out, format).ok()?,
    }
    Some((
        out.into_inner(),
        "Camera, date and location details removed",
    ))
}

fn pdf(bytes: &[u8]) -> Option<(Vec<u8>, &'static str)> {
    use lopdf::Object;
    let mut document = lopdf::Document::load_mem(bytes).ok()?;
    if document.is_encrypted() || document.trailer.has(b"Encrypt") {
        return None;
    }
    document.trailer.remove(b"Info");
    let mut metadata_streams = Vec::new();
    for (id, object) in &mut document.objects {
        let dictionary = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => {
                let is_metadata = s
                    .dict
                    .get(b"Type")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Metadata");
                if is_metadata {
                    metadata_streams.push(*id);
                }
                &mut s.dict
            }
            _ => continue,
        };
        dictionary.remove(b"Metadata");
        dictionary.remove(b"PieceInfo");
        let is_info =
            dictionary.has(b"Author") || dictionary.has(b"Creator") || dictionary.has(b"Producer");
        if is_info && !dictionary.has(b"Type") {
            for key in [
                &b"Author"[..],
                b"Creator",
                b"Producer",
                b"Title",
                b"Subject",
                b"Keywords",
                b"CreationDate",
                b"ModDate",
            ] {
                dictionary.remove(key);
            }
        }
    }
    for id in metadata_streams {
        document.objects.remove(&id);
    }
    let mut out = Vec::new();
    document.save_to(&mut out).ok()?;
    Some((out, "Author and document details removed"))
}

const BLANK_CORE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>"#;
const BLANK_APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;
const BLANK_CUSTOM: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>"#;
const BLANK_META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"><office:meta/></office:document-meta>"#;

/// The blank a document-properties part is replaced with, if it is one.
fn blank_for(name: &str) -> Option<&'static str> {
    match name {
        "docProps/core.xml" => Some(BLANK_CORE),
        "docProps/app.xml" => Some(BLANK_APP),
        "docProps/custom.xml" => Some(BLANK_CUSTOM),
        "meta.xml" => Some(BLANK_META),
        _ => None,
    }
}

/// Word parts that name people in attributes (comments, tracked changes, people).
fn names_authors(name: &str) -> bool {
    name.starts_with("word/") && name.ends_with(".xml")
}

/// The text with every `w:author="…"`, `w:initials="…"` and `w15:userId="…"` value
/// emptied.
fn blank_author_attributes(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    'outer: loop {
        let next = [
            "w:author=\"",
            "w:initials=\"",
            "w15:userId=\"",
            "w15:author=\"",
        ]
        .iter()
        .filter_map(|a| rest.find(a).map(|at| (at, a.len())))
        .min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            break 'outer;
        };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        match rest.find('"') {
            Some(end) => rest = &rest[end..],
            None => rest = "",
        }
    }
    out
}

fn office(bytes: &[u8]) -> Option<(Vec<u8>, &'static str)> {
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let name = archive.by_index_raw(i).ok()?.name().ok()?.into_owned();
        if let Some(blank) = blank_for(&name) {
            writer.start_file(name, deflated).ok()?;
            writer.write_all(blank.as_bytes()).ok()?;
        } else if names_authors(&name) {
            let mut text = String::new();
            archive
                .by_index(i)
                .ok()?
                .take(PART_LIMIT)
                .read_to_string(&mut text)
                .ok()?;
            writer.start_file(name, deflated).ok()?;
            writer
                .write_all(blank_author_attributes(&text).as_bytes())
                .ok()?;
        } else {
            writer.raw_copy_file(archive.by_index_raw(i).ok()?).ok()?;
        }
    }
    let out = writer.finish().ok()?.into_inner();
    Some((out, "Author and document details removed"))
}

/// What sharing a file came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shared {
    /// The copy the panel gets, its bytes stored.
    Copy(SharedCopy),
    /// The file cannot be checked and nobody confirmed it: why, in plain words.
    NeedsConfirmation(&'static str),
}

/// Makes the copy of an attachment that an involved customer gets, and stores its bytes
/// under a new key: cleaned, or (when it cannot be checked) as it is if `confirmed`.
pub async fn make_copy(
    blobs: &dyn BlobStore,
    attachment: &Attachment,
    confirmed: bool,
) -> Result<Shared, BlobError> {
    let mut original = Vec::new();
    let limit = u64::try_from(attachment.size_bytes).unwrap_or(0) + 1;
    blobs
        .open(&attachment.storage_key)
        .await?
        .take(limit)
        .read_to_end(&mut original)
        .await?;
    let outcome = match FileType::from_file_name(&attachment.file_name) {
        Some(file_type) => clean(file_type, &original),
        None => Outcome::CannotBeChecked("Files of this type cannot be cleaned"),
    };
    let (bytes, cleaning) = match outcome {
        Outcome::Cleaned { bytes, what } => (bytes, Cleaning::Cleaned(what.to_owned())),
        Outcome::CannotBeChecked(why) if !confirmed => return Ok(Shared::NeedsConfirmation(why)),
        Outcome::CannotBeChecked(_) => (original, Cleaning::Unchecked),
    };
    let key = crate::blobs::new_key();
    let size = bytes.len() as u64;
    let stored = blobs
        .put(&key, Box::new(Cursor::new(bytes)), size + 1)
        .await?;
    Ok(Shared::Copy(SharedCopy {
        storage_key: key,
        sha256: stored.sha256,
        size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
        cleaning,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    fn cleaned(outcome: Outcome) -> Vec<u8> {
        match outcome {
            Outcome::Cleaned { bytes, .. } => bytes,
            Outcome::CannotBeChecked(why) => panic!("not cleaned: {why}"),
        }
    }

    fn picture() -> image::RgbImage {
        image::RgbImage::from_fn(24, 16, |x, y| {
            image::Rgb([(x * 10) as u8, (y * 15) as u8, 128])
        })
    }

    /// A JPEG with an EXIF segment that names a person and carries a GPS block.
    fn jpeg_with_exif() -> Vec<u8> {
        let mut plain = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(picture())
            .write_to(&mut plain, image::ImageFormat::Jpeg)
            .expect("jpeg");
        let plain = plain.into_inner();
        // Exif header, a little-endian TIFF header with one IFD entry (Artist, ASCII) and
        // the GPS IFD pointer tag's bytes in the payload.
        let mut exif = b"Exif\0\0II*\0\x08\0\0\0\x02\0".to_vec();
        let artist = b"Rita Smith\0";
        exif.extend_from_slice(&0x013b_u16.to_le_bytes()); // Artist
        exif.extend_from_slice(&2_u16.to_le_bytes()); // ASCII
        exif.extend_from_slice(&(artist.len() as u32).to_le_bytes());
        exif.extend_from_slice(&38_u32.to_le_bytes()); // offset of the text
        exif.extend_from_slice(&0x8825_u16.to_le_bytes()); // GPSInfo
        exif.extend_from_slice(&4_u16.to_le_bytes());
        exif.extend_from_slice(&1_u32.to_le_bytes());
        exif.extend_from_slice(&0_u32.to_le_bytes());
        exif.extend_from_slice(&0_u32.to_le_bytes());
        exif.extend_from_slice(artist);
        exif.extend_from_slice(b"GPS 53.7996N 1.5491W");
        let mut out = plain[..2].to_vec(); // SOI
        out.extend_from_slice(&[0xFF, 0xE1]);
        out.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(&exif);
        out.extend_from_slice(&plain[2..]);
        out
    }

    #[test]
    fn a_jpeg_loses_its_exif_and_location_but_keeps_its_picture() {
        let original = jpeg_with_exif();
        assert!(contains(&original, "Exif") && contains(&original, "Rita Smith"));
        let decoded = image::load_from_memory(&original).expect("the fixture is a JPEG");
        let copy = cleaned(clean(FileType::Jpg, &original));
        for hidden in ["Exif", "Rita Smith", "GPS", "53.7996"] {
            assert!(!contains(&copy, hidden), "{hidden} left in the copy");
        }
        let back = image::load_from_memory_with_format(&copy, image::ImageFormat::Jpeg)
            .expect("the copy is a JPEG");
        assert_eq!(
            (back.width(), back.height()),
            (decoded.width(), decoded.height())
        );
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFF_u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_png_loses_its_text_chunks() {
        let mut plain = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(picture())
            .write_to(&mut plain, image::ImageFormat::Png)
            .expect("png");
        let plain = plain.into_inner();
        // A tEXt chunk straight after the 8-byte signature and the 25-byte IHDR chunk.
        let body = b"tEXtAuthor\0Rita Smith, 4 Harbour Court";
        let mut chunk = ((body.len() - 4) as u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(body);
        chunk.extend_from_slice(&crc32(body).to_be_bytes());
        let mut original = plain[..33].to_vec();
        original.extend_from_slice(&chunk);
        original.extend_from_slice(&plain[33..]);
        image::load_from_memory(&original).expect("the fixture is a PNG");
        assert!(contains(&original, "Harbour Court"));
        let copy = cleaned(clean(FileType::Png, &original));
        assert!(!contains(&copy, "Rita Smith") && !contains(&copy, "tEXt"));
        let back = image::load_from_memory(&copy).expect("a PNG");
        assert_eq!(back.to_rgb8(), picture());
    }

    #[test]
    fn a_photo_turned_by_its_orientation_stays_the_right_way_up() {
        // Orientation 6 (turned 90° clockwise to show): the copy is 16 wide, 24 high.
        let mut plain = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(picture())
            .write_to(&mut plain, image::ImageFormat::Jpeg)
            .expect("jpeg");
        let plain = plain.into_inner();
        let mut exif = b"Exif\0\0II*\0\x08\0\0\0\x01\0".to_vec();
        exif.extend_from_slice(&0x0112_u16.to_le_bytes());
        exif.extend_from_slice(&3_u16.to_le_bytes());
        exif.extend_from_slice(&1_u32.to_le_bytes());
        exif.extend_from_slice(&6_u32.to_le_bytes());
        exif.extend_from_slice(&0_u32.to_le_bytes());
        let mut original = plain[..2].to_vec();
        original.extend_from_slice(&[0xFF, 0xE1]);
        original.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
        original.extend_from_slice(&exif);
        original.extend_from_slice(&plain[2..]);
        let copy = cleaned(clean(FileType::Jpg, &original));
        let back = image::load_from_memory(&copy).expect("a JPEG");
        assert_eq!((back.width(), back.height()), (16, 24));
        assert!(!contains(&copy, "Exif"));
    }

    fn pdf_with_metadata() -> Vec<u8> {
        use lopdf::{Dictionary, Object, Stream, dictionary};
        let mut doc = lopdf::Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let content = Stream::new(Dictionary::new(), b"BT ET".to_vec());
        let content_id = doc.add_object(content);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 200.into(), 200.into()],
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages",
                "Kids" => vec![page_id.into()],
                "Count" => 1,
            }),
        );
        let xmp = Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            b"<x:xmpmeta><dc:creator>Rita Smith</dc:creator></x:xmpmeta>".to_vec(),
        );
        let xmp_id = doc.add_object(xmp);
        let catalog_id = doc.add_object(dictionary! {
            "Type" => "Catalog",
            "Pages" => pages_id,
            "Metadata" => xmp_id,
        });
        let info_id = doc.add_object(dictionary! {
            "Author" => Object::string_literal("Rita Smith"),
            "Title" => Object::string_literal("Damp at 4 Harbour Court"),
        });
        doc.trailer.set("Root", catalog_id);
        doc.trailer.set("Info", info_id);
        let mut out = Vec::new();
        doc.save_to(&mut out).expect("pdf");
        out
    }

    #[test]
    fn a_pdf_loses_its_info_dictionary_and_xmp_but_keeps_its_pages() {
        let original = pdf_with_metadata();
        assert!(contains(&original, "Rita Smith") && contains(&original, "Harbour Court"));
        let copy = cleaned(clean(FileType::Pdf, &original));
        for hidden in ["Rita Smith", "Harbour Court", "xmpmeta", "/Info"] {
            assert!(!contains(&copy, hidden), "{hidden} left in the copy");
        }
        let back = lopdf::Document::load_mem(&copy).expect("still a PDF");
        assert_eq!(back.get_pages().len(), 1);
    }

    fn zip_of(parts: &[(&str, &str, zip::CompressionMethod)]) -> Vec<u8> {
        use zip::write::SimpleFileOptions;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text, method) in parts {
            writer
                .start_file(
                    *name,
                    SimpleFileOptions::default().compression_method(*method),
                )
                .expect("part");
            writer.write_all(text.as_bytes()).expect("write");
        }
        writer.finish().expect("zip").into_inner()
    }

    fn parts_of(bytes: &[u8]) -> Vec<(String, String, zip::CompressionMethod)> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        (0..archive.len())
            .map(|i| {
                let mut file = archive.by_index(i).expect("part");
                let mut text = String::new();
                file.read_to_string(&mut text).expect("text");
                (
                    file.name().expect("name").into_owned(),
                    text,
                    file.compression(),
                )
            })
            .collect()
    }

    #[test]
    fn a_word_file_loses_its_authors_and_keeps_its_words() {
        use zip::CompressionMethod::Deflated;
        let document = r#"<w:document><w:body><w:p><w:r><w:t>The damp came back in March.</w:t></w:r></w:p><w:ins w:id="1" w:author="Rita Smith" w:date="2026-03-01"/></w:body></w:document>"#;
        let original = zip_of(&[
            ("[Content_Types].xml", "<Types/>", Deflated),
            (
                "docProps/core.xml",
                "<cp:coreProperties><dc:creator>Rita Smith</dc:creator><cp:lastModifiedBy>Sam Helper</cp:lastModifiedBy></cp:coreProperties>",
                Deflated,
            ),
            (
                "docProps/app.xml",
                "<Properties><Company>Harbour Court Residents</Company></Properties>",
                Deflated,
            ),
            ("word/document.xml", document, Deflated),
            (
                "word/comments.xml",
                r#"<w:comments><w:comment w:id="0" w:author="Sam Helper" w:initials="SH"><w:p/></w:comment></w:comments>"#,
                Deflated,
            ),
        ]);
        let copy = cleaned(clean(FileType::Docx, &original));
        let parts = parts_of(&copy);
        let names: Vec<_> = parts.iter().map(|(n, _, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "docProps/core.xml",
                "docProps/app.xml",
                "word/document.xml",
                "word/comments.xml"
            ]
        );
        for (name, text, _) in &parts {
            for hidden in ["Rita Smith", "Sam Helper", "Harbour", "\"SH\""] {
                assert!(!text.contains(hidden), "{hidden} left in {name}");
            }
        }
        assert!(parts[3].1.contains("The damp came back in March."));
        assert!(parts[1].1.contains("coreProperties"));
    }

    #[test]
    fn an_opendocument_file_loses_its_meta_and_keeps_its_mimetype_first_and_stored() {
        use zip::CompressionMethod::{Deflated, Stored};
        let original = zip_of(&[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.text",
                Stored,
            ),
            (
                "meta.xml",
                "<office:document-meta><office:meta><meta:initial-creator>Rita Smith</meta:initial-creator><dc:creator>Rita Smith</dc:creator></office:meta></office:document-meta>",
                Deflated,
            ),
            (
                "content.xml",
                "<office:text>Mould in the bathroom</office:text>",
                Deflated,
            ),
        ]);
        let copy = cleaned(clean(FileType::Odf, &original));
        let parts = parts_of(&copy);
        assert_eq!(parts[0].0, "mimetype");
        assert_eq!(parts[0].2, Stored);
        assert_eq!(parts[0].1, "application/vnd.oasis.opendocument.text");
        assert!(!parts[1].1.contains("Rita"));
        assert_eq!(
            parts[2].1,
            "<office:text>Mould in the bathroom</office:text>"
        );
    }

    #[test]
    fn types_that_cannot_be_cleaned_and_unreadable_files_cannot_be_checked() {
        for file_type in [FileType::Doc, FileType::Rtf, FileType::Mp3, FileType::Zip] {
            assert!(!cleanable(file_type));
            assert!(matches!(
                clean(file_type, b"anything"),
                Outcome::CannotBeChecked(_)
            ));
        }
        for file_type in [
            FileType::Jpg,
            FileType::Png,
            FileType::Pdf,
            FileType::Docx,
            FileType::Odf,
        ] {
            assert!(cleanable(file_type));
            assert!(
                matches!(
                    clean(file_type, b"not really one"),
                    Outcome::CannotBeChecked(_)
                ),
                "{file_type:?}"
            );
        }
        assert_eq!(
            clean(FileType::Txt, b"plain words"),
            Outcome::Cleaned {
                bytes: b"plain words".to_vec(),
                what: "Plain text has no hidden details"
            }
        );
    }

    #[test]
    fn author_attributes_are_emptied_and_nothing_else_changes() {
        assert_eq!(
            blank_author_attributes(r#"<a w:author="Rita" x="1" w:initials="RS"/>"#),
            r#"<a w:author="" x="1" w:initials=""/>"#
        );
        assert_eq!(blank_author_attributes("<a/>"), "<a/>");
        assert_eq!(
            blank_author_attributes(r#"<a w:author="unterminated"#),
            r#"<a w:author=""#
        );
    }
}
