//! Provision tables: provision laid out in a table whose header row names the columns
//! ("Provision | Delivered by | How often | Outcome"), as advice and draft plans written in Word
//! often do. Each body row is one statement, and each cell is read as the part its column's
//! name says, with the same field names, and the same reading of a field's value, as the
//! template lines of [`super`] ("Intervention: ...; Frequency: ..."). A table with its names down
//! the first column ("Provision | Precision teaching", "Frequency | Daily") is read the same way,
//! one statement for each run of rows that does not name a column twice.
//!
//! Without this, every cell was a sentence of its own: a cell "Daily, 10 minutes" was a
//! statement with no intervention, and the intervention in the cell beside it was lost.
//!
//! Must not: read a table without such a header as provision (its cells stay sentences), let a
//! part cross from one cell into the next, or panic on any table (cells out of order, rows
//! missing, cells the tokens do not reach).

use super::rules::{FieldKind, Token};
use super::segment::Segment;
use super::{PartMap, ProvisionRules, ProvisionStatement, TemplateField, find_cue, parse_with};
use crate::gold::PartKind;

/// One cell of a table, as the document's format marks it: a character span of the text and
/// its place in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableCell {
    /// Character offset of its first character.
    pub start: usize,
    /// Character offset just past its last character.
    pub end: usize,
    /// The table, numbered within the document.
    pub table: u32,
    /// Row, from 0.
    pub row: u32,
    /// Column, from 0.
    pub column: u32,
}

/// A cell that holds a value, and the kind its name gives it (`None`: no part).
type Field = (TableCell, FieldKind);

