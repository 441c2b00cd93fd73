"""The analyst views in sql/ on the five seed reports (what issue 4 promises, read off the
reports by hand), and the export that turns them into spreadsheets."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from pipeline.cli import EXIT_CANNOT_RUN, EXIT_OK, main
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.export import by_indicator, neutralise, write_csv, write_xlsx
from warehouse.store import SQL_DIR, Warehouse

AN_NHON, AN_LAO, HOA_THUAN = "000_ec612a35660e329c.txt", "001_1a63f26e4e35afbc.txt", "002_442b549b8d9bf7bd.txt"
PLAN = "004_96ea1283ad5da6cd.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("views") / "w.duckdb"
    outcomes = ingest(sorted(SAMPLES.glob("*.txt")), path)
    assert {o.status for o in outcomes} == {"loaded"}
    return path


@pytest.fixture()
def con(db):
    with Warehouse(db) as wh:
        yield wh.con


def test_every_view_file_is_documented_with_an_example_query():
    readme = (SQL_DIR.parent / "README.md").read_text(encoding="utf-8")
    for sql in sorted(SQL_DIR.glob("*.sql")):
        if sql.name == "schema.sql":
            continue
        head = sql.read_text(encoding="utf-8").split("CREATE", 1)[0]
        assert "SELECT" in head, f"{sql.name}: no example query in its header comment"
        assert f"sql/{sql.name}" in readme, f"{sql.name} is not described in the README"


def test_an_nhon_ranking_table_gives_15_communes_with_score_and_rank(con):
    rows = con.execute("""SELECT rank, unit_name, unit_level, score, units_ranked, rank_indicator, score_indicator
                          FROM ranking_tables WHERE source_file = ? ORDER BY rank""", [AN_NHON]).fetchall()
    assert len(rows) == 15 and [r[0] for r in rows] == list(range(1, 16))
    assert {r[2] for r in rows} == {"commune"} and {r[4] for r in rows} == {15}
    assert {(r[5], r[6]) for r in rows} == {("par_index.rank", "par_index.score")}
    assert rows[0][1:4:2] == ("xã Nhơn Lộc", 86.25) and rows[7][1:4:2] == ("xã Nhơn Hậu", 83.3)
    assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)    # the table is in score order


def test_unit_comparison_ranks_units_by_the_indicators_direction(con):
    rows = con.execute("""SELECT unit_name, indicator_value, rank_in_period, units_in_period FROM unit_comparison
                          WHERE indicator_id = 'par_index.rank' AND period_label = '2025-Q1'
                          ORDER BY rank_in_period""").fetchall()
    assert rows[0][:3] == ("xã Nhơn Lộc", 1, 1) and rows[-1][2] == 15      # rank 1 is best ("better = lower")


def test_indicator_facts_carry_provenance(con):
    row = con.execute("""SELECT unit_name, period_label, indicator_value, source_file, char_start, char_end, sentence
                         FROM indicator_facts WHERE indicator_id = 'payment.online_rate' AND source_file = ?""",
                      [AN_NHON]).fetchone()
    text = con.execute("SELECT text FROM documents WHERE file_name = ?", [AN_NHON]).fetchone()[0]
    assert row[:4] == ("thị xã An Nhơn", "2025-Q1", 82.6, AN_NHON)
    assert text[row[4]:row[5]] == "82,6%" and "thanh toán trực tuyến" in row[6]


def test_unmapped_facts_are_kept_in_indicator_facts(con):
    n_facts, n_rows, n_unmapped = con.execute("""
        SELECT (SELECT count(*) FROM facts), count(DISTINCT fact_id), count(*) FILTER (WHERE indicator_id IS NULL)
        FROM indicator_facts""").fetchone()
    assert n_rows == n_facts and n_unmapped > 0


def test_unit_trend_gives_the_change_between_periods(con):
    rows = con.execute("""SELECT period_label, indicator_value, previous_period, change FROM unit_trend
                          WHERE indicator_id = 'sipas.rate' ORDER BY period_end""").fetchall()
    assert rows == [("2022", 96.0, None, None), ("2023", 98.34, "2022", 2.34)]


def test_nhon_hau_plan_targets_stand_next_to_actuals(con):
    rows = con.execute("""SELECT indicator_id, comparator, target_value, actual_value, met FROM targets_vs_actuals
                          WHERE plan_file = ? AND indicator_id IS NOT NULL""", [PLAN]).fetchall()
    assert {r[0] for r in rows} >= {"dossier.online_rate", "payment.online_rate", "digitization.rate",
                                    "e_result.rate", "data_reuse.rate", "satisfaction.rate", "dossier.in_time_rate"}
    assert ("satisfaction.rate", ">=", 95.0, None, None) in rows
    assert all(r[3] is None for r in rows)          # no report gives Nhơn Hậu's 2025 results for these
    units = con.execute("SELECT DISTINCT unit_name, year FROM targets_vs_actuals WHERE plan_file = ?", [PLAN]).fetchall()
    assert units == [("xã Nhơn Hậu", 2025)]
    unmapped = con.execute("SELECT count(*) FROM targets_vs_actuals WHERE plan_file = ? AND indicator_id IS NULL",
                           [PLAN]).fetchone()[0]
    assert unmapped > 0                              # every target of the plan is listed


def test_targets_meet_actuals_of_the_same_unit_and_year(con):
    rows = con.execute("""SELECT year, comparator, target_value, actual_value, actual_period, met
                          FROM targets_vs_actuals WHERE indicator_id = 'sipas.rate' ORDER BY year""").fetchall()
    assert rows == [(2022, ">=", 95.0, 96.0, "2022", True), (2023, ">=", 95.0, 98.34, "2023", True)]


def test_flags_show_hoa_thuan_percents_and_an_lao_parts(con):
    flags = con.execute("""SELECT check_name, value_text, other_text, source_files FROM quality_flags""").fetchall()
    assert ("restated_percent", "15,5%", "5.090/5.370", HOA_THUAN) in flags
    assert ("restated_percent", "100%", "2,8/18", HOA_THUAN) in flags
    assert ("parts_vs_total", "9.737", "9.636 + 7 + 101", AN_LAO) in flags
    (message,) = con.execute("SELECT message FROM quality_flags WHERE value_text = '9.737'").fetchone()
    assert "9.744" in message


def test_conflicting_values_across_reports(tmp_path):
    """Two reports of one unit and period that disagree; a report that relates its own numbers does not."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    head = "UBND HUYỆN AN LÃO\n\nBÁO CÁO\n\nKết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2023\n\n"
    a.write_text(head + "Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 99,9%.\n", encoding="utf-8")
    b.write_text(head + "Tỷ lệ hồ sơ giải quyết trước và đúng hạn đạt 97,2%.\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    ingest([a, b], db)
    with Warehouse(db) as wh:
        rows = wh.con.execute("""SELECT value_text, other_text, source_files FROM quality_flags
                                 WHERE check_name = 'conflicting_values'""").fetchall()
    assert rows == [("97,2%", "99,9%", "b.txt; a.txt")]


def test_export_by_indicator_lists_every_reporting_unit(db, tmp_path, capsys):
    out = tmp_path / "exports"
    assert main(["export", "--db", str(db), "--indicator", "dossier.in_time_rate", "--out-dir", str(out)]) == EXIT_OK
    with open(out / "dossier.in_time_rate.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))                 # Vietnamese Excel's CSV by default
    assert sorted((r["Đơn vị"], r["2023-H1"], r["2025-Q1"]) for r in rows) == [
        ("huyện An Lão", "99,9", ""), ("phường Hoà Thuận", "", "100,0"), ("thị xã An Nhơn", "", "100,0")]
    by_unit = {r["Đơn vị"]: r for r in rows}
    # Hòa Thuận states no rate: 221 resolved, 219 early + 02 on time, derived and said so
    assert by_unit["phường Hoà Thuận"]["Nguồn"] == f"2025-Q1: suy ra: {HOA_THUAN}"
    assert by_unit["huyện An Lão"]["Nguồn"] == f"2023-H1: {AN_LAO}" and by_unit["huyện An Lão"]["Cấp"] == "cấp huyện"
    # a unit code Excel would open as a time (2008 h 52 min) is written as a text formula
    assert by_unit["huyện An Lão"]["Mã đơn vị"] == '="2008:52.542"'

    book = openpyxl.load_workbook(out / "dossier.in_time_rate.xlsx")     # a reader other than the writer
    assert book.sheetnames == ["So sánh", "Dữ liệu", "Cảnh báo", "Chỉ tiêu"]
    sheet = book["So sánh"]
    assert sheet["A1"].value == "Tỷ lệ hồ sơ giải quyết trước và đúng hạn (%)"
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert values[0][:6] == ["Xếp hạng", "Đơn vị", "Cấp", "Mã đơn vị", "2023-H1", "2025-Q1"]
    assert values[1][:2] == [1, "phường Hoà Thuận"]                      # by rank in the latest period
    assert values[3][:6] == [None, "huyện An Lão", "cấp huyện", "2008:52.542", 99.9, None]   # no 2025-Q1 value
    facts = [[c.value for c in row] for row in book["Dữ liệu"].iter_rows()]
    header = facts[0]
    target = next(r for r in facts[1:] if r[header.index("Loại số liệu")] == "chỉ tiêu")
    assert target[header.index("Đơn vị")] == "xã Nhơn Hậu" and target[header.index("Tệp nguồn")] == PLAN
    assert target[header.index("Câu trích")].startswith("Mức độ hài lòng") is False   # its own sentence, not a neighbour's
    assert "tỷ lệ hồ sơ thủ tục hành chính" in target[header.index("Câu trích")]


def test_export_by_period_puts_indicators_across(db, tmp_path):
    out = tmp_path / "exports"
    # the default CSV is what Excel opens under a Vietnamese locale: ';' and a decimal comma
    assert main(["export", "--db", str(db), "--period", "2025-Q1", "--out-dir", str(out), "--format", "csv"]) == EXIT_OK
    with open(out / "ky_2025-Q1.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    hoa_thuan = next(r for r in rows if r["Đơn vị"] == "phường Hoà Thuận")
    assert hoa_thuan["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa (%)"] == "92,31"
    nhon_loc = next(r for r in rows if r["Đơn vị"] == "xã Nhơn Lộc")
    assert nhon_loc["Chỉ số cải cách hành chính (PAR INDEX) (điểm)"] == "86,25"


def test_export_refuses_what_it_cannot_do(db, tmp_path, capsys):
    assert main(["export", "--db", str(db), "--indicator", "no.such"]) == EXIT_CANNOT_RUN
    assert "unknown indicator 'no.such'" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), "--indicator", "sipas.rate"]) == EXIT_CANNOT_RUN
    assert "run `make ingest`" in capsys.readouterr().err
    assert main(["export", "--db", str(db)]) == EXIT_CANNOT_RUN


