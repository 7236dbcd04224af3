//! Masking personal data before any text leaves the process.
//!
//! A [`Masker`] replaces names, dates of birth, NHS numbers, UPNs, postcodes, phone numbers,
//! email addresses and street addresses with tokens such as `[CHILD]`, `[PARENT_1]`,
//! `[PERSON_2]` or `[NHS_NUMBER_1]`. The same value always gets the same token within one
//! [`Masker`], so several documents of one case can be masked consistently and still be read
//! together. Every replacement is reported with its character span in the original text.
//!
//! What this module must not do: do any IO, log anything, or let the reversible mapping from
//! tokens back to personal data ([`Masker::mapping`]) leave the process. Detection is
//! pattern-based and cannot be perfect: it is a safeguard, not a guarantee, and names it was not
//! told about are only found next to titles and labels ("Mrs …", "Name: …", "Dear …").

use std::collections::HashMap;
use std::fmt;

use crate::pattern::{Pattern, PatternError};
use aho_corasick::{AhoCorasick, MatchKind};
use dehcp_domain::identifiers::{NhsNumber, Upn};

use crate::metadata::{CharCursor, DatePatterns, is_birth_context, is_whole_word, name_at};
use crate::model::{BLOCK_SEPARATOR, Block, Document};

/// Who a known person is in the case, which decides their token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonRole {
    /// The child or young person: `[CHILD]`.
    Child,
    /// A parent or carer, numbered from 1: `[PARENT_1]`.
    Parent(u8),
    /// Anyone else, numbered from 1: `[PERSON_1]`.
    Other(u8),
}

impl PersonRole {
    /// The token that replaces this person's name.
    pub fn token(self) -> String {
        match self {
            PersonRole::Child => "[CHILD]".to_owned(),
            PersonRole::Parent(number) => format!("[PARENT_{number}]"),
            PersonRole::Other(number) => format!("[PERSON_{number}]"),
        }
    }
}

/// A person the caller knows is named in the documents.
#[derive(Clone, PartialEq, Eq)]
pub struct KnownPerson {
    /// Their full name, for example "Jamie Thompson".
    pub name: String,
    /// Who they are in the case.
    pub role: PersonRole,
}

impl fmt::Debug for KnownPerson {
    /// Shows the role only: the name is personal data.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("KnownPerson")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl KnownPerson {
    /// Reads a comma-separated list of names as given on the command line
    /// (`--names "Jamie Thompson,Sarah Thompson"`): the first is the child, the rest are
    /// parents or carers in order. Blank entries are skipped.
    pub fn from_name_list(list: &str) -> Vec<KnownPerson> {
        let mut parent = 0_u8;
        list.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .enumerate()
            .map(|(index, name)| {
                let role = if index == 0 {
                    PersonRole::Child
                } else {
                    parent = parent.saturating_add(1);
                    PersonRole::Parent(parent)
                };
                KnownPerson {
                    name: name.to_owned(),
                    role,
                }
            })
            .collect()
    }
}

/// What the caller knows about the people in a case.
#[derive(Debug, Clone, Copy)]
pub struct MaskingRequest<'a> {
    /// People known to be named in the documents (the child first, by convention).
    pub known_names: &'a [KnownPerson],
}

/// What kind of personal data a replacement hid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReplacementKind {
    /// A name (or part of one) of a person the caller named.
    KnownPerson,
    /// A name found next to a title or label.
    PersonName,
    /// A date of birth.
    DateOfBirth,
    /// An NHS number with a valid check digit.
    NhsNumber,
    /// A Unique Pupil Number with a valid check letter.
    Upn,
    /// A UK postcode.
    Postcode,
    /// A UK phone number.
    Phone,
    /// An email address.
    Email,
    /// A street address (house number, street name and suffix).
    Address,
}

impl ReplacementKind {
    /// The identifier used in JSON.
    pub fn id(self) -> &'static str {
        match self {
            ReplacementKind::KnownPerson => "known_person",
            ReplacementKind::PersonName => "person_name",
            ReplacementKind::DateOfBirth => "date_of_birth",
            ReplacementKind::NhsNumber => "nhs_number",
            ReplacementKind::Upn => "upn",
            ReplacementKind::Postcode => "postcode",
            ReplacementKind::Phone => "phone",
            ReplacementKind::Email => "email",
            ReplacementKind::Address => "address",
        }
    }

    /// The token prefix for numbered tokens of this kind.
    fn prefix(self) -> &'static str {
        match self {
            ReplacementKind::KnownPerson | ReplacementKind::PersonName => "PERSON",
            ReplacementKind::DateOfBirth => "DATE_OF_BIRTH",
            ReplacementKind::NhsNumber => "NHS_NUMBER",
            ReplacementKind::Upn => "UPN",
            ReplacementKind::Postcode => "POSTCODE",
            ReplacementKind::Phone => "PHONE",
            ReplacementKind::Email => "EMAIL",
            ReplacementKind::Address => "ADDRESS",
        }
    }

    /// Which detection wins when two of the same length overlap (higher wins).
    fn priority(self) -> u8 {
        match self {
            ReplacementKind::Email => 9,
            ReplacementKind::NhsNumber | ReplacementKind::Upn => 8,
            ReplacementKind::KnownPerson => 7,
            ReplacementKind::Phone | ReplacementKind::DateOfBirth => 6,
            ReplacementKind::Postcode => 5,
            ReplacementKind::Address => 4,
            ReplacementKind::PersonName => 3,
        }
    }
}

