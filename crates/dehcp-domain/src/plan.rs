//! The sections of an EHC plan (A to K) and the layout of the national plan template.
//!
//! The set of sections is a type ([`PlanSection`]). What each section must contain, where the
//! duty comes from and how it behaves in law (enforceable, appealable, blank in the draft) is
//! data in `data/plan-template.toml`, together with the template's reading order: personal
//! details, section A in two parts, one needs–provision–outcomes table per broad area of need,
//! the health and social care tables, then placement, personal budget and the advice register.
//! Loading checks the rules every template must keep (each section once and somewhere on the
//! page, outcomes in every table, the four need tables in Code of Practice order, only section I
//! blank in the draft), so a council's edited copy fails early with a message naming the fault.
//!
//! This module describes the shape of a plan. It holds no plan content, reads no files (the
//! built-in template is compiled in) and does not decide whether a particular plan is good.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;

use crate::need::{BroadArea, UnknownCode};
use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "plan-template.toml";
const BUILTIN: &str = include_str!("../data/plan-template.toml");

/// A section of an EHC plan: A to J from regulation 12(1) of the SEND Regulations 2014, with H
/// split into H1 and H2, and K from the SEND Code of Practice (9.62).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlanSection {
    /// Views, interests and aspirations.
    A,
    /// Special educational needs.
    B,
    /// Health care needs.
    C,
    /// Social care needs.
    D,
    /// Outcomes.
    E,
    /// Special educational provision.
    F,
    /// Health provision.
    G,
    /// Social care provision under section 2 of the Chronically Sick and Disabled Persons Act
    /// 1970.
    H1,
    /// Any other social care provision.
    H2,
    /// Placement: the school, college or other institution, or its type.
    I,
    /// Personal budget, including direct payments.
    J,
    /// Advice and information gathered during the assessment.
    K,
}

impl PlanSection {
    /// Every section, in statutory order.
    pub const ALL: [PlanSection; 12] = [
        PlanSection::A,
        PlanSection::B,
        PlanSection::C,
        PlanSection::D,
        PlanSection::E,
        PlanSection::F,
        PlanSection::G,
        PlanSection::H1,
        PlanSection::H2,
        PlanSection::I,
        PlanSection::J,
        PlanSection::K,
    ];

