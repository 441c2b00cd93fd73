"""Consistency checks on real sentences of the seeds (and a few written cases): a percent
against its x/y, parts against their total, values over their bound."""
from __future__ import annotations

import pytest

from pipeline.facts import Knowledge, facts_of_text


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return Knowledge.load()


def checks(text: str, know: Knowledge) -> list[tuple[str, str, str, str | None]]:
    return [(c.check, c.severity, c.text, c.other_text) for c in facts_of_text(text, know).checks]


@pytest.mark.parametrize("text, expected", [
    # seed 002 (Hòa Thuận): the stated percents were swapped between two sentences
    ("Điểm trung bình nhóm chỉ số công khai, minh bạch trong thực hiện TTHC của Phường đạt 2,8/18 điểm, đạt 100%. "
     "Số hồ sơ đã đồng bộ lên Cổng DVCQG là 5.090/5.370 hồ sơ (đạt 15,5%).",
     [("restated_percent", "error", "100%", "2,8/18"), ("restated_percent", "error", "15,5%", "5.090/5.370")]),
    # seed 002: 21,4/22 = 97,27%, written 97,5% — off by a little: a warning, not an error
    ("Điểm trung bình của nhóm chỉ số này là 21,4/22 điểm, đạt 97,5%.",
     [("restated_percent", "warning", "97,5%", "21,4/22")]),
    # rounding and cutting are not contradictions: 98,14% written 98%, 14,58% written 14,5%
    ("có 4.685/4.774 đảng viên, đạt tỉ lệ 98%.", []),
    ("Số TTHC trực tuyến toàn trình có phát sinh hồ sơ (cấp xã) là: 07/48 thủ tục đạt 14,5%", []),
    # a percent before its x/y in parentheses
    ("Tỷ lệ xử lý văn bản hồ sơ công việc trong môi trường mạng đạt 90,2% (893/990 hồ sơ).", []),
    ("Tỷ lệ xử lý văn bản hồ sơ công việc trong môi trường mạng đạt 60,2% (893/990 hồ sơ).",
     [("restated_percent", "error", "60,2%", "893/990")]),
    # seed 001 (An Lão): 9.636 + 7 + 101 = 9.744, not 9.737
    ("Kết quả đến ngày 12/6/2023 toàn huyện đã tiếp nhận và giải quyết 9.737 hồ sơ (trong đó, giải quyết đúng hạn "
     "và sớm hạn 9.636 hồ sơ, trễ hạn 7 hồ sơ, chưa đến hạn 101 hồ sơ) tỉ lệ hồ sơ giải quyết đúng hạn đạt 99,9%.",
     [("parts_vs_total", "error", "9.737", "9.636 + 7 + 101")]),
    # seed 001: a "trong đó" list after a colon: 598 + 21 + 38 = 657, not 658
    ("Biên chế công chức: 75 biên chế; Biên chế sự nghiệp: 658 biên chế, trong đó: Sự nghiệp GD&ĐT: 598 biên chế; "
     "Sự nghiệp VH-TT: 21 biên chế và sự nghiệp khác: 38 biên chế.",
     [("parts_vs_total", "error", "658", "598 + 21 + 38")]),
    # seed 002: nested breakdowns that add up; the list stops where the parts make the total
    ("Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo 228 hồ sơ, trong đó: Số mới tiếp nhận trong kỳ: 225 hồ sơ "
     "(trực tuyến: 225 hồ sơ; trực tiếp: 00 hồ sơ); số từ kỳ trước chuyển qua: 03 hồ sơ (trực tuyến).", []),
    ("Số lượng TTHC hiện nay là: 329 thủ tục (trong đó trực tuyến toàn trình: 120 thủ tục, trực tuyến một phần 88 "
     "thủ tục, mức độ còn lại 121 thủ tục; cấp xã: 151 thủ tục (trong đó trực tuyến toàn trình: 52 thủ tục, trực "
     "tuyến một phần 35 thủ tục, mức độ còn lại 64 thủ tục.", []),
    # money parts: 174,497 + 273,9 = 448,397 tỷ đồng
    ("thẩm định 140 công trình gồm 949 gói thầu với tổng giá trị các gói thầu 448,397 tỷ đồng¹² (trong đó: năm 2022 "
     "có 354 gói thầu với tổng giá trị các gói thầu 174,497 tỷ đồng và Năm 2023 có 595 gói thầu với tổng giá trị "
     "các gói thầu 273,9 tỷ đồng).", []),
    # bounds
    ("Chỉ số DDCI: xếp thứ 8/7 huyện, thành phố.", [("rank_over_n", "error", "8/7", None)]),
    ("Điểm trung bình của nhóm chỉ số này là 21/20 điểm.", [("score_over_max", "error", "21/20", None)]),
    ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 104%.", [("percent_over_max", "error", "104%", None)]),
    # a share of a plan may exceed 100%; so may a change
    ("đã thu 1.675,605/ 1.301,964 tỷ đồng đạt 128,7% kế hoạch.", []),
])
def test_checks_on_sentences(text, expected, know):
    assert checks(text, know) == expected


def test_a_flag_keeps_both_numbers_and_places(know):
    text = "Số hồ sơ đã đồng bộ lên Cổng DVCQG là 5.090/5.370 hồ sơ (đạt 15,5%)."
    (c,) = facts_of_text(text, know).checks
    assert text[c.start:c.end] == "15,5%" and text[c.other_start:c.other_end] == "5.090/5.370"
    assert (c.value, c.other_value, c.expected) == (15.5, 5090, 94.79)
    assert c.message == "ghi 15,5% nhưng 5.090/5.370 = 94,79%"
