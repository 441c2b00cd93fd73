"""Example tables: real phrases and the facts they must give (price-parser style).

- phrases_seeds.tsv: sentences of the five seed reports; expectations come from the gold.
- phrases_cases.tsv: Vietnamese conventions from DOMAIN.md and bugs caught on the way.
Every row lists *all* facts its phrase contains, so a spurious extra fact fails too.
"""
from __future__ import annotations

import csv

import pytest

from normalizers.facts import facts_in_text
from tests.conftest import CORPUS


def _rows(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.10g}"


def _render(facts) -> str:
    return " ; ".join(f"{f.kind} {_num(f.value)}" + (f"/{_num(f.denominator)}" if f.denominator is not None else "")
                      for f in facts)


SEED_ROWS = _rows("phrases_seeds.tsv")
CASE_ROWS = _rows("phrases_cases.tsv")


def test_corpus_is_large_enough():
    assert len(SEED_ROWS) + len(CASE_ROWS) >= 150


@pytest.mark.parametrize("row", SEED_ROWS + CASE_ROWS, ids=lambda r: f"{r['origin']}:{r['phrase'][:40]}")
def test_phrase(row, rules):
    facts = facts_in_text(row["phrase"], rules, header=row["header"] or None, row_unit=row.get("row_unit") or None)
    assert _render(facts) == row["expected"].strip(), row["note"]


def _non_fact_rows() -> list[dict]:
    with open(CORPUS / "non_facts.tsv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _non_fact_rows(), ids=lambda r: f"{r['why']}:{r['phrase'][:40]}")
def test_non_fact_phrase_yields_nothing(row, rules):
    facts = [f for f in facts_in_text(row["phrase"], rules)
             # the one row with a real count in it ("35 nhiệm vụ¹⁰") must give only that count
             if not (row["why"] == "footnote_marker" and f.kind == "count" and f.value == 35)]
    assert facts == [], f"{row['why']}: {[(f.kind, f.text) for f in facts]}"


def test_every_number_rule_decides_some_corpus_phrase(rules):
    """The rules of normalizers/facts.py are a flat list (Duckling style): each must be exercised by
    a real phrase of the corpora, so a rule nobody can point to an example for cannot creep in."""
    from extractors.document import Block, BlockKind
    from normalizers.facts import CANDIDATE, RULES, decide, url_spans
    from normalizers.segments import Segment
    used: set[str] = set()
    rows = [(r["phrase"], r["header"] or None, r.get("row_unit") or None) for r in SEED_ROWS + CASE_ROWS] + \
           [(r["phrase"], None, None) for r in _non_fact_rows()]
    for text, header, row_unit in rows:
        kind = BlockKind.TABLE_CELL if header is not None else BlockKind.PARAGRAPH
        block = Block(kind, 0, len(text), header=header, table=0 if header else None,
                      row=0 if header else None, col=0 if header else None)
        seg = Segment(text, ((0, 0, len(text)),), block)
        urls = url_spans(text)
        used |= {decide(seg, m, rules, urls, row_unit)[0] for m in CANDIDATE.finditer(text)}
    assert {r.__name__ for r in RULES} - used == set()


# The counted noun kept with a count: compounds are read whole (TB 624/TB-VPCP, real files)
NOUNS = [
    ("Chỉ 3/12 nền tảng CSDL trọng yếu theo Kế hoạch 02 được hình thành", "nền tảng"),
    ("Phát triển VNeID thành Nền tảng số quốc gia với 05 chức năng chính", "chức năng"),
    ("Khẩn trương thành lập đoàn công tác hỗ trợ 6 thành phố trực thuộc Trung ương", "thành phố"),
    ("Xây dựng 16 nghị định và các thông tư hướng dẫn thi hành", "nghị định"),
    ("đã tiếp nhận 6354 hồ sơ", "hồ sơ"),
]


@pytest.mark.parametrize("phrase, noun", NOUNS)
def test_a_count_keeps_its_whole_noun(phrase, noun, rules):
    facts = facts_in_text(phrase, rules)
    assert [f.unit.lower() for f in facts if f.kind in ("count", "ratio")][-1] == noun