    /// The label printed on the plan: "A" to "K", with "H1" and "H2".
    pub fn code(self) -> &'static str {
        match self {
            PlanSection::A => "A",
            PlanSection::B => "B",
            PlanSection::C => "C",
            PlanSection::D => "D",
            PlanSection::E => "E",
            PlanSection::F => "F",
            PlanSection::G => "G",
            PlanSection::H1 => "H1",
            PlanSection::H2 => "H2",
            PlanSection::I => "I",
            PlanSection::J => "J",
            PlanSection::K => "K",
        }
    }

    /// Position in [`PlanSection::ALL`].
    fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for PlanSection {
    type Err = UnknownCode;

    /// Accepts a code in either case, with surrounding spaces (`" h1"`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim();
        PlanSection::ALL
            .into_iter()
            .find(|section| section.code().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| UnknownCode {
                what: "plan section",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for PlanSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What one section must contain and how it behaves in law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionInfo {
    /// Which section.
    pub section: PlanSection,
    /// Its heading in plans, for example "Special educational needs".
    pub title: String,
    /// Where the duty to include it comes from, for example "SEND Regulations 2014, reg
    /// 12(1)(b)".
    pub regulation: String,
    /// What it must contain, in a sentence or three.
    pub contents: String,
    /// Whether the provision it sets out must be secured or arranged.
    pub legally_enforceable: bool,
    /// Whether the family can appeal its content to the First-tier Tribunal (Children and
    /// Families Act 2014, s.51).
    pub appealable: bool,
    /// Whether it stays empty in the draft plan (section I only).
    pub blank_in_draft: bool,
    /// Whether it sets out provision (F, G, H1, H2) rather than needs, views or outcomes.
    pub provision: bool,
}

/// A kind of advice the local authority must seek during a needs assessment, following
/// regulation 6(1)(a) to (h) of the SEND Regulations 2014. Section K lists one row per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdviceType {
    /// (a) Advice and information from the child's parent or the young person.
    ParentOrYoungPerson,
    /// (b) Educational advice.
    Educational,
    /// (c) Medical advice.
    Medical,
    /// (d) Psychological advice.
    Psychological,
    /// (e) Social care advice.
    SocialCare,
    /// (f) Advice from anyone else the local authority thinks appropriate.
    Other,
    /// (g) From Year 9, advice on preparing for adulthood and independent living.
    PreparingForAdulthood,
    /// (h) Advice from anyone the parent or young person reasonably asks the local authority to
    /// consult.
    RequestedByFamily,
}

impl AdviceType {
    /// All eight, in the order of regulation 6(1).
    pub const ALL: [AdviceType; 8] = [
        AdviceType::ParentOrYoungPerson,
        AdviceType::Educational,
        AdviceType::Medical,
        AdviceType::Psychological,
        AdviceType::SocialCare,
        AdviceType::Other,
        AdviceType::PreparingForAdulthood,
        AdviceType::RequestedByFamily,
    ];

    /// The stable snake_case identifier used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            AdviceType::ParentOrYoungPerson => "parent_or_young_person",
            AdviceType::Educational => "educational",
            AdviceType::Medical => "medical",
            AdviceType::Psychological => "psychological",
            AdviceType::SocialCare => "social_care",
            AdviceType::Other => "other",
            AdviceType::PreparingForAdulthood => "preparing_for_adulthood",
            AdviceType::RequestedByFamily => "requested_by_family",
        }
    }

    /// The paragraph of regulation 6(1) that requires this advice.
    pub fn regulation(self) -> &'static str {
        match self {
            AdviceType::ParentOrYoungPerson => "SEND Regulations 2014, reg 6(1)(a)",
            AdviceType::Educational => "SEND Regulations 2014, reg 6(1)(b)",
            AdviceType::Medical => "SEND Regulations 2014, reg 6(1)(c)",
            AdviceType::Psychological => "SEND Regulations 2014, reg 6(1)(d)",
            AdviceType::SocialCare => "SEND Regulations 2014, reg 6(1)(e)",
            AdviceType::Other => "SEND Regulations 2014, reg 6(1)(f)",
            AdviceType::PreparingForAdulthood => "SEND Regulations 2014, reg 6(1)(g)",
            AdviceType::RequestedByFamily => "SEND Regulations 2014, reg 6(1)(h)",
        }
    }

    /// A plain description for the advice register.
    pub fn description(self) -> &'static str {
        match self {
            AdviceType::ParentOrYoungPerson => "Advice from the parent or young person",
            AdviceType::Educational => "Educational advice",
            AdviceType::Medical => "Medical advice",
            AdviceType::Psychological => "Psychological advice",
            AdviceType::SocialCare => "Social care advice",
            AdviceType::Other => "Other advice the local authority thinks appropriate",
            AdviceType::PreparingForAdulthood => {
                "Advice on preparing for adulthood and independent living (from Year 9)"
            }
            AdviceType::RequestedByFamily => {
                "Advice from someone the parent or young person reasonably asked us to consult"
            }
        }
    }
}

