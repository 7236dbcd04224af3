//! The easy-read summary for the family: one short page in plain words and short sentences,
//! area by area: what the plan says the child needs help with and what help is suggested.
//! Professional wording is never quoted at length: each item is cut to its first sentence and at
//! most one line, and a few common abbreviations are written out.

use std::fmt::Write as _;

use super::html::{close_page, escape, open_page};
use crate::model::{CareRow, Origin, Plan, Statement};

/// At most this many words of any one statement.
const MAX_WORDS: usize = 12;
/// And at most this many characters (one line).
const MAX_CHARS: usize = 80;
/// At most this many items in a list.
const MAX_ITEMS: usize = 5;

/// Writes the easy-read page.
pub(crate) fn write(plan: &Plan) -> String {
    let name = plan
        .personal
        .name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or("your child");
    let mut out = String::with_capacity(16 * 1024);
    open_page(&mut out, "Your child's draft plan: easy read", "Easy read");
    let _ = writeln!(
        out,
        "<h1 class=\"govuk-heading-xl\">About {}'s draft plan</h1>",
        escape(name)
    );
    if plan.synthetic {
        out.push_str(
            "<div class=\"govuk-warning-text\" role=\"note\">This is a made-up example. \
             It is not about a real child.</div>\n",
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"govuk-body\">This page tells you what the draft plan says. \
         It uses short, simple words.</p>\n<p class=\"govuk-body\">The plan is a draft. \
         Nothing is final yet. You can ask for changes.</p>"
    );

    // Strengths: the A2 strengths part, then each area's strengths.
    let mut strengths: Vec<&Statement> = plan
        .views
        .iter()
        .filter(|v| v.heading.to_lowercase().contains("strength"))
        .flat_map(|v| v.statements.iter())
        .collect();
    strengths.extend(plan.areas.iter().flat_map(|a| a.strengths.iter()));
    if !strengths.is_empty() {
        let _ = writeln!(
            out,
            "<h2 class=\"govuk-heading-l\">What {} is good at</h2>",
            escape(name)
        );
        list(&mut out, strengths.iter().copied());
    }

    let mut none: Vec<&str> = Vec::new();
    for area in &plan.areas {
        let title = plain_area(&area.area, &area.title);
        if area.rows.is_empty() {
            none.push(title);
            continue;
        }
        area_section(&mut out, title, name, &area.rows);
    }
    if !plan.health.is_empty() {
        area_section(&mut out, "Health", name, &plan.health);
    }
    if !plan.social_care.is_empty() {
        let _ = writeln!(
            out,
            "<h2 class=\"govuk-heading-l\">Help at home and in the community</h2>"
        );
        let _ = writeln!(
            out,
            "<p class=\"govuk-body\">{} needs help with:</p>",
            escape(&capital(name))
        );
        list(&mut out, plan.social_care.iter().map(|r| &r.need));
        let help: Vec<&Statement> = plan
            .social_care
            .iter()
            .flat_map(|r| r.h1.iter().chain(r.h2.iter()))
            .collect();
        if !help.is_empty() {
            out.push_str("<p class=\"govuk-body\">The help we suggest:</p>\n");
            help_list(&mut out, help.into_iter());
        }
    }
    if !none.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"govuk-body\">The reports did not find needs in these areas: {}.</p>",
            escape(&none.join(", ").to_lowercase())
        );
    }
    out.push_str(
        "<h2 class=\"govuk-heading-l\">What happens next</h2>\n<ul class=\"govuk-list\">\
         <li>Please read the plan. Read it with your child if you can.</li>\
         <li>Tell us what you think. You can ask us to change things.</li>\
         <li>Tell us which school or college you would like.</li>\
         <li>Then the council writes the final plan.</li></ul>\n",
    );
    close_page(&mut out, "Easy read summary of a draft plan.");
    out
}

