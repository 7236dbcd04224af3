//! Deadline rules as versioned data (`data/deadline-rules.toml`), each citing its regulation.
//!
//! A [`RuleSet`] is the parsed, checked form of the file. It says nothing about any particular
//! case; [`super::timeline`] applies it to a case's dated events.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use time::{Date, Month};

use super::calendar::toml_date;
use super::facts::Anchor;
use crate::reference::{ReferenceDataError, parse_toml};

const FILE: &str = "deadline-rules.toml";
const BUILTIN: &str = include_str!("../../data/deadline-rules.toml");

/// How a rule's date is counted from its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offset {
    /// "Within N days/weeks of": the anchor plus N calendar days.
    CalendarDays(u32),
    /// "N days beginning with": the anchor is day 1, so the anchor plus N − 1.
    InclusiveDays(u32),
    /// Calendar months to the corresponding date, clamped to the month's end.
    Months(u32),
    /// Working days on the England bank-holiday calendar.
    WorkingDays(u32),
    /// A fixed day of the anchor's calendar year, for "before 15 February" rules.
    FixedDate {
        /// Month of the fixed day.
        month: Month,
        /// Day of the month.
        day: u8,
    },
}

/// Whether the date falls after or before the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// After the anchor (most rules).
    After,
    /// Before the anchor (notice periods, "before 15 February").
    Before,
}

/// What kind of date a rule produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// Someone must act by this date.
    Duty,
    /// A period for the family that ends on this date.
    Window,
    /// Worked out from other duties; not a statutory date of its own.
    Derived,
    /// Good practice from guidance, not law.
    Guidance,
}

impl RuleKind {
    /// The identifier used in the data file and JSON.
    pub fn id(self) -> &'static str {
        match self {
            RuleKind::Duty => "duty",
            RuleKind::Window => "window",
            RuleKind::Derived => "derived",
            RuleKind::Guidance => "guidance",
        }
    }
}

/// Which cases a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Every case with the anchor.
    Always,
    /// Unless the council decided not to assess.
    Assessing,
    /// Only when the council decided not to assess.
    RefusedToAssess,
    /// Assessing, with no draft, final plan or decision not to issue yet.
    PlanNotYetDecided,
    /// Assessing and no decision not to issue.
    Issuing,
    /// The plan has not been reviewed yet.
    NoReviewYet,
    /// The child was under five at the last review (needs the birth month).
    UnderFive,
    /// The review decided to amend (or an amendment notice was served).
    Amending,
    /// No decision not to amend.
    AmendmentNotRefused,
    /// No amended plan issued.
    AmendmentNotIssued,
}

impl Condition {
    fn parse(text: &str) -> Option<Condition> {
        Some(match text {
            "always" => Condition::Always,
            "assessing" => Condition::Assessing,
            "refused_to_assess" => Condition::RefusedToAssess,
            "plan_not_yet_decided" => Condition::PlanNotYetDecided,
            "issuing" => Condition::Issuing,
            "no_review_yet" => Condition::NoReviewYet,
            "under_five" => Condition::UnderFive,
            "amending" => Condition::Amending,
            "amendment_not_refused" => Condition::AmendmentNotRefused,
            "amendment_not_issued" => Condition::AmendmentNotIssued,
            _ => return None,
        })
    }
}

/// A ground on which a statutory time limit need not be met (domain.md §1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ground {
    /// Advice was asked of a school or college around a closure of four weeks or more
    /// (the summer holiday), reg 5(4)(a) and its twins.
    SchoolClosure,
    /// The same for an early years provider, reg 5(4)(b).
    EarlyYearsClosure,
    /// Exceptional personal circumstances of the child, parent or young person.
    ExceptionalPersonalCircumstances,
    /// The child, parent or young person away from the area for four weeks or more.
    AwayFromArea,
    /// The child or young person missed an appointment made by the advice giver (reg 8(2)(c)).
    MissedAppointment,
}

impl Ground {
    /// Every ground.
    pub const ALL: [Ground; 5] = [
        Ground::SchoolClosure,
        Ground::EarlyYearsClosure,
        Ground::ExceptionalPersonalCircumstances,
        Ground::AwayFromArea,
        Ground::MissedAppointment,
    ];

