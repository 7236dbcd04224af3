//! The PDF writer: our own simple layout on A4 with the standard Helvetica faces (WinAnsi, no
//! embedded fonts), word-wrapped paragraphs, headings kept with what follows, bordered tables
//! whose rows split across pages with the header row repeated, "Page N of M" footers, document
//! information, and a structure tree (Document, H1–H3, P, Table, TR, TH, TD, Div) with every
//! line of text marked as content of its element and borders and page furniture as artifacts.

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

use super::RenderError;
use super::compose::{Block, Doc, Para, ParaKind, Table};
use super::metrics;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN_X: f32 = 56.7;
const TOP: f32 = PAGE_H - 62.0;
const BOTTOM: f32 = 62.0;
const TEXT_W: f32 = PAGE_W - 2.0 * MARGIN_X;
const CELL_PAD: f32 = 4.0;

/// The four faces, as resource names F1–F4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
    Italic,
    BoldItalic,
}

impl Font {
    fn of(bold: bool, italic: bool) -> Self {
        match (bold, italic) {
            (false, false) => Font::Regular,
            (true, false) => Font::Bold,
            (false, true) => Font::Italic,
            (true, true) => Font::BoldItalic,
        }
    }

    fn bold(self) -> bool {
        matches!(self, Font::Bold | Font::BoldItalic)
    }

    fn resource(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
            Font::Italic => "F3",
            Font::BoldItalic => "F4",
        }
    }
}

/// How a paragraph is set.
#[derive(Debug, Clone, Copy)]
struct Look {
    size: f32,
    leading: f32,
    after: f32,
    grey: bool,
    rule: bool,
}

fn look(kind: ParaKind, scale: f32) -> Look {
    let (size, grey, rule, after) = match kind {
        ParaKind::Normal => (10.0, false, false, 5.0),
        ParaKind::Reference => (9.0, false, false, 3.0),
        ParaKind::Banner => (11.5, false, true, 8.0),
        ParaKind::Placeholder => (10.0, false, true, 5.0),
        ParaKind::Suggestion => (8.5, true, false, 1.0),
        ParaKind::Note => (8.5, true, false, 4.0),
    };
    let size = size * scale;
    Look {
        size,
        leading: size * 1.28,
        after: after * scale,
        grey,
        rule,
    }
}

/// One laid-out line: segments of text in one face each.
#[derive(Debug, Clone)]
struct Line {
    segments: Vec<(Font, Vec<u8>)>,
    look: Look,
}

/// A piece of cell or page content: a line (tagged to a structure element) or a gap.
#[derive(Debug, Clone)]
struct Item {
    height: f32,
    line: Option<(Line, usize)>,
}

/// A child of a structure element.
#[derive(Debug, Clone)]
enum Kid {
    Elem(usize),
    Mcr { page: usize, mcid: usize },
}

#[derive(Debug, Clone)]
struct Elem {
    role: &'static str,
    parent: usize,
    kids: Vec<Kid>,
    scope_column: bool,
}

#[derive(Debug, Default)]
struct Page {
    content: Vec<u8>,
    /// The structure element of each marked-content id, in order.
    mcids: Vec<usize>,
}

struct Layout {
    pages: Vec<Page>,
    y: f32,
    elems: Vec<Elem>,
}

/// Writes the laid-out plan as a PDF.
pub(crate) fn write(doc: &Doc, as_of: &str) -> Result<Vec<u8>, RenderError> {
    let mut layout = Layout {
        pages: vec![Page::default()],
        y: TOP,
        elems: vec![Elem {
            role: "Document",
            parent: 0,
            kids: Vec::new(),
            scope_column: false,
        }],
    };
    let mut first = true;
    for block in &doc.blocks {
        layout.block(block, 0, &mut first);
    }
    layout.finish_pages(doc.synthetic);
    assemble(doc, as_of, layout).map_err(|e| RenderError::Output {
        format: "PDF",
        message: e,
    })
}

impl Layout {
    fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn page_is_fresh(&self) -> bool {
        self.y >= TOP - 0.01
    }

    fn elem(&mut self, role: &'static str, parent: usize) -> usize {
        let id = self.elems.len();
        self.elems.push(Elem {
            role,
            parent,
            kids: Vec::new(),
            scope_column: false,
        });
        if let Some(p) = self.elems.get_mut(parent) {
            p.kids.push(Kid::Elem(id));
        }
        id
    }

