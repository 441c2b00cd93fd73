"""Facts -> catalog indicators (what a number measures).

The catalog (data/vi/indicators.csv, the shared list of 40 indicators, copied verbatim, plus
data/vi/indicators_local.csv, the indicators real reports carry that the shared list lacks) says
what each indicator is; data/vi/indicators.toml says how a sentence names it. The engine here is
language-neutral. A fact is a candidate for the indicators that accept its kind and counted noun;
then the named rules of RULES are tried in order and the first that answers decides:

  phrase_right_after              "2.706 hồ sơ trước hạn"
  words_after_the_noun            "có 6.488 hồ sơ được giải quyết trước và đúng hạn", "80% hồ sơ ... toàn trình"
  nearest_cue_before              "giải quyết trước hạn 219 hồ sơ, đúng hạn: 02 hồ sơ"
  what_it_restates                "6.488 hồ sơ ... trước và đúng hạn, đạt 99,99%", "86,98% (265.456/305.194 hồ sơ)"
  compared_with_an_earlier_value  "so với năm 2022 (đạt 76.82 điểm)"
  part_of_a_total                 "22 văn bản ... (cấp huyện: 2, cấp xã: 20 văn bản)"
  rank_by_the_score_before        "PAR Index ... đạt 94,696 điểm, đứng thứ 2 toàn tỉnh"
  same_measure_listed             "tỷ lệ ... đạt 98%, trong đó: Cấp tỉnh đạt 100%, cấp huyện đạt 97%"
  topic_of_the_paragraph          "Chỉ số cải cách hành chính năm 2024 ... Giá trị trung bình ... đạt 88,37%"
  only_the_noun                   "cấp thị xã có 353 TTHC"

A fact that fits nothing keeps no indicator; its noun and sentence still describe it.
"""
from __future__ import annotations

import csv
import functools
import tomllib
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Callable

import regex

from normalizers import patterns
from normalizers.boundaries import sentence_start
from normalizers.literals import Gate, caseless, fold, may_match, may_match_all, required, required_all, required_of
from normalizers.relations import REACH as _REACH, at, paren_after, part_noun_fits, restatement

DATA_DIR = Path(__file__).parent / "data"
_FLAGS = regex.IGNORECASE | regex.V1


@dataclass(frozen=True)
class Indicator:
    id: str
    kind: str                   # the catalog's kind: count, percent, ratio, money, score, rank
    unit: str                   # the catalog's unit label
    label: str                  # Vietnamese label, for exports
    meaning: str
    facts: frozenset[str]       # fact kinds it accepts
    units: frozenset[str] | None
    cues: tuple[regex.Pattern, ...]
    near: tuple[regex.Pattern, ...]
    after: tuple[regex.Pattern, ...]
    not_: tuple[regex.Pattern, ...]
    share_of: tuple[regex.Pattern, ...]
    not_in_clause: tuple[regex.Pattern, ...]
    not_in_tail: tuple[regex.Pattern, ...]
    not_in_sentence: tuple[regex.Pattern, ...]
    needs_in_segment: tuple[regex.Pattern, ...]
    followed_by: regex.Pattern | None
    default: bool
    derived_from: frozenset[str]  # a rate of these counts, a rank by these scores ("6.488 hồ sơ ..., đạt 99,99%")
    max: float | None
    better: str | None          # higher | lower | None
    meaning_vi: str = ""        # what it measures, in Vietnamese (indicators_vi.csv), for exports
    display_unit: str | None = None   # how exports show a money value ("tỷ đồng"); None: as stored


