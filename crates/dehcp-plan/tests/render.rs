//! DOCX, PDF, HTML and easy-read output, on plans built by hand from synthetic text.

// Test helpers: a failed expectation is the clearest report, and notes about skipped external
// tools go to the test output.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use std::path::PathBuf;
use std::process::Command;

use dehcp_domain::plan::PlanTemplate;
use dehcp_plan::check::{self, CheckReport};
use dehcp_plan::render;
use dehcp_plan::{
    AdviceEntry, AreaTable, CareRow, Edit, Origin, Part, PersonalDetails, Plan, ProvisionParts,
    Quote, SCHEMA_VERSION, SocialCareRow, Source, Statement, Suggestions, ViewsPart, Voice,
};

// ---------------------------------------------------------------------------------------------
// Building plans

fn quote(document: usize, page: u32, start: usize, text: &str) -> Quote {
    Quote {
        document,
        page,
        start,
        end: start + text.chars().count(),
        text: text.to_owned(),
    }
}

fn st(id: &str, section: &str, text: &str, quotes: Vec<Quote>) -> Statement {
    Statement {
        id: id.to_owned(),
        section: section.to_owned(),
        text: text.to_owned(),
        origin: Origin::Evidence,
        voice: None,
        quotes,
        provision: None,
        suggestion: false,
        edit: None,
    }
}

fn part(text: &str, quote: Option<Quote>) -> Part {
    Part {
        text: text.to_owned(),
        quote,
        placeholder: false,
    }
}

fn placeholder(who: &str) -> Part {
    Part {
        text: format!("to be specified by {who}"),
        quote: None,
        placeholder: true,
    }
}

fn outcome(id: &str, text: &str, quotes: Vec<Quote>) -> Statement {
    Statement {
        origin: Origin::Library {
            template: "ci-primary-1".into(),
        },
        suggestion: true,
        ..st(id, "E", text, quotes)
    }
}

fn provision(id: &str, section: &str, what: &str, freq: Option<&str>, q: Quote) -> Statement {
    let parts = ProvisionParts {
        what: part(what, Some(q.clone())),
        who: part("a speech and language therapist", Some(q.clone())),
        frequency: match freq {
            Some(f) => part(f, Some(q.clone())),
            None => placeholder("the speech and language therapist"),
        },
        duration: placeholder("the speech and language therapist"),
        group: Some(part("one-to-one", Some(q.clone()))),
        programme_length: placeholder("the speech and language therapist"),
    };
    Statement {
        provision: Some(parts),
        ..st(
            id,
            section,
            &format!("{what}, delivered by a speech and language therapist."),
            vec![q],
        )
    }
}

fn sources(n: usize, pages: u32) -> Vec<Source> {
    (0..n)
        .map(|i| Source {
            index: i,
            file: format!("synthetic-report-{}.pdf", i + 1),
            id: format!("{i:064x}"),
            format: "pdf".into(),
            kind: [
                "educational_psychology",
                "speech_and_language",
                "parent_views",
            ][i % 3]
                .into(),
            pages,
            parent: None,
        })
        .collect()
}

