"""Word reports via python-docx: body paragraphs and tables in document order, then footnotes.

python-docx has no footnote API: the part related by RT.FOOTNOTES is parsed directly.
Footnote references and superscript digits become Unicode superscripts, so a marker glued to
a number ("16/7/2022¹") can never be read as one more digit. Headers and footers are not read.
Runs drawn in a legacy Vietnamese font (".VnTime" TCVN3, "VNI-Times" VNI: the run's own font,
its character style's, its paragraph style's or the document default) hold the glyphs of that
font ("B¸o c¸o"); they are converted to Unicode, a paragraph's consecutive runs of one encoding
together (a VNI mark may sit in the run after its letter).
"""
from __future__ import annotations

import io
import zipfile
from itertools import groupby

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from extractors.document import BlockKind, Document, DocumentBuilder, ExtractionError
from extractors.legacy_fonts import Legacy, legacy_font, to_unicode, warnings_for
from extractors.text_layout import TO_SUPERSCRIPT, Cell, TableAssembler, is_heading, with_footnotes_marked

_W_T, _W_TAB, _W_BR, _W_CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_W_NBH, _W_FNREF, _W_FNMARK = qn("w:noBreakHyphen"), qn("w:footnoteReference"), qn("w:footnoteRef")
_W_R, _W_P, _W_VERT = qn("w:r"), qn("w:p"), qn("w:vertAlign")
_W_TBLHEADER = qn("w:tblHeader")
_W_RPR, _W_RFONTS, _W_RSTYLE, _W_PSTYLE = qn("w:rPr"), qn("w:rFonts"), qn("w:rStyle"), qn("w:pStyle")
_W_VAL, _W_HANSI, _W_ASCII = qn("w:val"), qn("w:hAnsi"), qn("w:ascii")


def _rfonts_name(rpr) -> str | None:
    """The font of run properties: Word draws letters above ASCII (where legacy glyphs are) in
    the high-ANSI font, ASCII in the ascii one; legacy documents set both to the same font."""
    if rpr is None:
        return None
    fonts = rpr.find(_W_RFONTS)
    if fonts is None:
        return None
    return fonts.get(_W_HANSI) or fonts.get(_W_ASCII)


class RunFonts:
    """The legacy encoding, if any, of each run of one document: the font the run sets, else its
    character style's, else its paragraph style's (styles inherit through basedOn), else the
    document default. Remembers the legacy fonts whose text was converted, for the warning."""

    def __init__(self, document) -> None:
        root = document.styles.element
        own: dict[str, str | None] = {}
        based_on: dict[str, str] = {}
        self._default_paragraph: str | None = None
        for st in root.iter(qn("w:style")):
            sid = st.get(qn("w:styleId"))
            own[sid] = _rfonts_name(st.find(_W_RPR))
            parent = st.find(qn("w:basedOn"))
            if parent is not None:
                based_on[sid] = parent.get(_W_VAL)
            if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
                self._default_paragraph = sid
        defaults = root.find(qn("w:docDefaults"))
        rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{_W_RPR}") if defaults is not None else None
        self._default = _rfonts_name(rpr_default)
        self._styles = {sid: self._inherited(sid, own, based_on) for sid in own}
        self._legacy: dict[str, Legacy | None] = {}
        self.used: list[Legacy] = []

    @staticmethod
    def _inherited(sid: str, own: dict, based_on: dict) -> str | None:
        seen = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            if own.get(sid):
                return own[sid]
            sid = based_on.get(sid)
        return None

    def paragraph_font(self, p_element) -> str | None:
        ppr = p_element.find(qn("w:pPr"))
        style = ppr.find(_W_PSTYLE) if ppr is not None else None
        sid = style.get(_W_VAL) if style is not None else self._default_paragraph
        return self._styles.get(sid) or self._default

    def legacy(self, run, paragraph_font: str | None) -> Legacy | None:
        rpr = run.find(_W_RPR)
        name = _rfonts_name(rpr)
        if name is None and rpr is not None and rpr.find(_W_RSTYLE) is not None:
            name = self._styles.get(rpr.find(_W_RSTYLE).get(_W_VAL))
        name = name or paragraph_font
        if name is None:
            return None
        if name not in self._legacy:
            self._legacy[name] = legacy_font(name)
        return self._legacy[name]

    def note(self, legacy: Legacy) -> None:
        """A run of this font had text that conversion changed (a legacy font holding only
        ASCII, "- CT." in a signed PDF's stamp, is no reason to warn)."""
        if legacy not in self.used:
            self.used.append(legacy)


