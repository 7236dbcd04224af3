//! Edits, versions, diffs, and regeneration that keeps edits.
//!
//! - [`edit`] replaces a statement's text and records who and when, keeping the drafted text it
//!   replaced, so a later regeneration can tell whether the evidence changed underneath.
//! - [`History`] is the list of saved versions, each a whole plan with author, time and note.
//! - [`diff`] compares any two plans statement by statement (by stable id).
//! - [`regenerate`] merges a freshly drafted plan into an edited one: drafted statements are
//!   replaced by the new draft, edits and statements typed by a person win, and where the draft
//!   changed under an edit the edit is kept and a [`Conflict`] says so.
//!
//! Times are given by the caller (no clock here).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{AreaTable, CareRow, Edit, Origin, Plan, SocialCareRow, Statement};

/// A saved version of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Version {
    /// 1 for the first draft, then counting up.
    pub number: u32,
    /// Who saved it (user name or role; never the child's name).
    pub author: String,
    /// When, as the caller gave it (RFC 3339 or `YYYY-MM-DD`).
    pub time: String,
    /// What changed, in the author's words.
    pub note: String,
    /// The plan as saved.
    pub plan: Plan,
}

/// Every saved version of one plan, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// The versions, numbered 1, 2, 3 … in order.
    pub versions: Vec<Version>,
}

impl History {
    /// Saves `plan` as the next version and returns its number.
    pub fn save(&mut self, plan: Plan, author: &str, time: &str, note: &str) -> u32 {
        let number = self.versions.last().map_or(1, |last| last.number + 1);
        self.versions.push(Version {
            number,
            author: author.to_owned(),
            time: time.to_owned(),
            note: note.to_owned(),
            plan,
        });
        number
    }

    /// The version with this number.
    pub fn get(&self, number: u32) -> Option<&Version> {
        self.versions
            .iter()
            .find(|version| version.number == number)
    }

    /// The newest version.
    pub fn latest(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// The changes from version `from` to version `to`.
    pub fn diff(&self, from: u32, to: u32) -> Result<Vec<Change>, VersionError> {
        let a = self.get(from).ok_or(VersionError::NoSuchVersion(from))?;
        let b = self.get(to).ok_or(VersionError::NoSuchVersion(to))?;
        Ok(diff(&a.plan, &b.plan))
    }
}

/// An edit or version request that cannot be carried out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VersionError {
    /// No statement has this id.
    #[error("the plan has no statement with id {0}")]
    UnknownStatement(String),
    /// The new text is empty (delete the statement instead).
    #[error("the new text for {0} is empty")]
    EmptyText(String),
    /// The history has no version with this number.
    #[error("there is no version {0}")]
    NoSuchVersion(u32),
}

/// Replaces the text of statement `id` with a person's words.
///
/// The first edit keeps the drafted text it replaced; later edits keep that same drafted text,
/// so regeneration compares against what the system last drafted, not a person's earlier words.
pub fn edit(
    plan: &mut Plan,
    id: &str,
    text: &str,
    author: &str,
    time: &str,
) -> Result<(), VersionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(VersionError::EmptyText(id.to_owned()));
    }
    let statement = plan
        .statements_mut()
        .into_iter()
        .find(|statement| statement.id == id)
        .ok_or_else(|| VersionError::UnknownStatement(id.to_owned()))?;
    let replaced = match &statement.edit {
        Some(previous) => previous.replaced.clone(),
        None => statement.text.clone(),
    };
    statement.text = text.to_owned();
    statement.edit = Some(Edit {
        author: author.to_owned(),
        time: time.to_owned(),
        replaced,
    });
    Ok(())
}

/// One difference between two plans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// In the second plan only.
    Added {
        /// The statement id.
        id: String,
        /// Its section code.
        section: String,
        /// Its text.
        text: String,
    },
    /// In the first plan only.
    Removed {
        /// The statement id.
        id: String,
        /// Its section code.
        section: String,
        /// Its text.
        text: String,
    },
    /// In both, with different text.
    Changed {
        /// The statement id.
        id: String,
        /// Its section code.
        section: String,
        /// The text in the first plan.
        before: String,
        /// The text in the second plan.
        after: String,
        /// Who made the change, when a person edited the statement in the second plan.
        edited_by: Option<String>,
    },
}

