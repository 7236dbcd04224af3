//! Section A (A1 history, A2 views in the template's headed parts) and section J, drafted
//! from whole blocks and sentences of the documents, verbatim.
//!
//! Must not: reword anyone's views, or give a view without saying whose voice it is.

use dehcp_ingest::BlockKind;
use dehcp_ingest::metadata::AdviceKind;
use dehcp_nlp::sentence;

use super::evidence::{Doc, Quoter};
use super::rules;
use super::statement;
use super::tables::Gathered;
use crate::model::{Origin, Statement, ViewsPart, Voice};

/// At most this many history paragraphs from one report.
const HISTORY_PER_DOCUMENT: usize = 1;

/// Which A2 part a passage belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartKind {
    Child,
    Family,
    Interests,
    Strengths,
    Aspirations,
}

/// The index in `parts` of the template part for `kind` (by its heading's words), falling back
/// to the voice's own part, then the first.
fn part_index(parts: &[String], kind: PartKind, voice: Voice) -> usize {
    let find = |kind: PartKind| {
        parts.iter().position(|heading| {
            let heading = heading.to_lowercase();
            match kind {
                PartKind::Child => heading.contains("child") || heading.contains("young person"),
                PartKind::Family => heading.contains("family") || heading.contains("parent"),
                PartKind::Interests => heading.contains("interest"),
                PartKind::Strengths => heading.contains("strength"),
                PartKind::Aspirations => heading.contains("aspiration"),
            }
        })
    };
    let own = match voice {
        Voice::Child => PartKind::Child,
        Voice::Parent | Voice::Professional => PartKind::Family,
    };
    find(kind).or_else(|| find(own)).unwrap_or(0)
}

/// The A2 part a document heading suggests.
fn kind_of_heading(heading: &str, voice: Voice) -> PartKind {
    let own = if voice == Voice::Child {
        PartKind::Child
    } else {
        PartKind::Family
    };
    let words = rules::words(heading);
    let has = |cues: &[&str]| cues.iter().any(|cue| rules::has_phrase(&words, cue));
    if has(&[
        "would like",
        "worried",
        "worry",
        "hard",
        "help",
        "helps",
        "works",
    ]) {
        own
    } else if has(&[
        "hope",
        "hopes",
        "future",
        "grow up",
        "aspiration",
        "aspirations",
        "dream",
        "dreams",
        "ambition",
        "ambitions",
    ]) {
        PartKind::Aspirations
    } else if has(&["good at", "strength", "strengths", "proud", "best at"]) {
        PartKind::Strengths
    } else if has(&["like", "enjoy", "interest", "interests", "hobbies", "love"]) {
        PartKind::Interests
    } else {
        own
    }
}

/// Whether a text speaks in the first person ("I", "my", "we", "our").
fn first_person(text: &str) -> bool {
    rules::words(text)
        .iter()
        .any(|word| matches!(word.as_str(), "i" | "me" | "my" | "we" | "our" | "us"))
}

/// Whether a block is a form field ("Date: 5 October 2026", "Name of child: …").
fn is_form_field(text: &str) -> bool {
    // Several short "Label: value" fields run together on one line, not ending as a sentence.
    let fields = text.matches(": ").count();
    if fields >= 3 && !text.trim_end().ends_with(['.', '!', '?']) {
        return true;
    }
    let Some((label, value)) = text.split_once(':') else {
        return false;
    };
    text.chars().count() <= 80
        && label.split_whitespace().count() <= 4
        && value.split_whitespace().count() <= 6
        && label
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '*')
}

/// Whether a block is a signature or sign-off rather than a view ("Thank you for reading",
/// a name and role on their own).
fn is_sign_off(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words = text.split_whitespace().count();
    [
        "thank you",
        "yours sincerely",
        "yours faithfully",
        "kind regards",
        "best wishes",
    ]
    .iter()
    .any(|cue| lower.starts_with(cue))
        || (words <= 4 && !text.ends_with(['.', '!', '?']))
}

/// Whose voice a heading inside a views document introduces, when it says: "Parent views",
/// "Our worries", "What we would like for our son" → the parent; "My views", "All about me",
/// "What I like", "The child's views" → the child. Parent cues win ("What I would like for my
/// daughter" is a parent's heading).
fn voice_of_heading(heading: &str) -> Option<Voice> {
    const PARENT: &[&str] = &[
        "parent",
        "parents",
        "parent's",
        "carer",
        "carers",
        "family",
        "family's",
        "mum",
        "dad",
        "mother",
        "father",
        "we",
        "our",
        "us",
        "my son",
        "my daughter",
        "my child",
    ];
    const CHILD: &[&str] = &[
        "i",
        "me",
        "my",
        "child's views",
        "young person's views",
        "pupil views",
        "pupil's views",
        "child's voice",
        "pupil voice",
    ];
    let words: Vec<String> = heading
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|word| !word.is_empty())
        .map(|word| word.replace('’', "'").to_lowercase())
        .collect();
    let has = |cues: &[&str]| cues.iter().any(|cue| rules::has_phrase(&words, cue));
    if has(PARENT) {
        Some(Voice::Parent)
    } else if has(CHILD) {
        Some(Voice::Child)
    } else {
        None
    }
}

