//! The outcomes library: outcome templates keyed by need and phase, for section E.
//!
//! Each template is written for one table of the plan (a broad area of need, health or social
//! care) and one phase of education (early years, primary, secondary, post-16). A template may
//! name the need concepts it fits best (dictionary concept ids such as `receptive_language`);
//! one that names none is a general outcome for its table and phase. Preparing for Adulthood
//! templates also name their domain (employment, independent living, community participation
//! or health) and are used from Year 9.
//!
//! Every template is SMART-shaped: it names something that can be seen or counted and a time or
//! the end of a phase ("By the end of Key Stage 2, …"). None names a quantity of provision
//! (sessions, minutes, staff): an outcome says what difference provision should make, never how
//! much provision there is. `{child}` in a template is replaced by the child's name or token.
//! A drafted outcome is always a suggestion for the coordinator to personalise.
//!
//! The built-in library is `data/outcomes.toml`, compiled in. This module reads no files.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

const BUILTIN: &str = include_str!("../data/outcomes.toml");

/// The text in a template that stands for the child or young person.
pub const CHILD_TOKEN: &str = "{child}";

/// A phase of education, used to pick outcomes that fit the child's age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Nursery and Reception (the Early Years Foundation Stage).
    EarlyYears,
    /// Years 1 to 6.
    Primary,
    /// Years 7 to 11.
    Secondary,
    /// Year 12 onwards: sixth form, college, training.
    Post16,
}

impl Phase {
    /// All four, youngest first.
    pub const ALL: [Phase; 4] = [
        Phase::EarlyYears,
        Phase::Primary,
        Phase::Secondary,
        Phase::Post16,
    ];

    /// The stable snake_case id used in the data file and the plan.
    pub fn id(self) -> &'static str {
        match self {
            Phase::EarlyYears => "early_years",
            Phase::Primary => "primary",
            Phase::Secondary => "secondary",
            Phase::Post16 => "post_16",
        }
    }

    /// The phase of a national curriculum year (Reception is 0, nursery below it).
    pub fn of_year_group(year_group: i8) -> Phase {
        match year_group {
            i8::MIN..=0 => Phase::EarlyYears,
            1..=6 => Phase::Primary,
            7..=11 => Phase::Secondary,
            _ => Phase::Post16,
        }
    }
}

impl FromStr for Phase {
    type Err = OutcomeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|phase| phase.id() == text.trim())
            .ok_or_else(|| OutcomeError::Content(format!("'{text}' is not a known phase")))
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The four Preparing for Adulthood domains (SEND Code of Practice, chapter 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PfaDomain {
    /// Higher education and/or employment.
    Employment,
    /// Independent living.
    IndependentLiving,
    /// Participating in society: friends, relationships and the community.
    Community,
    /// Being as healthy as possible in adult life.
    Health,
}

impl PfaDomain {
    /// All four, in the Code of Practice's order.
    pub const ALL: [PfaDomain; 4] = [
        PfaDomain::Employment,
        PfaDomain::IndependentLiving,
        PfaDomain::Community,
        PfaDomain::Health,
    ];

    /// The stable snake_case id used in the data file.
    pub fn id(self) -> &'static str {
        match self {
            PfaDomain::Employment => "employment",
            PfaDomain::IndependentLiving => "independent_living",
            PfaDomain::Community => "community",
            PfaDomain::Health => "health",
        }
    }

    /// The printed name, e.g. "employment" or "community participation".
    pub fn title(self) -> &'static str {
        match self {
            PfaDomain::Employment => "employment",
            PfaDomain::IndependentLiving => "independent living",
            PfaDomain::Community => "community participation",
            PfaDomain::Health => "health",
        }
    }
}

impl FromStr for PfaDomain {
    type Err = OutcomeError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PfaDomain::ALL
            .into_iter()
            .find(|domain| domain.id() == text.trim())
            .ok_or_else(|| {
                OutcomeError::Content(format!(
                    "'{text}' is not a known Preparing for Adulthood domain"
                ))
            })
    }
}

/// The first year group from which Preparing for Adulthood outcomes are drafted.
pub const PFA_FROM_YEAR: i8 = 9;

/// The tables a template can be written for, besides the four broad areas of need.
pub const HEALTH: &str = "health";
/// The social care table's key.
pub const SOCIAL_CARE: &str = "social_care";

