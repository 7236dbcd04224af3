//! `dehcp analyse`: ingest a bundle and run the evidence engine over it.

use crate::cli::AnalyseArgs;
use crate::exit::Failure;

/// Runs the command.
pub(crate) fn run(args: &AnalyseArgs) -> Result<(), Failure> {
    let _ = args;
    Err(Failure::internal("dehcp analyse is not built yet"))
}
