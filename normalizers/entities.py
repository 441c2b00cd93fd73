"""Who a number belongs to: the units, bodies, level aggregates, the nation and the regions a
sentence names for it, and the subject of a text that has no UBND header.

The language is data (data/vi/entities.toml, plus the [entity] patterns of context.toml that
ContextRules carries); this module is the engine:

- `mentions` finds every candidate in a piece of text, each with where it stands;
- `entity_in_sentence` picks the number's own: a rank among the units of a level, a count of
  units, "... là <X>", the last mention before the number in its clause (or the subject of its
  sentence), a level or body named right after it; else None (the document's subject);
- `document_subject` reads a news or portal text's headline and opening and the units it
  names most.

One window: the sentence up to the number (cut at ". ", "! ", "? ", a new line) and the rest of
that sentence after it (`sentence_after`); the number's clause starts after the last "; ".
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from normalizers import memo, patterns
from normalizers.boundaries import SENTENCE_END
from normalizers.literals import (Gate, caseless, fold, matches_at_starts, may_match, may_match_all, required_all,
                                 required_of, starts_of)

from normalizers.periods import in_closed_parens
from normalizers.rules import ends
from normalizers.units import Gazetteer, Unit, split_unit_text

if TYPE_CHECKING:
    from normalizers.context import ContextRules
    from normalizers.documents import DocumentMeta

DATA = Path(__file__).parent / "data" / "vi" / "entities.toml"
_V = regex.V1
_I = regex.IGNORECASE | regex.V1
_SPACES = patterns.compile(r"\s+")
_TOTAL = patterns.compile(r"/\s*(\d+)")       # the total of a count written "31/124"
_DIGIT = patterns.compile(r"\d")
_SENTENCE_END = SENTENCE_END
NEAR = 90            # a mention further back than this is not the number's, unless it is its sentence's subject
SUBJECT_LEAD = 45    # a mention this close to the start of its sentence is the sentence's subject


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str
    unit_id: str | None
    kind: str            # unit | body | level | nation | region | own | counted


@dataclass(frozen=True)
class WhoRules:
    """The who-vocabulary, compiled. The cues that must end where their text ends (written "...$":
    the words before a mention, a rank or a number) are compiled by patterns.ending and asked with
    rules.ends: one attempt from the end instead of a search trying every position of the text
    (each source already ends with "$", so "(?:X$)$" matches what "X$" does). Marked "from the end"."""
    bodies: tuple[tuple[regex.Pattern, bool], ...]          # pattern, only in "thuộc/của <body>"
    aggregates: tuple[tuple[str, regex.Pattern], ...]       # entity, pattern
    same_level: frozenset[str]
    nation: regex.Pattern
    nation_entity: str
    speaker: regex.Pattern
    provinces_of_country: frozenset[int]
    region: regex.Pattern
    counted: tuple[tuple[regex.Pattern, str], ...]          # noun after the number, holder
    ranked_among: tuple[tuple[regex.Pattern, str], ...]     # text after the rank, level
    after_copula: regex.Pattern
    after_level: regex.Pattern
    level_people: regex.Pattern                             # from the end
    level_more: regex.Pattern
    counted_verb: regex.Pattern
    rank_cue: regex.Pattern                                 # from the end
    rank_step: regex.Pattern
    anaphora: regex.Pattern
    after_belongs: regex.Pattern
    object_before: regex.Pattern                            # from the end
    acted_at: regex.Pattern                                 # from the end
    not_subject: regex.Pattern                              # from the end
    unit_named: regex.Pattern
    bare_name: regex.Pattern
    bare_not_after: regex.Pattern                           # from the end
    scope_province: regex.Pattern
    list_head: regex.Pattern
    list_item: regex.Pattern
    joiner: regex.Pattern
    sibling: regex.Pattern
    level_split: regex.Pattern
    count: regex.Pattern
    body_level_end: regex.Pattern
    unowned_body: tuple[tuple[str, regex.Pattern], ...]     # level of the owner, pattern
    section_level: regex.Pattern
    section_two_wholes: regex.Pattern
    body_has_unit: regex.Pattern
    headline_levels: regex.Pattern
    level_word: dict[str, str]
    era_levels: dict[str, frozenset[str]]
    scope_district: regex.Pattern

    @cached_property
    def mention_gate(self) -> Gate:
        """The mention patterns, looked for only in a text that holds a word they require."""
        return Gate.of((*(p for p, _ in self.bodies), *(p for _, p in self.aggregates), self.nation, self.region,
                        self.unit_named))

    @cached_property
    def unit_named_starts(self) -> tuple[str, ...] | None:
        """The strings one of which each unit_named match starts with (literals.starts_of): its type
        words and their abbreviations, "UBND", "Ủy"."""
        return starts_of(self.unit_named)

    @cached_property
    def counted_any(self) -> regex.Pattern:
        """The counted patterns as one alternation, with their flags. Each is anchored at the text's
        start and `match` tries a branch there alone, backtracking through all of them: the union
        matches a text exactly when one of them does, so a text it does not match needs no attempt
        of each (counted_holder asks it for nearly every number, most of which count no unit)."""
        return patterns.compile("|".join(f"(?:{p.pattern.removeprefix('(?-f)')})" for p, _ in self.counted), _V)

    @cached_property
    def list_head_marks(self) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
        """Per branch of list_head, its requirements (literals.required_all) made only of ASCII
        characters other than letters (a colon): `regex` pairs those with themselves alone
        (literals.caseless), so a line lacking one of each branch's, as written, has no head in it
        (may_match_all); None where a branch has none (it may match any line)."""
        if required_of(self.list_head) is None:
            return None
        branches = required_all(self.list_head.pattern)
        if branches is None:
            return None
        marks = tuple(tuple(one for one in branch if caseless(one)) for branch in branches)
        return marks if all(marks) else None

    @cached_property
    def needs(self) -> dict[regex.Pattern, tuple[str, ...] | None]:
        """The cues asked of every number's window (`_may`), each with the words one of which its
        matches contain (literals.required_of)."""
        return {p: required_of(p) for p in (self.not_subject, self.rank_cue, self.acted_at, self.object_before,
                                            self.level_people, self.anaphora)}

    @cached_property
    def count_gate(self) -> Gate:
        """The patterns that read what a count counts (a rank's level, a counted noun): a text that
        lacks all their words holds no count that `mentions` keeps, nor does any part of it."""
        return Gate.of((*(p for p, _ in self.counted), *(p for p, _ in self.ranked_among)))


def _alternation(names: list[str]) -> str:
    """Names as one alternation, longest first, spaces matching any run of blanks."""
    return "|".join(_SPACES.sub(r"\\s+", regex.escape(n).replace(r"\ ", " "))
                    for n in sorted(names, key=len, reverse=True))


@cache
def load_who_rules(path: Path = DATA) -> WhoRules:
    with open(path, "rb") as fh:
        d = tomllib.load(fh)
    sector = _alternation(d["sectors"]["names"])
    region = _alternation(d["regions"]["names"])
    a = d["after"]
    return WhoRules(
        bodies=tuple((patterns.compile(b["pattern"].replace("{sector}", sector), _V), b.get("only_after", False))
                     for b in d["body"]),
        aggregates=tuple((g["entity"], patterns.compile(g["pattern"], _V)) for g in d["aggregate"]),
        same_level=frozenset(d["level"]["same_level"]),
        nation=patterns.compile(d["nation"]["pattern"], _V), nation_entity=d["nation"]["entity"],
        speaker=patterns.compile(d["nation"]["speaker"], _V),
        provinces_of_country=frozenset(d["nation"]["provinces_of_country"]),
        region=patterns.compile(d["regions"]["pattern"].replace("{region}", region), _V),
        counted=tuple((patterns.compile(r"^\s*(?:" + c["noun"] + r")(?!\p{L})", _V), c["holder"]) for c in d["counted"]),
        ranked_among=tuple((patterns.compile(r["after"], _V), r["level"]) for r in d["ranked_among"]),
        after_copula=patterns.compile(a["copula"], _V), after_level=patterns.compile(a["level"], _V),
        level_people=patterns.ending(a["level_people"], _V), level_more=patterns.compile(a["level_more"], _V), counted_verb=patterns.compile(d["counted_verb"]["pattern"], _V),
        rank_cue=patterns.ending(d["ranked_among_cue"]["pattern"], _V),
        rank_step=patterns.compile(d["ranked_among_cue"]["rank_step"], _V),
        anaphora=patterns.compile(d["anaphora"]["pattern"], _V),
        after_belongs=patterns.compile(a["belongs"], _V), object_before=patterns.ending(a["object_before"], _V), acted_at=patterns.ending(a["acted_at"], _V),
        not_subject=patterns.ending(d["not_subject"]["before"], _V),
        unit_named=patterns.compile(d["unit_named"]["pattern"], _V),
        bare_name=patterns.compile(d["bare_name"]["pattern"], _V),
        bare_not_after=patterns.ending(d["bare_name"]["not_after"], _V),
        scope_province=patterns.compile(d["own_scope"]["province"], _V),
        list_head=patterns.compile(d["lists"]["head"], _V), list_item=patterns.compile(d["lists"]["item"], _V),
        joiner=patterns.compile(d["glue"]["joiner"], _V), sibling=patterns.compile(d["glue"]["sibling"], _V),
        level_split=patterns.compile(d["glue"]["level_split"], _V), count=patterns.compile(d["glue"]["count"], _V),
        body_level_end=patterns.compile(d["glue"]["body_level_end"], _V),
        unowned_body=tuple((level, patterns.compile(p, _V)) for level, p in d["glue"]["unowned_body"].items()),
        body_has_unit=patterns.compile(d["glue"]["body_has_unit"], _V),
        section_level=patterns.compile(d["sections"]["level"], _V),
        section_two_wholes=patterns.compile(d["sections"]["two_wholes"], _V),
        headline_levels=patterns.compile(d["glue"]["headline_levels"], _V),
        level_word=d["levels"]["level_word"],
        era_levels={era: frozenset(levels) for era, levels in d["levels"]["of_era"].items()},
        scope_district=patterns.compile(d["own_scope"]["district"], _V),
    )


# the ASCII characters after which '.', '!' or '?' ends a sentence, as _SENTENCE_END itself says
_ASCII_ENDS = frozenset(ch for ch in map(chr, range(128)) if _SENTENCE_END.match("." + ch))


def sentence_after(text_after: str) -> str:
    """The rest of the number's sentence: text_after up to the first match of _SENTENCE_END, found
    with str.find. `text_after` is the rest of the number's segment (~130 characters, the sentence
    end ~90 in), and the pattern, which opens with a class, is tried at every position up to its
    match (~12,000 instructions a number; this ~5,000). Each match is one character: a new line,
    or a '.', '!' or '?' that white space or the text's end follows ("$" also holds before a final
    new line, which is white space anyway); the first match is the least of the first new line and
    the first such mark of each kind, each looked for only before the least found so far. A mark
    followed by an ASCII character is decided by the table the pattern itself made, any other by
    the pattern (tests/test_entity_sentence_after.py)."""
    n = len(text_after)
    end = text_after.find("\n")
    if end < 0:
        end = n
    for mark in ".!?":
        i = text_after.find(mark, 0, end)
        while i >= 0:
            if i + 1 == n:
                end = i
                break
            nxt = text_after[i + 1]
            if (nxt in _ASCII_ENDS) if nxt < "\x80" else _SENTENCE_END.match(text_after, i) is not None:
                end = i
                break
            i = text_after.find(mark, i + 1, end)
    return text_after[:end]


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


# --- resolving names ---------------------------------------------------------------------------

def _resolve_typed(gaz: Gazetteer, utype: str, name: str, province: str | None) -> Unit | None:
    """A typed name, trying shorter runs when more capitalised words follow the name (in the
    document's `province` first)."""
    words = name.split()
    for n in range(len(words), 0, -1):
        text = f"{utype} {' '.join(words[:n])}"
        unit = (gaz.resolve(text, province=province) if province else None) or gaz.resolve(text)
        if unit is not None:
            return unit
    return None


def _resolve_bare(gaz: Gazetteer, name: str, own: Unit | None) -> Unit | None:
    """A name without its type word: a province, or the document's `own` unit."""
    found = gaz.candidates(name)
    provinces = [u for u in found if u.level == "province"]
    if provinces:
        old = [u for u in provinces if u.era == "2008"]
        return (old or provinces)[0]
    if own is not None and any(u.unit_id == own.unit_id for u in found):
        return own
    return None


# A sentence's units are read again for each of its numbers (its text up to each one): the names
# are resolved once for the document, by what the resolution reads (the gazetteer, the name as
# written, the document's province or its own unit).

@memo.per_document(512)
def _named_unit(gaz: Gazetteer, type_text: str, name: str, whole: str, province: str | None) -> Unit | None:
    """The unit of a unit_named match (its type as written, its name, the whole match)."""
    utype, _ = split_unit_text(type_text.strip() + " X")          # "TX " -> thị xã, "Q." -> quận
    return (_resolve_typed(gaz, utype, name, province) if utype else None) or gaz.resolve(whole)  # "TPHCM"


@memo.per_document(512)
def _bare_unit(gaz: Gazetteer, name: str, own: Unit | None) -> Unit | None:
    return _resolve_bare(gaz, name, own)


def _unit_mentions(text: str, who: WhoRules, gaz: Gazetteer, meta: "DocumentMeta | None",
                   runnable: frozenset | None = None, folded: str | None = None,
                   begins: tuple[str, ...] | None = None) -> list[Mention]:
    """The units named in `text`; `folded`: fold(text), where the caller has it; `begins`: the starts
    of unit_named the text may hold (_MentionGates._left), where the caller knows them."""
    out = []
    if folded is None:
        folded = fold(text)
    if runnable is None:
        runnable = who.mention_gate.open(folded)
    if begins is None:
        begins = who.unit_named_starts
    province = meta.province if meta is not None else None
    for m in matches_at_starts(who.unit_named, begins, text, folded) if who.unit_named in runnable else ():
        unit = _named_unit(gaz, m["type"], m["name"], m.group(), province)
        if unit is not None:
            end = m.start("name") + len(" ".join(m["name"].split()[:len(unit.name.split())]))
            out.append(Mention(m.start(), end, unit.full_name, unit.unit_id, "unit"))
    taken = [(x.start, x.end) for x in out]
    for m in who.bare_name.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or ends(who.bare_not_after, text[:m.start()]):
            continue
        words = m["name"].split()
        own = meta.unit if meta is not None else None
        for n in range(len(words), 1, -1):
            unit = _bare_unit(gaz, " ".join(words[:n]), own)
            if unit is not None:
                end = m.start() + len(" ".join(words[:n]))
                out.append(Mention(m.start(), end, unit.full_name, unit.unit_id, "unit"))
                break
    return out


def complete_body(body: str, meta: "DocumentMeta | None") -> str:
    """ "Văn phòng UBND tỉnh" -> "Văn phòng UBND tỉnh Bình Thuận": a body written with a bare
    level word at its end is the body of the document's unit of that level; in a text without a
    header, a local body written without its unit too ("Sở Tài nguyên và Môi trường")."""
    body = _clean(body)
    who = load_who_rules()
    m = who.body_level_end.search(body)
    unit = _unit_of_level(meta, who.level_word.get(_clean(m["word"]).lower())) if m else None
    if m and unit:
        return body[:m.start()] + " " + unit.full_name
    if meta is not None and meta.headerless and not who.body_has_unit.search(body):
        level = next((lv for lv, p in who.unowned_body if p.search(body)), None)
        owner = _unit_of_level(meta, level)
        if owner is not None:
            return body + " " + owner.full_name
    return body


def _unit_of_level(meta: "DocumentMeta | None", level: str | None) -> Unit | None:
    if meta is None or meta.unit is None or level is None:
        return None
    if meta.unit.level == level:
        return meta.unit
    return meta.province_unit if level == "province" else None


def title_unit(title: str, gaz: Gazetteer, meta: "DocumentMeta | None") -> Unit | None:
    """The unit a document's title says it is about, when the title ends on one: an agency's
    report "Tình hình thực hiện các chỉ số PAR Index, SIPAS, PAPI, PCI, 766 của tỉnh Lâm Đồng"
    (Sở Nội vụ reports the province's figures); not a unit inside a body's name ("... của Trung
    tâm Phục vụ hành chính công tỉnh Vĩnh Phúc" is the centre's own report)."""
    if not title:
        return None
    who = load_who_rules()
    inside = [(m.start(), m.end()) for p, _ in who.bodies for m in p.finditer(title)]
    named = [x for x in _unit_mentions(title, who, gaz, meta)
             if x.unit_id and not any(s <= x.start < e for s, e in inside)]
    return gaz.units[named[-1].unit_id] if named else None


# --- mentions in a piece of text ----------------------------------------------------------------

def _levels_entity(levels_text: str, who: WhoRules, meta: "DocumentMeta | None") -> tuple[str, str | None, str]:
    """ "huyện, xã" -> "cấp huyện, cấp xã"; "phường, xã" stays one level; every level of the
    document's unit together is the unit itself ("cấp tỉnh, cấp xã" in a 2025 province)."""
    text = _clean(levels_text).lower()
    if text in who.same_level:
        return f"cấp {text}", None, "level"
    levels = [_clean(p) for p in who.level_split.split(text) if p.strip()]
    unit = meta.unit if meta is not None else None
    if unit is not None and unit.level == "province" and len(levels) > 1 and set(levels) >= who.era_levels[unit.era]:
        return unit.full_name, unit.unit_id, "own"
    return ", ".join(f"cấp {lv}" for lv in dict.fromkeys(levels)), None, "level"


def _may(who: WhoRules, pattern: regex.Pattern, folded: str) -> bool:
    """False only when the `fold`ed text lacks every word a cue of who.needs requires: then the cue
    has no match in it (the `literals` argument). The windows of a number mostly lack them ("tại",
    "thứ", "với", "này", ...), and a substring test per word costs a fraction of a match attempt.
    (Measured and dropped: the same test before the anchored cues read after a number, after_level,
    after_belongs, after_copula, rank_step: folding the rest of the sentence costs more than they do.)"""
    return may_match(who.needs[pattern], folded)


def ending(who: WhoRules, pattern: regex.Pattern, text: str, folded: str | None = None) -> regex.Match | None:
    """rules.ends(pattern, text) for a cue of who.needs, not asked where it cannot match (`_may`):
    the 20 to 60 characters before a number or a mention, folded, cost less than a match attempt.
    `folded`: fold(text), where the caller has it (`_fold_cut`)."""
    return ends(pattern, text) if _may(who, pattern, fold(text) if folded is None else folded) else None


def _fold_cut(text: str, folded: str, start: int, end: int) -> str:
    """fold(text[start:end]) (start, end >= 0), `folded` being fold(text). Folding is character by
    character (the Turkish i, then str.casefold, neither looking at a neighbour), and no character
    folds to nothing: where the two lengths agree each character folds to exactly one, so the fold
    of a slice is the same slice of the fold (tests/test_entity_fold_cuts.py). A number's sentence
    is folded once for its mentions and its cues read before the number and before each mention,
    instead of once for each of those windows."""
    return folded[start:end] if len(folded) == len(text) else fold(text[start:end])


@dataclass(frozen=True)
class _Run:
    """The mention patterns a text may match, as `mentions` runs them, in its order (the others
    have no match in the text)."""
    runnable: frozenset                                # the mention patterns, as a Gate opens them
    counting: frozenset                                # the count patterns (who.count_gate)
    level: bool
    aggregates: tuple[tuple[str, regex.Pattern], ...]
    own: bool
    office: bool
    province: bool
    bodies_before: tuple[regex.Pattern, ...]          # the bodies found before a number
    bodies_after: tuple[regex.Pattern, ...]           # and after it (also "thuộc/của <body>")
    nation: bool
    region: bool
    ranks: bool                                        # a pattern of who.ranked_among may match
    counts: bool                                       # a pattern of who.counted may match
    begins: dict                                       # pattern -> its starts left to look for (matches_at_starts)


class _MentionGates:
    """rules.mention_gate and who.mention_gate opened together, with who.count_gate, as `mentions`
    asks them for every text: each word the three gates require is looked for once (they share
    "cấp", "tỉnh", "xã", ...), and what a set of present words opens is worked out once for that
    set (a few hundred sets in a report), down to which of mentions' patterns run, instead of
    united anew and each pattern looked up in the union for every text. The sets are the gates'
    own: each gate opens its `always` and the patterns of every word of its own found in the
    text, the one test `Gate.open` makes.

    A mention pattern the gates open is then asked for every word it requires, not only its most
    telling one (`literals.required_all`: one branch of it must find a string of each of its
    requirements in the text, or it has no match): "cấp sở" opens on "cấp", in most sentences,
    and "Văn phòng UBND" on "phòng". A group of names is read as one branch per name (`spread`),
    each requiring all its words: the regions open on "trung" or "nguyên" ("Trung tâm", "tài
    nguyên"), where "Tây Nguyên" also needs "tây". What the present words already answer is
    worked out once for them (`_stage`); the words left are looked for in the text, for the few
    patterns opened. The count patterns are left as opened: they are anchored, one attempt each,
    as cheap as the test."""

    def __init__(self, rules: "ContextRules", who: WhoRules):
        self.rules, self.who = rules, who
        self.gates = (rules.mention_gate, who.mention_gate, who.count_gate)
        words = sorted({w for g in self.gates for w in g.words})
        self.bits = tuple((w, 1 << i) for i, w in enumerate(words))
        self.bit = dict(self.bits)
        # the words grouped by a character of theirs (`_guard`), each group looked for only in a text
        # holding its character: a text lacking a character of a word lacks the word. 45 substring
        # tests a text (~750 instructions each, mostly absent words scanning all of it) become 25 of
        # one character (a cheaper search) and ~13 of words (tests/test_entity_gate_guards.py)
        guards: dict[str, list[tuple[str, int]]] = {}
        unguarded = []
        for w, bit in self.bits:
            mark = _guard(w)
            if mark is None:
                unguarded.append((w, bit))
            else:
                guards.setdefault(mark, []).append((w, bit))
        self.unguarded = tuple(unguarded)
        self.guards = tuple((mark, tuple(ws)) for mark, ws in guards.items())
        mentioned = sorted({p for g in self.gates[:2] for p in (g.always.union(*g.by_word.values()))},
                           key=lambda p: p.pattern)
        self.pattern_bit = {p: 1 << i for i, p in enumerate(mentioned)}
        # required_all where required_of reads the pattern (its flags do not change what its text means)
        # (spread: one branch per alternative of a group of names, each requiring all its words)
        self.needs_all = {p: required_all(p.pattern, spread=True) for p in mentioned if required_of(p) is not None}
        # the strings each pattern's matches start with (literals.starts_of), for matches_at_starts
        self.begins = {p: starts_of(p) for p in mentioned}
        # each start with the gate words it holds (bits of self.bit), for _left
        self.begins_held = {p: None if b is None else tuple((w, sum(bit for g, bit in self.bits if g in w)) for w in b)
                            for p, b in self.begins.items()}
        self.staged: dict[int, tuple[int, tuple[tuple[int, tuple], ...]]] = {}
        self.opened: dict[tuple[int, int], _Run] = {}

    def present(self, folded: str) -> int:
        """The bits of the gates' words the `fold`ed text holds (self.bit)."""
        present = 0
        for word, bit in self.unguarded:
            if word in folded:
                present |= bit
        for mark, words in self.guards:
            if mark in folded:
                for word, bit in words:
                    if word in folded:
                        present |= bit
        return present

    def open(self, folded: str) -> _Run:
        """What may match the `fold`ed text."""
        present = self.present(folded)
        stage = self.staged.get(present)
        if stage is None:
            if len(self.staged) > 4096:          # a bound: not every set of words recurs
                self.staged.clear()
            stage = self.staged[present] = self._stage(present)
        closed, checks = stage
        for bit, need in checks:
            if not may_match_all(need, folded):
                closed |= bit
        got = self.opened.get((present, closed))
        if got is None:
            if len(self.opened) > 4096:
                self.opened.clear()
            got = self.opened[present, closed] = self._run(present, closed)
        return got

    def _stage(self, present: int) -> tuple[int, tuple[tuple[int, tuple], ...]]:
        """For the mention patterns the present words open: those closed by what the present words
        answer (bits of self.pattern_bit), and those that need words outside the gates' looked for,
        with what is left to find (`may_match_all`'s form: per branch still possible, its
        requirements not yet met)."""
        closed, checks = 0, []
        opened = frozenset().union(*(self._open(g, present) for g in self.gates[:2]))
        for pattern in sorted(opened, key=lambda p: p.pattern):
            branches = self.needs_all.get(pattern)
            if branches is None:
                continue
            left = []
            for branch in branches:
                rest = []
                for need in branch:
                    if all(w in self.bit for w in need):            # answered by the present words
                        if not any(present & self.bit[w] for w in need):
                            break                                   # unmet: the branch cannot match
                    else:
                        rest.append(need)
                else:
                    if not rest:                                    # every requirement met
                        break
                    left.append(tuple(rest))
            else:
                if left:
                    checks.append((self.pattern_bit[pattern], tuple(left)))
                else:
                    closed |= self.pattern_bit[pattern]
        return closed, tuple(checks)

    def _run(self, present: int, closed: int) -> _Run:
        rules, who = self.rules, self.who
        *mention, counting = (self._open(g, present) for g in self.gates)
        runnable = frozenset(p for p in frozenset().union(*mention) if not closed & self.pattern_bit[p])
        return _Run(runnable, counting, rules.level in runnable,
                    tuple((e, p) for e, p in who.aggregates if p in runnable),
                    rules.own in runnable, rules.office in runnable, rules.province in runnable,
                    tuple(p for p, only_after in who.bodies if p in runnable and not only_after),
                    tuple(p for p, _ in who.bodies if p in runnable),
                    who.nation in runnable, who.region in runnable,
                    any(p in counting for p, _ in who.ranked_among), any(p in counting for p, _ in who.counted),
                    {p: self._left(self.begins_held.get(p), present) for p in runnable})

    def _left(self, begins: tuple[tuple[str, int], ...] | None, present: int) -> tuple[str, ...] | None:
        """The starts of a pattern (literals.starts) the text may hold: not one holding a gate word
        the text lacks (the gates looked for each; a text lacking it lacks every string holding
        it), which matches_at_starts would look for again for nothing."""
        if begins is None:
            return None
        return tuple(b for b, held in begins if held & present == held)

    def _open(self, gate: Gate, present: int) -> frozenset:
        out = gate.always
        for word in gate.words:
            if present & self.bit[word]:
                out = out | gate.by_word[word]
        return out


def _guard(word: str) -> str | None:
    """The character of a gate word its text is first looked for (_MentionGates.present): a mark
    ("." of "tp.", "&"), else its last letter outside ASCII (a toned vowel, "ấ" of "cấp"), each
    written in fewer texts than the plain letters; None for a word of plain letters and digits.
    Which one only changes the cost: any character of the word rules it out where it is missing."""
    marks = [c for c in word if c.isascii() and not c.isalnum()] or [c for c in word if not c.isascii()]
    return marks[-1] if marks else None


_GATES: list[_MentionGates] = []


def _mention_gates(rules: "ContextRules", who: WhoRules) -> _MentionGates:
    """The gates of the rules together, made once for them (ContextRules and WhoRules are loaded
    once, and held here: the same objects while they live)."""
    for g in _GATES:
        if g.rules is rules and g.who is who:
            return g
    if len(_GATES) > 4:
        _GATES.clear()
    _GATES.append(_MentionGates(rules, who))
    return _GATES[-1]


def mentions(text: str, rules: "ContextRules", who: WhoRules, gaz: Gazetteer,
             meta: "DocumentMeta | None", after: bool = False, folded: str | None = None) -> list[Mention]:
    """Every who-candidate in `text` (the number's sentence before it, or `after` it); `folded`:
    fold(text), where the caller has it."""
    out: list[Mention] = []
    if folded is None:
        folded = fold(text)
    run = _mention_gates(rules, who).open(folded)
    begins = run.begins
    own_levels = rules.own_levels.get(meta.unit.level if meta is not None and meta.unit else "", [])
    for m in matches_at_starts(rules.level, begins[rules.level], text, folded) if run.level else ():
        levels = _clean(m["levels"]).lower()
        if levels in own_levels:
            name, uid = reporting(meta)
            out.append(Mention(m.start(), m.end(), name, uid, "own"))
        else:
            out.append(Mention(m.start(), m.end(), *_levels_entity(levels, who, meta)))
    for entity, pattern in run.aggregates:
        out += [Mention(m.start(), m.end(), entity, None, "level")
                for m in matches_at_starts(pattern, begins[pattern], text, folded)]
    for m in matches_at_starts(rules.own, begins[rules.own], text, folded) if run.own else ():
        name, uid = reporting(meta)
        out.append(Mention(m.start(), m.end(), name, uid, "own"))
    for m in matches_at_starts(rules.office, begins[rules.office], text, folded) if run.office else ():
        out.append(Mention(m.start(), m.end(), _clean(m["office"]), None, "body"))
    for m in matches_at_starts(rules.province, begins[rules.province], text, folded) if run.province else ():
        prov = meta.province_unit if meta is not None else None
        if prov is not None:
            out.append(Mention(m.start(), m.end(), prov.full_name, prov.unit_id, "own"))
    for pattern in run.bodies_after if after else run.bodies_before:
        out += [Mention(m.start(), m.end(), complete_body(m.group(), meta), None, "body")
                for m in matches_at_starts(pattern, begins[pattern], text, folded)]
    if run.nation:
        out += [Mention(m.start(), m.end(), who.nation_entity, None, "nation")
                for m in matches_at_starts(who.nation, begins[who.nation], text, folded)]
    if run.region:
        out += [Mention(m.start(), m.end(), "vùng " + _clean(m["region"]), None, "region")
                for m in matches_at_starts(who.region, begins[who.region], text, folded)]
    out += _unit_mentions(text, who, gaz, meta, run.runnable, folded, begins.get(who.unit_named))
    counting = run.counting
    for m in who.count.finditer(text) if counting else ():
        # ranked_unit reads the 40 characters before the rank; each answers None without a
        # pattern of its own that may match (`runnable`), so it is not asked then
        rest = text[m.end() - 1:]
        ranked = ranked_unit(text[max(0, m.start() - 40):m.start()], rest, who, meta, counting) if run.ranks else None
        holder = ranked or (counted_holder(rest, who, meta, count=m.group(), runnable=counting) if run.counts else None)
        if holder is not None:
            out.append(Mention(m.start(), m.end(), holder[0], holder[1], "rank" if ranked else "counted"))
    if not out:
        return out
    merged = _merge_lists(_drop_inner(out), text, who, gaz, meta)
    return [x for x in merged if ending(who, who.not_subject, text[max(0, x.start - 60):x.start],
                                        _fold_cut(text, folded, max(0, x.start - 60), x.start)) is None]


def _drop_inner(found: list[Mention]) -> list[Mention]:
    """A mention inside a longer one is part of it ("Trung tâm ... tỉnh" holds "tỉnh ...")."""
    found = sorted(found, key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for x in found:
        if out and x.start < out[-1].end and x.end <= out[-1].end:
            continue
        out.append(x)
    return out


def _merge_lists(found: list[Mention], text: str, who: WhoRules, gaz: Gazetteer,
                 meta: "DocumentMeta | None") -> list[Mention]:
    """Several units for one number: "Hà Nội và TP Hồ Chí Minh", "Huyện Gia Bình và Tiên Du"
    (the second name takes the first one's type), "Đồng bằng sông Cửu Long và Tây Nguyên"."""
    out: list[Mention] = []
    for x in found:
        if x.kind == "unit" and x.unit_id:
            x = _with_listed_sibling(x, text, who, gaz)
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == x.kind and x.kind in ("unit", "region", "body")
                and who.joiner.fullmatch(text[prev.end:x.start])):
            out[-1] = Mention(prev.start, x.end, f"{prev.name}, {x.name}", None, x.kind)
        else:
            out.append(x)
    return out


def _with_listed_sibling(x: Mention, text: str, who: WhoRules, gaz: Gazetteer) -> Mention:
    m = who.sibling.match(text[x.end:])
    if not m:
        return x
    unit = gaz.units[x.unit_id]
    parent = gaz.units.get(unit.parent_id)
    sibling = gaz.resolve(f"{unit.type} {m['name']}", within=parent) if parent else None
    if sibling is None or sibling.unit_id == unit.unit_id:
        return x
    return Mention(x.start, x.end + m.end(), f"{x.name}, {sibling.full_name}", None, "unit")


def ranked_unit(before: str, after: str, who: WhoRules, meta: "DocumentMeta | None",
                runnable: frozenset | None = None, before_f: str | None = None) -> tuple[str, str | None] | None:
    """A rank among the units of one level is the rank of the document's unit of that level:
    "Bình Thuận xếp thứ 34/63 tỉnh, thành", "xếp thứ 2/13 huyện, thị, thành phố". `runnable`: the
    patterns who.count_gate opens for a text holding `after` (the others cannot match it).
    `before_f`: fold(before), where the caller has it."""
    near = max(0, len(before) - 40)
    if ending(who, who.rank_cue, before[near:], None if before_f is None else _fold_cut(before, before_f, near, len(before))) is None:
        return None
    for pattern, level in who.ranked_among:
        unit = _unit_of_level(meta, level) if (runnable is None or pattern in runnable) and pattern.match(after) else None
        if unit is not None:
            return unit.full_name, unit.unit_id
    return None


def counted_holder(after: str, who: WhoRules, meta: "DocumentMeta | None",
                   as_subject: bool = True, count: str = "", runnable: frozenset | None = None) -> tuple[str, str | None] | None:
    """A count of units of one level belongs to the whole that holds them: "53 địa phương" to
    the nation, "5/9 huyện, thành phố" to the province, "10/17 bộ" to the ministries; in a
    sentence only as the subject of its clause (`as_subject`), before its verb. `count` is the
    number as written: "31/124 địa phương" out of a total that is not the country's number of
    provinces are the localities of the document's province. `runnable`: as ranked_unit's."""
    if runnable is None and who.counted_any.match(after) is None:
        return None
    for pattern, holder in who.counted:
        m = pattern.match(after) if runnable is None or pattern in runnable else None
        if m and (not as_subject or who.counted_verb.match(after[m.end():])):
            total = _TOTAL.search(count)
            if holder == "nation" and total and int(total[1]) not in who.provinces_of_country:
                unit = _unit_of_level(meta, "province")
                if unit is not None:
                    return unit.full_name, unit.unit_id
            if holder == "nation":
                return who.nation_entity, None
            if holder in ("province", "district"):
                # communes counted in a province's report are the province's ("Trung tâm Phục vụ
                # hành chính công tại 124/124 xã, phường, đặc khu đã đi vào nề nếp")
                unit = _unit_of_level(meta, holder) or (_unit_of_level(meta, "province") if holder == "district" else None)
                return (unit.full_name, unit.unit_id) if unit else None
            return holder, None
    return None


# --- the number's entity -----------------------------------------------------------------------

def reporting(meta: "DocumentMeta | None") -> tuple[str, str | None]:
    """The document's own: its subject (a body, the nation, a level) or its unit."""
    if meta is None:
        return "", None
    if meta.subject:
        return meta.subject, None
    if meta.unit is not None:
        return meta.unit.full_name, meta.unit.unit_id
    return meta.unit_name or "", None


@dataclass(frozen=True)
class Window:
    """The number's window: its sentence up to the number, where its clause starts (after the
    last "; "), the rest of the sentence after it, and the mentions before it that are not in a
    bracket closed before the number."""
    before: str
    clause_start: int
    after: str
    found: tuple[Mention, ...]
    earlier: str = ""          # the paragraph before the sentence (for "tỷ lệ này")
    number: str = ""           # the number as written ("31/124")
    before_f: str | None = None  # fold(before)

def entity_in_sentence(sentence: str, clause_start: int, after: str, rules: "ContextRules", gaz: Gazetteer,
                       meta: "DocumentMeta", earlier: str = "", number: str = "",
                       folded: str | None = None) -> tuple[str, str | None] | None:
    """The number's own entity from its sentence (`sentence` ends where the number starts,
    `after` runs from its end, `earlier` is the text before the sentence), or None for the
    document's: the first step that finds one. `folded`: fold(sentence), where the caller has it."""
    who = load_who_rules()
    if folded is None:
        folded = fold(sentence)
    found = tuple(x for x in mentions(sentence, rules, who, gaz, meta, folded=folded) if not in_closed_parens(sentence, x.start))
    near = max(0, len(sentence) - 20)
    # the cue only keeps bodies out of what was found: with nothing found there is nothing to drop
    if found and ending(who, who.acted_at, sentence[near:], _fold_cut(sentence, folded, near, len(sentence))):
        # the units an agency acts on are the document's, not the agency's: "Theo Kế hoạch, Sở Nội
        # vụ đã phối hợp với các ngành có liên quan kiểm tra tại 42/42 cơ quan, đơn vị, địa phương"
        found = tuple(x for x in found if x.kind != "body")
    w = Window(sentence, clause_start, sentence_after(after), found, earlier, number, folded)
    for step in (_at_the_number, _named_before, _named_after, _subject_of_sentence, _list_head, _referred_back):
        entity = step(w, rules, who, gaz, meta)
        if entity is not None:
            return entity
    return None


def _at_the_number(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """What the number itself says: a rank among a level's units ("xếp thứ 34/63 tỉnh, thành"),
    a count of units ("53 địa phương ghi nhận"), a subject right after it ("xếp vị trí thứ 2 là
    vùng Đông Nam Bộ")."""
    found = ranked_unit(w.before, w.after, who, meta, before_f=w.before_f) or counted_holder(w.after, who, meta, count=w.number)
    if found is not None:
        return found
    m = who.after_copula.match(w.after)
    if m:
        first = [x for x in mentions(w.after[m.end():], rules, who, gaz, meta) if x.start == 0]
        if first and first[0].kind in ("unit", "region", "body"):
            return first[0].name, first[0].unit_id
    return None


def _named_before(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """The last mention before the number in its clause, near it or opening the clause (or the
    list after a colon or an open bracket): "cấp tỉnh tiếp nhận 7.744 hồ sơ (có 6.488 ..., 5.402".
    A sentence naming no one before the number (most) has nothing to choose from: the clause's
    lead and the rank step, read only to choose among what was found, are not read."""
    if not w.found:
        return None
    lead = _lead_start(w.before, w.clause_start)
    step = who.rank_step.match(w.after) is not None       # "...xếp thứ 34/63 tỉnh, thành; tăng 20 bậc"
    near = [x for x in w.found if x.start >= max(w.clause_start, len(w.before) - NEAR)
            or any(x.start >= at and x.start - at <= SUBJECT_LEAD for at in (w.clause_start, lead))
            or (step and x.kind == "rank" and x.start >= len(w.before) - NEAR)]
    if near:
        x = max(near, key=lambda t: t.start)
        return x.name, x.unit_id
    return None


def _named_after(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """A level or an owner named after the number: "trên 80% tổng số hồ sơ ... tại cấp huyện",
    "gồm 3.585 biên chế cấp tỉnh", "08 chi cục thuộc Sở Nông nghiệp và Môi trường"; not a
    category of officials nor the object of someone else's action ("tại 6 đơn vị cấp tỉnh")."""
    # the level after the number first: one anchored attempt that fails for most numbers, where
    # the cue before it (words looked for, then a match) would be read for nothing
    m = who.after_level.match(w.after)
    near = max(0, len(w.before) - 60)
    if m and ending(who, who.object_before, w.before[near:],
                    None if w.before_f is None else _fold_cut(w.before, w.before_f, near, len(w.before))) is None:
        if ending(who, who.level_people, w.after[:m.end()]) is None:
            levels, end = [m["level"]], m.end()
            while more := who.level_more.match(w.after[end:]):
                levels.append(more["level"])
                end += more.end()
            return _levels_entity(", ".join(levels), who, meta)[:2]
    m = who.after_belongs.match(w.after)
    if m:
        first = [x for x in mentions(w.after[m.end():], rules, who, gaz, meta, after=True) if x.start == 0]
        if first and first[0].kind in ("unit", "body", "level"):
            return first[0].name, first[0].unit_id
    return None


def _subject_of_sentence(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """The subject that opens the sentence carries to its later clauses: "Sở Tư pháp đã thực hiện
    tự kiểm tra 13 Quyết định ...; kiểm tra 03 văn bản QPPL"."""
    subject = [x for x in w.found if x.start <= SUBJECT_LEAD and x.kind != "counted"]
    if subject:
        x = max(subject, key=lambda t: t.start)
        return x.name, x.unit_id
    return None


def _list_head(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """An item of a list under a head naming a level ("- Cấp xã: ... gồm:" then "+ ...: 8 đơn vị")."""
    return meta.list_levels.get(_item_key(w.before)) if meta.list_levels else None


def _referred_back(w: Window, rules, who: WhoRules, gaz: Gazetteer, meta) -> tuple[str, str | None] | None:
    """ "tỷ lệ này" with no one named in its sentence: the last one the sentence before names."""
    if not w.earlier or not _may(who, who.anaphora, fold(w.before) if w.before_f is None else w.before_f) \
            or not who.anaphora.search(w.before):
        return None
    previous = w.earlier.rstrip().rstrip(".!?")         # up to the end of the sentence before
    start = max((m.end() for m in _SENTENCE_END.finditer(previous)), default=0)
    found = [x for x in mentions(previous[start:], rules, who, gaz, meta) if x.kind != "counted"]
    if found:
        x = max(found, key=lambda t: t.start)
        return x.name, x.unit_id
    return None


SECTION_WORDS = 15     # a heading longer than this is a sentence set as a heading, not a topic


def section_subject(headings: tuple[str, ...], rules: "ContextRules", gaz: Gazetteer,
                    meta: "DocumentMeta") -> tuple[str, str | None] | None:
    """The whole a section speaks of, from its headings, nearest first: a level aggregate, the
    nation or a region that a short heading names as its topic ("1. Khái quát chung khối các
    tỉnh", "II. ĐỐI VỚI CẤP XÃ", "* Kết quả xếp loại chung của cấp xã:") is whose its numbers
    are when their sentences name no one. Not a heading naming two wholes ("… CỦA CÁC SỞ, NGÀNH,
    ĐỊA PHƯƠNG"), a level inside a name ("CHỈ SỐ NĂNG LỰC CẠNH TRANH CẤP TỈNH (PCI)") or a
    sentence set as a heading ("c) … cấp xã chưa được xác định vị trí việc làm"). A unit in a
    heading is left to the sentences: headings name the reporting unit as often as another."""
    for heading in headings:
        key = (heading, id(rules), id(gaz), id(meta))
        kept = _HEADINGS.get(key)
        if kept is None:
            kept = _HEADINGS[key] = (_heading_subject(heading, rules, gaz, meta), (rules, gaz, meta))
        if kept[0] is not None:
            return kept[0]
    return None


# A section's headings are its parents' and its own: a document's first headings are read again
# for each section under them. What one heading says is kept for the document, with the rules,
# gazetteer and metadata it was read with by identity (none of them hashes; none changes while
# its document is read: read_metadata fills the metadata before any heading is read). The answer
# kept holds them, so none is freed and its id reused while it is kept (as tables._MAPS).
_HEADINGS: dict[tuple[str, int, int, int], tuple] = memo.per_document_dict()


def _heading_subject(heading: str, rules: "ContextRules", gaz: Gazetteer,
                     meta: "DocumentMeta") -> tuple[str, str | None] | None:
    """The whole one heading names as its topic (section_subject), or None to read the next."""
    if len(heading.split()) > SECTION_WORDS:
        return None
    who = load_who_rules()
    wholes = {(x.name, x.unit_id) for x in mentions(heading, rules, who, gaz, meta)
              if x.kind in ("level", "nation", "region")}
    if who.section_two_wholes.search(heading) or len(wholes) > 1:
        return None
    if wholes:
        return wholes.pop()
    # a level as the topic that ends a heading needs no verb after it ("II. KẾT QUẢ CẤP XÃ")
    m = who.section_level.search(heading.strip().rstrip(":.").rstrip())
    own_levels = rules.own_levels.get(meta.unit.level if meta is not None and meta.unit else "", [])
    if m and _clean(m["levels"]).lower() not in own_levels:
        return _levels_entity(m["levels"].lower(), who, meta)[:2]
    return None


_LEAD_MARKS = patterns.compile(r"[():]", regex.V1 | regex.REVERSE)     # found last to first


def _lead_start(sentence: str, clause_start: int) -> int:
    """Where the number's clause, or the list it opens, starts: after the last "; ", or after a
    ":" or an open bracket that is still open at the number ("(kết quả: Các cơ quan ... có 11/15")."""
    lead = clause_start
    depth = 0
    # the brackets and colons from the end back to the clause's start, the only characters that
    # change anything: one reverse search instead of a Python step per character
    for m in _LEAD_MARKS.finditer(sentence, clause_start):
        i = m.start()
        ch = sentence[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return max(lead, i + 1)
            depth -= 1
        elif ch == ":" and depth == 0 and lead == clause_start:
            lead = i + 1
    return lead


def _item_key(line: str) -> str:
    """A list item's words before its first number: how an item is found again from its sentence."""
    return _clean(_DIGIT.split(line, maxsplit=1)[0])


def list_levels(text: str, who: WhoRules, meta: "DocumentMeta") -> dict[str, tuple[str, str | None]]:
    """Items of a "+" list under a head naming a level ("- Cấp tỉnh: ... gồm:") take that level;
    keyed by the item's words before its first number. An item found under two heads is left out.
    Outside a head's list (most of a report) a line without a head's marks (who.list_head_marks: a
    colon) is not read: it is no head, so it leaves `current` None, and an item there is keyed under
    nothing; the two patterns cost ~7,000 instructions on a paragraph's line, the test ~100."""
    out: dict[str, tuple[str, str | None]] = {}
    seen: set[str] = set()
    current = None
    marks = who.list_head_marks
    for line in text.split("\n"):
        line = line.strip()
        if not line or current is None and not may_match_all(marks, line):
            continue
        if who.list_item.match(line):
            key = _item_key(line)
            if current is not None and key:
                if key in seen:
                    out.pop(key, None)
                else:
                    out[key] = current
                seen.add(key)
            continue
        m = who.list_head.match(line)
        current = _levels_entity(m["levels"], who, meta)[:2] if m else None
    return out


# --- the subject of a text without a header -----------------------------------------------------

@dataclass(frozen=True)
class Subject:
    unit: Unit | None          # the unit the text is about (or the province its body belongs to)
    subject: str | None        # a body, a level aggregate or the nation, when the text is about that


def _headline(text: str) -> tuple[str, int]:
    """The first line when it reads as a headline (short, no full stop at its end), and where the
    opening after it starts."""
    lines = text.split("\n")
    i = next((k for k, l in enumerate(lines) if l.strip()), None)
    if i is None:
        return "", 0
    first = lines[i].strip()
    start = sum(len(l) + 1 for l in lines[:i + 1])
    if len(first) <= 160 and (not first.endswith(".") or first.endswith(("...", "…"))):
        return first, start
    return "", sum(len(l) + 1 for l in lines[:i])


def document_subject(text: str, rules: "ContextRules", gaz: Gazetteer, meta: "DocumentMeta",
                     named_in_file: Unit | None = None) -> Subject:
    """What a news or portal text is about, read from its headline, its opening and the units it
    names most: a body in the headline ("Văn phòng UBND tỉnh: ..."), a unit in the headline
    ("Thị xã Kỳ Anh đứng thứ 2 ...", "Hà Nội tái cấu trúc ..."), a level aggregate in the headline
    ("... tại bộ phận một cửa cấp huyện, xã"), the nation ("... của 6 vùng kinh tế - xã hội",
    "toàn quốc", "cả nước"), else the unit named in the opening or most often. A text that names
    no unit at all is about the province its file is named after (`named_in_file`), if any."""
    who = load_who_rules()
    head, open_at = _headline(text)
    opening = text[open_at:open_at + 300]
    named = Counter()
    units: dict[str, Unit] = {}
    for part, weight in ((head, 3), (opening, 2), (text, 1)):
        for x in _unit_mentions(part, who, gaz, None):
            if x.unit_id and "," not in x.name:
                named[x.unit_id] += weight
                units[x.unit_id] = gaz.units[x.unit_id]
    in_head = [x for x in _unit_mentions(head, who, gaz, None) if x.unit_id]
    in_opening = {x.unit_id for x in _unit_mentions(opening, who, gaz, None) if x.unit_id}
    best = max(named, key=lambda k: (named[k], -text.find(units[k].name))) if named else None
    province = _common_province(units.values(), gaz)
    home = (units[best] if best else province) or named_in_file

    speaker = who.speaker.search(head)
    heads = [(m.start(), m.group(), "body") for p, only in who.bodies if not only for m in p.finditer(head)
             if not (speaker and speaker.end() <= m.start() <= speaker.end() + 1)]   # "Bộ trưởng Bộ Nội vụ:"
    heads += [(m.start(), m["levels"], "level") for m in who.headline_levels.finditer(head)]
    heads.sort()
    if heads and heads[0][2] == "body":
        owner = home if home is None or home.level == "province" else gaz.units[home.province_id]
        return _body_subject(heads[0][1], owner, meta)
    if in_head:
        return Subject(gaz.units[in_head[0].unit_id], None)
    if speaker:
        return Subject(None, who.nation_entity)
    if heads:
        return Subject(province, _levels_entity(heads[0][1], who, None)[0])
    nation_head = who.nation.search(head) or any(
        counted_holder(head[m.end() - 1:], who, None, as_subject=False) == (who.nation_entity, None)
        for m in who.count.finditer(head))
    if nation_head:
        return Subject(None, who.nation_entity)
    speaks_of_province = (province is not None and home is not None and home.level != "province"
                          and len(who.scope_province.findall(text)) > len(who.scope_district.findall(text)))
    if speaks_of_province:
        return Subject(province, None)
    many = _province_of_many(units, gaz)
    if many is not None and best not in in_opening:
        return Subject(many, None)
    if best and (best in in_opening or named[best] >= 2):
        return Subject(units[best], None)
    if who.nation.search(text):
        return Subject(None, who.nation_entity)
    return Subject(home, None)


def _body_subject(body: str, owner: Unit | None, meta: "DocumentMeta") -> Subject:
    from dataclasses import replace
    probe = replace(meta, unit=owner) if owner is not None else meta
    return Subject(owner, complete_body(body, probe))


MANY_UNITS = 8        # a text naming this many units without a header is a table of them


def _province_of_many(units: dict[str, Unit], gaz: Gazetteer) -> Unit | None:
    """A text without a header that names many units (an appendix ranking the communes and
    departments of a province: "Phụ lục III KẾT QUẢ ĐÁNH GIÁ ... 1 | UBND đặc khu Phú Quý | 12,00
    ...") is about the province most of them lie in, at least twice as many as in any other (a
    bare commune name also resolves to namesakes elsewhere)."""
    if len(units) < MANY_UNITS:
        return None
    counts = Counter(u.province_id for u in units.values()).most_common(2)
    if len(counts) > 1 and counts[0][1] < 2 * counts[1][1]:
        return None
    return gaz.units[counts[0][0]]


def _common_province(units, gaz: Gazetteer) -> Unit | None:
    """The one province every named unit lies in (districts named without their province)."""
    ids = {u.province_id for u in units}
    return gaz.units[ids.pop()] if len(ids) == 1 else None
