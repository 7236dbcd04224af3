//! Named people other than the child: "Maisie has a diagnosis of autism" in a report about
//! Rosa is about her sister, and "Ms Mercer has depression" about her mother.
//!
//! The context rules read one sentence at a time and know the child only as "he" or "she".
//! This module reads the whole document once for the child's first name: the capitalised
//! word used most often as a name (once at least in the middle of a sentence, and once at
//! least as a possessive or the subject of a verb such as "is" or "has"), not after a title.
//! Then a clause whose subject is another named person (a first name that is not the child's,
//! or a title and a name, "Mrs Tranter") with a verb of having or being ("has", "is", "was
//! diagnosed", "lives with … and has") is about that person, unless the child's name, another
//! name or a reported clause ("that", "says", "told") comes between the subject and the
//! mention.
//!
//! The words used (titles, verbs, capitalised words that are never names) are data:
//! `[people]` in `context-rules.toml`.
//!
//! Must not: decide anything when the child's name is unclear (no name used at least three
//! times and more often than any other) — a wrong child name would move the child's own needs
//! to someone else, which is worse than missing a sibling's.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::context::{PeopleWords, WordSet};
use crate::summary::{KeyHasher, TermHasher};

/// Who the document is about, as far as its words say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct People {
    /// The child's first name, when one name clearly leads.
    child: Option<String>,
    /// Every word the document uses as a name in the middle of a sentence somewhere (so
    /// "Handwriting is slow ..." opening a sentence is not taken for a person).
    names: WordSet,
}

/// What [`People::of`] counts of a capitalised word.
#[derive(Debug, Clone, Copy, Default)]
struct Tally<'a> {
    /// The word.
    name: &'a str,
    /// Its uses.
    uses: usize,
    /// Whether it is used in the middle of a sentence (once is enough: later uses are not
    /// read for it).
    middle: bool,
    /// Whether it is used as a possessive or the subject of a verb.
    subject: bool,
}

/// A word of the text: its byte range and whether a capital letter opens it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    /// Byte offset of its first byte.
    start: usize,
    /// The first non-space character before it opens a sentence (or there is none).
    sentence_start: bool,
}

/// Pushes the word at bytes `from..to` of `text` (split from a possessive "'s").
fn push_word<'a>(
    text: &'a str,
    from: usize,
    to: usize,
    boundary: &mut bool,
    out: &mut Vec<Word<'a>>,
) {
    let Some(word) = text.get(from..to) else {
        return;
    };
    // "Rosa's" → "Rosa", "'s".
    let (stem, possessive) = stem(word);
    if stem.is_empty() {
        return;
    }
    out.push(Word {
        text: stem,
        start: from,
        sentence_start: *boundary,
    });
    if possessive {
        out.push(Word {
            text: "'s",
            start: from + stem.len(),
            sentence_start: false,
        });
    }
    *boundary = false;
}

/// The words of `text`: letters, digits, apostrophes and hyphens; a possessive "'s" is its
/// own word.
fn words(text: &str) -> Vec<Word<'_>> {
    // ASCII text (the usual case) is read byte by byte, each byte its character, rather than
    // decoded: the same characters at the same offsets.
    if text.is_ascii() {
        words_of(
            text,
            text.bytes()
                .enumerate()
                .map(|(index, byte)| (index, char::from(byte))),
        )
    } else {
        words_of(text, text.char_indices())
    }
}

/// [`words`], given the characters of `text` with their byte offsets.
#[inline(always)]
fn words_of<'a>(text: &'a str, characters: impl Iterator<Item = (usize, char)>) -> Vec<Word<'a>> {
    // Room for every word of ordinary text (a word and a space take four bytes at least), so
    // the vector seldom grows.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    let mut start = None;
    // Whether the last non-space character before the current word ended a sentence.
    let mut boundary = true;
    for (index, character) in characters {
        let in_word = character.is_alphanumeric() || matches!(character, '\'' | '\u{2019}' | '-');
        match (start, in_word) {
            (None, true) => start = Some(index),
            (Some(from), false) => {
                push_word(text, from, index, &mut boundary, &mut out);
                start = None;
            }
            _ => {}
        }
        if start.is_none() && !character.is_whitespace() {
            // Sentence ends, list markers and heading marks open a fresh sentence; other
            // punctuation ("," "(") does not.
            if matches!(character, '.' | '!' | '?' | ':' | '#' | '*' | '|') {
                boundary = true;
            }
        }
        if character == '\n' {
            boundary = true;
        }
    }
    if let Some(from) = start {
        push_word(text, from, text.len(), &mut boundary, &mut out);
    }
    out
}

