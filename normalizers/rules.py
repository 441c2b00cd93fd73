"""Load a language's number rules (data/<lang>/numbers.toml) into compiled patterns."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import regex

from normalizers import literals, patterns

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Exclusion:
    why: str
    pattern: regex.Pattern
    only_if: regex.Pattern | None = None     # the number itself must look like this ("mức độ 3": 1-2 digits)
    any_head: bool = False                   # no words before the number: `only_if` alone decides

    def applies(self, number: str) -> bool:
        return self.only_if is None or bool(self.only_if.match(number, None, None, False))


@dataclass(frozen=True, eq=False)
class FirstOf:
    """Patterns anchored at the start of the same text (the words after a number), and one pattern
    trying them all in this order, whose match names the first of them that matches. An
    alternation tries its branches in order, each in every way, before the next: every pattern
    before the one named does not match the text, the one named does, those after it may. One
    call instead of up to nine for a number that the later rules read (a count's " hồ sơ" matches
    none of them). No pattern refers back to a group by number, which the joining would renumber."""
    patterns: tuple[regex.Pattern, ...]
    combined: regex.Pattern
    index: dict                          # pattern -> its place (the first, were one given twice)
    branch_of: dict                      # group number -> the place of the pattern it is the branch of

    @classmethod
    def of(cls, parts: list[tuple[regex.Pattern, str, bool]]) -> "FirstOf":
        """From (pattern, its source, whether it ignores case), each compiled with V1."""
        combined = patterns.compile("|".join(f"(?P<{_AFTER}{i}>(?{'i' if ci else '-i'}:{source}))"
                                             for i, (_, source, ci) in enumerate(parts)), regex.V1)
        index: dict = {}
        for i, (pattern, _, _) in enumerate(parts):
            index.setdefault(pattern, i)
        return cls(tuple(p for p, _, _ in parts), combined, index,
                   {combined.groupindex[f"{_AFTER}{i}"]: i for i in range(len(parts))})

    def first(self, text: str) -> int:
        """The place of the first pattern matching at the start of `text`; len(patterns) if none."""
        m = self.combined.match(text, None, None, False)
        if m is None:
            return len(self.patterns)
        return branch(m, self.branch_of)


_AFTER = "_after"


@dataclass(frozen=True, eq=False)      # hashed by identity: per-header answers are cached on it
class NumberRules:
    scales: tuple[tuple[str, Decimal], ...]          # longest first
    currencies: dict[str, str]
    percent_after: regex.Pattern
    score_after: regex.Pattern
    percent_points_after: regex.Pattern
    rate_before: regex.Pattern
    rate_bare_after: regex.Pattern
    rank_before: regex.Pattern
    rank_continued_before: regex.Pattern
    broken_decimal_after: regex.Pattern
    day_month_before: regex.Pattern
    dateline_before: regex.Pattern
    money_scales: frozenset[str]
    money_context: regex.Pattern
    index_named: regex.Pattern
    skip_columns: regex.Pattern
    rank_columns: regex.Pattern
    score_columns: regex.Pattern
    max_columns: regex.Pattern
    points_columns: regex.Pattern
    header_max: regex.Pattern
    percent_columns: regex.Pattern
    unit_columns: regex.Pattern
    code_columns: regex.Pattern
    plain_units: regex.Pattern
    legend: regex.Pattern
    exclude_before: tuple[Exclusion, ...]
    exclude_before_any: regex.Pattern               # all of them in one pattern: most numbers match none
    exclude_before_bare: tuple[Exclusion, ...]      # those with no words (any_head), in the same order
    exclude_before_groups: dict[int, int]           # exclude_before_any's group of each item's branch -> its index
    # exclude_before_any without the items marked rare, and its groups; None when no item is, or when
    # a rare item requires no word (literals.required_of) and so cannot be ruled out
    exclude_before_common: regex.Pattern | None
    exclude_before_common_groups: dict[int, int]
    exclude_before_rare_words: tuple[str, ...]       # case-folded: every match of a rare item holds one
    exclude_after: tuple[Exclusion, ...]
    exact_non_facts: frozenset[str]
    hotlines: frozenset[str]
    hotline_context: regex.Pattern
    units: tuple[str, ...]                           # longest first
    units_by_initial: dict[str, tuple[str, ...]]     # the same, by their first units_prefix characters
    units_prefix: int                                # 2, or 1 if a unit is one character long
    stop_words: frozenset[str]
    money_after: regex.Pattern
    scale_after: regex.Pattern
    unit_after: regex.Pattern
    after: FirstOf                                   # exclude_after's, money_after, scale_after, score_after


def _ci(pattern: str) -> regex.Pattern:
    return patterns.compile(pattern, regex.IGNORECASE | regex.V1)


def _ending(pattern: str, flags: int = regex.IGNORECASE | regex.V1) -> regex.Pattern:
    """The rules' words before a number: case ignored unless said otherwise."""
    return patterns.ending(pattern, flags)


