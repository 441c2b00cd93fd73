"""The ingest report (`cchc ingest … --report out.xlsx | out.html`): every file of one run with its
reporting unit, document (type, number, date), period, facts, quality flags, outcome and the
reason a file failed — to send back to the units that reported.

The run's outcomes (pipeline/ingest.py) say what happened to each file; the warehouse, opened
read-only after the run, says what each file holds. Wording is data (export.toml [report]).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Protocol

import duckdb
import pandas as pd

from warehouse.export import Formats, Labels, document_label, load_labels, replace_file, workbook_bytes, write_sheet

FORMATS = (".xlsx", ".html", ".htm")


class ReportError(Exception):
    """The report cannot be written (unknown format, no such folder); shown as is."""


class Outcome(Protocol):
    path: str
    status: str
    facts: int
    reason: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class ReportRow:
    path: str
    outcome: str              # Outcome.status
    unit: str | None
    document: str | None
    period: str | None
    facts: int | None
    flags: int | None
    reason: str


def check_target(path: Path) -> None:
    """Before the run: a format this module writes, into a folder that exists."""
    if path.suffix.lower() not in FORMATS:
        raise ReportError(f"--report {path}: give a file ending in .xlsx or .html")
    if not path.parent.is_dir():
        raise ReportError(f"--report {path}: no such folder {path.parent}")


def _stored_path(shown_path: str) -> str:
    """The path the warehouse stores for a file the run shows (pipeline/ingest.py keys files by
    their resolved path; a missing file's outcome already is that path)."""
    return str(Path(shown_path).resolve())


def _document_text(row: dict, labels: Labels) -> str | None:
    named = document_label(row["doc_type"], row["doc_number"], row["doc_symbol"], row["issue_date"], labels)
    if named is not None or not isinstance(row["doc_type"], str):
        return named
    return labels.report["no_number"].format(type=row["doc_type"])


def report_rows(con: duckdb.DuckDBPyConnection, outcomes: Iterable[Outcome], labels: Labels) -> list[ReportRow]:
    outcomes = list(outcomes)
    keys = [o.path if o.status == "missing" else _stored_path(o.path) for o in outcomes]
    documents = con.execute("""
        SELECT path, document_id, status, error, n_facts, unit_name, doc_type, doc_number, doc_symbol, issue_date,
               period_label
        FROM documents WHERE list_contains(?, path)
        UNION ALL
        SELECT p.path, d.document_id, d.status, d.error, d.n_facts, d.unit_name, d.doc_type, d.doc_number,
               d.doc_symbol, d.issue_date, d.period_label
        FROM document_paths AS p JOIN documents AS d USING (document_id) WHERE list_contains(?, p.path)""",
                            [keys, keys]).df()
    by_path = {r["path"]: r for r in documents.to_dict("records")}
    flags = dict(con.execute("SELECT document_id, count(*) FROM checks WHERE list_contains(?, document_id) GROUP BY 1",
                             [[int(i) for i in documents["document_id"]]]).fetchall())
    rows = []
    for o, key in zip(outcomes, keys):
        d = by_path.get(key)
        stored = d is not None and d["status"] == "ok"
        facts = o.facts if o.status == "loaded" else (int(d["n_facts"]) if stored and not pd.isna(d["n_facts"]) else None)
        reason = o.reason
        if o.status == "failed" and stored:
            reason = f"{reason} ({labels.report['facts_kept']})"
        if o.warnings:
            reason = "; ".join([reason, *o.warnings] if reason else o.warnings)
        rows.append(ReportRow(
            path=o.path, outcome=o.status,
            unit=d["unit_name"] if d is not None and isinstance(d["unit_name"], str) else None,
            document=_document_text(d, labels) if d is not None else None,
            period=d["period_label"] if d is not None and isinstance(d["period_label"], str) else None,
            facts=facts, flags=flags.get(int(d["document_id"]), 0) if stored else None, reason=reason))
    return rows


def _frame(rows: list[ReportRow], labels: Labels) -> pd.DataFrame:
    columns = labels.report["columns"]
    outcomes = labels.report["outcomes"]
    df = pd.DataFrame([{**r.__dict__, "outcome": outcomes.get(r.outcome, r.outcome)} for r in rows],
                      columns=list(ReportRow.__dataclass_fields__))
    df["facts"] = df["facts"].astype("Int64")
    df["flags"] = df["flags"].astype("Int64")
    return df.rename(columns=columns)


def _summary(rows: list[ReportRow], at: datetime, labels: Labels) -> str:
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.outcome] = counts.get(r.outcome, 0) + 1
    outcomes = labels.report["outcomes"]
    parts = ", ".join(f"{n} {outcomes.get(k, k)}" for k, n in counts.items())
    return labels.report["run"].format(at=at, files=len(rows)) + (f" ({parts})" if parts else "")


def write_report(rows: list[ReportRow], path: Path, at: datetime, labels: Labels | None = None) -> None:
    labels = labels or load_labels()
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(rows, path, at, labels)
    else:
        replace_file(path, report_html(rows, at, labels).encode("utf-8"))


def _write_xlsx(rows: list[ReportRow], path: Path, at: datetime, labels: Labels) -> None:
    title = labels.report["title"]

    def fill(book) -> None:
        formats = Formats(book)
        write_sheet(book, formats, title[:31], _frame(rows, labels), title, footer=labels.text["footer"])
        book.get_worksheet_by_name(title[:31]).write_string(1, 0, _summary(rows, at, labels), formats.note)
    replace_file(path, workbook_bytes(fill))


_STYLE = """body{font-family:"Segoe UI",Arial,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em;margin:0 0 .2em}p{color:#555;margin:0 0 1em}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #bbb;padding:.3em .5em;vertical-align:top}
th{background:#ddebf7;text-align:left;position:sticky;top:0}td.n{text-align:right}
tr.failed td{background:#fbe3d6}tr.missing td,tr.interrupted td{background:#fff2cc}
@media print{th{position:static}}"""


def report_html(rows: list[ReportRow], at: datetime, labels: Labels) -> str:
    """One self-contained page (no script, no external file); every value escaped."""
    e = html.escape
    df = _frame(rows, labels)
    head = "".join(f"<th>{e(str(c))}</th>" for c in df.columns)
    numeric = {labels.report["columns"]["facts"], labels.report["columns"]["flags"]}
    body = []
    for r, values in zip(rows, df.itertuples(index=False)):
        cells = "".join(('<td class="n">' if col in numeric else "<td>") + ("" if pd.isna(v) else e(str(v))) + "</td>"
                        for col, v in zip(df.columns, values))
        body.append(f'<tr class="{e(r.outcome)}">{cells}</tr>')
    title = labels.report["title"]
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>{e(title)}</title>\n'
            f"<style>{_STYLE}</style>\n</head>\n<body>\n<h1>{e(title)}</h1>\n<p>{e(_summary(rows, at, labels))}</p>\n"
            f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</body>\n</html>\n")
