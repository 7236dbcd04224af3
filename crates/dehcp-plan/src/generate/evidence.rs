//! The bundle's documents as the generator sees them: each with its kind of advice, the role
//! of whoever gave it, and a character index so every quote can be checked to be verbatim at
//! its span before it goes into the plan.
//!
//! Must not: build a quote that is not exactly the document's characters at its span.

use dehcp_ingest::Document;
use dehcp_ingest::metadata::AdviceKind;
use dehcp_nlp::analysis::Quote as NlpQuote;

use crate::model::Quote;

/// One document of the bundle.
pub(crate) struct Doc<'a> {
    /// Its index in the bundle (and in `Plan::sources`).
    pub(crate) index: usize,
    /// The ingested document.
    pub(crate) document: &'a Document,
    /// The kind of advice detected at ingest.
    pub(crate) kind: AdviceKind,
    /// Byte offset of each character (plus one past the end); empty when the text is ASCII.
    offsets: Vec<usize>,
}

impl<'a> Doc<'a> {
    /// Indexes a document once (linear in its length).
    pub(crate) fn new(index: usize, document: &'a Document, kind: AdviceKind) -> Doc<'a> {
        let offsets = if document.text.is_ascii() {
            Vec::new()
        } else {
            let mut offsets: Vec<usize> = document.text.char_indices().map(|(at, _)| at).collect();
            offsets.push(document.text.len());
            offsets
        };
        Doc {
            index,
            document,
            kind,
            offsets,
        }
    }

    /// The text at characters `start..end`, if the span is inside the document.
    pub(crate) fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        if start > end {
            return None;
        }
        let text: &'a str = &self.document.text;
        if self.offsets.is_empty() {
            text.get(start..end)
        } else {
            let from = *self.offsets.get(start)?;
            let to = *self.offsets.get(end)?;
            text.get(from..to)
        }
    }

    /// A plan quote, when `text` is exactly the document's characters at `start..end`.
    pub(crate) fn quote(&self, page: u32, start: usize, end: usize, text: &str) -> Option<Quote> {
        (!text.is_empty() && self.slice(start, end) == Some(text)).then(|| Quote {
            document: self.index,
            page,
            start,
            end,
            text: text.to_owned(),
        })
    }

    /// The who of a placeholder: the advice giver, from the kind of advice.
    pub(crate) fn giver(&self) -> &'static str {
        giver(self.kind)
    }

    /// Whether the document gives the views of the child or the family.
    pub(crate) fn is_views(&self) -> bool {
        matches!(
            self.kind,
            AdviceKind::ParentCarerViews | AdviceKind::ChildYoungPersonViews
        )
    }
}

/// Converts evidence-engine quotes into plan quotes, checked against their documents.
pub(crate) struct Quoter<'a, 'b> {
    /// The documents, by bundle index.
    pub(crate) docs: &'b [Doc<'a>],
}

impl Quoter<'_, '_> {
    /// The document with this bundle index.
    pub(crate) fn doc(&self, index: usize) -> Option<&Doc<'_>> {
        self.docs.get(index)
    }

    /// A plan quote from an engine quote, or `None` if it is not verbatim at its span.
    pub(crate) fn quote(&self, quote: &NlpQuote) -> Option<Quote> {
        self.docs
            .get(quote.document)?
            .quote(quote.page, quote.start, quote.end, &quote.text)
    }
}

/// Who should specify a part the evidence does not give, by the kind of advice it came from.
pub(crate) fn giver(kind: AdviceKind) -> &'static str {
    match kind {
        AdviceKind::EducationalPsychology => "the educational psychologist",
        AdviceKind::SpeechAndLanguageTherapy => "the speech and language therapist",
        AdviceKind::OccupationalTherapy => "the occupational therapist",
        AdviceKind::Physiotherapy => "the physiotherapist",
        AdviceKind::PaediatricMedical => "the community paediatrician",
        AdviceKind::CamhsClinicalPsychology => "the CAMHS clinician",
        AdviceKind::SocialCare => "the social worker",
        AdviceKind::Education => "the school or setting",
        AdviceKind::ParentCarerViews | AdviceKind::ChildYoungPersonViews | AdviceKind::Other => {
            "the advice giver"
        }
    }
}

/// The reg 6(1) advice type a kind of advice is recorded under in section K.
pub(crate) fn advice_type(kind: AdviceKind) -> dehcp_domain::plan::AdviceType {
    use dehcp_domain::plan::AdviceType;
    match kind {
        AdviceKind::ParentCarerViews | AdviceKind::ChildYoungPersonViews => {
            AdviceType::ParentOrYoungPerson
        }
        AdviceKind::Education => AdviceType::Educational,
        AdviceKind::EducationalPsychology => AdviceType::Psychological,
        AdviceKind::PaediatricMedical
        | AdviceKind::CamhsClinicalPsychology
        | AdviceKind::SpeechAndLanguageTherapy
        | AdviceKind::OccupationalTherapy
        | AdviceKind::Physiotherapy => AdviceType::Medical,
        AdviceKind::SocialCare => AdviceType::SocialCare,
        AdviceKind::Other => AdviceType::Other,
    }
}

/// Adds `quote` to `quotes` unless the same span of the same document is already there.
pub(crate) fn push_unique(quotes: &mut Vec<Quote>, quote: Quote) {
    if !quotes
        .iter()
        .any(|q| q.document == quote.document && q.start == quote.start && q.end == quote.end)
    {
        quotes.push(quote);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dehcp_ingest::{DocumentBuilder, Format};

    fn document(blocks: &[&str]) -> Document {
        let mut builder = DocumentBuilder::new("synthetic.txt", Format::PlainText, b"synthetic");
        for block in blocks {
            builder.block(1, dehcp_ingest::BlockKind::Paragraph, block);
        }
        builder.finish()
    }

    #[test]
    fn quotes_are_checked_against_the_text_in_characters() {
        let document = document(&["Café time — every day.", "Second block."]);
        let doc = Doc::new(0, &document, AdviceKind::Other);
        assert_eq!(doc.slice(0, 4), Some("Café"));
        assert!(doc.quote(1, 12, 21, "every day").is_some());
        assert!(doc.quote(1, 12, 21, "every da ").is_none());
        assert!(doc.quote(1, 12, 999, "every day").is_none());
        assert!(doc.quote(1, 5, 3, "x").is_none());
    }

    #[test]
    fn the_placeholder_names_the_advice_giver() {
        assert_eq!(
            giver(AdviceKind::EducationalPsychology),
            "the educational psychologist"
        );
        assert_eq!(
            giver(AdviceKind::SpeechAndLanguageTherapy),
            "the speech and language therapist"
        );
    }
}
