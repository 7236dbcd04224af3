//! `dehcp draft`, `dehcp check` and `dehcp diff`: a checked, evidence-linked draft EHC plan
//! from a bundle, the checks again on an edited plan, and the changes between two plans.
//!
//! `draft` runs ingest → analyse → assess (the pre-filled 20 items) → classify and recommend
//! (the built-in model) → draft → check, writes the files asked for, and prints a one-screen
//! summary (or `--json`). Files are written whole to a temporary name beside the target and
//! then renamed, so a failure never leaves half a plan over an earlier one. Progress goes to
//! standard error. No rules live here: everything is `dehcp_plan`.

use std::path::{Path, PathBuf};

use dehcp_domain::date::parse_iso_date;
use dehcp_domain::{AgeBand, PlanSection, PlanTemplate};
use dehcp_nlp::analysis::Engine;
use dehcp_plan::check::{CheckReport, Grade, Severity, check as run_checks};
use dehcp_plan::generate::{DraftInput, draft as draft_plan};
use dehcp_plan::versions::{Change, Conflict, diff as diff_plans, regenerate};
use dehcp_plan::{Plan, SCHEMA_VERSION, render};
use serde::Serialize;

use crate::cli::{CheckArgs, DiffArgs, DraftArgs};
use crate::commands::model::read_text;
use crate::exit::Failure;

/// What `draft --json` prints.
#[derive(Serialize)]
struct DraftSummary<'a> {
    documents: usize,
    pages: u32,
    rejected: Vec<RejectedJson>,
    synthetic: bool,
    primary_need: Option<NeedJson>,
    cluster: Option<ClusterJson>,
    sections_filled: Vec<&'static str>,
    sections_empty: Vec<&'static str>,
    checks: Counts,
    quality: Grade,
    conflicts: &'a [Conflict],
    written: Vec<String>,
    seconds: f64,
}

#[derive(Serialize)]
struct RejectedJson {
    file: String,
    error: String,
}

#[derive(Serialize)]
struct NeedJson {
    code: String,
    probability: f64,
}

#[derive(Serialize)]
struct ClusterJson {
    id: usize,
    name: String,
    no_ehcp: bool,
}

/// Check findings by severity.
#[derive(Serialize)]
struct Counts {
    error: usize,
    warning: usize,
    info: usize,
}

impl Counts {
    fn of(report: &CheckReport) -> Counts {
        Counts {
            error: report.count(Severity::Error),
            warning: report.count(Severity::Warning),
            info: report.count(Severity::Info),
        }
    }
}

/// The wall clock, for the summary's "time taken" only.
#[allow(clippy::disallowed_methods)]
fn now() -> std::time::Instant {
    std::time::Instant::now()
}

fn progress(message: &str) {
    eprintln!("dehcp draft: {message}");
}

/// The age band a national curriculum year mostly falls in (age at the start of the year is
/// year + 4, at its end year + 5).
fn age_band(year: i8) -> Option<AgeBand> {
    let age = i16::from(year) + 5;
    u8::try_from(age.max(0))
        .ok()
        .and_then(|age| AgeBand::for_age(age).ok())
}

