//! Turning an assessment bundle into text whose every piece knows where it came from.
//!
//! Input is bytes plus a file name; output is a [`Document`] (pages and blocks, each block with
//! its page and character span in [`Document::text`]) and a list of [`Diagnostic`]s, or an
//! [`IngestError`] saying in one line why the file was rejected. The format is detected from
//! the content, never from the file name.
//!
//! What this crate must not do: touch the network or a database, read files by itself (the
//! caller passes bytes), or let a panic, hang or oversized input in one file stop the rest of a
//! bundle. Every extractor runs inside [`guard::run_guarded`] with a time limit and
//! `catch_unwind`, and every container format checks [`Limits`].

pub mod detect;
pub mod error;
pub mod formats;
pub mod guard;
pub mod mask;
pub mod metadata;
pub mod model;
mod pattern;

pub use detect::{Format, detect};
pub use error::IngestError;
#[cfg(feature = "testgen")]
pub use formats::{pdfgen, testgen};
pub use model::{
    Block, BlockKind, Diagnostic, Document, DocumentBuilder, DocumentId, Extractor, Page, Severity,
};

use std::time::Duration;

/// Size, depth and time limits that keep hostile or broken files from exhausting the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file accepted, in bytes (default 50 MB).
    pub max_file_bytes: u64,
    /// Most bytes any container may expand to in total (default 200 MB).
    pub max_expanded_bytes: u64,
    /// Largest compression ratio accepted for one container entry (default 100).
    pub max_compression_ratio: u64,
    /// Deepest nesting of XML elements, emails in emails or archives (default 64).
    pub max_depth: usize,
    /// Longest one extractor may run on one file (default 30 s).
    pub timeout: Duration,
    /// Whether readers may run installed programs (poppler's `pdftotext` and `pdftoppm`,
    /// `tesseract`). Off for fuzzing, where a subprocess per input would be far too slow.
    pub external_tools: bool,
}

impl Limits {
    /// Tight limits for fuzzing: small expansions, shallow nesting, no external programs.
    pub fn fuzzing() -> Self {
        Limits {
            max_file_bytes: 1024 * 1024,
            max_expanded_bytes: 8 * 1024 * 1024,
            max_compression_ratio: 100,
            max_depth: 64,
            timeout: Duration::from_secs(5),
            external_tools: false,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_expanded_bytes: 200 * 1024 * 1024,
            max_compression_ratio: 100,
            max_depth: 64,
            timeout: Duration::from_secs(30),
            external_tools: true,
        }
    }
}

/// Settings for one ingest call.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Resource limits.
    pub limits: Limits,
}

/// Ingests one file: detects its format and extracts its text with provenance.
///
/// Never panics: a panic inside an extractor becomes [`IngestError::ExtractorPanicked`], and an
/// extractor that runs past `options.limits.timeout` becomes [`IngestError::TimedOut`].
pub fn ingest(
    file_name: &str,
    bytes: &[u8],
    options: &IngestOptions,
) -> Result<(Document, Vec<Diagnostic>), IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    let size = bytes.len() as u64;
    if size > options.limits.max_file_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: options.limits.max_file_bytes,
        });
    }
    let format = detect(bytes).ok_or(IngestError::UnknownFormat)?;
    let owned = bytes.to_vec();
    let name = file_name.to_owned();
    let limits = options.limits;
    guard::run_guarded(limits.timeout, move || {
        formats::extract(format, &name, &owned, &limits)
    })?
}
