//! `dehcp eval evidence`: score the evidence engine against a labelled gold set.
//!
//! Reads `DIR/tune/*.md` and `DIR/holdout/*.md` (each folder sorted by file name, so runs are
//! deterministic), parses and ingests every gold file (`dehcp_nlp::gold`), runs the built-in
//! engine on each document alone and prints the scores of `dehcp_nlp::eval` for each split and
//! for both together: a plain-text table, or JSON with `--json`. `--errors` adds every false
//! positive, false negative and wrong polarity with its sentence, for tuning rules on `tune`;
//! hold-out mistakes are never listed, so nobody tunes against them by accident. `--split`
//! evaluates one folder only.
//! A gold file that does not parse is a one-line error naming `file:line:column` (exit 2).

use std::path::{Path, PathBuf};

use dehcp_nlp::analysis::Engine;
use dehcp_nlp::dictionary::Dictionary;
use dehcp_nlp::eval::{self, Counts, Mistake, Report, Scores, Split, SplitReport};
use dehcp_nlp::gold::{self, IngestedGold, POLARITIES, PartKind};
use serde::Serialize;

use crate::cli::EvalEvidenceArgs;
use crate::exit::Failure;

/// The JSON printed with `--json`.
#[derive(Debug, Serialize)]
struct ReportJson<'a> {
    gold: String,
    splits: &'a [SplitReport],
    /// Present only with `--errors`.
    #[serde(skip_serializing_if = "Option::is_none")]
    mistakes: Option<&'a [Mistake]>,
}

/// Runs the command.
pub(crate) fn run(args: &EvalEvidenceArgs) -> Result<(), Failure> {
    let engine = Engine::builtin().map_err(Failure::internal)?;
    let mut documents = load(&args.gold, engine.dictionary())?;
    if let Some(only) = &args.split {
        documents.retain(|(split, _)| split.id() == only);
        if documents.is_empty() {
            return Err(Failure::usage(format!(
                "{}: no gold documents (*.md) in {only}/",
                args.gold.display()
            )));
        }
    }
    let mut report = eval::evaluate(&engine, &documents);
    let holdout: std::collections::HashSet<&str> = documents
        .iter()
        .filter(|(split, _)| *split == Split::Holdout)
        .map(|(_, gold)| gold.file.as_str())
        .collect();
    report
        .mistakes
        .retain(|mistake| !holdout.contains(mistake.file.as_str()));
    if let Some(only) = &args.split {
        // The other split is empty and `all` repeats this one: print this one alone.
        report.splits.retain(|split| split.split == only);
    }
    if args.json {
        let json = ReportJson {
            gold: args.gold.display().to_string(),
            splits: &report.splits,
            mistakes: args.errors.then_some(report.mistakes.as_slice()),
        };
        let text = serde_json::to_string_pretty(&json).map_err(Failure::internal)?;
        outln!("{text}");
    } else {
        print_report(&args.gold, &report, args.errors);
    }
    Ok(())
}

/// The `.md` files of one split folder, sorted; none if the folder does not exist.
fn gold_files(folder: &Path) -> Result<Vec<PathBuf>, Failure> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let entries = std::fs::read_dir(folder)
        .map_err(|error| Failure::usage(format!("{}: {error}", folder.display())))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|error| Failure::usage(format!("{}: {error}", folder.display())))?
            .path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "md") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads, parses and ingests every gold file of both splits.
