"""Word reports via python-docx: body paragraphs and tables in document order, then footnotes.

python-docx has no footnote API: the part related by RT.FOOTNOTES is parsed directly.
Footnote references and superscript digits become Unicode superscripts, so a marker glued to
a number ("16/7/2022¹") can never be read as one more digit. Headers and footers are not read.
Runs drawn in a legacy Vietnamese font (".VnTime" TCVN3, "VNI-Times" VNI: the run's own font,
its character style's, its paragraph style's or the document default) hold the glyphs of that
font ("B¸o c¸o"); they are converted to Unicode, a paragraph's consecutive runs of one encoding
together (a VNI mark may sit in the run after its letter).

The package is opened as docx.Document opens it (python-docx's reader: every part read and
checked, the same errors), except that a styles part is parsed once per template and the
document part without python-docx's element classes; the body is walked with lxml directly.
Each short cut says why it answers what python-docx answered (tests/test_docx_reader.py).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from types import MappingProxyType

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import OpcPackage, Unmarshaller
from docx.opc.part import PartFactory
from docx.opc.pkgreader import PackageReader
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser, parse_xml
from docx.parts.document import DocumentPart
from docx.parts.styles import StylesPart
from docx.styles.styles import Styles
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
_W_PPR, _W_ID, _W_TC, _W_TR = qn("w:pPr"), qn("w:id"), qn("w:tc"), qn("w:tr")
_W_TRPR, _W_TCPR, _W_GRIDBEFORE = qn("w:trPr"), qn("w:tcPr"), qn("w:gridBefore")
_W_GRIDSPAN, _W_VMERGE = qn("w:gridSpan"), qn("w:vMerge")
_W_FOOTNOTE, _W_TYPE = qn("w:footnote"), qn("w:type")
_W_BODY, _W_TBL = qn("w:body"), qn("w:tbl")

# python-docx's parser without its element classes: the same tree (same options), whose elements
# are plain lxml ones, three times cheaper to reach from Python than python-docx's classes.
_PLAIN_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@lru_cache(maxsize=64)
def _oxml_class(tag: str) -> type:
    """The class python-docx gives an element of `tag` (its parser's element class lookup, which
    its makeelement uses too, and which looks at the tag only)."""
    return type(oxml_parser.makeelement(tag))


def _oxml(element, name: str):
    """python-docx's reading of `element.<name>` (an attribute property such as CT_String.val:
    its conversion, its default, its error when required and missing) for a plainly parsed
    element: the property of the class python-docx would have given the element, applied to it.
    Those properties read the element through lxml alone (get, tag)."""
    return getattr(_oxml_class(element.tag), name).fget(element)


def _child(element, tag: str):
    """The first child of `element` with `tag` (a "{namespace}name"), or None: what
    `element.find(tag)` answers (lxml's find of a plain tag walks the children in order and
    takes the first with that tag; comments and processing instructions have no string tag),
    without find's path machinery, which cost more than the rest of reading a run."""
    for child in element:
        if child.tag == tag:
            return child
    return None


def _children(element, tag: str) -> list:
    """The children of `element` with `tag`, in order: what `element.findall(tag)` answers
    (python-docx's ZeroOrMore getters, CT_Row.tc_lst, CT_Tbl.tr_lst, are that findall)."""
    return [child for child in element if child.tag == tag]


def _first_children(element) -> dict:
    """Tag -> the first child of `element` with that tag: for each tag what _child (and find)
    answer, from one pass over the children (each child's element is made once, not once per
    property looked up)."""
    first: dict = {}
    for child in element:
        first.setdefault(child.tag, child)
    return first


def _font_name(rfonts) -> str | None:
    """The font a w:rFonts names: Word draws letters above ASCII (where legacy glyphs are) in
    the high-ANSI font, ASCII in the ascii one; legacy documents set both to the same font."""
    if rfonts is None:
        return None
    return rfonts.get(_W_HANSI) or rfonts.get(_W_ASCII)


def _rfonts_name(rpr) -> str | None:
    """The font of run properties (a w:rPr, or None)."""
    return _font_name(_child(rpr, _W_RFONTS)) if rpr is not None else None


def _run_properties(children: list) -> dict:
    """The properties of a run whose children are `children`: its first w:rPr's first child of
    each tag (_first_children), {} when it has none."""
    for child in children:
        if child.tag == _W_RPR:
            return _first_children(child)
    return {}


