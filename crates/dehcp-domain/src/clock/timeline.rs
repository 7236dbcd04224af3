//! Applying deadline rules to one case's facts on a given day.

use time::{Date, Month};

use super::calendar::{BankHolidays, OutsideCalendar};
use super::facts::{Anchor, CaseFacts};
use super::rules::{Condition, Direction, Ground, Offset, Rule, RuleKind, RuleSet};
use crate::date::{add_days, add_months};
use crate::lifecycle::ReviewOutcome;

/// How to read "before 15 February"-style rules (reg 18).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixedDateReading {
    /// "Before 15 February" means by 14 February: the strict reading, and the default.
    #[default]
    Strict,
    /// "By 15 February", as many council and advice pages put it.
    Inclusive,
}

/// Council choices about how the clock reads the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClockOptions {
    /// How to read the phase-transfer dates.
    pub fixed_date_reading: FixedDateReading,
}

/// Where a deadline stands on the day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done on or before the date.
    Met {
        /// When it was done.
        on: Date,
    },
    /// Done, but after the date.
    Late {
        /// When it was done.
        on: Date,
    },
    /// Not done yet, and the date is today or later.
    Due,
    /// Not done, and the date has passed.
    Overdue,
    /// A family's window that is still open.
    Open,
    /// A family's window that has ended.
    Ended,
}

impl Status {
    /// The identifier used in JSON: met, late, due, overdue, open or ended.
    pub fn id(self) -> &'static str {
        match self {
            Status::Met { .. } => "met",
            Status::Late { .. } => "late",
            Status::Due => "due",
            Status::Overdue => "overdue",
            Status::Open => "open",
            Status::Ended => "ended",
        }
    }
}

/// An exception recorded on the case that may excuse this deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionNote {
    /// The ground relied on.
    pub ground: Ground,
    /// The regulation listing the ground.
    pub regulation: String,
    /// When the circumstance arose.
    pub occurred_on: Date,
    /// The coordinator's reason.
    pub reason: String,
}

/// One deadline on one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The rule's id, for example `A03`.
    pub id: String,
    /// The rule's event name.
    pub event: String,
    /// Plain-English description.
    pub title: String,
    /// The date.
    pub due: Date,
    /// Duty, window, derived or guidance.
    pub kind: RuleKind,
    /// Where it stands.
    pub status: Status,
    /// Who must act.
    pub who: String,
    /// The regulation it comes from.
    pub regulation: String,
    /// C, S or V.
    pub confidence: char,
    /// Notes from the rule and from applying it.
    pub notes: Vec<String>,
    /// Exceptions on the case that may excuse it. They never change `due` or `status`.
    pub exceptions: Vec<ExceptionNote>,
}

/// All deadlines for a case, in date order, with warnings about the case as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// The deadlines that apply.
    pub deadlines: Vec<Deadline>,
    /// Things the coordinator should know (strict readings, exceptions outside their period).
    pub warnings: Vec<String>,
    /// The rule data version used.
    pub rules_version: String,
}

impl Timeline {
    /// The deadline with this rule id, if it applies.
    pub fn get(&self, id: &str) -> Option<&Deadline> {
        self.deadlines.iter().find(|deadline| deadline.id == id)
    }
}

/// The clock could not produce a timeline.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    /// A working-day count went beyond the bank-holiday calendar.
    #[error("rule {rule}: {source}")]
    OutsideCalendar {
        /// The rule being computed.
        rule: String,
        /// The calendar's complaint.
        source: OutsideCalendar,
    },
    /// A date beyond the supported range.
    #[error("rule {rule}: the date is out of range")]
    OutOfRange {
        /// The rule being computed.
        rule: String,
    },
}

