//! The document model: pages and blocks with character spans, stable across runs.
//!
//! All text of a document lives once in [`Document::text`]; each [`Block`] points into it with
//! `start..end` (character offsets, not bytes, so they survive any re-encoding by a consumer).
//! [`DocumentBuilder`] is the only way extractors create blocks, which keeps the spans right by
//! construction.

use std::fmt;

use sha2::{Digest, Sha256};

use crate::detect::Format;

/// A document's identity: the SHA-256 of its bytes, in lower-case hex.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocumentId(String);

impl DocumentId {
    /// The id of these bytes.
    pub fn of(bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        DocumentId(digest.iter().map(|byte| format!("{byte:02x}")).collect())
    }

    /// The hex string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    /// A heading, level 1 (largest) to 6.
    Heading {
        /// The level.
        level: u8,
    },
    /// Body text.
    Paragraph,
    /// One item of a bulleted or numbered list.
    ListItem,
    /// One cell of a table.
    TableCell {
        /// Table number within the document, from 0.
        table: u32,
        /// Row, from 0.
        row: u32,
        /// Column, from 0.
        column: u32,
    },
    /// Running header text (kept apart from the body).
    Header,
    /// Running footer text (kept apart from the body).
    Footer,
}

impl BlockKind {
    /// The identifier used in JSON: heading, paragraph, list_item, table_cell, header, footer.
    pub fn id(self) -> &'static str {
        match self {
            BlockKind::Heading { .. } => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::ListItem => "list_item",
            BlockKind::TableCell { .. } => "table_cell",
            BlockKind::Header => "header",
            BlockKind::Footer => "footer",
        }
    }
}

/// One piece of text with its place in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Page number from 1 (formats without pages use 1).
    pub page: u32,
    /// What it is.
    pub kind: BlockKind,
    /// Its text (also found at `start..end` of the document text).
    pub text: String,
    /// Character offset where it starts in [`Document::text`].
    pub start: usize,
    /// Character offset just past its end.
    pub end: usize,
}

/// Which extractor produced a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Extractor {
    /// dehcp's own reader for the format (pure Rust).
    Native,
    /// The pure-Rust PDF text-layer reader.
    PdfText,
    /// poppler's `pdftotext`.
    Pdftotext,
    /// Tesseract OCR.
    Tesseract,
}

impl Extractor {
    /// The identifier used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Extractor::Native => "native",
            Extractor::PdfText => "pdf_text",
            Extractor::Pdftotext => "pdftotext",
            Extractor::Tesseract => "tesseract",
        }
    }
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Page number from 1.
    pub number: u32,
    /// What produced its text.
    pub extractor: Extractor,
    /// Mean OCR confidence 0–100, for OCR'd pages.
    pub ocr_confidence: Option<f32>,
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// For information.
    Info,
    /// Something was lost or guessed; check the source.
    Warning,
}

/// Something worth knowing about a document that did not stop it being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code, for example `ING0101`.
    pub code: &'static str,
    /// Info or warning.
    pub severity: Severity,
    /// One line of plain English (never document text).
    pub message: String,
    /// The page concerned, if any.
    pub page: Option<u32>,
}

/// An ingested document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Content hash.
    pub id: DocumentId,
    /// The name it arrived with.
    pub file_name: String,
    /// The detected format.
    pub format: Format,
    /// Its pages.
    pub pages: Vec<Page>,
    /// Its blocks in reading order.
    pub blocks: Vec<Block>,
    /// All block texts joined by blank lines; spans index into this.
    pub text: String,
    /// Documents attached to it (email attachments), ingested in turn.
    pub attachments: Vec<Document>,
}

/// Separator between blocks in [`Document::text`].
pub const BLOCK_SEPARATOR: &str = "\n\n";

/// Builds a [`Document`] block by block, keeping spans consistent.
#[derive(Debug)]
pub struct DocumentBuilder {
    document: Document,
    chars: usize,
}

impl DocumentBuilder {
    /// Starts a document for these bytes.
    pub fn new(file_name: &str, format: Format, bytes: &[u8]) -> Self {
        DocumentBuilder {
            document: Document {
                id: DocumentId::of(bytes),
                file_name: file_name.to_owned(),
                format,
                pages: Vec::new(),
                blocks: Vec::new(),
                text: String::new(),
                attachments: Vec::new(),
            },
            chars: 0,
        }
    }

