//! Scoring the evidence engine against the gold set ([`crate::gold`]): precision, recall and
//! F1 of findings by polarity and of provision statements and their parts.
//!
//! How predictions are matched to gold labels (all spans are character offsets into the
//! ingested document's text):
//!
//! - **Findings.** Only predicted findings of kind diagnosis, difficulty or strength count
//!   (professionals and interventions are not labelled). A predicted finding matches a gold one
//!   when the concept id is the same and the mention spans share at least one character; each
//!   side is used once, the pairs with the largest overlap first (ties: a pair with equal
//!   polarity first, then text order). For each polarity P: a true positive is a matched pair
//!   where both say P; a false positive is a predicted P not matched to a gold P; a false
//!   negative is a gold P not matched to a predicted P. A right concept with the wrong polarity
//!   is therefore a false positive for the predicted polarity and a false negative for the gold
//!   one. "Concepts" scores the same matching ignoring polarity (did the engine find the
//!   mention at all?).
//! - **Provision statements.** A predicted statement matches a gold `p` statement when their
//!   spans overlap, one to one, largest overlap first.
//! - **Provision parts** (what, who, group, frequency, duration, length, vague). A predicted
//!   part matches a gold part of the same kind in the matched statement when their spans
//!   overlap by at least half of their union (intersection over union ≥ 0.5), one to one,
//!   largest overlap first. Parts of an unmatched gold statement are all false negatives, parts
//!   of an unmatched predicted statement all false positives. The gold `length` part is the
//!   analysis's `programme_length`. "All parts" is the micro-average over every part kind: the
//!   figure the provision-part target applies to.
//!
//! Precision, recall and F1 are `None` when undefined (nothing predicted, nothing in the gold,
//! or both); a target whose figure is undefined is not met.
//!
//! [`Mistake`]s list every false positive, false negative and wrong polarity with the sentence
//! around it, for tuning rules on the `tune` split (parts are listed for matched statements
//! only; an unmatched statement is one mistake).
//!
//! This module does no IO and never panics: it compares values.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::analysis::{Analysis, Engine, Finding, Provision, Quote};
use crate::context::Polarity;
use crate::gold::{
    FINDING_KINDS, GoldPart, GoldProvision, IngestedGold, POLARITIES, PartKind, Span,
};
use crate::sentence;

/// Target: F1 of affirmed findings at least this.
pub const TARGET_AFFIRMED_F1: f64 = 0.92;
/// Target: precision of negated findings at least this.
pub const TARGET_NEGATED_PRECISION: f64 = 0.95;
/// Target: micro-averaged F1 over all provision parts at least this.
pub const TARGET_PART_F1: f64 = 0.90;

/// True positives, false positives and false negatives of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and in the gold.
    pub true_positives: usize,
    /// Predicted but not in the gold.
    pub false_positives: usize,
    /// In the gold but not predicted.
    pub false_negatives: usize,
}

/// `numerator / denominator`, or `None` when the denominator is 0.
fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    // Counts are far below 2^52, so the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

impl Counts {
    /// The counts given.
    pub fn new(true_positives: usize, false_positives: usize, false_negatives: usize) -> Counts {
        Counts {
            true_positives,
            false_positives,
            false_negatives,
        }
    }

    /// How many the gold has (true positives plus false negatives).
    pub fn gold(self) -> usize {
        self.true_positives + self.false_negatives
    }

    /// How many were predicted (true positives plus false positives).
    pub fn predicted(self) -> usize {
        self.true_positives + self.false_positives
    }

    /// TP / (TP + FP); `None` when nothing was predicted.
    pub fn precision(self) -> Option<f64> {
        ratio(self.true_positives, self.predicted())
    }

    /// TP / (TP + FN); `None` when the gold has none.
    pub fn recall(self) -> Option<f64> {
        ratio(self.true_positives, self.gold())
    }

    /// 2·TP / (2·TP + FP + FN), the harmonic mean of precision and recall; `None` when there is
    /// nothing in the gold and nothing predicted.
    pub fn f1(self) -> Option<f64> {
        ratio(
            2 * self.true_positives,
            2 * self.true_positives + self.false_positives + self.false_negatives,
        )
    }

