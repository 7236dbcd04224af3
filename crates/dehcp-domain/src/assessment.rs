//! The 20-item needs assessment (the 2019 alpha's "20Qs").
//!
//! [`MetricId`] is the closed set of items with their stable snake_case ids; what each item means
//! and the anchored descriptor for every score level are data (`data/needs-assessment.toml`),
//! loaded into an [`AssessmentCatalogue`]. A complete, valid set of scores is a [`NeedsScores`]:
//! once built, every score is known to be in range for its item.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::need::{BroadArea, UnknownCode};
use crate::plan::PlanSection;
use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "needs-assessment.toml";
const BUILTIN: &str = include_str!("../data/needs-assessment.toml");

macro_rules! metrics {
    ($($variant:ident => $id:literal, $kind:ident;)*) => {
        /// One of the 20 items of the needs assessment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum MetricId {
            $(
                #[doc = concat!("The `", $id, "` item.")]
                $variant,
            )*
        }

        impl MetricId {
            /// All 20 items in questionnaire order.
            pub const ALL: [MetricId; 20] = [$(MetricId::$variant),*];

            /// The stable snake_case id used in files and JSON.
            pub fn id(self) -> &'static str {
                match self { $(MetricId::$variant => $id),* }
            }

            /// Whether the item is a degree of need, an ability, or a yes/no flag.
            pub fn kind(self) -> MetricKind {
                match self { $(MetricId::$variant => MetricKind::$kind),* }
            }
        }
    };
}

metrics! {
    LearningDifficulties => "learning_difficulties", Degree;
    HealthIssues => "health_issues", Degree;
    HearingImpairment => "hearing_impairment", Degree;
    VisualImpairment => "visual_impairment", Degree;
    PhysicalDisabilityOther => "physical_disability_other", Degree;
    AdlChallenges => "adl_challenges", Degree;
    Asd => "asd", Degree;
    Sen => "sen", Degree;
    PsychOther => "psych_other", Degree;
    EmotionalLiteracy => "emotional_literacy", Degree;
    SocialInteraction => "social_interaction", Degree;
    SelfEsteem => "self_esteem", Degree;
    AbilityEnglish => "ability_english", Ability;
    AbilityMaths => "ability_maths", Ability;
    AbilityProblemSolving => "ability_problem_solving", Ability;
    AbilitiesSlc => "abilities_slc", Ability;
    PhysicalSkills => "physical_skills", Ability;
    SensorySkills => "sensory_skills", Ability;
    FlmtFlag => "flmt_flag", Flag;
    SocialCareFlag => "social_care_flag", Flag;
}

/// How an item is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricKind {
    /// Degree of need: 0 none, 1 mild, 2 moderate, 3 severe or complex.
    Degree,
    /// Difficulty relative to age-related expectations, 0 to 3.
    Ability,
    /// Present (1) or absent (0).
    Flag,
}

impl MetricKind {
    /// The highest valid score.
    pub fn max_score(self) -> u8 {
        match self {
            MetricKind::Degree | MetricKind::Ability => 3,
            MetricKind::Flag => 1,
        }
    }

    fn id(self) -> &'static str {
        match self {
            MetricKind::Degree => "degree",
            MetricKind::Ability => "ability",
            MetricKind::Flag => "flag",
        }
    }
}

impl MetricId {
    /// The item's position in the questionnaire, 1 to 20.
    pub fn number(self) -> u8 {
        let index = MetricId::ALL.iter().position(|m| *m == self).unwrap_or(0);
        u8::try_from(index + 1).unwrap_or(u8::MAX)
    }
}

impl FromStr for MetricId {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        MetricId::ALL
            .into_iter()
            .find(|metric| metric.id() == text.trim())
            .ok_or_else(|| UnknownCode {
                what: "needs assessment item",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for MetricId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A set of scores could not be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// An id that is not one of the 20 items.
    #[error("'{0}' is not one of the 20 needs assessment items")]
    UnknownItem(String),
    /// A score outside the item's range.
    #[error("{metric} is scored 0 to {max}, not {given}")]
    OutOfRange {
        /// The item.
        metric: MetricId,
        /// The highest valid score.
        max: u8,
        /// What was given.
        given: i64,
    },
    /// The same item was scored twice.
    #[error("{0} is scored more than once")]
    Duplicate(MetricId),
    /// Items with no score.
    #[error("no score for {}", .0.iter().map(|m| m.id()).collect::<Vec<_>>().join(", "))]
    Missing(Vec<MetricId>),
}

/// A complete set of 20 valid scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NeedsScores {
    scores: [u8; 20],
}

impl NeedsScores {
    /// Builds a complete set from `(item id, score)` pairs, as read from a file or form. Every
    /// item must appear once with a score in its range.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, i64)>,
    ) -> Result<Self, ScoreError> {
        let mut scores: [Option<u8>; 20] = [None; 20];
        for (id, value) in pairs {
            let metric: MetricId = id
                .parse()
                .map_err(|_| ScoreError::UnknownItem(id.to_owned()))?;
            let max = metric.kind().max_score();
            let score = u8::try_from(value)
                .ok()
                .filter(|score| *score <= max)
                .ok_or(ScoreError::OutOfRange {
                    metric,
                    max,
                    given: value,
                })?;
            let slot = &mut scores[usize::from(metric.number() - 1)];
            if slot.is_some() {
                return Err(ScoreError::Duplicate(metric));
            }
            *slot = Some(score);
        }
        let missing: Vec<MetricId> = MetricId::ALL
            .into_iter()
            .zip(scores)
            .filter(|(_, score)| score.is_none())
            .map(|(metric, _)| metric)
            .collect();
        if !missing.is_empty() {
            return Err(ScoreError::Missing(missing));
        }
        Ok(NeedsScores {
            scores: scores.map(|score| score.unwrap_or(0)),
        })
    }

