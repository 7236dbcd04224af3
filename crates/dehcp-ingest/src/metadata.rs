//! What an advice report is: its kind, its author, its date and how old it is.
//!
//! [`describe`] reads an ingested [`Document`] and makes a best guess, with a confidence and the
//! passages it relied on, at the kind of advice (educational psychology, speech and language
//! therapy, parent/carer views and so on), who wrote it and in what role, and the date it was
//! written. From that date and a date passed in by the caller it works out how old the advice is
//! and warns when it is older than the council's local policy allows.
//!
//! Everything here is a pure function of its arguments: this module does no IO and never reads
//! the clock (the "as of" date is a parameter). It only guesses; it must not be treated as
//! deciding anything, and a person checks every guess before it is relied on. Evidence spans
//! are character offsets into [`Document::text`].

use std::sync::LazyLock;

use crate::pattern::{Found, Pattern, PatternError};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use time::{Date, Month};

use crate::model::{BlockKind, Document};

/// How many characters from the start of the document count as its opening.
const OPENING_CHARS: usize = 2_000;

/// How many characters before a date are searched for a birth label ("DOB", "born").
const BIRTH_WINDOW_CHARS: usize = 30;

/// How many characters before a date are searched for a label such as "Date of report:".
const LABEL_WINDOW_CHARS: usize = 40;

/// The kind of advice a report gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdviceKind {
    /// Psychological advice from an educational psychologist.
    EducationalPsychology,
    /// Advice from a speech and language therapist.
    SpeechAndLanguageTherapy,
    /// Advice from an occupational therapist.
    OccupationalTherapy,
    /// Advice from a physiotherapist.
    Physiotherapy,
    /// Medical advice, usually from a community paediatrician.
    PaediatricMedical,
    /// Advice from CAMHS or a clinical psychologist.
    CamhsClinicalPsychology,
    /// Social care advice, usually from a social worker.
    SocialCare,
    /// Educational advice from the school or setting (SENCo, teacher, head teacher).
    Education,
    /// The views, interests and aspirations of the parents or carers.
    ParentCarerViews,
    /// The views, interests and aspirations of the child or young person.
    ChildYoungPersonViews,
    /// Any other advice, or a kind that could not be recognised.
    Other,
}

impl AdviceKind {
    /// Every kind, in declaration order.
    pub const ALL: [AdviceKind; 11] = [
        AdviceKind::EducationalPsychology,
        AdviceKind::SpeechAndLanguageTherapy,
        AdviceKind::OccupationalTherapy,
        AdviceKind::Physiotherapy,
        AdviceKind::PaediatricMedical,
        AdviceKind::CamhsClinicalPsychology,
        AdviceKind::SocialCare,
        AdviceKind::Education,
        AdviceKind::ParentCarerViews,
        AdviceKind::ChildYoungPersonViews,
        AdviceKind::Other,
    ];

    /// The snake_case identifier used in JSON and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            AdviceKind::EducationalPsychology => "educational_psychology",
            AdviceKind::SpeechAndLanguageTherapy => "speech_and_language_therapy",
            AdviceKind::OccupationalTherapy => "occupational_therapy",
            AdviceKind::Physiotherapy => "physiotherapy",
            AdviceKind::PaediatricMedical => "paediatric_medical",
            AdviceKind::CamhsClinicalPsychology => "camhs_clinical_psychology",
            AdviceKind::SocialCare => "social_care",
            AdviceKind::Education => "education",
            AdviceKind::ParentCarerViews => "parent_carer_views",
            AdviceKind::ChildYoungPersonViews => "child_young_person_views",
            AdviceKind::Other => "other",
        }
    }
}

/// A passage of the document that a guess relied on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// The matched phrase, as it appears in the document.
    pub text: String,
    /// Character offset where it starts in [`Document::text`].
    pub start: usize,
    /// Character offset just past its end.
    pub end: usize,
}

/// A guessed value with how sure the guess is and why it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess<T> {
    /// The value guessed.
    pub value: T,
    /// How sure the guess is, from 0 (a shot in the dark) to 1 (certain).
    pub confidence: f32,
    /// The passages the guess relied on (empty when nothing was found).
    pub evidence: Vec<Evidence>,
}

/// The council's local rules for judging advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdvicePolicy {
    /// Advice older than this many whole months is flagged for review (default 12).
    ///
    /// This is a local council policy, not law: the SEND Regulations 2014 (regulation 6(4))
    /// allow existing advice to be used when everyone agrees it is sufficient, and set no fixed
    /// age limit. Councils choose their own threshold.
    pub max_age_months: u32,
}

impl Default for AdvicePolicy {
    fn default() -> Self {
        AdvicePolicy { max_age_months: 12 }
    }
}

/// Something about a report's metadata a person should look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataWarning {
    /// No date of writing could be found, so the age of the advice is unknown.
    NoReportDate,
    /// The report date is after the "as of" date.
    ReportDateInFuture,
    /// The advice is older than the council's local policy allows.
    OlderThanPolicy {
        /// The age of the advice in whole months.
        age_months: u32,
        /// The policy limit in whole months.
        max_age_months: u32,
    },
}

impl MetadataWarning {
    /// A stable code for the warning.
    pub fn code(&self) -> &'static str {
        match self {
            MetadataWarning::NoReportDate => "MET0001",
            MetadataWarning::ReportDateInFuture => "MET0002",
            MetadataWarning::OlderThanPolicy { .. } => "MET0003",
        }
    }

    /// One line of plain English (never document text).
    pub fn message(&self) -> String {
        match self {
            MetadataWarning::NoReportDate => {
                "no report date was found, so the age of this advice is unknown".to_owned()
            }
            MetadataWarning::ReportDateInFuture => {
                "the report date is later than today; check the date".to_owned()
            }
            MetadataWarning::OlderThanPolicy {
                age_months,
                max_age_months,
            } => format!(
                "this advice is {age_months} months old, older than the {max_age_months} months \
                 set by local council policy (a local policy, not a legal limit); check whether \
                 it is still sufficient"
            ),
        }
    }
}

/// What [`describe`] found out about a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportMetadata {
    /// The most likely kind of advice ([`AdviceKind::Other`] with confidence 0 when nothing
    /// was recognised).
    pub kind: Guess<AdviceKind>,
    /// Every kind with some evidence, most likely first.
    pub kind_candidates: Vec<Guess<AdviceKind>>,
    /// The author's name, if a signature or author line was found.
    pub author_name: Option<Guess<String>>,
    /// The author's role, if one was found with the name.
    pub author_role: Option<Guess<String>>,
    /// The date the report was written, if one was found.
    pub report_date: Option<Guess<Date>>,
    /// Whole months from the report date to the "as of" date (`None` without a date, or when
    /// the date is in the future).
    pub age_in_months: Option<u32>,
    /// Things a person should check.
    pub warnings: Vec<MetadataWarning>,
}

/// Describes an advice report: its kind, author, date and age on `as_of`.
///
/// Never panics and never reads the clock.
pub fn describe(document: &Document, as_of: Date, policy: &AdvicePolicy) -> ReportMetadata {
    let (author_name, author_role) = guess_author(&document.text);
    let mut kind_candidates = guess_kinds(document, author_role.as_ref());
    let kind = kind_candidates.first().cloned().unwrap_or(Guess {
        value: AdviceKind::Other,
        confidence: 0.0,
        evidence: Vec::new(),
    });
    kind_candidates.retain(|guess| guess.value != AdviceKind::Other || !guess.evidence.is_empty());
    let report_date = guess_report_date(&document.text, as_of);
    let mut warnings = Vec::new();
    let age_in_months = match &report_date {
        None => {
            warnings.push(MetadataWarning::NoReportDate);
            None
        }
        Some(guess) if guess.value > as_of => {
            warnings.push(MetadataWarning::ReportDateInFuture);
            None
        }
        Some(guess) => {
            let age = whole_months_between(guess.value, as_of);
            if age > policy.max_age_months {
                warnings.push(MetadataWarning::OlderThanPolicy {
                    age_months: age,
                    max_age_months: policy.max_age_months,
                });
            }
            Some(age)
        }
    };
    ReportMetadata {
        kind,
        kind_candidates,
        author_name,
        author_role,
        report_date,
        age_in_months,
        warnings,
    }
}

/// Whole calendar months from `from` to `to` (`from <= to`), using end-of-month clamping.
fn whole_months_between(from: Date, to: Date) -> u32 {
    let rough = (to.year() - from.year()) * 12 + i32::from(u8::from(to.month()))
        - i32::from(u8::from(from.month()));
    let mut months = rough.max(0);
    while months > 0 && dehcp_domain::date::add_months(from, months).is_none_or(|d| d > to) {
        months -= 1;
    }
    u32::try_from(months).unwrap_or(0)
}

