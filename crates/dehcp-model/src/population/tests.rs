//! Tests of the synthetic population generator. All data here is synthetic.

use super::*;

fn reference() -> Date {
    Date::from_calendar_date(2026, Month::January, 15).unwrap()
}

fn generator() -> Generator {
    Generator::builtin().unwrap()
}

fn plan_cases(population: &Population) -> impl Iterator<Item = &Case> {
    population
        .cases
        .iter()
        .filter(|case| case.panel_decision == PanelDecision::Plan)
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let cov: f64 = pairs.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let vx: f64 = pairs.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    let vy: f64 = pairs.iter().map(|(_, y)| (y - my).powi(2)).sum();
    cov / (vx * vy).sqrt()
}

#[test]
fn the_same_seed_gives_the_same_population_and_another_seed_another() {
    let g = generator();
    let a = g.generate(300, 1, reference()).unwrap();
    let b = g.generate(300, 1, reference()).unwrap();
    let c = g.generate(300, 2, reference()).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.cases, c.cases);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

#[test]
fn a_smaller_population_is_the_start_of_a_larger_one() {
    let g = generator();
    let small = g.generate(50, 9, reference()).unwrap();
    let large = g.generate(120, 9, reference()).unwrap();
    assert_eq!(small.cases[..], large.cases[..50]);
}

#[test]
fn every_case_is_labelled_synthetic_and_internally_consistent() {
    let population = generator().generate(2_000, 4, reference()).unwrap();
    assert!(population.synthetic);
    assert!(population.source.contains("synthetic"));
    assert!(
        population
            .calibration_sources
            .iter()
            .any(|s| s.contains("Open Government Licence v3.0"))
    );
    for case in &population.cases {
        assert!(case.synthetic);
        assert!(case.case_ref.starts_with("SYN-"));
        assert_eq!(case.birth.age_band_at(reference()), Ok(case.age_band));
        let primary = case.primary_need.unwrap();
        assert!(!case.secondary_needs.contains(&primary));
        assert!(case.secondary_needs.windows(2).all(|w| w[0] < w[1]));
        if case.panel_decision == PanelDecision::NoPlan {
            assert_eq!(case.provision, [false; 13]);
            assert!(case.outcomes.is_empty());
        }
        // SP11-SP13 only come with a health, physical, daily-living or social-care need.
        let s = |m| case.scores.get(m);
        if case.provision[10] {
            assert!(s(MetricId::HealthIssues) >= 2 || s(MetricId::PhysicalDisabilityOther) >= 2);
        }
        if case.provision[11] {
            assert_eq!(s(MetricId::SocialCareFlag), 1);
        }
        if case.provision[12] {
            assert!(
                s(MetricId::AdlChallenges) >= 2
                    || s(MetricId::PhysicalDisabilityOther) >= 2
                    || s(MetricId::HealthIssues) >= 2
            );
        }
    }
    let no_plan = population.cases.len() - plan_cases(&population).count();
    let share = no_plan as f64 / population.cases.len() as f64;
    assert!((share - 0.15).abs() < 0.025, "{share}");
}

#[test]
fn primary_need_by_age_band_matches_the_blended_target_for_a_large_population() {
    let g = generator();
    let population = g.generate(12_000, 11, reference()).unwrap();
    let plans: Vec<&Case> = plan_cases(&population).collect();
    let n = plans.len() as f64;
    let mut observed = [[0.0; 5]; 13];
    for case in &plans {
        observed[need_index(case.primary_need.unwrap())][band_index(case.age_band)] += 1.0 / n;
    }
    let mut distance = 0.0;
    for (need, (seen_row, want_row)) in observed.iter().zip(&g.target().shares).enumerate() {
        for (band, (seen, want)) in seen_row.iter().zip(want_row).enumerate() {
            // Four standard errors of a binomial share, plus a little slack.
            let tolerance = 4.0 * (want * (1.0 - want) / n).sqrt() + 0.001;
            assert!(
                (seen - want).abs() <= tolerance,
                "{} {}: {seen:.4} against {want:.4}",
                Sen2Need::ALL[need],
                AgeBand::ALL[band]
            );
            distance += (seen - want).abs() / 2.0;
        }
    }
    assert!(distance < 0.03, "total variation distance {distance}");
    // DS has no source rows, so is never generated.
    assert!(plans.iter().all(|c| c.primary_need != Some(Sen2Need::Ds)));
}

