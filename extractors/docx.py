"""Word reports via python-docx: body paragraphs and tables in document order, then footnotes.

python-docx has no footnote API: the part related by RT.FOOTNOTES is parsed directly.
Footnote references and superscript digits become Unicode superscripts, so a marker glued to
a number ("16/7/2022¹") can never be read as one more digit. Headers and footers are not read.
"""
from __future__ import annotations

import io

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from extractors.document import BlockKind, Document, DocumentBuilder, ExtractionError
from extractors.text_layout import TO_SUPERSCRIPT, Cell, TableAssembler, is_heading, with_footnotes_marked

_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_NBH, _W_FNREF, _W_FNMARK = qn("w:noBreakHyphen"), qn("w:footnoteReference"), qn("w:footnoteRef")
_W_R, _W_P, _W_VERT = qn("w:r"), qn("w:p"), qn("w:vertAlign")
_W_TBLHEADER = qn("w:tblHeader")


def _run_text(run, numbering: dict[str, int], own_id: str | None = None) -> str:
    rpr = run.find(qn("w:rPr"))
    va = rpr.find(_W_VERT) if rpr is not None else None
    superscript = va is not None and va.get(qn("w:val")) == "superscript"
    out = []
    for child in run:
        tag = child.tag
        if tag == _W_T:
            out.append(child.text.translate(TO_SUPERSCRIPT) if superscript and child.text and child.text.strip().isdigit()
                       else child.text or "")
        elif tag == _W_TAB:
            out.append("\t")
        elif tag in (_W_BR, _W_CR):
            out.append(" ")
        elif tag == _W_NBH:
            out.append("-")
        elif tag == _W_FNREF:
            ref = child.get(qn("w:id"))
            numbering.setdefault(ref, len(numbering) + 1)
            out.append(str(numbering[ref]).translate(TO_SUPERSCRIPT))
        elif tag == _W_FNMARK and own_id is not None:
            out.append(str(numbering.get(own_id, own_id)).translate(TO_SUPERSCRIPT))
    return "".join(out)


def _paragraph_text(p_element, numbering: dict[str, int], own_id: str | None = None) -> str:
    return "".join(_run_text(r, numbering, own_id) for r in p_element.iter(_W_R))


def _row_cells(tr, numbering: dict[str, int]) -> tuple[list[Cell], bool | None]:
    """A Word table row as cells placed on the table grid, and whether Word marks it as a
    header row ("repeat as header row"; None when it does not say). A horizontally merged cell
    is read once with its span; a cell that continues a vertical merge is read as empty (its
    text belongs to the row above) so that a merged number is not counted twice."""
    col = tr.grid_before
    cells = []
    for tc in tr.tc_lst:
        span = tc.grid_span
        if tc.vMerge == "continue":
            cells.append(Cell("", col, span, merged=True))
        else:
            text = " ".join(t for t in (_paragraph_text(p, numbering) for p in tc.iter(_W_P)) if t.strip())
            cells.append(Cell(text, col, span))
        col += span
    trpr = tr.trPr
    header = True if trpr is not None and trpr.find(_W_TBLHEADER) is not None \
        and trpr.find(_W_TBLHEADER).get(qn("w:val"), "true") not in ("0", "false", "off") else None
    return cells, header


def _footnotes(document) -> dict[str, list]:
    """Footnote id -> its paragraph elements (separators left out)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for fn in root.iter(qn("w:footnote")):
                if fn.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                notes[fn.get(qn("w:id"))] = list(fn.iter(_W_P))
            return notes
    return {}


def extract_docx(path: str, data: bytes) -> Document:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"broken Word file, cannot be opened ({type(exc).__name__})") from exc
    builder = DocumentBuilder(path, "docx")
    numbering: dict[str, int] = {}
    # python-docx resolves a paragraph's style by scanning all styles each time; map ids once
    style_names = {s.style_id: s.name or "" for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_style = default.name if default is not None else ""
    tables = TableAssembler()
    last_was_row = False

    def add_rows(rows: list[tuple[list, bool | None]]) -> None:
        nonlocal last_was_row
        for cells, header in rows:
            table, row, headers, cols = tables.add_row(cells, continues=last_was_row, header=header)
            builder.add_table_row(cells, table, row, headers, cols)
            last_was_row = True

    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = _paragraph_text(item._p, numbering)
            if "\t" in text.strip(" \n"):             # a table typed with tabs, as in .txt
                add_rows([([c.strip() for c in text.strip(" \n").split("\t")], None)])
                continue
            ppr = item._p.pPr
            style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
            style = style_names.get(style_id, "") if style_id else default_style
            heading = style.startswith(("Heading", "Title")) or is_heading(text)
            if builder.add(text, BlockKind.HEADING if heading else BlockKind.PARAGRAPH) is not None:
                last_was_row = False
        elif isinstance(item, Table):
            rows = [_row_cells(tr, numbering) for tr in item._tbl.tr_lst]
            last_was_row = False                       # a Word table starts a table of its own
            add_rows(rows)
    notes = _footnotes(document)
    # footnotes in the order they are referenced, then any never referenced
    order = sorted(notes, key=lambda i: (numbering.get(i, 10**6), int(i) if i.lstrip("-").isdigit() else 0))
    for note_id in order:
        first = True
        marker = str(numbering.get(note_id, note_id)).translate(TO_SUPERSCRIPT)
        for p in notes[note_id]:
            text = _paragraph_text(p, numbering, own_id=note_id).strip()
            if first and not text.startswith(marker):     # notes written without a footnoteRef run
                text = f"{marker} {text}"
            if builder.add(text, BlockKind.FOOTNOTE) is not None:
                first = False
    return with_footnotes_marked(builder.build())
