//! The evidence gold set: hand-labelled synthetic advice that the evaluation
//! ([`crate::eval`]) scores the engine against.
//!
//! A gold file is a report written in Markdown with labels inline, `{{text|label}}`
//! (the format is described in `testdata/gold/README.md`):
//!
//! - `{{autism|f:autism:affirmed}}`: a finding, with a dictionary concept id of kind
//!   diagnosis, difficulty or strength, and a polarity (`affirmed`, `negated`, `uncertain`,
//!   `historical` or `other_person`);
//! - `{{… whole sentence …|p}}`: a provision statement, holding its parts
//!   `{{…|what}}`, `{{…|who}}`, `{{…|group}}`, `{{…|frequency}}`, `{{…|duration}}`,
//!   `{{…|length}}` (programme length) and `{{…|vague}}` (non-specific wording).
//!
//! [`parse`] strips the markup with a stack (labels nest) into the plain text plus labelled
//! spans, and checks every label: a broken file is a [`GoldError`] naming the file, line and
//! column, never a panic. [`GoldDocument::ingest`] then reads the plain text through the real
//! ingest pipeline (`dehcp_ingest::ingest`), as any Markdown report would be read, and moves
//! every span onto the ingested [`Document::text`] by aligning the two texts character by
//! character (ingest drops heading hashes and list markers and normalises whitespace, and
//! nothing else).
//!
//! This module does no IO: callers read files and pass their text in.

use std::fmt;

use dehcp_ingest::{Document, Format, IngestOptions};
use serde::Serialize;

use crate::context::Polarity;
use crate::dictionary::{ConceptKind, Dictionary};

/// The concept kinds labelled as findings (professionals and interventions are not).
pub const FINDING_KINDS: [ConceptKind; 3] = [
    ConceptKind::Diagnosis,
    ConceptKind::Difficulty,
    ConceptKind::Strength,
];

/// The polarities in the order reports list them.
pub const POLARITIES: [Polarity; 5] = [
    Polarity::Affirmed,
    Polarity::Negated,
    Polarity::Uncertain,
    Polarity::Historical,
    Polarity::OtherPerson,
];

/// The polarity with this identifier (`affirmed`, `negated`, `uncertain`, `historical` or
/// `other_person`).
pub fn polarity_from_id(id: &str) -> Option<Polarity> {
    POLARITIES.into_iter().find(|polarity| polarity.id() == id)
}

/// A part of a provision statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// The intervention or activity.
    What,
    /// Who delivers it, with any stated training.
    Who,
    /// Group size or ratio.
    Group,
    /// How often.
    Frequency,
    /// How long each session lasts.
    Duration,
    /// How long the programme runs (`programme_length` in an analysis).
    Length,
    /// A non-specific phrase.
    Vague,
}

impl PartKind {
    /// Every part, in the order reports list them.
    pub const ALL: [PartKind; 7] = [
        PartKind::What,
        PartKind::Who,
        PartKind::Group,
        PartKind::Frequency,
        PartKind::Duration,
        PartKind::Length,
        PartKind::Vague,
    ];

    /// The label used in gold files, for example `frequency`.
    pub fn id(self) -> &'static str {
        match self {
            PartKind::What => "what",
            PartKind::Who => "who",
            PartKind::Group => "group",
            PartKind::Frequency => "frequency",
            PartKind::Duration => "duration",
            PartKind::Length => "length",
            PartKind::Vague => "vague",
        }
    }

    /// The part with this label.
    pub fn from_id(id: &str) -> Option<PartKind> {
        PartKind::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// Its position in [`PartKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for PartKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A stretch of text: character offsets, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Offset of the first character.
    pub start: usize,
    /// Offset just past the last character.
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Its length in characters (0 if `end` is before `start`).
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers no characters.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// How many characters it shares with `other`.
    pub fn overlap(self, other: Span) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    /// How many characters the two cover together (counting shared ones once).
    pub fn union_len(self, other: Span) -> usize {
        (self.len() + other.len()).saturating_sub(self.overlap(other))
    }

    /// Whether it lies wholly within `other`.
    pub fn within(self, other: Span) -> bool {
        other.start <= self.start && self.end <= other.end
    }

    /// Its text in `text` (characters `start..end`).
    pub fn text_in(self, text: &str) -> String {
        text.chars().skip(self.start).take(self.len()).collect()
    }
}

