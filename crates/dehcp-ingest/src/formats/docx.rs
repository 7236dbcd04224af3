//! Word (Office Open XML, `.docx`) reader: paragraphs, headings, list items, table cells,
//! headers and footers, with tracked changes resolved to the accepted text.
//!
//! The main part (normally `word/document.xml`) is walked in body order. Headings come from
//! paragraph styles (`Heading1`..`Heading6`, `Title`, any style whose name is "heading N" or
//! that sets an outline level, and styles based on those); paragraphs with numbering are list
//! items; each table cell is one block, and tables nested in a cell are flattened into that
//! cell's text. Headers and footers come after the body, kept apart as their own block kinds.
//! Insertions and moved-to text are kept; deletions and moved-from text are dropped.
//!
//! Page numbers are best-effort: a Word file has no fixed pages, only the page breaks the
//! author typed and those Word saved when it last laid the document out
//! (`w:lastRenderedPageBreak`). Pages follow those breaks, and every document gets the Info
//! diagnostic `ING0201` saying so.
//!
//! What this module must not do: read footnotes, comments or field codes as body text, or
//! bypass [`Package`]'s limits. Password-protected Word files are OLE compound files, which
//! detection reports as another format; they never reach this reader.

use std::collections::HashMap;

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::package::{
    Package, PageBreak, RawEvent, RunningText, TextFlow, XmlElement, XmlEvent, XmlEvents,
};
use crate::model::{BlockKind, Diagnostic, DocumentBuilder, Severity};
use crate::{IngestError, Limits};

/// Namespace URIs (transitional and strict Office Open XML) and the prefixes used for them.
const NAMESPACES: &[(&str, &str)] = &[
    (
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "w",
    ),
    ("http://purl.oclc.org/ooxml/wordprocessingml/main", "w"),
    (
        "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "mc",
    ),
    (
        "http://schemas.openxmlformats.org/package/2006/relationships",
        "rel",
    ),
];

/// The diagnostic code saying that Word page numbers are best-effort.
pub const PAGE_NUMBERS_BEST_EFFORT: &str = "ING0201";

/// Where the main document part is when the package does not say.
const DEFAULT_MAIN_PART: &str = "word/document.xml";

/// Extracts the text of a Word file with its structure; pages follow saved page breaks.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let mut package = Package::open(format, bytes, limits)?;
    let main_part = main_part_name(&mut package, format, limits)?;
    if !package.contains(&main_part) {
        return Err(IngestError::Corrupt {
            format: format.name(),
            detail: format!("the package has no {main_part} part, so it is not a Word document"),
        });
    }
    let folder = main_part
        .rsplit_once('/')
        .map_or(String::new(), |(folder, _)| format!("{folder}/"));
    let styles = match package.read_text(&format!("{folder}styles.xml"))? {
        Some(xml) => read_styles(&xml, format, limits)?,
        None => Styles::default(),
    };
    let document_xml = package
        .read_text(&main_part)?
        .ok_or_else(|| IngestError::Corrupt {
            format: format.name(),
            detail: format!("the package has no {main_part} part"),
        })?;
    let mut flow = TextFlow::new();
    walk_part(
        &document_xml,
        &main_part,
        "w:body",
        &styles,
        &mut flow,
        format,
        limits,
    )?;
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    for (page, kind, text) in flow.finish() {
        builder.block(page, kind, &text);
    }
    let mut running = RunningText::default();
    for (prefix, root, kind) in [
        ("header", "w:hdr", BlockKind::Header),
        ("footer", "w:ftr", BlockKind::Footer),
    ] {
        for part in running_parts(&package.names(), &folder, prefix) {
            let Some(xml) = package.read_text(&part)? else {
                continue;
            };
            let mut part_flow = TextFlow::new();
            walk_part(&xml, &part, root, &styles, &mut part_flow, format, limits)?;
            running.add(kind, part_flow);
        }
    }
    running.add_blocks(&mut builder);
    let diagnostics = vec![Diagnostic {
        code: PAGE_NUMBERS_BEST_EFFORT,
        severity: Severity::Info,
        message: "page numbers in Word files follow page breaks saved in the file".to_owned(),
        page: None,
    }];
    Ok((builder.finish(), diagnostics))
}

