"""Sentence and clause starts (normalizers/boundaries.py) are found by searching back from the
number; on real reports that is the same start as the definition read forwards: just after the
last end mark before the number, never more than MAX_SENTENCE back."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from normalizers import patterns
from normalizers.boundaries import CLAUSE_END, MAX_SENTENCE, SENTENCE_END, Sentences, sentence_end, sentence_start

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.txt"))


# the ends searched backwards from a number (the last end before it is the first found): the
# plain form sentence_start's str.rfind scan was written against
_LAST_SENTENCE_END = patterns.compile(SENTENCE_END.pattern, regex.REVERSE)
_LAST_CLAUSE_END = patterns.compile(CLAUSE_END.pattern, regex.REVERSE)


def _searched_start(text: str, pos: int, clause: bool = False) -> int:
    start = max(0, pos - MAX_SENTENCE)
    m = (_LAST_CLAUSE_END if clause else _LAST_SENTENCE_END).search(text, start, pos)
    return m.end() if m else start


def _forwards(text: str, pos: int, clause: bool) -> int:
    start = max(0, pos - MAX_SENTENCE)
    for m in (CLAUSE_END if clause else SENTENCE_END).finditer(text, start, pos):
        start = m.end()
    return start


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_numbers_sentence_and_clause_start_as_defined(path):
    text = path.read_text(encoding="utf-8")
    numbers = [m.start() for m in regex.finditer(r"\d+", text)]
    assert len(numbers) > 100
    for pos in numbers:
        for clause in (False, True):
            assert sentence_start(text, pos, clause) == _forwards(text, pos, clause), (pos, clause)


@pytest.mark.parametrize("text, pos, clause, start", [
    ("Câu một. Câu hai có 5 hồ sơ", 20, False, 8),           # after the full stop and before its space
    ("tỷ lệ 99.9% và 9.737 hồ sơ", 16, False, 0),            # dots inside numbers end nothing
    ("cấp tỉnh: 270; cấp xã: 110", 23, True, 14),             # a clause ends at ';'
    ("cấp tỉnh: 270; cấp xã: 110", 23, False, 0),             # a sentence does not
    ("Dòng một\nhai 5", 13, False, 9),                         # a line end ends a sentence
    ("Hết câu.", 8, False, 8),                                 # a mark just before the position
])
def test_sentence_start_examples(text, pos, clause, start):
    assert sentence_start(text, pos, clause) == start


def _crafted() -> list[str]:
    """Texts whose marks sit where a cut search and a whole-text scan could differ: a mark right
    before a position and followed by a digit ("abc.5"), marks and line ends at the text's ends,
    and a paragraph with no end longer than MAX_SENTENCE (the starts are cut there)."""
    return ["abc.5", "Hết câu.", "a.\n", "x!y? z.\n\n.", "", ".", "\n", "a. b", "1.2.3. 4", "Số 32/QĐ.UBND và 9.737",
            "không có dấu chấm " * 150 + "5 hồ sơ. Tiếp theo!", "a" * (MAX_SENTENCE + 5) + ". " + "b" * MAX_SENTENCE]


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in SAMPLES] + _crafted(),
                         ids=lambda t: t[:20])
def test_sentences_of_one_scan_are_the_searches_at_every_position(text):
    """Sentences (one scan of a segment, for all its numbers) gives sentence_start and sentence_end
    at every position of the sample reports and of texts made to find where they could differ."""
    sentences = Sentences(text)
    for pos in range(len(text) + 1):
        assert sentences.start(pos) == sentence_start(text, pos), (text[max(0, pos - 10):pos + 10], pos)
        assert sentences.end(pos) == sentence_end(text, pos), (text[max(0, pos - 10):pos + 10], pos)


def _unusual_followers() -> list[str]:
    """Marks followed by characters that white space tests disagree on (the regex module's \\s
    and str.isspace differ on some), by non-ASCII letters and digits, and ';' next to marks."""
    odd = ["\u00a0", "\u2003", "\u0085", "\x1c", "\x1f", "\u200b", "\u3000", "\ufeff", "ạ", "٣", "\r", "\t", "\x0b"]
    return [f"a{mark}{ch}b 5;{mark}{ch}" for mark in ".!?;" for ch in odd] + ["x;.\n;!", ";;..!!??\n\n"]


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8") for p in SAMPLES] + _crafted() + _unusual_followers(),
                         ids=lambda t: t[:20])
def test_start_by_rfind_is_the_backward_search_at_every_position(text):
    """sentence_start (a few str.rfind) gives what one `regex` search backwards from the position
    gives (_searched_start, the plain form), for sentences and clauses, at every position."""
    for pos in range(len(text) + 1):
        for clause in (False, True):
            assert sentence_start(text, pos, clause) == _searched_start(text, pos, clause), (text[max(0, pos - 10):pos + 10], pos, clause)
