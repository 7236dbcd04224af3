//! Needs clusters: Ward hierarchical clustering of cases on standardised scores and age, the
//! dendrogram as data, a cut into k clusters (default 10), cluster profiles, the "no EHCP"
//! cluster, and assignment of a new profile to the nearest cluster.
//!
//! **Space.** Each case is 21 numbers: the 20 scores and the age band as an ordinal (0 for
//! under 5 … 4 for 20–25), each standardised with the training mean and standard deviation
//! ([`crate::profile::Standardiser`]). Every case takes part, plans and no-plan decisions alike.
//!
//! **Algorithm.** Ward linkage by the nearest-neighbour chain over the clusters' centroids
//! (the "stored data" form): the Ward distance between clusters A and B is
//! `2·|A|·|B|/(|A|+|B|) · ‖c_A − c_B‖²`, the same quantity the Lance–Williams update
//! `d(k, i∪j) = ((nᵢ+nₖ) d(k,i) + (nⱼ+nₖ) d(k,j) − nₖ d(i,j)) / (nᵢ+nⱼ+nₖ)` keeps on a distance
//! matrix (squared Euclidean distance for two single cases). A merge's height is the square root
//! of that distance, as in SciPy's `ward` (two single cases merge at their Euclidean distance).
//! Each nearest-neighbour search first computes, for every active cluster, a cheap lower bound
//! from the centroids' projections on the twelve principal axes of the data (in single
//! precision, compared with a margin for rounding), and the full distance only where the bound
//! could still win (`crate::nearest`); the result is that of a full scan.
//! Ties are broken deterministically: the chain prefers its previous element, then the cluster
//! holding the lowest case index. The merges are then put in height order (children always
//! before parents) and numbered as SciPy does: cases are `0..n`, the cluster made by merge `t`
//! is `n + t`. Heights agree with the distance-matrix form to rounding (a test checks 1e-9
//! relative against it).
//!
//! **Limits.** Memory grows with `n` only (the centroids, their projections and the merges: a
//! few megabytes for 10,000 cases); time grows with `n²`. [`MAX_CLUSTER_CASES`] is 100,000.
//!
//! **Cut.** k clusters are made by applying the first `n − k` merges. k is either fixed
//! (default 10: the seed's 9 needs clusters and "no EHCP") or chosen as the k within a range
//! with the largest gap between the last merge applied and the next one (the most "natural"
//! place to cut the tree); ties go to the smaller k.
//!
//! **"No EHCP".** A cluster is the "no EHCP" cluster when more than half of its cases had a
//! no-plan panel decision. If no cluster qualifies (for example a council's history without
//! no-plan rows), the cluster with the lowest mean gate score is flagged when that mean is below
//! the gate's threshold ([`crate::threshold`]); otherwise none is.
//!
//! **Assignment.** A new profile goes to the nearest centroid (Euclidean distance in the
//! standardised space; missing scores are left out and the distance rescaled, see
//! [`crate::profile::partial_distance`]). Confidence is `1 − d₁/d₂`, where d₁ and d₂ are the
//! distances to the nearest and second-nearest centroid: 0 when the profile is halfway between
//! two clusters, near 1 when it sits on one centroid. The cluster's typical distance (90th
//! percentile of its members' distances to the centroid) says whether the profile is within
//! the cluster's usual spread. When items are unscored, the profile is assigned a second time
//! with them read as 0 (no need); if that gives a different cluster the assignment is marked
//! not settled, and a plan does not offer it.
//!
//! Clusters are numbered 1 to k by size, largest first (ties: the cluster holding the lower
//! case index first). Pure: no IO.

use dehcp_domain::{AgeBand, MetricId, ProvisionElement, Sen2Need};
use serde::{Deserialize, Serialize};

use crate::calibration::{band_index, need_index};
use crate::case::{Case, PanelDecision};
use crate::nearest::{
    Projections, WARD_AXES, may_beat, may_beat_margin, principal_axes, project, squared_distance,
};
use crate::profile::{Profile, SPACE_FEATURES, Standardiser, partial_distance};
use crate::threshold::Gate;

/// The most cases clustered at once (time grows with the square of the number of cases).
pub const MAX_CLUSTER_CASES: usize = 100_000;

/// The default number of clusters: 9 needs clusters and "no EHCP", as in the seed.
pub const DEFAULT_CLUSTERS: usize = 10;

/// One merge of the dendrogram, SciPy-style.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Merge {
    /// The smaller id merged: a case index (below n) or `n + t` for the cluster of merge `t`.
    pub a: usize,
    /// The larger id merged.
    pub b: usize,
    /// The Ward distance at which they merged.
    pub height: f64,
    /// Cases in the merged cluster.
    pub size: usize,
}

/// How many clusters to cut the tree into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClusterCount {
    /// Exactly this many.
    Fixed(usize),
    /// The k in `min..=max` with the largest gap in merge heights.
    LargestGap {
        /// Smallest k considered.
        min: usize,
        /// Largest k considered.
        max: usize,
    },
}