impl FromStr for AdviceType {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AdviceType::ALL
            .into_iter()
            .find(|advice| advice.id() == text.trim())
            .ok_or_else(|| UnknownCode {
                what: "advice type",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for AdviceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A column of the section K advice register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegisterColumn {
    /// Which kind of advice the row is for.
    AdviceType,
    /// When the advice arrived.
    DateReceived,
    /// Who gave it.
    FromWhom,
    /// Whether it is attached to the plan.
    Appended,
}

impl RegisterColumn {
    /// All four, in the template's order.
    pub const ALL: [RegisterColumn; 4] = [
        RegisterColumn::AdviceType,
        RegisterColumn::DateReceived,
        RegisterColumn::FromWhom,
        RegisterColumn::Appended,
    ];

    /// The stable snake_case identifier used in files and JSON.
    pub fn id(self) -> &'static str {
        match self {
            RegisterColumn::AdviceType => "advice_type",
            RegisterColumn::DateReceived => "date_received",
            RegisterColumn::FromWhom => "from_whom",
            RegisterColumn::Appended => "appended",
        }
    }
}

impl FromStr for RegisterColumn {
    type Err = UnknownCode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RegisterColumn::ALL
            .into_iter()
            .find(|column| column.id() == text.trim())
            .ok_or_else(|| UnknownCode {
                what: "advice register column",
                given: text.to_owned(),
            })
    }
}

impl fmt::Display for RegisterColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One block of the plan template, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutBlock {
    /// Name, date of birth, languages, contacts and the services involved. Not a statutory
    /// section.
    PersonalDetails,
    /// A1: a summary of the child's or young person's history (section A).
    History,
    /// A2: views, interests and aspirations (section A), written under the given headed parts.
    Views {
        /// The headed parts, in order, for example "Interests".
        parts: Vec<String>,
    },
    /// The table for one broad area of need. It opens with a row of strengths, then one row per
    /// need, with the given sections as columns (normally B, F and E).
    NeedTable {
        /// The broad area of need.
        area: BroadArea,
        /// The sections shown as columns, left to right.
        columns: Vec<PlanSection>,
    },
    /// The health table (normally C, G and E).
    HealthTable {
        /// The sections shown as columns, left to right.
        columns: Vec<PlanSection>,
    },
    /// The social care table (normally D, H1, H2 and E).
    SocialCareTable {
        /// The sections shown as columns, left to right.
        columns: Vec<PlanSection>,
    },
    /// Section I: the placement.
    Placement,
    /// Section J: the personal budget, including direct payments.
    PersonalBudget,
    /// Section K: the register of advice and information appended to the plan.
    AdviceRegister {
        /// One row per kind of advice, in order.
        advice_types: Vec<AdviceType>,
        /// The register's columns, left to right.
        columns: Vec<RegisterColumn>,
    },
}

impl LayoutBlock {
    /// The plan sections written in this block (none for personal details).
    pub fn sections(&self) -> Vec<PlanSection> {
        match self {
            LayoutBlock::PersonalDetails => Vec::new(),
            LayoutBlock::History | LayoutBlock::Views { .. } => vec![PlanSection::A],
            LayoutBlock::NeedTable { columns, .. }
            | LayoutBlock::HealthTable { columns }
            | LayoutBlock::SocialCareTable { columns } => columns.clone(),
            LayoutBlock::Placement => vec![PlanSection::I],
            LayoutBlock::PersonalBudget => vec![PlanSection::J],
            LayoutBlock::AdviceRegister { .. } => vec![PlanSection::K],
        }
    }

    /// The identifier of the block's kind, as written in the data file.
    pub fn kind(&self) -> &'static str {
        match self {
            LayoutBlock::PersonalDetails => "personal_details",
            LayoutBlock::History => "history",
            LayoutBlock::Views { .. } => "views",
            LayoutBlock::NeedTable { .. } => "need_table",
            LayoutBlock::HealthTable { .. } => "health_table",
            LayoutBlock::SocialCareTable { .. } => "social_care_table",
            LayoutBlock::Placement => "placement",
            LayoutBlock::PersonalBudget => "personal_budget",
            LayoutBlock::AdviceRegister { .. } => "advice_register",
        }
    }

    /// The section columns, if the block is a needs, health or social care table.
    pub fn table_columns(&self) -> Option<&[PlanSection]> {
        match self {
            LayoutBlock::NeedTable { columns, .. }
            | LayoutBlock::HealthTable { columns }
            | LayoutBlock::SocialCareTable { columns } => Some(columns),
            _ => None,
        }
    }
}

/// The heading printed above a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockHeading {
    /// A short label printed before the title, such as "A1" or "K".
    pub label: Option<String>,
    /// The heading itself, for example "Summary of history".
    pub title: String,
}

/// The plan sections and the template layout, as loaded from the data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanTemplate {
    version: String,
    source: String,
    sections: Vec<SectionInfo>,
    layout: Vec<LayoutBlock>,
    headings: Vec<BlockHeading>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    source: String,
    section: Vec<RawSection>,
    block: Vec<RawBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: String,
    title: String,
    regulation: String,
    contents: String,
    legally_enforceable: bool,
    appealable: bool,
    blank_in_draft: bool,
    provision: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    kind: String,
    label: Option<String>,
    title: String,
    parts: Option<Vec<String>>,
    area: Option<String>,
    columns: Option<Vec<String>>,
    advice_types: Option<Vec<String>>,
}

