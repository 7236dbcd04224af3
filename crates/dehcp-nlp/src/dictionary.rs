//! The reference dictionary: the concepts the evidence engine looks for in advice.
//!
//! Each concept (a diagnosis, a difficulty, a strength, a professional or an intervention) has
//! a stable id, a label, the words and phrases that name it, and optional hints: the SEN2 need
//! types and broad area it points to, weights for the 20-item needs assessment, and the
//! provision elements it suggests. The content is data (`data/dictionary.toml`), so a council can
//! extend or correct it without recompiling; this module only parses and validates it into a
//! typed [`Dictionary`].
//!
//! Loading checks every rule once, at the edge, and names the concept and the problem in the
//! error: ids are unique snake_case, each concept has at least one term or abbreviation, codes
//! are known to `dehcp_domain`, no term or abbreviation names two concepts, and weights lie in
//! `0..=3`. It does not match text (see [`crate::matcher`]) and does no IO: a council's file is
//! read by the caller and passed in as text.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;

use dehcp_domain::need::UnknownCode;
use dehcp_domain::{BroadArea, MetricId, ProvisionElement, ReferenceDataError, Sen2Need};
use serde::Deserialize;

/// The name of the data file, used in error messages.
pub const FILE: &str = "dictionary.toml";
const BUILTIN: &str = include_str!("../data/dictionary.toml");

/// The longest term or abbreviation accepted, in characters. Keeps the matcher's automata small
/// whatever a council's file contains.
pub const MAX_TERM_CHARS: usize = 120;
/// The most concepts a dictionary may hold.
pub const MAX_CONCEPTS: usize = 50_000;
/// The highest metric weight (the top of the 0–3 needs-assessment scale).
pub const MAX_WEIGHT: f32 = 3.0;

/// What sort of thing a concept is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConceptKind {
    /// A diagnosis or named condition, for example autism or epilepsy.
    Diagnosis,
    /// A functional difficulty, for example poor working memory or toileting.
    Difficulty,
    /// A strength or interest, for example a good visual memory or enjoying Lego.
    Strength,
    /// A professional or service, for example an educational psychologist or CAMHS.
    Professional,
    /// An intervention, approach or resource, for example social stories or Makaton.
    Intervention,
}

impl ConceptKind {
    /// Every kind, in the order used in reports.
    pub const ALL: [ConceptKind; 5] = [
        ConceptKind::Diagnosis,
        ConceptKind::Difficulty,
        ConceptKind::Strength,
        ConceptKind::Professional,
        ConceptKind::Intervention,
    ];

    /// The identifier used in the data file, for example `diagnosis`.
    pub fn id(self) -> &'static str {
        match self {
            ConceptKind::Diagnosis => "diagnosis",
            ConceptKind::Difficulty => "difficulty",
            ConceptKind::Strength => "strength",
            ConceptKind::Professional => "professional",
            ConceptKind::Intervention => "intervention",
        }
    }
}