    /// The score for one item.
    pub fn get(&self, metric: MetricId) -> u8 {
        self.scores[usize::from(metric.number() - 1)]
    }

    /// All 20 `(item, score)` pairs in questionnaire order.
    pub fn iter(&self) -> impl Iterator<Item = (MetricId, u8)> + '_ {
        MetricId::ALL.into_iter().zip(self.scores)
    }
}

/// One item's meaning, as professionals see it when scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemDefinition {
    /// Which item.
    pub metric: MetricId,
    /// Short label, for example "Learning difficulties".
    pub label: String,
    /// The label the 2019 alpha used, kept for traceability.
    pub seed_label: String,
    /// The broad area of need the item belongs to.
    pub area: BroadArea,
    /// Where the need is mainly recorded in a plan: B, C or D.
    pub plan_section: PlanSection,
    /// What the item covers and what evidence to look at.
    pub definition: String,
    /// The anchored descriptor for each score from 0 up to the item's maximum.
    pub levels: Vec<String>,
}

/// The needs assessment as loaded from its data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentCatalogue {
    version: String,
    scale: Vec<String>,
    items: Vec<ItemDefinition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    scale: BTreeMap<String, String>,
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: String,
    number: u8,
    label: String,
    seed_label: String,
    kind: String,
    area: String,
    plan_section: String,
    definition: String,
    levels: BTreeMap<String, String>,
}

/// Reads `"0".."n"` keyed descriptors into a vector, insisting on exactly `0..=max`.
fn levels_in_order(
    what: &str,
    levels: BTreeMap<String, String>,
    max: u8,
) -> Result<Vec<String>, ReferenceDataError> {
    let expected: Vec<String> = (0..=max).map(|level| level.to_string()).collect();
    let given: Vec<&String> = levels.keys().collect();
    if given.len() != expected.len() || expected.iter().any(|key| !levels.contains_key(key)) {
        return Err(ReferenceDataError::content(
            FILE,
            format!("{what} must describe levels 0 to {max}, found {given:?}"),
        ));
    }
    Ok(expected
        .iter()
        .filter_map(|key| levels.get(key).cloned())
        .collect())
}

