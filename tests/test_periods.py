"""When: the period of a report and of each number, read with data/vi/periods.toml.

Rows are real sentences, grouped by where they come from: the seed reports (samples/), the
development texts (tests/data/dev/texts), the two real Word files (tests/data/dev/real_gold) and
general knowledge of the domain.
"""
from __future__ import annotations

from datetime import date

import pytest

from normalizers.periods import (DATA, RULES, Period, compared_period, data_window, fact_period, lead_period, per_year,
                                 period_in, report_period, sentence_period, span_referred)

Q1_2026 = Period.quarter(2026, 1)


def _example(name: str) -> str:
    block = DATA.read_text(encoding="utf-8").split(f'name = "{name}"', 1)[1].split("[[period]]", 1)[0]
    return block.split('example = "', 1)[1].split('"\n', 1)[0]


@pytest.mark.parametrize("rule", RULES.patterns, ids=lambda r: r.name)
def test_every_pattern_reads_its_real_example(rule):
    text = _example(rule.name)
    if rule.after_only:                       # read right after a number somewhere in the example
        assert any(rule.pattern.match(text[i:]) for i in range(len(text))), text
    else:
        assert rule.pattern.search(text), text


# a report's period, from its title or a news text's headline and opening
REPORT = [
    # seeds: titles
    ("seeds", "Kết quả thực hiện công tác cải cách hành chính quý I và một số nhiệm vụ trọng tâm quý II năm 2025", "", "2025-Q1"),
    ("seeds", "Công tác cải cách hành chính 6 tháng đầu năm 2023 trên địa bàn huyện An Lão", "", "2023-H1"),
    ("seeds", "Cải cách hành chính Quý 1 năm 2025", "", "2025-Q1"),
    ("seeds", "Cải cách hành chính xã Nhơn Hậu năm 2025", "", "2025"),
    ("seeds", "Kết quả 02 năm triển khai thực hiện Nghị quyết số 06-NQ/TU", "Kết quả đạt được trong 02 năm (2022, 2023) như sau", "2022-2023"),
    # dev texts: news without a report title
    ("dev texts", "", "Toàn tỉnh tiếp nhận 42.420 hồ sơ thủ tục hành chính trong tháng 1 ...\n\nThông tin cải cách hành chính "
                      "Toàn tỉnh tiếp nhận 42.420 hồ sơ thủ tục hành chính trong tháng 1/2025 (QNP)", "2025-01"),
    ("dev texts", "", "06/06/2021 - 13:18\n\nBDK.VN - Tháng 5-2021, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 5,65 ngàn hồ sơ", "2021-05"),
    ("dev texts", "", "Kết quả tiếp nhận hồ sơ ... tại bộ phận một cửa cấp huyện, xã từ ngày 21/7đến 20/8/2021\n\n30/08/2021", "2021-08"),
    ("dev texts", "", "Trong báo cáo kết quả thực hiện cải cách hành chính 10 tháng đầu năm 2025 và các nhiệm vụ trọng tâm "
                      "những tháng cuối năm 2025, Bộ Nội vụ cho biết", "2025-10M"),
    ("dev texts", "", "Báo cáo công tác kiểm soát thủ tục hành chính (TTHC) quý 3/2025 của UBND TPHCM", "2025-Q3"),
    ("dev texts", "", "Lâm Đồng: Đẩy mạnh việc cải cách hành chính trong 7 tháng đầu năm 2024", "2024-7M"),
    ("dev texts", "", "Kết quả giải quyết TTHC ... cấp tỉnh, huyện, xã tháng 9 và quý III/2021\n\n29/09/2021", "2021-09"),
    ("dev texts", "", "Chỉ số CCHC và Chỉ số Hài lòng Sipas 2022 của tỉnh Sơn La", "2022"),
    # a plan year, then a finer period leading the results
    ("dev texts", "", "Ngay từ đầu năm 2024, UBND xã Tân Thành Bình đã sớm hoàn thành và triển khai thực hiện các kế hoạch "
                      "về thực hiện công tác CCHC năm 2024.\n\nPhó chủ tịch UBND xã cho biết: Trong 10 tháng năm 2024, Bộ phận "
                      "một cửa xã đã tiếp nhận", "2024-10M"),
    # a horizon is not the report's period; the dateline's year is
    ("dev texts", "", "chủ trì cuộc họp ..., ngày 24/9/2024.\n\nNghị quyết số 01/NQ-TU ngày 31/12/2020 ... giai đoạn 2021-2025 "
                      "định hướng đến năm 2030, xác định mục tiêu cơ bản đến năm 2025: trên 90%", "2024"),
    # no year anywhere: no period rather than a guess
    ("dev texts", "", "(BTV) Tháng 10, Trung tâm Hành chính công tỉnh đã đẩy mạnh triển khai các giải pháp", None),
    # real Word files
    ("real files", "Công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026 tỉnh Lâm Đồng", "", "2026-Q1"),
    ("real files", "Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng", "", "2026"),
    # other Lâm Đồng files (no gold): a plan for years; a draft's blank date is not a month
    ("real files", "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng", "", "2026-2030"),
    ("real files", "", "Số:           /BC-SNV\tLâm Đồng, ngày       tháng 11 năm 2025", "2025"),
    ("real files", "Kết quả triển khai thực hiện Tổ Công tác triển khai Đề án 06 ... gắn với Đề án 06 tháng 3/2026", "", "2026-03"),
]