/// A word written as a name: a capital, then at least one small letter, and nothing but
/// letters, apostrophes and hyphens ("Rosa", "O'Neill", "Okonjo-Hale"; not "ADHD", "Year6").
fn name_shaped(word: &str) -> bool {
    // ASCII, the usual case, byte by byte: a capital, then small letters, apostrophes and
    // hyphens, with one small letter at least; the first byte beyond ASCII hands the word to
    // the general reading.
    match word.as_bytes().split_first() {
        Some((first, rest)) if first.is_ascii_uppercase() => {
            let mut lower = false;
            for &byte in rest {
                if byte.is_ascii_lowercase() {
                    lower = true;
                } else if byte >= 0x80 {
                    return name_shaped_beyond_ascii(word);
                } else if !(byte.is_ascii_uppercase() || matches!(byte, b'\'' | b'-')) {
                    return false;
                }
            }
            // A small letter after the capital: "Rosa", not "ADHD" or "A".
            lower
        }
        Some((&first, _)) if first >= 0x80 => name_shaped_beyond_ascii(word),
        _ => false,
    }
}

/// [`name_shaped`] for a word with a character beyond ASCII, read character by character.
fn name_shaped_beyond_ascii(word: &str) -> bool {
    let mut characters = word.chars();
    characters.next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '\u{2019}' | '-'))
        && !word.chars().skip(1).all(char::is_uppercase)
}

/// How many uses of a capitalised word are read for a possessive or a verb after it.
const SUBJECT_TRIES: usize = 8;

/// Whether a byte belongs to a word: an ASCII letter or digit, an apostrophe, a hyphen, or
/// part of a character beyond ASCII ([`opens_sentence`] reads such a character whole where it
/// matters).
#[inline(always)]
fn word_byte(byte: u8) -> bool {
    WORD_BYTES[usize::from(byte)]
}

/// [`word_byte`] of every byte, looked up (one load rather than several comparisons).
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'\'' || b == b'-' || b >= 0x80;
        byte += 1;
    }
    table
};

/// A one in each byte of a 64-bit number.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte of a 64-bit number.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// High bits of the bytes of eight bytes (a little-endian number) set exactly for the ASCII
/// capitals A to Z. The bytes are read without their high bits, so no sum below carries into
/// the next byte (see [`crate::bytes::alphanumeric_lanes`] for the arithmetic), and a byte with
/// its high bit set is no capital.
#[inline(always)]
fn capital_lanes(word: u64) -> u64 {
    let low = word & !HIGH;
    (low + ONES * (0x80 - u64::from(b'A')))
        & !(low + ONES * (0x7f - u64::from(b'Z')))
        & !word
        & HIGH
}

/// The first ASCII capital in `bytes` at or after `from`, or the end of `bytes`: the end of
/// the run of other bytes ([`crate::bytes::lane_run_end`]; [`capital_lanes`] is exact for every
/// byte, so its complement is too).
#[inline(always)]
fn next_capital(bytes: &[u8], from: usize) -> usize {
    crate::bytes::lane_run_end(
        bytes,
        from,
        |word| !capital_lanes(word),
        |byte| !byte.is_ascii_uppercase(),
    )
}

/// High bits of the bytes of eight bytes (a little-endian number) set for the small ASCII
/// letters a to z, exactly up to the first byte that is not one (above it, a carry may make
/// the lanes wrong: the sums wrap; a byte with its high bit set, read with nothing carried into
/// it, is no small letter).
#[inline(always)]
fn small_letter_lanes(word: u64) -> u64 {
    word.wrapping_add(ONES * (0x80 - u64::from(b'a')))
        & !word.wrapping_add(ONES * (0x7f - u64::from(b'z')))
        & HIGH
}

/// The end of the run of small ASCII letters in `bytes` from `from`
/// ([`crate::bytes::lane_run_end`] with [`small_letter_lanes`]).
#[inline(always)]
fn small_letters_end(bytes: &[u8], from: usize) -> usize {
    crate::bytes::lane_run_end(bytes, from, small_letter_lanes, u8::is_ascii_lowercase)
}

