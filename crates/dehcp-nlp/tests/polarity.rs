//! The polarity challenge set (`testdata/polarity/*.toml`): single sentences written blind to
//! the engine's rules, each naming one mention and the polarity a careful reader gives it.
//! Most are hard on purpose: negation and doubt words that do not apply to the mention, lists
//! and clauses that a negation does cover, other people, the past.
//!
//! Every fourth case of each file (the 4th, 8th, …) is held out: its mistakes are never
//! printed and no context rule may be written from it; only its totals are reported. The rest
//! ("tune") prints every mistake, for rule work: `cargo test --release -p dehcp-nlp --test
//! polarity -- --nocapture`.
//!
//! All text is synthetic, written for dehcp.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::CaseFile;

use std::collections::BTreeMap;

use dehcp_ingest::{BlockKind, Document, DocumentBuilder, Format};
use dehcp_nlp::analysis::Engine;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Case {
    text: String,
    concept: String,
    surface: String,
    polarity: String,
    #[serde(default)]
    why: String,
    /// A heading the sentence sits under, when whose words they are matters ("Parent and
    /// carer views": a parent's own "I").
    #[serde(default)]
    heading: Option<String>,
}

/// What the engine said about one case.
struct Outcome<'a> {
    file: String,
    index: usize,
    case: &'a Case,
    got: String,
}

impl Outcome<'_> {
    /// The polarity the engine gave, without its trigger.
    fn polarity(&self) -> &str {
        self.got.split(' ').next().unwrap_or_default()
    }
}

fn load() -> Vec<(String, CaseFile<Case>)> {
    common::load_case_files("polarity")
}

fn document(case: &Case) -> Document {
    let mut builder = DocumentBuilder::new("case.txt", Format::PlainText, case.text.as_bytes());
    if let Some(heading) = &case.heading {
        builder.block(1, BlockKind::Heading { level: 2 }, heading);
    }
    builder.block(1, BlockKind::Paragraph, &case.text);
    builder.finish()
}

/// The polarity of the case's mention, with the trigger that decided it in brackets ("none"
/// when the engine found no such mention; the first when it found several).
fn judge(engine: &Engine, case: &Case) -> String {
    let doc = document(case);
    let surface = case.surface.to_lowercase();
    engine
        .analyse(&[&doc])
        .findings
        .iter()
        .find(|finding| {
            let mention = finding.mention.text.to_lowercase();
            finding.concept == case.concept
                && (mention == surface
                    || mention.starts_with(&surface)
                    || surface.starts_with(&mention))
        })
        .map_or_else(
            || "none".to_owned(),
            |finding| match &finding.trigger {
                Some(trigger) => format!("{} ({trigger:?})", finding.polarity.id()),
                None => finding.polarity.id().to_owned(),
            },
        )
}

/// Accuracy, negation precision and negation recall of a set of outcomes.
struct Scores {
    cases: usize,
    right: usize,
    said_negated: usize,
    right_negated: usize,
    negated: usize,
}