@dataclass(frozen=True)
class IndicatorRules:
    indicators: tuple[Indicator, ...]
    together: regex.Pattern
    compared: regex.Pattern
    tail_lead: regex.Pattern
    tail_aside: regex.Pattern
    tail_end: regex.Pattern
    share_end: regex.Pattern
    change: regex.Pattern
    own_measure: regex.Pattern
    own_noun: regex.Pattern
    rate_of_its_count: regex.Pattern
    score_result: regex.Pattern
    equivalent: regex.Pattern
    soft_break: regex.Pattern
    tones: dict[str, str]
    old_tones: regex.Pattern

    def modern_tones(self, text: str) -> str:
        """"hoá" -> "hóa", same length (offsets keep pointing at the same characters). `old_tones`
        is run only over a text where one of `tone_starts` finds a match: those patterns split its
        alternation by the tones' first letter, so together they match where it does (and a text
        without a match is left as it is by the substitution). Each opens with a literal, which
        `regex` jumps to: scanning a text for them costs less than half of testing it for the
        17 tones as written ("oà" is in every "hoàn", "toàn") and then scanning it with the
        alternation, which `regex` tries at every position. Most texts are in modern placement."""
        for p in self.tone_starts:      # (a loop, not any() over a generator: asked for every segment)
            if p.search(text):
                return self.old_tones.sub(lambda m: self.tones[m.group()], text)
        return text

    @functools.cached_property
    def tone_starts(self) -> tuple[regex.Pattern, ...]:
        """`old_tones` as one pattern per first letter of the tones: "o(?:á|à|...)(?!\\p{L})",
        "u(?:ý|...)(?!\\p{L})" (the same strings, the same look-ahead, case-sensitive alike)."""
        rest: dict[str, list[str]] = {}
        for tone in self.tones:
            rest.setdefault(tone[:1], []).append(tone[1:])
        return tuple(patterns.compile(regex.escape(first) + "(?:" + "|".join(map(regex.escape, tails)) + r")(?!\p{L})")
                     for first, tails in rest.items())

    def as_read(self, text: str) -> str:
        """The text as the cues read it, same length: modern tone placement, and a PDF's line wrapped
        inside a sentence joined with a space ("tỷ lệ khai thác, sử dụng lại thông\ntin, dữ liệu số hóa
        đạt 85,9%"), looked for only where what it requires (a line break, a tab) is written."""
        text = self.modern_tones(text)
        if not may_match(self.soft_needs, text if self.soft_caseless else fold(text)):
            return text
        return self.soft_break.sub(" ", text)

    @functools.cached_property
    def counted_nouns(self) -> tuple[tuple[int, Indicator, tuple[str, ...]], ...]:
        """Indicators that name the nouns they count, with those nouns (for str.startswith)."""
        return tuple((k, ind, tuple(sorted(ind.units))) for k, ind in enumerate(self.indicators) if ind.units)

    @functools.cached_property
    def counted_by_kind(self) -> dict[str, tuple[tuple[str, ...], dict[str, tuple[int, ...]]]]:
        """For each fact kind, the nouns that the indicators accepting it count (`counted_nouns`), and
        for each noun those indicators (catalog indices, in order): words that start with none of the
        nouns start with no such indicator's noun (one str.startswith)."""
        out = {}
        for kind in {kind for _, ind, _ in self.counted_nouns for kind in ind.facts}:
            entries = [(k, nouns) for k, ind, nouns in self.counted_nouns if kind in ind.facts]
            by_noun = {n: tuple(k for k, nouns in entries if n in nouns) for _, nouns in entries for n in nouns}
            out[kind] = (tuple(sorted(by_noun)), by_noun)
        return out

    @functools.cached_property
    def nouns_by_first(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """For each fact kind, its `counted_by_kind` nouns by their first character, in the same order:
        a text starts with a noun only if it starts with the noun's first character, so the nouns
        under its own first character (`text[:1]`) are all that can start it (a number's words were
        tested against all 19 nouns of a count, one str.startswith each, for every count written
        with its noun). A noun written empty, which starts every text, would sit under every
        character and under "", which also answers for a first character no noun starts with."""
        out = {}
        for kind, (nouns, _) in self.counted_by_kind.items():
            firsts = {n[:1] for n in nouns} | {""}
            out[kind] = {c: tuple(n for n in nouns if n[:1] in (c, "")) for c in firsts}
        return out

    @functools.cached_property
    def by_kind(self) -> dict[str, tuple[tuple[int, Indicator], ...]]:
        """The indicators that accept each fact kind, in catalog order: a number's candidates are
        those of its kind whose noun fits, so the others are never asked (`_accepts`)."""
        kinds = {kind for ind in self.indicators for kind in ind.facts}
        return {kind: tuple((k, ind) for k, ind in enumerate(self.indicators) if kind in ind.facts) for kind in kinds}

    @functools.cached_property
    def needs(self) -> dict[regex.Pattern, frozenset[str] | None]:
        """Each indicator pattern's required words (literals.required): a text holding none of them
        is not searched with it."""
        fields = ("cues", "near", "after", "share_of", "not_", "not_in_clause", "not_in_tail", "not_in_sentence",
                  "needs_in_segment")
        return {p: None if (need := required(p.pattern)) is None else frozenset(need)
                for ind in self.indicators for f in fields for p in getattr(ind, f)}

    @functools.cached_property
    def needs_rest(self) -> dict[regex.Pattern, tuple[tuple[tuple[str, ...], ...], ...] | None]:
        """Each cue and share_of pattern's every requirement, per branch (literals.required_all), where
        `needs` keeps one word per branch: "Chỉ\\s+số\\s+cải\\s+cách\\s+hành\\s+chính", asked where "chính"
        is written (nearly every clause), is searched only where "cách", "hành", "chỉ", "cải" and "số"
        are too. For a pattern of one branch, the requirement `needs` already tested is left out; None
        where they add nothing to it (a text holding a word of `needs` may match)."""
        out = {}
        for ind in self.indicators:
            for p in ind.cues + ind.share_of:
                every = required_all(p.pattern)
                if every is not None and len(every) == 1:
                    every = (tuple(one for one in every[0] if frozenset(one) != self.needs[p]),)
                out[p] = None if every is None or all(not branch for branch in every) else every
        return out

    @functools.cached_property
    def cue_gates(self) -> tuple[tuple[_Gate, ...], ...]:
        """Per indicator (in catalog order), its cues, each with the words one of which it requires
        (`needs`) and its other requirements (`needs_rest`), read off once rather than looked up for
        every cue of every number: a pattern may match a text (`_held`) only where the text holds one
        of the first (when it requires any) and every requirement of one branch of the second."""
        return self._gates_of("cues")

    @functools.cached_property
    def near_gates(self) -> tuple[tuple[_Gate, ...], ...]:
        """The same for its `near` patterns."""
        return self._gates_of("near")

    @functools.cached_property
    def share_gates(self) -> tuple[tuple[_Gate, ...], ...]:
        """The same for its `share_of` patterns."""
        return self._gates_of("share_of")

    def _gates_of(self, name: str) -> tuple[tuple[_Gate, ...], ...]:
        return tuple(tuple((p, self.needs[p], self.needs_rest.get(p)) for p in getattr(ind, name))
                     for ind in self.indicators)

    @functools.cached_property
    def not_gates(self) -> dict[str, Gate]:
        """Per indicator id (those with `not` patterns), which of them may match a text (literals.Gate):
        one substring test per word they require rather than a search per pattern (procedure.count
        has 14), and `_excluded` only asks whether one matches."""
        return {ind.id: Gate.of(ind.not_) for ind in self.indicators if ind.not_}

    @functools.cached_property
    def candidates(self) -> Callable[[str, str], Candidates]:
        """`_candidates` of a kind and a lower-case noun, kept for the next report that asks: a bounded
        cache of a pure function of this catalog (reports name few nouns; a document asked each
        of its nouns anew)."""
        return functools.lru_cache(maxsize=1024)(functools.partial(_candidates, self))

    @functools.cached_property
    def change_needs(self) -> tuple[str, ...] | None:
        """The words a change (`change`) requires (literals.required_of): "tăng", "giảm", ..., a dash."""
        return required_of(self.change)

    @functools.cached_property
    def own_measure_needs(self) -> tuple[str, ...] | None:
        """The words a measure named by the number's own words (`own_measure`) requires."""
        return required_of(self.own_measure)

    @functools.cached_property
    def rate_needs(self) -> tuple[str, ...] | None:
        """The words `rate_of_its_count` requires (a bracket, "lệ")."""
        return required_of(self.rate_of_its_count)

    @functools.cached_property
    def aside_needs(self) -> tuple[str, ...] | None:
        """The words an abbreviation in brackets (`tail_aside`) requires (literals.required)."""
        return required(self.tail_aside.pattern)

    @functools.cached_property
    def aside_caseless(self) -> bool:
        """Whether `aside_needs` may be looked for in the text unfolded (literals.caseless), asked once."""
        return caseless(self.aside_needs)

    @functools.cached_property
    def soft_needs(self) -> tuple[str, ...] | None:
        """The words a soft line break (`soft_break`) requires (literals.required)."""
        return required(self.soft_break.pattern)

    @functools.cached_property
    def soft_caseless(self) -> bool:
        """Whether `soft_needs` may be looked for in the text unfolded (literals.caseless), asked once."""
        return caseless(self.soft_needs)

    @functools.cached_property
    def cue_words(self) -> tuple[frozenset[str] | None, ...]:
        """Per indicator (in catalog order), the required words of its cues and `near` patterns, one
        of which a text must hold for any of them to match there; None when one of them requires
        none (it is always searched)."""
        return self._words_of("cues", "near")

    @functools.cached_property
    def share_words(self) -> tuple[frozenset[str] | None, ...]:
        """The same for the `share_of` patterns."""
        return self._words_of("share_of")

    def _words_of(self, *fields: str) -> tuple[frozenset[str] | None, ...]:
        out = []
        for ind in self.indicators:
            needs = [self.needs[p] for f in fields for p in getattr(ind, f)]
            out.append(None if None in needs else frozenset().union(*needs))
        return tuple(out)

    def get(self, indicator_id: str) -> Indicator:
        return self.by_id[indicator_id]

    @functools.cached_property
    def by_id(self) -> dict[str, Indicator]:
        """The indicators by id (ids are unique: `_catalog` refuses a duplicate)."""
        return {ind.id: ind for ind in self.indicators}


# a pattern, the words one of which it requires (`IndicatorRules.needs`) and its other requirements
# (`needs_rest`), as `IndicatorRules.cue_gates` gathers them
_Gate = tuple[regex.Pattern, frozenset[str] | None, tuple | None]


def _patterns(items: list[str] | None) -> tuple[regex.Pattern, ...]:
    return tuple(patterns.compile(p, _FLAGS) for p in items or [])


CATALOGS = ("indicators.csv", "indicators_local.csv")   # the shared catalog as is, then this project's additions
# every catalog indicator's Vietnamese meaning and the unit exports show it in: apart from the
# catalog, whose shared file stays verbatim
VIETNAMESE = "indicators_vi.csv"
_KEYS = {"facts", "units", "cues", "near", "after", "share_of", "not", "not_in_clause", "not_in_tail", "not_in_sentence",
         "needs_in_segment", "followed_by", "default", "derived_from", "max", "better"}


def _catalog(folder: Path) -> list[dict]:
    """The shared catalog (indicators.csv, copied verbatim) and the indicators this project adds
    (indicators_local.csv, same columns); an id may be in one of them only."""
    rows: list[dict] = []
    for name in CATALOGS:
        if (folder / name).exists():
            with open(folder / name, encoding="utf-8", newline="") as fh:
                rows += [r for r in csv.DictReader(fh) if r["metric_id"]]
    ids = [r["metric_id"] for r in rows]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"indicators listed twice in {' and '.join(CATALOGS)}: {dupes}")
    return rows