/// Each word of `text` that opens with an ASCII capital (see [`CapitalWords`]).
fn capital_words(text: &str) -> CapitalWords<'_> {
    CapitalWords {
        bytes: text.as_bytes(),
        at: 0,
    }
}

/// Each word of a text that opens with an ASCII capital, as the byte range of the word and
/// whether it is a plain name: the capital, then one small ASCII letter or more, and nothing
/// else (such a word is its own [`stem`], with no possessive, and [`name_shaped`]). Eight bytes
/// at a time to the next capital (most bytes are not one), and the small letters after it
/// eight at a time too.
struct CapitalWords<'a> {
    bytes: &'a [u8],
    /// Where to look on from.
    at: usize,
}

impl Iterator for CapitalWords<'_> {
    type Item = (usize, usize, bool);

    #[inline(always)]
    fn next(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.bytes;
        loop {
            let start = next_capital(bytes, self.at);
            if start >= bytes.len() {
                self.at = start;
                return None;
            }
            if start > 0 && word_byte(bytes[start - 1]) {
                self.at = start + 1;
                continue;
            }
            // The small letters after the capital; the word ends there unless another word
            // byte follows.
            let small_end = small_letters_end(bytes, start + 1);
            let (end, plain) = if bytes.get(small_end).is_some_and(|&byte| word_byte(byte)) {
                (word_end(bytes, small_end), false)
            } else {
                (small_end, small_end > start + 1)
            };
            self.at = end;
            return Some((start, end, plain));
        }
    }
}

/// Whether the capitalised word at bytes `title_start..title_end` of `text`, the capitalised
/// word [`capital_words`] gave before the one at `start`, is a title before it: only spaces
/// and tabs (one at least) between them, and nothing but ASCII letters in it. The same as
/// looking back from `start` past spaces and tabs and then past ASCII letters to a capital
/// that no word byte comes before: that capital opens a word that [`capital_words`] gives,
/// ending where the spaces start, and no capitalised word comes between.
fn title_before(
    text: &str,
    (title_start, title_end): (usize, usize),
    start: usize,
    rules: &PeopleWords,
) -> bool {
    let bytes = text.as_bytes();
    title_end < start
        && bytes
            .get(title_end..start)
            .is_some_and(|gap| gap.iter().all(|&byte| matches!(byte, b' ' | b'\t')))
        && bytes
            .get(title_start..title_end)
            .is_some_and(|title| title.iter().all(u8::is_ascii_alphabetic))
        && rules.title(text.get(title_start..title_end).unwrap_or(""))
}

/// The byte just past the word starting at `start`.
fn word_end(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while bytes.get(end).is_some_and(|&byte| word_byte(byte)) {
        end += 1;
    }
    end
}

/// A word as [`words`] reads it: trailing apostrophes and hyphens left out, and a possessive
/// "'s" split off (`true` when there was one).
fn stem(word: &str) -> (&str, bool) {
    // Most words end in an ASCII letter or digit other than "s": nothing to trim or split.
    if word
        .as_bytes()
        .last()
        .is_some_and(|&last| last.is_ascii_alphanumeric() && last != b's')
    {
        return (word, false);
    }
    let word = word.trim_end_matches(['\'', '\u{2019}', '-']);
    match word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
    {
        Some(stem) if !stem.is_empty() => (stem, true),
        _ => (word, false),
    }
}

/// Whether a word starting at byte `start` of `text` opens a sentence, as [`words`] decides:
/// a sentence mark or a line break comes after the word before it (or there is none).
fn opens_sentence(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    let mut at = start;
    while at > 0 {
        at -= 1;
        let byte = bytes[at];
        if byte == b'\n' || matches!(byte, b'.' | b'!' | b'?' | b':' | b'#' | b'*' | b'|') {
            return true;
        }
        if byte >= 0x80 {
            // Back to the first byte of the character, and read it whole.
            while at > 0 && bytes[at] & 0xc0 == 0x80 {
                at -= 1;
            }
            if text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_alphanumeric)
            {
                return false;
            }
        } else if byte.is_ascii_alphanumeric() {
            return false;
        }
        // Spaces, other marks, and a bullet "-" (a word with nothing left once trimmed).
    }
    true
}

