"""Shortcuts of round 10 in number finding (normalizers/facts.py, rules.py) give what the plain
forms give, on every number of the sample reports.

- Patterns are asked with concurrent=False as a positional argument: the fourth of match, search
  and fullmatch, the fifth of finditer (after `overlapped`). Were `regex` to order them otherwise,
  the False would land on another parameter: the signatures are checked, and the answers compared
  with the plain calls'.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors import extract
from normalizers import facts as F
from normalizers.segments import segments
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def seg_texts():
    out = []
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")):
        out += [seg.text for seg in segments(extract(Path(path)))]
    assert len(out) > 1000
    return out


def test_concurrent_is_the_positional_argument_passed_false():
    p = regex.compile("a")
    for method in (p.match, p.search, p.fullmatch):
        assert method.__doc__.startswith(method.__name__ + "(string, pos=None, endpos=None, concurrent=None")
    assert p.finditer.__doc__.startswith("finditer(string, pos=None, endpos=None, overlapped=False, concurrent=None")


def _spans(m):
    return None if m is None else (m.span(), m.groups())


def test_patterns_asked_without_releasing_the_gil_answer_as_plainly(seg_texts, rules):
    heads, tails = [], []
    for text in seg_texts:
        plain = list(F.CANDIDATE.finditer(text))
        assert [_spans(m) for m in F.CANDIDATE.finditer(text, None, None, False, False)] == [_spans(m) for m in plain]
        for m in plain:
            heads.append(text[max(0, m.start() - 80):m.start()])
            tails.append(text[m.end():m.end() + 80])
    assert len(heads) > 1000
    for head in heads:
        for pattern in (rules.exclude_before_any, rules.rank_before, F._NEGATIVE):
            assert _spans(pattern.match(head, None, None, False)) == _spans(pattern.match(head))
            assert _spans(pattern.search(head, None, None, False)) == _spans(pattern.search(head))
    for tail in tails:
        for pattern in (rules.after.combined, rules.percent_after, F._LINE_NUMBERING):
            assert _spans(pattern.match(tail, None, None, False)) == _spans(pattern.match(tail))