/// One outcome template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeTemplate {
    /// Stable, unique id (printed as the statement's library origin).
    pub id: String,
    /// The table it is written for: a broad area id (domain `BroadArea::id`), `health` or
    /// `social_care`.
    pub area: String,
    /// The phase it suits.
    pub phase: Phase,
    /// Need concepts (dictionary ids) it fits best; empty for a general outcome.
    pub needs: Vec<String>,
    /// The Preparing for Adulthood domain, for PfA outcomes.
    pub pfa: Option<PfaDomain>,
    /// The wording, with [`CHILD_TOKEN`] for the child.
    pub text: String,
}

impl OutcomeTemplate {
    /// The wording with the child's name or token in place of [`CHILD_TOKEN`].
    pub fn render(&self, child: &str) -> String {
        self.text.replace(CHILD_TOKEN, child)
    }

    /// [`render`](Self::render) for a child in `year_group`: an end point the child has already
    /// passed ("By the end of Year 9" for a Year 10 pupil) moves to the end of the phase
    /// ("By the end of Year 11"), so no outcome is due before it is drafted.
    pub fn render_for(&self, child: &str, year_group: Option<i8>) -> String {
        let text = self.render(child);
        let Some(year) = year_group else {
            return text;
        };
        let prefix = "By the end of Year ";
        let Some(rest) = text.strip_prefix(prefix) else {
            return text;
        };
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(due) = digits.parse::<i8>() else {
            return text;
        };
        let phase_end = match Phase::of_year_group(year) {
            Phase::Primary => 6,
            Phase::Secondary => 11,
            Phase::EarlyYears | Phase::Post16 => return text,
        };
        if due >= year || phase_end < year {
            return text;
        }
        format!("{prefix}{phase_end}{}", &rest[digits.len()..])
    }
}

/// The library could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutcomeError {
    /// Not valid TOML, or not the library's shape.
    #[error("the outcomes library is not valid: {0}")]
    Syntax(String),
    /// Valid TOML with wrong content.
    #[error("the outcomes library is wrong: {0}")]
    Content(String),
}

