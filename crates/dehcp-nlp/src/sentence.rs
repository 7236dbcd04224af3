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

/// Whether `word` (lower-case ASCII bytes) is one of [`ABBREVIATIONS`]: one `match`, which the
/// compiler turns into a switch on the length and a few comparisons, rather than a comparison
/// with every entry in turn. A test checks that it agrees with the list.
fn is_ascii_abbreviation(word: &[u8]) -> bool {
    matches!(
        word,
        b"dr"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"mx"
            | b"miss"
            | b"prof"
            | b"st"
            | b"e.g"
            | b"i.e"
            | b"eg"
            | b"ie"
            | b"etc"
            | b"approx"
            | b"cf"
            | b"vs"
            | b"no"
            | b"nos"
            | b"ref"
            | b"tel"
            | b"dept"
            | b"yr"
            | b"yrs"
            | b"min"
            | b"mins"
            | b"hr"
            | b"hrs"
            | b"wk"
            | b"wks"
            | b"jan"
            | b"feb"
            | b"mar"
            | b"apr"
            | b"jun"
            | b"jul"
            | b"aug"
            | b"sep"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
            | b"inc"
            | b"ltd"
            | b"co"
            | b"fig"
            | b"p"
            | b"pp"
            | b"para"
            | b"reg"
            | b"s"
    )
}

/// Splits `text` into sentences.
pub fn split(text: &str) -> Vec<Sentence> {
    split_borrowed(text)
        .into_iter()
        .map(|(start, end, text)| Sentence {
            start,
            end,
            text: text.to_owned(),
        })
        .collect()
}

/// The sentences of `text` as [`split`] finds them, each as (start, end, text) with its text
/// borrowed from `text` rather than copied out.
pub(crate) fn split_borrowed(text: &str) -> Vec<(usize, usize, &str)> {
    let mut sentences = Vec::new();
    split_borrowed_into(text, &mut sentences);
    sentences
}

/// [`split_borrowed`], appending to `sentences` (so that one buffer serves many texts).
pub(crate) fn split_borrowed_into<'t>(text: &'t str, sentences: &mut Vec<(usize, usize, &'t str)>) {
    if text.is_ascii() {
        let bytes = text.as_bytes();
        each_span(
            bytes.len(),
            |index| bytes.get(index).copied().map_or('\0', char::from),
            |index| next_mark_byte(bytes, index),
            |start, end| sentences.push((start, end, text.get(start..end).unwrap_or_default())),
        );
    } else {
        // Each allocated once: a text has at most as many characters as bytes.
        let mut chars: Vec<char> = Vec::with_capacity(text.len());
        chars.extend(text.chars());
        // The byte offset of each character, and of the end of the text.
        let mut offsets: Vec<usize> = Vec::with_capacity(text.len() + 1);
        offsets.extend(text.char_indices().map(|(byte, _)| byte));
        offsets.push(text.len());
        let found = spans(
            chars.len(),
            |index| chars.get(index).copied().unwrap_or('\0'),
            |index| {
                chars
                    .get(index..)
                    .and_then(|rest| rest.iter().position(|&c| is_mark(c)))
                    .map_or(chars.len(), |offset| index + offset)
            },
        )
        .into_iter()
        .map(|(start, end)| {
            let slice = match (offsets.get(start), offsets.get(end)) {
                (Some(&from), Some(&to)) if from <= to => text.get(from..to).unwrap_or_default(),
                _ => "",
            };
            (start, end, slice)
        });
        sentences.extend(found);
    }
}

/// The character spans of the sentences of a text given as its characters: the spans of
/// [`split`] on the same text, without copying any sentence out.
pub(crate) fn split_chars(chars: &[char]) -> Vec<(usize, usize)> {
    spans(
        chars.len(),
        |index| chars.get(index).copied().unwrap_or('\0'),
        |index| {
            chars
                .get(index..)
                .and_then(|rest| rest.iter().position(|&c| is_mark(c)))
                .map_or(chars.len(), |offset| index + offset)
        },
    )
}

/// [`split_chars`], given also `bytes`, one byte per character such that a byte is a newline
/// or terminal mark exactly when its character is (the character itself when ASCII, say, and
/// 0 otherwise): the marks are then found eight at a time. Without one byte per character,
/// the same as [`split_chars`]. The spans replace what `sentences` held (its room is reused
/// from text to text), and the index of every newline of the text, in order, what `newlines`
/// held: the search for marks passes each of them, so they are noted on the way rather than
/// searched for again.
pub(crate) fn split_chars_with_bytes_into(
    chars: &[char],
    bytes: &[u8],
    sentences: &mut Vec<(usize, usize)>,
    newlines: &mut Vec<usize>,
) {
    newlines.clear();
    if bytes.len() != chars.len() {
        *sentences = split_chars(chars);
        newlines.extend(
            chars
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c == '\n')
                .map(|(index, _)| index),
        );
        return;
    }
    sentences.clear();
    // Every mark the search finds is passed in turn, once (the search only ever steps over
    // closing quotes and brackets), so every newline is noted, in order.
    each_span(
        chars.len(),
        |index| chars.get(index).copied().unwrap_or('\0'),
        |index| {
            let mark = next_mark_byte(bytes, index);
            if bytes.get(mark) == Some(&b'\n') {
                newlines.push(mark);
            }
            mark
        },
        |start, end| sentences.push((start, end)),
    );
}

