//! Historic cases from a CSV file: the documented schema, all-or-nothing import with every
//! row-level problem reported by line, and the canonical export used for hashing.
//!
//! # Schema
//!
//! One header row, then one row per case. Columns, by header name (any order, each once):
//!
//! | column | content |
//! |---|---|
//! | `case_ref` | the council's case reference: 1–64 letters, digits, `-`, `_`, `/` or `.`; unique in the file. Never a name. |
//! | `birth` | month and year of birth, `YYYY-MM` |
//! | the 20 item ids (`learning_difficulties` … `social_care_flag`) | whole-number scores: 0–3, flags 0–1 |
//! | `primary_need` | SEN2 code (`ASD`, `SLCN` …); may be empty only when `panel_decision` is `no_plan` |
//! | `secondary_needs` | SEN2 codes separated by `;`, possibly empty; not repeating the primary need |
//! | `SP1` … `SP13` | `0` or `1`: whether the case received the provision element |
//! | `outcome` | outcome themes separated by `;`, possibly empty (`communication`, `learning`, `social_emotional`, `independence`, `physical_health`, `preparing_for_adulthood`) |
//! | `panel_decision` | `plan` or `no_plan` |
//! | `synthetic` (optional) | `1` when the row is synthetic (as written by [`export_csv`] for generated cases), else `0` or absent |
//!
//! The age band is worked out from `birth` on a reference date the caller gives, so a
//! person over 25 on that date is an error. Error messages name the line and column and never
//! repeat a case reference; other values are echoed only when short.

use std::collections::BTreeMap;
use std::fmt;

use dehcp_domain::{AgeBand, BirthMonth, MetricId, NeedsScores, Sen2Need};
use sha2::{Digest, Sha256};
use time::Date;

use crate::case::{Case, OutcomeTheme, PanelDecision};
use crate::csv::{read_records, write_record};
use crate::population::MAX_CASES;

/// One problem in one row (or the header, line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based line where the row starts.
    pub line: usize,
    /// The column, when the problem is in one field.
    pub column: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, {column}: {}", self.line, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// A file could not be imported; nothing from it was imported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file has no header row.
    #[error("the file is empty: expected a header row")]
    Empty,
    /// More rows than can be imported at once.
    #[error("the file has {rows} rows; at most {max} can be imported")]
    TooManyRows {
        /// Rows in the file.
        rows: usize,
        /// The limit.
        max: usize,
    },
    /// One or more rows (or the header) are invalid. Every problem found is listed.
    #[error("{} problem(s), nothing imported; first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Invalid(Vec<RowError>),
}

/// Column names in canonical order (the optional `synthetic` column last).
pub fn columns() -> Vec<String> {
    let mut names = vec!["case_ref".to_owned(), "birth".to_owned()];
    names.extend(MetricId::ALL.iter().map(|m| m.id().to_owned()));
    names.push("primary_need".to_owned());
    names.push("secondary_needs".to_owned());
    names.extend((1..=13).map(|n| format!("SP{n}")));
    names.push("outcome".to_owned());
    names.push("panel_decision".to_owned());
    names.push("synthetic".to_owned());
    names
}

const MAX_ECHO: usize = 16;

fn echo(value: &str) -> String {
    if value.chars().count() <= MAX_ECHO {
        format!("'{value}'")
    } else {
        "the value".to_owned()
    }
}

