//! Extractive summaries: TextRank over a BM25 sentence graph.
//!
//! What it does:
//!
//! 1. splits the text into sentences ([`crate::sentence::split`]) and keeps the candidates;
//! 2. turns each sentence into a bag of terms: lower-case words, a built-in English stop-word
//!    list removed, and light suffix stripping for plurals ("difficulties" → "difficulty",
//!    "sessions" → "session"); the terms are numbered in order of their first appearance in the
//!    summary's sentences (the sentences in order, each one's words in order), so every sum
//!    below is taken in an order fixed by the sentences alone;
//! 3. builds a weighted, undirected sentence graph: each sentence is scored as a BM25 query
//!    (k1 = 1.2, b = 0.75, inverse document frequency over the sentences) against every other
//!    sentence as a document, and the two directions are averaged;
//! 4. ranks the sentences with TextRank (weighted PageRank power iteration with damping, until
//!    the L1 change falls below an epsilon or the iteration cap is reached);
//! 5. picks sentences greedily by score (ties: the earlier sentence first), skipping any that
//!    would take the summary over the word budget and any whose cosine similarity to a sentence
//!    already picked exceeds the redundancy threshold; the picks are returned in their original
//!    order.
//!
//! Candidates: fragments of fewer than four words are ignored, and so are heading-like lines:
//! text without terminal punctuation (`.`, `!`, `?`, `…`, possibly followed by closing quotes or
//! brackets) that is short (ten words or fewer) or ends in a colon. Longer unpunctuated text (a
//! bullet list or paragraph that lost its stops in extraction) stays a candidate. If no sentence
//! qualifies, every sentence is a candidate, so a text made only of short notes still yields a
//! summary.
//!
//! What it must not do: it never rewrites, joins or trims a sentence (every output is verbatim,
//! with character offsets into the input so the quote can be checked); it never fails or panics
//! on odd text; and it is deterministic (no hashing order, no randomness, no clock), so the same
//! input always gives the same summary.
//!
//! Limits: the graph keeps at most [`MAX_NEIGHBOURS`] strongest edges per sentence (exact for
//! texts of up to that many candidate sentences), and building it is quadratic in the number of
//! sentences that share vocabulary, so very large bundles are slow rather than wrong.

use std::borrow::Cow;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

use crate::buffers::{clear_with_room, filled};
use crate::sentence;

/// BM25 term-frequency saturation.
const K1: f64 = 1.2;
/// BM25 length normalisation.
const B: f64 = 0.75;
/// The most edges kept per sentence (the strongest); keeps memory linear for large bundles.
pub const MAX_NEIGHBOURS: usize = 100;
/// Candidates need at least this many words.
const MIN_WORDS: usize = 4;
/// Unpunctuated text of this many words or fewer is treated as a heading.
const HEADING_MAX_WORDS: usize = 10;
/// Scores are compared after rounding to this many units per 1.0, so that floating-point noise
/// between sentences that should tie cannot reorder them; the earlier sentence then wins.
const SCORE_QUANTUM: f64 = 1e12;

/// How a summary is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryOptions {
    /// Most words (whitespace-separated) in the whole summary. Default 150.
    pub word_budget: usize,
    /// A sentence whose cosine similarity (over its terms) to one already picked exceeds this is
    /// skipped as redundant. Default 0.5; 1.0 or more turns redundancy removal off.
    pub redundancy_threshold: f64,
    /// TextRank damping factor, clamped to 0..=1. Default 0.85.
    pub damping: f64,
    /// Most power iterations. Default 100.
    pub iterations: usize,
    /// Iteration stops once the L1 change in scores falls below this. Default 1e-6.
    pub epsilon: f64,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        Self {
            word_budget: 150,
            redundancy_threshold: 0.5,
            damping: 0.85,
            iterations: 100,
            epsilon: 1e-6,
        }
    }
}

/// A sentence picked for a summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SummarySentence {
    /// The sentence, verbatim.
    pub text: String,
    /// Character offset of its first character in the input.
    pub start: usize,
    /// Character offset just past its last character
    /// (`text.chars().skip(start).take(end - start)` is the sentence).
    pub end: usize,
    /// Its TextRank score (the scores of all graph sentences sum to about 1).
    pub score: f64,
}

/// Summarises one text: the best sentences, verbatim, in their original order, within the word
/// budget. Empty or whitespace-only text gives an empty summary.
pub fn summarise(text: &str, options: &SummaryOptions) -> Vec<SummarySentence> {
    summarise_multi(&[(text, 0)], options)
        .into_iter()
        .map(|(_, sentence)| sentence)
        .collect()
}

/// Summarises a bundle of texts together: one graph over the sentences of all of them, so the
/// summary favours what the bundle as a whole says. Each pick comes with its document index (the
/// `usize` given with its text) and its span in that text. Picks are in input order: by the
/// position of the text in `texts`, then by position within it.
pub fn summarise_multi(
    texts: &[(&str, usize)],
    options: &SummaryOptions,
) -> Vec<(usize, SummarySentence)> {
    let mut all = Vec::new();
    for (order, &(text, document)) in texts.iter().enumerate() {
        for sentence in sentence::split(text) {
            all.push(Candidate {
                order,
                document,
                words: sentence.text.split_whitespace().count(),
                text: Cow::Owned(sentence.text),
                start: sentence.start,
                end: sentence.end,
                terms: &[],
            });
        }
    }
    let mut buffers = GraphBuffers::default();
    summarise_candidates(all, options, &mut None, &mut buffers, |candidates, out| {
        let texts: Vec<&str> = candidates
            .iter()
            .map(|candidate| candidate.text.as_ref())
            .collect();
        *out = bags(&texts);
    })
}

/// Summarises sentences already split and tokenised: like [`summarise_multi`] with each text
/// taken as one sentence (its span is the whole text, surrounding whitespace excluded), which is
/// what splitting a sentence from [`sentence::split`] again gives. Each sentence comes with its
/// terms from [`Terms::tokenise_kept`] (on the same `terms`), so a sentence summarised in more than
/// one section or summary is split and tokenised once. Each also comes with its count of
/// whitespace-separated words (`text.split_whitespace().count()`, counted once by the caller)
/// and whether it is known to be ASCII (`false` says nothing: it is then checked).
/// Gives what [`summarise_multi`] gives.
pub(crate) fn summarise_tokenised(
    sentences: &[(&str, usize, &[u32], usize, bool)],
    terms: &mut Terms,
    options: &SummaryOptions,
) -> Vec<(usize, SummarySentence)> {
    let mut all = Vec::with_capacity(sentences.len());
    for (order, &(text, document, ids, words, ascii)) in sentences.iter().enumerate() {
        let trimmed = text.trim_start();
        let start = text.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        if trimmed.is_empty() {
            continue;
        }
        let (start, end) = if ascii || text.is_ascii() {
            (start, start + trimmed.len())
        } else {
            let start = text.get(..start).map_or(0, |head| head.chars().count());
            (start, start + trimmed.chars().count())
        };
        all.push(Candidate {
            order,
            document,
            words,
            text: Cow::Borrowed(trimmed),
            start,
            end,
            terms: ids,
        });
    }
    let mut arrays = terms.arrays.take();
    let mut buffers = std::mem::take(&mut terms.graph);
    let summary = summarise_candidates(
        all,
        options,
        &mut arrays,
        &mut buffers,
        |candidates, out| {
            let lists: Vec<&[u32]> = candidates.iter().map(|candidate| candidate.terms).collect();
            terms.bags(&lists, out);
        },
    );
    terms.arrays = arrays;
    terms.graph = buffers;
    summary
}

/// The terms of sentences, interned once for all the summaries of one analysis: each distinct
/// term gets a number the first time it is seen. A summary renumbers the terms it uses in order
/// of their first appearance in its own sentences, exactly as [`bags`] does, so its result does
/// not depend on what else was interned.
#[derive(Debug, Default)]
pub(crate) struct Terms {
    /// The number of each term of at most 16 bytes, by its [`crate::bytes::be_key16`] (terms
    /// hold no zero byte, so equal keys are equal terms).
    short: HashMap<u128, u32, BuildHasherDefault<KeyHasher>>,
    /// The number of each longer term.
    interned: HashMap<String, u32, BuildHasherDefault<TermHasher>>,
    /// The text of every term, one after another.
    names_text: String,
    /// Each term's span in `names_text`, by number.
    names: Vec<(usize, usize)>,
    /// Scratch: the number of each term in the current summary, by its number here, or
    /// [`NO_TERM`] for a term the current summary has not met (all [`NO_TERM`] between
    /// summaries).
    rank: Vec<u32>,
    /// Scratch: the terms of the current summary, in order of first appearance.
    distinct: Vec<u32>,
    /// Scratch: a sentence's terms by their number in the current summary.
    local: Vec<usize>,
    lower: String,
    token: String,
    /// The terms of every sentence tokenised with [`Terms::tokenise_kept`], one sentence after
    /// another: one list for all of them rather than a vector each.
    kept: Vec<u32>,
    /// What each ASCII word of 2 to 16 bytes seen so far gives, by its bytes as read (the
    /// [`crate::bytes::be_key16`] of the word before lower-casing): its term's number, or [`NO_TERM`] for a
    /// stop word. A word seen before then costs one lookup.
    words: HashMap<u128, u32, BuildHasherDefault<KeyHasher>>,
    /// Scratch: the score arrays of the power iteration, once a summary has made them.
    arrays: Option<ScoreArrays>,
    /// Scratch: the vectors each summary's graph is built in.
    graph: GraphBuffers,
}

