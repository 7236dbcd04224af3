//! Hand-worked dates for every rule, and properties of the clock as a whole.

use proptest::prelude::*;
use time::Date;

use super::*;
use crate::age::BirthMonth;
use crate::date::{add_days, parse_iso_date};
use crate::lifecycle::ReviewOutcome;

fn date(text: &str) -> Date {
    parse_iso_date(text).unwrap()
}

fn clock() -> StatutoryClock {
    StatutoryClock::builtin().unwrap()
}

fn timeline(facts: CaseFactsBuilder, today: &str) -> Timeline {
    clock()
        .timeline(&facts.build().unwrap(), date(today))
        .unwrap()
}

fn due(timeline: &Timeline, id: &str) -> String {
    timeline
        .get(id)
        .unwrap_or_else(|| panic!("{id} missing"))
        .due
        .to_string()
}

fn received(on: &str) -> CaseFactsBuilder {
    CaseFacts::builder().event(Anchor::RequestReceived, date(on))
}

#[test]
fn a_request_on_5_january_2026_gives_the_6_16_and_20_week_dates() {
    let timeline = timeline(received("2026-01-05"), "2026-01-05");
    assert_eq!(due(&timeline, "A03"), "2026-02-16");
    assert_eq!(due(&timeline, "A07"), "2026-04-27");
    assert_eq!(due(&timeline, "A08"), "2026-05-10");
    assert_eq!(due(&timeline, "A11"), "2026-05-25");
    assert_eq!(due(&timeline, "A12"), "2026-05-25");
    assert_eq!(timeline.get("A03").unwrap().status, Status::Due);
    assert!(
        timeline.get("A04").is_none(),
        "refusal rules need a refusal"
    );
    assert!(timeline.get("A09").is_none(), "no draft yet");
    let a11 = timeline.get("A11").unwrap();
    assert_eq!(a11.regulation, "SEND Regulations 2014, reg 13(2)");
}

#[test]
fn the_draft_window_counts_the_service_day_as_day_one() {
    let timeline = timeline(
        received("2026-06-10")
            .event(Anchor::DecisionNotified, date("2026-07-20"))
            .event(Anchor::DraftServed, date("2026-09-30")),
        "2026-10-14",
    );
    assert_eq!(due(&timeline, "A09"), "2026-10-14");
    assert_eq!(timeline.get("A09").unwrap().status, Status::Open);
    assert_eq!(
        timeline.get("A08").unwrap().status,
        Status::Met {
            on: date("2026-09-30")
        }
    );
    assert!(
        timeline.get("A07").is_none(),
        "a draft means the council is issuing"
    );
}

#[test]
fn deadlines_across_the_year_end_and_a_leap_day() {
    // Received 20 December 2027: 6 weeks is 31 January 2028; 20 weeks crosses 29 February 2028.
    let timeline = timeline(received("2027-12-20"), "2027-12-20");
    assert_eq!(due(&timeline, "A03"), "2028-01-31");
    assert_eq!(due(&timeline, "A07"), "2028-04-10");
    assert_eq!(due(&timeline, "A11"), "2028-05-08");
    // The same request a year earlier has no 29 February: one day later in May.
    let earlier = self::timeline(received("2026-12-20"), "2026-12-20");
    assert_eq!(due(&earlier, "A11"), "2027-05-09");
}

#[test]
fn statuses_follow_when_the_council_acted() {
    let facts = received("2026-01-05")
        .event(Anchor::DecisionNotified, date("2026-02-20"))
        .decided_to_assess(true)
        .event(Anchor::DraftServed, date("2026-04-01"))
        .event(Anchor::FinalIssued, date("2026-05-20"));
    let timeline = timeline(facts, "2026-06-01");
    assert_eq!(
        timeline.get("A03").unwrap().status,
        Status::Late {
            on: date("2026-02-20")
        }
    );
    assert_eq!(
        timeline.get("A11").unwrap().status,
        Status::Met {
            on: date("2026-05-20")
        }
    );
    assert_eq!(timeline.get("A09").unwrap().status, Status::Ended);
    assert_eq!(due(&timeline, "R01"), "2027-05-20");
    assert_eq!(timeline.get("R01").unwrap().status, Status::Due);
    let overdue = self::timeline(received("2026-01-05"), "2026-02-17");
    assert_eq!(overdue.get("A03").unwrap().status, Status::Overdue);
    let on_the_day = self::timeline(received("2026-01-05"), "2026-02-16");
    assert_eq!(on_the_day.get("A03").unwrap().status, Status::Due);
}

