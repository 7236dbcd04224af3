//! Format detection from content (magic bytes and structure), never from the file name.

use std::fmt;

/// A format dehcp recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// PDF.
    Pdf,
    /// Word (Office Open XML).
    Docx,
    /// OpenDocument text.
    Odt,
    /// Rich Text Format.
    Rtf,
    /// HTML.
    Html,
    /// An email message (RFC 5322 / MIME).
    Eml,
    /// An Outlook message (OLE compound file).
    Msg,
    /// PNG image.
    Png,
    /// JPEG image.
    Jpeg,
    /// TIFF image.
    Tiff,
    /// Markdown.
    Markdown,
    /// Plain text.
    PlainText,
}

impl Format {
    /// The identifier used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Html => "html",
            Format::Eml => "eml",
            Format::Msg => "msg",
            Format::Png => "png",
            Format::Jpeg => "jpeg",
            Format::Tiff => "tiff",
            Format::Markdown => "markdown",
            Format::PlainText => "text",
        }
    }

    /// A name for messages, for example "Word".
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word",
            Format::Odt => "OpenDocument",
            Format::Rtf => "RTF",
            Format::Html => "HTML",
            Format::Eml => "email",
            Format::Msg => "Outlook message",
            Format::Png => "PNG",
            Format::Jpeg => "JPEG",
            Format::Tiff => "TIFF",
            Format::Markdown => "Markdown",
            Format::PlainText => "text",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

fn starts_with_ignoring_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.len() >= needle.len() && haystack[..needle.len()].eq_ignore_ascii_case(needle)
}

/// Looks for `needle` within the first `window` bytes.
fn contains(haystack: &[u8], needle: &[u8], window: usize) -> bool {
    let end = haystack.len().min(window);
    haystack[..end].windows(needle.len()).any(|w| w == needle)
}

/// Detects the format of `bytes`, or `None` for content dehcp does not read (binary junk).
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if contains(bytes, b"%PDF-", 1024) {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // OpenDocument packages start with an uncompressed `mimetype` entry (ODF 1.2 §3.3);
        // the first local header's name starts at byte 30.
        if contains(bytes, b"application/vnd.oasis.opendocument.text", 200)
            || bytes.get(30..38) == Some(b"mimetype".as_slice())
        {
            return Some(Format::Odt);
        }
        // Every Office Open XML package names its content types part; DOCX has word/.
        if contains(bytes, b"word/", 1 << 20) || contains(bytes, b"[Content_Types].xml", 1 << 20) {
            return Some(Format::Docx);
        }
        if contains(bytes, b"opendocument", 1 << 16) {
            return Some(Format::Odt);
        }
        // A ZIP of something else: call it Word so the reader reports what is missing.
        return Some(Format::Docx);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Format::Png);
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Some(Format::Jpeg);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(Format::Tiff);
    }
    if bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return Some(Format::Msg);
    }
    let text_start = bytes
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(bytes);
    if text_start.starts_with(b"{\\rtf") {
        return Some(Format::Rtf);
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        // UTF-16 with a byte order mark: text of some kind; the text reader decodes it.
        return Some(Format::PlainText);
    }
    let trimmed: &[u8] = {
        let skip = text_start
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text_start.len());
        &text_start[skip..]
    };
    if starts_with_ignoring_case(trimmed, b"<!doctype html")
        || starts_with_ignoring_case(trimmed, b"<html")
        || (trimmed.starts_with(b"<") && contains(trimmed, b"<body", 4096))
    {
        return Some(Format::Html);
    }
    if looks_like_email(text_start) {
        return Some(Format::Eml);
    }
    if looks_like_text(text_start) {
        if looks_like_markdown(text_start) {
            return Some(Format::Markdown);
        }
        return Some(Format::PlainText);
    }
    None
}

fn looks_like_email(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let Ok(text) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let mut headers = 0;
    for line in text.lines() {
        if line.is_empty() {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if [
            "from:",
            "to:",
            "subject:",
            "date:",
            "mime-version:",
            "content-type:",
            "message-id:",
        ]
        .iter()
        .any(|h| lower.starts_with(h))
        {
            headers += 1;
        } else if !line.starts_with([' ', '\t']) && !line.contains(':') {
            return false;
        }
    }
    headers >= 2
}

/// Text if it has no NUL bytes and few control characters (any encoding the text reader
/// handles: UTF-8 or Windows-1252).
fn looks_like_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return false;
    }
    let control = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 100 <= sample.len()
}

fn looks_like_markdown(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    sample.starts_with(b"# ") || contains(sample, b"\n# ", 8192) || contains(sample, b"\n## ", 8192)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_content_not_names() {
        assert_eq!(detect(b"%PDF-1.7\n..."), Some(Format::Pdf));
        assert_eq!(detect(b"{\\rtf1\\ansi hello}"), Some(Format::Rtf));
        assert_eq!(
            detect(b"<!DOCTYPE html><html><body>x</body></html>"),
            Some(Format::Html)
        );
        assert_eq!(detect(b"\x89PNG\r\n\x1a\nrest"), Some(Format::Png));
        assert_eq!(detect(b"\xff\xd8\xff\xe0"), Some(Format::Jpeg));
        assert_eq!(detect(b"II*\0rest"), Some(Format::Tiff));
        assert_eq!(
            detect(b"From: a@example.org\nTo: b@example.org\nSubject: x\n\nbody"),
            Some(Format::Eml)
        );
        assert_eq!(detect(b"# Report\n\nText"), Some(Format::Markdown));
        assert_eq!(
            detect(b"Plain words, nothing else."),
            Some(Format::PlainText)
        );
        assert_eq!(
            detect(b"Caf\xe9 au lait"),
            Some(Format::PlainText),
            "Windows-1252"
        );
        assert_eq!(
            detect(b"\xff\xfeh\0i\0"),
            Some(Format::PlainText),
            "UTF-16 LE"
        );
        assert_eq!(detect(b"\0\x01\x02\x03\x04binary"), None);
    }

    proptest::proptest! {
        #[test]
        fn detection_never_panics(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let _ = detect(&bytes);
        }
    }
}
