//! A case's dated events as the statutory clock sees them, checked for an impossible order.
//!
//! [`CaseFacts`] is built with [`CaseFactsBuilder`]; `build()` refuses sequences that cannot
//! happen (a decision before the request, a final plan before its draft), so the timeline never
//! computes deadlines from nonsense.

use std::collections::BTreeMap;
use std::fmt;

use time::Date;

use super::rules::Ground;
use crate::age::BirthMonth;
use crate::date::add_days;
use crate::lifecycle::ReviewOutcome;

macro_rules! anchors {
    ($($variant:ident => $id:literal, $words:literal;)*) => {
        /// A dated case event that a deadline runs from or that discharges a duty.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Anchor {
            $(
                #[doc = $words]
                $variant,
            )*
        }

        impl Anchor {
            /// Every anchor.
            pub const ALL: &'static [Anchor] = &[$(Anchor::$variant),*];

            /// The identifier used in data files, the CLI and JSON.
            pub fn id(self) -> &'static str {
                match self { $(Anchor::$variant => $id),* }
            }

            /// Plain-English description.
            pub fn describe(self) -> &'static str {
                match self { $(Anchor::$variant => $words),* }
            }
        }
    };
}

anchors! {
    RequestReceived => "request_received", "request for an EHC needs assessment received";
    DecisionNotified => "decision_notified", "decision whether to assess notified";
    AdviceRequested => "advice_requested", "advice request received by the advice giver";
    AdviceReceived => "advice_received", "advice received back";
    DecisionNotToIssueNotified => "decision_not_to_issue_notified", "decision not to issue a plan notified";
    DraftServed => "draft_served", "draft plan served";
    SchoolConsulted => "school_consulted", "school or college consulted";
    FinalIssued => "final_issued", "final plan issued";
    LastReview => "last_review", "last review of the plan";
    ReviewMeeting => "review_meeting", "review meeting";
    ReviewReportSent => "review_report_sent", "review report sent";
    ReviewDecisionNotified => "review_decision_notified", "review decision notified";
    AmendmentNoticeServed => "amendment_notice_served", "amendment notice served";
    AmendedPlanIssued => "amended_plan_issued", "final amended plan issued";
    DecisionNotToAmendNotified => "decision_not_to_amend_notified", "decision not to amend notified";
    PhaseTransfer => "phase_transfer", "date of a phase transfer (for example into secondary school)";
    Post16Transfer => "post16_transfer", "date of the move from school to a post-16 institution";
    PlannedPost16Move => "planned_post16_move", "planned move between post-16 institutions";
    TransferPlanIssued => "transfer_plan_issued", "amended plan naming the next institution issued";
    ReassessmentRequested => "reassessment_requested", "request for a re-assessment received";
    ReassessmentDecisionNotified => "reassessment_decision_notified", "decision to re-assess notified";
    ReassessmentPlanIssued => "reassessment_plan_issued", "final plan after re-assessment issued";
    LastAssessment => "last_assessment", "last EHC needs assessment";
    DecisionLetter => "decision_letter", "decision letter carrying appeal rights";
    MediationAdviserInformed => "mediation_adviser_informed", "mediation adviser told the family will not mediate";
    MediationRequested => "mediation_requested", "council told the family wants mediation";
}

impl Anchor {
    /// Parses an identifier such as `draft_served` (hyphens accepted).
    pub fn parse(text: &str) -> Option<Anchor> {
        let wanted = text.trim().replace('-', "_");
        Anchor::ALL
            .iter()
            .copied()
            .find(|anchor| anchor.id() == wanted)
    }
}

