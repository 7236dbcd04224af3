//! The primary-need classifier: multinomial logistic regression (softmax with an L2 penalty)
//! on standardised features, trained by our own L-BFGS, with explanations in words.
//!
//! Features are the 20 scores and a one-hot age band (25 in all), each standardised with the
//! training set's mean and standard deviation. Training starts from zero weights and is fully
//! deterministic. Only cases with a plan and a primary need train the model; a need absent from
//! the training set gets probability 0.
//!
//! An explanation uses each feature's contribution to the chosen need: its coefficient (less the
//! mean coefficient over all needs, since softmax ignores a shift shared by every need) times the
//! standardised value. Pure: no IO, no clock.

use dehcp_domain::{AgeBand, MetricId, NeedsScores, Sen2Need};
use serde::{Deserialize, Serialize};

use crate::calibration::{band_index, need_index};
use crate::case::{Case, PanelDecision};
use crate::profile::Profile;

/// Number of features: 20 scores and 5 age bands.
pub const FEATURES: usize = 25;

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainingOptions {
    /// L2 penalty on the weights (not the intercepts), added to the mean log loss as
    /// `l2 / 2 × Σ w²`.
    pub l2: f64,
    /// The most L-BFGS iterations.
    pub max_iterations: usize,
    /// Stop when the largest gradient component falls below this.
    pub tolerance: f64,
    /// How many past steps L-BFGS remembers.
    pub history: usize,
}

impl Default for TrainingOptions {
    fn default() -> Self {
        TrainingOptions {
            l2: 1e-3,
            max_iterations: 300,
            tolerance: 1e-5,
            history: 8,
        }
    }
}

/// A classifier could not be trained.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    /// No case has a plan and a primary need.
    #[error("no case has a plan and a primary need to learn from")]
    NoCases,
    /// Every training case has the same primary need.
    #[error("every training case has primary need {0}; at least two needs are required")]
    OneClass(String),
    /// Options out of range.
    #[error("training options: {0}")]
    Options(String),
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    classes: Vec<Sen2Need>,
    means: Vec<f64>,
    scales: Vec<f64>,
    /// `weights[class][feature]`.
    weights: Vec<Vec<f64>>,
    biases: Vec<f64>,
    report: TrainingReport,
}

/// How training went.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainingReport {
    /// Cases used (plans with a primary need).
    pub cases: usize,
    /// L-BFGS iterations run.
    pub iterations: usize,
    /// Whether the gradient fell below the tolerance.
    pub converged: bool,
    /// The final penalised mean log loss.
    pub loss: f64,
}

/// The serialisable form of a [`Classifier`], as stored in a model artefact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifierRecord {
    /// SEN2 codes of the classes, in weight-row order.
    pub classes: Vec<String>,
    /// Feature names, in column order.
    pub features: Vec<String>,
    /// Training means of the features.
    pub means: Vec<f64>,
    /// Training standard deviations of the features (1 where a feature did not vary).
    pub scales: Vec<f64>,
    /// `weights[class][feature]` on standardised features.
    pub weights: Vec<Vec<f64>>,
    /// Intercept per class.
    pub biases: Vec<f64>,
    /// How training went.
    pub report: TrainingReport,
}

/// One need and its probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedProbability {
    /// SEN2 code.
    pub code: String,
    /// Probability, 0 to 1.
    pub probability: f64,
}

/// One feature's part in the chosen need's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Feature name: a metric id or `age_band=<label>`.
    pub feature: String,
    /// The raw value: the score, or 1/0 for the age band.
    pub value: f64,
    /// Centred coefficient × standardised value, in log-odds.
    pub contribution: f64,
    /// True when the score was missing: the training mean stands in and contributes nothing.
    #[serde(default)]
    pub missing: bool,
}

