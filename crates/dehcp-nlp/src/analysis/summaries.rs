//! Summaries organised in sections: strengths, each broad area of need, views of the child and
//! family, and recommendations; per document and for the bundle.
//!
//! Each body sentence of four words or more goes to at most one section, decided in this order:
//!
//! 1. in a document of views (its first heading reads like "Parent and carer views", "All
//!    about me", …): `views`;
//! 2. part of a recommendation of provision: `recommendations`;
//! 3. under a heading that names a section (by its words: "Recommendations", "Views of …",
//!    "What I like", "Strengths", "Communication and interaction", "Sensory and physical" …;
//!    a sub-heading that names nothing inherits its parent's): that section;
//! 4. the broad area with most affirmed need findings (diagnoses and difficulties) in it
//!    (ties in the order of [`BroadArea::ALL`]);
//! 5. `strengths` if it affirms a strength;
//! 6. otherwise no section.
//!
//! Each section is then summarised with [`summary::summarise_tokenised`] (as
//! [`summary::summarise_multi`], TextRank over a BM25 graph, redundancy removal, a word budget,
//! but over the sentences as already split rather than splitting them again, each tokenised
//! once however many summaries it enters). To keep the cost linear in the size of the bundle, at most [`DOCUMENT_CANDIDATES`] sentences per document section and
//! [`BUNDLE_CANDIDATES`] per bundle section enter the graph, chosen by a cheap score: two
//! points per affirmed finding, one per other finding, one for a sentence of 8 to 40 words;
//! ties go to the earlier sentence. Everything is deterministic and every sentence verbatim.

use std::cmp::Reverse;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use dehcp_domain::BroadArea;

use dehcp_ingest::BlockKind;

use super::findings::{SentenceRecord, word_count};
use super::layout::Layout;
use super::{DocumentSummary, Finding, Quote, SummarySection};
use crate::context::Polarity;
use crate::summary::{self, SummaryOptions, TermHasher, Terms};

/// Most sentences of one document's section that enter the TextRank graph.
pub const DOCUMENT_CANDIDATES: usize = 24;
/// Most sentences of one bundle section that enter the TextRank graph (by default; see
/// [`super::Engine::with_bundle_candidates`]). 60, about five times what a 250-word section
/// holds: on bundles of gold documents (`dehcp eval summary --gold testdata/gold --candidates
/// 40,60,120`) the bundle summary carries more of the child's labelled needs and strengths
/// with 60 than with 120 (0.609 against 0.598 of the concepts, bundles of 6; 0.477 against
/// 0.456, bundles of 12), and the analysis of the benchmark bundle takes about 8% fewer
/// instructions. Fewer still (40) measured higher again, but leaves TextRank less to choose
/// from than a single measure can justify (docs/adr/0008-bundle-summary-candidates.md).
pub const BUNDLE_CANDIDATES: usize = 60;
/// Fewest words of a sentence worth summarising.
const MIN_WORDS: usize = 4;

/// A summary section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Topic {
    Strengths,
    Area(BroadArea),
    Views,
    Recommendations,
}

impl Topic {
    /// Every section, in the order they are shown.
    pub(super) fn all() -> [Topic; 7] {
        [
            Topic::Strengths,
            Topic::Area(BroadArea::CommunicationAndInteraction),
            Topic::Area(BroadArea::CognitionAndLearning),
            Topic::Area(BroadArea::SocialEmotionalMentalHealth),
            Topic::Area(BroadArea::SensoryAndPhysical),
            Topic::Views,
            Topic::Recommendations,
        ]
    }

