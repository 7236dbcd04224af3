//! The seeded synthetic reference population.
//!
//! [`Generator::generate`] makes N synthetic cases from a seed and a reference date: month of
//! birth, age band, the 20 scores, primary and secondary needs, provision SP1–SP13, outcome
//! themes and the panel's decision. Primary need × age band follows the blended target table
//! ([`crate::calibration`]); everything else follows the parameters in `data/population.toml`,
//! whose header says how a case is made. `docs/models.md` lists every assumption.
//!
//! Pure: no IO, no clock (the reference date is a parameter), no global state. Case `i` is drawn
//! from its own random stream, so the same seed always gives the same cases and a population of
//! N is the first N cases of any larger one. Every case is labelled `synthetic: true`.

use std::collections::BTreeMap;

use dehcp_domain::{AgeBand, BirthMonth, MetricId, MetricKind, NeedsScores, Sen2Need};
use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::calibration::{NeedAgeCounts, TargetTable, band_index, need_index};
use crate::case::{Case, OutcomeTheme, PanelDecision, scores_from_array};
use crate::error::ModelDataError;
use crate::rng::Rng;

const FILE: &str = "population.toml";
const BUILTIN: &str = include_str!("../data/population.toml");

/// The largest population [`Generator::generate`] makes in one call.
pub const MAX_CASES: usize = 1_000_000;

/// Whole years of age in each band, youngest first.
const BAND_YEARS: [(u8, u8); 5] = [(0, 4), (5, 10), (11, 15), (16, 19), (20, 25)];

/// A need's profile: the mean of each item (the flags' entries are probabilities) and the chance
/// of each secondary need.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedProfile {
    /// Mean score per item in [`MetricId::ALL`] order; for the two flags, a probability.
    pub means: [f64; 20],
    /// Chance of each secondary need.
    pub secondary: Vec<(Sen2Need, f64)>,
}

/// How one provision element's probability is worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionRule {
    /// Constant term of the logistic.
    pub intercept: f64,
    /// Weight per score point of each item, [`MetricId::ALL`] order.
    pub weights: [f64; 20],
    /// Added for the primary need (half for each secondary need), [`Sen2Need::ALL`] order.
    pub need_bonus: [f64; 13],
    /// The element is possible only when one of these items reaches its score (no condition
    /// when empty).
    pub requires_any: Vec<(MetricId, u8)>,
}

/// All generator parameters, as read from `data/population.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct PopulationParams {
    /// The data version.
    pub version: String,
    /// Weight of the Ealing table in the blend with the national mix.
    pub ealing_weight: f64,
    /// Share of below-threshold "no plan" profiles.
    pub no_plan_share: f64,
    /// Multiplier on profile means (and flag probabilities) for no-plan profiles.
    pub no_plan_scale: f64,
    /// Standard deviation of each item's own noise.
    pub noise_sd: f64,
    /// How far a secondary need pulls each mean towards its own profile.
    pub secondary_weight: f64,
    /// Change in ability difficulty per band above 5–10.
    pub ability_age_step: f64,
    /// Relative weight of each whole year within each band.
    pub age_weights: [Vec<f64>; 5],
    /// Loadings of each item on the latent factors general, motor and social.
    pub loadings: [[f64; 3]; 20],
    /// Profiles by need, [`Sen2Need::ALL`] order; `None` for needs never generated.
    pub profiles: [Option<NeedProfile>; 13],
    /// Provision rules for SP1–SP13.
    pub provision: [ProvisionRule; 13],
    /// Outcome themes and the `(item, minimum)` triggers for each.
    pub outcomes: Vec<(OutcomeTheme, Vec<(MetricId, u8)>)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParams {
    version: String,
    ealing_weight: f64,
    no_plan_share: f64,
    no_plan_scale: f64,
    noise_sd: f64,
    secondary_weight: f64,
    ability_age_step: f64,
    age_weights: BTreeMap<String, Vec<f64>>,
    loadings: BTreeMap<String, [f64; 3]>,
    need: Vec<RawNeed>,
    provision: Vec<RawProvision>,
    outcomes: BTreeMap<String, BTreeMap<String, u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNeed {
    code: String,
    #[serde(default)]
    secondary: BTreeMap<String, f64>,
    means: BTreeMap<String, f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProvision {
    code: String,
    intercept: f64,
    weights: BTreeMap<String, f64>,
    #[serde(default)]
    need_bonus: BTreeMap<String, f64>,
    #[serde(default)]
    requires_any: Vec<(String, u8)>,
}

fn metric_index(metric: MetricId) -> usize {
    usize::from(metric.number() - 1)
}

fn bad(message: String) -> ModelDataError {
    ModelDataError::content(FILE, message)
}

fn metric(id: &str) -> Result<MetricId, ModelDataError> {
    id.parse().map_err(|_| bad(format!("unknown item '{id}'")))
}

fn need(code: &str) -> Result<Sen2Need, ModelDataError> {
    code.parse().map_err(|e| bad(format!("{e}")))
}

fn finite_in(value: f64, low: f64, high: f64, what: &str) -> Result<f64, ModelDataError> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(bad(format!(
            "{what} must be between {low} and {high}, not {value}"
        )))
    }
}