@pytest.mark.parametrize("origin, title, body, label", REPORT)
def test_report_period(origin, title, body, label):
    p = report_period(title, body)
    assert (p.label if p else None) == label


@pytest.mark.parametrize("origin, text, label", [
    ("domain", "6 tháng cuối năm 2024", "2024-H2"),
    ("domain", "9 tháng năm 2024", "2024-9M"),
    ("domain", "Quý IV/2024", "2024-Q4"),
    ("domain", "quý III năm 2025", "2025-Q3"),
    ("domain", "tháng 12 năm 2025", "2025-12"),
    ("domain", "3 tháng đầu năm 2025", "2025-Q1"),          # three months from January are the first quarter
    ("domain", "ngày 15 tháng 3 năm 2025", "2025"),          # a date is not a month period
    ("domain", "trong thời hạn 06 tháng", None),             # a duration is not a period
    ("domain", "so với năm 2022", None),                     # a comparison is not the report's
])
def test_period_labels(origin, text, label):
    p = period_in(text)
    assert (p.label if p else None) == label


@pytest.mark.parametrize("origin, text, window, label", [
    ("seeds", "từ ngày 15/12/2024 đến ngày 14/3/2025", (date(2024, 12, 15), date(2025, 3, 14)), "2025-Q1"),
    ("dev texts", "trong tháng 01/2025 (từ ngày 15/12/2024 đến ngày 14/01/2025)", (date(2024, 12, 15), date(2025, 1, 14)), "2025-01"),
    ("dev texts", "từ ngày 21/7đến 20/8/2021", (date(2021, 7, 21), date(2021, 8, 20)), "2021-08"),
    ("domain", "từ ngày 15/12/2024 đến ngày 14/10/2025", (date(2024, 12, 15), date(2025, 10, 14)), "2025-10M"),
    ("domain", "từ ngày 01/01/2025 đến ngày 30/6/2025", (date(2025, 1, 1), date(2025, 6, 30)), "2025-H1"),
])
def test_windows_are_named_by_their_end(origin, text, window, label):
    assert data_window(text) == window
    assert period_in(text).label == label


# a period named for one number: (clause before it, text after it, label)
FACT = [
    ("seeds", "Năm 2022: Tiếp nhận và giải quyết ", "", "2022"),
    ("seeds", "Năm 2022, 2023: đạt ", "", "2022-2023"),
    ("seeds", "(năm 2022: 01 tiến sĩ và 06 thạc sĩ, năm 2023: ", "", "2023"),
    ("seeds", "giảm 01 bậc so với năm 2022 (đạt ", "", None),
    ("seeds", "kết quả từ 324 thủ tục hành chính (đầu năm 2021) xuống còn ", " thủ tục hành chính (tính đến tháng 12/2023)", "2023"),
    ("seeds", "kết quả từ ", " thủ tục hành chính (đầu năm 2021) xuống còn 270", "2021"),
    ("seeds", "Trong quý I năm 2025, UBND thị xã ban hành ", "", "2025-Q1"),
    # results or stocks "to" a date or month keep the report's period (README rule)
    ("seeds", "Kết quả thực hiện đến tháng 3/2025, Ủy ban nhân dân triển khai thực hiện đạt ", " chỉ tiêu", None),
    ("dev texts", "Tính đến ngày 22/1/2025, Quảng Nam có ", " TTHC cung cấp dịch vụ công", None),
    ("seeds", "³ Từ tháng 01/2022 đến tháng 12/2023 thành phố tiếp nhận ", " phản ánh", "2022-2023"),
    ("seeds", "nên việc cắt giảm ", " biên chế sự nghiệp giai đoạn 2022 - 2025 ảnh hưởng", "2022-2025"),
    ("seeds", "trên địa bàn thị xã An Nhơn năm 2025, cụ thể: Số lượng cán bộ, công chức xã, phường là ", " người", "2025"),
    ("dev texts", "Chỉ trong tháng 12/2025, ", " thủ tục hành chính thiết yếu", "2025-12"),
    ("dev texts", "Chỉ số Sipas giảm khá sâu (8, 12%), từ ", " (2021) xuống 82,18%", "2021"),
    ("dev texts", "so với các kỳ báo cáo tháng 7 giảm ", "", None),
    ("dev texts", "tăng 5 bậc so năm 2022, nằm trong nhóm B - nhóm các tỉnh, thành phố đạt kết quả Chỉ số từ ", "% - 90%", None),
    ("dev texts", "xác định mục tiêu cơ bản đến năm 2025: trên ", "% tổng số hồ sơ", "2025"),
    ("dev texts", "Trong 10 tháng năm 2024, Bộ phận một cửa xã đã tiếp nhận, giải quyết và trả kết quả ", " hồ sơ", "2024-10M"),
    ("real files", "Tổng thu ngân sách ước thực hiện đến ngày 25/02/2026 là ", " tỷ đồng", "2026-2M"),
    ("real files", "Tổng kế hoạch vốn đầu tư phát triển năm 2026 là: ", " triệu đồng", "2026"),
]


