//! End-to-end tests of `dehcp draft`, `dehcp check` and `dehcp diff`: the real binary on the
//! synthetic bundles on disk, the files it writes read back, and edited plans.
//!
//! Every input is synthetic: the reports in `testdata/reports/` and the example bundle in
//! `examples/robin-example/bundle/` (written for dehcp), and small files written here.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use dehcp_ingest::{IngestOptions, ingest};
use serde_json::Value;

mod common;
use common::{Scratch, dehcp};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_in(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| !name.to_string_lossy().eq_ignore_ascii_case("README.md"))
        })
        .map(|path| path.display().to_string())
        .collect();
    files.sort();
    files
}

/// The synthetic bundles of the test corpus.
fn bundles() -> Vec<(&'static str, Vec<String>)> {
    vec![
        ("reports", files_in("testdata/reports")),
        ("robin-example", files_in("examples/robin-example/bundle")),
    ]
}

/// Drafts `files` with the given extra arguments, expecting success; returns the summary JSON.
fn draft(files: &[String], extra: &[&str]) -> Value {
    let mut args = vec!["draft", "--json", "--as-of", "2026-11-27"];
    args.extend(extra);
    args.extend(files.iter().map(String::as_str));
    let output = dehcp(&args);
    assert!(
        output.status.success(),
        "draft failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn read_json(path: &str) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every statement object in a plan's JSON, found by walking it.
fn statements(value: &Value, out: &mut Vec<Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("section") && map.contains_key("origin") && map.contains_key("text")
            {
                out.push(value.clone());
            }
            for child in map.values() {
                statements(child, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| statements(item, out)),
        _ => {}
    }
}

/// Text extracted from a written file by dehcp's own reader (DOCX and PDF alike).
fn read_back(path: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    let name = Path::new(path).file_name().unwrap().to_string_lossy();
    let (document, _) = ingest(&name, &bytes, &IngestOptions::default())
        .unwrap_or_else(|error| panic!("{path} does not read back: {error}"));
    document.text
}

const SECTIONS: [&str; 12] = [
    "Section A",
    "Section B",
    "Section C",
    "Section D",
    "Section E",
    "Section F",
    "Section G",
    "Section H1",
    "Section H2",
    "Section I",
    "Section J",
    "Section K",
];

/// Words that make a provision specific: numbers, frequencies, durations and ratios. A plan
/// may only print one of these in F, G or H when its own quotes contain it (or a person typed
/// it). Deliberately simpler than the checker, so the two cross-check each other.
fn quantities(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    let mut digits = String::new();
    for c in lower.chars().chain([' ']) {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !digits.is_empty() {
            found.push(std::mem::take(&mut digits));
        }
    }
    let words = [
        "daily",
        "weekly",
        "fortnightly",
        "monthly",
        "termly",
        "twice",
        "three times",
        "minutes",
        "hours",
        "one-to-one",
        "1:1",
    ];
    for word in words {
        if lower.contains(word) {
            found.push(word.to_owned());
        }
    }
    found
}

#[test]
fn every_corpus_bundle_drafts_to_a_complete_checked_plan_in_every_format() {
    let scratch = Scratch::new("corpus");
    for (name, files) in bundles() {
        assert!(files.len() >= 6, "{name}: the bundle is missing");
        let docx = scratch.path(&format!("{name}.docx"));
        let pdf = scratch.path(&format!("{name}.pdf"));
        let html = scratch.path(&format!("{name}.html"));
        let plan_path = scratch.path(&format!("{name}.json"));
        let summary = draft(
            &files,
            &[
                "--year", "4", "--out", &docx, "--pdf", &pdf, "--html", &html, "--plan", &plan_path,
            ],
        );
        assert_eq!(summary["written"].as_array().unwrap().len(), 4, "{name}");

        // The Word and PDF files read back, with every section labelled.
        for path in [&docx, &pdf] {
            let text = read_back(path);
            for section in SECTIONS {
                assert!(text.contains(section), "{name}: {path} lacks {section}");
            }
        }
        let page = std::fs::read_to_string(&html).unwrap();
        for section in SECTIONS {
            assert!(page.contains(section), "{name}: the HTML lacks {section}");
        }
        if let Some(converted) = libreoffice_converts(&docx, &scratch, name) {
            assert!(converted, "{name}: LibreOffice could not convert the DOCX");
        }

        let plan = read_json(&plan_path);
        assert!(
            plan["placement"].is_null(),
            "{name}: section I is not blank"
        );
        // Every quote is verbatim at its span in its source document.
        let sources = plan["sources"].as_array().unwrap();
        let texts: Vec<Option<String>> = sources
            .iter()
            .map(|source| {
                let file = source["file"].as_str().unwrap();
                files
                    .iter()
                    .find(|path| path.as_str() == file)
                    .map(|path| read_back(path))
            })
            .collect();
        let mut all = Vec::new();
        statements(&plan, &mut all);
        assert!(
            all.iter().any(|s| s["section"] == "F"),
            "{name}: no provision"
        );
        for statement in &all {
            let section = statement["section"].as_str().unwrap();
            let quotes = statement["quotes"].as_array().unwrap();
            if statement["origin"]["kind"] == "evidence" {
                assert!(!quotes.is_empty(), "{name}: {statement} has no quote");
            }
            for quote in quotes {
                let document = quote["document"].as_u64().unwrap() as usize;
                let Some(Some(text)) = texts.get(document) else {
                    continue; // an attachment: checked through its parent's tests
                };
                let start = quote["start"].as_u64().unwrap() as usize;
                let end = quote["end"].as_u64().unwrap() as usize;
                let span: String = text.chars().skip(start).take(end - start).collect();
                assert_eq!(
                    span,
                    quote["text"].as_str().unwrap(),
                    "{name}: not verbatim"
                );
            }
            // No number, frequency, duration or ratio in F, G or H that its evidence lacks.
            if ["F", "G", "H1", "H2"].contains(&section) && statement["edit"].is_null() {
                let evidence: String = quotes
                    .iter()
                    .map(|quote| quote["text"].as_str().unwrap().to_lowercase())
                    .collect::<Vec<_>>()
                    .join(" ");
                for quantity in quantities(statement["text"].as_str().unwrap()) {
                    assert!(
                        evidence.contains(&quantity),
                        "{name}: {quantity:?} in {} is in none of its quotes",
                        statement["id"]
                    );
                }
            }
        }
    }
}

/// Converts the DOCX with LibreOffice when it is installed: `Some(true)` when it produced a
/// PDF, `None` when LibreOffice is not installed.
fn libreoffice_converts(docx: &str, scratch: &Scratch, name: &str) -> Option<bool> {
    let program = ["soffice", "libreoffice"].into_iter().find(|program| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|output| output.status.success())
    })?;
    let out = scratch.path(&format!("lo-{name}"));
    let profile = format!(
        "-env:UserInstallation=file://{}",
        scratch.path("lo-profile")
    );
    let status = Command::new(program)
        .args([
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            &out,
            docx,
        ])
        .output()
        .ok()?;
    let stem = Path::new(docx).file_stem().unwrap().to_string_lossy();
    let converted = Path::new(&out).join(format!("{stem}.pdf"));
    Some(status.status.success() && converted.is_file())
}

