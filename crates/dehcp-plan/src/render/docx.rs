//! The Word writer: real paragraph styles (Heading 1–3, Normal and a few of our own), a table
//! style, A4 pages with "Page N of M" in the footer, and each statement's quotes as a Word
//! comment ("Evidence: file, page N: “quote”") over the statement.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Comment, Docx, Footer, Header, LineSpacing, NumPages, PageMargin,
    PageNum, Paragraph, Run, RunFonts, Shading, ShdType, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use super::RenderError;
use super::compose::{Block, Doc, Para, ParaKind};

/// A4 in twentieths of a point.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
/// 2 cm margins.
const MARGIN: i32 = 1_134;
/// Text width between the margins.
const TEXT_WIDTH: usize = 11_906 - 2 * 1_134;

/// Writes the laid-out plan as a DOCX package.
pub(crate) fn write(doc: &Doc, as_of: &str) -> Result<Vec<u8>, RenderError> {
    let mut writer = Writer {
        doc,
        next_comment: 1,
        date: comment_date(as_of),
    };
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN)
                .header(567)
                .footer(567),
        )
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22)
        .custom_property("dehcp-title", clean(&doc.title));
    if let Some(date) = &writer.date {
        docx = docx.created_at(date).updated_at(date);
    }
    for style in styles() {
        docx = docx.add_style(style);
    }
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(AlignmentType::Center)
            .add_run(Run::new().add_text("Page "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" of "))
            .add_num_pages(NumPages::new()),
    );
    docx = docx.footer(footer);
    if doc.synthetic {
        docx = docx.header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .style("Header")
                    .align(AlignmentType::Center)
                    .add_run(
                        Run::new()
                            .add_text("SYNTHETIC \u{2013} not a real plan")
                            .bold(),
                    ),
            ),
        );
    }
    docx = docx.add_paragraph(
        Paragraph::new()
            .style("Title")
            .add_run(Run::new().add_text(clean(&doc.title))),
    );
    let mut first_heading = true;
    for block in &doc.blocks {
        docx = writer.block(docx, block, &mut first_heading);
    }
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| RenderError::Output {
            format: "DOCX",
            message: e.to_string(),
        })?;
    Ok(out.into_inner())
}

struct Writer<'a> {
    doc: &'a Doc,
    next_comment: usize,
    date: Option<String>,
}