/// A small plan with every kind of content: views with voices, a need table with a placeholder
/// provision and a library outcome, health and social care rows, an edit, an unescaped
/// `<script>` and characters outside WinAnsi.
fn small_plan() -> Plan {
    let q1 = quote(
        0,
        2,
        10,
        "Sam finds it hard to follow spoken instructions with more than two steps.",
    );
    let q2 = quote(1, 3, 40, "weekly speech and language therapy");
    let q3 = quote(2, 1, 5, "I like trains and drawing maps.");
    let q4 = quote(
        0,
        4,
        100,
        "Sam tires easily after lunch and needs rest breaks.",
    );
    let mut edited = st(
        "A1-1",
        "A",
        "Sam lives with his mum and older sister and moved to this school in Year 2.",
        vec![quote(0, 1, 0, "Sam moved to this school in Year 2.")],
    );
    edited.edit = Some(Edit {
        author: "coordinator-1".into(),
        time: "2026-03-01".into(),
        replaced: "Sam moved school in Year 2.".into(),
    });
    let mut child_view = st(
        "A2-1",
        "A",
        "I like trains and drawing maps.",
        vec![q3.clone()],
    );
    child_view.voice = Some(Voice::Child);
    let mut parent_view = st(
        "A2-2",
        "A",
        "We want Sam to make friends and enjoy school. <script>alert(1)</script>",
        vec![q3],
    );
    parent_view.voice = Some(Voice::Parent);
    Plan {
        schema_version: SCHEMA_VERSION,
        template_version: "2026.1".into(),
        as_of: "2026-03-02".into(),
        synthetic: true,
        personal: PersonalDetails {
            name: Some("[CHILD]".into()),
            date_of_birth: None,
            year_group: Some(4),
            phase: Some("primary".into()),
            other: vec![("First language".into(), "English".into())],
        },
        history: vec![edited],
        views: vec![
            ViewsPart {
                heading: "The child or young person's views".into(),
                statements: vec![child_view],
            },
            ViewsPart {
                heading: "The family's views".into(),
                statements: vec![parent_view],
            },
        ],
        areas: vec![
            AreaTable {
                area: "communication_and_interaction".into(),
                title: "Communication and interaction".into(),
                strengths: vec![st(
                    "S-ci-1",
                    "B",
                    "Sam enjoys talking about his interests \u{201c}with adults\u{201d} \u{2013} \u{1F682} \u{4E2D}.",
                    vec![quote(0, 2, 0, "Sam enjoys talking about his interests.")],
                )],
                rows: vec![CareRow {
                    id: "B-communication_and_interaction-1".into(),
                    need: st(
                        "B-communication_and_interaction-1",
                        "B",
                        "Sam finds it hard to follow spoken instructions with more than two steps.",
                        vec![q1.clone()],
                    ),
                    provision: vec![provision(
                        "F-communication_and_interaction-1-1",
                        "F",
                        "Speech and language therapy",
                        Some("weekly"),
                        q2,
                    )],
                    outcomes: vec![outcome(
                        "E-communication_and_interaction-1-1",
                        "By the end of Year 5, Sam will follow three-step instructions in class on four out of five occasions.",
                        vec![q1],
                    )],
                }],
            },
            AreaTable {
                area: "cognition_and_learning".into(),
                title: "Cognition and learning".into(),
                strengths: Vec::new(),
                rows: Vec::new(),
            },
        ],
        health: vec![CareRow {
            id: "C-1".into(),
            need: st(
                "C-1",
                "C",
                "Sam tires easily after lunch and needs rest breaks.",
                vec![q4.clone()],
            ),
            provision: vec![Statement {
                origin: Origin::Placeholder {
                    who: "the school nurse".into(),
                },
                ..st(
                    "G-1-1",
                    "G",
                    "to be specified by the school nurse",
                    Vec::new(),
                )
            }],
            outcomes: Vec::new(),
        }],
        social_care: vec![SocialCareRow {
            id: "D-1".into(),
            need: st(
                "D-1",
                "D",
                "The family would benefit from short breaks at weekends.",
                vec![quote(2, 2, 0, "short breaks at weekends")],
            ),
            h1: Vec::new(),
            h2: vec![st(
                "H2-1-1",
                "H2",
                "Short breaks: one Saturday a month at a local play scheme.",
                vec![quote(2, 2, 30, "one Saturday a month")],
            )],
            outcomes: Vec::new(),
        }],
        placement: None,
        personal_budget: Vec::new(),
        advice: vec![
            AdviceEntry {
                document: 0,
                advice_type: "psychological".into(),
                kind: "educational_psychology".into(),
                author: Some("[PROFESSIONAL_1]".into()),
                role: Some("Educational psychologist".into()),
                date: Some("2026-01-15".into()),
                appended: true,
            },
            AdviceEntry {
                document: 1,
                advice_type: "requested_by_family".into(),
                kind: "speech_and_language".into(),
                author: None,
                role: Some("Speech and language therapist".into()),
                date: None,
                appended: true,
            },
        ],
        suggestions: Suggestions {
            primary_need: Some(("SLCN".into(), 0.62)),
            alternatives: vec![("ASD".into(), 0.21)],
            cluster: Some((3, "Communication needs, mainstream".into(), false)),
            provision_elements: vec![("SP2".into(), "Speech and language therapy".into(), 0.8)],
            explanation: vec!["Language scores weigh most.".into()],
            synthetic_model: true,
        },
        sources: sources(3, 6),
    }
}

