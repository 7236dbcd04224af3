//! Finding the dictionary's concepts in text, in time linear in the text's length.
//!
//! A [`Matcher`] is built once from a [`Dictionary`]: one byte trie over every concept's terms,
//! folded to lower case, and one over the abbreviations as written. [`find`] walks the text
//! once; at each place a word may start (the start of the text, or after a character that is
//! not a letter or digit) it walks both tries over the text folded on the fly (see below),
//! keeps the best whole-word match starting there, if any, and carries on after it. It returns
//! [`Mention`]s with character offsets into the original text, sorted and non-overlapping.
//!
//! Rules:
//!
//! - **Whole words.** A match must not have a letter or digit (any script) just before it or
//!   just after it, so `ASC` is not found in "ascertain" nor `ear` in "year". Punctuation,
//!   spaces, hyphens and apostrophes are boundaries, so "Sam's dyslexia" and "non-verbal" work.
//! - **Case.** Terms match in any case (ASCII letters are folded by the walk; a term with
//!   other letters also matches in upper case and capitalised, "NAÏVE", "Naïve");
//!   abbreviations match only as written, so `ODD` is not found in "odd socks".
//! - **Folding.** While matching, hyphens (`-`, U+2010, U+2011) count as spaces, any run of
//!   whitespace (including line breaks from a PDF) counts as one space, and `’` counts as `'`,
//!   in both the terms and the text (the text is folded as it is walked, never copied):
//!   "self-harm" finds "self harm" and "hearing\n  loss" finds "hearing loss". Spans still
//!   cover the original characters, so quotes are verbatim.
//! - **Plurals and possessives.** A match may be extended over one trailing `s` (any case for
//!   terms, lower case only for abbreviations: "meltdowns", "TAs", "EPs") when that `s` ends the
//!   word. Possessives need nothing: the apostrophe is a boundary, so "the EP's report" finds
//!   `EP` and the span stops before the apostrophe. Other plural forms ("stories",
//!   "difficulties", "glasses") must be listed as terms in the data.
//! - **Neutral terms.** A concept's `neutral_terms` ("hearing" for hearing loss) are matched
//!   like terms, and the [`Mention`] says so (`neutral`), so a caller can keep them only in a
//!   negated or uncertain context.
//! - **Longest wins.** Of the whole-word matches, the leftmost is kept, and among those
//!   starting at the same place the longest, counting a plural `s` ("hearing loss" over
//!   "hearing"); later matches that overlap a kept one are dropped. Ties between two concepts
//!   over the same span go to the one earlier in the dictionary, and within one concept a term
//!   beats a neutral term. The word-boundary check is applied to every match at a place before
//!   choosing, so a longer match that fails it ("speech sounds" inside "speech soundsystem")
//!   never hides a shorter one that passes.
//!
//! Cost: one pass over the text, plus a walk of a few bytes at each word start (a walk stops as
//! soon as the text leaves every term). It must not fail, panic or allocate more than the list
//! it returns on any input, and it says nothing about negation, uncertainty or who a mention is
//! about (see [`crate::context`]).
//!
//! [`find`]: Matcher::find

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::dictionary::{Dictionary, fold_term};

/// One place where a concept is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// Character offset of the first character of the mention.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
    /// Index of the concept in [`Dictionary::concepts`].
    pub concept: usize,
    /// Whether it was found by one of the concept's neutral terms ("hearing" for hearing
    /// loss), which count only in a negated or uncertain context.
    pub neutral: bool,
}

impl Mention {
    /// The mention's text, verbatim, from the text it was found in.
    pub fn quote(&self, text: &str) -> String {
        text.chars()
            .skip(self.start)
            .take(self.end.saturating_sub(self.start))
            .collect()
    }
}

/// What a pattern names: its concept and whether it is a neutral term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Output {
    concept: usize,
    neutral: bool,
}

impl Output {
    /// Whether `self` wins over `other` for the same span: the concept earlier in the
    /// dictionary, then a term over a neutral term of the same concept.
    fn beats(self, other: Output) -> bool {
        (self.concept, self.neutral) < (other.concept, other.neutral)
    }
}

/// A byte trie over folded patterns, walked from each place a word may start.
///
/// Bytes are first mapped to classes (the bytes that occur in some pattern, 0 for the rest).
/// A node with many children (the root and the shallow nodes that most walks pass through)
/// has a dense row indexed by class; a node with few has a short list scanned in order.
#[derive(Debug, Clone)]
struct Trie {
    /// The class of each byte (after lower-casing ASCII letters when `any_case`); 0 for a byte
    /// in no pattern.
    classes: [u8; 256],
    nodes: Vec<Node>,
    /// Dense rows, `class_count` targets each.
    dense: Vec<u32>,
    /// Sparse edges: classes and targets.
    edge_classes: Vec<u8>,
    edge_targets: Vec<u32>,
    /// Whether ASCII letters match in any case (terms) or only as written (abbreviations).
    any_case: bool,
    /// The class of each ASCII byte as the walk folds it (`-` and whitespace as a space);
    /// 0 for the rest.
    folded_classes: [u8; 128],
    /// The class of a space (0 if no pattern has one).
    space: u8,
}

/// One node of a [`Trie`].
#[derive(Debug, Clone, Copy)]
struct Node {
    /// With `sparse == DENSE`, the offset of its row in `dense`; with one sparse edge (the
    /// long single-child chains most walks end in), the child itself; otherwise the first of
    /// its edges.
    first: u32,
    /// How many sparse edges it has, or [`DENSE`].
    sparse: u32,
    /// What the pattern ending here names: `concept << 1 | neutral`, or [`NONE`].
    output: u32,
    /// With one sparse edge, its class (so the child is found without reading the edges).
    only: u8,
}

/// No node, or no output: the end of a walk.
const NONE: u32 = u32::MAX;
/// Marks a node with a dense row.
const DENSE: u32 = u32::MAX;
/// Nodes with at least this many children get a dense row.
const DENSE_FROM: usize = 4;

