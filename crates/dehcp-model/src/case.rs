//! One case as the models see it: month of birth, age band, the 20 scores, needs, provision,
//! outcome themes and the panel's decision, with where it came from.
//!
//! Domain types carry no serde (docs/ARCHITECTURE.md), so a [`Case`] is written and read through
//! a private wire struct of plain strings and numbers. Nothing here does IO.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use dehcp_domain::assessment::ScoreError;
use dehcp_domain::{AgeBand, BirthMonth, MetricId, NeedsScores, ProvisionElement, Sen2Need};
use serde::{Deserialize, Serialize};

/// What the panel decided about issuing a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PanelDecision {
    /// An EHC plan was agreed.
    Plan,
    /// No plan: the profile was below the threshold for one.
    NoPlan,
}

impl PanelDecision {
    /// The id used in files: `plan` or `no_plan`.
    pub fn id(self) -> &'static str {
        match self {
            PanelDecision::Plan => "plan",
            PanelDecision::NoPlan => "no_plan",
        }
    }
}

impl FromStr for PanelDecision {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "plan" => Ok(PanelDecision::Plan),
            "no_plan" => Ok(PanelDecision::NoPlan),
            other => Err(format!(
                "'{other}' is not a panel decision: expected plan or no_plan"
            )),
        }
    }
}

impl fmt::Display for PanelDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A broad theme of the outcomes in a plan's section E. A small fixed list, for counting and
/// comparing cases; the outcomes themselves are always written for the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OutcomeTheme {
    /// Communicating and being understood.
    Communication,
    /// Learning and progress in the curriculum.
    Learning,
    /// Relationships, feelings and wellbeing.
    SocialEmotional,
    /// Self-care and independence in daily living.
    Independence,
    /// Physical health, movement and access.
    PhysicalHealth,
    /// Preparing for adulthood: work, living, community, health (from Year 9).
    PreparingForAdulthood,
}

impl OutcomeTheme {
    /// All themes in a fixed order.
    pub const ALL: [OutcomeTheme; 6] = [
        OutcomeTheme::Communication,
        OutcomeTheme::Learning,
        OutcomeTheme::SocialEmotional,
        OutcomeTheme::Independence,
        OutcomeTheme::PhysicalHealth,
        OutcomeTheme::PreparingForAdulthood,
    ];

    /// The stable snake_case id used in files.
    pub fn id(self) -> &'static str {
        match self {
            OutcomeTheme::Communication => "communication",
            OutcomeTheme::Learning => "learning",
            OutcomeTheme::SocialEmotional => "social_emotional",
            OutcomeTheme::Independence => "independence",
            OutcomeTheme::PhysicalHealth => "physical_health",
            OutcomeTheme::PreparingForAdulthood => "preparing_for_adulthood",
        }
    }
}

impl FromStr for OutcomeTheme {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        OutcomeTheme::ALL
            .into_iter()
            .find(|theme| theme.id() == text.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = OutcomeTheme::ALL.iter().map(|t| t.id()).collect();
                format!(
                    "'{text}' is not an outcome theme: expected one of {}",
                    known.join(", ")
                )
            })
    }
}

impl fmt::Display for OutcomeTheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One case: synthetic (generated) or historic (imported).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CaseRecord", try_from = "CaseRecord")]
pub struct Case {
    /// The case reference, unique within a population or file. Never a name or identifier of a
    /// real child.
    pub case_ref: String,
    /// Month and year of birth.
    pub birth: BirthMonth,
    /// SEN2 age band on the population's reference date.
    pub age_band: AgeBand,
    /// The 20 needs-assessment scores.
    pub scores: NeedsScores,
    /// The primary need; always present for a plan, optional for a "no plan" decision.
    pub primary_need: Option<Sen2Need>,
    /// Secondary needs, in SEN2 order, never repeating the primary need.
    pub secondary_needs: Vec<Sen2Need>,
    /// Which of SP1–SP13 the case received (index 0 is SP1).
    pub provision: [bool; 13],
    /// Outcome themes, in [`OutcomeTheme::ALL`] order.
    pub outcomes: Vec<OutcomeTheme>,
    /// The panel's decision.
    pub panel_decision: PanelDecision,
    /// True when the case was generated, not recorded: every generated case says so.
    pub synthetic: bool,
}

impl Case {
    /// The provision elements the case received, in order.
    pub fn provision_elements(&self) -> Vec<ProvisionElement> {
        ProvisionElement::ALL
            .into_iter()
            .zip(self.provision)
            .filter(|(_, received)| *received)
            .map(|(element, _)| element)
            .collect()
    }
}

/// The wire form of a [`Case`]: plain strings, numbers and a map of scores by item id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseRecord {
    case_ref: String,
    birth: String,
    age_band: String,
    scores: BTreeMap<String, u8>,
    primary_need: Option<String>,
    secondary_needs: Vec<String>,
    provision: Vec<String>,
    outcomes: Vec<String>,
    panel_decision: String,
    synthetic: bool,
}

