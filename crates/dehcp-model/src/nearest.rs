//! Helpers for exact nearest-neighbour searches in a small fixed-dimension space (the 21
//! standardised features of [`crate::cluster`] and [`crate::similar`]).
//!
//! **Lower bounds.** For orthonormal axes `u₁…u_M`, `Σₘ (uₘ·x − uₘ·y)² ≤ ‖x − y‖²`. Each point's
//! projections on the `M` principal axes are stored once; a search first computes this cheap
//! bound for every candidate (a tight loop over `M` numbers per candidate) and computes the full
//! distance only for candidates whose bound could still beat the best found so far. The bound
//! is compared with [`may_beat`], which leaves a margin far above rounding error, so no
//! candidate that could win or tie is skipped: the searches return exactly what a full scan
//! returns. The axes only decide how much work is skipped, never the answer.
//!
//! **Axes.** The principal axes of the points (eigenvectors of their covariance matrix, by
//! cyclic Jacobi rotations), largest variance first. Pure: no IO.

use std::cmp::Ordering;

/// The number of principal axes used for the lower bound in Ward clustering.
pub(crate) const WARD_AXES: usize = 12;

/// The number of principal axes used for the lower bound in similar-case searches.
pub(crate) const SIMILAR_AXES: usize = 12;

/// Whether a candidate whose squared-distance lower bound is `bound` (from
/// [`Projections::bounds`], with its `slack`) could still beat or tie the best squared distance
/// `best`. The margin (relative 2·10⁻⁴, absolute `slack` plus 10⁻¹²) covers the rounding of the
/// single-precision bound and of the axes.
#[inline]
pub(crate) fn may_beat(bound: f64, best: f64, slack: f64) -> bool {
    // NaN anywhere lets the candidate through, to be measured.
    bound.partial_cmp(&may_beat_margin(best, slack)) != Some(Ordering::Greater)
}

/// What [`may_beat`] compares a bound with: `best` plus its margin.
#[inline]
pub(crate) fn may_beat_margin(best: f64, slack: f64) -> f64 {
    best * (1.0 + 2e-4) + slack + 1e-12
}

/// Squared Euclidean distance, summed in feature order.
#[inline]
pub(crate) fn squared_distance<const D: usize>(x: &[f64; D], y: &[f64; D]) -> f64 {
    let mut total = 0.0;
    for (a, b) in x.iter().zip(y) {
        total += (a - b).powi(2);
    }
    total
}

/// Projections of `x` on `axes`.
#[inline]
pub(crate) fn project<const D: usize, const M: usize>(
    axes: &[[f64; D]; M],
    x: &[f64; D],
) -> [f64; M] {
    let mut out = [0.0; M];
    for (o, axis) in out.iter_mut().zip(axes) {
        *o = axis.iter().zip(x).map(|(a, v)| a * v).sum();
    }
    out
}

/// Points per block in [`Projections`].
const LANES: usize = 8;

/// Above this magnitude the single-precision bound is not used (every candidate passes).
const LARGEST_PROJECTION: f64 = 1e15;

/// Projections of a list of points on `M` axes, in single precision, stored in blocks of
/// [`LANES`] points (axis by axis within a block) so that the bound loop runs over whole
/// vectors. Padding past the last point is +∞, which never passes [`may_beat`].
///
/// **Rounding.** Each projection is rounded to `f32` (relative error `u = 2⁻²⁴`) and the bound
/// is summed in `f32`. With `S` the largest magnitude of any projection, each difference is off
/// by at most `c ≈ 2·S·u` plus `u` relative, so for any `a > 0` the computed bound is at most
/// `(1 + a)(1 + (M + 4)u)·B + (1 + 1/a)·M·c²` where `B ≤ ‖x − y‖²` is the exact bound. With
/// `a = 10⁻⁴` that is below `B·(1 + 2·10⁻⁴) + 10⁻⁸·S²` for `M ≤ 64`: the relative and absolute
/// slack [`may_beat`] is given ([`Projections::bounds`] returns the absolute part).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Projections<const M: usize> {
    blocks: Vec<[[f32; LANES]; M]>,
    len: usize,
    /// The largest magnitude of any projection stored so far.
    largest: f64,
}

impl<const M: usize> Projections<M> {
    /// The projections of `points` on `axes`.
    pub(crate) fn of<const D: usize>(axes: &[[f64; D]; M], points: &[[f64; D]]) -> Self {
        let mut out = Projections {
            blocks: Vec::with_capacity(points.len().div_ceil(LANES)),
            len: 0,
            largest: 0.0,
        };
        for p in points {
            out.push(project(axes, p));
        }
        out
    }