impl PopulationParams {
    /// The parameters shipped with dehcp.
    pub fn builtin() -> Result<Self, ModelDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Reads and checks parameters in the form of `data/population.toml`.
    pub fn from_toml_str(text: &str) -> Result<Self, ModelDataError> {
        let raw: RawParams = toml::from_str(text).map_err(|e| ModelDataError::parse(FILE, &e))?;
        let mut age_weights: [Vec<f64>; 5] = Default::default();
        for (band, (low, high)) in AgeBand::ALL.into_iter().zip(BAND_YEARS) {
            let weights = raw
                .age_weights
                .get(band.label())
                .ok_or_else(|| bad(format!("age_weights: no weights for {band}")))?;
            if weights.len() != usize::from(high - low + 1)
                || weights.iter().any(|w| !w.is_finite() || *w < 0.0)
                || weights.iter().sum::<f64>() <= 0.0
            {
                return Err(bad(format!(
                    "age_weights for {band}: one non-negative weight per year {low} to {high}"
                )));
            }
            age_weights[band_index(band)] = weights.clone();
        }
        let mut loadings = [[0.0; 3]; 20];
        for (id, loading) in &raw.loadings {
            for value in loading {
                finite_in(*value, -2.0, 2.0, &format!("loading of {id}"))?;
            }
            loadings[metric_index(metric(id)?)] = *loading;
        }
        let mut profiles: [Option<NeedProfile>; 13] = Default::default();
        for raw_need in &raw.need {
            let code = need(&raw_need.code)?;
            let mut means = [0.0; 20];
            for (id, mean) in &raw_need.means {
                let item = metric(id)?;
                let high = if item.kind() == MetricKind::Flag {
                    1.0
                } else {
                    3.0
                };
                means[metric_index(item)] = finite_in(*mean, 0.0, high, id)?;
            }
            let mut secondary = Vec::new();
            for (other, chance) in &raw_need.secondary {
                let other = need(other)?;
                if other == code {
                    return Err(bad(format!("{code} cannot be its own secondary need")));
                }
                secondary.push((other, finite_in(*chance, 0.0, 1.0, "a secondary chance")?));
            }
            let slot = &mut profiles[need_index(code)];
            if slot.is_some() {
                return Err(bad(format!("{code} has two profiles")));
            }
            *slot = Some(NeedProfile { means, secondary });
        }
        let mut provision: Vec<Option<ProvisionRule>> = vec![None; 13];
        for rule in &raw.provision {
            let element: dehcp_domain::ProvisionElement =
                rule.code.parse().map_err(|e| bad(format!("{e}")))?;
            let mut weights = [0.0; 20];
            for (id, weight) in &rule.weights {
                weights[metric_index(metric(id)?)] = finite_in(*weight, -10.0, 10.0, id)?;
            }
            let mut need_bonus = [0.0; 13];
            for (code, bonus) in &rule.need_bonus {
                need_bonus[need_index(need(code)?)] = finite_in(*bonus, -10.0, 10.0, code)?;
            }
            let requires_any = rule
                .requires_any
                .iter()
                .map(|(id, min)| Ok((metric(id)?, *min)))
                .collect::<Result<Vec<_>, ModelDataError>>()?;
            let slot = &mut provision[usize::from(element.number() - 1)];
            if slot.is_some() {
                return Err(bad(format!("{} has two rules", rule.code)));
            }
            *slot = Some(ProvisionRule {
                intercept: finite_in(rule.intercept, -20.0, 20.0, "intercept")?,
                weights,
                need_bonus,
                requires_any,
            });
        }
        let provision: Vec<ProvisionRule> = provision
            .into_iter()
            .enumerate()
            .map(|(i, rule)| rule.ok_or_else(|| bad(format!("no rule for SP{}", i + 1))))
            .collect::<Result<_, _>>()?;
        let provision: [ProvisionRule; 13] = provision
            .try_into()
            .map_err(|_| bad("expected 13 provision rules".to_owned()))?;
        let mut outcomes = Vec::new();
        for theme in OutcomeTheme::ALL {
            let triggers = raw
                .outcomes
                .get(theme.id())
                .ok_or_else(|| bad(format!("outcomes: no entry for {theme}")))?;
            let triggers = triggers
                .iter()
                .map(|(id, min)| Ok((metric(id)?, *min)))
                .collect::<Result<Vec<_>, ModelDataError>>()?;
            outcomes.push((theme, triggers));
        }
        if let Some(extra) = raw
            .outcomes
            .keys()
            .find(|id| id.parse::<OutcomeTheme>().is_err())
        {
            return Err(bad(format!("outcomes: unknown theme '{extra}'")));
        }
        Ok(PopulationParams {
            version: raw.version,
            ealing_weight: finite_in(raw.ealing_weight, 0.0, 1.0, "ealing_weight")?,
            no_plan_share: finite_in(raw.no_plan_share, 0.0, 0.9, "no_plan_share")?,
            no_plan_scale: finite_in(raw.no_plan_scale, 0.0, 1.0, "no_plan_scale")?,
            noise_sd: finite_in(raw.noise_sd, 0.0, 3.0, "noise_sd")?,
            secondary_weight: finite_in(raw.secondary_weight, 0.0, 1.0, "secondary_weight")?,
            ability_age_step: finite_in(raw.ability_age_step, -1.0, 1.0, "ability_age_step")?,
            age_weights,
            loadings,
            profiles,
            provision,
            outcomes,
        })
    }
}

