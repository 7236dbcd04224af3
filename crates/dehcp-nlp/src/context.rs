//! Context for a mention: is it affirmed, negated, uncertain, in the past, or about someone
//! other than the child?
//!
//! A ConText/NegEx-style classifier. The rules are data (`data/context-rules.toml`, compiled in
//! and loaded with [`ContextRules::builtin`]; a council can load its own copy with
//! [`ContextRules::from_toml_str`]): trigger phrases with a category and a direction of scope,
//! pseudo-triggers that look like triggers but are not, terminators that end a scope, and the
//! filler words a backward scope may reach across.
//!
//! How a sentence is read:
//!
//! 1. It is split into lower-cased word and punctuation tokens with character offsets. Hyphens
//!    and dashes separate words without being tokens ("age-appropriate" = "age appropriate");
//!    a possessive "'s" is its own token.
//! 2. Left to right, the longest phrase of any kind starting at each token wins and uses up its
//!    tokens, so "not ruled out" (uncertain) beats "not" and "ruled out" (negated), and
//!    "no history of" (negated) beats "history of" (historical).
//! 3. A trigger applies to the mention when the mention lies in its scope: forward (after the
//!    trigger), backward (before it) or both, within a window of words, and with no terminator
//!    for its category in between. Commas, "and" and "or" do not end a scope, so a list after
//!    "no concerns about" is negated item by item. A backward scope reaches across a terminator
//!    when only filler words ("it was"), or nothing, lie between the terminator and the
//!    trigger: that is how "DCD was considered, but it was ruled out" and "autism was
//!    considered but ruled out" negate the condition while "Sam has autism but ADHD was ruled
//!    out" leaves autism affirmed. A forward trigger that starts before the mention and ends
//!    within it ("no difficulty with" and "difficulty with joint attention", "was bullied" and
//!    "bullied") reaches it; any other trigger overlapping the mention does not apply to it.
//! 4. Reporting verbs ("reports", "says", "is concerned") and the child as subject ("he",
//!    "she") end only an experiencer scope: "mum reports that Sam has anxiety" stays about the
//!    child. A trigger may also end scopes ("parents deny any history of seizures" negates, and
//!    the seizures are the child's), and a family member after "according to" or "by" is a
//!    source, not an experiencer.
//!
//! 5. Some triggers are limited to mentions of some concept kinds ("at the age of three" dates
//!    an intervention, not a diagnosis; [`ContextSentence::classify_as`]) or to a parent's own
//!    words ("I have dyslexia myself" under a parent-views heading;
//!    [`ContextRules::parent_sentence`], [`ContextRules::heading_voice`]).
//!
//! 6. A sentence that opens with a subordinate clause (one of the rules' `[clauses] openers`:
//!    "although", "unlike", "whether or not" …) keeps its scopes to that clause: the comma that
//!    closes it, the first one followed by a clause `subject` ("his", "she" …) or a name, ends
//!    every scope both ways. "Although Leo does not have a formal diagnosis, his dyslexia is
//!    plain" leaves the dyslexia affirmed, while a list inside the clause stays whole.
//!
//! 7. A yes/no question ("Does he have ASD?": a sentence opening with one of the rules'
//!    `question_openers` and ending with "?") makes its mentions uncertain when nothing of
//!    higher priority applies; the trigger is the question mark.
//!
//! Cost: [`ContextRules::sentence`] reads a sentence once (tokens, phrases, running word
//! counts); [`ContextSentence::classify`] then looks only at the phrases within a fixed number
//! of tokens of the mention (four times the widest scope window, at least 64), so classifying
//! every mention of a long sentence stays linear in its length.
//!
//! The same mention and sentence always give the same answer; the deciding trigger is returned
//! with its character span so a reviewer can see why.
//!
//! When several triggers apply, the priority is **other person > negated > uncertain >
//! historical > affirmed**: a negated mention of another person is still about another person
//! ("mum does not have dyslexia" is not evidence about the child either way), and a negated
//! past mention is negated.
//!
//! Decisions the data encodes: "not ruled out" and "cannot be ruled out" are uncertain; "no
//! longer" and "resolved" are historical (the need was real but is not current); "traits of"
//! and "features of" are uncertain (traits are not a diagnosis); "was diagnosed in 2019" and
//! "had a diagnosis of" stay affirmed (a past diagnosis still holds); "history of ear
//! infections" is historical but "family history of" is another person; "cannot", "unable to"
//! and "lack of" are not negation, because in advice about a child they describe a need; "has
//! had" is the present, while "was bullied", "repaired" and "none since" are the past; "children
//! with X" is a general statement, not about another person.
//!
//! What this must not do: it does not find mentions (the matcher does), does no IO, never
//! panics and never fails on odd text or out-of-range offsets (they are clamped), and does not
//! guess beyond its rules: a mention with no applicable trigger is affirmed.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use crate::dictionary::ConceptKind;
use crate::key_table::KeyTable;
use crate::summary::{ALPHANUMERIC, TermHasher};

use serde::Deserialize;

const BUILTIN: &str = include_str!("../data/context-rules.toml");

/// The context of a mention. See the module documentation for the priority when several
/// apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// Present and about the child ("Sam has autism").
    Affirmed,
    /// Stated to be absent ("no concerns about her hearing").
    Negated,
    /// Suspected, queried or being assessed ("?ASD", "on the pathway for ADHD").
    Uncertain,
    /// In the past, not current ("as a toddler he had glue ear").
    Historical,
    /// About someone other than the child ("mum has dyslexia").
    OtherPerson,
}

impl Polarity {
    /// Every polarity, highest priority first.
    pub const BY_PRIORITY: [Polarity; 5] = [
        Polarity::OtherPerson,
        Polarity::Negated,
        Polarity::Uncertain,
        Polarity::Historical,
        Polarity::Affirmed,
    ];

    /// A stable identifier: "affirmed", "negated", "uncertain", "historical" or
    /// "other_person".
    pub fn id(self) -> &'static str {
        match self {
            Polarity::Affirmed => "affirmed",
            Polarity::Negated => "negated",
            Polarity::Uncertain => "uncertain",
            Polarity::Historical => "historical",
            Polarity::OtherPerson => "other_person",
        }
    }
}

impl std::fmt::Display for Polarity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Where the deciding trigger is in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerSpan {
    /// The trigger as written in the sentence (verbatim).
    pub text: String,
    /// Character offset of its first character within the sentence.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
}

/// The result of classifying one mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The context that applies, after priority.
    pub polarity: Polarity,
    /// The trigger that decided it; `None` when affirmed.
    pub trigger: Option<TriggerSpan>,
}

/// Context rules could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContextError {
    /// The text is not valid TOML or does not have the expected fields.
    #[error("context-rules.toml: not a valid rules file: {message}")]
    Syntax {
        /// The parser's description of the problem.
        message: String,
    },
    /// The file parsed but its content breaks a rule (an empty phrase, a duplicate).
    #[error("context-rules.toml: {message}")]
    Content {
        /// What is wrong, in plain words.
        message: String,
    },
}

/// How many rules of each kind are loaded (each phrase counts once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleCounts {
    /// Negation trigger phrases.
    pub negation: usize,
    /// Uncertainty trigger phrases.
    pub uncertainty: usize,
    /// Historical trigger phrases.
    pub historical: usize,
    /// Experiencer (other person) trigger phrases.
    pub experiencer: usize,
    /// Pseudo-trigger phrases.
    pub pseudo: usize,
    /// Terminator phrases.
    pub terminators: usize,
}

/// Loaded context rules, ready to classify mentions.
#[derive(Debug, Clone)]
pub struct ContextRules {
    version: String,
    /// Every word and mark of the rules, numbered: a sentence's tokens are looked up once and
    /// then matched by number.
    words: Words,
    /// Phrases by the number of their first token, longest first.
    phrases: Vec<Starting>,
    experiencer_not_after: Vec<Vec<u32>>,
    /// The numbers of "'s" and "?".
    apostrophe_s: u32,
    question_mark: u32,
    comma: u32,
    /// Words that open a fronted subordinate clause ("although", "whether or not"), by number.
    clause_openers: Vec<Vec<u32>>,
    /// The terminator put at the comma that ends a fronted subordinate clause: it ends every
    /// scope, both ways.
    clause_end: Kind,
    /// How many tokens either side of a mention are searched for triggers.
    reach: usize,
    counts: RuleCounts,
    /// Heading phrases that mark a parent's own words ("parent views", "our views"), each
    /// with the [`heading_bit`]s of its words.
    parent_headings: Vec<(u64, Vec<String>)>,
    /// Heading phrases that mark the child's own words ("all about me", "my views"), each
    /// with the [`heading_bit`]s of its words.
    child_headings: Vec<(u64, Vec<String>)>,
    /// The words that tell a named person other than the child (`[people]`).
    people: PeopleWords,
}

/// The words that find a named person other than the child as a clause's subject
/// ("Maisie has a diagnosis of autism" in a report about her sister): `[people]` in
/// `context-rules.toml`. Matched exactly, as written (names are capitalised).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleWords {
    /// Titles before a name ("Mrs", "Dr"): the person named is an adult, never the child.
    #[serde(default)]
    titles: Vec<String>,
    /// Verbs of having or being after a subject ("has", "was"): the clause describes it.
    #[serde(default)]
    subject_verbs: Vec<String>,
    /// Words between a subject and its verb ("also", "too").
    #[serde(default)]
    adverbs: Vec<String>,
    /// Words that open a clause before its subject ("and", "but", "although").
    #[serde(default)]
    clause_openers: Vec<String>,
    /// Words that report someone else's words ("that", "says", "told"): what follows may be
    /// about anyone.
    #[serde(default)]
    reporting: Vec<String>,
    /// Verbs after the child's name that show it is a name ("is", "has", "enjoys").
    #[serde(default)]
    child_verbs: Vec<String>,
    /// Capitalised words that are never a person's first name ("The", "Year", "Mum").
    #[serde(default)]
    not_names: Vec<String>,
    /// Concepts that describe the child's family ("a supportive parent"): a parent as the
    /// subject keeps them the child's.
    #[serde(default)]
    family_concepts: Vec<String>,
    /// Each list above as a [`WordSet`], in their order (made by [`PeopleWords::sorted`]):
    /// what the look-ups below read.
    #[serde(skip)]
    sets: [WordSet; 8],
}

/// A set of bits, one for each (length, first byte, second byte) of a word, folded into
/// 256: a word whose bit the set of a list lacks is not in the list (a set bit still
/// searches, so the answer is the same).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordBits([u64; 4]);

impl WordBits {
    /// The set of the bits of `words`.
    pub(crate) fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let mut bits = WordBits::default();
        for word in words {
            let (slot, bit) = Self::bit(word);
            bits.0[slot] |= bit;
        }
        bits
    }

    /// The `u64` of the set that holds the bit of `word`, and the bit.
    #[inline]
    fn bit(word: &str) -> (usize, u64) {
        let bytes = word.as_bytes();
        let first = usize::from(bytes.first().copied().unwrap_or(0));
        let second = usize::from(bytes.get(1).copied().unwrap_or(0));
        let hash = (bytes.len() * 61 + first * 7 + second) & 255;
        (hash >> 6, 1 << (hash & 63))
    }

    /// Whether `word` may be one of the words the set was made of (`false`: it is not).
    #[inline]
    pub(crate) fn may_hold(&self, word: &str) -> bool {
        let (slot, bit) = Self::bit(word);
        self.0[slot] & bit != 0
    }
}

/// A set of words, looked up without comparing text: most words looked up are in no set
/// and are ruled out by their [`WordBits`] (a test made where the set is looked up); the rest
/// are found by the [`short_key`] of each word of 1 to 15 bytes (equal keys are equal words,
/// whatever bytes the words hold), in a [`KeyTable`], and by a binary search over the text of
/// the rest (longer words, and the empty word, whose key 0 a table leaves out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WordSet {
    bits: WordBits,
    /// The [`short_key`] of each word of 1 to 15 bytes (numbered 0: only the keys count).
    short: KeyTable<u128>,
    /// The other words, sorted.
    long: Vec<String>,
}

impl WordSet {
    /// The set of `words`.
    pub(crate) fn of<'w>(words: impl IntoIterator<Item = &'w str>) -> Self {
        let all: Vec<&str> = words.into_iter().collect();
        let mut set = WordSet {
            short: KeyTable::with_capacity(all.len()),
            ..WordSet::default()
        };
        for &word in &all {
            match short_key(word).filter(|&key| key != 0) {
                Some(key) => {
                    if set.short.get(key) == UNKNOWN {
                        set.short.insert(key, 0);
                    }
                }
                None => set.long.push(word.to_owned()),
            }
        }
        set.bits = WordBits::of(all);
        set.long.sort_unstable();
        set.long.dedup();
        set
    }

    /// Whether `word` is one of the set's words.
    #[inline]
    pub(crate) fn contains(&self, word: &str) -> bool {
        self.bits.may_hold(word) && self.holds(word)
    }

    /// [`WordSet::contains`] past the [`WordBits`].
    fn holds(&self, word: &str) -> bool {
        match short_key(word).filter(|&key| key != 0) {
            Some(key) => self.short.get(key) != UNKNOWN,
            None => self
                .long
                .binary_search_by(|entry| entry.as_str().cmp(word))
                .is_ok(),
        }
    }
}

/// The order the [`PeopleWords`] lists are kept in: by length, then by text.
fn by_length(word: &str) -> (usize, &str) {
    (word.len(), word)
}

impl PeopleWords {
    /// Each list sorted by [`by_length`] and deduplicated, and its [`WordSet`] made.
    fn sorted(mut self) -> Self {
        for (list, set) in [
            &mut self.titles,
            &mut self.subject_verbs,
            &mut self.adverbs,
            &mut self.clause_openers,
            &mut self.reporting,
            &mut self.child_verbs,
            &mut self.not_names,
            &mut self.family_concepts,
        ]
        .into_iter()
        .zip(&mut self.sets)
        {
            list.sort_unstable_by(|a, b| by_length(a).cmp(&by_length(b)));
            list.dedup();
            *set = WordSet::of(list.iter().map(String::as_str));
        }
        self
    }

    pub(crate) fn title(&self, word: &str) -> bool {
        self.sets[0].contains(word)
    }

    pub(crate) fn subject_verb(&self, word: &str) -> bool {
        self.sets[1].contains(word)
    }

    pub(crate) fn adverb(&self, word: &str) -> bool {
        self.sets[2].contains(word)
    }

    pub(crate) fn clause_opener(&self, word: &str) -> bool {
        self.sets[3].contains(word)
    }

    pub(crate) fn reporting(&self, word: &str) -> bool {
        self.sets[4].contains(word)
    }

    pub(crate) fn child_verb(&self, word: &str) -> bool {
        self.sets[5].contains(word)
    }

    pub(crate) fn family_concept(&self, concept: &str) -> bool {
        self.sets[7].contains(concept)
    }

    pub(crate) fn not_name(&self, word: &str) -> bool {
        self.sets[6].contains(word)
    }
}

/// A bit for each (length, first byte) of a word, folded into 64: a heading phrase with a
/// word whose bit a heading lacks cannot be in it, so most phrases are ruled out without
/// comparing any text (a set bit still compares, so the answer is the same).
fn heading_bit(word: &str) -> u64 {
    let first = word.as_bytes().first().copied().unwrap_or(0);
    1_u64 << ((word.len() * 7 + usize::from(first)) & 63)
}

/// Whose words a part of a document is, as its heading says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// A parent or carer writes ("Parent views", "Our views about Theo"): "I" is the parent.
    Parent,
    /// The child or young person writes ("All about me", "My views"): "I" is the child.
    Child,
}

/// The hasher of the word maps: fast on short words; the maps are only looked up, never
/// iterated in a way that reaches the output.
type Fast = BuildHasherDefault<TermHasher>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Category {
    Negation,
    Uncertainty,
    Historical,
    Experiencer,
}

impl Category {
    /// Negation or doubt: the two categories whose scopes end at each other's clauses.
    fn negates_or_doubts(self) -> bool {
        matches!(self, Category::Negation | Category::Uncertainty)
    }

