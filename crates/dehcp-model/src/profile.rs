//! A profile to classify: the 20 scores, any of which may be missing, and an age band; and the
//! standardised feature space shared by the needs clusters and similar cases.
//!
//! A missing score means no evidence, never 0 (docs/ARCHITECTURE.md). How each model treats
//! one is documented where it is used:
//! - the classifier and the provision recommender impute the training mean, so the item
//!   contributes nothing either way;
//! - cluster assignment and similar cases measure distance over the present features only,
//!   rescaled to the full number of features;
//! - the threshold gate counts only the evidence present.
//!
//! Pure: no IO.

use std::collections::BTreeSet;

use dehcp_domain::{AgeBand, MetricId, NeedsScores};
use serde::{Deserialize, Serialize};

use crate::calibration::band_index;
use crate::case::Case;

/// Number of features in the cluster and similar-case space: the 20 scores and the age band
/// as an ordinal (0 for under 5 … 4 for 20–25).
pub const SPACE_FEATURES: usize = 21;

/// The 20 scores (each possibly missing) and an age band (possibly unknown, which the models
/// treat like a missing score).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    scores: [Option<u8>; 20],
    age_band: Option<AgeBand>,
}

/// A profile could not be built from the given scores.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// Not one of the 20 metric ids.
    #[error("'{0}' is not one of the 20 assessment item ids")]
    UnknownId(String),
    /// The same id twice.
    #[error("'{0}' is given more than once")]
    Duplicate(String),
    /// A score outside the item's range.
    #[error("{id}: {score} is outside 0 to {max}")]
    OutOfRange {
        /// The item id.
        id: String,
        /// The score given.
        score: i64,
        /// The item's highest score.
        max: u8,
    },
}

impl Profile {
    /// The same profile with every unscored item read as 0 (no need): the other reading of "no
    /// evidence", used to see whether a suggestion depends on items nobody has scored.
    pub fn with_unscored_as_zero(&self) -> Self {
        Profile {
            scores: self.scores.map(|s| Some(s.unwrap_or(0))),
            age_band: self.age_band,
        }
    }

    /// A profile with every score present.
    pub fn complete(scores: &NeedsScores, age_band: AgeBand) -> Self {
        let mut values = [None; 20];
        for (slot, (_, score)) in values.iter_mut().zip(scores.iter()) {
            *slot = Some(score);
        }
        Profile {
            scores: values,
            age_band: Some(age_band),
        }
    }

    /// A case's profile (always complete).
    pub fn of_case(case: &Case) -> Self {
        Self::complete(&case.scores, case.age_band)
    }

    /// A profile from `(id, score)` pairs; ids not given are missing. Unknown ids, repeats and
    /// scores out of range are errors.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, i64)>,
        age_band: impl Into<Option<AgeBand>>,
    ) -> Result<Self, ProfileError> {
        let age_band = age_band.into();
        let mut values = [None; 20];
        let mut seen = BTreeSet::new();
        for (id, score) in pairs {
            let Some(index) = MetricId::ALL.iter().position(|m| m.id() == id) else {
                return Err(ProfileError::UnknownId(id.chars().take(40).collect()));
            };
            if !seen.insert(index) {
                return Err(ProfileError::Duplicate(id.to_owned()));
            }
            let max = MetricId::ALL[index].kind().max_score();
            let value = u8::try_from(score)
                .ok()
                .filter(|v| *v <= max)
                .ok_or_else(|| ProfileError::OutOfRange {
                    id: id.to_owned(),
                    score,
                    max,
                })?;
            values[index] = Some(value);
        }
        Ok(Profile {
            scores: values,
            age_band,
        })
    }

    /// The age band, if known.
    pub fn age_band(&self) -> Option<AgeBand> {
        self.age_band
    }

    /// The score of an item, `None` when missing.
    pub fn get(&self, metric: MetricId) -> Option<u8> {
        MetricId::ALL
            .iter()
            .position(|m| *m == metric)
            .and_then(|i| self.scores[i])
    }

    /// The scores in [`MetricId::ALL`] order.
    pub fn scores(&self) -> &[Option<u8>; 20] {
        &self.scores
    }

    /// The items with no score, in questionnaire order.
    pub fn missing(&self) -> Vec<MetricId> {
        MetricId::ALL
            .iter()
            .zip(&self.scores)
            .filter(|(_, s)| s.is_none())
            .map(|(m, _)| *m)
            .collect()
    }

    /// The raw features of the cluster space: scores and the band ordinal; `None` if missing.
    pub fn space_features(&self) -> [Option<f64>; SPACE_FEATURES] {
        let mut x = [None; SPACE_FEATURES];
        for (slot, score) in x.iter_mut().zip(&self.scores) {
            *slot = score.map(f64::from);
        }
        x[20] = self.age_band.map(|band| band_index(band) as f64);
        x
    }
}

