"""Segment text -> typed facts (count, percent, ratio, money, score, rank).

One pass finds every number-shaped token; each is then either rejected with a reason
(date, document number, numbering, ...) or typed by the words around it. All Vietnamese
wording comes from `NumberRules` (data/vi/numbers.toml).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from extractors.document import BlockKind
from normalizers.numbers import parse_number
from normalizers.rules import NumberRules
from normalizers.segments import Segment

_NUM = r"\d+(?:[.,]\d+)*"
CANDIDATE = regex.compile(rf"(?<![\d\p{{L}}_])(?P<x>{_NUM})(?:\s*/\s*(?P<y>{_NUM})(?:\s*/\s*(?P<z>{_NUM}))?)?")
_URL = regex.compile(r"(?:https?://|www\.)[^\s<>()\"']+(?:\([^\s)]*\))?[^\s<>()\"',.;]*"
                     r"|[\w.-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu)\.vn\S*", regex.I)
_LINE_NUMBERING = regex.compile(r"^[.)]\s")
_YEAR = regex.compile(r"^(?:19|20)\d\d$")
_SENTENCE_SPLIT = regex.compile(r"(?<=[.!?;])\s+(?=[\p{Lu}\d(\-+*“\"])")


@dataclass(frozen=True)
class Fact:
    kind: str
    value: float
    denominator: float | None
    unit: str
    start: int              # document offsets of the number itself
    end: int
    text: str
    sentence: str
    block_kind: str
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class Rejected:
    """A number that is not a measurement, with the reason (kept for tests and debugging)."""
    text: str
    start: int
    why: str


def _line_head(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1:pos]


def _scale(rules: NumberRules, word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    for name, factor in rules.scales:
        if name.lower() == word.lower():
            return factor
    return Decimal(1)


def _unit(rules: NumberRules, tail: str) -> str:
    """The counted noun right after a number, in its short written form ('' if none)."""
    stripped = tail.lstrip(" \t\u00a0")
    low = stripped.lower()
    for unit in rules.units:
        if low.startswith(unit) and not regex.match(r"\p{L}", low[len(unit):len(unit) + 1]):
            return stripped[:len(unit)]
    m = rules.unit_after.match(tail)
    if not m or m.group("word").lower() in rules.stop_words:
        return ""
    return m.group("word")


def _sentence(text: str, start: int, end: int) -> str:
    s = 0
    for m in _SENTENCE_SPLIT.finditer(text):
        if m.start() >= start:
            return text[s:m.start()].strip()
        s = m.end()
    return text[s:].strip()


def classify(seg: Segment, m: regex.Match, rules: NumberRules, urls: list[tuple[int, int]]):
    """Return (kind, value, denominator, unit, end) for a candidate, or a rejection reason str."""
    text = seg.text
    x, y, z = m.group("x"), m.group("y"), m.group("z")
    start, end = m.start(), m.end()
    head, tail = text[max(0, start - 80):start], text[end:end + 80]
    block = seg.block

    if any(a <= start < b for a, b in urls):
        return "url"
    if head.endswith("-") and regex.search(r"\p{L}-$", head):
        return "code"                                  # Covid-19, NQ-19
    if regex.search(r"\d[:/]$", head) or regex.search(r"\p{L}[/.]$", head) and not regex.search(r"\p{L}{2,}/$", head):
        return "code"                                  # 9001:2015, a.1
    if block.kind is BlockKind.TABLE_CELL and block.header and rules.skip_columns.search(block.header.strip()):
        return "table_numbering"
    if not _line_head(text, start).strip(" \t*-+•") and _LINE_NUMBERING.match(tail) and not y:
        return "numbering"
    if z is not None:
        return "date"                                  # 16/7/2022, 32/2022/QĐ
    try:
        xv = parse_number(x)
        yv = parse_number(y) if y else None
    except ValueError:
        return "malformed"

    if rules.percent_points_after.match(tail) and not y:
        return ("percent", xv, None, "điểm %", end)  # percentage points: a change, kept as percent
    pm = rules.percent_after.match(tail)
    if pm and not y:
        return ("percent", xv, None, "%", end + pm.end())
    if y is not None:
        if _YEAR.match(y) or (_YEAR.match(x) and "." not in x):
            return "date"                              # 12/2023, 2022/2023
        if regex.search(r"(?<!\p{L})ngày\s*$", head, regex.I) or regex.match(r"^\s*/\s*\p{Lu}", tail):
            return "date"
    if rules.rank_before.search(head):
        return ("rank", xv, yv, "", end)
    for ex in rules.exclude_before:
        if ex.pattern.search(head):
            return ex.why
    for ex in rules.exclude_after:
        if ex.pattern.match(tail):
            return ex.why
    if not y and (x in rules.hotlines or x[:4] in rules.hotlines and len(x) >= 8):
        if not _unit(rules, tail) or rules.hotline_context.search(head):
            return "hotline"

    money = rules.money_after.match(tail)
    if money:
        factor = _scale(rules, money.group("scale"))
        unit = rules.currencies.get(money.group("cur"), rules.currencies.get(money.group("cur").upper(), "VND"))
        if y is not None:
            return ("ratio", xv * factor, yv * factor, unit, end)
        return ("money", xv * factor, None, unit, end)
    if rules.score_after.match(tail):
        return ("score", xv, yv, "điểm", end)
    if block.kind is BlockKind.TABLE_CELL and block.header and not y:
        if rules.rank_columns.search(block.header):
            return ("rank", xv, None, "", end)
        if rules.score_columns.search(block.header):
            return ("score", xv, None, "điểm", end)
    factor = Decimal(1)
    scale = rules.scale_after.match(tail)
    unit_tail = tail
    if scale:
        factor = _scale(rules, scale.group("scale"))
        unit_tail = tail[scale.end():]
    unit = _unit(rules, unit_tail)
    if not y and _YEAR.match(x) and not unit:
        return "year"
    if y is not None:
        return ("ratio", xv * factor, yv * factor, unit, end)
    return ("count", xv * factor, None, unit, end)


def find_facts(seg: Segment, rules: NumberRules) -> tuple[list[Fact], list[Rejected]]:
    facts: list[Fact] = []
    rejected: list[Rejected] = []
    urls = [(u.start(), u.end()) for u in _URL.finditer(seg.text)]
    block = seg.block
    for m in CANDIDATE.finditer(seg.text):
        result = classify(seg, m, rules, urls)
        if isinstance(result, str):
            rejected.append(Rejected(m.group(), seg.to_doc(m.start()), result))
            continue
        kind, value, denom, unit, _ = result
        seg_end = result[4]                            # a percent's span includes the % sign
        facts.append(Fact(
            kind=kind, value=float(value), denominator=None if denom is None else float(denom),
            unit=unit, start=seg.to_doc(m.start()), end=seg.to_doc_end(seg_end),
            text=seg.text[m.start():seg_end],
            sentence=_sentence(seg.text, m.start(), m.end()), block_kind=block.kind.value,
            page=block.page, table=block.table, row=block.row, col=block.col,
        ))
    return facts, rejected