    /// Adds another set of counts to these.
    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Counts", 7)?;
        state.serialize_field("gold", &self.gold())?;
        state.serialize_field("true_positives", &self.true_positives)?;
        state.serialize_field("false_positives", &self.false_positives)?;
        state.serialize_field("false_negatives", &self.false_negatives)?;
        state.serialize_field("precision", &self.precision())?;
        state.serialize_field("recall", &self.recall())?;
        state.serialize_field("f1", &self.f1())?;
        state.end()
    }
}

/// Every count for a set of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    /// How many documents.
    pub documents: usize,
    /// Findings by polarity, in [`POLARITIES`] order.
    pub polarity: [Counts; 5],
    /// Findings ignoring polarity.
    pub concepts: Counts,
    /// Provision statements.
    pub statements: Counts,
    /// Provision parts by kind, in [`PartKind::ALL`] order.
    pub parts: [Counts; 7],
}

fn polarity_index(polarity: Polarity) -> usize {
    POLARITIES
        .iter()
        .position(|p| *p == polarity)
        .unwrap_or_default()
}

impl Scores {
    /// The counts for one polarity.
    pub fn for_polarity(&self, polarity: Polarity) -> Counts {
        self.polarity
            .get(polarity_index(polarity))
            .copied()
            .unwrap_or_default()
    }

    /// The counts for one part kind.
    pub fn for_part(&self, kind: PartKind) -> Counts {
        self.parts.get(kind.index()).copied().unwrap_or_default()
    }

    /// All parts together (the micro-average).
    pub fn all_parts(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.parts {
            total.add(counts);
        }
        total
    }

    /// Adds another set of scores to these.
    pub fn add(&mut self, other: &Scores) {
        self.documents += other.documents;
        for (mine, theirs) in self.polarity.iter_mut().zip(other.polarity) {
            mine.add(theirs);
        }
        self.concepts.add(other.concepts);
        self.statements.add(other.statements);
        for (mine, theirs) in self.parts.iter_mut().zip(other.parts) {
            mine.add(theirs);
        }
    }

    /// The three targets, measured on these scores.
    pub fn targets(&self) -> Vec<TargetResult> {
        let check = |name: &'static str, threshold: f64, value: Option<f64>| TargetResult {
            name,
            threshold,
            value,
            met: value.is_some_and(|value| value >= threshold),
        };
        vec![
            check(
                "affirmed F1",
                TARGET_AFFIRMED_F1,
                self.for_polarity(Polarity::Affirmed).f1(),
            ),
            check(
                "negated precision",
                TARGET_NEGATED_PRECISION,
                self.for_polarity(Polarity::Negated).precision(),
            ),
            check("provision-part F1", TARGET_PART_F1, self.all_parts().f1()),
        ]
    }
}

impl Serialize for Scores {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Named<'a> {
            name: &'a str,
            #[serde(flatten)]
            counts: Counts,
        }
        let polarity: Vec<Named<'_>> = POLARITIES
            .iter()
            .map(|p| Named {
                name: p.id(),
                counts: self.for_polarity(*p),
            })
            .collect();
        let parts: Vec<Named<'_>> = PartKind::ALL
            .iter()
            .map(|k| Named {
                name: k.id(),
                counts: self.for_part(*k),
            })
            .collect();
        let mut state = serializer.serialize_struct("Scores", 6)?;
        state.serialize_field("documents", &self.documents)?;
        state.serialize_field("findings_by_polarity", &polarity)?;
        state.serialize_field("concepts", &self.concepts)?;
        state.serialize_field("statements", &self.statements)?;
        state.serialize_field("parts", &parts)?;
        state.serialize_field("all_parts", &self.all_parts())?;
        state.end()
    }
}

/// One target and whether it is met.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetResult {
    /// What is measured, for example "affirmed F1".
    pub name: &'static str,
    /// The lowest acceptable value.
    pub threshold: f64,
    /// The measured value, if defined.
    pub value: Option<f64>,
    /// Whether the value is at least the threshold.
    pub met: bool,
}

/// What went wrong in a [`Mistake`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MistakeKind {
    /// In the gold, not predicted (a false negative).
    Missed,
    /// Predicted, not in the gold (a false positive).
    Spurious,
    /// The right finding with the wrong polarity (a false negative for the gold polarity and
    /// a false positive for the predicted one).
    WrongPolarity,
}

impl MistakeKind {
    /// A short word for tables.
    pub fn id(self) -> &'static str {
        match self {
            MistakeKind::Missed => "missed",
            MistakeKind::Spurious => "spurious",
            MistakeKind::WrongPolarity => "wrong polarity",
        }
    }
}