// ---------------------------------------------------------------------------------------------
// Shared text helpers (also used by the masking module).

/// Converts byte offsets to character offsets, cheaply when asked in increasing order.
#[derive(Debug)]
pub(crate) struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of a byte offset (which should be a character boundary).
    pub(crate) fn char_offset(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        if let Some(slice) = self.text.get(self.byte..byte) {
            self.chars += slice.chars().count();
            self.byte = byte;
        }
        self.chars
    }
}

/// Whether `start..end` (bytes) is a whole word: no letter or digit either side.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text
        .get(..start)
        .and_then(|s| s.chars().next_back())
        .is_some_and(char::is_alphanumeric);
    let after = text
        .get(end..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric);
    !before && !after
}

/// Up to `chars` characters of `text` before byte offset `byte` on the same line, lower-cased.
pub(crate) fn window_before(text: &str, byte: usize, chars: usize) -> String {
    let head = text.get(..byte).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(index, _)| index);
    let window = head.get(start..).unwrap_or("");
    // Labels belong to their own line or block.
    let window = window.rsplit('\n').next().unwrap_or(window);
    window.to_lowercase()
}

/// Whether the date at byte `start` is labelled as a date of birth.
///
/// A masking token (`[ADDRESS_1]`) between the label and the date means other personal data
/// stood there, so the label belongs to that, not to the date. This also keeps masking
/// idempotent: replacing text with a shorter token must not bring a date into a label's reach.
pub(crate) fn is_birth_context(text: &str, start: usize) -> bool {
    let window = window_before(text, start, BIRTH_WINDOW_CHARS);
    let last_label = [
        "dob",
        "d.o.b",
        "date of birth",
        "born",
        "birth date",
        "birthday",
    ]
    .iter()
    .filter_map(|label| window.rfind(label).map(|at| at + label.len()))
    .max();
    match last_label {
        None => false,
        Some(label_end) => {
            let between = &window[label_end..];
            !(between.contains('[') && between.contains(']'))
        }
    }
}

/// Titles that may come before a name.
const TITLES: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "master",
    "rev",
];

/// Words that end a name: labels, roles and other capitalised words that follow names.
const NAME_STOP_WORDS: &[&str] = &[
    "role",
    "position",
    "job",
    "title",
    "designation",
    "date",
    "dated",
    "signed",
    "signature",
    "dob",
    "d.o.b",
    "educational",
    "psychologist",
    "psychology",
    "speech",
    "language",
    "therapist",
    "therapy",
    "occupational",
    "physiotherapist",
    "physiotherapy",
    "paediatrician",
    "pediatrician",
    "consultant",
    "community",
    "paediatric",
    "children",
    "children's",
    "children’s",
    "clinical",
    "social",
    "worker",
    "senior",
    "principal",
    "specialist",
    "trainee",
    "assistant",
    "lead",
    "hcpc",
    "registered",
    "class",
    "teacher",
    "head",
    "headteacher",
    "senco",
    "camhs",
    "nhs",
    "upn",
    "school",
    "service",
    "services",
    "council",
    "team",
    "the",
    "and",
    "of",
    "for",
    "name",
    "parent",
    "parents",
    "carer",
    "carers",
    "mother",
    "father",
    "child",
    "pupil",
    "young",
    "person",
    "address",
    "tel",
    "telephone",
    "phone",
    "mobile",
    "email",
    "e-mail",
    "contact",
    "report",
    "reg",
    "registration",
    "number",
    "no",
    "year",
    "age",
    "on",
    "at",
    "in",
    "department",
    "dear",
    "nursery",
    "academy",
    "college",
    "primary",
    "secondary",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "postcode",
    "gender",
    "ethnicity",
    "nationality",
    "relationship",
    "setting",
    "local",
    "authority",
    "sir",
    "madam",
    "colleague",
    "colleagues",
    "yes",
    "none",
    "not",
    "unknown",
];

/// A person's name found in text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NameSpan {
    /// Start of the title, or of the name when there is no title.
    pub(crate) start: usize,
    /// Start of the name proper (after any title).
    pub(crate) name_start: usize,
    /// End of the name.
    pub(crate) end: usize,
    /// How many name words (not counting the title).
    pub(crate) words: usize,
    /// Whether a title came first.
    pub(crate) titled: bool,
}

/// Reads a name starting at byte `from`: optional spaces, an optional title, then one to four
/// capitalised words on the same line, stopping at label and role words. `min_words` name
/// words are needed without a title, one with.
pub(crate) fn name_at(text: &str, from: usize, min_words: usize) -> Option<NameSpan> {
    let rest = text.get(from..)?;
    let mut position = from + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let mut start = None;
    let mut name_start = None;
    let mut end = position;
    let mut words = 0;
    let mut titled = false;
    loop {
        let tail = text.get(position..)?;
        let word_len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '/'))
            .unwrap_or(tail.len());
        if word_len == 0 {
            break;
        }
        let raw = &tail[..word_len];
        let word = raw.trim_end_matches(['.', '\'', '’']);
        let lower = word.to_lowercase();
        let mut characters = word.chars();
        let first_upper = characters.next().is_some_and(char::is_uppercase);
        let rest_ok = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
        if words == 0 && !titled && TITLES.contains(&lower.as_str()) && first_upper {
            titled = true;
            start = Some(position);
        } else if first_upper
            && rest_ok
            && !NAME_STOP_WORDS.contains(&lower.as_str())
            && !TITLES.contains(&lower.as_str())
            && (word.chars().count() >= 2 || raw.ends_with('.'))
            && !(word.chars().count() > 1 && word.chars().all(char::is_uppercase) && words > 0)
        {
            if name_start.is_none() {
                name_start = Some(position);
                start.get_or_insert(position);
            }
            words += 1;
            end = position + word.len();
        } else {
            break;
        }
        if words >= 4 {
            break;
        }
        let after = position + word_len;
        let spaces = text
            .get(after..)?
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        if spaces == 0 || raw.ends_with(',') {
            break;
        }
        position = after + spaces;
    }
    let name_start = name_start?;
    let start = start?;
    // A trailing lone initial ("Sam E.") is kept; a leading one alone is not a name.
    let needed = if titled { 1 } else { min_words };
    (words >= needed).then_some(NameSpan {
        start,
        name_start,
        end,
        words,
        titled,
    })
}

/// How exact a found date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DatePrecision {
    /// A day was given.
    Day,
    /// Only a month and year were given (the date is the 1st).
    Month,
}

/// A date found in text (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FoundDate {
    /// The date (the 1st of the month for month-year dates).
    pub(crate) date: Date,
    /// Byte offset of its start.
    pub(crate) start: usize,
    /// Byte offset just past its end.
    pub(crate) end: usize,
    /// Day or month precision.
    pub(crate) precision: DatePrecision,
}

/// Month names and abbreviations, for the date patterns.
const MONTHS: &str = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";

/// Capitalised month names, for month-year dates (lower case "may" is too often a verb).
const CAPITALISED_MONTHS: &str = "(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)";

/// The compiled date patterns.
#[derive(Debug)]
pub(crate) struct DatePatterns {
    day_month_year: Pattern,
    month_day_year: Pattern,
    numeric: Pattern,
    iso: Pattern,
    month_year: Pattern,
}

impl DatePatterns {
    /// Compiles the patterns.
    pub(crate) fn new() -> Result<Self, PatternError> {
        Ok(DatePatterns {
            day_month_year: Pattern::new(&format!(
                r"(?i)(?-u:\b)([0-9]{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s\-]+{MONTHS}\.?,?[\s\-]+([0-9]{{4}})(?-u:\b)"
            ))?,
            month_day_year: Pattern::new(&format!(
                r"(?i)(?-u:\b){MONTHS}\.?\s+([0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+([0-9]{{4}})(?-u:\b)"
            ))?,
            numeric: Pattern::new(
                r"(?-u:\b)([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4}|[0-9]{2})(?-u:\b)",
            )?,
            iso: Pattern::new(r"(?-u:\b)[0-9]{4}-[0-9]{2}-[0-9]{2}(?-u:\b)")?,
            month_year: Pattern::new(&format!(
                r"(?-u:\b){CAPITALISED_MONTHS}\.?,?\s+([0-9]{{4}})(?-u:\b)"
            ))?,
        })
    }

