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
//! Submodules: `rules` (the data file, tokeniser and phrase matching) and `segment` (sentences
//! and list items).

mod rules;
mod segment;

pub use rules::{ProvisionRules, RulesError};

#[cfg(test)]
use rules::BUILTIN_RULES;
use rules::{Token, tokenise};
use segment::{Segment, segments};

/// The most tokens an intervention ("what") or an expertise clause may span.
const MAX_PHRASE_TOKENS: usize = 12;

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
/// A sentence is a recommendation if it has a cue ("should receive", "will need", "I
/// recommend", "to be provided", ...) and does not merely introduce a list (ending in a colon).
/// A list item is one if it has a cue, or follows a "Recommendations" (or "Provision",
/// "Strategies", ...) heading, or follows a sentence that recommends.
pub fn find_statements(text: &str, rules: &ProvisionRules) -> Vec<ProvisionStatement> {
    let chars: Vec<char> = text.chars().collect();
    let mut statements = Vec::new();
    let mut in_section = false;
    let mut after_intro = false;
    for segment in segments(&chars, text) {
        let tokens = tokenise(&chars, segment.start, segment.end, &rules.numbers);
        if !tokens.iter().any(|token| token.word) {
            continue;
        }
        let cue = find_cue(&tokens, rules);
        let last = chars[segment.end - 1];
        let parts = PartMap::build(&tokens, rules);
        if !segment.list_item && looks_like_heading(&tokens, last) && parts.selected.is_empty() {
            if !rules.headings.find_all(&tokens).is_empty() {
                in_section = true;
                after_intro = false;
                continue;
            }
            if cue.is_none() {
                in_section = false;
                after_intro = false;
                continue;
            }
        }
        let is_statement = if segment.list_item {
            cue.is_some() || in_section || after_intro
        } else {
            (cue.is_some() && last != ':')
                || (in_section && !matches!(last, '.' | ':') && !parts.selected.is_empty())
        };
        if !segment.list_item {
            after_intro = cue.is_some()
                && (last == ':'
                    || tokens.iter().any(|token| {
                        rules
                            .intro_prefixes
                            .iter()
                            .any(|prefix| token.norm.starts_with(prefix.as_str()))
                    }));
        }
        if is_statement {
            statements.push(parse(&chars, segment, &tokens, cue, parts, rules));
        }
    }
    statements
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
    let tokens = tokenise(&chars, start, end, &rules.numbers);
    let cue = find_cue(&tokens, rules);
    let parts = PartMap::build(&tokens, rules);
    parse(&chars, segment, &tokens, cue, parts, rules)
}

fn looks_like_heading(tokens: &[Token], last: char) -> bool {
    let words = tokens.iter().filter(|token| token.word).count();
    (1..=6).contains(&words)
        && tokens.first().is_some_and(|token| token.capital)
        && !matches!(last, '.' | '!' | '?' | ';' | ',')
}

/// The first valid recommendation cue.
fn find_cue(tokens: &[Token], rules: &ProvisionRules) -> Option<Cue> {
    let blocked: Vec<(usize, usize)> = rules.not_cues.find_all(tokens);
    for at in 0..tokens.len() {
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
            .iter()
            .any(|&(from, to)| from < cue.end && cue.start < to)
        {
            continue;
        }
        if cue.end - cue.start == 1
            && rules.subject_needed.contains(&tokens[at].norm)
            && !is_verb_use(tokens, at, rules)
        {
            continue;
        }
        return Some(cue);
    }
    None
}

