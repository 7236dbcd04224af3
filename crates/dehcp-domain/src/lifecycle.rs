//! The life of a case, from the request for an assessment to the plan ceasing, as an explicit
//! state machine.
//!
//! [`transition`] is the single table of allowed moves: every other module and every user
//! interface asks it rather than keeping its own idea of what may happen next. A [`Case`]
//! applies events through that table, dates every step and keeps the full history, so the
//! statutory clock can be run from the dates it records.
//!
//! Four states are terminal: assessment refused, not issuing a plan, plan ceased and request
//! withdrawn. Nothing follows them; a fresh request for an assessment opens a new case.
//!
//! This module never reads the clock: every event carries the date it happened, passed in by
//! the caller. It works out no deadlines (that is the statutory clock's job) and stores nothing.

use std::fmt;

use time::Date;

/// The decision taken at an annual review (SEND Regulations 2014, reg 20 and 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReviewOutcome {
    /// Keep the plan as it is.
    Maintain,
    /// Amend the plan.
    Amend,
    /// Cease to maintain the plan.
    Cease,
}

impl ReviewOutcome {
    /// All three.
    pub const ALL: [ReviewOutcome; 3] = [
        ReviewOutcome::Maintain,
        ReviewOutcome::Amend,
        ReviewOutcome::Cease,
    ];
}

impl fmt::Display for ReviewOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ReviewOutcome::Maintain => "maintain the plan",
            ReviewOutcome::Amend => "amend the plan",
            ReviewOutcome::Cease => "cease the plan",
        })
    }
}

/// Where a case has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseState {
    /// A request for an EHC needs assessment has arrived.
    RequestReceived,
    /// The local authority decided not to assess. Terminal.
    AssessmentRefused,
    /// The local authority decided to assess.
    Assessing,
    /// Advice has been asked for and some is still awaited.
    AdviceRequested,
    /// The advice asked for has arrived.
    AdviceReceived,
    /// After assessing, the local authority decided not to issue a plan (reg 10). Terminal.
    NotIssuing,
    /// The draft plan has been issued.
    DraftIssued,
    /// The parent or young person is commenting on the draft and stating a preference.
    ParentConsultation,
    /// The case is with the decision-making panel.
    Panel,
    /// The proposed school, college or other institution is being consulted.
    PlacementConsultation,
    /// The final plan has been issued.
    FinalPlanIssued,
    /// An annual review is under way.
    AnnualReview,
    /// The local authority has decided what follows the review.
    ReviewDecided(ReviewOutcome),
    /// An amended plan has been issued after a review.
    AmendedPlanIssued,
    /// The plan has ceased. Terminal.
    Ceased,
    /// The request was withdrawn before a final plan was issued. Terminal.
    Withdrawn,
}

impl CaseState {
    /// Every state, each review outcome counted separately, in the order a case usually meets
    /// them.
    pub const ALL: [CaseState; 18] = [
        CaseState::RequestReceived,
        CaseState::AssessmentRefused,
        CaseState::Assessing,
        CaseState::AdviceRequested,
        CaseState::AdviceReceived,
        CaseState::NotIssuing,
        CaseState::DraftIssued,
        CaseState::ParentConsultation,
        CaseState::Panel,
        CaseState::PlacementConsultation,
        CaseState::FinalPlanIssued,
        CaseState::AnnualReview,
        CaseState::ReviewDecided(ReviewOutcome::Maintain),
        CaseState::ReviewDecided(ReviewOutcome::Amend),
        CaseState::ReviewDecided(ReviewOutcome::Cease),
        CaseState::AmendedPlanIssued,
        CaseState::Ceased,
        CaseState::Withdrawn,
    ];

    /// The events that may happen next, in the order of [`CaseEvent::ALL`]. Empty for a
    /// terminal state.
    pub fn allowed_events(&self) -> Vec<CaseEvent> {
        CaseEvent::ALL
            .into_iter()
            .filter(|event| transition(*self, *event).is_ok())
            .collect()
    }

    /// Whether the case is closed for good. A new request after this starts a new case.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            CaseState::AssessmentRefused
                | CaseState::NotIssuing
                | CaseState::Ceased
                | CaseState::Withdrawn
        )
    }
}