def test_formula_like_cells_are_neutralised(db, tmp_path):
    with Warehouse(db) as wh:
        export = by_indicator(wh.con, "data_reuse.rate")
    extra = export.facts.head(2).copy()
    extra["Câu trích"] = ['=HYPERLINK("http://x","bấm")', "@SUM(A1)"]
    risky = pd.concat([extra, export.facts], ignore_index=True)
    export = type(export)(export.name, export.title, export.comparison, risky, export.flags, export.indicators)
    write_xlsx(export, tmp_path / "x.xlsx")
    write_csv(risky, tmp_path / "x.csv")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Dữ liệu"]
    col = [c.value for c in sheet[1]].index("Câu trích") + 1
    cell = sheet.cell(row=2, column=col)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value.startswith("=HYPERLINK")
    plus = [sheet.cell(row=r, column=col) for r in range(2, sheet.max_row + 1)
            if str(sheet.cell(row=r, column=col).value).startswith("+")]
    assert plus and all(c.quotePrefix and c.data_type == "s" for c in plus)   # "+ Tỷ lệ khai thác ..." bullets
    with open(tmp_path / "x.csv", encoding="utf-8-sig", newline="") as fh:
        quotes = [r["Câu trích"] for r in csv.DictReader(fh)]
    assert quotes[0] == "'=HYPERLINK(\"http://x\",\"bấm\")" and quotes[1] == "'@SUM(A1)"
    assert all(not q.startswith(("=", "+", "-", "@")) for q in quotes)
    assert neutralise(-5) == -5 and neutralise("Đạt 100%") == "Đạt 100%"


