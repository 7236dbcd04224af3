//! `dehcp`: the command-line tool and (later) the web service's composition root.
//!
//! This crate is the only one that reads the clock, the environment or the terminal. It parses
//! arguments, calls the library crates and prints. No rules live here: a rule that appears in a
//! command belongs in `dehcp-domain`.

// The binary's job is to print; the lints exist to keep printing out of the libraries.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod cli;
mod commands;
mod exit;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run(std::env::args_os())
}
