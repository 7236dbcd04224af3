//! Tidy checks for the architecture invariant "`dehcp-domain` does no IO".
//!
//! The domain core must stay pure: no clock reads, no filesystem, network, environment or
//! process access, no randomness, and no dependency that does IO. Clippy's `disallowed-methods`
//! (see `clippy.toml`) catches the clock and environment calls it knows by path; this test reads
//! the crate's manifest and sources and fails on anything that slips past, so the invariant in
//! `docs/ARCHITECTURE.md` is enforced rather than hoped for.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};

const CRATE_DIR: &str = env!("CARGO_MANIFEST_DIR");

/// Direct dependencies the pure core may have. Adding one is a deliberate act: extend this list
/// in the same change and say why in the commit.
const ALLOWED_DEPENDENCIES: &[&str] = &["serde", "thiserror", "time", "toml"];

/// Crates that do IO or bring a runtime, never allowed in the core (even if someone extends the
/// allow-list by mistake).
const FORBIDDEN_DEPENDENCIES: &[&str] = &[
    "tokio",
    "sqlx",
    "axum",
    "reqwest",
    "hyper",
    "async-std",
    "rand",
    "getrandom",
    "uuid",
    "chrono",
];

/// Source fragments that mean IO, the clock or randomness.
const FORBIDDEN_CODE: &[&str] = &[
    "std::fs",
    "std::net",
    "std::env",
    "std::process",
    "std::io::stdin",
    "SystemTime",
    "Instant::now",
    "now_utc",
    "now_local",
    "File::open",
    "File::create",
    "read_to_string(",
    "thread_rng",
    "tokio::",
    "async fn",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn dependency_section(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies
            && let Some((name, _)) = line.split_once('=')
            && !line.starts_with('#')
        {
            let name = name.trim().trim_matches('"');
            names.push(name.strip_suffix(".workspace").unwrap_or(name).to_owned());
        }
    }
    names
}

#[test]
fn the_domain_crate_depends_only_on_pure_crates() {
    let manifest = fs::read_to_string(Path::new(CRATE_DIR).join("Cargo.toml")).unwrap();
    assert!(
        !manifest.contains("[target."),
        "platform-specific dependencies need a review against the purity rule"
    );
    let dependencies = dependency_section(&manifest);
    assert!(
        !dependencies.is_empty(),
        "the dependency parser found nothing: fix the test"
    );
    for name in &dependencies {
        assert!(
            !FORBIDDEN_DEPENDENCIES.contains(&name.as_str()),
            "dehcp-domain must not depend on {name}: it does IO or brings a runtime"
        );
        assert!(
            ALLOWED_DEPENDENCIES.contains(&name.as_str()),
            "new dependency {name} in dehcp-domain: check it does no IO, then add it to ALLOWED_DEPENDENCIES"
        );
    }
}

#[test]
fn the_domain_source_never_touches_the_clock_files_network_or_environment() {
    let mut files = Vec::new();
    rust_files(&Path::new(CRATE_DIR).join("src"), &mut files);
    assert!(
        files.len() > 5,
        "expected the crate's sources, found {files:?}"
    );
    let mut offences = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for pattern in FORBIDDEN_CODE {
                if code.contains(pattern) {
                    offences.push(format!("{}:{}: {pattern}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "IO in the pure core:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_checks_themselves_catch_an_offence() {
    // Guard against a tidy check that cannot fail: the patterns must match real offending code.
    let sample = "let now = std::time::SystemTime::now(); let f = std::fs::read(\"x\");";
    let caught: Vec<&&str> = FORBIDDEN_CODE
        .iter()
        .filter(|p| sample.contains(**p))
        .collect();
    assert_eq!(caught.len(), 2, "{caught:?}");
    let manifest = "[package]\nname = \"x\"\n[dependencies]\ntokio = \"1\"\ntime.workspace = true\n[dev-dependencies]\nrand = \"1\"\n";
    assert_eq!(dependency_section(manifest), ["tokio", "time"]);
}
