//! Unit tests of the classifier's mathematics. All data is synthetic.

use super::*;
use crate::case::scores_from_array;
use dehcp_domain::BirthMonth;

fn case(need: Sen2Need, values: [u8; 20], band: AgeBand) -> Case {
    Case {
        case_ref: "T".to_owned(),
        birth: BirthMonth::parse("2016-01").unwrap(),
        age_band: band,
        scores: scores_from_array(values).unwrap(),
        primary_need: Some(need),
        secondary_needs: Vec::new(),
        provision: [false; 13],
        outcomes: Vec::new(),
        panel_decision: PanelDecision::Plan,
        synthetic: true,
    }
}

/// Three needs told apart by one item each, with a little variation.
fn toy_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for i in 0..30u8 {
        let extra = i % 2;
        let mut asd = [0; 20];
        asd[6] = 2 + extra;
        asd[10] = extra;
        cases.push(case(Sen2Need::Asd, asd, AgeBand::FiveToTen));
        let mut slcn = [0; 20];
        slcn[15] = 2 + extra;
        slcn[6] = extra;
        cases.push(case(Sen2Need::Slcn, slcn, AgeBand::UnderFive));
        let mut pd = [0; 20];
        pd[4] = 2 + extra;
        pd[16] = 2;
        cases.push(case(Sen2Need::Pd, pd, AgeBand::ElevenToFifteen));
    }
    cases
}

#[test]
fn the_vectorised_objective_matches_the_plain_one_bit_for_bit() {
    // Rows that are not all alike and more than one chunk of them, standardised-looking
    // values of both signs.
    let x: Vec<[f64; FEATURES]> = (0..(CHUNK * 2 + 37))
        .map(|i| std::array::from_fn(|j| (((i * 31 + j * 17) % 23) as f64 - 11.0) / 7.0))
        .collect();
    for classes in [2, 3, 5, 9, 13, MAX_LANES, MAX_LANES + 3] {
        let y: Vec<usize> = (0..x.len()).map(|i| (i * 7 + i / 3) % classes).collect();
        let objective = Objective {
            x: &x,
            y: &y,
            classes,
            l2: 0.01,
        };
        let size = classes * (FEATURES + 1);
        let theta: Vec<f64> = (0..size)
            .map(|i| ((i * 37 % 19) as f64 - 9.0) / 13.0)
            .collect();
        let (mut fast, mut plain) = (vec![0.0; size], vec![0.0; size]);
        let fast_loss = objective.evaluate(&theta, &mut fast);
        let plain_loss = objective.evaluate_plain(&theta, &mut plain);
        assert_eq!(
            fast_loss.to_bits(),
            plain_loss.to_bits(),
            "{classes} classes"
        );
        for (i, (a, b)) in fast.iter().zip(&plain).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "{classes} classes, component {i}");
        }
    }
}

#[test]
fn the_analytic_gradient_matches_finite_differences() {
    let cases = toy_cases();
    let x: Vec<[f64; FEATURES]> = cases
        .iter()
        .map(|c| features(&c.scores, c.age_band))
        .collect();
    let y: Vec<usize> = (0..cases.len()).map(|i| i % 3).collect();
    let objective = Objective {
        x: &x,
        y: &y,
        classes: 3,
        l2: 0.1,
    };
    let size = 3 * (FEATURES + 1);
    let theta: Vec<f64> = (0..size)
        .map(|i| ((i * 37 % 11) as f64 - 5.0) / 20.0)
        .collect();
    let mut gradient = vec![0.0; size];
    objective.evaluate(&theta, &mut gradient);
    let mut scratch = vec![0.0; size];
    for i in [0, 6, 15, FEATURES, FEATURES + 3, size - 1] {
        let h = 1e-6;
        let (mut up, mut down) = (theta.clone(), theta.clone());
        up[i] += h;
        down[i] -= h;
        let numeric = (objective.evaluate(&up, &mut scratch)
            - objective.evaluate(&down, &mut scratch))
            / (2.0 * h);
        assert!(
            (numeric - gradient[i]).abs() < 1e-6,
            "{i}: {numeric} vs {}",
            gradient[i]
        );
    }
}

