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
//!
//! Everything here is pure: no files, no clock, no global state. Callers pass the date.

pub mod model;

pub use model::{
    AdviceEntry, AreaTable, CareRow, Edit, Origin, Part, PartKind, PersonalDetails, Plan,
    ProvisionParts, Quote, SCHEMA_VERSION, SocialCareRow, Source, Statement, Suggestions,
    ViewsPart, Voice,
};