/// Imports every case in `text`, with age bands worked out on `reference`. All or nothing: if
/// any row is invalid, returns every problem found and no cases.
pub fn import_csv(text: &str, reference: Date) -> Result<Vec<Case>, ImportError> {
    let records = read_records(text);
    let Some((header, rows)) = records.split_first() else {
        return Err(ImportError::Empty);
    };
    if rows.len() > MAX_CASES {
        return Err(ImportError::TooManyRows {
            rows: rows.len(),
            max: MAX_CASES,
        });
    }
    let mut errors = Vec::new();
    let position = read_header(header, &mut errors);
    let Some(position) = position else {
        return Err(ImportError::Invalid(errors));
    };
    let mut cases = Vec::with_capacity(rows.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for record in rows {
        if let Some(case) = read_row(record, &position, reference, &mut errors) {
            if let Some(first) = seen.get(&case.case_ref) {
                errors.push(RowError {
                    line: record.line,
                    column: Some("case_ref".to_owned()),
                    message: format!("the same case reference is already used on line {first}"),
                });
            } else {
                seen.insert(case.case_ref.clone(), record.line);
            }
            cases.push(case);
        }
    }
    if errors.is_empty() {
        Ok(cases)
    } else {
        Err(ImportError::Invalid(errors))
    }
}

/// Column name → index in the row. `None` (with errors pushed) when the header is unusable.
fn read_header(header: &crate::csv::Record, errors: &mut Vec<RowError>) -> Option<Positions> {
    let mut at_header = |message: String| {
        errors.push(RowError {
            line: header.line,
            column: None,
            message,
        });
    };
    if let Some(problem) = &header.problem {
        at_header(format!("the header row is malformed: {problem}"));
        return None;
    }
    let known = columns();
    let mut position: BTreeMap<String, usize> = BTreeMap::new();
    let mut ok = true;
    for (index, name) in header.fields.iter().enumerate() {
        let name = name.trim();
        if !known.iter().any(|k| k == name) {
            at_header(format!("unknown column {}", echo(name)));
            ok = false;
        } else if position.insert(name.to_owned(), index).is_some() {
            at_header(format!("column {name} appears more than once"));
            ok = false;
        }
    }
    let missing: Vec<&String> = known
        .iter()
        .filter(|k| *k != "synthetic" && !position.contains_key(*k))
        .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
        at_header(format!("missing column(s): {}", names.join(", ")));
        ok = false;
    }
    ok.then_some(Positions {
        by_name: position,
        width: header.fields.len(),
    })
}

struct Positions {
    by_name: BTreeMap<String, usize>,
    width: usize,
}

struct Row<'a> {
    record: &'a crate::csv::Record,
    positions: &'a Positions,
    errors: &'a mut Vec<RowError>,
    failed: bool,
}

impl Row<'_> {
    fn field(&self, name: &str) -> &str {
        self.positions
            .by_name
            .get(name)
            .and_then(|i| self.record.fields.get(*i))
            .map_or("", |f| f.trim())
    }

    fn fail(&mut self, column: &str, message: String) {
        self.failed = true;
        self.errors.push(RowError {
            line: self.record.line,
            column: Some(column.to_owned()),
            message,
        });
    }

    fn parse<T>(
        &mut self,
        column: &str,
        read: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let value = self.field(column).to_owned();
        match read(&value) {
            Ok(parsed) => Some(parsed),
            Err(message) => {
                self.fail(column, message);
                None
            }
        }
    }
}

