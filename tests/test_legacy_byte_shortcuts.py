"""legacy_text's byte-level shortcut (extractors/legacy_fonts.py) gives the answer of the plain
form: where the UTF-8 bytes say "no glyph string" (letters led by "E1 BB" at least as many as the
bytes C2 and C3), counting the characters of the first 50,000 says so too, on the samples and on
texts built to sit on each side of every bound (a BOM, no-break spaces, the six characters after
the Vietnamese ones, letters past the 50,000th character, texts over 100,000 characters)."""
from __future__ import annotations

from extractors import legacy_fonts
from extractors.legacy_fonts import _may_be_glyphs, _unicode_by_bytes, legacy_text
from tests.conftest import ROOT, SAMPLES
from tests.test_legacy_fonts import _straight_may_be_glyphs

TEXTS = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
N = legacy_fonts._SAMPLE_CHARS


def _texts() -> list[str]:
    out = []
    for path in TEXTS:
        try:
            out.append(path.read_bytes().decode("utf-8-sig"))
        except UnicodeDecodeError:
            continue
    seed = out[0]
    latin_heavy, beyond_heavy = "é à " * 50, "ệ ộ " * 50       # 100 letters each side of the bar
    out += [
        seed.replace(" ", "\u00a0"),                                 # C2-led letters count as Latin-1
        seed + "\u00e9" * (seed.count("\u1ec7") * 3),               # Latin-1 ahead by a little
        seed + "ỻ" * 2000,                                           # led by E1 BB, not beyond Latin-1
        "ỻ" * 200 + latin_heavy,
        beyond_heavy + latin_heavy,
        beyond_heavy + latin_heavy + "é",
        "x" * (N - 300) + latin_heavy + beyond_heavy * 20,          # letters beyond past the sample
        "é" * 10 + "x" * (N - 10) + "ệ" * 20,                       # the sample ends just before them
        "é" * 10 + "x" * (N - 20) + "ệ" * 20,
        seed * 3, seed * 5,                                          # over 50,000 and 100,000 characters
        "é" * 500 + "x" * (2 * N) + "ệ" * 1000,
        "é" * 500 + "ệ" * 499 + "x" * (2 * N),
        "é" * 500 + "ệ" * 500 + "x" * (2 * N),
        "",
    ]
    return out


def test_the_bytes_decide_only_where_the_counts_say_no_glyphs():
    decided = undecided = 0
    for text in _texts():
        for utf8 in (text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8")):
            if _unicode_by_bytes(text, utf8):
                decided += 1
                assert not _straight_may_be_glyphs(text), text[:60]
            else:
                undecided += 1
            assert legacy_text(text, utf8) == legacy_text(text), text[:60]
    assert decided and undecided


def test_every_sample_is_decided_by_its_bytes():
    # the shortcut pays only if it decides the usual report (the plain form stays right regardless)
    for path in sorted(SAMPLES.glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        assert not _may_be_glyphs(text) and _unicode_by_bytes(text, data), path.name


def test_the_six_after_the_vietnamese_letters_are_all_of_e1_bb_not_beyond_latin1():
    led = [chr(c) for c in range(0x1EC0, 0x1F00)]
    assert all(ch.encode("utf-8")[:2] == b"\xe1\xbb" for ch in led)
    assert [ch for ch in led if not legacy_fonts._BEYOND_LATIN1.match(ch)] == list(legacy_fonts._AFTER_BEYOND_LATIN1)
    assert [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
            and legacy_fonts._LATIN1.match(chr(c)) and chr(c).encode("utf-8")[0] not in (0xC2, 0xC3)] == []
