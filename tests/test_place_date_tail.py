"""The place and date line (documents._place_date) is searched only where what every match of it
holds from its comma on is written: the same match as rules.place_date.search on every window of
2,000 characters from a line start of the sample and development texts and on phrases at its edges;
and _after_group cuts a pattern only where its tail is a part of every match."""
from __future__ import annotations

import pytest
import regex

from normalizers.documents import _after_group, _place_date, load_document_rules
from tests.conftest import ROOT, SAMPLES

PHRASES = [
    "An Nhơn, ngày      tháng 3 năm 2025", "Số: /BC-UBND\tLâm Đồng, ngày  tháng 3 năm 2026",
    "AN NHƠN, NGÀY 5 THÁNG 3 NĂM 2025", "\n\n  Hòa Thuận,ngày15tháng3năm2025", "\t\n\t Huế ,  Ngày 1 Tháng 12 Năm 2024",
    "ban hành ngày 09/12/2021", "Nghị quyết 06-NQ/TU, ngày 09/12/2021", "x\n, ngày 1 tháng 2 năm 2020",
    "a\t, ngày 1 tháng 2 năm 2020", " , ngày 1 tháng 2 năm 2020", "An-Nhơn., ngày 1 tháng 2 năm 20",
    "Số 5, ngày 1 tháng 2 năm 2020\nAn Lão, ngày 3 tháng 4 năm 2021", "Huế, ngày 1 tháng 13 năm 2020",
]


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    windows = [t[k:k + 2000] for t in texts for k in [0] + [i + 1 for i, c in enumerate(t) if c == "\n"]]
    return windows + PHRASES + ["\n".join(PHRASES)]


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                         and a.groupdict() == b.groupdict())


def test_place_date_is_the_pattern_s_search():
    rules = load_document_rules()
    assert rules.place_date_tail is not None
    found = 0
    for head in _texts():
        plain = rules.place_date.search(head)
        assert _same(_place_date(head, rules), plain), head[:200]
        found += plain is not None
    assert found > 20                 # the windows and phrases do hold place and date lines


def test_the_gate_closes_where_no_line_is():
    rules = load_document_rules()
    assert not rules.place_date_tail.search("Nghị quyết 06-NQ/TU, ngày 09/12/2021")
    assert rules.place_date_tail.search("AN NHƠN, NGÀY 5 THÁNG 3 NĂM 2025")     # it ignores case, as the pattern


@pytest.mark.parametrize("pattern, tail", [
    (r"(?im)(?:^|\t)\s*(?P<place>[\p{L} .-]+?),\s*ngày", r"(?im),\s*ngày"),
    (r"(?i)a(?P<place>x|y)b", "(?i)b"),
    (r"[]()](?P<place>[^](])c", "c"),
    (r"[[a]--[(]](?P<place>x)[[b]||[c]](d|e)", "[[b]||[c]](d|e)"),
    (r"[(](?P<place>[)|])\)c", r"\)c"),
    (r"a|(?P<place>x)b", None),               # the group is not in every match
    (r"(a(?P<place>x))b", None),              # inside another group
    (r"(?P<place>x)?c", None),                # repeated
    (r"(?P<place>x)b|c", None),
    (r"(?P<d>a)(?P<place>x)(?P=d)", None),    # refers back
    (r"(a)(?P<place>x)\1", None),
    (r"a(?i)(?P<place>x)b", None),            # flags the tail would lose
    (r"(?x)a (?P<place>x) b", None),
    (r"ab", None),
])
def test_after_group(pattern, tail):
    assert _after_group(pattern, "place") == tail
    if tail is not None:                      # every match of the pattern holds one of the tail's
        for text in ("axb", "ayb", "]xc", "a(xbd", "(|)c", "A X B"):
            for m in regex.finditer(pattern, text, flags=regex.V1):
                assert regex.compile(tail, regex.V1).search(text, m.start())