/// A generated population: the cases and how they were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Population {
    /// Always true: these cases describe no real child.
    pub synthetic: bool,
    /// A one-line label saying what this is.
    pub source: String,
    /// The seed.
    pub seed: u64,
    /// The date ages and age bands are worked out on, `YYYY-MM-DD`.
    pub reference_date: String,
    /// Version of `population.toml` used.
    pub params_version: String,
    /// Weight of the Ealing table in the calibration blend.
    pub ealing_weight: f64,
    /// Where the calibration tables came from, with the OGL attribution.
    pub calibration_sources: Vec<String>,
    /// The cases.
    pub cases: Vec<Case>,
}

/// A population could not be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// More cases than [`MAX_CASES`].
    #[error("at most {max} cases can be generated at once, not {requested}")]
    TooMany {
        /// What was asked for.
        requested: usize,
        /// The limit.
        max: usize,
    },
    /// The reference date puts months of birth outside 1900–2100.
    #[error("the reference date {0} gives months of birth outside 1900 to 2100")]
    ReferenceDate(String),
    /// The target table or profiles cannot produce a case.
    #[error("the generator's parameters cannot produce a case: {0}")]
    Parameters(String),
}

/// The population generator: parameters plus the calibration target.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    params: PopulationParams,
    target: TargetTable,
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

impl Generator {
    /// The generator shipped with dehcp: built-in parameters, target blended from the built-in
    /// Ealing and national tables with the parameters' `ealing_weight`.
    pub fn builtin() -> Result<Self, ModelDataError> {
        let params = PopulationParams::builtin()?;
        let target = TargetTable::blend(
            &NeedAgeCounts::ealing()?,
            &NeedAgeCounts::national()?,
            params.ealing_weight,
        );
        Self::new(params, target)
    }

    /// A generator from given parameters and target. Every need with a positive share in the
    /// target must have a profile.
    pub fn new(params: PopulationParams, target: TargetTable) -> Result<Self, ModelDataError> {
        for need in Sen2Need::ALL {
            if target.need_share(need) > 0.0 && params.profiles[need_index(need)].is_none() {
                return Err(bad(format!(
                    "{need} has a share in the target table but no profile"
                )));
            }
        }
        Ok(Generator { params, target })
    }

