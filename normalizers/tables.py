"""Whose number a table cell is: the unit, body or level its row is about.

A ranking or statistics table names its rows' subjects in the label cells left of the numbers:
a commune or province of the gazetteer ("UBND xã Tuyên Quang", "Lâm Đồng"), a body by its kind
("Sở Tư pháp", "Ban Quản lý các khu công nghiệp", "Vườn Quốc gia …"), or a level the row is
about ("Số VBQPPL do cấp tỉnh ban hành"). A summary row ("Chỉ số trung bình", "Tổng cộng")
belongs to the set the table ranks ("cấp xã"), not to one of its units. The words are data
(data/vi/context.toml, [table]); this module is the engine.
"""
from __future__ import annotations

import tomllib
import weakref
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from normalizers import literals, memo, patterns
from normalizers.documents import DocumentMeta, map_era
from normalizers.units import Gazetteer, Unit, split_unit_text

DATA = Path(__file__).parent / "data" / "vi" / "context.toml"
_SPACES = patterns.compile(r"\s+")
_NAME_WORDS = 5          # a unit's name is short ("Phan Rang - Tháp Chàm"); a label longer is a sentence
_BODY_WORDS = 14         # "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp"
_APOSTROPHES = ("’", "‘", "ʼ", "`")    # read as "'" (str.replace for each: translate looks up every character)
_CAPITALISED = patterns.compile(r"^\p{Lu}\p{Ll}*(?:\s*-\s*|\s+)?")
_LETTER = patterns.compile(r"\p{L}")


@dataclass(frozen=True, eq=False)
class TableRules:
    """Compared (and hashed, as a key of `_label_entity`'s cache) by identity: there is one per data
    file, load_table_rules being cached."""
    body: regex.Pattern
    body_sets: dict[str, str]
    default_body_set: str
    unit_sets: dict[str, str]
    summary: regex.Pattern
    level: regex.Pattern
    levels_named: regex.Pattern
    level_names: dict[str, str]
    whole_levels: dict[str, list[str]]
    own_committee: dict[str, str]


@cache
def load_table_rules(path: Path = DATA) -> TableRules:
    with open(path, "rb") as fh:
        t = tomllib.load(fh)["table"]
    ci = regex.IGNORECASE | regex.V1
    return TableRules(body=patterns.compile(t["body"], regex.V1), body_sets=t["body_sets"],
                      default_body_set=t["default_body_set"], unit_sets=t["unit_sets"],
                      summary=patterns.compile(t["summary"], ci), level=patterns.compile(t["level"], ci),
                      levels_named=patterns.compile(t["levels_named"], ci),
                      level_names=t["level_names"], whole_levels=t["whole_levels"],
                      own_committee=t["own_committee"])


def _clean(text: str) -> str:
    return patterns.one_space(text).strip(" \t.;:,")


@dataclass(frozen=True, eq=False)
class _Map:
    """What of a document's metadata a label is read against: the unit it reports on, its province
    and whether it names units of the 2025 map. A label's entity depends on nothing else of the
    document, so the answer found for one row label holds for the same label in the document's
    other rows and cells.

    Compared and hashed by identity (eq=False), as a key of the label caches: `_map_of` gives the
    one map it made for the document's unit, province and era each time they are asked again, so
    a kept answer is found by a hash of the map's address, not by hashing the unit's seven fields
    in Python (two generated __hash__ calls) and building a frozen map for every cell. Two equal
    maps that are not the same object only miss the cache: the answer, a function of the label
    and the map's fields, is worked out again, the same."""
    unit: Unit | None
    province: str | None
    era: str | None


# the maps made for the document being read, by the unit's identity (id: the map kept holds the
# unit, which cannot be freed and its id reused while it is kept), province and era
_MAPS: dict[tuple[int, str | None, str | None], _Map] = memo.per_document_dict()


def _map_of(meta: DocumentMeta) -> _Map:
    # the document's map, read once in documents.py
    key = (id(meta.unit), meta.province, "2025" if map_era(meta) == "2025" else None)
    found = _MAPS.get(key)
    if found is None:
        found = _MAPS[key] = _Map(meta.unit, key[1], key[2])
    return found


def _resolve(text: str, gaz: Gazetteer, where: _Map) -> Unit | None:
    era = where.era
    found = gaz.candidates(text)        # gaz.resolve(text, ...) is gaz.narrow(found, ...): found once
    for kwargs in (({"within": where.unit},) if where.unit is not None else ()) + ({"province": where.province}, {}):
        if era:
            unit = gaz.narrow(found, era=era, **kwargs)
            if unit is not None:
                return unit
        unit = gaz.narrow(found, **kwargs)
        if unit is not None:
            return unit
    return None