/// A plan the size of a 60-page, six-document bundle: many needs, provision and quotes, and one
/// statement longer than a page.
fn big_plan() -> Plan {
    let mut plan = small_plan();
    plan.sources = sources(6, 10);
    let areas = [
        (
            "communication_and_interaction",
            "Communication and interaction",
        ),
        ("cognition_and_learning", "Cognition and learning"),
        (
            "social_emotional_mental_health",
            "Social, emotional and mental health",
        ),
        ("sensory_and_physical", "Sensory and/or physical"),
    ];
    plan.areas = areas
        .iter()
        .enumerate()
        .map(|(a, (id, title))| AreaTable {
            area: (*id).into(),
            title: (*title).into(),
            strengths: (0..3)
                .map(|i| st(&format!("S-{a}-{i}"), "B", "Sam is keen and kind and tries hard when work is broken into small steps.", vec![quote(i % 6, (i as u32 % 10) + 1, i * 7, "keen and kind")]))
                .collect(),
            rows: (0..8)
                .map(|r| {
                    let q = quote((a + r) % 6, (r as u32 % 10) + 1, r * 50 + a, "needs adult help to start written tasks and to stay on task for ten minutes");
                    CareRow {
                        id: format!("B-{id}-{r}"),
                        need: st(&format!("B-{id}-{r}"), "B", &format!("Need {r}: Sam needs adult help to start written tasks and to keep going for ten minutes, and he finds busy rooms noisy and tiring, so he often leaves his seat."), vec![q.clone()]),
                        provision: vec![
                            provision(&format!("F-{id}-{r}-1"), "F", "Small-group language work using visual supports", Some("three times a week"), q.clone()),
                            provision(&format!("F-{id}-{r}-2"), "F", "Daily check-in with a trusted adult", None, q.clone()),
                        ],
                        outcomes: vec![outcome(&format!("E-{id}-{r}-1"), "By July 2027 Sam will start a written task within two minutes of being asked, in four out of five lessons.", vec![q])],
                    }
                })
                .collect(),
        })
        .collect();
    let long: String = (0..220)
        .map(|i| format!("sentence{i} of a very long synthetic history with words"))
        .collect::<Vec<_>>()
        .join(" ");
    plan.areas[0].rows[0].need.text = long;
    plan.advice = (0..6)
        .map(|i| AdviceEntry {
            document: i,
            advice_type: [
                "parent_or_young_person",
                "educational",
                "medical",
                "psychological",
                "social_care",
                "other",
            ][i]
                .into(),
            kind: "report".into(),
            author: Some(format!("[PROFESSIONAL_{i}]")),
            role: Some("Adviser".into()),
            date: Some("2026-01-10".into()),
            appended: true,
        })
        .collect();
    plan
}

fn empty_plan() -> Plan {
    Plan {
        schema_version: SCHEMA_VERSION,
        template_version: "2026.1".into(),
        as_of: "2026-03-02".into(),
        synthetic: false,
        personal: PersonalDetails::default(),
        history: Vec::new(),
        views: Vec::new(),
        areas: Vec::new(),
        health: Vec::new(),
        social_care: Vec::new(),
        placement: None,
        personal_budget: Vec::new(),
        advice: Vec::new(),
        suggestions: Suggestions::default(),
        sources: Vec::new(),
    }
}

fn template() -> PlanTemplate {
    PlanTemplate::builtin().expect("built-in template loads")
}

fn report(plan: &Plan, template: &PlanTemplate) -> CheckReport {
    check::check(plan, template)
}