impl Trie {
    /// Builds the trie. With `any_case`, ASCII letters of the patterns are lower-cased (the walk
    /// lower-cases the text's); other bytes are kept. Empty patterns are ignored; of two
    /// patterns with the same bytes, the one whose output [`Output::beats`] the other's is kept.
    fn new(patterns: &[(String, Output)], any_case: bool) -> Self {
        let fold = |byte: u8| {
            if any_case {
                byte.to_ascii_lowercase()
            } else {
                byte
            }
        };
        let mut classes = [0_u8; 256];
        let mut class_count = 1_usize;
        for (pattern, _) in patterns {
            for &byte in pattern.as_bytes() {
                let slot = &mut classes[usize::from(fold(byte))];
                if *slot == 0 && class_count < 256 {
                    *slot = u8::try_from(class_count).unwrap_or(0);
                    class_count += 1;
                }
            }
        }
        if any_case {
            for upper in b'A'..=b'Z' {
                classes[usize::from(upper)] = classes[usize::from(upper.to_ascii_lowercase())];
            }
        }
        // Build with per-node child maps (by class), then lay out flat.
        let mut children: Vec<BTreeMap<u8, usize>> = vec![BTreeMap::new()];
        let mut outputs: Vec<Option<Output>> = vec![None];
        for (pattern, output) in patterns {
            if pattern.is_empty() {
                continue;
            }
            let mut node = 0;
            for &byte in pattern.as_bytes() {
                let class = classes[usize::from(fold(byte))];
                let next = children.len();
                let Some(slot) = children.get_mut(node) else {
                    break;
                };
                node = *slot.entry(class).or_insert(next);
                if node == next {
                    children.push(BTreeMap::new());
                    outputs.push(None);
                }
            }
            if let Some(slot) = outputs.get_mut(node) {
                match slot {
                    Some(kept) if !output.beats(*kept) => {}
                    _ => *slot = Some(*output),
                }
            }
        }
        // Depth-first (pre-order) numbering: a node's first child comes right after it, so the
        // long single-child chains that most walks end in lie together in memory.
        let mut order = Vec::with_capacity(children.len());
        let mut new_id = vec![NONE; children.len()];
        let mut stack = vec![0_usize];
        while let Some(node) = stack.pop() {
            new_id[node] = u32::try_from(order.len()).unwrap_or(NONE);
            order.push(node);
            stack.extend(children[node].values().rev());
        }
        let to_u32 = |value: usize| u32::try_from(value).unwrap_or(NONE);
        let space = classes[usize::from(b' ')];
        let mut folded_classes = [0_u8; 128];
        for (byte, class) in folded_classes.iter_mut().enumerate() {
            let byte = u8::try_from(byte).unwrap_or(0);
            *class = if is_ascii_space(byte) {
                space
            } else {
                classes[usize::from(byte)]
            };
        }
        let mut trie = Trie {
            classes,
            folded_classes,
            space,
            nodes: Vec::with_capacity(order.len()),
            dense: Vec::new(),
            edge_classes: Vec::new(),
            edge_targets: Vec::new(),
            any_case,
        };
        for &node in &order {
            let output = outputs[node].map_or(NONE, |output| {
                to_u32(output.concept)
                    .saturating_mul(2)
                    .saturating_add(u32::from(output.neutral))
            });
            let edges = &children[node];
            if node == 0 || edges.len() >= DENSE_FROM {
                let first = trie.dense.len();
                trie.dense.resize(first + class_count, NONE);
                for (&class, &child) in edges {
                    trie.dense[first + usize::from(class)] = new_id[child];
                }
                // Class 0 (a byte in no pattern) always leads nowhere.
                trie.dense[first] = NONE;
                trie.nodes.push(Node {
                    first: to_u32(first),
                    sparse: DENSE,
                    output,
                    only: 0,
                });
            } else if let (1, Some((&class, &child))) = (edges.len(), edges.iter().next()) {
                trie.nodes.push(Node {
                    first: new_id[child],
                    sparse: 1,
                    output,
                    only: class,
                });
            } else {
                trie.nodes.push(Node {
                    first: to_u32(trie.edge_classes.len()),
                    sparse: to_u32(edges.len()),
                    output,
                    only: 0,
                });
                for (&class, &child) in edges {
                    trie.edge_classes.push(class);
                    trie.edge_targets.push(new_id[child]);
                }
            }
        }
        trie
    }

    /// The node reached from `node` by a byte of the text, or [`NONE`].
    #[inline]
    fn step(&self, node: u32, byte: u8) -> u32 {
        match self.nodes.get(node as usize) {
            Some(from) => self.child(from, self.classes[usize::from(byte)]),
            None => NONE,
        }
    }

    /// The child of node `from` by a byte of class `class`, or [`NONE`].
    #[inline(always)]
    fn child(&self, from: &Node, class: u8) -> u32 {
        if class == 0 {
            return NONE;
        }
        let first = from.first as usize;
        if from.sparse == DENSE {
            return self
                .dense
                .get(first + usize::from(class))
                .copied()
                .unwrap_or(NONE);
        }
        if from.sparse == 1 {
            return if from.only == class { from.first } else { NONE };
        }
        let end = first + from.sparse as usize;
        let Some(classes) = self.edge_classes.get(first..end) else {
            return NONE;
        };
        match classes.iter().position(|&c| c == class) {
            Some(found) => self
                .edge_targets
                .get(first + found)
                .copied()
                .unwrap_or(NONE),
            None => NONE,
        }
    }

    /// Walks the folded text from byte `start` of `text` and offers every pattern found
    /// starting there, with the byte where it ends in `text`, to `found`.
    #[inline]
    fn walk(&self, text: &str, start: usize, mut found: impl FnMut(usize, Output)) {
        let bytes = text.as_bytes();
        let Some(mut at) = self.nodes.first() else {
            return;
        };
        let mut index = start;
        while let Some(&byte) = bytes.get(index) {
            let node = if let Some(&class) = self.folded_classes.get(usize::from(byte)) {
                // ASCII: one look-up folds the byte (upper-case letters share their lower
                // case's class when `any_case`; `-` and whitespace are a space).
                let node = self.child(at, class);
                index += 1;
                if class == self.space {
                    index = skip_spaces(text, index);
                }
                node
            } else {
                let Some(character) = text.get(index..).and_then(|rest| rest.chars().next()) else {
                    return;
                };
                let width = character.len_utf8();
                match character {
                    '\u{2010}' | '\u{2011}' => {
                        index = skip_spaces(text, index + width);
                        self.child(at, self.space)
                    }
                    '\u{2018}' | '\u{2019}' => {
                        index += width;
                        self.child(at, self.classes[usize::from(b'\'')])
                    }
                    c if c.is_whitespace() => {
                        index = skip_spaces(text, index + width);
                        self.child(at, self.space)
                    }
                    _ => {
                        let mut node = self.child(at, self.classes[usize::from(byte)]);
                        for &byte in bytes.get(index + 1..index + width).unwrap_or(&[]) {
                            node = self.step(node, byte);
                        }
                        index += width;
                        node
                    }
                }
            };
            let Some(next) = self.nodes.get(node as usize) else {
                return;
            };
            at = next;
            if at.output != NONE {
                found(
                    index,
                    Output {
                        concept: (at.output >> 1) as usize,
                        neutral: at.output & 1 == 1,
                    },
                );
            }
        }
    }
}

