"""The reader processes of an ingest: started before the warehouse opens with the largest files,
handing their results over in files of the run's folder."""
from __future__ import annotations

import pickle
import shutil
import tempfile

import duckdb

from pipeline.ingest import Read, _as_asked, _first_files, _taken, ingest
from tests.conftest import SAMPLES

THREE = ["000_ec612a35660e329c.txt", "002_442b549b8d9bf7bd.docx", "004_96ea1283ad5da6cd.txt"]


def _inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in THREE:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def test_the_first_files_are_the_largest_one_a_reader(tmp_path):
    folder = _inbox(tmp_path)
    paths = sorted(folder.iterdir())
    sizes = {p: p.stat().st_size for p in paths}
    first = _first_files(paths, [p.name for p in paths], 2, "v")
    assert [job[0] for job in first] == sorted(paths, key=lambda p: -sizes[p])[:2]
    assert all(job[1] is None and job[2] == job[0].name and job[3] == "v" for job in first)


def test_a_file_that_would_not_be_read_is_not_read_first(tmp_path, monkeypatch):
    folder = _inbox(tmp_path)
    paths = sorted(folder.iterdir())
    largest = max(paths, key=lambda p: p.stat().st_size)
    # too large for the limit: _job fails it without reading it, so it is not read early either
    monkeypatch.setenv("CCHC_MAX_FILE_MB", str((largest.stat().st_size - 1) / 2**20))
    gone = folder / "gone.txt"                   # found, then removed before the run reads it
    first = _first_files([*paths, gone], [p.name for p in [*paths, gone]], 4, "v")
    assert [job[0] for job in first] == [p for p in sorted(paths, key=lambda p: -p.stat().st_size) if p != largest]


def test_a_file_read_early_whose_bytes_are_stored_is_unchanged():
    read = Read("read", sha="abc", size=3)
    assert _as_asked(read, "abc") == Read("unchanged", sha="abc", size=3)
    assert _as_asked(read, "other") is read and _as_asked(read, None) is read
    failed = Read("failed", reason="x", sha="abc", size=3)
    assert _as_asked(failed, "abc").status == "unchanged"      # the bytes stored were read before


def test_a_rerun_leaves_every_document_as_it_was(tmp_path):
    """The largest files are read before the warehouse says what it holds: still unchanged, and
    nothing rewritten."""
    folder, db = _inbox(tmp_path), tmp_path / "w.duckdb"
    assert {o.status for o in ingest([folder], db)} == {"loaded"}
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT path, document_id, ingested_at, n_facts FROM documents ORDER BY 1").fetchall()
    con.close()
    assert {o.status for o in ingest([folder], db, workers=2)} == {"unchanged"}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT path, document_id, ingested_at, n_facts FROM documents ORDER BY 1").fetchall() == before
    con.close()


def test_results_go_through_files_that_do_not_outlive_the_run(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    folder, db = _inbox(tmp_path), tmp_path / "w.duckdb"
    outcomes = ingest([folder], db, workers=2)
    assert [o.status for o in outcomes] == ["loaded"] * 3 and all(o.facts > 0 for o in outcomes)
    assert list(scratch.iterdir()) == []


def test_a_result_handed_over_in_a_file_or_as_bytes_reads_the_same(tmp_path):
    read = Read("skipped", reason="not a report", sha="abc", size=3)
    data = pickle.dumps(read)
    path = tmp_path / "x.read"
    path.write_bytes(data)
    assert _taken(str(path)) == read and not path.exists()
    assert _taken(data) == read

