//! Findings: every concept mention of a document, in context, with its sentence.
//!
//! Each body block is split into sentences on its own (a sentence never crosses a block), the
//! matcher runs over the block once, and each sentence that holds a mention is tokenised once
//! for all its mentions ([`crate::context::ContextSentence`]). Work is linear in the text.
//!
//! Confidence, from 0.05 to 0.99, rounded to two decimals, is the product of:
//!
//! - the concept's kind: diagnosis 0.9, difficulty 0.8, strength and intervention 0.75,
//!   professional 0.7 (a named diagnosis is the least ambiguous);
//! - the form of the mention: +0.05 for a multi-word term ("hearing loss"), −0.15 for a bare
//!   abbreviation ("ASD", "TA"), −0.05 for another single word of four letters or fewer;
//! - the context: affirmed 1, negated 0.95, historical and other person 0.9, uncertain 0.75;
//! - the block: a heading 0.6 (a topic, not a statement), a table cell 0.9, otherwise 1.
//!
//! A diagnosis, difficulty or strength named inside a professional's title or a service's name
//! ("Community Learning Disability Nurse") is not a finding: the title says who someone is.
//!
//! Whose words a sentence is follows its headings: under a heading such as "Parent views"
//! (and its subheadings) the context rules marked `parent_voice` apply, so the parent's "I have
//! dyslexia myself" is about the parent, not the child.
//!
//! Must not: quote anything that is not verbatim at its span, or let one odd sentence stop the
//! rest.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use dehcp_ingest::BlockKind;

use super::layout::Layout;
use super::people::People;
use super::{Finding, MetricWeight, Quote};
use crate::context::{Classification, Polarity, SentenceBuffers, TriggerSpan, Voice};
use crate::dictionary::{Concept, ConceptKind};
use crate::sentence;
use crate::summary::TermHasher;

/// A sentence of a document, with the findings in it.
#[derive(Debug, Clone)]
pub(super) struct SentenceRecord<'a> {
    /// Character offsets in the document's text.
    pub(super) start: usize,
    /// Character offset just past its end.
    pub(super) end: usize,
    /// The sentence, verbatim (borrowed from the document's text).
    pub(super) text: &'a str,
    /// Index into [`Layout::segments`].
    pub(super) segment: usize,
    /// Whether the sentence is known to be ASCII (its block is); `false` says nothing.
    pub(super) ascii: bool,
    /// Indices into [`Reading::findings`] of the findings in it.
    pub(super) findings: std::ops::Range<usize>,
}

/// What reading the documents of a bundle gives: the findings of every document read so far
/// and the sentences of the last one.
#[derive(Debug, Default)]
pub(super) struct Reading<'a> {
    /// Every sentence of every body block of the last document read, in order.
    pub(super) sentences: Vec<SentenceRecord<'a>>,
    /// Every finding, in text order, document after document.
    pub(super) findings: Vec<Finding>,
    /// For each finding, whether it sits in a heading.
    pub(super) in_heading: Vec<bool>,
    /// Scratch: the sentences of the block being read, as (start, end, text) in the block.
    pieces: Vec<(usize, usize, &'a str)>,
    /// Scratch: the mentions in the block being read.
    mentions: Vec<crate::matcher::Mention>,
    /// The voice of each heading read so far, by its text: it depends on the text alone, and
    /// headings recur from document to document ("Parent and Carer Views").
    heading_voices: HashMap<&'a str, Option<Voice>, BuildHasherDefault<TermHasher>>,
}

impl Reading<'_> {
    /// Empty, with room for `findings` findings.
    pub(super) fn with_capacity(findings: usize) -> Self {
        Reading {
            findings: Vec::with_capacity(findings),
            in_heading: Vec::with_capacity(findings),
            ..Reading::default()
        }
    }
}

