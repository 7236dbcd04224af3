//! Reader for this format: not written yet; reports the format as unsupported.

use crate::detect::Format;
use crate::formats::Extracted;
use crate::{IngestError, Limits};

/// Extracts a document (placeholder until the reader lands).
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    let _ = (file_name, bytes, limits);
    Err(IngestError::Unsupported(format.name()))
}
