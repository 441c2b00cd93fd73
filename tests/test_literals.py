"""The words a pattern requires (normalizers/literals.py): a search is skipped only where the
pattern cannot match, so skipping changes no answer.

- `required` reads the words right, and gives up (None) on syntax it does not follow;
- `required_all` keeps every requirement of each branch, and no pattern matches where one of
  each branch is unmet (`may_match_all`), on every clause of the samples;
- ignoring case, `regex` pairs each letter of those words only with letters that case-fold the
  same, checked against every Unicode character (why a case-folded substring test cannot miss);
- on every clause of the sample reports, no indicator pattern, nor any pattern `entities.mentions`
  runs, matches where its words are absent.
"""
from __future__ import annotations

import sys

import pytest
import regex

from normalizers import patterns
from normalizers.boundaries import CLAUSE_END
from normalizers.context import load_context_rules
from normalizers.entities import load_who_rules
from normalizers.indicators import _FLAGS, load_indicator_rules
from normalizers.literals import Gate, caseless, fold, may_match, may_match_all, required, required_all, required_of
from tests.conftest import SAMPLES

FIELDS = ("cues", "near", "after", "share_of", "not_", "not_in_clause", "not_in_tail", "not_in_sentence",
          "needs_in_segment")


@pytest.fixture(scope="module")
def rules():
    return load_indicator_rules()


def _indicator_patterns(rules) -> list[regex.Pattern]:
    return [p for ind in rules.indicators for f in FIELDS for p in getattr(ind, f)]


def _mention_patterns() -> list[regex.Pattern]:
    """The patterns `entities.mentions` runs only where their words are written."""
    who, context = load_who_rules(), load_context_rules()
    return [*(p for p, _ in who.bodies), *(p for _, p in who.aggregates), who.nation, who.region, who.unit_named,
            context.level, context.own, context.office, context.province]


@pytest.mark.parametrize("pattern, words", [
    (r"tiếp\s+nhận(?:\s+mới)?", ("tiếp",)),                       # the longest run the pattern must match
    (r"(?:giải\s+quyết\s+)?(?:trước|sớm)\s+(?:hạn|hẹn)\s*:?", ("sớm", "trước")),   # one of a group's branches
    (r"(?:trễ|quá)\s+(?:hạn|hẹn)", ("quá", "trễ")),
    (r"SIPAS", ("sipas",)),                                          # case-folded
    (r"(?<!\p{L})PCI(?!\p{L})", ("pci",)),                           # lookarounds require nothing
    (r"(?<!quyền\s)(?:đã\s+)?giải\s+quyết", ("quyết",)),
    (r"t[ỷỉ]\s+lệ", ("lệ",)),                                        # a set breaks a run
    (r"hồ\s+sơ,?\s+trực", ("trực",)),                                # an optional letter breaks a run
    (r"PAR[\s-]*INDEX", ("index",)),
    (r"(?-f)(?:^|\|)\s*(?:Cải\s+cách\s+thể\s+chế)\s*(?=\||$)", ("cách",)),
    (r"(?-f)(?<![.;:!?])\n(?=\p{Ll}|\d)|\t", ("\t", "\n")),          # every top-level branch must require one
    (r"ab+c", ("a",)),                                               # "abbc" holds no "abc"
    (r"x{2}y", ("x",)),                                              # "x" at least once; a tie: the first
    (r"\(\s*\)", ("(",)),                                            # an escaped bracket is a letter like any
    (r"\(\s*ABC", ("abc",)),
])
def test_the_words_a_pattern_cannot_match_without(pattern, words):
    assert required(pattern) == words


@pytest.mark.parametrize("pattern", [
    r"^\s*(?:(?:nghìn|ngàn|triệu|tỷ)\s+)?|\s*\(\s*\p{Lu}{2,8}\s*\)",   # one branch requires nothing
    r"(?:abc)?",
    r"[,;:()\n]|\d",
    r"(?x) a b c",                   # verbose: spaces are no letters
    r"[[a-z]--[aeiou]]xyz",          # a set operation
    r"(?:abc){e<=1}",                # fuzzy matching
    r"\N{LATIN SMALL LETTER A}bc",   # an escape it does not read
    r"(?(1)abc|def)",                # a conditional
    r"abc)",                         # unbalanced
    r"(abc",
])
def test_syntax_it_does_not_follow_requires_nothing(pattern):
    assert required(pattern) is None