def _vietnamese(folder: Path, ids: list[str]) -> dict[str, dict]:
    """indicators_vi.csv by id. A row for an unknown id is refused (a typo would hide a meaning);
    an indicator without a row exports its label as its meaning (tests/test_export.py requires
    one for every indicator shipped)."""
    path = folder / VIETNAMESE
    if not path.exists():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        rows = {r["metric_id"]: r for r in csv.DictReader(fh) if r["metric_id"]}
    if extra := sorted(set(rows) - set(ids)):
        raise ValueError(f"{VIETNAMESE} has rows for indicators the catalog lacks: {extra}")
    return rows


def load_indicator_rules(lang: str = "vi", data_dir: Path = DATA_DIR) -> IndicatorRules:
    """The catalog and its cues; every catalog row needs a cue section and the other way round."""
    folder = data_dir / lang
    catalog = _catalog(folder)
    vietnamese = _vietnamese(folder, [row["metric_id"] for row in catalog])
    with open(folder / "indicators.toml", "rb") as fh:
        data = tomllib.load(fh)
    cues = data["indicator"]
    ids = [row["metric_id"] for row in catalog]
    missing, extra = set(ids) - set(cues), set(cues) - set(ids)
    if missing or extra:
        raise ValueError(f"indicators.csv and indicators.toml disagree: no cues for {sorted(missing)}, "
                         f"cues for unknown {sorted(extra)}")
    indicators = []
    for row in catalog:
        c = cues[row["metric_id"]]
        if unknown := set(c) - _KEYS:
            raise ValueError(f"indicators.toml [{row['metric_id']}]: unknown keys {sorted(unknown)}")
        if unknown := set(c.get("derived_from", [])) - set(ids):
            raise ValueError(f"indicators.toml [{row['metric_id']}]: derived_from names unknown {sorted(unknown)}")
        indicators.append(Indicator(
            id=row["metric_id"], kind=row["kind"], unit=row["unit"], label=row["label_vi"], meaning=row["meaning"],
            facts=frozenset(c.get("facts", [row["kind"]])),
            units=frozenset(u.lower() for u in c["units"]) if "units" in c else None,
            cues=_patterns(c.get("cues")),
            near=tuple(patterns.compile(f"(?:{p})\\s*$", _FLAGS) for p in c.get("near", [])),
            after=_patterns(c.get("after")), share_of=_patterns(c.get("share_of")), not_=_patterns(c.get("not")),
            not_in_clause=_patterns(c.get("not_in_clause")), not_in_tail=_patterns(c.get("not_in_tail")), not_in_sentence=_patterns(c.get("not_in_sentence")),
            needs_in_segment=_patterns(c.get("needs_in_segment")),
            followed_by=patterns.compile(c["followed_by"], _FLAGS) if "followed_by" in c else None,
            default=bool(c.get("default", False)), derived_from=frozenset(c.get("derived_from", [])),
            max=c.get("max"), better=c.get("better"),
            meaning_vi=(vietnamese.get(row["metric_id"], {}).get("meaning_vi") or "").strip() or row["label_vi"],
            display_unit=(vietnamese.get(row["metric_id"], {}).get("display_unit") or "").strip() or None,
        ))
    e = data["engine"]
    return IndicatorRules(
        indicators=tuple(indicators),
        together=patterns.compile(e["together"], _FLAGS), compared=patterns.compile(e["compared"], _FLAGS),
        tail_lead=patterns.compile(e["tail_lead"], _FLAGS), tail_aside=patterns.compile(e["tail_aside"], _FLAGS),
        tail_end=patterns.compile(e["tail_end"], _FLAGS),
        share_end=patterns.compile(e["share_end"], _FLAGS), change=patterns.compile(e["change"], _FLAGS),
        own_measure=patterns.compile(e["own_measure"], _FLAGS), own_noun=patterns.compile(e["own_noun"], _FLAGS),
        rate_of_its_count=patterns.compile(e["rate_of_its_count"], _FLAGS),
        score_result=patterns.compile(e["score_result"], _FLAGS), equivalent=patterns.compile(e["equivalent"], _FLAGS),
        soft_break=patterns.compile(e["soft_break"], _FLAGS),
        tones=data["tones"], old_tones=patterns.compile("(?:" + "|".join(map(regex.escape, data["tones"])) + r")(?!\p{L})"),
    )


@dataclass(frozen=True)
class Span:
    """A fact as the mapper sees it: offsets into the segment text."""
    kind: str
    unit: str
    start: int
    end: int