impl FromStr for ConceptKind {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ConceptKind::ALL
            .into_iter()
            .find(|kind| kind.id() == text.trim())
            .ok_or_else(|| UnknownCode {
                what: "concept kind (diagnosis, difficulty, strength, professional, intervention)",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for ConceptKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One concept, as loaded and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// Stable snake_case identifier, for example `autism`.
    pub id: String,
    /// Name for people, for example "Autism".
    pub label: String,
    /// What sort of concept it is.
    pub kind: ConceptKind,
    /// Words and phrases that name it, matched case-insensitively as whole words (trimmed, as
    /// written in the file).
    pub terms: Vec<String>,
    /// Abbreviations, matched case-sensitively as whole tokens, for example `ASC`.
    pub abbreviations: Vec<String>,
    /// Words naming the function the concept affects rather than the concept itself ("hearing"
    /// for hearing loss), matched like terms. A mention by one of these counts only when its
    /// context is negated or uncertain: "no concerns about her hearing" is a negated hearing
    /// loss, but "her hearing was tested" is no finding at all (see [`crate::analysis`]).
    pub neutral_terms: Vec<String>,
    /// SEN2 need types the concept points to (may be empty).
    pub sen2: Vec<Sen2Need>,
    /// The broad area of need it belongs to, if any.
    pub area: Option<BroadArea>,
    /// Needs-assessment items it is evidence for, each with a weight in `0..=3` hinting how much
    /// a current, affirmed mention contributes; sorted by item.
    pub metrics: Vec<(MetricId, f32)>,
    /// Provision elements it suggests (may be empty).
    pub provision: Vec<ProvisionElement>,
}

/// A dictionary file could not be loaded. Every message names the file and, where there is one,
/// the concept at fault.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DictionaryError {
    /// The file is not valid TOML or does not have the expected fields.
    #[error("{FILE}: not a valid dictionary file: {message}")]
    Syntax {
        /// The parser's description of the problem.
        message: String,
    },
    /// An id is empty or not snake_case (lower-case ASCII letters, digits and underscores).
    #[error("{FILE}: concept id '{id}' must be snake_case (a-z, 0-9 and _)")]
    InvalidId {
        /// The id as given.
        id: String,
    },
    /// Two concepts share an id.
    #[error("{FILE}: concept id '{id}' appears twice")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// A concept has no term, abbreviation or neutral term, so it could never be found.
    #[error("{FILE}: concept '{id}' has no terms or abbreviations")]
    NoTerms {
        /// The concept.
        id: String,
    },
    /// A term or abbreviation is blank or longer than [`MAX_TERM_CHARS`].
    #[error(
        "{FILE}: concept '{id}' has a blank or over-long term '{term}' (at most {MAX_TERM_CHARS} characters)"
    )]
    BadTerm {
        /// The concept.
        id: String,
        /// The term as given.
        term: String,
    },
    /// A term or abbreviation names two concepts. Terms are compared folded (lower case, hyphens
    /// as spaces, whitespace collapsed); abbreviations as written, but an abbreviation in lower
    /// case may not be another concept's term either.
    #[error("{FILE}: the term '{term}' is listed by both '{first}' and '{second}'")]
    SharedTerm {
        /// The term, as compared (terms in lower case, abbreviations as written).
        term: String,
        /// The concept that listed it first.
        first: String,
        /// The concept that listed it again.
        second: String,
    },
    /// A kind, SEN2 code, broad area, metric id or provision code is not known.
    #[error("{FILE}: concept '{id}': {source}")]
    UnknownCode {
        /// The concept.
        id: String,
        /// What was not recognised.
        source: UnknownCode,
    },
    /// A code is listed twice in one concept's `sen2` or `provision`.
    #[error("{FILE}: concept '{id}' lists '{code}' twice")]
    RepeatedCode {
        /// The concept.
        id: String,
        /// The repeated code.
        code: String,
    },
    /// A metric weight is outside `0..=3` (or not a number).
    #[error("{FILE}: concept '{id}' gives '{metric}' the weight {weight}, outside 0 to 3")]
    WeightOutOfRange {
        /// The concept.
        id: String,
        /// The metric id.
        metric: String,
        /// The weight as given.
        weight: f64,
    },
    /// The file holds more than [`MAX_CONCEPTS`] concepts.
    #[error("{FILE}: {count} concepts is more than the limit of {MAX_CONCEPTS}")]
    TooManyConcepts {
        /// How many the file holds.
        count: usize,
    },
}

impl From<DictionaryError> for ReferenceDataError {
    fn from(error: DictionaryError) -> Self {
        match error {
            DictionaryError::Syntax { message } => ReferenceDataError::Syntax {
                file: FILE,
                message,
            },
            other => {
                let full = other.to_string();
                let message = full
                    .strip_prefix(&format!("{FILE}: "))
                    .unwrap_or(&full)
                    .to_owned();
                ReferenceDataError::Content {
                    file: FILE,
                    message,
                }
            }
        }
    }
}

/// The checked set of concepts, in file order. Indexes into [`Dictionary::concepts`] are stable
/// for the life of the value and are what [`crate::matcher::Mention::concept`] refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    version: Option<String>,
    concepts: Vec<Concept>,
    by_id: HashMap<String, usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    concept: Vec<RawConcept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: String,
    label: String,
    kind: String,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    neutral_terms: Vec<String>,
    #[serde(default)]
    sen2: Vec<String>,
    #[serde(default)]
    area: Option<String>,
    #[serde(default)]
    metrics: BTreeMap<String, f64>,
    #[serde(default)]
    provision: Vec<String>,
}

/// Lower-cases one character, keeping it one character: a character whose lower case is more
/// than one character (such as `İ`) is kept as it is.
fn lower_char(character: char) -> char {
    let mut lower = character.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => character,
    }
}

