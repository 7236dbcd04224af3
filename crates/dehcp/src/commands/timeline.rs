//! `dehcp timeline`: a case's statutory deadlines.

use dehcp_domain::BirthMonth;
use dehcp_domain::clock::timeline::ExceptionNote;
use dehcp_domain::clock::{
    Anchor, CaseFacts, CaseFactsBuilder, ClockOptions, Closure, Deadline, FixedDateReading, Ground,
    RecordedException, Status, StatutoryClock, Timeline,
};
use dehcp_domain::date::parse_iso_date;
use dehcp_domain::lifecycle::ReviewOutcome;
use serde::Serialize;
use time::Date;

use crate::cli::TimelineArgs;
use crate::exit::Failure;

fn date(flag: &str, text: &str) -> Result<Date, Failure> {
    parse_iso_date(text).map_err(|error| Failure::usage(format!("--{flag}: {error}")))
}

/// Turns the command-line flags into checked case facts.
pub(crate) fn facts_from_args(args: &TimelineArgs) -> Result<CaseFacts, Failure> {
    let mut builder: CaseFactsBuilder =
        CaseFacts::builder().event(Anchor::RequestReceived, date("received", &args.received)?);
    if let Some(text) = &args.decision {
        builder = builder
            .event(Anchor::DecisionNotified, date("decision", text)?)
            .decided_to_assess(!args.refused);
    }
    if let Some(text) = &args.draft_served {
        builder = builder.event(Anchor::DraftServed, date("draft-served", text)?);
    }
    if let Some(text) = &args.final_issued {
        builder = builder.event(Anchor::FinalIssued, date("final-issued", text)?);
    }
    for event in &args.events {
        let (name, when) = event
            .split_once('=')
            .ok_or_else(|| Failure::usage(format!("--event '{event}' is not NAME=YYYY-MM-DD")))?;
        let anchor = Anchor::parse(name).ok_or_else(|| {
            Failure::usage(format!(
                "--event: '{name}' is not a known event (dehcp reference events lists them)"
            ))
        })?;
        builder = builder.event(anchor, date("event", when)?);
    }
    if let Some(text) = &args.review_outcome {
        let outcome = match text.trim().to_ascii_lowercase().as_str() {
            "maintain" => ReviewOutcome::Maintain,
            "amend" => ReviewOutcome::Amend,
            "cease" => ReviewOutcome::Cease,
            _ => {
                return Err(Failure::usage(format!(
                    "--review-outcome: '{text}' is not maintain, amend or cease"
                )));
            }
        };
        builder = builder.review_outcome(outcome);
    }
    if let Some(text) = &args.birth {
        let birth = BirthMonth::parse(text).map_err(|e| Failure::usage(format!("--birth: {e}")))?;
        builder = builder.birth(birth);
    }
    for text in &args.exceptions {
        builder = builder.exception(parse_exception(text)?);
    }
    builder.build().map_err(Failure::usage)
}

fn parse_exception(text: &str) -> Result<RecordedException, Failure> {
    let parts: Vec<&str> = text.splitn(5, ':').collect();
    let bad = |why: &str| Failure::usage(format!("--exception '{text}': {why}"));
    let ground = parts
        .first()
        .and_then(|g| Ground::parse(g))
        .ok_or_else(|| bad("unknown ground (see dehcp timeline --help)"))?;
    let occurred_on = date("exception", parts.get(1).copied().unwrap_or(""))?;
    if matches!(ground, Ground::SchoolClosure | Ground::EarlyYearsClosure) {
        let [_, _, closed_from, reopens, reason] = parts.as_slice() else {
            return Err(bad("give GROUND:ADVICE_DATE:CLOSED_FROM:REOPENS:REASON"));
        };
        let closure = Closure {
            closed_from: date("exception", closed_from)?,
            reopens: date("exception", reopens)?,
            advice_requested: occurred_on,
        };
        return Ok(RecordedException {
            ground,
            occurred_on,
            reason: reason.trim().to_owned(),
            closure: Some(closure),
        });
    }
    let reason = parts[2..].join(":");
    if reason.trim().is_empty() {
        return Err(bad("say why the exception applies (GROUND:DATE:REASON)"));
    }
    Ok(RecordedException {
        ground,
        occurred_on,
        reason: reason.trim().to_owned(),
        closure: None,
    })
}

