"""Consistency checks inside one document: numbers that contradict each other or themselves.

Reports contradict themselves (DOMAIN.md): a stated percent that does not match its x/y, parts
that do not add up to their total. Nothing is "fixed"; each finding keeps both numbers and both
places in the source so an analyst can read them side by side. Checks across documents (one
indicator with two values for the same unit and period) are SQL: sql/quality_flags.sql.

- restated_percent: "5.090/5.370 hồ sơ (đạt 15,5%)" — x/y gives 94,8%;
- parts_vs_total:   "9.737 hồ sơ (trong đó ... 9.636 hồ sơ, trễ hạn 7 hồ sơ, chưa đến hạn 101 hồ sơ)";
- percent_over_max: a share over 100% for an indicator that cannot exceed it;
- score_over_max:   "21/20 điểm", or a score over its indicator's scale;
- rank_over_n:      "xếp thứ 8/7".
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from normalizers.facts import Fact
from normalizers.indicators import IndicatorRules
from normalizers.numbers import format_number

# A stated percent may round its x/y (98% for 98,14%) or cut it (14,5% for 14,58%); beyond
# that it is a warning, and beyond one percentage point an error.
_ROUNDING_FLOOR = 0.1
_ERROR_POINTS = 1.0


@dataclass(frozen=True)
class Check:
    check: str
    severity: str                       # error | warning
    start: int                          # the flagged fact, document offsets
    end: int
    value: float
    text: str
    other_start: int | None             # the number it disagrees with
    other_end: int | None
    other_value: float | None
    other_text: str | None
    expected: float | None              # what the other number(s) imply for this one
    message: str


def _vn(value: float, decimals: int = 2) -> str:
    """A value as the report would write it: 94,79 / 9.744 / 15,5."""
    d = Decimal(repr(value)).normalize()
    places = max(0, -d.as_tuple().exponent)
    return format_number(d, min(places, decimals))


def _decimals(text: str) -> int:
    digits = text.rstrip(" %").replace(" ", "")
    sep = max(digits.rfind(","), digits.rfind("."))
    return len(digits) - sep - 1 if sep >= 0 and len(digits) - sep - 1 != 3 else 0


def restated_percent(x_over_y: Fact, percent: Fact) -> Check | None:
    """A percent stated for an x/y (ratio or score) must be x/y × 100, give or take its rounding."""
    if not x_over_y.denominator:
        return None
    implied = x_over_y.value / x_over_y.denominator * 100
    tolerance = max(_ROUNDING_FLOOR, 0.5 * 10 ** -_decimals(percent.text))
    diff = abs(implied - percent.value)
    if diff <= tolerance + 1e-9:
        return None
    severity = "error" if diff > _ERROR_POINTS else "warning"
    return Check("restated_percent", severity, percent.start, percent.end, percent.value, percent.text,
                 x_over_y.start, x_over_y.end, x_over_y.value, x_over_y.text, round(implied, 2),
                 f"ghi {percent.text} nhưng {x_over_y.text} = {_vn(implied)}%")


def parts_vs_total(total: Fact, parts: list[Fact]) -> Check | None:
    running = sum(p.value for p in parts)
    if len(parts) < 2 or math.isclose(running, total.value, rel_tol=1e-9, abs_tol=1e-9):
        return None
    shown = " + ".join(p.text for p in parts)
    return Check("parts_vs_total", "error", total.start, total.end, total.value, total.text,
                 parts[0].start, parts[-1].end, running, shown, running,
                 f"tổng {total.text} nhưng các phần {shown} = {_vn(running)}")


def single_fact(fact: Fact, rules: IndicatorRules) -> list[Check]:
    out = []
    maxes = [(i, rules.get(i).max) for i in fact.indicators if rules.get(i).max is not None]

    def flag(check: str, limit: float, why: str) -> None:
        out.append(Check(check, "error", fact.start, fact.end, fact.value, fact.text,
                         None, None, None, None, limit, why))

    if fact.kind == "rank" and fact.denominator and fact.value > fact.denominator:
        flag("rank_over_n", fact.denominator, f"xếp thứ {fact.text}: hạng lớn hơn số đơn vị được xếp")
    if fact.kind == "score" and fact.denominator and fact.value > fact.denominator:
        flag("score_over_max", fact.denominator, f"{fact.text} điểm: điểm đạt lớn hơn điểm tối đa")
    elif fact.kind == "score":
        for ind, limit in maxes:
            if fact.value > limit:
                flag("score_over_max", limit, f"{fact.text} điểm: {ind} tối đa {_vn(limit)} điểm")
    if fact.kind == "percent" and fact.unit == "%" and fact.role != "change":
        for ind, limit in maxes:
            if fact.value > limit:
                flag("percent_over_max", limit, f"{fact.text}: {ind} là tỷ lệ, không vượt quá {_vn(limit)}%")
    return out


def segment_checks(facts: list[Fact], breakdowns: dict[int, list[int]], rules: IndicatorRules) -> list[Check]:
    """All checks for the facts of one segment, with their restatements and breakdowns resolved
    (see pipeline/facts.py): `breakdowns` maps a total's index to its parts' indexes."""
    by_start = {f.start: f for f in facts}
    out: list[Check] = []
    for i, fact in enumerate(facts):
        other = by_start.get(fact.restates_start) if fact.restates_start is not None else None
        if other is not None:
            pair = (other, fact) if fact.kind == "percent" else (fact, other)
            if pair[0].kind in ("ratio", "score") and pair[1].kind == "percent":
                if found := restated_percent(*pair):
                    out.append(found)
        if i in breakdowns and (found := parts_vs_total(fact, [facts[j] for j in breakdowns[i]])):
            out.append(found)
        out += single_fact(fact, rules)
    return out
