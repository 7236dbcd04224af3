//! Measures the text throughput of the evidence engine on one thread: the dictionary scan alone
//! and the whole analysis, on the synthetic benchmark bundle and on larger bundles made by
//! repeating it.
//!
//! ```text
//! cargo run --release -p dehcp-nlp --example bench_analyse -- BUNDLE_DIR TEXT_OUT_DIR \
//!     [--runs R] [--mb 1,10]
//! ```
//!
//! * Ingests every file in `BUNDLE_DIR` (sorted by name) with [`dehcp_ingest::ingest`]; ingest
//!   is not timed.
//! * Writes each document's [`Document::text`] to `TEXT_OUT_DIR/NN-FILE.txt` (UTF-8), so the
//!   Python comparison (`scripts/bench_analyse.py`) reads exactly the same text.
//! * Times, `R` times each (default 5), taking the median: [`Engine::scan`] over every
//!   document's text, and [`Engine::analyse`] over the whole bundle; then both again on
//!   bundles made by repeating the documents `K` times, `K` chosen so that the text is about
//!   each size in `--mb` (default about 1 MB and about 10 MB; `--mb ''` for none). Each copy
//!   gets its own file name and content id, as a bundle with that many different reports
//!   would.
//! * Prints one `key=value` line per figure to standard output (read by `scripts/bench-analyse`)
//!   and a short readable summary to standard error.
//!
//! Throughput is UTF-8 bytes of `Document::text` per second of wall time, in MB/s (10^6
//! bytes). All text comes from the synthetic corpus.

// A command-line benchmark: printing its figures is its job, and timing with `Instant` is its
// purpose (the workspace bans `Instant::now` in library code only; see clippy.toml). Failures
// to read the bundle or write the text are reported by returning an error from `main`.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::disallowed_methods)]

use std::error::Error;
use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dehcp_ingest::model::DocumentId;
use dehcp_ingest::{Document, IngestOptions, ingest};
use dehcp_nlp::analysis::Engine;

/// A single timed run longer than this stops further repetitions of that measure, so a slow
/// (for example quadratic) stage cannot make the benchmark run for hours.
const RUN_BUDGET: Duration = Duration::from_secs(60);

fn usage() -> String {
    "usage: bench_analyse BUNDLE_DIR TEXT_OUT_DIR [--runs R] [--mb 1,10]".to_owned()
}

/// The parsed command line.
struct Args {
    bundle: PathBuf,
    text_out: PathBuf,
    runs: usize,
    sizes_mb: Vec<f64>,
}

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut positional = Vec::new();
    let mut runs = 5_usize;
    let mut sizes_mb: Vec<f64> = vec![1.0, 10.0];
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().ok_or_else(usage)?.parse()?,
            "--mb" => {
                sizes_mb = args
                    .next()
                    .ok_or_else(usage)?
                    .split(',')
                    .filter(|size| !size.is_empty())
                    .map(str::parse)
                    .collect::<Result<_, _>>()?;
            }
            _ if arg.starts_with('-') => return Err(usage().into()),
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    let [bundle, text_out] = <[PathBuf; 2]>::try_from(positional).map_err(|_| usage())?;
    if runs == 0 {
        return Err("--runs must be at least 1".into());
    }
    if sizes_mb
        .iter()
        .any(|size| !(size.is_finite() && *size > 0.0))
    {
        return Err("--mb sizes must be positive numbers".into());
    }
    Ok(Args {
        bundle,
        text_out,
        runs,
        sizes_mb,
    })
}

/// Ingests every regular file in `dir`, in name order.
fn load_bundle(dir: &Path) -> Result<Vec<Document>, Box<dyn Error>> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| path.is_file());
    paths.sort();
    let options = IngestOptions::default();
    let mut documents = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = fs::read(&path)?;
        let (document, _diagnostics) =
            ingest(&name, &bytes, &options).map_err(|error| format!("{name}: {error}"))?;
        documents.push(document);
    }
    if documents.is_empty() {
        return Err(format!("no files in {}", dir.display()).into());
    }
    Ok(documents)
}

/// Writes each document's text to its own file, replacing the folder's `.txt` files.
fn write_texts(documents: &[Document], dir: &Path) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(dir)?;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|extension| extension == "txt") {
            fs::remove_file(path)?;
        }
    }
    for (index, document) in documents.iter().enumerate() {
        let path = dir.join(format!("{:02}-{}.txt", index + 1, document.file_name));
        fs::write(path, &document.text)?;
    }
    Ok(())
}

/// The bundle repeated `copies` times, each copy of a document with its own name and id.
fn repeat(documents: &[Document], copies: usize) -> Vec<Document> {
    let mut out = Vec::with_capacity(documents.len() * copies);
    for copy in 0..copies {
        for document in documents {
            let mut clone = document.clone();
            if copy > 0 {
                clone.file_name = format!("{}#{}", document.file_name, copy + 1);
                clone.id = DocumentId::of(format!("{}#{}", document.id, copy + 1).as_bytes());
            }
            out.push(clone);
        }
    }
    out
}

/// Each timed run repeats the work until it has taken at least this long, so that short
/// inputs are timed precisely and the CPU clock's tick does not matter.
const MIN_RUN: Duration = Duration::from_millis(200);

/// CPU time used so far by the calling thread, in seconds, from Linux's
/// `/proc/thread-self/schedstat` (nanoseconds on the CPU); `None` elsewhere. It can lag by up to
/// one scheduler tick, which [`MIN_RUN`] makes small.
fn thread_cpu_s() -> Option<f64> {
    let text = fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanoseconds: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(nanoseconds as f64 / 1e9)
}

