//! How well a recommendation meets a need: the signals that put provision on the right row.
//!
//! A need and a recommendation are each described by a [`Profile`]: the dictionary concepts
//! they name, those concepts' 20-item metric weights and provision elements (SP1–SP13), the
//! stems of their content words, and the groups of related words those stems fall in (noise,
//! touch, movement, writing, feelings …, listed in `rules.rs`). The score adds:
//!
//! - the need's own concept named inside the recommendation (strongest);
//! - the cosine of the two metric profiles (the dictionary gives interventions and
//!   difficulties the same 20-item vocabulary);
//! - a shared provision element;
//! - shared word stems: the need's label counts fully, its evidence sentences half, at most
//!   [`MAX_QUOTE_WORDS`] of them (so a need with long quotes does not draw everything);
//! - shared groups of related words, again the label counting more than the quotes (a label
//!   group counts once per word of the recommendation in it, at most twice).
//!
//! A word or group from the evidence sentences counts half, plus half in proportion to the
//! share of the need's sentences it is in: a need quoted in five sentences, one of which also
//! mentions sleep, is less about sleep than one quoted once, about sleep. Sentences that are themselves recommendations are left out of a need's
//! profile: they say what helps, not what the need is (a need found only in a recommendation
//! is matched by its label alone).
//!
//! Words that look like names (capitalised inside a sentence anywhere in the bundle's needs and
//! recommendations, such as the child's first name) are left out, since they are in every
//! sentence and mean nothing for matching.
//!
//! Must not: change any text. The score only decides where a verbatim statement is placed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use dehcp_nlp::analysis::Finding;
use dehcp_nlp::context::Polarity;
use dehcp_nlp::dictionary::Dictionary;

use super::rules;

/// Weight of the need's concept named in the recommendation.
const SAME_CONCEPT: f32 = 4.0;
/// Weight of a perfect metric match (cosine 1).
const METRICS: f32 = 2.0;
/// Weight of a shared provision element.
const ELEMENT: f32 = 0.5;
/// Weight of a word shared with the need's label.
const LABEL_WORD: f32 = 1.0;
/// Weight of a word shared with the need's evidence sentences.
const QUOTE_WORD: f32 = 0.5;
/// At most this many quote words count.
pub(crate) const MAX_QUOTE_WORDS: usize = 4;
/// Weight of a group of related words shared with the need's label.
const LABEL_GROUP: f32 = 1.5;
/// Weight of a group of related words shared with the need's evidence sentences.
const QUOTE_GROUP: f32 = 1.0;

/// The built-in dictionary, for the provision elements of concepts (findings carry their
/// metrics and area but not their elements). A concept it does not know has no elements.
static DICTIONARY: LazyLock<Option<Dictionary>> = LazyLock::new(|| Dictionary::builtin().ok());

/// The related-word groups, stemmed once.
static GROUPS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    rules::RELATED
        .iter()
        .map(|group| group.iter().map(|word| rules::stem(word)).collect())
        .collect()
});

/// The provision elements (SP numbers) the dictionary gives a concept.
fn elements_of(concept: &str) -> Vec<u8> {
    DICTIONARY
        .as_ref()
        .and_then(|dictionary| dictionary.get(concept))
        .map(|concept| {
            concept
                .provision
                .iter()
                .map(|element| element.number())
                .collect()
        })
        .unwrap_or_default()
}

/// Words that look like names: capitalised, not the first word of their sentence.
pub(crate) fn name_like(text: &str, names: &mut BTreeSet<String>) {
    let mut sentence_start = true;
    for word in text.split_whitespace() {
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        let capitalised = trimmed.chars().next().is_some_and(char::is_uppercase)
            && trimmed.chars().skip(1).any(char::is_lowercase);
        if capitalised && !sentence_start {
            for part in rules::words(trimmed) {
                names.insert(part);
            }
        }
        sentence_start = word.ends_with(['.', '!', '?', ':']);
    }
}

/// The stems of a text's content words, leaving out name-like words.
fn stems(text: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    rules::words(text)
        .into_iter()
        .filter(|word| {
            word.chars().count() >= 4
                && !rules::STOP_WORDS.contains(&word.as_str())
                && !names.contains(word)
        })
        .map(|word| rules::stem(&word))
        .collect()
}

