//! Finding quantities in text, for the invented-quantity rule: numbers (digits or words),
//! durations ("30 minutes", "an hour"), frequencies ("weekly", "three times a week"), ratios
//! ("1:1", "one-to-one") and named professional roles.
//!
//! Each mention has a canonical form, so "three times a week" in the plan is matched by
//! "3 times per week" in the evidence, "one-to-one" by "1:1" and "half an hour" by
//! "30 minutes". A mention also counts as evidenced when its own words appear in the quotes.

use std::collections::HashSet;

use super::text::{Tok, TokKind, normalise, tokenize, words_key};

/// A period that frequencies are counted in, or a unit of programme length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Period {
    Day,
    Week,
    Fortnight,
    Month,
    Term,
    HalfTerm,
    Year,
    Lesson,
    Session,
}

/// The unit of a duration. Hours are counted as minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Unit {
    Minute,
    Of(Period),
}

/// A quantity in canonical form. Numbers are in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Quantity {
    Number(i64),
    Duration(i64, Unit),
    Frequency(i64, Period),
    Ratio(u32, u32),
    Role(&'static str),
}

impl Quantity {
    /// What kind of quantity, for messages.
    pub(super) fn kind_name(self) -> &'static str {
        match self {
            Quantity::Number(_) => "number",
            Quantity::Duration(..) => "duration",
            Quantity::Frequency(..) => "frequency",
            Quantity::Ratio(..) => "ratio",
            Quantity::Role(_) => "professional role",
        }
    }
}

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mention {
    /// Its canonical form.
    pub(super) quantity: Quantity,
    /// The words as written (normalised).
    pub(super) surface: String,
}

/// Everything found in a text.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The mentions, in text order, roles last.
    pub(super) mentions: Vec<Mention>,
    /// Every number value seen, in thousandths, including "one" on its own.
    pub(super) numbers: HashSet<i64>,
}

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
    ("hundred", 100),
];

const PERIOD_ADVERBS: &[(&str, Period)] = &[
    ("daily", Period::Day),
    ("weekly", Period::Week),
    ("fortnightly", Period::Fortnight),
    ("monthly", Period::Month),
    ("termly", Period::Term),
    ("yearly", Period::Year),
    ("annually", Period::Year),
];

/// Occasions that a frequency can count per ("twice a lesson"), besides the periods of time.
const PER_OCCASION: &[(&str, Period)] = &[("lesson", Period::Lesson), ("session", Period::Session)];

const MINUTE_UNITS: &[(&str, i64)] = &[
    ("minute", 1),
    ("minutes", 1),
    ("min", 1),
    ("mins", 1),
    ("hour", 60),
    ("hours", 60),
    ("hr", 60),
    ("hrs", 60),
];

const PERIOD_UNITS: &[(&str, Period)] = &[
    ("day", Period::Day),
    ("days", Period::Day),
    ("week", Period::Week),
    ("weeks", Period::Week),
    ("fortnight", Period::Fortnight),
    ("fortnights", Period::Fortnight),
    ("month", Period::Month),
    ("months", Period::Month),
    ("term", Period::Term),
    ("terms", Period::Term),
    ("year", Period::Year),
    ("years", Period::Year),
];

const COUNTERS: &[&str] = &[
    "times", "time", "x", "sessions", "session", "lessons", "lesson", "visits", "visit", "slots",
    "periods",
];

const INTRODUCERS: &[&str] = &["a", "an", "per", "each", "every"];

