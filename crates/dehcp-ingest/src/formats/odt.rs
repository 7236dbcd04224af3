//! OpenDocument text (`.odt`) reader: headings, paragraphs, list items, table cells, headers
//! and footers, with pages following the soft page breaks the editor saved.
//!
//! `content.xml` is walked in document order: `text:h` is a heading at its
//! `text:outline-level`, `text:p` a paragraph (a list item inside `text:list-item`), and each
//! `table:table-cell` one block; tables nested in a cell are flattened into that cell's text.
//! `text:s`, `text:tab` and `text:line-break` become spaces, and `text:soft-page-break` starts a
//! new page. Headers and footers come from the master pages in `styles.xml`, after the body.
//!
//! What this module must not do: show text from the tracked-changes region (deleted text lives
//! there), from annotations or from notes, or bypass [`Package`]'s limits. Password-protected
//! files are reported as [`IngestError::Encrypted`], never read as garbage.

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::package::{
    Package, PageBreak, RunningText, TextFlow, XmlElement, XmlEvent, XmlEvents,
};
use crate::model::{BlockKind, DocumentBuilder};
use crate::{IngestError, Limits};

/// Namespace URIs and the prefixes used for them.
const NAMESPACES: &[(&str, &str)] = &[
    ("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "office"),
    ("urn:oasis:names:tc:opendocument:xmlns:text:1.0", "text"),
    ("urn:oasis:names:tc:opendocument:xmlns:table:1.0", "table"),
    ("urn:oasis:names:tc:opendocument:xmlns:style:1.0", "style"),
    ("urn:oasis:names:tc:opendocument:xmlns:drawing:1.0", "draw"),
];

/// Extracts the text of an OpenDocument text file with its structure.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let mut package = Package::open(format, bytes, limits)?;
    if let Some(manifest) = package.read_optional("META-INF/manifest.xml")?
        && contains(&manifest, b"encryption-data")
    {
        return Err(IngestError::Encrypted {
            format: format.name(),
        });
    }
    let content = package
        .read_text("content.xml")?
        .ok_or_else(|| IngestError::Corrupt {
            format: format.name(),
            detail: "the package has no content.xml part, so it is not an OpenDocument text"
                .to_owned(),
        })?;
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    let mut events = XmlEvents::new(&content, "content.xml", NAMESPACES, format, limits);
    let mut flow = TextFlow::new();
    loop {
        match events.next_event()? {
            XmlEvent::Eof => break,
            XmlEvent::Start(element) if element.name == "office:text" => {
                walk(&mut events, &mut flow)?;
            }
            XmlEvent::Start(element) if element.name == "office:automatic-styles" => {
                events.skip_element()?;
            }
            _ => {}
        }
    }
    for (page, kind, text) in flow.finish() {
        builder.block(page, kind, &text);
    }
    if let Some(styles) = package.read_text("styles.xml")? {
        let mut running = RunningText::default();
        let mut events = XmlEvents::new(&styles, "styles.xml", NAMESPACES, format, limits);
        loop {
            let element = match events.next_event()? {
                XmlEvent::Eof => break,
                XmlEvent::Start(element) => element,
                _ => continue,
            };
            let kind = match element.name.as_str() {
                "style:header" | "style:header-left" | "style:header-first" => BlockKind::Header,
                "style:footer" | "style:footer-left" | "style:footer-first" => BlockKind::Footer,
                "office:styles" | "office:automatic-styles" | "office:font-face-decls" => {
                    events.skip_element()?;
                    continue;
                }
                _ => continue,
            };
            let mut part_flow = TextFlow::new();
            walk(&mut events, &mut part_flow)?;
            running.add(kind, part_flow);
        }
        running.add_blocks(&mut builder);
    }
    Ok((builder.finish(), Vec::new()))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Elements whose content is never document text.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "text:tracked-changes"
            | "office:annotation"
            | "text:note"
            | "text:sequence-decls"
            | "text:variable-decls"
            | "text:user-field-decls"
            | "text:dde-connection-decls"
            | "table:table-columns"
            | "table:table-column"
            | "table:table-column-group"
            | "office:forms"
            | "draw:image"
    )
}

fn number(element: &XmlElement, attribute: &str) -> Option<u32> {
    element.attribute(attribute)?.trim().parse().ok()
}

