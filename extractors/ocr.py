"""Scanned PDFs (page images, no text layer) -> Document, by Tesseract 5 with its Vietnamese model.

Each page is rendered by PDFium (pypdfium2, already read for text PDFs) at 300 dpi in grey and
handed to the `tesseract` program, one process per page with one thread each
(OMP_THREAD_LIMIT=1: Tesseract's own threads make a page 5-10x slower on a shared machine), pages
in parallel on every core. Lines and paragraphs come from Tesseract's word boxes and its block /
paragraph / line numbers, not from font sizes (a scan has none). Each page's mean word confidence
is kept (`Document.page_confidence`), and the document says it was read by OCR, so an analyst
knows to check a number against the image. Ruled tables are found in the page image (long runs
of ink are its rules, fed to the same table finder as a PDF's drawn lines) and each word goes to
the cell its middle lies in; a table without rules in a scan is read as lines of text.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tomllib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from extractors.document import BlockKind, Document, DocumentBuilder, ExtractionError, check_pages
from extractors.text_layout import TableAssembler, is_heading

DPI = 300
LANG = "vie"
PAGE_TIMEOUT_S = 120
INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-vie (or run `make setup`)"
_BARS = "|¦│┃"
# a page number printed alone at the top or bottom of a page ("2", "- 5 -")
_PAGE_NUMBER = regex.compile(r"^[-–\s]*\d{1,3}[-–\s]*$")
# Tesseract reads a thousands dot with a space after it: "293. 132 hồ sơ" is 293.132
_SPLIT_GROUP = regex.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*)\.\s(\d{3})(?![\d,])")


REPAIRS = Path(__file__).with_name("ocr_repairs.toml")


@cache
def _repairs() -> tuple[tuple[regex.Pattern, str], ...]:
    with open(REPAIRS, "rb") as fh:
        return tuple((regex.compile(r["pattern"], regex.V1), r["replace"]) for r in tomllib.load(fh)["repair"])


def repaired(text: str) -> str:
    """The OCR text with the misreadings of ocr_repairs.toml undone (same length)."""
    for pattern, replacement in _repairs():
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class OcrPage:
    number: int
    items: list[tuple[str, object]]  # ("paragraph", text) or ("table", rows of cell texts), top to bottom
    confidence: float | None         # mean word confidence, 0-100; None for a blank page

    @property
    def paragraphs(self) -> list[str]:
        return [x for kind, x in self.items if kind == "paragraph"]


@dataclass(frozen=True)
class Word:
    key: tuple[int, int, int]        # Tesseract's block, paragraph and line numbers
    x0: float                        # box in points, top-left origin
    top: float
    x1: float
    bottom: float
    text: str


def tesseract() -> str | None:
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    langs = subprocess.run([binary, "--list-langs"], capture_output=True, text=True).stdout.split()
    return binary if LANG in langs else None


def _join_words(lines: list[list[str]]) -> str:
    """A paragraph's lines joined by a space, a word broken at a hyphen at a line end rejoined."""
    out = ""
    for words in lines:
        line = " ".join(words)
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out += line
        else:
            out += " " + line
    return out


