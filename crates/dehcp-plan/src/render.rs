//! DOCX, PDF, HTML and easy-read output. (Being built: see the helper brief.)

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

/// The plan as a Word document.
pub fn docx(
    plan: &Plan,
    template: &PlanTemplate,
    report: &CheckReport,
) -> Result<Vec<u8>, RenderError> {
    let _ = (plan, template, report);
    Err(RenderError::Output {
        format: "DOCX",
        message: "not built yet".into(),
    })
}

/// The plan as a PDF.
pub fn pdf(
    plan: &Plan,
    template: &PlanTemplate,
    report: &CheckReport,
) -> Result<Vec<u8>, RenderError> {
    let _ = (plan, template, report);
    Err(RenderError::Output {
        format: "PDF",
        message: "not built yet".into(),
    })
}

/// The plan as one self-contained HTML page.
pub fn html(plan: &Plan, template: &PlanTemplate, report: &CheckReport) -> String {
    let _ = (plan, template, report);
    String::new()
}

/// A short easy-read summary for the family, as one self-contained HTML page.
pub fn easy_read(plan: &Plan) -> String {
    let _ = plan;
    String::new()
}
