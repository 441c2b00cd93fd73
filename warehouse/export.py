"""Warehouse views -> comparisons an analyst opens in Excel (.xlsx) or any spreadsheet (.csv).

Two shapes:
- one indicator: units × periods (`by_indicator`), from sql/unit_comparison.sql;
- one period: units × indicators (`by_period`).
Each export also carries the facts behind every cell (file, page, character offsets, sentence),
the quality flags that touch them and the indicator labels, so a number can be traced back.

The .xlsx is made to be printed and handed to a director: the comparison sorted by rank (the
indicator's direction in the latest period, ties sharing a rank), native conditional formats for
values below their target, values with quality flags and missing values (a legend under the
table), a native chart, every sheet set for A4 landscape one page wide with its header row
repeated, sources named by document type, number and date (the files in a cell note), money in
the indicator's display unit (tỷ đồng). Its wording is data: warehouse/data/vi/export.toml.

Cells whose text starts with = + - @ (or a tab / carriage return) would be run as formulas by
Excel; they are neutralised: in .xlsx written as text with Excel's quote prefix (the text itself
is unchanged), in .csv prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import io
import math
import numbers
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd
from xlsxwriter.utility import xl_rowcol_to_cell

LEVELS = {"province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã"}
SEVERITIES = {"error": "lỗi", "warning": "cần xem"}
CHECKS = {"restated_percent": "tỷ lệ ghi khác x/y", "parts_vs_total": "các phần khác tổng",
          "percent_over_max": "tỷ lệ vượt mức tối đa", "score_over_max": "điểm vượt điểm tối đa",
          "rank_over_n": "hạng vượt số đơn vị xếp hạng", "conflicting_values": "hai giá trị khác nhau"}
ROLES = {"actual": "thực hiện", "target": "chỉ tiêu", "baseline": "kỳ trước", "change": "tăng/giảm",
         "derived": "suy ra từ số liệu"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

UNIT_COLUMNS = {"unit_name": "Đơn vị", "unit_level": "Cấp", "unit_id": "Mã đơn vị"}
FACT_COLUMNS = {
    "indicator_label": "Chỉ tiêu", "unit_name": "Đơn vị", "period_label": "Kỳ", "role": "Loại số liệu",
    "comparator": "So sánh", "indicator_value": "Giá trị", "indicator_unit": "Đơn vị tính",
    "matched_text": "Số liệu gốc", "source_file": "Tệp nguồn", "page": "Trang", "char_start": "Ký tự từ",
    "char_end": "Ký tự đến", "sentence": "Câu trích", "indicator_cue": "Căn cứ nhận diện", "indicator_id": "Mã chỉ tiêu",
    "review_status": "Đã rà soát", "extracted_value": "Giá trị trước khi sửa",
}
# an analyst's verdict in `cchc review` (sql/reviewed_facts.sql); rejected facts are not exported
REVIEW_STATUSES = {"accepted": "đã xác nhận", "corrected": "đã sửa"}
FLAG_COLUMNS = {
    "severity": "Mức độ", "check_name": "Loại kiểm tra", "unit_name": "Đơn vị", "period_label": "Kỳ",
    "value_text": "Số liệu", "other_text": "Đối chiếu với", "expected": "Giá trị suy ra", "message": "Mô tả",
    "source_files": "Tệp nguồn", "page": "Trang", "sentence": "Câu trích",
}
INDICATOR_COLUMNS = {"indicator_id": "Mã chỉ tiêu", "label_vi": "Chỉ tiêu", "unit": "Đơn vị tính",
                     "kind": "Loại", "meaning_vi": "Ý nghĩa", "better": "Chiều so sánh",
                     "meaning": "Ý nghĩa (tiếng Anh)"}
RANKING_COLUMNS = {"indicator_label": "Chỉ tiêu", "rank": "Xếp hạng", "unit_name": "Đơn vị", "unit_level": "Cấp",
                   "indicator_value": "Giá trị", "unit": "Đơn vị tính"}
LABELS_FILE = Path(__file__).resolve().parent / "data" / "vi" / "export.toml"
WHOLE_KINDS = ("count", "rank")    # indicators whose values are whole numbers
LINES_AT_MOST = 12          # units drawn in a chart across periods: more lines cannot be told apart


@dataclass(frozen=True)
class Labels:
    """The workbook's wording (export.toml): document codes, money units and sentences."""
    doc_types: dict[str, str]
    money_units: dict[str, float]
    text: dict[str, str]
    kinds: dict[str, str]
    better: dict[str, str]
    report: dict              # the ingest report's wording (warehouse/report.py)


