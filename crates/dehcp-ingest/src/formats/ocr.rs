//! OCR and poppler helpers: running Debian's `tesseract`, `pdftoppm` and `pdftotext` as
//! subprocesses, and turning tesseract's TSV output into lines and paragraphs.
//!
//! Every subprocess runs with a time limit (polled, then killed) and reads and writes only
//! inside a private temporary directory that is removed when the work is done, whatever
//! happens. Nothing here links to C libraries or touches the network; when a tool is missing
//! the callers report a warning naming the Debian package instead of failing the file.
//!
//! What this module must not do: leave files behind, wait on a child process without a limit,
//! or put document text into a diagnostic message.

use std::ffi::OsStr;
use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::model::{Diagnostic, Severity};

/// Diagnostic code: an OCR or PDF tool is not installed, so a page was left without text.
pub const OCR_TOOL_MISSING: &str = "ING0301";
/// Diagnostic code: an OCR or PDF tool failed or ran out of time on a page.
pub const OCR_FAILED: &str = "ING0302";
/// Diagnostic code: OCR read a page with low mean confidence.
pub const OCR_LOW_CONFIDENCE: &str = "ING0303";

/// Mean word confidence (0–100) under which an OCR'd page gets a warning.
const LOW_CONFIDENCE: f32 = 60.0;

/// Longest a version probe may take.
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// One external program: known absent, known present, or probed on first use.
///
/// Probing runs the program once (a version or language listing), which costs tens of
/// milliseconds; a file whose pages all have a text layer never needs a tool, so nothing is
/// probed for it.
#[derive(Debug, Clone)]
pub(crate) enum Probe {
    /// Not available (or not allowed).
    Absent,
    /// Available under this name, without probing (tests).
    #[cfg(test)]
    Present(String),
    /// Probed the first time it is asked for.
    Lazy {
        /// The program name.
        program: String,
        /// How to tell the program is usable.
        check: fn(&str) -> bool,
        /// The answer, once known.
        found: OnceLock<bool>,
    },
}

impl Probe {
    fn lazy(program: &str, check: fn(&str) -> bool) -> Probe {
        Probe::Lazy {
            program: program.to_owned(),
            check,
            found: OnceLock::new(),
        }
    }

    /// The program's name if it is usable, probing it now if it has not been yet.
    pub(crate) fn get(&self) -> Option<&str> {
        match self {
            Probe::Absent => None,
            #[cfg(test)]
            Probe::Present(program) => Some(program),
            Probe::Lazy {
                program,
                check,
                found,
            } => found
                .get_or_init(|| check(program))
                .then_some(program.as_str()),
        }
    }
}

fn tesseract_has_english(program: &str) -> bool {
    probe_output(Command::new(program).arg("--list-langs"))
        .is_some_and(|out| out.lines().any(|line| line.trim() == "eng"))
}

fn answers_version(program: &str) -> bool {
    probe_output(Command::new(program).arg("-v")).is_some()
}

/// The external programs used, by name. Tests swap in missing names to exercise the
/// "not installed" path on machines where the tools exist.
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    /// `tesseract`, usable with English data, if installed.
    pub(crate) tesseract: Probe,
    /// poppler's `pdftoppm`, if installed.
    pub(crate) pdftoppm: Probe,
    /// poppler's `pdftotext`, if installed.
    pub(crate) pdftotext: Probe,
}

impl Tools {
    /// The named programs, each probed on first use (a missing or broken one counts as
    /// absent).
    pub(crate) fn probe(tesseract: &str, pdftoppm: &str, pdftotext: &str) -> Tools {
        Tools {
            tesseract: Probe::lazy(tesseract, tesseract_has_english),
            pdftoppm: Probe::lazy(pdftoppm, answers_version),
            pdftotext: Probe::lazy(pdftotext, answers_version),
        }
    }

    /// No tools at all, for when `Limits::external_tools` is off (fuzzing).
    pub(crate) fn none() -> &'static Tools {
        static NONE: Tools = Tools {
            tesseract: Probe::Absent,
            pdftoppm: Probe::Absent,
            pdftotext: Probe::Absent,
        };
        &NONE
    }

    /// The tools allowed by `limits`: those installed, or none.
    pub(crate) fn allowed(limits: &crate::Limits) -> &'static Tools {
        if limits.external_tools {
            Tools::installed()
        } else {
            Tools::none()
        }
    }

    /// The tools on this machine's `PATH`; each is probed at most once per process.
    pub(crate) fn installed() -> &'static Tools {
        static TOOLS: OnceLock<Tools> = OnceLock::new();
        TOOLS.get_or_init(|| Tools::probe("tesseract", "pdftoppm", "pdftotext"))
    }
}