def _paragraph_style(p_element):
    """A paragraph's w:pStyle (CT_P.pPr, then CT_PPr.pStyle: `find` of each child), or None."""
    ppr = _child(p_element, _W_PPR)
    return _child(ppr, _W_PSTYLE) if ppr is not None else None


@dataclass(frozen=True)
class StyleTable:
    """What the reading needs of a document's styles part: each style's font (for legacy
    encodings) and name (for headings), as python-docx reads them."""
    fonts: Mapping[str, str | None]          # style id -> the font it sets or inherits through basedOn
    default_font: str | None                 # the document default (docDefaults)
    default_paragraph: str | None            # id of the default paragraph style
    names: Mapping[str | None, str]          # style id -> its UI name ("Heading 1"), "" when it has none
    default_name: str | None                 # the default paragraph style's UI name: "" when there is
                                             # no default style, None when it has no name


@lru_cache(maxsize=8)
def _style_table(root) -> StyleTable:
    """The StyleTable of a styles part's root element. Kept for the next document whose styles
    part is the same element (_parsed_styles gives one element to every report of one template):
    reading every style through python-docx's proxies cost as much as reading the body. The
    element is never changed, so the table read from it is the same every time."""
    own: dict[str, str | None] = {}
    based_on: dict[str, str] = {}
    default_paragraph: str | None = None
    for st in root.iter(qn("w:style")):
        sid = st.get(qn("w:styleId"))
        own[sid] = _rfonts_name(st.find(_W_RPR))
        parent = st.find(qn("w:basedOn"))
        if parent is not None:
            based_on[sid] = parent.get(_W_VAL)
        if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true", "on"):
            default_paragraph = sid
    defaults = root.find(qn("w:docDefaults"))
    rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{_W_RPR}") if defaults is not None else None
    styles = Styles(root)
    # python-docx resolves a paragraph's style by scanning all styles each time; map ids once
    names = {s.style_id: s.name or "" for s in styles}
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return StyleTable(MappingProxyType({sid: _inherited(sid, own, based_on) for sid in own}),
                      _rfonts_name(rpr_default), default_paragraph, MappingProxyType(names),
                      default.name if default is not None else "")


def _inherited(sid: str, own: dict, based_on: dict) -> str | None:
    seen = set()
    while sid is not None and sid not in seen:
        seen.add(sid)
        if own.get(sid):
            return own[sid]
        sid = based_on.get(sid)
    return None


class RunFonts:
    """The legacy encoding, if any, of each run of one document: the font the run sets, else its
    character style's, else its paragraph style's (styles inherit through basedOn), else the
    document default. Remembers the legacy fonts whose text was converted, for the warning."""

    def __init__(self, table: StyleTable) -> None:
        self._default_paragraph = table.default_paragraph
        self._default = table.default_font
        self._styles = table.fonts
        self._legacy: dict[str, Legacy | None] = {}
        self.used: list[Legacy] = []

    def paragraph_font(self, pstyle) -> str | None:
        """The font of a paragraph whose w:pStyle is `pstyle` (None: the default style's)."""
        sid = pstyle.get(_W_VAL) if pstyle is not None else self._default_paragraph
        return self._styles.get(sid) or self._default

    def legacy(self, props: dict, paragraph_font: str | None) -> Legacy | None:
        """The encoding of a run whose properties are `props` (_run_properties)."""
        name = _font_name(props.get(_W_RFONTS))
        if name is None and props.get(_W_RSTYLE) is not None:
            name = self._styles.get(props[_W_RSTYLE].get(_W_VAL))
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


def _run_pieces(children: list, props: dict, legacy: Legacy | None, numbering: dict[str, int],
                own_id: str | None = None) -> list[tuple[str, Legacy | None]]:
    """A run's text as (text, legacy font) pieces, from its `children`, its properties `props`
    (_run_properties) and its legacy font: typed text is the run's own characters, in its font;
    the rest is made here (tabs, breaks, superscript markers: never legacy glyphs, None)."""
    va = props.get(_W_VERT)
    superscript = va is not None and va.get(_W_VAL) == "superscript"
    out = []
    for child in children:
        tag = child.tag
        if tag == _W_T:
            if superscript and child.text and child.text.strip().isdigit():
                out.append((child.text.translate(TO_SUPERSCRIPT), None))
            else:
                out.append((child.text or "", legacy))
        elif tag == _W_TAB:
            out.append(("\t", None))
        elif tag in (_W_BR, _W_CR):
            out.append((" ", None))
        elif tag == _W_NBH:
            out.append(("-", None))
        elif tag == _W_FNREF:
            ref = child.get(_W_ID)
            numbering.setdefault(ref, len(numbering) + 1)
            out.append((str(numbering[ref]).translate(TO_SUPERSCRIPT), None))
        elif tag == _W_FNMARK and own_id is not None:
            out.append((str(numbering.get(own_id, own_id)).translate(TO_SUPERSCRIPT), None))
    return out