@pytest.mark.parametrize("origin, clause, after, label", FACT)
def test_fact_periods(origin, clause, after, label):
    p = fact_period(clause, after)
    assert (p.label if p else None) == label


def test_a_month_without_its_year_takes_the_reports():
    assert fact_period("Trong tháng 10, các Sở, ban, ngành tiếp nhận gần ", "", date(2024, 12, 31)).label == "2024-10"
    # a month after the report's end is of the year before ("tháng 12" in a report on 2026-Q1)
    assert fact_period("Trong tháng 12, tỉnh tiếp nhận ", "", Q1_2026.end).label == "2025-12"
    assert fact_period("Trong quý 3, thành phố đạt ", "", date(2025, 12, 31)).label == "2025-Q3"


# a period whose sentence or paragraph it leads: (paragraph up to the number, label)
LEAD = [
    ("seeds", "⁴ Năm 2022: Tiếp nhận và giải quyết 129.213 hồ sơ, ...; cấp phường, xã tiếp nhận và giải quyết ", "2022"),
    ("dev texts", "Tháng 9/2021, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận mới 4.131 hồ sơ, ... đến hạn giải "
                  "quyết là 4.169 hồ sơ. Đã có kết quả trả trước và đúng hạn là ", "2021-09"),
    ("dev texts", "Mục tiêu đến hết năm 2025: - 100% biểu mẫu điện tử được cập nhật trên Hệ thống. - ", "2025"),
    ("dev texts", "Phó chủ tịch UBND xã cho biết: Trong 10 tháng năm 2024, Bộ phận một cửa xã đã tiếp nhận 4.572/4.572 "
                  "hồ sơ. Trong đó, tiếp nhận, giải quyết và trả kết quả theo cơ chế một cửa ", "2024-10M"),
    ("real files", "- Đối với việc sắp xếp, tổ chức lại các cơ quan, tổ chức hành chính: Ngày 03/7/2025, Hội đồng nhân dân "
                   "tỉnh Lâm Đồng ban hành Nghị quyết số 03/NQ-HĐND về việc thành lập các cơ quan chuyên môn (gồm ", "2025-07"),
    # a list opened in a parenthesis that has closed does not reach the number
    ("seeds", "Đến năm 2023: đã đạt 01 chỉ tiêu (Số đơn vị sự nghiệp giảm 12,8% (chỉ tiêu giao đến năm 2025: giảm ít "
              "nhất 10%). Số lượng người làm hưởng lương từ ngân sách giảm ", "2023"),
    # an event's date leads only its own sentence
    ("real files", "Ngày 22/01/2026, Tỉnh đã tổ chức Hội nghị. Tổng số nhiệm vụ được giao là ", None),
]


@pytest.mark.parametrize("origin, before, label", LEAD)
def test_lead_periods(origin, before, label):
    p = lead_period(before, len(before))
    assert (p.label if p else None) == label