def test_ranking_tables_pairs_rank_and_score_of_the_same_unit_in_side_by_side_groups(tmp_path):
    """A real report that ranks three provinces side by side (a column group each: "Lâm Đồng |
    Điểm số", "Lâm Đồng | Thứ hạng", ...): each rank is paired with its own province's score."""
    indices = SAMPLES.parent / "tests" / "data" / "real" / "ld_2025_bc_cac_chiso_tinh_0611.docx"
    path = tmp_path / "w.duckdb"
    assert {o.status for o in ingest([indices], path)} == {"loaded"}
    with Warehouse(path) as wh:
        rows = wh.con.execute("""SELECT unit_name, rank, rank_of, score, score_max FROM ranking_tables
                                 WHERE table_index = 1 AND table_row = 10 ORDER BY unit_name""").fetchall()
    assert rows == [("tỉnh Bình Thuận", 34, 63, 88.3, 100), ("tỉnh Lâm Đồng", 62, 63, 83.1, 100),
                    ("tỉnh Đắk Nông", 50, 63, 86.6, 100)]


def test_export_reads_while_another_process_reads_the_warehouse(db, tmp_path):
    """A reader (an analyst's DuckDB shell, a notebook) holds the warehouse open read-only: the
    export, itself a reader, opens it read-only too instead of being refused."""
    import subprocess
    import sys
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1], read_only=True); "
                               "print('open', flush=True); sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        done = subprocess.run([sys.executable, "-m", "pipeline.cli", "export", "--db", str(db), "--indicator",
                               "dossier.in_time_rate", "--out-dir", str(tmp_path / "exports")],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    finally:
        holder.stdin.close()
        holder.wait()


def test_export_csv_with_a_decimal_point_on_request(db, tmp_path):
    out = tmp_path / "exports"
    assert main(["export", "--db", str(db), "--period", "2025-Q1", "--out-dir", str(out), "--format", "csv",
                 "--decimal-point"]) == EXIT_OK
    with open(out / "ky_2025-Q1.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=","))
    hoa_thuan = next(r for r in rows if r["Đơn vị"] == "phường Hoà Thuận")
    assert hoa_thuan["Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa (%)"] == "92.31"
    assert all(not r["Mã đơn vị"].startswith("=") for r in rows)      # for programs: cells as they are
