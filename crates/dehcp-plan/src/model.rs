//! The plan as structured data, in the national template's reading order (domain.md §2.1 and
//! §2.3): personal details; A1 history; A2 views, interests and aspirations; one table per broad
//! area of need (strengths, then rows of need B → provision F → outcomes E); the health table
//! (C → G → E); the social care table (D → H1 / H2 → E); I placement; J personal budget; K the
//! advice register; and the sources every quote points into.
//!
//! Every [`Statement`] has a stable id (so versions can be compared and edits kept when a
//! section is regenerated), says where its words came from ([`Origin`]) and carries the verbatim
//! quotes behind it. The model is plain data: serde in and out, with [`SCHEMA_VERSION`].

use serde::{Deserialize, Serialize};

/// The version of the plan's JSON shape. Raise it when a field changes meaning or goes away;
/// readers refuse a plan with a version they do not know.
pub const SCHEMA_VERSION: u32 = 1;

/// A draft or edited EHC plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// The version of the plan template (domain `PlanTemplate::version`) the plan follows.
    pub template_version: String,
    /// The date the draft describes ("as of"), `YYYY-MM-DD`. Ages, phases and advice ages are
    /// worked out against it.
    pub as_of: String,
    /// Whether the plan was drafted from synthetic documents or a synthetic model (always
    /// printed on the plan when true).
    pub synthetic: bool,
    /// Personal details (not a statutory section).
    pub personal: PersonalDetails,
    /// A1: a summary of the child's or young person's history.
    pub history: Vec<Statement>,
    /// A2: views, interests, strengths and aspirations, in the template's headed parts.
    pub views: Vec<ViewsPart>,
    /// One table per broad area of need, in Code of Practice order; an area with no need has
    /// no rows (it is still printed, saying no needs were identified).
    pub areas: Vec<AreaTable>,
    /// Health: C needs → G provision → E outcomes.
    pub health: Vec<CareRow>,
    /// Social care: D needs → H1 / H2 provision → E outcomes.
    pub social_care: Vec<SocialCareRow>,
    /// I: the placement. Always `None` in a draft; named by the local authority only in the
    /// final plan.
    pub placement: Option<Statement>,
    /// J: personal budget, including direct payments (empty when none was requested).
    pub personal_budget: Vec<Statement>,
    /// K: the advice and information gathered, one entry per document.
    pub advice: Vec<AdviceEntry>,
    /// The needs models' suggestions, shown to the coordinator, never merged into sections.
    pub suggestions: Suggestions,
    /// The documents quotes point into (`Quote::document` indexes this list).
    pub sources: Vec<Source>,
}

/// Personal details. In a draft these hold tokens or are left for the coordinator: dehcp never
/// guesses a name, address or date of birth.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PersonalDetails {
    /// The child's or young person's name, or the masking token (`[CHILD]`).
    pub name: Option<String>,
    /// Date of birth, `YYYY-MM` or `YYYY-MM-DD`, only when a person gave it.
    pub date_of_birth: Option<String>,
    /// The national curriculum year on `as_of`, when known (Reception is 0).
    pub year_group: Option<i8>,
    /// The phase on `as_of`, for example "primary" (used for outcomes and Preparing for
    /// Adulthood from Year 9).
    pub phase: Option<String>,
    /// Anything else a person typed here, as label and value.
    pub other: Vec<(String, String)>,
}

/// One headed part of A2, for example "Interests" or "Aspirations".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViewsPart {
    /// The heading from the plan template.
    pub heading: String,
    /// What was said, with whose voice each is.
    pub statements: Vec<Statement>,
}

/// One broad area of need's table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaTable {
    /// The broad area's snake_case id (domain `BroadArea::id`), e.g.
    /// `communication_and_interaction`.
    pub area: String,
    /// The broad area's printed title.
    pub title: String,
    /// The strengths row, above the needs.
    pub strengths: Vec<Statement>,
    /// One row per need: B → F → E.
    pub rows: Vec<CareRow>,
}

