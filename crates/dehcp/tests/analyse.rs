//! End-to-end tests of `dehcp analyse`: the synthetic reports on disk, the real binary, its
//! JSON and its report.
//!
//! Every input is synthetic: the reports in `testdata/reports/` (written for dehcp) and small
//! files written here.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Output;

use serde_json::Value;

mod common;
use common::{Scratch, dehcp};
use dehcp_ingest::formats::corpus::{self, Block, Variant};

fn report(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/reports")
        .join(name)
        .display()
        .to_string()
}

fn analyse_json(files: &[&str], extra: &[&str]) -> (Value, Output) {
    let mut args = vec!["analyse", "--json", "--as-of", "2026-11-26"];
    args.extend(extra);
    args.extend(files);
    let output = dehcp(&args);
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)));
    (value, output)
}

fn array<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is not an array"))
}

#[test]
fn json_has_the_issue_shape_with_every_quote_placed() {
    let salt = report("salt-report.md");
    let parent = report("parent-views.md");
    let (json, output) = analyse_json(&[&salt, &parent], &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let documents = array(&json, "documents");
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[0]["file"], salt.as_str());
    assert_eq!(documents[1]["kind"], "parent_carer_views");

    let findings = array(&json, "findings");
    assert!(!findings.is_empty());
    for finding in findings {
        for key in ["concept", "label", "polarity", "text", "quote", "document"] {
            assert!(finding[key].is_string(), "{key} in {finding}");
        }
        assert!(finding["page"].as_u64().is_some_and(|page| page >= 1));
        let quote = finding["quote"].as_str().unwrap();
        assert!(quote.contains(finding["text"].as_str().unwrap()));
    }
    assert!(
        findings
            .iter()
            .any(|f| f["concept"] == "autism" && f["polarity"] == "affirmed")
    );

    let provisions = array(&json, "provisions");
    assert!(!provisions.is_empty());
    for provision in provisions {
        for key in [
            "text",
            "what",
            "who",
            "frequency",
            "duration",
            "group",
            "vague",
            "document",
            "page",
        ] {
            assert!(provision.get(key).is_some(), "{key} missing in {provision}");
        }
        assert!(provision["vague"].is_array());
        // Further parts are verbatim slices of the statement's document, like the others.
        for more in provision["more"].as_array().unwrap() {
            assert!(["what", "frequency"].contains(&more["kind"].as_str().unwrap()));
            assert!(!more["text"].as_str().unwrap().is_empty());
            assert!(more["start"].as_u64() < more["end"].as_u64());
        }
    }

    let summary = &json["summary"];
    assert_eq!(array(summary, "documents").len(), 2);
    assert!(!array(summary, "bundle").is_empty());

    let assessment = array(&json, "assessment");
    assert_eq!(assessment.len(), 20);
    let asd = assessment
        .iter()
        .find(|item| item["metric"] == "asd")
        .unwrap();
    assert!(
        asd["score"].as_u64().is_some_and(|score| score >= 2),
        "{asd}"
    );
    let evidence = asd["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty());
    for quote in evidence {
        assert!(quote["quote"].is_string() && quote["document"].is_string());
        assert!(quote["page"].is_u64());
    }
    // Items with no evidence are null, never 0.
    for item in assessment {
        if item["evidence"].as_array().unwrap().is_empty() {
            assert!(item["score"].is_null(), "{item}");
        }
    }
}

#[test]
fn quotes_are_verbatim_in_the_document_text() {
    let ep = report("ep-advice.md");
    let (json, _) = analyse_json(&[&ep], &[]);
    // Compare with the text `dehcp ingest` gives for the same file.
    let ingested = dehcp(&["ingest", "--json", "--as-of", "2026-11-26", &ep]);
    let ingested: Value = serde_json::from_slice(&ingested.stdout).unwrap();
    let text: String = array(&ingested["documents"][0], "blocks")
        .iter()
        .map(|block| block["text"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n\n");
    let chars: Vec<char> = text.chars().collect();
    let at = |start: &Value, end: &Value| -> String {
        let (start, end) = (
            start.as_u64().unwrap() as usize,
            end.as_u64().unwrap() as usize,
        );
        chars[start..end].iter().collect()
    };
    for finding in array(&json, "findings") {
        assert_eq!(
            at(&finding["start"], &finding["end"]),
            finding["text"].as_str().unwrap()
        );
        assert_eq!(
            at(&finding["quote_start"], &finding["quote_end"]),
            finding["quote"].as_str().unwrap()
        );
    }
    for section in array(&json["summary"], "bundle") {
        for sentence in array(section, "sentences") {
            assert_eq!(
                at(&sentence["start"], &sentence["end"]),
                sentence["quote"].as_str().unwrap()
            );
        }
    }
}

#[test]
fn a_rejected_file_is_reported_and_the_rest_analysed() {
    let scratch = Scratch::new("rejected");
    let empty = scratch.file("empty.txt", b"");
    let school = report("school-advice.md");
    let (json, output) = analyse_json(&[&empty, &school], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("empty.txt"),
        "{stderr}"
    );
    assert_eq!(array(&json, "documents").len(), 1);
    assert_eq!(array(&json, "rejected").len(), 1);
    assert!(!array(&json, "findings").is_empty());
}

#[test]
fn the_plain_report_shows_every_part() {
    let output = dehcp(&[
        "analyse",
        "--as-of",
        "2026-11-26",
        &report("salt-report.md"),
    ]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for heading in [
        "Documents",
        "Findings (",
        "Provision (",
        "Summary of the bundle",
        "Needs assessment",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    assert!(text.contains("no evidence"));
    assert!(text.contains(" 7. asd: 3"), "{text}");
}

#[test]
fn names_are_masked_before_analysis() {
    let parent = report("parent-views.md");
    let (json, output) = analyse_json(&[&parent], &["--names", "Jamie Example,Sarah Example"]);
    assert!(output.status.success());
    let printed = serde_json::to_string(&json).unwrap();
    assert!(!printed.contains("Jamie"), "a name leaked");
    assert!(printed.contains("[CHILD]"));
}

#[test]
fn a_council_dictionary_is_used_and_a_broken_one_refused() {
    let scratch = Scratch::new("dictionary");
    let own = scratch.file(
        "own.toml",
        br#"
[[concept]]
id = "dinosaurs"
label = "Interest in dinosaurs"
kind = "strength"
terms = ["dinosaurs"]
"#,
    );
    let (json, output) = analyse_json(&[&report("parent-views.md")], &["--dictionary", &own]);
    assert!(output.status.success());
    let concepts: Vec<&str> = array(&json, "findings")
        .iter()
        .map(|finding| finding["concept"].as_str().unwrap())
        .collect();
    assert!(
        !concepts.is_empty() && concepts.iter().all(|c| *c == "dinosaurs"),
        "{concepts:?}"
    );

    let broken = scratch.file("broken.toml", b"[[concept]]\nid = \"Bad Id\"\n");
    let output = dehcp(&[
        "analyse",
        "--dictionary",
        &broken,
        &report("parent-views.md"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("broken.toml"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let output = dehcp(&[
        "analyse",
        "--as-of",
        "2026-02-30",
        &report("salt-report.md"),
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn json_classifies_the_pre_filled_assessment_as_dehcp_classify_would() {
    let salt = report("salt-report.md");
    let parent = report("parent-views.md");
    let (json, output) = analyse_json(&[&salt, &parent], &[]);
    assert!(output.status.success());

    // The assessment's scores, nulls kept, go to `dehcp classify` as a scores file.
    let scores: serde_json::Map<String, Value> = array(&json, "assessment")
        .iter()
        .map(|item| {
            (
                item["metric"].as_str().unwrap().to_owned(),
                item["score"].clone(),
            )
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("dehcp-analyse-classify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("scores.json");
    std::fs::write(&file, Value::Object(scores.clone()).to_string()).unwrap();
    let classified = dehcp(&["classify", "--json", "--scores", file.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(classified.status.success());
    let expected: Value = serde_json::from_slice(&classified.stdout).unwrap();

    let classification = &json["classification"];
    assert_eq!(classification, &expected);
    // No age band is known from the reports, and unscored items are missing, not 0.
    assert!(classification["age_band"].is_null());
    let missing: Vec<&str> = classification["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let unscored: Vec<&str> = scores
        .iter()
        .filter(|(_, score)| score.is_null())
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(missing.len(), unscored.len(), "{missing:?} vs {unscored:?}");
    for id in unscored {
        assert!(missing.contains(&id), "{id} is not listed as missing");
    }
    assert!(classification["primary_need"]["code"].is_string());
}

#[test]
fn a_provision_table_gives_one_statement_per_row_in_every_format_with_tables() {
    // Synthetic: a school's recommendations laid out as a table, as Word advice often is.
    let row = |cells: &[&str]| cells.iter().map(|cell| (*cell).to_owned()).collect();
    let blocks = vec![
        Block::Heading {
            level: 1,
            text: "Recommendations (synthetic test document)".to_owned(),
        },
        Block::Table(vec![
            row(&["Area of need", "Provision", "Delivered by", "How often"]),
            row(&[
                "Reading",
                "Precision teaching of high-frequency words",
                "A teaching assistant",
                "Daily, 10 minutes",
            ]),
            row(&[
                "Regulation",
                "Access to regular sensory breaks",
                "An adult who knows Sam well",
                "As required",
            ]),
        ]),
    ];
    let scratch = Scratch::new("provision-table");
    let markdown = "<!-- synthetic -->\n# Recommendations (synthetic test document)\n\n\
        | Area of need | Provision | Delivered by | How often |\n\
        |---|---|---|---|\n\
        | Reading | Precision teaching of high-frequency words | A teaching assistant | Daily, 10 minutes |\n\
        | Regulation | Access to regular sensory breaks | An adult who knows Sam well | As required |\n";
    let files = [Variant::Docx, Variant::Odt, Variant::Html, Variant::Rtf]
        .map(|variant| {
            let name = format!("table.{}", variant.extension());
            (name.clone(), corpus::render(variant, &blocks))
        })
        .into_iter()
        .chain([("table.md".to_owned(), markdown.as_bytes().to_vec())]);
    for (name, bytes) in files {
        let file = scratch.file(&name, &bytes);
        let (json, output) = analyse_json(&[&file], &[]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let provisions = array(&json, "provisions");
        let part = |index: usize, key: &str| provisions[index][key]["text"].as_str();
        assert_eq!(provisions.len(), 2, "{name}: {provisions:#?}");
        assert_eq!(
            part(0, "what"),
            Some("Precision teaching of high-frequency words"),
            "{name}"
        );
        assert_eq!(part(0, "who"), Some("A teaching assistant"), "{name}");
        assert_eq!(part(0, "frequency"), Some("Daily"), "{name}");
        assert_eq!(part(0, "duration"), Some("10 minutes"), "{name}");
        assert_eq!(
            part(1, "who"),
            Some("An adult who knows Sam well"),
            "{name}"
        );
        let vague: Vec<&str> = array(&provisions[1], "vague")
            .iter()
            .filter_map(|vague| vague["text"].as_str())
            .collect();
        assert!(vague.contains(&"As required"), "{name}: {vague:?}");
        // The statement is the row, quoted from its document like every other quote.
        let text = provisions[0]["text"].as_str().unwrap();
        assert!(
            text.starts_with("Reading") && text.ends_with("10 minutes"),
            "{name}: {text}"
        );
        // The plain report shows the row on one line, its cells apart.
        let plain = dehcp(&["analyse", "--as-of", "2026-11-26", &file]);
        let plain = String::from_utf8_lossy(&plain.stdout);
        assert!(
            plain.contains(
                "\"Reading | Precision teaching of high-frequency words | A teaching assistant | Daily, 10 minutes\""
            ),
            "{name}: {plain}"
        );
    }
}