/// Runs a probe command and returns its stdout (as text) if it exits successfully in time.
fn probe_output(command: &mut Command) -> Option<String> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    // Probe output is a few hundred bytes, well under a pipe buffer, so the child cannot
    // block on a full pipe while we poll.
    let status = wait_with_timeout(&mut child, PROBE_TIMEOUT)?;
    if !status.success() {
        return None;
    }
    let mut out = String::new();
    child.stdout.take()?.read_to_string(&mut out).ok()?;
    Some(out)
}

/// Polls `child` until it exits or `timeout` passes; on time-out it is killed and reaped.
fn wait_with_timeout(child: &mut std::process::Child, timeout: Duration) -> Option<ExitStatus> {
    let mut waited = Duration::ZERO;
    let mut step = Duration::from_millis(5);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => {}
            Err(_) => break,
        }
        if waited >= timeout {
            break;
        }
        std::thread::sleep(step);
        waited += step;
        step = (step * 2).min(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Why a tool run produced nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunError {
    /// It could not be started.
    Spawn,
    /// It exited with a failure status.
    Failed,
    /// It ran past its time limit and was killed.
    TimedOut,
    /// Its input or output file could not be written or read.
    TempFile,
}

impl RunError {
    /// A few words for a diagnostic.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            RunError::Spawn => "could not be started",
            RunError::Failed => "reported an error",
            RunError::TimedOut => "ran out of time",
            RunError::TempFile => "could not use a temporary file",
        }
    }
}

/// A private directory under [`std::env::temp_dir`], removed with everything in it on drop.
#[derive(Debug)]
pub(crate) struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    /// Creates a fresh directory with a name no other call (in any process) uses.
    pub(crate) fn new() -> std::io::Result<Scratch> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        let mut attempts = 0;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let dir = base.join(format!("dehcp-ingest-{}-{n}", std::process::id()));
            match fs::create_dir(&dir) {
                Ok(()) => return Ok(Scratch { dir }),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                    attempts += 1;
                    if attempts > 1000 {
                        return Err(error);
                    }
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// A path inside the directory.
    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes `bytes` to a new file called `name` and returns its path.
    pub(crate) fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = self.path(name);
        fs::write(&path, bytes)?;
        Ok(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Time left for subprocesses on one file; every run is charged what it used, so a file with
/// many pages cannot keep tools running long after the caller's time limit.
#[derive(Debug)]
pub(crate) struct Budget {
    left: Duration,
}

impl Budget {
    /// A budget of `total`.
    pub(crate) fn new(total: Duration) -> Budget {
        Budget { left: total }
    }

    /// Whether any time is left.
    pub(crate) fn exhausted(&self) -> bool {
        self.left.is_zero()
    }

    /// Runs `program args`, with stdout and stderr discarded, for at most the time left.
    pub(crate) fn run(&mut self, program: &str, args: &[&OsStr]) -> Result<(), RunError> {
        if self.exhausted() {
            return Err(RunError::TimedOut);
        }
        let mut command = Command::new(program);
        command
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // One thread per tesseract: predictable on small machines and when files are
            // read in parallel.
            .env("OMP_THREAD_LIMIT", "1");
        let mut child = command.spawn().map_err(|_| RunError::Spawn)?;
        let mut waited = Duration::ZERO;
        let mut step = Duration::from_millis(5);
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) => {}
                Err(_) => break None,
            }
            if waited >= self.left {
                break None;
            }
            std::thread::sleep(step);
            waited += step;
            step = (step * 2).min(Duration::from_millis(50));
        };
        self.left = self.left.saturating_sub(waited);
        match status {
            Some(status) if status.success() => Ok(()),
            Some(_) => Err(RunError::Failed),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                self.left = Duration::ZERO;
                Err(RunError::TimedOut)
            }
        }
    }
}

/// One page of OCR output.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OcrPage {
    /// Page number from 1 (tesseract numbers TIFF pages; others are page 1).
    pub(crate) number: u32,
    /// Paragraph texts in reading order.
    pub(crate) paragraphs: Vec<String>,
    /// Mean word confidence 0–100, if any word was read.
    pub(crate) confidence: Option<f32>,
}

