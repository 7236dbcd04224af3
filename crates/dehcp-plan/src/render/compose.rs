//! The plan laid out once, in the template's reading order, as headings, paragraphs and tables.
//! The DOCX, PDF and HTML writers all print this one layout, so the three outputs say the same
//! things in the same order; each only decides how a heading, a placeholder or a citation looks.

use std::collections::{BTreeSet, HashMap};

use dehcp_domain::plan::{
    AdviceType, BlockHeading, LayoutBlock, PlanSection, PlanTemplate, RegisterColumn,
};

use crate::check::{CheckReport, Grade, Severity};
use crate::model::{
    AdviceEntry, AreaTable, CareRow, Origin, Part, Plan, SocialCareRow, Statement, Voice,
};

/// The title printed at the top of every output.
pub(crate) const TITLE: &str = "Draft Education, Health and Care Plan";
/// The heading of the model suggestions appendix.
pub(crate) const SUGGESTIONS_HEADING: &str =
    "Suggestions from the needs model (not part of the plan)";
/// The label printed above every outcome from the library.
pub(crate) const SUGGESTED_OUTCOME: &str = "Suggested outcome \u{2013} personalise before issue";
/// What section I says in a draft.
pub(crate) const PLACEMENT_BLANK: &str = "To be named by the local authority in the final plan.";
/// The banner printed on plans drafted from synthetic documents.
pub(crate) const SYNTHETIC_BANNER: &str =
    "SYNTHETIC \u{2013} drafted from invented test documents. This is not a real child's plan.";

/// The whole plan, laid out.
#[derive(Debug, Clone)]
pub(crate) struct Doc {
    /// The document title.
    pub(crate) title: String,
    /// Whether the synthetic banner is printed.
    pub(crate) synthetic: bool,
    /// The content, in reading order.
    pub(crate) blocks: Vec<Block>,
    /// Every quote cited, numbered from 1 in order of first use (`number - 1` is the index).
    pub(crate) quotes: Vec<Cited>,
}

/// One quote as cited in the outputs.
#[derive(Debug, Clone)]
pub(crate) struct Cited {
    /// The number printed, from 1.
    pub(crate) number: usize,
    /// The document's file name (or a note when the index points nowhere).
    pub(crate) file: String,
    /// The page, from 1.
    pub(crate) page: u32,
    /// The quoted words.
    pub(crate) text: String,
}

/// A block of the layout.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A heading, level 1 to 3.
    Heading {
        /// 1, 2 or 3.
        level: u8,
        /// The words.
        text: String,
        /// A stable anchor for links.
        anchor: String,
    },
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
    /// Content set apart from the plan (the model suggestions).
    Boxed(Vec<Block>),
}

/// What a paragraph is, which decides its look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParaKind {
    /// Body text.
    Normal,
    /// The synthetic banner.
    Banner,
    /// Something a person must still write: printed bold and set apart.
    Placeholder,
    /// The label above a suggestion to personalise.
    Suggestion,
    /// A small note (edits, dates).
    Note,
    /// A line of the sources appendix, carrying the quote's anchor.
    Reference,
}

/// A paragraph: styled runs, then the numbers of the quotes it cites.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// What it is.
    pub(crate) kind: ParaKind,
    /// The words.
    pub(crate) runs: Vec<Run>,
    /// Numbers (from 1) of the quotes behind it.
    pub(crate) cites: Vec<usize>,
    /// An anchor for links to this paragraph (sources appendix lines).
    pub(crate) anchor: Option<String>,
}

/// A run of words in one style.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    /// The words.
    pub(crate) text: String,
    /// Bold.
    pub(crate) bold: bool,
    /// Italic.
    pub(crate) italic: bool,
}

/// A table with a header row.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// The column headings.
    pub(crate) columns: Vec<String>,
    /// Relative column widths (same length as `columns`).
    pub(crate) widths: Vec<u32>,
    /// The body rows.
    pub(crate) rows: Vec<Row>,
    /// A short description of the table (HTML caption, PDF tag).
    pub(crate) caption: String,
}

/// A body row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The cells; spans add up to the number of columns.
    pub(crate) cells: Vec<Cell>,
}

/// A body cell.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// How many columns it covers.
    pub(crate) span: usize,
    /// Whether it heads its row (HTML `<th scope="row">`).
    pub(crate) header: bool,
    /// The content.
    pub(crate) paras: Vec<Para>,
}