    /// Declares a page (pages are numbered by the caller from 1).
    pub fn page(&mut self, number: u32, extractor: Extractor, ocr_confidence: Option<f32>) {
        self.document.pages.push(Page {
            number,
            extractor,
            ocr_confidence,
        });
    }

    /// Adds a block after normalising its whitespace; empty text is skipped. Returns whether a
    /// block was added.
    pub fn block(&mut self, page: u32, kind: BlockKind, text: &str) -> bool {
        let text = normalise_whitespace(text);
        if text.is_empty() {
            return false;
        }
        if !self.document.blocks.is_empty() {
            self.document.text.push_str(BLOCK_SEPARATOR);
            self.chars += BLOCK_SEPARATOR.chars().count();
        }
        let start = self.chars;
        let length = text.chars().count();
        self.document.text.push_str(&text);
        self.chars += length;
        self.document.blocks.push(Block {
            page,
            kind,
            text,
            start,
            end: start + length,
        });
        true
    }

    /// Attaches a document (an email attachment).
    pub fn attach(&mut self, attachment: Document) {
        self.document.attachments.push(attachment);
    }

    /// Finishes the document. A page is declared for every page a block refers to.
    pub fn finish(mut self) -> Document {
        let mut referenced: Vec<u32> = self.document.blocks.iter().map(|b| b.page).collect();
        referenced.sort_unstable();
        referenced.dedup();
        for number in referenced {
            if !self.document.pages.iter().any(|page| page.number == number) {
                self.document.pages.push(Page {
                    number,
                    extractor: Extractor::Native,
                    ocr_confidence: None,
                });
            }
        }
        self.document.pages.sort_by_key(|page| page.number);
        self.document
    }
}

/// Collapses runs of whitespace (including non-breaking spaces and line breaks) to one space,
/// removes control characters and trims the ends.
pub fn normalise_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for character in text.chars() {
        if character.is_whitespace() || character == '\u{00a0}' {
            pending_space = !out.is_empty();
        } else if character.is_control() || character == '\u{feff}' {
            continue;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(character);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spans_point_at_each_block_in_the_document_text() {
        let mut builder = DocumentBuilder::new("report.txt", Format::PlainText, b"x");
        builder.block(1, BlockKind::Heading { level: 1 }, "Summary");
        builder.block(1, BlockKind::Paragraph, "  Sam enjoys   music.\n");
        builder.block(2, BlockKind::Paragraph, "   ");
        builder.block(2, BlockKind::ListItem, "Café visits");
        let document = builder.finish();
        assert_eq!(document.text, "Summary\n\nSam enjoys music.\n\nCafé visits");
        assert_eq!(document.blocks.len(), 3);
        assert_eq!(
            document.pages.len(),
            2,
            "the empty block adds nothing, the list item adds page 2"
        );
        let chars: Vec<char> = document.text.chars().collect();
        for block in &document.blocks {
            let slice: String = chars[block.start..block.end].iter().collect();
            assert_eq!(slice, block.text);
        }
    }

    #[test]
    fn the_id_is_the_sha256_of_the_bytes() {
        assert_eq!(
            DocumentId::of(b"abc").as_str(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    proptest! {
        #[test]
        fn normalised_text_has_no_double_spaces_or_edges(text in "\\PC{0,60}") {
            let out = normalise_whitespace(&text);
            prop_assert!(!out.contains("  "));
            prop_assert_eq!(out.trim(), out.as_str());
            prop_assert_eq!(normalise_whitespace(&out), out.clone(), "idempotent");
        }

        #[test]
        fn spans_are_consistent_for_any_blocks(texts in proptest::collection::vec("\\PC{0,30}", 0..12)) {
            let mut builder = DocumentBuilder::new("x", Format::PlainText, b"x");
            for (index, text) in texts.iter().enumerate() {
                builder.block(1 + index as u32 / 3, BlockKind::Paragraph, text);
            }
            let document = builder.finish();
            let chars: Vec<char> = document.text.chars().collect();
            let mut previous_end = 0;
            for block in &document.blocks {
                prop_assert!(block.start >= previous_end);
                prop_assert!(block.end <= chars.len());
                let slice: String = chars[block.start..block.end].iter().collect();
                prop_assert_eq!(&slice, &block.text);
                previous_end = block.end;
            }
        }
    }
}
