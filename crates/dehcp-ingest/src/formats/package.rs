//! Safe access to ZIP packages (Word and OpenDocument files) and to the XML parts inside them.
//!
//! [`Package`] opens a ZIP held in memory and hands out whole parts, enforcing
//! [`Limits::max_expanded_bytes`] across every part read and [`Limits::max_compression_ratio`]
//! per part. Sizes declared in ZIP headers are checked first, and the bytes actually inflated
//! are counted as they are read, because headers can lie. [`XmlEvents`] walks an XML part with
//! namespaces resolved to fixed prefixes and stops at [`Limits::max_depth`]. [`TextFlow`] turns
//! the paragraphs, table cells and page breaks a reader finds into blocks.
//!
//! What this module must not do: write anything to disk, follow paths out of the package,
//! inflate more than the limits allow, or put document text into an error message.

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use crate::detect::Format;
use crate::model::{BlockKind, DocumentBuilder, normalise_whitespace};
use crate::{IngestError, Limits};

/// Parts smaller than this are not held to the compression-ratio limit: short, repetitive XML
/// parts compress very well without being bombs.
pub const RATIO_GRACE_BYTES: u64 = 100 * 1024;

/// A ZIP package opened from bytes, with a running total of the bytes inflated so far.
pub struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    format: Format,
    limits: Limits,
    expanded: u64,
}

impl std::fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("format", &self.format)
            .field("parts", &self.archive.len())
            .field("expanded", &self.expanded)
            .finish()
    }
}

impl<'a> Package<'a> {
    /// Opens the ZIP in `bytes`; a file that is not a readable ZIP is [`IngestError::Corrupt`].
    pub fn open(format: Format, bytes: &'a [u8], limits: &Limits) -> Result<Self, IngestError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|error| match error {
            ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) => IngestError::Encrypted {
                format: format.name(),
            },
            _ => IngestError::Corrupt {
                format: format.name(),
                detail: "it is not a readable ZIP package".to_owned(),
            },
        })?;
        Ok(Package {
            archive,
            format,
            limits: *limits,
            expanded: 0,
        })
    }

    /// The names of all parts, in the order stored.
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().map(str::to_owned).collect()
    }

    /// Bytes inflated so far, over all parts read.
    pub fn expanded(&self) -> u64 {
        self.expanded
    }

    /// Whether the package has a part of this name (exact match, else ignoring case).
    pub fn contains(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.archive.index_for_name(name).or_else(|| {
            (0..self.archive.len()).find(|&index| {
                self.archive
                    .name_for_index(index)
                    .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
            })
        })
    }

    fn corrupt(&self, detail: String) -> IngestError {
        IngestError::Corrupt {
            format: self.format.name(),
            detail,
        }
    }

    fn too_big(&self, detail: String) -> IngestError {
        IngestError::ExpansionLimit {
            format: self.format.name(),
            detail,
        }
    }

    /// Reads a part that must be there; a missing part is [`IngestError::Corrupt`] naming it.
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, IngestError> {
        match self.read_optional(name)? {
            Some(bytes) => Ok(bytes),
            None => Err(self.corrupt(format!("the package has no {name} part"))),
        }
    }

    /// Reads a part if the package has it.
    pub fn read_optional(&mut self, name: &str) -> Result<Option<Vec<u8>>, IngestError> {
        match self.index_of(name) {
            Some(index) => self.read_index(index, name).map(Some),
            None => Ok(None),
        }
    }

    /// Reads a part and decodes it as text (UTF-8, or UTF-16 with a byte order mark).
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, IngestError> {
        let Some(bytes) = self.read_optional(name)? else {
            return Ok(None);
        };
        super::text::decode(&bytes)
            .map(Some)
            .map_err(|_| self.corrupt(format!("the {name} part is not readable text")))
    }

    fn read_index(&mut self, index: usize, name: &str) -> Result<Vec<u8>, IngestError> {
        let format = self.format.name();
        let remaining = self.limits.max_expanded_bytes.saturating_sub(self.expanded);
        let ratio = self.limits.max_compression_ratio;
        // Look at the declared sizes first, without inflating anything.
        let (declared, compressed) = {
            let raw = self
                .archive
                .by_index_raw(index)
                .map_err(|_| IngestError::Corrupt {
                    format,
                    detail: format!("the {name} part cannot be found where the index says"),
                })?;
            if raw.encrypted() {
                return Err(IngestError::Encrypted { format });
            }
            (raw.size(), raw.compressed_size())
        };
        if declared > remaining {
            return Err(self.too_big(format!(
                "the parts read would exceed {} bytes",
                self.limits.max_expanded_bytes
            )));
        }
        let ratio_allowance = compressed
            .max(1)
            .saturating_mul(ratio)
            .max(RATIO_GRACE_BYTES);
        if declared > ratio_allowance {
            return Err(self.too_big(format!(
                "the {name} part declares a compression ratio over {ratio} to 1"
            )));
        }
        let mut entry = self.archive.by_index(index).map_err(|error| match error {
            ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED)
            | ZipError::InvalidPassword => IngestError::Encrypted { format },
            ZipError::CompressionMethodNotSupported(_) | ZipError::UnsupportedArchive(_) => {
                IngestError::Corrupt {
                    format,
                    detail: format!(
                        "the {name} part uses a compression method dehcp does not read"
                    ),
                }
            }
            _ => IngestError::Corrupt {
                format,
                detail: format!("the {name} part is damaged"),
            },
        })?;
        // Headers can lie: count what is really inflated and stop one byte past either limit.
        let cap = remaining.min(ratio_allowance);
        let mut out = Vec::with_capacity(usize::try_from(declared.min(cap)).unwrap_or(0));
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let read = match entry.read(&mut chunk) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    return Err(IngestError::Corrupt {
                        format,
                        detail: format!("the {name} part is damaged or truncated"),
                    });
                }
            };
            out.extend_from_slice(&chunk[..read]);
            let total = out.len() as u64;
            if total > remaining {
                return Err(IngestError::ExpansionLimit {
                    format,
                    detail: format!(
                        "the parts read exceed {} bytes",
                        self.limits.max_expanded_bytes
                    ),
                });
            }
            if total > ratio_allowance {
                return Err(IngestError::ExpansionLimit {
                    format,
                    detail: format!("the {name} part inflates more than {ratio} to 1"),
                });
            }
        }
        drop(entry);
        self.expanded += out.len() as u64;
        Ok(out)
    }
}