def load_labels(path: Path = LABELS_FILE) -> Labels:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    return Labels(data["doc_types"], {k: float(v) for k, v in data["money_units"].items()}, data["text"],
                  data["kinds"], data["better"], data["report"])


@dataclass(frozen=True)
class Cell:
    """A value cell of the comparison: the unit's row and a value column."""
    unit: str
    column: str


@dataclass(frozen=True)
class Threshold:
    """A value cell with a target: the value fails it when `criteria` (an Excel cell operator,
    "<" for a target to reach) holds against `value`."""
    cell: Cell
    criteria: str
    value: float


@dataclass(frozen=True)
class Layout:
    """How the comparison sheet is laid out and coloured (the .csv ignores it)."""
    value_columns: tuple[str, ...] = ()
    latest: str | None = None                  # the period ranks are taken in
    note: str = ""                             # under the title: how rows are ordered
    thresholds: tuple[Threshold, ...] = ()
    flagged: tuple[Cell, ...] = ()
    source_notes: dict[str, str] = field(default_factory=dict)   # unit -> the files behind its sources
    across_periods: bool = False               # value columns are periods (a line chart too)
    ranking: pd.DataFrame | None = None        # by_period: each indicator's ranking, a sheet of its own


class ExportError(Exception):
    """The export cannot be made (unknown indicator, nothing for that period); shown as is."""


@dataclass(frozen=True)
class Export:
    name: str                    # file stem
    title: str
    comparison: pd.DataFrame     # units × periods or units × indicators
    facts: pd.DataFrame          # every fact behind the comparison, with provenance
    flags: pd.DataFrame
    indicators: pd.DataFrame
    layout: Layout = field(default_factory=Layout)


def _scales(con: duckdb.DuckDBPyConnection, ids: list[str] | None, labels: Labels) -> dict[str, tuple[str, float]]:
    """Money indicators shown in their display unit: id -> (unit, đồng per unit). Facts store đồng."""
    rows = con.execute("SELECT indicator_id, display_unit FROM indicators WHERE kind = 'money' "
                       "AND display_unit IS NOT NULL AND (? IS NULL OR list_contains(?, indicator_id))",
                       [ids, ids]).fetchall()
    return {i: (unit, labels.money_units[unit]) for i, unit in rows if unit in labels.money_units}


def _in_display_units(df: pd.DataFrame, scales: dict[str, tuple[str, float]], columns: list[str],
                      unit_column: str | None = None) -> pd.DataFrame:
    """Values of money indicators divided into their display unit (and that unit named)."""
    if not scales or df.empty:
        return df
    df = df.copy()
    divisor = df["indicator_id"].map(lambda i: scales[i][1] if i in scales else 1.0)
    for c in columns:
        df[c] = df[c] / divisor
    if unit_column:
        df[unit_column] = [scales[i][0] if i in scales else u for i, u in zip(df["indicator_id"], df[unit_column])]
    return df


def _indicators(con: duckdb.DuckDBPyConnection, ids: list[str], labels: Labels) -> pd.DataFrame:
    df = con.execute("SELECT indicator_id, label_vi, coalesce(display_unit, unit) AS unit, kind, meaning_vi, better, "
                     "meaning FROM indicators WHERE list_contains(?, indicator_id) ORDER BY indicator_id", [ids]).df()
    df["kind"] = df["kind"].map(lambda k: labels.kinds.get(k, k))
    df["better"] = df["better"].map(lambda b: labels.better.get(b, "") if isinstance(b, str) else "")
    return df.rename(columns=INDICATOR_COLUMNS)


def _facts(con: duckdb.DuckDBPyConnection, where: str, params: list, ids: list[str] | None = None,
           scales: dict[str, tuple[str, float]] | None = None) -> pd.DataFrame:
    """The facts behind a comparison; `ids` narrows them to some indicators before the indicator
    lists are unnested (sql/indicator_facts.sql indicator_facts_of)."""
    df = con.execute(f"""
        SELECT {', '.join(c if c != "role" else "CASE WHEN derived THEN 'derived' ELSE role END AS role"
                          for c in FACT_COLUMNS)} FROM indicator_facts_of(?::VARCHAR[]) WHERE {where}
        ORDER BY indicator_id, unit_name, period_end NULLS LAST, role, source_file, char_start""", [ids, *params]).df()
    df["role"] = df["role"].map(lambda r: ROLES.get(r, r))
    df = _in_display_units(df, scales or {}, ["indicator_value", "extracted_value"], "indicator_unit")
    # the value as read is shown only beside a value the analyst changed
    df["extracted_value"] = df["extracted_value"].where(df["review_status"] == "corrected")
    df["review_status"] = df["review_status"].map(lambda s: REVIEW_STATUSES.get(s, s))
    return df.rename(columns=FACT_COLUMNS)