impl Run {
    fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    fn bold(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }

    fn italic(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: false,
            italic: true,
        }
    }
}

impl Para {
    fn new(kind: ParaKind, runs: Vec<Run>) -> Self {
        Para {
            kind,
            runs,
            cites: Vec::new(),
            anchor: None,
        }
    }

    fn text(text: impl Into<String>) -> Self {
        Para::new(ParaKind::Normal, vec![Run::plain(text)])
    }

    fn note(text: impl Into<String>) -> Self {
        Para::new(ParaKind::Note, vec![Run::italic(text)])
    }

    /// The paragraph's words without styling.
    pub(crate) fn plain_text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

impl Cell {
    fn new(paras: Vec<Para>) -> Self {
        Cell {
            span: 1,
            header: false,
            paras,
        }
    }
}

/// The grade as councils write it.
pub(crate) fn grade_name(grade: Grade) -> &'static str {
    match grade {
        Grade::Outstanding => "Outstanding",
        Grade::Good => "Good",
        Grade::RequiresImprovement => "Requires improvement",
        Grade::Inadequate => "Inadequate",
    }
}

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Information",
    }
}

/// "Section B, Section F and Section E"; H1 and H2 are printed under H: "Section D, Section H
/// (Section H1 and Section H2) and Section E".
fn section_list(sections: &[PlanSection]) -> String {
    let mut names: Vec<String> = Vec::new();
    let both_h = sections.contains(&PlanSection::H1) && sections.contains(&PlanSection::H2);
    for section in sections {
        match section {
            PlanSection::H1 if both_h => {
                names.push("Section H (Section H1 and Section H2)".to_owned());
            }
            PlanSection::H2 if both_h => {}
            _ => names.push(format!("Section {}", section.code())),
        }
    }
    join_and(&names)
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Upper-cases the first letter ("to be specified by …" → "To be specified by …").
pub(crate) fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Lays a plan out.
pub(crate) fn compose(plan: &Plan, template: &PlanTemplate, report: &CheckReport) -> Doc {
    let mut c = Composer {
        plan,
        template,
        blocks: Vec::new(),
        quotes: Vec::new(),
        numbers: HashMap::new(),
        headed: BTreeSet::new(),
        anchors: 0,
    };
    c.front_matter();
    let layout: Vec<(&BlockHeading, &LayoutBlock)> = template.headed_layout().collect();
    let last_need_table = layout
        .iter()
        .rposition(|(_, b)| matches!(b, LayoutBlock::NeedTable { .. }));
    let mut areas_used: BTreeSet<&str> = BTreeSet::new();
    for (index, (heading, block)) in layout.iter().enumerate() {
        c.block(heading, block, &mut areas_used);
        if Some(index) == last_need_table {
            // Areas the template does not name are still printed, after its own.
            let columns = match block {
                LayoutBlock::NeedTable { columns, .. } => columns.clone(),
                _ => Vec::new(),
            };
            for area in &plan.areas {
                if !areas_used.contains(area.area.as_str()) {
                    c.heading(2, area.title.clone());
                    c.area_table(area, &area.title, &columns);
                }
            }
        }
    }
    // A template always names every section; this keeps every label present even if not.
    for section in PlanSection::ALL {
        if !c.headed.contains(&section) {
            let title = template.section(section).title.clone();
            c.section_heading(section, &title);
            c.para(Para::note("This template does not lay this section out."));
        }
    }
    c.suggestions();
    c.checks(report);
    c.sources();
    Doc {
        title: TITLE.to_owned(),
        synthetic: plan.synthetic,
        blocks: c.blocks,
        quotes: c.quotes,
    }
}

struct Composer<'a> {
    plan: &'a Plan,
    template: &'a PlanTemplate,
    blocks: Vec<Block>,
    quotes: Vec<Cited>,
    numbers: HashMap<(usize, u32, usize, usize), usize>,
    headed: BTreeSet<PlanSection>,
    anchors: usize,
}