/// One step through an XML part. Empty elements (`<a/>`) come as a start and an end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlEvent {
    /// An element opens.
    Start(XmlElement),
    /// The element with this name closes.
    End(String),
    /// Character data, with entity and character references resolved.
    Text(String),
    /// The end of the part.
    Eof,
}

/// An element's name and attributes, each written as `prefix:local` with the prefix fixed by
/// the reader's namespace table (so `w:p` whatever prefix the file used).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlElement {
    /// The name, for example `w:p`.
    pub name: String,
    /// Attribute names and values, in file order.
    pub attributes: Vec<(String, String)>,
}

impl XmlElement {
    /// The value of the named attribute, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What [`XmlEvents::next_raw`] found; the name, text or attributes are read from the walker
/// ([`XmlEvents::name`], [`XmlEvents::text`], [`XmlEvents::attribute`]) without copying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawEvent {
    /// An element opens; [`XmlEvents::name`] and [`XmlEvents::attribute`] describe it.
    Start,
    /// An element closes; [`XmlEvents::name`] is its name.
    End,
    /// Character data; [`XmlEvents::text`] holds it, references resolved.
    Text,
    /// The end of the part.
    Eof,
}

/// A depth-limited walk through one XML part.
///
/// Two ways to walk: [`XmlEvents::next_event`] hands out owned events (simple, one allocation
/// or more per event), and [`XmlEvents::next_raw`] with the accessors borrows everything from
/// the part's text and the walker's reused buffers (fast; the Word reader uses it).
pub struct XmlEvents<'x> {
    reader: NsReader<&'x [u8]>,
    namespaces: &'static [(&'static str, &'static str)],
    format: Format,
    part: String,
    max_depth: usize,
    depth: usize,
    /// The end of an empty element (`<a/>`) is still to be reported.
    pending_end: bool,
    finished: bool,
    /// The current element's name, `prefix:local`, reused from event to event.
    name: String,
    /// The current element's start tag, for its attributes.
    start: Option<BytesStart<'x>>,
    /// The current text.
    text: Cow<'x, str>,
}

