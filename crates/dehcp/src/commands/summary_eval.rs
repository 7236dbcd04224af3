//! `dehcp eval summary`: how much of what the gold labels about the child the bundle summary
//! carries.
//!
//! The gold set has no reference summaries, so this measures one thing a coordinator needs
//! from a bundle summary: that it names the child's needs and strengths. The documents of one
//! split are read in file order, a bundle of `--bundle` documents at a time (the last, shorter
//! group is left out so every bundle has the same size), and each bundle is analysed as one.
//! A bundle's **coverage** is the share of the distinct concepts the gold labels as affirmed in
//! any of its documents that at least one bundle-summary sentence contains (a labelled mention
//! of the concept wholly inside a summary sentence of the same document). Also printed: how
//! many documents the summary quotes, and its words.
//!
//! `--candidates` compares limits on the sentences of one bundle section that enter the
//! TextRank graph ([`Engine::with_bundle_candidates`]) on the same bundles. Only aggregate
//! figures are printed; the default split is `tune`.

use std::collections::BTreeSet;

use dehcp_nlp::analysis::{Analysis, BUNDLE_CANDIDATES, Engine};
use dehcp_nlp::context::Polarity;
use dehcp_nlp::eval::Split;
use dehcp_nlp::gold::IngestedGold;
use serde::Serialize;

use crate::cli::EvalSummaryArgs;
use crate::commands::eval::load;
use crate::exit::Failure;

/// The figures for one limit on bundle candidates.
#[derive(Debug, Default, Serialize, PartialEq)]
struct Coverage {
    candidates: usize,
    bundles: usize,
    /// Distinct affirmed gold concepts, summed over bundles.
    concepts: usize,
    /// Of those, the ones a bundle-summary sentence carries.
    covered: usize,
    /// Documents the bundle summaries quote, summed over bundles.
    documents_quoted: usize,
    /// Words of the bundle summaries, summed over bundles.
    words: usize,
}

impl Coverage {
    fn share(&self) -> Option<f64> {
        (self.concepts > 0).then(|| self.covered as f64 / self.concepts as f64)
    }
}

/// The distinct affirmed gold concepts of a bundle, and those the bundle summary of `analysis`
/// carries. `gold[i]` is the gold of the bundle's document `i`.
fn bundle_coverage(gold: &[&IngestedGold], analysis: &Analysis) -> (usize, usize) {
    let mut concepts = BTreeSet::new();
    let mut covered = BTreeSet::new();
    for (index, document) in gold.iter().enumerate() {
        for finding in &document.findings {
            if finding.polarity != Polarity::Affirmed {
                continue;
            }
            concepts.insert(finding.concept.as_str());
            let carried = analysis.summary.bundle.iter().any(|section| {
                section.sentences.iter().any(|quote| {
                    quote.document == index
                        && quote.start <= finding.span.start
                        && finding.span.end <= quote.end
                })
            });
            if carried {
                covered.insert(finding.concept.as_str());
            }
        }
    }
    (concepts.len(), covered.len())
}

fn measure(engine: &Engine, bundles: &[Vec<&IngestedGold>], candidates: usize) -> Coverage {
    let mut coverage = Coverage {
        candidates,
        ..Coverage::default()
    };
    for bundle in bundles {
        let documents: Vec<_> = bundle.iter().map(|gold| &gold.document).collect();
        let analysis = engine.analyse(&documents);
        let (concepts, covered) = bundle_coverage(bundle, &analysis);
        coverage.bundles += 1;
        coverage.concepts += concepts;
        coverage.covered += covered;
        let quoted: BTreeSet<usize> = analysis
            .summary
            .bundle
            .iter()
            .flat_map(|section| section.sentences.iter().map(|quote| quote.document))
            .collect();
        coverage.documents_quoted += quoted.len();
        coverage.words += analysis
            .summary
            .bundle
            .iter()
            .flat_map(|section| &section.sentences)
            .map(|quote| quote.text.split_whitespace().count())
            .sum::<usize>();
    }
    coverage
}

/// The limits to compare: those given, else the default.
fn limits(given: Option<&str>) -> Result<Vec<usize>, Failure> {
    let Some(given) = given else {
        return Ok(vec![BUNDLE_CANDIDATES]);
    };
    given
        .split(',')
        .map(|limit| match limit.trim().parse::<usize>() {
            Ok(limit) if limit > 0 => Ok(limit),
            _ => Err(Failure::usage(format!(
                "--candidates: '{limit}' is not a whole number above 0 (for example 60,120)"
            ))),
        })
        .collect()
}