impl Default for ClusterCount {
    fn default() -> Self {
        ClusterCount::Fixed(DEFAULT_CLUSTERS)
    }
}

/// A share or mean with its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Named {
    /// A metric id, age band, SEN2 code or provision code.
    pub id: String,
    /// The value.
    pub value: f64,
}

/// One cluster and what its cases look like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterProfile {
    /// 1 to k, largest cluster first.
    pub id: usize,
    /// Whether this is the "no EHCP" cluster (see the module documentation).
    pub no_ehcp: bool,
    /// A short description: the leading primary need and age band, or "no EHCP".
    pub label: String,
    /// Cases in the cluster.
    pub size: usize,
    /// Share of its cases with a no-plan panel decision.
    pub no_plan_share: f64,
    /// Mean gate score of its cases.
    pub mean_gate_score: f64,
    /// Mean of each of the 20 scores, in questionnaire order.
    pub mean_scores: Vec<Named>,
    /// Share of its cases in each age band, youngest first.
    pub age_bands: Vec<Named>,
    /// Share of its cases with each primary need (needs present only, largest first).
    pub primary_needs: Vec<Named>,
    /// Share of its cases that received each of SP1–SP13.
    pub provision_rates: Vec<Named>,
    /// The centroid in the standardised space (21 numbers).
    pub centroid: Vec<f64>,
    /// 90th percentile of its members' distances to the centroid.
    pub typical_distance: f64,
}

/// Trained needs clusters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterModel {
    /// Cases clustered.
    pub cases: usize,
    /// The number of clusters.
    pub k: usize,
    /// How k was chosen, in words.
    pub criterion: String,
    /// The gate used to describe clusters and to find "no EHCP" when no cluster is mostly
    /// no-plan.
    pub gate: Gate,
    /// Means and scales of the 21 features.
    pub standardiser: Standardiser,
    /// The clusters, numbered 1 to k.
    pub clusters: Vec<ClusterProfile>,
    /// The full dendrogram, `cases − 1` merges in height order.
    pub dendrogram: Vec<Merge>,
}

/// Where a new profile falls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    /// The nearest cluster's id.
    pub id: usize,
    /// Whether it is the "no EHCP" cluster.
    pub no_ehcp: bool,
    /// Its label.
    pub label: String,
    /// Distance to its centroid.
    pub distance: f64,
    /// Distance to the second-nearest centroid.
    pub second_distance: f64,
    /// `1 − distance / second_distance` (0 to 1).
    pub confidence: f64,
    /// Whether the distance is within the cluster's typical distance.
    pub within_typical: bool,
    /// How many of the 20 items had no score (left out of the distance).
    #[serde(default)]
    pub unscored: usize,
    /// Whether the nearest cluster stays the same when every unscored item is read as 0 (no
    /// need) instead of being left out. Always true when every item is scored. When false, the
    /// cluster depends on items nobody has scored yet and should not be offered as a suggestion.
    #[serde(default = "settled_by_default")]
    pub settled: bool,
}

pub(crate) fn settled_by_default() -> bool {
    true
}

/// Clusters could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClusterError {
    /// Too few or too many cases.
    #[error("clustering needs between 2 and {max} cases, not {cases}")]
    Cases {
        /// Cases given.
        cases: usize,
        /// [`MAX_CLUSTER_CASES`].
        max: usize,
    },
    /// A k that the cases cannot give.
    #[error("cannot cut {cases} cases into {k} clusters (k must be 1 to the number of cases)")]
    Count {
        /// k asked for (or the bad end of a range).
        k: usize,
        /// Cases given.
        cases: usize,
    },
    /// A stored model whose parts do not fit.
    #[error("the cluster model is inconsistent: {0}")]
    Inconsistent(String),
}