impl std::fmt::Debug for XmlEvents<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlEvents")
            .field("part", &self.part)
            .field("depth", &self.depth)
            .finish()
    }
}

impl<'x> XmlEvents<'x> {
    /// Starts walking `xml` (the part called `part`, for messages). `namespaces` maps
    /// namespace URIs to the prefixes used in names; unknown namespaces get the prefix `?`.
    pub fn new(
        xml: &'x str,
        part: &str,
        namespaces: &'static [(&'static str, &'static str)],
        format: Format,
        limits: &Limits,
    ) -> Self {
        XmlEvents {
            reader: NsReader::from_str(xml),
            namespaces,
            format,
            part: part.to_owned(),
            max_depth: limits.max_depth,
            depth: 0,
            pending_end: false,
            finished: false,
            name: String::new(),
            start: None,
            text: Cow::Borrowed(""),
        }
    }

    fn prefix_for(
        namespaces: &'static [(&'static str, &'static str)],
        result: &ResolveResult<'_>,
    ) -> Option<&'static str> {
        match result {
            ResolveResult::Bound(namespace) => Some(
                namespaces
                    .iter()
                    .find(|(uri, _)| uri.as_bytes() == namespace.0)
                    .map_or("?", |(_, prefix)| *prefix),
            ),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(_) => Some("?"),
        }
    }

    /// Writes `prefix:local` (or `local`) into `out`, replacing what was there.
    fn qualify_into(out: &mut String, prefix: Option<&str>, local: &[u8]) {
        out.clear();
        if let Some(prefix) = prefix {
            out.push_str(prefix);
            out.push(':');
        }
        match std::str::from_utf8(local) {
            Ok(local) => out.push_str(local),
            Err(_) => out.push_str(&String::from_utf8_lossy(local)),
        }
    }

    fn malformed(&self) -> IngestError {
        IngestError::Corrupt {
            format: self.format.name(),
            detail: format!(
                "the {} part is not well-formed XML (near byte {})",
                self.part,
                self.reader.error_position()
            ),
        }
    }

    /// Opens one more level of nesting, refusing to go past the limit.
    fn descend(&mut self) -> Result<(), IngestError> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(IngestError::TooDeep {
                format: self.format.name(),
                limit: self.max_depth,
            });
        }
        Ok(())
    }

    /// Whether every attribute of a start tag can be read.
    fn attributes_well_formed(start: &BytesStart<'_>) -> bool {
        start
            .attributes()
            .with_checks(false)
            .all(|attribute| attribute.is_ok())
    }

    /// The next event, with nothing copied; malformed XML is [`IngestError::Corrupt`] and
    /// nesting deeper than the limit is [`IngestError::TooDeep`]. Empty elements (`<a/>`)
    /// come as a start and an end.
    pub fn next_raw(&mut self) -> Result<RawEvent, IngestError> {
        if self.pending_end {
            self.pending_end = false;
            self.start = None;
            self.depth = self.depth.saturating_sub(1);
            return Ok(RawEvent::End);
        }
        if self.finished {
            return Ok(RawEvent::Eof);
        }
        loop {
            let namespaces = self.namespaces;
            let (element_ns, event) = match self.reader.read_resolved_event() {
                Ok((result, event)) => (Self::prefix_for(namespaces, &result), event),
                Err(_) => return Err(self.malformed()),
            };
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    let (result, local) = self.reader.resolver().resolve_element(end.name());
                    let prefix = Self::prefix_for(self.namespaces, &result);
                    Self::qualify_into(&mut self.name, prefix, local.as_ref());
                    self.start = None;
                    return Ok(RawEvent::End);
                }
                Event::Text(text) => match text.decode() {
                    Ok(text) => {
                        self.text = text;
                        return Ok(RawEvent::Text);
                    }
                    Err(_) => return Err(self.malformed()),
                },
                Event::CData(data) => match data.decode() {
                    Ok(text) => {
                        self.text = text;
                        return Ok(RawEvent::Text);
                    }
                    Err(_) => return Err(self.malformed()),
                },
                Event::GeneralRef(reference) => {
                    if let Ok(Some(character)) = reference.resolve_char_ref() {
                        self.text = Cow::Owned(character.to_string());
                        return Ok(RawEvent::Text);
                    }
                    let text = match &*reference {
                        b"amp" => "&",
                        b"lt" => "<",
                        b"gt" => ">",
                        b"quot" => "\"",
                        b"apos" => "'",
                        // Unknown entities (none are declared in these formats) are dropped.
                        _ => continue,
                    };
                    self.text = Cow::Borrowed(text);
                    return Ok(RawEvent::Text);
                }
                Event::Eof => {
                    self.finished = true;
                    return Ok(RawEvent::Eof);
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            };
            self.descend()?;
            if !Self::attributes_well_formed(&start) {
                return Err(self.malformed());
            }
            Self::qualify_into(&mut self.name, element_ns, start.local_name().as_ref());
            self.start = Some(start);
            self.pending_end = empty;
            return Ok(RawEvent::Start);
        }
    }

    /// The name of the element just started or ended (`prefix:local`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text of the last [`RawEvent::Text`].
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value of the named attribute (`prefix:local`) of the element just started, as
    /// written (references are not resolved).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        let start = self.start.as_ref()?;
        let (wanted_prefix, wanted_local) = match name.split_once(':') {
            Some((prefix, local)) => (Some(prefix), local),
            None => (None, name),
        };
        for attribute in start.attributes().with_checks(false) {
            let Ok(attribute) = attribute else {
                continue;
            };
            let key = attribute.key;
            if key.as_ref().starts_with(b"xmlns") {
                continue;
            }
            let (result, local) = self.reader.resolver().resolve_attribute(key);
            if local.as_ref() != wanted_local.as_bytes()
                || Self::prefix_for(self.namespaces, &result) != wanted_prefix
            {
                continue;
            }
            // The value borrows the start tag, which borrows the part's text.
            return match attribute.value {
                Cow::Borrowed(bytes) => std::str::from_utf8(bytes).ok(),
                Cow::Owned(_) => None,
            };
        }
        None
    }

    /// Every attribute of the element just started, as (`prefix:local`, value) pairs in file
    /// order, namespace declarations left out.
    fn attributes(&self) -> Vec<(String, String)> {
        let Some(start) = self.start.as_ref() else {
            return Vec::new();
        };
        let mut attributes = Vec::new();
        for attribute in start.attributes().with_checks(false) {
            let Ok(attribute) = attribute else {
                continue;
            };
            let key = attribute.key;
            if key.as_ref().starts_with(b"xmlns") {
                continue;
            }
            let (result, local) = self.reader.resolver().resolve_attribute(key);
            let prefix = Self::prefix_for(self.namespaces, &result);
            let mut qualified = String::new();
            Self::qualify_into(&mut qualified, prefix, local.as_ref());
            let value = String::from_utf8_lossy(&attribute.value).into_owned();
            attributes.push((qualified, value));
        }
        attributes
    }

    /// The next event, owned; malformed XML is [`IngestError::Corrupt`] and nesting deeper
    /// than the limit is [`IngestError::TooDeep`].
    pub fn next_event(&mut self) -> Result<XmlEvent, IngestError> {
        Ok(match self.next_raw()? {
            RawEvent::Start => XmlEvent::Start(XmlElement {
                name: self.name.clone(),
                attributes: self.attributes(),
            }),
            RawEvent::End => XmlEvent::End(self.name.clone()),
            RawEvent::Text => XmlEvent::Text(self.text.clone().into_owned()),
            RawEvent::Eof => XmlEvent::Eof,
        })
    }

    /// Skips to the end of the element just started (whose start event was the last one
    /// returned), still enforcing the limits. Nothing inside is named or decoded.
    pub fn skip_element(&mut self) -> Result<(), IngestError> {
        self.start = None;
        if self.pending_end {
            // An empty element: its end is all there is.
            self.pending_end = false;
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        let target = self.depth.saturating_sub(1);
        loop {
            match self.reader.read_event() {
                Err(_) => return Err(self.malformed()),
                Ok(Event::Start(start)) => {
                    self.descend()?;
                    if !Self::attributes_well_formed(&start) {
                        return Err(self.malformed());
                    }
                }
                Ok(Event::Empty(start)) => {
                    self.descend()?;
                    if !Self::attributes_well_formed(&start) {
                        return Err(self.malformed());
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Ok(Event::End(_)) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth <= target {
                        return Ok(());
                    }
                }
                Ok(Event::Eof) => {
                    self.finished = true;
                    return Err(self.malformed());
                }
                Ok(_) => {}
            }
        }
    }
}

/// A page break a reader found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageBreak {
    /// A break the author put in (or a soft break saved by the editor that laid the page out).
    Explicit,
    /// Where Word last laid out a new page; merged with an explicit break just before it.
    Rendered,
}