impl Composer<'_> {
    fn heading(&mut self, level: u8, text: String) {
        self.anchors += 1;
        let anchor = format!("h{}", self.anchors);
        self.blocks.push(Block::Heading {
            level,
            text,
            anchor,
        });
    }

    fn para(&mut self, para: Para) {
        self.blocks.push(Block::Para(para));
    }

    fn section_heading(&mut self, section: PlanSection, title: &str) {
        self.headed.insert(section);
        self.heading(1, format!("Section {}: {}", section.code(), title));
    }

    /// The level-1 heading of a table block: the sections it holds, then its title.
    fn sections_heading(&mut self, sections: &[PlanSection], title: &str) {
        self.headed.extend(sections.iter().copied());
        self.heading(1, format!("{}: {}", section_list(sections), title));
    }

    fn front_matter(&mut self) {
        let plan = self.plan;
        self.heading(1, TITLE.to_owned());
        if plan.synthetic {
            self.para(Para::new(
                ParaKind::Banner,
                vec![Run::bold(SYNTHETIC_BANNER)],
            ));
        }
        self.para(Para::text(format!(
            "This is a draft. It describes the child or young person as of {}. Nothing in it is \
             final until the local authority issues the plan.",
            self.plan.as_of
        )));
        self.para(Para::note(format!(
            "Plan template {}; {}.",
            self.plan.template_version,
            self.template.source()
        )));
        self.para(Para::note(
            "Numbers in square brackets, such as [1], point to the quotes in the advice that each \
             statement comes from. They are listed under \u{201c}Sources\u{201d} at the end.",
        ));
    }

    fn block(
        &mut self,
        heading: &BlockHeading,
        block: &LayoutBlock,
        areas_used: &mut BTreeSet<&'static str>,
    ) {
        match block {
            LayoutBlock::PersonalDetails => {
                self.heading(1, heading.title.clone());
                self.personal_details();
            }
            LayoutBlock::History => {
                self.ensure_section_a();
                self.heading(2, labelled(heading));
                let paras = self.statements(&self.plan.history);
                self.cell_or_empty(
                    paras,
                    "No history has been drafted from the advice yet. To be written with the family.",
                );
            }
            LayoutBlock::Views { parts } => {
                self.ensure_section_a();
                self.heading(2, labelled(heading));
                let mut used = vec![false; self.plan.views.len()];
                for part in parts {
                    self.heading(3, part.clone());
                    let mut paras = Vec::new();
                    for (i, view) in self.plan.views.iter().enumerate() {
                        if !used[i] && view.heading.trim().eq_ignore_ascii_case(part.trim()) {
                            used[i] = true;
                            paras.extend(self.statements(&view.statements));
                        }
                    }
                    self.cell_or_empty(
                        paras,
                        "Nothing was found in the advice for this part. To be completed with the \
                         child and family.",
                    );
                }
                for (i, view) in self.plan.views.iter().enumerate() {
                    if !used[i] {
                        self.heading(3, view.heading.clone());
                        let paras = self.statements(&view.statements);
                        self.cell_or_empty(paras, "Nothing was recorded here.");
                    }
                }
            }
            LayoutBlock::NeedTable { area, columns } => {
                if !self.headed.contains(&PlanSection::B) {
                    let b = self.template.section(PlanSection::B).title.clone();
                    self.sections_heading(columns, &format!("{b}, provision and outcomes"));
                }
                self.headed.extend(columns.iter().copied());
                self.heading(2, heading.title.clone());
                areas_used.insert(area.id());
                let found = self.plan.areas.iter().find(|a| a.area == area.id());
                match found {
                    Some(table) => self.area_table(table, &heading.title, columns),
                    None => {
                        let empty = AreaTable {
                            area: area.id().to_owned(),
                            title: heading.title.clone(),
                            strengths: Vec::new(),
                            rows: Vec::new(),
                        };
                        self.area_table(&empty, &heading.title, columns);
                    }
                }
            }
            LayoutBlock::HealthTable { columns } => {
                self.sections_heading(columns, &heading.title);
                let rows: Vec<Row> = self
                    .plan
                    .health
                    .iter()
                    .map(|row| self.care_row(row, columns))
                    .collect();
                self.care_table(
                    columns,
                    rows,
                    &heading.title,
                    "No health care needs were identified in the advice.",
                );
            }
            LayoutBlock::SocialCareTable { columns } => {
                self.sections_heading(columns, &heading.title);
                let rows: Vec<Row> = self
                    .plan
                    .social_care
                    .iter()
                    .map(|row| self.social_row(row, columns))
                    .collect();
                self.care_table(
                    columns,
                    rows,
                    &heading.title,
                    "No social care needs were identified in the advice.",
                );
            }
            LayoutBlock::Placement => {
                self.labelled_section(heading, PlanSection::I);
                match &self.plan.placement {
                    Some(statement) => {
                        let paras = self.statement(statement);
                        self.blocks.extend(paras.into_iter().map(Block::Para));
                    }
                    None => self.para(Para::new(
                        ParaKind::Placeholder,
                        vec![Run::bold(PLACEMENT_BLANK)],
                    )),
                }
            }
            LayoutBlock::PersonalBudget => {
                self.labelled_section(heading, PlanSection::J);
                let paras = self.statements(&self.plan.personal_budget);
                self.cell_or_empty(paras, "No personal budget was requested.");
            }
            LayoutBlock::AdviceRegister {
                advice_types,
                columns,
            } => {
                self.labelled_section(heading, PlanSection::K);
                self.advice_register(advice_types, columns);
            }
        }
    }

    /// A block whose label is a section code: "Section I: Placement".
    fn labelled_section(&mut self, heading: &BlockHeading, section: PlanSection) {
        let title = heading.title.clone();
        self.section_heading(section, &title);
    }

    fn ensure_section_a(&mut self) {
        if !self.headed.contains(&PlanSection::A) {
            let title = self.template.section(PlanSection::A).title.clone();
            self.section_heading(PlanSection::A, &title);
        }
    }

    fn cell_or_empty(&mut self, paras: Vec<Para>, empty: &str) {
        if paras.is_empty() {
            self.para(Para::note(empty));
        } else {
            self.blocks.extend(paras.into_iter().map(Block::Para));
        }
    }

    fn personal_details(&mut self) {
        let p = &self.plan.personal;
        let missing = "Not recorded \u{2013} to be completed by the coordinator";
        let mut rows: Vec<(String, Option<String>)> = vec![
            ("Name".into(), p.name.clone()),
            ("Date of birth".into(), p.date_of_birth.clone()),
            (
                "Year group".into(),
                p.year_group.map(|y| match y {
                    0 => "Reception".to_owned(),
                    y if y < 0 => "Early years".to_owned(),
                    y => format!("Year {y}"),
                }),
            ),
            ("Phase".into(), p.phase.clone()),
        ];
        for (label, value) in &p.other {
            rows.push((label.clone(), Some(value.clone())));
        }
        let rows = rows
            .into_iter()
            .map(|(label, value)| Row {
                cells: vec![
                    Cell {
                        span: 1,
                        header: true,
                        paras: vec![Para::new(ParaKind::Normal, vec![Run::bold(label)])],
                    },
                    Cell::new(vec![match value {
                        Some(v) if !v.trim().is_empty() => Para::text(v),
                        _ => Para::note(missing),
                    }]),
                ],
            })
            .collect();
        self.blocks.push(Block::Table(Table {
            columns: vec!["Detail".into(), "Value".into()],
            widths: vec![1, 2],
            rows,
            caption: "Personal details".into(),
        }));
    }

    fn column_heading(&self, section: PlanSection) -> String {
        format!(
            "Section {}: {}",
            section.code(),
            self.template.section(section).title
        )
    }

    fn widths(columns: &[PlanSection]) -> Vec<u32> {
        columns
            .iter()
            .map(|s| if self::is_provision(*s) { 4 } else { 3 })
            .collect()
    }

    fn area_table(&mut self, area: &AreaTable, title: &str, columns: &[PlanSection]) {
        let columns: Vec<PlanSection> = if columns.is_empty() {
            vec![PlanSection::B, PlanSection::F, PlanSection::E]
        } else {
            columns.to_vec()
        };
        let mut rows = Vec::new();
        let mut strengths = vec![Para::new(ParaKind::Normal, vec![Run::bold("Strengths")])];
        let found = self.statements(&area.strengths);
        if found.is_empty() {
            strengths.push(Para::note(
                "No strengths in this area were drafted from the advice.",
            ));
        } else {
            strengths.extend(found);
        }
        rows.push(Row {
            cells: vec![Cell {
                span: columns.len(),
                header: true,
                paras: strengths,
            }],
        });
        for row in &area.rows {
            rows.push(self.care_row(row, &columns));
        }
        if area.rows.is_empty() {
            rows.push(Row {
                cells: vec![Cell {
                    span: columns.len(),
                    header: false,
                    paras: vec![Para::text(format!(
                        "No special educational needs in {} were identified in the advice.",
                        title.to_lowercase()
                    ))],
                }],
            });
        }
        self.blocks.push(Block::Table(Table {
            columns: columns.iter().map(|s| self.column_heading(*s)).collect(),
            widths: Self::widths(&columns),
            rows,
            caption: title.to_owned(),
        }));
    }

    fn care_table(
        &mut self,
        columns: &[PlanSection],
        mut rows: Vec<Row>,
        title: &str,
        empty: &str,
    ) {
        if rows.is_empty() {
            rows.push(Row {
                cells: vec![Cell {
                    span: columns.len().max(1),
                    header: false,
                    paras: vec![Para::text(empty)],
                }],
            });
        }
        self.blocks.push(Block::Table(Table {
            columns: columns.iter().map(|s| self.column_heading(*s)).collect(),
            widths: Self::widths(columns),
            rows,
            caption: title.to_owned(),
        }));
    }

    fn care_row(&mut self, row: &CareRow, columns: &[PlanSection]) -> Row {
        let cells = columns
            .iter()
            .map(|section| {
                let paras = match section {
                    PlanSection::B | PlanSection::C | PlanSection::D => self.statement(&row.need),
                    PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2 => self
                        .column_cell(
                            &row.provision,
                            "No provision drafted \u{2013} to be specified.",
                        ),
                    PlanSection::E => {
                        self.column_cell(&row.outcomes, "No outcome drafted \u{2013} to be agreed.")
                    }
                    _ => Vec::new(),
                };
                Cell::new(paras)
            })
            .collect();
        Row { cells }
    }

    fn social_row(&mut self, row: &SocialCareRow, columns: &[PlanSection]) -> Row {
        let cells = columns
            .iter()
            .map(|section| {
                let paras = match section {
                    PlanSection::B | PlanSection::C | PlanSection::D => self.statement(&row.need),
                    PlanSection::H1 => self.column_cell(&row.h1, "None."),
                    PlanSection::H2 => self.column_cell(&row.h2, "None."),
                    PlanSection::F | PlanSection::G => {
                        let mut all = row.h1.clone();
                        all.extend(row.h2.iter().cloned());
                        self.column_cell(&all, "None.")
                    }
                    PlanSection::E => {
                        self.column_cell(&row.outcomes, "No outcome drafted \u{2013} to be agreed.")
                    }
                    _ => Vec::new(),
                };
                Cell::new(paras)
            })
            .collect();
        Row { cells }
    }

    fn column_cell(&mut self, statements: &[Statement], empty: &str) -> Vec<Para> {
        let paras = self.statements(statements);
        if paras.is_empty() {
            vec![Para::note(empty)]
        } else {
            paras
        }
    }

    fn statements(&mut self, statements: &[Statement]) -> Vec<Para> {
        statements.iter().flat_map(|s| self.statement(s)).collect()
    }

    fn cite(&mut self, quote: &crate::model::Quote) -> usize {
        let key = (quote.document, quote.page, quote.start, quote.end);
        if let Some(n) = self.numbers.get(&key) {
            return *n;
        }
        let number = self.quotes.len() + 1;
        let file = self
            .plan
            .sources
            .get(quote.document)
            .map(|s| s.file.clone())
            .unwrap_or_else(|| format!("document {} (not in the bundle list)", quote.document + 1));
        self.quotes.push(Cited {
            number,
            file,
            page: quote.page,
            text: quote.text.clone(),
        });
        self.numbers.insert(key, number);
        number
    }

    /// One statement: an optional suggestion label, its text (placeholders bold), the
    /// provision parts, and a note of the last edit.
    fn statement(&mut self, st: &Statement) -> Vec<Para> {
        let mut out = Vec::new();
        if st.suggestion || matches!(st.origin, Origin::Library { .. }) {
            let label = if st.section == "E" || matches!(st.origin, Origin::Library { .. }) {
                SUGGESTED_OUTCOME
            } else {
                "Suggestion \u{2013} personalise before issue"
            };
            out.push(Para::new(ParaKind::Suggestion, vec![Run::italic(label)]));
        }
        let mut runs = Vec::new();
        if let Some(voice) = st.voice {
            runs.push(Run::italic(match voice {
                Voice::Child => "In the child's or young person's words: ",
                Voice::Parent => "The parent's or carer's view: ",
                Voice::Professional => "A professional's view: ",
            }));
        }
        let mut kind = ParaKind::Normal;
        match &st.origin {
            Origin::Placeholder { who } if !st.by_person() => {
                kind = ParaKind::Placeholder;
                let text = if st.text.trim().is_empty() {
                    format!("To be specified by {who}")
                } else {
                    capitalise(st.text.trim())
                };
                runs.push(Run::bold(text));
            }
            _ => runs.push(Run::plain(st.text.clone())),
        }
        let mut para = Para::new(kind, runs);
        para.cites = st.quotes.iter().map(|q| self.cite(q)).collect();
        para.cites.dedup();
        out.push(para);
        if let Some(parts) = &st.provision {
            let mut list: Vec<(&str, &Part)> = vec![
                ("What", &parts.what),
                ("Who", &parts.who),
                ("How often", &parts.frequency),
                ("How long each time", &parts.duration),
            ];
            if let Some(group) = &parts.group {
                list.push(("Group or one-to-one", group));
            }
            list.push(("For how long", &parts.programme_length));
            for (label, part) in list {
                let mut runs = vec![Run::bold(format!("{label}: "))];
                let kind = if part.placeholder {
                    let text = if part.text.trim().is_empty() {
                        "To be specified".to_owned()
                    } else {
                        capitalise(part.text.trim())
                    };
                    runs.push(Run::bold(text));
                    ParaKind::Placeholder
                } else {
                    runs.push(Run::plain(part.text.clone()));
                    ParaKind::Normal
                };
                let mut para = Para::new(kind, runs);
                if let Some(q) = &part.quote {
                    para.cites.push(self.cite(q));
                }
                out.push(para);
            }
        }
        if let Some(edit) = &st.edit {
            out.push(Para::note(format!(
                "Edited by {} on {}.",
                edit.author, edit.time
            )));
        }
        out
    }

    fn advice_register(&mut self, advice_types: &[AdviceType], columns: &[RegisterColumn]) {
        let columns: Vec<RegisterColumn> = if columns.is_empty() {
            RegisterColumn::ALL.to_vec()
        } else {
            columns.to_vec()
        };
        let headings = columns
            .iter()
            .map(|c| {
                match c {
                    RegisterColumn::AdviceType => "Advice type",
                    RegisterColumn::DateReceived => "Date of advice",
                    RegisterColumn::FromWhom => "From (author and role)",
                    RegisterColumn::Appended => "Appended",
                }
                .to_owned()
            })
            .collect();
        let widths = columns
            .iter()
            .map(|c| match c {
                RegisterColumn::AdviceType | RegisterColumn::FromWhom => 4,
                RegisterColumn::DateReceived | RegisterColumn::Appended => 2,
            })
            .collect();
        let mut rows = Vec::new();
        let mut shown = vec![false; self.plan.advice.len()];
        for advice_type in advice_types {
            let mut any = false;
            for (i, entry) in self.plan.advice.iter().enumerate() {
                if entry.advice_type == advice_type.id() {
                    shown[i] = true;
                    any = true;
                    rows.push(self.advice_row(advice_type.description(), Some(entry), &columns));
                }
            }
            if !any {
                rows.push(self.advice_row(advice_type.description(), None, &columns));
            }
        }
        for (i, entry) in self.plan.advice.iter().enumerate() {
            if !shown[i] {
                let label = entry
                    .advice_type
                    .parse::<AdviceType>()
                    .map(|t| t.description().to_owned())
                    .unwrap_or_else(|_| format!("Other ({})", entry.advice_type));
                rows.push(self.advice_row(&label, Some(entry), &columns));
            }
        }
        self.blocks.push(Block::Table(Table {
            columns: headings,
            widths,
            rows,
            caption: "Advice and information gathered".into(),
        }));
    }

    fn advice_row(
        &self,
        label: &str,
        entry: Option<&AdviceEntry>,
        columns: &[RegisterColumn],
    ) -> Row {
        let cells = columns
            .iter()
            .map(|column| {
                let paras = match (column, entry) {
                    (RegisterColumn::AdviceType, _) => {
                        let mut paras = vec![Para::text(label)];
                        if let Some(e) = entry {
                            let file = self
                                .plan
                                .sources
                                .get(e.document)
                                .map(|s| s.file.as_str())
                                .unwrap_or("document not in the bundle list");
                            paras
                                .push(Para::note(format!("{file} ({})", e.kind.replace('_', " "))));
                        }
                        paras
                    }
                    (RegisterColumn::DateReceived, Some(e)) => vec![match &e.date {
                        Some(d) => Para::text(d.clone()),
                        None => Para::note("Date not found"),
                    }],
                    (RegisterColumn::FromWhom, Some(e)) => {
                        let who = match (&e.author, &e.role) {
                            (Some(a), Some(r)) => format!("{a}, {r}"),
                            (Some(a), None) => a.clone(),
                            (None, Some(r)) => r.clone(),
                            (None, None) => String::new(),
                        };
                        vec![if who.is_empty() {
                            Para::note("Author not found")
                        } else {
                            Para::text(who)
                        }]
                    }
                    (RegisterColumn::Appended, Some(e)) => {
                        vec![Para::text(if e.appended { "Yes" } else { "No" })]
                    }
                    (RegisterColumn::FromWhom, None) => vec![Para::note("No advice received")],
                    (_, None) => vec![Para::note("\u{2013}")],
                };
                Cell {
                    span: 1,
                    header: *column == RegisterColumn::AdviceType,
                    paras,
                }
            })
            .collect();
        Row { cells }
    }

    fn suggestions(&mut self) {
        let s = &self.plan.suggestions;
        let mut inner = Vec::new();
        self.anchors += 1;
        inner.push(Block::Heading {
            level: 1,
            text: SUGGESTIONS_HEADING.to_owned(),
            anchor: format!("h{}", self.anchors),
        });
        inner.push(Block::Para(Para::note(
            "The needs model's suggestions are shown for the coordinator to consider. They are not \
             part of the plan and nothing here has been copied into its sections.",
        )));
        let pct = |p: f64| {
            if p.is_finite() {
                format!("{:.0}%", (p * 100.0).clamp(0.0, 100.0))
            } else {
                "unknown".to_owned()
            }
        };
        let mut any = false;
        if let Some((code, p)) = &s.primary_need {
            any = true;
            inner.push(Block::Para(Para::new(
                ParaKind::Normal,
                vec![
                    Run::bold("Most likely primary need: "),
                    Run::plain(format!("{code} ({})", pct(*p))),
                ],
            )));
        }
        if !s.alternatives.is_empty() {
            any = true;
            let list: Vec<String> = s
                .alternatives
                .iter()
                .map(|(code, p)| format!("{code} ({})", pct(*p)))
                .collect();
            inner.push(Block::Para(Para::new(
                ParaKind::Normal,
                vec![
                    Run::bold("Other possible needs: "),
                    Run::plain(list.join(", ")),
                ],
            )));
        }
        if let Some((id, name, no_ehcp)) = &s.cluster {
            any = true;
            let mut text = format!("{name} (group {id})");
            if *no_ehcp {
                text.push_str("; children in this group were mostly supported without an EHC plan");
            }
            inner.push(Block::Para(Para::new(
                ParaKind::Normal,
                vec![Run::bold("Nearest needs group: "), Run::plain(text)],
            )));
        }
        if !s.provision_elements.is_empty() {
            any = true;
            let rows = s
                .provision_elements
                .iter()
                .map(|(id, name, p)| Row {
                    cells: vec![
                        Cell::new(vec![Para::text(id.clone())]),
                        Cell::new(vec![Para::text(name.clone())]),
                        Cell::new(vec![Para::text(pct(*p))]),
                    ],
                })
                .collect();
            inner.push(Block::Table(Table {
                columns: vec![
                    "Element".into(),
                    "Support element".into(),
                    "Likelihood".into(),
                ],
                widths: vec![1, 4, 1],
                rows,
                caption: "Support elements suggested by the model".into(),
            }));
        }
        for line in &s.explanation {
            any = true;
            inner.push(Block::Para(Para::text(line.clone())));
        }
        if !any {
            inner.push(Block::Para(Para::note(
                "The needs model made no suggestions.",
            )));
        }
        if s.synthetic_model {
            inner.push(Block::Para(Para::note(
                "The model was trained on synthetic cases only.",
            )));
        }
        self.blocks.push(Block::Boxed(inner));
    }

    fn checks(&mut self, report: &CheckReport) {
        self.heading(1, "Checks before issue (not part of the plan)".into());
        self.para(Para::new(
            ParaKind::Normal,
            vec![
                Run::bold("Overall quality grade: "),
                Run::plain(grade_name(report.overall)),
            ],
        ));
        if !report.sections.is_empty() {
            let list: Vec<String> = report
                .sections
                .iter()
                .map(|(code, grade)| format!("{code}: {}", grade_name(*grade)))
                .collect();
            self.para(Para::new(
                ParaKind::Normal,
                vec![Run::bold("By section: "), Run::plain(list.join("; "))],
            ));
        }
        if report.findings.is_empty() {
            self.para(Para::note("No check found a problem."));
            return;
        }
        let rows = report
            .findings
            .iter()
            .map(|f| Row {
                cells: vec![
                    Cell::new(vec![Para::text(f.code.clone()), Para::note(f.rule.clone())]),
                    Cell::new(vec![Para::text(severity_name(f.severity))]),
                    Cell::new(vec![Para::text(f.section.clone())]),
                    Cell::new(vec![Para::text(f.message.clone())]),
                ],
            })
            .collect();
        self.blocks.push(Block::Table(Table {
            columns: vec![
                "Check".into(),
                "Severity".into(),
                "Section".into(),
                "Message".into(),
            ],
            widths: vec![2, 1, 1, 5],
            rows,
            caption: "What the checks found".into(),
        }));
    }

    fn sources(&mut self) {
        self.heading(1, "Sources".into());
        self.para(Para::text(
            "Every document in the advice bundle. The plan's statements point to the quotes \
             listed after this table.",
        ));
        let mut rows = Vec::new();
        for (i, source) in self.plan.sources.iter().enumerate() {
            let date = self
                .plan
                .advice
                .iter()
                .find(|a| a.document == i)
                .and_then(|a| a.date.clone())
                .unwrap_or_else(|| "\u{2013}".into());
            let mut file = vec![Para::text(source.file.clone())];
            if let Some(parent) = source.parent {
                let name = self
                    .plan
                    .sources
                    .get(parent)
                    .map(|p| p.file.as_str())
                    .unwrap_or("an unlisted document");
                file.push(Para::note(format!("Attached to {name}")));
            }
            rows.push(Row {
                cells: vec![
                    Cell {
                        span: 1,
                        header: true,
                        paras: vec![Para::text((i + 1).to_string())],
                    },
                    Cell::new(file),
                    Cell::new(vec![Para::text(source.kind.replace('_', " "))]),
                    Cell::new(vec![Para::text(source.format.clone())]),
                    Cell::new(vec![Para::text(date)]),
                    Cell::new(vec![Para::text(source.pages.to_string())]),
                ],
            });
        }
        if rows.is_empty() {
            self.para(Para::note("The bundle listed no documents."));
        } else {
            self.blocks.push(Block::Table(Table {
                columns: vec![
                    "No.".into(),
                    "File".into(),
                    "Kind of advice".into(),
                    "Format".into(),
                    "Date".into(),
                    "Pages".into(),
                ],
                widths: vec![1, 5, 3, 1, 2, 1],
                rows,
                caption: "Documents in the advice bundle".into(),
            }));
        }
        self.heading(2, "Quotes behind the statements".into());
        if self.quotes.is_empty() {
            self.para(Para::note("No statement cites a quote."));
        }
        let lines: Vec<Para> = self
            .quotes
            .iter()
            .map(|q| Para {
                kind: ParaKind::Reference,
                runs: vec![
                    Run::bold(format!("[{}] ", q.number)),
                    Run::plain(format!("{}, page {}: ", q.file, q.page)),
                    Run::italic(format!("\u{201c}{}\u{201d}", q.text)),
                ],
                cites: Vec::new(),
                anchor: Some(format!("q{}", q.number)),
            })
            .collect();
        self.blocks.extend(lines.into_iter().map(Block::Para));
    }
}

/// Whether a section sets out provision (wider table columns).
fn is_provision(section: PlanSection) -> bool {
    matches!(
        section,
        PlanSection::F | PlanSection::G | PlanSection::H1 | PlanSection::H2
    )
}

/// "A1 Summary of history", or the title alone.
fn labelled(heading: &BlockHeading) -> String {
    match &heading.label {
        Some(label) => format!("{label} {}", heading.title),
        None => heading.title.clone(),
    }
}
