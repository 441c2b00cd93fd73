"""Warehouse loading: the fact_spans contract, idempotence, replacement, atomicity."""
from __future__ import annotations

from datetime import date

import duckdb

from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.store import Warehouse

TXT = SAMPLES / "002_442b549b8d9bf7bd.txt"


def _facts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT fact_id, kind, value, char_start FROM facts ORDER BY fact_id").fetchall()
    finally:
        con.close()


def test_fact_spans_contract(tmp_path):
    db = tmp_path / "w.duckdb"
    ingest([TXT], db)
    con = duckdb.connect(str(db), read_only=True)
    cols = con.execute("DESCRIBE fact_spans").fetchall()
    assert [(c[0], c[1]) for c in cols] == [
        ("source_file", "VARCHAR"), ("char_start", "INTEGER"), ("char_end", "INTEGER"), ("kind", "VARCHAR"),
        ("value", "DOUBLE"), ("denominator", "DOUBLE"), ("unit", "VARCHAR")]
    rows = con.execute("SELECT source_file, kind, value, denominator, unit FROM fact_spans "
                       "WHERE kind = 'ratio' AND value = 5090").fetchall()
    assert rows == [("002_442b549b8d9bf7bd.txt", "ratio", 5090.0, 5370.0, "hồ sơ")]
    text = con.execute("SELECT text FROM documents").fetchone()[0]
    for start, end, matched in con.execute(
            "SELECT char_start, char_end, matched_text FROM facts").fetchall():
        assert text[start:end] == matched
    con.close()


def test_reingest_unchanged_changes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    first = ingest([TXT], db)
    before = _facts(db)
    second = ingest([TXT], db)
    assert [o.status for o in first] == ["loaded"] and [o.status for o in second] == ["unchanged"]
    assert _facts(db) == before


def test_changed_file_replaces_its_facts(tmp_path):
    db = tmp_path / "w.duckdb"
    report = tmp_path / "r.txt"
    report.write_text("Toàn phường đã tiếp nhận 228 hồ sơ, đạt 95%.\n", encoding="utf-8")
    ingest([report], db)
    report.write_text("Toàn phường đã tiếp nhận 300 hồ sơ.\n", encoding="utf-8")
    assert [o.status for o in ingest([report], db)] == ["loaded"]
    assert [(k, v) for _, k, v, _ in _facts(db)] == [("count", 300.0)]


def test_a_file_that_turns_bad_keeps_its_earlier_facts(tmp_path):
    db = tmp_path / "w.duckdb"
    report = tmp_path / "r.txt"
    report.write_text("Toàn phường đã tiếp nhận 228 hồ sơ.\n", encoding="utf-8")
    ingest([report], db)
    report.write_bytes(b"")
    assert [o.status for o in ingest([report], db)] == ["failed"]
    assert [(k, v) for _, k, v, _ in _facts(db)] == [("count", 228.0)]
    con = duckdb.connect(str(db), read_only=True)
    status, error = con.execute("SELECT status, error FROM documents").fetchone()
    con.close()
    assert status == "ok" and "empty file" in error