impl fmt::Display for CaseState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            CaseState::RequestReceived => "request received",
            CaseState::AssessmentRefused => "assessment refused",
            CaseState::Assessing => "assessing",
            CaseState::AdviceRequested => "advice requested",
            CaseState::AdviceReceived => "advice received",
            CaseState::NotIssuing => "decided not to issue a plan",
            CaseState::DraftIssued => "draft plan issued",
            CaseState::ParentConsultation => "consulting the parent or young person",
            CaseState::Panel => "at panel",
            CaseState::PlacementConsultation => "consulting on the placement",
            CaseState::FinalPlanIssued => "final plan issued",
            CaseState::AnnualReview => "annual review",
            CaseState::ReviewDecided(outcome) => {
                return write!(f, "review decided to {outcome}");
            }
            CaseState::AmendedPlanIssued => "amended plan issued",
            CaseState::Ceased => "plan ceased",
            CaseState::Withdrawn => "request withdrawn",
        };
        f.write_str(words)
    }
}

/// Something that happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseEvent {
    /// The local authority decides whether to carry out an EHC needs assessment.
    DecideWhetherToAssess {
        /// Whether it decided to assess.
        assess: bool,
    },
    /// Advice is asked for (reg 6); may happen more than once.
    RequestAdvice,
    /// Advice arrives; may happen more than once.
    ReceiveAdvice,
    /// After assessing, the local authority decides not to issue a plan.
    DecideNotToIssue,
    /// The draft plan is issued.
    IssueDraft,
    /// Consultation with the parent or young person on the draft begins.
    StartParentConsultation,
    /// The case goes to the decision-making panel.
    GoToPanel,
    /// The proposed school, college or other institution is consulted.
    StartPlacementConsultation,
    /// The final plan is issued.
    IssueFinalPlan,
    /// An annual review begins.
    StartAnnualReview,
    /// The local authority decides what follows a review.
    DecideReview(ReviewOutcome),
    /// An amended plan is issued.
    IssueAmendedPlan,
    /// The plan ceases.
    Cease,
    /// The request is withdrawn before a final plan.
    Withdraw,
}

impl CaseEvent {
    /// Every event, each review outcome and each assessment decision counted separately.
    pub const ALL: [CaseEvent; 17] = [
        CaseEvent::DecideWhetherToAssess { assess: true },
        CaseEvent::DecideWhetherToAssess { assess: false },
        CaseEvent::RequestAdvice,
        CaseEvent::ReceiveAdvice,
        CaseEvent::DecideNotToIssue,
        CaseEvent::IssueDraft,
        CaseEvent::StartParentConsultation,
        CaseEvent::GoToPanel,
        CaseEvent::StartPlacementConsultation,
        CaseEvent::IssueFinalPlan,
        CaseEvent::StartAnnualReview,
        CaseEvent::DecideReview(ReviewOutcome::Maintain),
        CaseEvent::DecideReview(ReviewOutcome::Amend),
        CaseEvent::DecideReview(ReviewOutcome::Cease),
        CaseEvent::IssueAmendedPlan,
        CaseEvent::Cease,
        CaseEvent::Withdraw,
    ];
}

impl fmt::Display for CaseEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = match self {
            CaseEvent::DecideWhetherToAssess { assess: true } => "decide to assess",
            CaseEvent::DecideWhetherToAssess { assess: false } => "decide not to assess",
            CaseEvent::RequestAdvice => "request advice",
            CaseEvent::ReceiveAdvice => "receive advice",
            CaseEvent::DecideNotToIssue => "decide not to issue a plan",
            CaseEvent::IssueDraft => "issue the draft plan",
            CaseEvent::StartParentConsultation => "start consulting the parent or young person",
            CaseEvent::GoToPanel => "go to panel",
            CaseEvent::StartPlacementConsultation => "start consulting on the placement",
            CaseEvent::IssueFinalPlan => "issue the final plan",
            CaseEvent::StartAnnualReview => "start the annual review",
            CaseEvent::DecideReview(outcome) => {
                return write!(f, "decide after review to {outcome}");
            }
            CaseEvent::IssueAmendedPlan => "issue the amended plan",
            CaseEvent::Cease => "cease the plan",
            CaseEvent::Withdraw => "withdraw the request",
        };
        f.write_str(words)
    }
}

