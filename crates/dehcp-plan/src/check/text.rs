//! Text helpers shared by the checks: normalising, word keys, tokens, sentences, syllables and
//! the reading-age estimate. Everything works on any string and never panics.

/// Lower-cases, turns every kind of dash into `-`, and collapses runs of white space into one
/// space, trimming the ends.
pub(super) fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{00d7}' => out.push('x'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The text as a string of lower-case words and numbers, each surrounded by single spaces
/// (`" access to the hall "`), so a phrase in the same form can be found with
/// [`str::contains`] on whole words only. Everything that is not a letter, a digit or an
/// apostrophe separates words.
pub(super) fn words_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii() && c != '\'' {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if matches!(c, '\'' | '\u{2019}') {
            // "child's" stays one word; an apostrophe on its own is dropped.
            continue;
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The phrases of `list` (already in [`words_key`] form, e.g. `" access to "`) found in
/// `key`, in list order.
pub(super) fn phrases_in<'a>(key: &str, list: &[&'a str]) -> Vec<&'a str> {
    list.iter()
        .copied()
        .filter(|phrase| key.contains(phrase))
        .collect()
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum TokKind {
    /// Letters (and letters followed by digits, such as "ks2").
    Word,
    /// Digits, with an optional decimal part; the value in thousandths.
    Number(i64),
    /// `a:b`, or `1-1` style pairs.
    Ratio(u32, u32),
    /// A percent sign.
    Percent,
}

/// One token of normalised text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tok<'a> {
    /// What it is.
    pub(super) kind: TokKind,
    /// Its text.
    pub(super) text: &'a str,
    /// Byte offset of its start in the normalised text.
    pub(super) start: usize,
    /// Byte offset of its end.
    pub(super) end: usize,
}

fn digits_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    i
}

fn parse_milli(text: &str) -> i64 {
    let mut whole: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0;
    let mut in_frac = false;
    for b in text.bytes() {
        if b == b'.' {
            in_frac = true;
            continue;
        }
        let d = i64::from(b.saturating_sub(b'0'));
        if in_frac {
            if frac_digits < 3 {
                frac = frac * 10 + d;
                frac_digits += 1;
            }
        } else {
            whole = whole.saturating_mul(10).saturating_add(d);
        }
    }
    while frac_digits < 3 {
        frac *= 10;
        frac_digits += 1;
    }
    whole.saturating_mul(1000).saturating_add(frac)
}

fn small(text: &str) -> u32 {
    text.parse::<u32>().unwrap_or(u32::MAX)
}

/// Splits normalised text into words, numbers, ratios and percent signs. Other punctuation
/// separates tokens and is dropped.
pub(super) fn tokenize(norm: &str) -> Vec<Tok<'_>> {
    let bytes = norm.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < norm.len() {
        let Some(c) = norm[i..].chars().next() else {
            break;
        };
        let width = c.len_utf8();
        if c.is_ascii_digit() {
            let mut end = digits_end(bytes, i);
            // A decimal part only when a digit follows the point ("1.5", not "6.").
            if end + 1 < bytes.len() && bytes[end] == b'.' && bytes[end + 1].is_ascii_digit() {
                end = digits_end(bytes, end + 1);
            }
            let first = &norm[i..end];
            // "1:1", "2:1", "10:30".
            if end + 1 < bytes.len()
                && bytes[end] == b':'
                && bytes[end + 1].is_ascii_digit()
                && !first.contains('.')
            {
                let second_end = digits_end(bytes, end + 1);
                out.push(Tok {
                    kind: TokKind::Ratio(small(first), small(&norm[end + 1..second_end])),
                    text: &norm[i..second_end],
                    start: i,
                    end: second_end,
                });
                i = second_end;
                continue;
            }
            // "1-1", "2-1": staffing ratios; "2-3" stays a range of two numbers.
            if end + 1 < bytes.len()
                && bytes[end] == b'-'
                && bytes[end + 1].is_ascii_digit()
                && !first.contains('.')
            {
                let second_end = digits_end(bytes, end + 1);
                let (a, b) = (small(first), small(&norm[end + 1..second_end]));
                if b == 1 && (1..=4).contains(&a) {
                    out.push(Tok {
                        kind: TokKind::Ratio(a, b),
                        text: &norm[i..second_end],
                        start: i,
                        end: second_end,
                    });
                    i = second_end;
                    continue;
                }
            }
            out.push(Tok {
                kind: TokKind::Number(parse_milli(first)),
                text: first,
                start: i,
                end,
            });
            i = end;
            continue;
        }
        if c.is_alphabetic() {
            let mut end = i;
            let mut seen_digit = false;
            for (offset, ch) in norm[i..].char_indices() {
                let ok = if seen_digit {
                    ch.is_ascii_digit()
                } else if ch.is_ascii_digit() {
                    seen_digit = true;
                    true
                } else {
                    ch.is_alphabetic() || ch == '\''
                };
                if !ok {
                    break;
                }
                end = i + offset + ch.len_utf8();
            }
            let text = norm[i..end].trim_end_matches('\'');
            out.push(Tok {
                kind: TokKind::Word,
                text,
                start: i,
                end: i + text.len(),
            });
            i = end.max(i + width);
            continue;
        }
        if c == '%' {
            out.push(Tok {
                kind: TokKind::Percent,
                text: &norm[i..i + 1],
                start: i,
                end: i + 1,
            });
        }
        i += width;
    }
    out
}

