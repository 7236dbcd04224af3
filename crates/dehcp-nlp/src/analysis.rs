//! Whole-bundle analysis: ingested documents in, findings, provision statements, summaries and
//! the 20-item pre-fill out, every piece with its verbatim quote, document, page and span.
//!
//! SKELETON (session 2): the types and signatures here are the contract other modules (the gold
//! set evaluation, the benchmark, the CLI) code against. Bodies are being filled in.
//!
//! Offsets: every `start`/`end` is a CHARACTER offset into [`Document::text`] of the document
//! named by `document` (index into [`Analysis::documents`]), so
//! `text.chars().skip(start).take(end - start)` is exactly the quoted text, and `page` is the
//! page of the block that contains `start`.

use dehcp_ingest::Document;
use serde::Serialize;

use crate::context::{ContextError, ContextRules, Polarity};
use crate::dictionary::{Dictionary, DictionaryError};
use crate::matcher::{Matcher, Mention};
use crate::provision::{ProvisionRules, RulesError};
use crate::summary::SummaryOptions;

/// The engine could not be built from its rule files.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The reference dictionary is invalid.
    #[error(transparent)]
    Dictionary(#[from] DictionaryError),
    /// The context rules are invalid.
    #[error(transparent)]
    Context(#[from] ContextError),
    /// The provision rules are invalid.
    #[error(transparent)]
    Provision(#[from] RulesError),
}

/// The loaded rules and dictionary, built once and used for any number of bundles. Immutable:
/// analysing needs only `&self`, so one engine can serve many threads.
#[derive(Debug)]
pub struct Engine {
    dictionary: Dictionary,
    matcher: Matcher,
    context: ContextRules,
    provision: ProvisionRules,
    summary: SummaryOptions,
}

impl Engine {
    /// The engine from the rule files compiled into the crate.
    pub fn builtin() -> Result<Engine, EngineError> {
        Ok(Engine::new(
            Dictionary::builtin()?,
            ContextRules::builtin()?,
            ProvisionRules::builtin(),
        ))
    }

    /// An engine from given rules (for example a council's own dictionary file).
    pub fn new(dictionary: Dictionary, context: ContextRules, provision: ProvisionRules) -> Engine {
        let matcher = Matcher::new(&dictionary);
        Engine {
            dictionary,
            matcher,
            context,
            provision,
            summary: SummaryOptions::default(),
        }
    }

    /// The same engine with other summary options.
    pub fn with_summary_options(mut self, options: SummaryOptions) -> Engine {
        self.summary = options;
        self
    }

    /// The reference dictionary in use.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// The dictionary scan alone (no context, no sentences): every concept mention in `text`.
    /// Linear in the length of the text. Used by the benchmark.
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        self.matcher.find(text)
    }

    /// Analyses a bundle. Never fails and never panics on odd text: odd text yields fewer
    /// findings. Deterministic: the same documents give the same analysis.
    pub fn analyse(&self, documents: &[&Document]) -> Analysis {
        let _ = (&self.context, &self.provision, &self.summary);
        Analysis {
            documents: documents
                .iter()
                .enumerate()
                .map(|(index, document)| DocumentRef {
                    index,
                    file: document.file_name.clone(),
                    id: document.id.as_str().to_owned(),
                })
                .collect(),
            findings: Vec::new(),
            provisions: Vec::new(),
            summary: Summary::default(),
            assessment: Vec::new(),
        }
    }
}

/// The result of analysing a bundle. Serialises to the JSON `dehcp analyse --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The documents analysed, in input order.
    pub documents: Vec<DocumentRef>,
    /// Every concept mention with its context, in document then text order.
    pub findings: Vec<Finding>,
    /// Every recommendation of provision, parsed, in document then text order.
    pub provisions: Vec<Provision>,
    /// Extractive summaries per document and for the bundle.
    pub summary: Summary,
    /// The 20-item pre-fill, one entry per item in questionnaire order.
    pub assessment: Vec<ItemSuggestion>,
}

