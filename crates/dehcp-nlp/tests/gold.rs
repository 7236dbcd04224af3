//! The evidence gold set in `testdata/gold` (synthetic documents), end to end: every file
//! parses and lines up with its ingested text, the engine's quotes are verbatim at the stated
//! span and page, and the set is as large as issue 4 asks.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dehcp_ingest::Document;
use dehcp_nlp::analysis::{Engine, Quote};
use dehcp_nlp::context::Polarity;
use dehcp_nlp::dictionary::Dictionary;
use dehcp_nlp::eval::{self, Split};
use dehcp_nlp::gold::{self, FINDING_KINDS, GoldProblem, IngestedGold, POLARITIES, PartKind, Span};

fn gold_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold")
}

/// Every gold file of one split, sorted.
fn files(split: Split) -> Vec<PathBuf> {
    let folder = gold_root().join(split.id());
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    files
}

/// Every gold document, parsed and ingested; a broken file fails the test with its
/// `file:line:column` message.
fn gold_set() -> Vec<(Split, IngestedGold)> {
    let dictionary = Dictionary::builtin().unwrap();
    let mut documents = Vec::new();
    for split in Split::ALL {
        for path in files(split) {
            let name = format!(
                "{}/{}",
                split.id(),
                path.file_name().unwrap().to_string_lossy()
            );
            let markup = std::fs::read_to_string(&path).unwrap();
            let parsed = gold::parse(&name, &markup, &dictionary).unwrap_or_else(|e| panic!("{e}"));
            let ingested = parsed.ingest().unwrap_or_else(|e| panic!("{e}"));
            documents.push((split, ingested));
        }
    }
    documents
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// The page of the block containing character `offset`.
fn page_at(document: &Document, offset: usize) -> Option<u32> {
    document
        .blocks
        .iter()
        .find(|block| block.start <= offset && offset < block.end)
        .map(|block| block.page)
}

fn assert_verbatim(document: &Document, quote: &Quote, what: &str) {
    assert_eq!(
        quote.document, 0,
        "{}: {what}: one document per bundle",
        document.file_name
    );
    assert!(
        quote.start < quote.end,
        "{}: {what}: empty span {}..{}",
        document.file_name,
        quote.start,
        quote.end
    );
    assert_eq!(
        chars(&document.text, quote.start, quote.end),
        quote.text,
        "{}: {what} at {}..{} is not verbatim",
        document.file_name,
        quote.start,
        quote.end
    );
    assert_eq!(
        page_at(document, quote.start),
        Some(quote.page),
        "{}: {what} {:?}: wrong page",
        document.file_name,
        quote.text
    );
}

/// Words only: runs of whitespace as one space, ends trimmed.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_gold_label_lines_up_with_the_ingested_text() {
    let dictionary = Dictionary::builtin().unwrap();
    let mut labels = 0usize;
    for split in Split::ALL {
        for path in files(split) {
            let name = path.display().to_string();
            let markup = std::fs::read_to_string(&path).unwrap();
            let parsed = gold::parse(&name, &markup, &dictionary).unwrap_or_else(|e| panic!("{e}"));
            let ingested = parsed.ingest().unwrap_or_else(|e| panic!("{e}"));
            let (before, after) = (&parsed.text, &ingested.document.text);
            // The same labels, in the same order, over the same words (list markers aside).
            assert_eq!(parsed.findings.len(), ingested.findings.len(), "{name}");
            for (old, new) in parsed.findings.iter().zip(&ingested.findings) {
                assert_eq!(
                    (&old.concept, old.polarity, words(&old.span.text_in(before))),
                    (&new.concept, new.polarity, words(&new.span.text_in(after))),
                    "{name}"
                );
                labels += 1;
            }
            assert_eq!(parsed.provisions.len(), ingested.provisions.len(), "{name}");
            for (old, new) in parsed.provisions.iter().zip(&ingested.provisions) {
                assert_eq!(
                    words(&old.span.text_in(before)),
                    words(&new.span.text_in(after)),
                    "{name}"
                );
                assert_eq!(old.parts.len(), new.parts.len(), "{name}");
                for (old_part, new_part) in old.parts.iter().zip(&new.parts) {
                    assert_eq!(
                        (old_part.kind, words(&old_part.span.text_in(before))),
                        (new_part.kind, words(&new_part.span.text_in(after))),
                        "{name}"
                    );
                    assert!(
                        new_part.span.within(new.span),
                        "{name}: part outside its statement"
                    );
                    labels += 1;
                }
                labels += 1;
            }
        }
    }
    assert!(labels > 0 || files(Split::Tune).is_empty());
}

