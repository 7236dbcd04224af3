//! Fuzz target: detection plus whichever reader it picks (images excluded: they only call OCR).
#![no_main]

use dehcp_ingest::detect::{Format, detect};
use dehcp_ingest::formats;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let limits = dehcp_ingest::Limits::fuzzing();
    if let Some(format) = detect(data)
        && !matches!(format, Format::Png | Format::Jpeg | Format::Tiff)
    {
        let _ = formats::extract(format, "fuzz", data, &limits);
    }
});
