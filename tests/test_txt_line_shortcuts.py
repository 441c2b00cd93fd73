"""blocks_from_lines' per-line shortcuts give the plain forms' answers: a heading judged on the line
stripped once (and not matched against the numbered-heading pattern where its first character is an
ASCII one the pattern cannot open with, nor searched for a-z where "n" or "h" is written), and a blank
line told by str.isspace instead of a stripped copy — on every line of the sample and development
texts, on phrases at the edges, and on every character."""
from __future__ import annotations

import regex

from extractors.text_layout import _ASCII_LOWER, _NUMBERED_FIRST, _NUMBERED_HEADING, is_heading_stripped, is_heading
from extractors.txt import blocks_from_lines
from extractors.document import BlockKind
from tests.conftest import DEV_TEXTS, SAMPLES

PHRASES = ["I. CÔNG TÁC", "1.2. Kết quả", "a) Về thể chế", "đ) Nội dung", "BÁO CÁO", "PHỤ LỤC 1", "- abc", "**II. X**",
           "IV.  Nhiệm vụ;", "12. Abc,", "x) Y", "C. Đ", "  ", "\u3000Ab", "１. Ａ", "٣. Ab", "ABCD h", "ABCD n", "ĐẢNG ỦY",
           "L. Ab", "z) Ab", "(1) Ab", "+ Ab", "*", "****", "A" * 201, "1. " + "A" * 170]


def _plain_is_heading(line: str) -> bool:
    """is_heading as first written."""
    s = line.strip().strip("*").strip()
    if not s or len(s) > 200:
        return False
    if _NUMBERED_HEADING.match(s) and len(s) < 160 and not s.rstrip().endswith((";", ",")):
        return True
    if _ASCII_LOWER.search(s):
        return False
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _lines() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(DEV_TEXTS.glob("*.txt"))
    return [line for p in paths for line in p.read_text(encoding="utf-8").split("\n")] + PHRASES


def test_headings_are_the_plain_form_s():
    lines = _lines()
    for line in lines:
        assert is_heading(line) == is_heading_stripped(line.strip()) == _plain_is_heading(line), line
    assert sum(map(_plain_is_heading, lines)) > 50          # the lines do hold headings


def test_numbered_heading_first_characters():
    """Every ASCII character the pattern's first item can match is in _NUMBERED_FIRST."""
    first = regex.compile(r"[IVXLC]|\d|[a-zđ]")
    for c in map(chr, range(128)):
        assert (c in _NUMBERED_FIRST) == bool(first.match(c)), c
        assert c in _NUMBERED_FIRST or not _NUMBERED_HEADING.match(c + "1. Ab") and not _NUMBERED_HEADING.match(c + ". Ab")


def test_blank_lines_are_those_stripped_empty():
    for c in map(chr, range(0x110000)):
        assert (not c or c.isspace()) == (not c.strip()), hex(ord(c))


def test_blocks_are_those_of_stripped_lines():
    """Each paragraph or heading block spans its line stripped, whether or not it had spaces."""
    text = "\n".join(_lines())
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    blocks = [b for b in blocks_from_lines(text) if b.kind != BlockKind.TABLE_CELL]
    want = [(i, _plain_is_heading(l)) for i, l in enumerate(lines) if l.strip() and "\t" not in l]
    assert len(blocks) == len(want)
    for b, (i, heading) in zip(blocks, want):
        line = lines[i]
        assert text[b.start:b.end] == line.strip()
        assert b.start == starts[i] + len(line) - len(line.lstrip())
        assert (b.kind == BlockKind.HEADING) == heading