#[test]
fn every_quote_the_engine_gives_on_the_gold_set_is_verbatim_at_its_span_and_page() {
    let engine = Engine::builtin().unwrap();
    let documents = gold_set();
    let mut checked = 0usize;
    for (_, gold) in &documents {
        let document = &gold.document;
        let analysis = engine.analyse(&[document]);
        for finding in &analysis.findings {
            assert_verbatim(document, &finding.mention, "finding mention");
            assert_verbatim(document, &finding.quote, "finding quote");
            assert!(
                finding.quote.start <= finding.mention.start
                    && finding.mention.end <= finding.quote.end,
                "{}: the sentence of {:?} does not contain it",
                document.file_name,
                finding.mention.text
            );
            checked += 2;
        }
        for provision in &analysis.provisions {
            assert_verbatim(document, &provision.statement, "provision statement");
            let parts = [
                &provision.what,
                &provision.who,
                &provision.group,
                &provision.frequency,
                &provision.duration,
                &provision.programme_length,
            ];
            for part in parts.into_iter().flatten().chain(&provision.vague) {
                assert_verbatim(document, part, "provision part");
                assert!(
                    provision.statement.start <= part.start && part.end <= provision.statement.end,
                    "{}: part {:?} lies outside its statement",
                    document.file_name,
                    part.text
                );
                checked += 1;
            }
            checked += 1;
        }
        let sections = analysis
            .summary
            .documents
            .iter()
            .flat_map(|summary| &summary.sections)
            .chain(&analysis.summary.bundle);
        for section in sections {
            for sentence in &section.sentences {
                assert_verbatim(document, sentence, "summary sentence");
                checked += 1;
            }
        }
        for item in &analysis.assessment {
            for quote in item.evidence.iter().chain(&item.contradicting) {
                assert_verbatim(document, quote, "assessment evidence");
                checked += 1;
            }
        }
    }
    // Reported for the record; zero until the engine lands.
    println!(
        "{checked} quotes checked across {} gold documents",
        documents.len()
    );
}

#[test]
fn the_evaluation_runs_over_the_whole_gold_set() {
    let engine = Engine::builtin().unwrap();
    let documents = gold_set();
    let report = eval::evaluate(&engine, &documents);
    let names: Vec<&str> = report.splits.iter().map(|s| s.split).collect();
    assert_eq!(names, ["tune", "holdout", "all"]);
    let all = &report.splits[2].scores;
    assert_eq!(all.documents, documents.len());
    let gold_findings: usize = documents.iter().map(|(_, g)| g.findings.len()).sum();
    let gold_statements: usize = documents.iter().map(|(_, g)| g.provisions.len()).sum();
    let gold_parts: usize = documents.iter().map(|(_, g)| g.part_count()).sum();
    assert_eq!(all.concepts.gold(), gold_findings);
    assert_eq!(all.statements.gold(), gold_statements);
    assert_eq!(all.all_parts().gold(), gold_parts);
    for split in &report.splits {
        assert_eq!(split.targets.len(), 3);
    }
}

