"""`literals.required_all(..., spread=True)`, what entities._MentionGates closes the mention patterns
by: each alternative of a branch's first group of several branches (a list of names) requires all
its words, not only the most telling word of each. The spread form is a refinement of the plain
one (never looser), and no mention pattern, nor any indicator pattern, matches a text of the
sample reports where each spread branch lacks a requirement.
"""
from __future__ import annotations

import pytest

from normalizers.literals import fold, may_match_all, required_all, required_of
from tests.test_literals import _clauses, _indicator_patterns, _mention_patterns


@pytest.mark.parametrize("pattern, every", [
    # one branch per name, each requiring all its words (the plain form: the longest word of each)
    (r"(?:Tây\s+Nguyên|Đông\s+Nam\s+Bộ)", ((("nguyên",), ("tây",)), (("đông",), ("nam",), ("bộ",)))),
    # the items around the group are kept in each branch
    (r"vùng\s+(?:Tây\s+Nguyên|ĐBSCL)(?!\p{L})", ((("nguyên",), ("vùng",), ("tây",)), (("đbscl",), ("vùng",)))),
    # only the first group of several branches matched at least once: an optional one is skipped
    (r"(?:cấp\s+)?(?:a\s+bb|c\s+dd)\s+(?:e|f)", ((("bb",), ("a",), ("e", "f")), (("dd",), ("c",), ("e", "f")))),
    (r"x+(?:ab|cd)+", ((("ab",), ("x",)), (("cd",), ("x",)))),           # a group matched more than once
    (r"abc", ((("abc",),),)),                                             # nothing to spread
    (r"(?:abc|\d)", None),                                                # an alternative requires nothing
])
def test_each_alternative_of_the_first_group_requires_all_its_words(pattern, every):
    assert required_all(pattern, spread=True) == every


def test_the_plain_form_of_one_group_is_not_spread():
    assert required_all(r"(?:Tây\s+Nguyên|Đông\s+Nam\s+Bộ)") == ((("nguyên", "đông"),),)


def _texts() -> list[str]:
    clauses = _clauses()
    return clauses + [a + " " + b for a, b in zip(clauses, clauses[1:])]


def test_no_pattern_matches_where_each_spread_branch_lacks_a_requirement():
    from normalizers.indicators import load_indicator_rules
    patterns = _mention_patterns() + _indicator_patterns(load_indicator_rules())
    texts = _texts()
    closed = looser = 0
    for p in patterns:
        if required_of(p) is None:
            continue
        plain, spread = required_all(p.pattern), required_all(p.pattern, spread=True)
        for text in texts:
            folded = fold(text)
            if not may_match_all(spread, folded):
                assert p.search(text) is None, (p.pattern, text)
                closed += may_match_all(plain, folded)
            else:
                looser += not may_match_all(plain, folded)
    assert looser == 0                 # never opens what the plain form closes
    assert closed > 1000               # and closes many texts the plain form lets through
