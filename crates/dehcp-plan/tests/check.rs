//! The plan checks and grades, on small plans built by hand. All text is synthetic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use dehcp_domain::plan::{AdviceType, PlanTemplate};
use dehcp_plan::check::{
    CheckOptions, CheckReport, Grade, RULES, Severity, check, check_with, reading_ages,
};
use dehcp_plan::{
    AdviceEntry, AreaTable, CareRow, Edit, Origin, Part, PersonalDetails, Plan, ProvisionParts,
    Quote, SCHEMA_VERSION, SocialCareRow, Source, Statement, Suggestions, ViewsPart, Voice,
};
use proptest::prelude::*;

const F_ID: &str = "F-communication_and_interaction-1-1";

fn template() -> PlanTemplate {
    PlanTemplate::builtin().expect("built-in template loads")
}

fn quote(text: &str) -> Quote {
    Quote {
        document: 0,
        page: 1,
        start: 0,
        end: text.chars().count(),
        text: text.to_owned(),
    }
}

fn statement(id: &str, section: &str, text: &str, quotes: &[&str]) -> Statement {
    Statement {
        id: id.to_owned(),
        section: section.to_owned(),
        text: text.to_owned(),
        origin: Origin::Evidence,
        voice: None,
        quotes: quotes.iter().map(|q| quote(q)).collect(),
        provision: None,
        suggestion: false,
        edit: None,
    }
}

fn voiced(id: &str, text: &str, voice: Voice) -> Statement {
    Statement {
        voice: Some(voice),
        ..statement(id, "A", text, &[text])
    }
}

fn part(text: &str) -> Part {
    Part {
        text: text.to_owned(),
        quote: Some(quote(text)),
        placeholder: false,
    }
}

fn placeholder_part(who: &str) -> Part {
    Part {
        text: format!("to be specified by {who}"),
        quote: None,
        placeholder: true,
    }
}

fn outcome(id: &str, text: &str) -> Statement {
    Statement {
        origin: Origin::Library {
            template: "ci-understanding-primary".to_owned(),
        },
        suggestion: true,
        ..statement(id, "E", text, &["finds long spoken instructions hard"])
    }
}

fn source(index: usize, kind: &str) -> Source {
    Source {
        index,
        file: format!("synthetic-{kind}.md"),
        id: format!("{index:064x}"),
        format: "markdown".to_owned(),
        kind: kind.to_owned(),
        pages: 2,
        parent: None,
    }
}

fn advice(document: usize, kind: AdviceType) -> AdviceEntry {
    AdviceEntry {
        document,
        advice_type: kind.id().to_owned(),
        kind: kind.id().to_owned(),
        author: Some("[AUTHOR_1]".to_owned()),
        role: None,
        date: Some("2026-09-14".to_owned()),
        appended: true,
    }
}

fn row(id: &str, need: &str, provision: Vec<Statement>, outcomes: Vec<Statement>) -> CareRow {
    CareRow {
        id: id.to_owned(),
        need: statement(&format!("{id}-need"), "B", need, &[need]),
        provision,
        outcomes,
    }
}