/// OCRs the image at `image` with tesseract (English) and parses its TSV output.
pub(crate) fn tesseract(
    budget: &mut Budget,
    program: &str,
    scratch: &Scratch,
    image: &Path,
    stem: &str,
) -> Result<Vec<OcrPage>, RunError> {
    let out_base = scratch.path(stem);
    let args = [
        image.as_os_str(),
        out_base.as_os_str(),
        OsStr::new("-l"),
        OsStr::new("eng"),
        OsStr::new("tsv"),
    ];
    budget.run(program, &args)?;
    let mut tsv = String::new();
    File::open(scratch.path(&format!("{stem}.tsv")))
        .and_then(|mut file| file.read_to_string(&mut tsv))
        .map_err(|_| RunError::TempFile)?;
    Ok(parse_tsv(&tsv))
}

/// Parses tesseract TSV (`level page_num block_num par_num line_num word_num left top width
/// height conf text`) into pages of paragraphs with mean word confidence.
pub(crate) fn parse_tsv(tsv: &str) -> Vec<OcrPage> {
    let mut pages: Vec<OcrPage> = Vec::new();
    let mut sums: Vec<(f64, u32)> = Vec::new();
    // (page, block, paragraph) and line of the last word, to know where breaks fall.
    let mut last_paragraph: Option<(u32, u32, u32)> = None;
    let mut last_line: Option<u32> = None;
    for row in tsv.lines() {
        let columns: Vec<&str> = row.split('\t').collect();
        if columns.len() < 12 || columns[0] != "5" {
            continue;
        }
        let number = |index: usize| columns[index].trim().parse::<u32>().ok();
        let (Some(page), Some(block), Some(paragraph), Some(line)) =
            (number(1), number(2), number(3), number(4))
        else {
            continue;
        };
        let word = columns[11..].join("\t");
        let word = word.trim();
        let Ok(confidence) = columns[10].trim().parse::<f32>() else {
            continue;
        };
        if word.is_empty() || confidence < 0.0 {
            continue;
        }
        let page = page.max(1);
        if pages.last().is_none_or(|last| last.number != page) {
            pages.push(OcrPage {
                number: page,
                paragraphs: Vec::new(),
                confidence: None,
            });
            sums.push((0.0, 0));
            last_paragraph = None;
            last_line = None;
        }
        let (Some(current), Some(sum)) = (pages.last_mut(), sums.last_mut()) else {
            continue;
        };
        sum.0 += f64::from(confidence.min(100.0));
        sum.1 += 1;
        let key = (page, block, paragraph);
        if last_paragraph != Some(key) || current.paragraphs.is_empty() {
            current.paragraphs.push(String::new());
            last_paragraph = Some(key);
            last_line = Some(line);
        }
        let Some(text) = current.paragraphs.last_mut() else {
            continue;
        };
        let new_line = last_line != Some(line);
        last_line = Some(line);
        if !text.is_empty() {
            // Join a word hyphenated across a line break ("assess-" + "ment").
            let hyphenated = new_line
                && text.ends_with('-')
                && text.chars().rev().nth(1).is_some_and(|c| c.is_alphabetic())
                && word.chars().next().is_some_and(|c| c.is_lowercase());
            if hyphenated {
                text.pop();
            } else {
                text.push(' ');
            }
        }
        text.push_str(word);
    }
    for (page, (sum, count)) in pages.iter_mut().zip(sums) {
        if count > 0 {
            page.confidence = Some((sum / f64::from(count)) as f32);
        }
    }
    pages
}

/// The warning for a missing tool, naming the Debian packages to install.
pub(crate) fn missing_tool(page: Option<u32>, what: &str, packages: &str) -> Diagnostic {
    Diagnostic {
        code: OCR_TOOL_MISSING,
        severity: Severity::Warning,
        message: format!(
            "{what} {} not installed, so this page was left without text; install {packages}",
            verb(what)
        ),
        page,
    }
}

/// "is" or "are", for a tool name or a list of them.
pub(crate) fn verb(what: &str) -> &'static str {
    if what.contains(" and ") { "are" } else { "is" }
}

