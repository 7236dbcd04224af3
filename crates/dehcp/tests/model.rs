//! End-to-end tests of `dehcp classify` and `dehcp model …` (issue 5): the real binary, the
//! built-in model and small models trained here. All cases are synthetic, generated from seeds.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
mod common;

use std::process::Output;

use common::{dehcp, json};

use time::{Date, Month};

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

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dehcp-model-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Pupil EX2 from the seed report (age band 5-10), every item given.
const EX2: &str = r#"{"learning_difficulties":0,"health_issues":0,"hearing_impairment":0,
"visual_impairment":0,"physical_disability_other":0,"adl_challenges":0,"asd":3,"sen":0,
"psych_other":0,"emotional_literacy":2,"social_interaction":2,"self_esteem":0,
"ability_english":1,"ability_maths":1,"ability_problem_solving":1,"abilities_slc":2,
"physical_skills":1,"sensory_skills":1,"flmt_flag":0,"social_care_flag":0}"#;

fn recommended(value: &serde_json::Value) -> Vec<String> {
    value["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["recommended"] == true)
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn ex2_classifies_as_asd_with_sp1_to_sp10_out_of_the_box() {
    let dir = scratch("ex2");
    let scores = write(&dir, "ex2.json", EX2);
    let value = json(&[
        "classify",
        "--scores",
        &scores,
        "--age-band",
        "5-10",
        "--json",
    ]);
    assert_eq!(value["primary_need"]["code"], "ASD");
    assert!(value["primary_need"]["probability"].as_f64().unwrap() > 0.5);
    assert_eq!(value["alternatives"].as_array().unwrap().len(), 2);
    assert_eq!(value["cluster"]["no_ehcp"], false);
    assert!(value["cluster"]["distance"].as_f64().unwrap() > 0.0);
    assert!(value["cluster"]["id"].as_u64().is_some());
    let expected: Vec<String> = (1..=10).map(|n| format!("SP{n}")).collect();
    assert_eq!(recommended(&value), expected);
    assert_eq!(value["provisions"].as_array().unwrap().len(), 13);
    assert_eq!(value["similar"].as_array().unwrap().len(), 5);
    assert_eq!(value["missing"].as_array().unwrap().len(), 0);
    assert_eq!(value["model"]["synthetic_training_data"], true);
    let explanation: Vec<&str> = value["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(explanation[0].starts_with("ASD 3"), "{explanation:?}");
    assert!(explanation.iter().any(|l| l.contains("not a decision")));

    // The plain report says the same.
    let text = dehcp(&["classify", "--scores", &scores, "--age-band", "5-10"]);
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Primary need: ASD"), "{text}");
    assert!(text.contains("Proposal for a professional"), "{text}");
}

#[test]
fn all_zero_scores_land_in_the_no_ehcp_cluster() {
    let dir = scratch("zeros");
    let zeros: String = EX2
        .split(',')
        .map(|pair| {
            let (id, _) = pair.split_once(':').unwrap();
            format!("{id}:0")
        })
        .collect::<Vec<_>>()
        .join(",")
        + "}";
    let scores = write(&dir, "zeros.json", &zeros);
    let value = json(&[
        "classify",
        "--scores",
        &scores,
        "--age-band",
        "5-10",
        "--json",
    ]);
    assert_eq!(value["cluster"]["no_ehcp"], true, "{}", value["cluster"]);
    assert_eq!(value["gate"]["passes"], false);
    assert_eq!(value["gate"]["score"], 0.0);
}

#[test]
fn missing_and_null_scores_are_no_evidence_and_bad_input_is_one_line() {
    let dir = scratch("missing");
    let partial = write(
        &dir,
        "partial.json",
        r#"{"asd":3,"social_interaction":2,"sen":null}"#,
    );
    let value = json(&["classify", "--scores", &partial, "--json"]);
    let missing = value["missing"].as_array().unwrap();
    assert_eq!(missing.len(), 18);
    assert!(missing.iter().any(|m| m == "sen"));
    assert_eq!(value["age_band"], serde_json::Value::Null);
    assert_eq!(value["primary_need"]["code"], "ASD");

    let unknown = write(&dir, "unknown.json", r#"{"autism":3}"#);
    assert_one_line_error(
        &dehcp(&["classify", "--scores", &unknown]),
        "'autism' is not one of the 20",
    );
    let range = write(&dir, "range.json", r#"{"asd":4}"#);
    assert_one_line_error(
        &dehcp(&["classify", "--scores", &range]),
        "asd: 4 is outside",
    );
    let list = write(&dir, "list.json", "[1,2]");
    assert_one_line_error(
        &dehcp(&["classify", "--scores", &list]),
        "expected a JSON object",
    );
    assert_one_line_error(
        &dehcp(&["classify", "--scores", &partial, "--age-band", "6-9"]),
        "--age-band",
    );
    assert_one_line_error(
        &dehcp(&[
            "classify",
            "--scores",
            &partial,
            "--provision-threshold",
            "SP1=2",
        ]),
        "from 0 to 1",
    );
    assert_one_line_error(
        &dehcp(&[
            "classify",
            "--scores",
            &partial,
            "--model",
            "/no/such/folder",
        ]),
        "could not be read",
    );
}

fn reference() -> Date {
    Date::from_calendar_date(2026, Month::January, 15).unwrap()
}

fn synthetic_csv(n: usize, seed: u64) -> String {
    let population = dehcp_model::Generator::builtin()
        .unwrap()
        .generate(n, seed, reference())
        .unwrap();
    dehcp_model::export_csv(&population.cases)
}

#[test]
fn importing_a_file_with_bad_rows_lists_every_line_and_imports_nothing() {
    let dir = scratch("import");
    let good = synthetic_csv(30, 5);
    let file = write(&dir, "cases.csv", &good);
    let output = dehcp(&["model", "import", &file, "--as-of", "2026-01-15"]);
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("30 valid cases"), "{stdout}");

    // Line 3 gets an impossible score, line 6 an unknown panel decision.
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    let fields: Vec<&str> = lines[2].split(',').collect();
    let mut broken: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    broken[2] = "9".to_owned();
    lines[2] = broken.join(",");
    lines[5] = lines[5]
        .replace(",plan,", ",maybe,")
        .replace(",no_plan,", ",maybe,");
    let bad = write(&dir, "bad.csv", &(lines.join("\n") + "\n"));
    let output = dehcp(&["model", "import", &bad, "--as-of", "2026-01-15"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("line 6"), "{stderr}");
    assert!(stderr.contains("nothing imported"), "{stderr}");
    assert!(stderr.lines().all(|l| l.starts_with("error: ")), "{stderr}");

    // Training on it fails the same way and writes no model.
    let out = dir.join("model");
    let output = dehcp(&[
        "model",
        "train",
        "--cases",
        &bad,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-01-15",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!out.join("model.json").exists());
}

#[test]
fn a_trained_model_is_evaluated_clustered_and_used_to_classify() {
    let dir = scratch("train");
    let out = dir.join("model");
    let output = dehcp(&[
        "model",
        "train",
        "--synthetic",
        "400",
        "--seed",
        "2",
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-01-15",
        "--folds",
        "3",
        "--clusters",
        "6",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.join("model.json").exists());
    let model = out.to_str().unwrap();

    let evaluation = json(&["model", "evaluate", "--model", model, "--json"]);
    assert_eq!(evaluation["fresh"], false);
    assert_eq!(evaluation["evaluation"]["folds"], 3);
    let macro_f1 = evaluation["evaluation"]["macro_f1"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&macro_f1));
    let fresh = json(&[
        "model", "evaluate", "--model", model, "--folds", "2", "--json",
    ]);
    assert_eq!(fresh["fresh"], true);
    assert_eq!(fresh["evaluation"]["folds"], 2);
    let text = dehcp(&["model", "evaluate", "--model", model]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Confusion matrix"), "{text}");

    let clusters = json(&["model", "clusters", "--model", model, "--json"]);
    assert_eq!(clusters["k"], 6);
    assert_eq!(clusters["clusters"].as_array().unwrap().len(), 6);
    assert_eq!(clusters["dendrogram"].as_array().unwrap().len(), 399);

    let scores = write(&dir, "ex2.json", EX2);
    let value = json(&[
        "classify",
        "--scores",
        &scores,
        "--age-band",
        "5-10",
        "--model",
        model,
        "--json",
        "--similar",
        "3",
    ]);
    assert_eq!(value["similar"].as_array().unwrap().len(), 3);
    assert!(
        value["model"]["source"]
            .as_str()
            .unwrap()
            .contains("seed 2")
    );

    // A damaged model is refused in one line.
    let file = out.join("model.json");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("SYN-000001", "SYN-000999", 1)).unwrap();
    assert_one_line_error(
        &dehcp(&["model", "clusters", "--model", model]),
        "does not match its recorded hash",
    );
}

#[test]
fn the_built_in_clusters_have_one_no_ehcp_cluster() {
    let value = json(&["model", "clusters", "--json"]);
    assert_eq!(value["k"], 10);
    let no_ehcp = value["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["no_ehcp"] == true)
        .count();
    assert_eq!(no_ehcp, 1);
}
