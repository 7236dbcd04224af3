//! The 20-item pre-fill: a suggested score for each item of the needs assessment, with the
//! quotes behind it.
//!
//! For each item, the **supporting** findings are the affirmed (current, about the child)
//! mentions, outside headings, of concepts that give the item a weight above 0. Then:
//!
//! - supporting findings that are all interventions (provision once given, such as grommets),
//!   against a diagnosis or difficulty of at least the same weight stated absent ("normal
//!   hearing in both ears", "not explained by hearing loss"): no score either. The support
//!   shows a need was met at some time; the statement of absence is about the need now, and
//!   outweighs it. The rationale names both;
//! - no supporting finding: no score (`None`, never 0: the advice is silent, which is not the
//!   same as "no need"). Negated mentions are listed as contradicting quotes and named in the
//!   rationale, but do not make a score of 0 by themselves: "no concerns about his attention"
//!   does not rule out every need the item covers;
//! - a yes/no flag: 1;
//! - a degree or ability item: the highest weight among the supporting findings, rounded
//!   (at least 1), plus 1 when at least two documents each hold a supporting finding of that
//!   top weight (independent advice agreeing), clamped to the item's range (0 to 3).
//!
//! Evidence quotes are the supporting sentences, best first (weight, then confidence, then
//! document and position), one per sentence, at most [`MAX_QUOTES`]; contradicting quotes are
//! the negated mentions' sentences, in the same order. The rationale is one line of plain
//! English naming the strongest concept, how many documents affirm it and its weight.

use dehcp_domain::{MetricId, MetricKind};

use super::{Finding, ItemSuggestion, Quote};
use crate::context::Polarity;
use crate::dictionary::ConceptKind;

/// Most evidence (and contradicting) quotes per item.
pub const MAX_QUOTES: usize = 5;

/// The suggestion for every item, in questionnaire order. `in_heading[i]` says whether
/// `findings[i]` sits in a heading.
pub(super) fn suggest(findings: &[Finding], in_heading: &[bool]) -> Vec<ItemSuggestion> {
    // The weight each finding gives each item is looked up once per finding's metric rather
    // than searched for once per item.
    let items = MetricId::ALL.len();
    let ids = MetricId::ALL.map(MetricId::id);
    // An item's position by its id: the findings' ids come from the same `MetricId::id`, so
    // they are usually the very same strings, found by address; otherwise by text.
    let position = |metric: &str| {
        ids.iter()
            .position(|&id| std::ptr::eq(id, metric))
            .or_else(|| ids.iter().position(|&id| id == metric))
    };
    // Each item's column, without the findings an item would pass over (weight 0 or below,
    // or in a heading): (finding, weight) in finding order, so each item reads only the few
    // findings that bear on it rather than every finding. A finding's first entry for an
    // item counts, as a search of its metrics in order finds it.
    let mut columns: Vec<Vec<(usize, f32)>> = vec![Vec::new(); items];
    for (index, finding) in findings.iter().enumerate() {
        if in_heading.get(index).copied().unwrap_or(false) {
            continue;
        }
        // The items met so far, a bit each (there are fewer than 64).
        let mut seen = 0_u64;
        for metric in &finding.metrics {
            let Some(item) = position(metric.metric) else {
                continue;
            };
            let (Some(bit), Some(column)) = (1_u64.checked_shl(item as u32), columns.get_mut(item))
            else {
                continue;
            };
            if seen & bit != 0 {
                continue;
            }
            seen |= bit;
            let weight = metric.weight;
            if weight > 0.0 || weight.is_nan() {
                column.push((index, weight));
            }
        }
    }
    MetricId::ALL
        .into_iter()
        .zip(&columns)
        .map(|(metric, column)| suggest_one(metric, findings, in_heading, column.iter().copied()))
        .collect()
}