#[derive(Debug, Clone, Copy)]
struct TableCursor {
    /// Table number (only for outermost tables, which make blocks).
    index: u32,
    row: Option<u32>,
    column: u32,
}

#[derive(Debug, Default)]
struct CellText {
    text: String,
    page: Option<u32>,
}

/// Collects paragraphs and table cells from a package's XML into blocks with pages.
///
/// Paragraphs nested in paragraphs (text boxes) are merged into the outer paragraph; tables
/// nested in a table cell are flattened into that cell's text.
#[derive(Debug)]
pub struct TextFlow {
    page: u32,
    paragraph_depth: usize,
    paragraph: String,
    paragraph_page: Option<u32>,
    kind: BlockKind,
    tables: Vec<TableCursor>,
    table_count: u32,
    cell: Option<CellText>,
    explicit_break_without_text: bool,
    blocks: Vec<(u32, BlockKind, String)>,
}

impl Default for TextFlow {
    fn default() -> Self {
        TextFlow::new()
    }
}

impl TextFlow {
    /// An empty flow starting on page 1.
    pub fn new() -> Self {
        TextFlow {
            page: 1,
            paragraph_depth: 0,
            paragraph: String::new(),
            paragraph_page: None,
            kind: BlockKind::Paragraph,
            tables: Vec::new(),
            table_count: 0,
            cell: None,
            explicit_break_without_text: false,
            blocks: Vec::new(),
        }
    }