#[test]
fn a_refusal_to_assess_stops_the_assessment_clocks() {
    let timeline = timeline(
        received("2026-01-05")
            .event(Anchor::DecisionNotified, date("2026-02-10"))
            .decided_to_assess(false),
        "2026-03-01",
    );
    assert_eq!(
        timeline.get("A04").unwrap().status,
        Status::Met {
            on: date("2026-02-10")
        }
    );
    for id in ["A07", "A08", "A11", "A12"] {
        assert!(
            timeline.get(id).is_none(),
            "{id} should not apply after a refusal"
        );
    }
}

#[test]
fn a_decision_not_to_issue_replaces_the_final_plan_deadline() {
    let timeline = timeline(
        received("2026-01-05")
            .event(Anchor::DecisionNotified, date("2026-02-10"))
            .event(Anchor::DecisionNotToIssueNotified, date("2026-04-20")),
        "2026-05-01",
    );
    assert_eq!(
        timeline.get("A07").unwrap().status,
        Status::Met {
            on: date("2026-04-20")
        }
    );
    assert!(timeline.get("A11").is_none());
}

#[test]
fn advice_is_due_six_weeks_after_the_body_receives_the_request() {
    let timeline = timeline(
        received("2026-01-05")
            .event(Anchor::DecisionNotified, date("2026-02-02"))
            .event(Anchor::AdviceRequested, date("2026-02-04")),
        "2026-02-04",
    );
    assert_eq!(due(&timeline, "A06"), "2026-03-18");
}

#[test]
fn a_plan_made_on_29_february_is_first_reviewed_by_28_february() {
    let timeline = timeline(
        received("2023-10-12").event(Anchor::FinalIssued, date("2024-02-29")),
        "2024-03-01",
    );
    assert_eq!(due(&timeline, "R01"), "2025-02-28");
}

#[test]
fn annual_review_meeting_dates() {
    let facts = received("2025-01-06")
        .event(Anchor::FinalIssued, date("2025-05-20"))
        .event(Anchor::LastReview, date("2026-05-01"))
        .event(Anchor::ReviewMeeting, date("2026-05-01"))
        .review_outcome(ReviewOutcome::Amend)
        .event(Anchor::AmendmentNoticeServed, date("2026-05-26"));
    let timeline = timeline(facts, "2026-05-26");
    assert_eq!(due(&timeline, "R02"), "2027-05-01");
    assert_eq!(due(&timeline, "R04"), "2026-04-17");
    assert_eq!(due(&timeline, "R05"), "2026-04-17");
    assert_eq!(due(&timeline, "R06"), "2026-05-01");
    assert_eq!(due(&timeline, "R07"), "2026-05-15");
    assert_eq!(due(&timeline, "R08"), "2026-05-29");
    assert_eq!(
        timeline.get("R10").unwrap().status,
        Status::Met {
            on: date("2026-05-26")
        }
    );
    assert_eq!(due(&timeline, "R11"), "2026-06-09");
    assert_eq!(due(&timeline, "R12"), "2026-07-21");
    assert_eq!(due(&timeline, "R13"), "2026-07-21");
    assert!(
        timeline.get("R01").is_none(),
        "the first review has happened"
    );
    assert!(timeline.get("R03").is_none(), "no birth month given");
}

#[test]
fn under_fives_get_the_review_guidance_only_when_under_five() {
    let facts = |birth: &str| {
        received("2025-01-06")
            .event(Anchor::FinalIssued, date("2025-05-20"))
            .event(Anchor::LastReview, date("2026-05-01"))
            .birth(BirthMonth::parse(birth).unwrap())
    };
    let young = timeline(facts("2022-09"), "2026-05-02");
    assert_eq!(due(&young, "R03"), "2026-11-01");
    assert_eq!(young.get("R03").unwrap().kind, RuleKind::Guidance);
    let older = timeline(facts("2020-09"), "2026-05-02");
    assert!(older.get("R03").is_none());
}

