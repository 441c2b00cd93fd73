"""The .docx reader's short cuts give what python-docx gives: the package opened step by step
(styles parsed once per template, the body parsed without python-docx's element classes) has the
parts, the trees and the errors of docx.Document; the child lookups are lxml's find and findall;
the attribute values read on plain elements are those of python-docx's classes; the style table
is what python-docx's Styles proxies say. Checked on real documents of samples/ and tests/data/
and on broken variants of a sample made here."""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.text.paragraph import Paragraph
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from lxml import etree

from extractors import docx as reader
from extractors.document import ExtractionError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "001_1a63f26e4e35afbc.docx"               # footnotes, superscripts
WORD_FILES = [ROOT / "samples" / "000_ec612a35660e329c.docx",          # a table, headings
              SAMPLE,
              ROOT / "samples" / "004_96ea1283ad5da6cd.docx",          # many tables
              ROOT / "tests" / "data" / "real" / "ld_2025_bc_cac_chiso_tinh_0611.docx",   # merged cells
              ROOT / "tests" / "data" / "real" / "ld_2025_qd_congbo_chiso_cchc_done.docx"]
LOOKED_UP = ["w:pPr", "w:pStyle", "w:rPr", "w:rFonts", "w:rStyle", "w:vertAlign", "w:trPr", "w:tcPr",
             "w:gridBefore", "w:gridSpan", "w:vMerge", "w:tblHeader", "w:body", "w:tc", "w:tr", "w:t"]


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _outcome(fn, *args):
    """What a call gives: its value, or the type and first line of what it raised."""
    try:
        return "ok", fn(*args)
    except Exception as exc:           # noqa: BLE001 - the error itself is what is compared
        return type(exc).__name__, re.sub(r"0x[0-9a-f]+", "0x?", str(exc).splitlines()[0] if str(exc) else "")


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_child_lookups_are_find_and_findall(path):
    """_child, _children and _first_children answer what lxml's find and findall answer, on every
    element of the parts read (python-docx's template styles.xml, 350 KB, left out for time),
    python-docx's tree and the plain one alike."""
    for name, data in _parts(path).items():
        if name not in ("word/document.xml", "word/footnotes.xml", "word/styles.xml") or len(data) > 200_000:
            continue
        for root in (parse_xml(data), etree.fromstring(data, reader._PLAIN_PARSER)):
            for element in root.iter():
                first = reader._first_children(element)
                for tag in map(qn, LOOKED_UP):
                    assert reader._child(element, tag) is element.find(tag)
                    assert first.get(tag) is element.find(tag)
                    assert reader._children(element, tag) == element.findall(tag)


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_the_package_opened_step_by_step_is_the_one_python_docx_opens(path):
    """Same parts, same content types, same document and styles XML; the body's paragraphs and
    tables are python-docx's iter_inner_content(); its values as python-docx reads them."""
    data = path.read_bytes()
    ours, theirs = reader._open(data), docx.Document(io.BytesIO(data))
    assert [(p.partname, p.content_type) for p in ours.part.package.iter_parts()] == \
        [(p.partname, p.content_type) for p in theirs.part.package.iter_parts()]
    assert etree.tostring(ours.element) == etree.tostring(theirs.element)
    assert ours.styles.element is reader._open(data).styles.element           # parsed once
    assert etree.tostring(ours.styles.element) == etree.tostring(theirs.styles.element)
    assert hasattr(reader._oxml_class(ours.element.tag), "body") and hasattr(theirs.element, "body")
    inner = reader._inner_content(reader._child(ours.element, reader._W_BODY))
    assert [etree.tostring(e) for e in inner] == [etree.tostring(item._element) for item in theirs.iter_inner_content()]
    for plain, element in zip(ours.element.iter(), theirs.element.iter()):
        if element.tag in (qn("w:pStyle"), qn("w:gridSpan"), qn("w:gridBefore"), qn("w:vMerge")):
            assert _outcome(reader._oxml, plain, "val") == _outcome(lambda: element.val)


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_the_style_table_is_what_python_docx_styles_say(path):
    styles = docx.Document(str(path)).styles
    table = reader._style_table(reader._open(path.read_bytes()).styles.element)
    assert dict(table.names) == {s.style_id: s.name or "" for s in styles}
    default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
    assert table.default_name == (default.name if default is not None else "")


def _edit(name: str, pattern: str, replacement: str, count: int = 1):
    return lambda parts: {**parts, name: re.sub(pattern.encode(), replacement.encode(), parts[name], count=count)}


def _drop(name: str):
    return lambda parts: {k: v for k, v in parts.items() if k != name}


