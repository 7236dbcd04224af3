//! Test-only conversion of the synthetic Markdown report corpus (`testdata/reports`) into every
//! format dehcp reads: Word, OpenDocument, PDF, RTF, HTML and email. Used by the
//! corpus-variant tests and by the `make_bundle` example that writes the benchmark bundle.
//!
//! The Markdown is read line by line, with only what the corpus uses: `#` headings, `-` and
//! `1.` list items, `|` tables (the `|---|` rule is dropped), paragraphs separated by blank
//! lines, `**bold**` markers (removed) and the `<!-- ... -->` marker line (skipped). Each
//! writer turns headings, list items and tables into the format's own structures where it has
//! them; the PDF writer wraps lines at [`PDF_LINE_CHARS`] characters and fills pages of
//! [`PDF_PAGE_LINES`] lines, keeping each paragraph on one page.
//!
//! All text given to these writers must be synthetic, like the corpus itself.

use std::fmt::Write as _;

use super::{pdfgen, testgen};

/// Longest PDF line, in characters, before a paragraph is wrapped.
pub const PDF_LINE_CHARS: usize = 90;

/// Body lines (16 pt each) on one PDF page.
pub const PDF_PAGE_LINES: usize = 45;

/// One structural block of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A `#` heading, level 1 to 6.
    Heading {
        /// Number of `#` marks.
        level: u8,
        /// Heading text.
        text: String,
    },
    /// A paragraph (consecutive text lines joined with spaces).
    Paragraph(String),
    /// A list item; `number` is `Some("1.")` for a numbered item, `None` for a bullet.
    ListItem {
        /// The item's number as written, for numbered lists.
        number: Option<String>,
        /// Item text without its marker.
        text: String,
    },
    /// A table, one vector of cell texts per row (header row first).
    Table(Vec<Vec<String>>),
}

/// The formats a report can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Word (`.docx`).
    Docx,
    /// OpenDocument text (`.odt`).
    Odt,
    /// PDF with a Helvetica text layer.
    Pdf,
    /// Rich Text Format.
    Rtf,
    /// HTML page.
    Html,
    /// Email message with a plain-text body.
    Eml,
}

impl Variant {
    /// Every variant, in a fixed order.
    pub const ALL: [Variant; 6] = [
        Variant::Docx,
        Variant::Odt,
        Variant::Pdf,
        Variant::Rtf,
        Variant::Html,
        Variant::Eml,
    ];

    /// File extension, without the dot; also the format id dehcp reports.
    pub fn extension(self) -> &'static str {
        match self {
            Variant::Docx => "docx",
            Variant::Odt => "odt",
            Variant::Pdf => "pdf",
            Variant::Rtf => "rtf",
            Variant::Html => "html",
            Variant::Eml => "eml",
        }
    }
}

/// Writes `blocks` as `variant`.
pub fn render(variant: Variant, blocks: &[Block]) -> Vec<u8> {
    match variant {
        Variant::Docx => docx(blocks),
        Variant::Odt => odt(blocks),
        Variant::Pdf => pdf(blocks),
        Variant::Rtf => rtf(blocks).into_bytes(),
        Variant::Html => html(blocks).into_bytes(),
        Variant::Eml => eml(blocks).into_bytes(),
    }
}

fn strip_inline(text: &str) -> String {
    text.replace("**", "").trim().to_owned()
}

fn table_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(strip_inline).collect()
}