/// Named professional roles: a canonical key and its spellings in word-key form. A discipline
/// and its practitioner share a key ("speech and language therapy" is evidence for "speech
/// and language therapist").
pub(super) const ROLES: &[(&str, &[&str])] = &[
    (
        "speech and language therapist",
        &[
            " speech and language therapist ",
            " speech and language therapists ",
            " speech and language therapy ",
            " speech language therapist ",
            " speech therapist ",
            " speech therapy ",
            " salt ",
            " slt ",
        ],
    ),
    (
        "occupational therapist",
        &[
            " occupational therapist ",
            " occupational therapists ",
            " occupational therapy ",
            " ot ",
        ],
    ),
    (
        "physiotherapist",
        &[
            " physiotherapist ",
            " physiotherapists ",
            " physiotherapy ",
            " physio ",
        ],
    ),
    (
        "educational psychologist",
        &[
            " educational psychologist ",
            " educational psychologists ",
            " educational psychology ",
            " ep ",
        ],
    ),
    (
        "psychologist",
        &[
            " psychologist ",
            " psychologists ",
            " clinical psychologist ",
        ],
    ),
    ("psychiatrist", &[" psychiatrist "]),
    (
        "teaching assistant",
        &[
            " teaching assistant ",
            " teaching assistants ",
            " ta ",
            " tas ",
            " learning support assistant ",
            " learning support assistants ",
            " lsa ",
            " lsas ",
            " classroom assistant ",
            " support assistant ",
        ],
    ),
    (
        "higher level teaching assistant",
        &[" higher level teaching assistant ", " hlta "],
    ),
    (
        "special educational needs co-ordinator",
        &[
            " senco ",
            " sendco ",
            " special educational needs coordinator ",
            " special educational needs co ordinator ",
        ],
    ),
    (
        "specialist teacher",
        &[
            " specialist teacher ",
            " specialist teachers ",
            " advisory teacher ",
        ],
    ),
    (
        "teacher of the deaf",
        &[" teacher of the deaf ", " qtod ", " tod "],
    ),
    (
        "teacher of vision impairment",
        &[
            " teacher of vision impairment ",
            " teacher of the visually impaired ",
            " qtvi ",
        ],
    ),
    (
        "emotional literacy support assistant",
        &[" emotional literacy support assistant ", " elsa "],
    ),
    ("nurse", &[" nurse ", " nurses ", " school nurse "]),
    (
        "paediatrician",
        &[" paediatrician ", " community paediatrician "],
    ),
    (
        "mental health practitioner",
        &[
            " camhs ",
            " mental health practitioner ",
            " mental health worker ",
            " mental health support team ",
            " mhst ",
        ],
    ),
    ("social worker", &[" social worker ", " social workers "]),
    (
        "family support worker",
        &[" family support worker ", " family support workers "],
    ),
    ("dietitian", &[" dietitian ", " dietician "]),
    ("counsellor", &[" counsellor ", " counselor "]),
    ("play therapist", &[" play therapist ", " play therapy "]),
    ("music therapist", &[" music therapist ", " music therapy "]),
    ("art therapist", &[" art therapist ", " art therapy "]),
    (
        "habilitation specialist",
        &[
            " habilitation specialist ",
            " habilitation officer ",
            " mobility officer ",
        ],
    ),
    ("audiologist", &[" audiologist "]),
    ("key worker", &[" key worker ", " keyworker "]),
    ("mentor", &[" mentor ", " learning mentor "]),
    ("youth worker", &[" youth worker "]),
    (
        "careers adviser",
        &[
            " careers adviser ",
            " careers advisor ",
            " personal adviser ",
        ],
    ),
    (
        "behaviour specialist",
        &[
            " behaviour specialist ",
            " behaviour support teacher ",
            " behaviour support worker ",
        ],
    ),
];

/// The openings of the placeholder the generator writes for a part the evidence does not give
/// ("to be specified by the speech and language therapist"). A placeholder names who should
/// decide; it is not a quantity.
const PLACEHOLDER_OPENINGS: &[&str] = &[
    "to be specified",
    "to be confirmed",
    "to be agreed",
    "to be decided",
    "to be determined",
];

/// Removes placeholders from normalised text: from an opening to the next `.`, `;`, `,`, `)`,
/// `]` or the end.
pub(super) fn strip_placeholders(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len());
    let mut rest = norm;
    loop {
        let next = PLACEHOLDER_OPENINGS
            .iter()
            .filter_map(|opening| rest.find(opening))
            .min();
        let Some(at) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        out.push_str(" ; ");
        let tail = &rest[at..];
        match tail.find(['.', ';', ',', ')', ']']) {
            Some(stop) => rest = &tail[stop..],
            None => return out,
        }
    }
}

fn word<'a>(toks: &[Tok<'a>], k: usize) -> Option<&'a str> {
    toks.get(k)
        .filter(|t| t.kind == TokKind::Word)
        .map(|t| t.text)
}

