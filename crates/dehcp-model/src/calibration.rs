//! The published tables the synthetic population is calibrated to, and their blend.
//!
//! Two sources, both compiled in from `data/`:
//! - `ealing-primary-need-age.toml`: EHC plans by primary need and age band in Ealing, January
//!   2017 (2,052 plans), from the 2019 alpha report;
//! - `national-primary-need.toml`: England's plans by primary need and age band, January 2025,
//!   derived from the DfE release by `scripts/derive-national-mix.py` (Open Government Licence
//!   v3.0).
//!
//! [`TargetTable::blend`] mixes the two joint distributions with a stated weight. Nothing here
//! does IO: the files are strings compiled into the crate or passed in.

use std::collections::BTreeMap;

use dehcp_domain::{AgeBand, Sen2Need};
use serde::{Deserialize, Serialize};

use crate::error::ModelDataError;

const EALING_FILE: &str = "ealing-primary-need-age.toml";
const NATIONAL_FILE: &str = "national-primary-need.toml";
const EALING: &str = include_str!("../data/ealing-primary-need-age.toml");
const NATIONAL: &str = include_str!("../data/national-primary-need.toml");

/// Counts of plans by primary need (rows in [`Sen2Need::ALL`] order) and age band (columns in
/// [`AgeBand::ALL`] order), with where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedAgeCounts {
    /// One line saying where the counts come from.
    pub source: String,
    /// The attribution the licence requires, if any.
    pub attribution: Option<String>,
    /// `counts[need][band]`.
    pub counts: [[u64; 5]; 13],
}

impl NeedAgeCounts {
    /// The total number of plans.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Each cell as a share of the total (all zero if the table is empty).
    pub fn shares(&self) -> [[f64; 5]; 13] {
        let total = self.total() as f64;
        let mut shares = [[0.0; 5]; 13];
        if total > 0.0 {
            for (row, counts) in shares.iter_mut().zip(&self.counts) {
                for (cell, count) in row.iter_mut().zip(counts) {
                    *cell = *count as f64 / total;
                }
            }
        }
        shares
    }

    /// The Ealing January 2017 table shipped with dehcp.
    pub fn ealing() -> Result<Self, ModelDataError> {
        Self::ealing_from_toml(EALING)
    }

    /// The England January 2025 table shipped with dehcp.
    pub fn national() -> Result<Self, ModelDataError> {
        Self::national_from_toml(NATIONAL)
    }

    /// Reads a table in the form of `data/ealing-primary-need-age.toml`.
    pub fn ealing_from_toml(text: &str) -> Result<Self, ModelDataError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            source: String,
            census: String,
            total: u64,
            age_bands: Vec<String>,
            counts: BTreeMap<String, Vec<u64>>,
        }
        let raw: Raw = toml::from_str(text).map_err(|e| ModelDataError::parse(EALING_FILE, &e))?;
        let bad = |message: String| ModelDataError::content(EALING_FILE, message);
        let labels: Vec<&str> = AgeBand::ALL.iter().map(AgeBand::label).collect();
        if raw.age_bands != labels {
            return Err(bad(format!("age bands must be {labels:?}")));
        }
        let mut counts = [[0; 5]; 13];
        for (code, row) in &raw.counts {
            let need: Sen2Need = code.parse().map_err(|e| bad(format!("{e}")))?;
            let cells: [u64; 5] = row
                .as_slice()
                .try_into()
                .map_err(|_| bad(format!("{code} needs 5 counts, one per age band")))?;
            counts[need_index(need)] = cells;
        }
        let table = NeedAgeCounts {
            source: format!("{} ({})", raw.source, raw.census),
            attribution: None,
            counts,
        };
        if table.total() != raw.total {
            return Err(bad(format!(
                "the counts add up to {}, not the stated total {}",
                table.total(),
                raw.total
            )));
        }
        Ok(table)
    }

    /// Reads a table in the form written by `scripts/derive-national-mix.py`.
    pub fn national_from_toml(text: &str) -> Result<Self, ModelDataError> {
        #[derive(Deserialize)]
        struct Raw {
            source: String,
            census: String,
            attribution: String,
            known_need: u64,
            need: Vec<RawNeed>,
        }
        #[derive(Deserialize)]
        struct RawNeed {
            code: String,
            count: u64,
            by_age_band: BTreeMap<String, u64>,
        }
        let raw: Raw =
            toml::from_str(text).map_err(|e| ModelDataError::parse(NATIONAL_FILE, &e))?;
        let bad = |message: String| ModelDataError::content(NATIONAL_FILE, message);
        let mut counts = [[0; 5]; 13];
        for need in &raw.need {
            let code: Sen2Need = need.code.parse().map_err(|e| bad(format!("{e}")))?;
            let mut row = [0; 5];
            for (cell, band) in row.iter_mut().zip(AgeBand::ALL) {
                *cell = *need
                    .by_age_band
                    .get(band.label())
                    .ok_or_else(|| bad(format!("{}: no count for {}", need.code, band)))?;
            }
            if row.iter().sum::<u64>() != need.count {
                return Err(bad(format!(
                    "{}: the age bands do not add up to the count",
                    need.code
                )));
            }
            counts[need_index(code)] = row;
        }
        let table = NeedAgeCounts {
            source: format!("{} ({})", raw.source, raw.census),
            attribution: Some(raw.attribution),
            counts,
        };
        if table.total() != raw.known_need {
            return Err(bad("the needs do not add up to known_need".to_owned()));
        }
        Ok(table)
    }
}

