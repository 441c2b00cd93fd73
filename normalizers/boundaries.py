"""Where sentences and clauses begin and end: one definition for every layer (numbers, who,
when, what, checks).

A sentence ends at a line end, or at '.', '!' or '?' followed by white space or the end of the
text — so the dots of "9.737" and "99.9%" and of "Số: 32/QĐ.UBND" do not end one. A clause also
ends at ';', which separates the items of a list ("cấp tỉnh: 270; cấp xã: 110"). A match covers
the mark only, so `m.end()` is where the next sentence's text (its leading space included) starts.
"""
from __future__ import annotations

from bisect import bisect_left

from normalizers import memo, patterns

SENTENCE_END = patterns.compile(r"[.!?](?=\s|$)|\n")
CLAUSE_END = patterns.compile(r"[.!?](?=\s|$)|\n|;")


# the ASCII characters after which '.', '!' or '?' ends a sentence, as SENTENCE_END itself says
_ASCII_ENDS = frozenset(ch for ch in map(chr, range(128)) if SENTENCE_END.match("." + ch))


MAX_SENTENCE = 1200        # characters: no sentence is longer; a paragraph without a full stop is cut here


def sentence_start(text: str, pos: int, clause: bool = False) -> int:
    """Where the sentence (or clause) holding text[pos] begins: just after the last end before
    pos, and never more than MAX_SENTENCE back (a 200 KB paragraph with no full stop would make
    every number's window the whole paragraph: time and memory quadratic in its length)."""
    # callers ask ~6 times per number of a segment (its clause and sentence, for the relations,
    # the indicators and the context), each time of the segment's own text: its ends are found once
    # for the document (_ends) and each answer is read off them as Sentences.start reads it. Each
    # match of the patterns is one character (a new line, a ';' for a clause, or a '.', '!' or '?'
    # that white space or "$" follows), so the start is one past the last position in
    # text[start:pos] where one matches; in that cut, "$" holds just after a mark at pos - 1 (and
    # before a final new line, which is white space anyway), and any other mark is followed by the
    # same character as in the whole text, where `_ends` found it (tests/test_boundaries.py
    # compares this with a backwards search at every position)
    start = max(0, pos - MAX_SENTENCE)
    if pos > len(text):
        return _start_scanned(text, pos, start, clause)
    if pos > start and text[pos - 1] in (_CLAUSE_MARKS if clause else _SENTENCE_MARKS):
        return pos
    marks = _ends(text)[clause]
    i = bisect_left(marks, pos - 1)                    # the ends before pos - 1
    return marks[i - 1] + 1 if i and marks[i - 1] >= start else start


_SENTENCE_MARKS = ".!?\n"
_CLAUSE_MARKS = ".!?\n;"


@memo.per_document(maxsize=1024)
def _ends(text: str) -> tuple[list[int], list[int]]:
    """The positions where SENTENCE_END matches in the whole text (sentence_marks), and where
    CLAUSE_END does: those and every ';'."""
    marks = sentence_marks(text)
    if ";" not in text:
        return marks, marks
    semis = []
    i = text.find(";")
    while i >= 0:
        semis.append(i)
        i = text.find(";", i + 1)
    return marks, sorted(marks + semis)


def _start_scanned(text: str, pos: int, start: int, clause: bool) -> int:
    """sentence_start for a position past the text's end (no caller asks one), found with str.rfind
    as it was before the ends were kept per text."""
    lo = max(start, text.rfind("\n", start, pos) + 1)
    if clause:
        lo = max(lo, text.rfind(";", lo, pos) + 1)
    for mark in ".!?":
        i = text.rfind(mark, lo, pos)
        while i >= 0:
            if i + 1 == pos or _ends_at(text, i):
                lo = i + 1
                break
            i = text.rfind(mark, lo, i)
    return lo


def _ends_at(text: str, i: int) -> bool:
    """Whether SENTENCE_END matches the '.', '!' or '?' at text[i], which a character follows."""
    after = text[i + 1]
    return (after in _ASCII_ENDS) if after < "\x80" else SENTENCE_END.match(text, i) is not None


def sentence_end(text: str, pos: int, clause: bool = False) -> int:
    """Where the sentence (or clause) holding text[pos] ends: the first end at or after pos."""
    m = (CLAUSE_END if clause else SENTENCE_END).search(text, pos)
    return m.start() if m else len(text)


def sentence_marks(text: str) -> list[int]:
    """[m.start() for m in SENTENCE_END.finditer(text)], found with str.find: a scan by the pattern,
    which opens with a class, tried every position (~3 M instructions a report). Each match is one
    character, a new line or a mark that white space or the text's end follows, so the matches are
    the positions where SENTENCE_END matches; a mark followed by an ASCII character is decided by
    the pattern's own answer for it (_ASCII_ENDS), by any other one by the pattern at its place."""
    n = len(text)
    marks = []
    for mark in ".!?\n":
        i = text.find(mark)
        while i >= 0:
            if mark == "\n" or i + 1 == n:
                marks.append(i)
            else:
                after = text[i + 1]
                if (after in _ASCII_ENDS) if after < "\x80" else (SENTENCE_END.match(text, i) is not None):
                    marks.append(i)
            i = text.find(mark, i + 1)
    marks.sort()
    return marks


class Sentences:
    """sentence_start and sentence_end of many positions of one text (a segment's numbers), from one
    scan of the text rather than two searches per position.

    The end marks a forward scan of the whole text finds (`marks`) are those the searches find,
    but for one position: sentence_start searches the text cut at `pos`, where "$" holds, so a
    '.', '!' or '?' just before `pos` ends a sentence there whatever follows it ("abc.5"), and
    only there (every other mark is followed by the same character in the cut and the whole text).
    A new line is an end in both. sentence_end searches from `pos` on, where the marks are the
    whole text's (the pattern does not look behind)."""

    __slots__ = ("text", "marks")

    def __init__(self, text: str):
        self.text = text
        self.marks = _ends(text)[0]              # the segment's ends, kept for the context's questions

    def start(self, pos: int) -> int:
        """sentence_start(self.text, pos)."""
        lo = max(0, pos - MAX_SENTENCE)
        if pos > lo and self.text[pos - 1] in ".!?\n":
            return pos
        i = bisect_left(self.marks, pos - 1)               # the marks before pos - 1
        return self.marks[i - 1] + 1 if i and self.marks[i - 1] >= lo else lo

    def end(self, pos: int) -> int:
        """sentence_end(self.text, pos)."""
        i = bisect_left(self.marks, pos)
        return self.marks[i] if i < len(self.marks) else len(self.text)