    /// The current page number.
    pub fn page(&self) -> u32 {
        self.page
    }

    /// Whether a paragraph is open.
    pub fn in_paragraph(&self) -> bool {
        self.paragraph_depth > 0
    }

    /// Whether the innermost open paragraph is the outermost one (not in a text box).
    pub fn in_outer_paragraph(&self) -> bool {
        self.paragraph_depth == 1
    }

    /// Opens a paragraph of this kind (a nested one only adds a space to the outer one).
    pub fn start_paragraph(&mut self, kind: BlockKind) {
        self.paragraph_depth += 1;
        if self.paragraph_depth == 1 {
            self.paragraph.clear();
            self.paragraph_page = None;
            self.kind = kind;
        } else {
            self.space();
        }
    }

    /// Changes the kind of the open outermost paragraph (its properties come after its start).
    pub fn set_kind(&mut self, kind: BlockKind) {
        self.kind = kind;
    }

    /// The kind of the open outermost paragraph.
    pub fn kind(&self) -> BlockKind {
        self.kind
    }

    /// Adds text to the open paragraph (text outside any paragraph is ignored).
    pub fn text(&mut self, text: &str) {
        if self.paragraph_depth == 0 {
            return;
        }
        if self.paragraph_page.is_none() && !text.trim().is_empty() {
            self.paragraph_page = Some(self.page);
            self.explicit_break_without_text = false;
        }
        self.paragraph.push_str(text);
    }

    /// Adds a space (tabs, line breaks, spacing elements).
    pub fn space(&mut self) {
        if self.paragraph_depth > 0 {
            self.paragraph.push(' ');
        }
    }

    /// Closes a paragraph; the outermost one becomes a block, or part of its table cell.
    pub fn end_paragraph(&mut self) {
        match self.paragraph_depth {
            0 => return,
            1 => {}
            _ => {
                self.paragraph_depth -= 1;
                self.space();
                return;
            }
        }
        self.paragraph_depth = 0;
        let text = std::mem::take(&mut self.paragraph);
        let page = self.paragraph_page.take().unwrap_or(self.page);
        if let Some(cell) = self.cell.as_mut() {
            if cell.page.is_none() && !text.trim().is_empty() {
                cell.page = Some(page);
            }
            cell.text.push_str(&text);
            cell.text.push('\n');
        } else if !text.trim().is_empty() {
            self.blocks.push((page, self.kind, text));
        }
        self.kind = BlockKind::Paragraph;
    }