/// Folds text into the form the matcher searches, one character at a time: hyphens
/// (`-`, U+2010, U+2011) become spaces, any run of whitespace becomes one space, curly
/// apostrophes become `'`, and, when `lowercase` is set, letters are lower-cased with
/// [`lower_char`]. Each kept character of the result comes from exactly one character of the
/// input, so offsets can be mapped back.
///
/// Returns the folded text and, for every byte of it plus one past the end, the character
/// offset in `text` of the input character that byte came from (the last entry is the number
/// of characters in `text`).
pub(crate) fn fold(text: &str, lowercase: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut count = 0;
    let mut after_space = false;
    for (index, character) in text.chars().enumerate() {
        count = index + 1;
        let mapped = match character {
            '-' | '\u{2010}' | '\u{2011}' => ' ',
            '\u{2018}' | '\u{2019}' => '\'',
            c if c.is_whitespace() => ' ',
            c if lowercase => lower_char(c),
            c => c,
        };
        if mapped == ' ' && after_space {
            continue;
        }
        after_space = mapped == ' ';
        folded.push(mapped);
        offsets.extend(std::iter::repeat_n(index, mapped.len_utf8()));
    }
    offsets.push(count);
    (folded, offsets)
}

/// A term as the matcher compares it: folded (see [`fold`]) and trimmed.
pub(crate) fn fold_term(term: &str, lowercase: bool) -> String {
    fold(term, lowercase).0.trim().to_owned()
}

fn parse_toml(text: &str) -> Result<RawFile, DictionaryError> {
    toml::from_str(text).map_err(|error| DictionaryError::Syntax {
        message: error.message().to_owned(),
    })
}