/// Whether an ASCII byte folds to a space: a hyphen or ASCII whitespace.
#[inline]
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'-' | b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The first byte at or after `index` that does not fold to a space (hyphens, U+2010, U+2011
/// and whitespace fold to one space per run).
fn skip_spaces(text: &str, mut index: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(index) {
        if byte.is_ascii() {
            if !is_ascii_space(byte) {
                break;
            }
            index += 1;
        } else {
            match text.get(index..).and_then(|rest| rest.chars().next()) {
                Some(c) if c == '\u{2010}' || c == '\u{2011}' || c.is_whitespace() => {
                    index += c.len_utf8();
                }
                _ => break,
            }
        }
    }
    index
}

/// Finds the dictionary's concepts in text. Build once per dictionary and reuse: building costs
/// far more than a search.
#[derive(Debug, Clone)]
pub struct Matcher {
    terms: Trie,
    abbreviations: Trie,
    /// The first words of all patterns.
    first_words: FirstWords,
    /// The patterns that are one word.
    words: Words,
    /// What each byte is where a match may start ([`SKIP`], [`WORD_BYTE`], [`STARTS`] or
    /// [`OTHER`]), so the scan decides with one look-up.
    kinds: [u8; 256],
}

/// An ASCII byte that is not a letter or digit and starts no pattern: passed over.
const SKIP: u8 = 0;
/// An ASCII letter or digit: a word starts there.
const WORD_BYTE: u8 = 1;
/// An ASCII byte that is not a letter or digit but starts some pattern: the tries are walked.
const STARTS: u8 = 2;
/// A byte outside ASCII: the character is decoded.
const OTHER: u8 = 3;

fn is_word_char(character: char) -> bool {
    character.is_alphanumeric()
}

/// If bytes `start..end` of `text` are a whole word, where it ends (possibly one `s` further
/// on, as a plural; `S` too when `any_case`); otherwise `None`.
fn whole_word_end(text: &str, start: usize, end: usize, any_case: bool) -> Option<usize> {
    if start >= end {
        return None;
    }
    let before = text.get(..start)?.chars().next_back();
    if before.is_some_and(is_word_char) {
        return None;
    }
    let mut after = text.get(end..)?.chars();
    match after.next() {
        None => Some(end),
        Some(next) if !is_word_char(next) => Some(end),
        Some(next) if next == 's' || (any_case && next == 'S') => {
            (!after.next().is_some_and(is_word_char)).then_some(end + 1)
        }
        Some(_) => None,
    }
}

/// The upper-case and capitalised forms of a term with non-ASCII letters (which ASCII case
/// folding does not cover), when they differ from it.
fn non_ascii_variants(term: &str) -> Vec<String> {
    if term.is_ascii() {
        return Vec::new();
    }
    let upper_char = |c: char| {
        let mut upper = c.to_uppercase();
        match (upper.next(), upper.next()) {
            (Some(single), None) => single,
            _ => c,
        }
    };
    let upper: String = term.chars().map(upper_char).collect();
    let mut chars = term.chars();
    let capitalised: String = chars
        .next()
        .map(upper_char)
        .into_iter()
        .chain(chars)
        .collect();
    let mut variants = vec![upper, capitalised];
    variants.retain(|variant| variant != term);
    variants.dedup();
    variants
}

/// Whether each ASCII byte is a letter or digit.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// The width in bytes of the character at byte `index` of `text` (0 at the end).
#[inline]
fn char_width_at(text: &str, index: usize) -> usize {
    match text.as_bytes().get(index) {
        None => 0,
        Some(byte) if byte.is_ascii() => 1,
        Some(_) => text
            .get(index..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, char::len_utf8),
    }
}

/// One step of the rolling hash of a separator's folded bytes (see [`FirstWords::separator`]).
#[inline]
fn mix(hash: u64, byte: u8) -> u64 {
    hash.rotate_left(5) ^ u64::from(byte)
}

/// The multiplier of the word hash (the 64-bit golden ratio, odd).
const WORD_MULTIPLIER: u64 = 0x9E37_79B9_7F4A_7C15;

/// One step of the word hash: eight folded bytes of a word, as a little-endian number.
#[inline(always)]
fn absorb(hash: u64, chunk: u64) -> u64 {
    (hash ^ chunk).wrapping_mul(WORD_MULTIPLIER).rotate_left(26)
}

/// The hash of a word (letters and digits) from its folded bytes (ASCII letters lower-cased,
/// other bytes as they are): each run of eight bytes, the last padded with zero bytes, taken in
/// turn by [`absorb`], from 0. A word holds no zero byte, so the padding is never ambiguous.
/// This is the hash of the patterns' words; the scan gets the same from the text eight bytes at
/// a time ([`Run::scan`]).
fn word_hash(folded: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash = 0;
    let mut chunk = 0_u64;
    let mut filled = 0;
    for byte in folded {
        chunk |= u64::from(byte) << (8 * filled);
        filled += 1;
        if filled == 8 {
            hash = absorb(hash, chunk);
            chunk = 0;
            filled = 0;
        }
    }
    if filled > 0 {
        hash = absorb(hash, chunk);
    }
    hash
}

/// The hash of a pair of words (the lead word of a term and the next), from the hashes of both
/// and the [`mix`] of the separator between them, folded.
#[inline]
fn pair_hash(lead: u64, separator: u64, second: u64) -> u64 {
    absorb(absorb(lead, separator), second)
}

/// The low `bytes` bytes of a little-endian number (`bytes` at most 8).
#[inline(always)]
fn low_bytes(word: u64, bytes: usize) -> u64 {
    if bytes >= 8 {
        word
    } else {
        word & ((1_u64 << (8 * bytes)) - 1)
    }
}

/// A word of the text (a maximal run of letters and digits) with the hashes the prefilter
/// looks up ([`word_hash`]): of its bytes with ASCII letters lower-cased, and of the same
/// without a last `s` or `S` (a plural).
#[derive(Debug, Clone, Copy, Default)]
struct Run {
    /// Byte just past the word.
    end: usize,
    hash: u64,
    /// The hash without the last byte, when it is `s` or `S`.
    singular: Option<u64>,
}

impl Run {
    /// The word starting at byte `start` of `text` (which starts with a letter or digit).
    #[inline(always)]
    fn scan(text: &str, start: usize) -> Run {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        const LOWER: u64 = 0x2020_2020_2020_2020;
        let bytes = text.as_bytes();
        // A word of ASCII letters and digits (nearly every word) is found eight bytes at a
        // time, each eight taken into the hash as they are read (lower-cased: for a letter or
        // a digit, setting bit 5 lower-cases it).
        // Fewer than eight bytes at the end of the text are read as eight, padded with zero
        // bytes, which are no letters or digits: the word ends before them, as at the text's
        // end.
        let mut rest = bytes.get(start..).unwrap_or_default();
        let mut hash = 0;
        loop {
            let (word, tail) = match rest.split_first_chunk::<8>() {
                Some((chunk, tail)) => (u64::from_le_bytes(*chunk), tail),
                None => (
                    rest.iter()
                        .rev()
                        .fold(0_u64, |word, &byte| (word << 8) | u64::from(byte)),
                    &[][..],
                ),
            };
            if word & HIGH != 0 {
                break;
            }
            let others = !crate::bytes::alphanumeric_lanes(word) & HIGH;
            if others == 0 {
                hash = absorb(hash, word | LOWER);
                rest = tail;
                continue;
            }
            let length = (others.trailing_zeros() / 8) as usize;
            let end = bytes.len() - rest.len() + length;
            if length == 0 {
                // The word ended with the previous eight bytes: without a last `s`, it is
                // hashed anew.
                let singular = match end.checked_sub(1).and_then(|last| bytes.get(last)) {
                    Some(b's' | b'S') if end > start => {
                        Some(Self::slow_hash(bytes, start, end - 1))
                    }
                    _ => None,
                };
                return Run {
                    end,
                    hash,
                    singular,
                };
            }
            // The word's last bytes, folded; its last byte, folded, is `s` for `s` or `S`.
            let folded = (word | LOWER) & ((1_u64 << (8 * length)) - 1);
            let last = folded >> (8 * (length - 1));
            // Its hash without a last `s` differs only in its last eight bytes (for a word of
            // eight bytes or fewer, its only ones).
            let singular = (last == u64::from(b's')).then(|| {
                if length > 1 {
                    absorb(hash, low_bytes(folded, length - 1))
                } else {
                    hash
                }
            });
            return Run {
                end,
                hash: absorb(hash, folded),
                singular,
            };
        }
        Self::scan_slowly(text, start)
    }

    /// [`Run::scan`] a character at a time, for a word with characters outside ASCII near it.
    #[cold]
    fn scan_slowly(text: &str, start: usize) -> Run {
        let bytes = text.as_bytes();
        let mut index = start;
        loop {
            while bytes
                .get(index)
                .is_some_and(|&byte| ASCII_WORD.get(usize::from(byte)).copied().unwrap_or(false))
            {
                index += 1;
            }
            // Then a character outside ASCII, which may still be a letter or digit.
            let Some(character) = bytes
                .get(index)
                .filter(|byte| !byte.is_ascii())
                .and_then(|_| text.get(index..))
                .and_then(|rest| rest.chars().next())
                .filter(|&character| is_word_char(character))
            else {
                break;
            };
            index += character.len_utf8();
        }
        let singular = match index.checked_sub(1).and_then(|last| bytes.get(last)) {
            Some(b's' | b'S') if index > start => Some(Self::slow_hash(bytes, start, index - 1)),
            _ => None,
        };
        Run {
            end: index,
            hash: Self::slow_hash(bytes, start, index),
            singular,
        }
    }

    /// The [`word_hash`] of bytes `start..end` of the text.
    fn slow_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
        word_hash(
            bytes
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(u8::to_ascii_lowercase),
        )
    }
}