    /// The identifier used in data files, the CLI and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Ground::SchoolClosure => "school_closure",
            Ground::EarlyYearsClosure => "early_years_closure",
            Ground::ExceptionalPersonalCircumstances => "exceptional_personal_circumstances",
            Ground::AwayFromArea => "away_from_area",
            Ground::MissedAppointment => "missed_appointment",
        }
    }

    /// Plain-English description.
    pub fn describe(self) -> &'static str {
        match self {
            Ground::SchoolClosure => {
                "advice was requested from a school or college around a closure of at least 4 weeks"
            }
            Ground::EarlyYearsClosure => {
                "advice was requested from an early years provider around a closure of at least 4 weeks"
            }
            Ground::ExceptionalPersonalCircumstances => {
                "exceptional personal circumstances affecting the child, parent or young person"
            }
            Ground::AwayFromArea => {
                "the child, parent or young person was away from the area for at least 4 weeks"
            }
            Ground::MissedAppointment => "the child or young person missed an appointment",
        }
    }

    /// Parses an identifier such as `away_from_area` (hyphens accepted).
    pub fn parse(text: &str) -> Option<Ground> {
        let wanted = text.trim().replace('-', "_");
        Ground::ALL.into_iter().find(|ground| ground.id() == wanted)
    }
}

impl fmt::Display for Ground {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A named list of grounds from one regulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionSet {
    /// For example `REG5_4`.
    pub id: String,
    /// The regulation that lists the grounds.
    pub regulation: String,
    /// The grounds it allows.
    pub grounds: Vec<Ground>,
}

/// One deadline rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Stable id, for example `A03`.
    pub id: String,
    /// Stable event name, for example `decision_whether_to_assess`.
    pub event: String,
    /// Plain-English description.
    pub title: String,
    /// The case event the clock runs from.
    pub anchor: Anchor,
    /// How far from the anchor.
    pub offset: Offset,
    /// After or before the anchor.
    pub direction: Direction,
    /// Duty, window, derived or guidance.
    pub kind: RuleKind,
    /// Which cases it applies to.
    pub condition: Condition,
    /// Who must act.
    pub who: String,
    /// The regulation or guidance it comes from.
    pub regulation: String,
    /// The exception set whose grounds may excuse it, by id.
    pub exceptions: Option<String>,
    /// The event that discharges it, if the clock can see one.
    pub completed_by: Option<Anchor>,
    /// C (confirmed), S (secondary) or V (to verify).
    pub confidence: char,
    /// An explanatory note.
    pub note: Option<String>,
    /// First anchor date the rule applies to.
    pub effective_from: Date,
    /// Anchor dates from this day on use a later version, if any.
    pub effective_to: Option<Date>,
}