/// A small, clean synthetic plan for a child in Year 5.
fn good_plan() -> Plan {
    let required = [
        AdviceType::ParentOrYoungPerson,
        AdviceType::Educational,
        AdviceType::Medical,
        AdviceType::Psychological,
        AdviceType::SocialCare,
    ];
    let provision = statement(
        F_ID,
        "F",
        "Weekly speech and language therapy to help him understand instructions.",
        &["weekly speech and language therapy"],
    );
    let first_row = row(
        "B-communication_and_interaction-1",
        "Sam finds it hard to understand long spoken instructions.",
        vec![provision],
        vec![outcome(
            "E-communication_and_interaction-1-1",
            "By the end of Year 6, Sam will follow a two-step spoken instruction without adult \
             prompting.",
        )],
    );
    Plan {
        schema_version: SCHEMA_VERSION,
        template_version: "2026.1".to_owned(),
        as_of: "2026-11-02".to_owned(),
        synthetic: true,
        personal: PersonalDetails {
            name: Some("[CHILD]".to_owned()),
            year_group: Some(5),
            phase: Some("primary".to_owned()),
            ..PersonalDetails::default()
        },
        history: vec![statement(
            "A1-1",
            "A",
            "Sam lives at home with his mum and his older sister. He moved to this school in \
             Year 3 and has settled well.",
            &["lives at home with his mum and his older sister"],
        )],
        views: vec![
            ViewsPart {
                heading: "My views".to_owned(),
                statements: vec![voiced(
                    "A2-1",
                    "I like trains and drawing. I want to look after animals when I grow up.",
                    Voice::Child,
                )],
            },
            ViewsPart {
                heading: "My family's views".to_owned(),
                statements: vec![voiced(
                    "A2-2",
                    "We would like Sam to make friends and feel calm at school.",
                    Voice::Parent,
                )],
            },
        ],
        areas: vec![
            AreaTable {
                area: "communication_and_interaction".to_owned(),
                title: "Communication and interaction".to_owned(),
                strengths: vec![statement(
                    "B-communication_and_interaction-s1",
                    "B",
                    "Sam listens well to stories.",
                    &["listens well to stories"],
                )],
                rows: vec![first_row],
            },
            AreaTable {
                area: "cognition_and_learning".to_owned(),
                title: "Cognition and learning".to_owned(),
                strengths: Vec::new(),
                rows: Vec::new(),
            },
        ],
        health: Vec::new(),
        social_care: Vec::new(),
        placement: None,
        personal_budget: Vec::new(),
        advice: required
            .iter()
            .enumerate()
            .map(|(i, &kind)| advice(i, kind))
            .collect(),
        suggestions: Suggestions::default(),
        sources: (0..5).map(|i| source(i, "advice")).collect(),
    }
}

fn first_f(plan: &mut Plan) -> &mut Statement {
    &mut plan.areas[0].rows[0].provision[0]
}

fn codes(report: &CheckReport, severity: Severity) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| format!("{} {}: {}", f.code, f.section, f.message))
        .collect()
}

fn has(report: &CheckReport, code: &str) -> bool {
    report.with_code(code).next().is_some()
}

#[test]
fn clean_plan_has_no_errors_or_warnings_and_is_outstanding() {
    let report = check(&good_plan(), &template());
    assert!(codes(&report, Severity::Error).is_empty(), "{report:#?}");
    assert!(codes(&report, Severity::Warning).is_empty(), "{report:#?}");
    assert_eq!(report.overall, Grade::Outstanding);
    assert_eq!(report.sections.len(), 12);
    assert!(
        report
            .sections
            .iter()
            .all(|(_, g)| *g == Grade::Outstanding)
    );
}

#[test]
fn quantities_in_the_quote_pass_the_invented_quantity_rule() {
    let report = check(&good_plan(), &template());
    assert!(!has(&report, "PLAN-F001"), "{report:#?}");
}

#[test]
fn injected_duration_is_an_invented_quantity() {
    let mut plan = good_plan();
    first_f(&mut plan).text =
        "Weekly speech and language therapy for 30 minutes to help him understand instructions."
            .to_owned();
    let report = check(&plan, &template());
    let found: Vec<_> = report.with_code("PLAN-F001").collect();
    assert_eq!(found.len(), 1, "{report:#?}");
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].section, "F");
    assert_eq!(found[0].statement.as_deref(), Some(F_ID));
    assert!(
        found[0].message.contains("30 minutes"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("duration"),
        "{}",
        found[0].message
    );
    assert_eq!(report.section_grade("F"), Some(Grade::Inadequate));
    assert_eq!(report.overall, Grade::Inadequate);
}