impl super::Engine {
    /// Reads the findings and sentences of one document into `reading`: its findings are
    /// appended, its sentences replace those of the document before.
    ///
    /// `sentences` are the sentences of the document's whole text ([`crate::sentence::split`]
    /// as character spans); each block's own sentences are derived from them where they are
    /// sure to be the same (see [`block_sentences`]), and split afresh otherwise.
    pub(super) fn read<'a>(
        &self,
        layout: &Layout<'a>,
        document: usize,
        reading: &mut Reading<'a>,
        sentences: &[(usize, usize)],
    ) {
        reading.sentences.clear();
        // The first sentence that may overlap the block being read.
        let mut next_sentence = 0;
        let concepts = self.dictionary.concepts();
        // Headings open and close parts in someone's own words: (level, voice) from the
        // outermost heading in.
        let mut headings: Vec<(u8, Option<Voice>)> = Vec::new();
        // The vectors each sentence with a mention is read into, reused from one to the next.
        let mut sentence_buffers = SentenceBuffers::default();
        // The child's name, for sentences about someone else named ("Maisie has autism").
        let people_words = self.context.people();
        let people = People::of(layout.text(), people_words);
        let first_body = layout
            .segments
            .iter()
            .position(super::layout::Segment::is_body)
            .unwrap_or(usize::MAX);
        for (segment_index, segment) in layout.segments.iter().enumerate() {
            if !segment.is_body() {
                continue;
            }
            // ASCII: its character offsets are its byte offsets, and every sentence of it is
            // ASCII too.
            let (block, ascii) = layout.slice_ascii(segment.start, segment.end);
            if let BlockKind::Heading { level } = segment.kind {
                let voice = *reading.heading_voices.entry(block).or_insert_with(|| {
                    self.context
                        .heading_voice_in(block, ascii, &mut sentence_buffers)
                });
                // A title in someone's voice ("Parent and Carer Views") opening the document
                // holds for all of it, even where the format gives its sections headings of
                // the same level (a PDF whose headings share one size).
                let title = segment_index == first_body && voice.is_some();
                let level = if title { 0 } else { level };
                while headings.last().is_some_and(|&(open, _)| open >= level) {
                    headings.pop();
                }
                headings.push((level, voice));
            }
            let parent_voice =
                headings.iter().rev().find_map(|&(_, voice)| voice) == Some(Voice::Parent);
            let mut mentions = std::mem::take(&mut reading.mentions);
            mentions.clear();
            self.matcher.find_into(block, &mut mentions);
            drop_titles(&mut mentions, concepts);
            let mut next = 0;
            let mut pieces = std::mem::take(&mut reading.pieces);
            pieces.clear();
            // Whitespace (or the text's edge) on both sides of the block, and the block ASCII
            // (its character offsets are its byte offsets).
            if ascii && layout.spaced(segment.start, segment.end) {
                block_sentences(
                    sentences,
                    &mut next_sentence,
                    segment.start,
                    segment.end,
                    block,
                    &mut pieces,
                );
            } else {
                sentence::split_borrowed_into(block, &mut pieces);
            }
            for &(found_start, found_end, found_text) in &pieces {
                let first_finding = reading.findings.len();
                // Mentions starting in this sentence (mentions are sorted and never start in
                // the whitespace between sentences, so none is skipped).
                let from = next;
                while mentions.get(next).is_some_and(|m| m.start < found_end) {
                    next += 1;
                }
                let here = mentions.get(from..next).unwrap_or(&[]);
                if !here.is_empty() {
                    let context = self.context.sentence_in(
                        found_text,
                        parent_voice,
                        ascii,
                        &mut sentence_buffers,
                    );
                    // Where another named person first appears in the sentence: mentions
                    // before it (or all, if there is none) cannot be about them, and are not
                    // read for one (most sentences name no one but the child). Found only when
                    // a mention asks (many sentences have none that could be about someone
                    // else), then kept for the sentence's other mentions.
                    let mut someone_else: Option<Option<usize>> = None;
                    // Each finding's sentence quote, its text filled in below, once the
                    // findings kept are known (one copy each, none spare).
                    let sentence_quote = Quote {
                        text: String::new(),
                        document,
                        page: segment.page,
                        start: segment.start + found_start,
                        end: segment.start + found_end,
                    };
                    for mention in here {
                        let Some(concept) = concepts.get(mention.concept) else {
                            continue;
                        };
                        let relative_start = mention.start.saturating_sub(found_start);
                        let relative_end = mention.end.saturating_sub(found_start);
                        let family = people_words.family_concept(&concept.id);
                        let mut classification = if family {
                            context.classify_family(relative_start, relative_end, concept.kind)
                        } else {
                            context.classify_as(relative_start, relative_end, concept.kind)
                        };
                        if classification.polarity != Polarity::OtherPerson
                            && !family
                            && let Some(at) = *someone_else.get_or_insert_with(|| {
                                people.someone_else_in(found_text, people_words)
                            })
                            && let Some(before) = before_char(found_text, relative_start, ascii)
                            && at < before.len()
                            && let Some((from, to)) = people.other_subject(before, people_words)
                        {
                            let chars =
                                |byte: usize| before.get(..byte).unwrap_or("").chars().count();
                            classification = Classification {
                                polarity: Polarity::OtherPerson,
                                trigger: Some(TriggerSpan {
                                    text: before.get(from..to).unwrap_or("").to_owned(),
                                    start: chars(from),
                                    end: chars(to),
                                }),
                            };
                        }
                        let (start, end) =
                            (segment.start + mention.start, segment.start + mention.end);
                        let text = layout.slice(start, end);
                        let polarity = classification.polarity;
                        if mention.neutral
                            && !matches!(polarity, Polarity::Negated | Polarity::Uncertain)
                        {
                            continue;
                        }
                        reading.findings.push(Finding {
                            concept: concept.id.clone(),
                            label: concept.label.clone(),
                            kind: concept.kind.id(),
                            sen2: concept.sen2.iter().map(|need| need.code()).collect(),
                            area: concept.area.map(|area| area.id()),
                            metrics: concept
                                .metrics
                                .iter()
                                .map(|&(metric, weight)| MetricWeight {
                                    metric: metric.id(),
                                    weight,
                                })
                                .collect(),
                            polarity,
                            trigger: classification.trigger.map(|trigger| trigger.text),
                            mention: Quote {
                                text: text.to_owned(),
                                document,
                                page: segment.page,
                                start,
                                end,
                            },
                            quote: sentence_quote.clone(),
                            confidence: confidence(concept, text, polarity, segment.kind),
                        });
                        reading
                            .in_heading
                            .push(matches!(segment.kind, BlockKind::Heading { .. }));
                    }
                    context.recycle(&mut sentence_buffers);
                    for finding in reading
                        .findings
                        .get_mut(first_finding..)
                        .unwrap_or_default()
                    {
                        finding.quote.text = found_text.to_owned();
                    }
                }
                reading.sentences.push(SentenceRecord {
                    start: segment.start + found_start,
                    end: segment.start + found_end,
                    text: found_text,
                    segment: segment_index,
                    ascii,
                    findings: first_finding..reading.findings.len(),
                });
            }
            reading.pieces = pieces;
            reading.mentions = mentions;
        }
    }
}