/// One false positive, false negative or wrong polarity, with its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mistake {
    /// The gold file.
    pub file: String,
    /// What went wrong.
    pub kind: MistakeKind,
    /// What it is about: `finding autism`, `statement` or `part frequency`.
    pub item: String,
    /// The gold polarity (findings only).
    pub gold: Option<String>,
    /// The predicted polarity (findings only).
    pub predicted: Option<String>,
    /// The span's text (the gold span for misses and wrong polarities, else the predicted).
    pub text: String,
    /// Where the span starts in the document text (characters).
    pub start: usize,
    /// Where it ends.
    pub end: usize,
    /// The sentence that contains its start.
    pub sentence: String,
}

/// The scores and mistakes for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentScore {
    /// Its counts.
    pub scores: Scores,
    /// Its mistakes, in the order found.
    pub mistakes: Vec<Mistake>,
}

/// Which part of the gold set a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// Documents the rules may be tuned against.
    Tune,
    /// Documents kept out of rule tuning.
    Holdout,
}

impl Split {
    /// Both splits, in report order.
    pub const ALL: [Split; 2] = [Split::Tune, Split::Holdout];

    /// The folder name: `tune` or `holdout`.
    pub fn id(self) -> &'static str {
        match self {
            Split::Tune => "tune",
            Split::Holdout => "holdout",
        }
    }
}

/// The scores of one split (or of everything) with its targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SplitReport {
    /// `tune`, `holdout` or `all`.
    pub split: &'static str,
    /// The counts.
    pub scores: Scores,
    /// The targets on these scores.
    pub targets: Vec<TargetResult>,
}

/// The whole evaluation: `tune`, `holdout` and `all`, and every mistake.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// One report per split, then `all`.
    pub splits: Vec<SplitReport>,
    /// Every mistake, tune documents first, in file order.
    pub mistakes: Vec<Mistake>,
}

/// Runs the engine on each gold document (one document per bundle) and scores it.
pub fn evaluate(engine: &Engine, documents: &[(Split, IngestedGold)]) -> Report {
    let mut by_split = [Scores::default(), Scores::default()];
    let mut mistakes = Vec::new();
    for split in Split::ALL {
        for (_, gold) in documents.iter().filter(|(s, _)| *s == split) {
            let analysis = engine.analyse(&[&gold.document]);
            let scored = score_document(gold, &analysis, 0);
            if let Some(scores) = by_split.get_mut(split as usize) {
                scores.add(&scored.scores);
            }
            mistakes.extend(scored.mistakes);
        }
    }
    let mut all = Scores::default();
    let mut splits = Vec::new();
    for (split, scores) in Split::ALL.into_iter().zip(by_split) {
        all.add(&scores);
        splits.push(SplitReport {
            split: split.id(),
            targets: scores.targets(),
            scores,
        });
    }
    splits.push(SplitReport {
        split: "all",
        targets: all.targets(),
        scores: all,
    });
    Report { splits, mistakes }
}

/// Pairs gold and predicted items one to one: candidates are `(gold, predicted, overlap,
/// preferred)`; the largest overlap wins, then a preferred pair, then text order.
fn greedy(
    mut candidates: Vec<(usize, usize, usize, bool)>,
    gold: usize,
    predicted: usize,
) -> Vec<(usize, usize)> {
    candidates
        .sort_by_key(|&(g, p, overlap, preferred)| (std::cmp::Reverse(overlap), !preferred, g, p));
    let mut gold_used = vec![false; gold];
    let mut predicted_used = vec![false; predicted];
    let mut pairs = Vec::new();
    for (g, p, _, _) in candidates {
        let free = !gold_used.get(g).copied().unwrap_or(true)
            && !predicted_used.get(p).copied().unwrap_or(true);
        if free {
            if let Some(slot) = gold_used.get_mut(g) {
                *slot = true;
            }
            if let Some(slot) = predicted_used.get_mut(p) {
                *slot = true;
            }
            pairs.push((g, p));
        }
    }
    pairs.sort_unstable();
    pairs
}

fn span_of(quote: &Quote) -> Span {
    Span::new(quote.start, quote.end)
}

/// The sentences of a document, to show mistakes in context.
struct Context<'a> {
    file: &'a str,
    text: &'a str,
    sentences: Vec<sentence::Sentence>,
}