/// A labelled finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldFinding {
    /// Dictionary concept id.
    pub concept: String,
    /// Its polarity as a careful reader judges it.
    #[serde(serialize_with = "polarity_id")]
    pub polarity: Polarity,
    /// The words that name the concept.
    pub span: Span,
}

/// A labelled part of a provision statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GoldPart {
    /// Which part.
    pub kind: PartKind,
    /// Its words.
    pub span: Span,
}

/// A labelled provision statement with its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldProvision {
    /// The whole statement.
    pub span: Span,
    /// Its labelled parts, in text order (within the statement's span).
    pub parts: Vec<GoldPart>,
}

/// A parsed gold file: the document text without markup, and the labelled spans as
/// character offsets into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDocument {
    /// The file name, for messages.
    pub file: String,
    /// The text with every label removed.
    pub text: String,
    /// Findings, in text order (by start, then end, then concept).
    pub findings: Vec<GoldFinding>,
    /// Provision statements, in text order.
    pub provisions: Vec<GoldProvision>,
}

/// A gold document read through ingest, with its labels moved onto the ingested text.
#[derive(Debug, Clone)]
pub struct IngestedGold {
    /// The file name.
    pub file: String,
    /// The ingested document, exactly as the engine sees it.
    pub document: Document,
    /// Findings, with spans in `document.text`.
    pub findings: Vec<GoldFinding>,
    /// Provision statements, with spans in `document.text`.
    pub provisions: Vec<GoldProvision>,
}

/// What is wrong with a gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoldProblem {
    /// `{{` with no matching `|label}}`.
    Unclosed,
    /// `|` outside any `{{…}}`.
    StrayBar,
    /// `}}` with no `|label` before it.
    MissingLabel,
    /// A single `{` or `}` (only `{{` and `}}` are markup).
    StrayBrace(char),
    /// A label not closed by `}}` on the same line.
    UnterminatedLabel,
    /// A label that is none of `f:…`, `p` or a part.
    UnknownLabel(String),
    /// A finding label that is not `f:CONCEPT:POLARITY`.
    MalformedFinding(String),
    /// A polarity that is not one of the five.
    UnknownPolarity(String),
    /// A concept id the dictionary does not have.
    UnknownConcept(String),
    /// A concept of a kind not labelled as a finding (professional, intervention).
    NotAFindingKind {
        /// The concept id.
        concept: String,
        /// Its kind.
        kind: ConceptKind,
    },
    /// A provision part not inside a `p` statement.
    PartOutsideStatement(PartKind),
    /// A `p` statement inside another.
    NestedStatement,
    /// A label around nothing but whitespace.
    EmptySpan,
    /// The ingest pipeline rejected the text.
    Ingest(String),
    /// The ingested text does not line up with the gold text.
    Misaligned,
    /// A labelled span that ingest dropped entirely (only a list marker, say).
    LostSpan,
}

impl fmt::Display for GoldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoldProblem::Unclosed => f.write_str("'{{' is never closed by '|label}}'"),
            GoldProblem::StrayBar => f.write_str("'|' outside any '{{...}}'"),
            GoldProblem::MissingLabel => f.write_str("'}}' without a '|label' before it"),
            GoldProblem::StrayBrace(brace) => {
                write!(f, "a single '{brace}' (only '{{{{' and '}}}}' are markup)")
            }
            GoldProblem::UnterminatedLabel => {
                f.write_str("the label is not closed by '}}' on the same line")
            }
            GoldProblem::UnknownLabel(label) => write!(
                f,
                "unknown label '{label}' (expected f:CONCEPT:POLARITY, p, what, who, group, \
                 frequency, duration, length or vague)"
            ),
            GoldProblem::MalformedFinding(label) => {
                write!(f, "finding label '{label}' is not f:CONCEPT:POLARITY")
            }
            GoldProblem::UnknownPolarity(polarity) => write!(
                f,
                "unknown polarity '{polarity}' (expected affirmed, negated, uncertain, \
                 historical or other_person)"
            ),
            GoldProblem::UnknownConcept(concept) => {
                write!(f, "unknown concept '{concept}' (not in the dictionary)")
            }
            GoldProblem::NotAFindingKind { concept, kind } => write!(
                f,
                "concept '{concept}' is a {kind}; only diagnoses, difficulties and strengths \
                 are labelled as findings"
            ),
            GoldProblem::PartOutsideStatement(kind) => {
                write!(f, "part '{kind}' is not inside a '|p' statement")
            }
            GoldProblem::NestedStatement => {
                f.write_str("a '|p' statement inside another statement")
            }
            GoldProblem::EmptySpan => f.write_str("a label around no text"),
            GoldProblem::Ingest(message) => write!(f, "ingest rejected the text: {message}"),
            GoldProblem::Misaligned => f.write_str(
                "the ingested text does not line up with the gold text here \
                 (column counted without labels)",
            ),
            GoldProblem::LostSpan => f.write_str(
                "a labelled span has no text left after ingest (column counted without labels)",
            ),
        }
    }
}

