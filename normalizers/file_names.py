"""A received file's name -> the province and the period an office wrote into it.

Offices and portals name files after what they hold ("BC_CCHC_Quy3_2025_TPHCM.pdf"). The
pipeline reads the name only where the text is silent (normalizers/documents.py): a news text
that never writes its year, a centre that writes "tỉnh" without its name. The patterns are data
(data/vi/file_names.toml); this module folds the name and applies them.
"""
from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from normalizers import patterns
from normalizers.periods import Period
from normalizers.units import Gazetteer, Unit

DATA = Path(__file__).parent / "data" / "vi" / "file_names.toml"
_SEPARATORS = patterns.compile(r"[^a-z0-9]+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def fold(name: str) -> str:
    """ASCII lower case with one "_" between words: "Báo cáo Quý III-2024.pdf" -> "bao_cao_quy_iii_2024_pdf"."""
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _SEPARATORS.sub("_", s).strip("_")


@dataclass(frozen=True)
class FileNameRules:
    periods: tuple[tuple[str, regex.Pattern, str], ...]     # name, pattern, build
    min_chars: int
    cfg: dict


@cache
def load_file_name_rules(path: Path = DATA) -> FileNameRules:
    with open(path, "rb") as fh:
        cfg = tomllib.load(fh)
    periods = tuple((p["name"], patterns.compile(p["pattern"], regex.V1), p["build"]) for p in cfg["period"])
    return FileNameRules(periods, cfg["province"]["min_chars"], cfg)


def _build(build: str, m: regex.Match) -> Period | None:
    y = int(m["y"])
    if build == "quarter":
        q = m["q"]
        return Period.quarter(y, _ROMAN.get(q) or int(q))
    if build == "half":
        return Period.half(y, int(m["h"] or 1))
    if build == "months":
        return Period.months(y, int(m["n"]))
    if build == "month":
        return Period.month(y, int(m["m"]))
    return Period.year(y)


def file_period(file_name: str, rules: FileNameRules | None = None) -> Period | None:
    """The period a file's name gives, the most specific first."""
    rules = rules or load_file_name_rules()
    folded = fold(Path(file_name).stem)
    for _, pattern, build in rules.periods:
        m = pattern.search(folded)
        if m:
            return _build(build, m)
    return None


@cache
def _province_keys(gaz: Gazetteer) -> dict[str, str]:
    """Folded name without separators -> the province as the gazetteer writes it ("tỉnh Bến Tre")."""
    keys: dict[str, str] = {}
    for u in gaz.units.values():
        if u.level == "province":
            keys.setdefault(fold(u.name).replace("_", ""), u.full_name)
    for short, official in gaz.aliases.items():
        target = gaz.resolve(official)
        if target is not None and target.level == "province":
            keys.setdefault(fold(short).replace("_", ""), target.full_name)
    return keys


def file_province(file_name: str, gaz: Gazetteer, rules: FileNameRules | None = None) -> str | None:
    """The province a file's name spells ("07_bentre_ttpvhcc" -> "tỉnh Bến Tre"): the longest run of
    words that folds to a province's name, at least `min_chars` letters long."""
    rules = rules or load_file_name_rules()
    words = fold(Path(file_name).stem).split("_")
    keys = _province_keys(gaz)
    for size in range(min(5, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            key = "".join(words[i:i + size])
            if len(key) >= rules.min_chars and key in keys:
                return keys[key]
    return None


def file_unit(file_name: str, gaz: Gazetteer, era: str | None = None) -> Unit | None:
    name = file_province(file_name, gaz)
    if name is None:
        return None
    return (gaz.resolve(name, era=era) if era else None) or gaz.resolve(name)
