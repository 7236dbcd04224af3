//! SEN2 need types and the four broad areas of need.
//!
//! The set of codes is a type ([`Sen2Need`]); their names, descriptions and the broad area each
//! belongs to are data (`data/sen2-needs.toml`), loaded into a [`Sen2Catalogue`].

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "sen2-needs.toml";
const BUILTIN: &str = include_str!("../data/sen2-needs.toml");

/// The four broad areas of need in the SEND Code of Practice (6.28–6.35), used to group
/// sections B, F and E of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BroadArea {
    /// Communication and interaction.
    CommunicationAndInteraction,
    /// Cognition and learning.
    CognitionAndLearning,
    /// Social, emotional and mental health.
    SocialEmotionalMentalHealth,
    /// Sensory and/or physical.
    SensoryAndPhysical,
}

impl BroadArea {
    /// All four, in the order plans present them.
    pub const ALL: [BroadArea; 4] = [
        BroadArea::CommunicationAndInteraction,
        BroadArea::CognitionAndLearning,
        BroadArea::SocialEmotionalMentalHealth,
        BroadArea::SensoryAndPhysical,
    ];

    /// The stable snake_case identifier used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            BroadArea::CommunicationAndInteraction => "communication_and_interaction",
            BroadArea::CognitionAndLearning => "cognition_and_learning",
            BroadArea::SocialEmotionalMentalHealth => "social_emotional_mental_health",
            BroadArea::SensoryAndPhysical => "sensory_and_physical",
        }
    }
}

/// An identifier that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not a known {what}")]
pub struct UnknownCode {
    /// What kind of code was expected.
    pub what: &'static str,
    /// What was given.
    pub given: String,
}

impl FromStr for BroadArea {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        BroadArea::ALL
            .into_iter()
            .find(|area| area.id() == text.trim())
            .ok_or_else(|| UnknownCode {
                what: "broad area of need",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for BroadArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A SEN2 type-of-need code, as used for a child's primary and secondary need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sen2Need {
    /// Autistic spectrum disorder.
    Asd,
    /// Hearing impairment.
    Hi,
    /// Moderate learning difficulty.
    Mld,
    /// Multi-sensory impairment.
    Msi,
    /// Other difficulty or disability.
    Oth,
    /// Physical disability.
    Pd,
    /// Profound and multiple learning difficulty.
    Pmld,
    /// Social, emotional and mental health.
    Semh,
    /// Speech, language and communication needs.
    Slcn,
    /// Severe learning difficulty.
    Sld,
    /// Specific learning difficulty.
    Spld,
    /// Visual impairment.
    Vi,
    /// Down syndrome (collected from 2025).
    Ds,
}

impl Sen2Need {
    /// Every code, in SEN2's alphabetical order with DS last (as added in 2025).
    pub const ALL: [Sen2Need; 13] = [
        Sen2Need::Asd,
        Sen2Need::Hi,
        Sen2Need::Mld,
        Sen2Need::Msi,
        Sen2Need::Oth,
        Sen2Need::Pd,
        Sen2Need::Pmld,
        Sen2Need::Semh,
        Sen2Need::Slcn,
        Sen2Need::Sld,
        Sen2Need::Spld,
        Sen2Need::Vi,
        Sen2Need::Ds,
    ];

    /// The SEN2 code in upper case, for example `SLCN`.
    pub fn code(self) -> &'static str {
        match self {
            Sen2Need::Asd => "ASD",
            Sen2Need::Hi => "HI",
            Sen2Need::Mld => "MLD",
            Sen2Need::Msi => "MSI",
            Sen2Need::Oth => "OTH",
            Sen2Need::Pd => "PD",
            Sen2Need::Pmld => "PMLD",
            Sen2Need::Semh => "SEMH",
            Sen2Need::Slcn => "SLCN",
            Sen2Need::Sld => "SLD",
            Sen2Need::Spld => "SPLD",
            Sen2Need::Vi => "VI",
            Sen2Need::Ds => "DS",
        }
    }
}

impl FromStr for Sen2Need {
    type Err = UnknownCode;

