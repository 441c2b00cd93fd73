"""Tables read by their headers, on real documents: the column header decides a cell's kind
(and scale), the row label its entity; multi-row and merged headers become header paths;
summary rows belong to the set the table ranks. Examples are real header and label texts
(origin in each section); the Word files are copies in tests/data/real (see its README)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.document import BlockKind
from extractors.registry import extract
from extractors.text_layout import Cell, TableAssembler
from normalizers.documents import DocumentMeta
from normalizers.facts import facts_in_text
from normalizers.periods import Period
from normalizers.tables import label_entity, load_table_rules
from normalizers.units import Gazetteer
from pipeline.facts import Knowledge, facts_of_text, facts_with_context
from pipeline.ingest import ingest
from warehouse.store import Warehouse

REAL = Path(__file__).resolve().parent / "data" / "real"
DECISION = REAL / "ld_2025_qd_congbo_chiso_cchc_done.docx"
INDICES = REAL / "ld_2025_bc_cac_chiso_tinh_0611.docx"
SET766 = REAL / "ld_2025_ttpvhcc_bc_bochiso766_11.docx"


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return Knowledge.load()


# --- header -> kind -----------------------------------------------------------------------
# (header path, cell, expected (kind, value, denominator) or None when the cell is no fact)
HEADER_KINDS = [
    # ld_2025_bc_cac_chiso_tinh_0611.docx: a column group per province over score, index, rank
    ("Lâm Đồng | Điểm số", "9,49/ 9,5", ("score", 9.49, 9.5)),
    ("Lâm Đồng | Thứ hạng", "12/63", ("rank", 12, 63)),
    ("Bình Thuận | Chỉ số", "99,2%", ("percent", 99.2, None)),
    ("Đắk Nông | Điểm số", "83,1/ 100", ("score", 83.1, 100)),
    # ld_2025_qd_congbo_chiso_cchc_done.docx: the Chỉ số CCHC decision
    ("Thứ hạng", "1", ("rank", 1, None)),
    ("Điểm đạt được", "82,78", ("score", 82.78, None)),
    ("Điểm chuẩn tối đa", "89,00", None),           # the scale of the row's points, not a result
    ("Chỉ số chung", "93,01%", ("percent", 93.01, None)),
    # ld_2025_bc_tudanhgia_parindex_cap_tinh.docx: criteria with benchmark and self-assessed points
    ("Điểm chuẩn", "1.50", None),
    ("Điểm tự đánh giá", "1.50", ("score", 1.5, None)),
    # ld_2025_ttpvhcc_bc_bochiso766_11.docx: a rate and points per unit and criterion
    ("Tỷ lệ  thực hiện %", "80,18", ("percent", 80.18, None)),
    ("Điểm đạt (tối đa 18 điểm)", "14,43", ("score", 14.43, None)),
    ("Tổng điểm (22 điểm) | Tỷ lệ (%)", "90.91", ("percent", 90.91, None)),
    ("Tổng điểm (22 điểm) | Điểm đánh giá", "20", ("score", 20, None)),
    ("Điểm đạt (tối đa 18 điểm)", "Điểm đạt (tối đa 18 điểm)", None),   # the header cell itself
    # ld_2026q1_bc_cchc_quy1_2026.docx: the Bộ Nội vụ statistics form
    ("Kết quả thống kê | Đơn vị tính", "Có = 1; Không = 0", None),
    ("STT", "3.1.1", None),
    # seed 000 (An Nhơn): a bare index under "Chỉ số CCHC (%)" is a score
    ("Chỉ số CCHC (%)", "86,25", ("score", 86.25, None)),
    ("Xếp hạng", "15", ("rank", 15, None)),
]


@pytest.mark.parametrize("header,cell,expected", HEADER_KINDS)
def test_the_column_header_decides_the_kind(rules, header, cell, expected):
    facts = facts_in_text(cell, rules, header=header)
    got = [(f.kind, f.value, f.denominator) for f in facts]
    assert got == ([] if expected is None else [(expected[0], pytest.approx(expected[1]),
                                                  None if expected[2] is None else pytest.approx(expected[2]))])


# --- the row's "Đơn vị tính" gives the unit of its value cells ------------------------------
# ld_2026q1_bc_cchc_quy1_2026.docx, Biểu mẫu 1, 2, 6 (typed as a .txt table)
UNIT_TABLE = (
    "STT\tChỉ tiêu thống kê\tĐơn vị tính\tSố liệu\n"
    "2\tTỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)\t%\t22,45\n"
    "2.1\tSố nhiệm vụ đề ra trong kế hoạch\tNhiệm vụ\t49\n"
    "1.1\tKế hoạch được giao\tTriệu đồng\t13.203.300\n"
    "3.4\tTỷ lệ % đã tinh giản so với năm 2015\t%\t0\n"
    "5.1\tSố lượng phiếu khảo sát\tSố lượng\t9.458\n"
    "5\tKhảo sát sự hài lòng của người dân, tổ chức\tCó = 1; Không = 0\t1\n"
)


def test_the_unit_column_gives_the_rows_numbers_their_unit(know):
    facts = [(f.kind, f.value, f.unit) for f in facts_of_text(UNIT_TABLE, know).facts]
    assert facts == [("percent", 22.45, "%"), ("count", 49, "nhiệm vụ"), ("money", 13_203_300e6, "VND"),
                     ("percent", 0, "%"), ("count", 9458, "")]   # no 2015% from the label, no coded answer


# --- row label -> entity ----------------------------------------------------------------------
META_2025 = DocumentMeta(province="Lâm Đồng", period=Period.year(2025))
LABEL_ENTITIES = [
    # ld_2025_qd_congbo_chiso_cchc_done.docx: kinds of body, communes of the 2025 map
    ("Sở Tư pháp", "Sở Tư pháp"),
    ("Ban Quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp"),
    ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Thanh tra tỉnh", "Thanh tra tỉnh"),
    ("UBND phường 1 Bảo Lộc", "phường 1 Bảo Lộc"),
    ("UBND xã D’Ran", "xã D'Ran"),
    ("UBND xã Sơn Điền", "xã Sơn Điền"),
    # ld_2026q1_bc_cchc_quy1_2026.docx: a body of the text, levels a statistics row is about
    ("Ban Quản lý Vườn Quốc gia Bidoup - Núi Bà", "Ban Quản lý Vườn Quốc gia Bidoup - Núi Bà"),
    ("Số VBQPPL do cấp tỉnh ban hành", "cấp tỉnh"),
    ("Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn", "cấp tỉnh"),
    ("Số ĐVSNCL thuộc UBND cấp xã", "cấp xã"),
    ("Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND tỉnh.", "cấp xã"),
    ("Số UBND cấp xã đã kiểm tra", None),            # what is counted, not whose number
    ("Số lãnh đạo cấp tỉnh bị kỷ luật.", None),      # a qualifier
    ("Số lãnh đạo cấp phòng thuộc sở, ngành và UBND cấp xã bị kỷ luật.", None),   # two levels
    ("Tỷ lệ sử dụng văn bản điện tử của các sở, ban, ngành cấp tỉnh", "cấp tỉnh"),
    ("Số TTHC cấp tỉnh", "cấp tỉnh"),                # the procedures of a level
    ("Số TTHC cấp xã", "cấp xã"),
    # ld_2025_bc_cac_chiso_tinh_0611.docx: provinces by bare name (column groups), components
    ("Bình Thuận", "tỉnh Bình Thuận"),
    ("Công tác chỉ đạo, điều hành", None),
    ("Chỉ số cao nhất", None),                       # a summary row: the table's set (below)
]


@pytest.mark.parametrize("label,entity", LABEL_ENTITIES)
def test_the_row_label_gives_the_entity(label, entity):
    found = label_entity(label, Gazetteer.load(), META_2025, load_table_rules())
    assert (found[0] if found else None) == entity


@pytest.mark.parametrize("label,entity", [
    # ld_2026q1_bc_cchc_quy1_2026.docx (a province's report): the committee of its own level is
    # the province, the committees of the level below are that level
    ("Số lượng các ban quản lý trực thuộc UBND cấp tỉnh", "tỉnh Lâm Đồng"),
    ("Số ĐVSNCL thuộc UBND cấp xã", "cấp xã"),
    ("Số VBQPPL do cấp tỉnh ban hành", "cấp tỉnh"),
])
def test_the_own_levels_committee_is_the_reporting_unit(label, entity):
    gaz = Gazetteer.load()
    province = gaz.resolve("tỉnh Lâm Đồng", era="2025")
    meta = DocumentMeta(province="Lâm Đồng", period=Period.year(2026), unit=province, province_unit=province)
    found = label_entity(label, gaz, meta, load_table_rules())
    assert (found[0] if found else None) == entity


def test_communes_of_a_2025_table_resolve_in_the_new_map():
    name, unit = label_entity("UBND xã Sơn Điền", Gazetteer.load(), META_2025, load_table_rules())
    assert unit is not None and unit.era == "2025" and unit.level == "commune"


# --- multi-row and merged headers ---------------------------------------------------------------
def test_a_header_over_two_rows_gives_each_column_its_path():
    t = TableAssembler()        # ld_2025_bc_cac_chiso_tinh_0611.docx, table 2, as Word lays it out
    t.add_row([Cell("STT", 0), Cell("Nội dung", 1), Cell("Lâm Đồng", 2, 3), Cell("Đắk Nông", 5, 3)],
              continues=False, header=True)
    t.add_row([Cell("", 0, merged=True), Cell("", 1, merged=True), Cell("Điểm số", 2), Cell("Chỉ số", 3),
               Cell("Thứ hạng", 4), Cell("Điểm số", 5), Cell("Chỉ số", 6), Cell("Thứ hạng", 7)],
              continues=True, header=True)
    _, row, headers, cols = t.add_row(["1", "Công tác chỉ đạo, điều hành", "9,49/ 9,5", "99,9%", "12/63",
                                       "9,45/ 9,5", "99,5%", "22/63"], continues=True)
    assert row == 2 and headers == ["STT", "Nội dung", "Lâm Đồng | Điểm số", "Lâm Đồng | Chỉ số",
                                    "Lâm Đồng | Thứ hạng", "Đắk Nông | Điểm số", "Đắk Nông | Chỉ số",
                                    "Đắk Nông | Thứ hạng"]


def test_a_second_header_row_repeating_stt_continues_the_header():
    t = TableAssembler()        # ld_2025_ttpvhcc_bc_bochiso766_11.docx: "STT" typed again below
    t.add_row(["STT", "ĐƠN VỊ", "Tổng điểm (22 điểm)", ""], continues=False)
    _, _, headers, _ = t.add_row(["STT", "ĐƠN VỊ", "Tỷ lệ (%)", "Điểm đánh giá"], continues=True)
    # the empty top cell is the group header's span, as text and PDF layouts print a merged cell
    assert headers == ["STT", "ĐƠN VỊ", "Tổng điểm (22 điểm) | Tỷ lệ (%)", "Tổng điểm (22 điểm) | Điểm đánh giá"]


def test_a_pdf_header_group_spans_the_empty_cells_to_its_right():
    t = TableAssembler()        # ld_2025_bc_cac_chiso_tinh_0611_signed.pdf as pdfplumber gives it
    t.add_row(["STT", "Nội dung", "Lâm Đồng", "", "", "Đắk Nông", "", ""], continues=False)
    _, _, headers, _ = t.add_row(["", "", "Điểm số", "Chỉ số", "Thứ hạng", "Điểm số", "Chỉ số", "Thứ hạng"],
                                 continues=True)
    assert headers[2:] == ["Lâm Đồng | Điểm số", "Lâm Đồng | Chỉ số", "Lâm Đồng | Thứ hạng",
                           "Đắk Nông | Điểm số", "Đắk Nông | Chỉ số", "Đắk Nông | Thứ hạng"]


def test_a_box_of_body_text_is_not_a_header_row():
    t = TableAssembler()        # ld_2026q1_bc_cchc_quy1_2026.docx keeps a paragraph in a 1-row table
    text = ("Mạng truyền dẫn cáp quang, mạng viễn thông nông thôn đã phát triển đến 100% các xã, phường, "
            "đặc khu trong tỉnh. Đến nay toàn tỉnh có 5.887 trạm BTS 4G và 1.099 trạm 5G, 100% khu dân cư")
    assert t.add_row(["", text], continues=False)[2] == [None, None]


def test_word_tables_are_read_on_their_grid():
    doc = extract(INDICES)
    cells = {doc.block_text(b): b for b in doc.blocks if b.kind is BlockKind.TABLE_CELL}
    assert cells["9,49/ 9,5"].header == "Lâm Đồng | Điểm số"
    assert cells["12/63"].header == "Lâm Đồng | Thứ hạng"
    assert cells["88,3/ 100"].header == "Bình Thuận | Điểm số"       # merged over an uneven grid
    decision = extract(DECISION)
    summary = [b for b in decision.blocks if b.kind is BlockKind.TABLE_CELL and decision.block_text(b) == "93,01%"]
    assert {b.header for b in summary} == {"Chỉ số chung"}          # after "Chỉ số cao nhất" over 4 columns


def test_a_vertically_merged_cell_is_read_once(know):
    doc = extract(REAL.parent / "dev" / "real_gold" / "ld_2026q1_bc_cchc_quy1_2026.docx")
    facts = facts_with_context(doc, know).facts
    merged = [f for f in facts if f.kind == "ratio" and f.denominator == 21 and f.block_kind == "table_cell"]
    assert [f.value for f in merged] == [6]          # "Có 6/21 nhiệm vụ …" merged over four rows


# --- real documents: whose numbers, summary rows ---------------------------------------------
def test_province_column_groups_give_the_entity(know):
    facts = facts_with_context(extract(INDICES), know).facts
    first = {(f.kind, f.value, f.denominator): f.entity for f in facts if f.table == 1 and f.row == 2}
    assert first[("score", 9.49, 9.5)] == "tỉnh Lâm Đồng" and first[("rank", 12, 63)] == "tỉnh Lâm Đồng"
    assert first[("score", 9.43, 9.5)] == "tỉnh Bình Thuận" and first[("rank", 25, 63)] == "tỉnh Bình Thuận"


def test_points_take_their_maximum_from_the_row_or_the_header(know):
    decision = facts_with_context(extract(DECISION), know).facts
    assert not [f for f in decision if f.kind == "score" and f.value == 89.0]       # no max as a fact
    assert {(f.value, f.denominator) for f in decision if f.entity == "Sở Tư pháp" and f.kind == "score"} \
        == {(82.78, 89.0)}
    set766 = facts_with_context(extract(SET766), know).facts
    assert (14.43, 18.0) in {(f.value, f.denominator) for f in set766 if f.entity == "Thanh tra tỉnh"}


def test_summary_rows_belong_to_the_set_the_table_ranks(know):
    facts = facts_with_context(extract(DECISION), know).facts
    summary = [(f.table, f.value, f.entity) for f in facts if f.sentence.startswith("Chỉ số ")]
    assert summary == [(2, 93.01, "cấp tỉnh"), (2, 84.1, "cấp tỉnh"), (2, 60.43, "cấp tỉnh"),
                       (4, 88.98, "cấp xã"), (4, 73.9, "cấp xã"), (4, 55.7, "cấp xã")]


def test_digits_of_a_commune_name_are_not_facts(know):
    facts = facts_with_context(extract(DECISION), know).facts
    assert not [f for f in facts if f.kind == "count" and "Đam Rông" in f.sentence]
    # a unit named with its number in one cell keeps the number
    cell = facts_of_text("STT\tĐơn vị và kết quả\n1\tUBND xã Nhơn Lộc đạt 86,25 điểm\n", know).facts
    assert [(f.kind, f.value) for f in cell] == [("score", 86.25)]


# --- the ranking_tables view on the decision ---------------------------------------------------
@pytest.fixture(scope="module")
def decision_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "w.duckdb"
    assert {o.status for o in ingest([DECISION], path)} == {"loaded"}
    with Warehouse(path) as wh:
        yield wh.con


def test_ranking_tables_lists_every_ranked_department_and_commune(decision_db):
    rows = decision_db.execute("""SELECT unit_name, unit_id, unit_level, rank, score, score_max, units_ranked,
                                         rank_indicator, score_indicator, period_label
                                  FROM ranking_tables ORDER BY table_index, rank""").fetchall()
    bodies = [r for r in rows if r[2] is None]
    communes = [r for r in rows if r[2] == "commune"]
    assert len(bodies) == 14 and len(communes) == 124 and len(rows) == 138
    assert [r[3] for r in bodies] == list(range(1, 15))
    assert [r[3] for r in communes][:3] == [1, 2, 3] and communes[-1][3] == 124   # ties share a rank (79, 79, 81)
    assert {r[6] for r in bodies} == {14} and {r[6] for r in communes} == {124}
    assert bodies[0][0] == "Sở Tư pháp" and bodies[0][4:6] == (82.78, 89.0)
    index = decision_db.execute("SELECT score_index FROM ranking_tables WHERE unit_level IS NULL ORDER BY rank").fetchall()
    assert index[0][0] == 93.01 and [i for (i,) in index] == sorted((i for (i,) in index), reverse=True)
    assert {r[0] for r in bodies} >= {"Ban Quản lý các khu công nghiệp", "Văn phòng UBND tỉnh"}
    assert all(r[1] and r[1].startswith("2025:") for r in communes)           # the 2025 map, with codes
    assert communes[0][0] == "xã Tuyên Quang" and communes[0][4:6] == (88.09, 99.0)
    assert all(r[4] is not None for r in rows) and {r[9] for r in rows} == {"2025"}


def test_unit_comparison_ranks_the_communes_by_par_index(decision_db):
    rows = decision_db.execute("""SELECT unit_name, indicator_value, rank_in_period FROM unit_comparison
                                  WHERE indicator_id = 'par_index.score' AND period_label = '2025'
                                    AND unit_level = 'commune' ORDER BY rank_in_period, unit_name""").fetchall()
    # the index is the "Chỉ số chung" percent (88,98%); the points (88,09 of 99) are par_index.points
    assert len(rows) == 124 and rows[0][:2] == ("xã Tuyên Quang", 88.98)


def test_unit_comparison_ranks_scores_of_different_maxima_by_their_share(decision_db):
    """Departments are scored out of different maxima (82,78 of 89 against 83,39 of 97): the
    comparison ranks the index (the share, "Chỉ số chung"), as the decision's own ranking does;
    a score stated only as points of a maximum is ranked by its share too (indicator_facts)."""
    compared = decision_db.execute("""SELECT unit_name, indicator_value, value, denominator, rank_in_period
                                      FROM unit_comparison WHERE indicator_id = 'par_index.score'
                                        AND period_label = '2025' AND unit_level IS NULL
                                      ORDER BY rank_in_period, unit_name""").fetchall()
    published = decision_db.execute("""SELECT unit_name FROM ranking_tables
                                       WHERE unit_level IS NULL ORDER BY rank, unit_name""").fetchall()
    assert compared[0][:2] == ("Sở Tư pháp", 93.01)
    summaries = decision_db.execute("""SELECT count(*) FROM unit_comparison WHERE unit_name LIKE 'cấp %'""").fetchone()
    assert summaries == (0,)          # "Chỉ số cao nhất / trung bình / thấp nhất" are no units
    # the published order, read through our ranks: never better than a unit published above it
    # (units with the same index share a rank here; the decision breaks such ties its own way)
    rank_of = {r[0]: r[4] for r in compared}
    ours = [rank_of[u] for (u,) in published]
    assert len(ours) == 14 and ours == sorted(ours)
    assert [r[1] for r in compared] == sorted((r[1] for r in compared), reverse=True)


def test_a_label_merged_down_over_sub_rows_names_each_of_them(know, tmp_path):
    """A unit's name merged down over its self-assessed and appraised rows (ld_2025_bc36's
    layout, built here as a Word table): both rows are the unit's."""
    import docx
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for col, text in enumerate(["Đơn vị", "Nội dung", "Điểm đạt được"]):
        t.cell(0, col).text = text
    t.cell(1, 0).text = "Sở Tư pháp"
    t.cell(1, 0).merge(t.cell(2, 0))
    t.cell(1, 1).text, t.cell(1, 2).text = "Tự đánh giá", "84,50"
    t.cell(2, 1).text, t.cell(2, 2).text = "Thẩm định", "82,78"
    path = tmp_path / "merged.docx"
    d.save(path)
    facts = facts_with_context(extract(path), know).facts
    assert [(f.value, f.entity) for f in facts] == [(84.5, "Sở Tư pháp"), (82.78, "Sở Tư pháp")]


