//! The HTML writer: one self-contained page following GOV.UK Design System patterns (skip link,
//! heading classes, tables with scoped headers, inset text for placeholders, tags for
//! suggestions), with every citation a link to its quote in the sources appendix. All text is
//! escaped; the page loads nothing from elsewhere.

use std::fmt::Write as _;

use super::compose::{Block, Doc, Para, ParaKind, SYNTHETIC_BANNER, Table};

/// A trimmed copy of the GOV.UK Frontend styles the page uses, so it needs no network.
pub(crate) const STYLE: &str = r#"
body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#fff;font-size:19px;line-height:1.32}
.govuk-skip-link{position:absolute;left:-9999px;top:0;padding:10px 15px;background:#fd0;color:#0b0c0c}
.govuk-skip-link:focus{left:0;z-index:10;outline:3px solid #fd0}
.govuk-header{background:#0b0c0c;color:#fff;padding:10px 0;border-bottom:10px solid #1d70b8}
.govuk-header__service-name{font-weight:700;font-size:24px}
.govuk-width-container{max-width:960px;margin:0 15px}
@media (min-width:990px){.govuk-width-container{margin:0 auto}}
.govuk-main-wrapper{padding:40px 0}
.govuk-heading-xl{font-size:48px;margin:0 0 30px;font-weight:700;line-height:1.1}
.govuk-heading-l{font-size:36px;margin:40px 0 20px;font-weight:700;line-height:1.1}
.govuk-heading-m{font-size:24px;margin:30px 0 15px;font-weight:700}
.govuk-heading-s{font-size:19px;margin:20px 0 10px;font-weight:700}
.govuk-body{margin:0 0 15px}
.govuk-body-s{font-size:16px;margin:0 0 10px}
.dehcp-note{color:#505a5f}
.govuk-link{color:#1d70b8}
.govuk-link:focus{outline:3px solid transparent;background:#fd0;color:#0b0c0c}
.govuk-inset-text{padding:15px;margin:15px 0;border-left:10px solid #b1b4b6}
.govuk-warning-text{font-weight:700;padding:10px 15px;border:4px solid #d4351c;margin:0 0 20px}
.govuk-tag{display:inline-block;padding:2px 8px;font-weight:700;font-size:16px;background:#fff7bf;color:#594d00}
.govuk-table{width:100%;border-collapse:collapse;margin:0 0 30px;font-size:16px}
.govuk-table__header,.govuk-table__cell{padding:10px;border:1px solid #b1b4b6;text-align:left;vertical-align:top}
.govuk-table__head .govuk-table__header{background:#f3f2f1}
.govuk-table__body th.govuk-table__header{background:#f8f8f8;font-weight:400}
.govuk-visually-hidden{position:absolute;width:1px;height:1px;margin:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.govuk-list{padding-left:20px}
.dehcp-box{border:5px solid #1d70b8;padding:0 20px 10px;margin:40px 0}
.dehcp-cite{font-size:14px}
.govuk-footer{border-top:1px solid #b1b4b6;background:#f3f2f1;padding:25px 0;font-size:16px}
"#;

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The page head, skip link and header, shared with the easy-read page.
pub(crate) fn open_page(out: &mut String, title: &str, service: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <a href=\"#main-content\" class=\"govuk-skip-link\">Skip to main content</a>\n\
         <header class=\"govuk-header\" role=\"banner\"><div class=\"govuk-width-container\">\
         <span class=\"govuk-header__service-name\">{}</span></div></header>\n\
         <div class=\"govuk-width-container\">\n\
         <main class=\"govuk-main-wrapper\" id=\"main-content\" role=\"main\">\n",
        escape(title),
        escape(service)
    );
}

/// Closes what [`open_page`] opened.
pub(crate) fn close_page(out: &mut String, footer: &str) {
    let _ = write!(
        out,
        "</main>\n</div>\n<footer class=\"govuk-footer\" role=\"contentinfo\">\
         <div class=\"govuk-width-container\">{}</div></footer>\n</body>\n</html>\n",
        escape(footer)
    );
}

/// Writes the laid-out plan as one HTML page.
pub(crate) fn write(doc: &Doc) -> String {
    let mut out = String::with_capacity(64 * 1024);
    open_page(&mut out, &doc.title, "Draft EHC plan");
    // Contents: the level-1 headings after the title.
    let mut contents = String::new();
    collect_contents(&doc.blocks, &mut contents, &mut true);
    let mut first = true;
    let mut headings = 0;
    for block in &doc.blocks {
        if matches!(block, Block::Heading { .. }) {
            headings += 1;
            // The contents list goes after the title and introduction.
            if headings == 2 && !contents.is_empty() {
                let _ = writeln!(
                    out,
                    "<nav aria-labelledby=\"contents-title\"><h2 class=\"govuk-heading-m\" \
                     id=\"contents-title\">Contents</h2><ul class=\"govuk-list\">{contents}</ul></nav>"
                );
            }
        }
        block_html(&mut out, block, &mut first);
    }
    close_page(
        &mut out,
        "Drafted by dehcp. Every statement links to the quotes it comes from.",
    );
    out
}

fn collect_contents(blocks: &[Block], out: &mut String, first: &mut bool) {
    for block in blocks {
        match block {
            Block::Heading {
                level: 1,
                text,
                anchor,
            } => {
                if *first {
                    *first = false;
                    continue;
                }
                let _ = write!(
                    out,
                    "<li><a class=\"govuk-link\" href=\"#{}\">{}</a></li>",
                    escape(anchor),
                    escape(text)
                );
            }
            Block::Boxed(inner) => collect_contents(inner, out, first),
            _ => {}
        }
    }
}

fn block_html(out: &mut String, block: &Block, first: &mut bool) {
    match block {
        Block::Heading {
            level,
            text,
            anchor,
        } => {
            let (tag, class) = match level {
                1 if *first => ("h1", "govuk-heading-xl"),
                1 => ("h2", "govuk-heading-l"),
                2 => ("h3", "govuk-heading-m"),
                _ => ("h4", "govuk-heading-s"),
            };
            *first = false;
            let _ = writeln!(
                out,
                "<{tag} class=\"{class}\" id=\"{}\">{}</{tag}>",
                escape(anchor),
                escape(text)
            );
        }
        Block::Para(para) => para_html(out, para),
        Block::Table(table) => table_html(out, table),
        Block::Boxed(blocks) => {
            let label = blocks.iter().find_map(|b| match b {
                Block::Heading { anchor, .. } => Some(anchor.clone()),
                _ => None,
            });
            match label {
                Some(a) => {
                    let _ = writeln!(
                        out,
                        "<section class=\"dehcp-box\" aria-labelledby=\"{}\">",
                        escape(&a)
                    );
                }
                None => out.push_str("<section class=\"dehcp-box\">\n"),
            }
            for inner in blocks {
                block_html(out, inner, first);
            }
            out.push_str("</section>\n");
        }
    }
}

fn runs_html(out: &mut String, para: &Para) {
    for run in &para.runs {
        let text = escape(&run.text);
        match (run.bold, run.italic) {
            (true, true) => {
                let _ = write!(out, "<strong><em>{text}</em></strong>");
            }
            (true, false) => {
                let _ = write!(out, "<strong>{text}</strong>");
            }
            (false, true) => {
                let _ = write!(out, "<em>{text}</em>");
            }
            (false, false) => out.push_str(&text),
        }
    }
    if !para.cites.is_empty() {
        out.push_str(" <span class=\"dehcp-cite\">[");
        for (i, n) in para.cites.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "<a class=\"govuk-link\" href=\"#q{n}\" aria-label=\"Evidence: quote {n}\">{n}</a>"
            );
        }
        out.push_str("]</span>");
    }
}

fn para_html(out: &mut String, para: &Para) {
    let id = para
        .anchor
        .as_ref()
        .map(|a| format!(" id=\"{}\"", escape(a)))
        .unwrap_or_default();
    match para.kind {
        ParaKind::Normal => {
            let _ = write!(out, "<p class=\"govuk-body\"{id}>");
            runs_html(out, para);
            out.push_str("</p>\n");
        }
        ParaKind::Reference => {
            let _ = write!(out, "<p class=\"govuk-body-s\"{id}>");
            runs_html(out, para);
            out.push_str("</p>\n");
        }
        ParaKind::Note => {
            let _ = write!(out, "<p class=\"govuk-body-s dehcp-note\"{id}>");
            runs_html(out, para);
            out.push_str("</p>\n");
        }
        ParaKind::Suggestion => {
            let _ = write!(
                out,
                "<p class=\"govuk-body-s\"{id}><strong class=\"govuk-tag\">"
            );
            out.push_str(&escape(&para.plain_text()));
            out.push_str("</strong></p>\n");
        }
        ParaKind::Placeholder => {
            let _ = write!(out, "<div class=\"govuk-inset-text\"{id}>");
            runs_html(out, para);
            out.push_str("</div>\n");
        }
        ParaKind::Banner => {
            let _ = writeln!(
                out,
                "<div class=\"govuk-warning-text\"{id} role=\"note\"><span class=\"govuk-visually-hidden\">Warning: </span>{}</div>",
                escape(SYNTHETIC_BANNER)
            );
        }
    }
}

fn table_html(out: &mut String, table: &Table) {
    let _ = write!(
        out,
        "<table class=\"govuk-table\">\n<caption class=\"govuk-table__caption govuk-visually-hidden\">{}</caption>\n\
         <thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">",
        escape(&table.caption)
    );
    for column in &table.columns {
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"govuk-table__header\">{}</th>",
            escape(column)
        );
    }
    out.push_str("</tr></thead>\n<tbody class=\"govuk-table__body\">\n");
    for row in &table.rows {
        out.push_str("<tr class=\"govuk-table__row\">");
        for cell in &row.cells {
            let span = if cell.span > 1 {
                format!(" colspan=\"{}\"", cell.span)
            } else {
                String::new()
            };
            let (open, close) = if cell.header {
                let scope = "row";
                (
                    format!("<th scope=\"{scope}\" class=\"govuk-table__header\"{span}>"),
                    "</th>",
                )
            } else {
                (format!("<td class=\"govuk-table__cell\"{span}>"), "</td>")
            };
            out.push_str(&open);
            for para in &cell.paras {
                para_html(out, para);
            }
            out.push_str(close);
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}