impl Writer<'_> {
    fn block(&mut self, docx: Docx, block: &Block, first_heading: &mut bool) -> Docx {
        match block {
            Block::Heading { level, text, .. } => {
                if *first_heading {
                    // The document title is the first level-1 heading; the Title paragraph
                    // already shows it.
                    *first_heading = false;
                    return docx;
                }
                let style = match level {
                    1 => "Heading1",
                    2 => "Heading2",
                    _ => "Heading3",
                };
                docx.add_paragraph(
                    Paragraph::new()
                        .style(style)
                        .keep_next(true)
                        .add_run(Run::new().add_text(clean(text))),
                )
            }
            Block::Para(para) => docx.add_paragraph(self.paragraph(para)),
            Block::Table(table) => {
                let total: u32 = table.widths.iter().sum::<u32>().max(1);
                let grid: Vec<usize> = table
                    .widths
                    .iter()
                    .map(|w| TEXT_WIDTH * (*w as usize) / (total as usize))
                    .collect();
                let header = TableRow::new(
                    table
                        .columns
                        .iter()
                        .zip(&grid)
                        .map(|(c, w)| {
                            TableCell::new()
                                .width(*w, WidthType::Dxa)
                                .shading(Shading::new().shd_type(ShdType::Clear).fill("E8E8E8"))
                                .add_paragraph(
                                    Paragraph::new()
                                        .style("TableHeading")
                                        .add_run(Run::new().add_text(clean(c)).bold()),
                                )
                        })
                        .collect(),
                )
                .cant_split();
                let mut rows = vec![header];
                for row in &table.rows {
                    let mut col = 0;
                    let mut cells = Vec::new();
                    for cell in &row.cells {
                        let span = cell.span.max(1);
                        let width: usize = grid.iter().skip(col).take(span).sum();
                        col += span;
                        let mut tc = TableCell::new().width(width.max(1), WidthType::Dxa);
                        if span > 1 {
                            tc = tc.grid_span(span);
                        }
                        if cell.header {
                            tc = tc.shading(Shading::new().shd_type(ShdType::Clear).fill("F3F2F1"));
                        }
                        if cell.paras.is_empty() {
                            tc = tc.add_paragraph(Paragraph::new().style("TableText"));
                        }
                        for para in &cell.paras {
                            tc = tc.add_paragraph(self.paragraph(para));
                        }
                        cells.push(tc);
                    }
                    rows.push(TableRow::new(cells));
                }
                let docx = docx.add_table(
                    Table::new(rows)
                        .style("PlanTable")
                        .set_grid(grid)
                        .width(TEXT_WIDTH, WidthType::Dxa),
                );
                // Word needs a paragraph between two tables, and it gives the table room.
                docx.add_paragraph(Paragraph::new().style("Normal"))
            }
            Block::Boxed(blocks) => {
                let mut docx = docx
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
                for inner in blocks {
                    docx = self.block(docx, inner, first_heading);
                }
                docx
            }
        }
    }

    fn paragraph(&mut self, para: &Para) -> Paragraph {
        let style = match para.kind {
            ParaKind::Normal | ParaKind::Reference => "Normal",
            ParaKind::Banner => "Banner",
            ParaKind::Placeholder => "Placeholder",
            ParaKind::Suggestion => "Suggestion",
            ParaKind::Note => "Note",
        };
        let mut p = Paragraph::new().style(style);
        let comment_id = if para.cites.is_empty() {
            None
        } else {
            let id = self.next_comment;
            self.next_comment += 1;
            let mut comment = Comment::new(id).author("dehcp evidence");
            if let Some(date) = &self.date {
                comment = comment.date(date.clone());
            }
            for n in &para.cites {
                if let Some(q) = n.checked_sub(1).and_then(|i| self.doc.quotes.get(i)) {
                    comment = comment.add_paragraph(Paragraph::new().add_run(Run::new().add_text(
                        clean(&format!(
                            "Evidence [{}]: {}, page {}: \u{201c}{}\u{201d}",
                            q.number, q.file, q.page, q.text
                        )),
                    )));
                }
            }
            p = p.add_comment_start(comment);
            Some(id)
        };
        for run in &para.runs {
            let mut r = Run::new().add_text(clean(&run.text));
            if run.bold {
                r = r.bold();
            }
            if run.italic {
                r = r.italic();
            }
            p = p.add_run(r);
        }
        if !para.cites.is_empty() {
            let list: Vec<String> = para.cites.iter().map(|n| n.to_string()).collect();
            p = p.add_run(
                Run::new()
                    .add_text(format!(" [{}]", list.join(", ")))
                    .size(16)
                    .color("505A5F"),
            );
        }
        if let Some(id) = comment_id {
            p = p.add_comment_end(id);
        }
        p
    }
}

/// The styles the plan uses. Heading styles carry outline levels so Word's navigation pane and
/// table of contents see them.
fn styles() -> Vec<Style> {
    let para = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
    };
    vec![
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .q_format(true)
            .size(22)
            .line_spacing(LineSpacing::new().after(120)),
        para("Title", "Title")
            .bold()
            .size(40)
            .line_spacing(LineSpacing::new().after(240)),
        para("Heading1", "heading 1")
            .bold()
            .size(32)
            .outline_lvl(0)
            .line_spacing(LineSpacing::new().before(360).after(120)),
        para("Heading2", "heading 2")
            .bold()
            .size(28)
            .outline_lvl(1)
            .line_spacing(LineSpacing::new().before(240).after(120)),
        para("Heading3", "heading 3")
            .bold()
            .size(24)
            .outline_lvl(2)
            .line_spacing(LineSpacing::new().before(200).after(80)),
        para("Banner", "dehcp banner")
            .bold()
            .size(24)
            .color("D4351C"),
        para("Placeholder", "dehcp placeholder")
            .bold()
            .highlight("yellow"),
        para("Suggestion", "dehcp suggestion label")
            .italic()
            .size(18)
            .color("505A5F"),
        para("Note", "dehcp note").italic().size(18).color("505A5F"),
        para("TableHeading", "dehcp table heading").bold(),
        para("TableText", "dehcp table text"),
        para("Header", "header").size(18),
        para("Footer", "footer").size(18),
        Style::new("PlanTable", StyleType::Table)
            .name("dehcp plan table")
            .q_format(true),
    ]
}

/// A W3C date-time for comments and document properties, when `as_of` is a plain date.
fn comment_date(as_of: &str) -> Option<String> {
    let ok = as_of.len() == 10
        && as_of.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    ok.then(|| format!("{as_of}T00:00:00Z"))
}

/// Removes characters XML 1.0 cannot hold (control characters), keeping tabs as spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => ' ',
            '\u{FFFE}' | '\u{FFFF}' => ' ',
            c => c,
        })
        .collect()
}
