//! Test-only PDF generators, so no binary fixtures are committed.
//!
//! [`text_pdf`] writes pages of Helvetica text lines with lopdf; [`image_pdf`] writes one page
//! holding only a greyscale picture (a "scan"); [`raw_pdf`] assembles hand-written objects with
//! a correct cross-reference table, for malformed and hostile cases lopdf would refuse to write.
//! All text used with them must be synthetic.

// Test-file generators: writing to memory cannot fail in practice, and a panic is the
// clearest failure report for a broken generator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// Line height of body text, in points.
const LEADING: i64 = 16;

/// Writes a PDF with one page per entry of `pages`, each a list of lines. An empty line adds
/// a paragraph gap; a line starting `# ` is drawn large, as a heading.
pub fn text_pdf(pages: &[&[&str]]) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for lines in pages {
        let mut operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Td", vec![72.into(), 770.into()]),
        ];
        for line in *lines {
            if line.is_empty() {
                operations.push(Operation::new("Td", vec![0.into(), (-LEADING).into()]));
                continue;
            }
            let (size, text) = match line.strip_prefix("# ") {
                Some(heading) => (20, heading),
                None => (11, *line),
            };
            operations.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
            operations.push(Operation::new(
                "Tj",
                vec![Object::string_literal(win_ansi(text))],
            ));
            let advance = if size > 11 { 28 } else { LEADING };
            operations.push(Operation::new("Td", vec![0.into(), (-advance).into()]));
        }
        operations.push(Operation::new("ET", vec![]));
        let content = Content { operations };
        let bytes = content.encode().unwrap_or_default();
        let content_id = doc.add_object(Stream::new(dictionary! {}, bytes));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Encodes text as WinAnsi (Latin-1 plus a few punctuation marks such as the bullet).
fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '•' => 0x95,
            '–' => 0x96,
            '’' => 0x92,
            c => u8::try_from(u32::from(c)).unwrap_or(b'?'),
        })
        .collect()
}

/// Writes a one-page PDF whose only content is an 8-bit greyscale image, `width` by `height`
/// pixels, drawn over the whole page: a page with no text layer, like a scan.
pub fn image_pdf(width: u32, height: u32, grey: Vec<u8>) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => i64::from(width),
            "Height" => i64::from(height),
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        grey,
    ));
    // Page size in points at 200 dpi, so the scan keeps its resolution when re-rendered.
    let page_width = i64::from(width) * 72 / 200;
    let page_height = i64::from(height) * 72 / 200;
    let content = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    page_width.into(),
                    0.into(),
                    0.into(),
                    page_height.into(),
                    0.into(),
                    0.into(),
                ],
            ),
            Operation::new("Do", vec!["Im1".into()]),
            Operation::new("Q", vec![]),
        ],
    };
    let content_id = doc.add_object(Stream::new(
        dictionary! {},
        content.encode().unwrap_or_default(),
    ));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im1" => image_id } },
        "MediaBox" => vec![0.into(), 0.into(), page_width.into(), page_height.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Assembles objects `1 0 obj` … `n 0 obj` (bodies given without the `obj`/`endobj` wrapper)
/// into a PDF with a correct cross-reference table; `trailer` is the trailer dictionary's
/// inside, for example `/Root 1 0 R`.
pub fn raw_pdf(objects: &[Vec<u8>], trailer: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} {trailer} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// The usual first objects for [`raw_pdf`]: 1 catalog, 2 page tree, 3 one page whose
/// content stream is object 4 (`content`) and with `page_extra` added to the page dictionary;
/// 5 Helvetica.
pub fn raw_single_page(content: &[u8], page_extra: &str) -> Vec<Vec<u8>> {
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
             /Resources << /Font << /F1 5 0 R >> >> {page_extra} >>"
        )
        .into_bytes(),
        stream,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ]
}

/// A one-page PDF whose trailer names an `/Encrypt` dictionary (standard security handler),
/// as a password-protected report would have.
pub fn encrypted_pdf() -> Vec<u8> {
    let mut objects = raw_single_page(b"BT /F1 11 Tf 72 700 Td (Synthetic) Tj ET", "");
    objects.push(
        format!(
            "<< /Filter /Standard /V 1 /R 2 /Length 40 /P -3904 /O <{}> /U <{}> >>",
            "7a".repeat(32),
            "3c".repeat(32)
        )
        .into_bytes(),
    );
    let id = "0123456789abcdef0123456789abcdef";
    raw_pdf(
        &objects,
        &format!("/Root 1 0 R /Encrypt 6 0 R /ID [<{id}> <{id}>]"),
    )
}
