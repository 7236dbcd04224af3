//! PDF: the text layer page by page, in content-stream (reading) order, with OCR for scans.
//!
//! The default path is pure Rust: lopdf parses the file and this module walks each page's
//! content stream itself, following the text and graphics matrices so that it knows where
//! every piece of text sits. Lines are grouped into paragraphs at large vertical gaps, changes
//! of type size and bullets; a short line set clearly larger than the document's body text
//! becomes a heading. Pages read this way are recorded as [`Extractor::PdfText`].
//!
//! Only when that path yields nothing usable for a page (no text, garbled text, or an error)
//! are Debian's poppler and tesseract tools tried, if installed: `pdftotext` for the page
//! ([`Extractor::Pdftotext`]), then, for a page that draws pictures, `pdftoppm` and
//! `tesseract` ([`Extractor::Tesseract`]). A missing tool gives a warning naming the package
//! and leaves the page without text; the rest of the file is still read.
//!
//! What this module must not do: decrypt or guess passwords (an `/Encrypt` entry means
//! [`IngestError::Encrypted`]), accept a truncated file (it is [`IngestError::Corrupt`]), run
//! a tool without a time limit, leave temporary files behind, or panic on hostile input.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::PathBuf;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object, ObjectId};

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::ocr::{self, Budget, RunError, Scratch, Tools};
use crate::model::{BlockKind, Diagnostic, DocumentBuilder, Extractor, Severity};
use crate::{IngestError, Limits};

/// Diagnostic code: a page's text layer looks garbled and nothing better was available.
pub const GARBLED_TEXT: &str = "ING0304";
/// Diagnostic code: a page could not be read and was left without text.
pub const PAGE_UNREADABLE: &str = "ING0305";

/// How far from the end of the file `%%EOF` must appear; beyond it the file is truncated.
const EOF_WINDOW: usize = 16 * 1024;

/// Extracts the text of a PDF, page by page.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    extract_with(format, file_name, bytes, limits, Tools::allowed(limits))
}

/// [`extract`] with the external tools given (tests pass missing ones).
pub(crate) fn extract_with(
    format: Format,
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
    tools: &Tools,
) -> Extracted {
    let name = format.name();
    let corrupt = |detail: &str| IngestError::Corrupt {
        format: name,
        detail: detail.to_owned(),
    };
    let mentions_encrypt = contains(bytes, b"/Encrypt");
    let max_stream = usize::try_from(limits.max_expanded_bytes).unwrap_or(usize::MAX);
    let options = LoadOptions {
        max_decompressed_size: Some(max_stream),
        ..LoadOptions::default()
    };
    let document = match Document::load_mem_with_options(bytes, options) {
        Ok(document) => document,
        Err(_) if mentions_encrypt => return Err(IngestError::Encrypted { format: name }),
        Err(error) => return Err(corrupt(describe(&error))),
    };
    if document.trailer.has(b"Encrypt") || document.was_encrypted() {
        return Err(IngestError::Encrypted { format: name });
    }
    if !ends_with_eof_marker(bytes) {
        return Err(corrupt(
            "it has no end-of-file marker, so it was probably cut short",
        ));
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err(corrupt("it has no pages"));
    }

    let mut tooling = Tooling {
        tools,
        budget: Budget::new(limits.timeout.saturating_mul(3) / 4),
        scratch: None,
        bytes,
    };
    let mut diagnostics = Vec::new();
    let mut unocred = Vec::new();
    let mut out_of_time = Vec::new();
    let mut read: Vec<PageText> = Vec::with_capacity(pages.len());
    for (&number, &page_id) in &pages {
        let native = native_page(&document, page_id, max_stream);
        let (native_paragraphs, draws_images, failed) = match native {
            Ok((paragraphs, images)) => (paragraphs, images, false),
            Err(_) => (Vec::new(), true, true),
        };
        let native_text: String = native_paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let has_text = !native_text.trim().is_empty();
        let is_garbled = has_text && garbled(&native_text);
        if has_text && !is_garbled {
            read.push(PageText::new(number, Extractor::PdfText, native_paragraphs));
            continue;
        }
        if let Some(paragraphs) = tooling.pdftotext(number) {
            read.push(PageText::new(number, Extractor::Pdftotext, paragraphs));
            continue;
        }
        if is_garbled {
            diagnostics.push(Diagnostic {
                code: GARBLED_TEXT,
                severity: Severity::Warning,
                message: "the text on this page may be garbled (the PDF's fonts do not say which \
                          letters they draw); check it against the original"
                    .to_owned(),
                page: Some(number),
            });
            read.push(PageText::new(number, Extractor::PdfText, native_paragraphs));
            continue;
        }
        if !draws_images {
            // A blank page, or one drawn only with lines and shapes.
            read.push(PageText::new(number, Extractor::PdfText, Vec::new()));
            continue;
        }
        match tooling.ocr(number) {
            Ok(page) => {
                diagnostics.extend(ocr::low_confidence(number, page.confidence));
                let mut text = PageText::new(number, Extractor::Tesseract, page.paragraphs);
                text.confidence = page.confidence;
                read.push(text);
            }
            Err(OcrProblem::Missing(tool, package)) => {
                unocred.push((number, tool, package));
                read.push(PageText::new(number, Extractor::PdfText, Vec::new()));
            }
            Err(OcrProblem::Run(_, RunError::TimedOut)) => {
                out_of_time.push(number);
                read.push(PageText::new(number, Extractor::PdfText, Vec::new()));
            }
            Err(OcrProblem::Run(tool, error)) => {
                diagnostics.push(ocr::tool_failed(Some(number), tool, error));
                read.push(PageText::new(number, Extractor::PdfText, Vec::new()));
            }
        }
        let left_empty = read.last().is_none_or(|page| page.paragraphs.is_empty());
        if failed && left_empty {
            diagnostics.push(Diagnostic {
                code: PAGE_UNREADABLE,
                severity: Severity::Warning,
                message: "this page's content could not be read, so it was left without text"
                    .to_owned(),
                page: Some(number),
            });
        }
    }
    if let Some(&(first, tool, package)) = unocred.first() {
        let mut diagnostic = ocr::missing_tool(Some(first), tool, package);
        if unocred.len() > 1 {
            diagnostic.message = format!(
                "{tool} {} not installed, so {} scanned pages (the first is page {first}) were \
                 left without text; install {package}",
                ocr::verb(tool),
                unocred.len()
            );
        }
        diagnostics.push(diagnostic);
    }
    if let Some(&first) = out_of_time.first() {
        diagnostics.push(Diagnostic {
            code: ocr::OCR_FAILED,
            severity: Severity::Warning,
            message: format!(
                "the time limit was reached, so {} scanned page(s) from page {first} on were \
                 left without text",
                out_of_time.len()
            ),
            page: Some(first),
        });
    }

    let body_size = body_size(&read);
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    for page in &read {
        builder.page(page.number, page.extractor, page.confidence);
        for paragraph in &page.paragraphs {
            let kind = classify(paragraph, body_size);
            let text = match kind {
                BlockKind::ListItem => strip_bullet(&paragraph.text),
                _ => paragraph.text.as_str(),
            };
            builder.block(page.number, kind, text);
        }
    }
    Ok((builder.finish(), diagnostics))
}