fn is_table_rule(line: &str) -> bool {
    line.trim()
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

fn numbered(line: &str) -> Option<(String, String)> {
    let digits: String = line.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let rest = line[digits.len()..].strip_prefix(". ")?;
    Some((format!("{digits}."), strip_inline(rest)))
}

/// Reads a corpus report's Markdown into blocks.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let flush =
        |paragraph: &mut Vec<String>, table: &mut Vec<Vec<String>>, out: &mut Vec<Block>| {
            if !paragraph.is_empty() {
                out.push(Block::Paragraph(paragraph.join(" ")));
                paragraph.clear();
            }
            if !table.is_empty() {
                out.push(Block::Table(std::mem::take(table)));
            }
        };
    for raw in markdown.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("<!--") {
            continue;
        }
        if trimmed.starts_with('|') {
            if !paragraph.is_empty() {
                let mut none = Vec::new();
                flush(&mut paragraph, &mut none, &mut blocks);
            }
            if !is_table_rule(trimmed) {
                table.push(table_cells(trimmed));
            }
            continue;
        }
        if !table.is_empty() {
            let mut none = Vec::new();
            flush(&mut none, &mut table, &mut blocks);
        }
        if trimmed.is_empty() {
            flush(&mut paragraph, &mut table, &mut blocks);
            continue;
        }
        let hashes = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush(&mut paragraph, &mut table, &mut blocks);
            blocks.push(Block::Heading {
                level: hashes as u8,
                text: strip_inline(&trimmed[hashes..]),
            });
        } else if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            flush(&mut paragraph, &mut table, &mut blocks);
            blocks.push(Block::ListItem {
                number: None,
                text: strip_inline(item),
            });
        } else if let Some((number, text)) = numbered(trimmed) {
            flush(&mut paragraph, &mut table, &mut blocks);
            blocks.push(Block::ListItem {
                number: Some(number),
                text,
            });
        } else {
            paragraph.push(strip_inline(trimmed));
        }
    }
    flush(&mut paragraph, &mut table, &mut blocks);
    blocks
}

/// The first heading's text (the report title), or an empty string.
pub fn title(blocks: &[Block]) -> &str {
    blocks
        .iter()
        .find_map(|block| match block {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or("")
}

/// The `File | Known sentence` pairs from the corpus README's "Known sentences" table, as
/// (file name, sentence).
pub fn known_sentences(readme: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut in_section = false;
    for line in readme.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            in_section = heading.trim() == "Known sentences";
            continue;
        }
        if !in_section || !line.starts_with('|') || is_table_rule(line) {
            continue;
        }
        let cells = table_cells(line);
        if let [file, sentence] = cells.as_slice()
            && file.starts_with('`')
        {
            out.push((file.trim_matches('`').to_owned(), sentence.clone()));
        }
    }
    out
}

/// Escapes text for XML and HTML element content.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word

/// Word body XML for `blocks`: `HeadingN` styles, numbered (`w:numPr`) list paragraphs and
/// real tables, in the plain markup of [`testgen`].
pub fn docx_body(blocks: &[Block]) -> String {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                body.push_str(&testgen::w_styled(&format!("Heading{level}"), text));
            }
            Block::Paragraph(text) => body.push_str(&testgen::w_paragraphs(&[text])),
            Block::ListItem { number, text } => {
                let num_id = if number.is_some() { 2 } else { 1 };
                let _ = write!(
                    body,
                    r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
                    xml_escape(text)
                );
            }
            Block::Table(rows) => {
                let rows: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|row| row.iter().map(String::as_str).collect())
                    .collect();
                let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
                body.push_str(&testgen::w_table(&rows));
            }
        }
    }
    body
}

/// A Word package for `blocks`.
pub fn docx(blocks: &[Block]) -> Vec<u8> {
    testgen::docx(&docx_body(blocks), &[])
}

/// Run properties as Word writes them for 11 pt Arial body text.
const RICH_RUN: &str = r#"<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Times New Roman" w:cs="Arial"/><w:color w:val="000000"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/></w:rPr>"#;

/// Paragraph properties as Word writes them for body text.
const RICH_PARA: &str = r#"<w:pPr><w:spacing w:before="0" w:after="160" w:line="259" w:lineRule="auto"/><w:jc w:val="both"/><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:pPr>"#;