/// Ward linkage of `points` by the nearest-neighbour chain over the clusters' centroids: `n − 1`
/// merges in height order, numbered SciPy-style. Fewer than 2 points give no merges.
pub fn ward<const D: usize>(points: &[[f64; D]]) -> Vec<Merge> {
    let n = points.len();
    if n < 2 {
        return Vec::new();
    }
    let axes: [[f64; D]; WARD_AXES] = principal_axes(points);
    // The active clusters, stored contiguously by position; `slot` names a cluster by the lowest
    // case index it holds, and `position` finds a slot's row.
    let mut slot: Vec<usize> = (0..n).collect();
    let mut position: Vec<usize> = (0..n).collect();
    let mut centre: Vec<[f64; D]> = points.to_vec();
    let mut projection = Projections::of(&axes, points);
    let mut count: Vec<f64> = vec![1.0; n];
    let mut bounds: Vec<f32> = Vec::with_capacity(n + 8);
    // Raw merges in the order found: (slot a, slot b, height, size).
    let mut found: Vec<(usize, usize, f64, usize)> = Vec::with_capacity(n - 1);
    let mut last_merge: Vec<Option<usize>> = vec![None; n];
    let mut effective: Vec<f64> = Vec::with_capacity(n - 1);
    let mut chain: Vec<usize> = Vec::new();
    while found.len() < n - 1 {
        if chain.is_empty() {
            // The lowest slot still active.
            let Some(first) = slot.iter().min() else {
                break;
            };
            chain.push(*first);
        }
        let (a, b, d_ab) = loop {
            let len = chain.len();
            let a = chain[len - 1];
            let previous = (len >= 2).then(|| chain[len - 2]);
            let active = Active {
                slot: &slot,
                centre: &centre,
                projection: &projection,
                axes: &axes,
                count: &count,
            };
            let best = active.nearest(position[a], previous.map(|p| position[p]), &mut bounds);
            let Some((b_at, d)) = best else {
                break (a, a, 0.0);
            };
            let b = slot[b_at];
            if Some(b) == previous {
                break (a, b, d);
            }
            chain.push(b);
        };
        if a == b {
            break;
        }
        chain.truncate(chain.len() - 2);
        let (keep, gone) = if a < b { (a, b) } else { (b, a) };
        let (at_keep, at_gone) = (position[keep], position[gone]);
        let (n_keep, n_gone) = (count[at_keep], count[at_gone]);
        let total = n_keep + n_gone;
        let merged: [f64; D] = std::array::from_fn(|i| {
            (n_keep * centre[at_keep][i] + n_gone * centre[at_gone][i]) / total
        });
        centre[at_keep] = merged;
        projection.set(at_keep, project(&axes, &merged));
        count[at_keep] = total;
        // Remove `gone` by moving the last row into its place.
        slot.swap_remove(at_gone);
        centre.swap_remove(at_gone);
        projection.swap_remove(at_gone);
        count.swap_remove(at_gone);
        if let Some(moved) = slot.get(at_gone) {
            position[*moved] = at_gone;
        }
        let height = d_ab.max(0.0).sqrt();
        let children = [last_merge[keep], last_merge[gone]];
        let floor = children
            .iter()
            .flatten()
            .map(|m| effective[*m])
            .fold(height, f64::max);
        effective.push(floor);
        last_merge[keep] = Some(found.len());
        found.push((keep, gone, floor, total as usize));
    }
    // Height order; the stable sort keeps children (found earlier, never higher) first.
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|x, y| found[*x].2.total_cmp(&found[*y].2));
    let mut parent: Vec<usize> = (0..n).collect();
    let mut node: Vec<usize> = (0..n).collect();
    let mut merges = Vec::with_capacity(found.len());
    for (t, index) in order.into_iter().enumerate() {
        let (a, b, height, size) = found[index];
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        let (na, nb) = (node[ra], node[rb]);
        parent[rb] = ra;
        node[ra] = n + t;
        merges.push(Merge {
            a: na.min(nb),
            b: na.max(nb),
            height,
            size,
        });
    }
    merges
}

/// Ward distance between the clusters at rows `i` and `j`: `2·nᵢ·nⱼ/(nᵢ+nⱼ)·‖cᵢ − cⱼ‖²`, the
/// Lance–Williams quantity (squared Euclidean distance for two single cases). The same from
/// either side, bit for bit.
#[inline]
fn ward_distance<const D: usize>(centre: &[[f64; D]], count: &[f64], i: usize, j: usize) -> f64 {
    let (ni, nj) = (count[i], count[j]);
    2.0 * (ni * nj) / (ni + nj) * squared_distance(&centre[i], &centre[j])
}

/// The active clusters during [`ward`], by row.
struct Active<'a, const D: usize> {
    /// Each row's slot: the lowest case index in the cluster.
    slot: &'a [usize],
    /// Centroids.
    centre: &'a [[f64; D]],
    /// The centroids' projections on `axes`.
    projection: &'a Projections<WARD_AXES>,
    /// The principal axes of the points.
    axes: &'a [[f64; D]; WARD_AXES],
    /// Cases in each cluster.
    count: &'a [f64],
}

