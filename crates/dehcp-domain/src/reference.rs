//! Loading the reference data files in `data/`.
//!
//! The files are the single source of the content (names, definitions, rules). Parsing turns
//! them into typed catalogues once, at the edge of each module, and reports any problem as a
//! [`ReferenceDataError`] naming the file and what is wrong, so a council's edited copy fails
//! with a message it can act on.

use serde::de::DeserializeOwned;

/// A reference data file could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReferenceDataError {
    /// The file is not valid TOML or does not have the expected fields.
    #[error("{file}: not a valid reference file: {message}")]
    Syntax {
        /// Which data file.
        file: &'static str,
        /// The parser's description of the problem.
        message: String,
    },
    /// The file parsed but its content breaks a rule (a missing item, a duplicate, an unknown
    /// code).
    #[error("{file}: {message}")]
    Content {
        /// Which data file.
        file: &'static str,
        /// What is wrong, in plain words.
        message: String,
    },
}

impl ReferenceDataError {
    pub(crate) fn content(file: &'static str, message: impl Into<String>) -> Self {
        ReferenceDataError::Content {
            file,
            message: message.into(),
        }
    }
}

/// Parses a TOML reference file into its raw (wire) form.
pub(crate) fn parse_toml<T: DeserializeOwned>(
    file: &'static str,
    text: &str,
) -> Result<T, ReferenceDataError> {
    toml::from_str(text).map_err(|error| ReferenceDataError::Syntax {
        file,
        message: error.message().to_owned(),
    })
}