/// The text of `sentence` before its character `index`, if it has that many characters: in
/// ASCII text (`ascii`) a character's offset is its byte offset, so no characters are counted.
fn before_char(sentence: &str, index: usize, ascii: bool) -> Option<&str> {
    if ascii {
        return sentence.get(..index).filter(|_| index < sentence.len());
    }
    sentence
        .char_indices()
        .nth(index)
        .and_then(|(byte, _)| sentence.get(..byte))
}

/// The sentences of one block, as [`sentence::split_borrowed_into`] finds them in `block`
/// (characters `start..end` of a text, ASCII, with whitespace or the edge of the text on both
/// sides), derived from `sentences`, the spans [`sentence::split`] finds in the whole text:
/// each overlapping the block, cut to it and trimmed of whitespace, if anything is left.
/// `next` is the first sentence that may overlap the block (blocks are asked for in order).
///
/// The same as splitting the block: the splitter decides at each newline or terminal mark
/// from the characters around it, which are the same in the block and in the text except
/// past the block's edges. Before the block, whitespace ends the word before a full stop in
/// both. After it, only a decision whose look-ahead runs to the block's end differs, and then
/// only whitespace is left in the block after that place; cutting at the block's end and
/// trimming gives the same sentence either way.
fn block_sentences<'a>(
    sentences: &[(usize, usize)],
    next: &mut usize,
    start: usize,
    end: usize,
    block: &'a str,
    pieces: &mut Vec<(usize, usize, &'a str)>,
) {
    while sentences.get(*next).is_some_and(|&(_, to)| to <= start) {
        *next += 1;
    }
    let bytes = block.as_bytes();
    let space = |byte: u8| char::from(byte).is_whitespace();
    for &(from, to) in sentences.get(*next..).unwrap_or_default() {
        if from >= end {
            break;
        }
        let (mut first, mut last) = (from.max(start) - start, to.min(end) - start);
        while first < last && bytes.get(first).copied().is_some_and(space) {
            first += 1;
        }
        while last > first && bytes.get(last - 1).copied().is_some_and(space) {
            last -= 1;
        }
        if first < last
            && let Some(text) = block.get(first..last)
        {
            pieces.push((first, last, text));
        }
    }
}

/// `text.split_whitespace().count()`, eight bytes at a time for ASCII text (where white space
/// is exactly tab, line feed, vertical tab, form feed, carriage return and space): a word starts
/// at each byte that is not white space and follows white space or the start of the text.
/// `ascii` says the text is known to be ASCII (`false` says nothing: it is then checked).
pub(super) fn word_count(text: &str, ascii: bool) -> usize {
    if !(ascii || text.is_ascii()) {
        return text.split_whitespace().count();
    }
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte that is white space (every byte is below 0x80, so no sum
    // below carries into the next byte).
    let spaces = |word: u64| {
        let not_space = word ^ (ONES * 0x20);
        let is_space = !(((not_space & LOW7) + LOW7) | not_space) & HIGH;
        let at_least_tab = (word + ONES * (0x80 - 0x09)) & HIGH;
        let at_least_shift_out = (word + ONES * (0x80 - 0x0e)) & HIGH;
        is_space | (at_least_tab & !at_least_shift_out)
    };
    let mut words = 0;
    // Whether the byte before the current one is white space (the start counts as such).
    let mut after_space = true;
    let mut chunks = text.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            continue;
        };
        let space = spaces(u64::from_le_bytes(bytes));
        // The flag of each byte's predecessor, moved up into the byte's own high bit.
        let before = (space << 8) | if after_space { 0x80 } else { 0 };
        words += ((!space & HIGH) & before).count_ones() as usize;
        after_space = space >> 63 != 0;
    }
    for &byte in chunks.remainder() {
        let space = matches!(byte, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ');
        words += usize::from(!space && after_space);
        after_space = space;
    }
    words
}

