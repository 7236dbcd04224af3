//! Running an extractor with a time limit and with panics contained.
//!
//! Third-party parsers can panic or loop on hostile input. Each extraction runs on its own
//! thread inside `catch_unwind`; the caller waits at most the time limit. A thread that overruns
//! cannot be killed safely in Rust, so it is left to finish in the background and its result is
//! discarded; the size limits bound what it can consume.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::Duration;

use crate::IngestError;

/// Runs `work` on a fresh thread; a panic becomes [`IngestError::ExtractorPanicked`] and an
/// overrun becomes [`IngestError::TimedOut`].
pub fn run_guarded<T: Send + 'static>(
    timeout: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, IngestError> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("dehcp-extract".into())
        .spawn(move || {
            let outcome = catch_unwind(AssertUnwindSafe(work));
            // The receiver may have given up after a time-out; nothing to do then.
            let _ = sender.send(outcome);
        });
    if spawned.is_err() {
        return Err(IngestError::ExtractorPanicked);
    }
    match receiver.recv_timeout(timeout) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_panic)) => Err(IngestError::ExtractorPanicked),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(IngestError::TimedOut {
            seconds: timeout.as_secs().max(1),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(IngestError::ExtractorPanicked),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_extractor_is_contained() {
        let result: Result<(), _> = run_guarded(Duration::from_secs(5), || panic!("boom"));
        assert_eq!(result, Err(IngestError::ExtractorPanicked));
    }

    #[test]
    fn a_slow_extractor_times_out() {
        let result = run_guarded(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(500));
            1
        });
        assert_eq!(result, Err(IngestError::TimedOut { seconds: 1 }));
    }

    #[test]
    fn a_good_extractor_returns_its_value() {
        assert_eq!(run_guarded(Duration::from_secs(5), || 42), Ok(42));
    }
}
