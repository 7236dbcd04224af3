//! One module per subcommand. Each turns arguments into library calls and prints the result.

pub(crate) mod agreement;
pub(crate) mod analyse;
pub(crate) mod bundle;
pub(crate) mod classify;
pub(crate) mod demo;
pub(crate) mod draft;
pub(crate) mod eval;
pub(crate) mod ingest;
pub(crate) mod model;
pub(crate) mod reference;
pub(crate) mod summary_eval;
pub(crate) mod timeline;

/// Today's date, from the system clock in UTC. The only clock read in dehcp.
#[allow(clippy::disallowed_methods)]
pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}