/// Runs `dehcp draft`.
pub(crate) fn run(args: &DraftArgs) -> Result<(), Failure> {
    let started = now();
    if args.out.is_none()
        && args.pdf.is_none()
        && args.html.is_none()
        && args.plan.is_none()
        && args.easy_read.is_none()
        && !args.json
    {
        return Err(Failure::usage(
            "say where to write the plan: --out plan.docx, --pdf, --html, --easy-read or --plan",
        ));
    }
    let as_of = match &args.as_of {
        Some(text) => parse_iso_date(text).map_err(|e| Failure::usage(format!("--as-of: {e}")))?,
        None => super::today(),
    };
    if let Some(year) = args.year
        && !(-1..=19).contains(&year)
    {
        return Err(Failure::usage(format!(
            "--year: {year} is not a school year between -1 (nursery) and 19"
        )));
    }
    let previous = match &args.from {
        Some(path) => Some(read_plan(path)?),
        None => None,
    };
    let sections: Option<Vec<String>> = args.sections.as_ref().map(|list| {
        list.split(',')
            .map(|code| code.trim().to_ascii_uppercase())
            .filter(|code| !code.is_empty())
            .collect()
    });
    if let Some(list) = &sections {
        let known = |code: &str| {
            PlanSection::ALL
                .iter()
                .any(|section| section.code() == code)
        };
        if let Some(bad) = list.iter().find(|code| !known(code)) {
            return Err(Failure::usage(format!(
                "--sections: {} is not a plan section (A to K, with H1 and H2)",
                bad.chars().take(10).collect::<String>()
            )));
        }
    }

    progress(&format!("reading {} file(s)", args.files.len()));
    let engine = Engine::builtin().map_err(Failure::internal)?;
    let bundle = super::bundle::load(
        &args.files,
        args.names.as_deref(),
        as_of,
        args.max_size_mb,
        &engine,
    )?;
    if bundle.analysed.is_empty() {
        return Err(Failure::Silent(2));
    }
    progress(&format!(
        "analysed {} document(s): {} findings, {} provision statements",
        bundle.analysis.documents.len(),
        bundle.analysis.findings.len(),
        bundle.analysis.provisions.len()
    ));

    let profile =
        super::analyse::assessment_profile(&bundle.analysis, args.year.and_then(age_band))?;
    let (_, model_output) = super::classify::default_proposal(&profile)?;
    let template = PlanTemplate::builtin().map_err(Failure::internal)?;
    let documents = bundle_refs(&bundle.analysed);
    let synthetic = bundle
        .analysed
        .iter()
        .any(|document| document.text.to_lowercase().contains("synthetic"));
    let input = DraftInput {
        documents: &documents,
        metadata: &bundle.metadata,
        files: &bundle.files,
        analysis: &bundle.analysis,
        model: Some(&model_output),
        template: &template,
        as_of,
        year_group: args.year,
        synthetic,
    };
    let fresh = draft_plan(&input).map_err(|error| Failure::usage(error.to_string()))?;
    let (plan, conflicts) = match &previous {
        Some(previous) => {
            let codes: Option<Vec<&str>> = sections
                .as_ref()
                .map(|list| list.iter().map(String::as_str).collect());
            regenerate(previous, &fresh, codes.as_deref())
        }
        None => (fresh, Vec::new()),
    };
    let report = run_checks(&plan, &template);
    progress("drafted and checked; writing files");

    let mut written = Vec::new();
    if let Some(path) = &args.plan {
        let json = serde_json::to_string_pretty(&plan).map_err(Failure::internal)?;
        write_atomically(path, json.as_bytes())?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.out {
        let bytes = render::docx(&plan, &template, &report).map_err(Failure::internal)?;
        write_atomically(path, &bytes)?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.pdf {
        let bytes = render::pdf(&plan, &template, &report).map_err(Failure::internal)?;
        write_atomically(path, &bytes)?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.html {
        let page = render::html(&plan, &template, &report);
        write_atomically(path, page.as_bytes())?;
        written.push(path.display().to_string());
    }
    if let Some(path) = &args.easy_read {
        let page = render::easy_read(&plan);
        write_atomically(path, page.as_bytes())?;
        written.push(path.display().to_string());
    }

    let pages = bundle
        .analysed
        .iter()
        .map(|document| u32::try_from(document.pages.len()).unwrap_or(u32::MAX))
        .sum();
    let (filled, empty) = sections_filled(&plan);
    let summary = DraftSummary {
        documents: bundle.analysis.documents.len(),
        pages,
        rejected: bundle
            .rejected
            .into_iter()
            .map(|rejected| RejectedJson {
                file: rejected.file,
                error: rejected.error,
            })
            .collect(),
        synthetic: plan.synthetic,
        primary_need: plan
            .suggestions
            .primary_need
            .as_ref()
            .map(|(code, probability)| NeedJson {
                code: code.clone(),
                probability: *probability,
            }),
        cluster: plan
            .suggestions
            .cluster
            .as_ref()
            .map(|(id, name, no_ehcp)| ClusterJson {
                id: *id,
                name: name.clone(),
                no_ehcp: *no_ehcp,
            }),
        sections_filled: filled,
        sections_empty: empty,
        checks: Counts::of(&report),
        quality: report.overall,
        conflicts: &conflicts,
        written,
        seconds: started.elapsed().as_secs_f64(),
    };
    let any_rejected = !summary.rejected.is_empty();
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&summary).map_err(Failure::internal)?
        );
    } else {
        print_summary(&summary);
    }
    if any_rejected {
        Err(Failure::Silent(2))
    } else {
        Ok(())
    }
}

fn bundle_refs(documents: &[dehcp_ingest::Document]) -> Vec<&dehcp_ingest::Document> {
    let refs: Vec<&dehcp_ingest::Document> = documents.iter().collect();
    dehcp_nlp::analysis::bundle_documents(&refs)
        .into_iter()
        .map(|(document, _)| document)
        .collect()
}

/// Section codes with something in them, and those without, in statutory order.
fn sections_filled(plan: &Plan) -> (Vec<&'static str>, Vec<&'static str>) {
    let statements = plan.statements();
    let has = |code: &str| match code {
        "K" => !plan.advice.is_empty(),
        _ => statements.iter().any(|statement| statement.section == code),
    };
    PlanSection::ALL
        .iter()
        .map(|section| section.code())
        .partition(|code| has(code))
}

