//! `dehcp eval evidence`: score the evidence engine against a labelled gold set.

use crate::cli::EvalEvidenceArgs;
use crate::exit::Failure;

/// Runs the command.
pub(crate) fn run(args: &EvalEvidenceArgs) -> Result<(), Failure> {
    let _ = args;
    Err(Failure::internal("dehcp eval evidence is not built yet"))
}
