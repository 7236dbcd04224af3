//! The pure core of dehcp: the vocabulary of special educational needs and EHC plans, personal
//! identifiers with their check digits, the case lifecycle and the statutory clock.
//!
//! Everything here is deterministic and synchronous. The crate never reads the clock, the
//! filesystem, the environment or the network, and it holds no global state: today's date,
//! identifiers and any council-specific data are always parameters. That is what lets every
//! statutory rule be tested with hand-worked dates (see `docs/ARCHITECTURE.md`).
//!
//! Reference content (SEN2 need types, the 20-item needs assessment, the 13 provision elements,
//! the plan template, deadline rules and bank holidays) lives in `data/*.toml`. The files are
//! compiled in with `include_str!` and parsed by the `builtin()` constructors; a council can load
//! its own version of any file through the matching `from_toml_str()` without recompiling.

pub mod age;
pub mod assessment;
pub mod clock;
pub mod date;
pub mod identifiers;
pub mod lifecycle;
pub mod need;
pub mod plan;
pub mod provision;
pub mod reference;

pub use age::{AgeBand, BirthMonth, YearGroup};
pub use assessment::{AssessmentCatalogue, ItemDefinition, MetricId, MetricKind, NeedsScores};
pub use need::{BroadArea, Sen2Catalogue, Sen2Need};
pub use plan::{PlanSection, PlanTemplate};
pub use provision::{ProvisionCatalogue, ProvisionElement};
pub use reference::ReferenceDataError;
