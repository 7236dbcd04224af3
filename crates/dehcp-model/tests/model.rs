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
    // The default model's classifier is trained on 3,000 synthetic cases, seed 1, default
    // options; `the_committed_default_model_regenerates_byte_for_byte` checks that it is what
    // training gives today.
    let bundle = dehcp_model::Model::default_model().unwrap();
    let model = bundle.classifier();
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

// ---------------------------------------------------------------------------------------------
// The model bundle: clusters, recommender, similar cases, gate, and the committed default model.

use dehcp_domain::ProvisionCatalogue;
use dehcp_model::bundle::{BUNDLE_SCHEMA_VERSION, BundleError};
use dehcp_model::cluster::ClusterCount;
use dehcp_model::threshold::DEFAULT_THRESHOLD;
use dehcp_model::{ClusterModel, Gate, Model, Profile, Thresholds};

fn default_model() -> Model {
    Model::default_model().unwrap()
}

fn run(model: &Model, profile: &Profile) -> dehcp_model::ModelOutput {
    model.classify(
        profile,
        &Thresholds::default(),
        5,
        &ProvisionCatalogue::builtin().unwrap(),
    )
}

#[test]
fn the_committed_default_model_regenerates_byte_for_byte() {
    let committed = include_str!("../data/default-model.json");
    let trained = Model::train_default().unwrap().to_json().unwrap();
    // Compare lengths first so a failure does not print two half-megabyte strings.
    assert_eq!(
        trained.len(),
        committed.len(),
        "regenerate with the example default-model"
    );
    assert!(
        trained == committed,
        "regenerate with the example default-model"
    );
}

#[test]
fn all_zero_scores_land_in_the_no_ehcp_cluster_and_fail_the_gate() {
    let model = default_model();
    let zeros = Profile::complete(&scores(&[]), AgeBand::FiveToTen);
    let output = run(&model, &zeros);
    assert!(output.cluster.no_ehcp, "{:?}", output.cluster);
    assert!(!output.gate.passes);
    assert_eq!(output.gate.score, 0.0);
    // EX2 does not: it is a plan profile.
    let ex2 = run(&model, &Profile::complete(&ex2(), AgeBand::FiveToTen));
    assert!(!ex2.cluster.no_ehcp, "{:?}", ex2.cluster);
    assert!(ex2.gate.passes);
    assert!((0.0..=1.0).contains(&ex2.cluster.confidence));
    // Exactly one "no EHCP" cluster in the default model, and it is mostly no-plan cases.
    let clusters = &model.record().clusters;
    let no_ehcp: Vec<_> = clusters.clusters.iter().filter(|c| c.no_ehcp).collect();
    assert_eq!(no_ehcp.len(), 1);
    assert!(no_ehcp[0].no_plan_share > 0.5);
    assert_eq!(clusters.k, 10);
    assert_eq!(clusters.dendrogram.len(), clusters.cases - 1);
    let sizes: usize = clusters.clusters.iter().map(|c| c.size).sum();
    assert_eq!(sizes, clusters.cases);
}

#[test]
fn ex2_is_recommended_sp1_to_sp10_but_not_sp11_to_sp13() {
    let model = default_model();
    let output = run(&model, &Profile::complete(&ex2(), AgeBand::FiveToTen));
    assert_eq!(output.primary_need.code, "ASD");
    let recommended: Vec<&str> = output
        .provisions
        .iter()
        .filter(|p| p.recommended)
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(
        recommended,
        [
            "SP1", "SP2", "SP3", "SP4", "SP5", "SP6", "SP7", "SP8", "SP9", "SP10"
        ],
        "{:?}",
        output.provisions
    );
    assert!(
        output
            .explanation
            .iter()
            .any(|line| line.contains("not a decision"))
    );
    // A council that sets SP1's threshold higher than its probability no longer gets it.
    let sp1 = output.provisions[0].probability;
    let mut strict = Thresholds::default();
    strict
        .set("SP1".parse().unwrap(), (sp1 + 1.0) / 2.0)
        .unwrap();
    let again = model.classify(
        &Profile::complete(&ex2(), AgeBand::FiveToTen),
        &strict,
        5,
        &ProvisionCatalogue::builtin().unwrap(),
    );
    assert!(!again.provisions[0].recommended);
    assert!(strict.set("SP1".parse().unwrap(), 1.5).is_err());
}