/// Walks the content of the element just started until its end, feeding `flow`.
fn walk(events: &mut XmlEvents<'_>, flow: &mut TextFlow) -> Result<(), IngestError> {
    let mut depth = 1usize;
    let mut list_items = 0usize;
    let mut cell_spans: Vec<(u32, u32)> = Vec::new();
    let mut row_repeats: Vec<u32> = Vec::new();
    loop {
        match events.next_event()? {
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Text(text) => flow.text(&text),
            XmlEvent::Start(element) => {
                let name = element.name.as_str();
                if skipped(name) {
                    events.skip_element()?;
                    continue;
                }
                depth += 1;
                match name {
                    "text:h" => {
                        let level = number(&element, "text:outline-level").unwrap_or(1);
                        let level = u8::try_from(level.clamp(1, 6)).unwrap_or(6);
                        flow.start_paragraph(BlockKind::Heading { level });
                    }
                    "text:p" => {
                        let kind = if list_items > 0 {
                            BlockKind::ListItem
                        } else {
                            BlockKind::Paragraph
                        };
                        flow.start_paragraph(kind);
                    }
                    "text:list-item" => list_items += 1,
                    "text:s" | "text:tab" | "text:line-break" => flow.space(),
                    "text:soft-page-break" => flow.page_break(PageBreak::Explicit),
                    "table:table" => flow.start_table(),
                    "table:table-row" => {
                        flow.start_row();
                        row_repeats
                            .push(number(&element, "table:number-rows-repeated").unwrap_or(1));
                    }
                    "table:table-cell" => {
                        let span = number(&element, "table:number-columns-spanned")
                            .unwrap_or(1)
                            .max(1);
                        let repeated = number(&element, "table:number-columns-repeated")
                            .unwrap_or(1)
                            .max(1);
                        cell_spans.push((span, repeated));
                        flow.start_cell();
                    }
                    "table:covered-table-cell" => {
                        let repeated = number(&element, "table:number-columns-repeated")
                            .unwrap_or(1)
                            .max(1);
                        flow.skip_columns(repeated);
                    }
                    _ => {}
                }
            }
            XmlEvent::End(name) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(());
                }
                match name.as_str() {
                    "text:h" | "text:p" => flow.end_paragraph(),
                    "text:list-item" => list_items = list_items.saturating_sub(1),
                    "table:table" => flow.end_table(),
                    "table:table-row" => {
                        let repeated = row_repeats.pop().unwrap_or(1);
                        flow.repeat_rows(repeated.saturating_sub(1));
                    }
                    "table:table-cell" => {
                        let (span, repeated) = cell_spans.pop().unwrap_or((1, 1));
                        flow.end_cell(span);
                        flow.skip_columns(span.saturating_mul(repeated - 1));
                    }
                    _ => {}
                }
            }
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

    fn read(bytes: &[u8]) -> Extracted {
        extract(Format::Odt, "synthetic.odt", bytes, &Limits::default())
    }

    fn blocks(document: &crate::Document) -> Vec<(BlockKind, u32, &str)> {
        document
            .blocks
            .iter()
            .map(|b| (b.kind, b.page, b.text.as_str()))
            .collect()
    }

    #[test]
    fn structure_and_pages_come_back() {
        let body = r#"
            <text:h text:outline-level="1">Advice about Sam Example</text:h>
            <text:p>Sam Example<text:s text:c="3"/>enjoys<text:tab/>music<text:line-break/>and dancing.</text:p>
            <text:h text:outline-level="2">Needs</text:h>
            <text:list><text:list-item><text:p>Visual timetable</text:p></text:list-item>
              <text:list-item><text:p>Quiet <text:soft-page-break/>space</text:p></text:list-item></text:list>
            <text:soft-page-break/>
            <text:p>Sam Example needs a quiet space.</text:p>
            <text:h text:outline-level="9">Deep</text:h>"#;
        let bytes = testgen::odt(body, "", &[]);
        assert_eq!(crate::detect(&bytes), Some(Format::Odt));
        let (document, _) = read(&bytes).unwrap();
        assert_eq!(
            blocks(&document),
            [
                (
                    BlockKind::Heading { level: 1 },
                    1,
                    "Advice about Sam Example"
                ),
                (
                    BlockKind::Paragraph,
                    1,
                    "Sam Example enjoys music and dancing."
                ),
                (BlockKind::Heading { level: 2 }, 1, "Needs"),
                (BlockKind::ListItem, 1, "Visual timetable"),
                (BlockKind::ListItem, 1, "Quiet space"),
                (BlockKind::Paragraph, 3, "Sam Example needs a quiet space."),
                (BlockKind::Heading { level: 6 }, 3, "Deep"),
            ]
        );
        assert_eq!(document.pages.len(), 2, "pages 1 and 3 hold blocks");
    }

    #[test]
    fn table_cells_have_their_indices() {
        let body = r#"<text:p>Before.</text:p>
            <table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>
              <table:table-header-rows><table:table-row>
                <table:table-cell><text:p>Area</text:p></table:table-cell>
                <table:table-cell table:number-columns-spanned="2"><text:p>Need</text:p></table:table-cell>
                <table:covered-table-cell/>
              </table:table-row></table:table-header-rows>
              <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
              <table:table-row>
                <table:table-cell table:number-columns-repeated="2"/>
                <table:table-cell><text:p>Sam Example uses signs</text:p>
                  <table:table><table:table-row><table:table-cell><text:p>nested</text:p></table:table-cell></table:table-row></table:table>
                </table:table-cell>
              </table:table-row>
            </table:table>"#;
        let (document, _) = read(&testgen::odt(body, "", &[])).unwrap();
        let cell = |table, row, column| BlockKind::TableCell { table, row, column };
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Paragraph, 1, "Before."),
                (cell(0, 0, 0), 1, "Area"),
                (cell(0, 0, 1), 1, "Need"),
                (cell(0, 3, 2), 1, "Sam Example uses signs nested"),
            ]
        );
    }

    #[test]
    fn tracked_deletions_are_absent_and_insertions_present() {
        let body = r#"<text:tracked-changes>
              <text:changed-region text:id="c1"><text:deletion><office:change-info/><text:p>dislikes</text:p></text:deletion></text:changed-region>
              <text:changed-region text:id="c2"><text:insertion><office:change-info/></text:insertion></text:changed-region>
            </text:tracked-changes>
            <text:p>Sam Example <text:change text:change-id="c1"/><text:change-start text:change-id="c2"/>enjoys<text:change-end text:change-id="c2"/> music<office:annotation><text:p>synthetic comment</text:p></office:annotation>.</text:p>"#;
        let (document, _) = read(&testgen::odt(body, "", &[])).unwrap();
        assert_eq!(document.text, "Sam Example enjoys music.");
    }

    #[test]
    fn headers_and_footers_are_kept_apart() {
        let master = r#"<style:master-page style:name="Standard">
            <style:header><text:p>Synthetic council header</text:p></style:header>
            <style:footer><text:p>Synthetic footer</text:p></style:footer></style:master-page>"#;
        let (document, _) = read(&testgen::odt(
            "<text:p>Body about Sam Example.</text:p>",
            master,
            &[],
        ))
        .unwrap();
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Paragraph, 1, "Body about Sam Example."),
                (BlockKind::Header, 1, "Synthetic council header"),
                (BlockKind::Footer, 1, "Synthetic footer"),
            ]
        );
    }

    #[test]
    fn encrypted_packages_are_reported() {
        let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>"#;
        let bytes = testgen::odt(
            "<text:p>x</text:p>",
            "",
            &[("META-INF/manifest.xml", manifest.to_owned())],
        );
        assert_eq!(
            read(&bytes).map(|_| ()),
            Err(IngestError::Encrypted {
                format: "OpenDocument"
            })
        );
    }

    #[test]
    fn bad_packages_are_refused() {
        let bytes = testgen::odt("<text:p>Sam Example</text:p>", "", &[]);
        assert!(matches!(
            read(&bytes[..bytes.len() - 30]),
            Err(IngestError::Corrupt { .. })
        ));
        let no_content = testgen::zip(&[(
            "mimetype",
            b"application/vnd.oasis.opendocument.text".as_slice(),
        )]);
        match read(&no_content) {
            Err(IngestError::Corrupt { detail, .. }) => assert!(detail.contains("content.xml")),
            other => panic!("{other:?}"),
        }
        let deep = format!(
            "<text:p>{}x{}</text:p>",
            "<text:span>".repeat(80),
            "</text:span>".repeat(80)
        );
        assert_eq!(
            read(&testgen::odt(&deep, "", &[])).map(|_| ()),
            Err(IngestError::TooDeep {
                format: "OpenDocument",
                limit: 64
            })
        );
        let zeros = vec![b' '; 20 * 1024 * 1024];
        let bomb = testgen::zip(&[("content.xml", zeros.as_slice())]);
        let limits = Limits {
            max_expanded_bytes: 1024 * 1024,
            ..Limits::default()
        };
        assert!(matches!(
            extract(Format::Odt, "bomb.odt", &bomb, &limits),
            Err(IngestError::ExpansionLimit { .. })
        ));
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
        fn damaging_a_real_file_never_panics(position in 0usize..4000, byte in any::<u8>()) {
            let mut bytes = testgen::odt("<text:p>Sam Example</text:p><table:table><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell></table:table-row></table:table>", "", &[]);
            let position = position % bytes.len();
            bytes[position] = byte;
            let _ = read(&bytes);
        }
    }
}