/// Splits `text` into runs of a few words, each with full run properties and revision ids,
/// the way a document edited over several sessions is stored.
fn rich_runs(text: &str, seed: &mut u32) -> String {
    let mut out = String::new();
    let words: Vec<&str> = text.split(' ').collect();
    for (index, chunk) in words.chunks(4).enumerate() {
        *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let mut piece = chunk.join(" ");
        if (index + 1) * 4 < words.len() {
            piece.push(' ');
        }
        let _ = write!(
            out,
            r#"<w:r w:rsidR="00{:06X}" w:rsidRPr="00{:06X}">{RICH_RUN}<w:t xml:space="preserve">{}</w:t></w:r>"#,
            *seed >> 8,
            (*seed >> 4) & 0x00ff_ffff,
            xml_escape(&piece)
        );
        if index % 3 == 2 {
            out.push_str(r#"<w:proofErr w:type="gramStart"/><w:proofErr w:type="gramEnd"/>"#);
        }
    }
    out
}

/// Word body XML in the verbose markup real word processors write (run properties on every
/// few words, revision ids, spacing and fonts), with an explicit page break before each page
/// would overflow [`PDF_PAGE_LINES`] lines of [`PDF_LINE_CHARS`] characters. Returns the body
/// and the number of pages it spans.
pub fn rich_docx_body(blocks: &[Block]) -> (String, usize) {
    let mut body = String::new();
    let mut seed = 7_u32;
    let mut pages = 1;
    let mut used = 0;
    for block in blocks {
        let cost = match block {
            Block::Heading { .. } => 3,
            Block::Paragraph(text) | Block::ListItem { text, .. } => {
                wrap(text, PDF_LINE_CHARS).len() + 1
            }
            Block::Table(rows) => rows.len() * 2 + 1,
        };
        if used > 0 && used + cost > PDF_PAGE_LINES {
            body.push_str(&testgen::w_page_break());
            pages += 1;
            used = 0;
        }
        used += cost;
        match block {
            Block::Heading { level, text } => {
                let _ = write!(
                    body,
                    r#"<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr><w:pStyle w:val="Heading{level}"/><w:keepNext/><w:spacing w:before="240" w:after="120"/></w:pPr>{}</w:p>"#,
                    rich_runs(text, &mut seed)
                );
            }
            Block::Paragraph(text) => {
                let _ = write!(
                    body,
                    r#"<w:p w:rsidR="00D4E5F6" w:rsidRDefault="00D4E5F6">{RICH_PARA}{}</w:p>"#,
                    rich_runs(text, &mut seed)
                );
            }
            Block::ListItem { number, text } => {
                let num_id = if number.is_some() { 2 } else { 1 };
                let _ = write!(
                    body,
                    r#"<w:p w:rsidR="00D4E5F6" w:rsidRDefault="00D4E5F6"><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr><w:spacing w:after="80"/></w:pPr>{}</w:p>"#,
                    rich_runs(text, &mut seed)
                );
            }
            Block::Table(rows) => {
                body.push_str(r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid/>"#);
                for row in rows {
                    body.push_str(r#"<w:tr w:rsidR="00D4E5F6">"#);
                    for cell in row {
                        let _ = write!(
                            body,
                            r#"<w:tc><w:tcPr><w:tcW w:w="2254" w:type="dxa"/></w:tcPr><w:p w:rsidR="00D4E5F6" w:rsidRDefault="00D4E5F6">{RICH_PARA}{}</w:p></w:tc>"#,
                            rich_runs(cell, &mut seed)
                        );
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl>");
            }
        }
    }
    (body, pages)
}

// ---------------------------------------------------------------------------------------------
// OpenDocument

/// OpenDocument `office:text` content for `blocks`: `text:h` headings, `text:list` items and
/// `table:table` tables.
pub fn odt_body(blocks: &[Block]) -> String {
    let mut body = String::new();
    let mut in_list = false;
    for block in blocks {
        let is_item = matches!(block, Block::ListItem { .. });
        if in_list && !is_item {
            body.push_str("</text:list>");
            in_list = false;
        }
        match block {
            Block::Heading { level, text } => {
                let _ = write!(
                    body,
                    r#"<text:h text:outline-level="{level}">{}</text:h>"#,
                    xml_escape(text)
                );
            }
            Block::Paragraph(text) => {
                let _ = write!(body, "<text:p>{}</text:p>", xml_escape(text));
            }
            Block::ListItem { text, .. } => {
                if !in_list {
                    body.push_str("<text:list>");
                    in_list = true;
                }
                let _ = write!(
                    body,
                    "<text:list-item><text:p>{}</text:p></text:list-item>",
                    xml_escape(text)
                );
            }
            Block::Table(rows) => {
                body.push_str(r#"<table:table table:name="Table">"#);
                for row in rows {
                    body.push_str("<table:table-row>");
                    for cell in row {
                        let _ = write!(
                            body,
                            "<table:table-cell><text:p>{}</text:p></table:table-cell>",
                            xml_escape(cell)
                        );
                    }
                    body.push_str("</table:table-row>");
                }
                body.push_str("</table:table>");
            }
        }
    }
    if in_list {
        body.push_str("</text:list>");
    }
    body
}

/// An OpenDocument text package for `blocks`.
pub fn odt(blocks: &[Block]) -> Vec<u8> {
    testgen::odt(&odt_body(blocks), "", &[])
}

// ---------------------------------------------------------------------------------------------
// PDF

/// Wraps `text` at spaces into lines of at most `width` characters (a longer word stays whole).
/// A lone dash or bullet is never left at the start of a line, where it would read as a list.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut length = 0;
    for word in text.split_whitespace() {
        let size = word.chars().count();
        let glued = matches!(word, "-" | "–" | "—" | "*" | "•");
        if length > 0 && length + 1 + size > width && !glued {
            lines.push(std::mem::take(&mut line));
            length = 0;
        }
        if length > 0 {
            line.push(' ');
            length += 1;
        }
        line.push_str(word);
        length += size;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays `blocks` out as PDF pages of lines for [`pdfgen::text_pdf`]: headings as `# ` lines,
/// bullets as `• `, table rows with cells three spaces apart, an empty line between blocks,
/// at most [`PDF_PAGE_LINES`] lines (a heading counts as two) per page, and no paragraph split
/// across pages.
pub fn pdf_pages(blocks: &[Block]) -> Vec<Vec<String>> {
    let mut pages: Vec<Vec<String>> = vec![Vec::new()];
    let mut used = 0;
    for block in blocks {
        let lines: Vec<String> = match block {
            Block::Heading { text, .. } => vec![format!("# {text}")],
            Block::Paragraph(text) => wrap(text, PDF_LINE_CHARS),
            Block::ListItem { number, text } => {
                let marker = number.as_deref().unwrap_or("•");
                wrap(&format!("{marker} {text}"), PDF_LINE_CHARS)
            }
            Block::Table(rows) => rows
                .iter()
                .flat_map(|row| {
                    let mut lines = wrap(&row.join("   "), PDF_LINE_CHARS);
                    lines.push(String::new());
                    lines
                })
                .collect(),
        };
        let cost: usize = lines
            .iter()
            .map(|line| if line.starts_with("# ") { 2 } else { 1 })
            .sum::<usize>()
            + 1;
        // A heading is kept with at least three lines of what follows it.
        let needed = if matches!(block, Block::Heading { .. }) {
            cost + 3
        } else {
            cost
        };
        if used > 0 && used + needed > PDF_PAGE_LINES {
            pages.push(Vec::new());
            used = 0;
        }
        if let Some(page) = pages.last_mut() {
            if page.last().is_some_and(|line| !line.is_empty()) {
                page.push(String::new());
            }
            page.extend(lines);
        }
        used += cost;
    }
    pages
}

/// Writes laid-out pages (see [`pdf_pages`]) as a text-layer PDF.
pub fn pdf_from_pages(pages: &[Vec<String>]) -> Vec<u8> {
    let lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|page| page.iter().map(String::as_str).collect())
        .collect();
    let pages: Vec<&[&str]> = lines.iter().map(Vec::as_slice).collect();
    pdfgen::text_pdf(&pages)
}

/// A text-layer PDF of `blocks`.
pub fn pdf(blocks: &[Block]) -> Vec<u8> {
    pdf_from_pages(&pdf_pages(blocks))
}

// ---------------------------------------------------------------------------------------------
// RTF

fn rtf_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '{' => out.push_str("\\{"),
            '}' => out.push_str("\\}"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{}?", *unit as i16);
                }
            }
        }
    }
    out
}

/// An RTF document for `blocks`: `\outlinelevel` headings, `\ls` list paragraphs and
/// `\trowd`…`\row` tables.
pub fn rtf(blocks: &[Block]) -> String {
    let mut out = String::from(
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\
         {\\info{\\title Synthetic advice}}\\f0\\fs22\n",
    );
    for block in blocks {
        match block {
            Block::Heading { level, text } => {
                let _ = writeln!(
                    out,
                    "\\pard\\outlinelevel{} {{\\b\\fs{} {}}}\\par",
                    level - 1,
                    36 - 4 * i32::from(*level),
                    rtf_escape(text)
                );
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "\\pard {}\\par", rtf_escape(text));
            }
            Block::ListItem { number, text } => {
                let list = if number.is_some() { 2 } else { 1 };
                let _ = writeln!(out, "\\pard\\ls{list}\\ilvl0 {}\\par", rtf_escape(text));
            }
            Block::Table(rows) => {
                for row in rows {
                    out.push_str("\\trowd");
                    for column in 1..=row.len() {
                        let _ = write!(out, "\\cellx{}", column * 2200);
                    }
                    out.push_str("\n\\pard\\intbl ");
                    for cell in row {
                        let _ = write!(out, "{}\\cell ", rtf_escape(cell));
                    }
                    out.push_str("\\row\n");
                }
                out.push_str("\\pard\n");
            }
        }
    }
    out.push_str("}\n");
    out
}

// ---------------------------------------------------------------------------------------------
// HTML

/// An HTML page for `blocks`: `h1`–`h6`, `ul`/`ol` lists and tables with a header row.
pub fn html(blocks: &[Block]) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head><meta charset=\"utf-8\"><title>{}</title>\
         <style>table {{ border-collapse: collapse; }}</style></head>\n<body>\n",
        xml_escape(title(blocks))
    );
    let mut open_list: Option<&str> = None;
    for block in blocks {
        let wanted = match block {
            Block::ListItem {
                number: Some(_), ..
            } => Some("ol"),
            Block::ListItem { number: None, .. } => Some("ul"),
            _ => None,
        };
        if open_list != wanted {
            if let Some(list) = open_list {
                let _ = writeln!(out, "</{list}>");
            }
            if let Some(list) = wanted {
                let _ = writeln!(out, "<{list}>");
            }
            open_list = wanted;
        }
        match block {
            Block::Heading { level, text } => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", xml_escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", xml_escape(text));
            }
            Block::ListItem { text, .. } => {
                let _ = writeln!(out, "<li>{}</li>", xml_escape(text));
            }
            Block::Table(rows) => {
                out.push_str("<table>\n");
                for (index, row) in rows.iter().enumerate() {
                    let cell = if index == 0 { "th" } else { "td" };
                    out.push_str("<tr>");
                    for text in row {
                        let _ = write!(out, "<{cell}>{}</{cell}>", xml_escape(text));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    if let Some(list) = open_list {
        let _ = writeln!(out, "</{list}>");
    }
    out.push_str("</body>\n</html>\n");
    out
}

// ---------------------------------------------------------------------------------------------
// Email

/// Encodes a header value as an RFC 2047 Q-encoded word when it is not plain ASCII.
fn header_value(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut out = String::from("=?utf-8?Q?");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b',' | b'-' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('_'),
            other => {
                let _ = write!(out, "={other:02X}");
            }
        }
    }
    out.push_str("?=");
    out
}