impl Scores {
    fn of(outcomes: &[&Outcome<'_>]) -> Scores {
        let mut scores = Scores {
            cases: outcomes.len(),
            right: 0,
            said_negated: 0,
            right_negated: 0,
            negated: 0,
        };
        for outcome in outcomes {
            let want = outcome.case.polarity.as_str();
            if outcome.polarity() == want {
                scores.right += 1;
            }
            if outcome.polarity() == "negated" {
                scores.said_negated += 1;
                if want == "negated" {
                    scores.right_negated += 1;
                }
            }
            if want == "negated" {
                scores.negated += 1;
            }
        }
        scores
    }

    fn accuracy(&self) -> f64 {
        ratio(self.right, self.cases)
    }

    fn negation_precision(&self) -> f64 {
        ratio(self.right_negated, self.said_negated)
    }

    fn negation_recall(&self) -> f64 {
        ratio(self.right_negated, self.negated)
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name}: {} cases, accuracy {:.3} ({} right), negation precision {:.3} ({}/{}), negation recall {:.3} ({}/{})",
            self.cases,
            self.accuracy(),
            self.right,
            self.negation_precision(),
            self.right_negated,
            self.said_negated,
            self.negation_recall(),
            self.right_negated,
            self.negated,
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn held_out(index: usize) -> bool {
    index % 4 == 3
}

#[test]
fn the_challenge_cases_are_well_formed() {
    let engine = Engine::builtin().expect("the built-in rules load");
    let polarities = [
        "affirmed",
        "negated",
        "uncertain",
        "historical",
        "other_person",
    ];
    for (name, file) in load() {
        assert!(!file.case.is_empty(), "{name} has no cases");
        for (index, case) in file.case.iter().enumerate() {
            let at = format!("{name} case {}", index + 1);
            assert!(
                polarities.contains(&case.polarity.as_str()),
                "{at}: unknown polarity {:?}",
                case.polarity
            );
            let concept = engine
                .dictionary()
                .get(&case.concept)
                .unwrap_or_else(|| panic!("{at}: unknown concept {:?}", case.concept));
            assert!(
                matches!(concept.kind.id(), "diagnosis" | "difficulty" | "strength"),
                "{at}: {} is a {}",
                case.concept,
                concept.kind.id()
            );
            assert!(
                case.text
                    .to_lowercase()
                    .contains(&case.surface.to_lowercase()),
                "{at}: {:?} is not in its text",
                case.surface
            );
            assert!(!case.why.is_empty(), "{at}: no reason given");
        }
    }
}

#[test]
fn the_engine_reads_the_challenge_polarities() {
    let engine = Engine::builtin().expect("the built-in rules load");
    let files = load();
    let mut outcomes = Vec::new();
    for (name, file) in &files {
        for (index, case) in file.case.iter().enumerate() {
            outcomes.push(Outcome {
                file: name.clone(),
                index,
                case,
                got: judge(&engine, case),
            });
        }
    }
    let tune: Vec<&Outcome<'_>> = outcomes.iter().filter(|o| !held_out(o.index)).collect();
    let held: Vec<&Outcome<'_>> = outcomes.iter().filter(|o| held_out(o.index)).collect();

    let mut confusion: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for outcome in &tune {
        *confusion
            .entry((outcome.case.polarity.as_str(), outcome.polarity()))
            .or_default() += 1;
        if outcome.polarity() != outcome.case.polarity {
            eprintln!(
                "{} case {}: {} {:?} is {}, engine says {}\n    {}",
                outcome.file,
                outcome.index + 1,
                outcome.case.concept,
                outcome.case.surface,
                outcome.case.polarity,
                outcome.got,
                outcome.case.text
            );
        }
    }
    eprintln!("tune confusion (expected, engine): {confusion:?}");
    let tune_scores = Scores::of(&tune);
    let held_scores = Scores::of(&held);
    eprintln!("{}", tune_scores.line("tune"));
    eprintln!("{}", held_scores.line("held out"));
    for (name, _) in &files {
        let of_file = |held: bool| -> Vec<&Outcome<'_>> {
            outcomes
                .iter()
                .filter(|o| &o.file == name && held_out(o.index) == held)
                .collect()
        };
        eprintln!(
            "  {}; {}",
            Scores::of(&of_file(false)).line(&format!("{name} tune")),
            Scores::of(&of_file(true)).line("held out")
        );
    }

    // Floors, set from the first measurement and raised as the rules improve (a drop
    // below one is a regression).
    // Measured on 27 November 2026: on sets A and B before any rule was written from them,
    // tune accuracy 0.828 (negation precision 0.764), held out 0.833 (0.812); after rules from
    // the tune cases of A to D, tune 0.956 (0.978), held out 0.867 (0.926). Set E (negation
    // scope in long sentences, 30 November) scored tune 0.844 (negation precision 0.921), held
    // out 0.933 (0.833) before any rule was written from it; with it, all five sets measure
    // tune 0.942 (0.977), held out 0.880 (0.921).
    let floors = [
        ("tune accuracy", tune_scores.accuracy(), 0.94),
        (
            "tune negation precision",
            tune_scores.negation_precision(),
            0.95,
        ),
        ("held-out accuracy", held_scores.accuracy(), 0.85),
        (
            "held-out negation precision",
            held_scores.negation_precision(),
            0.90,
        ),
    ];
    for (name, value, floor) in floors {
        assert!(
            value >= floor,
            "{name} {value:.3} is below its floor {floor}\n{}\n{}",
            tune_scores.line("tune"),
            held_scores.line("held out")
        );
    }
}
