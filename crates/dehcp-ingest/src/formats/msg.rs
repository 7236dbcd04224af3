//! Outlook messages (`.msg`, an OLE compound file), read with the `cfb` crate.
//!
//! What it does: reads the subject (as a level-1 heading) and the plain-text body from the
//! MS-OXMSG property streams (`__substg1.0_0037001F`, `__substg1.0_1000001F` and their 8-bit
//! forms, read as Windows-1252), falling back to the HTML body through the HTML reader. Each
//! attachment's data is ingested in turn and attached; embedded Outlook messages are read from
//! their sub-storage one level deeper.
//!
//! What it must not do: panic, read past [`Limits::max_expanded_bytes`], follow embedded
//! messages deeper than [`Limits::max_depth`], or pretend that another compound file is a
//! message: an encrypted Office document (an `EncryptedPackage` stream) is
//! [`IngestError::Encrypted`], an old Word, Excel or PowerPoint file is
//! [`IngestError::Unsupported`], and anything else is [`IngestError::Corrupt`]. The compressed
//! RTF body (`__substg1.0_10090102`) is not read. Sender, recipient and date properties are never
//! copied into the text.

use std::io::{Cursor, Read};

use cfb::CompoundFile;

use crate::detect::Format;
use crate::formats::email::{ingest_attachment, plain_paragraphs};
use crate::formats::rtf::windows_1252_table;
use crate::formats::{Extracted, html};
use crate::model::{Diagnostic, Document, DocumentBuilder, Severity};
use crate::{BlockKind, IngestError, Limits};

type Compound<'a> = CompoundFile<Cursor<&'a [u8]>>;

/// Reads an Outlook message into blocks, with its attachments ingested and attached.
pub fn extract(format: Format, file_name: &str, bytes: &[u8], limits: &Limits) -> Extracted {
    extract_at_depth(format, file_name, bytes, limits, 1)
}

fn corrupt(detail: impl Into<String>) -> IngestError {
    IngestError::Corrupt {
        format: Format::Msg.name(),
        detail: detail.into(),
    }
}

/// The Outlook reader at nesting `depth` (the outermost message is depth 1).
pub(crate) fn extract_at_depth(
    format: Format,
    file_name: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: usize,
) -> Extracted {
    if depth > limits.max_depth {
        return Err(IngestError::TooDeep {
            format: Format::Msg.name(),
            limit: limits.max_depth,
        });
    }
    let mut file = CompoundFile::open(Cursor::new(bytes))
        .map_err(|error| corrupt(format!("the compound file cannot be read ({error})")))?;
    if file.is_stream("/EncryptedPackage") {
        return Err(IngestError::Encrypted { format: "Word" });
    }
    if file.is_stream("/WordDocument") {
        return Err(IngestError::Unsupported("Word 97–2003 (.doc)"));
    }
    if file.is_stream("/Workbook") || file.is_stream("/Book") {
        return Err(IngestError::Unsupported("Excel 97–2003 (.xls)"));
    }
    if file.is_stream("/PowerPoint Document") {
        return Err(IngestError::Unsupported("PowerPoint 97–2003 (.ppt)"));
    }
    let is_message = file.is_stream("/__properties_version1.0")
        || file
            .read_root_storage()
            .any(|entry| entry.name().starts_with("__substg1.0_"));
    if !is_message {
        return Err(corrupt(
            "it is a compound (OLE) file but not an Outlook message",
        ));
    }
    let mut reader = MsgReader {
        file: &mut file,
        limits,
        read_bytes: 0,
        diagnostics: Vec::new(),
    };
    let document = reader.message("", file_name, format, bytes, depth)?;
    Ok((document, reader.diagnostics))
}

struct MsgReader<'f, 'a> {
    file: &'f mut Compound<'a>,
    limits: &'f Limits,
    /// Bytes read from streams so far, against `max_expanded_bytes`.
    read_bytes: u64,
    diagnostics: Vec<Diagnostic>,
}

impl MsgReader<'_, '_> {
    /// The bytes of the stream at `path`, or `None` if there is none.
    fn stream(&mut self, path: &str) -> Result<Option<Vec<u8>>, IngestError> {
        if !self.file.is_stream(path) {
            return Ok(None);
        }
        let remaining = self
            .limits
            .max_expanded_bytes
            .saturating_sub(self.read_bytes);
        let mut data = Vec::new();
        let mut stream = self
            .file
            .open_stream(path)
            .map_err(|error| corrupt(format!("a stream cannot be opened ({error})")))?;
        stream
            .by_ref()
            .take(remaining.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|error| corrupt(format!("a stream cannot be read ({error})")))?;
        self.read_bytes = self.read_bytes.saturating_add(data.len() as u64);
        if self.read_bytes > self.limits.max_expanded_bytes {
            return Err(IngestError::ExpansionLimit {
                format: Format::Msg.name(),
                detail: format!(
                    "its streams hold more than {} bytes",
                    self.limits.max_expanded_bytes
                ),
            });
        }
        Ok(Some(data))
    }

