"""A batch nothing can derail (issue 10): every bad input is that file's line, with its reason,
and the files around it still go in. Small generated inputs, each next to good reports."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess

import duckdb
import pytest

from pipeline.inbox import find_reports
from pipeline.ingest import ingest
from tests.conftest import SAMPLES

GOOD = SAMPLES / "002_442b549b8d9bf7bd.txt"
# other reports, for batches of good files (a byte-for-byte copy of one would be stored as its copy)
OTHERS = [p for p in sorted(SAMPLES.glob("*.txt")) if p != GOOD]


def _by_name(outcomes):
    return {os.path.basename(o.path): o for o in outcomes}


def _rows(db, sql: str) -> list[tuple]:
    """A query's rows, the warehouse opened read-only for it alone."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _loaded_files(db):
    return {r[0] for r in _rows(db, "SELECT file_name FROM documents WHERE status = 'ok'")}


def test_a_file_name_that_is_not_utf8_is_named_and_loaded(tmp_path):
    """A zip unpacked from Windows leaves names in another code page: the file is read, its name
    shown with the odd bytes escaped, and the next file still goes in."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    odd = os.fsencode(inbox) + b"/b\xe1o_c\xe1o.txt"          # "báo_cáo" in Windows-1258 bytes
    with open(odd, "wb") as fh:
        fh.write(GOOD.read_bytes())
    shutil.copy(OTHERS[0], inbox / "z_good.txt")
    outcomes = ingest([inbox], tmp_path / "w.duckdb", workers=1)
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert any("\\xe1" in o.path for o in outcomes)
    assert "b\\xe1o_c\\xe1o.txt" in _loaded_files(tmp_path / "w.duckdb")


def test_special_files_links_and_unreadable_folders_are_reported(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    shutil.copy(GOOD, inbox / "sub" / "good.txt")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (inbox / "sub" / "loop").symlink_to(inbox)
    locked = inbox / "locked"
    locked.mkdir()
    shutil.copy(OTHERS[0], locked / "hidden_from_us.txt")
    locked.chmod(0)
    try:
        found = find_reports([inbox])
        outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    finally:
        locked.chmod(0o755)
    reasons = {p.path.name: p.reason for p in found.problems}
    assert "not a regular file" in reasons["pipe.txt"]
    assert "dangling link" in reasons["gone.txt"]
    assert "link loop" in reasons["loop"]
    if os.geteuid() != 0:                          # root reads any folder
        assert "cannot read folder" in reasons["locked"]
    assert outcomes["good.txt"].status == "loaded"
    assert outcomes["pipe.txt"].status == "failed" and outcomes["gone.txt"].status == "failed"
    # what could not be read is in the warehouse too: files as failed documents, folders in the log
    failed = dict(_rows(tmp_path / "w.duckdb", "SELECT file_name, error FROM documents WHERE status = 'failed'"))
    logged = {os.path.basename(p): d for p, d in _rows(
        tmp_path / "w.duckdb", "SELECT path, detail FROM ingest_log WHERE outcome = 'failed'")}
    assert "not a regular file" in failed["pipe.txt"] and "dangling link" in failed["gone.txt"]
    assert "link loop" in logged["loop"]


def _scandir_refusing(folder_name):
    """os.scandir as for a folder this user may not read (chmod 0 does not stop root, who runs CI)."""
    real = os.scandir

    def scandir(path="."):
        if not isinstance(path, int) and os.path.basename(os.fspath(path)) == folder_name:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)
    return scandir


def test_an_unreadable_folder_is_listed_as_failed_and_its_reports_are_kept(tmp_path, monkeypatch):
    """A folder that cannot be read today says nothing about its reports being gone."""
    inbox = tmp_path / "inbox"
    (inbox / "locked").mkdir(parents=True)
    shutil.copy(GOOD, inbox / "good.txt")
    shutil.copy(OTHERS[0], inbox / "locked" / "inside.txt")
    db = tmp_path / "w.duckdb"
    assert {o.status for o in ingest([inbox], db, workers=1)} == {"loaded"}
    monkeypatch.setattr("pipeline.inbox.os.scandir", _scandir_refusing("locked"))
    outcomes = _by_name(ingest([inbox], db, workers=1))
    assert outcomes["locked"].status == "failed" and "cannot read folder" in outcomes["locked"].reason
    assert "inside.txt" not in outcomes                           # not listed as missing
    assert _loaded_files(db) == {"good.txt", "inside.txt"}
    assert _rows(db, "SELECT count(*) FROM ingest_log WHERE outcome = 'failed' "
                     "AND detail LIKE 'cannot read folder%'") == [(1,)]


def test_a_report_reached_by_a_link_is_stored_as_the_link_and_goes_missing_with_it(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(GOOD, elsewhere / "target.txt")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(OTHERS[0], inbox / "plain.txt")
    (inbox / "linked.txt").symlink_to(elsewhere / "target.txt")
    db = tmp_path / "w.duckdb"
    assert _by_name(ingest([inbox], db, workers=1))["linked.txt"].status == "loaded"
    [(path,)] = _rows(db, "SELECT path FROM documents WHERE file_name = 'linked.txt'")
    assert path == str(inbox.resolve() / "linked.txt")
    (inbox / "linked.txt").unlink()
    assert _by_name(ingest([inbox], db, workers=1))["linked.txt"].status == "missing"
    assert _loaded_files(db) == {"plain.txt"}


def test_a_dangling_or_looping_link_on_the_command_line_is_its_files_line(tmp_path, capsys):
    from pipeline.cli import main
    shutil.copy(GOOD, tmp_path / "good.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    code = main(["ingest", str(tmp_path / "dangling.txt"), str(tmp_path / "loop.txt"), str(tmp_path / "good.txt"),
                 "--db", str(tmp_path / "w.duckdb"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 1                                  # some failed, the run went on
    assert "dangling.txt: dangling link" in out and "loop.txt: link loop" in out
    assert _loaded_files(tmp_path / "w.duckdb") == {"good.txt"}


def test_a_folder_nested_deeper_than_pythons_recursion_limit_is_walked(tmp_path):
    folder = tmp_path / "inbox"
    deep = folder / "/".join(["d"] * 1200)
    made = subprocess.run(["mkdir", "-p", str(deep)], capture_output=True)   # os.makedirs recurses
    if made.returncode != 0:
        pytest.skip("this file system refuses paths that long")
    try:
        shutil.copy(GOOD, deep / "deep.txt")
        assert [p.name for p in find_reports([folder]).reports] == ["deep.txt"]
    finally:
        subprocess.run(["rm", "-rf", str(folder)])      # shutil.rmtree (pytest's clean-up) recurses too


def test_a_file_over_the_size_limit_fails_alone(tmp_path, monkeypatch):
    """A huge or sparse file is refused by its size before it is read."""
    monkeypatch.setenv("CCHC_MAX_FILE_MB", "1")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with open(inbox / "a_huge.txt", "wb") as fh:
        fh.truncate(5 * 2**20)                      # sparse: 5 MB that take no space
    shutil.copy(GOOD, inbox / "b_good.txt")
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["a_huge.txt"].status == "failed" and "too large" in outcomes["a_huge.txt"].reason
    assert outcomes["b_good.txt"].status == "loaded"


def test_numbers_beyond_reason_are_no_facts_and_the_export_still_works(tmp_path):
    """310 digits once became infinity and crashed the export; a five-million-digit run failed
    the file with a decimal overflow. Both are now no fact, and the file's other numbers load."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    text = GOOD.read_text(encoding="utf-8")
    (inbox / "long.txt").write_text(text + "\n\nĐã tiếp nhận " + "9" * 310 + " hồ sơ.\n", encoding="utf-8")
    (inbox / "huge.txt").write_text(text + "\n\nMã " + "1" * 5_000_000 + " hồ sơ.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    outcomes = _by_name(ingest([inbox], db, workers=1))
    assert outcomes["long.txt"].status == outcomes["huge.txt"].status == "loaded"
    assert _rows(db, "SELECT max(abs(value)) < 1e18 FROM facts") == [(True,)]


def test_control_characters_inside_a_number_are_removed_and_counted(tmp_path):
    """"6.␀356 hồ sơ" gave 6: the NUL is dropped before numbers are read, and the document says so."""
    from extractors import extract
    from pipeline.facts import Knowledge, facts_with_context
    path = tmp_path / "nul.txt"
    path.write_bytes("UBND THỊ XÃ AN NHƠN\n\nĐã tiếp nhận 6.\x00356 hồ sơ trong năm 2025.\n".encode("utf-8"))
    doc = extract(path)
    assert any("control characters" in w for w in doc.warnings)
    facts = facts_with_context(doc, Knowledge.load()).facts
    assert [(f.kind, f.value) for f in facts if f.kind == "count"] == [("count", 6356.0)]


def test_a_file_broken_then_restored_loses_its_error(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report = inbox / "bao_cao.txt"
    shutil.copy(GOOD, report)
    db = tmp_path / "w.duckdb"
    assert [o.status for o in ingest([inbox], db, workers=1)] == ["loaded"]
    report.write_bytes(b"\x00\x01\x02" * 1000)                      # saved broken
    assert [o.status for o in ingest([inbox], db, workers=1)] == ["failed"]
    shutil.copy(GOOD, report)                                       # restored
    assert [o.status for o in ingest([inbox], db, workers=1)] == ["unchanged"]
    assert _rows(db, "SELECT status, error, n_facts > 0 FROM documents") == [("ok", None, True)]


def test_each_file_is_read_once(tmp_path, monkeypatch):
    """The checksum and the facts come from the same bytes: a file saved between two reads could
    otherwise pair one version's checksum with the other's facts, and be skipped as unchanged."""
    from pathlib import Path
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "a.txt")
    shutil.copy(SAMPLES / "000_ec612a35660e329c.docx", inbox / "b.docx")
    log = tmp_path / "reads.log"                     # the reader is another process: counted in a file
    real = Path.read_bytes

    def counted(self):
        if self.parent == inbox:
            with open(log, "a", encoding="utf-8") as fh:
                fh.write(self.name + "\n")
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", counted)
    ingest([inbox], tmp_path / "w.duckdb", workers=1)
    assert sorted(log.read_text(encoding="utf-8").split()) == ["a.txt", "b.docx"]


def _documents(db):
    return (_rows(db, "SELECT file_name, status FROM documents ORDER BY file_name"),
            _rows(db, "SELECT count(DISTINCT source_file) FROM indicator_facts")[0][0])


def test_the_warehouse_mirrors_the_inbox(tmp_path):
    """A report renamed keeps its document (one, under its new name); a deleted report's facts
    leave every view (its row kept as 'missing' for history); a report put back comes back."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "old_name.txt")
    shutil.copy(SAMPLES / "000_ec612a35660e329c.txt", inbox / "other.txt")
    db = tmp_path / "w.duckdb"
    ingest([inbox], db, workers=1)
    (inbox / "old_name.txt").rename(inbox / "new_name.txt")
    ingest([inbox], db, workers=1)
    docs, sources = _documents(db)
    assert docs == [("new_name.txt", "ok"), ("other.txt", "ok")] and sources == 2
    (inbox / "other.txt").unlink()
    ingest([inbox], db, workers=1)
    docs, sources = _documents(db)
    assert docs == [("new_name.txt", "ok"), ("other.txt", "missing")] and sources == 1
    shutil.copy(SAMPLES / "000_ec612a35660e329c.txt", inbox / "other.txt")
    ingest([inbox], db, workers=1)
    assert _documents(db)[0] == [("new_name.txt", "ok"), ("other.txt", "ok")]


def _paths(db):
    return (_rows(db, "SELECT file_name, document_id FROM documents WHERE status = 'ok' ORDER BY 1"),
            _rows(db, "SELECT regexp_extract(path, '[^/]*$'), document_id FROM document_paths ORDER BY 1"),
            _rows(db, "SELECT count(*) FROM facts")[0][0])


def test_a_copy_under_another_name_is_one_document_with_two_paths(tmp_path):
    """After copy + rename + move the same facts existed four times. A byte-for-byte copy is now
    another path of its document: its facts stored once, the copy listed; it outlives the
    original's file; a copy that is edited becomes a document of its own; one deleted is forgotten."""
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    shutil.copy(GOOD, inbox / "a.txt")
    shutil.copy(GOOD, inbox / "sub" / "a (1).txt")                    # in the same run
    db = tmp_path / "w.duckdb"
    outcomes = _by_name(ingest([inbox], db, workers=1))
    assert outcomes["a.txt"].status == "loaded"
    assert outcomes["a (1).txt"].status == "copy" and "a.txt" in outcomes["a (1).txt"].reason
    docs, copies, facts = _paths(db)
    assert [d[0] for d in docs] == ["a.txt"] and copies == [("a (1).txt", docs[0][1])]
    assert facts == outcomes["a.txt"].facts

    shutil.copy(GOOD, inbox / "a - Copy.txt")                          # in a later run
    assert _by_name(ingest([inbox], db, workers=1))["a - Copy.txt"].status == "copy"
    assert _by_name(ingest([inbox], db, workers=1))["a - Copy.txt"].status == "unchanged"
    assert _paths(db)[2] == facts

    (inbox / "a.txt").unlink()                                         # the original goes
    ingest([inbox], db, workers=1)
    docs, copies, _ = _paths(db)
    assert [d[0] for d in docs] == ["a - Copy.txt"] and [c[0] for c in copies] == ["a (1).txt"]

    (inbox / "sub" / "a (1).txt").write_bytes(GOOD.read_bytes() + "\nBổ sung: 5 hồ sơ.\n".encode())  # edited
    assert _by_name(ingest([inbox], db, workers=1))["a (1).txt"].status == "loaded"
    docs, copies, _ = _paths(db)
    assert [d[0] for d in docs] == ["a (1).txt", "a - Copy.txt"] and copies == []

    shutil.copy(GOOD, inbox / "b.txt")
    ingest([inbox], db, workers=1)
    (inbox / "b.txt").unlink()                                         # a copy deleted
    ingest([inbox], db, workers=1)
    assert _paths(db)[1] == []
    # two documents now, but one report (same number and title): views count it once
    assert _rows(db, "SELECT count(*), count(*) FILTER (WHERE is_primary) FROM report_files") == [(2, 1)]


def test_a_renamed_file_is_reported_as_loaded_not_missing(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "a.txt")
    ingest([inbox], tmp_path / "w.duckdb", workers=1)
    (inbox / "a.txt").rename(inbox / "b.txt")
    (inbox / "c.txt").write_bytes(b"")
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["b.txt"].status == "loaded" and "a.txt" not in outcomes


def test_a_paragraph_without_a_full_stop_gives_each_number_a_bounded_window():
    """A 200 KB paragraph with no full stop made every number's window the whole paragraph (time
    and memory quadratic: 107 s, 5 GB). A sentence is never looked back past MAX_SENTENCE."""
    from normalizers.boundaries import MAX_SENTENCE, sentence_start
    text = "xã tiếp nhận 12 hồ sơ, " * 10_000
    assert sentence_start(text, len(text) - 1) == len(text) - 1 - MAX_SENTENCE
    assert sentence_start("Câu một. Câu hai có 5 hồ sơ", 20) == 8      # after the full stop


def test_a_file_that_reads_too_long_fails_and_the_batch_goes_on(tmp_path, monkeypatch):
    """A reader stuck on one file is stopped at CCHC_MAX_FILE_SECONDS; the files after it are read."""
    import time

    import pipeline.ingest as ingest_module
    real = ingest_module.read_report

    def slow_on_one(path, know, skip=None):
        if path.name == "b_slow.txt":
            time.sleep(60)
        return real(path, know, skip)
    monkeypatch.setattr(ingest_module, "read_report", slow_on_one)      # forked workers inherit it
    monkeypatch.setenv("CCHC_MAX_FILE_SECONDS", "5")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, src in zip(("a.txt", "b_slow.txt", "c.txt", "d.txt"), (OTHERS[0], GOOD, OTHERS[1], OTHERS[2])):
        shutil.copy(src, inbox / name)
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=2))
    assert outcomes["b_slow.txt"].status == "failed" and "longer than 5 s" in outcomes["b_slow.txt"].reason
    assert [outcomes[n].status for n in ("a.txt", "c.txt", "d.txt")] == ["loaded"] * 3


