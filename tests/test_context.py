"""Who, when and as what: document metadata, the gazetteer, per-fact entity/period/role.

Expected values were read off each seed report by hand.
"""
from __future__ import annotations

from datetime import date

import pytest

from extractors import extract
from normalizers.documents import read_metadata
from normalizers.periods import fact_period, period_in
from normalizers.units import split_unit_text
from pipeline.facts import Knowledge, facts_with_context
from tests.conftest import SAMPLES


@pytest.fixture(scope="session")
def know() -> Knowledge:
    return Knowledge.load()


SEEDS = {
    # file: (type, unit, level, province, period, start, end)
    "000_ec612a35660e329c.txt": ("báo cáo", "thị xã An Nhơn", "district", "Bình Định", "2025-Q1",
                                 date(2025, 1, 1), date(2025, 3, 31)),
    "001_1a63f26e4e35afbc.txt": ("báo cáo", "huyện An Lão", "district", "Bình Định", "2023-H1",
                                 date(2023, 1, 1), date(2023, 6, 30)),
    "002_442b549b8d9bf7bd.txt": ("báo cáo", "phường Hòa Thuận", "commune", "Đồng Tháp", "2025-Q1",
                                 date(2025, 1, 1), date(2025, 3, 31)),
    "003_036cb2aba733e527.txt": ("báo cáo", "thành phố Phan Rang-Tháp Chàm", "district", "Ninh Thuận",
                                 "2022-2023", date(2022, 1, 1), date(2023, 12, 31)),
    "004_96ea1283ad5da6cd.txt": ("kế hoạch", "xã Nhơn Hậu", "commune", "Bình Định", "2025",
                                 date(2025, 1, 1), date(2025, 12, 31)),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_metadata(name, know):
    doc_type, unit, level, province, label, start, end = SEEDS[name]
    meta = read_metadata(extract(SAMPLES / name).text, know.gazetteer)
    assert meta.doc_type == doc_type
    assert meta.unit is not None
    assert split_unit_text(meta.unit.full_name)[0] == split_unit_text(unit)[0]
    assert know.gazetteer.resolve(unit, province=province) == meta.unit
    assert meta.unit.level == level
    assert meta.province == province
    assert (meta.period.label, meta.period.start, meta.period.end) == (label, start, end)


def test_metadata_details(know):
    an_nhon = read_metadata(extract(SAMPLES / "000_ec612a35660e329c.txt").text, know.gazetteer)
    assert (an_nhon.number, an_nhon.symbol, an_nhon.issue_date, an_nhon.issue_year) == ("", "BC-UBND", None, 2025)
    assert an_nhon.window == (date(2024, 12, 15), date(2025, 3, 14))
    assert (an_nhon.signer, an_nhon.position) == ("Lê Hoài An", "Phó Chủ Tịch")
    assert an_nhon.recipients[:2] == ["UBND tỉnh", "Sở Nội vụ"]
    assert an_nhon.issuer == "UBND thị xã An Nhơn"
    hoa_thuan = read_metadata(extract(SAMPLES / "002_442b549b8d9bf7bd.txt").text, know.gazetteer)
    assert hoa_thuan.issue_date == date(2025, 3, 15)
    party = read_metadata(extract(SAMPLES / "003_036cb2aba733e527.txt").text, know.gazetteer)
    assert party.issuer == "Ban Thường vụ Thành ủy" and party.position == "Phó Bí Thư"
    an_lao = read_metadata(extract(SAMPLES / "001_1a63f26e4e35afbc.txt").text, know.gazetteer)
    assert date(2023, 6, 12) in an_lao.as_of
    assert an_lao.recipients[0] == "Đoàn Kiểm tra cải cách hành chính"


@pytest.mark.parametrize("text, label", [
    ("quý I và một số nhiệm vụ trọng tâm quý II năm 2025", "2025-Q1"), ("Quý 1 năm 2025", "2025-Q1"),
    ("6 tháng đầu năm 2023", "2023-H1"), ("6 tháng cuối năm 2024", "2024-H2"), ("9 tháng năm 2024", "2024-9M"),
    ("năm 2023", "2023"), ("Quý IV/2024", "2024-Q4"), ("02 năm (2022, 2023)", "2022-2023"),
])
def test_period_labels(text, label):
    assert period_in(text).label == label


@pytest.mark.parametrize("clause, after, label", [
    ("Năm 2022: Tiếp nhận và giải quyết ", "", "2022"),
    ("Năm 2022, 2023: đạt ", "", "2022-2023"),
    ("(năm 2022: 01 tiến sĩ và 06 thạc sĩ, năm 2023: ", "", "2023"),
    ("giảm 01 bậc so với năm 2022 (đạt ", "", None),
    ("kết quả từ 324 thủ tục hành chính (đầu năm 2021) xuống còn ", " thủ tục hành chính (tính đến tháng 12/2023)", "2023"),
    ("Trong quý I năm 2025, UBND thị xã ban hành ", "", "2025-Q1"),
])
def test_fact_periods(clause, after, label):
    p = fact_period(clause, after)
    assert (p.label if p else None) == label


def test_gazetteer_spellings_and_eras(know):
    g = know.gazetteer
    assert g.resolve("UBND phường Hoà Thuận", province="Đồng Tháp") == g.resolve("phường Hòa Thuận", province="Đồng Tháp")
    assert g.resolve("TP. Phan Rang - Tháp Chàm") == g.resolve("thành phố Phan Rang-Tháp Chàm") is not None
    assert g.resolve("huyện An Lão") is None                      # two provinces have one
    assert g.resolve("huyện An Lão", province="Bình Định").unit_id == "2008:52.542"
    assert g.resolve("H. An Lão", province="Hải Phòng").unit_id == "2008:31.313"
    nhon_hau = g.resolve("xã Nhơn Hậu", province="Bình Định")
    new = g.successor(nhon_hau)
    assert (new.era, new.full_name, g.units[new.province_id].name) == ("2025", "phường An Nhơn", "Gia Lai")
    assert g.resolve("phường An Nhơn", province="Gia Lai", era="2025") == new   # as a 2025 report names it


def test_an_nhon_ranking_table_gives_15_resolved_communes(know):
    doc = extract(SAMPLES / "000_ec612a35660e329c.txt")
    found = facts_with_context(doc, know)
    meta, facts = found.meta, found.facts
    table = [f for f in facts if f.block_kind == "table_cell"]
    scores = {f.entity_unit_id: f for f in table if f.kind == "score"}
    ranks = {f.entity_unit_id: f for f in table if f.kind == "rank"}
    assert len(scores) == len(ranks) == 15 and None not in scores
    for unit_id in scores:
        unit = know.gazetteer.units[unit_id]
        assert unit.level == "commune" and unit.parent_id == meta.unit.unit_id == "2008:52.549"
    plan = read_metadata(extract(SAMPLES / "004_96ea1283ad5da6cd.txt").text, know.gazetteer)
    assert plan.unit.unit_id in scores                     # xã Nhơn Hậu in the table = the plan's unit
    assert ranks[plan.unit.unit_id].value == 8 and scores[plan.unit.unit_id].value == 83.3


@pytest.mark.parametrize("name, text, cue, entity, role, comparator", [
    ("001_1a63f26e4e35afbc.txt", "20", "cấp xã: 20", "cấp xã", "actual", None),
    ("003_036cb2aba733e527.txt", "45%", "đô thị đạt 45%", "phòng Quản lý đô thị", "actual", None),
    ("003_036cb2aba733e527.txt", "44", "tăng 44 bậc", "tỉnh Ninh Thuận", "change", None),  # PAPI is the province's
    ("003_036cb2aba733e527.txt", "324", "từ 324 thủ tục", None, "baseline", None),
    ("003_036cb2aba733e527.txt", "270", "xuống còn 270", None, "actual", None),
    ("004_96ea1283ad5da6cd.txt", "60%", "Tối thiểu 60%", None, "target", ">="),
    ("004_96ea1283ad5da6cd.txt", "90%", "Trên 90%", None, "target", ">"),
    ("004_96ea1283ad5da6cd.txt", "90%", "giải quyết thủ tục hành chính đạt 90%", None, "target", "="),
])
def test_fact_context_examples(name, text, cue, entity, role, comparator, know):
    doc = extract(SAMPLES / name)
    found = facts_with_context(doc, know)
    meta, facts = found.meta, found.facts
    at = doc.text.index(cue) + cue.index(text)
    f = next(f for f in facts if f.start == at)
    assert (f.role, f.comparator) == (role, comparator)
    assert f.entity == (entity or meta.unit.full_name)


# role and comparator of a number in a real passage: (origin, passage, number as written, its
# occurrence, role, comparator); the passage is read as a short .txt report
ROLES = [
    # dev texts
    ("dev texts", "Nhưng thứ hạng vẫn tăng 2 bậc, từ vị trí 15 lên 13 trong cả nước và tăng 1 bậc từ vị trí thứ 5 "
                  "lên thứ 4 trong vùng TD&MNPB.", "13", 0, "actual", None),
    ("dev texts", "Nhưng thứ hạng vẫn tăng 2 bậc, từ vị trí 15 lên 13 trong cả nước và tăng 1 bậc từ vị trí thứ 5 "
                  "lên thứ 4 trong vùng TD&MNPB.", "15", 0, "baseline", None),
    ("dev texts", "Khối bộ, ngành đạt 63,47% (mục tiêu 70%), còn khối tỉnh, thành chỉ đạt 18,54% (mục tiêu 30%).",
     "18,54%", 0, "actual", None),
    ("dev texts", "Khối bộ, ngành đạt 63,47% (mục tiêu 70%), còn khối tỉnh, thành chỉ đạt 18,54% (mục tiêu 30%).",
     "30%", 0, "target", "="),
    ("dev texts", "Nghị quyết số 01/NQ-TU xác định mục tiêu cơ bản đến năm 2025: trên 90% tổng số hồ sơ công việc tại "
                  "cấp tỉnh, trên 80% tổng số hồ sơ công việc tại cấp huyện và trên 60% tại cấp xã được xử lý trên môi "
                  "trường mạng.", "60%", 0, "target", ">"),
    ("dev texts", "Mục tiêu đến hết năm 2025: - 100% biểu mẫu điện tử được cập nhật trên Hệ thống. - 80% hồ sơ thủ tục "
                  "hành chính được xử lý hoàn toàn trực tuyến. - Cung cấp 76/76 dịch vụ công thiết yếu theo Đề án 06.",
     "80%", 0, "target", "="),
    ("dev texts", "Thái Nguyên phấn đấu đến hết năm 2025 đạt tối thiểu 80% hồ sơ dịch vụ công được xử lý trực tuyến toàn "
                  "trình, cao hơn chỉ tiêu Chính phủ giao 10%.", "10%", 0, "change", None),
    ("dev texts", "Thái Nguyên phấn đấu đến hết năm 2025 đạt tối thiểu 80% hồ sơ dịch vụ công được xử lý trực tuyến toàn "
                  "trình, cao hơn chỉ tiêu Chính phủ giao 10%.", "80%", 0, "target", ">="),
    ("dev texts", "Tăng cường kiểm tra, đảm bảo mỗi hồ sơ giải quyết trễ hạn phải thực hiện thư xin lỗi không quá 1 lần "
                  "trong suốt quá trình giải quyết hồ sơ.", "1", 0, "target", "<="),
    ("dev texts", "Chỉ số CCHC năm 2022 của tỉnh giảm nhẹ, gần 1 điểm % so với năm 2021, từ 87,61% xuống 86,78% (trên "
                  "tổng điểm tối đa 100).", "87,61%", 0, "baseline", None),
    ("dev texts", "Chỉ số CCHC năm 2022 của tỉnh giảm nhẹ, gần 1 điểm % so với năm 2021, từ 87,61% xuống 86,78% (trên "
                  "tổng điểm tối đa 100).", "86,78%", 0, "actual", None),
    ("dev texts", "(huyện Sông Lô giảm từ 10,85% xuống còn 1,31%; huyện Tam Dương giảm từ 10,55% xuống còn 2,27%)",
     "10,55%", 0, "baseline", None),
    ("dev texts", "Đặc biệt giảm tới 49,54% so với tháng 01/2021.", "49,54%", 0, "change", None),
    ("dev texts", "Cụ thể, có 53 địa phương ghi nhận mức tăng chỉ số so với năm 2023, trong đó, tỉnh Bình Thuận tăng mạnh "
                  "nhất với 6,39%; Lai Châu có mức tăng thấp nhất là 0,19%.", "0,19%", 0, "change", None),
    ("dev texts", "Trong khi đó, 9 địa phương có chỉ số giảm, tuy nhiên, mức giảm đều không lớn, nơi giảm nhiều nhất là "
                  "2,94% và ít nhất là 0,21%.", "0,21%", 0, "change", None),
    ("dev texts", "Các địa phương được chia thành hai nhóm: Nhóm A gồm 13 tỉnh, thành đạt chỉ số từ 90% trở lên; nhóm B "
                  "gồm 50 tỉnh, thành đạt từ 80% đến dưới 90%.", "90%", 0, "actual", None),
    ("dev texts", "Năm 2023, Chỉ số PAR Index của thị xã Kỳ Anh đạt 94,696 điểm, xếp thứ 2 toàn tỉnh.\n\nNăm 2022, Chỉ số "
                  "PAR Index của thị xã Kỳ Anh đạt 93,77 đứng thứ 3 toàn tỉnh; chỉ số SIPAS đạt 100%, xếp thứ 2/13 huyện, "
                  "thị, thành phố.", "2/13", 0, "baseline", None),
    ("dev texts", "Năm 2023, Chỉ số PAR Index của thị xã Kỳ Anh đạt 94,696 điểm, xếp thứ 2 toàn tỉnh.", "94,696", 0,
     "actual", None),
    # real Word files
    ("real files", "5. Về tổng hợp, cập nhật tiến độ: Tổng số nhiệm vụ được giao là 21, nhiệm vụ đã hoàn thành đúng hạn "
                   "là 15/21 nhiệm vụ.", "21", 0, "actual", None),
    ("real files", "Tổng kế hoạch vốn đầu tư phát triển năm 2026 là: 13.203.300 triệu đồng. Trong đó:", "13.203.300", 0,
     "target", "="),
    ("real files", "Theo Kế hoạch, Sở Nội vụ sẽ chủ trì, phối hợp với các ngành có liên quan tổ chức kiểm tra tại 29 cơ "
                   "quan, đơn vị, địa phương (gồm: 04 cơ quan chuyên môn cấp tỉnh và 25 đơn vị hành chính cấp xã).",
     "25", 0, "target", "="),
    # other Lâm Đồng files (no gold): the same cues where they do not hold
    ("real files", "Theo Kế hoạch, Sở Nội vụ đã phối hợp với các ngành có liên quan kiểm tra tại 42/42 cơ quan, đơn vị, "
                   "địa phương (gồm: 04 cơ quan chuyên môn cấp tỉnh và 38 đơn vị hành chính cấp xã), đạt 100% kế hoạch.",
     "38", 0, "actual", None),
    ("real files", "Trong đó: - Tổng số mục tiêu: 22 mục tiêu chia thành 3 trụ cột chính: (1) Phát triển Chính quyền số "
                   "(08 mục tiêu).", "08", 0, "actual", None),
    ("real files", "Đối với tiêu chí này, đã có 12 đơn vị sở, ngành đạt tối đa 18 điểm.", "18", 0, "actual", None),
    # a result stated after its target in the same sentence
    ("real files", "b) Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh chưa đạt chỉ tiêu đề ra (chỉ tiêu tối thiểu 98%, hiện "
                   "đạt 97,4%).", "97,4%", 0, "actual", None),
    ("real files", "b) Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh chưa đạt chỉ tiêu đề ra (chỉ tiêu tối thiểu 98%, hiện "
                   "đạt 97,4%).", "98%", 0, "target", ">="),
    ("real files", "Công tác kiểm tra cải cách hành chính đã hoàn thành 100% kế hoạch đề ra, theo đó, đã tổ chức kiểm tra "
                   "42/139 cơ quan, đơn vị, địa phương, đạt tỷ lệ 30% (4/15 sở, ngành và 38/124 UBND cấp xã, chỉ tiêu "
                   "kế hoạch đề ra tối thiểu 20%).", "30%", 0, "actual", None),
    ("real files", "Công tác kiểm tra cải cách hành chính đã hoàn thành 100% kế hoạch đề ra, theo đó, đã tổ chức kiểm tra "
                   "42/139 cơ quan, đơn vị, địa phương, đạt tỷ lệ 30% (4/15 sở, ngành và 38/124 UBND cấp xã, chỉ tiêu "
                   "kế hoạch đề ra tối thiểu 20%).", "20%", 0, "target", ">="),
    ("national", "(4) đôn đốc các doanh nghiệp viễn thông phủ sóng 5G trên phạm vi toàn quốc, phải đạt 90% trong năm 2025 "
                 "(đến nay mới đạt 39,5%);", "90%", 0, "target", "="),
    ("national", "(4) đôn đốc các doanh nghiệp viễn thông phủ sóng 5G trên phạm vi toàn quốc, phải đạt 90% trong năm 2025 "
                 "(đến nay mới đạt 39,5%);", "39,5%", 0, "actual", None),
    # domain: the same cues where they do not hold
    ("domain", "Kế hoạch vốn năm 2025 đã giải ngân được 500 tỷ đồng.", "500", 0, "actual", None),
    ("domain", "Chỉ tiêu: đạt từ 80% trở lên.", "80%", 0, "target", ">="),
    ("domain", "Tỷ lệ hồ sơ tăng từ 80% lên 95%.", "80%", 0, "baseline", None),
    # seeds
    ("seeds", "Đang xây dựng Kế hoạch, Ủy ban nhân dân Phường sẽ tiến hành rà soát, phấn đấu đạt 100% tỷ lệ rà soát.",
     "100%", 0, "target", "="),
    ("seeds", "Tỷ lệ hồ sơ trực tuyến tại UBND phường đạt cao và vượt tỷ lệ được giao là 50%.", "50%", 0, "target", "="),
]


def _fact_at(passage: str, number: str, nth: int, know):
    """The fact read at the nth occurrence of `number` in the passage."""
    from pipeline.facts import facts_of_text
    facts = facts_of_text(passage, know).facts
    at = [i for i in range(len(passage)) if passage.startswith(number, i)][nth]
    return next(f for f in facts if f.start == at)


@pytest.mark.parametrize("origin, passage, number, nth, role, comparator", ROLES)
def test_roles_in_real_passages(origin, passage, number, nth, role, comparator, know):
    f = _fact_at(passage, number, nth, know)
    assert (f.role, f.comparator) == (role, comparator)


# A paragraph under a lead paragraph ending with a colon: (origin, passage, number, nth, period, role)
LEADS = [
    ("real files", "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nTổng kế hoạch vốn đầu tư phát triển năm 2026 "
                   "là: 13.203.300 triệu đồng. Trong đó:\n+ Nguồn vốn đầu tư phát triển ngân sách địa phương là "
                   "11.194.745 triệu đồng (gồm: Chi đầu tư từ nguồn vốn xây dựng cơ bản tập trung trong nước 1.600.000 "
                   "triệu đồng; chi đầu tư từ nguồn thu tiền sử dụng đất 4.776.745 triệu đồng).", "1.600.000", 0, "2026",
     "target"),
    ("real files", "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nỦy ban nhân dân tỉnh ban hành Quyết định số "
                   "2631/QĐ-UBND ngày 22/12/2025 về tạm giao biên chế công chức năm 2026 trong các cơ quan.\nSố lượng biên "
                   "chế công chức, viên chức, cụ thể:\n- Biên chế công chức là 9.818 (gồm 3.585 biên chế cấp tỉnh, 6.233 "
                   "biên chế cấp xã).", "3.585", 0, "2026", "actual"),
    # every item of the list, not only the first
    ("real files", "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nTổng kế hoạch vốn đầu tư phát triển năm 2026 "
                   "là: 13.203.300 triệu đồng. Trong đó:\n+ Nguồn vốn đầu tư phát triển ngân sách địa phương là "
                   "11.194.745 triệu đồng.\n+ Nguồn vốn ngân sách trung ương hỗ trợ có mục tiêu là 2.008.555 triệu đồng "
                   "(gồm: Vốn trong nước 1.708.638 triệu đồng; vốn nước ngoài 299.917 triệu đồng).\nLũy kế giải ngân đến "
                   "nay là 230.473 triệu đồng.", "299.917", 0, "2026", "target"),
    ("real files", "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nTổng kế hoạch vốn đầu tư phát triển năm 2026 "
                   "là: 13.203.300 triệu đồng. Trong đó:\n+ Nguồn vốn đầu tư phát triển ngân sách địa phương là "
                   "11.194.745 triệu đồng.\nLũy kế giải ngân đến nay là 230.473 triệu đồng.", "230.473", 0, "2026-Q1",
     "actual"),
    # a numbered heading opens a section: the paragraph before it is not its lead
    ("seeds", "BÁO CÁO\nKết quả cải cách hành chính năm 2025\n\nNăm 2023, thành phố đã hoàn thành các nhiệm vụ.\n2.2. "
              "Công tác cải cách thủ tục hành chính:\nĐến nay, 100% cơ quan, đơn vị đã ban hành kế hoạch.", "100%", 0,
     "2025", "actual"),
    # a lead that spells out nothing keeps the report's period
    ("real files", "BÁO CÁO\nCông tác cải cách hành chính quý I năm 2026\n\nLũy kế giải ngân đến hết ngày 25/02/2026 là "
                   "230.473 triệu đồng.\n- Tiến độ thực hiện các kiến nghị sau thanh tra, kiểm tra về tài chính:\n+ Tổng "
                   "số kiến nghị xử lý về tài chính: 8.332.978 triệu đồng.", "8.332.978", 0, "2026-Q1", "actual"),
]


@pytest.mark.parametrize("origin, passage, number, nth, period, role", LEADS)
def test_items_under_a_lead_paragraph(origin, passage, number, nth, period, role, know):
    f = _fact_at(passage, number, nth, know)
    assert (f.period, f.role) == (period, role)


DEV = SAMPLES.parent / "tests" / "data" / "dev"      # copied into the repo: no read of ../shared


@pytest.mark.parametrize("name, label", [("dev/real_gold/ld_2026q1_bc_cchc_quy1_2026.docx", "2026-Q1"),
                                         ("dev/real_gold/ld_2026_kh_cchc_nam2026.docx", "2026"),
                                         ("real/ld_2025_qd_congbo_chiso_cchc_done.docx", "2025")])
def test_word_header_date_and_the_map_of_its_time(name, label, know):
    """A Word header puts "Số: /BC-UBND<tab>Lâm Đồng, ngày  tháng 3 năm 2026" on one line; a report
    dated or covering a period after 1 July 2025 names the merged province (the 2025 map), also
    when its unit comes from the units it names rather than from an opening "UBND ... báo cáo"."""
    meta = read_metadata(extract(DEV.parent / name).text, know.gazetteer)
    assert meta.place == "Lâm Đồng" and meta.period.label == label
    assert meta.unit.unit_id == "2025:68" and meta.unit.full_name == "tỉnh Lâm Đồng"


def test_agency_reporting_on_its_province(know):
    """A Sở's report whose title runs over a line ending with a comma ("... PAR Index, SIPAS," then
    "PAPI, PCI, 766 của tỉnh Lâm Đồng") is about the province it names; a draft dated "ngày  tháng
    11 năm 2025" is on the 2025 map; the last row of a table is not a signer."""
    meta = read_metadata(extract(DEV.parent / "real" / "ld_2025_bc_cac_chiso_tinh_0611.docx").text, know.gazetteer)
    assert meta.title == "Tình hình thực hiện các chỉ số PAR Index, SIPAS, PAPI, PCI, 766 của tỉnh Lâm Đồng"
    assert meta.issuer == "Sở Nội vụ" and meta.subject is None
    assert meta.unit.unit_id == "2025:68" and meta.issue_month == 11
    centre = read_metadata(extract(DEV.parent / "real" / "ld_2025_ttpvhcc_bc_bochiso766_11.docx").text, know.gazetteer)
    assert centre.unit.unit_id == "2025:68"
    assert centre.issuer == "Trung tâm Phục vụ hành chính công"      # from the letterhead
    decision = read_metadata(extract(DEV.parent / "real" / "ld_2025_qd_congbo_chiso_cchc_done.docx").text, know.gazetteer)
    assert decision.signer is None


@pytest.mark.parametrize("head, issuer", [
    ("UBND TỈNH LÂM ĐỒNG\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nHỘI ĐỒNG THẨM ĐỊNH,  Độc lập - Tự do - Hạnh phúc\n\n"
     "ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH TỈNH\nSố: /BC-HĐTĐ\tLâm Đồng, ngày tháng 02\tnăm 2026\n\nBÁO CÁO\n",
     "Hội đồng thẩm định, đánh giá chỉ số cải cách hành chính tỉnh"),
    ("UBND TỈNH LÂM ĐỒNG BAN CHỈ ĐẠO PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO,  CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06  "
     "Số:           /BC-BCĐ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày tháng 4 năm 2026\n",
     "Ban chỉ đạo phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và đề án 06"),
    ("**VĂN\nPHÒNG CHÍNH PHỦ**\n-------\n|\n**CỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n|\nSố: 624/TB-VPCP\n",
     "Văn phòng Chính phủ"),
])
def test_issuer_from_the_letterhead(head, issuer, know):
    """An agency's document whose opening names no issuer: the last body of the letterhead in
    capitals (Word header table, PDF lines beside the national motto, a crawled markdown page)."""
    assert read_metadata(head + "Nội dung báo cáo như sau.", know.gazetteer).issuer == issuer


def test_a_report_on_2025_is_on_the_map_after_its_year(know):
    """A report on the whole of 2025 without an issue date is written after its year: the merged
    province ("PHỤ LỤC ... CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")."""
    meta = read_metadata("PHỤ LỤC\n\nBIỂU MẪU THỐNG KÊ SỐ LIỆU BÁO CÁO CẢI CÁCH HÀNH CHÍNH NĂM 2025\n\nCỦA ỦY BAN NHÂN "
                         "DÂN TỈNH LÂM ĐỒNG\n\nBiểu mẫu 1\nSố văn bản chỉ đạo CCHC đã ban hành: 82 văn bản.", know.gazetteer)
    assert meta.period.label == "2025" and meta.unit.unit_id == "2025:68"


def test_agency_issuing_its_own_report(know):
    """An agency's own report (a kind of body of entities.toml, then its verb) is the issuer and
    the subject; the text never names its province, so the body stays as written."""
    meta = read_metadata(extract(DEV / "texts" / "h02_vinhphuc_2021_q3.txt").text, know.gazetteer)
    assert meta.issuer == "Trung tâm Phục vụ hành chính công tỉnh"
    assert meta.subject == "Trung tâm Phục vụ hành chính công tỉnh"


@pytest.mark.parametrize("name, unit, subject", [
    ("01_quangnam_2025_01_tthc.txt", "tỉnh Quảng Nam", None),
    ("05_binhthuan_vpubnd_tthc_2024.txt", "tỉnh Bình Thuận", "Văn phòng UBND tỉnh Bình Thuận"),
    ("12_bonoivu_baocao_cchc_10m_2025.txt", None, "toàn quốc"),
    ("h01_vinhphuc_2021_08.txt", "tỉnh Vĩnh Phúc", "cấp huyện, cấp xã"),
    ("h04_daklak_chithi_012_2025.txt", "tỉnh Đắk Lắk", None),
])
def test_subject_of_texts_without_a_ubnd_opening(name, unit, subject, know):
    meta = read_metadata(extract(DEV / "texts" / name).text, know.gazetteer)
    assert (meta.unit.full_name if meta.unit else None) == unit
    assert meta.subject == subject
