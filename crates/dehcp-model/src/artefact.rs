//! Model artefacts: a trained classifier with its schema version, training-data hash,
//! parameters, metrics and creation date, as JSON.
//!
//! Loading checks the schema version before anything else, so an artefact from another version
//! is refused with [`ArtefactError::SchemaVersion`] rather than misread; corrupt JSON and
//! inconsistent parameters are their own typed errors. The creation date is a parameter: this
//! crate never reads the clock.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::case::Case;
use crate::classifier::{Classifier, ClassifierRecord, TrainingOptions};
use crate::evaluate::Evaluation;
use crate::import::training_data_hash;

/// The artefact schema this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// What kind of model an artefact holds.
pub const KIND: &str = "dehcp-model/primary-need-classifier";

/// A trained primary-need classifier with everything needed to trust and reproduce it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelArtefact {
    /// [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// [`KIND`].
    pub kind: String,
    /// The crate version that wrote it.
    pub crate_version: String,
    /// Creation date, `YYYY-MM-DD`, as given by the caller.
    pub created: String,
    /// SHA-256 of the canonical CSV of the training cases ([`training_data_hash`]).
    pub training_data_hash: String,
    /// Number of training cases given (all of them, before filtering to plans).
    pub training_cases: usize,
    /// Whether every training case was synthetic.
    pub synthetic_training_data: bool,
    /// How it was trained.
    pub options: TrainingOptions,
    /// The classifier's parameters.
    pub classifier: ClassifierRecord,
    /// Cross-validated metrics, when an evaluation was run.
    pub evaluation: Option<Evaluation>,
}

/// An artefact could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArtefactError {
    /// Not JSON, or not an artefact's shape.
    #[error("the model artefact is corrupt: {0}")]
    Corrupt(String),
    /// Written by a different schema version.
    #[error(
        "the model artefact has schema version {found}; this dehcp reads version {expected}: retrain the model"
    )]
    SchemaVersion {
        /// The version in the file.
        found: u32,
        /// [`SCHEMA_VERSION`].
        expected: u32,
    },
    /// Another kind of model.
    #[error("the file holds a '{0}' model, not a primary-need classifier")]
    Kind(String),
    /// Shapes or numbers that do not fit together.
    #[error("the model artefact is inconsistent: {0}")]
    Inconsistent(String),
}

impl ModelArtefact {
    /// Packages a trained classifier with the cases it was trained on.
    pub fn new(
        classifier: &Classifier,
        cases: &[Case],
        options: TrainingOptions,
        evaluation: Option<Evaluation>,
        created: Date,
    ) -> Self {
        ModelArtefact {
            schema_version: SCHEMA_VERSION,
            kind: KIND.to_owned(),
            crate_version: env!("CARGO_PKG_VERSION").to_owned(),
            created: created.to_string(),
            training_data_hash: training_data_hash(cases),
            training_cases: cases.len(),
            synthetic_training_data: !cases.is_empty() && cases.iter().all(|c| c.synthetic),
            options,
            classifier: classifier.to_record(),
            evaluation,
        }
    }

    /// The artefact as pretty-printed JSON.
    pub fn to_json(&self) -> Result<String, ArtefactError> {
        serde_json::to_string_pretty(self).map_err(|e| ArtefactError::Corrupt(e.to_string()))
    }

    /// Reads an artefact, checking its schema version first, then its kind and parameters.
    pub fn from_json(text: &str) -> Result<(ModelArtefact, Classifier), ArtefactError> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: u32,
        }
        let version: Version =
            serde_json::from_str(text).map_err(|e| ArtefactError::Corrupt(e.to_string()))?;
        if version.schema_version != SCHEMA_VERSION {
            return Err(ArtefactError::SchemaVersion {
                found: version.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        let artefact: ModelArtefact =
            serde_json::from_str(text).map_err(|e| ArtefactError::Corrupt(e.to_string()))?;
        if artefact.kind != KIND {
            return Err(ArtefactError::Kind(
                artefact.kind.chars().take(60).collect(),
            ));
        }
        let hash_ok = artefact.training_data_hash.len() == 64
            && artefact
                .training_data_hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit());
        if !hash_ok {
            return Err(ArtefactError::Inconsistent(
                "the training-data hash is not 64 hexadecimal digits".to_owned(),
            ));
        }
        let classifier = Classifier::from_record(artefact.classifier.clone())
            .map_err(ArtefactError::Inconsistent)?;
        Ok((artefact, classifier))
    }
}
