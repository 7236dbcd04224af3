//! The synthetic example bundle in `examples/robin-example/bundle/` is exactly what its
//! generator (`examples/make_example_bundle.rs`) writes from the Markdown sources, and dehcp
//! reads every file in it as the advice it is meant to be.
//!
//! A stale bundle (sources edited, files not regenerated) fails here; regenerate with
//! `cargo run -p dehcp-ingest --features testgen --example make_example_bundle`.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../examples/make_example_bundle.rs"]
#[allow(dead_code)]
mod make_example_bundle;

use dehcp_ingest::metadata::{AdviceKind, AdvicePolicy, describe};
use time::{Date, Month};

use make_example_bundle::{FILES, build, example_dir};

/// What a bundle file must be read as: file name, format id, kind of advice, report date.
type Expected = (&'static str, &'static str, AdviceKind, (i32, u8, u8));

/// What each bundle file must be read as.
const EXPECTED: [Expected; 6] = [
    (
        "01-ep-advice.docx",
        "docx",
        AdviceKind::EducationalPsychology,
        (2026, 9, 14),
    ),
    (
        "02-salt-report.pdf",
        "pdf",
        AdviceKind::SpeechAndLanguageTherapy,
        (2026, 9, 28),
    ),
    (
        "03-ot-report.pdf",
        "pdf",
        AdviceKind::OccupationalTherapy,
        (2026, 10, 2),
    ),
    (
        "04-paediatric-letter.pdf",
        "pdf",
        AdviceKind::PaediatricMedical,
        (2026, 10, 7),
    ),
    (
        "05-school-advice.docx",
        "docx",
        AdviceKind::Education,
        (2026, 10, 9),
    ),
    (
        "06-views.txt",
        "text",
        AdviceKind::ParentCarerViews,
        (2026, 10, 5),
    ),
];

fn ymd((year, month, day): (i32, u8, u8)) -> Date {
    Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
}

#[test]
fn the_committed_bundle_is_exactly_what_the_generator_writes() {
    let bundle_dir = example_dir().join("bundle");
    let built = build(&example_dir().join("src")).unwrap();
    assert_eq!(built.len(), FILES.len());
    for (name, bytes) in &built {
        let committed = std::fs::read(bundle_dir.join(name)).unwrap_or_else(|error| {
            panic!("{name}: {error}; run the make_example_bundle example to write it")
        });
        assert!(
            committed == *bytes,
            "{name} differs from what make_example_bundle writes ({} bytes committed, {} \
             generated); regenerate the bundle",
            committed.len(),
            bytes.len()
        );
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&bundle_dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = built.iter().map(|(name, _)| name.clone()).collect();
    expected.sort();
    assert_eq!(on_disk, expected, "the bundle folder holds other files");
}

#[test]
fn the_generator_gives_the_same_bytes_every_time() {
    let source = example_dir().join("src");
    assert_eq!(build(&source).unwrap(), build(&source).unwrap());
}

#[test]
fn every_file_is_read_with_its_kind_and_date_and_says_it_is_synthetic() {
    let as_of = ymd((2026, 11, 26));
    let built = build(&example_dir().join("src")).unwrap();
    for ((name, bytes), (expected_name, format, kind, date)) in built.iter().zip(EXPECTED) {
        assert_eq!(name, expected_name);
        let (document, _) = dehcp_ingest::ingest(name, bytes, &Default::default())
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(document.format.id(), format, "{name}: format");
        assert!(
            document
                .text
                .trim_start()
                .starts_with("SYNTHETIC – fictional case for demonstration"),
            "{name}: the synthetic label is not at the top"
        );
        assert!(document.text.contains("Robin Example"), "{name}: child");
        let metadata = describe(&document, as_of, &AdvicePolicy::default());
        assert_eq!(metadata.kind.value, kind, "{name}: kind of advice");
        assert_eq!(
            metadata.report_date.map(|guess| guess.value),
            Some(ymd(date)),
            "{name}: report date"
        );
    }
}