impl People {
    /// Reads `text` (a whole document) for the child's first name. Only words that open with
    /// an ASCII capital are looked at, each with the word before and after it (a name written
    /// with another capital, "Łucja", is not found).
    ///
    /// Out of line: run once per document, and inlined into the findings' reading it only
    /// leaves that loop fewer registers.
    #[inline(never)]
    pub(super) fn of(text: &str, rules: &PeopleWords) -> People {
        let bytes = text.as_bytes();
        // Each word's tally. Words that are never names ("The", "Year") are counted too and
        // dropped once at the end: one look-up per distinct word rather than per use. A word
        // of at most 16 bytes (nearly all) is looked up by its [`crate::bytes::be_key16`] (a
        // name holds no zero byte, so equal keys are equal words): hashing and comparing
        // integers rather than text.
        let mut short: HashMap<u128, Tally<'_>, BuildHasherDefault<KeyHasher>> = HashMap::default();
        let mut long: HashMap<&str, Tally<'_>, BuildHasherDefault<TermHasher>> = HashMap::default();
        // The capitalised word before the current one: a title makes the current one a
        // surname (looked at only for words shaped as names).
        let mut previous: Option<(usize, usize)> = None;
        for (start, end, plain) in capital_words(text) {
            let before = previous.replace((start, end));
            let (name, possessive) = if plain {
                (text.get(start..end).unwrap_or(""), false)
            } else {
                let (name, possessive) = stem(text.get(start..end).unwrap_or(""));
                if !name_shaped(name) {
                    continue;
                }
                (name, possessive)
            };
            if before.is_some_and(|title| title_before(text, title, start, rules)) {
                continue;
            }
            let entry = if name.len() <= 16 {
                short
                    .entry(crate::bytes::be_key16_at(bytes, start, name.len()))
                    .or_insert(Tally {
                        name,
                        ..Tally::default()
                    })
            } else {
                long.entry(name).or_insert(Tally {
                    name,
                    ..Tally::default()
                })
            };
            entry.uses += 1;
            if !entry.middle {
                entry.middle = !opens_sentence(text, start);
            }
            // Whether it is used as a possessive or the subject of a verb: once is enough, so
            // the word after is read only until one use shows it, and only for the first
            // `SUBJECT_TRIES` uses (a name shows it early; "The" opens hundreds of sentences
            // and never does).
            if !entry.subject && entry.uses <= SUBJECT_TRIES {
                let subject = possessive || {
                    let mut next = end;
                    while next < bytes.len() && !word_byte(bytes[next]) {
                        next += 1;
                    }
                    bytes.get(next).is_some_and(u8::is_ascii_lowercase) && {
                        let (after, _) = stem(text.get(next..word_end(bytes, next)).unwrap_or(""));
                        rules.child_verb(after)
                    }
                };
                entry.subject = subject;
            }
        }
        // Only words used in the middle of a sentence somewhere are names (so only they are
        // looked up as never names, and sorted).
        let counts: Vec<Tally<'_>> = short
            .into_values()
            .chain(long.into_values())
            .filter(|tally| tally.middle && !rules.not_name(tally.name))
            .collect();
        let names = WordSet::of(counts.iter().map(|tally| tally.name));
        let mut ranked: Vec<(&str, usize)> = counts
            .iter()
            .filter(|tally| tally.subject)
            .map(|tally| (tally.name, tally.uses))
            .collect();
        // Most used first; ties in name order (names differ, so the order is total and does not
        // depend on the order the tallies come in).
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let child = match ranked.as_slice() {
            [(name, uses), rest @ ..]
                if *uses >= 3 && rest.first().is_none_or(|&(_, next)| next < *uses) =>
            {
                Some((*name).to_owned())
            }
            _ => None,
        };
        People { child, names }
    }

    /// The child's first name, when one was found.
    #[cfg(test)]
    pub(super) fn child(&self) -> Option<&str> {
        self.child.as_deref()
    }

    /// Whether `word` names the child: the child's name or a short form of it ("Alex" for
    /// "Alexander").
    fn is_child(&self, word: &str) -> bool {
        self.child.as_deref().is_some_and(|child| {
            child == word
                || (word.len() >= 3 && child.starts_with(word))
                || (child.len() >= 3 && word.starts_with(child))
        })
    }

    /// Whether the document uses `word` as a name in the middle of a sentence somewhere.
    fn is_known_name(&self, word: &str) -> bool {
        self.names.contains(word)
    }