    /// Its place in [`Topic::all`].
    fn slot(self) -> usize {
        match self {
            Topic::Strengths => 0,
            Topic::Area(BroadArea::CommunicationAndInteraction) => 1,
            Topic::Area(BroadArea::CognitionAndLearning) => 2,
            Topic::Area(BroadArea::SocialEmotionalMentalHealth) => 3,
            Topic::Area(BroadArea::SensoryAndPhysical) => 4,
            Topic::Views => 5,
            Topic::Recommendations => 6,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Topic::Strengths => "strengths",
            Topic::Area(area) => area.id(),
            Topic::Views => "views",
            Topic::Recommendations => "recommendations",
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Topic::Strengths => "Strengths",
            Topic::Area(BroadArea::CommunicationAndInteraction) => "Communication and interaction",
            Topic::Area(BroadArea::CognitionAndLearning) => "Cognition and learning",
            Topic::Area(BroadArea::SocialEmotionalMentalHealth) => {
                "Social, emotional and mental health"
            }
            Topic::Area(BroadArea::SensoryAndPhysical) => "Sensory and physical",
            Topic::Views => "Views of the child and family",
            Topic::Recommendations => "Recommendations",
        }
    }
}

/// Words in a heading that name a section, checked in this order (lower case, as substrings).
const HEADING_WORDS: &[(&[&str], HeadingTopic)] = &[
    (
        &[
            "recommend",
            "provision",
            "strategies",
            "support required",
            "support needed",
            "next steps",
        ],
        HeadingTopic::Recommendations,
    ),
    (
        &[
            "views",
            "about me",
            "what i like",
            "what i don't like",
            "what i do not like",
            "what people like",
            "important to me",
            "my hopes",
            "what we hope",
            "hopes and",
            "aspiration",
            "wishes",
            "voice of",
            "in my own words",
            "all about",
            "one page profile",
            "what we are worried",
            "what we would like",
            "our worries",
        ],
        HeadingTopic::Views,
    ),
    (
        &[
            "strength",
            "good at",
            "interests",
            "achievement",
            "what works well",
            "positive",
        ],
        HeadingTopic::Strengths,
    ),
    (
        &["communication", "interaction", "speech", "language"],
        HeadingTopic::Area(BroadArea::CommunicationAndInteraction),
    ),
    (
        &[
            "cognition",
            "learning",
            "literacy",
            "numeracy",
            "attainment",
            "memory",
            "reading",
        ],
        HeadingTopic::Area(BroadArea::CognitionAndLearning),
    ),
    (
        &[
            "emotional",
            "mental health",
            "behaviour",
            "wellbeing",
            "well-being",
            "anxiety",
        ],
        HeadingTopic::Area(BroadArea::SocialEmotionalMentalHealth),
    ),
    (
        &[
            "sensory",
            "physical",
            "motor",
            "hearing",
            "vision",
            "medical",
            "health",
            "mobility",
            "self-care",
            "self care",
        ],
        HeadingTopic::Area(BroadArea::SensoryAndPhysical),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingTopic {
    Recommendations,
    Views,
    Strengths,
    Area(BroadArea),
}

impl HeadingTopic {
    fn topic(self) -> Topic {
        match self {
            HeadingTopic::Recommendations => Topic::Recommendations,
            HeadingTopic::Views => Topic::Views,
            HeadingTopic::Strengths => Topic::Strengths,
            HeadingTopic::Area(area) => Topic::Area(area),
        }
    }
}

/// The section a heading names, if any.
fn heading_topic(heading: &str) -> Option<Topic> {
    let lower = heading.to_lowercase();
    // The pairs of adjacent bytes in the heading, folded into 128 bits (two 64-bit halves, so
    // each bit is one shift of a 64-bit number): a word whose first two bytes are not among
    // them is not in the heading, and is not searched for.
    let mut pairs = [0_u64; 2];
    for pair in lower.as_bytes().windows(2) {
        let (half, bit) = pair_bit(pair[0], pair[1]);
        pairs[half] |= bit;
    }
    let may_contain = |word: &str| match word.as_bytes() {
        [first, second, ..] => {
            let (half, bit) = pair_bit(*first, *second);
            pairs[half] & bit != 0
        }
        _ => true,
    };
    HEADING_WORDS
        .iter()
        .find(|(words, _)| {
            words
                .iter()
                .any(|word| may_contain(word) && contains(&lower, word))
        })
        .map(|(_, topic)| topic.topic())
}

/// The bit of a pair of adjacent bytes in a 128-bit set (several pairs share a bit), as the
/// half of the set it is in and the bit in that half.
#[inline]
fn pair_bit(first: u8, second: u8) -> (usize, u64) {
    let bit = (u32::from(first) * 7 + u32::from(second)) & 127;
    ((bit >> 6) as usize, 1 << (bit & 63))
}

/// `text.contains(word)`, by a plain scan: cheaper than the general substring search for a
/// heading a few words long. (A match of whole UTF-8 sequences is a match of characters.)
fn contains(text: &str, word: &str) -> bool {
    let word = word.as_bytes();
    match word.first() {
        None => true,
        Some(&first) => text
            .as_bytes()
            .windows(word.len())
            .any(|window| window.first() == Some(&first) && window == word),
    }
}

/// A sentence picked as a candidate for a section.
#[derive(Debug, Clone)]
pub(super) struct Candidate<'a> {
    pub(super) topic: Topic,
    /// Where it is; its text is borrowed from the document (a summary copies what it picks).
    pub(super) quote: Place<'a>,
    pub(super) cheap: usize,
    /// Whitespace-separated words in the quote.
    words: usize,
    /// The span of its terms among those `Terms` keeps, once it has entered a summary.
    terms: Option<std::ops::Range<usize>>,
    /// Whether a summary may pick it ([`summary::may_be_picked`]).
    pickable: bool,
}

/// A sentence of a document: its text and where it starts, as in a [`Quote`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    text: &'a str,
    /// Whether `text` is known to be ASCII (`false` says nothing).
    ascii: bool,
    document: usize,
    page: u32,
    start: usize,
}