def _prefix(units: tuple[str, ...]) -> int:
    """How many first characters units are grouped by: two, or one if a unit has only one."""
    if not all(units):
        raise ValueError("numbers.toml [units] multiword: an empty unit")
    return min([2] + [len(unit) for unit in units])


def _by_initial(units: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Units grouped by their first _prefix characters ("cá", "cô", "cơ" rather than all of "c"),
    each group in the order of `units`: a text starts with a unit only if it starts with the unit's
    first characters, so the first of its group that it starts with is the first of all."""
    n = _prefix(units)
    out: dict[str, list[str]] = {}
    for unit in units:
        out.setdefault(unit[:n], []).append(unit)
    return {k: tuple(v) for k, v in out.items()}


# Patterns are asked with concurrent=False, the fourth positional argument: `regex` would release
# the GIL around each match, ~1.4 k instructions a call for nothing in a reader of one thread (see
# facts.py, where most of them are asked).
def ends(pattern: regex.Pattern, text: str) -> regex.Match | None:
    """`pattern.search(text)` for a pattern made by patterns.ending (one that must end where `text`
    ends: the words before a number), in one anchored attempt. A search from the end tries every
    position back to the text's start, and the pattern's final `$` fails at all of them but the
    end; `match` on a REVERSE pattern tries the end alone. `$` also holds just before a final
    "\n", a position only the search tries: a text ending with one is searched. So the answer
    (the match itself, not only whether there is one) is the search's in every case."""
    return pattern.search(text, None, None, False) if text.endswith("\n") else pattern.match(text, None, None, False)


def group(m: regex.Match, name: str) -> str | None:
    """`m.group(name)`, asked by the group's number: the regex module reads a group's name only
    after failing to read it as a number, an exception raised and caught at every call."""
    return m.group(m.re.groupindex[name])


# exclude_before_any names each item's branch by its index in [[exclude_before]]
_ITEM = "_item"


def branch(m: regex.Match, groups: dict[int, int]) -> int:
    """Which branch of a joined pattern made the match `m`, `groups` giving each branch's group
    number and place (for `exclude_before_any`, the [[exclude_before]] item: an alternation tries
    its branches in order, each with every way to match it, before the next, so at a given end the
    branch that matched is the first item whose own pattern matches there). Only the matched
    branch's group is set, and it closes last in the branch (lastindex); were a pattern's own group
    to close last, each branch's group is looked at."""
    i = groups.get(m.lastindex)
    if i is None:
        i = next(i for number, i in groups.items() if m.group(number) is not None)
    return i


def _item_groups(joined: regex.Pattern) -> dict[int, int]:
    """A joined pattern's group of each item's branch -> the item's index in its list."""
    return {number: int(name[len(_ITEM):]) for name, number in joined.groupindex.items() if name.startswith(_ITEM)}


def load_rules(lang: str = "vi") -> NumberRules:
    with open(DATA_DIR / lang / "numbers.toml", "rb") as fh:
        data = tomllib.load(fh)
    scales = tuple(sorted(((k, Decimal(str(v))) for k, v in data["scales"].items()),
                          key=lambda kv: -len(kv[0])))
    currencies = data["currencies"]
    scale_alt = "|".join(regex.escape(k) for k, _ in scales)
    cur_alt = "|".join(regex.escape(k) for k in sorted(currencies, key=len, reverse=True))
    units = tuple(sorted(data["units"]["multiword"], key=len, reverse=True))
    kinds = data["kinds"]
    guard = data["currency_guard"]["not_followed_by"]

    def any_of(key: str, rare: bool = True) -> regex.Pattern:
        # an item with no words before the number (only `only_if`) would match every head; each
        # branch is named by the item's index in [[key]], whichever items are left out (`rare`)
        parts = [f"(?P<{_ITEM}{i}>" + ("(?-i:" if item.get("case_sensitive") else "(?i:") + item["pattern"] + "))"
                 for i, item in enumerate(data[key]) if item["pattern"] and (rare or not item.get("rare"))]
        return _ending(rf"(?<!\p{{L}})(?:{'|'.join(parts)})", regex.V1)

    def exclusions(key: str, anchor_end: bool) -> tuple[Exclusion, ...]:
        out = []
        for item in data[key]:
            flags = regex.V1 if item.get("case_sensitive") else regex.IGNORECASE | regex.V1
            body = item["pattern"]
            pattern = _ending(rf"(?<!\p{{L}})(?:{body})", flags) if anchor_end else patterns.compile(rf"^(?:{body})", flags)
            only_if = patterns.compile(item["only_if"], regex.V1) if "only_if" in item else None
            out.append(Exclusion(item["why"], pattern, only_if, not body))
        return tuple(out)

    exclude_before = exclusions("exclude_before", anchor_end=True)
    exclude_before_any = any_of("exclude_before")
    rare_needs = [literals.required_of(ex.pattern) for ex, item in zip(exclude_before, data["exclude_before"])
                  if item.get("rare") and item["pattern"]]
    exclude_before_common = (any_of("exclude_before", rare=False) if rare_needs and all(rare_needs) else None)
    after_sources: dict[str, str] = {
        "percent_points_after": rf"^(?:{kinds['percent_points_after']})",
        "broken_decimal_after": rf"^(?:{kinds['broken_decimal_after']})",
        "percent_after": rf"^(?:{kinds['percent_after']})",
        "rate_bare_after": rf"^(?:{kinds['rate_bare_after']})",
        # "281.318 triệu đồng", "1,2 tỷ", "500.000 đồng": optional scale, then currency
        "money_after": rf"^\s*(?P<scale>{scale_alt})?\s*(?P<cur>{cur_alt})(?!\p{{L}})(?!{guard})",
        "scale_after": rf"^\s*(?P<scale>{scale_alt})(?!\p{{L}})",
        "score_after": rf"^(?:{kinds['score_after']})",
    }
    case_sensitive = {"broken_decimal_after"}
    after = {name: patterns.compile(source, regex.V1 if name in case_sensitive else regex.IGNORECASE | regex.V1)
             for name, source in after_sources.items()}
    exclude_after = exclusions("exclude_after", anchor_end=False)
    # the patterns the later rules ask (excluded_after and after it) of most numbers that get there;
    # the earlier ones (percent, ...) decide at their first pattern and are asked alone
    first_of = FirstOf.of([(ex.pattern, rf"^(?:{item['pattern']})", not item.get("case_sensitive"))
                           for ex, item in zip(exclude_after, data["exclude_after"])]
                          + [(after[n], after_sources[n], True) for n in ("money_after", "scale_after", "score_after")])
    return NumberRules(
        scales=scales,
        currencies=currencies,
        percent_after=after["percent_after"],
        score_after=after["score_after"],
        percent_points_after=after["percent_points_after"],
        rate_before=_ci(rf"(?:{kinds['rate_before']})"), rate_bare_after=after["rate_bare_after"],
        rank_before=_ending(rf"(?<!\p{{L}})(?:{kinds['rank_before']})"),
        rank_continued_before=_ending(rf"(?<!\p{{L}})(?:{kinds['rank_continued_before']})"),
        broken_decimal_after=after["broken_decimal_after"],
        day_month_before=_ending(data['dates']['day_month_before']),
        dateline_before=_ending(data['dates']['dateline_before'], regex.V1),
        money_scales=frozenset(w.lower() for w in data["money"]["scales_alone"]),
        money_context=_ci(data["money"]["context_before"]),
        index_named=_ci(kinds["index_named"]),
        skip_columns=_ci(data["table"]["skip_columns"]),
        rank_columns=_ci(data["table"]["rank_columns"]),
        score_columns=_ci(data["table"]["score_columns"]),
        max_columns=_ci(data["table"]["max_columns"]),
        points_columns=_ci(data["table"]["points_columns"]),
        header_max=_ci(data["table"]["header_max"]),
        percent_columns=_ci(data["table"]["percent_columns"]),
        unit_columns=_ci(data["table"]["unit_columns"]),
        code_columns=_ci(data["table"]["code_columns"]),
        plain_units=_ci(data["table"]["plain_units"]),
        legend=_ci(data["table"]["legend"]),
        exclude_before=exclude_before,
        exclude_before_any=exclude_before_any,
        exclude_before_groups=_item_groups(exclude_before_any),
        exclude_before_common=exclude_before_common,
        exclude_before_common_groups=_item_groups(exclude_before_common) if exclude_before_common else {},
        exclude_before_rare_words=tuple(sorted({word for need in rare_needs for word in need or ()})),
        exclude_before_bare=tuple(ex for ex in exclude_before if ex.any_head),
        exclude_after=exclude_after,
        exact_non_facts=frozenset(data["exact"]["non_facts"]),
        hotlines=frozenset(data["hotlines"]["numbers"]),
        hotline_context=_ci(data["hotlines"]["context"]),
        units=units,
        units_by_initial=_by_initial(units),
        units_prefix=_prefix(units),
        stop_words=frozenset(data["units"]["stop_words"]),
        money_after=after["money_after"],
        scale_after=after["scale_after"],
        unit_after=patterns.compile(r"^[ \t\u00a0]*(?P<word>[\p{L}&]+)", regex.V1),
        after=first_of,
    )