def _flags(con: duckdb.DuckDBPyConnection, where: str, params: list, ids: list[str] | None,
           column_of) -> tuple[pd.DataFrame, tuple[Cell, ...]]:
    """The quality flags touching a comparison, and the value cells they touch (`column_of(period,
    indicator)` names a cell's column; None: not in the comparison) — from one query."""
    df = con.execute(f"SELECT {', '.join(FLAG_COLUMNS)}, indicators FROM quality_flags_of(?::VARCHAR[]) "
                     f"WHERE {where} ORDER BY severity, check_name, unit_name", [ids, *params]).df()
    cells = {Cell(unit, column) for unit, period, indicators in zip(df["unit_name"], df["period_label"], df["indicators"])
             if isinstance(unit, str) for i in (list(indicators) if indicators is not None else [])
             if (column := column_of(period, i)) is not None}
    df = df.drop(columns=["indicators"])
    df["severity"] = df["severity"].map(lambda v: SEVERITIES.get(v, v))
    df["check_name"] = df["check_name"].map(lambda v: CHECKS.get(v, v))
    return df.rename(columns=FLAG_COLUMNS), tuple(sorted(cells, key=lambda c: (c.unit, c.column)))


def failing_when(comparator: str | None) -> str:
    """The Excel cell operator under which a value misses a target of this comparator."""
    return {"<=": ">", "<": ">=", ">": "<="}.get(comparator or "", "<")


def _thresholds(rows: list[tuple], column_of, divisor_of) -> tuple[Threshold, ...]:
    """Targets (targets_vs_actuals: unit, indicator, actual period, comparator, target) as cell
    thresholds; several targets on one cell keep the strictest."""
    best: dict[tuple[Cell, str], float] = {}
    for unit, indicator, period, comparator, target in rows:
        column = column_of(period, indicator)
        if column is None or unit is None or target is None:
            continue
        key, value = (Cell(unit, column), failing_when(comparator)), target / divisor_of(indicator)
        keep_higher = key[1] in ("<", "<=")          # a target to reach: the highest is the strictest
        old = best.get(key)
        best[key] = value if old is None else (max(old, value) if keep_higher else min(old, value))
    return tuple(Threshold(cell, criteria, value) for (cell, criteria), value in
                 sorted(best.items(), key=lambda kv: (kv[0][0].unit, kv[0][0].column, kv[0][1])))


def document_label(doc_type, number, symbol, issued, labels: Labels) -> str | None:
    """"BC 329/BC-UBND ngày 19/12/2025": a document by type, number and date; None when its number
    is unknown (a draft's blank "Số: /BC-UBND"), the caller then names its files."""
    if _missing(number) or not str(number).strip():
        return None
    reference = f"{number}/{symbol}" if not _missing(symbol) and str(symbol).strip() else str(number)
    code = labels.doc_types.get(doc_type) if isinstance(doc_type, str) else None
    label = f"{code} {reference}" if code else reference
    if not _missing(issued):
        label += " " + labels.text["date"].format(date=pd.Timestamp(issued).date())
    return label


def _source_labels(rows: pd.DataFrame, labels: Labels) -> list[str]:
    """Each value's source: its document by number and date, else the files of its report."""
    out = []
    for r in rows.itertuples(index=False):
        named = document_label(r.document_type, r.doc_number, r.doc_symbol, r.document_date, labels)
        out.append(r.sources if named is None else (labels.text["derived"] if r.derived else "") + named)
    return out