def test_a_write_that_dies_with_its_transaction_reports_its_own_cause(tmp_path, monkeypatch):
    """A full disk aborts DuckDB's transaction: the failure named must be "No space left on
    device", not the "cannot rollback - no transaction is active" that followed it."""
    from warehouse.store import Warehouse as W

    def disk_full(self, ids, rows):                     # the facts' insert
        self.con.execute("ROLLBACK")                   # what DuckDB does to a transaction on a full disk
        raise OSError(28, "No space left on device")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "a.txt")
    monkeypatch.setattr(W, "_insert_facts", disk_full)
    outcomes = ingest([inbox], tmp_path / "w.duckdb", workers=1)
    monkeypatch.undo()
    assert outcomes[0].status == "failed" and "No space left on device" in outcomes[0].reason
    with W(tmp_path / "w.duckdb") as wh:                 # and the warehouse is still usable
        assert wh.con.execute("SELECT count(*) FROM facts").fetchone()[0] == 0


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="the limit needs Linux /proc")
def test_a_file_that_needs_too_much_memory_fails_and_the_batch_goes_on(tmp_path, monkeypatch):
    """Reading one file may add CCHC_MAX_FILE_MEMORY_MB to its reader process: a file that needs
    more fails with that reason (instead of taking the machine's memory), and the readers go on."""
    monkeypatch.setenv("CCHC_MAX_FILE_MEMORY_MB", "300")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    # 100 MB of Vietnamese text: 400 MB once decoded (4 bytes a character beyond Latin-1)
    line = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%; tiếp nhận 1.234 hồ sơ.\n".encode()
    with open(inbox / "b_huge.txt", "wb") as fh:
        fh.write(line * (100 * 2**20 // len(line)))
    for name, src in zip(("a.txt", "c.txt", "d.txt"), OTHERS):
        shutil.copy(src, inbox / name)
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=2))
    huge = outcomes["b_huge.txt"]
    assert huge.status == "failed" and "out of memory" in huge.reason and "CCHC_MAX_FILE_MEMORY_MB" in huge.reason
    assert [outcomes[n].status for n in ("a.txt", "c.txt", "d.txt")] == ["loaded"] * 3