/// A row of need → provision → outcomes: B → F → E in an area table, C → G → E in the health
/// table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CareRow {
    /// Stable id of the row, e.g. `B-communication_and_interaction-2`.
    pub id: String,
    /// The need (B or C).
    pub need: Statement,
    /// The provision that meets it (F or G).
    pub provision: Vec<Statement>,
    /// The outcomes it works towards (E).
    pub outcomes: Vec<Statement>,
}

/// A row of the social care table: D → H1 / H2 → E.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SocialCareRow {
    /// Stable id of the row.
    pub id: String,
    /// The social care need (D).
    pub need: Statement,
    /// H1: provision under section 2 of the Chronically Sick and Disabled Persons Act 1970.
    pub h1: Vec<Statement>,
    /// H2: any other social care provision.
    pub h2: Vec<Statement>,
    /// The outcomes it works towards (E).
    pub outcomes: Vec<Statement>,
}

/// One statement of the plan: a sentence or short paragraph a coordinator can edit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Stable id, unique in the plan, e.g. `F-communication_and_interaction-2-1`. Regenerating
    /// a plan from the same bundle gives the same ids.
    pub id: String,
    /// The plan section code the statement belongs to: "A", "B" … "H1", "H2", "I", "J", "K".
    pub section: String,
    /// The text as printed.
    pub text: String,
    /// Where the words came from.
    pub origin: Origin,
    /// Whose voice a view in section A is (None elsewhere).
    pub voice: Option<Voice>,
    /// The verbatim quotes behind the statement (document, page, span). Drafted statements
    /// always have at least one; library outcomes have the need's quotes.
    pub quotes: Vec<Quote>,
    /// For provision (F, G, H1, H2): its five parts, each from the evidence or a placeholder.
    pub provision: Option<ProvisionParts>,
    /// True when the statement is a suggestion to personalise (library outcomes, model
    /// suggestions), printed as such.
    pub suggestion: bool,
    /// The last edit by a person, if any. An edited statement's text is the person's.
    pub edit: Option<Edit>,
}

/// Where a statement's words came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// Drafted from the quoted evidence (findings, provision statements, summaries).
    Evidence,
    /// From the outcomes library, keyed by need and phase; `template` is the library id.
    Library {
        /// The outcome template's id.
        template: String,
    },
    /// A visible placeholder: the evidence does not give this; `who` should specify it.
    Placeholder {
        /// The advice giver or role who should fill it in.
        who: String,
    },
    /// Typed by a person.
    Person,
}

/// Whose voice a view is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Voice {
    /// The child or young person.
    Child,
    /// A parent or carer.
    Parent,
    /// A professional writing about the child.
    Professional,
}

/// A verbatim quote: `text` is exactly the characters `start..end` of the source document's
/// text (character offsets), on `page`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Index into [`Plan::sources`].
    pub document: usize,
    /// 1-based page.
    pub page: u32,
    /// Start, in characters, in the document's text.
    pub start: usize,
    /// End (exclusive), in characters.
    pub end: usize,
    /// The quoted words.
    pub text: String,
}

/// The five parts of a specific provision statement (plus group), each from the evidence or a
/// placeholder naming who should specify it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionParts {
    /// What: the support, programme or approach.
    pub what: Part,
    /// Who delivers it (role, and training or supervision).
    pub who: Part,
    /// How often.
    pub frequency: Part,
    /// How long each session lasts.
    pub duration: Part,
    /// Group size or one-to-one, when the evidence says.
    pub group: Option<Part>,
    /// How long the programme runs or when it is reviewed.
    pub programme_length: Part,
}

/// Which of the provision parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartKind {
    /// What.
    What,
    /// Who.
    Who,
    /// How often.
    Frequency,
    /// How long each time.
    Duration,
    /// Group or one-to-one.
    Group,
    /// For how long overall, or review.
    ProgrammeLength,
}

/// One provision part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The words as printed: the quote's text, a person's words, or the placeholder
    /// `"to be specified by <who>"`.
    pub text: String,
    /// The quote it came from, when from the evidence.
    pub quote: Option<Quote>,
    /// True when this is a placeholder (no value in the evidence).
    pub placeholder: bool,
}

/// The last edit a person made to a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    /// Who edited (a user name or role; never the child's name).
    pub author: String,
    /// When, as an RFC 3339 date-time or `YYYY-MM-DD`, as the caller gave it.
    pub time: String,
    /// The drafted text the person replaced, so regeneration can tell whether the evidence
    /// changed underneath the edit.
    pub replaced: String,
}

