"""An analyst's verdicts on facts (`cchc review`): accepted, corrected or rejected.

A verdict is stored in table `reviews` under the file's content and the fact's span
(documents.sha256, char_start, char_end), not under fact_id: a re-ingest replaces a document's
facts with new ids, while the same bytes give the same spans, so sql/reviewed_facts.sql applies
the verdict again. These functions take an open connection (read-write for the writers) and
never commit anything but their own statement or transaction.

Messages of ReviewError are shown to the analyst as they are, so they are Vietnamese.
"""
from __future__ import annotations

import getpass
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

import duckdb

from normalizers.numbers import parse_number
from normalizers.periods import Period

KINDS = ("count", "percent", "ratio", "money", "score", "rank")
STATUSES = ("accepted", "corrected", "rejected")


class ReviewError(ValueError):
    """The verdict cannot be stored as given (a value that is no number, an unknown indicator,
    a fact no longer in the document); the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Correction:
    """The fields an analyst changed; None keeps what was extracted."""
    kind: str | None = None
    value: float | None = None
    entity: str | None = None
    period_label: str | None = None
    indicators: tuple[str, ...] | None = None

    def is_empty(self) -> bool:
        return all(v is None for v in (self.kind, self.value, self.entity, self.period_label, self.indicators))


@dataclass(frozen=True)
class Extracted:
    """A fact as the pipeline read it: what a correction is compared with and kept beside."""
    sha256: str
    char_start: int
    char_end: int
    kind: str
    value: float
    entity: str | None
    period_label: str | None
    indicators: tuple[str, ...]
    matched_text: str


@dataclass(frozen=True)
class Review:
    sha256: str
    char_start: int
    char_end: int
    status: str
    correction: Correction
    original: Extracted
    reviewer: str
    reviewed_at: datetime


def reviewer_name() -> str:
    """The OS user who runs `cchc review`: who made a verdict, for the history."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):       # no passwd entry and no LOGNAME/USER (a bare container)
        return "không rõ"


def parse_value(text: str) -> float:
    """A value typed the Vietnamese way ("94,79", "1.234", "-5") or pasted from elsewhere ("94.79")."""
    s = text.strip()
    negative = s.startswith(("-", "−"))
    try:
        number = float(parse_number(s[1:] if negative else s))
    except ValueError:
        raise ReviewError(f"“{text}” không phải là một số (ví dụ: 94,79 hoặc 1.234)") from None
    return -number if negative else number


_LABEL = re.compile(r"(?P<y>\d{4})(?:-(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<n>[1-9]|1[01])M|(?P<m>0[1-9]|1[0-2])"
                    r"|(?P<y2>\d{4})))?")


def parse_period(label: str) -> Period:
    """A period label as the warehouse writes them: 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-03, 2022-2023."""
    m = _LABEL.fullmatch(label.strip())
    if not m:
        raise ReviewError(f"kỳ “{label}” không đúng dạng (ví dụ: 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-03, "
                          f"2022-2023)")
    y = int(m["y"])
    if m["q"]:
        return Period.quarter(y, int(m["q"]))
    if m["h"]:
        return Period.half(y, int(m["h"]))
    if m["n"]:
        return Period.months(y, int(m["n"]))
    if m["m"]:
        return Period.month(y, int(m["m"]))
    if m["y2"]:
        if int(m["y2"]) <= y:
            raise ReviewError(f"kỳ “{label}”: năm cuối phải sau năm đầu")
        return Period.years(y, int(m["y2"]))
    return Period.year(y)


def parse_indicators(text: str, known: Iterable[str]) -> tuple[str, ...]:
    """Catalog ids separated by commas or spaces; an empty text means "no indicator fits"."""
    ids = tuple(dict.fromkeys(t for t in re.split(r"[,;\s]+", text.strip()) if t))
    unknown = [i for i in ids if i not in set(known)]
    if unknown:
        raise ReviewError(f"chỉ tiêu không có trong danh mục: {', '.join(unknown)}")
    return ids


def correction_from_form(form: dict[str, str], fact: Extracted, known_indicators: Iterable[str]) -> Correction:
    """The fields of an edit form, each kept only where it differs from the extraction (so that a
    form sent back unchanged is an acceptance, and a later re-reading's own fix shows through)."""
    kind = form.get("kind", "").strip() or None
    if kind is not None and kind not in KINDS:
        raise ReviewError(f"loại số liệu “{kind}” không hợp lệ; chọn một trong: {', '.join(KINDS)}")
    value = parse_value(form["value"]) if form.get("value", "").strip() else None
    entity = " ".join(form.get("entity", "").split()) or None
    period = form.get("period_label", "").strip()
    period_label = parse_period(period).label if period else None
    indicators = parse_indicators(form["indicators"], known_indicators) if "indicators" in form else None
    return Correction(
        kind=kind if kind != fact.kind else None,
        value=value if value is not None and value != fact.value else None,
        entity=entity if entity != fact.entity else None,
        period_label=period_label if period_label != fact.period_label else None,
        indicators=indicators if indicators is not None and indicators != fact.indicators else None,
    )