@pytest.mark.parametrize("origin, sentence, label", [
    ("real files", "Ủy ban nhân dân tỉnh ban hành Quyết định số 519/QĐ-UBND ngày 06/02/2026 công bố Chỉ số cải cách hành "
                   "chính năm 2025 của các cơ quan (kết quả: ... có 11/15 đơn vị xếp loại Tốt; cấp xã có ", "2025"),
    ("real files", "+ Tổng thu ngân sách địa phương ước thực hiện đến ngày 25/02/2026 là 8.824 tỷ đồng; đạt ", "2026-2M"),
    ("dev texts", "Bộ Nội vụ công bố PAR INDEX 2024; tỉnh Bình Thuận tăng mạnh nhất với ", "2024"),
    ("seeds", "đã thực hiện giao và phân bổ chi tiết kế hoạch vốn đầu tư công năm 2023 là 281.318 triệu đồng; "
              "thực hiện giải ngân vốn đầu tư đến thời điểm hiện tại là ", None),
])
def test_periods_of_a_whole_sentence(origin, sentence, label):
    p = sentence_period(sentence)
    assert (p.label if p else None) == label


@pytest.mark.parametrize("origin, sentence, current, label", [
    ("dev texts", "Chỉ số CCHC năm 2022 của tỉnh giảm nhẹ, gần 1 điểm % so với năm 2021,  từ ", None, "2021"),
    ("domain", "Giá trị trung bình toàn quốc tăng 1,39% so với năm trước (đạt ", Period.year(2024), "2023"),
    ("domain", "số hồ sơ tiếp nhận tăng so với cùng kỳ (đạt ", Q1_2026, "2025-Q1"),
    ("domain", "số hồ sơ tiếp nhận tăng so với cùng kỳ năm 2024 (đạt ", Period.quarter(2025, 1), "2024-Q1"),
])
def test_compared_periods(origin, sentence, current, label):
    p = compared_period(sentence, None, current)
    assert (p.label if p else None) == label


def test_a_span_referred_back_to():
    before = ("theo kế hoạch đề ra giai đoạn 2022-2026. Tổng số người làm việc tinh giản trong giai đoạn này là ")
    assert span_referred("Tổng số người làm việc tinh giản trong giai đoạn này là ", before).label == "2022-2026"
    assert span_referred("Tổng số người làm việc tinh giản là ", before) is None


@pytest.mark.parametrize("origin, near, after, subject, annual", [
    ("dev texts", "đã được tái cấu trúc (mỗi năm phát sinh ", " hồ sơ); sẵn sàng", "", True),
    ("dev texts", "giúp tiết kiệm chi phí tuân thủ ít nhất là 1.652 tỷ mỗi năm (giảm ", "%)", "", True),
    ("dev texts", "mỗi TTHC rút ngắn thì tiết kiệm được ước khoảng ", " triệu đồng/năm. Song song", "", True),
    ("real files", "", "", "2.1 Tổng số biên chế được giao trong năm Người ", True),
    ("real files", "Tổng thu ngân sách ước thực hiện đến ngày 25/02/2026 là 8.063 tỷ đồng, đạt ", "% dự toán", "", False),
    ("real files", "Lũy kế giải ngân đến hết ngày 25/02/2026 là 230.473 triệu đồng/13.203.300 triệu đồng; đạt ",
     "% kế hoạch năm.", "", False),
])
def test_annual_quantities(origin, near, after, subject, annual):
    assert per_year(near, after, subject) is annual


# --- a table titled with another period than the report's (real Lâm Đồng files) -------------
CAPTIONS = [
    # BC 184/BC-SNV (2025): its tables give the 2024 results of each index
    ("I. CHỈ SỐ CẢI CÁCH HÀNH CHÍNH (PAR INDEX) 1. Kết quả Chỉ số năm 2024", "2025", "2024"),
    ("I. VỀ KẾT QUẢ CÁC CHỈ SỐ NĂM 2024 CỦA TỈNH", "2025", "2024"),
    # the QĐ công bố: the year of the decision in its annex note is not the table's
    ("của Chủ tịch UBND tỉnh Lâm Đồng) Phụ lục II KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND "
     "CÁC XÃ, PHƯỜNG, ĐẶC KHU (Kèm theo Quyết định số /QĐ-UBND ngày tháng 02 năm 2026 của Chủ tịch UBND "
     "tỉnh Lâm Đồng)", "2025", None),
    # seed 000: the index year above a quarterly report's ranking keeps the report's finer period
    ("Chỉ số cải cách hành chính năm 2025 của các xã, phường", "2025-Q1", None),
    ("Kết quả giải quyết hồ sơ", "2025-Q1", None),
]


@pytest.mark.parametrize("caption, report, expected", CAPTIONS)
def test_a_table_titled_with_another_period_is_of_that_period(caption, report, expected):
    from normalizers.periods import Period, caption_period
    current = Period.quarter(2025, 1) if report == "2025-Q1" else Period.year(int(report))
    found = caption_period(caption, current.end, current)
    assert (found.label if found else None) == expected