/// The Debian packages for tesseract with English data.
pub(crate) const TESSERACT_PACKAGES: &str = "tesseract-ocr and tesseract-ocr-eng";
/// The Debian package for `pdftoppm` and `pdftotext`.
pub(crate) const POPPLER_PACKAGE: &str = "poppler-utils";

/// The warning for a tool that failed on a page.
pub(crate) fn tool_failed(page: Option<u32>, tool: &str, error: RunError) -> Diagnostic {
    Diagnostic {
        code: OCR_FAILED,
        severity: Severity::Warning,
        message: format!(
            "{tool} {} on this page, so it was left without text",
            error.describe()
        ),
        page,
    }
}

/// A warning if OCR confidence is low, else nothing.
pub(crate) fn low_confidence(page: u32, confidence: Option<f32>) -> Option<Diagnostic> {
    let confidence = confidence?;
    (confidence < LOW_CONFIDENCE).then(|| Diagnostic {
        code: OCR_LOW_CONFIDENCE,
        severity: Severity::Warning,
        message: format!(
            "OCR confidence on this page is low ({confidence:.0} of 100); check the text against the original"
        ),
        page: Some(page),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_paragraphs_with_mean_confidence() {
        // Synthetic TSV in tesseract's layout; the words are invented.
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n\
            5\t1\t1\t1\t1\t1\t0\t0\t10\t10\t90\tSam\n\
            5\t1\t1\t1\t1\t2\t0\t0\t10\t10\t80\tExample\n\
            5\t1\t1\t1\t2\t1\t0\t0\t10\t10\t70\tneeds\n\
            5\t1\t1\t1\t2\t2\t0\t0\t10\t10\t60\tassess-\n\
            5\t1\t1\t1\t3\t1\t0\t0\t10\t10\t50\tment.\n\
            5\t1\t2\t1\t1\t1\t0\t0\t10\t10\t90\tSecond\n\
            5\t1\t2\t1\t1\t2\t0\t0\t10\t10\t-1\t \n\
            5\t2\t1\t1\t1\t1\t0\t0\t10\t10\t40\tPage\n";
        let pages = parse_tsv(tsv);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].number, 1);
        assert_eq!(
            pages[0].paragraphs,
            ["Sam Example needs assessment.", "Second"]
        );
        let mean = pages[0].confidence.unwrap();
        assert!((mean - 73.333).abs() < 0.01, "{mean}");
        assert_eq!(pages[1].number, 2);
        assert_eq!(pages[1].paragraphs, ["Page"]);
        assert!(low_confidence(2, pages[1].confidence).is_some());
        assert!(low_confidence(1, pages[0].confidence).is_none());
    }

    #[test]
    fn garbage_tsv_gives_no_pages() {
        assert!(parse_tsv("").is_empty());
        assert!(parse_tsv("5\tx\ty\n5\t1\t1\t1\t1\t1\t0\t0\t1\t1\tNaNx\tword\n").is_empty());
    }

    #[test]
    fn missing_programs_are_reported_absent() {
        let tools = Tools::probe(
            "dehcp-no-such-tesseract",
            "dehcp-no-such-pdftoppm",
            "dehcp-no-such-pdftotext",
        );
        assert!(tools.tesseract.get().is_none());
        assert!(tools.pdftoppm.get().is_none());
        assert!(tools.pdftotext.get().is_none());
    }

    #[test]
    fn scratch_directories_are_unique_and_removed() {
        let first = Scratch::new().unwrap();
        let second = Scratch::new().unwrap();
        assert_ne!(first.dir, second.dir);
        let path = first.write("x.bin", b"synthetic").unwrap();
        assert!(path.exists());
        let dir = first.dir.clone();
        drop(first);
        assert!(!dir.exists(), "removed with its contents");
    }

    #[test]
    fn a_run_past_the_budget_is_killed() {
        let mut budget = Budget::new(Duration::from_millis(100));
        let outcome = budget.run("sleep", &[OsStr::new("5")]);
        assert_eq!(outcome, Err(RunError::TimedOut));
        assert!(budget.exhausted());
        assert_eq!(
            budget.run("true", &[]),
            Err(RunError::TimedOut),
            "nothing runs once the budget is spent"
        );
        let mut budget = Budget::new(Duration::from_secs(5));
        assert_eq!(budget.run("false", &[]), Err(RunError::Failed));
        assert_eq!(
            budget.run("dehcp-no-such-program", &[]),
            Err(RunError::Spawn)
        );
    }
}
