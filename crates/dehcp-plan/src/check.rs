//! Deterministic plan checks and quality grades. (Being built: see the helper brief.)

use dehcp_domain::plan::PlanTemplate;
use serde::Serialize;

use crate::model::Plan;

/// How serious a check's finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be fixed before the plan can be issued.
    Error,
    /// Should be looked at.
    Warning,
    /// Worth knowing.
    Info,
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFinding {
    /// The rule's code, e.g. `DEHCP-F001`.
    pub code: String,
    /// The rule's short name, e.g. `invented-quantity`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// A one-line message in plain English.
    pub message: String,
    /// The section code ("A" … "K").
    pub section: String,
    /// The statement's id, when the finding is about one statement.
    pub statement: Option<String>,
}

/// The four grades councils use for plan quality (domain.md §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Inadequate.
    Inadequate,
    /// Requires improvement.
    RequiresImprovement,
    /// Good.
    Good,
    /// Outstanding.
    Outstanding,
}

/// The checks' findings and the quality grades.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Everything found, in plan order.
    pub findings: Vec<CheckFinding>,
    /// A grade per section code.
    pub sections: Vec<(String, Grade)>,
    /// The overall grade.
    pub overall: Grade,
}

/// Runs every check on a plan.
pub fn check(plan: &Plan, template: &PlanTemplate) -> CheckReport {
    let _ = (plan, template);
    CheckReport {
        findings: Vec::new(),
        sections: Vec::new(),
        overall: Grade::Inadequate,
    }
}
