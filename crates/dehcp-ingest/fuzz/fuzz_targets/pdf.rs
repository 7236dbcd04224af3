//! Fuzz target: the pdf reader on arbitrary bytes must return, never panic or hang.
#![no_main]

use dehcp_ingest::detect::Format;
use dehcp_ingest::formats;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = dehcp_ingest::Limits::fuzzing();
    let _ = formats::extract(Format::Pdf, "fuzz", data, &limits);
});
