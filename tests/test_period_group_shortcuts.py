"""Shortcuts in normalizers/periods.py give the answers of their plain forms.

A period is built from its match's groups read by their numbers (PeriodPattern.groups) instead of
their names, and a Named is made with its fields set directly: checked here against the plain
forms on every match of every period pattern over the paragraphs of the sample reports and
development texts, and the clause and sentence before each of their numbers.
"""
from __future__ import annotations

from datetime import date

import pytest
import regex

from normalizers.boundaries import sentence_start
from normalizers.periods import (RULES, _ROMAN, Named, Period, PeriodPattern, _build, _named, _span, _year_after)
from tests.conftest import numbers_of_paragraphs

_REFS = (None, date(2025, 3, 31), date(2024, 12, 31), date(2023, 6, 30))


def _plain_int(m: regex.Match, group: str) -> int | None:
    try:
        return int(m[group]) if m[group] else None
    except IndexError:
        return None


def _plain_build(rule: PeriodPattern, m: regex.Match, text: str, ref: date | None) -> Period | None:
    """periods._build in its plain form: every group read by its name."""
    b = rule.build
    if b == "years":
        return Period.years(int(m["y1"]), int(m["y2"]))
    if b == "window":
        d1, m1, d2, m2, y2 = (_plain_int(m, g) for g in ("d1", "m1", "d2", "m2", "y2"))
        y1 = _plain_int(m, "y1") or (y2 if m1 <= m2 else y2 - 1)
        if d1 > 5:
            y1, m1 = (y1 + 1, 1) if m1 == 12 else (y1, m1 + 1)
        return _span(y1, m1, y2, m2)
    if b == "month_range":
        return _span(int(m["y1"]), int(m["m1"]), int(m["y2"]), int(m["m2"]))
    if b == "as_of":
        return None
    if b in ("to_date", "date_month"):
        try:
            day = date(int(m["y1"]), int(m["m1"]), int(m["d1"]))
        except ValueError:
            return None
        return Period.months(day.year, day.month) if b == "to_date" else Period.month(day.year, day.month)
    if b == "quarter":
        q = m["q"].lower().lstrip("0")
        last = 3 * (_ROMAN.get(q) or int(q))
    elif b == "half":
        last = 6 if m["which"].lower() == "đầu" else 12
    elif b == "months":
        last = int(m["n"])
    elif b == "month":
        last = int(m["m"])
    else:
        last = 12
    y = _plain_int(m, "y") or _year_after(text, m.end())
    if y is None and ref is not None:
        y = ref.year if last <= ref.month else ref.year - 1
    if y is None:
        return None
    return {"year": lambda: Period.year(y), "quarter": lambda: Period.quarter(y, last // 3),
            "half": lambda: Period.half(y, 1 if last == 6 else 2), "months": lambda: Period.months(y, last),
            "month": lambda: Period.month(y, last)}[b]()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    out = set()
    for paragraph, start, _ in numbers_of_paragraphs():
        out.add(paragraph)
        for clause in (True, False):
            out.add(paragraph[sentence_start(paragraph, start, clause=clause):start])
    return sorted(out)


def test_groups_are_read_by_number_as_by_name(texts):
    built = 0
    for rule in RULES.patterns:
        assert rule.groups == rule.pattern.groupindex
        for text in texts:
            for m in rule.pattern.finditer(text):
                for name in rule.groups:
                    assert m.group(rule.groups[name]) == m[name]
                for ref in _REFS:
                    assert _build(rule, m, text, ref) == _plain_build(rule, m, text, ref), (rule.name, text, ref)
                built += 1
    assert built > 500              # the samples name periods of most rules


def test_every_build_is_met(texts):
    """The comparison above reads each kind of period at least once."""
    met = {rule.build for rule in RULES.patterns for text in texts if rule.pattern.search(text)}
    assert {"year", "years", "quarter", "half", "months", "month", "window", "as_of"} <= met


def test_named_is_the_dataclass_built_directly():
    rule = RULES.patterns[0]
    for period in (None, Period.year(2024), Period.quarter(2025, 1)):
        plain, quick = Named(3, 9, period, rule), _named(3, 9, period, rule)
        assert quick == plain and hash(quick) == hash(plain) and repr(quick) == repr(plain)
        assert vars(quick) == vars(plain)
        with pytest.raises(AttributeError):
            quick.start = 4                 # still frozen
