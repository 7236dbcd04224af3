//! DOCX, PDF, HTML and easy-read output.
//!
//! The plan is laid out once (`compose`), in the national template's reading order taken from
//! [`PlanTemplate::headed_layout`]: personal details; Section A (A1 history, A2 views with
//! whose voice each is); one table per broad area (strengths row, then need B → provision F →
//! outcomes E); the health table C → G → E; the social care table D → H1 / H2 → E; I placement
//! (blank in a draft); J personal budget; K the advice register. Every section label from
//! "Section A" to "Section K" (with "Section H1" and "Section H2") is printed even when the
//! section is empty, saying so. After the plan come three appendices that are not part of it:
//! the needs model's suggestions, the checks' findings and grades, and the sources (every
//! document, then every quote cited, numbered).
//!
//! Provenance: each statement's quotes are numbered `[n]`. The DOCX also puts them in a Word
//! comment over the statement (`Evidence [n]: file, page N: “quote”`); the HTML links each
//! number to the quote in the sources appendix; the PDF prints the numbers and the appendix.
//! Placeholders are bold (and highlighted, inset or ruled), library outcomes carry
//! "Suggested outcome – personalise before issue", and a synthetic plan says so on every page.
//!
//! The writers are pure: no files, no clock. PDF text uses the standard Helvetica faces in
//! WinAnsi; characters outside it become a close equivalent or "?".

mod compose;
mod docx;
mod easy;
mod html;
mod metrics;
mod pdf;

use dehcp_domain::plan::PlanTemplate;

use crate::check::CheckReport;
use crate::model::Plan;

/// A plan could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The output library failed.
    #[error("could not write the {format}: {message}")]
    Output {
        /// "DOCX" or "PDF".
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// The plan as a Word document: Word styles (Title, Heading 1–3, Normal and dehcp's own for
/// placeholders, suggestions and notes), a table style, A4 pages numbered "Page N of M" in the
/// footer, and each statement's quotes as a Word comment.
pub fn docx(
    plan: &Plan,
    template: &PlanTemplate,
    report: &CheckReport,
) -> Result<Vec<u8>, RenderError> {
    let doc = compose::compose(plan, template, report);
    docx::write(&doc, &plan.as_of)
}

/// The plan as a PDF: A4, Helvetica, wrapped text and bordered tables that split across pages
/// with their header repeated, "Page N of M", document information, and a structure tree
/// (headings, paragraphs, tables) marking every line of text.
pub fn pdf(
    plan: &Plan,
    template: &PlanTemplate,
    report: &CheckReport,
) -> Result<Vec<u8>, RenderError> {
    let doc = compose::compose(plan, template, report);
    pdf::write(&doc, &plan.as_of)
}

/// The plan as one self-contained HTML page following GOV.UK Design System patterns, each
/// statement's quote numbers linking to the sources appendix.
pub fn html(plan: &Plan, template: &PlanTemplate, report: &CheckReport) -> String {
    let doc = compose::compose(plan, template, report);
    html::write(&doc)
}

/// A short easy-read summary for the family, as one self-contained HTML page: what the plan
/// says the child needs help with and what help is suggested, area by area, in plain words.
pub fn easy_read(plan: &Plan) -> String {
    easy::write(plan)
}