impl Context<'_> {
    fn mistake(
        &self,
        kind: MistakeKind,
        item: String,
        span: Span,
        polarities: (Option<Polarity>, Option<Polarity>),
    ) -> Mistake {
        let sentence = self
            .sentences
            .iter()
            .find(|s| s.start <= span.start && span.start < s.end)
            .map_or_else(|| span.text_in(self.text), |s| s.text.clone());
        Mistake {
            file: self.file.to_owned(),
            kind,
            item,
            gold: polarities.0.map(|p| p.id().to_owned()),
            predicted: polarities.1.map(|p| p.id().to_owned()),
            text: span.text_in(self.text),
            start: span.start,
            end: span.end,
            sentence,
        }
    }
}

/// Scores the findings and provisions `analysis` gives for its document number `document`
/// against the gold labels of that document.
pub fn score_document(gold: &IngestedGold, analysis: &Analysis, document: usize) -> DocumentScore {
    let (context, mut result) = scoring(gold);
    score_findings(gold, analysis, document, &context, &mut result);
    score_provisions(
        gold,
        &predicted_statements(analysis, document),
        &context,
        &mut result,
    );
    result
}

/// Scores a second annotation's provision statements and parts against the gold's, with the
/// same matching as the engine's (findings are not compared). Both must label the same text:
/// the second annotation's statements are taken as the "predicted" side, so precision and
/// recall swap when the two are swapped and F1 stays the same.
pub fn score_second_annotation(gold: &IngestedGold, second: &IngestedGold) -> DocumentScore {
    let (context, mut result) = scoring(gold);
    score_provisions(gold, &second.provisions, &context, &mut result);
    result
}

/// The sentences of a gold document, for its mistakes, and an empty score for one document.
fn scoring(gold: &IngestedGold) -> (Context<'_>, DocumentScore) {
    let context = Context {
        file: &gold.file,
        text: &gold.document.text,
        sentences: sentence::split(&gold.document.text),
    };
    let result = DocumentScore {
        scores: Scores {
            documents: 1,
            ..Scores::default()
        },
        mistakes: Vec::new(),
    };
    (context, result)
}

fn score_findings(
    gold: &IngestedGold,
    analysis: &Analysis,
    document: usize,
    context: &Context<'_>,
    result: &mut DocumentScore,
) {
    let predicted: Vec<&Finding> = analysis
        .findings
        .iter()
        .filter(|f| f.mention.document == document)
        .filter(|f| FINDING_KINDS.iter().any(|kind| kind.id() == f.kind))
        .collect();
    let mut candidates = Vec::new();
    for (g, gold_finding) in gold.findings.iter().enumerate() {
        for (p, finding) in predicted.iter().enumerate() {
            let overlap = gold_finding.span.overlap(span_of(&finding.mention));
            if overlap > 0 && finding.concept == gold_finding.concept {
                candidates.push((g, p, overlap, finding.polarity == gold_finding.polarity));
            }
        }
    }
    let pairs = greedy(candidates, gold.findings.len(), predicted.len());
    let scores = &mut result.scores;
    let mut gold_matched = vec![false; gold.findings.len()];
    let mut predicted_matched = vec![false; predicted.len()];
    for &(g, p) in &pairs {
        let (Some(gold_finding), Some(finding)) = (gold.findings.get(g), predicted.get(p)) else {
            continue;
        };
        gold_matched[g] = true;
        predicted_matched[p] = true;
        scores.concepts.true_positives += 1;
        if gold_finding.polarity == finding.polarity {
            scores.polarity[polarity_index(finding.polarity)].true_positives += 1;
        } else {
            scores.polarity[polarity_index(gold_finding.polarity)].false_negatives += 1;
            scores.polarity[polarity_index(finding.polarity)].false_positives += 1;
            result.mistakes.push(context.mistake(
                MistakeKind::WrongPolarity,
                format!("finding {}", gold_finding.concept),
                gold_finding.span,
                (Some(gold_finding.polarity), Some(finding.polarity)),
            ));
        }
    }
    for (g, gold_finding) in gold.findings.iter().enumerate() {
        if !gold_matched[g] {
            scores.concepts.false_negatives += 1;
            scores.polarity[polarity_index(gold_finding.polarity)].false_negatives += 1;
            result.mistakes.push(context.mistake(
                MistakeKind::Missed,
                format!("finding {}", gold_finding.concept),
                gold_finding.span,
                (Some(gold_finding.polarity), None),
            ));
        }
    }
    for (p, finding) in predicted.iter().enumerate() {
        if !predicted_matched[p] {
            scores.concepts.false_positives += 1;
            scores.polarity[polarity_index(finding.polarity)].false_positives += 1;
            result.mistakes.push(context.mistake(
                MistakeKind::Spurious,
                format!("finding {}", finding.concept),
                span_of(&finding.mention),
                (None, Some(finding.polarity)),
            ));
        }
    }
}

