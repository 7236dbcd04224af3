//! Finding the dictionary's concepts in text, in time linear in the text's length.
//!
//! A [`Matcher`] is built once from a [`Dictionary`]: one Aho-Corasick automaton over every
//! concept's terms, folded to lower case, and one over the abbreviations as written. [`find`]
//! folds the text the same way (see below), runs both automata, keeps only matches that are
//! whole words, and returns [`Mention`]s with character offsets into the original text, sorted
//! and non-overlapping.
//!
//! Rules:
//!
//! - **Whole words.** A match must not have a letter or digit (any script) just before it or
//!   just after it, so `ASC` is not found in "ascertain" nor `ear` in "year". Punctuation,
//!   spaces, hyphens and apostrophes are boundaries, so "Sam's dyslexia" and "non-verbal" work.
//! - **Case.** Terms match in any case (ASCII letters are folded by the automaton; a term with
//!   other letters also matches in upper case and capitalised, "NAÏVE", "Naïve");
//!   abbreviations match only as written, so `ODD` is not found in "odd socks".
//! - **Folding.** Before matching, hyphens (`-`, U+2010, U+2011) count as spaces, any run of
//!   whitespace (including line breaks from a PDF) counts as one space, and `’` counts as `'`,
//!   in both the terms and the text (the text is folded once, for both automata, keeping a
//!   sparse map back to its bytes): "self-harm" finds "self harm" and "hearing\n  loss" finds
//!   "hearing loss". Spans still cover the original characters, so quotes are verbatim.
//! - **Plurals and possessives.** A match may be extended over one trailing `s` (any case for
//!   terms, lower case only for abbreviations: "meltdowns", "TAs", "EPs") when that `s` ends the
//!   word. Possessives need nothing: the apostrophe is a boundary, so "the EP's report" finds
//!   `EP` and the span stops before the apostrophe. Other plural forms ("stories",
//!   "difficulties", "glasses") must be listed as terms in the data.
//! - **Neutral terms.** A concept's `neutral_terms` ("hearing" for hearing loss) are matched
//!   like terms, and the [`Mention`] says so (`neutral`), so a caller can keep them only in a
//!   negated or uncertain context.
//! - **Longest wins.** Of the whole-word matches, the leftmost is kept, and among those
//!   starting at the same place the longest ("hearing loss" over "hearing"); later matches that
//!   overlap a kept one are dropped. Ties between two concepts over the same span go to the one
//!   earlier in the dictionary. The word-boundary check is applied before choosing, so a longer
//!   match that fails it ("speech sounds" inside "speech soundsystem") never hides a shorter one
//!   that passes.
//!
//! It must not fail, panic or allocate more than a small multiple of the text's size on any
//! input, and it says nothing about negation, uncertainty or who a mention is about (see
//! [`crate::context`]).
//!
//! [`find`]: Matcher::find

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

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

/// One automaton and, for each of its patterns, the concept it names.
#[derive(Debug, Clone)]
struct Automaton {
    searcher: Option<AhoCorasick>,
    /// For each pattern, its concept and whether it is a neutral term.
    concepts: Vec<(usize, bool)>,
    /// Whether ASCII letters match in any case (terms) or only as written (abbreviations).
    any_case: bool,
}

/// A whole-word match in BYTE offsets of the original text.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    concept: usize,
    neutral: bool,
}

impl Automaton {
    fn new(patterns: Vec<(String, (usize, bool))>, any_case: bool) -> Self {
        let (texts, concepts): (Vec<String>, Vec<(usize, bool)>) = patterns.into_iter().unzip();
        // Overlapping search needs the standard match kind; leftmost-longest is applied after
        // the word-boundary check (see the module documentation). A DFA is fastest to search;
        // should it be refused (far larger dictionaries), the automatic choice is used.
        let build = |kind: Option<AhoCorasickKind>| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(any_case)
                .kind(kind)
                .build(&texts)
                .ok()
        };
        let searcher = build(Some(AhoCorasickKind::DFA)).or_else(|| build(None));
        // The dictionary caps the number and length of terms far below the automaton's
        // limits, so building cannot fail in practice.
        debug_assert!(searcher.is_some(), "dictionary too large for the automaton");
        Automaton {
            searcher,
            concepts,
            any_case,
        }
    }

    /// Adds every whole-word match in `folded` to `found`.
    fn collect(&self, text: &str, folded: &Folded, found: &mut Vec<Candidate>) {
        let Some(searcher) = &self.searcher else {
            return;
        };
        for hit in searcher.find_overlapping_iter(folded.text.as_str()) {
            let Some(&(concept, neutral)) = self.concepts.get(hit.pattern().as_usize()) else {
                continue;
            };
            let start = folded.original(hit.start());
            let end = folded.original(hit.end());
            let Some(end) = whole_word_end(text, start, end, self.any_case) else {
                continue;
            };
            found.push(Candidate {
                start,
                end,
                concept,
                neutral,
            });
        }
    }
}