def test_failed_load_leaves_no_partial_rows(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    ingest([TXT], db)
    before = _facts(db)
    changed = tmp_path / TXT.name
    changed.write_bytes(TXT.read_bytes() + "\nBổ sung.\n".encode())     # not a copy: read and written
    # make the second document's fact insert blow up after its document row was written
    def broken_insert(self, ids, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Warehouse, "_insert_facts", broken_insert)
    outcomes = ingest([changed], db)
    monkeypatch.undo()
    assert [o.status for o in outcomes] == ["failed"] and "disk full" in outcomes[0].reason
    assert _facts(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    con.close()


def test_locked_warehouse_gives_a_clear_error(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(db):
        import subprocess
        import sys
        code = ("import sys; from warehouse.store import Warehouse, WarehouseError\n"
                "try:\n    Warehouse(sys.argv[1])\nexcept WarehouseError as e:\n    print(e); sys.exit(3)\n")
        proc = subprocess.run([sys.executable, "-c", code, str(db)], capture_output=True, text=True)
    assert proc.returncode == 3 and "in use by another process" in proc.stdout


def test_a_large_document_with_all_null_columns_loads(tmp_path):
    """2,500 facts with no context, no page, no indicators (a long table of bare numbers): every
    column is cast to its declared type, none is guessed from a sample of rows."""
    from normalizers.facts import Fact
    from warehouse.store import DocumentRecord
    facts = [Fact("count", float(i), None, "", i * 10, i * 10 + 4, str(i), "", "table_cell") for i in range(2500)]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(DocumentRecord("/x/bang.pdf", "bang.pdf", "ab" * 32, "pdf", 10, 3, "x" * 25000, "v1"), facts)
        row = wh.con.execute("SELECT count(*), count(entity), count(page), sum(len(indicators)) FROM facts").fetchone()
    assert row == (2500, 0, 0, 0)


def test_a_batch_with_a_bad_document_still_loads_the_others(tmp_path):
    """Documents are written several to a transaction; when one breaks it (here a fact with no
    kind: NOT NULL), each is written alone: the bad one leaves nothing, the others go in."""
    from normalizers.facts import Fact
    from warehouse.store import DocumentRecord, Load

    def load(name, kind):
        facts = [Fact(kind, 1.0, None, "hồ sơ", 0, 1, "1", "1 hồ sơ", "paragraph")]
        return Load(DocumentRecord(f"/x/{name}", name, name * 32, "txt", 1, None, "1 hồ sơ", "v1"), facts)

    with Warehouse(tmp_path / "w.duckdb") as wh:
        errors = wh.load_many([load("a1", "count"), load("b2", None), load("c3", "count")])
        docs = wh.con.execute("SELECT file_name, n_facts FROM documents ORDER BY 1").fetchall()
        facts = wh.con.execute("SELECT count(*) FROM facts").fetchone()[0]
    assert [e is None for e in errors] == [True, False, True]
    assert docs == [("a1", 1), ("c3", 1)] and facts == 2


def test_views_are_created_after_the_views_they_use_whatever_their_file_names(tmp_path):
    """One SQL model per file, named for what it is: a view reading another view in a file
    sorted before it is still created (in one transaction, so nothing is retried)."""
    from warehouse.store import in_dependency_order
    (tmp_path / "a_summary.sql").write_text("-- uses z_base (a comment names z_base too)\n"
                                           "CREATE OR REPLACE VIEW a_summary AS SELECT count(*) AS n FROM z_base;\n")
    (tmp_path / "z_base.sql").write_text("CREATE OR REPLACE VIEW z_base AS SELECT 1 AS x;\n")
    (tmp_path / "m_other.sql").write_text("CREATE OR REPLACE VIEW m_other AS SELECT 2 AS y;\n")
    files = sorted(tmp_path.glob("*.sql"))
    order = [p.name for p, _ in in_dependency_order(files)]
    assert order.index("z_base.sql") < order.index("a_summary.sql")
    con = duckdb.connect()
    from warehouse.store import create_views
    create_views(con, files)
    assert con.execute("SELECT n FROM a_summary").fetchone() == (1,)


# --- how rows reach DuckDB (warehouse/store.py: list parameters, facts as JSON encoded by the reader) ---

def _table(wh, sql: str) -> list[tuple]:
    return wh.con.execute(sql).fetchall()


_FACT_READBACK = """
    SELECT kind, value, denominator, unit, char_start, char_end, matched_text, sentence, block_kind, page,
           table_index, table_row, table_col, entity, entity_unit_id, period_label, role, comparator,
           indicators, indicator_cue, restates_start, part_of_start, summary_row
    FROM facts ORDER BY fact_id"""


def _as_row(f) -> tuple:
    return (f.kind, f.value, f.denominator, f.unit, f.start, f.end, f.text, f.sentence, f.block_kind, f.page,
            f.table, f.row, f.col, f.entity, f.entity_unit_id, f.period, f.role, f.comparator, list(f.indicators),
            f.indicator_cue, f.restates_start, f.part_of_start, f.summary_row)


def test_encoded_facts_come_back_exactly_as_they_were(tmp_path):
    """1,500 facts encoded as the reader encodes them (FactRows): every column typed as the table
    declares it, whatever the rows hold: all-NULL columns, empty and two-item lists of indicators,
    text with quotes, backslashes, newlines and Vietnamese letters, floats that only round-trip
    exactly (0.1 + 0.2, 1e-300, 2**60 + 1), True/False/NULL flags, in their order."""
    from normalizers.facts import Fact
    from warehouse.store import DocumentRecord, FactRows, Load
    odd = 'ô "trích" \\ một\ndòng'
    values = [0.1 + 0.2, 1e-300, float(2**60 + 1), 1675605000000.0, -5.0, 99.9]
    facts = [Fact("percent" if i % 2 else "count", values[i % len(values)], None if i % 3 else 7.0,
                  "" if i % 5 else "hồ sơ", i * 10, i * 10 + 4, str(i), odd if i % 7 == 0 else "", "table_cell",
                  indicators=() if i % 4 else ("a.b", "c_d"), summary_row=bool(i % 2) if i % 11 else None)
             for i in range(1500)]
    rows = FactRows.of(facts)
    assert rows.count == 1500 and rows.periods == frozenset()
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.load_many([Load(DocumentRecord("/x/big.txt", "big.txt", "cd" * 32, "txt", 1, None, "x" * 15000, "v1"),
                                  rows)]) == [None]
        stored = _table(wh, _FACT_READBACK)
        n_facts = _table(wh, "SELECT n_facts FROM documents")
    assert stored == [_as_row(f) for f in facts] and n_facts == [(1500,)]


def test_the_reader_s_encoding_stores_what_the_facts_store(tmp_path, know):
    """A real report made ready for the writer in the reader (for_writer: its row, its facts as
    JSON, no blocks sent) is stored exactly as its Fact objects are."""
    from pipeline.ingest import for_writer, pipeline_version, read_report
    from warehouse.store import FactRows, Load
    read = read_report(SAMPLES / "000_ec612a35660e329c.txt", know)
    ready = for_writer(read, SAMPLES / "000_ec612a35660e329c.txt", "/x/000.txt", pipeline_version())
    assert isinstance(ready.load.facts, FactRows) and ready.load.facts.count == len(read.found.facts) > 50
    assert ready.doc.blocks == [] and ready.found is None and ready.doc.text == read.doc.text
    stored = []
    for name, facts in (("objects", read.found.facts), ("encoded", ready.load.facts)):
        with Warehouse(tmp_path / f"{name}.duckdb") as wh:
            assert wh.load_many([Load(ready.load.rec, facts, read.found.checks, read.found.derived)]) == [None]
            stored.append([_table(wh, _FACT_READBACK), _table(wh, "SELECT * EXCLUDE (document_id) FROM checks"),
                           _table(wh, "SELECT * EXCLUDE (document_id, ingested_at) FROM documents"),
                           _table(wh, "SELECT * FROM periods ORDER BY 1")])
    assert stored[0] == stored[1]
    assert stored[0][0] == [_as_row(f) for f in read.found.facts]


def test_a_document_row_keeps_its_dates_lists_and_nulls(tmp_path, know):
    """The document's row goes as one list parameter a column: dates, the recipients (a list),
    OCR confidences with a blank page (NULL inside a list) and a record without any context
    (every context column NULL) all load with their declared types."""
    from pipeline.ingest import read_report
    from warehouse.store import DocumentRecord
    read = read_report(SAMPLES / "002_442b549b8d9bf7bd.txt", know)
    meta = read.found.meta
    assert meta.issue_date is not None and meta.recipients and meta.period is not None and meta.window
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(DocumentRecord("/x/a.pdf", "a.pdf", "ab" * 32, "pdf", 10, 2, read.doc.text, "v1", None, meta,
                               ocr_page_confidence=[93.5, None]), read.found.facts)
        wh.load(DocumentRecord("/x/b.txt", "b.txt", "ef" * 32, "txt", 1, None, "1 hồ sơ", "v1"), [])
        rows = _table(wh, "SELECT file_name, issue_date, window_start, recipients, ocr_page_confidence, "
                          "period_label, n_facts, doc_type FROM documents ORDER BY 1")
        periods = _table(wh, "SELECT * FROM periods WHERE period_label = '%s'" % meta.period.label)
    assert rows == [("a.pdf", meta.issue_date, meta.window[0], list(meta.recipients), [93.5, None],
                     meta.period.label, len(read.found.facts), meta.doc_type),
                    ("b.txt", None, None, None, None, None, 0, None)]
    assert periods == [(meta.period.label, meta.period.start, meta.period.end)]


def test_a_failed_batch_of_stored_documents_keeps_each_bad_one_as_it_was(tmp_path):
    """Documents loaded before and replaced in one batch, one of them broken: the batch is undone
    and each is written alone; the broken one keeps its row, facts and periods as they were (no
    half-replaced document), the good one is replaced. A period only the broken one brought is not
    taken as stored: the next document that has it stores it."""
    from normalizers.facts import Fact
    from warehouse.store import DocumentRecord, Load

    def load(name, kind, value, period):
        facts = [Fact(kind, value, None, "hồ sơ", 0, 1, "1", "1 hồ sơ", "paragraph", period=period,
                      period_start=date(2025, 1, 1), period_end=date(2025, 3, 31))]
        return Load(DocumentRecord(f"/x/{name}", name, f"{name}{value:.0f}" * 16, "txt", 1, None, "1 hồ sơ", "v1"),
                    facts)

    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.load_many([load("a1", "count", 1, "2025-Q1"), load("b2", "count", 1, "2025-Q1")]) == [None, None]
        errors = wh.load_many([load("a1", "count", 2, "2025-Q1"), load("b2", None, 2, "2026-Q1")])
        assert [e is None for e in errors] == [True, False] and "kind" in str(errors[1])
        facts = _table(wh, "SELECT d.file_name, f.value FROM facts f JOIN documents d USING (document_id) ORDER BY 1")
        docs = _table(wh, "SELECT file_name, sha256, n_facts FROM documents ORDER BY 1")
        before = _table(wh, "SELECT period_label FROM periods ORDER BY 1")
        assert wh.load_many([load("c3", "count", 3, "2026-Q1")]) == [None]
        after = _table(wh, "SELECT period_label FROM periods ORDER BY 1")
    assert facts == [("a1", 2.0), ("b2", 1.0)]
    assert docs == [("a1", "a12" * 16, 1), ("b2", "b21" * 16, 1)]
    assert before == [("2025-Q1",)] and after == [("2025-Q1",), ("2026-Q1",)]


def test_ingest_does_not_import_pandas(tmp_path):
    """pandas costs ~0.3 s of CPU to import, paid by the writer that the readers share the cores
    with: storing a batch does without it (exports and evaluation still use it)."""
    import subprocess
    import sys
    code = ("import sys; from pipeline.ingest import ingest\n"
            "out = ingest(sys.argv[1:2], sys.argv[2])\n"
            "assert [o.status for o in out] == ['loaded'], out\n"
            "print('pandas' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(TXT), str(tmp_path / "w.duckdb")],
                          capture_output=True, text=True, cwd=SAMPLES.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_files_read_in_this_process_are_stored_as_those_read_by_workers(tmp_path, monkeypatch):
    """Where processes cannot be forked the files are read in the writer's own process; they are
    made ready for the writer the same way (for_writer) and stored with the same rows."""
    import pipeline.ingest as ingest_module
    stored = []
    for name in ("forked", "here"):
        if name == "here":
            monkeypatch.setattr(ingest_module.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
        outcomes = ingest([TXT], tmp_path / f"{name}.duckdb")
        assert [(o.status, o.facts) for o in outcomes] == [("loaded", outcomes[0].facts)] and outcomes[0].facts > 50
        with Warehouse(tmp_path / f"{name}.duckdb") as wh:
            stored.append((_table(wh, _FACT_READBACK), _table(wh, "SELECT n_facts, report_key FROM documents")))
    assert stored[0] == stored[1]