    /// Every date in `text`, in order, overlapping readings resolved in favour of the longest.
    pub(crate) fn find(&self, text: &str) -> Vec<FoundDate> {
        let mut found = Vec::new();
        for captures in self.day_month_year.captures_iter(text) {
            let (Some(whole), Some(day), Some(month), Some(year)) = (
                captures.get(0),
                captures.get(1),
                captures.get(2),
                captures.get(3),
            ) else {
                continue;
            };
            if let Some(date) = make_date(year.as_str(), month_number(month.as_str()), day.as_str())
            {
                found.push(found_date(date, whole, DatePrecision::Day));
            }
        }
        for captures in self.month_day_year.captures_iter(text) {
            let (Some(whole), Some(month), Some(day), Some(year)) = (
                captures.get(0),
                captures.get(1),
                captures.get(2),
                captures.get(3),
            ) else {
                continue;
            };
            if let Some(date) = make_date(year.as_str(), month_number(month.as_str()), day.as_str())
            {
                found.push(found_date(date, whole, DatePrecision::Day));
            }
        }
        for captures in self.numeric.captures_iter(text) {
            let (Some(whole), Some(day), Some(month), Some(year)) = (
                captures.get(0),
                captures.get(1),
                captures.get(2),
                captures.get(3),
            ) else {
                continue;
            };
            let year = if year.as_str().len() == 2 {
                format!("20{}", year.as_str())
            } else {
                year.as_str().to_owned()
            };
            let month = month.as_str().parse::<u8>().ok();
            if let Some(date) = make_date(&year, month, day.as_str()) {
                found.push(found_date(date, whole, DatePrecision::Day));
            }
        }
        for whole in self.iso.find_iter(text) {
            if let Ok(date) = dehcp_domain::date::parse_iso_date(whole.as_str()) {
                found.push(found_date(date, whole, DatePrecision::Day));
            }
        }
        for captures in self.month_year.captures_iter(text) {
            let (Some(whole), Some(month), Some(year)) =
                (captures.get(0), captures.get(1), captures.get(2))
            else {
                continue;
            };
            if let Some(date) = make_date(year.as_str(), month_number(month.as_str()), "1") {
                found.push(found_date(date, whole, DatePrecision::Month));
            }
        }
        found.sort_by_key(|date| (std::cmp::Reverse(date.end - date.start), date.start));
        let mut kept: Vec<FoundDate> = Vec::new();
        for date in found {
            if !kept
                .iter()
                .any(|other| date.start < other.end && other.start < date.end)
            {
                kept.push(date);
            }
        }
        kept.sort_by_key(|date| date.start);
        kept
    }
}

fn found_date(date: Date, whole: Found<'_>, precision: DatePrecision) -> FoundDate {
    FoundDate {
        date,
        start: whole.start(),
        end: whole.end(),
        precision,
    }
}

/// The month number of an English month name or abbreviation.
fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_lowercase();
    let prefix = lower.get(..3)?;
    let index = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|month| *month == prefix)?;
    u8::try_from(index + 1).ok()
}

/// Builds a date from its parts, for years 1900 to 2100 only.
fn make_date(year: &str, month: Option<u8>, day: &str) -> Option<Date> {
    let year: i32 = year.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month = Month::try_from(month?).ok()?;
    let day: u8 = day.parse().ok()?;
    Date::from_calendar_date(year, month, day).ok()
}

// ---------------------------------------------------------------------------------------------
// Kind of advice.

/// Evidence phrases for each kind, with their weights. Phrases written all in capitals must
/// match exactly; the rest match whatever their case.
const KIND_KEYWORDS: &[(&str, AdviceKind, f32)] = &[
    (
        "educational psychologist",
        AdviceKind::EducationalPsychology,
        3.0,
    ),
    (
        "educational psychology",
        AdviceKind::EducationalPsychology,
        3.0,
    ),
    (
        "psychological advice",
        AdviceKind::EducationalPsychology,
        3.0,
    ),
    ("EP report", AdviceKind::EducationalPsychology, 2.0),
    (
        "speech and language therapist",
        AdviceKind::SpeechAndLanguageTherapy,
        3.0,
    ),
    (
        "speech and language therapy",
        AdviceKind::SpeechAndLanguageTherapy,
        3.0,
    ),
    (
        "speech & language",
        AdviceKind::SpeechAndLanguageTherapy,
        3.0,
    ),
    ("SALT", AdviceKind::SpeechAndLanguageTherapy, 2.0),
    ("SLT", AdviceKind::SpeechAndLanguageTherapy, 1.5),
    (
        "occupational therapist",
        AdviceKind::OccupationalTherapy,
        3.0,
    ),
    ("occupational therapy", AdviceKind::OccupationalTherapy, 3.0),
    ("sensory processing", AdviceKind::OccupationalTherapy, 1.0),
    ("physiotherapist", AdviceKind::Physiotherapy, 3.0),
    ("physiotherapy", AdviceKind::Physiotherapy, 3.0),
    ("physio", AdviceKind::Physiotherapy, 2.0),
    ("gross motor", AdviceKind::Physiotherapy, 0.5),
    ("paediatrician", AdviceKind::PaediatricMedical, 3.0),
    ("pediatrician", AdviceKind::PaediatricMedical, 3.0),
    ("community paediatrics", AdviceKind::PaediatricMedical, 3.0),
    // Listed with "community paediatric" so that the longest match wins at that position.
    (
        "community paediatrician",
        AdviceKind::PaediatricMedical,
        3.0,
    ),
    ("community paediatric", AdviceKind::PaediatricMedical, 3.0),
    (
        "child development centre",
        AdviceKind::PaediatricMedical,
        1.5,
    ),
    ("paediatric medical", AdviceKind::PaediatricMedical, 3.0),
    ("medical advice", AdviceKind::PaediatricMedical, 2.0),
    ("health advice", AdviceKind::PaediatricMedical, 2.0),
    (
        "designated medical officer",
        AdviceKind::PaediatricMedical,
        2.0,
    ),
    ("CAMHS", AdviceKind::CamhsClinicalPsychology, 3.0),
    (
        "child and adolescent mental health",
        AdviceKind::CamhsClinicalPsychology,
        3.0,
    ),
    (
        "clinical psychologist",
        AdviceKind::CamhsClinicalPsychology,
        3.0,
    ),
    (
        "clinical psychology",
        AdviceKind::CamhsClinicalPsychology,
        3.0,
    ),
    ("social worker", AdviceKind::SocialCare, 3.0),
    ("social care", AdviceKind::SocialCare, 3.0),
    ("social services", AdviceKind::SocialCare, 2.0),
    ("children's services", AdviceKind::SocialCare, 1.0),
    ("child in need", AdviceKind::SocialCare, 2.0),
    ("SENCo", AdviceKind::Education, 3.0),
    (
        "special educational needs co-ordinator",
        AdviceKind::Education,
        3.0,
    ),
    (
        "special educational needs coordinator",
        AdviceKind::Education,
        3.0,
    ),
    ("educational advice", AdviceKind::Education, 3.0),
    ("education advice", AdviceKind::Education, 3.0),
    ("school advice", AdviceKind::Education, 3.0),
    ("class teacher", AdviceKind::Education, 2.0),
    ("headteacher", AdviceKind::Education, 2.0),
    ("head teacher", AdviceKind::Education, 2.0),
    ("school report", AdviceKind::Education, 2.0),
    ("teacher", AdviceKind::Education, 1.0),
    ("parent/carer views", AdviceKind::ParentCarerViews, 4.0),
    ("parent / carer views", AdviceKind::ParentCarerViews, 4.0),
    ("parent carer views", AdviceKind::ParentCarerViews, 4.0),
    ("parent and carer views", AdviceKind::ParentCarerViews, 4.0),
    ("parents' views", AdviceKind::ParentCarerViews, 3.0),
    ("parent's views", AdviceKind::ParentCarerViews, 3.0),
    ("parents views", AdviceKind::ParentCarerViews, 3.0),
    ("parent views", AdviceKind::ParentCarerViews, 3.0),
    ("parental views", AdviceKind::ParentCarerViews, 3.0),
    ("views of the parent", AdviceKind::ParentCarerViews, 3.0),
    ("views of parents", AdviceKind::ParentCarerViews, 3.0),
    ("carer views", AdviceKind::ParentCarerViews, 2.0),
    ("my views", AdviceKind::ChildYoungPersonViews, 3.0),
    ("all about me", AdviceKind::ChildYoungPersonViews, 4.0),
    ("child's views", AdviceKind::ChildYoungPersonViews, 3.0),
    (
        "young person's views",
        AdviceKind::ChildYoungPersonViews,
        3.0,
    ),
    ("views of the child", AdviceKind::ChildYoungPersonViews, 3.0),
    (
        "views of the young person",
        AdviceKind::ChildYoungPersonViews,
        3.0,
    ),
    ("pupil voice", AdviceKind::ChildYoungPersonViews, 2.0),
    ("one page profile", AdviceKind::ChildYoungPersonViews, 2.0),
    (
        "what is important to me",
        AdviceKind::ChildYoungPersonViews,
        2.0,
    ),
    (
        "what people like about me",
        AdviceKind::ChildYoungPersonViews,
        2.0,
    ),
];

