"""Warehouse views -> comparisons an analyst opens in Excel (.xlsx) or any spreadsheet (.csv).

Two shapes:
- one indicator: units × periods (`by_indicator`), from sql/unit_comparison.sql;
- one period: units × indicators (`by_period`).
Each export also carries the facts behind every cell (file, page, character offsets, sentence),
the quality flags that touch them and the indicator labels, so a number can be traced back.

Cells whose text starts with = + - @ (or a tab / carriage return) would be run as formulas by
Excel; they are neutralised: in .xlsx written as text with Excel's quote prefix (the text itself
is unchanged), in .csv prefixed with an apostrophe.
"""
from __future__ import annotations

import csv
import math
import numbers
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

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
                     "kind": "Loại", "meaning": "Ý nghĩa (tiếng Anh)"}


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


def _indicators(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    df = con.execute("SELECT indicator_id, label_vi, unit, kind, meaning FROM indicators "
                     "WHERE list_contains(?, indicator_id) ORDER BY indicator_id", [ids]).df()
    return df.rename(columns=INDICATOR_COLUMNS)


def _facts(con: duckdb.DuckDBPyConnection, where: str, params: list, ids: list[str] | None = None) -> pd.DataFrame:
    """The facts behind a comparison; `ids` narrows them to some indicators before the indicator
    lists are unnested (sql/indicator_facts.sql indicator_facts_of)."""
    df = con.execute(f"""
        SELECT {', '.join(c if c != "role" else "CASE WHEN derived THEN 'derived' ELSE role END AS role"
                          for c in FACT_COLUMNS)} FROM indicator_facts_of(?::VARCHAR[]) WHERE {where}
        ORDER BY indicator_id, unit_name, period_end NULLS LAST, role, source_file, char_start""", [ids, *params]).df()
    df["role"] = df["role"].map(lambda r: ROLES.get(r, r))
    # the value as read is shown only beside a value the analyst changed
    df["extracted_value"] = df["extracted_value"].where(df["review_status"] == "corrected")
    df["review_status"] = df["review_status"].map(lambda s: REVIEW_STATUSES.get(s, s))
    return df.rename(columns=FACT_COLUMNS)


def _flags(con: duckdb.DuckDBPyConnection, where: str, params: list, ids: list[str] | None = None) -> pd.DataFrame:
    df = con.execute(f"SELECT {', '.join(FLAG_COLUMNS)} FROM quality_flags_of(?::VARCHAR[]) WHERE {where} "
                     "ORDER BY severity, check_name, unit_name", [ids, *params]).df()
    df["severity"] = df["severity"].map(lambda v: SEVERITIES.get(v, v))
    df["check_name"] = df["check_name"].map(lambda v: CHECKS.get(v, v))
    return df.rename(columns=FLAG_COLUMNS)


def _pivot(rows: pd.DataFrame, column: str, order: list[str]) -> pd.DataFrame:
    """Units down, `column` across; the last column lists the files behind each unit's values."""
    units = rows[["unit_name", "unit_level", "unit_id"]].drop_duplicates("unit_name")
    table = rows.pivot_table(index="unit_name", columns=column, values="indicator_value", aggfunc="first")
    table = table.reindex(columns=order)
    labelled = rows[column].astype(str) + ": " + rows["sources"].astype(str)
    sources = labelled.groupby(rows["unit_name"]).agg("; ".join)
    out = units.set_index("unit_name").join(table).join(sources.rename("Nguồn"))
    out = out.reset_index()
    out["unit_level"] = out["unit_level"].map(lambda v: LEVELS.get(v, v) if isinstance(v, str) else v)
    return out.rename(columns=UNIT_COLUMNS)


def by_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> Export:
    known = [r[0] for r in con.execute("SELECT indicator_id FROM indicators ORDER BY 1").fetchall()]
    if indicator_id not in known:
        raise ExportError(f"unknown indicator {indicator_id!r}; the catalog has: {', '.join(known)}")
    label, unit = con.execute("SELECT label_vi, unit FROM indicators WHERE indicator_id = ?", [indicator_id]).fetchone()
    rows = con.execute("""
        SELECT * FROM unit_comparison_of([?]) ORDER BY unit_level NULLS LAST, unit_name""", [indicator_id]).df()
    if rows.empty:
        raise ExportError(f"no unit reports {indicator_id} ({label}) in the warehouse")
    periods = (rows[["period_label", "period_start", "period_end"]].drop_duplicates()
               .sort_values(["period_end", "period_start"], na_position="last")["period_label"].tolist())
    return Export(
        name=indicator_id, title=f"{label} ({unit})" if unit else label,
        comparison=_pivot(rows, "period_label", periods),
        facts=_facts(con, "indicator_id = ?", [indicator_id], [indicator_id]),
        flags=_flags(con, "list_contains(indicators, ?)", [indicator_id], [indicator_id]),
        indicators=_indicators(con, [indicator_id]),
    )


def by_period(con: duckdb.DuckDBPyConnection, period_label: str) -> Export:
    rows = con.execute("""
        SELECT c.*, i.label_vi || CASE WHEN i.unit <> '' THEN ' (' || i.unit || ')' ELSE '' END AS column_label
        FROM unit_comparison AS c JOIN indicators AS i USING (indicator_id)
        WHERE c.period_label = ? ORDER BY c.unit_level NULLS LAST, c.unit_name, c.indicator_id""",
                       [period_label]).df()
    if rows.empty:
        known = [r[0] for r in con.execute("SELECT DISTINCT period_label FROM unit_comparison ORDER BY 1").fetchall()]
        raise ExportError(f"no indicator values for period {period_label!r}; periods with values: {', '.join(known)}")
    columns = rows.drop_duplicates("indicator_id").sort_values("indicator_id")["column_label"].tolist()
    ids = sorted(rows["indicator_id"].unique())
    return Export(
        name=f"ky_{period_label}", title=f"Các chỉ tiêu kỳ {period_label}",
        comparison=_pivot(rows, "column_label", columns),
        facts=_facts(con, "period_label = ? AND indicator_id IS NOT NULL", [period_label]),
        flags=_flags(con, "period_label = ?", [period_label]),
        indicators=_indicators(con, ids),
    )


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT


def neutralise(v):
    """A text cell Excel would run as a formula gets an apostrophe (for .csv)."""
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return v


def write_csv(df: pd.DataFrame, path: Path, decimal_comma: bool = False) -> None:
    """UTF-8 with a byte-order mark, so Excel shows Vietnamese intact. `decimal_comma` writes
    "99,9" and separates fields with ';' — what Excel expects under a Vietnamese locale."""
    safe = df.map(neutralise)
    safe.to_csv(path, index=False, encoding="utf-8-sig", sep=";" if decimal_comma else ",",
                decimal="," if decimal_comma else ".", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


class _Formats:
    """The cell formats of one workbook."""

    def __init__(self, book) -> None:
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                       "border": 1})
        self.text = book.add_format({"valign": "top"})
        self.quoted = book.add_format({"valign": "top", "quote_prefix": True})
        self.number = book.add_format({"valign": "top", "num_format": "#,##0.##"})
        self.title = book.add_format({"bold": True, "font_size": 13})


