//! Provision statements: recommendations in professional advice, parsed into what is to be
//! provided, by whom, in what group, how often, for how long and for how many weeks or terms,
//! with non-specific wording flagged.
//!
//! Section F of an EHC plan must be "detailed and specific and should normally be quantified"
//! (SEND Code of Practice 9.69): type, hours, frequency and level of expertise. Words such as
//! "regular", "access to" and "as required" usually fail that test. This module finds the
//! sentences in advice that recommend provision ("should receive", "will need", "I recommend",
//! items in a numbered list under a "Recommendations" heading and so on), splits each into its
//! parts and reports every vague phrase, so that an officer can see at a glance what still needs
//! quantifying.
//!
//! Every [`Part`] is a verbatim quote with CHARACTER offsets into the input (not the sentence):
//! `input.chars().skip(start).take(end - start)` is exactly its text.
//!
//! The vocabulary (cues, role words, frequency and duration phrases, vague wording) is data,
//! `data/provision-rules.toml`, compiled in; [`ProvisionRules::from_toml`] accepts other rules.
//!
//! This module must not: do IO, fail or panic on any input (odd text yields fewer statements),
//! invent wording (every part is a quote), or judge whether provision is adequate (it reports
//! what is and is not specified; the officer decides).
//!
//! How a statement is parsed: frequency, duration, group and programme length are matched
//! leftmost-longest against the rules' phrases; the deliverer ("who") is a role word widened over
//! its modifiers ("a suitably trained") and an expertise clause ("trained by the speech and
//! language therapist"); the intervention ("what") is the object of the cue minus those parts,
//! leading verbs of receiving and vague wording, with the article or possessive that opens its
//! noun phrase ("a quiet room", "his rescue medicine"). A group that opens it is its own part,
//! as the gold set's authors label it (46 times in 48 on the tune half): "1:1 support" gives the
//! `group` "1:1" and the `what` "support"; a group inside it stays ("access to small group
//! work").
//!
//! Conventions for the intervention, following `testdata/gold/README.md`:
//! - it runs to the end of its phrase: a verb phrase keeps its object and its places ("meet her
//!   at the gate", "supervise her in the playground"), a noun keeps a relative clause ("a
//!   timetable that places ...") and an infinitive that completes it ("a pass to leave early",
//!   "extra time to change for PE");
//! - it stops before the other parts, before a purpose ("to build his confidence", "so that",
//!   "for getting around"), a reason or a condition ("because", "when she is tired"), before
//!   companions ("with one or two friends") and before examples set off by a comma (", such as
//!   ...", ", including ..."); examples without a comma stay ("visual supports such as symbols");
//! - a second intervention joined by ", and" (or by "and" with a modal, a verb of providing or
//!   the first one's own preposition) is reported in `more`, as is a frequency in a clause of
//!   its own ("..., and review it every six weeks").
//!
//! Programme length is how long the programme runs ("for two terms", "until her attendance is
//! above 95%"); a review point ("reviewed termly") is not a length.
//!
//! Which sentences are statements: a document with a recommendation section ("Recommendations",
//! "Provision required", "What Jaden needs") is read section by section, and inside a section a
//! whole item written as a noun phrase ("Access to a quiet room.") counts without a cue;
//! background sentences outside the sections ("He needs extra time in class") do not count.
//! A document without such a section falls back on cues alone.
//!
//! Template lines, as council and service forms lay provision out ("Intervention: precision
//! teaching; Frequency: three times a week; Delivered by: a teaching assistant; Review:
//! termly"), are statements wherever they appear when they have an intervention or deliverer
//! field and another part field; the sentences of one such line are read as one statement, each
//! field's value as the part its name says (`[fields]` in the rules), and a review or outcome
//! field is never a part.
//!
//! Submodules: `rules` (the data file, tokeniser and phrase matching) and `segment` (sentences
//! and list items).

mod rules;
mod segment;
mod table;

pub use rules::{ProvisionRules, RulesError};
pub use table::TableCell;

use crate::gold::PartKind;

#[cfg(test)]
use rules::BUILTIN_RULES;
use rules::{FieldKind, Norms, PART_SET_KINDS, Present, Starts, Token, tokenise, tokenise_spans};
use segment::{Segment, segments};

/// The most tokens an expertise clause may span.
const MAX_PHRASE_TOKENS: usize = 12;

/// The most tokens an open programme length ("until her attendance is above 95%") may span.
const MAX_LENGTH_CLAUSE: usize = 10;

/// The most tokens a template field's value may have to be taken whole as its part.
const MAX_WHOLE_FIELD: usize = 8;

/// The most tokens an intervention ("what") may span.
const MAX_WHAT_TOKENS: usize = 18;

/// A quoted part of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part, verbatim.
    pub text: String,
    /// Character offset of its first character in the input.
    pub start: usize,
    /// Character offset just past its last character in the input.
    pub end: usize,
}

/// One recommendation of provision and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionStatement {
    /// The sentence or list item, verbatim (a list marker such as "1." is left out).
    pub text: String,
    /// Character offset of its first character in the input.
    pub start: usize,
    /// Character offset just past its last character in the input.
    pub end: usize,
    /// The intervention or activity ("precision teaching", "fluency therapy"). A group that
    /// opens it is the `group`, not part of it: "1:1 support" gives "support".
    pub what: Option<Part>,
    /// Who delivers it, with any stated training or expertise ("a teaching assistant trained by
    /// the speech and language therapist").
    pub who: Option<Part>,
    /// The grouping ("small group", "1:1", "groups of up to 4").
    pub group: Option<Part>,
    /// How often ("three times a week", "daily").
    pub frequency: Option<Part>,
    /// How long each session lasts ("30 minutes", "30-minute"), without the noun it describes.
    pub duration: Option<Part>,
    /// How long the programme runs ("for two terms", "until the next annual review").
    pub programme_length: Option<Part>,
    /// Every non-specific phrase in the statement ("regular", "access to"), in order.
    pub vague: Vec<Part>,
    /// Further parts of a kind already given above, in order: a second intervention joined by
    /// "and" ("ear defenders in assembly and a quiet exit route"), a second frequency ("..., and
    /// review it every six weeks").
    pub more: Vec<(PartKind, Part)>,
}

impl ProvisionStatement {
    /// Whether the statement is specific enough for section F: it names what, who, how often
    /// and for how long, and uses no vague wording.
    pub fn is_specific(&self) -> bool {
        self.what.is_some()
            && self.who.is_some()
            && self.frequency.is_some()
            && self.duration.is_some()
            && self.vague.is_empty()
    }
}

/// A recommendation cue as a token range; `before` if what is recommended precedes it.
#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    before: bool,
}

/// Finds the recommendations of provision in `text`, in order.
///
/// A document with one or more recommendation sections (a heading such as "Recommendations",
/// "Provision required", "What Jaden needs", or a sentence introducing a list: "I recommend the
/// following:") is read section by section: only units inside those sections can be
/// statements, so background sentences ("He needs extra time in class") are not mistaken for
/// advice. Inside a section, a sentence or list item is a statement if it has a recommendation
/// cue ("should receive", "will need", "I recommend", ...) and does not merely introduce a list;
/// or if it is a whole item that reads as a noun phrase ("Access to a quiet space.", "A writing
/// slope.", "Seeing the mentor weekly."); or if the author offers it and says how often or for
/// how long ("I will visit every half term until she starts school"). A document
/// with no such section falls back on cues alone: a sentence with a cue, or a list item with a
/// cue or after a sentence that recommends.
pub fn find_statements(text: &str, rules: &ProvisionRules) -> Vec<ProvisionStatement> {
    find_statements_in(text, &Marks::default(), rules)
}

/// What a document's format says about its lines: which are headings and which are list items
/// (character spans of the text, each list in order of start). Plain text has neither; Markdown,
/// Word and HTML mark both.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Marked headings.
    pub headings: Vec<Heading>,
    /// Marked list items, as (start, end) character offsets.
    pub list_items: Vec<(usize, usize)>,
    /// Marked table cells, in order of start (Word, OpenDocument, HTML and RTF tables).
    pub table_cells: Vec<TableCell>,
}

/// A heading the document's format marks (a Markdown `#` line, a Word heading style), as a
/// character span of the text with its level (1 is the largest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading {
    /// Character offset of its first character.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
    /// 1 (largest) to 6.
    pub level: u8,
}

/// [`find_statements`], knowing which lines the format marks as headings and list items. A
/// marked heading is a heading whatever its words ("Targets and strategies (reviewed termly)"),
/// and one deeper than the heading that opened a recommendation section is a part of it ("##
/// Advice for school" then "### In the classroom"), not its end; so is a short line the format
/// does not mark ("Staffing"). A marked list item is an item even when its marker is gone
/// ("Regular home-school contact", not a heading).
pub fn find_statements_in(
    text: &str,
    marks: &Marks,
    rules: &ProvisionRules,
) -> Vec<ProvisionStatement> {
    find_statements_and_sentences(text, marks, rules, &mut Vec::new())
}

/// [`find_statements_in`], also leaving in `sentences` (cleared first) the character spans of
/// the sentences of the whole text, as [`crate::sentence::split`] finds them: the split the
/// statements are read from, kept for the caller (the findings of a document derive their
/// sentences from it rather than splitting the text again).
pub(crate) fn find_statements_and_sentences(
    text: &str,
    marks: &Marks,
    rules: &ProvisionRules,
    sentences: &mut Vec<(usize, usize)>,
) -> Vec<ProvisionStatement> {
    let headings = marks.headings.as_slice();
    // Tokenise every segment first, so that all their tokens share one vector and all their
    // text one buffer.
    let (chars, norms) = Norms::for_text(text);
    let (lower, mut extra) = norms.into_parts();
    // Room for a line of every 32 characters, so the list is seldom copied as it grows.
    let mut newlines = Vec::with_capacity(chars.len() / 32);
    crate::sentence::split_chars_with_bytes_into(
        &chars,
        lower.as_bytes(),
        sentences,
        &mut newlines,
    );
    let mut all_tokens = Vec::with_capacity(chars.len() / 4);
    let mut next_item = 0;
    let pieces = tokenise_spans(
        &chars,
        &lower,
        &mut extra,
        &rules.lexicon,
        segments(&chars, sentences, &newlines),
        |segment: &mut Segment| {
            // The segment opens a marked list item (only whitespace before it in the item).
            segment.marked_item =
                span_at(&marks.list_items, &mut next_item, segment.start, |item| {
                    *item
                })
                .is_some_and(|item| {
                    chars
                        .get(item.0..segment.start)
                        .is_some_and(|before| before.iter().all(|c| c.is_whitespace()))
                });
            (segment.start, segment.end)
        },
        &mut all_tokens,
    );
    // Provision tables are read row by row; their cells are not read again as sentences.
    let (table_statements, tables) = if marks.table_cells.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        table::table_statements(&chars, &all_tokens, &marks.table_cells, rules)
    };
    let mut next_table = 0;
    let pieces = join_field_sentences(&chars, pieces, &all_tokens, rules);
    let mut units: Vec<Unit<'_, '_>> = Vec::with_capacity(pieces.len());
    // The level of each unit that starts inside a marked heading, found as it is read.
    let mut next_heading = 0;
    let mut levels: Vec<Option<u8>> = Vec::with_capacity(pieces.len());
    units.extend(pieces.iter().filter_map(|&(segment, from, to, has_colon)| {
        let level = span_at(headings, &mut next_heading, segment.start, |heading| {
            (heading.start, heading.end)
        })
        .map(|heading| heading.level);
        let tokens = all_tokens.get(from..to)?;
        let unit = Unit::read(&chars, segment, tokens, has_colon, level.is_some(), rules)?;
        levels.push(level);
        Some(unit)
    }));
    let sectioned = units.iter().zip(&levels).any(|(unit, mark)| {
        unit.heading == Some(true)
            || unit.intro
            || (mark.is_some() && unit.recommendation_heading(rules))
    });
    let mut statements = Vec::new();
    let mut in_section = false;
    let mut after_intro = false;
    // The level of the marked heading that opened the recommendation section, if marked.
    let mut section_level: Option<u8> = None;
    // Under a heading over support already given or tried ("Interventions tried"), until the
    // next heading.
    let mut past_section = false;
    // The units are read in place (each is large; moving it out costs more than reading it).
    for (unit, mark) in units.iter_mut().zip(levels) {
        if span_at(&tables, &mut next_table, unit.segment.start, |table| *table).is_some() {
            continue;
        }
        if let Some(level) = mark {
            let recommends = unit.recommendation_heading(rules);
            past_section = rules.past_headings.matches_any(unit.tokens);
            // "## Recommendations" then "## Access to learning", "## Mobility" at the same
            // level: topics of the recommendations, until a heading of another part of the
            // report ("## Summary", "## Signed").
            let same_level_topic = in_section
                && section_level == Some(level)
                && !past_section
                && !rules.not_headings.matches_any(unit.tokens)
                && !rules.section_enders.matches_any(unit.tokens);
            if recommends {
                in_section = true;
                section_level = Some(level);
            } else if !(same_level_topic
                || (in_section
                    && section_level.is_some_and(|opened| level > opened)
                    && !rules.not_headings.matches_any(unit.tokens)))
            {
                in_section = false;
                section_level = None;
            }
            after_intro = false;
            continue;
        }
        if let Some(recommends) = unit.heading {
            past_section = rules.past_headings.matches_any(unit.tokens);
            if recommends {
                in_section = true;
                after_intro = false;
                continue;
            }
            // A short line the format does not mark as a heading, inside a section a marked
            // heading opened, heads a part of it ("Staffing", "At college:"). Where no format
            // marks the headings (plain text, email), a heading inside a recommendation section
            // goes on with it as a marked one at the section's level does, so that every
            // format of a report reads alike. (`closes_section` covers `not_headings`.)
            if in_section
                && !unit.closes_section
                && (section_level.is_some()
                    || (!past_section && !rules.section_enders.matches_any(unit.tokens)))
            {
                after_intro = false;
                continue;
            }
            // A short line with a cue ("Ellis will need:") is not a heading that ends anything.
            if unit.cue.is_none() || unit.closes_section {
                in_section = false;
                after_intro = false;
                continue;
            }
        }
        let last = unit.last;
        // "Outcome: By July, Jonah will ..." (a field of an outcome, between provision lines):
        // an aim, not provision (a template line that goes on to the provision still is one).
        let labelled_outcome = unit
            .tokens
            .iter()
            .position(|token| token.word)
            .and_then(|first| rules.not_headings.longest_at(unit.tokens, first))
            // "Outcome 1: ..." is numbered.
            .map(|end| end + usize::from(unit.tokens.get(end).is_some_and(|token| token.number)))
            .is_some_and(|end| unit.tokens.get(end).is_some_and(|token| token.norm == ":"));
        let is_statement = unit.template
            || if sectioned {
                let inside =
                    !past_section && (in_section || (after_intro && unit.segment.list_item));
                (inside
                    || unit.recommends_outside_section(&chars, rules)
                    || (!past_section && unit.specific_line(rules)))
                    && !unit.intro
                    && if unit.cue.is_some() {
                        last != ':'
                    } else if !matches!(last, '.' | ':' | '!' | '?') {
                        (unit.segment.list_item
                            || unit.segment.marked_item
                            || unit.has_part(ANY_PART, rules))
                            && !rules.area_titles.matches_whole(unit.tokens)
                    } else {
                        last == '.'
                            && ((unit.whole_line && noun_phrase_like(unit.tokens, rules))
                                // "Allow ten seconds of thinking time ...", "Comment on what
                                // he is doing ...": an instruction, in a sentence or an item.
                                || imperative_opener(unit.tokens, rules)
                                // "When talking to Theo, use short phrases ...".
                                || after_opening_clause(unit.tokens, rules).is_some_and(
                                    |rest| noun_phrase_like(&unit.tokens[rest..], rules),
                                )
                                // "Provision: Pre-teaching of key topic vocabulary, 1:1 ...".
                                || field_at(unit.tokens, 0, rules)
                                    .is_some_and(|(_, kind)| kind == Some(PartKind::What))
                                || role_will_opener(unit.tokens, rules)
                                || ((unit.segment.list_item || unit.segment.marked_item)
                                    && will_sentence(unit.tokens, rules))
                                // "I want to leave lessons five minutes early", in a young
                                // person's own list of requests.
                                || ((unit.segment.list_item || unit.segment.marked_item)
                                    && rules.request_openers.longest_at(unit.tokens, 0).is_some())
                                || (rules.offer_openers.longest_at(unit.tokens, 0).is_some()
                                    && unit.has_part(&[Kind::Frequency, Kind::Programme], rules)))
                    }
            } else if unit.segment.list_item {
                unit.cue.is_some() || in_section || after_intro
            } else {
                (unit.cue.is_some() && last != ':')
                    || unit.specific_line(rules)
                    || (last == '.' && role_will_opener(unit.tokens, rules))
                    || (in_section && !matches!(last, '.' | ':') && unit.has_part(ANY_PART, rules))
            };
        let is_statement = is_statement && (unit.template || !labelled_outcome);
        if unit.intro {
            in_section = true;
        }
        if !unit.segment.list_item {
            after_intro = if sectioned {
                unit.intro
            } else {
                unit.cue.is_some()
                    && (last == ':'
                        || unit.tokens.iter().any(|token| {
                            rules
                                .intro_prefixes
                                .iter()
                                .any(|prefix| token.norm.starts_with(prefix.as_str()))
                        }))
            };
        }
        // "... that is a family decision and not a recommendation of mine."
        let disowned = is_statement && !rules.not_statements.find_all(unit.tokens).is_empty();
        if is_statement && !disowned {
            let parts = unit
                .parts
                .take()
                .unwrap_or_else(|| PartMap::build(unit.tokens, rules));
            statements.push(parse(
                &chars,
                unit.segment,
                unit.tokens,
                unit.cue,
                parts,
                rules,
            ));
        }
    }
    if !table_statements.is_empty() {
        statements.extend(table_statements);
        statements.sort_by_key(|statement| statement.start);
    }
    statements
}

/// Whether, inside a recommendation section, a sentence says what will happen ("Rhys will
/// trial a high-tech AAC device for one term", "His seizure plan will be rewritten by the
/// epilepsy nurse"): its first finite verb is "will", after a subject other than the author or
/// a word of discourse ("I will ...", "This will ...").
fn will_sentence(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    let mut words = tokens.iter().filter(|token| token.word);
    if words.next().is_none_or(|first| {
        rules.not_openers.contains(first) && !matches!(first.norm, "he" | "she" | "they")
    }) {
        return false;
    }
    words
        .take(7)
        .find(|token| rules.finite_verbs.contains(token))
        .is_some_and(|verb| verb.norm == "will")
}

/// Whether a sentence opens with a deliverer and "will" ("The therapist will visit school each
/// half term", "The Learning Support Service will review her progress each term"): like "I
/// will", a service's own provision.
fn role_will_opener(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    let start = usize::from(
        tokens
            .first()
            .is_some_and(|first| rules.who_determiners.contains(first)),
    );
    let will_at = |at: usize| tokens.get(at).is_some_and(|next| next.norm == "will");
    // "Dr Shah will ...": a title and a name.
    if tokens
        .first()
        .is_some_and(|first| rules.titles.contains(first))
        && tokens.get(1).is_some_and(|name| name.capital)
        && (will_at(2) || (tokens.get(2).is_some_and(|name| name.capital) && will_at(3)))
    {
        return true;
    }
    // "The therapist will ...", and a name with the role after it ("Hannah Prior, our
    // dietitian, will ...").
    (start..(start + 6).min(tokens.len())).any(|from| {
        rules.roles.longest_at(tokens, from).is_some_and(|end| {
            will_at(end)
                || (tokens.get(end).is_some_and(|comma| comma.norm == ",")
                    && will_at(end + 1)
                    && tokens
                        .get(..from)
                        .is_some_and(|before| before.iter().any(|mark| mark.norm == ",")))
        })
    })
}

/// The span of `spans` (in order of start) that holds `at`, for positions asked in increasing
/// order; `next` keeps the place between calls, so a document's spans are walked once.
fn span_at<'s, T>(
    spans: &'s [T],
    next: &mut usize,
    at: usize,
    bounds: impl Fn(&T) -> (usize, usize),
) -> Option<&'s T> {
    while spans.get(*next).is_some_and(|span| bounds(span).1 <= at) {
        *next += 1;
    }
    spans.get(*next).filter(|span| bounds(span).0 <= at)
}

/// A field of a template line: its kind, the token range of its name (with the colon) and
/// of its value (without the punctuation that ends it).
#[derive(Debug, Clone, Copy)]
struct TemplateField {
    kind: FieldKind,
    name: (usize, usize),
    value: (usize, usize),
}

