"""Warehouse loading: the fact_spans contract, idempotence, replacement, atomicity."""
from __future__ import annotations

import shutil

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