def _paragraph_text(p_element, pstyle, numbering: dict[str, int], fonts: RunFonts,
                    own_id: str | None = None) -> str:
    """A paragraph's text (`pstyle`: its _paragraph_style), its legacy-font runs converted;
    consecutive pieces of one encoding are converted together, so that a VNI letter split over
    two runs ("a" | "ù") is one letter."""
    paragraph_font = fonts.paragraph_font(pstyle)
    pieces: list[tuple[str, Legacy | None]] = []
    legacy_pieces = False
    for r in p_element.iter(_W_R):
        children = list(r)
        props = _run_properties(children)
        legacy = fonts.legacy(props, paragraph_font)
        legacy_pieces = legacy_pieces or legacy is not None
        pieces += _run_pieces(children, props, legacy, numbering, own_id)
    if not legacy_pieces:
        # no piece to convert: the grouping below would make one group, joined as it is
        return "".join([t for t, _ in pieces])
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
    text belongs to the row above) so that a merged number is not counted twice.
    python-docx's CT_Row.grid_before, tc_lst, CT_Tc.grid_span and vMerge are written out: each of
    their child getters is `find` of the child's tag (here _child, _first_children), and the
    values are still read by python-docx's attribute properties (_oxml: its conversions, its
    defaults, its errors)."""
    trpr = _child(tr, _W_TRPR)
    before = _child(trpr, _W_GRIDBEFORE) if trpr is not None else None
    col = 0 if before is None else _oxml(before, "val")
    cells = []
    for tc in _children(tr, _W_TC):
        tcpr = _child(tc, _W_TCPR)
        cell_props = _first_children(tcpr) if tcpr is not None else {}
        grid_span = cell_props.get(_W_GRIDSPAN)
        span = 1 if grid_span is None else _oxml(grid_span, "val")
        vmerge = cell_props.get(_W_VMERGE)
        if vmerge is not None and _oxml(vmerge, "val") == "continue":
            cells.append(Cell("", col, span, merged=True))
        else:
            texts = (_paragraph_text(p, _paragraph_style(p), numbering, fonts) for p in tc.iter(_W_P))
            text = " ".join(t for t in texts if t.strip())
            cells.append(Cell(text, col, span))
        col += span
    header_mark = _child(trpr, _W_TBLHEADER) if trpr is not None else None
    header = True if header_mark is not None and header_mark.get(_W_VAL, "true") not in ("0", "false", "off") else None
    return cells, header


def _inner_content(body) -> list:
    """The paragraphs and tables of a w:body in order: python-docx's iter_inner_content() (its
    xpath "./w:p | ./w:tbl": the children of either tag), without its Paragraph and Table
    wrappers. CT_Document.body is `find` of w:body; a document without one fails as it did."""
    if body is None:
        raise AttributeError("'NoneType' object has no attribute 'inner_content_elements'")
    return [child for child in body if child.tag == _W_P or child.tag == _W_TBL]


def _footnotes(document) -> dict[str, list]:
    """Footnote id -> its paragraph elements (separators left out)."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for fn in root.iter(_W_FOOTNOTE):
                if fn.get(_W_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                notes[fn.get(_W_ID)] = list(fn.iter(_W_P))
            return notes
    return {}


def _main_part(data: bytes) -> bytes:
    """The start of word/document.xml, or nothing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("word/document.xml") as fh:
            return fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError):
        return b""


class _Blob:
    """Bytes as a cache key: equal exactly when the bytes are equal (compared in full), hashed on
    their length and ends only; hashing all of a 350 KB part cost more than comparing it."""
    __slots__ = ("data", "_hash")

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._hash = hash((len(data), data[:256], data[-256:]))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Blob) and self.data == other.data


@lru_cache(maxsize=8)
def _parsed_styles(blob: _Blob):
    """A styles part's XML parsed as python-docx parses it (StylesPart.load). Reports made from
    one template carry the same styles.xml byte for byte, and python-docx's own template's is
    350 KB, whose parsing was a third of reading a seed report: each one is parsed once. Neither
    python-docx nor this module ever changes the tree."""
    return parse_xml(blob.data)


def _part(partname, content_type, reltype, blob, package):
    """python-docx's PartFactory, except that a styles part's XML comes from _parsed_styles and
    the document part's is parsed by _PLAIN_PARSER (only this module reads that tree). The part
    is made as PartFactory makes it: a StylesPart (DocumentPart) exactly when python-docx's
    selector leaves the choice to the content type and the content type is the styles (main
    document) one; its XML is parsed (or fails to) at the same point of the walk over the parts."""
    selector = PartFactory.part_class_selector
    part_class = PartFactory.part_type_for.get(content_type) \
        if selector is None or selector(content_type, reltype) is None else None
    if part_class is StylesPart:
        return StylesPart(partname, content_type, _parsed_styles(_Blob(blob)), package)
    if part_class is DocumentPart:
        return DocumentPart(partname, content_type, etree.fromstring(blob, _PLAIN_PARSER), package)
    return PartFactory(partname, content_type, reltype, blob, package)


def _open(data: bytes):
    """docx.Document(io.BytesIO(data)), done as python-docx does it (docx.api.Document,
    OpcPackage.open) with _part as the part factory: the same parts, checks and errors. The
    package is an OpcPackage, not docx.package.Package, whose one addition is to walk every
    relationship after loading to list the images (for adding pictures): nothing read here,
    and a walk that cannot fail where the reading before it did not."""
    stream = io.BytesIO(data)
    reader = PackageReader.from_file(stream)
    package = OpcPackage()
    Unmarshaller.unmarshal(reader, package, _part)
    document_part = package.main_document_part
    if document_part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"file '{stream}' is not a Word file, content type is '{document_part.content_type}'")
    return document_part.document


def extract_docx(path: str, data: bytes) -> Document:
    try:
        document = _open(data)
    except MemoryError:
        raise                          # the reader's memory limit (a zip bomb), said as such by the ingest
    except Exception as exc:
        raise ExtractionError(f"broken Word file, cannot be opened ({type(exc).__name__})") from exc
    root = document.element
    if not hasattr(_oxml_class(root.tag), "body"):
        # Word's "Strict Open XML Document" names its parts in another namespace: python-docx
        # finds no body in it
        raise ExtractionError("Word file saved as \"Strict Open XML Document\": open it in Word and save it as "
                              "\"Word Document (.docx)\"" if b"purl.oclc.org/ooxml" in _main_part(data)
                              else "Word file without a document body")
    builder = DocumentBuilder(path, "docx")
    numbering: dict[str, int] = {}
    table = _style_table(document.styles.element)
    fonts = RunFonts(table)
    style_names, default_style = table.names, table.default_name
    tables = TableAssembler()
    last_was_row = False

    def add_rows(rows: list[tuple[list, bool | None]]) -> None:
        nonlocal last_was_row
        for cells, header in rows:
            table, row, headers, cols = tables.add_row(cells, continues=last_was_row, header=header)
            builder.add_table_row(cells, table, row, headers, cols)
            last_was_row = True

    for item in _inner_content(_child(root, _W_BODY)):
        if item.tag == _W_P:
            pstyle = _paragraph_style(item)
            text = _paragraph_text(item, pstyle, numbering, fonts)
            if "\t" in text.strip(" \n"):             # a table typed with tabs, as in .txt
                add_rows([([c.strip() for c in text.strip(" \n").split("\t")], None)])
                continue
            style_id = _oxml(pstyle, "val") if pstyle is not None else None
            style = style_names.get(style_id, "") if style_id else default_style
            heading = style.startswith(("Heading", "Title")) or is_heading(text)
            if builder.add(text, BlockKind.HEADING if heading else BlockKind.PARAGRAPH) is not None:
                last_was_row = False
        else:
            rows = [_row_cells(tr, numbering, fonts) for tr in _children(item, _W_TR)]
            last_was_row = False                       # a Word table starts a table of its own
            add_rows(rows)
    notes = _footnotes(document)
    # footnotes in the order they are referenced, then any never referenced
    order = sorted(notes, key=lambda i: (numbering.get(i, 10**6), int(i) if i.lstrip("-").isdigit() else 0))
    for note_id in order:
        first = True
        marker = str(numbering.get(note_id, note_id)).translate(TO_SUPERSCRIPT)
        for p in notes[note_id]:
            text = _paragraph_text(p, _paragraph_style(p), numbering, fonts, own_id=note_id).strip()
            if first and not text.startswith(marker):     # notes written without a footnoteRef run
                text = f"{marker} {text}"
            if builder.add(text, BlockKind.FOOTNOTE) is not None:
                first = False
    return with_footnotes_marked(builder.build(warnings=warnings_for(fonts.used)))