/// Median times of one piece of work, per repetition.
#[derive(Debug, Clone, Copy)]
struct Timing {
    /// Median wall time, seconds.
    wall_s: f64,
    /// Median CPU time of this thread, seconds, when the system tells it.
    cpu_s: Option<f64>,
    /// Timed runs made.
    runs: usize,
    /// Repetitions of the work in each run.
    reps: usize,
}

fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

/// Runs `work` once untimed (to warm up and to choose how many repetitions make a run last
/// [`MIN_RUN`]), then `runs` timed runs (fewer if one passes [`RUN_BUDGET`]); returns the median
/// times per repetition.
fn time_median(runs: usize, mut work: impl FnMut()) -> Timing {
    let start = Instant::now();
    work();
    let once = start.elapsed().as_secs_f64().max(1e-6);
    let reps = ((MIN_RUN.as_secs_f64() / once).ceil() as usize).clamp(1, 100_000);
    let mut walls = Vec::with_capacity(runs);
    let mut cpus = Vec::with_capacity(runs);
    for _ in 0..runs {
        let cpu_before = thread_cpu_s();
        let start = Instant::now();
        for _ in 0..reps {
            work();
        }
        let elapsed = start.elapsed();
        let cpu_after = thread_cpu_s();
        walls.push(elapsed.as_secs_f64() / reps as f64);
        if let (Some(before), Some(after)) = (cpu_before, cpu_after) {
            cpus.push((after - before) / reps as f64);
        }
        if elapsed > RUN_BUDGET {
            break;
        }
    }
    let made = walls.len();
    Timing {
        wall_s: median(&mut walls).unwrap_or(once),
        cpu_s: if cpus.len() == made {
            median(&mut cpus)
        } else {
            None
        },
        runs: made,
        reps,
    }
}

/// One measured input: its label, documents and text size.
struct Measured {
    label: String,
    documents: usize,
    bytes: usize,
    scan: Timing,
    analyse: Timing,
    mentions: usize,
    findings: usize,
    provisions: usize,
}

fn measure(engine: &Engine, label: String, documents: &[Document], runs: usize) -> Measured {
    let bytes = documents.iter().map(|document| document.text.len()).sum();
    let mut mentions = 0;
    let scan = time_median(runs, || {
        mentions = documents
            .iter()
            .map(|document| black_box(engine.scan(black_box(&document.text))).len())
            .sum();
    });
    let refs: Vec<&Document> = documents.iter().collect();
    let mut counts = (0, 0);
    let analyse = time_median(runs, || {
        let analysis = black_box(engine.analyse(black_box(&refs)));
        counts = (analysis.findings.len(), analysis.provisions.len());
    });
    Measured {
        label,
        documents: documents.len(),
        bytes,
        scan,
        analyse,
        mentions,
        findings: counts.0,
        provisions: counts.1,
    }
}

/// Prints one timing as `key=value` lines.
fn print_timing(key: &str, what: &str, bytes: usize, timing: Timing) {
    println!("{key}.{what}_s={:.6}", timing.wall_s);
    println!("{key}.{what}_mbps={:.3}", mb_per_s(bytes, timing.wall_s));
    if let Some(cpu_s) = timing.cpu_s {
        println!("{key}.{what}_cpu_s={cpu_s:.6}");
        println!("{key}.{what}_cpu_mbps={:.3}", mb_per_s(bytes, cpu_s));
    }
    println!("{key}.{what}_runs={}", timing.runs);
    println!("{key}.{what}_reps={}", timing.reps);
}

fn mb_per_s(bytes: usize, seconds: f64) -> f64 {
    if seconds > 0.0 {
        bytes as f64 / 1e6 / seconds
    } else {
        f64::INFINITY
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let documents = load_bundle(&args.bundle)?;
    write_texts(&documents, &args.text_out)?;
    let engine = Engine::builtin()?;
    let bundle_bytes: usize = documents.iter().map(|document| document.text.len()).sum();

    let mut inputs = vec![(String::from("1x bundle"), 1_usize)];
    for size in &args.sizes_mb {
        let copies = ((size * 1e6 / bundle_bytes as f64).round() as usize).max(1);
        inputs.push((format!("~{size} MB ({copies}x bundle)"), copies));
    }

    for (index, (name, copies)) in inputs.into_iter().enumerate() {
        let repeated;
        let input: &[Document] = if copies == 1 {
            &documents
        } else {
            repeated = repeat(&documents, copies);
            &repeated
        };
        let m = measure(&engine, name, input, args.runs);
        let key = format!("input{index}");
        println!("{key}.label={}", m.label);
        println!("{key}.copies={copies}");
        println!("{key}.documents={}", m.documents);
        println!("{key}.bytes={}", m.bytes);
        print_timing(&key, "scan", m.bytes, m.scan);
        print_timing(&key, "analyse", m.bytes, m.analyse);
        println!("{key}.mentions={}", m.mentions);
        println!("{key}.findings={}", m.findings);
        println!("{key}.provisions={}", m.provisions);
        eprintln!(
            "bench_analyse: {}: {} documents, {} bytes; scan {:.1} MB/s; analyse {:.2} MB/s \
             (median of {} runs); {} mentions, {} findings, {} provisions",
            m.label,
            m.documents,
            m.bytes,
            mb_per_s(m.bytes, m.scan.wall_s),
            mb_per_s(m.bytes, m.analyse.wall_s),
            m.analyse.runs,
            m.mentions,
            m.findings,
            m.provisions,
        );
    }
    println!("runs={}", args.runs);
    Ok(())
}
