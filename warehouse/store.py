"""The DuckDB warehouse: schema, views and all-or-nothing loading of one document at a time."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import orjson

if TYPE_CHECKING:
    import pandas as pd

from normalizers.checks import Check
from normalizers.derived import Derived
from normalizers.documents import DocumentMeta
from normalizers.facts import Fact
from normalizers.indicators import IndicatorRules, load_indicator_rules
from normalizers.units import GAZETTEER_DIR

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"

_FACT_COLUMNS = ["kind", "value", "denominator", "unit", "char_start", "char_end", "matched_text", "sentence",
                 "block_kind", "page", "table_index", "table_row", "table_col", "entity", "entity_unit_id",
                 "period_label", "role", "comparator", "indicators", "indicator_cue", "restates_start",
                 "part_of_start", "summary_row"]
_CHECK_COLUMNS = ["check_name", "severity", "char_start", "char_end", "value", "matched_text", "other_start",
                  "other_end", "other_value", "other_text", "expected", "message"]
_META_COLUMNS = ["doc_type", "title", "doc_number", "doc_symbol", "place", "issue_date", "issue_year", "issuer",
                 "unit_id", "unit_name", "unit_level", "province", "period_label", "window_start", "window_end",
                 "as_of", "signer", "signer_position", "recipients"]


class WarehouseError(Exception):
    """The warehouse itself cannot be used (locked, unreadable); the whole run stops."""


@dataclass(frozen=True)
class DocumentRecord:
    path: str
    file_name: str
    sha256: str
    format: str
    size_bytes: int
    pages: int | None
    text: str
    pipeline_version: str
    warnings: str | None = None
    meta: DocumentMeta | None = None
    report_key: str | None = None
    ocr_page_confidence: list[float | None] | None = None


def _json_value(value: object) -> str:
    """What JSON has no type for: dates and times as ISO text, which DuckDB casts to DATE/TIMESTAMP."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"a value of type {type(value).__name__} cannot be stored: {value!r}")


@dataclass(frozen=True)
class FactRows:
    """A document's facts as the warehouse loads them: JSON, an object a fact keyed by its column
    (the document's id is added when it is written), with their number and their periods. Made
    where the facts are, in the reader process, so that the writer neither unpickles the facts
    nor encodes them: it copies these bytes into the file DuckDB reads."""
    json: bytes                 # UTF-8
    count: int
    periods: frozenset[tuple[str, object, object]]      # (label, start, end) of the facts' periods

    @classmethod
    def of(cls, facts: list[Fact]) -> "FactRows":
        rows = [dict(zip(_FACT_COLUMNS, (
            f.kind, f.value, f.denominator, f.unit, f.start, f.end, f.text, f.sentence, f.block_kind, f.page,
            f.table, f.row, f.col, f.entity, f.entity_unit_id, f.period, f.role, f.comparator, f.indicators,
            f.indicator_cue, f.restates_start, f.part_of_start, f.summary_row))) for f in facts]
        return cls(_encoded(rows), len(facts),
                   frozenset((f.period, f.period_start, f.period_end) for f in facts if f.period))


def _encoded(rows: list[dict]) -> bytes:
    """The rows as JSON in UTF-8. orjson takes a third of json.dumps's time over a report's facts
    (each repeats its sentence, which json.dumps escapes letter by letter to ASCII), and DuckDB
    reads UTF-8 as it is. A text orjson refuses (a lone surrogate, which UTF-8 cannot hold) is
    escaped by json.dumps instead, as JSON allows; a value of no JSON type fails either way, with
    _json_value's message."""
    try:
        return orjson.dumps(rows, default=_json_value)
    except orjson.JSONEncodeError:
        return json.dumps(rows, default=_json_value).encode("ascii")


@dataclass(frozen=True)
class Load:
    """One document to write: its row and everything read from it (its facts as Fact objects, or
    already encoded by the reader)."""
    rec: DocumentRecord
    facts: list[Fact] | FactRows
    checks: list[Check] = ()
    derived: list[Derived] = ()

    def fact_rows(self) -> FactRows:
        return self.facts if isinstance(self.facts, FactRows) else FactRows.of(self.facts)


