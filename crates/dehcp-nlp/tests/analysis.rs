//! The evidence engine over whole documents: context of findings, verbatim quotes at their
//! stated spans and pages, provisions, summaries, the 20-item pre-fill and determinism.
//!
//! All text here is synthetic, written for these tests.

// Test code: a panic is the failure report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::sync::OnceLock;

use dehcp_ingest::{BlockKind, Document, DocumentBuilder, Format, IngestOptions, ingest};
use dehcp_nlp::analysis::{Analysis, Engine, Finding, Quote};
use proptest::prelude::*;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("the built-in rules load"))
}

/// A document of paragraphs on page 1.
fn document(name: &str, paragraphs: &[&str]) -> Document {
    let blocks: Vec<(u32, BlockKind, &str)> = paragraphs
        .iter()
        .map(|text| (1, BlockKind::Paragraph, *text))
        .collect();
    document_of(name, &blocks)
}

fn document_of(name: &str, blocks: &[(u32, BlockKind, &str)]) -> Document {
    let bytes: Vec<u8> = blocks
        .iter()
        .flat_map(|(_, _, text)| text.bytes())
        .chain(name.bytes())
        .collect();
    let mut builder = DocumentBuilder::new(name, Format::PlainText, &bytes);
    for (page, kind, text) in blocks {
        builder.block(*page, *kind, text);
    }
    builder.finish()
}

fn analyse(documents: &[&Document]) -> Analysis {
    engine().analyse(documents)
}

/// The findings of one concept.
fn of_concept<'a>(analysis: &'a Analysis, concept: &str) -> Vec<&'a Finding> {
    analysis
        .findings
        .iter()
        .filter(|finding| finding.concept == concept)
        .collect()
}

/// The polarity ids of the findings whose mention reads `mention`.
fn polarities(sentence: &str, mention: &str) -> Vec<&'static str> {
    let doc = document("phrasing.txt", &[sentence]);
    analyse(&[&doc])
        .findings
        .iter()
        .filter(|finding| finding.mention.text == mention)
        .map(|finding| finding.polarity.id())
        .collect()
}

#[test]
fn the_acceptance_phrasings_get_their_context() {
    assert_eq!(
        polarities("There are no concerns about her hearing.", "hearing"),
        ["negated"]
    );
    assert_eq!(
        polarities("His older brother has a diagnosis of ADHD.", "ADHD"),
        ["other_person"]
    );
    assert_eq!(polarities("Query ASD.", "ASD"), ["uncertain"]);
    assert_eq!(polarities("query ASD", "ASD"), ["uncertain"]);
}

