//! Similar cases: the k nearest past cases to a profile (default 5), with their distances and
//! what they received.
//!
//! Distance is Euclidean in the cluster space ([`crate::cluster`]): 20 scores and the age band
//! ordinal, standardised with the cluster model's means and scales. Missing scores are left out
//! and the distance rescaled ([`crate::profile::partial_distance`]). Ties go to the earlier case
//! in the training order.
//!
//! **Speed.** A complete query (no missing score) is answered by a fast path that returns exactly
//! what the full scan returns, distances bit for bit: a cheap lower bound from the points'
//! projections on the principal axes of the indexed cases is computed for every case, and the
//! full distance only for cases whose bound could still enter the k nearest (`crate::nearest`).
//! The bounds are scanned in blocks of 8, a block skipped with one vector comparison when none
//! of its bounds passes, and the square root is taken only for a case that could still enter.
//! Queries with missing scores scan every case with the rescaled partial distance. Pure: no IO.

use serde::{Deserialize, Serialize};

use crate::case::Case;
use crate::nearest::{
    Projections, SIMILAR_AXES, may_beat_margin, principal_axes, project, squared_distance,
};
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
    /// Principal axes of `points`, for the lower bound.
    axes: [[f64; SPACE_FEATURES]; SIMILAR_AXES],
    /// Each point's projections on `axes`.
    projections: Projections<SIMILAR_AXES>,
}

/// How many candidates with the smallest lower bounds are measured first, times k, to start the
/// fast path with a tight k-th distance.
const SEED_FACTOR: usize = 2;

/// The distance [`partial_distance`] gives when every feature is present, bit for bit (it
/// rescales by `len / present`, here `21 / 21`, in that order).
#[inline]
fn full_distance(query: &[f64; SPACE_FEATURES], point: &[f64; SPACE_FEATURES]) -> f64 {
    rescaled_squared(query, point).sqrt()
}

/// The square of [`full_distance`] before its square root, rounded as it rounds.
#[inline]
fn rescaled_squared(query: &[f64; SPACE_FEATURES], point: &[f64; SPACE_FEATURES]) -> f64 {
    let features = SPACE_FEATURES as f64;
    squared_distance(query, point) * features / features
}

/// A value `v` such that any `t > v` has `t.sqrt()` above the k-th distance held, so it cannot
/// enter `ranked` (the square root is correctly rounded, hence monotone): the square of the
/// next number above that distance, when its square root is checked to be above it, else +∞.
/// +∞ while fewer than `k` are held.
fn sqrt_cutoff(ranked: &[(usize, f64)], k: usize) -> f64 {
    match ranked.last() {
        Some(&(_, last)) if ranked.len() == k => {
            let above = last.next_up();
            let v = above * above;
            if v.sqrt() > last { v } else { f64::INFINITY }
        }
        _ => f64::INFINITY,
    }
}

/// Bounds are scanned in blocks of this many, each block skipped whole when none of its bounds
/// passes.
const BLOCK: usize = 8;

/// The single-precision number `t` such that, for every `f32` bound `b`,
/// [`passes`]`(b, t)` exactly when [`may_beat`](crate::nearest::may_beat)`(b, limit, slack)`: the largest `f32`
/// not above the margin it compares with (NaN when that margin is NaN, which lets everything
/// through, as it does).
fn bound_threshold(limit: f64, slack: f64) -> f32 {
    let margin = may_beat_margin(limit, slack);
    let t = margin as f32;
    if f64::from(t) > margin {
        t.next_down()
    } else {
        t
    }
}

/// Whether a bound passes a threshold from [`bound_threshold`]: not above it (NaN passes).
#[inline]
#[allow(
    clippy::neg_cmp_op_on_partial_ord,
    reason = "NaN must pass, and this form keeps the block loop a vector comparison"
)]
fn passes(bound: f32, threshold: f32) -> bool {
    !(bound > threshold)
}

/// Inserts `(i, d)` into `ranked` (ordered by distance, then index), keeping at most `k`.
fn insert_ranked(ranked: &mut Vec<(usize, f64)>, k: usize, i: usize, d: f64) {
    let key = |r: &(usize, f64)| (r.1, r.0);
    let before = |r: &(usize, f64)| {
        let (rd, ri) = key(r);
        rd.total_cmp(&d).then(ri.cmp(&i)).is_lt()
    };
    if ranked.len() == k && ranked.last().is_some_and(before) {
        return;
    }
    let position = ranked.partition_point(before);
    ranked.insert(position, (i, d));
    ranked.truncate(k);
}

impl CaseIndex {
    /// Standardises `cases` with `standardiser` (the cluster model's).
    pub fn new(cases: &[Case], standardiser: Standardiser) -> Self {
        let points: Vec<[f64; SPACE_FEATURES]> = cases
            .iter()
            .map(|c| standardiser.apply_imputed(&Profile::of_case(c).space_features()))
            .collect();
        let axes = principal_axes(&points);
        let projections = Projections::of(&axes, &points);
        CaseIndex {
            standardiser,
            points,
            axes,
            projections,
        }
    }