fn read_row(
    record: &crate::csv::Record,
    positions: &Positions,
    reference: Date,
    errors: &mut Vec<RowError>,
) -> Option<Case> {
    if let Some(problem) = &record.problem {
        errors.push(RowError {
            line: record.line,
            column: None,
            message: format!("the row is malformed: {problem}"),
        });
        return None;
    }
    if record.fields.len() != positions.width {
        errors.push(RowError {
            line: record.line,
            column: None,
            message: format!(
                "expected {} fields as in the header, found {}",
                positions.width,
                record.fields.len()
            ),
        });
        return None;
    }
    let mut row = Row {
        record,
        positions,
        errors,
        failed: false,
    };
    let case_ref = row.parse("case_ref", |v| {
        let ok = (1..=64).contains(&v.len())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
        if ok {
            Ok(v.to_owned())
        } else {
            Err("a case reference is 1 to 64 letters, digits, '-', '_', '/' or '.'".to_owned())
        }
    });
    let birth = row.parse("birth", |v| BirthMonth::parse(v).map_err(|e| e.to_string()));
    let age_band: Option<AgeBand> = birth.and_then(|birth| {
        row.parse("birth", |_| {
            birth
                .age_band_at(reference)
                .map_err(|e| format!("{e} (on {reference})"))
        })
    });
    let mut pairs = Vec::with_capacity(20);
    for metric in MetricId::ALL {
        let max = metric.kind().max_score();
        let score = row.parse(metric.id(), |v| {
            v.parse::<u8>()
                .ok()
                .filter(|s| *s <= max)
                .ok_or_else(|| format!("expected a whole number 0 to {max}, found {}", echo(v)))
        });
        pairs.push((metric.id(), i64::from(score.unwrap_or(0))));
    }
    let scores = NeedsScores::from_pairs(pairs).ok();
    let decision = row.parse("panel_decision", |v| {
        v.parse::<PanelDecision>()
            .map_err(|_| format!("expected plan or no_plan, found {}", echo(v)))
    });
    let primary = row.parse("primary_need", |v| {
        if v.is_empty() {
            if decision == Some(PanelDecision::Plan) {
                Err("a plan needs a primary need".to_owned())
            } else {
                Ok(None)
            }
        } else {
            v.parse::<Sen2Need>()
                .map(Some)
                .map_err(|_| format!("{} is not a SEN2 need code", echo(v)))
        }
    });
    let secondary = row.parse("secondary_needs", |v| {
        let mut needs = Vec::new();
        for code in v.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let need: Sen2Need = code
                .parse()
                .map_err(|_| format!("{} is not a SEN2 need code", echo(code)))?;
            if needs.contains(&need) {
                return Err(format!("{need} is listed twice"));
            }
            needs.push(need);
        }
        needs.sort_unstable();
        Ok(needs)
    });
    if let (Some(Some(primary)), Some(secondary)) = (primary, &secondary)
        && secondary.contains(&primary)
    {
        row.fail(
            "secondary_needs",
            format!("{primary} is the primary need and cannot also be secondary"),
        );
    }
    let mut provision = [false; 13];
    for (n, flag) in provision.iter_mut().enumerate() {
        let column = format!("SP{}", n + 1);
        *flag = row
            .parse(&column, |v| match v {
                "0" => Ok(false),
                "1" => Ok(true),
                other => Err(format!("expected 0 or 1, found {}", echo(other))),
            })
            .unwrap_or(false);
    }
    let outcomes = row.parse("outcome", |v| {
        let mut themes = Vec::new();
        for id in v.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            let theme: OutcomeTheme = id
                .parse()
                .map_err(|_| format!("{} is not an outcome theme", echo(id)))?;
            if !themes.contains(&theme) {
                themes.push(theme);
            }
        }
        themes.sort_unstable();
        Ok(themes)
    });
    let synthetic = if row.positions.by_name.contains_key("synthetic") {
        row.parse("synthetic", |v| match v {
            "" | "0" | "false" => Ok(false),
            "1" | "true" => Ok(true),
            other => Err(format!("expected 0 or 1, found {}", echo(other))),
        })
    } else {
        Some(false)
    };
    if row.failed {
        return None;
    }
    Some(Case {
        case_ref: case_ref?,
        birth: birth?,
        age_band: age_band?,
        scores: scores?,
        primary_need: primary?,
        secondary_needs: secondary?,
        provision,
        outcomes: outcomes?,
        panel_decision: decision?,
        synthetic: synthetic?,
    })
}

/// Writes cases in the schema above, header first, columns in canonical order, lists joined
/// by `;`. This is also the canonical form that [`training_data_hash`] hashes.
pub fn export_csv(cases: &[Case]) -> String {
    let mut text = write_record(&columns());
    for case in cases {
        let mut fields = vec![case.case_ref.clone(), case.birth.to_string()];
        fields.extend(case.scores.iter().map(|(_, s)| s.to_string()));
        fields.push(
            case.primary_need
                .map(|n| n.code().to_owned())
                .unwrap_or_default(),
        );
        fields.push(
            case.secondary_needs
                .iter()
                .map(|n| n.code())
                .collect::<Vec<_>>()
                .join(";"),
        );
        fields.extend(case.provision.iter().map(|p| u8::from(*p).to_string()));
        fields.push(
            case.outcomes
                .iter()
                .map(|t| t.id())
                .collect::<Vec<_>>()
                .join(";"),
        );
        fields.push(case.panel_decision.id().to_owned());
        fields.push(u8::from(case.synthetic).to_string());
        text.push_str(&write_record(&fields));
    }
    text
}

/// SHA-256 (lower-case hex) of the canonical CSV of `cases` ([`export_csv`]): the same cases in
/// the same order always give the same hash, and any change to a case changes it.
pub fn training_data_hash(cases: &[Case]) -> String {
    let digest = Sha256::digest(export_csv(cases).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