@dataclass(frozen=True)
class Mapping:
    indicators: tuple[str, ...]
    cue: str | None             # the words that decided it, for the analyst to check
    restates: int | None        # index of the fact this one restates (a percent after its x/y)
    by: str | None = None       # the rule that decided it


# Mapping's fields and their defaults, as _mapping_set_directly sets them
_MAPPING_FIELDS = (("indicators", MISSING), ("cue", MISSING), ("restates", MISSING), ("by", None))


def _mapping_set_directly(indicators: tuple[str, ...], cue: str | None, restates: int | None,
                          by: str | None = None) -> Mapping:
    """Mapping(indicators, cue, restates, by), its fields set directly: the frozen __init__ sets
    each through object.__setattr__, and one is built for every number. Mapping has no
    __post_init__ and no field outside __init__ (its fields and defaults are _MAPPING_FIELDS,
    checked below), and the dict is filled in field order, as __init__ fills it, so the two build
    the same object (tests/test_indicator_shortcuts.py)."""
    m = object.__new__(Mapping)
    m.__dict__.update(indicators=indicators, cue=cue, restates=restates, by=by)
    return m


# a changed Mapping is built by its own __init__
_new_mapping = (_mapping_set_directly if tuple((f.name, f.default) for f in fields(Mapping)) == _MAPPING_FIELDS
                and not hasattr(Mapping, "__post_init__") else Mapping)


def _noun_fits(units: frozenset[str] | None, unit: str) -> bool:
    """"văn bản quy phạm pháp luật" is a "văn bản"; an empty noun ("cấp xã: 20") is left to the cue."""
    if units is None or not unit:
        return True
    u = unit.lower()
    return any(u == n or (u.startswith(n) and not u[len(n)].isalpha()) for n in units)


def _accepts(ind: Indicator, span: Span) -> bool:
    if span.kind not in ind.facts:
        return False
    return span.kind == "percent" or _noun_fits(ind.units, span.unit)


@dataclass(frozen=True)
class Candidates:
    """The indicators a number of one kind and noun may be (`_accepts`), in catalog order, and the
    words their cues and share_of patterns require (`IndicatorRules.cue_words`, `share_words`)."""
    pairs: tuple[tuple[int, Indicator], ...]
    cue_words: frozenset[str]
    share_words: frozenset[str]
    # `_held`'s candidates where a text holds none or one of the words (most texts), read off the pairs once
    cue_index: _Index = field(compare=False)
    share_index: _Index = field(compare=False)
    # the few candidates some rules ask, in catalog order, picked once per list of candidates rather
    # than by walking every pair for every number: those with `after` patterns (each with its
    # pattern), those with `derived_from`, and those marked `default`
    after: tuple[tuple[int, Indicator, regex.Pattern], ...] = field(compare=False)
    derived: tuple[Indicator, ...] = field(compare=False)
    defaults: tuple[Indicator, ...] = field(compare=False)
    others: dict = field(default_factory=dict, compare=False)      # `written_nouns` by fact kind

    @functools.cached_property
    def ids(self) -> tuple[str, ...]:
        """The candidates' ids, in their order."""
        return tuple(ind.id for _, ind in self.pairs)

    def written_nouns(self, kind: str, rules: IndicatorRules
                      ) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
        """For a number of `kind` with these candidates: the nouns of `nouns_by_first` (by first
        character, in the same order) that name an indicator of its kind that is not a candidate,
        and for each of them those indicators (`counted_by_kind`, candidates left out). A noun all of
        whose indicators are candidates adds none (`_by_the_written_noun`): most nouns written after
        a number are its own."""
        if (got := self.others.get(kind)) is None:
            had = {k for k, _ in self.pairs}
            extra = {n: more for n, ks in rules.counted_by_kind[kind][1].items()
                     if (more := tuple(k for k in ks if k not in had))}
            got = self.others[kind] = ({c: tuple(n for n in nouns if n in extra)
                                        for c, nouns in rules.nouns_by_first[kind].items()}, extra)
        return got

    @staticmethod
    def of(pairs: tuple[tuple[int, Indicator], ...], rules: IndicatorRules) -> Candidates:
        cue_words = frozenset().union(*(rules.cue_words[k] or () for k, _ in pairs))
        share_words = frozenset().union(*(rules.share_words[k] or () for k, _ in pairs))
        return Candidates(pairs, cue_words, share_words, _Index.of(pairs, rules.cue_words, cue_words),
                          _Index.of(pairs, rules.share_words, share_words),
                          tuple((k, ind, p) for k, ind in pairs for p in ind.after),
                          tuple(ind for _, ind in pairs if ind.derived_from),
                          tuple(ind for _, ind in pairs if ind.default))


@dataclass(frozen=True)
class _Index:
    """The candidates `_held` keeps for a text holding none of the words (those with a pattern that
    requires none: `words_of` is None) or exactly one (those too, and those requiring it), in catalog
    order: the filter of every candidate by the words held, worked out once per list of candidates;
    for several words (`many`), worked out the first time a text holds them. Each answer is a pure
    function of the catalog and of which of its words are held, never of a document's text."""
    words_of: tuple[frozenset[str] | None, ...]
    pairs: tuple[tuple[int, Indicator], ...]
    none: tuple[tuple[int, Indicator], ...]
    one: dict[str, tuple[tuple[int, Indicator], ...]]
    many: dict[frozenset[str], tuple[tuple[int, Indicator], ...]]

    MANY = 256              # sets of words kept per list of candidates (a report holds a few dozen)

    @staticmethod
    def of(pairs: tuple[tuple[int, Indicator], ...], words_of: tuple[frozenset[str] | None, ...],
           words: frozenset[str]) -> _Index:
        return _Index(words_of, pairs, tuple((k, ind) for k, ind in pairs if words_of[k] is None),
                      {w: tuple((k, ind) for k, ind in pairs if (ws := words_of[k]) is None or w in ws) for w in words},
                      {})

    def kept(self, written: frozenset[str]) -> tuple[tuple[int, Indicator], ...]:
        """The candidates one of whose patterns requires no word or one of the words written."""
        if not written:
            return self.none
        if len(written) == 1:
            return self.one[next(iter(written))]
        if (kept := self.many.get(written)) is None:
            kept = tuple((k, ind) for k, ind in self.pairs
                         if (w := self.words_of[k]) is None or not w.isdisjoint(written))
            if len(self.many) < self.MANY:
                self.many[written] = kept
        return kept