impl fmt::Display for Anchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Pairs that must happen in this order (the first on or before the second).
const ORDER: &[(Anchor, Anchor)] = &[
    (Anchor::RequestReceived, Anchor::DecisionNotified),
    (Anchor::DecisionNotified, Anchor::AdviceRequested),
    (Anchor::AdviceRequested, Anchor::AdviceReceived),
    (Anchor::RequestReceived, Anchor::DecisionNotToIssueNotified),
    (Anchor::DecisionNotified, Anchor::DecisionNotToIssueNotified),
    (Anchor::RequestReceived, Anchor::DraftServed),
    (Anchor::DecisionNotified, Anchor::DraftServed),
    (Anchor::DraftServed, Anchor::SchoolConsulted),
    (Anchor::RequestReceived, Anchor::FinalIssued),
    (Anchor::DecisionNotified, Anchor::FinalIssued),
    (Anchor::DraftServed, Anchor::FinalIssued),
    (Anchor::FinalIssued, Anchor::LastReview),
    (Anchor::FinalIssued, Anchor::ReviewMeeting),
    (Anchor::ReviewMeeting, Anchor::ReviewReportSent),
    (Anchor::ReviewMeeting, Anchor::ReviewDecisionNotified),
    (Anchor::ReviewMeeting, Anchor::AmendmentNoticeServed),
    (Anchor::AmendmentNoticeServed, Anchor::AmendedPlanIssued),
    (
        Anchor::AmendmentNoticeServed,
        Anchor::DecisionNotToAmendNotified,
    ),
    (
        Anchor::ReassessmentRequested,
        Anchor::ReassessmentDecisionNotified,
    ),
    (
        Anchor::ReassessmentDecisionNotified,
        Anchor::ReassessmentPlanIssued,
    ),
];

/// Pairs that cannot both have happened in one case.
const EXCLUSIVE: &[(Anchor, Anchor)] = &[
    (Anchor::DecisionNotToIssueNotified, Anchor::FinalIssued),
    (Anchor::DecisionNotToIssueNotified, Anchor::DraftServed),
    (
        Anchor::AmendedPlanIssued,
        Anchor::DecisionNotToAmendNotified,
    ),
];

/// Events that only happen after a decision to assess.
const NEEDS_ASSESSMENT: &[Anchor] = &[
    Anchor::AdviceRequested,
    Anchor::AdviceReceived,
    Anchor::DecisionNotToIssueNotified,
    Anchor::DraftServed,
    Anchor::SchoolConsulted,
    Anchor::FinalIssued,
];

/// A school or early years closure relied on for the holiday exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closure {
    /// First day the setting was closed.
    pub closed_from: Date,
    /// Day it reopened.
    pub reopens: Date,
    /// Day the council asked it for advice.
    pub advice_requested: Date,
}

impl Closure {
    /// The period in which an advice request engages the exception (regs 5(4)(a)-(b), 10(4),
    /// 27(3)): from one week before the closure to one week before reopening, for a closure of
    /// at least four continuous weeks. `None` when the closure is shorter.
    pub fn exception_window(&self) -> Option<(Date, Date)> {
        let closed_days = (self.reopens - self.closed_from).whole_days();
        if closed_days < 28 {
            return None;
        }
        Some((add_days(self.closed_from, -7)?, add_days(self.reopens, -7)?))
    }
}

/// An exception the coordinator has recorded on the case, with its reason and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedException {
    /// The ground relied on.
    pub ground: Ground,
    /// When the circumstance arose (for a closure, the advice request date).
    pub occurred_on: Date,
    /// The coordinator's reason, shown wherever the exception is.
    pub reason: String,
    /// For the closure grounds, the closure itself.
    pub closure: Option<Closure>,
}

/// A case's events could not be accepted by the clock.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactsError {
    /// Two events in an order that cannot happen.
    #[error("impossible sequence: {later} ({later_date}) is before {earlier} ({earlier_date})")]
    OutOfOrder {
        /// The event that must come first.
        earlier: Anchor,
        /// Its date.
        earlier_date: Date,
        /// The event that must come after it.
        later: Anchor,
        /// Its date.
        later_date: Date,
    },
    /// Two events that cannot both happen in one case.
    #[error("impossible sequence: a case cannot have both {0} and {1}")]
    Exclusive(Anchor, Anchor),
    /// An assessment step in a case where the council decided not to assess.
    #[error("impossible sequence: {0} recorded, but the council decided not to assess")]
    NotAssessing(Anchor),
    /// A decision outcome without the decision date.
    #[error(
        "the outcome of the decision whether to assess needs its date ({})",
        Anchor::DecisionNotified
    )]
    OutcomeWithoutDecision,
    /// A closure exception that does not meet the regulation.
    #[error("the holiday exception does not apply: {0}")]
    ClosureNotEngaged(String),
}

