"""Keywords and summaries of the benchmark bundle's text with yake and sumy (LexRank).

The Python pair that scripts/bench-analyse compares `dehcp_nlp`'s analysis against. Usage:

    bench_analyse.py TEXT_FILE...

The text files are the documents' texts as dehcp extracted them (written by the
`bench_analyse` example), so both sides read exactly the same text. For each file, yake 0.7.3
extracts the top 20 keywords (n-grams up to 3 words) and sumy 0.13.0's LexRank summariser picks
10 sentences; then LexRank picks 20 sentences for the whole bundle (all texts joined).

NLTK's `punkt` sentence model cannot be downloaded here, and sumy's default `Tokenizer`
needs it, so sumy gets `RegexTokenizer` below: sentences end at `.`, `!` or `?` (optionally
followed by a closing quote or bracket) before white space and a capital letter, digit, quote
or bracket, and every line break inside a paragraph is joined first by sumy's
`PlaintextParser` (paragraphs are separated by blank lines; lines all in capitals are
headings); words are runs of letters with inner apostrophes or hyphens, the same words sumy's
own filter keeps. Stemming (NLTK's Snowball stemmer) and sumy's English stop words need no
download.

The texts are read before timing starts; the time printed is for the keyword and summary work
only, measured in-process after imports. Prints the keywords and summaries to stdout (so the
work cannot be skipped) and one summary line to stderr:

    python: documents=N bytes=B bundle_sentences=S import_s=… yake_s=… yake_cpu_s=…
    sumy_documents_s=… sumy_documents_cpu_s=… sumy_bundle_s=… sumy_bundle_cpu_s=… total_s=…
    total_cpu_s=… mbps=… blas=…

Times ending `_s` are wall time (`time.perf_counter`); `_cpu_s` are this thread's CPU time
(`time.thread_time`), which a busy machine disturbs less.
"""

import re
import sys
import time

START = time.perf_counter()

import yake  # noqa: E402  (import cost is reported separately)
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

IMPORTED = time.perf_counter()

KEYWORDS = 20
DOCUMENT_SENTENCES = 10
BUNDLE_SENTENCES = 20


class RegexTokenizer:
    """A sumy tokenizer without NLTK data: regular-expression sentences and words.

    sumy calls `to_sentences(paragraph)` with one paragraph whose lines are already joined by
    spaces, and `to_words(sentence)`; both return tuples of strings.
    """

    language = "english"
    _SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)\]]*\s+(?=[A-Z0-9\"'‘“(\[])")
    _WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

    def to_sentences(self, paragraph):
        return tuple(s.strip() for s in self._SENTENCE_END.split(paragraph) if s.strip())

    def to_words(self, sentence):
        return tuple(self._WORD.findall(sentence))


def blas_kernel():
    """Which BLAS library and kernel numpy runs (for the report), or "unknown"."""
    try:
        import numpy  # noqa: F401  (loads the BLAS library so that threadpoolctl sees it)
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown"
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            return f"{pool.get('internal_api')}-{pool.get('architecture')}"
    return "unknown"


def main(paths):
    if not paths:
        raise SystemExit("usage: bench_analyse.py TEXT_FILE...")
    texts = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    size = sum(len(text.encode("utf-8")) for text in texts)

    tokenizer = RegexTokenizer()
    stemmer = Stemmer("english")
    summariser = LexRankSummarizer(stemmer)
    summariser.stop_words = get_stop_words("english")
    extractor = yake.KeywordExtractor(lan="en", n=3, top=KEYWORDS)
    out = []

    marks = [(time.perf_counter(), time.thread_time())]
    for path, text in zip(paths, texts):
        keywords = extractor.extract_keywords(text)
        out.append(f"== {path} keywords: " + "; ".join(k for k, _ in keywords))
    marks.append((time.perf_counter(), time.thread_time()))
    for path, text in zip(paths, texts):
        document = PlaintextParser.from_string(text, tokenizer).document
        sentences = summariser(document, DOCUMENT_SENTENCES)
        out.append(f"== {path} summary:")
        out.extend(str(sentence) for sentence in sentences)
    marks.append((time.perf_counter(), time.thread_time()))
    bundle = PlaintextParser.from_string("\n\n".join(texts), tokenizer).document
    sentences = summariser(bundle, BUNDLE_SENTENCES)
    out.append("== bundle summary:")
    out.extend(str(sentence) for sentence in sentences)
    marks.append((time.perf_counter(), time.thread_time()))

    sys.stdout.write("\n".join(out) + "\n")
    stages = ["yake", "sumy_documents", "sumy_bundle"]
    figures = []
    for index, stage in enumerate(stages):
        (wall0, cpu0), (wall1, cpu1) = marks[index], marks[index + 1]
        figures.append(f"{stage}_s={wall1 - wall0:.4f} {stage}_cpu_s={cpu1 - cpu0:.4f}")
    total = marks[-1][0] - marks[0][0]
    total_cpu = marks[-1][1] - marks[0][1]
    print(
        f"python: documents={len(texts)} bytes={size} bundle_sentences={len(bundle.sentences)} "
        f"import_s={IMPORTED - START:.4f} {' '.join(figures)} total_s={total:.4f} "
        f"total_cpu_s={total_cpu:.4f} mbps={size / 1e6 / total:.4f} blas={blas_kernel()}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
