"""Layout knowledge shared by extractors: what a heading, a footnote or a table header looks like."""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields, replace

import regex

from extractors.document import BlockKind

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

# "⁶ Tổng số ..." starts a footnote body; "- Cán bộ: 7 người" right after it continues it.
FOOTNOTE_START = regex.compile(rf"^[{SUPERSCRIPT_DIGITS}]+\s*\S")
FOOTNOTE_CONTINUATION = regex.compile(r"^[-+–•]\s")

# Section headings: roman numerals, "1.", "2.1.", "a)" followed by a capitalised title,
# or a line written entirely in capitals (BÁO CÁO, PHỤ LỤC 1).
_NUMBERED_HEADING = regex.compile(r"^(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\))\s+\p{Lu}")


# a letter a-z is a letter that is not upper case (to every version of Unicode): a line holding one
# is not written in capitals. Nearly every line of a report has one within its first few characters,
# so most lines are answered by this search instead of a look at every letter
_ASCII_LOWER = regex.compile(r"[a-z]")


# the ASCII characters _NUMBERED_HEADING can open with ([IVXLC], \d, [a-zđ]): a line opening with
# another ASCII character ("-", "T", "+", "(", two lines in three) is not matched against it
_NUMBERED_FIRST = frozenset("IVXLC0123456789abcdefghijklmnopqrstuvwxyz")


def is_heading(line: str) -> bool:
    return is_heading_stripped(line.strip())


def is_heading_stripped(s: str) -> bool:
    """is_heading of a line already stripped (str.strip)."""
    s = s.strip("*").strip()
    if not s or len(s) > 200:
        return False
    if ((s[0] >= "\x80" or s[0] in _NUMBERED_FIRST) and _NUMBERED_HEADING.match(s) and len(s) < 160
            and not s.rstrip().endswith((";", ","))):
        return True
    # "n" and "h", letters a-z, are in nearly every Vietnamese line ("nh", "ng", "th", "ch"): a substring
    # test answers most lines without the search's set-up
    if "n" in s or "h" in s or _ASCII_LOWER.search(s):
        return False            # c.isalpha() and not c.isupper() for that letter: all() below is False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


_ROMAN = regex.compile(r"^[IVXLC]+\.\s")
_NUMBERED = regex.compile(r"^(\d+(?:\.\d+)*)\.?\s")
_LETTERED = regex.compile(r"^[a-zđ]\)\s")


def heading_depth(line: str) -> int:
    """How deep a heading sits in the report's outline: "I." 1, "1." 2, "1.1." 3, "a)" 5; an
    unnumbered heading (a title in capitals, a Word "Heading" style) 0, the top."""
    s = line.strip().strip("*").strip()
    if _ROMAN.match(s):
        return 1
    if m := _NUMBERED.match(s):
        return 1 + len(m[1].split("."))
    if _LETTERED.match(s):
        return 5
    return 0


def is_footnote_start(line: str) -> bool:
    # FOOTNOTE_START opens with a superscript digit: a line starting otherwise (nearly all) is not asked
    s = line.strip()
    return bool(s) and s[0] in SUPERSCRIPT_DIGITS and bool(FOOTNOTE_START.match(s))


def is_footnote_continuation(line: str) -> bool:
    return bool(FOOTNOTE_CONTINUATION.match(line.strip()))


# a paragraph that ends like this is finished; one that starts in lower case continues another
# asked only whether a text ends so: searched from the end (REVERSE), where a forward search tries
# every position of a paragraph before the last
SENTENCE_END = regex.compile(r"[.!?;:)\]”\"…*]\s*$", regex.REVERSE)
STARTS_LOWER = regex.compile(r"^\s*\p{Ll}")


def footnote_zone(texts: list[str], kinds: list[str], max_gap: int = 12) -> set[int]:
    """Indexes of paragraphs that belong to footnotes printed inside a split sentence.

    A page break can fall mid-sentence ("... trong 02"), with the page's footnotes printed before
    the sentence resumes in lower case ("năm, đã thẩm tra ..."). Every paragraph between the
    first footnote and that resumption is footnote text, even when it does not start with a
    marker. `kinds` holds 'paragraph', 'footnote' or anything else (which ends the search).
    """
    zone: set[int] = set()
    for i, text in enumerate(texts):
        if kinds[i] != "paragraph" or i + 1 >= len(texts) or kinds[i + 1] != "footnote":
            continue
        if SENTENCE_END.search(text):
            continue
        between = []
        for j in range(i + 1, min(len(texts), i + 1 + max_gap)):
            if kinds[j] == "paragraph" and STARTS_LOWER.match(texts[j]):
                zone.update(k for k in between if kinds[k] == "paragraph")
                break
            if kinds[j] not in ("paragraph", "footnote"):
                break
            between.append(j)
    return zone