#[test]
fn the_gold_set_is_as_large_as_issue_4_asks() {
    let documents = gold_set();
    let count = |split: Split| documents.iter().filter(|(s, _)| *s == split).count();
    let findings: Vec<(Polarity, usize)> = POLARITIES
        .iter()
        .map(|&polarity| {
            let n = documents
                .iter()
                .flat_map(|(_, g)| &g.findings)
                .filter(|f| f.polarity == polarity)
                .count();
            (polarity, n)
        })
        .collect();
    let total_findings: usize = findings.iter().map(|(_, n)| n).sum();
    let statements: usize = documents.iter().map(|(_, g)| g.provisions.len()).sum();
    let parts: Vec<(PartKind, usize)> = PartKind::ALL
        .iter()
        .map(|&kind| {
            let n = documents
                .iter()
                .flat_map(|(_, g)| &g.provisions)
                .flat_map(|p| &p.parts)
                .filter(|part| part.kind == kind)
                .count();
            (kind, n)
        })
        .collect();
    let summary = format!(
        "gold set so far: {} documents ({} tune, {} holdout); {total_findings} findings ({}); \
         {statements} provision statements; parts: {}",
        documents.len(),
        count(Split::Tune),
        count(Split::Holdout),
        findings
            .iter()
            .map(|(p, n)| format!("{} {n}", p.id()))
            .collect::<Vec<_>>()
            .join(", "),
        parts
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    println!("{summary}");
    let mut short = Vec::new();
    if documents.len() < 30 {
        short.push("at least 30 documents");
    }
    if total_findings < 500 {
        short.push("at least 500 findings");
    }
    if statements < 150 {
        short.push("at least 150 provision statements");
    }
    // Every polarity is represented, and the hold-out is about a quarter.
    if findings.iter().any(|(_, n)| *n == 0) {
        short.push("findings of every polarity");
    }
    if count(Split::Holdout) * 5 < documents.len() || count(Split::Holdout) * 3 > documents.len() {
        short.push("a hold-out of about a quarter of the documents (between a fifth and a third)");
    }
    assert!(
        short.is_empty(),
        "issue 4 needs {}; {summary}",
        short.join(", ")
    );
}

#[test]
fn a_broken_gold_file_names_its_place() {
    let dictionary = Dictionary::builtin().unwrap();
    let markup = "# Report\n\nSam has {{autism|f:autism:affirmed}}.\n\
                  He has {{dyslexia|f:dyslexia:maybe}}.\n";
    let error = gold::parse("tune/99-broken.md", markup, &dictionary).unwrap_err();
    assert_eq!(
        error.problem,
        GoldProblem::UnknownPolarity("maybe".to_owned())
    );
    assert_eq!(
        error.to_string(),
        "tune/99-broken.md:4:19: unknown polarity 'maybe' (expected affirmed, negated, \
         uncertain, historical or other_person)"
    );
}

#[test]
fn every_dictionary_mention_of_a_labelled_kind_is_labelled() {
    // The gold format asks for every mention of a diagnosis, difficulty or strength to be
    // labelled: an unlabelled one the engine finds would count against it unfairly. Either the
    // gold file misses a label or the dictionary names something it should not. Neutral terms
    // ("hearing") are left out: they count only when negated or uncertain, which the engine
    // decides.
    let engine = Engine::builtin().unwrap();
    let concepts = engine.dictionary().concepts();
    // Mentions the authors left unlabelled on purpose (a job title, a test's name), each with
    // its reason; anything else unlabelled fails.
    let allowed_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold/unlabelled-mentions.txt"),
    )
    .unwrap();
    let mut allowed: Vec<(String, String, String)> = allowed_text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 4, "FILE, CONCEPT, QUOTE and WHY: {line}");
            (
                fields[0].to_owned(),
                fields[1].to_owned(),
                fields[2].to_owned(),
            )
        })
        .collect();
    let mut unlabelled = Vec::new();
    for (_, gold) in gold_set() {
        let text = &gold.document.text;
        for mention in engine.scan(text) {
            let Some(concept) = concepts.get(mention.concept) else {
                continue;
            };
            let span = Span::new(mention.start, mention.end);
            let labelled = gold
                .findings
                .iter()
                .any(|f| f.concept == concept.id && f.span.overlap(span) > 0);
            if FINDING_KINDS.contains(&concept.kind) && !mention.neutral && !labelled {
                let key = (
                    gold.file.clone(),
                    concept.id.clone(),
                    mention.quote(text).to_owned(),
                );
                if let Some(index) = allowed.iter().position(|entry| *entry == key) {
                    allowed.swap_remove(index);
                    continue;
                }
                // A hold-out document's words are not printed: whoever reads this failure may
                // be choosing dictionary terms, and the hold-out stays out of that choice (drop
                // the term, or have someone who does not tune rules look).
                let quote = if gold.file.starts_with("holdout/") {
                    "(hold-out text not shown)".to_owned()
                } else {
                    format!("{:?}", mention.quote(text))
                };
                unlabelled.push(format!(
                    "{}: {} {} at {}..{}",
                    gold.file, concept.id, quote, mention.start, mention.end
                ));
            }
        }
    }
    assert!(
        allowed.is_empty(),
        "unlabelled-mentions.txt lists mentions that are labelled or gone: {allowed:?}"
    );
    assert!(
        unlabelled.is_empty(),
        "{} dictionary mentions are not labelled in the gold set:\n{}",
        unlabelled.len(),
        unlabelled.join("\n")
    );
}