/// A gold file could not be used. Displays as `file:line:column: problem`, with 1-based line
/// and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldError {
    /// The file name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub problem: GoldProblem,
}

impl fmt::Display for GoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.problem
        )
    }
}

impl std::error::Error for GoldError {}

/// What a label says.
#[derive(Debug, Clone)]
enum Label {
    Finding { concept: String, polarity: Polarity },
    Statement,
    Part(PartKind),
}

/// A closed `{{…|label}}`: its span in the stripped text, its label, where its `{{` is, and
/// the open id of the enclosing `{{`, if any.
#[derive(Debug)]
struct Closed {
    span: Span,
    label: Label,
    line: usize,
    column: usize,
    parent: Option<usize>,
}

/// An open `{{` awaiting its label.
#[derive(Debug)]
struct Open {
    /// Its id: its index in the parse's `parents` and `closed_index`.
    id: usize,
    start: usize,
    line: usize,
    column: usize,
}

/// Parses a gold file's text. `file` names it in errors; concept ids are checked against
/// `dictionary`. Never panics.
pub fn parse(file: &str, markup: &str, dictionary: &Dictionary) -> Result<GoldDocument, GoldError> {
    let error = |line: usize, column: usize, problem: GoldProblem| GoldError {
        file: file.to_owned(),
        line,
        column,
        problem,
    };
    let chars: Vec<char> = markup.chars().collect();
    let mut text = String::with_capacity(markup.len());
    let mut produced = 0usize;
    let mut stack: Vec<Open> = Vec::new();
    // For every `{{` ever opened: its parent's open id, and once closed, its index in `closed`.
    let mut parents: Vec<Option<usize>> = Vec::new();
    let mut closed_index: Vec<Option<usize>> = Vec::new();
    let mut closed: Vec<Closed> = Vec::new();
    let (mut line, mut column) = (1usize, 1usize);
    let mut index = 0usize;
    while let Some(&character) = chars.get(index) {
        let next = chars.get(index + 1).copied();
        match character {
            '{' if next == Some('{') => {
                let id = parents.len();
                parents.push(stack.last().map(|open| open.id));
                closed_index.push(None);
                stack.push(Open {
                    id,
                    start: produced,
                    line,
                    column,
                });
                index += 2;
                column += 2;
            }
            '{' | '}' if next != Some(character) => {
                return Err(error(line, column, GoldProblem::StrayBrace(character)));
            }
            '}' => return Err(error(line, column, GoldProblem::MissingLabel)),
            '|' => {
                let Some(open) = stack.pop() else {
                    return Err(error(line, column, GoldProblem::StrayBar));
                };
                let label_start = index + 1;
                let mut end = label_start;
                loop {
                    match chars.get(end) {
                        Some('}') if chars.get(end + 1) == Some(&'}') => break,
                        Some('{' | '}' | '|' | '\n' | '\r') | None => {
                            return Err(error(line, column, GoldProblem::UnterminatedLabel));
                        }
                        Some(_) => end += 1,
                    }
                }
                let raw: String = chars
                    .get(label_start..end)
                    .map(|slice| slice.iter().collect())
                    .unwrap_or_default();
                let label = parse_label(raw.trim(), dictionary)
                    .map_err(|problem| error(line, column + 1, problem))?;
                let span = trim_span(&text, Span::new(open.start, produced))
                    .ok_or_else(|| error(open.line, open.column, GoldProblem::EmptySpan))?;
                let parent = parents.get(open.id).copied().flatten();
                if let Some(slot) = closed_index.get_mut(open.id) {
                    *slot = Some(closed.len());
                }
                closed.push(Closed {
                    span,
                    label,
                    line: open.line,
                    column: open.column,
                    parent,
                });
                let consumed = end + 2 - index;
                index = end + 2;
                column += consumed;
            }
            _ => {
                text.push(character);
                produced += 1;
                index += 1;
                if character == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
        }
    }
    if let Some(open) = stack.first() {
        return Err(error(open.line, open.column, GoldProblem::Unclosed));
    }
    // Structure: parts inside a statement, statements not nested. Report the first problem in
    // file order.
    let statement_of = |mut parent: Option<usize>| -> Option<usize> {
        while let Some(open_id) = parent {
            let at = closed_index.get(open_id).copied().flatten()?;
            let entry = closed.get(at)?;
            if matches!(entry.label, Label::Statement) {
                return Some(at);
            }
            parent = entry.parent;
        }
        None
    };
    let mut problems: Vec<GoldError> = Vec::new();
    let mut findings = Vec::new();
    let mut statements: Vec<(usize, GoldProvision)> = Vec::new();
    let mut parts: Vec<(usize, GoldPart)> = Vec::new();
    for (at, entry) in closed.iter().enumerate() {
        match &entry.label {
            Label::Finding { concept, polarity } => findings.push(GoldFinding {
                concept: concept.clone(),
                polarity: *polarity,
                span: entry.span,
            }),
            Label::Statement => {
                if statement_of(entry.parent).is_some() {
                    problems.push(error(
                        entry.line,
                        entry.column,
                        GoldProblem::NestedStatement,
                    ));
                }
                statements.push((
                    at,
                    GoldProvision {
                        span: entry.span,
                        parts: Vec::new(),
                    },
                ));
            }
            Label::Part(kind) => match statement_of(entry.parent) {
                Some(statement) => parts.push((
                    statement,
                    GoldPart {
                        kind: *kind,
                        span: entry.span,
                    },
                )),
                None => problems.push(error(
                    entry.line,
                    entry.column,
                    GoldProblem::PartOutsideStatement(*kind),
                )),
            },
        }
    }
    if let Some(first) = problems
        .into_iter()
        .min_by_key(|problem| (problem.line, problem.column))
    {
        return Err(first);
    }
    for (statement, part) in parts {
        if let Some((_, provision)) = statements.iter_mut().find(|(at, _)| *at == statement) {
            provision.parts.push(part);
        }
    }
    let mut provisions: Vec<GoldProvision> = statements.into_iter().map(|(_, p)| p).collect();
    sort_gold(&mut findings, &mut provisions);
    Ok(GoldDocument {
        file: file.to_owned(),
        text,
        findings,
        provisions,
    })
}

/// Puts findings, statements and parts in their canonical (text) order.
fn sort_gold(findings: &mut [GoldFinding], provisions: &mut [GoldProvision]) {
    findings.sort_by(|a, b| {
        (a.span, &a.concept, a.polarity.id()).cmp(&(b.span, &b.concept, b.polarity.id()))
    });
    provisions.sort_by_key(|provision| provision.span);
    for provision in provisions {
        provision.parts.sort_by_key(|part| (part.span, part.kind));
    }
}

/// Reads one label.
fn parse_label(label: &str, dictionary: &Dictionary) -> Result<Label, GoldProblem> {
    if label == "p" {
        return Ok(Label::Statement);
    }
    if let Some(kind) = PartKind::from_id(label) {
        return Ok(Label::Part(kind));
    }
    let Some(rest) = label.strip_prefix("f:") else {
        return Err(GoldProblem::UnknownLabel(label.to_owned()));
    };
    let mut pieces = rest.split(':');
    let (Some(concept), Some(polarity), None) = (pieces.next(), pieces.next(), pieces.next())
    else {
        return Err(GoldProblem::MalformedFinding(label.to_owned()));
    };
    let (concept, polarity) = (concept.trim(), polarity.trim());
    if concept.is_empty() {
        return Err(GoldProblem::MalformedFinding(label.to_owned()));
    }
    let Some(entry) = dictionary.get(concept) else {
        return Err(GoldProblem::UnknownConcept(concept.to_owned()));
    };
    if !FINDING_KINDS.contains(&entry.kind) {
        return Err(GoldProblem::NotAFindingKind {
            concept: concept.to_owned(),
            kind: entry.kind,
        });
    }
    let polarity =
        polarity_from_id(polarity).ok_or_else(|| GoldProblem::UnknownPolarity(polarity.into()))?;
    Ok(Label::Finding {
        concept: concept.to_owned(),
        polarity,
    })
}

/// The span without leading and trailing whitespace, or `None` if nothing is left.
fn trim_span(text: &str, span: Span) -> Option<Span> {
    let inner: Vec<char> = text.chars().skip(span.start).take(span.len()).collect();
    let leading = inner.iter().take_while(|c| c.is_whitespace()).count();
    if leading == inner.len() {
        return None;
    }
    let trailing = inner.iter().rev().take_while(|c| c.is_whitespace()).count();
    Some(Span::new(span.start + leading, span.end - trailing))
}

impl GoldDocument {
    /// The file's text again, with every label put back. Parsing the result gives an equal
    /// document. Where spans start or end together, statements go outside parts and parts
    /// outside findings.
    pub fn to_markup(&self) -> String {
        // (span, rank, label): rank orders equal spans from outermost to innermost.
        let mut labels: Vec<(Span, u8, String)> = Vec::new();
        for provision in &self.provisions {
            labels.push((provision.span, 0, "p".to_owned()));
            for part in &provision.parts {
                labels.push((part.span, 1, part.kind.id().to_owned()));
            }
        }
        for finding in &self.findings {
            labels.push((
                finding.span,
                2,
                format!("f:{}:{}", finding.concept, finding.polarity.id()),
            ));
        }
        let length = self.text.chars().count();
        let mut opens: Vec<Vec<usize>> = vec![Vec::new(); length + 1];
        let mut closes: Vec<Vec<usize>> = vec![Vec::new(); length + 1];
        // Outer spans open first: earlier start, then longer, then lower rank.
        let mut order: Vec<usize> = (0..labels.len()).collect();
        order.sort_by_key(|&i| {
            let (span, rank, _) = &labels[i];
            (span.start, std::cmp::Reverse(span.end), *rank)
        });
        for &i in &order {
            let (span, _, _) = &labels[i];
            if let Some(slot) = opens.get_mut(span.start.min(length)) {
                slot.push(i);
            }
        }
        // Inner spans close first: the reverse of the opening order among those ending here.
        for &i in order.iter().rev() {
            let (span, _, _) = &labels[i];
            if let Some(slot) = closes.get_mut(span.end.min(length)) {
                slot.push(i);
            }
        }
        let mut out = String::with_capacity(self.text.len() + labels.len() * 16);
        for (offset, character) in self.text.chars().chain(std::iter::once('\0')).enumerate() {
            for &i in closes.get(offset).map_or(&[][..], Vec::as_slice) {
                out.push('|');
                out.push_str(&labels[i].2);
                out.push_str("}}");
            }
            for _ in opens.get(offset).map_or(&[][..], Vec::as_slice) {
                out.push_str("{{");
            }
            if offset < length {
                out.push(character);
            }
        }
        out
    }

    /// How many parts its statements have in all.
    pub fn part_count(&self) -> usize {
        self.provisions.iter().map(|p| p.parts.len()).sum()
    }

    /// Reads the plain text through `dehcp_ingest::ingest` (as a Markdown report) and moves
    /// every span onto the ingested document's text.
    ///
    /// The two texts are aligned by walking both: whitespace on either side is skipped, and so
    /// are the characters ingest drops (heading hashes and list markers at the start of a line,
    /// Markdown comment lines, control characters); every other character must be the same on
    /// both sides, or the error names the line and column (counted in the text without labels)
    /// where they part.
    pub fn ingest(&self) -> Result<IngestedGold, GoldError> {
        let at = |offset: usize, problem: GoldProblem| {
            let (line, column) = line_column(&self.text, offset);
            GoldError {
                file: self.file.clone(),
                line,
                column,
                problem,
            }
        };
        let (document, _) =
            dehcp_ingest::ingest(&self.file, self.text.as_bytes(), &IngestOptions::default())
                .map_err(|source| at(0, GoldProblem::Ingest(source.to_string())))?;
        let markdown = match document.format {
            Format::Markdown => true,
            Format::PlainText => false,
            other => {
                return Err(at(
                    0,
                    GoldProblem::Ingest(format!("read as {other:?}, not as text")),
                ));
            }
        };
        let gold: Vec<char> = self.text.chars().collect();
        let ingested: Vec<char> = document.text.chars().collect();
        let dropped = dropped_by_ingest(&gold, markdown);
        let mut map: Vec<Option<usize>> = vec![None; gold.len()];
        let mut j = 0usize;
        for (i, &character) in gold.iter().enumerate() {
            if character.is_whitespace() || dropped.get(i).copied().unwrap_or(false) {
                continue;
            }
            while ingested.get(j).is_some_and(|c| c.is_whitespace()) {
                j += 1;
            }
            if ingested.get(j) != Some(&character) {
                return Err(at(i, GoldProblem::Misaligned));
            }
            if let Some(slot) = map.get_mut(i) {
                *slot = Some(j);
            }
            j += 1;
        }
        if ingested
            .get(j..)
            .is_some_and(|rest| rest.iter().any(|c| !c.is_whitespace()))
        {
            return Err(at(gold.len(), GoldProblem::Misaligned));
        }
        let move_span = |span: Span| -> Result<Span, GoldError> {
            let mapped = |i: usize| map.get(i).copied().flatten();
            let first = (span.start..span.end).find_map(mapped);
            let last = (span.start..span.end).rev().find_map(mapped);
            match (first, last) {
                (Some(start), Some(last)) => Ok(Span::new(start, last + 1)),
                _ => Err(at(span.start, GoldProblem::LostSpan)),
            }
        };
        let mut findings = Vec::with_capacity(self.findings.len());
        for finding in &self.findings {
            findings.push(GoldFinding {
                span: move_span(finding.span)?,
                ..finding.clone()
            });
        }
        let mut provisions = Vec::with_capacity(self.provisions.len());
        for provision in &self.provisions {
            let mut parts = Vec::with_capacity(provision.parts.len());
            for part in &provision.parts {
                parts.push(GoldPart {
                    kind: part.kind,
                    span: move_span(part.span)?,
                });
            }
            provisions.push(GoldProvision {
                span: move_span(provision.span)?,
                parts,
            });
        }
        sort_gold(&mut findings, &mut provisions);
        Ok(IngestedGold {
            file: self.file.clone(),
            document,
            findings,
            provisions,
        })
    }
}

impl IngestedGold {
    /// How many parts its statements have in all.
    pub fn part_count(&self) -> usize {
        self.provisions.iter().map(|p| p.parts.len()).sum()
    }
}

/// 1-based line and column of a character offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    for character in text.chars().take(offset) {
        if character == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Marks the characters the text reader drops: Markdown comment lines, heading hashes and
/// list markers at the start of a line, and control characters. Mirrors
/// `dehcp_ingest`'s text reader line by line.
fn dropped_by_ingest(chars: &[char], markdown: bool) -> Vec<bool> {
    let mut dropped: Vec<bool> = chars
        .iter()
        .map(|&c| (c.is_control() && !c.is_whitespace()) || c == '\u{feff}')
        .collect();
    let mut in_comment = false;
    let mut line_start = 0usize;
    while line_start <= chars.len() {
        let line_end = chars
            .get(line_start..)
            .and_then(|rest| rest.iter().position(|&c| c == '\n'))
            .map_or(chars.len(), |position| line_start + position);
        let line = chars.get(line_start..line_end).unwrap_or(&[]);
        let first = line.iter().position(|c| !c.is_whitespace());
        let last = line.iter().rposition(|c| !c.is_whitespace());
        let mark = |dropped: &mut Vec<bool>, from: usize, count: usize| {
            for slot in dropped.iter_mut().skip(line_start + from).take(count) {
                *slot = true;
            }
        };
        if let (Some(first), Some(last)) = (first, last) {
            let trimmed = line.get(first..=last).unwrap_or(&[]);
            let comment = markdown && (in_comment || trimmed.starts_with(&['<', '!', '-', '-']));
            if comment {
                in_comment = !trimmed.ends_with(&['-', '-', '>']);
                mark(&mut dropped, 0, line.len());
            } else if let Some(marker) = line_marker(trimmed, markdown) {
                mark(&mut dropped, first, marker);
            }
        }
        line_start = line_end + 1;
    }
    dropped
}

/// The length of a heading (`## `) or list marker (`- `, `1. `) starting a trimmed line, as
/// the text reader recognises them.
fn line_marker(trimmed: &[char], markdown: bool) -> Option<usize> {
    if markdown {
        let hashes = trimmed.iter().take_while(|&&c| c == '#').count();
        if (1..=6).contains(&hashes) && trimmed.get(hashes) == Some(&' ') {
            return Some(hashes);
        }
    }
    if matches!(trimmed.first(), Some('-' | '*' | '•' | '+')) && trimmed.get(1) == Some(&' ') {
        return Some(1);
    }
    let digits = trimmed.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && matches!(trimmed.get(digits), Some('.' | ')'))
        && trimmed.get(digits + 1) == Some(&' ')
    {
        return Some(digits + 1);
    }
    None
}

fn polarity_id<S: serde::Serializer>(
    polarity: &Polarity,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(polarity.id())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn dictionary() -> &'static Dictionary {
        static DICTIONARY: OnceLock<Dictionary> = OnceLock::new();
        DICTIONARY.get_or_init(|| Dictionary::builtin().unwrap())
    }

    fn parsed(markup: &str) -> GoldDocument {
        parse("test.md", markup, dictionary()).unwrap()
    }

    fn problem(markup: &str) -> GoldError {
        parse("test.md", markup, dictionary()).unwrap_err()
    }

    #[test]
    fn nested_labels_become_spans_in_the_stripped_text() {
        let gold = parsed(
            "{{Sam should have {{daily|frequency}} {{reading practice|what}} for his \
             {{dyslexia|f:dyslexia:affirmed}}.|p}}",
        );
        assert_eq!(
            gold.text,
            "Sam should have daily reading practice for his dyslexia."
        );
        assert_eq!(gold.findings.len(), 1);
        assert_eq!(gold.findings[0].span.text_in(&gold.text), "dyslexia");
        assert_eq!(gold.provisions.len(), 1);
        let provision = &gold.provisions[0];
        assert_eq!(provision.span.text_in(&gold.text), gold.text);
        let parts: Vec<(PartKind, String)> = provision
            .parts
            .iter()
            .map(|part| (part.kind, part.span.text_in(&gold.text)))
            .collect();
        assert_eq!(
            parts,
            [
                (PartKind::Frequency, "daily".to_owned()),
                (PartKind::What, "reading practice".to_owned())
            ]
        );
    }

    #[test]
    fn spans_are_trimmed_of_whitespace() {
        let gold = parsed("She has {{ autism |f:autism:affirmed}}.");
        assert_eq!(gold.findings[0].span.text_in(&gold.text), "autism");
    }

    #[test]
    fn alignment_maps_spans_past_list_markers_and_headings() {
        let gold = parsed(
            "# Report\n\n## {{Strengths|f:kind:affirmed}}?\n\n1. {{1:1 {{reading|what}}   \
             every day.|p}}\n- {{anxiety|f:anxiety:negated}}\n",
        );
        let ingested = gold.ingest().unwrap();
        let text = &ingested.document.text;
        let provision = &ingested.provisions[0];
        assert_eq!(provision.span.text_in(text), "1:1 reading every day.");
        assert_eq!(provision.parts[0].span.text_in(text), "reading");
        assert_eq!(ingested.findings[1].span.text_in(text), "anxiety");
    }

    #[test]
    fn parse_errors_name_line_and_column() {
        let cases: Vec<(&str, GoldProblem, usize, usize)> = vec![
            ("ok\nx {{autism", GoldProblem::Unclosed, 2, 3),
            ("a | b", GoldProblem::StrayBar, 1, 3),
            ("a }} b", GoldProblem::MissingLabel, 1, 3),
            ("a { b", GoldProblem::StrayBrace('{'), 1, 3),
            ("{{a|p", GoldProblem::UnterminatedLabel, 1, 4),
            ("{{a|p\n}}", GoldProblem::UnterminatedLabel, 1, 4),
            (
                "{{a|diagnosis}}",
                GoldProblem::UnknownLabel("diagnosis".into()),
                1,
                5,
            ),
            (
                "{{a|f:autism}}",
                GoldProblem::MalformedFinding("f:autism".into()),
                1,
                5,
            ),
            (
                "{{a|f:autism:present}}",
                GoldProblem::UnknownPolarity("present".into()),
                1,
                5,
            ),
            (
                "{{a|f:autismm:affirmed}}",
                GoldProblem::UnknownConcept("autismm".into()),
                1,
                5,
            ),
            (
                "x\n  {{daily|frequency}}",
                GoldProblem::PartOutsideStatement(PartKind::Frequency),
                2,
                3,
            ),
            ("{{a {{b|p}}|p}}", GoldProblem::NestedStatement, 1, 5),
            ("{{  |p}}", GoldProblem::EmptySpan, 1, 1),
        ];
        for (markup, expected, line, column) in cases {
            let error = problem(markup);
            assert_eq!(
                (&error.problem, error.line, error.column),
                (&expected, line, column),
                "{markup}"
            );
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("test.md:{line}:{column}: "))
            );
        }
        let professional = dictionary()
            .of_kind(ConceptKind::Professional)
            .next()
            .unwrap()
            .id
            .clone();
        let error = problem(&format!("{{{{x|f:{professional}:affirmed}}}}"));
        assert!(matches!(
            error.problem,
            GoldProblem::NotAFindingKind {
                kind: ConceptKind::Professional,
                ..
            }
        ));
    }

    #[test]
    fn a_part_in_a_finding_in_a_statement_belongs_to_the_statement() {
        let gold = parsed("{{Use {{{{a visual timetable|what}} daily|f:kind:affirmed}}.|p}}");
        assert_eq!(gold.provisions[0].parts.len(), 1);
    }

    /// A random labelled document, built as a tree so labels nest properly.
    fn arbitrary_document() -> impl Strategy<Value = GoldDocument> {
        let words = prop::collection::vec("[a-zA-Z0-9 .,:;'\n-]{1,12}", 1..6);
        let concepts = prop::sample::select(vec!["autism", "anxiety", "dyslexia", "kind"]);
        let parts = prop::collection::vec(
            (
                prop::sample::select(PartKind::ALL.to_vec()),
                "[a-z]{1,8}",
                prop::option::of((concepts.clone(), 0usize..5, "[a-z]{1,6}")),
                "[a-z ]{0,4}",
            ),
            0..4,
        );
        let statements = prop::collection::vec(("[A-Z][a-z ]{0,6}", parts, "[a-z .]{0,5}"), 0..3);
        let findings =
            prop::collection::vec((concepts, 0usize..5, "[a-z]{1,7}", "[a-z .\n]{0,6}"), 0..4);
        (words, statements, findings).prop_map(|(words, statements, findings)| {
            let mut markup = String::new();
            for word in &words {
                markup.push_str(word);
            }
            for (opening, parts, closing) in statements {
                markup.push_str(" {{");
                markup.push_str(&opening);
                for (kind, text, finding, gap) in parts {
                    markup.push_str(" {{");
                    markup.push_str(&text);
                    if let Some((concept, polarity, inner)) = finding {
                        let polarity = POLARITIES[polarity % POLARITIES.len()].id();
                        markup.push_str(&format!(" {{{{{inner}|f:{concept}:{polarity}}}}}"));
                    }
                    markup.push_str(&format!("|{kind}}}}}"));
                    markup.push_str(&gap);
                }
                markup.push_str(&closing);
                markup.push_str("x|p}} ");
            }
            for (concept, polarity, text, gap) in findings {
                let polarity = POLARITIES[polarity % POLARITIES.len()].id();
                markup.push_str(&format!("{{{{{text}|f:{concept}:{polarity}}}}}{gap} "));
            }
            parse("random.md", &markup, dictionary()).unwrap()
        })
    }

    proptest! {
        #[test]
        fn random_text_never_panics(text in "[a-z{}|:\n p]{0,60}") {
            let _ = parse("random.md", &text, dictionary());
        }

        #[test]
        fn random_unicode_never_panics(text in "\\PC{0,80}") {
            if let Ok(gold) = parse("random.md", &text, dictionary()) {
                let _ = gold.ingest();
            }
        }

        #[test]
        fn stripping_and_relabelling_round_trips(gold in arbitrary_document()) {
            let markup = gold.to_markup();
            let again = parse("random.md", &markup, dictionary()).unwrap();
            prop_assert_eq!(again, gold);
        }
    }
}