    /// Accepts a code in any case, with surrounding spaces (`" slcn"`); SEN2 writes `SPLD`, and
    /// the common `SpLD` spelling is accepted too.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim();
        Sen2Need::ALL
            .into_iter()
            .find(|need| need.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownCode {
                what: "SEN2 need type",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for Sen2Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A broad area's name and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaInfo {
    /// Which area.
    pub area: BroadArea,
    /// Its name as written in plans, for example "Sensory and/or physical".
    pub name: String,
    /// A sentence or two for professionals and families.
    pub description: String,
}

/// A need type's name, broad area and description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedInfo {
    /// Which need.
    pub need: Sen2Need,
    /// Its SEN2 name.
    pub name: String,
    /// The broad area it is grouped under.
    pub area: BroadArea,
    /// The first collection year the code was used.
    pub since: u16,
    /// A sentence or two for professionals and families.
    pub description: String,
}

/// The SEN2 need types and broad areas, as loaded from the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sen2Catalogue {
    version: String,
    areas: Vec<AreaInfo>,
    needs: Vec<NeedInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    #[allow(dead_code)]
    source: String,
    area: Vec<RawArea>,
    need: Vec<RawNeed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: String,
    name: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNeed {
    code: String,
    name: String,
    area: String,
    since: u16,
    description: String,
}

impl Sen2Catalogue {
    /// The catalogue shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads a catalogue from the text of a `sen2-needs.toml` file. Every area and every code
    /// must appear exactly once.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let bad = |message: String| ReferenceDataError::content(FILE, message);
        let mut areas = Vec::new();
        for raw_area in raw.area {
            let area: BroadArea = raw_area
                .id
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            if areas.iter().any(|known: &AreaInfo| known.area == area) {
                return Err(bad(format!("broad area '{area}' appears twice")));
            }
            areas.push(AreaInfo {
                area,
                name: raw_area.name,
                description: raw_area.description,
            });
        }
        if let Some(missing) = BroadArea::ALL
            .into_iter()
            .find(|area| !areas.iter().any(|known| known.area == *area))
        {
            return Err(bad(format!("broad area '{missing}' is missing")));
        }
        let mut needs = Vec::new();
        for raw_need in raw.need {
            let need: Sen2Need = raw_need
                .code
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            let area: BroadArea = raw_need
                .area
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            if needs.iter().any(|known: &NeedInfo| known.need == need) {
                return Err(bad(format!("need type '{need}' appears twice")));
            }
            needs.push(NeedInfo {
                need,
                name: raw_need.name,
                area,
                since: raw_need.since,
                description: raw_need.description,
            });
        }
        if let Some(missing) = Sen2Need::ALL
            .into_iter()
            .find(|need| !needs.iter().any(|known| known.need == *need))
        {
            return Err(bad(format!("need type '{missing}' is missing")));
        }
        needs.sort_by_key(|info| info.need);
        areas.sort_by_key(|info| info.area);
        Ok(Sen2Catalogue {
            version: raw.version,
            areas,
            needs,
        })
    }

    /// The data version, for example `2025`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Name, area and description of one need type.
    pub fn need(&self, need: Sen2Need) -> &NeedInfo {
        // Construction guarantees one entry per code, sorted in enum order.
        &self.needs[Sen2Need::ALL.iter().position(|n| *n == need).unwrap_or(0)]
    }

    /// Name and description of one broad area.
    pub fn area(&self, area: BroadArea) -> &AreaInfo {
        &self.areas[BroadArea::ALL.iter().position(|a| *a == area).unwrap_or(0)]
    }

    /// All need types in code order.
    pub fn needs(&self) -> &[NeedInfo] {
        &self.needs
    }

    /// The need types collected in a given SEN2 year (DS only from 2025).
    pub fn needs_collected_in(&self, year: u16) -> impl Iterator<Item = &NeedInfo> {
        self.needs.iter().filter(move |info| info.since <= year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_has_every_code_with_the_right_area() {
        let catalogue = Sen2Catalogue::builtin().unwrap();
        assert_eq!(catalogue.needs().len(), 13);
        let expected = [
            (Sen2Need::Asd, BroadArea::CommunicationAndInteraction),
            (Sen2Need::Slcn, BroadArea::CommunicationAndInteraction),
            (Sen2Need::Mld, BroadArea::CognitionAndLearning),
            (Sen2Need::Sld, BroadArea::CognitionAndLearning),
            (Sen2Need::Pmld, BroadArea::CognitionAndLearning),
            (Sen2Need::Spld, BroadArea::CognitionAndLearning),
            (Sen2Need::Semh, BroadArea::SocialEmotionalMentalHealth),
            (Sen2Need::Hi, BroadArea::SensoryAndPhysical),
            (Sen2Need::Vi, BroadArea::SensoryAndPhysical),
            (Sen2Need::Msi, BroadArea::SensoryAndPhysical),
            (Sen2Need::Pd, BroadArea::SensoryAndPhysical),
        ];
        for (need, area) in expected {
            assert_eq!(catalogue.need(need).area, area, "{need}");
            assert_eq!(catalogue.need(need).need, need);
        }
        assert_eq!(catalogue.need(Sen2Need::Ds).since, 2025);
        assert_eq!(catalogue.needs_collected_in(2024).count(), 12);
        assert_eq!(catalogue.needs_collected_in(2025).count(), 13);
        assert_eq!(
            catalogue.area(BroadArea::SensoryAndPhysical).name,
            "Sensory and/or physical"
        );
    }

    #[test]
    fn codes_parse_in_any_case_and_reject_strangers() {
        assert_eq!(" spld ".parse::<Sen2Need>(), Ok(Sen2Need::Spld));
        assert_eq!("SpLD".parse::<Sen2Need>(), Ok(Sen2Need::Spld));
        assert_eq!("ds".parse::<Sen2Need>(), Ok(Sen2Need::Ds));
        assert!("ADHD".parse::<Sen2Need>().is_err());
        for need in Sen2Need::ALL {
            assert_eq!(need.code().parse::<Sen2Need>(), Ok(need));
        }
    }

    #[test]
    fn a_council_file_missing_a_code_is_rejected_by_name() {
        let edited = BUILTIN.replace("code = \"VI\"", "code = \"ASD\"");
        let error = Sen2Catalogue::from_toml_str(&edited).unwrap_err();
        assert!(error.to_string().contains("ASD' appears twice"), "{error}");
        let broken = Sen2Catalogue::from_toml_str("version = 1").unwrap_err();
        assert!(matches!(broken, ReferenceDataError::Syntax { .. }));
    }
}