/// The statement-level differences from `a` to `b`: changed and added statements in `b`'s
/// reading order, then removed ones in `a`'s order.
pub fn diff(a: &Plan, b: &Plan) -> Vec<Change> {
    let before: HashMap<&str, &Statement> = a
        .statements()
        .into_iter()
        .map(|statement| (statement.id.as_str(), statement))
        .collect();
    let after_ids: HashSet<&str> = b
        .statements()
        .into_iter()
        .map(|statement| statement.id.as_str())
        .collect();
    let mut changes = Vec::new();
    for statement in b.statements() {
        match before.get(statement.id.as_str()) {
            None => changes.push(Change::Added {
                id: statement.id.clone(),
                section: statement.section.clone(),
                text: statement.text.clone(),
            }),
            Some(old) if old.text != statement.text => changes.push(Change::Changed {
                id: statement.id.clone(),
                section: statement.section.clone(),
                before: old.text.clone(),
                after: statement.text.clone(),
                edited_by: statement.edit.as_ref().map(|edit| edit.author.clone()),
            }),
            Some(_) => {}
        }
    }
    for statement in a.statements() {
        if !after_ids.contains(statement.id.as_str()) {
            changes.push(Change::Removed {
                id: statement.id.clone(),
                section: statement.section.clone(),
                text: statement.text.clone(),
            });
        }
    }
    changes
}

/// Where regeneration kept a person's words over a changed draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The statement id.
    pub id: String,
    /// Its section code.
    pub section: String,
    /// What happened, in plain words.
    pub reason: ConflictReason,
    /// The person's text, which was kept.
    pub kept: String,
    /// What the system drafts now (empty when it no longer drafts the statement).
    pub drafted: String,
}

/// Why a kept edit is a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// The evidence now drafts different words than those the person edited.
    DraftChanged,
    /// The evidence no longer drafts this statement at all; the person's words were kept.
    NoLongerDrafted,
}

/// Merges a fresh draft into `current`.
///
/// The result follows `fresh` (its statements, rows and order), except that:
/// - statements edited or typed by a person in `current` keep the person's words;
/// - when `sections` is given, statements of sections not listed are kept from `current`
///   unchanged, as if not regenerated;
/// - a kept statement the fresh draft no longer has is put back where it was (its row, or
///   its list), and a whole row is put back when its need was kept.
///
/// Returns the merged plan and the conflicts a person should look at: edits whose drafted text
/// changed underneath, and edits of statements the evidence no longer supports.
pub fn regenerate(
    current: &Plan,
    fresh: &Plan,
    sections: Option<&[&str]>,
) -> (Plan, Vec<Conflict>) {
    let regenerated = |section: &str| sections.is_none_or(|list| list.contains(&section));
    let keep = |statement: &Statement| statement.by_person() || !regenerated(&statement.section);
    let kept: HashMap<&str, &Statement> = current
        .statements()
        .into_iter()
        .filter(|statement| keep(statement))
        .map(|statement| (statement.id.as_str(), statement))
        .collect();
    let mut merged = fresh.clone();
    let mut conflicts = Vec::new();
    let mut placed: HashSet<String> = HashSet::new();
    for statement in merged.statements_mut() {
        if let Some(old) = kept.get(statement.id.as_str()) {
            if let Some(edit) = &old.edit
                && edit.replaced != statement.text
                && regenerated(&old.section)
            {
                conflicts.push(Conflict {
                    id: old.id.clone(),
                    section: old.section.clone(),
                    reason: ConflictReason::DraftChanged,
                    kept: old.text.clone(),
                    drafted: statement.text.clone(),
                });
            }
            *statement = (*old).clone();
            placed.insert(old.id.clone());
        }
    }
    put_back(current, &mut merged, &kept, &mut placed);
    for statement in merged.statements() {
        let edited_draft = statement.by_person() && statement.origin != Origin::Person;
        // A drafted statement back only because a person's words share its row.
        let carried = !kept.contains_key(statement.id.as_str());
        if (edited_draft || carried)
            && fresh.statement(&statement.id).is_none()
            && regenerated(&statement.section)
        {
            conflicts.push(Conflict {
                id: statement.id.clone(),
                section: statement.section.clone(),
                reason: ConflictReason::NoLongerDrafted,
                kept: statement.text.clone(),
                drafted: String::new(),
            });
        }
    }
    (merged, conflicts)
}

