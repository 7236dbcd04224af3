//! Every synthetic corpus report, converted in memory into Word, OpenDocument, PDF, RTF, HTML
//! and email by `dehcp_ingest::formats::corpus`, is ingested and must yield its known
//! sentence (listed in `testdata/reports/README.md`) in one block, on the right page for PDF.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use dehcp_ingest::formats::corpus::{self, Variant};
use dehcp_ingest::{IngestOptions, Limits, ingest};

fn reports() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/reports")
}

/// The 1-based PDF page whose laid-out lines hold `sentence`.
fn expected_pdf_page(pages: &[Vec<String>], sentence: &str) -> usize {
    pages
        .iter()
        .position(|lines| lines.join(" ").contains(sentence))
        .unwrap_or_else(|| panic!("layout lost {sentence:?}"))
        + 1
}

#[test]
fn every_report_in_every_format_yields_its_known_sentence() {
    let readme = std::fs::read_to_string(reports().join("README.md")).unwrap();
    let known = corpus::known_sentences(&readme);
    assert_eq!(known.len(), 12, "known sentences in README: {known:?}");
    let options = IngestOptions {
        limits: Limits {
            external_tools: false,
            ..Limits::default()
        },
    };
    let mut failures = Vec::new();
    for (file, sentence) in &known {
        let markdown = std::fs::read_to_string(reports().join(file)).unwrap();
        let blocks = corpus::parse(&markdown);
        let stem = file.trim_end_matches(".md");
        for variant in Variant::ALL {
            let name = format!("{stem}.{}", variant.extension());
            let bytes = corpus::render(variant, &blocks);
            let (document, _) = match ingest(&name, &bytes, &options) {
                Ok(read) => read,
                Err(error) => {
                    failures.push(format!("{name}: rejected: {error}"));
                    continue;
                }
            };
            if document.format.id() != variant.extension() {
                failures.push(format!("{name}: read as {}", document.format.id()));
            }
            let Some(block) = document
                .blocks
                .iter()
                .find(|block| block.text.contains(sentence.as_str()))
            else {
                failures.push(format!("{name}: known sentence not found in any block"));
                continue;
            };
            if variant == Variant::Pdf {
                let expected = expected_pdf_page(&corpus::pdf_pages(&blocks), sentence);
                assert!(document.pages.len() > 1, "{name}: expected several pages");
                if block.page as usize != expected {
                    failures.push(format!(
                        "{name}: known sentence on page {}, expected {expected}",
                        block.page
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_markdown_reader_keeps_the_corpus_structure() {
    let markdown = std::fs::read_to_string(reports().join("ep-advice.md")).unwrap();
    let blocks = corpus::parse(&markdown);
    assert!(
        matches!(&blocks[0], corpus::Block::Heading { level: 1, text } if text == "Educational Psychology Advice")
    );
    assert!(!blocks.iter().any(|block| matches!(block, corpus::Block::Paragraph(text) if text.contains("<!--") || text.contains("**"))));
    let table = blocks
        .iter()
        .find_map(|block| match block {
            corpus::Block::Table(rows) => Some(rows),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        table[0],
        [
            "Area assessed",
            "Standard score",
            "Percentile",
            "Descriptor"
        ]
    );
    assert_eq!(table.len(), 6, "header and five rows, without the rule");
    assert!(
        blocks
            .iter()
            .any(|block| matches!(block, corpus::Block::ListItem { number: None, .. }))
    );
    for page in corpus::pdf_pages(&blocks) {
        assert!(page.len() <= corpus::PDF_PAGE_LINES + 1);
        assert!(
            page.iter()
                .all(|line| line.chars().count() <= corpus::PDF_LINE_CHARS + 2)
        );
    }
}

/// What the engine reads in a document: each provision statement and its parts, then each
/// finding as its concept, polarity and mention, with runs of whitespace made one space (PDF
/// lines wrap where other formats do not).
fn analysis_of(document: &dehcp_ingest::Document) -> Vec<Vec<String>> {
    let engine = dehcp_nlp::analysis::Engine::builtin().expect("the built-in rules load");
    let analysis = engine.analyse(&[document]);
    let flat = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let findings = analysis.findings.iter().map(|finding| {
        vec![
            finding.concept.clone(),
            format!("{:?}", finding.polarity),
            flat(&finding.mention.text),
        ]
    });
    analysis
        .provisions
        .iter()
        .map(|provision| {
            std::iter::once(flat(&provision.statement.text))
                .chain(
                    provision
                        .parts()
                        .map(|(_, part)| part.map_or(String::new(), |part| flat(&part.text))),
                )
                .chain(provision.vague.iter().map(|part| flat(&part.text)))
                .collect()
        })
        .chain(findings)
        .collect()
}

#[test]
fn every_format_of_a_report_gives_the_provisions_and_findings_of_its_markdown() {
    let readme = std::fs::read_to_string(reports().join("README.md")).unwrap();
    let options = IngestOptions {
        limits: Limits {
            external_tools: false,
            ..Limits::default()
        },
    };
    let mut failures = Vec::new();
    let mut statements = 0;
    for (file, _) in corpus::known_sentences(&readme) {
        let markdown = std::fs::read_to_string(reports().join(&file)).unwrap();
        let (original, _) = ingest(&file, markdown.as_bytes(), &options).unwrap();
        let expected = analysis_of(&original);
        statements += expected.len();
        let blocks = corpus::parse(&markdown);
        let stem = file.trim_end_matches(".md");
        for variant in Variant::ALL {
            let name = format!("{stem}.{}", variant.extension());
            let bytes = corpus::render(variant, &blocks);
            let Ok((document, _)) = ingest(&name, &bytes, &options) else {
                failures.push(format!("{name}: rejected"));
                continue;
            };
            let found = analysis_of(&document);
            if found != expected {
                failures.push(format!("{name}: {found:#?}\nexpected {expected:#?}"));
            }
        }
    }
    // The corpus recommends: the comparison is not between empty lists.
    assert!(
        statements >= 40,
        "only {statements} statements in the corpus"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
