"""The Python pipeline that scripts/bench-draft compares `dehcp draft` against.

Two commands:

    bench_draft.py train CASES_CSV MODEL_FILE
    bench_draft.py draft MODEL_FILE OUT_DOCX OUT_PDF FILE...

`train` (run once, untimed, like the Rust side's committed default model) fits the primary-need
classifier on the synthetic population that `dehcp-model`'s `bench` example exports (the same
generator, size and seed as dehcp's default model: 3,000 cases, seed 1): a StandardScaler and a
multinomial LogisticRegression over the 20 scores and a one-hot age band, trained on the cases
with a plan, with the L2 strength mapped from dehcp's (see scripts/bench_model.py). It saves
the fitted scaler and model with joblib.

`draft` is the timed pipeline, the same steps `dehcp draft` takes, with the usual Python tools:

1. read: PDFs with pypdf (`extract_text` per page), Word files with python-docx (paragraphs,
   then table cells), `.txt`/`.md` files as UTF-8;
2. summarise each document with sumy's LexRank (10 sentences; the regular-expression
   tokenizer of scripts/bench_analyse.py, as NLTK's punkt data cannot be downloaded here);
3. extract the top 20 keyphrases of each document with yake (n-grams up to 3 words);
4. find evidence sentences: a sentence is a need when it holds one of the need terms below,
   and a provision statement when it holds a recommendation cue or a frequency; each provision
   is split with regular expressions into frequency, duration and who;
5. score the 20-item profile from the need terms (0 to 3 for scales, 0/1 for flags), then
   classify it with the saved LogisticRegression (predict_proba: primary need and its
   probability);
6. write a DOCX plan with python-docx: title, personal details table, headings "Section A" …
   "Section K" (H1 and H2 under H), tables of needs (B) and provision (F: what, frequency,
   duration, who, source), views quotes (A), an advice register (K: file, pages, keyphrases)
   and the LexRank summaries as a sources appendix;
7. write the same plan as a PDF with fpdf2 (Helvetica core font, so text is mapped to
   Latin-1).

It does less than dehcp (no negation or uncertainty, no quote spans, no clusters or
recommended provision elements, no checks), so the comparison flatters Python. Prints one
summary line to stderr:

    python: documents=N pages=P sentences=S needs=… provisions=… primary_need=… read_s=…
    summarise_s=… keywords_s=… evidence_s=… classify_s=… docx_s=… pdf_s=… total_s=…

All data is synthetic.
"""

import re
import sys
import time
from datetime import date
from pathlib import Path

START = time.perf_counter()

import joblib  # noqa: E402
import numpy as np  # noqa: E402
import yake  # noqa: E402
from docx import Document as DocxDocument  # noqa: E402
from fpdf import FPDF  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_analyse import RegexTokenizer  # noqa: E402

IMPORTED = time.perf_counter()

KEYWORDS = 20
DOCUMENT_SENTENCES = 10
ITEMS = [
    "learning_difficulties", "health_issues", "hearing_impairment", "visual_impairment",
    "physical_disability_other", "adl_challenges", "asd", "sen", "psych_other",
    "emotional_literacy", "social_interaction", "self_esteem", "ability_english",
    "ability_maths", "ability_problem_solving", "abilities_slc", "physical_skills",
    "sensory_skills", "flmt_flag", "social_care_flag",
]
FLAGS = {"flmt_flag", "social_care_flag"}
REFERENCE = date(2026, 1, 15)
L2 = 1e-3

# Need terms per item (lower case); a sentence holding one is evidence for the item.
TERMS = {
    "learning_difficulties": ["learning difficult", "working memory", "processing speed", "below average"],
    "health_issues": ["asthma", "epilepsy", "medication", "inhaler", "sleep"],
    "hearing_impairment": ["hearing loss", "hearing aid", "deaf"],
    "visual_impairment": ["visual impairment", "glasses", "eyesight"],
    "physical_disability_other": ["physiotherap", "wheelchair", "mobility"],
    "adl_challenges": ["dressing", "buttons", "laces", "toileting", "feeding"],
    "asd": ["autism", "autistic", "asd"],
    "sen": ["sen support", "special educational"],
    "psych_other": ["adhd", "attention", "restless"],
    "emotional_literacy": ["emotion", "meltdown", "regulat"],
    "social_interaction": ["friend", "turn-taking", "social communication", "group"],
    "self_esteem": ["self-esteem", "confidence", "i can't", "stupid"],
    "ability_english": ["reading", "spelling", "phonics", "writing"],
    "ability_maths": ["maths", "number", "calculation"],
    "ability_problem_solving": ["problem solving", "reasoning"],
    "abilities_slc": ["language", "speech", "instruction", "vocabulary", "word-finding"],
    "physical_skills": ["handwriting", "pencil", "motor", "coordination", "scissor"],
    "sensory_skills": ["sensory", "noise", "ear defenders", "noisy"],
    "flmt_flag": ["english as an additional language", "interpreter"],
    "social_care_flag": ["social worker", "child in need", "safeguarding"],
}
CUE = re.compile(
    r"\b(recommend|should|will need|needs? to|to be|access to|support from|programme|sessions?|"
    r"intervention|therapy)\b",
    re.IGNORECASE,
)
FREQUENCY = re.compile(
    r"\b(daily|weekly|fortnightly|termly|every (school )?day|once a (week|term)|twice a (week|day)|"
    r"(one|two|three|four|five|\d+) (times|sessions?) (a|per|each) (week|day|term)|each (week|term))\b",
    re.IGNORECASE,
)
DURATION = re.compile(r"\b\d+[- ]minutes?\b|\b\d+ hours?\b", re.IGNORECASE)
WHO = re.compile(
    r"\b(teaching assistant|speech and language therapist|occupational therapist|teacher|SENCo|"
    r"ELSA|school nurse|educational psychologist)\b",
    re.IGNORECASE,
)
SECTIONS = [
    ("A", "The views, interests and aspirations of the child and their parents"),
    ("B", "Special educational needs"),
    ("C", "Health needs related to the special educational needs"),
    ("D", "Social care needs related to the special educational needs or disability"),
    ("E", "Outcomes"),
    ("F", "Special educational provision"),
    ("G", "Health provision"),
    ("H1", "Social care provision under section 2 of the CSDPA 1970"),
    ("H2", "Other social care provision"),
    ("I", "Placement"),
    ("J", "Personal budget"),
    ("K", "Advice and information"),
]