fn bad(message: impl Into<String>) -> ReferenceDataError {
    ReferenceDataError::content(FILE, message)
}

impl PlanTemplate {
    /// The template shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads a template from the text of a `plan-template.toml` file and checks its rules: each
    /// section once, each section somewhere in the layout, section E in every table, one need
    /// table per broad area in Code of Practice order, a complete advice register, and section I
    /// (and only I) blank in the draft.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let sections = load_sections(raw.section)?;
        let mut layout = Vec::new();
        let mut headings = Vec::new();
        for (index, raw_block) in raw.block.into_iter().enumerate() {
            let (heading, block) = load_block(index + 1, raw_block)?;
            headings.push(heading);
            layout.push(block);
        }
        check_layout(&layout, &headings)?;
        Ok(PlanTemplate {
            version: raw.version,
            source: raw.source,
            sections,
            layout,
            headings,
        })
    }

    /// The data version, for example `2026.1`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Where the content comes from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What one section must contain and how it behaves in law.
    pub fn section(&self, section: PlanSection) -> &SectionInfo {
        // Loading guarantees one entry per section, stored in the order of `PlanSection::ALL`.
        &self.sections[section.index()]
    }

    /// All sections, in statutory order.
    pub fn sections(&self) -> &[SectionInfo] {
        &self.sections
    }

    /// The template's blocks, in reading order.
    pub fn layout(&self) -> &[LayoutBlock] {
        &self.layout
    }

    /// The template's blocks with their headings, in reading order.
    pub fn headed_layout(&self) -> impl Iterator<Item = (&BlockHeading, &LayoutBlock)> {
        self.headings.iter().zip(&self.layout)
    }
}

fn load_sections(raw_sections: Vec<RawSection>) -> Result<Vec<SectionInfo>, ReferenceDataError> {
    let mut sections: Vec<SectionInfo> = Vec::new();
    for raw in raw_sections {
        let section: PlanSection = raw
            .code
            .parse()
            .map_err(|e: UnknownCode| bad(e.to_string()))?;
        if sections.iter().any(|known| known.section == section) {
            return Err(bad(format!("section {section} appears twice")));
        }
        sections.push(SectionInfo {
            section,
            title: raw.title,
            regulation: raw.regulation,
            contents: raw.contents,
            legally_enforceable: raw.legally_enforceable,
            appealable: raw.appealable,
            blank_in_draft: raw.blank_in_draft,
            provision: raw.provision,
        });
    }
    if let Some(missing) = PlanSection::ALL
        .into_iter()
        .find(|section| !sections.iter().any(|known| known.section == *section))
    {
        return Err(bad(format!("section {missing} is missing")));
    }
    sections.sort_by_key(|info| info.section);
    for info in &sections {
        let must_be_blank = info.section == PlanSection::I;
        if must_be_blank && !info.blank_in_draft {
            return Err(bad(
                "section I must be blank in the draft plan (set blank_in_draft = true)",
            ));
        }
        if !must_be_blank && info.blank_in_draft {
            return Err(bad(format!(
                "only section I may be blank in the draft plan, but section {} is marked \
                 blank_in_draft",
                info.section
            )));
        }
    }
    Ok(sections)
}