    /// Records a page break.
    pub fn page_break(&mut self, kind: PageBreak) {
        match kind {
            PageBreak::Explicit => {
                self.page = self.page.saturating_add(1);
                self.explicit_break_without_text = true;
            }
            PageBreak::Rendered if self.explicit_break_without_text => {
                self.explicit_break_without_text = false;
            }
            PageBreak::Rendered => self.page = self.page.saturating_add(1),
        }
    }

    /// Whether the flow is inside a table nested in another table or in a paragraph, whose
    /// text is flattened.
    fn flattening(&self) -> bool {
        self.tables.len() > 1 || self.paragraph_depth > 0
    }

    /// Opens a table.
    pub fn start_table(&mut self) {
        if self.tables.is_empty() && self.paragraph_depth == 0 {
            let index = self.table_count;
            self.table_count = self.table_count.saturating_add(1);
            self.tables.push(TableCursor {
                index,
                row: None,
                column: 0,
            });
        } else {
            // Nested: remember the level so the ends balance; its text is flattened.
            self.tables.push(TableCursor {
                index: u32::MAX,
                row: None,
                column: 0,
            });
            self.space();
        }
    }

    /// Opens a row.
    pub fn start_row(&mut self) {
        if let Some(table) = self.tables.last_mut() {
            table.row = Some(table.row.map_or(0, |row| row.saturating_add(1)));
            table.column = 0;
        }
    }

    /// Accounts for rows repeated after the current one.
    pub fn repeat_rows(&mut self, extra: u32) {
        if let Some(table) = self.tables.last_mut() {
            table.row = table.row.map(|row| row.saturating_add(extra));
        }
    }

    /// Opens a cell.
    pub fn start_cell(&mut self) {
        if self.tables.len() == 1 && self.paragraph_depth == 0 {
            self.cell = Some(CellText::default());
        } else if let Some(cell) = self.cell.as_mut() {
            cell.text.push(' ');
        }
    }

    /// Closes a cell spanning `span` grid columns; an outermost cell becomes a block.
    pub fn end_cell(&mut self, span: u32) {
        if self.flattening() {
            if let Some(cell) = self.cell.as_mut() {
                cell.text.push(' ');
            }
            return;
        }
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let row = table.row.unwrap_or(0);
        let column = table.column;
        let index = table.index;
        table.column = table.column.saturating_add(span.max(1));
        if let Some(cell) = self.cell.take() {
            let page = cell.page.unwrap_or(self.page);
            if !cell.text.trim().is_empty() {
                self.blocks.push((
                    page,
                    BlockKind::TableCell {
                        table: index,
                        row,
                        column,
                    },
                    cell.text,
                ));
            }
        }
    }

    /// Moves past `count` grid columns without making a block (covered or empty cells).
    pub fn skip_columns(&mut self, count: u32) {
        if !self.flattening()
            && let Some(table) = self.tables.last_mut()
        {
            table.column = table.column.saturating_add(count);
        }
    }

    /// Closes a table.
    pub fn end_table(&mut self) {
        if self.tables.pop().is_some() && self.tables.is_empty() {
            // A cell left open by a damaged file still yields its text.
            if self.cell.is_some() {
                self.end_cell(1);
            }
        }
        if !self.tables.is_empty()
            && let Some(cell) = self.cell.as_mut()
        {
            cell.text.push(' ');
        }
    }

