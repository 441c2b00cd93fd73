"""Administrative units: find a unit named in a report in the gazetteer, in either era.

The gazetteer (data/vi/gazetteer, built by scripts/build_gazetteer.py) holds the map in force
until 30 June 2025 (era "2008": province > district > commune) and the map from 1 July 2025
(era "2025": province > commune), plus which old commune became which new one. Names are
compared after tone-placement normalisation (underthesea's text_normalize table: "Hoà" -> "Hòa"),
case folding and spacing around punctuation ("Phan Rang - Tháp Chàm" = "Phan Rang-Tháp Chàm").
"""
from __future__ import annotations

import csv
import importlib.util
import pickle
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import regex

from normalizers import literals, patterns

GAZETTEER_DIR = Path(__file__).parent / "data" / "vi" / "gazetteer"
ALIASES = Path(__file__).parent / "data" / "vi" / "unit_aliases.toml"

LEVEL_OF_TYPE = {"tỉnh": "province", "thành phố": None, "huyện": "district", "quận": "district",
                 "thị xã": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
                 "đặc khu": "commune"}
# "TP. Cao Lãnh", "TX An Nhơn", "H. An Lão", "UBND xã ..."; longest first
_ABBREVIATIONS = [(r"\bthành phố\b", "thành phố"), (r"\btp\.?\s*", "thành phố "), (r"\btx\.?\s*", "thị xã "),
                  (r"\btt\.\s*", "thị trấn "), (r"\bh\.\s*", "huyện "), (r"\bq\.\s*", "quận "),
                  (r"\bp\.\s*", "phường ")]
_PREFIX = patterns.compile(r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd|thường trực)\s+", regex.I)
_TYPE = patterns.compile(r"^(thành phố|thị xã|thị trấn|tỉnh|huyện|quận|phường|xã|đặc khu)\s+(.+)$")


_ABBREVIATIONS_RE = [(c, r, literals.required_of(c)) for c, r in ((patterns.compile(p, regex.I), r) for p, r in _ABBREVIATIONS)]


# underthesea's text_normalize is a table of syllables written with the tone on another vowel or
# with a misspelt onset ("hoà" -> "hòa", "nghành" -> "ngành") looked up word by word. The table is
# read from the installed package without importing it: importing underthesea loads every model
# it has and cost 0.35 s of each command's start-up, for a lookup in a dict of 2,904 words.
_UNDERTHESEA_RULES = ("pipeline", "text_normalize", "tn_rules_2023_07_14.bin")
_WORD = patterns.compile(r"\p{L}+")
_PUNCTUATION_SPACES = patterns.compile(r"\s*([^\p{L}\p{N}\s])\s*")


@dataclass(frozen=True)
class SyllableRules:
    syllables: dict[str, str]         # a syllable as written -> as underthesea writes it
    characters: dict[str, str]        # "ð" -> "đ"


@cache
def syllable_rules() -> SyllableRules:
    spec = importlib.util.find_spec("underthesea")
    path = Path(spec.submodule_search_locations[0]).joinpath(*_UNDERTHESEA_RULES) if spec else None
    if path is None or not path.is_file():
        raise RuntimeError(f"underthesea's normalisation table not found ({'/'.join(_UNDERTHESEA_RULES)}): "
                           "reinstall the project (pip install -e .) with underthesea 9.x")
    with open(path, "rb") as fh:
        data = pickle.load(fh)      # the package's own data file, as underthesea itself loads it
    return SyllableRules(data["token"], data["character"])


def normalize_syllables(text: str) -> str:
    """Each word written as underthesea's text_normalize writes it (its tone placement and
    spelling table), the spacing left as it is."""
    rules = syllable_rules()
    for odd, standard in rules.characters.items():
        text = text.replace(odd, standard)
    # a word the table does not list is left as it is: most names hold none it lists, and then
    # the text is the answer, found without a Python call for each word of it
    if rules.syllables.keys().isdisjoint(_WORD.findall(text)):
        return text
    # underthesea leaves a token longer than 6 characters as it is
    return _WORD.sub(lambda m: m.group() if len(m.group()) > 6 else rules.syllables.get(m.group(), m.group()), text)


def name_key(name: str) -> str:
    """The comparison form of a place name (no type word): tone placement and spelling as
    underthesea normalises them, case folded, no space around punctuation ("Phan Rang - Tháp
    Chàm" = "Phan Rang-Tháp Chàm", "TP. HCM" = "TP.HCM", "Ia H' Drai" = "Ia H'Drai")."""
    s = normalize_syllables(name.strip()).casefold()
    if _words_and_single_spaces(s):
        return s.strip()
    s = _PUNCTUATION_SPACES.sub(r"\1", s)
    return patterns.one_space(s).strip()


def _words_and_single_spaces(s: str) -> bool:
    """Whether `s` is letters and digits (str.isalnum) between single spaces: then neither of
    name_key's substitutions changes it (no character outside [\\p{L}\\p{N}\\s], the only ones the
    first matches; no run of \\s but a single " ", which the second writes back as it is), and
    both, each a `regex` try at every character, are left out. Every character str.isalnum accepts
    is one `regex` reads as \\p{L} or \\p{N} (tests/test_doc_shortcuts.py checks every character)."""
    return "  " not in s and s.replace(" ", "").isalnum()


