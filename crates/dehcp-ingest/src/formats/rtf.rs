//! Rich Text Format, read by dehcp's own tokenizer (no third-party parser).
//!
//! What it does: splits the file into groups, control words and text; turns `\par` and `\line`
//! into paragraph breaks, `\cell`/`\row` into table cells, `\outlinelevelN` paragraphs into
//! headings and `\lsN` paragraphs into list items; decodes `\'hh` escapes as Windows-1252 and
//! `\uN` escapes (skipping the `\ucN` fallback characters); keeps running headers and footers
//! apart as [`BlockKind::Header`] and [`BlockKind::Footer`]; and skips destinations that hold no
//! reading text (font, colour and style tables, document information, pictures, objects, field
//! instructions and every `{\*...}` group).
//!
//! What it must not do: panic, recurse (groups are tracked on a heap stack, nesting past
//! [`Limits::max_depth`] is [`IngestError::TooDeep`]), or reject a file only because its braces
//! do not balance; that is reported as a warning (`ING0401`) and the text is kept.

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::text;
use crate::model::{BlockKind, Diagnostic, DocumentBuilder, Severity};
use crate::{IngestError, Limits};

/// Unicode for each Windows-1252 byte (undefined bytes become U+FFFD).
pub(crate) fn windows_1252_table() -> [char; 256] {
    let mut table = ['\u{fffd}'; 256];
    for (byte, slot) in (0u8..=255).zip(table.iter_mut()) {
        if byte < 0x80 {
            *slot = char::from(byte);
        } else if let Some(decoded) = text::decode(&[byte])
            .ok()
            .and_then(|text| text.chars().next())
        {
            *slot = decoded;
        }
    }
    table
}

/// Where the text of a group goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    Body,
    Header,
    Footer,
    Skip,
}

/// The state each group inherits from its parent and restores when it closes.
#[derive(Debug, Clone, Copy)]
struct GroupState {
    destination: Destination,
    /// Fallback characters that follow each `\uN`.
    unicode_skip: usize,
    /// Paragraph is inside a table (`\intbl`).
    in_table: bool,
    /// Paragraph belongs to a list (`\lsN`).
    list: bool,
    /// Outline level from `\outlinelevelN` (0 is a level-1 heading).
    outline: Option<u8>,
}

impl Default for GroupState {
    fn default() -> Self {
        GroupState {
            destination: Destination::Body,
            unicode_skip: 1,
            in_table: false,
            list: false,
            outline: None,
        }
    }
}

/// Destinations whose text is never reading text.
const SKIPPED_DESTINATIONS: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "objdata",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "fldinst",
    "listtext",
    "pntext",
    "pntxta",
    "pntxtb",
    "revtbl",
    "filetbl",
    "nonshppict",
    "shpinst",
    "footnote",
    "annotation",
    "atnauthor",
    "atnid",
    "bkmkstart",
    "bkmkend",
    "template",
    "mmathPr",
    "userprops",
    "docvar",
    "pgdsctbl",
];

/// Builds blocks as the tokens arrive.
struct Reader<'a> {
    builder: DocumentBuilder,
    table_1252: [char; 256],
    limits: &'a Limits,
    stack: Vec<GroupState>,
    state: GroupState,
    /// The body paragraph (or table cell) being collected.
    body: String,
    /// The header or footer paragraph being collected.
    side: String,
    side_kind: Option<BlockKind>,
    /// Fallback characters still to skip after a `\uN`.
    pending_skip: usize,
    /// A high surrogate waiting for its pair.
    high_surrogate: Option<u16>,
    /// Table number, row and column of the next cell, when in a table.
    table: Option<(u32, u32, u32)>,
    next_table: u32,
    unmatched_close: bool,
    code_page: Option<i32>,
    /// The current page, from 1; advanced by `\page` (hard page breaks are all RTF records).
    page: u32,
}