def _candidates(rules: IndicatorRules, kind: str, unit: str) -> Candidates:
    """The indicators that accept a fact of this kind and (lower-case) noun (`_accepts`, which reads
    no more of the fact): only those of its kind are asked (the others refuse it for its kind), and
    whether its noun fits once per distinct list of nouns (most indicators of dossiers share theirs)."""
    pairs = rules.by_kind.get(kind, ())
    fits = {units: kind == "percent" or _noun_fits(units, unit) for units in {ind.units for _, ind in pairs}}
    return Candidates.of(tuple((k, ind) for k, ind in pairs if fits[ind.units]), rules)


@dataclass(slots=True)
class _Hit:
    """A cue found before a number. Read only (never hashed nor compared): not frozen, as a frozen
    dataclass sets each field through object.__setattr__, most of the cost of building one."""
    end: int
    length: int
    order: int
    indicator: Indicator
    start: int
    words: str


def _excluded(ind: Indicator, window: str, r: Reading) -> bool:
    # (loops, not any() over generators: asked for every indicator a rule would answer, most with no
    # pattern of one kind or the other)
    if ind.not_:
        for p in r.rules.not_gates[ind.id].open(fold(window)):   # those that may match (`not_gates`)
            if p.search(window):
                return True
    if ind.not_in_sentence:
        sentence = r.sentence
        for p in ind.not_in_sentence:
            if p.search(sentence):
                return True
    return False


def _held(text: str, words: frozenset[str], index: _Index
          ) -> tuple[tuple[tuple[int, Indicator], ...], frozenset[str], str]:
    """The candidates one of whose patterns (those `index.words_of` gathers the words of) may match
    the text, the words of `words` it holds and the folded text they were looked for in (for the
    other requirements of a pattern those words let through): the others have no match there and
    are not asked."""
    folded = fold(text)
    written = frozenset(filter(folded.__contains__, words))
    return index.kept(written), written, folded


def _tail(text: str, rules: IndicatorRules, span: Span, stop: int, next_end: int | None = None) -> str:
    """The words after a number that describe what it counts, up to the clause's next comma, bracket
    or number: "6.488 hồ sơ được giải quyết trước và đúng hạn, đạt 99,99%" -> "hồ sơ được giải quyết
    trước và đúng hạn". An abbreviation in brackets ("dịch vụ công (DVC) trực tuyến") is skipped. A
    percent said to equal a count (`equivalent`) is described by the words after that count: "tỷ lệ
    83,48%, tương đương 1,488 triệu hồ sơ trực tuyến toàn trình" -> "hồ sơ trực tuyến toàn trình".

    The lead is cut, then the asides: what one substitution of "lead|aside" removed (the lead, which
    matches, maybe empty, where the words start and only there, then every aside after it; an aside
    reads no character before where it starts), as one pass over the whole words cost about five
    times as much: `regex` finds no letter to skip to in that alternation."""
    start = span.end
    if span.kind == "percent" and next_end is not None and rules.equivalent.fullmatch(text, span.end, stop):
        start, stop = next_end, next_end + _REACH
    words = text[start:min(stop, start + _REACH)]
    # no words (the next number follows at once, or only white space does): what each step below
    # makes of "" is "" (a slice of it, or it with every match replaced by ""), so it is answered
    if not words:
        return words
    words = words[rules.tail_lead.match(words).end():]
    if not words:
        return words
    if may_match(rules.aside_needs, words if rules.aside_caseless else fold(words)):   # no bracket, no aside
        words = rules.tail_aside.sub("", words)
    end = (rules.share_end if span.kind == "percent" else rules.tail_end).search(words)
    return words[:end.start()] if end else words


def _by_the_written_noun(text: str, span: Span, rules: IndicatorRules, have: Candidates
                         ) -> list[tuple[int, Indicator]]:
    """Indicators whose noun is written right after the number although the fact's noun was read
    shorter: "ban hành 02 Nghị quyết QPPL" (noun read as "Nghị"), "306 phản ánh kiến nghị"."""
    if span.kind == "percent" or span.kind not in rules.counted_by_kind:
        return []
    # only the nouns that start with the words' first character can start them (`nouns_by_first`), and
    # only those naming an indicator it does not have can add one (`Candidates.written_nouns`)
    buckets, extra = have.others.get(span.kind) or have.written_nouns(span.kind, rules)
    written = text[span.end:span.end + 40].lstrip().lower()
    nouns = buckets.get(written[:1], buckets[""])
    if not written.startswith(nouns):             # the usual case: no such noun is written
        return []
    # the indicators (of its kind) one of whose nouns starts the words, in catalog order, but those it has
    ks = sorted({k for n in nouns if written.startswith(n) for k in extra[n]})
    return [(k, rules.indicators[k]) for k in ks]


def map_segment(text: str, spans: list[Span], rules: IndicatorRules, row_context: str = "",
                candidates_for: dict | None = None) -> list[Mapping]:
    """One Mapping per span, in order. `row_context` is a table row's headers and label cells;
    `candidates_for` may be shared by the segments of one document (kind and noun -> Candidates)."""
    text, row_context = rules.as_read(text), rules.modern_tones(row_context) if row_context else row_context
    prefix = row_context + " | " if row_context else ""
    segment = prefix + text
    out: list[Mapping] = []
    win = 0                                        # where the previous number's window starts
    told = 0                                       # end of the words a number's tail already claimed
    candidates_for = {} if candidates_for is None else candidates_for
    parens: dict[int, tuple[int, int] | None] = {}     # `Reading.parens`
    last = len(spans) - 1
    for i, span in enumerate(spans):
        # (positional arguments, as for the Reading below: `clause` is the third of sentence_start's
        # and the fifth of restatement's, after its rules, None for the relations' own)
        clause = sentence_start(text, span.start, True)
        related = restatement(text, spans, i, None, clause)
        restates = related.restates
        if related.reads_with_previous:
            pass                                           # read with the words of the number it restates
        elif i and spans[i - 1].end > clause:
            win = max(spans[i - 1].end, told)
        else:
            win = clause
        if i < last:
            nxt, nxt_end = spans[i + 1].start, spans[i + 1].end if spans[i + 1].kind == "count" else None
        else:
            nxt, nxt_end = len(text), None
        key = (span.kind, span.unit.lower())
        if key not in candidates_for:
            candidates_for[key] = rules.candidates(*key)
        usual = candidates_for[key]
        if more := _by_the_written_noun(text, span, rules, usual):
            usual = Candidates.of(usual.pairs + tuple(more), rules)
        if not usual.pairs:                        # what `choose` answers without reading the words
            out.append(_new_mapping((), None, restates))
            continue
        # (positional, in the order of Reading's fields, checked below its class: keywords are
        # matched to its __init__'s parameters one by one, for every number)
        reading = Reading(text, span, text[clause:span.start], prefix + text[win:span.start], segment, usual,
                          rules, spans[:i], out, restates, nxt, nxt_end, parens)
        mapping = choose(reading)
        if mapping.by == "words_after_the_noun":
            told = span.end + len(reading.tail)
        out.append(mapping)
    return out


