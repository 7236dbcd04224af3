//! One module per format. Each reads bytes already known (by detection) to be its format and
//! returns a document or a typed error; none panics by design, and the guard catches any that
//! do.
//!
//! Every reader has the same signature, `extract(format, file_name, bytes, limits)`.

#[cfg(any(test, feature = "testgen"))]
pub mod corpus;
pub mod docx;
pub mod email;
pub mod html;
pub mod image;
pub mod msg;
pub mod ocr;
pub mod odt;
pub mod package;
pub mod pdf;
#[cfg(any(test, feature = "testgen"))]
pub mod pdfgen;
pub mod rtf;
#[cfg(any(test, feature = "testgen"))]
pub mod testgen;
pub mod text;

use crate::detect::Format;
use crate::model::{Diagnostic, Document};
use crate::{IngestError, Limits};

/// The result every format reader returns.
pub type Extracted = Result<(Document, Vec<Diagnostic>), IngestError>;

/// Dispatches to the reader for `format`.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    match format {
        Format::PlainText | Format::Markdown => text::extract(format, file_name, bytes),
        Format::Docx => docx::extract(format, file_name, bytes, limits),
        Format::Odt => odt::extract(format, file_name, bytes, limits),
        Format::Pdf => pdf::extract(format, file_name, bytes, limits),
        Format::Png | Format::Jpeg | Format::Tiff => {
            image::extract(format, file_name, bytes, limits)
        }
        Format::Rtf => rtf::extract(format, file_name, bytes, limits),
        Format::Html => html::extract(format, file_name, bytes, limits),
        Format::Eml => email::extract(format, file_name, bytes, limits),
        Format::Msg => msg::extract(format, file_name, bytes, limits),
    }
}