/// The outcome templates, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeLibrary {
    version: String,
    templates: Vec<OutcomeTemplate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLibrary {
    version: String,
    outcome: Vec<RawOutcome>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcome {
    id: String,
    area: String,
    phase: String,
    #[serde(default)]
    needs: Vec<String>,
    pfa: Option<String>,
    text: String,
}

/// The tables a template may name.
const AREAS: [&str; 6] = [
    "communication_and_interaction",
    "cognition_and_learning",
    "social_emotional_mental_health",
    "sensory_and_physical",
    HEALTH,
    SOCIAL_CARE,
];

/// Words that would mean a template names a quantity of provision.
const PROVISION_WORDS: [&str; 5] = [
    "session",
    "hours per",
    "per week",
    "one-to-one support",
    "teaching assistant",
];

impl OutcomeLibrary {
    /// An empty library (no outcomes are drafted).
    pub const fn empty() -> OutcomeLibrary {
        OutcomeLibrary {
            version: String::new(),
            templates: Vec::new(),
        }
    }

    /// The library compiled into the crate.
    pub fn builtin() -> Result<OutcomeLibrary, OutcomeError> {
        OutcomeLibrary::from_toml_str(BUILTIN)
    }

    /// A library from TOML text, checked: ids unique, areas and phases known, every template
    /// has a time or phase and names the child, none names a quantity of provision.
    pub fn from_toml_str(text: &str) -> Result<OutcomeLibrary, OutcomeError> {
        let raw: RawLibrary =
            toml::from_str(text).map_err(|error| OutcomeError::Syntax(error.message().into()))?;
        let mut seen = BTreeSet::new();
        let mut templates = Vec::with_capacity(raw.outcome.len());
        for outcome in raw.outcome {
            if !seen.insert(outcome.id.clone()) {
                return Err(OutcomeError::Content(format!(
                    "outcome '{}' appears twice",
                    outcome.id
                )));
            }
            if !AREAS.contains(&outcome.area.as_str()) {
                return Err(OutcomeError::Content(format!(
                    "outcome '{}': '{}' is not a known area",
                    outcome.id, outcome.area
                )));
            }
            let phase: Phase = outcome.phase.parse()?;
            let pfa = outcome
                .pfa
                .as_deref()
                .map(str::parse::<PfaDomain>)
                .transpose()?;
            if !outcome.text.contains(CHILD_TOKEN) {
                return Err(OutcomeError::Content(format!(
                    "outcome '{}' does not name the child with {CHILD_TOKEN}",
                    outcome.id
                )));
            }
            if !has_time(&outcome.text) {
                return Err(OutcomeError::Content(format!(
                    "outcome '{}' has no time or phase (start it with 'By …')",
                    outcome.id
                )));
            }
            let lower = outcome.text.to_lowercase();
            if let Some(word) = PROVISION_WORDS.iter().find(|word| lower.contains(*word)) {
                return Err(OutcomeError::Content(format!(
                    "outcome '{}' names provision ('{word}'); outcomes describe the difference \
                     made, not the support given",
                    outcome.id
                )));
            }
            templates.push(OutcomeTemplate {
                id: outcome.id,
                area: outcome.area,
                phase,
                needs: outcome.needs,
                pfa,
                text: outcome.text,
            });
        }
        Ok(OutcomeLibrary {
            version: raw.version,
            templates,
        })
    }

    /// The library's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every template, in file order.
    pub fn templates(&self) -> &[OutcomeTemplate] {
        &self.templates
    }

    /// The template with this id.
    pub fn template(&self, id: &str) -> Option<&OutcomeTemplate> {
        self.templates.iter().find(|template| template.id == id)
    }

    /// Templates for `area` and `phase` (not Preparing for Adulthood ones) that name `concept`.
    pub fn for_need<'a>(
        &'a self,
        area: &'a str,
        concept: &'a str,
        phase: Phase,
    ) -> impl Iterator<Item = &'a OutcomeTemplate> + 'a {
        self.templates.iter().filter(move |template| {
            template.pfa.is_none()
                && template.area == area
                && template.phase == phase
                && template.needs.iter().any(|need| need == concept)
        })
    }

    /// General templates (naming no need) for `area` and `phase`, not Preparing for Adulthood.
    pub fn general<'a>(
        &'a self,
        area: &'a str,
        phase: Phase,
    ) -> impl Iterator<Item = &'a OutcomeTemplate> + 'a {
        self.templates.iter().filter(move |template| {
            template.pfa.is_none()
                && template.area == area
                && template.phase == phase
                && template.needs.is_empty()
        })
    }

    /// Preparing for Adulthood templates for `domain` and `phase`.
    pub fn preparing_for_adulthood(
        &self,
        domain: PfaDomain,
        phase: Phase,
    ) -> impl Iterator<Item = &OutcomeTemplate> + '_ {
        self.templates
            .iter()
            .filter(move |template| template.pfa == Some(domain) && template.phase == phase)
    }
}

/// Whether the text names a time or the end of a phase.
fn has_time(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.starts_with("by ")
        || lower.contains(" by the end of ")
        || lower.contains("before ")
        || lower.contains("within ")
}

