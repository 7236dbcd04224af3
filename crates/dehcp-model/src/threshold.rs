//! The "minimum criteria" gate for the initial review ("potential for threshold setting and
//! monitoring" in the seed): a documented score with a settable threshold, and a report of what
//! a threshold would have done to past cases.
//!
//! The gate score is a weighted sum of the 20 items:
//! `degree_weight × Σ degree items + ability_weight × Σ ability items + flag_weight × Σ flags`
//! (defaults 1, 0.5 and 1, so the score runs from 0 to 12 × 3 + 0.5 × 6 × 3 + 2 = 47). A profile
//! passes when its score is at or above the threshold. A missing item adds nothing: the gate
//! asks what the evidence shows. The gate is a prompt for the panel, never its decision.
//!
//! Pure: no IO.

use dehcp_domain::{MetricId, MetricKind};
use serde::{Deserialize, Serialize};

use crate::case::{Case, PanelDecision};
use crate::profile::Profile;

/// The default threshold: the whole-number threshold that agreed best with the panel decisions
/// of the synthetic reference population (3,000 cases, seed 1; docs/models.md). A council sets
/// its own.
pub const DEFAULT_THRESHOLD: f64 = 6.0;

/// The gate: item weights by kind and the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// Weight of each degree-of-need item (12 items, 0–3).
    pub degree_weight: f64,
    /// Weight of each ability item (6 items, 0–3).
    pub ability_weight: f64,
    /// Weight of each flag (FLMT, social care; 0–1).
    pub flag_weight: f64,
    /// A profile passes when its score is at or above this.
    pub threshold: f64,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            degree_weight: 1.0,
            ability_weight: 0.5,
            flag_weight: 1.0,
            threshold: DEFAULT_THRESHOLD,
        }
    }
}

/// One profile's gate result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateResult {
    /// The gate score.
    pub score: f64,
    /// The threshold applied.
    pub threshold: f64,
    /// Whether the score reaches the threshold.
    pub passes: bool,
    /// Items with no evidence, which added nothing.
    pub missing: Vec<String>,
}

/// What a threshold would have done to a set of past cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateReport {
    /// The gate applied.
    pub gate: Gate,
    /// Cases looked at.
    pub cases: usize,
    /// Cases that would pass.
    pub pass: usize,
    /// Cases that would not.
    pub fail: usize,
    /// Passing cases whose panel agreed a plan.
    pub pass_plan: usize,
    /// Passing cases whose panel decided no plan.
    pub pass_no_plan: usize,
    /// Failing cases whose panel agreed a plan.
    pub fail_plan: usize,
    /// Failing cases whose panel decided no plan.
    pub fail_no_plan: usize,
    /// Share of cases where the gate and the panel agree (pass with a plan, fail without).
    pub agreement: f64,
}

/// Something wrong with a gate's numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the gate's weights and threshold must be finite numbers, the weights not negative")]
pub struct GateError;

impl Gate {
    /// Checks that every number is finite and no weight is negative.
    pub fn check(&self) -> Result<(), GateError> {
        let weights = [self.degree_weight, self.ability_weight, self.flag_weight];
        if weights.iter().all(|w| w.is_finite() && *w >= 0.0) && self.threshold.is_finite() {
            Ok(())
        } else {
            Err(GateError)
        }
    }

    fn weight(&self, metric: MetricId) -> f64 {
        match metric.kind() {
            MetricKind::Degree => self.degree_weight,
            MetricKind::Ability => self.ability_weight,
            MetricKind::Flag => self.flag_weight,
        }
    }

    /// The gate score of a profile; missing items add nothing.
    pub fn score(&self, profile: &Profile) -> f64 {
        MetricId::ALL
            .iter()
            .zip(profile.scores())
            .filter_map(|(metric, score)| score.map(|s| self.weight(*metric) * f64::from(s)))
            .sum()
    }

    /// Scores a profile and says whether it passes.
    pub fn apply(&self, profile: &Profile) -> GateResult {
        let score = self.score(profile);
        GateResult {
            score,
            threshold: self.threshold,
            passes: score >= self.threshold,
            missing: profile
                .missing()
                .iter()
                .map(|m| m.id().to_owned())
                .collect(),
        }
    }

    /// What this gate would have done to `cases`, against their recorded panel decisions.
    pub fn report(&self, cases: &[Case]) -> GateReport {
        let mut report = GateReport {
            gate: *self,
            cases: cases.len(),
            pass: 0,
            fail: 0,
            pass_plan: 0,
            pass_no_plan: 0,
            fail_plan: 0,
            fail_no_plan: 0,
            agreement: 0.0,
        };
        for case in cases {
            let passes = self.score(&Profile::of_case(case)) >= self.threshold;
            let plan = case.panel_decision == PanelDecision::Plan;
            match (passes, plan) {
                (true, true) => report.pass_plan += 1,
                (true, false) => report.pass_no_plan += 1,
                (false, true) => report.fail_plan += 1,
                (false, false) => report.fail_no_plan += 1,
            }
        }
        report.pass = report.pass_plan + report.pass_no_plan;
        report.fail = report.fail_plan + report.fail_no_plan;
        if !cases.is_empty() {
            report.agreement = (report.pass_plan + report.fail_no_plan) as f64 / cases.len() as f64;
        }
        report
    }

    /// Reports for each whole-number threshold from 0 to `max`, to help choose one.
    pub fn sweep(&self, cases: &[Case], max: u32) -> Vec<GateReport> {
        (0..=max)
            .map(|t| {
                Gate {
                    threshold: f64::from(t),
                    ..*self
                }
                .report(cases)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use dehcp_domain::AgeBand;

    use super::*;

    #[test]
    fn the_score_weighs_items_by_kind_and_skips_missing_ones() {
        let gate = Gate::default();
        let profile = Profile::from_pairs(
            [("asd", 3), ("ability_maths", 2), ("social_care_flag", 1)],
            AgeBand::FiveToTen,
        )
        .unwrap();
        assert_eq!(gate.score(&profile), 3.0 + 0.5 * 2.0 + 1.0);
        let result = gate.apply(&profile);
        assert_eq!(result.missing.len(), 17);
        assert!(!result.passes);
        let low = Gate {
            threshold: 5.0,
            ..gate
        };
        assert!(low.apply(&profile).passes);
        assert!(
            Gate {
                flag_weight: -1.0,
                ..gate
            }
            .check()
            .is_err()
        );
    }
}