    fn block(&mut self, block: &Block, parent: usize, first: &mut bool) {
        match block {
            Block::Heading { level, text, .. } => {
                let (role, size, before) = match level {
                    1 if *first => ("H1", 20.0, 0.0),
                    1 => ("H1", 15.0, 14.0),
                    2 => ("H2", 12.5, 10.0),
                    _ => ("H3", 11.0, 8.0),
                };
                *first = false;
                let look = Look {
                    size,
                    leading: size * 1.25,
                    after: 5.0,
                    grey: false,
                    rule: false,
                };
                let lines = wrap(&[(Font::Bold, text.as_str())], look, TEXT_W);
                let height: f32 = lines.len() as f32 * look.leading;
                // Keep the heading with at least a few lines of what follows.
                if self.y - before - height - 48.0 < BOTTOM && !self.page_is_fresh() {
                    self.new_page();
                } else if !self.page_is_fresh() {
                    self.y -= before;
                }
                let elem = self.elem(role, parent);
                for line in lines {
                    self.flow_line(line, elem);
                }
                self.y -= look.after;
            }
            Block::Para(para) => {
                let elem = self.elem("P", parent);
                let look = look(para.kind, 1.0);
                for line in para_lines(para, look, TEXT_W) {
                    self.flow_line(line, elem);
                }
                self.y -= look.after;
            }
            Block::Table(table) => self.table(table, parent),
            Block::Boxed(blocks) => {
                let div = self.elem("Div", parent);
                if !self.page_is_fresh() {
                    self.new_page();
                }
                for inner in blocks {
                    self.block(inner, div, first);
                }
            }
        }
    }

    /// Places one line in the page flow, starting a new page when it does not fit.
    fn flow_line(&mut self, line: Line, elem: usize) {
        if self.y - line.look.leading < BOTTOM {
            self.new_page();
        }
        let baseline = self.y - line.look.size;
        let rule = line.look.rule;
        let leading = line.look.leading;
        self.draw_line(
            &line,
            MARGIN_X + if rule { 8.0 } else { 0.0 },
            baseline,
            elem,
        );
        if rule {
            let top = self.y;
            self.artifact(&format!(
                "0.3 0.3 0.3 RG 2 w {:.2} {:.2} m {:.2} {:.2} l S 0 G",
                MARGIN_X + 1.0,
                top,
                MARGIN_X + 1.0,
                top - leading
            ));
        }
        self.y -= leading;
    }

    /// Draws a line of text at a baseline, marked as content of `elem`.
    fn draw_line(&mut self, line: &Line, x: f32, baseline: f32, elem: usize) {
        let page_index = self.pages.len() - 1;
        let page = self.page();
        let mcid = page.mcids.len();
        page.mcids.push(elem);
        let role = self.elems.get(elem).map(|e| e.role).unwrap_or("P");
        let mut out = Vec::with_capacity(64);
        let _ = write!(out, "/{role} <</MCID {mcid}>> BDC BT ");
        if line.look.grey {
            out.extend_from_slice(b"0.31 0.35 0.37 rg ");
        }
        let _ = write!(out, "{x:.2} {baseline:.2} Td ");
        for (font, bytes) in &line.segments {
            let _ = write!(out, "/{} {:.2} Tf ", font.resource(), line.look.size);
            push_string(&mut out, bytes);
            out.extend_from_slice(b" Tj ");
        }
        if line.look.grey {
            out.extend_from_slice(b"0 g ");
        }
        out.extend_from_slice(b"ET EMC\n");
        self.page().content.extend_from_slice(&out);
        if let Some(e) = self.elems.get_mut(elem) {
            e.kids.push(Kid::Mcr {
                page: page_index,
                mcid,
            });
        }
    }

    fn artifact(&mut self, ops: &str) {
        let page = self.page();
        page.content.extend_from_slice(b"/Artifact BMC ");
        page.content.extend_from_slice(ops.as_bytes());
        page.content.extend_from_slice(b" EMC\n");
    }