def _pivot(rows: pd.DataFrame, column: str, order: list[str], by_column: bool) -> tuple[pd.DataFrame, dict[str, str]]:
    """Units down, `column` across; the last column names the documents behind each unit's
    values (`by_column`: each prefixed with its column, as periods are), and the second value
    gives each unit's files, for a cell note."""
    units = rows[["unit_name", "unit_level", "unit_id"]].drop_duplicates("unit_name")
    table = rows.pivot_table(index="unit_name", columns=column, values="indicator_value", aggfunc="first")
    table = table.reindex(columns=order)
    if by_column:
        named = rows[column].astype(str) + ": " + rows["source_label"]
        files = rows[column].astype(str) + ": " + rows["sources"].astype(str)
        sources = named.groupby(rows["unit_name"]).agg("; ".join)
        notes = files.groupby(rows["unit_name"]).agg("\n".join)
    else:
        sources = rows["source_label"].groupby(rows["unit_name"]).agg(lambda xs: "; ".join(dict.fromkeys(xs)))
        notes = rows["sources"].astype(str).groupby(rows["unit_name"]).agg(lambda xs: "\n".join(dict.fromkeys(xs)))
    out = units.set_index("unit_name").join(table).join(sources.rename("Nguồn"))
    out = out.reset_index()
    out["unit_level"] = out["unit_level"].map(lambda v: LEVELS.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns=UNIT_COLUMNS), notes.to_dict()