    /// The `k` nearest points to a complete standardised query, as `(index, distance)` ordered
    /// by distance then index: the same as [`CaseIndex::scan`], computed with lower bounds.
    fn nearest_complete(&self, query: &[f64; SPACE_FEATURES], k: usize) -> Vec<(usize, f64)> {
        let mut ranked: Vec<(usize, f64)> = Vec::with_capacity(k.min(self.points.len()) + 1);
        if k == 0 {
            return ranked;
        }
        let q = project(&self.axes, query);
        let mut bounds = Vec::new();
        let slack = self.projections.bounds(&q, &mut bounds);
        // Whole blocks: +∞ past the last point.
        bounds.resize(self.points.len().div_ceil(BLOCK) * BLOCK, f32::INFINITY);
        // Measure the few cases with the smallest bounds first, for a tight k-th distance.
        let seeded = smallest(&bounds, self.points.len(), k.saturating_mul(SEED_FACTOR));
        for &i in &seeded {
            insert_ranked(&mut ranked, k, i, full_distance(query, &self.points[i]));
        }
        let limit_of = |ranked: &[(usize, f64)]| match ranked.last() {
            Some(last) if ranked.len() == k => last.1 * last.1,
            _ => f64::INFINITY,
        };
        let mut limit = limit_of(&ranked);
        let mut threshold = bound_threshold(limit, slack);
        let mut cutoff = sqrt_cutoff(&ranked, k);
        // Whole blocks of bounds above the threshold are skipped with one vector comparison.
        for (c, chunk) in bounds.chunks_exact(BLOCK).enumerate() {
            if !chunk
                .iter()
                .fold(false, |any, b| any | passes(*b, threshold))
            {
                continue;
            }
            for (l, bound) in chunk.iter().enumerate() {
                let i = c * BLOCK + l;
                if !passes(*bound, threshold) || i >= self.points.len() || seeded.contains(&i) {
                    continue;
                }
                let t = rescaled_squared(query, &self.points[i]);
                if t > cutoff {
                    continue;
                }
                insert_ranked(&mut ranked, k, i, t.sqrt());
                limit = limit_of(&ranked);
                threshold = bound_threshold(limit, slack);
                cutoff = sqrt_cutoff(&ranked, k);
            }
        }
        ranked
    }

    /// The `k` nearest points to a standardised query by a full scan, as `(index, distance)`
    /// ordered by distance then index.
    fn scan(&self, z: &[Option<f64>; SPACE_FEATURES], k: usize) -> Vec<(usize, f64)> {
        let mut ranked: Vec<(usize, f64)> = Vec::with_capacity(k.min(self.points.len()) + 1);
        if k > 0 {
            for (i, p) in self.points.iter().enumerate() {
                insert_ranked(&mut ranked, k, i, partial_distance(z, p));
            }
        }
        ranked
    }

    /// The `k` nearest of `cases` (the same cases, in the same order, as given to
    /// [`CaseIndex::new`]) to `profile`, nearest first.
    pub fn nearest(&self, cases: &[Case], profile: &Profile, k: usize) -> Vec<SimilarCase> {
        let z = self.standardiser.apply(&profile.space_features());
        let complete: Option<[f64; SPACE_FEATURES]> = z
            .iter()
            .copied()
            .collect::<Option<Vec<f64>>>()
            .and_then(|v| v.try_into().ok());
        let ranked = match complete {
            Some(query) => self.nearest_complete(&query, k),
            None => self.scan(&z, k),
        };
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

/// The indices of (about) the `m` smallest of the first `len` of `values` (read in whole
/// blocks of [`BLOCK`]; a tail past the last whole block is not read), found with plain comparisons: which
/// ones are picked only affects speed, never a result.
fn smallest(values: &[f32], len: usize, m: usize) -> Vec<usize> {
    let mut out: Vec<(usize, f32)> = Vec::with_capacity(m + 1);
    if m == 0 {
        return Vec::new();
    }
    let mut worst = f32::INFINITY;
    for (c, chunk) in values.chunks_exact(BLOCK).enumerate() {
        // Once `m` are held, a block with nothing below the worst of them is skipped whole.
        if out.len() == m && !chunk.iter().fold(false, |any, v| any | (*v < worst)) {
            continue;
        }
        for (l, v) in chunk.iter().enumerate() {
            let i = c * BLOCK + l;
            if i >= len || out.len() == m && v.partial_cmp(&worst) != Some(std::cmp::Ordering::Less)
            {
                continue;
            }
            let position = out.partition_point(|r| r.1 <= *v);
            out.insert(position, (i, *v));
            out.truncate(m);
            if out.len() == m {
                worst = out.last().map_or(f32::INFINITY, |r| r.1);
            }
        }
    }
    out.into_iter().map(|r| r.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::population::Generator;
    use time::{Date, Month};

    #[test]
    fn the_fast_path_returns_exactly_what_a_full_scan_returns() {
        let reference = Date::from_calendar_date(2026, Month::January, 15).unwrap();
        let cases = Generator::builtin()
            .unwrap()
            .generate(1500, 7, reference)
            .unwrap()
            .cases;
        let raw: Vec<[f64; SPACE_FEATURES]> = cases
            .iter()
            .map(|c| {
                Profile::of_case(c)
                    .space_features()
                    .map(|v| v.unwrap_or(0.0))
            })
            .collect();
        let index = CaseIndex::new(&cases, Standardiser::fit(&raw));
        for (q, case) in cases.iter().enumerate().step_by(7) {
            let z = index
                .standardiser
                .apply(&Profile::of_case(case).space_features());
            let query = z.map(|v| v.unwrap_or(0.0));
            for k in [1, 5, 12] {
                let fast = index.nearest_complete(&query, k);
                let full = index.scan(&z, k);
                assert_eq!(fast, full, "case {q}, k {k}");
            }
        }
        // Fewer cases than asked for, and a last block only partly filled.
        for size in [1, 3, 9, 13] {
            let small = CaseIndex::new(&cases[..size], index.standardiser.clone());
            for case in &cases[..20] {
                let z = small
                    .standardiser
                    .apply(&Profile::of_case(case).space_features());
                let query = z.map(|v| v.unwrap_or(0.0));
                for k in [1, 5, 12] {
                    assert_eq!(
                        small.nearest_complete(&query, k),
                        small.scan(&z, k),
                        "{size} cases, k {k}"
                    );
                }
            }
        }
    }
}