#[test]
fn phase_transfer_is_read_strictly_by_default_and_can_be_read_inclusively() {
    let facts = received("2020-01-06")
        .event(Anchor::FinalIssued, date("2020-05-20"))
        .event(Anchor::PhaseTransfer, date("2027-09-01"))
        .build()
        .unwrap();
    let strict = clock().timeline(&facts, date("2026-11-26")).unwrap();
    assert_eq!(due(&strict, "P01"), "2027-02-14");
    assert!(
        strict
            .get("P01")
            .unwrap()
            .notes
            .iter()
            .any(|n| n.contains("by 14 February"))
    );
    assert!(strict.warnings.iter().any(|w| w.contains("strict reading")));
    let inclusive = clock()
        .with_options(ClockOptions {
            fixed_date_reading: FixedDateReading::Inclusive,
        })
        .timeline(&facts, date("2026-11-26"))
        .unwrap();
    assert_eq!(due(&inclusive, "P01"), "2027-02-15");
    assert!(inclusive.warnings.is_empty());
}

#[test]
fn post16_transfers_use_31_march_and_five_months() {
    let facts = received("2020-01-06")
        .event(Anchor::FinalIssued, date("2020-05-20"))
        .event(Anchor::Post16Transfer, date("2028-09-04"))
        .event(Anchor::PlannedPost16Move, date("2029-01-31"));
    let timeline = timeline(facts, "2026-11-26");
    assert_eq!(due(&timeline, "P02"), "2028-03-30");
    assert_eq!(due(&timeline, "P03"), "2028-08-31");
}

#[test]
fn reassessment_dates() {
    let facts = received("2024-01-08")
        .event(Anchor::ReassessmentRequested, date("2026-03-02"))
        .event(Anchor::ReassessmentDecisionNotified, date("2026-03-13"))
        .event(Anchor::LastAssessment, date("2025-10-31"));
    let timeline = timeline(facts, "2026-03-13");
    assert_eq!(due(&timeline, "S01"), "2026-03-17");
    assert_eq!(
        timeline.get("S01").unwrap().status,
        Status::Met {
            on: date("2026-03-13")
        }
    );
    assert_eq!(due(&timeline, "S02"), "2026-04-30");
    assert_eq!(due(&timeline, "S03"), "2026-06-19");
}

#[test]
fn working_day_rules_skip_easter_and_stop_at_the_calendar_end() {
    let facts = received("2025-06-02").event(Anchor::MediationAdviserInformed, date("2026-04-02"));
    let timeline = timeline(facts, "2026-04-02");
    // Thursday 2 April 2026, then Good Friday, a weekend and Easter Monday.
    assert_eq!(due(&timeline, "M02"), "2026-04-09");
    let beyond = received("2025-06-02")
        .event(Anchor::MediationAdviserInformed, date("2030-12-30"))
        .build()
        .unwrap();
    let error = clock().timeline(&beyond, date("2030-12-30")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("rule M02: 2031-01-01 is outside the bank-holiday calendar"),
        "{error}"
    );
}

#[test]
fn a_recorded_exception_is_shown_but_never_moves_the_date() {
    let facts = received("2026-06-01").exception(RecordedException {
        ground: Ground::ExceptionalPersonalCircumstances,
        occurred_on: date("2026-07-01"),
        reason: "family bereavement during the assessment".into(),
        closure: None,
    });
    let timeline = timeline(facts, "2026-08-01");
    let a03 = timeline.get("A03").unwrap();
    assert_eq!(a03.due.to_string(), "2026-07-13");
    assert_eq!(a03.status, Status::Overdue);
    assert_eq!(a03.exceptions.len(), 1);
    assert_eq!(
        a03.exceptions[0].regulation,
        "SEND Regulations 2014, reg 5(4)"
    );
    assert!(
        a03.notes
            .iter()
            .any(|n| n.contains("as soon as practicable"))
    );
    assert_eq!(timeline.get("A11").unwrap().exceptions.len(), 1);
    assert!(
        timeline.get("A08").unwrap().exceptions.is_empty(),
        "A08 has no exception set"
    );
}

#[test]
fn an_exception_outside_the_period_is_warned_about_not_attached() {
    let facts = received("2026-06-01").exception(RecordedException {
        ground: Ground::AwayFromArea,
        occurred_on: date("2026-09-01"),
        reason: "family abroad for five weeks".into(),
        closure: None,
    });
    let timeline = timeline(facts, "2026-09-02");
    assert!(timeline.get("A03").unwrap().exceptions.is_empty());
    assert_eq!(timeline.get("A11").unwrap().exceptions.len(), 1);
    assert!(
        timeline
            .warnings
            .iter()
            .any(|w| w.contains("outside the period for A03"))
    );
}