/// The parts of a predicted statement, as gold-style parts.
fn predicted_parts(provision: &Provision) -> Vec<GoldPart> {
    let single = [
        (PartKind::What, &provision.what),
        (PartKind::Who, &provision.who),
        (PartKind::Group, &provision.group),
        (PartKind::Frequency, &provision.frequency),
        (PartKind::Duration, &provision.duration),
        (PartKind::Length, &provision.programme_length),
    ];
    let mut parts: Vec<GoldPart> = single
        .into_iter()
        .filter_map(|(kind, quote)| {
            quote.as_ref().map(|quote| GoldPart {
                kind,
                span: span_of(quote),
            })
        })
        .collect();
    parts.extend(provision.vague.iter().map(|quote| GoldPart {
        kind: PartKind::Vague,
        span: span_of(quote),
    }));
    parts.extend(provision.more.iter().map(|(kind, quote)| GoldPart {
        kind: *kind,
        span: span_of(quote),
    }));
    parts
}

/// Whether two part spans overlap by at least half of their union.
fn parts_agree(gold: Span, predicted: Span) -> bool {
    let overlap = gold.overlap(predicted);
    overlap > 0 && 2 * overlap >= gold.union_len(predicted)
}

/// The statements `analysis` gives for its document number `document`, as gold-style
/// statements with their parts.
fn predicted_statements(analysis: &Analysis, document: usize) -> Vec<GoldProvision> {
    analysis
        .provisions
        .iter()
        .filter(|p| p.statement.document == document)
        .map(|provision| GoldProvision {
            span: span_of(&provision.statement),
            parts: predicted_parts(provision),
        })
        .collect()
}

fn score_provisions(
    gold: &IngestedGold,
    predicted: &[GoldProvision],
    context: &Context<'_>,
    result: &mut DocumentScore,
) {
    let mut candidates = Vec::new();
    for (g, statement) in gold.provisions.iter().enumerate() {
        for (p, provision) in predicted.iter().enumerate() {
            let overlap = statement.span.overlap(provision.span);
            if overlap > 0 {
                candidates.push((g, p, overlap, true));
            }
        }
    }
    let pairs = greedy(candidates, gold.provisions.len(), predicted.len());
    let mut gold_matched = vec![false; gold.provisions.len()];
    let mut predicted_matched = vec![false; predicted.len()];
    for &(g, p) in &pairs {
        let (Some(statement), Some(provision)) = (gold.provisions.get(g), predicted.get(p)) else {
            continue;
        };
        gold_matched[g] = true;
        predicted_matched[p] = true;
        result.scores.statements.true_positives += 1;
        score_parts(&statement.parts, &provision.parts, context, result);
    }
    for (g, statement) in gold.provisions.iter().enumerate() {
        if !gold_matched[g] {
            result.scores.statements.false_negatives += 1;
            for part in &statement.parts {
                result.scores.parts[part.kind.index()].false_negatives += 1;
            }
            result.mistakes.push(context.mistake(
                MistakeKind::Missed,
                "statement".to_owned(),
                statement.span,
                (None, None),
            ));
        }
    }
    for (p, provision) in predicted.iter().enumerate() {
        if !predicted_matched[p] {
            result.scores.statements.false_positives += 1;
            for part in &provision.parts {
                result.scores.parts[part.kind.index()].false_positives += 1;
            }
            result.mistakes.push(context.mistake(
                MistakeKind::Spurious,
                "statement".to_owned(),
                provision.span,
                (None, None),
            ));
        }
    }
}