def extracted_fact(con: duckdb.DuckDBPyConnection, document_id: int, char_start: int, char_end: int) -> Extracted:
    """The fact at this span of a loaded document, as extracted (table facts, not the view)."""
    row = con.execute("""
        SELECT d.sha256, f.char_start, f.char_end, f.kind, f.value, f.entity, f.period_label,
               coalesce(f.indicators, []), f.matched_text
        FROM facts AS f JOIN documents AS d USING (document_id)
        WHERE d.document_id = ? AND d.status = 'ok' AND f.char_start = ? AND f.char_end = ?""",
                      [document_id, char_start, char_end]).fetchone()
    if row is None:
        raise ReviewError("không còn số liệu này ở vị trí đó trong tài liệu (tài liệu vừa được đọc lại?); "
                          "hãy tải lại trang")
    *head, indicators, text = row
    return Extracted(*head, tuple(indicators), text)


def _unit_of(con: duckdb.DuckDBPyConnection, entity: str) -> str | None:
    """The unit id a corrected entity names, where the warehouse already knows that name (as a
    fact's entity or a document's unit): unit comparisons key units by id."""
    row = con.execute("""
        SELECT unit_id FROM (
            SELECT entity_unit_id AS unit_id FROM facts WHERE entity = $1 AND entity_unit_id IS NOT NULL
            UNION ALL
            SELECT unit_id FROM documents WHERE unit_name = $1 AND unit_id IS NOT NULL)
        GROUP BY unit_id ORDER BY count(*) DESC, unit_id LIMIT 1""", [entity]).fetchone()
    return row[0] if row else None


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def record(con: duckdb.DuckDBPyConnection, fact: Extracted, status: str, correction: Correction = Correction(),
           reviewer: str | None = None, at: datetime | None = None) -> Review:
    """Store a verdict on a fact, replacing an earlier one. A correction that changes nothing is an
    acceptance; a corrected period is added to `periods` so that views know its dates."""
    if status not in STATUSES:
        raise ReviewError(f"thao tác “{status}” không hợp lệ")
    if status != "corrected":
        correction = Correction()
    elif correction.is_empty():
        status = "accepted"
    review = Review(fact.sha256, fact.char_start, fact.char_end, status, correction, fact,
                    reviewer or reviewer_name(), at or _now())
    unit_id = _unit_of(con, correction.entity) if correction.entity else None
    con.execute("BEGIN TRANSACTION")
    try:
        if correction.period_label:
            p = parse_period(correction.period_label)
            con.execute("INSERT INTO periods VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [p.label, p.start, p.end])
        c = correction
        con.execute("""
            INSERT OR REPLACE INTO reviews (sha256, char_start, char_end, status, kind, value, entity, entity_unit_id,
                period_label, indicators, original_kind, original_value, original_entity, original_period_label,
                original_indicators, matched_text, reviewer, reviewed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    [review.sha256, review.char_start, review.char_end, status, c.kind, c.value, c.entity, unit_id,
                     c.period_label, list(c.indicators) if c.indicators is not None else None,
                     fact.kind, fact.value, fact.entity, fact.period_label, list(fact.indicators),
                     fact.matched_text, review.reviewer, review.reviewed_at])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return review


def clear(con: duckdb.DuckDBPyConnection, fact: Extracted) -> bool:
    """Withdraw the verdict on a fact (it reads as extracted again). False when there was none."""
    return bool(con.execute("DELETE FROM reviews WHERE sha256 = ? AND char_start = ? AND char_end = ? RETURNING 1",
                            [fact.sha256, fact.char_start, fact.char_end]).fetchall())


def reviews_of(con: duckdb.DuckDBPyConnection, sha256: str) -> dict[tuple[int, int], Review]:
    """Every verdict on a file's content, by span."""
    rows = con.execute("""
        SELECT char_start, char_end, status, kind, value, entity, period_label, indicators,
               original_kind, original_value, original_entity, original_period_label,
               coalesce(original_indicators, []), matched_text, reviewer, reviewed_at
        FROM reviews WHERE sha256 = ? ORDER BY char_start""", [sha256]).fetchall()
    out = {}
    for (s, e, status, kind, value, entity, period, inds, o_kind, o_value, o_entity, o_period, o_inds, text,
         who, when) in rows:
        original = Extracted(sha256, s, e, o_kind, o_value, o_entity, o_period, tuple(o_inds), text)
        correction = Correction(kind, value, entity, period, tuple(inds) if inds is not None else None)
        out[(s, e)] = Review(sha256, s, e, status, correction, original, who, when)
    return out