    fn polarity(self) -> Polarity {
        match self {
            Category::Negation => Polarity::Negated,
            Category::Uncertainty => Polarity::Uncertain,
            Category::Historical => Polarity::Historical,
            Category::Experiencer => Polarity::OtherPerson,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Direction {
    Forward,
    Backward,
    Both,
}

impl Direction {
    fn forward(self) -> bool {
        matches!(self, Direction::Forward | Direction::Both)
    }

    fn backward(self) -> bool {
        matches!(self, Direction::Backward | Direction::Both)
    }
}

#[derive(Debug, Clone)]
struct Phrase {
    tokens: Vec<String>,
    /// The tokens' numbers in [`ContextRules::words`].
    ids: Vec<u32>,
    kind: Kind,
}

/// The phrases that start with one word, longest first (in the order of the rules among
/// phrases of one length), with an index by their second word.
#[derive(Debug, Clone, Default)]
struct Starting {
    phrases: Vec<Phrase>,
    /// (second token, index in `phrases`) of every phrase of two tokens or more, sorted.
    seconds: Vec<(u32, usize)>,
    /// The phrase of this one word, if any (there is at most one; it comes last).
    single: Option<usize>,
}

impl Starting {
    fn new(phrases: Vec<Phrase>) -> Starting {
        let mut seconds: Vec<(u32, usize)> = phrases
            .iter()
            .enumerate()
            .filter_map(|(at, phrase)| phrase.ids.get(1).map(|&second| (second, at)))
            .collect();
        seconds.sort_unstable();
        let single = phrases.iter().position(|phrase| phrase.ids.len() == 1);
        Starting {
            phrases,
            seconds,
            single,
        }
    }

    /// The first of the phrases (longest first) whose tokens are those of `ids` from `index`,
    /// where `ids[index]` is their first word: what searching all of them in order finds. A
    /// longer phrase can only match if its second token is the next one, and those are
    /// tried in order (none when the next token is no word of the rules, as every word of a
    /// phrase is); the one-word phrase, after every longer one, matches otherwise.
    fn longest_at(&self, ids: &[u32], index: usize) -> Option<&Phrase> {
        if let Some(&next) = ids.get(index + 1)
            && next != UNKNOWN
        {
            let from = self.seconds.partition_point(|&(second, _)| second < next);
            let longer = self
                .seconds
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|&&(second, _)| second == next)
                .filter_map(|&(_, at)| self.phrases.get(at))
                .find(|phrase| {
                    ids.get(index..index + phrase.ids.len())
                        .is_some_and(|window| window.iter().zip(&phrase.ids).all(|(a, b)| a == b))
                });
            if longer.is_some() {
                return longer;
            }
        }
        self.single.and_then(|at| self.phrases.get(at))
    }
}

/// Not a word of the rules.
const UNKNOWN: u32 = u32::MAX;
/// Words that join clauses: a negation or doubt just after one ("and ruled it out") is not
/// written straight after the thing it is about. Grammar, like the comma, not advice wording,
/// so not in the rules file.
const JOINERS: [&str; 5] = ["and", "but", "or", "nor", "then"];
/// [`Words::flags`]: a backward filler.
const FILLER: u8 = 1;
/// [`Words::flags`]: a question opener ("does", "is", …): a mention in a sentence that opens
/// with one and ends with "?" is uncertain.
const QUESTION_OPENER: u8 = 2;
/// [`Words::flags`]: skipped before an experiencer trigger ("his", "her", …).
const SKIP_BEFORE: u8 = 4;
/// [`Words::flags`]: a word that opens a main clause after a fronted subordinate clause ("his",
/// "she", "the" …; see [`ContextRules::clause_comma`]).
const CLAUSE_SUBJECT: u8 = 8;
/// [`Words::flags`]: the first word of a clause opener ("although", "whether" …), so most
/// sentences are passed over with one flag test.
const CLAUSE_OPENER: u8 = 16;

/// The words and marks of the rules, each with a number (in the order first seen) and flags.
/// A word of 2 to 15 bytes is found by its bytes and length packed into one number
/// ([`short_key`]), a longer one by its text.
#[derive(Debug, Clone, Default)]
struct Words {
    short: KeyTable<u128>,
    long: HashMap<String, u32, Fast>,
    flags: Vec<u8>,
    /// The number of each word of one byte (most are marks: "," "." "("), by its byte,
    /// [`UNKNOWN`] for the rest; empty until a word is given a number.
    single: Vec<u32>,
}

impl Words {
    /// The number of a word, given one if it has none.
    fn intern(&mut self, word: &str) -> u32 {
        let found = self.id(word);
        if found != UNKNOWN {
            return found;
        }
        let id = u32::try_from(self.flags.len()).unwrap_or(UNKNOWN);
        if self.single.is_empty() {
            self.single = vec![UNKNOWN; 256];
        }
        match short_key(word) {
            Some(_) if word.len() == 1 => {
                if let Some(slot) = word
                    .as_bytes()
                    .first()
                    .and_then(|&byte| self.single.get_mut(usize::from(byte)))
                {
                    *slot = id;
                }
            }
            Some(key) => {
                self.short.insert(key, id);
            }
            None => {
                self.long.insert(word.to_owned(), id);
            }
        }
        self.flags.push(0);
        id
    }

    /// The number of a word, or [`UNKNOWN`].
    #[inline]
    fn id(&self, word: &str) -> u32 {
        if let &[byte] = word.as_bytes() {
            return self
                .single
                .get(usize::from(byte))
                .copied()
                .unwrap_or(UNKNOWN);
        }
        match short_key(word) {
            Some(key) => self.short.get(key),
            None => self.long.get(word).copied().unwrap_or(UNKNOWN),
        }
    }

    /// [`Words::id`] of `text[start..end]` (the bytes of a text, or [`UNKNOWN`] when they are
    /// not a part of it that is text): a word of one byte by its byte, one of 2 to 15 bytes by
    /// its [`short_key`] read from `text` ([`short_key_in`]), a longer one by its text.
    #[inline]
    fn id_in(&self, text: &[u8], start: usize, end: usize) -> u32 {
        match text.get(start..end) {
            Some(&[byte]) => self
                .single
                .get(usize::from(byte))
                .copied()
                .unwrap_or(UNKNOWN),
            // Bytes that are not text (a part of a character) are no word's bytes either.
            Some(word) if (2..=15).contains(&word.len()) => {
                self.short.get(short_key_in(text, start, word.len()))
            }
            Some(word) => std::str::from_utf8(word).map_or(UNKNOWN, |word| self.id(word)),
            None => UNKNOWN,
        }
    }

    /// Whether a word (by number) has a flag.
    #[inline]
    fn has(&self, id: u32, flag: u8) -> bool {
        self.flags
            .get(id as usize)
            .is_some_and(|&flags| flags & flag != 0)
    }
}

/// A word of up to 15 bytes as one number: its bytes, big-endian and padded with zero bytes,
/// with its length in the last byte (so words with zero bytes stay apart).
#[inline]
fn short_key(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    // At most 15 bytes, so the last byte of the key is free for the length.
    (bytes.len() <= 15).then(|| crate::bytes::be_key16(bytes) | bytes.len() as u128)
}

/// [`short_key`] of the `length` bytes (2 to 15) of `text` from `start`, which must be in it:
/// where `text` has 8 (or for a word of more than 8 bytes, 16) bytes from `start`, all read at
/// once and those past the word cleared.
#[inline]
fn short_key_in(text: &[u8], start: usize, length: usize) -> u128 {
    let bytes = match text.get(start..).and_then(|rest| rest.first_chunk::<16>()) {
        Some(&sixteen) if length > 8 => u128::from_be_bytes(sixteen) & !(u128::MAX >> (8 * length)),
        // One load of eight bytes for a word of up to eight, where there are eight.
        _ => crate::bytes::be_key16_at(text, start, length),
    };
    bytes | length as u128
}

#[derive(Debug, Clone)]
enum Kind {
    Trigger {
        category: Category,
        direction: Direction,
        window: usize,
        /// Looking backward, the scope ends at an "and" or a punctuation mark ("he is easily
        /// led and last year lent money": the time dates the example, not the trait).
        backward_in_clause: bool,
        attached: bool,
        /// Categories whose forward scopes this trigger also ends ("parents deny ...").
        ends: Vec<Category>,
        /// Bit set of the concept kinds ([`kind_bit`]) the trigger applies to; all kinds when
        /// the rule names none.
        kinds: u8,
        /// Whether the trigger applies only in a parent's own words ("I have dyslexia myself"
        /// in a parent-views section).
        parent_voice: bool,
    },
    Pseudo,
    Terminator {
        direction: Direction,
        ends: Vec<Category>,
        /// Categories it ends going forward only (its `ends` go both ways).
        forward_ends: Vec<Category>,
        after_words: bool,
        /// A relative pronoun ("who", "whose"): a relative clause about another person starts.
        relative: bool,
        /// A relative clause runs on across it ("his brother, who is in Year 6 and has ADHD"):
        /// it does not end an experiencer scope whose trigger is followed at once by a
        /// relative pronoun lying before it.
        crossed_in_relative: bool,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    max_scope_words: usize,
    backward_fillers: Vec<String>,
    experiencer: RawExperiencer,
    #[serde(default)]
    trigger: Vec<RawTrigger>,
    #[serde(default)]
    pseudo: Vec<RawPseudo>,
    #[serde(default)]
    terminator: Vec<RawTerminator>,
    #[serde(default)]
    question_openers: Vec<String>,
    #[serde(default)]
    clauses: RawClauses,
    #[serde(default)]
    voice: RawVoice,
    #[serde(default)]
    people: PeopleWords,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawClauses {
    #[serde(default)]
    openers: Vec<String>,
    #[serde(default)]
    subjects: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExperiencer {
    not_after: Vec<String>,
    skip_before: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrigger {
    category: Category,
    direction: Direction,
    phrases: Vec<String>,
    #[serde(default)]
    window: Option<usize>,
    /// Looking backward, stays within its clause: no "and" or punctuation mark between.
    #[serde(default)]
    backward_in_clause: bool,
    #[serde(default)]
    attached: bool,
    #[serde(default)]
    ends: Vec<Category>,
    /// Concept kinds the trigger applies to (`intervention`, `diagnosis` …); all when empty.
    #[serde(default)]
    kinds: Vec<String>,
    /// Applies only to sentences in a parent's own words.
    #[serde(default)]
    parent_voice: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawVoice {
    #[serde(default)]
    parent_headings: Vec<String>,
    #[serde(default)]
    child_headings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPseudo {
    phrases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerminator {
    phrases: Vec<String>,
    #[serde(default)]
    direction: Option<Direction>,
    #[serde(default)]
    ends: Option<Vec<Category>>,
    #[serde(default)]
    forward_ends: Vec<Category>,
    #[serde(default)]
    after_words: bool,
    #[serde(default)]
    relative: bool,
    #[serde(default)]
    crossed_in_relative: bool,
}

impl ContextRules {
    /// The rules shipped with dehcp (`data/context-rules.toml`).
    pub fn builtin() -> Result<Self, ContextError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads rules from the text of a `context-rules.toml` file (the same format as the
    /// shipped file, whose comments describe it). Every phrase must contain a word or a mark,
    /// and no phrase may appear twice, across all kinds.
    pub fn from_toml_str(text: &str) -> Result<Self, ContextError> {
        let raw: RawFile = toml::from_str(text).map_err(|error| ContextError::Syntax {
            message: error.message().to_owned(),
        })?;
        let bad = |message: String| ContextError::Content { message };
        if raw.version.trim().is_empty() {
            return Err(bad("version is empty".to_owned()));
        }
        if raw.max_scope_words == 0 {
            return Err(bad("max_scope_words must be at least 1".to_owned()));
        }
        let mut counts = RuleCounts::default();
        let mut all: Vec<(String, Phrase)> = Vec::new();
        for trigger in &raw.trigger {
            if trigger.window == Some(0) {
                return Err(bad("a trigger window must be at least 1".to_owned()));
            }
            let mut kinds = 0_u8;
            for name in &trigger.kinds {
                let parsed: ConceptKind = name
                    .parse()
                    .map_err(|_| bad(format!("unknown concept kind \"{name}\" in a trigger")))?;
                kinds |= kind_bit(Some(parsed));
            }
            let kind = Kind::Trigger {
                category: trigger.category,
                direction: trigger.direction,
                window: trigger.window.unwrap_or(raw.max_scope_words),
                backward_in_clause: trigger.backward_in_clause,
                attached: trigger.attached,
                ends: trigger.ends.clone(),
                kinds: if kinds == 0 { ALL_KINDS } else { kinds },
                parent_voice: trigger.parent_voice,
            };
            let count = match trigger.category {
                Category::Negation => &mut counts.negation,
                Category::Uncertainty => &mut counts.uncertainty,
                Category::Historical => &mut counts.historical,
                Category::Experiencer => &mut counts.experiencer,
            };
            *count += trigger.phrases.len();
            push_phrases(&mut all, &trigger.phrases, &kind, "trigger")?;
        }
        for pseudo in &raw.pseudo {
            counts.pseudo += pseudo.phrases.len();
            push_phrases(&mut all, &pseudo.phrases, &Kind::Pseudo, "pseudo")?;
        }
        for terminator in &raw.terminator {
            let ends = terminator.ends.clone().unwrap_or_else(|| {
                vec![
                    Category::Negation,
                    Category::Uncertainty,
                    Category::Historical,
                    Category::Experiencer,
                ]
            });
            if ends.is_empty() {
                return Err(bad("a terminator's `ends` list is empty".to_owned()));
            }
            let kind = Kind::Terminator {
                direction: terminator.direction.unwrap_or(Direction::Both),
                ends,
                forward_ends: terminator.forward_ends.clone(),
                after_words: terminator.after_words,
                relative: terminator.relative,
                crossed_in_relative: terminator.crossed_in_relative,
            };
            counts.terminators += terminator.phrases.len();
            push_phrases(&mut all, &terminator.phrases, &kind, "terminator")?;
        }

        let mut seen: HashMap<Vec<String>, String> = HashMap::new();
        let mut words = Words::default();
        let apostrophe_s = words.intern("'s");
        let question_mark = words.intern("?");
        let comma = words.intern(",");
        let mut phrases: Vec<Vec<Phrase>> = Vec::new();
        for (written, mut phrase) in all {
            if let Some(previous) = seen.insert(phrase.tokens.clone(), written.clone()) {
                return Err(bad(format!(
                    "phrase \"{written}\" appears more than once (also as \"{previous}\")"
                )));
            }
            phrase.ids = phrase
                .tokens
                .iter()
                .map(|token| words.intern(token))
                .collect();
            if let Some(&first) = phrase.ids.first() {
                if phrases.len() <= first as usize {
                    phrases.resize_with(first as usize + 1, Vec::new);
                }
                if let Some(list) = phrases.get_mut(first as usize) {
                    list.push(phrase);
                }
            }
        }
        for list in &mut phrases {
            list.sort_by_key(|phrase| std::cmp::Reverse(phrase.tokens.len()));
        }
        let phrases: Vec<Starting> = phrases.into_iter().map(Starting::new).collect();

        let single_words =
            |list: &[String], what: &str| -> Result<HashSet<String, Fast>, ContextError> {
                let mut set = HashSet::default();
                for item in list {
                    match words_of(item).as_slice() {
                        [one] => {
                            set.insert(one.clone());
                        }
                        _ => {
                            return Err(bad(format!("{what} \"{item}\" must be a single word")));
                        }
                    }
                }
                Ok(set)
            };
        let mut flag_all = |set: HashSet<String, Fast>, flag: u8| {
            for word in &set {
                let id = words.intern(word);
                if let Some(flags) = words.flags.get_mut(id as usize) {
                    *flags |= flag;
                }
            }
        };
        flag_all(
            single_words(&raw.backward_fillers, "backward filler")?,
            FILLER,
        );
        flag_all(
            single_words(&raw.question_openers, "question opener")?,
            QUESTION_OPENER,
        );
        let widest = raw
            .trigger
            .iter()
            .filter_map(|trigger| trigger.window)
            .chain([raw.max_scope_words])
            .max()
            .unwrap_or(raw.max_scope_words);
        let reach = widest.saturating_mul(4).saturating_add(16).max(MIN_REACH);
        flag_all(
            single_words(&raw.experiencer.skip_before, "experiencer skip_before word")?,
            SKIP_BEFORE,
        );
        flag_all(
            single_words(&raw.clauses.subjects, "clause subject")?,
            CLAUSE_SUBJECT,
        );
        let mut experiencer_not_after = Vec::new();
        for item in &raw.experiencer.not_after {
            let tokens = words_of(item);
            if tokens.is_empty() {
                return Err(bad(format!(
                    "experiencer not_after \"{item}\" has no words"
                )));
            }
            experiencer_not_after.push(tokens.iter().map(|token| words.intern(token)).collect());
        }

        let heading_words = |list: &[String]| -> Result<Vec<(u64, Vec<String>)>, ContextError> {
            list.iter()
                .map(|item| {
                    let words = words_of(item);
                    if words.is_empty() {
                        Err(bad(format!("voice heading phrase \"{item}\" has no words")))
                    } else {
                        let bits = words.iter().fold(0, |bits, word| bits | heading_bit(word));
                        Ok((bits, words))
                    }
                })
                .collect()
        };
        let mut clause_openers = Vec::new();
        for item in &raw.clauses.openers {
            let tokens = words_of(item);
            if tokens.is_empty() {
                return Err(bad(format!("clause opener \"{item}\" has no words")));
            }
            let ids: Vec<u32> = tokens.iter().map(|token| words.intern(token)).collect();
            if let Some(flags) = ids.first().and_then(|&id| words.flags.get_mut(id as usize)) {
                *flags |= CLAUSE_OPENER;
            }
            clause_openers.push(ids);
        }
        let parent_headings = heading_words(&raw.voice.parent_headings)?;
        let child_headings = heading_words(&raw.voice.child_headings)?;

        Ok(ContextRules {
            version: raw.version,
            parent_headings,
            child_headings,
            words,
            phrases,
            experiencer_not_after,
            apostrophe_s,
            question_mark,
            comma,
            clause_openers,
            clause_end: Kind::Terminator {
                direction: Direction::Both,
                ends: vec![
                    Category::Negation,
                    Category::Uncertainty,
                    Category::Historical,
                    Category::Experiencer,
                ],
                forward_ends: Vec::new(),
                after_words: false,
                relative: false,
                crossed_in_relative: false,
            },
            reach,
            counts,
            people: raw.people.sorted(),
        })
    }

    /// The words that find a named person other than the child (`[people]`).
    pub fn people(&self) -> &PeopleWords {
        &self.people
    }

    /// The version string of the rules file.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// How many phrases of each kind are loaded.
    pub fn counts(&self) -> RuleCounts {
        self.counts
    }

    /// Classifies the mention at `mention_start..mention_end` (CHARACTER offsets within
    /// `sentence`). Offsets out of range are clamped; an empty or reversed span is treated as a
    /// point. Never panics.
    ///
    /// To classify several mentions of one sentence, read it once with
    /// [`ContextRules::sentence`] and call [`ContextSentence::classify`] for each: the answers
    /// are the same and the sentence is tokenised only once.
    pub fn classify(
        &self,
        sentence: &str,
        mention_start: usize,
        mention_end: usize,
    ) -> Classification {
        self.sentence(sentence).classify(mention_start, mention_end)
    }

    /// Whose words follow a heading: the parent's, the child's, or neither said (`None`). A
    /// heading naming both ("Parent views, with Robin's views") says neither.
    pub fn heading_voice(&self, heading: &str) -> Option<Voice> {
        self.heading_voice_in(heading, false, &mut SentenceBuffers::default())
    }

    /// [`ContextRules::heading_voice`], tokenising into the buffers of `buffers`; `ascii` says
    /// the heading is known to be ASCII (`false` says nothing: it is then checked).
    pub(crate) fn heading_voice_in(
        &self,
        heading: &str,
        ascii: bool,
        buffers: &mut SentenceBuffers<'_>,
    ) -> Option<Voice> {
        let SentenceBuffers { lower, tokens, .. } = buffers;
        tokenise_into(heading, ascii, lower, tokens);
        let (lower, tokens) = (&*lower, &*tokens);
        let word = |token: &Token| token.text(lower);
        // The bits of the heading's words (see `heading_bit`): a phrase whose words' bits are
        // not all among them is ruled out with one test.
        let present = tokens
            .iter()
            .fold(0_u64, |bits, token| bits | heading_bit(word(token)));
        let has = |phrases: &[(u64, Vec<String>)]| {
            phrases.iter().any(|(bits, phrase)| {
                present & bits == *bits
                    && tokens
                        .windows(phrase.len())
                        .any(|window| window.iter().zip(phrase).all(|(a, b)| word(a) == b))
            })
        };
        match (has(&self.parent_headings), has(&self.child_headings)) {
            (true, false) => Some(Voice::Parent),
            (false, true) => Some(Voice::Child),
            _ => None,
        }
    }

    /// Reads a sentence written in a parent's own words: as [`ContextRules::sentence`], and
    /// the rules marked `parent_voice` apply ("I have dyslexia myself" is about the parent).
    pub fn parent_sentence<'r, 's>(&'r self, sentence: &'s str) -> ContextSentence<'r, 's> {
        self.sentence_in(sentence, true, false, &mut SentenceBuffers::default())
    }

    /// Reads a sentence once (tokens, phrases and running counts), ready to classify any number
    /// of mentions in it. Linear in the sentence's length.
    pub fn sentence<'r, 's>(&'r self, sentence: &'s str) -> ContextSentence<'r, 's> {
        self.sentence_in(sentence, false, false, &mut SentenceBuffers::default())
    }

    /// [`ContextRules::sentence`] (or [`ContextRules::parent_sentence`] when `parent_voice`),
    /// reading into the vectors of `buffers`, which the sentence takes; give them back with
    /// [`ContextSentence::recycle`] so that the next sentence reuses them. The same sentence,
    /// without allocating once the buffers are big enough. `ascii` says the sentence is known
    /// to be ASCII (`false` says nothing: it is then checked).
    pub(crate) fn sentence_in<'r, 's>(
        &'r self,
        sentence: &'s str,
        parent_voice: bool,
        ascii: bool,
        buffers: &mut SentenceBuffers<'r>,
    ) -> ContextSentence<'r, 's> {
        let mut tokens = std::mem::take(&mut buffers.tokens);
        let ascii = tokenise_into(sentence, ascii, &mut buffers.lower, &mut tokens);
        let lower = buffers.lower.as_bytes();
        // Each token's number among the rules' words, looked up once.
        let ids = &mut buffers.ids;
        ids.clear();
        ids.extend(
            tokens
                .iter()
                .map(|token| self.words.id_in(lower, token.lower_start, token.lower_end)),
        );
        let ids = &*ids;
        let mut matches = std::mem::take(&mut buffers.matches);
        self.scan_into(ids, &tokens, &mut matches);
        if let Some(comma) = self.clause_comma(ids, &tokens, sentence) {
            let at = matches.partition_point(|found| found.first < comma);
            let covered = at
                .checked_sub(1)
                .and_then(|before| matches.get(before))
                .is_some_and(|found| found.last >= comma)
                || matches.get(at).is_some_and(|found| found.first == comma);
            if !covered {
                matches.insert(
                    at,
                    Match {
                        first: comma,
                        last: comma,
                        kind: &self.clause_end,
                    },
                );
            }
        }
        // The terminators, walked beside the tokens: the scan finds matches left to right and
        // apart, so a token is inside one exactly when the first terminator not yet passed
        // (not ending before it) starts at or before it. No per-token flags are needed.
        let mut terminators = matches
            .iter()
            .filter(|found| matches!(found.kind, Kind::Terminator { .. }))
            .map(|found| (found.first, found.last));
        // The first terminator not yet passed (none: one that starts past every token).
        let past = (usize::MAX, usize::MAX);
        let mut terminator = terminators.next().unwrap_or(past);
        let mut words = std::mem::take(&mut buffers.words);
        let mut content = std::mem::take(&mut buffers.content);
        // The counts before the first token are 0; those after each token are written in
        // place.
        words.clear();
        content.clear();
        words.resize(tokens.len() + 1, 0);
        content.resize(tokens.len() + 1, 0);
        let (mut w, mut c) = (0, 0);
        let after = words.iter_mut().zip(content.iter_mut()).skip(1);
        for (((index, token), &id), (words_after, content_after)) in
            tokens.iter().enumerate().zip(ids).zip(after)
        {
            if token.word {
                w += 1;
                while terminator.1 < index {
                    terminator = terminators.next().unwrap_or(past);
                }
                let in_terminator = terminator.0 <= index;
                if !in_terminator && !self.words.has(id, FILLER) {
                    c += 1;
                }
            }
            *words_after = w;
            *content_after = c;
        }
        let question = match (ids.first(), ids.last()) {
            (Some(&first), Some(&last))
                if tokens.len() > 1
                    && last == self.question_mark
                    && self.words.has(first, QUESTION_OPENER) =>
            {
                Some(tokens.len() - 1)
            }
            _ => None,
        };
        ContextSentence {
            rules: self,
            text: sentence,
            // An ASCII sentence has a character per byte.
            chars: match tokens.last() {
                None => 0,
                Some(_) if ascii => sentence.len(),
                Some(_) => sentence.chars().count(),
            },
            tokens,
            matches,
            words,
            content,
            question,
            parent_voice,
        }
    }

    /// The comma that ends a fronted subordinate clause, as a token index: in "Although Leo
    /// does not have a formal diagnosis, his dyslexic tendencies were evident" the negation
    /// stays in its clause, as does "his twin" in "Unlike his twin, Reuben is autistic". The
    /// sentence must open with a clause opener; the clause ends at the first comma followed by
    /// a word that starts a main clause (a [`CLAUSE_SUBJECT`] word such as "his" or "she", or a
    /// name: a capital followed by a small letter), so "Although there are no concerns about
    /// his eyesight, hearing or balance, ..." keeps its list whole.
    fn clause_comma(&self, ids: &[u32], tokens: &[Token], sentence: &str) -> Option<usize> {
        let first = tokens.iter().position(|token| token.word)?;
        if !self.words.has(ids[first], CLAUSE_OPENER) {
            return None;
        }
        let opener = self.clause_openers.iter().find(|opener| {
            ids.get(first..first + opener.len())
                .is_some_and(|start| start == opener.as_slice())
        })?;
        let from = first + opener.len();
        (from..ids.len().saturating_sub(1)).find(|&index| {
            ids[index] == self.comma && {
                let next = &tokens[index + 1];
                next.word
                    && (self.words.has(ids[index + 1], CLAUSE_SUBJECT)
                        || starts_like_a_name(
                            sentence
                                .get(next.byte_start..next.byte_end)
                                .unwrap_or_default(),
                        ))
            }
        })
    }

    /// Greedy longest-match scan; triggers failing their `attached` or experiencer conditions
    /// are dropped (their tokens stay used up).
    fn scan_into<'a>(&'a self, ids: &[u32], tokens: &[Token], found: &mut Vec<Match<'a>>) {
        found.clear();
        let mut index = 0;
        while index < ids.len() {
            let hit = self
                .phrases
                .get(ids[index] as usize)
                .and_then(|starting| starting.longest_at(ids, index));
            let Some(phrase) = hit else {
                index += 1;
                continue;
            };
            let last = index + phrase.tokens.len() - 1;
            if self.keeps(phrase, ids, tokens, index, last) {
                found.push(Match {
                    first: index,
                    last,
                    kind: &phrase.kind,
                });
            }
            index = last + 1;
        }
    }

    fn keeps(
        &self,
        phrase: &Phrase,
        ids: &[u32],
        tokens: &[Token],
        first: usize,
        last: usize,
    ) -> bool {
        match phrase.kind {
            Kind::Trigger { attached: true, .. } => tokens
                .get(last + 1)
                .is_some_and(|next| next.word && next.start == tokens[last].end),
            Kind::Trigger {
                category: Category::Experiencer,
                ..
            } => !self.after_not_after(ids, first),
            _ => true,
        }
    }

    /// Whether the experiencer trigger at `first` follows "according to", "by" and so on
    /// (skipping "his", "her", possessive "'s" and the like).
    fn after_not_after(&self, ids: &[u32], first: usize) -> bool {
        let mut before = first;
        while before > 0 {
            let id = ids[before - 1];
            if id == self.apostrophe_s || self.words.has(id, SKIP_BEFORE) {
                before -= 1;
            } else {
                break;
            }
        }
        self.experiencer_not_after.iter().any(|words| {
            words.len() <= before
                && words
                    .iter()
                    .zip(&ids[before - words.len()..before])
                    .all(|(want, id)| want == id)
        })
    }
}

/// The fewest tokens either side of a mention searched for triggers.
const MIN_REACH: usize = 64;

/// A sentence read once by [`ContextRules::sentence`]: its tokens, the rule phrases found in it
/// and running word counts, so that each mention is classified in time that depends on the
/// rules' scope windows, not on the sentence's length.
#[derive(Debug)]
pub struct ContextSentence<'r, 's> {
    rules: &'r ContextRules,
    text: &'s str,
    chars: usize,
    tokens: Vec<Token>,
    matches: Vec<Match<'r>>,
    /// `words[i]`: word tokens among the first `i` tokens.
    words: Vec<usize>,
    /// `content[i]`: word tokens among the first `i` that are neither fillers nor part of a
    /// terminator.
    content: Vec<usize>,
    /// The closing "?" of a yes/no question, as a token index.
    question: Option<usize>,
    /// Whether the sentence is in a parent's own words.
    parent_voice: bool,
}

/// Vectors that [`ContextRules::sentence_in`] reads sentences into, one sentence after another,
/// so that reading many sentences allocates only while the vectors grow.
#[derive(Debug, Default)]
pub(crate) struct SentenceBuffers<'r> {
    lower: String,
    tokens: Vec<Token>,
    ids: Vec<u32>,
    matches: Vec<Match<'r>>,
    words: Vec<usize>,
    content: Vec<usize>,
}

impl<'r> ContextSentence<'r, '_> {
    /// Gives the sentence's vectors back to `buffers`, for the next sentence to reuse.
    pub(crate) fn recycle(self, buffers: &mut SentenceBuffers<'r>) {
        buffers.tokens = self.tokens;
        buffers.matches = self.matches;
        buffers.words = self.words;
        buffers.content = self.content;
    }
}

impl ContextSentence<'_, '_> {
    /// Classifies the mention at `mention_start..mention_end` (CHARACTER offsets within the
    /// sentence), as [`ContextRules::classify`] does. Never panics.
    /// Triggers limited to some concept kinds (`kinds` in the rules) do not apply here; use
    /// [`ContextSentence::classify_as`] when the mention's kind is known.
    pub fn classify(&self, mention_start: usize, mention_end: usize) -> Classification {
        self.classify_kind(mention_start, mention_end, None, false)
    }

    /// Classifies a mention of a concept of the given kind: as [`ContextSentence::classify`],
    /// and triggers limited to that kind apply too ("had grommets fitted at the age of three"
    /// dates a procedure; "diagnosed with autism at the age of three" still holds).
    pub fn classify_as(
        &self,
        mention_start: usize,
        mention_end: usize,
        kind: ConceptKind,
    ) -> Classification {
        self.classify_kind(mention_start, mention_end, Some(kind), false)
    }

    /// [`ContextSentence::classify_as`] for a concept that describes the child's family ("his
    /// mother and stepfather are very supportive parents"): a family member named near it is
    /// who the concept is about, so experiencer triggers do not apply.
    pub fn classify_family(
        &self,
        mention_start: usize,
        mention_end: usize,
        kind: ConceptKind,
    ) -> Classification {
        self.classify_kind(mention_start, mention_end, Some(kind), true)
    }

    fn classify_kind(
        &self,
        mention_start: usize,
        mention_end: usize,
        concept_kind: Option<ConceptKind>,
        family: bool,
    ) -> Classification {
        let wanted = kind_bit(concept_kind);
        let tokens = &self.tokens;
        let start = mention_start.min(self.chars);
        let end = mention_end.clamp(start, self.chars);
        // Only the phrases near the mention can reach it.
        let first_token = tokens.partition_point(|t| t.end <= start);
        let after_token = tokens.partition_point(|t| t.start < end.max(start + 1));
        let from = first_token.saturating_sub(self.rules.reach);
        let to = after_token.saturating_add(self.rules.reach);
        let low = self.matches.partition_point(|m| m.first < from);
        let high = self.matches.partition_point(|m| m.first < to);
        let nearby = self.matches.get(low..high).unwrap_or(&[]);

        // Best (nearest) applicable trigger per polarity: (distance in words, match).
        let mut best: [Option<(usize, &Match<'_>)>; 5] = [None; 5];
        for found in nearby {
            let &Kind::Trigger {
                category,
                direction,
                window,
                backward_in_clause,
                kinds,
                parent_voice,
                ..
            } = found.kind
            else {
                continue;
            };
            if kinds & wanted == 0
                || (parent_voice && !self.parent_voice)
                || (family && category == Category::Experiencer)
            {
                continue;
            }
            let (trigger_start, trigger_end) = (tokens[found.first].start, tokens[found.last].end);
            // A trigger inside the mention (or the mention inside it) does not apply, except a
            // forward trigger that starts before the mention and ends within it ("no
            // difficulty with" and "difficulty with joint attention", "was bullied" and
            // "bullied"): it reaches the mention at once.
            let overlaps = trigger_start < end.max(start + 1) && start < trigger_end;
            let leads_in = direction.forward() && trigger_start < start && trigger_end <= end;
            if overlaps && !leads_in {
                continue;
            }
            // A trigger that reaches both ways and is followed at once by a comma or semicolon
            // ends its clause there: in "DCD considered and ruled out, sensory processing
            // differences" it says nothing of what follows.
            let clause_ends = direction.backward()
                && category.negates_or_doubts()
                && tokens
                    .get(found.last + 1)
                    .is_some_and(|next| self.is_clause_mark(next));
            let distance = if overlaps {
                Some(0)
            } else if direction.forward() && trigger_end <= start && !clause_ends {
                self.forward_reach(nearby, found, start, category, window)
            } else {
                None
            };
            let distance = distance.or_else(|| {
                if direction.backward()
                    && end <= trigger_start
                    && !(backward_in_clause && self.clause_or_and(end, trigger_start))
                {
                    self.backward_reach(nearby, found, end, category, window)
                } else {
                    None
                }
            });
            if let Some(distance) = distance {
                let slot = &mut best[priority(category.polarity())];
                if slot.is_none_or(|(kept, _)| distance < kept) {
                    *slot = Some((distance, found));
                }
            }
        }

        for polarity in Polarity::BY_PRIORITY {
            if let Some((_, found)) = best[priority(polarity)] {
                return Classification {
                    polarity,
                    trigger: Some(self.span(found.first, found.last)),
                };
            }
            // A yes/no question ("Does he have ASD?") is uncertain unless a stronger context
            // applies.
            if polarity == Polarity::Uncertain
                && let Some(mark) = self.question
                && tokens[mark].start >= end
            {
                return Classification {
                    polarity,
                    trigger: Some(self.span(mark, mark)),
                };
            }
        }
        Classification {
            polarity: Polarity::Affirmed,
            trigger: None,
        }
    }

    /// The verbatim span of tokens `first..=last`.
    fn span(&self, first: usize, last: usize) -> TriggerSpan {
        let (a, b) = (&self.tokens[first], &self.tokens[last]);
        TriggerSpan {
            text: self
                .text
                .get(a.byte_start..b.byte_end)
                .unwrap_or_default()
                .to_owned(),
            start: a.start,
            end: b.end,
        }
    }

    /// Token indices `i..j` of the tokens lying wholly within characters `a..b`.
    fn within(&self, a: usize, b: usize) -> (usize, usize) {
        let i = self.tokens.partition_point(|t| t.start < a);
        let j = self.tokens.partition_point(|t| t.end <= b);
        (i, j.max(i))
    }

    fn count(prefix: &[usize], (i, j): (usize, usize)) -> usize {
        match (prefix.get(i), prefix.get(j)) {
            (Some(a), Some(b)) => b.saturating_sub(*a),
            _ => 0,
        }
    }

    /// Words between the trigger and a mention after it, if the mention is in scope.
    fn forward_reach(
        &self,
        nearby: &[Match<'_>],
        trigger: &Match<'_>,
        mention_start: usize,
        category: Category,
        window: usize,
    ) -> Option<usize> {
        let tokens = &self.tokens;
        let from = tokens[trigger.last].end;
        let words_between = |a: usize, b: usize| Self::count(&self.words, self.within(a, b));
        let distance = words_between(from, mention_start);
        if distance > window {
            return None;
        }
        let blocked = nearby.iter().any(|m| {
            let (m_start, m_end) = (tokens[m.first].start, tokens[m.last].end);
            if m_start < from || m_end > mention_start {
                return false;
            }
            match m.kind {
                Kind::Terminator {
                    direction,
                    ends,
                    forward_ends,
                    after_words,
                    crossed_in_relative,
                    ..
                } => {
                    direction.forward()
                        && (ends.contains(&category) || forward_ends.contains(&category))
                        && !(*after_words && words_between(from, m_start) == 0)
                        && !(*crossed_in_relative
                            && category == Category::Experiencer
                            && self.relative_clause_follows(nearby, from, m_start))
                }
                // A negation or doubt of the other kind in a later clause ends this one's
                // scope: "ADHD on the pathway, DCD ruled out, sensory processing differences"
                // (but "none of the features of" is one phrase of negation).
                Kind::Trigger {
                    ends,
                    category: other,
                    ..
                } => {
                    ends.contains(&category)
                        || (*other != category
                            && other.negates_or_doubts()
                            && category.negates_or_doubts()
                            && self.clause_break(from, m_start))
                }
                Kind::Pseudo => false,
            }
        });
        (!blocked).then_some(distance)
    }

    /// Whether a relative pronoun ("who", "whose") starts within two words after character
    /// `from` (a trigger's end), and before character `before`: "his brother, who ...", "her
    /// brother Jakub, who ...".
    fn relative_clause_follows(&self, nearby: &[Match<'_>], from: usize, before: usize) -> bool {
        nearby.iter().any(|m| {
            let start = self.tokens[m.first].start;
            matches!(m.kind, Kind::Terminator { relative: true, .. })
                && start >= from
                && self.tokens[m.last].end <= before
                && Self::count(&self.words, self.within(from, start)) <= 2
        })
    }

    /// Whether a punctuation mark or the word "and" lies between characters `a` and `b`.
    fn clause_or_and(&self, a: usize, b: usize) -> bool {
        let (i, j) = self.within(a, b);
        self.tokens.get(i..j).unwrap_or(&[]).iter().any(|token| {
            let text = self.text.get(token.byte_start..token.byte_end);
            !token.word || text.is_some_and(|word| word.eq_ignore_ascii_case("and"))
        })
    }

    /// Whether `token` is a comma or semicolon.
    fn is_clause_mark(&self, token: &Token) -> bool {
        !token.word
            && matches!(
                self.text.get(token.byte_start..token.byte_end),
                Some("," | ";")
            )
    }

    /// Whether a comma or semicolon lies between characters `a` and `b`.
    fn clause_break(&self, a: usize, b: usize) -> bool {
        let (i, j) = self.within(a, b);
        self.tokens
            .get(i..j)
            .unwrap_or(&[])
            .iter()
            .any(|token| self.is_clause_mark(token))
    }

    /// Non-filler words between a mention before the trigger and the trigger, if the mention
    /// is in scope. Terminators with only fillers between them and the trigger are crossed.
    fn backward_reach(
        &self,
        nearby: &[Match<'_>],
        trigger: &Match<'_>,
        mention_end: usize,
        category: Category,
        window: usize,
    ) -> Option<usize> {
        let tokens = &self.tokens;
        let to = tokens[trigger.first].start;
        // Words of terminators count as fillers, so "; however, it was excluded" reaches back
        // across both marks.
        let content_words = |a: usize, b: usize| Self::count(&self.content, self.within(a, b));
        let distance = content_words(mention_end, to);
        if distance > window {
            return None;
        }
        // A negation or doubt written straight after a word ("ADHD queried", "DCD ruled out")
        // is about that word: in "autism (confirmed in June), ADHD queried" it does not reach
        // back past the comma to autism.
        let postposed = trigger.first > 0
            && tokens[trigger.first - 1].word
            && content_words(tokens[trigger.first - 1].start, to) == 1
            && !self
                .text
                .get(tokens[trigger.first - 1].byte_start..tokens[trigger.first - 1].byte_end)
                .is_some_and(|word| {
                    JOINERS
                        .iter()
                        .any(|joiner| word.eq_ignore_ascii_case(joiner))
                });
        if postposed && category.negates_or_doubts() && self.clause_break(mention_end, to) {
            return None;
        }
        let blocked = nearby.iter().any(|m| {
            let (m_start, m_end) = (tokens[m.first].start, tokens[m.last].end);
            if m_start < mention_end || m_end > to {
                return false;
            }
            // A negation or doubt of the other kind that itself looks back has a clause of
            // its own: in "ADHD queried and on the pathway, DCD considered and ruled out",
            // "ruled out" does not reach ADHD.
            let Kind::Terminator {
                direction, ends, ..
            } = m.kind
            else {
                return matches!(
                    m.kind,
                    Kind::Trigger { category: other, direction: looks, .. }
                        if *other != category
                            && looks.backward()
                            && other.negates_or_doubts()
                            && category.negates_or_doubts()
                );
            };
            // Crossable when the trigger's own clause is nothing but fillers ("but it was
            // ruled out") or nothing at all ("considered but ruled out", "tested and was within
            // normal limits"): the trigger then refers back to what came before.
            let crossable = content_words(m_end, to) == 0;
            direction.backward() && ends.contains(&category) && !crossable
        });
        (!blocked).then_some(distance)
    }
}

/// A trigger with no `kinds` applies to every mention, of a known kind or not.
const ALL_KINDS: u8 = 0b11_1111;

/// The bit of a concept kind in a trigger's `kinds` set; an unknown kind has a bit of its own,
/// which only triggers for all kinds include.
fn kind_bit(kind: Option<ConceptKind>) -> u8 {
    match kind {
        None => 1,
        Some(ConceptKind::Diagnosis) => 1 << 1,
        Some(ConceptKind::Difficulty) => 1 << 2,
        Some(ConceptKind::Strength) => 1 << 3,
        Some(ConceptKind::Professional) => 1 << 4,
        Some(ConceptKind::Intervention) => 1 << 5,
    }
}

/// Index of a polarity in [`Polarity::BY_PRIORITY`].
fn priority(polarity: Polarity) -> usize {
    match polarity {
        Polarity::OtherPerson => 0,
        Polarity::Negated => 1,
        Polarity::Uncertain => 2,
        Polarity::Historical => 3,
        Polarity::Affirmed => 4,
    }
}

/// A phrase found in a sentence: tokens `first..=last`.
#[derive(Debug)]
struct Match<'a> {
    first: usize,
    last: usize,
    kind: &'a Kind,
}

fn push_phrases(
    all: &mut Vec<(String, Phrase)>,
    phrases: &[String],
    kind: &Kind,
    what: &str,
) -> Result<(), ContextError> {
    if phrases.is_empty() {
        return Err(ContextError::Content {
            message: format!("a {what} entry has no phrases"),
        });
    }
    for written in phrases {
        let tokens = words_of(written);
        if tokens.is_empty() {
            return Err(ContextError::Content {
                message: format!("{what} phrase \"{written}\" has no words or marks"),
            });
        }
        all.push((
            written.clone(),
            Phrase {
                tokens,
                ids: Vec::new(),
                kind: kind.clone(),
            },
        ));
    }
    Ok(())
}

fn words_of(text: &str) -> Vec<String> {
    let (lower, tokens) = tokenise(text);
    tokens
        .iter()
        .map(|token| token.text(&lower).to_owned())
        .collect()
}

/// A lower-cased word or punctuation mark and where it is (character and byte offsets). Its
/// lower-case text is `lower[lower_start..lower_end]` of the buffer [`tokenise`] returns with
/// it, so a sentence's tokens share one allocation.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    lower_start: usize,
    lower_end: usize,
    start: usize,
    end: usize,
    byte_start: usize,
    byte_end: usize,
    word: bool,
}

impl Token {
    /// Its lower-case text, from the buffer it was tokenised with.
    #[inline]
    fn text<'a>(&self, lower: &'a str) -> &'a str {
        lower
            .get(self.lower_start..self.lower_end)
            .unwrap_or_default()
    }
}

/// A capital letter followed by a small one ("Daisy", "Nadia's"), as a name starts; not an
/// abbreviation ("ADHD") or a lone "I".
fn starts_like_a_name(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase()
    )
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '‒' | '–' | '—' | '―')
}

/// Splits text into tokens: runs of letters and digits (with inner apostrophes, so "doesn't"
/// is one word, but a final possessive "'s" split off), and single punctuation marks.
/// Whitespace and dashes separate tokens and are not tokens themselves. One pass, no copy of
/// the text: the lower-case text of every token is in the one buffer returned with them.
fn tokenise(text: &str) -> (String, Vec<Token>) {
    let (mut lower, mut tokens) = (String::new(), Vec::new());
    tokenise_into(text, false, &mut lower, &mut tokens);
    (lower, tokens)
}

/// [`tokenise`] into the given buffers (emptied first): the lower-case text into `lower`, the
/// tokens into `tokens`. `ascii` says the text is known to be ASCII (`false` says nothing: it
/// is then checked); gives whether it is.
fn tokenise_into(text: &str, ascii: bool, lower: &mut String, tokens: &mut Vec<Token>) -> bool {
    lower.clear();
    tokens.clear();
    let ascii = ascii || text.is_ascii();
    if ascii {
        // Characters are bytes: no decoding, and character and byte offsets are the same.
        tokenise_ascii(text, lower, tokens);
    } else {
        tokenise_chars(
            text.len(),
            text.char_indices().enumerate().map(|(i, (b, c))| (i, b, c)),
            lower,
            tokens,
        );
    }
    ascii
}

/// [`tokenise_chars`] for ASCII text, byte by byte: the same tokens, with the same lower-case
/// texts (for ASCII, a character is white space, a dash, a letter or digit or an apostrophe
/// exactly when these byte tests say so, and lower-casing is per byte). The buffer is the whole
/// text lower-cased, so each token's lower-case text sits at its own byte offsets.
/// `lower` and `tokens` are empty and are filled.
fn tokenise_ascii(source: &str, lower: &mut String, tokens: &mut Vec<Token>) {
    let text = source.as_bytes();
    lower.push_str(source);
    lower.make_ascii_lowercase();
    tokens.reserve(text.len() / 4 + 4);
    let token = |start: usize, end: usize, word: bool| Token {
        lower_start: start,
        lower_end: end,
        start,
        end,
        byte_start: start,
        byte_end: end,
        word,
    };
    let alphanumeric = |index: usize| {
        text.get(index)
            .is_some_and(|&byte| ALPHANUMERIC[usize::from(byte)])
    };
    let mut index = 0;
    while let Some(&c) = text.get(index) {
        if matches!(c, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ' | b'-') {
            index += 1;
            continue;
        }
        if !ALPHANUMERIC[usize::from(c)] {
            tokens.push(token(index, index + 1, false));
            index += 1;
            continue;
        }
        let start = index;
        // Where the last inner apostrophe is (one with a letter or digit after it).
        let mut apostrophe: Option<usize> = None;
        loop {
            index = alphanumeric_end(text, index);
            if text.get(index) == Some(&b'\'') && alphanumeric(index + 1) {
                apostrophe = Some(index);
                index += 1;
            } else {
                break;
            }
        }
        // A final "'s" (possessive) is its own token.
        let possessive = apostrophe.filter(|&i| {
            i + 2 == index && i > start && text.get(index - 1).is_some_and(|b| b | 0x20 == b's')
        });
        match possessive {
            Some(i) => {
                tokens.push(token(start, i, true));
                tokens.push(token(i, index, false));
            }
            None => tokens.push(token(start, index, true)),
        }
    }
}

/// [`crate::bytes::alphanumeric_end`]: where the run ends within the eight bytes from `from`
/// (most words are shorter), found from one load, with no loop to set up.
#[inline(always)]
fn alphanumeric_end(text: &[u8], from: usize) -> usize {
    if let Some(&eight) = text.get(from..).and_then(|rest| rest.first_chunk::<8>()) {
        // The high bit of each byte that is not a letter or digit, exact up to the first.
        let others = !crate::bytes::alphanumeric_lanes(u64::from_le_bytes(eight)) & HIGH_BITS;
        if others != 0 {
            return from + (others.trailing_zeros() / 8) as usize;
        }
    }
    crate::bytes::alphanumeric_end(text, from)
}

/// The high bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// [`tokenise`] over the characters of a text of `bytes` bytes, each given as (character
/// offset, byte offset, character), into `word` (the lower-case text) and `tokens`, both empty.
fn tokenise_chars(
    bytes: usize,
    chars: impl Iterator<Item = (usize, usize, char)> + Clone,
    word: &mut String,
    tokens: &mut Vec<Token>,
) {
    // About one token per five bytes of English; a guess that saves most regrowing.
    tokens.reserve(bytes / 4 + 4);
    word.reserve(bytes);
    // (character offset, byte offset, character), with one character of look-ahead.
    let mut chars = chars.peekable();
    while let Some((index, byte, c)) = chars.next() {
        if c.is_whitespace() || is_dash(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            let mark = if is_apostrophe(c) { '\'' } else { c };
            let lower_start = word.len();
            word.extend(mark.to_lowercase());
            tokens.push(Token {
                lower_start,
                lower_end: word.len(),
                start: index,
                end: index + 1,
                byte_start: byte,
                byte_end: byte + c.len_utf8(),
                word: false,
            });
            continue;
        }
        let lower_start = word.len();
        push_lower(word, c);
        let mut end = index + 1;
        let mut byte_end = byte + c.len_utf8();
        // Where a final apostrophe + s would start, in (chars, bytes, word length).
        let mut apostrophe: Option<(usize, usize, usize)> = None;
        loop {
            match chars.peek().copied() {
                Some((i, b, next)) if next.is_alphanumeric() => {
                    push_lower(word, next);
                    end = i + 1;
                    byte_end = b + next.len_utf8();
                    chars.next();
                }
                Some((i, b, next)) if is_apostrophe(next) => {
                    // An inner apostrophe only when a letter or digit follows.
                    let mut ahead = chars.clone();
                    ahead.next();
                    match ahead.peek().copied() {
                        Some((_, _, after)) if after.is_alphanumeric() => {
                            apostrophe = Some((i, b, word.len() - lower_start));
                            word.push('\'');
                            end = i + 1;
                            byte_end = b + next.len_utf8();
                            chars.next();
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        // A final "'s" (possessive) is its own token.
        let possessive =
            apostrophe.filter(|&(i, _, _)| i + 2 == end && i > index && word.ends_with(['s']));
        match possessive {
            Some((i, b, length)) => {
                tokens.push(Token {
                    lower_start,
                    lower_end: lower_start + length,
                    start: index,
                    end: i,
                    byte_start: byte,
                    byte_end: b,
                    word: true,
                });
                tokens.push(Token {
                    lower_start: lower_start + length,
                    lower_end: word.len(),
                    start: i,
                    end,
                    byte_start: b,
                    byte_end,
                    word: false,
                });
            }
            None => tokens.push(Token {
                lower_start,
                lower_end: word.len(),
                start: index,
                end,
                byte_start: byte,
                byte_end,
                word: true,
            }),
        }
    }
}

/// Appends the lower case of `c` (an apostrophe of any kind as `'`).
#[inline]
fn push_lower(word: &mut String, c: char) {
    if is_apostrophe(c) {
        word.push('\'');
    } else if c.is_ascii() {
        word.push(c.to_ascii_lowercase());
    } else {
        word.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> ContextRules {
        ContextRules::builtin().expect("the built-in rules load")
    }

    /// Character offsets of the first occurrence of `mention` in `sentence`.
    fn span(sentence: &str, mention: &str) -> (usize, usize) {
        let byte = sentence
            .find(mention)
            .unwrap_or_else(|| panic!("{mention:?} is not in {sentence:?}"));
        let start = sentence[..byte].chars().count();
        (start, start + mention.chars().count())
    }

    fn check_with(rules: &ContextRules, sentence: &str, mention: &str, expected: Polarity) {
        let (start, end) = span(sentence, mention);
        let result = rules.classify(sentence, start, end);
        assert_eq!(
            result.polarity, expected,
            "{mention:?} in {sentence:?}: got {:?} (trigger {:?})",
            result.polarity, result.trigger
        );
    }

    fn check(sentence: &str, mention: &str, expected: Polarity) {
        check_with(&rules(), sentence, mention, expected);
    }

    use Polarity::{Affirmed, Historical, Negated, OtherPerson, Uncertain};

    /// The acceptance cases from the brief.
    const ACCEPTANCE: &[(&str, &str, Polarity)] = &[
        (
            "There are no concerns about her hearing",
            "hearing",
            Negated,
        ),
        (
            "his older brother has a diagnosis of ADHD",
            "ADHD",
            OtherPerson,
        ),
        ("query ASD", "ASD", Uncertain),
        ("?ASD", "ASD", Uncertain),
        (
            "no concerns about his eyesight, hearing or balance",
            "eyesight",
            Negated,
        ),
        (
            "no concerns about his eyesight, hearing or balance",
            "hearing",
            Negated,
        ),
        (
            "no concerns about his eyesight, hearing or balance",
            "balance",
            Negated,
        ),
        ("DCD was considered, but it was ruled out", "DCD", Negated),
        // Active voice: the object is ruled out, not what came before "and has".
        (
            "He describes a language delay and has ruled out DLD",
            "language delay",
            Affirmed,
        ),
        (
            "He describes a language delay and has ruled out DLD",
            "DLD",
            Negated,
        ),
        (
            "Autism was considered and has been ruled out",
            "Autism",
            Negated,
        ),
        // A list of diagnoses, each with its own status: a status written straight after one
        // does not reach the others.
        (
            "Diagnoses: autism (confirmed in June), ADHD queried and on the pathway, DCD considered and ruled out, sensory processing differences",
            "autism",
            Affirmed,
        ),
        (
            "Diagnoses: autism (confirmed in June), ADHD queried and on the pathway, DCD considered and ruled out, sensory processing differences",
            "ADHD",
            Uncertain,
        ),
        (
            "Diagnoses: autism (confirmed in June), ADHD queried and on the pathway, DCD considered and ruled out, sensory processing differences",
            "DCD",
            Negated,
        ),
        (
            "Diagnoses: autism (confirmed in June), ADHD queried and on the pathway, DCD considered and ruled out, sensory processing differences",
            "sensory processing differences",
            Affirmed,
        ),
        (
            "She considered ADHD but ruled it out, reading his restlessness as anxiety",
            "restlessness",
            Affirmed,
        ),
        ("ADHD, ASD and DCD were all ruled out", "ADHD", Negated),
        (
            "Some of this may be explained by anxiety, so ADHD cannot yet be confirmed or excluded",
            "ADHD",
            Uncertain,
        ),
        // "Without" sets a condition or an outcome; with "signs of" it negates.
        (
            "He will stay in at least four lessons a day without a shutdown",
            "shutdown",
            Affirmed,
        ),
        (
            "She walked without any signs of ataxia or pain",
            "ataxia",
            Negated,
        ),
        // A list item after ", and" is not in a negation's scope; a negated list has "or".
        (
            "He was referred because of stomach aches with no physical cause, and long, distressing meltdowns",
            "meltdowns",
            Affirmed,
        ),
        (
            "There are no concerns about his eyesight, hearing or balance",
            "balance",
            Negated,
        ),
        (
            "Her teacher has no concerns, and ADHD has not been suggested by anyone",
            "ADHD",
            Negated,
        ),
        (
            "Sam has autism but no learning difficulties",
            "autism",
            Affirmed,
        ),
        (
            "Sam has autism but no learning difficulties",
            "learning difficulties",
            Negated,
        ),
        ("not only dyslexia but also anxiety", "dyslexia", Affirmed),
        ("not only dyslexia but also anxiety", "anxiety", Affirmed),
        ("ADHD has not been ruled out", "ADHD", Uncertain),
        ("As a toddler he had glue ear", "glue ear", Historical),
        ("mum has dyslexia", "dyslexia", OtherPerson),
        ("mum reports that Sam has anxiety", "anxiety", Affirmed),
        ("He is on the pathway for ADHD", "ADHD", Uncertain),
        ("hearing within normal limits", "hearing", Negated),
    ];

    const NEGATED: &[(&str, &str, Polarity)] = &[
        ("He does not have ADHD.", "ADHD", Negated),
        ("He doesn't have ADHD.", "ADHD", Negated),
        ("Sam has never had a seizure.", "seizure", Negated),
        ("There is no evidence of dyslexia.", "dyslexia", Negated),
        (
            "No signs of anxiety were observed in class.",
            "anxiety",
            Negated,
        ),
        (
            "He presented without sensory difficulties.",
            "sensory difficulties",
            Negated,
        ),
        ("Parents deny any history of seizures.", "seizures", Negated),
        (
            "Absence of speech sound errors.",
            "speech sound errors",
            Negated,
        ),
        ("There is no history of epilepsy.", "epilepsy", Negated),
        ("Autism was excluded after the ADOS.", "Autism", Negated),
        ("The paediatrician ruled out DCD.", "DCD", Negated),
        ("ASD has been ruled out", "ASD", Negated),
        ("Vision: within normal limits.", "Vision", Negated),
        (
            "Her reading accuracy is within the average range.",
            "reading accuracy",
            Negated,
        ),
        (
            "His expressive language is age-appropriate.",
            "expressive language",
            Negated,
        ),
        (
            "He has age appropriate attention skills.",
            "attention",
            Negated,
        ),
        (
            "Gross motor skills unremarkable.",
            "Gross motor skills",
            Negated,
        ),
        ("Toileting is not a concern.", "Toileting", Negated),
        ("He did not meet criteria for ASD.", "ASD", Negated),
        (
            "She does not meet the criteria for a diagnosis of ADHD.",
            "ADHD",
            Negated,
        ),
        (
            "He tested negative for coeliac disease.",
            "coeliac disease",
            Negated,
        ),
        ("Free of tics during the observation.", "tics", Negated),
        (
            "There were no concerns regarding his behaviour or attention.",
            "attention",
            Negated,
        ),
        ("Hearing: normal", "Hearing", Affirmed),
        ("Hearing is normal.", "Hearing", Negated),
        ("She has normal hearing and vision.", "hearing", Negated),
        ("Neither ADHD nor ASD was diagnosed.", "ASD", Negated),
        ("Self-harm is not present.", "Self-harm", Negated),
        ("Medication is not indicated.", "Medication", Negated),
        (
            "ADHD was discussed at length; however, it was excluded.",
            "ADHD",
            Negated,
        ),
        (
            "He has no difficulties with fine motor skills.",
            "fine motor skills",
            Negated,
        ),
    ];

    const UNCERTAIN: &[(&str, &str, Polarity)] = &[
        ("Possible dyspraxia.", "dyspraxia", Uncertain),
        ("He possibly has dyscalculia.", "dyscalculia", Uncertain),
        ("Suspected ADHD.", "ADHD", Uncertain),
        ("ASD is suspected by school.", "ASD", Uncertain),
        (
            "Dyslexia was queried by the class teacher.",
            "Dyslexia",
            Uncertain,
        ),
        ("He is being assessed for ASD.", "ASD", Uncertain),
        ("Awaiting assessment for ADHD.", "ADHD", Uncertain),
        (
            "He has been referred for an assessment of autism.",
            "autism",
            Uncertain,
        ),
        ("He may have dyslexia.", "dyslexia", Uncertain),
        (
            "She might have a language disorder.",
            "language disorder",
            Uncertain,
        ),
        (
            "This could indicate a processing difficulty.",
            "processing difficulty",
            Uncertain,
        ),
        ("He shows traits of autism.", "autism", Uncertain),
        ("He shows ADHD traits.", "ADHD", Uncertain),
        ("She has autistic features.", "autistic", Uncertain),
        ("Dyspraxia not yet diagnosed.", "Dyspraxia", Uncertain),
        (
            "A heart murmur is under investigation.",
            "heart murmur",
            Uncertain,
        ),
        (
            "He is on the waiting list for an ASD assessment.",
            "ASD",
            Uncertain,
        ),
        ("ASD cannot be ruled out at this stage.", "ASD", Uncertain),
        ("Autism is not ruled out.", "Autism", Uncertain),
        ("He is on the ASD pathway.", "ASD", Uncertain),
        ("Q: ?dyslexia and ?DCD", "DCD", Uncertain),
        ("Query: ASD", "ASD", Uncertain),
        ("Does he have ASD?", "ASD", Uncertain),
        ("Could this be dyslexia?", "dyslexia", Uncertain),
        ("Is his hearing within normal limits?", "hearing", Negated),
        ("How can we help with his anxiety?", "anxiety", Affirmed),
        ("Does his brother have ADHD?", "ADHD", OtherPerson),
        (
            "An assessment to rule out ADHD is planned.",
            "ADHD",
            Uncertain,
        ),
        (
            "It is unclear whether he has a hearing loss.",
            "hearing loss",
            Uncertain,
        ),
        (
            "The cause of the absences is unclear.",
            "absences",
            Uncertain,
        ),
    ];

    const HISTORICAL: &[(&str, &str, Polarity)] = &[
        ("He had glue ear as a toddler.", "glue ear", Historical),
        ("As a baby she had reflux.", "reflux", Historical),
        ("He previously had grommets fitted.", "grommets", Historical),
        (
            "In the past he had frequent tantrums.",
            "tantrums",
            Historical,
        ),
        (
            "There is a history of ear infections.",
            "ear infections",
            Historical,
        ),
        ("He used to bite other children.", "bite", Historical),
        ("He no longer has seizures.", "seizures", Historical),
        ("His stammer has since resolved.", "stammer", Historical),
        (
            "In nursery he struggled with separation anxiety.",
            "separation anxiety",
            Historical,
        ),
        (
            "As a toddler he had glue ear and now has speech delay.",
            "speech delay",
            Affirmed,
        ),
        ("He was diagnosed with autism in 2019.", "autism", Affirmed),
        ("He had a diagnosis of ASD in 2020.", "ASD", Affirmed),
        ("She has dyslexia.", "dyslexia", Affirmed),
    ];

    const OTHER_PERSON: &[(&str, &str, Polarity)] = &[
        ("His brother is autistic.", "autistic", OtherPerson),
        ("Her twin has a diagnosis of ADHD.", "ADHD", OtherPerson),
        ("Dad has dyslexia.", "dyslexia", OtherPerson),
        (
            "His mother's depression affects the family.",
            "depression",
            OtherPerson,
        ),
        (
            "There is a family history of epilepsy.",
            "epilepsy",
            OtherPerson,
        ),
        ("Dyslexia runs in the family.", "Dyslexia", OtherPerson),
        ("His sister, who is 12, has ADHD.", "ADHD", OtherPerson),
        // A relative clause about another person runs on across "and has"; with a comma the
        // sentence goes back to the child.
        (
            "His older brother, who is in Year 6 and has a diagnosis of ADHD, looks out for him.",
            "ADHD",
            OtherPerson,
        ),
        (
            "Her brother Jakub, who is eight and has dyslexia, reads with her at bedtime.",
            "dyslexia",
            OtherPerson,
        ),
        (
            "He lives with his mum, who is very supportive, and has a diagnosis of ADHD.",
            "ADHD",
            Affirmed,
        ),
        (
            "Mum, who has dyslexia herself, says he has ADHD.",
            "ADHD",
            Affirmed,
        ),
        (
            "Mum, who has dyslexia herself, says he has ADHD.",
            "dyslexia",
            OtherPerson,
        ),
        (
            "He is a boy who is kind and has a diagnosis of ADHD.",
            "ADHD",
            Affirmed,
        ),
        ("Mum does not have dyslexia.", "dyslexia", OtherPerson),
        (
            "There is no family history of epilepsy.",
            "epilepsy",
            OtherPerson,
        ),
        ("Mum says he is anxious.", "anxious", Affirmed),
        (
            "Parents are concerned about his speech.",
            "speech",
            Affirmed,
        ),
        (
            "Mum feels that Sam has sensory needs.",
            "sensory needs",
            Affirmed,
        ),
        (
            "Dad describes frequent meltdowns at home.",
            "meltdowns",
            Affirmed,
        ),
        (
            "Mum told me that Sam has nightmares.",
            "nightmares",
            Affirmed,
        ),
        (
            "According to his mum, Sam has anxiety.",
            "anxiety",
            Affirmed,
        ),
        ("Mum has dyslexia and he has ADHD.", "ADHD", Affirmed),
        ("Mum has dyslexia and he has ADHD.", "dyslexia", OtherPerson),
        (
            "Mum reports no concerns about his hearing.",
            "hearing",
            Negated,
        ),
        ("Parents report possible ADHD.", "ADHD", Uncertain),
        (
            "His first language is English; his mother tongue is Polish.",
            "Polish",
            Affirmed,
        ),
    ];

    const AFFIRMED: &[(&str, &str, Polarity)] = &[
        // A participle clause after a comma ends the negation before it.
        (
            "He could not link the events together, showing clear difficulty sequencing a story.",
            "difficulty sequencing",
            Affirmed,
        ),
        ("Sam has a diagnosis of autism.", "autism", Affirmed),
        (
            "He has significant difficulties with attention.",
            "attention",
            Affirmed,
        ),
        ("He cannot read without adult support.", "read", Affirmed),
        ("Sam has ASD but ADHD was ruled out.", "ASD", Affirmed),
        // A new verb after "and", a result after "so", or the child with a modal starts a new
        // clause that a negation before it does not reach.
        (
            "She gives no sign when she is wet and appears to have difficulty recognising it.",
            "difficulty recognising",
            Affirmed,
        ),
        (
            "If these strategies do not work he can become highly distressed.",
            "highly distressed",
            Affirmed,
        ),
        (
            "She masks at school, so her teacher thinks she is fine.",
            "masks",
            Affirmed,
        ),
        ("Sam has ASD but ADHD was ruled out.", "ADHD", Negated),
        (
            "No concerns about hearing; possible ASD.",
            "hearing",
            Negated,
        ),
        ("No concerns other than his speech.", "speech", Affirmed),
        ("There is no change in his anxiety.", "anxiety", Affirmed),
        ("He lacks attention and focus.", "focus", Affirmed),
        (
            "There are no concerns about hearing, which was checked, and he has dyslexia.",
            "dyslexia",
            Affirmed,
        ),
        (
            "Zoë has no concerns about reading but has dyspraxia.",
            "dyspraxia",
            Affirmed,
        ),
        (
            "He has no friends at school and has a diagnosis of ASD.",
            "ASD",
            Affirmed,
        ),
        (
            "She is not autistic but has severe anxiety.",
            "anxiety",
            Affirmed,
        ),
        (
            "She is not autistic but has severe anxiety.",
            "autistic",
            Negated,
        ),
        ("Sam has ASD and normal hearing.", "ASD", Affirmed),
        ("Sam has ASD and age-appropriate speech.", "ASD", Affirmed),
        ("He lives with his mum and has ADHD.", "ADHD", Affirmed),
        ("Mum is worried that he has ADHD.", "ADHD", Affirmed),
        ("He is unable to concentrate.", "concentrate", Affirmed),
        (
            "ASD diagnosed 2019; previously queried ADHD.",
            "ASD",
            Affirmed,
        ),
        (
            "ASD diagnosed 2019; previously queried ADHD.",
            "ADHD",
            Uncertain,
        ),
        ("Glue ear (resolved).", "Glue ear", Historical),
        (
            "Dad was diagnosed with dyslexia as a child.",
            "dyslexia",
            OtherPerson,
        ),
        (
            "He lives with mum, who has dyslexia.",
            "dyslexia",
            OtherPerson,
        ),
    ];

    /// Rules added when tuning on the gold set's tune split (each in our own words, not the
    /// gold set's): one or more phrasings per rule, with a case the rule must leave alone.
    const TUNED: &[(&str, &str, Polarity)] = &[
        // Negation.
        (
            "The optician found nothing wrong with his eyesight.",
            "eyesight",
            Negated,
        ),
        (
            "There is nothing to suggest a language disorder.",
            "language disorder",
            Negated,
        ),
        (
            "She was not found to be dyspraxic at the clinic.",
            "dyspraxic",
            Negated,
        ),
        (
            "He rests often, not because of fatigue but to manage pain.",
            "fatigue",
            Negated,
        ),
        (
            "He rests often, not because of fatigue but to manage pain.",
            "pain",
            Affirmed,
        ),
        (
            "Her father has no concerns about her vision.",
            "vision",
            Negated,
        ),
        (
            "In class she rarely asks for help.",
            "asks for help",
            Negated,
        ),
        (
            "She rarely joins in, and her anxiety is high.",
            "anxiety",
            Affirmed,
        ),
        ("He has been seizure-free for a year.", "seizure", Negated),
        (
            "The orthoptist looked at her eyes and found no problems.",
            "eyes",
            Negated,
        ),
        (
            "Her vision was tested and no problems were found.",
            "vision",
            Negated,
        ),
        (
            "The audiologist found his hearing to be normal.",
            "hearing",
            Negated,
        ),
        ("Her balance and coordination are fine.", "balance", Negated),
        (
            "His hearing was retested in May and is fine.",
            "hearing",
            Negated,
        ),
        (
            "His hearing was retested in May and was within normal limits.",
            "hearing",
            Negated,
        ),
        (
            "Dyscalculia was considered and is not thought likely.",
            "Dyscalculia",
            Negated,
        ),
        (
            "A check at the eye clinic found no problems with his sight.",
            "sight",
            Negated,
        ),
        (
            "Dyspraxia was considered but ruled out.",
            "Dyspraxia",
            Negated,
        ),
        ("He has ADHD but autism was ruled out.", "ADHD", Affirmed),
        (
            "There were no difficulties with reading in the session.",
            "difficulties with reading",
            Negated,
        ),
        ("He is not toilet trained.", "not toilet trained", Affirmed),
        // Pseudo-triggers.
        (
            "He has no sense of danger and climbs furniture.",
            "climbs furniture",
            Affirmed,
        ),
        (
            "Ola has a language delay and unclear speech.",
            "language delay",
            Affirmed,
        ),
        (
            "His asthma is not fully controlled, with coughing at night.",
            "coughing",
            Affirmed,
        ),
        (
            "Her spelling has not responded to two terms of teaching and points to dyslexia.",
            "dyslexia",
            Affirmed,
        ),
        (
            "His uncle describes himself as dyslexic.",
            "dyslexic",
            OtherPerson,
        ),
        (
            "She has had nosebleeds most weeks this term.",
            "nosebleeds",
            Affirmed,
        ),
        (
            "In the session he had difficulty copying shapes.",
            "copying shapes",
            Affirmed,
        ),
        (
            "She had panic attacks in Year 8; none have been reported since last summer.",
            "panic attacks",
            Historical,
        ),
        (
            "He had a short attention span for spoken explanation and was easily distracted.",
            "easily distracted",
            Affirmed,
        ),
        (
            "She has ADHD and was excluded from her last school.",
            "ADHD",
            Affirmed,
        ),
        (
            "He has anxiety and was excluded for two days.",
            "anxiety",
            Affirmed,
        ),
        ("His vision is corrected with glasses.", "vision", Affirmed),
        // Uncertainty.
        (
            "The neurologist has ordered a scan to look for a brain malformation.",
            "brain malformation",
            Uncertain,
        ),
        (
            "Bloods were sent to look for a syndrome that might explain both his delay and his seizures.",
            "seizures",
            Affirmed,
        ),
        (
            "She is waiting for an assessment for dyslexia.",
            "dyslexia",
            Uncertain,
        ),
        (
            "His slurred speech raises the question of dysarthria.",
            "dysarthria",
            Uncertain,
        ),
        (
            "These errors may point to a memory difficulty.",
            "memory difficulty",
            Uncertain,
        ),
        (
            "A possible syndrome was discussed at length with the family and his epilepsy team.",
            "epilepsy",
            Affirmed,
        ),
        ("Grandma wondered about dyslexia.", "dyslexia", Uncertain),
        (
            "His father asked whether he could be autistic.",
            "autistic",
            Uncertain,
        ),
        // Historical.
        (
            "He was born with a hole in the heart that was repaired by surgery.",
            "hole in the heart",
            Historical,
        ),
        (
            "His club foot was fully corrected by casting.",
            "club foot",
            Historical,
        ),
        (
            "He had two febrile convulsions but none since.",
            "febrile convulsions",
            Historical,
        ),
        (
            "Three exclusions in Year 7 but none this year.",
            "exclusions",
            Historical,
        ),
        (
            "He was low in mood in the spring; this lifted by the summer.",
            "low in mood",
            Historical,
        ),
        (
            "Lily walked on tiptoe until she was five, and this has since stopped.",
            "walked on tiptoe",
            Historical,
        ),
        (
            "He smoked cannabis in Year 9 but stopped.",
            "cannabis",
            Historical,
        ),
        (
            "He has ADHD and stopped taking his tablets.",
            "ADHD",
            Affirmed,
        ),
        (
            "He saw the speech therapist for a stammer and was discharged in 2022.",
            "stammer",
            Historical,
        ),
        (
            "His early childhood included neglect and several moves, and his carers describe attachment difficulties.",
            "neglect",
            Historical,
        ),
        (
            "His early childhood included neglect and several moves, and his carers describe attachment difficulties.",
            "attachment difficulties",
            Affirmed,
        ),
        (
            "Eczema was a problem when she was younger.",
            "Eczema",
            Historical,
        ),
        (
            "When she was a baby she needed a feeding tube.",
            "feeding tube",
            Historical,
        ),
        (
            "She was picked on in Year 5; this was dealt with quickly.",
            "picked on",
            Historical,
        ),
        (
            "He was bullied at his first secondary school.",
            "bullied",
            Historical,
        ),
        (
            "He is being bullied on the bus this term.",
            "being bullied",
            Affirmed,
        ),
        (
            "She was permanently excluded from her last school.",
            "permanently excluded",
            Historical,
        ),
        (
            "He has had no seizures since June, when he was hospitalised.",
            "hospitalised",
            Historical,
        ),
        (
            "He has had no seizures since June, when he was hospitalised.",
            "seizures",
            Negated,
        ),
        (
            "He is likely to have a language disorder.",
            "language disorder",
            Uncertain,
        ),
        (
            "Dyslexia is likely to affect his spelling.",
            "Dyslexia",
            Affirmed,
        ),
        (
            "He has ADHD and was not diagnosed with autism.",
            "ADHD",
            Affirmed,
        ),
        (
            "He has ADHD and was not diagnosed with autism.",
            "autism",
            Negated,
        ),
        (
            "She has epilepsy and was excluded in March.",
            "epilepsy",
            Affirmed,
        ),
        // Other person, and statements that are not about another person.
        (
            "Her aunt has migraines, and Amy gets headaches after school.",
            "migraines",
            OtherPerson,
        ),
        (
            "Her aunt has migraines, and Amy gets headaches after school.",
            "headaches",
            Affirmed,
        ),
        (
            "He tires by lunchtime, and it is likely that his sleep is poor.",
            "tires",
            Affirmed,
        ),
        (
            "He is gentle towards his sister and patient with younger children.",
            "patient",
            Affirmed,
        ),
        (
            "Mum would like to join a group for parents of children with cerebral palsy.",
            "cerebral palsy",
            Affirmed,
        ),
        (
            "The GP's letter mentions possible asthma and notes that eczema was ruled out.",
            "asthma",
            Uncertain,
        ),
        (
            "The GP's letter mentions possible asthma and notes that eczema was ruled out.",
            "eczema",
            Negated,
        ),
        // An assessment reported with its outcome after the condition.
        (
            "She was assessed for autism by the child development centre in 2025 and did not \
             meet the criteria.",
            "autism",
            Negated,
        ),
        (
            "The paediatrician also checked for autism and said he doesn't have it.",
            "autism",
            Negated,
        ),
        (
            "The same team considered ADHD at that time and ruled it out.",
            "ADHD",
            Negated,
        ),
        (
            "She is on the pathway for an autism assessment.",
            "autism",
            Uncertain,
        ),
    ];

    #[test]
    fn table_of_phrasings() {
        let rules = rules();
        let tables = [
            ACCEPTANCE,
            NEGATED,
            UNCERTAIN,
            HISTORICAL,
            OTHER_PERSON,
            AFFIRMED,
            TUNED,
            SET_ASIDE_AND_PENDING,
        ];
        let mut failures = Vec::new();
        for (sentence, mention, expected) in tables.iter().flat_map(|t| t.iter()) {
            let (start, end) = span(sentence, mention);
            let got = rules.classify(sentence, start, end);
            if got.polarity != *expected {
                failures.push(format!(
                    "{mention:?} in {sentence:?}: expected {expected}, got {} ({:?})",
                    got.polarity,
                    got.trigger.map(|t| t.text)
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A condition set aside ("rather than", "not consistent with") and one not yet known
    /// ("pending", "has been referred for").
    const SET_ASIDE_AND_PENDING: &[(&str, &str, Polarity)] = &[
        (
            "Her profile suggests a language disorder rather than DLD.",
            "DLD",
            Negated,
        ),
        (
            "He has DLD rather than a general learning difficulty.",
            "DLD",
            Affirmed,
        ),
        (
            "The pattern points to a visual stress difficulty instead of dyslexia.",
            "dyslexia",
            Negated,
        ),
        (
            "Instead of dyslexia, the scores point to a memory difficulty.",
            "dyslexia",
            Negated,
        ),
        (
            "His attention in class is not consistent with ADHD.",
            "ADHD",
            Negated,
        ),
        (
            "These scores are not in keeping with a diagnosis of dyscalculia.",
            "dyscalculia",
            Negated,
        ),
        (
            "The picture is inconsistent with autism.",
            "autism",
            Negated,
        ),
        (
            "Her difficulties are not explained by hearing loss.",
            "hearing loss",
            Negated,
        ),
        (
            "The assessment did not suggest dyspraxia.",
            "dyspraxia",
            Negated,
        ),
        (
            "He is currently pending ADHD assessment.",
            "ADHD",
            Uncertain,
        ),
        ("She is awaiting an autism assessment.", "autism", Uncertain),
        (
            "Kai is on the waiting list for an ADHD assessment.",
            "ADHD",
            Uncertain,
        ),
        (
            "Kai is on a waiting list for the autism pathway.",
            "autism",
            Uncertain,
        ),
        (
            "Mia has been referred for a dyslexia assessment.",
            "dyslexia",
            Uncertain,
        ),
        (
            "Mia has been referred to CAMHS for an ADHD assessment.",
            "ADHD",
            Uncertain,
        ),
        (
            "He was referred to the community paediatrician with possible dyspraxia.",
            "dyspraxia",
            Uncertain,
        ),
        (
            "The family are waiting for an autism assessment at the clinic.",
            "autism",
            Uncertain,
        ),
        ("Autism assessment pending.", "Autism", Uncertain),
        (
            "She walked on her toes until she was four.",
            "walked on her toes",
            Historical,
        ),
        (
            "Between the ages of one and three he had repeated ear infections.",
            "ear infections",
            Historical,
        ),
        (
            "Toe walking until the age of five.",
            "Toe walking",
            Historical,
        ),
        (
            "He was born prematurely at 30 weeks.",
            "born prematurely",
            Historical,
        ),
        (
            "He experienced neglect before coming into care.",
            "neglect",
            Historical,
        ),
        (
            "She has experienced anxiety all this term.",
            "anxiety",
            Affirmed,
        ),
        ("He was born with Down syndrome.", "Down syndrome", Affirmed),
        (
            "He has had epilepsy since the age of three.",
            "epilepsy",
            Affirmed,
        ),
        // Still affirmed: a diagnosis with a time phrase lasts.
        (
            "Leo was diagnosed with autism at the age of three.",
            "autism",
            Affirmed,
        ),
        (
            "She was diagnosed with epilepsy aged six.",
            "epilepsy",
            Affirmed,
        ),
    ];

    #[test]
    fn a_concept_about_the_family_is_not_another_person_s() {
        let rules = rules();
        let sentence = "His mother and stepfather are very supportive parents.";
        let (start, end) = span(sentence, "very supportive parents");
        let read = rules.sentence(sentence);
        assert_eq!(
            read.classify_as(start, end, ConceptKind::Strength).polarity,
            OtherPerson
        );
        assert_eq!(
            read.classify_family(start, end, ConceptKind::Strength)
                .polarity,
            Affirmed
        );
        // Negation still applies.
        let sentence = "His mother is not a supportive parent at present.";
        let (start, end) = span(sentence, "supportive parent");
        assert_eq!(
            rules
                .sentence(sentence)
                .classify_family(start, end, ConceptKind::Strength)
                .polarity,
            Negated
        );
    }

    #[test]
    fn time_phrases_date_interventions_but_not_conditions() {
        let rules = rules();
        let cases: &[(&str, &str, ConceptKind, Polarity)] = &[
            (
                "Robin had grommets fitted at the age of three.",
                "grommets",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "He had grommets inserted at three years old, after which speech improved.",
                "grommets",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "At the age of four she had speech and language therapy.",
                "speech and language therapy",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "Maya had a block of ELSA sessions in Reception.",
                "ELSA",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "He was seen by the service after grommets were fitted.",
                "grommets",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "Aged five, he received a phonics catch-up programme.",
                "phonics catch-up",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "A Lego therapy group ran for him last year.",
                "Lego therapy",
                ConceptKind::Intervention,
                Historical,
            ),
            (
                "As a toddler she had grommets.",
                "grommets",
                ConceptKind::Intervention,
                Historical,
            ),
            // A past time for difficulties and interventions: forward, and backward within
            // its clause; "since last year" and "over the last year" are the present.
            (
                "Last year he missed weeks of school through school refusal.",
                "school refusal",
                ConceptKind::Difficulty,
                Historical,
            ),
            (
                "His ear infections last winter kept him off nursery.",
                "ear infections",
                ConceptKind::Difficulty,
                Historical,
            ),
            (
                "He is easily led and last year lent money to a stranger.",
                "easily led",
                ConceptKind::Difficulty,
                Affirmed,
            ),
            (
                "She can be easily led: last spring older students talked her into it.",
                "easily led",
                ConceptKind::Difficulty,
                Affirmed,
            ),
            (
                "Since last year he has had speech and language therapy every week.",
                "speech and language therapy",
                ConceptKind::Intervention,
                Affirmed,
            ),
            (
                "Over the last year her anxiety has grown.",
                "anxiety",
                ConceptKind::Difficulty,
                Affirmed,
            ),
            (
                "He was diagnosed with autism last year.",
                "autism",
                ConceptKind::Diagnosis,
                Affirmed,
            ),
            // Events told in the past tense, and spells that ended.
            (
                "In Year 8 he received two fixed-term exclusions.",
                "fixed-term exclusions",
                ConceptKind::Difficulty,
                Historical,
            ),
            (
                "He has received two fixed-term exclusions this term.",
                "fixed-term exclusions",
                ConceptKind::Difficulty,
                Affirmed,
            ),
            (
                "She received a diagnosis of autism in Year 2.",
                "autism",
                ConceptKind::Diagnosis,
                Affirmed,
            ),
            (
                "In Year 5 he went through a period of low mood.",
                "low mood",
                ConceptKind::Difficulty,
                Historical,
            ),
            (
                "Her reflux, which settled by her second birthday, made feeding hard.",
                "reflux",
                ConceptKind::Diagnosis,
                Historical,
            ),
            (
                "He was picked on in Year 6 about his walk.",
                "picked on",
                ConceptKind::Difficulty,
                Historical,
            ),
            // A strength the child does not have yet is negated; "cannot" before a need
            // describes the need.
            (
                "He cannot yet travel independently; his mother drives him to college.",
                "travel independently",
                ConceptKind::Strength,
                Negated,
            ),
            (
                "I find it really hard to ask for help.",
                "ask for help",
                ConceptKind::Strength,
                Negated,
            ),
            (
                "He cannot read without support because of his dyslexia.",
                "dyslexia",
                ConceptKind::Diagnosis,
                Affirmed,
            ),
            // A test asked for or booked; the start of something that goes on; a birth.
            (
                "A dyslexia screening has been requested and is booked for April.",
                "dyslexia",
                ConceptKind::Diagnosis,
                Uncertain,
            ),
            (
                "The school is querying visual stress; it has not been assessed.",
                "visual stress",
                ConceptKind::Diagnosis,
                Uncertain,
            ),
            (
                "At five it is too early to consider developmental coordination disorder.",
                "developmental coordination disorder",
                ConceptKind::Diagnosis,
                Uncertain,
            ),
            (
                "Her seizures began when she was four.",
                "seizures",
                ConceptKind::Difficulty,
                Affirmed,
            ),
            (
                "Born prematurely at 28 weeks' gestation, she spent six weeks in hospital.",
                "prematurely",
                ConceptKind::Difficulty,
                Historical,
            ),
            // Conditions keep their polarity; unknown kinds ignore the kind-limited rules.
            (
                "Leo was diagnosed with autism at the age of three.",
                "autism",
                ConceptKind::Diagnosis,
                Affirmed,
            ),
            (
                "She was diagnosed with epilepsy aged six.",
                "epilepsy",
                ConceptKind::Diagnosis,
                Affirmed,
            ),
            (
                "He has worn hearing aids since the age of two.",
                "hearing aids",
                ConceptKind::Intervention,
                Affirmed,
            ),
            (
                "He now uses Makaton every day.",
                "Makaton",
                ConceptKind::Intervention,
                Affirmed,
            ),
        ];
        let mut failures = Vec::new();
        for &(sentence, mention, kind, expected) in cases {
            let (start, end) = span(sentence, mention);
            let got = rules.sentence(sentence).classify_as(start, end, kind);
            if got.polarity != expected {
                failures.push(format!(
                    "{mention:?} in {sentence:?}: expected {expected}, got {} ({:?})",
                    got.polarity,
                    got.trigger.map(|t| t.text)
                ));
            }
        }
        let (sentence, mention) = (cases[4].0, cases[4].1);
        let (start, end) = span(sentence, mention);
        assert_eq!(
            rules.classify(sentence, start, end).polarity,
            Affirmed,
            "a mention of no known kind is not read by a kind-limited rule"
        );
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn headings_say_whose_words_follow() {
        let rules = rules();
        for heading in [
            "Parent views",
            "Part 2: Parent views (Jo and Chris Example)",
            "Our views about Theo",
            "Parent's Views for Theo's EHC Needs Assessment",
            "Family views",
        ] {
            assert_eq!(
                rules.heading_voice(heading),
                Some(Voice::Parent),
                "{heading}"
            );
        }
        for heading in [
            "All about me (Robin's views)",
            "My views",
            "Young person's views",
        ] {
            assert_eq!(
                rules.heading_voice(heading),
                Some(Voice::Child),
                "{heading}"
            );
        }
        for heading in [
            "Parent and Carer Views, with Robin's Views and all about me",
            "Recommendations",
            "What worries us",
        ] {
            assert_eq!(rules.heading_voice(heading), None, "{heading}");
        }
    }

    #[test]
    fn a_parent_s_own_i_is_another_person_only_in_a_parent_s_words() {
        let rules = rules();
        let cases: &[(&str, &str, Polarity)] = &[
            ("I have dyslexia myself.", "dyslexia", OtherPerson),
            (
                "I was diagnosed with ADHD when I was at college.",
                "ADHD",
                OtherPerson,
            ),
            ("I've had anxiety since my teens.", "anxiety", OtherPerson),
            (
                "He struggles with reading, as I did, and I have dyslexia too.",
                "dyslexia",
                OtherPerson,
            ),
            ("My son has autism.", "autism", Affirmed),
            (
                "My daughter has epilepsy and I give her medicine.",
                "epilepsy",
                Affirmed,
            ),
            ("I think he has ADHD.", "ADHD", Affirmed),
            (
                "I know his anxiety is worse at school.",
                "anxiety",
                Affirmed,
            ),
            (
                "I can see she has anxiety about school.",
                "anxiety",
                Affirmed,
            ),
            ("I worry about his anxiety.", "anxiety", Affirmed),
            (
                "I would like him to have help with his dyslexia.",
                "dyslexia",
                Affirmed,
            ),
        ];
        let mut failures = Vec::new();
        for &(sentence, mention, expected) in cases {
            let (start, end) = span(sentence, mention);
            let got = rules.parent_sentence(sentence).classify(start, end);
            if got.polarity != expected {
                failures.push(format!(
                    "{mention:?} in {sentence:?}: expected {expected}, got {} ({:?})",
                    got.polarity,
                    got.trigger.map(|t| t.text)
                ));
            }
            // In anyone else's words (a professional, the child), "I" is not another person.
            let plain = rules.sentence(sentence).classify(start, end);
            if expected == OtherPerson && plain.polarity == OtherPerson {
                failures.push(format!(
                    "{mention:?} in {sentence:?} is other person outside a parent's words"
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn single_cases_read_well_in_failures() {
        check(
            "There are no concerns about her hearing",
            "hearing",
            Negated,
        );
        check("?ASD", "ASD", Uncertain);
    }

    #[test]
    fn the_trigger_span_is_verbatim_in_character_offsets() {
        let sentence = "Zoë’s hearing: within normal limits";
        let (start, end) = span(sentence, "hearing");
        let result = rules().classify(sentence, start, end);
        assert_eq!(result.polarity, Negated);
        let trigger = result.trigger.expect("a trigger");
        assert_eq!(trigger.text, "within normal limits");
        let chars: Vec<char> = sentence.chars().collect();
        let quoted: String = chars[trigger.start..trigger.end].iter().collect();
        assert_eq!(quoted, trigger.text);
    }

    #[test]
    fn one_reading_of_a_sentence_classifies_each_mention_as_classify_does() {
        let rules = rules();
        let sentence = "No concerns about his eyesight, hearing or balance; mum has dyslexia and he has ?ASD but no ADHD.";
        let read = rules.sentence(sentence);
        for mention in ["eyesight", "hearing", "balance", "dyslexia", "ASD", "ADHD"] {
            let (start, end) = span(sentence, mention);
            assert_eq!(
                read.classify(start, end),
                rules.classify(sentence, start, end)
            );
        }
        let (start, end) = span(sentence, "dyslexia");
        assert_eq!(read.classify(start, end).polarity, OtherPerson);
        let (start, end) = span(sentence, "ADHD");
        assert_eq!(read.classify(start, end).polarity, Negated);
    }

    #[test]
    fn a_trigger_far_beyond_every_window_in_a_very_long_sentence_does_not_apply() {
        let filler = "and then he went on to the next activity ".repeat(400);
        let sentence = format!("No concerns about {filler} his dyslexia");
        let (start, end) = span(&sentence, "dyslexia");
        assert_eq!(rules().classify(&sentence, start, end).polarity, Affirmed);
        let sentence = format!("{filler} no concerns about his dyslexia {filler}");
        let (start, end) = span(&sentence, "dyslexia");
        assert_eq!(rules().classify(&sentence, start, end).polarity, Negated);
    }

    #[test]
    fn a_fronted_subordinate_clause_keeps_its_scopes_to_itself() {
        use Polarity::*;
        let cases: &[(&str, &str, Polarity)] = &[
            (
                "Although Leo does not have a formal diagnosis, his dyslexia is plain to see.",
                "dyslexia",
                Affirmed,
            ),
            (
                "Although she has not yet passed GCSE English, Nadia is hard-working.",
                "hard-working",
                Affirmed,
            ),
            ("Unlike his twin, Reuben is autistic.", "autistic", Affirmed),
            (
                "Whether or not the referral is accepted, Daisy's anxiety needs support now.",
                "anxiety",
                Affirmed,
            ),
            // A list inside the clause stays whole: the comma before "hearing" is not followed
            // by a word that starts a clause.
            (
                "Although there are no concerns about his eyesight, hearing or balance, he tires easily.",
                "hearing",
                Negated,
            ),
            (
                "Although there are no concerns about his eyesight, hearing or balance, he tires easily.",
                "balance",
                Negated,
            ),
            // Abbreviations are not names: "ADHD" after the comma continues the list.
            (
                "Although there is no evidence of ASD, ADHD or DCD, Sam struggles.",
                "ADHD",
                Negated,
            ),
            // Without an opener a comma ends nothing, and the clause's own words still count.
            (
                "Mum has no concerns about his hearing, vision or speech.",
                "vision",
                Negated,
            ),
            (
                "Although Sam has no diagnosis of ADHD, he is restless.",
                "ADHD",
                Negated,
            ),
        ];
        for (sentence, mention, expected) in cases {
            check(sentence, mention, *expected);
        }
    }

    #[test]
    fn phrasings_from_the_challenge_set_s_tune_cases() {
        use Polarity::*;
        let cases: &[(&str, &str, Polarity)] = &[
            // Session 18, from gold tune documents.
            (
                "Adults who do not know him find that his speech is unclear.",
                "speech is unclear",
                Affirmed,
            ),
            (
                "Without them he walks on his toes.",
                "walks on his toes",
                Affirmed,
            ),
            (
                "His glasses do not change the nystagmus itself.",
                "nystagmus",
                Affirmed,
            ),
            (
                "His frustration at not being understood leads to outbursts.",
                "outbursts",
                Affirmed,
            ),
            (
                "Without exception, staff describe him as polite.",
                "polite",
                Affirmed,
            ),
            (
                "Not a day goes by without a meltdown at home.",
                "meltdown",
                Affirmed,
            ),
            (
                "Not all staff are aware that she has epilepsy.",
                "epilepsy",
                Affirmed,
            ),
            (
                "There is no single cause of his challenging behaviour.",
                "challenging behaviour",
                Affirmed,
            ),
            (
                "Low mood was not a feature of our sessions.",
                "Low mood",
                Negated,
            ),
            (
                "I suspect she has an auditory processing disorder.",
                "auditory processing disorder",
                Uncertain,
            ),
            (
                "It is not yet clear whether the tiredness reflects poor sleep.",
                "poor sleep",
                Uncertain,
            ),
            (
                "Her separation anxiety has long since passed.",
                "separation anxiety",
                Historical,
            ),
            (
                "She was on a child protection plan, which ended in 2022.",
                "child protection plan",
                Historical,
            ),
            ("His leukaemia is in remission.", "leukaemia", Historical),
            (
                "Fussy eating was a worry when Ryan was a baby.",
                "Fussy eating",
                Historical,
            ),
            (
                "He has had poor sleep since he was a baby.",
                "poor sleep",
                Affirmed,
            ),
            (
                "His best friend was recently diagnosed with diabetes.",
                "diabetes",
                OtherPerson,
            ),
            (
                "A boy in her class has a nut allergy.",
                "nut allergy",
                OtherPerson,
            ),
            (
                "Dad is clear that Mo is not aggressive.",
                "aggressive",
                Negated,
            ),
            (
                "Staff and parents agree that he shows no features of autism.",
                "autism",
                Negated,
            ),
            (
                "He cannot write his name without a model, and his handwriting difficulties are marked.",
                "handwriting difficulties",
                Affirmed,
            ),
            // Not "is not an issue": "his tics are simply not an issue at the club" takes the
            // tics as given; and "a child in need" names no other child.
            (
                "At the club his tics are simply not an issue.",
                "tics",
                Affirmed,
            ),
            (
                "She is a child in need because of her disability.",
                "disability",
                Affirmed,
            ),
            (
                "Mum told me that she herself has anxiety.",
                "anxiety",
                OtherPerson,
            ),
            ("Mr Tallis is himself dyslexic.", "dyslexic", OtherPerson),
            (
                "Mum explained that he hates noise and that his anxiety is worst on Sundays.",
                "anxiety",
                Affirmed,
            ),
            (
                "His hearing loss cannot be explained by glue ear.",
                "glue ear",
                Negated,
            ),
            (
                "Eyesight: no concerns; does not wear glasses.",
                "Eyesight",
                Negated,
            ),
            ("My daughter isn't naughty, she has ADHD.", "ADHD", Affirmed),
            (
                "My dad doesn't get that my anxiety is real.",
                "anxiety",
                Affirmed,
            ),
            ("The differential diagnosis includes DLD.", "DLD", Uncertain),
            ("Referred for assessment of autism.", "autism", Uncertain),
        ];
        for (sentence, mention, expected) in cases {
            check(sentence, mention, *expected);
        }
    }

    #[test]
    fn affirmed_has_no_trigger() {
        let result = rules().classify("Sam has autism", 8, 14);
        assert_eq!(result.polarity, Affirmed);
        assert_eq!(result.trigger, None);
    }

    #[test]
    fn ids_and_priority() {
        let ids: Vec<_> = Polarity::BY_PRIORITY.iter().map(|p| p.id()).collect();
        assert_eq!(
            ids,
            [
                "other_person",
                "negated",
                "uncertain",
                "historical",
                "affirmed"
            ]
        );
        assert_eq!(Polarity::OtherPerson.to_string(), "other_person");
    }

    #[test]
    fn builtin_rules_load_and_count() {
        let rules = rules();
        assert_eq!(rules.version(), "2026.1");
        let counts = rules.counts();
        assert!(counts.negation >= 40, "{counts:?}");
        assert!(counts.uncertainty >= 40, "{counts:?}");
        assert!(counts.historical >= 20, "{counts:?}");
        assert!(counts.experiencer >= 30, "{counts:?}");
        assert!(counts.pseudo >= 10, "{counts:?}");
        assert!(counts.terminators >= 30, "{counts:?}");
    }

    const MINIMAL: &str = r#"
version = "test"
max_scope_words = 5
backward_fillers = ["it", "was"]
[experiencer]
not_after = ["by"]
skip_before = ["his"]
[[trigger]]
category = "negation"
direction = "forward"
phrases = ["nae"]
"#;

    #[test]
    fn a_council_can_load_its_own_rules() {
        let rules = ContextRules::from_toml_str(MINIMAL).expect("valid");
        check_with(&rules, "nae dyslexia", "dyslexia", Negated);
        check_with(&rules, "no dyslexia", "dyslexia", Affirmed);
        check_with(
            &rules,
            "nae one two three four five six dyslexia",
            "dyslexia",
            Affirmed,
        );
        // The shipped rules with one more phrase appended.
        let extended = format!(
            "{BUILTIN}\n[[trigger]]\ncategory = \"uncertainty\"\ndirection = \"forward\"\nphrases = [\"emerging\"]\n"
        );
        let rules = ContextRules::from_toml_str(&extended).expect("valid");
        check_with(&rules, "emerging dyslexia", "dyslexia", Uncertain);
    }

    #[test]
    fn bad_rules_are_reported() {
        let unknown_field = format!("{MINIMAL}colour = \"red\"\n");
        assert!(matches!(
            ContextRules::from_toml_str(&unknown_field),
            Err(ContextError::Syntax { .. })
        ));
        let bad_category = MINIMAL.replace("\"negation\"", "\"denial\"");
        assert!(matches!(
            ContextRules::from_toml_str(&bad_category),
            Err(ContextError::Syntax { .. })
        ));
        let duplicate = format!("{MINIMAL}[[pseudo]]\nphrases = [\"NAE\"]\n");
        let error = ContextRules::from_toml_str(&duplicate).expect_err("duplicate");
        assert!(error.to_string().contains("more than once"), "{error}");
        let empty = format!("{MINIMAL}[[pseudo]]\nphrases = [\"  \"]\n");
        assert!(matches!(
            ContextRules::from_toml_str(&empty),
            Err(ContextError::Content { .. })
        ));
        let zero = MINIMAL.replace("max_scope_words = 5", "max_scope_words = 0");
        assert!(ContextRules::from_toml_str(&zero).is_err());
    }

    #[test]
    fn out_of_range_spans_are_clamped() {
        let rules = rules();
        let sentence = "no concerns about hearing";
        assert_eq!(rules.classify(sentence, 18, 1000).polarity, Negated);
        assert_eq!(
            rules.classify("Sam has autism", 1000, 2000).polarity,
            Affirmed
        );
        assert_eq!(rules.classify(sentence, 20, 10).polarity, Negated);
        assert_eq!(rules.classify("", 0, 5).polarity, Affirmed);
    }

    #[test]
    fn tokens_split_possessives_and_dashes() {
        let words = words_of("Mum’s age-appropriate doesn't ?ASD");
        assert_eq!(
            words,
            ["mum", "'s", "age", "appropriate", "doesn't", "?", "asd"]
        );
    }

    proptest! {
        #[test]
        fn short_keys_are_the_bytes_and_length(word in "\\PC{0,8}|[a-z\\x00]{0,16}") {
            let bytes = word.as_bytes();
            let expected = (bytes.len() <= 15).then(|| {
                let mut key = [0_u8; 16];
                key[..bytes.len()].copy_from_slice(bytes);
                key[15] = bytes.len() as u8;
                u128::from_be_bytes(key)
            });
            prop_assert_eq!(short_key(&word), expected);
        }

        #[test]
        fn word_sets_hold_their_words_and_no_others(
            words in proptest::collection::vec("[a-z]{0,3}|\\PC{0,20}|[a-z\\x00]{14,17}", 0..300),
            probes in proptest::collection::vec("[a-z]{0,3}|\\PC{0,20}|[a-z\\x00]{14,17}", 0..40),
        ) {
            let set = WordSet::of(words.iter().map(String::as_str));
            // The same words in another order make an equal set.
            prop_assert_eq!(&set, &WordSet::of(words.iter().rev().map(String::as_str)));
            for word in words.iter().chain(&probes) {
                prop_assert_eq!(set.contains(word), words.contains(word), "{:?}", word);
            }
        }

        #[test]
        fn a_word_read_in_its_text_has_the_number_of_the_word(
            words in proptest::collection::vec(
                "not|no|denies|history|his|her|mother|has|had|ruled|out|possible|,|\\.|\\(|a|i|'s|[a-z']{1,17}|\\PC{1,3}",
                0..40,
            ),
        ) {
            let rules = rules();
            let text = words.join(" ");
            let (lower, tokens) = tokenise(&text);
            for token in &tokens {
                prop_assert_eq!(
                    rules.words.id_in(lower.as_bytes(), token.lower_start, token.lower_end),
                    rules.words.id(token.text(&lower)),
                    "{:?} in {:?}", token.text(&lower), text
                );
            }
            // Any bytes: a part of the text, or not.
            for start in 0..=lower.len() + 1 {
                for end in start.saturating_sub(1)..=(lower.len() + 1).min(start + 17) {
                    prop_assert_eq!(
                        rules.words.id_in(lower.as_bytes(), start, end),
                        lower.get(start..end).map_or(UNKNOWN, |word| rules.words.id(word)),
                        "{}..{} of {:?}", start, end, lower
                    );
                }
            }
        }

        #[test]
        fn a_word_ends_where_its_letters_and_digits_end(
            bytes in proptest::collection::vec(
                prop_oneof![4 => b'a'..=b'z', 1 => b'A'..=b'Z', 1 => b'0'..=b'9', 1 => any::<u8>()],
                0..40,
            ),
            from in 0_usize..42,
        ) {
            prop_assert_eq!(
                alphanumeric_end(&bytes, from),
                crate::bytes::alphanumeric_end(&bytes, from)
            );
        }

        #[test]
        fn the_ascii_tokeniser_matches_the_general_one(
            text in "[A-Za-z0-9 '\\-?.,;:()\t\n\x0b\x0c\r\x1c\x7f]{0,80}",
        ) {
            let mut general = (String::new(), Vec::new());
            tokenise_chars(
                text.len(),
                text.bytes().enumerate().map(|(i, b)| (i, i, char::from(b))),
                &mut general.0,
                &mut general.1,
            );
            let mut ascii = (String::new(), Vec::new());
            tokenise_ascii(&text, &mut ascii.0, &mut ascii.1);
            // The same tokens with the same lower-case texts (the buffers differ: the ASCII
            // tokeniser lower-cases the whole text).
            let read = |(lower, tokens): (String, Vec<Token>)| -> Vec<(String, usize, usize, usize, usize, bool)> {
                tokens
                    .iter()
                    .map(|token| {
                        (
                            token.text(&lower).to_owned(),
                            token.start,
                            token.end,
                            token.byte_start,
                            token.byte_end,
                            token.word,
                        )
                    })
                    .collect()
            };
            prop_assert_eq!(read(ascii), read(general));
        }

        #[test]
        fn content_counts_leave_out_terminators_as_per_token_flags_do(
            words in prop::collection::vec(
                prop::sample::select(vec![
                    "but", "however", "except", "for", "and", "she", "he", "has", "notes",
                    "that", ";", ",", "no", "not", "autism", "the", "a", "is", "which", "Sam",
                    "apart", "from", "due", "to", "?", ".",
                ]),
                0..24,
            ),
        ) {
            let rules = rules();
            let text = words.join(" ");
            let read = rules.sentence(&text);
            // The reference: a flag per token inside a terminator, then the running counts.
            let (lower, tokens) = tokenise(&text);
            let mut in_terminator = vec![false; tokens.len()];
            for found in &read.matches {
                if matches!(found.kind, Kind::Terminator { .. }) {
                    for flag in in_terminator.iter_mut().take(found.last + 1).skip(found.first) {
                        *flag = true;
                    }
                }
            }
            let mut content = vec![0_usize];
            let mut c = 0;
            for (index, token) in tokens.iter().enumerate() {
                let id = rules.words.id(token.text(&lower));
                if token.word && !in_terminator[index] && !rules.words.has(id, FILLER) {
                    c += 1;
                }
                content.push(c);
            }
            prop_assert_eq!(&read.content, &content);
        }

        #[test]
        fn sentences_read_into_reused_buffers_read_as_fresh_ones(
            sentences in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "no", "not", "ruled", "out", "but", "mum", "reports", "?", "ASD",
                        "had", "as", "a", "toddler", ",", ";", "his", "brother", "has",
                        "however", "autism", "Does", "he", "have", "I", "dyslexia", "myself",
                        "Ödön's", "naïve", "café", "—", "doesn't",
                    ]),
                    0..24,
                ),
                1..6,
            ),
            parent_voice in prop::collection::vec(any::<bool>(), 6),
        ) {
            let rules = rules();
            let mut buffers = SentenceBuffers::default();
            for (words, &parent) in sentences.iter().zip(&parent_voice) {
                let text = words.join(" ");
                let fresh = if parent {
                    rules.parent_sentence(&text)
                } else {
                    rules.sentence(&text)
                };
                let reused = rules.sentence_in(&text, parent, false, &mut buffers);
                prop_assert_eq!(&reused.tokens, &fresh.tokens);
                let spans = |read: &ContextSentence<'_, '_>| -> Vec<(usize, usize)> {
                    read.matches.iter().map(|found| (found.first, found.last)).collect()
                };
                prop_assert_eq!(spans(&reused), spans(&fresh));
                prop_assert_eq!(&reused.words, &fresh.words);
                prop_assert_eq!(&reused.content, &fresh.content);
                prop_assert_eq!(reused.question, fresh.question);
                prop_assert_eq!(reused.chars, fresh.chars);
                prop_assert_eq!(reused.parent_voice, fresh.parent_voice);
                let chars = text.chars().count();
                for start in 0..=chars {
                    for end in [start, start + 1, start + 5] {
                        prop_assert_eq!(
                            reused.classify_as(start, end, ConceptKind::Diagnosis),
                            fresh.classify_as(start, end, ConceptKind::Diagnosis)
                        );
                    }
                }
                reused.recycle(&mut buffers);
            }
        }

        #[test]
        fn classify_never_panics(
            sentence in "[A-Za-z ?;:,.'’()é-]{0,80}|\\PC{0,40}",
            start in 0usize..200,
            end in 0usize..200,
        ) {
            let rules = rules();
            let result = rules.classify(&sentence, start, end);
            if let Some(trigger) = result.trigger {
                prop_assert!(trigger.start < trigger.end);
                prop_assert!(trigger.end <= sentence.chars().count());
            }
        }

        #[test]
        fn classify_never_panics_on_rule_words(
            words in proptest::collection::vec(
                prop::sample::select(vec![
                    "no", "not", "ruled", "out", "but", "it", "was", "mum", "reports", "?",
                    "ASD", "had", "as", "a", "toddler", ",", ";", ":", "within", "normal",
                    "limits", "his", "brother", "he", "has", "query", "traits",
                ]),
                0..20,
            ),
            start in 0usize..120,
            length in 0usize..30,
        ) {
            let sentence = words.join(" ");
            let _ = rules().classify(&sentence, start, start + length);
        }

        #[test]
        fn phrases_by_second_word_find_what_a_search_in_order_finds(
            words in proptest::collection::vec(
                prop::sample::select(vec![
                    "no", "not", "evidence", "of", "signs", "sign", "history", "family", "did",
                    "meet", "criteria", "for", "ruled", "out", "mum", "reports", "denies", "?",
                    "free", "from", "x",
                ]),
                0..12,
            ),
        ) {
            let rules = rules();
            let ids: Vec<u32> = words.iter().map(|word| rules.words.id(word)).collect();
            for index in 0..ids.len() {
                let Some(starting) = rules.phrases.get(ids[index] as usize) else {
                    continue;
                };
                let in_order = starting.phrases.iter().find(|phrase| {
                    ids.get(index..index + phrase.ids.len()) == Some(phrase.ids.as_slice())
                });
                prop_assert_eq!(
                    starting.longest_at(&ids, index).map(|phrase| &phrase.tokens),
                    in_order.map(|phrase| &phrase.tokens)
                );
            }
        }
    }

    #[test]
    fn what_is_usual_wished_or_counted_before_is_not_absent() {
        for (sentence, mention) in [
            (
                "He is in nappies, which is not unusual at his age, has a limited diet of eight foods.",
                "limited diet",
            ),
            (
                "They do not want anyone to try to make him less autistic.",
                "autistic",
            ),
            (
                "School may not know what to do if a seizure happens during PE.",
                "seizure",
            ),
            (
                "The worst part has been not knowing when the next seizure will come.",
                "seizure",
            ),
            (
                "Since the change she has had three seizures, compared with none in the eight months before.",
                "seizures",
            ),
            ("Her left ear has no useful hearing.", "no useful hearing"),
        ] {
            check(sentence, mention, Affirmed);
        }
        // Negation still holds where it is meant.
        check("There is no evidence of autism.", "autism", Negated);
        check("He does not have ADHD.", "ADHD", Negated);
    }

    #[test]
    fn not_knowing_yet_is_uncertain_and_a_possible_cause_is_not_denied() {
        check(
            "I don't know yet whether it's ADHD or something else.",
            "ADHD",
            Uncertain,
        );
        check(
            "We do not know yet whether he is dyslexic.",
            "dyslexic",
            Uncertain,
        );
        check(
            "Dr Farrow has queried FASD, as prenatal alcohol exposure is possible but not confirmed.",
            "prenatal alcohol exposure",
            Uncertain,
        );
        check(
            "Even with a bath, no screens after six and the same story, he wakes in the night.",
            "wakes in the night",
            Affirmed,
        );
    }

    #[test]
    fn what_the_child_was_and_a_time_already_told_of_are_past() {
        check("He was a late talker.", "late talker", Historical);
        check(
            "Before that she lived with her birth mother, and records describe neglect.",
            "neglect",
            Historical,
        );
        check(
            "During that time he witnessed domestic abuse.",
            "domestic abuse",
            Historical,
        );
        check(
            "His earlier school refusal shows how quickly things can unravel.",
            "school refusal",
            Historical,
        );
        // "earlier" reaches only the next words, not the findings of the present.
        check(
            "Taken together with his earlier history, these results show dyslexia.",
            "dyslexia",
            Affirmed,
        );
    }
}