/// The section each heading read so far names, by the heading's text: it depends on the text
/// alone, and headings recur from document to document.
pub(super) type HeadingTopics<'a> = HashMap<&'a str, Option<Topic>, BuildHasherDefault<TermHasher>>;

/// The candidate sentences of one document, each with its section, in text order, appended to
/// `out`. `sentences` are those read from the document and `findings` the findings the
/// sentences index; `topics` keeps the sections headings name, from document to document.
pub(super) fn candidates<'a>(
    layout: &Layout<'a>,
    sentences: &[SentenceRecord<'a>],
    findings: &[Finding],
    provisions: &[(usize, usize)],
    document: usize,
    out: &mut Vec<Candidate<'a>>,
    topics: &mut HeadingTopics<'a>,
) {
    // The section named by the headings above each segment.
    let mut stack: Vec<(u8, Option<Topic>)> = Vec::new();
    let mut segment_topic: Vec<Option<Topic>> = Vec::with_capacity(layout.segments.len());
    let mut views_document = false;
    let mut seen_heading = false;
    let first_body = layout
        .segments
        .iter()
        .position(super::layout::Segment::is_body)
        .unwrap_or(usize::MAX);
    for (index, segment) in layout.segments.iter().enumerate() {
        if let BlockKind::Heading { level } = segment.kind {
            let heading = layout.slice(segment.start, segment.end);
            let topic = *topics
                .entry(heading)
                .or_insert_with(|| heading_topic(heading));
            if !seen_heading {
                seen_heading = true;
                views_document = topic == Some(Topic::Views);
            }
            // The title opening the document names the section of all of it that no heading
            // below names, whatever level the format gives the headings below (in a PDF whose
            // headings share one size, the same as the title's).
            let level = if index == first_body { 0 } else { level };
            while stack.last().is_some_and(|(kept, _)| *kept >= level) {
                stack.pop();
            }
            stack.push((level, topic));
        }
        segment_topic.push(stack.iter().rev().find_map(|(_, topic)| *topic));
    }

    let mut next_provision = 0;
    for sentence in sentences {
        let Some(segment) = layout.segments.get(sentence.segment) else {
            continue;
        };
        // Words are counted only for a sentence that has a section (below): the other tests
        // do not depend on them, and skipping a sentence before moving `next_provision` on
        // changes nothing, as the sentences come in order.
        if matches!(segment.kind, BlockKind::Heading { .. }) {
            continue;
        }
        while provisions
            .get(next_provision)
            .is_some_and(|&(_, end)| end <= sentence.start)
        {
            next_provision += 1;
        }
        let recommends = provisions
            .get(next_provision)
            .is_some_and(|&(start, end)| start < sentence.end && sentence.start < end);
        let findings = findings.get(sentence.findings.clone()).unwrap_or(&[]);
        let topic = if views_document {
            Some(Topic::Views)
        } else if recommends {
            Some(Topic::Recommendations)
        } else if let Some(topic) = segment_topic.get(sentence.segment).copied().flatten() {
            Some(topic)
        } else {
            topic_from_findings(findings)
        };
        let Some(topic) = topic else {
            continue;
        };
        let words = word_count(sentence.text, sentence.ascii);
        if words < MIN_WORDS {
            continue;
        }
        let affirmed = findings
            .iter()
            .filter(|f| f.polarity == Polarity::Affirmed)
            .count();
        let cheap =
            2 * affirmed + (findings.len() - affirmed) + usize::from((8..=40).contains(&words));
        out.push(Candidate {
            topic,
            quote: Place {
                text: sentence.text,
                ascii: sentence.ascii,
                document,
                page: segment.page,
                start: sentence.start,
            },
            cheap,
            words,
            terms: None,
            pickable: summary::may_be_picked(sentence.text, words),
        });
    }
}