impl<const D: usize> Active<'_, D> {
    /// The nearest active cluster to the one at row `at` and its Ward distance: `previous` (a
    /// row) when it is among the nearest, otherwise the nearest with the lowest slot. `None`
    /// when `at` is the only cluster. `bounds` is scratch space.
    fn nearest(
        &self,
        at: usize,
        previous: Option<usize>,
        bounds: &mut Vec<f32>,
    ) -> Option<(usize, f64)> {
        let (slot, centre, count) = (self.slot, self.centre, self.count);
        let len = slot.len();
        let slack = self
            .projection
            .bounds(&project(self.axes, &centre[at]), bounds);
        // Whole blocks (+∞ past the last row), for the block test below.
        bounds.resize(len.div_ceil(BLOCK) * BLOCK, f32::INFINITY);
        let blocks: &[f32] = bounds;
        let bounds = blocks.get(..len).unwrap_or_default();
        // Ward's weight 2·nₐ·n/(nₐ+n) grows with n, so n = 1 gives a lower bound for every
        // cluster.
        let n_at = count[at];
        let weight = 2.0 * n_at / (n_at + 1.0);
        // (row, distance, whether it is `previous`)
        let mut best: Option<(usize, f64, bool)> = match previous {
            Some(p) => Some((p, ward_distance(centre, count, at, p), true)),
            None => bounds
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != at)
                .min_by(|x, y| x.1.total_cmp(y.1))
                .map(|(j, _)| (j, ward_distance(centre, count, at, j), false)),
        };
        let (_, first, _) = best?;
        let mut threshold = block_threshold(weight, may_beat_margin(first, weight * slack));
        for (c, chunk) in blocks.chunks_exact(BLOCK).enumerate() {
            // A block none of whose bounds is at or below `threshold` has no candidate that
            // `may_beat` would let through: skipped whole, with one vector comparison.
            if !chunk
                .iter()
                .fold(false, |any, b| any | passes(*b, threshold))
            {
                continue;
            }
            for (l, bound) in chunk.iter().enumerate() {
                let j = c * BLOCK + l;
                let Some((b, bd, is_previous)) = best else {
                    break;
                };
                if j >= len
                    || j == at
                    || j == b
                    || !may_beat(weight * f64::from(*bound), bd, weight * slack)
                {
                    continue;
                }
                let d = ward_distance(centre, count, at, j);
                if d < bd || (d == bd && !is_previous && slot[j] < slot[b]) {
                    best = Some((j, d, false));
                    threshold = block_threshold(weight, may_beat_margin(d, weight * slack));
                }
            }
        }
        best.map(|(b, d, _)| (b, d))
    }
}

/// Bounds are tested in blocks of this many in [`Active::nearest`].
const BLOCK: usize = 8;

/// A single-precision number at or above every bound `b` for which
/// `weight · b ≤ margin` in double precision (`weight` ≥ 1, as Ward's is), so a bound above
/// it cannot pass [`may_beat`]; NaN (which lets everything through) when `margin` is NaN.
fn block_threshold(weight: f64, margin: f64) -> f32 {
    // `weight · b` is rounded down by at most a relative 2⁻⁵³ and the quotient by as much:
    // the factor covers both with room to spare, and the step up covers the rounding to
    // single precision (to nearest, so possibly down).
    (((margin / weight) * (1.0 + 1e-9)) as f32).next_up()
}

/// Whether a bound passes a threshold from [`block_threshold`]: not above it (NaN passes).
#[inline]
#[allow(
    clippy::neg_cmp_op_on_partial_ord,
    reason = "NaN must pass, and this form keeps the block loop a vector comparison"
)]
fn passes(bound: f32, threshold: f32) -> bool {
    !(bound > threshold)
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

/// Cuts a dendrogram of `n` cases into `k` clusters: a label per case, `0..k`, numbered in
/// order of each cluster's lowest case index.
pub fn cut(merges: &[Merge], n: usize, k: usize) -> Vec<usize> {
    let k = k.clamp(1, n.max(1));
    // Node id → a case it contains, to union by cases.
    let mut member: Vec<usize> = (0..n).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    for (t, merge) in merges.iter().take(n.saturating_sub(k)).enumerate() {
        let (a, b) = (member[merge.a], member[merge.b]);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[rb] = ra;
        member.push(ra);
        debug_assert_eq!(member.len(), n + t + 1);
    }
    let mut label_of_root = vec![usize::MAX; n];
    let mut next = 0;
    (0..n)
        .map(|i| {
            let root = find(&mut parent, i);
            if label_of_root[root] == usize::MAX {
                label_of_root[root] = next;
                next += 1;
            }
            label_of_root[root]
        })
        .collect()
}

/// The k in `min..=max` with the largest gap between the height of the last merge applied and
/// the next one; ties go to the smaller k. Clamped to what `n` cases allow.
pub fn largest_gap(merges: &[Merge], min: usize, max: usize) -> usize {
    let n = merges.len() + 1;
    let max = max.min(n - 1);
    let mut best = (min.max(1), f64::NEG_INFINITY);
    for k in min.max(1)..=max {
        // Applying n − k merges: the last applied is n − k − 1, the next is n − k.
        let (Some(next), Some(last)) = (merges.get(n - k), merges.get(n - k - 1)) else {
            continue;
        };
        let gap = next.height - last.height;
        if gap > best.1 {
            best = (k, gap);
        }
    }
    best.0
}

fn percentile_90(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64) * 0.9).ceil() as usize;
    values[index.clamp(1, values.len()) - 1]
}