    /// Where the first title or known name other than the child's starts in `text` (a byte
    /// offset), if there is one and the child's name is known: before it, no clause can have
    /// another person as its subject, so a sentence without one is passed over whole.
    pub(super) fn someone_else_in(&self, text: &str, rules: &PeopleWords) -> Option<usize> {
        self.child.as_ref()?;
        capital_words(text).find_map(|(start, end, plain)| {
            let word = text.get(start..end).unwrap_or("");
            let (word, _) = if plain { (word, false) } else { stem(word) };
            (rules.title(word) || (!self.is_child(word) && self.is_known_name(word)))
                .then_some(start)
        })
    }

    /// If the clause that `before` ends in (the text of a sentence up to a mention) has a
    /// named person other than the child as its subject, with a verb of having or being, that
    /// person's name as written (with any title), as a byte range of `before`. The caller
    /// passes over sentences [`People::someone_else_in`] finds no one else in.
    pub(super) fn other_subject(
        &self,
        before: &str,
        rules: &PeopleWords,
    ) -> Option<(usize, usize)> {
        self.child.as_ref()?;
        let words = words(before);
        // The clause: after the last ";", ":" or sentence boundary, or ", and" / ", but".
        let mut from = 0;
        for (index, word) in words.iter().enumerate() {
            if word.sentence_start {
                from = index;
            }
            let gap = words
                .get(index.wrapping_sub(1))
                .and_then(|previous| before.get(previous.start + previous.text.len()..word.start))
                .unwrap_or("");
            if gap.contains(';') || gap.contains(':') {
                from = index;
            }
            if (word.text == "and" || word.text == "but") && gap.contains(',') {
                from = index + 1;
            }
        }
        let clause = words.get(from..)?;
        let mut index = 0;
        while clause
            .get(index)
            .is_some_and(|w| rules.clause_opener(w.text))
        {
            index += 1;
        }
        let first = clause.get(index)?;
        let (name_start, mut next) = if rules.title(first.text) {
            let name = clause.get(index + 1)?;
            if !name_shaped(name.text) {
                return None;
            }
            let mut next = index + 2;
            // "Mrs Okonjo Hale": a second capitalised word is part of the name.
            while clause.get(next).is_some_and(|w| name_shaped(w.text)) {
                next += 1;
            }
            (first.start, next)
        } else if name_shaped(first.text)
            && !rules.not_name(first.text)
            && !self.is_child(first.text)
            && self.is_known_name(first.text)
        {
            (first.start, index + 1)
        } else {
            return None;
        };
        let name_end = clause
            .get(next - 1)
            .map(|w| w.start + w.text.len())
            .unwrap_or(name_start);
        // Adverbs between the subject and its verb ("Ms Mercer also has").
        while clause.get(next).is_some_and(|w| rules.adverb(w.text)) {
            next += 1;
        }
        if !clause.get(next).is_some_and(|w| rules.subject_verb(w.text)) {
            return None;
        }
        // Nothing between the verb and the mention may hand the clause to someone else.
        for word in clause.get(next + 1..).unwrap_or_default() {
            if self.is_child(word.text)
                || rules.title(word.text)
                || rules.reporting(word.text)
                || (name_shaped(word.text) && !rules.not_name(word.text))
            {
                return None;
            }
        }
        Some((name_start, name_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextRules;

    fn rules() -> PeopleWords {
        ContextRules::builtin().unwrap().people().clone()
    }

    const ROSA: &str = "Rosa is a happy girl. Rosa's speech is developing. She likes Lego. \
        Rosa lives with her parents and her sister Maisie. Staff say that Rosa enjoys music. \
        Mrs Lowe, her teacher, says Rosa is settled. Rosa plays with Alfie and Kai.";

    fn subject(document: &str, before: &str) -> Option<String> {
        let rules = rules();
        People::of(document, &rules)
            .other_subject(before, &rules)
            .and_then(|(from, to)| before.get(from..to))
            .map(str::to_owned)
    }

    /// [`capital_words`] byte by byte: each ASCII capital after no word byte, to the end of its
    /// word, and whether the word is a capital and small ASCII letters only.
    fn capital_words_slowly(text: &str) -> Vec<(usize, usize, bool)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at].is_ascii_uppercase() && (at == 0 || !word_byte(bytes[at - 1])) {
                let end = word_end(bytes, at);
                let plain = end > at + 1 && bytes[at + 1..end].iter().all(u8::is_ascii_lowercase);
                out.push((at, end, plain));
                at = end;
            } else {
                at += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn capital_words_are_found_as_byte_by_byte(
            text in "([A-Za-z0-9'\\- .\n\t]|\u{e9}|\u{2019}|\u{c1}){0,60}",
        ) {
            proptest::prop_assert_eq!(capital_words(&text).collect::<Vec<_>>(), capital_words_slowly(&text));
        }
    }

    #[test]
    fn a_title_before_a_name_is_found_by_the_word_before() {
        let rules = rules();
        // "Mrs Lowe" four times: a surname, never the child; "Lowe" alone is.
        let text =
            "Mrs Lowe is here. Then Mrs Lowe is there. Mrs  Lowe has gone. Then Mrs\tLowe has.";
        assert_eq!(People::of(text, &rules).child(), None);
        let text = "Lowe is here. Then Lowe is there. Lowe has gone. Then Lowe has.";
        assert_eq!(People::of(text, &rules).child(), Some("Lowe"));
        // Not a title when a word byte joins it to the word before, or a mark comes between.
        let text = "X-Mrs Lowe is here. Then X-Mrs Lowe is there. Then Mrs, Lowe has.";
        assert_eq!(People::of(text, &rules).child(), Some("Lowe"));
    }

    #[test]
    fn the_child_is_the_name_used_most() {
        let rules = rules();
        assert_eq!(People::of(ROSA, &rules).child(), Some("Rosa"));
        // Too few uses to be sure.
        assert_eq!(
            People::of("Rosa is here. Maisie is there.", &rules).child(),
            None
        );
        // A tie: no child.
        assert_eq!(
            People::of(
                "Rosa is here. Then Rosa is there. Maisie is here. Then Maisie is there. \
                 Then Rosa is gone and Maisie is gone.",
                &rules
            )
            .child(),
            None
        );
    }

    #[test]
    fn another_named_subject_is_found() {
        assert_eq!(
            subject(ROSA, "Maisie has a diagnosis of ").as_deref(),
            Some("Maisie")
        );
        assert_eq!(
            subject(ROSA, "Ms Mercer has ").as_deref(),
            Some("Ms Mercer")
        );
        assert_eq!(
            subject(ROSA, "Mrs Tranter has her own ").as_deref(),
            Some("Mrs Tranter")
        );
        assert_eq!(
            subject(ROSA, "Rosa loves him, and Alfie has ").as_deref(),
            Some("Alfie")
        );
        assert_eq!(
            subject(
                ROSA,
                "Kai lives with his grandmother and has a diagnosis of "
            )
            .as_deref(),
            Some("Kai")
        );
    }

    #[test]
    fn the_child_or_a_report_between_keeps_the_mention() {
        assert_eq!(subject(ROSA, "Rosa has "), None);
        assert_eq!(
            subject(ROSA, "Ros has "),
            None,
            "a short form of the child's name"
        );
        assert_eq!(subject(ROSA, "Maisie says that Rosa has "), None);
        assert_eq!(subject(ROSA, "Mrs Lowe told me that she has "), None);
        assert_eq!(
            subject(ROSA, "Dr Patel diagnosed "),
            None,
            "not a verb of having"
        );
        assert_eq!(subject(ROSA, "She has "), None);
        // A capitalised word opening a sentence, never used as a name in the middle of one.
        assert_eq!(subject(ROSA, "Handwriting is slow because of her "), None);
        assert_eq!(
            subject(ROSA, "Mrs Lowe has noticed "),
            None,
            "a report, not a state"
        );
        assert_eq!(subject(ROSA, "Maisie has moved, and Rosa has "), None);
        // No child name known: nothing is decided.
        let rules = rules();
        assert_eq!(People::default().other_subject("Maisie has ", &rules), None);
        // A young person's own "I've", used in the middle of sentences, is not a name (in a
        // young person's views it was read as another person's: "I've got good practical
        // skills").
        let own_words = "Sam is 16. I think I've grown up, and Sam likes cooking, and I've \
            got a job, and I\u{2019}m proud. Sam says so.";
        let people = People::of(own_words, &rules);
        assert!(people.is_known_name("Sam"));
        assert!(!people.is_known_name("I've"));
        assert!(!people.is_known_name("I\u{2019}m"));
    }
}
