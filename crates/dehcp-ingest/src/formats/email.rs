//! Email messages (RFC 5322 / MIME), parsed with `mail-parser`.
//!
//! What it does: puts the subject first as a level-1 heading, then the plain-text body split
//! into paragraphs at blank lines (or, when a message has only an HTML body, that body read by
//! the HTML reader). Each attachment is ingested in turn and attached to the document; emails
//! and Outlook messages inside emails are read here with a depth count, everything else goes
//! through [`crate::ingest`] with the same limits.
//!
//! What it must not do: copy sender, recipient or date headers into the text (they are personal
//! data the plan does not need), lose the body because an attachment is damaged (a rejected
//! attachment becomes a warning, `ING0601`, naming the attachment), or follow emails nested more
//! than [`Limits::max_depth`] deep (that is [`IngestError::TooDeep`] for the whole message).

use mail_parser::{MessageParser, MimeHeaders, PartType};

use crate::detect::{Format, detect};
use crate::formats::{Extracted, html, msg};
use crate::guard::run_guarded;
use crate::model::{BlockKind, Diagnostic, Document, DocumentBuilder, Severity};
use crate::{IngestError, IngestOptions, Limits};

/// Reads an email into blocks, with its attachments ingested and attached.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    extract_at_depth(format, file_name, bytes, limits, 1)
}

/// Adds `text` as paragraphs split at blank lines.
pub(crate) fn plain_paragraphs(builder: &mut DocumentBuilder, text: &str) {
    let mut paragraph = String::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            builder.block(1, BlockKind::Paragraph, &paragraph);
            paragraph.clear();
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    builder.block(1, BlockKind::Paragraph, &paragraph);
}

/// The email reader at nesting `depth` (the outermost message is depth 1).
pub(crate) fn extract_at_depth(
    format: Format,
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: usize,
) -> Extracted {
    if depth > limits.max_depth {
        return Err(IngestError::TooDeep {
            format: Format::Eml.name(),
            limit: limits.max_depth,
        });
    }
    let message = MessageParser::default()
        .parse(bytes)
        .ok_or_else(|| IngestError::Corrupt {
            format: Format::Eml.name(),
            detail: "no message headers could be read".into(),
        })?;
    let mut builder = DocumentBuilder::new(file_name, format, bytes);
    let mut diagnostics = Vec::new();
    if let Some(subject) = message.subject() {
        builder.block(1, BlockKind::Heading { level: 1 }, subject);
    }
    let mut body_parts: Vec<u32> = message.text_body.clone();
    if body_parts.is_empty() {
        body_parts = message.html_body.clone();
    }
    for id in &body_parts {
        let Some(part) = message.parts.get(*id as usize) else {
            continue;
        };
        match &part.body {
            PartType::Text(text) => plain_paragraphs(&mut builder, text),
            PartType::Html(markup) => html::read_into(markup, &mut builder, limits)?,
            _ => {}
        }
    }
    for (index, id) in message.attachments.iter().enumerate() {
        if body_parts.contains(id) {
            continue;
        }
        let Some(part) = message.parts.get(*id as usize) else {
            continue;
        };
        let name = part
            .attachment_name()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("attachment {}", index + 1));
        if part.is_encoding_problem {
            diagnostics.push(attachment_warning(
                &name,
                "its transfer encoding is damaged, so it was not read",
            ));
            continue;
        }
        let (contents, forced): (&[u8], _) = match &part.body {
            PartType::Message(nested) => (nested.raw_message(), Some(Format::Eml)),
            PartType::Multipart(_) => continue,
            _ => (part.contents(), None),
        };
        match ingest_attachment(&name, contents, limits, depth, forced) {
            Ok((document, nested_diagnostics)) => {
                builder.attach(document);
                diagnostics.extend(nested_diagnostics.into_iter().map(|diagnostic| Diagnostic {
                    message: format!("attachment {name}: {}", diagnostic.message),
                    ..diagnostic
                }));
            }
            Err(error @ IngestError::TooDeep { .. }) => return Err(error),
            Err(error) => diagnostics.push(attachment_warning(&name, &error.to_string())),
        }
    }
    Ok((builder.finish(), diagnostics))
}

fn attachment_warning(name: &str, reason: &str) -> Diagnostic {
    Diagnostic {
        code: "ING0601",
        severity: Severity::Warning,
        message: format!("attachment {name} was skipped: {reason}"),
        page: None,
    }
}