/// The result of classifying one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    /// The most probable need.
    pub primary_need: NeedProbability,
    /// The next two, most probable first (so top 3 with the primary need).
    pub alternatives: Vec<NeedProbability>,
    /// Every SEN2 type, in SEN2 order; 0 for needs the model never saw.
    pub probabilities: Vec<NeedProbability>,
    /// Each feature's contribution to the primary need, largest first.
    pub contributions: Vec<Contribution>,
    /// The explanation in words.
    pub explanation: Vec<String>,
}

/// Feature names in column order.
pub fn feature_names() -> Vec<String> {
    let mut names: Vec<String> = MetricId::ALL.iter().map(|m| m.id().to_owned()).collect();
    names.extend(
        AgeBand::ALL
            .iter()
            .map(|b| format!("age_band={}", b.label())),
    );
    names
}

/// The raw (unstandardised) features of a profile.
pub fn features(scores: &NeedsScores, band: AgeBand) -> [f64; FEATURES] {
    let mut x = [0.0; FEATURES];
    for (slot, (_, score)) in x.iter_mut().zip(scores.iter()) {
        *slot = f64::from(score);
    }
    x[20 + band_index(band)] = 1.0;
    x
}

/// The raw features of a profile, `None` for a missing score (and for every band column when
/// the band is unknown).
pub fn profile_features(profile: &Profile) -> [Option<f64>; FEATURES] {
    let mut x = [Some(0.0); FEATURES];
    for (slot, score) in x.iter_mut().zip(profile.scores()) {
        *slot = score.map(f64::from);
    }
    match profile.age_band() {
        Some(band) => x[20 + band_index(band)] = Some(1.0),
        // An unknown band is missing, like a missing score: every band column takes its mean.
        None => x[20..].iter_mut().for_each(|slot| *slot = None),
    }
    x
}

pub(crate) fn softmax_in_place(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut total = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        total += *v;
    }
    for v in z.iter_mut() {
        *v /= total;
    }
}

pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Penalised mean log loss and its gradient for parameters laid out class by class as
/// `[w_0 (D values), b_0, w_1, b_1, …]`.
pub(crate) struct Objective<'a> {
    pub(crate) x: &'a [[f64; FEATURES]],
    pub(crate) y: &'a [usize],
    pub(crate) classes: usize,
    pub(crate) l2: f64,
}