/// The voice of a views document.
fn voice_of(doc: &Doc<'_>) -> Option<Voice> {
    match doc.kind {
        AdviceKind::ChildYoungPersonViews => Some(Voice::Child),
        AdviceKind::ParentCarerViews => Some(Voice::Parent),
        _ => None,
    }
}

/// A2: the child's and family's documents, block by block, under the template's parts.
pub(crate) fn views(quoter: &Quoter<'_, '_>, parts: &[String]) -> Vec<ViewsPart> {
    let mut out: Vec<ViewsPart> = parts
        .iter()
        .map(|heading| ViewsPart {
            heading: heading.clone(),
            statements: Vec::new(),
        })
        .collect();
    for doc in quoter.docs {
        let Some(document_voice) = voice_of(doc) else {
            continue;
        };
        let mut voice = document_voice;
        let mut kind = if voice == Voice::Child {
            PartKind::Child
        } else {
            PartKind::Family
        };
        // Plain text has no marked-up headings: short lines that read as headings are.
        let marked_up = doc
            .document
            .blocks
            .iter()
            .any(|block| matches!(block.kind, BlockKind::Heading { .. }));
        let mut seen_heading = false;
        for block in &doc.document.blocks {
            let heading = match block.kind {
                BlockKind::Heading { level } => Some(level),
                BlockKind::Paragraph
                    if !marked_up
                        && rules::looks_like_heading(&block.text)
                        && !is_form_field(&block.text) =>
                {
                    Some(2)
                }
                _ => None,
            };
            if let Some(level) = heading {
                seen_heading = true;
                if level >= 2 {
                    // A heading that names whose views follow changes the voice until the next
                    // one that does; other headings keep it.
                    if let Some(named) = voice_of_heading(&block.text) {
                        voice = named;
                    }
                    kind = kind_of_heading(&block.text, voice);
                }
                continue;
            }
            match block.kind {
                BlockKind::Paragraph | BlockKind::ListItem => {}
                _ => continue,
            }
            // Front matter before the first heading of a plain document (a banner, a title)
            // is not a view unless someone speaks in it.
            if !marked_up && !seen_heading && !first_person(&block.text) {
                continue;
            }
            let words = block.text.split_whitespace().count();
            let listed = matches!(kind, PartKind::Interests | PartKind::Strengths)
                && block.kind == BlockKind::ListItem;
            if (!listed && (words < 3 || is_sign_off(&block.text))) || is_form_field(&block.text) {
                continue;
            }
            let Some(quote) = doc.quote(block.page, block.start, block.end, &block.text) else {
                continue;
            };
            let index = part_index(parts, kind, voice);
            if let Some(part) = out.get_mut(index) {
                let id = format!("A2-{}-{}", index + 1, part.statements.len() + 1);
                part.statements.push(statement(
                    id,
                    "A",
                    block.text.clone(),
                    Origin::Evidence,
                    Some(voice),
                    vec![quote],
                ));
            }
        }
    }
    out
}

/// Adds interests named by professionals to A2's interests part.
pub(crate) fn add_interests(views: &mut [ViewsPart], interests: Vec<Gathered>, parts: &[String]) {
    let index = part_index(parts, PartKind::Interests, Voice::Professional);
    let Some(part) = views.get_mut(index) else {
        return;
    };
    for gathered in interests {
        let id = format!("A2-{}-{}", index + 1, part.statements.len() + 1);
        part.statements.push(statement(
            id,
            "A",
            gathered.text(),
            Origin::Evidence,
            Some(Voice::Professional),
            gathered.quotes,
        ));
    }
}