def unit_in_label(label: str, gaz: Gazetteer, meta: DocumentMeta) -> tuple[str, Unit | None] | None:
    """A gazetteer unit a label names: with its type word ("UBND phường Mũi Né", "phường 1 Bảo
    Lộc", "xã D’Ran" written with a typographic apostrophe) or, for a province, by its bare
    name as national tables print them ("Lâm Đồng", "Bình Thuận")."""
    return _unit_in_label(label, weakref.ref(gaz), _map_of(meta))


# A table's labels are read again for each of its cells (the entity of every number of a row, the
# set its rows make up, whether a cell names a unit): the answers are kept for the next asking. A
# document has a few hundred labels, kept for that document only (normalizers/memo.py). The
# gazetteer is a key by a weak reference: a kept answer does not keep a gazetteer (14,000 units)
# alive, and a reference to one that is gone equals no other.
_LABELS_KEPT = 4096


@memo.per_document(maxsize=_LABELS_KEPT)
def _unit_in_label(label: str, gaz_ref: weakref.ref, where: _Map) -> tuple[str, Unit | None] | None:
    gaz = gaz_ref()
    if not _LETTER.search(label):
        return None             # a figure ("95,5", "100%"): no type word, and no capitalised name
    for mark in _APOSTROPHES:
        label = label.replace(mark, "'")
    utype, name = split_unit_text(label)
    if not name or not (name[:1].isupper() or name[:1].isdigit()) or len(name.split()) > _NAME_WORDS:
        return None
    if utype:
        unit = _resolve(label, gaz, where)
        return (unit.full_name if unit else f"{utype} {name}"), unit
    if all(_CAPITALISED.match(w) for w in name.split()):
        unit = gaz.resolve(f"tỉnh {name}") or gaz.resolve(f"thành phố {name}")
        if unit is not None and unit.level == "province":
            return unit.full_name, unit
    return None


def body_in_label(label: str, rules: TableRules) -> str | None:
    """A body named by its kind: "Sở Tư pháp", "Văn phòng UBND tỉnh", "Thanh tra tỉnh"."""
    label = _clean(label)
    if len(label.split()) > _BODY_WORDS:
        return None
    m = rules.body.match(label)
    return label[m.start("kind"):] if m else None


def _level_name(words: str, rules: TableRules) -> str:
    level = _SPACES.sub(" ", words).lower()
    return rules.level_names.get(level.split(",")[0], level)


def level_in_label(label: str, rules: TableRules) -> tuple[str, bool] | None:
    """The level a statistics row is about, and whether the label names that level's People's
    Committee: "do cấp tỉnh ban hành" -> ("cấp tỉnh", False); none when the label names two
    levels ("… thuộc sở, ngành và UBND cấp xã")."""
    # a label without a word the pattern requires has no match (normalizers/literals.py): most row
    # labels name no level, and `regex` tries the pattern's opening alternation at every character
    if not literals.may_match(literals.required_of(rules.level), literals.fold(label)):
        return None
    m = rules.level.search(label)
    if not m or len({_level_name(n.group(), rules) for n in rules.levels_named.finditer(label)}) > 1:
        return None
    return _level_name(m.group("level"), rules), m.group("committee") is not None


def label_entity(label: str, gaz: Gazetteer, meta: DocumentMeta, rules: TableRules
                 ) -> tuple[str, Unit | None] | None:
    return _label_entity(label, weakref.ref(gaz), _map_of(meta), rules)


@memo.per_document(maxsize=_LABELS_KEPT)
def _label_entity(label: str, gaz_ref: weakref.ref, where: _Map, rules: TableRules) -> tuple[str, Unit | None] | None:
    if not label.strip() or rules.summary.match(label.strip()):
        return None
    found = _unit_in_label(label, gaz_ref, where)
    if found:
        return found
    body = body_in_label(label, rules)
    if body:
        return body, None
    found = level_in_label(label, rules)
    if found is None:
        return None
    level, committee = found
    if where.unit is not None and (level in rules.whole_levels.get(where.unit.level, [])
                                   or committee and rules.own_committee.get(where.unit.level) == level):
        return where.unit.full_name, where.unit
    return level, None


def is_summary(label: str, rules: TableRules) -> bool:
    return bool(rules.summary.match(label.strip()))


def set_of(entities: list[tuple[str, Unit | None]], rules: TableRules) -> str | None:
    """The set a table's rows make up ("cấp xã" for communes, "cấp tỉnh" for departments), by
    the kind most of its resolved rows are; None when the rows are not units or bodies."""
    sets: dict[str, int] = {}
    for name, unit in entities:
        if unit is not None:
            key = rules.unit_sets.get(unit.level)
        else:
            m = rules.body.match(name)
            key = (rules.body_sets.get(_SPACES.sub(" ", m.group("kind")), rules.default_body_set)
                   if m else None)
        if key:
            sets[key] = sets.get(key, 0) + 1
    return max(sets, key=sets.get) if sets else None
