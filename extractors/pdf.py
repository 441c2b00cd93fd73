"""PDF reports (text layer): characters and ruling lines from PDFium; ruled tables found by
pdfplumber's table finder on those lines (extractors/pdf_rules.py).

Lines are rebuilt from characters so that font size can be used: superscript footnote
markers glued to numbers ("16/7/2022¹") become Unicode superscripts instead of extra digits,
small-font lines are footnotes, page numbers in the margins are dropped, and the line breaks
a PDF puts inside sentences are joined back into paragraphs. Characters drawn in a legacy
Vietnamese font (".VnTime" TCVN3, "VNI-Times" VNI) are the font's glyphs ("B¸o c¸o"): they are
converted to Unicode as they are read, a VNI letter and its mark (two characters) made one.
"""
from __future__ import annotations

import ctypes
import statistics
import struct
from collections import Counter
from dataclasses import dataclass, replace
from itertools import compress, groupby
from operator import itemgetter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.document import BlockKind, Document, DocumentBuilder, ExtractionError, check_pages
from extractors.pdf_rules import RuledPage, find_tables, ruled_page
from extractors.stream_tables import stream_tables
from extractors.legacy_fonts import Legacy, convert_glyphs, legacy_font, warnings_for
from extractors.text_layout import (FROM_SUPERSCRIPT, NUMBERING_CELL, TO_SUPERSCRIPT, Cell, TableAssembler,
                                    is_footnote_start,
                                    with_footnotes_marked)

import regex

_LIST_ITEM = regex.compile(r"^(?:[-+•–]\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[IVX]+\.\s)")
_PAGE_NUMBER = regex.compile(r"^\s*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?\s*$", regex.I)
_SENTENCE_END = regex.compile(r"[.!?;:]\s*$")


# One character of a page as PDFium places it, in top-left coordinates, is a plain tuple of
#   text, x0, x1, top, bottom,
#   size (the font's), rsize (rounded to 0.1 pt: the size lines and paragraphs compare), bold,
#   word_break (PDFium invented a space before it: a PDF that draws no space glyphs),
#   font (its name: a legacy font's says its encoding).
# A page has thousands: a plain tuple is made several times faster than a dict, a named tuple or
# a dataclass, and, holding only numbers and strings, is soon no work for the garbage collector.
Char = tuple[str, float, float, float, float, float, float, bool, bool, str]
TEXT, X0, X1, TOP, BOTTOM, SIZE, RSIZE, BOLD, WORD_BREAK, FONT = range(10)


@dataclass
class Line:
    top: float
    bottom: float
    x0: float
    x1: float
    size: float            # dominant font size
    bold: bool
    text: str
    footnote: bool = False # below the page's footnote separator
    words: tuple = ()      # (x0, x1, text, starts a tab-separated cell) of each word, left to right