#[test]
fn a_separable_toy_set_is_learned_and_explained() {
    let model = Classifier::train(&toy_cases(), &TrainingOptions::default()).unwrap();
    assert!(model.report().converged, "{:?}", model.report());
    assert_eq!(
        model.classes(),
        [Sen2Need::Asd, Sen2Need::Pd, Sen2Need::Slcn]
    );
    let mut probe = [0; 20];
    probe[6] = 3;
    let result = model.classify(&scores_from_array(probe).unwrap(), AgeBand::FiveToTen);
    assert_eq!(result.primary_need.code, "ASD");
    assert!(result.primary_need.probability > 0.9);
    assert_eq!(result.alternatives.len(), 2);
    let total: f64 = result.probabilities.iter().map(|p| p.probability).sum();
    assert!((total - 1.0).abs() < 1e-9);
    assert_eq!(result.probabilities.len(), 13);
    let untrained = result
        .probabilities
        .iter()
        .find(|p| p.code == "MLD")
        .unwrap();
    assert_eq!(untrained.probability, 0.0);
    // Here the age band separates the needs as well as the scores do, so both are named.
    let first = &result.explanation[0];
    assert!(
        first.contains("ASD 3") && first.contains("point to ASD"),
        "{first}"
    );
    let top: Vec<&str> = result.contributions[..2]
        .iter()
        .map(|c| c.feature.as_str())
        .collect();
    assert!(top.contains(&"asd"), "{top:?}");
}

#[test]
fn training_is_deterministic() {
    let a = Classifier::train(&toy_cases(), &TrainingOptions::default()).unwrap();
    let b = Classifier::train(&toy_cases(), &TrainingOptions::default()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn unusable_training_sets_and_options_are_typed_errors() {
    let options = TrainingOptions::default();
    assert_eq!(Classifier::train(&[], &options), Err(TrainError::NoCases));
    let one: Vec<Case> = toy_cases().into_iter().take(1).collect();
    assert_eq!(
        Classifier::train(&one, &options),
        Err(TrainError::OneClass("ASD".to_owned()))
    );
    let mut no_plans = toy_cases();
    no_plans
        .iter_mut()
        .for_each(|c| c.panel_decision = PanelDecision::NoPlan);
    assert_eq!(
        Classifier::train(&no_plans, &options),
        Err(TrainError::NoCases)
    );
    let bad = TrainingOptions {
        l2: f64::NAN,
        ..options
    };
    assert!(matches!(
        Classifier::train(&toy_cases(), &bad),
        Err(TrainError::Options(_))
    ));
}

#[test]
fn a_record_round_trips_and_a_damaged_one_is_refused() {
    let model = Classifier::train(&toy_cases(), &TrainingOptions::default()).unwrap();
    let record = model.to_record();
    assert_eq!(Classifier::from_record(record.clone()).unwrap(), model);
    let mut short = record.clone();
    short.weights[1].pop();
    assert!(Classifier::from_record(short).is_err());
    let mut zero_scale = record.clone();
    zero_scale.scales[0] = 0.0;
    assert!(Classifier::from_record(zero_scale).is_err());
    let mut unordered = record;
    unordered.classes.swap(0, 1);
    assert!(Classifier::from_record(unordered).is_err());
}

proptest::proptest! {
    #[test]
    fn any_profile_gets_probabilities_that_sum_to_one(
        values in proptest::array::uniform20(0u8..=3),
        band in 0usize..5,
    ) {
        let model = Classifier::train(&toy_cases(), &TrainingOptions::default()).unwrap();
        let scores = scores_from_array(values).unwrap();
        let p = model.probabilities(&scores, AgeBand::ALL[band]);
        proptest::prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        proptest::prop_assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
        let result = model.classify(&scores, AgeBand::ALL[band]);
        proptest::prop_assert!(!result.explanation.is_empty());
    }
}