def test_a_pdf_over_the_page_limit_fails_with_that_reason(tmp_path, monkeypatch):
    """CCHC_MAX_PAGES bounds a PDF's pages (text layer or scan) before any page is read."""
    monkeypatch.setenv("CCHC_MAX_PAGES", "3")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLES / "000_ec612a35660e329c.pdf", inbox / "long.pdf")     # more than 3 pages
    shutil.copy(GOOD, inbox / "good.txt")
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["long.pdf"].status == "failed" and "too many pages" in outcomes["long.pdf"].reason
    assert "CCHC_MAX_PAGES" in outcomes["long.pdf"].reason
    assert outcomes["good.txt"].status == "loaded"


def test_a_warehouse_that_cannot_be_written_at_start_exits_2_with_the_cause(tmp_path, monkeypatch, capsys):
    """A full disk (or a read-only folder) before the first file: exit 2 and the cause in words,
    not a traceback; the message DuckDB gives on a full disk is the one used here."""
    from pipeline.cli import EXIT_CANNOT_RUN, main
    from warehouse.store import Warehouse as W

    def disk_full(self):
        raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file '
                                          f'"{tmp_path}/w.duckdb.wal": No space left on device')
    monkeypatch.setattr(W, "_load_units", disk_full)
    assert main(["ingest", str(GOOD), "--db", str(tmp_path / "w.duckdb"), "-q"]) == EXIT_CANNOT_RUN
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err and "Traceback" not in err