/// The main document part named by the package relationships, else `word/document.xml`.
fn main_part_name(
    package: &mut Package<'_>,
    format: Format,
    limits: &Limits,
) -> Result<String, IngestError> {
    let Some(xml) = package.read_text("_rels/.rels")? else {
        return Ok(DEFAULT_MAIN_PART.to_owned());
    };
    let mut events = XmlEvents::new(&xml, "_rels/.rels", NAMESPACES, format, limits);
    loop {
        match events.next_event()? {
            XmlEvent::Eof => return Ok(DEFAULT_MAIN_PART.to_owned()),
            XmlEvent::Start(element) if element.name.ends_with("Relationship") => {
                let is_main = element
                    .attribute("Type")
                    .is_some_and(|kind| kind.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, element.attribute("Target")) {
                    let target = target.trim_start_matches('/');
                    if !target.is_empty() && !target.contains("..") && !target.contains("://") {
                        return Ok(target.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
}

/// Header or footer parts beside the main part (`header1.xml`, `header2.xml`, ...), in number
/// order.
fn running_parts(names: &[String], folder: &str, prefix: &str) -> Vec<String> {
    let mut parts: Vec<(u32, String)> = names
        .iter()
        .filter_map(|name| {
            let file = name.strip_prefix(folder)?;
            let number = file.strip_prefix(prefix)?.strip_suffix(".xml")?;
            if !number.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            Some((number.parse().unwrap_or(0), name.clone()))
        })
        .collect();
    parts.sort();
    parts.into_iter().map(|(_, name)| name).collect()
}

/// What a paragraph style contributes: a heading level, list numbering, and its parent.
#[derive(Debug, Clone, Default)]
struct StyleInfo {
    heading: Option<u8>,
    list: bool,
    based_on: Option<String>,
}

/// Paragraph styles by style id.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, StyleInfo>,
}

impl Styles {
    /// The heading level of a style id, following `basedOn` links (a few at most).
    fn heading(&self, id: &str) -> Option<u8> {
        let mut current = id;
        for _ in 0..16 {
            match self.by_id.get(current) {
                Some(style) => {
                    if style.heading.is_some() {
                        return style.heading;
                    }
                    current = style.based_on.as_deref()?;
                }
                None => return heading_from_label(current),
            }
        }
        None
    }

    /// Whether a style id (or a style it is based on) carries list numbering.
    fn list(&self, id: &str) -> bool {
        let mut current = id;
        for _ in 0..16 {
            let Some(style) = self.by_id.get(current) else {
                return false;
            };
            if style.list {
                return true;
            }
            match style.based_on.as_deref() {
                Some(parent) => current = parent,
                None => return false,
            }
        }
        false
    }
}

/// A heading level from a style id or name: `Heading1`, `heading 1`, `Title`.
fn heading_from_label(label: &str) -> Option<u8> {
    let lower = label.to_ascii_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let number = lower.strip_prefix("heading")?.trim();
    let level: u8 = number.parse().ok()?;
    (1..=9).contains(&level).then_some(level.min(6))
}

/// A heading level from an outline level value (0 is level 1; 9 means body text).
fn heading_from_outline(value: &str) -> Option<u8> {
    let level: u8 = value.trim().parse().ok()?;
    (level <= 8).then_some(level.saturating_add(1).min(6))
}

fn value(element: &XmlElement) -> Option<&str> {
    element.attribute("w:val")
}

/// Whether an on/off property (`<w:pageBreakBefore/>`, `w:val="true"`) is on.
fn is_on(value: Option<&str>) -> bool {
    !matches!(value, Some("0" | "false" | "off"))
}

fn read_styles(xml: &str, format: Format, limits: &Limits) -> Result<Styles, IngestError> {
    let mut styles = Styles::default();
    let mut events = XmlEvents::new(xml, "styles.xml", NAMESPACES, format, limits);
    let mut current: Option<(String, StyleInfo)> = None;
    loop {
        match events.next_event()? {
            XmlEvent::Eof => break,
            XmlEvent::Start(element) => match element.name.as_str() {
                "w:style" => {
                    let id = element
                        .attribute("w:styleId")
                        .unwrap_or_default()
                        .to_owned();
                    let info = StyleInfo {
                        heading: heading_from_label(&id),
                        ..StyleInfo::default()
                    };
                    current = Some((id, info));
                }
                "w:name" => {
                    if let (Some((_, info)), Some(name)) = (current.as_mut(), value(&element))
                        && let Some(level) = heading_from_label(name)
                    {
                        info.heading = Some(level);
                    }
                }
                "w:basedOn" => {
                    if let (Some((_, info)), Some(parent)) = (current.as_mut(), value(&element)) {
                        info.based_on = Some(parent.to_owned());
                    }
                }
                "w:outlineLvl" => {
                    if let (Some((_, info)), Some(level)) = (current.as_mut(), value(&element))
                        && info.heading.is_none()
                    {
                        info.heading = heading_from_outline(level);
                    }
                }
                "w:numId" => {
                    if let Some((_, info)) = current.as_mut() {
                        info.list = value(&element).is_some_and(|id| id.trim() != "0");
                    }
                }
                "w:rPr" | "w:tblPr" | "w:tcPr" | "w:trPr" | "w:tblStylePr" => {
                    events.skip_element()?;
                }
                _ => {}
            },
            XmlEvent::End(name) if name == "w:style" => {
                if let Some((id, info)) = current.take()
                    && !id.is_empty()
                {
                    styles.by_id.insert(id, info);
                }
            }
            _ => {}
        }
    }
    Ok(styles)
}

/// Elements whose content never counts as text: deletions, moved-from text, the fallback copy
/// of alternate content, run properties, recorded property changes, field codes and notes.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "w:del"
            | "w:moveFrom"
            | "w:delText"
            | "w:delInstrText"
            | "w:instrText"
            | "mc:Fallback"
            | "w:rPr"
            | "w:sectPr"
            | "w:tblPr"
            | "w:tblGrid"
            | "w:tabs"
            | "w:footnoteReference"
            | "w:endnoteReference"
            | "w:commentReference"
    ) || (name.starts_with("w:") && name.ends_with("Change"))
}

/// Properties of the open outermost paragraph, gathered from its `w:pPr`.
#[derive(Debug, Default)]
struct ParagraphProperties {
    style: Option<String>,
    numbering: Option<bool>,
    outline: Option<u8>,
    page_break_before: bool,
}

impl ParagraphProperties {
    fn kind(&self, styles: &Styles) -> BlockKind {
        let style_heading = self.style.as_deref().and_then(|id| styles.heading(id));
        if let Some(level) = style_heading.or(self.outline) {
            return BlockKind::Heading { level };
        }
        let listed = match self.numbering {
            Some(listed) => listed,
            None => self.style.as_deref().is_some_and(|id| styles.list(id)),
        };
        if listed {
            BlockKind::ListItem
        } else {
            BlockKind::Paragraph
        }
    }
}

/// Walks the content of the `root` element of one part (`w:body`, `w:hdr` or `w:ftr`).
///
/// This is the hot loop of the Word reader, so it uses the borrowing [`XmlEvents::next_raw`]:
/// no element name, attribute or run of text is copied unless it is kept.
fn walk_part(
    xml: &str,
    part: &str,
    root: &str,
    styles: &Styles,
    flow: &mut TextFlow,
    format: Format,
    limits: &Limits,
) -> Result<(), IngestError> {
    let mut events = XmlEvents::new(xml, part, NAMESPACES, format, limits);
    let mut inside_root = false;
    let mut in_properties = false;
    let mut properties = ParagraphProperties::default();
    let mut run_depth = 0usize;
    let mut in_text = false;
    let mut cell_spans: Vec<u32> = Vec::new();
    let mut in_row_properties = false;
    loop {
        let event = events.next_raw()?;
        if !inside_root {
            match event {
                RawEvent::Eof => return Ok(()),
                RawEvent::Start if events.name() == root => inside_root = true,
                _ => {}
            }
            continue;
        }
        match event {
            RawEvent::Eof => return Ok(()),
            RawEvent::Text => {
                if in_text {
                    flow.text(events.text());
                }
            }
            RawEvent::Start => {
                let name = events.name();
                if skipped(name) {
                    events.skip_element()?;
                    continue;
                }
                let val = || events.attribute("w:val");
                if in_properties {
                    match name {
                        "w:pStyle" => properties.style = val().map(str::to_owned),
                        "w:numId" => {
                            properties.numbering = Some(val().is_some_and(|id| id.trim() != "0"));
                        }
                        "w:numPr" => {
                            properties.numbering.get_or_insert(true);
                        }
                        "w:outlineLvl" => {
                            properties.outline = val().and_then(heading_from_outline);
                        }
                        "w:pageBreakBefore" => {
                            properties.page_break_before = is_on(val());
                        }
                        _ => {}
                    }
                    continue;
                }
                if in_row_properties {
                    if name == "w:gridBefore" {
                        let count = val().and_then(|v| v.trim().parse().ok());
                        flow.skip_columns(count.unwrap_or(0));
                    }
                    continue;
                }
                match name {
                    "w:p" => {
                        flow.start_paragraph(BlockKind::Paragraph);
                        if flow.in_outer_paragraph() {
                            properties = ParagraphProperties::default();
                        }
                    }
                    "w:pPr" if flow.in_outer_paragraph() => in_properties = true,
                    "w:pPr" => events.skip_element()?,
                    "w:r" => run_depth += 1,
                    "w:t" if run_depth > 0 => in_text = true,
                    "w:tab" | "w:ptab" | "w:cr" if run_depth > 0 => flow.space(),
                    "w:br" if run_depth > 0 => {
                        if events.attribute("w:type") == Some("page") {
                            flow.page_break(PageBreak::Explicit);
                        }
                        flow.space();
                    }
                    "w:noBreakHyphen" if run_depth > 0 => flow.text("-"),
                    "w:lastRenderedPageBreak" => flow.page_break(PageBreak::Rendered),
                    "w:tbl" => flow.start_table(),
                    "w:tr" => flow.start_row(),
                    "w:trPr" => in_row_properties = true,
                    "w:tc" => {
                        cell_spans.push(1);
                        flow.start_cell();
                    }
                    "w:gridSpan" => {
                        if let (Some(span), Some(parsed)) = (
                            cell_spans.last_mut(),
                            val().and_then(|v| v.trim().parse::<u32>().ok()),
                        ) {
                            *span = parsed.clamp(1, 1000);
                        }
                    }
                    _ => {}
                }
            }
            RawEvent::End => match events.name() {
                name if name == root => return Ok(()),
                "w:pPr" if in_properties => {
                    in_properties = false;
                    flow.set_kind(properties.kind(styles));
                    if properties.page_break_before {
                        flow.page_break(PageBreak::Explicit);
                    }
                }
                "w:p" => flow.end_paragraph(),
                "w:r" => run_depth = run_depth.saturating_sub(1),
                "w:t" => in_text = false,
                "w:trPr" => in_row_properties = false,
                "w:tc" => flow.end_cell(cell_spans.pop().unwrap_or(1)),
                "w:tbl" => flow.end_table(),
                _ => {}
            },
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::formats::testgen;
    use proptest::prelude::*;

    // All text below is synthetic, invented for these tests; "Sam Example" is not a real child.

    fn blocks(document: &crate::Document) -> Vec<(&'static str, u32, String)> {
        document
            .blocks
            .iter()
            .map(|b| (b.kind.id(), b.page, b.text.clone()))
            .collect()
    }

    fn read(bytes: &[u8]) -> Extracted {
        extract(Format::Docx, "synthetic.docx", bytes, &Limits::default())
    }

    #[test]
    fn a_known_sentence_comes_back_as_a_paragraph_on_its_page() {
        let body = testgen::w_paragraphs(&[
            "Sam Example enjoys building with blocks.",
            "Sam Example communicates with signs.",
        ]) + &testgen::w_page_break()
            + &testgen::w_paragraphs(&["Sam Example needs a quiet space."]);
        let bytes = testgen::docx(&body, &[]);
        assert_eq!(crate::detect(&bytes), Some(Format::Docx));
        let (document, diagnostics) = read(&bytes).unwrap();
        assert_eq!(
            blocks(&document),
            [
                (
                    "paragraph",
                    1,
                    "Sam Example enjoys building with blocks.".to_owned()
                ),
                (
                    "paragraph",
                    1,
                    "Sam Example communicates with signs.".to_owned()
                ),
                (
                    "paragraph",
                    2,
                    "Sam Example needs a quiet space.".to_owned()
                ),
            ]
        );
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "ING0201");
        assert_eq!(document.pages.len(), 2);
    }

    #[test]
    fn rendered_page_breaks_count_once_after_an_explicit_break() {
        let body = r#"<w:p><w:r><w:t>One</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>
            <w:p><w:r><w:lastRenderedPageBreak/><w:t>Two</w:t></w:r></w:p>
            <w:p><w:r><w:lastRenderedPageBreak/><w:t>Three</w:t><w:tab/><w:t>tabbed</w:t><w:br/><w:t>broken</w:t></w:r></w:p>"#;
        let (document, _) = read(&testgen::docx(body, &[])).unwrap();
        assert_eq!(
            blocks(&document),
            [
                ("paragraph", 1, "One".to_owned()),
                ("paragraph", 2, "Two".to_owned()),
                ("paragraph", 3, "Three tabbed broken".to_owned()),
            ]
        );
    }

    #[test]
    fn headings_come_from_style_ids_and_style_names() {
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="heading 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Custom"><w:name w:val="Section"/><w:basedOn w:val="Kop2"/></w:style>
            <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
            </w:styles>"#;
        let body = testgen::w_styled("Title", "Advice about Sam Example")
            + &testgen::w_styled("Heading1", "Background")
            + &testgen::w_styled("Heading6", "Detail")
            + &testgen::w_styled("Kop2", "Communication")
            + &testgen::w_styled("Custom", "Interaction")
            + &testgen::w_styled("ListBullet", "Visual timetable")
            + r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Quiet space</w:t></w:r></w:p>"#
            + r#"<w:p><w:pPr><w:pStyle w:val="Heading2"/><w:pPrChange><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Needs</w:t></w:r></w:p>"#;
        let bytes = testgen::docx(&body, &[("word/styles.xml", styles.to_owned())]);
        let (document, _) = read(&bytes).unwrap();
        let kinds: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Heading { level: 1 }, "Advice about Sam Example"),
                (BlockKind::Heading { level: 1 }, "Background"),
                (BlockKind::Heading { level: 6 }, "Detail"),
                (BlockKind::Heading { level: 2 }, "Communication"),
                (BlockKind::Heading { level: 2 }, "Interaction"),
                (BlockKind::ListItem, "Visual timetable"),
                (BlockKind::ListItem, "Quiet space"),
                (BlockKind::Heading { level: 2 }, "Needs"),
            ]
        );
    }

    #[test]
    fn table_cells_have_their_indices_and_nested_tables_flatten() {
        let nested = testgen::w_table(&[&["inner one", "inner two"]]);
        let body = testgen::w_paragraphs(&["Before the table."])
            + &testgen::w_table(&[&["Area", "Need"], &["Speech", "Sam Example uses signs"]])
            + r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>third</w:t></w:r></w:p>"#
            + &nested
            + "</w:tc></w:tr></w:tbl>";
        let (document, _) = read(&testgen::docx(&body, &[])).unwrap();
        let cell = |table, row, column| BlockKind::TableCell { table, row, column };
        let kinds: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (BlockKind::Paragraph, "Before the table."),
                (cell(0, 0, 0), "Area"),
                (cell(0, 0, 1), "Need"),
                (cell(0, 1, 0), "Speech"),
                (cell(0, 1, 1), "Sam Example uses signs"),
                (cell(1, 0, 0), "wide"),
                (cell(1, 0, 2), "third inner one inner two"),
            ]
        );
    }

    #[test]
    fn headers_and_footers_are_kept_apart_after_the_body() {
        let header = testgen::w_part(
            "w:hdr",
            &testgen::w_paragraphs(&["Synthetic council header"]),
        );
        let footer = testgen::w_part("w:ftr", &testgen::w_paragraphs(&["Synthetic footer"]));
        let body = testgen::w_paragraphs(&["Body text about Sam Example."]);
        let bytes = testgen::docx(
            &body,
            &[
                ("word/footer1.xml", footer),
                ("word/header1.xml", header.clone()),
                ("word/header2.xml", header),
            ],
        );
        let (document, _) = read(&bytes).unwrap();
        assert_eq!(
            blocks(&document),
            [
                ("paragraph", 1, "Body text about Sam Example.".to_owned()),
                ("header", 1, "Synthetic council header".to_owned()),
                ("footer", 1, "Synthetic footer".to_owned()),
            ]
        );
    }

    #[test]
    fn tracked_changes_resolve_to_the_accepted_text() {
        let body = r#"<w:p>
            <w:r><w:t xml:space="preserve">Sam Example </w:t></w:r>
            <w:del w:id="1" w:author="Synthetic"><w:r><w:delText>dislikes</w:delText></w:r></w:del>
            <w:ins w:id="2" w:author="Synthetic"><w:r><w:t>enjoys</w:t></w:r></w:ins>
            <w:r><w:t xml:space="preserve"> music</w:t></w:r>
            <w:moveFrom w:id="3" w:author="Synthetic"><w:r><w:t>OLD PLACE</w:t></w:r></w:moveFrom>
            <w:moveTo w:id="4" w:author="Synthetic"><w:r><w:t xml:space="preserve"> and painting</w:t></w:r></w:moveTo>
            <w:r><w:instrText>PAGE</w:instrText></w:r>
            </w:p>"#;
        let (document, _) = read(&testgen::docx(body, &[])).unwrap();
        assert_eq!(document.text, "Sam Example enjoys music and painting");
        assert!(!document.text.contains("dislikes"));
        assert!(!document.text.contains("OLD PLACE"));
    }

    #[test]
    fn alternate_content_is_read_once() {
        let body = r#"<w:p><w:r><w:t>Anchor</w:t></w:r><w:r><mc:AlternateContent>
            <mc:Choice Requires="wps"><w:drawing><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
            <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Boxed</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>
            </mc:AlternateContent></w:r></w:p>"#;
        let (document, _) = read(&testgen::docx(body, &[])).unwrap();
        assert_eq!(document.text, "Anchor Boxed");
    }

    #[test]
    fn a_zip_bomb_hits_the_expansion_limit() {
        let zeros = vec![0u8; 50 * 1024 * 1024];
        let bytes = testgen::zip(&[
            ("[Content_Types].xml", testgen::CONTENT_TYPES.as_bytes()),
            ("word/document.xml", zeros.as_slice()),
        ]);
        assert!(bytes.len() < 1024 * 1024, "the bomb is small on disk");
        let limits = Limits {
            max_expanded_bytes: 10 * 1024 * 1024,
            max_compression_ratio: 100,
            ..Limits::default()
        };
        let result = extract(Format::Docx, "bomb.docx", &bytes, &limits);
        assert!(
            matches!(result, Err(IngestError::ExpansionLimit { .. })),
            "{result:?}"
        );
        // The ratio limit alone also stops it.
        let result = extract(Format::Docx, "bomb.docx", &bytes, &Limits::default());
        assert!(
            matches!(result, Err(IngestError::ExpansionLimit { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn a_bomb_with_lying_headers_is_stopped_while_inflating() {
        let zeros = vec![0u8; 5 * 1024 * 1024];
        let mut bytes = testgen::zip(&[("word/document.xml", zeros.as_slice())]);
        testgen::patch_sizes(&mut bytes, 100);
        let result = read(&bytes);
        assert!(
            matches!(result, Err(IngestError::ExpansionLimit { .. })),
            "{result:?}"
        );
    }

    #[test]
    fn encrypted_entries_are_reported() {
        let mut bytes = testgen::docx(&testgen::w_paragraphs(&["Sam Example"]), &[]);
        testgen::mark_encrypted(&mut bytes);
        assert_eq!(
            read(&bytes).map(|_| ()),
            Err(IngestError::Encrypted { format: "Word" })
        );
    }

    #[test]
    fn the_whole_pipeline_reads_a_word_file() {
        let bytes = testgen::docx(
            &testgen::w_paragraphs(&["Synthetic advice for Sam Example."]),
            &[],
        );
        let (document, diagnostics) =
            crate::ingest("synthetic.docx", &bytes, &crate::IngestOptions::default()).unwrap();
        assert_eq!(document.format, Format::Docx);
        assert_eq!(document.text, "Synthetic advice for Sam Example.");
        assert_eq!(diagnostics[0].code, PAGE_NUMBERS_BEST_EFFORT);
    }

    #[test]
    fn a_truncated_file_is_corrupt() {
        let bytes = testgen::docx(&testgen::w_paragraphs(&["Sam Example"]), &[]);
        let truncated = &bytes[..bytes.len() / 2];
        assert!(matches!(read(truncated), Err(IngestError::Corrupt { .. })));
    }

    #[test]
    fn a_zip_without_the_main_part_is_corrupt() {
        let bytes = testgen::zip(&[("notes.txt", b"synthetic".as_slice())]);
        match read(&bytes) {
            Err(IngestError::Corrupt { detail, .. }) => {
                assert!(detail.contains("word/document.xml"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn deeply_nested_xml_is_too_deep() {
        let body = format!(
            "<w:p>{}<w:r><w:t>deep</w:t></w:r>{}</w:p>",
            "<w:sdt><w:sdtContent>".repeat(40),
            "</w:sdtContent></w:sdt>".repeat(40)
        );
        let result = read(&testgen::docx(&body, &[]));
        assert_eq!(
            result.map(|_| ()),
            Err(IngestError::TooDeep {
                format: "Word",
                limit: 64
            })
        );
    }

    #[test]
    fn malformed_xml_is_corrupt() {
        let bytes = testgen::docx("<w:p><w:r><w:t>unclosed</w:r></w:p>", &[]);
        assert!(matches!(read(&bytes), Err(IngestError::Corrupt { .. })));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_after_a_zip_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = read(&bytes);
        }

        #[test]
        fn damaging_a_real_file_never_panics(position in 0usize..4000, byte in any::<u8>(), cut in 0usize..4000) {
            let mut bytes = testgen::docx(&testgen::w_paragraphs(&["Sam Example", "Synthetic"]), &[]);
            let position = position % bytes.len();
            bytes[position] = byte;
            bytes.truncate(cut.max(4).min(bytes.len()));
            let _ = read(&bytes);
        }
    }
}
