//! The evidence engine (in progress): reads ingested advice and finds what it says about a
//! child's needs, strengths and provision, always with the verbatim quote and its place.
//!
//! Deterministic and explainable: rules and the reference dictionary are data; no model is
//! downloaded. Nothing here does IO, and no input text makes it fail: odd text yields fewer
//! findings, never an error.
//!
//! - [`analysis`]: the whole bundle: findings, provisions, summaries, the 20-item pre-fill;
//! - [`sentence`]: sentence segmentation with character spans;
//! - [`dictionary`] and [`matcher`]: the reference dictionary of concepts and a linear-time,
//!   token-aware matcher;
//! - [`context`]: negation, uncertainty, history and experiencer for each mention;
//! - [`provision`]: recommendation statements parsed into what / who / group / frequency /
//!   duration / programme length, with non-specific wording flagged;
//! - [`summary`]: extractive summaries (TextRank over a BM25 sentence graph).

pub mod analysis;
mod buffers;
mod bytes;
pub mod context;
pub mod dictionary;
pub mod eval;
pub mod gold;
mod key_table;
pub mod matcher;
pub mod provision;
pub mod sentence;
pub mod summary;
