"""What the review pages show, read from the warehouse, and how a document's text is laid out
with its facts. Pure functions of a connection or of plain data: the Flask app (review/app.py)
only routes and renders.

The text is cut into blocks: runs of lines that hold tab-separated cells (how every reader writes
a table row into documents.text) become tables, everything else stays text. Each block is cut
again at fact spans, so a fact is an element of its own wherever it lies; offsets never move,
the characters shown are documents.text's own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import duckdb

from normalizers.numbers import format_number
from warehouse.export import CHECKS, ROLES, SEVERITIES

KIND_LABELS = {"count": "số lượng", "percent": "tỷ lệ (%)", "ratio": "tỷ số x/y", "money": "số tiền",
               "score": "điểm", "rank": "thứ hạng"}
STATUS_LABELS = {"accepted": "đã xác nhận", "corrected": "đã sửa", "rejected": "đã loại (không phải số liệu)"}
DOC_STATUS_LABELS = {"ok": "đã đọc", "failed": "lỗi", "missing": "không còn tệp"}


@dataclass(frozen=True)
class DocumentRow:
    document_id: int
    unit_name: str | None
    doc_type: str | None
    number: str                  # "12/BC-UBND"; "/BC-UBND" for a draft left blank
    period_label: str | None
    n_facts: int
    n_flags: int
    n_reviewed: int
    ocr: bool
    status: str
    file_name: str
    is_primary: bool             # the file whose facts the views count for its report
    error: str | None

    @property
    def status_label(self) -> str:
        return DOC_STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Flag:
    severity: str
    check: str
    message: str


@dataclass(frozen=True)
class FactView:
    """A fact as the analyst sees it: the reviewed fields, and what was extracted beside them."""
    fact_id: int
    char_start: int
    char_end: int
    kind: str
    value: float
    denominator: float | None
    unit: str
    entity: str | None
    period_label: str | None
    role: str | None
    comparator: str | None
    indicators: tuple[str, ...]
    indicator_cue: str | None
    matched_text: str
    table_cell: tuple[int, int, int] | None
    page: int | None
    status: str | None           # accepted | corrected | rejected | None
    extracted_kind: str
    extracted_value: float
    extracted_entity: str | None
    extracted_period_label: str | None
    extracted_indicators: tuple[str, ...]
    reviewer: str | None
    reviewed_at: datetime | None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Piece:
    text: str
    fact: FactView | None = None
    first: bool = False          # the fact's first piece: the one that takes keyboard focus


@dataclass(frozen=True)
class Block:
    kind: str                                  # text | table
    pieces: tuple[Piece, ...] = ()             # text
    rows: tuple[tuple[tuple[Piece, ...], ...], ...] = ()    # table: rows of cells of pieces


@dataclass(frozen=True)
class DocumentPage:
    doc: DocumentRow
    text: str
    primary_file: str | None     # where this file is not its report's primary one
    facts: tuple[FactView, ...]
    blocks: tuple[Block, ...]
    indicators: dict[str, str] = field(default_factory=dict)   # catalog id -> Vietnamese label


def document_number(number: str | None, symbol: str | None) -> str:
    if symbol:
        return f"{number or ''}/{symbol}"
    return number or ""


_DOCUMENTS = """
    SELECT d.document_id, d.unit_name, d.doc_type, d.doc_number, d.doc_symbol, d.period_label,
           coalesce(d.n_facts, 0),
           (SELECT count(*) FROM checks AS c WHERE c.document_id = d.document_id),
           (SELECT count(*) FROM reviews AS r JOIN facts AS f
                ON r.char_start = f.char_start AND r.char_end = f.char_end
            WHERE r.sha256 = d.sha256 AND f.document_id = d.document_id),
           d.ocr_page_confidence IS NOT NULL, d.status, d.file_name,
           coalesce(rf.is_primary, false), d.error
    FROM documents AS d
    LEFT JOIN report_files AS rf ON rf.document_id = d.document_id AND rf.file_name = d.file_name
