//! The 13 provision elements (SP1–SP13) of the 2019 alpha's support package recommender.
//!
//! The codes are a type ([`ProvisionElement`]); names, descriptions and the plan section where
//! each usually sits are data (`data/provision-elements.toml`). These are categories for
//! recommending and counting provision, never the provision itself: a plan's section F still
//! says who does what, how often and for how long.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::need::UnknownCode;
use crate::plan::PlanSection;
use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "provision-elements.toml";
const BUILTIN: &str = include_str!("../data/provision-elements.toml");

/// One of the 13 provision elements, SP1 to SP13.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProvisionElement(u8);

impl ProvisionElement {
    /// All 13 in order.
    pub const ALL: [ProvisionElement; 13] = {
        let mut all = [ProvisionElement(1); 13];
        let mut index = 0;
        while index < 13 {
            all[index] = ProvisionElement(index as u8 + 1);
            index += 1;
        }
        all
    };

    /// The element's number, 1 to 13.
    pub fn number(self) -> u8 {
        self.0
    }

    /// The code, for example `SP4`.
    pub fn code(self) -> String {
        format!("SP{}", self.0)
    }
}

impl FromStr for ProvisionElement {
    type Err = UnknownCode;

    /// Accepts `SP1` to `SP13` in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownCode {
            what: "provision element (SP1 to SP13)",
            given: text.to_owned(),
        };
        let trimmed = text.trim();
        let digits = trimmed
            .get(..2)
            .filter(|prefix| prefix.eq_ignore_ascii_case("sp"))
            .and_then(|_| trimmed.get(2..))
            .ok_or_else(unknown)?;
        if digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(unknown());
        }
        match digits.parse::<u8>() {
            Ok(number @ 1..=13) => Ok(ProvisionElement(number)),
            _ => Err(unknown()),
        }
    }
}

impl fmt::Display for ProvisionElement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SP{}", self.0)
    }
}

/// An element's name, description and usual plan section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementInfo {
    /// Which element.
    pub element: ProvisionElement,
    /// Plain name, for example "Quiet place".
    pub name: String,
    /// The alpha's label, kept for traceability (including its spelling "Liason Service").
    pub seed_label: String,
    /// Where such provision usually sits in a plan (F, G, H1, H2 or I).
    pub usual_section: PlanSection,
    /// What it covers and what a specific plan entry must state.
    pub description: String,
}

/// The provision elements as loaded from their data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionCatalogue {
    version: String,
    elements: Vec<ElementInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    element: Vec<RawElement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElement {
    code: String,
    name: String,
    seed_label: String,
    usual_section: String,
    description: String,
}

impl ProvisionCatalogue {
    /// The catalogue shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads elements from the text of a `provision-elements.toml` file: SP1 to SP13 in order,
    /// each once, each in a provision or placement section.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let bad = |message: String| ReferenceDataError::content(FILE, message);
        if raw.element.len() != 13 {
            return Err(bad(format!(
                "expected 13 elements, found {}",
                raw.element.len()
            )));
        }
        let mut elements = Vec::with_capacity(13);
        for (expected, raw_element) in ProvisionElement::ALL.into_iter().zip(raw.element) {
            let element: ProvisionElement = raw_element
                .code
                .parse()
                .map_err(|e: UnknownCode| bad(e.to_string()))?;
            if element != expected {
                return Err(bad(format!("expected {expected} next, found {element}")));
            }
            let usual_section: PlanSection = raw_element.usual_section.parse().map_err(|_| {
                bad(format!(
                    "{element}: unknown section '{}'",
                    raw_element.usual_section
                ))
            })?;
            if !matches!(
                usual_section,
                PlanSection::F
                    | PlanSection::G
                    | PlanSection::H1
                    | PlanSection::H2
                    | PlanSection::I
            ) {
                return Err(bad(format!(
                    "{element}: provision belongs in F, G, H1, H2 or I, not {usual_section}"
                )));
            }
            elements.push(ElementInfo {
                element,
                name: raw_element.name,
                seed_label: raw_element.seed_label,
                usual_section,
                description: raw_element.description,
            });
        }
        Ok(ProvisionCatalogue {
            version: raw.version,
            elements,
        })
    }

    /// The data version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// One element's information.
    pub fn element(&self, element: ProvisionElement) -> &ElementInfo {
        &self.elements[usize::from(element.number() - 1)]
    }

    /// All 13 in order.
    pub fn elements(&self) -> &[ElementInfo] {
        &self.elements
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_elements_run_sp1_to_sp13_with_their_sections() {
        let catalogue = ProvisionCatalogue::builtin().unwrap();
        assert_eq!(catalogue.elements().len(), 13);
        let sp = |n: &str| catalogue.element(n.parse().unwrap());
        assert_eq!(sp("SP1").usual_section, PlanSection::I);
        assert_eq!(sp("SP11").usual_section, PlanSection::G);
        assert_eq!(sp("SP12").usual_section, PlanSection::H2);
        assert_eq!(sp("SP8").seed_label, "Liason Service");
        assert_eq!(sp("sp13").element.code(), "SP13");
    }

    #[test]
    fn codes_outside_sp1_to_sp13_are_refused() {
        for bad in ["SP0", "SP14", "SP01", "P1", "SP", "SP+1", "SP1 3", ""] {
            assert!(bad.parse::<ProvisionElement>().is_err(), "{bad}");
        }
        for element in ProvisionElement::ALL {
            assert_eq!(element.code().parse::<ProvisionElement>(), Ok(element));
        }
    }

    #[test]
    fn an_edited_file_out_of_order_is_rejected() {
        let swapped = BUILTIN.replacen("code = \"SP2\"", "code = \"SP3\"", 1);
        let error = ProvisionCatalogue::from_toml_str(&swapped).unwrap_err();
        assert!(
            error.to_string().contains("expected SP2 next, found SP3"),
            "{error}"
        );
    }
}
