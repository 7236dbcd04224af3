//! Trains the default model (3,000 synthetic cases, seed 1, reference date 2026-01-15) and
//! prints it as JSON: the committed `crates/dehcp-model/data/default-model.json`.
//!
//! ```sh
//! cargo run --release -p dehcp-model --example default-model > crates/dehcp-model/data/default-model.json
//! ```
//! A test (`tests/model.rs`) checks that regenerating gives the same bytes. All data is
//! synthetic.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let model = dehcp_model::Model::train_default()?;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(model.to_json()?.as_bytes())?;
    Ok(())
}
