"""The director-ready workbook (issue 11 item 3), read back with openpyxl — a library other than
the one that wrote it — from a warehouse of the seed reports. The Hòa Thuận report (002) is
ingested with the number its draft left blank filled in ("Số: 329/BC-UBND"), as the signed
report carries one, so that its source is named by number and date."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from pipeline.cli import EXIT_OK, main
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.export import by_indicator, document_label, load_labels, rank_of, write_xlsx
from warehouse.store import Warehouse

HOA_THUAN, AN_LAO = "002_442b549b8d9bf7bd.txt", "001_1a63f26e4e35afbc.txt"
NUMBERED = "002_so_329.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    reports = folder / "reports"
    reports.mkdir()
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if path.name == HOA_THUAN:
            assert "Số: /BC-UBND" in text
            (reports / NUMBERED).write_text(text.replace("Số: /BC-UBND", "Số: 329/BC-UBND", 1), encoding="utf-8")
        else:
            (reports / path.name).write_text(text, encoding="utf-8")
    path = folder / "w.duckdb"
    assert {o.status for o in ingest([reports], path)} == {"loaded"}
    return path


def _export(db, tmp_path, *args: str) -> openpyxl.Workbook:
    out = tmp_path / "exports"
    assert main(["export", "--db", str(db), *args, "--out-dir", str(out), "--format", "both"]) == EXIT_OK
    return openpyxl.load_workbook(next(out.glob("*.xlsx")))


def _table(sheet, header_row: int = 3) -> list[dict]:
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=header_row)]
    header = rows[0]
    table = []
    for row in rows[1:]:
        if all(v is None for v in row):
            break
        table.append(dict(zip(header, row)))
    return table


def _rules(sheet) -> list[tuple[str, str, str | None, list]]:
    return sorted((str(cf.sqref), r.type, r.operator, list(r.formula or []))
                  for cf in sheet.conditional_formatting for r in cf.rules)


def test_ranks_share_a_place_on_ties_and_follow_the_direction():
    values = pd.Series([90.0, 80.0, 80.0, 70.0, None])
    assert rank_of(values, "higher").tolist() == [1, 2, 2, 4, pd.NA]
    assert rank_of(values, "lower").tolist() == [4, 2, 2, 1, pd.NA]
    assert rank_of(values, None).isna().all()                   # a plain count has no better side


def test_comparison_is_sorted_by_rank_in_the_latest_period(db, tmp_path):
    sheet = _export(db, tmp_path, "--indicator", "par_index.score")["So sánh"]
    rows = _table(sheet)
    assert [r["Xếp hạng"] for r in rows] == list(range(1, 16))    # An Nhơn's 15 communes
    assert rows[0]["Đơn vị"] == "xã Nhơn Lộc" and rows[0]["2025-Q1"] == 86.25
    scores = [r["2025-Q1"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert "cao hơn là tốt hơn" in sheet["A2"].value


def test_equal_values_share_a_rank_and_units_without_a_latest_value_come_last(db, tmp_path):
    out = tmp_path / "exports"
    book = _export(db, tmp_path, "--indicator", "dossier.in_time_rate")
    rows = _table(book["So sánh"])
    assert [(r["Xếp hạng"], r["Đơn vị"]) for r in rows] == [
        (1, "phường Hoà Thuận"), (1, "thị xã An Nhơn"), (None, "huyện An Lão")]   # An Lão: 2023-H1 only
    with open(out / "dossier.in_time_rate.csv", encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh, delimiter=";"))          # ';' and a decimal comma by default
    assert [(r["Xếp hạng"], r["Đơn vị"], r["2023-H1"], r["2025-Q1"]) for r in lines] == [
        ("1", "phường Hoà Thuận", "", "100,0"), ("1", "thị xã An Nhơn", "", "100,0"),
        ("", "huyện An Lão", "99,9", "")]                          # a rank is "1", never "1,0"


def test_an_indicator_without_a_direction_is_ordered_by_value_and_says_so(db, tmp_path):
    sheet = _export(db, tmp_path, "--indicator", "procedure.count")["So sánh"]
    rows = _table(sheet)
    assert all(r["Xếp hạng"] is None for r in rows)
    latest = [h for h in rows[0] if h and h[:2] == "20"][-1]
    values = [r[latest] for r in rows if r[latest] is not None]
    assert values == sorted(values, reverse=True)
    assert "không xếp hạng" in sheet["A2"].value


def test_below_target_flagged_and_missing_cells_are_native_conditional_formats(db, tmp_path):
    sheet = _export(db, tmp_path, "--indicator", "investment.disbursed")["So sánh"]
    rows = _table(sheet)
    header = list(rows[0])
    an_lao = 4 + [r["Đơn vị"] for r in rows].index("huyện An Lão")
    cell = f"{openpyxl.utils.get_column_letter(header.index('2023-H1') + 1)}{an_lao}"
    rules = _rules(sheet)
    # the 2023 plan of 281.318 triệu đồng, shown in tỷ đồng; An Lão disbursed 71,869 tỷ
    assert (cell, "cellIs", "lessThan", ["281.318"]) in rules
    assert sheet[cell].value == pytest.approx(71.869)
    first = openpyxl.utils.get_column_letter(header.index("2023-H1") + 1)
    last = openpyxl.utils.get_column_letter(header.index("Nguồn"))
    assert (f"{first}4:{last}{3 + len(rows)}", "containsBlanks", None, [f"LEN(TRIM({first}4))=0"]) in rules
    legend = [sheet.cell(row=r, column=2).value for r in range(4 + len(rows), 10 + len(rows))]
    assert "chưa đạt chỉ tiêu được giao" in legend and "không có số liệu" in legend

    flagged = _export(db, tmp_path / "f", "--indicator", "dvcqg_sync.rate")["So sánh"]
    rows = _table(flagged)
    header = list(rows[0])
    hoa_thuan = 4 + [r["Đơn vị"] for r in rows].index("phường Hoà Thuận")
    cell = f"{openpyxl.utils.get_column_letter(header.index('2025-Q1') + 1)}{hoa_thuan}"
    assert any(ref == cell and kind == "notContainsBlanks" for ref, kind, _, _ in _rules(flagged))   # 15,5% vs 5.090/5.370


def test_a_chart_per_comparison_bars_for_the_latest_period_and_lines_across_periods(db, tmp_path):
    one = _export(db, tmp_path, "--indicator", "par_index.score")["So sánh"]
    assert [type(c).__name__ for c in one._charts] == ["BarChart"]
    bars = one._charts[0]
    # the first-ranked unit on top (categories reversed), values growing rightwards from 0
    assert (bars.x_axis.scaling.orientation, bars.y_axis.scaling.orientation) == ("maxMin", "minMax")
    several = _export(db, tmp_path / "s", "--indicator", "dossier.in_time_rate")["So sánh"]
    assert [type(c).__name__ for c in several._charts] == ["BarChart", "LineChart"]
    assert len(several._charts[1].series) == 3                       # a line per unit
    book = _export(db, tmp_path / "p", "--period", "2025-Q1")
    assert book.sheetnames[:3] == ["So sánh", "Xếp hạng", "Biểu đồ"]
    assert len(book["Biểu đồ"]._charts) >= 10                       # a chart per indicator with values
    ranking = _table(book["Xếp hạng"])
    par = [r for r in ranking if r["Chỉ tiêu"] == "Chỉ số cải cách hành chính (PAR INDEX)"]
    assert [r["Xếp hạng"] for r in par] == list(range(1, 16)) and par[0]["Đơn vị"] == "xã Nhơn Lộc"


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_its_header_row(db, tmp_path):
    book = _export(db, tmp_path, "--period", "2025-Q1")
    for sheet in book:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert "Các chỉ tiêu kỳ 2025-Q1" in sheet.oddHeader.center.text
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
        if sheet.title != "Biểu đồ":
            assert sheet.print_title_rows in ("$3:$3", "$1:$1"), sheet.title
    assert book["So sánh"].print_title_rows == "$3:$3"


def test_sources_are_named_by_document_number_and_date_with_the_files_in_a_note(db, tmp_path):
    sheet = _export(db, tmp_path, "--indicator", "data_reuse.rate")["So sánh"]
    rows = _table(sheet)
    header = list(rows[0])
    row = 4 + [r["Đơn vị"] for r in rows].index("phường Hoà Thuận")
    cell = sheet.cell(row=row, column=header.index("Nguồn") + 1)
    assert cell.value == "2025-Q1: BC 329/BC-UBND ngày 15/03/2025"
    assert NUMBERED in cell.comment.text
    # a draft without a number is named by its files
    sheet = _export(db, tmp_path / "d", "--indicator", "dossier.in_time_rate")["So sánh"]
    an_lao = next(r for r in _table(sheet) if r["Đơn vị"] == "huyện An Lão")
    assert an_lao["Nguồn"] == f"2023-H1: {AN_LAO}"


def test_document_labels_use_the_short_code_of_their_type():
    labels = load_labels()
    assert document_label("báo cáo", "329", "BC-UBND", pd.Timestamp("2025-12-19"), labels) == "BC 329/BC-UBND ngày 19/12/2025"
    assert document_label("tờ trình", "283", "TTr-SNV", None, labels) == "TTr 283/TTr-SNV"
    assert document_label("quyết định", "12", None, None, labels) == "QĐ 12"
    assert document_label("báo cáo", "", "BC-UBND", pd.Timestamp("2025-03-15"), labels) is None   # a draft
    assert document_label(None, "5", "CV-UBND", None, labels) == "5/CV-UBND"


def test_unit_codes_are_text_cells(db, tmp_path):
    sheet = _export(db, tmp_path, "--indicator", "par_index.score")["So sánh"]
    codes = [sheet.cell(row=4 + k, column=4) for k in range(len(_table(sheet)))]
    assert codes[0].value == "2008:52.549.21940" and all(c.data_type == "s" for c in codes)


def test_money_is_shown_in_the_indicators_display_unit(db, tmp_path):
    book = _export(db, tmp_path, "--indicator", "investment.disbursed")
    assert book["So sánh"]["A1"].value == "Giải ngân vốn đầu tư công (tỷ đồng)"
    facts = _table(book["Dữ liệu"], header_row=1)
    assert {r["Đơn vị tính"] for r in facts} == {"tỷ đồng"}
    actual = next(r for r in facts if r["Loại số liệu"] == "thực hiện" and r["Đơn vị"] == "huyện An Lão")
    assert actual["Giá trị"] == pytest.approx(71.869) and actual["Số liệu gốc"] == "71.869"   # as written: "71.869 triệu đồng"


def test_the_catalog_sheet_gives_each_indicators_meaning_in_vietnamese(db, tmp_path):
    rows = _table(_export(db, tmp_path, "--indicator", "dossier.in_time_rate")["Chỉ tiêu"], header_row=1)
    assert rows[0]["Ý nghĩa"].startswith("Tỷ lệ phần trăm hồ sơ giải quyết trước hạn và đúng hạn")
    assert rows[0]["Chiều so sánh"] == "cao hơn là tốt hơn"


def test_every_indicator_shipped_has_a_vietnamese_meaning():
    from normalizers.indicators import load_indicator_rules
    for ind in load_indicator_rules().indicators:
        assert ind.meaning_vi and ind.meaning_vi != ind.label and ind.meaning_vi != ind.meaning, ind.id
        assert any(ch in ind.meaning_vi for ch in "ảạăâđêôơưốồớờứừ"), ind.id        # Vietnamese, not English
    money = [i for i in load_indicator_rules().indicators if i.kind == "money"]
    assert money and all(i.display_unit in load_labels().money_units for i in money)


def test_a_warehouse_made_before_the_meanings_gains_them_on_export(db, tmp_path):
    import shutil
    old = tmp_path / "old.duckdb"
    shutil.copy(db, old)
    with Warehouse(old) as wh:
        wh.con.execute("UPDATE indicators SET meaning_vi = NULL")
        wh.con.execute("UPDATE warehouse_meta SET value = 'older' WHERE key = 'views'")
    rows = _table(_export(old, tmp_path, "--indicator", "sipas.rate")["Chỉ tiêu"], header_row=1)
    assert rows[0]["Ý nghĩa"].startswith("Chỉ số hài lòng")


def test_an_export_without_layout_still_writes(db, tmp_path):
    """An Export made by hand (as scripts do) has a default layout: no colours, no chart."""
    with Warehouse(db) as wh:
        export = by_indicator(wh.con, "sipas.rate")
    bare = type(export)(export.name, export.title, export.comparison, export.facts, export.flags, export.indicators)
    write_xlsx(bare, tmp_path / "bare.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "bare.xlsx")["So sánh"]
    assert sheet["A1"].value == export.title and not sheet._charts


def test_an_output_folder_that_cannot_be_made_is_said_in_words(db, tmp_path, capsys):
    from pipeline.cli import EXIT_CANNOT_RUN
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    assert main(["export", "--db", str(db), "--indicator", "sipas.rate", "--out-dir", str(blocker)]) == EXIT_CANNOT_RUN
    assert "cannot write" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--parquet", str(blocker / "lake")]) == EXIT_CANNOT_RUN
    assert "cannot create" in capsys.readouterr().err


@pytest.mark.parametrize("text, kept", [
    ("2008:58", True), ("3.1.1", True), ("01", True), ("12/63", True), ("1.234,5", True),
    ("thị xã An Nhơn", False), ("BC 329/BC-UBND", False), ("", False), ("=1+1", False)])
def test_text_that_excel_would_turn_into_a_number_or_time_stays_text(text, kept):
    from warehouse.export import keep_as_text
    assert (keep_as_text(text) == f'="{text}"') is kept
    assert keep_as_text(2.5) == 2.5
