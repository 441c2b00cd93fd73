"""Who a number belongs to, table-driven: tests/corpus/entities_cases.tsv.

Rows of kind "sentence" put one number in [[ ]] and give the document's unit and subject; the
entity is read through `context_for` (the same window the pipeline uses). Rows of kind
"passage" do the same in a passage of several lines (a list under a level's head). Rows of kind
"document" give the opening of a text without a UBND header and what it is about.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from normalizers.context import context_for
from normalizers.documents import DocumentMeta, read_metadata
from normalizers.entities import list_levels, load_who_rules, reporting
from normalizers.units import name_key
from pipeline.facts import Knowledge, facts_of_text

CASES = Path(__file__).parent / "corpus" / "entities_cases.tsv"


def _rows() -> list[dict]:
    lines = [l for l in CASES.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


ROWS = _rows()


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return Knowledge.load()


def _meta(context: str, know: Knowledge) -> DocumentMeta:
    meta = DocumentMeta()
    for part in filter(None, (p.strip() for p in context.split(";"))):
        key, _, value = part.partition("=")
        if key == "unit":                   # "huyện An Lão, tỉnh Bình Định", "tỉnh Lâm Đồng@2025"
            value, _, era = value.partition("@")
            name, _, province = value.partition(", ")
            unit = know.gazetteer.resolve(name, province=province or None, era=era or None)
            assert unit is not None, f"not in the gazetteer: {value}"
            meta.unit, meta.unit_name = unit, unit.full_name
            meta.province_unit = know.gazetteer.units[unit.province_id]
            meta.province = meta.province_unit.name
        elif key == "subject":
            meta.subject = value
        elif key == "headerless":           # a news or portal text
            meta.headerless = True
    return meta


def _key(name: str) -> str:
    return name_key(name)


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "sentence"],
                         ids=lambda r: r["text"][r["text"].index("[[") + 2:r["text"].index("]]")] + "|" + r["expected"])
def test_sentence_entity(row, know):
    marked = row["text"]
    start = marked.index("[[")
    end = marked.index("]]") - 2
    text = marked.replace("[[", "").replace("]]", "")
    ctx = context_for("count", text, start, end, know.context, know.gazetteer, _meta(row["context"], know), None)
    assert _key(ctx.entity) == _key(row["expected"]), row["note"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "passage"],
                         ids=lambda r: r["text"][r["text"].index("[[") + 2:r["text"].index("]]")] + "|" + r["expected"])
def test_passage_entity(row, know):
    """A number in a passage of several lines (\\n), read in its own line as the pipeline reads a
    paragraph, with what the passage's structure says (a list under a level's head)."""
    passage = row["text"].replace("\\n", "\n")
    meta = _meta(row["context"], know)
    meta.list_levels = list_levels(passage.replace("[[", "").replace("]]", ""), load_who_rules(), meta)
    line = next(l for l in passage.split("\n") if "[[" in l)       # a paragraph, as segments are
    start, end = line.index("[["), line.index("]]") - 2
    text = line.replace("[[", "").replace("]]", "")
    ctx = context_for("count", text, start, end, know.context, know.gazetteer, meta, None)
    assert _key(ctx.entity) == _key(row["expected"]), row["note"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "document"], ids=lambda r: r["expected"])
def test_document_subject(row, know):
    """What a text is about; `file=` in the context is the name it was received under."""
    file_name = row["context"].partition("file=")[2].strip()
    meta = read_metadata(row["text"].replace("\\n", "\n"), know.gazetteer, file_name)
    assert _key(reporting(meta)[0]) == _key(row["expected"]), row["note"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "report"],
                         ids=lambda r: r["text"][r["text"].index("[[") + 2:r["text"].index("]]")] + "|" + r["expected"])
def test_report_entity(row, know):
    """A number in a whole text read by the pipeline, where what the text is built of decides
    (the heading of the section it is in)."""
    marked = row["text"].replace("\\n", "\n")
    start = marked.index("[[")
    text = marked.replace("[[", "").replace("]]", "")
    facts = facts_of_text(text, know).facts
    fact = next(f for f in facts if f.start == start)
    assert _key(fact.entity) == _key(row["expected"]), row["note"]


def test_every_origin_has_rows():
    """The table keeps rows from each source of phenomena."""
    assert {r["origin"] for r in ROWS} >= {"dev", "real", "seeds"}


def test_names_are_compared_as_underthesea_normalises_them():
    """name_key looks words up in underthesea's table without importing underthesea; on every
    gazetteer name and every gold entity it gives what underthesea's text_normalize gives, but
    for the spaces around punctuation (which its tokenizer adds or keeps, and a key drops)."""
    import csv
    import json

    from underthesea import text_normalize

    from normalizers.units import GAZETTEER_DIR
    names = set()
    with open(GAZETTEER_DIR / "units.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            names |= {r["name"], f"{r['type']} {r['name']}"}
    for path in (Path(__file__).parent / "data").rglob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and (entity := json.loads(line).get("entity")):
                names.add(entity)

    def full(name: str) -> str:
        return regex.sub(r"\s*([^\p{L}\p{N}\s])\s*", r"\1", " ".join(text_normalize(name.strip()).casefold().split()))

    assert len(names) > 15_000
    assert [n for n in names if name_key(n) != full(n)] == []
    # the table does change names: tone placement and spelling
    assert name_key("Hoà Vang") == name_key("Hòa Vang") and name_key("Thuỵ") == name_key("Thụy")


def test_spacing_around_punctuation_does_not_make_another_name():
    assert name_key("Phan Rang - Tháp Chàm") == name_key("Phan Rang-Tháp Chàm")
    assert name_key("TP. HCM") == name_key("TP.HCM") and name_key("Ia H' Drai") == name_key("Ia H'Drai")
