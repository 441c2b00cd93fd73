"""Warehouse -> Parquet, for other engines (DuckDB, Spark, Trino, pandas): the documents, and the
facts with their context (entity, period, role, indicators) and provenance (file, path, page,
character offsets, table cell, sentence, document number, date and unit).

Layout: DIR/documents/ and DIR/facts/, each hive-partitioned by `province` and `year`
(DIR/facts/province=binh_dinh/year=2025/data_0.parquet). The partition values are ASCII slugs
of the province's name (the name itself is the column `province_name`): DuckDB writes other
characters percent-encoded as UTF-8 bytes, which Hive-style readers (Spark, Trino) decode one
byte per character. `year` is the year of the period the document reports on, else its issue
year. A document without a province or a year goes to the partition value `unknown`. Documents
marked missing (gone from their folder) are left out, with their facts.

Only plain Parquet types are written (integers, doubles, strings, booleans, dates, timestamps
without time zone, lists): no DuckDB-only type (UNION, MAP, HUGEINT, ENUM, TIMESTAMP WITH TIME
ZONE), so any Parquet reader reads them.

The output is written into a temporary folder beside DIR and moved into place when complete:
a failure leaves DIR as it was and no half-written output.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

UNKNOWN = "unknown"


class ParquetError(Exception):
    """The Parquet export cannot be made (the folder exists, cannot be written); shown as is."""


@dataclass(frozen=True)
class Dataset:
    name: str          # the sub-folder
    query: str         # its rows, with `province` and `year` partition columns


def _slug(expr: str) -> str:
    """SQL for an ASCII partition value of a Vietnamese name: 'Bình Định' -> 'binh_dinh'."""
    return (f"coalesce(nullif(trim(regexp_replace(lower(strip_accents(replace(replace({expr}, 'đ', 'd'), 'Đ', 'D'))),"
            f" '[^a-z0-9]+', '_', 'g'), '_'), ''), '{UNKNOWN}')")


# the partition of a document: its province and the year it reports on (else the year it was issued)
_PARTITION = f"""{_slug('d.province')} AS province,
    coalesce(CAST(coalesce(year(dp.end_date), d.issue_year) AS VARCHAR), '{UNKNOWN}') AS year"""

DOCUMENTS = Dataset("documents", f"""
SELECT d.document_id, d.path, d.file_name, d.sha256, d.format, d.size_bytes, d.pages, d.status, d.error,
       d.pipeline_version, d.n_facts, d.ingested_at, d.warnings,
       d.doc_type, d.title, d.doc_number, d.doc_symbol, d.place, d.issue_date, d.issue_year, d.issuer,
       d.unit_id, d.unit_name, d.unit_level, d.province AS province_name, d.period_label,
       dp.start_date AS period_start, dp.end_date AS period_end,
       d.window_start, d.window_end, d.as_of, d.signer, d.signer_position, d.recipients, d.report_key,
       d.ocr_page_confidence,
       d.text,                                  -- the NFC text the facts' offsets point into
       {_PARTITION}
FROM documents AS d
LEFT JOIN periods AS dp ON dp.period_label = d.period_label
WHERE d.status <> 'missing'
""")

FACTS = Dataset("facts", f"""
SELECT f.fact_id, f.document_id,
       f.kind, f.value, f.denominator, f.unit, f.matched_text,
       f.entity, f.entity_unit_id, u.level AS entity_level,
       f.period_label, fp.start_date AS period_start, fp.end_date AS period_end,
       f.role, f.comparator, f.indicators, f.indicator_cue, coalesce(f.summary_row, false) AS summary_row,
       f.restates_start, f.part_of_start,
       -- provenance: where the number was read
       d.file_name, d.path, f.page, f.char_start, f.char_end, f.block_kind,
       f.table_index, f.table_row, f.table_col, f.sentence,
       d.doc_type, d.doc_number, d.doc_symbol, d.issue_date, d.unit_id AS document_unit_id,
       d.unit_name AS document_unit_name, d.province AS province_name, d.report_key,
       {_PARTITION}
FROM facts AS f
JOIN documents AS d ON d.document_id = f.document_id AND d.status <> 'missing'
LEFT JOIN periods AS dp ON dp.period_label = d.period_label
LEFT JOIN periods AS fp ON fp.period_label = f.period_label
LEFT JOIN units AS u ON u.unit_id = f.entity_unit_id
""")

DATASETS = (DOCUMENTS, FACTS)


def _sibling(out: Path, what: str) -> Path:
    return out.parent / f".{out.name}.{what}-{os.getpid()}"


def write_parquet(con: duckdb.DuckDBPyConnection, out: Path, overwrite: bool = False,
                  datasets: tuple[Dataset, ...] = DATASETS) -> dict[str, int]:
    """Every dataset under `out`, partitioned; rows written per dataset. An existing `out` is
    refused unless `overwrite`, and is replaced only once the new output is complete."""
    out = Path(os.path.realpath(out))          # a link to the lake's folder: the folder is replaced, the link kept
    if out.exists() and not out.is_dir():
        raise ParquetError(f"{out} exists and is not a folder")
    if out.exists() and not overwrite:
        raise ParquetError(f"{out} exists; give --overwrite to replace it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParquetError(f"cannot create {out.parent}: {exc.strerror or exc}") from exc
    tmp = _sibling(out, "writing")
    shutil.rmtree(tmp, ignore_errors=True)
    counts: dict[str, int] = {}
    try:
        tmp.mkdir()
        for ds in datasets:
            counts[ds.name] = con.execute(f"SELECT count(*) FROM ({ds.query})").fetchone()[0]
            target = tmp / ds.name
            if counts[ds.name] == 0:
                target.mkdir()                       # an empty dataset is an empty folder
                continue
            con.execute(f"COPY ({ds.query}) TO '{_quoted(target)}' "
                        "(FORMAT PARQUET, PARTITION_BY (province, year), COMPRESSION zstd)")
        _swap(tmp, out)
    except (duckdb.Error, OSError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ParquetError(f"cannot write {out}: {_cause(exc)}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _cause(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return getattr(exc, "strerror", None) or text


def _swap(tmp: Path, out: Path) -> None:
    """The complete output takes `out`'s place: the old one is moved aside first and removed only
    after the new one is in (a rename each, on the same file system)."""
    old = _sibling(out, "old")
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except OSError:
        if old.exists():
            os.replace(old, out)                 # put the previous output back
        raise
    shutil.rmtree(old, ignore_errors=True)
