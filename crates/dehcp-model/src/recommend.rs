//! The provision recommender: for a profile, the probability of each provision element SP1–SP13,
//! whether it passes the council's threshold, and why. Always a proposal for a professional to
//! check, never a decision.
//!
//! **Model.** One logistic regression per element on the classifier's 25 standardised features
//! (20 scores and a one-hot age band), trained on the plan cases only (a no-plan decision has no
//! plan provision). Each is fitted with the classifier's own objective and L-BFGS
//! ([`crate::classifier`]) as a two-class softmax, which is a logistic regression whose weights
//! are the difference of the two classes' weights (the penalty `l2` on both classes is a penalty
//! of `l2 / 2` on that difference). An element that every training case, or none, received gets
//! a constant model at its smoothed rate `(received + ½) / (cases + 1)`.
//!
//! **Missing scores** take the training mean, as in the classifier: they move no probability.
//!
//! **Thresholds** are the council's, one per element, default 0.5. **Explanation:** for each
//! recommended element, the present scores whose contribution (weight × standardised value, in
//! log-odds) is at least [`crate::classifier::POINTS_TO`], largest first.
//!
//! Pure: no IO.

use dehcp_domain::{ProvisionCatalogue, ProvisionElement};
use serde::{Deserialize, Serialize};

use crate::case::{Case, PanelDecision};
use crate::classifier::{
    FEATURES, Objective, POINTS_TO, TrainError, TrainingOptions, dot, feature_names, features,
    lbfgs, profile_features,
};
use crate::profile::{Profile, Standardiser};

/// The default threshold for every element.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

/// One element's logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementModel {
    /// `SP1` … `SP13`.
    pub code: String,
    /// Weights on the standardised features (25).
    pub weights: Vec<f64>,
    /// Intercept, in log-odds.
    pub bias: f64,
    /// Training cases that received the element.
    pub received: usize,
    /// True when the model is the constant smoothed rate (everyone or no one received it).
    pub constant: bool,
}

/// A trained recommender.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommender {
    /// Plan cases trained on.
    pub cases: usize,
    /// Means and scales of the 25 features over the plan cases.
    pub standardiser: Standardiser,
    /// SP1–SP13 in order.
    pub elements: Vec<ElementModel>,
}

/// The council's threshold for each element, SP1 first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds(pub [f64; 13]);

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds([DEFAULT_THRESHOLD; 13])
    }
}

impl Thresholds {
    /// Sets one element's threshold; it must be a number from 0 to 1.
    pub fn set(&mut self, element: ProvisionElement, threshold: f64) -> Result<(), String> {
        if !(0.0..=1.0).contains(&threshold) {
            return Err(format!(
                "the threshold for {element} must be from 0 to 1, not {threshold}"
            ));
        }
        self.0[usize::from(element.number() - 1)] = threshold;
        Ok(())
    }
}

/// One element's proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionProposal {
    /// `SP1` … `SP13`.
    pub id: String,
    /// The element's plain name.
    pub name: String,
    /// The model's probability.
    pub probability: f64,
    /// The threshold applied.
    pub threshold: f64,
    /// Whether the probability reaches the threshold.
    pub recommended: bool,
    /// Whether `recommended` stays the same when every unscored item is read as 0 (no need)
    /// instead of the training average; always true for a complete profile (set by
    /// [`crate::Model::classify`]).
    #[serde(default = "crate::cluster::settled_by_default")]
    pub settled: bool,
    /// The present scores that point to it most, in words ("ASD 3").
    pub because: Vec<String>,
}