class _once:
    """functools.cached_property without its lock: Python 3.11's takes one at every first read, a
    noticeable share of a Reading's cost, and a Reading is read by one thread only. The value is
    kept in the instance's __dict__, which then answers every later read."""

    def __init__(self, fn: Callable) -> None:
        self.fn, self.__doc__ = fn, fn.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner: type | None = None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Reading:
    """One number as the rules see it. The rules only read it; it is not frozen because a frozen
    dataclass sets each field through object.__setattr__, which made building one per number cost
    about a twentieth of the whole mapping."""
    text: str                   # the segment's text (modern tone placement)
    span: Span
    clause: str                 # the words before the number in its clause, numbers included
    window: str                 # the row's headers and labels, then the words before the number in its clause
    segment: str                # the row's headers and labels, then the whole segment
    candidates: Candidates
    rules: IndicatorRules
    before: list[Span]          # the segment's numbers before this one
    mapped: list[Mapping]       # ... and what they were mapped to
    restates: int | None
    next_start: int             # where the next number starts (the end of the text after the last)
    next_end: int | None        # where the next number ends, when it is a count
    # the brackets opened right after each number of the segment (relations.paren_after), by its index,
    # as `part_of_a_total` has asked them: shared by the segment's Readings
    parens: dict[int, tuple[int, int] | None] = field(default_factory=dict)

    # Read when a rule asks (most numbers are decided before one does).
    @_once
    def sentence(self) -> str:
        """The sentence before the number."""
        return self.text[sentence_start(self.text, self.span.start):self.span.start]

    @_once
    def tail(self) -> str:
        """The words after the number, to the next comma, bracket or number (`_tail`)."""
        return _tail(self.text, self.rules, self.span, self.next_start, self.next_end)

    @_once
    def has_own_words(self) -> bool:
        """`_words_of_its_own`, asked by two rules of a percent that neither decides."""
        return _words_of_its_own(self)


# the order map_segment passes a Reading's fields in, checked where `python -O` still checks it
if tuple(f.name for f in fields(Reading)) != ("text", "span", "clause", "window", "segment", "candidates", "rules",
                                              "before", "mapped", "restates", "next_start", "next_end", "parens"):
    raise TypeError("Reading's fields are not in the order map_segment passes them in")


def _mapping(r: Reading, ids: tuple[str, ...], cue: str | None, by: str) -> Mapping:
    return _new_mapping(ids, cue, r.restates, by)


def _usable(ind: Indicator, r: Reading, where: str) -> bool:
    """Not ruled out by its `not` words, and the words it needs are in the segment. (The tail is read
    only for an indicator with `not_in_tail` patterns.)"""
    if _excluded(ind, where, r):
        return False
    for p in ind.not_in_clause:
        if p.search(r.clause):
            return False
    if ind.not_in_tail:
        tail = r.tail
        for p in ind.not_in_tail:
            if p.search(tail):
                return False
    if not ind.needs_in_segment:
        return True
    for p in ind.needs_in_segment:
        if p.search(r.segment):
            return True
    return False


def _answers(*kinds: str) -> Callable[[Callable], Callable]:
    """The fact kinds a rule may answer for (`rule.kinds`): its first test answers None for a number of
    any other kind, so `choose` does not ask it about one (`_RULES_OF`)."""
    def mark(rule: Callable) -> Callable:
        rule.kinds = frozenset(kinds)
        return rule
    return mark


def phrase_right_after(r: Reading) -> Mapping | None:
    """A phrase right after the number names it: "2.706 hồ sơ trước hạn", "1.105 HS trực tuyến"."""
    if not r.candidates.after:
        return None
    words = r.text[r.span.end:r.span.end + _REACH]      # what `at` matches each pattern against
    after = [(m.end() - m.start(), k, ind, m.group()) for k, ind, p in r.candidates.after
             if (m := p.match(words)) and _usable(ind, r, r.window)]
    if not after:
        return None
    best = max(after, key=lambda a: (a[0], -a[1]))
    return _mapping(r, (best[2].id,), best[3].strip(), "phrase_right_after")


@_answers("count", "ratio", "percent", "rank")
def words_after_the_noun(r: Reading) -> Mapping | None:
    """A count's noun is followed by what happened to it: "có 6.488 hồ sơ được giải quyết trước và
    đúng hạn", "1,07 ngàn HS kỳ trước chuyển sang", "932 DVCTT toàn trình, 718 DVCTT một phần", a rank
    "đứng thứ 2 trong bảng xếp hạng cải cách hành chính". The
    cue that ends last in those words wins ("12 hồ sơ giải quyết trễ hạn" is late, not resolved).
    A percent is read with its `share_of` patterns: "tối thiểu 98% hồ sơ thủ tục hành chính tiếp nhận
    trong năm được giải quyết trước và đúng hạn"."""
    if r.span.kind not in words_after_the_noun.kinds or not r.tail.strip():
        return None
    tail = r.tail
    asked, index, gates = (r.candidates.share_words, r.candidates.share_index, r.rules.share_gates) \
        if r.span.kind == "percent" else (r.candidates.cue_words, r.candidates.cue_index, r.rules.cue_gates)
    kept, words, folded = _held(tail, asked, index)
    hits = []
    for k, ind in kept:
        for p, need, rest in gates[k]:          # those that may match (`cue_gates`)
            if (need is None or not need.isdisjoint(words)) and (rest is None or may_match_all(rest, folded)):
                for m in p.finditer(tail):
                    if _usable(ind, r, r.window + tail):
                        hits.append((m.end(), m.end() - m.start(), -k, ind, m.group()))
    if not hits:
        return None
    best = max(hits, key=lambda h: h[:3])
    return _mapping(r, (best[3].id,), " ".join(best[4].split()), "words_after_the_noun")


def _from_the_cue(r: Reading, window: str, found: list[_Hit]) -> str:
    """Where an indicator's `not` words are looked for: in prose the whole window; in a table row from
    the start of the header or label cell that holds its last cue. A table's caption and the other
    headers are broader than that cell: "đ) Kết quả đánh giá mức độ hài lòng | ... | Chỉ số thành phần |
    Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC | 88,31" is the satisfaction rate although the
    caption names the index group; words of the cue's own cell still rule it out ("Số hồ sơ nộp trực
    tuyến của các DVCTT toàn trình" counts dossiers, not services)."""
    if len(r.segment) == len(r.text):
        return window
    return window[window.rfind("|", 0, max(h.start for h in found)) + 1:]