pub(crate) fn load(
    root: &Path,
    dictionary: &Dictionary,
) -> Result<Vec<(Split, IngestedGold)>, Failure> {
    if !root.is_dir() {
        return Err(Failure::usage(format!(
            "{}: no such gold set folder",
            root.display()
        )));
    }
    let mut documents = Vec::new();
    for split in Split::ALL {
        for path in gold_files(&root.join(split.id()))? {
            let name = path.display().to_string();
            let bytes = std::fs::read(&path)
                .map_err(|error| Failure::usage(format!("{name}: could not be read ({error})")))?;
            let markup = String::from_utf8(bytes)
                .map_err(|_| Failure::usage(format!("{name}: not UTF-8 text")))?;
            let parsed = gold::parse(&name, &markup, dictionary).map_err(Failure::usage)?;
            let ingested = parsed.ingest().map_err(Failure::usage)?;
            documents.push((split, ingested));
        }
    }
    if documents.is_empty() {
        return Err(Failure::usage(format!(
            "{}: no gold documents (*.md) in tune/ or holdout/",
            root.display()
        )));
    }
    Ok(documents)
}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("1 {word}")
    } else {
        format!("{count} {word}s")
    }
}

pub(crate) fn measure(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| format!("{value:.3}"))
}

fn row(name: &str, counts: Counts) {
    outln!(
        "  {name:<22}{:>6}{:>6}{:>6}{:>6}{:>6}{:>11}{:>8}{:>8}",
        counts.gold(),
        counts.predicted(),
        counts.true_positives,
        counts.false_positives,
        counts.false_negatives,
        measure(counts.precision()),
        measure(counts.recall()),
        measure(counts.f1()),
    );
}

fn print_split(report: &SplitReport) {
    let scores: &Scores = &report.scores;
    let by_polarity: Vec<String> = POLARITIES
        .iter()
        .map(|p| format!("{} {}", p.id(), scores.for_polarity(*p).gold()))
        .collect();
    outln!(
        "== {}: {}; {} ({}); {} with {}",
        report.split,
        plural(scores.documents, "document"),
        plural(scores.concepts.gold(), "gold finding"),
        by_polarity.join(", "),
        plural(scores.statements.gold(), "provision statement"),
        plural(scores.all_parts().gold(), "part"),
    );
    outln!(
        "  {:<22}{:>6}{:>6}{:>6}{:>6}{:>6}{:>11}{:>8}{:>8}",
        "",
        "gold",
        "found",
        "TP",
        "FP",
        "FN",
        "precision",
        "recall",
        "F1"
    );
    outln!("  Findings by polarity");
    for polarity in POLARITIES {
        row(
            &format!("  {}", polarity.id()),
            scores.for_polarity(polarity),
        );
    }
    row("  any polarity", scores.concepts);
    outln!("  Provision");
    row("  statements", scores.statements);
    for kind in PartKind::ALL {
        row(&format!("  {}", kind.id()), scores.for_part(kind));
    }
    row("  all parts", scores.all_parts());
    outln!("  Targets");
    for target in &report.targets {
        outln!(
            "    {:<20} >= {:.2}: {:>5}  {}",
            target.name,
            target.threshold,
            measure(target.value),
            if target.met { "met" } else { "MISSED" }
        );
    }
    outln!();
}

fn print_report(root: &Path, report: &Report, errors: bool) {
    outln!(
        "Evidence engine against the gold set in {} (synthetic documents)",
        root.display()
    );
    outln!(
        "Findings: diagnoses, difficulties and strengths; a match needs the same concept and \
         overlapping words. Parts: overlap of at least half the union."
    );
    outln!();
    for split in &report.splits {
        print_split(split);
    }
    if errors {
        outln!(
            "== errors (tune only; hold-out mistakes are not listed): {}",
            report.mistakes.len()
        );
        for mistake in &report.mistakes {
            let polarity = match (&mistake.gold, &mistake.predicted) {
                (Some(gold), Some(predicted)) => format!(" (gold {gold}, found {predicted})"),
                (Some(gold), None) => format!(" ({gold})"),
                (None, Some(predicted)) => format!(" ({predicted})"),
                (None, None) => String::new(),
            };
            outln!(
                "{}: {} {}{}: \"{}\" in: {}",
                mistake.file,
                mistake.kind.id(),
                mistake.item,
                polarity,
                mistake.text,
                mistake.sentence
            );
        }
    }
}