def mark_footnotes(texts: list[str], kinds: list[str]) -> list[str]:
    """Block kinds with footnotes typed into the body recognised, for every format.

    A paragraph led by a superscript number is a footnote; "- ..." paragraphs right after a
    footnote continue it; paragraphs printed between a sentence cut by a page break and its
    lower-case continuation are footnote text too (see `footnote_zone`).
    """
    kinds = list(kinds)
    for i, text in enumerate(texts):
        if kinds[i] not in ("paragraph", "heading"):
            continue
        if is_footnote_start(text) or (i and kinds[i - 1] == "footnote" and is_footnote_continuation(text)):
            kinds[i] = "footnote"
    zone = footnote_zone(texts, kinds)
    return ["footnote" if i in zone else k for i, k in enumerate(kinds)]


def with_footnotes_marked(doc):
    """The Document with `mark_footnotes` applied to its blocks."""
    # a BlockKind is a str equal to its value (str's own __eq__ and __hash__): the kinds are passed and
    # compared as they are, without the enum's `value` property (two Python calls a block)
    text = doc.text
    kinds = mark_footnotes([text[b.start:b.end] for b in doc.blocks], [b.kind for b in doc.blocks])
    doc.blocks = [b if b.kind == k else replace(b, kind=BlockKind(k)) for b, k in zip(doc.blocks, kinds)]
    return doc


_NUMERIC_CELL = regex.compile(r"^\s*[\d.,/%\s]+\s*$")


_HEADER_WORDS = 30       # a column's name is short; a cell holding a paragraph is a layout table


def is_header_row(cells: list[str]) -> bool:
    """A table row that names columns: 'STT'/'TT' first, or no cell that is only a number and
    none that is a paragraph (a one-cell box of body text is not a header)."""
    first = cells[0].strip().upper() if cells else ""
    if first in ("STT", "TT", "SỐ TT"):
        return True
    filled = [c for c in cells if c.strip()]
    return (bool(filled) and not any(_NUMERIC_CELL.match(c) for c in filled)
            and all(len(c.split()) <= _HEADER_WORDS for c in filled))


_STT = ("STT", "TT", "SỐ TT")
# what an STT cell holds: "1", "1.1", "2.", "II", "III.1" (a point under a roman part)
NUMBERING_CELL = regex.compile(r"^(?:\d{1,3}|[IVXLC]{1,6})(?:\.\d{1,2})*\.?$")


@dataclass(frozen=True)
class Cell:
    """One cell of a table row as a layout gives it: Word knows where a cell sits in the table's
    grid and how many grid columns it covers; plain text and PDF rows are one column per cell."""
    text: str
    col: int                # first grid column the cell covers
    span: int = 1           # grid columns covered (a horizontally merged cell)
    merged: bool = False    # continues a vertically merged cell of the row above (its text is empty)


def _cell_set_directly(text: str, col: int) -> Cell:
    """Cell(text, col), its fields set directly: the frozen __init__ sets each through
    object.__setattr__, and a plain text table makes one per cell. Cell has no __post_init__ and
    its fields are text, col, span and merged, in that order (checked below), so the two build the
    same object (tests/test_txt_shortcuts.py)."""
    cell = object.__new__(Cell)
    cell.__dict__.update(text=text, col=col, span=1, merged=False)
    return cell


# a changed Cell is built by its own __init__
_cell = (_cell_set_directly if tuple((f.name, f.default) for f in fields(Cell))
         == (("text", MISSING), ("col", MISSING), ("span", 1), ("merged", False)) and not hasattr(Cell, "__post_init__")
         else Cell)


def as_cells(cells: list) -> list[Cell]:
    return [c if isinstance(c, Cell) else _cell(c, i) for i, c in enumerate(cells)]


HEADER_PATH_SEP = " | "


def _fragments_joined(cells: list[Cell]) -> list[Cell]:
    """A header word cut by a rule drawn through it ("Đ" | "iểm tự đánh giá" in a PDF grid): a
    letter or two without a space, then a cell going on in lower case, are one header over both
    columns."""
    out: list[Cell] = []
    for c in cells:
        prev = out[-1] if out else None
        text = c.text.strip()
        if (prev is not None and prev.col + prev.span == c.col and text and text[0].islower()
                and 0 < len(prev.text.strip()) <= 2 and prev.text.strip().isalpha()):
            out[-1] = replace(prev, text=prev.text.strip() + text, span=prev.span + c.span)
            continue
        out.append(c)
    return out


