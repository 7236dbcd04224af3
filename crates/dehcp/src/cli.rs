//! Command-line arguments (clap) and dispatch to the commands.

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::commands;
use crate::exit::Failure;

/// dehcp: drafting and tracking Education, Health and Care plans, with the evidence.
#[derive(Debug, Parser)]
#[command(name = "dehcp", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Statutory deadlines for a case, with status and the regulation behind each.
    Timeline(Box<TimelineArgs>),
    /// Read advice documents (PDF, Word, ODT, RTF, HTML, email, text, images) into text with
    /// provenance.
    Ingest(IngestArgs),
    /// Show the built-in reference data (need types, the 20-item assessment, provision elements,
    /// plan sections, deadline rules, bank holidays).
    Reference(ReferenceArgs),
    /// Read advice documents and find what they say: findings in context, provision
    /// statements, summaries and a pre-filled 20-item needs assessment.
    Analyse(AnalyseArgs),
    /// Measure the engines against a labelled gold set.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Needs models: train, evaluate, show clusters, check a historic case file.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Suggest a primary need, needs cluster, provision and similar cases for a set of 20-item
    /// scores. A proposal for a professional to check, never a decision.
    Classify(ClassifyArgs),
    /// Draft an EHC plan (sections A to K) from a bundle of advice, with every statement
    /// linked to its evidence, check it, and write Word, PDF, HTML and JSON.
    Draft(Box<DraftArgs>),
    /// Re-run the plan checks on a plan file (for example after editing it).
    Check(CheckArgs),
    /// Compare two plan files statement by statement.
    Diff(DiffArgs),
    /// A walk-through on a synthetic example case.
    Demo,
}

