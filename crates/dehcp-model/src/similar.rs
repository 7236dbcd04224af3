//! Similar cases: the k nearest past cases to a profile (default 5), with their distances and
//! what they received.
//!
//! Distance is Euclidean in the cluster space ([`crate::cluster`]): 20 scores and the age band
//! ordinal, standardised with the cluster model's means and scales. Missing scores are left out
//! and the distance rescaled ([`crate::profile::partial_distance`]). Ties go to the earlier case
//! in the training order. Pure: no IO.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::profile::{Profile, SPACE_FEATURES, Standardiser, partial_distance};

/// The default number of similar cases.
pub const DEFAULT_NEIGHBOURS: usize = 5;

/// One similar case and what it received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimilarCase {
    /// Its case reference (synthetic, or the council's own).
    pub case_ref: String,
    /// Standardised Euclidean distance to the profile.
    pub distance: f64,
    /// Its age band.
    pub age_band: String,
    /// Its primary need, if recorded.
    pub primary_need: Option<String>,
    /// Its secondary needs.
    pub secondary_needs: Vec<String>,
    /// The provision elements it received.
    pub provision: Vec<String>,
    /// Its outcome themes.
    pub outcomes: Vec<String>,
    /// The panel's decision: `plan` or `no_plan`.
    pub panel_decision: String,
    /// Whether it is a synthetic case.
    pub synthetic: bool,
}

/// Past cases indexed for nearest-neighbour search.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseIndex {
    standardiser: Standardiser,
    points: Vec<[f64; SPACE_FEATURES]>,
}

impl CaseIndex {
    /// Standardises `cases` with `standardiser` (the cluster model's).
    pub fn new(cases: &[Case], standardiser: Standardiser) -> Self {
        let points = cases
            .iter()
            .map(|c| standardiser.apply_imputed(&Profile::of_case(c).space_features()))
            .collect();
        CaseIndex {
            standardiser,
            points,
        }
    }

    /// The `k` nearest of `cases` (the same cases, in the same order, as given to
    /// [`CaseIndex::new`]) to `profile`, nearest first.
    pub fn nearest(&self, cases: &[Case], profile: &Profile, k: usize) -> Vec<SimilarCase> {
        let z = self.standardiser.apply(&profile.space_features());
        // The k smallest distances, kept in order as a stable sort would leave them: equal
        // distances keep the training order.
        let mut ranked: Vec<(usize, f64)> = Vec::with_capacity(k.min(self.points.len()) + 1);
        if k > 0 {
            for (i, p) in self.points.iter().enumerate() {
                let d = partial_distance(&z, p);
                let full = ranked.len() == k;
                if full
                    && ranked
                        .last()
                        .is_some_and(|last| d.total_cmp(&last.1).is_ge())
                {
                    continue;
                }
                let position = ranked.partition_point(|r| r.1.total_cmp(&d).is_le());
                ranked.insert(position, (i, d));
                ranked.truncate(k);
            }
        }
        ranked
            .into_iter()
            .filter_map(|(i, distance)| {
                let case = cases.get(i)?;
                Some(SimilarCase {
                    case_ref: case.case_ref.clone(),
                    distance,
                    age_band: case.age_band.label().to_owned(),
                    primary_need: case.primary_need.map(|n| n.code().to_owned()),
                    secondary_needs: case
                        .secondary_needs
                        .iter()
                        .map(|n| n.code().to_owned())
                        .collect(),
                    provision: case.provision_elements().iter().map(|e| e.code()).collect(),
                    outcomes: case.outcomes.iter().map(|o| o.id().to_owned()).collect(),
                    panel_decision: case.panel_decision.id().to_owned(),
                    synthetic: case.synthetic,
                })
            })
            .collect()
    }
}