def c_for_l2(l2, n_train):
    return 1.0 / (l2 * n_train)


def band_index(birth):
    year, month = (int(part) for part in birth.split("-"))
    years = REFERENCE.year - year - (1 if REFERENCE.month < month else 0)
    for index, top in enumerate((4, 10, 15, 19, 25)):
        if years <= top:
            return index
    return 4


def features(scores, bands):
    onehot = np.zeros((len(bands), 5))
    onehot[np.arange(len(bands)), bands] = 1.0
    return np.hstack([scores, onehot])


def train(cases_csv, model_file):
    import csv

    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    with open(cases_csv, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header, rows = rows[0], rows[1:]
    assert header[2 : 2 + len(ITEMS)] == ITEMS, header[2:22]
    need, decision = header.index("primary_need"), header.index("panel_decision")
    rows = [r for r in rows if r[decision] == "plan" and r[need] != ""]
    x = features(
        np.array([[float(v) for v in r[2:22]] for r in rows]),
        np.array([band_index(r[1]) for r in rows]),
    )
    y = [r[need] for r in rows]
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=c_for_l2(L2, len(y)), max_iter=300, tol=1e-5)
    model.fit(scaler.transform(x), y)
    joblib.dump({"scaler": scaler, "model": model}, model_file)
    print(f"trained on {len(y)} cases from {cases_csv}", file=sys.stderr)


