//! Bundle analysis → draft plan: evidence, not invention.
//!
//! [`draft`] turns what the earlier stages found into a [`Plan`] in the national template's
//! layout. The rules, section by section:
//!
//! - **Sources and quotes.** One source per analysed document. Every quote is the evidence
//!   engine's quote, checked again here to be exactly the document's characters at its span; a
//!   quote that is not is dropped, never repaired.
//! - **B (and C, D): needs.** Affirmed findings about the child (kinds diagnosis and
//!   difficulty) become needs, one per concept, in one place only: a health condition goes in
//!   C, a social care circumstance in D, anything else under its broad area of need (rules in
//!   `generate/rules.rs`). The same concept found in several documents is one need carrying
//!   all their quotes. The need's text is the concept's label, followed by the evidence
//!   sentence the engine was surest of, verbatim. Within a table, diagnoses come first, then
//!   needs named in more documents, then by where they were first found. All four broad areas
//!   are always present (an area with no evidence has no rows). Strength findings fill each
//!   area's strengths row; interests named by professionals go under A2 "Interests".
//! - **F, G, H1, H2: provision.** Each parsed recommendation goes to F unless it is health
//!   provision (G) or social care provision (from social care advice: H1 when it is the kind of
//!   help section 2 of the Chronically Sick and Disabled Persons Act 1970 lists, otherwise
//!   H2). Health provision is provision about a health condition, whoever advised it (it
//!   names a condition that is a health need or a need in C, medical care or equipment, a
//!   nurse or medicine, or a word of a C need's label), or health advice with no sign that it
//!   educates; provision that teaches (speech and language therapy, literacy, handwriting,
//!   occupational therapy …) stays in F, and speech and language therapy advice is always F.
//!   An F recommendation's broad area is a vote of the areas of the dictionary concepts it
//!   names, how well it meets each area's needs, the heading it sits under ("Sensory needs")
//!   and the area its advice giver usually speaks to. It is then attached to the need it
//!   meets best (`generate/matching.rs`: the need's concept named inside it, the 20-item
//!   metric weights and provision elements of the concepts on both sides, shared word stems
//!   and groups of related words), or else to a "general" row for the table, whose need is a
//!   placeholder for the coordinator to link. A need left with no provision then takes the
//!   recommendation that meets it best, if one meets it well enough: moved from a general
//!   row, or repeated verbatim (with its quotes) when it already meets another need. General
//!   rows keep only what matches no need. Recommendations in the family's or child's own
//!   views are views, not provision, and stay in A2. The statement is the recommendation
//!   verbatim; each of its parts (what, who, how often, how long, for how long, and group
//!   when given) is the engine's quote or the placeholder "to be specified by" the advice
//!   giver. Nothing is guessed.
//! - **E: outcomes.** One outcome per row from the outcomes library ([`crate::outcomes`]),
//!   chosen by the need's concept and the child's phase (a general outcome for the table when
//!   no template names the need), marked as a suggestion, carrying the need's quotes. From
//!   Year 9 each Preparing for Adulthood domain gets one outcome, on the row that fits it best.
//! - **A1 and A2.** History is the paragraphs under "Background"-like headings of the
//!   professionals' reports; views are the paragraphs and list items of the child's and the
//!   family's own documents, verbatim, under the template's A2 part their heading suggests,
//!   each with whose voice it is: the document's, or the one its headings name ("My views",
//!   "What I like" → the child; "Parent views", "Our worries" → the parent). In plain text,
//!   short lines that read as headings are headings, and front matter before the first one
//!   is a view only when someone speaks in it.
//! - **I** is always empty. **J** holds any sentence that mentions a personal budget or
//!   direct payment. **K** lists every document with its reg 6 advice type.
//! - **Suggestions** carry the models' output and are never merged into the sections.
//!
//! Ids are stable: the same bundle gives the same ids and the same JSON. Pure and linear in
//! the size of the bundle (findings are looked up by span with a binary search).

mod evidence;
mod matching;
mod rules;
mod tables;
mod views;

use std::sync::LazyLock;

use dehcp_domain::plan::{LayoutBlock, PlanTemplate};
use dehcp_ingest::Document;
use dehcp_ingest::metadata::ReportMetadata;
use dehcp_model::ModelOutput;
use dehcp_nlp::analysis::Analysis;
use time::Date;