fn lookup<T: Copy>(table: &[(&str, T)], text: Option<&str>) -> Option<T> {
    let text = text?;
    table
        .iter()
        .find(|(name, _)| *name == text)
        .map(|&(_, value)| value)
}

/// A number at `k`: digits, a number word, or tens and units ("twenty five"). Returns the
/// value in thousandths, the index after it, and whether it is a lone "one" (too common as a
/// pronoun to count on its own).
fn number_at(toks: &[Tok<'_>], k: usize) -> Option<(i64, usize, bool)> {
    let tok = toks.get(k)?;
    match tok.kind {
        TokKind::Number(v) => Some((v, k + 1, false)),
        TokKind::Word => {
            let v = lookup(NUMBER_WORDS, Some(tok.text))?;
            if (20..100).contains(&v)
                && let Some(units) = lookup(NUMBER_WORDS, word(toks, k + 1))
                && (1..10).contains(&units)
            {
                return Some(((v + units) * 1000, k + 2, false));
            }
            Some((v * 1000, k + 1, v == 1))
        }
        _ => None,
    }
}

/// A period phrase at `k`: "weekly", "a week", "per term", "each half term", "half termly".
fn period_at(toks: &[Tok<'_>], k: usize) -> Option<(Period, usize)> {
    if let Some(p) = lookup(PERIOD_ADVERBS, word(toks, k)) {
        return Some((p, k + 1));
    }
    if word(toks, k) == Some("half") && word(toks, k + 1) == Some("termly") {
        return Some((Period::HalfTerm, k + 2));
    }
    let intro = word(toks, k)?;
    if !INTRODUCERS.contains(&intro) {
        return None;
    }
    if word(toks, k + 1) == Some("half") && word(toks, k + 2) == Some("term") {
        return Some((Period::HalfTerm, k + 3));
    }
    let noun = word(toks, k + 1);
    lookup(PERIOD_UNITS, noun)
        .or_else(|| lookup(PER_OCCASION, noun))
        .map(|p| (p, k + 2))
}

fn duration_unit(text: Option<&str>) -> Option<(Unit, i64)> {
    if let Some(mult) = lookup(MINUTE_UNITS, text) {
        return Some((Unit::Minute, mult));
    }
    lookup(PERIOD_UNITS, text).map(|p| (Unit::Of(p), 1))
}

/// Finds the quantities in a text. Placeholders are left out.
pub(super) fn find(text: &str) -> Found {
    let norm = strip_placeholders(&normalise(text));
    let toks = tokenize(&norm);
    let mut found = Found::default();
    let push = |found: &mut Found, quantity: Quantity, from: usize, to: usize| {
        let (Some(first), Some(last)) = (toks.get(from), toks.get(to.saturating_sub(1))) else {
            return;
        };
        let surface = norm
            .get(first.start..last.end)
            .unwrap_or_default()
            .to_owned();
        found.mentions.push(Mention { quantity, surface });
    };
    let mut i = 0;
    while i < toks.len() {
        if let TokKind::Ratio(a, b) = toks[i].kind {
            found.numbers.insert(i64::from(a) * 1000);
            found.numbers.insert(i64::from(b) * 1000);
            push(&mut found, Quantity::Ratio(a, b), i, i + 1);
            i += 1;
            continue;
        }
        if let Some((v, j, weak)) = number_at(&toks, i) {
            found.numbers.insert(v);
            // "one to one", "two-to-one", "1 to 1".
            if word(&toks, j) == Some("to")
                && let Some((1000, after, _)) = number_at(&toks, j + 1)
                && (1000..=4000).contains(&v)
                && v % 1000 == 0
                && duration_unit(word(&toks, after)).is_none()
                && !COUNTERS.contains(&word(&toks, after).unwrap_or_default())
            {
                found.numbers.insert(1000);
                let a = u32::try_from(v / 1000).unwrap_or(u32::MAX);
                push(&mut found, Quantity::Ratio(a, 1), i, after);
                i = after;
                continue;
            }
            // "three 20-minute sessions a week", "3 x 30 minute sessions per week": a count,
            // a session length, then the period.
            let after_x = if matches!(word(&toks, j), Some("x" | "times")) {
                j + 1
            } else {
                j
            };
            if let Some((w, k, _)) = number_at(&toks, after_x)
                && let Some((unit, mult)) = duration_unit(word(&toks, k))
            {
                let counter = word(&toks, k + 1).is_some_and(|c| COUNTERS.contains(&c));
                let at = if counter { k + 2 } else { k + 1 };
                if let Some((p, end)) = period_at(&toks, at) {
                    found.numbers.insert(w);
                    push(&mut found, Quantity::Frequency(v, p), i, end);
                    push(
                        &mut found,
                        Quantity::Duration(w.saturating_mul(mult), unit),
                        after_x,
                        k + 1,
                    );
                    i = end;
                    continue;
                }
            }
            if let Some((unit, mult)) = duration_unit(word(&toks, j)) {
                push(
                    &mut found,
                    Quantity::Duration(v.saturating_mul(mult), unit),
                    i,
                    j + 1,
                );
                i = j + 1;
                continue;
            }
            if let Some(counter) = word(&toks, j)
                && COUNTERS.contains(&counter)
            {
                if let Some((p, end)) = period_at(&toks, j + 1) {
                    push(&mut found, Quantity::Frequency(v, p), i, end);
                    i = end;
                } else {
                    if !weak {
                        push(&mut found, Quantity::Number(v), i, j + 1);
                    }
                    i = j + 1;
                }
                continue;
            }
            if let Some((p, end)) = period_at(&toks, j)
                && lookup(PERIOD_ADVERBS, word(&toks, j)).is_some()
            {
                push(&mut found, Quantity::Frequency(v, p), i, end);
                i = end;
                continue;
            }
            if toks.get(j).is_some_and(|t| t.kind == TokKind::Percent) {
                push(&mut found, Quantity::Number(v), i, j + 1);
                i = j + 1;
                continue;
            }
            if !weak {
                push(&mut found, Quantity::Number(v), i, j);
            }
            i = j;
            continue;
        }
        let current = word(&toks, i);
        let count = match current {
            Some("once") => Some(1000),
            Some("twice") => Some(2000),
            Some("thrice") => Some(3000),
            _ => None,
        };
        if let Some(n) = count {
            if let Some((p, end)) = period_at(&toks, i + 1) {
                found.numbers.insert(n);
                push(&mut found, Quantity::Frequency(n, p), i, end);
                i = end;
            } else {
                i += 1;
            }
            continue;
        }
        if current == Some("half") {
            let hour = |k: usize| matches!(word(&toks, k), Some("hour" | "hr"));
            if matches!(word(&toks, i + 1), Some("an" | "a")) && hour(i + 2) {
                push(
                    &mut found,
                    Quantity::Duration(30_000, Unit::Minute),
                    i,
                    i + 3,
                );
                i += 3;
                continue;
            }
            if hour(i + 1) {
                push(
                    &mut found,
                    Quantity::Duration(30_000, Unit::Minute),
                    i,
                    i + 2,
                );
                i += 2;
                continue;
            }
        }
        if matches!(current, Some("an" | "a")) && matches!(word(&toks, i + 1), Some("hour" | "hr"))
        {
            push(
                &mut found,
                Quantity::Duration(60_000, Unit::Minute),
                i,
                i + 2,
            );
            i += 2;
            continue;
        }
        if let Some((p, end)) = period_at(&toks, i) {
            push(&mut found, Quantity::Frequency(1000, p), i, end);
            i = end;
            continue;
        }
        i += 1;
    }
    let key = words_key(&norm);
    for &(role, spellings) in ROLES {
        if let Some(spelling) = spellings.iter().find(|s| key.contains(**s)) {
            found.mentions.push(Mention {
                quantity: Quantity::Role(role),
                surface: spelling.trim().to_owned(),
            });
        }
    }
    found
}

/// The quoted evidence behind one statement, ready to check mentions against.
#[derive(Debug, Default)]
pub(super) struct Evidence {
    quantities: HashSet<Quantity>,
    numbers: HashSet<i64>,
    key: String,
}

impl Evidence {
    /// Reads the quotes.
    pub(super) fn new<'a>(quotes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut evidence = Evidence {
            key: String::from(" "),
            ..Evidence::default()
        };
        for quote in quotes {
            let found = find(quote);
            evidence
                .quantities
                .extend(found.mentions.iter().map(|m| m.quantity));
            evidence.numbers.extend(found.numbers);
            evidence.key.push_str(&words_key(quote));
            evidence.key.push_str("| ");
        }
        evidence
    }

    /// True when the mention is in the evidence: the same canonical quantity, the same words,
    /// or (for a bare number) the same value anywhere in the quotes.
    pub(super) fn supports(&self, mention: &Mention) -> bool {
        if self.quantities.contains(&mention.quantity) {
            return true;
        }
        if let Quantity::Number(v) = mention.quantity
            && self.numbers.contains(&v)
        {
            return true;
        }
        let surface = words_key(&mention.surface);
        surface.trim().is_empty() || self.key.contains(&surface)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Quantity> {
        find(text)
            .mentions
            .into_iter()
            .map(|m| m.quantity)
            .collect()
    }

    #[test]
    fn frequencies_in_several_forms_agree() {
        let a = kinds("three times a week");
        let b = kinds("3 times per week");
        let c = kinds("3x weekly");
        assert_eq!(a, vec![Quantity::Frequency(3000, Period::Week)]);
        assert_eq!(a, b);
        assert_eq!(a, c);
        assert_eq!(kinds("weekly"), kinds("once a week"));
        assert_eq!(
            kinds("twice daily"),
            vec![Quantity::Frequency(2000, Period::Day)]
        );
    }

    #[test]
    fn durations_and_ratios() {
        assert_eq!(kinds("half an hour"), kinds("30 minutes"));
        assert_eq!(kinds("an hour"), kinds("60 mins"));
        assert_eq!(
            kinds("1.5 hours"),
            vec![Quantity::Duration(90_000, Unit::Minute)]
        );
        assert_eq!(kinds("one-to-one"), vec![Quantity::Ratio(1, 1)]);
        assert_eq!(kinds("1:1"), kinds("one to one"));
        assert_eq!(kinds("2:1 support"), vec![Quantity::Ratio(2, 1)]);
        assert_eq!(
            kinds("for twenty-five minutes"),
            vec![Quantity::Duration(25_000, Unit::Minute)]
        );
    }

    #[test]
    fn count_then_session_length_then_period() {
        let expected = vec![
            Quantity::Frequency(3000, Period::Week),
            Quantity::Duration(20_000, Unit::Minute),
        ];
        assert_eq!(kinds("three 20-minute sessions a week"), expected);
        assert_eq!(kinds("3 x 20 minute sessions per week"), expected);
        let evidence = Evidence::new(["three 20-minute sessions a week"]);
        for m in find("20 minutes, three times a week").mentions {
            assert!(evidence.supports(&m), "{m:?}");
        }
    }

    #[test]
    fn lone_one_is_not_a_quantity_but_two_is() {
        assert!(kinds("one of the adults").is_empty());
        assert_eq!(kinds("two friends"), vec![Quantity::Number(2000)]);
    }

    #[test]
    fn roles_share_a_key_with_their_discipline() {
        assert_eq!(
            kinds("delivered by a Speech and Language Therapist"),
            kinds("speech and language therapy")
        );
        assert_eq!(kinds("with a TA"), kinds("a teaching assistant"));
    }

    #[test]
    fn placeholders_are_not_quantities() {
        let text = "Speech and language therapy, duration to be specified by the speech and \
                    language therapist, weekly";
        let found = kinds(text);
        assert!(found.contains(&Quantity::Frequency(1000, Period::Week)));
        assert!(found.contains(&Quantity::Role("speech and language therapist")));
        assert!(kinds("to be specified by the educational psychologist").is_empty());
    }

    #[test]
    fn evidence_supports_same_quantity_in_other_words() {
        let evidence = Evidence::new(["She needs 3 sessions per week of 30 minutes with a TA."]);
        for m in find("three times a week for half an hour with a teaching assistant").mentions {
            assert!(evidence.supports(&m), "{m:?}");
        }
        for m in find("20 minutes daily with an educational psychologist").mentions {
            assert!(!evidence.supports(&m), "{m:?}");
        }
    }
}
