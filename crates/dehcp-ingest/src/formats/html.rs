//! HTML, read by dehcp's own tolerant tag scanner (no DOM, no third-party parser).
//!
//! What it does: decodes the bytes (UTF-8, UTF-16 with a byte order mark, or Windows-1252, also
//! when a `<meta charset>` asks for it), skips `<head>`, `<script>`, `<style>`, comments and
//! declarations, and turns `h1`–`h6` into headings, `p`/`div`/`br` into paragraph breaks, `li`
//! into list items and `td`/`th` into table cells with table, row and column numbers. Common
//! named entities and all numeric character references are decoded.
//!
//! What it must not do: panic, recurse, or trust the markup to be well formed. Elements left open
//! are closed implicitly where HTML allows it (`p`, `li`, `td`, `tr`...), and nesting deeper than
//! [`Limits::max_depth`] is [`IngestError::TooDeep`].

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::rtf::windows_1252_table;
use crate::formats::text;
use crate::model::{BlockKind, DocumentBuilder};
use crate::{IngestError, Limits};

/// Elements that never have content or a closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "frame", "keygen",
];

/// Elements whose content is not reading text and is skipped up to the closing tag.
const RAW_SKIPPED: &[&str] = &[
    "script", "style", "title", "textarea", "template", "noscript", "svg", "math", "object",
];

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "blockquote",
    "pre",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "figure",
    "figcaption",
    "address",
    "hr",
    "body",
    "html",
    "form",
    "fieldset",
    "center",
];

/// Named entities decoded (others are kept as written).
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{00a0}'),
    ("pound", '£'),
    ("euro", '€'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("rsquo", '’'),
    ("lsquo", '‘'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("frac12", '½'),
    ("eacute", 'é'),
    ("egrave", 'è'),
    ("aacute", 'á'),
    ("agrave", 'à'),
    ("ouml", 'ö'),
    ("uuml", 'ü'),
    ("auml", 'ä'),
    ("ccedil", 'ç'),
    ("shy", '\u{00ad}'),
];

/// One open element.
#[derive(Debug)]
struct Open {
    name: String,
    /// Table, row and column for a `td`/`th`.
    cell: Option<(u32, u32, u32)>,
}

/// Row and next column of one open table.
#[derive(Debug)]
struct TableState {
    number: u32,
    row: Option<u32>,
    column: u32,
}

/// Builds blocks from tags and text.
struct Scanner<'a> {
    builder: &'a mut DocumentBuilder,
    limits: &'a Limits,
    open: Vec<Open>,
    tables: Vec<TableState>,
    next_table: u32,
    text: String,
    in_head: bool,
}