def read(path):
    """The text of one file and its page count."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        return "\n\n".join(pages), len(pages)
    if suffix == ".docx":
        document = DocxDocument(str(path))
        parts = [p.text for p in document.paragraphs if p.text.strip()]
        for table in document.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))
        return "\n\n".join(parts), 1
    return path.read_text(encoding="utf-8"), 1


def latin1(text):
    text = text.replace("–", "-").replace("—", "-").replace("’", "'").replace("‘", "'")
    text = text.replace("“", '"').replace("”", '"').replace("•", "-")
    return text.encode("latin-1", "replace").decode("latin-1")


def draft(model_file, out_docx, out_pdf, paths):
    marks = {}
    t = time.perf_counter()
    saved = joblib.load(model_file)
    docs = []
    for path in map(Path, paths):
        text, pages = read(path)
        docs.append({"path": path, "text": text, "pages": pages})
    marks["read"] = time.perf_counter() - t

    t = time.perf_counter()
    tokenizer = RegexTokenizer()
    summariser = LexRankSummarizer(Stemmer("english"))
    summariser.stop_words = get_stop_words("english")
    sentence_count = 0
    for doc in docs:
        parsed = PlaintextParser.from_string(doc["text"], tokenizer).document
        doc["sentences"] = [str(s) for s in parsed.sentences]
        sentence_count += len(doc["sentences"])
        doc["summary"] = [str(s) for s in summariser(parsed, DOCUMENT_SENTENCES)]
    marks["summarise"] = time.perf_counter() - t

    t = time.perf_counter()
    extractor = yake.KeywordExtractor(lan="en", n=3, top=KEYWORDS)
    for doc in docs:
        doc["keywords"] = [k for k, _ in extractor.extract_keywords(doc["text"])]
    marks["keywords"] = time.perf_counter() - t

    t = time.perf_counter()
    needs, provisions, views = [], [], []
    counts = dict.fromkeys(ITEMS, 0)
    for doc in docs:
        for sentence in doc["sentences"]:
            lower = sentence.lower()
            hit = [item for item, terms in TERMS.items() if any(term in lower for term in terms)]
            for item in hit:
                counts[item] += 1
            if hit:
                needs.append((hit[0], sentence, doc["path"].name))
            frequency = FREQUENCY.search(sentence)
            if CUE.search(sentence) or frequency:
                duration = DURATION.search(sentence)
                who = WHO.search(sentence)
                provisions.append({
                    "what": sentence,
                    "frequency": frequency.group(0) if frequency else "to be specified",
                    "duration": duration.group(0) if duration else "to be specified",
                    "who": who.group(0) if who else "to be specified",
                    "source": doc["path"].name,
                })
            if re.match(r"^(I|We|My|Our) ", sentence):
                views.append((sentence, doc["path"].name))
    marks["evidence"] = time.perf_counter() - t

    t = time.perf_counter()
    scores = np.array([[min(1, counts[i]) if i in FLAGS else min(3, counts[i] // 3) for i in ITEMS]], dtype=float)
    x = features(scores, np.array([1]))
    probabilities = saved["model"].predict_proba(saved["scaler"].transform(x))[0]
    best = int(np.argmax(probabilities))
    primary = (saved["model"].classes_[best], float(probabilities[best]))
    marks["classify"] = time.perf_counter() - t

    t = time.perf_counter()
    plan = DocxDocument()
    plan.add_heading("Draft Education, Health and Care Plan", level=0)
    table = plan.add_table(rows=0, cols=2)
    for label, value in [("Status", "DRAFT"), ("Suggested primary need", f"{primary[0]} ({primary[1]:.0%})")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    for code, title in SECTIONS:
        plan.add_heading(f"Section {code}: {title}", level=2 if code in ("H1", "H2") else 1)
        if code == "A":
            for sentence, source in views[:40]:
                plan.add_paragraph(f"\u201c{sentence}\u201d ({source})")
        elif code == "B":
            rows = plan.add_table(rows=1, cols=3)
            rows.rows[0].cells[0].text, rows.rows[0].cells[1].text, rows.rows[0].cells[2].text = "Area", "Need", "Source"
            for item, sentence, source in needs:
                cells = rows.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = item, sentence, source
        elif code == "E":
            for item in ITEMS:
                if counts[item]:
                    plan.add_paragraph(f"Suggested outcome for {item}: to be personalised.", style="List Bullet")
        elif code == "F":
            rows = plan.add_table(rows=1, cols=5)
            for cell, head in zip(rows.rows[0].cells, ["Provision", "Frequency", "Duration", "Who", "Source"]):
                cell.text = head
            for provision in provisions:
                cells = rows.add_row().cells
                for cell, key in zip(cells, ["what", "frequency", "duration", "who", "source"]):
                    cell.text = provision[key]
        elif code == "K":
            rows = plan.add_table(rows=1, cols=3)
            for cell, head in zip(rows.rows[0].cells, ["Document", "Pages", "Key phrases"]):
                cell.text = head
            for doc in docs:
                cells = rows.add_row().cells
                cells[0].text, cells[1].text, cells[2].text = doc["path"].name, str(doc["pages"]), "; ".join(doc["keywords"])
        elif code == "I":
            plan.add_paragraph("To be completed by the local authority after consultation.")
    plan.add_heading("Sources", level=1)
    for doc in docs:
        plan.add_heading(doc["path"].name, level=2)
        for sentence in doc["summary"]:
            plan.add_paragraph(sentence)
    plan.save(out_docx)
    marks["docx"] = time.perf_counter() - t

    t = time.perf_counter()
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, "Draft Education, Health and Care Plan", new_x="LMARGIN", new_y="NEXT")
    for code, title in SECTIONS:
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, latin1(f"Section {code}: {title}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        lines = []
        if code == "A":
            lines = [f"\"{s}\" ({src})" for s, src in views[:40]]
        elif code == "B":
            lines = [f"{item}: {sentence} ({src})" for item, sentence, src in needs]
        elif code == "F":
            lines = [f"{p['what']} | {p['frequency']} | {p['duration']} | {p['who']} | {p['source']}" for p in provisions]
        elif code == "K":
            lines = [f"{d['path'].name}, {d['pages']} page(s): {'; '.join(d['keywords'])}" for d in docs]
        for line in lines:
            pdf.multi_cell(0, 5, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(out_pdf)
    marks["pdf"] = time.perf_counter() - t

    total = sum(marks.values())
    pages = sum(d["pages"] for d in docs)
    figures = " ".join(f"{k}_s={v:.4f}" for k, v in marks.items())
    print(
        f"python: documents={len(docs)} pages={pages} sentences={sentence_count} needs={len(needs)} "
        f"provisions={len(provisions)} primary_need={primary[0]} import_s={IMPORTED - START:.4f} "
        f"{figures} total_s={total:.4f}",
        file=sys.stderr,
    )


def main(args):
    if len(args) == 3 and args[0] == "train":
        train(args[1], args[2])
    elif len(args) >= 5 and args[0] == "draft":
        draft(args[1], args[2], args[3], args[4:])
    else:
        raise SystemExit(
            "usage: bench_draft.py train CASES_CSV MODEL_FILE | "
            "bench_draft.py draft MODEL_FILE OUT_DOCX OUT_PDF FILE..."
        )


if __name__ == "__main__":
    main(sys.argv[1:])