/// The keyword matcher and, for each of its patterns, the keyword it came from.
struct KindMatcher {
    automaton: AhoCorasick,
    keyword_of_pattern: Vec<usize>,
}

static KIND_MATCHER: LazyLock<Option<KindMatcher>> = LazyLock::new(build_kind_matcher);

fn build_kind_matcher() -> Option<KindMatcher> {
    let mut patterns = Vec::new();
    let mut keyword_of_pattern = Vec::new();
    for (index, (phrase, _, _)) in KIND_KEYWORDS.iter().enumerate() {
        patterns.push((*phrase).to_owned());
        keyword_of_pattern.push(index);
        if phrase.contains('\'') {
            patterns.push(phrase.replace('\'', "’"));
            keyword_of_pattern.push(index);
        }
    }
    let automaton = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        // A contiguous NFA finds the same matches as a DFA and is several times cheaper to
        // build, which matters because every `dehcp ingest` process builds it once.
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&patterns)
        .ok()?;
    Some(KindMatcher {
        automaton,
        keyword_of_pattern,
    })
}

/// How much more a phrase counts in the title heading than in the body.
const TITLE_WEIGHT: f32 = 4.0;

/// How much more a phrase counts in another heading or in the letterhead than in the body.
const HEADING_WEIGHT: f32 = 2.0;

/// How much a phrase counts when it only refers in passing to other advice ("see the
/// occupational therapy report", "copy to", "referred to").
const PASSING_WEIGHT: f32 = 0.2;

/// What the author's stated role adds to the score of the kind it belongs to.
const ROLE_SCORE: f32 = 6.0;

/// How far into the document (in characters) the letterhead may reach.
const LETTERHEAD_CHARS: usize = 1_000;

/// The longest block (in characters) that can be part of a letterhead.
const LETTERHEAD_BLOCK_CHARS: usize = 160;

/// How many characters before a phrase are searched for a passing-reference cue.
const PASSING_WINDOW_CHARS: usize = 48;

/// Where in the document a kind phrase was found, which sets how much it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// The title heading at the top of the document.
    Title,
    /// Another heading, or the letterhead and details block under the title.
    Heading,
    /// Body text in the opening of the document.
    Opening,
}

impl Zone {
    fn weight(self) -> f32 {
        match self {
            Zone::Title => TITLE_WEIGHT,
            Zone::Heading => HEADING_WEIGHT,
            Zone::Opening => 1.0,
        }
    }
}

/// The character spans of the title heading, the other headings and the letterhead.
struct Layout {
    title: Option<(usize, usize)>,
    headings: Vec<(usize, usize)>,
    letterhead: Vec<(usize, usize)>,
}

impl Layout {
    /// Reads the layout from the document's blocks.
    ///
    /// The title is the first heading when it opens the document (after any running header).
    /// The letterhead is the run of short blocks after the title and before the first section
    /// heading or "Dear …" salutation: service names, addresses and the details block.
    fn of(document: &Document) -> Layout {
        let mut title = None;
        let mut headings = Vec::new();
        let mut letterhead = Vec::new();
        let mut in_letterhead = true;
        let mut seen_content = false;
        for block in &document.blocks {
            match block.kind {
                BlockKind::Heading { .. } => {
                    if title.is_none() && !seen_content {
                        title = Some((block.start, block.end));
                    } else {
                        headings.push((block.start, block.end));
                        in_letterhead = false;
                    }
                    seen_content = true;
                }
                BlockKind::Header => headings.push((block.start, block.end)),
                BlockKind::Footer => {}
                _ => {
                    seen_content = true;
                    let trimmed = block.text.trim_start_matches(['*', '_', ' ']);
                    if trimmed.len() >= 5
                        && trimmed
                            .get(..5)
                            .is_some_and(|word| word.eq_ignore_ascii_case("dear "))
                    {
                        in_letterhead = false;
                    }
                    // A letterhead holds names and labelled details, not sentences.
                    if in_letterhead
                        && !block.text.trim_end().ends_with(['.', '!', '?'])
                        && block.start < LETTERHEAD_CHARS
                        && block.end - block.start <= LETTERHEAD_BLOCK_CHARS
                    {
                        letterhead.push((block.start, block.end));
                    }
                }
            }
        }
        Layout {
            title,
            headings,
            letterhead,
        }
    }

    /// The zone of the character span `start..end`, or `None` when it is body text past the
    /// opening of the document.
    fn zone(&self, start: usize, end: usize) -> Option<Zone> {
        let inside =
            |(block_start, block_end): &(usize, usize)| *block_start <= start && end <= *block_end;
        if self.title.as_ref().is_some_and(inside) {
            Some(Zone::Title)
        } else if self.headings.iter().any(inside) || self.letterhead.iter().any(inside) {
            Some(Zone::Heading)
        } else if start < OPENING_CHARS {
            Some(Zone::Opening)
        } else {
            None
        }
    }
}

/// Cues that a phrase names some other advice rather than this report's own kind.
static PASSING_CUES: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    Pattern::new(
        r"(?i)(?-u:\b)(?:see|cc|copy\s+to|copies\s+to|copied\s+to|referred\s+(?:on\s+)?(?:to|by)|referral\s+(?:to|from)|refer\s+to|re-refer|awaiting|waiting\s+for|advised\s+by|recommended\s+by|known\s+to|as\s+per)(?-u:\b)",
    )
    .ok()
});

/// Labels that start a line of addressees, whose roles say nothing about the report's kind.
static ADDRESSEE_LINE: LazyLock<Option<Pattern>> = LazyLock::new(|| {
    Pattern::new(r"(?i)^[\s\-*•_]*(?:to|cc|bcc|copy\s+to|copies\s+to|distribution)\s*[*_]*\s*:")
        .ok()
});

/// Whether the phrase at byte `start` only refers in passing to other advice: it follows a
/// cue such as "see", "copy to" or "referred to" in the same clause, or sits on a line of
/// addressees ("To:", "Copy to:", "cc:").
fn is_passing_reference(text: &str, start: usize) -> bool {
    let window = window_before(text, start, PASSING_WINDOW_CHARS);
    let clause = window
        .rsplit(['.', ';', '!', '?', ')'])
        .next()
        .unwrap_or(&window);
    if PASSING_CUES
        .as_ref()
        .is_some_and(|cues| cues.is_match(clause))
    {
        return true;
    }
    let head = text.get(..start).unwrap_or("");
    let line_start = head.rfind('\n').map_or(0, |index| index + 1);
    let line = head.get(line_start..).unwrap_or("");
    line.chars().count() <= 200
        && ADDRESSEE_LINE
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(line))
}

/// Roles of family members who sign their own views.
const FAMILY_ROLES: &[&str] = &[
    "parent",
    "parents",
    "carer",
    "carers",
    "parent/carer",
    "parent / carer",
    "parent and carer",
    "mother",
    "father",
    "mum",
    "dad",
    "guardian",
    "foster carer",
];

