"""Which report a file is: one report received as .txt, .docx and .pdf, or as a renamed copy,
must be counted once.

A report is recognised, strongest evidence first, by
1. its number and symbol, issue year and issuer ("329/BC-UBND", 2025, "UBND tỉnh Lâm Đồng") —
   what an office's register records;
2. its type, title, unit and period when it has no number yet (drafts: "Số: /BC-UBND") — a
   later version of the same draft is the same report;
3. the numbers it states (kind, value and denominator of every fact, in order of value) — news
   texts and pages without a header; every rendering of a report gives the same facts;
4. its bytes, when it states too few numbers to tell it from another.
The key says which evidence made it ("no:", "title:", "facts:", "sha:").
"""
from __future__ import annotations

import hashlib
import unicodedata

import regex

from normalizers.documents import DocumentMeta
from normalizers.facts import Fact

_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+", regex.V1)
MIN_FACTS = 3           # fewer numbers than this say too little about which report it is


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").lower()
    return _NOT_WORD.sub(" ", text).strip()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def fact_signature(facts: list[Fact]) -> str | None:
    """The numbers a document states, independent of layout and offsets."""
    if len(facts) < MIN_FACTS:
        return None
    items = sorted((f.kind, round(f.value, 6), -1.0 if f.denominator is None else round(f.denominator, 6))
                   for f in facts)
    return _digest(*(f"{k}:{v!r}:{d!r}" for k, v, d in items))


def report_key(meta: DocumentMeta | None, facts: list[Fact], sha256: str) -> str:
    """The identity of the report a file holds (see the module docstring)."""
    unit = ""
    if meta is not None:
        unit = _norm(meta.unit.unit_id if meta.unit else meta.unit_name or meta.issuer)
        if meta.number and meta.symbol and meta.issue_year and unit:
            return "no:" + _digest(meta.number.lstrip("0"), _norm(meta.symbol), str(meta.issue_year), unit)
        if meta.doc_type and meta.title and unit:
            return "title:" + _digest(meta.doc_type, _norm(meta.title), unit,
                                      meta.period.label if meta.period else "")
    signature = fact_signature(facts)
    if signature:
        return "facts:" + signature
    return "sha:" + sha256