/// The related-word groups some stems fall in, with how many of the stems are in each.
fn groups(stems: &BTreeSet<String>) -> BTreeMap<usize, usize> {
    GROUPS
        .iter()
        .enumerate()
        .filter_map(|(index, group)| {
            let count = group.iter().filter(|word| stems.contains(*word)).count();
            (count > 0).then_some((index, count))
        })
        .collect()
}

/// What a need or a recommendation is about, for matching.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// Dictionary concepts named.
    concepts: BTreeSet<String>,
    /// 20-item metric weights, summed over the concepts.
    metrics: BTreeMap<&'static str, f32>,
    /// Provision elements (SP numbers) of the concepts.
    elements: BTreeSet<u8>,
    /// Stems of the label (a need's) or of the whole statement (a recommendation's).
    words: BTreeSet<String>,
    /// Stems of a need's evidence sentences that are not in its label, with the share of the
    /// sentences each is in.
    quote_words: BTreeMap<String, f32>,
    /// Related-word groups of `words`, with how many of the words are in each.
    groups: BTreeMap<usize, usize>,
    /// Related-word groups of a need's evidence sentences not already in `groups`, with the
    /// share of the sentences each is in.
    quote_groups: BTreeMap<usize, f32>,
}

impl Profile {
    /// A need's profile: its concept, label and evidence sentences.
    pub(crate) fn need<'q>(
        finding: &Finding,
        quotes: impl IntoIterator<Item = &'q str>,
        names: &BTreeSet<String>,
    ) -> Profile {
        let mut profile = Profile::default();
        profile.add_concept(&finding.concept, finding);
        let mut label = finding.label.clone();
        label.push(' ');
        label.push_str(&finding.concept.replace('_', " "));
        profile.words = stems(&label, names);
        profile.groups = groups(&profile.words);
        let mut sentences = 0_u16;
        let mut words: BTreeMap<String, u16> = BTreeMap::new();
        let mut in_groups: BTreeMap<usize, u16> = BTreeMap::new();
        for quote in quotes {
            sentences = sentences.saturating_add(1);
            let found = stems(quote, names);
            for group in groups(&found).into_keys() {
                if !profile.groups.contains_key(&group) {
                    *in_groups.entry(group).or_insert(0) += 1;
                }
            }
            for stem in found {
                if !profile.words.contains(&stem) {
                    *words.entry(stem).or_insert(0) += 1;
                }
            }
        }
        // Half weight for being in any sentence, the other half in proportion to how many.
        let share = |n: u16| 0.5 + 0.5 * f32::from(n) / f32::from(sentences.max(1));
        profile.quote_words = words.into_iter().map(|(w, n)| (w, share(n))).collect();
        profile.quote_groups = in_groups.into_iter().map(|(g, n)| (g, share(n))).collect();
        profile
    }

    /// A recommendation's profile: the concepts found inside it (not negated) and its words.
    pub(crate) fn provision(text: &str, found: &[&Finding], names: &BTreeSet<String>) -> Profile {
        let mut profile = Profile::default();
        for finding in found {
            if finding.polarity != Polarity::Negated {
                profile.add_concept(&finding.concept, finding);
            }
        }
        profile.words = stems(text, names);
        profile.groups = groups(&profile.words);
        profile
    }

    fn add_concept(&mut self, concept: &str, finding: &Finding) {
        if self.concepts.insert(concept.to_owned()) {
            for weight in &finding.metrics {
                *self.metrics.entry(weight.metric).or_insert(0.0) += weight.weight;
            }
            self.elements.extend(elements_of(concept));
        }
    }

    /// The cosine of two metric profiles (0 when either is empty).
    fn cosine(&self, other: &Profile) -> f32 {
        let dot: f32 = self
            .metrics
            .iter()
            .filter_map(|(metric, weight)| other.metrics.get(metric).map(|w| w * weight))
            .sum();
        let norm = |p: &Profile| p.metrics.values().map(|w| w * w).sum::<f32>().sqrt();
        let denominator = norm(self) * norm(other);
        if denominator > 0.0 {
            dot / denominator
        } else {
            0.0
        }
    }
}

