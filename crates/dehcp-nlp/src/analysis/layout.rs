//! Where things are in one document: a character → byte map built once, and the body blocks
//! (segments) with their pages, so every quote is a cheap slice of [`Document::text`] and every
//! offset finds its page by binary search.
//!
//! Must not: allocate per lookup, panic on inconsistent block spans (they are skipped), or let a
//! quote cross a block boundary.

use dehcp_ingest::{BlockKind, Document};

/// One block of the document as the engine reads it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    /// Character offset of its first character in the document's text.
    pub(super) start: usize,
    /// Character offset just past its end.
    pub(super) end: usize,
    /// Its page.
    pub(super) page: u32,
    /// What it is.
    pub(super) kind: BlockKind,
}

impl Segment {
    /// Whether the engine reads it: running headers and footers are left out.
    pub(super) fn is_body(&self) -> bool {
        !matches!(self.kind, BlockKind::Header | BlockKind::Footer)
    }
}

/// The character map and segments of one document.
#[derive(Debug)]
pub(super) struct Layout<'a> {
    text: &'a str,
    /// Byte offset of each character and, last, the text's length; empty for ASCII text, where
    /// characters and bytes coincide.
    bytes: Vec<usize>,
    chars: usize,
    /// Valid blocks in order, non-overlapping.
    pub(super) segments: Vec<Segment>,
}

impl<'a> Layout<'a> {
    /// Reads a document's text and blocks. Blocks whose spans are out of range, empty or out of
    /// order are skipped; a document with text but no usable block is read as one paragraph on
    /// page 1.
    pub(super) fn new(document: &'a Document) -> Self {
        let text = document.text.as_str();
        let (bytes, chars) = if text.is_ascii() {
            (Vec::new(), text.len())
        } else {
            // Allocated once: a text has at most as many characters as bytes.
            let mut bytes: Vec<usize> = Vec::with_capacity(text.len() + 1);
            bytes.extend(text.char_indices().map(|(byte, _)| byte));
            let chars = bytes.len();
            bytes.push(text.len());
            (bytes, chars)
        };
        let mut segments = Vec::with_capacity(document.blocks.len());
        let mut free_from = 0;
        for block in &document.blocks {
            if block.start < free_from || block.start >= block.end || block.end > chars {
                continue;
            }
            segments.push(Segment {
                start: block.start,
                end: block.end,
                page: block.page.max(1),
                kind: block.kind,
            });
            free_from = block.end;
        }
        if segments.is_empty() && !text.trim().is_empty() {
            segments.push(Segment {
                start: 0,
                end: chars,
                page: 1,
                kind: BlockKind::Paragraph,
            });
        }
        Layout {
            text,
            bytes,
            chars,
            segments,
        }
    }

    /// The byte offset of a character offset (clamped to the text).
    pub(super) fn byte(&self, char_offset: usize) -> usize {
        if self.bytes.is_empty() {
            char_offset.min(self.text.len())
        } else {
            self.bytes
                .get(char_offset.min(self.chars))
                .copied()
                .unwrap_or(self.text.len())
        }
    }

    /// The text at characters `start..end`, verbatim (empty if out of range).
    pub(super) fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text
            .get(self.byte(start)..self.byte(end.max(start)))
            .unwrap_or_default()
    }

    /// The index of the segment containing a character offset, if any.
    pub(super) fn segment_at(&self, offset: usize) -> Option<usize> {
        let after = self.segments.partition_point(|s| s.start <= offset);
        let index = after.checked_sub(1)?;
        (offset < self.segments[index].end).then_some(index)
    }

    /// The page of a character offset: that of its block, or of the block before it (offsets
    /// between blocks), or 1.
    pub(super) fn page_at(&self, offset: usize) -> u32 {
        let after = self.segments.partition_point(|s| s.start <= offset);
        after
            .checked_sub(1)
            .and_then(|index| self.segments.get(index))
            .or_else(|| self.segments.first())
            .map_or(1, |segment| segment.page)
    }
}
