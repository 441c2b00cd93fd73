"""Round 9's shortcuts in normalizers/periods.py give the answers of their plain forms.

A period is built from its match's groups read by their numbers (PeriodPattern.groups) instead of
their names, a Named is made with its fields set directly, and a pattern whose matches open with
known words is tried only where one is written (periods._started): checked here against the plain
forms on every match of every period pattern over the paragraphs of the sample reports and
development texts, and the clause and sentence before each of their numbers.
"""
from __future__ import annotations

from datetime import date

import pytest
import regex

from normalizers import patterns
from normalizers.boundaries import sentence_start
from normalizers.literals import fold
from normalizers.periods import (_I, RULES, _ROMAN, Named, Period, PeriodPattern, _build, _named, _span, _started,
                                 _starts, _year_after, caption_period, lead_paragraph_period)
from tests.conftest import numbers_of_paragraphs

_REFS = (None, date(2025, 3, 31), date(2024, 12, 31), date(2023, 6, 30))


def _plain_int(m: regex.Match, group: str) -> int | None:
    try:
        return int(m[group]) if m[group] else None
    except IndexError:
        return None


def _plain_build(rule: PeriodPattern, m: regex.Match, text: str, ref: date | None) -> Period | None:
    """periods._build as written before round 9: every group read by its name."""
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


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groups(), m.groupdict()) for m in matches]


def test_a_pattern_tried_where_its_first_words_are_finds_what_finditer_finds(texts):
    """periods._started against finditer, for every pattern whose openings are known, on every
    paragraph, clause and sentence (and the texts upper-cased: case is paired as folded)."""
    tried = found = 0
    for rule in RULES.patterns:
        if rule.starts is None:
            continue
        for text in texts + [t.upper() for t in texts]:
            folded = fold(text)
            if len(folded) != len(text):
                continue
            got = _spans(_started(rule.pattern, text, folded, rule.starts))
            assert got == _spans(rule.pattern.finditer(text)), (rule.name, text)
            tried += 1
            found += len(got)
    assert tried > 5000 and found > 500


def test_the_openings_of_the_shipped_patterns():
    starts = {rule.name: rule.starts for rule in RULES.patterns}
    assert starts["year"] == ("năm",) and starts["quarter"] == ("quý",) and starts["month"] == ("tháng",)
    assert starts["index_year"] == ("chỉ", "ddci", "ict", "papi", "par", "pci", "sipas")
    assert starts["span"] == ("giai", "thời", "từ")
    assert starts["months_from_january"] is None         # "0?" opens it: no word is sure
    assert starts["half"] is None and starts["years_counted"] is None


def test_openings_are_known_only_where_every_match_starts_with_one():
    def of(source: str, flags: int = _I):
        return _starts(patterns.compile(source, flags))
    assert of(r"(?<!\p{L})(?:Ab|cd)\s*e") == ("ab", "cd")
    assert of(r"(?=x)(?<!y)NĂM\s+\d") == ("năm",)
    assert of(r"(?:ab)+c") == ("ab",)
    assert of(r"a?b") is None and of(r"[ab]c") is None and of(r"\dx") is None and of(r"(?=\d)x?") is None
    assert of(r"ab|c*") is None                          # a branch may open with anything
    full = regex.compile("ssa", regex.V1 | regex.IGNORECASE)      # full case folding: "ß" opens a match
    assert full.match("ßa") and _starts(full) is None
    assert of(r"Strasse", regex.V1) == ("strasse",)


def _all_characters() -> str:
    import sys
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_ignoring_case_pairs_an_opening_letter_only_with_letters_that_fold_to_it():
    """Why the fold of a text has an opening where a match starts: each letter of an opening,
    compiled as the period rules are, matches only characters that fold to that one letter."""
    letters = {c for rule in RULES.patterns for w in rule.starts or () for c in w}
    letters |= {c.upper() for c in letters}
    everything = _all_characters()
    for letter in sorted(letters):
        paired = {m.group() for m in patterns.compile(regex.escape(letter), _I).finditer(everything)}
        assert letter in paired
        assert {c for c in paired if fold(c) != fold(letter) or len(fold(c)) != 1} == set(), letter


def test_an_empty_lead_or_caption_names_no_period():
    """context._period_for does not ask lead_paragraph_period or caption_period about "": their
    answer is None whatever the report's period."""
    for ref in _REFS:
        assert lead_paragraph_period("", ref) is None
        for current in (None, Period.year(2025), Period.quarter(2025, 1)):
            assert caption_period("", ref, current) is None
