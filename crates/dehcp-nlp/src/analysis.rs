//! Whole-bundle analysis: ingested documents in, findings, provision statements, summaries and
//! the 20-item pre-fill out, every piece with its verbatim quote, document, page and span.
//!
//! [`Engine::analyse`] reads each document of the bundle on its own, then brings the bundle
//! together:
//!
//! - **Documents.** The documents given come first, in order, so index `i` of
//!   [`Analysis::documents`] is the `i`-th document passed in; then the attachments of each (an
//!   email's attached reports), depth first, each analysed as a document of its own and naming
//!   its `parent`. Running headers and footers are not read.
//! - **Findings** (`findings`): each block is split into sentences on its own, so no sentence
//!   or quote crosses a block; the dictionary scan runs once per block and each sentence with a
//!   mention is tokenised once for all of its mentions. Confidence is documented there.
//! - **Provisions** ([`crate::provision::find_statements`] over each document's text, so
//!   "Recommendations" headings are seen), with every part placed in the document.
//! - **Summaries** (`summaries`): sections for strengths, each broad area, views of the child
//!   and family, and recommendations, per document (at most [`DEFAULT_DOCUMENT_WORDS`] words a
//!   section by default) and for the bundle ([`DEFAULT_BUNDLE_WORDS`]).
//! - **Pre-fill** (`prefill`): the 20 items, each with a score or none, quotes and a rationale.
//!
//! Cost is linear in the size of the bundle: the character ↔ byte map of each document is
//! built once, mentions and sentences are walked together, the context of a mention looks only
//! at the words near it, and at most a fixed number of sentences per section enters TextRank.
//!
//! Offsets: every `start`/`end` is a CHARACTER offset into [`Document::text`] of the document
//! named by `document` (index into [`Analysis::documents`]), so
//! `text.chars().skip(start).take(end - start)` is exactly the quoted text, and `page` is the
//! page of the block that contains `start`.
//!
//! Must not: fail or panic on any text, quote anything that is not verbatim at its span, or let
//! hash order reach the output (the same bundle always gives the same analysis).

mod findings;
mod layout;
mod people;
mod prefill;
mod summaries;

pub use prefill::MAX_QUOTES;
pub use summaries::{BUNDLE_CANDIDATES, DOCUMENT_CANDIDATES};

use dehcp_ingest::{BlockKind, Document};
use serde::Serialize;

use crate::context::{ContextError, ContextRules, Polarity};
use crate::dictionary::{Dictionary, DictionaryError};
use crate::matcher::{Matcher, Mention};
use crate::provision::{
    Heading, Marks, ProvisionRules, ProvisionStatement, RulesError, find_statements_and_sentences,
};
use crate::summary::{SummaryOptions, Terms};

/// Distinct summary terms the interning table has room for at the start of an analysis. Only
/// the sentences that enter a summary are tokenised (a few dozen per section), so a bundle has
/// about a thousand (1,122 for the benchmark bundle, 953 for it repeated to 10 MB); a larger
/// table costs more to make than it saves.
const TERMS_CAPACITY: usize = 2048;

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
    document_words: usize,
    bundle_words: usize,
    bundle_candidates: usize,
}

