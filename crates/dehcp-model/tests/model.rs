//! End-to-end tests of the needs models on the synthetic reference population: the seed's EX2
//! worked example, the cross-validated macro-F1 floor and model artefacts. All data is
//! synthetic, generated here from a seed.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dehcp_domain::{AgeBand, MetricId, NeedsScores};
use dehcp_model::artefact::SCHEMA_VERSION;
use dehcp_model::{
    ArtefactError, Classifier, Generator, ModelArtefact, Population, TrainingOptions,
    cross_validate, training_data_hash,
};
use time::{Date, Month};

fn reference() -> Date {
    Date::from_calendar_date(2026, Month::January, 15).unwrap()
}

fn population(n: usize, seed: u64) -> Population {
    Generator::builtin()
        .unwrap()
        .generate(n, seed, reference())
        .unwrap()
}

fn scores(pairs: &[(&str, i64)]) -> NeedsScores {
    NeedsScores::from_pairs(MetricId::ALL.iter().map(|m| {
        let score = pairs
            .iter()
            .find(|(id, _)| *id == m.id())
            .map_or(0, |p| p.1);
        (m.id(), score)
    }))
    .unwrap()
}

/// Pupil EX2 from the seed report (age band 5-10), first table: everything not listed is 0.
fn ex2() -> NeedsScores {
    scores(&[
        ("asd", 3),
        ("emotional_literacy", 2),
        ("social_interaction", 2),
        ("ability_english", 1),
        ("ability_maths", 1),
        ("ability_problem_solving", 1),
        ("abilities_slc", 2),
        ("physical_skills", 1),
        ("sensory_skills", 1),
    ])
}

#[test]
fn ex2_classifies_as_asd_with_a_model_trained_on_3000_synthetic_cases() {
    let cases = population(3_000, 1).cases;
    let model = Classifier::train(&cases, &TrainingOptions::default()).unwrap();
    let result = model.classify(&ex2(), AgeBand::FiveToTen);
    assert_eq!(result.primary_need.code, "ASD");
    assert!(result.primary_need.probability > 0.5, "{result:?}");
    let first = &result.explanation[0];
    assert!(first.starts_with("ASD 3"), "{first}");
    assert!(first.contains("point to ASD"), "{first}");
    assert!(first.contains("social interaction 2"), "{first}");
    // The seed's second printing of EX2 differs (problem solving 2, SLC 0); still ASD.
    let variant = scores(&[
        ("asd", 3),
        ("emotional_literacy", 2),
        ("social_interaction", 2),
        ("ability_english", 1),
        ("ability_maths", 1),
        ("ability_problem_solving", 2),
        ("physical_skills", 1),
        ("sensory_skills", 1),
    ]);
    assert_eq!(
        model
            .classify(&variant, AgeBand::FiveToTen)
            .primary_need
            .code,
        "ASD"
    );
}

/// Measured with population parameters 2026.1 on 1,500 cases, seed 1, 3 folds: macro-F1 0.813,
/// accuracy 0.875, Brier 0.186. The floor sits a little below; see docs/models.md (which also
/// gives the larger reference run). Small so that the test takes seconds in a debug build.
const MACRO_F1_FLOOR: f64 = 0.79;

#[test]
fn cross_validated_macro_f1_stays_above_the_documented_floor() {
    let cases = population(1_500, 1).cases;
    let evaluation = cross_validate(&cases, 3, 1, &TrainingOptions::default()).unwrap();
    assert!(
        evaluation.macro_f1 >= MACRO_F1_FLOOR,
        "macro-F1 {:.3} is below the floor {MACRO_F1_FLOOR}",
        evaluation.macro_f1
    );
    assert!(evaluation.accuracy > 0.85, "{}", evaluation.accuracy);
    assert!(evaluation.brier < 0.21, "{}", evaluation.brier);
    let total: usize = evaluation.confusion.iter().flatten().sum();
    assert_eq!(total, evaluation.cases);
    assert_eq!(evaluation.per_class.len(), evaluation.classes.len());
    // Stratified folds: each need's support is its number of plan cases.
    for (metrics, row) in evaluation.per_class.iter().zip(&evaluation.confusion) {
        assert_eq!(metrics.support, row.iter().sum::<usize>());
    }
}

#[test]
fn an_artefact_round_trips_and_refuses_other_versions_and_corruption() {
    let cases = population(600, 2).cases;
    let options = TrainingOptions::default();
    let model = Classifier::train(&cases, &options).unwrap();
    let artefact = ModelArtefact::new(&model, &cases, options, None, reference());
    assert_eq!(artefact.training_data_hash, training_data_hash(&cases));
    assert!(artefact.synthetic_training_data);
    assert_eq!(artefact.created, "2026-01-15");
    let json = artefact.to_json().unwrap();
    let (back, loaded) = ModelArtefact::from_json(&json).unwrap();
    assert_eq!(back, artefact);
    assert_eq!(loaded, model);
    assert_eq!(
        loaded.classify(&ex2(), AgeBand::FiveToTen),
        model.classify(&ex2(), AgeBand::FiveToTen)
    );

    let other_version = json.replacen(
        &format!("\"schema_version\": {SCHEMA_VERSION}"),
        "\"schema_version\": 99",
        1,
    );
    assert_eq!(
        ModelArtefact::from_json(&other_version).unwrap_err(),
        ArtefactError::SchemaVersion {
            found: 99,
            expected: SCHEMA_VERSION
        }
    );
    let truncated = &json[..json.len() / 2];
    assert!(matches!(
        ModelArtefact::from_json(truncated),
        Err(ArtefactError::Corrupt(_))
    ));
    assert!(matches!(
        ModelArtefact::from_json("[]"),
        Err(ArtefactError::Corrupt(_))
    ));
    let wrong_kind = json.replacen("primary-need-classifier", "cluster-model", 1);
    assert!(matches!(
        ModelArtefact::from_json(&wrong_kind),
        Err(ArtefactError::Kind(_))
    ));
    let bad_hash = json.replacen(&artefact.training_data_hash, "abc", 1);
    assert!(matches!(
        ModelArtefact::from_json(&bad_hash),
        Err(ArtefactError::Inconsistent(_))
    ));
}

#[test]
fn too_few_folds_or_cases_is_a_typed_error() {
    let cases = population(40, 3).cases;
    let options = TrainingOptions::default();
    assert!(matches!(
        cross_validate(&cases, 1, 1, &options),
        Err(dehcp_model::EvaluateError::Folds { folds: 1, .. })
    ));
    assert!(matches!(
        cross_validate(&cases, 1_000, 1, &options),
        Err(dehcp_model::EvaluateError::Folds { .. })
    ));
}