    /// A string property, Unicode (`001F`) or 8-bit (`001E`).
    fn string(&mut self, storage: &str, tag: &str) -> Result<Option<String>, IngestError> {
        if let Some(data) = self.stream(&format!("{storage}/__substg1.0_{tag}001F"))? {
            let units = data
                .chunks_exact(2)
                .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
            let text: String = char::decode_utf16(units)
                .map(|unit| unit.unwrap_or('\u{fffd}'))
                .collect();
            return Ok(Some(text.trim_end_matches('\0').to_owned()));
        }
        if let Some(data) = self.stream(&format!("{storage}/__substg1.0_{tag}001E"))? {
            let table = windows_1252_table();
            let text: String = data
                .iter()
                .take_while(|byte| **byte != 0)
                .map(|byte| table[usize::from(*byte)])
                .collect();
            return Ok(Some(text));
        }
        Ok(None)
    }

    /// Reads the message whose properties are in `storage` ("" for the root).
    fn message(
        &mut self,
        storage: &str,
        file_name: &str,
        format: Format,
        id_bytes: &[u8],
        depth: usize,
    ) -> Result<Document, IngestError> {
        let mut builder = DocumentBuilder::new(file_name, format, id_bytes);
        if let Some(subject) = self.string(storage, "0037")? {
            builder.block(1, BlockKind::Heading { level: 1 }, &subject);
        }
        if let Some(body) = self.string(storage, "1000")? {
            plain_paragraphs(&mut builder, &body);
        } else if let Some(markup) = self.stream(&format!("{storage}/__substg1.0_10130102"))? {
            let markup = String::from_utf8_lossy(&markup).into_owned();
            html::read_into(&markup, &mut builder, self.limits)?;
        } else if let Some(markup) = self.string(storage, "1013")? {
            html::read_into(&markup, &mut builder, self.limits)?;
        }
        let root = if storage.is_empty() { "/" } else { storage };
        let mut attachments: Vec<String> = self
            .file
            .read_storage(root)
            .map_err(|error| corrupt(format!("a storage cannot be listed ({error})")))?
            .filter(|entry| entry.is_storage() && entry.name().starts_with("__attach_version1.0_#"))
            .map(|entry| entry.name().to_owned())
            .collect();
        attachments.sort();
        for (index, entry) in attachments.iter().enumerate() {
            let path = format!("{storage}/{entry}");
            let name = match self.string(&path, "3707")? {
                Some(name) if !name.trim().is_empty() => name,
                _ => match self.string(&path, "3704")? {
                    Some(name) if !name.trim().is_empty() => name,
                    _ => format!("attachment {}", index + 1),
                },
            };
            let embedded = format!("{path}/__substg1.0_3701000D");
            let result = if self.file.is_storage(&embedded) {
                self.embedded(&embedded, &name, depth)
            } else if let Some(data) = self.stream(&format!("{path}/__substg1.0_37010102"))? {
                ingest_attachment(&name, &data, self.limits, depth, None)
            } else {
                continue;
            };
            match result {
                Ok((document, diagnostics)) => {
                    builder.attach(document);
                    self.diagnostics
                        .extend(diagnostics.into_iter().map(|diagnostic| Diagnostic {
                            message: format!("attachment {name}: {}", diagnostic.message),
                            ..diagnostic
                        }));
                }
                Err(error @ (IngestError::TooDeep { .. } | IngestError::ExpansionLimit { .. })) => {
                    return Err(error);
                }
                Err(error) => self.diagnostics.push(Diagnostic {
                    code: "ING0701",
                    severity: Severity::Warning,
                    message: format!("attachment {name} was skipped: {error}"),
                    page: None,
                }),
            }
        }
        Ok(builder.finish())
    }

