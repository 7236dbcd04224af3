//! Exit statuses and the one-line error convention.
//!
//! Every failure the user can cause (a bad date, an impossible sequence of events) ends with a
//! single line `error: …` on standard error and exit status 2, so scripts can rely on it.
//! Status 1 is reserved for faults in dehcp itself (for example broken built-in data).

use std::process::ExitCode;

/// Something went wrong; the message is one line of plain English.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The user's input cannot be accepted (exit 2).
    Usage(String),
    /// dehcp itself is at fault (exit 1).
    Internal(String),
    /// The errors were already reported line by line; just exit with this status.
    Silent(u8),
}

impl Failure {
    pub(crate) fn usage(message: impl std::fmt::Display) -> Self {
        Failure::Usage(one_line(&message.to_string()))
    }

    pub(crate) fn internal(message: impl std::fmt::Display) -> Self {
        Failure::Internal(one_line(&message.to_string()))
    }

    pub(crate) fn report(self) -> ExitCode {
        match self {
            Failure::Usage(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            Failure::Silent(status) => ExitCode::from(status),
            Failure::Internal(message) => {
                eprintln!("error: {message} (this is a fault in dehcp; please report it)");
                ExitCode::from(1)
            }
        }
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