/// Whether "needs" / "requires" at `at` is a verb with a subject ("Sam needs"), not a noun.
fn is_verb_use(tokens: &[Token], at: usize, rules: &ProvisionRules) -> bool {
    let (Some(previous), Some(next)) = (
        at.checked_sub(1).and_then(|i| tokens.get(i)),
        tokens.get(at + 1),
    ) else {
        return false;
    };
    if rules.noun_after.contains(&next.norm) || rules.noun_before.contains(&previous.norm) {
        return false;
    }
    rules.subject_words.contains(&previous.norm) || (previous.word && previous.capital)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
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
    fn build(tokens: &[Token], rules: &ProvisionRules) -> Self {
        let mut candidates = Vec::new();
        for (kind, phrases) in [
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
    tokens: &[Token],
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
    ProvisionStatement {
        text: chars[segment.start..segment.end].iter().collect(),
        start: segment.start,
        end: segment.end,
        what,
        who: parts.first(Kind::Who).map(quote),
        group: parts.first(Kind::Group).map(quote),
        frequency: parts.first(Kind::Frequency).map(quote),
        duration: parts.first(Kind::Duration).map(quote),
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
    tokens: &[Token],
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
                .is_some_and(|next| rules.not_before.contains(&next.norm))
        {
            continue;
        }
        let mut start = role_start;
        while let Some(from) = (start.saturating_sub(4)..start)
            .find(|&from| parts.is_free(from, start) && rules.modifiers.spans(tokens, from, start))
        {
            start = from;
        }
        let end = expertise_end(tokens, role_end, parts, rules).unwrap_or(role_end);
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
                let reporting = rules.reporting_verbs.contains(&tokens[cue.start].norm);
                kept.iter()
                    .copied()
                    .rev()
                    .find(|candidate| candidate.1 <= cue.start && !reporting)
            }),
    }
}

/// The end of an expertise clause ("trained by the speech and language therapist", "trained in
/// precision teaching") starting at `at`, if there is one.
fn expertise_end(
    tokens: &[Token],
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
        && (tokens[end].word || matches!(tokens[end].norm.as_str(), "-" | "'" | "&"))
        && rules.what_stops.longest_at(tokens, end).is_none()
    {
        end += 1;
    }
    while end > clause && !tokens[end - 1].word {
        end -= 1;
    }
    (end > clause).then_some(end)
}

/// The intervention: the object of the cue (or the subject of a passive cue), minus the other
/// parts, leading verbs and articles, and vague wording. A group immediately followed by a noun
/// is kept as its modifier ("small group work").
fn find_what(
    tokens: &[Token],
    cue: Option<Cue>,
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let whole = (0, tokens.len());
    let after = |cue: Cue| {
        // Skip a subject and its verb ("... that Sam receives", "... to attend").
        let opens_clause = tokens.get(cue.end).is_some_and(|token| {
            token.capital
                || matches!(token.norm.as_str(), "that" | "to")
                || is_subject(token, rules)
        });
        let window = if opens_clause { 5 } else { 1 };
        let from = (cue.end..(cue.end + window).min(tokens.len()))
            .find_map(|at| rules.object_verbs.longest_at(tokens, at))
            .unwrap_or(cue.end);
        what_in(tokens, (from, tokens.len()), parts, rules)
    };
    match cue {
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
        Some(cue) => after(cue),
    }
}

/// A pronoun or similar subject word ("he", "they").
fn is_subject(token: &Token, rules: &ProvisionRules) -> bool {
    rules.subject_words.contains(&token.norm)
}

fn what_in(
    tokens: &[Token],
    (from, to): (usize, usize),
    parts: &PartMap,
    rules: &ProvisionRules,
) -> Option<(usize, usize)> {
    let to = to.min(tokens.len());
    let content = |at: usize| {
        tokens.get(at).is_some_and(|token| {
            token.word
                && parts.owner[at].is_none()
                && !rules.what_trailing.contains(&token.norm)
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
        } else if !tokens[start].word || parts.owner[start].is_some() {
            start += 1;
        } else {
            break;
        }
    }
    let mut end = start;
    while end < to && end - start < MAX_PHRASE_TOKENS {
        if modifier_group(end)
            && let Some((_, group_end, _)) = parts.part_at(end)
        {
            end = group_end;
            continue;
        }
        let token = &tokens[end];
        let joiner =
            matches!(token.norm.as_str(), "-" | "'" | "&" | "/") && end > start && content(end + 1);
        if parts.owner[end].is_some()
            || (!token.word && !joiner)
            || (end > start && rules.what_stops.longest_at(tokens, end).is_some())
            || rules.vague.longest_at(tokens, end).is_some()
        {
            break;
        }
        end += 1;
    }
    while end > start
        && (!tokens[end - 1].word || rules.what_trailing.contains(&tokens[end - 1].norm))
    {
        end -= 1;
    }
    (end > start).then_some((start, end))
}

#[cfg(test)]
mod tests;