def nearest_cue_before(r: Reading) -> Mapping | None:
    """The cue nearest before the number in its clause (a longer one on a tie): "giải quyết trước hạn
    219 hồ sơ, đúng hạn: 02 hồ sơ"; indicators named together share it: "Chỉ số PAR INDEX, ICT INDEX
    xếp thứ 1/7"."""
    rules, window, hits = r.rules, r.window, []
    kept, words, folded = _held(window, r.candidates.cue_words, r.candidates.cue_index)
    if not kept:
        return None
    lowered = "" if r.span.unit else window.lower()      # asked only of a number without a unit
    for k, ind in kept:
        if not r.span.unit and ind.units and not any(map(lowered.__contains__, ind.units)):
            continue                                        # "Tiếp nhận 01 và bổ nhiệm": no noun, no claim
        # only the cues that may match the window (`cue_gates`) are searched. (Loops, not comprehensions,
        # here and in the two rules that search the words after and the text before: in Python 3.11 a
        # comprehension is a function of its own, built and called for every candidate, and the names it
        # reads from its rule (the window, the words held, the candidate) become cells that every read of
        # them in the rule goes through: ~0.4 M instructions a sample report for the three)
        found = []
        for p, need, rest in rules.cue_gates[k]:
            if (need is None or not need.isdisjoint(words)) and (rest is None or may_match_all(rest, folded)):
                for m in p.finditer(window):
                    found.append(_Hit(m.end(), m.end() - m.start(), k, ind, m.start(), m.group()))
        # (an indicator without `near` patterns adds nothing here, so what follows it is not matched)
        if ind.near and (ind.followed_by is None or at(ind.followed_by, r.text, r.span.end)):
            for p, need, rest in rules.near_gates[k]:
                if (need is None or not need.isdisjoint(words)) and (rest is None or may_match_all(rest, folded)) \
                        and (m := p.search(window)):
                    found.append(_Hit(len(window), m.end() - m.start(), k, ind, m.start(), m.group()))
        if found and _usable(ind, r, _from_the_cue(r, window, found)):
            hits += found
    if not hits:
        return None
    best = max(hits, key=lambda h: (h.end, h.length, -h.order))
    chosen = [best]
    while True:
        first = chosen[-1]
        joined = []                 # (loops, as above: `window` and `r` stay plain names of the rule)
        for h in hits:
            if h.end <= first.start:
                for c in chosen:
                    if h.indicator is c.indicator:
                        break
                else:
                    if at(r.rules.together, window, h.end, first.start):
                        joined.append(h)
        if not joined:
            break
        chosen.append(max(joined, key=lambda h: (h.end, h.length)))
    ids = tuple(sorted({h.indicator.id for h in chosen}, key=r.candidates.ids.index))
    words = window[min(h.start for h in chosen):best.end]
    return _mapping(r, ids, " ".join(words.split()), "nearest_cue_before")


def what_it_restates(r: Reading) -> Mapping | None:
    """A percent that restates a count is that count's rate where the catalog has one
    (`derived_from`): "6.488 hồ sơ được giải quyết trước và đúng hạn, đạt 99,99%" is the in-time
    rate, "7.660 hồ sơ tiếp nhận trực tuyến, đạt tỷ lệ 90%" the online rate; a ratio in brackets
    after a percent restates it: "tỷ lệ hồ sơ trực tuyến toàn trình đạt 86,98% (265.456/305.194 hồ sơ)"."""
    if r.restates is None:
        return None
    said = r.mapped[r.restates].indicators
    words = r.text[r.before[r.restates].start:r.before[r.restates].end]
    if r.span.kind == "ratio":
        ids = tuple(i for _, ind in r.candidates.pairs if (i := ind.id) in said and _usable(ind, r, r.window))
        return _mapping(r, ids, f"= {words}", "what_it_restates") if ids else None
    for ind in r.candidates.derived:
        if not ind.derived_from.isdisjoint(said) and _usable(ind, r, r.window):
            return _mapping(r, (ind.id,), f"tỷ lệ của {words}", "what_it_restates")
    return None


def compared_with_an_earlier_value(r: Reading) -> Mapping | None:
    """The same measure for an earlier year, given beside this one: "(đạt 70.24 điểm) giảm 01 bậc so
    với năm 2022 (đạt 76.82 điểm)" takes the indicator of the number of its kind before it."""
    # the number it takes the indicator of first, then the words: both are pure and both must answer,
    # and most numbers have no mapped number of their kind before them (the first of a segment has none)
    before, mapped, kind = r.before, r.mapped, r.span.kind
    for j in range(len(before) - 1, -1, -1):
        if before[j].kind == kind and mapped[j].indicators:
            if not r.rules.compared.search(r.window):
                return None
            return _mapping(r, r.mapped[j].indicators, f"so sánh với {r.text[r.before[j].start:r.before[j].end]}",
                            "compared_with_an_earlier_value")
    return None


@_answers("count")
def part_of_a_total(r: Reading) -> Mapping | None:
    """The parts of a total in the parentheses after it inherit its indicator: "22 văn bản quy phạm
    pháp luật ... (cấp huyện: 2, cấp xã: 20 văn bản)"; those of a counted total with none get none."""
    if r.span.kind not in part_of_a_total.kinds or r.text.find("(", 0, r.span.start) < 0:
        return None     # only a count is a part (in_brackets_of), and only inside a bracket opened before it
    parens, start = r.parens, r.span.start
    for j in range(len(r.before) - 1, -1, -1):
        total = r.before[j]
        # in_brackets_of(r.text, total, r.span), its brackets (paren_after, a pure function of the segment's
        # text and where the total ends: ~50 k instructions, a loop over each character inside them) found
        # once per total for the segment's numbers (`Reading.parens`), not again for every count after it
        if total.kind != "count" or not part_noun_fits(r.span.unit, total.unit):
            continue
        if j in parens:
            paren = parens[j]
        else:
            paren = parens[j] = paren_after(r.text, total.end)
        if paren is not None and paren[0] < start < paren[1]:
            ids = tuple(i for i in r.mapped[j].indicators if not _excluded(r.rules.get(i), r.window, r))
            if ids or (total.unit and not r.mapped[j].indicators):
                # the parts of a total that measures nothing of the catalog measure nothing either: "số lượng
                # TTHC đề nghị sửa đổi ... là 09 TTHC (cấp tỉnh 05 TTHC, ...)" is no stock of procedures
                return _mapping(r, ids, f"phần của {r.text[total.start:total.end]}", "part_of_a_total")
            return None
    return None


