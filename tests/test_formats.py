"""The .docx and .pdf renderings in samples/ give the same facts as the .txt they were made from."""
from __future__ import annotations

from collections import Counter

import pytest

from extractors import extract
from extractors.document import BlockKind
from pipeline.facts import document_facts
from tests.conftest import SAMPLES

RENDERED = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".docx", ".pdf"))
# Made by LibreOffice 7 (soffice --convert-to): txt->pdf (monospace font, tab stops, glyph
# clusters pdfminer mis-decodes), docx->pdf (footnote area under a separator rule, running
# header), txt->docx (tables typed with tabs). See tests/data/renderings/README.md.
LIBREOFFICE = sorted((SAMPLES.parent / "tests" / "data" / "renderings").glob("*.*[fx]"))


def _signature(path, rules) -> Counter:
    return Counter((f.kind, f.value, f.denominator) for f in document_facts(extract(path), rules))


def test_at_least_two_reports_are_rendered_in_both_formats():
    stems = {p.stem for p in RENDERED if p.suffix == ".docx"} & {p.stem for p in RENDERED if p.suffix == ".pdf"}
    assert len(stems) >= 2


def _source_txt(path):
    return SAMPLES / (path.name.split(".")[0] + ".txt")


@pytest.mark.parametrize("path", RENDERED + LIBREOFFICE, ids=lambda p: p.name)
def test_rendering_gives_the_same_facts_as_its_txt(path, rules):
    expected = _signature(_source_txt(path), rules)
    got = _signature(path, rules)
    assert got == expected, f"missing {dict(expected - got)}, extra {dict(got - expected)}"


@pytest.mark.parametrize("path", RENDERED, ids=lambda p: p.name)
def test_rendering_keeps_structure(path):
    doc = extract(path)
    kinds = Counter(b.kind for b in doc.blocks)
    assert kinds[BlockKind.PARAGRAPH] > 10
    source = extract(path.with_suffix(".txt"))
    if any(b.kind is BlockKind.TABLE_CELL for b in source.blocks):
        assert kinds[BlockKind.TABLE_CELL] > 0
    if any(b.kind is BlockKind.FOOTNOTE for b in source.blocks):
        assert kinds[BlockKind.FOOTNOTE] > 0
    if path.suffix == ".pdf":
        assert doc.pages and all(b.page for b in doc.blocks)


def test_offsets_point_at_the_matched_text(rules):
    for path in sorted(SAMPLES.iterdir()):
        doc = extract(path)
        for f in document_facts(doc, rules):
            assert doc.text[f.start:f.end] == f.text, (path.name, f)
