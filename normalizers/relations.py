"""How the numbers of one passage relate to each other — one place for every layer.

- restates:  a percent that restates the count or x/y before it ("5.090/5.370 hồ sơ (đạt 15,5%)",
  "71.869 triệu đồng chiếm 25,55%"), or a ratio in brackets after a percent ("100% (362/362)");
  a subjectless clause continuing the one before ("92/228 hồ sơ. Đạt 40%").
- parts of a total: the numbers in the brackets opened right after a total, or in the "trong
  đó" / "cụ thể" list after it ("9.737 hồ sơ (trong đó ... 9.636 hồ sơ, trễ hạn 7 hồ sơ ...)").
- row and column: a table cell's unit from the row's "Đơn vị tính" cell, and its maximum from
  the row's "Điểm chuẩn tối đa" cell or the column header ("Điểm đạt (tối đa 18 điểm)").

The indicator mapper (a restating percent is read with its count's words; parts inherit their
total's indicator), the checks (restated percent, parts vs total) and the pipeline (part_of,
restates columns, denominators) read these. Patterns are data: data/vi/relations.toml.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import regex

from normalizers import literals, patterns
from normalizers.boundaries import sentence_end, sentence_start
from normalizers.facts import Fact, column_kind
from normalizers.numbers import parse_number
from normalizers.rules import NumberRules, ends

DATA = Path(__file__).parent / "data" / "vi" / "relations.toml"
_FLAGS = regex.IGNORECASE | regex.V1
REACH = 300       # no pattern matched after a number looks further than this
_PATH_SEP = " | "


class Number(Protocol):
    """A number in a passage: what the relations need of a span or a fact."""
    kind: str
    unit: str
    start: int
    end: int


@dataclass(frozen=True)
class RelationRules:
    subjectless: regex.Pattern
    restate: regex.Pattern
    restated_by: regex.Pattern
    breakdown_open: regex.Pattern
    breakdown_list: regex.Pattern

    @cached_property
    def restate_from_end(self) -> regex.Pattern:
        """`restate` compiled to be matched from the end (REVERSE), for `rules.ends`. Every branch
        of it is anchored at both ends ("^...$"), so a match is the whole text between the numbers
        (or all of it but a final new line, where `$` also holds): whether one exists does not
        depend on the side it is tried from. From the start, the lazy run of words before the cue
        ("đạt", "chiếm", "(tỷ lệ") tries the cue and a look-ahead at every character; from the end
        the cue is read first, and most texts that lack it fail there at once."""
        return regex.compile(self.restate.pattern, self.restate.flags | regex.REVERSE)


@cache
def load_relation_rules(path: Path = DATA) -> RelationRules:
    with open(path, "rb") as fh:
        p = tomllib.load(fh)["patterns"]
    return RelationRules(**{k: patterns.compile(v, _FLAGS) for k, v in p.items()})


def at(pattern: regex.Pattern, text: str, start: int, end: int | None = None) -> regex.Match | None:
    """Match `pattern` (anchored with ^, and $ if it says so) against text[start:end]."""
    piece = text[start:start + REACH if end is None else end]
    # a match lies inside the piece and holds one of the strings the pattern requires: where those
    # are characters that are matched by themselves alone (literals.caseless: "(" of
    # breakdown_open, asked after every count), a piece without any of them has no match, found
    # by a substring test rather than a `regex` call (most counts open no bracket)
    need = _caseless_need(pattern)
    if need is not None and not literals.may_match(need, piece):
        return None
    return pattern.match(piece)


@lru_cache(maxsize=1024)         # the relation rules' and indicators' patterns: loaded once, a few dozen
def _caseless_need(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """literals.required_of(pattern) when it is caseless (looked for in the text as it is), else None."""
    need = literals.required_of(pattern)
    return need if literals.caseless(need) else None


# --- restatements ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Restatement:
    restates: int | None            # index of the number this one restates
    reads_with_previous: bool       # read with the words of the number before it


# most numbers restate nothing: one frozen (immutable) answer for all of them rather than a new one
# built through the frozen dataclass's __init__ (object.__setattr__ per field) at every number
_UNRELATED = Restatement(None, False)


def restatement(text: str, spans: Sequence[Number], i: int, rules: RelationRules | None = None,
                clause: int | None = None) -> Restatement:
    """How number `i` relates to the one before it in its passage (see the module's list);
    `clause` is where its clause starts, when the caller has it already."""
    if not i:
        return _UNRELATED
    span, prev = spans[i], spans[i - 1]
    kind = span.kind
    # only a percent or a ratio restates (each answer below asks one of them): the words before
    # any other number are not looked at, nor where its clause starts
    if kind != "percent" and kind != "ratio":
        return _UNRELATED
    if clause is None:
        clause = sentence_start(text, span.start, clause=True)
    rules = rules or load_relation_rules()
    if prev.end > clause:
        between = text[prev.end:span.start]
        if kind == "percent" and ends(rules.restate_from_end, between) is not None:    # restate.match(between)
            return Restatement(i - 1 if prev.kind != "percent" else None, True)
        if kind == "ratio" and prev.kind == "percent" and rules.restated_by.match(between):
            return Restatement(i - 1, False)                  # "đạt 90,2% (893/990 hồ sơ)"
        return _UNRELATED
    if kind == "percent" and at(rules.subjectless, text, clause, span.start):
        return Restatement(i - 1 if prev.kind != "percent" else None, True)    # "92/228 hồ sơ. Đạt 40%"
    return _UNRELATED


# --- parts of a total --------------------------------------------------------------------------

def part_noun_fits(part_unit: str, total_unit: str) -> bool:
    """A part of a breakdown counts the total's noun, or leaves it out: "22 văn bản quy phạm pháp
    luật (cấp huyện: 2, cấp xã: 20 văn bản)"."""
    if not part_unit or not total_unit:          # an empty noun ("cấp xã: 20") is left to the cue
        return True
    n, u = part_unit.lower(), total_unit.lower()
    return u == n or (u.startswith(n) and not u[len(n)].isalpha())


def paren_after(text: str, end: int, rules: RelationRules | None = None) -> tuple[int, int] | None:
    """(open, close) offsets of the parentheses opened right after a number that ends at `end`
    ("9.737 hồ sơ (trong đó, ...)"); close is the end of the text if they never close."""
    rules = rules or load_relation_rules()
    m = at(rules.breakdown_open, text, end)
    if not m or "(" not in m.group():
        return None
    open_at = end + m.group().index("(")
    # the depth, 1 after the opening bracket, only falls at a ")": the brackets close at the first
    # ")" where the "(" from the opening one on are no more than the ")" so far. Hopping from ")"
    # to ")" with str.find and counting the "(" between them finds it without a Python step for
    # every character inside (~50 k instructions a call character by character)
    depth, i = 0, open_at
    while (close := text.find(")", i)) >= 0:
        depth += text.count("(", i, close) - 1
        if depth == 0:
            return open_at, close
        i = close + 1
    return open_at, len(text)


def in_brackets_of(text: str, total: Number, part: Number) -> bool:
    """`part` is a count of the total's noun inside the brackets opened right after `total`."""
    if not (total.kind == part.kind == "count" and part_noun_fits(part.unit, total.unit)):
        return False
    paren = paren_after(text, total.end)
    return paren is not None and paren[0] < part.start < paren[1]


def _depth(text: str, pos: int) -> int:
    return text.count("(", 0, pos) - text.count(")", 0, pos)


def breakdown_parts(text: str, spans: Sequence[Number], facts: Sequence[Fact], t: int,
                    rules: RelationRules | None = None) -> list[int]:
    """Indexes of the facts that break fact `t` down: the same kind and noun (or none), inside the
    parentheses opened right after it, or in the "trong đó" / "cụ thể" list that follows it."""
    # a part is a later fact of the total's kind and noun, whatever the brackets or the list say:
    # where none is (a segment's last fact, most totals), the answer is [] and the patterns
    # looking for the brackets and the list after the total (~25 k instructions each) are not run
    kind, unit = facts[t].kind, facts[t].unit
    fitting = [j for j in range(t + 1, len(spans)) if facts[j].kind == kind and part_noun_fits(facts[j].unit, unit)]
    if not fitting:
        return []
    rules = rules or load_relation_rules()
    total = spans[t]
    paren = paren_after(text, total.end, rules)
    if paren is not None:
        level = _depth(text, paren[0]) + 1
        close = paren[1]
    else:
        m = at(rules.breakdown_list, text, total.end)
        if not m:
            return []
        level = _depth(text, total.start)
        close = sentence_end(text, total.end + m.end())      # a list runs to its sentence's end: ';' only separates items
    return [j for j in fitting if spans[j].start < close and _depth(text, spans[j].start) == level]


def breakdown(text: str, spans: Sequence[Number], facts: Sequence[Fact], t: int,
              rules: RelationRules | None = None) -> list[int]:
    """The parts of total `t`: up to the first prefix that adds up to it, else all of them."""
    if facts[t].kind not in ("count", "money"):
        return []
    parts = breakdown_parts(text, spans, facts, t, rules)
    running = 0.0
    for n, j in enumerate(parts, 1):
        running += facts[j].value
        if math.isclose(running, facts[t].value, rel_tol=1e-9, abs_tol=1e-9):
            return parts[:n]               # later numbers of the same noun start a new list
    return parts


# --- row and column ----------------------------------------------------------------------------

Row = list[tuple[int | None, str | None, str]]      # (column, header, cell text)


def column_cell(row: Row, kind: str, rules: NumberRules) -> str | None:
    """The row's cell under a column of that kind ("unit": "Đơn vị tính", "max": "Điểm tối đa")."""
    return next((t for _, h, t in row if t.strip() and column_kind(h, rules) == kind), None)


def row_max(row: Row, rules: NumberRules) -> float | None:
    """The row's maximum score ("Điểm chuẩn tối đa" 89,00), the scale of its points."""
    text = column_cell(row, "max", rules)
    try:
        return float(parse_number(text.strip())) if text else None
    except ValueError:
        return None


def with_row_scale(facts: list[Fact], header: str | None, row: Row | None, rules: NumberRules) -> list[Fact]:
    """Points in a row that states their maximum, or under a header that does ("Điểm đạt (tối
    đa 18 điểm)"), are a score out of it: 82,78 of 89,00."""
    if not row or not header or not rules.points_columns.search(header.rsplit(_PATH_SEP, 1)[-1]):
        return facts
    stated = rules.header_max.search(header)
    top = float(parse_number(stated.group("max"))) if stated else row_max(row, rules)
    return [replace(f, denominator=top) if f.kind == "score" and f.denominator is None and top else f
            for f in facts]
