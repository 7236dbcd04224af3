//! The rules. Each `const` is one rule's identity; the functions below apply them.

use std::collections::HashSet;
use std::str::FromStr;

use dehcp_domain::plan::{AdviceType, PlanSection, PlanTemplate};

use super::lexicon::{
    BY_WHEN, CSDPA, EDUCATIONAL, FIRST_PERSON, HEALTH_ONLY, JARGON_TERMS, LEARNING, MEASURABLE,
    OCCUPATIONAL_THERAPY, OTHER_SOCIAL_CARE, PFA_THEMES, PROVISION_WORDS, TIME_BOUND, VAGUE,
};
use super::quantity::{self, Evidence, Quantity};
use super::text::{self, normalise, phrases_in, words_key};
use super::{CheckFinding, CheckOptions, ReadingAge, RuleInfo, Severity, rule};
use crate::model::{Origin, Part, Plan, ProvisionParts, Statement, Voice};

/// PLAN-F001.
pub(super) const INVENTED_QUANTITY: RuleInfo = rule(
    "PLAN-F001",
    "invented-quantity",
    Severity::Error,
    "F, G, H1, H2",
    "A number, frequency, duration, ratio or named professional in provision that none of the \
     statement's quotes contains and no person typed.",
);
/// PLAN-F002.
pub(super) const NON_SPECIFIC: RuleInfo = rule(
    "PLAN-F002",
    "non-specific-wording",
    Severity::Warning,
    "F",
    "Wording that leaves special educational provision vague or optional (\"access to\", \
     \"regular\", \"as required\", \"opportunities to\", \"may benefit\" …).",
);
/// PLAN-F003.
pub(super) const PROVISION_PLACEHOLDER: RuleInfo = rule(
    "PLAN-F003",
    "provision-placeholder",
    Severity::Warning,
    "F",
    "Provision, or some of its parts (what, who, how often, how long, group, programme \
     length), still to be specified; info when only duration, group or programme length is \
     missing.",
);
/// PLAN-F004.
pub(super) const EDUCATION_IN_HEALTH: RuleInfo = rule(
    "PLAN-F004",
    "education-in-health",
    Severity::Warning,
    "G",
    "Health provision that educates or trains (speech and language therapy, occupational \
     therapy for learning, teaching programmes) and so belongs in section F.",
);
/// PLAN-F005.
pub(super) const SOCIAL_CARE_H1_H2: RuleInfo = rule(
    "PLAN-F005",
    "social-care-h1-h2",
    Severity::Warning,
    "H1, H2",
    "A Chronically Sick and Disabled Persons Act 1970 section 2 service in H2, or other \
     social care (short breaks, Care Act support) in H1.",
);
/// PLAN-F006.
pub(super) const PFA_PROVISION: RuleInfo = rule(
    "PLAN-F006",
    "pfa-provision",
    Severity::Error,
    "F, G, H1, H2",
    "From Year 9, no provision helps prepare for adulthood.",
);
/// PLAN-T001.
pub(super) const NEED_WITHOUT_PROVISION: RuleInfo = rule(
    "PLAN-T001",
    "need-without-provision",
    Severity::Error,
    "B, C, D",
    "A need with no provision in its row (B → F, C → G, D → H1/H2).",
);
/// PLAN-T002.
pub(super) const NEED_WITHOUT_OUTCOME: RuleInfo = rule(
    "PLAN-T002",
    "need-without-outcome",
    Severity::Error,
    "B, C, D",
    "A need with no outcome in section E.",
);
/// PLAN-T003.
pub(super) const PROVISION_WITHOUT_NEED: RuleInfo = rule(
    "PLAN-T003",
    "provision-without-need",
    Severity::Error,
    "F, G, H1, H2",
    "Provision in a row whose need is empty.",
);
/// PLAN-T004.
pub(super) const OUTCOME_WITHOUT_NEED: RuleInfo = rule(
    "PLAN-T004",
    "outcome-without-need",
    Severity::Error,
    "E",
    "An outcome in a row whose need is empty.",
);
/// PLAN-T005.
pub(super) const NO_NEEDS: RuleInfo = rule(
    "PLAN-T005",
    "no-needs",
    Severity::Error,
    "B",
    "No special educational need recorded in section B at all.",
);
/// PLAN-E001.
pub(super) const OUTCOME_NOT_MEASURABLE: RuleInfo = rule(
    "PLAN-E001",
    "outcome-not-measurable",
    Severity::Warning,
    "E",
    "An outcome with no measurable element (a number, frequency or a clear criterion such as \
     \"independently\" or \"without adult prompting\").",
);
/// PLAN-E002.
pub(super) const OUTCOME_NOT_TIME_BOUND: RuleInfo = rule(
    "PLAN-E002",
    "outcome-not-time-bound",
    Severity::Warning,
    "E",
    "An outcome with no time or phase (\"by the end of Year 6\", \"within 12 months\", \"by \
     July 2027\").",
);
/// PLAN-E003.
pub(super) const OUTCOME_PLACEHOLDER: RuleInfo = rule(
    "PLAN-E003",
    "outcome-placeholder",
    Severity::Warning,
    "E",
    "An outcome that is still a placeholder.",
);
/// PLAN-E004.
pub(super) const PFA_OUTCOMES: RuleInfo = rule(
    "PLAN-E004",
    "pfa-outcomes",
    Severity::Error,
    "E",
    "From Year 9, no Preparing for Adulthood outcome (error), or some of its four areas not \
     covered (warning).",
);
/// PLAN-E005.
pub(super) const YEAR_GROUP_UNKNOWN: RuleInfo = rule(
    "PLAN-E005",
    "year-group-unknown",
    Severity::Info,
    "E",
    "The year group is not known, so the Year 9 Preparing for Adulthood rules were not applied.",
);
/// PLAN-A001.
pub(super) const SECTION_A_EMPTY: RuleInfo = rule(
    "PLAN-A001",
    "section-a-empty",
    Severity::Error,
    "A",
    "Section A has no history, views, interests or aspirations.",
);
/// PLAN-A002.
pub(super) const VOICE_MISSING: RuleInfo = rule(
    "PLAN-A002",
    "voice-missing",
    Severity::Warning,
    "A",
    "Section A has no view in the child's or young person's own voice (warning), or none from \
     the parents (info).",
);
/// PLAN-A003.
pub(super) const VOICE_UNSTATED: RuleInfo = rule(
    "PLAN-A003",
    "voice-unstated",
    Severity::Warning,
    "A",
    "A view written in the first person that does not say whose voice it is.",
);
/// PLAN-A004.
pub(super) const PROVISION_IN_A: RuleInfo = rule(
    "PLAN-A004",
    "provision-in-a",
    Severity::Warning,
    "A",
    "Provision wording (\"will receive\", \"sessions of\") in section A.",
);
/// PLAN-I001.
pub(super) const PLACEMENT_IN_DRAFT: RuleInfo = rule(
    "PLAN-I001",
    "placement-in-draft",
    Severity::Error,
    "I",
    "Section I is filled in a draft (a placement not typed by a person).",
);
/// PLAN-K001.
pub(super) const ADVICE_MISSING: RuleInfo = rule(
    "PLAN-K001",
    "advice-missing",
    Severity::Error,
    "K",
    "A kind of advice regulation 6(1) requires is missing from the register: (a) to (e) \
     always, (g) from Year 9 (a warning when the year group is not known).",
);
/// PLAN-K002.
pub(super) const ADVICE_ENTRY: RuleInfo = rule(
    "PLAN-K002",
    "advice-entry",
    Severity::Warning,
    "K",
    "An advice register entry with an unknown advice type or a document not in the sources.",
);
/// PLAN-K003.
pub(super) const ADVICE_UNDATED: RuleInfo = rule(
    "PLAN-K003",
    "advice-undated",
    Severity::Info,
    "K",
    "An advice register entry with no date.",
);
/// PLAN-L001.
pub(super) const READING_AGE: RuleInfo = rule(
    "PLAN-L001",
    "reading-age",
    Severity::Info,
    "A, E",
    "The estimated reading age of sections A and E (a warning when above the limit, 14 by \
     default).",
);
/// PLAN-L002.
pub(super) const LONG_SENTENCE: RuleInfo = rule(
    "PLAN-L002",
    "long-sentence",
    Severity::Warning,
    "A to J",
    "Sentences longer than 25 words (warning in A and E, info elsewhere; the child's and \
     parents' own words are not checked).",
);
/// PLAN-L003.
pub(super) const JARGON: RuleInfo = rule(
    "PLAN-L003",
    "jargon",
    Severity::Warning,
    "A to J",
    "Professional jargon from dehcp's list, with a plainer alternative (warning in A and E, \
     info elsewhere; the child's and parents' own words are not checked).",
);
/// PLAN-Q001.
pub(super) const EVIDENCE_WITHOUT_QUOTE: RuleInfo = rule(
    "PLAN-Q001",
    "evidence-without-quote",
    Severity::Error,
    "A to J",
    "A statement drafted from evidence that carries no quote.",
);
/// PLAN-Q002.
pub(super) const QUOTE_UNKNOWN_SOURCE: RuleInfo = rule(
    "PLAN-Q002",
    "quote-unknown-source",
    Severity::Error,
    "A to J",
    "A quote that points to a document not in the sources list, or has its end before its \
     start.",
);
/// PLAN-S001.
pub(super) const DUPLICATE_ID: RuleInfo = rule(
    "PLAN-S001",
    "duplicate-id",
    Severity::Error,
    "A to J",
    "Two statements with the same id.",
);
/// PLAN-S002.
pub(super) const SECTION_MISMATCH: RuleInfo = rule(
    "PLAN-S002",
    "section-mismatch",
    Severity::Warning,
    "A to J",
    "A statement whose section code differs from the section it is printed in.",
);

