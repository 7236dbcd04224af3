//! The model bundle: the primary-need classifier, the needs clusters, the provision
//! recommender, the threshold gate and the training cases (for similar cases), as one JSON
//! artefact with a schema version and the training data's hash. And the default model: trained
//! on the synthetic reference population, committed as `data/default-model.json` and compiled
//! in.
//!
//! **Why committed, not trained on first use.** Training the default model takes about a
//! quarter of a second in a release build but several seconds in a debug build, which every
//! command-line test would pay; a committed file costs a JSON parse. The file is regenerated
//! with `cargo run --release -p dehcp-model --example default-model > \
//! crates/dehcp-model/data/default-model.json` and a test checks that regenerating gives the
//! same bytes.
//!
//! **Integrity.** The training cases are stored as their canonical CSV
//! ([`crate::import::export_csv`]); loading checks the schema version first, then the kind, then
//! that the CSV's SHA-256 is the recorded training-data hash, then re-imports the cases and
//! checks every model's shapes. Each failure is a typed [`BundleError`].
//!
//! Pure: no IO, no clock (the creation date is a parameter).

use dehcp_domain::ProvisionCatalogue;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Date, Month};

use crate::case::Case;
use crate::classifier::{
    Classification, Classifier, ClassifierRecord, NeedProbability, TrainError, TrainingOptions,
};
use crate::cluster::{Assignment, ClusterCount, ClusterError, ClusterModel};
use crate::evaluate::{EvaluateError, Evaluation, cross_validate};
use crate::import::{export_csv, import_csv, training_data_hash};
use crate::population::{GenerateError, Generator};
use crate::profile::Profile;
use crate::recommend::{ProvisionProposal, Recommender, Thresholds};
use crate::similar::{CaseIndex, SimilarCase};
use crate::threshold::{Gate, GateResult};

/// The bundle schema this build writes and reads.
pub const BUNDLE_SCHEMA_VERSION: u32 = 1;

/// The kind recorded in a bundle.
pub const BUNDLE_KIND: &str = "dehcp-model/bundle";

/// The default model's number of synthetic cases.
pub const DEFAULT_CASES: usize = 3_000;
/// The default model's population seed (also the fold shuffle's seed).
pub const DEFAULT_SEED: u64 = 1;
/// Folds of the evaluation stored with a trained bundle. The committed default model stores
/// none (cross-validation would make its regeneration test several times slower in a debug
/// build); `dehcp model evaluate` runs it when asked.
pub const DEFAULT_FOLDS: usize = 5;

/// The committed default model.
const DEFAULT_MODEL_JSON: &str = include_str!("../data/default-model.json");

/// The default model's reference date (ages are worked out on it) and creation date.
pub fn default_reference_date() -> Date {
    Date::from_calendar_date(2026, Month::January, 15).unwrap_or(Date::MIN)
}

/// How to train a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleOptions {
    /// Classifier and recommender training.
    pub training: TrainingOptions,
    /// How many clusters.
    pub clusters: ClusterCount,
    /// The threshold gate.
    pub gate: Gate,
    /// Folds of the stored cross-validation (none when 0).
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub fold_seed: u64,
}

impl Default for BundleOptions {
    fn default() -> Self {
        BundleOptions {
            training: TrainingOptions::default(),
            clusters: ClusterCount::default(),
            gate: Gate::default(),
            folds: DEFAULT_FOLDS,
            fold_seed: DEFAULT_SEED,
        }
    }
}