/// The position of a need in [`Sen2Need::ALL`].
pub fn need_index(need: Sen2Need) -> usize {
    Sen2Need::ALL
        .iter()
        .position(|n| *n == need)
        .unwrap_or_default()
}

/// The position of a band in [`AgeBand::ALL`].
pub fn band_index(band: AgeBand) -> usize {
    AgeBand::ALL
        .iter()
        .position(|b| *b == band)
        .unwrap_or_default()
}

/// The joint distribution of primary need × age band that generated plans are drawn from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetTable {
    /// The weight given to the Ealing table; the national table gets `1 - ealing_weight`.
    pub ealing_weight: f64,
    /// Where each part came from, with any attribution.
    pub sources: Vec<String>,
    /// `shares[need][band]`, rows in [`Sen2Need::ALL`] order, summing to 1.
    pub shares: [[f64; 5]; 13],
}

impl TargetTable {
    /// `ealing_weight × Ealing shares + (1 − ealing_weight) × national shares`, cell by cell.
    /// Both tables are first turned into shares of their own totals, so the blend is a mixture
    /// of two distributions and sums to 1. The weight is clamped to `[0, 1]`.
    pub fn blend(ealing: &NeedAgeCounts, national: &NeedAgeCounts, ealing_weight: f64) -> Self {
        let w = if ealing_weight.is_finite() {
            ealing_weight.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let (a, b) = (ealing.shares(), national.shares());
        let mut shares = [[0.0; 5]; 13];
        for need in 0..13 {
            for band in 0..5 {
                shares[need][band] = w * a[need][band] + (1.0 - w) * b[need][band];
            }
        }
        let mut sources = vec![ealing.source.clone(), national.source.clone()];
        sources.extend(national.attribution.iter().cloned());
        TargetTable {
            ealing_weight: w,
            sources,
            shares,
        }
    }

    /// The share of one need (all bands).
    pub fn need_share(&self, need: Sen2Need) -> f64 {
        self.shares[need_index(need)].iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ealing_table_matches_the_seed_totals() {
        let ealing = NeedAgeCounts::ealing().unwrap();
        assert_eq!(ealing.total(), 2052);
        let by_band: Vec<u64> = (0..5)
            .map(|b| ealing.counts.iter().map(|row| row[b]).sum())
            .collect();
        assert_eq!(by_band, [139, 854, 661, 303, 95]);
        assert_eq!(
            ealing.counts[need_index(Sen2Need::Asd)],
            [24, 204, 138, 59, 18]
        );
        assert_eq!(ealing.counts[need_index(Sen2Need::Msi)], [0; 5]);
    }

    #[test]
    fn the_national_table_carries_the_ogl_attribution_and_the_dfe_check_total() {
        let national = NeedAgeCounts::national().unwrap();
        // 638,745 plans in January 2025, of which 4,870 have no recorded primary need.
        assert_eq!(national.total(), 638_745 - 4_870);
        assert!(
            national
                .attribution
                .as_deref()
                .unwrap()
                .contains("Open Government Licence v3.0")
        );
        let asd = national.shares()[need_index(Sen2Need::Asd)]
            .iter()
            .sum::<f64>();
        assert!((asd - 0.3174).abs() < 0.001, "{asd}");
    }

    #[test]
    fn the_blend_is_a_distribution_between_its_two_sources() {
        let (ealing, national) = (
            NeedAgeCounts::ealing().unwrap(),
            NeedAgeCounts::national().unwrap(),
        );
        let blend = TargetTable::blend(&ealing, &national, 0.5);
        let total: f64 = blend.shares.iter().flatten().sum();
        assert!((total - 1.0).abs() < 1e-9);
        let asd = blend.need_share(Sen2Need::Asd);
        assert!(asd > 443.0 / 2052.0 && asd < 0.3174, "{asd}");
        assert_eq!(
            TargetTable::blend(&ealing, &national, 1.0).shares,
            ealing.shares()
        );
    }

    #[test]
    fn a_table_whose_counts_do_not_add_up_is_refused() {
        let edited = EALING.replace("total = 2052", "total = 2053");
        let error = NeedAgeCounts::ealing_from_toml(&edited).unwrap_err();
        assert!(error.to_string().contains("2053"), "{error}");
        let edited = EALING.replace("VI = [4, 15, 5, 3, 1]", "VI = [4, 15, 5, 3]");
        assert!(NeedAgeCounts::ealing_from_toml(&edited).is_err());
    }
}
