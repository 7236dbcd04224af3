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
//! leading verbs and articles and vague wording. A group used as a modifier stays in it: "small
//! group work" is both the `what` and, in part, the `group`.
//!
//! Which sentences are statements: a document with a recommendation section ("Recommendations",
//! "Provision required", "What Jaden needs") is read section by section, and inside a section a
//! whole item written as a noun phrase ("Access to a quiet room.") counts without a cue;
//! background sentences outside the sections ("He needs extra time in class") do not count.
//! A document without such a section falls back on cues alone.
//!
//! Submodules: `rules` (the data file, tokeniser and phrase matching) and `segment` (sentences
//! and list items).

mod rules;
mod segment;

pub use rules::{ProvisionRules, RulesError};

#[cfg(test)]
use rules::BUILTIN_RULES;
use rules::{Norms, Token, tokenise, tokenise_into};
use segment::{Segment, segments};

/// The most tokens an expertise clause may span.
const MAX_PHRASE_TOKENS: usize = 12;

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
    /// The intervention or activity ("small group work", "precision teaching"). A group word
    /// used as a modifier stays in it: "small group work", not "work".
    pub what: Option<Part>,
    /// Who delivers it, with any stated training or expertise ("a teaching assistant trained by
    /// the speech and language therapist").
    pub who: Option<Part>,
    /// The grouping ("small group", "1:1", "groups of up to 4").
    pub group: Option<Part>,
    /// How often ("three times a week", "daily").
    pub frequency: Option<Part>,
    /// How long each session lasts ("30 minutes", "30-minute sessions").
    pub duration: Option<Part>,
    /// How long the programme runs ("for two terms", "until the next annual review").
    pub programme_length: Option<Part>,
    /// Every non-specific phrase in the statement ("regular", "access to"), in order.
    pub vague: Vec<Part>,
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
    let chars = chars_of(text);
    // Tokenise every segment first, so that all their tokens share one vector and all their
    // text one buffer.
    let mut norms = Norms::with_capacity(text.len());
    let mut raw = Vec::with_capacity(chars.len() / 4);
    let pieces: Vec<(Segment, usize, usize)> = segments(&chars)
        .into_iter()
        .map(|segment| {
            let from = raw.len();
            tokenise_into(
                &chars,
                segment.start,
                segment.end,
                &rules.lexicon,
                &mut norms,
                &mut raw,
            );
            (segment, from, raw.len())
        })
        .collect();
    let all_tokens = norms.resolve(&raw);
    let units: Vec<Unit<'_, '_>> = pieces
        .iter()
        .filter_map(|&(segment, from, to)| {
            Unit::read(&chars, segment, all_tokens.get(from..to)?, rules)
        })
        .collect();
    let sectioned = units
        .iter()
        .any(|unit| unit.heading == Some(true) || unit.intro);
    let mut statements = Vec::new();
    let mut in_section = false;
    let mut after_intro = false;
    for mut unit in units {
        if let Some(recommends) = unit.heading {
            if recommends {
                in_section = true;
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
        let is_statement = if sectioned {
            let inside = in_section || (after_intro && unit.segment.list_item);
            inside
                && !unit.intro
                && if unit.cue.is_some() {
                    last != ':'
                } else if !matches!(last, '.' | ':' | '!' | '?') {
                    unit.segment.list_item || !unit.parts(rules).selected.is_empty()
                } else {
                    last == '.'
                        && ((unit.whole_line && noun_phrase_like(unit.tokens, rules))
                            || (rules.offer_openers.longest_at(unit.tokens, 0).is_some()
                                && unit.parts(rules).selected.iter().any(|part| {
                                    matches!(part.2, Kind::Frequency | Kind::Programme)
                                })))
                }
        } else if unit.segment.list_item {
            unit.cue.is_some() || in_section || after_intro
        } else {
            (unit.cue.is_some() && last != ':')
                || (in_section
                    && !matches!(last, '.' | ':')
                    && !unit.parts(rules).selected.is_empty())
        };
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
        if is_statement {
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
    statements
}

/// The characters of `text`, in a vector allocated once (ASCII text is copied byte by byte).
fn chars_of(text: &str) -> Vec<char> {
    if text.is_ascii() {
        text.bytes().map(char::from).collect()
    } else {
        let mut chars = Vec::with_capacity(text.len());
        chars.extend(text.chars());
        chars
    }
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
    /// another heading.
    heading: Option<bool>,
    /// A heading for a part of the advice that is not provision ("Outcomes I hope to see:").
    closes_section: bool,
    /// A sentence with a cue that introduces the list after it ("I recommend the following:").
    intro: bool,
    /// The unit fills its line (a list item or a one-sentence paragraph).
    whole_line: bool,
}

impl<'t, 'a> Unit<'t, 'a> {
    /// Its parts, building them on first use.
    fn parts(&mut self, rules: &ProvisionRules) -> &PartMap {
        self.parts
            .get_or_insert_with(|| PartMap::build(self.tokens, rules))
    }

    fn read(
        chars: &[char],
        segment: Segment,
        tokens: &'t [Token<'a>],
        rules: &ProvisionRules,
    ) -> Option<Unit<'t, 'a>> {
        if !tokens.iter().any(|token| token.word) {
            return None;
        }
        let last = *chars.get(segment.end.checked_sub(1)?)?;
        let cue = find_cue(tokens, rules);
        let whole_line = segment.list_item || {
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
        if whole_line && looks_like_heading(tokens, last, 10) {
            recommends = is_recommendation_heading(tokens, rules);
            // "Outcomes I hope to see:" closes a section; "Outcomes and provision" opens one.
            closes = !recommends && !rules.not_headings.find_all(tokens).is_empty();
            heading_shape =
                looks_like_heading(tokens, last, if recommends || closes { 10 } else { 6 })
                    && parts
                        .insert(PartMap::build(tokens, rules))
                        .selected
                        .is_empty();
        }
        let heading =
            (heading_shape && (!segment.list_item || recommends || closes)).then_some(recommends);
        let intro = cue.is_some_and(|cue| {
            last == ':'
                || (cue.end..(cue.end + 3).min(tokens.len()))
                    .any(|at| rules.intro_phrases.longest_at(tokens, at).is_some())
        });
        Some(Unit {
            segment,
            tokens,
            cue,
            parts,
            last,
            heading,
            closes_section: closes,
            intro,
            whole_line,
        })
    }
}

/// Whether a heading names recommendations: it contains a heading phrase ("Recommendations",
/// "Provision"), or opens with a question word and says what is needed or wanted ("What Jaden
/// needs", "What would help").
fn is_recommendation_heading(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    if !rules.headings.find_all(tokens).is_empty() {
        return true;
    }
    let mut words = tokens.iter().filter(|token| token.word && !token.number);
    words
        .next()
        .is_some_and(|first| rules.heading_openers.contains(first))
        && words.any(|token| rules.heading_wants.contains(token))
}

/// Whether a whole item without a cue reads as a recommendation written as a noun phrase ("A
/// writing slope for all written work.", "Access to a quiet room.", "Seeing my mentor weekly.")
/// rather than a sentence with its own subject and verb ("I will review progress in June.",
/// "The aim is a planned return.").
fn noun_phrase_like(tokens: &[Token<'_>], rules: &ProvisionRules) -> bool {
    let words: Vec<&Token<'_>> = tokens.iter().filter(|token| token.word).collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() < 2 || rules.not_openers.contains(first) {
        return false;
    }
    for (index, token) in words.iter().enumerate().take(5) {
        if rules.clause_markers.contains(token) {
            return true;
        }
        if index > 0 && rules.finite_verbs.contains(token) {
            return false;
        }
    }
    true
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
fn find_cue(tokens: &[Token<'_>], rules: &ProvisionRules) -> Option<Cue> {
    // The blocked spans, found when the first cue is (most units have none).
    let mut blocked: Option<Vec<(usize, usize)>> = None;
    // Whether the token at `at` is inside a conditional clause ("If I need help, ..."): from a
    // conditional word to the next comma or semicolon. Updated token by token, in order.
    let mut conditional = false;
    for (at, token) in tokens.iter().enumerate() {
        if matches!(token.norm, "," | ";" | ":") {
            conditional = false;
        } else if rules.conditionals.contains(token) {
            conditional = true;
        }
        let after = rules.cues_after.longest_at(tokens, at);
        let before = rules.cues_before.longest_at(tokens, at);
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
        if cue.end - cue.start == 1
            && rules.subject_needed.contains(&tokens[at])
            && !is_verb_use(tokens, at, rules)
        {
            continue;
        }
        if conditional {
            continue;
        }
        // "We would like him to have ..." recommends; "we want people to see ..." does not.
        if rules.need_object.spans(tokens, cue.start, cue.end)
            && !has_object(tokens, cue.end, rules)
        {
            continue;
        }
        return Some(cue);
    }
    None
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

/// Which token belongs to which part.
struct PartMap {
    owner: Vec<Option<Kind>>,
    /// Selected parts as (from, to, kind), in order of start.
    selected: Vec<(usize, usize, Kind)>,
}

impl PartMap {
    /// Frequency, duration, group and programme length: leftmost-longest across all four.
    fn build(tokens: &[Token<'_>], rules: &ProvisionRules) -> Self {
        let mut candidates = Vec::new();
        for (kind, phrases) in [
            (Kind::Blocked, &rules.not_parts),
            (Kind::Programme, &rules.programme_length),
            (Kind::Duration, &rules.duration),
            (Kind::Frequency, &rules.frequency),
            (Kind::Group, &rules.group),
        ] {
            candidates.extend(
                phrases
                    .find_all(tokens)
                    .into_iter()
                    .map(|(from, to)| (from, to, kind)),
            );
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
        for owner in &mut map.owner {
            if *owner == Some(Kind::Blocked) {
                *owner = None;
            }
        }
        map.selected.retain(|part| part.2 != Kind::Blocked);
        map
    }

    fn is_free(&self, from: usize, to: usize) -> bool {
        self.owner
            .get(from..to)
            .is_some_and(|owners| owners.iter().all(Option::is_none))
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
    mut parts: PartMap,
    rules: &ProvisionRules,
) -> ProvisionStatement {
    if let Some((from, to)) = find_who(tokens, cue, &parts, rules) {
        parts.claim(from, to, Kind::Who);
    }
    let quote = |(from, to): (usize, usize)| -> Part {
        let start = tokens[from].start;
        let end = tokens[to - 1].end;
        Part {
            text: chars[start..end].iter().collect(),
            start,
            end,
        }
    };
    let what = find_what(tokens, cue, &parts, rules).map(quote);
    let frequency = parts.first(Kind::Frequency);
    // "three 20-minute sessions a week": the session length sits inside the frequency.
    let duration = parts.first(Kind::Duration).or_else(|| {
        let (from, to) = frequency?;
        (from..to).find_map(|at| {
            rules
                .duration
                .longest_at(tokens, at)
                .filter(|&end| end <= to)
                .map(|end| (at, end))
        })
    });
    ProvisionStatement {
        text: chars[segment.start..segment.end].iter().collect(),
        start: segment.start,
        end: segment.end,
        what,
        who: parts.first(Kind::Who).map(quote),
        group: parts.first(Kind::Group).map(quote),
        frequency: frequency.map(quote),
        duration: duration.map(quote),
        programme_length: parts.first(Kind::Programme).map(quote),
        vague: rules
            .vague
            .find_all(tokens)
            .into_iter()
            .map(quote)
            .collect(),
    }
}

/// The deliverer: a role word with its modifiers and any expertise clause. Prefers the first
/// role after the cue; a role before a reporting verb ("The therapist recommends") wrote the
/// advice and is skipped.
fn find_who(
    tokens: &[Token<'_>],
    cue: Option<Cue>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let mut candidates = Vec::new();
    for (role_start, role_end) in rules.roles.find_all(tokens) {
        if !parts.is_free(role_start, role_end)
            || cue.is_some_and(|cue| role_start < cue.end && cue.start < role_end)
            || tokens
                .get(role_end)
                .is_some_and(|next| rules.not_before.contains(next))
        {
            continue;
        }
        let start = widen_role(tokens, role_start, role_end, cue, parts, rules);
        // "a programme set by the therapist", "a plan written with the nurse": the role wrote
        // or checks something; it does not deliver the provision.
        if (1..=3).any(|back| {
            start
                .checked_sub(back)
                .is_some_and(|from| rules.not_after_roles.spans(tokens, from, start))
        }) {
            continue;
        }
        let mut end = expertise_end(tokens, role_end, parts, rules).unwrap_or(role_end);
        // A generic word ("staff", "adults") names a deliverer only when it is trained or
        // named ("two trained staff"), has an expertise clause, is introduced by "by" or "from",
        // or is followed by what it is to do ("an adult to supervise her"); "Staff should allow
        // rest breaks" and "advise staff" name nobody in particular.
        if rules.generic_roles.spans(tokens, role_start, role_end)
            && end == role_end
            && !(start..role_start).any(|at| rules.specific_modifiers.contains(&tokens[at]))
            && !start
                .checked_sub(1)
                .is_some_and(|at| rules.delivery_words.contains(&tokens[at]))
            && !(start > 0 && tokens.get(role_end).is_some_and(|next| next.norm == "to"))
        {
            continue;
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
            let Some(next_end) = rules.roles.longest_at(tokens, at) else {
                break;
            };
            if !parts.is_free(end, next_end) {
                break;
            }
            end = expertise_end(tokens, next_end, parts, rules).unwrap_or(next_end);
        }
        candidates.push((start, end));
    }
    // Candidates may overlap (a role inside another's expertise clause): keep the earliest.
    let mut kept: Vec<(usize, usize)> = Vec::new();
    for candidate in candidates {
        if kept.last().is_none_or(|last| candidate.0 >= last.1) {
            kept.push(candidate);
        }
    }
    match cue {
        None => kept.first().copied(),
        Some(cue) => kept
            .iter()
            .copied()
            .find(|candidate| candidate.0 >= cue.end)
            .or_else(|| {
                let reporting = rules.reporting_verbs.contains(&tokens[cue.start]);
                kept.iter()
                    .copied()
                    .rev()
                    .find(|candidate| candidate.1 <= cue.start && !reporting)
            }),
    }
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
    if start == role_start && rules.head_roles.contains(head) {
        let floor = cue.map_or(0, |cue| if cue.end <= role_start { cue.end } else { 0 });
        let mut at = role_start;
        while at > floor && role_start - at < 8 {
            let token = &tokens[at - 1];
            if parts.owner[at - 1].is_some() {
                break;
            }
            if rules.who_determiners.contains(token) {
                return at - 1;
            }
            let joins = matches!(token.norm, "-" | "'");
            if !(joins || token.word)
                || matches!(token.norm, "and" | "or" | "by" | "from" | "with" | "to")
                || rules.what_stops.longest_at(tokens, at - 1).is_some()
            {
                break;
            }
            at -= 1;
        }
    }
    start
}

/// The end of an expertise clause ("trained by the speech and language therapist", "trained in
/// precision teaching") starting at `at`, if there is one.
fn expertise_end(
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
        return Some(role_end);
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

/// The intervention: the object of the cue (or the subject of a passive cue), minus the other
/// parts, leading verbs and articles, and vague wording. A group immediately followed by a noun
/// is kept as its modifier ("small group work").
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
        let window = if opens_clause { 5 } else { 1 };
        let from = (cue.end..(cue.end + window).min(tokens.len()))
            .find_map(|at| rules.object_verbs.longest_at(tokens, at))
            .unwrap_or(cue.end);
        what_in(tokens, (from, tokens.len()), parts, rules)
    };
    let found = match cue {
        None => what_in(tokens, whole, parts, rules),
        Some(cue) if cue.before => {
            // "Therapy will be delivered ...", but "Sam should be given extra time".
            let before = what_in(tokens, (0, cue.start), parts, rules);
            let subject = before.is_some_and(|(from, to)| {
                to - from == 1 && (tokens[from].capital || is_subject(&tokens[from], rules))
            });
            if subject || before.is_none() {
                after(cue).or(before)
            } else {
                before
            }
        }
        // Nothing after the cue ("... so I can leave when I need to"): look before it.
        Some(cue) => after(cue).or_else(|| what_in(tokens, (0, cue.start), parts, rules)),
    };
    beyond_light_head(tokens, found, parts, rules)
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
    if !rules.light_heads.spans(tokens, from, to) {
        return found;
    }
    let limit = (to + LIGHT_HEAD_REACH).min(tokens.len());
    (to..limit)
        .find(|&at| tokens[at].norm == "to" && parts.owner[at].is_none())
        .and_then(|at| what_in(tokens, (at + 1, tokens.len()), parts, rules))
        .or(found)
}

/// How many tokens after a visit or meeting its infinitive may start.
const LIGHT_HEAD_REACH: usize = 16;

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
    // A group used as a modifier ("small group work") belongs to the intervention.
    let modifier_group = |at: usize| match parts.part_at(at) {
        Some((_, end, Kind::Group)) if end < to => content(end),
        _ => false,
    };
    let mut start = from;
    while start < to {
        if modifier_group(start) {
            break;
        }
        if let Some((_, end, _)) = parts.part_at(start) {
            start = end;
        } else if let Some(end) = rules.vague.longest_at(tokens, start) {
            start = end;
        } else if let Some(end) = rules.what_skip.longest_at(tokens, start) {
            start = end;
        } else if let Some(end) = rules.generic_roles.longest_at(tokens, start)
            && end < to
        {
            // "Staff to have epilepsy training": the generic subject is not the intervention.
            start = end;
        } else if !tokens[start].word || parts.owner[start].is_some() {
            start += 1;
        } else {
            break;
        }
    }
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
        match rules.what_stops.longest_at(tokens, at) {
            None => false,
            // "with" ends the intervention only before a deliverer: "a laptop with speech
            // recognition software", but "phonics with a trained teaching assistant".
            Some(stop_end) if stop_end == at + 1 && rules.soft_stops.contains(&tokens[at]) => {
                parts.owner.get(at + 1) == Some(&Some(Kind::Who))
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
        if rules.what_continuers.longest_at(tokens, at + 1).is_some() {
            return true;
        }
        let word = if rules.what_skip_articles.contains(next) {
            at + 2
        } else {
            at + 1
        };
        tokens.get(word).is_some_and(|token| {
            !token.capital
                && !rules.comma_stops.contains(token)
                && !(token.norm.chars().count() > 4
                    && (token.norm.ends_with("ed") || token.norm.ends_with("ing")))
        }) && content(word)
            && !stops(word)
    };
    let mut end = start;
    while end < to && end - start < MAX_WHAT_TOKENS {
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
            continue;
        }
        // "a pass to leave lessons early", "a plan to help him settle": an infinitive that
        // completes its noun belongs to the intervention.
        if token.norm == "to"
            && end > start
            && rules.to_nouns.contains(&tokens[end - 1])
            && content(end + 1)
        {
            end += 1;
            continue;
        }
        let joiner = end > start
            && ((matches!(token.norm, "-" | "'" | "&" | "/")
                && (content(end + 1) || glued(end + 1)))
                || (token.norm == "," && comma_continues(end)));
        if parts.owner[end].is_some()
            || (!token.word && !joiner)
            || (end > start && stops(end))
            || (!glued(end) && rules.vague.longest_at(tokens, end).is_some())
        {
            break;
        }
        end += 1;
    }
    while end > start && (!tokens[end - 1].word || rules.what_trailing.contains(&tokens[end - 1])) {
        end -= 1;
    }
    (end > start).then_some((start, end))
}

#[cfg(test)]
mod tests;
