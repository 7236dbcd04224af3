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