impl ClusterModel {
    /// Clusters `cases` with Ward linkage and cuts the tree as `count` says.
    pub fn fit(cases: &[Case], count: ClusterCount, gate: Gate) -> Result<Self, ClusterError> {
        let n = cases.len();
        if !(2..=MAX_CLUSTER_CASES).contains(&n) {
            return Err(ClusterError::Cases {
                cases: n,
                max: MAX_CLUSTER_CASES,
            });
        }
        let raw: Vec<[f64; SPACE_FEATURES]> = cases
            .iter()
            .map(|c| {
                Profile::of_case(c)
                    .space_features()
                    .map(|v| v.unwrap_or(0.0))
            })
            .collect();
        let standardiser = Standardiser::fit(&raw);
        let points: Vec<[f64; SPACE_FEATURES]> = raw
            .iter()
            .map(|row| standardiser.apply_imputed(&row.map(Some)))
            .collect();
        let dendrogram = ward(&points);
        let (k, criterion) = match count {
            ClusterCount::Fixed(k) => {
                if k == 0 || k > n {
                    return Err(ClusterError::Count { k, cases: n });
                }
                (k, format!("fixed: k = {k}"))
            }
            ClusterCount::LargestGap { min, max } => {
                if min == 0 || min > max || max >= n {
                    return Err(ClusterError::Count { k: max, cases: n });
                }
                let k = largest_gap(&dendrogram, min, max);
                (
                    k,
                    format!("largest gap in merge heights for k from {min} to {max}: k = {k}"),
                )
            }
        };
        let labels = cut(&dendrogram, n, k);
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); k];
        for (i, label) in labels.iter().enumerate() {
            members[*label].push(i);
        }
        // Largest first; equal sizes keep the order of their lowest case index.
        members.sort_by_key(|m| std::cmp::Reverse(m.len()));
        let mut clusters: Vec<ClusterProfile> = members
            .iter()
            .enumerate()
            .map(|(i, m)| profile(i + 1, m, cases, &points, &gate))
            .collect();
        mark_no_ehcp(&mut clusters, &gate);
        Ok(ClusterModel {
            cases: n,
            k,
            criterion,
            gate,
            standardiser,
            clusters,
            dendrogram,
        })
    }

    /// Assigns a profile to its nearest cluster.
    pub fn assign(&self, profile: &Profile) -> Assignment {
        let z = self.standardiser.apply(&profile.space_features());
        let unscored = profile.missing().len();
        // The same profile with every unscored item read as "no need": if its nearest cluster
        // differs, the suggestion depends on what nobody has scored yet.
        let settled = unscored == 0 || {
            let zeroed = profile.with_unscored_as_zero().space_features();
            self.nearest_index(&z) == self.nearest_index(&self.standardiser.apply(&zeroed))
        };
        let mut ranked: Vec<(usize, f64)> = self
            .clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (i, partial_distance(&z, &c.centroid)))
            .collect();
        ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (index, distance) = ranked.first().copied().unwrap_or((0, 0.0));
        let second = ranked.get(1).map_or(distance, |r| r.1);
        let cluster = &self.clusters[index.min(self.clusters.len().saturating_sub(1))];
        Assignment {
            id: cluster.id,
            no_ehcp: cluster.no_ehcp,
            label: cluster.label.clone(),
            distance,
            second_distance: second,
            confidence: if second > 0.0 {
                (1.0 - distance / second).clamp(0.0, 1.0)
            } else {
                0.0
            },
            within_typical: distance <= cluster.typical_distance,
            unscored,
            settled,
        }
    }

    /// The index of the nearest centroid (ties: the earlier cluster).
    fn nearest_index(&self, z: &[Option<f64>; SPACE_FEATURES]) -> usize {
        self.clusters
            .iter()
            .enumerate()
            .map(|(i, c)| (i, partial_distance(z, &c.centroid)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0, |(i, _)| i)
    }

    /// Checks a stored model's shapes and numbers.
    pub fn check(&self) -> Result<(), ClusterError> {
        let bad = |m: &str| Err(ClusterError::Inconsistent(m.to_owned()));
        self.standardiser
            .check(SPACE_FEATURES)
            .map_err(ClusterError::Inconsistent)?;
        if self.clusters.len() != self.k || self.k == 0 {
            return bad("the number of clusters is not k");
        }
        if self.clusters.iter().any(|c| {
            c.centroid.len() != SPACE_FEATURES
                || c.centroid.iter().any(|v| !v.is_finite())
                || !c.typical_distance.is_finite()
        }) {
            return bad("a centroid is not 21 finite numbers");
        }
        if self.dendrogram.len() + 1 != self.cases {
            return bad("the dendrogram does not have one merge fewer than the cases");
        }
        let n = self.cases;
        if self
            .dendrogram
            .iter()
            .enumerate()
            .any(|(t, m)| m.a >= m.b || m.b >= n + t || !m.height.is_finite())
        {
            return bad("a merge refers to a cluster not yet made");
        }
        Ok(())
    }
}

