//! Writes the synthetic report corpus in every format dehcp reads, and the benchmark bundle.
//!
//! ```text
//! cargo run --release -p dehcp-ingest --features testgen --example make_bundle -- OUT_DIR [--pages N]
//! ```
//!
//! * `OUT_DIR/corpus/NAME.{docx,odt,pdf,rtf,html,eml}`: each report in `testdata/reports`
//!   (except `README.md`) converted by [`dehcp_ingest::formats::corpus`].
//! * `OUT_DIR/bench/`: four text-layer PDFs holding four fifths of `N` pages (default 60) in
//!   all, and two large Word files holding the rest, each built by concatenating the reports
//!   (starting from a different report each time and repeating as needed). Every PDF report
//!   starts on a new page, like a bundle of scanned-in advice.
//!
//! All text comes from the synthetic corpus.

// A command-line example: printing a summary is its job, and a failure to read the corpus or
// write the bundle is reported by returning an error from `main`.
#![allow(clippy::print_stdout)]

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use dehcp_ingest::formats::corpus::{self, Block, Variant};

/// A report's file stem and its blocks.
type Report = (String, Vec<Block>);

/// Smallest uncompressed `word/document.xml` for a benchmark Word file, in bytes.
const MIN_DOCX_XML: usize = 150 * 1024;

fn usage() -> String {
    "usage: make_bundle OUT_DIR [--pages N]".to_owned()
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut out_dir: Option<PathBuf> = None;
    let mut total_pages = 60_usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--pages" {
            total_pages = args.next().ok_or_else(usage)?.parse()?;
        } else if arg.starts_with('-') || out_dir.is_some() {
            return Err(usage().into());
        } else {
            out_dir = Some(PathBuf::from(arg));
        }
    }
    let out_dir = out_dir.ok_or_else(usage)?;
    if total_pages < 6 {
        return Err("--pages must be at least 6 (one page per benchmark file)".into());
    }
    let reports = load_reports()?;

    let corpus_dir = out_dir.join("corpus");
    fs::create_dir_all(&corpus_dir)?;
    for (name, blocks) in &reports {
        for variant in Variant::ALL {
            let path = corpus_dir.join(format!("{name}.{}", variant.extension()));
            fs::write(&path, corpus::render(variant, blocks))?;
        }
    }
    println!(
        "wrote {} files to {}",
        reports.len() * Variant::ALL.len(),
        corpus_dir.display()
    );

    let bench_dir = out_dir.join("bench");
    fs::create_dir_all(&bench_dir)?;
    let pdf_total = total_pages * 4 / 5;
    let docx_total = total_pages - pdf_total;
    for index in 0..4 {
        let pages = share(pdf_total, 4, index);
        let layout = pdf_layout(&reports, index * 3, pages);
        let bytes = corpus::pdf_from_pages(&layout);
        let path = bench_dir.join(format!("bundle-{}.pdf", index + 1));
        fs::write(&path, &bytes)?;
        println!(
            "{}: {} pages, {} bytes",
            path.display(),
            layout.len(),
            bytes.len()
        );
    }
    for index in 0..2 {
        let pages = share(docx_total, 2, index);
        let (xml, spanned) = docx_body(&reports, index * 6 + 1, pages);
        let bytes = dehcp_ingest::testgen::docx(&xml, &[]);
        let path = bench_dir.join(format!("bundle-{}.docx", index + 1));
        fs::write(&path, &bytes)?;
        println!(
            "{}: {spanned} pages, {} bytes of body XML, {} bytes",
            path.display(),
            xml.len(),
            bytes.len()
        );
        if xml.len() < MIN_DOCX_XML {
            return Err(format!("{} holds less XML than intended", path.display()).into());
        }
    }
    Ok(())
}

/// The reports in `testdata/reports`, by file stem, in name order.
fn load_reports() -> Result<Vec<Report>, Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/reports");
    let mut paths: Vec<PathBuf> = fs::read_dir(&dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()?;
    paths.retain(|path| {
        path.extension().is_some_and(|ext| ext == "md")
            && path.file_name().is_some_and(|name| name != "README.md")
    });
    paths.sort();
    let mut reports = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        reports.push((stem, corpus::parse(&fs::read_to_string(&path)?)));
    }
    if reports.is_empty() {
        return Err(format!("no reports found in {}", dir.display()).into());
    }
    Ok(reports)
}

/// Part `index` of `total` split into `parts` nearly equal whole shares.
fn share(total: usize, parts: usize, index: usize) -> usize {
    total / parts + usize::from(index < total % parts)
}

/// Exactly `pages` PDF pages: reports laid out one after another from report `start`, each
/// starting on a new page, cycling through the corpus as often as needed.
fn pdf_layout(reports: &[Report], start: usize, pages: usize) -> Vec<Vec<String>> {
    let mut layout = Vec::new();
    let mut next = start;
    while layout.len() < pages {
        let (_, blocks) = &reports[next % reports.len()];
        layout.extend(corpus::pdf_pages(blocks));
        next += 1;
    }
    layout.truncate(pages);
    layout
}

/// Word body XML filling exactly `pages` pages: report blocks concatenated from report
/// `start`, cycling through the corpus, up to the last block that fits on the final page.
/// Returns the XML and the pages it spans.
fn docx_body(reports: &[Report], start: usize, pages: usize) -> (String, usize) {
    let mut blocks: Vec<Block> = Vec::new();
    let corpus_blocks = reports
        .iter()
        .cycle()
        .skip(start % reports.len())
        .flat_map(|(_, report)| report.iter().cloned());
    for block in corpus_blocks {
        blocks.push(block);
        if corpus::rich_docx_body(&blocks).1 > pages {
            blocks.pop();
            break;
        }
    }
    corpus::rich_docx_body(&blocks)
}