/// The index of the first byte at or after `from` that is a newline or a terminal mark
/// ([`is_mark`] of the byte as a character), or the length if none: eight bytes at a time, each
/// compared with the four marks at once.
fn next_mark_byte(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each zero byte (exact: no carry crosses a byte).
    let zero = |word: u64| !(((word & LOW7) + LOW7) | word) & HIGH;
    let mut index = from;
    while let Some(&chunk) = bytes.get(index..).and_then(|rest| rest.first_chunk::<8>()) {
        let word = u64::from_le_bytes(chunk);
        let marks = zero(word ^ (ONES * u64::from(b'\n')))
            | zero(word ^ (ONES * u64::from(b'.')))
            | zero(word ^ (ONES * u64::from(b'!')))
            | zero(word ^ (ONES * u64::from(b'?')));
        if marks != 0 {
            // Little-endian: the lowest marked byte comes first.
            return index + (marks.trailing_zeros() / 8) as usize;
        }
        index += 8;
    }
    bytes
        .get(index..)
        .and_then(|rest| rest.iter().position(|&b| is_mark(char::from(b))))
        .map_or(bytes.len(), |offset| index + offset)
}

/// Whether a character may end a sentence: a newline (of a blank line) or a terminal mark.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c, '\n' | '.' | '!' | '?')
}

/// The character spans of the sentences of a text of `len` characters, `at(i)` being the
/// `i`-th (only called with `i < len`) and `next_mark(i)` the index of the first character at
/// or after `i` for which [`is_mark`] holds (`len` if none): every other character is passed
/// over.
fn spans(
    len: usize,
    at: impl Fn(usize) -> char,
    next_mark: impl Fn(usize) -> usize,
) -> Vec<(usize, usize)> {
    let mut sentences = Vec::new();
    each_span(len, at, next_mark, |start, end| {
        sentences.push((start, end))
    });
    sentences
}

/// [`spans`], each span passed to `found` in order rather than collected.
fn each_span(
    len: usize,
    at: impl Fn(usize) -> char,
    mut next_mark: impl FnMut(usize) -> usize,
    mut found: impl FnMut(usize, usize),
) {
    let text = Chars { len, at };
    let mut start = 0;
    let mut index = 0;
    loop {
        index = next_mark(index);
        if index >= len {
            break;
        }
        let character = text.at(index);
        let blank_line = character == '\n' && next_non_space_is_newline(&text, index + 1);
        let terminal = matches!(character, '.' | '!' | '?') && ends_sentence(&text, start, index);
        if blank_line || terminal {
            let end = if terminal {
                closing_end(&text, index + 1)
            } else {
                index
            };
            push(&text, start, end, &mut found);
            start = end;
            index = end.max(index + 1);
            continue;
        }
        index += 1;
    }
    push(&text, start, len, &mut found);
}

/// A text as a sequence of characters.
struct Chars<F: Fn(usize) -> char> {
    len: usize,
    at: F,
}

impl<F: Fn(usize) -> char> Chars<F> {
    #[inline]
    fn at(&self, index: usize) -> char {
        (self.at)(index)
    }

    #[inline]
    fn get(&self, index: usize) -> Option<char> {
        (index < self.len).then(|| (self.at)(index))
    }
}

/// After a terminal mark, include closing quotes and brackets in the sentence.
fn closing_end<F: Fn(usize) -> char>(chars: &Chars<F>, mut end: usize) -> usize {
    while end < chars.len && matches!(chars.at(end), '"' | '\'' | ')' | ']' | '”' | '’') {
        end += 1;
    }
    end
}

fn next_non_space_is_newline<F: Fn(usize) -> char>(chars: &Chars<F>, mut index: usize) -> bool {
    while index < chars.len && matches!(chars.at(index), ' ' | '\t' | '\r') {
        index += 1;
    }
    index < chars.len && chars.at(index) == '\n'
}