/// Puts kept statements that the fresh draft lacks back into the matching list of `merged`.
fn put_back(
    current: &Plan,
    merged: &mut Plan,
    kept: &HashMap<&str, &Statement>,
    placed: &mut HashSet<String>,
) {
    let missing = |list: &[Statement], placed: &HashSet<String>| -> Vec<Statement> {
        list.iter()
            .filter(|statement| kept.contains_key(statement.id.as_str()))
            .filter(|statement| !placed.contains(&statement.id))
            .cloned()
            .collect()
    };
    let extend =
        |target: &mut Vec<Statement>, extra: Vec<Statement>, placed: &mut HashSet<String>| {
            for statement in extra {
                placed.insert(statement.id.clone());
                target.push(statement);
            }
        };

    let extra = missing(&current.history, placed);
    extend(&mut merged.history, extra, placed);
    for part in &current.views {
        let extra = missing(&part.statements, placed);
        if extra.is_empty() {
            continue;
        }
        match merged.views.iter_mut().find(|p| p.heading == part.heading) {
            Some(target) => extend(&mut target.statements, extra, placed),
            None => {
                let mut copy = part.clone();
                copy.statements = extra.clone();
                extra.iter().for_each(|s| {
                    placed.insert(s.id.clone());
                });
                merged.views.push(copy);
            }
        }
    }
    for area in &current.areas {
        let Some(target) = merged.areas.iter_mut().find(|a| a.area == area.area) else {
            merged.areas.push(kept_area(area, kept, placed));
            continue;
        };
        let extra = missing(&area.strengths, placed);
        extend(&mut target.strengths, extra, placed);
        put_back_rows(&area.rows, &mut target.rows, kept, placed, |row| {
            vec![&row.provision, &row.outcomes]
        });
    }
    put_back_rows(&current.health, &mut merged.health, kept, placed, |row| {
        vec![&row.provision, &row.outcomes]
    });
    for row in &current.social_care {
        match merged.social_care.iter_mut().find(|r| r.id == row.id) {
            Some(target) => {
                let extra = missing(&row.h1, placed);
                extend(&mut target.h1, extra, placed);
                let extra = missing(&row.h2, placed);
                extend(&mut target.h2, extra, placed);
                let extra = missing(&row.outcomes, placed);
                extend(&mut target.outcomes, extra, placed);
            }
            None if kept_row_statements(row_statements_social(row), kept) => {
                mark_placed(row_statements_social(row), placed);
                merged.social_care.push(row.clone());
            }
            None => {}
        }
    }
    if merged.placement.is_none()
        && let Some(placement) = &current.placement
        && kept.contains_key(placement.id.as_str())
        && !placed.contains(&placement.id)
    {
        placed.insert(placement.id.clone());
        merged.placement = Some(placement.clone());
    }
    let extra = missing(&current.personal_budget, placed);
    extend(&mut merged.personal_budget, extra, placed);
}

/// Puts back statements of need → provision → outcome rows.
fn put_back_rows(
    rows: &[CareRow],
    target: &mut Vec<CareRow>,
    kept: &HashMap<&str, &Statement>,
    placed: &mut HashSet<String>,
    lists: impl Fn(&CareRow) -> Vec<&Vec<Statement>>,
) {
    for row in rows {
        match target.iter_mut().find(|r| r.id == row.id) {
            Some(existing) => {
                for (index, list) in lists(row).into_iter().enumerate() {
                    let extra: Vec<Statement> = list
                        .iter()
                        .filter(|s| kept.contains_key(s.id.as_str()) && !placed.contains(&s.id))
                        .cloned()
                        .collect();
                    let destination = if index == 0 {
                        &mut existing.provision
                    } else {
                        &mut existing.outcomes
                    };
                    for statement in extra {
                        placed.insert(statement.id.clone());
                        destination.push(statement);
                    }
                }
            }
            None => {
                let statements: Vec<&Statement> = std::iter::once(&row.need)
                    .chain(&row.provision)
                    .chain(&row.outcomes)
                    .collect();
                if kept_row_statements(statements.clone(), kept) {
                    mark_placed(statements, placed);
                    target.push(row.clone());
                }
            }
        }
    }
}

