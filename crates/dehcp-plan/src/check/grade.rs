//! The quality grades: per section from its findings, and overall (see `docs/plan-checks.md`,
//! "Grading rubric").

use dehcp_domain::plan::PlanSection;

use super::rules::located;
use super::{CheckFinding, Grade, Severity};
use crate::model::Plan;

/// Above this many warnings in the whole plan, the overall grade is at best Requires
/// improvement.
pub(super) const PLAN_WARNING_LIMIT: usize = 10;

/// How many warnings a section of `size` statements may have and still be Good: two, or one
/// in five statements if that is more.
pub(super) fn allowance(size: usize) -> usize {
    size.div_ceil(5).max(2)
}

/// The grade of one section from its error and warning counts and its size.
pub(super) fn section_grade(errors: usize, warnings: usize, size: usize) -> Grade {
    if errors > 0 {
        Grade::Inadequate
    } else if warnings == 0 {
        Grade::Outstanding
    } else if warnings <= allowance(size) {
        Grade::Good
    } else {
        Grade::RequiresImprovement
    }
}

/// Grades every section (A to K, statutory order) and the plan.
pub(super) fn grade(plan: &Plan, findings: &[CheckFinding]) -> (Vec<(String, Grade)>, Grade) {
    let all = located(plan);
    let mut sections = Vec::with_capacity(PlanSection::ALL.len());
    for section in PlanSection::ALL {
        let code = section.code();
        let size = if section == PlanSection::K {
            plan.advice.len()
        } else {
            all.iter().filter(|l| l.code == code).count()
        };
        let count = |severity: Severity| {
            findings
                .iter()
                .filter(|f| f.section == code && f.severity == severity)
                .count()
        };
        let grade = section_grade(count(Severity::Error), count(Severity::Warning), size);
        sections.push((code.to_owned(), grade));
    }
    let mut overall = sections
        .iter()
        .map(|&(_, grade)| grade)
        .min()
        .unwrap_or(Grade::Inadequate);
    if findings.iter().any(|f| f.severity == Severity::Error) {
        overall = Grade::Inadequate;
    }
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    if warnings > PLAN_WARNING_LIMIT {
        overall = overall.min(Grade::RequiresImprovement);
    }
    (sections, overall)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_grades_follow_the_rubric() {
        assert_eq!(section_grade(1, 0, 10), Grade::Inadequate);
        assert_eq!(section_grade(0, 0, 0), Grade::Outstanding);
        assert_eq!(section_grade(0, 2, 3), Grade::Good);
        assert_eq!(section_grade(0, 3, 3), Grade::RequiresImprovement);
        assert_eq!(section_grade(0, 4, 20), Grade::Good);
        assert_eq!(section_grade(0, 5, 20), Grade::RequiresImprovement);
    }
}
