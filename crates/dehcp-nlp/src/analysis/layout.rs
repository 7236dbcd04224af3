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
    /// For each character of more than one byte, in order: the character and byte offsets just
    /// past it. Between two of these every character is one byte, so the byte offset of any
    /// character follows from the entry before it (empty for ASCII text, where characters and
    /// bytes coincide).
    wide: Vec<(usize, usize)>,
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
        let (wide, chars) = wide_characters(text);
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
            wide,
            chars,
            segments,
        }
    }

    /// The byte offset of a character offset (clamped to the text).
    pub(super) fn byte(&self, char_offset: usize) -> usize {
        let offset = char_offset.min(self.chars);
        let after = self.wide.partition_point(|&(chars, _)| chars <= offset);
        match after.checked_sub(1).and_then(|index| self.wide.get(index)) {
            Some(&(chars, bytes)) => bytes + (offset - chars),
            None => offset,
        }
        .min(self.text.len())
    }

    /// The document's whole text.
    pub(super) fn text(&self) -> &'a str {
        self.text
    }

    /// The text at characters `start..end`, verbatim (empty if out of range).
    pub(super) fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text
            .get(self.byte(start)..self.byte(end.max(start)))
            .unwrap_or_default()
    }

    /// [`Layout::slice`], with whether the text is known to be ASCII: for characters in range
    /// (`start <= end <= ` the text's length in characters), exactly when it has as many bytes
    /// as characters (a character outside ASCII takes two bytes or more), found from the
    /// character map without reading the text; `false` otherwise (nothing known).
    pub(super) fn slice_ascii(&self, start: usize, end: usize) -> (&'a str, bool) {
        let text = self.slice(start, end);
        let ascii = start <= end && end <= self.chars && text.len() == end - start;
        (text, ascii)
    }

    /// Whether characters `start..end` have whitespace, or the edge of the text, on both
    /// sides.
    pub(super) fn spaced(&self, start: usize, end: usize) -> bool {
        let (before, after) = (self.byte(start), self.byte(end));
        let bytes = self.text.as_bytes();
        // An ASCII byte is a whole character (no byte of a longer one is below 0x80), read as
        // it is; only a character outside ASCII is decoded.
        let space_before = match before.checked_sub(1).and_then(|at| bytes.get(at)) {
            Some(&byte) if byte.is_ascii() => char::from(byte).is_whitespace(),
            _ => self
                .text
                .get(..before)
                .unwrap_or_default()
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace),
        };
        space_before
            && match bytes.get(after) {
                Some(&byte) if byte.is_ascii() => char::from(byte).is_whitespace(),
                _ => self
                    .text
                    .get(after..)
                    .unwrap_or_default()
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace),
            }
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

/// The characters of more than one byte in a text (see [`Layout::wide`]) and its length in
/// characters. Runs of ASCII are skipped 32 bytes at a time ([`crate::bytes::ascii_end`]).
fn wide_characters(text: &str) -> (Vec<(usize, usize)>, usize) {
    let bytes = text.as_bytes();
    let mut wide = Vec::new();
    let (mut byte, mut chars) = (0, 0);
    loop {
        let ascii = crate::bytes::ascii_end(bytes, byte);
        chars += ascii - byte;
        byte = ascii;
        let Some(&lead) = bytes.get(byte) else {
            break;
        };
        // The length of the character from its first byte (the text is valid UTF-8, and this
        // byte is outside ASCII).
        let width = match lead {
            0xf0..=0xff => 4,
            0xe0..=0xef => 3,
            _ => 2,
        };
        byte += width;
        chars += 1;
        wide.push((chars, byte));
    }
    (wide, chars)
}

#[cfg(test)]
mod tests {
    use super::wide_characters;
    use proptest::prelude::*;

    /// The byte offset of every character offset (and of the end), as the map gives it.
    fn byte_offsets(text: &str) -> Vec<usize> {
        let (wide, chars) = wide_characters(text);
        (0..=chars)
            .map(|offset| {
                let after = wide.partition_point(|&(c, _)| c <= offset);
                match after.checked_sub(1).and_then(|index| wide.get(index)) {
                    Some(&(c, b)) => b + (offset - c),
                    None => offset,
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn the_map_gives_every_character_s_byte_offset(text in "[a-z .]{0,20}|\\PC{0,30}|([a-z ]{0,12}[é’€😀]){0,6}") {
            let expected: Vec<usize> = text
                .char_indices()
                .map(|(byte, _)| byte)
                .chain([text.len()])
                .collect();
            prop_assert_eq!(byte_offsets(&text), expected);
            prop_assert_eq!(wide_characters(&text).1, text.chars().count());
        }

        #[test]
        fn a_slice_known_ascii_is_ascii(text in "[a-z .]{0,20}|\\PC{0,30}|([a-z ]{0,12}[é’€😀]){0,6}") {
            let (wide, chars) = wide_characters(&text);
            let layout = super::Layout { text: &text, wide, chars, segments: Vec::new() };
            for start in 0..=chars + 1 {
                for end in 0..=chars + 1 {
                    let (slice, ascii) = layout.slice_ascii(start, end);
                    prop_assert_eq!(slice, layout.slice(start, end));
                    // Known ASCII for every range in the text, and only when it is.
                    let in_range = start <= end && end <= chars;
                    prop_assert_eq!(ascii, in_range && slice.is_ascii());
                    // Spaced as the characters on either side say.
                    let (before, after) = (layout.byte(start), layout.byte(end));
                    let spaced = text[..before].chars().next_back().is_none_or(char::is_whitespace)
                        && text[after..].chars().next().is_none_or(char::is_whitespace);
                    prop_assert_eq!(layout.spaced(start, end), spaced);
                }
            }
        }
    }
}