#[test]
fn a_training_case_is_its_own_nearest_neighbour_and_neighbours_come_nearest_first() {
    let model = default_model();
    let case = &model.cases()[17];
    let output = run(&model, &Profile::of_case(case));
    assert_eq!(output.similar.len(), 5);
    assert_eq!(output.similar[0].distance, 0.0);
    assert!(output.similar.iter().any(|s| s.case_ref == case.case_ref));
    assert!(
        output
            .similar
            .windows(2)
            .all(|w| w[0].distance <= w[1].distance)
    );
    assert!(output.similar.iter().all(|s| s.synthetic));
}

#[test]
fn missing_scores_are_listed_and_move_nothing_in_the_classifier() {
    let model = default_model();
    let partial =
        Profile::from_pairs([("asd", 3), ("social_interaction", 2)], AgeBand::FiveToTen).unwrap();
    let output = run(&model, &partial);
    assert_eq!(output.missing.len(), 18);
    assert!(output.missing.contains(&"sen".to_owned()));
    assert_eq!(output.primary_need.code, "ASD");
    let sen = output
        .classification
        .contributions
        .iter()
        .find(|c| c.feature == "sen")
        .unwrap();
    assert!(sen.missing);
    assert_eq!(sen.contribution, 0.0);
    // The gate counts only the evidence present.
    assert_eq!(output.gate.score, 5.0);
    // With nothing at all, every model still answers.
    let empty = run(
        &model,
        &Profile::from_pairs([], AgeBand::ElevenToFifteen).unwrap(),
    );
    assert_eq!(empty.missing.len(), 20);
    assert_eq!(empty.similar.len(), 5);
}

#[test]
fn the_default_gate_threshold_agrees_best_with_the_panel_on_the_default_population() {
    let model = default_model();
    let sweep = Gate::default().sweep(model.cases(), 20);
    let best = sweep.iter().fold(&sweep[0], |best, r| {
        if r.agreement > best.agreement {
            r
        } else {
            best
        }
    });
    assert_eq!(best.gate.threshold, DEFAULT_THRESHOLD);
    let report = Gate::default().report(model.cases());
    assert_eq!(report.pass + report.fail, model.cases().len());
    assert_eq!(
        report.pass_plan + report.pass_no_plan + report.fail_plan + report.fail_no_plan,
        report.cases
    );
    assert!(report.agreement > 0.85, "{report:?}");
}

#[test]
fn clusters_can_be_chosen_by_the_largest_gap_and_refuse_impossible_counts() {
    let cases = population(400, 4).cases;
    let gap = ClusterModel::fit(
        &cases,
        ClusterCount::LargestGap { min: 3, max: 12 },
        Gate::default(),
    )
    .unwrap();
    assert!((3..=12).contains(&gap.k));
    assert!(gap.criterion.contains("largest gap"));
    assert_eq!(gap.clusters.len(), gap.k);
    assert!(ClusterModel::fit(&cases, ClusterCount::Fixed(0), Gate::default()).is_err());
    assert!(ClusterModel::fit(&cases[..1], ClusterCount::Fixed(1), Gate::default()).is_err());
}