/// One piece of personal data replaced by a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// What it was.
    pub kind: ReplacementKind,
    /// The token that replaced it, for example `[PHONE_1]`.
    pub token: String,
    /// Character offset where the original value starts in the original text.
    pub start: usize,
    /// Character offset just past its end in the original text.
    pub end: usize,
}

/// Masked text and what was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaskedText {
    /// The text with personal data replaced by tokens.
    pub text: String,
    /// The replacements in order, with spans in the original text.
    pub replacements: Vec<Replacement>,
}

/// A masker could not be set up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MaskError {
    /// A built-in pattern or the name matcher failed to compile (a bug, never caused by data).
    #[error("a masking pattern could not be compiled: {0}")]
    Pattern(String),
}

/// Compiled regular expressions.
#[derive(Debug)]
struct Patterns {
    email: Pattern,
    nhs: Pattern,
    upn: Pattern,
    postcode: Pattern,
    phone: Pattern,
    address: Pattern,
    title: Pattern,
    label: Pattern,
    token: Pattern,
    dates: DatePatterns,
}

impl Patterns {
    fn new() -> Result<Self, PatternError> {
        Ok(Patterns {
            email: Pattern::new(
                r"(?i)(?-u:\b)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?-u:\b)",
            )?,
            nhs: Pattern::new(r"(?-u:\b)[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{4}(?-u:\b)")?,
            upn: Pattern::new(r"(?-u:\b)[A-Za-z][0-9]{11}[0-9A-Za-z](?-u:\b)")?,
            postcode: Pattern::new(
                r"(?-u:\b)(?:[A-Z]{1,2}[0-9][A-Z0-9]?|GIR) ?[0-9][ABD-HJLNP-UW-Z]{2}(?-u:\b)",
            )?,
            phone: Pattern::new(
                r"(?:\+44[ \-]?(?:\(0\)[ \-]?)?|\(?(?-u:\b)0)(?:[0-9]\)?[ \-]?){9,10}",
            )?,
            address: Pattern::new(
                r"(?-u:\b)[0-9]{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z][A-Za-z'’\-]+[ \t]+){1,4}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Gardens|Place|Grove|Terrace|Walk|Square|Hill|Row|Mews|Rise|View|Green|Parade|Park|Vale|Boulevard)(?-u:\b)",
            )?,
            title: Pattern::new(r"(?-u:\b)(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Master)(?-u:\b)")?,
            label: Pattern::new(
                r"(?i)(?-u:\b)(dear|(?:report\s+)?written\s+by|completed\s+by|prepared\s+by|(?:full\s+|child'?s\s+|pupil'?s\s+|parent'?s\s+)?name|parents?|parent\s*/\s*carer|carers?|mother|father|mum|dad|pupil|young\s+person|signed|author|contact|key\s+worker|social\s+worker|(?:class\s+)?teacher|senco|head\s*teacher)(?-u:\b)([ \t]*[:\-–]?\s*)",
            )?,
            token: Pattern::new(r"\[[A-Z][A-Z0-9_]*\]")?,
            dates: DatePatterns::new()?,
        })
    }
}

/// First names that are also everyday words: alone, they are masked only when capitalised.
const WORD_LIKE_NAMES: &[&str] = &[
    "will", "may", "grace", "hope", "rose", "summer", "faith", "joy", "april", "june", "august",
    "bill", "mark", "pat", "sue", "dawn", "autumn", "holly", "ivy", "jack", "amber", "ruby",
    "lily", "daisy", "sky", "river", "frank", "art", "guy", "max", "ray", "rich", "sunny", "young",
    "white", "green", "brown", "black", "long", "little", "hill", "wood", "king",
];

/// How a known-name pattern must be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VariantRule {
    /// Any case.
    AnyCase,
    /// Any case, but starting with a capital (for word-like single names).
    Capitalised,
    /// Exactly as written (initials such as "JT").
    Exact,
}

