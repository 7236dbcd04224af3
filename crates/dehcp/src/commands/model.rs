//! `dehcp model train | evaluate | clusters | import`: the needs models on the command line.
//!
//! `train` writes `DIR/model.json` (a `dehcp_model::Model` bundle) from a historic case file or
//! the synthetic reference population; `evaluate` shows a model's cross-validated metrics (the
//! stored ones, or a fresh run with `--folds`); `clusters` shows the needs clusters; `import`
//! checks a case file and reports it, listing every bad line on standard error with exit 2.
//! Without `--model` the built-in model (trained on synthetic cases) is used. No rules here:
//! everything is in `dehcp-model`.

use std::path::{Path, PathBuf};

use dehcp_domain::date::parse_iso_date;
use dehcp_model::bundle::{BundleOptions, DEFAULT_SEED};
use dehcp_model::cluster::ClusterCount;
use dehcp_model::evaluate::Evaluation;
use dehcp_model::{ClusterModel, Gate, ImportError, Model, PanelDecision, cross_validate};
use serde::Serialize;
use time::Date;

use crate::cli::{ModelCommand, ModelEvaluateArgs, ModelImportArgs, ModelShowArgs, ModelTrainArgs};
use crate::exit::Failure;

/// Files larger than this are refused (a 10,000-case CSV is about 1.5 MB).
const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

/// Runs one `model` subcommand.
pub(crate) fn run(command: &ModelCommand) -> Result<(), Failure> {
    match command {
        ModelCommand::Train(args) => train(args),
        ModelCommand::Evaluate(args) => evaluate(args),
        ModelCommand::Clusters(args) => clusters(args),
        ModelCommand::Import(args) => import(args),
    }
}

/// Reads a UTF-8 text file, with one-line errors naming the file.
pub(crate) fn read_text(path: &Path) -> Result<String, Failure> {
    let name = path.display();
    let size = std::fs::metadata(path)
        .map_err(|error| Failure::usage(format!("{name}: could not be read ({error})")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(Failure::usage(format!(
            "{name}: larger than {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|error| Failure::usage(format!("{name}: could not be read ({error})")))?;
    String::from_utf8(bytes).map_err(|_| Failure::usage(format!("{name}: not UTF-8 text")))
}

/// The model in `folder` (its `model.json`, or the file itself), or the built-in one.
pub(crate) fn load(folder: Option<&Path>) -> Result<Model, Failure> {
    let Some(folder) = folder else {
        return Model::default_model().map_err(Failure::internal);
    };
    let file: PathBuf = if folder.is_dir() {
        folder.join("model.json")
    } else {
        folder.to_path_buf()
    };
    let text = read_text(&file)?;
    Model::from_json(&text).map_err(|error| Failure::usage(format!("{}: {error}", file.display())))
}

fn as_of(text: Option<&String>) -> Result<Date, Failure> {
    match text {
        Some(text) => parse_iso_date(text).map_err(|e| Failure::usage(format!("--as-of: {e}"))),
        None => Ok(super::today()),
    }
}

fn import_file(path: &Path, reference: Date) -> Result<Vec<dehcp_model::Case>, Failure> {
    let text = read_text(path)?;
    dehcp_model::import_csv(&text, reference).map_err(|error| {
        let name = path.display();
        match error {
            ImportError::Invalid(rows) => {
                for row in &rows {
                    eprintln!("error: {name}: {row}");
                }
                eprintln!("error: {name}: {} problem(s); nothing imported", rows.len());
                Failure::Silent(2)
            }
            other => Failure::usage(format!("{name}: {other}")),
        }
    })
}

fn train(args: &ModelTrainArgs) -> Result<(), Failure> {
    let reference = as_of(args.as_of.as_ref())?;
    let created = super::today();
    let clusters = match (&args.clusters, &args.clusters_by_gap) {
        (Some(k), _) => ClusterCount::Fixed(*k),
        (None, Some(range)) => {
            let parsed = range
                .split_once('-')
                .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)));
            let Some((min, max)) = parsed else {
                return Err(Failure::usage(format!(
                    "--clusters-by-gap: '{range}' is not MIN-MAX, for example 5-15"
                )));
            };
            ClusterCount::LargestGap { min, max }
        }
        (None, None) => ClusterCount::default(),
    };
    let mut gate = Gate::default();
    if let Some(threshold) = args.gate_threshold {
        gate.threshold = threshold;
    }
    gate.check().map_err(Failure::usage)?;
    let options = BundleOptions {
        clusters,
        gate,
        folds: args.folds,
        fold_seed: args.seed.unwrap_or(DEFAULT_SEED),
        ..BundleOptions::default()
    };
    let model = match (&args.cases, args.synthetic) {
        (Some(path), _) => {
            let cases = import_file(path, reference)?;
            let source = format!(
                "historic cases from {} ({} rows)",
                path.file_name()
                    .map_or_else(|| "the file".into(), |n| n.to_string_lossy()),
                cases.len()
            );
            Model::train(cases, &source, reference, created, &options)
        }
        (None, Some(n)) => Model::train_synthetic(
            n,
            args.seed.unwrap_or(DEFAULT_SEED),
            reference,
            created,
            &options,
        ),
        (None, None) => {
            return Err(Failure::usage("give --cases FILE or --synthetic N"));
        }
    }
    .map_err(Failure::usage)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Failure::usage(format!("{}: {e}", args.out.display())))?;
    let file = args.out.join("model.json");
    let json = model.to_json().map_err(Failure::internal)?;
    std::fs::write(&file, json).map_err(|e| Failure::usage(format!("{}: {e}", file.display())))?;
    let record = model.record();
    outln!("Wrote {}", file.display());
    outln!("  source: {}", record.source);
    outln!(
        "  training cases: {} (synthetic: {})",
        record.training_cases,
        if record.synthetic_training_data {
            "yes"
        } else {
            "no"
        }
    );
    outln!("  training-data hash: {}", record.training_data_hash);
    outln!(
        "  clusters: {} ({})",
        record.clusters.k,
        record.clusters.criterion
    );
    if let Some(evaluation) = &record.evaluation {
        outln!(
            "  {}-fold cross-validation: accuracy {:.3}, macro-F1 {:.3}, Brier {:.3}",
            evaluation.folds,
            evaluation.accuracy,
            evaluation.macro_f1,
            evaluation.brier
        );
    }
    Ok(())
}

#[derive(Serialize)]
struct EvaluateJson<'a> {
    source: &'a str,
    training_data_hash: &'a str,
    synthetic_training_data: bool,
    /// True when computed now, false when read from the model.
    fresh: bool,
    evaluation: &'a Evaluation,
}