/// A document of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRef {
    /// Its position in the bundle (what `document` fields refer to).
    pub index: usize,
    /// Its file name.
    pub file: String,
    /// Its content hash.
    pub id: String,
}

/// A verbatim piece of a document and where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// The text, verbatim.
    pub text: String,
    /// Index into [`Analysis::documents`].
    pub document: usize,
    /// Page of the block where it starts (1-based).
    pub page: u32,
    /// Character offset of its first character in the document's text.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
}

/// One mention of a dictionary concept, in context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Concept id, for example `autism`.
    pub concept: String,
    /// Concept label, for example "Autism".
    pub label: String,
    /// Concept kind id (`diagnosis`, `difficulty`, `strength`, `professional`, `intervention`).
    pub kind: &'static str,
    /// SEN2 need type codes, for example `["ASD"]`.
    pub sen2: Vec<&'static str>,
    /// Broad area id, if any.
    pub area: Option<&'static str>,
    /// 20-item metric ids with weights.
    pub metrics: Vec<MetricWeight>,
    /// Context: affirmed, negated, uncertain, historical or other_person.
    #[serde(serialize_with = "polarity_id")]
    pub polarity: Polarity,
    /// The trigger phrase that decided a non-affirmed polarity, verbatim.
    pub trigger: Option<String>,
    /// The mention itself.
    pub mention: Quote,
    /// The sentence containing it (the evidence quote).
    pub quote: Quote,
    /// How sure the engine is, 0..=1.
    pub confidence: f32,
}

/// A metric a concept is evidence for, with its weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MetricWeight {
    /// Metric id, for example `asd`.
    pub metric: &'static str,
    /// Weight in 0..=3.
    pub weight: f32,
}

/// One recommendation of provision, parsed. Part offsets are in the document's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provision {
    /// The statement, verbatim, with its place.
    pub statement: Quote,
    /// The intervention or activity.
    pub what: Option<Quote>,
    /// Who delivers it, with any stated training.
    pub who: Option<Quote>,
    /// Group size or ratio.
    pub group: Option<Quote>,
    /// How often.
    pub frequency: Option<Quote>,
    /// How long each session lasts.
    pub duration: Option<Quote>,
    /// How long the programme runs.
    pub programme_length: Option<Quote>,
    /// Non-specific phrases, in order.
    pub vague: Vec<Quote>,
    /// Whether it names what, who, frequency and duration with no vague wording.
    pub specific: bool,
}

/// Extractive summaries.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// One summary per document, in input order.
    pub documents: Vec<DocumentSummary>,
    /// The bundle summary, across documents.
    pub bundle: Vec<SummarySection>,
}

/// The summary of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentSummary {
    /// Index into [`Analysis::documents`].
    pub document: usize,
    /// Its sections.
    pub sections: Vec<SummarySection>,
}

/// Summary sentences under one heading: "Strengths", a broad area of need ("Communication and
/// interaction", …), "Views of the child and family" or "Recommendations".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummarySection {
    /// Stable id: `strengths`, a broad area id, `views` or `recommendations`.
    pub id: String,
    /// Heading for people.
    pub heading: String,
    /// Verbatim sentences, each with its place.
    pub sentences: Vec<Quote>,
}

/// The suggestion for one of the 20 items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemSuggestion {
    /// Metric id, for example `asd`.
    pub metric: &'static str,
    /// Suggested score; `None` (JSON null) when there is no evidence, never 0 for "unknown".
    pub score: Option<u8>,
    /// One line saying why.
    pub rationale: String,
    /// Quotes that support the score.
    pub evidence: Vec<Quote>,
    /// Quotes that point the other way (for example a negated mention).
    pub contradicting: Vec<Quote>,
}

fn polarity_id<S: serde::Serializer>(
    polarity: &Polarity,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(polarity.id())
}
