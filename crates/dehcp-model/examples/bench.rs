//! The Rust side of the scikit-learn comparison (`scripts/bench-model`). All data is synthetic.
//!
//! ```sh
//! cargo run --release -p dehcp-model --example bench -- export N SEED DIR
//! cargo run --release -p dehcp-model --example bench -- run DIR [FOLDS] [SEED]
//! ```
//!
//! `export` generates N synthetic cases (reference date 2026-01-15) and writes `DIR/cases.csv`
//! (the import schema, from `export_csv`).
//!
//! `run` reads `DIR/cases.csv`, writes `DIR/folds.csv` (`case_ref,fold`: the stratified fold of
//! each plan case with a primary need, as `cross_validate` deals them; other cases are left
//! out), and prints JSON: the cross-validated macro-F1 with those folds,
//! and wall times for training and inference of each model on all the cases (classifier:
//! train on the plan cases and predict every plan case; clusters: Ward linkage, 10 clusters,
//! profiles; similar cases: index every case and find each case's 5 nearest). It also writes
//! `DIR/rust-clusters.csv` (`case_ref,cluster`) so the two clusterings can be compared.
//!
//! Each phase is timed twice: wall time (`seconds`) and the thread's CPU time (`cpu_seconds`,
//! from `/proc/thread-self/schedstat`, 0 where that file is missing; all the work is on this
//! thread; the kernel updates it every few milliseconds, so phases shorter than that read 0).
//! On a shared machine the CPU time is the steadier figure: it leaves out time spent waiting
//! for the core.

#![allow(
    clippy::disallowed_methods,
    reason = "a benchmark: timing is its job, and it reads its own arguments"
)]

use std::io::Write;
use std::time::Instant;

/// A wall clock and a CPU clock started together.
struct Clock {
    wall: Instant,
    cpu: f64,
}

impl Clock {
    fn start() -> Self {
        Clock {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// (wall seconds, CPU seconds) since the start.
    fn stop(&self) -> (f64, f64) {
        (self.wall.elapsed().as_secs_f64(), cpu_seconds() - self.cpu)
    }
}

/// This thread's CPU time so far, from `/proc/thread-self/schedstat` (0 if unreadable).
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

use dehcp_model::cluster::cut;
use dehcp_model::similar::CaseIndex;
use dehcp_model::{
    Classifier, ClusterCount, ClusterModel, Gate, Generator, PanelDecision, Profile,
    TrainingOptions, cross_validate, export_csv, import_csv, stratified_folds,
};
use time::{Date, Month};

const CLUSTERS: usize = 10;
const NEIGHBOURS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reference = Date::from_calendar_date(2026, Month::January, 15)?;
    match args.first().map(String::as_str) {
        Some("export") if args.len() == 4 => {
            let n: usize = args[1].parse()?;
            let seed: u64 = args[2].parse()?;
            export(n, seed, &args[3], reference)
        }
        Some("run") if (2..=4).contains(&args.len()) => {
            let folds: usize = args.get(2).map_or(Ok(5), |a| a.parse())?;
            let seed: u64 = args.get(3).map_or(Ok(1), |a| a.parse())?;
            run(&args[1], folds, seed, reference)
        }
        _ => Err("usage: bench export N SEED DIR | bench run DIR [FOLDS] [SEED]".into()),
    }
}

fn export(
    n: usize,
    seed: u64,
    dir: &str,
    reference: Date,
) -> Result<(), Box<dyn std::error::Error>> {
    let population = Generator::builtin()?.generate(n, seed, reference)?;
    std::fs::create_dir_all(dir)?;
    std::fs::write(format!("{dir}/cases.csv"), export_csv(&population.cases))?;
    Ok(())
}

fn run(
    dir: &str,
    folds: usize,
    seed: u64,
    reference: Date,
) -> Result<(), Box<dyn std::error::Error>> {
    let cases = import_csv(
        &std::fs::read_to_string(format!("{dir}/cases.csv"))?,
        reference,
    )?;
    let options = TrainingOptions::default();

    // The folds, for the Python side to reuse.
    let usable: Vec<_> = cases
        .iter()
        .filter(|c| c.panel_decision == PanelDecision::Plan)
        .filter_map(|c| c.primary_need.map(|n| (c, n)))
        .collect();
    let needs: Vec<_> = usable.iter().map(|(_, n)| *n).collect();
    let fold_of = stratified_folds(&needs, folds, seed);
    let mut text = String::from("case_ref,fold\n");
    for ((case, _), fold) in usable.iter().zip(&fold_of) {
        text.push_str(&format!("{},{fold}\n", case.case_ref));
    }
    std::fs::write(format!("{dir}/folds.csv"), text)?;

    let evaluation = cross_validate(&cases, folds, seed, &options)?;

    // Classifier: train on the plan cases, then predict every plan case.
    let clock = Clock::start();
    let classifier = Classifier::train(&cases, &options)?;
    let train_classifier = clock.stop();
    let clock = Clock::start();
    let mut checksum = 0.0;
    for (case, _) in &usable {
        checksum += classifier.probabilities(&case.scores, case.age_band)[0];
    }
    let predict_classifier = clock.stop();

    // Clusters: Ward linkage on every case, cut at 10.
    let clock = Clock::start();
    let clusters = ClusterModel::fit(&cases, ClusterCount::Fixed(CLUSTERS), Gate::default())?;
    let fit_clusters = clock.stop();
    let labels = cut(&clusters.dendrogram, cases.len(), CLUSTERS);
    let mut text = String::from("case_ref,cluster\n");
    for (case, label) in cases.iter().zip(&labels) {
        text.push_str(&format!("{},{label}\n", case.case_ref));
    }
    std::fs::write(format!("{dir}/rust-clusters.csv"), text)?;

    // Similar cases: index, then the 5 nearest of every case.
    let clock = Clock::start();
    let index = CaseIndex::new(&cases, clusters.standardiser.clone());
    let fit_similar = clock.stop();
    let clock = Clock::start();
    let mut found = 0usize;
    for case in &cases {
        found += index
            .nearest(&cases, &Profile::of_case(case), NEIGHBOURS)
            .len();
    }
    let query_similar = clock.stop();
    let times = [
        ("classifier_train", train_classifier),
        ("classifier_predict", predict_classifier),
        ("clusters_fit", fit_clusters),
        ("similar_fit", fit_similar),
        ("similar_query", query_similar),
    ];
    let table = |pick: fn((f64, f64)) -> f64| {
        let mut map = serde_json::Map::new();
        for (name, time) in times {
            map.insert(name.to_owned(), pick(time).into());
        }
        let total: f64 = times.iter().map(|(_, t)| pick(*t)).sum();
        map.insert("total".to_owned(), total.into());
        serde_json::Value::Object(map)
    };

    let output = serde_json::json!({
        "synthetic": true,
        "cases": cases.len(),
        "plan_cases": usable.len(),
        "folds": folds,
        "fold_seed": seed,
        "macro_f1": evaluation.macro_f1,
        "accuracy": evaluation.accuracy,
        "lbfgs_iterations": classifier.report().iterations,
        "seconds": table(|t| t.0),
        "cpu_seconds": table(|t| t.1),
        "check": { "probability_sum": checksum, "neighbours": found },
    });
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{}", serde_json::to_string_pretty(&output)?)?;
    Ok(())
}
