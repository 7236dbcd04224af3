//! Images (PNG, JPEG, TIFF): OCR with Debian's `tesseract`, one page per image (a multi-page
//! TIFF gives one page per frame).
//!
//! When tesseract is not installed the image still counts as read: an empty document comes
//! back with a warning naming the packages to install, so the rest of a bundle goes on.
//!
//! What this module must not do: decode pixels itself, run tesseract without a time limit,
//! leave the temporary copy of the image behind, or hand an absurdly large picture to OCR.

use std::time::Duration;

use crate::detect::Format;
use crate::formats::Extracted;
use crate::formats::ocr::{self, Budget, RunError, Scratch, Tools};
use crate::model::{BlockKind, DocumentBuilder, Extractor};
use crate::{IngestError, Limits};

/// Largest picture handed to OCR, in pixels (about a 600 dpi A3 page).
const MAX_PIXELS: u64 = 100_000_000;

/// OCRs an image.
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
    if let Some((width, height)) = dimensions(format, bytes)
        && u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(IngestError::ExpansionLimit {
            format: name,
            detail: format!("{width} × {height} pixels, over {MAX_PIXELS} pixels"),
        });
    }
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    let Some(tesseract) = tools.tesseract.get() else {
        let diagnostic = ocr::missing_tool(Some(1), "tesseract", ocr::TESSERACT_PACKAGES);
        return Ok((builder.finish(), vec![diagnostic]));
    };
    let extension = match format {
        Format::Jpeg => "jpg",
        Format::Tiff => "tif",
        _ => "png",
    };
    let scratch = Scratch::new().map_err(|_| temp_file_error())?;
    let image = scratch
        .write(&format!("input.{extension}"), bytes)
        .map_err(|_| temp_file_error())?;
    let mut budget = Budget::new(limits.timeout.saturating_sub(Duration::from_millis(500)));
    let pages = match ocr::tesseract(&mut budget, tesseract, &scratch, &image, "output") {
        Ok(pages) => pages,
        Err(RunError::Failed) => {
            return Err(IngestError::Corrupt {
                format: name,
                detail: "tesseract could not read the picture".to_owned(),
            });
        }
        Err(RunError::TimedOut) => {
            return Err(IngestError::TimedOut {
                seconds: limits.timeout.as_secs().max(1),
            });
        }
        Err(error) => {
            let diagnostic = ocr::tool_failed(Some(1), "tesseract", error);
            return Ok((builder.finish(), vec![diagnostic]));
        }
    };
    drop(scratch);
    let mut diagnostics = Vec::new();
    if pages.is_empty() {
        builder.page(1, Extractor::Tesseract, None);
    }
    for page in pages {
        builder.page(page.number, Extractor::Tesseract, page.confidence);
        diagnostics.extend(ocr::low_confidence(page.number, page.confidence));
        for paragraph in &page.paragraphs {
            builder.block(page.number, BlockKind::Paragraph, paragraph);
        }
    }
    Ok((builder.finish(), diagnostics))
}

fn temp_file_error() -> IngestError {
    IngestError::Corrupt {
        format: "image",
        detail: "a temporary copy for OCR could not be written".to_owned(),
    }
}