/// Which words may start a match: one-hash Bloom filters over the hashes ([`word_hash`]) of
/// folded words (ASCII letters lower-cased). A word that none lets through cannot start a match, so
/// most words of a text are passed over without walking a trie; a false positive only costs a
/// look-up. Bits, one per filter, for each hash slot:
///
/// - [`WORD`]: a term or abbreviation that is one word (letters and digits only); these are
///   found in the [`Words`] map without walking a trie;
/// - [`WALK`]: the first word of any other term or abbreviation that has no second word (as in
///   "Ms."): both tries are walked;
/// - [`LEAD`] and [`PAIR`]: for a term of several words, its first word, and its text up to
///   the end of its second word ([`pair_hash`], with the separator folded as the walk folds it), so that
///   "is" or "school" at the start of some terms sends a walk only when the next word fits
///   too (and, for a pair that only starts longer terms, the word after it: see
///   [`FirstWords::get_more`]). An abbreviation of several words counts as [`WALK`].
#[derive(Debug, Clone)]
struct FirstWords {
    /// One byte per slot: the four bits above in its low half, and in its high half, for the
    /// pairs of the terms of several words, [`PAIR_END`] for a pair that a term ends with (or
    /// goes on from other than by a word), and [`TRIPLE`] for a term's text up to the end of its
    /// third word, so that a pair that only starts longer terms ("on the" of "on the edge of
    /// the group") sends a walk only when the third word fits too. A fixed size, so a slot (a
    /// hash's top bits) needs no bounds check.
    slots: Box<[u8; 1 << FILTER_SLOTS]>,
}

/// In [`FirstWords::get_more`]: a pair a term ends with, or goes on from other than by a word.
const PAIR_END: u8 = 1;
/// In [`FirstWords::get_more`]: the text of a term up to the end of its third word.
const TRIPLE: u8 = 2;

const WORD: u8 = 1;
const LEAD: u8 = 2;
const PAIR: u8 = 4;
const WALK: u8 = 8;

/// Hash slots (log 2): 64 KiB of filter (both halves of each slot), a few per cent false
/// positives for a dictionary of thousands of terms (measured fastest: smaller lets too much
/// through, larger misses the cache).
const FILTER_SLOTS: u32 = 16;

impl FirstWords {
    fn new() -> Self {
        FirstWords {
            slots: Box::new([0; 1 << FILTER_SLOTS]),
        }
    }

    /// A hash's slot: the top bits of the hash spread once more.
    #[inline]
    fn slot(hash: u64) -> usize {
        (hash.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - FILTER_SLOTS)) as usize
    }

    fn insert(&mut self, hash: u64, flag: u8) {
        if let Some(slot) = self.slots.get_mut(Self::slot(hash)) {
            *slot |= flag & 0x0f;
        }
    }

    /// Sets a flag of [`FirstWords::get_more`] for a hash.
    fn insert_more(&mut self, hash: u64, flag: u8) {
        if let Some(slot) = self.slots.get_mut(Self::slot(hash)) {
            *slot |= (flag & 0x0f) << 4;
        }
    }

    /// The flags ([`PAIR_END`], [`TRIPLE`]) set for a hash as a pair or a triple.
    #[inline]
    fn get_more(&self, hash: u64) -> u8 {
        self.slots.get(Self::slot(hash)).map_or(0, |slot| slot >> 4)
    }

    /// The flags set for a hash.
    #[inline]
    fn get(&self, hash: u64) -> u8 {
        self.slots
            .get(Self::slot(hash))
            .map_or(0, |slot| slot & 0x0f)
    }

    /// The [`word_hash`] of the characters of `pattern` from byte `index` for as long as they
    /// are letters or digits, and the byte where they stop.
    fn word_at(pattern: &str, index: usize) -> (u64, usize) {
        let rest = pattern.get(index..).unwrap_or_default();
        let length = rest
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(rest.len(), |(at, _)| at);
        let word = rest.get(..length).unwrap_or_default();
        (
            word_hash(word.bytes().map(|byte| byte.to_ascii_lowercase())),
            index + length,
        )
    }

    /// The [`mix`] from 0 of the bytes of `pattern` from byte `index` for as long as they are
    /// not letters or digits (a separator, folded already), and the byte where they stop.
    fn separator_at(pattern: &str, mut index: usize) -> (u64, usize) {
        let mut hash = 0;
        let rest = pattern.get(index..).unwrap_or_default();
        for character in rest.chars().take_while(|&c| !is_word_char(c)) {
            let mut buffer = [0_u8; 4];
            for &byte in character.encode_utf8(&mut buffer).as_bytes() {
                hash = mix(hash, byte.to_ascii_lowercase());
            }
            index += character.len_utf8();
        }
        (hash, index)
    }

    /// Records a folded term.
    fn add_term(&mut self, pattern: &str) {
        if pattern.is_empty() {
            return;
        }
        let (lead, index) = Self::word_at(pattern, 0);
        if index >= pattern.len() {
            self.insert(lead, WORD);
            return;
        }
        let (separator, index) = Self::separator_at(pattern, index);
        if index >= pattern.len() {
            self.insert(lead, WALK);
            return;
        }
        self.insert(lead, LEAD);
        let (second, index) = Self::word_at(pattern, index);
        let pair = pair_hash(lead, separator, second);
        self.insert(pair, PAIR);
        // The third word, if a word follows the pair (after a separator).
        let (separator, index) = Self::separator_at(pattern, index);
        let (third, end) = Self::word_at(pattern, index);
        if end > index {
            self.insert_more(pair_hash(pair, separator, third), TRIPLE);
        } else {
            self.insert_more(pair, PAIR_END);
        }
    }

    /// Records an abbreviation.
    fn add_abbreviation(&mut self, pattern: &str) {
        if pattern.is_empty() {
            return;
        }
        let (lead, index) = Self::word_at(pattern, 0);
        self.insert(lead, if index >= pattern.len() { WORD } else { WALK });
    }

    /// The flags of the word `run`: those of its hash, and [`WORD`] for its singular.
    #[inline(always)]
    fn flags(&self, run: &Run) -> u8 {
        let mut flags = self.get(run.hash);
        if let Some(singular) = run.singular {
            flags |= self.get(singular) & WORD;
        }
        flags
    }

    /// Whether a term of several words might start with the word `run` and the next. The next
    /// word is scanned once and left in `next`.
    #[inline(always)]
    fn may_pair(&self, text: &str, run: &Run, next: &mut (usize, Run)) -> bool {
        let Some((index, separator)) = Self::separator(text, run.end) else {
            return false;
        };
        let word = Run::scan(text, index);
        *next = (index, word);
        // The second word without a plural `s`, when a term ends with it.
        let pair = pair_hash(run.hash, separator, word.hash);
        if word.singular.is_some_and(|singular| {
            let singular = pair_hash(run.hash, separator, singular);
            self.get(singular) & PAIR != 0 && self.get_more(singular) & PAIR_END != 0
        }) {
            return true;
        }
        // The second word as it is: a term ends with the pair, or one goes on with the next
        // word as it is (or without a plural `s`, when the term ends with it).
        if self.get(pair) & PAIR == 0 {
            return false;
        }
        if self.get_more(pair) & PAIR_END != 0 {
            return true;
        }
        let Some((index, separator)) = Self::separator(text, word.end) else {
            return false;
        };
        let third = Run::scan(text, index);
        let triple = |hash: u64| self.get_more(pair_hash(pair, separator, hash)) & TRIPLE != 0;
        triple(third.hash) || third.singular.is_some_and(triple)
    }

    /// Where the word after the separator at byte `index` starts, and the [`mix`] from 0 of
    /// the separator folded as the walk folds it; `None` at the end of the text.
    #[inline(always)]
    fn separator(text: &str, index: usize) -> Option<(usize, u64)> {
        let bytes = text.as_bytes();
        // Nearly always one space, then the next word.
        if let Some(&[b' ', next]) = bytes.get(index..index + 2)
            && ASCII_WORD.get(usize::from(next)).copied().unwrap_or(false)
        {
            return Some((index + 1, mix(0, b' ')));
        }
        Self::separator_slowly(text, index)
    }

    /// [`FirstWords::separator`], a character at a time.
    fn separator_slowly(text: &str, mut index: usize) -> Option<(usize, u64)> {
        let bytes = text.as_bytes();
        let mut hash = 0;
        loop {
            let &byte = bytes.get(index)?;
            if byte.is_ascii() {
                if ASCII_WORD.get(usize::from(byte)).copied().unwrap_or(false) {
                    break;
                }
                if is_ascii_space(byte) {
                    hash = mix(hash, b' ');
                    index = skip_spaces(text, index + 1);
                } else {
                    hash = mix(hash, byte);
                    index += 1;
                }
                continue;
            }
            let character = text.get(index..)?.chars().next()?;
            let width = character.len_utf8();
            match character {
                c if is_word_char(c) => break,
                '\u{2018}' | '\u{2019}' => {
                    hash = mix(hash, b'\'');
                    index += width;
                }
                c if c == '\u{2010}' || c == '\u{2011}' || c.is_whitespace() => {
                    hash = mix(hash, b' ');
                    index = skip_spaces(text, index + width);
                }
                _ => {
                    for &byte in bytes.get(index..index + width).unwrap_or(&[]) {
                        hash = mix(hash, byte);
                    }
                    index += width;
                }
            }
        }
        Some((index, hash))
    }
}