fn evaluate(args: &ModelEvaluateArgs) -> Result<(), Failure> {
    let model = load(args.model.as_deref())?;
    let record = model.record();
    let stored = record.evaluation.as_ref().filter(|_| args.folds.is_none());
    let computed;
    let (evaluation, fresh) = match stored {
        Some(evaluation) => (evaluation, false),
        None => {
            let folds = args.folds.unwrap_or(dehcp_model::bundle::DEFAULT_FOLDS);
            computed = cross_validate(
                model.cases(),
                folds,
                record.options.fold_seed,
                &record.options.training,
            )
            .map_err(Failure::usage)?;
            (&computed, true)
        }
    };
    if args.json {
        let json = EvaluateJson {
            source: &record.source,
            training_data_hash: &record.training_data_hash,
            synthetic_training_data: record.synthetic_training_data,
            fresh,
            evaluation,
        };
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(Failure::internal)?
        );
        return Ok(());
    }
    outln!("Model trained on: {}", record.source);
    outln!(
        "Stratified {}-fold cross-validation of the primary-need classifier ({} plan cases, fold seed {}{}):",
        evaluation.folds,
        evaluation.cases,
        evaluation.seed,
        if fresh { "" } else { "; stored with the model" }
    );
    outln!(
        "  accuracy {:.3}   macro-F1 {:.3}   Brier {:.3}",
        evaluation.accuracy,
        evaluation.macro_f1,
        evaluation.brier
    );
    outln!();
    outln!(
        "  {:<6}{:>9}{:>11}{:>8}{:>7}",
        "need",
        "support",
        "precision",
        "recall",
        "F1"
    );
    for class in &evaluation.per_class {
        outln!(
            "  {:<6}{:>9}{:>11.3}{:>8.3}{:>7.3}",
            class.code,
            class.support,
            class.precision,
            class.recall,
            class.f1
        );
    }
    outln!();
    outln!("Confusion matrix (rows: recorded need, columns: predicted):");
    out!("  {:<6}", "");
    for code in &evaluation.classes {
        out!("{code:>6}");
    }
    outln!();
    for (code, row) in evaluation.classes.iter().zip(&evaluation.confusion) {
        out!("  {code:<6}");
        for count in row {
            out!("{count:>6}");
        }
        outln!();
    }
    if record.synthetic_training_data {
        outln!();
        outln!(
            "These figures measure how well the model recovers the synthetic generator's own \
             profiles; they say nothing about real cases."
        );
    }
    Ok(())
}

