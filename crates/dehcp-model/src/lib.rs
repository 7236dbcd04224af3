//! Needs models for dehcp: a seeded synthetic reference population calibrated to published
//! statistics, historic case import, the primary-need classifier with its evaluation, needs
//! clusters, the provision recommender, similar cases, the threshold gate, and the model bundle
//! (with the default model trained on the synthetic population).
//!
//! Every function is pure and deterministic given its inputs and seed: no IO, no clock (dates
//! are parameters), no global state. Results are serialisable. Everything generated says it is
//! synthetic. What the models assume and what they measured is in `docs/models.md`.

pub mod artefact;
pub mod bundle;
pub mod calibration;
pub mod case;
pub mod classifier;
pub mod cluster;
pub mod csv;
pub mod error;
pub mod evaluate;
pub mod import;
mod nearest;
pub mod population;
pub mod profile;
pub mod recommend;
pub mod rng;
pub mod similar;
pub mod threshold;

pub use artefact::{ArtefactError, ModelArtefact};
pub use bundle::{BundleError, BundleOptions, Model, ModelOutput};
pub use calibration::{NeedAgeCounts, TargetTable};
pub use case::{Case, OutcomeTheme, PanelDecision};
pub use classifier::{Classification, Classifier, TrainError, TrainingOptions};
pub use cluster::{ClusterCount, ClusterModel};
pub use error::ModelDataError;
pub use evaluate::{EvaluateError, Evaluation, cross_validate, stratified_folds};
pub use import::{ImportError, RowError, export_csv, import_csv, training_data_hash};
pub use population::{Generator, Population, PopulationParams};
pub use profile::{Profile, ProfileError};
pub use recommend::{Recommender, Thresholds};
pub use threshold::Gate;
