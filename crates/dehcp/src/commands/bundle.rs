//! Reading a bundle for `analyse` and `draft`: ingest every file (a rejected file is reported
//! on one line and the rest go on), read each document's metadata from the original wording,
//! mask personal data when names are given, and run the evidence engine.

use std::path::{Path, PathBuf};

use dehcp_ingest::mask::{KnownPerson, Masker, MaskingRequest};
use dehcp_ingest::metadata::{AdvicePolicy, ReportMetadata, describe};
use dehcp_ingest::{Document, IngestOptions, Limits, ingest};
use dehcp_nlp::analysis::{Analysis, Engine, bundle_documents};
use time::Date;

use crate::commands::ingest::read_file;
use crate::exit::Failure;

/// A file that could not be read.
pub(crate) struct Rejected {
    /// The file as the user named it.
    pub(crate) file: String,
    /// Why, in one line.
    pub(crate) error: String,
}

/// An analysed bundle.
pub(crate) struct Bundle {
    /// The documents as analysed (masked when names were given), in the order given.
    pub(crate) analysed: Vec<Document>,
    /// The files that could not be read.
    pub(crate) rejected: Vec<Rejected>,
    /// Each analysis document's metadata, read before masking, in the analysis's order.
    pub(crate) metadata: Vec<ReportMetadata>,
    /// Each analysis document's file name: as given for top-level files, the attachment's own
    /// name otherwise.
    pub(crate) files: Vec<String>,
    /// The evidence engine's analysis.
    pub(crate) analysis: Analysis,
}

/// Reads, masks and analyses the files. Rejected files are reported on standard error as
/// they are met (`error: FILE: why`).
pub(crate) fn load(
    paths: &[PathBuf],
    names: Option<&str>,
    as_of: Date,
    max_size_mb: u64,
    engine: &Engine,
) -> Result<Bundle, Failure> {
    let limits = Limits {
        max_file_bytes: max_size_mb.saturating_mul(1024 * 1024),
        ..Limits::default()
    };
    let options = IngestOptions { limits };
    let mut masker = match names {
        Some(names) => {
            let people = KnownPerson::from_name_list(names);
            let request = MaskingRequest {
                known_names: &people,
            };
            Some(Masker::new(&request).map_err(Failure::internal)?)
        }
        None => None,
    };

    let mut documents: Vec<(String, Document)> = Vec::new();
    let mut rejected = Vec::new();
    for path in paths {
        let shown_name = path.display().to_string();
        let file_name = file_name(path, &shown_name);
        let outcome = read_file(path, &options.limits).and_then(|bytes| {
            ingest(&file_name, &bytes, &options).map_err(|error| error.to_string())
        });
        match outcome {
            Ok((document, _diagnostics)) => documents.push((shown_name, document)),
            Err(message) => {
                eprintln!("error: {shown_name}: {message}");
                rejected.push(Rejected {
                    file: shown_name,
                    error: message,
                });
            }
        }
    }

    // Metadata is read before masking: the kind and date need the original wording.
    let originals: Vec<&Document> = documents.iter().map(|(_, document)| document).collect();
    let metadata: Vec<ReportMetadata> = bundle_documents(&originals)
        .into_iter()
        .map(|(document, _)| describe(document, as_of, &AdvicePolicy::default()))
        .collect();
    let analysed: Vec<Document> = match masker.as_mut() {
        Some(masker) => documents
            .iter()
            .map(|(_, document)| masker.mask_document(document).0)
            .collect(),
        None => documents
            .iter()
            .map(|(_, document)| document.clone())
            .collect(),
    };
    let refs: Vec<&Document> = analysed.iter().collect();
    let analysis = engine.analyse(&refs);
    let files: Vec<String> = analysis
        .documents
        .iter()
        .map(|document| match documents.get(document.index) {
            Some((shown, _)) if document.parent.is_none() => shown.clone(),
            _ => document.file.clone(),
        })
        .collect();
    Ok(Bundle {
        analysed,
        rejected,
        metadata,
        files,
        analysis,
    })
}

fn file_name(path: &Path, shown: &str) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.to_owned())
}