#[test]
fn the_summer_holiday_exception_attaches_to_the_twenty_week_deadline() {
    let closure = Closure {
        closed_from: date("2026-07-22"),
        reopens: date("2026-09-02"),
        advice_requested: date("2026-07-20"),
    };
    let facts = received("2026-05-11").exception(RecordedException {
        ground: Ground::SchoolClosure,
        occurred_on: closure.advice_requested,
        reason: "school advice requested two days before the summer closure".into(),
        closure: Some(closure),
    });
    let timeline = timeline(facts, "2026-10-01");
    let a11 = timeline.get("A11").unwrap();
    assert_eq!(a11.due.to_string(), "2026-09-28");
    assert_eq!(a11.exceptions[0].ground, Ground::SchoolClosure);
    assert_eq!(timeline.get("A07").unwrap().exceptions.len(), 1);
}

#[test]
fn finalising_inside_the_family_window_is_warned_about() {
    let facts = received("2026-01-05")
        .event(Anchor::DraftServed, date("2026-04-01"))
        .event(Anchor::FinalIssued, date("2026-04-10"));
    let timeline = timeline(facts, "2026-04-10");
    assert!(
        timeline
            .warnings
            .iter()
            .any(|w| w.contains("before the family's 15-day window"))
    );
}

#[test]
fn requests_before_the_2014_regulations_get_a_warning_not_a_guess() {
    let timeline = timeline(received("2014-03-03"), "2014-03-03");
    assert!(timeline.deadlines.is_empty());
    assert!(
        timeline
            .warnings
            .iter()
            .any(|w| w.contains("No version of rule A03"))
    );
}

proptest! {
    #[test]
    fn the_final_plan_is_always_due_140_days_after_the_request(offset in 0i64..5_000) {
        let request = add_days(date("2015-01-01"), offset).unwrap();
        let facts = CaseFacts::builder().event(Anchor::RequestReceived, request).build().unwrap();
        let timeline = clock().timeline(&facts, request).unwrap();
        prop_assert_eq!(timeline.get("A11").unwrap().due, add_days(request, 140).unwrap());
        prop_assert_eq!(timeline.get("A03").unwrap().due, add_days(request, 42).unwrap());
        prop_assert_eq!(timeline.get("A07").unwrap().due, add_days(request, 112).unwrap());
    }

    #[test]
    fn deadlines_move_monotonically_with_the_request_date(offset in 0i64..5_000, later in 0i64..400) {
        let first = add_days(date("2015-01-01"), offset).unwrap();
        let second = add_days(first, later).unwrap();
        let at = |request: Date| {
            let facts = CaseFacts::builder().event(Anchor::RequestReceived, request).build().unwrap();
            clock().timeline(&facts, request).unwrap()
        };
        let (a, b) = (at(first), at(second));
        for deadline in &a.deadlines {
            prop_assert!(b.get(&deadline.id).unwrap().due >= deadline.due);
        }
    }

    #[test]
    fn reviews_fall_within_a_year_and_a_day(offset in 0i64..5_000) {
        let made = add_days(date("2015-01-01"), offset).unwrap();
        let facts = CaseFacts::builder()
            .event(Anchor::RequestReceived, add_days(made, -140).unwrap())
            .event(Anchor::FinalIssued, made)
            .build()
            .unwrap();
        let review = clock().timeline(&facts, made).unwrap().get("R01").unwrap().due;
        let days = (review - made).whole_days();
        prop_assert!((364..=366).contains(&days), "{made} -> {review}");
    }

    #[test]
    fn the_draft_window_always_ends_fourteen_days_after_service(offset in 0i64..5_000) {
        let served = add_days(date("2015-03-01"), offset).unwrap();
        let facts = CaseFacts::builder()
            .event(Anchor::RequestReceived, add_days(served, -60).unwrap())
            .event(Anchor::DraftServed, served)
            .build()
            .unwrap();
        let end = clock().timeline(&facts, served).unwrap().get("A09").unwrap().due;
        prop_assert_eq!((end - served).whole_days(), 14);
    }
}