    /// The parameters.
    pub fn params(&self) -> &PopulationParams {
        &self.params
    }

    /// The calibration target.
    pub fn target(&self) -> &TargetTable {
        &self.target
    }

    /// Generates `n` synthetic cases from `seed`, with ages on `reference`.
    pub fn generate(
        &self,
        n: usize,
        seed: u64,
        reference: Date,
    ) -> Result<Population, GenerateError> {
        if n > MAX_CASES {
            return Err(GenerateError::TooMany {
                requested: n,
                max: MAX_CASES,
            });
        }
        let earliest = BirthMonth::new(reference.year() - 26, reference.month());
        let latest = BirthMonth::new(reference.year(), reference.month());
        if earliest.is_err() || latest.is_err() {
            return Err(GenerateError::ReferenceDate(reference.to_string()));
        }
        let cells: Vec<f64> = self.target.shares.iter().flatten().copied().collect();
        let cases = (0..n)
            .map(|index| self.case(index, seed, reference, &cells))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Population {
            synthetic: true,
            source: format!(
                "synthetic reference population (dehcp-model, parameters {}, seed {seed}); \
                 not real cases",
                self.params.version
            ),
            seed,
            reference_date: reference.to_string(),
            params_version: self.params.version.clone(),
            ealing_weight: self.target.ealing_weight,
            calibration_sources: self.target.sources.clone(),
            cases,
        })
    }

    fn case(
        &self,
        index: usize,
        seed: u64,
        reference: Date,
        cells: &[f64],
    ) -> Result<Case, GenerateError> {
        let p = &self.params;
        let mut rng = Rng::stream(seed, index as u64);
        let decision = if rng.bernoulli(p.no_plan_share) {
            PanelDecision::NoPlan
        } else {
            PanelDecision::Plan
        };
        let cell = rng
            .weighted_index(cells)
            .ok_or_else(|| GenerateError::Parameters("the target table is empty".to_owned()))?;
        let primary = Sen2Need::ALL[cell / 5];
        let band = AgeBand::ALL[cell % 5];
        let birth = self.birth_month(&mut rng, band, reference)?;
        let band = birth
            .age_band_at(reference)
            .map_err(|e| GenerateError::Parameters(e.to_string()))?;
        let profile = p.profiles[need_index(primary)]
            .as_ref()
            .ok_or_else(|| GenerateError::Parameters(format!("no profile for {primary}")))?;
        let mut secondary: Vec<Sen2Need> = profile
            .secondary
            .iter()
            .filter(|(_, chance)| rng.bernoulli(*chance))
            .map(|(need, _)| *need)
            .filter(|need| *need != primary)
            .collect();
        secondary.sort_unstable();
        secondary.dedup();
        let scores = self.scores(&mut rng, primary, &secondary, band, decision)?;
        let (provision, outcomes) = match decision {
            PanelDecision::Plan => {
                let chances = self.provision_probabilities(&scores, Some(primary), &secondary);
                let mut provision = [false; 13];
                for (flag, chance) in provision.iter_mut().zip(chances) {
                    *flag = rng.bernoulli(chance);
                }
                (provision, self.outcome_themes(&scores, band))
            }
            PanelDecision::NoPlan => ([false; 13], Vec::new()),
        };
        Ok(Case {
            case_ref: format!("SYN-{:06}", index + 1),
            birth,
            age_band: band,
            scores,
            primary_need: Some(primary),
            secondary_needs: secondary,
            provision,
            outcomes,
            panel_decision: decision,
            synthetic: true,
        })
    }

    fn birth_month(
        &self,
        rng: &mut Rng,
        band: AgeBand,
        reference: Date,
    ) -> Result<BirthMonth, GenerateError> {
        let b = band_index(band);
        let offset = rng
            .weighted_index(&self.params.age_weights[b])
            .unwrap_or_default();
        let years = i32::from(BAND_YEARS[b].0) + i32::try_from(offset).unwrap_or_default();
        let months_back = years * 12 + i32::try_from(rng.below(12)).unwrap_or_default();
        let reference_index = reference.year() * 12 + i32::from(u8::from(reference.month())) - 1;
        let birth_index = reference_index - months_back;
        let month = u8::try_from(birth_index.rem_euclid(12) + 1).unwrap_or(1);
        let month = Month::try_from(month).unwrap_or(Month::January);
        BirthMonth::new(birth_index.div_euclid(12), month)
            .map_err(|_| GenerateError::ReferenceDate(reference.to_string()))
    }

    fn scores(
        &self,
        rng: &mut Rng,
        primary: Sen2Need,
        secondary: &[Sen2Need],
        band: AgeBand,
        decision: PanelDecision,
    ) -> Result<NeedsScores, GenerateError> {
        let p = &self.params;
        let profile = |need: Sen2Need| p.profiles[need_index(need)].as_ref();
        let mut means = profile(primary)
            .map(|prof| prof.means)
            .ok_or_else(|| GenerateError::Parameters(format!("no profile for {primary}")))?;
        for other in secondary.iter().filter_map(|need| profile(*need)) {
            for (metric, mean) in MetricId::ALL.iter().zip(means.iter_mut()) {
                let theirs = other.means[metric_index(*metric)];
                *mean = if metric.kind() == MetricKind::Flag {
                    1.0 - (1.0 - *mean) * (1.0 - p.secondary_weight * theirs)
                } else {
                    *mean + p.secondary_weight * (theirs - *mean).max(0.0)
                };
            }
        }
        if decision == PanelDecision::NoPlan {
            means.iter_mut().for_each(|mean| *mean *= p.no_plan_scale);
        }
        let latent = [rng.normal(), rng.normal(), rng.normal()];
        let age_effect = p.ability_age_step * (band_index(band) as f64 - 1.0);
        let mut values = [0u8; 20];
        for (i, metric) in MetricId::ALL.iter().enumerate() {
            values[i] = match metric.kind() {
                MetricKind::Flag => u8::from(rng.bernoulli(means[i])),
                kind => {
                    let loading = p.loadings[i];
                    let shared: f64 = loading.iter().zip(latent).map(|(l, z)| l * z).sum();
                    let age = if kind == MetricKind::Ability {
                        age_effect
                    } else {
                        0.0
                    };
                    let noise = p.noise_sd * rng.normal();
                    let value = (means[i] + age + shared + noise).round();
                    // Clamped to 0..=3 first, so the cast cannot truncate.
                    value.clamp(0.0, 3.0) as u8
                }
            };
        }
        scores_from_array(values).map_err(|e| GenerateError::Parameters(e.to_string()))
    }

    /// The chance of each of SP1–SP13 for a profile, from the provision rules: logistic in the
    /// scores plus need bonuses, zero when none of a rule's required conditions holds.
    pub fn provision_probabilities(
        &self,
        scores: &NeedsScores,
        primary: Option<Sen2Need>,
        secondary: &[Sen2Need],
    ) -> [f64; 13] {
        let mut chances = [0.0; 13];
        for (chance, rule) in chances.iter_mut().zip(&self.params.provision) {
            let allowed = rule.requires_any.is_empty()
                || rule
                    .requires_any
                    .iter()
                    .any(|(metric, min)| scores.get(*metric) >= *min);
            if !allowed {
                continue;
            }
            let mut z = rule.intercept;
            for (metric, score) in scores.iter() {
                z += rule.weights[metric_index(metric)] * f64::from(score);
            }
            if let Some(need) = primary {
                z += rule.need_bonus[need_index(need)];
            }
            for need in secondary {
                z += 0.5 * rule.need_bonus[need_index(*need)];
            }
            *chance = sigmoid(z);
        }
        chances
    }

    /// The outcome themes a profile's scores trigger, in [`OutcomeTheme::ALL`] order.
    pub fn outcome_themes(&self, scores: &NeedsScores, band: AgeBand) -> Vec<OutcomeTheme> {
        self.params
            .outcomes
            .iter()
            .filter(|(theme, triggers)| {
                (*theme == OutcomeTheme::PreparingForAdulthood && band >= AgeBand::ElevenToFifteen)
                    || triggers
                        .iter()
                        .any(|(metric, min)| scores.get(*metric) >= *min)
            })
            .map(|(theme, _)| *theme)
            .collect()
    }
}

#[cfg(test)]
mod tests;