#[test]
fn the_same_text_typed_by_a_person_is_not_invented() {
    let mut plan = good_plan();
    let f = first_f(&mut plan);
    let drafted = f.text.clone();
    f.text = "Weekly speech and language therapy for 30 minutes to help him understand \
              instructions."
        .to_owned();
    f.edit = Some(Edit {
        author: "coordinator".to_owned(),
        time: "2026-11-03".to_owned(),
        replaced: drafted,
    });
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-F001"), "{report:#?}");
    assert_eq!(report.overall, Grade::Outstanding, "{report:#?}");
}

#[test]
fn ratios_roles_numbers_and_frequencies_are_checked_too() {
    let mut plan = good_plan();
    first_f(&mut plan).text = "Weekly speech and language therapy, with one-to-one help from a \
                               teaching assistant twice daily in groups of four."
        .to_owned();
    let report = check(&plan, &template());
    let messages: Vec<&str> = report
        .with_code("PLAN-F001")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    for expected in ["one-to-one", "teaching assistant", "twice daily", "four"] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected} not flagged: {messages:#?}"
        );
    }
}

#[test]
fn the_same_quantity_in_other_words_is_not_invented() {
    let mut plan = good_plan();
    let f = first_f(&mut plan);
    f.text = "Speech and language therapy for 20 minutes three times a week, 1:1.".to_owned();
    f.quotes = vec![quote(
        "three 20-minute sessions a week of speech therapy, one to one",
    )];
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-F001"), "{report:#?}");
}

#[test]
fn placeholders_are_not_quantities_but_are_reported() {
    let mut plan = good_plan();
    let f = first_f(&mut plan);
    f.text = "Weekly speech and language therapy; duration to be specified by the educational \
              psychologist."
        .to_owned();
    f.provision = Some(ProvisionParts {
        what: part("speech and language therapy"),
        who: part("speech and language therapist"),
        frequency: part("weekly"),
        duration: placeholder_part("the educational psychologist"),
        group: None,
        programme_length: placeholder_part("the educational psychologist"),
    });
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-F001"), "{report:#?}");
    let placeholder: Vec<_> = report.with_code("PLAN-F003").collect();
    assert_eq!(placeholder.len(), 1, "{report:#?}");
    assert_eq!(placeholder[0].severity, Severity::Info);
    assert!(placeholder[0].message.contains("how long each time"));
    assert!(placeholder[0].message.contains("programme length"));

    // A missing "who" is a warning.
    let f = first_f(&mut plan);
    if let Some(parts) = f.provision.as_mut() {
        parts.who = placeholder_part("the speech and language therapist");
    }
    let report = check(&plan, &template());
    let placeholder: Vec<_> = report.with_code("PLAN-F003").collect();
    assert_eq!(placeholder[0].severity, Severity::Warning);
    assert!(placeholder[0].message.contains("who"));
}

#[test]
fn vague_wording_in_f_is_flagged() {
    let mut plan = good_plan();
    let f = first_f(&mut plan);
    f.text = "Access to regular speech and language therapy as required.".to_owned();
    f.quotes = vec![quote(
        "access to regular speech and language therapy as required",
    )];
    let report = check(&plan, &template());
    let vague: Vec<_> = report.with_code("PLAN-F002").collect();
    assert_eq!(vague.len(), 1, "{report:#?}");
    for phrase in ["access to", "regular", "as required"] {
        assert!(vague[0].message.contains(phrase), "{}", vague[0].message);
    }
    assert_eq!(report.section_grade("F"), Some(Grade::Good));
    assert_eq!(report.overall, Grade::Good);
}

#[test]
fn golden_thread_finds_needs_without_provision_and_orphans() {
    let mut plan = good_plan();
    plan.areas[1].rows.push(row(
        "B-cognition_and_learning-1",
        "Sam reads well below what is expected for his age.",
        Vec::new(),
        Vec::new(),
    ));
    let mut orphan = row(
        "B-cognition_and_learning-2",
        "",
        vec![statement(
            "F-cognition_and_learning-2-1",
            "F",
            "Daily reading practice.",
            &["daily reading practice"],
        )],
        vec![outcome(
            "E-cognition_and_learning-2-1",
            "By the end of Year 6, Sam will read 20 common words independently.",
        )],
    );
    orphan.need.quotes.clear();
    orphan.need.origin = Origin::Person;
    plan.areas[1].rows.push(orphan);
    let report = check(&plan, &template());
    let t1: Vec<_> = report.with_code("PLAN-T001").collect();
    let t2: Vec<_> = report.with_code("PLAN-T002").collect();
    assert_eq!(t1.len(), 1, "{report:#?}");
    assert_eq!(t2.len(), 1);
    assert_eq!(
        t1[0].statement.as_deref(),
        Some("B-cognition_and_learning-1-need")
    );
    let t3: Vec<_> = report.with_code("PLAN-T003").collect();
    let t4: Vec<_> = report.with_code("PLAN-T004").collect();
    assert_eq!(t3.len(), 1);
    assert_eq!(
        t3[0].statement.as_deref(),
        Some("F-cognition_and_learning-2-1")
    );
    assert_eq!(t4.len(), 1);
    assert_eq!(t4[0].section, "E");
    assert_eq!(report.section_grade("B"), Some(Grade::Inadequate));
}

#[test]
fn a_plan_with_no_needs_is_inadequate() {
    let mut plan = good_plan();
    plan.areas[0].rows.clear();
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-T005"));
    assert_eq!(report.overall, Grade::Inadequate);
}

#[test]
fn health_and_social_care_rows_follow_the_thread_too() {
    let mut plan = good_plan();
    plan.health.push(CareRow {
        id: "C-1".to_owned(),
        need: statement("C-1-need", "C", "Sam has asthma.", &["has asthma"]),
        provision: Vec::new(),
        outcomes: Vec::new(),
    });
    plan.social_care.push(SocialCareRow {
        id: "D-1".to_owned(),
        need: statement("D-1-need", "D", "", &[]),
        h1: vec![statement(
            "H1-1-1",
            "H1",
            "Adaptations to the bathroom at home.",
            &["adaptations to the bathroom at home"],
        )],
        h2: Vec::new(),
        outcomes: Vec::new(),
    });
    plan.social_care[0].need.origin = Origin::Person;
    let report = check(&plan, &template());
    let missing: Vec<_> = report.with_code("PLAN-T001").collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].section, "C");
    assert!(missing[0].message.contains("section G"));
    let orphan: Vec<_> = report.with_code("PLAN-T003").collect();
    assert_eq!(orphan.len(), 1);
    assert_eq!(orphan[0].section, "H1");
}