BROKEN = {
    "styles truncated": lambda parts: {**parts, "word/styles.xml": parts["word/styles.xml"][:5000]},
    "styles member missing": _drop("word/styles.xml"),
    "styles relationship removed": _edit("word/_rels/document.xml.rels", r'<Relationship [^>]*?/styles"[^>]*/>', ""),
    "two styles relationships": _edit("word/_rels/document.xml.rels", r'(<Relationship [^>]*?/styles"[^>]*/>)',
                                      r'\1<Relationship Id="rId999" Type="http://schemas.openxmlformats.org/'
                                      r'officeDocument/2006/relationships/styles" Target="styles.xml"/>'),
    "styles part typed as numbering": _edit("[Content_Types].xml", r'(PartName="/word/styles.xml" ContentType=")[^"]*',
                                            r"\1application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
    "style without a type": _edit("word/styles.xml", r'(<w:style [^>]*?)w:type="paragraph"', r"\1"),
    "style of an unknown type": _edit("word/styles.xml", 'w:type="character"', 'w:type="foo"'),
    "style name without a value": _edit("word/styles.xml", r'<w:name w:val="[^"]*"/>', "<w:name/>"),
    "default style without a name": _edit("word/styles.xml", r'<w:name w:val="[^"]*"/>', "", count=3),
    "default flag that is no boolean": _edit("word/styles.xml", 'w:default="1"', 'w:default="maybe"'),
    "paragraph style without a value": _edit("word/document.xml", r'<w:pStyle w:val="[^"]*"/>', "<w:pStyle/>"),
    "document root renamed": _edit("word/document.xml", "w:document", "w:documentx", count=0),
    "document without a body": _edit("word/document.xml", r"<w:body>.*</w:body>", ""),
    "numbering broken": lambda parts: {**parts, "word/numbering.xml": parts["word/numbering.xml"][:100]},
    "footnotes broken": lambda parts: {**parts, "word/footnotes.xml": parts["word/footnotes.xml"][:100]},
    "no content types": _drop("[Content_Types].xml"),
    "no package relationships": _drop("_rels/.rels"),
    "main part of another type": _edit("[Content_Types].xml", r'(PartName="/word/document.xml" ContentType=")[^"]*',
                                       r"\1application/xml"),
}


def _python_docx_reading(data: bytes):
    """The steps of the reader before this module's own reading, done with python-docx's objects:
    open, check the body, read the style table, the paragraph styles, the footnotes part."""
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ExtractionError(f"broken Word file, cannot be opened ({type(exc).__name__})") from exc
    if not hasattr(document.element, "body"):
        raise ExtractionError("no body")
    names = {s.style_id: s.name or "" for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    styles = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            ppr = item._p.pPr
            styles.append(ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None)
    notes = [etree.fromstring(rel.target_part.blob) for rel in document.part.rels.values()
             if rel.reltype == reader.RT.FOOTNOTES]
    return dict(names), default_name, styles, [len(root) for root in notes]


def _our_reading(data: bytes):
    try:
        document = reader._open(data)
    except Exception as exc:
        raise ExtractionError(f"broken Word file, cannot be opened ({type(exc).__name__})") from exc
    if not hasattr(reader._oxml_class(document.element.tag), "body"):
        raise ExtractionError("no body")
    table = reader._style_table(document.styles.element)
    styles = []
    for item in reader._inner_content(reader._child(document.element, reader._W_BODY)):
        if item.tag == reader._W_P:
            pstyle = reader._paragraph_style(item)
            styles.append(reader._oxml(pstyle, "val") if pstyle is not None else None)
    notes = reader._footnotes(document)              # separators left out: two fewer than the part has
    return dict(table.names), table.default_name, styles, [len(notes) + 2] if notes else []


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_word_file_fails_as_python_docx_makes_it_fail(case):
    """Each step gives python-docx's answer or python-docx's error, the styles cache warm or not."""
    data = _zip(BROKEN[case](_parts(SAMPLE)))
    expected = _outcome(_python_docx_reading, data)
    reader._open(SAMPLE.read_bytes())                           # the sample's styles in the cache
    assert _outcome(_our_reading, data) == expected
    assert _outcome(_our_reading, data) == expected             # and again, after this file
    extraction = _outcome(reader.extract_docx, "x.docx", data)
    if expected[0] != "ok":
        assert extraction[0] == expected[0]


def test_the_styles_key_is_the_bytes():
    a, b = reader._Blob(b"x" * 600), reader._Blob(b"x" * 300 + b"y" + b"x" * 299)
    assert hash(a) == hash(b) and a != b                       # same length and ends, other bytes
    assert a == reader._Blob(b"x" * 600) and a != b"x" * 600