/// Turns one `[[block]]` into its heading and typed block. `number` counts from 1 for messages.
fn load_block(
    number: usize,
    raw: RawBlock,
) -> Result<(BlockHeading, LayoutBlock), ReferenceDataError> {
    let name = format!("block {number} ('{}')", raw.title);
    let allowed: &[&str] = match raw.kind.as_str() {
        "views" => &["parts"],
        "need_table" => &["area", "columns"],
        "health_table" | "social_care_table" => &["columns"],
        "advice_register" => &["advice_types", "columns"],
        _ => &[],
    };
    let given = [
        ("parts", raw.parts.is_some()),
        ("area", raw.area.is_some()),
        ("columns", raw.columns.is_some()),
        ("advice_types", raw.advice_types.is_some()),
    ];
    if let Some((field, _)) = given
        .iter()
        .find(|(field, present)| *present && !allowed.contains(field))
    {
        return Err(bad(format!(
            "{name} is a {} and does not take '{field}'",
            raw.kind
        )));
    }
    let required = |field: &str, value: Option<Vec<String>>| {
        value.filter(|items| !items.is_empty()).ok_or_else(|| {
            bad(format!(
                "{name} is a {} and needs a non-empty '{field}'",
                raw.kind
            ))
        })
    };
    let in_block = |e: UnknownCode| bad(format!("{name}: {e}"));
    let parse_all = |field: &str, value: Option<Vec<String>>| -> Result<Vec<PlanSection>, _> {
        required(field, value)?
            .iter()
            .map(|code| code.parse().map_err(in_block))
            .collect()
    };
    let block = match raw.kind.as_str() {
        "personal_details" => LayoutBlock::PersonalDetails,
        "history" => LayoutBlock::History,
        "views" => LayoutBlock::Views {
            parts: required("parts", raw.parts)?,
        },
        "need_table" => {
            let area_id = raw
                .area
                .ok_or_else(|| bad(format!("{name} is a need_table and needs an 'area'")))?;
            LayoutBlock::NeedTable {
                area: area_id.parse().map_err(in_block)?,
                columns: parse_all("columns", raw.columns)?,
            }
        }
        "health_table" => LayoutBlock::HealthTable {
            columns: parse_all("columns", raw.columns)?,
        },
        "social_care_table" => LayoutBlock::SocialCareTable {
            columns: parse_all("columns", raw.columns)?,
        },
        "placement" => LayoutBlock::Placement,
        "personal_budget" => LayoutBlock::PersonalBudget,
        "advice_register" => LayoutBlock::AdviceRegister {
            advice_types: required("advice_types", raw.advice_types)?
                .iter()
                .map(|id| id.parse().map_err(in_block))
                .collect::<Result<_, _>>()?,
            columns: required("columns", raw.columns)?
                .iter()
                .map(|id| id.parse().map_err(in_block))
                .collect::<Result<_, _>>()?,
        },
        other => return Err(bad(format!("{name} has an unknown kind '{other}'"))),
    };
    let heading = BlockHeading {
        label: raw.label,
        title: raw.title,
    };
    Ok((heading, block))
}

/// The rules that span blocks: columns, need-table coverage and order, the advice register and
/// every section having a place.
fn check_layout(
    layout: &[LayoutBlock],
    headings: &[BlockHeading],
) -> Result<(), ReferenceDataError> {
    for (block, heading) in layout.iter().zip(headings) {
        let title = &heading.title;
        if let Some(columns) = block.table_columns() {
            if !columns.contains(&PlanSection::E) {
                return Err(bad(format!(
                    "table '{title}' has no column for section E: every table must show outcomes"
                )));
            }
            if let Some(twice) = first_repeat(columns) {
                return Err(bad(format!("table '{title}' lists section {twice} twice")));
            }
        }
        if let LayoutBlock::AdviceRegister {
            advice_types,
            columns,
        } = block
        {
            if let Some(twice) = first_repeat(advice_types) {
                return Err(bad(format!("the advice register lists '{twice}' twice")));
            }
            if let Some(missing) = AdviceType::ALL
                .into_iter()
                .find(|advice| !advice_types.contains(advice))
            {
                return Err(bad(format!(
                    "the advice register has no row for '{missing}' ({})",
                    missing.regulation()
                )));
            }
            if let Some(twice) = first_repeat(columns) {
                return Err(bad(format!(
                    "the advice register lists column '{twice}' twice"
                )));
            }
        }
    }
    let areas: Vec<BroadArea> = layout
        .iter()
        .filter_map(|block| match block {
            LayoutBlock::NeedTable { area, .. } => Some(*area),
            _ => None,
        })
        .collect();
    if let Some(twice) = first_repeat(&areas) {
        return Err(bad(format!(
            "broad area '{twice}' has more than one need table"
        )));
    }
    if let Some(missing) = BroadArea::ALL
        .into_iter()
        .find(|area| !areas.contains(area))
    {
        return Err(bad(format!("broad area '{missing}' has no need table")));
    }
    if areas != BroadArea::ALL {
        let found: Vec<&str> = areas.iter().map(|area| area.id()).collect();
        let expected: Vec<&str> = BroadArea::ALL.iter().map(|area| area.id()).collect();
        return Err(bad(format!(
            "need tables must follow the Code of Practice order ({}), but they are in the order \
             {}",
            expected.join(", "),
            found.join(", ")
        )));
    }
    let placed: Vec<PlanSection> = layout.iter().flat_map(LayoutBlock::sections).collect();
    if let Some(missing) = PlanSection::ALL
        .into_iter()
        .find(|section| !placed.contains(section))
    {
        return Err(bad(format!(
            "section {missing} does not appear anywhere in the layout"
        )));
    }
    Ok(())
}