/// Scores the parts of one matched pair of statements.
fn score_parts(
    gold: &[GoldPart],
    predicted: &[GoldPart],
    context: &Context<'_>,
    result: &mut DocumentScore,
) {
    for kind in PartKind::ALL {
        let gold_parts: Vec<Span> = gold
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.span)
            .collect();
        let predicted_parts: Vec<Span> = predicted
            .iter()
            .filter(|p| p.kind == kind)
            .map(|p| p.span)
            .collect();
        let mut candidates = Vec::new();
        for (g, gold_span) in gold_parts.iter().enumerate() {
            for (p, predicted_span) in predicted_parts.iter().enumerate() {
                if parts_agree(*gold_span, *predicted_span) {
                    candidates.push((g, p, gold_span.overlap(*predicted_span), true));
                }
            }
        }
        let pairs = greedy(candidates, gold_parts.len(), predicted_parts.len());
        let counts = &mut result.scores.parts[kind.index()];
        counts.true_positives += pairs.len();
        let item = format!("part {kind}");
        for (g, span) in gold_parts.iter().enumerate() {
            if !pairs.iter().any(|&(pg, _)| pg == g) {
                counts.false_negatives += 1;
                result.mistakes.push(context.mistake(
                    MistakeKind::Missed,
                    item.clone(),
                    *span,
                    (None, None),
                ));
            }
        }
        for (p, span) in predicted_parts.iter().enumerate() {
            if !pairs.iter().any(|&(_, pp)| pp == p) {
                counts.false_positives += 1;
                result.mistakes.push(context.mistake(
                    MistakeKind::Spurious,
                    item.clone(),
                    *span,
                    (None, None),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::Dictionary;
    use crate::gold::parse;

    /// A small synthetic gold document.
    const MARKUP: &str = "# Speech and language advice\n\n\
        Mia has {{autism|f:autism:affirmed}}. There are no concerns about her \
        {{anxiety|f:anxiety:negated}}.\n\n\
        ## Recommendations\n\n\
        1. {{Mia should receive {{30 minutes|duration}} of {{small group|group}} \
        {{language work|what}} {{three times a week|frequency}}.|p}}\n\
        2. {{She would benefit from {{regular|vague}} {{movement breaks|what}}.|p}}\n";

    fn gold() -> IngestedGold {
        let dictionary = Dictionary::builtin().unwrap();
        parse("synthetic.md", MARKUP, &dictionary)
            .unwrap()
            .ingest()
            .unwrap()
    }

    fn quote(gold: &IngestedGold, span: Span) -> Quote {
        Quote {
            text: span.text_in(&gold.document.text),
            document: 0,
            page: 1,
            start: span.start,
            end: span.end,
        }
    }

    fn finding(
        gold: &IngestedGold,
        concept: &str,
        kind: &'static str,
        polarity: Polarity,
        span: Span,
    ) -> Finding {
        Finding {
            concept: concept.to_owned(),
            label: concept.to_owned(),
            kind,
            sen2: Vec::new(),
            area: None,
            metrics: Vec::new(),
            polarity,
            trigger: None,
            mention: quote(gold, span),
            quote: quote(gold, span),
            confidence: 1.0,
        }
    }

    /// The analysis that agrees with the gold exactly.
    fn perfect(gold: &IngestedGold) -> Analysis {
        let findings = gold
            .findings
            .iter()
            .map(|f| finding(gold, &f.concept, "diagnosis", f.polarity, f.span))
            .collect();
        let provisions = gold
            .provisions
            .iter()
            .map(|p| {
                let part = |kind: PartKind| {
                    p.parts
                        .iter()
                        .find(|part| part.kind == kind)
                        .map(|part| quote(gold, part.span))
                };
                Provision {
                    statement: quote(gold, p.span),
                    what: part(PartKind::What),
                    who: part(PartKind::Who),
                    group: part(PartKind::Group),
                    frequency: part(PartKind::Frequency),
                    duration: part(PartKind::Duration),
                    programme_length: part(PartKind::Length),
                    vague: p
                        .parts
                        .iter()
                        .filter(|part| part.kind == PartKind::Vague)
                        .map(|part| quote(gold, part.span))
                        .collect(),
                    more: Vec::new(),
                    specific: false,
                }
            })
            .collect();
        Analysis {
            documents: Vec::new(),
            findings,
            provisions,
            summary: crate::analysis::Summary::default(),
            assessment: Vec::new(),
        }
    }

    fn empty() -> Analysis {
        Analysis {
            documents: Vec::new(),
            findings: Vec::new(),
            provisions: Vec::new(),
            summary: crate::analysis::Summary::default(),
            assessment: Vec::new(),
        }
    }

    #[test]
    fn the_gold_itself_scores_one_everywhere() {
        let gold = gold();
        let scored = score_document(&gold, &perfect(&gold), 0);
        let scores = &scored.scores;
        assert!(scored.mistakes.is_empty(), "{:?}", scored.mistakes);
        assert_eq!(
            scores.for_polarity(Polarity::Affirmed),
            Counts::new(1, 0, 0)
        );
        assert_eq!(scores.for_polarity(Polarity::Negated), Counts::new(1, 0, 0));
        assert_eq!(scores.concepts.f1(), Some(1.0));
        assert_eq!(scores.statements, Counts::new(2, 0, 0));
        assert_eq!(scores.all_parts(), Counts::new(6, 0, 0));
        assert_eq!(scores.for_part(PartKind::Vague), Counts::new(1, 0, 0));
        assert!(scores.targets().iter().all(|target| target.met));
    }

    #[test]
    fn a_wrong_polarity_is_a_false_positive_for_one_and_a_false_negative_for_the_other() {
        let gold = gold();
        let mut analysis = perfect(&gold);
        let anxiety = analysis
            .findings
            .iter_mut()
            .find(|f| f.concept == "anxiety")
            .unwrap();
        anxiety.polarity = Polarity::Affirmed;
        let scored = score_document(&gold, &analysis, 0);
        let scores = &scored.scores;
        assert_eq!(
            scores.for_polarity(Polarity::Affirmed),
            Counts::new(1, 1, 0)
        );
        assert_eq!(scores.for_polarity(Polarity::Negated), Counts::new(0, 0, 1));
        assert_eq!(scores.concepts, Counts::new(2, 0, 0));
        assert_eq!(scores.for_polarity(Polarity::Negated).precision(), None);
        assert_eq!(scored.mistakes.len(), 1);
        let mistake = &scored.mistakes[0];
        assert_eq!(mistake.kind, MistakeKind::WrongPolarity);
        assert_eq!(mistake.text, "anxiety");
        assert_eq!(mistake.gold.as_deref(), Some("negated"));
        assert_eq!(mistake.predicted.as_deref(), Some("affirmed"));
        assert_eq!(mistake.sentence, "There are no concerns about her anxiety.");
        let targets = scores.targets();
        assert!(
            !targets[1].met,
            "negated precision is undefined, so not met"
        );
        assert!((targets[0].value.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn an_empty_prediction_has_recall_zero() {
        let gold = gold();
        let scores = score_document(&gold, &empty(), 0).scores;
        assert_eq!(scores.concepts.recall(), Some(0.0));
        assert_eq!(scores.concepts.precision(), None);
        assert_eq!(scores.statements.recall(), Some(0.0));
        assert_eq!(scores.all_parts(), Counts::new(0, 0, 6));
        assert_eq!(scores.for_polarity(Polarity::Affirmed).f1(), Some(0.0));
        assert!(scores.targets().iter().all(|target| !target.met));
    }

    #[test]
    fn findings_need_the_same_concept_and_overlapping_spans() {
        let gold = gold();
        let autism = gold.findings[0].span;
        let mut analysis = empty();
        // Another concept on the same words; the right concept elsewhere; a professional
        // (never scored).
        analysis.findings.push(finding(
            &gold,
            "anxiety",
            "difficulty",
            Polarity::Affirmed,
            autism,
        ));
        analysis.findings.push(finding(
            &gold,
            "autism",
            "diagnosis",
            Polarity::Affirmed,
            Span::new(0, 6),
        ));
        analysis.findings.push(finding(
            &gold,
            "autism",
            "professional",
            Polarity::Affirmed,
            autism,
        ));
        let scores = score_document(&gold, &analysis, 0).scores;
        assert_eq!(scores.concepts, Counts::new(0, 2, 2));
        // A partial overlap is enough, and one gold finding matches one prediction only.
        let mut analysis = empty();
        let partial = Span::new(autism.start + 2, autism.end + 3);
        analysis.findings.push(finding(
            &gold,
            "autism",
            "diagnosis",
            Polarity::Affirmed,
            partial,
        ));
        analysis.findings.push(finding(
            &gold,
            "autism",
            "diagnosis",
            Polarity::Affirmed,
            autism,
        ));
        let scored = score_document(&gold, &analysis, 0);
        assert_eq!(
            scored.scores.for_polarity(Polarity::Affirmed),
            Counts::new(1, 1, 0)
        );
        let spurious: Vec<_> = scored
            .mistakes
            .iter()
            .filter(|m| m.kind == MistakeKind::Spurious)
            .collect();
        assert_eq!(spurious.len(), 1);
        assert_eq!(spurious[0].start, partial.start, "the larger overlap wins");
    }

    #[test]
    fn parts_match_when_they_overlap_by_half_their_union() {
        let gold = gold();
        let mut analysis = perfect(&gold);
        let first = &mut analysis.provisions[0];
        // "three times a week" (18) against "three times" (11): 11/18 ≥ 0.5, a match.
        let frequency = first.frequency.clone().unwrap();
        first.frequency = Some(quote(
            &gold,
            Span::new(frequency.start, frequency.start + 11),
        ));
        // "30 minutes" (10) against "30 minutes of small group" (25): 10/25 < 0.5, no match.
        let duration = first.duration.clone().unwrap();
        first.duration = Some(quote(&gold, Span::new(duration.start, duration.start + 25)));
        first.who = Some(quote(&gold, Span::new(duration.start, duration.start + 2)));
        let scores = score_document(&gold, &analysis, 0).scores;
        assert_eq!(scores.for_part(PartKind::Frequency), Counts::new(1, 0, 0));
        assert_eq!(scores.for_part(PartKind::Duration), Counts::new(0, 1, 1));
        assert_eq!(scores.for_part(PartKind::Who), Counts::new(0, 1, 0));
        assert_eq!(scores.all_parts(), Counts::new(5, 2, 1));
    }

    #[test]
    fn a_second_annotation_is_scored_like_a_prediction() {
        let first = gold();
        assert_eq!(
            score_second_annotation(&first, &first).scores.all_parts(),
            Counts::new(6, 0, 0),
            "an annotation agrees with itself"
        );
        // The second annotator draws "three times a week" as "a week" (6 of 18 characters:
        // no match) and labels no `what` in the second statement.
        let mut second = first.clone();
        let frequency = second.provisions[0]
            .parts
            .iter_mut()
            .find(|p| p.kind == PartKind::Frequency)
            .unwrap();
        frequency.span = Span::new(frequency.span.end - 6, frequency.span.end);
        second.provisions[1]
            .parts
            .retain(|p| p.kind != PartKind::What);
        let scores = score_second_annotation(&first, &second).scores;
        assert_eq!(scores.statements, Counts::new(2, 0, 0));
        assert_eq!(scores.for_part(PartKind::Frequency), Counts::new(0, 1, 1));
        assert_eq!(scores.for_part(PartKind::What), Counts::new(1, 0, 1));
        assert_eq!(scores.all_parts(), Counts::new(4, 1, 2));
        // Swapping the two swaps precision and recall; F1 is the same.
        let swapped = score_second_annotation(&second, &first).scores;
        assert_eq!(swapped.all_parts(), Counts::new(4, 2, 1));
        assert_eq!(swapped.all_parts().f1(), scores.all_parts().f1());
    }

    #[test]
    fn unmatched_statements_count_all_their_parts() {
        let gold = gold();
        let mut analysis = perfect(&gold);
        // Drop the second statement; move the first onto the heading, away from any gold one.
        analysis.provisions.truncate(1);
        let heading = quote(&gold, Span::new(0, 6));
        analysis.provisions[0].statement = heading;
        let scores = score_document(&gold, &analysis, 0).scores;
        assert_eq!(scores.statements, Counts::new(0, 1, 2));
        assert_eq!(scores.all_parts(), Counts::new(0, 4, 6));
    }

    #[test]
    fn counts_give_the_usual_measures() {
        let counts = Counts::new(8, 2, 8);
        assert_eq!(counts.precision(), Some(0.8));
        assert_eq!(counts.recall(), Some(0.5));
        let f1 = counts.f1().unwrap();
        assert!((f1 - 2.0 * 0.8 * 0.5 / 1.3).abs() < 1e-9);
        assert_eq!(Counts::default().f1(), None);
        let mut scores = Scores::default();
        let other = Scores {
            documents: 2,
            statements: counts,
            ..Scores::default()
        };
        scores.add(&other);
        scores.add(&other);
        assert_eq!(scores.documents, 4);
        assert_eq!(scores.statements, Counts::new(16, 4, 16));
    }
}