/// Ingests one attachment of a message at `depth`: messages are read here one level deeper
/// (each in its own guarded thread), anything else through [`crate::ingest`]. `forced` is the
/// format when the container already says what the attachment is (`message/rfc822`).
pub(crate) fn ingest_attachment(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: usize,
    forced: Option<Format>,
) -> Result<(Document, Vec<Diagnostic>), IngestError> {
    match forced.or_else(|| detect(bytes)) {
        Some(format @ (Format::Eml | Format::Msg)) if !bytes.is_empty() => {
            let size = bytes.len() as u64;
            if size > limits.max_file_bytes {
                return Err(IngestError::TooLarge {
                    size,
                    limit: limits.max_file_bytes,
                });
            }
            let owned = bytes.to_vec();
            let owned_name = name.to_owned();
            let limits_copy = *limits;
            run_guarded(limits.timeout, move || {
                if format == Format::Eml {
                    extract_at_depth(format, &owned_name, &owned, &limits_copy, depth + 1)
                } else {
                    msg::extract_at_depth(format, &owned_name, &owned, &limits_copy, depth + 1)
                }
            })?
        }
        _ => crate::ingest(name, bytes, &IngestOptions { limits: *limits }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(eml: &str) -> (Document, Vec<Diagnostic>) {
        extract(
            Format::Eml,
            "advice.eml",
            eml.as_bytes(),
            &Limits::default(),
        )
        .unwrap()
    }

    fn blocks(document: &Document) -> Vec<(BlockKind, &str)> {
        document
            .blocks
            .iter()
            .map(|block| (block.kind, block.text.as_str()))
            .collect()
    }

    // Synthetic messages with invented names throughout.
    const WITH_ATTACHMENT: &str = "From: Pat Sender <pat@example.org>\r
To: Casework <casework@example.org>\r
Date: Mon, 2 Nov 2026 10:00:00 +0000\r
Subject: Speech and language advice for Sam Example\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary=\"XYZ\"\r
\r
--XYZ\r
Content-Type: text/plain; charset=utf-8\r
\r
Dear colleague,\r
\r
Sam Example needs weekly therapy.\r
It should continue.\r
--XYZ\r
Content-Type: text/plain; name=\"notes.txt\"\r
Content-Disposition: attachment; filename=\"notes.txt\"\r
Content-Transfer-Encoding: base64\r
\r
U2FtIGxpa2VzIHRyYWlucy4=\r
--XYZ--\r
";

    #[test]
    fn subject_body_and_a_base64_attachment() {
        let (document, diagnostics) = read(WITH_ATTACHMENT);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(
            blocks(&document),
            [
                (
                    BlockKind::Heading { level: 1 },
                    "Speech and language advice for Sam Example"
                ),
                (BlockKind::Paragraph, "Dear colleague,"),
                (
                    BlockKind::Paragraph,
                    "Sam Example needs weekly therapy. It should continue."
                ),
            ]
        );
        assert!(!document.text.contains("pat@example.org"));
        assert!(!document.text.contains("2026"));
        assert_eq!(document.attachments.len(), 1);
        assert_eq!(document.attachments[0].file_name, "notes.txt");
        assert_eq!(document.attachments[0].text, "Sam likes trains.");
    }

    #[test]
    fn a_corrupt_attachment_becomes_a_warning_and_keeps_the_body() {
        let eml = WITH_ATTACHMENT.replace("U2FtIGxpa2VzIHRyYWlucy4=", "U2F@@!!%%^^&&**\u{7f}");
        let (document, diagnostics) = read(&eml);
        assert!(document.text.contains("weekly therapy"));
        assert!(document.attachments.is_empty());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "ING0601");
        assert_eq!(diagnostics[0].severity, Severity::Warning);
        assert!(diagnostics[0].message.contains("notes.txt"));

        // An attachment that is not a readable format is a warning too.
        let eml = WITH_ATTACHMENT.replace("U2FtIGxpa2VzIHRyYWlucy4=", "AAECAwQFBgcICQ==");
        let (document, diagnostics) = read(&eml);
        assert!(document.text.contains("weekly therapy"));
        assert_eq!(diagnostics[0].code, "ING0601");
        assert!(diagnostics[0].message.contains("not a format"));
    }

    fn nested(levels: usize) -> String {
        let mut eml =
            "From: a@example.org\r\nSubject: Innermost\r\n\r\nDeepest body text.\r\n".to_owned();
        for level in 0..levels {
            eml = format!(
                "From: a@example.org\r\nSubject: Level {level}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n--b{level}\r\nContent-Type: text/plain\r\n\r\nForwarded at level {level}.\r\n--b{level}\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"fwd{level}.eml\"\r\n\r\n{eml}\r\n--b{level}--\r\n"
            );
        }
        eml
    }

    #[test]
    fn a_nested_message_is_attached() {
        let (document, diagnostics) = read(&nested(2));
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(document.blocks[0].text, "Level 1");
        assert_eq!(document.blocks[1].text, "Forwarded at level 1.");
        let inner = &document.attachments[0];
        assert_eq!(inner.format, Format::Eml);
        assert_eq!(inner.blocks[0].text, "Level 0");
        assert_eq!(inner.attachments[0].text, "Innermost\n\nDeepest body text.");
    }

    #[test]
    fn messages_nested_past_the_limit_are_too_deep() {
        let limits = Limits {
            max_depth: 4,
            ..Limits::default()
        };
        let ok = nested(3);
        assert!(extract(Format::Eml, "x.eml", ok.as_bytes(), &limits).is_ok());
        let deep = nested(4);
        assert_eq!(
            extract(Format::Eml, "x.eml", deep.as_bytes(), &limits),
            Err(IngestError::TooDeep {
                format: "email",
                limit: 4
            })
        );
    }

    #[test]
    fn an_html_only_body_goes_through_the_html_reader() {
        let eml = "From: a@example.org\r\nSubject: Advice\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><h2>Strengths</h2><p>Sam Example is kind &amp; curious.</p><ul><li>reading</li></ul></body></html>\r\n";
        let (document, _) = read(eml);
        assert_eq!(
            blocks(&document),
            [
                (BlockKind::Heading { level: 1 }, "Advice"),
                (BlockKind::Heading { level: 2 }, "Strengths"),
                (BlockKind::Paragraph, "Sam Example is kind & curious."),
                (BlockKind::ListItem, "reading"),
            ]
        );
    }

    #[test]
    fn the_public_entry_point_reads_email() {
        let (document, _) = crate::ingest(
            "a.eml",
            WITH_ATTACHMENT.as_bytes(),
            &crate::IngestOptions::default(),
        )
        .unwrap();
        assert_eq!(document.format, Format::Eml);
        assert_eq!(document.attachments.len(), 1);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = extract(Format::Eml, "x.eml", &bytes, &Limits::default());
            let mut prefixed = b"From: a@example.org\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n".to_vec();
            prefixed.extend(&bytes);
            let _ = extract(Format::Eml, "x.eml", &prefixed, &Limits::default());
        }
    }
}