/// The confidence of a finding (see the module documentation).
pub(super) fn confidence(
    concept: &Concept,
    mention: &str,
    polarity: Polarity,
    block: BlockKind,
) -> f32 {
    let kind: f32 = match concept.kind {
        ConceptKind::Diagnosis => 0.9,
        ConceptKind::Difficulty => 0.8,
        ConceptKind::Strength | ConceptKind::Intervention => 0.75,
        ConceptKind::Professional => 0.7,
    };
    let singular = mention.strip_suffix('s').unwrap_or(mention);
    let form = if mention.contains(|c: char| c.is_whitespace() || c == '-') {
        0.05
    } else if concept
        .abbreviations
        .iter()
        .any(|abbreviation| abbreviation == mention || abbreviation == singular)
    {
        -0.15
    } else if mention.chars().count() <= 4 {
        -0.05
    } else {
        0.0
    };
    let context = match polarity {
        Polarity::Affirmed => 1.0,
        Polarity::Negated => 0.95,
        Polarity::Historical | Polarity::OtherPerson => 0.9,
        Polarity::Uncertain => 0.75,
    };
    let place = match block {
        BlockKind::Heading { .. } => 0.6,
        BlockKind::TableCell { .. } => 0.9,
        _ => 1.0,
    };
    let value: f32 = ((kind + form) * context * place).clamp(0.05, 0.99);
    (value * 100.0).round() / 100.0
}

/// Drops the diagnoses, difficulties and strengths named inside a professional's title or a
/// service's name ("Learning Disability" in "Community Learning Disability Nurse", "ADHD" in
/// "the ADHD nurse"): the title says who someone is, not something about the child.
fn drop_titles(mentions: &mut Vec<crate::matcher::Mention>, concepts: &[Concept]) {
    let kind = |mention: &crate::matcher::Mention| concepts.get(mention.concept).map(|c| c.kind);
    let titles: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|mention| kind(mention) == Some(ConceptKind::Professional))
        .map(|mention| (mention.start, mention.end))
        .collect();
    if titles.is_empty() {
        return;
    }
    mentions.retain(|mention| {
        let finding = matches!(
            kind(mention),
            Some(ConceptKind::Diagnosis | ConceptKind::Difficulty | ConceptKind::Strength)
        );
        !(finding
            && titles
                .iter()
                .any(|&(start, end)| start <= mention.start && mention.end <= end))
    });
}

#[cfg(test)]
mod tests {
    use super::{block_sentences, word_count};
    use crate::sentence;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn block_sentences_are_the_block_split(
            words in proptest::collection::vec(
                "Dr|dr|e\\.g|No|[a-zA-Z]{1,4}|[0-9]{1,2}|[.!?\"')(]{1,2}|[ \t\r]|\n|\n\n| \n ",
                0..60,
            ),
            cuts in proptest::collection::vec(0usize..200, 0..12),
        ) {
            let text: String = words.concat();
            let spans = sentence::split_borrowed(&text)
                .into_iter()
                .map(|(start, end, _)| (start, end))
                .collect::<Vec<_>>();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|cut| cut % (text.len() + 1)).collect();
            cuts.push(0);
            cuts.push(text.len());
            cuts.sort_unstable();
            cuts.dedup();
            let bytes = text.as_bytes();
            let space = |at: usize| bytes.get(at).is_none_or(|&b| char::from(b).is_whitespace());
            let mut next = 0;
            for pair in cuts.windows(2) {
                let (start, end) = (pair[0], pair[1]);
                // Blocks as `read` derives them: whitespace or the edge on both sides.
                if !((start == 0 || space(start - 1)) && space(end)) {
                    continue;
                }
                let block = &text[start..end];
                let mut derived = Vec::new();
                block_sentences(&spans, &mut next, start, end, block, &mut derived);
                prop_assert_eq!(derived, sentence::split_borrowed(block), "{:?} in {:?}", block, text);
            }
        }


        #[test]
        fn word_count_is_split_whitespace_count(
            text in "[a-z .\t\n\x0b\x0c\r\x1c\x1f\x08\x0e\x7f!~]{0,80}|\\PC{0,20}",
        ) {
            prop_assert_eq!(word_count(&text, false), text.split_whitespace().count());
            prop_assert_eq!(word_count(&text, text.is_ascii()), text.split_whitespace().count());
        }
    }
}