/// A case's dated events, checked for order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    dates: BTreeMap<Anchor, Date>,
    decided_to_assess: Option<bool>,
    review_outcome: Option<ReviewOutcome>,
    birth: Option<BirthMonth>,
    exceptions: Vec<RecordedException>,
}

/// Collects a case's events for [`CaseFacts`].
#[derive(Debug, Clone, Default)]
pub struct CaseFactsBuilder {
    dates: BTreeMap<Anchor, Date>,
    decided_to_assess: Option<bool>,
    review_outcome: Option<ReviewOutcome>,
    birth: Option<BirthMonth>,
    exceptions: Vec<RecordedException>,
}

impl CaseFactsBuilder {
    /// Records the date of an event (a later call for the same event replaces it).
    pub fn event(mut self, anchor: Anchor, on: Date) -> Self {
        self.dates.insert(anchor, on);
        self
    }

    /// Records whether the council decided to assess (needs the decision date too).
    pub fn decided_to_assess(mut self, assess: bool) -> Self {
        self.decided_to_assess = Some(assess);
        self
    }

    /// Records the outcome of the latest review.
    pub fn review_outcome(mut self, outcome: ReviewOutcome) -> Self {
        self.review_outcome = Some(outcome);
        self
    }

    /// Records the child's month of birth (for the under-fives review guidance).
    pub fn birth(mut self, birth: BirthMonth) -> Self {
        self.birth = Some(birth);
        self
    }

    /// Records an exception relied on for this case.
    pub fn exception(mut self, exception: RecordedException) -> Self {
        self.exceptions.push(exception);
        self
    }

    /// Checks the events and returns the facts, or the first impossibility found.
    pub fn build(self) -> Result<CaseFacts, FactsError> {
        for (earlier, later) in ORDER {
            if let (Some(earlier_date), Some(later_date)) =
                (self.dates.get(earlier), self.dates.get(later))
                && later_date < earlier_date
            {
                return Err(FactsError::OutOfOrder {
                    earlier: *earlier,
                    earlier_date: *earlier_date,
                    later: *later,
                    later_date: *later_date,
                });
            }
        }
        for (one, other) in EXCLUSIVE {
            if self.dates.contains_key(one) && self.dates.contains_key(other) {
                return Err(FactsError::Exclusive(*one, *other));
            }
        }
        if self.decided_to_assess.is_some() && !self.dates.contains_key(&Anchor::DecisionNotified) {
            return Err(FactsError::OutcomeWithoutDecision);
        }
        if self.decided_to_assess == Some(false)
            && let Some(step) = NEEDS_ASSESSMENT.iter().find(|a| self.dates.contains_key(a))
        {
            return Err(FactsError::NotAssessing(*step));
        }
        for exception in &self.exceptions {
            check_closure(exception)?;
        }
        Ok(CaseFacts {
            dates: self.dates,
            decided_to_assess: self.decided_to_assess,
            review_outcome: self.review_outcome,
            birth: self.birth,
            exceptions: self.exceptions,
        })
    }
}

fn check_closure(exception: &RecordedException) -> Result<(), FactsError> {
    if !matches!(
        exception.ground,
        Ground::SchoolClosure | Ground::EarlyYearsClosure
    ) {
        return Ok(());
    }
    let closure = exception.closure.ok_or_else(|| {
        FactsError::ClosureNotEngaged("give the closure dates and the advice request date".into())
    })?;
    let (from, to) = closure.exception_window().ok_or_else(|| {
        FactsError::ClosureNotEngaged(format!(
            "the closure from {} to {} is shorter than 4 continuous weeks",
            closure.closed_from, closure.reopens
        ))
    })?;
    if closure.advice_requested < from || closure.advice_requested > to {
        return Err(FactsError::ClosureNotEngaged(format!(
            "advice was requested on {}, outside the period {from} to {to}",
            closure.advice_requested
        )));
    }
    Ok(())
}

impl CaseFacts {
    /// Starts a builder.
    pub fn builder() -> CaseFactsBuilder {
        CaseFactsBuilder::default()
    }

