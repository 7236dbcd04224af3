//! What the end-to-end tests share: running the real binary, and a scratch folder that is
//! removed when the test ends.

// Each test binary uses some of these, not all.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the dehcp binary built for the tests.
pub(crate) fn dehcp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dehcp"))
        .args(args)
        .output()
        .expect("the dehcp binary runs")
}

/// Runs the dehcp binary, expects success and parses the JSON it prints.
pub(crate) fn json(args: &[&str]) -> serde_json::Value {
    let output = dehcp(args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// A fresh folder under the system temporary folder, removed on drop.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    /// `name` must be unique within the test binary.
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("dehcp-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// The folder itself.
    pub(crate) fn dir(&self) -> String {
        self.0.display().to_string()
    }

    /// The path of `name` inside the folder (not created).
    pub(crate) fn path(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    /// Writes `bytes` to `name` inside the folder and returns its path.
    pub(crate) fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