const WEEKLY_THERAPY: &str = "\
SYNTHETIC – written for dehcp's tests; not about a real child.

Speech and Language Therapy Advice

Date of report: 2 October 2026
Author: Dana Sample, Speech and Language Therapist

Needs
Taylor has difficulty understanding spoken instructions and finds it hard to find the words \
they need when explaining their ideas.

Recommendations
Taylor should receive weekly speech and language therapy.
";

#[test]
fn weekly_therapy_without_a_duration_gets_a_placeholder_not_an_invented_length() {
    let scratch = Scratch::new("weekly");
    let report = scratch.file("salt.txt", WEEKLY_THERAPY.as_bytes());
    let plan_path = scratch.path("plan.json");
    let docx = scratch.path("plan.docx");
    draft(&[report], &["--plan", &plan_path, "--out", &docx]);
    let plan = read_json(&plan_path);
    let mut all = Vec::new();
    statements(&plan, &mut all);
    let therapy = all
        .iter()
        .find(|s| {
            s["section"] == "F"
                && s["text"]
                    .as_str()
                    .unwrap()
                    .contains("weekly speech and language therapy")
        })
        .unwrap_or_else(|| panic!("no F statement for the therapy: {plan}"));
    let duration = &therapy["provision"]["duration"];
    assert_eq!(duration["placeholder"], true, "{therapy}");
    assert!(
        duration["text"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("to be specified by"),
        "{duration}"
    );
    assert_eq!(therapy["provision"]["frequency"]["text"], "weekly");
    let everything = std::fs::read_to_string(&plan_path).unwrap();
    assert!(!everything.contains("30 minutes"));
    assert!(!read_back(&docx).contains("30 minutes"));
}

#[test]
fn the_plan_offers_only_suggestions_that_do_not_depend_on_unscored_items() {
    let scratch = Scratch::new("settled");
    let plan_path = scratch.path("plan.json");
    let files = files_in("examples/robin-example/bundle");
    let summary = draft(&files, &["--year", "4", "--plan", &plan_path]);
    let plan = read_json(&plan_path);
    let suggestions = &plan["suggestions"];
    let explanation: Vec<&str> = suggestions["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line.as_str().unwrap())
        .collect();
    // The example's pre-fill leaves items with no evidence; the model's cluster for it changes
    // when they are read as 0, so the plan offers no cluster and says why.
    assert!(suggestions["cluster"].is_null(), "{suggestions}");
    assert!(summary["cluster"].is_null(), "{summary}");
    assert!(
        explanation
            .iter()
            .any(|line| line.starts_with("The nearest needs cluster is not settled")),
        "{explanation:?}"
    );
    // Every support element offered is one the explanation does not call unsettled.
    let unsettled = explanation
        .iter()
        .find(|line| line.starts_with("Not settled: "))
        .map_or("", |line| line);
    for element in suggestions["provision_elements"].as_array().unwrap() {
        let id = element[0].as_str().unwrap();
        assert!(
            !unsettled.contains(&format!("{id},")) && !unsettled.contains(&format!("{id} ")),
            "{id} is offered but not settled: {unsettled}"
        );
    }
}

/// Drafts the weekly-therapy report and returns the plan JSON and the scratch folder.
fn weekly_plan(name: &str) -> (Scratch, String, Value) {
    let scratch = Scratch::new(name);
    let report = scratch.file("salt.txt", WEEKLY_THERAPY.as_bytes());
    let plan_path = scratch.path("plan.json");
    draft(&[report], &["--plan", &plan_path]);
    let plan = read_json(&plan_path);
    (scratch, plan_path, plan)
}

/// Applies `change` to the first F statement of the plan JSON.
fn change_first_provision(plan: &mut Value, change: &dyn Fn(&mut Value)) {
    fn walk(value: &mut Value, change: &dyn Fn(&mut Value)) -> bool {
        match value {
            Value::Object(map) => {
                if map.get("section").is_some_and(|s| s == "F") && map.contains_key("origin") {
                    change(value);
                    return true;
                }
                map.values_mut().any(|child| walk(child, change))
            }
            Value::Array(items) => items.iter_mut().any(|item| walk(item, change)),
            _ => false,
        }
    }
    assert!(walk(plan, change), "the plan has no F statement");
}

fn check_json(path: &str) -> Value {
    let output = dehcp(&["check", "--json", path]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn invented(report: &Value) -> usize {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["rule"].as_str().unwrap().contains("invented"))
        .count()
}

#[test]
fn an_injected_quantity_fails_the_check_unless_a_person_typed_it() {
    let (scratch, plan_path, plan) = weekly_plan("inject");
    assert_eq!(invented(&check_json(&plan_path)), 0);

    let mut injected = plan.clone();
    change_first_provision(&mut injected, &|statement| {
        let text = statement["text"].as_str().unwrap().to_owned();
        statement["text"] = Value::from(format!("{text} for 45 minutes"));
    });
    let injected_path = scratch.file("injected.json", injected.to_string().as_bytes());
    assert!(invented(&check_json(&injected_path)) >= 1);

    let mut typed = plan;
    change_first_provision(&mut typed, &|statement| {
        let text = statement["text"].as_str().unwrap().to_owned();
        statement["edit"] = serde_json::json!({
            "author": "coordinator", "time": "2026-11-27", "replaced": text.clone()
        });
        statement["text"] = Value::from(format!("{text} for 45 minutes"));
    });
    let typed_path = scratch.file("typed.json", typed.to_string().as_bytes());
    assert_eq!(invented(&check_json(&typed_path)), 0);
}

#[test]
fn an_edit_survives_regeneration_and_the_diff_shows_it() {
    let (scratch, plan_path, plan) = weekly_plan("regenerate");
    let mut edited = plan;
    let mut id = String::new();
    change_first_provision(&mut edited, &|statement| {
        let text = statement["text"].as_str().unwrap().to_owned();
        statement["edit"] = serde_json::json!({
            "author": "coordinator", "time": "2026-11-27", "replaced": text
        });
        statement["text"] = Value::from("Weekly speech and language therapy, agreed with family.");
    });
    let mut all = Vec::new();
    statements(&edited, &mut all);
    for statement in &all {
        if !statement["edit"].is_null() {
            id = statement["id"].as_str().unwrap().to_owned();
        }
    }
    let edited_path = scratch.file("edited.json", edited.to_string().as_bytes());
    let report = scratch.path("salt.txt");
    let regenerated = scratch.path("regenerated.json");
    let summary = draft(&[report], &["--from", &edited_path, "--plan", &regenerated]);
    assert_eq!(summary["conflicts"].as_array().unwrap().len(), 0);
    let text = std::fs::read_to_string(&regenerated).unwrap();
    assert!(text.contains("agreed with family"));

    let output = dehcp(&["diff", "--json", &plan_path, &regenerated]);
    assert!(output.status.success());
    let changes: Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes = changes.as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0]["change"], "changed");
    assert_eq!(changes[0]["id"], id.as_str());
    assert_eq!(changes[0]["edited_by"], "coordinator");
}

#[test]
fn bad_plans_and_bad_requests_are_one_line_errors() {
    let scratch = Scratch::new("bad");
    let not_json = scratch.file("not.json", b"{ this is not json");
    let not_plan = scratch.file("other.json", b"{\"hello\": 1}");
    let future = scratch.file("future.json", b"{\"schema_version\": 999}");
    let broken = scratch.file("broken.json", b"{\"schema_version\": 1, \"areas\": 3}");
    for (args, expected) in [
        (vec!["check", not_json.as_str()], "not JSON"),
        (vec!["check", not_plan.as_str()], "not a dehcp plan"),
        (vec!["check", future.as_str()], "schema version 999"),
        (vec!["check", broken.as_str()], "not a valid plan"),
        (
            vec!["diff", not_json.as_str(), not_plan.as_str()],
            "not JSON",
        ),
    ] {
        let output = dehcp(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }

    let report = scratch.file("salt.txt", WEEKLY_THERAPY.as_bytes());
    // Nowhere to write.
    let output = dehcp(&["draft", &report]);
    assert_eq!(output.status.code(), Some(2));
    // A folder that does not exist: an error, and the earlier plan is untouched.
    let earlier = scratch.file("plan.docx", b"earlier plan");
    let missing = scratch.path("no-such-folder/plan.pdf");
    let output = dehcp(&["draft", &report, "--out", &earlier, "--pdf", &missing]);
    assert_eq!(output.status.code(), Some(2));
    // The DOCX was written before the PDF failed: whole, never half.
    let docx = std::fs::read(&earlier).unwrap();
    assert!(docx == b"earlier plan" || docx.starts_with(b"PK"));
    // Bad years and sections.
    for args in [
        vec!["draft", report.as_str(), "--plan", "x.json", "--year", "30"],
        vec![
            "draft",
            report.as_str(),
            "--plan",
            "x.json",
            "--from",
            not_plan.as_str(),
        ],
    ] {
        let output = dehcp(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    // Every file rejected: exit 2, one line per file.
    let junk = scratch.file("junk.bin", &[0u8, 159, 146, 150, 0, 1, 2, 3]);
    let output = dehcp(&["draft", &junk, "--plan", &scratch.path("p.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!Path::new(&scratch.path("p.json")).exists());
}

#[test]
fn a_provision_table_row_drafts_one_provision_on_one_line() {
    use dehcp_ingest::formats::corpus::{self, Block};
    // Synthetic: a speech and language therapist's advice with its provision in a Word table.
    let row = |cells: &[&str]| cells.iter().map(|cell| (*cell).to_owned()).collect();
    let blocks = vec![
        Block::Heading {
            level: 1,
            text: "Speech and language therapy advice (synthetic test document)".to_owned(),
        },
        Block::Paragraph(
            "Sam Example has a developmental language disorder and finds it hard to follow spoken instructions.".to_owned(),
        ),
        Block::Heading {
            level: 2,
            text: "Recommendations".to_owned(),
        },
        Block::Table(vec![
            row(&["Provision", "Delivered by", "How often"]),
            row(&[
                "A language group working on following instructions",
                "A teaching assistant trained by the speech and language therapist",
                "Twice a week, 20 minutes",
            ]),
        ]),
    ];
    let scratch = Scratch::new("table-draft");
    let report = scratch.file("salt.docx", &corpus::docx(&blocks));
    let plan_path = scratch.path("plan.json");
    draft(&[report], &["--plan", &plan_path]);
    let plan = read_json(&plan_path);
    let mut all = Vec::new();
    statements(&plan, &mut all);
    let provision = all
        .iter()
        .find(|s| s["section"] == "F" && s["provision"]["what"]["text"].is_string())
        .unwrap_or_else(|| panic!("no F provision: {plan}"));
    assert_eq!(
        provision["text"],
        "A language group working on following instructions; A teaching assistant trained by \
         the speech and language therapist; Twice a week, 20 minutes"
    );
    assert_eq!(
        provision["provision"]["what"]["text"],
        "A language group working on following instructions"
    );
    assert_eq!(provision["provision"]["frequency"]["text"], "Twice a week");
    assert_eq!(provision["provision"]["duration"]["text"], "20 minutes");
}
