"""`cchc export --parquet DIR` (issue 11 item 5): documents and facts, hive-partitioned by province
and year, read back by DuckDB (and pyarrow where it is installed) with the warehouse's counts; an
existing folder is refused unless --overwrite, and a failure leaves no half-written output."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from pipeline.cli import EXIT_CANNOT_RUN, EXIT_OK, main
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.parquet import DOCUMENTS, Dataset, ParquetError, write_parquet
from warehouse.store import Warehouse

GONE = "003_036cb2aba733e527.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The seeds, a text file named .pdf (failed: no province, no year) and a report that was
    ingested and then left its folder (missing: left out)."""
    folder = tmp_path_factory.mktemp("parquet")
    reports = folder / "reports"
    reports.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, reports / path.name)
    (reports / "really-text.pdf").write_text("Báo cáo kết quả, không phải PDF.", encoding="utf-8")
    path = folder / "w.duckdb"
    ingest([reports], path)
    (reports / GONE).unlink()
    outcomes = ingest([reports], path)
    assert {o.status for o in outcomes} == {"unchanged", "failed", "missing"}
    return path


def _warehouse_counts(db) -> tuple[int, int]:
    with Warehouse(db, read_only=True) as wh:
        return wh.con.execute("""
            SELECT (SELECT count(*) FROM documents WHERE status <> 'missing'),
                   (SELECT count(*) FROM facts JOIN documents USING (document_id) WHERE status <> 'missing')
        """).fetchone()


def _read(out, name: str) -> str:
    return f"read_parquet('{out}/{name}/**/*.parquet', hive_partitioning = true)"


def test_parquet_holds_the_warehouses_documents_and_facts_by_province_and_year(db, tmp_path, capsys):
    out = tmp_path / "lake"
    assert main(["export", "--db", str(db), "--parquet", str(out)]) == EXIT_OK
    n_documents, n_facts = _warehouse_counts(db)
    assert f"{n_documents} documents, {n_facts} facts" in capsys.readouterr().out
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM {_read(out, 'documents')}").fetchone()[0] == n_documents == 5
    assert con.execute(f"SELECT count(*) FROM {_read(out, 'facts')}").fetchone()[0] == n_facts > 250
    files = {r[0] for r in con.execute(f"SELECT file_name FROM {_read(out, 'documents')}").fetchall()}
    assert GONE not in files and "really-text.pdf" in files                  # missing left out, failed kept
    partitions = set(con.execute(f"SELECT DISTINCT province, year FROM {_read(out, 'documents')}").fetchall())
    assert partitions == {("binh_dinh", "2025"), ("binh_dinh", "2023"), ("dong_thap", "2025"), ("unknown", "unknown")}
    assert (out / "facts" / "province=binh_dinh" / "year=2023").is_dir()
    # a fact keeps its context and where it was read
    row = con.execute(f"""SELECT entity, period_label, role, indicators, file_name, page, char_start, char_end,
                                 sentence, doc_symbol, province_name, matched_text
                          FROM {_read(out, 'facts')} WHERE matched_text = '15,5%'""").fetchone()
    assert row[:5] == ("phường Hoà Thuận", "2025-Q1", "actual", ["dvcqg_sync.rate"], "002_442b549b8d9bf7bd.txt")
    assert row[6] < row[7] and "15,5%" in row[8] and row[9] == "BC-UBND" and row[10] == "Đồng Tháp"
    text = con.execute(f"SELECT text FROM {_read(out, 'documents')} WHERE file_name = '002_442b549b8d9bf7bd.txt'").fetchone()[0]
    assert text[row[6]:row[7]] == "15,5%"                                      # offsets point into the text


def test_parquet_uses_only_types_every_reader_knows(db, tmp_path):
    out = tmp_path / "lake"
    assert main(["export", "--db", str(db), "--parquet", str(out)]) == EXIT_OK
    con = duckdb.connect()
    schema = con.execute(f"SELECT name, type, converted_type, CAST(logical_type AS VARCHAR) "
                         f"FROM parquet_schema('{out}/*/*/*/*.parquet')").fetchall()
    converted = {r[2] for r in schema if r[2]}
    assert converted <= {"UTF8", "INT_32", "INT_64", "DATE", "TIMESTAMP_MICROS", "LIST"}, converted   # no MAP, no UNION
    stamps = {r[3] for r in schema if r[0] == "ingested_at"}
    assert stamps and all("isAdjustedToUTC=0" in s for s in stamps)           # without time zone
    columns = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM {_read(out, 'facts')}").fetchall()}
    assert columns["indicators"] == "VARCHAR[]" and columns["value"] == "DOUBLE" and columns["issue_date"] == "DATE"


def test_parquet_reads_in_pyarrow_where_it_is_installed(db, tmp_path):
    ds = pytest.importorskip("pyarrow.dataset", reason="pyarrow is not installed (not a dependency)")
    out = tmp_path / "lake"
    assert main(["export", "--db", str(db), "--parquet", str(out)]) == EXIT_OK
    facts = ds.dataset(str(out / "facts"), format="parquet", partitioning="hive")
    assert facts.count_rows() == _warehouse_counts(db)[1]


def test_an_existing_folder_is_refused_unless_overwrite(db, tmp_path, capsys):
    out = tmp_path / "lake"
    out.mkdir()
    (out / "keep.txt").write_text("an analyst's file")
    assert main(["export", "--db", str(db), "--parquet", str(out)]) == EXIT_CANNOT_RUN
    assert "exists; give --overwrite" in capsys.readouterr().err
    assert (out / "keep.txt").exists()
    assert main(["export", "--db", str(db), "--parquet", str(out), "--overwrite"]) == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == ["documents", "facts"]
    assert [p.name for p in tmp_path.iterdir()] == ["lake"]                    # no temporary folder left


def test_a_failure_leaves_the_previous_output_and_nothing_half_written(db, tmp_path):
    out = tmp_path / "lake"
    assert main(["export", "--db", str(db), "--parquet", str(out)]) == EXIT_OK
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    broken = Dataset("facts", "SELECT 1 / 0 AS x, 'p' AS province, 'y' AS year FROM no_such_table")
    with Warehouse(db, read_only=True) as wh:
        with pytest.raises(ParquetError, match="cannot write"):
            write_parquet(wh.con, out, overwrite=True, datasets=(DOCUMENTS, broken))
        with pytest.raises(ParquetError, match="cannot write"):
            write_parquet(wh.con, tmp_path / "new", datasets=(DOCUMENTS, broken))
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["lake"]                    # neither "new" nor a temporary


def test_export_needs_something_to_write(db, capsys):
    assert main(["export", "--db", str(db)]) == EXIT_CANNOT_RUN
    assert "--parquet DIR" in capsys.readouterr().err


def test_a_link_to_the_lake_is_kept_and_its_folder_replaced(db, tmp_path):
    """`--parquet lake` where lake is a link to a shared folder: the folder gets the new output,
    the link stays a link and nothing is left beside it."""
    real = tmp_path / "shared" / "lake"
    real.mkdir(parents=True)
    (tmp_path / "lake").symlink_to(real)
    assert main(["export", "--db", str(db), "--parquet", str(tmp_path / "lake"), "--overwrite"]) == EXIT_OK
    assert (tmp_path / "lake").is_symlink() and sorted(p.name for p in real.iterdir()) == ["documents", "facts"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "shared"]
    assert [p.name for p in real.parent.iterdir()] == ["lake"]