"""


def _document_row(row: tuple) -> DocumentRow:
    doc_id, unit, doc_type, number, symbol, period, *rest = row
    return DocumentRow(doc_id, unit, doc_type, document_number(number, symbol), period, *rest)


def documents(con: duckdb.DuckDBPyConnection, include_missing: bool = False) -> list[DocumentRow]:
    """Every document, those whose file is gone only when asked for (they are history)."""
    rows = con.execute(_DOCUMENTS + """
        WHERE ? OR d.status <> 'missing'
        ORDER BY d.unit_name NULLS LAST, d.period_label NULLS LAST, d.file_name""", [include_missing]).fetchall()
    return [_document_row(r) for r in rows]


def document(con: duckdb.DuckDBPyConnection, document_id: int) -> DocumentRow | None:
    row = con.execute(_DOCUMENTS + " WHERE d.document_id = ?", [document_id]).fetchone()
    return _document_row(row) if row else None


_FACT_COLUMNS = ("fact_id", "char_start", "char_end", "kind", "value", "denominator", "unit", "entity",
                 "period_label", "role", "comparator", "indicators", "indicator_cue", "matched_text",
                 "table_index", "table_row", "table_col", "page")


def _columns(alias: str) -> str:
    return ", ".join(alias + c for c in _FACT_COLUMNS)


def facts(con: duckdb.DuckDBPyConnection, document_id: int, span: tuple[int, int] | None = None) -> list[FactView]:
    """A document's facts as reviewed (sql/reviewed_facts.sql), rejected ones included so that a
    rejection can be seen and undone; `span` narrows them to one fact."""
    one = "AND {0}char_start = $2 AND {0}char_end = $3" if span else ""
    rows = con.execute(f"""
        SELECT {_columns('')}, review_status, extracted_kind, extracted_value, extracted_entity,
               extracted_period_label, extracted_indicators, reviewer, reviewed_at
        FROM reviewed_facts WHERE document_id = $1 {one.format('')}
        UNION ALL
        SELECT {_columns('f.')}, 'rejected', f.kind, f.value, f.entity, f.period_label, f.indicators,
               r.reviewer, r.reviewed_at
        FROM facts AS f JOIN documents AS d USING (document_id)
        JOIN reviews AS r ON r.sha256 = d.sha256 AND r.char_start = f.char_start AND r.char_end = f.char_end
        WHERE f.document_id = $1 AND r.status = 'rejected' {one.format('f.')}
        ORDER BY 2, 3""", [document_id, *(span or ())]).fetchall()
    flags: dict[tuple[int, int], list[Flag]] = {}
    for s, e, check, severity, message in con.execute("""
            SELECT char_start, char_end, check_name, severity, message FROM checks
            WHERE document_id = ? ORDER BY severity, check_name""", [document_id]).fetchall():
        flags.setdefault((s, e), []).append(Flag(severity, check, message or ""))
    out = []
    for r in rows:
        (fid, s, e, kind, value, den, unit, entity, period, role, comp, inds, cue, text, ti, tr, tc, page,
         status, x_kind, x_value, x_entity, x_period, x_inds, who, when) = r
        out.append(FactView(fid, s, e, kind, value, den, unit, entity, period, role, comp, tuple(inds or ()), cue, text,
                            (ti, tr, tc) if ti is not None else None, page, status, x_kind, x_value, x_entity,
                            x_period, tuple(x_inds or ()), who, when, tuple(flags.get((s, e), ()))))
    return out


def indicator_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT indicator_id, label_vi FROM indicators ORDER BY indicator_id").fetchall())


def primary_file(con: duckdb.DuckDBPyConnection, doc: DocumentRow) -> str | None:
    """The file whose facts the views count for this document's report, when it is another one:
    a correction made here would not change the views."""
    if doc.is_primary or doc.status != "ok":
        return None
    row = con.execute("""
        SELECT p.file_name FROM report_files AS me JOIN report_files AS p USING (report_key)
        WHERE me.document_id = ? AND me.file_name = ? AND p.is_primary""", [doc.document_id, doc.file_name]).fetchone()
    return row[0] if row else None


def page(con: duckdb.DuckDBPyConnection, document_id: int) -> DocumentPage | None:
    doc = document(con, document_id)
    if doc is None:
        return None
    text = con.execute("SELECT coalesce(text, '') FROM documents WHERE document_id = ?", [document_id]).fetchone()[0]
    fs = tuple(facts(con, document_id))
    return DocumentPage(doc, text, primary_file(con, doc), fs, layout(text, fs), indicator_labels(con))


# --- layout ---------------------------------------------------------------------------------

def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    out, start = [], 0
    while True:
        end = text.find("\n", start)
        if end < 0:
            out.append((start, len(text)))
            return out
        out.append((start, end))
        start = end + 1


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for i in range(start, end):
        if text[i] == "\t":
            out.append((s, i))
            s = i + 1
    out.append((s, end))
    return out


def pieces(text: str, start: int, end: int, facts: tuple[FactView, ...] | list[FactView],
           seen: set[int]) -> tuple[Piece, ...]:
    """text[start:end] cut at the facts inside it (facts sorted by start). A fact that crosses the
    range's edge is cut to it; one that overlaps the fact before it starts where that one ends.
    `seen` collects the facts already given their first piece."""
    out: list[Piece] = []
    pos = start
    for f in facts:
        if f.char_end <= pos or f.char_start >= end:
            continue
        s, e = max(f.char_start, pos), min(f.char_end, end)
        if s > pos:
            out.append(Piece(text[pos:s]))
        out.append(Piece(text[s:e], f, f.fact_id not in seen))
        seen.add(f.fact_id)
        pos = e
    if pos < end:
        out.append(Piece(text[pos:end]))
    return tuple(out)


def layout(text: str, facts: tuple[FactView, ...] | list[FactView]) -> tuple[Block, ...]:
    """Blocks of text and tables, each cut at its facts. A table is two or more consecutive lines
    with a tab in each; a lone tabbed line is text (a tab stop in a paragraph)."""
    ordered = sorted(facts, key=lambda f: (f.char_start, f.char_end))
    lines = _lines(text)
    tabbed = ["\t" in text[s:e] for s, e in lines]
    blocks: list[Block] = []
    seen: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and tabbed[j] == tabbed[i]:
            j += 1
        if tabbed[i] and j - i >= 2:
            rows = tuple(tuple(pieces(text, cs, ce, ordered, seen) for cs, ce in _cells(text, *lines[k]))
                         for k in range(i, j))
            blocks.append(Block("table", rows=rows))
        else:
            # text runs keep their newlines; the newline before a table and after it stays in the text
            start = lines[i][0]
            end = lines[j][0] if j < len(lines) else len(text)
            if blocks and blocks[-1].kind == "text":
                prev = blocks.pop()
                blocks.append(Block("text", pieces=prev.pieces + pieces(text, start, end, ordered, seen)))
            else:
                blocks.append(Block("text", pieces=pieces(text, start, end, ordered, seen)))
        i = j
    return tuple(blocks)


# --- what the page's script shows on hover and puts in the edit form --------------------------

def _plain(v: float) -> str:
    """A float's shortest exact decimal form, never in exponent notation."""
    d = Decimal(repr(float(v)))
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def edit_value(v: float) -> str:
    """A value as the analyst types it: decimal comma, no grouping ("86,25", "1675605000000")."""
    return _plain(v).replace(".", ",")


