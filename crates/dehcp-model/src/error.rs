//! Errors for the crate's data files.

/// A data file (compiled in or supplied) could not be read or does not make sense.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelDataError {
    /// Not valid TOML, or not the expected shape.
    #[error("{file}: {message}")]
    Parse {
        /// The file's name.
        file: &'static str,
        /// What went wrong.
        message: String,
    },
    /// Valid TOML whose content is inconsistent.
    #[error("{file}: {message}")]
    Content {
        /// The file's name.
        file: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl ModelDataError {
    pub(crate) fn parse(file: &'static str, error: &toml::de::Error) -> Self {
        ModelDataError::Parse {
            file,
            message: error.message().to_owned(),
        }
    }

    pub(crate) fn content(file: &'static str, message: impl Into<String>) -> Self {
        ModelDataError::Content {
            file,
            message: message.into(),
        }
    }
}