def _inside(c: Char, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (c[X0] + c[X1]) / 2, (c[TOP] + c[BOTTOM]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _word_step(texts: tuple[str, ...], x0s: tuple[float, ...], x1s: tuple[float, ...]) -> float | None:
    """In a line of running text whose writer drew some spaces and left others out, the usual
    distance from a word's last letter to the next word's first one across a drawn space (the
    median); None when the line also jumps further than that (a row typed with tabs:
    "1⇥UBND xã Nhơn Lộc⇥86,25⇥1", where a short jump after a long number is a tab too).
    The line's characters come as columns: their texts, left and right edges."""
    steps = [x0 - x1 for a, x1, sp, b, x0 in zip(texts, x1s, texts[1:], texts[2:], x0s[2:])
             if sp == " " and a != " " and b != " "]
    if not steps:
        return None
    step = statistics.median(steps)
    far = 1.5 * step
    far_jumps = [x0 - x1 for a, x1, b, x0 in zip(texts, x1s, texts[1:], x0s[1:])
                 if x0 - x1 > far and a != " " and b != " "]
    return None if far_jumps else step


_TOP = itemgetter(TOP)
_BOX = itemgetter(TOP, BOTTOM)
_X0 = itemgetter(X0)


def _line_for(top: float, bottom: float, spans: list[list[float]], clusters: list[list[Char]]) -> int:
    """The line a character from top to bottom joins: of the last four lines, the one it
    overlaps most (by over a third of the lower height), its span then widened to hold it; else
    a new line. Returns the line's index in `clusters`."""
    best, best_overlap = None, 0.0
    height = bottom - top
    for i in range(max(0, len(spans) - 4), len(spans)):
        span_top, span_bottom = spans[i]
        overlap = (span_bottom if span_bottom < bottom else bottom) - (span_top if span_top > top else top)
        h = height if height < span_bottom - span_top else span_bottom - span_top
        if overlap > 0.35 * h and overlap > best_overlap:
            best, best_overlap = i, overlap
    if best is None:
        clusters.append([])
        spans.append([top, bottom])
        return len(spans) - 1
    span = spans[best]
    if top < span[0]:
        span[0] = top
    if bottom > span[1]:
        span[1] = bottom
    return best


def _clusters(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines by vertical overlap, so raised superscripts stay in their
    line; in reading order (top, then left), each line's characters left to right after a sort."""
    clusters: list[list[Char]] = []
    spans: list[list[float]] = []
    # reading order, top then left: by left, then (a stable sort keeps that order among equal
    # tops) by top, two sorts on numbers being quicker than one on pairs
    in_order = sorted(chars, key=_X0)
    in_order.sort(key=_TOP)
    for (top, bottom), run in groupby(in_order, key=_BOX):
        if bottom > top:
            # characters in one box (most of a line: one font's ascent to descent) all join the
            # line the first joins: that line then spans the box, so it overlaps each of them most
            clusters[_line_for(top, bottom, spans, clusters)].extend(run)
        else:
            for c in run:        # a box without height overlaps nothing: each starts a line
                clusters[_line_for(top, bottom, spans, clusters)].append(c)
    return clusters


def _mode(sizes: list[float]) -> float:
    """statistics.mode (the first of the most frequent), without counting when all are equal (most lines)."""
    return sizes[0] if sizes.count(sizes[0]) == len(sizes) else statistics.mode(sizes)


def _line(cluster: list[Char]) -> Line | None:
    """One line from its characters (left to right): superscript digits marked, spaces where
    the gaps are, tabs where a table's cells jump; None when it holds only spaces."""
    texts, x0s, x1s, tops, bottoms, _, rsizes, bolds, _, _ = zip(*cluster)     # the characters' columns
    inked = list(map(str.strip, texts))          # "" for a space
    sizes = list(compress(rsizes, inked))
    if not sizes:
        return None
    main = max(sizes)
    main_bottom = max(compress(bottoms, [r == main for r in rsizes]))
    small_size, raised = 0.8 * main, main_bottom - 0.12 * main
    tab_gap, spaced_tab_gap = 2.5 * main, 0.3 * main
    # Where a PDF writes spaces as glyphs, a glyph-less jump between two letters is a tab
    # stop (a table typed with tabs), however short; elsewhere only a very wide jump is.
    spaced = " " in texts
    # ... but not a jump as wide as the line's word spacing: a justified line whose writer
    # drew some spaces and left others out ("tỷ đồng, bằng 98,44% dự toán" with gaps of the
    # width of a drawn space) is one paragraph line
    word_step = _word_step(texts, x0s, x1s) if spaced else None
    word_gap = 1.3 * word_step if word_step else None
    out: list[str] = []
    words: list[list] = []               # [x0, x1, text, after a tab] of each word
    prev_text, prev_x1, prev_size = None, 0.0, 0.0      # of the character before
    for text, x0, x1, _, bottom, size, _, _, word_break, _ in cluster:
        t = text
        small = size <= small_size and bottom < raised
        if small and t.isdigit():
            t = t.translate(TO_SUPERSCRIPT)
        tab = False
        if prev_text is not None and t != " ":
            gap = x0 - prev_x1
            tab = gap > tab_gap or (spaced and prev_text != " " and gap > spaced_tab_gap and not small
                                    and not (word_gap and gap <= word_gap))
            if tab:
                while out and out[-1] == " ":
                    out.pop()
                out.append("\t")
            elif ((gap > 0.25 * (prev_size if prev_size < size else size) or (word_break and gap > 0.1 * size))
                  and not out[-1].endswith((" ", "\t"))):
                out.append(" ")
        if t != " ":
            if not words or out and out[-1] in (" ", "\t") or tab:
                words.append([x0, x1, t, tab or not words])
            else:
                word = words[-1]
                word[1], word[2] = x1, word[2] + t
        out.append(t)
        prev_text, prev_x1, prev_size = text, x1, size
    text = "".join(out).strip(" ")
    if not text:
        return None
    bold = sum(compress(bolds, inked)) > len(sizes) / 2
    return Line(min(tops), max(bottoms), x0s[0], x1s[-1], _mode(sizes), bold, text,
                words=tuple(tuple(w) for w in words))


def _lines(chars: list[Char]) -> list[Line]:
    """A page's (or a table cell's) characters as lines, top to bottom."""
    lines = []
    for cluster in _clusters(chars):
        cluster.sort(key=_X0)
        line = _line(cluster)
        if line is not None:
            lines.append(line)
    lines.sort(key=lambda ln: ln.top)
    return lines


_OPEN_URL = regex.compile(r"(?:https?://|www\.)\S*$")


def _join_lines(lines: list[str]) -> str:
    """Join the lines of one paragraph with a space, except inside a word broken at a hyphen
    ("06-\nNQ/TU") or a URL wrapped onto the next line."""
    out = ""
    for ln in lines:
        if not out:
            out = ln
        elif (out.endswith("-") and len(out) > 1 and not out[-2].isspace()) or _OPEN_URL.search(out):
            out += ln
        else:
            out += " " + ln
    return out


def _paragraphs(lines: list[Line], body_size: float, left: float, right: float) -> list[tuple[float, str, str]]:
    """Group lines into (top, kind, text) paragraphs by gaps, indents, font size and markers.

    A line with tab gaps is a table row of its own ("table_row"), as in a .txt file.
    """
    paras: list[list] = []          # [top, kind, base kind, lines]
    prev: Line | None = None
    for ln in lines:
        if "\t" in ln.text:
            paras.append([ln.top, "table_row", "table_row", [ln.text]])
            prev = ln
            continue
        small = ln.size <= 0.85 * body_size or ln.footnote
        base = "footnote" if small else ("heading" if ln.bold else "paragraph")
        new = (prev is None or base != paras[-1][2]
               or ln.top - prev.bottom > 0.35 * ln.size
               or ln.x0 - left > 0.8 * ln.size
               or is_footnote_start(ln.text)
               or _LIST_ITEM.match(ln.text)          # "1. ...", "- ...", "a) ..." start an item
               or (_SENTENCE_END.search(prev.text) and prev.x1 < right - 4 * prev.size))
        if new:
            kind = "footnote" if small or is_footnote_start(ln.text) else base
            paras.append([ln.top, kind, base, [ln.text]])
        else:
            paras[-1][3].append(ln.text)
        prev = ln
    return [(top, kind, _join_lines(texts)) for top, kind, _, texts in paras]


def _in_band(chars: list[Char], cells: list) -> list[Char]:
    """The characters whose middle lies within a table row's height (each cell then looks at
    these only, not at every character of the table)."""
    boxes = [b for b in cells if b is not None]
    if not boxes:
        return []
    top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return [c for c in chars if top <= (c[TOP] + c[BOTTOM]) / 2 <= bottom]


def _cell_text(chars: list[Char], bbox) -> str:
    """A cell's lines joined; a token wider than a narrow column is broken mid-word by the
    renderer ("21/6/202" + "1"), recognisable as a one-token line filling the cell: no space then."""
    x0, top, x1, bottom = bbox
    lines = _lines([c for c in chars
                    if x0 <= (c[X0] + c[X1]) / 2 <= x1 and top <= (c[TOP] + c[BOTTOM]) / 2 <= bottom])
    width = bbox[2] - bbox[0]
    parts: list[str] = []
    for i, ln in enumerate(lines):
        prev = lines[i - 1] if i else None
        if prev is not None and " " not in prev.text.strip() and prev.x1 - prev.x0 >= 0.75 * width:
            parts[-1] += ln.text
        else:
            parts.append(ln.text)
    return _join_lines(parts)


def grid_cells(bboxes: list, texts: list[str | None], starts: dict[int, float]) -> list[Cell]:
    """A ruled table row as cells placed on the table's grid. The grid has a column for every
    vertical rule of the table, so a cell can cover several ("62/63" under a "Thứ hạng" header
    drawn over a narrower column): a gap pdfplumber leaves (None) after a cell whose box reaches
    over it is that cell's span; any other gap is covered from the row above (merged down)."""
    cells: list[Cell] = []
    for col, bbox in enumerate(bboxes):
        if bbox is not None:
            cells.append(Cell(texts[col] or "", col))
            continue
        last = cells[-1] if cells else None
        reach = bboxes[last.col][2] if last is not None and not last.merged else None
        if reach is not None and col in starts and reach > starts[col] + 1:
            cells[-1] = replace(last, span=last.span + 1)
        else:
            cells.append(Cell("", col, merged=True))
    return cells


def _on_grid(cells: list, starts: dict[int, float], grid: dict[int, float]) -> list:
    """A ruled table continued on the next page is drawn with other rules (a thin column more or
    less): its cells are put back on the columns of the page its header is on, by position."""
    if not cells or not isinstance(cells[0], Cell):
        return cells
    order = sorted(starts)
    out = []
    for c in cells:
        x0 = starts.get(c.col)
        if x0 is None:
            out.append(c)
            continue
        later = [starts[k] for k in order if k >= c.col + c.span]
        x1 = later[0] if later else float("inf")
        covered = [k for k, gx in grid.items() if x0 - 2 <= gx < x1 - 2]
        col = min(grid, key=lambda k: abs(grid[k] - x0)) if not covered else min(covered)
        out.append(replace(c, col=col, span=max(1, len(covered))))
    return out


def _wrapped_rows_joined(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A row holding nothing but the end of the text above it ("UBND phường Xuân Hương - Đà" /
    "Lạt", a tall cell the rules cut in two) is that text's second line, not a row of its own."""
    out: list[list[Cell]] = []
    for cells in rows:
        filled = [c for c in cells if c.text.strip()]
        prev = out[-1] if out else None
        text = filled[0].text.strip() if len(filled) == 1 else ""
        if prev is not None and text and not regex.search(r"\d", text) and not text.isupper():
            # (a section title in capitals, "II CẢI CÁCH THỂ CHẾ", is a row of its own; so is
            # anything under a numbering cell)
            above = next((c for c in prev if c.col == filled[0].col and c.text.strip()
                          and not NUMBERING_CELL.match(c.text.strip())), None)
            if above is not None and sum(1 for c in prev if c.text.strip()) > 1:
                out[-1] = [replace(c, text=f"{c.text} {filled[0].text}") if c is above else c for c in prev]
                continue
        out.append(cells)
    return out


@dataclass
class Entry:
    kind: str              # heading | paragraph | footnote | table
    page: int
    text: str = ""
    rows: list[list] | None = None           # texts (tab-typed rows) or grid Cells (ruled tables)
    starts: dict[int, float] | None = None   # a ruled table's grid: where each column begins


@dataclass
class PageLayout:
    number: int
    height: float
    lines: list[Line]
    tables: list
    table_chars: list[list[Char]]   # the characters inside each table, in table order
    footnote_top: float | None      # top of the footnote separator rule, if the page has one


def _footnote_separator(page: RuledPage, left: float, right: float) -> float | None:
    """The short rule Word/LibreOffice draw above the footnote area: thin, left-aligned, in the lower part."""
    width = max(right - left, 1)
    for x0, top, x1, _ in page.thin:
        if 0.1 * width < x1 - x0 < 0.5 * width and abs(x0 - left) < 12 and top > page.height * 0.3:
            return top
    return None


def _same_line(a: Char, b: Char) -> bool:
    return min(a[BOTTOM], b[BOTTOM]) - max(a[TOP], b[TOP]) > 0.5 * min(a[BOTTOM] - a[TOP], b[BOTTOM] - b[TOP])


def _legacy_converted(chars: list[Char], used: list[Legacy]) -> list[Char]:
    """A page's characters with those of legacy fonts converted: consecutive characters of one
    encoding on one line are converted together, and a letter made of two characters (VNI "a" +
    "ù") becomes one character covering both boxes. The legacy fonts whose characters changed are
    added to `used` (a legacy font holding only ASCII, "- CT." in a signed PDF, is no reason to warn)."""
    fonts = {c[FONT]: None for c in chars}
    for name in fonts:
        fonts[name] = legacy_font(name)
    if not any(fonts.values()):              # (nearly every page: its characters go through as they are)
        return chars

    def reading(legacy: Legacy | None) -> tuple | None:      # fonts read alike (.VnTime, .VnArial)
        return (legacy.encoding, legacy.capitals) if legacy else None

    out: list[Char] = []
    i = 0
    while i < len(chars):
        legacy = fonts[chars[i][FONT]]
        if legacy is None:
            out.append(chars[i])
            i += 1
            continue
        end = i + 1
        while (end < len(chars) and reading(fonts[chars[end][FONT]]) == reading(legacy)
               and _same_line(chars[end - 1], chars[end])):
            end += 1
        run = chars[i:end]
        for letter in convert_glyphs([c[TEXT] for c in run], legacy):
            parts = run[letter.first:letter.end]
            if len(parts) == 1 and letter.text == parts[0][TEXT]:
                out.append(parts[0])
                continue
            if fonts[parts[0][FONT]] not in used:
                used.append(fonts[parts[0][FONT]])
            out.append((letter.text, min(c[X0] for c in parts), max(c[X1] for c in parts),
                        min(c[TOP] for c in parts), max(c[BOTTOM] for c in parts)) + parts[0][SIZE:])
        i = end
    return out


def _font_of(tp, i: int, name_buf) -> tuple[float, float, bool, str]:
    """(size, size rounded to 0.1 pt, bold, font name) of character i: the same for every
    character of its text object, so read once per object."""
    weight = pdfium_c.FPDFText_GetFontWeight(tp, i)
    pdfium_c.FPDFText_GetFontInfo(tp, i, name_buf, len(name_buf), None)
    bold = weight >= 600 or b"bold" in name_buf.value.lower()
    size = pdfium_c.FPDFText_GetFontSize(tp, i)
    return size, round(size, 1), bold, name_buf.value.decode("latin-1")


def _unchecked(function, restype):
    """A PDFium function called without argument types: ctypes then passes a byref() and an int
    as they are instead of converting each through its type, which more than halves the cost of
    a call made for every character. Only byref()s (pointers) and ints may be passed to it."""
    return ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)


def _reference(handle):
    """A PDFium handle as a byref() for `_unchecked` functions: a reference to the handle's
    first byte is the handle's address, and ctypes passes it as it is, where a pointer object
    is converted at each call. (Nothing is read at that address here.)"""
    return ctypes.byref(ctypes.c_char.from_address(ctypes.cast(handle, ctypes.c_void_p).value))


# (textpage, index) -> the text object's address, an int (hashable), rather than a pointer object
_TEXT_OBJECT = _unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
# (textpage, index, FS_RECTF*): the box from the font's ascent to its descent (its result unread)
_LOOSE_BOX = _unchecked(pdfium_c.FPDFText_GetLooseCharBox, None)
_IS_GENERATED = _unchecked(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
_RECT = struct.Struct("4f")         # an FS_RECTF read in one call (not four ctypes field reads)
# what PDFium may invent (space, line end, the hyphen of a word broken at a line's end), what
# it gives a glyph without a Unicode mapping; any other character is taken as it is
_MAYBE_GENERATED = frozenset(" \r\n\x02\ufffe")
_UNMAPPED = frozenset("\x00\ufffd")
_HYPHENS = frozenset("\x02\ufffe")
_SPECIAL = _MAYBE_GENERATED | _UNMAPPED


def _page_chars(tp, height: float) -> tuple[list[Char], int]:
    """A page's characters and how many have no Unicode mapping. The text comes in one call; per
    character only its box, and its font once per text object (PDFium's calls cost more than
    what they return: five calls a character made reading a page slower than laying it out)."""
    n = tp.count_chars()
    text = tp.get_text_range(0, n) if n else ""
    if len(text) != n:                              # characters outside the BMP: read one by one
        text = [chr(pdfium_c.FPDFText_GetUnicode(tp, i)) for i in range(n)]
    name_buf = ctypes.create_string_buffer(128)
    rect = ctypes.create_string_buffer(_RECT.size)
    rect_ref = ctypes.byref(rect)
    unpack = _RECT.unpack_from
    fonts: dict[int | None, tuple[float, float, bool, str]] = {}
    chars: list[Char] = []
    unmapped = 0
    word_break = False
    raw = _reference(tp.raw)
    for i, ch in enumerate(text):
        if ch in _SPECIAL:
            if ch in _MAYBE_GENERATED and _IS_GENERATED(raw, i) == 1:
                # spaces and line ends PDFium invents are not characters, but a space it
                # invents marks a word break in PDFs that draw no space glyphs (Aspose,
                # some e-signing tools): "Ban Quản lý" would read "BanQuảnlý" by gaps alone
                word_break = word_break or ch == " "
                continue
            if ch in _UNMAPPED:
                unmapped += 1
                continue
            if ch == "\r" or ch == "\n":
                continue
            if ch in _HYPHENS:
                ch = "-"
        _LOOSE_BOX(raw, i, rect_ref)
        left, top, right, bottom = unpack(rect)
        key = _TEXT_OBJECT(raw, i)
        font = fonts.get(key) if key is not None else None
        if font is None:
            font = fonts[key] = _font_of(tp, i, name_buf)
        size, rsize, bold, name = font
        chars.append((ch, left, right, height - top, height - bottom, size, rsize, bold, word_break, name))
        word_break = False
    return chars, unmapped


@dataclass
class _Read:
    """What PDFium gave of a document: each page's layout (lines, tables with their characters),
    how often each font size was used, unmapped glyphs and legacy fonts met."""
    layouts: list[PageLayout]
    sizes: Counter
    unmapped: int
    legacy: list[Legacy]


def _pdfium_pages(data: bytes) -> _Read:
    """Characters and ruling lines of every page from PDFium, in top-left coordinates, laid out
    page by page so that a page's characters are dropped once its lines are built (a 1,000-page
    report keeps its text, not millions of character records).

    pdfminer (under pdfplumber) mis-decodes the glyph clusters LibreOffice writes for stacked
    Vietnamese diacritics ("Cống" for "Công", "(cid:3)"); PDFium reads them right. Loose boxes
    (font ascent to descent) keep every character of a line at the same height. Legacy fonts'
    characters are converted to Unicode.
    """
    pdf = pdfium.PdfDocument(data)
    read = _Read([], Counter(), 0, [])
    try:
        check_pages(len(pdf))
        for number, page in enumerate(pdf, start=1):
            tp = page.get_textpage()
            chars, missing = _page_chars(tp, page.get_height())
            read.unmapped += missing
            chars = _legacy_converted(chars, read.legacy)
            read.sizes.update([c[RSIZE] for c in chars if c[TEXT].strip()])
            read.layouts.append(_layout(ruled_page(page), number, chars))
            tp.close()
            page.close()
    finally:
        pdf.close()
    return read


def _layout(page: RuledPage, pageno: int, chars: list[Char]) -> PageLayout:
    tables = find_tables(page)
    free: list[Char] = [] if tables else chars
    table_chars: list[list[Char]] = [[] for _ in tables]
    boxes = [t.bbox for t in tables]        # (pdfplumber computes a table's box from its cells at each use)
    for c in chars if tables else ():       # each character once, not once per table cell
        i = next((i for i, box in enumerate(boxes) if _inside(c, box)), None)
        (free if i is None else table_chars[i]).append(c)
    lines = _lines(free)
    left = min((ln.x0 for ln in lines), default=0)
    right = max((ln.x1 for ln in lines), default=page.width)
    return PageLayout(pageno, page.height, lines, tables, table_chars, _footnote_separator(page, left, right))


def _in_margin(ln: Line, height: float) -> bool:
    return ln.top > height * 0.9 or ln.bottom < height * 0.1


_DIGITS = regex.compile(r"\d+")


def _running_texts(layouts: list[PageLayout]) -> set[str]:
    """Header/footer lines: in a margin band and repeated (digits aside) on at least half the pages."""
    if len(layouts) < 2:
        return set()
    seen: dict[str, set[int]] = {}
    for lay in layouts:
        for ln in lay.lines:
            if _in_margin(ln, lay.height):
                seen.setdefault(_DIGITS.sub("#", ln.text), set()).add(lay.number)
    return {t for t, pages in seen.items() if len(pages) >= max(2, len(layouts) / 2)}


_PLAIN_NOTE_NUMBER = regex.compile(r"^(\d{1,3})\s+(?=\S)")
_SUPER_NOTE_NUMBER = regex.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


class _NoteCounter:
    """Footnote numbers run through the document; a plain leading number in the footnote area
    starts a note only when it is the next one, so a wrapped line "2023 ..." is not a note."""

    def __init__(self) -> None:
        self.last = 0

    def mark(self, text: str) -> str:
        m = _SUPER_NOTE_NUMBER.match(text)
        if m:
            self.last = int(m.group(1).translate(FROM_SUPERSCRIPT))
            return text
        m = _PLAIN_NOTE_NUMBER.match(text)
        if m and (int(m.group(1)) == self.last + 1 or (self.last == 0 and int(m.group(1)) < 50)):
            self.last = int(m.group(1))
            return m.group(1).translate(TO_SUPERSCRIPT) + " " + text[m.end():]
        return text


def _page_entries(lay: PageLayout, body_size: float, running: set[str], notes: _NoteCounter) -> list[Entry]:
    lines = []
    for ln in lay.lines:
        if _in_margin(ln, lay.height) and (_PAGE_NUMBER.match(ln.text) or _DIGITS.sub("#", ln.text) in running):
            continue
        if lay.footnote_top is not None and ln.top > lay.footnote_top:
            ln = Line(ln.top, ln.bottom, ln.x0, ln.x1, ln.size, ln.bold, notes.mark(ln.text), footnote=True)
        elif ln.size <= 0.85 * body_size:
            notes.mark(ln.text)
        lines.append(ln)
    body_lines = [ln for ln in lines if ln.size > 0.85 * body_size and not ln.footnote] or lines
    left = min((ln.x0 for ln in body_lines), default=0)
    right = max((ln.x1 for ln in body_lines), default=0)
    cuts = sorted(t.bbox[1] for t in lay.tables)
    runs: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:                       # paragraphs never span a table
        runs[sum(1 for c in cuts if ln.top > c)].append(ln)
    placed: list[tuple[float, Entry]] = []
    for run in runs:
        # tables without ruling lines: their rows and wrapped cells read by word positions
        tables_here = stream_tables(run)
        for t in tables_here:
            placed.append((run[t.first].top, Entry("table", lay.number, rows=t.rows)))
        taken = {i for t in tables_here for i in range(t.first, t.last + 1)}
        pieces: list[list[Line]] = [[]]
        for i, ln in enumerate(run):
            if i in taken:
                if pieces[-1]:
                    pieces.append([])
            else:
                pieces[-1].append(ln)
        for piece in pieces:
            for top, kind, text in _paragraphs(piece, body_size, left, right):
                if kind == "table_row":
                    placed.append((top, Entry("table", lay.number, rows=[[c.strip() for c in text.split("\t")]])))
                else:
                    placed.append((top, Entry(kind, lay.number, text)))
    for t, chars in zip(lay.tables, lay.table_chars):
        starts: dict[int, float] = {}            # where each grid column begins
        for row in t.rows:
            for col, bbox in enumerate(row.cells):
                if bbox is not None:
                    starts[col] = min(starts.get(col, bbox[0]), bbox[0])
        rows = _wrapped_rows_joined([grid_cells(row.cells, [None if b is None else _cell_text(band, b)
                                                            for b in row.cells], starts)
                                     for row in t.rows for band in [_in_band(chars, row.cells)]])
        if rows:
            placed.append((t.bbox[1], Entry("table", lay.number, rows=rows, starts=starts)))
    placed.sort(key=lambda it: it[0])
    return [e for _, e in placed]


def _merge_across_pages(entries: list[Entry]) -> list[Entry]:
    """Join a paragraph cut by a page break: no final punctuation before, no list marker after."""
    out: list[Entry] = []
    for e in entries:
        if e.kind == "paragraph":
            prev = next((o for o in reversed(out) if o.kind != "footnote"), None)
            if (prev is not None and prev.kind == "paragraph" and prev.page < e.page
                    and not _SENTENCE_END.search(prev.text) and not _LIST_ITEM.match(e.text)
                    and not is_footnote_start(e.text)):
                prev.text = _join_lines([prev.text, e.text])
                continue
        out.append(e)
    return out


def extract_pdf(path: str, data: bytes) -> Document:
    try:
        read = _pdfium_pages(data)
    except ExtractionError:
        raise
    except Exception as exc:
        name = type(exc).__name__
        if "Password" in name or "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise ExtractionError("password-protected PDF; ask the sender for an unprotected copy") from exc
        raise ExtractionError(f"damaged or unreadable PDF ({name})") from exc
    if not read.sizes:                      # a scan: page images only
        from extractors.ocr import extract_scanned_pdf
        return extract_scanned_pdf(path, data)
    body_size = read.sizes.most_common(1)[0][0]
    layouts, unmapped, legacy_fonts = read.layouts, read.unmapped, read.legacy
    running = _running_texts(layouts)
    notes = _NoteCounter()
    entries = []
    for lay in layouts:
        entries.extend(_page_entries(lay, body_size, running, notes))
    builder = DocumentBuilder(path, "pdf")
    tables = TableAssembler()
    since_table = None        # short fragments seen since the last table row (None: no table open)
    grid: dict[int, float] | None = None      # the open ruled table's columns
    for entry in _merge_across_pages(entries):
        if entry.kind != "table":
            builder.add(entry.text, BlockKind(entry.kind), page=entry.page)
            # A tab-typed table whose long rows wrap leaves fragments ("kê xã", a section
            # title) between its rows; up to two of them do not end the table. Footnotes never do.
            if entry.kind != "footnote" and since_table is not None:
                fragment = len(entry.text) < 200 and not _SENTENCE_END.search(entry.text)
                since_table = since_table + 1 if fragment and since_table < 2 else None
            continue
        continues = since_table is not None
        if continues and grid and entry.starts and entry.starts != grid:
            entry.rows = [_on_grid(cells, entry.starts, grid) for cells in entry.rows]
        elif entry.starts:
            grid = entry.starts
        for r, cells in enumerate(entry.rows):
            table, row, headers, cols = tables.add_row(cells, continues=r > 0 or continues)
            builder.add_table_row(cells, table, row, headers, cols, page=entry.page)
        since_table = 0
    warnings = warnings_for(legacy_fonts)
    if unmapped:
        warnings.append(f"{unmapped} characters have no text mapping in the PDF's fonts "
                        f"(broken or legacy-font text layer); words around them may be misspelt "
                        f"and some facts missed — prefer the .docx or an OCR'd copy")
    doc = builder.build(pages=len(layouts), warnings=warnings)
    return with_footnotes_marked(doc)