/// A whole area table kept from the current plan (its kept statements only).
fn kept_area(
    area: &AreaTable,
    kept: &HashMap<&str, &Statement>,
    placed: &mut HashSet<String>,
) -> AreaTable {
    let mut copy = area.clone();
    copy.strengths.retain(|s| kept.contains_key(s.id.as_str()));
    copy.rows
        .retain(|row| kept.contains_key(row.need.id.as_str()));
    for row in &copy.rows {
        mark_placed(
            std::iter::once(&row.need)
                .chain(&row.provision)
                .chain(&row.outcomes)
                .collect(),
            placed,
        );
    }
    mark_placed(copy.strengths.iter().collect(), placed);
    copy
}

fn row_statements_social(row: &SocialCareRow) -> Vec<&Statement> {
    std::iter::once(&row.need)
        .chain(&row.h1)
        .chain(&row.h2)
        .chain(&row.outcomes)
        .collect()
}

/// A row missing from the fresh draft comes back when any of its statements was kept, so a
/// person's words are never dropped with the row.
fn kept_row_statements(statements: Vec<&Statement>, kept: &HashMap<&str, &Statement>) -> bool {
    statements
        .iter()
        .any(|statement| kept.contains_key(statement.id.as_str()))
}

fn mark_placed(statements: Vec<&Statement>, placed: &mut HashSet<String>) {
    for statement in statements {
        placed.insert(statement.id.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PersonalDetails, Quote, Suggestions};

    fn statement(id: &str, section: &str, text: &str) -> Statement {
        Statement {
            id: id.to_owned(),
            section: section.to_owned(),
            text: text.to_owned(),
            origin: Origin::Evidence,
            voice: None,
            quotes: vec![Quote {
                document: 0,
                page: 1,
                start: 0,
                end: text.chars().count(),
                text: text.to_owned(),
            }],
            provision: None,
            suggestion: false,
            edit: None,
        }
    }

    /// A small synthetic plan: one need row with provision and an outcome.
    fn plan(need: &str, provision: &str) -> Plan {
        Plan {
            schema_version: crate::SCHEMA_VERSION,
            template_version: "test".to_owned(),
            as_of: "2026-11-27".to_owned(),
            synthetic: true,
            personal: PersonalDetails::default(),
            history: vec![statement("A1-1", "A", "Synthetic history sentence.")],
            views: Vec::new(),
            areas: vec![AreaTable {
                area: "communication_and_interaction".to_owned(),
                title: "Communication and interaction".to_owned(),
                strengths: Vec::new(),
                rows: vec![CareRow {
                    id: "B-ci-1".to_owned(),
                    need: statement("B-ci-1", "B", need),
                    provision: vec![statement("F-ci-1-1", "F", provision)],
                    outcomes: vec![statement("E-ci-1-1", "E", "By the end of Year 6, …")],
                }],
            }],
            health: Vec::new(),
            social_care: Vec::new(),
            placement: None,
            personal_budget: Vec::new(),
            advice: Vec::new(),
            suggestions: Suggestions::default(),
            sources: Vec::new(),
        }
    }

    #[test]
    fn an_edit_records_author_time_and_the_drafted_text() {
        let mut draft = plan("Difficulty with expressive language.", "Weekly therapy.");
        edit(
            &mut draft,
            "B-ci-1",
            "Finds it hard to put ideas into words.",
            "coordinator",
            "2026-11-27",
        )
        .unwrap();
        edit(
            &mut draft,
            "B-ci-1",
            "Finds it hard to explain ideas.",
            "ep",
            "2026-11-28",
        )
        .unwrap();
        let need = draft.statement("B-ci-1").unwrap();
        assert_eq!(need.text, "Finds it hard to explain ideas.");
        let record = need.edit.as_ref().unwrap();
        assert_eq!(record.author, "ep");
        assert_eq!(record.replaced, "Difficulty with expressive language.");
        assert_eq!(
            edit(&mut draft, "nope", "x", "a", "t"),
            Err(VersionError::UnknownStatement("nope".into()))
        );
        assert_eq!(
            edit(&mut draft, "B-ci-1", "  ", "a", "t"),
            Err(VersionError::EmptyText("B-ci-1".into()))
        );
    }

    #[test]
    fn regenerating_keeps_the_edit_and_the_diff_shows_it() {
        let first = plan("Difficulty with expressive language.", "Weekly therapy.");
        let mut history = History::default();
        history.save(first.clone(), "dehcp", "2026-11-27", "first draft");
        let mut edited = first.clone();
        edit(
            &mut edited,
            "F-ci-1-1",
            "Weekly therapy with the class teacher.",
            "coordinator",
            "2026-11-27",
        )
        .unwrap();
        history.save(
            edited.clone(),
            "coordinator",
            "2026-11-27",
            "provision edited",
        );

        // The evidence is unchanged: the edit is kept with no conflict.
        let (merged, conflicts) = regenerate(&edited, &first, None);
        assert!(conflicts.is_empty());
        assert_eq!(
            merged.statement("F-ci-1-1").unwrap().text,
            "Weekly therapy with the class teacher."
        );
        history.save(merged, "dehcp", "2026-11-28", "regenerated");
        let changes = history.diff(1, 3).unwrap();
        assert_eq!(changes.len(), 1);
        assert!(matches!(
            &changes[0],
            Change::Changed { id, before, after, edited_by: Some(who), .. }
                if id == "F-ci-1-1" && before == "Weekly therapy." && after.contains("class teacher") && who == "coordinator"
        ));
        assert!(matches!(
            history.diff(1, 9),
            Err(VersionError::NoSuchVersion(9))
        ));
    }

    #[test]
    fn a_changed_draft_under_an_edit_is_a_conflict_and_the_edit_wins() {
        let first = plan("Difficulty with expressive language.", "Weekly therapy.");
        let mut edited = first.clone();
        edit(
            &mut edited,
            "F-ci-1-1",
            "Person's words.",
            "coordinator",
            "2026-11-27",
        )
        .unwrap();
        let fresh = plan(
            "Difficulty with expressive language.",
            "Twice-weekly therapy.",
        );
        let (merged, conflicts) = regenerate(&edited, &fresh, None);
        assert_eq!(
            merged.statement("F-ci-1-1").unwrap().text,
            "Person's words."
        );
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].reason, ConflictReason::DraftChanged);
        assert_eq!(conflicts[0].drafted, "Twice-weekly therapy.");
        // Unedited statements follow the new draft.
        let (merged, _) = regenerate(&first, &fresh, None);
        assert_eq!(
            merged.statement("F-ci-1-1").unwrap().text,
            "Twice-weekly therapy."
        );
    }

    #[test]
    fn person_statements_and_unregenerated_sections_are_put_back() {
        let first = plan("Difficulty with expressive language.", "Weekly therapy.");
        let mut edited = first.clone();
        let mut added = statement("F-ci-1-person-1", "F", "A person's added provision.");
        added.origin = Origin::Person;
        added.quotes.clear();
        edited.areas[0].rows[0].provision.push(added);
        // The fresh draft lost the whole row and the history sentence changed.
        let mut fresh = plan("x", "y");
        fresh.areas[0].rows.clear();
        fresh.history[0].text = "New history sentence.".to_owned();
        let (merged, conflicts) = regenerate(&edited, &fresh, Some(&["A"]));
        assert!(conflicts.is_empty(), "{conflicts:?}");
        // B, F and E were not regenerated: the row comes back whole, with the person's line.
        let row = &merged.areas[0].rows[0];
        assert_eq!(row.need.text, "Difficulty with expressive language.");
        assert_eq!(row.provision.len(), 2);
        assert_eq!(merged.history[0].text, "New history sentence.");
        // Regenerating everything: the row is no longer drafted, but the person's line keeps
        // it, and its need is shown as a conflict to resolve. Nothing a person wrote is lost.
        let (merged, conflicts) = regenerate(&edited, &fresh, None);
        assert_eq!(merged.areas[0].rows.len(), 1);
        assert!(merged.statement("F-ci-1-person-1").is_some());
        let ids: Vec<&str> = conflicts.iter().map(|c| c.id.as_str()).collect();
        assert!(ids.contains(&"B-ci-1"), "{ids:?}");
        assert!(!ids.contains(&"F-ci-1-person-1"), "{ids:?}");
        // Without the person's line the unedited row simply goes.
        let (merged, conflicts) = regenerate(&first, &fresh, None);
        assert!(merged.areas[0].rows.is_empty());
        assert!(conflicts.is_empty());
    }
}