fn applies(condition: Condition, facts: &CaseFacts) -> bool {
    let has = |anchor| facts.date(anchor).is_some();
    let assessing = facts.decided_to_assess() != Some(false);
    match condition {
        Condition::Always => true,
        Condition::Assessing => assessing,
        Condition::RefusedToAssess => facts.decided_to_assess() == Some(false),
        Condition::PlanNotYetDecided => {
            assessing && !has(Anchor::DraftServed) && !has(Anchor::FinalIssued)
        }
        Condition::Issuing => assessing && !has(Anchor::DecisionNotToIssueNotified),
        Condition::NoReviewYet => !has(Anchor::LastReview),
        Condition::UnderFive => match (facts.birth(), facts.date(Anchor::LastReview)) {
            (Some(birth), Some(review)) => birth.age_at(review).is_ok_and(|age| age.years < 5),
            _ => false,
        },
        Condition::Amending => {
            facts.review_outcome() == Some(ReviewOutcome::Amend)
                || has(Anchor::AmendmentNoticeServed)
        }
        Condition::AmendmentNotRefused => !has(Anchor::DecisionNotToAmendNotified),
        Condition::AmendmentNotIssued => !has(Anchor::AmendedPlanIssued),
    }
}

/// The rule's date from its anchor date, and any note about how it was read.
fn due_date(
    rule: &Rule,
    anchor: Date,
    calendar: &BankHolidays,
    options: &ClockOptions,
) -> Result<(Date, Option<String>), ClockError> {
    let out_of_range = || ClockError::OutOfRange {
        rule: rule.id.clone(),
    };
    let sign: i64 = match rule.direction {
        Direction::After => 1,
        Direction::Before => -1,
    };
    let months_sign: i32 = match rule.direction {
        Direction::After => 1,
        Direction::Before => -1,
    };
    let date = match rule.offset {
        Offset::CalendarDays(days) => add_days(anchor, sign * i64::from(days)),
        Offset::InclusiveDays(days) => add_days(anchor, sign * (i64::from(days) - 1)),
        Offset::Months(months) => i32::try_from(months)
            .ok()
            .and_then(|months| add_months(anchor, months_sign * months)),
        Offset::WorkingDays(days) => {
            let counted = match rule.direction {
                Direction::After => calendar.add_working_days(anchor, days),
                Direction::Before => calendar.subtract_working_days(anchor, days),
            };
            Some(counted.map_err(|source| ClockError::OutsideCalendar {
                rule: rule.id.clone(),
                source,
            })?)
        }
        Offset::FixedDate { month, day } => {
            let named =
                Date::from_calendar_date(anchor.year(), month, day).map_err(|_| out_of_range())?;
            let (date, note) = match (rule.direction, options.fixed_date_reading) {
                (Direction::Before, FixedDateReading::Strict) => (
                    named.previous_day(),
                    format!(
                        "Read strictly: \"before {}\" means by {} at the latest.",
                        day_month(named),
                        named.previous_day().map(day_month).unwrap_or_default()
                    ),
                ),
                (Direction::Before, FixedDateReading::Inclusive) => (
                    Some(named),
                    format!(
                        "Read inclusively as \"by {}\" (council setting); the strict reading is a day earlier.",
                        day_month(named)
                    ),
                ),
                (Direction::After, _) => (Some(named), String::new()),
            };
            let note = (!note.is_empty()).then_some(note);
            return Ok((date.ok_or_else(out_of_range)?, note));
        }
    };
    Ok((date.ok_or_else(out_of_range)?, None))
}

fn day_month(date: Date) -> String {
    let month = match date.month() {
        Month::January => "January",
        Month::February => "February",
        Month::March => "March",
        Month::April => "April",
        Month::May => "May",
        Month::June => "June",
        Month::July => "July",
        Month::August => "August",
        Month::September => "September",
        Month::October => "October",
        Month::November => "November",
        Month::December => "December",
    };
    format!("{} {month}", date.day())
}

