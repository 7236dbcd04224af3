#!/usr/bin/env python3
"""Writes the committed seed corpora in fuzz/seeds/ (synthetic, tiny, one per shape).

Run from anywhere: python3 crates/dehcp-ingest/fuzz/make-seeds.py
Every seed is generated here; there is no binary fixture without this generator.
"""
import io
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent / "seeds"
TEXT = "Synthetic test: Sam Example enjoys drawing and needs a visual timetable."


def write(target, name, data):
    folder = ROOT / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def zipped(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts:
            # A fixed timestamp keeps the seeds byte-for-byte reproducible.
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, body)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
docx = zipped([
    ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    ("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>'
     f'<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Advice</w:t></w:r></w:p>'
     f'<w:p><w:r><w:t>{TEXT}</w:t></w:r><w:ins><w:r><w:t> Added.</w:t></w:r></w:ins>'
     f'<w:del><w:r><w:delText>Removed.</w:delText></w:r></w:del></w:p>'
     f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Reading</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'
     f'</w:body></w:document>'),
])
write("docx", "report.docx", docx)
write("ingest_any", "report.docx", docx)

odt = zipped([
    ("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml", '<?xml version="1.0"?><office:document-content '
     'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
     f'<text:h text:outline-level="1">Advice</text:h><text:p>{TEXT}</text:p>'
     '</office:text></office:body></office:document-content>'),
])
write("odt", "report.odt", odt)
write("ingest_any", "report.odt", odt)

content = f"BT /F1 12 Tf 72 720 Td ({TEXT}) Tj ET".encode()
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]
pdf = io.BytesIO()
pdf.write(b"%PDF-1.4\n")
offsets = []
for number, body in enumerate(objects, start=1):
    offsets.append(pdf.tell())
    pdf.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
xref = pdf.tell()
pdf.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
for offset in offsets:
    pdf.write(f"{offset:010d} 00000 n \n".encode())
pdf.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
write("pdf", "report.pdf", pdf.getvalue())
write("ingest_any", "report.pdf", pdf.getvalue())

rtf = "{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}}\\f0 Advice\\par " + TEXT + " Caf\\'e9 \\u8211? end\\par}"
write("rtf", "report.rtf", rtf)
write("ingest_any", "report.rtf", rtf)

html = f"<!DOCTYPE html><html><head><style>p{{}}</style></head><body><h1>Advice</h1><p>{TEXT} &amp; more</p><ul><li>Quiet space</li></ul><table><tr><td>Reading</td></tr></table></body></html>"
write("html", "report.html", html)
write("ingest_any", "report.html", html)

email = ("From: coordinator@example.org\r\nTo: senco@example.org\r\nSubject: Synthetic advice\r\n"
         "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XYZ\r\n\r\n"
         f"--XYZ\r\nContent-Type: text/plain\r\n\r\n{TEXT}\r\n"
         "--XYZ\r\nContent-Type: text/plain; name=note.txt\r\nContent-Disposition: attachment; filename=note.txt\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nU3ludGhldGljIGF0dGFjaG1lbnQu\r\n--XYZ--\r\n")
write("email", "message.eml", email)
write("ingest_any", "message.eml", email)

write("text", "report.md", f"# Advice\n\n{TEXT}\n\n- visual timetable\n1. quiet space\n\x0cPage two.")
write("text", "cp1252.txt", TEXT.encode() + b" caf\xe9 \x96 end")
write("text", "utf16.txt", b"\xff\xfe" + TEXT.encode("utf-16-le"))
write("ingest_any", "report.md", f"# Advice\n\n{TEXT}\n")

# An OLE compound file header followed by junk: enough for the MSG reader to start on.
write("msg", "header-only.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
print("seeds written to", ROOT)
