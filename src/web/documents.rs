//! Documents people upload (training materials, meeting papers, signed
//! agreements): a kind is accepted when the file's name says it and its
//! content is what the name says, so an HTML page renamed `.pdf` is refused.

/// A kind of document: its extension, the type it is served with, and how
/// its content begins.
pub struct Kind {
    pub extension: &'static str,
    pub mime: &'static str,
    looks_like: fn(&[u8]) -> bool,
}

fn pdf(content: &[u8]) -> bool {
    content.starts_with(b"%PDF-")
}

/// OpenDocument files are zip archives whose first entry, `mimetype`, is
/// stored uncompressed and holds their type.
fn open_document(content: &[u8], mime: &str) -> bool {
    content.starts_with(b"PK\x03\x04")
        && content.get(30..38) == Some(b"mimetype")
        && content.get(38..).is_some_and(|rest| rest.starts_with(mime.as_bytes()))
}

/// Office Open XML files are zip archives that list `[Content_Types].xml`
/// and a folder of their application (`word/`, `xl/`, `ppt/`).
fn office_open(content: &[u8], folder: &[u8]) -> bool {
    let has = |needle: &[u8]| content.windows(needle.len()).any(|w| w == needle);
    content.starts_with(b"PK\x03\x04") && has(b"[Content_Types].xml") && has(folder)
}

fn text(content: &[u8]) -> bool {
    std::str::from_utf8(content).is_ok_and(|t| !t.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n')))
}

pub const KINDS: &[Kind] = &[
    Kind {
        extension: "pdf",
        mime: "application/pdf",
        looks_like: pdf,
    },
    Kind {
        extension: "odt",
        mime: "application/vnd.oasis.opendocument.text",
        looks_like: |c| open_document(c, "application/vnd.oasis.opendocument.text"),
    },
    Kind {
        extension: "ods",
        mime: "application/vnd.oasis.opendocument.spreadsheet",
        looks_like: |c| open_document(c, "application/vnd.oasis.opendocument.spreadsheet"),
    },
    Kind {
        extension: "odp",
        mime: "application/vnd.oasis.opendocument.presentation",
        looks_like: |c| open_document(c, "application/vnd.oasis.opendocument.presentation"),
    },
    Kind {
        extension: "docx",
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        looks_like: |c| office_open(c, b"word/"),
    },
    Kind {
        extension: "xlsx",
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        looks_like: |c| office_open(c, b"xl/"),
    },
    Kind {
        extension: "pptx",
        mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        looks_like: |c| office_open(c, b"ppt/"),
    },
    Kind {
        extension: "txt",
        mime: "text/plain; charset=utf-8",
        looks_like: text,
    },
    Kind {
        extension: "png",
        mime: "image/png",
        looks_like: |c| c.starts_with(b"\x89PNG\r\n\x1a\n"),
    },
    Kind {
        extension: "jpg",
        mime: "image/jpeg",
        looks_like: |c| c.starts_with(b"\xFF\xD8\xFF"),
    },
];

/// The kind of an uploaded file among the `allowed` extensions, when its
/// name and its content agree on it; `None` otherwise.
/// A document people upload, if it is one of the `allowed` kinds and not
/// too large: its cleaned name (`otherwise` when it has none) and the type
/// it is served with.
pub fn accepted(name: &str, content: &[u8], allowed: &[&str], otherwise: &str) -> Option<(String, &'static str)> {
    let name = crate::web::extract::file_name(name, otherwise);
    let kind = kind_of(&name, content, allowed)?;
    (content.len() <= crate::web::extract::MAX_DOCUMENT).then_some((name, kind.mime))
}

pub fn kind_of(file_name: &str, content: &[u8], allowed: &[&str]) -> Option<&'static Kind> {
    let extension = file_name.rsplit_once('.')?.1.to_lowercase();
    KINDS
        .iter()
        .find(|k| k.extension == extension && allowed.contains(&k.extension))
        .filter(|k| (k.looks_like)(content))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[&str] = &["pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt", "png", "jpg"];

    #[test]
    fn a_file_is_taken_when_its_content_is_what_its_name_says() {
        assert_eq!(
            kind_of("report.PDF", b"%PDF-1.7\n...", ALL).map(|k| k.mime),
            Some("application/pdf")
        );
        let odt = [
            &b"PK\x03\x04"[..],
            &[0u8; 26],
            b"mimetypeapplication/vnd.oasis.opendocument.text",
        ]
        .concat();
        assert_eq!(kind_of("minutes.odt", &odt, ALL).map(|k| k.extension), Some("odt"));
        assert!(kind_of("minutes.ods", &odt, ALL).is_none());
        let docx = b"PK\x03\x04....[Content_Types].xml....word/document.xml";
        assert_eq!(kind_of("a.docx", docx, ALL).map(|k| k.extension), Some("docx"));
        assert!(kind_of("a.xlsx", docx, ALL).is_none());
        assert_eq!(
            kind_of("notes.txt", "Ordre du jour : été".as_bytes(), ALL).map(|k| k.extension),
            Some("txt")
        );
    }

    #[test]
    fn a_page_renamed_as_a_document_is_refused() {
        let html = b"<!doctype html><script>alert(document.cookie)</script>";
        for name in ["evil.pdf", "evil.docx", "evil.odt", "evil.png", "evil.jpg"] {
            assert!(kind_of(name, html, ALL).is_none(), "{name}");
        }
        assert!(kind_of("evil.html", html, ALL).is_none());
        assert!(kind_of("binary.txt", b"MZ\x90\x00\x03", ALL).is_none());
        assert!(kind_of("report.pdf", b"%PDF-1.7", &["odt"]).is_none());
        assert!(kind_of("no-extension", b"%PDF-1.7", ALL).is_none());
    }
}