fn year(plan: &mut Plan, year_group: Option<i8>) {
    plan.personal.year_group = year_group;
}

#[test]
fn preparing_for_adulthood_is_required_from_year_9() {
    let mut plan = good_plan();
    year(&mut plan, Some(10));
    let report = check(&plan, &template());
    let outcomes: Vec<_> = report.with_code("PLAN-E004").collect();
    assert_eq!(outcomes.len(), 1, "{report:#?}");
    assert_eq!(outcomes[0].severity, Severity::Error);
    assert!(has(&report, "PLAN-F006"));
    let advice: Vec<_> = report.with_code("PLAN-K001").collect();
    assert_eq!(advice.len(), 1);
    assert!(advice[0].message.contains("preparing for adulthood"));
    assert_eq!(report.overall, Grade::Inadequate);

    year(&mut plan, Some(3));
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-E004"));
    assert!(!has(&report, "PLAN-F006"));
    assert!(!has(&report, "PLAN-K001"));
}

#[test]
fn preparing_for_adulthood_outcomes_and_provision_satisfy_the_rule() {
    let mut plan = good_plan();
    year(&mut plan, Some(10));
    plan.areas[0].rows[0].outcomes.push(outcome(
        "E-communication_and_interaction-1-2",
        "By the end of Year 11, Sam will travel independently to college and order food in \
         a café with friends, and will book his own GP appointment.",
    ));
    plan.areas[0].rows[0].provision.push(statement(
        "F-communication_and_interaction-1-2",
        "F",
        "Travel training with a teaching assistant.",
        &["travel training with a teaching assistant"],
    ));
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-F006"), "{report:#?}");
    let outcomes: Vec<_> = report.with_code("PLAN-E004").collect();
    // Employment (college), community (friends), health (GP) and independent living (travel
    // independently) are all there.
    assert!(outcomes.is_empty(), "{outcomes:#?}");
}

#[test]
fn unknown_year_group_is_reported_not_guessed() {
    let mut plan = good_plan();
    year(&mut plan, None);
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-E005"));
    assert!(!has(&report, "PLAN-E004"));
    let advice: Vec<_> = report.with_code("PLAN-K001").collect();
    assert_eq!(advice.len(), 1);
    assert_eq!(advice[0].severity, Severity::Warning);
}

#[test]
fn section_i_filled_in_a_draft_is_an_error() {
    let mut plan = good_plan();
    plan.placement = Some(statement(
        "I-1",
        "I",
        "A mainstream primary school",
        &["a mainstream primary school"],
    ));
    let report = check(&plan, &template());
    let found: Vec<_> = report.with_code("PLAN-I001").collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].section, "I");
    assert_eq!(report.section_grade("I"), Some(Grade::Inadequate));

    // Named by a person: the plan is no longer a draft.
    if let Some(p) = plan.placement.as_mut() {
        p.origin = Origin::Person;
    }
    assert!(!has(&check(&plan, &template()), "PLAN-I001"));
}

