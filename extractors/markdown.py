"""Markdown reports (.md): the .txt reader's decoding, with markdown's paragraphs and pipe tables.

Crawls of legal portals and news sites arrive as markdown. Two table layouts occur:

- GitHub pipe tables, one row per line, the header row above a "|---|---|" separator:
  "| STT | Nhiệm vụ | Tiến độ |";
- the layout of crawled portal pages, one pipe per line: every cell's text (hard-wrapped over
  several lines) stands between two lines holding only "|", and a row ends where two such lines
  meet (the row's closing pipe and the next row's opening one), and the table ends at a blank
  line after a pipe line or where its last row has as many cells as its widest row:
  "|⏎**STT**⏎|⏎**Nhiệm vụ**⏎|⏎|⏎1.⏎|⏎Khẩn trương …⏎|". The text between two tables (a signature
  block, the next heading) is written between pipes too; it is recognised by its length: a
  stretch between two row ends that has more cells than the rows around it holds the last row
  of one table, then text, then the first row of the next (the body of a decision between its
  letterhead and its appendix table).

Paragraphs are hard-wrapped: a line continues the paragraph above unless a blank line, a
finished sentence or the start of an item (list marker, heading, numbered point) says otherwise.
Emphasis marks ("**", "*") and heading marks ("#") become spaces of the same length, so offsets
stay those of the decoded NFC text; cells and paragraphs are spans of it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from extractors.document import Block, BlockKind, Document, NotAReport
from extractors.text_layout import (SENTENCE_END, TO_SUPERSCRIPT, TableAssembler, is_heading,
                                    with_footnotes_marked)
from extractors.txt import vietnamese_score, decode_text

# a GitHub table row: "| a | b |" (a line led by a pipe with at least one more)
_PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$")
# its separator under the header row: "|---|:---:|"
_PIPE_SEPARATOR = regex.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
# a line that starts an item rather than continuing a hard-wrapped paragraph: "- ", "+ ", "# ",
# "**1. …", "a) …", "2.1. …", "(3) …", "**(3)** …"
_ITEM_START = regex.compile(r"^\s*(?:[-+•#>]|\*\*|(?:\d+(?:\.\d+)*\.|[a-zđ]\)|[IVXLC]+\.|\(\d+\))\s)")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def is_pipe(self) -> bool:
        return self.text.strip() == "|"

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append(_Line(pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _span(lines: list[_Line]) -> tuple[int, int] | None:
    """The stripped span of a run of lines (a cell's or a paragraph's text), None when empty."""
    filled = [ln for ln in lines if not ln.blank]
    if not filled:
        return None
    first, last = filled[0], filled[-1]
    return (first.start + len(first.text) - len(first.text.lstrip()),
            last.start + len(last.text.rstrip()))


_EMPHASIS = " \t\n*_"


def _cell_span(lines: list[_Line], text: str) -> tuple[int, int] | None:
    """A cell's span without the emphasis around it ("**STT**" -> "STT", "** **" -> empty), so
    that header words and numbering read the same as in a Word table."""
    span = _span(lines)
    if span is None:
        return None
    start, end = span
    while start < end and text[start] in _EMPHASIS:
        start += 1
    while end > start and text[end - 1] in _EMPHASIS:
        end -= 1
    return (start, end) if start < end else None


def _paragraphs(lines: list[_Line], text: str) -> list[Block]:
    """Hard-wrapped lines joined into paragraphs (see the module's docstring)."""
    blocks: list[Block] = []
    run: list[_Line] = []

    def flush() -> None:
        span = _span(run)
        if span:
            body = text[span[0]:span[1]]
            kind = BlockKind.HEADING if is_heading(" ".join(body.split())) else BlockKind.PARAGRAPH
            blocks.append(Block(kind, *span))
        run.clear()

    for ln in lines:
        if ln.blank or ln.is_pipe:        # a pipe line left between paragraphs separates them
            flush()
            continue
        if run and (SENTENCE_END.search(run[-1].text) or _ITEM_START.match(ln.text)):
            flush()
        run.append(ln)
    flush()
    return blocks


# --- one pipe per line ---------------------------------------------------------------------------
Cells = list[list[_Line]]          # a row: each cell's lines


def _split_cells(items: list[_Line]) -> Cells:
    """Lines between pipe lines -> cells (an empty cell between two pipes stays empty)."""
    cells: Cells = [[]]
    for ln in items:
        if ln.is_pipe:
            cells.append([])
        else:
            cells[-1].append(ln)
    return cells


def _pipe_rows(lines: list[_Line]) -> list[tuple[str, Cells]]:
    """A stretch of one-pipe-per-line layout -> ("row", cells) and ("text", lines) pieces.

    Row ends are two pipe lines in a row. The stretch before the first row end and after the
    last one, and any stretch between two row ends with more cells than its neighbours, hold
    text besides rows: the row takes as many cells as the neighbouring row has, the rest is text.
    """
    pairs = [i for i in range(len(lines) - 1) if lines[i].is_pipe and lines[i + 1].is_pipe
             and (i == 0 or not lines[i - 1].is_pipe or (i - 1) not in _pairs_before(lines, i))]
    if not pairs:
        return [("text", lines)]
    stretches: list[Cells] = []
    bounds = [-2] + pairs + [len(lines)]
    for a, b in zip(bounds, bounds[1:]):
        stretches.append(_split_cells(lines[a + 2:b]))
    stretches[0] = stretches[0][1:]      # the table's opening pipe (the stretch starts with it)
    n = len(stretches)
    lengths = [len(s) for s in stretches]
    # a stretch between two row ends holding a table's last row, text and the next table's first
    # row has more cells than the rows on both sides together
    composite = {k for k in range(1, n - 1) if lengths[k] > lengths[k - 1] + lengths[k + 1]}
    cuts = [0] + sorted(composite) + [n - 1]
    # each table's width: the most common length of its rows that stand between two row ends
    width_after: dict[int, int] = {}      # cut -> width of the table that starts there
    for a, b in zip(cuts, cuts[1:]):
        inner = [lengths[k] for k in range(a + 1, b)] + ([lengths[0]] if a == 0 else [])
        width_after[a] = _most_common(inner) if inner else min(lengths[a], lengths[b])
    out: list[tuple[str, Cells]] = []

    def text_of(cells: Cells) -> None:
        if cells:
            out.append(("text", [ln for c in cells for ln in c]))

    width = width_after[0]
    for k, cells in enumerate(stretches):
        if k == 0:                        # the stretch starts at the table's opening pipe
            out.append(("row", cells))
        elif k == n - 1:
            # the closing pipe ends the region: the whole stretch is the row; otherwise text
            # follows the table's last row, which is as wide as the table
            closed = not cells[-1] and lines[-1].is_pipe
            take = len(cells) - 1 if closed else min(width, len(cells))
            out.append(("row", cells[:take]))
            text_of(cells[take:])
        elif k in composite:
            nxt = width_after[k]
            first = min(lengths[k - 1], len(cells) - nxt)     # as wide as the row before it
            out.append(("row", cells[:first]))
            text_of(cells[first:len(cells) - nxt])
            out.append(("end", []))
            out.append(("row", cells[len(cells) - nxt:]))
            width = nxt
        else:
            out.append(("row", cells))
    return _empty_cells_placed(out)


def _empty_cells_placed(pieces: list[tuple[str, Cells]]) -> list[tuple[str, Cells]]:
    """An empty last cell and a row end both read "|⏎|⏎|" ("… đạt tỷ lệ 100%⏎|⏎|⏎|⏎41"): the
    empty cell first taken as the next row's first one goes back to the row before while that
    row is narrower than its table's usual width."""
    out = [(kind, list(cells)) for kind, cells in pieces]
    start = 0
    while start < len(out):
        end = start
        while end < len(out) and out[end][0] == "row":
            end += 1
        rows = [cells for _, cells in out[start:end]]
        if len(rows) > 2:
            width = _most_common([len(r) for r in rows])
            for prev, nxt in zip(rows, rows[1:]):
                while len(prev) < width and len(nxt) > 1 and not nxt[0]:
                    prev.append(nxt.pop(0))
        start = end + 1
    return out


def _most_common(lengths: list[int]) -> int:
    """The usual row width (ties: the wider); section rows merged over columns are shorter."""
    counts = {w: lengths.count(w) for w in lengths}
    return max(counts, key=lambda w: (counts[w], w))


def _pairs_before(lines: list[_Line], i: int) -> set[int]:
    """Row ends already counted in a run of pipe lines ending before i: in "|⏎|⏎|" the first two
    lines end a row and the third opens an empty first cell."""
    j = i - 1
    while j >= 0 and lines[j].is_pipe:
        j -= 1
    run = list(range(j + 1, i))
    return set(run[0::2])


# --- blocks ----------------------------------------------------------------------------------------
def blocks_from_markdown(text: str) -> list[Block]:
    lines = _lines(text)
    blocks: list[Block] = []
    tables = TableAssembler()

    def add_row(cells: list[tuple[int, int] | None], continues: bool, header: bool | None = None) -> None:
        texts = [text[s[0]:s[1]] if s else "" for s in cells]
        table, row, headers, cols = tables.add_row(texts, continues=continues, header=header)
        for i, span in enumerate(cells):
            start, end = span if span else _empty_at(cells, i)
            blocks.append(Block(BlockKind.TABLE_CELL, start, end, table=table, row=row, col=cols[i],
                                header=headers[i]))

    i = 0
    while i < len(lines):
        ln = lines[i]
        if _PIPE_ROW.match(ln.text) and ln.text.count("|") >= 2 and not ln.is_pipe:
            j = i
            while j < len(lines) and _PIPE_ROW.match(lines[j].text) and not lines[j].is_pipe:
                j += 1
            _github_table(lines[i:j], text, add_row)
            i = j
            continue
        if ln.is_pipe:
            # a stretch of the one-pipe-per-line layout runs to a blank line after a pipe line
            j = i + 1
            while j < len(lines) and not (lines[j].blank and lines[j - 1].is_pipe):
                j += 1
            continues = False
            for kind, piece in _pipe_rows(lines[i:j]):
                if kind == "text":
                    blocks.extend(_paragraphs(piece, text))
                    continues = False
                elif kind == "end":
                    continues = False
                else:
                    add_row([_cell_span(c, text) for c in piece], continues)
                    continues = True
            i = j
            continue
        j = i
        while j < len(lines) and not lines[j].is_pipe and not (
                _PIPE_ROW.match(lines[j].text) and lines[j].text.count("|") >= 2):
            j += 1
        blocks.extend(_paragraphs(lines[i:j], text))
        i = j
    return blocks


def _empty_at(cells: list[tuple[int, int] | None], i: int) -> tuple[int, int]:
    """An empty cell is a zero-length span where its text would be: after the cell before it."""
    for s in reversed(cells[:i]):
        if s:
            return s[1], s[1]
    nxt = next((s for s in cells[i:] if s), None)
    return (nxt[0], nxt[0]) if nxt else (0, 0)


def _github_table(rows: list[_Line], text: str, add_row) -> None:
    """'| a | b |' rows; the row above a '|---|' separator is the header."""
    continues = False
    for k, ln in enumerate(rows):
        if _PIPE_SEPARATOR.match(ln.text):
            continue
        header = True if k + 1 < len(rows) and _PIPE_SEPARATOR.match(rows[k + 1].text) else None
        body_start = ln.start + ln.text.index("|") + 1
        body_end = ln.start + ln.text.rstrip().rindex("|")
        cells, pos = [], body_start
        for part in text[body_start:body_end].split("|"):
            stripped = part.strip(_EMPHASIS)
            if stripped:
                lead = len(part) - len(part.lstrip(_EMPHASIS))
                cells.append((pos + lead, pos + lead + len(stripped)))
            else:
                cells.append(None)
            pos += len(part) + 1
        add_row(cells, continues, header)
        continues = True


# emphasis and heading marks: "**(3)** Chủ trì", "*Hà Nội, ngày 16 tháng 11 năm 2025*", "# Tiêu đề"
_MARKUP = regex.compile(r"\*+|^[ \t]*#{1,6}(?=[ \t]|$)", regex.MULTILINE)


# a footnote reference: "11 địa phương [1] khẩn trương thành lập …" (not a link "[1](…)")
_FOOTNOTE_REF = regex.compile(r"\[(\d{1,2})\](?![(:])")


def blank_markup(text: str) -> str:
    """Markdown's emphasis and heading marks turned into spaces of the same length: the words
    read as in any report ("**(3)**" is list numbering, "**Số:** 624/TB-VPCP" a document number)
    and every offset stays that of the file's text. A footnote reference "[1]" becomes " ¹ ", the
    superscript marker Word and PDF footnotes give."""
    text = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return _FOOTNOTE_REF.sub(lambda m: f" {m.group(1).translate(TO_SUPERSCRIPT)} ", text)


# share of letters with Vietnamese diacritics below which a markdown file is project notes (a
# README, a list of sources) rather than a report: reports score about 0.19, English notes 0.06
_MIN_VIETNAMESE = 0.1


def _trimmed(block: Block, text: str) -> Block | None:
    """A block's span without the blanks its marks left at either end; None when nothing is left
    of a paragraph ("** **")."""
    start, end = block.start, block.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end and block.kind is not BlockKind.TABLE_CELL:
        return None
    return replace(block, start=start, end=end) if (start, end) != (block.start, block.end) else block


def extract_md(path: str, data: bytes) -> Document:
    decoded = decode_text(data, path)
    raw = decoded.text
    if vietnamese_score(raw) < _MIN_VIETNAMESE:
        raise NotAReport("markdown not written in Vietnamese (project notes such as a README?), "
                         "not a report")
    text = blank_markup(raw)          # the layout is read on the marks, the facts on the words
    blocks = [b for b in (_trimmed(b, text) for b in blocks_from_markdown(raw)) if b is not None]
    warnings = [decoded.legacy.warning()] if decoded.legacy else []
    return with_footnotes_marked(Document(path, "md", text, blocks, warnings=warnings))
