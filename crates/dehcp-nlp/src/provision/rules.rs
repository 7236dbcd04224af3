//! The provision rules: the data file read into phrase sets, and the tokeniser they match on.
//!
//! Must not: do IO (the data are compiled in or passed as text) or panic on any rules text.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// The compiled-in rules.
pub(super) const BUILTIN_RULES: &str = include_str!("../../data/provision-rules.toml");

/// The most phrases one pattern may expand to (guards against a mistyped rule file).
const MAX_EXPANSION: usize = 4096;

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file is not valid TOML or does not have the expected fields.
    #[error("provision rules are not valid: {0}")]
    Parse(#[from] toml::de::Error),
    /// A pattern is empty or expands to too many phrases.
    #[error("provision rules: a pattern in `{list}` is empty or too broad: {pattern:?}")]
    Pattern {
        /// The list the pattern is in.
        list: &'static str,
        /// The pattern as written.
        pattern: String,
    },
}

/// The vocabulary used to find and parse provision statements, compiled for matching.
#[derive(Debug, Clone)]
pub struct ProvisionRules {
    pub(super) numbers: BTreeSet<String>,
    pub(super) cues_after: Phrases,
    pub(super) cues_before: Phrases,
    pub(super) subject_needed: BTreeSet<String>,
    pub(super) subject_words: BTreeSet<String>,
    pub(super) noun_before: BTreeSet<String>,
    pub(super) noun_after: BTreeSet<String>,
    pub(super) not_cues: Phrases,
    pub(super) object_verbs: Phrases,
    pub(super) need_object: Phrases,
    pub(super) conditionals: BTreeSet<String>,
    pub(super) determiners: BTreeSet<String>,
    pub(super) headings: Phrases,
    pub(super) heading_openers: BTreeSet<String>,
    pub(super) heading_wants: BTreeSet<String>,
    pub(super) not_headings: Phrases,
    pub(super) intro_prefixes: Vec<String>,
    pub(super) intro_phrases: Phrases,
    pub(super) not_openers: BTreeSet<String>,
    pub(super) offer_openers: Phrases,
    pub(super) clause_markers: BTreeSet<String>,
    pub(super) finite_verbs: BTreeSet<String>,
    pub(super) frequency: Phrases,
    pub(super) duration: Phrases,
    pub(super) group: Phrases,
    pub(super) programme_length: Phrases,
    pub(super) vague: Phrases,
    pub(super) roles: Phrases,
    pub(super) reporting_verbs: BTreeSet<String>,
    pub(super) modifiers: Phrases,
    pub(super) expertise: Phrases,
    pub(super) not_before: BTreeSet<String>,
    pub(super) generic_roles: Phrases,
    pub(super) specific_modifiers: BTreeSet<String>,
    pub(super) delivery_words: BTreeSet<String>,
    pub(super) head_roles: BTreeSet<String>,
    pub(super) who_determiners: BTreeSet<String>,
    pub(super) what_skip: Phrases,
    pub(super) what_stops: Phrases,
    pub(super) what_trailing: BTreeSet<String>,
    pub(super) soft_stops: BTreeSet<String>,
    pub(super) what_continuers: Phrases,
    pub(super) to_nouns: BTreeSet<String>,
    pub(super) comma_stops: BTreeSet<String>,
    pub(super) what_skip_articles: BTreeSet<String>,
    pub(super) not_parts: Phrases,
}

impl Default for ProvisionRules {
    fn default() -> Self {
        Self::builtin()
    }
}

impl ProvisionRules {
    /// The rules compiled in from `data/provision-rules.toml`.
    ///
    /// Should those ever fail to load (a unit test rules this out), the result is empty rules,
    /// which find no statements, rather than a panic.
    pub fn builtin() -> Self {
        Self::from_toml(BUILTIN_RULES).unwrap_or_else(|_| Self::empty())
    }