/// Which bytes are ASCII letters and digits (`u8::is_ascii_alphanumeric`), looked up.
pub(crate) const ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// The first ASCII letter or digit of ASCII `bytes` from `from`, if any: eight bytes at a time
/// while there are eight (the same as stepping over the bytes one by one).
fn next_word(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(&chunk) = bytes.get(at..).and_then(|rest| rest.first_chunk::<8>()) {
        let lanes = crate::bytes::alphanumeric_lanes(u64::from_le_bytes(chunk));
        if lanes != 0 {
            return Some(at + (lanes.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if ALPHANUMERIC[usize::from(byte)] {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The end of the run of ASCII letters and digits of ASCII `bytes` from `start`, with the
/// run's [`crate::bytes::be_key16`] if it has at most 16 bytes. Where there are eight (or
/// sixteen) bytes to read from `start`, the key is those bytes with the ones past the run
/// cleared, and a run shorter than eight bytes ends where the same eight bytes say.
fn word_at(bytes: &[u8], start: usize) -> (usize, Option<u128>) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The first `length` (at most eight) bytes of a big-endian word, the rest cleared.
    let first = |word: u64, length: usize| match length {
        0 => 0,
        _ => word & (u64::MAX << (8 * (8 - length.min(8)))),
    };
    let Some(&head) = bytes.get(start..).and_then(|rest| rest.first_chunk::<8>()) else {
        let end = crate::bytes::alphanumeric_end(bytes, start);
        let word = bytes.get(start..end).unwrap_or_default();
        return (
            end,
            (word.len() <= 16).then(|| crate::bytes::be_key16(word)),
        );
    };
    let others = !crate::bytes::alphanumeric_lanes(u64::from_le_bytes(head)) & HIGH;
    if others != 0 {
        let length = (others.trailing_zeros() / 8) as usize;
        let high = first(u64::from_be_bytes(head), length);
        return (start + length, Some(u128::from(high) << 64));
    }
    let end = crate::bytes::alphanumeric_end(bytes, start + 8);
    let length = end - start;
    if length > 16 {
        return (end, None);
    }
    let key = match bytes
        .get(start + 8..)
        .and_then(|rest| rest.first_chunk::<8>())
    {
        Some(&tail) => {
            (u128::from(u64::from_be_bytes(head)) << 64)
                | u128::from(first(u64::from_be_bytes(tail), length - 8))
        }
        None => crate::bytes::be_key16(bytes.get(start..end).unwrap_or_default()),
    };
    (end, Some(key))
}

/// In [`Terms::words`]: the word gives no term.
const NO_TERM: u32 = u32::MAX;

impl Terms {
    /// An empty set with room for `terms` distinct terms before it grows.
    pub(crate) fn with_capacity(terms: usize) -> Self {
        Terms {
            short: HashMap::with_capacity_and_hasher(terms, BuildHasherDefault::default()),
            names_text: String::with_capacity(terms * 8),
            names: Vec::with_capacity(terms),
            words: HashMap::with_capacity_and_hasher(terms * 2, BuildHasherDefault::default()),
            kept: Vec::with_capacity(terms * 4),
            ..Terms::default()
        }
    }

    /// The terms of a sentence, in order (see [`for_each_token`]), as numbers.
    #[cfg(test)]
    pub(crate) fn tokenise(&mut self, text: &str) -> Vec<u32> {
        let span = self.tokenise_kept(text, false);
        let ids = self.kept.get(span.clone()).unwrap_or_default().to_vec();
        self.kept.truncate(span.start);
        ids
    }

    /// The list of the terms kept by [`Terms::tokenise_kept`], taken out (so that slices of it
    /// can be read while `self` is borrowed); give it back with [`Terms::restore_kept`].
    pub(crate) fn take_kept(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.kept)
    }

    /// Gives back the list [`Terms::take_kept`] took.
    pub(crate) fn restore_kept(&mut self, kept: Vec<u32>) {
        self.kept = kept;
    }

    /// The terms of a sentence, in order (see [`for_each_token`]), as numbers, appended to the
    /// kept terms: gives their span there. `ascii` says the text is known to be ASCII (`false`
    /// says nothing: it is then checked).
    pub(crate) fn tokenise_kept(&mut self, text: &str, ascii: bool) -> std::ops::Range<usize> {
        let Terms {
            short,
            interned,
            names_text,
            names,
            lower,
            token,
            kept: ids,
            words,
            ..
        } = self;
        let first = ids.len();
        let mut intern = |term: &str| {
            let key = (term.len() <= 16).then(|| crate::bytes::be_key16(term.as_bytes()));
            let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
            // A short term is looked up once: found, or given the next number in the same
            // search.
            match key {
                Some(key) => match short.entry(key) {
                    Entry::Occupied(known) => return *known.get(),
                    Entry::Vacant(slot) => {
                        slot.insert(id);
                    }
                },
                None => {
                    if let Some(&known) = interned.get(term) {
                        return known;
                    }
                    interned.insert(term.to_owned(), id);
                }
            }
            let start = names_text.len();
            names_text.push_str(term);
            names.push((start, names_text.len()));
            id
        };
        if !(ascii || text.is_ascii()) {
            for_each_token(text, lower, token, |term| ids.push(intern(term)));
            return first..ids.len();
        }
        // The words of ASCII text are its runs of ASCII letters and digits (as in
        // `for_each_token`); one seen before is looked up by its bytes as read. The text is
        // read eight bytes at a time where it can be (see `next_word` and `word_at`).
        let bytes = text.as_bytes();
        let mut index = 0;
        while let Some(start) = next_word(bytes, index) {
            let (end, key) = word_at(bytes, start);
            index = end;
            if end - start < 2 {
                continue;
            }
            // A word seen before is looked up once; a new one's place is kept from the same
            // search.
            let slot = match key.map(|key| words.entry(key)) {
                Some(Entry::Occupied(known)) => {
                    let id = *known.get();
                    if id != NO_TERM {
                        ids.push(id);
                    }
                    continue;
                }
                Some(Entry::Vacant(slot)) => Some(slot),
                None => None,
            };
            let word = text.get(start..end).unwrap_or_default();
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            let mut found = NO_TERM;
            emit(lower, token, &mut |term: &str| found = intern(term));
            if found != NO_TERM {
                ids.push(found);
            }
            if let Some(slot) = slot {
                slot.insert(found);
            }
        }
        first..ids.len()
    }

    /// The bags of the given sentences' terms, numbered in order of first appearance (in the
    /// sentences in order, each sentence's terms in order): what [`bags`] gives for their
    /// texts, as the first `lists.len()` bags of `out` (bags past them are left as they are;
    /// each bag's vector is reused).
    fn bags(&mut self, lists: &[&[u32]], out: &mut Vec<Bag>) {
        let Terms {
            names,
            rank,
            distinct,
            local,
            ..
        } = self;
        // Each term's number in this summary, or `NO_TERM` for one it has not met yet (all
        // `NO_TERM` between summaries). An id beyond the interned terms cannot occur; should
        // one, the table grows to hold it.
        if rank.len() < names.len() {
            rank.resize(names.len(), NO_TERM);
        }
        distinct.clear();
        // One buffer for every list's local numbers.
        for (index, ids) in lists.iter().enumerate() {
            local.clear();
            for &id in ids.iter() {
                let id = id as usize;
                if id >= rank.len() {
                    rank.resize(id + 1, NO_TERM);
                }
                let slot = &mut rank[id];
                if *slot == NO_TERM {
                    *slot = u32::try_from(distinct.len()).unwrap_or(NO_TERM - 1);
                    distinct.push(id as u32);
                }
                local.push(*slot as usize);
            }
            match out.get_mut(index) {
                Some(bag) => bag_into(local, bag),
                None => out.push(bag_of(local)),
            }
        }
        for &id in distinct.iter() {
            if let Some(slot) = rank.get_mut(id as usize) {
                *slot = NO_TERM;
            }
        }
    }
}

/// The summary of the given sentences (see the module documentation).
fn summarise_candidates<'a>(
    all: Vec<Candidate<'a>>,
    options: &SummaryOptions,
    arrays: &mut Option<ScoreArrays>,
    buffers: &mut GraphBuffers,
    make_bags: impl FnOnce(&[Candidate<'a>], &mut Vec<Bag>),
) -> Vec<(usize, SummarySentence)> {
    let qualifies = |candidate: &Candidate<'_>| is_candidate(&candidate.text, candidate.words);
    let candidates: Vec<Candidate<'a>> = if all.iter().any(qualifies) {
        all.into_iter().filter(qualifies).collect()
    } else {
        all
    };
    if candidates.is_empty() {
        return Vec::new();
    }

    // The candidates' bags are the first of `all_bags` (reused from summary to summary).
    let mut all_bags = std::mem::take(&mut buffers.bags);
    make_bags(&candidates, &mut all_bags);
    let bags = all_bags.get(..candidates.len()).unwrap_or(&all_bags);
    let rows = graph_in(bags, buffers);
    let scores = text_rank_in(
        &rows,
        sanitised(options.damping, 0.0, 1.0, 0.85),
        options.iterations,
        sanitised(options.epsilon, 0.0, f64::MAX, 1e-6),
        arrays,
        &mut buffers.rank,
    );
    buffers.rows = rows;

    let summary = select(&candidates, bags, &scores, options)
        .into_iter()
        .filter_map(|index| {
            let candidate = candidates.get(index)?;
            Some((
                candidate.document,
                SummarySentence {
                    text: candidate.text.clone().into_owned(),
                    start: candidate.start,
                    end: candidate.end,
                    score: scores.get(index).copied().unwrap_or(0.0),
                },
            ))
        })
        .collect();
    buffers.bags = all_bags;
    summary
}

/// TextRank scores for the given sentences (default damping, iterations and epsilon), in the
/// same order. Every sentence is ranked: no candidate filtering. Scores sum to about 1; a
/// sentence sharing vocabulary with many others scores higher. Empty input gives an empty
/// vector.
pub fn rank(sentences: &[&str]) -> Vec<f64> {
    if sentences.is_empty() {
        return Vec::new();
    }
    let defaults = SummaryOptions::default();
    text_rank(
        &graph(&bags(sentences)),
        defaults.damping,
        defaults.iterations,
        defaults.epsilon,
        &mut None,
    )
}

/// A sentence with where it came from.
#[derive(Debug, Clone)]
struct Candidate<'a> {
    /// Position of its text in the input slice.
    order: usize,
    /// The caller's document index.
    document: usize,
    /// Whitespace-separated words.
    words: usize,
    /// The sentence, verbatim.
    text: Cow<'a, str>,
    /// Character offsets of the sentence in its text.
    start: usize,
    end: usize,
    /// Its terms from [`Terms::tokenise_kept`] (empty when it is tokenised with [`bags`]).
    terms: &'a [u32],
}

/// Whether a sentence given to [`summarise_tokenised`] may be picked ([`is_candidate`] of its
/// text without the white space around it, as the summary takes it).
pub(crate) fn may_be_picked(text: &str, words: usize) -> bool {
    is_candidate(text.trim(), words)
}

/// Whether a sentence may be picked (see the module documentation).
fn is_candidate(text: &str, words: usize) -> bool {
    if words < MIN_WORDS {
        return false;
    }
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']', '”', '’', ' ']);
    let terminal = trimmed.ends_with(['.', '!', '?', '…']);
    let heading = !terminal && (words <= HEADING_MAX_WORDS || trimmed.ends_with(':'));
    !heading
}

/// Replaces a non-finite value by its default and clamps the rest.
fn sanitised(value: f64, low: f64, high: f64, default: f64) -> f64 {
    if value.is_finite() {
        value.clamp(low, high)
    } else {
        default
    }
}

/// The greedy pick: indices into `candidates`, in original order.
fn select(
    candidates: &[Candidate<'_>],
    bags: &[Bag],
    scores: &[f64],
    options: &SummaryOptions,
) -> Vec<usize> {
    let count = candidates.len().min(scores.len());
    // Candidates come in order of position (see `summarise_candidates`), so the earlier
    // sentence is the lower index and each score's key beside its index sorts as the scores
    // (highest first, by `total_cmp` of the quantised scores) and then the positions would;
    // integer pairs sort faster than a comparison that looks both up. Should they not be in
    // order, they are sorted by looking both up, as before.
    let in_order = candidates
        .windows(2)
        .all(|pair| position(&pair[0]) < position(&pair[1]));
    let by_rank: Vec<usize> = if in_order {
        let mut keyed: Vec<(i64, usize)> = (0..count)
            .map(|index| (!total_order_key(quantised(scores[index])), index))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, index)| index).collect()
    } else {
        let keys: Vec<f64> = (0..count).map(|index| quantised(scores[index])).collect();
        let mut by_rank: Vec<usize> = (0..count).collect();
        by_rank.sort_unstable_by(|&a, &b| {
            keys[b]
                .total_cmp(&keys[a])
                .then_with(|| position(&candidates[a]).cmp(&position(&candidates[b])))
        });
        by_rank
    };
    // Each bag's norm once, not at every comparison (the same values).
    let norms: Vec<f64> = bags.iter().take(count).map(norm).collect();
    // The counts of the sentence being tried, by term (0.0 for its other terms, and for all
    // between tries), so each comparison reads only the picked sentence's terms.
    let vocabulary = bags
        .iter()
        .take(count)
        .filter_map(|bag| bag.terms.last().map(|&(id, _)| id + 1))
        .max()
        .unwrap_or(0);
    let mut dense = vec![0.0_f64; vocabulary];
    let mut picked: Vec<usize> = Vec::new();
    let mut words = 0;
    for index in by_rank {
        let candidate = &candidates[index];
        if candidate.words > options.word_budget.saturating_sub(words) {
            continue;
        }
        let redundant = !picked.is_empty() && {
            let bag = &bags[index];
            for &(id, count) in &bag.terms {
                dense[id] = count;
            }
            let redundant = picked.iter().any(|&other| {
                cosine_dense(&dense, &bags[other], norms[index], norms[other])
                    > options.redundancy_threshold
            });
            for &(id, _) in &bag.terms {
                dense[id] = 0.0;
            }
            redundant
        };
        if redundant {
            continue;
        }
        words += candidate.words;
        picked.push(index);
    }
    if in_order {
        picked.sort_unstable();
    } else {
        picked.sort_unstable_by(|&a, &b| position(&candidates[a]).cmp(&position(&candidates[b])));
    }
    picked
}

