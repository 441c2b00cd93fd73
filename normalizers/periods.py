"""Periods: what time span a report, or one of its numbers, covers.

Labels: 2025-Q1, 2023-H1, 2023-H2, 2023-9M (and any n months from January: 2024-10M), 2023,
2022-2023, 2025-01 (one month). The words that name periods are data (data/vi/periods.toml);
this module turns a match into a label with its dates. A report's data window ("từ ngày
15/12/2024 đến ngày 14/3/2025" — quarters often run from the 15th to the 14th) and as-of dates
("đến ngày 12/6/2023") are kept beside the label.
"""
from __future__ import annotations

import functools

import calendar
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import regex

from normalizers import literals, memo, patterns
from normalizers.boundaries import CLAUSE_END

DATA = Path(__file__).parent / "data" / "vi" / "periods.toml"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:19|20)\d\d"
_I = regex.IGNORECASE | regex.V1
_DATE = patterns.compile(r"(?<!\d)(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>" + _YEAR + r")(?!\d)")
_SENTENCE_END = CLAUSE_END          # a period named in one clause does not reach the next
_YEAR_AT = patterns.compile(_YEAR)
_ONE_YEAR_LABEL = patterns.compile(r"\d{4}(?:-(?:Q\d|H\d|\d{1,2}M|\d\d))?")   # a span within one year
_COMMA = patterns.compile(r"\s*,")
_PHRASE_END = patterns.compile(r"[,.;()]")