/// Sentences of a text: split after `.`, `!` or `?` followed by white space or the end, and at
/// line breaks and bullet characters. Empty pieces are dropped.
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_space = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
        let cut = match c {
            '.' | '!' | '?' => next_is_space,
            '\n' | '\u{2022}' => true,
            _ => false,
        };
        if cut {
            let end = i + c.len_utf8();
            let piece = text[start..end].trim();
            if count_words(piece) > 0 {
                out.push(piece);
            }
            start = end;
        }
    }
    let piece = text[start..].trim();
    if count_words(piece) > 0 {
        out.push(piece);
    }
    out
}

/// The words of a text: runs of letters, digits and apostrophes (hyphenated words count once).
pub(super) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c: char| c == '\'' || c == '-' || c == '\u{2019}'))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// The number of words in a text.
pub(super) fn count_words(text: &str) -> usize {
    words(text).count()
}

/// An estimate of a word's syllables: groups of vowels, less a silent final "e" or "-ed";
/// numbers count as one. Never less than one.
pub(super) fn syllables(word: &str) -> usize {
    let lower: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if lower.is_empty() {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut count = 0usize;
    let mut previous = false;
    for &c in &lower {
        let v = vowel(c);
        if v && !previous {
            count += 1;
        }
        previous = v;
    }
    let n = lower.len();
    if n > 2 && count > 1 {
        let last = lower[n - 1];
        let before = lower[n - 2];
        let third = lower[n - 3];
        if last == 'e' && before != 'l' && !vowel(before) {
            // "make", "note", but not "table".
            count -= 1;
        } else if last == 'd' && before == 'e' && !matches!(third, 't' | 'd') {
            // "helped", "played", but not "needed".
            count -= 1;
        }
    }
    count.max(1)
}

/// A reading-age estimate for a body of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Readability {
    /// Words counted.
    pub(super) words: usize,
    /// Sentences counted.
    pub(super) sentences: usize,
    /// Flesch–Kincaid grade level.
    pub(super) grade: f64,
    /// Reading age in years: the grade plus five, kept between 5 and 21.
    pub(super) reading_age: f64,
}

/// The Flesch–Kincaid grade and reading age of some texts taken together, or `None` when they
/// hold no words.
pub(super) fn readability<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<Readability> {
    let mut word_count = 0usize;
    let mut sentence_count = 0usize;
    let mut syllable_count = 0usize;
    for text in texts {
        for sentence in sentences(text) {
            sentence_count += 1;
            for word in words(sentence) {
                word_count += 1;
                syllable_count += syllables(word);
            }
        }
    }
    if word_count == 0 || sentence_count == 0 {
        return None;
    }
    let words_per_sentence = word_count as f64 / sentence_count as f64;
    let syllables_per_word = syllable_count as f64 / word_count as f64;
    let grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59;
    Some(Readability {
        words: word_count,
        sentences: sentence_count,
        grade,
        reading_age: (grade + 5.0).clamp(5.0, 21.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_collapses_and_lowers() {
        assert_eq!(
            normalise("  Weekly\n\tSALT \u{2013} 30 "),
            "weekly salt - 30"
        );
    }

    #[test]
    fn words_key_is_whole_words() {
        let key = words_key("Access to the hall; one-to-one.");
        assert_eq!(key, " access to the hall one to one ");
        assert!(key.contains(" one to one "));
        assert!(!key.contains(" ccess "));
    }

    #[test]
    fn tokens_and_ratios() {
        let norm = normalise("1:1 support, 2-3 times, 1.5 hours, 80% and 1-1");
        let kinds: Vec<TokKind> = tokenize(&norm).iter().map(|t| t.kind).collect();
        assert_eq!(kinds[0], TokKind::Ratio(1, 1));
        assert_eq!(kinds[2], TokKind::Number(2000));
        assert_eq!(kinds[3], TokKind::Number(3000));
        assert_eq!(kinds[5], TokKind::Number(1500));
        assert!(kinds.contains(&TokKind::Percent));
        assert_eq!(kinds.last(), Some(&TokKind::Ratio(1, 1)));
    }

    #[test]
    fn syllable_estimates() {
        assert_eq!(syllables("cat"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("helped"), 1);
        assert_eq!(syllables("needed"), 2);
        assert!(syllables("differentiated") >= 5);
    }

    #[test]
    fn simple_text_reads_younger_than_dense_text() {
        let simple = readability(["Sam likes the bus. He reads with his dad. He has a cat."]);
        let dense = readability([
            "Differentiated curriculum modification necessitates comprehensive \
             individualised consideration of executive functioning and proprioceptive \
             regulation, alongside collaborative multidisciplinary intervention planning.",
        ]);
        let (simple, dense) = (simple.unwrap(), dense.unwrap());
        assert!(simple.reading_age < dense.reading_age);
        assert!(simple.reading_age <= 8.0, "{simple:?}");
        assert!(dense.reading_age >= 18.0, "{dense:?}");
    }

    #[test]
    fn sentences_split_on_stops_not_decimals() {
        let s = sentences("He has 1.5 hours. Then he goes home!\nNew line");
        assert_eq!(
            s,
            vec!["He has 1.5 hours.", "Then he goes home!", "New line"]
        );
    }
}