/// A key whose integer order is the order `f64::total_cmp` gives (the same transformation
/// it makes).
fn total_order_key(value: f64) -> i64 {
    let bits = value.to_bits() as i64;
    bits ^ ((((bits >> 63) as u64) >> 1) as i64)
}

/// Where a candidate sits in the input: text first, then character offset.
fn position(candidate: &Candidate<'_>) -> (usize, usize) {
    (candidate.order, candidate.start)
}

fn quantised(score: f64) -> f64 {
    (score * SCORE_QUANTUM).round()
}

/// A sentence as a bag of term identifiers.
#[derive(Debug, Clone, Default)]
struct Bag {
    /// (term id, count), sorted by term id.
    terms: Vec<(usize, f64)>,
    /// Number of terms (with repeats).
    length: f64,
}

/// The bags of terms for the sentences, with identifiers assigned in order of first appearance
/// (the sentences in order, each sentence's terms in order).
///
/// Each word is lower-cased and stemmed into one reused buffer and interned, so a term costs an
/// allocation only the first time it is seen; a term's identifier is the number of distinct
/// terms seen before it, so bags (and the order sums are taken in) depend on the sentences
/// alone, not on hashing.
fn bags(sentences: &[&str]) -> Vec<Bag> {
    let mut interned: HashMap<String, usize, BuildHasherDefault<TermHasher>> = HashMap::default();
    let mut lower = String::new();
    let mut token = String::new();
    sentences
        .iter()
        .map(|text| {
            let mut ids = Vec::new();
            for_each_token(text, &mut lower, &mut token, |term| {
                let next = interned.len();
                let id = match interned.get(term) {
                    Some(&id) => id,
                    None => {
                        interned.insert(term.to_owned(), next);
                        next
                    }
                };
                ids.push(id);
            });
            bag_of(&mut ids)
        })
        .collect()
}

/// The bag of a sentence's term numbers (sorted here).
fn bag_of(ids: &mut [usize]) -> Bag {
    let mut bag = Bag {
        terms: Vec::with_capacity(ids.len()),
        length: 0.0,
    };
    bag_into(ids, &mut bag);
    bag
}

/// [`bag_of`] into `bag`, whatever it held (its vector reused).
fn bag_into(ids: &mut [usize], bag: &mut Bag) {
    ids.sort_unstable();
    let terms = &mut bag.terms;
    clear_with_room(terms, ids.len());
    for &id in ids.iter() {
        match terms.last_mut() {
            Some((last, count)) if *last == id => *count += 1.0,
            _ => terms.push((id, 1.0)),
        }
    }
    bag.length = terms.iter().map(|&(_, count)| count).sum();
}

/// Lower-case content words of a sentence, stop words removed, plurals lightly stripped.
#[cfg(test)]
fn tokenise(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    for_each_token(text, &mut String::new(), &mut String::new(), |term| {
        tokens.push(term.to_owned());
    });
    tokens
}

