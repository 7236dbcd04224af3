//! `dehcp classify`: primary need, needs cluster, provision, similar cases and the gate for one
//! set of 20-item scores, from the built-in model or a trained one.
//!
//! The scores file is a JSON object of item ids to whole numbers. An id left out, or given as
//! null, means no evidence (never 0): the classifier and recommender use the training average
//! for it, cluster and similar-case distances leave it out, the gate counts nothing, and the
//! output lists it under `missing`. Everything printed is a proposal for a professional.

use dehcp_domain::{AgeBand, ProvisionCatalogue, ProvisionElement};
use dehcp_model::{Model, ModelOutput, Profile, Thresholds};
use serde::Serialize;

use crate::cli::ClassifyArgs;
use crate::commands::model::{load, read_text};
use crate::exit::Failure;

/// The model that answered.
#[derive(Serialize)]
struct ModelInfo<'a> {
    source: &'a str,
    created: &'a str,
    training_data_hash: &'a str,
    synthetic_training_data: bool,
}

#[derive(Serialize)]
struct ClassifyJson<'a> {
    age_band: Option<&'static str>,
    #[serde(flatten)]
    output: &'a ModelOutput,
    model: ModelInfo<'a>,
}

fn profile(args: &ClassifyArgs) -> Result<Profile, Failure> {
    let name = args.scores.display().to_string();
    let text = read_text(&args.scores)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "{name}: not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let Some(object) = value.as_object() else {
        return Err(Failure::usage(format!(
            "{name}: expected a JSON object of item ids to scores, e.g. {{\"asd\":3}}"
        )));
    };
    let mut pairs: Vec<(&str, i64)> = Vec::new();
    for (id, score) in object {
        if score.is_null() {
            continue;
        }
        let Some(score) = score.as_i64() else {
            return Err(Failure::usage(format!(
                "{name}: {}: the score must be a whole number or null",
                id.chars().take(40).collect::<String>()
            )));
        };
        pairs.push((id.as_str(), score));
    }
    let band = args
        .age_band
        .as_deref()
        .map(|text| {
            text.parse::<AgeBand>().map_err(|_| {
                Failure::usage(format!(
                    "--age-band: '{}' is not an age band: expected <5, 5-10, 11-15, 16-19 or 20-25",
                    text.chars().take(16).collect::<String>()
                ))
            })
        })
        .transpose()?;
    Profile::from_pairs(pairs, band).map_err(|e| Failure::usage(format!("{name}: {e}")))
}

fn thresholds(args: &ClassifyArgs) -> Result<Thresholds, Failure> {
    let mut thresholds = Thresholds::default();
    for given in &args.provision_thresholds {
        let bad = || {
            Failure::usage(format!(
                "--provision-threshold: '{}' is not SPn=P, for example SP1=0.6",
                given.chars().take(20).collect::<String>()
            ))
        };
        let (code, value) = given.split_once('=').ok_or_else(bad)?;
        let element: ProvisionElement = code.parse().map_err(|_| bad())?;
        let value: f64 = value.trim().parse().map_err(|_| bad())?;
        thresholds
            .set(element, value)
            .map_err(|e| Failure::usage(format!("--provision-threshold: {e}")))?;
    }
    Ok(thresholds)
}

fn json_value(
    profile: &Profile,
    output: &ModelOutput,
    record: &dehcp_model::bundle::BundleRecord,
) -> Result<serde_json::Value, Failure> {
    let json = ClassifyJson {
        age_band: profile.age_band().map(|b| b.label()),
        output,
        model: ModelInfo {
            source: &record.source,
            created: &record.created,
            training_data_hash: &record.training_data_hash,
            synthetic_training_data: record.synthetic_training_data,
        },
    };
    serde_json::to_value(&json).map_err(Failure::internal)
}

/// What `dehcp classify --json` prints for `profile` with the built-in model, the default
/// provision thresholds and the default number of similar cases, as a JSON value (used by
/// `dehcp analyse --json`).
pub(crate) fn classification_json(profile: &Profile) -> Result<serde_json::Value, Failure> {
    let (model, output) = default_proposal(profile)?;
    json_value(profile, &output, model.record())
}

/// The built-in model and its proposal for `profile`, with the default provision thresholds
/// and the default number of similar cases.
pub(crate) fn default_proposal(profile: &Profile) -> Result<(Model, ModelOutput), Failure> {
    let model = load(None)?;
    let catalogue = ProvisionCatalogue::builtin().map_err(Failure::internal)?;
    let output = model.classify(
        profile,
        &Thresholds::default(),
        dehcp_model::similar::DEFAULT_NEIGHBOURS,
        &catalogue,
    );
    Ok((model, output))
}

/// Runs the command.
pub(crate) fn run(args: &ClassifyArgs) -> Result<(), Failure> {
    let profile = profile(args)?;
    let thresholds = thresholds(args)?;
    let model = load(args.model.as_deref())?;
    let catalogue = ProvisionCatalogue::builtin().map_err(Failure::internal)?;
    let output = model.classify(&profile, &thresholds, args.similar, &catalogue);
    let record = model.record();
    if args.json {
        let json = json_value(&profile, &output, record)?;
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(Failure::internal)?
        );
        return Ok(());
    }
    report(&output, &record.source);
    Ok(())
}

fn report(output: &ModelOutput, source: &str) {
    outln!("Proposal for a professional to check (model: {source})");
    outln!();
    out!(
        "Primary need: {} {:.0}%",
        output.primary_need.code,
        output.primary_need.probability * 100.0
    );
    for alternative in &output.alternatives {
        out!(
            "; {} {:.0}%",
            alternative.code,
            alternative.probability * 100.0
        );
    }
    outln!(
        "{}",
        if output.primary_need_settled {
            ""
        } else {
            " (not settled: depends on the unscored items)"
        }
    );
    let cluster = &output.cluster;
    outln!(
        "Needs cluster: {}{} ({}), distance {:.2}, confidence {:.2}{}",
        cluster.id,
        if cluster.no_ehcp { ", no EHCP" } else { "" },
        cluster.label,
        cluster.distance,
        cluster.confidence,
        if cluster.settled {
            ""
        } else {
            " (not settled: depends on the unscored items)"
        }
    );
    outln!(
        "Gate: score {:.1}, threshold {:.1}: {}",
        output.gate.score,
        output.gate.threshold,
        if output.gate.passes {
            "meets the minimum criteria"
        } else {
            "below the minimum criteria"
        }
    );
    outln!();
    outln!(
        "Provision (+ recommended, ? not settled: changes when unscored items are read as 0; \
         probability, council threshold):"
    );
    for p in &output.provisions {
        outln!(
            "  {}{} {:<5}{:>4.0}%  {:.2}  {}",
            if p.recommended { "+" } else { " " },
            if p.settled { " " } else { "?" },
            p.id,
            p.probability * 100.0,
            p.threshold,
            p.name
        );
    }
    outln!();
    outln!("Similar cases:");
    for case in &output.similar {
        outln!(
            "  {:<12} distance {:>5.2}  {:<6} {:<5} {:<8} {}",
            case.case_ref,
            case.distance,
            case.age_band,
            case.primary_need.as_deref().unwrap_or("-"),
            case.panel_decision,
            case.provision.join(" ")
        );
    }
    outln!();
    outln!("Why:");
    for line in &output.explanation {
        outln!("  {line}");
    }
}