#[test]
fn missing_advice_is_named() {
    let mut plan = good_plan();
    plan.advice
        .retain(|a| a.advice_type != "medical" && a.advice_type != "psychological");
    let report = check(&plan, &template());
    let missing: Vec<_> = report.with_code("PLAN-K001").collect();
    assert_eq!(missing.len(), 2, "{report:#?}");
    assert!(missing.iter().all(|f| f.severity == Severity::Error));
    assert!(missing[0].message.contains("Medical advice"));
    assert!(missing[0].message.contains("reg 6(1)(c)"));
    assert!(missing[1].message.contains("Psychological advice"));
    assert_eq!(report.section_grade("K"), Some(Grade::Inadequate));
}

#[test]
fn odd_register_entries_are_reported() {
    let mut plan = good_plan();
    plan.advice[0].date = None;
    plan.advice.push(AdviceEntry {
        advice_type: "astrology".to_owned(),
        document: 42,
        ..plan.advice[1].clone()
    });
    let report = check(&plan, &template());
    assert_eq!(report.with_code("PLAN-K002").count(), 2);
    assert_eq!(report.with_code("PLAN-K003").count(), 1);
}

#[test]
fn outcomes_must_be_measurable_and_time_bound() {
    let mut plan = good_plan();
    plan.areas[0].rows[0].outcomes[0].text = "Sam will be happier at school.".to_owned();
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-E001"), "{report:#?}");
    assert!(has(&report, "PLAN-E002"));
    assert_eq!(report.section_grade("E"), Some(Grade::Good));

    for smart in [
        "Within 12 months, Sam will ask an adult for help in 4 out of 5 lessons.",
        "By July 2027 Sam will write three sentences independently.",
        "By the end of Key Stage 2, Sam will read 100 common words accurately.",
    ] {
        plan.areas[0].rows[0].outcomes[0].text = smart.to_owned();
        let report = check(&plan, &template());
        assert!(!has(&report, "PLAN-E001"), "{smart}: {report:#?}");
        assert!(!has(&report, "PLAN-E002"), "{smart}: {report:#?}");
    }
}

#[test]
fn long_sentences_and_jargon_are_flagged() {
    let mut plan = good_plan();
    plan.history[0].text = "Sam has difficulties with executive function and dysregulation \
        which mean that at the start of the school day and after lunch he needs a calm space \
        and a familiar adult before he can begin the first task of the lesson."
        .to_owned();
    let report = check(&plan, &template());
    let long: Vec<_> = report.with_code("PLAN-L002").collect();
    assert_eq!(long.len(), 1, "{report:#?}");
    assert_eq!(long[0].severity, Severity::Warning);
    assert_eq!(long[0].statement.as_deref(), Some("A1-1"));
    let jargon: Vec<_> = report.with_code("PLAN-L003").collect();
    assert_eq!(jargon.len(), 1);
    assert!(jargon[0].message.contains("executive function"));
    assert!(jargon[0].message.contains("dysregulation"));
    assert!(jargon[0].message.contains("planning and organising"));

    // The child's own words are theirs: not flagged.
    plan.history[0].voice = Some(Voice::Child);
    let report = check(&plan, &template());
    assert!(!has(&report, "PLAN-L002"));
    assert!(!has(&report, "PLAN-L003"));
}

#[test]
fn reading_age_is_estimated_and_flagged_when_high() {
    let mut plan = good_plan();
    let plain = reading_ages(&plan, &CheckOptions::default());
    let a = plain
        .iter()
        .find(|r| r.section == "A")
        .expect("A estimated");
    assert!(a.reading_age < 12.0, "{a:?}");
    plan.history[0].text = "Comprehensive multidisciplinary assessment identified considerable \
        difficulties regarding organisational capabilities. Individualised intervention \
        necessitates collaborative implementation."
        .to_owned();
    let hard = reading_ages(&plan, &CheckOptions::default());
    let hard_a = hard.iter().find(|r| r.section == "A").expect("A estimated");
    assert!(hard_a.reading_age > a.reading_age + 4.0, "{hard_a:?}");
    let report = check(&plan, &template());
    let flagged: Vec<_> = report.with_code("PLAN-L001").collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].severity, Severity::Warning);
    let lenient = CheckOptions {
        max_reading_age: 21.0,
        ..CheckOptions::default()
    };
    let report = check_with(&plan, &template(), &lenient);
    assert!(
        report
            .with_code("PLAN-L001")
            .all(|f| f.severity == Severity::Info)
    );
}