def tsv_words(tsv: str, dpi: int = DPI) -> tuple[list[Word], float | None]:
    """Tesseract's TSV (one row per word: block, paragraph, line numbers, box in pixels,
    confidence) -> words in points and the mean word confidence."""
    k = 72 / dpi
    words: list[Word] = []
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        # a table's ruling line read as a character ("STT |", "|") is no part of the word
        text = (row.get("text") or "").strip().strip(_BARS)
        if row.get("level") != "5" or not text:
            continue
        conf = float(row["conf"])
        if conf >= 0:
            confs.append(conf)
        left, top, width, height = (float(row[c]) for c in ("left", "top", "width", "height"))
        words.append(Word((int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
                          left * k, top * k, (left + width) * k, (top + height) * k, text))
    return words, (sum(confs) / len(confs) if confs else None)


def _clean(text: str) -> str:
    return repaired(_SPLIT_GROUP.sub(r"\1.\2", text))


def _cell_text(words: list[Word]) -> str:
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.key, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
    return _clean(_join_words([[w.text for w in sorted(ws, key=lambda w: w.x0)] for ws in ordered]))


def page_items(words: list[Word], tables: list, number: int, confidence: float | None) -> OcrPage:
    """A page's paragraphs (Tesseract's blocks and paragraphs) and tables (the cells of the ruled
    tables found in the image, each holding the words whose middle lies in it), top to bottom."""
    placed: list[tuple[float, str, object]] = []
    free = list(words)
    for t in tables:
        rows = []
        for row in t.rows:
            cells = []
            for box in row.cells:
                inside = [] if box is None else [w for w in free if box[0] <= (w.x0 + w.x1) / 2 <= box[2]
                                                  and box[1] <= (w.top + w.bottom) / 2 <= box[3]]
                cells.append(_cell_text(inside))
            rows.append(cells)
        taken = {id(w) for w in free if t.bbox[0] <= (w.x0 + w.x1) / 2 <= t.bbox[2]
                 and t.bbox[1] <= (w.top + w.bottom) / 2 <= t.bbox[3]}
        free = [w for w in free if id(w) not in taken]
        if any(any(c.strip() for c in r) for r in rows):
            placed.append((t.bbox[1], "table", rows))
    paragraphs: dict[tuple[int, int], dict[int, list[Word]]] = {}
    for w in free:
        paragraphs.setdefault(w.key[:2], {}).setdefault(w.key[2], []).append(w)
    for lines in paragraphs.values():
        text = _clean(_join_words([[w.text for w in lines[k]] for k in sorted(lines)]))
        if text.strip():
            placed.append((min(w.top for ws in lines.values() for w in ws), "paragraph", text))
    placed.sort(key=lambda it: it[0])
    items = [(kind, x) for _, kind, x in placed]
    if items and items[0][0] == "paragraph" and _PAGE_NUMBER.match(items[0][1]):
        items = items[1:]
    if items and items[-1][0] == "paragraph" and _PAGE_NUMBER.match(items[-1][1]):
        items = items[:-1]
    return OcrPage(number, items, confidence)


def parse_tsv(tsv: str, number: int, tables: list = ()) -> OcrPage:
    """Tesseract's TSV -> the page's paragraphs (and tables, given the ruled tables of its image)."""
    words, confidence = tsv_words(tsv)
    return page_items(words, list(tables), number, confidence)


# --- ruled tables in the page image -----------------------------------------------------------

_DARK = 140                # grey level under which a pixel is ink
_MIN_RULE_PT = 20          # a rule is a run of ink at least this long (a letter's stroke is shorter)


def _runs(ink, min_len: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every horizontal run of ink at least `min_len` pixels long."""
    import numpy as np
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    step = np.diff(padded, axis=1)
    rows, starts = np.nonzero(step == 1)
    _, ends = np.nonzero(step == -1)
    keep = ends - starts >= min_len
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist()))


def image_tables(image, width_pt: float, height_pt: float, dpi: int = DPI) -> list:
    """The ruled tables of a page image: its long horizontal and vertical runs of ink as rules,
    turned into tables by the same finder as a PDF's drawn lines (extractors/pdf_rules.py)."""
    import numpy as np
    from extractors.pdf_rules import RuledPage, edge, find_tables
    ink = np.asarray(image.convert("L")) < _DARK
    k, min_len = 72 / dpi, int(_MIN_RULE_PT * dpi / 72)
    edges = ([edge(x0 * k, y * k, x1 * k, y * k, "h") for y, x0, x1 in _runs(ink, min_len)]
             + [edge(x * k, y0 * k, x * k, y1 * k, "v") for x, y0, y1 in _runs(ink.T, min_len)])
    return find_tables(RuledPage(width_pt, height_pt, edges)) if edges else []


def _ocr_image(binary: str, png: bytes, tables: list, number: int) -> OcrPage:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", LANG, "--dpi", str(DPI), "tsv"], input=png,
                              capture_output=True, env=env, timeout=PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"OCR of page {number} did not finish within {PAGE_TIMEOUT_S} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ExtractionError(f"OCR of page {number} failed ({detail[0]})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"), number, tables)


def _render(pdf, index: int) -> tuple[bytes, list]:
    """The page as a PNG for Tesseract, and the ruled tables its image shows."""
    page = pdf[index]
    try:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        tables = image_tables(image, page.get_width(), page.get_height())
    finally:
        page.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue(), tables


def ocr_pages(data: bytes, workers: int | None = None) -> list[OcrPage]:
    """Every page of a PDF read by OCR, pages rendered one at a time (PDFium is not thread-safe)
    and read in parallel; at most two pages per worker wait in memory."""
    import pypdfium2 as pdfium
    binary = tesseract()
    if binary is None:
        raise ExtractionError(f"scanned PDF (no text layer) and Tesseract with its Vietnamese model is not "
                              f"installed to read it: {INSTALL_HINT}")
    workers = workers or os.cpu_count() or 1
    pdf = pdfium.PdfDocument(data)
    try:
        check_pages(len(pdf))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures: list[Future] = []
            for i in range(len(pdf)):
                while sum(not f.done() for f in futures) >= 2 * workers:
                    next(f for f in futures if not f.done()).result()
                futures.append(pool.submit(_ocr_image, binary, *_render(pdf, i), i + 1))
            return [f.result() for f in futures]
    finally:
        pdf.close()


def extract_scanned_pdf(path: str, data: bytes) -> Document:
    pages = ocr_pages(data)
    builder = DocumentBuilder(path, "pdf")
    tables = TableAssembler()
    for page in pages:
        for kind, item in page.items:
            if kind == "table":
                for r, cells in enumerate(item):
                    table, row, headers, cols = tables.add_row(cells, continues=r > 0)
                    builder.add_table_row(cells, table, row, headers, cols, page=page.number)
            else:
                builder.add(item, BlockKind.HEADING if is_heading(item) else BlockKind.PARAGRAPH, page=page.number)
    confidences = [p.confidence for p in pages]
    read = [c for c in confidences if c is not None]
    if not read:
        raise ExtractionError("scanned PDF in which OCR found no text (blank pages or pictures only)")
    mean = sum(read) / len(read)
    warning = (f"scanned PDF read by OCR (Tesseract, {LANG}; mean word confidence {mean:.0f}%): "
               f"check numbers against the page image")
    doc = builder.build(pages=len(pages), warnings=[warning])
    doc.page_confidence = confidences
    return doc