def test_pdf_grid_cells_span_the_thin_columns_of_their_rules():
    """A ruled PDF table has a grid column for every vertical rule: in ld_2025_bc228's index table
    (geometry as pdfplumber gives it) "62/63" covers a thin column still under "PAR Index" and the
    one headed "Thứ" / "hạng" (a header wrapped over two ruled rows): it is the rank, not the score."""
    from extractors.pdf import grid_cells
    from extractors.text_layout import TableAssembler
    from normalizers.facts import column_kind
    from normalizers.rules import load_rules
    n = None
    rows = [  # (bboxes' x0, x1 per grid column, None where pdfplumber leaves a gap), texts
        ([(85, 139), (139, 242), n, n, n], ["Tỉnh (trước sắp xếp)", "PAR Index", n, n, n]),
        ([n, (139, 197), (197, 202), (202, 236), (236, 242)], [n, "Điểm số", "", "Thứ", ""]),
        ([n, n, n, (202, 236), n], [n, n, n, "hạng", n]),
        ([(85, 139), (139, 197), (197, 242), n, n], ["Lâm Đồng", "83,1/100", "62/63", n, n]),
    ]
    boxes = [[None if b is None else (b[0], 0, b[1], 10) for b in r] for r, _ in rows]
    starts = {}
    for r in boxes:
        for col, b in enumerate(r):
            if b is not None:
                starts[col] = min(starts.get(col, b[0]), b[0])
    tables = TableAssembler()
    for k, (r, (_, texts)) in enumerate(zip(boxes, rows)):
        cells = grid_cells(r, texts, starts)
        _, _, headers, cols = tables.add_row(cells, continues=k > 0)
    assert [(c.text, c.col, c.span) for c in cells] == [("Lâm Đồng", 0, 1), ("83,1/100", 1, 1), ("62/63", 2, 3)]
    assert headers[1:] == ["PAR Index | Điểm số", "PAR Index | Thứ | hạng"]
    assert [column_kind(h, load_rules()) for h in headers[1:]] == ["score", "rank"]