use crate::model::{
    AdviceEntry, Origin, PersonalDetails, Plan, SCHEMA_VERSION, Source, Statement, Suggestions,
    Voice,
};
use crate::outcomes::{OutcomeLibrary, Phase};
use evidence::{Doc, Quoter};

/// Everything the generator reads. `documents` and `metadata` are aligned with
/// `analysis.documents` (the bundle order of `dehcp_nlp::analysis::bundle_documents`).
#[derive(Debug, Clone, Copy)]
pub struct DraftInput<'a> {
    /// The (masked, when names were given) documents, in the analysis's order.
    pub documents: &'a [&'a Document],
    /// Each document's metadata (read before masking), in the same order.
    pub metadata: &'a [ReportMetadata],
    /// The shown file names, in the same order.
    pub files: &'a [String],
    /// The evidence engine's analysis of the documents.
    pub analysis: &'a Analysis,
    /// The needs models' output, when a model was run.
    pub model: Option<&'a ModelOutput>,
    /// The plan template.
    pub template: &'a PlanTemplate,
    /// The date the draft describes.
    pub as_of: Date,
    /// The national curriculum year on `as_of`, when known (Reception is 0).
    pub year_group: Option<i8>,
    /// Whether the documents are synthetic (printed on the plan).
    pub synthetic: bool,
}

/// Why a draft could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DraftError {
    /// The bundle had no documents.
    #[error("the bundle has no documents to draft from")]
    NoDocuments,
    /// The inputs disagree (for example metadata for a different number of documents).
    #[error("the draft's inputs do not match: {0}")]
    Mismatch(String),
}

/// The built-in outcomes library, parsed once. A library that fails to load (a build with a
/// broken data file, caught by the library's own tests) drafts no outcomes rather than
/// failing: the golden-thread check then reports every need without an outcome.
static LIBRARY: LazyLock<Option<OutcomeLibrary>> = LazyLock::new(|| OutcomeLibrary::builtin().ok());

/// The library used when the built-in one cannot be loaded.
static EMPTY_LIBRARY: OutcomeLibrary = OutcomeLibrary::empty();

/// Drafts a plan from the bundle, with the built-in outcomes library.
pub fn draft(input: &DraftInput<'_>) -> Result<Plan, DraftError> {
    let library = LIBRARY.as_ref().unwrap_or(&EMPTY_LIBRARY);
    draft_with_library(input, library)
}

/// Drafts a plan from the bundle with a given outcomes library (for example a council's own).
pub fn draft_with_library(
    input: &DraftInput<'_>,
    library: &OutcomeLibrary,
) -> Result<Plan, DraftError> {
    let count = input.analysis.documents.len();
    if count == 0 || input.documents.is_empty() {
        return Err(DraftError::NoDocuments);
    }
    for (what, len) in [
        ("documents", input.documents.len()),
        ("metadata entries", input.metadata.len()),
        ("file names", input.files.len()),
    ] {
        if len != count {
            return Err(DraftError::Mismatch(format!(
                "{len} {what} for {count} analysed documents"
            )));
        }
    }

    let docs: Vec<Doc<'_>> = input
        .documents
        .iter()
        .zip(input.metadata)
        .enumerate()
        .map(|(index, (document, metadata))| Doc::new(index, document, metadata.kind.value))
        .collect();
    let quoter = Quoter { docs: &docs };

    let phase = input.year_group.map(Phase::of_year_group);
    let name = child_token(input.documents);
    let child = name.clone().unwrap_or_else(|| {
        if phase == Some(Phase::Post16) {
            "the young person".to_owned()
        } else {
            "the child".to_owned()
        }
    });
    let view_parts = view_parts(input.template);

    let mut views = views::views(&quoter, &view_parts);
    let built = tables::build(&tables::Context {
        quoter: &quoter,
        analysis: input.analysis,
        library,
        phase: phase.unwrap_or(Phase::Primary),
        year_group: input.year_group,
        child: &child,
    });
    views::add_interests(&mut views, built.interests, &view_parts);

    let plan = Plan {
        schema_version: SCHEMA_VERSION,
        template_version: input.template.version().to_owned(),
        as_of: input.as_of.to_string(),
        synthetic: input.synthetic || input.model.is_some_and(|model| model.synthetic_model),
        personal: PersonalDetails {
            name,
            date_of_birth: None,
            year_group: input.year_group,
            phase: phase.map(|phase| phase.id().to_owned()),
            other: Vec::new(),
        },
        history: views::history(&quoter),
        views,
        areas: built.areas,
        health: built.health,
        social_care: built.social_care,
        placement: None,
        personal_budget: views::personal_budget(&quoter),
        advice: advice(input.metadata),
        suggestions: suggestions(input.model),
        sources: sources(input, &docs),
    };
    Ok(plan)
}

