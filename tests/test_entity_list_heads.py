"""list_levels reads outside a head's list only the lines holding a head's marks
(normalizers/entities.py, who.list_head_marks: its requirements made of ASCII characters other than
letters, a colon): it answers what the loop reading every line answers, on every sample report and
development text, on the passages of tests/corpus/entities_cases.tsv and on written lists, and no
line with a head lacks the marks.
"""
from __future__ import annotations

from pathlib import Path

from normalizers.documents import DocumentMeta
from normalizers.entities import _item_key, _levels_entity, list_levels, load_who_rules
from normalizers.literals import may_match_all
from tests.conftest import ROOT, SAMPLES

CASES = Path(__file__).parent / "corpus" / "entities_cases.tsv"
LISTS = [
    "- Cấp tỉnh: Tổng số 290 đơn vị; gồm:\n+ Đơn vị tự đảm bảo: 11 đơn vị;\n+ Đơn vị khác: 279 đơn vị\n"
    "Đoạn văn 3 câu.\n+ Đơn vị tự đảm bảo: 12 đơn vị\n- Cấp huyện, xã: gồm:\n  + Đơn vị khác: 5 đơn vị",
    "a) CẤP TỈNH VÀ HUYỆN:\n* Hồ sơ: 4\n+ Hồ sơ: 5\n1.2. cấp xã :\n+ Hồ sơ: 6\n+ Thủ tục 7\nKết luận: 8",
    "+ Mở đầu 1\n- Cấp bộ: 2\n\n+ Sau dòng trống 3\n• cấp xã và cấp tỉnh: 9\n+ Mục 10\n- Không phải đầu mục 11\n+ Mục 12",
]


def _plain(text: str, who, meta) -> dict:
    """list_levels reading every line, as it read them before the marks."""
    out, seen, current = {}, set(), None
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if who.list_item.match(line):
            key = _item_key(line)
            if current is not None and key:
                if key in seen:
                    out.pop(key, None)
                else:
                    out[key] = current
                seen.add(key)
            continue
        m = who.list_head.match(line)
        current = _levels_entity(m["levels"], who, meta)[:2] if m else None
    return out


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    rows = [l.split("\t") for l in CASES.read_text(encoding="utf-8").splitlines() if "\tpassage\t" in l]
    passages = [r[3].replace("\\n", "\n").replace("[[", "").replace("]]", "") for r in rows]
    return [p.read_text(encoding="utf-8") for p in paths] + passages + LISTS


def test_lines_without_a_heads_marks_are_skipped_with_the_same_levels(know):
    who, gaz = load_who_rules(), know.gazetteer
    assert who.list_head_marks is not None                # the shortcut is taken
    district = next(u for u in gaz.units.values() if u.level == "district")
    metas = [DocumentMeta(), DocumentMeta(unit=district, province_unit=gaz.units[district.province_id])]
    heads = listed = 0
    for text in _texts():
        for line in text.split("\n"):
            if who.list_head.match(line.strip()):
                heads += 1
                assert may_match_all(who.list_head_marks, line.strip()), line
        for meta in metas:
            got = list_levels(text, who, meta)
            assert got == _plain(text, who, meta), text[:200]
            listed += len(got)
    assert heads >= 8 and listed >= 10