/// How well a recommendation (`provision`) meets a need (`need`); 0 when nothing is shared.
pub(crate) fn score(need: &Profile, provision: &Profile) -> f32 {
    let mut score = 0.0;
    if need
        .concepts
        .iter()
        .any(|concept| provision.concepts.contains(concept))
    {
        score += SAME_CONCEPT;
    }
    score += METRICS * need.cosine(provision);
    if need
        .elements
        .iter()
        .any(|element| provision.elements.contains(element))
    {
        score += ELEMENT;
    }
    score += LABEL_WORD * count(need.words.intersection(&provision.words).count());
    let mut quote_words: Vec<f32> = need
        .quote_words
        .iter()
        .filter(|(word, _)| provision.words.contains(*word))
        .map(|(_, share)| *share)
        .collect();
    quote_words.sort_by(|a, b| b.total_cmp(a));
    score += QUOTE_WORD * quote_words.iter().take(MAX_QUOTE_WORDS).sum::<f32>();
    for (group, words) in &provision.groups {
        if need.groups.contains_key(group) {
            score += LABEL_GROUP * count((*words).min(2));
        } else if let Some(share) = need.quote_groups.get(group) {
            score += QUOTE_GROUP * share;
        }
    }
    score
}

/// Whether a recommendation shares the need's concept, or a word or group of related words
/// with the need's label (not only with its evidence sentences).
pub(crate) fn names_need(need: &Profile, provision: &Profile) -> bool {
    need.concepts
        .iter()
        .any(|concept| provision.concepts.contains(concept))
        || need.words.iter().any(|word| provision.words.contains(word))
        || need
            .groups
            .keys()
            .any(|group| provision.groups.contains_key(group))
}

/// A small count as a weight multiplier.
fn count(n: usize) -> f32 {
    u16::try_from(n).map_or(f32::from(u16::MAX), f32::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dehcp_nlp::analysis::{MetricWeight, Quote};

    fn finding(concept: &str, label: &str, metrics: &[(&'static str, f32)]) -> Finding {
        let quote = Quote {
            text: String::new(),
            document: 0,
            page: 1,
            start: 0,
            end: 0,
        };
        Finding {
            concept: concept.to_owned(),
            label: label.to_owned(),
            kind: "difficulty",
            sen2: Vec::new(),
            area: None,
            metrics: metrics
                .iter()
                .map(|(metric, weight)| MetricWeight {
                    metric,
                    weight: *weight,
                })
                .collect(),
            polarity: Polarity::Affirmed,
            trigger: None,
            mention: quote.clone(),
            quote,
            confidence: 0.9,
        }
    }

    #[test]
    fn related_words_put_ear_defenders_with_noise_not_touch() {
        let names = BTreeSet::new();
        let noise = Profile::need(
            &finding(
                "noise_sensitivity",
                "Noise sensitivity",
                &[("sensory_skills", 2.0)],
            ),
            ["Very sensitive to loud sounds in the hall."],
            &names,
        );
        let touch = Profile::need(
            &finding(
                "tactile_sensitivity",
                "Touch sensitivity",
                &[("sensory_skills", 2.0)],
            ),
            ["Dislikes labels in clothes."],
            &names,
        );
        let defenders = finding("ear_defenders", "Ear defenders", &[("sensory_skills", 1.0)]);
        let provision = Profile::provision(
            "Ear defenders in assembly and a quieter room for lunch.",
            &[&defenders],
            &names,
        );
        assert!(score(&noise, &provision) > score(&touch, &provision));
        assert!(score(&touch, &provision) > 0.0, "the metrics still match");
    }

    #[test]
    fn the_needs_own_concept_outweighs_shared_words() {
        let names = BTreeSet::new();
        let asthma = finding("asthma", "Asthma", &[("health_issues", 1.0)]);
        let need = Profile::need(&asthma, ["Mild asthma, well controlled."], &names);
        let other = Profile::need(
            &finding("fatigue", "Fatigue", &[]),
            ["Tired in the mornings."],
            &names,
        );
        let provision = Profile::provision("An annual asthma review.", &[&asthma], &names);
        assert!(score(&need, &provision) >= SAME_CONCEPT);
        assert_eq!(score(&other, &provision), 0.0);
    }

    #[test]
    fn names_inside_sentences_are_not_matching_words() {
        let mut names = BTreeSet::new();
        name_like("Reading is hard for Sam. Sam likes Lego.", &mut names);
        assert!(names.contains("sam"));
        assert!(names.contains("lego"));
        assert!(!names.contains("reading"));
        let need = Profile::need(
            &finding("anxiety", "Anxiety", &[]),
            ["Sam worries about tests."],
            &names,
        );
        let provision = Profile::provision("A map of the building for Sam.", &[], &names);
        assert_eq!(score(&need, &provision), 0.0);
    }
}