/// The statements of the provision tables among `cells` (in text order), and for each such
/// table the character span it covers (header included), whose sentences are not read again.
pub(super) fn table_statements(
    chars: &[char],
    tokens: &[Token<'_>],
    cells: &[TableCell],
    rules: &ProvisionRules,
) -> (Vec<ProvisionStatement>, Vec<(usize, usize)>) {
    let mut statements = Vec::new();
    let mut covered = Vec::new();
    // Cells whose spans are empty, out of range or out of order are left out.
    let mut free_from = 0;
    let cells: Vec<TableCell> = cells
        .iter()
        .filter(|cell| {
            let valid = cell.start >= free_from && cell.start < cell.end && cell.end <= chars.len();
            if valid {
                free_from = cell.end;
            }
            valid
        })
        .copied()
        .collect();
    let mut from = 0;
    while from < cells.len() {
        let table = cells[from].table;
        let to = from
            + cells[from..]
                .iter()
                .take_while(|cell| cell.table == table)
                .count();
        read_table(
            chars,
            tokens,
            &cells[from..to],
            rules,
            &mut statements,
            &mut covered,
        );
        from = to;
    }
    (statements, covered)
}

/// The token range of a cell: the tokens that lie wholly inside it.
fn cell_tokens(tokens: &[Token<'_>], cell: &TableCell) -> (usize, usize) {
    let from = tokens.partition_point(|token| token.start < cell.start);
    let to = tokens.partition_point(|token| token.end <= cell.end);
    (from, to.max(from))
}

/// The kind of a header cell: `Some(kind)` when the whole cell (but for closing punctuation:
/// "Frequency:", "Who?") is a field name, `kind` being `None` for a column that is no part
/// ("Outcome", "Area of need"). A second name joined by "and" or "/" ("Frequency and
/// duration") is allowed; the first decides.
fn header_kind(tokens: &[Token<'_>], rules: &ProvisionRules) -> Option<FieldKind> {
    let mut len = tokens.len();
    while len > 0 && !tokens[len - 1].word {
        len -= 1;
    }
    let tokens = &tokens[..len];
    let end = rules.field_names.longest_at(tokens, 0)?;
    let kind = rules.field_kind(&tokens[..end])?;
    if end == tokens.len() {
        return Some(kind);
    }
    let joined = matches!(tokens[end].norm, "and" | "/" | "&")
        && rules.field_names.longest_at(tokens, end + 1) == Some(tokens.len());
    joined.then_some(kind)
}

/// Whether the named columns make provision: an intervention or a deliverer, and one more
/// named column.
fn names_provision(kinds: &[FieldKind]) -> bool {
    kinds.len() >= 2
        && kinds
            .iter()
            .any(|kind| matches!(kind, Some(PartKind::What | PartKind::Who)))
}

/// Reads one table: a header row in the first two rows, or names down the first column.
fn read_table(
    chars: &[char],
    tokens: &[Token<'_>],
    cells: &[TableCell],
    rules: &ProvisionRules,
    statements: &mut Vec<ProvisionStatement>,
    covered: &mut Vec<(usize, usize)>,
) {
    let kind_of = |cell: &TableCell| {
        let (from, to) = cell_tokens(tokens, cell);
        header_kind(tokens.get(from..to).unwrap_or_default(), rules)
    };
    let row_cells = |row: u32| cells.iter().filter(move |cell| cell.row == row);
    let mut rows: Vec<u32> = cells.iter().map(|cell| cell.row).collect();
    rows.sort_unstable();
    rows.dedup();
    // A header row: at least two in three of its cells names, naming provision. A title row
    // above it ("Recommended provision") is allowed.
    for (index, &row) in rows.iter().take(2).enumerate() {
        let in_row = row_cells(row).count();
        let names: Vec<(u32, FieldKind)> = row_cells(row)
            .filter_map(|cell| kind_of(cell).map(|kind| (cell.column, kind)))
            .collect();
        if names.len() * 3 < in_row * 2 {
            continue;
        }
        let kinds: Vec<FieldKind> = names.iter().map(|&(_, kind)| kind).collect();
        if !names_provision(&kinds) {
            continue;
        }
        let before = statements.len();
        for &body in &rows[index + 1..] {
            let fields: Vec<Field> = row_cells(body)
                .map(|cell| {
                    // A cell under no name is no part.
                    let kind = names
                        .iter()
                        .find(|(column, _)| *column == cell.column)
                        .and_then(|&(_, kind)| kind);
                    (*cell, kind)
                })
                .collect();
            let span = (
                fields.iter().map(|(cell, _)| cell.start).min().unwrap_or(0),
                fields.iter().map(|(cell, _)| cell.end).max().unwrap_or(0),
            );
            if let Some(statement) = row_statement(chars, tokens, span, &fields, rules) {
                statements.push(statement);
            }
        }
        if statements.len() > before
            && let (Some(first), Some(last)) = (cells.first(), cells.last())
        {
            covered.push((first.start, last.end));
        }
        return;
    }
    // Names down the first column: each row a name and its value.
    let mut run: Vec<Field> = Vec::new();
    let mut run_start: Option<usize> = None;
    let mut runs: Vec<(usize, usize, Vec<Field>)> = Vec::new();
    let mut close = |run: &mut Vec<Field>, start: &mut Option<usize>| {
        if let (Some(from), Some(last)) = (start.take(), run.last()) {
            runs.push((from, last.0.end, std::mem::take(run)));
        }
        run.clear();
    };
    for &row in &rows {
        let mut in_row = row_cells(row);
        let (Some(name), value) = (in_row.next(), in_row.next()) else {
            continue;
        };
        let kind = if name.column == 0 {
            kind_of(name)
        } else {
            None
        };
        let (Some(kind), Some(value)) = (kind, value) else {
            close(&mut run, &mut run_start);
            continue;
        };
        // A name given twice starts the next provision.
        if kind.is_some() && run.iter().any(|(_, seen)| *seen == kind) {
            close(&mut run, &mut run_start);
        }
        run_start.get_or_insert(name.start);
        run.push((*value, kind));
    }
    close(&mut run, &mut run_start);
    for (start, end, fields) in runs {
        let kinds: Vec<FieldKind> = fields.iter().map(|&(_, kind)| kind).collect();
        if names_provision(&kinds)
            && let Some(statement) = row_statement(chars, tokens, (start, end), &fields, rules)
        {
            statements.push(statement);
            covered.push((start, end));
        }
    }
}

/// One statement, the characters `start..end`, from the cells of a row (or run of rows), each
/// with its column's kind; none when no intervention or deliverer cell has words.
fn row_statement(
    chars: &[char],
    tokens: &[Token<'_>],
    (start, end): (usize, usize),
    fields: &[Field],
    rules: &ProvisionRules,
) -> Option<ProvisionStatement> {
    if start >= end {
        return None;
    }
    let from = tokens.partition_point(|token| token.start < start);
    let to = tokens.partition_point(|token| token.end <= end).max(from);
    let row = tokens.get(from..to)?;
    let template: Vec<TemplateField> = fields
        .iter()
        .filter_map(|(cell, kind)| {
            let (cell_from, cell_to) = cell_tokens(tokens, cell);
            if cell_to <= cell_from || cell_from < from || cell_to > to {
                return None;
            }
            let (mut value_from, value_to) = (cell_from - from, cell_to - from);
            // "Should receive a social skills group": the intervention follows the cue.
            if *kind == Some(PartKind::What)
                && let Some(cue) = find_cue(&row[value_from..value_to], rules)
                && value_from + cue.end < value_to
            {
                value_from += cue.end;
            }
            Some(TemplateField {
                kind: *kind,
                name: (value_from, value_from),
                value: (value_from, value_to),
            })
        })
        .collect();
    let provides = template.iter().any(|field| {
        matches!(field.kind, Some(PartKind::What | PartKind::Who)) && field.value.1 > field.value.0
    });
    if !provides {
        return None;
    }
    // No part runs from one cell into the next.
    let mut parts = PartMap::build(row, rules);
    for field in &template {
        let edge = field.value.0;
        let crossing: Vec<(usize, usize)> = parts
            .selected
            .iter()
            .filter(|part| part.0 < edge && edge < part.1)
            .map(|part| (part.0, part.1))
            .collect();
        for (part_from, part_to) in crossing {
            parts.release(part_from, part_to);
        }
    }
    let segment = Segment {
        start,
        end,
        list_item: false,
        marked_item: false,
    };
    let mut statement = parse_with(chars, segment, row, None, parts, &template, rules);
    // Vague wording counts only in the cells that are parts ("Support with reading" under
    // "Area of need" is not the provision's wording).
    statement.vague.retain(|vague| {
        template.iter().any(|field| {
            field.kind.is_some()
                && row[field.value.0].start <= vague.start
                && vague.end <= row[field.value.1 - 1].end
        })
    });
    Some(statement)
}