    fn table(&mut self, table: &Table, parent: usize) {
        let ncols = table.columns.len().max(1);
        let total: f32 = table.widths.iter().map(|w| *w as f32).sum::<f32>().max(1.0);
        let mut widths: Vec<f32> = (0..ncols)
            .map(|i| table.widths.get(i).map(|w| *w as f32).unwrap_or(1.0) / total * TEXT_W)
            .collect();
        let sum: f32 = widths.iter().sum();
        if sum > 0.0 {
            for w in &mut widths {
                *w *= TEXT_W / sum;
            }
        }
        let mut xs = vec![MARGIN_X];
        for w in &widths {
            let next = xs.last().copied().unwrap_or(MARGIN_X) + w;
            xs.push(next);
        }
        let table_elem = self.elem("Table", parent);
        // Header row.
        let head_tr = self.elem("TR", table_elem);
        let head_look = Look {
            size: 8.5,
            leading: 10.8,
            after: 0.0,
            grey: false,
            rule: false,
        };
        let header: Vec<(f32, f32, Vec<Item>)> = table
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let th = self.elem("TH", head_tr);
                if let Some(e) = self.elems.get_mut(th) {
                    e.scope_column = true;
                }
                let w = widths.get(i).copied().unwrap_or(TEXT_W);
                let items = wrap(&[(Font::Bold, c.as_str())], head_look, w - 2.0 * CELL_PAD)
                    .into_iter()
                    .map(|line| Item {
                        height: line.look.leading,
                        line: Some((line, th)),
                    })
                    .collect();
                (xs.get(i).copied().unwrap_or(MARGIN_X), w, items)
            })
            .collect();
        let header_h = cell_height(&header);
        if self.y - header_h - 40.0 < BOTTOM && !self.page_is_fresh() {
            self.new_page();
        }
        self.y -= 4.0;
        self.draw_row(&header, header_h, true, true);
        // Body rows.
        for row in &table.rows {
            let tr = self.elem("TR", table_elem);
            let mut col = 0usize;
            let mut cells: Vec<(f32, f32, Vec<Item>)> = Vec::new();
            for cell in &row.cells {
                let span = cell.span.max(1);
                let x = xs.get(col).copied().unwrap_or(MARGIN_X);
                let end = xs
                    .get((col + span).min(ncols))
                    .copied()
                    .unwrap_or(MARGIN_X + TEXT_W);
                col += span;
                let w = (end - x).max(20.0);
                let td = self.elem(if cell.header { "TH" } else { "TD" }, tr);
                let mut items = Vec::new();
                for para in &cell.paras {
                    let p = self.elem("P", td);
                    let look = look(para.kind, 0.9);
                    for line in para_lines(
                        para,
                        look,
                        w - 2.0 * CELL_PAD - if look.rule { 6.0 } else { 0.0 },
                    ) {
                        items.push(Item {
                            height: line.look.leading,
                            line: Some((line, p)),
                        });
                    }
                    items.push(Item {
                        height: look.after,
                        line: None,
                    });
                }
                if items.last().is_some_and(|i| i.line.is_none()) {
                    items.pop();
                }
                cells.push((x, w, items));
            }
            self.row_with_breaks(cells, &header, header_h);
        }
        self.y -= 8.0;
    }

    /// Draws a body row, splitting it across pages when it does not fit, with the header row
    /// repeated (as an artifact) at the top of each continuation page.
    fn row_with_breaks(
        &mut self,
        mut cells: Vec<(f32, f32, Vec<Item>)>,
        header: &[(f32, f32, Vec<Item>)],
        header_h: f32,
    ) {
        let full = cell_height(&cells);
        let page_room = TOP - BOTTOM - header_h;
        if self.y - full < BOTTOM && full <= page_room && !self.page_is_fresh() {
            self.new_page();
            self.draw_row(header, header_h, false, true);
        }
        loop {
            let full = cell_height(&cells);
            if self.y - full >= BOTTOM {
                self.draw_row(&cells, full, true, false);
                return;
            }
            // Split: take what fits on this page from each cell.
            let room = self.y - BOTTOM - 2.0 * CELL_PAD;
            let mut now: Vec<(f32, f32, Vec<Item>)> = Vec::new();
            let mut rest: Vec<(f32, f32, Vec<Item>)> = Vec::new();
            let mut progress = false;
            for (x, w, items) in cells {
                let mut used = 0.0;
                let mut take = 0;
                for item in &items {
                    if used + item.height > room {
                        break;
                    }
                    used += item.height;
                    take += 1;
                }
                if take > 0 {
                    progress = true;
                }
                let mut items = items;
                let later = items.split_off(take);
                now.push((x, w, items));
                rest.push((x, w, later));
            }
            if !progress && !self.page_is_fresh() {
                // Nothing fits in what is left of this page: start the row on the next one.
                cells = now
                    .into_iter()
                    .zip(rest)
                    .map(|((x, w, mut a), (_, _, b))| {
                        a.extend(b);
                        (x, w, a)
                    })
                    .collect();
                self.new_page();
                self.draw_row(header, header_h, false, true);
                continue;
            }
            if !progress {
                // A single line taller than a page: draw it anyway rather than loop.
                for ((_, _, a), (_, _, b)) in now.iter_mut().zip(rest.iter_mut()) {
                    if !b.is_empty() {
                        a.push(b.remove(0));
                    }
                }
            }
            let h = (self.y - BOTTOM).max(cell_height(&now));
            self.draw_row(&now, h, true, false);
            cells = rest;
            self.new_page();
            self.draw_row(header, header_h, false, true);
        }
    }

    /// Draws cells at the current position with borders; `tagged` false draws the text as an
    /// artifact (a repeated header).
    fn draw_row(
        &mut self,
        cells: &[(f32, f32, Vec<Item>)],
        height: f32,
        tagged: bool,
        shaded: bool,
    ) {
        let top = self.y;
        for (x, w, items) in cells {
            let mut ops = String::new();
            if shaded {
                ops.push_str(&format!(
                    "0.91 g {x:.2} {:.2} {w:.2} {height:.2} re f 0 g ",
                    top - height
                ));
            }
            ops.push_str(&format!(
                "0.5 w 0.2 0.2 0.2 RG {x:.2} {:.2} {w:.2} {height:.2} re S 0 G",
                top - height
            ));
            self.artifact(&ops);
            let mut y = top - CELL_PAD;
            for item in items {
                if let Some((line, elem)) = &item.line {
                    let baseline = y - line.look.size;
                    let indent = if line.look.rule { 6.0 } else { 0.0 };
                    if tagged {
                        self.draw_line(line, x + CELL_PAD + indent, baseline, *elem);
                    } else {
                        let mut out = Vec::new();
                        let _ = write!(out, "BT {:.2} {baseline:.2} Td ", x + CELL_PAD + indent);
                        for (font, bytes) in &line.segments {
                            let _ = write!(out, "/{} {:.2} Tf ", font.resource(), line.look.size);
                            push_string(&mut out, bytes);
                            out.extend_from_slice(b" Tj ");
                        }
                        out.extend_from_slice(b"ET");
                        let page = self.page();
                        page.content.extend_from_slice(b"/Artifact BMC ");
                        page.content.extend_from_slice(&out);
                        page.content.extend_from_slice(b" EMC\n");
                    }
                    if line.look.rule {
                        self.artifact(&format!(
                            "0.3 0.3 0.3 RG 1.5 w {:.2} {y:.2} m {:.2} {:.2} l S 0 G",
                            x + CELL_PAD + 1.0,
                            x + CELL_PAD + 1.0,
                            y - line.look.leading
                        ));
                    }
                }
                y -= item.height;
            }
        }
        self.y = top - height;
    }

    /// Adds the footer ("Page N of M") and, when synthetic, a header to every page.
    fn finish_pages(&mut self, synthetic: bool) {
        let total = self.pages.len();
        for (i, page) in self.pages.iter_mut().enumerate() {
            let text = metrics::encode(&format!("Page {} of {}", i + 1, total));
            let w = metrics::width(&text, false, 9.0);
            let mut out = Vec::new();
            let _ = write!(
                out,
                "/Artifact BMC BT /F1 9 Tf {:.2} 34 Td ",
                (PAGE_W - w) / 2.0
            );
            push_string(&mut out, &text);
            out.extend_from_slice(b" Tj ET EMC\n");
            if synthetic {
                let banner = metrics::encode("SYNTHETIC \u{2013} not a real plan");
                let w = metrics::width(&banner, true, 9.0);
                let _ = write!(
                    out,
                    "/Artifact BMC 0.83 0.21 0.11 rg BT /F2 9 Tf {:.2} {:.2} Td ",
                    (PAGE_W - w) / 2.0,
                    PAGE_H - 36.0
                );
                push_string(&mut out, &banner);
                out.extend_from_slice(b" Tj ET 0 g EMC\n");
            }
            page.content.extend_from_slice(&out);
        }
    }
}