impl AssessmentCatalogue {
    /// The definitions shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads definitions from the text of a `needs-assessment.toml` file. All 20 items must be
    /// present once, in order, with a kind matching the item and a descriptor for every level.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let bad = |message: String| ReferenceDataError::content(FILE, message);
        let scale = levels_in_order("the shared scale", raw.scale, 3)?;
        if raw.item.len() != MetricId::ALL.len() {
            return Err(bad(format!("expected 20 items, found {}", raw.item.len())));
        }
        let mut items = Vec::with_capacity(20);
        for (expected, raw_item) in MetricId::ALL.into_iter().zip(raw.item) {
            let metric: MetricId = raw_item
                .id
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            if metric != expected || raw_item.number != expected.number() {
                return Err(bad(format!(
                    "item {} should be '{expected}', found '{}' numbered {}",
                    expected.number(),
                    raw_item.id,
                    raw_item.number
                )));
            }
            if raw_item.kind != metric.kind().id() {
                return Err(bad(format!(
                    "{metric} is a {} item, not '{}'",
                    metric.kind().id(),
                    raw_item.kind
                )));
            }
            let area: BroadArea = raw_item
                .area
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            let plan_section: PlanSection = raw_item.plan_section.parse().map_err(|_| {
                bad(format!(
                    "{metric}: unknown plan section '{}'",
                    raw_item.plan_section
                ))
            })?;
            if !matches!(
                plan_section,
                PlanSection::B | PlanSection::C | PlanSection::D
            ) {
                return Err(bad(format!(
                    "{metric}: needs are recorded in B, C or D, not {plan_section}"
                )));
            }
            let levels = levels_in_order(metric.id(), raw_item.levels, metric.kind().max_score())?;
            if raw_item.definition.trim().is_empty() || levels.iter().any(|l| l.trim().is_empty()) {
                return Err(bad(format!(
                    "{metric}: definition and descriptors must not be empty"
                )));
            }
            items.push(ItemDefinition {
                metric,
                label: raw_item.label,
                seed_label: raw_item.seed_label,
                area,
                plan_section,
                definition: raw_item.definition,
                levels,
            });
        }
        Ok(AssessmentCatalogue {
            version: raw.version,
            scale,
            items,
        })
    }

    /// The data version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The shared meaning of scores 0 to 3 for degree items.
    pub fn scale(&self) -> &[String] {
        &self.scale
    }

    /// One item's definition.
    pub fn item(&self, metric: MetricId) -> &ItemDefinition {
        &self.items[usize::from(metric.number() - 1)]
    }

    /// All 20 definitions in order.
    pub fn items(&self) -> &[ItemDefinition] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_zero() -> Vec<(&'static str, i64)> {
        MetricId::ALL.iter().map(|m| (m.id(), 0)).collect()
    }

    #[test]
    fn the_twenty_ids_are_exactly_those_of_the_issue() {
        let ids: Vec<&str> = MetricId::ALL.iter().map(|m| m.id()).collect();
        assert_eq!(
            ids,
            [
                "learning_difficulties",
                "health_issues",
                "hearing_impairment",
                "visual_impairment",
                "physical_disability_other",
                "adl_challenges",
                "asd",
                "sen",
                "psych_other",
                "emotional_literacy",
                "social_interaction",
                "self_esteem",
                "ability_english",
                "ability_maths",
                "ability_problem_solving",
                "abilities_slc",
                "physical_skills",
                "sensory_skills",
                "flmt_flag",
                "social_care_flag",
            ]
        );
        assert_eq!(MetricId::SocialCareFlag.number(), 20);
        assert_eq!("asd".parse::<MetricId>(), Ok(MetricId::Asd));
    }

    #[test]
    fn builtin_definitions_cover_every_level_of_every_item() {
        let catalogue = AssessmentCatalogue::builtin().unwrap();
        assert_eq!(catalogue.items().len(), 20);
        assert_eq!(catalogue.scale().len(), 4);
        for item in catalogue.items() {
            let expected = usize::from(item.metric.kind().max_score()) + 1;
            assert_eq!(item.levels.len(), expected, "{}", item.metric);
        }
        let flmt = catalogue.item(MetricId::FlmtFlag);
        assert!(
            flmt.definition
                .contains("family, life-event, medical or trauma")
        );
        assert_eq!(
            catalogue.item(MetricId::HealthIssues).plan_section,
            PlanSection::C
        );
        assert_eq!(
            catalogue.item(MetricId::Asd).area,
            BroadArea::CommunicationAndInteraction
        );
    }

    #[test]
    fn a_flag_scored_two_is_out_of_range() {
        let mut pairs = all_zero();
        pairs[19].1 = 2;
        assert_eq!(
            NeedsScores::from_pairs(pairs),
            Err(ScoreError::OutOfRange {
                metric: MetricId::SocialCareFlag,
                max: 1,
                given: 2
            })
        );
    }

    #[test]
    fn incomplete_duplicate_and_unknown_scores_are_refused() {
        let mut pairs = all_zero();
        pairs.pop();
        assert_eq!(
            NeedsScores::from_pairs(pairs.clone()),
            Err(ScoreError::Missing(vec![MetricId::SocialCareFlag]))
        );
        pairs.push(("asd", 1));
        assert_eq!(
            NeedsScores::from_pairs(pairs.clone()),
            Err(ScoreError::Duplicate(MetricId::Asd))
        );
        pairs.push(("adhd", 1));
        assert!(
            NeedsScores::from_pairs(vec![("adhd", 1)])
                .unwrap_err()
                .to_string()
                .contains("'adhd'")
        );
        assert!(matches!(
            NeedsScores::from_pairs(vec![("asd", -1)]),
            Err(ScoreError::OutOfRange { .. })
        ));
    }

    #[test]
    fn edited_files_with_a_wrong_kind_or_missing_level_are_rejected() {
        let wrong_kind = BUILTIN.replacen("kind = \"flag\"", "kind = \"degree\"", 1);
        let error = AssessmentCatalogue::from_toml_str(&wrong_kind).unwrap_err();
        assert!(
            error.to_string().contains("flmt_flag is a flag item"),
            "{error}"
        );
        let no_level = BUILTIN.replacen(
            "\n3 = \"Severe or complex",
            "\n# 3 = \"Severe or complex",
            1,
        );
        let error = AssessmentCatalogue::from_toml_str(&no_level).unwrap_err();
        assert!(error.to_string().contains("levels 0 to 3"), "{error}");
    }

    proptest::proptest! {
        #[test]
        fn any_in_range_scores_round_trip(values in proptest::collection::vec(0u8..=3, 20)) {
            let pairs: Vec<(&str, i64)> = MetricId::ALL
                .iter()
                .zip(&values)
                .map(|(m, v)| (m.id(), i64::from((*v).min(m.kind().max_score()))))
                .collect();
            let scores = NeedsScores::from_pairs(pairs.clone()).unwrap();
            for ((metric, score), (_, given)) in scores.iter().zip(pairs) {
                proptest::prop_assert_eq!(i64::from(score), given);
                proptest::prop_assert!(score <= metric.kind().max_score());
            }
        }
    }
}