impl Reader<'_> {
    fn push_char(&mut self, character: char) {
        if self.pending_skip > 0 {
            self.pending_skip -= 1;
            return;
        }
        self.high_surrogate = None;
        self.emit_char(character);
    }

    fn emit_char(&mut self, character: char) {
        match self.state.destination {
            Destination::Body => self.body.push(character),
            Destination::Header | Destination::Footer => self.side.push(character),
            Destination::Skip => {}
        }
    }

    fn unicode(&mut self, value: i32) {
        // Values above 32767 are written as negative numbers.
        let unit = if value < 0 {
            value.saturating_add(65_536)
        } else {
            value
        };
        let unit = u16::try_from(unit).unwrap_or(0xfffd);
        match unit {
            0xd800..=0xdbff => self.high_surrogate = Some(unit),
            0xdc00..=0xdfff => {
                let character = self
                    .high_surrogate
                    .take()
                    .and_then(|high| char::decode_utf16([high, unit]).next())
                    .and_then(Result::ok)
                    .unwrap_or('\u{fffd}');
                self.emit_char(character);
            }
            other => {
                self.high_surrogate = None;
                self.emit_char(char::from_u32(u32::from(other)).unwrap_or('\u{fffd}'));
            }
        }
        self.pending_skip = self.state.unicode_skip;
    }

    fn paragraph_kind(&self) -> BlockKind {
        if let Some(level) = self.state.outline {
            BlockKind::Heading {
                level: level.saturating_add(1).min(6),
            }
        } else if self.state.list {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }

    /// A paragraph mark (`\par`, `\line`, `\sect`, `\page`).
    fn paragraph_break(&mut self) {
        match self.state.destination {
            Destination::Body => {
                if self.state.in_table && self.table.is_some() {
                    // A paragraph inside a cell: the cell goes on.
                    self.body.push('\n');
                } else {
                    self.table = None;
                    let kind = self.paragraph_kind();
                    self.builder.block(self.page, kind, &self.body);
                    self.body.clear();
                }
            }
            Destination::Header | Destination::Footer => self.flush_side(),
            Destination::Skip => {}
        }
    }

    fn flush_side(&mut self) {
        if let Some(kind) = self.side_kind {
            self.builder.block(self.page, kind, &self.side);
        }
        self.side.clear();
    }

    fn cell(&mut self) {
        if self.state.destination != Destination::Body {
            return;
        }
        let (table, row, column) = match self.table {
            Some(position) => position,
            None => {
                // Text before the first cell of a table is its own paragraph.
                let table = self.next_table;
                self.next_table = self.next_table.saturating_add(1);
                (table, 0, 0)
            }
        };
        self.builder.block(
            self.page,
            BlockKind::TableCell { table, row, column },
            &self.body,
        );
        self.body.clear();
        self.table = Some((table, row, column.saturating_add(1)));
    }

    fn row(&mut self) {
        if self.state.destination != Destination::Body {
            return;
        }
        if let Some((table, row, _)) = self.table {
            self.table = Some((table, row.saturating_add(1), 0));
        }
        self.body.clear();
    }

    fn open_group(&mut self) -> Result<(), IngestError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(IngestError::TooDeep {
                format: Format::Rtf.name(),
                limit: self.limits.max_depth,
            });
        }
        self.stack.push(self.state);
        self.pending_skip = 0;
        Ok(())
    }

    fn close_group(&mut self) {
        let Some(parent) = self.stack.pop() else {
            self.unmatched_close = true;
            return;
        };
        let closing = self.state.destination;
        if matches!(closing, Destination::Header | Destination::Footer)
            && parent.destination != closing
        {
            self.flush_side();
            self.side_kind = None;
        }
        self.state = parent;
        self.pending_skip = 0;
    }

    fn set_destination(&mut self, destination: Destination) {
        if self.state.destination == Destination::Skip {
            return;
        }
        if let Destination::Header | Destination::Footer = destination {
            self.flush_side();
            self.side_kind = Some(if destination == Destination::Header {
                BlockKind::Header
            } else {
                BlockKind::Footer
            });
        }
        self.state.destination = destination;
    }

    fn control_word(&mut self, word: &str, parameter: Option<i32>) {
        // A control word counts as one fallback character after `\uN`.
        if self.pending_skip > 0 && word != "u" {
            self.pending_skip -= 1;
            return;
        }
        match word {
            "par" | "line" | "sect" => self.paragraph_break(),
            "page" => {
                // A hard page break: finish the paragraph, then count a new page.
                self.paragraph_break();
                self.page = self.page.saturating_add(1);
            }
            "cell" => self.cell(),
            "row" => self.row(),
            "nestcell" | "nestrow" | "tab" | "emspace" | "enspace" | "qmspace" => {
                self.emit_char(' ')
            }
            "u" => self.unicode(parameter.unwrap_or(0xfffd)),
            "uc" => {
                self.state.unicode_skip = usize::try_from(parameter.unwrap_or(1)).unwrap_or(0);
            }
            "pard" => {
                self.state.in_table = false;
                self.state.list = false;
                self.state.outline = None;
            }
            "intbl" => self.state.in_table = parameter != Some(0),
            "ls" => self.state.list = true,
            "outlinelevel" => {
                self.state.outline = parameter
                    .and_then(|level| u8::try_from(level).ok())
                    .filter(|level| *level < 9);
            }
            "ansicpg" => self.code_page = parameter,
            "emdash" => self.emit_char('—'),
            "endash" => self.emit_char('–'),
            "lquote" => self.emit_char('‘'),
            "rquote" => self.emit_char('’'),
            "ldblquote" => self.emit_char('“'),
            "rdblquote" => self.emit_char('”'),
            "bullet" => self.emit_char('•'),
            "header" | "headerl" | "headerr" | "headerf" => {
                self.set_destination(Destination::Header)
            }
            "footer" | "footerl" | "footerr" | "footerf" => {
                self.set_destination(Destination::Footer)
            }
            other if SKIPPED_DESTINATIONS.contains(&other) => {
                self.set_destination(Destination::Skip)
            }
            _ => {}
        }
    }

    fn control_symbol(&mut self, symbol: u8) {
        match symbol {
            b'\\' | b'{' | b'}' => self.push_char(char::from(symbol)),
            b'~' => self.push_char('\u{00a0}'),
            b'_' => self.push_char('-'),
            b'\n' | b'\r' => self.paragraph_break(),
            b'*' => self.set_destination(Destination::Skip),
            // `\-` (optional hyphen), `\|`, `\:` and others carry no text.
            _ => {
                if self.pending_skip > 0 {
                    self.pending_skip -= 1;
                }
            }
        }
    }

    fn byte(&mut self, byte: u8) {
        let character = self.table_1252[usize::from(byte)];
        self.push_char(character);
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Reads an RTF file into blocks.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let body = bytes
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let input = &body[start..];
    if !input.starts_with(b"{\\rtf") {
        return Err(IngestError::Corrupt {
            format: Format::Rtf.name(),
            detail: "it does not start with the RTF signature {\\rtf".into(),
        });
    }
    let mut reader = Reader {
        builder: DocumentBuilder::new(file_name, format, bytes),
        table_1252: windows_1252_table(),
        limits,
        stack: Vec::new(),
        state: GroupState::default(),
        body: String::new(),
        side: String::new(),
        side_kind: None,
        pending_skip: 0,
        high_surrogate: None,
        table: None,
        next_table: 0,
        unmatched_close: false,
        code_page: None,
        page: 1,
    };
    let mut position = 0;
    while let Some(&byte) = input.get(position) {
        position += 1;
        match byte {
            b'{' => reader.open_group()?,
            b'}' => reader.close_group(),
            b'\r' | b'\n' => {}
            b'\\' => {
                let Some(&next) = input.get(position) else {
                    break;
                };
                if next.is_ascii_alphabetic() {
                    let word_start = position;
                    while position < input.len()
                        && position - word_start < 32
                        && input[position].is_ascii_alphabetic()
                    {
                        position += 1;
                    }
                    let word = std::str::from_utf8(&input[word_start..position]).unwrap_or("");
                    let number_start = position;
                    if input.get(position) == Some(&b'-') {
                        position += 1;
                    }
                    let digits_start = position;
                    while position < input.len()
                        && position - digits_start < 10
                        && input[position].is_ascii_digit()
                    {
                        position += 1;
                    }
                    let parameter = if position > digits_start {
                        std::str::from_utf8(&input[number_start..position])
                            .ok()
                            .and_then(|number| number.parse::<i64>().ok())
                            .map(|number| {
                                i32::try_from(
                                    number.clamp(i64::from(i32::MIN), i64::from(i32::MAX)),
                                )
                                .unwrap_or(0)
                            })
                    } else {
                        position = number_start;
                        None
                    };
                    if input.get(position) == Some(&b' ') {
                        position += 1;
                    }
                    if word == "bin" {
                        // Binary data: skip the stated number of bytes.
                        let length = usize::try_from(parameter.unwrap_or(0)).unwrap_or(0);
                        position = position.saturating_add(length).min(input.len());
                        continue;
                    }
                    reader.control_word(word, parameter);
                } else if next == b'\'' {
                    let high = input.get(position + 1).copied().and_then(hex_value);
                    let low = input.get(position + 2).copied().and_then(hex_value);
                    match (high, low) {
                        (Some(high), Some(low)) => {
                            position += 3;
                            reader.byte(high * 16 + low);
                        }
                        _ => position += 1,
                    }
                } else {
                    position += 1;
                    reader.control_symbol(next);
                }
            }
            other => reader.byte(other),
        }
    }
    // Whatever is left open still counts.
    let unclosed = reader.stack.len();
    if matches!(
        reader.state.destination,
        Destination::Header | Destination::Footer
    ) {
        reader.flush_side();
    }
    while !reader.stack.is_empty() {
        reader.close_group();
    }
    reader.paragraph_break_final();
    let mut diagnostics = Vec::new();
    if unclosed > 0 {
        diagnostics.push(Diagnostic {
            code: "ING0401",
            severity: Severity::Warning,
            message: format!(
                "the RTF file ends with {unclosed} group(s) still open; the text was read but may be incomplete"
            ),
            page: None,
        });
    }
    if reader.unmatched_close {
        diagnostics.push(Diagnostic {
            code: "ING0401",
            severity: Severity::Warning,
            message: "the RTF file has closing braces without matching opening braces; the text was read but its structure may be wrong".into(),
            page: None,
        });
    }
    if let Some(code_page) = reader.code_page.filter(|page| *page != 1252) {
        diagnostics.push(Diagnostic {
            code: "ING0402",
            severity: Severity::Warning,
            message: format!(
                "the RTF file declares code page {code_page}; its 8-bit characters were read as Windows-1252"
            ),
            page: None,
        });
    }
    Ok((reader.builder.finish(), diagnostics))
}