    fn push(&mut self, p: [f64; M]) {
        if self.len.is_multiple_of(LANES) {
            self.blocks.push([[f32::INFINITY; LANES]; M]);
        }
        self.len += 1;
        self.set(self.len - 1, p);
    }

    fn set_raw(&mut self, i: usize, p: [f32; M]) {
        let (block, lane) = (i / LANES, i % LANES);
        if let Some(b) = self.blocks.get_mut(block) {
            for (row, v) in b.iter_mut().zip(p) {
                row[lane] = v;
            }
        }
    }

    fn get_raw(&self, i: usize) -> [f32; M] {
        let (block, lane) = (i / LANES, i % LANES);
        std::array::from_fn(|m| self.blocks.get(block).map_or(f32::INFINITY, |b| b[m][lane]))
    }

    /// Replaces the projections of point `i` (`p` in double precision, as [`project`] gives).
    pub(crate) fn set(&mut self, i: usize, p: [f64; M]) {
        for v in p {
            // NaN makes `largest` NaN, which turns the bound off.
            if !matches!(
                v.abs().partial_cmp(&self.largest),
                Some(Ordering::Less | Ordering::Equal)
            ) {
                self.largest = v.abs();
            }
        }
        self.set_raw(i, p.map(|v| v as f32));
    }

    /// Removes point `i`, moving the last point into its place (as `Vec::swap_remove`).
    pub(crate) fn swap_remove(&mut self, i: usize) {
        if i >= self.len {
            return;
        }
        let last = self.get_raw(self.len - 1);
        self.set_raw(i, last);
        self.set_raw(self.len - 1, [f32::INFINITY; M]);
        self.len -= 1;
        if self.len.is_multiple_of(LANES) {
            self.blocks.pop();
        }
    }

    /// Sets `bounds` to the (single-precision) squared distance between the projections
    /// `query` and each point's: lower bounds of the full squared distances, to within the
    /// slack returned, which is to be passed to [`may_beat`]. After the points come +∞ up to a
    /// whole block. When the numbers are too large (or not numbers) every bound is 0, so every
    /// candidate is measured.
    pub(crate) fn bounds(&self, query: &[f64; M], bounds: &mut Vec<f32>) -> f64 {
        let largest = query
            .iter()
            .fold(self.largest, |s, q| if q.abs() <= s { s } else { q.abs() });
        bounds.clear();
        if !matches!(
            largest.partial_cmp(&LARGEST_PROJECTION),
            Some(Ordering::Less | Ordering::Equal)
        ) {
            bounds.resize(self.len, 0.0);
            return 0.0;
        }
        let q = query.map(|v| v as f32);
        // Sized first and written block by block, so the loop has no capacity checks.
        bounds.resize(self.blocks.len() * LANES, 0.0);
        for (out, block) in bounds.chunks_exact_mut(LANES).zip(&self.blocks) {
            let mut total = [0.0f32; LANES];
            for (row, q) in block.iter().zip(&q) {
                for (t, x) in total.iter_mut().zip(row) {
                    *t += (x - q) * (x - q);
                }
            }
            out.copy_from_slice(&total);
        }
        1e-8 * largest * largest
    }
}

/// The `M` principal axes of `points` (orthonormal, largest variance first; zero vectors after
/// the first `D`). With fewer than two points, or degenerate data, the axes are still
/// orthonormal (the bound stays valid).
#[allow(
    clippy::needless_range_loop,
    reason = "matrix arithmetic reads more clearly with indices"
)]
pub(crate) fn principal_axes<const D: usize, const M: usize>(points: &[[f64; D]]) -> [[f64; D]; M] {
    let n = points.len().max(1) as f64;
    let mut mean = [0.0; D];
    for p in points {
        for (m, v) in mean.iter_mut().zip(p) {
            *m += v / n;
        }
    }
    let mut cov = [[0.0; D]; D];
    for p in points {
        let centred: [f64; D] = std::array::from_fn(|i| p[i] - mean[i]);
        for (i, row) in cov.iter_mut().enumerate() {
            for (j, c) in row.iter_mut().enumerate().skip(i) {
                *c += centred[i] * centred[j] / n;
            }
        }
    }
    for i in 0..D {
        for j in 0..i {
            cov[i][j] = cov[j][i];
        }
    }
    let (values, vectors) = jacobi_eigen(cov);
    let mut order: Vec<usize> = (0..D).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]).then(a.cmp(b)));
    // Beyond `D` axes, zero axes (they add nothing to the bound).
    std::array::from_fn(|m| match order.get(m) {
        Some(&column) => std::array::from_fn(|i| vectors[i][column]),
        None => [0.0; D],
    })
}

/// Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by cyclic Jacobi rotations.
#[allow(
    clippy::needless_range_loop,
    reason = "matrix arithmetic reads more clearly with indices"
)]
fn jacobi_eigen<const D: usize>(mut a: [[f64; D]; D]) -> ([f64; D], [[f64; D]; D]) {
    let mut v = [[0.0; D]; D];
    for (i, row) in v.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    let scale: f64 = a
        .iter()
        .map(|r| r.iter().map(|x| x * x).sum::<f64>())
        .sum::<f64>();
    for _sweep in 0..100 {
        let off: f64 = (0..D)
            .flat_map(|i| (0..D).filter(move |j| *j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        if off.partial_cmp(&(1e-30 * scale.max(f64::MIN_POSITIVE))) != Some(Ordering::Greater) {
            break;
        }
        for p in 0..D {
            for q in p + 1..D {
                let apq = a[p][q];
                if apq == 0.0 || !apq.is_finite() {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..D {
                    let (akp, akq) = (a[k][p], a[k][q]);
                    a[k][p] = c * akp - s * akq;
                    a[k][q] = s * akp + c * akq;
                }
                for k in 0..D {
                    let (apk, aqk) = (a[p][k], a[q][k]);
                    a[p][k] = c * apk - s * aqk;
                    a[q][k] = s * apk + c * aqk;
                }
                for row in v.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    (std::array::from_fn(|i| a[i][i]), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn principal_axes_are_orthonormal_and_find_the_long_direction() {
        // Points spread along (1, 1, 0) with a little noise in the other directions.
        let points: Vec<[f64; 3]> = (0..50)
            .map(|i| {
                let t = f64::from(i) - 25.0;
                let wobble = f64::from(i % 3) * 0.1;
                [t + wobble, t - wobble, f64::from(i % 2) * 0.2]
            })
            .collect();
        let axes: [[f64; 3]; 3] = principal_axes(&points);
        for (i, a) in axes.iter().enumerate() {
            for (j, b) in axes.iter().enumerate() {
                let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
                let expected = if i == j { 1.0 } else { 0.0 };
                assert!((dot - expected).abs() < 1e-12, "{i} {j} {dot}");
            }
        }
        let along = (axes[0][0] * axes[0][1]).abs();
        assert!((along - 0.5).abs() < 1e-3, "{:?}", axes[0]);
    }

    #[test]
    fn projected_distance_never_exceeds_the_full_distance() {
        let points: Vec<[f64; 4]> = (0..40)
            .map(|i| {
                let x = f64::from(i);
                [
                    x.sin() * 3.0,
                    (x * 0.7).cos(),
                    x % 5.0,
                    (x * 1.3).sin() * x / 10.0,
                ]
            })
            .collect();
        let axes: [[f64; 4]; 2] = principal_axes(&points);
        let mut projections = Projections::of(&axes, &points);
        let mut bounds = Vec::new();
        for (q, query) in points.iter().enumerate() {
            let slack = projections.bounds(&project(&axes, query), &mut bounds);
            assert!(bounds.len() >= points.len());
            for (p, point) in points.iter().enumerate() {
                let full = squared_distance(query, point);
                let bound = f64::from(bounds[p]);
                assert!(may_beat(bound, full, slack), "{q} {p} {bound} {full}");
                // The bound is not trivially loose.
                assert!(bound <= full * 1.001 + 1e-4, "{q} {p} {bound} {full}");
            }
            assert!(
                bounds[points.len()..]
                    .iter()
                    .all(|b| !may_beat(f64::from(*b), 1e300, 0.0))
            );
        }
        // Removing keeps the rest in place and moves the last point into the gap.
        let last = projections.get_raw(points.len() - 1);
        projections.swap_remove(3);
        assert_eq!(projections.len, points.len() - 1);
        assert_eq!(projections.get_raw(3), last);
        assert_eq!(
            projections.get_raw(2),
            project(&axes, &points[2]).map(|v| v as f32)
        );
    }
}
