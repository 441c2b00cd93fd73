"""One-off record of how tests/data/gold/*.jsonl gained entity, period, role and comparator.

A draft was produced from the context layer, read line by line against each report, and the
lines below were corrected by hand (reasons beside them). The shared SPEC fields (doc, start,
end, text, kind, value, denominator, unit, note) are untouched. Kept so the labelling can be
reviewed; running it again would re-draft from the current code, so it is not part of the build.
"""
OVERRIDES = {
    # (doc prefix, start): {field: value}                         why
    ("000", 13016): {"period": "2025"},                 # 223 người: 2025 quota, same list as the 348
    ("001", 8269): {"entity": "cấp xã"},                # "cấp xã: 151 thủ tục (... mức độ còn lại 64"
    ("001", 12320): {"role": "target", "comparator": "=", "period": "2022-2026"},  # planned reduction
    ("001", 16524): {"role": "target", "comparator": "="},                       # kế hoạch vốn 2023
    ("002", 10094): {"role": "target", "comparator": "="},  # "chuẩn bị ... áp dụng 01 mô hình" (planned)
    ("002", 17541): {"entity": "tỉnh Đồng Tháp"},       # "dữ liệu số hóa tỉnh đạt 92,31%"
    ("003", 9975): {"period": "2023"},                  # "Đến năm 2023: ... giảm 12,8%"
    ("003", 10078): {"period": "2023"},
    ("003", 10879): {"period": "2022-2023"},            # target of the 2021-2025 resolution, no year given
    ("003", 15614): {"entity": "cấp phường, xã"},       # 37/147 reduction rate of the communes
    ("003", 15635): {"entity": "cấp phường, xã", "role": "change", "comparator": None},
    ("003", 15855): {"entity": "cấp phường, xã"},       # "UBND 16 phường, xã cung cấp 70/110 DVCTT"
    ("003", 15898): {"entity": "cấp phường, xã"},
    ("003", 15920): {"entity": "cấp phường, xã"},
    ("003", 35486): {"entity": "thành phố Phan Rang-Tháp Chàm"},  # "trên địa bàn thành phố"
    ("003", 38316): {"period": "2021"},                 # PAPI 2021 up 44 places on 2020
    ("003", 43026): {"role": "actual", "comparator": None},       # "hiện nay chỉ đạt 05/52"
    ("003", 48623): {"period": "2025"},                 # target to 2025
    ("003", 57083): {"role": "target", "comparator": "=", "period": "2022-2025"},  # required 10% cut
    ("004", 17639): {"entity": "xã Nhơn Hậu"},          # a row of the plan's own targets
}