    /// Closes anything left open and returns the blocks as (page, kind, text).
    pub fn finish(mut self) -> Vec<(u32, BlockKind, String)> {
        while self.paragraph_depth > 0 {
            self.end_paragraph();
        }
        while !self.tables.is_empty() {
            if self.tables.len() == 1 && self.cell.is_some() {
                self.end_cell(1);
            }
            self.end_table();
        }
        self.blocks
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::formats::testgen;

    const NS: &[(&str, &str)] = &[("urn:example:a", "a")];

    #[test]
    fn parts_are_read_and_missing_parts_named() {
        let bytes = testgen::zip(&[("a.xml", b"<a/>".as_slice())]);
        let mut package = Package::open(Format::Docx, &bytes, &Limits::default()).unwrap();
        assert_eq!(package.read("a.xml").unwrap(), b"<a/>");
        assert!(package.contains("A.XML"));
        match package.read("word/document.xml") {
            Err(IngestError::Corrupt { detail, .. }) => {
                assert!(detail.contains("word/document.xml"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_running_total_is_limited() {
        let data = vec![b'x'; 1000];
        let bytes = testgen::zip(&[("a", data.as_slice()), ("b", data.as_slice())]);
        let limits = Limits {
            max_expanded_bytes: 1500,
            ..Limits::default()
        };
        let mut package = Package::open(Format::Docx, &bytes, &limits).unwrap();
        assert!(package.read("a").is_ok());
        assert!(matches!(
            package.read("b"),
            Err(IngestError::ExpansionLimit { .. })
        ));
    }

    #[test]
    fn lying_headers_are_caught_while_inflating() {
        // A stored entry whose declared size is patched down to 10 bytes (synthetic bomb).
        let data = vec![b'x'; 300 * 1024];
        let mut bytes = testgen::zip_stored(&[("a", data.as_slice())]);
        testgen::patch_sizes(&mut bytes, 10);
        let limits = Limits {
            max_expanded_bytes: 200 * 1024,
            ..Limits::default()
        };
        let result = Package::open(Format::Docx, &bytes, &limits).and_then(|mut package| {
            package.read("a")?;
            Ok(())
        });
        assert!(
            matches!(result, Err(IngestError::ExpansionLimit { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn xml_names_are_resolved_and_references_decoded() {
        let xml = r#"<x:r xmlns:x="urn:example:a"><x:e x:k="v">A &amp; B &#x41;</x:e></x:r>"#;
        let mut events = XmlEvents::new(xml, "t.xml", NS, Format::Docx, &Limits::default());
        let mut seen = Vec::new();
        loop {
            match events.next_event().unwrap() {
                XmlEvent::Eof => break,
                XmlEvent::Start(element) => {
                    seen.push(format!("<{} {:?}>", element.name, element.attribute("a:k")))
                }
                XmlEvent::End(name) => seen.push(format!("</{name}>")),
                XmlEvent::Text(text) => seen.push(text),
            }
        }
        assert_eq!(
            seen.concat(),
            "<a:r None><a:e Some(\"v\")>A & B A</a:e></a:r>"
        );
    }

    #[test]
    fn deep_xml_is_refused() {
        let xml = format!("{}{}", "<a>".repeat(100), "</a>".repeat(100));
        let mut events = XmlEvents::new(&xml, "t.xml", NS, Format::Odt, &Limits::default());
        let result = loop {
            match events.next_event() {
                Ok(XmlEvent::Eof) => break Ok(()),
                Ok(_) => {}
                Err(error) => break Err(error),
            }
        };
        assert_eq!(
            result,
            Err(IngestError::TooDeep {
                format: "OpenDocument",
                limit: 64
            })
        );
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        let mut events = XmlEvents::new("<a><b></a>", "t.xml", NS, Format::Odt, &Limits::default());
        let result = loop {
            match events.next_event() {
                Ok(XmlEvent::Eof) => break Ok(()),
                Ok(_) => {}
                Err(error) => break Err(error),
            }
        };
        assert!(matches!(result, Err(IngestError::Corrupt { .. })));
    }
}

/// Running header and footer text, kept once per distinct text and added after the body
/// (the same header repeats on every page; one block is enough to quote it).
#[derive(Debug, Default)]
pub(crate) struct RunningText(Vec<(BlockKind, String)>);

impl RunningText {
    /// Adds the text of one header or footer part.
    pub(crate) fn add(&mut self, kind: BlockKind, flow: TextFlow) {
        for (_, _, text) in flow.finish() {
            let entry = (kind, normalise_whitespace(&text));
            if !self.0.contains(&entry) {
                self.0.push(entry);
            }
        }
    }

    /// Adds the collected text to the document, on page 1.
    pub(crate) fn add_blocks(self, builder: &mut DocumentBuilder) {
        for (kind, text) in self.0 {
            builder.block(1, kind, &text);
        }
    }
}