def whole_numbers(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Columns of counts and ranks as integers where every value is whole: "7", not "7,0" in a .csv."""
    df = df.copy()
    for c in columns:
        values = df[c].dropna()
        if (values == values.round()).all():
            df[c] = df[c].round().astype("Int64")
    return df


def rank_of(values: pd.Series, better: str | None) -> pd.Series:
    """Ranks by the indicator's direction, ties sharing one (1, 2, 2, 4); none without a direction
    or a value."""
    if better not in ("higher", "lower"):
        return pd.Series(pd.NA, index=values.index, dtype="Int64")
    return values.rank(method="min", ascending=better == "lower").astype("Int64")


def ranked(comparison: pd.DataFrame, latest: str, better: str | None, rank_label: str) -> pd.DataFrame:
    """The comparison with a rank column first, sorted by it (units without a rank last); without
    a direction, by the latest value, highest first."""
    out = comparison.copy()
    out.insert(0, rank_label, rank_of(out[latest], better))
    name = UNIT_COLUMNS["unit_name"]
    if better in ("higher", "lower"):
        out = out.sort_values([rank_label, name], na_position="last", kind="stable")
    else:
        out = out.sort_values([latest, name], ascending=[False, True], na_position="last", kind="stable")
    return out.reset_index(drop=True)


_DOCUMENT = """d.doc_type AS document_type, d.doc_number, d.doc_symbol, d.issue_date AS document_date"""


def by_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str, labels: Labels | None = None) -> Export:
    labels = labels or load_labels()
    known = [r[0] for r in con.execute("SELECT indicator_id FROM indicators ORDER BY 1").fetchall()]
    if indicator_id not in known:
        raise ExportError(f"unknown indicator {indicator_id!r}; the catalog has: {', '.join(known)}")
    label, unit, better, kind = con.execute("SELECT label_vi, unit, better, kind FROM indicators WHERE indicator_id = ?",
                                            [indicator_id]).fetchone()
    rows = con.execute(f"""
        SELECT c.*, {_DOCUMENT} FROM unit_comparison_of([?]) AS c LEFT JOIN documents AS d USING (document_id)
        ORDER BY c.unit_level NULLS LAST, c.unit_name""", [indicator_id]).df()
    if rows.empty:
        raise ExportError(f"no unit reports {indicator_id} ({label}) in the warehouse")
    scales = _scales(con, [indicator_id], labels)
    unit, divisor = scales.get(indicator_id, (unit, 1.0))
    rows = _in_display_units(rows, scales, ["indicator_value"])
    rows["source_label"] = _source_labels(rows, labels)
    periods = (rows[["period_label", "period_start", "period_end"]].drop_duplicates()
               .sort_values(["period_end", "period_start"], na_position="last")["period_label"].tolist())
    latest = periods[-1]
    pivot, notes = _pivot(rows, "period_label", periods, by_column=True)
    pivot = whole_numbers(pivot, periods if kind in WHOLE_KINDS else [])
    comparison = ranked(pivot, latest, better, labels.text["rank"])
    note = labels.text[f"ranked_{better}" if better in ("higher", "lower") else "unranked"].format(period=latest)
    in_periods = (lambda period, indicator: period if indicator == indicator_id and period in periods else None)
    targets = con.execute("""SELECT unit_name, indicator_id, actual_period, comparator, target_value
                             FROM targets_vs_actuals_of([?]) WHERE actual_period IS NOT NULL""",
                          [indicator_id]).fetchall()
    flags, flagged = _flags(con, "list_contains(indicators, ?)", [indicator_id], [indicator_id], in_periods)
    return Export(
        name=indicator_id, title=f"{label} ({unit})" if unit else label,
        comparison=comparison,
        facts=_facts(con, "indicator_id = ?", [indicator_id], [indicator_id], scales),
        flags=flags,
        indicators=_indicators(con, [indicator_id], labels),
        layout=Layout(value_columns=tuple(periods), latest=latest, note=note,
                      thresholds=_thresholds(targets, in_periods, lambda i: divisor),
                      flagged=flagged, source_notes=notes, across_periods=len(periods) > 1),
    )


def _ranking(rows: pd.DataFrame, labels: Labels) -> pd.DataFrame:
    """Each indicator's units by rank (by_period): ties share a rank, no rank without a direction."""
    parts = []
    for _, group in rows.groupby("indicator_id", sort=True):
        g = group.copy()
        g["rank"] = rank_of(g["indicator_value"], g["better"].iloc[0])
        g = g.sort_values(["rank", "indicator_value", "unit_name"], ascending=[True, False, True],
                          na_position="last", kind="stable")
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    out["unit_level"] = out["unit_level"].map(lambda v: LEVELS.get(v, v) if isinstance(v, str) else v)
    return out[list(RANKING_COLUMNS)].rename(columns=RANKING_COLUMNS)


def by_period(con: duckdb.DuckDBPyConnection, period_label: str, labels: Labels | None = None) -> Export:
    labels = labels or load_labels()
    rows = con.execute(f"""
        SELECT c.*, i.better, i.kind AS indicator_kind, coalesce(i.display_unit, i.unit) AS unit,
               i.label_vi || CASE WHEN coalesce(i.display_unit, i.unit) <> ''
                                  THEN ' (' || coalesce(i.display_unit, i.unit) || ')' ELSE '' END AS column_label,
               {_DOCUMENT}
        FROM unit_comparison AS c JOIN indicators AS i USING (indicator_id)
        LEFT JOIN documents AS d ON d.document_id = c.document_id
        WHERE c.period_label = ? ORDER BY c.unit_level NULLS LAST, c.unit_name, c.indicator_id""",
                       [period_label]).df()
    if rows.empty:
        known = [r[0] for r in con.execute("SELECT DISTINCT period_label FROM unit_comparison ORDER BY 1").fetchall()]
        raise ExportError(f"no indicator values for period {period_label!r}; periods with values: {', '.join(known)}")
    ids = sorted(rows["indicator_id"].unique())
    scales = _scales(con, ids, labels)
    rows = _in_display_units(rows, scales, ["indicator_value"])
    rows["source_label"] = _source_labels(rows, labels)
    columns_of = dict(rows.drop_duplicates("indicator_id")[["indicator_id", "column_label"]].itertuples(index=False))
    columns = [columns_of[i] for i in ids]
    comparison, notes = _pivot(rows, "column_label", columns, by_column=False)
    whole = rows.loc[rows["indicator_kind"].isin(WHOLE_KINDS), "column_label"].unique().tolist()
    comparison = whole_numbers(comparison, whole)
    in_period = (lambda period, indicator: columns_of.get(indicator) if period == period_label else None)
    targets = con.execute("""SELECT unit_name, indicator_id, actual_period, comparator, target_value
                             FROM targets_vs_actuals WHERE actual_period = ?""", [period_label]).fetchall()
    flags, flagged = _flags(con, "period_label = ?", [period_label], None, in_period)
    return Export(
        name=f"ky_{period_label}", title=f"Các chỉ tiêu kỳ {period_label}",
        comparison=comparison,
        facts=_facts(con, "period_label = ? AND indicator_id IS NOT NULL", [period_label], scales=scales),
        flags=flags,
        indicators=_indicators(con, ids, labels),
        layout=Layout(value_columns=tuple(columns), latest=period_label,
                      note=labels.text["by_period"].format(period=period_label),
                      thresholds=_thresholds(targets, in_period, lambda i: scales.get(i, ("", 1.0))[1]),
                      flagged=flagged, source_notes=notes, ranking=_ranking(rows, labels)),
    )


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def neutralise(v):
    """A text cell Excel would run as a formula gets an apostrophe (for .csv)."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


# Text that Excel turns into a number, date or time when it opens a CSV: a unit code "2008:58"
# (2008 hours 58 minutes), a numbering "3.1", "01" (the zero dropped), "12/63" (a date).
_EXCEL_CONVERTS = re.compile(r"\s*[-+]?[\d.,:/ ]*\d[\d.,:/ ]*\s*")


def keep_as_text(v):
    """A text cell Excel would convert, written as the text formula ="2008:58": Excel shows the
    text as it is. Only our own figure-like strings get this (no quote in them), after every
    other cell starting with = was neutralised."""
    if isinstance(v, str) and _EXCEL_CONVERTS.fullmatch(v):
        return f'="{v}"'
    return v


def write_csv(df: pd.DataFrame, path: Path, decimal_comma: bool = False) -> None:
    """UTF-8 with a byte-order mark, so Excel shows Vietnamese intact. `decimal_comma` writes
    "99,9" and separates fields with ';' — what Excel expects under a Vietnamese locale — and
    keeps text cells that Excel would read as a number or a time as text (`keep_as_text`); the
    other way (`--decimal-point`) is for programs, and writes every cell as it is."""
    safe = df.map(neutralise)
    if decimal_comma:
        safe = safe.map(keep_as_text)
    buffer = io.BytesIO()
    safe.to_csv(buffer, index=False, encoding="utf-8-sig", sep=";" if decimal_comma else ",",
                decimal="," if decimal_comma else ".", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    replace_file(path, buffer.getvalue())


def replace_file(path: Path, data: bytes) -> None:
    """The file written whole or not at all (a full disk leaves no empty or cut .xlsx behind, and
    an earlier export of the same name stays): written beside it, then renamed over it. A link
    is followed (the file it points to is replaced, not the link); a pipe, a terminal or a device
    (`--csv /dev/stdout`) is written to as it is, never replaced by a file."""
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        special = False
    if special:
        with open(path, "wb") as fh:
            fh.write(data)
        return
    target = Path(os.path.realpath(path))
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with open(part, "wb") as fh:
            fh.write(data)
        if target.exists():                      # the file replaced keeps its permissions
            os.chmod(part, stat.S_IMODE(target.stat().st_mode))
        os.replace(part, target)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc     # named by the file asked for
        raise


def workbook_bytes(fill: Callable[[object], None]) -> bytes:
    """An .xlsx made in memory by `fill(book)`: written to disk by replace_file in one piece."""
    import xlsxwriter
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"nan_inf_to_errors": False, "in_memory": True})
    try:
        fill(book)
    finally:
        book.close()
    return buffer.getvalue()


class Formats:
    """The cell formats of one workbook."""

    def __init__(self, book) -> None:
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                       "border": 1})
        self.text = book.add_format({"valign": "top"})
        self.quoted = book.add_format({"valign": "top", "quote_prefix": True})
        self.number = book.add_format({"valign": "top", "num_format": "#,##0.##"})
        self.title = book.add_format({"bold": True, "font_size": 13})
        self.note = book.add_format({"italic": True, "font_color": "#595959"})
        self.bold = book.add_format({"bold": True})
        # conditional formats: fills that print in grey scale too (light, with a darker font)
        self.below_target = book.add_format({"bg_color": "#F8CBAD", "font_color": "#9C0006"})
        self.flagged = book.add_format({"bg_color": "#FFEB9C", "font_color": "#7F6000"})
        self.missing = book.add_format({"bg_color": "#E7E6E6"})


def _write_table(ws, formats: Formats, df: pd.DataFrame, top: int) -> None:
    """A header at row `top` and the rows under it: numbers as numbers, text as text (a unit code
    "2008:58" stays text), text Excel would run as a formula with the quote prefix."""
    for c, col in enumerate(df.columns):
        ws.write_string(top, c, str(col), formats.header)
        values = df[col].dropna()
        longest = int(values.astype(str).str.len().max()) if len(values) else 0
        ws.set_column(c, c, min(60, max(len(str(col)), longest) + 2))
    # column by column, nulls dropped first: a check per written cell only (large exports)
    for c, col in enumerate(df.columns):
        values = df[col]
        present = values.notna().to_numpy()
        for r, v in zip((present.nonzero()[0] + top + 1).tolist(), values[present].tolist()):
            if isinstance(v, bool):
                ws.write_boolean(r, c, v, formats.text)
            elif isinstance(v, numbers.Number):
                if not (isinstance(v, float) and math.isnan(v)):
                    ws.write_number(r, c, float(v), formats.number)
            else:
                s = str(v)
                ws.write_string(r, c, s, formats.quoted if s.startswith(FORMULA_START) else formats.text)


def _page_text(text: str) -> str:
    """Text for a printed header: '&' doubled (it starts Excel's codes), within Excel's 255 characters."""
    return text.replace("&", "&&")[:200]


def print_setup(ws, title: str, header_row: int, footer: str) -> None:
    """A4 landscape, one page wide (as many pages down as needed), the header row on every page,
    the title in the page header and the page number in the footer."""
    ws.set_landscape()
    ws.set_paper(9)                                   # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_header(f'&C&"-,Bold"{_page_text(title)}')
    ws.set_footer(f"&C{footer}")


def write_sheet(book, formats: Formats, name: str, df: pd.DataFrame, heading: str | None = None,
                page_title: str | None = None, footer: str = "&P/&N") -> None:
    """One sheet: an optional title, a frozen and filterable header, numbers as numbers, text
    that Excel would run as a formula written as text; set up for printing."""
    ws = book.add_worksheet(name)
    top = 0
    if heading:
        ws.write_string(0, 0, heading, formats.title)
        top = 2
    _write_table(ws, formats, df, top)
    ws.freeze_panes(top + 1, 1)
    if len(df.columns):
        ws.autofilter(top, 0, top + len(df), len(df.columns) - 1)
    print_setup(ws, page_title or heading or name, top, footer)


def _colours(ws, formats: Formats, df: pd.DataFrame, layout: Layout, top: int) -> None:
    """Native conditional formats on the value cells: below target (one rule per cell, holding
    the target), flagged, and blank (missing) — in that priority."""
    if not layout.value_columns or df.empty:
        return
    cols = [list(df.columns).index(c) for c in layout.value_columns]
    row_of = {u: top + 1 + k for k, u in enumerate(df[UNIT_COLUMNS["unit_name"]])}
    col_of = dict(zip(layout.value_columns, cols))
    for t in layout.thresholds:
        if t.cell.unit in row_of and t.cell.column in col_of:
            r, c = row_of[t.cell.unit], col_of[t.cell.column]
            ws.conditional_format(r, c, r, c, {"type": "cell", "criteria": t.criteria, "value": t.value,
                                               "format": formats.below_target})
    flagged = [xl_rowcol_to_cell(row_of[f.unit], col_of[f.column]) for f in layout.flagged
               if f.unit in row_of and f.column in col_of]
    if flagged:
        ws.conditional_format(flagged[0], {"type": "no_blanks", "format": formats.flagged,
                                           "multi_range": " ".join(flagged)})
    ws.conditional_format(top + 1, min(cols), top + len(df), max(cols), {"type": "blanks", "format": formats.missing})


def _legend(ws, formats: Formats, row: int, labels: Labels) -> int:
    """The colours explained under the table, a swatch and its meaning per line; the next free row."""
    ws.write_string(row, 0, labels.text["legend"], formats.bold)
    for k, (fmt, key) in enumerate([(formats.below_target, "legend_below_target"),
                                    (formats.flagged, "legend_flagged"), (formats.missing, "legend_missing")], 1):
        ws.write_blank(row + k, 0, None, fmt)
        ws.write_string(row + k, 1, labels.text[key], formats.text)
    return row + 4


def _bar_chart(book, sheet: str, title: str, rows: tuple[int, int], unit_col: int, value_col: int,
               series_name: str):
    """Bars across units, in the sheet's order (the first unit on top)."""
    first, last = rows
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"name": series_name, "categories": [sheet, first, unit_col, last, unit_col],
                      "values": [sheet, first, value_col, last, value_col],
                      "data_labels": {"value": True, "num_format": "#,##0.##"}, "fill": {"color": "#4472C4"}})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    # a bar chart's y axis is its category axis (its x axis holds the values): reversed, the
    # first row is on top; the values then cross at the last category, so they stay below
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_size({"width": 760, "height": max(260, 22 * (last - first + 1) + 90)})
    return chart