impl Reader<'_> {
    /// Flushes the last paragraph (or unfinished cell) at the end of the file.
    fn paragraph_break_final(&mut self) {
        self.state.destination = Destination::Body;
        if self.table.is_some() && self.state.in_table {
            self.cell();
        } else {
            self.table = None;
            let kind = self.paragraph_kind();
            self.builder.block(self.page, kind, &self.body);
            self.body.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(rtf: &str) -> (crate::Document, Vec<Diagnostic>) {
        extract(
            Format::Rtf,
            "advice.rtf",
            rtf.as_bytes(),
            &Limits::default(),
        )
        .unwrap()
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
    fn paragraphs_escapes_and_skipped_destinations() {
        let rtf = r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}
{\stylesheet{\s0 Normal;}}{\info{\author Secret Author}}{\*\generator Writer;}
\pard\outlinelevel0 Advice for Sam Example\par
\pard Sam enjoys caf\'e9 visits \'96 and music.\par
Sam said \u8220?hello\u8221? and \uc2\u8364\'80\'80 5.\line Second line\par
{\pict\pngblip 89504e47}{\field{\*\fldinst HYPERLINK x}{\fldrslt link text}}\par
\pard\ls1 visual timetable\par
}";
        let (document, diagnostics) = read(rtf);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Heading { level: 1 }, "Advice for Sam Example"),
                (BlockKind::Paragraph, "Sam enjoys café visits – and music."),
                (BlockKind::Paragraph, "Sam said “hello” and € 5."),
                (BlockKind::Paragraph, "Second line"),
                (BlockKind::Paragraph, "link text"),
                (BlockKind::ListItem, "visual timetable"),
            ]
        );
        assert!(!document.text.contains("Secret"));
        assert!(!document.text.contains("Arial"));
    }

    #[test]
    fn tables_become_cells_and_headers_stay_apart() {
        let rtf = r"{\rtf1\ansi{\header\pard Synthetic header\par}{\footer Page footer}
\pard Before the table.\par
\trowd\cellx1000\cellx2000\pard\intbl Need\cell Provision\cell\row
\trowd\cellx1000\cellx2000\pard\intbl Speech\cell Weekly therapy\cell\row
\pard After the table.\par
\trowd\pard\intbl Second\cell table\cell\row\pard\par}";
        let (document, _) = read(rtf);
        let cell = |table, row, column| BlockKind::TableCell { table, row, column };
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Header, "Synthetic header"),
                (BlockKind::Footer, "Page footer"),
                (BlockKind::Paragraph, "Before the table."),
                (cell(0, 0, 0), "Need"),
                (cell(0, 0, 1), "Provision"),
                (cell(0, 1, 0), "Speech"),
                (cell(0, 1, 1), "Weekly therapy"),
                (BlockKind::Paragraph, "After the table."),
                (cell(1, 0, 0), "Second"),
                (cell(1, 0, 1), "table"),
            ]
        );
    }

    #[test]
    fn unbalanced_braces_keep_the_text_with_a_warning() {
        let (document, diagnostics) = read(r"{\rtf1\ansi {\b Sam Example} likes trains.\par More");
        assert_eq!(document.text, "Sam Example likes trains.\n\nMore");
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "ING0401");
        assert_eq!(diagnostics[0].severity, Severity::Warning);

        let (document, diagnostics) = read(r"{\rtf1 One.}} Two.");
        assert_eq!(document.text, "One. Two.");
        assert_eq!(diagnostics[0].code, "ING0401");
    }

    #[test]
    fn deep_nesting_is_too_deep_and_garbage_is_corrupt() {
        let rtf = format!("{{\\rtf1 {}x{}}}", "{".repeat(10_000), "}".repeat(10_000));
        assert_eq!(
            extract(Format::Rtf, "deep.rtf", rtf.as_bytes(), &Limits::default()),
            Err(IngestError::TooDeep {
                format: "RTF",
                limit: 64
            })
        );
        assert!(matches!(
            extract(
                Format::Rtf,
                "x.rtf",
                b"\x00\x01 not rtf",
                &Limits::default()
            ),
            Err(IngestError::Corrupt { format: "RTF", .. })
        ));
    }

    #[test]
    fn the_public_entry_point_reads_rtf() {
        let (document, _) = crate::ingest(
            "a.rtf",
            br"{\rtf1 Synthetic advice for Sam Example.\par}",
            &crate::IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(document.format, Format::Rtf);
        assert_eq!(document.text, "Synthetic advice for Sam Example.");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = extract(Format::Rtf, "x.rtf", &bytes, &Limits::default());
            let mut prefixed = b"{\\rtf1 ".to_vec();
            prefixed.extend(&bytes);
            let _ = extract(Format::Rtf, "x.rtf", &prefixed, &Limits::default());
        }

        #[test]
        fn rtf_like_soup_never_panics(text in "[{}\\\\a-z0-9 '\\-?]{0,200}") {
            let input = format!("{{\\rtf1 {text}");
            let _ = extract(Format::Rtf, "x.rtf", input.as_bytes(), &Limits::default());
        }
    }
}
