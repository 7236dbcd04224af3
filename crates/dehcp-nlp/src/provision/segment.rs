//! Segments: sentences from [`crate::sentence::split`], further split at line breaks before
//! list items and after headings, with list markers ("1.", "(a)", "•") left out.
//!
//! Must not: move a span off the verbatim text, or panic on any input.

/// A sentence, line or list item, as a character span of the input.
#[derive(Debug, Clone, Copy)]
pub(super) struct Segment {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) list_item: bool,
    /// The format marks it as a list item whose marker is not in the text (Markdown and Word
    /// list items): an item, not a heading, but read like a sentence otherwise.
    pub(super) marked_item: bool,
}

const BULLETS: &[char] = &[
    '-', '•', '*', '–', '·', '▪', '◦', '●', '○', '►', '✓', '‣', '⁃',
];

/// If a list marker ("1.", "2)", "(a)", "iv.", "•") starts at `at`, the index after it and the
/// whitespace that follows it. The marker must be followed by whitespace or `end`.
fn marker_end(chars: &[char], at: usize, end: usize) -> Option<usize> {
    let get = |index: usize| (index < end).then(|| chars.get(index).copied()).flatten();
    let first = get(at)?;
    // Most segments open with a word of two letters or more, which no marker is (a lettered
    // marker has one letter before its ")" or ".", a roman numeral only "i", "v" and "x"):
    // ruled out at once.
    if first.is_ascii_alphabetic()
        && !matches!(first, 'i' | 'v' | 'x')
        && get(at + 1).is_some_and(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut index = at;
    // No bullet is an ASCII letter or digit, what most segments start with: the list is
    // searched only for other characters.
    if !first.is_ascii_alphanumeric() && BULLETS.contains(&first) {
        index += 1;
    } else {
        let open = first == '(';
        if open {
            index += 1;
        }
        let body_start = index;
        while get(index).is_some_and(|c| c.is_ascii_digit()) && index - body_start < 3 {
            index += 1;
        }
        if index == body_start {
            while get(index).is_some_and(|c| matches!(c, 'i' | 'v' | 'x')) && index - body_start < 4
            {
                index += 1;
            }
        }
        if index == body_start && get(index).is_some_and(|c| c.is_ascii_alphabetic()) {
            index += 1;
        }
        if index == body_start {
            return None;
        }
        // A numbered sub-item ("1.1", "2.3.1"): its marker needs no closing mark, but the item
        // must open with a capital ("2.5 hours a week" is a number, not a marker).
        let digits =
            index > body_start && chars[body_start..index].iter().all(char::is_ascii_digit);
        if !open
            && digits
            && get(index) == Some('.')
            && get(index + 1).is_some_and(|c| c.is_ascii_digit())
        {
            let mut at = index;
            while get(at) == Some('.') && get(at + 1).is_some_and(|c| c.is_ascii_digit()) {
                at += 1;
                while get(at).is_some_and(|c| c.is_ascii_digit()) {
                    at += 1;
                }
            }
            if matches!(get(at), Some('.' | ')')) {
                at += 1;
            }
            let mut next = at;
            while get(next).is_some_and(|c| c == ' ' || c == '\t') {
                next += 1;
            }
            return (next > at && get(next).is_some_and(char::is_uppercase)).then_some(next);
        }
        let close = get(index)?;
        let valid = if open {
            close == ')'
        } else {
            close == ')'
                || (close == '.'
                    && chars[body_start..index]
                        .iter()
                        .all(|c| c.is_ascii_digit() || c.is_lowercase()))
        };
        if !valid {
            return None;
        }
        index += 1;
    }
    match get(index) {
        None => Some(index),
        Some(c) if c.is_whitespace() => {
            while get(index).is_some_and(char::is_whitespace) {
                index += 1;
            }
            Some(index)
        }
        Some(_) => None,
    }
}

/// Sentences (`sentences`, the spans [`crate::sentence::split_chars_with_bytes_into`] finds in
/// `chars`), further split at line breaks before list items and after headings. `newlines` is
/// the index of every newline of `chars`, in order (as the same split notes them).
pub(super) fn segments(
    chars: &[char],
    sentences: &[(usize, usize)],
    newlines: &[usize],
) -> Vec<Segment> {
    // At least one segment per sentence: room for those made once.
    let mut segments = Vec::with_capacity(sentences.len());
    // The first newline not yet passed: the sentences are in order, so the newlines are walked
    // once for all of them.
    let mut next = 0;
    for &(start, end) in sentences {
        // Newlines between the sentences (left out of both) are passed over.
        while newlines.get(next).is_some_and(|&newline| newline < start) {
            next += 1;
        }
        let mut piece_start = start;
        // Each newline in the sentence, in order.
        let mut index = start;
        while let Some(&newline) = newlines.get(next).filter(|&&newline| newline < end) {
            next += 1;
            // The line before the newline starts after the newline before it in the sentence
            // (all of them are visited in order), or where the piece starts.
            if breaks_line(chars, piece_start, index.max(piece_start), newline, end) {
                push_segment(chars, piece_start, newline, &mut segments);
                piece_start = newline + 1;
            }
            index = newline + 1;
        }
        push_segment(chars, piece_start, end, &mut segments);
    }
    segments
}

/// Whether the line break at `newline` separates units: the next line is a list item; or the
/// line before it ends with a colon; or the next line starts with a capital and the line before
/// it is a short heading or belongs to a list item. Other breaks are taken to be wrapping.
///
/// `line_start` is where the line before the newline starts: just after the newline before it,
/// or `from` if there is none after `from`.
fn breaks_line(chars: &[char], from: usize, line_start: usize, newline: usize, end: usize) -> bool {
    let mut next = newline + 1;
    while next < end && chars[next].is_whitespace() {
        next += 1;
    }
    if marker_end(chars, next, end).is_some() {
        return true;
    }
    // The line, trimmed (without copying it).
    let (mut first, mut last) = (line_start, newline);
    while first < last && chars[first].is_whitespace() {
        first += 1;
    }
    while last > first && chars[last - 1].is_whitespace() {
        last -= 1;
    }
    let line = &chars[first..last];
    if line.last() == Some(&':') {
        return true;
    }
    if !chars.get(next).is_some_and(|c| c.is_uppercase()) {
        return false;
    }
    let mut piece_start = from;
    while piece_start < newline && chars[piece_start].is_whitespace() {
        piece_start += 1;
    }
    let words = line
        .iter()
        .enumerate()
        .filter(|&(index, c)| !c.is_whitespace() && (index == 0 || line[index - 1].is_whitespace()))
        .count();
    let heading = words <= 5
        && line.first().is_some_and(|c| c.is_uppercase())
        && !line
            .last()
            .is_some_and(|c| matches!(c, '.' | ',' | ';' | '!' | '?'));
    heading || marker_end(chars, piece_start, newline).is_some()
}

fn push_segment(chars: &[char], from: usize, to: usize, segments: &mut Vec<Segment>) {
    let (mut start, mut end) = (from, to.min(chars.len()));
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let mut list_item = false;
    if let Some(after) = marker_end(chars, start, end) {
        list_item = true;
        start = after;
    } else {
        // A numbered marker the sentence splitter cut off ("1." ends a sentence of its own).
        // Markers are short, so look back only a few characters (keeps long lines linear): the
        // line starts after a newline among the thirteen characters before, or at the start of
        // the text if that is no further back than twelve; otherwise there is no marker.
        let window = start.saturating_sub(13);
        let mut line_start = match chars
            .get(window..start)
            .and_then(|before| before.iter().rposition(|&c| c == '\n'))
        {
            Some(newline) => window + newline + 1,
            None if start <= 12 => 0,
            None => start,
        };
        while line_start < start && chars[line_start].is_whitespace() {
            line_start += 1;
        }
        if line_start < start && marker_end(chars, line_start, start) == Some(start) {
            list_item = true;
        }
    }
    if start < end {
        segments.push(Segment {
            start,
            end,
            list_item,
            marked_item: false,
        });
    }
}