#[test]
fn the_reported_correlations_hold() {
    let population = generator().generate(4_000, 5, reference()).unwrap();
    let plans: Vec<&Case> = plan_cases(&population).collect();
    let pair = |a: MetricId, b: MetricId| -> Vec<(f64, f64)> {
        plans
            .iter()
            .map(|c| (f64::from(c.scores.get(a)), f64::from(c.scores.get(b))))
            .collect()
    };
    // Ability items with each other; ADL with ability; physical skills with physical disability.
    assert!(correlation(&pair(MetricId::AbilityEnglish, MetricId::AbilityMaths)) > 0.5);
    assert!(
        correlation(&pair(
            MetricId::AdlChallenges,
            MetricId::AbilityProblemSolving
        )) > 0.3
    );
    assert!(
        correlation(&pair(
            MetricId::PhysicalSkills,
            MetricId::PhysicalDisabilityOther
        )) > 0.4
    );
    // Ability difficulty rises with age within one need.
    let mean_maths = |band: AgeBand| {
        let scores: Vec<f64> = plans
            .iter()
            .filter(|c| c.primary_need == Some(Sen2Need::Mld) && c.age_band == band)
            .map(|c| f64::from(c.scores.get(MetricId::AbilityMaths)))
            .collect();
        scores.iter().sum::<f64>() / scores.len() as f64
    };
    assert!(mean_maths(AgeBand::SixteenToNineteen) > mean_maths(AgeBand::FiveToTen));
}

#[test]
fn needs_co_occur_as_assumed() {
    let population = generator().generate(4_000, 6, reference()).unwrap();
    let share_with = |primary: Sen2Need, secondary: Sen2Need| {
        let group: Vec<&Case> = plan_cases(&population)
            .filter(|c| c.primary_need == Some(primary))
            .collect();
        let with = group
            .iter()
            .filter(|c| c.secondary_needs.contains(&secondary))
            .count();
        with as f64 / group.len() as f64
    };
    assert!((share_with(Sen2Need::Asd, Sen2Need::Slcn) - 0.35).abs() < 0.06);
    assert!((share_with(Sen2Need::Asd, Sen2Need::Semh) - 0.25).abs() < 0.06);
    assert!((share_with(Sen2Need::Mld, Sen2Need::Slcn) - 0.35).abs() < 0.08);
    assert!(share_with(Sen2Need::Pmld, Sen2Need::Pd) > 0.4);
    let care = |need: Sen2Need| {
        let group: Vec<&Case> = plan_cases(&population)
            .filter(|c| c.primary_need == Some(need))
            .collect();
        let flagged = group
            .iter()
            .filter(|c| c.scores.get(MetricId::SocialCareFlag) == 1)
            .count();
        flagged as f64 / group.len() as f64
    };
    assert!(care(Sen2Need::Semh) > 2.0 * care(Sen2Need::Slcn));
}

#[test]
fn ex2_is_offered_nothing_of_sp11_to_sp13_and_everything_else_is_possible() {
    let pairs = [
        ("asd", 3),
        ("emotional_literacy", 2),
        ("social_interaction", 2),
        ("ability_english", 1),
        ("ability_maths", 1),
        ("ability_problem_solving", 1),
        ("abilities_slc", 2),
        ("physical_skills", 1),
        ("sensory_skills", 1),
    ];
    let scores = NeedsScores::from_pairs(MetricId::ALL.iter().map(|m| {
        let score = pairs
            .iter()
            .find(|(id, _)| *id == m.id())
            .map_or(0, |p| p.1);
        (m.id(), score)
    }))
    .unwrap();
    let chances = generator().provision_probabilities(&scores, Some(Sen2Need::Asd), &[]);
    // The seed shows EX2 receiving SP1-SP10 (parameters 2026.2 give each a chance above 0.7).
    assert!(chances[..10].iter().all(|p| *p > 0.7), "{chances:?}");
    assert_eq!(chances[10..], [0.0, 0.0, 0.0]);
}

#[test]
fn impossible_requests_and_parameters_are_typed_errors() {
    let g = generator();
    assert_eq!(
        g.generate(MAX_CASES + 1, 1, reference()),
        Err(GenerateError::TooMany {
            requested: MAX_CASES + 1,
            max: MAX_CASES
        })
    );
    let early = Date::from_calendar_date(1910, Month::March, 1).unwrap();
    assert!(matches!(
        g.generate(10, 1, early),
        Err(GenerateError::ReferenceDate(_))
    ));
    let no_sp13 = BUILTIN.replace("code = \"SP13\"", "code = \"SP12\"");
    let error = PopulationParams::from_toml_str(&no_sp13).unwrap_err();
    assert!(error.to_string().contains("SP12 has two rules"), "{error}");
    let bad_mean = BUILTIN.replace("asd = 2.5", "asd = 4.5");
    assert!(PopulationParams::from_toml_str(&bad_mean).is_err());
    let mut target = g.target().clone();
    target.shares[need_index(Sen2Need::Ds)][1] = 0.01;
    let error = Generator::new(g.params().clone(), target).unwrap_err();
    assert!(error.to_string().contains("DS"), "{error}");
}
