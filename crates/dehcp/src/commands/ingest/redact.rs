//! Masking for `dehcp ingest --redact`: a thin wrapper over `dehcp_ingest::mask` that keeps one
//! masker for the whole bundle, so a person gets the same token in every document.
//!
//! The reversible mapping stays inside the masker and is never printed or written.

use dehcp_ingest::Document;
use dehcp_ingest::mask::{KnownPerson, Masker, MaskingRequest};
use serde::Serialize;

/// One masked value, as reported: its kind, its token and where it was (character offsets in
/// the original document text). The original value is never reported.
#[derive(Serialize)]
pub(super) struct MaskedJson {
    kind: &'static str,
    token: String,
    start: usize,
    end: usize,
}

/// One masker for a bundle.
pub(super) struct Redactor {
    masker: Masker,
}

impl Redactor {
    /// Builds a masker for the case's known names (the child first, then parents or carers).
    pub(super) fn new(names: &[String]) -> Result<Self, String> {
        let people: Vec<KnownPerson> = KnownPerson::from_name_list(&names.join(","));
        let request = MaskingRequest {
            known_names: &people,
        };
        let masker = Masker::new(&request).map_err(|error| error.to_string())?;
        Ok(Redactor { masker })
    }

    /// A file name or path as it may be printed: known names and any other personal data in
    /// it masked with the same tokens as the documents' text ("sam-example-ep.docx" becomes
    /// `"[CHILD]-[CHILD]-ep.docx"` when Sam Example is the child).
    pub(super) fn file_name(&mut self, name: &str) -> String {
        self.masker.mask_text(name).text
    }

    /// The masked document and a report of what was masked.
    pub(super) fn document(&mut self, document: &Document) -> (Document, Vec<MaskedJson>) {
        let (masked, replacements) = self.masker.mask_document(document);
        let report = replacements
            .into_iter()
            .map(|replacement| MaskedJson {
                kind: replacement.kind.id(),
                token: replacement.token,
                start: replacement.start,
                end: replacement.end,
            })
            .collect();
        (masked, report)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    // Synthetic names only.
    #[test]
    fn known_names_in_file_names_are_masked() {
        let names = vec!["Sam Example".to_owned(), "Ann Example".to_owned()];
        let mut redactor = Redactor::new(&names).unwrap();
        let shown = redactor.file_name("cases/Sam Example/sam-example EP advice.docx");
        assert!(
            !shown.contains("Sam") && !shown.to_lowercase().contains("example"),
            "{shown}"
        );
        assert!(
            shown.starts_with("cases/") && shown.ends_with("EP advice.docx"),
            "{shown}"
        );
        assert_eq!(redactor.file_name("ot-report.pdf"), "ot-report.pdf");
    }
}