def show_value(v: float) -> str:
    """A value as a Vietnamese reader writes it: thousands dot, decimal comma ("1.675.605", "86,25")."""
    plain = _plain(v)
    decimals = len(plain.partition(".")[2])
    return format_number(Decimal(plain), decimals=decimals)


def show_fact_value(f: FactView) -> str:
    value = show_value(f.value)
    if f.denominator is not None and f.kind in ("ratio", "score", "rank"):
        value += "/" + show_value(f.denominator)
    return value


def fact_data(f: FactView, labels: dict[str, str]) -> dict:
    """The fact as the page's script reads it (serialised with Jinja's tojson, escaped for a
    <script> element; the script only ever sets textContent)."""
    def indicators(ids):
        return [{"id": i, "label": labels.get(i, "")} for i in ids]
    role = ROLES.get(f.role, f.role) if f.role else ""
    if f.comparator and f.role == "target":
        role += f" ({f.comparator})"
    return {
        "id": f.fact_id, "start": f.char_start, "end": f.char_end,
        "kind": f.kind, "kindLabel": KIND_LABELS.get(f.kind, f.kind),
        "value": show_fact_value(f), "editValue": edit_value(f.value), "unit": f.unit or "",
        "entity": f.entity or "", "period": f.period_label or "", "role": role,
        "indicators": indicators(f.indicators), "cue": f.indicator_cue or "", "text": f.matched_text,
        "page": f.page, "cell": list(f.table_cell) if f.table_cell else None,
        "status": f.status or "", "statusLabel": STATUS_LABELS.get(f.status, "") if f.status else "chưa rà soát",
        "reviewer": f.reviewer or "", "reviewedAt": f.reviewed_at.strftime("%d/%m/%Y %H:%M UTC") if f.reviewed_at else "",
        "extracted": {"kind": f.extracted_kind, "kindLabel": KIND_LABELS.get(f.extracted_kind, f.extracted_kind),
                      "value": show_value(f.extracted_value), "entity": f.extracted_entity or "",
                      "period": f.extracted_period_label or "",
                      "indicators": indicators(f.extracted_indicators)},
        "flags": [{"severity": SEVERITIES.get(g.severity, g.severity), "check": CHECKS.get(g.check, g.check),
                   "message": g.message} for g in f.flags],
    }
