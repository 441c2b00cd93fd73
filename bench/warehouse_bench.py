"""Views and export on a large warehouse: part of `make bench`.

Builds a warehouse of about FACTS facts from the samples' real facts (each seed report copied as
many times as needed, each copy a report of its own, so no view collapses them), then times every
view (a full scan: SELECT count(*)) and `cchc export --indicator` as analysts run it (a separate
process, so its peak memory is its own). Targets: every view ≤ 1 s, the export ≤ 2 s and ≤ 500 MB.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import ingest  # noqa: E402
from warehouse.store import Warehouse  # noqa: E402

FACTS = 1_000_000
MAX_VIEW_S = 1.0
MAX_EXPORT_S = 2.0
MAX_EXPORT_MB = 500
EXPORT_INDICATOR = "dossier.in_time_rate"


def build(db: Path, facts: int) -> int:
    """A warehouse of about `facts` facts: the samples ingested, then their documents copied, each
    copy the report of a unit of its own (10,000 units with a hundred facts each, as a country's
    communes would give; copies of one unit would make every cross-document check quadratic)."""
    ingest([ROOT / "samples"], db, workers=1)
    con = duckdb.connect(str(db))
    try:
        per_round = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        copies = max(0, facts // per_round - 1)
        con.execute("CREATE TEMP TABLE base_docs AS SELECT * FROM documents")
        con.execute("CREATE TEMP TABLE base_facts AS SELECT * FROM facts")
        con.execute("CREATE TEMP TABLE copies AS SELECT range AS k FROM range(1, ?)", [copies + 1])
        top = con.execute("SELECT max(document_id) FROM documents").fetchone()[0]
        # each copy a report of its own: its own path, id and report key; the text is left out
        con.execute(f"""
            INSERT INTO documents BY NAME
            SELECT d.* REPLACE (d.document_id + k * {top} AS document_id, d.path || '#' || k AS path,
                                'bench:' || k || ':' || d.document_id AS report_key, NULL AS text)
            FROM base_docs AS d, copies""")
        con.execute(f"""
            INSERT INTO facts BY NAME
            SELECT f.* REPLACE (nextval('fact_id_seq') AS fact_id, f.document_id + k * {top} AS document_id,
                                f.entity || ' #' || k AS entity, NULL AS entity_unit_id)
            FROM base_facts AS f, copies""")
        return con.execute("SELECT count(*) FROM facts").fetchone()[0]
    finally:
        con.close()


def views(db: Path) -> list[str]:
    with Warehouse(db) as wh:
        return [r[0] for r in wh.con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY view_name").fetchall()]


def time_view(db: Path, view: str) -> float:
    con = duckdb.connect(str(db), read_only=True)
    try:
        start = time.perf_counter()
        con.execute(f"SELECT count(*) FROM {view}").fetchone()
        return time.perf_counter() - start
    finally:
        con.close()


def time_export(db: Path, out: Path) -> tuple[float, float, str]:
    """Seconds and peak MB of `cchc export` in its own process (its own rusage, from wait4), and
    the last line it printed."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "export", "--indicator", EXPORT_INDICATOR,
                             "--db", str(db), "--out-dir", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    said = proc.stdout.read()
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0                      # reaped above
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss / 1024, (said.strip().splitlines() or [""])[-1]


def main(facts: int = FACTS) -> bool:
    """The warehouse is built in a child process and the export timed before any view is read
    here: a process forked from a large one starts with its memory counted (ru_maxrss)."""
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "large.duckdb"
        start = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(db), str(facts)], check=True, cwd=ROOT)
        con = duckdb.connect(str(db), read_only=True)
        n = con.execute("SELECT count(*) FROM facts").fetchone()[0]
        con.close()
        print(f"warehouse of {n:,} facts built in {time.perf_counter() - start:.1f} s")
        s, mb, said = time_export(db, Path(tmp) / "exports")
        good = s <= MAX_EXPORT_S and mb <= MAX_EXPORT_MB
        ok &= good
        print(f"  cchc export --indicator {EXPORT_INDICATOR}: {s:.2f} s, peak {mb:.0f} MB "
              f"(targets <= {MAX_EXPORT_S} s, <= {MAX_EXPORT_MB} MB)  {'ok' if good else 'SLOW'}  [{said}]")
        for view in views(db):
            s = time_view(db, view)
            ok &= s <= MAX_VIEW_S
            print(f"  view {view:22} {s:6.2f} s  (target <= {MAX_VIEW_S})  {'ok' if s <= MAX_VIEW_S else 'SLOW'}")
    return ok


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--build":
        build(Path(sys.argv[2]), int(sys.argv[3]))
        sys.exit(0)
    sys.exit(0 if main(int(sys.argv[1]) if len(sys.argv) > 1 else FACTS) else 1)