/// The recommender's output for one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Always true: a proposal for a professional, never a decision.
    pub proposal: bool,
    /// SP1–SP13 in order.
    pub provisions: Vec<ProvisionProposal>,
    /// The explanation in words.
    pub explanation: Vec<String>,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Recommender {
    /// Trains one model per element on the plan cases in `cases`.
    pub fn train(cases: &[Case], options: &TrainingOptions) -> Result<Self, TrainError> {
        let plans: Vec<&Case> = cases
            .iter()
            .filter(|c| c.panel_decision == PanelDecision::Plan)
            .collect();
        if plans.is_empty() {
            return Err(TrainError::NoCases);
        }
        let raw: Vec<[f64; FEATURES]> = plans
            .iter()
            .map(|c| features(&c.scores, c.age_band))
            .collect();
        let standardiser = Standardiser::fit(&raw);
        let x: Vec<[f64; FEATURES]> = raw
            .iter()
            .map(|row| standardiser.apply_imputed(&row.map(Some)))
            .collect();
        let n = plans.len();
        let elements = ProvisionElement::ALL
            .iter()
            .enumerate()
            .map(|(e, element)| {
                let y: Vec<usize> = plans.iter().map(|c| usize::from(c.provision[e])).collect();
                let received = y.iter().sum::<usize>();
                if received == 0 || received == n {
                    let rate = (received as f64 + 0.5) / (n as f64 + 1.0);
                    return ElementModel {
                        code: element.code(),
                        weights: vec![0.0; FEATURES],
                        bias: (rate / (1.0 - rate)).ln(),
                        received,
                        constant: true,
                    };
                }
                let objective = Objective {
                    x: &x,
                    y: &y,
                    classes: 2,
                    l2: options.l2,
                };
                let width = FEATURES + 1;
                let (theta, _) = lbfgs(&objective, 2 * width, options);
                ElementModel {
                    code: element.code(),
                    weights: (0..FEATURES).map(|j| theta[width + j] - theta[j]).collect(),
                    bias: theta[width + FEATURES] - theta[FEATURES],
                    received,
                    constant: false,
                }
            })
            .collect();
        Ok(Recommender {
            cases: n,
            standardiser,
            elements,
        })
    }

    /// The probability of each of SP1–SP13 for a profile.
    pub fn probabilities(&self, profile: &Profile) -> [f64; 13] {
        let z = self.standardiser.apply_imputed(&profile_features(profile));
        let mut out = [0.0; 13];
        for (p, model) in out.iter_mut().zip(&self.elements) {
            *p = sigmoid(dot(&model.weights, &z) + model.bias);
        }
        out
    }

    /// Probabilities, the threshold decision and the reasons for each element.
    pub fn recommend(
        &self,
        profile: &Profile,
        thresholds: &Thresholds,
        catalogue: &ProvisionCatalogue,
    ) -> Recommendation {
        let raw = profile_features(profile);
        let z = self.standardiser.apply_imputed(&raw);
        let names = feature_names();
        let provisions: Vec<ProvisionProposal> = ProvisionElement::ALL
            .iter()
            .zip(&self.elements)
            .zip(thresholds.0)
            .map(|((element, model), threshold)| {
                let probability = sigmoid(dot(&model.weights, &z) + model.bias);
                let mut reasons: Vec<(f64, String)> = (0..20)
                    .filter_map(|j| {
                        let value = raw[j].filter(|v| *v > 0.0)?;
                        let contribution = model.weights[j] * z[j];
                        (contribution >= POINTS_TO)
                            .then(|| (contribution, spoken(&names[j], value)))
                    })
                    .collect();
                reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
                ProvisionProposal {
                    id: element.code(),
                    name: catalogue.element(*element).name.clone(),
                    probability,
                    threshold,
                    recommended: probability >= threshold,
                    settled: true,
                    because: reasons.into_iter().take(3).map(|r| r.1).collect(),
                }
            })
            .collect();
        let explanation = explain(&provisions);
        Recommendation {
            proposal: true,
            provisions,
            explanation,
        }
    }

    /// Checks a stored recommender's shapes and numbers.
    pub fn check(&self) -> Result<(), String> {
        self.standardiser.check(FEATURES)?;
        let codes_ok = self.elements.len() == 13
            && self
                .elements
                .iter()
                .zip(ProvisionElement::ALL)
                .all(|(model, element)| model.code == element.code());
        if !codes_ok {
            return Err("the recommender must hold SP1 to SP13 in order".to_owned());
        }
        if self.elements.iter().any(|e| {
            e.weights.len() != FEATURES
                || !e.bias.is_finite()
                || e.weights.iter().any(|w| !w.is_finite())
        }) {
            return Err("a provision model does not have 25 finite weights".to_owned());
        }
        Ok(())
    }
}

/// "ASD 3", "social interaction 2".
fn spoken(feature: &str, value: f64) -> String {
    let name = match feature {
        "asd" => "ASD".to_owned(),
        "sen" => "other SEN".to_owned(),
        "abilities_slc" => "abilities SLC".to_owned(),
        "flmt_flag" => "FLMT flag".to_owned(),
        "adl_challenges" => "ADL challenges".to_owned(),
        "ability_english" => "ability English".to_owned(),
        other => other.replace('_', " "),
    };
    format!("{name} {value}")
}

fn explain(provisions: &[ProvisionProposal]) -> Vec<String> {
    let mut lines = Vec::new();
    for p in provisions.iter().filter(|p| p.recommended) {
        let mut line = format!("{} ({}) {:.0}%", p.id, p.name, p.probability * 100.0);
        match p.because.as_slice() {
            [] => {}
            [one] => line.push_str(&format!(": {one} points to it")),
            [init @ .., last] => {
                line.push_str(&format!(": {} and {last} point to it", init.join(", ")));
            }
        }
        line.push('.');
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push("No provision element reaches its threshold.".to_owned());
    }
    lines.push(
        "Proposed provision is a suggestion for a professional to check, not a decision."
            .to_owned(),
    );
    lines
}

/// How well one element's probabilities fit a set of cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElementMetrics {
    /// `SP1` … `SP13`.
    pub id: String,
    /// Share of the plan cases that received it.
    pub prevalence: f64,
    /// Mean of (probability − received)²; the prevalence alone scores prevalence × (1 − it).
    pub brier: f64,
    /// Of the cases recommended it at the threshold, the share that received it.
    pub precision: f64,
    /// Of the cases that received it, the share recommended it at the threshold.
    pub recall: f64,
}

impl Recommender {
    /// Scores the recommender on the plan cases in `cases` (cases it was not trained on, for a
    /// fair figure) at `thresholds`.
    pub fn evaluate(&self, cases: &[Case], thresholds: &Thresholds) -> Vec<ElementMetrics> {
        let plans: Vec<&Case> = cases
            .iter()
            .filter(|c| c.panel_decision == PanelDecision::Plan)
            .collect();
        let n = plans.len().max(1) as f64;
        let predictions: Vec<[f64; 13]> = plans
            .iter()
            .map(|c| self.probabilities(&Profile::of_case(c)))
            .collect();
        ProvisionElement::ALL
            .iter()
            .enumerate()
            .map(|(e, element)| {
                let (mut received, mut brier, mut hits, mut flagged) = (0.0, 0.0, 0.0, 0.0);
                for (case, p) in plans.iter().zip(&predictions) {
                    let truth = f64::from(u8::from(case.provision[e]));
                    received += truth;
                    brier += (p[e] - truth).powi(2);
                    if p[e] >= thresholds.0[e] {
                        flagged += 1.0;
                        hits += truth;
                    }
                }
                let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
                ElementMetrics {
                    id: element.code(),
                    prevalence: received / n,
                    brier: brier / n,
                    precision: ratio(hits, flagged),
                    recall: ratio(hits, received),
                }
            })
            .collect()
    }
}
