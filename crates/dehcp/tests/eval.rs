//! End-to-end tests of `dehcp eval evidence`: the real binary on the synthetic gold set in
//! `testdata/gold` and on small synthetic gold sets written here.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
mod common;

use std::process::Output;

use common::{dehcp, json};

fn gold_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gold")
}

/// A fresh folder with `tune/` and `holdout/` holding the given files.
fn gold_folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("dehcp-eval-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(&root).unwrap();
    root
}

fn md_count(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .path()
                        .extension()
                        .is_some_and(|x| x == "md")
                })
                .count()
        })
        .unwrap_or(0)
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

const SMALL_TUNE: &str = "# Speech and language advice\n\n\
    Mia has {{autism|f:autism:affirmed}}. There are no concerns about her \
    {{hearing loss|f:hearing_loss:negated}}.\n\n\
    ## Recommendations\n\n\
    1. {{Mia should receive {{daily|frequency}} {{language work|what}}.|p}}\n";

const SMALL_HOLDOUT: &str = "# Occupational therapy advice\n\n\
    Sam's brother has {{dyslexia|f:dyslexia:other_person}}.\n";

#[test]
fn the_json_report_has_both_splits_and_the_whole_with_their_targets() {
    let root = gold_folder(
        "json",
        &[
            ("tune/01-a.md", SMALL_TUNE),
            ("holdout/02-b.md", SMALL_HOLDOUT),
            ("README.md", "not a gold file {{"),
        ],
    );
    let value = json(&[
        "eval",
        "evidence",
        "--gold",
        root.to_str().unwrap(),
        "--json",
    ]);
    let splits = value["splits"].as_array().unwrap();
    let names: Vec<&str> = splits
        .iter()
        .map(|s| s["split"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["tune", "holdout", "all"]);
    let tune = &splits[0]["scores"];
    assert_eq!(tune["documents"], 1);
    assert_eq!(tune["concepts"]["gold"], 2);
    assert_eq!(tune["statements"]["gold"], 1);
    assert_eq!(tune["all_parts"]["gold"], 2);
    let by_polarity = tune["findings_by_polarity"].as_array().unwrap();
    assert_eq!(by_polarity[0]["name"], "affirmed");
    assert_eq!(by_polarity[0]["gold"], 1);
    assert_eq!(by_polarity[1]["name"], "negated");
    assert_eq!(by_polarity[1]["gold"], 1);
    let holdout = &splits[1]["scores"];
    assert_eq!(holdout["findings_by_polarity"][4]["name"], "other_person");
    assert_eq!(holdout["findings_by_polarity"][4]["gold"], 1);
    assert_eq!(splits[2]["scores"]["documents"], 2);
    let targets: Vec<&str> = splits[2]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["affirmed F1", "negated precision", "provision-part F1"]
    );
    assert!(
        value.get("mistakes").is_none(),
        "mistakes only with --errors"
    );
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_text_report_lists_errors_when_asked() {
    let root = gold_folder("text", &[("tune/01-a.md", SMALL_TUNE)]);
    let output = dehcp(&[
        "eval",
        "evidence",
        "--gold",
        root.to_str().unwrap(),
        "--errors",
    ]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "== tune: 1 document;",
        "== holdout: 0 documents;",
        "== all:",
        "affirmed F1",
        "negated precision",
        "provision-part F1",
        "== errors (tune only",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected:?} missing from:\n{stdout}"
        );
    }
    // Whatever the engine finds, every gold item it misses is listed with its sentence.
    let value: serde_json::Value = serde_json::from_slice(
        &dehcp(&[
            "eval",
            "evidence",
            "--gold",
            root.to_str().unwrap(),
            "--json",
            "--errors",
        ])
        .stdout,
    )
    .unwrap();
    let mistakes = value["mistakes"].as_array().unwrap();
    let tune = &value["splits"][0]["scores"];
    let false_negatives = tune["concepts"]["false_negatives"].as_u64().unwrap();
    let missed_findings = mistakes
        .iter()
        .filter(|m| m["kind"] == "missed" && m["item"].as_str().unwrap().starts_with("finding"))
        .count();
    assert_eq!(missed_findings as u64, false_negatives);
    for mistake in mistakes {
        assert!(stdout.contains(mistake["sentence"].as_str().unwrap()));
    }
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_broken_gold_file_is_a_one_line_error_naming_its_place() {
    let root = gold_folder(
        "broken",
        &[(
            "tune/01-a.md",
            "# Report\n\nSam has {{autism|f:autism:affirmed}}.\nHe has {{dyslexia|f:dyslexic:affirmed}}.\n",
        )],
    );
    let output = dehcp(&["eval", "evidence", "--gold", root.to_str().unwrap()]);
    assert_one_line_error(&output, "01-a.md:4:19: unknown concept 'dyslexic'");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn a_missing_or_empty_gold_folder_is_a_usage_error() {
    let output = dehcp(&["eval", "evidence", "--gold", "/no/such/gold/folder"]);
    assert_one_line_error(&output, "no such gold set folder");
    let root = gold_folder("empty", &[("tune/notes.txt", "nothing")]);
    let output = dehcp(&["eval", "evidence", "--gold", root.to_str().unwrap()]);
    assert_one_line_error(&output, "no gold documents");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_real_gold_set_is_evaluated_in_full() {
    let root = gold_root();
    let value = json(&[
        "eval",
        "evidence",
        "--gold",
        root.to_str().unwrap(),
        "--json",
    ]);
    let tune = md_count(&root.join("tune"));
    let holdout = md_count(&root.join("holdout"));
    assert_eq!(value["splits"][0]["scores"]["documents"], tune);
    assert_eq!(value["splits"][1]["scores"]["documents"], holdout);
    assert_eq!(value["splits"][2]["scores"]["documents"], tune + holdout);
}

#[test]
fn hold_out_mistakes_are_never_listed_and_one_split_can_be_evaluated_alone() {
    // The same document in both splits, with a label no engine finds (a finding on a word
    // that does not name the concept): its miss is listed once, for tune only.
    let missed = "# Report\n\nSam likes {{trains|f:autism:affirmed}}.\n";
    let root = gold_folder(
        "split",
        &[("tune/01-a.md", missed), ("holdout/02-b.md", missed)],
    );
    let gold = root.to_str().unwrap();
    let report = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["eval", "evidence", "--gold", gold, "--json"];
        args.extend(extra);
        json(&args)
    };
    let both = report(&["--errors"]);
    let mistakes = both["mistakes"].as_array().unwrap();
    assert_eq!(
        both["splits"][1]["scores"]["concepts"]["false_negatives"], 1,
        "the hold-out copy is still scored"
    );
    assert!(!mistakes.is_empty());
    assert!(
        mistakes
            .iter()
            .all(|m| m["file"].as_str().unwrap().contains("01-a.md")),
        "{mistakes:?}"
    );
    let holdout_only = report(&["--split", "holdout", "--errors"]);
    // One split asked for, one split reported (the other is empty and `all` would repeat it).
    assert_eq!(holdout_only["splits"].as_array().unwrap().len(), 1);
    assert_eq!(holdout_only["splits"][0]["split"], "holdout");
    assert_eq!(holdout_only["splits"][0]["scores"]["documents"], 1);
    assert!(holdout_only["mistakes"].as_array().unwrap().is_empty());
    let tune_only = report(&["--split", "tune"]);
    assert_eq!(tune_only["splits"].as_array().unwrap().len(), 1);
    assert_eq!(tune_only["splits"][0]["split"], "tune");
    assert_eq!(tune_only["splits"][0]["scores"]["documents"], 1);
    // A bad split name is a usage error from the argument parser.
    let output = dehcp(&["eval", "evidence", "--gold", gold, "--split", "all"]);
    assert_eq!(output.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn the_second_annotation_is_compared_with_the_gold_and_the_engine() {
    let root = gold_root();
    let second = root.join("second");
    let value = json(&[
        "eval",
        "agreement",
        "--gold",
        root.to_str().unwrap(),
        "--second",
        second.to_str().unwrap(),
        "--json",
    ]);
    let splits = value.as_array().unwrap();
    let all = splits.last().unwrap();
    assert_eq!(all["split"], "all");
    let documents = md_count(&second.join("tune")) + md_count(&second.join("holdout"));
    assert_eq!(all["documents"], documents);
    let f1 = |who: &str| all[who]["all_parts"]["f1"].as_f64().unwrap();
    // Two people following the guide agree far more than by chance, and the engine is scored
    // on the same documents against each of them.
    assert!(f1("people") > 0.8, "people agree: {}", f1("people"));
    assert!(f1("engine_v_gold") > 0.5 && f1("engine_v_second") > 0.5);
}

#[test]
fn a_second_annotation_must_label_the_same_text() {
    let gold = gold_folder("agreement-gold", &[("tune/01-a.md", SMALL_TUNE)]);
    let changed = SMALL_TUNE.replace("daily", "weekly");
    let second = gold_folder("agreement-second", &[("tune/01-a.md", &changed)]);
    let agreement = |second: &Path| {
        dehcp(&[
            "eval",
            "agreement",
            "--gold",
            gold.to_str().unwrap(),
            "--second",
            second.to_str().unwrap(),
        ])
    };
    assert_one_line_error(&agreement(&second), "is not the text of");
    let other = gold_folder("agreement-other", &[("tune/02-b.md", SMALL_TUNE)]);
    assert_one_line_error(&agreement(&other), "no gold file tune/02-b.md");
    for root in [gold, second, other] {
        let _ = std::fs::remove_dir_all(root);
    }
}

#[test]
fn summary_coverage_compares_limits_on_the_same_bundles() {
    let root = gold_root();
    let value = json(&[
        "eval",
        "summary",
        "--gold",
        root.to_str().unwrap(),
        "--candidates",
        "40,120",
        "--json",
    ]);
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let tune = md_count(&root.join("tune"));
    for row in rows {
        // Bundles of six tune documents in file order; the shorter last group is left out.
        assert_eq!(row["bundles"], tune / 6);
        let (covered, concepts) = (
            row["covered"].as_u64().unwrap(),
            row["concepts"].as_u64().unwrap(),
        );
        assert!(covered > 0 && covered <= concepts, "{row}");
    }
    // The same bundles, so the same concepts to cover, whatever the limit.
    assert_eq!(rows[0]["concepts"], rows[1]["concepts"]);
    assert_eq!(rows[0]["candidates"], 40);
    assert_eq!(rows[1]["candidates"], 120);
}

#[test]
fn summary_coverage_refuses_a_limit_of_nothing() {
    let root = gold_root();
    let output = dehcp(&[
        "eval",
        "summary",
        "--gold",
        root.to_str().unwrap(),
        "--candidates",
        "60,0",
    ]);
    assert_one_line_error(&output, "--candidates: '0' is not a whole number above 0");
    let output = dehcp(&[
        "eval",
        "summary",
        "--gold",
        root.to_str().unwrap(),
        "--bundle",
        "1000",
    ]);
    assert_one_line_error(&output, "fewer than 1000 gold documents in tune/");
}
