"""Tables without ruling lines in a PDF page, found from where their words stand (the "stream"
approach of Camelot and Tabula).

A Word table whose borders were hidden, rendered to PDF, has no lines to find cells by. Its rows
show as lines with wide jumps between cells (`Line` text with tabs), and a cell too narrow for its
text wraps onto a next line that has no jump ("UBND xã" / "Nhơn Lộc", a header "Chỉ số CCHC" /
"(%)"). Here: a run of such lines, with the short fragments between them, is a table; its
columns are the x ranges the cells of the jump lines occupy (overlapping ranges of different
rows merged); each word goes to the column its middle falls in; a line that leaves the first
column empty continues the row above (a wrapped name, a header's second line), any other line
starts a row. The rows then go through the same table model as every other format.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

import regex

_SENTENCE_END = regex.compile(r"[.!?;:]\s*$")
_FRAGMENT_CHARS = 80       # a wrapped cell's line is short; a longer line is the text resuming
_MAX_FRAGMENTS = 3         # lines without a jump in a row between two rows with jumps
_MIN_ROWS = 2              # lines with jumps a table needs
_REGULAR = 0.5             # share of its jump lines that must show the table's full set of cells
_ALIGNED = 0.9             # share of those whose k-th cell lies in the k-th column


class LineLike(Protocol):
    top: float
    bottom: float
    size: float
    text: str
    words: tuple            # (x0, x1, text, starts a cell)


@dataclass(frozen=True)
class StreamTable:
    first: int              # index of its first and last line in the page's lines
    last: int
    rows: list[list[str]]
    starts: list[float]     # where each column begins


def _cells(line: LineLike) -> list[tuple[float, float]]:
    """The x ranges of a jump line's cells (words between two jumps)."""
    out: list[list[float]] = []
    for x0, x1, _, starts in line.words:
        if starts or not out:
            out.append([x0, x1])
        else:
            out[-1][1] = x1
    return [(a, b) for a, b in out]


def _columns(lines: Sequence[LineLike], size: float) -> list[tuple[float, float]]:
    """Column ranges: the cells of the jump lines that have the most cells (the table's body;
    a header cell that spans two columns, "Chỉ số CCHC Xếp hạng" written without a jump, would
    merge them), overlapping or nearly touching ones merged."""
    jump_cells = [_cells(ln) for ln in lines if "\t" in ln.text]
    counts = [len(cells) for cells in jump_cells]
    most = max((k for k in set(counts) if counts.count(k) >= 2), default=max(counts, default=0))
    if counts.count(most) < _REGULAR * len(counts):
        return []              # cells that wrap into each other line by line: no grid to trust
    regular = [cells for cells in jump_cells if len(cells) == most]
    spans = sorted(c for cells in regular for c in cells)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 0.3 * size:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    columns = [(a, b) for a, b in merged]
    aligned = sum(1 for cells in regular
                  if [_column_of_range(c, columns) for c in cells] == list(range(most)))
    if len(merged) != most or aligned < _ALIGNED * len(regular):
        # the rows' cells do not stand in columns (text typed with tabs to the next tab stop,
        # whatever its length): the tabs, not the positions, separate the cells
        return []
    return columns


def _column_of_range(cell: tuple[float, float], columns: list[tuple[float, float]]) -> int:
    """The column a cell lies in (the one it overlaps most)."""
    overlaps = [min(cell[1], b) - max(cell[0], a) for a, b in columns]
    return max(range(len(columns)), key=lambda k: overlaps[k])


def _column_of(x: float, bounds: list[float]) -> int:
    """Index of the column whose range (split at the middle of the gaps) holds x."""
    return sum(1 for b in bounds if x >= b)


def _is_fragment(line: LineLike) -> bool:
    return len(line.text) <= _FRAGMENT_CHARS and not _SENTENCE_END.search(line.text)


def _regions(lines: Sequence[LineLike]) -> list[tuple[int, int]]:
    """(first, last) line indexes of runs of jump lines with at most a few short fragments
    between them, each fragment close below the line before it."""
    regions: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if "\t" not in lines[i].text:
            i += 1
            continue
        first = last = i
        jumps = 1
        j = i + 1
        pending = 0
        while j < n:
            ln, above = lines[j], lines[j - 1]
            close = ln.top - above.bottom <= 1.2 * ln.size
            if "\t" in ln.text and close:
                jumps += 1
                last, pending = j, 0
            elif close and _is_fragment(ln) and pending < _MAX_FRAGMENTS:
                pending += 1
                last = j           # a wrapped last row keeps its fragments
            else:
                break
            j += 1
        if jumps >= _MIN_ROWS:
            regions.append((first, last))
        i = last + 1
    return regions


def stream_tables(lines: Sequence[LineLike]) -> list[StreamTable]:
    """The borderless tables among a page's lines (sorted top to bottom)."""
    out: list[StreamTable] = []
    for first, last in _regions(lines):
        region = lines[first:last + 1]
        size = max(ln.size for ln in region)
        columns = _columns(region, size)
        if len(columns) < 2:
            continue
        bounds = [(a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])]
        rows: list[list[list[str]]] = []
        for ln in region:
            cells: list[list[str]] = [[] for _ in columns]
            for x0, x1, text, _ in ln.words:
                cells[_column_of((x0 + x1) / 2, bounds)].append(text)
            if rows and not cells[0]:
                for k, words in enumerate(cells):          # a wrapped cell, a header's second line
                    rows[-1][k] += words
            else:
                rows.append(cells)
        out.append(StreamTable(first, last, [[" ".join(c) for c in row] for row in rows],
                               [a for a, _ in columns]))
    return out