# How rows reach DuckDB. Every column is cast to the type its table declares (never a type guessed
# from a sample of rows: an all-NULL column of a 2,000-fact document once failed its cast), with no
# pandas (its import cost every ingest ~0.3 s of CPU) and no VALUES list, whose every `?` DuckDB
# binds at ~10 µs. A few rows (documents, checks, the log) go as one list parameter a column,
# unnested; facts as a file of JSON lines, a document a line, which DuckDB's JSON reader types as
# it parses them (a third of the work of lists, and of JSON arrays whose elements are cast after).
_FACT_LINES = ("read_json(?, format = 'newline_delimited', columns = {{d: 'BIGINT', f: 'STRUCT({fields})[]'}}, "
               "maximum_object_size = 2147483647)")


def _listed(sql_type: str) -> str:
    """The i-th value of a column given as a list parameter."""
    return f"unnest(CAST(? AS {sql_type}[]))"


@dataclass(frozen=True)
class KnownDocument:
    sha256: str | None
    pipeline_version: str | None
    status: str


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def sql_files() -> list[Path]:
    """schema.sql first, then one file per view in name order."""
    views = sorted(p for p in SQL_DIR.glob("*.sql") if p.name != "schema.sql")
    return [SQL_DIR / "schema.sql", *views]


_DEFINED = re.compile(r"CREATE\s+OR\s+REPLACE\s+(?:VIEW|MACRO)\s+(\w+)", re.I)
_COMMENT = re.compile(r"--[^\n]*")


def in_dependency_order(files: list[Path]) -> list[tuple[Path, str]]:
    """Each SQL file with its text, after the files whose views or macros it uses (one file per
    model, whatever their names' order). A cycle is left to DuckDB, which names the missing view."""
    texts = {f: f.read_text(encoding="utf-8") for f in files}
    code = {f: _COMMENT.sub("", t) for f, t in texts.items()}
    defined = {f: set(_DEFINED.findall(code[f])) for f in files}
    uses = {f: {g for g in files if g != f and any(re.search(rf"\b{n}\b", code[f]) for n in defined[g])}
            for f in files}
    order: list[Path] = []
    pending = list(files)
    while pending:
        ready = [f for f in pending if not uses[f] - set(order)] or pending[:1]
        order += ready
        pending = [f for f in pending if f not in ready]
    return [(f, texts[f]) for f in order]


def create_views(con: duckdb.DuckDBPyConnection, files: list[Path]) -> None:
    """Views of an older release are dropped first, so that none is bound to an outdated one;
    then each file's views, after those it uses, in one transaction (a view per commit cost
    a new warehouse a tenth of a second)."""
    con.execute("BEGIN TRANSACTION")
    try:
        for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall():
            con.execute(f'DROP VIEW IF EXISTS "{name}" CASCADE')
        for path, sql in in_dependency_order(files):
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                raise type(exc)(f"{path.name}: {exc}") from exc
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


# Analysts open the warehouse with the DuckDB CLI and DBeaver they have, not only with this
# pipeline's DuckDB 2.0: files are written in the storage format of DuckDB 1.4, which DuckDB 1.4,
# 1.5 (the CLI on PyPI today, `duckdb-cli`) and 2.x all read. A file written in a newer format
# (by an earlier version of this pipeline) is rewritten once in this one.
STORAGE_VERSION = "v1.4.0"


def _storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return dict(rows[0][0]).get("storage_version") if rows and rows[0][0] else None


def rewrite_for_older_readers(path: str) -> None:
    """Copy every table, view and sequence into a file of STORAGE_VERSION, then put it in the
    old one's place (a rename: a failure on the way leaves the old file as it was)."""
    tmp = f"{path}.rewrite"
    for leftover in (tmp, f"{tmp}.wal"):
        if os.path.exists(leftover):
            os.remove(leftover)
    con = duckdb.connect()
    try:
        con.execute("ATTACH ? AS old (READ_ONLY)", [path])
        con.execute(f"ATTACH ? AS new (STORAGE_VERSION '{STORAGE_VERSION}')", [tmp])
        con.execute("COPY FROM DATABASE old TO new")
    finally:
        con.close()
    os.replace(tmp, path)