impl Objective<'_> {
    /// The objective's value, with its gradient written to `gradient`. Up to
    /// [`MAX_LANES`] classes take a fused, vectorisable pass ([`Objective::evaluate_lanes`]);
    /// more take the plain pass. Both do the same arithmetic in the same order for every
    /// number, so they agree bit for bit (tested).
    fn evaluate(&self, theta: &[f64], gradient: &mut [f64]) -> f64 {
        match self.classes {
            0..=2 => self.evaluate_lanes::<2>(theta, gradient),
            3..=4 => self.evaluate_lanes::<4>(theta, gradient),
            5..=8 => self.evaluate_lanes::<8>(theta, gradient),
            9..=MAX_LANES => self.evaluate_lanes::<MAX_LANES>(theta, gradient),
            _ => self.evaluate_plain(theta, gradient),
        }
    }

    /// The straightforward pass: for each case, each class's dot product, the softmax, then
    /// each class's gradient.
    fn evaluate_plain(&self, theta: &[f64], gradient: &mut [f64]) -> f64 {
        let width = FEATURES + 1;
        gradient.iter_mut().for_each(|g| *g = 0.0);
        let n = self.x.len() as f64;
        let mut loss = 0.0;
        let mut z = vec![0.0; self.classes];
        for (row, label) in self.x.iter().zip(self.y) {
            for (k, zk) in z.iter_mut().enumerate() {
                let params = &theta[k * width..(k + 1) * width];
                *zk = dot(&params[..FEATURES], row) + params[FEATURES];
            }
            softmax_in_place(&mut z);
            loss -= z[*label].max(1e-300).ln();
            for (k, p) in z.iter().enumerate() {
                let residual = (p - f64::from(u8::from(k == *label))) / n;
                let grad = &mut gradient[k * width..(k + 1) * width];
                for (g, v) in grad[..FEATURES].iter_mut().zip(row) {
                    *g += residual * v;
                }
                grad[FEATURES] += residual;
            }
        }
        self.add_penalty(theta, gradient, loss / n)
    }

    /// The same pass with the weights held feature by feature, `L` classes side by side
    /// (`L ≥ classes`; the lanes past the last class hold zeros and are never read back), so
    /// the dot products and the gradient updates run over whole vectors of classes. Each
    /// logit is still summed in feature order from −0 (as [`dot`] sums) and then the bias
    /// added, and each gradient component accumulates case by case, so every number is what
    /// [`Objective::evaluate_plain`] computes.
    fn evaluate_lanes<const L: usize>(&self, theta: &[f64], gradient: &mut [f64]) -> f64 {
        let width = FEATURES + 1;
        let classes = self.classes.min(L);
        let mut weights = [[0.0; L]; FEATURES];
        let mut biases = [0.0; L];
        for k in 0..classes {
            let params = &theta[k * width..(k + 1) * width];
            for (j, row) in weights.iter_mut().enumerate() {
                row[k] = params[j];
            }
            biases[k] = params[FEATURES];
        }
        let mut grad_w = [[0.0; L]; FEATURES];
        let mut grad_b = [0.0; L];
        let n = self.x.len() as f64;
        let mut loss = 0.0;
        // Cases go in chunks: first each case's residuals (probability less the 0/1 label,
        // over n), then the gradient, feature by feature, with that feature's running sums
        // held in registers over the chunk's cases. Each gradient component still adds its
        // cases' terms one by one in case order.
        let mut residuals = [[0.0; L]; CHUNK];
        for (rows, labels) in self.x.chunks(CHUNK).zip(self.y.chunks(CHUNK)) {
            for ((row, label), residual) in rows.iter().zip(labels).zip(residuals.iter_mut()) {
                let mut z = [-0.0; L];
                for (w, v) in weights.iter().zip(row) {
                    for (zk, wk) in z.iter_mut().zip(w) {
                        *zk += wk * v;
                    }
                }
                for (zk, b) in z.iter_mut().zip(&biases) {
                    *zk += b;
                }
                softmax_in_place(&mut z[..classes]);
                loss -= z.get(*label).copied().unwrap_or(0.0).max(1e-300).ln();
                for (k, (r, p)) in residual.iter_mut().zip(&z).enumerate() {
                    *r = if k < classes {
                        (p - f64::from(u8::from(k == *label))) / n
                    } else {
                        0.0
                    };
                }
            }
            let residuals = &residuals[..rows.len()];
            for (j, g) in grad_w.iter_mut().enumerate() {
                let mut sums = *g;
                for (row, residual) in rows.iter().zip(residuals) {
                    let v = row[j];
                    for (s, r) in sums.iter_mut().zip(residual) {
                        *s += r * v;
                    }
                }
                *g = sums;
            }
            for residual in residuals {
                for (gk, r) in grad_b.iter_mut().zip(residual) {
                    *gk += r;
                }
            }
        }
        for k in 0..classes {
            let grad = &mut gradient[k * width..(k + 1) * width];
            for (g, row) in grad.iter_mut().zip(&grad_w) {
                *g = row[k];
            }
            grad[FEATURES] = grad_b[k];
        }
        self.add_penalty(theta, gradient, loss / n)
    }

    /// Adds the L2 penalty's gradient to `gradient` and returns `mean_loss` plus the penalty.
    fn add_penalty(&self, theta: &[f64], gradient: &mut [f64], mean_loss: f64) -> f64 {
        let width = FEATURES + 1;
        let mut penalty = 0.0;
        for k in 0..self.classes {
            for j in 0..FEATURES {
                let w = theta[k * width + j];
                penalty += w * w;
                gradient[k * width + j] += self.l2 * w;
            }
        }
        mean_loss + 0.5 * self.l2 * penalty
    }
}

/// The most classes [`Objective`] handles in its vectorised pass (every SEN2 need fits).
const MAX_LANES: usize = 14;

