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
//! - **Case.** Terms match in any case; abbreviations match only as written, so `ODD` is not
//!   found in "odd socks".
//! - **Folding.** Before matching, hyphens (`-`, U+2010, U+2011) count as spaces, any run of
//!   whitespace (including line breaks from a PDF) counts as one space, and `’` counts as `'`,
//!   in both the terms and the text: "self-harm" finds "self harm" and "hearing\n  loss" finds
//!   "hearing loss". Spans still cover the original characters, so quotes are verbatim.
//! - **Plurals and possessives.** A match may be extended over one trailing `s` (any case for
//!   terms, lower case only for abbreviations: "meltdowns", "TAs", "EPs") when that `s` ends the
//!   word. Possessives need nothing: the apostrophe is a boundary, so "the EP's report" finds
//!   `EP` and the span stops before the apostrophe. Other plural forms ("stories",
//!   "difficulties", "glasses") must be listed as terms in the data.
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

use aho_corasick::{AhoCorasick, MatchKind};

use crate::dictionary::{Dictionary, fold, fold_term};

/// One place where a concept is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Mention {
    /// Character offset of the first character of the mention.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
    /// Index of the concept in [`Dictionary::concepts`].
    pub concept: usize,
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
    concepts: Vec<usize>,
    lowercase: bool,
}

impl Automaton {
    fn new(patterns: Vec<(String, usize)>, lowercase: bool) -> Self {
        let (texts, concepts): (Vec<String>, Vec<usize>) = patterns.into_iter().unzip();
        // Overlapping search needs the standard match kind; leftmost-longest is applied after
        // the word-boundary check (see the module documentation).
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(&texts)
            .ok();
        // The dictionary caps the number and length of terms far below the automaton's
        // limits, so building cannot fail in practice.
        debug_assert!(searcher.is_some(), "dictionary too large for the automaton");
        Automaton {
            searcher,
            concepts,
            lowercase,
        }
    }

    /// Records in `best` (indexed by start character) the longest whole-word match of each
    /// concept starting there.
    fn collect(&self, text: &str, chars: &[char], best: &mut [Option<(usize, usize)>]) {
        let Some(searcher) = &self.searcher else {
            return;
        };
        let (folded, offsets) = fold(text, self.lowercase);
        for found in searcher.find_overlapping_iter(&folded) {
            let (Some(&start), Some(&end), Some(&concept)) = (
                offsets.get(found.start()),
                offsets.get(found.end()),
                self.concepts.get(found.pattern().as_usize()),
            ) else {
                continue;
            };
            let Some(end) = whole_word_end(chars, start, end, self.lowercase) else {
                continue;
            };
            if let Some(slot) = best.get_mut(start) {
                let better = match *slot {
                    None => true,
                    Some((kept_end, kept_concept)) => {
                        end > kept_end || (end == kept_end && concept < kept_concept)
                    }
                };
                if better {
                    *slot = Some((end, concept));
                }
            }
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

/// If `start..end` is a whole word in `chars`, where it ends (possibly one `s` further on, as a
/// plural); otherwise `None`.
fn whole_word_end(chars: &[char], start: usize, end: usize, any_case: bool) -> Option<usize> {
    if start >= end || end > chars.len() {
        return None;
    }
    if start > 0 && chars.get(start - 1).copied().is_some_and(is_word_char) {
        return None;
    }
    let ends_word = |at: usize| !chars.get(at).copied().is_some_and(is_word_char);
    if ends_word(end) {
        return Some(end);
    }
    let plural = chars
        .get(end)
        .is_some_and(|&c| c == 's' || (any_case && c == 'S'));
    (plural && ends_word(end + 1)).then_some(end + 1)
}

impl Matcher {
    /// Builds the automata for every term and abbreviation in `dictionary`.
    pub fn new(dictionary: &Dictionary) -> Matcher {
        let mut terms = Vec::new();
        let mut abbreviations = Vec::new();
        for (index, concept) in dictionary.concepts().iter().enumerate() {
            terms.extend(
                concept
                    .terms
                    .iter()
                    .map(|term| (fold_term(term, true), index)),
            );
            abbreviations.extend(
                concept
                    .abbreviations
                    .iter()
                    .map(|abbreviation| (fold_term(abbreviation, false), index)),
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
        let chars: Vec<char> = text.chars().collect();
        let mut best: Vec<Option<(usize, usize)>> = vec![None; chars.len()];
        self.terms.collect(text, &chars, &mut best);
        self.abbreviations.collect(text, &chars, &mut best);
        let mut mentions = Vec::new();
        let mut free_from = 0;
        for (start, slot) in best.into_iter().enumerate() {
            if let Some((end, concept)) = slot
                && start >= free_from
            {
                mentions.push(Mention {
                    start,
                    end,
                    concept,
                });
                free_from = end;
            }
        }
        mentions
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
