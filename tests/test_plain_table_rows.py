"""TableAssembler's shortcuts give the answers and state of its plain form, row after row: add_row
asking whether a row looks like a header only where the answer is read, and add_plain_row (a plain
text row, no Cell made for each text) — on every table row of the sample and development texts and
of the sample Word and PDF files, and on rows written to hit the header branches."""
from __future__ import annotations

import pytest

from extractors import extract
from extractors.text_layout import _STT, NUMBERING_CELL, TableAssembler, as_cells, is_header_row
from tests.conftest import DEV_TEXTS, SAMPLES


def _plain_add_row(t: TableAssembler, cells: list, continues: bool, header: bool | None = None):
    """TableAssembler.add_row as first written (every row asked is_header_row)."""
    cells = as_cells(cells)
    texts = [c.text for c in cells]
    first = texts[0].strip().upper() if texts else ""
    resumes = (not continues and t.headers and t.headers.get(0, "").upper() in _STT
               and bool(NUMBERING_CELL.match(first)))
    if resumes:
        continues = True
    if not continues:
        t.index += 1
        t._row = 0
        t.headers = {}
        t._last_was_header = False
    looks = is_header_row(texts) if header is None else header
    below_header = t._last_was_header and (
        cells[0].merged or (sum(1 for x in texts if x.strip()) > 1
                            and (not first or first == t.headers.get(cells[0].col, "").upper())))
    if looks and below_header and t._row > 0:
        t._extend_headers(cells)
        t._last_was_header = True
    elif looks and (t._row == 0 or first in _STT or header):
        t.headers = {}
        t._extend_headers(cells)
        t._last_was_header = True
    else:
        t._last_was_header = False
    row = t._row
    t._row += 1
    return t.index, row, [t.header_for(c.col, c.span) for c in cells], [c.col for c in cells]


def _state(t: TableAssembler):
    return t.index, dict(t.headers), t._row, t._last_was_header


PHRASES = [
    "STT\tChỉ tiêu\tKết quả", "\tĐiểm đạt được\tXếp hạng", "1\tTTHC\t12", "2\tHồ sơ\t1.234", "", "Chỉ số\tNăm 2024",
    "PAR Index\t85,5", "Lâm Đồng\t\t", "Đ\tiểm tự đánh giá\tGhi chú", "\tA\tB", "STT\tNội dung", "I\tCÔNG TÁC CHỈ ĐẠO",
    "1.1\tx\t2", "văn bản", "3\ty\t4", "TT\tĐơn vị\tSố", "\t\tMột", "Tên\tKết quả", "Tên\tKết quả\tThêm", "9\t9",
]


def _txt_rows() -> list[list[tuple[list[str], bool]]]:
    """Each text's rows as blocks_from_lines hands them over: (cells, continues)."""
    out = []
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")) + sorted(DEV_TEXTS.glob("*.txt"))]
    for text in texts + ["\n".join(PHRASES)]:
        rows, in_table = [], False
        for line in text.split("\n"):
            if not line.strip():
                in_table = False
            elif "\t" in line:
                rows.append((line.split("\t"), in_table))
                in_table = True
            else:
                in_table = False
        out.append(rows)
    return out


def test_plain_rows_are_add_row_s():
    n = 0
    for rows in _txt_rows():
        plain, short, direct = TableAssembler(), TableAssembler(), TableAssembler()
        for cells, continues in rows:
            want = _plain_add_row(plain, list(cells), continues)
            assert short.add_row(list(cells), continues) == want
            assert direct.add_plain_row(list(cells), continues) == want[:3]
            assert _state(short) == _state(plain) == _state(direct)
            n += 1
    assert n > 100


def test_header_rows_are_taken():
    """The test can fail: rows of the texts and phrases do extend headers below a header."""
    t = TableAssembler()
    answers = [t.add_plain_row(line.split("\t"), i > 0)[2] for i, line in enumerate(PHRASES[:3])]
    assert answers[1] == ["STT", "Chỉ tiêu | Điểm đạt được", "Kết quả | Xếp hạng"]
    assert answers[2][2] == "Kết quả | Xếp hạng"


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_layout_rows_are_add_row_s(suffix, monkeypatch):
    """Word and PDF rows (Cells with spans, merged cells, rows marked as headers) through add_row."""
    calls = []
    real = TableAssembler.add_row

    def record(self, cells, continues, header=None):
        calls.append((id(self), list(cells), continues, header))
        return real(self, cells, continues, header)

    monkeypatch.setattr(TableAssembler, "add_row", record)
    for p in sorted(SAMPLES.glob(f"*.{suffix}")):
        extract(p, p.read_bytes())
    monkeypatch.setattr(TableAssembler, "add_row", real)
    assert len(calls) > 20
    plain, short = {}, {}
    for key, cells, continues, header in calls:
        a, b = plain.setdefault(key, TableAssembler()), short.setdefault(key, TableAssembler())
        assert b.add_row(list(cells), continues, header) == _plain_add_row(a, list(cells), continues, header)
        assert _state(a) == _state(b)