def test_ctrl_c_stops_after_the_files_read_keeps_them_and_exits_130(tmp_path, monkeypatch, capsys):
    """Ctrl-C (raised here in the writer process once two files are read, where SIGINT lands:
    the readers ignore it) stops the batch: the files read before it are stored, the rest are
    listed as not read, the summary is printed and the exit is 130. Running again goes on."""
    import pipeline.ingest as ingest_module
    from pipeline.cli import EXIT_INTERRUPTED, main
    real_iter = ingest_module._Counted.__iter__

    def interrupted_after_two(self):
        for k, item in enumerate(real_iter(self)):
            if k == 2:
                raise KeyboardInterrupt
            yield item
    monkeypatch.setattr(ingest_module._Counted, "__iter__", interrupted_after_two)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for src in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(src, inbox / src.name)
    assert main(["ingest", str(inbox), "--db", str(tmp_path / "w.duckdb")]) == EXIT_INTERRUPTED
    out = capsys.readouterr().out
    assert out.count("loaded   ") == 2 and "2 loaded" in out and "3 not read (stopped by Ctrl-C)" in out
    assert len(_loaded_files(tmp_path / "w.duckdb")) == 2
    monkeypatch.setattr(ingest_module._Counted, "__iter__", real_iter)
    assert main(["ingest", str(inbox), "--db", str(tmp_path / "w.duckdb")]) == 0
    assert len(_loaded_files(tmp_path / "w.duckdb")) == 5