/// An email (CRLF line endings, UTF-8 `text/plain` body) whose subject is the report title and
/// whose body holds the rest of the report as plain text: paragraphs separated by blank lines,
/// `- ` and `1. ` list items, and table rows with cells separated by ` | `.
pub fn eml(blocks: &[Block]) -> String {
    let mut out = format!(
        "From: Synthetic Sender <senco@testford-primary.example.org>\r\n\
         To: EHC Team <ehc.team@testshire.example.org>\r\n\
         Subject: {}\r\n\
         Date: Mon, 19 Oct 2026 16:42:00 +0100\r\n\
         Message-ID: <synthetic.{}@testford-primary.example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n",
        header_value(title(blocks)),
        blocks.len()
    );
    let mut skipped_title = false;
    for block in blocks {
        match block {
            Block::Heading { .. } if !skipped_title => skipped_title = true,
            Block::Heading { text, .. } | Block::Paragraph(text) => {
                let _ = write!(out, "{text}\r\n\r\n");
            }
            Block::ListItem { number, text } => {
                let marker = number.as_deref().unwrap_or("-");
                let _ = write!(out, "{marker} {text}\r\n\r\n");
            }
            Block::Table(rows) => {
                for row in rows {
                    let _ = write!(out, "{}\r\n\r\n", row.join(" | "));
                }
            }
        }
    }
    out
}