/// Width and height from a PNG `IHDR` or a JPEG start-of-frame header, if found.
fn dimensions(format: Format, bytes: &[u8]) -> Option<(u32, u32)> {
    let be32 = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let be16 = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at + 2)?;
        Some(u32::from(u16::from_be_bytes([b[0], b[1]])))
    };
    match format {
        Format::Png if bytes.get(12..16) == Some(b"IHDR".as_slice()) => {
            Some((be32(16)?, be32(20)?))
        }
        Format::Jpeg => {
            let mut at = 2;
            while at + 4 <= bytes.len() {
                if bytes[at] != 0xff {
                    return None;
                }
                let marker = bytes[at + 1];
                if marker == 0xff {
                    at += 1;
                    continue;
                }
                let length = usize::try_from(be16(at + 2)?).ok()?;
                let start_of_frame =
                    matches!(marker, 0xc0..=0xcf) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
                if start_of_frame {
                    return Some((be16(at + 7)?, be16(at + 5)?));
                }
                at += 2 + length;
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::pdfgen;
    use crate::model::Severity;
    use std::process::Command;

    fn missing_tools() -> Tools {
        Tools::probe(
            "dehcp-no-such-tesseract",
            "dehcp-no-such-pdftoppm",
            "dehcp-no-such-pdftotext",
        )
    }

    /// A PNG of synthetic text, rendered with pdftoppm (only where poppler is installed).
    fn synthetic_png() -> Option<Vec<u8>> {
        Tools::installed().pdftoppm.get()?;
        let pdf = pdfgen::text_pdf(&[&["# SYNTHETIC ADVICE", "", "# Sam Example enjoys music"]]);
        let scratch = Scratch::new().ok()?;
        let input = scratch.write("in.pdf", &pdf).ok()?;
        let status = Command::new("pdftoppm")
            .args(["-r", "200", "-png", "-singlefile"])
            .arg(&input)
            .arg(scratch.path("out"))
            .status()
            .ok()?;
        assert!(status.success());
        std::fs::read(scratch.path("out.png")).ok()
    }

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 0, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn without_tesseract_an_empty_document_and_a_warning_come_back() {
        let bytes = png_header(10, 10);
        let (document, diagnostics) = extract_with(
            Format::Png,
            "scan.png",
            &bytes,
            &Limits::default(),
            &missing_tools(),
        )
        .unwrap();
        assert!(document.blocks.is_empty());
        assert!(document.text.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "ING0301");
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert!(
            diagnostics[0]
                .message
                .contains("install tesseract-ocr and tesseract-ocr-eng"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn a_png_of_text_is_ocred_when_tesseract_is_installed() {
        let Some(png) = synthetic_png() else {
            return;
        };
        let tools = Tools::installed();
        let outcome = extract_with(Format::Png, "scan.png", &png, &Limits::default(), tools);
        let (document, diagnostics) = outcome.unwrap();
        if tools.tesseract.get().is_none() {
            assert_eq!(diagnostics[0].code, "ING0301");
            return;
        }
        assert_eq!(document.pages.len(), 1);
        assert_eq!(document.pages[0].extractor, Extractor::Tesseract);
        assert!(document.pages[0].ocr_confidence.unwrap() > 50.0);
        assert!(document.text.contains("SYNTHETIC"), "{}", document.text);
        assert!(document.text.contains("music"), "{}", document.text);
        assert!(document.blocks.iter().all(|b| b.page == 1));
    }

    #[test]
    fn a_damaged_image_is_corrupt_when_tesseract_is_installed() {
        let tools = Tools::installed();
        if tools.tesseract.get().is_none() {
            return;
        }
        let bytes = png_header(10, 10);
        let outcome = extract_with(Format::Png, "bad.png", &bytes, &Limits::default(), tools);
        assert!(
            matches!(outcome, Err(IngestError::Corrupt { format: "PNG", .. })),
            "{outcome:?}"
        );
    }

    #[test]
    fn absurd_dimensions_are_refused_before_ocr() {
        let bytes = png_header(100_000, 100_000);
        let outcome = extract_with(
            Format::Png,
            "bomb.png",
            &bytes,
            &Limits::default(),
            Tools::installed(),
        );
        assert!(matches!(outcome, Err(IngestError::ExpansionLimit { .. })));
        // JPEG: SOI, an APP0 segment, then SOF0 with height 40000 and width 30000.
        let mut jpeg = b"\xff\xd8\xff\xe0\x00\x04ab".to_vec();
        jpeg.extend(b"\xff\xc0\x00\x11\x08");
        jpeg.extend(40_000u16.to_be_bytes());
        jpeg.extend(30_000u16.to_be_bytes());
        assert_eq!(dimensions(Format::Jpeg, &jpeg), Some((30_000, 40_000)));
        assert_eq!(dimensions(Format::Jpeg, b"\xff\xd8\x00"), None);
        assert_eq!(dimensions(Format::Tiff, b"II*\0"), None);
    }
}