/// Per-feature means and standard deviations from a training set, to put features on one
/// scale. A feature that did not vary gets scale 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standardiser {
    /// Training means.
    pub means: Vec<f64>,
    /// Training standard deviations (population form), 1 where a feature did not vary.
    pub scales: Vec<f64>,
}

impl Standardiser {
    /// Fits means and scales to complete rows (all the same length). An empty set gives
    /// means 0 and scales 1.
    pub fn fit<const D: usize>(rows: &[[f64; D]]) -> Self {
        let n = rows.len().max(1) as f64;
        let mut means = vec![0.0; D];
        for row in rows {
            means.iter_mut().zip(row).for_each(|(m, v)| *m += v / n);
        }
        let mut variances = vec![0.0; D];
        for row in rows {
            for ((s, v), m) in variances.iter_mut().zip(row).zip(&means) {
                *s += (v - m).powi(2) / n;
            }
        }
        let scales = variances
            .iter()
            .map(|v| if v.sqrt() > 1e-9 { v.sqrt() } else { 1.0 })
            .collect();
        Standardiser { means, scales }
    }

    /// Standardises a row; a missing value becomes `None`.
    pub fn apply<const D: usize>(&self, raw: &[Option<f64>; D]) -> [Option<f64>; D] {
        let mut z = [None; D];
        for (j, (slot, value)) in z.iter_mut().zip(raw).enumerate() {
            *slot = value.map(|v| (v - self.means[j]) / self.scales[j]);
        }
        z
    }

    /// Standardises a row, imputing the training mean (0 after standardising) where missing.
    pub fn apply_imputed<const D: usize>(&self, raw: &[Option<f64>; D]) -> [f64; D] {
        self.apply(raw).map(|v| v.unwrap_or(0.0))
    }

    /// Checks the shape and numbers against `features`.
    pub fn check(&self, features: usize) -> Result<(), String> {
        let ok = self.means.len() == features
            && self.scales.len() == features
            && self.means.iter().all(|m| m.is_finite())
            && self.scales.iter().all(|s| s.is_finite() && *s > 0.0);
        if ok {
            Ok(())
        } else {
            Err(format!(
                "the standardiser needs {features} finite means and positive scales"
            ))
        }
    }
}

/// Euclidean distance between a (possibly partial) standardised row and a complete one, over
/// the present features only, multiplied by √(all / present) so that it stays on the scale of
/// a full distance. With no feature present the distance is 0.
pub fn partial_distance(query: &[Option<f64>], point: &[f64]) -> f64 {
    let mut total = 0.0;
    let mut present = 0usize;
    for (q, p) in query.iter().zip(point) {
        if let Some(q) = q {
            total += (q - p).powi(2);
            present += 1;
        }
    }
    if present == 0 {
        return 0.0;
    }
    (total * query.len() as f64 / present as f64).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_repeated_and_out_of_range_scores_are_refused() {
        let band = AgeBand::FiveToTen;
        assert!(matches!(
            Profile::from_pairs([("autism", 3)], band),
            Err(ProfileError::UnknownId(_))
        ));
        assert!(matches!(
            Profile::from_pairs([("asd", 3), ("asd", 2)], band),
            Err(ProfileError::Duplicate(_))
        ));
        assert!(matches!(
            Profile::from_pairs([("flmt_flag", 2)], band),
            Err(ProfileError::OutOfRange { max: 1, .. })
        ));
        assert!(matches!(
            Profile::from_pairs([("asd", -1)], band),
            Err(ProfileError::OutOfRange { .. })
        ));
        let profile = Profile::from_pairs([("asd", 3)], band).unwrap();
        assert_eq!(profile.get(MetricId::Asd), Some(3));
        assert_eq!(profile.get(MetricId::Sen), None);
        assert_eq!(profile.missing().len(), 19);
    }

    #[test]
    fn a_partial_distance_is_rescaled_to_the_full_number_of_features() {
        let full = partial_distance(&[Some(1.0), Some(1.0)], &[0.0, 0.0]);
        let half = partial_distance(&[Some(1.0), None], &[0.0, 5.0]);
        assert!((full - half).abs() < 1e-12);
        assert_eq!(partial_distance(&[None, None], &[3.0, 4.0]), 0.0);
    }
}
