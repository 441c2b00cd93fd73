"""The unit-name pattern and the other mention patterns tried only where one of the strings they
start with stands (literals.starts, literals.matches_at_starts) find what finditer finds, on windows of the
sample reports and the dev texts (every place, not only where a gate opens them), on their
capitalised and upper-case forms too; and `starts` reads what a match can start with, not less.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from normalizers.context import load_context_rules
from normalizers.entities import _mention_gates, load_who_rules
from normalizers.literals import fold, matches_at_starts, starts, starts_of

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
DEV = Path(__file__).parent / "data" / "dev" / "texts"


@pytest.fixture(scope="module")
def windows() -> list[str]:
    """Every 130 characters from every 7th position of the sample reports and dev texts."""
    out = []
    for path in SAMPLES + sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[i:i + 130] for i in range(0, len(text), 7)]
    assert len(out) > 5000
    return out


def _spans(matches) -> list:
    return [(m.span(), m.groupdict()) for m in matches]


def test_unit_named_tried_at_its_starts_finds_what_finditer_finds(windows):
    who = load_who_rules()
    begins = who.unit_named_starts
    assert begins and "ubnd" in begins and "xã" in begins
    found = 0
    for w in windows:
        for text in (w, w.upper(), w.title(), w[40:]):
            want = _spans(who.unit_named.finditer(text))
            assert _spans(matches_at_starts(who.unit_named, begins, text, fold(text))) == want, text
            found += len(want)
    assert found > 1000


def test_mention_patterns_tried_at_their_starts_find_what_finditer_finds(windows):
    who = load_who_rules()
    begins = _mention_gates(load_context_rules(), who).begins
    read = [p for p, b in begins.items() if b is not None]
    assert len(read) >= 10
    found = 0
    for pattern in read:
        for w in windows[::3]:
            for text in (w, w.upper()):
                want = _spans(pattern.finditer(text))
                assert _spans(matches_at_starts(pattern, begins[pattern], text, fold(text))) == want, (pattern.pattern, text)
                found += len(want)
    assert found > 1000


def test_starts_left_by_the_gates_find_what_finditer_finds(windows):
    """Each pattern the gates open, tried at the starts they leave (not those holding a gate word
    the text lacks), finds what finditer finds."""
    gates = _mention_gates(load_context_rules(), load_who_rules())
    found = narrowed = 0
    for w in windows:
        for text in (w, w[50:]):
            run = gates.open(fold(text))
            for pattern in run.runnable:
                left = run.begins[pattern]
                if left is None:
                    continue
                narrowed += len(left) < len(gates.begins[pattern])
                want = _spans(pattern.finditer(text))
                assert _spans(matches_at_starts(pattern, left, text, fold(text))) == want, (pattern.pattern, text)
                found += len(want)
    assert found > 1000 and narrowed > 1000


def test_starting_searches_where_the_fold_has_another_length():
    who = load_who_rules()
    text = "Straße tỉnh Bình Thuận và huyện Tuy Phong"
    assert len(fold(text)) != len(text)
    assert _spans(matches_at_starts(who.unit_named, who.unit_named_starts, text, fold(text))) == \
        _spans(who.unit_named.finditer(text))


@pytest.mark.parametrize("pattern, want", [
    (r"(?<![\p{L}.])(?:UBND\s+)?(?i:tỉnh|thành\s+phố)\s+X", ("thành", "tỉnh", "ubnd")),
    (r"(?:ab)?c", ("ab", "c")),
    (r"\bxy+z", ("x",)),
    (r"(?i:TP\.|tp)", ("tp",)),                 # "tp." starts with "tp": where it stands, so does "tp"
    (r"a?b", None),                             # an optional letter
    (r"(?:a|)b", None),                         # a branch that matches nothing
    (r"[ab]c", None),                           # a class
    (r"x\Ky", None),                            # \K moves the start
    (r"(?=a)", None),                           # nothing but zero width
])
def test_starts(pattern, want):
    assert starts(pattern) == want


@pytest.mark.parametrize("pattern", [r"(?:ab)?c", r"\bxy+z", r"(?i:TP\.|tp)Q", r"(?<!\p{L})(?:Ủy|UBND)\s+a"])
def test_every_match_starts_with_one_of_its_starts(pattern):
    compiled = regex.compile(pattern, regex.V1)
    begins = starts(pattern)
    text = "abc c xyyz xz Tp.Q TPQ tpQ Ủy a ủy a UBND a xUBND a"
    found = list(compiled.finditer(text))
    assert found
    for m in found:
        assert any(fold(text)[m.start():].startswith(b) for b in begins), m


def test_starts_of_a_compiled_pattern_only_where_its_text_reads_as_written():
    """starts_of reads the pattern's text only where its flags keep its meaning: not a verbose
    pattern (its spaces are not literal), nor one tried from the end (REVERSE)."""
    assert starts_of(regex.compile(r"(?:ab)?c", regex.V1)) == ("ab", "c")
    assert starts_of(regex.compile(r"a b|c", regex.V1 | regex.VERBOSE)) is None
    assert starts_of(regex.compile(r"(?:ab)?c", regex.V1 | regex.REVERSE)) is None