def test_pdf_ranking_rows_wrapped_and_continued_on_another_grid():
    """ld_2025_bc36's ranking of communes, as pdfplumber cuts it: a tall row split in two (the
    unit's name "… - Đà" / "Lạt" alone on a row) is one row; a section title in capitals is not
    a second line; the table continued on the next page, drawn with other rules, is put back on
    the header's columns by position."""
    from extractors.pdf import _on_grid, _wrapped_rows_joined
    from extractors.text_layout import Cell
    rows = [[Cell("10", 0), Cell("UBND phường Xuân Hương - Đà", 1), Cell("74,00", 2), Cell("71,53", 3)],
            [Cell("", 0), Cell("Lạt", 1), Cell("", 2), Cell("", 3)],
            [Cell("II", 0), Cell("CẢI CÁCH THỂ CHẾ", 1)]]
    joined = _wrapped_rows_joined(rows)
    assert [[c.text for c in r] for r in joined] == [["10", "UBND phường Xuân Hương - Đà Lạt", "74,00", "71,53"],
                                                     ["II", "CẢI CÁCH THỂ CHẾ"]]
    header_grid = {0: 50.0, 1: 90.0, 2: 240.0, 3: 250.0, 4: 300.0, 5: 360.0}    # thin column 2
    page_grid = {0: 50.0, 1: 90.0, 2: 250.0, 3: 300.0, 4: 360.0}
    row = [Cell("39", 0), Cell("UBND xã Bắc Bình", 1), Cell("99,0", 2), Cell("77,8", 3), Cell("78,58%", 4)]
    assert [(c.text, c.col) for c in _on_grid(row, page_grid, header_grid)] == [
        ("39", 0), ("UBND xã Bắc Bình", 1), ("99,0", 3), ("77,8", 4), ("78,58%", 5)]


