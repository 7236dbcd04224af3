"""Extracts the text of the benchmark bundle with pypdf (PDF) and python-docx (Word).

The Python pair that scripts/bench-ingest compares dehcp against. Usage:

    bench_python.py FILE...

PDFs are read page by page with pypdf's extract_text(); Word files paragraph by paragraph,
then every table cell, with python-docx. Prints one summary line to stderr (pages, characters
and the time spent after imports) and writes the extracted text to stdout, so that the
output is produced as dehcp's is.
"""

import sys
import time

START = time.perf_counter()

import docx  # noqa: E402  (timed: import cost is part of a run)
from pypdf import PdfReader  # noqa: E402

IMPORTED = time.perf_counter()


def pdf_text(path):
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    return len(pages), "\n\f".join(pages)


def docx_text(path):
    document = docx.Document(path)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return 0, "\n".join(parts)


def main(paths):
    pages = 0
    characters = 0
    out = sys.stdout
    for path in paths:
        if path.lower().endswith(".pdf"):
            count, text = pdf_text(path)
        elif path.lower().endswith(".docx"):
            count, text = docx_text(path)
        else:
            raise SystemExit(f"not a PDF or Word file: {path}")
        pages += count
        characters += len(text)
        out.write(f"== {path}\n{text}\n")
    done = time.perf_counter()
    print(
        f"python: pdf_pages={pages} chars={characters} "
        f"import_s={IMPORTED - START:.4f} extract_s={done - IMPORTED:.4f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