/// The suggestion for one item; `weights` gives the findings that give it a weight, each as
/// (index into `findings`, weight), in order; any other finding gives it 0.
fn suggest_one(
    metric: MetricId,
    findings: &[Finding],
    in_heading: &[bool],
    weights: impl Iterator<Item = (usize, f32)>,
) -> ItemSuggestion {
    let id = metric.id();
    let mut supporting: Vec<(&Finding, f32)> = Vec::new();
    let mut negated: Vec<(&Finding, f32)> = Vec::new();
    let mut uncertain = 0_usize;
    for (index, weight) in weights {
        let Some(finding) = findings.get(index) else {
            continue;
        };
        if weight <= 0.0 || in_heading.get(index).copied().unwrap_or(false) {
            continue;
        }
        match finding.polarity {
            Polarity::Affirmed => supporting.push((finding, weight)),
            Polarity::Negated => negated.push((finding, weight)),
            Polarity::Uncertain => uncertain += 1,
            Polarity::Historical | Polarity::OtherPerson => {}
        }
    }
    let best_first = |a: &(&Finding, f32), b: &(&Finding, f32)| {
        b.1.total_cmp(&a.1)
            .then(b.0.confidence.total_cmp(&a.0.confidence))
            .then(a.0.quote.document.cmp(&b.0.quote.document))
            .then(a.0.mention.start.cmp(&b.0.mention.start))
    };
    // No two findings tie: an item lists a finding once, and no two findings of a document
    // start at the same place (mentions do not overlap, nor do blocks), so the order is total
    // and an unstable sort gives what a stable one does.
    supporting.sort_unstable_by(best_first);
    negated.sort_unstable_by(best_first);
    let contradicting = quotes(&negated);
    let negation_note = match negated.first() {
        Some((finding, _)) => format!(
            "; stated absent: {} in {}",
            finding.label,
            documents_phrase(count_documents(&negated, |_| true))
        ),
        None => String::new(),
    };

    let outweighed = !supporting.is_empty()
        && supporting
            .iter()
            .all(|(finding, _)| finding.kind == ConceptKind::Intervention.id())
        && negated.iter().any(|(finding, weight)| {
            finding.kind != ConceptKind::Intervention.id()
                && supporting.first().is_some_and(|(_, top)| weight >= top)
        });
    let absent = negated
        .iter()
        .find(|(finding, _)| finding.kind != ConceptKind::Intervention.id());
    if outweighed && let (Some((top, _)), Some((absent, _))) = (supporting.first(), absent) {
        return ItemSuggestion {
            metric: id,
            score: None,
            rationale: format!(
                "Only interventions support it ({} in {}), and {} is stated absent in {}: not scored",
                top.label,
                documents_phrase(count_documents(&supporting, |_| true)),
                absent.label,
                documents_phrase(count_documents(&negated, |_| true))
            ),
            evidence: Vec::new(),
            contradicting,
        };
    }

    let Some(&(top, top_weight)) = supporting.first() else {
        let rationale = if negated.is_empty() && uncertain == 0 {
            "No evidence in the advice".to_owned()
        } else if uncertain > 0 {
            format!(
                "No affirmed evidence; {uncertain} uncertain mention{} not counted{negation_note}",
                plural(uncertain)
            )
        } else {
            format!("No affirmed evidence{negation_note}")
        };
        return ItemSuggestion {
            metric: id,
            score: None,
            rationale,
            evidence: Vec::new(),
            contradicting,
        };
    };

    let kind = metric.kind();
    let top_documents = count_documents(&supporting, |(_, weight)| *weight >= top_weight);
    let all_documents = count_documents(&supporting, |_| true);
    let top_concept_documents =
        count_documents(&supporting, |(finding, _)| finding.concept == top.concept);
    // Only how many are counted: sorted and deduplicated (no tree to build).
    let mut others: Vec<&str> = supporting
        .iter()
        .filter(|(finding, _)| finding.concept != top.concept)
        .map(|(finding, _)| finding.label.as_str())
        .collect();
    others.sort_unstable();
    others.dedup();
    let (score, agreement) = match kind {
        MetricKind::Flag => (1, false),
        MetricKind::Degree | MetricKind::Ability => {
            // Weights lie in 0..=3 (checked on loading), so the cast cannot truncate.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let base = (top_weight.round() as u8).max(1);
            let agree = top_documents >= 2 && base < kind.max_score();
            ((base + u8::from(agree)).min(kind.max_score()), agree)
        }
    };
    let mut rationale = format!(
        "{} ({}) affirmed in {}; weight {}",
        top.label,
        top.kind,
        documents_phrase(top_concept_documents),
        format_weight(top_weight)
    );
    if agreement {
        rationale.push_str(&format!(
            "; +1 as {top_documents} documents agree at that weight"
        ));
    }
    if !others.is_empty() {
        rationale.push_str(&format!(
            "; also {} other concept{} across {}",
            others.len(),
            plural(others.len()),
            documents_phrase(all_documents)
        ));
    }
    rationale.push_str(&negation_note);
    ItemSuggestion {
        metric: id,
        score: Some(score),
        rationale,
        evidence: quotes(&supporting),
        contradicting,
    }
}

/// The sentences of the findings, one per sentence, in the given order, at most
/// [`MAX_QUOTES`].
fn quotes(findings: &[(&Finding, f32)]) -> Vec<Quote> {
    // The sentences taken so far (at most `MAX_QUOTES`, so a list searched in turn).
    let mut out: Vec<Quote> = Vec::new();
    for (finding, _) in findings {
        if out.len() == MAX_QUOTES {
            break;
        }
        let sentence = (finding.quote.document, finding.quote.start);
        if !out
            .iter()
            .any(|quote| (quote.document, quote.start) == sentence)
        {
            out.push(finding.quote.clone());
        }
    }
    out
}

fn count_documents(findings: &[(&Finding, f32)], keep: impl Fn(&(&Finding, f32)) -> bool) -> usize {
    // Room for every finding made once (the filter hides the count).
    let mut documents: Vec<usize> = Vec::with_capacity(findings.len());
    documents.extend(
        findings
            .iter()
            .filter(|item| keep(item))
            .map(|(finding, _)| finding.quote.document),
    );
    documents.sort_unstable();
    documents.dedup();
    documents.len()
}

fn documents_phrase(count: usize) -> String {
    format!("{count} document{}", plural(count))
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// A weight as people write it: "3", "1.5".
fn format_weight(weight: f32) -> String {
    if weight.fract() == 0.0 {
        format!("{weight:.0}")
    } else {
        format!("{weight:.1}")
    }
}
