//! End-to-end tests of the `dehcp` binary: real process, real arguments, real output.
//!
//! These are the acceptance checks of issue 2 (the statutory clock on the command line) plus the
//! error convention: one line on stderr and exit status 2 for anything the user got wrong.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Output;

use common::{dehcp, json};

fn deadline<'a>(value: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    value["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("{id} missing from {value}"))
}

fn assert_one_line_error(output: &Output, expected: &str) {
    assert_eq!(output.status.code(), Some(2), "exit status");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line, got: {stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    assert!(
        stderr.contains(expected),
        "{stderr:?} should mention {expected:?}"
    );
    assert!(output.stdout.is_empty(), "nothing on stdout after an error");
}

#[test]
fn a_request_received_on_5_january_2026_has_the_issue_2_dates() {
    let value = json(&[
        "timeline",
        "--received",
        "2026-01-05",
        "--json",
        "--today",
        "2026-01-05",
    ]);
    let a03 = deadline(&value, "A03");
    assert_eq!(a03["due"], "2026-02-16");
    assert_eq!(a03["event"], "decision_whether_to_assess");
    assert_eq!(a03["status"], "due");
    assert!(a03["regulation"].as_str().unwrap().contains("reg 5(1)"));
    assert_eq!(deadline(&value, "A07")["due"], "2026-04-27");
    assert_eq!(deadline(&value, "A11")["due"], "2026-05-25");
}

#[test]
fn the_draft_representation_window_ends_on_14_october() {
    let value = json(&[
        "timeline",
        "--received",
        "2026-06-10",
        "--draft-served",
        "2026-09-30",
        "--json",
    ]);
    assert_eq!(deadline(&value, "A09")["due"], "2026-10-14");
}

#[test]
fn json_without_today_uses_the_system_date_and_says_which() {
    let value = json(&["timeline", "--received", "2026-01-05", "--json"]);
    let today = value["today"].as_str().unwrap();
    assert_eq!(today.len(), 10, "{today}");
    // Long past by any clock that runs this test, so A03 is overdue.
    assert_eq!(deadline(&value, "A03")["status"], "overdue");
}

#[test]
fn met_and_late_statuses_carry_the_completion_date() {
    let value = json(&[
        "timeline",
        "--received",
        "2026-01-05",
        "--decision",
        "2026-02-20",
        "--draft-served",
        "2026-04-01",
        "--final-issued",
        "2026-05-20",
        "--today",
        "2026-06-01",
        "--json",
    ]);
    let a03 = deadline(&value, "A03");
    assert_eq!(a03["status"], "late");
    assert_eq!(a03["completed_on"], "2026-02-20");
    assert_eq!(deadline(&value, "A11")["status"], "met");
    assert_eq!(deadline(&value, "R01")["due"], "2027-05-20");
}

#[test]
fn a_date_that_does_not_exist_exits_2_with_one_line() {
    let output = dehcp(&["timeline", "--received", "2026-02-30"]);
    assert_one_line_error(&output, "'2026-02-30' is not a real calendar date");
}

#[test]
fn a_badly_written_date_exits_2_with_one_line() {
    let output = dehcp(&["timeline", "--received", "30/01/2026"]);
    assert_one_line_error(&output, "YYYY-MM-DD");
}

#[test]
fn an_impossible_sequence_exits_2_with_one_line() {
    let output = dehcp(&[
        "timeline",
        "--received",
        "2026-03-10",
        "--decision",
        "2026-03-01",
    ]);
    assert_one_line_error(&output, "impossible sequence");
    let final_before_draft = dehcp(&[
        "timeline",
        "--received",
        "2026-01-05",
        "--draft-served",
        "2026-05-01",
        "--final-issued",
        "2026-04-01",
    ]);
    assert_one_line_error(
        &final_before_draft,
        "final_issued (2026-04-01) is before draft_served",
    );
}

#[test]
fn missing_and_unknown_arguments_also_exit_2_with_one_line() {
    assert_one_line_error(&dehcp(&["timeline"]), "--received");
    assert_one_line_error(
        &dehcp(&["timeline", "--received", "2026-01-05", "--colour"]),
        "--colour",
    );
    assert_one_line_error(
        &dehcp(&[
            "timeline",
            "--received",
            "2026-01-05",
            "--event",
            "review=2026-01-01",
        ]),
        "not a known event",
    );
}

#[test]
fn other_events_and_exceptions_are_accepted_from_the_command_line() {
    let value = json(&[
        "timeline",
        "--received",
        "2026-05-11",
        "--exception",
        "school_closure:2026-07-20:2026-07-22:2026-09-02:advice asked just before the summer closure",
        "--event",
        "review_meeting=2027-05-10",
        "--event",
        "phase_transfer=2027-09-01",
        "--today",
        "2026-10-01",
        "--json",
    ]);
    let a11 = deadline(&value, "A11");
    assert_eq!(a11["due"], "2026-09-28");
    assert_eq!(a11["exceptions"][0]["ground"], "school_closure");
    assert_eq!(deadline(&value, "R04")["due"], "2027-04-26");
    assert_eq!(deadline(&value, "P01")["due"], "2027-02-14");
    assert!(
        value["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("strict"))
    );
    let outside = dehcp(&[
        "timeline",
        "--received",
        "2026-05-11",
        "--exception",
        "school_closure:2026-07-01:2026-07-22:2026-09-02:too early",
    ]);
    assert_one_line_error(&outside, "outside the period 2026-07-15 to 2026-08-26");
}

#[test]
fn text_output_names_each_deadline_and_its_regulation() {
    let output = dehcp(&[
        "timeline",
        "--received",
        "2026-01-05",
        "--today",
        "2026-01-05",
    ]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("A03  2026-02-16  due"), "{text}");
    assert!(text.contains("SEND Regulations 2014, reg 13(2)"), "{text}");
}

#[test]
fn the_demo_and_reference_tables_run() {
    let demo = dehcp(&["demo"]);
    assert!(demo.status.success());
    assert!(String::from_utf8_lossy(&demo.stdout).contains("SYNTHETIC"));
    for table in [
        "needs",
        "assessment",
        "provision",
        "plan",
        "rules",
        "events",
        "holidays",
    ] {
        let output = dehcp(&["reference", table]);
        assert!(
            output.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(!output.stdout.is_empty(), "{table}");
    }
    let assessment = String::from_utf8(dehcp(&["reference", "assessment"]).stdout).unwrap();
    assert!(assessment.contains("social_care_flag"));
}
