//! What the challenge-set tests share: reading every TOML case file of a `testdata` folder.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A case file: `[[case]]` tables.
#[derive(Debug, Deserialize)]
#[serde(bound = "C: DeserializeOwned")]
pub(crate) struct CaseFile<C> {
    pub(crate) case: Vec<C>,
}

/// Every `*.toml` file in `testdata/{folder}`, in name order, each with its file name.
pub(crate) fn load_case_files<C: DeserializeOwned>(folder: &str) -> Vec<(String, CaseFile<C>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a readable case file");
            let name = path
                .file_name()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let cases: CaseFile<C> =
                toml::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
            (name, cases)
        })
        .collect()
}