def split_unit_text(text: str) -> tuple[str | None, str]:
    """'UBND TX. An Nhơn' -> ('thị xã', 'An Nhơn'); a bare name -> (None, name)."""
    s = _PREFIX.sub("", text.strip())
    low = s.casefold()
    folded = literals.fold(low)
    for pattern, repl, need in _ABBREVIATIONS_RE:
        # an abbreviation whose letters the text lacks ("tp", "h.") has no match there: the text
        # is left as it is (normalizers/literals.py)
        if not literals.may_match(need, folded):
            continue
        new = pattern.sub(repl, low, count=1)
        if new != low:
            low = new
            break
    m = _TYPE.match(patterns.one_space(low).strip())
    if not m:
        return None, s.strip()
    # keep the original capitalisation of the name part
    name = s[len(s) - len(m.group(2)):] if s.casefold().endswith(m.group(2)) else m.group(2)
    return m.group(1), name.strip()


@dataclass(frozen=True)
class Unit:
    unit_id: str           # "2008:52.549.21925": era, then official province.district.commune codes
    era: str               # "2008" (until 30/6/2025) or "2025"
    level: str             # province | district | commune
    type: str              # tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu
    name: str
    parent_id: str
    province_id: str

    @property
    def full_name(self) -> str:
        return f"{self.type} {self.name}".strip()

    @property
    def code(self) -> str:
        """The official code of the unit itself (last part of its id)."""
        return self.unit_id.split(":")[1].split(".")[-1]


_UNIT_FIELDS = ("unit_id", "era", "level", "type", "name", "parent_id", "province_id")


class Gazetteer:
    def __init__(self, units: list[Unit], successors: dict[str, str], keys: list[str] | None = None,
                 aliases: dict[str, str] | None = None) -> None:
        self.units = {u.unit_id: u for u in units}
        self.successors = successors
        self._aliases = aliases or {}
        self._by_name: dict[str, list[Unit]] = {}
        self._province_keys: dict[str, str] = {}     # a province's id -> name_key of its name
        for i, u in enumerate(units):
            self._by_name.setdefault(keys[i] if keys else name_key(u.name), []).append(u)

    @cached_property
    def aliases(self) -> dict[str, str]:
        """Short forms the press uses ("TPHCM", "TP.HCM"): comparison form -> official "type name"."""
        return {name_key(k): v for k, v in self._aliases.items()}

    @classmethod
    def load(cls, folder: Path = GAZETTEER_DIR) -> "Gazetteer":
        # csv.reader rather than DictReader: a dict per row of 14,000 was a fifth of start-up
        with open(folder / "units.csv", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            rows = list(reader)
        fields = [header.index(f) for f in _UNIT_FIELDS]
        units = [Unit(*(r[i] for i in fields)) for r in rows]
        keys = [r[header.index("key")] for r in rows] if "key" in header else None
        with open(folder / "successors.csv", encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            old, new = header.index("old_unit_id"), header.index("new_unit_id")
            successors: dict[str, str] = {}
            for r in reader:                       # sorted file; a split commune keeps its first part
                successors.setdefault(r[old], r[new])
        with open(ALIASES, "rb") as fh:
            aliases = tomllib.load(fh)["aliases"]
        return cls(units, successors, keys, aliases)

    def candidates(self, text: str) -> list[Unit]:
        text = self.aliases.get(name_key(_PREFIX.sub("", text.strip())), text)
        utype, name = split_unit_text(text)
        found = self._by_name.get(name_key(name), [])
        if utype:
            found = [u for u in found if u.type == utype]
        return found

    def resolve(self, text: str, province: str | None = None, within: Unit | None = None,
                era: str | None = None) -> Unit | None:
        """The unit a name refers to, narrowed by province name, an enclosing unit, or era.

        Returns None when nothing matches or several units remain (an ambiguous name such as
        "An Lão", which exists in two provinces, needs its province)."""
        return self.narrow(self.candidates(text), province, within, era)

    def narrow(self, found: list[Unit], province: str | None = None, within: Unit | None = None,
               era: str | None = None) -> Unit | None:
        """`resolve` of a name whose `candidates` are `found`: a caller trying one name under several
        narrowings (tables._resolve, documents.read_metadata) finds its candidates once, not once a
        try (two name_key and a dozen `regex` calls each). `found` is read, never changed."""
        if era:
            found = [u for u in found if u.era == era]
        if within is not None:
            found = [u for u in found if within.unit_id in self.chain_ids(u)]
        if province:
            prov_key = name_key(split_unit_text(province)[1])
            found = [u for u in found if self._province_key(u.province_id) == prov_key]
        if len({u.era for u in found}) > 1 and not era:
            found = [u for u in found if u.era == "2008"] or found   # an old name: prefer the old map
        return found[0] if len(found) == 1 else None

    def _province_key(self, province_id: str) -> str:
        """name_key of a province's name, worked out once for the gazetteer (some 100 provinces of
        both maps): every candidate of every narrowing by province asked it again."""
        key = self._province_keys.get(province_id)
        if key is None:
            key = self._province_keys[province_id] = name_key(self.units[province_id].name)
        return key

    def chain_ids(self, unit: Unit) -> list[str]:
        ids, u = [unit.unit_id], unit
        while u.parent_id:
            u = self.units[u.parent_id]
            ids.append(u.unit_id)
        return ids

    def parents(self, unit: Unit) -> list[Unit]:
        return [self.units[i] for i in self.chain_ids(unit)[1:]]

    def successor(self, unit: Unit) -> Unit | None:
        """The post-July-2025 unit an old commune became part of."""
        new = self.successors.get(unit.unit_id)
        return self.units.get(new) if new else None
