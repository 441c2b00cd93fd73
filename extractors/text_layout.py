"""Layout knowledge shared by extractors: what a heading, a footnote or a table header looks like."""
from __future__ import annotations

from dataclasses import replace

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


def is_heading(line: str) -> bool:
    s = line.strip().strip("*").strip()
    if not s or len(s) > 200:
        return False
    if _NUMBERED_HEADING.match(s) and len(s) < 160 and not s.rstrip().endswith((";", ",")):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def is_footnote_start(line: str) -> bool:
    return bool(FOOTNOTE_START.match(line.strip()))


def is_footnote_continuation(line: str) -> bool:
    return bool(FOOTNOTE_CONTINUATION.match(line.strip()))


# a paragraph that ends like this is finished; one that starts in lower case continues another
SENTENCE_END = regex.compile(r"[.!?;:)\]”\"…*]\s*$")
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
        if kinds[i] != "paragraph" or SENTENCE_END.search(text):
            continue
        if i + 1 >= len(texts) or kinds[i + 1] != "footnote":
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
    kinds = mark_footnotes([doc.block_text(b) for b in doc.blocks], [b.kind.value for b in doc.blocks])
    doc.blocks = [b if b.kind.value == k else replace(b, kind=BlockKind(k)) for b, k in zip(doc.blocks, kinds)]
    return doc


_NUMERIC_CELL = regex.compile(r"^\s*[\d.,/%\s]+\s*$")


def is_header_row(cells: list[str]) -> bool:
    """A table row that names columns: 'STT'/'TT' first, or no cell that is only a number."""
    first = cells[0].strip().upper() if cells else ""
    if first in ("STT", "TT", "SỐ TT"):
        return True
    filled = [c for c in cells if c.strip()]
    return bool(filled) and not any(_NUMERIC_CELL.match(c) for c in filled)


_STT = ("STT", "TT", "SỐ TT")
# what an STT cell holds: "1", "1.1", "2.", "II"
NUMBERING_CELL = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?)$")


class TableAssembler:
    """Numbers tables and rows and tracks column headers, the same way for every format.

    A header row is taken only where a header can stand: the first row of a table, a row
    starting with STT/TT (a header repeated after a page break), or a row with an empty first
    cell right after a header (a two-row header under a merged STT cell; its cells are joined
    to the first row's labels). Section rows ("I  CÔNG TÁC CHỈ ĐẠO") stay data.
    """

    def __init__(self) -> None:
        self.index = -1
        self.headers: list[str] = []
        self._row = 0
        self._width = 0
        self._last_was_header = False

    def add_row(self, cells: list[str], continues: bool) -> tuple[int, int, list[str]]:
        """Register a row; `continues` says the previous block was a row of the same table."""
        first = cells[0].strip().upper() if cells else ""
        resumes = (not continues and self.headers and self.headers[0].upper() in _STT
                   and bool(NUMBERING_CELL.match(first)))
        if resumes:
            # a numbered table interrupted by text (wrapped rows, a section title, a page break)
            # goes on with the same columns
            continues = True
        if not continues:
            self.index += 1
            self._row = 0
            self.headers = []
            self._last_was_header = False
        header = is_header_row(cells)
        if header and (self._row == 0 or first in _STT):
            self.headers = [c.strip() for c in cells]
            self._last_was_header = True
        elif header and self._last_was_header and not first:   # STT merged down: empty first cell
            width = max(len(self.headers), len(cells))
            old = self.headers + [""] * (width - len(self.headers))
            self.headers = [" ".join(p for p in (old[i], cells[i].strip() if i < len(cells) else "") if p)
                            for i in range(width)]
        else:
            self._last_was_header = False
        self._width = len(cells)
        row = self._row
        self._row += 1
        return self.index, row, self.headers

    def header_for(self, col: int) -> str | None:
        return self.headers[col] if col < len(self.headers) else None
