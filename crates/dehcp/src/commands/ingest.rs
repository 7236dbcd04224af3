//! `dehcp ingest`: read a bundle of advice documents and show their text with provenance.
//!
//! Each file is read, detected and extracted on its own; a rejected file is reported on one
//! line (`error: FILE: why`) and the others still go through. The exit status is 2 when any
//! file was rejected. With `--redact`, personal data is masked before anything is printed,
//! file names included; the reversible mapping is never printed.

use std::path::Path;

use dehcp_domain::date::parse_iso_date;
use dehcp_ingest::metadata::{AdvicePolicy, ReportMetadata, describe};
use dehcp_ingest::{Diagnostic, Document, IngestError, IngestOptions, Limits, ingest};
use serde::Serialize;
use time::Date;

use crate::cli::IngestArgs;
use crate::exit::Failure;

mod redact;

#[derive(Serialize)]
struct BundleJson {
    documents: Vec<DocumentJson>,
    rejected: Vec<RejectedJson>,
}

#[derive(Serialize)]
struct RejectedJson {
    file: String,
    error: String,
}

#[derive(Serialize)]
struct DocumentJson {
    file: String,
    id: String,
    format: &'static str,
    kind: &'static str,
    kind_confidence: f32,
    author: Option<String>,
    role: Option<String>,
    date: Option<String>,
    age_months: Option<u32>,
    pages: usize,
    extractors: Vec<PageJson>,
    blocks: Vec<BlockJson>,
    diagnostics: Vec<DiagnosticJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    masked: Vec<redact::MaskedJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<DocumentJson>,
}

#[derive(Serialize)]
struct PageJson {
    page: u32,
    extractor: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ocr_confidence: Option<f32>,
}

#[derive(Serialize)]
struct BlockJson {
    page: u32,
    kind: &'static str,
    text: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct DiagnosticJson {
    code: &'static str,
    severity: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<u32>,
}

fn diagnostic_json(diagnostic: &Diagnostic) -> DiagnosticJson {
    DiagnosticJson {
        code: diagnostic.code,
        severity: match diagnostic.severity {
            dehcp_ingest::Severity::Info => "info",
            dehcp_ingest::Severity::Warning => "warning",
        },
        message: diagnostic.message.clone(),
        page: diagnostic.page,
    }
}

fn document_json(
    document: &Document,
    diagnostics: &[Diagnostic],
    metadata: &ReportMetadata,
    masked: Vec<redact::MaskedJson>,
    attachments: Vec<DocumentJson>,
) -> DocumentJson {
    let mut all_diagnostics: Vec<DiagnosticJson> =
        diagnostics.iter().map(diagnostic_json).collect();
    all_diagnostics.extend(metadata.warnings.iter().map(|warning| DiagnosticJson {
        code: warning.code(),
        severity: "warning",
        message: warning.message(),
        page: None,
    }));
    DocumentJson {
        file: document.file_name.clone(),
        id: document.id.to_string(),
        format: document.format.id(),
        kind: metadata.kind.value.id(),
        kind_confidence: metadata.kind.confidence,
        author: metadata.author_name.as_ref().map(|g| g.value.clone()),
        role: metadata.author_role.as_ref().map(|g| g.value.clone()),
        date: metadata.report_date.as_ref().map(|g| g.value.to_string()),
        age_months: metadata.age_in_months,
        pages: document.pages.len(),
        extractors: document
            .pages
            .iter()
            .map(|page| PageJson {
                page: page.number,
                extractor: page.extractor.id(),
                ocr_confidence: page.ocr_confidence,
            })
            .collect(),
        blocks: document
            .blocks
            .iter()
            .map(|block| BlockJson {
                page: block.page,
                kind: block.kind.id(),
                text: block.text.clone(),
                start: block.start,
                end: block.end,
            })
            .collect(),
        diagnostics: all_diagnostics,
        masked,
        attachments,
    }
}

/// Describes (and, when asked, masks) a document and its attachments, recursively.
fn present(
    document: &Document,
    diagnostics: &[Diagnostic],
    as_of: Date,
    masker: &mut Option<redact::Redactor>,
) -> DocumentJson {
    // Metadata is read from the unmasked text (names are needed to find authors), but only
    // masked values are ever printed when redaction is on.
    let mut metadata = describe(document, as_of, &AdvicePolicy::default());
    let (shown, masked) = match masker {
        Some(redactor) => {
            let (masked_document, masked) = redactor.document(document);
            if metadata.author_name.is_some() {
                metadata.author_name = None;
                metadata.author_role = None;
            }
            (masked_document, masked)
        }
        None => (document.clone(), Vec::new()),
    };
    let attachments = document
        .attachments
        .iter()
        .map(|attachment| present(attachment, &[], as_of, masker))
        .collect();
    let mut json = document_json(&shown, diagnostics, &metadata, masked, attachments);
    if let Some(redactor) = masker {
        json.file = redactor.file_name(&json.file);
    }
    json
}

/// Reads a file of the bundle, refusing one over the size limit before reading it. The error is
/// one line for the user, without the path.
pub(crate) fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, String> {
    let size = std::fs::metadata(path)
        .map_err(|error| io_message(&error))?
        .len();
    if size > limits.max_file_bytes {
        return Err(IngestError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        }
        .to_string());
    }
    std::fs::read(path).map_err(|error| io_message(&error))
}