/// One known-name pattern and the people it may refer to (in order of registration).
#[derive(Debug, Clone)]
struct Variant {
    pattern: String,
    rule: VariantRule,
    people: Vec<usize>,
}

/// A detection before tokens are assigned (byte offsets).
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: ReplacementKind,
    /// Which value this is: a known person's index, or a normalised value.
    key: Key,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Known(usize),
    Value(ReplacementKind, String),
}

/// Masks the documents of one case, giving the same value the same token throughout.
///
/// Its [`Debug`] output shows counts only, never names or values.
pub struct Masker {
    people: Vec<KnownPerson>,
    known: Option<AhoCorasick>,
    variants: Vec<Variant>,
    patterns: Patterns,
    tokens: HashMap<Key, String>,
    counters: HashMap<&'static str, u32>,
    mapping: Vec<(String, String)>,
}

impl fmt::Debug for Masker {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Masker")
            .field("known_people", &self.people.len())
            .field("tokens", &self.mapping.len())
            .finish_non_exhaustive()
    }
}

impl Masker {
    /// Sets up a masker for one case.
    pub fn new(request: &MaskingRequest<'_>) -> Result<Self, MaskError> {
        let patterns = Patterns::new().map_err(|error| MaskError::Pattern(error.to_string()))?;
        let people: Vec<KnownPerson> = request
            .known_names
            .iter()
            .filter(|person| !person.name.trim().is_empty())
            .cloned()
            .collect();
        let variants = name_variants(&people);
        let known = if variants.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(variants.iter().map(|variant| variant.pattern.as_str()))
                    .map_err(|error| MaskError::Pattern(error.to_string()))?,
            )
        };
        let mut masker = Masker {
            people,
            known,
            variants,
            patterns,
            tokens: HashMap::new(),
            counters: HashMap::new(),
            mapping: Vec::new(),
        };
        let next_person = masker
            .people
            .iter()
            .filter_map(|person| match person.role {
                PersonRole::Other(number) => Some(u32::from(number)),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        masker.counters.insert("PERSON", next_person);
        for (index, person) in masker.people.iter().enumerate() {
            let token = person.role.token();
            masker.tokens.insert(Key::Known(index), token.clone());
            masker.mapping.push((token, person.name.trim().to_owned()));
        }
        Ok(masker)
    }

    /// The reversible mapping from each token to the original value it replaced, in the order
    /// the tokens were first used.
    ///
    /// This is personal data: it must never be logged, written to a report, or sent anywhere
    /// (in particular never to a language model). Keep it in memory, for unmasking output
    /// locally, and drop it with the masker.
    pub fn mapping(&self) -> Vec<(String, String)> {
        self.mapping.clone()
    }

    /// Masks one text. Replacement spans are character offsets into `text`.
    pub fn mask_text(&mut self, text: &str) -> MaskedText {
        let chosen = self.detect(text);
        let (masked, replacements) = apply(text, &chosen, 0);
        MaskedText {
            text: masked,
            replacements,
        }
    }

    /// Masks a document: every block's text is masked and the document text rebuilt from the
    /// blocks (joined by [`BLOCK_SEPARATOR`]) with spans recomputed, so block spans index the
    /// masked text. Attachments are masked too.
    ///
    /// The replacements returned have character spans in the original document's text (those
    /// of attachments are not returned).
    pub fn mask_document(&mut self, document: &Document) -> (Document, Vec<Replacement>) {
        let chosen = self.detect(&document.text);
        let byte_of_char = char_to_byte_table(&document.text, &document.blocks);
        let mut replacements = Vec::new();
        let mut blocks = Vec::with_capacity(document.blocks.len());
        let mut text = String::with_capacity(document.text.len());
        let mut chars = 0;
        let mut next = 0;
        for (index, block) in document.blocks.iter().enumerate() {
            let range = byte_of_char
                .get(index)
                .copied()
                .flatten()
                .filter(|(start, end)| document.text.get(*start..*end) == Some(&block.text));
            let masked_text = match range {
                Some((start, end)) => {
                    while chosen
                        .get(next)
                        .is_some_and(|(candidate, _)| candidate.end <= start)
                    {
                        next += 1;
                    }
                    let first = next;
                    while chosen.get(next).is_some_and(|(candidate, _)| {
                        candidate.start >= start && candidate.end <= end
                    }) {
                        next += 1;
                    }
                    let within = chosen.get(first..next).unwrap_or(&[]);
                    let (masked, mut found) = apply(&block.text, within, start);
                    for replacement in &mut found {
                        replacement.start += block.start;
                        replacement.end += block.start;
                    }
                    replacements.extend(found);
                    masked
                }
                None => self.mask_text(&block.text).text,
            };
            if !blocks.is_empty() {
                text.push_str(BLOCK_SEPARATOR);
                chars += BLOCK_SEPARATOR.chars().count();
            }
            let length = masked_text.chars().count();
            text.push_str(&masked_text);
            blocks.push(Block {
                page: block.page,
                kind: block.kind,
                text: masked_text,
                start: chars,
                end: chars + length,
            });
            chars += length;
        }
        let attachments = document
            .attachments
            .iter()
            .map(|attachment| self.mask_document(attachment).0)
            .collect();
        let masked = Document {
            id: document.id.clone(),
            file_name: document.file_name.clone(),
            format: document.format,
            pages: document.pages.clone(),
            blocks,
            text,
            attachments,
        };
        (masked, replacements)
    }

    /// Finds everything to mask, resolves overlaps and assigns tokens. Returns the chosen
    /// detections sorted by start, each with its token.
    fn detect(&mut self, text: &str) -> Vec<(Candidate, String)> {
        // Existing tokens are never touched.
        let protected: Vec<(usize, usize)> = self
            .patterns
            .token
            .find_iter(text)
            .map(|found| (found.start(), found.end()))
            .collect();
        let mut chosen: Vec<Candidate> = Vec::new();
        let candidates = self.candidates_in(text, 0, text.len(), &protected);
        let mut added = choose(candidates, &mut chosen);
        // Masking a value changes what is beside it: a phone number that ran into an address's
        // house number stands alone once the address is a token. A second pass over the masked
        // text would find it, so look again in the gaps between detections now, as that pass
        // would see them, until nothing new turns up: masking is idempotent.
        for _ in 0..4 {
            if added == 0 {
                break;
            }
            let mut covered: Vec<(usize, usize)> = chosen
                .iter()
                .map(|candidate| (candidate.start, candidate.end))
                .chain(protected.iter().copied())
                .collect();
            covered.sort_unstable();
            let mut extra = Vec::new();
            let mut from = 0;
            for (start, end) in covered.into_iter().chain([(text.len(), text.len())]) {
                if start > from {
                    extra.extend(self.candidates_in(text, from, start, &protected));
                }
                from = from.max(end);
            }
            added = choose(extra, &mut chosen);
        }
        chosen.sort_by_key(|candidate| candidate.start);
        chosen
            .into_iter()
            .map(|candidate| {
                let original = text.get(candidate.start..candidate.end).unwrap_or("");
                let token = self.token_for(&candidate, original);
                (candidate, token)
            })
            .collect()
    }

    /// Candidates inside `text[from..to]` (byte offsets into `text`), outside protected
    /// tokens and block separators, with detected names that contain a known name made that
    /// known person.
    fn candidates_in(
        &self,
        text: &str,
        from: usize,
        to: usize,
        protected: &[(usize, usize)],
    ) -> Vec<Candidate> {
        let Some(part) = text.get(from..to) else {
            return Vec::new();
        };
        let mut candidates = self.known_candidates(part);
        self.pattern_candidates(part, &mut candidates);
        for candidate in &mut candidates {
            candidate.start += from;
            candidate.end += from;
        }
        // A detected name that contains a known name is that known person.
        let known: Vec<(usize, usize, Key)> = candidates
            .iter()
            .filter(|candidate| candidate.kind == ReplacementKind::KnownPerson)
            .map(|candidate| (candidate.start, candidate.end, candidate.key.clone()))
            .collect();
        for candidate in &mut candidates {
            if candidate.kind != ReplacementKind::PersonName {
                continue;
            }
            if let Some((_, _, key)) = known
                .iter()
                .find(|(start, end, _)| *start >= candidate.start && *end <= candidate.end)
            {
                candidate.kind = ReplacementKind::KnownPerson;
                candidate.key = key.clone();
            }
        }
        candidates.retain(|candidate| {
            candidate.start < candidate.end
                && !text
                    .get(candidate.start..candidate.end)
                    .is_none_or(|value| value.contains(BLOCK_SEPARATOR))
                && !protected
                    .iter()
                    .any(|(start, end)| candidate.start < *end && *start < candidate.end)
        });
        candidates
    }

    /// The token for a detection, creating one on first sight.
    fn token_for(&mut self, candidate: &Candidate, original: &str) -> String {
        if let Some(token) = self.tokens.get(&candidate.key) {
            return token.clone();
        }
        let prefix = candidate.kind.prefix();
        let counter = self.counters.entry(prefix).or_insert(0);
        *counter += 1;
        let token = format!("[{prefix}_{counter}]");
        self.tokens.insert(candidate.key.clone(), token.clone());
        self.mapping.push((token.clone(), original.to_owned()));
        token
    }

    /// Known names, whole words only.
    fn known_candidates(&self, text: &str) -> Vec<Candidate> {
        let Some(automaton) = &self.known else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for hit in automaton.find_overlapping_iter(text) {
            let (start, end) = (hit.start(), hit.end());
            let Some(variant) = self.variants.get(hit.pattern().as_usize()) else {
                continue;
            };
            let matched = text.get(start..end).unwrap_or("");
            let rule_ok = match variant.rule {
                VariantRule::AnyCase => true,
                VariantRule::Capitalised => matched.chars().next().is_some_and(char::is_uppercase),
                VariantRule::Exact => matched == variant.pattern,
            };
            if !rule_ok || !is_whole_word(text, start, end) {
                continue;
            }
            let person = self.choose_person(text, start, &variant.people);
            if let Some(person) = person {
                found.push(Candidate {
                    start,
                    end,
                    kind: ReplacementKind::KnownPerson,
                    key: Key::Known(person),
                });
            }
        }
        found
    }

    /// Which of several people sharing a name part is meant: after a title, the first adult;
    /// otherwise the first registered (usually the child).
    fn choose_person(&self, text: &str, start: usize, people: &[usize]) -> Option<usize> {
        if people.len() > 1 {
            let before = crate::metadata::window_before(text, start, 8);
            let titled = ["mr", "mrs", "ms", "miss", "mx", "dr"].iter().any(|title| {
                let trimmed = before.trim_end().trim_end_matches('.');
                trimmed.ends_with(title)
                    && trimmed[..trimmed.len() - title.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            });
            if titled
                && let Some(adult) = people.iter().find(|index| {
                    self.people
                        .get(**index)
                        .is_some_and(|person| person.role != PersonRole::Child)
                })
            {
                return Some(*adult);
            }
        }
        people.first().copied()
    }

    /// Identifiers, contact details, dates of birth and names near titles and labels.
    fn pattern_candidates(&self, text: &str, out: &mut Vec<Candidate>) {
        let patterns = &self.patterns;
        let value = |kind: ReplacementKind, start: usize, end: usize, key: String| Candidate {
            start,
            end,
            kind,
            key: Key::Value(kind, key),
        };
        for found in patterns.email.find_iter(text) {
            out.push(value(
                ReplacementKind::Email,
                found.start(),
                found.end(),
                found.as_str().to_lowercase(),
            ));
        }
        for found in patterns.nhs.find_iter(text) {
            let digits: String = found
                .as_str()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            if let Ok(number) = NhsNumber::parse(&digits) {
                out.push(value(
                    ReplacementKind::NhsNumber,
                    found.start(),
                    found.end(),
                    number.as_str().to_owned(),
                ));
            }
        }
        for found in patterns.upn.find_iter(text) {
            if let Ok(upn) = Upn::parse(found.as_str()) {
                out.push(value(
                    ReplacementKind::Upn,
                    found.start(),
                    found.end(),
                    upn.as_str().to_owned(),
                ));
            }
        }
        for found in patterns.postcode.find_iter(text) {
            let key: String = found.as_str().chars().filter(|c| *c != ' ').collect();
            out.push(value(
                ReplacementKind::Postcode,
                found.start(),
                found.end(),
                key,
            ));
        }
        for found in patterns.phone.find_iter(text) {
            let trimmed = found.as_str().trim_end_matches([' ', '-']);
            let end = found.start() + trimmed.len();
            if text
                .get(end..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let mut digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
            if let Some(rest) = digits.strip_prefix("440") {
                digits = format!("0{rest}");
            } else if let Some(rest) = digits.strip_prefix("44")
                && trimmed.starts_with('+')
            {
                digits = format!("0{rest}");
            }
            let plausible = (10..=11).contains(&digits.len())
                && digits.starts_with('0')
                && matches!(
                    digits.as_bytes().get(1),
                    Some(b'1' | b'2' | b'3' | b'7' | b'8')
                );
            if plausible {
                out.push(value(ReplacementKind::Phone, found.start(), end, digits));
            }
        }
        for found in patterns.dates.find(text) {
            if is_birth_context(text, found.start) {
                out.push(value(
                    ReplacementKind::DateOfBirth,
                    found.start,
                    found.end,
                    found.date.to_string(),
                ));
            }
        }
        for found in patterns.address.find_iter(text) {
            out.push(value(
                ReplacementKind::Address,
                found.start(),
                found.end(),
                found.as_str().to_lowercase(),
            ));
        }
        for found in patterns.title.find_iter(text) {
            if let Some(name) = name_at(text, found.start(), 1)
                && name.titled
            {
                let key = text.get(name.name_start..name.end).unwrap_or("");
                out.push(value(
                    ReplacementKind::PersonName,
                    name.name_start,
                    name.end,
                    key.to_lowercase(),
                ));
            }
        }
        for captures in patterns.label.captures_iter(text) {
            let (Some(whole), Some(label), Some(separator)) =
                (captures.get(0), captures.get(1), captures.get(2))
            else {
                continue;
            };
            let label = label.as_str().to_lowercase();
            let colon_free = label == "dear" || label.ends_with(" by");
            if !colon_free && !separator.as_str().contains(':') {
                continue;
            }
            if let Some(name) = name_at(text, whole.end(), 1) {
                let key = text.get(name.name_start..name.end).unwrap_or("");
                out.push(value(
                    ReplacementKind::PersonName,
                    name.name_start,
                    name.end,
                    key.to_lowercase(),
                ));
            }
        }
    }
}

/// The byte range of each block in the document text, when its character span is valid.
fn char_to_byte_table(text: &str, blocks: &[Block]) -> Vec<Option<(usize, usize)>> {
    let mut cursor_char = 0;
    let mut indices = text.char_indices().map(|(byte, _)| byte).peekable();
    let mut byte_at = |target: usize| -> Option<usize> {
        if target < cursor_char {
            return None;
        }
        while cursor_char < target {
            indices.next()?;
            cursor_char += 1;
        }
        Some(indices.peek().copied().unwrap_or(text.len()))
    };
    blocks
        .iter()
        .map(|block| {
            let start = byte_at(block.start)?;
            let end = byte_at(block.end)?;
            Some((start, end))
        })
        .collect()
}

/// Adds the candidates that overlap nothing already chosen: longest first, then by kind
/// priority, then leftmost. Returns how many were added.
fn choose(mut candidates: Vec<Candidate>, chosen: &mut Vec<Candidate>) -> usize {
    let before = chosen.len();
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then_with(|| b.kind.priority().cmp(&a.kind.priority()))
            .then_with(|| a.start.cmp(&b.start))
    });
    for candidate in candidates {
        if !chosen
            .iter()
            .any(|other| candidate.start < other.end && other.start < candidate.end)
        {
            chosen.push(candidate);
        }
    }
    chosen.len() - before
}

