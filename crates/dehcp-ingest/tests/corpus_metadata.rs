//! The metadata guesses ([`describe`]) for every report in the synthetic corpus in
//! `testdata/reports/`, checked against what `testdata/reports/README.md` says about each file.
//!
//! The cover email (`email-cover.md`) is written by the school SENCo and sends the school's
//! advice with the other reports attached, so it is expected to be guessed as
//! [`AdviceKind::Education`]: its title names the school advice and its signature gives the
//! SENCo's role. It is not advice of any other kind, and a person filing the bundle would keep
//! it with the school's advice.
//!
//! `child-views.md` is signed with a first name only ("Jamie"), which is not a signature with a
//! role, so no author role is expected and any author found must be Jamie.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use dehcp_ingest::metadata::{AdviceKind, AdvicePolicy, MetadataWarning, ReportMetadata, describe};
use time::{Date, Month};

/// The date the corpus is judged against.
fn as_of() -> Date {
    ymd(2026, 11, 26)
}

fn ymd(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/reports")
}

/// Ingests one corpus file and describes it as of 2026-11-26 under the default policy.
fn describe_file(name: &str) -> ReportMetadata {
    let path = corpus_dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
    let (document, _) = dehcp_ingest::ingest(name, &bytes, &Default::default())
        .unwrap_or_else(|error| panic!("{name}: {error}"));
    describe(&document, as_of(), &AdvicePolicy::default())
}

/// What a corpus file should be guessed as.
struct Expected {
    file: &'static str,
    kind: AdviceKind,
    date: Date,
    /// The author's name and role from the signature block, when the report has one.
    author: Option<(&'static str, &'static str)>,
}

fn expected() -> Vec<Expected> {
    vec![
        Expected {
            file: "ep-advice.md",
            kind: AdviceKind::EducationalPsychology,
            date: ymd(2026, 10, 14),
            author: Some(("Dr Priya Sample", "Educational Psychologist")),
        },
        Expected {
            file: "salt-report.md",
            kind: AdviceKind::SpeechAndLanguageTherapy,
            date: ymd(2026, 9, 28),
            author: Some(("Tom Testwell", "Specialist Speech and Language Therapist")),
        },
        Expected {
            file: "ot-report.md",
            kind: AdviceKind::OccupationalTherapy,
            date: ymd(2026, 3, 3),
            author: Some(("Megan Mockford", "Children's Occupational Therapist")),
        },
        Expected {
            file: "physio-report.md",
            kind: AdviceKind::Physiotherapy,
            date: ymd(2026, 9, 22),
            author: Some(("Owen Fixture", "Paediatric Physiotherapist")),
        },
        Expected {
            file: "paediatric-report.md",
            kind: AdviceKind::PaediatricMedical,
            date: ymd(2026, 6, 3),
            author: Some(("Dr Nadia Specimen", "Consultant Community Paediatrician")),
        },
        Expected {
            file: "camhs-letter.md",
            kind: AdviceKind::CamhsClinicalPsychology,
            date: ymd(2026, 5, 1),
            author: Some(("Dr Lucy Trialson", "Clinical Psychologist")),
        },
        Expected {
            file: "social-care-assessment.md",
            kind: AdviceKind::SocialCare,
            date: ymd(2026, 10, 7),
            author: Some(("Kemi Placeholder", "Social Worker")),
        },
        Expected {
            file: "school-advice.md",
            kind: AdviceKind::Education,
            date: ymd(2026, 10, 2),
            author: Some(("Mrs Joanne Testcase", "SENCo")),
        },
        Expected {
            file: "parent-views.md",
            kind: AdviceKind::ParentCarerViews,
            date: ymd(2026, 10, 5),
            author: Some(("Sarah Example", "Parent")),
        },
        Expected {
            file: "child-views.md",
            kind: AdviceKind::ChildYoungPersonViews,
            date: ymd(2026, 9, 29),
            author: None,
        },
        Expected {
            file: "annual-review-school.md",
            kind: AdviceKind::Education,
            date: ymd(2024, 10, 9),
            author: Some(("Miss Laura Dummett", "Class Teacher")),
        },
        Expected {
            file: "email-cover.md",
            kind: AdviceKind::Education,
            date: ymd(2026, 10, 19),
            author: Some(("Joanne Testcase", "SENCo")),
        },
    ]
}

#[test]
fn every_corpus_report_is_listed_here() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "README.md")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = expected().iter().map(|e| e.file.to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn kind_of_every_corpus_report() {
    for expected in expected() {
        let metadata = describe_file(expected.file);
        assert_eq!(
            metadata.kind.value, expected.kind,
            "{}: candidates {:?}",
            expected.file, metadata.kind_candidates
        );
        assert!(
            metadata.kind.confidence > 0.4,
            "{}: confidence {}",
            expected.file,
            metadata.kind.confidence
        );
    }
}

#[test]
fn report_date_of_every_corpus_report() {
    for expected in expected() {
        let metadata = describe_file(expected.file);
        let date = metadata
            .report_date
            .unwrap_or_else(|| panic!("{}: no report date", expected.file));
        assert_eq!(date.value, expected.date, "{}: {:?}", expected.file, date);
        assert!(!date.evidence.is_empty(), "{}", expected.file);
    }
}

#[test]
fn author_and_role_from_every_signature_block() {
    for expected in expected() {
        let metadata = describe_file(expected.file);
        let name = metadata
            .author_name
            .as_ref()
            .map(|guess| guess.value.as_str());
        let role = metadata
            .author_role
            .as_ref()
            .map(|guess| guess.value.as_str());
        match expected.author {
            Some((expected_name, expected_role)) => {
                assert_eq!(name, Some(expected_name), "{}", expected.file);
                assert_eq!(role, Some(expected_role), "{}", expected.file);
            }
            None => {
                assert!(
                    name.is_none_or(|name| name.contains("Jamie")),
                    "{}: {name:?}",
                    expected.file
                );
                assert!(role.is_none(), "{}: {role:?}", expected.file);
            }
        }
    }
}

#[test]
fn only_the_old_annual_review_is_older_than_policy() {
    for expected in expected() {
        let metadata = describe_file(expected.file);
        let old = metadata
            .warnings
            .iter()
            .any(|warning| matches!(warning, MetadataWarning::OlderThanPolicy { .. }));
        if expected.file == "annual-review-school.md" {
            assert!(old, "{}: {:?}", expected.file, metadata.warnings);
            assert_eq!(metadata.age_in_months, Some(25));
        } else {
            assert!(
                metadata.warnings.is_empty(),
                "{}: {:?}",
                expected.file,
                metadata.warnings
            );
        }
    }
}

#[test]
fn the_corpus_readme_is_not_guessed_as_advice_of_one_kind() {
    let metadata = describe_file("README.md");
    assert_eq!(
        metadata.kind.value,
        AdviceKind::Other,
        "{:?}",
        metadata.kind_candidates
    );
}