/// The section findings point to: the broad area with most affirmed need findings, else
/// strengths if a strength is affirmed.
fn topic_from_findings(findings: &[Finding]) -> Option<Topic> {
    let mut counts = [0_usize; 4];
    let mut strength = false;
    for finding in findings {
        if finding.polarity != Polarity::Affirmed {
            continue;
        }
        match finding.kind {
            "diagnosis" | "difficulty" => {
                if let Some(index) = BroadArea::ALL
                    .iter()
                    .position(|area| Some(area.id()) == finding.area)
                {
                    counts[index] += 1;
                }
            }
            "strength" => strength = true,
            _ => {}
        }
    }
    let (best, count) =
        counts.iter().enumerate().fold(
            (0, 0),
            |(bi, bc), (i, &c)| if c > bc { (i, c) } else { (bi, bc) },
        );
    if count > 0 {
        BroadArea::ALL.get(best).map(|&area| Topic::Area(area))
    } else if strength {
        Some(Topic::Strengths)
    } else {
        None
    }
}

/// Summarises candidates into sections (only those with sentences), in section order. The
/// terms of each candidate that enters a summary are kept in it (interned in `terms`), for the
/// next summary it enters.
pub(super) fn sections(
    candidates: &mut [Candidate<'_>],
    limit: usize,
    options: &SummaryOptions,
    terms: &mut Terms,
) -> Vec<SummarySection> {
    let mut sections = Vec::new();
    // The candidates of each section, in order, one section after another (one pass over
    // the candidates rather than one per section): section `slot`'s are
    // `grouped[bounds[slot]..bounds[slot + 1]]`.
    let mut bounds = [0_usize; 8];
    for candidate in candidates.iter() {
        if let Some(count) = bounds.get_mut(candidate.topic.slot() + 1) {
            *count += 1;
        }
    }
    for slot in 0..7 {
        bounds[slot + 1] += bounds[slot];
    }
    let mut grouped = vec![0_usize; bounds[7]];
    let mut fill = bounds;
    for (index, candidate) in candidates.iter().enumerate() {
        if let Some(at) = fill.get_mut(candidate.topic.slot()) {
            if let Some(slot) = grouped.get_mut(*at) {
                *slot = index;
            }
            *at += 1;
        }
    }
    for topic in Topic::all() {
        let slot = topic.slot();
        let members = grouped.get(bounds[slot]..bounds[slot + 1]).unwrap_or(&[]);
        if members.is_empty() {
            continue;
        }
        // (position within the section, index into `candidates`)
        let mut chosen: Vec<(usize, usize)> = members.iter().copied().enumerate().collect();
        let cheap = |index: usize| candidates.get(index).map_or(0, |c| c.cheap);
        if chosen.len() > limit {
            // The first `limit` by cheap score (highest first, then earliest): the order is
            // total (positions differ), so selecting them gives the same ones as sorting all
            // would, in linear time; then back in text order.
            let mut keyed: Vec<(Reverse<usize>, usize, usize)> = chosen
                .iter()
                .map(|&(position, index)| (Reverse(cheap(index)), position, index))
                .collect();
            keyed.select_nth_unstable(limit);
            keyed.truncate(limit);
            keyed.sort_unstable_by_key(|&(_, position, _)| position);
            chosen = keyed
                .into_iter()
                .map(|(_, position, index)| (position, index))
                .collect();
        }
        // A summary leaves out the sentences it may not pick ([`summary::may_be_picked`]) when
        // any of the others may be picked: their terms are not read unless they are needed.
        let any_pickable = chosen.iter().any(|&(_, index)| {
            candidates
                .get(index)
                .is_some_and(|candidate| candidate.pickable)
        });
        for &(_, index) in &chosen {
            if let Some(candidate) = candidates.get_mut(index)
                && candidate.terms.is_none()
                && (candidate.pickable || !any_pickable)
            {
                candidate.terms =
                    Some(terms.tokenise_kept(candidate.quote.text, candidate.quote.ascii));
            }
        }
        let kept = terms.take_kept();
        // One text per chosen candidate: room made once (the filter hides the count).
        let mut texts: Vec<(&str, usize, &[u32], usize, bool)> = Vec::with_capacity(chosen.len());
        texts.extend(
            chosen
                .iter()
                .enumerate()
                .filter_map(|(position, &(_, index))| {
                    let candidate = candidates.get(index)?;
                    Some((
                        candidate.quote.text,
                        position,
                        candidate
                            .terms
                            .clone()
                            .and_then(|span| kept.get(span))
                            .unwrap_or(&[]),
                        candidate.words,
                        candidate.quote.ascii,
                    ))
                }),
        );
        let picked = summary::summarise_tokenised(&texts, terms, options);
        drop(texts);
        terms.restore_kept(kept);
        let mut sentences: Vec<Quote> = Vec::with_capacity(picked.len());
        for (position, piece) in picked {
            let Some(quote) = chosen
                .get(position)
                .and_then(|&(_, index)| candidates.get(index))
                .map(|candidate| &candidate.quote)
            else {
                continue;
            };
            // The summariser takes each sentence whole (it was split when the document was
            // read); offsets within it are mapped into the document so the quote stays
            // verbatim.
            sentences.push(Quote {
                text: piece.text,
                document: quote.document,
                page: quote.page,
                start: quote.start + piece.start,
                end: quote.start + piece.end,
            });
        }
        if !sentences.is_empty() {
            sections.push(SummarySection {
                id: topic.id().to_owned(),
                heading: topic.heading().to_owned(),
                sentences,
            });
        }
    }
    sections
}

/// The summary of one document.
pub(super) fn document_summary(
    document: usize,
    candidates: &mut [Candidate<'_>],
    options: &SummaryOptions,
    terms: &mut Terms,
) -> DocumentSummary {
    DocumentSummary {
        document,
        sections: sections(candidates, DOCUMENT_CANDIDATES, options, terms),
    }
}