# --- tables without ruling lines -----------------------------------------------------------------

BORDERLESS = Path(__file__).resolve().parent / "data" / "borderless"


def _kind_values(path, know):
    from collections import Counter
    return Counter((f.kind, round(f.value, 4), f.denominator)
                   for f in facts_with_context(extract(path), know).facts)


@pytest.mark.parametrize("stem, floor", [("000", 1.0), ("004", 0.93)])
def test_a_table_without_borders_reads_as_its_ruled_twin(stem, floor, know):
    """The samples' Word files rendered by LibreOffice with every table border removed
    (scripts/borderless_samples.py) give the facts of the ruled rendering: the An Nhơn ranking
    (000) exactly — scores under "Chỉ số CCHC (%)", ranks under "Xếp hạng", wrapped unit names
    whole — and 004's task matrix, whose narrow columns wrap into each other, nearly."""
    bare, ruled = _kind_values(BORDERLESS / f"{stem}_borderless.pdf", know), _kind_values(BORDERLESS / f"{stem}_ruled.pdf", know)
    same = sum((bare & ruled).values())
    p, r = same / sum(bare.values()), same / sum(ruled.values())
    assert 2 * p * r / (p + r) >= floor


def test_a_borderless_ranking_keeps_its_columns_and_wrapped_names():
    doc = extract(BORDERLESS / "000_borderless.pdf")
    rows: dict = {}
    for b in doc.blocks:
        if b.table is not None:
            rows.setdefault((b.table, b.row), []).append((b.header, doc.block_text(b)))
    first = next(iter(rows))
    body = rows[(first[0], first[1] + 1)]
    assert [h for h, _ in body] == ["STT", "Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"]
    assert [t for _, t in body] == ["1", "UBND xã Nhơn Lộc", "86,25", "1"]


