//! Writes the synthetic example bundle (`examples/robin-example/bundle/`) from its Markdown
//! sources (`examples/robin-example/src/`).
//!
//! ```text
//! cargo run -p dehcp-ingest --features testgen --example make_example_bundle [-- OUT_DIR]
//! ```
//!
//! Six advice documents about one fictional child, Robin Example, in the formats a council
//! receives: the educational psychology and school advice as Word files, the speech and
//! language therapy report, the occupational therapy report and the paediatric letter as
//! text-layer PDFs, and the parent and child views as plain text. Every source line that is
//! not part of a table or list becomes its own paragraph, so address blocks and signatures keep
//! their lines.
//!
//! The output is deterministic: the Word packages use fixed timestamps and stored (not
//! deflated) entries, and the PDFs carry no dates, so the same sources always give the same
//! bytes. `tests/example_bundle.rs` regenerates the bundle in memory and fails when the
//! committed files are stale.
//!
//! Everything in the bundle is synthetic and written for dehcp.

// A command-line example: printing what it wrote is its job, and a failure to read the sources
// or write the bundle is reported by returning an error from `main`.
#![allow(clippy::print_stdout)]

use std::collections::BTreeSet;
use std::error::Error;
use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};

use dehcp_ingest::formats::corpus::{self, Block};
use zip::write::{SimpleFileOptions, ZipWriter};
use zip::{CompressionMethod, DateTime};

/// The format a bundle file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    /// A Word package with styles and numbering.
    Docx,
    /// A PDF with a Helvetica text layer.
    Pdf,
    /// Plain UTF-8 text.
    Text,
}

/// Each bundle file: Markdown source name, output file name and format.
pub(crate) const FILES: [(&str, &str, Output); 6] = [
    ("01-ep-advice.md", "01-ep-advice.docx", Output::Docx),
    ("02-salt-report.md", "02-salt-report.pdf", Output::Pdf),
    ("03-ot-report.md", "03-ot-report.pdf", Output::Pdf),
    (
        "04-paediatric-letter.md",
        "04-paediatric-letter.pdf",
        Output::Pdf,
    ),
    ("05-school-advice.md", "05-school-advice.docx", Output::Docx),
    ("06-views.md", "06-views.txt", Output::Text),
];

/// The example's folder, `examples/robin-example` at the top of the workspace.
pub(crate) fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/robin-example")
}

/// A bundle file: its name and bytes.
pub(crate) type BundleFile = (String, Vec<u8>);

/// Builds every bundle file from the sources in `source_dir`: (file name, bytes), in
/// [`FILES`] order.
pub(crate) fn build(source_dir: &Path) -> Result<Vec<BundleFile>, Box<dyn Error>> {
    let mut out = Vec::new();
    for (source, name, output) in FILES {
        let path = source_dir.join(source);
        let markdown = std::fs::read_to_string(&path)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let blocks = corpus::parse(&one_paragraph_per_line(&markdown));
        let bytes = match output {
            Output::Docx => docx(&blocks)?,
            Output::Pdf => pdf(&blocks),
            Output::Text => text(&blocks).into_bytes(),
        };
        out.push((name.to_owned(), bytes));
    }
    Ok(out)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let out_dir = match (args.next(), args.next()) {
        (None, _) => example_dir().join("bundle"),
        (Some(dir), None) if !dir.starts_with('-') => PathBuf::from(dir),
        _ => return Err("usage: make_example_bundle [OUT_DIR]".into()),
    };
    std::fs::create_dir_all(&out_dir)?;
    for (name, bytes) in build(&example_dir().join("src"))? {
        let path = out_dir.join(&name);
        std::fs::write(&path, &bytes)?;
        println!("{}: {} bytes", path.display(), bytes.len());
    }
    Ok(())
}