/// Words per section of a document's summary, unless set with [`Engine::with_word_budgets`].
pub const DEFAULT_DOCUMENT_WORDS: usize = 60;
/// Words per section of the bundle summary, unless set with [`Engine::with_word_budgets`].
pub const DEFAULT_BUNDLE_WORDS: usize = 250;

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
            document_words: DEFAULT_DOCUMENT_WORDS,
            bundle_words: DEFAULT_BUNDLE_WORDS,
            bundle_candidates: BUNDLE_CANDIDATES,
        }
    }

    /// The same engine with other word budgets for summary sections: `document` words per
    /// section of each document's summary, `bundle` per section of the bundle summary.
    pub fn with_word_budgets(mut self, document: usize, bundle: usize) -> Engine {
        self.document_words = document;
        self.bundle_words = bundle;
        self
    }

    /// The same engine with another limit on the sentences of one bundle section that enter
    /// its TextRank graph (at least 1; default [`BUNDLE_CANDIDATES`]). For comparing limits
    /// (`dehcp eval summary`); the default is the one measured best.
    pub fn with_bundle_candidates(mut self, candidates: usize) -> Engine {
        self.bundle_candidates = candidates.max(1);
        self
    }

    /// The same engine with other summary options. Their `word_budget` is not used: sections
    /// have their own budgets ([`Engine::with_word_budgets`]).
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
        let all = bundle_documents(documents);

        let mut analysis = Analysis {
            documents: Vec::with_capacity(all.len()),
            findings: Vec::new(),
            provisions: Vec::new(),
            summary: Summary::default(),
            assessment: Vec::new(),
        };
        // Findings, candidates and provisions go straight into the bundle's vectors (each
        // document's are a range of them), and the sentence and span buffers serve every
        // document: nothing is collected per document only to be copied on.
        // Room for the findings, provisions and candidates of a typical bundle, from the size
        // of its text, so the vectors (of large items) are not copied as they grow: about one
        // finding per 150 bytes of advice; a candidate is a sentence of a section (one per 100
        // bytes or so) and provision can be dense (one statement per 770 bytes in the benchmark
        // bundle), so room is made for one per 64 and one per 512 bytes. Room that is not used
        // is never written.
        let text_bytes: usize = all.iter().map(|(document, _)| document.text.len()).sum();
        let mut reading = findings::Reading::with_capacity(text_bytes / 128);
        analysis.provisions.reserve(text_bytes / 512);
        let mut candidates = Vec::with_capacity(text_bytes / 64);
        let mut heading_topics = summaries::HeadingTopics::default();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        // The sentences of the document being read, as character spans of its text.
        let mut sentences: Vec<(usize, usize)> = Vec::new();
        // Room for the vocabulary of a typical bundle (about a thousand terms), so the table is
        // not rebuilt as it grows.
        let mut terms = Terms::with_capacity(TERMS_CAPACITY);
        let document_options = SummaryOptions {
            word_budget: self.document_words,
            ..self.summary.clone()
        };
        for (index, &(document, parent)) in all.iter().enumerate() {
            analysis.documents.push(DocumentRef {
                index,
                file: document.file_name.clone(),
                id: document.id.as_str().to_owned(),
                parent,
            });
            let layout = layout::Layout::new(document);
            // Provisions first: the sentences of the whole text they are read from serve the
            // findings too (each block's sentences follow from them).
            let first_provision = analysis.provisions.len();
            self.provisions(
                &layout,
                document,
                index,
                &mut analysis.provisions,
                &mut sentences,
            );
            self.read(&layout, index, &mut reading, &sentences);
            spans.clear();
            spans.extend(
                analysis.provisions[first_provision..]
                    .iter()
                    .map(|provision| (provision.statement.start, provision.statement.end)),
            );
            let first_candidate = candidates.len();
            // A document has at most one candidate per sentence: room made once, rather than
            // the vector doubling (and copying) as candidates are pushed one by one.
            candidates.reserve(reading.sentences.len());
            summaries::candidates(
                &layout,
                &reading.sentences,
                &reading.findings,
                &spans,
                index,
                &mut candidates,
                &mut heading_topics,
            );
            analysis.summary.documents.push(summaries::document_summary(
                index,
                &mut candidates[first_candidate..],
                &document_options,
                &mut terms,
            ));
        }
        analysis.findings = reading.findings;
        let in_heading = reading.in_heading;
        let bundle_options = SummaryOptions {
            word_budget: self.bundle_words,
            ..self.summary.clone()
        };
        analysis.summary.bundle = summaries::sections(
            &mut candidates,
            self.bundle_candidates,
            &bundle_options,
            &mut terms,
        );
        analysis.assessment = prefill::suggest(&analysis.findings, &in_heading);
        analysis
    }

    /// The provision statements of one document, placed in it, appended to `out`. Statements
    /// in running headers or footers are left out. The sentences of the document's text are
    /// left in `sentences`.
    fn provisions(
        &self,
        layout: &layout::Layout<'_>,
        document: &Document,
        index: usize,
        out: &mut Vec<Provision>,
        sentences: &mut Vec<(usize, usize)>,
    ) {
        // The statements are ours: their texts move into the quotes, not copied.
        let quote = |text: String, start: usize, end: usize| Quote {
            text,
            document: index,
            page: layout.page_at(start),
            start,
            end,
        };
        let part = |part: crate::provision::Part| quote(part.text, part.start, part.end);
        let mut marks = Marks::default();
        // Room for every heading and list item at once (counted first: a pass over the blocks
        // costs less than the vectors' copies as they grow).
        let (headings, items) = document
            .blocks
            .iter()
            .fold((0, 0), |(headings, items), block| match block.kind {
                BlockKind::Heading { .. } => (headings + 1, items),
                BlockKind::ListItem => (headings, items + 1),
                _ => (headings, items),
            });
        marks.headings.reserve(headings);
        marks.list_items.reserve(items);
        for block in &document.blocks {
            match block.kind {
                BlockKind::Heading { level } => marks.headings.push(Heading {
                    start: block.start,
                    end: block.end,
                    level,
                }),
                BlockKind::ListItem => marks.list_items.push((block.start, block.end)),
                BlockKind::TableCell { table, row, column } => {
                    marks.table_cells.push(crate::provision::TableCell {
                        start: block.start,
                        end: block.end,
                        table,
                        row,
                        column,
                    });
                }
                _ => {}
            }
        }
        let statements =
            find_statements_and_sentences(&document.text, &marks, &self.provision, sentences);
        // At most one provision per statement: room made once (the filter below hides the
        // count from `extend`).
        out.reserve(statements.len());
        let found = statements
            .into_iter()
            .filter(|statement| {
                layout
                    .segment_at(statement.start)
                    .and_then(|segment| layout.segments.get(segment))
                    .is_some_and(|segment| segment.is_body())
            })
            .map(|statement| {
                let specific = statement.is_specific();
                let ProvisionStatement {
                    text,
                    start,
                    end,
                    what,
                    who,
                    group,
                    frequency,
                    duration,
                    programme_length,
                    vague,
                    more,
                    ..
                } = statement;
                Provision {
                    statement: quote(text, start, end),
                    what: what.map(part),
                    who: who.map(part),
                    group: group.map(part),
                    frequency: frequency.map(part),
                    duration: duration.map(part),
                    programme_length: programme_length.map(part),
                    vague: vague.into_iter().map(part).collect(),
                    more: more
                        .into_iter()
                        .map(|(kind, more)| (kind, part(more)))
                        .collect(),
                    specific,
                }
            });
        out.extend(found);
    }
}