impl Scanner<'_> {
    /// The kind of the text being collected, from the innermost element that decides it.
    fn kind(&self) -> BlockKind {
        for element in self.open.iter().rev() {
            if let Some((table, row, column)) = element.cell {
                return BlockKind::TableCell { table, row, column };
            }
            match element.name.as_str() {
                "li" => return BlockKind::ListItem,
                "h1" => return BlockKind::Heading { level: 1 },
                "h2" => return BlockKind::Heading { level: 2 },
                "h3" => return BlockKind::Heading { level: 3 },
                "h4" => return BlockKind::Heading { level: 4 },
                "h5" => return BlockKind::Heading { level: 5 },
                "h6" => return BlockKind::Heading { level: 6 },
                _ => {}
            }
        }
        BlockKind::Paragraph
    }

    fn flush(&mut self) {
        if !self.text.is_empty() {
            let kind = self.kind();
            self.builder.block(1, kind, &self.text);
            self.text.clear();
        }
    }

    /// Pops elements down to and including the innermost `name`, unless one of `barriers` is
    /// met first. Returns whether it was found.
    fn close_to(&mut self, names: &[&str], barriers: &[&str]) -> bool {
        let Some(index) = self
            .open
            .iter()
            .rposition(|element| {
                names.contains(&element.name.as_str()) || barriers.contains(&element.name.as_str())
            })
            .filter(|index| names.contains(&self.open[*index].name.as_str()))
        else {
            return false;
        };
        self.flush();
        while self.open.len() > index {
            self.pop();
        }
        true
    }

    fn pop(&mut self) {
        if self
            .open
            .pop()
            .is_some_and(|element| element.name == "table")
        {
            self.tables.pop();
        }
    }

    fn start_tag(
        &mut self,
        name: &str,
        attributes: &str,
        self_closing: bool,
    ) -> Result<(), IngestError> {
        match name {
            "head" => {
                self.in_head = true;
                return Ok(());
            }
            "body" => self.in_head = false,
            "br" => {
                if self.kind() == BlockKind::Paragraph {
                    self.flush();
                } else {
                    self.text.push('\n');
                }
                return Ok(());
            }
            _ => {}
        }
        if self.in_head {
            return Ok(());
        }
        let block = BLOCK.contains(&name);
        if block {
            self.flush();
            // A block closes an open paragraph.
            if self.open.last().is_some_and(|element| element.name == "p") {
                self.pop();
            }
        }
        let mut cell = None;
        match name {
            "li" => {
                self.close_to(&["li"], &["ul", "ol"]);
            }
            "dt" | "dd" => {
                self.close_to(&["dt", "dd"], &["dl"]);
            }
            "tr" => {
                self.close_to(&["tr"], &["table"]);
                if let Some(table) = self.tables.last_mut() {
                    table.row = Some(table.row.map_or(0, |row| row.saturating_add(1)));
                    table.column = 0;
                }
            }
            "td" | "th" => {
                self.close_to(&["td", "th"], &["tr", "table"]);
                if let Some(table) = self.tables.last_mut() {
                    let row = match table.row {
                        Some(row) => row,
                        None => {
                            table.row = Some(0);
                            0
                        }
                    };
                    cell = Some((table.number, row, table.column));
                    let span = attribute(attributes, "colspan")
                        .and_then(|value| value.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .clamp(1, 1000);
                    table.column = table.column.saturating_add(span);
                }
            }
            "table" => {
                self.tables.push(TableState {
                    number: self.next_table,
                    row: None,
                    column: 0,
                });
                self.next_table = self.next_table.saturating_add(1);
            }
            _ => {}
        }
        if VOID.contains(&name) || self_closing {
            if name == "table" {
                self.tables.pop();
            }
            return Ok(());
        }
        if self.open.len() >= self.limits.max_depth {
            return Err(IngestError::TooDeep {
                format: Format::Html.name(),
                limit: self.limits.max_depth,
            });
        }
        self.open.push(Open {
            name: name.to_owned(),
            cell,
        });
        Ok(())
    }

    fn end_tag(&mut self, name: &str) {
        match name {
            "head" => {
                self.in_head = false;
                return;
            }
            "br" => {
                self.flush();
                return;
            }
            _ => {}
        }
        if self.in_head {
            return;
        }
        if BLOCK.contains(&name) {
            let barriers: &[&str] = match name {
                "li" => &["ul", "ol"],
                "td" | "th" => &["tr", "table"],
                "tr" => &["table"],
                _ => &[],
            };
            if !self.close_to(&[name], barriers) {
                // A stray closing tag still ends the text before it.
                self.flush();
            }
        } else if let Some(index) = self.open.iter().rposition(|element| element.name == name) {
            // Inline elements close without breaking the text.
            while self.open.len() > index {
                self.pop();
            }
        }
    }
}

/// The value of attribute `name` in a tag's attribute text, if present.
fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    let lower = attributes.to_ascii_lowercase();
    let mut search = 0;
    while let Some(found) = lower.get(search..).and_then(|rest| rest.find(name)) {
        let at = search + found;
        search = at + name.len();
        let before_ok = at == 0
            || lower[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace() || c == '"' || c == '\'' || c == '/');
        let rest = lower[search..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let offset = attributes.len() - rest.len() + 1;
        let value = attributes.get(offset..)?.trim_start();
        let (quote, value) = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => (Some(quote), &value[1..]),
            _ => (None, value),
        };
        let end = match quote {
            Some(quote) => value.find(quote).unwrap_or(value.len()),
            None => value
                .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .unwrap_or(value.len()),
        };
        return Some(&value[..end]);
    }
    None
}

/// The byte offset of the first match of the ASCII `needle` in `haystack`, ignoring case.
fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

