"""The one shape every extractor produces.

A Document is the NFC text of a report plus an ordered list of blocks that cut it into
headings, paragraphs, table cells and footnotes. Offsets are character offsets into
`Document.text`; every later step (facts, warehouse, evaluation) points back through them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    TABLE_CELL = "table_cell"
    FOOTNOTE = "footnote"


class ExtractionError(Exception):
    """A file that cannot be read as a report; the message is shown to the analyst."""


def max_pages() -> int:
    """The most pages a PDF may have (CCHC_MAX_PAGES, default 2,000): reports are far shorter, and
    a file of tens of thousands of pages would hold a reader for hours."""
    import os
    return int(float(os.environ.get("CCHC_MAX_PAGES") or 2000))


def check_pages(pages: int) -> None:
    if pages > max_pages():
        raise ExtractionError(f"too many pages ({pages:,}; the limit is {max_pages():,}, CCHC_MAX_PAGES)")


class NotAReport(ExtractionError):
    """A readable file that is not a report at all (a README beside the reports): listed as
    skipped, like a spreadsheet, not as a failure of the batch."""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    start: int
    end: int
    page: int | None = None          # 1-based, PDF only
    table: int | None = None         # 0-based table index within the document
    row: int | None = None           # 0-based row within the table
    col: int | None = None           # 0-based column: the grid column where the cell starts
    header: str | None = None        # the column's header path, top first ("Kết quả | Điểm đạt được")
    merged: bool = False             # an empty cell continuing the vertically merged cell above it


@dataclass
class Document:
    path: str
    format: str
    text: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)   # readable but suspect (shown to the analyst)
    page_confidence: list[float | None] | None = None    # OCR's mean word confidence per page; None: not OCR'd

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]


class DocumentBuilder:
    """Appends block texts into one NFC string, recording offsets as it goes.

    Extractors feed it pieces in reading order; blocks are separated by a blank line so that
    a .txt file, whose paragraphs are already separated that way, keeps its own offsets.
    """

    def __init__(self, path: str, fmt: str) -> None:
        self._path = path
        self._format = fmt
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []

    def add(self, text: str, kind: BlockKind, sep: str = "\n\n", **where) -> Block | None:
        text = unicodedata.normalize("NFC", text).strip()
        if not text and kind is not BlockKind.TABLE_CELL:
            return None
        if self._parts and sep:
            self._parts.append(sep)
            self._length += len(sep)
        block = Block(kind, self._length, self._length + len(text), **where)
        self._parts.append(text)
        self._length += len(text)
        self._blocks.append(block)
        return block

    def add_table_row(self, cells: list, table: int, row: int, headers: list[str | None],
                      cols: list[int] | None = None, page: int | None = None) -> None:
        """One table row, laid out as a .txt file has it: a blank line before a table, a line
        per row, a tab between cells. `cells` are texts (or objects with a .text); `headers` and
        `cols` give each cell's header path and grid column (default: its position)."""
        for i, cell in enumerate(cells):
            text = cell if isinstance(cell, str) else cell.text
            sep = "\n\n" if row == 0 and i == 0 else "\n" if i == 0 else "\t"
            self.add(text, BlockKind.TABLE_CELL, sep=sep, page=page, table=table, row=row,
                     col=cols[i] if cols else i, header=headers[i] if i < len(headers) else None,
                     merged=getattr(cell, "merged", False))

    def build(self, pages: int | None = None, warnings: list[str] | None = None) -> Document:
        return Document(self._path, self._format, "".join(self._parts), self._blocks, pages, warnings or [])