def _line_chart(book, sheet: str, title: str, header_row: int, rows: list[int], unit_col: int,
                cols: tuple[int, int]):
    """One line per unit across the periods."""
    chart = book.add_chart({"type": "line"})
    for r in rows:
        chart.add_series({"name": [sheet, r, unit_col], "categories": [sheet, header_row, cols[0], header_row, cols[1]],
                          "values": [sheet, r, cols[0], r, cols[1]], "marker": {"type": "circle"}})
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"position": "right"})
    chart.show_blanks_as("span")                      # a period a unit did not report: the line goes on
    chart.set_size({"width": 760, "height": 360})
    return chart


def _charts_rows(chart) -> int:
    return math.ceil(chart.height / 20) + 2           # default row height is 20 px


def write_comparison(book, formats: Formats, export: Export, labels: Labels, name: str) -> None:
    """The comparison sheet: title, how it is ordered, the table with its colours and source
    notes, the legend, and the charts under it."""
    df, layout = export.comparison, export.layout
    ws = book.add_worksheet(name)
    ws.write_string(0, 0, export.title, formats.title)
    if layout.note:
        ws.write_string(1, 0, layout.note, formats.note)
    top = 2
    _write_table(ws, formats, df, top)
    unit_col = list(df.columns).index(UNIT_COLUMNS["unit_name"])
    ws.freeze_panes(top + 1, unit_col + 1)
    ws.autofilter(top, 0, top + len(df), len(df.columns) - 1)
    source = labels.text["source"]
    if source in df.columns:
        c = list(df.columns).index(source)
        for k, unit in enumerate(df[UNIT_COLUMNS["unit_name"]]):
            if layout.source_notes.get(unit):
                ws.write_comment(top + 1 + k, c, f"{labels.text['files']}:\n{layout.source_notes[unit]}",
                                 {"x_scale": 3, "y_scale": 1.5})
    _colours(ws, formats, df, layout, top)
    row = _legend(ws, formats, top + len(df) + 2, labels) + 1
    print_setup(ws, export.title, top, labels.text["footer"])
    if df.empty or not layout.value_columns:
        return
    cols = [list(df.columns).index(c) for c in layout.value_columns]
    if layout.across_periods:
        # the latest period's bars, then every unit's line across periods (the best ranked ones)
        latest = list(df.columns).index(layout.latest)
        bars = _bar_chart(book, name, labels.text["chart_bars"].format(title=export.title, period=layout.latest),
                          (top + 1, top + len(df)), unit_col, latest, layout.latest)
        ws.insert_chart(row, 1, bars)
        row += _charts_rows(bars)
        lines = _line_chart(book, name, labels.text["chart_lines"].format(title=export.title), top,
                            [top + 1 + k for k in range(min(len(df), LINES_AT_MOST))], unit_col, (min(cols), max(cols)))
        ws.insert_chart(row, 1, lines)
    elif len(cols) == 1:
        ws.insert_chart(row, 1, _bar_chart(book, name, labels.text["chart_bars"].format(
            title=export.title, period=layout.latest), (top + 1, top + len(df)), unit_col, cols[0], layout.latest))


