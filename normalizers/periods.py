"""Periods: what time span a report, or one of its numbers, covers.

Labels: 2025-Q1, 2023-H1, 2023-H2, 2023-9M, 2023, 2022-2023. A report's data window ("từ
ngày 15/12/2024 đến ngày 14/3/2025" — quarters often run from the 15th to the 14th) and
as-of dates ("đến ngày 12/6/2023") are kept beside the label.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import regex

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR = r"(?:19|20)\d\d"
_I = regex.IGNORECASE | regex.V1

QUARTER = regex.compile(rf"(?<!\p{{L}})quý\s+(?P<q>iv|iii|ii|i|[1-4])(?!\p{{L}})(?:\s*(?:/|năm)\s*(?P<y>{_YEAR}))?", _I)
HALF = regex.compile(rf"(?<!\p{{L}})6\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<y>{_YEAR}))?", _I)
NINE = regex.compile(rf"(?<!\p{{L}})9\s+tháng(?:\s+đầu)?(?:\s+năm)?(?:\s+(?P<y>{_YEAR}))?", _I)
N_YEARS = regex.compile(rf"(?<!\d)0?(?P<n>\d)\s+năm\s*\((?P<y1>{_YEAR})\s*(?:,|-|–|và)\s*(?P<y2>{_YEAR})\)", _I)
N_YEARS_TITLE = regex.compile(r"(?<!\d)0?(?P<n>\d)\s+năm\s+(?:triển\s+khai|thực\s+hiện)", _I)
YEAR = regex.compile(rf"(?<!\p{{L}})năm\s+(?P<y>{_YEAR})(?!\d)", _I)
YEARS_LIST = regex.compile(rf"(?<!\p{{L}})năm\s+(?P<y1>{_YEAR})\s*(?:,|và|-|–)\s*(?P<y2>{_YEAR})(?!\d)", _I)
DATE = r"(?P<d{n}>\d{{1,2}})\s*/\s*(?P<m{n}>\d{{1,2}})\s*/\s*(?P<y{n}>\d{{4}})"
WINDOW = regex.compile(r"từ\s+ngày\s+" + DATE.format(n=1) + r"\s+đến\s+ngày\s+" + DATE.format(n=2), _I)
AS_OF = regex.compile(r"(?:đến|tính\s+đến(?:\s+thời\s+điểm)?)\s+(?:ngày\s+)?" + DATE.format(n=1), _I)


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date

    @staticmethod
    def year(y: int) -> "Period":
        return Period(str(y), date(y, 1, 1), date(y, 12, 31))

    @staticmethod
    def quarter(y: int, q: int) -> "Period":
        last = 3 * q
        return Period(f"{y}-Q{q}", date(y, last - 2, 1), date(y, last, calendar.monthrange(y, last)[1]))

    @staticmethod
    def half(y: int, h: int) -> "Period":
        return Period(f"{y}-H{h}", date(y, 1 if h == 1 else 7, 1), date(y, 6, 30) if h == 1 else date(y, 12, 31))

    @staticmethod
    def nine_months(y: int) -> "Period":
        return Period(f"{y}-9M", date(y, 1, 1), date(y, 9, 30))

    @staticmethod
    def years(y1: int, y2: int) -> "Period":
        return Period(f"{y1}-{y2}", date(y1, 1, 1), date(y2, 12, 31)) if y1 != y2 else Period.year(y1)


def _first_year_after(text: str, pos: int) -> int | None:
    m = regex.compile(_YEAR).search(text, pos)
    return int(m.group()) if m else None


def period_in(text: str, default_year: int | None = None) -> Period | None:
    """The first report period named in a title or sentence, or None."""
    found: list[tuple[int, Period]] = []
    for m in N_YEARS.finditer(text):
        found.append((m.start(), Period.years(int(m["y1"]), int(m["y2"]))))
    for m in QUARTER.finditer(text):
        y = int(m["y"]) if m["y"] else _first_year_after(text, m.end()) or default_year
        if y:
            found.append((m.start(), Period.quarter(y, _ROMAN[m["q"].lower()])))
    for m in HALF.finditer(text):
        y = int(m["y"]) if m["y"] else _first_year_after(text, m.end()) or default_year
        if y:
            found.append((m.start(), Period.half(y, 1 if m["which"].lower() == "đầu" else 2)))
    for m in NINE.finditer(text):
        y = int(m["y"]) if m["y"] else _first_year_after(text, m.end()) or default_year
        if y:
            found.append((m.start(), Period.nine_months(y)))
    if found:
        return min(found, key=lambda f: f[0])[1]
    m = YEAR.search(text)
    return Period.year(int(m["y"])) if m else None


def report_period(title: str, body: str, default_year: int | None = None) -> Period | None:
    """The period a report covers: from its title, with "02 năm triển khai" spelled out by the
    years the body gives ("trong 02 năm (2022, 2023)")."""
    m = N_YEARS_TITLE.search(title)
    if m:
        years = N_YEARS.search(body)
        if years:
            return Period.years(int(years["y1"]), int(years["y2"]))
    return period_in(title, default_year) or period_in(body[:3000], default_year)


def _date(m: regex.Match, n: int) -> date | None:
    try:
        return date(int(m[f"y{n}"]), int(m[f"m{n}"]), int(m[f"d{n}"]))
    except ValueError:
        return None


def data_window(text: str) -> tuple[date, date] | None:
    m = WINDOW.search(text)
    if not m:
        return None
    start, end = _date(m, 1), _date(m, 2)
    return (start, end) if start and end else None


def as_of_dates(text: str) -> list[date]:
    return [d for m in AS_OF.finditer(text) if (d := _date(m, 1))]


_AFTER_PAREN = regex.compile(rf"^[^.;()]{{0,40}}?\((?:tính\s+)?(?:đến\s+)?(?:đầu\s+|cuối\s+)?(?:năm|tháng\s+\d{{1,2}}\s*/)\s*(?P<y>{_YEAR})\)", _I)


_SO_VOI_END = regex.compile(r"so\s+với\s*$", _I)
_NOT_OWN_YEAR = regex.compile(r"(?:so\s+với|từ|trước)\s*$", _I)


def in_closed_parens(clause: str, pos: int) -> bool:
    """True when clause[pos] sits in a parenthesis that closes before the clause ends
    ("(cấp huyện: 270; cấp xã: 110) trên 84": cấp xã and 110 belong to another number)."""
    depth = clause[:pos].count("(") - clause[:pos].count(")")
    return depth > 0 and clause[pos:].count(")") >= depth


def fact_period(clause: str, after: str = "") -> Period | None:
    """A period named for one number: in a parenthesis right after it ("270 thủ tục (tính đến
    tháng 12/2023)"), else the last one the clause before it names ("Năm 2022: ...", "năm 2023
    đạt", "(năm 2022: 01 tiến sĩ", "Năm 2022, 2023: đạt 3/3", "Trong quý I năm 2025, ...").
    Years after "so với"/"từ", and years in a parenthesis that closed before the number (they
    belong to an earlier number), are not the number's. None when nothing is named."""
    m = _AFTER_PAREN.match(after)
    if m:
        return Period.year(int(m["y"]))
    best: tuple[int, Period] | None = None
    for m in YEARS_LIST.finditer(clause):
        if not _SO_VOI_END.search(clause, 0, m.start()) and not in_closed_parens(clause, m.start()):
            best = (m.start(), Period.years(int(m["y1"]), int(m["y2"])))
    for m in YEAR.finditer(clause):
        if _NOT_OWN_YEAR.search(clause, 0, m.start()) or in_closed_parens(clause, m.start()):
            continue
        if best is None or m.start() > best[0] + 12:
            best = (m.start(), Period.year(int(m["y"])))
    if best is not None:
        sub = period_in(clause[max(0, best[0] - 25):])        # "quý I năm 2025" is a quarter
        if sub is not None and sub.label.startswith(best[1].label) and sub.label != best[1].label:
            return sub
    return best[1] if best else None