#[test]
fn a_bundle_refuses_other_versions_kinds_tampered_cases_and_corruption() {
    let json = include_str!("../data/default-model.json");
    let other = json.replacen(
        &format!("\"schema_version\":{BUNDLE_SCHEMA_VERSION}"),
        "\"schema_version\":7",
        1,
    );
    assert_eq!(
        Model::from_json(&other).unwrap_err(),
        BundleError::SchemaVersion {
            found: 7,
            expected: BUNDLE_SCHEMA_VERSION
        }
    );
    let kind = json.replacen("dehcp-model/bundle", "dehcp-model/other", 1);
    assert!(matches!(Model::from_json(&kind), Err(BundleError::Kind(_))));
    let tampered = json.replacen("SYN-000001", "SYN-999999", 1);
    assert_eq!(Model::from_json(&tampered).unwrap_err(), BundleError::Hash);
    assert!(matches!(
        Model::from_json(&json[..json.len() / 3]),
        Err(BundleError::Corrupt(_))
    ));
    assert!(matches!(
        Model::from_json("{\"schema_version\":1,\"kind\":\"dehcp-model/bundle\"}"),
        Err(BundleError::Corrupt(_))
    ));
}

#[test]
fn the_recommender_beats_the_base_rate_on_held_out_cases() {
    let cases = population(1_200, 6).cases;
    let (train, test) = cases.split_at(800);
    let recommender = dehcp_model::Recommender::train(train, &TrainingOptions::default()).unwrap();
    let metrics = recommender.evaluate(test, &Thresholds::default());
    assert_eq!(metrics.len(), 13);
    for element in &metrics {
        // The base rate alone scores prevalence × (1 − prevalence).
        let base = element.prevalence * (1.0 - element.prevalence);
        assert!(element.brier < base, "{element:?}");
    }
}

#[test]
fn suggestions_that_depend_on_unscored_items_are_marked_not_settled() {
    let model = default_model();
    // A complete profile: everything settled, nothing unscored.
    let ex2 = run(&model, &Profile::complete(&ex2(), AgeBand::FiveToTen));
    assert!(ex2.primary_need_settled);
    assert!(ex2.cluster.settled);
    assert_eq!(ex2.cluster.unscored, 0);
    assert!(ex2.provisions.iter().all(|p| p.settled));
    // A sparse language profile (synthetic): ten items scored, ten with no evidence. Left out,
    // the unscored items put it near a cluster that is high on everything; read as 0 they do
    // not, so the cluster is not settled.
    let pairs = [
        ("learning_difficulties", 2),
        ("health_issues", 2),
        ("adl_challenges", 1),
        ("psych_other", 2),
        ("emotional_literacy", 1),
        ("self_esteem", 2),
        ("ability_english", 2),
        ("abilities_slc", 3),
        ("physical_skills", 2),
        ("sensory_skills", 3),
    ];
    let sparse = Profile::from_pairs(pairs, AgeBand::FiveToTen).unwrap();
    let output = run(&model, &sparse);
    assert_eq!(output.cluster.unscored, 10);
    let zeroed = model
        .record()
        .clusters
        .assign(&sparse.with_unscored_as_zero());
    assert_eq!(zeroed.unscored, 0);
    assert!(zeroed.settled);
    assert_eq!(
        output.cluster.settled,
        zeroed.id == output.cluster.id,
        "settled means the zero reading gives the same cluster"
    );
    assert!(!output.cluster.settled, "{:?}", output.cluster);
    assert!(
        output
            .explanation
            .iter()
            .any(|line| line.contains("not settled")),
        "{:?}",
        output.explanation
    );
    // A provision is settled exactly when the zero reading agrees about recommending it.
    let other = run(&model, &sparse.with_unscored_as_zero());
    for (mine, theirs) in output.provisions.iter().zip(&other.provisions) {
        assert_eq!(
            mine.settled,
            mine.recommended == theirs.recommended,
            "{}",
            mine.id
        );
    }
    assert!(output.provisions.iter().any(|p| !p.settled));
    assert_eq!(
        output.primary_need_settled,
        other.primary_need.code == output.primary_need.code
    );
}