class TableAssembler:
    """Numbers tables and rows and tracks column headers, the same way for every format.

    A header row is taken only where a header can stand: the first row of a table, a row the
    layout marks as a header (Word's "repeat as header row"), a row starting with STT/TT (a
    header repeated after a page break), or a row right after a header whose first cell is
    empty or merged down from it (a two-row header: "Kết quả" over "Điểm đạt được | Xếp hạng").
    A column's header is then the path of its header cells, top first: "Kết quả | Điểm đạt được".
    Section rows ("I  CÔNG TÁC CHỈ ĐẠO") stay data.
    """

    def __init__(self) -> None:
        self.index = -1
        self.headers: dict[int, str] = {}          # grid column -> header path
        self._row = 0
        self._last_was_header = False

    def add_row(self, cells: list, continues: bool, header: bool | None = None
                ) -> tuple[int, int, list[str | None], list[int]]:
        """Register a row (texts, or `Cell`s with grid positions); `continues` says the previous
        block was a row of the same table, `header` that the layout marks the row as a header.
        Returns (table, row, each cell's header, each cell's column)."""
        cells = as_cells(cells)
        row = self._register([c.text for c in cells], cells, continues, header)
        return self.index, row, [self.header_for(c.col, c.span) for c in cells], [c.col for c in cells]

    def add_plain_row(self, texts: list[str], continues: bool) -> tuple[int, int, list[str | None]]:
        """add_row(texts, continues)[:3] for a row of one or more texts, one grid column each (a plain
        text table), without a Cell made for each: such a cell's column is its index, its span 1
        and it is never merged, so its header is its column's, and Cells are read only to extend
        the headers by a header row (tests/test_plain_table_rows.py compares the two on every row)."""
        row = self._register(texts, None, continues, None)
        get = self.headers.get
        return self.index, row, [get(col) for col in range(len(texts))]

    def _register(self, texts: list[str], cells: list[Cell] | None, continues: bool, header: bool | None) -> int:
        """The table and header state after a row of `texts` (`cells`: their Cells, None for a plain
        row, see add_plain_row); the row's number in its table."""
        first = texts[0].strip().upper() if texts else ""
        resumes = (not continues and self.headers and self.headers.get(0, "").upper() in _STT
                   and bool(NUMBERING_CELL.match(first)))
        if resumes:
            # a numbered table interrupted by text (wrapped rows, a section title, a page break)
            # goes on with the same columns
            continues = True
        if not continues:
            self.index += 1
            self._row = 0
            self.headers = {}
            self._last_was_header = False
        # under a header: a first cell left empty, merged down, or repeating the header's ("STT")
        # (a single filled cell under an empty first one is a section title across the row, not
        # headers: "| | Nhiệm vụ giao Bộ trưởng Bộ Khoa học và Công nghệ chỉ đạo | | |"; under a
        # first cell merged down from the header it is the header's wrapped word: "Thứ" / "hạng")
        below_header = self._last_was_header and (
            (cells[0].merged if cells is not None else False)
            or (sum(1 for t in texts if t.strip()) > 1
                and (not first or first == self.headers.get(cells[0].col if cells is not None else 0, "").upper())))
        # whether the row looks like a header is read only in the two branches below, each of which
        # also asks one of these: where none holds (a data row under data rows, most rows) neither is
        # taken whatever it looks like, and is_header_row (a pattern a cell) is not asked
        asked = (below_header and self._row > 0) or self._row == 0 or first in _STT or header
        looks = asked and (is_header_row(texts) if header is None else header)
        if looks and below_header and self._row > 0:
            self._extend_headers(cells if cells is not None else as_cells(texts))
            self._last_was_header = True
        elif looks and (self._row == 0 or first in _STT or header):
            self.headers = {}
            self._extend_headers(cells if cells is not None else as_cells(texts))
            self._last_was_header = True
        else:
            self._last_was_header = False
        row = self._row
        self._row += 1
        return row

    def _extend_headers(self, cells: list[Cell]) -> None:
        """Add a header row's texts under the columns each cell covers (merged-down cells and
        a repeated label add nothing). A column with no header yet lies under the group header
        to its left: text and PDF layouts print a merged "Lâm Đồng" over three columns as
        "Lâm Đồng", "", "" (Word gives the span itself)."""
        before = dict(self.headers)
        cells = _fragments_joined(cells)
        for c in cells:
            text = " ".join(c.text.split())
            if not text or c.merged:
                continue
            for g in range(c.col, c.col + max(c.span, 1)):
                old = before.get(g) or next((before[k] for k in range(g - 1, -1, -1) if before.get(k)), "") \
                    if before else ""
                if old.rsplit(HEADER_PATH_SEP, 1)[-1] != text:
                    self.headers[g] = f"{old}{HEADER_PATH_SEP}{text}" if old else text

    def header_for(self, col: int, span: int = 1) -> str | None:
        """The header path of a cell; a cell over columns with different headers (an uneven
        grid) takes its last column's, unless another column under it has a deeper header (a
        PDF grid has a column for every rule: "62/63" covers a thin column still under "PAR
        Index" and the one headed "PAR Index | Thứ hạng")."""
        if span <= 1:                                  # one column (most cells): its own header
            return self.headers.get(col)
        paths = [self.headers.get(g) for g in range(col, col + span)]
        if len(set(paths)) <= 1:
            return paths[0]
        depth = lambda p: p.count(HEADER_PATH_SEP) if p else -1
        deepest = max(depth(p) for p in paths)
        return next(p for p in reversed(paths) if depth(p) == deepest)