#[test]
fn section_a_voice_rules() {
    let mut plan = good_plan();
    plan.views[0].statements[0].voice = None;
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-A003"), "first person without a voice");
    assert!(
        report
            .with_code("PLAN-A002")
            .any(|f| f.severity == Severity::Warning && f.message.contains("child"))
    );

    plan.history[0].text = "Sam will receive sessions of speech therapy.".to_owned();
    assert!(has(&check(&plan, &template()), "PLAN-A004"));

    plan.history.clear();
    plan.views.clear();
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-A001"));
    assert_eq!(report.section_grade("A"), Some(Grade::Inadequate));
}

#[test]
fn educational_provision_in_health_is_flagged() {
    let mut plan = good_plan();
    let mut g = statement(
        "G-1-1",
        "G",
        "Speech and language therapy to teach new vocabulary.",
        &["speech and language therapy to teach new vocabulary"],
    );
    plan.health.push(CareRow {
        id: "C-1".to_owned(),
        need: statement(
            "C-1-need",
            "C",
            "Sam has a language disorder.",
            &["language disorder"],
        ),
        provision: vec![g.clone()],
        outcomes: vec![outcome(
            "E-C-1-1",
            "By the end of Year 6, Sam will use 50 new words.",
        )],
    });
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-F004"), "{report:#?}");

    g.text = "Speech and language therapy to support safe swallowing at lunch.".to_owned();
    g.quotes = vec![quote(
        "speech and language therapy to support safe swallowing at lunch",
    )];
    plan.health[0].provision = vec![g];
    assert!(!has(&check(&plan, &template()), "PLAN-F004"));
}

#[test]
fn h1_and_h2_are_told_apart() {
    let mut plan = good_plan();
    plan.social_care.push(SocialCareRow {
        id: "D-1".to_owned(),
        need: statement(
            "D-1-need",
            "D",
            "Sam needs help with personal care at home.",
            &["needs help with personal care at home"],
        ),
        h1: vec![statement(
            "H1-1-1",
            "H1",
            "Overnight short breaks.",
            &["overnight short breaks"],
        )],
        h2: vec![statement(
            "H2-1-1",
            "H2",
            "Adaptations to the bathroom.",
            &["adaptations to the bathroom"],
        )],
        outcomes: vec![outcome(
            "E-D-1-1",
            "By the end of Year 6, Sam will wash his hands independently.",
        )],
    });
    let report = check(&plan, &template());
    let found: Vec<_> = report.with_code("PLAN-F005").collect();
    assert_eq!(found.len(), 2, "{report:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.section == "H1" && f.message.contains("H2"))
    );
    assert!(
        found
            .iter()
            .any(|f| f.section == "H2" && f.message.contains("H1"))
    );
}

#[test]
fn evidence_statements_need_quotes_that_point_somewhere() {
    let mut plan = good_plan();
    first_f(&mut plan).quotes.clear();
    plan.history[0].quotes[0].document = 99;
    let report = check(&plan, &template());
    let q1: Vec<_> = report.with_code("PLAN-Q001").collect();
    assert_eq!(q1.len(), 1);
    assert_eq!(q1[0].statement.as_deref(), Some(F_ID));
    assert!(has(&report, "PLAN-Q002"));
}

#[test]
fn duplicate_ids_and_misfiled_sections() {
    let mut plan = good_plan();
    plan.areas[0].strengths[0].id = "A1-1".to_owned();
    first_f(&mut plan).section = "G".to_owned();
    let report = check(&plan, &template());
    assert!(has(&report, "PLAN-S001"));
    assert!(has(&report, "PLAN-S002"));
}

#[test]
fn grades_change_with_findings() {
    let t = template();
    let mut plan = good_plan();
    assert_eq!(check(&plan, &t).overall, Grade::Outstanding);

    // One warning: Good.
    plan.areas[0].rows[0].outcomes[0].text =
        "By the end of Year 6, Sam will enjoy stories.".to_owned();
    let report = check(&plan, &t);
    assert_eq!(report.section_grade("E"), Some(Grade::Good));
    assert_eq!(report.overall, Grade::Good);

    // Three warnings in a one-outcome section: Requires improvement.
    plan.areas[0].rows[0].outcomes[0].text = "Sam will enjoy stories and show fewer signs \
        of dysregulation when the classroom becomes noisy or busy during the afternoon and \
        when routines change without warning."
        .to_owned();
    let report = check(&plan, &t);
    assert!(report.count(Severity::Warning) >= 3, "{report:#?}");
    assert_eq!(report.section_grade("E"), Some(Grade::RequiresImprovement));
    assert_eq!(report.overall, Grade::RequiresImprovement);

    // Any error: Inadequate.
    plan.placement = Some(statement(
        "I-1",
        "I",
        "A special school",
        &["a special school"],
    ));
    assert_eq!(check(&plan, &t).overall, Grade::Inadequate);
}

#[test]
fn findings_are_in_section_order_and_serialise() {
    let mut plan = good_plan();
    plan.advice.clear();
    plan.history.clear();
    plan.views.clear();
    first_f(&mut plan).text = "Regular therapy for 45 minutes.".to_owned();
    let report = check(&plan, &template());
    let order: Vec<usize> = report
        .findings
        .iter()
        .map(|f| {
            report
                .sections
                .iter()
                .position(|(code, _)| *code == f.section)
                .expect("a known section")
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    let json = serde_json::to_value(&report).expect("serialises");
    assert_eq!(json["overall"], "inadequate");
    assert!(
        json["findings"][0]["code"]
            .as_str()
            .unwrap()
            .starts_with("PLAN-")
    );
}

#[test]
fn every_rule_has_a_unique_code_and_is_documented() {
    let doc = include_str!("../../../docs/plan-checks.md");
    let mut seen = std::collections::HashSet::new();
    for rule in RULES {
        assert!(seen.insert(rule.code), "{} twice", rule.code);
        assert!(
            doc.contains(rule.code),
            "{} not in docs/plan-checks.md",
            rule.code
        );
        assert!(
            doc.contains(rule.name),
            "{} not in docs/plan-checks.md",
            rule.name
        );
    }
    // Every finding a messy plan produces uses a listed rule.
    let mut plan = good_plan();
    plan.advice.clear();
    year(&mut plan, Some(11));
    first_f(&mut plan).text = "Access to 2:1 support.".to_owned();
    for f in check(&plan, &template()).findings {
        let known = RULES
            .iter()
            .find(|r| r.code == f.code)
            .expect("listed rule");
        assert_eq!(known.name, f.rule);
    }
}

fn big_plan(rows: usize) -> Plan {
    let mut plan = good_plan();
    let text = "Weekly speech and language therapy with a teaching assistant for 30 minutes, \
                using visual supports and modelled language in small groups of three.";
    for n in 0..rows {
        let id = format!("B-cognition_and_learning-{n}");
        plan.areas[1].rows.push(row(
            &id,
            "Sam finds it hard to remember and follow instructions of more than two steps in \
             busy lessons.",
            vec![statement(&format!("F-{n}-1"), "F", text, &[text])],
            vec![outcome(
                &format!("E-{n}-1"),
                "By the end of Year 6, Sam will follow a three-step instruction without \
                 adult prompting in 4 out of 5 lessons.",
            )],
        ));
    }
    plan
}

#[test]
fn a_large_plan_is_checked_without_false_invention_errors() {
    // 150 rows (450 statements) is more than a 60-page bundle gives. Speed is measured by
    // `scripts/bench-draft`, not timed here.
    let plan = big_plan(150);
    let t = template();
    let report = check(&plan, &t);
    assert!(!has(&report, "PLAN-F001"), "{report:#?}");
    assert_eq!(report, check(&plan, &t));
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,120}",
        "[a-z0-9 :.,;%'\\-–]{0,80}",
        Just("to be specified by".to_owned()),
        Just("three times a week for half an hour 1:1 with a TA 2-1 one to".to_owned()),
        Just("twenty-".to_owned()),
        Just("9999999999999999999999 minutes".to_owned()),
    ]
}

fn arb_statement(section: &'static str) -> impl Strategy<Value = Statement> {
    (
        arb_text(),
        prop::collection::vec(arb_text(), 0..3),
        any::<bool>(),
        any::<bool>(),
        0usize..8,
        0usize..50,
        0usize..50,
        prop::option::of(arb_text()),
    )
        .prop_map(
            move |(text, quotes, edited, with_parts, document, start, end, who)| {
                let mut s = statement("id", section, &text, &[]);
                s.quotes = quotes
                    .iter()
                    .map(|q| Quote {
                        document,
                        page: 1,
                        start,
                        end,
                        text: q.clone(),
                    })
                    .collect();
                if edited {
                    s.origin = Origin::Person;
                }
                if with_parts {
                    let p = |t: &str, placeholder: bool| Part {
                        text: t.to_owned(),
                        quote: (!placeholder).then(|| quote(t)),
                        placeholder,
                    };
                    let who = who.unwrap_or_default();
                    s.provision = Some(ProvisionParts {
                        what: p(&text, false),
                        who: p(&who, true),
                        frequency: p(&who, false),
                        duration: p("", true),
                        group: Some(p(&text, true)),
                        programme_length: p(&who, false),
                    });
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_panics_on_any_text(
        history in prop::collection::vec(arb_statement("A"), 0..3),
        f in prop::collection::vec(arb_statement("F"), 0..4),
        e in prop::collection::vec(arb_statement("E"), 0..3),
        g in prop::collection::vec(arb_statement("G"), 0..2),
        h2 in prop::collection::vec(arb_statement("H2"), 0..2),
        need in arb_text(),
        year_group in prop::option::of(any::<i8>()),
        advice_type in ".{0,20}",
        placement in prop::option::of(arb_statement("I")),
    ) {
        let mut plan = good_plan();
        plan.history = history;
        plan.areas[0].rows[0].provision = f;
        plan.areas[0].rows[0].outcomes = e;
        plan.areas[0].rows[0].need.text = need.clone();
        plan.health.push(CareRow {
            id: "C".into(),
            need: statement("C", "C", &need, &[]),
            provision: g,
            outcomes: Vec::new(),
        });
        plan.social_care.push(SocialCareRow {
            id: "D".into(),
            need: statement("D", "D", &need, &[&need]),
            h1: Vec::new(),
            h2,
            outcomes: Vec::new(),
        });
        plan.personal.year_group = year_group;
        plan.advice[0].advice_type = advice_type;
        plan.placement = placement;
        let report = check(&plan, &template());
        prop_assert_eq!(report.sections.len(), 12);
        for finding in &report.findings {
            prop_assert!(report.sections.iter().any(|(code, _)| *code == finding.section));
            prop_assert!(RULES.iter().any(|r| r.code == finding.code));
        }
        let errors = report.count(Severity::Error);
        prop_assert_eq!(errors > 0, report.overall == Grade::Inadequate);
    }
}