fn area_section(out: &mut String, title: &str, name: &str, rows: &[CareRow]) {
    let _ = writeln!(out, "<h2 class=\"govuk-heading-l\">{}</h2>", escape(title));
    let _ = writeln!(
        out,
        "<p class=\"govuk-body\">{} needs help with:</p>",
        escape(&capital(name))
    );
    list(out, rows.iter().map(|r| &r.need));
    let help: Vec<&Statement> = rows.iter().flat_map(|r| r.provision.iter()).collect();
    if help.is_empty() {
        out.push_str("<p class=\"govuk-body\">The help is not decided yet.</p>\n");
    } else {
        out.push_str("<p class=\"govuk-body\">The help we suggest:</p>\n");
        help_list(out, help.into_iter());
    }
}

fn list<'a>(out: &mut String, items: impl Iterator<Item = &'a Statement>) {
    out.push_str("<ul class=\"govuk-list\">");
    for st in items.take(MAX_ITEMS) {
        let text = match st.origin {
            Origin::Placeholder { .. } => "Not decided yet.".to_owned(),
            _ => short(&st.text),
        };
        let _ = write!(out, "<li>{}</li>", escape(&text));
    }
    out.push_str("</ul>\n");
}

/// Help, from the provision's "what" and "how often" when the evidence gives them.
fn help_list<'a>(out: &mut String, items: impl Iterator<Item = &'a Statement>) {
    out.push_str("<ul class=\"govuk-list\">");
    for st in items.take(MAX_ITEMS) {
        let text = match &st.provision {
            Some(parts) if !parts.what.placeholder => {
                let what = short(&parts.what.text);
                if parts.frequency.placeholder {
                    format!("{what} How often is not decided yet.")
                } else {
                    format!("{what} How often: {}", short(&parts.frequency.text))
                }
            }
            _ => match st.origin {
                Origin::Placeholder { .. } => "Not decided yet.".to_owned(),
                _ => short(&st.text),
            },
        };
        let _ = write!(out, "<li>{}</li>", escape(&text));
    }
    out.push_str("</ul>\n");
}

fn plain_area<'a>(id: &str, title: &'a str) -> &'a str {
    match id {
        "communication_and_interaction" => "Talking, understanding and getting on with others",
        "cognition_and_learning" => "Learning",
        "social_emotional_mental_health" => "Feelings, behaviour and friendships",
        "sensory_and_physical" => "Seeing, hearing and moving",
        _ => title,
    }
}

fn capital(text: &str) -> String {
    super::compose::capitalise(text)
}

/// The first sentence, at most one line, with common abbreviations written out.
fn short(text: &str) -> String {
    let text = text.trim();
    let first = text.find(". ").map(|i| &text[..=i]).unwrap_or(text).trim();
    let mut words: Vec<String> = Vec::new();
    let mut chars = 0;
    let mut cut = false;
    for (i, word) in first.split_whitespace().enumerate() {
        let word = plain_word(word);
        if i >= MAX_WORDS || chars + word.chars().count() + 1 > MAX_CHARS {
            cut = true;
            break;
        }
        chars += word.chars().count() + 1;
        words.push(word);
    }
    let mut out = capital(&words.join(" "));
    if cut {
        while out.ends_with([',', ';', ':', '-', '.']) {
            out.pop();
        }
        out.push('\u{2026}');
    } else if !out.ends_with(['.', '!', '?']) && !out.is_empty() {
        out.push('.');
    }
    out
}

/// Writes out a few abbreviations and words families do not need to know.
fn plain_word(word: &str) -> String {
    let core = word.trim_matches(|c: char| !c.is_alphanumeric());
    let plain = match core {
        "SALT" | "SLT" => "speech and language therapy",
        "OT" => "occupational therapy",
        "EP" => "educational psychologist",
        "TA" => "teaching assistant",
        "SENCo" | "SENCO" => "special needs teacher",
        "ASD" | "ASC" => "autism",
        "SEMH" => "feelings and behaviour",
        "provision" | "Provision" => "help",
        "outcome" | "Outcome" => "goal",
        "outcomes" | "Outcomes" => "goals",
        _ => return word.to_owned(),
    };
    word.replacen(core, plain, 1)
}
