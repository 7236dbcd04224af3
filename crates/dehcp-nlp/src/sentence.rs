//! Sentence segmentation with character spans.
//!
//! Splits text into sentences at `.`, `!` or `?` followed by space and a capital, digit, quote
//! or bracket, and always at blank lines (block boundaries in an ingested document). Common
//! abbreviations ("Dr.", "e.g.", "approx.") and decimals ("1.5") do not end a sentence. Spans are
//! character offsets into the input, so `text.chars().skip(start).take(end - start)` is exactly
//! the sentence: quotes built from them are verbatim.

/// One sentence and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Character offset of its first character in the input.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
    /// The sentence, verbatim (surrounding whitespace excluded).
    pub text: String,
}

/// Words after which a full stop does not end a sentence (compared in lower case, without the
/// stop).
const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "st", "e.g", "i.e", "eg", "ie", "etc", "approx",
    "cf", "vs", "no", "nos", "ref", "tel", "dept", "yr", "yrs", "min", "mins", "hr", "hrs", "wk",
    "wks", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "co", "fig", "p", "pp", "para", "reg", "s",
];

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut index = 0;
    while index < chars.len() {
        let character = chars[index];
        let blank_line = character == '\n' && next_non_space_is_newline(&chars, index + 1);
        let terminal = matches!(character, '.' | '!' | '?') && ends_sentence(&chars, start, index);
        if blank_line || terminal {
            let end = if terminal {
                closing_end(&chars, index + 1)
            } else {
                index
            };
            push(&chars, start, end, &mut sentences);
            start = end;
            index = end.max(index + 1);
            continue;
        }
        index += 1;
    }
    push(&chars, start, chars.len(), &mut sentences);
    sentences
}

/// After a terminal mark, include closing quotes and brackets in the sentence.
fn closing_end(chars: &[char], mut end: usize) -> usize {
    while end < chars.len() && matches!(chars[end], '"' | '\'' | ')' | ']' | '”' | '’') {
        end += 1;
    }
    end
}

fn next_non_space_is_newline(chars: &[char], mut index: usize) -> bool {
    while index < chars.len() && matches!(chars[index], ' ' | '\t' | '\r') {
        index += 1;
    }
    index < chars.len() && chars[index] == '\n'
}

fn ends_sentence(chars: &[char], start: usize, index: usize) -> bool {
    let after = closing_end(chars, index + 1);
    // The mark must be followed by whitespace (or the end of the text).
    match chars.get(after) {
        None => return true,
        Some(next) if !next.is_whitespace() => return false,
        _ => {}
    }
    if chars[index] != '.' {
        return true;
    }
    // The word before the stop: an abbreviation or a single initial does not end a sentence.
    let mut word_start = index;
    while word_start > start
        && !chars[word_start - 1].is_whitespace()
        && chars[word_start - 1] != '('
    {
        word_start -= 1;
    }
    let word: String = chars[word_start..index]
        .iter()
        .collect::<String>()
        .to_lowercase();
    if ABBREVIATIONS.contains(&word.as_str()) {
        return false;
    }
    if word.chars().count() == 1 && word.chars().all(char::is_alphabetic) {
        return false;
    }
    // The next word should start like a sentence: a capital, a digit, a quote or a bracket.
    let mut next = after;
    while next < chars.len() && chars[next].is_whitespace() {
        next += 1;
    }
    match chars.get(next) {
        None => true,
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '\'' | '(' | '“' | '‘' | '•' | '-')
        }
    }
}

fn push(chars: &[char], start: usize, end: usize, sentences: &mut Vec<Sentence>) {
    let mut first = start;
    let mut last = end.min(chars.len());
    while first < last && chars[first].is_whitespace() {
        first += 1;
    }
    while last > first && chars[last - 1].is_whitespace() {
        last -= 1;
    }
    if first < last {
        sentences.push(Sentence {
            start: first,
            end: last,
            text: chars[first..last].iter().collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(text: &str) -> Vec<String> {
        split(text).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn sentences_end_at_stops_but_not_abbreviations_or_decimals() {
        assert_eq!(
            texts(
                "Dr. Sample saw Sam on 3 March. He scored 1.5 SD below the mean, e.g. in recall. Mrs. Example agreed!"
            ),
            [
                "Dr. Sample saw Sam on 3 March.",
                "He scored 1.5 SD below the mean, e.g. in recall.",
                "Mrs. Example agreed!",
            ]
        );
    }

    #[test]
    fn blank_lines_always_end_a_sentence() {
        assert_eq!(
            texts("Strengths\n\nSam enjoys Lego\n\nNeeds: support with writing"),
            [
                "Strengths",
                "Sam enjoys Lego",
                "Needs: support with writing"
            ]
        );
    }

    #[test]
    fn quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            texts("Sam said \"I like maths.\" Then he left. (He was tired.) Next."),
            [
                "Sam said \"I like maths.\"",
                "Then he left.",
                "(He was tired.)",
                "Next."
            ]
        );
    }

    proptest! {
        #[test]
        fn spans_are_verbatim_and_in_order(text in "[A-Za-z .!?\\n,é()\"]{0,120}") {
            let chars: Vec<char> = text.chars().collect();
            let mut previous = 0;
            for sentence in split(&text) {
                prop_assert!(sentence.start >= previous && sentence.end > sentence.start);
                let slice: String = chars[sentence.start..sentence.end].iter().collect();
                prop_assert_eq!(&slice, &sentence.text);
                previous = sentence.end;
            }
        }
    }
}
