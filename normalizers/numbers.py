"""Vietnamese number strings <-> values.

Writers use the comma as decimal mark and the dot for thousands ("1.675,605"), but also the
dot as a decimal mark ("99.9%", "70.24 điểm") and no grouping at all ("6354"). A single dot
followed by exactly three digits is read as thousands; any other single dot as a decimal.
Values are Decimals so that "1.675,605 tỷ" scales to an exact 1675605000000.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from normalizers import patterns

NUMBER = patterns.compile(r"\d+(?:[.,]\d+)*")


def parse_number(text: str) -> Decimal:
    """Parse one number as written in a Vietnamese report. Raises ValueError if it is not one."""
    s = text.strip().replace(" ", "").replace("\u00a0", "")
    if s.isascii() and s.isdigit():
        return Decimal(s)                         # 6354: the pattern below holds, no mark to read
    if not NUMBER.fullmatch(s):
        raise ValueError(f"not a number: {text!r}")
    return _read(s, text)


def parse_token(token: str) -> Decimal:
    """parse_number of a token that NUMBER matches whole (a number the facts' CANDIDATE found, whose
    parts are NUMBER's pattern): it holds no space to take out and needs no check. Raises ValueError
    where parse_number does ("1.2.3")."""
    if token.isascii() and token.isdigit():
        return Decimal(token)
    return _read(token, token)


def _read(s: str, text: str) -> Decimal:
    """The value of `s`, a whole match of NUMBER (`text` as written, for the message)."""
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        if s.rfind(",") > s.rfind("."):          # 1.675,605 (Vietnamese)
            integer, _, frac = s.rpartition(",")
            s = integer.replace(".", "") + "." + frac
        else:                                     # 1,675.605 (English, pasted from Excel)
            s = s.replace(",", "")
    elif commas:
        groups = s.split(",")
        if commas > 1 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(",", "")                # 1,234,567
        elif commas > 1:
            raise ValueError(f"ambiguous number: {text!r}")
        else:
            s = s.replace(",", ".")               # 99,9
    elif dots:
        groups = s.split(".")
        if dots > 1:
            if not all(len(g) == 3 for g in groups[1:]):
                raise ValueError(f"not a number (looks like numbering or a code): {text!r}")
            s = s.replace(".", "")                # 1.234.567
        elif len(groups[1]) == 3:
            s = s.replace(".", "")                # 9.737
        # else: 99.9 / 70.24 -> decimal dot, kept as is
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the fullmatch above guards this
        raise ValueError(f"not a number: {text!r}") from exc


def format_number(value: Decimal | float | int, decimals: int = 0, group: bool = True) -> str:
    """Write a value the Vietnamese way: dot for thousands, comma for decimals."""
    q = Decimal(value).quantize(Decimal(1).scaleb(-decimals)) if decimals else Decimal(value).quantize(Decimal(1))
    sign = "-" if q < 0 else ""
    integer, _, frac = f"{abs(q):f}".partition(".")
    if group:
        parts = []
        while len(integer) > 3:
            parts.insert(0, integer[-3:])
            integer = integer[:-3]
        parts.insert(0, integer)
        integer = ".".join(parts)
    return sign + integer + ("," + frac if frac else "")