/// The documents of a bundle in the order [`Engine::analyse`] numbers them, each with the index
/// of the document it is attached to: the documents given, in order, then the attachments of
/// each, depth first.
pub fn bundle_documents<'a>(documents: &[&'a Document]) -> Vec<(&'a Document, Option<usize>)> {
    let mut all: Vec<(&Document, Option<usize>)> =
        documents.iter().map(|document| (*document, None)).collect();
    for index in 0..documents.len() {
        push_attachments(&mut all, index);
    }
    all
}

/// Appends the attachments of `all[index]`, and theirs, depth first (without recursion, so
/// no nesting can exhaust the stack).
fn push_attachments<'a>(all: &mut Vec<(&'a Document, Option<usize>)>, index: usize) {
    let Some(&(document, _)) = all.get(index) else {
        return;
    };
    let mut stack: Vec<(&'a Document, usize)> = document
        .attachments
        .iter()
        .rev()
        .map(|attachment| (attachment, index))
        .collect();
    while let Some((attachment, parent)) = stack.pop() {
        all.push((attachment, Some(parent)));
        let own = all.len() - 1;
        stack.extend(
            attachment
                .attachments
                .iter()
                .rev()
                .map(|inner| (inner, own)),
        );
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
    /// For an attachment, the index of the document it was attached to.
    pub parent: Option<usize>,
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
    /// Further parts of a kind given above (a second intervention or frequency), in order.
    pub more: Vec<(crate::gold::PartKind, Quote)>,
    /// Whether it names what, who, frequency and duration with no vague wording.
    pub specific: bool,
}

impl Provision {
    /// The six parts in order, each with the name the JSON gives it ("what", "who", "group",
    /// "frequency", "duration", "programme_length").
    pub fn parts(&self) -> [(&'static str, Option<&Quote>); 6] {
        [
            ("what", self.what.as_ref()),
            ("who", self.who.as_ref()),
            ("group", self.group.as_ref()),
            ("frequency", self.frequency.as_ref()),
            ("duration", self.duration.as_ref()),
            ("programme_length", self.programme_length.as_ref()),
        ]
    }
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
