"""counted_holder asks the counted patterns as one alternation (who.counted_any, normalizers/
entities.py) before asking them one by one: the alternation matches at the start of exactly the
texts one of them matches, on the words after every count and every 7th position of the sample
reports and development texts and on written counts, so the holders found are those found asking
each pattern.
"""
from __future__ import annotations

from normalizers.documents import DocumentMeta
from normalizers.entities import counted_holder, load_who_rules
from tests.conftest import ROOT, SAMPLES

COUNTS = [" tỉnh, thành phố ghi nhận", "  Bộ, ngành đã", "\nhuyện, thị xã", " xã, phường, thị trấn có", " địa phương",
          " tỉnhx", " TỈNH, THÀNH PHỐ", "", " 5 xã", "xã", " đặc khu đã", " cơ quan ngang bộ"]


def _afters(who) -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    out = list(COUNTS)
    for path in paths:
        text = path.read_text(encoding="utf-8")
        out += [text[m.end() - 1:m.end() + 80] for m in who.count.finditer(text)]
        out += [text[i:i + 80] for i in range(0, len(text), 7)]
    return out


def test_the_alternation_matches_where_one_counted_pattern_matches(know):
    who, gaz = load_who_rules(), know.gazetteer
    district = next(u for u in gaz.units.values() if u.level == "district")
    meta = DocumentMeta(unit=district, province_unit=gaz.units[district.province_id])
    every = frozenset(p for p, _ in who.counted)       # given `runnable`, it asks each pattern as before
    matched = held = 0
    for after in _afters(who):
        one = any(p.match(after) for p, _ in who.counted)
        assert (who.counted_any.match(after) is not None) == one, after
        matched += one
        for count in ("12", "31/124", "5/63"):
            got = counted_holder(after, who, meta, count=count)
            assert got == counted_holder(after, who, meta, count=count, runnable=every), after
            held += got is not None
    assert matched > 100 and held > 100