const SECTION_LABELS: [&str; 12] = [
    "Section A",
    "Section B",
    "Section C",
    "Section D",
    "Section E",
    "Section F",
    "Section G",
    "Section H1",
    "Section H2",
    "Section I",
    "Section J",
    "Section K",
];

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dehcp-plan-render-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

// ---------------------------------------------------------------------------------------------
// DOCX

fn paragraph_text(p: &docx_rs::Paragraph) -> String {
    p.raw_text()
}

/// Every paragraph of the body, with its style, tables included.
fn docx_paragraphs(docx: &docx_rs::Docx) -> Vec<(String, String)> {
    fn table(t: &docx_rs::Table, out: &mut Vec<(String, String)>) {
        for docx_rs::TableChild::TableRow(row) in &t.rows {
            for docx_rs::TableRowChild::TableCell(cell) in &row.cells {
                for content in &cell.children {
                    match content {
                        docx_rs::TableCellContent::Paragraph(p) => out.push((
                            p.property
                                .style
                                .as_ref()
                                .map(|s| s.val.clone())
                                .unwrap_or_default(),
                            paragraph_text(p),
                        )),
                        docx_rs::TableCellContent::Table(t) => table(t, out),
                        _ => {}
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    for child in &docx.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => out.push((
                p.property
                    .style
                    .as_ref()
                    .map(|s| s.val.clone())
                    .unwrap_or_default(),
                paragraph_text(p),
            )),
            docx_rs::DocumentChild::Table(t) => table(t, &mut out),
            _ => {}
        }
    }
    out
}

#[test]
fn docx_reads_back_with_headings_tables_comments_and_page_numbers() {
    let plan = small_plan();
    let template = template();
    let bytes = render::docx(&plan, &template, &report(&plan, &template)).expect("docx");
    assert!(bytes.starts_with(b"PK"), "a DOCX is a zip package");
    let docx = docx_rs::read_docx(&bytes).expect("reads back");
    let paras = docx_paragraphs(&docx);
    let headings: Vec<&str> = paras
        .iter()
        .filter(|(style, _)| style.starts_with("Heading"))
        .map(|(_, t)| t.as_str())
        .collect();
    for label in SECTION_LABELS {
        assert!(
            headings.iter().any(|h| h.contains(&format!("{label}:"))
                || h.contains(&format!("{label},"))
                || h.contains(&format!("{label} and"))
                || h.contains(&format!("{label} ("))
                || h.contains(&format!("{label})"))),
            "no heading labels {label}: {headings:?}"
        );
    }
    // Three heading levels, with the Word styles defined.
    for style in ["Heading1", "Heading2", "Heading3"] {
        assert!(paras.iter().any(|(s, _)| s == style), "{style} unused");
        assert!(
            docx.styles.find_style_by_id(style).is_some(),
            "{style} not defined"
        );
    }
    assert!(docx.styles.find_style_by_id("PlanTable").is_some());
    // Tables: the area table has the strengths row and the provision parts.
    let text: String = paras.iter().map(|(_, t)| format!("{t}\n")).collect();
    assert!(text.contains("Strengths"));
    assert!(text.contains("How often: weekly"));
    assert!(
        text.contains("How long each time: To be specified by the speech and language therapist")
    );
    assert!(text.contains("Suggested outcome \u{2013} personalise before issue"));
    assert!(text.contains("To be named by the local authority in the final plan"));
    assert!(
        text.contains("No special educational needs in cognition and learning were identified")
    );
    assert!(text.contains("Suggestions from the needs model (not part of the plan)"));
    assert!(text.contains("SYNTHETIC"));
    assert!(
        text.contains("<script>alert(1)</script>"),
        "text kept verbatim, XML-escaped by the writer"
    );
    // Placeholders carry their own style.
    assert!(
        paras
            .iter()
            .any(|(s, t)| s == "Placeholder" && t.contains("To be specified by the school nurse"))
    );
    // Comments carry the evidence.
    let comments = docx.comments.inner();
    assert!(!comments.is_empty(), "no comments");
    let comment_text: Vec<String> = comments
        .iter()
        .flat_map(|c| c.children.iter())
        .filter_map(|c| match c {
            docx_rs::CommentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(
        comment_text.iter().any(|t| t.contains("Evidence [")
            && t.contains("synthetic-report-2.pdf, page 3")
            && t.contains("\u{201c}weekly speech and language therapy\u{201d}")),
        "{comment_text:?}"
    );
    // The footer numbers pages.
    let footer = docx
        .document
        .section_property
        .footer
        .as_ref()
        .expect("a footer");
    let footer_text: String = footer
        .1
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::FooterChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(
        footer_text.contains("Page") && footer_text.contains("of"),
        "{footer_text}"
    );
}

#[test]
fn docx_converts_with_libreoffice_when_installed() {
    let program = ["soffice", "libreoffice"].into_iter().find(|p| on_path(p));
    let Some(program) = program else {
        println!("note: LibreOffice (soffice) is not installed; skipped the headless conversion");
        return;
    };
    let plan = big_plan();
    let template = template();
    let bytes = render::docx(&plan, &template, &report(&plan, &template)).expect("docx");
    let dir = scratch("soffice");
    let input = dir.join("plan.docx");
    std::fs::write(&input, &bytes).expect("write docx");
    let status = Command::new(program)
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&input)
        .env("HOME", &dir)
        .output()
        .expect("run soffice");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = std::fs::read(dir.join("plan.pdf")).expect("LibreOffice wrote a PDF");
    let doc = lopdf::Document::load_mem(&pdf).expect("LibreOffice's PDF loads");
    assert!(doc.get_pages().len() > 1);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// PDF

fn pdf_text(bytes: &[u8]) -> (usize, Vec<String>) {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let texts = pages
        .iter()
        .map(|p| doc.extract_text(&[*p]).expect("text extracts"))
        .collect();
    (pages.len(), texts)
}

fn pdftotext(bytes: &[u8], name: &str) -> Option<String> {
    if !Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    {
        println!("note: pdftotext is not installed; skipped the poppler check");
        return None;
    }
    let dir = scratch(name);
    let input = dir.join("plan.pdf");
    std::fs::write(&input, bytes).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&input)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn pdf_has_every_section_page_numbers_and_sources() {
    let plan = small_plan();
    let template = template();
    let bytes = render::pdf(&plan, &template, &report(&plan, &template)).expect("pdf");
    assert!(bytes.starts_with(b"%PDF-"));
    let (count, texts) = pdf_text(&bytes);
    assert!(count > 0);
    let all = texts.join("\n");
    for label in SECTION_LABELS {
        assert!(all.contains(label), "{label} missing from the PDF text");
    }
    for (i, text) in texts.iter().enumerate() {
        assert!(
            text.contains(&format!("Page {} of {count}", i + 1)),
            "page {} unnumbered",
            i + 1
        );
    }
    assert!(all.contains("Sources"));
    assert!(all.contains("synthetic-report-2.pdf, page 3"));
    assert!(all.contains("To be named by the local authority in the final plan"));
    if let Some(poppler) = pdftotext(&bytes, "small") {
        for label in SECTION_LABELS {
            assert!(poppler.contains(label), "pdftotext misses {label}");
        }
        assert!(
            poppler.contains("Suggested outcome \u{2013} personalise"),
            "en dash survives WinAnsi"
        );
        assert!(
            poppler.contains("\u{201c}with adults\u{201d}"),
            "curly quotes survive WinAnsi"
        );
        assert!(poppler.contains("SYNTHETIC"));
    }
}

#[test]
fn pdf_paginates_a_large_plan_and_splits_long_rows() {
    let plan = big_plan();
    let template = template();
    let bytes = render::pdf(&plan, &template, &report(&plan, &template)).expect("pdf");
    let (count, texts) = pdf_text(&bytes);
    assert!(count >= 10, "only {count} pages");
    for (i, text) in texts.iter().enumerate() {
        assert!(text.contains(&format!("Page {} of {count}", i + 1)));
    }
    let all = texts.join("\n");
    // The statement longer than a page is printed whole, across pages.
    assert!(all.contains("sentence0 of"));
    assert!(all.contains("sentence219 of"));
    assert!(all.contains("Section K"));
    if let Some(poppler) = pdftotext(&bytes, "big") {
        assert_eq!(
            poppler.matches('\u{c}').count(),
            count,
            "pdftotext sees every page"
        );
        // Wrapped lines stay inside the page: no line of the layout is absurdly long.
        assert!(poppler.lines().all(|l| l.chars().count() < 200));
    }
}

#[test]
fn pdf_replaces_characters_outside_winansi_and_is_tagged() {
    let mut plan = small_plan();
    plan.history[0].text = "Emoji \u{1F600}, Chinese \u{4E2D}\u{6587}, Greek \u{03B1}, arrow \u{2192}, e\u{0301}, \u{0000}NUL, \u{FFFF}".into();
    let template = template();
    let bytes = render::pdf(&plan, &template, &report(&plan, &template)).expect("no panic, a PDF");
    let (_, texts) = pdf_text(&bytes);
    let all = texts.join("\n");
    assert!(
        all.contains("Emoji ?, Chinese ??, Greek ?, arrow ->, e,"),
        "{all}"
    );
    let doc = lopdf::Document::load_mem(&bytes).expect("loads");
    let catalog = doc.catalog().expect("catalog");
    assert!(catalog.get(b"StructTreeRoot").is_ok(), "structure tree");
    assert!(catalog.get(b"MarkInfo").is_ok());
    assert_eq!(
        catalog.get(b"Lang").and_then(|l| l.as_str()).ok(),
        Some(&b"en-GB"[..])
    );
    let roles: Vec<Vec<u8>> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        .filter_map(|d| {
            d.get(b"S")
                .and_then(|s| s.as_name())
                .ok()
                .map(<[u8]>::to_vec)
        })
        .collect();
    for role in ["Document", "H1", "H2", "H3", "P", "Table", "TR", "TH", "TD"] {
        assert!(
            roles.iter().any(|r| r == role.as_bytes()),
            "no {role} element"
        );
    }
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| i.as_reference())
        .expect("info");
    let title = doc
        .get_dictionary(info)
        .and_then(|d| d.get(b"Title"))
        .expect("title");
    assert!(matches!(title, lopdf::Object::String(..)));
}

// ---------------------------------------------------------------------------------------------
// HTML

#[test]
fn html_is_escaped_accessible_and_links_quotes() {
    let plan = small_plan();
    let template = template();
    let page = render::html(&plan, &template, &report(&plan, &template));
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<html lang=\"en-GB\">"));
    assert!(page.contains("class=\"govuk-skip-link\""));
    assert!(page.contains("id=\"main-content\""));
    assert!(
        !page.contains("<script>"),
        "the statement's tag must be escaped"
    );
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("class=\"govuk-heading-l\""));
    assert!(page.contains("<th scope=\"col\""));
    assert!(page.contains("<th scope=\"row\""));
    for label in SECTION_LABELS {
        assert!(page.contains(label), "{label} missing");
    }
    // Every citation link has its target, and the target lists file and page.
    let mut links = 0;
    for (i, _) in page.match_indices("href=\"#q") {
        let rest = &page[i + 8..];
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        assert!(
            page.contains(&format!("id=\"q{n}\"")),
            "link to q{n} has no target"
        );
        links += 1;
    }
    assert!(links >= 5, "only {links} citation links");
    assert!(page.contains("synthetic-report-2.pdf, page 3"));
    // Placeholders are inset text.
    let inset = page.find("govuk-inset-text").expect("inset text");
    assert!(page[inset..].contains("To be specified by the speech and language therapist"));
    assert!(page.contains("Suggestions from the needs model (not part of the plan)"));
    assert!(page.contains("In the child&#39;s or young person&#39;s words"));
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "self-contained"
    );
}

