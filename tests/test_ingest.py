"""`cchc ingest` on a folder with bad files beside good reports, and `cchc eval` on the samples."""
from __future__ import annotations

import shutil
import zipfile

import duckdb

from pipeline.cli import EXIT_OK, EXIT_SOME_FAILED, main
from tests.conftest import GOLD, SAMPLES

GOOD = ["000_ec612a35660e329c.txt", "002_442b549b8d9bf7bd.docx", "001_1a63f26e4e35afbc.pdf"]


def _bad_folder(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in GOOD:
        shutil.copy(SAMPLES / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.txt").write_bytes(bytes((i * 97 + 13) % 256 for i in range(5000)))
    (folder / "really-text.pdf").write_text("Báo cáo: tiếp nhận 12 hồ sơ", encoding="utf-8")
    with zipfile.ZipFile(folder / "broken.docx", "w") as z:
        z.writestr("hello.txt", "not word")
    (folder / "notes.xlsx").write_bytes(b"PK")
    return folder


def test_bad_files_are_listed_and_good_ones_fully_loaded(tmp_path, capsys, rules):
    folder = _bad_folder(tmp_path)
    db = tmp_path / "w.duckdb"
    code = main(["ingest", str(folder), "--db", str(db)])
    out = capsys.readouterr().out
    assert code == EXIT_SOME_FAILED
    failed = [line for line in out.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 4
    for name, reason in [("empty.txt", "empty file"), ("random.txt", "not a text document"),
                         ("really-text.pdf", "not a PDF"), ("broken.docx", "not a .docx")]:
        assert any(name in line and reason in line for line in failed), (name, failed)
    assert "skipped" in out and "notes.xlsx" in out
    assert "3 loaded" in out and "4 failed" in out

    from extractors import extract
    from pipeline.facts import document_facts
    con = duckdb.connect(str(db), read_only=True)
    for name in GOOD:
        expected = len(document_facts(extract(SAMPLES / name), rules))
        got = con.execute("SELECT count(*) FROM fact_spans WHERE source_file = ?", [name]).fetchone()[0]
        assert got == expected > 0
    rows = con.execute("SELECT file_name, error FROM documents WHERE status = 'failed' ORDER BY 1").fetchall()
    con.close()
    assert [r[0] for r in rows] == ["broken.docx", "empty.txt", "random.txt", "really-text.pdf"]
    assert all(r[1] for r in rows)


def test_all_good_exits_zero_and_rerun_is_unchanged(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    report = SAMPLES / "004_96ea1283ad5da6cd.txt"
    assert main(["ingest", str(report), "--db", str(db)]) == EXIT_OK
    assert main(["ingest", str(report), "--db", str(db)]) == EXIT_OK
    assert "1 unchanged" in capsys.readouterr().out


def test_eval_on_the_seed_reports_meets_the_bar(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    seeds = sorted(SAMPLES.glob("*.txt"))
    assert main(["ingest", *map(str, seeds), "--db", str(db), "--quiet"]) == EXIT_OK
    capsys.readouterr()
    assert main(["eval", "--db", str(db), "--gold", str(GOLD)]) == EXIT_OK
    out = capsys.readouterr().out
    total = next(line for line in out.splitlines() if line.startswith("TOTAL")).split()
    precision, recall, f1 = map(float, total[-3:])
    assert f1 >= 0.95 and precision >= 0.95 and recall >= 0.95, out
    context = next(line for line in out.splitlines() if line.startswith("context accuracy"))
    for field in ("entity", "period", "role"):
        value = float(context.split(field + " ")[1].split()[0])
        assert value >= 0.95, context
    indicators = next(line for line in out.splitlines() if line.startswith("indicators on matched facts"))
    for measure in ("precision", "recall"):
        value = float(indicators.split(measure + " ")[1].split()[0])
        assert value >= 0.90, indicators


def test_notes_in_markdown_beside_the_reports_are_skipped_not_failed(tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLES / GOOD[0], folder / GOOD[0])
    (folder / "README.md").write_text("# Inbox\n\nReports received in March, see the | table | below.\n",
                                      encoding="utf-8")
    code = main(["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")])
    out = capsys.readouterr().out
    assert code == EXIT_OK, out
    assert any(line.startswith("skipped") and "README.md" in line and "not written in Vietnamese" in line
               for line in out.splitlines()), out


def test_each_loaded_files_line_says_what_it_was_read_as(tmp_path, capsys):
    """Type and number, unit and period on the file's own line: a wrong unit is seen at once."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLES / "000_ec612a35660e329c.txt", folder / "a.txt")
    shutil.copy(SAMPLES / "004_96ea1283ad5da6cd.txt", folder / "b.txt")
    assert main(["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")]) == EXIT_OK
    lines = {line.split()[1].rsplit("/", 1)[-1]: line for line in capsys.readouterr().out.splitlines()
             if line.startswith("loaded")}
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        stored = con.execute("SELECT file_name, doc_type, unit_name, period_label FROM documents").fetchall()
    finally:
        con.close()
    for name, doc_type, unit, period in stored:
        assert f": {doc_type}" in lines[name] and f"· {unit} · {period}" in lines[name]


def test_readers_inherit_the_rules_worked_out_before_they_fork(know):
    """What a reader would otherwise load or work out on its first file (each reader once, ~60 ms):
    the rules loaded on first use and every cached property of the rules, done before the fork."""
    import functools

    from normalizers.documents import load_document_rules
    from normalizers.entities import load_who_rules
    from normalizers.tables import load_table_rules
    from pipeline.ingest import preload_for_readers

    preload_for_readers(know)
    for obj in (know.indicators, know.context, know.gazetteer, load_who_rules(), load_document_rules(),
                load_table_rules()):
        worked_out = {name for cls in type(obj).__mro__ for name, attr in vars(cls).items()
                      if isinstance(attr, functools.cached_property)}
        assert worked_out <= vars(obj).keys(), type(obj).__name__
    assert {"cue_words", "mention_gate"} <= vars(know.indicators).keys() | vars(know.context).keys()


def test_largest_files_are_read_first_and_a_copy_still_follows_its_original(tmp_path, know):
    """Reading order is by size (readers then finish on small files together), and of two files
    with the same bytes the one found first stays the original whatever their sizes' order."""
    from pipeline.ingest import ingest
    folder = tmp_path / "inbox"
    folder.mkdir()
    txts = sorted(SAMPLES.glob("*.txt"))
    for src in txts:
        shutil.copy(src, folder / src.name)
    shutil.copy(txts[1], folder / "zz_copy.txt")              # found after its original, same size
    seen = []
    outcomes = ingest([folder], tmp_path / "w.duckdb", know=know, workers=1,
                      on_outcome=lambda o: seen.append(o))
    assert [o.path for o in outcomes][:len(txts)] == [str(folder / p.name) for p in txts]   # found order
    read = [o for o in seen if o.status == "loaded"]
    sizes = [(folder / o.path.rsplit("/", 1)[-1]).stat().st_size for o in read]
    assert sizes == sorted(sizes, reverse=True) and len(read) == len(txts)
    copy = next(o for o in seen if o.path.endswith("zz_copy.txt"))
    assert copy.status == "copy" and txts[1].name in copy.reason
