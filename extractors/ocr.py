"""Scanned PDFs (page images, no text layer) -> Document, by Tesseract 5 with its Vietnamese model.

Each page is rendered by PDFium (pypdfium2, already read for text PDFs) at 300 dpi in grey and
handed to the `tesseract` program, one process per page with one thread each
(OMP_THREAD_LIMIT=1: Tesseract's own threads make a page 5-10x slower on a shared machine), pages
in parallel on every core. Lines and paragraphs come from Tesseract's word boxes and its block /
paragraph / line numbers, not from font sizes (a scan has none). Each page's mean word confidence
is kept (`Document.page_confidence`), and the document says it was read by OCR, so an analyst
knows to check a number against the image. Tables in the image are read as lines of text (their
cells in reading order); their grid is not recovered yet.
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

from extractors.document import BlockKind, Document, DocumentBuilder, ExtractionError
from extractors.text_layout import is_heading

DPI = 300
LANG = "vie"
PAGE_TIMEOUT_S = 120
INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-vie (or run `make setup`)"
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
    paragraphs: list[str]
    confidence: float | None        # mean word confidence, 0-100; None for a blank page


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


def parse_tsv(tsv: str, number: int) -> OcrPage:
    """Tesseract's TSV (one row per word with its block, paragraph and line numbers) -> paragraphs."""
    paragraphs: dict[tuple[int, int], dict[int, list[str]]] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = float(row["conf"])
        if conf >= 0:
            confs.append(conf)
        key = (int(row["block_num"]), int(row["par_num"]))
        paragraphs.setdefault(key, {}).setdefault(int(row["line_num"]), []).append(text)
    texts = [repaired(_SPLIT_GROUP.sub(r"\1.\2", _join_words([lines[k] for k in sorted(lines)])))
             for _, lines in sorted(paragraphs.items())]
    texts = [t for t in texts if t.strip()]
    if texts and _PAGE_NUMBER.match(texts[0]):
        texts = texts[1:]
    if texts and _PAGE_NUMBER.match(texts[-1]):
        texts = texts[:-1]
    return OcrPage(number, texts, sum(confs) / len(confs) if confs else None)


def _ocr_image(binary: str, png: bytes, number: int) -> OcrPage:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([binary, "stdin", "stdout", "-l", LANG, "--dpi", str(DPI), "tsv"], input=png,
                              capture_output=True, env=env, timeout=PAGE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"OCR of page {number} did not finish within {PAGE_TIMEOUT_S} s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ExtractionError(f"OCR of page {number} failed ({detail[0]})")
    return parse_tsv(done.stdout.decode("utf-8", "replace"), number)


def _render(pdf, index: int) -> bytes:
    page = pdf[index]
    try:
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    finally:
        page.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


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
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures: list[Future] = []
            for i in range(len(pdf)):
                while sum(not f.done() for f in futures) >= 2 * workers:
                    next(f for f in futures if not f.done()).result()
                futures.append(pool.submit(_ocr_image, binary, _render(pdf, i), i + 1))
            return [f.result() for f in futures]
    finally:
        pdf.close()


def extract_scanned_pdf(path: str, data: bytes) -> Document:
    pages = ocr_pages(data)
    builder = DocumentBuilder(path, "pdf")
    for page in pages:
        for text in page.paragraphs:
            builder.add(text, BlockKind.HEADING if is_heading(text) else BlockKind.PARAGRAPH, page=page.number)
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