    /// Reads an embedded message one level deeper; its id is the hash of its streams.
    fn embedded(
        &mut self,
        storage: &str,
        name: &str,
        depth: usize,
    ) -> Result<(Document, Vec<Diagnostic>), IngestError> {
        if depth + 1 > self.limits.max_depth {
            return Err(IngestError::TooDeep {
                format: Format::Msg.name(),
                limit: self.limits.max_depth,
            });
        }
        let paths: Vec<String> = self
            .file
            .walk_storage(storage)
            .map_err(|error| corrupt(format!("a storage cannot be listed ({error})")))?
            .filter(|entry| entry.is_stream())
            .map(|entry| entry.path().to_string_lossy().into_owned())
            .collect();
        let mut id_bytes = Vec::new();
        for path in paths {
            id_bytes.extend(path.as_bytes());
            if let Some(data) = self.stream(&path)? {
                id_bytes.extend(data);
            }
        }
        let before = self.diagnostics.len();
        let document = self.message(storage, name, Format::Msg, &id_bytes, depth + 1)?;
        let diagnostics = self.diagnostics.split_off(before);
        Ok((document, diagnostics))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::io::Write;

    fn utf16(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn put(file: &mut CompoundFile<Cursor<Vec<u8>>>, path: &str, data: &[u8]) {
        file.create_stream(path).unwrap().write_all(data).unwrap();
    }

    /// A synthetic message with a text attachment and an embedded message.
    fn sample_msg() -> Vec<u8> {
        let mut file = CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        put(&mut file, "/__properties_version1.0", &[0; 32]);
        put(
            &mut file,
            "/__substg1.0_0037001F",
            &utf16("Occupational therapy advice for Sam Example"),
        );
        put(
            &mut file,
            "/__substg1.0_1000001F",
            &utf16("Dear colleague,\r\n\r\nSam Example uses a writing slope.\r\n"),
        );
        put(
            &mut file,
            "/__substg1.0_0C1F001F",
            &utf16("pat@example.org"),
        );
        file.create_storage("/__attach_version1.0_#00000000")
            .unwrap();
        put(
            &mut file,
            "/__attach_version1.0_#00000000/__substg1.0_3707001F",
            &utf16("notes.txt"),
        );
        put(
            &mut file,
            "/__attach_version1.0_#00000000/__substg1.0_37010102",
            b"Sam likes trains.",
        );
        file.create_storage("/__attach_version1.0_#00000001")
            .unwrap();
        put(
            &mut file,
            "/__attach_version1.0_#00000001/__substg1.0_3707001E",
            b"forwarded.msg",
        );
        file.create_storage("/__attach_version1.0_#00000001/__substg1.0_3701000D")
            .unwrap();
        put(
            &mut file,
            "/__attach_version1.0_#00000001/__substg1.0_3701000D/__substg1.0_0037001E",
            b"Earlier note",
        );
        put(
            &mut file,
            "/__attach_version1.0_#00000001/__substg1.0_3701000D/__substg1.0_1000001E",
            b"Caf\xe9 visits help.",
        );
        file.create_storage("/__attach_version1.0_#00000002")
            .unwrap();
        put(
            &mut file,
            "/__attach_version1.0_#00000002/__substg1.0_3707001F",
            &utf16("broken.bin"),
        );
        put(
            &mut file,
            "/__attach_version1.0_#00000002/__substg1.0_37010102",
            b"\0\x01\x02\x03binary",
        );
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn subject_body_and_attachments_are_read() {
        let bytes = sample_msg();
        assert_eq!(crate::detect(&bytes), Some(Format::Msg));
        let (document, diagnostics) =
            extract(Format::Msg, "advice.msg", &bytes, &Limits::default()).unwrap();
        let blocks: Vec<(BlockKind, &str)> = document
            .blocks
            .iter()
            .map(|block| (block.kind, block.text.as_str()))
            .collect();
        assert_eq!(
            blocks,
            [
                (
                    BlockKind::Heading { level: 1 },
                    "Occupational therapy advice for Sam Example"
                ),
                (BlockKind::Paragraph, "Dear colleague,"),
                (BlockKind::Paragraph, "Sam Example uses a writing slope."),
            ]
        );
        assert!(!document.text.contains("pat@example.org"));
        assert_eq!(document.attachments.len(), 2);
        assert_eq!(document.attachments[0].file_name, "notes.txt");
        assert_eq!(document.attachments[0].text, "Sam likes trains.");
        assert_eq!(document.attachments[1].format, Format::Msg);
        assert_eq!(
            document.attachments[1].text,
            "Earlier note\n\nCafé visits help."
        );
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].code, "ING0701");
        assert!(diagnostics[0].message.contains("broken.bin"));
    }

    #[test]
    fn other_compound_files_are_named_for_what_they_are() {
        let build = |stream: &str| {
            let mut file = CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            put(&mut file, stream, b"data");
            file.flush().unwrap();
            file.into_inner().into_inner()
        };
        let run = |bytes: Vec<u8>| extract(Format::Msg, "x.msg", &bytes, &Limits::default());
        assert_eq!(
            run(build("/EncryptedPackage")),
            Err(IngestError::Encrypted { format: "Word" })
        );
        assert!(matches!(
            run(build("/WordDocument")),
            Err(IngestError::Unsupported(_))
        ));
        assert!(matches!(
            run(build("/Something")),
            Err(IngestError::Corrupt { .. })
        ));
        let mut truncated = sample_msg();
        truncated.truncate(700);
        assert!(run(truncated).is_err());
    }

    #[test]
    fn embedded_messages_past_the_limit_are_too_deep() {
        let limits = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        assert_eq!(
            extract(Format::Msg, "x.msg", &sample_msg(), &limits),
            Err(IngestError::TooDeep {
                format: "Outlook message",
                limit: 1
            })
        );
    }

    #[test]
    fn the_public_entry_point_reads_msg() {
        let (document, _) =
            crate::ingest("a.msg", &sample_msg(), &crate::IngestOptions::default()).unwrap();
        assert_eq!(document.format, Format::Msg);
        assert_eq!(document.attachments.len(), 2);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = extract(Format::Msg, "x.msg", &bytes, &Limits::default());
            let mut prefixed = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
            prefixed.extend(&bytes);
            let _ = extract(Format::Msg, "x.msg", &prefixed, &Limits::default());
        }

        #[test]
        fn damaged_messages_never_panic(position in 0usize..4096, value in any::<u8>()) {
            let mut bytes = sample_msg();
            let index = position % bytes.len();
            bytes[index] = value;
            let _ = extract(Format::Msg, "x.msg", &bytes, &Limits::default());
        }
    }
}
