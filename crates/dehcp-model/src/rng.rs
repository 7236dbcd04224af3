//! A small seeded random number generator: xoshiro256** seeded through SplitMix64.
//!
//! Written here rather than taken from a crate so that the stream is fixed forever: the same
//! seed gives the same population on every machine and every future build. Normal draws use the
//! Irwin–Hall approximation (the sum of 12 uniforms less 6), which needs no `ln` or `cos`, so
//! the generated numbers do not depend on the platform's maths library either.
//!
//! Not for anything secret: this is a statistical generator, not a cryptographic one.

/// xoshiro256** (Blackman and Vigna, 2018), a fast 64-bit generator with a 2^256 − 1 period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn seeded(seed: u64) -> Self {
        let mut mix = seed;
        let state = [
            splitmix64(&mut mix),
            splitmix64(&mut mix),
            splitmix64(&mut mix),
            splitmix64(&mut mix),
        ];
        Rng { state }
    }

    /// A generator for one numbered stream of a seed, for example one case of a population, so
    /// that case `i` is the same whatever the population's size.
    pub fn stream(seed: u64, index: u64) -> Self {
        let mut mix = seed;
        let base = splitmix64(&mut mix);
        let mut index_mix = index ^ 0xD1B5_4A32_D192_ED03;
        Rng::seeded(base ^ splitmix64(&mut index_mix))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform draw in `[0, 1)` with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        // 2^-53: the top 53 bits as a fraction.
        (self.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p` (clamped to `[0, 1]`).
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p.clamp(0.0, 1.0)
    }

    /// A uniform integer in `0..n`; 0 when `n` is 0. Uses rejection, so it has no modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let value = self.next_u64();
            if value < zone {
                return value % n;
            }
        }
    }

    /// An approximately standard normal draw (Irwin–Hall, 12 uniforms): mean 0, variance 1,
    /// bounded to ±6.
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }

    /// An index drawn with probability proportional to `weights`. Negative or non-finite weights
    /// count as zero; `None` when no weight is positive.
    pub fn weighted_index(&mut self, weights: &[f64]) -> Option<usize> {
        let clean = |w: f64| if w.is_finite() && w > 0.0 { w } else { 0.0 };
        let total: f64 = weights.iter().copied().map(clean).sum();
        if total <= 0.0 {
            return None;
        }
        let mut target = self.uniform() * total;
        let mut last_positive = None;
        for (index, weight) in weights.iter().copied().map(clean).enumerate() {
            if weight > 0.0 {
                last_positive = Some(index);
                if target < weight {
                    return Some(index);
                }
                target -= weight;
            }
        }
        last_positive
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = usize::try_from(self.below(i as u64 + 1)).unwrap_or(0);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_stream_and_another_seed_another() {
        let a: Vec<u64> = {
            let mut rng = Rng::seeded(7);
            (0..5).map(|_| rng.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut rng = Rng::seeded(7);
            (0..5).map(|_| rng.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut rng = Rng::seeded(8);
            (0..5).map(|_| rng.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn uniform_draws_have_the_expected_mean_and_normal_draws_unit_variance() {
        let mut rng = Rng::seeded(1);
        let n = 20_000;
        let uniforms: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
        assert!(uniforms.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = uniforms.iter().sum::<f64>() / f64::from(n);
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
        let normals: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mean = normals.iter().sum::<f64>() / f64::from(n);
        let var = normals.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((var - 1.0).abs() < 0.05, "{var}");
    }

    #[test]
    fn weighted_draws_follow_the_weights_and_skip_zero_weights() {
        let mut rng = Rng::seeded(3);
        let mut counts = [0u32; 3];
        for _ in 0..30_000 {
            let index = rng.weighted_index(&[1.0, 0.0, 3.0]).unwrap();
            counts[index] += 1;
        }
        assert_eq!(counts[1], 0);
        let share = f64::from(counts[2]) / 30_000.0;
        assert!((share - 0.75).abs() < 0.015, "{share}");
        assert_eq!(rng.weighted_index(&[0.0, f64::NAN, -1.0]), None);
    }

    #[test]
    fn below_stays_in_range_and_shuffle_keeps_every_item() {
        let mut rng = Rng::seeded(9);
        assert!((0..1000).all(|_| rng.below(7) < 7));
        assert_eq!(rng.below(0), 0);
        let mut items: Vec<u32> = (0..50).collect();
        rng.shuffle(&mut items);
        let mut sorted = items.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<_>>());
        assert_ne!(items, sorted);
    }
}