@pytest.mark.parametrize("pattern, every", [
    (r"Chỉ\s+số\s+cải\s+cách\s+hành\s+chính", ((("chính",), ("cách",), ("hành",), ("chỉ",), ("cải",), ("số",)),)),
    (r"(?:giải\s+quyết\s+)?(?:trước|sớm)\s+(?:hạn|hẹn)\s*:?", ((("hạn", "hẹn"), ("sớm", "trước")),)),
    (r"t[ỷỉ]\s+lệ\s+thanh\s+toán", ((("thanh",), ("toán",), ("lệ",)),)),        # "t" is in "thanh"
    (r"PAR[\s-]*INDEX|SIPAS", ((("index",), ("par",)), (("sipas",),))),         # per top-level branch
    (r"ab+c", ((("a",), ("b",), ("c",)),)),                                     # "b" at least once, between
    # a group of one branch requires all its branch does (a named group, a cue written in a group);
    # an optional one nothing
    (r"(?:^|\|)\s*(?:Cải\s+cách\s+thể\s+chế)", ((("cách",), ("chế",), ("cải",), ("thể",)),)),
    (r"(?P<n>\d+)\s+(?:hồ\s+sơ)(?:\s+trực\s+tuyến)?", ((("hồ",), ("sơ",)),)),
    (r"abc|\d", None),                                                          # a branch requires nothing
    (r"(?x) a b c", None),
])
def test_every_requirement_of_each_branch(pattern, every):
    assert required_all(pattern) == every
    if every is not None:                    # the most telling first, `required`'s among them
        assert all(set(required(pattern)) & {w for one in branch for w in one} for branch in every)


def test_may_match_all_is_false_only_where_each_branch_lacks_a_requirement():
    need = required_all(r"PAR[\s-]*INDEX|Chỉ\s+số\s+CCHC")
    assert may_match_all(None, "") and may_match_all(need, fold("Chỉ số PAR INDEX")) and may_match_all(need, "chỉ số cchc")
    assert not may_match_all(need, fold("PAR: chỉ số của tỉnh")) and not may_match_all(need, "")


def test_a_turkish_i_is_read_as_i_as_regex_pairs_them():
    assert patterns.compile("PCI", _FLAGS).search("PCı") and "pci" in fold("PCı")
    assert patterns.compile("tiếp", _FLAGS).search("TİẾP") and "tiếp" in fold("TİẾP")
    assert "tiếp" not in "TİẾP".casefold()                       # why casefold alone would not do
    assert fold("CHÍNH") == "chính"


def test_may_match_is_false_only_without_every_word():
    assert may_match(None, "")
    assert may_match(("trước", "sớm"), "giải quyết sớm hẹn")
    assert not may_match(("trước", "sớm"), "giải quyết đúng hạn")


def test_a_compiled_pattern_whose_flags_change_its_text_requires_nothing():
    assert required_of(patterns.compile(r"cấp\s+tỉnh", _FLAGS)) == ("tỉnh",)
    assert required_of(patterns.compile(r"(?i:cấp)\s+tỉnh", regex.V1)) == ("tỉnh",)
    assert required_of(regex.compile("cấp tỉnh", regex.V1 | regex.VERBOSE)) is None          # spaces are no letters
    assert required_of(regex.compile("strasse", regex.V1 | regex.IGNORECASE)) is None        # "ß" matches "ss"
    assert required_of(regex.compile("(?i:strasse)", regex.V1)) is None
    assert required_of(regex.compile("Strasse", regex.V1)) == ("strasse",)                   # case kept: no folding