#[test]
fn many_more_phrasings_get_their_context() {
    let cases: &[(&str, &str, &str)] = &[
        ("Mum does not have dyslexia.", "dyslexia", "other_person"),
        ("Does he have ASD?", "ASD", "uncertain"),
        ("Could this be dyslexia?", "dyslexia", "uncertain"),
        ("He has a diagnosis of ASD.", "ASD", "affirmed"),
        (
            "DCD was considered, but it was ruled out.",
            "DCD",
            "negated",
        ),
        ("As a toddler he had glue ear.", "glue ear", "historical"),
        ("He is on the pathway for ADHD.", "ADHD", "uncertain"),
        ("Mum reports that Sam has anxiety.", "anxiety", "affirmed"),
        ("?ASD; hearing within normal limits.", "ASD", "uncertain"),
        ("?ASD; hearing within normal limits.", "hearing", "negated"),
        ("Her hearing was tested in clinic.", "hearing", "none"),
        ("Her vision is within normal limits.", "vision", "negated"),
        // A feeling about a need is not its absence; a new clause by the author or a reporter
        // ends the negation before it.
        (
            "Tia said she doesn't mind that she stammers.",
            "stammers",
            "affirmed",
        ),
        (
            "There were no blocks, and I will keep his possible stammer under review.",
            "stammer",
            "uncertain",
        ),
        (
            "School have no concerns about her behaviour and says she has dyslexia.",
            "dyslexia",
            "affirmed",
        ),
        // What someone did not see or know is a clause of its own.
        (
            "What they didn't see was that he has anxiety at school.",
            "anxiety",
            "affirmed",
        ),
        (
            "Staff did not know that she has epilepsy.",
            "epilepsy",
            "affirmed",
        ),
    ];
    let mut failures = Vec::new();
    for (sentence, mention, expected) in cases {
        let got = polarities(sentence, mention);
        let want: Vec<&str> = if *expected == "none" {
            Vec::new()
        } else {
            vec![*expected]
        };
        if got != want {
            failures.push(format!(
                "{mention:?} in {sentence:?}: {got:?}, expected {expected}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_list_after_no_concerns_is_negated_item_by_item_with_no_affirmed_finding() {
    let doc = document(
        "list.txt",
        &["There are no concerns about his eyesight, hearing or balance."],
    );
    let analysis = analyse(&[&doc]);
    assert!(analysis.findings.len() >= 2, "{:?}", analysis.findings);
    for finding in &analysis.findings {
        assert_eq!(finding.polarity.id(), "negated", "{}", finding.mention.text);
        assert!(finding.trigger.is_some());
    }
}

/// The text at a quote's stated span, read the slow and obvious way.
fn at_span(text: &str, quote: &Quote) -> String {
    text.chars()
        .skip(quote.start)
        .take(quote.end.saturating_sub(quote.start))
        .collect()
}

/// The page of the block containing a character offset.
fn page_of(document: &Document, offset: usize) -> Option<u32> {
    document
        .blocks
        .iter()
        .find(|block| block.start <= offset && offset < block.end)
        .map(|block| block.page)
}

/// Every quote of an analysis, with what it is, for checking.
fn every_quote(analysis: &Analysis) -> Vec<(&'static str, &Quote)> {
    let mut all: Vec<(&'static str, &Quote)> = Vec::new();
    for finding in &analysis.findings {
        all.push(("mention", &finding.mention));
        all.push(("finding quote", &finding.quote));
    }
    for provision in &analysis.provisions {
        all.push(("provision", &provision.statement));
        for part in [
            &provision.what,
            &provision.who,
            &provision.group,
            &provision.frequency,
            &provision.duration,
            &provision.programme_length,
        ]
        .into_iter()
        .flatten()
        {
            all.push(("provision part", part));
        }
        all.extend(provision.vague.iter().map(|part| ("vague", part)));
    }
    let sections = analysis
        .summary
        .documents
        .iter()
        .flat_map(|summary| summary.sections.iter())
        .chain(analysis.summary.bundle.iter());
    for section in sections {
        all.extend(section.sentences.iter().map(|quote| ("summary", quote)));
    }
    for item in &analysis.assessment {
        all.extend(item.evidence.iter().map(|quote| ("evidence", quote)));
        all.extend(
            item.contradicting
                .iter()
                .map(|quote| ("contradicting", quote)),
        );
    }
    all
}

/// Checks every quote is verbatim at its span, on its stated page, inside one block.
fn check_quotes(analysis: &Analysis, documents: &[&Document]) -> Result<(), String> {
    for (what, quote) in every_quote(analysis) {
        let document = documents
            .get(quote.document)
            .ok_or_else(|| format!("{what}: no document {}", quote.document))?;
        let found = at_span(&document.text, quote);
        if found != quote.text {
            return Err(format!("{what}: {:?} at span reads {found:?}", quote.text));
        }
        if quote.start >= quote.end {
            return Err(format!("{what}: empty span {quote:?}"));
        }
        let page = page_of(document, quote.start);
        if page != Some(quote.page) {
            return Err(format!(
                "{what}: page {} but block page {page:?}",
                quote.page
            ));
        }
        let block = document
            .blocks
            .iter()
            .find(|block| block.start <= quote.start && quote.start < block.end);
        if let Some(block) = block
            && quote.end > block.end
            && what != "provision"
        {
            return Err(format!("{what}: {:?} crosses a block boundary", quote.text));
        }
    }
    Ok(())
}

fn reports() -> Vec<Document> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/reports");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the synthetic reports folder")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter(|path| !path.ends_with("README.md"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("a synthetic report");
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            ingest(&name, &bytes, &IngestOptions::default())
                .expect("the synthetic report ingests")
                .0
        })
        .collect()
}

#[test]
fn every_quote_of_the_synthetic_bundle_is_verbatim_at_its_span_and_page() {
    let documents = reports();
    assert!(documents.len() >= 10);
    let refs: Vec<&Document> = documents.iter().collect();
    let analysis = analyse(&refs);
    assert!(analysis.findings.len() > 100, "{}", analysis.findings.len());
    assert!(!analysis.provisions.is_empty());
    check_quotes(&analysis, &refs).unwrap();
    // Every finding's mention lies inside its sentence quote.
    for finding in &analysis.findings {
        assert_eq!(finding.mention.document, finding.quote.document);
        assert!(finding.quote.start <= finding.mention.start);
        assert!(finding.mention.end <= finding.quote.end);
        assert!((0.0..=1.0).contains(&finding.confidence));
    }
    // The bundle summary has the sections the bundle supports, within budget.
    let ids: Vec<&str> = analysis
        .summary
        .bundle
        .iter()
        .map(|section| section.id.as_str())
        .collect();
    for expected in [
        "strengths",
        "communication_and_interaction",
        "views",
        "recommendations",
    ] {
        assert!(ids.contains(&expected), "{ids:?}");
    }
    for section in &analysis.summary.bundle {
        let words: usize = section
            .sentences
            .iter()
            .map(|quote| quote.text.split_whitespace().count())
            .sum();
        assert!(words <= 250, "{}: {words} words", section.id);
    }
    for summary in &analysis.summary.documents {
        for section in &summary.sections {
            let words: usize = section
                .sentences
                .iter()
                .map(|quote| quote.text.split_whitespace().count())
                .sum();
            assert!(words <= 60, "{}: {words} words", section.id);
            assert!(
                section
                    .sentences
                    .iter()
                    .all(|q| q.document == summary.document)
            );
        }
    }
    // The assessment has all 20 items, and autism is scored from the bundle.
    assert_eq!(analysis.assessment.len(), 20);
    let asd = analysis
        .assessment
        .iter()
        .find(|item| item.metric == "asd")
        .unwrap();
    assert!(asd.score.is_some_and(|score| score >= 2), "{asd:?}");
    assert!(!asd.evidence.is_empty() && asd.evidence.len() <= 5);
}

#[test]
fn a_views_document_is_summarised_as_views() {
    let documents = reports();
    let parent = documents
        .iter()
        .position(|document| document.file_name == "parent-views.md")
        .unwrap();
    let refs: Vec<&Document> = documents.iter().collect();
    let analysis = analyse(&refs);
    let summary = &analysis.summary.documents[parent];
    let ids: Vec<&str> = summary.sections.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["views"]);
}

#[test]
fn a_recommendation_is_a_provision_and_summarised_as_one() {
    let statement = "Sam should receive 30 minutes of small group work three times a week with a teaching assistant trained by the speech and language therapist.";
    let doc = document(
        "salt.txt",
        &[
            "Sam has a diagnosis of autism and finds it hard to join in conversations with other children.",
            statement,
            "He would benefit from access to regular sensory breaks.",
        ],
    );
    let analysis = analyse(&[&doc]);
    assert_eq!(analysis.provisions.len(), 2, "{:?}", analysis.provisions);
    let first = &analysis.provisions[0];
    assert_eq!(first.statement.text, statement);
    assert_eq!(first.frequency.as_ref().unwrap().text, "three times a week");
    assert_eq!(first.duration.as_ref().unwrap().text, "30 minutes");
    assert!(first.group.is_some() && first.who.is_some());
    let second = &analysis.provisions[1];
    assert!(!second.specific);
    assert!(
        second
            .vague
            .iter()
            .any(|part| part.text.contains("regular"))
    );
    check_quotes(&analysis, &[&doc]).unwrap();
    let sections = &analysis.summary.documents[0].sections;
    let recommendations = sections
        .iter()
        .find(|section| section.id == "recommendations")
        .expect("a recommendations section");
    assert!(
        recommendations
            .sentences
            .iter()
            .any(|quote| quote.text == statement)
    );
    let communication = sections
        .iter()
        .find(|section| section.id == "communication_and_interaction")
        .expect("a communication section");
    assert!(
        communication.sentences[0]
            .text
            .starts_with("Sam has a diagnosis")
    );
}

#[test]
fn with_no_evidence_every_item_is_null_never_zero() {
    let doc = document(
        "plain.txt",
        &["The meeting was held in the school library on a Tuesday afternoon."],
    );
    let analysis = analyse(&[&doc]);
    assert_eq!(analysis.assessment.len(), 20);
    for item in &analysis.assessment {
        assert_eq!(item.score, None, "{}", item.metric);
        assert_eq!(item.rationale, "No evidence in the advice");
        assert!(item.evidence.is_empty() && item.contradicting.is_empty());
    }
    let empty = analyse(&[]);
    assert!(empty.assessment.iter().all(|item| item.score.is_none()));
    assert!(empty.documents.is_empty() && empty.findings.is_empty());
}

#[test]
fn negated_and_uncertain_mentions_do_not_score_but_are_shown() {
    let doc = document(
        "mixed.txt",
        &[
            "There are no concerns about her hearing.",
            "He is being assessed for ASD.",
        ],
    );
    let analysis = analyse(&[&doc]);
    let hearing = analysis
        .assessment
        .iter()
        .find(|item| item.metric == "hearing_impairment")
        .unwrap();
    assert_eq!(hearing.score, None);
    assert_eq!(hearing.contradicting.len(), 1);
    assert!(
        hearing.rationale.contains("stated absent"),
        "{}",
        hearing.rationale
    );
    let asd = analysis
        .assessment
        .iter()
        .find(|i| i.metric == "asd")
        .unwrap();
    assert_eq!(asd.score, None);
    assert!(asd.rationale.contains("uncertain"), "{}", asd.rationale);
}

#[test]
fn a_parent_writing_about_themselves_is_another_person() {
    let heading = |level| BlockKind::Heading { level };
    let doc = document_of(
        "views.txt",
        &[
            (1, heading(1), "Views of the child and family"),
            (1, heading(2), "All about me (Sam's views)"),
            (
                1,
                BlockKind::Paragraph,
                "I have dyslexia and reading is hard.",
            ),
            (1, heading(2), "Parent views"),
            (1, heading(3), "Our worries"),
            (
                1,
                BlockKind::Paragraph,
                "I have dyslexia myself, so I know how hard school can be.",
            ),
            (
                1,
                BlockKind::Paragraph,
                "I was diagnosed with ADHD as an adult.",
            ),
            (
                1,
                BlockKind::Paragraph,
                "My son has autism and finds change very hard.",
            ),
            (
                1,
                BlockKind::Paragraph,
                "I think he has anxiety about tests.",
            ),
            (1, heading(2), "Advice from school"),
            (
                1,
                BlockKind::Paragraph,
                "I have seen his anxiety in lessons.",
            ),
        ],
    );
    let analysis = analyse(&[&doc]);
    let polarity = |sentence_start: &str, concept: &str| {
        analysis
            .findings
            .iter()
            .find(|f| f.concept == concept && f.quote.text.starts_with(sentence_start))
            .map(|f| f.polarity.id())
            .unwrap_or_else(|| panic!("no {concept} in {sentence_start:?}"))
    };
    // The child's own "I" is the child.
    assert_eq!(polarity("I have dyslexia and", "dyslexia"), "affirmed");
    // Under the parent-views heading and its subheading, "I" is the parent.
    assert_eq!(
        polarity("I have dyslexia myself", "dyslexia"),
        "other_person"
    );
    assert_eq!(polarity("I was diagnosed", "adhd"), "other_person");
    // "My son" and "he" are the child.
    assert_eq!(polarity("My son has autism", "autism"), "affirmed");
    assert_eq!(polarity("I think he has anxiety", "anxiety"), "affirmed");
    // A heading of the same level ends the parent's part.
    assert_eq!(polarity("I have seen his anxiety", "anxiety"), "affirmed");
}

#[test]
fn an_old_procedure_does_not_outweigh_a_need_stated_absent_now() {
    let hearing = |paragraphs: &[&str]| {
        let doc = document("history.txt", paragraphs);
        let analysis = analyse(&[&doc]);
        analysis
            .assessment
            .iter()
            .find(|item| item.metric == "hearing_impairment")
            .unwrap()
            .clone()
    };
    // Grommets told in the past are historical and a current one is outweighed by a hearing
    // stated normal.
    let outweighed = hearing(&[
        "Sam had grommets fitted at the age of three.",
        "The grommets made a big difference to his speech.",
        "Audiology in May found normal hearing in both ears.",
    ]);
    assert_eq!(outweighed.score, None, "{}", outweighed.rationale);
    assert!(outweighed.evidence.is_empty());
    assert_eq!(outweighed.contradicting.len(), 1);
    assert!(
        outweighed
            .rationale
            .starts_with("Only interventions support it (Grommets")
            && outweighed
                .rationale
                .contains("Hearing loss is stated absent"),
        "{}",
        outweighed.rationale
    );
    // Without the statement of absence the intervention still scores.
    let supported = hearing(&["The grommets made a big difference to his speech."]);
    assert_eq!(supported.score, Some(1), "{}", supported.rationale);
    // A diagnosis is not outweighed: the support is more than an intervention.
    let diagnosed = hearing(&[
        "Sam has a mild hearing loss in his left ear and wears grommets.",
        "His hearing in the right ear is within normal limits.",
    ]);
    assert_eq!(diagnosed.score, Some(2), "{}", diagnosed.rationale);
}

#[test]
fn scores_follow_the_weights_and_agreement_across_documents() {
    let one = document("one.txt", &["Sam has a diagnosis of autism."]);
    let analysis = analyse(&[&one]);
    let asd = analysis
        .assessment
        .iter()
        .find(|i| i.metric == "asd")
        .unwrap();
    assert_eq!(asd.score, Some(3));
    assert!(
        asd.rationale
            .starts_with("Autism (diagnosis) affirmed in 1 document; weight 3")
    );
    assert_eq!(asd.evidence[0].text, "Sam has a diagnosis of autism.");

    // A weight-1 concept in one document, then in two: agreement adds one.
    let weight_one = engine()
        .dictionary()
        .concepts()
        .iter()
        .find(|concept| {
            concept.kind == dehcp_nlp::dictionary::ConceptKind::Difficulty
                && concept.metrics.len() == 1
                && concept.metrics[0].1 == 1.0
                && concept.metrics[0].0.kind() != dehcp_domain::MetricKind::Flag
                && concept
                    .terms
                    .iter()
                    .any(|t| t.split_whitespace().count() >= 2)
        })
        .expect("a difficulty with one weight-1 metric");
    let term = weight_one
        .terms
        .iter()
        .find(|t| t.split_whitespace().count() >= 2)
        .unwrap();
    let metric = weight_one.metrics[0].0.id();
    let sentence = format!("Sam has {term} in class.");
    let a = document("a.txt", &[&sentence]);
    let b = document("b.txt", &[&sentence]);
    let score = |analysis: &Analysis| {
        analysis
            .assessment
            .iter()
            .find(|i| i.metric == metric)
            .unwrap()
            .score
    };
    assert_eq!(score(&analyse(&[&a])), Some(1), "{term}");
    assert_eq!(score(&analyse(&[&a, &b])), Some(2), "{term}");
}

#[test]
fn headings_name_topics_but_are_not_evidence() {
    let doc = document_of(
        "headed.txt",
        &[
            (1, BlockKind::Heading { level: 2 }, "Autism"),
            (
                1,
                BlockKind::Paragraph,
                "The assessment took place over two mornings in school.",
            ),
        ],
    );
    let analysis = analyse(&[&doc]);
    assert_eq!(of_concept(&analysis, "autism").len(), 1);
    let asd = analysis
        .assessment
        .iter()
        .find(|i| i.metric == "asd")
        .unwrap();
    assert_eq!(asd.score, None);
}

#[test]
fn running_headers_and_footers_are_not_read() {
    let doc = document_of(
        "paged.txt",
        &[
            (1, BlockKind::Header, "Autism assessment service"),
            (1, BlockKind::Paragraph, "She enjoys drawing and reading."),
            (2, BlockKind::Footer, "Autism assessment service"),
        ],
    );
    let analysis = analyse(&[&doc]);
    assert!(of_concept(&analysis, "autism").is_empty());
}

#[test]
fn attachments_are_analysed_as_documents_of_their_own() {
    let report = document("report.txt", &["Sam has a diagnosis of autism."]);
    let mut builder = DocumentBuilder::new("cover.eml", Format::Eml, b"cover");
    builder.block(1, BlockKind::Paragraph, "Please find the report attached.");
    builder.attach(report);
    let email = builder.finish();
    let other = document("other.txt", &["She has dyslexia."]);
    let analysis = analyse(&[&email, &other]);
    let files: Vec<(&str, Option<usize>)> = analysis
        .documents
        .iter()
        .map(|d| (d.file.as_str(), d.parent))
        .collect();
    assert_eq!(
        files,
        [
            ("cover.eml", None),
            ("other.txt", None),
            ("report.txt", Some(0))
        ]
    );
    let autism = of_concept(&analysis, "autism");
    assert_eq!(autism.len(), 1);
    assert_eq!(autism[0].quote.document, 2);
    let attached: Vec<&Document> = vec![&email, &other, &email.attachments[0]];
    check_quotes(&analysis, &attached).unwrap();
}

#[test]
fn the_same_bundle_gives_the_same_analysis() {
    let documents = reports();
    let refs: Vec<&Document> = documents.iter().collect();
    let first = analyse(&refs);
    let second = Engine::builtin().unwrap().analyse(&refs);
    assert_eq!(first, second);
}

#[test]
fn odd_text_never_fails() {
    let long = "autism ".repeat(5_000);
    let odd = [
        "",
        "?",
        "...",
        "\u{0}\u{1}",
        "İİ\u{212A} Dyslexia — İ?",
        "no no no no",
        &long,
        "(((ADHD",
        "ASD?ASD?ASD?",
        "é́́́́́ hearing loss",
    ];
    for text in odd {
        let doc = document("odd.txt", &[text]);
        let analysis = analyse(&[&doc]);
        check_quotes(&analysis, &[&doc]).unwrap();
    }
}

/// Random blocks: kind, page and text drawn from phrases with findings, provision and odd
/// characters.
fn blocks_strategy() -> impl Strategy<Value = Vec<(u32, u8, String)>> {
    let phrase = prop::sample::select(vec![
        "Sam has autism.",
        "There are no concerns about her hearing.",
        "His older brother has a diagnosis of ADHD.",
        "query ASD",
        "Does he have ASD?",
        "Zoë’s hearing loss is moderate.",
        "He should receive 30 minutes of speech and language therapy weekly.",
        "Recommendations",
        "Views of the child",
        "She loves drawing and has a good visual memory.",
        "café — dyslexia; ",
        "He finds reading and writing hard",
        " ",
        "e.g. ",
        "1. ",
    ]);
    let block = (
        1_u32..4,
        0_u8..4,
        prop::collection::vec(phrase, 1..5).prop_map(|parts| parts.join(" ")),
    );
    prop::collection::vec(block, 0..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn quotes_are_verbatim_at_their_span_and_page_for_any_block_layout(blocks in blocks_strategy()) {
        let mut pages: Vec<u32> = blocks.iter().map(|(page, _, _)| *page).collect();
        pages.sort_unstable();
        let layout: Vec<(u32, BlockKind, &str)> = blocks
            .iter()
            .zip(pages)
            .map(|((_, kind, text), page)| {
                let kind = match kind {
                    0 => BlockKind::Heading { level: 2 },
                    1 => BlockKind::ListItem,
                    2 => BlockKind::TableCell { table: 0, row: 0, column: 0 },
                    _ => BlockKind::Paragraph,
                };
                (page, kind, text.as_str())
            })
            .collect();
        let doc = document_of("random.txt", &layout);
        let analysis = analyse(&[&doc]);
        if let Err(problem) = check_quotes(&analysis, &[&doc]) {
            prop_assert!(false, "{}", problem);
        }
        prop_assert_eq!(&analysis, &analyse(&[&doc]));
    }
}

#[test]
fn words_inside_a_professional_title_are_not_findings_about_the_child() {
    let doc = document(
        "titles.md",
        &[
            "Written by Jo Bell, Community Learning Disability Nurse.",
            "The ADHD nurse reviewed his medication. Sam has ADHD and a learning disability.",
        ],
    );
    let analysis = analyse(&[&doc]);
    // The title names who wrote the advice; the child's own diagnoses are still found.
    let learning: Vec<&str> = of_concept(&analysis, "learning_disability")
        .iter()
        .map(|f| f.mention.text.as_str())
        .collect();
    assert_eq!(learning, ["learning disability"]);
    let adhd: Vec<&str> = of_concept(&analysis, "adhd")
        .iter()
        .map(|f| f.mention.text.as_str())
        .collect();
    // Only the child's, not the one in "The ADHD nurse".
    assert_eq!(adhd, ["ADHD"]);
}

#[test]
fn a_title_in_a_parent_s_voice_holds_over_sections_of_the_same_level() {
    // A PDF whose headings share one size: the title and the sections are all level 1.
    let heading = BlockKind::Heading { level: 1 };
    let doc = document_of(
        "views.pdf",
        &[
            (1, heading, "Parent and Carer Views"),
            (1, heading, "What we are worried about"),
            (
                1,
                BlockKind::Paragraph,
                "Because I have dyslexia myself, I know how that feels.",
            ),
        ],
    );
    let analysis = analyse(&[&doc]);
    let dyslexia = of_concept(&analysis, "dyslexia");
    assert_eq!(dyslexia.len(), 1, "{dyslexia:#?}");
    assert_eq!(dyslexia[0].polarity.id(), "other_person");
    // A first heading that is no title in a voice changes nothing: "I" is not the parent.
    let doc = document_of(
        "advice.pdf",
        &[
            (1, heading, "Educational psychology advice"),
            (1, heading, "Parent views"),
            (1, heading, "My observations"),
            (
                1,
                BlockKind::Paragraph,
                "I have seen his dyslexia affect every lesson.",
            ),
        ],
    );
    let analysis = analyse(&[&doc]);
    assert_eq!(
        of_concept(&analysis, "dyslexia")[0].polarity.id(),
        "affirmed"
    );
}