/// The first item that occurs more than once.
fn first_repeat<T: PartialEq + Copy>(items: &[T]) -> Option<T> {
    items
        .iter()
        .enumerate()
        .find(|(index, item)| items[..*index].contains(item))
        .map(|(_, item)| *item)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> PlanTemplate {
        PlanTemplate::builtin().unwrap()
    }

    /// Loads the built-in text with the first `from` replaced by `to`, expecting a content
    /// error, and returns its message.
    fn content_error_after_replacing(from: &str, to: &str) -> String {
        assert!(BUILTIN.contains(from), "the built-in file has no '{from}'");
        content_error(&BUILTIN.replacen(from, to, 1))
    }

    fn content_error(text: &str) -> String {
        match PlanTemplate::from_toml_str(text) {
            Err(ReferenceDataError::Content { file, message }) => {
                assert_eq!(file, FILE);
                message
            }
            other => panic!("expected a content error, got {other:?}"),
        }
    }

    /// The built-in text without the `[[header]]` table that contains `marker`.
    fn without_table(header: &str, marker: &str) -> String {
        let at = BUILTIN.find(marker).unwrap();
        let start = BUILTIN[..at].rfind(header).unwrap();
        let end = BUILTIN[at..]
            .find("\n[[")
            .map_or(BUILTIN.len(), |offset| at + offset + 1);
        format!("{}{}", &BUILTIN[..start], &BUILTIN[end..])
    }

    #[test]
    fn builtin_template_loads_with_every_section_once_in_statutory_order() {
        let template = builtin();
        assert_eq!(template.version(), "2026.1");
        let order: Vec<PlanSection> = template
            .sections()
            .iter()
            .map(|info| info.section)
            .collect();
        assert_eq!(order, PlanSection::ALL);
        for section in PlanSection::ALL {
            let info = template.section(section);
            assert_eq!(info.section, section);
            assert!(
                !info.title.is_empty() && !info.contents.is_empty(),
                "{section}"
            );
        }
        assert_eq!(
            template.section(PlanSection::B).title,
            "Special educational needs"
        );
        assert_eq!(
            template.section(PlanSection::B).regulation,
            "SEND Regulations 2014, reg 12(1)(b)"
        );
        assert_eq!(
            template.section(PlanSection::K).regulation,
            "SEND Code of Practice 9.62"
        );
    }

    #[test]
    fn section_codes_parse_in_either_case_and_print_as_written_on_plans() {
        for section in PlanSection::ALL {
            assert_eq!(section.code().parse::<PlanSection>(), Ok(section));
            assert_eq!(
                section.code().to_lowercase().parse::<PlanSection>(),
                Ok(section)
            );
            assert_eq!(section.to_string(), section.code());
        }
        assert_eq!(" h2 ".parse::<PlanSection>(), Ok(PlanSection::H2));
        assert!("H".parse::<PlanSection>().is_err());
        assert!("L".parse::<PlanSection>().is_err());
    }

    #[test]
    fn legal_flags_follow_the_act_and_regulations() {
        let template = builtin();
        let with = |flag: fn(&SectionInfo) -> bool| -> Vec<PlanSection> {
            template
                .sections()
                .iter()
                .filter(|info| flag(info))
                .map(|info| info.section)
                .collect()
        };
        use PlanSection::*;
        assert_eq!(with(|info| info.appealable), [B, F, I]);
        assert_eq!(with(|info| info.provision), [F, G, H1, H2]);
        assert_eq!(with(|info| info.legally_enforceable), [F, G, H1, H2]);
        assert_eq!(with(|info| info.blank_in_draft), [I]);
    }

    #[test]
    fn layout_runs_from_section_a_through_need_tables_and_health_and_care_to_i_j_and_k() {
        let template = builtin();
        let kinds: Vec<&str> = template.layout().iter().map(LayoutBlock::kind).collect();
        assert_eq!(
            kinds,
            [
                "personal_details",
                "history",
                "views",
                "need_table",
                "need_table",
                "need_table",
                "need_table",
                "health_table",
                "social_care_table",
                "placement",
                "personal_budget",
                "advice_register",
            ]
        );
        let first_block_with = |section: PlanSection| {
            template
                .layout()
                .iter()
                .position(|block| block.sections().contains(&section))
                .unwrap()
        };
        use PlanSection::*;
        assert!(first_block_with(A) < first_block_with(B));
        assert!(first_block_with(B) < first_block_with(C));
        assert!(first_block_with(B) < first_block_with(D));
        assert!(first_block_with(C) < first_block_with(I));
        assert!(first_block_with(D) < first_block_with(I));
        assert!(first_block_with(I) < first_block_with(J));
        assert!(first_block_with(J) < first_block_with(K));
        let headings: Vec<(Option<&str>, &str)> = template
            .headed_layout()
            .map(|(heading, _)| (heading.label.as_deref(), heading.title.as_str()))
            .collect();
        assert_eq!(headings[1], (Some("A1"), "Summary of history"));
        assert_eq!(
            headings[2],
            (Some("A2"), "Views, interests and aspirations")
        );
        assert_eq!(headings[11].0, Some("K"));
    }

    #[test]
    fn section_a_views_have_the_five_template_parts() {
        let template = builtin();
        let Some(LayoutBlock::Views { parts }) = template.layout().get(2) else {
            panic!("the third block should be the views block");
        };
        assert_eq!(parts.len(), 5);
        assert_eq!(parts[2], "Interests");
        assert_eq!(parts[3], "Strengths");
        assert_eq!(parts[4], "Aspirations");
    }

    #[test]
    fn need_tables_follow_code_of_practice_order_with_need_provision_and_outcome_columns() {
        let template = builtin();
        let tables: Vec<(BroadArea, &[PlanSection])> = template
            .layout()
            .iter()
            .filter_map(|block| match block {
                LayoutBlock::NeedTable { area, columns } => Some((*area, columns.as_slice())),
                _ => None,
            })
            .collect();
        let areas: Vec<BroadArea> = tables.iter().map(|(area, _)| *area).collect();
        assert_eq!(areas, BroadArea::ALL);
        use PlanSection::*;
        for (_, columns) in tables {
            assert_eq!(columns, [B, F, E]);
        }
        assert!(template.layout().contains(&LayoutBlock::HealthTable {
            columns: vec![C, G, E]
        }));
        assert!(template.layout().contains(&LayoutBlock::SocialCareTable {
            columns: vec![D, H1, H2, E]
        }));
    }

    #[test]
    fn advice_register_has_one_row_per_regulation_6_advice_type_in_order() {
        let template = builtin();
        let Some(LayoutBlock::AdviceRegister {
            advice_types,
            columns,
        }) = template.layout().last()
        else {
            panic!("the last block should be the advice register");
        };
        assert_eq!(advice_types.as_slice(), AdviceType::ALL);
        assert_eq!(columns.as_slice(), RegisterColumn::ALL);
        let letters: String = AdviceType::ALL
            .iter()
            .map(|advice| advice.regulation().chars().rev().nth(1).unwrap())
            .collect();
        assert_eq!(letters, "abcdefgh");
        assert!(
            AdviceType::ALL
                .iter()
                .all(|advice| advice.regulation().contains("reg 6(1)("))
        );
        for advice in AdviceType::ALL {
            assert_eq!(advice.id().parse::<AdviceType>(), Ok(advice));
        }
    }

    #[test]
    fn a_section_listed_twice_is_rejected() {
        let message = content_error_after_replacing("code = \"K\"", "code = \"J\"");
        assert_eq!(message, "section J appears twice");
    }

    #[test]
    fn a_missing_section_is_rejected() {
        let message = content_error(&without_table("[[section]]", "code = \"D\""));
        assert_eq!(message, "section D is missing");
    }

    #[test]
    fn an_unknown_section_code_is_a_content_error_naming_the_code() {
        let message = content_error_after_replacing("code = \"K\"", "code = \"L\"");
        assert_eq!(message, "'L' is not a known plan section");
        let message = content_error_after_replacing("\"H1\", \"H2\", \"E\"]", "\"H3\", \"E\"]");
        assert_eq!(
            message,
            "block 9 ('Social care'): 'H3' is not a known plan section"
        );
    }

    #[test]
    fn unknown_areas_kinds_and_advice_types_are_content_errors() {
        let message =
            content_error_after_replacing("area = \"sensory_and_physical\"", "area = \"sensory\"");
        assert!(
            message.contains("'sensory' is not a known broad area of need"),
            "{message}"
        );
        let message = content_error_after_replacing("kind = \"placement\"", "kind = \"school\"");
        assert_eq!(
            message,
            "block 10 ('Placement') has an unknown kind 'school'"
        );
        let message = content_error_after_replacing("\"psychological\",", "\"therapy\",");
        assert!(
            message.contains("'therapy' is not a known advice type"),
            "{message}"
        );
    }

    #[test]
    fn a_block_with_a_field_its_kind_does_not_take_is_rejected() {
        let message = content_error_after_replacing(
            "kind = \"placement\"",
            "kind = \"placement\"\ncolumns = [\"I\"]",
        );
        assert_eq!(
            message,
            "block 10 ('Placement') is a placement and does not take 'columns'"
        );
    }

    #[test]
    fn a_section_with_no_place_in_the_layout_is_rejected() {
        let message = content_error(&without_table("[[block]]", "kind = \"personal_budget\""));
        assert_eq!(message, "section J does not appear anywhere in the layout");
    }

    #[test]
    fn a_table_without_outcomes_is_rejected() {
        let message = content_error_after_replacing("[\"C\", \"G\", \"E\"]", "[\"C\", \"G\"]");
        assert_eq!(
            message,
            "table 'Health' has no column for section E: every table must show outcomes"
        );
    }

    #[test]
    fn a_second_need_table_for_the_same_area_is_rejected() {
        let message = content_error_after_replacing(
            "area = \"cognition_and_learning\"",
            "area = \"communication_and_interaction\"",
        );
        assert_eq!(
            message,
            "broad area 'communication_and_interaction' has more than one need table"
        );
    }

    #[test]
    fn a_missing_need_table_is_rejected() {
        let text = without_table("[[block]]", "area = \"social_emotional_mental_health\"");
        assert_eq!(
            content_error(&text),
            "broad area 'social_emotional_mental_health' has no need table"
        );
    }

    #[test]
    fn need_tables_out_of_code_of_practice_order_are_rejected() {
        let text = BUILTIN
            .replacen(
                "area = \"communication_and_interaction\"",
                "area = \"SWAP\"",
                1,
            )
            .replacen(
                "area = \"cognition_and_learning\"",
                "area = \"communication_and_interaction\"",
                1,
            )
            .replacen("area = \"SWAP\"", "area = \"cognition_and_learning\"", 1);
        let message = content_error(&text);
        assert!(message.starts_with("need tables must follow the Code of Practice order"));
        assert!(
            message.ends_with("in the order cognition_and_learning, communication_and_interaction, social_emotional_mental_health, sensory_and_physical"),
            "{message}"
        );
    }

    #[test]
    fn section_i_must_be_blank_in_the_draft() {
        let message =
            content_error_after_replacing("blank_in_draft = true", "blank_in_draft = false");
        assert!(
            message.starts_with("section I must be blank in the draft plan"),
            "{message}"
        );
    }

    #[test]
    fn no_section_other_than_i_may_be_blank_in_the_draft() {
        let message =
            content_error_after_replacing("blank_in_draft = false", "blank_in_draft = true");
        assert_eq!(
            message,
            "only section I may be blank in the draft plan, but section A is marked blank_in_draft"
        );
    }

    #[test]
    fn an_incomplete_advice_register_is_rejected() {
        let message = content_error_after_replacing("  \"medical\",\n", "");
        assert_eq!(
            message,
            "the advice register has no row for 'medical' (SEND Regulations 2014, reg 6(1)(c))"
        );
    }

    #[test]
    fn an_unexpected_field_is_a_syntax_error() {
        let text = BUILTIN.replacen("provision = true", "provision = true\nurgent = true", 1);
        assert!(matches!(
            PlanTemplate::from_toml_str(&text),
            Err(ReferenceDataError::Syntax { file: FILE, .. })
        ));
    }
}