/// The bundle as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleRecord {
    /// [`BUNDLE_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// [`BUNDLE_KIND`].
    pub kind: String,
    /// The crate version that wrote it.
    pub crate_version: String,
    /// Creation date, `YYYY-MM-DD`, as given.
    pub created: String,
    /// The date the training cases' age bands were worked out on.
    pub reference_date: String,
    /// Where the training cases came from, in words.
    pub source: String,
    /// SHA-256 of `training_csv`.
    pub training_data_hash: String,
    /// Number of training cases.
    pub training_cases: usize,
    /// Whether every training case was synthetic.
    pub synthetic_training_data: bool,
    /// How it was trained.
    pub options: BundleOptions,
    /// The primary-need classifier.
    pub classifier: ClassifierRecord,
    /// Its cross-validation, when folds were asked for.
    pub evaluation: Option<Evaluation>,
    /// The needs clusters.
    pub clusters: ClusterModel,
    /// The provision recommender.
    pub recommender: Recommender,
    /// The training cases, as canonical CSV.
    pub training_csv: String,
}

/// A loaded or trained model bundle.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    record: BundleRecord,
    classifier: Classifier,
    cases: Vec<Case>,
    index: CaseIndex,
}

/// A bundle could not be trained, loaded or checked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BundleError {
    /// Not JSON, or not a bundle's shape.
    #[error("the model is corrupt: {0}")]
    Corrupt(String),
    /// Written by another schema version.
    #[error(
        "the model has schema version {found}; this dehcp reads version {expected}: retrain it"
    )]
    SchemaVersion {
        /// The version in the file.
        found: u32,
        /// [`BUNDLE_SCHEMA_VERSION`].
        expected: u32,
    },
    /// Another kind of artefact.
    #[error("the file holds a '{0}', not a dehcp model bundle")]
    Kind(String),
    /// The stored training cases do not match their hash.
    #[error("the model's training data does not match its recorded hash")]
    Hash,
    /// Parts that do not fit together.
    #[error("the model is inconsistent: {0}")]
    Inconsistent(String),
    /// Training failed.
    #[error("training failed: {0}")]
    Train(#[from] TrainError),
    /// Clustering failed.
    #[error("clustering failed: {0}")]
    Cluster(#[from] ClusterError),
    /// Cross-validation failed.
    #[error("evaluation failed: {0}")]
    Evaluate(#[from] EvaluateError),
    /// The synthetic population could not be generated.
    #[error("the synthetic population could not be generated: {0}")]
    Generate(String),
}

impl From<GenerateError> for BundleError {
    fn from(error: GenerateError) -> Self {
        BundleError::Generate(error.to_string())
    }
}

/// Everything the bundle says about one profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelOutput {
    /// The most likely primary need.
    pub primary_need: NeedProbability,
    /// Whether the primary need stays the same when every unscored item is read as 0 (no
    /// need) instead of the training average; always true for a complete profile.
    #[serde(default = "crate::cluster::settled_by_default")]
    pub primary_need_settled: bool,
    /// The next two.
    pub alternatives: Vec<NeedProbability>,
    /// The nearest needs cluster.
    pub cluster: Assignment,
    /// SP1–SP13: probability, threshold and whether recommended.
    pub provisions: Vec<ProvisionProposal>,
    /// The most similar training cases.
    pub similar: Vec<SimilarCase>,
    /// The threshold gate.
    pub gate: GateResult,
    /// Item ids with no score (no evidence).
    pub missing: Vec<String>,
    /// The explanation in words: need, cluster, provision, gate, missing items.
    pub explanation: Vec<String>,
    /// The full classification (every probability and contribution).
    pub classification: Classification,
    /// Whether the model was trained on synthetic cases only.
    pub synthetic_model: bool,
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Model {
    /// Trains every part on `cases`, whose age bands were worked out on `reference`.
    pub fn train(
        cases: Vec<Case>,
        source: &str,
        reference: Date,
        created: Date,
        options: &BundleOptions,
    ) -> Result<Model, BundleError> {
        options
            .gate
            .check()
            .map_err(|e| BundleError::Inconsistent(e.to_string()))?;
        let classifier = Classifier::train(&cases, &options.training)?;
        let evaluation = if options.folds > 0 {
            Some(cross_validate(
                &cases,
                options.folds,
                options.fold_seed,
                &options.training,
            )?)
        } else {
            None
        };
        let clusters = ClusterModel::fit(&cases, options.clusters, options.gate)?;
        let recommender = Recommender::train(&cases, &options.training)?;
        let training_csv = export_csv(&cases);
        let record = BundleRecord {
            schema_version: BUNDLE_SCHEMA_VERSION,
            kind: BUNDLE_KIND.to_owned(),
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            created: created.to_string(),
            reference_date: reference.to_string(),
            source: source.to_owned(),
            training_data_hash: training_data_hash(&cases),
            training_cases: cases.len(),
            synthetic_training_data: !cases.is_empty() && cases.iter().all(|c| c.synthetic),
            options: *options,
            classifier: classifier.to_record(),
            evaluation,
            clusters,
            recommender,
            training_csv,
        };
        let index = CaseIndex::new(&cases, record.clusters.standardiser.clone());
        Ok(Model {
            record,
            classifier,
            cases,
            index,
        })
    }

    /// Trains the default model: [`DEFAULT_CASES`] synthetic cases from seed [`DEFAULT_SEED`] on
    /// [`default_reference_date`], with the default options but no stored evaluation.
    pub fn train_default() -> Result<Model, BundleError> {
        let options = BundleOptions {
            folds: 0,
            ..BundleOptions::default()
        };
        Self::train_synthetic(
            DEFAULT_CASES,
            DEFAULT_SEED,
            default_reference_date(),
            default_reference_date(),
            &options,
        )
    }

    /// Trains on `n` synthetic cases from `seed` with ages on `reference`, created `created`.
    pub fn train_synthetic(
        n: usize,
        seed: u64,
        reference: Date,
        created: Date,
        options: &BundleOptions,
    ) -> Result<Model, BundleError> {
        let generator = Generator::builtin().map_err(|e| BundleError::Generate(e.to_string()))?;
        let population = generator.generate(n, seed, reference)?;
        Self::train(
            population.cases,
            &population.source,
            reference,
            created,
            options,
        )
    }

    /// The committed default model.
    pub fn default_model() -> Result<Model, BundleError> {
        Self::from_json(DEFAULT_MODEL_JSON)
    }

    /// The bundle as compact JSON (one line and a final newline; the dendrogram and the
    /// training cases make a pretty-printed file half as large again).
    pub fn to_json(&self) -> Result<String, BundleError> {
        let mut text =
            serde_json::to_string(&self.record).map_err(|e| BundleError::Corrupt(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a bundle: schema version, kind, hash, cases, then every part's shapes.
    pub fn from_json(text: &str) -> Result<Model, BundleError> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| BundleError::Corrupt(e.to_string()))?;
        if version.schema_version != BUNDLE_SCHEMA_VERSION {
            return Err(BundleError::SchemaVersion {
                found: version.schema_version,
                expected: BUNDLE_SCHEMA_VERSION,
            });
        }
        #[derive(Deserialize)]
        struct Kind {
            kind: String,
        }
        let kind: Kind =
            serde_json::from_str(text).map_err(|e| BundleError::Corrupt(e.to_string()))?;
        if kind.kind != BUNDLE_KIND {
            return Err(BundleError::Kind(kind.kind.chars().take(60).collect()));
        }
        let record: BundleRecord =
            serde_json::from_str(text).map_err(|e| BundleError::Corrupt(e.to_string()))?;
        if sha256_hex(&record.training_csv) != record.training_data_hash {
            return Err(BundleError::Hash);
        }
        let reference =
            dehcp_domain::date::parse_iso_date(&record.reference_date).map_err(|_| {
                BundleError::Inconsistent("the reference date is not a date".to_owned())
            })?;
        let cases = import_csv(&record.training_csv, reference)
            .map_err(|e| BundleError::Inconsistent(format!("training cases: {e}")))?;
        if cases.len() != record.training_cases || cases.len() != record.clusters.cases {
            return Err(BundleError::Inconsistent(
                "the number of training cases does not match".to_owned(),
            ));
        }
        let classifier = Classifier::from_record(record.classifier.clone())
            .map_err(BundleError::Inconsistent)?;
        record.clusters.check()?;
        record
            .recommender
            .check()
            .map_err(BundleError::Inconsistent)?;
        let index = CaseIndex::new(&cases, record.clusters.standardiser.clone());
        Ok(Model {
            record,
            classifier,
            cases,
            index,
        })
    }

    /// The stored record (metadata, evaluation, clusters …).
    pub fn record(&self) -> &BundleRecord {
        &self.record
    }

    /// The classifier.
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The training cases.
    pub fn cases(&self) -> &[Case] {
        &self.cases
    }

    /// Runs every model on a profile: primary need, cluster, provision, similar cases and the
    /// gate, with an explanation.
    pub fn classify(
        &self,
        profile: &Profile,
        thresholds: &Thresholds,
        neighbours: usize,
        catalogue: &ProvisionCatalogue,
    ) -> ModelOutput {
        let classification = self.classifier.classify_profile(profile);
        let cluster = self.record.clusters.assign(profile);
        let mut recommendation = self
            .record
            .recommender
            .recommend(profile, thresholds, catalogue);
        // Unscored items are read as the training average; read them as 0 (no need) too, and
        // mark what changes as not settled.
        let mut primary_need_settled = true;
        if !profile.missing().is_empty() {
            let zeroed = profile.with_unscored_as_zero();
            let other = self.classifier.classify_profile(&zeroed);
            primary_need_settled = other.primary_need.code == classification.primary_need.code;
            let other = self
                .record
                .recommender
                .recommend(&zeroed, thresholds, catalogue);
            for (mine, theirs) in recommendation.provisions.iter_mut().zip(&other.provisions) {
                mine.settled = mine.recommended == theirs.recommended;
            }
        }
        let similar = self.index.nearest(&self.cases, profile, neighbours);
        let gate = self.record.clusters.gate.apply(profile);
        let missing: Vec<String> = profile
            .missing()
            .iter()
            .map(|m| m.id().to_owned())
            .collect();
        let mut explanation = classification.explanation.clone();
        explanation.push(format!(
            "Nearest needs cluster: {} ({}), distance {:.2}, confidence {:.2}{}.",
            cluster.id,
            cluster.label,
            cluster.distance,
            cluster.confidence,
            if cluster.within_typical {
                ""
            } else {
                "; further out than most of its cases"
            }
        ));
        if !cluster.settled {
            explanation.push(format!(
                "The nearest needs cluster is not settled: {} of the 20 items have no score, and \
                 reading them as 0 gives a different cluster. Score them before relying on it.",
                cluster.unscored
            ));
        }
        if !primary_need_settled {
            explanation.push(
                "The primary need is not settled: reading the unscored items as 0 instead of the \
                 training average gives a different need."
                    .to_owned(),
            );
        }
        explanation.extend(recommendation.explanation.iter().cloned());
        let unsettled: Vec<&str> = recommendation
            .provisions
            .iter()
            .filter(|p| !p.settled)
            .map(|p| p.id.as_str())
            .collect();
        if !unsettled.is_empty() {
            explanation.push(format!(
                "Not settled: {} change(s) when the unscored items are read as 0 instead of the \
                 training average.",
                unsettled.join(", ")
            ));
        }
        explanation.push(format!(
            "Minimum-criteria gate: score {:.1} against threshold {:.1}: {}.",
            gate.score,
            gate.threshold,
            if gate.passes { "meets it" } else { "below it" }
        ));
        if !missing.is_empty() {
            explanation.push(format!(
                "No evidence for {} item(s) ({}): the models used the training average for them \
                 and the gate counted nothing.",
                missing.len(),
                missing.join(", ")
            ));
        }
        ModelOutput {
            primary_need: classification.primary_need.clone(),
            primary_need_settled,
            alternatives: classification.alternatives.clone(),
            cluster,
            provisions: recommendation.provisions,
            similar,
            gate,
            missing,
            explanation,
            classification,
            synthetic_model: self.record.synthetic_training_data,
        }
    }
}
