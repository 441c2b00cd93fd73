"""Rates a report implies from its counts but does not state (data/vi/derived.toml).

"tiếp nhận 9.737 hồ sơ … đã giải quyết 9.636 hồ sơ, trong đó trước hạn 9.600, đúng hạn 29" gives
no on-time rate, yet an analyst comparing units needs one: (9.600 + 29) / 9.636. A derived rate is
kept apart from the facts read in the text — it has no span of its own — and names the facts it
was computed from, so it can always be checked against its inputs.
"""
from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from normalizers.facts import Fact

DATA = Path(__file__).parent / "data" / "vi" / "derived.toml"


@dataclass(frozen=True)
class RateRule:
    id: str
    numerator: tuple[tuple[str, ...], ...]       # alternatives, each a sum of indicators
    denominator: tuple[tuple[str, ...], ...]
    formula: str


@dataclass(frozen=True)
class Derived:
    indicator: str
    value: float                 # percent, rounded to 2 decimals
    numerator: float
    denominator: float
    inputs: tuple[int, ...]      # char_start of every fact used
    formula: str
    entity: str | None
    entity_unit_id: str | None
    period: str | None
    period_start: object | None
    period_end: object | None


def load_rate_rules(path: Path = DATA) -> tuple[RateRule, ...]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return tuple(RateRule(r["id"], tuple(map(tuple, r["numerator"])), tuple(map(tuple, r["denominator"])),
                          r["formula"]) for r in data["rate"])


def _single(facts: list[Fact]) -> Fact | None:
    """The one value a group gives for an indicator; None when it gives two different ones."""
    values = {f.value for f in facts}
    return facts[0] if len(values) == 1 else None


def _sum(alternatives: tuple[tuple[str, ...], ...], by_indicator: dict[str, list[Fact]]) -> list[Fact] | None:
    for parts in alternatives:
        picked = [_single(by_indicator.get(p, [])) for p in parts]
        if all(picked):
            return picked
    return None


def derive_rates(facts: list[Fact], rules: tuple[RateRule, ...]) -> list[Derived]:
    """Rates for each (entity, period) of a document's actual counts, where it states none."""
    groups: dict[tuple, dict[str, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    stated: set[tuple] = set()
    for f in facts:
        if f.role not in (None, "actual"):
            continue
        key = (f.entity, f.period)
        for ind in f.indicators:
            if f.kind == "count":
                groups[key][ind].append(f)
            else:
                stated.add((key, ind))
    out = []
    for key, by_indicator in groups.items():
        for rule in rules:
            if (key, rule.id) in stated:
                continue
            num, den = _sum(rule.numerator, by_indicator), _sum(rule.denominator, by_indicator)
            if not num or not den:
                continue
            n, d = sum(f.value for f in num), sum(f.value for f in den)
            if d <= 0 or n > d:
                continue                      # parts beyond the whole: a contradiction for the checks, not a rate
            first = den[0]
            out.append(Derived(rule.id, round(n / d * 100, 2), n, d,
                               tuple(sorted(f.start for f in num + den)), rule.formula,
                               first.entity, first.entity_unit_id, first.period, first.period_start,
                               first.period_end))
    return sorted(out, key=lambda r: (r.inputs, r.indicator))
