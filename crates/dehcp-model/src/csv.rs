//! A small, strict CSV reader and writer (RFC 4180 style) for case files.
//!
//! Fields are separated by commas; a field may be quoted with `"`, and inside quotes a comma,
//! a line break or a doubled quote (`""`) is taken literally. A UTF-8 byte order mark is
//! skipped, CRLF and LF line endings are both accepted and blank lines are ignored. Each record
//! carries the line it starts on, so errors can name it. The reader never panics: a malformed
//! record is returned with its problem and reading carries on at the next line.

/// One record as read: the line it starts on and its fields, or what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The 1-based line number where the record starts.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
    /// Why the record cannot be used, if it is malformed.
    pub problem: Option<String>,
}

/// Splits `text` into records. Never fails: malformed records carry a `problem`.
pub fn read_records(text: &str) -> Vec<Record> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut problem: Option<String> = None;
        let mut quoted = false;
        let mut after_quote = false;
        let mut at_field_start = true;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    problem.get_or_insert_with(|| {
                        "a quoted field is not closed before the end of the file".to_owned()
                    });
                }
                break;
            };
            if quoted {
                match c {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => {
                        quoted = false;
                        after_quote = true;
                    }
                    '\n' => {
                        line += 1;
                        field.push('\n');
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    after_quote = false;
                    at_field_start = true;
                    continue;
                }
                '\r' if chars.peek() == Some(&'\n') => continue,
                '\n' => {
                    line += 1;
                    break;
                }
                '"' if at_field_start => quoted = true,
                '"' => {
                    problem.get_or_insert_with(|| {
                        "a quote appears inside a field that does not start with one".to_owned()
                    });
                }
                _ if after_quote => {
                    problem.get_or_insert_with(|| {
                        "text follows the closing quote of a field".to_owned()
                    });
                }
                _ => field.push(c),
            }
            at_field_start = false;
        }
        fields.push(field);
        let blank = fields.len() == 1 && fields[0].is_empty() && problem.is_none();
        if !blank {
            records.push(Record {
                line: start,
                fields,
                problem,
            });
        }
    }
    records
}

/// Writes one field, quoting it when it holds a comma, quote, line break or edge space.
pub fn escape(field: &str) -> String {
    let needs_quotes =
        field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Writes one record: escaped fields joined by commas, ended by `\n`.
pub fn write_record<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| escape(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        read_records(text).into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn plain_and_quoted_fields_are_read() {
        assert_eq!(
            fields("a,b,c\n1,\"two, three\",\"say \"\"hi\"\"\"\n"),
            [vec!["a", "b", "c"], vec!["1", "two, three", "say \"hi\""]]
        );
    }

    #[test]
    fn crlf_bom_blank_lines_and_a_missing_final_newline_are_fine() {
        let records = read_records("\u{feff}a,b\r\n\r\n1,2");
        assert_eq!(records.len(), 2);
        assert_eq!(records[1].line, 3);
        assert_eq!(records[1].fields, ["1", "2"]);
        assert!(records.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn a_line_break_inside_quotes_keeps_the_record_and_counts_the_line() {
        let records = read_records("x,\"one\ntwo\"\ny,z\n");
        assert_eq!(records[0].fields, ["x", "one\ntwo"]);
        assert_eq!(records[1].line, 3);
    }

    #[test]
    fn malformed_records_say_why_and_reading_carries_on() {
        let records = read_records("a\"b,c\n\"d\"e,f\ng,h\n\"open");
        assert!(
            records[0]
                .problem
                .as_deref()
                .unwrap()
                .contains("inside a field")
        );
        assert!(
            records[1]
                .problem
                .as_deref()
                .unwrap()
                .contains("follows the closing")
        );
        assert_eq!(records[2].problem, None);
        assert!(
            records[3]
                .problem
                .as_deref()
                .unwrap()
                .contains("not closed")
        );
        assert_eq!(records[3].line, 4);
    }

    #[test]
    fn written_records_read_back_unchanged() {
        let original = [
            "plain",
            "with, comma",
            "a \"quote\"",
            " edge ",
            "two\nlines",
            "",
        ];
        let text = write_record(&original);
        assert_eq!(fields(&text), [original.to_vec()]);
    }

    proptest::proptest! {
        #[test]
        fn reading_never_panics_and_line_numbers_never_go_down(text in "\\PC{0,200}") {
            let records = read_records(&text);
            proptest::prop_assert!(records.windows(2).all(|w| w[0].line < w[1].line));
        }

        #[test]
        fn any_fields_round_trip(row in proptest::collection::vec("[a-z ,\"\n]{0,8}", 2..6)) {
            let records = read_records(&write_record(&row));
            proptest::prop_assert_eq!(records.len(), 1);
            proptest::prop_assert_eq!(&records[0].fields, &row);
        }
    }
}
