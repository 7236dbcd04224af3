//! Plain text and Markdown, in UTF-8, UTF-16 (with a byte order mark) or Windows-1252.

use crate::IngestError;
use crate::detect::Format;
use crate::formats::Extracted;
use crate::model::{BlockKind, DocumentBuilder};

/// Decodes text bytes: UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, else Windows-1252.
pub fn decode(bytes: &[u8]) -> Result<String, IngestError> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()) {
        return String::from_utf8(rest.to_vec()).map_err(|_| IngestError::Encoding);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xff\xfe".as_slice()) {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff".as_slice()) {
        return utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Ok(bytes.iter().map(|b| windows_1252(*b)).collect()),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> Result<String, IngestError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(IngestError::Encoding);
    }
    let units = bytes.chunks_exact(2).map(|pair| read([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| IngestError::Encoding)
}

/// Windows-1252 to Unicode (0x80–0x9F differ from Latin-1; undefined bytes become U+FFFD).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
        '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ',
        '\u{fffd}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        other => char::from(other),
    }
}

/// Splits text into paragraphs at blank lines; Markdown headings and list items are typed.
pub fn extract(format: Format, file_name: &str, bytes: &[u8]) -> Extracted {
    let text = decode(bytes)?;
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    let mut page = 1u32;
    let mut paragraph = String::new();
    let flush = |builder: &mut DocumentBuilder, paragraph: &mut String, page: u32| {
        builder.block(page, BlockKind::Paragraph, paragraph);
        paragraph.clear();
    };
    let mut in_comment = false;
    // The Markdown table being read, as (table number, next row), and how many have begun.
    let mut table: Option<(u32, u32)> = None;
    let mut tables = 0u32;
    for line in text.lines() {
        // Markdown (HTML) comments are not content.
        if format == Format::Markdown {
            let trimmed = line.trim();
            if in_comment || trimmed.starts_with("<!--") {
                in_comment = !trimmed.ends_with("-->");
                continue;
            }
        }
        // A form feed starts a new page in plain-text exports.
        let mut line = line;
        while let Some(rest) = line.strip_prefix('\u{0c}') {
            flush(&mut builder, &mut paragraph, page);
            page += 1;
            line = rest;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut builder, &mut paragraph, page);
            continue;
        }
        // A Markdown table row ("| Provision | Who |"): each cell a block of its own, as Word
        // tables are; the rule under the header ("|---|---|") is no cell.
        if format == Format::Markdown && is_table_row(trimmed) {
            flush(&mut builder, &mut paragraph, page);
            let (number, row) = *table.get_or_insert_with(|| {
                tables += 1;
                (tables - 1, 0)
            });
            if row == 1 && is_table_rule(trimmed) {
                continue;
            }
            for (column, cell) in table_cells(trimmed).enumerate() {
                let column = u32::try_from(column).unwrap_or(u32::MAX);
                builder.block(
                    page,
                    BlockKind::TableCell {
                        table: number,
                        row,
                        column,
                    },
                    cell,
                );
            }
            table = Some((number, row.saturating_add(1)));
            continue;
        }
        table = None;
        if format == Format::Markdown {
            let hashes = trimmed.chars().take_while(|c| *c == '#').count();
            if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
                flush(&mut builder, &mut paragraph, page);
                builder.block(
                    page,
                    BlockKind::Heading {
                        level: hashes as u8,
                    },
                    &trimmed[hashes..],
                );
                continue;
            }
        }
        if let Some(item) = list_item(trimmed) {
            flush(&mut builder, &mut paragraph, page);
            builder.block(page, BlockKind::ListItem, item);
            continue;
        }
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(trimmed);
    }
    flush(&mut builder, &mut paragraph, page);
    Ok((builder.finish(), Vec::new()))
}

/// Whether a trimmed line is a row of a Markdown table: it opens and closes with a bar.
fn is_table_row(line: &str) -> bool {
    line.len() >= 2 && line.starts_with('|') && line.ends_with('|')
}

/// Whether a table row is the rule under the header ("|---|:--:|").
fn is_table_rule(line: &str) -> bool {
    line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The cells of a table row, trimmed (empty cells included, so columns keep their numbers; the
/// builder skips empty blocks).
fn table_cells(line: &str) -> impl Iterator<Item = &str> {
    let inner = &line[1..line.len() - 1];
    inner.split('|').map(str::trim)
}

/// The text of a bulleted or numbered list line, without its marker.
fn list_item(line: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "• ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(rest);
        }
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = &line[digits..];
        for marker in [". ", ") "] {
            if let Some(item) = rest.strip_prefix(marker) {
                return Some(item);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_decode_to_the_same_text() {
        let expected = "Café – report";
        assert_eq!(decode("Café – report".as_bytes()).unwrap(), expected);
        assert_eq!(
            decode(b"\xef\xbb\xbfCaf\xc3\xa9 \xe2\x80\x93 report").unwrap(),
            expected
        );
        assert_eq!(decode(b"Caf\xe9 \x96 report").unwrap(), expected);
        let mut utf16le = vec![0xff, 0xfe];
        for unit in expected.encode_utf16() {
            utf16le.extend(unit.to_le_bytes());
        }
        assert_eq!(decode(&utf16le).unwrap(), expected);
        let mut utf16be = vec![0xfe, 0xff];
        for unit in expected.encode_utf16() {
            utf16be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&utf16be).unwrap(), expected);
        assert_eq!(
            decode(b"\xff\xfe\x00"),
            Err(IngestError::Encoding),
            "odd length"
        );
        assert_eq!(
            decode(b"\xff\xfe\x00\xd8"),
            Err(IngestError::Encoding),
            "lone surrogate"
        );
    }

    #[test]
    fn markdown_headings_lists_and_pages_are_kept() {
        let text = "<!-- synthetic -->\n# Educational psychology advice\n\nAlex enjoys\nLego.\n\n- visual timetable\n2. quiet space\n\u{0c}Page two text.";
        let (document, _) = extract(Format::Markdown, "a.md", text.as_bytes()).unwrap();
        let kinds: Vec<(&str, u32, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind.id(), b.page, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("heading", 1, "Educational psychology advice"),
                ("paragraph", 1, "Alex enjoys Lego."),
                ("list_item", 1, "visual timetable"),
                ("list_item", 1, "quiet space"),
                ("paragraph", 2, "Page two text."),
            ]
        );
    }

    #[test]
    fn markdown_table_cells_are_blocks_and_the_rule_is_dropped() {
        // Synthetic.
        let text = "# Recommendations\n\n| Provision | Who |\n|---|:--:|\n| Lego-based therapy | The ELSA |\n|  | A teaching assistant |\nAfter the table.\n\n| Second | table |";
        let (document, _) = extract(Format::Markdown, "a.md", text.as_bytes()).unwrap();
        let kinds: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        let cell = |table, row, column| BlockKind::TableCell { table, row, column };
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading { level: 1 }, "Recommendations"),
                (cell(0, 0, 0), "Provision"),
                (cell(0, 0, 1), "Who"),
                (cell(0, 1, 0), "Lego-based therapy"),
                (cell(0, 1, 1), "The ELSA"),
                (cell(0, 2, 1), "A teaching assistant"),
                (BlockKind::Paragraph, "After the table."),
                (cell(1, 0, 0), "Second"),
                (cell(1, 0, 1), "table"),
            ]
        );
        // A bar inside prose, or in plain text, is no table.
        let (plain, _) = extract(Format::PlainText, "a.txt", b"| Provision | Who |").unwrap();
        assert_eq!(plain.blocks[0].kind, BlockKind::Paragraph);
    }
}