/// A statement with the code of the section it is printed in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Located<'a> {
    pub(super) code: &'static str,
    pub(super) statement: &'a Statement,
}

/// Every statement with the section it is printed in, in reading order.
pub(super) fn located(plan: &Plan) -> Vec<Located<'_>> {
    fn add<'a>(out: &mut Vec<Located<'a>>, code: &'static str, list: &'a [Statement]) {
        out.extend(list.iter().map(|statement| Located { code, statement }));
    }
    let mut out = Vec::new();
    add(&mut out, "A", &plan.history);
    for part in &plan.views {
        add(&mut out, "A", &part.statements);
    }
    for area in &plan.areas {
        add(&mut out, "B", &area.strengths);
        for row in &area.rows {
            add(&mut out, "B", std::slice::from_ref(&row.need));
            add(&mut out, "F", &row.provision);
            add(&mut out, "E", &row.outcomes);
        }
    }
    for row in &plan.health {
        add(&mut out, "C", std::slice::from_ref(&row.need));
        add(&mut out, "G", &row.provision);
        add(&mut out, "E", &row.outcomes);
    }
    for row in &plan.social_care {
        add(&mut out, "D", std::slice::from_ref(&row.need));
        add(&mut out, "H1", &row.h1);
        add(&mut out, "H2", &row.h2);
        add(&mut out, "E", &row.outcomes);
    }
    add(&mut out, "I", plan.placement.as_slice());
    add(&mut out, "J", &plan.personal_budget);
    out
}