/// Cases per chunk in [`Objective::evaluate_lanes`] (their residuals stay in the L1 cache).
const CHUNK: usize = 128;

const _: () = assert!(Sen2Need::ALL.len() <= MAX_LANES);

/// Limited-memory BFGS with a backtracking (Armijo) line search. Returns the parameters and a
/// report. Deterministic: no randomness, fixed order of operations.
pub(crate) fn lbfgs(
    objective: &Objective<'_>,
    size: usize,
    options: &TrainingOptions,
) -> (Vec<f64>, TrainingReport) {
    let mut theta = vec![0.0; size];
    let mut gradient = vec![0.0; size];
    let mut loss = objective.evaluate(&theta, &mut gradient);
    let mut memory: std::collections::VecDeque<(Vec<f64>, Vec<f64>, f64)> =
        std::collections::VecDeque::new();
    let mut iterations = 0;
    let mut converged = false;
    let mut trial = vec![0.0; size];
    let mut trial_gradient = vec![0.0; size];
    while iterations < options.max_iterations {
        let largest = gradient.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        if largest < options.tolerance {
            converged = true;
            break;
        }
        iterations += 1;
        // Two-loop recursion: direction = −H·g.
        let mut q = gradient.clone();
        let mut alphas = Vec::with_capacity(memory.len());
        for (s, y, rho) in memory.iter().rev() {
            let alpha = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= alpha * yi);
            alphas.push(alpha);
        }
        if let Some((s, y, _)) = memory.back() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|qi| *qi *= gamma);
        } else {
            let norm = dot(&gradient, &gradient).sqrt().max(1e-12);
            q.iter_mut().for_each(|qi| *qi /= norm);
        }
        for ((s, y, rho), alpha) in memory.iter().zip(alphas.iter().rev()) {
            let beta = rho * dot(y, &q);
            q.iter_mut()
                .zip(s)
                .for_each(|(qi, si)| *qi += (alpha - beta) * si);
        }
        let mut direction: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&direction, &gradient);
        if slope >= 0.0 || !slope.is_finite() {
            memory.clear();
            direction = gradient.iter().map(|g| -g).collect();
            slope = dot(&direction, &gradient);
        }
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            for ((t, x), d) in trial.iter_mut().zip(&theta).zip(&direction) {
                *t = x + step * d;
            }
            let trial_loss = objective.evaluate(&trial, &mut trial_gradient);
            if trial_loss.is_finite() && trial_loss <= loss + 1e-4 * step * slope {
                let s: Vec<f64> = trial.iter().zip(&theta).map(|(a, b)| a - b).collect();
                let y: Vec<f64> = trial_gradient
                    .iter()
                    .zip(&gradient)
                    .map(|(a, b)| a - b)
                    .collect();
                let sy = dot(&s, &y);
                if sy > 1e-12 {
                    memory.push_back((s, y, 1.0 / sy));
                    if memory.len() > options.history {
                        memory.pop_front();
                    }
                }
                let previous = loss;
                std::mem::swap(&mut theta, &mut trial);
                std::mem::swap(&mut gradient, &mut trial_gradient);
                loss = trial_loss;
                accepted = true;
                if (previous - loss).abs() <= 1e-12 * previous.abs().max(1.0) {
                    converged = true;
                }
                break;
            }
            step *= 0.5;
        }
        if !accepted || converged {
            converged = converged || !accepted && gradient.iter().all(|g| g.abs() < 1e-4);
            break;
        }
    }
    let report = TrainingReport {
        cases: objective.x.len(),
        iterations,
        converged,
        loss,
    };
    (theta, report)
}