/// Puts a blank line after every line outside a table, so that each source line is its own
/// paragraph (header details, addresses and signatures are lines, not prose to be joined).
fn one_paragraph_per_line(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    for line in markdown.lines() {
        out.push_str(line);
        out.push('\n');
        if !line.trim_start().starts_with('|') {
            out.push('\n');
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word

/// Fixed modification time for every entry of a Word package.
fn zip_time() -> Result<DateTime, Box<dyn Error>> {
    DateTime::from_date_and_time(2026, 10, 9, 12, 0, 0)
        .map_err(|_| "the fixed ZIP timestamp is invalid".into())
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

const W_NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Normal, Heading 1 to 3, List Paragraph and Table Grid, in Arial.
fn styles() -> String {
    let heading = |level: u8, size: u8| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="{size}"/></w:rPr></w:style>"#,
            level - 1
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{}{}{}<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/></w:pPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#,
        heading(1, 32),
        heading(2, 26),
        heading(3, 23)
    )
}

/// Numbering definitions: `numId` 1 is a bullet list, 2 a decimal list (as
/// [`corpus::docx_body`] uses them).
const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;

/// Document properties with a fixed creation date; the title is the report's first heading.
fn core_properties(title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:description>SYNTHETIC – fictional case for demonstration</dc:description><dcterms:created xsi:type="dcterms:W3CDTF">2026-10-09T12:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2026-10-09T12:00:00Z</dcterms:modified></cp:coreProperties>"#,
        corpus::xml_escape(title)
    )
}

/// Word body XML for `blocks`, with a `w:lastRenderedPageBreak` where Word would have started
/// a new page (the page accounting of [`corpus::rich_docx_body`]: [`corpus::PDF_PAGE_LINES`]
/// lines of [`corpus::PDF_LINE_CHARS`] characters), as Word saves it.
fn docx_body(blocks: &[Block]) -> String {
    let mut body = String::new();
    let mut used = 0;
    for block in blocks {
        let cost = match block {
            Block::Heading { .. } => 3,
            Block::Paragraph(text) if is_detail(text) => 1,
            Block::Paragraph(text) | Block::ListItem { text, .. } => {
                corpus::wrap(text, corpus::PDF_LINE_CHARS).len() + 1
            }
            Block::Table(rows) => rows.len() * 2 + 1,
        };
        let mut xml = corpus::docx_body(std::slice::from_ref(block)).replace(
            "<w:tblPr/>",
            r#"<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>"#,
        );
        if used > 0 && used + cost > corpus::PDF_PAGE_LINES {
            if let Some(run) = xml.find("<w:r>") {
                xml.insert_str(run, "<w:r><w:lastRenderedPageBreak/></w:r>");
            }
            used = 0;
        }
        used += cost;
        body.push_str(&xml);
    }
    body
}

/// A Word package for `blocks`: styled headings, numbered and bulleted lists, bordered
/// tables and an A4 page, stored uncompressed with fixed timestamps.
fn docx(blocks: &[Block]) -> Result<Vec<u8>, Box<dyn Error>> {
    let body = docx_body(blocks);
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    );
    let core = core_properties(corpus::title(blocks));
    let styles = styles();
    let entries: [(&str, &[u8]); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
    ];
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(zip_time()?)
        .unix_permissions(0o644)
        .large_file(false);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        writer.start_file(name, options)?;
        writer.write_all(data)?;
    }
    Ok(writer.finish()?.into_inner())
}

// ---------------------------------------------------------------------------------------------
// PDF and text

/// Whether a paragraph is a short "detail" line (a header field, an address or signature
/// line) that sits directly under the one before it, without a paragraph gap.
fn is_detail(text: &str) -> bool {
    text.chars().count() <= 72 && !text.ends_with(['.', '?', '!'])
}

/// A text-layer PDF of `blocks`, laid out by [`corpus::pdf_pages`], with the paragraph gap
/// removed between consecutive detail lines and between the rows of a table.
fn pdf(blocks: &[Block]) -> Vec<u8> {
    let mut tight: BTreeSet<String> = BTreeSet::new();
    for block in blocks {
        match block {
            Block::Paragraph(text) if is_detail(text) => {
                tight.insert(text.clone());
            }
            Block::Table(rows) => {
                for row in rows {
                    let line = row.join("   ");
                    if line.chars().count() <= corpus::PDF_LINE_CHARS {
                        tight.insert(line);
                    }
                }
            }
            _ => {}
        }
    }
    let pages: Vec<Vec<String>> = corpus::pdf_pages(blocks)
        .into_iter()
        .map(|page| {
            let mut out: Vec<String> = Vec::with_capacity(page.len());
            for (index, line) in page.iter().enumerate() {
                let gap_between_details = line.is_empty()
                    && index > 0
                    && tight.contains(&page[index - 1])
                    && page.get(index + 1).is_some_and(|next| tight.contains(next));
                if !gap_between_details {
                    out.push(line.clone());
                }
            }
            out
        })
        .collect();
    corpus::pdf_from_pages(&pages)
}

/// Plain text for `blocks`: headings on their own lines (the title in capitals), `- ` bullets,
/// numbered items as written, a blank line between paragraphs and consecutive detail lines
/// kept together.
fn text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut previous_detail = false;
    let mut previous_item = false;
    for block in blocks {
        let item = matches!(block, Block::ListItem { .. });
        let (line, detail) = match block {
            Block::Heading { level: 1, text } => (text.to_uppercase(), false),
            Block::Heading { text, .. } => (text.clone(), false),
            Block::Paragraph(text) => (text.clone(), is_detail(text)),
            Block::ListItem { number, text } => (
                format!("{} {text}", number.as_deref().unwrap_or("-")),
                false,
            ),
            Block::Table(rows) => (
                rows.iter()
                    .map(|row| row.join(" | "))
                    .collect::<Vec<_>>()
                    .join("\n"),
                false,
            ),
        };
        let together = (previous_detail && detail) || (previous_item && item);
        if !out.is_empty() && !together {
            out.push('\n');
        }
        out.push_str(&line);
        out.push('\n');
        previous_detail = detail;
        previous_item = item;
    }
    out
}