fn profile(
    id: usize,
    members: &[usize],
    cases: &[Case],
    points: &[[f64; SPACE_FEATURES]],
    gate: &Gate,
) -> ClusterProfile {
    let size = members.len();
    let n = size.max(1) as f64;
    let mut centroid = vec![0.0; SPACE_FEATURES];
    let mut mean_scores = [0.0; 20];
    let mut bands = [0.0; 5];
    let mut needs = [0.0; 13];
    let mut provision = [0.0; 13];
    let mut no_plan = 0.0;
    let mut gate_total = 0.0;
    for &i in members {
        let case = &cases[i];
        centroid
            .iter_mut()
            .zip(&points[i])
            .for_each(|(c, v)| *c += v / n);
        for (m, (_, s)) in mean_scores.iter_mut().zip(case.scores.iter()) {
            *m += f64::from(s) / n;
        }
        bands[band_index(case.age_band)] += 1.0 / n;
        if let Some(need) = case.primary_need {
            needs[need_index(need)] += 1.0 / n;
        }
        for (p, got) in provision.iter_mut().zip(case.provision) {
            *p += f64::from(u8::from(got)) / n;
        }
        if case.panel_decision == PanelDecision::NoPlan {
            no_plan += 1.0 / n;
        }
        gate_total += gate.score(&Profile::of_case(case)) / n;
    }
    let distances: Vec<f64> = members
        .iter()
        .map(|&i| {
            points[i]
                .iter()
                .zip(&centroid)
                .map(|(a, b)| (a - b).powi(2))
                .sum::<f64>()
                .sqrt()
        })
        .collect();
    let mut primary_needs: Vec<Named> = Sen2Need::ALL
        .iter()
        .zip(needs)
        .filter(|(_, share)| *share > 0.0)
        .map(|(need, share)| Named {
            id: need.code().to_owned(),
            value: share,
        })
        .collect();
    primary_needs.sort_by(|a, b| b.value.total_cmp(&a.value));
    let top_band = AgeBand::ALL
        .iter()
        .zip(bands)
        .fold((AgeBand::FiveToTen, -1.0), |best, (band, share)| {
            if share > best.1 { (*band, share) } else { best }
        })
        .0;
    let label = match primary_needs.first() {
        Some(top) => format!(
            "mostly {} ({:.0}%), most often {}",
            top.id,
            top.value * 100.0,
            top_band.label()
        ),
        None => "no primary need recorded".to_owned(),
    };
    ClusterProfile {
        id,
        no_ehcp: false,
        label,
        size,
        no_plan_share: no_plan,
        mean_gate_score: gate_total,
        mean_scores: MetricId::ALL
            .iter()
            .zip(mean_scores)
            .map(|(m, v)| Named {
                id: m.id().to_owned(),
                value: v,
            })
            .collect(),
        age_bands: AgeBand::ALL
            .iter()
            .zip(bands)
            .map(|(b, v)| Named {
                id: b.label().to_owned(),
                value: v,
            })
            .collect(),
        primary_needs,
        provision_rates: ProvisionElement::ALL
            .iter()
            .zip(provision)
            .map(|(e, v)| Named {
                id: e.code(),
                value: v,
            })
            .collect(),
        centroid,
        typical_distance: percentile_90(distances),
    }
}