impl Classifier {
    /// Trains on the cases with a plan and a primary need.
    pub fn train(cases: &[Case], options: &TrainingOptions) -> Result<Classifier, TrainError> {
        if !(options.l2.is_finite() && options.l2 >= 0.0) {
            return Err(TrainError::Options(
                "l2 must be a non-negative number".to_owned(),
            ));
        }
        if !(options.tolerance.is_finite() && options.tolerance > 0.0) || options.history == 0 {
            return Err(TrainError::Options(
                "tolerance must be positive and history at least 1".to_owned(),
            ));
        }
        let usable: Vec<(&Case, Sen2Need)> = cases
            .iter()
            .filter(|c| c.panel_decision == PanelDecision::Plan)
            .filter_map(|c| c.primary_need.map(|need| (c, need)))
            .collect();
        if usable.is_empty() {
            return Err(TrainError::NoCases);
        }
        let mut classes: Vec<Sen2Need> = usable.iter().map(|(_, need)| *need).collect();
        classes.sort_unstable();
        classes.dedup();
        if classes.len() < 2 {
            return Err(TrainError::OneClass(classes[0].code().to_owned()));
        }
        let raw: Vec<[f64; FEATURES]> = usable
            .iter()
            .map(|(c, _)| features(&c.scores, c.age_band))
            .collect();
        let n = raw.len() as f64;
        let mut means = vec![0.0; FEATURES];
        for row in &raw {
            means.iter_mut().zip(row).for_each(|(m, v)| *m += v / n);
        }
        let mut scales = [0.0; FEATURES];
        for row in &raw {
            for ((s, v), m) in scales.iter_mut().zip(row).zip(&means) {
                *s += (v - m).powi(2) / n;
            }
        }
        let scales: Vec<f64> = scales
            .iter()
            .map(|v| if v.sqrt() > 1e-9 { v.sqrt() } else { 1.0 })
            .collect();
        let x: Vec<[f64; FEATURES]> = raw
            .iter()
            .map(|row| {
                let mut z = [0.0; FEATURES];
                for j in 0..FEATURES {
                    z[j] = (row[j] - means[j]) / scales[j];
                }
                z
            })
            .collect();
        let y: Vec<usize> = usable
            .iter()
            .map(|(_, need)| classes.iter().position(|c| c == need).unwrap_or_default())
            .collect();
        let objective = Objective {
            x: &x,
            y: &y,
            classes: classes.len(),
            l2: options.l2,
        };
        let width = FEATURES + 1;
        let (theta, report) = lbfgs(&objective, classes.len() * width, options);
        let weights = (0..classes.len())
            .map(|k| theta[k * width..k * width + FEATURES].to_vec())
            .collect();
        let biases = (0..classes.len())
            .map(|k| theta[k * width + FEATURES])
            .collect();
        Ok(Classifier {
            classes,
            means,
            scales,
            weights,
            biases,
            report,
        })
    }

    /// The needs the model was trained on, in SEN2 order.
    pub fn classes(&self) -> &[Sen2Need] {
        &self.classes
    }

    /// How training went.
    pub fn report(&self) -> TrainingReport {
        self.report
    }

    /// Standardised features; a missing score takes the training mean (0 once standardised).
    fn standardise(&self, raw: &[Option<f64>; FEATURES]) -> [f64; FEATURES] {
        let mut z = [0.0; FEATURES];
        for j in 0..FEATURES {
            z[j] = raw[j].map_or(0.0, |v| (v - self.means[j]) / self.scales[j]);
        }
        z
    }

    /// The probability of each trained class, in [`Classifier::classes`] order.
    pub fn class_probabilities(&self, scores: &NeedsScores, band: AgeBand) -> Vec<f64> {
        self.profile_class_probabilities(&Profile::complete(scores, band))
    }

    fn profile_class_probabilities(&self, profile: &Profile) -> Vec<f64> {
        let z = self.standardise(&profile_features(profile));
        let mut logits: Vec<f64> = self
            .weights
            .iter()
            .zip(&self.biases)
            .map(|(w, b)| dot(w, &z) + b)
            .collect();
        softmax_in_place(&mut logits);
        logits
    }

    /// The probability of every SEN2 type, in [`Sen2Need::ALL`] order (0 for untrained needs).
    pub fn probabilities(&self, scores: &NeedsScores, band: AgeBand) -> [f64; 13] {
        self.profile_probabilities(&Profile::complete(scores, band))
    }

