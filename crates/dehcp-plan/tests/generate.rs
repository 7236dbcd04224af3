//! The draft-plan generator end to end: synthetic reports in, a draft plan out, with every
//! statement tied to verbatim evidence and nothing invented.
//!
//! All reports here are synthetic: the corpus in `testdata/reports/` and the short reports
//! written in this file.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use dehcp_domain::{PlanTemplate, ProvisionCatalogue};
use dehcp_ingest::metadata::{AdvicePolicy, ReportMetadata, describe};
use dehcp_ingest::{Document, IngestOptions, ingest};
use dehcp_model::{Model, ModelOutput, Profile, Thresholds};
use dehcp_nlp::analysis::{Analysis, Engine, bundle_documents};
use dehcp_plan::generate::{DraftError, DraftInput, draft};
use dehcp_plan::model::{Origin, Plan, Voice};
use dehcp_plan::outcomes::OutcomeLibrary;
use time::{Date, Month};

fn as_of() -> Date {
    Date::from_calendar_date(2026, Month::November, 26).unwrap()
}

/// A bundle ready to draft: documents in the analysis's order and everything read from them.
struct Bundle {
    documents: Vec<Document>,
    metadata: Vec<ReportMetadata>,
    files: Vec<String>,
    analysis: Analysis,
    model: Option<ModelOutput>,
    template: PlanTemplate,
}

impl Bundle {
    fn new(files: Vec<(String, String)>, with_model: bool) -> Bundle {
        let top: Vec<Document> = files
            .iter()
            .map(|(name, text)| {
                ingest(name, text.as_bytes(), &IngestOptions::default())
                    .unwrap()
                    .0
            })
            .collect();
        let refs: Vec<&Document> = top.iter().collect();
        let analysis = Engine::builtin().unwrap().analyse(&refs);
        let documents: Vec<Document> = bundle_documents(&refs)
            .into_iter()
            .map(|(document, _)| document.clone())
            .collect();
        let metadata = documents
            .iter()
            .map(|document| describe(document, as_of(), &AdvicePolicy::default()))
            .collect();
        let files = documents.iter().map(|d| d.file_name.clone()).collect();
        let model = with_model.then(|| classify(&analysis));
        Bundle {
            documents,
            metadata,
            files,
            analysis,
            model,
            template: PlanTemplate::builtin().unwrap(),
        }
    }

    fn draft(&self, year_group: Option<i8>) -> Plan {
        self.try_draft(year_group).unwrap()
    }

    fn try_draft(&self, year_group: Option<i8>) -> Result<Plan, DraftError> {
        let refs: Vec<&Document> = self.documents.iter().collect();
        draft(&DraftInput {
            documents: &refs,
            metadata: &self.metadata,
            files: &self.files,
            analysis: &self.analysis,
            model: self.model.as_ref(),
            template: &self.template,
            as_of: as_of(),
            year_group,
            synthetic: true,
        })
    }
}

/// The built-in model on the pre-filled assessment, as `dehcp analyse` does it.
fn classify(analysis: &Analysis) -> ModelOutput {
    let pairs = analysis.assessment.iter().filter_map(|item| {
        let pair = (item.metric, i64::from(item.score?));
        Profile::from_pairs([pair], None).is_ok().then_some(pair)
    });
    let profile = Profile::from_pairs(pairs, None).unwrap();
    let model = Model::default_model().unwrap();
    model.classify(
        &profile,
        &Thresholds::default(),
        dehcp_model::similar::DEFAULT_NEIGHBOURS,
        &ProvisionCatalogue::builtin().unwrap(),
    )
}

/// The synthetic corpus (every report except the README), in name order.
fn corpus_files() -> Vec<(String, String)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/reports");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension().is_some_and(|e| e == "md")
                && path.file_name().is_some_and(|n| n != "README.md")
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn corpus() -> Bundle {
    Bundle::new(corpus_files(), true)
}

/// The characters `start..end` of a document's text.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn json(plan: &Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Evidence, not invention