    /// Reads rules in the format of `data/provision-rules.toml`.
    ///
    /// # Errors
    ///
    /// [`RulesError`] if the text is not valid TOML, has unknown or missing fields, or has an
    /// empty or over-broad pattern.
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        let raw: RawRules = toml::from_str(text)?;
        let words = |list: &[String]| -> BTreeSet<String> {
            list.iter().map(|word| normalise_phrase(word)).collect()
        };
        Ok(Self {
            numbers: words(&raw.number_words),
            cues_after: Phrases::compile("cues.object_after", &raw.cues.object_after)?,
            cues_before: Phrases::compile("cues.object_before", &raw.cues.object_before)?,
            subject_needed: words(&raw.cues.subject_needed),
            subject_words: words(&raw.cues.subject_words),
            noun_before: words(&raw.cues.noun_before),
            noun_after: words(&raw.cues.noun_after),
            not_cues: Phrases::compile("cues.not_cues", &raw.cues.not_cues)?,
            object_verbs: Phrases::compile("cues.object_verbs", &raw.cues.object_verbs)?,
            need_object: Phrases::compile("cues.need_object", &raw.cues.need_object)?,
            conditionals: words(&raw.cues.conditionals),
            determiners: words(&raw.cues.determiners),
            headings: Phrases::compile("lists.headings", &raw.lists.headings)?,
            heading_openers: words(&raw.lists.heading_openers),
            heading_wants: words(&raw.lists.heading_wants),
            not_headings: Phrases::compile("lists.not_headings", &raw.lists.not_headings)?,
            intro_phrases: Phrases::compile("lists.intro_phrases", &raw.lists.intro_phrases)?,
            not_openers: words(&raw.lists.not_openers),
            offer_openers: Phrases::compile("lists.offer_openers", &raw.lists.offer_openers)?,
            clause_markers: words(&raw.lists.clause_markers),
            finite_verbs: words(&raw.lists.finite_verbs),
            intro_prefixes: raw
                .lists
                .intro_prefixes
                .iter()
                .map(|p| p.to_lowercase())
                .collect(),
            frequency: Phrases::compile("parts.frequency", &raw.parts.frequency)?,
            duration: Phrases::compile("parts.duration", &raw.parts.duration)?,
            group: Phrases::compile("parts.group", &raw.parts.group)?,
            programme_length: Phrases::compile(
                "parts.programme_length",
                &raw.parts.programme_length,
            )?,
            vague: Phrases::compile("parts.vague", &raw.parts.vague)?,
            roles: Phrases::compile("who.roles", &raw.who.roles)?,
            reporting_verbs: words(&raw.who.reporting_verbs),
            modifiers: Phrases::compile("who.modifiers", &raw.who.modifiers)?,
            expertise: Phrases::compile("who.expertise_cues", &raw.who.expertise_cues)?,
            not_before: words(&raw.who.not_before),
            generic_roles: Phrases::compile("who.generic_roles", &raw.who.generic_roles)?,
            specific_modifiers: words(&raw.who.specific_modifiers),
            delivery_words: words(&raw.who.delivery_words),
            head_roles: words(&raw.who.head_roles),
            who_determiners: words(&raw.who.determiners),
            what_skip: Phrases::compile("what.skip", &raw.what.skip)?,
            what_stops: Phrases::compile("what.stops", &raw.what.stops)?,
            what_trailing: words(&raw.what.trailing),
            soft_stops: words(&raw.what.soft_stops),
            what_continuers: Phrases::compile("what.continuers", &raw.what.continuers)?,
            to_nouns: words(&raw.what.to_nouns),
            comma_stops: words(&raw.what.comma_stops),
            what_skip_articles: words(&raw.what.articles),
            not_parts: Phrases::compile("parts.not_parts", &raw.parts.not_parts)?,
        })
    }

    fn empty() -> Self {
        Self {
            numbers: BTreeSet::new(),
            cues_after: Phrases::default(),
            cues_before: Phrases::default(),
            subject_needed: BTreeSet::new(),
            subject_words: BTreeSet::new(),
            noun_before: BTreeSet::new(),
            noun_after: BTreeSet::new(),
            not_cues: Phrases::default(),
            object_verbs: Phrases::default(),
            need_object: Phrases::default(),
            conditionals: BTreeSet::new(),
            determiners: BTreeSet::new(),
            headings: Phrases::default(),
            heading_openers: BTreeSet::new(),
            heading_wants: BTreeSet::new(),
            not_headings: Phrases::default(),
            intro_phrases: Phrases::default(),
            not_openers: BTreeSet::new(),
            offer_openers: Phrases::default(),
            clause_markers: BTreeSet::new(),
            finite_verbs: BTreeSet::new(),
            intro_prefixes: Vec::new(),
            frequency: Phrases::default(),
            duration: Phrases::default(),
            group: Phrases::default(),
            programme_length: Phrases::default(),
            vague: Phrases::default(),
            roles: Phrases::default(),
            reporting_verbs: BTreeSet::new(),
            modifiers: Phrases::default(),
            expertise: Phrases::default(),
            not_before: BTreeSet::new(),
            generic_roles: Phrases::default(),
            specific_modifiers: BTreeSet::new(),
            delivery_words: BTreeSet::new(),
            head_roles: BTreeSet::new(),
            who_determiners: BTreeSet::new(),
            what_skip: Phrases::default(),
            what_stops: Phrases::default(),
            what_trailing: BTreeSet::new(),
            soft_stops: BTreeSet::new(),
            what_continuers: Phrases::default(),
            to_nouns: BTreeSet::new(),
            comma_stops: BTreeSet::new(),
            what_skip_articles: BTreeSet::new(),
            not_parts: Phrases::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    number_words: Vec<String>,
    cues: RawCues,
    lists: RawLists,
    parts: RawParts,
    who: RawWho,
    what: RawWhat,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    object_after: Vec<String>,
    object_before: Vec<String>,
    subject_needed: Vec<String>,
    subject_words: Vec<String>,
    noun_before: Vec<String>,
    noun_after: Vec<String>,
    not_cues: Vec<String>,
    object_verbs: Vec<String>,
    need_object: Vec<String>,
    conditionals: Vec<String>,
    determiners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLists {
    headings: Vec<String>,
    heading_openers: Vec<String>,
    heading_wants: Vec<String>,
    not_headings: Vec<String>,
    intro_prefixes: Vec<String>,
    intro_phrases: Vec<String>,
    not_openers: Vec<String>,
    offer_openers: Vec<String>,
    clause_markers: Vec<String>,
    finite_verbs: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParts {
    frequency: Vec<String>,
    duration: Vec<String>,
    group: Vec<String>,
    programme_length: Vec<String>,
    vague: Vec<String>,
    not_parts: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWho {
    roles: Vec<String>,
    reporting_verbs: Vec<String>,
    modifiers: Vec<String>,
    expertise_cues: Vec<String>,
    not_before: Vec<String>,
    generic_roles: Vec<String>,
    specific_modifiers: Vec<String>,
    delivery_words: Vec<String>,
    head_roles: Vec<String>,
    determiners: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhat {
    skip: Vec<String>,
    stops: Vec<String>,
    trailing: Vec<String>,
    soft_stops: Vec<String>,
    continuers: Vec<String>,
    to_nouns: Vec<String>,
    comma_stops: Vec<String>,
    articles: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Tokens and phrase matching
// ---------------------------------------------------------------------------------------------

/// A word, number or punctuation mark, with its character span in the input.
#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) start: usize,
    pub(super) end: usize,
    /// Lower case, with typographic apostrophes and dashes made plain.
    pub(super) norm: String,
    /// Letters or digits (not punctuation).
    pub(super) word: bool,
    /// Digits or a number word.
    pub(super) number: bool,
    /// Starts with a capital letter.
    pub(super) capital: bool,
}

/// Splits `chars[from..to]` into tokens: runs of letters, runs of digits, and single other
/// characters; whitespace separates.
pub(super) fn tokenise(
    chars: &[char],
    from: usize,
    to: usize,
    numbers: &BTreeSet<String>,
) -> Vec<Token> {
    let to = to.min(chars.len());
    let mut tokens = Vec::new();
    let mut index = from;
    while index < to {
        let first = chars[index];
        if first.is_whitespace() {
            index += 1;
            continue;
        }
        let start = index;
        if first.is_alphabetic() {
            while index < to && chars[index].is_alphabetic() {
                index += 1;
            }
        } else if first.is_numeric() {
            while index < to && chars[index].is_numeric() && !chars[index].is_alphabetic() {
                index += 1;
            }
        } else {
            index += 1;
        }
        let norm: String = chars[start..index]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .map(|c| match c {
                '’' | '‘' | '`' => '\'',
                '–' | '—' | '‐' | '‑' => '-',
                other => other,
            })
            .collect();
        let word = first.is_alphanumeric();
        let number = (first.is_ascii_digit()
            && chars[start..index].iter().all(char::is_ascii_digit))
            || numbers.contains(&norm);
        tokens.push(Token {
            start,
            end: index,
            norm,
            word,
            number,
            capital: first.is_uppercase(),
        });
    }
    tokens
}

/// Lower-cased, tokenised and re-joined with single spaces.
fn normalise_phrase(phrase: &str) -> String {
    let chars: Vec<char> = phrase.chars().collect();
    tokenise(&chars, 0, chars.len(), &BTreeSet::new())
        .into_iter()
        .map(|token| token.norm)
        .collect::<Vec<_>>()
        .join(" ")
}

/// One element of a compiled pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternToken {
    Word(String),
    Number,
}

/// A set of phrases, indexed by first token.
#[derive(Debug, Clone, Default)]
pub(super) struct Phrases {
    by_first: BTreeMap<String, Vec<Vec<PatternToken>>>,
    number_first: Vec<Vec<PatternToken>>,
}

impl Phrases {
    fn compile(list: &'static str, patterns: &[String]) -> Result<Self, RulesError> {
        let mut phrases = Self::default();
        for pattern in patterns {
            let error = || RulesError::Pattern {
                list,
                pattern: pattern.clone(),
            };
            for expanded in expand(pattern).ok_or_else(error)? {
                match expanded.first() {
                    Some(PatternToken::Word(word)) => phrases
                        .by_first
                        .entry(word.clone())
                        .or_default()
                        .push(expanded),
                    Some(PatternToken::Number) => phrases.number_first.push(expanded),
                    None => return Err(error()),
                }
            }
        }
        Ok(phrases)
    }

    /// Every phrase that matches starting at token `at`, as exclusive end indices.
    fn ends_at(&self, tokens: &[Token], at: usize) -> impl Iterator<Item = usize> {
        let first = tokens.get(at);
        let by_word = first
            .and_then(|token| self.by_first.get(&token.norm))
            .into_iter()
            .flatten();
        let by_number = first
            .filter(|token| token.number)
            .map(|_| self.number_first.iter())
            .into_iter()
            .flatten();
        by_word.chain(by_number).filter_map(move |pattern| {
            let end = at + pattern.len();
            let rest = tokens.get(at..end)?;
            rest.iter()
                .zip(pattern)
                .all(|(token, expected)| match expected {
                    PatternToken::Number => token.number,
                    PatternToken::Word(word) => token.norm == *word,
                })
                .then_some(end)
        })
    }

    /// The end of the longest phrase starting at token `at`.
    pub(super) fn longest_at(&self, tokens: &[Token], at: usize) -> Option<usize> {
        self.ends_at(tokens, at).max()
    }

    /// Whether some phrase covers exactly tokens `from..to`.
    pub(super) fn spans(&self, tokens: &[Token], from: usize, to: usize) -> bool {
        self.ends_at(tokens, from).any(|end| end == to)
    }

    /// Leftmost-longest, non-overlapping matches as token ranges.
    pub(super) fn find_all(&self, tokens: &[Token]) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            match self.longest_at(tokens, at) {
                Some(end) => {
                    found.push((at, end));
                    at = end;
                }
                None => at += 1,
            }
        }
        found
    }
}

/// Expands a pattern (`a|b` alternatives, `x?` optional, `{n}` number) into token sequences.
fn expand(pattern: &str) -> Option<Vec<Vec<PatternToken>>> {
    let mut sequences: Vec<Vec<PatternToken>> = vec![Vec::new()];
    for slot in pattern.split_whitespace() {
        let (body, optional) = match slot.strip_suffix('?') {
            Some(body) if !body.is_empty() => (body, true),
            _ => (slot, false),
        };
        let mut alternatives: Vec<Vec<PatternToken>> = body
            .split('|')
            .filter(|alternative| !alternative.is_empty())
            .map(|alternative| {
                if alternative == "{n}" {
                    vec![PatternToken::Number]
                } else {
                    normalise_phrase(alternative)
                        .split(' ')
                        .filter(|word| !word.is_empty())
                        .map(|word| PatternToken::Word(word.to_owned()))
                        .collect()
                }
            })
            .collect();
        if optional {
            alternatives.push(Vec::new());
        }
        let mut next = Vec::with_capacity(sequences.len() * alternatives.len());
        for prefix in &sequences {
            for alternative in &alternatives {
                let mut sequence = prefix.clone();
                sequence.extend(alternative.iter().cloned());
                next.push(sequence);
            }
        }
        if next.len() > MAX_EXPANSION {
            return None;
        }
        sequences = next;
    }
    sequences.retain(|sequence| !sequence.is_empty());
    sequences.dedup();
    (!sequences.is_empty()).then_some(sequences)
}
