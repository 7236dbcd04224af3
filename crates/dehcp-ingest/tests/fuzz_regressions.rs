//! Replays every committed fuzz seed and every saved crash input through every reader.
//!
//! A reader may accept or reject each input, but must return: a panic fails this test (the
//! readers are called directly, outside the guard that would contain it).

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use dehcp_ingest::detect::Format;
use dehcp_ingest::{Limits, formats};

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else if path.extension().is_none_or(|ext| ext != "md") {
            found.push(path);
        }
    }
}

#[test]
fn every_seed_and_saved_crash_input_is_handled_by_every_reader() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut inputs = Vec::new();
    files_under(&fuzz.join("seeds"), &mut inputs);
    files_under(&fuzz.join("regressions"), &mut inputs);
    assert!(
        inputs.len() >= 10,
        "expected the committed seeds, found {inputs:?}"
    );
    let limits = Limits::fuzzing();
    let formats = [
        Format::PlainText,
        Format::Markdown,
        Format::Docx,
        Format::Odt,
        Format::Pdf,
        Format::Rtf,
        Format::Html,
        Format::Eml,
        Format::Msg,
    ];
    let mut accepted = 0;
    for input in &inputs {
        let bytes = std::fs::read(input).unwrap();
        for format in formats {
            if formats::extract(format, "replay", &bytes, &limits).is_ok() {
                accepted += 1;
            }
        }
    }
    assert!(
        accepted > 0,
        "no reader accepted any seed: the seeds are not exercising the readers"
    );
}