/// Whether `at` starts a field name: at the start, or after punctuation that ends a field.
fn field_at(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> Option<(usize, FieldKind)> {
    // Nearly every token is ruled out by one flag test: no field name starts with it.
    if !tokens
        .get(at)
        .is_some_and(|token| rules.field_names.may_start(token))
    {
        return None;
    }
    // A field name opens its line; where the lines of a block were joined into one paragraph
    // ("... advice to staff Who: a Qualified Teacher of the Deaf"), a capital marks it.
    if at > 0
        && !matches!(tokens[at - 1].norm, ";" | "." | "," | "(" | "|" | "/")
        && !tokens[at].capital
    {
        return None;
    }
    let end = rules.field_names.longest_at(tokens, at)?;
    if tokens.get(end).is_none_or(|token| token.norm != ":") {
        return None;
    }
    Some((end + 1, rules.field_kind(&tokens[at..end])?))
}

/// The fields of a template line ("Intervention: precision teaching; Frequency: three times a
/// week; Delivered by: a teaching assistant"), or none when it has fewer than two.
/// `has_colon` says whether a token is a colon (a field name is followed by one).
fn find_fields(
    tokens: &[Token<'_>],
    has_colon: bool,
    rules: &ProvisionRules,
) -> Vec<TemplateField> {
    if !has_colon {
        return Vec::new();
    }
    let mut fields: Vec<TemplateField> = Vec::new();
    for at in 0..tokens.len() {
        if let Some((value_start, kind)) = field_at(tokens, at, rules) {
            fields.push(TemplateField {
                kind,
                name: (at, value_start),
                value: (value_start, tokens.len()),
            });
        }
    }
    if fields.len() < 2 {
        return Vec::new();
    }
    for index in 0..fields.len() {
        let mut end = fields
            .get(index + 1)
            .map_or(tokens.len(), |next| next.name.0);
        let start = fields[index].value.0;
        while end > start && !tokens[end - 1].word {
            end -= 1;
        }
        fields[index].value = (start, end);
    }
    fields
}

/// Whether the fields make a provision statement: an intervention or a deliverer, and another
/// field ("Target: ... Strategy: ...").
fn is_template(fields: &[TemplateField]) -> bool {
    let has = |kind| {
        fields
            .iter()
            .any(|field| field.kind == kind && field.value.1 > field.value.0)
    };
    (has(Some(PartKind::What)) || has(Some(PartKind::Who))) && fields.len() >= 2
}

/// The most words a title run into the field block after it may have.
const MAX_TITLE_WORDS: usize = 8;

/// Joins the sentences of one line when the later ones open with a field name ("Provision:
/// Lego-based therapy. Frequency: weekly. Delivered by: the learning mentor."), so that a
/// template line is read as one statement. Sentence pieces share one token vector, in order,
/// so a join is a wider range of it. Each joined piece comes with whether one of its tokens is
/// a colon, found here once for every later use.
fn join_field_sentences(
    chars: &[char],
    pieces: Vec<(Segment, usize, usize)>,
    tokens: &[Token<'_>],
    rules: &ProvisionRules,
) -> Vec<(Segment, usize, usize, bool)> {
    let mut joined: Vec<(Segment, usize, usize, bool)> = Vec::with_capacity(pieces.len());
    let mut previous_has_field = false;
    // A short title run into the block below it ("Small group work Support: a social
    // communication group ...", where the title's line had no end mark) is not part of the
    // statement, which starts at the block's intervention field.
    let pieces = pieces.into_iter().flat_map(|(segment, from, to)| {
        let own = tokens.get(from..to).unwrap_or_default();
        let title_end = (1..own.len())
            .find(|&at| own[at].norm == ":")
            .and_then(|colon| {
                let at = (1..colon.min(MAX_TITLE_WORDS + 1))
                    .find(|&at| field_at(own, at, rules).is_some())?;
                // Words, and the marks of bold or italic ("**Starting the day**").
                let title_words = own[..at]
                    .iter()
                    .all(|token| token.word || matches!(token.norm, "*" | "_"));
                (title_words
                    && field_at(own, at, rules)
                        .is_some_and(|(_, kind)| kind == Some(PartKind::What)))
                .then_some(at)
            });
        match title_end {
            Some(at) => {
                let title = Segment {
                    end: own[at - 1].end,
                    ..segment
                };
                let block = Segment {
                    start: own[at].start,
                    ..segment
                };
                std::iter::once((title, from, from + at)).chain(Some((block, from + at, to)))
            }
            None => std::iter::once((segment, from, to)).chain(None),
        }
    });
    for (segment, from, to) in pieces {
        let own = tokens.get(from..to).unwrap_or_default();
        // A field name is followed by a colon: a piece without one has no field.
        let has_colon = own.iter().any(|token| token.norm == ":");
        let starts_field = has_colon && field_at(own, 0, rules).is_some();
        // The next field of the same line, or of the next line of a block of field lines
        // ("What we will do: ...\nWho will help: ...\nHow often: ..."), unless that line opens
        // a new block with another intervention.
        let same_line = |last: &(Segment, usize, usize, bool)| {
            !chars
                .get(last.0.end..segment.start)
                .is_some_and(|gap| gap.contains(&'\n'))
        };
        let next_line_of_block = |last: &(Segment, usize, usize, bool)| {
            !segment.list_item
                && !last.0.list_item
                && chars
                    .get(last.0.end..segment.start)
                    .is_some_and(|gap| gap.iter().filter(|&&c| c == '\n').count() == 1)
                && field_at(own, 0, rules).is_some_and(|(_, kind)| kind != Some(PartKind::What))
                // An outcome or target line is an aim of its own, not a field of the provision.
                && rules.not_headings.longest_at(own, 0).is_none()
        };
        if starts_field
            && previous_has_field
            && let Some(last) = joined.last_mut()
            && last.2 == from
            && (same_line(last) || next_line_of_block(last))
        {
            last.0.end = segment.end;
            last.2 = to;
            last.3 = true;
            continue;
        }
        // A sentence naming the provision, then its field lines in the same paragraph ("Callum's
        // stretches, following the written programme. Delivered by: a teaching assistant
        // Frequency: daily"): one statement.
        // (An intervention field opens a statement of its own: "Target 2: Ezra will ...
        // .\nProvision: Pre-teaching of ...".)
        if starts_field
            && !previous_has_field
            && field_at(own, 0, rules).is_some_and(|(_, kind)| kind != Some(PartKind::What))
            && let Some(last) = joined.last_mut()
            && last.2 == from
            && chars.get(last.0.end.saturating_sub(1)) == Some(&'.')
            && chars.get(last.0.end..segment.start).is_some_and(|gap| {
                gap.iter().all(|c| c.is_whitespace())
                    && gap.iter().filter(|&&c| c == '\n').count() <= 1
            })
        {
            last.0.end = segment.end;
            last.2 = to;
            last.3 = true;
            previous_has_field = true;
            continue;
        }
        // A list item's further sentences on its own line ("1. Touch typing. From Year 4, she
        // should practise ... . The programme should be ..."): the item is one statement
        // (guide: wrap the whole item).
        if !segment.list_item
            && !segment.marked_item
            && let Some(last) = joined.last_mut()
            && (last.0.list_item || last.0.marked_item)
            && last.2 == from
            && chars
                .get(last.0.end..segment.start)
                .is_some_and(|gap| !gap.contains(&'\n'))
        {
            last.0.end = segment.end;
            last.2 = to;
            last.3 |= has_colon;
            previous_has_field |= starts_field;
            continue;
        }
        previous_has_field = starts_field
            || (has_colon && (0..own.len()).any(|at| field_at(own, at, rules).is_some()));
        joined.push((segment, from, to, has_colon));
    }
    joined
}

/// A segment read once: its tokens, cue, parts and what kind of line it is.
struct Unit<'t, 'a> {
    segment: Segment,
    tokens: &'t [Token<'a>],
    cue: Option<Cue>,
    /// Its parts, built when first needed (most units are never statements).
    parts: Option<PartMap>,
    /// Its last character.
    last: char,
    /// `Some(true)` for a heading that starts a recommendation section, `Some(false)` for
    /// another heading; `None` for a heading the format marks (read by its level instead).
    heading: Option<bool>,
    /// A heading for a part of the advice that is not provision ("Outcomes I hope to see:").
    closes_section: bool,
    /// [`is_recommendation_heading`] of its tokens, if found when it was read (for a line
    /// shaped like a heading).
    recommends: Option<bool>,
    /// A sentence with a cue that introduces the list after it ("I recommend the following:").
    intro: bool,
    /// The unit fills its line (a list item or a one-sentence paragraph).
    whole_line: bool,
    /// A template line of provision fields ("Intervention: ...; Frequency: ...").
    template: bool,
}

impl<'t, 'a> Unit<'t, 'a> {
    /// Whether a sentence outside every recommendation section still recommends: its cue is
    /// one that only recommends (`cues.strong`: "I would suggest", "should receive"), or it has
    /// a cue and says how often, for how long or for what programme length ("Reuben will
    /// continue to attend the nurture group three afternoons a week"), or it quotes a wish
    /// ("She said: "I would like a laptop in every lesson."").
    fn recommends_outside_section(&mut self, chars: &[char], rules: &ProvisionRules) -> bool {
        let Some(cue) = self.cue else {
            return false;
        };
        if self.last == ':' || self.segment.list_item {
            return false;
        }
        // A wish inside a quotation, in the conditional ("I would like ..."): the quotation
        // opens before the cue.
        let quote_opens = |c: &char| matches!(c, '"' | '“');
        let quoted = rules.need_object.spans(self.tokens, cue.start, cue.end)
            && self.tokens[cue.start].norm == "would"
            && chars
                .get(self.segment.start..self.tokens[cue.start].start)
                .is_some_and(|before| before.iter().any(quote_opens));
        // A cue that only ever recommends ("I recommend", "should receive", "would benefit
        // from"), unlike "needs" or "will have", which also describe.
        // The cue itself, or its subject and the cue ("Adults should ...").
        let strong = rules.strong.longest_at(self.tokens, cue.start).is_some()
            || cue
                .start
                .checked_sub(1)
                .is_some_and(|at| rules.strong.longest_at(self.tokens, at).is_some());
        quoted
            || strong
            || self.has_part(&[Kind::Frequency, Kind::Duration, Kind::Programme], rules)
    }

    /// A line of its own that names provision in a noun phrase with how often or how long and
    /// one more specific part ("Calf stretches twice a day, each lasting five minutes.",
    /// "One-to-one counselling from a qualified school counsellor, weekly, for twelve
    /// sessions."): provision under any heading, as a plan's section F lists it.
    fn specific_line(&mut self, rules: &ProvisionRules) -> bool {
        let candidate = self.whole_line
            && self.cue.is_none()
            && self.last == '.'
            && noun_phrase_like(self.tokens, rules)
            && rules.description_markers.find_all(self.tokens).is_empty();
        // Without a frequency or a duration it is not one: the parts are not built when none
        // may be found.
        if !candidate
            || (self.parts.is_none()
                && !PartMap::may_select(self.tokens, &[Kind::Frequency, Kind::Duration], rules))
        {
            return false;
        }
        let tokens = self.tokens;
        let selected = &self.parts(rules).selected;
        let timed = selected
            .iter()
            .any(|part| matches!(part.2, Kind::Frequency | Kind::Duration));
        let kinds = [
            Kind::Programme,
            Kind::Duration,
            Kind::Frequency,
            Kind::Group,
        ]
        .iter()
        .filter(|&&kind| selected.iter().any(|part| part.2 == kind))
        .count();
        // The deliverer is found only when the statement is parsed; here, a role after "by",
        // "from" or "with" ("A sensory diet three times a day by the teaching assistant").
        timed && (kinds >= 2 || delivered_by_role(tokens, rules))
    }

    /// Whether it names recommendations as a heading would ([`is_recommendation_heading`]),
    /// found again only if it was not when the unit was read.
    fn recommendation_heading(&self, rules: &ProvisionRules) -> bool {
        self.recommends
            .unwrap_or_else(|| is_recommendation_heading(self.tokens, rules))
    }

    /// Whether its parts include one of `kinds`; they are built only if they may
    /// ([`PartMap::may_select`]).
    fn has_part(&mut self, kinds: &[Kind], rules: &ProvisionRules) -> bool {
        (self.parts.is_some() || PartMap::may_select(self.tokens, kinds, rules))
            && self
                .parts(rules)
                .selected
                .iter()
                .any(|part| kinds.contains(&part.2))
    }

    /// Its parts, building them on first use.
    fn parts(&mut self, rules: &ProvisionRules) -> &PartMap {
        self.parts
            .get_or_insert_with(|| PartMap::build(self.tokens, rules))
    }

    /// Reads a unit; `marked` says it starts in a heading the format marks. Such a heading is
    /// read by its level and by whether it names recommendations, never by its shape (see
    /// [`find_statements_and_sentences`]), so its shape is not looked at (nor its parts built
    /// to tell it).
    fn read(
        chars: &[char],
        segment: Segment,
        tokens: &'t [Token<'a>],
        has_colon: bool,
        marked: bool,
        rules: &ProvisionRules,
    ) -> Option<Unit<'t, 'a>> {
        if !tokens.iter().any(|token| token.word) {
            return None;
        }
        let last = *chars.get(segment.end.checked_sub(1)?)?;
        let cue = find_cue(tokens, rules);
        let whole_line = segment.list_item || segment.marked_item || {
            let mut before = segment.start;
            while before > 0 && matches!(chars[before - 1], ' ' | '\t') {
                before -= 1;
            }
            let mut after = segment.end;
            while after < chars.len() && matches!(chars[after], ' ' | '\t' | '\r') {
                after += 1;
            }
            (before == 0 || chars[before - 1] == '\n')
                && (after == chars.len() || chars[after] == '\n')
        };
        // Only a whole line of at most ten words can be a heading; the rest is not needed
        // otherwise (`closes` is read only for a heading).
        let mut parts = None;
        let (mut recommends, mut closes, mut heading_shape) = (false, false, false);
        let mut found_recommends = None;
        if whole_line && looks_like_heading(tokens, last, 10) {
            recommends = is_recommendation_heading(tokens, rules);
            found_recommends = Some(recommends);
            // "Outcomes I hope to see:" closes a section; "Outcomes and provision" opens one.
            closes =
                !recommends && (rules.not_headings.matches_any(tokens) || advises_against(tokens));
            // A list item is a heading only if it opens or closes a section, so its shape is
            // not looked at otherwise; nor is a marked heading's (whether a marked heading
            // recommends is read from `recommends`). A line without a word any part may start
            // with has no parts: they are built only if it may.
            heading_shape = !marked
                && (!(segment.list_item || segment.marked_item) || recommends || closes)
                && looks_like_heading(tokens, last, if recommends || closes { 10 } else { 6 })
                && (!PartMap::may_select(tokens, ANY_PART, rules)
                    || parts
                        .insert(PartMap::build(tokens, rules))
                        .selected
                        .is_empty());
        }
        let heading = heading_shape.then_some(recommends);
        let intro = cue.is_some_and(|cue| {
            last == ':'
                || (cue.end..(cue.end + 3).min(tokens.len()))
                    .any(|at| rules.intro_phrases.longest_at(tokens, at).is_some())
        });
        let template = heading.is_none() && is_template(&find_fields(tokens, has_colon, rules));
        Some(Unit {
            segment,
            tokens,
            cue,
            parts,
            last,
            heading,
            closes_section: closes,
            recommends: found_recommends,
            intro,
            whole_line,
            template,
        })
    }
}

/// Whether a heading opens with "not" ("Not recommended:", "Not advised"): it heads what the
/// author advises against.
fn advises_against(tokens: &[Token<'_>]) -> bool {
    tokens
        .iter()
        .find(|token| token.word)
        .is_some_and(|first| first.norm == "not")
}

/// Whether a heading names recommendations: it contains a heading phrase ("Recommendations",
/// "Provision"), or opens with a question word and says what is needed or wanted ("What Jaden
/// needs", "What would help").
fn is_recommendation_heading(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    // "Suggested outcomes", "Recommended targets": outcomes, not provision.
    let weak = |(from, to): &(usize, usize)| {
        to - from == 1
            && matches!(
                tokens[*from].norm,
                "suggested" | "suggestions" | "recommended" | "recommend"
            )
    };
    let found = rules.headings.find_all(tokens);
    if !found.is_empty() && found.iter().all(weak) && rules.not_headings.matches_any(tokens) {
        return false;
    }
    if advises_against(tokens) {
        return false;
    }
    if !found.is_empty() {
        return true;
    }
    let mut words = tokens.iter().filter(|token| token.word && !token.number);
    words
        .next()
        .is_some_and(|first| rules.heading_openers.contains(first))
        && words.any(|token| rules.heading_wants.contains(token))
}

/// Whether a role follows "by", "from", "through", "via" or "with" and its determiner or
/// modifiers ("by the teaching assistant", "with a trained teaching assistant").
fn delivered_by_role(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    (0..tokens.len()).any(|at| {
        let token = &tokens[at];
        if !(rules.delivery_words.contains(token) || token.norm == "with") {
            return false;
        }
        let mut role = at + 1;
        while let Some(end) = rules.modifiers.longest_at(tokens, role) {
            role = end;
        }
        rules.roles.longest_at(tokens, role).is_some()
    })
}

/// Whether a whole item without a cue reads as a recommendation written as a noun phrase ("A
/// writing slope for all written work.", "Access to a quiet room.", "Seeing my mentor weekly.")
/// rather than a sentence with its own subject and verb ("I will review progress in June.",
/// "The aim is a planned return.").
fn noun_phrase_like(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    // The words are walked in place (no vector of them): only the first five are read.
    let words = tokens.iter().filter(|token| token.word);
    let mut rest = words.clone();
    let Some(first) = rest.next() else {
        return false;
    };
    if rest.next().is_none() || rules.not_openers.contains(first) {
        return false;
    }
    for (index, token) in words.enumerate().take(5) {
        if rules.clause_markers.contains(token) {
            return true;
        }
        if index > 0 && rules.finite_verbs.contains(token) {
            return false;
        }
    }
    true
}

/// Whether the words open with a verb of instruction ("Allow ten seconds of thinking time",
/// "Use a visual timetable"), not the noun ("Use of a laptop").
fn imperative_opener(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    tokens.first().is_some_and(|first| {
        first.capital && !first.shouted && rules.imperative_openers.contains(first)
    }) && tokens
        .get(1)
        .is_some_and(|next| next.word && !matches!(next.norm, "of" | "is" | "was" | "will"))
}

/// Where the words after an opening clause of time begin ("When talking to Theo, use short
/// phrases ...", "Before loud activities, warn her"): after the first comma among the first
/// twelve tokens, when a word of `time_openers` opens them and words follow the comma.
fn after_opening_clause(tokens: &[Token<'_>], rules: &ProvisionRules) -> Option<usize> {
    let first = tokens.first()?;
    if !rules.time_openers.contains(first) {
        return None;
    }
    let comma = tokens.iter().take(12).position(|token| token.norm == ",")?;
    (comma + 1 < tokens.len()).then_some(comma + 1)
}

/// Parses `text` as one provision statement, whether or not it has a recommendation cue (for
/// example, a line an officer has written in section F). Surrounding whitespace is left out of
/// the statement's span.
pub fn parse_provision(text: &str, rules: &ProvisionRules) -> ProvisionStatement {
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    let mut end = chars.len();
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    let segment = Segment {
        start,
        end,
        list_item: false,
        marked_item: false,
    };
    let mut norms = Norms::default();
    let raw = tokenise(&chars, start, end, &rules.lexicon, &mut norms);
    let tokens = norms.resolve(&raw);
    let cue = find_cue(&tokens, rules);
    let parts = PartMap::build(&tokens, rules);
    parse(&chars, segment, &tokens, cue, parts, rules)
}

fn looks_like_heading(tokens: &[Token<'_>], last: char, max_words: usize) -> bool {
    let words = tokens.iter().filter(|token| token.word).count();
    (1..=max_words).contains(&words)
        && tokens.first().is_some_and(|token| token.capital)
        && !matches!(last, '.' | '!' | '?' | ';' | ',')
}

/// The first valid recommendation cue.
#[inline]
fn find_cue(tokens: &[Token<'_>], rules: &ProvisionRules) -> Option<Cue> {
    // Most tokens cannot start a cue: one quick flag test passes over them, and only the few
    // left are looked up and checked. A unit with no such token (many are) is passed over here,
    // before the checks are set up.
    let starts = rules.cues_after.starts().or(rules.cues_before.starts());
    let first = starts.next(tokens, 0)?;
    find_cue_from(tokens, starts, first, rules)
}

/// [`find_cue`] from `first`, the first token a cue may start with (`starts` tells the others).
#[inline(never)]
fn find_cue_from(
    tokens: &[Token<'_>],
    starts: Starts,
    first: usize,
    rules: &ProvisionRules,
) -> Option<Cue> {
    // The blocked spans, found when the first cue is (most units have none).
    let mut blocked: Option<Vec<(usize, usize)>> = None;
    // Whether the token at `at` is inside a conditional clause ("If I need help, ..."): from a
    // conditional word to the next comma or semicolon. Brought up to date token by token, in
    // order, when a cue is checked (`read` tokens have been).
    let mut conditional = false;
    let mut read = 0;
    let mut from = first;
    while let Some(at) = starts.next(tokens, from) {
        from = at + 1;
        let token = &tokens[at];
        let (after, before) = rules.cues.longest_of_two(tokens, at);
        let cue = match (after, before) {
            (Some(a), Some(b)) if a > b => Cue {
                start: at,
                end: a,
                before: false,
            },
            (_, Some(b)) => Cue {
                start: at,
                end: b,
                before: true,
            },
            (Some(a), None) => Cue {
                start: at,
                end: a,
                before: false,
            },
            (None, None) => continue,
        };
        if blocked
            .get_or_insert_with(|| rules.not_cues.find_all(tokens))
            .iter()
            .any(|&(from, to)| from < cue.end && cue.start < to)
        {
            continue;
        }
        if is_outcome(tokens, &cue, rules) {
            continue;
        }
        if cue.end - cue.start == 1
            && rules.subject_needed.contains(token)
            && !is_verb_use(tokens, at, rules)
        {
            continue;
        }
        for token in tokens.get(read..=at).unwrap_or_default() {
            if matches!(token.norm, "," | ";" | ":") {
                conditional = false;
            } else if rules.conditionals.contains(token) {
                conditional = true;
            }
        }
        read = at + 1;
        let wish = rules.need_object.spans(tokens, cue.start, cue.end);
        // "When I do good work I want a sticker": the child's own wish after the condition
        // begins the main clause even without a comma.
        if conditional && at > 0 && matches!(tokens[at - 1].norm, "i" | "we") && wish {
            conditional = false;
        }
        if conditional {
            continue;
        }
        // A note written as an instruction ("School to provide ...") opens its sentence or
        // item; "expects adults to give up" is not one.
        if at > 0 && rules.note_subjects.contains(token) {
            continue;
        }
        // "She would like a named person to check her radio aid", "Kieran would like a
        // mentor": a wish reported in the third person is the child's or family's view, not
        // the author's recommendation (the gold labels none of 40).
        if wish && reported_wish(tokens, cue.start) {
            continue;
        }
        // "We would like him to have ..." recommends; "we want people to see ..." does not.
        if wish && !has_object(tokens, cue.end, rules) {
            continue;
        }
        return Some(cue);
    }
    None
}

/// Whether the subject just before a wish at `at` is a third person: "he", "she" or "they"
/// ("..., and they would like ..."), or a name opening the sentence ("Kieran would like ...").
fn reported_wish(tokens: &[Token<'_>], at: usize) -> bool {
    let Some(subject) = at.checked_sub(1).and_then(|before| tokens.get(before)) else {
        return false;
    };
    matches!(subject.norm, "he" | "she" | "they")
        || (at == 1 && subject.capital && !subject.shouted && !matches!(subject.norm, "i" | "we"))
}

/// Whether `cue` is an ability ("should be able to") that a deadline later in the sentence
/// makes an outcome ("… read simple words by the summer") rather than an arrangement.
fn is_outcome(tokens: &[Token<'_>], cue: &Cue, rules: &ProvisionRules) -> bool {
    let Some((_, ability_end)) = rules
        .outcome_cues
        .find_all(tokens)
        .into_iter()
        .find(|&(from, to)| from < cue.end && cue.start < to)
    else {
        return false;
    };
    !rules
        .outcome_deadlines
        .find_all(tokens.get(ability_end..).unwrap_or_default())
        .is_empty()
}

/// Whether what follows a wish ("would like", "want") at `at` is provision: an article or vague
/// wording ("a plan", "opportunities for"), or a verb of receiving soon after ("him to have").
fn has_object(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> bool {
    tokens
        .get(at)
        .is_some_and(|token| rules.determiners.contains(token))
        || rules.vague.longest_at(tokens, at).is_some()
        || (at..(at + 4).min(tokens.len()))
            .any(|index| rules.object_verbs.longest_at(tokens, index).is_some())
        || person_to_act(tokens, at, rules).is_some()
}

/// Whether a person named at `at` is then asked to act ("I want Mrs Nwosu to check ...", "I
/// want Mum and Miss to talk ...", "we would like the physiotherapist to visit her"): names,
/// titles, roles, articles and "and", with a title or a role among them (the child, named
/// alone, is not asked: "We want Isla to be happy"), then "to" and a word. Gives where the
/// "to" is.
fn person_to_act(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> Option<usize> {
    let mut index = at;
    let mut person = false;
    while index < tokens.len() && index < at + 6 {
        let token = &tokens[index];
        if token.norm == "to" {
            return (person && tokens.get(index + 1).is_some_and(|next| next.word))
                .then_some(index);
        }
        if let Some(end) = rules.roles.longest_at(tokens, index) {
            person = true;
            index = end;
            continue;
        }
        if rules.titles.contains(token) {
            person = true;
        } else if !((token.word && token.capital && !token.shouted)
            || rules.who_determiners.contains(token)
            || token.norm == "and")
        {
            return None;
        }
        index += 1;
    }
    None
}

/// Whether "needs" / "requires" at `at` is a verb with a subject ("Sam needs"), not a noun.
fn is_verb_use(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> bool {
    let (Some(previous), Some(next)) = (
        at.checked_sub(1).and_then(|i| tokens.get(i)),
        tokens.get(at + 1),
    ) else {
        return false;
    };
    if rules.noun_after.contains(next) || rules.noun_before.contains(previous) {
        return false;
    }
    rules.subject_words.contains(previous) || (previous.word && previous.capital)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// Words that look like a part but are not one ("five minutes early"); never reported.
    Blocked,
    Programme,
    Duration,
    Frequency,
    Group,
    Who,
}

/// The kinds of part [`PartMap::build`] selects.
const ANY_PART: &[Kind] = &[
    Kind::Programme,
    Kind::Duration,
    Kind::Frequency,
    Kind::Group,
];

/// Which token belongs to which part.
struct PartMap {
    owner: Vec<Option<Kind>>,
    /// Selected parts as (from, to, kind), in order of start.
    selected: Vec<(usize, usize, Kind)>,
}

impl PartMap {
    /// Whether [`PartMap::build`] may select a part of one of `kinds` from `tokens`: false only
    /// when it surely selects none, as no phrase of the lists of those parts may start at any of
    /// the tokens (the lists' `may_occur` of their [`Present`]), nor, for a frequency, an
    /// "every" or "each" open one ([`PartMap::open_frequencies`]), nor, for a programme length,
    /// an opener such as "until" ([`PartMap::open_lengths`], which otherwise only widens a
    /// length already found). A deliverer is never one of its parts.
    fn may_select(tokens: &[Token<'_>], kinds: &[Kind], rules: &ProvisionRules) -> bool {
        let present = Present::of(tokens);
        kinds.iter().any(|kind| match kind {
            Kind::Blocked | Kind::Who => false,
            Kind::Programme => {
                rules.programme_length.may_occur(&present)
                    || rules.length_openers.may_occur(&present)
            }
            Kind::Duration => rules.duration.may_occur(&present),
            Kind::Frequency => {
                rules.frequency.may_occur(&present)
                    || tokens
                        .iter()
                        .any(|token| matches!(token.norm, "every" | "each"))
            }
            Kind::Group => rules.group.may_occur(&present),
        })
    }

    /// Frequency, duration, group and programme length: leftmost-longest across all four.
    fn build(tokens: &[Token<'_>], rules: &ProvisionRules) -> Self {
        let mut candidates = Vec::new();
        // Sets no phrase of which can start anywhere in the tokens are not walked.
        let present = Present::of(tokens);
        // The five lists in one walk at each token (`part_sets`, whose set numbers
        // `PART_SET_KINDS` names): the matches each list finds on its own.
        if rules.part_sets.may_occur(&present) {
            rules
                .part_sets
                .find_each_of_sets(tokens, PART_SET_KINDS.len(), |from, to, set| {
                    if let Some(&kind) = PART_SET_KINDS.get(set) {
                        candidates.push((from, to, kind));
                    }
                });
        }
        candidates.sort_by(|x, y| {
            x.0.cmp(&y.0)
                .then((y.1 - y.0).cmp(&(x.1 - x.0)))
                .then(x.2.cmp(&y.2))
        });
        let mut map = Self {
            owner: vec![None; tokens.len()],
            selected: Vec::new(),
        };
        for (from, to, kind) in candidates {
            map.claim(from, to, kind);
        }
        // A time the lists name is how often; "after each infusion (every eight weeks)" is
        // when.
        if map.first(Kind::Frequency).is_none() {
            map.open_frequencies(tokens, rules);
        }
        map.join_frequencies(tokens);
        if rules.length_openers.may_occur(&present) || !map.selected.is_empty() {
            map.open_lengths(tokens, rules);
        }
        for owner in &mut map.owner {
            if *owner == Some(Kind::Blocked) {
                *owner = None;
            }
        }
        map.selected.retain(|part| part.2 != Kind::Blocked);
        map
    }

    /// The token spans of the selected parts of `kind`, in order.
    fn spans_of(&self, kind: Kind) -> Vec<(usize, usize)> {
        self.selected
            .iter()
            .filter(|part| part.2 == kind)
            .map(|&(from, to, _)| (from, to))
            .collect()
    }

    /// Two times joined by "and" are one frequency when the second repeats "each" or "every" or
    /// says "again" ("each morning and each afternoon", "each morning and again after lunch");
    /// "at the start of each day and after lunch" stays two.
    fn join_frequencies(&mut self, tokens: &[Token<'_>]) {
        let mut index = 0;
        while index + 1 < self.selected.len() {
            let (from, to, kind) = self.selected[index];
            let (next_from, next_to, next_kind) = self.selected[index + 1];
            let joined = kind == Kind::Frequency
                && next_kind == Kind::Frequency
                && tokens.get(to).is_some_and(|and| and.norm == "and")
                && ((next_from == to + 1 && matches!(tokens[next_from].norm, "each" | "every"))
                    || (next_from == to + 2 && tokens[to + 1].norm == "again"))
                && self.is_free(to, next_from);
            if joined {
                self.release(from, to);
                self.release(next_from, next_to);
                self.claim(from, next_to, Kind::Frequency);
            } else {
                index += 1;
            }
        }
    }

    /// Frequencies the phrase lists do not name, opened by "every" or "each" ("at every circle
    /// time", "before each clinic appointment", "Every break and lunchtime, ..."): see
    /// `every_openers` in the rules.
    fn open_frequencies(&mut self, tokens: &[Token<'_>], rules: &ProvisionRules) {
        let mut at = 0;
        while at < tokens.len() {
            let token = &tokens[at];
            if !matches!(token.norm, "every" | "each")
                || self.owner[at].is_some()
                || tokens
                    .get(at + 1)
                    .is_none_or(|next| !next.word || rules.every_not_times.contains(next))
            {
                at += 1;
                continue;
            }
            // The time: words up to a stop, a comma or another part, at most four; "and" or
            // "or" joins one more word ("every break and lunchtime").
            let word = |index: usize| {
                tokens.get(index).is_some_and(|token| {
                    token.word && self.owner[index].is_none() && !rules.every_stops.contains(token)
                })
            };
            let mut end = at + 1;
            while end < tokens.len() && end - at <= 4 && word(end) {
                end += 1;
            }
            if tokens
                .get(end)
                .is_some_and(|joiner| matches!(joiner.norm, "and" | "or"))
                && word(end + 1)
                && !word(end + 2)
            {
                end += 2;
            }
            let opener = (at.saturating_sub(4)..at)
                .find(|&from| rules.every_openers.longest_at(tokens, from) == Some(at));
            let fronted = at == 0 && tokens.get(end).is_some_and(|next| next.norm == ",");
            let start = match opener {
                Some(from) if self.is_free(from, at) => Some(from),
                _ if fronted => Some(at),
                _ => None,
            };
            if let Some(start) = start
                && end > at + 1
            {
                self.claim(start, end, Kind::Frequency);
                at = end;
            } else {
                at += 1;
            }
        }
    }

    /// Programme lengths the phrase lists do not name: a clause opened by "until" ("until her
    /// attendance is above 95%", "until his next review in summer 2026") runs to the end of its
    /// clause; and a length followed directly by a clause such as "before she starts
    /// Reception" takes it in ("over the summer term before she starts Reception").
    fn open_lengths(&mut self, tokens: &[Token<'_>], rules: &ProvisionRules) {
        let clause_end = |owner: &[Option<Kind>], from: usize| {
            let mut end = from;
            while end < tokens.len()
                && end - from < MAX_LENGTH_CLAUSE
                && owner[end].is_none()
                && !matches!(
                    tokens[end].norm,
                    "," | ";" | ":" | "." | "(" | ")" | "!" | "?"
                )
                && rules.length_clause_stops.longest_at(tokens, end).is_none()
            {
                end += 1;
            }
            end
        };
        let mut at = 0;
        while at < tokens.len() {
            if self.owner[at].is_none() && rules.length_openers.longest_at(tokens, at).is_some() {
                let end = clause_end(&self.owner, at + 1);
                // A bare "until" with nothing after it, or "until then", says nothing.
                if end > at + 1 && tokens[at + 1..end].iter().any(|token| token.word) {
                    self.claim(at, end, Kind::Programme);
                    at = end;
                    continue;
                }
            }
            at += 1;
        }
        let lengths = self.spans_of(Kind::Programme);
        for (from, to) in lengths {
            // "until his next review in summer 2026": a length opened by "until" runs on to
            // the end of its clause.
            let clause = if rules.length_openers.longest_at(tokens, from).is_some() {
                to
            } else if let Some(clause) = rules.length_extensions.longest_at(tokens, to) {
                clause
            } else {
                continue;
            };
            if !self.is_free(to, clause) {
                continue;
            }
            let end = clause_end(&self.owner, clause).max(clause);
            for owner in &mut self.owner[to..end] {
                *owner = Some(Kind::Programme);
            }
            if let Some(part) = self.selected.iter_mut().find(|part| part.0 == from) {
                part.1 = end;
            }
        }
    }

    fn is_free(&self, from: usize, to: usize) -> bool {
        self.owner
            .get(from..to)
            .is_some_and(|owners| owners.iter().all(Option::is_none))
    }

    /// Frees the tokens `from..to` and drops the parts that overlap them.
    fn release(&mut self, from: usize, to: usize) {
        let overlaps = |part: &(usize, usize, Kind)| part.0 < to && from < part.1;
        for &(part_from, part_to, _) in self.selected.iter().filter(|part| overlaps(part)) {
            for owner in &mut self.owner[part_from..part_to] {
                *owner = None;
            }
        }
        self.selected.retain(|part| !overlaps(part));
    }

    fn claim(&mut self, from: usize, to: usize, kind: Kind) {
        if from < to && self.is_free(from, to) {
            for owner in &mut self.owner[from..to] {
                *owner = Some(kind);
            }
            self.selected.push((from, to, kind));
            self.selected.sort_unstable();
        }
    }

    fn first(&self, kind: Kind) -> Option<(usize, usize)> {
        self.selected
            .iter()
            .find(|part| part.2 == kind)
            .map(|&(from, to, _)| (from, to))
    }

    /// The part starting at `at`, if any.
    fn part_at(&self, at: usize) -> Option<(usize, usize, Kind)> {
        self.selected.iter().copied().find(|part| part.0 == at)
    }
}

fn parse(
    chars: &[char],
    segment: Segment,
    tokens: &[Token<'_>],
    cue: Option<Cue>,
    parts: PartMap,
    rules: &ProvisionRules,
) -> ProvisionStatement {
    let has_colon = tokens.iter().any(|token| token.norm == ":");
    let fields = find_fields(tokens, has_colon, rules);
    let fields = if is_template(&fields) {
        fields
    } else {
        Vec::new()
    };
    parse_with(chars, segment, tokens, cue, parts, &fields, rules)
}

/// [`parse`], with the fields of a template line or table row given.
fn parse_with(
    chars: &[char],
    segment: Segment,
    tokens: &[Token<'_>],
    cue: Option<Cue>,
    mut parts: PartMap,
    fields: &[TemplateField],
    rules: &ProvisionRules,
) -> ProvisionStatement {
    template_parts(tokens, fields, &mut parts, rules);
    let field_who = fields
        .iter()
        .find(|field| field.kind == Some(PartKind::Who));
    let (found_who, who_candidates) = find_who(tokens, cue, &parts, rules);
    match (found_who, field_who) {
        // A deliverer field names who, whatever the role words say.
        (found, Some(field)) => {
            // The whole value, as written ("a mentor from the carers' hub"), without a
            // leading "by", each deliverer its own part; a role found elsewhere is not the
            // deliverer.
            let deliverers = field_deliverers(tokens, field.value, rules);
            let free: Vec<(usize, usize)> = deliverers
                .iter()
                .copied()
                .filter(|&(from, to)| parts.is_free(from, to))
                .collect();
            if !free.is_empty() || deliverers.is_empty() {
                for (from, to) in free {
                    parts.claim(from, to, Kind::Who);
                }
            } else if let Some((who_from, who_to)) = found
                && who_from >= field.value.0
                && who_to <= field.value.1
            {
                parts.claim(who_from, who_to, Kind::Who);
            }
        }
        (Some((from, to)), None) => {
            parts.claim(from, to, Kind::Who);
            for (from, to) in further_whos(tokens, (from, to), &who_candidates, &parts, rules) {
                parts.claim(from, to, Kind::Who);
            }
        }
        (None, None) => {}
    }
    // A provision map written as a line of dashed columns ("Talk Boost in a group of four –
    // three times a week – 30 minutes – Mrs Ahmed, trained in Talk Boost"): a column that opens
    // with a person or a role is who, whole.
    if fields.is_empty() {
        dashed_deliverers(tokens, &mut parts, rules);
    }
    // "the class teacher and the teaching assistant": two deliverers, each its own part.
    if let Some(who) = parts.first(Kind::Who) {
        let pieces = split_deliverers(tokens, who, rules);
        if pieces.len() > 1 {
            parts.release(who.0, who.1);
            for (from, to) in pieces {
                parts.claim(from, to, Kind::Who);
            }
        }
    }
    let quote = |(from, to): (usize, usize)| -> Part {
        let start = tokens[from].start;
        let end = tokens[to - 1].end;
        Part {
            text: crate::bytes::string_of(&chars[start..end]),
            start,
            end,
        }
    };
    let found_what = fields
        .iter()
        .find(|field| field.kind == Some(PartKind::What))
        .and_then(|field| what_in(tokens, field.value, &parts, rules))
        .or_else(|| find_what(tokens, cue, &parts, rules))
        .map(|what| referred_for(tokens, what, &parts, rules).unwrap_or(what))
        // "Isla should not be asked to read aloud": what is not to be done is no intervention.
        .filter(|&(from, _)| !matches!(tokens[from].norm, "not" | "never"));
    // "Break instructions into short steps and write them on a whiteboard": two activities.
    let (found_what, second_what) = match found_what {
        Some(span) => {
            let (first, second) = split_verb_phrases(tokens, span, rules);
            (Some(first), second)
        }
        None => (None, None),
    };
    let further: Vec<TokenSpan> = second_what
        .into_iter()
        .chain(
            second_what
                .or(found_what)
                .map(|last| further_whats(tokens, last, &parts, rules))
                .unwrap_or_default(),
        )
        .collect();
    let second_clause = cue
        .zip(found_what)
        .and_then(|(cue, what)| second_clause_what(tokens, cue, what, &further, &parts, rules));
    let mut more: Vec<(PartKind, Part)> = further
        .iter()
        .chain(&second_clause)
        .filter(|&&(from, _)| !matches!(tokens[from].norm, "not" | "never"))
        .map(|&span| (PartKind::What, quote(span)))
        .collect();
    let what = found_what.map(quote);
    // A second frequency belongs to a second activity in a clause of its own ("..., and review
    // it every six weeks"): a comma and "and" or "or" come between it and the one before.
    let frequencies = parts.spans_of(Kind::Frequency);
    for pair in frequencies.windows(2) {
        let (before, (from, to)) = (pair[0], pair[1]);
        // So does one after a further intervention of its own ("hydrotherapy once a fortnight
        // and her stretches twice a day").
        let new_clause = (before.1 + 1..from)
            .any(|at| tokens[at - 1].norm == "," && matches!(tokens[at].norm, "and" | "or"))
            // And a list of times ("at the start of each day and after lunch", "before
            // morning break, before lunch and before PE").
            || (from > before.1
                && (before.1..from).all(|at| matches!(tokens[at].norm, "and" | "or" | ","))
                && (before.1..from).any(|at| matches!(tokens[at].norm, "and" | "or")))
            // Or a later step of a plan that changes over time ("weekly for six weeks, then
            // fortnightly").
            || (before.1..from).any(|at| matches!(tokens[at].norm, "then" | ";"))
            || further
                .iter()
                .any(|&(what_from, what_to)| what_from >= before.1 && what_to <= from)
            // Or after a deliverer of its own ("... every six months and with the paediatric
            // neurologist once a year").
            || parts
                .spans_of(Kind::Who)
                .iter()
                .skip(1)
                .any(|&(who_from, who_to)| who_from >= before.1 && who_to <= from);
        if new_clause {
            more.push((PartKind::Frequency, quote((from, to))));
        }
    }
    // A later step's own length ("every fortnight for two terms, then monthly until the end of
    // her course").
    let lengths = parts.spans_of(Kind::Programme);
    for pair in lengths.windows(2) {
        let (before, (from, to)) = (pair[0], pair[1]);
        if (before.1..from).any(|at| tokens[at].norm == "then") {
            more.push((PartKind::Length, quote((from, to))));
        }
    }
    more.extend(
        parts
            .spans_of(Kind::Who)
            .into_iter()
            .skip(1)
            .map(|span| (PartKind::Who, quote(span))),
    );
    more.sort_by_key(|(_, part)| part.start);
    let frequency = parts.first(Kind::Frequency);
    // "three 20-minute sessions a week": the session length sits inside the frequency (but
    // "every 20 minutes" is how often, not how long).
    let duration = parts.first(Kind::Duration).or_else(|| {
        let (from, to) = frequency?;
        if matches!(tokens[from].norm, "every" | "each") {
            return None;
        }
        (from..to).find_map(|at| {
            rules
                .duration
                .longest_at(tokens, at)
                .filter(|&end| end <= to)
                .map(|end| (at, end))
        })
    });
    ProvisionStatement {
        text: crate::bytes::string_of(&chars[segment.start..segment.end]),
        start: segment.start,
        end: segment.end,
        what,
        who: parts.first(Kind::Who).map(quote),
        group: parts.first(Kind::Group).map(quote),
        frequency: frequency.map(quote),
        duration: duration.map(quote),
        // "an access visit during the summer term" says when a one-off happens; "taster visits
        // once a fortnight during the summer term" says how long they run.
        programme_length: parts
            .first(Kind::Programme)
            .filter(|&(from, _)| tokens[from].norm != "during" || frequency.is_some())
            .map(quote),
        // "To help with his inattention, ...": a purpose, not support left unspecified
        // (`parts.not_vague`).
        vague: {
            let not_vague = rules.not_vague.find_all(tokens);
            rules
                .vague
                .find_all(tokens)
                .into_iter()
                .filter(|&(from, to)| {
                    !not_vague
                        .iter()
                        .any(|&(not_from, not_to)| not_from <= from && to <= not_to)
                })
                .map(quote)
                .collect()
        },
        more,
    }
}

/// Parts from the fields of a template line: field names and the values of fields that are no
/// part ("Review: termly") are never parts; a group, frequency, duration or length field whose
/// value has no part found by the phrase lists, and no vague wording, is that part whole
/// ("Frequency: Monday and Thursday mornings").
fn template_parts(
    tokens: &[Token<'_>],
    fields: &[TemplateField],
    parts: &mut PartMap,
    rules: &ProvisionRules,
) {
    for field in fields {
        let (from, to) = field.value;
        if field.kind.is_none() {
            parts.release(field.name.0, to);
            parts.claim(field.name.0, to, Kind::Blocked);
            continue;
        }
        // "Frequency: daily, before lunch", "Length: one term, then reviewed": the part is the
        // value up to its first comma; what follows qualifies it.
        let to = (from + 1..to)
            .find(|&at| tokens[at].norm == ",")
            .unwrap_or(to);
        parts.release(field.name.0, field.name.1);
        parts.claim(field.name.0, field.name.1, Kind::Blocked);
        let kind = match field.kind {
            Some(PartKind::Group) => Kind::Group,
            Some(PartKind::Frequency) => Kind::Frequency,
            // "Duration: 12 weeks" is how long the programme runs, not each session.
            Some(PartKind::Duration)
                if tokens[from..to].iter().any(|token| {
                    matches!(
                        token.norm,
                        "week" | "weeks" | "term" | "terms" | "month" | "months" | "year" | "years"
                    )
                }) =>
            {
                Kind::Programme
            }
            Some(PartKind::Duration) => Kind::Duration,
            Some(PartKind::Length) => Kind::Programme,
            Some(PartKind::What | PartKind::Who | PartKind::Vague) | None => continue,
        };
        let vague = (from..to).any(|at| rules.vague.longest_at(tokens, at).is_some());
        // A short value holding only parts of its own kind is that part whole ("When: Monday
        // and Thursday lunchtimes", where the lists know only "Thursday lunchtimes").
        let own_kind_only = parts
            .selected
            .iter()
            .filter(|part| part.0 < to && from < part.1)
            .all(|part| part.2 == kind && part.0 >= from && part.1 <= to);
        // But "When: Every lesson in those subjects", "How often: Every morning in
        // registration": a found part that a place or time follows is how often, and the place
        // is not.
        let found_then_place = parts.selected.iter().any(|part| {
            part.0 == from
                && part.2 == kind
                && part.1 < to
                && matches!(tokens[part.1].norm, "in" | "at" | "on" | "during")
        });
        if from < to && !vague && to - from <= MAX_WHOLE_FIELD && own_kind_only && !found_then_place
        {
            parts.release(from, to);
            parts.claim(from, to, kind);
        }
    }
}

/// The deliverer: a role word with its modifiers and any expertise clause. Prefers the first
/// role after the cue; a role before a reporting verb ("The therapist recommends") wrote the
/// advice and is skipped. Also returns every candidate deliverer, in order, for
/// [`further_whos`].
fn find_who(
    tokens: &[Token<'_>],
    cue: Option<Cue>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> (Option<TokenSpan>, Vec<TokenSpan>) {
    let mut candidates = Vec::new();
    for (role_start, role_end) in rules.roles.find_all(tokens) {
        // "Elsa should have a weighted lap pad": a name, not an ELSA.
        let name = role_end == role_start + 1
            && tokens[role_start].capital
            && !tokens[role_start].shouted
            && rules.abbreviation_roles.contains(&tokens[role_start]);
        if name
            || !parts.is_free(role_start, role_end)
            || cue.is_some_and(|cue| role_start < cue.end && cue.start < role_end)
            || tokens
                .get(role_end)
                .is_some_and(|next| rules.not_before.contains(next))
        {
            continue;
        }
        let start = widen_role(tokens, role_start, role_end, cue, parts, rules);
        // "Nell's parents", "Callum's class teacher": a named person's own people.
        let start = if start >= 3
            && !rules.who_determiners.contains(&tokens[start])
            && tokens[start - 1].norm == "s"
            && tokens[start - 2].norm == "'"
            && tokens[start - 3].capital
            && tokens[start - 3].word
            && parts.is_free(start - 3, start)
        {
            start - 3
        } else {
            start
        };
        // "her CAMHS eating disorder clinician": a role that names a service, followed by the
        // words that name the person in it.
        let role_end = person_in_service_end(tokens, role_end, parts, rules);
        // "a programme set by the therapist", "a plan written with the nurse": the role wrote
        // or checks something; it does not deliver the provision.
        if (1..=3).any(|back| {
            start
                .checked_sub(back)
                .is_some_and(|from| rules.not_after_roles.spans(tokens, from, start))
        }) {
            continue;
        }
        // "a photo book of the new staff", "a transition book about his new classroom and
        // teacher": a role in what something is of or about is its subject, not a deliverer
        // ("under the supervision of the SENCo" is expertise, found from the role before it).
        let mut back = start;
        while back > 0
            && tokens[back - 1].word
            && parts.owner[back - 1].is_none()
            && !rules.place_words.contains(&tokens[back - 1])
            && !rules.delivery_words.contains(&tokens[back - 1])
            && !matches!(
                tokens[back - 1].norm,
                "of" | "about" | "with" | "to" | "for"
            )
            && start - back < 6
        {
            back -= 1;
        }
        if back >= 2
            && matches!(tokens[back - 1].norm, "of" | "about")
            && !rules.of_heads.contains(&tokens[back - 2])
        {
            continue;
        }
        // "a referral to the community paediatrician": the referral is the provision and names
        // where it goes; the service delivers only what it is asked "for" ("a referral to the
        // occupational therapy service for an assessment of his sensory processing").
        let referred_to = start >= 2
            && tokens[start - 1].norm == "to"
            && rules.referral_words.contains(&tokens[start - 2]);
        if referred_to && referral_for_at(tokens, role_end, rules).is_none() {
            continue;
        }
        let mut end = expertise_end(tokens, role_end, parts, rules).unwrap_or(role_end);
        // "his key adult at school should meet ...": where the subject works, then the cue.
        if tokens
            .get(end)
            .is_some_and(|at| matches!(at.norm, "at" | "in"))
            && tokens.get(end + 1).is_some_and(|place| {
                matches!(place.norm, "school" | "home" | "college" | "nursery")
            })
            && cue.is_some_and(|cue| cue.start == end + 2)
            && !rules.generic_roles.spans(tokens, role_start, role_end)
        {
            end += 2;
        }
        // A generic word ("staff", "adults") names a deliverer only when it is trained or
        // named ("two trained staff"), has an expertise clause, is introduced by "by" or "from",
        // or is followed by what it is to do ("an adult to supervise her"); "Staff should allow
        // rest breaks" and "advise staff" name nobody in particular.
        let particular = (start..role_start).any(|at| rules.specific_modifiers.contains(&tokens[at]))

            || named_or_owned(tokens, (start, role_start), end, cue, rules)
            || start
                .checked_sub(1)
                .is_some_and(|at| rules.delivery_words.contains(&tokens[at]))
            // "with the college's additional learning support team": a team or service named
            // at length after "with" or "through" delivers; "with staff", "with an adult" and
            // "with the service" are company or contact.
            || (start + 2 < role_start
                && start
                    .checked_sub(1)
                    .is_some_and(|at| matches!(tokens[at].norm, "with" | "through")))
            || (start > 0 && tokens.get(role_end).is_some_and(|next| next.norm == "to"))
            // "Referral to the orthotics service for new splints": where a referral goes, when
            // it says what for (one that does not was passed over above).
            || referred_to
            // "reading practice one to one with an adult every day", "swimming with a parent in
            // the water": someone with the child for the activity ("with an adult present" or
            // "alongside" is supervision, not delivery).
            || (start + 1 == role_start
                && start >= 1
                && tokens[start - 1].norm == "with"
                && matches!(tokens[start].norm, "a" | "an")
                && tokens
                    .get(role_end)
                    .is_none_or(|next| !rules.company_after.contains(next)));
        if rules.generic_roles.spans(tokens, role_start, role_end) && end == role_end && !particular
        {
            continue;
        }
        // "the clinical psychologist from the specialist fostering health service": where the
        // deliverer comes from, when it names a team or service.
        // Also "a specialist teacher in the Sensory Support Service".
        if tokens
            .get(end)
            .is_some_and(|token| matches!(token.norm, "from" | "in" | "within"))
        {
            let limit = (end + 9).min(tokens.len());
            // ("the council's communication and interaction team": a possessive on the way.)
            if let Some(team_end) = (end + 1..limit)
                .take_while(|&at| {
                    (tokens[at].word || tokens[at].norm == "'") && parts.owner[at].is_none()
                })
                .find_map(|at| {
                    rules
                        .team_roles
                        .longest_at(tokens, at)
                        .filter(|&team_end| parts.is_free(at, team_end))
                })
            {
                end = team_end;
            }
        }
        // "a familiar adult from Brackenfield", "the SENCo at Marlow Heath Academy", "the sleep
        // practitioner at the Child Development Centre": a named place or service the deliverer
        // is from.
        if tokens
            .get(end)
            .is_some_and(|token| matches!(token.norm, "from" | "at"))
        {
            let mut at = end + 1;
            if tokens.get(at).is_some_and(|token| token.norm == "the") {
                at += 1;
            }
            let name_end = name_end(tokens, at, parts);
            if name_end > at {
                end = name_end;
            }
        }
        // Alternatives and lists: "his class teacher or teaching assistant", "the designated
        // teacher, the Virtual School and his social worker".
        while let Some(joiner) = tokens.get(end)
            && matches!(joiner.norm, "or" | "and" | ",")
        {
            let mut at = end + 1;
            while let Some(next) = rules.modifiers.longest_at(tokens, at) {
                at = next;
            }
            let Some(next_end) = role_named_at(tokens, at, rules) else {
                break;
            };
            if !parts.is_free(end, next_end) {
                break;
            }
            // "the SENCo and the CAMHS psychologist".
            let next_end = person_in_service_end(tokens, next_end, parts, rules);
            end = expertise_end(tokens, next_end, parts, rules).unwrap_or(next_end);
        }
        candidates.push((start, end));
    }
    // "extra visits with Mrs Begum": a title and a name after "with", "by" or "from". "I want
    // Mrs Pike to keep checking in with me": a title and a name as the subject of what is to be
    // done (the subject of "should" is as often the child's parent: "Ms Pembury should attend
    // parent sessions").
    for at in 0..tokens.len().saturating_sub(1) {
        // "Mr and Mrs Green": a couple, one part.
        let couple = tokens
            .get(at + 1)
            .is_some_and(|joiner| joiner.norm == "and")
            && tokens
                .get(at + 2)
                .is_some_and(|title| rules.titles.contains(title))
            && rules.titles.contains(&tokens[at]);
        let (name, name_end) = if couple {
            (at + 3, at + 4)
        } else {
            (at + 1, at + 2)
        };
        let introduced = at >= 1 && matches!(tokens[at - 1].norm, "with" | "by" | "from");
        let joined_end = joined_titled_names_end(tokens, name_end, parts, rules);
        let subject = (tokens.get(name_end).is_some_and(|next| next.norm == "to")
            && tokens
                .get(name_end + 1)
                .is_some_and(|verb| verb.word && !verb.capital))
            // "Dr Shah will continue medication reviews": the subject of a statement opening
            // on a deliverer and "will".
            || (at == 0 && tokens.get(name_end).is_some_and(|next| next.norm == "will"))
            // "Miss Holt and Mrs Ahmed should give her one instruction at a time": the subject
            // of a clause that acts ("Ms Pembury should attend parent sessions" receives).
            || (opens_clause_at(tokens, at)
                && subject_acts(tokens, joined_end, rules))
            // "I recommend that Mrs Jones meets him at the gate".
            || acts_after_that(tokens, (at, joined_end), rules);
        if rules.titles.contains(&tokens[at])
            && (introduced || subject)
            && tokens
                .get(name)
                .is_some_and(|name| name.capital && name.word)
            && parts.is_free(at, name_end)
        {
            // "Mrs Kaur, our specialist teacher": the role in apposition belongs to her.
            let apposition = (tokens.get(name_end).is_some_and(|token| token.norm == ","))
                .then(|| {
                    (name_end + 2..(name_end + 8).min(tokens.len()))
                        .take_while(|&index| {
                            // "our AMBDA-qualified specialist teacher": hyphens join words.
                            (tokens[index - 1].word || tokens[index - 1].norm == "-")
                                && parts.owner[index - 1].is_none()
                        })
                        .find_map(|index| {
                            rules
                                .roles
                                .longest_at(tokens, index)
                                .filter(|&role_end| parts.is_free(name_end, role_end))
                        })
                })
                .flatten();
            // "with Mr Fenn or Mrs Latham": a second title and name joined to the first.
            let end = joined_titled_names_end(tokens, apposition.unwrap_or(name_end), parts, rules);
            candidates.push((at, end));
        }
    }
    // "At home, Carol and Neil should continue to use the PACE approach", "Shannon or Lewis
    // should sit on the floor with him": two first names joined as the subject of a clause
    // that acts. (One name alone is as often the child's.)
    for at in 0..tokens.len().saturating_sub(3) {
        let first_name = |token: &Token<'_>| {
            token.capital
                && token.word
                && !token.shouted
                && !rules.titles.contains(token)
                && !rules.who_determiners.contains(token)
        };
        if opens_clause_at(tokens, at)
            && first_name(&tokens[at])
            && matches!(tokens[at + 1].norm, "and" | "or")
            && first_name(&tokens[at + 2])
            && rules.roles.longest_at(tokens, at).is_none()
            && rules.roles.longest_at(tokens, at + 2).is_none()
            && parts.is_free(at, at + 3)
            && subject_acts(tokens, at + 3, rules)
        {
            candidates.push((at, at + 3));
        }
    }
    // "Hannah Prior, our dietitian, will continue ...": a name opening the statement with its
    // role in apposition, then "will".
    if tokens
        .first()
        .is_some_and(|first| first.capital && first.word)
    {
        let name_end = if tokens
            .get(1)
            .is_some_and(|second| second.capital && second.word)
        {
            2
        } else {
            1
        };
        if tokens.get(name_end).is_some_and(|comma| comma.norm == ",")
            && !rules.titles.contains(&tokens[0])
            && let Some(role_end) = (name_end + 1..(name_end + 5).min(tokens.len()))
                .find_map(|from| rules.roles.longest_at(tokens, from))
            && tokens.get(role_end).is_some_and(|comma| comma.norm == ",")
            && tokens
                .get(role_end + 1)
                .is_some_and(|will| will.norm == "will")
            && parts.is_free(0, name_end)
        {
            candidates.push((0, role_end));
        }
    }
    // "alternatives to presentations, such as presenting to his tutor alone": someone named in
    // examples after a comma (up to the next comma) delivers only when "by", "from" or "with"
    // introduces them.
    if let Some(examples) = (1..tokens.len()).find(|&at| {
        tokens[at - 1].norm == "," && rules.what_continuers.longest_at(tokens, at).is_some()
    }) {
        let close = (examples..tokens.len())
            .find(|&at| tokens[at].norm == ",")
            .unwrap_or(tokens.len());
        candidates.retain(|&(start, _)| {
            !(examples..close).contains(&start)
                || start.checked_sub(1).is_some_and(|before| {
                    tokens[before].norm == "with" || rules.delivery_words.contains(&tokens[before])
                })
        });
    }
    candidates.sort_unstable();
    // Candidates may overlap (a role inside another's expertise clause): keep the earliest.
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for candidate in candidates {
        if kept.last().is_none_or(|last| candidate.0 >= last.1) {
            kept.push(candidate);
        }
    }
    let chosen = match cue {
        // "Training on stammering for his course tutors and learning support staff, delivered
        // by the speech and language therapist": without a cue, one introduced by "by" or
        // "from" delivers.
        None => kept
            .iter()
            .copied()
            .find(|&(start, _)| {
                start
                    .checked_sub(1)
                    .is_some_and(|at| rules.delivery_words.contains(&tokens[at]))
            })
            .or_else(|| kept.first().copied()),
        Some(cue) => {
            let reporting = rules.reporting_verbs.contains(&tokens[cue.start]);
            let after = kept
                .iter()
                .copied()
                .find(|candidate| candidate.0 >= cue.end);
            // "The SENCo should liaise with Dr Okafor", "Her key worker should run a programme
            // ... adding one familiar tutor": a role just before the cue is its subject and
            // delivers; a person after the cue is company, contact or a recipient unless "by",
            // "from", "through" or "via" introduces them.
            let subject = kept
                .iter()
                .copied()
                .find(|candidate| candidate.1 == cue.start && !reporting);
            let delivered_after = after.is_some_and(|(start, _)| {
                start
                    .checked_sub(1)
                    .is_some_and(|at| rules.delivery_words.contains(&tokens[at]))
            });
            match (subject, after) {
                (Some(subject), Some(_)) if !delivered_after => Some(subject),
                (_, Some(after)) => Some(after),
                _ => kept
                    .iter()
                    .copied()
                    .rev()
                    .find(|candidate| candidate.1 <= cue.start && !reporting),
            }
        }
    };
    (chosen, kept)
}

/// A span of tokens, `from..to`.
type TokenSpan = (usize, usize);

/// The end of a role at `at`, or of one named with a word or two before it ("a school
/// counsellor", "the community mental health team").
fn role_named_at(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> Option<usize> {
    rules.roles.longest_at(tokens, at).or_else(|| {
        (at + 1..=at + 2).find_map(|role| {
            let named = (at..role).all(|word| {
                tokens.get(word).is_some_and(|token| token.word)
                    && rules.what_stops.longest_at(tokens, word).is_none()
            });
            named
                .then(|| rules.roles.longest_at(tokens, role))
                .flatten()
        })
    })
}

/// Whether a clause may start at `at`: the first word, or after "that" or a mark that ends one
/// ("At home, Carol and Neil should ...").
fn opens_clause_at(tokens: &[Token<'_>], at: usize) -> bool {
    at == 0 || matches!(tokens[at - 1].norm, "that" | "," | "." | ";" | ":")
}

/// The end of a run of titled names joined by "and" or "or" that starts with a name ending at
/// `end` ("Mr Fenn or Mrs Latham").
fn joined_titled_names_end(
    tokens: &[Token<'_>],
    mut end: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> usize {
    while tokens
        .get(end)
        .is_some_and(|joiner| matches!(joiner.norm, "or" | "and"))
        && tokens
            .get(end + 1)
            .is_some_and(|title| rules.titles.contains(title))
        && tokens
            .get(end + 2)
            .is_some_and(|name| name.capital && name.word)
        && parts.is_free(end, end + 3)
    {
        end += 3;
    }
    end
}

/// Whether the words from `at` are a modal and what a subject is to do, not receive ("should
/// give her", "will read with him"; not "should attend parent sessions", "would benefit from",
/// "should be offered").
fn subject_acts(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> bool {
    tokens
        .get(at)
        .is_some_and(|modal| matches!(modal.norm, "should" | "will" | "could" | "must" | "to"))
        && tokens
            .get(at + 1)
            .is_some_and(|verb| verb.word && !verb.capital)
        && !tokens[at + 1..(at + 5).min(tokens.len())]
            .iter()
            .any(|token| rules.subject_receives.contains(token))
}

/// Whether the subject `from..to` follows "that" (not "so that") and the word after it is what
/// the subject is to do ("that her carers read with her", "that Mrs Jones meets him"), not
/// what it is or receives.
fn acts_after_that(tokens: &[Token<'_>], (from, to): TokenSpan, rules: &ProvisionRules) -> bool {
    from >= 2
        && tokens[from - 1].norm == "that"
        && tokens[from - 2].norm != "so"
        && tokens.get(to).is_some_and(|verb| {
            verb.word
                && !verb.capital
                && !rules.subject_receives.contains(verb)
                && !rules.delivery_words.contains(verb)
                && !matches!(
                    verb.norm,
                    "and"
                        | "or"
                        | "who"
                        | "which"
                        | "with"
                        | "at"
                        | "in"
                        | "on"
                        | "can"
                        | "may"
                        | "might"
                        | "would"
                )
        })
}

/// Whether the words `from..to` before a generic role make it someone in particular: a name
/// ("The Sensory Support Service"), or someone's own people as the subject of the cue that
/// ends at `end` ("Nell's parents should practise her sound cards"; "so that Vivi's parents
/// know" names no deliverer).
fn named_or_owned(
    tokens: &[Token<'_>],
    (from, to): TokenSpan,
    end: usize,
    cue: Option<Cue>,
    rules: &ProvisionRules,
) -> bool {
    let named = (from..to).any(|at| {
        tokens[at].capital
            && tokens[at].word
            && tokens.get(at + 1).is_none_or(|next| next.norm != "'")
            && !rules.who_determiners.contains(&tokens[at])
    });
    let owned =
        (from..to).any(|at| tokens[at].norm == "'") && cue.is_some_and(|cue| cue.start == end);
    // "Her parents should set aside time with her", "his carers to read with him": someone's
    // own people as the subject that acts ("Her parents would benefit from the workshop"
    // receives).
    let own_people_act = rules.own_people.longest_at(tokens, from) == Some(end)
        && ((cue.is_some_and(|cue| cue.start == end) && subject_acts(tokens, end, rules))
            // "I recommend that her carers read with her".
            || acts_after_that(tokens, (from, end), rules));
    named || owned || own_people_act
}

/// Where a role that names a service ends when words naming the person in it follow ("her
/// CAMHS eating disorder clinician"): the end of that person's head word within three words,
/// or `role_end` itself.
fn person_in_service_end(
    tokens: &[Token<'_>],
    role_end: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> usize {
    (role_end + 1..=(role_end + 3).min(tokens.len()))
        .find(|&end| {
            rules.head_roles.contains(&tokens[end - 1])
                && parts.is_free(role_end, end)
                && (role_end..end).all(|at| {
                    tokens[at].word
                        && !matches!(tokens[at].norm, "and" | "or" | "of")
                        && !rules.who_determiners.contains(&tokens[at])
                        && rules.what_stops.longest_at(tokens, at).is_none()
                })
        })
        .unwrap_or(role_end)
}

/// The end of a proper name starting at `at` (`at` itself if there is none): capitalised
/// words not in another part, with a possessive or a hyphen between them ("Marlow Heath
/// Academy", "St Anne's School"), at most six tokens, ending on a capitalised word.
fn name_end(tokens: &[Token<'_>], at: usize, parts: &PartMap) -> usize {
    let mut end = at;
    while end < tokens.len()
        && end - at < 6
        && parts.owner[end].is_none()
        && (tokens[end].capital && tokens[end].word
            || (end > at
                && matches!(tokens[end].norm, "'" | "s" | "-")
                && tokens
                    .get(end + 1)
                    .is_some_and(|next| next.capital || next.norm == "s")))
    {
        end += 1;
    }
    while end > at && !tokens[end - 1].capital {
        end -= 1;
    }
    end
}

/// Deliverers of a further activity in a clause of its own ("family-based treatment with her
/// clinician weekly, and individual CBT with a clinical psychologist fortnightly"): a
/// candidate after the chosen deliverer, introduced by "with", "by" or "from", with a comma
/// and "and" or "or" between the two.
fn further_whos(
    tokens: &[Token<'_>],
    chosen: TokenSpan,
    candidates: &[TokenSpan],
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Vec<TokenSpan> {
    let mut found = Vec::new();
    let mut last = chosen.1;
    for &(from, to) in candidates.iter().filter(|candidate| candidate.0 > chosen.1) {
        let introduced =
            tokens[from - 1].norm == "with" || rules.delivery_words.contains(&tokens[from - 1]);
        let new_clause = (last..from.saturating_sub(1))
            .any(|at| tokens[at].norm == "," && matches!(tokens[at + 1].norm, "and" | "or"));
        // "reviews with the community paediatrician every six months and with the paediatric
        // neurologist once a year": "and" and the same preposition as the first deliverer's.
        let parallel = from >= 2
            && matches!(tokens[from - 2].norm, "and" | "or")
            && chosen.0 >= 1
            && tokens[from - 1].norm == tokens[chosen.0 - 1].norm;
        if introduced && (new_clause || parallel) && parts.is_free(from, to) {
            found.push((from, to));
            last = to;
        }
    }
    found
}

/// The columns of a provision map written as one line with spaced dashes between them
/// ("Numicon work in a pair – three times a week – 15 minutes – Miss Holt"): at least two
/// such dashes, each with a space on either side. A column after the first that opens with a
/// title and a name, a role, or a determiner and a role, and holds no other part, is a
/// deliverer given whole ("Mr Barnes, HLTA"); a role read inside the first column (the
/// intervention's own words, "Specialist teacher visit") is then not the deliverer.
fn dashed_deliverers(tokens: &[Token<'_>], parts: &mut PartMap, rules: &ProvisionRules) {
    let dash = |at: usize| {
        matches!(tokens[at].norm, "-" | "\u{2013}" | "\u{2014}")
            && at > 0
            && tokens[at - 1].end < tokens[at].start
            && tokens
                .get(at + 1)
                .is_some_and(|next| tokens[at].end < next.start)
    };
    let dashes: Vec<usize> = (0..tokens.len()).filter(|&at| dash(at)).collect();
    if dashes.len() < 2 {
        return;
    }
    let mut columns = Vec::with_capacity(dashes.len());
    for (index, &at) in dashes.iter().enumerate() {
        let from = at + 1;
        let mut to = dashes.get(index + 1).copied().unwrap_or(tokens.len());
        while to > from && !tokens[to - 1].word {
            to -= 1;
        }
        if from < to {
            columns.push((from, to));
        }
    }
    let mut found = false;
    for (from, to) in columns {
        let mut start = from;
        while start < to && rules.who_determiners.contains(&tokens[start]) {
            start += 1;
        }
        let person = (rules.titles.contains(&tokens[from])
            && tokens
                .get(from + 1)
                .is_some_and(|name| name.capital && from + 1 < to))
            || rules
                .roles
                .longest_at(tokens, start)
                .is_some_and(|end| end <= to);
        let other_part =
            (from..to).any(|at| matches!(parts.owner[at], Some(kind) if kind != Kind::Who));
        if person && !other_part {
            parts.release(from, to);
            parts.claim(from, to, Kind::Who);
            found = true;
        }
    }
    if found && let Some(&first_dash) = dashes.first() {
        for (from, to) in parts.spans_of(Kind::Who) {
            if to <= first_dash {
                parts.release(from, to);
            }
        }
    }
}

/// A short label opening a statement ("Moving between lessons: ...", "**The register:** ..."):
/// at most five words (with any bold or italic marks) before a colon among the first eight
/// tokens. Gives how many words it has and the index of the first token after it and its
/// closing marks.
fn leading_label(tokens: &[Token<'_>]) -> Option<(usize, usize)> {
    let mark = |token: &Token<'_>| matches!(token.norm, "*" | "_");
    let colon = tokens.iter().take(8).position(|token| token.norm == ":")?;
    let label = &tokens[..colon];
    let words = label.iter().filter(|token| token.word).count();
    if words == 0 || words > 5 || !label.iter().all(|token| token.word || mark(token)) {
        return None;
    }
    let mut after = colon + 1;
    while tokens.get(after).is_some_and(mark) {
        after += 1;
    }
    Some((words, after))
}

/// A bold run-in title ending in a full stop ("**Bereavement support.** Jayden should be
/// offered ..."): the number of its words and where the text after it starts.
fn bold_title(tokens: &[Token<'_>]) -> Option<(usize, usize)> {
    let mark = |token: &Token<'_>| matches!(token.norm, "*" | "_");
    let opening = tokens.iter().take_while(|token| mark(token)).count();
    if opening == 0 {
        return None;
    }
    let stop = tokens
        .iter()
        .take(opening + 8)
        .position(|token| token.norm == ".")?;
    let label = tokens.get(opening..stop)?;
    let words = label.len();
    if words == 0 || words > 6 || !label.iter().all(|token| token.word) {
        return None;
    }
    let closing = tokens
        .get(stop + 1..)?
        .iter()
        .take_while(|token| mark(token))
        .count();
    (closing > 0).then_some((words, stop + 1 + closing))
}

/// The deliverers a field's value names ("Who will help: Mrs Dunn, my teaching assistant, or
/// Mr Patel when she is not in"): the value without a leading "by", one deliverer for each
/// clause between semicolons, each ending before a word that starts a clause of its own
/// (`who.field_value_stops`: "when she is not in", "for the check", "to check ...", "will open
/// the room") or a comma before one of `what.comma_stops` ("the college job coach, reducing as
/// she settles") — except ", or" or ", and" before another person or role, which
/// [`split_deliverers`] then parts.
fn field_deliverers(
    tokens: &[Token<'_>],
    (from, to): (usize, usize),
    rules: &ProvisionRules,
) -> Vec<(usize, usize)> {
    // Without the marks at its end.
    let trimmed = |begin: usize, mut end: usize| {
        while end > begin && !tokens[end - 1].word {
            end -= 1;
        }
        (begin, end)
    };
    // Each deliverer, unless it is everyone ("all staff").
    let push = |found: &mut Vec<(usize, usize)>, (begin, end): (usize, usize)| {
        if end > begin && !rules.field_everyone.matches_whole(&tokens[begin..end]) {
            found.extend(split_deliverers(tokens, (begin, end), rules));
        }
    };
    let mut found = Vec::new();
    let mut start = from;
    while start < to {
        let clause_end = (start..to).find(|&at| tokens[at].norm == ";").unwrap_or(to);
        let mut begin = start;
        while begin < clause_end && rules.delivery_words.contains(&tokens[begin]) {
            begin += 1;
        }
        let mut at = begin;
        let mut end = clause_end;
        while at < clause_end {
            // A role's own words ("teacher for the deaf") and its training ("who has been
            // trained by ...") never end it.
            if let Some(role_end) = rules.roles.longest_at(tokens, at) {
                // "the head of year holding the plan": what the role does is not the role.
                if role_end < clause_end
                    && tokens[role_end].norm.len() > 4
                    && tokens[role_end].norm.ends_with("ing")
                    && tokens[role_end].norm != "following"
                    && rules.expertise.longest_at(tokens, role_end).is_none()
                {
                    end = role_end;
                    break;
                }
                at = role_end.max(at + 1);
                continue;
            }
            if let Some(cue_end) = rules.expertise.longest_at(tokens, at) {
                at = cue_end.max(at + 1);
                continue;
            }
            let token = &tokens[at];
            let next = tokens.get(at + 1).filter(|_| at + 1 < clause_end);
            let another_person = |next: &Token<'_>| {
                matches!(next.norm, "and" | "or")
                    && tokens.get(at + 2).is_some_and(|after| {
                        after.capital
                            || rules.titles.contains(after)
                            || rules.who_determiners.contains(after)
                            || rules.roles.longest_at(tokens, at + 2).is_some()
                    })
            };
            // ("Ms Dale, teaching assistant": a role after the comma is the same person.)
            let comma_clause = token.norm == ","
                && next.is_some_and(|next| {
                    (rules.comma_stops.contains(next) && !another_person(next))
                        || (next.norm.len() > 4
                            && next.norm.ends_with("ing")
                            && rules.roles.longest_at(tokens, at + 1).is_none())
                });
            // Where a second deliverer begins, if one begins here.
            // "the school nurse, working with Mrs Lind": a second who works alongside.
            let working_with = (token.norm == ","
                && next.is_some_and(|next| matches!(next.norm, "working" | "together"))
                && tokens
                    .get(at + 2)
                    .is_some_and(|with| matches!(with.norm, "with" | "alongside"))
                && at + 3 < clause_end)
                .then_some(at + 3);
            if at > begin
                && working_with.is_none()
                && (comma_clause || rules.field_value_stops.contains(token))
            {
                end = at;
                break;
            }
            // "the SENCo with the specialist literacy teacher": two who work together.
            let with_another = token.norm == "with"
                && tokens.get(at + 1).is_some_and(|after| {
                    rules.who_determiners.contains(after) || rules.titles.contains(after)
                })
                && (at + 1..clause_end).any(|role| rules.roles.longest_at(tokens, role).is_some())
                && rules.expertise.longest_at(tokens, at).is_none();
            // "Mr Adeyemi, her form tutor, or a named member of the pastoral team": after a
            // comma, "or" or "and" before a person or a role opens a second deliverer; so does
            // "and" before a name or a possessive ("Mrs Dunn and my parents", "Miss Holt and
            // Kerry"), but not inside a couple ("Mr and Mrs Green").
            let comma_joiner = token.norm == "," && next.is_some_and(another_person);
            let joins_names = at > begin
                && matches!(token.norm, "and" | "or")
                && !rules.titles.contains(&tokens[at - 1])
                && next.is_some_and(|next| {
                    (next.capital && next.word) || rules.who_determiners.contains(next)
                });
            let second = working_with
                .or(with_another.then_some(at + 1))
                .or(comma_joiner.then_some(at + 2))
                .or(joins_names.then_some(at + 1));
            if at > begin
                && let Some(second) = second
            {
                push(&mut found, trimmed(begin, at));
                begin = second;
                at = begin;
                continue;
            }
            at += 1;
        }
        push(&mut found, trimmed(begin, end));
        start = clause_end + 1;
    }
    found
}

/// A deliverer phrase split into the deliverers it lists ("the class teacher and the teaching
/// assistant", "her tutor, the SENCo or a mentor"): at each "and", "or" or comma followed,
/// after its modifiers, by a role, unless the phrase so far has an expertise clause ("trained
/// by the therapist and the nurse" is one deliverer).
fn split_deliverers(
    tokens: &[Token<'_>],
    (from, to): (usize, usize),
    rules: &ProvisionRules,
) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut start = from;
    for at in from..to {
        // (A joiner already passed over, the "or" of ", or", opens nothing.)
        if !matches!(tokens[at].norm, "and" | "or" | ",") || at <= start {
            continue;
        }
        let mut next = at + 1;
        while next < to && matches!(tokens[next].norm, "and" | "or") {
            next += 1;
        }
        // "The area SENCO and Kit's key worker": a name's possessive opens the second.
        if next + 3 < to
            && tokens[next].capital
            && tokens[next + 1].norm == "'"
            && tokens[next + 2].norm == "s"
        {
            next += 3;
        }
        while let Some(end) = rules.modifiers.longest_at(tokens, next)
            && end < to
        {
            next = end;
        }
        // "Mr Fenn or Mrs Latham": a title and a name after the joiner is a second person
        // (but "Mr and Mrs Green" is one couple).
        // (A deliverer given whole, as a field's value, may end with the joiner.)
        let person_follows = next < to
            && rules.titles.contains(&tokens[next])
            && tokens.get(next + 1).is_some_and(|name| name.capital)
            && next + 1 < to
            && !rules.titles.contains(&tokens[at - 1]);
        // "Carol and Neil", "Mum and Dad": two names given whole are two people.
        let names_pair = at == start + 1
            && next + 1 == to
            && tokens[start].capital
            && tokens[next].capital
            && tokens[start].word
            && tokens[next].word
            && !rules.titles.contains(&tokens[start]);
        let role_follows = person_follows
            || names_pair
            || rules
                .roles
                .longest_at(tokens, next)
                .is_some_and(|end| end <= to);
        let expertise_before =
            (start..at).any(|index| rules.expertise.longest_at(tokens, index).is_some());
        // "Mrs Kaur, our specialist teacher" is one person.
        let apposition =
            tokens[at].norm == "," && at == start + 2 && rules.titles.contains(&tokens[start]);
        if role_follows && !expertise_before && !apposition {
            pieces.push((start, at));
            start = at + 1;
            while start < to && matches!(tokens[start].norm, "and" | "or") {
                start += 1;
            }
        }
    }
    if pieces.is_empty() {
        return vec![(from, to)];
    }
    pieces.push((start, to));
    pieces
}

/// The start of a deliverer phrase ending with the role at `role_start..role_end`: the role
/// widened over its modifiers ("a suitably trained"), or, for a head word such as "team" or
/// "worker", over the words that name it back to a determiner ("the school-age physiotherapy
/// team", "a family support worker").
fn widen_role(
    tokens: &[Token<'_>],
    role_start: usize,
    role_end: usize,
    cue: Option<Cue>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> usize {
    let mut start = role_start;
    while let Some(from) = (start.saturating_sub(4)..start)
        .find(|&from| parts.is_free(from, start) && rules.modifiers.spans(tokens, from, start))
    {
        start = from;
    }
    let head = &tokens[role_end - 1];
    if rules.head_roles.contains(head)
        && (start == role_start || !rules.who_determiners.contains(&tokens[start]))
    {
        let floor = cue.map_or(0, |cue| if cue.end <= role_start { cue.end } else { 0 });
        let mut at = start;
        while at > floor && role_start - at < 8 {
            let token = &tokens[at - 1];
            if parts.owner[at - 1].is_some() {
                break;
            }
            if rules.who_determiners.contains(token) {
                // "a named member of the student support team": the member is the deliverer.
                return member_of(tokens, at - 1, parts, rules).unwrap_or(at - 1);
            }
            // "the Communication and Interaction Team": "and" inside a name.
            let joins = matches!(token.norm, "-" | "'")
                || (token.norm == "and"
                    && tokens[at].capital
                    && at >= 2
                    && tokens[at - 2].capital
                    && tokens[at - 2].word);
            let ends_name = !token.word
                || matches!(token.norm, "and" | "or" | "by" | "from" | "with" | "to")
                || rules.what_stops.longest_at(tokens, at - 1).is_some();
            if !joins && ends_name {
                break;
            }
            at -= 1;
        }
    }
    // "a member of the pastoral team", whose article the modifiers took: the member is the
    // deliverer.
    if rules.head_roles.contains(head)
        && rules.who_determiners.contains(&tokens[start])
        && let Some(from) = member_of(tokens, start, parts, rules)
    {
        return from;
    }
    start
}

/// Where "a member of" (or "named members of") starts before the determiner at `at` of a team
/// ("a member of the pastoral team"), if the words before it say so.
fn member_of(
    tokens: &[Token<'_>],
    at: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<usize> {
    if at < 2
        || tokens[at - 1].norm != "of"
        || !matches!(tokens[at - 2].norm, "member" | "members")
        || parts.owner[at - 2].is_some()
    {
        return None;
    }
    let mut from = at - 2;
    while let Some(before) = from.checked_sub(1)
        && parts.owner[before].is_none()
        && (rules.who_determiners.contains(&tokens[before])
            || rules.modifiers.spans(tokens, before, from))
    {
        from = before;
    }
    Some(from)
}

/// The end of an expertise clause ("trained by the speech and language therapist", "trained in
/// precision teaching") starting at `at`, if there is one.
fn expertise_end(
    tokens: &[Token<'_>],
    at: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<usize> {
    expertise_clause_end(tokens, at, parts, rules).or_else(|| {
        // Set off by a comma, perhaps after where the deliverer works: "the class teacher,
        // advised by the SaLT", "all staff in her room, trained by the SaLT".
        let mut next = at;
        if tokens
            .get(next)
            .is_some_and(|token| rules.place_words.contains(token))
        {
            next += 1;
            while next < tokens.len()
                && next - at <= 4
                && tokens[next].word
                && parts.owner[next].is_none()
            {
                next += 1;
            }
        }
        if tokens.get(next)?.norm != "," {
            return None;
        }
        expertise_clause_end(tokens, next + 1, parts, rules)
    })
}

/// The end of an expertise clause starting exactly at `at`.
fn expertise_clause_end(
    tokens: &[Token<'_>],
    at: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<usize> {
    let clause = rules.expertise.longest_at(tokens, at)?;
    if !parts.is_free(at, clause) {
        return None;
    }
    let mut index = clause;
    while let Some(end) = rules.modifiers.longest_at(tokens, index) {
        if !parts.is_free(index, end) {
            break;
        }
        index = end;
    }
    if let Some(role_end) = rules.roles.longest_at(tokens, index)
        && parts.is_free(index, role_end)
    {
        // "following the speech and language therapist's programme": the role's plan.
        let owned = role_end + 3;
        if tokens.get(role_end).is_some_and(|token| token.norm == "'")
            && tokens
                .get(role_end + 1)
                .is_some_and(|token| token.norm == "s")
            && tokens.get(role_end + 2).is_some_and(|token| token.word)
            && parts.is_free(role_end, owned)
        {
            return Some(owned);
        }
        return Some(role_end);
    }
    // "shown the activities by Priya": the trainer named, and no more.
    if clause > 0 && tokens[clause - 1].norm == "by" {
        let end = name_end(tokens, clause, parts);
        if end > clause {
            return Some(end);
        }
    }
    let mut end = clause;
    while end < tokens.len()
        && end - clause < MAX_PHRASE_TOKENS
        && parts.owner[end].is_none()
        && (tokens[end].word || matches!(tokens[end].norm, "-" | "'" | "&"))
        && rules.what_stops.longest_at(tokens, end).is_none()
    {
        // "trained by the epilepsy specialist nurse in giving medication": the clause ends with
        // the trainer's role.
        if let Some(role_end) = rules.roles.longest_at(tokens, end)
            && parts.is_free(end, role_end)
        {
            return Some(role_end);
        }
        end += 1;
    }
    while end > clause && !tokens[end - 1].word {
        end -= 1;
    }
    if end > clause {
        Some(end)
    } else {
        // A clause complete in itself ("he knows well"), not one cut off ("trained by").
        tokens
            .get(clause - 1)
            .is_some_and(|last| !rules.what_trailing.contains(last))
            .then_some(clause)
    }
}

/// Whether the words open with a clause of condition or time ("If ...", "Before tidy-up ...",
/// "During PE ...", "Once she is settled ..."): a word of `cues.conditionals` or
/// `lists.time_openers`, or "once" or "until".
fn opens_with_condition(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    tokens.first().is_some_and(|first| {
        rules.conditionals.contains(first)
            || rules.time_openers.contains(first)
            || matches!(first.norm, "once" | "until")
    })
}

/// The intervention: the object of the cue (or the subject of a passive cue), minus the other
/// parts, leading verbs of receiving and vague wording (an opening article stays). A group
/// that opens it is left to the `group` part ("1:1 support" gives "support").
fn find_what(
    tokens: &[Token<'_>],
    cue: Option<Cue>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let whole = (0, tokens.len());
    let after = |cue: Cue| {
        // Skip a subject and its verb ("... that Sam receives", "... to attend").
        let opens_clause = tokens.get(cue.end).is_some_and(|token| {
            token.capital || matches!(token.norm, "that" | "to") || is_subject(token, rules)
        });
        let window = if opens_clause { 7 } else { 1 };
        // The subject may be two people ("that Jonah and his parents take part in"), but the
        // search ends at a verb of being or a preposition ("ensure Rose is assessed for exam
        // access arrangements").
        let verb = (cue.end..(cue.end + window).min(tokens.len()))
            .take_while(|&at| {
                at == cue.end
                    || rules.object_verbs.longest_at(tokens, at).is_some()
                    || !matches!(
                        tokens[at].norm,
                        "is" | "are" | "be" | "was" | "were" | "for" | "," | ";"
                    )
            })
            .find_map(|at| {
                rules
                    .object_verbs
                    .longest_at(tokens, at)
                    .map(|end| (at, end))
            });
        // "I recommend that a carer's assessment is offered to Kerry and Lewis": what is
        // offered to someone is the subject.
        if let Some((verb_start, verb_end)) = verb
            && verb_start > cue.end + 1
            && matches!(tokens[verb_end - 1].norm, "given" | "offered")
            && tokens.get(verb_end).is_some_and(|next| next.norm == "to")
            && rules.what_skip_articles.contains(&tokens[cue.end + 1])
            && tokens[cue.end].norm == "that"
            && let Some(subject) = what_in(tokens, (cue.end + 1, verb_start), parts, rules)
        {
            return Some(subject);
        }
        // "It would really help if the specialist teacher doing his assessment could show us
        // some games": what follows the condition's modal.
        let modal = || {
            (cue.end > 0 && tokens[cue.end - 1].norm == "if")
                .then(|| {
                    (cue.end..(cue.end + 10).min(tokens.len()))
                        .take_while(|&at| !matches!(tokens[at].norm, "," | ";" | "."))
                        .find(|&at| {
                            matches!(
                                tokens[at].norm,
                                "could" | "would" | "can" | "will" | "might"
                            )
                        })
                })
                .flatten()
                .map(|at| at + 1)
        };
        // "I want Mrs Nwosu to check ...": what the person is asked to do.
        let asked = || {
            rules
                .need_object
                .spans(tokens, cue.start, cue.end)
                .then(|| person_to_act(tokens, cue.end, rules))
                .flatten()
                .map(|to| to + 1)
        };
        // "Two members of staff must be available at lunchtime to give insulin": what they
        // are there to do, after the place or time.
        let there_to = || {
            (cue.end > 0 && tokens[cue.end - 1].norm == "available")
                .then(|| infinitive_after_place(tokens, cue.end, tokens.len(), rules))
                .flatten()
                .map(|to| to + 1)
        };
        let from = verb
            .map(|(_, end)| end)
            .or_else(modal)
            .or_else(asked)
            .or_else(there_to)
            .unwrap_or(cue.end);
        // "Exam access arrangements ... should be considered as appropriate before Year 10":
        // what is left after the cue is only a time or reason, so the intervention is the
        // subject.
        let found = what_in(tokens, (from, tokens.len()), parts, rules).filter(|&(start, _)| {
            !matches!(
                tokens[start].norm,
                "before" | "after" | "because" | "so" | "if" | "when"
            )
        });
        // "Please ensure Kai is seated near the teacher": the child is the subject; what is
        // done follows "is".
        match found {
            // "He should be seen by a paediatric physiotherapist for an assessment of his
            // walking": what he is seen for.
            Some((start, end))
                if end == start + 1
                    && matches!(tokens[start].norm, "seen" | "visited")
                    && start > 0
                    && tokens[start - 1].norm == "be" =>
            {
                (end..tokens.len())
                    .take_while(|&at| !matches!(tokens[at].norm, "," | ";" | "."))
                    .find(|&at| tokens[at].norm == "for" && parts.owner[at].is_none())
                    .and_then(|at| what_in(tokens, (at + 1, tokens.len()), parts, rules))
                    .filter(|&(what_start, _)| what_start <= end + 12)
                    .or(found)
            }
            Some((start, end))
                if end == start + 1
                    && tokens[start].capital
                    && tokens
                        .get(end)
                        .is_some_and(|next| matches!(next.norm, "is" | "are")) =>
            {
                what_in(tokens, (end + 1, tokens.len()), parts, rules).or(found)
            }
            _ => found,
        }
    };
    // "If his low mood has not improved by February, then a referral to CAMHS should be
    // made": the subject is not in an opening clause of condition or time.
    let opening = opens_with_condition(tokens, rules);
    let main_from = |cue: Cue| {
        if !opening {
            return 0;
        }
        (1..cue.start)
            .find(|&at| tokens[at].norm == ",")
            .map_or(0, |comma| {
                comma
                    + 1
                    + usize::from(
                        tokens
                            .get(comma + 1)
                            .is_some_and(|then| then.norm == "then"),
                    )
            })
            .min(cue.start)
    };
    let found = match cue {
        // "Moving between lessons: leave each lesson five minutes early", "Room: a smaller
        // room": a short label before a colon names the topic, not the intervention.
        // In terse notes the label is the intervention ("Speech practice at home: parents,
        // 5 min"); it names the topic when a noun phrase with its article, or an instruction
        // after a topic such as "Moving between lessons", follows.
        // A bold label ("**The register:** Offer ...") reads as the plain one.
        None => leading_label(tokens)
            .filter(|&(words, after)| {
                let first = tokens.iter().find(|token| token.word);
                tokens.get(after).is_some_and(|next| {
                    rules.what_skip_articles.contains(next)
                        || first.is_some_and(|first| {
                            first.norm.len() > 4 && first.norm.ends_with("ing")
                        })
                        // "Communication: Intensive Interaction with his key person":
                        // one or two words of topic before a word.
                        || (words <= 2
                            && next.word
                            && rules.roles.longest_at(tokens, after).is_none())
                })
            })
            .and_then(|(_, after)| what_in(tokens, (after, tokens.len()), parts, rules))
            // "Rhys will trial a high-tech AAC device ...": what follows the verb after "will".
            .or_else(|| {
                let will = tokens
                    .iter()
                    .take(10)
                    .position(|token| token.norm == "will")?;
                if let Some(end) = rules.object_verbs.longest_at(tokens, will + 1) {
                    return what_in(tokens, (end, tokens.len()), parts, rules);
                }
                // "Jamie will continue with speech and language therapy": the child goes on
                // with the intervention, which follows the verb (a thing that continues,
                // "Therapy will continue weekly", is left to the subject).
                let end = rules.subject_verbs.longest_at(tokens, will + 1)?;
                let person = will > 0
                    && (0..will).all(|at| {
                        tokens[at].capital && tokens[at].word
                            || is_subject(&tokens[at], rules)
                            || rules.titles.contains(&tokens[at])
                    });
                person
                    .then(|| what_in(tokens, (end, tokens.len()), parts, rules))
                    .flatten()
            })
            .or_else(|| {
                // "After this block, review sessions once each half term", "Following this,
                // direct therapy": an opening phrase of time before a comma is not the
                // intervention.
                tokens
                    .first()
                    .filter(|first| {
                        matches!(
                            first.norm,
                            "after" | "following" | "then" | "once" | "initially" | "afterwards"
                        )
                    })
                    .and_then(|_| (1..tokens.len().min(6)).find(|&at| tokens[at].norm == ","))
                    .map(|comma| comma + 1)
                    // "When talking to Theo, use short phrases ...".
                    .or_else(|| after_opening_clause(tokens, rules))
                    .and_then(|rest| what_in(tokens, (rest, tokens.len()), parts, rules))
            })
            // "Please don't shout at me": a request to stop something names no intervention
            // ("Please don't make me read out loud" names one, after the skipped words).
            .or_else(|| {
                what_in(tokens, whole, parts, rules)
                    .filter(|&(start, _)| tokens[start].norm != "please")
            }),
        Some(cue) if cue.before => {
            // "Before tidy-up and before coming in, a two-minute warning may help him": an
            // opening clause of time or condition is not the subject.
            let subject_from = if opening {
                main_from(cue)
            } else {
                // "**Sliding in:** The sliding-in technique should be led by ...", "**Bereavement
                // support.** Jayden should be offered ...": a label before the subject is not
                // part of it.
                leading_label(tokens)
                    .or_else(|| bold_title(tokens))
                    .map(|(_, after)| after)
                    .filter(|&after| after < cue.start)
                    .unwrap_or(0)
            };
            // "Therapy will be delivered ...", but "Sam should be given extra time".
            let before = what_in(tokens, (subject_from, cue.start), parts, rules);
            let person = |(from, to): (usize, usize)| {
                (to - from == 1 && (tokens[from].capital || is_subject(&tokens[from], rules)))
                    // A hyphenated name ("Lily-Mae should be offered ...").
                    || (to - from == 3
                        && tokens[from + 1].norm == "-"
                        && tokens[from].capital
                        && tokens[from + 2].capital
                        && tokens[from].end == tokens[from + 1].start
                        && tokens[from + 1].end == tokens[from + 2].start)
                    // "In maths he should be offered ...": a place, then the child.
                    || is_subject(&tokens[to - 1], rules)
                    // "Ellie's family should be offered ...": a person receives it.
                    || rules.people.contains(&tokens[to - 1])
                    // "Ms and Mr Adeyemi should be offered ...": titled names; "Shannon and
                    // Lewis should be offered ...": names joined by "and" or "or".
                    || ((tokens[from..to]
                        .iter()
                        .any(|token| rules.titles.contains(token))
                        || (to - from <= 5
                            && tokens[from..to]
                                .iter()
                                .any(|token| matches!(token.norm, "and" | "or"))))
                        && tokens[from..to].iter().all(|token| {
                            (token.word && token.capital)
                                || matches!(token.norm, "and" | "or" | ".")
                        }))
            };
            // "In tests and examinations, Ceri should be given ...": after a fronted phrase,
            // the words between the last comma and the cue are the subject.
            let last_clause = clause_after_last_comma(tokens, subject_from, cue.start);
            let subject = before.is_some_and(person)
                || last_clause.is_some_and(|from| {
                    cue.start > from && cue.start - from <= 3 && person((cue.start - 1, cue.start))
                });
            if subject || before.is_none() {
                after(cue).or(before)
            } else {
                before
            }
        }
        // "Speech and language therapy should continue, with ...", "Lego-based therapy
        // sessions should take place in a group of three": a verb that only says the
        // provision goes on or happens leaves the intervention in its subject, unless that is
        // a person ("Sam should continue to attend ...", "She should continue with ...").
        Some(cue)
            if let Some(verb_end) = (cue.start + 1..=cue.end)
                .find_map(|at| rules.subject_verbs.longest_at(tokens, at))
                .filter(|&end| end >= cue.end)
                && tokens.get(verb_end).is_none_or(|next| {
                    !next.word || rules.subject_verb_followers.contains(next)
                })
                && let Some(subject) =
                    what_in(tokens, (main_from(cue), cue.start), parts, rules)
                && (0..subject.0).all(|at| parts.owner[at].is_some() || !tokens[at].word)
                && is_thing(tokens, subject, rules) =>
        {
            Some(subject)
        }
        // Nothing after the cue ("... so I can leave when I need to"): look before it.
        Some(cue) => match after(cue) {
            // Only a thing: a label ("**Sliding in:**") or a person is no intervention.
            None => what_in(tokens, (main_from(cue), cue.start), parts, rules)
                .filter(|&subject| is_thing(tokens, subject, rules)),
            // "Word-finding strategies should be practised daily": a lone participle after
            // "be" leaves the intervention in the subject, unless that is the child ("Kian").
            // So does a participle with more after it ("A personal evacuation plan should be
            // written for Faye by the SENCo"), unless it gives or lets ("be given extra time").
            Some((from, to))
                if from > 0
                    && tokens[from - 1].norm == "be"
                    && past_participle(&tokens[from], rules)
                    && (to == from + 1
                        || !(rules.giving_verbs.contains(&tokens[from])
                            || rules.catenatives.contains(&tokens[from]))) =>
            {
                // "Staff should be trained by the nurse in his rescue medicine": what they
                // are trained in.
                let trained_in = rules
                    .training_participles
                    .contains(&tokens[from])
                    .then(|| {
                        (to..tokens.len())
                            .take_while(|&at| !matches!(tokens[at].norm, "," | ";"))
                            .find(|&at| {
                                parts.owner[at].is_none() && matches!(tokens[at].norm, "in" | "on")
                            })
                    })
                    .flatten()
                    .and_then(|at| what_in(tokens, (at + 1, tokens.len()), parts, rules));
                let thing = |span: &(usize, usize)| is_thing(tokens, *span, rules);
                // After a fronted phrase ("Finally, she ...", "On days she cannot attend,
                // Maisie ..."), the words after the last comma say whether the subject is a
                // person; a thing's subject runs from the start ("Word-finding strategies,
                // such as ..., should be practised").
                let last_clause = clause_after_last_comma(tokens, 0, cue.start).unwrap_or(0);
                let subject = match what_in(tokens, (last_clause, cue.start), parts, rules) {
                    Some(tail) if !thing(&tail) => None,
                    None if (last_clause..cue.start)
                        .any(|at| tokens[at].capital || is_subject(&tokens[at], rules)) =>
                    {
                        None
                    }
                    _ => what_in(tokens, (main_from(cue), cue.start), parts, rules).filter(thing),
                };
                trained_in.or(subject).or(Some((from, to)))
            }
            found => found,
        },
    };
    // A pronoun alone ("I", "he") is the subject left over, never the intervention.
    let found = past_person(tokens, found, parts, rules);
    beyond_light_head(tokens, found, parts, rules).filter(|&(from, to)| {
        !(to == from + 1
            && matches!(
                tokens[from].norm,
                "i" | "he" | "she" | "they" | "we" | "you" | "it" | "him" | "her" | "them" | "me"
            ))
    })
}

/// "A weekly visit from the teacher of the deaf to check her equipment": when the intervention
/// found is only a visit or meeting (`what.light_heads`), the infinitive after it, within a
/// few words, says what is done; otherwise the intervention stays as found.
fn beyond_light_head(
    tokens: &[Token<'_>],
    found: Option<(usize, usize)>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let (from, to) = found?;
    // A visit or meeting with the person it is with ("Seeing Bex", "meets him").
    let head_to = if to > from + 1 && is_person_object(&tokens[to - 1], rules) {
        to - 1
    } else {
        to
    };
    if !rules.light_heads.spans(tokens, from, head_to) {
        return found;
    }
    let limit = (to + LIGHT_HEAD_REACH).min(tokens.len());
    (to..limit)
        .find(|&at| tokens[at].norm == "to" && parts.owner[at].is_none())
        .and_then(|at| what_in(tokens, (at + 1, tokens.len()), parts, rules))
        .or(found)
}

/// Whether the token names a person as an object: a pronoun or a capitalised name.
fn is_person_object(token: &Token<'_>, rules: &ProvisionRules) -> bool {
    rules.object_pronouns.contains(token) || (token.capital && token.word)
}

/// "Allow Esme to change for PE", "be allowed to use a laptop", "give Kacey an exit card",
/// "offer him access to a short break", "provide Sam with a writing slope": when the
/// intervention found opens with a verb that lets, helps or gives (`what.catenatives`,
/// `what.giving_verbs`) followed by the person (or, after a catenative, directly by "to"), the
/// intervention is what follows the person; otherwise it stays as found.
fn past_person(
    tokens: &[Token<'_>],
    found: Option<(usize, usize)>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let (mut from, _) = found?;
    // "Provide Sam with ...": the verb was skipped as a lead-in word; the person opens what
    // was found.
    if from > 0
        && is_person_object(&tokens[from], rules)
        && rules.giving_verbs.contains(&tokens[from - 1])
    {
        from -= 1;
    }
    let verb = &tokens[from];
    let catenative = rules.catenatives.contains(verb);
    if !catenative && !rules.giving_verbs.contains(verb) {
        return found;
    }
    let mut at = from + 1;
    let person = tokens
        .get(at)
        .is_some_and(|token| is_person_object(token, rules))
        && parts.owner[at].is_none();
    if person {
        at += 1;
        // "offer Mrs Walsh ...": a title and the name after it are one person.
        if rules.titles.contains(&tokens[at - 1])
            && tokens.get(at).is_some_and(|name| name.capital && name.word)
        {
            at += 1;
        }
    }
    let next = tokens.get(at)?;
    let rest = if catenative {
        // "Let him leave lessons early" has no "to"; "Help the class" is not about a person.
        if next.norm == "to" {
            at + 1
        } else if person && next.word && !rules.what_skip_articles.contains(next) {
            at
        } else {
            return found;
        }
    } else if person && next.norm == "with" {
        // "provide Sam with a writing slope".
        at + 1
    } else if person
        && (rules.what_skip_articles.contains(next)
            || rules.vague.longest_at(tokens, at).is_some()
            // "offer Mrs Walsh termly review meetings", "give him 1:1 support".
            || matches!(
                parts.owner[at],
                Some(Kind::Frequency | Kind::Group | Kind::Duration)
            ))
    {
        // "give Kacey an exit card", "offer him access to a short break"; but "give her notice
        // before asking her to read aloud" is an instruction as a whole.
        at
    } else {
        return found;
    };
    what_in(tokens, (rest, tokens.len()), parts, rules).or(found)
}

/// The most further interventions one statement may give.
const MAX_MORE_WHATS: usize = 3;

/// Further interventions after the first (`first`), each joined to what comes before it by
/// "and" or "or":
/// - after a comma (", and a quiet room for lunch", ", and review it every six weeks");
/// - or, without a comma, when a modal or the first intervention's own preposition follows
///   "and" ("avoid asking him ... and should provide notes", "trained in his rescue medicine
///   and in gastrostomy feeds"); a bare "and" more often joins words inside one intervention
///   or place ("for assemblies and the dinner hall").
///
/// The search ends at a clause that gives a purpose, reason or condition ("so that", "because",
/// "to build his confidence"), or at a comma not followed by "and" or "or".
/// The intervention of a second clause with a cue of its own ("Adults should give instructions
/// one step at a time, and she would benefit from a written checklist on her desk"): after the
/// statement's first intervention (and any further ones), a comma and "and" or "but", then a
/// cue within a few words.
fn second_clause_what(
    tokens: &[Token<'_>],
    cue: Cue,
    what: TokenSpan,
    further: &[TokenSpan],
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<TokenSpan> {
    if cue.before {
        return None;
    }
    let after = further.last().map_or(what.1, |last| last.1).max(cue.end);
    let comma = (after..tokens.len().saturating_sub(2))
        .find(|&at| tokens[at].norm == "," && matches!(tokens[at + 1].norm, "and" | "but"))?;
    let starts = rules.cues_after.starts();
    let first = starts.next(tokens, comma + 2)?;
    if first > comma + 5 {
        return None;
    }
    let second = find_cue_from(tokens, starts, first, rules).filter(|second| {
        !second.before && second.start <= comma + 5 && parts.is_free(second.start, second.end)
    })?;
    find_what(tokens, Some(second), parts, rules)
        .filter(|&(from, to)| from >= second.end && parts.is_free(from, to))
}

fn further_whats(
    tokens: &[Token<'_>],
    first: (usize, usize),
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut last = first;
    let mut at = last.1;
    while at < tokens.len() && found.len() < MAX_MORE_WHATS {
        if parts.owner[at].is_some() {
            at += 1;
            continue;
        }
        if let Some(end) = rules.vague.longest_at(tokens, at) {
            at = end;
            continue;
        }
        let token = &tokens[at];
        // "...; a seat near the front, away from the door; and a quick check of his
        // understanding": after a semicolon, a noun phrase with its own article is the next
        // item of a list.
        if token.norm == ";" {
            let mut from = at + 1;
            if tokens
                .get(from)
                .is_some_and(|next| matches!(next.norm, "and" | "or"))
            {
                from += 1;
            }
            if tokens
                .get(from)
                .is_some_and(|next| rules.what_skip_articles.contains(next))
                && let Some(next) = what_in(tokens, (from, tokens.len()), parts, rules)
                && next.0 <= from + 1
                && next.0 > last.1
            {
                found.push(next);
                last = next;
                at = next.1;
                continue;
            }
            break;
        }
        if token.norm == ":" {
            break;
        }
        // A purpose, reason or condition ("when she is tired") is passed over to a comma and
        // "and" or "or" that may start another item ("..., and a quiet room for lunch").
        if rules.more_stops.longest_at(tokens, at).is_some() {
            match (at + 1..tokens.len().saturating_sub(1)).find(|&next| {
                tokens[next].norm == "," && matches!(tokens[next + 1].norm, "and" | "or")
            }) {
                Some(comma) => {
                    at = comma;
                    continue;
                }
                None => break,
            }
        }
        let next_joins = tokens
            .get(at + 1)
            .is_some_and(|next| matches!(next.norm, "and" | "or"));
        // An aside of examples (", including a reader,") is passed over to its closing comma.
        if token.norm == "," && rules.what_continuers.longest_at(tokens, at + 1).is_some() {
            match (at + 1..tokens.len()).find(|&next| tokens[next].norm == ",") {
                Some(close) => {
                    at = close;
                    continue;
                }
                None => break,
            }
        }
        // A comma ends the search unless "and" or "or" follows it, or an item of a list
        // ("extra time, rest breaks and a reader").
        let item_follows = rules.item_heads.longest_at(tokens, at + 1).is_some()
            // Straight after the item before it: ", a perching stool".
            || (token.norm == ","
                && at == last.1
                && tokens
                    .get(at + 1)
                    .is_some_and(|next| rules.what_skip_articles.contains(next)));
        // "Extra time for tests, with fewer questions on a page": after a comma, "with" and a
        // thing is a further intervention (not a condition: ", with his agreement").
        if token.norm == ","
            && rules.more_stops.longest_at(tokens, at + 1).is_none()
            && let Some(next) = with_thing(tokens, at + 1, parts, rules)
        {
            found.push(next);
            last = next;
            at = next.1;
            continue;
        }
        if token.norm == "," && !next_joins && !item_follows {
            break;
        }
        if token.norm == "," && item_follows {
            if let Some(next) = what_in(tokens, (at + 1, tokens.len()), parts, rules)
                && next.0 == at + 1
            {
                found.push(next);
                last = next;
                at = next.1;
                continue;
            }
            break;
        }
        if !matches!(token.norm, "and" | "or") {
            at += 1;
            continue;
        }
        let after_comma = at > 0 && tokens[at - 1].norm == ",";
        // "and should provide", "and also"; "and in gastrostomy feeds" only when the first
        // intervention followed the same preposition ("in his rescue medicine").
        let mut from = at + 1;
        while tokens
            .get(from)
            .is_some_and(|token| rules.more_openers.contains(token))
        {
            from += 1;
        }
        // "and should not rely on him remembering a sanction or a consequence": what not to do
        // is not another intervention, nor is anything joined to it.
        if from > at + 1
            && tokens
                .get(from)
                .is_some_and(|token| matches!(token.norm, "not" | "never"))
        {
            break;
        }
        // "greets Poppy at the door and helps her hang up her coat": a second verb in the third
        // person after a first one that followed its deliverer.
        let third_person = |at: usize| {
            third_person_verb(tokens, at, rules)
                && first.0 > 0
                && (parts.owner[first.0 - 1] == Some(Kind::Who)
                    || tokens[first.0 - 1].norm == "who")
                && third_person_verb(tokens, first.0, rules)
        };
        let mut joined = after_comma
            || from > at + 1
            || rules.item_heads.longest_at(tokens, from).is_some()
            || verb_with_object(tokens, from, rules)
            || third_person(from)
            || tokens.get(from).is_some_and(|token| {
                rules.more_verbs.contains(token)
                    || ((at == last.1
                        // "ear defenders in assembly and a quiet exit route": a stop phrase
                        // that says when or where the last one is used lies between.
                        || rules.what_stops.longest_at(tokens, last.1) == Some(at)
                        // "a laptop for longer written work and a touch-typing course": a
                        // short phrase of use or place after the last one.
                        || (at > last.1
                            && at - last.1 <= 6
                            && matches!(tokens[last.1].norm, "for" | "in" | "at" | "during")
                            && (last.1..at).all(|between| tokens[between].word))
                        // "his handwriting warm-up daily and his typing programme three
                        // times a week": only the last one's own parts lie between.
                        || ((last.1..at).all(|between| {
                            parts.owner[between].is_some()
                                || rules.delivery_words.contains(&tokens[between])
                                || (tokens[between].norm == "with"
                                    && parts.owner.get(between + 1) == Some(&Some(Kind::Who)))
                        })
                            && (from..(from + 3).min(tokens.len()))
                                .all(|role| rules.roles.longest_at(tokens, role).is_none())))
                        && rules.what_skip_articles.contains(token))
            });
        // "a supervised lunchtime club and support with making friends": vague wording right
        // after "and" leads into another intervention.
        if !joined
            && let Some(end) = rules.vague.longest_at(tokens, from)
            && tokens.get(end).is_some_and(|token| token.word)
        {
            joined = true;
            from = end;
        }
        // "and offer support with fastenings", "and offer him access to a short break": a verb
        // (and its object pronoun) before vague wording starts another intervention.
        if !joined && tokens.get(from).is_some_and(|token| token.word) {
            let mut probe = from + 1;
            if tokens
                .get(probe)
                .is_some_and(|token| rules.object_pronouns.contains(token))
            {
                probe += 1;
            }
            if let Some(end) = rules.vague.longest_at(tokens, probe) {
                joined = true;
                from = end;
            }
        }
        if let Some(preposition) = tokens.get(from)
            && (rules.place_words.contains(preposition)
                // "benefit from a quiet room ..., and from a time-out card".
                || (after_comma && matches!(preposition.norm, "from" | "with" | "for")))
        {
            let mut before = last.0;
            while before > 0 && rules.what_skip_articles.contains(&tokens[before - 1]) {
                before -= 1;
            }
            let parallel = before
                .checked_sub(1)
                .is_some_and(|before| tokens[before].norm == preposition.norm);
            joined = parallel;
            from += 1;
        }
        if !joined {
            at += 1;
            continue;
        }
        match what_in(tokens, (from, tokens.len()), parts, rules) {
            // Within three words, or four past a deliverer ("and her teaching assistant should
            // check her skin").
            Some(next)
                if next.0 > last.1
                    && (next.0 <= from + 3
                        || (next.0 <= from + 4
                            && (from..next.0).any(|at| parts.owner[at] == Some(Kind::Who)))) =>
            {
                // "and offer him access to a short break": what the person is given ("and let
                // her pass" stays whole).
                let next = if rules.giving_verbs.contains(&tokens[next.0]) {
                    past_person(tokens, Some(next), parts, rules).unwrap_or(next)
                } else {
                    next
                };
                found.push(next);
                last = next;
                at = next.1;
            }
            _ => at += 1,
        }
    }
    found
}

/// The intervention in a "with" phrase after a comma (`with` is the index of "with"): a thing
/// given alongside the one before ("a laptop for all written work, with speech-to-text
/// software", "with regular feedback to his mother"). Not a person or companion ("with a
/// trained teaching assistant", "with one or two friends"), not "no" ("with no pressure to
/// eat"), and not a clause that says how the one before is done ("with targets shared with
/// college", "with extra time as appropriate").
fn with_thing(
    tokens: &[Token<'_>],
    with: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    // ", backed up by a visual checklist on his desk", ", backed up with pictures": the
    // support given with the first is a further intervention.
    let with = if tokens.get(with)?.norm == "backed"
        && tokens.get(with + 1).is_some_and(|up| up.norm == "up")
        && tokens
            .get(with + 2)
            .is_some_and(|by| matches!(by.norm, "by" | "with"))
    {
        with + 2
    } else {
        with
    };
    if !matches!(tokens.get(with)?.norm, "with" | "by") {
        return None;
    }
    // ("by" only after "backed up".)
    if tokens[with].norm == "by" && tokens[with - 1].norm != "up" {
        return None;
    }
    let from = with + 1;
    let mut head = from;
    while head < tokens.len() {
        if parts.owner[head] == Some(Kind::Group)
            || rules.what_skip_articles.contains(&tokens[head])
        {
            head += 1;
        } else if let Some(end) = rules.vague.longest_at(tokens, head) {
            head = end;
        } else {
            break;
        }
    }
    let first = tokens.get(head)?;
    if !first.word
        || first.capital
        || parts.owner[head].is_some()
        || matches!(first.norm, "no" | "any" | "all" | "one" | "two" | "three")
        || rules.roles.longest_at(tokens, head).is_some()
    {
        return None;
    }
    let next = what_in(tokens, (from, tokens.len()), parts, rules)?;
    if next.0 < from || next.0 > head {
        return None;
    }
    let companion = (next.0..next.1)
        .any(|at| parts.owner[at] == Some(Kind::Who) || rules.companions.contains(&tokens[at]));
    // "with targets shared with college", "with his seizure care plan attached": a participle
    // after its noun, not before one ("with brief written feedback"), says how the one before
    // is done; though "with a language programme delivered by a teaching assistant" gives one.
    let participle_after_noun = |at: usize| {
        let token = &tokens[at];
        // (A short "-ed" word, "red" or "fed", counts only if listed.)
        token.word
            && past_participle(token, rules)
            && (token.norm.len() > 3 || rules.irregular_participles.contains(token))
            && tokens
                .get(at + 1)
                .is_none_or(|then| !then.word || rules.participle_followers.contains(then))
    };
    // "with input from physiotherapy as appropriate": as and when the one before needs it.
    let as_needed = (next.1..tokens.len())
        .take_while(|&at| tokens[at].word || tokens[at].norm == "'")
        .any(|at| {
            tokens[at].norm == "as"
                && tokens.get(at + 1).is_none_or(|then| {
                    !then.word || matches!(then.norm, "appropriate" | "needed" | "required")
                })
        });
    let how = as_needed || (next.0 + 1..=next.1.min(tokens.len() - 1)).any(participle_after_noun);
    (!companion && !how).then_some(next)
}

/// How many tokens after a visit or meeting its infinitive may start.
const LIGHT_HEAD_REACH: usize = 16;

/// Whether the intervention starting at `start` is a verb phrase: the word before it is a
/// modal, "to", "be" or a relative "who" ("should meet her", "to check", "be met", "who meets
/// him") that is not the end of vague wording ("access to") or of another part.
fn verb_follows(
    tokens: &[Token<'_>],
    start: usize,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> bool {
    // An instruction ("Seat Amira at the front", "Give her notice before ..."): the statement,
    // or a field's value ("What we will do: meet me at the side gate"), opens with a verb whose
    // object is a name, a pronoun or a noun phrase.
    let instruction = || {
        tokens.get(start + 1).is_some_and(|object| {
            let first = &tokens[start];
            first.word
                && !first.number
                && !rules.what_skip_articles.contains(first)
                && !rules.not_openers.contains(first)
                && (is_person_object(object, rules) || rules.what_skip_articles.contains(object))
        })
    };
    let Some(before) = start.checked_sub(1) else {
        return instruction();
    };
    if tokens[before].norm == ":" {
        return instruction();
    }
    // "It is recommended that a named key adult greets Poppy at the door": a verb in the
    // third person straight after its deliverer, with a person or a noun phrase for its object.
    if parts.owner[before] == Some(Kind::Who) {
        return third_person_verb(tokens, start, rules);
    }
    if !rules.verb_openers.contains(&tokens[before]) || parts.owner[before].is_some() {
        return false;
    }
    let vague_ends_here =
        (before.saturating_sub(4)..=before).any(|from| rules.vague.spans(tokens, from, before + 1));
    !vague_ends_here
}

/// The relative "who" after a short place or aside that follows a deliverer ("a named key adult
/// in school who meets her", "a key adult, ideally Mr Brannigan, who checks in with him"), when
/// a verb of doing follows it (not "who is trained in ...", which says who they are); `at` is
/// the first word after the deliverer and the preposition or comma that follows it.
fn relative_after_deliverer(tokens: &[Token<'_>], at: usize, parts: &PartMap) -> Option<usize> {
    let deliverer_before = (at.saturating_sub(2)..at).any(|before| {
        parts.owner[before] == Some(Kind::Who)
            && (before + 1..at).all(|between| !tokens[between].word || between + 1 == at)
    });
    if !deliverer_before {
        return None;
    }
    // The aside may say how often ("ideally the same person every day, to meet her").
    let who = (at + 1..(at + 10).min(tokens.len()))
        .take_while(|&next| {
            matches!(
                parts.owner[next],
                None | Some(Kind::Frequency | Kind::Duration)
            ) && tokens[next].norm != "."
        })
        .find(|&next| {
            (tokens[next].norm == "who" && parts.owner[next - 1].is_none())
                // "One adult she knows, ideally the same person every day, to meet her": an
                // infinitive after the aside's comma.
                || (tokens[next].norm == "to" && tokens[next - 1].norm == ",")
        })?;
    let verb = tokens.get(who + 1)?;
    (verb.word
        && !verb.capital
        && !matches!(
            verb.norm,
            "is" | "are" | "was" | "were" | "has" | "have" | "had" | "knows" | "know" | "be"
        ))
    .then_some(who)
}

/// "Staff at college and on placement to allow ...": the "to" of an infinitive after a short
/// place phrase (a preposition of place at `at`, then at most six words with no comma), if
/// there is one.
fn infinitive_after_place(
    tokens: &[Token<'_>],
    at: usize,
    to: usize,
    rules: &ProvisionRules,
) -> Option<usize> {
    if !tokens
        .get(at)
        .is_some_and(|token| rules.place_words.contains(token))
    {
        return None;
    }
    let infinitive = (at + 1..(at + 8).min(to))
        .take_while(|&next| tokens[next].word)
        .find(|&next| tokens[next].norm == "to")?;
    tokens
        .get(infinitive + 1)
        .is_some_and(|verb| verb.word && !verb.capital && !rules.what_skip_articles.contains(verb))
        .then_some(infinitive)
}

/// Whether a verb in the third person with its object seems to start at `at` ("greets Poppy",
/// "helps her", "visits the class"): a lower-case word ending in a single "s", followed by a
/// person or an article.
fn third_person_verb(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> bool {
    let (Some(verb), Some(object)) = (tokens.get(at), tokens.get(at + 1)) else {
        return false;
    };
    verb.word
        && !verb.capital
        && verb.norm.ends_with('s')
        && !verb.norm.ends_with("ss")
        && (is_person_object(object, rules) || rules.what_skip_articles.contains(object))
}

/// The first token after the last comma in `from..to`, if there is a comma: where the
/// clause holding the cue starts after a fronted phrase ("In all examinations, she ...").
fn clause_after_last_comma(tokens: &[Token<'_>], from: usize, to: usize) -> Option<usize> {
    (from..to)
        .rev()
        .find(|&at| tokens[at].norm == ",")
        .map(|comma| comma + 1)
}

/// Whether the words `from..to` before a cue name a thing ("Bea's sound-blending games",
/// "Speech and language therapy") rather than a person: "Bea's" alone, a role ("her teaching
/// assistant"), a name or a pronoun is a person.
fn is_thing(tokens: &[Token<'_>], (from, to): (usize, usize), rules: &ProvisionRules) -> bool {
    // A role after a preposition ("A referral to the continence service") is not the subject.
    let head_to = (from..to)
        .find(|&at| {
            matches!(
                tokens[at].norm,
                "to" | "of" | "from" | "for" | "with" | "by"
            )
        })
        .unwrap_or(to);
    let person = tokens[to - 1].norm == "'"
        || tokens[to - 1].norm == "s" && to >= 2 && tokens[to - 2].norm == "'"
        || (from..head_to).any(|at| rules.roles.longest_at(tokens, at).is_some());
    !person && !(to - from == 1 && (tokens[from].capital || is_subject(&tokens[from], rules)))
}

/// Whether `token` looks like a past participle: "-ed" or one of the rules' irregular ones
/// ("written", "kept").
fn past_participle(token: &Token<'_>, rules: &ProvisionRules) -> bool {
    token.norm.ends_with("ed") || rules.irregular_participles.contains(token)
}

/// Whether the word at `word` is followed by a possessive "'s" ("the service's", "Jamie's").
fn possessive_after(tokens: &[Token<'_>], word: usize) -> bool {
    tokens.get(word + 1).is_some_and(|mark| mark.norm == "'")
        && tokens.get(word + 2).is_some_and(|s| s.norm == "s")
}

/// A pronoun or similar subject word ("he", "they").
fn is_subject(token: &Token<'_>, rules: &ProvisionRules) -> bool {
    rules.subject_words.contains(token)
}

fn what_in(
    tokens: &[Token<'_>],
    (from, to): (usize, usize),
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let to = to.min(tokens.len());
    let content = |at: usize| {
        tokens.get(at).is_some_and(|token| {
            token.word
                && parts.owner[at].is_none()
                && !rules.what_trailing.contains(token)
                && rules.what_stops.longest_at(tokens, at).is_none()
                && rules.vague.longest_at(tokens, at).is_none()
        })
    };
    // A group used as a modifier inside the intervention ("access to small group work")
    // belongs to it. A group after a preposition ("in a group of four students") is where, not what kind.
    let after_preposition = |at: usize| {
        let mut before = at;
        while before > 0 && rules.what_skip_articles.contains(&tokens[before - 1]) {
            before -= 1;
        }
        before > 0 && rules.place_words.contains(&tokens[before - 1])
    };
    // "alternatives to whole-class presentations": after a noun's own "to" it is a modifier.
    let after_to_noun = |at: usize| {
        at >= 2 && tokens[at - 1].norm == "to" && rules.to_nouns.contains(&tokens[at - 2])
    };
    let modifier_group = |at: usize| match parts.part_at(at) {
        Some((_, end, Kind::Group)) if end < to => {
            content(end) && (!after_preposition(at) || after_to_noun(at))
        }
        _ => false,
    };
    let mut start = from;
    // A group opening the intervention ("1:1 support", "one-to-one fluency therapy") is its
    // own part, not the intervention's start; inside it, a group used as a modifier stays.
    while start < to {
        if let Some((_, end, _)) = parts.part_at(start) {
            start = end;
        } else if let Some(end) = rules.vague.longest_at(tokens, start) {
            start = end;
        } else if start == from
            && tokens[start].word
            && parts.owner[start].is_none()
            && let Some(end) = rules.vague.longest_at(tokens, start + 1)
        {
            // "offer support with fastenings": the verb only offers what follows.
            start = end;
        } else if matches!(tokens[start].norm, "use" | "using")
            && tokens
                .get(start + 1)
                .is_some_and(|next| matches!(next.norm, "it" | "them"))
        {
            // "use them in class tests": with a pronoun for its object, the verb phrase is the
            // intervention.
            break;
        } else if let Some(end) = rules.what_skip.longest_at(tokens, start).filter(|&end| {
            // "in-class support": a word glued on by a hyphen is part of the phrase.
            !tokens
                .get(end)
                .is_some_and(|next| next.norm == "-" && tokens[end - 1].end == next.start)
        }) {
            start = end;
        } else if let Some(end) = rules
            .generic_roles
            .longest_at(tokens, start)
            .or_else(|| {
                // "Jamie's parents to be helped to apply for ...": a named person's family.
                (tokens[start].capital && possessive_after(tokens, start))
                .then(|| rules.generic_roles.longest_at(tokens, start + 3))
                .flatten()
            })
            && end < to
            // "adult supervision" is the intervention; "Staff to have ..." is not.
            && let Some(next) = (tokens[end].norm == "to"
                || rules.verb_openers.contains(&tokens[end]))
            .then_some(end)
            .or_else(|| infinitive_after_place(tokens, end, to, rules))
        {
            // "Staff to have epilepsy training", "Staff at college and on placement to allow
            // extra time": the generic subject, and where it works, are not the intervention.
            start = next;
        } else if !tokens[start].word || parts.owner[start].is_some() {
            start += 1;
        } else if possessive_after(tokens, start)
            && start + 3 < to
            && parts.part_at(start + 3).is_some()
        {
            // "the service's two-hour training on ...": whose it is, then a part, then the
            // intervention.
            start += 3;
        } else if let Some(who) = relative_after_deliverer(tokens, start, parts) {
            // "a named key adult in school who meets her", "a key adult, ideally Mr
            // Brannigan, who checks in with him": what the deliverer does follows "who".
            start = who + 1;
        } else {
            break;
        }
    }
    // A verb phrase ("meet her at the gate", "supervise her in the playground") keeps the
    // places its verb takes: a preposition of place does not end it before a free noun phrase.
    let verbal = verb_follows(tokens, start, parts, rules);
    // A word glued to the one before by a hyphen ("return-to-school") never stops the phrase.
    let glued = |at: usize| {
        at > 0
            && at < tokens.len()
            && tokens[at - 1].norm == "-"
            && tokens[at - 1].end == tokens[at].start
    };
    let stops = |at: usize| {
        if glued(at) {
            return false;
        }
        // ("in line with her plan" is the plan it follows, not a place: a stop of its own.)
        let in_line_with = tokens[at].norm == "in"
            && tokens
                .get(at + 1)
                .is_some_and(|next| matches!(next.norm, "line" | "accordance"))
            && tokens.get(at + 2).is_some_and(|next| next.norm == "with");
        if verbal
            && !in_line_with
            && rules.place_words.contains(&tokens[at])
            && (at + 1..(at + 4).min(to))
                .find(|&next| !rules.what_skip_articles.contains(&tokens[next]))
                .is_some_and(|next| content(next) && parts.owner[next].is_none())
        {
            return false;
        }
        // "visits to the Year 4 classroom": "to" before an article is a preposition, not a
        // purpose; "a choice of how to answer", "wait for Callum to finish": an infinitive
        // the phrase needs.
        if tokens[at].norm == "to"
            && (tokens.get(at + 1).is_some_and(|next| {
                rules.what_skip_articles.contains(next)
                    || (next.capital && next.word)
                    // "talk to him": a preposition before a person.
                    || rules.object_pronouns.contains(next)
            }) || tokens.get(at.wrapping_sub(1)).is_some_and(|before| {
                matches!(before.norm, "how" | "what" | "when" | "where" | "whether")
            }) || (at >= 2
                && tokens[at - 2].norm == "for"
                && (tokens[at - 1].capital || rules.object_pronouns.contains(&tokens[at - 1]))))
        {
            return false;
        }
        // "Seat Elliot away from the door", "a seat away from the window": "away from" is a
        // place, not a source.
        if tokens[at].norm == "from" && at > 0 && tokens[at - 1].norm == "away" {
            return false;
        }
        // "a seat at the end of the row": the place says which seat.
        if at > 0
            && rules.place_words.contains(&tokens[at])
            && rules.located_nouns.contains(&tokens[at - 1])
        {
            return false;
        }
        // "Break each new skill into small steps": "each" straight after the verb is its
        // object's, unless it starts another part ("check in each morning").
        if verbal
            && at == start + 1
            && matches!(tokens[at].norm, "each" | "every")
            && parts.owner[at].is_none()
        {
            return false;
        }
        // "Warn him before any change to the timetable": an instruction keeps its time.
        if verbal && matches!(tokens[at].norm, "before" | "after") {
            return false;
        }
        // A gerund clause: "scissors for cutting tasks", "a scooter for getting around" (a
        // purpose); "praise her contributions without commenting on whether she spoke" (a
        // manner, with its own object: "read aloud without warning." keeps its noun).
        let gerund = tokens.get(at + 1).is_some_and(|next| {
            next.word && next.norm.chars().count() > 5 && next.norm.ends_with("ing")
        });
        // "a laptop for long writing", "a video magnifier in maths", "a fidget toy on the
        // carpet", "movement breaks in longer lessons": what equipment is used for, or where,
        // is not which equipment.
        // "a perching stool for the bathroom" keeps the room it is for.
        if matches!(tokens[at].norm, "for" | "in" | "on")
            && at > 0
            && rules.equipment.contains(&tokens[at - 1])
            && (tokens[at].norm != "for"
                || tokens.get(at + 1).is_none_or(|next| next.norm != "the"))
        {
            return true;
        }
        // "the hand exercises from her physiotherapy programme": the document an activity
        // comes from says which activity; "from the therapist" names who delivers it.
        if tokens[at].norm == "from"
            && (at + 1..(at + 6).min(to))
                .take_while(|&next| {
                    (tokens[next].word || tokens[next].norm == "'") && parts.owner[next].is_none()
                })
                .any(|next| rules.source_nouns.contains(&tokens[next]))
        {
            return false;
        }
        // "Instructions one step at a time": how the intervention is paced, part of it, and
        // its end.
        if tokens[at].norm == "at"
            && tokens.get(at + 1).is_some_and(|next| next.norm == "a")
            && tokens.get(at + 2).is_some_and(|next| next.norm == "time")
        {
            return false;
        }
        if at >= 3
            && tokens[at - 3].norm == "at"
            && tokens[at - 2].norm == "a"
            && tokens[at - 1].norm == "time"
        {
            return true;
        }
        match tokens[at].norm {
            "for" if gerund => return true,
            "without" if gerund && tokens.get(at + 2).is_some_and(|after| after.word) => {
                return true;
            }
            _ => {}
        }
        match rules.what_stops.longest_at(tokens, at) {
            None => false,
            // "with" ends the intervention only before a deliverer: "a laptop with speech
            // recognition software", but "phonics with a trained teaching assistant".
            // It ends it before a number too ("with one or two friends": company, not means).
            Some(stop_end) if stop_end == at + 1 && rules.soft_stops.contains(&tokens[at]) => {
                parts.owner.get(at + 1) == Some(&Some(Kind::Who))
                    || tokens.get(at + 1).is_some_and(|next| next.number)
                    // "by" ends it before anyone ("written by the therapist", "done by
                    // staff") or a means ("by asking him"); "by prior agreement" stays.
                    || (tokens[at].norm == "by"
                        && !tokens.get(at + 1).is_some_and(|next| {
                            next.word
                                && !rules.what_skip_articles.contains(next)
                                && !next.norm.ends_with("ing")
                                && rules.roles.longest_at(tokens, at + 1).is_none()
                                && rules.modifiers.longest_at(tokens, at + 1).is_none()
                        }))
            }
            Some(_) => true,
        }
    };
    // A comma inside a noun phrase ("a structured, multisensory programme", "a sloped board, a
    // pencil grip and lined paper"), not one before a clause ("..., delivered by", "..., so").
    let comma_continues = |at: usize| {
        let Some(next) = tokens.get(at + 1) else {
            return false;
        };
        // Examples set off by a comma (", such as cover lessons", ", including a reader") are
        // an aside, not the intervention; "visual supports such as objects" keeps them.
        if rules.what_continuers.longest_at(tokens, at + 1).is_some() {
            return false;
        }
        let word = if rules.what_skip_articles.contains(next) {
            at + 2
        } else {
            at + 1
        };
        // A participle after a comma starts a clause (", delivered by", ", based on") unless
        // a noun follows it as in a list of adjectives ("a quiet, supervised room").
        let participle_clause = |at: usize| {
            !(content(at + 1)
                && !stops(at + 1)
                && tokens.get(at + 1).is_some_and(|next| {
                    rules.vague.longest_at(tokens, at + 1).is_none()
                        && !next.capital
                        // "..., tested quietly with an adult": an adverb, not a noun.
                        && !(next.norm.len() > 4
                            && next.norm.ends_with("ly")
                            && !matches!(next.norm, "family" | "assembly" | "supply"))
                }))
        };
        tokens.get(word).is_some_and(|token| {
            !token.capital
                && !rules.comma_stops.contains(token)
                && !(token.norm.chars().count() > 3
                    && (token.norm.ends_with("ed") || token.norm.ends_with("ing"))
                    && participle_clause(word))
        }) && content(word)
            && !stops(word)
    };
    // "a safe space he can go to when ...", "a quiet room to go to at break": a preposition
    // left at the end by its verb stays.
    let stranded = |end: usize| {
        end >= start + 2
            && rules.stranding_verbs.contains(&tokens[end - 2])
            && matches!(
                tokens[end - 1].norm,
                "to" | "in" | "into" | "on" | "with" | "about"
            )
            && tokens.get(end).is_none_or(|next| {
                !next.word
                    || matches!(next.norm, "at" | "during" | "every" | "each")
                    || (next.norm != "to" && rules.more_stops.longest_at(tokens, end).is_some())
            })
    };
    let mut end = start;
    // Whether the examples of the intervention ("such as ...") have begun.
    let mut examples = false;
    // Whether a "that" clause checked for has begun ("checking that her hearing aids are
    // working"): its verb does not end the intervention.
    let mut checked_clause = false;
    // Whether a list of the objects of a preposition has begun ("photographs of the hall, his
    // form room ..."): its last item, after "and", stays in it.
    let mut object_list = false;
    while end < to && end - start < MAX_WHAT_TOKENS {
        if end > start
            && tokens[end].norm == "that"
            && rules.checking_verbs.contains(&tokens[end - 1])
        {
            checked_clause = true;
        } else if checked_clause
            && matches!(tokens[end].norm, "is" | "are" | "has" | "have")
            && content(end + 1)
        {
            end += 1;
            continue;
        }
        if modifier_group(end)
            && let Some((_, group_end, _)) = parts.part_at(end)
        {
            end = group_end;
            continue;
        }
        let token = &tokens[end];
        // "visual supports such as objects of reference": examples stay in the intervention.
        if end > start
            && let Some(after) = rules.what_continuers.longest_at(tokens, end)
            && (content(after) || content(after + 1))
        {
            end = after;
            examples = true;
            continue;
        }
        // "a pass to leave lessons early", "a plan to help him settle": an infinitive that
        // completes its noun belongs to the intervention.
        if token.norm == "to"
            && end > start
            && rules.to_nouns.contains(&tokens[end - 1])
            && (content(end + 1) || modifier_group(end + 1))
        {
            end += 1;
            continue;
        }
        // "number bonds to 10", "a group for 11 to 14 year olds", "keep their language to two
        // key words", "to one side": "to" before a number (digits or a number word, as the
        // tokeniser marks it) that is no part of its own is a range, target or place, not a
        // purpose.
        if token.norm == "to"
            && end > start
            && tokens.get(end + 1).is_some_and(|next| next.number)
            && parts.owner[end + 1].is_none()
        {
            end += 2;
            continue;
        }
        if stranded(end + 1) {
            end += 1;
            continue;
        }
        // "go to lunch club", "return to school": after a verb of going, "to" leads to a
        // place, not a purpose.
        if token.norm == "to"
            && end > start
            && rules.going_verbs.contains(&tokens[end - 1])
            && content(end + 1)
        {
            end += 1;
            continue;
        }
        // "a writing slope and a pencil grip", "ear defenders or a quiet seat": a second noun
        // phrase with its own article (or a second verb of providing) is a second
        // intervention, found by `further_whats`.
        // (Not the last item of a list after a preposition: "photographs of the hall, his form
        // room and the library".)
        // "meet Rosa and her parent at the door": a second person after a person is one
        // object.
        let second_person = end > start
            && tokens
                .get(end + 2)
                .is_some_and(|noun| rules.people.contains(noun))
            && tokens
                .get(end - 1)
                .is_some_and(|token| is_person_object(token, rules));
        if end > start
            && !checked_clause
            && !object_list
            && !second_person
            && matches!(token.norm, "and" | "or")
            && tokens.get(end + 1).is_some_and(|next| {
                rules.what_skip_articles.contains(next) || rules.more_verbs.contains(next)
            })
        {
            break;
        }
        // "a long-handled hairbrush, a perching stool and adapted cutlery": after a comma, a
        // noun phrase with its own article is the next item of a list (guide version 2.1),
        // though not inside examples, a quotation or a phrase after a preposition ("photographs
        // of the buildings, his form room and the dining hall").
        if end > start
            && !examples
            && token.norm == ","
            && tokens
                .get(end + 1)
                .is_some_and(|next| rules.what_skip_articles.contains(next))
            && !tokens[start..end].iter().any(|token| {
                matches!(
                    token.norm,
                    "of" | "with"
                        | "for"
                        | "about"
                        | "from"
                        | "to"
                        | "in"
                        | "on"
                        | "at"
                        | "into"
                        | "\""
                        | "("
                        | "“"
                )
            })
        {
            break;
        }
        // "25% extra time, supervised rest breaks and a separate room": provision named
        // without an article starts another item too, though not inside examples ("visual
        // prompts such as a now-and-next board and task cards").
        if end > start
            && !examples
            && matches!(token.norm, "and" | "or" | ",")
            && rules.item_heads.longest_at(tokens, end + 1).is_some()
        {
            break;
        }
        let joiner = end > start
            && ((matches!(token.norm, "-" | "'" | "&" | "/" | "\"")
                && (content(end + 1) || glued(end + 1)))
                // "25% extra time".
                || (token.norm == "%" && tokens[end - 1].number && content(end + 1))
                || (token.norm == "," && comma_continues(end)));
        // A comma kept after a preposition ("photographs of the hall, his form room") lists its
        // objects.
        if joiner
            && token.norm == ","
            && tokens
                .get(end + 1)
                .is_some_and(|next| rules.what_skip_articles.contains(next))
            && tokens[start..end]
                .iter()
                .any(|token| matches!(token.norm, "of" | "with"))
        {
            object_list = true;
        }
        if parts.owner[end].is_some()
            || (!token.word && !joiner)
            || (end > start && stops(end))
            || (!glued(end) && rules.vague.longest_at(tokens, end).is_some())
        {
            break;
        }
        end += 1;
    }
    // "allow extra time ... and offer support with fastenings": a verb after "and" that only
    // leads into vague wording starts another intervention, found by `further_whats`.
    if end < to && rules.vague.longest_at(tokens, end).is_some() {
        let mut verb = end - 1;
        if verb > start && rules.object_pronouns.contains(&tokens[verb]) {
            verb -= 1;
        }
        if verb > start + 1 && tokens[verb - 1].norm == "and" {
            end = verb - 1;
        }
    }
    // "Give Rose warning before she is asked to answer", "notice of questions he will be
    // asked": a clause cut after its subject runs on to its end.
    if end > start + 1
        && end < to
        && matches!(tokens[end - 1].norm, "he" | "she" | "they" | "i" | "we")
        // Not a condition or reason ("whenever they are teaching the class").
        && !matches!(
            tokens[end - 2].norm,
            "when" | "whenever" | "if" | "while" | "as" | "because" | "so" | "unless" | "once"
        )
    {
        let clause_end = (end..to.min(end + 16))
            .find(|&at| {
                !(tokens[at].word || matches!(tokens[at].norm, "-" | "'"))
                    || parts.owner[at].is_some()
            })
            .unwrap_or(to.min(end + 16));
        if clause_end > end + 1 {
            end = clause_end;
        }
    }
    // A word that ends interventions, alone ("..., delivered by ...", "through the NHS
    // therapist"), names none.
    if end == start + 1
        && rules.what_stops.longest_at(tokens, start).is_some()
        && (!rules.soft_stops.contains(&tokens[start])
            || parts.owner.get(start + 1) == Some(&Some(Kind::Who)))
    {
        return None;
    }
    // A word glued on by a hyphen ("check-in") is not trailing.
    while end > start
        && !stranded(end)
        && (!tokens[end - 1].word
            || (rules.what_trailing.contains(&tokens[end - 1]) && !glued(end - 1)))
    {
        end -= 1;
    }
    // The article or possessive just before the noun phrase belongs to it ("a quiet room",
    // "his rescue medicine"), as the gold set quotes it.
    if end > start
        && start > from
        && rules.what_skip_articles.contains(&tokens[start - 1])
        && parts.owner[start - 1].is_none()
    {
        start -= 1;
    }
    (end > start).then_some((start, end))
}

#[cfg(test)]
mod tests;

/// "a referral to the occupational therapy service for an assessment of his sensory
/// processing": when the intervention found is only the referral and the service it goes to
/// delivers, what the service is asked for is the intervention.
fn referred_for(
    tokens: &[Token<'_>],
    (from, to): TokenSpan,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<TokenSpan> {
    // "a referral", "Referral", "Refer Theo": the referral word opens or ends a short span.
    let head = tokens.get(to.checked_sub(1)?)?;
    let first = tokens.get(from)?;
    if !(rules.referral_words.contains(head) || rules.referral_words.contains(first))
        || to - from > 2
    {
        return None;
    }
    let (who_from, who_to, kind) = parts.part_at(to + 1)?;
    if kind != Kind::Who || who_from != to + 1 || tokens.get(to)?.norm != "to" {
        return None;
    }
    let at = referral_for_at(tokens, who_to, rules)?;
    what_in(tokens, (at + 1, tokens.len()), parts, rules)
}

/// Where "for" follows the place a referral goes to, ending at `end` ("a referral to the
/// dietitian for advice"), with a service named in apposition passed over ("Referral to a
/// Teacher of the Deaf, Westbrook Sensory Support Service, for a school visit"), and what it is
/// for is not the people it is for ("a referral to the sleep service for the family").
fn referral_for_at(tokens: &[Token<'_>], end: usize, rules: &ProvisionRules) -> Option<usize> {
    let mut at = end;
    // The apposition may already be part of the deliverer: then only its comma comes before.
    if tokens.get(at)?.norm == "," && tokens.get(at + 1)?.norm != "for" {
        at = (at + 1..(at + 10).min(tokens.len()))
            .find(|&comma| tokens[comma].norm == ",")
            .map_or(at, |comma| comma + 1);
    }
    if tokens.get(at)?.norm == "," {
        at += 1;
    }
    let mut what = at + 1;
    while tokens
        .get(what)
        .is_some_and(|word| rules.what_skip_articles.contains(word))
    {
        what += 1;
    }
    let for_people = tokens
        .get(what)
        .is_some_and(|word| rules.people.contains(word) || rules.object_pronouns.contains(word));
    (tokens.get(at)?.norm == "for" && !for_people).then_some(at)
}

/// Splits an intervention made of two verb phrases joined by "and" ("Break instructions into
/// short steps and write them on a mini whiteboard", "give instructions one step at a time and
/// back them up with pictures"): it opens a statement or follows a modal or "to", and "and" is
/// followed by a bare word that is not an article, pronoun, plural, participle or role, whose
/// object opens with an article or is a pronoun, with at least two words on each side.
fn split_verb_phrases(
    tokens: &[Token<'_>],
    (from, to): TokenSpan,
    rules: &ProvisionRules,
) -> (TokenSpan, Option<TokenSpan>) {
    let opens = from == 0
        || tokens.get(from - 1).is_some_and(|before| {
            matches!(
                before.norm,
                "should" | "must" | "will" | "would" | "could" | "can" | "to" | "please"
            )
        });
    if !opens
        || tokens
            .get(from)
            .is_none_or(|first| rules.what_skip_articles.contains(first))
    {
        return ((from, to), None);
    }
    let split = (from + 2..to.saturating_sub(2)).find(|&at| {
        tokens[at].norm == "and"
            && (from..at).all(|word| tokens[word].word)
            && verb_with_object(tokens, at + 1, rules)
            && rules.what_stops.longest_at(tokens, at + 1).is_none()
    });
    match split {
        Some(at) => ((from, at), Some((at + 1, to))),
        None => ((from, to), None),
    }
}

/// Whether a verb with its object seems to start at `at`: a bare lower-case word that is not
/// an article, pronoun, plural, participle, adverb, number or role, followed by an article,
/// possessive or object pronoun ("write them", "display it", "keep their language", "change
/// the batteries"); "train new staff" and "take clear and prompt action" are not taken.
fn verb_with_object(tokens: &[Token<'_>], at: usize, rules: &ProvisionRules) -> bool {
    let (Some(verb), Some(object)) = (tokens.get(at), tokens.get(at + 1)) else {
        return false;
    };
    verb.word
        && !verb.capital
        && verb.norm.len() > 2
        && !rules.what_skip_articles.contains(verb)
        && !matches!(
            verb.norm,
            "him" | "her" | "them" | "me" | "it" | "us" | "you" | "their" | "its" | "other"
        )
        && !["ing", "ed", "s", "ly"]
            .iter()
            .any(|ending| verb.norm.ends_with(ending))
        && !verb.norm.bytes().any(|byte| byte.is_ascii_digit())
        && (rules.what_skip_articles.contains(object)
            || object.norm == "it"
            || rules.object_pronouns.contains(object))
        && rules.roles.longest_at(tokens, at).is_none()
        && rules.what_stops.longest_at(tokens, at).is_none()
}