#[test]
fn synthetic_banner_only_on_synthetic_plans() {
    let template = template();
    let plan = small_plan();
    let real = Plan {
        synthetic: false,
        ..small_plan()
    };
    let page = render::html(&plan, &template, &report(&plan, &template));
    assert!(page.contains("SYNTHETIC"));
    let page = render::html(&real, &template, &report(&real, &template));
    assert!(!page.contains("SYNTHETIC"));
    let (_, texts) =
        pdf_text(&render::pdf(&real, &template, &report(&real, &template)).expect("pdf"));
    assert!(!texts.join("").contains("SYNTHETIC"));
}

#[test]
fn an_empty_plan_still_labels_every_section() {
    let plan = empty_plan();
    let template = template();
    let report = report(&plan, &template);
    let page = render::html(&plan, &template, &report);
    for label in SECTION_LABELS {
        assert!(page.contains(label), "{label} missing");
    }
    assert!(page.contains("No health care needs were identified in the advice."));
    assert!(page.contains("No social care needs were identified in the advice."));
    assert!(
        page.contains(
            "No special educational needs in communication and interaction were identified"
        )
    );
    assert!(page.contains("No personal budget was requested."));
    assert!(page.contains("The needs model made no suggestions."));
    let (_, texts) = pdf_text(&render::pdf(&plan, &template, &report).expect("pdf"));
    let all = texts.join("\n");
    for label in SECTION_LABELS {
        assert!(all.contains(label), "{label} missing from the PDF");
    }
    let docx =
        docx_rs::read_docx(&render::docx(&plan, &template, &report).expect("docx")).expect("reads");
    let text: String = docx_paragraphs(&docx).into_iter().map(|(_, t)| t).collect();
    for label in SECTION_LABELS {
        assert!(text.contains(label), "{label} missing from the DOCX");
    }
    assert!(!render::easy_read(&plan).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Easy read

#[test]
fn easy_read_is_short_plain_and_by_area() {
    let plan = small_plan();
    let page = render::easy_read(&plan);
    assert!(page.contains("<html lang=\"en-GB\">"));
    assert!(page.contains("Talking, understanding and getting on with others"));
    assert!(page.contains("Health"));
    assert!(page.contains("What happens next"));
    assert!(page.contains("made-up example"));
    // What the plan says is needed, and the help, in short form.
    assert!(page.contains("Sam finds it hard to follow spoken instructions"));
    assert!(page.contains("Speech and language therapy. How often: Weekly."));
    let body = page.split("<main").nth(1).expect("main").to_lowercase();
    for jargon in ["provision", "section f", "outcome", "sen2", "reg 12"] {
        assert!(!body.contains(jargon), "jargon: {jargon}");
    }
    assert!(!page.contains("<script>alert"));
    // No professional sentence is quoted at more than a line.
    let big = big_plan();
    let page = render::easy_read(&big);
    assert!(
        !page.contains("and he finds busy rooms noisy and tiring"),
        "quoted at length"
    );
    for item in page.split("<li>").skip(1) {
        let text = item.split("</li>").next().unwrap_or("");
        assert!(
            text.chars().count() <= 130,
            "too long for easy read: {text}"
        );
    }
    assert!(
        page.len() < 20_000,
        "easy read should be short ({} bytes)",
        page.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Size

// Speed lives in `scripts/bench-draft` (a benchmark, measured beside the Python pipeline), not
// in a timed test: a loaded CI machine must not fail a correct build.

#[test]
fn a_sixty_page_bundle_renders_in_every_format_and_the_same_twice() {
    let plan = big_plan();
    let template = template();
    let report = report(&plan, &template);
    let docx = render::docx(&plan, &template, &report).expect("docx");
    let pdf = render::pdf(&plan, &template, &report).expect("pdf");
    let html = render::html(&plan, &template, &report);
    assert!(!docx.is_empty() && !pdf.is_empty() && !html.is_empty());
    assert_eq!(pdf, render::pdf(&plan, &template, &report).expect("pdf"));
    assert_eq!(html, render::html(&plan, &template, &report));
}
