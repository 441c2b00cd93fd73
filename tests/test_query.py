"""The warehouse opens in the tools analysts have (issue 11): the DuckDB shell on PyPI today
(`duckdb-cli` 1.5, which refused DuckDB 2.0's own storage format) runs every example query of
the README on a warehouse made as `make ingest` makes it, and so does `cchc sql`."""
from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import regex

from pipeline.cli import EXIT_CANNOT_RUN, EXIT_OK, main
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.query import view_catalog
from warehouse.store import STORAGE_VERSION, Warehouse, sql_files

README = Path(__file__).resolve().parent.parent / "README.md"
# the shell installed with the dev extras, next to this interpreter
SHELL = shutil.which("duckdb", path=str(Path(sys.executable).parent))


def readme_queries() -> list[str]:
    """The example queries of the README: the examples column of the views table and the sql blocks."""
    text = README.read_text(encoding="utf-8")
    inline = regex.findall(r"`(SELECT [^`]+;)`", text)
    blocks = regex.findall(r"```sql\n(.*?)```", text, flags=regex.S)
    return inline + [b.strip() for b in blocks]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, know):
    db = tmp_path_factory.mktemp("w") / "warehouse.duckdb"
    outcomes = ingest([SAMPLES], db, know=know)                 # what `make ingest` does
    assert {o.status for o in outcomes} == {"loaded"}
    return db


def test_the_readme_has_example_queries():
    queries = readme_queries()
    assert len(queries) >= 8 and all(q.lstrip().upper().startswith(("SELECT", "--")) for q in queries)


@pytest.mark.skipif(SHELL is None, reason="the DuckDB shell (duckdb-cli, a dev extra) is not installed")
def test_the_duckdb_shell_named_in_the_readme_runs_every_example(warehouse):
    version = subprocess.run([SHELL, "--version"], capture_output=True, text=True).stdout
    assert version.startswith("v1.5."), version
    assert "duckdb-cli" in README.read_text(encoding="utf-8") and "1.5" in README.read_text(encoding="utf-8")
    for query in readme_queries():
        done = subprocess.run([SHELL, "-readonly", "-csv", str(warehouse), "-c", query],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and "Error" not in done.stderr, (query, done.stderr)
    rows = subprocess.run([SHELL, "-readonly", "-csv", str(warehouse), "-c",
                           "SELECT count(*) FROM ranking_tables"], capture_output=True, text=True).stdout
    assert rows.splitlines()[-1] == "15"


def test_cchc_sql_runs_every_example(warehouse, capsys):
    for query in readme_queries():
        assert main(["sql", query, "--db", str(warehouse), "--max-width", "200"]) == EXIT_OK, query
    out = capsys.readouterr().out
    assert "xã Nhơn Lộc" in out and "rank_in_period" in out


def test_cchc_sql_without_a_query_lists_every_view_with_its_meaning(capsys):
    assert main(["sql"]) == EXIT_OK
    out = capsys.readouterr().out
    names = [p.stem for p in sql_files()[1:]]
    assert all(f"  {name} " in out for name in names)
    assert {v.name for v in view_catalog()} == set(names)
    assert all(v.meaning and len(v.meaning) < 300 for v in view_catalog())


def test_cchc_sql_writes_csv_for_vietnamese_excel_and_xlsx(warehouse, tmp_path):
    query = "SELECT unit_name, score FROM ranking_tables ORDER BY rank LIMIT 3"
    out_csv, out_xlsx = tmp_path / "q.csv", tmp_path / "q.xlsx"
    assert main(["sql", query, "--db", str(warehouse), "--csv", str(out_csv), "--xlsx", str(out_xlsx)]) == EXIT_OK
    with open(out_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0] == ["unit_name", "score"] and rows[1] == ["xã Nhơn Lộc", "86,25"]
    import openpyxl
    ws = openpyxl.load_workbook(out_xlsx).active
    assert ws["A2"].value == "xã Nhơn Lộc" and ws["B2"].value == pytest.approx(86.25)


def test_cchc_sql_reads_and_never_writes(warehouse, capsys):
    before = duckdb.connect(str(warehouse), read_only=True)
    n = before.execute("SELECT count(*) FROM facts").fetchone()[0]
    before.close()
    assert main(["sql", "DELETE FROM facts", "--db", str(warehouse)]) == EXIT_CANNOT_RUN
    assert "read-only" in capsys.readouterr().err
    after = duckdb.connect(str(warehouse), read_only=True)
    assert after.execute("SELECT count(*) FROM facts").fetchone()[0] == n
    after.close()
    assert main(["sql", "SELECT nonsense FROM nowhere", "--db", str(warehouse)]) == EXIT_CANNOT_RUN
    assert "nowhere" in capsys.readouterr().err


def test_a_warehouse_in_a_newer_storage_format_is_rewritten_for_older_readers(tmp_path):
    """A warehouse an earlier version wrote in DuckDB 2.0's format keeps every row and opens in
    the 1.5 shell after the next read-write open."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))                     # DuckDB 2.0's own default format
    con.execute("CREATE TABLE keep AS SELECT range AS i FROM range(1000)")
    con.close()
    with Warehouse(db) as wh:
        tags = wh.con.execute("SELECT tags FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
        assert dict(tags[0][0])["storage_version"] == f"{STORAGE_VERSION}+"
        assert wh.con.execute("SELECT count(*), sum(i) FROM keep").fetchone() == (1000, 499500)
    if SHELL is not None:
        done = subprocess.run([SHELL, "-readonly", "-csv", str(db), "-c", "SELECT count(*) FROM keep"],
                              capture_output=True, text=True)
        assert done.returncode == 0 and done.stdout.splitlines()[-1] == "1000", done.stderr
