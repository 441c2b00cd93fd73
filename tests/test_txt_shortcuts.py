"""The shortcuts of reading a .txt report (extractors/txt.py, extractors/text_layout.py) give what
the straightforward forms they replace give.

Each is checked against the plain code it stands for, on every line of the sample reports and
the dev texts (and, for the count of characters that are not text, on every character there is):
a search for a letter a-z before looking at every letter of a line (is_heading), one scan for
Unicode's "C" instead of the set with its exceptions (_bad_chars), blocks and cells built without
their frozen __init__ (_block, _cell), kinds compared as the str they are (with_footnotes_marked).
"""
from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from extractors import extract, text_layout, txt
from extractors.document import Block, BlockKind
from tests.conftest import ROOT, SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))


def _lines() -> list[str]:
    lines = [line for path in TEXTS for line in path.read_text(encoding="utf-8").split("\n")]
    assert len(lines) > 1000
    return lines


def _plain_is_heading(line: str) -> bool:
    """is_heading before the a-z search: every letter looked at."""
    s = line.strip().strip("*").strip()
    if not s or len(s) > 200:
        return False
    if text_layout._NUMBERED_HEADING.match(s) and len(s) < 160 and not s.rstrip().endswith((";", ",")):
        return True
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def test_is_heading_answers_as_the_look_at_every_letter():
    lines = _lines() + ["BÁO CÁO KẾT QUẢ", "PHỤ LỤC 1", "ĐẢNG CỘNG SẢN VIỆT NAM", "Báo cáo", "ABC", "ÀBCD x",
                        "KẾT QUẢ ĐẠT ĐƯỢC ª", "KẾT QUẢ ĐẠT ĐƯỢC ⓐ", "ABCDˆ", "** TỔNG HỢP **"]
    headings = 0
    for line in lines:
        assert text_layout.is_heading(line) == _plain_is_heading(line), line
        headings += _plain_is_heading(line)
    assert headings > 20


def test_every_ascii_lower_case_letter_is_a_letter_not_in_capitals():
    """The shortcut's reason: a letter a-z is alphabetic and not upper case."""
    for c in "abcdefghijklmnopqrstuvwxyz":
        assert c.isalpha() and not c.isupper()
    assert all(bool(text_layout._ASCII_LOWER.search(chr(i))) == ("a" <= chr(i) <= "z") for i in range(0x3000))


def test_bad_characters_are_counted_as_the_set_finds_them():
    samples = [path.read_text(encoding="utf-8") for path in TEXTS]
    # every character there is (lone surrogates included), in pieces, and runs of the exceptions
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    samples += [every[i:i + 20000] for i in range(0, len(every), 20000)]
    samples += ["\n\r\t\f\u200b\u200c\u200d\u200e\u200f\ufeff\ufffd\x00\x85\u00ad" * 3, "", "abc"]
    for text in samples:
        assert txt._bad_chars(text) == len(txt._BAD_CHARS.findall(text))