/// Position of a section code in statutory order (unknown codes last).
pub(super) fn section_order(code: &str) -> usize {
    PlanSection::from_str(code)
        .ok()
        .and_then(|s| PlanSection::ALL.iter().position(|&x| x == s))
        .unwrap_or(PlanSection::ALL.len())
}

#[derive(Default)]
struct Sink {
    out: Vec<CheckFinding>,
}

impl Sink {
    fn push(
        &mut self,
        rule: &RuleInfo,
        severity: Severity,
        section: &str,
        statement: Option<&str>,
        message: String,
    ) {
        self.out.push(CheckFinding {
            code: rule.code.to_owned(),
            rule: rule.name.to_owned(),
            severity,
            message,
            section: section.to_owned(),
            statement: statement.map(str::to_owned),
        });
    }

    fn at(&mut self, rule: &RuleInfo, severity: Severity, loc: Located<'_>, message: String) {
        self.push(
            rule,
            severity,
            loc.code,
            Some(loc.statement.id.as_str()),
            message,
        );
    }
}

fn is_provision(code: &str) -> bool {
    matches!(code, "F" | "G" | "H1" | "H2")
}

fn filled(statement: &Statement) -> bool {
    !statement.text.trim().is_empty()
}

fn own_words(statement: &Statement) -> bool {
    matches!(statement.voice, Some(Voice::Child | Voice::Parent))
}