/// Text folded for matching (see the module documentation), with a sparse map back to the
/// original's bytes.
#[derive(Debug)]
struct Folded {
    text: String,
    /// `(folded byte, original byte)` at the start and wherever the distance between the two
    /// changes (a collapsed run of whitespace, a multi-byte dash or quote folded to one byte),
    /// and at the end.
    edits: Vec<(usize, usize)>,
}

impl Folded {
    /// Folds `text`: hyphens (`-`, U+2010, U+2011) and whitespace become one space per run,
    /// curly single quotes become `'`; letters keep their case.
    fn new(text: &str) -> Self {
        let mut out = String::with_capacity(text.len());
        let mut edits = vec![(0, 0)];
        let (mut edit_folded, mut edit_original) = (0, 0);
        let mut after_space = false;
        let bytes = text.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            let byte = bytes[index];
            let (mapped, width) = if byte.is_ascii() {
                let mapped = match byte {
                    b'-' | b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => ' ',
                    other => char::from(other),
                };
                (mapped, 1)
            } else {
                let Some(character) = text.get(index..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                let mapped = match character {
                    '\u{2010}' | '\u{2011}' => ' ',
                    '\u{2018}' | '\u{2019}' => '\'',
                    c if c.is_whitespace() => ' ',
                    c => c,
                };
                (mapped, character.len_utf8())
            };
            let space = mapped == ' ';
            if !(space && after_space) {
                if edit_original + (out.len() - edit_folded) != index {
                    edit_folded = out.len();
                    edit_original = index;
                    edits.push((edit_folded, edit_original));
                }
                out.push(mapped);
            }
            after_space = space;
            index += width;
        }
        if edit_original + (out.len() - edit_folded) != text.len() {
            edits.push((out.len(), text.len()));
        }
        Folded { text: out, edits }
    }

    /// The original byte offset of a folded byte offset that starts a character (or is the
    /// end).
    fn original(&self, folded: usize) -> usize {
        let after = self.edits.partition_point(|&(f, _)| f <= folded);
        match after.checked_sub(1).and_then(|index| self.edits.get(index)) {
            Some(&(f, o)) => o + (folded - f),
            None => folded,
        }
    }
}

/// Finds the dictionary's concepts in text. Build once per dictionary and reuse: building costs
/// far more than a search.
#[derive(Debug, Clone)]
pub struct Matcher {
    terms: Automaton,
    abbreviations: Automaton,
}

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

impl Matcher {
    /// Builds the automata for every term and abbreviation in `dictionary`.
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
                for variant in non_ascii_variants(&folded) {
                    terms.push((variant, (index, neutral)));
                }
                terms.push((folded, (index, neutral)));
            }
            abbreviations.extend(
                concept
                    .abbreviations
                    .iter()
                    .map(|abbreviation| (fold_term(abbreviation, false), (index, false))),
            );
        }
        Matcher {
            terms: Automaton::new(terms, true),
            abbreviations: Automaton::new(abbreviations, false),
        }
    }

    /// Every whole-word mention of a concept in `text`, sorted by position, non-overlapping, with
    /// character offsets (not bytes) into `text`. Never fails: text with nothing recognisable
    /// gives an empty list.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let folded = Folded::new(text);
        let mut found = Vec::new();
        self.terms.collect(text, &folded, &mut found);
        self.abbreviations.collect(text, &folded, &mut found);
        // Leftmost first; at one start, the longest, then the concept earlier in the
        // dictionary; then drop what overlaps a kept mention.
        found.sort_unstable_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.concept.cmp(&b.concept))
        });
        let mut mentions = Vec::new();
        let mut free_from = 0;
        let mut cursor = CharCursor::new(text);
        for candidate in found {
            if candidate.start < free_from {
                continue;
            }
            free_from = candidate.end;
            let start = cursor.chars_to(candidate.start);
            let end = cursor.chars_to(candidate.end);
            mentions.push(Mention {
                start,
                end,
                concept: candidate.concept,
                neutral: candidate.neutral,
            });
        }
        mentions
    }
}

/// Converts increasing byte offsets to character offsets in one pass.
struct CharCursor<'a> {
    text: &'a str,
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            ascii: text.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of a byte offset at or after the previous one asked.
    fn chars_to(&mut self, byte: usize) -> usize {
        if self.ascii {
            return byte;
        }
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        if let Some(slice) = self.text.get(self.byte..byte) {
            self.chars += slice.chars().count();
            self.byte = byte;
        }
        self.chars
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

    proptest! {
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