    /// The date of an event, if recorded.
    pub fn date(&self, anchor: Anchor) -> Option<Date> {
        self.dates.get(&anchor).copied()
    }

    /// Whether the council decided to assess, if known.
    pub fn decided_to_assess(&self) -> Option<bool> {
        self.decided_to_assess
    }

    /// The latest review's outcome, if known.
    pub fn review_outcome(&self) -> Option<ReviewOutcome> {
        self.review_outcome
    }

    /// The child's month of birth, if known.
    pub fn birth(&self) -> Option<BirthMonth> {
        self.birth
    }

    /// The exceptions recorded on the case.
    pub fn exceptions(&self) -> &[RecordedException] {
        &self.exceptions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::parse_iso_date;

    fn date(text: &str) -> Date {
        parse_iso_date(text).unwrap()
    }

    #[test]
    fn every_anchor_id_parses_back() {
        for anchor in Anchor::ALL {
            assert_eq!(Anchor::parse(anchor.id()), Some(*anchor));
        }
        assert_eq!(Anchor::parse("draft-served"), Some(Anchor::DraftServed));
        assert_eq!(Anchor::parse("drafted"), None);
    }

    #[test]
    fn a_decision_before_the_request_is_impossible() {
        let error = CaseFacts::builder()
            .event(Anchor::RequestReceived, date("2026-03-10"))
            .event(Anchor::DecisionNotified, date("2026-03-09"))
            .build()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "impossible sequence: decision_notified (2026-03-09) is before request_received (2026-03-10)"
        );
    }

    #[test]
    fn a_final_plan_before_its_draft_or_after_a_refusal_is_impossible() {
        let base = CaseFacts::builder().event(Anchor::RequestReceived, date("2026-01-05"));
        let early_final = base
            .clone()
            .event(Anchor::DraftServed, date("2026-05-01"))
            .event(Anchor::FinalIssued, date("2026-04-30"))
            .build();
        assert!(matches!(early_final, Err(FactsError::OutOfOrder { .. })));
        let refused = base
            .clone()
            .event(Anchor::DecisionNotified, date("2026-02-01"))
            .decided_to_assess(false)
            .event(Anchor::DraftServed, date("2026-04-01"))
            .build();
        assert_eq!(refused, Err(FactsError::NotAssessing(Anchor::DraftServed)));
        let both = base
            .event(Anchor::DecisionNotToIssueNotified, date("2026-04-01"))
            .event(Anchor::FinalIssued, date("2026-05-01"))
            .build();
        assert!(matches!(both, Err(FactsError::Exclusive(..))));
    }

    #[test]
    fn the_summer_holiday_exception_needs_a_request_in_the_statutory_window() {
        // A school closed from Wednesday 22 July 2026 and reopening on Wednesday 2 September
        // 2026: six weeks, so requests from 15 July to 26 August 2026 engage reg 5(4)(a).
        let closure = |advice: &str| Closure {
            closed_from: date("2026-07-22"),
            reopens: date("2026-09-02"),
            advice_requested: date(advice),
        };
        assert_eq!(
            closure("2026-07-15").exception_window(),
            Some((date("2026-07-15"), date("2026-08-26")))
        );
        let facts = |advice: &str| {
            CaseFacts::builder()
                .event(Anchor::RequestReceived, date("2026-06-01"))
                .exception(RecordedException {
                    ground: Ground::SchoolClosure,
                    occurred_on: date(advice),
                    reason: "school asked for advice just before the summer holiday".into(),
                    closure: Some(closure(advice)),
                })
                .build()
        };
        assert!(facts("2026-07-15").is_ok());
        assert!(facts("2026-08-26").is_ok());
        let too_early = facts("2026-07-14").unwrap_err();
        assert!(
            too_early
                .to_string()
                .contains("outside the period 2026-07-15 to 2026-08-26"),
            "{too_early}"
        );
        assert!(facts("2026-08-27").is_err());
        // A three-week closure (half term plus) never engages the exception.
        let short = Closure {
            closed_from: date("2026-10-19"),
            reopens: date("2026-11-09"),
            advice_requested: date("2026-10-20"),
        };
        assert_eq!(short.exception_window(), None);
    }
}