/// A fast hasher for short words (FxHash's mixing), for maps whose order never reaches the
/// output: the terms interned by one summary, and the context rules' word maps (a few hundred
/// entries at most, so even chosen collisions cost little).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct TermHasher(u64);

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        crate::bytes::for_each_word64(bytes, |word| {
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        });
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hasher for [`word_key`]s (for a map whose order never reaches the output): the two
/// halves of the key multiplied as 128-bit numbers and folded, so every bit of the key reaches
/// the low and the high bits of the hash (the keys of short words are mostly zero bytes).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 =
                (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u128(&mut self, value: u128) {
        let low = (value as u64) ^ 0x2d35_8dcc_aa6c_78a5 ^ self.0;
        let high = ((value >> 64) as u64) ^ 0x8bb8_4b93_962e_acc9;
        let product = u128::from(low) * u128::from(high);
        self.0 = (product as u64) ^ ((product >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Calls `found` with each term of `text` in order: words (runs of letters and digits) of two
/// characters or more, lower-cased, stop words removed, plurals lightly stripped. `lower` and
/// `token` are scratch buffers.
fn for_each_token(text: &str, lower: &mut String, token: &mut String, mut found: impl FnMut(&str)) {
    if text.is_ascii() {
        // Characters are bytes: find each word by its bytes and lower-case it in place.
        for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
            if word.len() < 2 {
                continue;
            }
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            emit(lower, token, &mut found);
        }
        return;
    }
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        let long_enough = if word.is_ascii() {
            word.len() >= 2
        } else {
            word.chars().nth(1).is_some()
        };
        if !long_enough {
            continue;
        }
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.push_str(&word.to_lowercase());
        }
        emit(lower, token, &mut found);
    }
}

/// Calls `found` with the term of a lower-cased word, unless it is a stop word.
#[inline]
fn emit(lower: &str, token: &mut String, found: &mut impl FnMut(&str)) {
    if is_stop_word(lower) {
        return;
    }
    match strip_plural(lower) {
        (stem, false) => found(stem),
        (stem, true) => {
            token.clear();
            token.push_str(stem);
            token.push('y');
            found(token);
        }
    }
}

/// Whether a lower-case word is one of [`STOP_WORDS`]: its bytes, packed into a number, are
/// looked up in [`STOP_KEYS`].
#[inline]
fn is_stop_word(word: &str) -> bool {
    word.len() <= LONGEST_STOP_WORD
        && STOP_KEYS
            .binary_search(&crate::bytes::be_key16(word.as_bytes()))
            .is_ok()
}

/// The bytes of a word of at most 16 bytes, big-endian and padded with zero bytes, so that
/// keys compare as the words do (no word holds a zero byte) and equal keys mean equal words.
const fn key(word: &[u8]) -> u128 {
    let mut value: u128 = 0;
    let mut index = 0;
    while index < 16 {
        let byte = if index < word.len() { word[index] } else { 0 };
        value = (value << 8) | byte as u128;
        index += 1;
    }
    value
}

/// [`STOP_WORDS`] as [`key`]s, in the same (sorted) order.
const STOP_KEYS: [u128; STOP_WORDS.len()] = {
    let mut keys = [0_u128; STOP_WORDS.len()];
    let mut index = 0;
    while index < STOP_WORDS.len() {
        keys[index] = key(STOP_WORDS[index].as_bytes());
        index += 1;
    }
    keys
};

/// Light suffix stripping for plurals: "-ies" → "-y", "-sses" → "-ss", and a final "s" (not
/// after "s", "u" or "i", as in "class", "status", "analysis"). Deliberately not a stemmer.
/// Returns the part of `word` kept and whether a "y" follows it.
fn strip_plural(word: &str) -> (&str, bool) {
    let length = if word.is_ascii() {
        word.len()
    } else {
        word.chars().count()
    };
    if length > 4 {
        if let Some(stem) = word.strip_suffix("ies") {
            return (stem, true);
        }
        if word.ends_with("sses")
            && let Some(stem) = word.strip_suffix("es")
        {
            return (stem, false);
        }
    }
    if length > 3
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
        && let Some(stem) = word.strip_suffix('s')
    {
        return (stem, false);
    }
    (word, false)
}

/// Bytes in the longest of [`STOP_WORDS`].
const LONGEST_STOP_WORD: usize = 10;

/// English stop words, sorted (for binary search). Lower case, without apostrophes: the
/// tokeniser splits at them and drops one-letter pieces.
const STOP_WORDS: &[&str] = &[
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "either",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "same",
    "shall",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// A weighted, undirected sentence graph, its rows in one list: row `i` is
/// `edges[starts[i]..starts[i + 1]]`, each edge a (neighbour, weight), sorted by neighbour.
/// Edges past the last row's end (left from a larger graph built in the same vector, so that
/// they need not be made again) belong to no row.
#[derive(Debug, Clone, Default)]
struct Rows {
    starts: Vec<usize>,
    edges: Vec<(usize, f64)>,
}

impl PartialEq for Rows {
    /// The same rows (whatever is left past them).
    fn eq(&self, other: &Self) -> bool {
        self.starts == other.starts && self.used_edges() == other.used_edges()
    }
}

impl Rows {
    /// The number of sentences.
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The edges of the rows, in order (without any left past them).
    fn used_edges(&self) -> &[(usize, f64)] {
        let end = self.starts.last().copied().unwrap_or(0);
        self.edges.get(..end).unwrap_or(&self.edges)
    }

    /// Each row's edges, in order.
    fn rows(&self) -> impl Iterator<Item = &[(usize, f64)]> {
        self.starts
            .windows(2)
            .map(|bounds| self.edges.get(bounds[0]..bounds[1]).unwrap_or(&[]))
    }
}

/// Every sentence's terms, by term: what both directions of a BM25 edge are summed from.
#[derive(Debug, Default)]
struct Postings {
    /// Term `id`'s postings are `flat[offsets[id]..offsets[id + 1]]`.
    offsets: Vec<usize>,
    /// (sentence, saturated frequency) for each term, sentences in order: after a sentence's
    /// own entry for a term come the later sentences holding it.
    flat: Vec<(usize, f64)>,
    /// Each term's inverse document frequency.
    idf: Vec<f64>,
    /// The terms a sentence shares with later sentences, sentence after sentence (those of
    /// sentence `i` are `shared[shared_starts[i]..shared_starts[i + 1]]`), in the order of its
    /// terms: each as the span of the later sentences' entries in `flat`, the term's inverse
    /// document frequency and the sentence's own saturated frequency. Most terms are in one
    /// sentence only; the graph need not look at them.
    shared: Vec<(usize, usize, f64, f64)>,
    shared_starts: Vec<usize>,
}

/// The postings and inverse document frequencies of `bags` (see [`graph`] for the formula).
#[cfg(test)]
fn postings(bags: &[Bag]) -> Postings {
    let mut postings = Postings::default();
    postings_into(bags, &mut postings, &mut Vec::new(), &mut Vec::new());
    postings
}

/// [`postings`] into `postings`, whatever it held; `fill` and `by_frequency` are scratch.
fn postings_into(
    bags: &[Bag],
    postings: &mut Postings,
    fill: &mut Vec<usize>,
    by_frequency: &mut Vec<Option<f64>>,
) {
    let Postings {
        offsets,
        flat,
        idf,
        shared,
        shared_starts,
    } = postings;
    let count = bags.len();
    let sentences = count as f64;
    let total: f64 = bags.iter().map(|bag| bag.length).sum();
    let average = if count == 0 { 0.0 } else { total / sentences };
    // A bag's terms are in order, so its last is its largest.
    let vocabulary = bags
        .iter()
        .filter_map(|bag| bag.terms.last().map(|&(id, _)| id + 1))
        .max()
        .unwrap_or(0);
    // Buffers kept from summary to summary are emptied without copying what they held when
    // they must grow (see `crate::buffers`).
    filled(offsets, vocabulary + 1, 0);
    // As a slice: its address and length stay at hand in the loop.
    let counts = offsets.as_mut_slice();
    for bag in bags {
        for &(id, _) in &bag.terms {
            if let Some(count) = counts.get_mut(id + 1) {
                *count += 1;
            }
        }
    }
    for id in 0..vocabulary {
        offsets[id + 1] += offsets[id];
    }
    // The inverse document frequency depends only on how many sentences hold a term (most
    // terms are in one), so it is worked out once for each such count (the same expression,
    // so the same value).
    filled(by_frequency, count + 1, None);
    clear_with_room(idf, vocabulary);
    idf.extend((0..vocabulary).map(|id| {
        let held_by = offsets[id + 1] - offsets[id];
        let compute = || {
            let frequency = held_by as f64;
            (1.0 + (sentences - frequency + 0.5) / (frequency + 0.5)).ln()
        };
        match by_frequency.get_mut(held_by) {
            Some(Some(known)) => *known,
            Some(slot) => *slot.insert(compute()),
            None => compute(),
        }
    }));
    // Every entry is written below before it is read, so what the vector held is left as it
    // is (only entries past its old length are made), and it is never shortened: entries past
    // `offsets[vocabulary]` are left from a larger summary and read by no term, and a summary
    // after a smaller one makes none again.
    if flat.len() < offsets[vocabulary] {
        flat.resize(offsets[vocabulary], (0, 0.0));
    }
    clear_with_room(fill, vocabulary);
    fill.extend_from_slice(&offsets[..vocabulary]);
    // At most one entry per posting: reserved at once rather than grown entry by entry.
    clear_with_room(shared, offsets[vocabulary]);
    clear_with_room(shared_starts, count + 1);
    shared_starts.push(0);
    // As slices, so that their addresses and lengths stay at hand while `shared` grows.
    let (flat, fill, offsets, idf) = (
        flat.as_mut_slice(),
        fill.as_mut_slice(),
        offsets.as_slice(),
        idf.as_slice(),
    );
    for (index, bag) in bags.iter().enumerate() {
        let relative = if average > 0.0 {
            bag.length / average
        } else {
            1.0
        };
        let norm = K1 * (1.0 - B + B * relative);
        for &(id, frequency) in &bag.terms {
            let saturated = frequency * (K1 + 1.0) / (frequency + norm);
            let at = fill[id];
            flat[at] = (index, saturated);
            fill[id] = at + 1;
            let end = offsets[id + 1];
            if at + 1 < end {
                shared.push((at + 1, end, idf[id], saturated));
            }
        }
        shared_starts.push(shared.len());
    }
}

/// The vectors [`graph_in`] builds a graph in, kept from one summary to the next so that a
/// graph allocates only while they grow.
#[derive(Debug, Default)]
pub(crate) struct GraphBuffers {
    postings: Postings,
    fill: Vec<usize>,
    by_frequency: Vec<Option<f64>>,
    pairs: Vec<(usize, usize, f64)>,
    degrees: Vec<usize>,
    weights: Vec<f64>,
    touched: Vec<usize>,
    /// The rows of the last graph, given back once it has been ranked.
    rows: Rows,
    /// The bags of the last summary's sentences (and of longer summaries before it), given
    /// back once it is done.
    bags: Vec<Bag>,
    /// What ranking a graph works in.
    rank: RankBuffers,
}

/// The symmetrised BM25 graph: for each sentence, its neighbours and edge weights (sorted by
/// neighbour). At most [`MAX_NEIGHBOURS`] strongest edges per sentence are chosen; the union of
/// the choices is kept, so the graph stays undirected.
///
/// The BM25 score of sentence `i` as a query against sentence `j` is the sum, over the distinct
/// terms of `i` found in `j`, of `idf(t) · tf_j(t) (k1 + 1) / (tf_j(t) + k1 (1 − b + b |j| /
/// avg))`. Both directions run over the same shared terms, so the averaged weight is accumulated
/// in one pass over the postings. It is the same sum, term by term in the same order, whichever
/// of the two sentences is the query (each term adds `idf(t) (sat_i(t) + sat_j(t)) / 2`), so
/// each pair is summed once, from its earlier sentence.
fn graph(bags: &[Bag]) -> Rows {
    graph_in(bags, &mut GraphBuffers::default())
}

/// [`graph`], built in `buffers` (the rows it gives are `buffers.rows`, taken; give them back
/// when done with them).
fn graph_in(bags: &[Bag], buffers: &mut GraphBuffers) -> Rows {
    let count = bags.len();
    let GraphBuffers {
        postings,
        fill,
        by_frequency,
        pairs,
        degrees,
        weights,
        touched,
        rows,
        ..
    } = buffers;
    postings_into(bags, postings, fill, by_frequency);
    let Postings {
        flat,
        shared,
        shared_starts,
        ..
    } = &*postings;
    let flat = flat.as_slice();

    // Every edge (i, j, weight) with i < j, by i and then by j. Room for every pair of a
    // graph of up to 256 sentences (a summary of an analysis) is reserved at once, so the
    // list is not copied as it grows; larger graphs grow it as needed.
    clear_with_room(
        pairs,
        (count * count.saturating_sub(1) / 2).min(SMALL_GRAPH * (SMALL_GRAPH - 1) / 2),
    );
    filled(degrees, count, 0);
    filled(weights, count, 0.0);
    // As slices, so their addresses and lengths stay at hand while `pairs` and `touched` grow.
    let (degrees, weights) = (degrees.as_mut_slice(), weights.as_mut_slice());
    clear_with_room(touched, count);
    for (index, bounds) in shared_starts.windows(2).enumerate().take(count) {
        for &(from, to, idf, mine) in shared.get(bounds[0]..bounds[1]).unwrap_or(&[]) {
            for &(other, saturated) in flat.get(from..to).unwrap_or(&[]) {
                if weights[other] <= 0.0 {
                    touched.push(other);
                }
                weights[other] += idf * (mine + saturated) / 2.0;
            }
        }
        // The later sentences it has an edge to, in order: the touched ones sorted, or, when
        // they are most of the later sentences, read off the weights in order.
        let first = pairs.len();
        let mut keep = |other: usize, pairs: &mut Vec<(usize, usize, f64)>| {
            let weight = std::mem::take(&mut weights[other]);
            if positive_finite(weight) {
                pairs.push((index, other, weight));
                degrees[other] += 1;
            }
        };
        if count - index - 1 <= 4 * touched.len() {
            touched.clear();
            // What `keep` does for each later sentence, over the slices of their weights and
            // degrees (no index to check at each).
            let later = index + 1..count;
            let weights = weights.get_mut(later.clone()).unwrap_or_default();
            let degrees = degrees.get_mut(later).unwrap_or_default();
            for (offset, (slot, degree)) in weights.iter_mut().zip(degrees).enumerate() {
                let weight = std::mem::take(slot);
                if positive_finite(weight) {
                    pairs.push((index, index + 1 + offset, weight));
                    *degree += 1;
                }
            }
        } else {
            touched.sort_unstable();
            for other in touched.drain(..) {
                keep(other, pairs);
            }
        }
        degrees[index] += pairs.len() - first;
    }

    // Each pair into both its rows: row `r` gets its earlier neighbours (from the pairs led
    // by them, in order) before its later ones (from its own pairs, in order), so every row is
    // in order of neighbour.
    let Rows {
        mut starts,
        mut edges,
    } = std::mem::take(rows);
    clear_with_room(&mut starts, count + 1);
    starts.push(0_usize);
    for &degree in degrees.iter() {
        starts.push(starts.last().copied().unwrap_or(0) + degree);
    }
    // Every edge is written below before it is read (each row's slots once each), so what
    // the vector held is left as it is (only edges past its old length are made), and it is
    // never shortened (see `Rows`): a graph after a smaller one makes no edge again.
    if edges.len() < starts[count] {
        edges.resize(starts[count], (0, 0.0));
    }
    clear_with_room(fill, count);
    fill.extend_from_slice(&starts[..count]);
    {
        // As slices, so that their addresses and lengths stay at hand in the loop (a write to
        // an edge cannot change them).
        let (fill, placed) = (fill.as_mut_slice(), edges.as_mut_slice());
        for &(index, other, weight) in pairs.iter() {
            placed[fill[index]] = (other, weight);
            fill[index] += 1;
            placed[fill[other]] = (index, weight);
            fill[other] += 1;
        }
    }
    let rows = Rows { starts, edges };
    if degrees.iter().all(|&degree| degree <= MAX_NEIGHBOURS) {
        return rows;
    }
    strongest_edges(rows)
}

/// Whether `value` is positive and finite (`value > 0.0 && value.is_finite()`), as one
/// comparison of its bits: those of the positive finite numbers, from the least subnormal to
/// the largest finite number, are the integers 1 to `f64::MAX.to_bits()`; +0.0 is 0, and
/// infinities, NaNs and negative numbers (sign bit set) are above.
#[inline(always)]
fn positive_finite(value: f64) -> bool {
    value.to_bits().wrapping_sub(1) < f64::MAX.to_bits()
}

/// Keeps, of every edge, those among the [`MAX_NEIGHBOURS`] strongest of either end
/// (strongest first, then the earlier neighbour).
fn strongest_edges(rows: Rows) -> Rows {
    let strongest_first =
        |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    // Each row's weakest edge that is among its strongest, if it has more edges than that.
    let mut scratch: Vec<(usize, f64)> = Vec::new();
    let cutoffs: Vec<Option<(usize, f64)>> = rows
        .rows()
        .map(|row| {
            if row.len() <= MAX_NEIGHBOURS {
                return None;
            }
            scratch.clear();
            scratch.extend_from_slice(row);
            let (_, &mut cutoff, _) =
                scratch.select_nth_unstable_by(MAX_NEIGHBOURS - 1, strongest_first);
            Some(cutoff)
        })
        .collect();
    let chosen = |from: usize, to: usize, weight: f64| {
        cutoffs.get(from).copied().flatten().is_none_or(|cutoff| {
            strongest_first(&(to, weight), &cutoff) != std::cmp::Ordering::Greater
        })
    };
    let mut starts = Vec::with_capacity(rows.starts.len());
    let mut edges = Vec::with_capacity(rows.used_edges().len());
    starts.push(0);
    for (index, row) in rows.rows().enumerate() {
        edges.extend(
            row.iter()
                .filter(|&&(other, weight)| {
                    chosen(index, other, weight) || chosen(other, index, weight)
                })
                .copied(),
        );
        starts.push(edges.len());
    }
    Rows { starts, edges }
}

/// Weighted PageRank by power iteration. Sentences without edges spread their score evenly.
/// `arrays` are the score arrays for a small graph, made here if `None` (their contents do not
/// matter).
fn text_rank(
    graph: &Rows,
    damping: f64,
    iterations: usize,
    epsilon: f64,
    arrays: &mut Option<ScoreArrays>,
) -> Vec<f64> {
    text_rank_in(
        graph,
        damping,
        iterations,
        epsilon,
        arrays,
        &mut RankBuffers::default(),
    )
}

/// The vectors [`text_rank_in`] works in, kept from one summary to the next.
#[derive(Debug, Default)]
struct RankBuffers {
    strength: Vec<f64>,
    dangling_rows: Vec<usize>,
    pairs: Pairs,
}

/// [`text_rank`], working in `buffers` (whatever they hold).
fn text_rank_in(
    graph: &Rows,
    damping: f64,
    iterations: usize,
    epsilon: f64,
    arrays: &mut Option<ScoreArrays>,
    buffers: &mut RankBuffers,
) -> Vec<f64> {
    let count = graph.len();
    if count == 0 {
        return Vec::new();
    }
    let size = count as f64;
    let RankBuffers {
        strength,
        dangling_rows,
        pairs,
    } = buffers;
    clear_with_room(strength, count);
    strength.extend(
        graph
            .rows()
            .map(|row| row.iter().map(|&(_, weight)| weight).sum::<f64>()),
    );
    let strength = &*strength;
    // The sentences without edges (in order), whose scores are spread evenly.
    dangling_rows.clear();
    dangling_rows.extend((0..count).filter(|&i| strength[i] <= 0.0));
    let iteration = Iteration {
        dangling_rows,
        size,
        damping,
        iterations,
        epsilon,
    };
    // A graph of at most `SMALL_GRAPH` sentences (every summary of an analysis: see
    // `BUNDLE_CANDIDATES`) runs two rows at a time on fixed arrays (see `Pairs`). The
    // arithmetic, and its order, is the same either way.
    if count < SMALL_GRAPH && pairs.fill(graph, strength).is_some() {
        let arrays = arrays.get_or_insert_with(|| Box::new([[0.0; SMALL_GRAPH + 1]; 2]));
        return iteration.run_pairs(pairs, count, arrays);
    }
    match shares::<usize>(graph, strength) {
        Some((starts, edges)) => iteration.run(
            &starts,
            &edges,
            vec![1.0 / size; count],
            vec![0.0_f64; count],
        ),
        // Cannot happen: every index is a `usize`.
        None => vec![1.0 / size; count],
    }
}

/// Each edge's weight over its source's strength, divided once rather than at every iteration
/// of [`text_rank`] (the same division, so the same values), beside its source as an `I`; all
/// rows in one flat list, row `i` at `starts[i]..starts[i + 1]`. `None` if a source does not
/// fit in an `I`.
#[allow(clippy::type_complexity)]
fn shares<I: TryFrom<usize>>(
    graph: &Rows,
    strength: &[f64],
) -> Option<(Vec<usize>, Vec<(I, f64)>)> {
    let used = graph.used_edges();
    let mut edges: Vec<(I, f64)> = Vec::with_capacity(used.len());
    for &(other, weight) in used {
        edges.push((I::try_from(other).ok()?, weight / strength[other]));
    }
    Some((graph.starts.clone(), edges))
}

/// A graph of fewer sentences than this has its power iteration run on fixed arrays (see
/// [`text_rank`]); a neighbour's index then fits in a byte, and is never [`PADDING`].
const SMALL_GRAPH: usize = 256;

/// The neighbour of the steps that pad a row in [`Pairs`]: no sentence, its score 0.0.
const PADDING: u8 = u8::MAX;

/// The scores and the next scores of [`Iteration::run_pairs`], with slots past the sentences
/// of a small graph (see there).
type ScoreArrays = Box<[[f64; SMALL_GRAPH + 1]; 2]>;

/// The rows of a graph of fewer than [`SMALL_GRAPH`] sentences, two at a time, for
/// [`Iteration::run_pairs`]: each step of a pair is an edge of each of its two rows, a
/// neighbour (as a byte) and a share (as [`shares`] gives it), so the two sums advance side by
/// side (and the compiler can do both in one vector operation). Rows of like length are paired;
/// the shorter row of a pair ends in steps of share 0.0 from [`PADDING`], a score that stays
/// 0.0, each adding +0.0 to its sum, which changes nothing the iteration uses (see
/// `run_pairs`), and so does a pair of an odd number of steps, so that the steps go two at a
/// time.
#[derive(Debug, Default)]
struct Pairs {
    /// The rows of each pair (an odd row out is paired with itself), with its number of
    /// steps taken two at a time.
    rows: Vec<([u8; 2], usize)>,
    /// The steps of every pair, two at a time, one pair after another.
    steps: Vec<TwoSteps>,
    /// The rows without edges (in no pair): each sum is the empty sum, -0.0.
    empty: Vec<u8>,
    /// Scratch: (length, index) of each row.
    by_length: Vec<(usize, usize)>,
}

/// Two steps of a pair of rows in [`Pairs`]: of each, the share and the neighbour of an edge
/// of each row. Its shares are aligned as a vector operation reads them.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(16))]
struct TwoSteps {
    shares: [[f64; 2]; 2],
    others: [[u8; 2]; 2],
}

impl Pairs {
    /// Makes `self`, whatever it held, the pairs of a graph's rows, with `strength` the sum of
    /// each row's weights; `None` (leaving `self` unusable) if the graph has more sentences than
    /// [`PADDING`] (so that every row and neighbour fits in a byte and is not `PADDING`). Each
    /// step's share is the division [`shares`] makes, of the same values.
    fn fill(&mut self, graph: &Rows, strength: &[f64]) -> Option<()> {
        let Pairs {
            rows,
            steps,
            empty,
            by_length,
        } = self;
        let count = graph.len();
        if count > usize::from(PADDING) {
            return None;
        }
        clear_with_room(rows, count.div_ceil(2));
        clear_with_room(steps, graph.used_edges().len() / 4 + count);
        empty.clear();
        let row = |index: usize| {
            graph
                .starts
                .get(index..index + 2)
                .and_then(|bounds| graph.edges.get(bounds[0]..bounds[1]))
                .unwrap_or(&[])
        };
        // By length, then by index: the pairing is deterministic (though any would do).
        clear_with_room(by_length, count);
        by_length.extend((0..count).map(|index| (row(index).len(), index)));
        by_length.sort_unstable();
        // The rows without edges come first (by length).
        let edgeless = by_length.partition_point(|&(length, _)| length == 0);
        for &(_, index) in &by_length[..edgeless] {
            // Below `PADDING`, so it fits.
            empty.push(index as u8);
        }
        // Every neighbour is below `count` (as the graph's rows are), so it fits in a byte and
        // is not `PADDING`; past a row's end, the padding step.
        let share = |row: &[(usize, f64)], step: usize| match row.get(step) {
            Some(&(other, weight)) => (other as u8, weight / strength[other]),
            None => (PADDING, 0.0),
        };
        for two in by_length[edgeless..].chunks(2) {
            let (first, second) = match *two {
                [(_, first), (_, second)] => (first, second),
                [(_, first)] => (first, first),
                _ => continue,
            };
            let (a, b) = (row(first), row(second));
            let length = a.len().max(b.len()).div_ceil(2);
            for step in (0..2 * length).step_by(2) {
                let (a_other, a_share) = share(a, step);
                let (b_other, b_share) = share(b, step);
                let (a_next, a_next_share) = share(a, step + 1);
                let (b_next, b_next_share) = share(b, step + 1);
                steps.push(TwoSteps {
                    shares: [[a_share, b_share], [a_next_share, b_next_share]],
                    others: [[a_other, b_other], [a_next, b_next]],
                });
            }
            rows.push(([first as u8, second as u8], length));
        }
        Some(())
    }
}

/// The power iteration of [`text_rank`], over rows of edges in one list (see [`shares`]).
struct Iteration<'a> {
    dangling_rows: &'a [usize],
    size: f64,
    damping: f64,
    iterations: usize,
    epsilon: f64,
}

impl Iteration<'_> {
    /// Iterates from `scores` (`next` is scratch of the same length) and gives the scores.
    fn run<I, S>(&self, starts: &[usize], edges: &[(I, f64)], mut scores: S, mut next: S) -> S
    where
        I: Copy + Into<usize>,
        S: AsRef<[f64]> + AsMut<[f64]>,
    {
        let Iteration {
            dangling_rows,
            size,
            damping,
            iterations,
            epsilon,
        } = *self;
        for _ in 0..iterations {
            let current = scores.as_ref();
            let dangling: f64 = dangling_rows.iter().map(|&i| current[i]).sum();
            let base = (1.0 - damping) / size + damping * dangling / size;
            // The L1 change is summed in the same order as a sum over the scores would (each
            // term is at least +0.0, so starting from +0.0 gives what starting from -0.0
            // gives).
            let mut change = 0.0_f64;
            let mut from = 0;
            for ((slot, &old), &to) in next.as_mut().iter_mut().zip(current).zip(&starts[1..]) {
                let incoming: f64 = edges[from..to]
                    .iter()
                    .map(|&(other, share)| share * current[other.into()])
                    .sum();
                from = to;
                *slot = base + damping * incoming;
                change += (*slot - old).abs();
            }
            std::mem::swap(&mut scores, &mut next);
            if change < epsilon {
                break;
            }
        }
        scores
    }

    /// What [`Iteration::run`] gives for the rows in `pairs` (of a graph of `count`
    /// sentences), from scores of `1 / count`.
    ///
    /// Each row's sum is the same sum, in the same order, from -0.0 as `Iterator::sum` starts;
    /// the steps after a shorter row's end add +0.0 products (a share of 0.0 times the score
    /// of [`PADDING`], 0.0), which leave any sum but -0.0 as it is (NaN and infinities
    /// included), and -0.0 (a row without edges) becomes +0.0, which `base + damping * sum`
    /// cannot tell apart (`base` is never -0.0, as `damping <= 1`). The L1 change is summed
    /// over the rows in order, as `run` sums it.
    fn run_pairs(&self, pairs: &Pairs, count: usize, arrays: &mut ScoreArrays) -> Vec<f64> {
        let Iteration {
            dangling_rows,
            size,
            damping,
            iterations,
            epsilon,
        } = *self;
        // Every slot of a sentence is written before it is read; past them is `PADDING`,
        // never written (so 0.0 as made).
        let [scores, next] = &mut **arrays;
        let count = count.min(usize::from(PADDING));
        scores[..count].fill(1.0 / size);
        let (mut scores, mut next) = (scores, next);
        for _ in 0..iterations {
            let current: &[f64; SMALL_GRAPH + 1] = scores;
            let dangling: f64 = dangling_rows.iter().map(|&i| current[i]).sum();
            let base = (1.0 - damping) / size + damping * dangling / size;
            let mut steps = pairs.steps.as_slice();
            for &(rows, length) in &pairs.rows {
                let (these, rest) = steps.split_at_checked(length).unwrap_or((steps, &[]));
                steps = rest;
                let mut sums = [-0.0_f64; 2];
                // Two steps at a time (the same additions, in the same order).
                for &TwoSteps { shares, others } in these {
                    sums[0] += shares[0][0] * current[usize::from(others[0][0])];
                    sums[1] += shares[0][1] * current[usize::from(others[0][1])];
                    sums[0] += shares[1][0] * current[usize::from(others[1][0])];
                    sums[1] += shares[1][1] * current[usize::from(others[1][1])];
                }
                next[usize::from(rows[0])] = base + damping * sums[0];
                next[usize::from(rows[1])] = base + damping * sums[1];
            }
            for &row in &pairs.empty {
                next[usize::from(row)] = base + damping * -0.0;
            }
            let mut change = 0.0_f64;
            for (&new, &old) in next[..count].iter().zip(&current[..count]) {
                change += (new - old).abs();
            }
            std::mem::swap(&mut scores, &mut next);
            if change < epsilon {
                break;
            }
        }
        scores[..count].to_vec()
    }
}