def test_stream_columns_come_from_the_rows_with_all_their_cells():
    """A header cell written without a jump across two columns ("Chỉ số CCHC Xếp hạng") does not
    merge them; a line that leaves the first column empty continues the row above."""
    from dataclasses import dataclass as dc
    from extractors.stream_tables import stream_tables

    @dc
    class L:
        top: float
        bottom: float
        size: float
        text: str
        words: tuple

    def line(top, cells):
        words = tuple((x, x + 10 * len(t), t, k == 0 or j == 0) for k, (x, ws) in enumerate(cells)
                      for j, t in enumerate(ws.split()) for x in [x + 40 * j])
        return L(top, top + 12, 12, "\t".join(ws for _, ws in cells), words)

    lines = [line(0, [(10, "STT"), (60, "Tên"), (300, "Chỉ CCHC Xếp")]),
             line(14, [(300, "(%)")]),
             line(30, [(10, "1"), (60, "UBND xã"), (310, "86,25"), (420, "1")]),
             line(44, [(60, "Nhơn Lộc")]),
             line(60, [(10, "2"), (60, "UBND phường"), (310, "85,84"), (420, "2")])]
    lines[1] = L(14, 26, 12, "(%)", ((300, 330, "(%)", True),))
    lines[3] = L(44, 56, 12, "Nhơn Lộc", ((60, 100, "Nhơn", True), (104, 140, "Lộc", False)))
    [table] = stream_tables(lines)
    assert table.rows[1:] == [["1", "UBND xã Nhơn Lộc", "86,25", "1"], ["2", "UBND phường", "85,84", "2"]]


def _plain_level_in_label(label, rules):
    """level_in_label without the look for the words its pattern requires."""
    from normalizers.tables import _level_name
    m = rules.level.search(label)
    if not m or len({_level_name(n.group(), rules) for n in rules.levels_named.finditer(label)}) > 1:
        return None
    return _level_name(m.group("level"), rules), m.group("committee") is not None


def test_level_in_label_answers_as_the_plain_search_on_every_cell_and_line():
    from normalizers.literals import required_of
    from normalizers.tables import level_in_label, load_table_rules
    from tests.conftest import ROOT, SAMPLES
    rules = load_table_rules()
    assert required_of(rules.level)                  # the look is taken
    labels = [piece for path in sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
              for line in path.read_text(encoding="utf-8").split("\n") for piece in [line, *line.split("\t")]]
    labels += ["Số TTHC thuộc thẩm quyền của UBND CẤP XÃ", "do Cấp Tỉnh ban hành", "thuộc sở, ngành và UBND cấp xã"]
    found = 0
    for label in labels:
        assert level_in_label(label, rules) == _plain_level_in_label(label, rules), label
        found += level_in_label(label, rules) is not None
    assert found > 3