def write_charts(book, formats: Formats, export: Export, labels: Labels, name: str, source: str) -> None:
    """One bar chart per indicator column of the comparison sheet `source` (by_period)."""
    df, layout = export.comparison, export.layout
    ws = book.add_worksheet(name)
    ws.write_string(0, 0, export.title, formats.title)
    unit_col, top, row = list(df.columns).index(UNIT_COLUMNS["unit_name"]), 2, 2
    for column in layout.value_columns:
        if df[column].notna().sum() == 0:
            continue
        chart = _bar_chart(book, source, labels.text["chart_bars"].format(title=column, period=layout.latest),
                           (top + 1, top + len(df)), unit_col, list(df.columns).index(column), column)
        ws.insert_chart(row, 0, chart)
        row += _charts_rows(chart)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_header(f'&C&"-,Bold"{_page_text(export.title)}')
    ws.set_footer(f"&C{labels.text['footer']}")


def write_frame_xlsx(df: pd.DataFrame, path: Path, sheet: str = "Kết quả") -> None:
    """A query's rows as one sheet (`cchc sql --xlsx`)."""
    footer = load_labels().text["footer"]
    replace_file(path, workbook_bytes(lambda book: write_sheet(book, Formats(book), sheet, df, footer=footer)))


def write_xlsx(export: Export, path: Path, labels: Labels | None = None) -> None:
    labels = labels or load_labels()
    replace_file(path, workbook_bytes(lambda book: _fill_export(book, export, labels)))


def _fill_export(book, export: Export, labels: Labels) -> None:
    formats = Formats(book)
    write_comparison(book, formats, export, labels, "So sánh")
    if export.layout.ranking is not None:
        write_sheet(book, formats, "Xếp hạng", export.layout.ranking, export.title,
                    footer=labels.text["footer"])
        book.get_worksheet_by_name("Xếp hạng").write_string(
            1, 0, labels.text["ranking_note"].format(period=export.layout.latest), formats.note)
        write_charts(book, formats, export, labels, "Biểu đồ", "So sánh")
    for name, df in [("Dữ liệu", export.facts), ("Cảnh báo", export.flags), ("Chỉ tiêu", export.indicators)]:
        write_sheet(book, formats, name, df, page_title=f"{export.title} — {name}", footer=labels.text["footer"])