fn parts(p: &ProvisionParts) -> [(&'static str, Option<&Part>); 6] {
    [
        ("what", Some(&p.what)),
        ("who", Some(&p.who)),
        ("how often", Some(&p.frequency)),
        ("how long each time", Some(&p.duration)),
        ("group size", p.group.as_ref()),
        ("programme length", Some(&p.programme_length)),
    ]
}

/// The statement's text with placeholder parts and placeholder phrases taken out, plus the
/// text of every part that is not a placeholder.
fn provision_texts(statement: &Statement) -> Vec<String> {
    let mut main = normalise(&statement.text);
    let mut texts = Vec::new();
    if let Some(p) = &statement.provision {
        for (_, part) in parts(p) {
            let Some(part) = part else { continue };
            if part.placeholder {
                let placeholder = normalise(&part.text);
                if !placeholder.is_empty() {
                    main = main.replace(&placeholder, " ; ");
                }
            } else {
                texts.push(part.text.clone());
            }
        }
    }
    texts.insert(0, quantity::strip_placeholders(&main));
    texts
}

fn quote_texts(statement: &Statement) -> Vec<&str> {
    let mut quotes: Vec<&str> = statement.quotes.iter().map(|q| q.text.as_str()).collect();
    if let Some(p) = &statement.provision {
        for (_, part) in parts(p) {
            if let Some(q) = part.and_then(|part| part.quote.as_ref()) {
                quotes.push(q.text.as_str());
            }
        }
    }
    quotes
}

fn quoted(list: &[&str]) -> String {
    list.iter()
        .map(|p| format!("\"{}\"", p.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs every rule; findings come back sorted by section, in plan order within a section.
pub(super) fn run(
    plan: &Plan,
    template: &PlanTemplate,
    options: &CheckOptions,
) -> Vec<CheckFinding> {
    let all = located(plan);
    let mut sink = Sink::default();
    integrity(plan, &all, &mut sink);
    section_a(&all, &mut sink);
    provision(&all, &mut sink);
    thread(plan, &mut sink);
    outcomes(&all, &mut sink);
    preparing_for_adulthood(plan, &all, options, &mut sink);
    placement(plan, template, &mut sink);
    register(plan, options, &mut sink);
    plain_english(plan, &all, options, &mut sink);
    let mut findings = sink.out;
    findings.sort_by_key(|f| section_order(&f.section));
    findings
}

fn integrity(plan: &Plan, all: &[Located<'_>], sink: &mut Sink) {
    let mut ids: HashSet<&str> = HashSet::new();
    for &loc in all {
        let s = loc.statement;
        if !ids.insert(s.id.as_str()) {
            sink.at(
                &DUPLICATE_ID,
                Severity::Error,
                loc,
                "Another statement already has this id; each statement needs its own.".into(),
            );
        }
        if PlanSection::from_str(&s.section).map(|x| x.code()) != Ok(loc.code) {
            sink.at(
                &SECTION_MISMATCH,
                Severity::Warning,
                loc,
                format!(
                    "This statement is marked as section \"{}\" but is printed in section {}.",
                    s.section.trim(),
                    loc.code
                ),
            );
        }
        if s.origin == Origin::Evidence && s.quotes.is_empty() {
            sink.at(
                &EVIDENCE_WITHOUT_QUOTE,
                Severity::Error,
                loc,
                "This statement was drafted from the evidence but carries no quote.".into(),
            );
        }
        let part_quotes = s.provision.iter().flat_map(|p| {
            parts(p)
                .into_iter()
                .filter_map(|(_, part)| part?.quote.as_ref())
        });
        let bad = s
            .quotes
            .iter()
            .chain(part_quotes)
            .any(|q| q.document >= plan.sources.len() || q.start > q.end);
        if bad {
            sink.at(
                &QUOTE_UNKNOWN_SOURCE,
                Severity::Error,
                loc,
                "A quote here points to a document that is not in the sources list, or to no text."
                    .into(),
            );
        }
    }
}

fn section_a(all: &[Located<'_>], sink: &mut Sink) {
    let a: Vec<Located<'_>> = all
        .iter()
        .copied()
        .filter(|l| l.code == "A" && filled(l.statement))
        .collect();
    if a.is_empty() {
        sink.push(
            &SECTION_A_EMPTY,
            Severity::Error,
            "A",
            None,
            "Section A has no history, views, interests or aspirations.".into(),
        );
        return;
    }
    if !a.iter().any(|l| l.statement.voice == Some(Voice::Child)) {
        sink.push(
            &VOICE_MISSING,
            Severity::Warning,
            "A",
            None,
            "Section A has no views in the child's or young person's own voice.".into(),
        );
    }
    if !a.iter().any(|l| l.statement.voice == Some(Voice::Parent)) {
        sink.push(
            &VOICE_MISSING,
            Severity::Info,
            "A",
            None,
            "Section A has no views from the parents or carers.".into(),
        );
    }
    for &loc in &a {
        let key = words_key(&loc.statement.text);
        if loc.statement.voice.is_none() && !phrases_in(&key, FIRST_PERSON).is_empty() {
            sink.at(
                &VOICE_UNSTATED,
                Severity::Warning,
                loc,
                "This view is written in the first person but does not say whose voice it is."
                    .into(),
            );
        }
        if !own_words(loc.statement) {
            let found = phrases_in(&key, PROVISION_WORDS);
            if !found.is_empty() {
                sink.at(
                    &PROVISION_IN_A,
                    Severity::Warning,
                    loc,
                    format!(
                        "This reads like provision ({}); provision belongs in section F, G or H, \
                         not A.",
                        quoted(&found)
                    ),
                );
            }
        }
    }
}

fn provision(all: &[Located<'_>], sink: &mut Sink) {
    for &loc in all.iter().filter(|l| is_provision(l.code)) {
        let s = loc.statement;
        let placeholder_statement = matches!(s.origin, Origin::Placeholder { .. });
        let texts = provision_texts(s);

        // F001: invented quantities.
        if !s.by_person() && !placeholder_statement {
            let evidence = Evidence::new(quote_texts(s));
            let mut seen: HashSet<Quantity> = HashSet::new();
            for text in &texts {
                for mention in quantity::find(text).mentions {
                    if seen.insert(mention.quantity) && !evidence.supports(&mention) {
                        sink.at(
                            &INVENTED_QUANTITY,
                            Severity::Error,
                            loc,
                            format!(
                                "The {} \"{}\" is not in this provision's quoted evidence and \
                                 no person typed it.",
                                mention.quantity.kind_name(),
                                mention.surface
                            ),
                        );
                    }
                }
            }
        }

        let key = words_key(&texts.join(" | "));
        if loc.code == "F" {
            // F002: non-specific wording.
            let vague = phrases_in(&key, VAGUE);
            if !vague.is_empty() {
                sink.at(
                    &NON_SPECIFIC,
                    Severity::Warning,
                    loc,
                    format!(
                        "Wording that is not specific enough to enforce: {}; say what, who, how \
                         often and for how long.",
                        quoted(&vague)
                    ),
                );
            }
            // F003: placeholders.
            if placeholder_statement {
                sink.at(
                    &PROVISION_PLACEHOLDER,
                    Severity::Warning,
                    loc,
                    "This provision is still a placeholder for the advice giver to specify.".into(),
                );
            } else if let Some(p) = &s.provision {
                let missing: Vec<&str> = parts(p)
                    .into_iter()
                    .filter(|(_, part)| part.is_some_and(|part| part.placeholder))
                    .map(|(name, _)| name)
                    .collect();
                if !missing.is_empty() {
                    let core = missing
                        .iter()
                        .any(|m| matches!(*m, "what" | "who" | "how often"));
                    sink.at(
                        &PROVISION_PLACEHOLDER,
                        if core {
                            Severity::Warning
                        } else {
                            Severity::Info
                        },
                        loc,
                        format!("Still to be specified: {}.", missing.join(", ")),
                    );
                }
            }
        }

        // F004: education or training in G.
        if loc.code == "G" && phrases_in(&key, HEALTH_ONLY).is_empty() {
            let mut found = phrases_in(&key, EDUCATIONAL);
            let ot = phrases_in(&key, OCCUPATIONAL_THERAPY);
            if !ot.is_empty() && !phrases_in(&key, LEARNING).is_empty() {
                found.extend(ot);
            }
            if !found.is_empty() {
                sink.at(
                    &EDUCATION_IN_HEALTH,
                    Severity::Warning,
                    loc,
                    format!(
                        "This health provision educates or trains ({}); provision that \
                         educates or trains belongs in section F.",
                        quoted(&found)
                    ),
                );
            }
        }

        // F005: H1 versus H2.
        let csdpa = phrases_in(&key, CSDPA);
        let other = phrases_in(&key, OTHER_SOCIAL_CARE);
        if loc.code == "H2" && !csdpa.is_empty() && other.is_empty() {
            sink.at(
                &SOCIAL_CARE_H1_H2,
                Severity::Warning,
                loc,
                format!(
                    "This looks like a service under section 2 of the Chronically Sick and \
                     Disabled Persons Act 1970 ({}), which belongs in H1.",
                    quoted(&csdpa)
                ),
            );
        }
        if loc.code == "H1" && !other.is_empty() && csdpa.is_empty() {
            sink.at(
                &SOCIAL_CARE_H1_H2,
                Severity::Warning,
                loc,
                format!(
                    "This looks like social care outside section 2 of the Chronically Sick and \
                     Disabled Persons Act 1970 ({}), which usually belongs in H2.",
                    quoted(&other)
                ),
            );
        }
    }
}

fn thread_row<'a>(
    sink: &mut Sink,
    need: &Statement,
    need_code: &'static str,
    provision_label: &str,
    provision: impl Iterator<Item = Located<'a>>,
    outcomes: &[Statement],
) -> bool {
    let provision: Vec<Located<'a>> = provision.filter(|l| filled(l.statement)).collect();
    let outcomes: Vec<&Statement> = outcomes.iter().filter(|s| filled(s)).collect();
    if filled(need) {
        if provision.is_empty() {
            sink.push(
                &NEED_WITHOUT_PROVISION,
                Severity::Error,
                need_code,
                Some(&need.id),
                format!("This need has no provision in section {provision_label}."),
            );
        }
        if outcomes.is_empty() {
            sink.push(
                &NEED_WITHOUT_OUTCOME,
                Severity::Error,
                need_code,
                Some(&need.id),
                "This need has no outcome in section E.".into(),
            );
        }
        return true;
    }
    for loc in provision {
        sink.at(
            &PROVISION_WITHOUT_NEED,
            Severity::Error,
            loc,
            "This provision is in a row with no need; every provision must meet a need.".into(),
        );
    }
    for outcome in outcomes {
        sink.push(
            &OUTCOME_WITHOUT_NEED,
            Severity::Error,
            "E",
            Some(&outcome.id),
            "This outcome is in a row with no need; every outcome must follow from a need.".into(),
        );
    }
    false
}

fn thread(plan: &Plan, sink: &mut Sink) {
    let mut needs = 0usize;
    fn at(code: &'static str) -> impl for<'a> Fn(&'a Statement) -> Located<'a> {
        move |statement| Located { code, statement }
    }
    for area in &plan.areas {
        for row in &area.rows {
            let provision = row.provision.iter().map(at("F"));
            if thread_row(sink, &row.need, "B", "F", provision, &row.outcomes) {
                needs += 1;
            }
        }
    }
    if needs == 0 {
        sink.push(
            &NO_NEEDS,
            Severity::Error,
            "B",
            None,
            "No special educational need is recorded in section B.".into(),
        );
    }
    for row in &plan.health {
        let provision = row.provision.iter().map(at("G"));
        thread_row(sink, &row.need, "C", "G", provision, &row.outcomes);
    }
    for row in &plan.social_care {
        let provision = row
            .h1
            .iter()
            .map(at("H1"))
            .chain(row.h2.iter().map(at("H2")));
        thread_row(sink, &row.need, "D", "H1 or H2", provision, &row.outcomes);
    }
}

/// True when an outcome has a measurable element. Numbers that only name a time or phase
/// ("Year 6", "Key Stage 2", "by 2027", "within 12 months") do not count.
fn measurable(text: &str, key: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let mut kept: Vec<&str> = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let after_phase = i
            .checked_sub(1)
            .is_some_and(|p| matches!(words[p], "year" | "stage" | "age" | "aged" | "ks" | "y"));
        let a_year = w.len() == 4
            && w.bytes().all(|b| b.is_ascii_digit())
            && (w.starts_with("19") || w.starts_with("20"));
        if !after_phase && !a_year {
            kept.push(w);
        }
    }
    let has_quantity = quantity::find(&kept.join(" ")).mentions.iter().any(|m| {
        !matches!(
            m.quantity,
            Quantity::Role(_) | Quantity::Duration(_, quantity::Unit::Of(_))
        )
    });
    has_quantity || !phrases_in(key, MEASURABLE).is_empty() || text.contains('%')
}

fn time_bound(key: &str) -> bool {
    if !phrases_in(key, TIME_BOUND).is_empty() {
        return true;
    }
    let words: Vec<&str> = key.split_whitespace().collect();
    words.windows(2).any(|pair| {
        let next = pair[1];
        let year = next.len() == 4
            && next.bytes().all(|b| b.is_ascii_digit())
            && (next.starts_with("19") || next.starts_with("20"));
        pair[0] == "by" && (BY_WHEN.contains(&next) || year)
    })
}

fn outcomes(all: &[Located<'_>], sink: &mut Sink) {
    for &loc in all.iter().filter(|l| l.code == "E") {
        let s = loc.statement;
        if matches!(s.origin, Origin::Placeholder { .. }) {
            sink.at(
                &OUTCOME_PLACEHOLDER,
                Severity::Warning,
                loc,
                "This outcome is still a placeholder to be written with the family.".into(),
            );
            continue;
        }
        if !filled(s) {
            continue;
        }
        let key = words_key(&s.text);
        if !measurable(&s.text, &key) {
            sink.at(
                &OUTCOME_NOT_MEASURABLE,
                Severity::Warning,
                loc,
                "This outcome has nothing to measure progress by, such as a number or \
                 \"independently\"."
                    .into(),
            );
        }
        if !time_bound(&key) {
            sink.at(
                &OUTCOME_NOT_TIME_BOUND,
                Severity::Warning,
                loc,
                "This outcome has no time or phase, such as \"by the end of Year 6\" or \"within \
                 12 months\"."
                    .into(),
            );
        }
    }
}

/// The Preparing for Adulthood areas some statements work towards.
fn pfa_themes(statements: &[&Statement]) -> (bool, Vec<&'static str>) {
    let mut any = false;
    let mut themes = Vec::new();
    for s in statements {
        if let Origin::Library { template } = &s.origin {
            let t = template.to_lowercase();
            any |= t.contains("pfa") || t.contains("adulthood");
        }
        let key = words_key(&s.text);
        for &(theme, words) in PFA_THEMES {
            if !phrases_in(&key, words).is_empty() && !themes.contains(&theme) {
                themes.push(theme);
            }
        }
    }
    (any || !themes.is_empty(), themes)
}

fn preparing_for_adulthood(
    plan: &Plan,
    all: &[Located<'_>],
    options: &CheckOptions,
    sink: &mut Sink,
) {
    let Some(year) = plan.personal.year_group else {
        sink.push(
            &YEAR_GROUP_UNKNOWN,
            Severity::Info,
            "E",
            None,
            "The year group is not known, so the Preparing for Adulthood checks were not run."
                .into(),
        );
        return;
    };
    if year < options.pfa_from_year {
        return;
    }
    let pick = |wanted: fn(&str) -> bool| -> Vec<&Statement> {
        all.iter()
            .filter(|l| wanted(l.code) && filled(l.statement))
            .map(|l| l.statement)
            .collect()
    };
    let (any, themes) = pfa_themes(&pick(|c| c == "E"));
    if !any {
        sink.push(
            &PFA_OUTCOMES,
            Severity::Error,
            "E",
            None,
            format!(
                "From Year {} outcomes must include preparing for adulthood (employment, \
                 independent living, community participation, health); none was found.",
                options.pfa_from_year
            ),
        );
    } else {
        let missing: Vec<&str> = PFA_THEMES
            .iter()
            .map(|&(theme, _)| theme)
            .filter(|theme| !themes.contains(theme))
            .collect();
        if !missing.is_empty() {
            sink.push(
                &PFA_OUTCOMES,
                Severity::Warning,
                "E",
                None,
                format!(
                    "No preparing for adulthood outcome covers: {}.",
                    missing.join(", ")
                ),
            );
        }
    }
    let (any, _) = pfa_themes(&pick(is_provision));
    if !any {
        sink.push(
            &PFA_PROVISION,
            Severity::Error,
            "F",
            None,
            format!(
                "From Year {} the provision must include help to prepare for adulthood and \
                 independent living; none was found.",
                options.pfa_from_year
            ),
        );
    }
}

fn placement(plan: &Plan, template: &PlanTemplate, sink: &mut Sink) {
    if !template.section(PlanSection::I).blank_in_draft {
        return;
    }
    if let Some(p) = &plan.placement
        && filled(p)
        && !p.by_person()
    {
        sink.push(
            &PLACEMENT_IN_DRAFT,
            Severity::Error,
            "I",
            Some(&p.id),
            "Section I must be blank in a draft: the setting is named only after the family has \
             said which they prefer."
                .into(),
        );
    }
}

fn register(plan: &Plan, options: &CheckOptions, sink: &mut Sink) {
    let mut present: HashSet<AdviceType> = HashSet::new();
    for (n, entry) in plan.advice.iter().enumerate() {
        let number = n + 1;
        match AdviceType::from_str(&entry.advice_type) {
            Ok(kind) => {
                present.insert(kind);
            }
            Err(_) => sink.push(
                &ADVICE_ENTRY,
                Severity::Warning,
                "K",
                None,
                format!("Advice register entry {number} has an advice type dehcp does not know."),
            ),
        }
        if entry.document >= plan.sources.len() {
            sink.push(
                &ADVICE_ENTRY,
                Severity::Warning,
                "K",
                None,
                format!(
                    "Advice register entry {number} points to a document that is not in the \
                     sources list."
                ),
            );
        }
        if entry.date.as_deref().is_none_or(|d| d.trim().is_empty()) {
            sink.push(
                &ADVICE_UNDATED,
                Severity::Info,
                "K",
                None,
                format!("Advice register entry {number} has no date."),
            );
        }
    }
    let year = plan.personal.year_group;
    for kind in AdviceType::ALL {
        if present.contains(&kind) {
            continue;
        }
        let severity = match kind {
            AdviceType::ParentOrYoungPerson
            | AdviceType::Educational
            | AdviceType::Medical
            | AdviceType::Psychological
            | AdviceType::SocialCare => Some(Severity::Error),
            AdviceType::PreparingForAdulthood => match year {
                Some(y) if y >= options.pfa_from_year => Some(Severity::Error),
                Some(_) => None,
                None => Some(Severity::Warning),
            },
            AdviceType::Other | AdviceType::RequestedByFamily => None,
        };
        if let Some(severity) = severity {
            let unknown = if severity == Severity::Warning {
                " if the child is in Year 9 or above (the year group is not known)"
            } else {
                ""
            };
            sink.push(
                &ADVICE_MISSING,
                severity,
                "K",
                None,
                format!(
                    "Missing from the advice register{unknown}: {} ({}).",
                    kind.description(),
                    kind.regulation()
                ),
            );
        }
    }
}

/// Reading-age estimates for sections A and E.
pub(super) fn reading_ages(plan: &Plan, options: &CheckOptions) -> Vec<ReadingAge> {
    let all = located(plan);
    ["A", "E"]
        .into_iter()
        .filter_map(|section| {
            let texts = all
                .iter()
                .filter(|l| l.code == section)
                .map(|l| l.statement.text.as_str());
            let r = text::readability(texts)?;
            (r.words >= options.min_words_for_reading_age).then_some(ReadingAge {
                section,
                words: r.words,
                sentences: r.sentences,
                grade_level: r.grade,
                reading_age: r.reading_age,
            })
        })
        .collect()
}

fn plain_english(plan: &Plan, all: &[Located<'_>], options: &CheckOptions, sink: &mut Sink) {
    for estimate in reading_ages(plan, options) {
        let too_hard = estimate.reading_age > options.max_reading_age;
        let message = if too_hard {
            format!(
                "Section {} reads at about age {:.0}; aim for {:.0} or under with shorter \
                 sentences and everyday words.",
                estimate.section, estimate.reading_age, options.max_reading_age
            )
        } else {
            format!(
                "Section {} reads at about age {:.0}.",
                estimate.section, estimate.reading_age
            )
        };
        let severity = if too_hard {
            Severity::Warning
        } else {
            Severity::Info
        };
        sink.push(&READING_AGE, severity, estimate.section, None, message);
    }
    for &loc in all {
        let s = loc.statement;
        if loc.code == "I" || own_words(s) || !filled(s) {
            continue;
        }
        let severity = if matches!(loc.code, "A" | "E") {
            Severity::Warning
        } else {
            Severity::Info
        };
        let long: Vec<usize> = text::sentences(&s.text)
            .into_iter()
            .map(text::count_words)
            .filter(|&n| n > options.long_sentence_words)
            .collect();
        if let Some(&longest) = long.iter().max() {
            let message = if long.len() == 1 {
                format!(
                    "A sentence here has {longest} words; {} or fewer is easier to read.",
                    options.long_sentence_words
                )
            } else {
                format!(
                    "{} sentences here have more than {} words (the longest has {longest}).",
                    long.len(),
                    options.long_sentence_words
                )
            };
            sink.at(&LONG_SENTENCE, severity, loc, message);
        }
        let key = words_key(&s.text);
        let jargon: Vec<String> = JARGON_TERMS
            .iter()
            .filter(|(term, _)| key.contains(term))
            .map(|(term, plain)| format!("\"{}\" (try \"{plain}\")", term.trim()))
            .collect();
        if !jargon.is_empty() {
            sink.at(
                &JARGON,
                severity,
                loc,
                format!("Jargon a family may not know: {}.", jargon.join(", ")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn smart(text: &str) -> (bool, bool) {
        let key = words_key(text);
        (measurable(text, &key), time_bound(&key))
    }

    #[test]
    fn time_and_phase_phrasings() {
        for text in [
            "by the end of Year 6",
            "within 12 months",
            "by July 2027",
            "by the end of Key Stage 2",
            "by KS3",
            "by 2028",
            "at his next annual review",
            "before transition to secondary school",
        ] {
            assert!(smart(text).1, "{text}");
        }
        for text in [
            "Sam will be happier",
            "in the playground",
            "by himself",
            "by an adult",
        ] {
            assert!(!smart(text).1, "{text}");
        }
    }

    #[test]
    fn phase_numbers_are_not_measures() {
        assert!(!smart("By the end of Year 6 Sam will enjoy stories.").0);
        assert!(!smart("By July 2027 Sam will like maths.").0);
        assert!(!smart("Within 12 months Sam will like maths.").0);
        assert!(smart("Sam will read 20 words.").0);
        assert!(smart("Sam will sit for ten minutes.").0);
        assert!(smart("Sam will dress independently.").0);
        assert!(smart("Sam will score 80% on spelling tests.").0);
        assert!(smart("Sam will ask for help three times a day.").0);
    }
}