#[test]
fn every_statement_has_a_quote_unless_it_is_a_placeholder() {
    let plan = corpus().draft(Some(5));
    let statements = plan.statements();
    assert!(statements.len() > 30, "{}", statements.len());
    for statement in statements {
        let placeholder = matches!(statement.origin, Origin::Placeholder { .. });
        assert!(
            placeholder || !statement.quotes.is_empty(),
            "{} has no quote: {}",
            statement.id,
            statement.text
        );
    }
}

#[test]
fn every_quote_is_verbatim_at_its_span_in_its_source() {
    let bundle = corpus();
    let plan = bundle.draft(Some(5));
    let mut checked = 0;
    let mut check = |quote: &dehcp_plan::Quote| {
        let document = &bundle.documents[quote.document];
        assert_eq!(plan.sources[quote.document].id, document.id.as_str());
        assert_eq!(
            chars(&document.text, quote.start, quote.end),
            quote.text,
            "quote in {} at {}..{}",
            document.file_name,
            quote.start,
            quote.end
        );
        checked += 1;
    };
    for statement in plan.statements() {
        for quote in &statement.quotes {
            check(quote);
        }
        if let Some(parts) = &statement.provision {
            for part in [
                &parts.what,
                &parts.who,
                &parts.frequency,
                &parts.duration,
                &parts.programme_length,
            ]
            .into_iter()
            .chain(parts.group.as_ref())
            {
                match &part.quote {
                    Some(quote) => {
                        assert_eq!(part.text, quote.text);
                        assert!(!part.placeholder);
                        check(quote);
                    }
                    None => {
                        assert!(part.placeholder);
                        assert!(
                            part.text.starts_with("to be specified by "),
                            "{}",
                            part.text
                        );
                    }
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn provision_text_is_the_recommendation_verbatim() {
    let plan = corpus().draft(Some(5));
    let provision: Vec<_> = plan
        .statements()
        .into_iter()
        .filter(|s| matches!(s.section.as_str(), "F" | "G" | "H1" | "H2"))
        .collect();
    assert!(provision.len() >= 20, "{}", provision.len());
    for statement in provision {
        assert_eq!(statement.quotes.len(), 1, "{}", statement.id);
        assert_eq!(statement.text, statement.quotes[0].text, "{}", statement.id);
        assert!(statement.provision.is_some(), "{}", statement.id);
        assert_eq!(statement.origin, Origin::Evidence);
    }
}

#[test]
fn weekly_therapy_without_a_duration_gets_a_placeholder_not_thirty_minutes() {
    let report = "# Speech and Language Therapy Advice\n\n\
        Date of report: 2026-10-01\n\n\
        ## Assessment\n\n\
        Sam has receptive language difficulties and finds long spoken instructions hard to \
        follow in class.\n\n\
        ## Recommendations\n\n\
        1. Sam should receive weekly speech and language therapy.\n\n\
        Pat Placeholder\n\nSpeech and Language Therapist\n";
    let bundle = Bundle::new(vec![("synthetic-salt.md".into(), report.into())], false);
    assert_eq!(
        bundle.metadata[0].kind.value.id(),
        "speech_and_language_therapy"
    );
    let plan = bundle.draft(Some(4));
    let therapy = plan
        .statements()
        .into_iter()
        .find(|s| s.text.contains("weekly speech and language therapy"))
        .expect("the recommendation is drafted");
    assert_eq!(therapy.section, "F", "speech and language therapy is F");
    let parts = therapy.provision.as_ref().unwrap();
    assert!(parts.duration.placeholder);
    assert_eq!(
        parts.duration.text,
        "to be specified by the speech and language therapist"
    );
    assert!(parts.programme_length.placeholder);
    assert!(!parts.frequency.placeholder, "weekly is in the evidence");
    assert_eq!(parts.frequency.text, "weekly");
    let all = json(&plan);
    for invented in [
        "30 minutes",
        "30-minute",
        "thirty minutes",
        "45 minutes",
        "1:1",
    ] {
        assert!(!all.contains(invented), "the draft invented '{invented}'");
    }
}

#[test]
fn the_same_bundle_gives_the_same_ids_and_identical_json() {
    let first = corpus();
    let second = corpus();
    let a = json(&first.draft(Some(5)));
    let b = json(&second.draft(Some(5)));
    assert_eq!(a, b);
    let plan = first.draft(Some(5));
    let ids: Vec<&str> = plan.statements().iter().map(|s| s.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "statement ids are unique");
}

// ---------------------------------------------------------------------------------------------
// Sections

#[test]
fn all_four_areas_are_present_in_code_of_practice_order_and_placement_is_blank() {
    let plan = corpus().draft(Some(5));
    let areas: Vec<&str> = plan.areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(
        areas,
        [
            "communication_and_interaction",
            "cognition_and_learning",
            "social_emotional_mental_health",
            "sensory_and_physical"
        ]
    );
    assert!(plan.placement.is_none());
    assert!(plan.areas.iter().all(|area| !area.rows.is_empty()));
    assert!(
        plan.areas.iter().any(|area| !area.strengths.is_empty()),
        "strengths are drafted"
    );
    // A bundle with little evidence still has all four tables.
    let thin = Bundle::new(
        vec![(
            "thin.md".into(),
            "# Note\n\nSam enjoys drawing and is kind to others.\n".into(),
        )],
        false,
    );
    let plan = thin.draft(None);
    assert_eq!(plan.areas.len(), 4);
    assert!(plan.placement.is_none());
}

#[test]
fn each_need_appears_in_one_place_only() {
    let plan = corpus().draft(Some(5));
    let mut labels = BTreeSet::new();
    let needs = plan
        .areas
        .iter()
        .flat_map(|a| &a.rows)
        .chain(&plan.health)
        .map(|row| &row.need)
        .chain(plan.social_care.iter().map(|row| &row.need))
        .filter(|need| need.origin == Origin::Evidence);
    for need in needs {
        let label = need.text.split(':').next().unwrap().to_owned();
        assert!(labels.insert(label.clone()), "{label} appears twice");
    }
    assert!(labels.contains("Autism"), "{labels:?}");
    // Autism was found in several reports: one need carrying quotes from each.
    let autism = plan
        .areas
        .iter()
        .flat_map(|a| &a.rows)
        .find(|row| row.need.text.starts_with("Autism"))
        .unwrap();
    let documents: BTreeSet<usize> = autism.need.quotes.iter().map(|q| q.document).collect();
    assert!(documents.len() >= 3, "{documents:?}");
    assert!(autism.id.starts_with("B-communication_and_interaction-"));
}

#[test]
fn every_need_row_has_a_library_outcome_marked_as_a_suggestion() {
    let plan = corpus().draft(Some(5));
    let library = OutcomeLibrary::builtin().unwrap();
    let rows = plan
        .areas
        .iter()
        .flat_map(|a| &a.rows)
        .chain(&plan.health)
        .map(|row| (&row.need, &row.outcomes))
        .chain(
            plan.social_care
                .iter()
                .map(|row| (&row.need, &row.outcomes)),
        );
    let mut count = 0;
    for (need, outcomes) in rows {
        assert!(!outcomes.is_empty(), "{} has no outcome", need.id);
        for outcome in outcomes {
            let Origin::Library { template } = &outcome.origin else {
                panic!("{} is not from the library", outcome.id);
            };
            let template = library.template(template).unwrap();
            assert_eq!(template.phase.id(), "primary");
            assert!(outcome.suggestion);
            assert_eq!(outcome.section, "E");
            if need.origin == Origin::Evidence {
                assert_eq!(
                    outcome.quotes, need.quotes,
                    "{} carries its need's quotes",
                    outcome.id
                );
            }
            assert!(outcome.text.starts_with("By "), "{}", outcome.text);
            assert!(!outcome.text.contains("{child}"));
            count += 1;
        }
    }
    assert!(count >= 10, "{count}");
}

#[test]
fn preparing_for_adulthood_outcomes_appear_from_year_9_only() {
    let bundle = corpus();
    let pfa = |plan: &Plan| -> BTreeSet<String> {
        plan.statements()
            .into_iter()
            .filter(|s| s.text.starts_with("Preparing for adulthood"))
            .map(|s| s.text.split(':').next().unwrap().to_owned())
            .collect()
    };
    let year_10 = bundle.draft(Some(10));
    assert_eq!(year_10.personal.phase.as_deref(), Some("secondary"));
    let domains = pfa(&year_10);
    assert_eq!(
        domains,
        [
            "Preparing for adulthood (community participation)",
            "Preparing for adulthood (employment)",
            "Preparing for adulthood (health)",
            "Preparing for adulthood (independent living)",
        ]
        .map(str::to_owned)
        .into_iter()
        .collect(),
    );
    let year_3 = bundle.draft(Some(3));
    assert!(pfa(&year_3).is_empty());
    assert!(
        !json(&year_3).contains("\"pfa-"),
        "no Preparing for Adulthood template is used in Year 3"
    );
    assert!(pfa(&bundle.draft(None)).is_empty());
}

#[test]
fn views_are_the_childs_and_familys_own_words_with_their_voice() {
    let bundle = corpus();
    let plan = bundle.draft(Some(5));
    let headings: Vec<&str> = plan.views.iter().map(|p| p.heading.as_str()).collect();
    assert_eq!(
        headings,
        [
            "The child or young person's views",
            "The family's views",
            "Interests",
            "Strengths",
            "Aspirations"
        ]
    );
    for part in &plan.views {
        for statement in &part.statements {
            assert!(statement.voice.is_some(), "{}", statement.id);
            assert_eq!(statement.section, "A");
        }
    }
    let aspirations = &plan.views[4].statements;
    assert!(
        aspirations
            .iter()
            .any(|s| s.voice == Some(Voice::Child) && s.text.contains("palaeontologist")),
        "{aspirations:#?}"
    );
    assert!(
        aspirations
            .iter()
            .any(|s| s.voice == Some(Voice::Parent) && s.text.contains("local secondary school"))
    );
    let child_views = &plan.views[0].statements;
    assert!(child_views.iter().all(|s| s.voice == Some(Voice::Child)));
    assert!(
        child_views
            .iter()
            .any(|s| s.text.contains("hide under the table"))
    );
    // Form fields are not views.
    assert!(
        plan.views
            .iter()
            .flat_map(|p| &p.statements)
            .all(|s| !s.text.starts_with("Date:") && !s.text.starts_with("Date of birth"))
    );
    assert!(!plan.history.is_empty());
    assert!(
        plan.history
            .iter()
            .all(|s| s.voice == Some(Voice::Professional))
    );
}

#[test]
fn health_and_social_care_advice_fill_their_own_tables() {
    let plan = corpus().draft(Some(5));
    assert!(!plan.health.is_empty());
    assert!(!plan.social_care.is_empty());
    assert!(
        plan.social_care
            .iter()
            .any(|row| row.need.text.starts_with("Child in need")),
        "{:#?}",
        plan.social_care
            .iter()
            .map(|r| &r.need.text)
            .collect::<Vec<_>>()
    );
    let h1: Vec<&str> = plan
        .social_care
        .iter()
        .flat_map(|r| &r.h1)
        .map(|s| s.text.as_str())
        .collect();
    assert!(h1.iter().any(|t| t.contains("Saturday Club")), "{h1:?}");
    for statement in plan
        .social_care
        .iter()
        .flat_map(|r| r.h1.iter().chain(&r.h2))
    {
        let parts = statement.provision.as_ref().unwrap();
        if parts.who.placeholder {
            assert_eq!(parts.who.text, "to be specified by the social worker");
        }
    }
    // Speech and language therapy educates: never in G.
    let salt = plan
        .sources
        .iter()
        .position(|s| s.kind == "speech_and_language_therapy")
        .unwrap();
    for row in &plan.health {
        for statement in &row.provision {
            assert_eq!(statement.section, "G");
            assert!(statement.quotes.iter().all(|q| q.document != salt));
        }
    }
    let f_from_salt = plan
        .areas
        .iter()
        .flat_map(|a| &a.rows)
        .flat_map(|r| &r.provision)
        .filter(|s| s.quotes[0].document == salt)
        .count();
    assert!(f_from_salt >= 5, "{f_from_salt}");
}

#[test]
fn the_advice_register_and_sources_list_every_document() {
    let bundle = corpus();
    let plan = bundle.draft(Some(5));
    assert_eq!(plan.sources.len(), bundle.documents.len());
    assert_eq!(plan.advice.len(), bundle.documents.len());
    let type_of = |kind: &str| {
        plan.advice
            .iter()
            .find(|entry| entry.kind == kind)
            .map(|entry| entry.advice_type.as_str())
    };
    assert_eq!(type_of("educational_psychology"), Some("psychological"));
    assert_eq!(
        type_of("parent_carer_views"),
        Some("parent_or_young_person")
    );
    assert_eq!(type_of("social_care"), Some("social_care"));
    assert_eq!(type_of("paediatric_medical"), Some("medical"));
    assert_eq!(type_of("education"), Some("educational"));
    let ep = plan
        .advice
        .iter()
        .find(|entry| entry.kind == "educational_psychology")
        .unwrap();
    assert_eq!(ep.date.as_deref(), Some("2026-10-14"));
    assert!(plan.advice.iter().all(|entry| entry.appended));
    for (index, source) in plan.sources.iter().enumerate() {
        assert_eq!(source.index, index);
        assert_eq!(source.format, "markdown");
    }
}

#[test]
fn model_suggestions_are_shown_apart_and_never_merged() {
    let bundle = corpus();
    let plan = bundle.draft(Some(5));
    let model = bundle.model.as_ref().unwrap();
    assert_eq!(
        plan.suggestions.primary_need.as_ref().map(|p| p.0.as_str()),
        Some(model.primary_need.code.as_str())
    );
    assert_eq!(plan.suggestions.explanation, model.explanation);
    assert!(plan.synthetic);
    for statement in plan.statements() {
        for line in &model.explanation {
            assert!(!statement.text.contains(line.as_str()));
        }
        assert!(!statement.text.contains(&model.cluster.label));
    }
    let without = Bundle::new(corpus_files(), false).draft(Some(5));
    assert_eq!(without.suggestions, Default::default());
    assert_eq!(
        without.areas, plan.areas,
        "the model never changes the sections"
    );
}

#[test]
fn a_personal_budget_is_drafted_only_from_evidence() {
    let plan = corpus().draft(Some(5));
    // The corpus's social care advice mentions a direct payment once.
    assert_eq!(plan.personal_budget.len(), 1);
    assert!(
        plan.personal_budget[0]
            .text
            .contains("funded by a direct payment")
    );
    let thin = Bundle::new(
        vec![("thin.md".into(), "# Note\n\nSam enjoys drawing.\n".into())],
        false,
    );
    assert!(thin.draft(Some(5)).personal_budget.is_empty());
    let report = "# Social Care Advice\n\nDate of report: 2026-10-07\n\n\
        ## Plan and recommendations\n\n\
        The family have asked for a personal budget so that they can choose their own short \
        break provider. Other support is described below.\n\n\
        Kim Placeholder\n\nSocial Worker\n";
    let bundle = Bundle::new(vec![("budget.md".into(), report.into())], false);
    let plan = bundle.draft(Some(5));
    assert_eq!(plan.personal_budget.len(), 1);
    let budget = &plan.personal_budget[0];
    assert!(
        budget
            .text
            .starts_with("The family have asked for a personal budget")
    );
    assert_eq!(budget.quotes[0].text, budget.text);
}

#[test]
fn mismatched_or_empty_inputs_are_errors() {
    let bundle = corpus();
    let refs: Vec<&Document> = bundle.documents.iter().collect();
    let input = DraftInput {
        documents: &refs,
        metadata: &bundle.metadata[1..],
        files: &bundle.files,
        analysis: &bundle.analysis,
        model: None,
        template: &bundle.template,
        as_of: as_of(),
        year_group: Some(5),
        synthetic: true,
    };
    assert!(matches!(draft(&input), Err(DraftError::Mismatch(_))));
    let empty = Engine::builtin().unwrap().analyse(&[]);
    let input = DraftInput {
        documents: &[],
        metadata: &[],
        files: &[],
        analysis: &empty,
        ..input
    };
    assert_eq!(draft(&input), Err(DraftError::NoDocuments));
}

#[test]
fn a_bundle_larger_than_sixty_pages_drafts_the_same_way_twice() {
    // The corpus four times over, renamed: about 48 documents and 180,000 characters, more
    // text than a 60-page bundle.
    let mut files = Vec::new();
    for copy in 0..4 {
        for (name, text) in corpus_files() {
            files.push((
                format!("{copy}-{name}"),
                format!("{text}\n\nCopy {copy}.\n"),
            ));
        }
    }
    let bundle = Bundle::new(files, true);
    let characters: usize = bundle
        .documents
        .iter()
        .map(|d| d.text.chars().count())
        .sum();
    assert!(characters > 150_000, "{characters}");
    // Speed is measured by `scripts/bench-draft`, not timed here; this checks the large bundle
    // drafts at all, and the same way twice.
    let plan = bundle.draft(Some(5));
    assert!(!plan.statements().is_empty());
    assert_eq!(plan, bundle.draft(Some(5)));
}

// ---------------------------------------------------------------------------------------------
// Outcomes library: short, plain and SMART

/// How the generator names the child in a phase when the documents are not masked.
fn child_for(phase: dehcp_plan::outcomes::Phase) -> &'static str {
    if phase == dehcp_plan::outcomes::Phase::Post16 {
        "the young person"
    } else {
        "the child"
    }
}

#[test]
fn every_outcome_template_is_twenty_five_words_or_fewer_as_printed() {
    let library = OutcomeLibrary::builtin().unwrap();
    assert!(library.templates().len() >= 150);
    let long: Vec<(String, usize)> = library
        .templates()
        .iter()
        .map(|t| {
            let words = t.render(child_for(t.phase)).split_whitespace().count();
            (t.id.clone(), words)
        })
        .filter(|(_, words)| *words > 25)
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

#[test]
fn every_outcome_template_passes_the_smart_and_plain_english_checks() {
    // Put every template, as printed, into the outcomes of one drafted row and check the plan.
    let mut plan = corpus().draft(Some(5));
    let library = OutcomeLibrary::builtin().unwrap();
    let row = plan
        .areas
        .iter_mut()
        .flat_map(|area| area.rows.iter_mut())
        .next()
        .unwrap();
    let model = row.outcomes[0].clone();
    row.outcomes = library
        .templates()
        .iter()
        .map(|t| {
            let mut outcome = model.clone();
            outcome.id = format!("E-test-{}", t.id);
            outcome.text = t.render(child_for(t.phase));
            outcome.origin = Origin::Library {
                template: t.id.clone(),
            };
            outcome
        })
        .collect();
    let report = dehcp_plan::check::check(&plan, &bundle_template());
    let flagged: Vec<String> = report
        .findings
        .iter()
        .filter(|f| {
            matches!(f.code.as_str(), "PLAN-E001" | "PLAN-E002")
                || (f.code == "PLAN-L002" && f.section == "E")
                || (f.code == "PLAN-L001"
                    && f.section == "E"
                    && f.severity != dehcp_plan::check::Severity::Info)
        })
        .map(|f| format!("{} {:?} {}", f.code, f.statement, f.message))
        .collect();
    assert!(flagged.is_empty(), "{flagged:#?}");
}

fn bundle_template() -> PlanTemplate {
    PlanTemplate::builtin().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The golden thread: provision placed against the need it meets

/// A short synthetic bundle: occupational therapy, a paediatric letter and the family's views
/// in plain text with headings as short lines.
fn golden_thread_bundle() -> Bundle {
    let ot = "# Occupational Therapy Report\n\n\
        Date of report: 2026-10-02\n\n\
        ## Assessment\n\n\
        The questionnaires show that Sam is much more sensitive to noise than most children, \
        and covers both ears in the hall.\n\n\
        Sam tires quickly when writing and holds the pencil very tightly.\n\n\
        ## Recommendations\n\n\
        1. Ear defenders available in assemblies, and the choice to eat lunch in a quieter \
        room.\n\
        2. A sloped writing board and a pencil grip for all written work.\n\n\
        Pat Placeholder\n\nOccupational Therapist\n";
    let paediatric = "# Community Paediatric Clinic Letter\n\n\
        Date of letter: 2026-10-03\n\n\
        ## Diagnoses and problems\n\n\
        1. Asthma, well controlled with a reliever inhaler.\n\n\
        ## Recommendations\n\n\
        1. An individual healthcare plan for asthma, written by the school nurse with \
        Sam's parents.\n\
        2. School staff who supervise Sam at lunchtime to be trained by the school nurse to \
        help Sam use the reliever inhaler.\n\n\
        Dr Lee Placeholder\n\nCommunity Paediatrician\n";
    let views = "PARENT AND CARER VIEWS, WITH SAM'S VIEWS\n\n\
        Name: Sam Synthetic Date of birth: 03/2017 School: Synthetic Primary Date: 1 May\n\n\
        Part 1: All about me (Sam's views)\n\n\
        What I like\n\n\
        I like drawing trains and I like football at break with my friends.\n\n\
        What I find hard\n\n\
        I don't like the hall because it is too loud and my ears hurt.\n\n\
        Part 2: Parent views\n\n\
        Our worries\n\n\
        We worry that Sam gets very tired after school and is upset at bedtime.\n";
    Bundle::new(
        vec![
            ("synthetic-ot.md".into(), ot.into()),
            ("synthetic-paediatric.md".into(), paediatric.into()),
            ("synthetic-views.txt".into(), views.into()),
        ],
        false,
    )
}

#[test]
fn provision_goes_on_the_row_of_the_need_it_meets_not_a_general_row() {
    let bundle = golden_thread_bundle();
    assert_eq!(bundle.metadata[0].kind.value.id(), "occupational_therapy");
    let plan = bundle.draft(Some(4));
    let rows: Vec<(&str, Vec<&str>)> = plan
        .areas
        .iter()
        .flat_map(|area| &area.rows)
        .map(|row| {
            (
                row.need.text.as_str(),
                row.provision.iter().map(|s| s.text.as_str()).collect(),
            )
        })
        .collect();
    let on_row = |need: &str, provision: &str| {
        rows.iter().any(|(n, list)| {
            n.starts_with(need) && list.iter().any(|text| text.starts_with(provision))
        })
    };
    assert!(on_row("Noise sensitivity", "Ear defenders"), "{rows:#?}");
    assert!(on_row("Fatigue", "A sloped writing board"), "{rows:#?}");
    let report = dehcp_plan::check::check(&plan, &bundle_template());
    let unmet: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "PLAN-T001")
        .collect();
    assert!(unmet.is_empty(), "{unmet:#?}");
}

#[test]
fn provision_for_a_health_condition_goes_in_g_with_its_need() {
    let plan = golden_thread_bundle().draft(Some(4));
    let asthma = plan
        .health
        .iter()
        .find(|row| row.need.text.starts_with("Asthma"))
        .expect("asthma is a health need in C");
    let texts: Vec<&str> = asthma.provision.iter().map(|s| s.text.as_str()).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("An individual healthcare plan")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("School staff who supervise")),
        "{texts:?}"
    );
    assert!(asthma.provision.iter().all(|s| s.section == "G"));
    // None of it is left in F.
    assert!(
        plan.areas
            .iter()
            .flat_map(|a| &a.rows)
            .flat_map(|r| &r.provision)
            .all(|s| !s.text.contains("asthma") && !s.text.contains("inhaler"))
    );
}

#[test]
fn views_in_plain_text_take_their_voice_from_the_headings() {
    let plan = golden_thread_bundle().draft(Some(4));
    let views: Vec<&dehcp_plan::model::Statement> =
        plan.views.iter().flat_map(|p| &p.statements).collect();
    let voice_of = |start: &str| {
        views
            .iter()
            .find(|s| s.text.starts_with(start))
            .map(|s| s.voice)
    };
    assert_eq!(voice_of("I like drawing trains"), Some(Some(Voice::Child)));
    assert_eq!(voice_of("I don't like the hall"), Some(Some(Voice::Child)));
    assert_eq!(voice_of("We worry that Sam"), Some(Some(Voice::Parent)));
    // Headings, titles and form fields are not views.
    for not_a_view in [
        "What I like",
        "Part 1",
        "PARENT AND CARER",
        "Name:",
        "Our worries",
    ] {
        assert_eq!(voice_of(not_a_view), None, "{not_a_view}");
    }
    let report = dehcp_plan::check::check(&plan, &bundle_template());
    assert!(report.findings.iter().all(|f| f.code != "PLAN-A002"));
}
