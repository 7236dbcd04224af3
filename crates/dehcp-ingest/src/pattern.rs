//! Regular expressions for metadata and masking, built so that compiling them is cheap.
//!
//! [`Pattern`] wraps `regex_automata`'s meta engine with the same matching semantics as the
//! `regex` crate (leftmost-first, UTF-8 text, empty matches never split a character), but with
//! the literal prefilter turned off. Building prefilters (literal extraction over every case
//! variant of every alternative, then an Aho–Corasick or Teddy searcher) was about half the cost
//! of compiling these patterns, and `dehcp ingest` pays that cost in every process. The
//! patterns are searched over short windows or, at most, one document's text, where the lazy
//! DFA alone is fast.
//!
//! Patterns here use ASCII word boundaries (`(?-u:\b)`) and ASCII digits (`[0-9]`): the words
//! and numbers they look for are ASCII, a Unicode word boundary makes the NFA much larger to
//! build, and it stops the lazy DFA on the first non-ASCII character (a curly apostrophe or a
//! dash is enough), leaving the slow PikeVM to search the rest of the text.
//!
//! What this module must not do: hold state between calls beyond the engine's own scratch
//! caches, or panic on any text.

use regex_automata::meta::{self, BuildError, Regex};
use regex_automata::util::captures::Captures;

/// Why a pattern did not compile (boxed: the engine's error is large, and this only ever
/// happens for a bug in a built-in pattern).
pub(crate) type PatternError = Box<BuildError>;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    regex: Regex,
}

/// One match: a byte range of the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Found<'t> {
    /// Byte offset of the start.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the end.
    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// The matched text.
    pub(crate) fn as_str(&self) -> &'t str {
        self.text.get(self.start..self.end).unwrap_or("")
    }
}

/// The groups of one match (group 0 is the whole match).
#[derive(Debug, Clone)]
pub(crate) struct Groups<'t> {
    text: &'t str,
    captures: Captures,
}

impl<'t> Groups<'t> {
    /// The text of group `index`, if it took part in the match.
    pub(crate) fn get(&self, index: usize) -> Option<Found<'t>> {
        let span = self.captures.get_group(index)?;
        Some(Found {
            text: self.text,
            start: span.start,
            end: span.end,
        })
    }
}

impl Pattern {
    /// Compiles `pattern` (regex crate syntax).
    pub(crate) fn new(pattern: &str) -> Result<Self, PatternError> {
        let config = meta::Config::new()
            .auto_prefilter(false)
            .nfa_size_limit(Some(10 * (1 << 20)));
        let regex = meta::Builder::new()
            .configure(config)
            .build(pattern)
            .map_err(Box::new)?;
        Ok(Pattern { regex })
    }

    /// Whether the pattern matches anywhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// The leftmost-first match in `text`.
    pub(crate) fn find<'t>(&self, text: &'t str) -> Option<Found<'t>> {
        self.regex.find(text).map(|found| Found {
            text,
            start: found.start(),
            end: found.end(),
        })
    }

    /// Every non-overlapping match in `text`, in order.
    pub(crate) fn find_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Found<'t>> + use<'r, 't> {
        self.regex.find_iter(text).map(move |found| Found {
            text,
            start: found.start(),
            end: found.end(),
        })
    }

    /// The groups of every non-overlapping match in `text`, in order.
    pub(crate) fn captures_iter<'r, 't>(
        &'r self,
        text: &'t str,
    ) -> impl Iterator<Item = Groups<'t>> + use<'r, 't> {
        self.regex
            .captures_iter(text)
            .map(move |captures| Groups { text, captures })
    }

    /// `text` with its first match (if any) removed.
    pub(crate) fn remove_first<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        match self.find(text) {
            None => std::borrow::Cow::Borrowed(text),
            Some(found) => {
                let mut out = String::with_capacity(text.len());
                out.push_str(text.get(..found.start).unwrap_or(""));
                out.push_str(text.get(found.end..).unwrap_or(""));
                std::borrow::Cow::Owned(out)
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn matches_groups_and_removal_agree_with_the_text() {
        let pattern = Pattern::new(r"(?-u:\b)([0-9]{1,2}) (May|June)(?-u:\b)").unwrap();
        let text = "Seen on 3 May and 14 June, not 140 June.";
        let found: Vec<&str> = pattern.find_iter(text).map(|f| f.as_str()).collect();
        assert_eq!(found, ["3 May", "14 June"]);
        let days: Vec<&str> = pattern
            .captures_iter(text)
            .filter_map(|groups| groups.get(1))
            .map(|f| f.as_str())
            .collect();
        assert_eq!(days, ["3", "14"]);
        assert!(pattern.is_match(text) && !pattern.is_match("no dates"));
        assert_eq!(
            pattern.find(text).map(|f| (f.start(), f.end())),
            Some((8, 13))
        );
        assert_eq!(
            pattern.remove_first(text),
            "Seen on  and 14 June, not 140 June."
        );
        assert_eq!(pattern.remove_first("nothing"), "nothing");
    }

    #[test]
    fn empty_matches_never_split_a_character() {
        let pattern = Pattern::new(r"x*").unwrap();
        let text = "é’a";
        for found in pattern.find_iter(text) {
            assert!(text.is_char_boundary(found.start()) && text.is_char_boundary(found.end()));
        }
    }
}
