//! One module per format. Each reads bytes already known (by detection) to be its format and
//! returns a document or a typed error; none panics by design, and the guard catches any that
//! do.

pub mod text;

use crate::detect::Format;
use crate::model::{Diagnostic, Document};
use crate::{IngestError, Limits};

/// The result every format reader returns.
pub type Extracted = Result<(Document, Vec<Diagnostic>), IngestError>;

/// Dispatches to the reader for `format`.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let _ = limits;
    match format {
        Format::PlainText | Format::Markdown => text::extract(format, file_name, bytes),
        other => Err(IngestError::Unsupported(other.name())),
    }
}
