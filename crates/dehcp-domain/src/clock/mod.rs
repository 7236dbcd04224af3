//! The statutory clock: from a case's dated events, every deadline that applies, its status and
//! the regulation behind it.
//!
//! - [`rules`]: deadline rules as versioned data, each citing its regulation;
//! - [`calendar`]: England and Wales bank holidays for working-day counts;
//! - [`facts`]: a case's dated events, checked for an impossible order;
//! - [`timeline`]: applying the rules to the facts on a given day.
//!
//! Counting conventions (domain.md §1.1): "within N weeks" is N × 7 calendar days with no
//! holiday adjustment; "N days beginning with" counts the anchor day as day 1; months run to the
//! corresponding date, clamped to the end of a shorter month; "before 15 February" is read
//! strictly (the last compliant day is 14 February) unless the council chooses otherwise in
//! [`ClockOptions`]. Exceptions are recorded with their reason and date and shown beside the
//! deadline they may excuse; they never move a date or hide a deadline.

pub mod calendar;
pub mod facts;
pub mod rules;
pub mod timeline;

pub use calendar::BankHolidays;
pub use facts::{Anchor, CaseFacts, CaseFactsBuilder, Closure, FactsError, RecordedException};
pub use rules::{Ground, RuleKind, RuleSet};
pub use timeline::{ClockError, ClockOptions, Deadline, FixedDateReading, Status, Timeline};

use crate::reference::ReferenceDataError;

/// The rules and calendar a council runs its clock with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatutoryClock {
    rules: RuleSet,
    calendar: BankHolidays,
    options: ClockOptions,
}

impl StatutoryClock {
    /// The rules and calendar shipped with dehcp, with the default (strict) options.
    pub fn builtin() -> Result<Self, ReferenceDataError> {
        Ok(StatutoryClock::new(
            RuleSet::builtin()?,
            BankHolidays::builtin()?,
            ClockOptions::default(),
        ))
    }

    /// A clock from explicit parts (a council's own calendar or rule file).
    pub fn new(rules: RuleSet, calendar: BankHolidays, options: ClockOptions) -> Self {
        StatutoryClock {
            rules,
            calendar,
            options,
        }
    }

    /// The same clock with different options.
    pub fn with_options(mut self, options: ClockOptions) -> Self {
        self.options = options;
        self
    }

    /// The rules in use.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Every deadline that applies to the case, with its status on `today`.
    pub fn timeline(&self, facts: &CaseFacts, today: time::Date) -> Result<Timeline, ClockError> {
        timeline::compute(&self.rules, &self.calendar, &self.options, facts, today)
    }
}

#[cfg(test)]
mod tests;
