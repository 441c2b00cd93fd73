"""A cue that must fill a table cell is written in indicators.toml as two cues, the cell opening the
text ('^...') and a cell after a '|' ('\\|...'), for `regex` to jump to the '|'. Together they find
the matches the one cue '(?:^|\\|)...' found, on every text the mapper searches cues in over the
sample reports (the words before, within and after every number) and on made-up rows.
"""
from __future__ import annotations

import pytest

from normalizers import patterns
from normalizers.indicators import _FLAGS, load_indicator_rules
from tests.test_indicator_shortcuts import _readings


@pytest.fixture(scope="module")
def rules():
    return load_indicator_rules()


def _cells(rules) -> list[tuple]:
    """(indicator id, the one cue as it was written, the cue opening the text, the cue after a '|')."""
    out = []
    for ind in rules.indicators:
        cues = [p.pattern.removeprefix("(?-f)") for p in ind.cues]
        for first, bar in zip(cues, cues[1:]):
            if first.startswith("^") and bar == "\\|" + first[1:]:
                out.append((ind.id, patterns.compile("(?:^|\\|)" + first[1:], _FLAGS),
                            patterns.compile(first, _FLAGS), patterns.compile(bar, _FLAGS)))
    return out


ROWS = ["| Cải cách thể chế | 9,38/ 10 | 93,8% | 20/63", "2 | Cải cách thể chế | 9,38", "Cải cách thể chế",
        "Cải cách thể chế | 9", "|Cải cách thể chế|", "||Cải cách thể chế||", "| 2. Cải cách thể chế (x) |",
        "|Cải cách thể chế | Cải cách thể chế | Cải cách tài chính công |", "| IV. Cải cách TTHC", "|",
        "Tác động của cải cách hành chính đến người dân | 7 | Tác động của CCHC |", " Cải cách thể chế ",
        "II Hiện đại hóa hành chính|Chính quyền điện tử, chính quyền số|", "x | Công tác chỉ đạo, điều hành CCHC",
        "| Cải cách chế độ công vụ, công chức (tối đa 10) | 8", "Cải cách thể chế (a|b)", "\n| Cải cách thể chế"]


def test_the_two_cell_cues_find_what_the_one_found(rules, know, monkeypatch):
    cells = _cells(rules)
    # every component of the PAR INDEX that is named by its own cell is written so
    assert len(cells) == sum(ind.id.startswith("par_index.") and ind.id not in ("par_index.score", "par_index.rank",
                                                                               "par_index.points")
                             for ind in rules.indicators) == 8
    texts = set(ROWS) | {row.upper() for row in ROWS}
    for r in _readings(know, monkeypatch):
        texts |= {r.window, r.segment, r.text[:r.span.start], r.tail}
    found = 0
    for text in texts:
        for _, one, first, bar in cells:
            plain = [m.span() for m in one.finditer(text)]
            assert sorted([m.span() for m in first.finditer(text)] + [m.span() for m in bar.finditer(text)]) == plain, \
                text
            found += len(plain)
    assert found > 20