/// [`cosine`] of a bag `a` and `b`, with `a` given as its counts by term (`dense`, 0.0 for
/// terms it lacks, at least as long as `b`'s largest term): the products of the shared terms'
/// counts are added in term order as there, and each term of `b` that `a` lacks adds a zero
/// product (+0.0), which changes no sum but one of zeros, and that only as `cosine` allows.
fn cosine_dense(dense: &[f64], b: &Bag, norm_a: f64, norm_b: f64) -> f64 {
    let mut dot = 0.0_f64;
    for &(id, count) in &b.terms {
        dot += dense.get(id).copied().unwrap_or(0.0) * count;
    }
    if norm_a > 0.0 && norm_b > 0.0 {
        dot / (norm_a * norm_b)
    } else {
        0.0
    }
}

/// Cosine similarity of two bags' term counts, given their [`norm`]s (0 when either is empty).
#[cfg(test)]
fn cosine(a: &Bag, b: &Bag, norm_a: f64, norm_b: f64) -> f64 {
    // The products of the shared terms' counts, in term order, added to a sum starting from
    // zero: the terms of `a` that `b` lacks would each add a zero product (+0.0, as counts are
    // positive), which changes no sum but one of zeros (+0.0 rather than -0.0), and the quotient
    // below is only compared with the redundancy threshold, where the two zeros are equal.
    let mut dot = 0.0_f64;
    let mut others = b.terms.iter().peekable();
    for &(id, count) in &a.terms {
        while others.next_if(|&&(other, _)| other < id).is_some() {}
        if let Some(&&(other, other_count)) = others.peek()
            && other == id
        {
            dot += count * other_count;
        }
    }
    if norm_a > 0.0 && norm_b > 0.0 {
        dot / (norm_a * norm_b)
    } else {
        0.0
    }
}