/// Guards the measured quality against regressions: floors a little under the figures recorded
/// in docs/benchmarks.md (tune split: under what it measures, and never under the issue's
/// targets; hold-out: never tuned against, so its floors sit under what it measured when the
/// rules were last frozen).
#[test]
fn evaluation_figures_do_not_fall_below_their_recorded_floors() {
    let engine = Engine::builtin().unwrap();
    let report = eval::evaluate(&engine, &gold_set());
    let floors = [
        // split, affirmed F1, negation precision, provision-part F1
        // Tune provision parts measured 0.903 on 116 documents; on 30 November twelve fresh
        // blind tune documents (four authors) joined, scoring 0.62 to 0.79 before any rule was
        // written from them, and the 128 measure 0.887: the floor is 0.88 until rules catch up.
        // On 29 November (2026-11-29 session) nine more blind tune documents, chosen for
        // layouts the set lacked (co-produced plan blocks, a dashed provision map, a home
        // programme) and scoring 0.47 to 0.65 fresh, took the 143 to 0.861; after the rules
        // written from them, 0.879. Six more (two authors, fresh 0.75 and 0.80) made 149:
        // 0.875 after the rules of the day. The floor is 0.87. Session 18: eight more blind
        // tune documents (two authors, fresh 0.87 and 0.79) make 157; after that session's
        // rules the 157 measure 0.887. The floor is 0.88. Session 19: eight more (two authors,
        // fresh 0.83 and 0.71) make 165, measuring 0.885 with the rules of their day and 0.889
        // after the session's rules. Session 20: eight more (two authors, fresh 0.82 and 0.81)
        // make 173, measuring 0.886 with the rules of their day. Session 21: eight more (two
        // authors, fresh 0.80 and 0.61) make 181, measuring 0.881. Session 22: sixteen more
        // (four authors, fresh 0.86, 0.84, 0.69 and 0.84; the 0.69 batch is a nursery's verbless
        // items under "The support Teddy needs", a physiotherapist's numbered items of several
        // sentences each wrapped on its own, and an annual review's "to end" lists) make 197,
        // measuring 0.878 after the session's rules (the older 181: 0.883). The floor is 0.87.
        ("tune", 0.94, 0.95, 0.87),
        // Hold-out negation precision measured 0.947 once the third blind batch joined it, and
        // 0.953 after the context rules written from the polarity challenge set (never from a
        // hold-out document); later on 29 November four fresh blind documents brought it to 0.947
        // again (0.955 on the 35 older ones), under the issue's target of 0.95, so the floor
        // is 0.94 and the miss is reported. Provision parts measured 0.807, then 0.813 after
        // the provision rules written from the provision challenge set, 0.820 on 29 November
        // with two more blind documents, and 0.826 later that day with four more. On 30
        // November four more blind documents (and the named-person and polarity challenge E
        // rules, written from tune material only) gave 43 documents: negation precision 0.953,
        // parts 0.820; two more blind batches the same day gave 45: 0.955 and 0.803 (one of the
        // new hold-out documents lays its provision out in "What we will do:" / "Who will
        // help:" blocks, which no tune document has, and scores 0.03 on parts).
        // On 29 November three more blind hold-out documents joined (fresh 0.76 to 0.85); with
        // the rules written from that day's tune documents the 48 measured 0.820 (the older 45:
        // 0.820, hold-out 175's plan blocks now read). Two more (fresh 0.54 and 0.63: an OT's
        // titled items and a clinic letter) make 50: parts 0.808, negation precision 0.955.
        // Session 18: two more blind hold-out documents (fresh 0.82 and 0.80) make 52; with
        // them negation precision measured 0.946, and 0.951 after context rules written from
        // tune documents only; parts 0.812, and 0.823 after the session's provision rules
        // (written from tune documents only; a heading at the level of "Recommendations" going
        // on with its section raised hold-out statement recall from 0.898 to 0.941).
        // Session 19: two more (fresh 0.60, an annual review's nested list, and 0.96) make 54:
        // parts 0.823 (0.825 after the session's rules), negation precision 0.948 (199 of
        // 210), under the target again, so the floor is 0.94 and the miss is reported.
        // Session 20: two more (fresh 0.45, an EP's numbered paragraphs of several sentences,
        // and 0.30, an "Agreed actions" list naming who is responsible in brackets; in both
        // the engine found about half the statements or fewer) make 56: parts 0.808, so the
        // floor is 0.80. Negation precision 0.948 until "without" alone stopped negating (a
        // rule written from tune document 156 and the polarity set): 0.953 (202 of 212), so
        // its floor is the target again, 0.95.
        // Session 21: about 130 plain-language and inflected dictionary terms, each chosen from
        // tune documents' missed findings ("can't sit still", "fussy eater", "covered his
        // ears", "struggling with maths"): hold-out negations 204 of 215 found rightly (202
        // of 212 before), precision 0.949, one false positive under the target; the terms stay
        // (the hold-out does not choose rules), so the floor is 0.94 and the miss is reported.
        // Then two more blind hold-out documents (fresh parts 0.74 and 0.54) make 58: parts
        // 0.803, negation precision 0.9495 (207 of 218).
        // Session 22: the session's rules (written from tune documents only) leave the older
        // 58 at parts 0.804 and negation precision 0.9495; four more blind hold-out documents
        // (fresh parts 0.90, 0.85, 0.87 and 0.84, with 16 negations all found rightly) make 62:
        // parts 0.809, negation precision 0.953, so its floor is the target again, 0.95.
        ("holdout", 0.92, 0.95, 0.80),
    ];
    for (split, affirmed, negation, parts) in floors {
        let scores = &report
            .splits
            .iter()
            .find(|report| report.split == split)
            .unwrap()
            .scores;
        let measured = (
            scores.for_polarity(Polarity::Affirmed).f1().unwrap_or(0.0),
            scores
                .for_polarity(Polarity::Negated)
                .precision()
                .unwrap_or(0.0),
            scores.all_parts().f1().unwrap_or(0.0),
        );
        assert!(
            measured.0 >= affirmed && measured.1 >= negation && measured.2 >= parts,
            "{split}: affirmed F1 {:.3} (floor {affirmed}), negation precision {:.3} (floor \
             {negation}), provision-part F1 {:.3} (floor {parts})",
            measured.0,
            measured.1,
            measured.2
        );
    }
}