/// Replaces each chosen detection (byte offsets into the text `base` bytes before `text`)
/// with its token; replacement spans are character offsets into `text`.
fn apply(text: &str, chosen: &[(Candidate, String)], base: usize) -> (String, Vec<Replacement>) {
    let mut out = String::with_capacity(text.len());
    let mut replacements = Vec::with_capacity(chosen.len());
    let mut cursor = CharCursor::new(text);
    let mut last = 0;
    for (candidate, token) in chosen {
        let (Some(start), Some(end)) = (
            candidate.start.checked_sub(base),
            candidate.end.checked_sub(base),
        ) else {
            continue;
        };
        let (Some(before), true) = (text.get(last..start), text.get(start..end).is_some()) else {
            continue;
        };
        out.push_str(before);
        out.push_str(token);
        replacements.push(Replacement {
            kind: candidate.kind,
            token: token.clone(),
            start: cursor.char_offset(start),
            end: cursor.char_offset(end),
        });
        last = end;
    }
    out.push_str(text.get(last..).unwrap_or(""));
    (out, replacements)
}

/// The patterns that find each known person: full name, first name, surname, initial and
/// surname, and initials.
fn name_variants(people: &[KnownPerson]) -> Vec<Variant> {
    let mut variants: Vec<Variant> = Vec::new();
    let mut add = |pattern: String, rule: VariantRule, person: usize| {
        if pattern.trim().is_empty() {
            return;
        }
        if let Some(existing) = variants
            .iter_mut()
            .find(|variant| variant.pattern.eq_ignore_ascii_case(&pattern))
        {
            if !existing.people.contains(&person) {
                existing.people.push(person);
            }
            // The loosest rule wins for a shared pattern, so no name is missed.
            if existing.rule != VariantRule::AnyCase && rule == VariantRule::AnyCase {
                existing.rule = rule;
            }
            return;
        }
        variants.push(Variant {
            pattern,
            rule,
            people: vec![person],
        });
    };
    for (index, person) in people.iter().enumerate() {
        let parts: Vec<&str> = person.name.split_whitespace().collect();
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            continue;
        };
        let single = |part: &str| {
            if WORD_LIKE_NAMES.contains(&part.to_lowercase().as_str()) {
                VariantRule::Capitalised
            } else {
                VariantRule::AnyCase
            }
        };
        add(parts.join(" "), VariantRule::AnyCase, index);
        if first.chars().count() >= 2 {
            add((*first).to_owned(), single(first), index);
        }
        if parts.len() >= 2 {
            if parts.len() > 2 {
                add(format!("{first} {last}"), VariantRule::AnyCase, index);
            }
            if last.chars().count() >= 2 {
                add((*last).to_owned(), single(last), index);
            }
            if let Some(initial) = first.chars().next() {
                for separator in [". ", " ", "."] {
                    add(
                        format!("{initial}{separator}{last}"),
                        VariantRule::AnyCase,
                        index,
                    );
                }
            }
            let initials: String = parts
                .iter()
                .filter_map(|part| part.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            add(initials, VariantRule::Exact, index);
        }
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Format;
    use crate::model::{BlockKind, DocumentBuilder};
    use proptest::prelude::*;

    fn people() -> Vec<KnownPerson> {
        KnownPerson::from_name_list("Jamie Thompson, Sarah Thompson")
    }

    fn masker() -> Masker {
        let people = people();
        Masker::new(&MaskingRequest {
            known_names: &people,
        })
        .unwrap()
    }

    /// A synthetic NHS number in the 999 test range with a valid check digit.
    fn nhs_number(seed: u32) -> String {
        for serial in seed..seed + 20 {
            let body = format!("999{serial:06}");
            let sum: u32 = body
                .bytes()
                .zip((2..=10).rev())
                .map(|(digit, weight)| u32::from(digit - b'0') * weight)
                .sum();
            let check = 11 - sum % 11;
            let check = match check {
                11 => 0,
                10 => continue,
                other => other,
            };
            return format!("{body}{check}");
        }
        unreachable!()
    }

    fn chars(text: &str, start: usize, end: usize) -> String {
        text.chars().skip(start).take(end - start).collect()
    }

    #[test]
    fn the_name_list_makes_a_child_and_parents() {
        let people = KnownPerson::from_name_list("Jamie Thompson, Sarah Thompson,,Alex Sample");
        let roles: Vec<PersonRole> = people.iter().map(|person| person.role).collect();
        assert_eq!(
            roles,
            [
                PersonRole::Child,
                PersonRole::Parent(1),
                PersonRole::Parent(2)
            ]
        );
        assert!(!format!("{:?}", people[0]).contains("Jamie"));
    }

    #[test]
    fn known_names_possessives_and_initials_are_masked() {
        let mut masker = masker();
        let masked = masker.mask_text(
            "Jamie Thompson is 9. Jamie's mother, Sarah Thompson, says Jamie’s sleep is poor. \
             J. Thompson and J Thompson were seen; JT enjoys maths. jamie laughed. \
             Mrs Thompson attended. Jamieson and JTX are other words.",
        );
        assert_eq!(
            masked.text,
            "[CHILD] is 9. [CHILD]'s mother, [PARENT_1], says [CHILD]’s sleep is poor. \
             [CHILD] and [CHILD] were seen; [CHILD] enjoys maths. [CHILD] laughed. \
             Mrs [PARENT_1] attended. Jamieson and JTX are other words."
        );
    }

    #[test]
    fn word_like_first_names_are_masked_only_when_capitalised() {
        let people = vec![KnownPerson {
            name: "Will Example".to_owned(),
            role: PersonRole::Child,
        }];
        let mut masker = Masker::new(&MaskingRequest {
            known_names: &people,
        })
        .unwrap();
        let masked = masker.mask_text("Will says he will try.");
        assert_eq!(masked.text, "[CHILD] says he will try.");
    }

    #[test]
    fn identifiers_and_contact_details_are_masked() {
        let mut masker = masker();
        let valid = nhs_number(1);
        let grouped = format!("{} {} {}", &valid[..3], &valid[3..6], &valid[6..]);
        let last = valid.as_bytes()[9] - b'0';
        let wrong = format!("{}{}", &valid[..9], (last + 1) % 10);
        let text = format!(
            "NHS number: {grouped}. Other: {wrong}. UPN: B801200005001. DOB: 04/05/2016. \
             Address: 12 Example Road, Sampletown AB1 2DX. Tel 07700 900123 or +44 20 7946 0000. \
             Email parent@example.com. Dear Mrs Alex Sample, Name: Robin Example"
        );
        let masked = masker.mask_text(&text);
        assert_eq!(
            masked.text,
            format!(
                "NHS number: [NHS_NUMBER_1]. Other: {wrong}. UPN: [UPN_1]. DOB: [DATE_OF_BIRTH_1]. \
                 Address: [ADDRESS_1], Sampletown [POSTCODE_1]. Tel [PHONE_1] or [PHONE_2]. \
                 Email [EMAIL_1]. Dear Mrs [PERSON_1], Name: [PERSON_2]"
            )
        );
        for replacement in &masked.replacements {
            let original = chars(&text, replacement.start, replacement.end);
            let mapped = masker
                .mapping()
                .into_iter()
                .find(|(token, _)| *token == replacement.token)
                .unwrap();
            if replacement.kind != ReplacementKind::KnownPerson {
                assert_eq!(mapped.1, original);
            }
        }
    }

    #[test]
    fn tokens_are_consistent_across_texts() {
        let mut masker = masker();
        let first = masker.mask_text("Call 07700 900123. Mrs Alex Sample visited Jamie.");
        let second = masker.mask_text("Alex Sample (Mrs Alex Sample) phoned from 07700900123.");
        assert_eq!(
            first.text,
            "Call [PHONE_1]. Mrs [PERSON_1] visited [CHILD]."
        );
        assert!(second.text.contains("Mrs [PERSON_1]"));
        assert!(second.text.ends_with("from [PHONE_1]."));
        assert_eq!(
            masker
                .mapping()
                .iter()
                .filter(|(token, _)| token == "[PHONE_1]")
                .count(),
            1
        );
    }

    #[test]
    fn replacement_spans_point_at_the_original_values() {
        let mut masker = masker();
        let text = "Café notes: Zoë met Jamie Thompson at 12 Example Road. Email a.b@example.org";
        let masked = masker.mask_text(text);
        let originals: Vec<String> = masked
            .replacements
            .iter()
            .map(|replacement| chars(text, replacement.start, replacement.end))
            .collect();
        assert_eq!(
            originals,
            ["Jamie Thompson", "12 Example Road", "a.b@example.org"]
        );
    }

    #[test]
    fn masked_document_spans_index_the_masked_text() {
        let mut builder = DocumentBuilder::new("report.txt", Format::PlainText, b"x");
        builder.block(
            1,
            BlockKind::Heading { level: 1 },
            "Advice for Jamie Thompson",
        );
        builder.block(
            1,
            BlockKind::Paragraph,
            "Café: Jamie’s mum is Sarah Thompson.",
        );
        builder.block(
            2,
            BlockKind::TableCell {
                table: 0,
                row: 0,
                column: 0,
            },
            "Parent:",
        );
        builder.block(2, BlockKind::Paragraph, "Tel 07700 900123");
        let document = builder.finish();
        let mut masker = masker();
        let (masked, replacements) = masker.mask_document(&document);
        assert_eq!(
            masked.text,
            "Advice for [CHILD]\n\nCafé: [CHILD]’s mum is [PARENT_1].\n\nParent:\n\nTel [PHONE_1]"
        );
        let masked_chars: Vec<char> = masked.text.chars().collect();
        for block in &masked.blocks {
            let slice: String = masked_chars[block.start..block.end].iter().collect();
            assert_eq!(slice, block.text);
        }
        assert_eq!(masked.blocks[2].kind, document.blocks[2].kind);
        assert_eq!(masked.blocks[3].page, 2);
        for replacement in &replacements {
            let original = chars(&document.text, replacement.start, replacement.end);
            assert!(!original.is_empty() && !original.contains('['));
        }
        assert_eq!(replacements.len(), 4);
    }

    #[test]
    fn masking_a_token_leaves_it_alone() {
        let mut masker = masker();
        let masked = masker.mask_text("[CHILD] and [PARENT_1] met [PERSON_3].");
        assert_eq!(masked.text, "[CHILD] and [PARENT_1] met [PERSON_3].");
        assert!(masked.replacements.is_empty());
    }

    #[test]
    fn a_phone_number_beside_an_address_is_masked_in_one_pass() {
        // The address takes the digits a longer phone match wanted; the shorter phone number
        // left beside it must be masked now, not on a second pass.
        let mut masker = masker();
        let once = masker.mask_text("07700 07700 999 JT March Road");
        assert!(!once.text.contains("07700"), "{}", once.text);
        let twice = masker.mask_text(&once.text);
        assert_eq!(twice.text, once.text);
    }

    proptest! {
        #[test]
        fn masking_arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let mut masker = masker();
            let once = masker.mask_text(&text);
            let twice = masker.mask_text(&once.text);
            prop_assert_eq!(twice.text, once.text);
        }

        #[test]
        fn masking_is_idempotent_on_personal_looking_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Jamie", "Thompson", "Sarah", "Mrs", "Dr", "Name:", "DOB", "07700", "900123",
                    "12", "Example", "Road", "AB1", "2DX", "a@b.org", "'s", "’s", "J.", "JT",
                    "[CHILD]", "999", "000", "0018", "3", "March", "2016", ",", " ", "\n\n",
                ]),
                0..30,
            )
        ) {
            let text = parts.join(" ");
            let mut masker = masker();
            let once = masker.mask_text(&text);
            let twice = masker.mask_text(&once.text);
            prop_assert_eq!(&twice.text, &once.text);
            let length = text.chars().count();
            for replacement in &once.replacements {
                prop_assert!(replacement.start < replacement.end && replacement.end <= length);
            }
        }
    }
}