/// Whether an outcome template id is a Preparing for Adulthood one in `library`.
pub fn is_preparing_for_adulthood(library: &OutcomeLibrary, id: &str) -> bool {
    library
        .template(id)
        .is_some_and(|template| template.pfa.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library() -> OutcomeLibrary {
        match OutcomeLibrary::builtin() {
            Ok(library) => library,
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn the_builtin_library_parses_with_at_least_150_unique_templates() {
        let library = library();
        assert!(
            library.templates().len() >= 150,
            "{}",
            library.templates().len()
        );
        let ids: BTreeSet<&str> = library.templates().iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), library.templates().len());
        assert!(!library.version().is_empty());
    }

    #[test]
    fn every_table_and_phase_has_general_outcomes() {
        let library = library();
        for area in AREAS {
            for phase in Phase::ALL {
                assert!(
                    library.general(area, phase).count() >= 1,
                    "no general outcome for {area} in {phase}"
                );
            }
        }
    }

    #[test]
    fn every_broad_area_and_phase_has_need_specific_outcomes() {
        let library = library();
        for area in &AREAS[..4] {
            for phase in Phase::ALL {
                let specific = library
                    .templates()
                    .iter()
                    .filter(|t| t.area == *area && t.phase == phase && !t.needs.is_empty())
                    .count();
                assert!(specific >= 3, "{area} {phase}: {specific}");
            }
        }
    }

    #[test]
    fn every_preparing_for_adulthood_domain_has_outcomes_from_year_9() {
        let library = library();
        for domain in PfaDomain::ALL {
            for phase in [Phase::Secondary, Phase::Post16] {
                assert!(
                    library.preparing_for_adulthood(domain, phase).count() >= 2,
                    "{} {phase}",
                    domain.id()
                );
            }
        }
    }

    #[test]
    fn need_concepts_named_in_the_library_are_dictionary_concepts() {
        let dictionary = match dehcp_nlp::dictionary::Dictionary::builtin() {
            Ok(dictionary) => dictionary,
            Err(error) => panic!("{error}"),
        };
        let ids: BTreeSet<&str> = dictionary
            .concepts()
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        for template in library().templates() {
            for need in &template.needs {
                assert!(ids.contains(need.as_str()), "{}: {need}", template.id);
            }
        }
    }

    #[test]
    fn a_duplicate_id_is_rejected() {
        let text = r#"
version = "x"
[[outcome]]
id = "a"
area = "health"
phase = "primary"
text = "By the end of Year 6, {child} will do one thing."
[[outcome]]
id = "a"
area = "health"
phase = "primary"
text = "By the end of Year 6, {child} will do two things."
"#;
        assert_eq!(
            OutcomeLibrary::from_toml_str(text),
            Err(OutcomeError::Content("outcome 'a' appears twice".into()))
        );
    }

    #[test]
    fn a_template_without_a_time_or_naming_provision_is_rejected() {
        let no_time = "version = \"x\"\n[[outcome]]\nid = \"a\"\narea = \"health\"\n\
                       phase = \"primary\"\ntext = \"{child} will be happier.\"\n";
        assert!(matches!(
            OutcomeLibrary::from_toml_str(no_time),
            Err(OutcomeError::Content(message)) if message.contains("no time")
        ));
        let provision = no_time.replace(
            "{child} will be happier.",
            "By July, {child} will attend three sessions per week.",
        );
        assert!(matches!(
            OutcomeLibrary::from_toml_str(&provision),
            Err(OutcomeError::Content(message)) if message.contains("names provision")
        ));
    }

    #[test]
    fn an_end_point_already_passed_moves_to_the_end_of_the_phase() {
        let template = |text: &str| OutcomeTemplate {
            id: "t".into(),
            area: "cognition_and_learning".into(),
            phase: Phase::Secondary,
            needs: Vec::new(),
            pfa: None,
            text: text.into(),
        };
        let year9 = template("By the end of Year 9, {child} will read a bus timetable.");
        assert_eq!(
            year9.render_for("Sam", Some(10)),
            "By the end of Year 11, Sam will read a bus timetable."
        );
        assert_eq!(
            year9.render_for("Sam", Some(11)),
            "By the end of Year 11, Sam will read a bus timetable."
        );
        // Still ahead, or no year known: unchanged.
        for year in [Some(7), Some(9), None] {
            assert_eq!(
                year9.render_for("Sam", year),
                "By the end of Year 9, Sam will read a bus timetable."
            );
        }
        // Other wordings are left alone.
        let course = template("By the end of the course, {child} will cook a meal.");
        assert_eq!(
            course.render_for("Sam", Some(13)),
            "By the end of the course, Sam will cook a meal."
        );
    }

    #[test]
    fn no_drafted_outcome_is_due_before_the_childs_own_year() {
        let library = OutcomeLibrary::builtin().unwrap();
        for year in 1..=11i8 {
            for template in library.templates() {
                if template.phase != Phase::of_year_group(year) {
                    continue;
                }
                let text = template.render_for("Sam", Some(year));
                if let Some(rest) = text.strip_prefix("By the end of Year ") {
                    let due: i8 = rest
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap();
                    assert!(due >= year, "Year {year}: {text}");
                }
            }
        }
    }

    #[test]
    fn phases_follow_year_groups() {
        assert_eq!(Phase::of_year_group(-1), Phase::EarlyYears);
        assert_eq!(Phase::of_year_group(0), Phase::EarlyYears);
        assert_eq!(Phase::of_year_group(1), Phase::Primary);
        assert_eq!(Phase::of_year_group(6), Phase::Primary);
        assert_eq!(Phase::of_year_group(7), Phase::Secondary);
        assert_eq!(Phase::of_year_group(11), Phase::Secondary);
        assert_eq!(Phase::of_year_group(12), Phase::Post16);
    }

    #[test]
    fn rendering_names_the_child() {
        let library = library();
        let template = &library.templates()[0];
        let text = template.render("[CHILD]");
        assert!(text.contains("[CHILD]"));
        assert!(!text.contains(CHILD_TOKEN));
    }
}