    /// As [`Classifier::probabilities`], for a profile whose missing scores take the training
    /// mean.
    pub fn profile_probabilities(&self, profile: &Profile) -> [f64; 13] {
        let mut all = [0.0; 13];
        for (need, p) in self
            .classes
            .iter()
            .zip(self.profile_class_probabilities(profile))
        {
            all[need_index(*need)] = p;
        }
        all
    }

    /// Classifies one profile: probabilities for every need, the top three and an explanation.
    pub fn classify(&self, scores: &NeedsScores, band: AgeBand) -> Classification {
        self.classify_profile(&Profile::complete(scores, band))
    }

    /// Classifies a profile in which scores may be missing. A missing score takes the training
    /// mean, so it moves no probability and contributes nothing to the explanation; its
    /// contribution is marked `missing`.
    pub fn classify_profile(&self, profile: &Profile) -> Classification {
        let probabilities = self.profile_probabilities(profile);
        let mut ranked: Vec<(Sen2Need, f64)> =
            Sen2Need::ALL.into_iter().zip(probabilities).collect();
        // Stable sort: ties keep SEN2 order.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let as_np = |(need, p): (Sen2Need, f64)| NeedProbability {
            code: need.code().to_owned(),
            probability: p,
        };
        let (top, top_p) = ranked[0];
        let contributions = self.profile_contributions(profile, top);
        let explanation = explain(top, top_p, &ranked[1..3], &contributions);
        Classification {
            primary_need: as_np(ranked[0]),
            alternatives: ranked[1..3].iter().copied().map(as_np).collect(),
            probabilities: Sen2Need::ALL
                .into_iter()
                .zip(probabilities)
                .map(as_np)
                .collect(),
            contributions,
            explanation,
        }
    }

    /// Each feature's contribution to `need`'s score, largest first. Empty when the model was
    /// not trained on `need`.
    pub fn contributions(
        &self,
        scores: &NeedsScores,
        band: AgeBand,
        need: Sen2Need,
    ) -> Vec<Contribution> {
        self.profile_contributions(&Profile::complete(scores, band), need)
    }

    /// As [`Classifier::contributions`] for a profile; missing scores contribute 0.
    pub fn profile_contributions(&self, profile: &Profile, need: Sen2Need) -> Vec<Contribution> {
        let Some(k) = self.classes.iter().position(|c| *c == need) else {
            return Vec::new();
        };
        let raw = profile_features(profile);
        let z = self.standardise(&raw);
        let classes = self.classes.len() as f64;
        let mut list: Vec<Contribution> = feature_names()
            .into_iter()
            .enumerate()
            .map(|(j, feature)| {
                let mean_w = self.weights.iter().map(|w| w[j]).sum::<f64>() / classes;
                Contribution {
                    feature,
                    value: raw[j].unwrap_or(self.means[j]),
                    contribution: (self.weights[k][j] - mean_w) * z[j],
                    missing: raw[j].is_none(),
                }
            })
            .collect();
        list.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
        list
    }

    /// The serialisable form.
    pub fn to_record(&self) -> ClassifierRecord {
        ClassifierRecord {
            classes: self.classes.iter().map(|c| c.code().to_owned()).collect(),
            features: feature_names(),
            means: self.means.clone(),
            scales: self.scales.clone(),
            weights: self.weights.clone(),
            biases: self.biases.clone(),
            report: self.report,
        }
    }

    /// Rebuilds a classifier from its record, checking every shape and number.
    pub fn from_record(record: ClassifierRecord) -> Result<Classifier, String> {
        let classes = record
            .classes
            .iter()
            .map(|c| c.parse::<Sen2Need>().map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        if classes.len() < 2 || classes.windows(2).any(|w| w[0] >= w[1]) {
            return Err(
                "classes must be at least two SEN2 codes in SEN2 order, once each".to_owned(),
            );
        }
        if record.features != feature_names() {
            return Err("the feature list is not this version's".to_owned());
        }
        let finite = |values: &[f64]| values.iter().all(|v| v.is_finite());
        let shapes_ok = record.means.len() == FEATURES
            && record.scales.len() == FEATURES
            && record.weights.len() == classes.len()
            && record.biases.len() == classes.len()
            && record
                .weights
                .iter()
                .all(|w| w.len() == FEATURES && finite(w));
        if !shapes_ok {
            return Err("weights, biases, means or scales have the wrong size".to_owned());
        }
        if !finite(&record.means)
            || !finite(&record.biases)
            || record.scales.iter().any(|s| !(s.is_finite() && *s > 0.0))
        {
            return Err(
                "a parameter is not a finite number (or a scale is not positive)".to_owned(),
            );
        }
        Ok(Classifier {
            classes,
            means: record.means,
            scales: record.scales,
            weights: record.weights,
            biases: record.biases,
            report: record.report,
        })
    }
}