def write_sheet(book, formats: _Formats, name: str, df: pd.DataFrame, heading: str | None = None) -> None:
    """One sheet: an optional title, a frozen and filterable header, numbers as numbers, text
    that Excel would run as a formula written as text."""
    ws = book.add_worksheet(name)
    top = 0
    if heading:
        ws.write_string(0, 0, heading, formats.title)
        top = 2
    for c, col in enumerate(df.columns):
        ws.write_string(top, c, str(col), formats.header)
        values = [str(v) for v in df[col] if not _missing(v)]
        ws.set_column(c, c, min(60, max([len(str(col)), *map(len, values)], default=8) + 2))
    for r, row in enumerate(df.itertuples(index=False), start=top + 1):
        for c, v in enumerate(row):
            if _missing(v):
                continue
            if isinstance(v, bool):
                ws.write_boolean(r, c, v, formats.text)
            elif isinstance(v, numbers.Number):
                ws.write_number(r, c, float(v), formats.number)
            else:
                s = str(v)
                ws.write_string(r, c, s, formats.quoted if s.startswith(FORMULA_START) else formats.text)
    ws.freeze_panes(top + 1, 1)
    if len(df.columns):
        ws.autofilter(top, 0, top + len(df), len(df.columns) - 1)


def write_frame_xlsx(df: pd.DataFrame, path: Path, sheet: str = "Kết quả") -> None:
    """A query's rows as one sheet (`cchc sql --xlsx`)."""
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": False})
    try:
        write_sheet(book, _Formats(book), sheet, df)
    finally:
        book.close()


def write_xlsx(export: Export, path: Path) -> None:
    import xlsxwriter
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": False})
    try:
        formats = _Formats(book)
        for name, df, heading in [("So sánh", export.comparison, export.title), ("Dữ liệu", export.facts, None),
                                  ("Cảnh báo", export.flags, None), ("Chỉ tiêu", export.indicators, None)]:
            write_sheet(book, formats, name, df, heading)
    finally:
        book.close()