pub(crate) fn run(args: &TimelineArgs) -> Result<(), Failure> {
    let facts = facts_from_args(args)?;
    let today = match &args.today {
        Some(text) => date("today", text)?,
        None => super::today(),
    };
    let options = ClockOptions {
        fixed_date_reading: if args.inclusive_fixed_dates {
            FixedDateReading::Inclusive
        } else {
            FixedDateReading::Strict
        },
    };
    let clock = StatutoryClock::builtin()
        .map_err(Failure::internal)?
        .with_options(options);
    let timeline = clock.timeline(&facts, today).map_err(Failure::usage)?;
    if args.json {
        let json = serde_json::to_string_pretty(&TimelineJson::new(&timeline, today))
            .map_err(Failure::internal)?;
        outln!("{json}");
    } else {
        out!("{}", render_text(&timeline, today));
    }
    Ok(())
}

/// The JSON shape: `{"deadlines":[{"id":"A03","event":…,"due":"2026-02-16",…}],…}`.
#[derive(Serialize)]
struct TimelineJson<'a> {
    today: String,
    rules_version: &'a str,
    deadlines: Vec<DeadlineJson<'a>>,
    warnings: &'a [String],
}

#[derive(Serialize)]
struct DeadlineJson<'a> {
    id: &'a str,
    event: &'a str,
    title: &'a str,
    due: String,
    kind: &'static str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    completed_on: Option<String>,
    who: &'a str,
    regulation: &'a str,
    confidence: String,
    notes: &'a [String],
    exceptions: Vec<ExceptionJson<'a>>,
}

#[derive(Serialize)]
struct ExceptionJson<'a> {
    ground: &'static str,
    regulation: &'a str,
    occurred_on: String,
    reason: &'a str,
}

impl<'a> TimelineJson<'a> {
    fn new(timeline: &'a Timeline, today: Date) -> Self {
        TimelineJson {
            today: today.to_string(),
            rules_version: &timeline.rules_version,
            deadlines: timeline.deadlines.iter().map(DeadlineJson::new).collect(),
            warnings: &timeline.warnings,
        }
    }
}

fn completed_on(status: Status) -> Option<Date> {
    match status {
        Status::Met { on } | Status::Late { on } => Some(on),
        _ => None,
    }
}

impl<'a> DeadlineJson<'a> {
    fn new(deadline: &'a Deadline) -> Self {
        DeadlineJson {
            id: &deadline.id,
            event: &deadline.event,
            title: &deadline.title,
            due: deadline.due.to_string(),
            kind: deadline.kind.id(),
            status: deadline.status.id(),
            completed_on: completed_on(deadline.status).map(|d| d.to_string()),
            who: &deadline.who,
            regulation: &deadline.regulation,
            confidence: deadline.confidence.to_string(),
            notes: &deadline.notes,
            exceptions: deadline.exceptions.iter().map(ExceptionJson::new).collect(),
        }
    }
}

impl<'a> ExceptionJson<'a> {
    fn new(note: &'a ExceptionNote) -> Self {
        ExceptionJson {
            ground: note.ground.id(),
            regulation: &note.regulation,
            occurred_on: note.occurred_on.to_string(),
            reason: &note.reason,
        }
    }
}

fn status_words(status: Status) -> String {
    match status {
        Status::Met { on } => format!("met ({on})"),
        Status::Late { on } => format!("late ({on})"),
        Status::Due => "due".to_owned(),
        Status::Overdue => "OVERDUE".to_owned(),
        Status::Open => "open".to_owned(),
        Status::Ended => "ended".to_owned(),
    }
}

/// Plain-text rendering: one block per deadline, date order.
pub(crate) fn render_text(timeline: &Timeline, today: Date) -> String {
    let mut out = format!(
        "Statutory timeline as at {today} (rules version {})\n\n",
        timeline.rules_version
    );
    if timeline.deadlines.is_empty() {
        out.push_str("No deadlines apply to the events given.\n");
    }
    for deadline in &timeline.deadlines {
        out.push_str(&format!(
            "{}  {}  {:<18} {}\n",
            deadline.id,
            deadline.due,
            status_words(deadline.status),
            deadline.title
        ));
        let kind = match deadline.kind.id() {
            "duty" => String::new(),
            other => format!("[{other}] "),
        };
        out.push_str(&format!(
            "                  {kind}{} — {}\n",
            deadline.regulation, deadline.who
        ));
        for note in &deadline.notes {
            out.push_str(&format!("                  note: {note}\n"));
        }
        for exception in &deadline.exceptions {
            out.push_str(&format!(
                "                  exception recorded {} ({}, {}): {}\n",
                exception.occurred_on,
                exception.ground.describe(),
                exception.regulation,
                exception.reason
            ));
        }
    }
    for warning in &timeline.warnings {
        out.push_str(&format!("\nwarning: {warning}\n"));
    }
    out
}