/// The checked set of rules and exception sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSet {
    version: String,
    rules: Vec<Rule>,
    exception_sets: BTreeMap<String, ExceptionSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    version: String,
    rule: Vec<RawRule>,
    exception_set: Vec<RawExceptionSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    event: String,
    title: String,
    anchor: String,
    offset: RawOffset,
    #[serde(default)]
    direction: Option<String>,
    kind: String,
    #[serde(default)]
    when: Option<String>,
    who: String,
    regulation: String,
    #[serde(default)]
    exceptions: Option<String>,
    #[serde(default)]
    completed_by: Option<String>,
    confidence: String,
    #[serde(default)]
    note: Option<String>,
    effective_from: toml::value::Datetime,
    #[serde(default)]
    effective_to: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffset {
    calendar_days: Option<u32>,
    inclusive_days: Option<u32>,
    months: Option<u32>,
    working_days: Option<u32>,
    fixed_date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExceptionSet {
    id: String,
    regulation: String,
    grounds: Vec<String>,
}

fn parse_offset(rule: &str, raw: &RawOffset) -> Result<Offset, String> {
    let given = [
        raw.calendar_days.map(Offset::CalendarDays),
        raw.inclusive_days.map(Offset::InclusiveDays),
        raw.months.map(Offset::Months),
        raw.working_days.map(Offset::WorkingDays),
    ];
    let mut found: Vec<Offset> = given.into_iter().flatten().collect();
    if let Some(text) = &raw.fixed_date {
        let (month, day) = text
            .split_once('-')
            .and_then(|(m, d)| Some((m.parse::<u8>().ok()?, d.parse::<u8>().ok()?)))
            .and_then(|(m, d)| Some((Month::try_from(m).ok()?, d)))
            .filter(|(m, d)| *d >= 1 && *d <= time::util::days_in_month(*m, 2001))
            .ok_or_else(|| format!("{rule}: fixed_date '{text}' is not MM-DD"))?;
        found.push(Offset::FixedDate { month, day });
    }
    match found.as_slice() {
        [Offset::InclusiveDays(0)] => Err(format!("{rule}: inclusive_days must be at least 1")),
        [one] => Ok(*one),
        _ => Err(format!("{rule}: give exactly one kind of offset")),
    }
}

impl RuleSet {
    /// The rules shipped with dehcp.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Self::from_toml_str(BUILTIN)
    }

    /// Loads rules from the text of a `deadline-rules.toml` file, checking every anchor,
    /// condition and exception set, and that versions of one rule never overlap.
    pub fn from_toml_str(text: &str) -> Result<Self, ReferenceDataError> {
        let raw: RawFile = parse_toml(FILE, text)?;
        let bad = |message: String| ReferenceDataError::content(FILE, message);
        let mut exception_sets = BTreeMap::new();
        for set in raw.exception_set {
            let grounds = set
                .grounds
                .iter()
                .map(|g| {
                    Ground::parse(g).ok_or_else(|| bad(format!("{}: unknown ground '{g}'", set.id)))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let id = set.id.clone();
            let set = ExceptionSet {
                id: set.id,
                regulation: set.regulation,
                grounds,
            };
            if exception_sets.insert(id.clone(), set).is_some() {
                return Err(bad(format!("exception set {id} appears twice")));
            }
        }
        let mut rules: Vec<Rule> = Vec::with_capacity(raw.rule.len());
        for raw_rule in raw.rule {
            let id = raw_rule.id.clone();
            let anchor = Anchor::parse(&raw_rule.anchor)
                .ok_or_else(|| bad(format!("{id}: unknown anchor '{}'", raw_rule.anchor)))?;
            let completed_by = match &raw_rule.completed_by {
                None => None,
                Some(text) => Some(
                    Anchor::parse(text)
                        .ok_or_else(|| bad(format!("{id}: unknown completed_by '{text}'")))?,
                ),
            };
            let offset = parse_offset(&id, &raw_rule.offset).map_err(bad)?;
            let direction = match raw_rule.direction.as_deref() {
                None | Some("after") => Direction::After,
                Some("before") => Direction::Before,
                Some(other) => {
                    return Err(bad(format!(
                        "{id}: direction '{other}' is not after or before"
                    )));
                }
            };
            let kind = match raw_rule.kind.as_str() {
                "duty" => RuleKind::Duty,
                "window" => RuleKind::Window,
                "derived" => RuleKind::Derived,
                "guidance" => RuleKind::Guidance,
                other => return Err(bad(format!("{id}: unknown kind '{other}'"))),
            };
            let condition = match raw_rule.when.as_deref() {
                None => Condition::Always,
                Some(text) => Condition::parse(text)
                    .ok_or_else(|| bad(format!("{id}: unknown condition '{text}'")))?,
            };
            if let Some(set) = &raw_rule.exceptions
                && !exception_sets.contains_key(set)
            {
                return Err(bad(format!("{id}: unknown exception set '{set}'")));
            }
            let confidence = match raw_rule.confidence.as_str() {
                "C" => 'C',
                "S" => 'S',
                "V" => 'V',
                other => return Err(bad(format!("{id}: confidence '{other}' is not C, S or V"))),
            };
            if raw_rule.regulation.trim().is_empty() {
                return Err(bad(format!("{id}: every rule must cite its regulation")));
            }
            let effective_from = toml_date(FILE, &raw_rule.effective_from)?;
            let effective_to = match &raw_rule.effective_to {
                None => None,
                Some(value) => Some(toml_date(FILE, value)?),
            };
            if effective_to.is_some_and(|to| to <= effective_from) {
                return Err(bad(format!(
                    "{id}: effective_to must be after effective_from"
                )));
            }
            let overlaps = rules.iter().filter(|other| other.id == id).any(|other| {
                let starts_before_other_ends =
                    other.effective_to.is_none_or(|end| effective_from < end);
                let other_starts_before_this_ends =
                    effective_to.is_none_or(|end| other.effective_from < end);
                starts_before_other_ends && other_starts_before_this_ends
            });
            if overlaps {
                return Err(bad(format!(
                    "{id}: two versions are in force at the same time"
                )));
            }
            rules.push(Rule {
                id,
                event: raw_rule.event,
                title: raw_rule.title,
                anchor,
                offset,
                direction,
                kind,
                condition,
                who: raw_rule.who,
                regulation: raw_rule.regulation,
                exceptions: raw_rule.exceptions,
                completed_by,
                confidence,
                note: raw_rule.note,
                effective_from,
                effective_to,
            });
        }
        Ok(RuleSet {
            version: raw.version,
            rules,
            exception_sets,
        })
    }

    /// The data version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every rule version, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The exception set with this id.
    pub fn exception_set(&self, id: &str) -> Option<&ExceptionSet> {
        self.exception_sets.get(id)
    }

    /// The version of rule `id` in force for an anchor on `on`, if any.
    pub fn in_force(&self, id: &str, on: Date) -> Option<&Rule> {
        self.rules.iter().find(|rule| {
            rule.id == id
                && rule.effective_from <= on
                && rule.effective_to.is_none_or(|end| on < end)
        })
    }

    /// The distinct rule ids, in file order.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for rule in &self.rules {
            if !ids.contains(&rule.id.as_str()) {
                ids.push(&rule.id);
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso_date;

    #[test]
    fn builtin_rules_cover_rows_a_r_p_and_s_and_each_cites_a_regulation() {
        let rules = RuleSet::builtin().unwrap();
        let ids = rules.ids();
        for id in [
            "A03", "A04", "A06", "A07", "A08", "A09", "A10", "A11", "A12", "R01", "R02", "R03",
            "R04", "R05", "R06", "R07", "R08", "R10", "R11", "R12", "R13", "P01", "P02", "P03",
            "S01", "S02", "S03",
        ] {
            assert!(ids.contains(&id), "{id} missing");
        }
        for rule in rules.rules() {
            assert!(
                rule.regulation.contains("reg")
                    || rule.regulation.contains("CFA")
                    || rule.regulation.contains("Code"),
                "{}: {}",
                rule.id,
                rule.regulation
            );
        }
        let a09 = rules
            .in_force("A09", parse_iso_date("2026-01-01").unwrap())
            .unwrap();
        assert_eq!(a09.offset, Offset::InclusiveDays(15));
        assert_eq!(rules.exception_set("REG8_2").unwrap().grounds.len(), 3);
    }

    #[test]
    fn no_rule_is_in_force_before_the_2014_regulations() {
        let rules = RuleSet::builtin().unwrap();
        assert!(
            rules
                .in_force("A03", parse_iso_date("2014-08-31").unwrap())
                .is_none()
        );
        assert!(
            rules
                .in_force("A03", parse_iso_date("2014-09-01").unwrap())
                .is_some()
        );
    }

    fn minimal(extra: &str) -> String {
        format!(
            "version = \"t\"\n[[rule]]\nid = \"X01\"\nevent = \"e\"\ntitle = \"t\"\nanchor = \"request_received\"\n\
             offset = {{ calendar_days = 42 }}\nkind = \"duty\"\nwho = \"LA\"\nregulation = \"reg 5\"\n\
             confidence = \"C\"\neffective_from = 2014-09-01\neffective_to = 2020-01-01\n{extra}\n\
             [[exception_set]]\nid = \"S\"\nregulation = \"r\"\ngrounds = [\"away_from_area\"]\n"
        )
    }

    #[test]
    fn rule_versions_switch_on_their_effective_dates() {
        let second = "[[rule]]\nid = \"X01\"\nevent = \"e\"\ntitle = \"t\"\nanchor = \"request_received\"\n\
                      offset = { calendar_days = 35 }\nkind = \"duty\"\nwho = \"LA\"\nregulation = \"reg 5 (amended)\"\n\
                      confidence = \"C\"\neffective_from = 2020-01-01\n";
        let rules = RuleSet::from_toml_str(&minimal(second)).unwrap();
        let on = |d: &str| {
            rules
                .in_force("X01", parse_iso_date(d).unwrap())
                .unwrap()
                .offset
        };
        assert_eq!(on("2019-12-31"), Offset::CalendarDays(42));
        assert_eq!(on("2020-01-01"), Offset::CalendarDays(35));
    }

    #[test]
    fn overlapping_versions_and_unknown_names_are_rejected() {
        let overlapping = "[[rule]]\nid = \"X01\"\nevent = \"e\"\ntitle = \"t\"\nanchor = \"request_received\"\n\
                           offset = { calendar_days = 35 }\nkind = \"duty\"\nwho = \"LA\"\nregulation = \"reg 5\"\n\
                           confidence = \"C\"\neffective_from = 2019-01-01\n";
        let error = RuleSet::from_toml_str(&minimal(overlapping)).unwrap_err();
        assert!(error.to_string().contains("same time"), "{error}");
        let unknown_anchor = minimal("").replace("request_received", "request_recieved");
        assert!(
            RuleSet::from_toml_str(&unknown_anchor)
                .unwrap_err()
                .to_string()
                .contains("unknown anchor")
        );
        let two_offsets = minimal("").replace(
            "{ calendar_days = 42 }",
            "{ calendar_days = 42, months = 1 }",
        );
        assert!(
            RuleSet::from_toml_str(&two_offsets)
                .unwrap_err()
                .to_string()
                .contains("exactly one")
        );
        let uncited = minimal("").replace("regulation = \"reg 5\"", "regulation = \" \"");
        assert!(
            RuleSet::from_toml_str(&uncited)
                .unwrap_err()
                .to_string()
                .contains("cite")
        );
    }
}
