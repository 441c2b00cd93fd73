"""Ruling lines of a PDF page from PDFium's path objects, and the ruled tables they draw.

Tables in reports are ruled: their borders are drawn as path objects (lines, thin rectangles,
rectangles around cells). PDFium lists those objects directly, so the page never has to be parsed
again by pdfminer (under pdfplumber), which costs 80-200 ms a page to find the same lines. The
straight segments become pdfplumber's edge records, and pdfplumber's own table finder (merge,
intersections, cells, tables — pure functions of the edges) turns them into tables: the same
tables as before, at 1-7 ms a page.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

_STRAIGHT = 0.5            # a segment whose ends differ by less than this across it is straight
_MAX_SEGMENTS = 10000      # a path with more segments is a drawing (a chart, a seal), not rules
_MAX_DEPTH = 8             # forms nested deeper than this are not followed
_THIN = 1.5                # a path object this thin is a drawn line (a rule, a separator)


@dataclass
class RuledPage:
    """What pdfplumber's table finder needs of a page: its box and its edges."""
    width: float
    height: float
    edges: list[dict] = field(default_factory=list)
    thin: list[tuple[float, float, float, float]] = field(default_factory=list)   # x0, top, x1, bottom

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)

    def extract_words(self, **_) -> list:          # only the "text" strategies ask; ours use lines
        return []


def edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict:
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": orientation, "object_type": "curve_edge"}


def _compose(m: tuple, n: tuple) -> tuple:
    """m then n, as (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _matrix(obj) -> tuple:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _path_edges(obj, matrix: tuple, height: float) -> list[dict]:
    """The horizontal and vertical straight segments of one path object, in top-left coordinates."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 1 or n > _MAX_SEGMENTS:
        return []
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    edges: list[dict] = []
    start = prev = None
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = point
            continue
        ends = [(prev, point)]
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None and start != point:
            ends.append((point, start))
        for (x0, y0), (x1, y1) in ends:
            if abs(y1 - y0) < _STRAIGHT and abs(x1 - x0) >= _STRAIGHT:
                top = height - (y0 + y1) / 2
                edges.append(edge(min(x0, x1), top, max(x0, x1), top, "h"))
            elif abs(x1 - x0) < _STRAIGHT and abs(y1 - y0) >= _STRAIGHT:
                xm = (x0 + x1) / 2
                edges.append(edge(xm, height - max(y0, y1), xm, height - min(y0, y1), "v"))
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            prev = start
    return edges


def _paths(obj, parent: tuple, depth: int = 0):
    """(path object, its matrix to page space) for an object and the forms it holds."""
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
        yield obj, _compose(_matrix(obj), parent)
    elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
        matrix = _compose(_matrix(obj), parent)
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            yield from _paths(pdfium_c.FPDFFormObj_GetObject(obj, i), matrix, depth + 1)


def ruled_page(page) -> RuledPage:
    """A pypdfium2 page's size, every horizontal and vertical rule drawn on it, and the thin
    lines among its path objects (a footnote separator)."""
    raw, height = page.raw, page.get_height()
    ruled = RuledPage(page.get_width(), height)
    identity = (1, 0, 0, 1, 0, 0)
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        for path, matrix in _paths(pdfium_c.FPDFPage_GetObject(raw, i), identity):
            ruled.edges += _path_edges(path, matrix, height)
            if pdfium_c.FPDFPageObj_GetBounds(path, l, b, r, t) and t.value - b.value < _THIN:
                ruled.thin.append((l.value, height - t.value, r.value, height - b.value))
    return ruled


def find_tables(ruled: RuledPage) -> list:
    """pdfplumber's ruled tables ("lines" strategy, its default settings) on these edges."""
    return TableFinder(ruled).tables
