//! Deterministic plan checks and quality grades.
//!
//! [`check`] runs every rule in [`RULES`] over a plan and grades each section and the plan as a
//! whole on the four grades councils use (Outstanding, Good, Requires improvement,
//! Inadequate). Each rule has a stable code (`PLAN-F001` …), a short name, a severity, a
//! one-line message in plain English and a location (the section code and, where it is about
//! one statement, the statement's id). The rules and the grading rubric are written up in
//! `docs/plan-checks.md`.
//!
//! The checks read only the plan and the template: no files, no clock, no global state. They
//! are linear in the size of the plan (a plan drafted from a 60-page bundle checks in well
//! under a few milliseconds) and never panic, whatever text the statements hold.

mod grade;
mod lexicon;
mod quantity;
mod rules;
mod text;

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

impl Severity {
    /// The lower-case word for the severity ("error", "warning", "info").
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One thing a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFinding {
    /// The rule's code, e.g. `PLAN-F001`.
    pub code: String,
    /// The rule's short name, e.g. `invented-quantity`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// A one-line message in plain English.
    pub message: String,
    /// The section code ("A" … "K", with "H1" and "H2").
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

impl Grade {
    /// The grade as councils write it, e.g. "Requires improvement".
    pub fn label(self) -> &'static str {
        match self {
            Grade::Inadequate => "Inadequate",
            Grade::RequiresImprovement => "Requires improvement",
            Grade::Good => "Good",
            Grade::Outstanding => "Outstanding",
        }
    }
}

/// The checks' findings and the quality grades.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Everything found, in plan order (by section, then as the plan reads).
    pub findings: Vec<CheckFinding>,
    /// A grade per section code, A to K in statutory order.
    pub sections: Vec<(String, Grade)>,
    /// The overall grade.
    pub overall: Grade,
}

impl CheckReport {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The findings of one rule, by code (`PLAN-F001`).
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a CheckFinding> {
        self.findings.iter().filter(move |f| f.code == code)
    }

    /// The grade of one section, by code ("F", "H1").
    pub fn section_grade(&self, section: &str) -> Option<Grade> {
        self.sections
            .iter()
            .find(|(code, _)| code == section)
            .map(|&(_, grade)| grade)
    }
}

/// A rule the checks apply: its stable code, short name, usual severity and what it looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    /// The stable code, e.g. `PLAN-F001`.
    pub code: &'static str,
    /// The short name, e.g. `invented-quantity`.
    pub name: &'static str,
    /// The usual severity. Some rules give a lower or higher one in stated cases (see
    /// `docs/plan-checks.md`).
    pub severity: Severity,
    /// The sections it looks at, e.g. "F, G, H1, H2".
    pub sections: &'static str,
    /// What it looks for, in a sentence.
    pub summary: &'static str,
}

const fn rule(
    code: &'static str,
    name: &'static str,
    severity: Severity,
    sections: &'static str,
    summary: &'static str,
) -> RuleInfo {
    RuleInfo {
        code,
        name,
        severity,
        sections,
        summary,
    }
}

/// Every rule, in the order `docs/plan-checks.md` lists them.
pub const RULES: &[RuleInfo] = &[
    rules::INVENTED_QUANTITY,
    rules::NON_SPECIFIC,
    rules::PROVISION_PLACEHOLDER,
    rules::EDUCATION_IN_HEALTH,
    rules::SOCIAL_CARE_H1_H2,
    rules::PFA_PROVISION,
    rules::NEED_WITHOUT_PROVISION,
    rules::NEED_WITHOUT_OUTCOME,
    rules::PROVISION_WITHOUT_NEED,
    rules::OUTCOME_WITHOUT_NEED,
    rules::NO_NEEDS,
    rules::OUTCOME_NOT_MEASURABLE,
    rules::OUTCOME_NOT_TIME_BOUND,
    rules::OUTCOME_PLACEHOLDER,
    rules::PFA_OUTCOMES,
    rules::YEAR_GROUP_UNKNOWN,
    rules::SECTION_A_EMPTY,
    rules::VOICE_MISSING,
    rules::VOICE_UNSTATED,
    rules::PROVISION_IN_A,
    rules::PLACEMENT_IN_DRAFT,
    rules::ADVICE_MISSING,
    rules::ADVICE_ENTRY,
    rules::ADVICE_UNDATED,
    rules::READING_AGE,
    rules::LONG_SENTENCE,
    rules::JARGON,
    rules::EVIDENCE_WITHOUT_QUOTE,
    rules::QUOTE_UNKNOWN_SOURCE,
    rules::DUPLICATE_ID,
    rules::SECTION_MISMATCH,
];

/// Settings for the checks. [`CheckOptions::default`] gives the values documented in
/// `docs/plan-checks.md`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CheckOptions {
    /// A sentence with more words than this is flagged as long.
    pub long_sentence_words: usize,
    /// A section A or E whose estimated reading age is above this (in years) is flagged.
    pub max_reading_age: f64,
    /// Fewer words than this in a section gives no reading-age estimate.
    pub min_words_for_reading_age: usize,
    /// The national curriculum year from which Preparing for Adulthood outcomes, provision
    /// and advice are required (SEND Regulations 2014, regs 6(1)(g) and 12(3): Year 9).
    pub pfa_from_year: i8,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            long_sentence_words: 25,
            max_reading_age: 14.0,
            min_words_for_reading_age: 20,
            pfa_from_year: 9,
        }
    }
}

/// A reading-age estimate for one section.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReadingAge {
    /// The section code ("A" or "E").
    pub section: &'static str,
    /// Words counted.
    pub words: usize,
    /// Sentences counted.
    pub sentences: usize,
    /// The Flesch–Kincaid grade level.
    pub grade_level: f64,
    /// The estimated reading age in years: the grade level plus five, between 5 and 21.
    pub reading_age: f64,
}

/// Runs every check on a plan with the default settings.
pub fn check(plan: &Plan, template: &PlanTemplate) -> CheckReport {
    check_with(plan, template, &CheckOptions::default())
}

/// Runs every check on a plan with the given settings.
pub fn check_with(plan: &Plan, template: &PlanTemplate, options: &CheckOptions) -> CheckReport {
    let findings = rules::run(plan, template, options);
    let (sections, overall) = grade::grade(plan, &findings);
    CheckReport {
        findings,
        sections,
        overall,
    }
}

/// Reading-age estimates for sections A and E (a section with too few words has none).
pub fn reading_ages(plan: &Plan, options: &CheckOptions) -> Vec<ReadingAge> {
    rules::reading_ages(plan, options)
}
