"""entities.sentence_after, found with str.find, cuts where the first match of SENTENCE_END does,
on the rest of the text after every number of the sample reports and dev texts, and after every
mark ('.', '!', '?', a new line) and the characters around it, where the two ways could part."""
from __future__ import annotations

from pathlib import Path

import regex

from normalizers.entities import _SENTENCE_END, sentence_after

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
DEV = Path(__file__).parent / "data" / "dev" / "texts"
_NUMBER = regex.compile(r"\d+(?:[.,/]\d+)*")


def _plain(text_after: str) -> str:
    m = _SENTENCE_END.search(text_after)
    return text_after[:m.start()] if m else text_after


def _texts() -> list[str]:
    out = []
    for path in SAMPLES + sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [text[m.end():][:400] for m in _NUMBER.finditer(text)]
        for mark in ".!?\n":
            i = text.find(mark)
            while i >= 0:
                out += [text[max(0, i - k):i + 3] for k in (0, 1, 40)] + [text[max(0, i - 40):i + 1]]
                i = text.find(mark, i + 1)
    return out


def test_sentence_after_cuts_where_the_pattern_first_matches():
    texts = _texts()
    assert len(texts) > 10000
    cut = 0
    for text in texts:
        want = _plain(text)
        assert sentence_after(text) == want, text
        cut += len(want) < len(text)
    assert cut > 5000


def test_marks_before_other_characters():
    for tail in ("", " ", "\n", "\u00a0", "\u2003", "\u3000", "a", "1", "\u1ea1", ".", "!", "?", "\t", "\x85", "\x1c"):
        for mark in ".!?":
            for text in (f"abc{mark}{tail}", f"1{mark}5 x{mark}{tail}def", f"x{tail}{mark}"):
                assert sentence_after(text) == _plain(text), repr(text)
