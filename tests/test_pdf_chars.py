"""The PDF reader's fast paths give what the plain ones give: characters read from PDFium with
unchecked ctypes calls (one box and one text object a character, the font once per object) are
those its typed API gives one attribute at a time, and the lines grouped a box at a time are
those grouped a character at a time. Checked on real documents of samples/ and tests/data/."""
from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from extractors import pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = [ROOT / "samples" / "003_036cb2aba733e527.pdf",                 # ruled tables, superscripts
        ROOT / "tests" / "data" / "borderless" / "004_borderless.pdf",  # tab-typed rows
        ROOT / "tests" / "data" / "real" / "ld_2025_bc_cac_chiso_tinh_0611_signed_p4.pdf"]   # a signed real PDF


def _chars_one_call_each(tp, height: float) -> tuple[list[tuple], int]:
    """The page's characters the plain way: every attribute of every character asked of
    pypdfium2's typed functions."""
    chars, unmapped, word_break = [], 0, False
    box = pdfium_c.FS_RECTF()
    name = ctypes.create_string_buffer(128)
    for i in range(tp.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(tp, i)
        if code in (0x20, 0x0D, 0x0A, 0x02, 0xFFFE) and pdfium_c.FPDFText_IsGenerated(tp, i) == 1:
            word_break = word_break or code == 0x20
            continue
        if code in (0, 0xFFFD):
            unmapped += 1
            continue
        ch = "-" if code in (2, 0xFFFE) else chr(code)
        if ch in ("\r", "\n"):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(tp, i, box)
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        pdfium_c.FPDFText_GetFontInfo(tp, i, name, len(name), None)
        bold = pdfium_c.FPDFText_GetFontWeight(tp, i) >= 600 or b"bold" in name.value.lower()
        chars.append((ch, box.left, box.right, height - box.top, height - box.bottom, size, round(size, 1),
                      bold, word_break, name.value.decode("latin-1")))
        word_break = False
    return chars, unmapped


def _pages(path: Path):
    doc = pdfium.PdfDocument(path.read_bytes())
    try:
        for page in doc:
            tp = page.get_textpage()
            yield tp, page.get_height()
            tp.close()
            page.close()
    finally:
        doc.close()


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_characters_read_in_bulk_are_those_read_one_call_each(path):
    pages = 0
    for tp, height in _pages(path):
        fast, fast_unmapped = pdf._page_chars(tp, height)
        plain, plain_unmapped = _chars_one_call_each(tp, height)
        assert fast == plain and fast_unmapped == plain_unmapped
        pages += bool(plain)
    assert pages >= 1


def _clusters_one_char_each(chars: list[tuple]) -> list[list[tuple]]:
    """Lines grouped the plain way: every character compared with the last four lines."""
    clusters, spans = [], []
    for c in sorted(chars, key=lambda c: (c[pdf.TOP], c[pdf.X0])):
        top, bottom = c[pdf.TOP], c[pdf.BOTTOM]
        best, best_overlap = None, 0.0
        for i in range(max(0, len(spans) - 4), len(spans)):
            overlap = min(spans[i][1], bottom) - max(spans[i][0], top)
            if overlap > 0.35 * min(bottom - top, spans[i][1] - spans[i][0]) and overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            clusters.append([c])
            spans.append([top, bottom])
        else:
            clusters[best].append(c)
            spans[best] = [min(spans[best][0], top), max(spans[best][1], bottom)]
    return clusters


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_lines_grouped_a_box_at_a_time_are_those_grouped_a_character_at_a_time(path):
    for tp, height in _pages(path):
        chars, _ = pdf._page_chars(tp, height)
        assert pdf._clusters(chars) == _clusters_one_char_each(chars)


def test_characters_without_height_each_start_a_line():
    # a box of no height overlaps nothing, not even a character drawn in the same place
    flat = [("a", 10.0, 15.0, 100.0, 100.0, 10.0, 10.0, False, False, "F"),
            ("b", 16.0, 21.0, 100.0, 100.0, 10.0, 10.0, False, False, "F")]
    assert pdf._clusters(flat) == _clusters_one_char_each(flat) == [[flat[0]], [flat[1]]]