def test_a_gate_opens_the_patterns_whose_words_the_text_holds():
    level, body, bare = (patterns.compile(p, _FLAGS) for p in (r"cấp\s+(?:tỉnh|huyện)", r"(?:Sở|Ban)\s+\p{Lu}", r"\p{Lu}\p{Ll}+"))
    gate = Gate.of((level, body, bare))
    assert gate.open(fold("UBND cấp huyện tiếp nhận")) == {level, bare}      # "huyện"; `bare` requires nothing
    assert gate.open(fold("BAN CHỈ ĐẠO cấp tỉnh")) == {level, body, bare}
    assert gate.open(fold("tiếp nhận 12 hồ sơ")) == {bare}


def _all_characters() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_ignoring_case_pairs_a_letter_only_with_letters_that_case_fold_the_same(rules):
    """Why `str.casefold` and `in` cannot miss a match: every letter of every required word of the
    shipped patterns, compiled as the rules are, matches no character that case-folds otherwise."""
    letters = {c for p in _indicator_patterns(rules) + _mention_patterns() for w in required_of(p) or () for c in w}
    letters |= {c.upper() for c in letters}
    everything = _all_characters()
    for letter in sorted(letters):
        p = patterns.compile(regex.escape(letter), _FLAGS)
        paired = {m.group() for m in p.finditer(everything)}
        assert letter in paired
        assert {c for c in paired if fold(c) != fold(letter)} == set(), letter


def test_ascii_characters_other_than_letters_pair_only_with_themselves():
    """Why a caseless requirement (a line break, a bracket) is looked for in the text unfolded."""
    everything = _all_characters()
    for c in map(chr, range(128)):
        if not c.isalpha():
            p = patterns.compile(regex.escape(c), _FLAGS)
            assert {m.group() for m in p.finditer(everything)} == {c}, repr(c)
    assert caseless(("\n", "\t")) and caseless(("(",)) and not caseless(("(", "a")) and not caseless(None)


def _clauses() -> list[str]:
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [c for c in CLAUSE_END.split(text) if c.strip()]
    return out


def test_no_pattern_matches_a_clause_that_lacks_its_words(rules):
    """Every indicator pattern and every engine pattern against every clause of the sample reports,
    and every clause with its neighbour (table rows and cue windows run across clauses)."""
    clauses = _clauses()
    texts = clauses + [a + " | " + b for a, b in zip(clauses, clauses[1:])]
    checked = skipped = 0
    for p in _indicator_patterns(rules):
        need = required(p.pattern)
        for text in texts:
            if not may_match(need, fold(text)):
                skipped += 1
                assert p.search(text) is None, (p.pattern, text)
            checked += 1
    assert skipped > checked // 2          # the words do rule out most searches


def test_no_pattern_matches_a_clause_that_lacks_a_requirement_of_each_branch(rules):
    """`required_all` of every indicator pattern against every clause of the sample reports and every
    clause with its neighbour; it rules out searches `required` lets through."""
    clauses = _clauses()
    texts = clauses + [a + " | " + b for a, b in zip(clauses, clauses[1:])]
    more = 0
    for p in _indicator_patterns(rules):
        need, every = required(p.pattern), required_all(p.pattern)
        for text in texts:
            folded = fold(text)
            if not may_match_all(every, folded):
                assert p.search(text) is None, (p.pattern, text)
                more += may_match(need, folded)
            else:
                assert may_match(need, folded)              # a refinement of `required`, never looser
    assert more > 1000


def test_no_mention_pattern_matches_a_text_that_lacks_its_words():
    """What `entities.mentions` skips: each pattern against every clause of the sample reports and
    every clause with its neighbour."""
    clauses = _clauses()
    texts = clauses + [a + " " + b for a, b in zip(clauses, clauses[1:])]
    checked = skipped = 0
    for p in _mention_patterns():
        need = required_of(p)
        for text in texts:
            if not may_match(need, fold(text)):
                skipped += 1
                assert p.search(text) is None, (p.pattern, text)
            checked += 1
    assert skipped > checked // 2