fn cell_height(cells: &[(f32, f32, Vec<Item>)]) -> f32 {
    cells
        .iter()
        .map(|(_, _, items)| items.iter().map(|i| i.height).sum::<f32>())
        .fold(0.0, f32::max)
        + 2.0 * CELL_PAD
}

/// A paragraph's runs plus its citation numbers, wrapped.
fn para_lines(para: &Para, look: Look, width: f32) -> Vec<Line> {
    let cites = if para.cites.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = para.cites.iter().map(|n| n.to_string()).collect();
        format!(" [{}]", list.join(", "))
    };
    let mut runs: Vec<(Font, &str)> = para
        .runs
        .iter()
        .map(|r| (Font::of(r.bold, r.italic), r.text.as_str()))
        .collect();
    if !cites.is_empty() {
        runs.push((Font::Regular, cites.as_str()));
    }
    wrap(&runs, look, width)
}

/// Greedy word wrap over styled runs. Words longer than the width are cut.
fn wrap(runs: &[(Font, &str)], look: Look, width: f32) -> Vec<Line> {
    struct Word {
        font: Font,
        bytes: Vec<u8>,
        space_before: bool,
    }
    let mut words: Vec<Word> = Vec::new();
    let mut pending_space = false;
    for (font, text) in runs {
        let bytes = metrics::encode(text);
        for (i, piece) in bytes.split(|b| *b == b' ').enumerate() {
            if i > 0 {
                pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            words.push(Word {
                font: *font,
                bytes: piece.to_vec(),
                space_before: pending_space,
            });
            pending_space = false;
        }
    }
    let width = width.max(look.size * 2.0);
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<(Font, Vec<u8>)> = Vec::new();
    let mut used = 0.0f32;
    let push =
        |current: &mut Vec<(Font, Vec<u8>)>, font: Font, bytes: &[u8], space: bool| match current
            .last_mut()
        {
            Some((f, b)) if *f == font => {
                if space {
                    b.push(b' ');
                }
                b.extend_from_slice(bytes);
            }
            _ => {
                let mut v = Vec::with_capacity(bytes.len() + 1);
                if space {
                    v.push(b' ');
                }
                v.extend_from_slice(bytes);
                current.push((font, v));
            }
        };
    for word in words {
        let bold = word.font.bold();
        let space_w = if word.space_before && !current.is_empty() {
            metrics::width(b" ", bold, look.size)
        } else {
            0.0
        };
        let w = metrics::width(&word.bytes, bold, look.size);
        if used + space_w + w <= width {
            push(&mut current, word.font, &word.bytes, space_w > 0.0);
            used += space_w + w;
            continue;
        }
        if !current.is_empty() {
            lines.push(Line {
                segments: std::mem::take(&mut current),
                look,
            });
        }
        if w <= width {
            push(&mut current, word.font, &word.bytes, false);
            used = w;
            continue;
        }
        // Cut a word wider than the line.
        let mut chunk: Vec<u8> = Vec::new();
        let mut chunk_w = 0.0;
        for b in word.bytes {
            let bw = f32::from(metrics::advance(b, bold)) * look.size / 1000.0;
            if chunk_w + bw > width && !chunk.is_empty() {
                lines.push(Line {
                    segments: vec![(word.font, std::mem::take(&mut chunk))],
                    look,
                });
                chunk_w = 0.0;
            }
            chunk.push(b);
            chunk_w += bw;
        }
        push(&mut current, word.font, &chunk, false);
        used = chunk_w;
    }
    if !current.is_empty() {
        lines.push(Line {
            segments: current,
            look,
        });
    }
    lines
}

/// Writes a PDF literal string, escaping what must be escaped.
fn push_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(*b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(*b),
        }
    }
    out.push(b')');
}