/// The Euclidean norm of a bag's term counts.
fn norm(bag: &Bag) -> f64 {
    bag.terms.iter().map(|&(_, c)| c * c).sum::<f64>().sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ADVICE: &str = "Background\n\n\
        Sam Example is a cheerful pupil in Year 4 at Example Primary School. \
        Sam has difficulties with speech and language, especially understanding spoken instructions. \
        In class, Sam needs spoken instructions broken into short steps with visual support. \
        Sam enjoys football and playing with friends at lunchtime. \
        Sam's speech and language difficulties affect reading comprehension and writing. \
        A speech and language therapist should plan language targets for Sam each term. \
        The school car park was resurfaced last summer.\n\n\
        Recommendations:\n\n\
        Staff should use visual support and short steps for spoken instructions in every lesson.";

    fn verbatim(text: &str, sentence: &SummarySentence) -> bool {
        let slice: String = text
            .chars()
            .skip(sentence.start)
            .take(sentence.end - sentence.start)
            .collect();
        slice == sentence.text
    }

    fn words(summary: &[SummarySentence]) -> usize {
        summary
            .iter()
            .map(|sentence| sentence.text.split_whitespace().count())
            .sum()
    }

    #[test]
    fn the_same_input_gives_the_same_summary() {
        let options = SummaryOptions {
            word_budget: 40,
            ..SummaryOptions::default()
        };
        let first = summarise(ADVICE, &options);
        let second = summarise(ADVICE, &options);
        assert!(!first.is_empty());
        assert_eq!(first, second);
        assert_eq!(
            rank(&["Sam reads well.", "Sam reads slowly."]),
            rank(&["Sam reads well.", "Sam reads slowly."])
        );
    }

    #[test]
    fn picks_are_verbatim_in_order_and_within_budget() {
        for budget in [0, 5, 12, 20, 40, 150, 1000] {
            let options = SummaryOptions {
                word_budget: budget,
                ..SummaryOptions::default()
            };
            let summary = summarise(ADVICE, &options);
            assert!(words(&summary) <= budget, "budget {budget}");
            assert!(summary.iter().all(|sentence| verbatim(ADVICE, sentence)));
            assert!(summary.windows(2).all(|pair| pair[0].end <= pair[1].start));
        }
    }

    #[test]
    fn headings_fragments_and_off_topic_sentences_are_left_out() {
        let summary = summarise(ADVICE, &SummaryOptions::default());
        let texts: Vec<&str> = summary.iter().map(|s| s.text.as_str()).collect();
        assert!(!texts.contains(&"Background"));
        assert!(!texts.contains(&"Recommendations:"));
        assert!(
            texts
                .iter()
                .any(|text| text.contains("speech and language"))
        );
    }

    #[test]
    fn a_central_sentence_ranks_above_an_off_topic_one() {
        let scores = rank(&[
            "Sam needs visual support with spoken instructions.",
            "Sam finds spoken instructions hard without visual support.",
            "Visual timetables support Sam with daily routines.",
            "Spoken instructions should be short and supported visually.",
            "The minibus was repainted blue in August.",
        ]);
        assert_eq!(scores.len(), 5);
        assert!(scores[0] > scores[4]);
        assert!(scores[1] > scores[4]);
        let total: f64 = scores.iter().sum();
        assert!((total - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_near_duplicate_is_dropped_unless_redundancy_removal_is_off() {
        let text = "Sam Example needs daily speech and language therapy sessions in school. \
            Sam Example needs daily speech and language therapy sessions at school. \
            Speech and language therapy should target Sam's vocabulary. \
            Sam enjoys drawing dinosaurs at home.";
        let on = summarise(text, &SummaryOptions::default());
        let both = |summary: &[SummarySentence]| {
            summary
                .iter()
                .filter(|s| s.text.contains("therapy sessions"))
                .count()
        };
        assert_eq!(both(&on), 1);
        let off = summarise(
            text,
            &SummaryOptions {
                redundancy_threshold: 1.0,
                ..SummaryOptions::default()
            },
        );
        assert_eq!(both(&off), 2);
    }

    #[test]
    fn a_top_sentence_over_budget_is_skipped_for_one_that_fits() {
        let text = "Sam needs support with reading, writing, spelling, handwriting, phonics and reading \
            comprehension in every reading and writing lesson across the school day. \
            Sam needs reading support daily.";
        let options = SummaryOptions {
            word_budget: 6,
            ..SummaryOptions::default()
        };
        let summary = summarise(text, &options);
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].text, "Sam needs reading support daily.");
    }

    #[test]
    fn equal_scores_go_to_the_earlier_sentence() {
        let text = "Sam likes painting pictures outdoors. Alex enjoys swimming lessons weekly.";
        let scores = rank(&[
            "Sam likes painting pictures outdoors.",
            "Alex enjoys swimming lessons weekly.",
        ]);
        assert!((scores[0] - scores[1]).abs() < 1e-12);
        let options = SummaryOptions {
            word_budget: 5,
            ..SummaryOptions::default()
        };
        let summary = summarise(text, &options);
        assert_eq!(summary.len(), 1);
        assert_eq!(summary[0].text, "Sam likes painting pictures outdoors.");
    }

    #[test]
    fn empty_and_whitespace_give_nothing() {
        let options = SummaryOptions::default();
        assert!(summarise("", &options).is_empty());
        assert!(summarise("  \n\n\t  \n", &options).is_empty());
        assert!(summarise_multi(&[], &options).is_empty());
        assert!(summarise_multi(&[("", 3), (" \n ", 4)], &options).is_empty());
        assert!(rank(&[]).is_empty());
    }

    #[test]
    fn short_notes_alone_still_give_a_summary() {
        let text = "Strengths\n\nLikes Lego";
        let summary = summarise(text, &SummaryOptions::default());
        let texts: Vec<&str> = summary.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["Strengths", "Likes Lego"]);
        let options = SummaryOptions {
            word_budget: 1,
            ..SummaryOptions::default()
        };
        assert_eq!(summarise(text, &options).len(), 1);
    }

    #[test]
    fn a_bundle_keeps_provenance_and_input_order() {
        let school = "Sam Example finds spoken instructions hard to follow in class. \
            Sam enjoys art.";
        let therapist = "Spoken instructions should be short, with visual support for Sam. \
            Sam should have speech and language therapy each week.";
        let summary = summarise_multi(&[(school, 7), (therapist, 2)], &SummaryOptions::default());
        assert!(summary.iter().any(|(document, _)| *document == 7));
        assert!(summary.iter().any(|(document, _)| *document == 2));
        let first_therapist = summary.iter().position(|(document, _)| *document == 2);
        let last_school = summary.iter().rposition(|(document, _)| *document == 7);
        assert!(last_school < first_therapist);
        for (document, sentence) in &summary {
            let source = if *document == 7 { school } else { therapist };
            assert!(verbatim(source, sentence));
        }
    }

    #[test]
    fn odd_options_do_not_panic() {
        let options = SummaryOptions {
            word_budget: usize::MAX,
            redundancy_threshold: f64::NAN,
            damping: f64::INFINITY,
            iterations: 0,
            epsilon: f64::NAN,
        };
        let summary = summarise(ADVICE, &options);
        assert!(summary.iter().all(|sentence| verbatim(ADVICE, sentence)));
        let options = SummaryOptions {
            damping: -3.0,
            iterations: 100_000,
            epsilon: 0.0,
            ..SummaryOptions::default()
        };
        assert!(!summarise(ADVICE, &options).is_empty());
    }

    #[test]
    fn tokens_drop_stop_words_and_plurals() {
        assert!(STOP_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(STOP_KEYS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(STOP_WORDS.iter().all(|word| is_stop_word(word)));
        assert_eq!(
            STOP_WORDS.iter().map(|word| word.len()).max(),
            Some(LONGEST_STOP_WORD)
        );
        assert_eq!(
            tokenise("The difficulties in classes; Sam's sessions and his status."),
            ["difficulty", "class", "sam", "session", "status"]
        );
        assert_eq!(
            tokenise("CAFÉS, Études and a naïve Ödön; ΟΔΟΣ"),
            ["café", "étude", "naïve", "ödön", "οδος"]
        );
    }

    /// The summary of `text`'s sentences through [`summarise_tokenised`], with `terms` already
    /// holding the terms of `other`.
    fn tokenised(
        text: &str,
        other: &str,
        options: &SummaryOptions,
    ) -> Vec<(usize, SummarySentence)> {
        let mut terms = Terms::default();
        let _ = terms.tokenise(other);
        let sentences = sentence::split(text);
        let ids: Vec<Vec<u32>> = sentences
            .iter()
            .map(|sentence| terms.tokenise(&sentence.text))
            .collect();
        let input: Vec<(&str, usize, &[u32], usize, bool)> = sentences
            .iter()
            .zip(&ids)
            .enumerate()
            .map(|(order, (sentence, ids))| {
                (
                    sentence.text.as_str(),
                    order,
                    ids.as_slice(),
                    sentence.text.split_whitespace().count(),
                    false,
                )
            })
            .collect();
        summarise_tokenised(&input, &mut terms, options)
    }

    /// The same summary through [`summarise_multi`], one text per sentence.
    fn one_text_per_sentence(
        text: &str,
        options: &SummaryOptions,
    ) -> Vec<(usize, SummarySentence)> {
        let sentences = sentence::split(text);
        let input: Vec<(&str, usize)> = sentences
            .iter()
            .enumerate()
            .map(|(order, sentence)| (sentence.text.as_str(), order))
            .collect();
        summarise_multi(&input, options)
    }

    #[test]
    fn interned_terms_give_the_same_summary_as_tokenising_again() {
        let options = SummaryOptions {
            word_budget: 40,
            ..SummaryOptions::default()
        };
        let expected = one_text_per_sentence(ADVICE, &options);
        assert!(expected.len() > 1);
        // Terms seen before (here, in another order) must not change the numbering that counts.
        let other = "Zebra crossings and aardvarks; visual timetables with sessions.";
        assert_eq!(tokenised(ADVICE, other, &options), expected);
        assert_eq!(tokenised(ADVICE, "", &options), expected);
    }

    /// Lists of edges as [`Rows`].
    fn rows_of(lists: &[Vec<(usize, f64)>]) -> Rows {
        let mut rows = Rows {
            starts: vec![0],
            edges: Vec::new(),
        };
        for list in lists {
            rows.edges.extend_from_slice(list);
            rows.starts.push(rows.edges.len());
        }
        rows
    }

    /// The graph as [`graph`] made it before it summed each pair once (the test's reference): for each sentence, its neighbours and edge weights (sorted by
    /// neighbour). At most [`MAX_NEIGHBOURS`] strongest edges per sentence are chosen; the union of
    /// the choices is kept, so the graph stays undirected.
    ///
    /// The BM25 score of sentence `i` as a query against sentence `j` is the sum, over the distinct
    /// terms of `i` found in `j`, of `idf(t) · tf_j(t) (k1 + 1) / (tf_j(t) + k1 (1 − b + b |j| /
    /// avg))`. Both directions run over the same shared terms, so the averaged weight is accumulated
    /// in one pass over the postings.
    fn graph_of_chosen_edges(bags: &[Bag]) -> Vec<Vec<(usize, f64)>> {
        let count = bags.len();
        let Postings {
            offsets, flat, idf, ..
        } = postings(bags);
        let term_list = |id: usize| &flat[offsets[id]..offsets[id + 1]];
        // Each sentence's own saturated frequencies, in the order of its terms (its own entry
        // in each term's list).
        let own_saturated: Vec<f64> = bags
            .iter()
            .enumerate()
            .flat_map(|(index, bag)| {
                bag.terms.iter().map(move |&(id, _)| {
                    term_list(id)
                        .iter()
                        .find(|&&(sentence, _)| sentence == index)
                        .map_or(0.0, |&(_, saturated)| saturated)
                })
            })
            .collect();
        let mut own_starts: Vec<usize> = vec![0];
        for bag in bags {
            own_starts.push(own_starts.last().copied().unwrap_or(0) + bag.terms.len());
        }

        // The chosen edges, in the order chosen; each goes into both its rows below.
        // Room for every sentence's strongest edges at once (up to a bound, past which it grows as
        // needed), so the list is not copied as it grows.
        let mut chosen: Vec<(usize, usize, f64)> = Vec::with_capacity(
            count
                .saturating_mul(count.saturating_sub(1).min(MAX_NEIGHBOURS))
                .min(1 << 14),
        );
        let mut weights = vec![0.0_f64; count];
        // A sentence has at most `count - 1` others: room for them all at once, so neither buffer
        // grows sentence by sentence.
        let mut touched: Vec<usize> = Vec::with_capacity(count);
        let mut neighbours: Vec<(usize, f64)> = Vec::with_capacity(count);
        for (index, bag) in bags.iter().enumerate() {
            let owns = own_saturated
                .get(own_starts[index]..own_starts[index + 1])
                .unwrap_or(&[]);
            for (&(id, _), &own) in bag.terms.iter().zip(owns) {
                let list = term_list(id);
                for &(other, saturated) in list {
                    if other == index {
                        continue;
                    }
                    if weights[other] <= 0.0 {
                        touched.push(other);
                    }
                    weights[other] += idf[id] * (own + saturated) / 2.0;
                }
            }
            neighbours.clear();
            neighbours.extend(
                touched
                    .drain(..)
                    .map(|other| (other, std::mem::take(&mut weights[other])))
                    .filter(|&(_, weight)| weight > 0.0 && weight.is_finite()),
            );
            let strongest_first =
                |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if neighbours.len() > MAX_NEIGHBOURS {
                neighbours.select_nth_unstable_by(MAX_NEIGHBOURS, strongest_first);
                neighbours.truncate(MAX_NEIGHBOURS);
            }
            chosen.extend(
                neighbours
                    .iter()
                    .map(|&(other, weight)| (index, other, weight)),
            );
        }
        // Both directions of each chosen edge, in the order chosen, each row allocated once; see
        // below for duplicates.
        let mut degrees = vec![0_usize; count];
        for &(index, other, _) in &chosen {
            degrees[index] += 1;
            degrees[other] += 1;
        }
        let mut rows: Vec<Vec<(usize, f64)>> = degrees
            .iter()
            .map(|&degree| Vec::with_capacity(degree))
            .collect();
        // Each row in order of neighbour, as a stable sort of the pushes in the order chosen would
        // give it: the entries are first placed by neighbour (a counting sort; `degrees` also counts
        // how often each sentence is a neighbour), then dealt to their rows in that order.
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0_usize);
        for &degree in &degrees {
            starts.push(starts.last().copied().unwrap_or(0) + degree);
        }
        // Each entry is (row, weight): its neighbour is the one whose place it is in, so it is not
        // stored (a third less to clear and write).
        let mut by_neighbour = vec![(0_usize, 0.0_f64); starts[count]];
        let mut fill: Vec<usize> = starts[..count].to_vec();
        for &(index, other, weight) in &chosen {
            by_neighbour[fill[other]] = (index, weight);
            fill[other] += 1;
            by_neighbour[fill[index]] = (other, weight);
            fill[index] += 1;
        }
        for (neighbour, bounds) in starts.windows(2).enumerate() {
            for &(row, weight) in &by_neighbour[bounds[0]..bounds[1]] {
                rows[row].push((neighbour, weight));
            }
        }
        // An edge chosen from both ends appears twice with the same weight (the shared terms are
        // summed in the same order either way): keep the later.
        for row in &mut rows {
            row.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    *kept = *later;
                }
                same
            });
        }
        rows
    }

    proptest! {
        #[test]
        fn word_keys_at_run_time_are_the_constant_keys(word in proptest::collection::vec(1u8.., 0..20)) {
            prop_assert_eq!(crate::bytes::be_key16(&word), key(&word));
        }

        #[test]
        fn summaries_built_in_reused_buffers_are_those_built_afresh(
            texts in prop::collection::vec(
                prop::collection::vec(
                    prop::collection::vec(
                        prop::sample::select(vec![
                            "speech", "language", "therapy", "sessions", "weekly", "reading",
                            "support", "group", "anxiety", "school", "Sam", "needs", "visual",
                            "timetable", "adult", "small", "with", "the", "and", "his",
                        ]),
                        1..14,
                    ),
                    0..30,
                ),
                1..5,
            ),
            budget in 10usize..80,
        ) {
            let options = SummaryOptions {
                word_budget: budget,
                ..SummaryOptions::default()
            };
            // One `Terms` (and so one set of graph, ranking and bag buffers) for every summary,
            // as an analysis uses it, against a fresh one for each.
            let mut shared = Terms::default();
            for sentences in &texts {
                let texts: Vec<String> = sentences.iter().map(|words| words.join(" ")).collect();
                let summarise = |terms: &mut Terms| {
                    let ids: Vec<Vec<u32>> = texts.iter().map(|text| terms.tokenise(text)).collect();
                    let input: Vec<(&str, usize, &[u32], usize, bool)> = texts
                        .iter()
                        .zip(&ids)
                        .enumerate()
                        .map(|(order, (text, ids))| {
                            (
                                text.as_str(),
                                order,
                                ids.as_slice(),
                                text.split_whitespace().count(),
                                text.is_ascii(),
                            )
                        })
                        .collect();
                    summarise_tokenised(&input, terms, &options)
                        .into_iter()
                        .map(|(document, sentence)| {
                            (document, sentence.start, sentence.end, sentence.score.to_bits())
                        })
                        .collect::<Vec<_>>()
                };
                let reused = summarise(&mut shared);
                let fresh = summarise(&mut Terms::default());
                prop_assert_eq!(reused, fresh);
            }
        }

        #[test]
        fn interned_terms_are_the_tokens_seen_before_or_not(
            first in "[A-Za-z0-9é .,'-]{0,120}",
            second in "[A-Za-z0-9 .,'-]{0,120}|[A-Za-z]{15,20}( [A-Za-z]{15,20})?",
        ) {
            let mut terms = Terms::default();
            // Each text twice: the second time its words are looked up by their bytes.
            for text in [&first, &second, &first, &second] {
                let ids = terms.tokenise(text);
                let names: Vec<String> = ids
                    .iter()
                    .map(|&id| {
                        let (start, end) = terms.names[id as usize];
                        terms.names_text[start..end].to_owned()
                    })
                    .collect();
                prop_assert_eq!(names, tokenise(text));
            }
        }

        #[test]
        fn words_read_eight_bytes_at_a_time_are_those_read_byte_by_byte(
            text in "[A-Za-z0-9 .,'-]{0,60}|[A-Za-z]{5,20}( [A-Za-z0-9]{1,20}){0,3}",
            from in 0_usize..64,
        ) {
            let bytes = text.as_bytes();
            let mut expected = from;
            while bytes.get(expected).is_some_and(|byte| !byte.is_ascii_alphanumeric()) {
                expected += 1;
            }
            let start = next_word(bytes, from);
            prop_assert_eq!(start, (expected < bytes.len()).then_some(expected));
            if let Some(start) = start {
                let mut end = start;
                while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                    end += 1;
                }
                let key = (end - start <= 16).then(|| crate::bytes::be_key16(&bytes[start..end]));
                prop_assert_eq!(word_at(bytes, start), (end, key));
            }
        }

        #[test]
        fn summing_each_pair_once_gives_the_graph_of_chosen_edges(
            sentences in proptest::collection::vec(
                proptest::collection::vec(0usize..12, 0..8),
                0..300,
            ),
            sparse in 0usize..3,
        ) {
            // Few terms, so that sentences past `MAX_NEIGHBOURS` have more neighbours than it;
            // sometimes spread over more terms, so that there are fewer.
            let bags: Vec<Bag> = sentences
                .into_iter()
                .enumerate()
                .map(|(index, mut ids)| {
                    for id in &mut ids {
                        *id += (index % 7) * 12 * sparse;
                    }
                    bag_of(&mut ids)
                })
                .collect();
            let bits = |rows: &Rows| {
                (
                    rows.starts.clone(),
                    rows.used_edges()
                        .iter()
                        .map(|&(other, weight)| (other, weight.to_bits()))
                        .collect::<Vec<_>>(),
                )
            };
            prop_assert_eq!(bits(&graph(&bags)), bits(&rows_of(&graph_of_chosen_edges(&bags))));
        }

        #[test]
        fn fixed_array_iteration_gives_the_scores_of_the_general_one(
            rows in proptest::collection::vec(
                proptest::collection::vec((0usize..40, 0.0f64..3.0), 0..12),
                1..40,
            ),
            damping in 0.0f64..1.0,
        ) {
            // Neighbours within the graph, each row sorted by neighbour (as `graph` gives).
            let count = rows.len();
            let graph: Vec<Vec<(usize, f64)>> = rows
                .into_iter()
                .map(|mut row| {
                    for (other, _) in &mut row {
                        *other %= count;
                    }
                    row.sort_by_key(|&(other, _)| other);
                    row.dedup_by_key(|&mut (other, _)| other);
                    row
                })
                .collect();
            let strength: Vec<f64> = graph
                .iter()
                .map(|row| row.iter().map(|&(_, weight)| weight).sum())
                .collect();
            let dangling_rows: Vec<usize> = (0..count).filter(|&i| strength[i] <= 0.0).collect();
            let size = count as f64;
            let iteration = Iteration {
                dangling_rows: &dangling_rows,
                size,
                damping,
                iterations: 100,
                epsilon: 1e-6,
            };
            let graph = rows_of(&graph);
            let (starts, edges) = shares::<usize>(&graph, &strength).unwrap_or_default();
            let general = iteration.run(&starts, &edges, vec![1.0 / size; count], vec![0.0; count]);
            // Arrays left from another iteration (here, with other damping) change nothing.
            let mut arrays = None;
            let _ = text_rank(&graph, 1.0 - damping / 2.0, 100, 1e-6, &mut arrays);
            let fixed = text_rank(&graph, damping, 100, 1e-6, &mut arrays);
            let bits = |scores: &[f64]| scores.iter().map(|score| score.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&fixed), bits(&general));
        }

        #[test]
        fn interned_terms_are_numbered_as_the_bags_of_the_texts_number_them(
            sentences in prop::collection::vec(
                prop::collection::vec(
                    prop::sample::select(vec![
                        "communicate", "communication", "communicator", "communal", "commune",
                        "comm", "assessments", "assessor", "assess", "assessed", "zz", "aa",
                        "underestimate", "underestimated", "understand", "understanding",
                    ]),
                    1..8,
                ),
                1..10,
            ),
        ) {
            let texts: Vec<String> = sentences.iter().map(|words| words.join(" ")).collect();
            let mut terms = Terms::default();
            // Terms interned before, in another order, change nothing.
            let backwards: Vec<&str> = texts.iter().rev().map(String::as_str).collect();
            let _ = terms.tokenise(&backwards.join(" "));
            let ids: Vec<Vec<u32>> = texts.iter().map(|text| terms.tokenise(text)).collect();
            let lists: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
            let mut out = Vec::new();
            terms.bags(&lists, &mut out);
            let bits = |bag: &Bag| {
                let counts: Vec<(usize, u64)> =
                    bag.terms.iter().map(|&(id, count)| (id, count.to_bits())).collect();
                (counts, bag.length.to_bits())
            };
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let expected: Vec<_> = bags(&refs).iter().map(bits).collect();
            let got: Vec<_> = out.iter().take(texts.len()).map(bits).collect();
            prop_assert_eq!(got, expected);
        }

        #[test]
        fn cosine_over_dense_counts_is_the_merged_cosine(
            a in proptest::collection::vec(0usize..30, 0..20),
            b in proptest::collection::vec(0usize..30, 0..20),
        ) {
            let (a, b) = (bag_of(&mut a.clone()), bag_of(&mut b.clone()));
            let mut dense = vec![0.0; 30];
            for &(id, count) in &a.terms {
                dense[id] = count;
            }
            let (norm_a, norm_b) = (norm(&a), norm(&b));
            prop_assert_eq!(
                cosine_dense(&dense, &b, norm_a, norm_b).to_bits(),
                cosine(&a, &b, norm_a, norm_b).to_bits()
            );
        }

        #[test]
        fn interned_terms_never_change_a_summary(
            text in "[A-Za-zé .!?\\n,:()\"']{0,300}",
            other in "[a-z ]{0,60}",
            budget in 0usize..60,
        ) {
            let options = SummaryOptions {
                word_budget: budget,
                ..SummaryOptions::default()
            };
            prop_assert_eq!(tokenised(&text, &other, &options), one_text_per_sentence(&text, &options));
        }

        #[test]
        fn never_panics_and_stays_verbatim_within_budget(
            text in "[A-Za-zé .!?\\n,:()\"']{0,300}",
            budget in 0usize..60,
            threshold in 0.0f64..1.2,
        ) {
            let options = SummaryOptions {
                word_budget: budget,
                redundancy_threshold: threshold,
                ..SummaryOptions::default()
            };
            let summary = summarise(&text, &options);
            prop_assert!(words(&summary) <= budget);
            for sentence in &summary {
                prop_assert!(verbatim(&text, sentence));
                prop_assert!(sentence.score.is_finite());
            }
            let bundle = summarise_multi(&[(&text, 0), (&text, 1)], &options);
            let bundle_words: usize = bundle
                .iter()
                .map(|(_, sentence)| sentence.text.split_whitespace().count())
                .sum();
            prop_assert!(bundle_words <= budget);
            prop_assert!(bundle.iter().all(|(_, sentence)| verbatim(&text, sentence)));
        }
    }
}
