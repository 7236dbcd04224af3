//! Bundle analysis → draft plan. (Being built: see the helper brief.)

use dehcp_domain::plan::PlanTemplate;
use dehcp_ingest::Document;
use dehcp_ingest::metadata::ReportMetadata;
use dehcp_model::ModelOutput;
use dehcp_nlp::analysis::Analysis;
use time::Date;

use crate::model::Plan;

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

/// Drafts a plan from the bundle.
pub fn draft(input: &DraftInput<'_>) -> Result<Plan, DraftError> {
    let _ = input;
    Err(DraftError::NoDocuments)
}