/// The kind of advice the author's role belongs to, if any.
fn kind_of_role(matcher: &KindMatcher, role: &str) -> Option<AdviceKind> {
    let lower = role.trim().to_lowercase();
    if FAMILY_ROLES.contains(&lower.as_str()) {
        return Some(AdviceKind::ParentCarerViews);
    }
    let mut best: Option<(f32, AdviceKind)> = None;
    for found in matcher.automaton.find_iter(role) {
        let Some(&keyword) = matcher.keyword_of_pattern.get(found.pattern().as_usize()) else {
            continue;
        };
        let Some(&(phrase, kind, weight)) = KIND_KEYWORDS.get(keyword) else {
            continue;
        };
        let matched = role.get(found.start()..found.end()).unwrap_or("");
        let exact_case_needed = !phrase.chars().any(char::is_lowercase);
        if (exact_case_needed && !matched.eq_ignore_ascii_case(phrase))
            || !is_whole_word(role, found.start(), found.end())
        {
            continue;
        }
        if best.is_none_or(|(best_weight, _)| weight > best_weight) {
            best = Some((weight, kind));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Each kind with evidence, most likely first.
///
/// Phrases count most in the title heading, then in other headings and the letterhead, then
/// in the opening body text; a phrase that only refers in passing to other advice counts
/// little. The author's role, when one was found, counts as much as a title phrase. A
/// document with no title, letterhead or role evidence whose phrases are spread over several
/// kinds (an index, a cover sheet, a read-me) is [`AdviceKind::Other`].
fn guess_kinds(document: &Document, role: Option<&Guess<String>>) -> Vec<Guess<AdviceKind>> {
    let Some(matcher) = KIND_MATCHER.as_ref() else {
        return Vec::new();
    };
    let text = &document.text;
    let layout = Layout::of(document);
    let mut scores = [0.0_f32; 11];
    let mut strong = [false; 11];
    let mut evidence: Vec<Vec<Evidence>> = vec![Vec::new(); 11];
    let mut uses = vec![0_u8; KIND_KEYWORDS.len()];
    let mut cursor = CharCursor::new(text);
    for found in matcher.automaton.find_iter(text) {
        let (start, end) = (found.start(), found.end());
        let Some(&keyword) = matcher.keyword_of_pattern.get(found.pattern().as_usize()) else {
            continue;
        };
        let Some(&(phrase, kind, weight)) = KIND_KEYWORDS.get(keyword) else {
            continue;
        };
        let matched = text.get(start..end).unwrap_or("");
        let exact_case_needed = !phrase.chars().any(char::is_lowercase);
        if (exact_case_needed && matched != phrase) || !is_whole_word(text, start, end) {
            continue;
        }
        let char_start = cursor.char_offset(start);
        let char_end = cursor.char_offset(end);
        let Some(zone) = layout.zone(char_start, char_end) else {
            continue;
        };
        let passing = is_passing_reference(text, start);
        let Some(count) = uses.get_mut(keyword) else {
            continue;
        };
        if *count >= 2 {
            continue;
        }
        if !passing {
            *count += 1;
        }
        let index = kind_index(kind);
        let factor = if passing { PASSING_WEIGHT } else { 1.0 };
        if let (Some(score), Some(list), Some(is_strong)) = (
            scores.get_mut(index),
            evidence.get_mut(index),
            strong.get_mut(index),
        ) {
            *score += weight * zone.weight() * factor;
            *is_strong |= !passing && zone != Zone::Opening;
            if list.len() < 5 {
                list.push(Evidence {
                    text: matched.to_owned(),
                    start: char_start,
                    end: char_end,
                });
            }
        }
    }
    if let Some(role) = role.filter(|role| role.confidence >= 0.5)
        && let Some(kind) = kind_of_role(matcher, &role.value)
    {
        let index = kind_index(kind);
        if let (Some(score), Some(list), Some(is_strong)) = (
            scores.get_mut(index),
            evidence.get_mut(index),
            strong.get_mut(index),
        ) {
            *score += ROLE_SCORE;
            *is_strong = true;
            list.extend(role.evidence.iter().cloned());
            list.sort_by_key(|item| item.start);
        }
    }
    let total: f32 = scores.iter().sum();
    let mut guesses: Vec<Guess<AdviceKind>> = AdviceKind::ALL
        .iter()
        .zip(scores.iter().zip(evidence))
        .filter(|(_, (score, _))| **score > 0.0)
        .map(|(kind, (score, evidence))| Guess {
            value: *kind,
            confidence: ((1.0 - (-score / 4.0).exp()) * (score / total)).clamp(0.0, 1.0),
            evidence,
        })
        .collect();
    guesses.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    let spread = guesses.len() >= 4;
    let top_is_weak = guesses
        .first()
        .is_some_and(|top| !strong.get(kind_index(top.value)).copied().unwrap_or(false));
    if spread && top_is_weak {
        // An overview of several kinds of advice, not advice of one kind: keep the
        // candidates for a person to see, but lead with "other".
        guesses.insert(
            0,
            Guess {
                value: AdviceKind::Other,
                confidence: 0.2,
                evidence: Vec::new(),
            },
        );
    }
    guesses
}

fn kind_index(kind: AdviceKind) -> usize {
    AdviceKind::ALL
        .iter()
        .position(|other| *other == kind)
        .unwrap_or(10)
}

// ---------------------------------------------------------------------------------------------
// Author.

/// The compiled author patterns.
struct AuthorPatterns {
    label: Pattern,
    role: Pattern,
    role_label: Pattern,
    family: Pattern,
    valediction: Pattern,
}

/// The longest line (in characters) read as a signature.
const SIGNATURE_LINE_CHARS: usize = 160;

/// A signature starting within this many bytes of the end of the text counts as closing it.
const SIGNATURE_END_BYTES: usize = 600;

static AUTHOR_PATTERNS: LazyLock<Option<AuthorPatterns>> =
    LazyLock::new(|| AuthorPatterns::new().ok());

/// Role phrases recognised after an author's name.
const ROLE_PATTERN: &str = r"(?i)\b(?:(?:senior|principal|specialist|trainee|assistant|lead|consultant|community|highly|hcpc|registered|qualified|associate|deputy|main|paediatric|children'?s|children’s)\s+)*(?:educational\s+psychologist|speech\s+(?:and|&)\s+language\s+therapist|occupational\s+therapist|physiotherapist|paediatrician|pediatrician|clinical\s+psychologist|psychiatrist|social\s+worker|senco|special\s+educational\s+needs\s+co-?ordinator|class\s+teacher|head\s*teacher|teacher|school\s+nurse|nurse|family\s+support\s+worker|key\s+worker|inclusion\s+manager|team\s+manager|practitioner\s+psychologist)\b";

impl AuthorPatterns {
    fn new() -> Result<Self, PatternError> {
        Ok(AuthorPatterns {
            label: Pattern::new(
                r"(?i)(?-u:\b)(report\s+written\s+by|written\s+by|completed\s+by|prepared\s+by|signed\s+by|name\s+of\s+(?:author|professional|report\s+writer|practitioner)|author|signed|name|from)(?-u:\b)(\s*[*_]*\s*[:\-–]?\s*[*_]*\s*)",
            )?,
            role: Pattern::new(ROLE_PATTERN)?,
            role_label: Pattern::new(
                r"(?i)(?-u:\b)(?:role|position|job\s+title|designation|profession)\s*:\s*",
            )?,
            // A family member signing their own views ("Sarah Example / Parent"): the whole
            // of the rest of the line, and only in a closing signature.
            family: Pattern::new(
                r"(?i)^(?:parent\s*(?:/|and|&)\s*carer|parents?|carers?|foster\s+carer|mother|father|mum|dad|guardian)$",
            )?,
            valediction: Pattern::new(
                r"(?i)^(?:yours\s+(?:sincerely|faithfully|truly)|(?:kind|best|warm|many)\s+regards|regards|best\s+wishes|with\s+(?:best\s+)?(?:thanks|wishes)|many\s+thanks|thank\s+you|signed)\s*[,.]?$",
            )?,
        })
    }
}

/// One possible author.
struct AuthorCandidate {
    name: String,
    name_evidence: Evidence,
    role: Option<(String, Evidence)>,
    confidence: f32,
}

/// The author's name and role, when found.
fn guess_author(text: &str) -> (Option<Guess<String>>, Option<Guess<String>>) {
    let Some(patterns) = AUTHOR_PATTERNS.as_ref() else {
        return (None, None);
    };
    let mut candidates: Vec<AuthorCandidate> = Vec::new();
    let mut cursor = CharCursor::new(text);
    for captures in patterns.label.captures_iter(text) {
        let (Some(whole), Some(label), Some(separator)) =
            (captures.get(0), captures.get(1), captures.get(2))
        else {
            continue;
        };
        let label_lower = label.as_str().to_lowercase();
        let needs_colon = matches!(label_lower.as_str(), "name" | "author" | "signed" | "from");
        if needs_colon && !separator.as_str().contains(':') {
            continue;
        }
        if separator.as_str().contains('\n') {
            continue;
        }
        let Some(name) = name_at(text, whole.end(), 2) else {
            continue;
        };
        let mut confidence: f32 = if label_lower.contains("written by") {
            0.9
        } else if label_lower.starts_with("name") && label_lower != "name" {
            0.85
        } else {
            match label_lower.as_str() {
                "author" => 0.85,
                "from" => 0.75,
                "name" => 0.5,
                _ => 0.8,
            }
        };
        if label_lower == "name" {
            let before = window_before(text, label.start(), 20);
            if [
                "child",
                "pupil",
                "young person",
                "parent",
                "carer",
                "school",
                "setting",
            ]
            .iter()
            .any(|word| before.contains(word))
            {
                continue;
            }
            let after: String = text
                .get(name.end..)
                .unwrap_or("")
                .chars()
                .take(120)
                .collect::<String>()
                .to_lowercase();
            if [
                "dob",
                "date of birth",
                "d.o.b",
                "year group",
                "nhs number",
                "upn",
            ]
            .iter()
            .any(|word| after.contains(word))
            {
                confidence -= 0.4;
            }
        }
        let role = find_role(patterns, text, name.end, &mut cursor);
        if role.is_some() && label_lower == "name" {
            confidence += 0.2;
        }
        if confidence < 0.3 {
            continue;
        }
        let name_text = text.get(name.start..name.end).unwrap_or("").to_owned();
        let evidence = Evidence {
            text: text.get(whole.start()..name.end).unwrap_or("").to_owned(),
            start: cursor.char_offset(whole.start()),
            end: cursor.char_offset(name.end),
        };
        candidates.push(AuthorCandidate {
            name: name_text,
            name_evidence: evidence,
            role,
            confidence,
        });
    }
    // A signature: a name line followed by a role line, or a name then a role on one line
    // (a Markdown or plain-text signature block often arrives as one line, the role followed
    // by registrations and the service's name).
    let signatures_from = candidates.len();
    let mut line_start = 0;
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|line| {
            let start = line_start;
            line_start += line.len() + 1;
            (start, line)
        })
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    for (index, (start, line)) in lines.iter().enumerate() {
        if line.chars().count() > SIGNATURE_LINE_CHARS {
            continue;
        }
        let Some(name) = name_at(text, *start, 2) else {
            continue;
        };
        let signed_off = index
            .checked_sub(1)
            .and_then(|previous| lines.get(previous))
            .is_some_and(|(_, previous)| patterns.valediction.is_match(previous.trim()));
        let at_end = start.saturating_add(SIGNATURE_END_BYTES) >= text.len()
            || start.saturating_mul(4) >= text.len().saturating_mul(3);
        let bonus = if signed_off || at_end { 0.2 } else { 0.0 };
        let rest = text.get(name.end..start + line.len()).unwrap_or("");
        let rest_trimmed = rest.trim_start_matches([',', ' ', '-', '–', '\t', '.']);
        let rest_offset = start + line.len() - rest_trimmed.len();
        let role_here = (!rest_trimmed.is_empty())
            .then(|| patterns.role.find(rest_trimmed))
            .flatten()
            .filter(|found| found.start() == 0);
        let family_here = (bonus > 0.0)
            .then(|| patterns.family.find(rest_trimmed.trim_end()))
            .flatten();
        let (role_start, role_end, confidence) = if let Some(found) = role_here {
            // A role that fills the rest of the line is surer than one followed by more text.
            let fills = found.end() == rest_trimmed.trim_end().len();
            let confidence = if fills { 0.7 } else { 0.6 };
            (
                rest_offset + found.start(),
                rest_offset + found.end(),
                confidence,
            )
        } else if let Some(found) = family_here {
            (rest_offset + found.start(), rest_offset + found.end(), 0.7)
        } else if rest.trim().is_empty() {
            let Some((next_start, next_line)) = lines.get(index + 1) else {
                continue;
            };
            let offset = next_start + next_line.len() - next_line.trim_start().len();
            let next = next_line.trim_start();
            if let Some(found) = patterns.role.find(next).filter(|found| found.start() == 0) {
                (offset + found.start(), offset + found.end(), 0.75)
            } else if let Some(found) = (bonus > 0.0)
                .then(|| patterns.family.find(next.trim_end()))
                .flatten()
            {
                (offset + found.start(), offset + found.end(), 0.7)
            } else {
                continue;
            }
        } else {
            continue;
        };
        let confidence = confidence + bonus;
        let role_text = text.get(role_start..role_end).unwrap_or("").to_owned();
        let name_text = text.get(name.start..name.end).unwrap_or("").to_owned();
        let name_evidence = Evidence {
            text: name_text.clone(),
            start: cursor.char_offset(name.start),
            end: cursor.char_offset(name.end),
        };
        let role_evidence = Evidence {
            text: role_text.clone(),
            start: cursor.char_offset(role_start),
            end: cursor.char_offset(role_end),
        };
        candidates.push(AuthorCandidate {
            name: name_text,
            name_evidence,
            role: Some((role_text, role_evidence)),
            confidence,
        });
    }
    // A report is signed by one or two people: three or more names with roles on lines of
    // their own are a list of people (an index of reports, a table of contributors, a
    // distribution list), and no one of them is the author by that alone.
    let mut signed: Vec<&str> = candidates[signatures_from..]
        .iter()
        .map(|candidate| candidate.name.as_str())
        .collect();
    signed.sort_unstable();
    signed.dedup();
    if signed.len() >= 3 {
        candidates.truncate(signatures_from);
    }
    let best = candidates
        .into_iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| {
            a.confidence
                .total_cmp(&b.confidence)
                .then_with(|| ib.cmp(ia))
        })
        .map(|(_, candidate)| candidate);
    let Some(best) = best else {
        return (None, None);
    };
    let role = best.role.map(|(role, evidence)| Guess {
        value: role,
        confidence: (best.confidence - 0.05).clamp(0.0, 1.0),
        evidence: vec![evidence],
    });
    (
        Some(Guess {
            value: best.name,
            confidence: best.confidence.clamp(0.0, 1.0),
            evidence: vec![best.name_evidence],
        }),
        role,
    )
}

/// A role stated within 200 characters after an author's name: a "Role:" label or a known
/// role phrase.
fn find_role(
    patterns: &AuthorPatterns,
    text: &str,
    from: usize,
    cursor: &mut CharCursor<'_>,
) -> Option<(String, Evidence)> {
    let window_end = text
        .get(from..)?
        .char_indices()
        .nth(200)
        .map_or(text.len(), |(index, _)| from + index);
    let window = text.get(from..window_end)?;
    let (start, end) = if let Some(found) = patterns.role.find(window) {
        (from + found.start(), from + found.end())
    } else {
        let label = patterns.role_label.find(window)?;
        let value_start = from + label.end();
        let value = text.get(value_start..window_end)?;
        let value_end = value
            .find(['\n', ',', ';', '('])
            .unwrap_or(value.len())
            .min(value.char_indices().nth(60).map_or(value.len(), |(i, _)| i));
        let trimmed = value.get(..value_end)?.trim_end();
        if trimmed.is_empty() {
            return None;
        }
        (value_start, value_start + trimmed.len())
    };
    let role = text.get(start..end)?.to_owned();
    let evidence = Evidence {
        text: role.clone(),
        start: cursor.char_offset(start),
        end: cursor.char_offset(end),
    };
    Some((role, evidence))
}

// ---------------------------------------------------------------------------------------------
// Report date.

/// The compiled date-label patterns, strongest first.
struct DateLabels {
    dates: DatePatterns,
    report: Pattern,
    general: Pattern,
    assessment: Pattern,
    lower: Pattern,
    trailing_weekday: Pattern,
}

static DATE_LABELS: LazyLock<Option<DateLabels>> = LazyLock::new(|| DateLabels::new().ok());

impl DateLabels {
    fn new() -> Result<Self, PatternError> {
        Ok(DateLabels {
            dates: DatePatterns::new()?,
            // The date the report, letter or email was written or sent.
            report: Pattern::new(
                r"(?i)(?-u:\b)(?:date\s+of\s+(?:the\s+|this\s+)?(?:report|advice|writing|letter|email|e-mail)|(?:report|advice|letter|email|e-mail)\s+date|date\s+(?:report\s+|letter\s+)?(?:written|completed|sent|typed)|dated|(?:report\s+|letter\s+)?(?:written|completed|typed)\s+on|(?:date\s+)?sent(?:\s+on)?)\s*[:\-–]?\s*$",
            )?,
            general: Pattern::new(
                r"(?i)(?-u:\b)(?:date|date\s+signed|signed\s+and\s+dated)\s*[:\-–]?\s*$",
            )?,
            assessment: Pattern::new(
                r"(?i)(?:date\s*\(?s?\)?\s+of\s+(?:assessment|visit|observation)|assessment\s+date|date\s+seen|(?:seen|assessed|observed)\s+on)\s*[:\-–]?\s*$",
            )?,
            // Dates of other events: clinics, appointments, meetings, reviews and deadlines.
            lower: Pattern::new(
                r"(?i)(?-u:\b)(?:review|reviewed|due|deadline|referral|request|next|clinic|appointment|meeting|dictated)(?-u:\b)",
            )?,
            trailing_weekday: Pattern::new(
                r"(?i)(?-u:\b)(?:mon|tues|wednes|thurs|fri|satur|sun)day\s*,?\s*(?:the\s+)?$",
            )?,
        })
    }

    /// How strongly the label just before a date marks it as the date of writing.
    ///
    /// A report, letter or email date is strongest; a bare "Date:" next; then a date of
    /// assessment; an unlabelled date is neutral; and a clinic, appointment, meeting, review or
    /// deadline date is weakest, because it records another event.
    fn label_confidence(&self, label: &str) -> f32 {
        if self.report.is_match(label) {
            0.95
        } else if self.lower.is_match(label) {
            0.2
        } else if self.general.is_match(label) {
            0.85
        } else if self.assessment.is_match(label) {
            0.7
        } else {
            0.5
        }
    }
}

/// The label text just before the date at byte `start`: up to [`LABEL_WINDOW_CHARS`]
/// characters on the same line, not reaching back past the end of the previous date
/// (`floor`), with table bars, emphasis markers and a weekday ("Friday 2 October")
/// removed from its end.
/// The longest cell or line before a date that is still read as its label.
const LABEL_CELL_CHARS: usize = 40;

fn label_before(labels: &DateLabels, text: &str, start: usize, floor: usize) -> String {
    let mut window_start = text
        .get(..start)
        .unwrap_or("")
        .char_indices()
        .rev()
        .nth(LABEL_WINDOW_CHARS.saturating_sub(1))
        .map_or(0, |(index, _)| index);
    window_start = window_start.max(floor.min(start));
    let window = text.get(window_start..start).unwrap_or("");
    let mut lines = window.rsplit('\n');
    let mut window = lines.next().unwrap_or(window);
    if window.trim().is_empty() {
        // A table cell (or line) holding only the date: its label is the short cell or line
        // just before it ("Date of report" | "14 September 2026").
        if let Some(previous) = lines.find(|line| !line.trim().is_empty())
            && previous.chars().count() <= LABEL_CELL_CHARS
        {
            window = previous;
        }
    }
    let trimmed =
        window.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '*' | '_'));
    let without_weekday = labels.trailing_weekday.remove_first(trimmed);
    without_weekday
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '*' | '_'))
        .to_lowercase()
}