def test_each_file_is_reported_as_it_is_stored(tmp_path):
    """Lines come as files are stored, not after the batch: the callback sees each outcome
    before ingest returns, in the order they are known."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for src in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(src, inbox / src.name)
    (inbox / "empty.txt").write_bytes(b"")
    heard = []
    outcomes = ingest([inbox], tmp_path / "w.duckdb", workers=1, on_outcome=heard.append)
    assert sorted(o.path for o in heard) == sorted(o.path for o in outcomes)
    assert {o.status for o in heard} == {"loaded", "failed"}


def test_a_disk_full_on_a_later_run_exits_2_with_the_cause(tmp_path, monkeypatch, capsys):
    """A warehouse on a disk that has filled since: the first write of the run (here the log of
    an unchanged file) fails; the run stops with exit 2 and the cause, not a traceback."""
    from pipeline.cli import EXIT_CANNOT_RUN, main
    from warehouse.store import Warehouse as W
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "a.txt")
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "-q"]) == 0

    def disk_full(self, path):
        raise duckdb.IOException(f'IO Error: Could not write file "{db}.wal": No space left on device')
    monkeypatch.setattr(W, "unchanged", disk_full)
    assert main(["ingest", str(inbox), "--db", str(db), "-q"]) == EXIT_CANNOT_RUN
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err and "Traceback" not in err
    assert _loaded_files(db) == {"a.txt"}


def test_a_text_that_is_mostly_figures_is_still_a_text(tmp_path):
    """A plain-text table of figures, or a report of long digit runs, was refused as "not a text
    document": digits count as written text; bytes that are not text still fail."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = "\n".join(f"{i}\t2024\t{1000 + i * 37}\t{2000 + i * 11}\t{95 + i % 5},{i % 10}" for i in range(1, 60))
    (inbox / "bang_so_lieu.txt").write_text("UBND HUYỆN AN LÃO\n\nBÁO CÁO\n\nSố liệu\n" + rows + "\n", encoding="utf-8")
    (inbox / "digits.txt").write_text("Kết quả: " + "9" * 310 + " hồ sơ; " + "8" * 400 + "\n", encoding="utf-8")
    (inbox / "noise.txt").write_bytes(bytes(range(1, 32)) * 200)
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["bang_so_lieu.txt"].status == "loaded" and outcomes["digits.txt"].status == "loaded"
    assert outcomes["noise.txt"].status == "failed"


