//! Stratified k-fold cross-validation of the primary-need classifier: accuracy, macro-F1,
//! per-class precision, recall and F1, the confusion matrix and the Brier score.
//!
//! Folds are stratified by primary need and shuffled with a seeded generator, so an evaluation
//! is reproducible from its seed. Only plan cases with a primary need take part, as in training.

use dehcp_domain::Sen2Need;
use serde::{Deserialize, Serialize};

use crate::case::{Case, PanelDecision};
use crate::classifier::{Classifier, TrainError, TrainingOptions};
use crate::rng::Rng;

/// One need's scores in an evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMetrics {
    /// SEN2 code.
    pub code: String,
    /// Cases with this primary need.
    pub support: usize,
    /// Of cases predicted as this need, the share that were.
    pub precision: f64,
    /// Of cases with this need, the share predicted as it.
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 when both are 0).
    pub f1: f64,
}

/// The result of a cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// Cases evaluated (plans with a primary need).
    pub cases: usize,
    /// The needs present, in SEN2 order: the rows and columns of `confusion`.
    pub classes: Vec<String>,
    /// Share of cases whose predicted need was right.
    pub accuracy: f64,
    /// Unweighted mean of the per-class F1 scores.
    pub macro_f1: f64,
    /// Per-need metrics, in `classes` order.
    pub per_class: Vec<ClassMetrics>,
    /// `confusion[true][predicted]`, counts.
    pub confusion: Vec<Vec<usize>>,
    /// Mean over cases of Σ over needs of (probability − outcome)²; 0 is perfect, 2 the worst.
    pub brier: f64,
}

/// A cross-validation could not be run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// Fewer than 2 folds, or more folds than cases.
    #[error(
        "cannot make {folds} folds from {cases} cases: need at least 2 folds and a case per fold"
    )]
    Folds {
        /// Folds asked for.
        folds: usize,
        /// Usable cases.
        cases: usize,
    },
    /// A fold's training failed.
    #[error("training a fold failed: {0}")]
    Train(#[from] TrainError),
}

/// Deals cases into `folds` stratified folds: each need's cases (in SEN2 order of needs) are
/// shuffled with a generator seeded by `seed` and dealt round the folds, carrying on from where
/// the previous need stopped so fold sizes stay within one of each other. Returns each case's
/// fold, in the order of `needs`. [`cross_validate`] uses it on the plan cases with a primary
/// need, in their input order, so another tool can repeat the same folds.
pub fn stratified_folds(needs: &[Sen2Need], folds: usize, seed: u64) -> Vec<usize> {
    let mut classes: Vec<Sen2Need> = needs.to_vec();
    classes.sort_unstable();
    classes.dedup();
    let mut rng = Rng::seeded(seed);
    let mut fold_of = vec![0; needs.len()];
    let mut next_fold = 0;
    for need in &classes {
        let mut members: Vec<usize> = (0..needs.len()).filter(|i| needs[*i] == *need).collect();
        rng.shuffle(&mut members);
        for index in members {
            fold_of[index] = next_fold;
            next_fold = (next_fold + 1) % folds.max(1);
        }
    }
    fold_of
}

/// Runs stratified `folds`-fold cross-validation with the fold shuffle seeded by `seed`.
pub fn cross_validate(
    cases: &[Case],
    folds: usize,
    seed: u64,
    options: &TrainingOptions,
) -> Result<Evaluation, EvaluateError> {
    let usable: Vec<(&Case, Sen2Need)> = cases
        .iter()
        .filter(|c| c.panel_decision == PanelDecision::Plan)
        .filter_map(|c| c.primary_need.map(|n| (c, n)))
        .collect();
    if folds < 2 || folds > usable.len() {
        return Err(EvaluateError::Folds {
            folds,
            cases: usable.len(),
        });
    }
    let needs: Vec<Sen2Need> = usable.iter().map(|(_, n)| *n).collect();
    let fold_of = stratified_folds(&needs, folds, seed);
    let mut classes = needs;
    classes.sort_unstable();
    classes.dedup();
    let k = classes.len();
    let mut confusion = vec![vec![0usize; k]; k];
    let mut brier_total = 0.0;
    for fold in 0..folds {
        let training: Vec<Case> = usable
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of[*i] != fold)
            .map(|(_, (c, _))| (*c).clone())
            .collect();
        let model = Classifier::train(&training, options)?;
        for (i, (case, need)) in usable.iter().enumerate() {
            if fold_of[i] != fold {
                continue;
            }
            let all = model.probabilities(&case.scores, case.age_band);
            let probs: Vec<f64> = classes
                .iter()
                .map(|c| all[crate::calibration::need_index(*c)])
                .collect();
            let truth = classes.iter().position(|c| c == need).unwrap_or_default();
            let predicted = probs
                .iter()
                .enumerate()
                .fold((0, f64::NEG_INFINITY), |best, (j, p)| {
                    if *p > best.1 { (j, *p) } else { best }
                })
                .0;
            confusion[truth][predicted] += 1;
            brier_total += probs
                .iter()
                .enumerate()
                .map(|(j, p)| (p - f64::from(u8::from(j == truth))).powi(2))
                .sum::<f64>();
        }
    }
    let n = usable.len();
    let correct: usize = (0..k).map(|i| confusion[i][i]).sum();
    let per_class: Vec<ClassMetrics> = classes
        .iter()
        .enumerate()
        .map(|(i, need)| {
            let support: usize = confusion[i].iter().sum();
            let predicted: usize = confusion.iter().map(|row| row[i]).sum();
            let hit = confusion[i][i] as f64;
            let precision = if predicted > 0 {
                hit / predicted as f64
            } else {
                0.0
            };
            let recall = if support > 0 {
                hit / support as f64
            } else {
                0.0
            };
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            ClassMetrics {
                code: need.code().to_owned(),
                support,
                precision,
                recall,
                f1,
            }
        })
        .collect();
    let macro_f1 = per_class.iter().map(|c| c.f1).sum::<f64>() / k as f64;
    Ok(Evaluation {
        folds,
        seed,
        cases: n,
        classes: classes.iter().map(|c| c.code().to_owned()).collect(),
        accuracy: correct as f64 / n as f64,
        macro_f1,
        per_class,
        confusion,
        brier: brier_total / n as f64,
    })
}