def test_no_character_of_unicode_c_is_printable():
    """_only_breaks_and_tabs's reason: str.isprintable is False for every character `regex` reads as
    \\p{C}, whatever Unicode version each of them knows."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    others = txt._OTHER.findall(every)
    assert len(others) > 900000 and not any(ch.isprintable() for ch in others)


def test_the_printable_shortcut_is_taken_and_can_say_no():
    texts = [path.read_text(encoding="utf-8") for path in TEXTS]
    assert all(txt._only_breaks_and_tabs(t[:20000]) for t in texts[:5])      # the sample reports
    for text in ("a\x00b", "a\rb", "a\u200bb", "a\xadb", "a\ue000b", "a\x85b", "a\u0378b"):
        assert not txt._only_breaks_and_tabs(text) and txt._bad_chars(text) == len(txt._BAD_CHARS.findall(text))
    assert txt._bad_chars("a\n\tb\ufffd\ufffd") == 2


def test_a_block_is_what_its_constructor_builds():
    assert txt._block is not Block                    # the shortcut is taken for Block as it is
    made = [txt._block(BlockKind.PARAGRAPH, 3, 9), txt._block(BlockKind.HEADING, 0, 0),
            txt._block(BlockKind.TABLE_CELL, 5, 7, table=1, row=2, col=3, header="Kết quả | Điểm"),
            txt._block(BlockKind.TABLE_CELL, 5, 5, table=0, row=0, col=0, header=None)]
    plain = [Block(BlockKind.PARAGRAPH, 3, 9), Block(BlockKind.HEADING, 0, 0),
             Block(BlockKind.TABLE_CELL, 5, 7, table=1, row=2, col=3, header="Kết quả | Điểm"),
             Block(BlockKind.TABLE_CELL, 5, 5, table=0, row=0, col=0, header=None)]
    for a, b in zip(made, plain):
        assert a == b and hash(a) == hash(b) and list(vars(a).items()) == list(vars(b).items())
        assert replace(a, kind=BlockKind.FOOTNOTE) == replace(b, kind=BlockKind.FOOTNOTE)
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        made[0].start = 1


def test_a_cell_is_what_its_constructor_builds():
    assert text_layout._cell is not text_layout.Cell
    for a, b in ((text_layout._cell("12", 3), text_layout.Cell("12", 3)),
                 (text_layout._cell("", 0), text_layout.Cell("", 0))):
        assert a == b and hash(a) == hash(b) and list(vars(a).items()) == list(vars(b).items())


def _plain_with_footnotes_marked(doc):
    """with_footnotes_marked as it was: kinds as their enum values."""
    kinds = text_layout.mark_footnotes([doc.block_text(b) for b in doc.blocks], [b.kind.value for b in doc.blocks])
    doc.blocks = [b if b.kind.value == k else replace(b, kind=BlockKind(k)) for b, k in zip(doc.blocks, kinds)]
    return doc


def _plain_header_for(assembler, col, span=1):
    paths = [assembler.headers.get(g) for g in range(col, col + max(span, 1))]
    if len(set(paths)) <= 1:
        return paths[0]
    depth = lambda p: p.count(text_layout.HEADER_PATH_SEP) if p else -1
    deepest = max(depth(p) for p in paths)
    return next(p for p in reversed(paths) if depth(p) == deepest)


def test_footnotes_and_blocks_are_read_as_before():
    """Every .txt and .docx of samples/ and the dev texts: the same blocks, footnotes marked the
    same, and each block's header as the header of every column it covers decides."""
    footnotes = 0
    paths = TEXTS + sorted(SAMPLES.glob("*.docx"))
    for path in paths:
        doc = extract(Path(path))
        text = path.read_text(encoding="utf-8") if path.suffix == ".txt" else None
        if text is not None:
            plain = [Block(b.kind, b.start, b.end, b.page, b.table, b.row, b.col, b.header, b.merged)
                     for b in txt.blocks_from_lines(doc.text)]
            assert txt.blocks_from_lines(doc.text) == plain
        again = _plain_with_footnotes_marked(type(doc)(doc.path, doc.format, doc.text, list(doc.blocks)))
        assert again.blocks == doc.blocks
        footnotes += sum(b.kind is BlockKind.FOOTNOTE for b in doc.blocks)
    assert footnotes > 10
    assembler = text_layout.TableAssembler()
    assembler.add_row(["STT", "Đơn vị", "Kết quả", "", ""], continues=False)
    assembler.add_row(["", "", "Điểm", "Xếp hạng", "Ghi chú"], continues=True)
    for col in range(6):
        for span in (0, 1, 2, 3):
            assert assembler.header_for(col, span) == _plain_header_for(assembler, col, span)


def test_a_footnote_start_is_the_pattern_s_match():
    for line in _lines() + ["¹ Theo", "  ²³ Báo cáo", "⁴", "1 Theo", ""]:
        assert text_layout.is_footnote_start(line) == bool(text_layout.FOOTNOTE_START.match(line.strip()))