@dataclass(frozen=True)
class Period:
    """A labelled span of dates. Immutable: the constructors keep one object a label, not one a mention."""
    label: str
    start: date
    end: date

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def year(y: int) -> "Period":
        return Period(str(y), date(y, 1, 1), date(y, 12, 31))

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def quarter(y: int, q: int) -> "Period":
        last = 3 * q
        return Period(f"{y}-Q{q}", date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1]))

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def half(y: int, h: int) -> "Period":
        return Period(f"{y}-H{h}", date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31))

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def month(y: int, m: int) -> "Period":
        return Period(f"{y}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]))

    @staticmethod
    @functools.lru_cache(maxsize=256)
    def months(y: int, n: int) -> "Period":
        """n months from January: 3 is the first quarter, 6 the first half, 12 the year."""
        if n == 3:
            return Period.quarter(y, 1)
        if n == 6:
            return Period.half(y, 1)
        if n == 12:
            return Period.year(y)
        if n == 1:
            return Period.month(y, 1)
        return Period(f"{y}-{n}M", date(y, 1, 1), date(y, n, calendar.monthrange(y, n)[1]))

    def in_year(self, y: int) -> "Period | None":
        """The same span in year y ("cùng kỳ năm 2024"); None for a span of years."""
        if not _ONE_YEAR_LABEL.fullmatch(self.label):
            return None
        return Period(str(y) + self.label[4:], self.start.replace(year=y),
                      date(y, self.end.month, calendar.monthrange(y, self.end.month)[1]))

    @staticmethod
    def years(y1: int, y2: int) -> "Period":
        return Period(f"{y1}-{y2}", date(y1, 1, 1), date(y2, 12, 31)) if y1 != y2 else Period.year(y1)


@dataclass(frozen=True, eq=False)      # hashed by identity: the caches key on tuples of them
class PeriodPattern:
    name: str
    pattern: regex.Pattern
    build: str
    document: bool = True       # may name the report's period (from its opening)
    title: bool = True          # may name the report's period from its title
    fact: bool = True           # may name one number's period
    sentence: bool = False      # dates its whole sentence (PAR INDEX 2024, "ước thực hiện đến ngày")
    after_only: bool = False    # read only right after the number
    lead_only: bool = False     # read only as the lead of the number's sentence
    needs: frozenset[frozenset[str]] = frozenset()   # what a text must contain to match (patterns.required)
    words: tuple[str, ...] | None = None    # case-folded words one of which a match contains (literals.required)
    every: tuple[tuple[tuple[str, ...], ...], ...] | None = None    # per branch, all it requires (literals.required_all)

    @functools.cached_property
    def groups(self) -> dict[str, int]:
        """Each named group's number: `m.group(number)` is `m[name]` for a match of the pattern,
        read without the `regex` module's failed try to read the name as a number first (an
        exception raised and caught inside each `m[name]`, rules.group), for every period built."""
        return dict(self.pattern.groupindex)

    @functools.cached_property
    def begins(self) -> tuple[str, ...] | None:
        """The case-folded strings one of which every match opens with (literals.starts_of), where
        there are several: the pattern is then tried only where one of them stands
        (literals.matches_at_starts).
        A pattern that opens with one string (or none known) is searched: `regex` finds a single
        literal's places itself, while before an alternation (span's "giai đoạn|thời kỳ|từ",
        index_year's seven names behind a lookbehind) it tries every branch at every character
        (callgrind over the samples' scans: index_year, span, horizon and as_of 3.8 -> 2.9 M
        instructions a report; year, month and dated_event, one string each, cost more tried
        at each "năm", "tháng" or "ngày" than searched)."""
        begins = literals.starts_of(self.pattern)
        return begins if begins is not None and len(begins) > 1 else None


@dataclass(frozen=True, eq=False)      # hashed by identity: the period cache keys on it
class PeriodRules:
    patterns: tuple[PeriodPattern, ...]
    compared: regex.Pattern     # words before a period that make it a comparison
    lead: regex.Pattern         # words a sentence may open with before its period
    list_lead: regex.Pattern    # what follows a period that introduces a list
    years_of_title: regex.Pattern
    per_year: regex.Pattern     # words of an annual quantity
    annual_subject: regex.Pattern  # quotas and plans allocated for a year
    this_span: regex.Pattern    # a span referred back to ("giai đoạn này")
    previous_year: regex.Pattern    # "so với năm trước"
    same_period_before: regex.Pattern  # "so với cùng kỳ"
    same_period_of: regex.Pattern   # "cùng kỳ năm 2024"
    section_head: regex.Pattern     # a numbered heading starts a section: no lead for what follows
    elaborates: regex.Pattern       # a bare lead that spells out the paragraph before it ("cụ thể:")
    as_of_scan: regex.Pattern       # the as_of rule's dates, found from a literal (as_of_dates)

    @functools.cached_property
    def needs(self) -> frozenset[frozenset[str]]:
        """Every token set of the patterns (patterns.required), as patterns.satisfied takes them."""
        return frozenset().union(*(p.needs for p in self.patterns))

    @functools.cached_property
    def scanned(self) -> tuple[PeriodPattern, ...]:
        """The patterns looked for anywhere in a text (not only right after a number)."""
        return tuple(p for p in self.patterns if not p.after_only)

    @functools.cached_property
    def after(self) -> tuple[PeriodPattern, ...]:
        """The patterns read only right after a number."""
        return tuple(p for p in self.patterns if p.after_only)

    @functools.cached_property
    def tokens(self) -> tuple[str, ...]:
        """The strings the scanned patterns' token sets hold (patterns.required), but a digit."""
        return tuple(sorted({t for p in self.scanned for one in p.needs for t in one} - {patterns.DIGIT}))

    @functools.cached_property
    def digit(self) -> bool:
        """Whether a token set holds "a decimal digit" (patterns.DIGIT)."""
        return any(patterns.DIGIT in one for p in self.scanned for one in p.needs)

    @functools.cached_property
    def digit_tokens(self) -> frozenset[str]:
        """The tokens that hold a decimal digit (patterns.DIGIT: as a `\\d` matches one)."""
        return frozenset(t for t in self.tokens if _DIGIT.search(t))

    @functools.cached_property
    def words(self) -> tuple[str, ...]:
        """Every case-folded word a scanned pattern requires (literals.required), and every string of
        each requirement of its branches (literals.required_all)."""
        every = {w for p in self.scanned if p.every for branch in p.every for one in branch for w in one}
        return tuple(sorted({w for p in self.scanned if p.words for w in p.words} | every))

    @functools.cached_property
    def every(self) -> dict[str, tuple[tuple[tuple[str, ...], ...], ...] | None]:
        """What each branch of a context pattern requires (literals.required_all of its source, as
        for the period patterns): per_year, annual_subject and this_span are not searched in a text
        whose fold lacks it (literals.may_match_all)."""
        return {name: literals.required_all(getattr(self, name).pattern)
                for name in ("per_year", "annual_subject", "this_span")}

    @functools.cached_property
    def worded(self) -> bool:
        """Whether every scanned pattern requires a word."""
        return all(p.words for p in self.scanned)


@dataclass(frozen=True)
class Named:
    """A period named in a text, at text[start:end] (period None: an as-of date)."""
    start: int
    end: int
    period: Period | None
    rule: PeriodPattern


def _named(start: int, end: int, period: Period | None, rule: PeriodPattern) -> Named:
    """Named(start, end, period, rule), its fields set directly: the frozen dataclass's __init__
    sets each through object.__setattr__, for every period a text names. Named has no __post_init__
    and no field outside __init__, so the two are equal (tests/test_period_group_shortcuts.py)."""
    new = object.__new__(Named)
    new.__dict__.update(start=start, end=end, period=period, rule=rule)
    return new


def load_period_rules(path: Path = DATA) -> PeriodRules:
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    fill = {"YEAR": _YEAR, "DAY": r"\d{1,2}", "MONTH": r"\d{1,2}"}
    compiled = [(p, patterns.compile(_fill(_source(p["pattern"]), fill), _I)) for p in d["period"]]
    pats = tuple(PeriodPattern(p["name"], c, p["build"],
                               p.get("document", True), p.get("title", p.get("document", True)),
                               p.get("fact", True), p.get("sentence", False),
                               p.get("after_only", False), p.get("lead_only", False), patterns.required(c),
                               literals.required(c.pattern), literals.required_all(c.pattern))
                 for p, c in compiled)
    return PeriodRules(pats, **{k: patterns.compile(_fill(v, fill), _I | (regex.REVERSE if k in _READ_BACK else 0))
                                for k, v in d["context"].items()})


_READ_BACK = {"compared"}       # words that end where a period starts: read backwards from there (is_compared)


def _source(pattern: str | list[str]) -> str:
    """A pattern as written: one string, or a list of the branches of one alternation."""
    return pattern if isinstance(pattern, str) else "|".join(pattern)


def _fill(pattern: str, fill: dict[str, str]) -> str:
    for k, v in fill.items():
        pattern = pattern.replace("{" + k + "}", v)
    return pattern


RULES = load_period_rules()


def _year_after(text: str, pos: int) -> int | None:
    """A year written right after a phrase that left it out, in the same sentence ("tháng 9 và
    quý III/2021")."""
    stop = _SENTENCE_END.search(text, pos)
    m = _YEAR_AT.search(text[pos:min(stop.start() if stop else len(text), pos + 80)])
    return int(m.group()) if m else None


def _int(m: regex.Match, group: str, groups: dict[str, int]) -> int | None:
    """int(m[group]), None where the group is empty or the pattern has none of that name; the group
    read by its number (`groups`: the pattern's PeriodPattern.groups)."""
    number = groups.get(group)
    if number is None:                      # m[group] would raise IndexError: no such group
        return None
    value = m.group(number)
    return int(value) if value else None


def _span(y1: int, m1: int, y2: int, m2: int) -> Period | None:
    """The period of whole months m1/y1 .. m2/y2, when it has a label: whole years, months from
    January, one month, a quarter, a second half."""
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
        return None
    if m1 == 1 and m2 == 12:
        return Period.years(y1, y2)
    if y1 != y2:
        return None
    if m1 == 1:
        return Period.months(y2, m2)
    if m1 == m2:
        return Period.month(y2, m2)
    if m2 - m1 == 2 and m2 % 3 == 0:
        return Period.quarter(y2, m2 // 3)
    if (m1, m2) == (7, 12):
        return Period.half(y2, 2)
    return None


def _window(m: regex.Match, groups: dict[str, int]) -> Period | None:
    """A data window is named by the months it ends in: one that starts after the first days of
    a month (15/12–14/01, 21/7–20/8, 15/12–14/3) starts with the next month. `groups`: as _int's."""
    d1, m1, d2, m2, y2 = (_int(m, g, groups) for g in ("d1", "m1", "d2", "m2", "y2"))
    y1 = _int(m, "y1", groups) or (y2 if m1 <= m2 else y2 - 1)
    if d1 > 5:
        y1, m1 = (y1 + 1, 1) if m1 == 12 else (y1, m1 + 1)
    return _span(y1, m1, y2, m2)


def _last_month(rule: PeriodPattern, m: regex.Match) -> int:
    """The last month of its year a period covers (12 for a year)."""
    g = rule.groups                   # m.group(g[name]) is m[name] (PeriodPattern.groups)
    if rule.build == "quarter":
        q = m.group(g["q"]).lower().lstrip("0")
        return 3 * (_ROMAN.get(q) or int(q))
    if rule.build == "half":
        return 6 if m.group(g["which"]).lower() == "đầu" else 12
    if rule.build == "months":
        return int(m.group(g["n"]))
    if rule.build == "month":
        return int(m.group(g["m"]))
    return 12


def _build(rule: PeriodPattern, m: regex.Match, text: str, ref: date | None) -> Period | None:
    """The period a match names; a year left out is the one written right after, else the one
    of `ref` (the report's end; a month after it is of the year before). `m` is a match of
    rule.pattern: its groups are read by their numbers (PeriodPattern.groups)."""
    b = rule.build
    g = rule.groups
    if b == "years":
        return Period.years(int(m.group(g["y1"])), int(m.group(g["y2"])))
    if b == "window":
        return _window(m, g)
    if b == "month_range":
        return _span(int(m.group(g["y1"])), int(m.group(g["m1"])), int(m.group(g["y2"])), int(m.group(g["m2"])))
    if b == "as_of":                          # a stock date: not a period
        return None
    if b in ("to_date", "date_month"):
        try:
            day = date(int(m.group(g["y1"])), int(m.group(g["m1"])), int(m.group(g["d1"])))
        except ValueError:
            return None
        return Period.months(day.year, day.month) if b == "to_date" else Period.month(day.year, day.month)
    last = _last_month(rule, m)
    y = _int(m, "y", g) or _year_after(text, m.end())
    if y is None and ref is not None:
        y = ref.year if last <= ref.month else ref.year - 1
    if y is None:
        return None
    if b == "year":
        return Period.year(y)
    if b == "quarter":
        return Period.quarter(y, last // 3)
    if b == "half":
        return Period.half(y, 1 if last == 6 else 2)
    if b == "months":
        return Period.months(y, last)
    if b == "month":
        return Period.month(y, last)
    raise ValueError(f"unknown period build {b!r} in {rule.name}")


def named_periods(text: str, ref: date | None = None, rules: PeriodRules = RULES,
                  scope: str = "fact", within: str | None = None) -> list[Named]:
    """Every period named in text, in order; where two overlap the longer one ("quý III năm
    2021", not "năm 2021"). `scope` is "fact", "document" or "title" (which patterns apply).
    `within`: a text that holds `text` (the paragraph a clause is cut from), asked about for
    many of its parts: a pattern that cannot match it cannot match a part of it either."""
    if within is not None and not _may_match(within, rules) and text in within:
        return []
    runnable = _may_match_part(text, rules, within)
    if not runnable:             # no pattern to run: _named_periods would find nothing (not kept either)
        return []
    return list(_named_periods(text, ref, rules, scope, runnable, within))


@memo.per_document(maxsize=512)
def _named_periods(text: str, ref: date | None, rules: PeriodRules, scope: str,
                   runnable: tuple[PeriodPattern, ...] | None = None, within: str | None = None) -> tuple[Named, ...]:
    # Every number of a sentence asks about the same sentence and paragraph: a pure function of
    # its arguments, so the answer is kept for the next number (the regexes are the cost).
    # `runnable`: _may_match(text, rules), when the caller has it (a function of `text`: in the
    # key, it keeps the hits as they were). `within`: the paragraph `text` is cut from, if any,
    # whose fold is cut for the text's (_fold_of): it does not change the answer.
    found: list[Named] = []
    folded = None
    for rule in _may_match(text, rules) if runnable is None else runnable:
        if rule.begins is None:
            matches = rule.pattern.finditer(text)
        else:
            if folded is None:
                folded = _fold_of(text, within)
            matches = literals.matches_at_starts(rule.pattern, rule.begins, text, folded)
        for m in matches:
            p = _build(rule, m, text, ref)
            if p is not None or rule.build == "as_of":      # an as-of date still hides the dates inside it
                start, end = m.span()
                found.append(_named(start, end, p, rule))
    if not found:
        return ()
    if len(found) == 1:             # one match overlaps none: it is kept
        kept = found
    else:
        kept = []
        for n in sorted(found, key=lambda n: -(n.end - n.start)):
            if all(n.end <= k.start or n.start >= k.end for k in kept):
                kept.append(n)
    return tuple(sorted((n for n in kept if n.period is not None and getattr(n.rule, scope)), key=lambda n: n.start))


def _fold_of(text: str, within: str | None) -> str:
    """literals.fold(text), cut from the fold of `within` (the paragraph text is cut from) where it
    has the paragraph's length: folding is letter by letter, no letter to nothing, so then each
    folds to one and the part folds as that slice of it (as _may_match_part cuts it). A text asked
    alone is folded by fold_once: a paragraph is already (its words, context's role cues)."""
    if within is None:
        return fold_once(text)
    whole = fold_once(within)
    at = within.find(text) if len(whole) == len(within) else -1
    return whole[at:at + len(text)] if at >= 0 else literals.fold(text)


@memo.per_document(maxsize=64)        # a paragraph is asked about for each of its numbers
def _may_match(text: str, rules: PeriodRules) -> tuple[PeriodPattern, ...]:
    """The scanned patterns (in order) that may match text or a part of it: most clauses name no
    year, many no digit, no "quý", so most patterns cannot match them. A pattern cannot match a
    text that lacks every token of one of its sets (patterns.required, as patterns.satisfied
    asks), nor one whose case-folded form lacks every word it requires (literals.may_match). Both
    hold of a part of a text as of the text (case folding is letter by letter), hence `within`.
    Each token and word is looked for once a text, by `in` (filter: no Python loop); where every
    pattern requires a word, a text holding none needs no more."""
    said, held = _held(text, rules)
    return _select(text, rules, said, held)


@memo.per_document(maxsize=64)        # a paragraph is folded for its role cues (context._paragraph) and for its words here
def fold_once(text: str) -> str:
    """literals.fold(text), folded once for the document's asking."""
    return literals.fold(text)


@memo.per_document(maxsize=64)        # a paragraph is asked about for each of its numbers
def _held(text: str, rules: PeriodRules) -> tuple[frozenset[str], frozenset[str]]:
    """The words of rules.words the folded text holds that decide which patterns may match it or
    a part of it, and the tokens of rules.tokens it holds. Each word is looked for in the whole
    paragraph (~40 words, ~6 held), so only those that can decide are: first the words of the
    patterns whose tokens the text holds (`_first_words`), then the other words of those one of
    whose words it holds (`_then_words`). The words left out belong to patterns that cannot match
    the text (a token missing, or none of their words), which _runnable rules out with any subset
    of the words held; every pattern that may match has all its words asked, so _runnable reads
    the same answer off this `said` as off all the words held, for the text and for each part
    (_may_match_part filters this set: a part's words held of a pattern that may match are all
    in it). tests/test_period_words_held.py compares the two on every text of the samples."""
    held = frozenset(filter(text.__contains__, rules.tokens))
    folded = fold_once(text)
    tokens = _with_digit(text, rules, held)
    said = frozenset(filter(folded.__contains__, _first_words(rules, tokens)))
    if not said:
        return said, held
    return said | frozenset(filter(folded.__contains__, _then_words(rules, tokens, said))), held


@functools.lru_cache(maxsize=64)
def _token_rules(rules: PeriodRules, tokens: frozenset[str]) -> tuple[PeriodPattern, ...]:
    """The scanned patterns each of whose token sets has a token among `tokens` (as _runnable asks)."""
    return tuple(rule for rule in rules.scanned if all(not one.isdisjoint(tokens) for one in rule.needs))


@functools.lru_cache(maxsize=64)
def _first_words(rules: PeriodRules, tokens: frozenset[str]) -> tuple[str, ...]:
    """The words (literals.required) of the patterns whose tokens a text holding `tokens` holds;
    all of them where a pattern requires none (then each of its words is asked at once)."""
    chosen = _token_rules(rules, tokens)
    if any(rule.words is None for rule in chosen):
        return _all_words(chosen)
    return tuple(sorted({w for rule in chosen for w in rule.words}))


@functools.lru_cache(maxsize=256)
def _then_words(rules: PeriodRules, tokens: frozenset[str], said: frozenset[str]) -> tuple[str, ...]:
    """The words, not among _first_words, of the patterns of _first_words one of whose words is
    in `said`: each requirement of their branches (literals.required_all)."""
    first = set(_first_words(rules, tokens))
    chosen = tuple(rule for rule in _token_rules(rules, tokens) if rule.words is None or not said.isdisjoint(rule.words))
    return tuple(w for w in _all_words(chosen) if w not in first)


def _all_words(chosen: tuple[PeriodPattern, ...]) -> tuple[str, ...]:
    """Every word the patterns require (literals.required) or a branch of them does (required_all)."""
    return tuple(sorted({w for rule in chosen for w in rule.words or ()}
                        | {w for rule in chosen for branch in rule.every or () for one in branch for w in one}))


@memo.per_document(maxsize=512)
def _may_match_part(text: str, rules: PeriodRules, within: str | None) -> tuple[PeriodPattern, ...]:
    """_may_match(text, rules), for less where `within` (the paragraph) holds `text` (a clause or
    sentence of it): only the words and tokens the paragraph holds are looked for in the part
    (~12 of the 34 words). The same answer: fold is letter by letter (str.casefold and the Turkish
    i, each a character at a time), so the folded part is a substring of the folded paragraph, and
    a word or token the paragraph lacks, the part lacks too."""
    at = -1 if within is None else within.find(text)
    if at < 0:
        return _may_match(text, rules)
    said, held = _held(within, rules)
    # the part's fold is cut from the paragraph's where the two have the same length: no letter
    # folds to nothing, so then each folds to one, and text == within[at:...] folds as that slice
    whole = fold_once(within)
    part = whole[at:at + len(text)] if len(whole) == len(within) else literals.fold(text)
    return _select(text, rules, frozenset(filter(part.__contains__, said)),
                   frozenset(filter(text.__contains__, held)))


def _select(text: str, rules: PeriodRules, said: frozenset[str], held: frozenset[str]) -> tuple[PeriodPattern, ...]:
    """The patterns that may match `text`, which holds the words `said` and the tokens `held`."""
    if not said and rules.worded:
        return ()
    return _runnable(rules, _with_digit(text, rules, held), said)


def _with_digit(text: str, rules: PeriodRules, held: frozenset[str]) -> frozenset[str]:
    """The tokens `held` in `text`, with "a digit" (patterns.DIGIT) where the rules ask for one and
    the text has one: a token held that has a digit in it ("19", "20", "9") is a digit held, without
    a search for one."""
    if rules.digit and (not held.isdisjoint(rules.digit_tokens) or _DIGIT.search(text)):
        return held | _HOLDS_DIGIT
    return held


_DIGIT = patterns.compile(r"\d", regex.V1)         # patterns.DIGIT: a decimal digit, as \d matches it
_HOLDS_DIGIT = frozenset({patterns.DIGIT})


@functools.lru_cache(maxsize=1024)
def _runnable(rules: PeriodRules, held: frozenset[str], said: frozenset[str]) -> tuple[PeriodPattern, ...]:
    """The scanned patterns each of whose token sets has a token among `held` (the tokens the text
    holds), one of whose words is among `said` (those the folded text holds) and one of whose
    branches has each of its requirements met in `said` (literals.may_match_all: "giai đoạn 2021 -
    2025" needs a year, one of "giai", "thời", "từ" and a dash or "đến", where `words` says only
    "a year", written in most clauses). Texts hold few combinations: the answer is kept."""
    return tuple(rule for rule in rules.scanned
                 if all(not one.isdisjoint(held) for one in rule.needs)
                 and (rule.words is None or not said.isdisjoint(rule.words))
                 and (rule.every is None
                      or any(all(not said.isdisjoint(one) for one in branch) for branch in rule.every)))


def is_compared(text: str, named: Named, rules: PeriodRules = RULES) -> bool:
    """"so với năm 2022", "từ ... (đầu năm 2021)": the period of what the number is compared with."""
    # `compared` ends with $, where the period starts: matched backwards (REVERSE) it is tried there
    # alone, not at every character before; $ also holds just before a final line break, where
    # only a search tries it (as rules.ends). Whether a match exists does not depend on the direction.
    find = rules.compared.search if text.endswith("\n", 0, named.start) else rules.compared.match
    return bool(find(text, 0, named.start))


def period_in(text: str, default_year: int | None = None, scope: str = "document") -> Period | None:
    """The first report period named in a title or sentence, or None."""
    ref = date(default_year, 12, 31) if default_year else None
    for n in named_periods(text, ref, scope=scope):
        if not is_compared(text, n):
            return n.period
    return None


def _dateline_year(body: str) -> int | None:
    """The year of the first date of a news text's opening (its dateline or first event)."""
    m = _DATE.search(body[:1500])
    return int(m["y"]) if m else None


def report_period(title: str, body: str, default_year: int | None = None) -> Period | None:
    """The period a report covers: from its title, with "02 năm triển khai" spelled out by the
    years the body gives ("trong 02 năm (2022, 2023)"); a text without a title (news) takes it
    from its headline and opening, else the year of its dateline."""
    if RULES.years_of_title.search(title):
        # only the one rule is asked for: all of them over a whole body cost more than the rest of its reading
        rule = _rule("years_counted")
        years = next((p for m in rule.pattern.finditer(body) if (p := _build(rule, m, body, None)) is not None), None)
        if years:
            return years
    found = period_in(title, default_year, scope="title") or _opening_period(body)
    if found is None and (year := default_year or _dateline_year(body)):
        return Period.year(year)
    return found


def _opening_period(body: str) -> Period | None:
    """The first period the opening names with its year (a headline cut before the year, "trong
    tháng 1 ...", waits for the next mention); a finer period of it that leads a sentence wins
    ("... kế hoạch CCHC năm 2024 ... cho biết: Trong 10 tháng năm 2024, Bộ phận một cửa ...")."""
    opening = body[:3000]
    named = [n for n in named_periods(opening, scope="document") if not is_compared(opening, n)]
    if not named:
        return None
    first = named[0].period
    for n in named[1:]:
        if (_leads(opening, n) and first.start <= n.period.start and n.period.end <= first.end
                and n.period.label != first.label):
            return n.period
    return first


def _date(m: regex.Match, n: int) -> date | None:
    try:
        return date(int(m[f"y{n}"]), int(m[f"m{n}"]), int(m[f"d{n}"]))
    except (ValueError, TypeError):
        return None


def _rule(name: str) -> PeriodPattern:
    return next(r for r in RULES.patterns if r.name == name)


def data_window(text: str) -> tuple[date, date] | None:
    m = _rule("window").pattern.search(text)
    if not m:
        return None
    end = _date(m, 2)
    if end is None:
        return None
    y1 = int(m["y1"]) if m["y1"] else (end.year if int(m["m1"]) <= end.month else end.year - 1)
    try:
        return date(y1, int(m["m1"]), int(m["d1"])), end
    except ValueError:
        return None


def as_of_dates(text: str) -> list[date]:
    """The stock dates of a whole text: the dates of the `as_of` rule's matches, in order, found by
    `as_of_scan` (periods.toml says why they are the same)."""
    return [d for m in RULES.as_of_scan.finditer(text) if (d := _date(m, 1))]


def in_closed_parens(clause: str, pos: int) -> bool:
    """True when clause[pos] sits in a parenthesis that closes before the clause ends
    ("(cấp huyện: 270; cấp xã: 110) trên 84": cấp xã and 110 belong to another number)."""
    depth = clause.count("(", 0, pos) - clause.count(")", 0, pos)
    return depth > 0 and clause.count(")", pos) >= depth


def _last_own(clause: str, named: list[Named], sentence: bool = False) -> Named | None:
    """The last period of `named` that is the clause's own (not only a lead, not compared, not in a
    parenthesis closed before its end), of a `sentence` rule if asked, or None. Each period is
    kept or not by itself (its rule, what precedes it, its parenthesis), so the last kept is the
    first kept from the end: the earlier ones are not asked (is_compared is a regex match)."""
    for n in reversed(named):
        if ((not sentence or n.rule.sentence) and not n.rule.lead_only and not is_compared(clause, n)
                and not in_closed_parens(clause, n.start)):
            return n
    return None


def span_referred(clause: str, before: str, ref: date | None = None, clause_f: str | None = None) -> Period | None:
    """"Tổng số người làm việc tinh giản trong giai đoạn này là 23": the last span of years named
    before it ("theo kế hoạch đề ra giai đoạn 2022-2026."). `clause_f`: literals.fold(clause), when
    the caller has it (a clause whose fold lacks what `this_span` requires is not searched)."""
    if clause_f is not None and not literals.may_match_all(RULES.every["this_span"], clause_f):
        return None
    if not RULES.this_span.search(clause):
        return None
    spans = list(_rule("span").pattern.finditer(before))
    return Period.years(int(spans[-1]["y1"]), int(spans[-1]["y2"])) if spans else None


def fact_period(clause: str, after: str = "", ref: date | None = None, within: str | None = None,
                after_f: str | None = None) -> Period | None:
    """A period named for one number: in a parenthesis right after it ("270 thủ tục (tính đến
    tháng 12/2023)", "90,30% (2021)"), else the last one the clause before it names ("Năm
    2022: ...", "năm 2023 đạt", "(năm 2022: 01 tiến sĩ", "Năm 2022, 2023: đạt 3/3", "Trong quý I
    năm 2025, ..."). Periods after "so với"/"từ", and those in a parenthesis that closed before
    the number (they belong to an earlier number), are not the number's. None when nothing is named.
    `within`: the paragraph the clause is cut from (named_periods); `after_f`: literals.fold(after),
    when the caller has it (a pattern read after the number is not tried where it lacks what each
    branch of the pattern requires, literals.may_match_all, as the scanned patterns are gated)."""
    if found := _after_match(after, after_f):
        return _build(*found, after, ref)
    own = _last_own(clause, named_periods(clause, ref, within=within))
    return own.period if own else None


def _after_match(after: str, after_f: str | None = None) -> tuple[PeriodPattern, regex.Match] | None:
    """The first pattern read only right after a number that matches there, with its match."""
    for rule in RULES.after:
        if after_f is not None and not literals.may_match_all(rule.every, after_f):
            continue
        if m := rule.pattern.match(after):
            return rule, m
    return None


def after_period(after: str, ref: date | None = None, after_f: str | None = None) -> Period | None:
    """fact_period where the clause names no period: the period a parenthesis right after the
    number names, if any."""
    found = _after_match(after, after_f)
    return _build(*found, after, ref) if found else None


def may_name_periods(text: str) -> bool:
    """Whether a period pattern may match `text` or a part of it (_may_match): where none may,
    named_periods of the text, and of each part of it asked `within` it, is empty."""
    return bool(_may_match(text, RULES))


def sentence_period(sentence: str, ref: date | None = None, within: str | None = None) -> Period | None:
    """A period that dates its whole sentence, past a ';': the year of a composite index
    ("công bố Chỉ số cải cách hành chính năm 2025 ... (kết quả: ...; cấp xã có 26/124 đơn vị xếp
    loại Tốt"), a flow to a date ("ước thực hiện đến ngày 25/02/2026 là 8.824 tỷ đồng; đạt 19,57%").
    `within`: the paragraph the sentence is cut from (named_periods)."""
    # only a period of a rule that dates a sentence is asked for: where none of those may match the
    # sentence (the patterns named_periods would run over it), none is named
    if not any(rule.sentence for rule in _may_match_part(sentence, RULES, within)):
        return None
    own = _last_own(sentence, named_periods(sentence, ref, within=within), sentence=True)
    return own.period if own else None


def compared_period(sentence: str, ref: date | None = None, current: Period | None = None,
                    within: str | None = None) -> Period | None:
    """The period a sentence compares with ("giảm nhẹ ... so với năm 2021, từ 87,61% xuống"):
    the period of its baseline; "so với năm trước" is the year before `current` (the report's
    period), "so với cùng kỳ" the same span a year before. `within`: the paragraph the sentence is
    cut from (named_periods)."""
    named = [n for n in named_periods(sentence, ref, within=within) if is_compared(sentence, n)
             and not in_closed_parens(sentence, n.start)]
    if named:
        last = named[-1]
        same = RULES.same_period_of.search(sentence, 0, last.start)
        if same and current is not None and last.period.label == str(last.period.end.year):
            return current.in_year(last.period.end.year) or last.period      # "cùng kỳ năm 2024"
        return last.period
    if current is not None and RULES.previous_year.search(sentence):
        return Period.year(current.end.year - 1)
    if current is not None and RULES.same_period_before.search(sentence):
        return current.in_year(current.end.year - 1)
    return None


def _leads(text: str, n: Named) -> bool:
    """A period that opens its sentence (or what follows a colon) and is followed by a comma:
    "Tháng 9/2021, Trung tâm ...", "... cho biết: Trong 10 tháng năm 2024, Bộ phận ..."."""
    starts = max(text.rfind(c, 0, n.start) for c in (". ", "\n", "; ", "! ", "? ", ": "))
    return bool(RULES.lead.match(text[starts + 1:n.start] if starts >= 0 else text[:n.start])
                and _COMMA.match(text, n.end))


def lead_period(text: str, pos: int, ref: date | None = None, dated: bool = True,
                within: str | None = None) -> Period | None:
    """A period that leads a sentence ("Tháng 9/2021, Trung tâm ...", "Năm 2022, Chỉ số ...") or
    introduces a list ("Mục tiêu đến hết năm 2025: - 100% ...") earlier in the paragraph: what
    follows it, up to the next such lead, is of that period. A list opened inside a parenthesis
    that has closed since does not reach the number. `dated`: an event's date leading the
    number's sentence counts too ("Ngày 03/7/2025, ..."). `within`: a text that holds `text` (its
    paragraph): where no period pattern may match it, none leads a part of it (named_periods)."""
    if within is not None and not _may_match(within, RULES) and text in within:
        return None
    best = None
    for n, depth in _leads_in(text, ref, dated, within):
        if n.end > pos:
            continue
        if depth > 0 and (text.count(")", n.start, pos) >= depth      # in_closed_parens(text[:pos], n.start)
                          or text.find(")", n.end, pos) >= 0):
            continue
        if n.rule.lead_only and _SENTENCE_END.search(text, n.end, pos):
            continue
        best = n
    return best.period if best else None


@memo.per_document(maxsize=64)
def _leads_in(text: str, ref: date | None, dated: bool, within: str | None = None) -> tuple[tuple[Named, int], ...]:
    """The paragraph's periods that may lead a number after them, each with the depth of
    parentheses it opens in: what lead_period asks that does not depend on the number (not
    compared, a list's or a sentence's lead, a dated event only when `dated`), asked once for all
    the paragraph's numbers; what does (a parenthesis or a sentence closed since) is left to it.
    `within`: the paragraph `text` is cut from, if any (named_periods)."""
    return tuple((n, text.count("(", 0, n.start) - text.count(")", 0, n.start))
                 for n in named_periods(text, ref, within=within)
                 if not is_compared(text, n) and not (n.rule.lead_only and (not dated or not _leads(text, n)))
                 and (RULES.list_lead.match(text, n.end) or _leads(text, n)))


@memo.per_document(maxsize=64)        # the same for every number of a paragraph
def lead_paragraph_period(previous: str, ref: date | None = None) -> Period | None:
    """The items under a lead paragraph that ends with a colon take the period it names, when
    their own paragraph names none: "Tổng kế hoạch vốn đầu tư phát triển năm 2026 là: 13.203.300
    triệu đồng. Trong đó:" then "+ Nguồn vốn ... là 11.194.745 triệu đồng" (2026). `previous` is
    the two paragraphs before the number's (joined by a new line); a bare lead that names no
    period ("Số lượng biên chế công chức, viên chức, cụ thể:") spells out the paragraph before it
    ("... về tạm giao biên chế công chức năm 2026 ..."). Only past a colon, at most two back."""
    *earlier, lead = previous.rstrip().split("\n")
    if not lead.rstrip().endswith(":") or RULES.section_head.match(lead):   # "2.2. Công tác ...:" opens a section
        return None
    before = earlier[-1] if earlier and RULES.elaborates.search(lead) and not RULES.section_head.match(earlier[-1]) else ""
    for text in (lead, before):
        own = [n for n in named_periods(text, ref) if n.period is not None and not n.rule.lead_only
               and not is_compared(text, n)]
        if own:
            return own[-1].period
    return None


def _in_parens(text: str, pos: int) -> bool:
    """Is text[pos] inside parentheses? A ')' with no '(' before it (a caption cut mid-note) is skipped."""
    depth = 0
    for ch in text[:pos]:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
    return depth > 0


@memo.per_document(maxsize=64)        # the same for every cell of a table
def caption_period(caption: str, ref: date | None = None, current: Period | None = None) -> Period | None:
    """A table titled with a period other than the report's is of that period ("I. VỀ KẾT QUẢ
    CÁC CHỈ SỐ NĂM 2024 CỦA TỈNH" above a table in a report on 2025). A title naming the report's
    own period, or a span that holds it (the index year above a quarterly report's ranking
    table), leaves the report's finer period. The title line nearest the table decides."""
    own = [n for n in named_periods(caption, ref) if not n.rule.lead_only and not is_compared(caption, n)
           and not _in_parens(caption, n.start)]   # "(Kèm theo Quyết định … năm 2026)" dates the decision
    if not own:
        return None
    period = own[-1].period
    if current is not None and period.start <= current.start and current.end <= period.end:
        return None
    return period


def per_year(near: str, after: str, subject: str = "", folded: tuple[str, str, str] | None = None) -> bool:
    """Is the number an annual quantity ("mỗi năm phát sinh 2.389.453 hồ sơ", "20 triệu đồng/năm"),
    or a quota or plan for the year (`subject`: its sentence or row before it, "Biên chế công
    chức là 9.818")? `folded`: literals.fold of near, after and subject, when the caller has them:
    a text whose fold lacks what each branch of a pattern requires is not searched with it (the
    first phrase of `after` is a part of it, so it lacks what `after` lacks)."""
    if folded is None:
        return bool(RULES.per_year.search(near) or RULES.per_year.search(_PHRASE_END.split(after, maxsplit=1)[0])
                    or RULES.annual_subject.search(subject))
    near_f, after_f, subject_f = folded
    annual = RULES.every["per_year"]
    return bool((literals.may_match_all(annual, near_f) and RULES.per_year.search(near))
                or (literals.may_match_all(annual, after_f)
                    and RULES.per_year.search(_PHRASE_END.split(after, maxsplit=1)[0]))
                or (literals.may_match_all(RULES.every["annual_subject"], subject_f)
                    and RULES.annual_subject.search(subject)))