/// A plain description of an IO error, for one-line messages.
pub(crate) fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "a folder, not a file".to_owned(),
        _ => format!("could not be read ({error})"),
    }
}

pub(crate) fn run(args: &IngestArgs) -> Result<(), Failure> {
    let as_of = match &args.as_of {
        Some(text) => parse_iso_date(text).map_err(|e| Failure::usage(format!("--as-of: {e}")))?,
        None => super::today(),
    };
    let limits = Limits {
        max_file_bytes: args.max_size_mb.saturating_mul(1024 * 1024),
        ..Limits::default()
    };
    let options = IngestOptions { limits };
    let names: Vec<String> = args
        .names
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect();
    let mut redactor = if args.redact {
        Some(redact::Redactor::new(&names).map_err(Failure::internal)?)
    } else {
        None
    };
    let mut bundle = BundleJson {
        documents: Vec::new(),
        rejected: Vec::new(),
    };
    for path in &args.files {
        let shown_name = path.display().to_string();
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown_name.clone());
        let outcome = read_file(path, &options.limits).and_then(|bytes| {
            ingest(&file_name, &bytes, &options).map_err(|error| error.to_string())
        });
        match outcome {
            Ok((document, diagnostics)) => {
                let mut json = present(&document, &diagnostics, as_of, &mut redactor);
                json.file = printed_name(&mut redactor, shown_name);
                bundle.documents.push(json);
            }
            Err(message) => {
                let shown_name = printed_name(&mut redactor, shown_name);
                eprintln!("error: {shown_name}: {message}");
                bundle.rejected.push(RejectedJson {
                    file: shown_name,
                    error: message,
                });
            }
        }
    }
    if args.json {
        let json = serde_json::to_string_pretty(&bundle).map_err(Failure::internal)?;
        outln!("{json}");
    } else {
        for document in &bundle.documents {
            print_summary(document, 0);
        }
    }
    if bundle.rejected.is_empty() {
        Ok(())
    } else {
        Err(Failure::Silent(2))
    }
}

/// A file name as it may be printed: masked when redaction is on.
fn printed_name(redactor: &mut Option<redact::Redactor>, name: String) -> String {
    match redactor {
        Some(redactor) => redactor.file_name(&name),
        None => name,
    }
}

fn print_summary(document: &DocumentJson, indent: usize) {
    let pad = " ".repeat(indent);
    outln!(
        "{pad}{}: {} · {} · {} page(s) · {} block(s) · dated {}",
        document.file,
        document.format,
        document.kind,
        document.pages,
        document.blocks.len(),
        document.date.as_deref().unwrap_or("unknown")
    );
    for diagnostic in &document.diagnostics {
        outln!(
            "{pad}  {} {}: {}",
            diagnostic.severity,
            diagnostic.code,
            diagnostic.message
        );
    }
    for attachment in &document.attachments {
        print_summary(attachment, indent + 2);
    }
}