fn mark_no_ehcp(clusters: &mut [ClusterProfile], gate: &Gate) {
    let mut any = false;
    for cluster in clusters.iter_mut() {
        if cluster.no_plan_share > 0.5 {
            cluster.no_ehcp = true;
            any = true;
        }
    }
    if !any
        && let Some(lowest) = clusters
            .iter_mut()
            .min_by(|a, b| a.mean_gate_score.total_cmp(&b.mean_gate_score))
        && lowest.mean_gate_score < gate.threshold
    {
        lowest.no_ehcp = true;
    }
    for cluster in clusters.iter_mut().filter(|c| c.no_ehcp) {
        cluster.label = format!(
            "no EHCP ({:.0}% no-plan decisions, mean gate score {:.1})",
            cluster.no_plan_share * 100.0,
            cluster.mean_gate_score
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Index of the pair `i < j` in a condensed matrix of `n` items.
    fn condensed(n: usize, i: usize, j: usize) -> usize {
        let (i, j) = if i < j { (i, j) } else { (j, i) };
        n * i - i * (i + 1) / 2 + (j - i - 1)
    }

    /// The previous implementation (condensed matrix, Lance–Williams updates), kept as a
    /// reference: `n − 1` merges in height order,
    /// numbered SciPy-style. Fewer than 2 points give no merges.
    fn ward_reference<const D: usize>(points: &[[f64; D]]) -> Vec<Merge> {
        let n = points.len();
        if n < 2 {
            return Vec::new();
        }
        let mut distances = vec![0.0; n * (n - 1) / 2];
        for i in 0..n {
            for j in i + 1..n {
                distances[condensed(n, i, j)] = points[i]
                    .iter()
                    .zip(&points[j])
                    .map(|(a, b)| (a - b).powi(2))
                    .sum();
            }
        }
        // Row starts: the pair (i, j), i < j, is at `start[i] + j`.
        let start: Vec<usize> = (0..n)
            .map(|i| (n * i).wrapping_sub(i * (i + 1) / 2 + i + 1))
            .collect();
        let at = |i: usize, j: usize| -> usize {
            if i < j {
                start[i].wrapping_add(j)
            } else {
                start[j].wrapping_add(i)
            }
        };
        let mut size = vec![1usize; n];
        // The active slots, in increasing order, so scans visit them as `0..n` would.
        let mut alive: Vec<usize> = (0..n).collect();
        // Raw merges in the order found: (slot a, slot b, height, size). A slot holds a cluster that
        // contains the case of the same index.
        let mut found: Vec<(usize, usize, f64, usize)> = Vec::with_capacity(n - 1);
        let mut last_merge: Vec<Option<usize>> = vec![None; n];
        let mut effective: Vec<f64> = Vec::with_capacity(n - 1);
        let mut chain: Vec<usize> = Vec::new();
        while found.len() < n - 1 {
            if chain.is_empty() {
                let Some(first) = alive.first() else {
                    break;
                };
                chain.push(*first);
            }
            let (a, b) = loop {
                let len = chain.len();
                let a = chain[len - 1];
                let previous = (len >= 2).then(|| chain[len - 2]);
                let mut best = previous.map(|p| (p, distances[at(a, p)]));
                // Below `a` the pairs are spread over rows; above it they are one run of the row.
                let split = alive.partition_point(|c| *c < a);
                for &c in &alive[..split] {
                    let d = distances[start[c].wrapping_add(a)];
                    if best.is_none_or(|(_, bd)| d < bd) {
                        best = Some((c, d));
                    }
                }
                let row = start[a];
                for &c in &alive[split..] {
                    if c == a {
                        continue;
                    }
                    let d = distances[row.wrapping_add(c)];
                    if best.is_none_or(|(_, bd)| d < bd) {
                        best = Some((c, d));
                    }
                }
                let Some((b, _)) = best else {
                    break (a, a);
                };
                if Some(b) == previous {
                    break (a, b);
                }
                chain.push(b);
            };
            if a == b {
                break;
            }
            chain.truncate(chain.len() - 2);
            let (keep, gone) = if a < b { (a, b) } else { (b, a) };
            let d_ab = distances[at(a, b)];
            let (n_keep, n_gone) = (size[keep] as f64, size[gone] as f64);
            for &c in &alive {
                if c == keep || c == gone {
                    continue;
                }
                let n_c = size[c] as f64;
                let (kc, gc) = (at(keep, c), at(gone, c));
                let d_kc = distances[kc];
                let d_gc = distances[gc];
                distances[kc] = ((n_keep + n_c) * d_kc + (n_gone + n_c) * d_gc - n_c * d_ab)
                    / (n_keep + n_gone + n_c);
            }
            if let Ok(position) = alive.binary_search(&gone) {
                alive.remove(position);
            }
            size[keep] += size[gone];
            let height = d_ab.max(0.0).sqrt();
            let children = [last_merge[keep], last_merge[gone]];
            let floor = children
                .iter()
                .flatten()
                .map(|m| effective[*m])
                .fold(height, f64::max);
            effective.push(floor);
            last_merge[keep] = Some(found.len());
            found.push((keep, gone, floor, size[keep]));
        }
        // Height order; the stable sort keeps children (found earlier, never higher) first.
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by(|x, y| found[*x].2.total_cmp(&found[*y].2));
        let mut parent: Vec<usize> = (0..n).collect();
        let mut node: Vec<usize> = (0..n).collect();
        let mut merges = Vec::with_capacity(found.len());
        for (t, index) in order.into_iter().enumerate() {
            let (a, b, height, size) = found[index];
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            let (na, nb) = (node[ra], node[rb]);
            parent[rb] = ra;
            node[ra] = n + t;
            merges.push(Merge {
                a: na.min(nb),
                b: na.max(nb),
                height,
                size,
            });
        }
        merges
    }

    #[test]
    fn ward_on_four_points_on_a_line_matches_the_hand_worked_heights() {
        // Pairs {0,1} and {2,3} merge at 1; the two pairs, with centroids 5 apart, at
        // √(2·2·2/4)·5 = √50.
        let merges = ward(&[[0.0], [1.0], [5.0], [6.0]]);
        assert_eq!(merges.len(), 3);
        assert_eq!((merges[0].a, merges[0].b, merges[0].size), (0, 1, 2));
        assert_eq!((merges[1].a, merges[1].b, merges[1].size), (2, 3, 2));
        assert!((merges[0].height - 1.0).abs() < 1e-12);
        assert!((merges[2].height - 50f64.sqrt()).abs() < 1e-12);
        assert_eq!((merges[2].a, merges[2].b, merges[2].size), (4, 5, 4));
        assert_eq!(cut(&merges, 4, 2), vec![0, 0, 1, 1]);
        assert_eq!(cut(&merges, 4, 4), vec![0, 1, 2, 3]);
        assert_eq!(cut(&merges, 4, 1), vec![0, 0, 0, 0]);
    }

    /// Random points on a small integer grid (many ties, like the scores) or spread out.
    fn random_points<const D: usize>(n: usize, seed: u64, grid: bool) -> Vec<[f64; D]> {
        let mut rng = crate::rng::Rng::seeded(seed);
        (0..n)
            .map(|_| {
                std::array::from_fn(|_| {
                    if grid {
                        (rng.uniform() * 4.0).floor()
                    } else {
                        rng.uniform() * 10.0 - 5.0
                    }
                })
            })
            .collect()
    }

    #[test]
    fn ward_agrees_with_the_distance_matrix_implementation() {
        for (seed, grid) in [(1, false), (2, false), (3, true), (4, true)] {
            let points: Vec<[f64; 21]> = random_points(300, seed, grid);
            let fast = ward(&points);
            let reference = ward_reference(&points);
            assert_eq!(fast.len(), reference.len());
            // Heights agree to rounding, merge by merge.
            for (f, r) in fast.iter().zip(&reference) {
                let scale = r.height.abs().max(1e-12);
                assert!(
                    (f.height - r.height).abs() <= 1e-9 * scale,
                    "seed {seed}: {} vs {}",
                    f.height,
                    r.height
                );
            }
            // Without ties the trees are the same; with ties, the same partitions wherever the
            // cut does not fall inside a run of equal heights.
            for k in [2, 3, 5, 10, 20, 50] {
                let at = points.len() - k;
                let tied = (reference[at].height - reference[at - 1].height).abs()
                    <= 1e-9 * reference[at].height.abs().max(1e-12);
                if !tied {
                    assert_eq!(
                        cut(&fast, points.len(), k),
                        cut(&reference, points.len(), k),
                        "seed {seed}, k {k}"
                    );
                }
            }
            if !grid {
                for (f, r) in fast.iter().zip(&reference) {
                    assert_eq!((f.a, f.b, f.size), (r.a, r.b, r.size), "seed {seed}");
                }
            }
        }
    }

    #[test]
    fn ward_on_a_few_points_matches_a_brute_force_ward() {
        // Brute force: repeatedly merge the pair with the smallest Ward distance.
        for seed in 10..20 {
            let points: Vec<[f64; 3]> = random_points(12, seed, false);
            let mut clusters: Vec<(Vec<f64>, f64)> =
                points.iter().map(|p| (p.to_vec(), 1.0)).collect();
            let mut heights = Vec::new();
            while clusters.len() > 1 {
                let mut best = (0, 1, f64::INFINITY);
                for i in 0..clusters.len() {
                    for j in i + 1..clusters.len() {
                        let (ci, ni) = &clusters[i];
                        let (cj, nj) = &clusters[j];
                        let d2: f64 = ci.iter().zip(cj).map(|(a, b)| (a - b).powi(2)).sum();
                        let d = 2.0 * ni * nj / (ni + nj) * d2;
                        if d < best.2 {
                            best = (i, j, d);
                        }
                    }
                }
                let (i, j, d) = best;
                let (cj, nj) = clusters.remove(j);
                let (ci, ni) = &mut clusters[i];
                for (a, b) in ci.iter_mut().zip(&cj) {
                    *a = (*ni * *a + nj * b) / (*ni + nj);
                }
                *ni += nj;
                heights.push(d.sqrt());
            }
            heights.sort_by(f64::total_cmp);
            let fast: Vec<f64> = ward(&points).iter().map(|m| m.height).collect();
            for (f, h) in fast.iter().zip(&heights) {
                assert!(
                    (f - h).abs() <= 1e-9 * h.max(1e-12),
                    "seed {seed}: {f} vs {h}"
                );
            }
        }
    }

    #[test]
    fn ward_breaks_ties_the_same_way_every_time_and_stays_monotone() {
        // Many equal distances: a square grid.
        let points: Vec<[f64; 2]> = (0..36)
            .map(|i| [f64::from(i % 6), f64::from(i / 6)])
            .collect();
        let first = ward(&points);
        assert_eq!(first, ward(&points));
        assert!(first.windows(2).all(|w| w[0].height <= w[1].height));
        assert_eq!(first.last().map(|m| m.size), Some(36));
        // Three well-separated groups: from k = 3 up, the largest gap is at k = 3.
        let groups: Vec<[f64; 1]> = [0.0, 0.1, 0.2, 10.0, 10.1, 20.0, 20.2]
            .iter()
            .map(|v| [*v])
            .collect();
        let merges = ward(&groups);
        assert_eq!(largest_gap(&merges, 3, 5), 3);
    }
}
