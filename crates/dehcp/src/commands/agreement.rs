//! `dehcp eval agreement`: how far two people agree on provision labels, beside the engine.
//!
//! A second annotator labels the provision statements and parts of some gold documents again,
//! from the plain text and the labelling guide alone (without the gold labels, the engine's
//! rules or its output). This command pairs each second-annotation file with the gold file of
//! the same name in the same split and scores, with the matching `dehcp eval evidence` uses:
//!
//! - **people**: the second annotation against the gold (inter-annotator agreement, the
//!   ceiling a rule set can be expected to reach on labels like these);
//! - **engine v gold**: the engine against the gold, on the same documents;
//! - **engine v second**: the engine against the second annotation.
//!
//! Only aggregate figures are printed (never a hold-out mistake). A second file with no gold
//! file of its name, or whose text differs from the gold's, is an error (exit 2).

use std::collections::HashMap;
use std::path::Path;

use dehcp_nlp::analysis::Engine;
use dehcp_nlp::eval::{self, Counts, Scores, Split};
use dehcp_nlp::gold::{IngestedGold, PartKind};
use serde::Serialize;

use crate::cli::EvalAgreementArgs;
use crate::commands::eval::{load, measure};
use crate::exit::Failure;

/// The three comparisons on one split.
#[derive(Debug, Default, Serialize)]
struct Comparison {
    split: &'static str,
    documents: usize,
    /// The second annotation scored against the gold.
    people: Scores,
    /// The engine against the gold.
    engine_v_gold: Scores,
    /// The engine against the second annotation.
    engine_v_second: Scores,
}

impl Comparison {
    fn add(&mut self, other: &Comparison) {
        self.documents += other.documents;
        self.people.add(&other.people);
        self.engine_v_gold.add(&other.engine_v_gold);
        self.engine_v_second.add(&other.engine_v_second);
    }
}

fn file_name(gold: &IngestedGold) -> String {
    Path::new(&gold.file)
        .file_name()
        .map_or_else(|| gold.file.clone(), |n| n.to_string_lossy().into_owned())
}

/// Runs the command.
pub(crate) fn run(args: &EvalAgreementArgs) -> Result<(), Failure> {
    let engine = Engine::builtin().map_err(Failure::internal)?;
    let gold = load(&args.gold, engine.dictionary())?;
    let second = load(&args.second, engine.dictionary())?;
    let by_name: HashMap<(Split, String), &IngestedGold> = gold
        .iter()
        .map(|(split, document)| ((*split, file_name(document)), document))
        .collect();
    let mut comparisons: Vec<Comparison> = Split::ALL
        .iter()
        .map(|split| Comparison {
            split: split.id(),
            ..Comparison::default()
        })
        .collect();
    for (split, other) in &second {
        let name = file_name(other);
        let Some(first) = by_name.get(&(*split, name.clone())) else {
            return Err(Failure::usage(format!(
                "{}: no gold file {}/{name} in {}",
                other.file,
                split.id(),
                args.gold.display()
            )));
        };
        if first.document.text != other.document.text {
            return Err(Failure::usage(format!(
                "{}: its text is not the text of {} (a second annotation adds labels only)",
                other.file, first.file
            )));
        }
        let analysis = engine.analyse(&[&first.document]);
        let comparison = Comparison {
            split: split.id(),
            documents: 1,
            people: eval::score_second_annotation(first, other).scores,
            engine_v_gold: eval::score_document(first, &analysis, 0).scores,
            engine_v_second: eval::score_document(other, &analysis, 0).scores,
        };
        if let Some(total) = comparisons.get_mut(*split as usize) {
            total.add(&comparison);
        }
    }
    comparisons.retain(|c| c.documents > 0);
    let mut all = Comparison {
        split: "all",
        ..Comparison::default()
    };
    for comparison in &comparisons {
        all.add(comparison);
    }
    comparisons.push(all);
    if args.json {
        let text = serde_json::to_string_pretty(&comparisons).map_err(Failure::internal)?;
        outln!("{text}");
        return Ok(());
    }
    outln!(
        "Provision labels: a second annotation ({}) against the gold ({}), beside the engine",
        args.second.display(),
        args.gold.display()
    );
    outln!(
        "F1 with the matching of `dehcp eval evidence` (parts: overlap of at least half the \
         union). Synthetic documents."
    );
    outln!();
    for comparison in &comparisons {
        print(comparison);
    }
    Ok(())
}

fn print(comparison: &Comparison) {
    let gold = comparison.people.all_parts().gold();
    let second = comparison.people.all_parts().predicted();
    outln!(
        "== {}: {} documents; {} statements with {gold} parts in the gold, {} with {second} in \
         the second annotation",
        comparison.split,
        comparison.documents,
        comparison.people.statements.gold(),
        comparison.people.statements.predicted(),
    );
    outln!(
        "  {:<14}{:>8}{:>15}{:>17}",
        "F1",
        "people",
        "engine v gold",
        "engine v second"
    );
    let row = |name: &str, pick: &dyn Fn(&Scores) -> Counts| {
        outln!(
            "  {name:<14}{:>8}{:>15}{:>17}",
            measure(pick(&comparison.people).f1()),
            measure(pick(&comparison.engine_v_gold).f1()),
            measure(pick(&comparison.engine_v_second).f1()),
        );
    };
    row("statements", &|s| s.statements);
    for kind in PartKind::ALL {
        row(kind.id(), &|s| s.for_part(kind));
    }
    row("all parts", &|s| s.all_parts());
    outln!();
}