/// How a feature is named in an explanation: "ASD 3", "social interaction 2", "age band 5-10".
fn spoken(c: &Contribution) -> String {
    if let Some(band) = c.feature.strip_prefix("age_band=") {
        return format!("age band {band}");
    }
    let name = match c.feature.as_str() {
        "asd" => "ASD".to_owned(),
        "sen" => "other SEN".to_owned(),
        "abilities_slc" => "abilities SLC".to_owned(),
        "flmt_flag" => "FLMT flag".to_owned(),
        "adl_challenges" => "ADL challenges".to_owned(),
        "ability_english" => "ability English".to_owned(),
        other => other.replace('_', " "),
    };
    format!("{name} {}", c.value)
}

fn join_words(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Contributions (log-odds) at or above this "point to" the need; those below it but above 0
/// "are consistent"; those at or below its negative are "less typical".
pub const POINTS_TO: f64 = 0.3;

fn explain(
    need: Sen2Need,
    probability: f64,
    next: &[(Sen2Need, f64)],
    contributions: &[Contribution],
) -> Vec<String> {
    // Only features present in the profile are named: scored items above 0, the child's band.
    let present: Vec<&Contribution> = contributions
        .iter()
        .filter(|c| c.value > 0.0 && !c.missing)
        .collect();
    let points: Vec<String> = present
        .iter()
        .filter(|c| c.contribution >= POINTS_TO)
        .take(4)
        .map(|c| spoken(c))
        .collect();
    let consistent: Vec<String> = present
        .iter()
        .filter(|c| {
            c.contribution > 0.0
                && c.contribution < POINTS_TO
                && !c.feature.starts_with("age_band=")
        })
        .take(3)
        .map(|c| spoken(c))
        .collect();
    let against: Vec<String> = present
        .iter()
        .rev()
        .filter(|c| c.contribution <= -POINTS_TO)
        .take(3)
        .map(|c| spoken(c))
        .collect();
    let mut first = if points.is_empty() {
        format!("No single score points strongly to {need}")
    } else {
        let verb = if points.len() == 1 { "points" } else { "point" };
        format!("{} {verb} to {need}", join_words(&points))
    };
    if !consistent.is_empty() {
        let verb = if consistent.len() == 1 { "is" } else { "are" };
        first.push_str(&format!("; {} {verb} consistent", join_words(&consistent)));
    }
    first.push('.');
    let mut sentences = vec![first];
    if !against.is_empty() {
        let verb = if against.len() == 1 { "is" } else { "are" };
        sentences.push(format!(
            "{} {verb} less typical of {need}.",
            join_words(&against)
        ));
    }
    let alternatives: Vec<String> = next
        .iter()
        .filter(|(_, p)| *p > 0.0)
        .map(|(n, p)| format!("{n} {:.0}%", p * 100.0))
        .collect();
    let mut summary = format!(
        "{need} is the most likely primary need ({:.0}%)",
        probability * 100.0
    );
    if !alternatives.is_empty() {
        summary.push_str(&format!("; next: {}", alternatives.join(", ")));
    }
    summary.push_str(". This is a suggestion for a professional to check, not a decision.");
    sentences.push(summary);
    sentences
}

#[cfg(test)]
mod tests;