fn is_snake_case(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn parse_codes<T: FromStr<Err = UnknownCode> + PartialEq>(
    id: &str,
    raw: &[String],
) -> Result<Vec<T>, DictionaryError> {
    let mut codes = Vec::with_capacity(raw.len());
    for text in raw {
        let code: T = text
            .parse()
            .map_err(|source| DictionaryError::UnknownCode {
                id: id.to_owned(),
                source,
            })?;
        if codes.contains(&code) {
            return Err(DictionaryError::RepeatedCode {
                id: id.to_owned(),
                code: text.clone(),
            });
        }
        codes.push(code);
    }
    Ok(codes)
}

/// Trims each term and checks it is non-blank and not over-long.
fn clean_terms(id: &str, raw: Vec<String>) -> Result<Vec<String>, DictionaryError> {
    raw.into_iter()
        .map(|term| {
            let trimmed = term.trim();
            if fold_term(trimmed, false).is_empty() || trimmed.chars().count() > MAX_TERM_CHARS {
                Err(DictionaryError::BadTerm {
                    id: id.to_owned(),
                    term,
                })
            } else {
                Ok(trimmed.to_owned())
            }
        })
        .collect()
}

/// Records `key` as belonging to concept `index`, or reports the concept that already has it.
fn claim(
    seen: &mut HashMap<String, usize>,
    concepts: &[Concept],
    key: String,
    index: usize,
    id: &str,
) -> Result<(), DictionaryError> {
    match seen.get(&key) {
        // The same concept listing a term twice (perhaps as "self-harm" and "self harm", which
        // fold alike) is harmless.
        Some(&owner) if owner == index => Ok(()),
        Some(&owner) => Err(DictionaryError::SharedTerm {
            term: key,
            first: concepts
                .get(owner)
                .map_or_else(|| id.to_owned(), |c| c.id.clone()),
            second: id.to_owned(),
        }),
        None => {
            seen.insert(key, index);
            Ok(())
        }
    }
}

impl Dictionary {
    /// The dictionary shipped with dehcp (`data/dictionary.toml`).
    pub fn builtin() -> Result<Self, DictionaryError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads and checks a dictionary from the text of a `dictionary.toml` file (a council's own
    /// copy, for example). Fails on the first broken rule, naming the concept.
    pub fn from_toml_str(text: &str) -> Result<Self, DictionaryError> {
        let raw = parse_toml(text)?;
        if raw.concept.len() > MAX_CONCEPTS {
            return Err(DictionaryError::TooManyConcepts {
                count: raw.concept.len(),
            });
        }
        let mut concepts: Vec<Concept> = Vec::with_capacity(raw.concept.len());
        let mut by_id = HashMap::with_capacity(raw.concept.len());
        // Terms are compared in lower case; abbreviations as written. A lower-cased
        // abbreviation may not equal another concept's term either, or one phrase could name
        // two concepts depending on how it was typed.
        let mut terms_seen: HashMap<String, usize> = HashMap::new();
        let mut abbreviations_seen: HashMap<String, usize> = HashMap::new();
        for (index, raw_concept) in raw.concept.into_iter().enumerate() {
            let id = raw_concept.id.trim().to_owned();
            if !is_snake_case(&id) {
                return Err(DictionaryError::InvalidId { id });
            }
            if by_id.contains_key(&id) {
                return Err(DictionaryError::DuplicateId { id });
            }
            let kind: ConceptKind =
                raw_concept
                    .kind
                    .parse()
                    .map_err(|source| DictionaryError::UnknownCode {
                        id: id.clone(),
                        source,
                    })?;
            let terms = clean_terms(&id, raw_concept.terms)?;
            let abbreviations = clean_terms(&id, raw_concept.abbreviations)?;
            let neutral_terms = clean_terms(&id, raw_concept.neutral_terms)?;
            if terms.is_empty() && abbreviations.is_empty() && neutral_terms.is_empty() {
                return Err(DictionaryError::NoTerms { id });
            }
            for term in terms.iter().chain(&neutral_terms) {
                claim(
                    &mut terms_seen,
                    &concepts,
                    fold_term(term, true),
                    index,
                    &id,
                )?;
            }
            for abbreviation in &abbreviations {
                claim(
                    &mut abbreviations_seen,
                    &concepts,
                    fold_term(abbreviation, false),
                    index,
                    &id,
                )?;
            }
            let sen2 = parse_codes::<Sen2Need>(&id, &raw_concept.sen2)?;
            let provision = parse_codes::<ProvisionElement>(&id, &raw_concept.provision)?;
            let area = raw_concept
                .area
                .as_deref()
                .map(BroadArea::from_str)
                .transpose()
                .map_err(|source| DictionaryError::UnknownCode {
                    id: id.clone(),
                    source,
                })?;
            let mut metrics = Vec::with_capacity(raw_concept.metrics.len());
            for (metric_text, weight) in raw_concept.metrics {
                let metric: MetricId =
                    metric_text
                        .parse()
                        .map_err(|source| DictionaryError::UnknownCode {
                            id: id.clone(),
                            source,
                        })?;
                if !(0.0..=f64::from(MAX_WEIGHT)).contains(&weight) {
                    return Err(DictionaryError::WeightOutOfRange {
                        id,
                        metric: metric_text,
                        weight,
                    });
                }
                // In range 0..=3, so the narrowing is exact enough for a hint.
                #[allow(clippy::cast_possible_truncation)]
                metrics.push((metric, weight as f32));
            }
            metrics.sort_by_key(|(metric, _)| *metric);
            by_id.insert(id.clone(), index);
            concepts.push(Concept {
                id,
                label: raw_concept.label.trim().to_owned(),
                kind,
                terms,
                abbreviations,
                neutral_terms,
                sen2,
                area,
                metrics,
                provision,
            });
        }
        // Cross-check: an abbreviation, lower-cased, must not be another concept's term.
        for (owner, concept) in concepts.iter().enumerate() {
            for abbreviation in &concept.abbreviations {
                if let Some(&other) = terms_seen.get(&fold_term(abbreviation, true))
                    && other != owner
                {
                    let (first, second) = (owner.min(other), owner.max(other));
                    return Err(DictionaryError::SharedTerm {
                        term: abbreviation.clone(),
                        first: concepts[first].id.clone(),
                        second: concepts[second].id.clone(),
                    });
                }
            }
        }
        Ok(Dictionary {
            version: raw.version,
            concepts,
            by_id,
        })
    }

    /// The file's `version`, if it gives one.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// Every concept, in file order.
    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    /// The concept with this id.
    pub fn get(&self, id: &str) -> Option<&Concept> {
        self.index_of(id).and_then(|index| self.concepts.get(index))
    }

    /// The position of the concept with this id in [`Dictionary::concepts`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// How many concepts there are.
    pub fn len(&self) -> usize {
        self.concepts.len()
    }

    /// Whether there are no concepts (possible only for a council file with none).
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    /// The concepts of one kind, in file order.
    pub fn of_kind(&self, kind: ConceptKind) -> impl Iterator<Item = &Concept> {
        self.concepts
            .iter()
            .filter(move |concept| concept.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
        version = "test"

        [[concept]]
        id = "autism"
        label = "Autism"
        kind = "diagnosis"
        terms = ["autism", "autistic"]
        abbreviations = ["ASD", "ASC"]
        sen2 = ["ASD"]
        area = "communication_and_interaction"
        metrics = { social_interaction = 1, asd = 3.0 }
        provision = ["SP9", "SP4"]

        [[concept]]
        id = "hearing"
        label = "Hearing"
        kind = "difficulty"
        terms = ["hearing"]
    "#;

    #[test]
    fn builtin_loads_with_at_least_four_hundred_concepts() {
        let dictionary = Dictionary::builtin().unwrap();
        assert!(dictionary.len() >= 400, "only {}", dictionary.len());
        assert!(!dictionary.is_empty());
        for kind in ConceptKind::ALL {
            assert!(dictionary.of_kind(kind).count() >= 20, "{kind}");
        }
        let autism = dictionary.get("autism").unwrap();
        assert_eq!(autism.kind, ConceptKind::Diagnosis);
        assert!(autism.sen2.contains(&Sen2Need::Asd));
        assert!(autism.abbreviations.iter().any(|a| a == "ASC"));
        assert_eq!(
            dictionary.concepts()[dictionary.index_of("autism").unwrap()].id,
            "autism"
        );
    }

    /// The concept whose terms include `term` exactly, if any.
    fn owner<'d>(dictionary: &'d Dictionary, term: &str) -> Option<&'d Concept> {
        dictionary
            .concepts()
            .iter()
            .find(|concept| concept.terms.iter().any(|t| t == term))
    }

    #[test]
    fn job_titles_and_services_that_name_a_condition_are_roles_not_findings() {
        // The longest match wins, so these whole phrases name the person, service or
        // treatment, and the condition inside them is not read as a finding about the child.
        let dictionary = Dictionary::builtin().unwrap();
        for term in [
            "epilepsy specialist nurse",
            "teacher for visual impairment",
            "deaf children's team",
            "qualification in specific learning difficulties",
            "anti-seizure medication",
            "trained in trauma and attachment",
            "hearing test",
            "eye test",
        ] {
            let concept = owner(&dictionary, term).unwrap_or_else(|| panic!("{term:?} is no term"));
            assert!(
                matches!(
                    concept.kind,
                    ConceptKind::Professional | ConceptKind::Intervention
                ),
                "{term:?} belongs to {} ({})",
                concept.id,
                concept.kind
            );
        }
    }

    #[test]
    fn a_bare_withdrawn_is_not_a_term_but_a_withdrawn_child_is() {
        // "Medication was withdrawn" and "withdrawn from class for phonics" say nothing about
        // mood; "quiet and withdrawn" does.
        let dictionary = Dictionary::builtin().unwrap();
        assert!(owner(&dictionary, "withdrawn").is_none());
        assert_eq!(
            owner(&dictionary, "quiet and withdrawn").map(|c| c.id.as_str()),
            Some("withdrawal")
        );
        assert_eq!(
            owner(&dictionary, "becomes withdrawn").map(|c| c.id.as_str()),
            Some("withdrawal")
        );
    }

    #[test]
    fn a_small_file_loads_with_typed_fields() {
        let dictionary = Dictionary::from_toml_str(SMALL).unwrap();
        assert_eq!(dictionary.len(), 2);
        assert_eq!(dictionary.version(), Some("test"));
        let autism = dictionary.get("autism").unwrap();
        assert_eq!(autism.area, Some(BroadArea::CommunicationAndInteraction));
        assert_eq!(autism.sen2, vec![Sen2Need::Asd]);
        assert_eq!(
            autism.metrics,
            vec![(MetricId::Asd, 3.0), (MetricId::SocialInteraction, 1.0)]
        );
        assert_eq!(
            autism.provision,
            vec![
                "SP9".parse::<ProvisionElement>().unwrap(),
                "SP4".parse().unwrap()
            ]
        );
        let hearing = dictionary.get("hearing").unwrap();
        assert_eq!(hearing.area, None);
        assert!(hearing.metrics.is_empty());
        assert!(dictionary.get("nothing").is_none());
    }

    fn error_for(edited: &str) -> DictionaryError {
        Dictionary::from_toml_str(edited).unwrap_err()
    }

    #[test]
    fn broken_files_are_rejected_naming_the_concept() {
        let shared = SMALL.replace("terms = [\"hearing\"]", "terms = [\"Autistic\"]");
        assert_eq!(
            error_for(&shared),
            DictionaryError::SharedTerm {
                term: "autistic".to_owned(),
                first: "autism".to_owned(),
                second: "hearing".to_owned(),
            }
        );
        let crossed = SMALL.replace("terms = [\"hearing\"]", "terms = [\"asc\"]");
        assert!(matches!(
            error_for(&crossed),
            DictionaryError::SharedTerm { .. }
        ));
        let duplicate = SMALL.replace("id = \"hearing\"", "id = \"autism\"");
        assert!(matches!(
            error_for(&duplicate),
            DictionaryError::DuplicateId { .. }
        ));
        let empty = SMALL.replace("terms = [\"hearing\"]", "terms = []");
        assert!(matches!(error_for(&empty), DictionaryError::NoTerms { .. }));
        let blank = SMALL.replace("terms = [\"hearing\"]", "terms = [\"  \"]");
        assert!(matches!(error_for(&blank), DictionaryError::BadTerm { .. }));
        let heavy = SMALL.replace("asd = 3.0", "asd = 3.5");
        let message = error_for(&heavy).to_string();
        assert!(
            message.contains("'autism'") && message.contains("3.5"),
            "{message}"
        );
        let negative = SMALL.replace("social_interaction = 1", "social_interaction = -1");
        assert!(matches!(
            error_for(&negative),
            DictionaryError::WeightOutOfRange { .. }
        ));
        let code = SMALL.replace("sen2 = [\"ASD\"]", "sen2 = [\"ADHD\"]");
        assert!(error_for(&code).to_string().contains("ADHD"));
        let twice = SMALL.replace("[\"SP9\", \"SP4\"]", "[\"SP9\", \"sp9\"]");
        assert!(matches!(
            error_for(&twice),
            DictionaryError::RepeatedCode { .. }
        ));
        let metric = SMALL.replace("asd = 3.0", "autism = 3.0");
        assert!(matches!(
            error_for(&metric),
            DictionaryError::UnknownCode { .. }
        ));
        let area = SMALL.replace("communication_and_interaction", "communication");
        assert!(matches!(
            error_for(&area),
            DictionaryError::UnknownCode { .. }
        ));
        let kind = SMALL.replace("kind = \"difficulty\"", "kind = \"need\"");
        assert!(matches!(
            error_for(&kind),
            DictionaryError::UnknownCode { .. }
        ));
        let id = SMALL.replace("id = \"hearing\"", "id = \"Hearing loss\"");
        assert!(matches!(error_for(&id), DictionaryError::InvalidId { .. }));
        let unknown_field = SMALL.replace("label = \"Hearing\"", "label = \"Hearing\"\nnote = 1");
        assert!(matches!(
            error_for(&unknown_field),
            DictionaryError::Syntax { .. }
        ));
    }

    #[test]
    fn errors_convert_to_reference_data_errors() {
        let error: ReferenceDataError = error_for("concept = 1").into();
        assert!(matches!(error, ReferenceDataError::Syntax { .. }));
        let shared = SMALL.replace("terms = [\"hearing\"]", "terms = [\"autism\"]");
        let error: ReferenceDataError = error_for(&shared).into();
        assert_eq!(
            error.to_string(),
            "dictionary.toml: the term 'autism' is listed by both 'autism' and 'hearing'"
        );
    }

    #[test]
    fn folding_maps_every_byte_back_to_its_character() {
        for text in [
            "İstanbul ASD",
            "ẞtraße \u{212A}",
            "Σίσυφος",
            "café — Sam’s",
            "",
        ] {
            let (folded, offsets) = fold(text, true);
            assert_eq!(offsets.len(), folded.len() + 1, "{text}");
            assert_eq!(offsets.last(), Some(&text.chars().count()));
            assert_eq!(folded.chars().count(), text.chars().count(), "{text}");
        }
        assert_eq!(fold("ADHD Café", true).0, "adhd café");
        assert_eq!(fold("İ", true).0, "İ");
        let (folded, offsets) = fold("Self-Harm \n\t and  Sam’s", true);
        assert_eq!(folded, "self harm and sam's");
        assert_eq!(offsets[folded.find("and").unwrap()], 13);
        assert_eq!(fold_term("  Hearing\tLoss ", true), "hearing loss");
        assert_eq!(fold_term("ASD", false), "ASD");
    }

    #[test]
    fn a_concept_may_repeat_a_term_that_folds_alike() {
        let repeated = SMALL.replace(
            "terms = [\"hearing\"]",
            "terms = [\"self-harm\", \"Self harm\"]",
        );
        assert_eq!(Dictionary::from_toml_str(&repeated).unwrap().len(), 2);
    }
}