def test_a_password_protected_pdf_says_so(tmp_path):
    """A PDF that needs a password to open is named as such (not "damaged"), and the batch goes on."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = canvas.Canvas(str(inbox / "locked.pdf"), encrypt=StandardEncryption("mat-khau", canPrint=0))
    pdf.drawString(72, 720, "Bao cao: 12 ho so")
    pdf.save()
    shutil.copy(GOOD, inbox / "good.txt")
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["locked.pdf"].status == "failed" and "password-protected" in outcomes["locked.pdf"].reason
    assert outcomes["good.txt"].status == "loaded"


def test_a_folder_given_with_a_folder_or_file_inside_it_is_walked_once(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "q1").mkdir(parents=True)
    shutil.copy(GOOD, inbox / "q1" / "a.txt")
    shutil.copy(OTHERS[0], inbox / "b.txt")
    db = tmp_path / "w.duckdb"
    outcomes = ingest([inbox, inbox / "q1", inbox / "b.txt", inbox], db, workers=1)
    assert sorted((os.path.basename(o.path), o.status) for o in outcomes) == [("a.txt", "loaded"), ("b.txt", "loaded")]
    assert _rows(db, "SELECT count(*) FROM document_paths") == [(0,)]      # no copy of itself


def test_files_of_other_formats_are_in_the_log(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "a.txt")
    (inbox / "table.xlsx").write_bytes(b"PK")
    (inbox / "README").write_text("notes")
    ingest([inbox], tmp_path / "w.duckdb", workers=1)
    logged = {os.path.basename(p): d for p, d in _rows(
        tmp_path / "w.duckdb", "SELECT path, detail FROM ingest_log WHERE outcome = 'skipped'")}
    assert logged == {"table.xlsx": "not a report format (.xlsx)", "README": "not a report format (no extension)"}


def test_a_figure_longer_than_a_segment_is_not_cut_into_a_number_the_text_does_not_state(know):
    """1,999 groups of "123." with no space: a cut inside the run read its tail as 3,123,123 hồ sơ."""
    from pipeline.facts import facts_of_text
    text = "Báo cáo: tổng số hồ sơ là " + "123." * 1999 + "123 hồ sơ. Đã giải quyết 45 hồ sơ."
    assert [(f.text, f.value) for f in facts_of_text(text, know).facts] == [("45", 45.0)]


def test_an_export_that_cannot_be_written_leaves_no_file_and_keeps_the_earlier_one(tmp_path, monkeypatch, capsys):
    """A full disk while writing: exit 2 with the cause, no empty or cut file, an earlier export
    of the same name untouched (the file is written beside it, then renamed over it)."""
    from pipeline.cli import main
    db = tmp_path / "w.duckdb"
    ingest([GOOD], db, workers=1)
    out = tmp_path / "exports"
    out.mkdir()
    (out / "dossier.in_time_rate.xlsx").write_bytes(b"earlier export")
    real_open = open

    def full_disk(path, mode="r", *args, **kwargs):
        if "w" in mode and str(path).endswith(".part"):
            raise OSError(28, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)
    monkeypatch.setattr("builtins.open", full_disk)
    code = main(["export", "--db", str(db), "--indicator", "dossier.in_time_rate", "--out-dir", str(out)])
    monkeypatch.undo()
    assert code == 2
    assert "cannot write" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["dossier.in_time_rate.xlsx"]
    assert (out / "dossier.in_time_rate.xlsx").read_bytes() == b"earlier export"
    assert main(["sql", "SELECT 1 AS x", "--db", str(db), "--csv", str(tmp_path / "no" / "x.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_a_name_with_a_new_line_is_one_line_of_the_batch(tmp_path, capsys):
    from pipeline.cli import main
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "báo cáo\nquý 1.txt")
    assert main(["ingest", str(inbox), "--db", str(tmp_path / "w.duckdb")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("loaded") and "báo cáo\\nquý 1.txt" in line for line in lines)
    assert not any(line.startswith("quý 1.txt") for line in lines)


def test_a_mistyped_limit_stops_the_run_before_it_starts(tmp_path, monkeypatch, capsys):
    """CCHC_MAX_FILE_MEMORY_MB=abc restarted readers forever; the others gave a traceback."""
    from pipeline.cli import main
    for name in ("CCHC_MAX_FILE_MEMORY_MB", "CCHC_WORKERS", "CCHC_MAX_FILE_SECONDS", "CCHC_MAX_FILE_MB",
                 "CCHC_MAX_PAGES"):
        monkeypatch.setenv(name, "abc")
        assert main(["ingest", str(GOOD), "--db", str(tmp_path / "w.duckdb")]) == 2
        assert f"{name}='abc' (a positive" in capsys.readouterr().err
        monkeypatch.delenv(name)
    for name, value in (("CCHC_MAX_FILE_SECONDS", "-5"), ("CCHC_MAX_FILE_SECONDS", "inf"), ("CCHC_WORKERS", "0"),
                        ("CCHC_WORKERS", "1.5"), ("CCHC_MAX_FILE_MEMORY_MB", "99999999999999"),
                        ("CCHC_MAX_PAGES", "nan")):
        monkeypatch.setenv(name, value)
        assert main(["ingest", str(GOOD), "--db", str(tmp_path / "w.duckdb")]) == 2, (name, value)
        assert name in capsys.readouterr().err
        monkeypatch.delenv(name)
    assert not (tmp_path / "w.duckdb").exists()                 # nothing was started
    monkeypatch.setenv("CCHC_MAX_FILE_MEMORY_MB", "1500.5")     # a fraction of a MB is still a limit
    monkeypatch.setenv("CCHC_WORKERS", "2.0")                   # a whole number, however written
    monkeypatch.setenv("CCHC_MAX_PAGES", "1e3")
    assert main(["ingest", str(GOOD), str(SAMPLES / "000_ec612a35660e329c.pdf"), "--db", str(tmp_path / "w.duckdb")]) == 0


def test_output_closed_by_its_reader_does_not_stop_the_batch(tmp_path):
    """`cchc ingest … | head`: when the reader of the lines has gone (here `true`, gone before
    the first line), the lines go nowhere and every file is still stored."""
    import sys
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i, src in enumerate([GOOD, *OTHERS]):
        shutil.copy(src, inbox / f"{i}_{src.name}")
    db = tmp_path / "w.duckdb"
    run = subprocess.run(f"'{sys.executable}' -m pipeline.cli ingest '{inbox}' --db '{db}' | true",
                         shell=True, capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert "Traceback" not in run.stderr and "BrokenPipe" not in run.stderr, run.stderr
    assert len(_loaded_files(db)) == 1 + len(OTHERS)


def test_a_text_of_spaces_only_says_so(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b"  \n\t\n  ")
    (outcome,) = ingest([tmp_path / "blank.txt"], tmp_path / "w.duckdb", workers=1)
    assert (outcome.status, outcome.reason) == ("failed", "no text (only spaces and blank lines)")


def test_a_word_file_that_needs_more_memory_than_allowed_says_so(tmp_path, monkeypatch, know):
    """A zip bomb stopped by the reader's memory limit is not a "broken Word file"."""
    from pipeline.ingest import read_report

    def bomb(stream):
        raise MemoryError
    monkeypatch.setattr("extractors.docx._open", bomb)
    path = tmp_path / "bomb.docx"
    shutil.copy(SAMPLES / "000_ec612a35660e329c.docx", path)
    read = read_report(path, know)
    assert read.status == "failed" and read.reason.startswith("ran out of memory")