impl From<Case> for CaseRecord {
    fn from(case: Case) -> Self {
        CaseRecord {
            case_ref: case.case_ref.clone(),
            birth: case.birth.to_string(),
            age_band: case.age_band.label().to_owned(),
            scores: case
                .scores
                .iter()
                .map(|(metric, score)| (metric.id().to_owned(), score))
                .collect(),
            primary_need: case.primary_need.map(|need| need.code().to_owned()),
            secondary_needs: case
                .secondary_needs
                .iter()
                .map(|need| need.code().to_owned())
                .collect(),
            provision: case
                .provision_elements()
                .iter()
                .map(ToString::to_string)
                .collect(),
            outcomes: case.outcomes.iter().map(|t| t.id().to_owned()).collect(),
            panel_decision: case.panel_decision.id().to_owned(),
            synthetic: case.synthetic,
        }
    }
}

impl TryFrom<CaseRecord> for Case {
    type Error = String;

    fn try_from(record: CaseRecord) -> Result<Self, Self::Error> {
        let birth = BirthMonth::parse(&record.birth).map_err(|e| e.to_string())?;
        let age_band: AgeBand = record
            .age_band
            .parse()
            .map_err(|_| format!("'{}' is not an age band", record.age_band))?;
        let scores = NeedsScores::from_pairs(
            record
                .scores
                .iter()
                .map(|(id, score)| (id.as_str(), i64::from(*score))),
        )
        .map_err(|e| e.to_string())?;
        let need = |code: &String| code.parse::<Sen2Need>().map_err(|e| e.to_string());
        let primary_need = record.primary_need.as_ref().map(need).transpose()?;
        let secondary_needs = record
            .secondary_needs
            .iter()
            .map(need)
            .collect::<Result<Vec<_>, _>>()?;
        let mut provision = [false; 13];
        for code in &record.provision {
            let element: ProvisionElement = code.parse().map_err(|e| format!("{e}"))?;
            provision[usize::from(element.number() - 1)] = true;
        }
        let outcomes = record
            .outcomes
            .iter()
            .map(|t| t.parse::<OutcomeTheme>())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Case {
            case_ref: record.case_ref,
            birth,
            age_band,
            scores,
            primary_need,
            secondary_needs,
            provision,
            outcomes,
            panel_decision: record.panel_decision.parse()?,
            synthetic: record.synthetic,
        })
    }
}

/// Builds a [`NeedsScores`] from 20 values in [`MetricId::ALL`] order, clamping each to its
/// item's range. With every id present once and every value in range this does not fail; the
/// `Result` keeps the function total without a panic.
pub(crate) fn scores_from_array(values: [u8; 20]) -> Result<NeedsScores, ScoreError> {
    NeedsScores::from_pairs(
        MetricId::ALL
            .iter()
            .zip(values)
            .map(|(metric, value)| (metric.id(), i64::from(value.min(metric.kind().max_score())))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_survives_a_json_round_trip() {
        let case = Case {
            case_ref: "SYN-1".to_owned(),
            birth: BirthMonth::parse("2016-03").unwrap(),
            age_band: AgeBand::FiveToTen,
            scores: scores_from_array([1; 20]).unwrap(),
            primary_need: Some(Sen2Need::Asd),
            secondary_needs: vec![Sen2Need::Slcn],
            provision: [
                true, false, true, false, false, false, false, false, false, false, false, false,
                true,
            ],
            outcomes: vec![OutcomeTheme::Communication],
            panel_decision: PanelDecision::Plan,
            synthetic: true,
        };
        let json = serde_json::to_string(&case).unwrap();
        assert!(
            json.contains("\"provision\":[\"SP1\",\"SP3\",\"SP13\"]"),
            "{json}"
        );
        assert!(json.contains("\"synthetic\":true"));
        let back: Case = serde_json::from_str(&json).unwrap();
        assert_eq!(back, case);
        let bad = json.replace("\"SLCN\"", "\"ADHD\"");
        assert!(serde_json::from_str::<Case>(&bad).is_err());
    }

    #[test]
    fn decisions_and_themes_read_their_own_ids_only() {
        for theme in OutcomeTheme::ALL {
            assert_eq!(theme.id().parse::<OutcomeTheme>(), Ok(theme));
        }
        assert_eq!(
            "no_plan".parse::<PanelDecision>(),
            Ok(PanelDecision::NoPlan)
        );
        assert!("yes".parse::<PanelDecision>().is_err());
        assert!("fun".parse::<OutcomeTheme>().is_err());
    }

    #[test]
    fn out_of_range_values_are_clamped_into_a_valid_set() {
        let scores = scores_from_array([9; 20]).unwrap();
        assert_eq!(scores.get(MetricId::Asd), 3);
        assert_eq!(scores.get(MetricId::FlmtFlag), 1);
    }
}
