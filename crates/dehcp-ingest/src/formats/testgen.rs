//! Test-only generator of synthetic Word and OpenDocument files, built in code so that no
//! binary fixture is committed. All text it is given in tests is invented (for example
//! "Sam Example"); it must never hold real report text.

// Test-file generators: writing to memory cannot fail in practice, and a panic is the
// clearest failure report for a broken generator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// A minimal `[Content_Types].xml` for a Word package.
pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn write_zip(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A ZIP with these entries, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    write_zip(entries, CompressionMethod::Deflated)
}

/// A ZIP with these entries, stored without compression.
pub fn zip_stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    write_zip(entries, CompressionMethod::Stored)
}

/// Overwrites the uncompressed size in every local and central header with `size`, making
/// the headers lie about how far the entries inflate.
pub fn patch_sizes(bytes: &mut [u8], size: u32) {
    let mut index = 0;
    while index + 30 <= bytes.len() {
        let field = match &bytes[index..index + 4] {
            b"PK\x03\x04" => Some(index + 22),
            b"PK\x01\x02" => Some(index + 24),
            _ => None,
        };
        if let Some(field) = field
            && field + 4 <= bytes.len()
        {
            bytes[field..field + 4].copy_from_slice(&size.to_le_bytes());
        }
        index += 1;
    }
}

/// Sets the "encrypted" flag on every entry, as a password-protected ZIP would have it.
pub fn mark_encrypted(bytes: &mut [u8]) {
    let mut index = 0;
    while index + 30 <= bytes.len() {
        let field = match &bytes[index..index + 4] {
            b"PK\x03\x04" => Some(index + 6),
            b"PK\x01\x02" => Some(index + 8),
            _ => None,
        };
        if let Some(field) = field {
            bytes[field] |= 1;
        }
        index += 1;
    }
}

/// A Word package whose body holds `body` (WordprocessingML), plus extra parts.
pub fn docx(body: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    for (name, data) in extra {
        entries.push((name, data.as_bytes()));
    }
    zip(&entries)
}

/// A header or footer part (`root` is `w:hdr` or `w:ftr`) holding `content`.
pub fn w_part(root: &str, content: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><{root} {W_NS}>{content}</{root}>"#)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Plain paragraphs.
pub fn w_paragraphs(texts: &[&str]) -> String {
    texts
        .iter()
        .map(|text| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(text)))
        .collect()
}

/// A paragraph with a style id.
pub fn w_styled(style: &str, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// A paragraph holding only an explicit page break.
pub fn w_page_break() -> String {
    r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#.to_owned()
}

/// A table with one paragraph per cell.
pub fn w_table(rows: &[&[&str]]) -> String {
    let mut out = String::from("<w:tbl><w:tblPr/><w:tblGrid/>");
    for row in rows {
        out.push_str("<w:tr>");
        for cell in *row {
            out.push_str(&format!(
                "<w:tc><w:tcPr/><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>",
                escape(cell)
            ));
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

const ODT_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

/// An OpenDocument text package whose `office:text` holds `body`, with optional
/// `office:master-styles` content for headers and footers and extra parts.
pub fn odt(body: &str, master_styles: &str, extra: &[(&str, String)]) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.3"><office:automatic-styles/><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODT_NS} office:version="1.3"><office:master-styles>{master_styles}</office:master-styles></office:document-styles>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    // The mimetype entry comes first and uncompressed, as the standard requires.
    writer
        .start_file(
            "mimetype",
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .unwrap();
    writer
        .write_all(b"application/vnd.oasis.opendocument.text")
        .unwrap();
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("content.xml", content.as_bytes()),
        ("styles.xml", styles.as_bytes()),
    ];
    if !extra
        .iter()
        .any(|(name, _)| *name == "META-INF/manifest.xml")
    {
        parts.push(("META-INF/manifest.xml", manifest.as_bytes()));
    }
    for (name, data) in extra {
        parts.push((name, data.as_bytes()));
    }
    for (name, data) in parts {
        writer.start_file(name, deflated).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}
