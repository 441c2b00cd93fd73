"""`cchc ingest … --report out.xlsx | out.html` (issue 11 item 6): every file of the run with its
unit, document, period, facts, flags and outcome, and why a file failed — on the seed reports plus
a text file named .pdf (whose name also carries HTML markup, which the page must escape)."""
from __future__ import annotations

import shutil

import openpyxl
import pytest

from pipeline.cli import EXIT_CANNOT_RUN, EXIT_SOME_FAILED, main
from tests.conftest import SAMPLES

BAD = "bad<b>.pdf"
NOT_A_PDF = "named .pdf but the content is not a PDF (no %PDF header)"


@pytest.fixture()
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / BAD).write_text("Báo cáo kết quả công tác cải cách hành chính, không phải PDF.", encoding="utf-8")
    return folder


def _rows(path) -> list[dict]:
    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    return [dict(zip(values[0], row)) for row in values[1:]]


def test_the_xlsx_report_lists_every_file_of_the_run_with_its_outcome(inbox, tmp_path):
    db, report = tmp_path / "w.duckdb", tmp_path / "ket_qua.xlsx"
    assert main(["ingest", str(inbox), "--db", str(db), "--report", str(report), "-q"]) == EXIT_SOME_FAILED
    rows = {r["Tệp"].rsplit("/", 1)[-1]: r for r in _rows(report)}
    assert len(rows) == 6
    hoa_thuan = rows["002_442b549b8d9bf7bd.txt"]
    assert (hoa_thuan["Kết quả"], hoa_thuan["Đơn vị báo cáo"], hoa_thuan["Kỳ báo cáo"]) == (
        "đã nạp", "phường Hoà Thuận", "2025-Q1")
    assert hoa_thuan["Văn bản"] == "báo cáo (chưa có số)"          # a draft: "Số: /BC-UBND"
    assert hoa_thuan["Số liệu"] > 100 and hoa_thuan["Cảnh báo số liệu"] == 5   # 15,5% vs 5.090/5.370, ...
    assert rows["004_96ea1283ad5da6cd.txt"]["Văn bản"] == "kế hoạch (chưa có số)"
    bad = rows[BAD]
    assert bad["Kết quả"] == "lỗi" and bad["Lý do / ghi chú"] == NOT_A_PDF
    assert bad["Đơn vị báo cáo"] is None and bad["Số liệu"] is None
    sheet = openpyxl.load_workbook(report).active
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"


def test_the_html_report_of_a_second_run_is_escaped_and_in_vietnamese(inbox, tmp_path):
    db, report = tmp_path / "w.duckdb", tmp_path / "ket_qua.html"
    main(["ingest", str(inbox), "--db", str(db), "-q"])
    (inbox / "001_1a63f26e4e35afbc.txt").unlink()                   # a report taken out of the folder
    assert main(["ingest", str(inbox), "--db", str(db), "--report", str(report), "-q"]) == EXIT_SOME_FAILED
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page and "<script" not in page
    assert "<th>Kết quả</th>" in page and "<th>Đơn vị báo cáo</th>" in page and "<th>Lý do / ghi chú</th>" in page
    assert "bad&lt;b&gt;.pdf" in page and "<b>" not in page        # a file name is text, never markup
    rows = [line for line in page.splitlines() if line.startswith("<tr class=")]
    assert len(rows) == 6
    assert sum('<tr class="unchanged">' in r and "không thay đổi" in r for r in rows) == 4
    failed = next(r for r in rows if r.startswith('<tr class="failed">'))
    assert "named .pdf but the content is not a PDF (no %PDF header)" in failed
    gone = next(r for r in rows if r.startswith('<tr class="missing">'))
    assert "001_1a63f26e4e35afbc.txt" in gone and "huyện An Lão" in gone and "không còn trong thư mục" in gone
    hoa_thuan = next(r for r in rows if "002_442b549b8d9bf7bd.txt" in r)
    assert '<td class="n">114</td>' in hoa_thuan                    # unchanged: the facts it holds


def test_a_report_it_cannot_write_is_refused_before_the_run(inbox, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--report", str(tmp_path / "out.pdf")]) == EXIT_CANNOT_RUN
    assert ".xlsx or .html" in capsys.readouterr().err
    assert main(["ingest", str(inbox), "--db", str(db), "--report", str(tmp_path / "no" / "r.html")]) == EXIT_CANNOT_RUN
    assert "no such folder" in capsys.readouterr().err
    assert not db.exists()                                          # nothing was ingested
