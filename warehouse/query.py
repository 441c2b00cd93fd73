"""`cchc sql`: a query on the warehouse without writing Python, and the list of its views.

The views' meanings are read from the header comment of their SQL files (one documented file
per view in sql/), so the list cannot drift from the views themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from warehouse.store import SQL_DIR, sql_files

_HEADER = regex.compile(r"\A(?:--[^\n]*\n)+")
_NAME = regex.compile(r"^(\w+):\s*")
_FIRST_SENTENCE = regex.compile(r"^.*?[.;](?=\s|$)", regex.S)


@dataclass(frozen=True)
class ViewInfo:
    name: str
    meaning: str           # the first sentence of the view's header comment
    file: str


def view_catalog() -> list[ViewInfo]:
    """Every analyst view (one file each; schema.sql holds the tables) with its one-line meaning."""
    out = []
    for path in sql_files()[1:]:
        header = _HEADER.match(path.read_text(encoding="utf-8"))
        if not header:
            continue
        text = " ".join(line.removeprefix("--").strip() for line in header.group().splitlines())
        named = _NAME.match(text)
        if not named:
            continue
        rest = text[named.end():]
        first = _FIRST_SENTENCE.match(rest)
        out.append(ViewInfo(named.group(1), (first.group() if first else rest).rstrip(".;"), f"sql/{path.name}"))
    return out


_TABLE = regex.compile(r"^CREATE TABLE IF NOT EXISTS (\w+)", regex.M)


def table_names() -> list[str]:
    """The warehouse's tables, as schema.sql creates them."""
    return _TABLE.findall((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