/// An event that cannot be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The event cannot happen in the case's current state.
    #[error("cannot {event}: the case is at '{from}'{}", closed_note(*from))]
    NotAllowed {
        /// The state the case was in.
        from: CaseState,
        /// The event that was refused.
        event: CaseEvent,
    },
    /// The event is dated before the case's last step.
    #[error("cannot {event} on {on}: the case's last step was on {previous}")]
    OutOfOrder {
        /// The event that was refused.
        event: CaseEvent,
        /// The date it was given.
        on: Date,
        /// The date of the last step (or the request, if nothing has happened yet).
        previous: Date,
    },
}

fn closed_note(from: CaseState) -> &'static str {
    if from.is_terminal() {
        ", which is closed (a new request starts a new case)"
    } else {
        ""
    }
}

/// The table of allowed moves: the state a case reaches when `event` happens in state `from`,
/// or [`TransitionError::NotAllowed`].
pub fn transition(from: CaseState, event: CaseEvent) -> Result<CaseState, TransitionError> {
    use CaseEvent as E;
    use CaseState as S;
    use ReviewOutcome as R;
    let to = match (from, event) {
        (S::RequestReceived, E::DecideWhetherToAssess { assess: true }) => S::Assessing,
        (S::RequestReceived, E::DecideWhetherToAssess { assess: false }) => S::AssessmentRefused,
        (S::Assessing | S::AdviceRequested | S::AdviceReceived, E::RequestAdvice) => {
            S::AdviceRequested
        }
        (S::AdviceRequested | S::AdviceReceived, E::ReceiveAdvice) => S::AdviceReceived,
        (S::AdviceReceived, E::DecideNotToIssue) => S::NotIssuing,
        (S::AdviceReceived, E::IssueDraft) => S::DraftIssued,
        (S::DraftIssued, E::StartParentConsultation) => S::ParentConsultation,
        (S::ParentConsultation | S::PlacementConsultation, E::GoToPanel) => S::Panel,
        (S::ParentConsultation | S::Panel, E::StartPlacementConsultation) => {
            S::PlacementConsultation
        }
        (S::Panel | S::PlacementConsultation, E::IssueFinalPlan) => S::FinalPlanIssued,
        (
            S::FinalPlanIssued | S::AmendedPlanIssued | S::ReviewDecided(R::Maintain),
            E::StartAnnualReview,
        ) => S::AnnualReview,
        (S::AnnualReview, E::DecideReview(outcome)) => S::ReviewDecided(outcome),
        (S::ReviewDecided(R::Amend), E::IssueAmendedPlan) => S::AmendedPlanIssued,
        // Ceasing follows either a review decision or a separate reg 31 consultation.
        (
            S::FinalPlanIssued
            | S::AmendedPlanIssued
            | S::ReviewDecided(R::Maintain)
            | S::ReviewDecided(R::Cease),
            E::Cease,
        ) => S::Ceased,
        (
            S::RequestReceived
            | S::Assessing
            | S::AdviceRequested
            | S::AdviceReceived
            | S::DraftIssued
            | S::ParentConsultation
            | S::Panel
            | S::PlacementConsultation,
            E::Withdraw,
        ) => S::Withdrawn,
        _ => return Err(TransitionError::NotAllowed { from, event }),
    };
    Ok(to)
}

/// One step in a case's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatedTransition {
    /// The state before the event.
    pub from: CaseState,
    /// What happened.
    pub event: CaseEvent,
    /// The state after it.
    pub to: CaseState,
    /// When it happened.
    pub on: Date,
}

/// One case: its current state and every dated step since the request arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    opened_on: Date,
    state: CaseState,
    history: Vec<DatedTransition>,
}

impl Case {
    /// Opens a case for a request for an assessment received on the given date.
    pub fn open(request_received: Date) -> Case {
        Case {
            opened_on: request_received,
            state: CaseState::RequestReceived,
            history: Vec::new(),
        }
    }