fn status(rule: &Rule, due: Date, facts: &CaseFacts, today: Date) -> Status {
    if rule.kind == RuleKind::Window {
        return if today <= due {
            Status::Open
        } else {
            Status::Ended
        };
    }
    match rule.completed_by.and_then(|anchor| facts.date(anchor)) {
        Some(done) if done <= due => Status::Met { on: done },
        Some(done) => Status::Late { on: done },
        None if today <= due => Status::Due,
        None => Status::Overdue,
    }
}

pub(super) fn compute(
    rules: &RuleSet,
    calendar: &BankHolidays,
    options: &ClockOptions,
    facts: &CaseFacts,
    today: Date,
) -> Result<Timeline, ClockError> {
    let mut deadlines = Vec::new();
    let mut warnings = Vec::new();
    for id in rules.ids() {
        let Some(anchor_rule) = rules.rules().iter().find(|rule| rule.id == id) else {
            continue;
        };
        let Some(anchor_date) = facts.date(anchor_rule.anchor) else {
            continue;
        };
        let Some(rule) = rules.in_force(id, anchor_date) else {
            warnings.push(format!(
                "No version of rule {id} was in force on {anchor_date} ({}); dehcp's rules start with the SEND Regulations 2014.",
                anchor_rule.anchor.describe()
            ));
            continue;
        };
        if !applies(rule.condition, facts) {
            continue;
        }
        let (due, reading_note) = due_date(rule, anchor_date, calendar, options)?;
        let mut notes: Vec<String> = rule.note.iter().cloned().collect();
        notes.extend(reading_note);
        let exceptions = exception_notes(rules, rule, anchor_date, due, facts, &mut warnings);
        if !exceptions.is_empty() {
            notes.push(
                "An exception is recorded: the date still stands and the duty is to act as soon as practicable; tell the family the council is relying on it."
                    .to_owned(),
            );
        }
        deadlines.push(Deadline {
            id: rule.id.clone(),
            event: rule.event.clone(),
            title: rule.title.clone(),
            due,
            kind: rule.kind,
            status: status(rule, due, facts, today),
            who: rule.who.clone(),
            regulation: rule.regulation.clone(),
            confidence: rule.confidence,
            notes,
            exceptions,
        });
    }
    if let (Some(window), Some(final_issued)) = (
        deadlines.iter().find(|d| d.id == "A09"),
        facts.date(Anchor::FinalIssued),
    ) && final_issued <= window.due
    {
        warnings.push(format!(
            "The final plan ({final_issued}) was issued before the family's 15-day window on the draft ended ({}).",
            window.due
        ));
    }
    if deadlines
        .iter()
        .any(|d| d.notes.iter().any(|note| note.starts_with("Read strictly")))
    {
        warnings.push(
            "Phase-transfer dates use the strict reading of \"before\"; many guides say \"by\". A council can choose the inclusive reading."
                .to_owned(),
        );
    }
    deadlines.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.id.cmp(&b.id)));
    Ok(Timeline {
        deadlines,
        warnings,
        rules_version: rules.version().to_owned(),
    })
}

fn exception_notes(
    rules: &RuleSet,
    rule: &Rule,
    anchor_date: Date,
    due: Date,
    facts: &CaseFacts,
    warnings: &mut Vec<String>,
) -> Vec<ExceptionNote> {
    let Some(set) = rule
        .exceptions
        .as_deref()
        .and_then(|id| rules.exception_set(id))
    else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for exception in facts.exceptions() {
        if !set.grounds.contains(&exception.ground) {
            continue;
        }
        if exception.occurred_on < anchor_date || exception.occurred_on > due {
            warnings.push(format!(
                "The {} exception dated {} falls outside the period for {} ({anchor_date} to {due}), so it is not shown against it.",
                exception.ground, exception.occurred_on, rule.id
            ));
            continue;
        }
        notes.push(ExceptionNote {
            ground: exception.ground,
            regulation: set.regulation.clone(),
            occurred_on: exception.occurred_on,
            reason: exception.reason.clone(),
        });
    }
    notes
}
