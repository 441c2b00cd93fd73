"""One report counted once: the same report received as .txt, .docx and .pdf, or as a renamed
copy, is one report in every view, with all its files listed as sources."""
from __future__ import annotations

import shutil

import pytest

from normalizers.identity import report_key
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.store import Warehouse

AN_NHON, PLAN = "000_ec612a35660e329c", "004_96ea1283ad5da6cd"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for stem in (AN_NHON, PLAN):
        for ext in (".txt", ".docx", ".pdf"):
            shutil.copy(SAMPLES / f"{stem}{ext}", inbox / f"{stem}{ext}")
    shutil.copy(SAMPLES / f"{AN_NHON}.txt", inbox / "bao-cao-quy-1-ban-sao.txt")    # a renamed copy
    path = tmp_path_factory.mktemp("w") / "w.duckdb"
    assert sorted(o.status for o in ingest([inbox], path)) == ["copy"] + ["loaded"] * 6
    return path


@pytest.fixture()
def con(db):
    with Warehouse(db, read_only=True) as wh:
        yield wh.con


def test_every_file_of_a_report_shares_its_key(con):
    rows = con.execute("SELECT file_name, report_key, is_primary, n_files FROM report_files").fetchall()
    keys = {}
    for name, key, _, n in rows:
        keys.setdefault(key, []).append(name)
    assert sorted(len(v) for v in keys.values()) == [3, 4]
    assert sum(1 for r in rows if r[2]) == 2                      # one primary file per report


def test_ranking_view_lists_the_15_communes_once(con):
    rows = con.execute("SELECT unit_name, rank, score, source_files FROM ranking_tables").fetchall()
    assert len(rows) == 15
    assert len({r[0] for r in rows}) == 15
    assert all(f"{AN_NHON}.pdf" in r[3] and "bao-cao-quy-1-ban-sao.txt" in r[3] for r in rows)


def test_targets_vs_actuals_gives_one_value_per_unit_and_target(con):
    dup = con.execute("""
        SELECT unit_name, indicator_id, target_text, target_sentence, count(*) AS n
        FROM targets_vs_actuals GROUP BY ALL HAVING count(*) > 1""").fetchall()
    assert dup == []
    assert con.execute("SELECT count(*) FROM targets_vs_actuals").fetchone()[0] > 0


def test_unit_comparison_names_every_file_as_a_source(con):
    sources = con.execute("SELECT sources FROM unit_comparison WHERE unit_name = 'thị xã An Nhơn'").fetchall()
    assert sources and all(s[0].count(AN_NHON) == 3 for s in sources)


def test_reports_with_few_numbers_fall_back_on_their_bytes():
    assert report_key(None, [], "abc") == "sha:abc"
