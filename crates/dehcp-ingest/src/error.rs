//! Why a file was rejected, in one line that a coordinator can act on.
//!
//! The CLI prefixes the file name; messages here never repeat document text (it may hold
//! personal data).

/// A file could not be ingested.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IngestError {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// Over the configured size limit.
    #[error("the file is {size} bytes, over the {limit}-byte limit")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The content is not a format dehcp reads.
    #[error(
        "not a format dehcp can read (expected PDF, Word, ODT, RTF, HTML, email, text or an image)"
    )]
    UnknownFormat,
    /// The file is damaged or truncated.
    #[error("the {format} file is damaged or incomplete: {detail}")]
    Corrupt {
        /// The detected format.
        format: &'static str,
        /// What is wrong, briefly.
        detail: String,
    },
    /// The file is password-protected.
    #[error("the {format} file is password-protected; ask the sender for an unprotected copy")]
    Encrypted {
        /// The detected format.
        format: &'static str,
    },
    /// A container would expand past the limits (a "zip bomb").
    #[error("the {format} file expands too far ({detail}); it may be a decompression bomb")]
    ExpansionLimit {
        /// The detected format.
        format: &'static str,
        /// Which limit.
        detail: String,
    },
    /// Nested deeper than the limit.
    #[error("the {format} file is nested more than {limit} levels deep")]
    TooDeep {
        /// The detected format.
        format: &'static str,
        /// The limit.
        limit: usize,
    },
    /// The text is not in an encoding dehcp reads.
    #[error("the text is not valid UTF-8, UTF-16 or Windows-1252")]
    Encoding,
    /// The format is recognised but this build cannot read it.
    #[error("{0} files are recognised but not supported yet")]
    Unsupported(&'static str),
    /// The extractor ran too long.
    #[error("reading the file took longer than {seconds} s and was stopped")]
    TimedOut {
        /// The limit in seconds.
        seconds: u64,
    },
    /// The extractor panicked (a bug, contained).
    #[error("the reader failed unexpectedly on this file (contained; please report it)")]
    ExtractorPanicked,
}
