//! Drafting, checking and rendering EHC plans.
//!
//! A draft plan is built from what the earlier stages found in the advice bundle:
//! ingested documents and their metadata (`dehcp-ingest`), findings, provision statements and
//! summaries with verbatim quotes (`dehcp-nlp`), and the needs models' suggestions
//! (`dehcp-model`). Nothing in a draft is invented: every drafted statement carries the
//! quotes it came from, a part the evidence does not give is a visible placeholder naming who
//! should specify it, and outcomes from the library are marked as suggestions to personalise.
//!
//! - [`model`]: the plan as structured data (serde, with a schema version).
//! - [`generate`]: bundle analysis → draft [`Plan`]; [`outcomes`]: the outcomes library.
//! - [`check`]: the deterministic checks and the quality grades.
//! - [`render`]: DOCX, PDF, HTML and the easy-read summary.
//! - [`versions`]: edits, versions, diffs and regeneration that keeps edits.
//!
//! Everything here is pure: no files, no clock, no global state. Callers pass the date.

pub mod check;
pub mod generate;
pub mod model;
pub mod outcomes;
pub mod render;
pub mod versions;

pub use model::{
    AdviceEntry, AreaTable, CareRow, Edit, Origin, Part, PartKind, PersonalDetails, Plan,
    ProvisionParts, Quote, SCHEMA_VERSION, SocialCareRow, Source, Statement, Suggestions,
    ViewsPart, Voice,
};
