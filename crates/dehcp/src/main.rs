//! `dehcp`: the command-line tool and (later) the web service's composition root.
//!
//! This crate is the only one that reads the clock, the environment or the terminal. It parses
//! arguments, calls the library crates and prints. No rules live here: a rule that appears in a
//! command belongs in `dehcp-domain`.

// The binary's job is to print; the lints exist to keep printing out of the libraries.
#![allow(clippy::print_stdout, clippy::print_stderr)]

/// Writes to standard output like `print!`, but a closed pipe (`dehcp … | head`) ends the
/// program quietly instead of panicking, as command-line tools are expected to.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!($($arg)*))
    };
}

/// Like [`out!`] with a newline.
macro_rules! outln {
    () => { out!("\n") };
    ($($arg:tt)*) => {
        $crate::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod cli;
mod commands;
mod exit;

use std::process::ExitCode;

fn main() -> ExitCode {
    install_panic_hook();
    cli::run(std::env::args_os())
}

/// Replaces Rust's default panic message. A panic inside a guarded reader thread is already
/// turned into a one-line error naming the file (`dehcp_ingest::guard`), so it prints nothing
/// more; a panic anywhere else is a bug, reported in one line with its source location only. The
/// panic's own message is never printed: it could quote a child's personal data from the input.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        if std::thread::current().name() == Some("main") {
            let place = info
                .location()
                .map(|location| format!(" at {}:{}", location.file(), location.line()))
                .unwrap_or_default();
            eprintln!("error: internal error{place}; this is a bug in dehcp, please report it");
        }
    }));
}

/// The one place standard output is written. A reader that has gone away (broken pipe) is not
/// an error worth a message: stop with success. Any other write failure exits 1.
fn write_stdout(arguments: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(error) = std::io::stdout().lock().write_fmt(arguments) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: could not write the output ({error})");
        std::process::exit(1);
    }
}
