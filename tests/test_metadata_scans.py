"""The whole-text scans of read_metadata (normalizers/documents.py, periods.py) that were rewritten
to open with a literal give the answers of the patterns they replace: on every sample report and
development text, and on phrases written to hit each branch and its edges."""
from __future__ import annotations

import pytest

from normalizers.documents import _units, load_document_rules
from normalizers.periods import RULES, _date, as_of_dates
from tests.conftest import ROOT, SAMPLES

PHRASES = [
    "Tính đến ngày 22/1/2025, Quảng Nam có 987 TTHC",
    "tính đến thời điểm ngày 31/12/2024 là 45",
    "đến thời điểm ngày 31/12/2024 là 45",               # "thời điểm" only after "tính"
    "TÍNH ĐẾN THỜI ĐIỂM 30/6/2025",
    "tính  \n đến   hết ngày 1/2/2024", "xtính đến thời điểm ngày 2/3/2023", "đến hết 15/12/2024",
    "đến ngày 3/4/2025 và đến ngày 5/6/2025; tính đến 7/8/2025", "đến đến ngày 1/1/2021",
    "từ ngày 15/12/2024 đến ngày 14/3/2025", "đến ngày 32/13/2025", "đến ngày 1/1/1890", "Đến Ngày 9 / 9 / 2020",
    "tính đến thời điểm", "tính đến thời điểm ngày", "",
    "UBND thị xã An Nhơn và xã Nhơn Hậu, thành phố Phan Rang - Tháp Chàm", "Huyện ủy huyện Tuy Phước",
    "phường Bình Định phường An Nhơn", "xãxã Nhơn Lộc", "thị trấn Ngô Mây, thị xã xã Nhơn Hậu", "tỉnh tỉnh Bình Định",
    "quận 1", "Đảng ủy xã Ea Kao Ea Kao Ea Kao Ea Kao Ea Kao", "phườngphường Tây Sơn",
]


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths] + PHRASES + [" ".join(PHRASES)]


def _plain_as_of(text: str) -> list:
    """as_of_dates as first written: the `as_of` rule over the whole text."""
    rule = next(r for r in RULES.patterns if r.name == "as_of")
    return [d for m in rule.pattern.finditer(text) if (d := _date(m, 1))]


@pytest.mark.parametrize("text", _texts())
def test_as_of_dates_are_the_as_of_rule_s(text):
    assert as_of_dates(text) == _plain_as_of(text)


def test_the_phrases_hold_as_of_dates():
    """The test can fail: the phrases and reports do hold dates of each form."""
    assert sum(len(_plain_as_of(t)) for t in _texts()) > 20
    assert len(_plain_as_of("tính đến thời điểm ngày 31/12/2024")) == 1
    assert _plain_as_of("đến thời điểm ngày 31/12/2024") == []


@pytest.mark.parametrize("text", _texts())
def test_units_are_the_unit_pattern_s(text):
    rules = load_document_rules()
    assert [(m.span(), m.groups()) for m in _units(text, rules)] == \
        [(m.span(), m.groups()) for m in rules.unit.finditer(text)]


def test_the_texts_name_units():
    rules = load_document_rules()
    assert sum(1 for t in _texts() for _ in rules.unit.finditer(t)) > 100
