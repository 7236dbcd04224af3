//! The provision challenge set (`testdata/provision/*.toml`): short passages written and
//! labelled blind to the engine's rules, each with one or more provision statements and their
//! parts in the gold markup (`testdata/gold/README.md`, guide version 2.1). They test the edges
//! of the parts across many authors' wordings, one case at a time.
//!
//! Every fourth case of each file (the 4th, 8th, …) is held out: its mistakes are never
//! printed and no provision rule may be written from it; only its totals are reported. The
//! rest ("tune") prints every mistake, for rule work: `cargo test --release -p dehcp-nlp --test
//! provision_challenge -- --nocapture`.
//!
//! All text is synthetic, written for dehcp.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::CaseFile;

use dehcp_nlp::analysis::Engine;
use dehcp_nlp::eval::{self, Counts, Scores};
use dehcp_nlp::gold::{self, IngestedGold, PartKind};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    /// The heading the passage sits under.
    heading: String,
    /// The passage, in gold markup.
    text: String,
    #[serde(default)]
    why: String,
}

fn load() -> Vec<(String, CaseFile<Case>)> {
    common::load_case_files("provision")
}

/// The case as a small gold document: a title, its heading and the passage.
fn ingest(name: &str, index: usize, case: &Case, engine: &Engine) -> IngestedGold {
    let markup = format!(
        "Synthetic challenge case\n\n## {}\n\n{}\n",
        case.heading.trim(),
        case.text.trim()
    );
    let file = format!("{name}#{}.md", index + 1);
    gold::parse(&file, &markup, engine.dictionary())
        .and_then(|parsed| parsed.ingest())
        .unwrap_or_else(|err| panic!("{name} case {}: {err}", index + 1))
}

fn held_out(index: usize) -> bool {
    index % 4 == 3
}

/// The provision side of a set of scores: statements, each part, all parts.
fn line(name: &str, scores: &Scores) -> String {
    let f1 = |counts: Counts| counts.f1().map_or("n/a".to_owned(), |f| format!("{f:.3}"));
    let parts: Vec<String> = PartKind::ALL
        .iter()
        .map(|&kind| format!("{kind} {}", f1(scores.for_part(kind))))
        .collect();
    format!(
        "{name}: statements F1 {}, all parts F1 {} ({} gold parts); {}",
        f1(scores.statements),
        f1(scores.all_parts()),
        scores.all_parts().gold(),
        parts.join(", ")
    )
}

#[test]
fn the_challenge_cases_are_well_formed() {
    let engine = Engine::builtin().expect("the built-in rules load");
    for (name, file) in load() {
        assert!(!file.case.is_empty(), "{name} has no cases");
        for (index, case) in file.case.iter().enumerate() {
            let at = format!("{name} case {}", index + 1);
            assert!(!case.heading.trim().is_empty(), "{at}: no heading");
            assert!(!case.why.trim().is_empty(), "{at}: no reason given");
            let ingested = ingest(&name, index, case, &engine);
            assert!(
                ingested.findings.is_empty(),
                "{at}: findings are not labelled here"
            );
        }
    }
}

#[test]
fn the_engine_reads_the_challenge_provisions() {
    let engine = Engine::builtin().expect("the built-in rules load");
    let files = load();
    let mut tune = Scores::default();
    let mut held = Scores::default();
    let mut per_file = Vec::new();
    for (name, file) in &files {
        let mut file_tune = Scores::default();
        let mut file_held = Scores::default();
        for (index, case) in file.case.iter().enumerate() {
            let ingested = ingest(name, index, case, &engine);
            let analysis = engine.analyse(&[&ingested.document]);
            let score = eval::score_document(&ingested, &analysis, 0);
            if held_out(index) {
                file_held.add(&score.scores);
                continue;
            }
            file_tune.add(&score.scores);
            let mistakes: Vec<String> = score
                .mistakes
                .iter()
                .filter(|mistake| !mistake.item.starts_with("finding"))
                .map(|mistake| {
                    format!(
                        "    {} {}: {:?}",
                        mistake.kind.id(),
                        mistake.item,
                        mistake.text
                    )
                })
                .collect();
            if !mistakes.is_empty() {
                eprintln!(
                    "{name} case {}: {}\n{}",
                    index + 1,
                    ingested
                        .document
                        .text
                        .lines()
                        .skip(2)
                        .collect::<Vec<_>>()
                        .join(" / "),
                    mistakes.join("\n")
                );
            }
        }
        tune.add(&file_tune);
        held.add(&file_held);
        per_file.push(format!(
            "  {}; {}",
            line(&format!("{name} tune"), &file_tune),
            line("held out", &file_held)
        ));
    }
    eprintln!("{}", line("tune", &tune));
    eprintln!("{}", line("held out", &held));
    for file_line in per_file {
        eprintln!("{file_line}");
    }

    let all_parts = |scores: &Scores| scores.all_parts().f1().unwrap_or(0.0);
    // Floors, set from the first measurement and raised as the rules improve (a drop below
    // one is a regression). Measured on 27 November 2026: before any rule was written from
    // this set, all parts tune 0.865, held out 0.854; after rules from its tune cases, tune
    // 0.897, held out 0.878; 28 November, with specific lines under any heading and
    // verbs after their deliverer: tune 0.917, held out 0.893; 29 November: tune 0.935, held
    // out 0.903; later that day: tune 0.944, held out 0.913.
    let floors = [
        ("tune all-parts F1", all_parts(&tune), 0.93),
        ("held-out all-parts F1", all_parts(&held), 0.90),
    ];
    for (name, value, floor) in floors {
        assert!(
            value >= floor,
            "{name} {value:.3} is below its floor {floor}\n{}\n{}",
            line("tune", &tune),
            line("held out", &held)
        );
    }
}