fn print_summary(summary: &DraftSummary<'_>) {
    let synthetic = if summary.synthetic {
        " · SYNTHETIC"
    } else {
        ""
    };
    outln!(
        "Draft EHC plan{synthetic}: {} document(s), {} page(s)",
        summary.documents,
        summary.pages
    );
    match &summary.primary_need {
        Some(need) => outln!(
            "  Primary need (model suggestion): {} ({:.0}%)",
            need.code,
            need.probability * 100.0
        ),
        None => outln!("  Primary need: no settled suggestion (see the plan's suggestions box)"),
    }
    if summary.cluster.is_none() {
        outln!("  Needs cluster: no settled suggestion (see the plan's suggestions box)");
    }
    if let Some(cluster) = &summary.cluster {
        let no_plan = if cluster.no_ehcp {
            " · below the threshold for a plan"
        } else {
            ""
        };
        outln!(
            "  Needs cluster (model suggestion): {} {}{no_plan}",
            cluster.id,
            cluster.name
        );
    }
    outln!("  Sections filled: {}", summary.sections_filled.join(" "));
    if !summary.sections_empty.is_empty() {
        outln!(
            "  Sections empty:  {} (I stays blank in a draft)",
            summary.sections_empty.join(" ")
        );
    }
    outln!(
        "  Checks: {} error(s), {} warning(s), {} note(s)",
        summary.checks.error,
        summary.checks.warning,
        summary.checks.info
    );
    outln!("  Quality: {}", summary.quality.label());
    if !summary.conflicts.is_empty() {
        outln!(
            "  Edits kept where the draft changed: {} (see --json)",
            summary.conflicts.len()
        );
    }
    for file in &summary.written {
        outln!("  Written: {file}");
    }
    outln!("  Time: {:.2} s", summary.seconds);
    outln!("Every statement is a proposal for a professional to check against its evidence.");
}

/// Reads a plan file, refusing one written by a different schema version.
fn read_plan(path: &Path) -> Result<Plan, Failure> {
    let name = path.display();
    let text = read_text(path)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Failure::usage(format!(
            "{name}: not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(version) if version == u64::from(SCHEMA_VERSION) => {}
        Some(version) => {
            return Err(Failure::usage(format!(
                "{name}: plan schema version {version}; this dehcp reads version {SCHEMA_VERSION}"
            )));
        }
        None => {
            return Err(Failure::usage(format!(
                "{name}: not a dehcp plan (no schema_version)"
            )));
        }
    }
    serde_json::from_value(value).map_err(|e| {
        Failure::usage(format!(
            "{name}: not a valid plan: {}",
            e.to_string().chars().take(200).collect::<String>()
        ))
    })
}

/// Writes the whole file under a temporary name in the same folder, then renames it over the
/// target, so an earlier file is never left half-overwritten.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let name = path.display();
    let file_name = path
        .file_name()
        .ok_or_else(|| Failure::usage(format!("{name}: not a file path")))?;
    let mut temporary = PathBuf::from(path);
    temporary.set_file_name(format!(".{}.dehcp-tmp", file_name.to_string_lossy()));
    std::fs::write(&temporary, bytes)
        .map_err(|error| Failure::usage(format!("{name}: could not be written ({error})")))?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        Failure::usage(format!("{name}: could not be written ({error})"))
    })
}

/// What `check --json` prints.
#[derive(Serialize)]
struct CheckJson<'a> {
    checks: Counts,
    #[serde(flatten)]
    report: &'a CheckReport,
}

/// Runs `dehcp check`.
pub(crate) fn check(args: &CheckArgs) -> Result<(), Failure> {
    let plan = read_plan(&args.plan)?;
    let template = PlanTemplate::builtin().map_err(Failure::internal)?;
    let report = run_checks(&plan, &template);
    if args.json {
        let json = CheckJson {
            checks: Counts::of(&report),
            report: &report,
        };
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(Failure::internal)?
        );
        return Ok(());
    }
    let counts = Counts::of(&report);
    outln!(
        "{}: {} error(s), {} warning(s), {} note(s) · quality {}",
        args.plan.display(),
        counts.error,
        counts.warning,
        counts.info,
        report.overall.label()
    );
    for finding in &report.findings {
        let severity = finding.severity.as_str();
        let place = match &finding.statement {
            Some(id) => format!("{} {id}", finding.section),
            None => finding.section.clone(),
        };
        outln!(
            "  {severity:<7} {} {} [{place}] {}",
            finding.code,
            finding.rule,
            finding.message
        );
    }
    for (section, grade) in &report.sections {
        outln!("  Section {section}: {}", grade.label());
    }
    Ok(())
}

/// Runs `dehcp diff`.
pub(crate) fn diff(args: &DiffArgs) -> Result<(), Failure> {
    let before = read_plan(&args.before)?;
    let after = read_plan(&args.after)?;
    let changes = diff_plans(&before, &after);
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&changes).map_err(Failure::internal)?
        );
        return Ok(());
    }
    if changes.is_empty() {
        outln!("No changes.");
    }
    for change in &changes {
        match change {
            Change::Added { id, section, text } => outln!("+ [{section} {id}] {text}"),
            Change::Removed { id, section, text } => outln!("- [{section} {id}] {text}"),
            Change::Changed {
                id,
                section,
                before,
                after,
                edited_by,
            } => {
                let by = edited_by
                    .as_ref()
                    .map(|who| format!(" (edited by {who})"))
                    .unwrap_or_default();
                outln!("~ [{section} {id}]{by}");
                outln!("    before: {before}");
                outln!("    after:  {after}");
            }
        }
    }
    Ok(())
}