#[derive(Debug, Args)]
pub(crate) struct DraftArgs {
    /// The files of the bundle.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<std::path::PathBuf>,
    /// Write the plan as a Word document here.
    #[arg(long, value_name = "FILE.docx")]
    pub(crate) out: Option<std::path::PathBuf>,
    /// Also write the plan as a PDF.
    #[arg(long, value_name = "FILE.pdf")]
    pub(crate) pdf: Option<std::path::PathBuf>,
    /// Also write the plan as one HTML page.
    #[arg(long, value_name = "FILE.html")]
    pub(crate) html: Option<std::path::PathBuf>,
    /// Also write the short easy-read summary for the family (HTML).
    #[arg(long, value_name = "FILE.html")]
    pub(crate) easy_read: Option<std::path::PathBuf>,
    /// Also write the structured plan (JSON), for editing and `dehcp check`.
    #[arg(long, value_name = "FILE.json")]
    pub(crate) plan: Option<std::path::PathBuf>,
    /// An edited plan (JSON) to regenerate over: edits and statements typed by a person are
    /// kept, and where the evidence changed under an edit it is listed as a conflict.
    #[arg(long, value_name = "FILE.json")]
    pub(crate) from: Option<std::path::PathBuf>,
    /// With --from: regenerate only these sections (comma-separated codes, e.g. F,E).
    #[arg(long, value_name = "CODES", requires = "from")]
    pub(crate) sections: Option<String>,
    /// Names known for the case, comma-separated: the child first, then parents or carers.
    /// They are masked before analysis.
    #[arg(long, value_name = "NAMES")]
    pub(crate) names: Option<String>,
    /// The date the plan is drafted on (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// The child's national curriculum year (Reception is 0; 12 and 13 are sixth form; up to
    /// 19 for a young person of 24). Decides the phase and Preparing for Adulthood from Year 9.
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub(crate) year: Option<i8>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub(crate) json: bool,
    /// Reject files larger than this many megabytes (default 50).
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub(crate) max_size_mb: u64,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// The plan file (JSON, as written by `dehcp draft --plan`).
    #[arg(value_name = "PLAN.json")]
    pub(crate) plan: std::path::PathBuf,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The earlier plan file (JSON).
    #[arg(value_name = "BEFORE.json")]
    pub(crate) before: std::path::PathBuf,
    /// The later plan file (JSON).
    #[arg(value_name = "AFTER.json")]
    pub(crate) after: std::path::PathBuf,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct AnalyseArgs {
    /// The files of the bundle.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<std::path::PathBuf>,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub(crate) json: bool,
    /// Names known for the case, comma-separated: the child first, then parents or carers.
    /// They are masked before analysis.
    #[arg(long, value_name = "NAMES")]
    pub(crate) names: Option<String>,
    /// The date to judge the age of advice against (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// A council's own reference dictionary (TOML) instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub(crate) dictionary: Option<std::path::PathBuf>,
    /// Reject files larger than this many megabytes (default 50).
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub(crate) max_size_mb: u64,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvalCommand {
    /// Precision, recall and F1 of findings (by polarity) and provision parts on a gold set.
    Evidence(EvalEvidenceArgs),
    /// How far a second, independent annotation of gold documents agrees with the gold's
    /// provision labels, beside the engine's agreement with each.
    Agreement(EvalAgreementArgs),
    /// How much of the child's labelled needs and strengths the bundle summary carries, on
    /// bundles of gold documents, for one or more limits on bundle candidates.
    Summary(EvalSummaryArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum ModelCommand {
    /// Train a model bundle (classifier, clusters, recommender, gate) and write DIR/model.json.
    Train(ModelTrainArgs),
    /// Cross-validated metrics of a model's primary-need classifier.
    Evaluate(ModelEvaluateArgs),
    /// A model's needs clusters: profiles, the "no EHCP" cluster, the dendrogram (JSON).
    Clusters(ModelShowArgs),
    /// Check a historic case file (CSV): every bad line is reported and nothing is imported.
    Import(ModelImportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ModelTrainArgs {
    /// Historic cases (CSV, the schema in docs/models.md).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["synthetic", "seed"])]
    pub(crate) cases: Option<std::path::PathBuf>,
    /// Train on this many synthetic reference cases instead.
    #[arg(long, value_name = "N", required_unless_present = "cases")]
    pub(crate) synthetic: Option<usize>,
    /// Seed of the synthetic population (default 1).
    #[arg(long, value_name = "S", requires = "synthetic")]
    pub(crate) seed: Option<u64>,
    /// The folder to write model.json to (created if missing).
    #[arg(long, value_name = "DIR")]
    pub(crate) out: std::path::PathBuf,
    /// The date ages are worked out on (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Folds of the stored cross-validation (0 for none; default 5).
    #[arg(long, value_name = "F", default_value_t = 5)]
    pub(crate) folds: usize,
    /// Number of needs clusters (default 10: nine needs clusters and "no EHCP").
    #[arg(long, value_name = "K", conflicts_with = "clusters_by_gap")]
    pub(crate) clusters: Option<usize>,
    /// Choose the number of clusters by the largest gap in merge heights, within MIN-MAX.
    #[arg(long, value_name = "MIN-MAX")]
    pub(crate) clusters_by_gap: Option<String>,
    /// The minimum-criteria gate's threshold (default 6).
    #[arg(long, value_name = "SCORE")]
    pub(crate) gate_threshold: Option<f64>,
}

#[derive(Debug, Args)]
pub(crate) struct ModelEvaluateArgs {
    /// The model folder (default: the built-in model trained on synthetic cases).
    #[arg(long, value_name = "DIR")]
    pub(crate) model: Option<std::path::PathBuf>,
    /// Run a fresh cross-validation with this many folds instead of showing the stored one.
    #[arg(long, value_name = "F")]
    pub(crate) folds: Option<usize>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ModelShowArgs {
    /// The model folder (default: the built-in model trained on synthetic cases).
    #[arg(long, value_name = "DIR")]
    pub(crate) model: Option<std::path::PathBuf>,
    /// Print JSON (with the full dendrogram) instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ModelImportArgs {
    /// The CSV file.
    #[arg(value_name = "FILE")]
    pub(crate) file: std::path::PathBuf,
    /// The date ages are worked out on (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Print JSON instead of a summary.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ClassifyArgs {
    /// A JSON object of item ids to scores, e.g. {"asd":3,"social_interaction":2}. Ids left
    /// out, or null, mean no evidence.
    #[arg(long, value_name = "FILE.json")]
    pub(crate) scores: std::path::PathBuf,
    /// The child's SEN2 age band: <5, 5-10, 11-15, 16-19 or 20-25 (unknown if left out).
    #[arg(long, value_name = "BAND")]
    pub(crate) age_band: Option<String>,
    /// The model folder (default: the built-in model trained on synthetic cases).
    #[arg(long, value_name = "DIR")]
    pub(crate) model: Option<std::path::PathBuf>,
    /// How many similar cases to show (default 5).
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub(crate) similar: usize,
    /// A council's threshold for one provision element, as SPn=P (repeatable; default 0.5).
    #[arg(long = "provision-threshold", value_name = "SPn=P")]
    pub(crate) provision_thresholds: Vec<String>,
    /// Print JSON instead of a report.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalEvidenceArgs {
    /// The gold set folder (with tune/ and holdout/ inside).
    #[arg(long, value_name = "DIR")]
    pub(crate) gold: std::path::PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub(crate) json: bool,
    /// Also list every false positive and false negative of the tune split, for rule tuning
    /// (hold-out mistakes are never listed: the hold-out is kept out of rule tuning).
    #[arg(long)]
    pub(crate) errors: bool,
    /// Evaluate one split only: tune or holdout (default: both).
    #[arg(long, value_name = "SPLIT", value_parser = ["tune", "holdout"])]
    pub(crate) split: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct EvalAgreementArgs {
    /// The gold set folder (with tune/ and holdout/ inside).
    #[arg(long, value_name = "DIR")]
    pub(crate) gold: std::path::PathBuf,
    /// The second annotation: tune/ and holdout/ with files named as in the gold set, the same
    /// text, and provision labels only.
    #[arg(long, value_name = "DIR")]
    pub(crate) second: std::path::PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EvalSummaryArgs {
    /// The gold set folder (with tune/ and holdout/ inside).
    #[arg(long, value_name = "DIR")]
    pub(crate) gold: std::path::PathBuf,
    /// Documents per bundle, taken in file order.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub(crate) bundle: usize,
    /// Limits on the sentences of one bundle section that enter the TextRank graph, compared
    /// on the same bundles (for example 40,60,120; default: the engine's own).
    #[arg(long, value_name = "LIST")]
    pub(crate) candidates: Option<String>,
    /// The split to read: tune (default) or holdout.
    #[arg(long, value_name = "SPLIT", value_parser = ["tune", "holdout"])]
    pub(crate) split: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct TimelineArgs {
    /// Date the request for an EHC needs assessment was received (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub(crate) received: String,
    /// Date the decision whether to assess was notified.
    #[arg(long, value_name = "DATE")]
    pub(crate) decision: Option<String>,
    /// The decision was not to assess (needs --decision).
    #[arg(long, requires = "decision")]
    pub(crate) refused: bool,
    /// Date the draft plan was served on the family.
    #[arg(long, value_name = "DATE")]
    pub(crate) draft_served: Option<String>,
    /// Date the final plan was issued.
    #[arg(long, value_name = "DATE")]
    pub(crate) final_issued: Option<String>,
    /// Any other dated event, as NAME=YYYY-MM-DD (repeatable). `dehcp reference events` lists
    /// the names, for example review_meeting=2027-05-10.
    #[arg(long = "event", value_name = "NAME=DATE")]
    pub(crate) events: Vec<String>,
    /// Outcome of the latest review: maintain, amend or cease.
    #[arg(long, value_name = "OUTCOME")]
    pub(crate) review_outcome: Option<String>,
    /// Child's month of birth (YYYY-MM), for the under-fives review guidance.
    #[arg(long, value_name = "YYYY-MM")]
    pub(crate) birth: Option<String>,
    /// An exception relied on, as GROUND:DATE:REASON (repeatable). Grounds:
    /// exceptional_personal_circumstances, away_from_area, missed_appointment. For the holiday
    /// grounds use school_closure:ADVICE_DATE:CLOSED_FROM:REOPENS:REASON.
    #[arg(long = "exception", value_name = "GROUND:DATE:REASON")]
    pub(crate) exceptions: Vec<String>,
    /// Read "before 15 February" as "by 15 February" (the default is the strict reading).
    #[arg(long)]
    pub(crate) inclusive_fixed_dates: bool,
    /// The day to judge met / due / overdue against (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) today: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct IngestArgs {
    /// The files of the bundle.
    #[arg(required = true, value_name = "FILE")]
    pub(crate) files: Vec<std::path::PathBuf>,
    /// Print JSON instead of a summary.
    #[arg(long)]
    pub(crate) json: bool,
    /// Mask personal data (names, dates of birth, NHS numbers, UPNs, postcodes, phone numbers,
    /// email and street addresses) in the output.
    #[arg(long)]
    pub(crate) redact: bool,
    /// Names known for the case, comma-separated: the child first, then parents or carers.
    #[arg(long, value_name = "NAMES")]
    pub(crate) names: Option<String>,
    /// The date to judge the age of advice against (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub(crate) as_of: Option<String>,
    /// Reject files larger than this many megabytes (default 50).
    #[arg(long, value_name = "MB", default_value_t = 50)]
    pub(crate) max_size_mb: u64,
}

#[derive(Debug, Args)]
pub(crate) struct ReferenceArgs {
    /// Which table to show.
    #[arg(value_enum)]
    pub(crate) table: ReferenceTable,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ReferenceTable {
    /// SEN2 need types and the four broad areas.
    Needs,
    /// The 20-item needs assessment with every level descriptor.
    Assessment,
    /// The 13 provision elements.
    Provision,
    /// EHC plan sections and the template layout.
    Plan,
    /// Statutory deadline rules.
    Rules,
    /// Case events the timeline accepts.
    Events,
    /// Bank holidays used for working days.
    Holidays,
}

/// Parses arguments and runs the command; every error is one line and a status of 2.
pub(crate) fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            use clap::error::ErrorKind;
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) {
                // Help and version go to stdout with status 0, as usual.
                let _ = error.print();
                return ExitCode::SUCCESS;
            }
            let rendered = error.render().to_string();
            // clap's message runs until the first blank line (a list of missing arguments may
            // follow the first line); the usage block after it is dropped.
            let head: Vec<&str> = rendered
                .lines()
                .take_while(|line| !line.trim().is_empty())
                .map(str::trim)
                .collect();
            let joined = head.join(" ");
            let message = joined.strip_prefix("error: ").unwrap_or(&joined);
            return Failure::usage(format!("{message} (see dehcp --help)")).report();
        }
    };
    let result = match cli.command {
        Command::Timeline(args) => commands::timeline::run(&args),
        Command::Ingest(args) => commands::ingest::run(&args),
        Command::Reference(args) => commands::reference::run(args.table),
        Command::Analyse(args) => commands::analyse::run(&args),
        Command::Draft(args) => commands::draft::run(&args),
        Command::Check(args) => commands::draft::check(&args),
        Command::Diff(args) => commands::draft::diff(&args),
        Command::Eval(EvalCommand::Evidence(args)) => commands::eval::run(&args),
        Command::Eval(EvalCommand::Agreement(args)) => commands::agreement::run(&args),
        Command::Eval(EvalCommand::Summary(args)) => commands::summary_eval::run(&args),
        Command::Model(command) => commands::model::run(&command),
        Command::Classify(args) => commands::classify::run(&args),
        Command::Demo => commands::demo::run(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