/// Decodes the character references in `raw` into `out`.
fn decode_entities(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let candidate = &rest[1..];
        let end = candidate
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(index, _)| index);
        let decoded = end.and_then(|end| {
            let name = &candidate[..end];
            let character = if let Some(number) = name.strip_prefix('#') {
                let value = match number.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => number.parse::<u32>().ok(),
                }?;
                Some(match value {
                    // Windows-1252 numbers used as if they were Unicode, as browsers accept.
                    0x80..=0x9f => u8::try_from(value)
                        .ok()
                        .map_or('\u{fffd}', |byte| windows_1252_table()[usize::from(byte)]),
                    0 => '\u{fffd}',
                    other => char::from_u32(other).unwrap_or('\u{fffd}'),
                })
            } else {
                ENTITIES
                    .iter()
                    .find(|(entity, _)| *entity == name)
                    .map(|(_, character)| *character)
            }?;
            Some((character, end + 2))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Decodes HTML bytes, honouring a `<meta charset>` that names Windows-1252 or Latin-1.
fn decode_html(bytes: &[u8]) -> Result<String, IngestError> {
    let has_bom = bytes.starts_with(b"\xef\xbb\xbf")
        || bytes.starts_with(b"\xff\xfe")
        || bytes.starts_with(b"\xfe\xff");
    if !has_bom {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
        if let Some(at) = head.find("charset=") {
            let value = head[at + "charset=".len()..]
                .trim_start_matches(['"', '\'', ' '])
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .next()
                .unwrap_or("");
            if matches!(
                value,
                "windows-1252" | "cp1252" | "iso-8859-1" | "latin1" | "iso-8859-15" | "us-ascii"
            ) {
                let table = windows_1252_table();
                return Ok(bytes.iter().map(|byte| table[usize::from(*byte)]).collect());
            }
        }
    }
    text::decode(bytes)
}

/// Scans HTML text into `builder` (used by the email reader for HTML bodies too).
pub(crate) fn read_into(
    html: &str,
    builder: &mut DocumentBuilder,
    limits: &Limits,
) -> Result<(), IngestError> {
    let mut scanner = Scanner {
        builder,
        limits,
        open: Vec::new(),
        tables: Vec::new(),
        next_table: 0,
        text: String::new(),
        in_head: false,
    };
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if !scanner.in_head {
                decode_entities(rest, &mut scanner.text);
            }
            break;
        };
        if !scanner.in_head {
            decode_entities(&rest[..lt], &mut scanner.text);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = if closing { 2 } else { 1 };
        let name_length = rest[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
            .unwrap_or(rest.len() - name_start);
        if name_length == 0
            || !rest[name_start..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        {
            // A lone '<' is text.
            if !scanner.in_head {
                scanner.text.push('<');
            }
            rest = &rest[1..];
            continue;
        }
        let name = rest[name_start..name_start + name_length].to_ascii_lowercase();
        let after_name = &rest[name_start + name_length..];
        // Find the end of the tag, ignoring '>' inside quoted attribute values.
        let mut quote = None;
        let mut end = None;
        for (index, character) in after_name.char_indices() {
            match (quote, character) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(character),
                (None, '>') => {
                    end = Some(index);
                    break;
                }
                _ => {}
            }
        }
        // An unbalanced quote: fall back to the first '>'.
        let Some(end) = end.or_else(|| after_name.find('>')) else {
            // An unterminated tag at the end of the file: drop it.
            break;
        };
        let attributes = &after_name[..end];
        rest = &after_name[end + 1..];
        if closing {
            scanner.end_tag(&name);
            continue;
        }
        if RAW_SKIPPED.contains(&name.as_str()) && !attributes.trim_end().ends_with('/') {
            let needle = format!("</{name}");
            rest = match find_ignoring_ascii_case(rest, &needle) {
                Some(index) => {
                    let after = &rest[index..];
                    after.find('>').map_or("", |end| &after[end + 1..])
                }
                None => "",
            };
            continue;
        }
        let self_closing = attributes.trim_end().ends_with('/');
        scanner.start_tag(&name, attributes, self_closing)?;
    }
    scanner.flush();
    Ok(())
}

/// Reads an HTML file into blocks.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let html = decode_html(bytes)?;
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    read_into(&html, &mut builder, limits)?;
    Ok((builder.finish(), Vec::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(html: &[u8]) -> crate::Document {
        extract(Format::Html, "advice.html", html, &Limits::default())
            .unwrap()
            .0
    }

    fn blocks(document: &crate::Document) -> Vec<(BlockKind, &str)> {
        document
            .blocks
            .iter()
            .map(|block| (block.kind, block.text.as_str()))
            .collect()
    }

    // Synthetic text with invented names throughout.
    #[test]
    fn headings_paragraphs_lists_and_entities() {
        let html = br#"<!DOCTYPE html><html><head><title>Secret title</title>
<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>
<body><h1>Advice for Sam&nbsp;Example</h1>
<!-- a comment <p>hidden</p> -->
<p>Sam enjoys <b>music</b> &amp; art &ndash; costs &pound;5 &hellip; &#8220;fun&#x201D; &unknown; 3 < 4
<p>Second paragraph<br>after a break</p>
<div>In a div</div>
<ul><li>visual timetable<li>quiet space</ul>
<h3 class="x">Outcomes</h3></body></html>"#;
        let document = read(html);
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Heading { level: 1 }, "Advice for Sam Example"),
                (
                    BlockKind::Paragraph,
                    "Sam enjoys music & art – costs £5 … “fun” &unknown; 3 < 4"
                ),
                (BlockKind::Paragraph, "Second paragraph"),
                (BlockKind::Paragraph, "after a break"),
                (BlockKind::Paragraph, "In a div"),
                (BlockKind::ListItem, "visual timetable"),
                (BlockKind::ListItem, "quiet space"),
                (BlockKind::Heading { level: 3 }, "Outcomes"),
            ]
        );
        assert!(!document.text.contains("Secret"));
        assert!(!document.text.contains("color"));
    }

    #[test]
    fn an_unbalanced_quote_in_a_tag_loses_no_text() {
        let html = b"<html><body><p><a href=\"x>Sam Example</a> reads well.</p><SCRIPT>x</script><p>End</p></body></html>";
        assert_eq!(read(html).text, "Sam Example reads well.\n\nEnd");
    }

    #[test]
    fn table_cells_have_indices() {
        let html = b"<html><body><table><tr><th>Need<th>Provision<tr><td colspan=2>Speech<td>Weekly</table>
<table><tr><td>Second</td></tr></table><p>After</p></body></html>";
        let document = read(html);
        let cell = |table, row, column| BlockKind::TableCell { table, row, column };
        assert_eq!(
            blocks(&document),
            [
                (cell(0, 0, 0), "Need"),
                (cell(0, 0, 1), "Provision"),
                (cell(0, 1, 0), "Speech"),
                (cell(0, 1, 2), "Weekly"),
                (cell(1, 0, 0), "Second"),
                (BlockKind::Paragraph, "After"),
            ]
        );
    }

    #[test]
    fn a_windows_1252_meta_charset_is_respected() {
        let html = b"<html><head><meta charset=\"windows-1252\"></head><body><p>Caf\xe9 \x93ok\x94</p></body></html>";
        assert_eq!(read(html).text, "Café “ok”");
        let utf8 = "<html><body><p>Café</p></body></html>";
        assert_eq!(read(utf8.as_bytes()).text, "Café");
    }

    #[test]
    fn deep_nesting_is_too_deep_but_unclosed_paragraphs_are_not() {
        let deep = format!("<html><body>{}x</body></html>", "<div>".repeat(10_000));
        assert_eq!(
            extract(
                Format::Html,
                "deep.html",
                deep.as_bytes(),
                &Limits::default()
            ),
            Err(IngestError::TooDeep {
                format: "HTML",
                limit: 64
            })
        );
        let flat = format!("<html><body>{}</body></html>", "<p>line".repeat(1_000));
        let document = read(flat.as_bytes());
        assert_eq!(document.blocks.len(), 1_000);
        let items = format!("<ul>{}</ul>", "<li>item".repeat(1_000));
        let document = read(format!("<html><body>{items}").as_bytes());
        assert_eq!(document.blocks.len(), 1_000);
    }

    #[test]
    fn the_public_entry_point_reads_html() {
        let (document, _) = crate::ingest(
            "a.html",
            b"<html><body><p>Synthetic advice for Sam Example.</p></body></html>",
            &crate::IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(document.format, Format::Html);
        assert_eq!(document.text, "Synthetic advice for Sam Example.");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = extract(Format::Html, "x.html", &bytes, &Limits::default());
        }

        #[test]
        fn tag_soup_never_panics(text in "(<[/!]?[a-z1-6]{0,6}[ a-z=\"'/]{0,8}>?|&#?[a-zA-Z0-9]{0,6};?|[a-zé ]{0,5}){0,60}") {
            let _ = extract(Format::Html, "x.html", text.as_bytes(), &Limits::default());
        }
    }
}