def test_an_output_path_that_is_a_link_or_a_pipe_is_written_through_not_replaced(tmp_path):
    """`--csv` onto a link writes the file it points to; onto a pipe (`/dev/stdout` in a shell
    pipeline) writes into the pipe: neither is replaced by a regular file."""
    import threading

    from warehouse.export import replace_file
    (tmp_path / "real.csv").write_bytes(b"old")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    (tmp_path / "real.csv").chmod(0o600)
    replace_file(tmp_path / "link.csv", b"new")
    assert (tmp_path / "link.csv").is_symlink() and (tmp_path / "real.csv").read_bytes() == b"new"
    assert stat.S_IMODE((tmp_path / "real.csv").stat().st_mode) == 0o600      # kept as it was
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    replace_file(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_link_to_a_system_file_is_not_read(tmp_path):
    """/proc/self/environ through a link would store the reader's environment as a report."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "env.txt").symlink_to("/proc/self/environ")
    (inbox / "self").symlink_to("/proc/self")
    shutil.copy(GOOD, inbox / "good.txt")
    outcomes = _by_name(ingest([inbox], tmp_path / "w.duckdb", workers=1))
    assert outcomes["env.txt"].status == "failed" and "file of the system" in outcomes["env.txt"].reason
    assert outcomes["self"].status == "failed" and "folder of the system" in outcomes["self"].reason
    assert outcomes["good.txt"].status == "loaded"


def test_a_strict_open_xml_word_file_says_how_to_save_it(tmp_path, know):
    """Word's "Strict Open XML Document" (another namespace for the same parts)."""
    import io
    import zipfile

    from pipeline.ingest import read_report
    out = io.BytesIO()
    with zipfile.ZipFile(SAMPLES / "000_ec612a35660e329c.docx") as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                    b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            zout.writestr(item, data)
    (tmp_path / "strict.docx").write_bytes(out.getvalue())
    read = read_report(tmp_path / "strict.docx", know)
    assert read.status == "failed" and "Strict Open XML" in read.reason