def failure_cause(exc: Exception) -> str:
    """DuckDB's message without its wrapping ("TransactionContext Error: Failed to commit: Could
    not write file "…wal": No space left on device" -> "No space left on device …")."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    for known in ("No space left on device", "Read-only file system", "Permission denied"):
        if known in text:
            return f"{known} ({text})"
    return text


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the open transaction; when DuckDB has already ended it (a full disk aborts it), the
    error that did so is the one to report, not "cannot rollback - no transaction is active"."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def views_version() -> str:
    """A hash of the schema and view SQL: a warehouse whose views were made by other SQL is updated
    by the next read-write open."""
    h = hashlib.sha256()
    for path in sql_files():
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


class Warehouse:
    @classmethod
    def for_reading(cls, path: str | Path, memory_limit: str | None = None) -> "Warehouse":
        """A warehouse opened read-only when its views are current (a reader must not be refused
        because someone else reads it too), else read-write once to bring them up to date."""
        try:
            wh = cls(path, read_only=True, memory_limit=memory_limit)
        except WarehouseError:
            return cls(path, memory_limit=memory_limit)
        try:
            current = wh._views_version() == views_version()
        except duckdb.Error:
            current = False
        if current:
            return wh
        wh.close()
        return cls(path, memory_limit=memory_limit)

    def __init__(self, path: str | Path, read_only: bool = False, indicators: IndicatorRules | None = None,
                 memory_limit: str | None = None, threads: int | None = None) -> None:
        """`memory_limit` caps DuckDB's buffers ("300MB"): a reader of a large warehouse (an export)
        otherwise keeps up to 80 % of the machine's memory in its cache. `threads` caps DuckDB's
        threads (by default one a core)."""
        self.path = str(path)
        self._scratch: str | None = None                 # the folder of the rows' files, made when first needed
        self._types: dict[str, dict[str, str]] = {}      # table -> column -> declared type
        self._periods: set[str] | None = None            # the period labels stored, read once
        self._parsed: dict[str, object] = {}             # SQL text -> its parsed statement
        try:
            config: dict[str, object] = {"memory_limit": memory_limit} if memory_limit else {}
            if threads:
                config["threads"] = threads
            if not read_only:
                config["storage_compatibility_version"] = STORAGE_VERSION      # for a new file
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
            found = _storage_version(self.con)
            if not read_only and found is not None and found != f"{STORAGE_VERSION}+":
                self.con.close()
                rewrite_for_older_readers(self.path)
                self.con = duckdb.connect(self.path, config=config)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise WarehouseError(f"{self.path} is in use by another process; close it (e.g. an open "
                                     f"DuckDB shell or notebook) and run again") from exc
            raise WarehouseError(f"cannot open {self.path}: {exc}") from exc
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open {self.path}: {exc}") from exc
        if not read_only:
            try:
                self._prepare(indicators)
            except (duckdb.IOException, duckdb.TransactionException, duckdb.PermissionException, OSError) as exc:
                # a full disk or a read-only folder: the warehouse itself cannot be written
                _rollback(self.con)
                self.con.close()
                raise WarehouseError(f"cannot write {self.path}: {failure_cause(exc)}") from exc

    def _prepare(self, indicators: IndicatorRules | None) -> None:
        """Schema, units, catalog and views, each made or brought up to date."""
        version = views_version()
        try:
            current = self._views_version() == version
        except duckdb.CatalogException:            # a new warehouse: no warehouse_meta yet
            current = False
        if not current:
            # the schema is applied unless the views were made by this very SQL (schema.sql is part
            # of their version): its forty idempotent statements cost every open ~8 ms. In one
            # transaction: each ALTER of a new warehouse committed alone cost 0.1 s in all
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(SQL_DIR.joinpath("schema.sql").read_text(encoding="utf-8"))
                self.con.execute("COMMIT")
            except BaseException:
                _rollback(self.con)
                raise
        self._load_units()
        # the catalog comes with the rules that read reports (ingest); a reader of the warehouse
        # (an export) keeps the one stored, and loads the rules only into an empty warehouse
        # (and once into a warehouse whose catalog predates the Vietnamese meanings)
        stored, without_meaning = self.con.execute(
            "SELECT count(*), count(*) FILTER (WHERE meaning_vi IS NULL) FROM indicators").fetchone()
        if indicators is not None or not stored or without_meaning:
            self._load_indicators(indicators or load_indicator_rules())
        if not current:                            # made by other SQL, or new: (re)made
            create_views(self.con, sql_files()[1:])    # views read the tables filled above
            self.con.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('views', ?)", [version])

    def _views_version(self) -> str | None:
        rows = self.con.execute("SELECT value FROM warehouse_meta WHERE key = 'views'").fetchall()
        return rows[0][0] if rows else None

    def _load_units(self) -> None:
        """Fill the units table from the gazetteer the first time (and when the gazetteer grew)."""
        units, successors = GAZETTEER_DIR / "units.csv", GAZETTEER_DIR / "successors.csv"
        have = self.con.execute("SELECT count(*) FROM units").fetchone()[0]
        want = units.read_bytes().count(b"\n") - 1          # rows; names never contain newlines
        if have == want:
            return
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM units")
        self.con.execute("""
            INSERT INTO units
            SELECT u.unit_id, u.era, u.level, coalesce(u.type, ''), u.name, NULLIF(u.parent_id, ''), u.province_id,
                   s.new_unit_id
            FROM read_csv(?, header=true, all_varchar=true) AS u
            LEFT JOIN (SELECT old_unit_id, min(new_unit_id) AS new_unit_id      -- a split commune: first part
                       FROM read_csv(?, header=true, all_varchar=true) GROUP BY old_unit_id) AS s
                   ON s.old_unit_id = u.unit_id
        """, [str(units), str(successors)])
        self.con.execute("COMMIT")

    def _load_indicators(self, rules: IndicatorRules) -> None:
        """The catalog is small and may have been extended since the last run: replace it."""
        columns = "indicator_id, kind, unit, label_vi, meaning, max_value, better, meaning_vi, display_unit"
        rows = [(i.id, i.kind, i.unit, i.label, i.meaning, i.max, i.better, i.meaning_vi, i.display_unit)
                for i in rules.indicators]
        stored = self.con.execute(f"SELECT {columns} FROM indicators ORDER BY rowid").fetchall()
        if stored == rows:
            return
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute("DELETE FROM indicators")
        self._insert("indicators", columns.split(", "), rows)
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def _rows_file(self, table: str) -> str:
        """The file a table's rows are written to for DuckDB to read. The folder goes with close(),
        or when the warehouse object is collected or the process ends without it."""
        if self._scratch is None:
            self._scratch = tempfile.mkdtemp(prefix="cchc-rows-")
            weakref.finalize(self, shutil.rmtree, self._scratch, True)
        return os.path.join(self._scratch, f"{table}.json")

    def _run(self, sql: str, params: list | None = None) -> duckdb.DuckDBPyConnection:
        """A statement run by this writer again and again (each batch, each file), parsed once:
        DuckDB's parser costs up to a millisecond a statement, as much as its rows."""
        statement = self._parsed.get(sql)
        if statement is None:
            statement = self._parsed[sql] = self.con.extract_statements(sql)[0]
        return self.con.execute(statement, params)

    def _column_types(self, table: str) -> dict[str, str]:
        """Each column's declared type, read from the table once."""
        if table not in self._types:
            self._types[table] = dict(self.con.execute("SELECT name, type FROM pragma_table_info(?)",
                                                       [table]).fetchall())
        return self._types[table]

    def _typed_rows(self, table: str, columns: list[str], rows: list[tuple]) -> tuple[str, list]:
        """A SELECT of `rows`, each column as `table` declares it, with its parameters: a list a column."""
        types = self._column_types(table)
        select = ", ".join(f"{_listed(types[c])} AS {c}" for c in columns)
        return f"SELECT {select}", [list(values) for values in zip(*rows)]

    def _insert(self, table: str, columns: list[str], rows: list[tuple], tail: str = "") -> list[tuple]:
        """One INSERT of all `rows`; what `tail` (RETURNING …) returns."""
        if not rows:
            return []
        select, params = self._typed_rows(table, columns, rows)
        return self._run(f"INSERT INTO {table} ({', '.join(columns)}) {select} {tail}", params).fetchall()

    def _insert_facts(self, ids: list[int], rows: list[FactRows]) -> None:
        """The facts of documents `ids` in one INSERT, read by DuckDB from a file of JSON lines (a
        document a line: its id and its facts as the reader encoded them), in their order."""
        if not any(r.count for r in rows):
            return
        types = self._column_types("facts")
        path = self._rows_file("facts")
        with open(path, "wb") as fh:
            fh.write(b"\n".join(b'{"d": %d, "f": %s}' % (doc_id, r.json) for doc_id, r in zip(ids, rows) if r.count))
        fields = ", ".join(f'"{c}" {types[c]}' for c in _FACT_COLUMNS)
        self._run(f"INSERT INTO facts (document_id, {', '.join(_FACT_COLUMNS)}) "
                  f"SELECT d, {', '.join('r.' + c for c in _FACT_COLUMNS)} "
                  f"FROM (SELECT d, unnest(f) AS r FROM {_FACT_LINES.format(fields=fields)})", [path])

    def _stored_periods(self) -> set[str]:
        if self._periods is None:
            self._periods = {r[0] for r in self.con.execute("SELECT period_label FROM periods").fetchall()}
        return self._periods

    def __enter__(self) -> "Warehouse":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def known(self, path: str) -> KnownDocument | None:
        return self.known_many([path]).get(path)

    def known_many(self, paths: list[str]) -> dict[str, KnownDocument]:
        """What the warehouse holds for each of these paths, in one query (one per file cost
        more than writing the file's facts)."""
        if not paths:
            return {}
        rows = self.con.execute("""
            SELECT path, sha256, pipeline_version, status FROM documents WHERE list_contains($1, path)
            UNION ALL
            SELECT p.path, d.sha256, d.pipeline_version, d.status
            FROM document_paths p JOIN documents d USING (document_id) WHERE list_contains($1, p.path)""",
                                [paths]).fetchall()
        return {path: KnownDocument(*rest) for path, *rest in rows}

    def document_with(self, sha256: str, pipeline_version: str) -> str | None:
        """The path of a loaded document with these bytes, read by this pipeline version, if any."""
        row = self._run("SELECT path FROM documents WHERE sha256 = ? AND pipeline_version = ? "
                        "AND status = 'ok' ORDER BY document_id LIMIT 1", [sha256, pipeline_version]).fetchone()
        return row[0] if row else None

    def loaded_checksums(self, pipeline_version: str) -> frozenset[str]:
        """The checksums of documents loaded by this pipeline version: a new file with none of
        them is no copy, without a query for each file."""
        return frozenset(r[0] for r in self.con.execute(
            "SELECT DISTINCT sha256 FROM documents WHERE status = 'ok' AND pipeline_version = ? "
            "AND sha256 IS NOT NULL", [pipeline_version]).fetchall())

    def add_copy(self, path: str, of: str) -> bool:
        """`path` holds the same bytes as the document at `of`: it becomes another path of that
        document. False when there is no such document (it failed to load)."""
        added = self._run("""
            INSERT OR REPLACE INTO document_paths
            SELECT ?, document_id, ? FROM documents WHERE path = ? AND status = 'ok' RETURNING path""",
                          [path, _now(), of]).fetchall()
        if added:
            self.log(path, "copy", f"same file as {of}")
        return bool(added)

    def missing_checksums(self) -> frozenset[str]:
        """The checksums of documents marked missing: a new path with one of them may be one moved."""
        return frozenset(r[0] for r in self.con.execute(
            "SELECT DISTINCT sha256 FROM documents WHERE status = 'missing' AND sha256 IS NOT NULL").fetchall())

    def mark_missing(self, roots: list[str], present: set[str], unwalked: list[str] = ()) -> list[str]:
        """Documents under folders ingested again whose files are gone: marked 'missing' (kept for
        history, left out of every view and export). Returns their paths. Under a folder that could
        not be walked (`unwalked`: unreadable now) nothing is known to be gone."""
        if not roots:
            return []
        lists = [sorted(present), list(roots), list(unwalked)]
        under_roots = ("(EXISTS (SELECT 1 FROM _roots WHERE starts_with({0}, _roots.root || '/'))"
                       " AND NOT EXISTS (SELECT 1 FROM _unwalked WHERE starts_with({0}, _unwalked.root || '/')))")
        gone_sql = f"""
            SELECT count(*) FROM (SELECT path FROM documents UNION ALL SELECT path FROM document_paths) AS known
            WHERE {under_roots.format('known.path')} AND known.path NOT IN (SELECT path FROM _present)"""
        # first one question, the lists given as parameters: is anything gone? Mostly nothing is,
        # and the statements that find and mark what is cost each run ~10 ms
        anything_gone = self.con.execute(
            "WITH _present AS (SELECT unnest(CAST($1 AS VARCHAR[])) AS path), "
            "_roots AS (SELECT unnest(CAST($2 AS VARCHAR[])) AS root), "
            f"_unwalked AS (SELECT unnest(CAST($3 AS VARCHAR[])) AS root) {gone_sql}", lists).fetchone()[0]
        if not anything_gone:
            return []
        for table, column, values in zip(("_present", "_roots", "_unwalked"), ("path", "root", "root"), lists):
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS "
                             f"SELECT CAST(unnest(CAST(? AS VARCHAR[])) AS VARCHAR) AS {column}", [values])
        # a copy gone is forgotten; a document whose own file is gone while a copy remains lives on
        # at the copy's path
        for (path,) in self.con.execute(f"""
                DELETE FROM document_paths WHERE {under_roots.format('document_paths.path')}
                AND path NOT IN (SELECT path FROM _present) RETURNING path""").fetchall():
            self.log(path, "missing", "a copy of a document, gone")
        for doc_id, path in self.con.execute(f"""
                SELECT d.document_id, min(p.path) FROM documents d JOIN document_paths p USING (document_id)
                WHERE {under_roots.format('d.path')} AND d.path NOT IN (SELECT path FROM _present)
                GROUP BY d.document_id""").fetchall():
            self.con.execute("DELETE FROM document_paths WHERE path = ?", [path])
            self.con.execute("UPDATE documents SET path = ?, file_name = ? WHERE document_id = ?",
                             [path, path.rsplit("/", 1)[-1], doc_id])
            self.log(path, "moved", "its copy is the document's file now")
        gone = self.con.execute(f"""
            UPDATE documents SET status = 'missing', error = 'the file is no longer in its folder'
            WHERE status IN ('ok', 'failed') AND {under_roots.format('documents.path')}
              AND path NOT IN (SELECT path FROM _present)
            RETURNING path""").fetchall()
        for (path,) in gone:
            self.log(path, "missing")
        return [path for (path,) in gone]

    def missing_among(self, paths: list[str]) -> list[str]:
        if not paths:
            return []
        return [r[0] for r in self.con.execute(
            "SELECT path FROM documents WHERE status = 'missing' AND list_contains(?, path)", [paths]).fetchall()]

    def adopt_moved(self, path: str, sha256: str) -> bool:
        """A new path whose bytes are those of a document gone missing is that document moved or
        renamed: it takes the new path (its id, facts and history stay one document's)."""
        row = self.con.execute("""
            SELECT document_id FROM documents WHERE status = 'missing' AND sha256 = ?
            AND NOT EXISTS (SELECT 1 FROM documents WHERE path = ?) ORDER BY ingested_at DESC LIMIT 1""",
                               [sha256, path]).fetchone()
        if row is None:
            return False
        self.con.execute("UPDATE documents SET path = ?, file_name = ? WHERE document_id = ?",
                         [path, path.rsplit("/", 1)[-1], row[0]])
        self.log(path, "moved")
        return True

    def unchanged(self, path: str) -> None:
        """A file read again as it was loaded: logged, and an error left by a failed attempt in
        between (the file broken, then restored) cleared — its facts are the file's again."""
        self._run("UPDATE documents SET error = NULL WHERE path = ? AND error IS NOT NULL", [path])
        self.log(path, "unchanged")

    def log(self, path: str, outcome: str, detail: str | None = None) -> None:
        self._run("INSERT INTO ingest_log VALUES (?, ?, ?, ?)", [_now(), path, outcome, detail])

    def log_many(self, rows: list[tuple[str, str, str | None]]) -> None:
        """(path, outcome, detail) rows in one statement (a folder of hundreds of images)."""
        now = _now()
        self._insert("ingest_log", ["run_at", "path", "outcome", "detail"], [(now, *row) for row in rows])

    def load(self, rec: DocumentRecord, facts: list[Fact] | FactRows, checks: list[Check] = (),
             derived: list[Derived] = ()) -> None:
        """Replace a document, its facts and its checks in one transaction; on any error nothing changes."""
        self._write([Load(rec, facts, checks, derived)])

    def load_many(self, loads: list["Load"]) -> list[Exception | None]:
        """Several documents in one transaction (a transaction costs more than a document's rows);
        if it fails, each is loaded on its own, so that a bad document leaves nothing behind and
        the others still go in. Returns each document's error, or None."""
        if not loads:
            return []
        try:
            self._write(loads)
            return [None] * len(loads)
        except Exception:
            errors: list[Exception | None] = []
            for one in loads:
                try:
                    self._write([one])
                    errors.append(None)
                except Exception as exc:
                    errors.append(exc)
            return errors

    @staticmethod
    def _document_values(rec: DocumentRecord, n_facts: int, now: datetime) -> tuple:
        m = rec.meta
        meta_values = [None] * len(_META_COLUMNS) if m is None else [
            m.doc_type, m.title, m.number, m.symbol, m.place, m.issue_date, m.issue_year, m.issuer,
            m.unit.unit_id if m.unit else None, m.unit.full_name if m.unit else m.unit_name,
            m.unit.level if m.unit else None, m.province, m.period.label if m.period else None,
            m.window[0] if m.window else None, m.window[1] if m.window else None,
            ",".join(d.isoformat() for d in m.as_of) or None, m.signer, m.position, m.recipients or None]
        return (rec.path, "ok", None, rec.file_name, rec.sha256, rec.format, rec.size_bytes, rec.pages,
                rec.pipeline_version, n_facts, rec.text, now, rec.warnings, *meta_values,
                rec.report_key or f"sha:{rec.sha256}", rec.ocr_page_confidence)

    def _write(self, loads: list["Load"]) -> None:
        """One transaction for the batch, with as few statements as the batch needs (each costs
        DuckDB a parse and a plan): the documents' rows (one UPDATE for those stored before, one
        INSERT for the new ones), then the rows of all of them together: the periods not yet
        stored, facts, checks, derived rates and the log. Old rows are deleted only where there
        can be some: documents stored before, paths that were copies."""
        fact_rows = [ld.fact_rows() for ld in loads]
        periods = {}
        for p in sorted(frozenset().union(*(r.periods for r in fact_rows)) |
                        {(m.period.label, m.period.start, m.period.end) for m in (ld.rec.meta for ld in loads)
                         if m is not None and m.period is not None}, key=lambda p: p[0]):
            periods.setdefault(p[0], p)                  # one row a label (the first, as ON CONFLICT kept)
        stored_periods = self._stored_periods()
        new_periods = [p for label, p in periods.items() if label not in stored_periods]
        columns = ["path", "status", "error", "file_name", "sha256", "format", "size_bytes", "pages",
                   "pipeline_version", "n_facts", "text", "ingested_at", "warnings", *_META_COLUMNS, "report_key",
                   "ocr_page_confidence"]
        con = self.con
        now = _now()
        con.execute("BEGIN TRANSACTION")
        try:
            paths = [ld.rec.path for ld in loads]
            existing, copies = {}, []
            for path, doc_id in self._run("""
                    SELECT path, document_id FROM documents WHERE list_contains($1, path)
                    UNION ALL SELECT path, NULL FROM document_paths WHERE list_contains($1, path)""",
                    [paths]).fetchall():
                if doc_id is None:
                    copies.append(path)
                else:
                    existing[path] = doc_id
            old_ids = [existing[p] for p in paths if p in existing]
            rows = [self._document_values(ld.rec, r.count, now) for ld, r in zip(loads, fact_rows)]
            if old_ids:
                # an UPDATE of the known rows rather than INSERT … ON CONFLICT, which costs DuckDB a
                # conflict check on the unique index
                select, params = self._typed_rows("documents", ["document_id", *columns[1:]],
                                                  [(existing[row[0]], *row[1:]) for row in rows if row[0] in existing])
                self._run(f"UPDATE documents SET {', '.join(f'{c} = n.{c}' for c in columns[1:])} "
                          f"FROM ({select}) AS n WHERE documents.document_id = n.document_id", params)
                for table in ("facts", "checks", "derived_facts"):
                    self._run(f"DELETE FROM {table} WHERE list_contains(?, document_id)", [old_ids])
            existing.update(self._insert("documents", columns, [row for row in rows if row[0] not in existing],
                                         "RETURNING path, document_id"))
            if copies:
                # a path that was a copy of another document and now holds bytes of its own
                self._run("DELETE FROM document_paths WHERE list_contains(?, path)", [copies])
            self._insert("periods", ["period_label", "start_date", "end_date"], new_periods, "ON CONFLICT DO NOTHING")
            ids = [existing[p] for p in paths]
            self._insert_facts(ids, fact_rows)
            self._insert("checks", ["document_id", *_CHECK_COLUMNS],
                         [(doc_id, c.check, c.severity, c.start, c.end, c.value, c.text, c.other_start,
                           c.other_end, c.other_value, c.other_text, c.expected, c.message)
                          for doc_id, ld in zip(ids, loads) for c in ld.checks])
            self._insert("derived_facts", ["document_id", "indicator_id", "value", "numerator", "denominator",
                                           "input_starts", "formula", "entity", "entity_unit_id", "period_label"],
                         [(doc_id, r.indicator, r.value, r.numerator, r.denominator, r.inputs, r.formula,
                           r.entity, r.entity_unit_id, r.period) for doc_id, ld in zip(ids, loads) for r in ld.derived])
            self._insert("ingest_log", ["run_at", "path", "outcome", "detail"],
                         [(now, ld.rec.path, "loaded", f"{r.count} facts") for ld, r in zip(loads, fact_rows)])
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise
        stored_periods.update(label for label, _, _ in new_periods)     # known once committed

    def record_failure(self, path: str, file_name: str, sha256: str | None, size: int | None,
                       reason: str) -> None:
        """A new file that failed gets a 'failed' row; a file loaded before keeps its facts."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            # a copy of another document that now fails is no longer that copy: a file of its own
            con.execute("DELETE FROM document_paths WHERE path = ?", [path])
            known = self.known(path)
            if known is not None and known.status == "ok":
                con.execute("UPDATE documents SET error = ? WHERE path = ?",
                            [f"last attempt failed, earlier facts kept: {reason}", path])
            else:
                con.execute("""
                    INSERT INTO documents (path, file_name, sha256, size_bytes, status, error, n_facts, ingested_at)
                    VALUES (?, ?, ?, ?, 'failed', ?, 0, ?)
                    ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, size_bytes = excluded.size_bytes,
                        status = 'failed', error = excluded.error, ingested_at = excluded.ingested_at
                """, [path, file_name, sha256, size, reason, _now()])
            self.log(path, "failed", reason)
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise

    def fact_spans(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM fact_spans ORDER BY source_file, char_start").df()

    def fact_spans_with_context(self) -> pd.DataFrame:
        """fact_spans plus entity, period, role, comparator and indicators (for evaluation)."""
        return self.con.execute("""
            SELECT d.file_name AS source_file, f.char_start, f.char_end, f.kind, f.value, f.denominator,
                   f.unit, f.entity, f.period_label, f.role, f.comparator, f.indicators, f.sentence
            FROM facts f JOIN documents d USING (document_id) WHERE d.status = 'ok'
            ORDER BY 1, 2""").df()

    def texts(self) -> dict[str, str]:
        rows = self.con.execute("SELECT file_name, text FROM documents WHERE status = 'ok'").fetchall()
        return dict(rows)