def _same_sentence(r: Reading, j: int) -> bool:
    return r.before[j].start >= r.span.start - len(r.sentence)


@_answers("rank")
def rank_by_the_score_before(r: Reading) -> Mapping | None:
    """A rank after an index's score in the same sentence ranks by that index (`derived_from`):
    "chỉ số PAR Index ... đạt 94,696 điểm, đứng thứ 2 toàn tỉnh"."""
    if r.span.kind not in rank_by_the_score_before.kinds:
        return None
    for j in range(len(r.before) - 1, -1, -1):
        if not _same_sentence(r, j):
            break
        said = r.mapped[j].indicators
        for ind in r.candidates.derived:
            if not ind.derived_from.isdisjoint(said) and _usable(ind, r, r.window):
                return _mapping(r, (ind.id,), f"xếp hạng theo {r.text[r.before[j].start:r.before[j].end]}",
                                "rank_by_the_score_before")
    return None


def _words_of_its_own(r: Reading) -> bool:
    """A change ("tăng 94%", "cao hơn chỉ tiêu ... 10%"), a measure the number names itself ("tỷ lệ xử
    lý phản ánh ... 100%"), a noun it is a share of ("100% cơ quan, đơn vị") or a count of its clause
    it belongs to ("có 124/124 TTHC ... (đạt 100%)", "689 hồ sơ chiếm 3,45 %") keep a number from
    borrowing another's measure. Only the words since the last number, in its clause, count."""
    if r.restates is not None and r.before[r.restates].kind in ("count", "ratio", "money"):
        return True                     # the cheapest of the tests (all pure) first
    rules = r.rules
    clause_start = r.span.start - len(r.clause)
    since = max([clause_start] + [b.end for b in r.before])
    own = r.text[since:r.span.start]
    folded = fold(own)                  # a pattern is searched only where its words are (literals.required)
    return bool((may_match(rules.change_needs, folded) and rules.change.search(own))
                or (may_match(rules.own_measure_needs, folded) and rules.own_measure.search(own))
                or (r.span.kind == "percent" and rules.own_noun.match(r.text, r.span.end))
                or (may_match(rules.rate_needs, folded) and rules.rate_of_its_count.search(own) is not None
                    and any(b.kind in ("count", "ratio", "money") and b.start >= clause_start for b in r.before)))


@_answers("percent")
def same_measure_listed(r: Reading) -> Mapping | None:
    """Percents listed one after another for other units measure the same thing: "tỷ lệ ... đạt
    98%, trong đó: Cấp tỉnh đạt 100%, cấp huyện đạt 97%", "Đà Nẵng (58,89%), Hà Giang (55,76%)";
    not a change ("tăng 94% so với ...")."""
    if r.span.kind not in same_measure_listed.kinds or not any(b.kind == "percent" for b in r.before) \
            or r.has_own_words:
        return None                     # no percent before it: the loop below would find none (tests all pure)
    for j in range(len(r.before) - 1, -1, -1):
        if not _same_sentence(r, j):
            return None
        if r.before[j].kind == "percent" and r.mapped[j].indicators:
            ids = tuple(i for _, ind in r.candidates.pairs if (i := ind.id) in r.mapped[j].indicators)
            return _mapping(r, ids, f"như {r.text[r.before[j].start:r.before[j].end]}", "same_measure_listed") \
                if ids else None
    return None


@_answers("percent", "rank", "score")
def topic_of_the_paragraph(r: Reading) -> Mapping | None:
    """A percent or rank with no words of its own takes the measure its paragraph named last:
    "Chỉ số cải cách hành chính năm 2024 ... tăng trưởng tích cực. Giá trị trung bình toàn quốc đạt
    mức cao kỷ lục 88,37%"; not a change ("tăng 1,39%") nor a threshold ("từ 90% trở lên"). A score
    does so only as a unit's result (`score_result`): "công bố Chỉ số cải cách hành chính năm 2023 (PAR
    INDEX) ... Theo đó, Nam Định đạt 87,32", not "còn lại 6,5 điểm do các bộ, ngành Trung ương đánh giá"."""
    if r.span.kind not in topic_of_the_paragraph.kinds or len(r.segment) != len(r.text) \
            or r.has_own_words:                                  # a table row is read with its own headers
        return None
    if r.span.kind == "score" and not r.rules.score_result.search(r.clause):
        return None
    before = r.text[:r.span.start]
    kept, words, folded = _held(before, r.candidates.cue_words, r.candidates.cue_index)
    hits = []
    for k, ind in kept:
        for p, need, rest in r.rules.cue_gates[k]:          # those that may match (`cue_gates`)
            if (need is None or not need.isdisjoint(words)) and (rest is None or may_match_all(rest, folded)):
                for m in p.finditer(before):
                    if _usable(ind, r, r.window):
                        hits.append((m.end(), m.end() - m.start(), -k, ind, m.group()))
    if not hits:
        return None
    best = max(hits, key=lambda h: h[:3])
    return _mapping(r, (best[3].id,), " ".join(best[4].split()), "topic_of_the_paragraph")


def only_the_noun(r: Reading) -> Mapping | None:
    """An indicator marked `default` is taken when only the noun speaks for it: "cấp thị xã có 353 TTHC"."""
    if not r.span.unit:
        return None
    for ind in r.candidates.defaults:
        if _usable(ind, r, r.window) \
                and (ind.followed_by is None or at(ind.followed_by, r.text, r.span.end)):
            return _mapping(r, (ind.id,), f"({r.span.unit})", "only_the_noun")
    return None


# The rules in the order they are tried; the first that answers decides.
RULES = (phrase_right_after, words_after_the_noun, nearest_cue_before, what_it_restates,
         compared_with_an_earlier_value, part_of_a_total, rank_by_the_score_before, same_measure_listed,
         topic_of_the_paragraph, only_the_noun)


# RULES by fact kind, those that may answer for it (`_answers`), in the same order: a number is not
# asked the rules of other kinds, which would answer None (a call each, for most numbers 3 of 10)
_RULES_OF: dict[str, tuple[Callable[[Reading], Mapping | None], ...]] = {}


def _rules_of(kind: str) -> tuple[Callable[[Reading], Mapping | None], ...]:
    got = _RULES_OF[kind] = tuple(rule for rule in RULES if kind in getattr(rule, "kinds", (kind,)))
    return got


def choose(r: Reading) -> Mapping:
    """What the number measures: the first rule that answers, or nothing."""
    if r.candidates.pairs:
        kind = r.span.kind
        for rule in _RULES_OF.get(kind) or _rules_of(kind):
            if (mapping := rule(r)) is not None:
                return mapping
    return _new_mapping((), None, r.restates)