fn ends_sentence<F: Fn(usize) -> char>(chars: &Chars<F>, start: usize, index: usize) -> bool {
    let after = closing_end(chars, index + 1);
    // The mark must be followed by whitespace (or the end of the text).
    match chars.get(after) {
        None => return true,
        Some(next) if !next.is_whitespace() => return false,
        _ => {}
    }
    if chars.at(index) != '.' {
        return true;
    }
    // The word before the stop: an abbreviation or a single initial does not end a sentence.
    let mut word_start = index;
    while word_start > start
        && !chars.at(word_start - 1).is_whitespace()
        && chars.at(word_start - 1) != '('
    {
        word_start -= 1;
    }
    if is_abbreviation_or_initial(chars, word_start, index) {
        return false;
    }
    // The next word should start like a sentence: a capital, a digit, a quote or a bracket.
    let mut next = after;
    while next < chars.len && chars.at(next).is_whitespace() {
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

/// Whether characters `from..to` (the word before a full stop), lower-cased, are an
/// abbreviation or a single letter.
fn is_abbreviation_or_initial<F: Fn(usize) -> char>(
    chars: &Chars<F>,
    from: usize,
    to: usize,
) -> bool {
    // The longest abbreviation has this many characters.
    const LONGEST: usize = 6;
    let ascii = (from..to).all(|index| chars.at(index).is_ascii());
    if ascii {
        // ASCII lower-cases one byte to one byte: compare without allocating.
        if to - from > LONGEST {
            return false;
        }
        let mut buffer = [0_u8; LONGEST];
        for (slot, index) in buffer.iter_mut().zip(from..to) {
            *slot = chars.at(index).to_ascii_lowercase() as u8;
        }
        let word = buffer.get(..to - from).unwrap_or_default();
        return is_ascii_abbreviation(word)
            || (word.len() == 1 && word.iter().all(u8::is_ascii_alphabetic));
    }
    let word: String = (from..to)
        .map(|index| chars.at(index))
        .collect::<String>()
        .to_lowercase();
    ABBREVIATIONS.contains(&word.as_str())
        || (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
}

fn push<F: Fn(usize) -> char>(
    chars: &Chars<F>,
    start: usize,
    end: usize,
    found: &mut impl FnMut(usize, usize),
) {
    let mut first = start;
    let mut last = end.min(chars.len);
    while first < last && chars.at(first).is_whitespace() {
        first += 1;
    }
    while last > first && chars.at(last - 1).is_whitespace() {
        last -= 1;
    }
    if first < last {
        found(first, last);
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
    fn the_abbreviation_match_is_the_list() {
        for abbreviation in ABBREVIATIONS {
            assert!(
                is_ascii_abbreviation(abbreviation.as_bytes()),
                "{abbreviation}"
            );
        }
        for word in [
            "d", "drs", "e.g.", "eg.", "no.", "sept.", "ab", "", "xyz", "pps",
        ] {
            assert_eq!(
                is_ascii_abbreviation(word.as_bytes()),
                ABBREVIATIONS.contains(&word),
                "{word}"
            );
        }
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

    #[test]
    fn ascii_and_other_text_split_alike() {
        // The same sentences with and without a non-ASCII character in a later one.
        let ascii = "Dr. Sample met Sam. He reads well, e.g. at home.\n\nNext steps: more.";
        let other = format!("{ascii} Café.");
        let first: Vec<String> = texts(ascii);
        let second: Vec<String> = texts(&other);
        assert_eq!(second.len(), first.len() + 1);
        assert_eq!(&second[..first.len()], &first[..]);
        assert_eq!(second.last().map(String::as_str), Some("Café."));
        // A long word before a stop is no abbreviation; a short one may be.
        assert_eq!(
            texts("See the approx. Total. And approximately. Total."),
            ["See the approx. Total.", "And approximately.", "Total."]
        );
    }

    proptest! {
        #[test]
        fn the_next_mark_is_found_eight_bytes_at_a_time_as_one_by_one(
            text in "[a-z .!?\n,\x00\x7f\u{10a}\u{12e}é]{0,40}",
            from in 0usize..45,
        ) {
            let bytes = text.as_bytes();
            let expected = bytes
                .get(from..)
                .and_then(|rest| rest.iter().position(|&b| is_mark(char::from(b))))
                .map_or(bytes.len(), |offset| from + offset);
            prop_assert_eq!(next_mark_byte(bytes, from), expected);
        }
    }

    proptest! {
        #[test]
        fn a_sentence_splits_again_into_itself(text in "[A-Za-z .!?\n,é()\"'’”:;0-9-]{0,160}") {
            // What the summariser relies on to take the sentences of a document as they are.
            for sentence in split(&text) {
                let again = split(&sentence.text);
                prop_assert_eq!(again.len(), 1);
                prop_assert_eq!(&again[0].text, &sentence.text);
                prop_assert_eq!(again[0].start, 0);
                prop_assert_eq!(again[0].end, sentence.text.chars().count());
            }
        }

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