/// One page's paragraphs and where they came from.
#[derive(Debug)]
struct PageText {
    number: u32,
    extractor: Extractor,
    confidence: Option<f32>,
    paragraphs: Vec<Paragraph>,
}

impl PageText {
    fn new(number: u32, extractor: Extractor, paragraphs: Vec<Paragraph>) -> Self {
        PageText {
            number,
            extractor,
            confidence: None,
            paragraphs,
        }
    }
}

/// A paragraph with the type size it was set in (0 when unknown) and its number of lines.
#[derive(Debug, Clone, PartialEq)]
struct Paragraph {
    text: String,
    size: f32,
    lines: usize,
}

impl From<String> for Paragraph {
    fn from(text: String) -> Self {
        Paragraph {
            text,
            size: 0.0,
            lines: 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// External tools

/// Why OCR did not happen.
enum OcrProblem {
    /// A tool is not installed: its name and Debian package.
    Missing(&'static str, &'static str),
    /// A tool failed.
    Run(&'static str, RunError),
}

/// External tools for one file: the PDF is written to a private directory once, on first use.
struct Tooling<'a> {
    tools: &'a Tools,
    budget: Budget,
    scratch: Option<(Scratch, PathBuf)>,
    bytes: &'a [u8],
}

impl Tooling<'_> {
    /// The scratch directory and the PDF's path in it.
    fn pdf(&mut self) -> Result<(&Scratch, PathBuf), RunError> {
        if self.scratch.is_none() {
            let scratch = Scratch::new().map_err(|_| RunError::TempFile)?;
            let path = scratch
                .write("input.pdf", self.bytes)
                .map_err(|_| RunError::TempFile)?;
            self.scratch = Some((scratch, path));
        }
        match &self.scratch {
            Some((scratch, path)) => Ok((scratch, path.clone())),
            None => Err(RunError::TempFile),
        }
    }

    /// The page's text from `pdftotext`, if installed and it finds clean text.
    fn pdftotext(&mut self, number: u32) -> Option<Vec<Paragraph>> {
        let program = self.tools.pdftotext.get()?.to_owned();
        if self.budget.exhausted() {
            return None;
        }
        let (scratch, input) = self.pdf().ok()?;
        let output = scratch.path(&format!("page-{number}.txt"));
        let page = number.to_string();
        let args = [
            OsStr::new("-q"),
            OsStr::new("-f"),
            OsStr::new(&page),
            OsStr::new("-l"),
            OsStr::new(&page),
            OsStr::new("-enc"),
            OsStr::new("UTF-8"),
            input.as_os_str(),
            output.as_os_str(),
        ];
        self.budget.run(&program, &args).ok()?;
        let text = fs::read_to_string(&output).ok()?;
        let _ = fs::remove_file(&output);
        if text.trim().is_empty() || garbled(&text) {
            return None;
        }
        let paragraphs: Vec<Paragraph> = text
            .split(['\u{0c}'])
            .flat_map(|page| page.split("\n\n"))
            .map(|paragraph| {
                let lines: Vec<&str> = paragraph.lines().collect();
                Paragraph {
                    lines: lines.len(),
                    ..Paragraph::from(join_lines(lines.iter().copied()))
                }
            })
            .filter(|paragraph| !paragraph.text.trim().is_empty())
            .collect();
        Some(paragraphs)
    }

    /// Renders the page with `pdftoppm` and reads it with `tesseract`.
    fn ocr(&mut self, number: u32) -> Result<OcrPageText, OcrProblem> {
        let (pdftoppm, tesseract) = match (self.tools.pdftoppm.get(), self.tools.tesseract.get()) {
            (Some(pdftoppm), Some(tesseract)) => (pdftoppm.to_owned(), tesseract.to_owned()),
            (None, None) => {
                return Err(OcrProblem::Missing(
                    "pdftoppm and tesseract",
                    "poppler-utils, tesseract-ocr and tesseract-ocr-eng",
                ));
            }
            (None, Some(_)) => return Err(OcrProblem::Missing("pdftoppm", ocr::POPPLER_PACKAGE)),
            (Some(_), None) => {
                return Err(OcrProblem::Missing("tesseract", ocr::TESSERACT_PACKAGES));
            }
        };
        let (_, input) = self.pdf().map_err(|e| OcrProblem::Run("pdftoppm", e))?;
        let Some((scratch, _)) = &self.scratch else {
            return Err(OcrProblem::Run("pdftoppm", RunError::TempFile));
        };
        let stem = format!("page-{number}");
        let image_root = scratch.path(&stem);
        let image = scratch.path(&format!("{stem}.png"));
        let page = number.to_string();
        let args = [
            OsStr::new("-r"),
            OsStr::new("200"),
            OsStr::new("-f"),
            OsStr::new(&page),
            OsStr::new("-l"),
            OsStr::new(&page),
            OsStr::new("-png"),
            OsStr::new("-singlefile"),
            input.as_os_str(),
            image_root.as_os_str(),
        ];
        self.budget
            .run(&pdftoppm, &args)
            .map_err(|e| OcrProblem::Run("pdftoppm", e))?;
        let pages = ocr::tesseract(&mut self.budget, &tesseract, scratch, &image, &stem)
            .map_err(|e| OcrProblem::Run("tesseract", e))?;
        let _ = fs::remove_file(&image);
        let _ = fs::remove_file(scratch.path(&format!("{stem}.tsv")));
        let mut paragraphs = Vec::new();
        let mut confidence = None;
        for page in pages {
            paragraphs.extend(page.paragraphs.into_iter().map(Paragraph::from));
            confidence = confidence.or(page.confidence);
        }
        Ok(OcrPageText {
            paragraphs,
            confidence,
        })
    }
}

/// What OCR made of one page.
struct OcrPageText {
    paragraphs: Vec<Paragraph>,
    confidence: Option<f32>,
}

// ---------------------------------------------------------------------------------------------
// The native text-layer reader

/// A 2-D affine matrix `[a b c d e f]` as in the PDF specification.
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n` in PDF's row-vector convention (apply `m` first, then `n`).
fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// A font as far as text extraction needs it.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// `/FirstChar` and `/Widths` (thousandths of an em) of a simple font.
    widths: Option<(i64, Vec<f32>)>,
    /// Type0 fonts use two-byte codes.
    two_byte: bool,
}

/// One line of text as drawn.
#[derive(Debug, Clone)]
struct Line {
    text: String,
    y: f32,
    end_x: f32,
    size: f32,
}

/// Text state while walking a content stream.
struct State {
    ctm: Matrix,
    stack: Vec<Matrix>,
    /// Saves beyond [`MAX_GRAPHICS_STACK`], counted so their restores stay matched.
    overflow: usize,
    tm: Matrix,
    tlm: Matrix,
    font_size: f32,
    leading: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    rise: f32,
}

/// Deepest `q` nesting followed; deeper saves are ignored (hostile files).
const MAX_GRAPHICS_STACK: usize = 256;

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Most content operations walked for one page, counting forms each time they are drawn.
const MAX_OPERATIONS: usize = 2_000_000;

/// Reads one page's text layer into paragraphs; also says whether the page draws images
/// (which may hold scanned text) or content that could not be read.
fn native_page(
    doc: &Document,
    page_id: ObjectId,
    max_stream: usize,
) -> Result<(Vec<Paragraph>, bool), lopdf::Error> {
    let fonts: BTreeMap<Vec<u8>, Font<'_>> = doc
        .get_page_fonts(page_id)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, dict)| (name, font(doc, dict, max_stream)))
        .collect();
    let xobjects = page_xobjects(doc, page_id);
    let data = page_content(doc, page_id, max_stream)?;
    let content = Content::decode(&data)?;
    let mut walk = Walk {
        doc,
        max_stream,
        lines: Vec::new(),
        draws_images: false,
        operations: 0,
    };
    walk.run(&content, &fonts, xobjects, IDENTITY, 0);
    Ok((paragraphs(&walk.lines), walk.draws_images))
}

/// The page's content streams decoded and joined. Unlike lopdf's own helper, a stream that
/// cannot be decoded is an error (so the page is reported), not raw bytes read as content.
fn page_content(doc: &Document, page_id: ObjectId, max_stream: usize) -> lopdf::Result<Vec<u8>> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page_id) {
        let stream = doc.get_object(id).and_then(Object::as_stream)?;
        let remaining = max_stream.saturating_sub(content.len());
        let data = stream.decompressed_content_with_limit(remaining)?;
        // lopdf forgives a broken compressed stream by returning what it could decode; nothing
        // at all from non-empty compressed data means the stream is damaged.
        if data.is_empty() && !stream.content.is_empty() && stream.dict.has(b"Filter") {
            return Err(lopdf::Error::InvalidStream(
                "undecodable content".to_owned(),
            ));
        }
        content.extend(data);
        content.push(b'\n');
    }
    Ok(content)
}

/// The page's `/XObject` resources (nearest first, as inherited through the page tree).
fn page_xobjects(doc: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    let Ok((inline, ids)) = doc.get_page_resources(page_id) else {
        return Vec::new();
    };
    inline
        .into_iter()
        .chain(ids.into_iter().filter_map(|id| doc.get_dictionary(id).ok()))
        .filter_map(|resources| {
            resources
                .get_deref(b"XObject", doc)
                .and_then(Object::as_dict)
                .ok()
        })
        .collect()
}

/// Walks content streams (the page's and the forms it draws), collecting lines of text.
struct Walk<'a> {
    doc: &'a Document,
    max_stream: usize,
    lines: Vec<Line>,
    draws_images: bool,
    operations: usize,
}

impl<'a> Walk<'a> {
    fn run(
        &mut self,
        content: &Content,
        fonts: &BTreeMap<Vec<u8>, Font<'a>>,
        xobjects: Vec<&'a Dictionary>,
        ctm: Matrix,
        depth: usize,
    ) {
        let mut state = State {
            ctm,
            stack: Vec::new(),
            overflow: 0,
            tm: IDENTITY,
            tlm: IDENTITY,
            font_size: 0.0,
            leading: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            rise: 0.0,
        };
        let mut font: Option<&Font<'_>> = None;
        for operation in &content.operations {
            self.operations += 1;
            if self.operations > MAX_OPERATIONS {
                self.draws_images = true;
                return;
            }
            let number = |index: usize| -> f32 {
                operation
                    .operands
                    .get(index)
                    .and_then(|o| o.as_float().ok())
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0)
            };
            match operation.operator.as_str() {
                "q" => {
                    if state.stack.len() < MAX_GRAPHICS_STACK {
                        state.stack.push(state.ctm);
                    } else {
                        state.overflow += 1;
                    }
                }
                "Q" => {
                    if state.overflow > 0 {
                        state.overflow -= 1;
                    } else if let Some(ctm) = state.stack.pop() {
                        state.ctm = ctm;
                    }
                }
                "cm" => {
                    let m = [
                        number(0),
                        number(1),
                        number(2),
                        number(3),
                        number(4),
                        number(5),
                    ];
                    state.ctm = multiply(&m, &state.ctm);
                }
                "BT" => {
                    state.tm = IDENTITY;
                    state.tlm = IDENTITY;
                }
                "Tf" => {
                    font = operation
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| fonts.get(name));
                    state.font_size = number(1);
                }
                "TL" => state.leading = number(0),
                "Tc" => state.char_spacing = number(0),
                "Tw" => state.word_spacing = number(0),
                "Tz" => state.horizontal_scale = number(0) / 100.0,
                "Ts" => state.rise = number(0),
                "Td" => next_line(&mut state, number(0), number(1)),
                "TD" => {
                    state.leading = -number(1);
                    next_line(&mut state, number(0), number(1));
                }
                "Tm" => {
                    state.tlm = [
                        number(0),
                        number(1),
                        number(2),
                        number(3),
                        number(4),
                        number(5),
                    ];
                    state.tm = state.tlm;
                }
                "T*" => {
                    let leading = state.leading;
                    next_line(&mut state, 0.0, -leading);
                }
                "Tj" => show(&mut state, font, &operation.operands, &mut self.lines),
                "TJ" => {
                    if let Some(Object::Array(items)) = operation.operands.first() {
                        show(&mut state, font, items, &mut self.lines);
                    }
                }
                "'" => {
                    let leading = state.leading;
                    next_line(&mut state, 0.0, -leading);
                    show(&mut state, font, &operation.operands, &mut self.lines);
                }
                "\"" => {
                    state.word_spacing = number(0);
                    state.char_spacing = number(1);
                    let leading = state.leading;
                    next_line(&mut state, 0.0, -leading);
                    show(
                        &mut state,
                        font,
                        operation.operands.get(2..).unwrap_or_default(),
                        &mut self.lines,
                    );
                }
                "Do" => {
                    let name = operation.operands.first().and_then(|o| o.as_name().ok());
                    match name {
                        Some(name) => self.draw(name, &xobjects, fonts, state.ctm, depth),
                        None => self.draws_images = true,
                    }
                }
                "BI" => self.draws_images = true,
                _ => {}
            }
        }
    }

    /// Draws the named XObject: a form is walked for its text, an image is noted.
    fn draw(
        &mut self,
        name: &[u8],
        xobjects: &[&'a Dictionary],
        fonts: &BTreeMap<Vec<u8>, Font<'a>>,
        ctm: Matrix,
        depth: usize,
    ) {
        let doc = self.doc;
        let stream = xobjects
            .iter()
            .find_map(|dict| dict.get_deref(name, doc).and_then(Object::as_stream).ok());
        let Some(stream) = stream else {
            self.draws_images = true;
            return;
        };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|subtype| subtype == b"Form");
        if !is_form || depth >= MAX_FORM_DEPTH {
            self.draws_images = true;
            return;
        }
        let content = stream
            .decompressed_content_with_limit(self.max_stream)
            .and_then(|data| Content::decode(&data));
        let Ok(content) = content else {
            self.draws_images = true;
            return;
        };
        let mut matrix = IDENTITY;
        if let Ok(values) = stream.dict.get(b"Matrix").and_then(Object::as_array)
            && values.len() == 6
        {
            for (slot, value) in matrix.iter_mut().zip(values) {
                *slot = value
                    .as_float()
                    .ok()
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0);
            }
        }
        let resources = stream
            .dict
            .get_deref(b"Resources", doc)
            .and_then(Object::as_dict)
            .ok();
        let own_fonts: Option<BTreeMap<Vec<u8>, Font<'a>>> = resources
            .and_then(|r| r.get_deref(b"Font", doc).and_then(Object::as_dict).ok())
            .map(|dict| {
                dict.iter()
                    .filter_map(|(key, value)| {
                        let value = doc.dereference(value).ok()?.1.as_dict().ok()?;
                        Some((key.clone(), font(doc, value, self.max_stream)))
                    })
                    .collect()
            });
        let own_xobjects: Vec<&'a Dictionary> = match resources
            .and_then(|r| r.get_deref(b"XObject", doc).and_then(Object::as_dict).ok())
        {
            Some(dict) => vec![dict],
            None => xobjects.to_vec(),
        };
        let form_ctm = multiply(&matrix, &ctm);
        match &own_fonts {
            Some(own) => self.run(&content, own, own_xobjects, form_ctm, depth + 1),
            None => self.run(&content, fonts, own_xobjects, form_ctm, depth + 1),
        }
    }
}

fn next_line(state: &mut State, tx: f32, ty: f32) {
    state.tlm = multiply(&translate(tx, ty), &state.tlm);
    state.tm = state.tlm;
}

/// Reads what the page needs to know about one font.
fn font<'a>(doc: &'a Document, dict: &'a Dictionary, max_stream: usize) -> Font<'a> {
    let encoding = dict.get_font_encoding_with_limit(doc, max_stream).ok();
    let two_byte = dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|subtype| subtype == b"Type0");
    let first = dict
        .get_deref(b"FirstChar", doc)
        .and_then(Object::as_i64)
        .ok();
    let widths = dict
        .get_deref(b"Widths", doc)
        .and_then(Object::as_array)
        .ok()
        .map(|array| {
            array
                .iter()
                .map(|w| w.as_float().unwrap_or(0.0))
                .collect::<Vec<f32>>()
        });
    Font {
        encoding,
        widths: first.zip(widths),
        two_byte,
    }
}

/// Draws strings (and, inside `TJ`, position adjustments), adding their text to `lines`.
fn show(state: &mut State, font: Option<&Font<'_>>, operands: &[Object], lines: &mut Vec<Line>) {
    for operand in operands {
        match operand {
            Object::String(bytes, _) => show_string(state, font, bytes, lines),
            Object::Integer(_) | Object::Real(_) => {
                let adjustment = operand.as_float().unwrap_or(0.0);
                if !adjustment.is_finite() {
                    continue;
                }
                let tx = -adjustment / 1000.0 * state.font_size * state.horizontal_scale;
                state.tm = multiply(&translate(tx, 0.0), &state.tm);
                // A gap of more than about a quarter em is a word space.
                if adjustment < -250.0
                    && let Some(line) = lines.last_mut()
                    && !line.text.ends_with(' ')
                {
                    line.text.push(' ');
                }
            }
            _ => {}
        }
    }
}

fn show_string(state: &mut State, font: Option<&Font<'_>>, bytes: &[u8], lines: &mut Vec<Line>) {
    let mut text = String::new();
    match font.and_then(|f| f.encoding.as_ref()) {
        Some(encoding) => {
            if encoding.write_to_string(bytes, &mut text).is_err() {
                text.push('\u{fffd}');
            }
        }
        None => text.push('\u{fffd}'),
    }
    // Where the string starts, in default user space.
    let trm = multiply(&state.tm, &state.ctm);
    let x = trm[4] + state.rise * trm[2];
    let y = trm[5] + state.rise * trm[3];
    let scale = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
    let size = (state.font_size * scale).abs();
    // Advance the text matrix by the string's width (estimated when the font gives none).
    let mut advance = 0.0;
    match font {
        Some(Font {
            widths: Some((first, widths)),
            two_byte: false,
            ..
        }) => {
            for &code in bytes {
                let width = usize::try_from(i64::from(code) - first)
                    .ok()
                    .and_then(|i| widths.get(i))
                    .copied()
                    .unwrap_or(500.0);
                advance += width / 1000.0 * state.font_size + state.char_spacing;
                if code == b' ' {
                    advance += state.word_spacing;
                }
            }
        }
        _ => {
            for character in text.chars() {
                advance += estimated_width(character) * state.font_size + state.char_spacing;
                if character == ' ' {
                    advance += state.word_spacing;
                }
            }
        }
    }
    advance *= state.horizontal_scale;
    state.tm = multiply(&translate(advance, 0.0), &state.tm);
    let end = multiply(&state.tm, &state.ctm);
    let end_x = end[4];
    if text.is_empty() {
        return;
    }
    if text.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
        text = expand_ligatures(&text);
    }
    let tolerance = size.max(1.0);
    match lines.last_mut() {
        Some(line) if (line.y - y).abs() <= 0.4 * tolerance => {
            let gap = x - line.end_x;
            if gap > 0.15 * tolerance && !line.text.ends_with(' ') && !text.starts_with(' ') {
                line.text.push(' ');
            }
            line.text.push_str(&text);
            line.end_x = end_x;
            line.size = line.size.max(size);
        }
        _ => lines.push(Line {
            text,
            y,
            end_x,
            size,
        }),
    }
}

/// Helvetica-like advance widths in ems, for fonts that carry no widths.
fn estimated_width(character: char) -> f32 {
    match character {
        ' ' | '.' | ',' | ':' | ';' | '\'' | '!' | 'i' | 'j' | 'l' | 'I' | 'f' | 't' | 'r' => 0.28,
        'm' | 'w' | 'M' | 'W' => 0.83,
        c if c.is_ascii_uppercase() => 0.67,
        c if c.is_ascii_digit() => 0.556,
        _ => 0.5,
    }
}

/// Groups lines into paragraphs: a new one starts after a gap of more than about one and a
/// half lines, when the type size changes, when the text moves up the page (a new column or a
/// header), and at a bullet.
fn paragraphs(lines: &[Line]) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut previous: Option<&Line> = None;
    let mut current: Vec<&Line> = Vec::new();
    let flush = |current: &mut Vec<&Line>, out: &mut Vec<Paragraph>| {
        if current.is_empty() {
            return;
        }
        let text = join_lines(current.iter().map(|line| line.text.as_str()));
        let size = current.iter().map(|line| line.size).fold(0.0, f32::max);
        if !text.trim().is_empty() {
            out.push(Paragraph {
                text,
                size,
                lines: current.len(),
            });
        }
        current.clear();
    };
    for line in lines {
        if line.text.trim().is_empty() {
            continue;
        }
        if let Some(prev) = previous {
            let size = prev.size.max(line.size).max(1.0);
            let gap = prev.y - line.y;
            let size_change = (prev.size - line.size).abs() > 0.15 * size;
            if gap > 1.6 * size || gap < -0.5 * size || size_change || bullet(&line.text) {
                flush(&mut current, &mut out);
            }
        }
        current.push(line);
        previous = Some(line);
    }
    flush(&mut current, &mut out);
    out
}

/// Joins lines with spaces, mending words hyphenated across a line break.
fn join_lines<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut text = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !text.is_empty() {
            let hyphen_after_letter =
                text.ends_with('-') && text.chars().rev().nth(1).is_some_and(char::is_alphabetic);
            if hyphen_after_letter && mends(&text, line) {
                text.pop();
            } else if !hyphen_after_letter {
                text.push(' ');
            }
        }
        text.push_str(line);
    }
    text
}

/// Whether `before` (ending in a hyphen) and `after` are one word broken across lines: a
/// letter before the hyphen and a lower-case letter after it, or capitals on both sides
/// ("ELE-" / "MENT"). "Anglo-" / "Saxon" keeps its hyphen.
fn mends(before: &str, after: &str) -> bool {
    let word: Vec<char> = before
        .trim_end_matches('-')
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let Some(next) = after.chars().next() else {
        return false;
    };
    if word.is_empty() {
        return false;
    }
    next.is_lowercase()
        || (next.is_uppercase()
            && word.len() > 1
            && word.iter().all(|c| c.is_uppercase())
            && after
                .chars()
                .take_while(|c| c.is_alphabetic())
                .all(char::is_uppercase))
}

/// Typographic ligatures spelt out, so "ﬁle" matches "file".
fn expand_ligatures(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '\u{fb00}' => out.push_str("ff"),
            '\u{fb01}' => out.push_str("fi"),
            '\u{fb02}' => out.push_str("fl"),
            '\u{fb03}' => out.push_str("ffi"),
            '\u{fb04}' => out.push_str("ffl"),
            '\u{fb05}' | '\u{fb06}' => out.push_str("st"),
            other => out.push(other),
        }
    }
    out
}

const BULLETS: [&str; 6] = ["• ", "▪ ", "◦ ", "- ", "* ", "– "];

fn bullet(text: &str) -> bool {
    let text = text.trim_start();
    BULLETS.iter().any(|b| text.starts_with(b)) || text == "•"
}

fn strip_bullet(text: &str) -> &str {
    let trimmed = text.trim_start();
    BULLETS
        .iter()
        .find_map(|b| trimmed.strip_prefix(b))
        .unwrap_or(trimmed)
}

/// The body type size: the size (to half a point) that sets the most characters.
fn body_size(pages: &[PageText]) -> f32 {
    let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
    for paragraph in pages.iter().flat_map(|page| &page.paragraphs) {
        if paragraph.size > 0.0 && paragraph.size < 1000.0 {
            let key = (paragraph.size * 2.0).round() as u32;
            *counts.entry(key).or_default() += paragraph.text.chars().count();
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(key, count)| (count, std::cmp::Reverse(key)))
        .map_or(0.0, |(key, _)| key as f32 / 2.0)
}

/// Headings (short, larger than body text), list items (bullets), page-number footers and
/// paragraphs.
fn classify(paragraph: &Paragraph, body_size: f32) -> BlockKind {
    let text = paragraph.text.trim();
    if page_number(text) {
        return BlockKind::Footer;
    }
    if bullet(text) {
        return BlockKind::ListItem;
    }
    if body_size > 0.0
        && paragraph.size >= body_size * 1.15
        && paragraph.lines <= 2
        && text.chars().count() <= 150
        && text.chars().any(char::is_alphabetic)
    {
        let ratio = paragraph.size / body_size;
        let level = if ratio >= 1.6 {
            1
        } else if ratio >= 1.3 {
            2
        } else {
            3
        };
        return BlockKind::Heading { level };
    }
    BlockKind::Paragraph
}

/// "Page 3", "Page 3 of 9", "3 of 9", "- 3 -" or a bare number.
fn page_number(text: &str) -> bool {
    let lower = text.to_lowercase();
    let rest = lower.strip_prefix("page").unwrap_or(&lower);
    let rest = rest.trim().trim_matches(|c| c == '-' || c == '–').trim();
    let mut parts = rest.splitn(2, " of ");
    let first = parts.next().unwrap_or_default().trim();
    let second = parts.next().map(str::trim);
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    digits(first) && second.is_none_or(digits)
}

/// Whether text is mostly undecodable: replacement, control or private-use characters, or
/// very few letters and digits.
fn garbled(text: &str) -> bool {
    let (mut total, mut bad, mut alphanumeric) = (0usize, 0usize, 0usize);
    for character in text.chars().filter(|c| !c.is_whitespace()) {
        total += 1;
        if character == '\u{fffd}'
            || character.is_control()
            || ('\u{e000}'..='\u{f8ff}').contains(&character)
        {
            bad += 1;
        } else if character.is_alphanumeric() {
            alphanumeric += 1;
        }
    }
    total > 0 && (bad * 10 > total || alphanumeric * 4 < total)
}

// ---------------------------------------------------------------------------------------------
// Structure checks

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Whether `%%EOF` appears near the end of the file (trailing junk is tolerated).
fn ends_with_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(EOF_WINDOW)..];
    contains(tail, b"%%EOF")
}

/// One line on what lopdf could not read (never document text).
fn describe(error: &lopdf::Error) -> &'static str {
    use lopdf::Error;
    match error {
        Error::Parse(_) => "its structure cannot be parsed",
        Error::Decompress(_) => "a compressed part cannot be unpacked or unpacks too large",
        Error::Xref(_) | Error::MissingXrefEntry | Error::InvalidOffset(_) => {
            "its cross-reference table is broken"
        }
        Error::ObjectNotFound(_) | Error::DictKey(_) => "a required part is missing",
        Error::ReferenceCycle(_) | Error::ReferenceLimit => {
            "its objects refer to each other in a loop"
        }
        _ => "it cannot be read as a PDF",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::pdfgen;
    use proptest::prelude::*;
    use std::process::Command;

    fn missing_tools() -> Tools {
        Tools::probe(
            "dehcp-no-such-tesseract",
            "dehcp-no-such-pdftoppm",
            "dehcp-no-such-pdftotext",
        )
    }

    fn read(bytes: &[u8]) -> Extracted {
        extract_with(
            Format::Pdf,
            "advice.pdf",
            bytes,
            &Limits::default(),
            &missing_tools(),
        )
    }

    fn corrupt(result: Extracted) -> String {
        match result {
            Err(IngestError::Corrupt { format, detail }) => {
                assert_eq!(format, "PDF");
                assert!(!detail.contains('\n'), "one line: {detail}");
                detail
            }
            other => panic!("expected Corrupt, got {other:?}"),
        }
    }

    /// Synthetic advice text; the child and the professionals are invented.
    const PAGE_ONE: &[&str] = &[
        "# Educational psychology advice (synthetic)",
        "Sam Example is a synthetic child used in tests.",
        "Sam enjoys building models and talking about trains.",
        "",
        "Strengths",
        "",
        "• Sam follows a visual timetable.",
        "• Sam asks for help when calm.",
        "",
        "Page 1 of 2",
    ];
    const PAGE_TWO: &[&str] = &[
        "Sam needs a quiet space to work in small steps.",
        "",
        "Page 2 of 2",
    ];

    #[test]
    fn a_known_sentence_on_page_two_comes_back_with_page_two() {
        let bytes = pdfgen::text_pdf(&[PAGE_ONE, PAGE_TWO]);
        let (document, diagnostics) = read(&bytes).unwrap();
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(document.pages.len(), 2);
        assert!(
            document
                .pages
                .iter()
                .all(|p| p.extractor == Extractor::PdfText)
        );
        let block = document
            .blocks
            .iter()
            .find(|b| b.text == "Sam needs a quiet space to work in small steps.")
            .expect("sentence found");
        assert_eq!(block.page, 2);
        assert_eq!(block.kind, BlockKind::Paragraph);
        let chars: Vec<char> = document.text.chars().collect();
        let slice: String = chars[block.start..block.end].iter().collect();
        assert_eq!(slice, block.text);
    }

    #[test]
    fn paragraphs_headings_lists_and_footers_are_kept_in_order() {
        let bytes = pdfgen::text_pdf(&[PAGE_ONE]);
        let (document, _) = read(&bytes).unwrap();
        let kinds: Vec<(&str, &str)> = document
            .blocks
            .iter()
            .map(|b| (b.kind.id(), b.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("heading", "Educational psychology advice (synthetic)"),
                (
                    "paragraph",
                    "Sam Example is a synthetic child used in tests. Sam enjoys building models \
                     and talking about trains."
                ),
                ("paragraph", "Strengths"),
                ("list_item", "Sam follows a visual timetable."),
                ("list_item", "Sam asks for help when calm."),
                ("footer", "Page 1 of 2"),
            ]
        );
        assert_eq!(document.blocks[0].kind, BlockKind::Heading { level: 1 });
    }

    #[test]
    fn a_truncated_pdf_is_corrupt() {
        let bytes = pdfgen::text_pdf(&[PAGE_ONE, PAGE_TWO]);
        for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 20] {
            corrupt(read(&bytes[..cut]));
        }
    }

    #[test]
    fn garbage_after_the_header_is_corrupt() {
        corrupt(read(
            b"%PDF-1.7\n\x00\x01 this is not a PDF body {{{ ]]] >> <<",
        ));
        corrupt(read(b"%PDF-1.7\n%%EOF\n"));
    }

    #[test]
    fn a_pdf_with_no_pages_is_corrupt() {
        let objects = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [] /Count 0 >>".to_vec(),
        ];
        let detail = corrupt(read(&pdfgen::raw_pdf(&objects, "/Root 1 0 R")));
        assert!(detail.contains("no pages"), "{detail}");
    }

    #[test]
    fn an_encrypted_pdf_is_reported_as_encrypted() {
        let bytes = pdfgen::encrypted_pdf();
        assert_eq!(read(&bytes), Err(IngestError::Encrypted { format: "PDF" }));
    }

    #[test]
    fn deeply_nested_arrays_do_not_crash_the_process() {
        let depth = 200_000;
        let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let deep_dict = format!("{}{}", "<< /A ".repeat(depth), ">>".repeat(depth));
        let cases = [
            // In the page dictionary.
            pdfgen::raw_pdf(
                &pdfgen::raw_single_page(
                    b"BT /F1 11 Tf 72 700 Td (Fine) Tj ET",
                    &format!("/Deep {deep}"),
                ),
                "/Root 1 0 R",
            ),
            // In a dictionary.
            pdfgen::raw_pdf(
                &pdfgen::raw_single_page(b"BT ET", &format!("/Deep {deep_dict}")),
                "/Root 1 0 R",
            ),
            // In the content stream.
            pdfgen::raw_pdf(
                &pdfgen::raw_single_page(format!("BT /F1 11 Tf {deep} TJ ET").as_bytes(), ""),
                "/Root 1 0 R",
            ),
        ];
        for bytes in cases {
            // Through the public entry point, so on the guard's thread with its default stack:
            // a stack overflow would abort the whole test binary here.
            let options = crate::IngestOptions::default();
            let outcome = crate::ingest("deep.pdf", &bytes, &options);
            match outcome {
                Ok(_) | Err(IngestError::Corrupt { .. }) | Err(IngestError::ExtractorPanicked) => {}
                Err(other) => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn a_page_of_lines_and_shapes_only_is_kept_without_text_or_warnings() {
        let objects = pdfgen::raw_single_page(b"0 0 m 100 100 l S", "");
        let (document, diagnostics) = read(&pdfgen::raw_pdf(&objects, "/Root 1 0 R")).unwrap();
        assert!(diagnostics.is_empty());
        assert!(document.blocks.is_empty());
        assert_eq!(document.pages.len(), 1);
    }

    #[test]
    fn an_unreadable_page_is_kept_empty_with_warnings_and_the_rest_is_read() {
        let mut objects = pdfgen::raw_single_page(b"", "");
        let garbage = b"\x00\x01not deflate data at all\xff\xfe";
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            garbage.len()
        )
        .into_bytes();
        stream.extend_from_slice(garbage);
        stream.extend_from_slice(b"\nendstream");
        objects[3] = stream;
        objects[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".to_vec();
        objects.push(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R \
              /Resources << /Font << /F1 5 0 R >> >> >>"
                .to_vec(),
        );
        let content = b"BT /F1 11 Tf 72 700 Td (Synthetic page two.) Tj ET";
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
        let (document, diagnostics) = read(&pdfgen::raw_pdf(&objects, "/Root 1 0 R")).unwrap();
        assert_eq!(document.pages.len(), 2);
        assert_eq!(document.text, "Synthetic page two.");
        assert_eq!(document.blocks[0].page, 2);
        let codes: Vec<(&str, Option<u32>)> =
            diagnostics.iter().map(|d| (d.code, d.page)).collect();
        assert!(codes.contains(&(PAGE_UNREADABLE, Some(1))), "{codes:?}");
    }

    #[test]
    fn text_spacing_and_hyphenation_are_mended() {
        // Words placed separately on one line, a TJ gap, and a word split across lines.
        let content = b"BT /F1 11 Tf 72 700 Td (Sam) Tj 30 0 Td (Example) Tj ET \
            BT /F1 11 Tf 72 684 Td [(likes)-300(trains and assess-)] TJ ET \
            BT /F1 11 Tf 72 668 Td (ment days.) Tj ET";
        let objects = pdfgen::raw_single_page(content, "");
        let (document, _) = read(&pdfgen::raw_pdf(&objects, "/Root 1 0 R")).unwrap();
        assert_eq!(
            document.text,
            "Sam Example likes trains and assessment days."
        );
    }

    #[test]
    fn helpers_recognise_page_numbers_and_garbled_text() {
        assert!(page_number("Page 3 of 12"));
        assert!(page_number("- 4 -"));
        assert!(page_number("7"));
        assert!(!page_number("Page three"));
        assert!(!page_number("2026 report"));
        assert!(garbled("\u{fffd}\u{fffd}\u{fffd} ab"));
        assert!(garbled("#$%^&*()!@#$%"));
        assert!(!garbled("Sam Example, aged 9, likes trains."));
        assert_eq!(join_lines(["assess-", "ment"].into_iter()), "assessment");
        assert_eq!(join_lines(["ELE-", "MENT is"].into_iter()), "ELEMENT is");
        assert_eq!(join_lines(["Anglo-", "Saxon"].into_iter()), "Anglo-Saxon");
        assert_eq!(join_lines(["age 9 -", "nine"].into_iter()), "age 9 - nine");
        assert_eq!(expand_ligatures("\u{fb01}le \u{fb02}ag"), "file flag");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_after_the_header_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut bytes = b"%PDF-".to_vec();
            bytes.extend(tail);
            let _ = read(&bytes);
        }

        #[test]
        fn damaged_real_pdfs_never_panic(cut in 0usize..2000, flips in proptest::collection::vec((0usize..2000, any::<u8>()), 0..8)) {
            let mut bytes = pdfgen::text_pdf(&[PAGE_ONE, PAGE_TWO]);
            for (at, byte) in flips {
                let at = at % bytes.len();
                bytes[at] = byte;
            }
            let cut = cut.min(bytes.len());
            let _ = read(&bytes[..bytes.len() - cut]);
        }
    }

    // --- External tools: real runs when installed, the missing-tool path always. ---

    /// Renders page 1 of `pdf` to an 8-bit greyscale bitmap at 200 dpi with pdftoppm.
    fn render_grey(pdf: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
        let scratch = Scratch::new().ok()?;
        let input = scratch.write("in.pdf", pdf).ok()?;
        let root = scratch.path("out");
        let status = Command::new("pdftoppm")
            .args(["-r", "200", "-gray", "-singlefile"])
            .arg(&input)
            .arg(&root)
            .status()
            .ok()?;
        assert!(status.success());
        let pgm = fs::read(scratch.path("out.pgm")).ok()?;
        // Binary PGM: "P5\n<width> <height>\n<max>\n" then pixels.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while pgm[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !pgm[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
        }
        let width: u32 = fields[1].parse().ok()?;
        let height: u32 = fields[2].parse().ok()?;
        Some((width, height, pgm[at + 1..].to_vec()))
    }

    /// A scanned page: synthetic text rendered to pixels, wrapped in a PDF without a text layer.
    fn scanned_pdf() -> Option<Vec<u8>> {
        let text = pdfgen::text_pdf(&[&["# SYNTHETIC REPORT", "", "# Sam Example likes trains"]]);
        let (width, height, grey) = render_grey(&text)?;
        Some(pdfgen::image_pdf(width, height, grey))
    }

    #[test]
    fn a_scanned_page_is_ocred_or_reported_when_tesseract_is_missing() {
        let installed = Tools::installed();
        if installed.pdftoppm.get().is_none() {
            // Cannot build the fixture without poppler; the missing path is covered below.
            return;
        }
        let Some(bytes) = scanned_pdf() else {
            panic!("fixture not built");
        };
        let (document, diagnostics) = extract_with(
            Format::Pdf,
            "scan.pdf",
            &bytes,
            &Limits::default(),
            installed,
        )
        .unwrap();
        if installed.tesseract.get().is_some() {
            assert_eq!(document.pages[0].extractor, Extractor::Tesseract);
            let confidence = document.pages[0].ocr_confidence.unwrap();
            assert!(confidence > 50.0, "{confidence}");
            assert!(document.text.contains("SYNTHETIC"), "{}", document.text);
            assert!(document.text.contains("Example"), "{}", document.text);
        } else {
            assert_eq!(diagnostics[0].code, ocr::OCR_TOOL_MISSING);
        }
        // Whatever is installed, without the tools the page is kept, empty, with a warning.
        let (document, diagnostics) = read(&bytes).unwrap();
        assert_eq!(document.pages.len(), 1);
        assert!(document.blocks.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, ocr::OCR_TOOL_MISSING);
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert_eq!(diagnostics[0].page, Some(1));
        assert!(
            diagnostics[0]
                .message
                .contains("install poppler-utils, tesseract-ocr and tesseract-ocr-eng"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn missing_tesseract_names_its_packages_and_the_rest_is_read() {
        let bytes = {
            let mut objects = pdfgen::raw_single_page(b"q 10 0 0 10 0 0 cm /Im1 Do Q", "");
            objects[2] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
                /Resources << /XObject << /Im1 6 0 R >> >> >>"
                .to_vec();
            objects.push(
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 7 0 R \
                /Resources << /Font << /F1 5 0 R >> >> >>"
                    .to_vec(),
            );
            objects[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".to_vec();
            // Object 6 is the second page, so the image is missing: the first page still draws
            // "something" and has no text.
            let content = b"BT /F1 11 Tf 72 700 Td (Sam Example, synthetic.) Tj ET";
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend_from_slice(content);
            stream.extend_from_slice(b"\nendstream");
            objects.push(stream);
            pdfgen::raw_pdf(&objects, "/Root 1 0 R")
        };
        let mut tools = missing_tools();
        tools.pdftoppm = crate::formats::ocr::Probe::Present("pdftoppm".to_owned());
        let (document, diagnostics) =
            extract_with(Format::Pdf, "mixed.pdf", &bytes, &Limits::default(), &tools).unwrap();
        assert_eq!(document.pages.len(), 2);
        assert_eq!(document.text, "Sam Example, synthetic.");
        assert_eq!(document.blocks[0].page, 2);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "ING0301");
        assert!(
            diagnostics[0]
                .message
                .contains("install tesseract-ocr and tesseract-ocr-eng")
        );
    }

    #[test]
    fn text_inside_a_form_is_read() {
        let form_content = b"BT /F1 11 Tf 72 700 Td (Sam Example likes trains.) Tj ET";
        let mut form = format!(
            "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] \
             /Resources << /Font << /F1 5 0 R >> >> /Length {} >>\nstream\n",
            form_content.len()
        )
        .into_bytes();
        form.extend_from_slice(form_content);
        form.extend_from_slice(b"\nendstream");
        let mut objects = pdfgen::raw_single_page(b"q /Fm1 Do Q", "");
        objects[2] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
            /Resources << /XObject << /Fm1 6 0 R >> >> >>"
            .to_vec();
        objects.push(form);
        let bytes = pdfgen::raw_pdf(&objects, "/Root 1 0 R");
        let (document, diagnostics) = read(&bytes).unwrap();
        assert_eq!(document.pages[0].extractor, Extractor::PdfText);
        assert_eq!(document.text, "Sam Example likes trains.");
        assert!(diagnostics.is_empty());
    }

    #[test]
    fn pdftotext_reads_a_page_when_installed() {
        let Some(program) = Tools::installed().pdftotext.get().map(str::to_owned) else {
            return;
        };
        let bytes = pdfgen::text_pdf(&[PAGE_ONE, PAGE_TWO]);
        let tools = Tools {
            tesseract: crate::formats::ocr::Probe::Absent,
            pdftoppm: crate::formats::ocr::Probe::Absent,
            pdftotext: crate::formats::ocr::Probe::Present(program),
        };
        let mut tooling = Tooling {
            tools: &tools,
            budget: Budget::new(std::time::Duration::from_secs(20)),
            scratch: None,
            bytes: &bytes,
        };
        let paragraphs = tooling.pdftotext(2).expect("text");
        let joined: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        // poppler decides the paragraph breaks; the words and their order are what count.
        assert_eq!(
            joined.join(" "),
            "Sam needs a quiet space to work in small steps. Page 2 of 2"
        );
        let dir = tooling.scratch.as_ref().map(|(s, _)| s.path("")).unwrap();
        assert!(dir.exists());
        drop(tooling);
        assert!(!dir.exists(), "the temporary copy is removed");
    }
}