    /// Applies an event that happened on `on` and returns the new state.
    ///
    /// The move must be in the [`transition`] table, and `on` must not be earlier than the last
    /// step (or the request, for the first step); events on the same day are fine. The table is
    /// checked first. On any error the case is left exactly as it was.
    pub fn apply(&mut self, event: CaseEvent, on: Date) -> Result<CaseState, TransitionError> {
        let to = transition(self.state, event)?;
        let previous = self.last_step_on();
        if on < previous {
            return Err(TransitionError::OutOfOrder {
                event,
                on,
                previous,
            });
        }
        self.history.push(DatedTransition {
            from: self.state,
            event,
            to,
            on,
        });
        self.state = to;
        Ok(to)
    }

    /// Where the case has got to.
    pub fn state(&self) -> CaseState {
        self.state
    }

    /// Every step so far, oldest first.
    pub fn history(&self) -> &[DatedTransition] {
        &self.history
    }

    /// The date the request for an assessment was received.
    pub fn opened_on(&self) -> Date {
        self.opened_on
    }

    /// The date of the latest step, or of the request if nothing has happened yet.
    pub fn last_step_on(&self) -> Date {
        self.history.last().map_or(self.opened_on, |step| step.on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseEvent as E;
    use CaseState as S;
    use ReviewOutcome as R;
    use proptest::prelude::*;
    use time::Month;

    fn day(n: i64) -> Date {
        Date::from_calendar_date(2026, Month::January, 5).unwrap() + time::Duration::days(n)
    }

    /// Every state, written out here rather than taken from `CaseState::ALL`. The match below
    /// stops compiling when a state is added, so the list cannot silently fall behind.
    fn every_state() -> Vec<CaseState> {
        fn listed(state: CaseState) {
            match state {
                S::RequestReceived
                | S::AssessmentRefused
                | S::Assessing
                | S::AdviceRequested
                | S::AdviceReceived
                | S::NotIssuing
                | S::DraftIssued
                | S::ParentConsultation
                | S::Panel
                | S::PlacementConsultation
                | S::FinalPlanIssued
                | S::AnnualReview
                | S::ReviewDecided(R::Maintain | R::Amend | R::Cease)
                | S::AmendedPlanIssued
                | S::Ceased
                | S::Withdrawn => {}
            }
        }
        let states = vec![
            S::RequestReceived,
            S::AssessmentRefused,
            S::Assessing,
            S::AdviceRequested,
            S::AdviceReceived,
            S::NotIssuing,
            S::DraftIssued,
            S::ParentConsultation,
            S::Panel,
            S::PlacementConsultation,
            S::FinalPlanIssued,
            S::AnnualReview,
            S::ReviewDecided(R::Maintain),
            S::ReviewDecided(R::Amend),
            S::ReviewDecided(R::Cease),
            S::AmendedPlanIssued,
            S::Ceased,
            S::Withdrawn,
        ];
        states.iter().copied().for_each(listed);
        states
    }

    /// Every event, written out here, with the same compile-time guard as `every_state`.
    fn every_event() -> Vec<CaseEvent> {
        fn listed(event: CaseEvent) {
            match event {
                E::DecideWhetherToAssess {
                    assess: true | false,
                }
                | E::RequestAdvice
                | E::ReceiveAdvice
                | E::DecideNotToIssue
                | E::IssueDraft
                | E::StartParentConsultation
                | E::GoToPanel
                | E::StartPlacementConsultation
                | E::IssueFinalPlan
                | E::StartAnnualReview
                | E::DecideReview(R::Maintain | R::Amend | R::Cease)
                | E::IssueAmendedPlan
                | E::Cease
                | E::Withdraw => {}
            }
        }
        let events = vec![
            E::DecideWhetherToAssess { assess: true },
            E::DecideWhetherToAssess { assess: false },
            E::RequestAdvice,
            E::ReceiveAdvice,
            E::DecideNotToIssue,
            E::IssueDraft,
            E::StartParentConsultation,
            E::GoToPanel,
            E::StartPlacementConsultation,
            E::IssueFinalPlan,
            E::StartAnnualReview,
            E::DecideReview(R::Maintain),
            E::DecideReview(R::Amend),
            E::DecideReview(R::Cease),
            E::IssueAmendedPlan,
            E::Cease,
            E::Withdraw,
        ];
        events.iter().copied().for_each(listed);
        events
    }

    /// The allowed moves as the brief states them, written independently of `transition`.
    fn expected_table() -> Vec<(CaseState, CaseEvent, CaseState)> {
        let mut table = vec![
            (
                S::RequestReceived,
                E::DecideWhetherToAssess { assess: true },
                S::Assessing,
            ),
            (
                S::RequestReceived,
                E::DecideWhetherToAssess { assess: false },
                S::AssessmentRefused,
            ),
            (S::Assessing, E::RequestAdvice, S::AdviceRequested),
            (S::AdviceRequested, E::RequestAdvice, S::AdviceRequested),
            (S::AdviceRequested, E::ReceiveAdvice, S::AdviceReceived),
            (S::AdviceReceived, E::ReceiveAdvice, S::AdviceReceived),
            (S::AdviceReceived, E::RequestAdvice, S::AdviceRequested),
            (S::AdviceReceived, E::DecideNotToIssue, S::NotIssuing),
            (S::AdviceReceived, E::IssueDraft, S::DraftIssued),
            (
                S::DraftIssued,
                E::StartParentConsultation,
                S::ParentConsultation,
            ),
            (S::ParentConsultation, E::GoToPanel, S::Panel),
            (
                S::ParentConsultation,
                E::StartPlacementConsultation,
                S::PlacementConsultation,
            ),
            (
                S::Panel,
                E::StartPlacementConsultation,
                S::PlacementConsultation,
            ),
            (S::Panel, E::IssueFinalPlan, S::FinalPlanIssued),
            (S::PlacementConsultation, E::GoToPanel, S::Panel),
            (
                S::PlacementConsultation,
                E::IssueFinalPlan,
                S::FinalPlanIssued,
            ),
            (S::FinalPlanIssued, E::StartAnnualReview, S::AnnualReview),
            (S::AmendedPlanIssued, E::StartAnnualReview, S::AnnualReview),
            (
                S::ReviewDecided(R::Maintain),
                E::StartAnnualReview,
                S::AnnualReview,
            ),
            (
                S::AnnualReview,
                E::DecideReview(R::Maintain),
                S::ReviewDecided(R::Maintain),
            ),
            (
                S::AnnualReview,
                E::DecideReview(R::Amend),
                S::ReviewDecided(R::Amend),
            ),
            (
                S::AnnualReview,
                E::DecideReview(R::Cease),
                S::ReviewDecided(R::Cease),
            ),
            (
                S::ReviewDecided(R::Amend),
                E::IssueAmendedPlan,
                S::AmendedPlanIssued,
            ),
            (S::ReviewDecided(R::Cease), E::Cease, S::Ceased),
            (S::FinalPlanIssued, E::Cease, S::Ceased),
            (S::AmendedPlanIssued, E::Cease, S::Ceased),
            (S::ReviewDecided(R::Maintain), E::Cease, S::Ceased),
        ];
        for before_final in [
            S::RequestReceived,
            S::Assessing,
            S::AdviceRequested,
            S::AdviceReceived,
            S::DraftIssued,
            S::ParentConsultation,
            S::Panel,
            S::PlacementConsultation,
        ] {
            table.push((before_final, E::Withdraw, S::Withdrawn));
        }
        table
    }

    fn expected_move(from: CaseState, event: CaseEvent) -> Option<CaseState> {
        expected_table()
            .into_iter()
            .find(|(state, allowed, _)| *state == from && *allowed == event)
            .map(|(_, _, to)| to)
    }

    /// Applies each event one day after the last and checks the states reached.
    fn walk(steps: &[(CaseEvent, CaseState)]) -> Case {
        let mut case = Case::open(day(0));
        for (offset, (event, expected)) in (1..).zip(steps) {
            assert_eq!(case.apply(*event, day(offset)), Ok(*expected), "{event}");
        }
        case
    }

    #[test]
    fn the_lists_in_these_tests_cover_every_state_and_event_once() {
        let states = every_state();
        assert_eq!(states.len(), 18);
        assert_eq!(states, CaseState::ALL);
        let events = every_event();
        assert_eq!(events.len(), 17);
        assert_eq!(events, CaseEvent::ALL);
        let table = expected_table();
        for (index, (from, event, _)) in table.iter().enumerate() {
            assert!(
                !table[..index]
                    .iter()
                    .any(|(f, e, _)| f == from && e == event),
                "{from} / {event} listed twice"
            );
        }
    }

    #[test]
    fn exactly_the_listed_moves_are_allowed_and_every_other_pair_is_refused() {
        let mut allowed = 0;
        for from in every_state() {
            for event in every_event() {
                match expected_move(from, event) {
                    Some(to) => {
                        allowed += 1;
                        assert_eq!(transition(from, event), Ok(to), "{from} / {event}");
                    }
                    None => assert_eq!(
                        transition(from, event),
                        Err(TransitionError::NotAllowed { from, event }),
                        "{from} / {event} should be refused"
                    ),
                }
            }
        }
        assert_eq!(allowed, 35);
    }

    #[test]
    fn refused_moves_leave_a_case_unchanged() {
        for from in every_state() {
            for event in every_event() {
                if expected_move(from, event).is_some() {
                    continue;
                }
                let mut case = Case::open(day(0));
                case.state = from;
                let before = case.clone();
                assert!(case.apply(event, day(1)).is_err());
                assert_eq!(case, before);
            }
        }
    }

    #[test]
    fn allowed_events_list_exactly_the_moves_in_the_table() {
        for state in every_state() {
            let expected: Vec<CaseEvent> = every_event()
                .into_iter()
                .filter(|event| expected_move(state, *event).is_some())
                .collect();
            assert_eq!(state.allowed_events(), expected, "{state}");
            assert_eq!(state.is_terminal(), expected.is_empty(), "{state}");
        }
    }

    #[test]
    fn a_case_runs_from_request_through_review_amendment_and_review_to_ceasing() {
        let case = walk(&[
            (E::DecideWhetherToAssess { assess: true }, S::Assessing),
            (E::RequestAdvice, S::AdviceRequested),
            (E::ReceiveAdvice, S::AdviceReceived),
            (E::RequestAdvice, S::AdviceRequested),
            (E::ReceiveAdvice, S::AdviceReceived),
            (E::IssueDraft, S::DraftIssued),
            (E::StartParentConsultation, S::ParentConsultation),
            (E::GoToPanel, S::Panel),
            (E::StartPlacementConsultation, S::PlacementConsultation),
            (E::IssueFinalPlan, S::FinalPlanIssued),
            (E::StartAnnualReview, S::AnnualReview),
            (E::DecideReview(R::Amend), S::ReviewDecided(R::Amend)),
            (E::IssueAmendedPlan, S::AmendedPlanIssued),
            (E::StartAnnualReview, S::AnnualReview),
            (E::DecideReview(R::Cease), S::ReviewDecided(R::Cease)),
            (E::Cease, S::Ceased),
        ]);
        assert_eq!(case.state(), S::Ceased);
        assert!(case.state().is_terminal());
        assert_eq!(case.opened_on(), day(0));
        assert_eq!(case.history().len(), 16);
        assert_eq!(
            case.history()[9],
            DatedTransition {
                from: S::PlacementConsultation,
                event: E::IssueFinalPlan,
                to: S::FinalPlanIssued,
                on: day(10),
            }
        );
        assert_eq!(case.last_step_on(), day(16));
    }

    #[test]
    fn a_refused_assessment_closes_the_case() {
        let mut case = walk(&[(
            E::DecideWhetherToAssess { assess: false },
            S::AssessmentRefused,
        )]);
        assert!(case.state().is_terminal());
        let error = case.apply(E::RequestAdvice, day(2)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot request advice: the case is at 'assessment refused', which is closed \
             (a new request starts a new case)"
        );
    }

    #[test]
    fn a_decision_not_to_issue_after_assessment_closes_the_case() {
        let case = walk(&[
            (E::DecideWhetherToAssess { assess: true }, S::Assessing),
            (E::RequestAdvice, S::AdviceRequested),
            (E::ReceiveAdvice, S::AdviceReceived),
            (E::DecideNotToIssue, S::NotIssuing),
        ]);
        assert!(case.state().allowed_events().is_empty());
    }

    #[test]
    fn a_request_can_be_withdrawn_before_the_final_plan_but_not_after() {
        let case = walk(&[
            (E::DecideWhetherToAssess { assess: true }, S::Assessing),
            (E::RequestAdvice, S::AdviceRequested),
            (E::ReceiveAdvice, S::AdviceReceived),
            (E::IssueDraft, S::DraftIssued),
            (E::Withdraw, S::Withdrawn),
        ]);
        assert!(case.state().is_terminal());
        assert_eq!(
            transition(S::FinalPlanIssued, E::Withdraw),
            Err(TransitionError::NotAllowed {
                from: S::FinalPlanIssued,
                event: E::Withdraw
            })
        );
    }

    #[test]
    fn a_maintained_plan_can_be_reviewed_again_or_ceased_after_consultation() {
        let mut case = walk(&[
            (E::DecideWhetherToAssess { assess: true }, S::Assessing),
            (E::RequestAdvice, S::AdviceRequested),
            (E::ReceiveAdvice, S::AdviceReceived),
            (E::IssueDraft, S::DraftIssued),
            (E::StartParentConsultation, S::ParentConsultation),
            (E::StartPlacementConsultation, S::PlacementConsultation),
            (E::IssueFinalPlan, S::FinalPlanIssued),
            (E::StartAnnualReview, S::AnnualReview),
            (E::DecideReview(R::Maintain), S::ReviewDecided(R::Maintain)),
            (E::StartAnnualReview, S::AnnualReview),
            (E::DecideReview(R::Maintain), S::ReviewDecided(R::Maintain)),
        ]);
        assert_eq!(case.apply(E::Cease, day(12)), Ok(S::Ceased));
    }

    #[test]
    fn an_event_dated_before_the_last_step_is_refused_and_changes_nothing() {
        let mut case = walk(&[(E::DecideWhetherToAssess { assess: true }, S::Assessing)]);
        let before = case.clone();
        let error = case.apply(E::RequestAdvice, day(0)).unwrap_err();
        assert_eq!(
            error,
            TransitionError::OutOfOrder {
                event: E::RequestAdvice,
                on: day(0),
                previous: day(1),
            }
        );
        assert_eq!(
            error.to_string(),
            "cannot request advice on 2026-01-05: the case's last step was on 2026-01-06"
        );
        assert_eq!(case, before);
        assert_eq!(case.apply(E::RequestAdvice, day(1)), Ok(S::AdviceRequested));
    }

    #[test]
    fn the_first_event_cannot_be_dated_before_the_request() {
        let mut case = Case::open(day(0));
        let error = case
            .apply(E::DecideWhetherToAssess { assess: true }, day(-1))
            .unwrap_err();
        assert_eq!(
            error,
            TransitionError::OutOfOrder {
                event: E::DecideWhetherToAssess { assess: true },
                on: day(-1),
                previous: day(0),
            }
        );
        assert_eq!(case, Case::open(day(0)));
    }

    #[test]
    fn a_refused_move_is_reported_before_a_bad_date() {
        let mut case = walk(&[(E::DecideWhetherToAssess { assess: true }, S::Assessing)]);
        let error = case.apply(E::IssueFinalPlan, day(-5)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot issue the final plan: the case is at 'assessing'"
        );
    }

    proptest! {
        #[test]
        fn random_event_sequences_only_ever_take_listed_moves_in_date_order(
            steps in prop::collection::vec(
                (prop::sample::select(CaseEvent::ALL.to_vec()), -3i64..10),
                0..60,
            )
        ) {
            let table = expected_table();
            let mut case = Case::open(day(0));
            let mut on = day(0);
            for (event, days_later) in steps {
                on += time::Duration::days(days_later);
                let before = case.clone();
                match case.apply(event, on) {
                    Ok(to) => {
                        prop_assert!(table.contains(&(before.state(), event, to)));
                        prop_assert_eq!(case.state(), to);
                        prop_assert_eq!(case.history().len(), before.history().len() + 1);
                    }
                    Err(_) => prop_assert_eq!(&case, &before),
                }
            }
            let mut previous = case.opened_on();
            let mut state = S::RequestReceived;
            for step in case.history() {
                prop_assert!(step.on >= previous);
                prop_assert_eq!(step.from, state);
                prop_assert!(table.contains(&(step.from, step.event, step.to)));
                previous = step.on;
                state = step.to;
            }
            prop_assert_eq!(state, case.state());
        }
    }
}