/// A text string for document information: UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Builds the PDF objects: fonts, pages, structure tree, catalogue and information.
fn assemble(doc: &Doc, as_of: &str, layout: Layout) -> Result<Vec<u8>, String> {
    let mut pdf = Document::with_version("1.7");
    let pages_id = pdf.new_object_id();
    let mut fonts = Dictionary::new();
    for (name, base) in [
        ("F1", "Helvetica"),
        ("F2", "Helvetica-Bold"),
        ("F3", "Helvetica-Oblique"),
        ("F4", "Helvetica-BoldOblique"),
    ] {
        let id = pdf.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => base,
            "Encoding" => "WinAnsiEncoding",
        });
        fonts.set(name, id);
    }
    let resources_id = pdf.add_object(dictionary! { "Font" => fonts });
    let page_ids: Vec<ObjectId> = layout.pages.iter().map(|_| pdf.new_object_id()).collect();
    let elem_ids: Vec<ObjectId> = layout.elems.iter().map(|_| pdf.new_object_id()).collect();
    let root_id = pdf.new_object_id();
    let parent_tree_id = pdf.new_object_id();
    let elem_ref = |i: usize| -> Result<ObjectId, String> {
        elem_ids
            .get(i)
            .copied()
            .ok_or_else(|| "structure element out of range".to_owned())
    };
    // Pages.
    let mut nums: Vec<Object> = Vec::new();
    for (i, page) in layout.pages.iter().enumerate() {
        let mut stream = Stream::new(dictionary! {}, page.content.clone());
        stream.compress().map_err(|e| e.to_string())?;
        let content_id = pdf.add_object(stream);
        pdf.objects.insert(
            page_ids[i],
            Object::Dictionary(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => content_id,
                "Resources" => resources_id,
                "MediaBox" => vec![0.into(), 0.into(), Object::Real(PAGE_W), Object::Real(PAGE_H)],
                "StructParents" => i as i64,
                "Tabs" => "S",
            }),
        );
        let refs: Result<Vec<Object>, String> = page
            .mcids
            .iter()
            .map(|e| elem_ref(*e).map(Object::Reference))
            .collect();
        nums.push((i as i64).into());
        nums.push(Object::Array(refs?));
    }
    pdf.objects.insert(
        parent_tree_id,
        Object::Dictionary(dictionary! { "Nums" => nums }),
    );
    // Structure elements.
    for (i, elem) in layout.elems.iter().enumerate() {
        let parent = if i == 0 {
            root_id
        } else {
            elem_ref(elem.parent)?
        };
        let mut kids: Vec<Object> = Vec::new();
        for kid in &elem.kids {
            match kid {
                Kid::Elem(k) => kids.push(Object::Reference(elem_ref(*k)?)),
                Kid::Mcr { page, mcid } => {
                    let pg = page_ids
                        .get(*page)
                        .copied()
                        .ok_or_else(|| "page out of range".to_owned())?;
                    kids.push(Object::Dictionary(dictionary! {
                        "Type" => "MCR",
                        "Pg" => pg,
                        "MCID" => *mcid as i64,
                    }));
                }
            }
        }
        let mut dict = dictionary! {
            "Type" => "StructElem",
            "S" => elem.role,
            "P" => parent,
            "K" => kids,
        };
        if elem.scope_column {
            dict.set("A", dictionary! { "O" => "Table", "Scope" => "Column" });
        }
        pdf.objects.insert(elem_ids[i], Object::Dictionary(dict));
    }
    let document_elem = elem_ref(0)?;
    pdf.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => document_elem,
            "ParentTree" => parent_tree_id,
            "ParentTreeNextKey" => layout.pages.len() as i64,
        }),
    );
    let count = page_ids.len() as i64;
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => page_ids.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>(),
            "Count" => count,
        }),
    );
    let catalog_id = pdf.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "StructTreeRoot" => root_id,
        "MarkInfo" => dictionary! { "Marked" => true },
        "Lang" => Object::string_literal("en-GB"),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
    });
    let mut info = dictionary! {
        "Title" => text_string(&doc.title),
        "Subject" => text_string(&format!("Draft EHC plan as of {as_of}")),
        "Creator" => text_string("dehcp"),
        "Producer" => text_string("dehcp (lopdf)"),
    };
    if doc.synthetic {
        info.set("Keywords", text_string("synthetic"));
    }
    let digits: String = as_of.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 {
        info.set(
            "CreationDate",
            Object::string_literal(format!("D:{digits}000000Z")),
        );
    }
    let info_id = pdf.add_object(info);
    pdf.trailer.set("Root", catalog_id);
    pdf.trailer.set("Info", info_id);
    let mut out = Vec::new();
    pdf.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}