fn clusters(args: &ModelShowArgs) -> Result<(), Failure> {
    let model = load(args.model.as_deref())?;
    let clusters: &ClusterModel = &model.record().clusters;
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(clusters).map_err(Failure::internal)?
        );
        return Ok(());
    }
    outln!(
        "{} needs clusters of {} cases (Ward linkage on standardised scores and age band; {})",
        clusters.k,
        clusters.cases,
        clusters.criterion
    );
    outln!(
        "Gate: degree items × {}, ability items × {}, flags × {}; threshold {}",
        clusters.gate.degree_weight,
        clusters.gate.ability_weight,
        clusters.gate.flag_weight,
        clusters.gate.threshold
    );
    outln!();
    for cluster in &clusters.clusters {
        outln!(
            "Cluster {}{}: {} cases; {}",
            cluster.id,
            if cluster.no_ehcp { " (no EHCP)" } else { "" },
            cluster.size,
            cluster.label
        );
        let needs: Vec<String> = cluster
            .primary_needs
            .iter()
            .take(3)
            .map(|n| format!("{} {:.0}%", n.id, n.value * 100.0))
            .collect();
        let mut scores = cluster.mean_scores.clone();
        scores.sort_by(|a, b| b.value.total_cmp(&a.value));
        let top: Vec<String> = scores
            .iter()
            .take(4)
            .map(|s| format!("{} {:.1}", s.id, s.value))
            .collect();
        let provision: Vec<String> = cluster
            .provision_rates
            .iter()
            .filter(|p| p.value >= 0.5)
            .map(|p| format!("{} {:.0}%", p.id, p.value * 100.0))
            .collect();
        outln!("  primary needs: {}", needs.join(", "));
        outln!("  highest mean scores: {}", top.join(", "));
        outln!(
            "  no-plan decisions {:.0}%, mean gate score {:.1}",
            cluster.no_plan_share * 100.0,
            cluster.mean_gate_score
        );
        outln!(
            "  provision received by half or more: {}",
            if provision.is_empty() {
                "none".to_owned()
            } else {
                provision.join(", ")
            }
        );
    }
    outln!();
    outln!(
        "The dendrogram ({} merges) is in the --json output.",
        clusters.dendrogram.len()
    );
    Ok(())
}

#[derive(Serialize)]
struct ImportJson {
    valid: bool,
    cases: usize,
    plans: usize,
    no_plan: usize,
    synthetic: usize,
    training_data_hash: String,
    primary_needs: Vec<(String, usize)>,
}

fn import(args: &ModelImportArgs) -> Result<(), Failure> {
    let reference = as_of(args.as_of.as_ref())?;
    let cases = import_file(&args.file, reference)?;
    let plans = cases
        .iter()
        .filter(|c| c.panel_decision == PanelDecision::Plan)
        .count();
    let mut needs: Vec<(String, usize)> = Vec::new();
    for need in dehcp_domain::Sen2Need::ALL {
        let count = cases
            .iter()
            .filter(|c| c.primary_need == Some(need))
            .count();
        if count > 0 {
            needs.push((need.code().to_owned(), count));
        }
    }
    let report = ImportJson {
        valid: true,
        cases: cases.len(),
        plans,
        no_plan: cases.len() - plans,
        synthetic: cases.iter().filter(|c| c.synthetic).count(),
        training_data_hash: dehcp_model::training_data_hash(&cases),
        primary_needs: needs,
    };
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(Failure::internal)?
        );
        return Ok(());
    }
    outln!(
        "{}: {} valid cases ({} plans, {} no plan; {} synthetic)",
        args.file.display(),
        report.cases,
        report.plans,
        report.no_plan,
        report.synthetic
    );
    let needs: Vec<String> = report
        .primary_needs
        .iter()
        .map(|(code, count)| format!("{code} {count}"))
        .collect();
    outln!("  primary needs: {}", needs.join(", "));
    outln!("  training-data hash: {}", report.training_data_hash);
    outln!(
        "  dehcp has no case store yet: train on the file with `dehcp model train --cases FILE --out DIR`."
    );
    Ok(())
}
