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
from extractors.text_layout import NUMBERING_CELL
from normalizers.numbers import parse_number
from normalizers.rules import NumberRules
from normalizers.segments import Segment

_NUM = r"\d+(?:[.,]\d+)*"
CANDIDATE = regex.compile(rf"(?<![\d\p{{L}}_])(?P<x>{_NUM})(?:\s*/\s*(?P<y>{_NUM})(?:\s*/\s*(?P<z>{_NUM}))?)?")
_URL = regex.compile(r"(?:https?://|www\.)[^\s<>()\"']+(?:\([^\s)]*\))?[^\s<>()\"',.;]*"
                     r"|[\w.-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu)\.vn\S*", regex.I)
_LINE_NUMBERING = regex.compile(r"^[.)]\s")
_YEAR = regex.compile(r"^(?:19|20)\d\d$")
_DASH_CODE = regex.compile(r"\p{L}-$")                 # Covid-19, NQ-19
_GLUED_CODE = regex.compile(r"\d[:/]$|(?<!\p{L})\p{L}[/.]$")  # 9001:2015, a.1 (but "người/43" is a count)
_NGAY_BEFORE = regex.compile(r"(?<!\p{L})ngày\s*$", regex.I)
_SLASH_WORD_AFTER = regex.compile(r"^\s*/\s*\p{Lu}")
_SPACES = regex.compile(r"\s+")
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
    # context (normalizers/context.py), filled in by the pipeline
    entity: str | None = None
    entity_unit_id: str | None = None
    period: str | None = None
    period_start: object | None = None
    period_end: object | None = None
    role: str | None = None
    comparator: str | None = None
    # what it measures (normalizers/indicators.py), filled in by the pipeline
    indicators: tuple[str, ...] = ()
    indicator_cue: str | None = None
    restates_start: int | None = None   # the x/y (or total) this percent restates, by its start
    part_of_start: int | None = None    # the total this number is a part of, by its start


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
        if low.startswith(unit) and not low[len(unit):len(unit) + 1].isalpha():
            return stripped[:len(unit)]
    m = rules.unit_after.match(tail)
    if not m or m.group("word").lower() in rules.stop_words:  # noqa: SIM103
        return ""
    return m.group("word")


def _sentence(text: str, start: int, end: int) -> str:
    s = 0
    for m in _SENTENCE_SPLIT.finditer(text):
        if m.start() >= start:
            return text[s:m.start()].strip()
        s = m.end()
    return text[s:].strip()


_HEADER_SEP = " | "


def column_kind(header: str | None, rules: NumberRules) -> str | None:
    """What a table column's header says its bare numbers are: rank, max (a score's scale),
    score, percent, unit (the "Đơn vị tính" column) or None. The nearest header decides first
    ("Điểm đạt được" in "Kết quả | Điểm đạt được"), then the whole path ("Lâm Đồng | Điểm số")."""
    if not header:
        return None
    last = header.rsplit(_HEADER_SEP, 1)[-1].strip()
    tests = (("unit", rules.unit_columns), ("rank", rules.rank_columns), ("max", rules.max_columns),
             ("score", rules.score_columns), ("percent", rules.percent_columns))
    for text in (last, header):
        for kind, pattern in tests:
            if pattern.search(text):
                return kind
    return None


def classify(seg: Segment, m: regex.Match, rules: NumberRules, urls: list[tuple[int, int]],
             row_unit: str | None = None):
    """Return (kind, value, denominator, unit, end) for a candidate, or a rejection reason str.
    `row_unit` is what a table row's "Đơn vị tính" cell says its value cells hold ("%", "Triệu đồng")."""
    text = seg.text
    x, y, z = m.group("x"), m.group("y"), m.group("z")
    start, end = m.start(), m.end()
    head, tail = text[max(0, start - 80):start], text[end:end + 80]
    block = seg.block
    column = column_kind(block.header, rules) if block.kind is BlockKind.TABLE_CELL else None

    if any(a <= start < b for a, b in urls):
        return "url"
    if _SPACES.sub("", m.group()) in rules.exact_non_facts:
        return "name"
    if _DASH_CODE.search(head) or _GLUED_CODE.search(head):
        return "code"
    if (block.kind is BlockKind.TABLE_CELL and block.header and rules.skip_columns.search(block.header.strip())
            and NUMBERING_CELL.match(text.strip())):
        return "table_numbering"                       # "1", "1.1", "II" in an STT column
    if column is not None and text.strip() in block.header.split(_HEADER_SEP):
        return "column_header"                         # "Điểm đạt (tối đa 18 điểm)" names the column
    if column == "unit":
        return "unit_column"                           # "Có = 1; Không = 0" in the unit column
    if column == "max":
        return "table_maximum"                         # folded into the row's points as their scale
    unit_from_row = False
    if row_unit and rules.plain_units.match(row_unit.strip()):
        row_unit = None                                # "Số lượng": a count without a noun
    if row_unit and text.strip() == m.group():         # a value cell, not a number inside the label
        if rules.legend.search(row_unit):
            return "coded_answer"                      # 1 under "Có = 1; Không = 0"
        unit_word = row_unit[:1].lower() + row_unit[1:] if row_unit[1:2].islower() else row_unit
        tail = " " + unit_word                         # read the number as if its unit followed it
        unit_from_row = True                           # (the span stays the number as written)
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
        return ("percent", xv, None, "%", end if unit_from_row else end + pm.end())
    if y is not None:
        if _YEAR.match(y) or (_YEAR.match(x) and "." not in x):
            return "date"                              # 12/2023, 2022/2023
        if _NGAY_BEFORE.search(head) or _SLASH_WORD_AFTER.match(tail):
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
    if column == "rank":
        return ("rank", xv, yv, "", end)
    if column == "score":
        return ("score", xv, yv, "điểm", end)
    if column == "percent" and not y and not _unit(rules, tail):
        return ("percent", xv, None, "%", end)
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


def find_facts(seg: Segment, rules: NumberRules, row_unit: str | None = None) -> tuple[list[Fact], list[Rejected]]:
    facts: list[Fact] = []
    rejected: list[Rejected] = []
    text = seg.text
    maybe_url = "://" in text or "www." in text or "@" in text or ".vn" in text
    urls = [(u.start(), u.end()) for u in _URL.finditer(text)] if maybe_url else []
    block = seg.block
    for m in CANDIDATE.finditer(seg.text):
        result = classify(seg, m, rules, urls, row_unit)
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


def facts_in_text(text: str, rules: NumberRules, header: str | None = None) -> list[Fact]:
    """Facts of a standalone phrase (a paragraph, or a table cell under `header`).

    For the example tables in tests and for trying a sentence by hand; offsets are into `text`.
    """
    from extractors.document import Block
    kind = BlockKind.TABLE_CELL if header is not None else BlockKind.PARAGRAPH
    block = Block(kind, 0, len(text), header=header, table=0 if header is not None else None,
                  row=0 if header is not None else None, col=0 if header is not None else None)
    return find_facts(Segment(text, ((0, 0, len(text)),), block), rules)[0]