/// Runs the command.
pub(crate) fn run(args: &EvalSummaryArgs) -> Result<(), Failure> {
    if args.bundle == 0 {
        return Err(Failure::usage("--bundle must be at least 1".to_owned()));
    }
    // One engine for each limit; the first also reads the gold set's concepts.
    let engines = limits(args.candidates.as_deref())?
        .into_iter()
        .map(|limit| {
            Engine::builtin()
                .map(|engine| (limit, engine.with_bundle_candidates(limit)))
                .map_err(Failure::internal)
        })
        .collect::<Result<Vec<_>, Failure>>()?;
    let Some((_, first)) = engines.first() else {
        return Err(Failure::usage("--candidates: no limit given".to_owned()));
    };
    let split = match args.split.as_deref() {
        Some("holdout") => Split::Holdout,
        _ => Split::Tune,
    };
    let documents = load(&args.gold, first.dictionary())?;
    let chosen: Vec<&IngestedGold> = documents
        .iter()
        .filter(|(of, _)| *of == split)
        .map(|(_, gold)| gold)
        .collect();
    let bundles: Vec<Vec<&IngestedGold>> = chosen
        .chunks_exact(args.bundle)
        .map(<[&IngestedGold]>::to_vec)
        .collect();
    if bundles.is_empty() {
        return Err(Failure::usage(format!(
            "{}: fewer than {} gold documents in {}/",
            args.gold.display(),
            args.bundle,
            split.id()
        )));
    }
    let results: Vec<Coverage> = engines
        .iter()
        .map(|(limit, engine)| measure(engine, &bundles, *limit))
        .collect();
    if args.json {
        let json = serde_json::to_string_pretty(&results).map_err(Failure::internal)?;
        outln!("{json}");
        return Ok(());
    }
    outln!(
        "Bundle summaries of the gold set in {} ({}, bundles of {} documents in file order; \
         synthetic documents)",
        args.gold.display(),
        split.id(),
        args.bundle
    );
    outln!(
        "Coverage: the share of the distinct concepts labelled affirmed in a bundle that a \
         bundle-summary sentence carries."
    );
    outln!(
        "  {:>10}{:>9}{:>10}{:>9}{:>10}{:>18}{:>16}",
        "candidates",
        "bundles",
        "concepts",
        "covered",
        "coverage",
        "documents quoted",
        "words a bundle"
    );
    for result in &results {
        let bundles = result.bundles.max(1) as f64;
        outln!(
            "  {:>10}{:>9}{:>10}{:>9}{:>10}{:>18}{:>16}",
            result.candidates,
            result.bundles,
            result.concepts,
            result.covered,
            crate::commands::eval::measure(result.share()),
            format!(
                "{:.2} of {}",
                result.documents_quoted as f64 / bundles,
                args.bundle
            ),
            format!("{:.0}", result.words as f64 / bundles)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dehcp_nlp::dictionary::Dictionary;
    use dehcp_nlp::gold;

    fn gold_document(markup: &str) -> IngestedGold {
        let dictionary = Dictionary::builtin().unwrap();
        gold::parse("tune/01-synthetic.md", markup, &dictionary)
            .unwrap()
            .ingest()
            .unwrap()
    }

    #[test]
    fn a_concept_counts_as_covered_only_inside_a_summary_sentence() {
        // Synthetic text. The bundle summary's sentences are the ones the engine picked; each
        // labelled concept is covered exactly when a picked sentence holds its label.
        let document = gold_document(
            "# Report\n\n\
             Sam has a diagnosis of {{autism|f:autism:affirmed}} from the child development \
             centre.\n\n\
             He has {{dyslexia|f:dyslexia:affirmed}} and reads slowly in class.\n\n\
             There are no concerns about his {{hearing|f:hearing_loss:negated}}.\n",
        );
        let engine = Engine::builtin().unwrap();
        let analysis = engine.analyse(&[&document.document]);
        let picked: Vec<&str> = analysis
            .summary
            .bundle
            .iter()
            .flat_map(|section| section.sentences.iter().map(|quote| quote.text.as_str()))
            .collect();
        let expected = ["autism", "dyslexia"]
            .iter()
            .filter(|word| picked.iter().any(|text| text.contains(*word)))
            .count();
        assert_eq!(bundle_coverage(&[&document], &analysis), (2, expected));

        // With no summary at all nothing is covered; the negated concept is never counted.
        let mut empty = analysis.clone();
        empty.summary.bundle.clear();
        assert_eq!(bundle_coverage(&[&document], &empty), (2, 0));
    }

    #[test]
    fn limits_are_whole_numbers_above_zero() {
        assert_eq!(limits(None).unwrap(), vec![BUNDLE_CANDIDATES]);
        assert_eq!(limits(Some("40, 60,120")).unwrap(), vec![40, 60, 120]);
        assert!(limits(Some("0")).is_err());
        assert!(limits(Some("sixty")).is_err());
    }
}