/// The terms and abbreviations that are one word (letters and digits only), by the hash of
/// their folded bytes, so a word of the text is matched against them with one look-up instead
/// of a walk. Matching a whole word, a pattern of one word can only be the word itself or the
/// word without a plural `s`.
#[derive(Debug, Clone, Default)]
struct Words {
    by_hash: HashMap<u64, Vec<WordPattern>, BuildHasherDefault<Rehash>>,
}

/// Hashes the `u64` keys of [`Words`], which are hashes already: one multiplication spreads
/// them (the map's order never reaches the output).
#[derive(Debug, Default, Clone, Copy)]
struct Rehash(u64);

impl Hasher for Rehash {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = mix(self.0, byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A one-word pattern.
#[derive(Debug, Clone)]
struct WordPattern {
    /// Its bytes, ASCII letters lower-cased for a term, as written for an abbreviation.
    bytes: Box<[u8]>,
    output: Output,
    /// A term (any case) rather than an abbreviation (as written).
    term: bool,
}

impl Words {
    /// Records a folded pattern if it is one word.
    fn add(&mut self, pattern: &str, output: Output, term: bool) {
        if pattern.is_empty() || !pattern.chars().all(is_word_char) {
            return;
        }
        let (hash, _) = FirstWords::word_at(pattern, 0);
        let bytes: Box<[u8]> = pattern
            .bytes()
            .map(|byte| {
                if term {
                    byte.to_ascii_lowercase()
                } else {
                    byte
                }
            })
            .collect();
        self.by_hash.entry(hash).or_default().push(WordPattern {
            bytes,
            output,
            term,
        });
    }

    /// The best one-word pattern matching the word `run` starting at byte `start` of `text`,
    /// as it is or without a plural `s` (any case for terms, `s` only for abbreviations).
    #[inline]
    fn best(&self, text: &str, start: usize, run: &Run) -> Option<(usize, Output)> {
        let bytes = text.as_bytes();
        let word = bytes.get(start..run.end)?;
        let last = word.last().copied();
        let singular = word.get(..word.len().saturating_sub(1)).unwrap_or_default();
        let mut best: Option<Output> = None;
        let mut offer = |output: Output| {
            if best.is_none_or(|kept| output.beats(kept)) {
                best = Some(output);
            }
        };
        for pattern in self.by_hash.get(&run.hash).into_iter().flatten() {
            let same = if pattern.term {
                pattern.bytes.eq_ignore_ascii_case(word)
            } else {
                *pattern.bytes == *word
            };
            if same {
                offer(pattern.output);
            }
        }
        if let Some(hash) = run.singular {
            for pattern in self.by_hash.get(&hash).into_iter().flatten() {
                let same = if pattern.term {
                    pattern.bytes.eq_ignore_ascii_case(singular)
                } else {
                    last == Some(b's') && *pattern.bytes == *singular
                };
                if same {
                    offer(pattern.output);
                }
            }
        }
        best.map(|output| (run.end, output))
    }
}

impl Matcher {
    /// Builds the tries for every term and abbreviation in `dictionary`.
    pub fn new(dictionary: &Dictionary) -> Matcher {
        let mut terms = Vec::new();
        let mut abbreviations = Vec::new();
        for (index, concept) in dictionary.concepts().iter().enumerate() {
            let written = concept
                .terms
                .iter()
                .map(|term| (term, false))
                .chain(concept.neutral_terms.iter().map(|term| (term, true)));
            for (term, neutral) in written {
                let folded = fold_term(term, true);
                let output = Output {
                    concept: index,
                    neutral,
                };
                for variant in non_ascii_variants(&folded) {
                    terms.push((variant, output));
                }
                terms.push((folded, output));
            }
            abbreviations.extend(concept.abbreviations.iter().map(|abbreviation| {
                (
                    fold_term(abbreviation, false),
                    Output {
                        concept: index,
                        neutral: false,
                    },
                )
            }));
        }
        let mut first_words = FirstWords::new();
        let mut first_bytes = [false; 128];
        let mut words = Words::default();
        for (pattern, output) in &terms {
            first_words.add_term(pattern);
            words.add(pattern, *output, true);
        }
        for (pattern, output) in &abbreviations {
            first_words.add_abbreviation(pattern);
            words.add(pattern, *output, false);
        }
        for (patterns, any_case) in [(&terms, true), (&abbreviations, false)] {
            for (pattern, _) in patterns.iter() {
                let Some(&byte) = pattern.as_bytes().first() else {
                    continue;
                };
                if let Some(slot) = first_bytes.get_mut(usize::from(byte)) {
                    *slot = true;
                }
                if any_case
                    && let Some(slot) = first_bytes.get_mut(usize::from(byte.to_ascii_uppercase()))
                {
                    *slot = true;
                }
            }
        }
        let mut kinds = [OTHER; 256];
        for (byte, kind) in kinds.iter_mut().enumerate().take(128) {
            *kind = if ASCII_WORD[byte] {
                WORD_BYTE
            } else if first_bytes[byte] {
                STARTS
            } else {
                SKIP
            };
        }
        Matcher {
            terms: Trie::new(&terms, true),
            abbreviations: Trie::new(&abbreviations, false),
            first_words,
            words,
            kinds,
        }
    }

    /// Every whole-word mention of a concept in `text`, sorted by position, non-overlapping, with
    /// character offsets (not bytes) into `text`. Never fails: text with nothing recognisable
    /// gives an empty list.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let mut mentions = Vec::new();
        self.find_into(text, &mut mentions);
        mentions
    }

    /// [`Matcher::find`], appending to `mentions` (so that one buffer serves many texts).
    pub(crate) fn find_into(&self, text: &str, mentions: &mut Vec<Mention>) {
        let bytes = text.as_bytes();
        let mut cursor = CharCursor::new(text);
        // The last word a look-ahead scanned (its start and run), to be taken when the scan
        // reaches it rather than scanned again. Places only increase, so it is never taken
        // twice; `usize::MAX` is no place.
        let mut scanned = (usize::MAX, Run::default());
        // At the top of the loop, `index` follows no letter or digit: a match may start there.
        let mut index = 0;
        while let Some(&byte) = bytes.get(index) {
            let found = match self.kinds[usize::from(byte)] {
                SKIP => {
                    index += 1;
                    continue;
                }
                WORD_BYTE => match self.word_at(text, index, &mut scanned) {
                    Ok(found) => found,
                    Err(next) => {
                        index = next;
                        continue;
                    }
                },
                STARTS => match self.longest_at(text, index, true, true, None) {
                    Some(found) => found,
                    None => {
                        index += 1;
                        continue;
                    }
                },
                _ => {
                    let Some(character) = text.get(index..).and_then(|rest| rest.chars().next())
                    else {
                        break;
                    };
                    if is_word_char(character) {
                        match self.word_at(text, index, &mut scanned) {
                            Ok(found) => found,
                            Err(next) => {
                                index = next;
                                continue;
                            }
                        }
                    } else {
                        match self.longest_at(text, index, true, true, None) {
                            Some(found) => found,
                            None => {
                                index += character.len_utf8();
                                continue;
                            }
                        }
                    }
                }
            };
            let (end, output) = found;
            mentions.push(Mention {
                start: cursor.chars_to(index),
                end: cursor.chars_to(end),
                concept: output.concept,
                neutral: output.neutral,
            });
            // A match may start right after the mention only if its last character is not a
            // letter or digit; otherwise the character after it (not a letter or digit) is
            // passed over.
            let ends_word = text
                .get(..end)
                .and_then(|head| head.chars().next_back())
                .is_some_and(is_word_char);
            index = if ends_word {
                end + char_width_at(text, end)
            } else {
                end
            };
        }
    }

    /// The match at the word starting at byte `start` (taking the word from `scanned` when the
    /// look-ahead already read it), or, when there is none, where the scan goes on: past the
    /// word and the character that ends it (not a letter or digit).
    #[inline(always)]
    fn word_at(
        &self,
        text: &str,
        start: usize,
        scanned: &mut (usize, Run),
    ) -> Result<(usize, Output), usize> {
        let run = if scanned.0 == start {
            scanned.1
        } else {
            Run::scan(text, start)
        };
        self.at_word(text, start, &run, scanned)
            .ok_or_else(|| run.end + char_width_at(text, run.end))
    }

    /// The best match starting with the word `run` at byte `start`: a one-word pattern, or
    /// what walking the tries finds when the first words allow one.
    #[inline(always)]
    fn at_word(
        &self,
        text: &str,
        start: usize,
        run: &Run,
        scanned: &mut (usize, Run),
    ) -> Option<(usize, Output)> {
        let flags = self.first_words.flags(run);
        if flags == 0 {
            return None;
        }
        let found = if flags & WORD != 0 {
            self.words.best(text, start, run)
        } else {
            None
        };
        let walk = flags & WALK != 0;
        let terms = walk || (flags & LEAD != 0 && self.first_words.may_pair(text, run, scanned));
        if terms || walk {
            self.longest_at(text, start, terms, walk, found)
        } else {
            found
        }
    }

    /// The best whole-word match starting at byte `start` (which follows no letter or digit),
    /// of `best` (found already) and what walking the tries asked for finds: the one reaching
    /// furthest (counting a plural `s`), then the concept earlier in the dictionary, then a term
    /// over a neutral term. Its end in bytes, and what it names.
    #[inline]
    fn longest_at(
        &self,
        text: &str,
        start: usize,
        terms: bool,
        abbreviations: bool,
        mut best: Option<(usize, Output)>,
    ) -> Option<(usize, Output)> {
        for (trie, wanted) in [(&self.terms, terms), (&self.abbreviations, abbreviations)] {
            if !wanted {
                continue;
            }
            trie.walk(text, start, |end, output| {
                let Some(end) = whole_word_end(text, start, end, trie.any_case) else {
                    return;
                };
                let better = match best {
                    None => true,
                    Some((kept_end, kept)) => {
                        end > kept_end || (end == kept_end && output.beats(kept))
                    }
                };
                if better {
                    best = Some((end, output));
                }
            });
        }
        best
    }
}

/// Converts increasing byte offsets to character offsets in one pass.
///
/// A character offset is the byte offset less the UTF-8 continuation bytes before it, so only
/// the bytes outside ASCII are looked at one by one; the ASCII between them is passed over 32
/// bytes at a time, and only as far as the offsets asked reach (nearly all text is ASCII).
struct CharCursor<'a> {
    bytes: &'a [u8],
    /// The first byte not yet counted that may be outside ASCII; `usize::MAX` before the first
    /// look.
    next: usize,
    /// Continuation bytes before `next`.
    continuations: usize,
    /// The last offset asked.
    last: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            bytes: text.as_bytes(),
            next: usize::MAX,
            continuations: 0,
            last: 0,
        }
    }

    /// The character offset of byte offset `byte` (a character boundary), cheapest when at or
    /// after the previous one asked.
    #[inline]
    fn chars_to(&mut self, byte: usize) -> usize {
        if self.next == usize::MAX || byte < self.last {
            self.next = crate::bytes::ascii_end(self.bytes, 0);
            self.continuations = 0;
        }
        self.last = byte;
        while self.next < byte {
            if self.bytes.get(self.next).is_some_and(|&b| b & 0xc0 == 0x80) {
                self.continuations += 1;
            }
            self.next = crate::bytes::ascii_end(self.bytes, self.next + 1);
        }
        byte.saturating_sub(self.continuations)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::*;
    use crate::dictionary::Dictionary;

    /// The builtin dictionary and its matcher, built once for all tests.
    fn builtin() -> &'static (Dictionary, Matcher) {
        static BUILT: OnceLock<(Dictionary, Matcher)> = OnceLock::new();
        BUILT.get_or_init(|| {
            let dictionary = Dictionary::builtin().unwrap();
            let matcher = Matcher::new(&dictionary);
            (dictionary, matcher)
        })
    }

    /// `(quote, concept id)` for every mention.
    fn found(text: &str) -> Vec<(String, String)> {
        let (dictionary, matcher) = builtin();
        matcher
            .find(text)
            .into_iter()
            .map(|m| (m.quote(text), dictionary.concepts()[m.concept].id.clone()))
            .collect()
    }

    fn pair(quote: &str, id: &str) -> (String, String) {
        (quote.to_owned(), id.to_owned())
    }

    #[test]
    fn abbreviations_are_whole_tokens_and_case_sensitive() {
        assert!(found("We could not ascertain the cause.").is_empty());
        assert_eq!(
            found("He has a diagnosis of ASC."),
            vec![pair("ASC", "autism")]
        );
        assert_eq!(
            found("Autistic spectrum disorder was diagnosed."),
            vec![pair("Autistic spectrum disorder", "autism")]
        );
        assert!(found("He wore odd socks and seemed odd.").is_empty());
        assert_eq!(
            found("A diagnosis of ODD was made."),
            vec![pair("ODD", "oppositional_defiant_disorder")]
        );
        assert!(found("ASCs? asc. Asc").len() == 1);
    }

    #[test]
    fn offsets_are_characters_and_quotes_are_verbatim_across_non_ascii_text() {
        let text = "café — Sam's dyslexia";
        let (dictionary, matcher) = builtin();
        let mentions = matcher.find(text);
        assert_eq!(mentions.len(), 1);
        let mention = mentions[0];
        assert_eq!((mention.start, mention.end), (13, 21));
        assert_eq!(mention.quote(text), "dyslexia");
        assert_eq!(dictionary.concepts()[mention.concept].id, "dyslexia");
        // A character whose lower case is longer than one character stays aligned.
        let text = "İİ\u{212A} Dyslexia — İ";
        let mention = matcher.find(text)[0];
        assert_eq!((mention.start, mention.end), (4, 12));
        assert_eq!(mention.quote(text), "Dyslexia");
    }

    #[test]
    fn the_longest_overlapping_match_wins() {
        assert_eq!(
            found("She has a hearing loss."),
            vec![pair("hearing loss", "hearing_loss")]
        );
        let (_, matcher) = builtin();
        let mentions = matcher.find("hearing loss and autism spectrum condition");
        assert_eq!(mentions.len(), 2);
        assert!(mentions.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn the_longer_of_two_concepts_wins() {
        let dictionary = Dictionary::from_toml_str(
            r#"
            [[concept]]
            id = "hearing"
            label = "Hearing"
            kind = "difficulty"
            terms = ["hearing"]

            [[concept]]
            id = "hearing_loss"
            label = "Hearing loss"
            kind = "diagnosis"
            terms = ["hearing loss"]
            abbreviations = ["HL"]
            "#,
        )
        .unwrap();
        let matcher = Matcher::new(&dictionary);
        let text = "Hearing loss; hearing; HL; HLs; hl";
        let spans: Vec<(usize, usize, usize)> = matcher
            .find(text)
            .into_iter()
            .map(|m| (m.start, m.end, m.concept))
            .collect();
        assert_eq!(spans, [(0, 12, 1), (14, 21, 0), (23, 25, 1), (27, 30, 1)]);
        assert_eq!(
            found("a conductive hearing loss"),
            vec![pair("conductive hearing loss", "conductive_hearing_loss")]
        );
    }

    #[test]
    fn plurals_possessives_hyphens_and_line_breaks() {
        assert_eq!(
            found("frequent Meltdowns"),
            vec![pair("Meltdowns", "meltdowns")]
        );
        assert_eq!(
            found("The EP's report and two TAs."),
            vec![
                pair("EP", "educational_psychologist"),
                pair("TAs", "teaching_assistant")
            ]
        );
        assert_eq!(
            found("episodes of self-harm"),
            vec![pair("self-harm", "self_harm")]
        );
        assert_eq!(
            found("episodes of Self Harm"),
            vec![pair("Self Harm", "self_harm")]
        );
        assert_eq!(
            found("a hearing\n   Loss"),
            vec![pair("hearing\n   Loss", "hearing_loss")]
        );
        assert!(found("years").is_empty());
    }

    #[test]
    fn a_longer_match_failing_the_boundary_does_not_hide_a_shorter_one() {
        let dictionary = Dictionary::from_toml_str(
            r#"
            [[concept]]
            id = "speech"
            label = "Speech"
            kind = "difficulty"
            terms = ["speech"]

            [[concept]]
            id = "speech_sound"
            label = "Speech sound"
            kind = "difficulty"
            terms = ["speech sound"]
            "#,
        )
        .unwrap();
        let matcher = Matcher::new(&dictionary);
        let text = "speech soundsystem; speech sounds";
        let mentions = matcher.find(text);
        let quotes: Vec<String> = mentions.iter().map(|m| m.quote(text)).collect();
        assert_eq!(quotes, ["speech", "speech sounds"]);
        assert_eq!(mentions[0].concept, 0);
        assert_eq!(mentions[1].concept, 1);
    }

    #[test]
    fn empty_text_and_empty_dictionary_find_nothing() {
        let (_, matcher) = builtin();
        assert!(matcher.find("").is_empty());
        let empty = Dictionary::from_toml_str("").unwrap();
        assert!(Matcher::new(&empty).find("autism").is_empty());
    }

    /// The matching rules applied the slow, obvious way: fold the text, try every pattern at
    /// every place, keep whole words, sort, and take the leftmost longest. What [`Matcher::find`]
    /// must give.
    fn reference(dictionary: &Dictionary, text: &str) -> Vec<Mention> {
        use crate::dictionary::fold;
        let mut patterns: Vec<(String, usize, bool, bool)> = Vec::new();
        for (index, concept) in dictionary.concepts().iter().enumerate() {
            let written = concept
                .terms
                .iter()
                .map(|term| (term, false))
                .chain(concept.neutral_terms.iter().map(|term| (term, true)));
            for (term, neutral) in written {
                let folded = fold_term(term, true);
                for variant in non_ascii_variants(&folded) {
                    patterns.push((variant, index, neutral, true));
                }
                patterns.push((folded, index, neutral, true));
            }
            for abbreviation in &concept.abbreviations {
                patterns.push((fold_term(abbreviation, false), index, false, false));
            }
        }
        let (folded, offsets) = fold(text, false);
        let byte_of_char: Vec<usize> = text
            .char_indices()
            .map(|(byte, _)| byte)
            .chain([text.len()])
            .collect();
        let char_of_byte = |byte: usize| byte_of_char.partition_point(|&b| b < byte);
        let mut found: Vec<(usize, usize, usize, bool)> = Vec::new();
        for (at, _) in folded.char_indices() {
            for (pattern, concept, neutral, any_case) in &patterns {
                let Some(here) = folded.get(at..at + pattern.len()) else {
                    continue;
                };
                let same = if *any_case {
                    here.eq_ignore_ascii_case(pattern)
                } else {
                    here == pattern
                };
                if pattern.is_empty() || !same {
                    continue;
                }
                let start = byte_of_char[offsets[at]];
                let end = byte_of_char[offsets[at + pattern.len() - 1] + 1];
                if let Some(end) = whole_word_end(text, start, end, *any_case) {
                    found.push((start, end, *concept, *neutral));
                }
            }
        }
        found.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.cmp(&a.1))
                .then(a.2.cmp(&b.2))
                .then(a.3.cmp(&b.3))
        });
        let mut mentions = Vec::new();
        let mut free_from = 0;
        for (start, end, concept, neutral) in found {
            if start >= free_from {
                free_from = end;
                mentions.push(Mention {
                    start: char_of_byte(start),
                    end: char_of_byte(end),
                    concept,
                    neutral,
                });
            }
        }
        mentions
    }

    /// A small synthetic dictionary with the awkward cases: shared first words, terms of one
    /// letter and of punctuation, abbreviations with symbols, a neutral term equal to another
    /// concept's first word, non-ASCII letters.
    fn awkward() -> &'static (Dictionary, Matcher) {
        static BUILT: OnceLock<(Dictionary, Matcher)> = OnceLock::new();
        BUILT.get_or_init(|| {
            let dictionary = Dictionary::from_toml_str(
                r#"
                [[concept]]
                id = "school"
                label = "School"
                kind = "difficulty"
                terms = ["school", "school refusal", "school-based support plan"]

                [[concept]]
                id = "refusal"
                label = "Refusal"
                kind = "difficulty"
                terms = ["refusal", "a", "is very withdrawn"]
                neutral_terms = ["is"]

                [[concept]]
                id = "bracketed"
                label = "Bracketed"
                kind = "diagnosis"
                terms = ["(asd)", "ms.", "o'clock", "naïve", "café au lait"]
                abbreviations = ["S&L", "SaLT", "ASD", "I"]

                [[concept]]
                id = "sounds"
                label = "Sounds"
                kind = "difficulty"
                terms = ["speech sound", "speech", "speech sounds disorder"]
                abbreviations = ["SSD"]

                [[concept]]
                id = "edge"
                label = "Edge"
                kind = "difficulty"
                terms = ["on the edge of the group", "the ep's report", "school sound.", "sound of a-b", "a is s"]
                "#,
            )
            .unwrap();
            let matcher = Matcher::new(&dictionary);
            (dictionary, matcher)
        })
    }

    #[test]
    fn the_fast_search_agrees_with_the_slow_one_on_awkward_text() {
        let (dictionary, matcher) = awkward();
        for text in [
            "School refusals; school-based   support plan. SCHOOL REFUSAL",
            "(ASD) and (asd), ASD's; A is. a. Is very\nwithdrawn; is very withdrawns",
            "Ms. Example at 3 o'clock, o’clock; NAÏVE Naïve naÏve CAFÉ AU LAIT",
            "S&L S&Ls SaLTs SALT speech sounds disorder; speech soundsystem SSDs SSDS",
            "speech-sound speech\u{2011}sounds speech\u{00a0}\u{2010} sound",
            "On the edge of the groups, on the\nedge  of the group; on the edges; the EP’s report",
            "school sound. school sounds. sound of a-b, sound of a b; a is s. A is ss",
        ] {
            assert_eq!(matcher.find(text), reference(dictionary, text), "{text:?}");
        }
        let (dictionary, matcher) = builtin();
        let text = "Sam, who has autism spectrum condition and a hearing loss, attends school \
            with a teaching assistant (TA). His EP's report says his self-harm and school refusal \
            are not a worry; speech and language therapy is needed.";
        assert_eq!(matcher.find(text), reference(dictionary, text));
        assert!(!matcher.find(text).is_empty());
    }

    proptest! {
        #[test]
        fn a_word_scanned_eight_bytes_at_a_time_has_its_word_hash(
            text in "(a|Z|09|s|S|é|İ|abcdefg|ABCDEFGHs|12345678|xs| |-|\\.|\n){0,12}"
        ) {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                let starts_word = text.get(start..).and_then(|rest| rest.chars().next()).is_some_and(is_word_char)
                    && !text.get(..start).and_then(|head| head.chars().next_back()).is_some_and(is_word_char);
                if !starts_word {
                    continue;
                }
                let run = Run::scan(&text, start);
                let word = &bytes[start..run.end];
                prop_assert!(text.get(run.end..).is_some_and(|rest| !rest.chars().next().is_some_and(is_word_char)));
                prop_assert_eq!(run.hash, word_hash(word.iter().map(u8::to_ascii_lowercase)));
                let singular = matches!(word.last(), Some(b's' | b'S'))
                    .then(|| word_hash(word[..word.len() - 1].iter().map(u8::to_ascii_lowercase)));
                prop_assert_eq!(run.singular, singular);
            }
        }

        #[test]
        fn the_char_cursor_counts_characters(
            text in "(a|é|—|İ|\u{10348}| |abcdefghijklmnopqrstuvwxyz0123456789|\n){0,40}",
            picks in proptest::collection::vec(0_usize..1000, 0..8),
        ) {
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(byte, _)| byte)
                .chain([text.len()])
                .collect();
            let mut cursor = CharCursor::new(&text);
            // Mostly increasing offsets, as the scan asks them, and sometimes one going back.
            let mut offsets: Vec<usize> = picks.iter().map(|&pick| boundaries[pick % boundaries.len()]).collect();
            offsets.sort_unstable();
            if let Some(&first) = picks.first() {
                offsets.push(boundaries[first % boundaries.len()]);
            }
            for byte in offsets {
                prop_assert_eq!(cursor.chars_to(byte), text[..byte].chars().count());
            }
        }

        #[test]
        fn the_fast_search_agrees_with_the_slow_one(
            text in "(school|School|refusal|REFUSALS|a|A|I|i|is|IS|very|withdrawn|s|S|'s|\\(|\\)|\\(asd\\)|ASD|Ms|\\.|o|clock|'|’|naïve|NAÏVE|café|au|lait|S&L|&|SaLT|SALT|speech|sound|sounds|disorder|SSD|based|support|plan|on|the|edge|of|group|groups|ep|EP|report|b|x|1| |  |-|\u{2011}|\n|é|İ){0,30}"
        ) {
            let (dictionary, matcher) = awkward();
            prop_assert_eq!(matcher.find(&text), reference(dictionary, &text));
        }

        #[test]
        fn never_panics_and_spans_are_whole_words(
            text in "(\\PC|autism|ASC|hearing loss|dyslexia|'s|s| |-|\n){0,40}"
        ) {
            let (_, matcher) = builtin();
            let chars: Vec<char> = text.chars().collect();
            let mentions = matcher.find(&text);
            let mut previous_end = 0;
            for mention in mentions {
                prop_assert!(mention.start < mention.end);
                prop_assert!(mention.end <= chars.len());
                prop_assert!(mention.start >= previous_end);
                previous_end = mention.end;
                if mention.start > 0 {
                    prop_assert!(!chars[mention.start - 1].is_alphanumeric());
                }
                if mention.end < chars.len() {
                    prop_assert!(!chars[mention.end].is_alphanumeric());
                }
            }
        }
    }
}