/// The most likely date the report was written.
fn guess_report_date(text: &str, as_of: Date) -> Option<Guess<Date>> {
    let labels = DATE_LABELS.as_ref()?;
    let mut best: Option<(f32, FoundDate)> = None;
    let mut previous_end = 0;
    for found in labels.dates.find(text) {
        let floor = previous_end;
        previous_end = found.end;
        if is_birth_context(text, found.start) {
            continue;
        }
        let label = label_before(labels, text, found.start, floor);
        let mut confidence = labels.label_confidence(&label);
        if found.precision == DatePrecision::Month {
            confidence = if confidence > 0.5 {
                confidence - 0.25
            } else {
                0.3_f32.min(confidence)
            };
        }
        if found.date > as_of {
            confidence *= 0.5;
        }
        if best
            .as_ref()
            .is_none_or(|(best_confidence, _)| confidence > *best_confidence)
        {
            best = Some((confidence, found));
        }
    }
    let (confidence, found) = best?;
    let mut cursor = CharCursor::new(text);
    Some(Guess {
        value: found.date,
        confidence,
        evidence: vec![Evidence {
            text: text.get(found.start..found.end).unwrap_or("").to_owned(),
            start: cursor.char_offset(found.start),
            end: cursor.char_offset(found.end),
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Format;
    use crate::model::DocumentBuilder;
    use proptest::prelude::*;

    fn document(blocks: &[(BlockKind, &str)]) -> Document {
        let mut builder = DocumentBuilder::new("report.txt", Format::PlainText, b"x");
        for (kind, text) in blocks {
            builder.block(1, *kind, text);
        }
        builder.finish()
    }

    #[test]
    fn a_date_in_the_table_cell_after_its_label_is_the_report_date() {
        let cell = |text| {
            (
                BlockKind::TableCell {
                    table: 0,
                    row: 0,
                    column: 0,
                },
                text,
            )
        };
        let doc = document(&[
            heading("Synthetic advice"),
            cell("Date of birth"),
            cell("02/02/2018"),
            cell("Date of assessment"),
            cell("8 September 2026"),
            cell("Date of report"),
            cell("14 September 2026"),
        ]);
        let as_of = Date::from_calendar_date(2026, time::Month::November, 27).unwrap();
        let found = describe(&doc, as_of, &AdvicePolicy::default());
        let date = found.report_date.unwrap();
        assert_eq!(date.value.to_string(), "2026-09-14");
        assert!(date.confidence > 0.9);
    }

    fn heading(text: &str) -> (BlockKind, &str) {
        (BlockKind::Heading { level: 1 }, text)
    }

    fn paragraph(text: &str) -> (BlockKind, &str) {
        (BlockKind::Paragraph, text)
    }

    fn ymd(year: i32, month: u8, day: u8) -> Date {
        Date::from_calendar_date(year, Month::try_from(month).unwrap(), day).unwrap()
    }

    fn as_of() -> Date {
        ymd(2026, 4, 1)
    }

    fn describe_text(blocks: &[(BlockKind, &str)]) -> ReportMetadata {
        describe(&document(blocks), as_of(), &AdvicePolicy::default())
    }

    #[test]
    fn all_patterns_compile() {
        assert!(KIND_MATCHER.is_some());
        assert!(AUTHOR_PATTERNS.is_some());
        assert!(DATE_LABELS.is_some());
        assert!(DatePatterns::new().is_ok());
    }

    #[test]
    fn each_kind_is_recognised_from_a_short_opening() {
        let cases: [(&str, &str, AdviceKind); 11] = [
            (
                "Psychological Advice",
                "Report of the educational psychologist for the EHC needs assessment.",
                AdviceKind::EducationalPsychology,
            ),
            (
                "Speech and Language Therapy Advice",
                "Written by an HCPC registered speech and language therapist.",
                AdviceKind::SpeechAndLanguageTherapy,
            ),
            (
                "Occupational Therapy Report",
                "Assessment of fine motor skills and sensory processing.",
                AdviceKind::OccupationalTherapy,
            ),
            (
                "Physiotherapy Advice",
                "Seen by the children's physiotherapist at clinic.",
                AdviceKind::Physiotherapy,
            ),
            (
                "Health Advice",
                "Letter from the Community Paediatrician to the local authority.",
                AdviceKind::PaediatricMedical,
            ),
            (
                "CAMHS Report",
                "Prepared by a clinical psychologist in the CAMHS team.",
                AdviceKind::CamhsClinicalPsychology,
            ),
            (
                "Social Care Advice",
                "The allocated social worker has known the family for a year.",
                AdviceKind::SocialCare,
            ),
            (
                "Educational Advice",
                "Completed by the SENCo with the class teacher.",
                AdviceKind::Education,
            ),
            (
                "Parent/Carer Views",
                "What we would like for our child in the future.",
                AdviceKind::ParentCarerViews,
            ),
            (
                "All about me",
                "My views: I like drawing and football.",
                AdviceKind::ChildYoungPersonViews,
            ),
            (
                "Dietetic Review",
                "Notes on meals and nutrition.",
                AdviceKind::Other,
            ),
        ];
        for (title, body, expected) in cases {
            let metadata = describe_text(&[heading(title), paragraph(body)]);
            assert_eq!(metadata.kind.value, expected, "{title}");
            if expected == AdviceKind::Other {
                assert!(metadata.kind.evidence.is_empty());
            } else {
                assert!(metadata.kind.confidence > 0.4, "{title}");
                let evidence = &metadata.kind.evidence[0];
                let text = document(&[heading(title), paragraph(body)]).text;
                let slice: String = text
                    .chars()
                    .skip(evidence.start)
                    .take(evidence.end - evidence.start)
                    .collect();
                assert_eq!(slice, evidence.text);
            }
        }
        let ids: Vec<&str> = AdviceKind::ALL.iter().map(|kind| kind.id()).collect();
        assert!(ids.contains(&"speech_and_language_therapy") && ids.contains(&"other"));
    }

    #[test]
    fn salt_in_lower_case_is_not_speech_therapy() {
        let metadata = describe_text(&[paragraph("We made salt dough and played outside.")]);
        assert_eq!(metadata.kind.value, AdviceKind::Other);
    }

    #[test]
    fn a_list_of_three_people_with_roles_names_no_author() {
        // Synthetic: an index of contributors, one per line (as table cells arrive).
        let metadata = describe_text(&[
            heading("Advice received"),
            paragraph("Dr Sam Example, Educational Psychologist"),
            paragraph("Tom Testwell, Speech and Language Therapist"),
            paragraph("Megan Mockford, Occupational Therapist"),
        ]);
        assert!(metadata.author_name.is_none(), "{:?}", metadata.author_name);
        assert!(metadata.author_role.is_none(), "{:?}", metadata.author_role);
        // Two signatories are still signatories.
        let metadata = describe_text(&[
            heading("Psychological Advice"),
            paragraph("Jamie enjoys Lego."),
            paragraph("Dr Sam Example, Educational Psychologist"),
            paragraph("Tom Testwell, Speech and Language Therapist"),
        ]);
        assert!(metadata.author_name.is_some());
    }

    #[test]
    fn author_and_role_from_a_name_line_and_a_role_line() {
        let metadata = describe_text(&[
            heading("Psychological Advice"),
            paragraph("Jamie enjoys Lego."),
            paragraph("Dr Sam Example"),
            paragraph("Educational Psychologist"),
        ]);
        let name = metadata.author_name.unwrap();
        assert_eq!(name.value, "Dr Sam Example");
        assert_eq!(
            metadata.author_role.unwrap().value,
            "Educational Psychologist"
        );
        assert!(name.confidence > 0.5);
    }

    #[test]
    fn author_from_labels() {
        let cases = [
            "Report written by Alex Sample, Specialist Speech and Language Therapist",
            "Signed: Dr Sam Example Role: Educational Psychologist",
            "Author: Alex Sample",
            "Name: Alex Sample Position: Occupational Therapist",
        ];
        for case in cases {
            let metadata = describe_text(&[paragraph(case)]);
            let name = metadata.author_name.expect(case).value;
            assert!(
                name == "Alex Sample" || name == "Dr Sam Example",
                "{case}: {name}"
            );
        }
        let metadata = describe_text(&[paragraph(cases[0])]);
        assert_eq!(
            metadata.author_role.unwrap().value,
            "Specialist Speech and Language Therapist"
        );
        let metadata = describe_text(&[paragraph(cases[3])]);
        assert_eq!(
            metadata.author_role.unwrap().value,
            "Occupational Therapist"
        );
    }

    #[test]
    fn a_child_details_name_is_not_the_author() {
        let metadata = describe_text(&[
            paragraph("Child's name: Jamie Example"),
            paragraph("Name: Jamie Example Date of birth: 01/02/2016"),
        ]);
        assert!(metadata.author_name.is_none());
    }

    #[test]
    fn no_author_when_there_is_none() {
        let metadata = describe_text(&[paragraph("Jamie likes trains and the park.")]);
        assert!(metadata.author_name.is_none() && metadata.author_role.is_none());
    }

    #[test]
    fn each_date_form_is_read() {
        let cases = [
            ("Date of report: 3 March 2026", ymd(2026, 3, 3)),
            ("Report date: 03/03/2026", ymd(2026, 3, 3)),
            ("Date: 3rd March 2026", ymd(2026, 3, 3)),
            ("Written in May 2024 after two visits.", ymd(2024, 5, 1)),
            ("Date of report: 2026-03-03", ymd(2026, 3, 3)),
            ("Dated 12.1.26", ymd(2026, 1, 12)),
            ("Date: March 3, 2026", ymd(2026, 3, 3)),
        ];
        for (text, expected) in cases {
            let metadata = describe_text(&[paragraph(text)]);
            let guess = metadata.report_date.expect(text);
            assert_eq!(guess.value, expected, "{text}");
            assert!(!guess.evidence[0].text.is_empty());
        }
        let month_only = describe_text(&[paragraph("May 2024")]).report_date.unwrap();
        let labelled = describe_text(&[paragraph("Date of report: 3 March 2026")])
            .report_date
            .unwrap();
        assert!(month_only.confidence < labelled.confidence);
    }

    #[test]
    fn labelled_dates_beat_other_dates() {
        let metadata = describe_text(&[
            paragraph("Jamie was seen in school on 5 January 2026."),
            paragraph("Date of report: 20 February 2026"),
        ]);
        assert_eq!(metadata.report_date.unwrap().value, ymd(2026, 2, 20));
    }

    #[test]
    fn letter_dates_beat_clinic_and_meeting_dates() {
        let cases = [
            (
                "Date of letter: 3rd June 2025 Clinic date: 14 May 2025",
                ymd(2025, 6, 3),
            ),
            (
                "Clinic date: 14 May 2025 Letter date: 3 June 2025",
                ymd(2025, 6, 3),
            ),
            (
                "Date of review meeting: 7 October 2024 Date: 9 October 2024",
                ymd(2024, 10, 9),
            ),
            (
                "Appointment date: 1/2/26 Date of report: 29/9/25",
                ymd(2025, 9, 29),
            ),
            ("| Date of report | 3 March 2026 |", ymd(2026, 3, 3)),
            ("**Sent:** Monday 19 January 2026, 16:42", ymd(2026, 1, 19)),
        ];
        for (text, expected) in cases {
            let guess = describe_text(&[paragraph(text)]).report_date.expect(text);
            assert_eq!(guess.value, expected, "{text}");
            assert!(guess.confidence >= 0.85, "{text}");
        }
    }

    #[test]
    fn passing_references_do_not_decide_the_kind() {
        let metadata = describe_text(&[
            heading("Clinic Letter"),
            paragraph("Copy to: Mrs Ann Sample, SENCo"),
            paragraph("Sensory differences (see occupational therapy report of March 2026)."),
            paragraph("He was referred to speech and language therapy last year."),
            paragraph("Yours sincerely,"),
            paragraph("Dr Sam Example Consultant Community Paediatrician"),
        ]);
        assert_eq!(
            metadata.kind.value,
            AdviceKind::PaediatricMedical,
            "{:?}",
            metadata.kind_candidates
        );
        assert_eq!(
            metadata.author_role.unwrap().value,
            "Consultant Community Paediatrician"
        );
    }

    #[test]
    fn a_signature_on_one_line_gives_the_author() {
        let metadata = describe_text(&[
            heading("Report"),
            paragraph("Jamie enjoys Lego."),
            paragraph("Alex Sample Paediatric Physiotherapist HCPC registered"),
        ]);
        assert_eq!(metadata.author_name.unwrap().value, "Alex Sample");
        assert_eq!(
            metadata.author_role.unwrap().value,
            "Paediatric Physiotherapist"
        );
        assert_eq!(metadata.kind.value, AdviceKind::Physiotherapy);
    }

    #[test]
    fn an_overview_of_many_kinds_is_other() {
        let metadata = describe_text(&[
            heading("Contents of the bundle"),
            paragraph(
                "This bundle holds the educational psychologist's advice, the speech and \
                 language therapy report, the physiotherapy report and the social care advice.",
            ),
        ]);
        assert_eq!(metadata.kind.value, AdviceKind::Other);
        assert!(metadata.kind_candidates.len() >= 4);
    }

    #[test]
    fn a_date_of_birth_is_never_the_report_date() {
        for text in [
            "DOB: 04/05/2016",
            "Date of birth: 4 May 2016",
            "Jamie was born on 4 May 2016",
        ] {
            let metadata = describe_text(&[paragraph(text)]);
            assert!(metadata.report_date.is_none(), "{text}");
            assert!(metadata.warnings.contains(&MetadataWarning::NoReportDate));
        }
        let metadata = describe_text(&[
            paragraph("DOB: 04/05/2016"),
            paragraph("Date: 1 March 2026"),
        ]);
        assert_eq!(metadata.report_date.unwrap().value, ymd(2026, 3, 1));
    }

    #[test]
    fn age_warning_at_thirteen_months_not_at_eleven() {
        let policy = AdvicePolicy::default();
        let old = describe(
            &document(&[paragraph("Date of report: 1 March 2025")]),
            ymd(2026, 4, 1),
            &policy,
        );
        assert_eq!(old.age_in_months, Some(13));
        assert!(old.warnings.iter().any(|warning| {
            matches!(
                warning,
                MetadataWarning::OlderThanPolicy { age_months: 13, .. }
            ) && warning.message().contains("not a legal limit")
        }));
        let recent = describe(
            &document(&[paragraph("Date of report: 1 May 2025")]),
            ymd(2026, 4, 1),
            &policy,
        );
        assert_eq!(recent.age_in_months, Some(11));
        assert!(recent.warnings.is_empty());
    }

    #[test]
    fn whole_months_clamp_at_month_ends() {
        assert_eq!(whole_months_between(ymd(2026, 1, 31), ymd(2026, 2, 28)), 1);
        assert_eq!(whole_months_between(ymd(2026, 1, 15), ymd(2026, 2, 14)), 0);
    }

    #[test]
    fn future_dates_are_flagged() {
        let metadata = describe_text(&[paragraph("Date of report: 1 May 2027")]);
        assert_eq!(metadata.age_in_months, None);
        assert!(
            metadata
                .warnings
                .contains(&MetadataWarning::ReportDateInFuture)
        );
    }

    proptest! {
        #[test]
        fn describe_never_panics(text in "\\PC{0,300}", heading_text in "\\PC{0,40}") {
            let metadata = describe_text(&[heading(&heading_text), paragraph(&text)]);
            prop_assert!((0.0..=1.0).contains(&metadata.kind.confidence));
            let whole = document(&[heading(&heading_text), paragraph(&text)]).text;
            let length = whole.chars().count();
            for evidence in metadata.kind_candidates.iter().flat_map(|guess| &guess.evidence) {
                prop_assert!(evidence.start <= evidence.end && evidence.end <= length);
            }
        }

        #[test]
        fn describe_never_panics_on_report_like_text(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Name:", "Dr", "Sam", "Example", "Date:", "3", "March", "2026", "DOB",
                    "/", "12", ".", "Educational Psychologist", "\n", " ", "’s", "Ünïcode",
                ]),
                0..40,
            )
        ) {
            let text = parts.concat();
            let _ = describe_text(&[paragraph(&text)]);
        }
    }
}