/// The masking token for the child, when the documents were masked.
fn child_token(documents: &[&Document]) -> Option<String> {
    const TOKEN: &str = "[CHILD]";
    documents
        .iter()
        .any(|document| document.text.contains(TOKEN))
        .then(|| TOKEN.to_owned())
}

/// The A2 headed parts from the template (a default set when the template has none).
fn view_parts(template: &PlanTemplate) -> Vec<String> {
    template
        .layout()
        .iter()
        .find_map(|block| match block {
            LayoutBlock::Views { parts } if !parts.is_empty() => Some(parts.clone()),
            _ => None,
        })
        .unwrap_or_else(|| {
            [
                "The child or young person's views",
                "The family's views",
                "Interests",
                "Strengths",
                "Aspirations",
            ]
            .map(str::to_owned)
            .to_vec()
        })
}

/// Section K: one entry per document.
fn advice(metadata: &[ReportMetadata]) -> Vec<AdviceEntry> {
    metadata
        .iter()
        .enumerate()
        .map(|(document, metadata)| AdviceEntry {
            document,
            advice_type: evidence::advice_type(metadata.kind.value).id().to_owned(),
            kind: metadata.kind.value.id().to_owned(),
            author: metadata.author_name.as_ref().map(|g| g.value.clone()),
            role: metadata.author_role.as_ref().map(|g| g.value.clone()),
            date: metadata.report_date.as_ref().map(|g| g.value.to_string()),
            appended: true,
        })
        .collect()
}

/// The models' suggestions, kept apart from the sections. Only settled suggestions are offered:
/// one that changes when the items with no evidence are read as 0 instead of the training
/// average depends on what nobody has scored, and is left to the explanation.
fn suggestions(model: Option<&ModelOutput>) -> Suggestions {
    let Some(model) = model else {
        return Suggestions::default();
    };
    Suggestions {
        primary_need: model.primary_need_settled.then(|| {
            (
                model.primary_need.code.clone(),
                model.primary_need.probability,
            )
        }),
        alternatives: model
            .alternatives
            .iter()
            .map(|need| (need.code.clone(), need.probability))
            .collect(),
        cluster: model.cluster.settled.then(|| {
            (
                model.cluster.id,
                model.cluster.label.clone(),
                model.cluster.no_ehcp,
            )
        }),
        provision_elements: model
            .provisions
            .iter()
            .filter(|proposal| proposal.recommended && proposal.settled)
            .map(|proposal| {
                (
                    proposal.id.clone(),
                    proposal.name.clone(),
                    proposal.probability,
                )
            })
            .collect(),
        explanation: model.explanation.clone(),
        synthetic_model: model.synthetic_model,
    }
}

/// The sources appendix: every document of the bundle.
fn sources(input: &DraftInput<'_>, docs: &[Doc<'_>]) -> Vec<Source> {
    docs.iter()
        .map(|doc| Source {
            index: doc.index,
            file: input.files.get(doc.index).cloned().unwrap_or_default(),
            id: doc.document.id.as_str().to_owned(),
            format: doc.document.format.id().to_owned(),
            kind: doc.kind.id().to_owned(),
            pages: u32::try_from(doc.document.pages.len().max(1)).unwrap_or(u32::MAX),
            parent: input
                .analysis
                .documents
                .get(doc.index)
                .and_then(|document| document.parent),
        })
        .collect()
}

/// A statement with the fields most statements share.
pub(crate) fn statement(
    id: String,
    section: &str,
    text: String,
    origin: Origin,
    voice: Option<Voice>,
    quotes: Vec<crate::model::Quote>,
) -> Statement {
    Statement {
        id,
        section: section.to_owned(),
        text,
        origin,
        voice,
        quotes,
        provision: None,
        suggestion: false,
        edit: None,
    }
}
