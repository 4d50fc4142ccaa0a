use super::*;

fn with_tail(magic: &[u8]) -> Vec<u8> {
    let mut bytes = magic.to_vec();
    bytes.resize(600, 0x20);
    bytes
}

#[test]
fn each_binary_format_is_accepted_when_its_signature_matches() {
    let riff = |kind: &[u8]| {
        let mut b = b"RIFF\x10\0\0\0".to_vec();
        b.extend_from_slice(kind);
        b
    };
    let mut tar = vec![b'a'; 600];
    tar[257..262].copy_from_slice(b"ustar");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a.gif", with_tail(b"GIF89a")),
        ("a.JPG", with_tail(b"\xFF\xD8\xFF\xE0")),
        ("a.jpeg", with_tail(b"\xFF\xD8\xFF\xE1")),
        ("a.png", with_tail(b"\x89PNG\r\n\x1A\n")),
        ("a.bmp", with_tail(b"BM")),
        ("a.eps", with_tail(b"%!PS-Adobe-3.0 EPSF")),
        ("a.tif", with_tail(b"II*\0")),
        ("a.tiff", with_tail(b"MM\0*")),
        ("a.psd", with_tail(b"8BPS")),
        ("a.rtf", with_tail(b"{\\rtf1")),
        ("a.pdf", with_tail(b"%PDF-1.7")),
        ("a.docx", with_tail(b"PK\x03\x04")),
        ("a.xlsx", with_tail(b"PK\x03\x04")),
        ("a.pptx", with_tail(b"PK\x03\x04")),
        ("a.odt", with_tail(b"PK\x03\x04")),
        ("a.odf", with_tail(b"PK\x03\x04")),
        ("a.jar", with_tail(b"PK\x03\x04")),
        ("a.zip", with_tail(b"PK\x05\x06")),
        ("a.doc", with_tail(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
        ("a.xls", with_tail(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
        ("a.ppt", with_tail(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")),
        ("a.gz", with_tail(b"\x1F\x8B\x08")),
        ("a.bz2", with_tail(b"BZh9")),
        ("a.rar", with_tail(b"Rar!\x1A\x07\x01\0")),
        ("a.sit", with_tail(b"StuffIt (c)1997")),
        ("a.tar", tar),
        ("a.mp3", with_tail(b"ID3\x04")),
        ("b.mp3", with_tail(b"\xFF\xFB\x90")),
        ("a.ogg", with_tail(b"OggS")),
        ("a.wav", riff(b"WAVEfmt ")),
        ("a.avi", riff(b"AVI LIST")),
        ("a.mov", with_tail(b"\0\0\0\x14ftypqt  ")),
        ("a.pict", with_tail(b"\0\0\0")),
        ("a.dmg", with_tail(b"\x78\x01")),
    ];
    for (name, bytes) in cases {
        let file = check(name, bytes.len() as u64, &bytes);
        assert!(file.is_ok(), "{name}: {file:?}");
    }
}

#[test]
fn text_formats_are_accepted_unless_they_contain_binary_zeros() {
    for name in ["notes.txt", "page.html", "data.xml", "plan.svg"] {
        assert!(check(name, 20, b"<p>Hello there</p>\n").is_ok(), "{name}");
        assert_eq!(
            check(name, 20, b"Hello\0there"),
            Err(EvidenceError::ContentMismatch(
                name.rsplit('.').next().unwrap().into()
            ))
        );
    }
}

#[test]
fn a_pdf_that_is_really_a_program_is_refused_as_a_program() {
    let mut exe = b"MZ\x90\0\x03\0\0\0".to_vec();
    exe.resize(512, 0);
    for name in ["report.pdf", "photo.jpg", "notes.txt", "setup.exe"] {
        assert_eq!(
            check(name, 512, &exe),
            Err(EvidenceError::Executable),
            "{name}"
        );
    }
    assert_eq!(
        check("x.zip", 64, b"\x7FELF\x02\x01\x01\0"),
        Err(EvidenceError::Executable)
    );
    // A text file that merely starts with the letters MZ is not a program.
    assert!(check("names.txt", 20, b"MZ Smith, flat 3").is_ok());
}

#[test]
fn a_file_whose_content_does_not_match_its_extension_is_refused() {
    assert_eq!(
        check("photo.png", 600, &with_tail(b"GIF89a")),
        Err(EvidenceError::ContentMismatch("png".into()))
    );
    assert_eq!(
        check("report.PDF", 600, &with_tail(b"hello")),
        Err(EvidenceError::ContentMismatch("pdf".into()))
    );
    let short_tar = vec![b'a'; 100];
    assert!(check("a.tar", 100, &short_tar).is_err());
}

#[test]
fn only_the_listed_extensions_are_allowed() {
    for name in [
        "setup.exe",
        "script.js",
        "noextension",
        "archive.7z",
        "macro.docm",
    ] {
        assert_eq!(
            check(name, 10, b"hello text"),
            Err(EvidenceError::NotAllowed),
            "{name}"
        );
    }
}

#[test]
fn the_size_limit_is_32_mebibytes_and_empty_files_are_refused() {
    let pdf = with_tail(b"%PDF-1.4");
    assert!(check("a.pdf", MAX_BYTES, &pdf).is_ok());
    assert_eq!(
        check("a.pdf", MAX_BYTES + 1, &pdf),
        Err(EvidenceError::TooLarge)
    );
    assert_eq!(check("a.pdf", 0, &[]), Err(EvidenceError::Empty));
    assert_eq!(MAX_BYTES, 33_554_432);
}

#[test]
fn html_svg_jar_and_dmg_are_only_ever_downloads() {
    for ext in ["html", "HTM", "svg", "jar", "dmg"] {
        assert!(download_only(ext), "{ext}");
    }
    for ext in ["pdf", "jpg", "txt", "exe"] {
        assert!(!download_only(ext), "{ext}");
    }
    assert!(
        check("page.html", 10, b"<html></html>")
            .unwrap()
            .download_only
    );
}

#[test]
fn every_refusal_says_how_to_fix_it_without_a_full_stop() {
    for e in [
        EvidenceError::Empty,
        EvidenceError::TooLarge,
        EvidenceError::NotAllowed,
        EvidenceError::ContentMismatch("pdf".into()),
        EvidenceError::Executable,
        EvidenceError::Macros,
        EvidenceError::NoRoomNow,
    ] {
        let text = e.to_string();
        assert!(text.starts_with("The selected file"), "{text}");
        assert!(!text.ends_with('.'), "{text}");
    }
}

#[test]
fn the_browser_checks_the_name_and_size_before_sending() {
    assert_eq!(check_before_upload("photo.JPG", 1000), Ok(FileType::Jpg));
    assert_eq!(
        check_before_upload("photo.jpg", 0),
        Err(EvidenceError::Empty)
    );
    assert_eq!(
        check_before_upload("film.mov", MAX_BYTES + 1),
        Err(EvidenceError::TooLarge)
    );
    assert_eq!(
        check_before_upload("setup.exe", 10),
        Err(EvidenceError::NotAllowed)
    );
    assert_eq!(
        check_before_upload("no-extension", 10),
        Err(EvidenceError::NotAllowed)
    );
}

#[test]
fn only_pictures_pdfs_and_plain_text_may_be_shown_in_the_browser() {
    for name in [
        "a.gif", "a.JPG", "a.jpeg", "a.png", "a.bmp", "a.pdf", "a.txt",
    ] {
        let file_type = FileType::from_file_name(name).expect(name);
        assert!(file_type.inline_allowed(), "{name}");
    }
    for name in [
        "a.html", "a.htm", "a.svg", "a.jar", "a.dmg", "a.xml", "a.docx", "a.zip", "a.mp3", "a.tif",
    ] {
        let file_type = FileType::from_file_name(name).expect(name);
        assert!(!file_type.inline_allowed(), "{name}");
    }
    assert_eq!(FileType::from_file_name("no-extension"), None);
    assert_eq!(FileType::from_file_name("setup.exe"), None);
}

#[test]
fn a_download_only_type_is_never_shown_in_the_browser() {
    for ext in ALLOWED
        .split([',', ' '])
        .filter(|e| !e.is_empty() && *e != "or")
    {
        let file_type = FileType::from_extension(ext).expect(ext);
        assert!(
            !(file_type.download_only() && file_type.inline_allowed()),
            "{ext}"
        );
    }
}

#[test]
fn each_refusal_survives_a_round_trip_through_its_code() {
    for e in [
        EvidenceError::Empty,
        EvidenceError::TooLarge,
        EvidenceError::NotAllowed,
        EvidenceError::ContentMismatch("pdf".into()),
        EvidenceError::ContentMismatch("jpeg".into()),
        EvidenceError::Executable,
        EvidenceError::Macros,
        EvidenceError::NoRoomNow,
    ] {
        assert_eq!(
            EvidenceError::from_code(&e.code()),
            Some(e.clone()),
            "{e:?}"
        );
    }
}

#[test]
fn a_code_cannot_put_words_of_its_own_on_the_page() {
    for code in [
        "",
        "mismatch_",
        "mismatch_exe",
        "mismatch_PDF",
        "mismatch_.pdf",
        "mismatch_ pdf",
        "mismatch_pdf<script>",
        "nonsense",
    ] {
        assert_eq!(EvidenceError::from_code(code), None, "{code}");
    }
}

proptest::proptest! {
    #[test]
    fn any_code_read_back_is_one_we_could_have_written(code in "\\PC{0,24}") {
        if let Some(e) = EvidenceError::from_code(&code) {
            proptest::prop_assert_eq!(e.code(), code);
        }
    }
}

#[test]
fn invisible_characters_are_taken_out_of_file_names() {
    // U+202E would show "invoice\u{202E}fdp.exe" as "invoiceexe.pdf".
    assert_eq!(clean_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    assert_eq!(
        clean_file_name("a\u{200B}b\u{2066}c\u{2069}d\u{FEFF}e\u{00AD}f\u{E0041}g.pdf"),
        "abcdefg.pdf"
    );
    assert_eq!(
        clean_file_name("tab\there\r\n\u{7}\u{85}.txt"),
        "tabhere.txt"
    );
    assert_eq!(
        clean_file_name("line\u{2028}para\u{2029}.txt"),
        "linepara.txt"
    );
    // Letters of every script, spaces and punctuation stay.
    assert_eq!(
        clean_file_name("Llythyr – ŵyr, تقرير, 報告 (2).pdf"),
        "Llythyr – ŵyr, تقرير, 報告 (2).pdf"
    );
}