/// One entry of section K, the advice register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AdviceEntry {
    /// Index into [`Plan::sources`].
    pub document: usize,
    /// The reg 6 advice type's id (domain `AdviceType::id`), or "other".
    pub advice_type: String,
    /// The kind of advice as detected at ingest (e.g. "educational_psychology").
    pub kind: String,
    /// The author's name, if found (or masked token).
    pub author: Option<String>,
    /// The author's role, if found.
    pub role: Option<String>,
    /// The report date, `YYYY-MM-DD`, if found.
    pub date: Option<String>,
    /// Whether it is appended to the plan (true by default).
    pub appended: bool,
}

/// A document of the bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// Position in the bundle (0-based), as used by quotes.
    pub index: usize,
    /// The file name as given (masked with `--redact`).
    pub file: String,
    /// The content hash (sha256, hex) from ingest.
    pub id: String,
    /// The detected format, e.g. "pdf".
    pub format: String,
    /// The detected kind of advice.
    pub kind: String,
    /// Number of pages.
    pub pages: u32,
    /// The parent document's index, for email attachments.
    pub parent: Option<usize>,
}

/// The needs models' suggestions: shown beside the plan for the coordinator to accept or not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    /// The most likely primary need (SEN2 code) and its probability.
    pub primary_need: Option<(String, f64)>,
    /// The next most likely needs.
    pub alternatives: Vec<(String, f64)>,
    /// The nearest needs cluster's id and name, and whether it is the "no EHCP" group.
    pub cluster: Option<(usize, String, bool)>,
    /// Support elements SP1–SP13 recommended by the model: id, name, probability.
    pub provision_elements: Vec<(String, String, f64)>,
    /// The model's explanation in words.
    pub explanation: Vec<String>,
    /// True when the model was trained on synthetic cases only.
    pub synthetic_model: bool,
}

impl Plan {
    /// Every statement in reading order, with the section it is printed in.
    pub fn statements(&self) -> Vec<&Statement> {
        let mut out: Vec<&Statement> = Vec::new();
        out.extend(&self.history);
        for part in &self.views {
            out.extend(&part.statements);
        }
        for area in &self.areas {
            out.extend(&area.strengths);
            for row in &area.rows {
                out.push(&row.need);
                out.extend(&row.provision);
                out.extend(&row.outcomes);
            }
        }
        for row in &self.health {
            out.push(&row.need);
            out.extend(&row.provision);
            out.extend(&row.outcomes);
        }
        for row in &self.social_care {
            out.push(&row.need);
            out.extend(&row.h1);
            out.extend(&row.h2);
            out.extend(&row.outcomes);
        }
        out.extend(&self.placement);
        out.extend(&self.personal_budget);
        out
    }

    /// Every statement, mutably, in the same order as [`Plan::statements`].
    pub fn statements_mut(&mut self) -> Vec<&mut Statement> {
        let mut out: Vec<&mut Statement> = Vec::new();
        out.extend(&mut self.history);
        for part in &mut self.views {
            out.extend(&mut part.statements);
        }
        for area in &mut self.areas {
            out.extend(&mut area.strengths);
            for row in &mut area.rows {
                out.push(&mut row.need);
                out.extend(&mut row.provision);
                out.extend(&mut row.outcomes);
            }
        }
        for row in &mut self.health {
            out.push(&mut row.need);
            out.extend(&mut row.provision);
            out.extend(&mut row.outcomes);
        }
        for row in &mut self.social_care {
            out.push(&mut row.need);
            out.extend(&mut row.h1);
            out.extend(&mut row.h2);
            out.extend(&mut row.outcomes);
        }
        out.extend(&mut self.placement);
        out.extend(&mut self.personal_budget);
        out
    }

    /// The statement with this id, if any.
    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements().into_iter().find(|s| s.id == id)
    }
}

impl Statement {
    /// True when a person wrote or last edited the text.
    pub fn by_person(&self) -> bool {
        self.edit.is_some() || self.origin == Origin::Person
    }
}