/// A1: the paragraphs under "Background"-like headings of the professionals' reports; a
/// placeholder when there are none.
pub(crate) fn history(quoter: &Quoter<'_, '_>) -> Vec<Statement> {
    let mut out = Vec::new();
    for doc in quoter.docs {
        if doc.is_views() {
            continue;
        }
        let mut under_history = false;
        let mut taken = 0;
        for block in &doc.document.blocks {
            match block.kind {
                BlockKind::Heading { level } if level >= 2 => {
                    let words = rules::words(&block.text);
                    under_history = rules::HISTORY_HEADINGS
                        .iter()
                        .any(|cue| rules::has_phrase(&words, cue));
                }
                BlockKind::Paragraph if under_history && taken < HISTORY_PER_DOCUMENT => {
                    if is_form_field(&block.text) {
                        continue;
                    }
                    if let Some(quote) = doc.quote(block.page, block.start, block.end, &block.text)
                    {
                        taken += 1;
                        out.push(statement(
                            format!("A1-{}", out.len() + 1),
                            "A",
                            block.text.clone(),
                            Origin::Evidence,
                            Some(Voice::Professional),
                            vec![quote],
                        ));
                    }
                }
                _ => {}
            }
        }
    }
    if out.is_empty() {
        out.push(statement(
            "A1-1".to_owned(),
            "A",
            "A summary of history: to be written by the EHC coordinator with the family."
                .to_owned(),
            Origin::Placeholder {
                who: "the EHC coordinator".to_owned(),
            },
            None,
            Vec::new(),
        ));
    }
    out
}

/// J: every sentence that mentions a personal budget or direct payments, verbatim.
pub(crate) fn personal_budget(quoter: &Quoter<'_, '_>) -> Vec<Statement> {
    const CUES: [&str; 3] = ["personal budget", "direct payment", "direct payments"];
    let mut out = Vec::new();
    for doc in quoter.docs {
        for block in &doc.document.blocks {
            if matches!(block.kind, BlockKind::Header | BlockKind::Footer) {
                continue;
            }
            let lower = block.text.to_lowercase();
            if !CUES.iter().any(|cue| lower.contains(cue)) {
                continue;
            }
            for found in sentence::split(&block.text) {
                let words = rules::words(&found.text);
                if !CUES.iter().any(|cue| rules::has_phrase(&words, cue)) {
                    continue;
                }
                let start = block.start + found.start;
                let end = block.start + found.end;
                if let Some(quote) = doc.quote(block.page, start, end, &found.text) {
                    out.push(statement(
                        format!("J-{}", out.len() + 1),
                        "J",
                        found.text.clone(),
                        Origin::Evidence,
                        None,
                        vec![quote],
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> Vec<String> {
        [
            "The child or young person's views",
            "The family's views",
            "Interests",
            "Strengths",
            "Aspirations",
        ]
        .map(str::to_owned)
        .to_vec()
    }

    #[test]
    fn headings_choose_the_a2_part() {
        assert_eq!(
            kind_of_heading("Things I like", Voice::Child),
            PartKind::Interests
        );
        assert_eq!(
            kind_of_heading("Things I am good at", Voice::Child),
            PartKind::Strengths
        );
        assert_eq!(
            kind_of_heading("What I want to be when I grow up", Voice::Child),
            PartKind::Aspirations
        );
        assert_eq!(
            kind_of_heading("What we would like from the plan", Voice::Parent),
            PartKind::Family
        );
        assert_eq!(
            kind_of_heading("What is hard for me", Voice::Child),
            PartKind::Child
        );
        assert_eq!(part_index(&parts(), PartKind::Aspirations, Voice::Child), 4);
        assert_eq!(part_index(&parts(), PartKind::Family, Voice::Parent), 1);
    }

    #[test]
    fn headings_say_whose_voice_follows() {
        assert_eq!(voice_of_heading("What I like"), Some(Voice::Child));
        assert_eq!(
            voice_of_heading("Part 1: All about me (Sam's views)"),
            Some(Voice::Child)
        );
        assert_eq!(
            voice_of_heading("Part 2: Parent views (Pat and Lee Synthetic)"),
            Some(Voice::Parent)
        );
        assert_eq!(voice_of_heading("Our worries"), Some(Voice::Parent));
        assert_eq!(
            voice_of_heading("What I would like for my daughter"),
            Some(Voice::Parent)
        );
        assert_eq!(voice_of_heading("What works for Sam"), None);
    }

    #[test]
    fn sign_offs_are_not_views() {
        assert!(is_sign_off("Thank you for reading about me."));
        assert!(is_sign_off("Sam Synthetic Parent"));
        assert!(!is_sign_off("I like trains."));
        assert!(!is_sign_off(
            "We want Sam to be happy at school and to have friends."
        ));
    }

    #[test]
    fn form_fields_are_not_views() {
        assert!(is_form_field("Date: 29/9/26"));
        assert!(is_form_field("Name of child: Sam Synthetic"));
        assert!(is_form_field(
            "Completed by: Pat Synthetic (mum), with Sam's dad"
        ));
        assert!(!is_form_field(
            "We hope for one thing: that he is happy at school and has a friend to play with."
        ));
        assert!(is_form_field(
            "Name: Sam Synthetic Date of birth: 03/2017 School: Synthetic Primary Date: 1 May"
        ));
    }
}
