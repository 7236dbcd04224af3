//! Generates the synthetic reference population, cross-validates the primary-need classifier
//! on it, scores the provision recommender on the last 30% of cases after training on the first
//! 70%, and prints the metrics as JSON, with the EX2 worked example's classification.
//!
//! ```sh
//! cargo run --release -p dehcp-model --example evaluate -- [N] [SEED] [FOLDS]
//! ```
//! Defaults: 3,000 cases, seed 1, 5 folds, reference date 2026-01-15. All data is synthetic.

use std::io::Write;

use dehcp_domain::{AgeBand, MetricId, NeedsScores};
use dehcp_model::{Classifier, Generator, TrainingOptions, cross_validate};
use time::{Date, Month};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(Ok(3_000), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    let folds: usize = args.next().map_or(Ok(5), |a| a.parse())?;
    let reference = Date::from_calendar_date(2026, Month::January, 15)?;
    let population = Generator::builtin()?.generate(n, seed, reference)?;
    let options = TrainingOptions::default();
    let evaluation = cross_validate(&population.cases, folds, seed, &options)?;
    let model = Classifier::train(&population.cases, &options)?;
    let ex2 = NeedsScores::from_pairs(MetricId::ALL.iter().map(|m| {
        let score = match m.id() {
            "asd" => 3,
            "emotional_literacy" | "social_interaction" | "abilities_slc" => 2,
            "ability_english" | "ability_maths" | "ability_problem_solving" => 1,
            "physical_skills" | "sensory_skills" => 1,
            _ => 0,
        };
        (m.id(), score)
    }))?;
    // The recommender, trained on the first 70% of cases and scored on the rest.
    let split = population.cases.len() * 7 / 10;
    let (train, test) = population.cases.split_at(split);
    let recommender = dehcp_model::Recommender::train(train, &options)?;
    let provision = recommender.evaluate(test, &dehcp_model::Thresholds::default());
    let output = serde_json::json!({
        "synthetic": true,
        "cases": n,
        "seed": seed,
        "training": model.report(),
        "evaluation": evaluation,
        "provision_held_out": provision,
        "ex2": model.classify(&ex2, AgeBand::FiveToTen),
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", serde_json::to_string_pretty(&output)?)?;
    Ok(())
}
