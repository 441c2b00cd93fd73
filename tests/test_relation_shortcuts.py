"""The shortcuts of normalizers/relations.py give the answers of the plain forms they replace, on
the words between every two numbers of the sample and development reports and on phrases written
for the edges (a final new line, which `$` also stands before; the 60-word and 30-character
bounds of the pattern):

- `restate` is matched from the end (`restate_from_end`, rules.ends): a match is there exactly
  where `restate.match` finds one.
"""
from __future__ import annotations

import pytest

from normalizers.relations import load_relation_rules
from normalizers.rules import ends
from tests.conftest import numbers_of_paragraphs

EDGES = [
    "", " ", "\n", " (đạt ", " (đạt\n", " (đạt \n", "hồ sơ (đạt\n\n", " chiếm", " CHIẾM ", " bằng\t",
    " (tỷ lệ ", " (tỉ lệ\n", " đạt tỷ lệ ", "hồ sơ, đạt", " tỷ lệ hài lòng đạt ", " giá trị trung bình đạt ",
    " (chỉ tiêu giao từ ", " (kế hoạch\n", " (chỉ tiêu " + "x" * 29, " (chỉ tiêu " + "x" * 30,
    " (chỉ tiêu " + "x" * 29 + "\n", " (chỉ tiêu " + "x" * 30 + "\n", " (chỉ tiêu " + "x" * 31,
    " (không bao gồm vốn ngân sách Trung ương), bằng ", " (có 2 hồ sơ), bằng ", "a" * 59 + " đạt",
    "a " * 30 + "đạt", "a " * 31 + "đạt", "đạt\nx", "(đạt) ", "đạt tỷ lệ\n\n",
]


@pytest.fixture(scope="module")
def betweens() -> list[str]:
    """The words between each two numbers of a paragraph, and from the paragraph's start (and from
    each number's start) up to each number, then the edge phrases."""
    out: list[str] = []
    last_text, last_end = None, 0
    for text, start, end in numbers_of_paragraphs():
        if text is not last_text:
            last_text, last_end = text, 0
        out += [text[last_end:start], text[:start], text[max(0, start - 40):start]]
        last_end = end
    return out + EDGES


def test_restate_matched_from_the_end_answers_as_matched_from_the_start(betweens):
    rules = load_relation_rules()
    matched = ended_by_line = only_before_line = 0
    for text in betweens:
        plain = rules.restate.match(text) is not None
        assert (ends(rules.restate_from_end, text) is not None) == plain, repr(text)
        matched += plain
        ended_by_line += plain and text.endswith("\n")
        # a match that ends just before the final new line: one try at the very end would miss it
        only_before_line += plain and rules.restate_from_end.match(text) is None
    assert len(betweens) > 5000 and matched > 100 and ended_by_line >= 3 and only_before_line >= 1, (
        len(betweens), matched, ended_by_line, only_before_line)