def _run_pieces(run, numbering: dict[str, int], own_id: str | None = None) -> list[tuple[str, bool]]:
    """The run's text as (text, typed) pieces: typed text is the run's own characters, in its
    font; the rest is made here (tabs, breaks, superscript markers: never legacy glyphs)."""
    rpr = run.find(_W_RPR)
    va = rpr.find(_W_VERT) if rpr is not None else None
    superscript = va is not None and va.get(qn("w:val")) == "superscript"
    out = []
    for child in run:
        tag = child.tag
        if tag == _W_T:
            if superscript and child.text and child.text.strip().isdigit():
                out.append((child.text.translate(TO_SUPERSCRIPT), False))
            else:
                out.append((child.text or "", True))
        elif tag == _W_TAB:
            out.append(("\t", False))
        elif tag in (_W_BR, _W_CR):
            out.append((" ", False))
        elif tag == _W_NBH:
            out.append(("-", False))
        elif tag == _W_FNREF:
            ref = child.get(qn("w:id"))
            numbering.setdefault(ref, len(numbering) + 1)
            out.append((str(numbering[ref]).translate(TO_SUPERSCRIPT), False))
        elif tag == _W_FNMARK and own_id is not None:
            out.append((str(numbering.get(own_id, own_id)).translate(TO_SUPERSCRIPT), False))
    return out


def _paragraph_text(p_element, numbering: dict[str, int], fonts: RunFonts, own_id: str | None = None) -> str:
    """A paragraph's text, its legacy-font runs converted; consecutive pieces of one encoding are
    converted together, so that a VNI letter split over two runs ("a" | "ù") is one letter."""
    paragraph_font = fonts.paragraph_font(p_element)
    pieces: list[tuple[str, Legacy | None]] = []
    for r in p_element.iter(_W_R):
        legacy = fonts.legacy(r, paragraph_font)
        pieces.extend((text, legacy if typed else None) for text, typed in _run_pieces(r, numbering, own_id))
    out = []
    for key, group in groupby(pieces, key=lambda p: (p[1].encoding, p[1].capitals) if p[1] else None):
        group = list(group)
        text = "".join(t for t, _ in group)
        if key:
            converted = to_unicode(text, group[0][1])
            if converted != text:
                for _, legacy in group:
                    fonts.note(legacy)
            text = converted
        out.append(text)
    return "".join(out)


def _row_cells(tr, numbering: dict[str, int], fonts: RunFonts) -> tuple[list[Cell], bool | None]:
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
            text = " ".join(t for t in (_paragraph_text(p, numbering, fonts) for p in tc.iter(_W_P)) if t.strip())
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


def _main_part(data: bytes) -> bytes:
    """The start of word/document.xml, or nothing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("word/document.xml") as fh:
            return fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError):
        return b""


def extract_docx(path: str, data: bytes) -> Document:
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise                          # the reader's memory limit (a zip bomb), said as such by the ingest
    except Exception as exc:
        raise ExtractionError(f"broken Word file, cannot be opened ({type(exc).__name__})") from exc
    if not hasattr(document.element, "body"):
        # Word's "Strict Open XML Document" names its parts in another namespace: python-docx
        # finds no body in it
        raise ExtractionError("Word file saved as \"Strict Open XML Document\": open it in Word and save it as "
                              "\"Word Document (.docx)\"" if b"purl.oclc.org/ooxml" in _main_part(data)
                              else "Word file without a document body")
    builder = DocumentBuilder(path, "docx")
    numbering: dict[str, int] = {}
    fonts = RunFonts(document)
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
            text = _paragraph_text(item._p, numbering, fonts)
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
            rows = [_row_cells(tr, numbering, fonts) for tr in item._tbl.tr_lst]
            last_was_row = False                       # a Word table starts a table of its own
            add_rows(rows)
    notes = _footnotes(document)
    # footnotes in the order they are referenced, then any never referenced
    order = sorted(notes, key=lambda i: (numbering.get(i, 10**6), int(i) if i.lstrip("-").isdigit() else 0))
    for note_id in order:
        first = True
        marker = str(numbering.get(note_id, note_id)).translate(TO_SUPERSCRIPT)
        for p in notes[note_id]:
            text = _paragraph_text(p, numbering, fonts, own_id=note_id).strip()
            if first and not text.startswith(marker):     # notes written without a footnoteRef run
                text = f"{marker} {text}"
            if builder.add(text, BlockKind.FOOTNOTE) is not None:
                first = False
    return with_footnotes_marked(builder.build(warnings=warnings_for(fonts.used)))
