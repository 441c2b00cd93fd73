"""Rules ignore case letter by letter (normalizers/patterns.py): every Vietnamese letter, with
each tone, still matches its other case."""
from __future__ import annotations

import unicodedata

import regex

from normalizers import patterns

VOWELS = "aăâeêioôơuưy"
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
LETTERS = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in TONES] + list("bcdđghklmnpqrstvx")


def test_every_vietnamese_letter_matches_its_other_case():
    for letter in LETTERS:
        p = patterns.compile(regex.escape(letter), patterns.IGNORECASE)
        assert p.fullmatch(letter.upper()) and p.fullmatch(letter), letter
        q = patterns.compile(regex.escape(letter.upper()), patterns.IGNORECASE)
        assert q.fullmatch(letter), letter


def test_words_of_the_rules_match_in_capitals_as_headings_write_them():
    p = patterns.compile(r"thủ tục hành chính|điểm|đồng", patterns.IGNORECASE)
    assert [m.group() for m in p.finditer("THỦ TỤC HÀNH CHÍNH đạt 90 ĐIỂM, 5 tỷ Đồng")] == \
        ["THỦ TỤC HÀNH CHÍNH", "ĐIỂM", "Đồng"]


def test_folding_is_letter_by_letter_not_full():
    """Full folding ("ß" = "ss") is what made every rule slower; no Vietnamese word needs it."""
    assert patterns.compile("ss", patterns.IGNORECASE).fullmatch("ß") is None
    assert regex.compile("ss", regex.IGNORECASE | regex.V1).fullmatch("ß") is not None


def test_patterns_without_ignorecase_or_version_1_are_left_as_they_are():
    assert patterns.compile(r"\d+").pattern == r"\d+"
    assert patterns.compile(r"x", regex.IGNORECASE).pattern == "x"        # version 0: simple folding already


# --- what a match must contain (patterns.required) --------------------------------------------------

def _needs(pattern: str, flags: int = patterns.IGNORECASE) -> set[frozenset[str]]:
    return set(patterns.required(patterns.compile(pattern, flags)))


def test_a_period_pattern_needs_a_year_a_digit_and_its_punctuation():
    # the words around are matched ignoring case, so they say nothing; the year's digits and the
    # slash have no case
    found = _needs(r"(?:đến|tính\s+đến)\s+(?:hết\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:19|20)\d\d")
    assert found == {frozenset({"/"}), frozenset({patterns.DIGIT}), frozenset({"19", "20"})}


def test_what_may_be_left_out_is_not_needed():
    assert _needs(r"năm(?:\s+(?:19|20)\d\d)?") == set()                       # an optional year
    assert _needs(r"quý\s+(?:iv|iii|ii|i|[1-4])") == set()                      # roman or digit
    assert _needs(r"(?<!\d)tháng") == set()                                     # a look-behind that must fail
    assert _needs(r"(?:\d+|không)\s+hồ\s+sơ") == set()                          # one branch without a digit
    assert _needs(r"x{0,3}/") == {frozenset({"/"})}


def test_letters_count_only_when_matched_as_written():
    assert _needs(r"PAR\s+INDEX", regex.V1) == {frozenset({"PAR"}), frozenset({"INDEX"})}
    assert _needs(r"PAR\s+INDEX") == set()                                       # "par index" matches too
    assert _needs(r"(?i:par)\s+INDEX", regex.V1) == {frozenset({"INDEX"})}
    assert _needs(r"(?=\d)(?:1[0-2]|[1-9])\s+tháng") == {frozenset({patterns.DIGIT})}   # a look-ahead's digit


def test_a_text_without_what_a_rule_needs_holds_no_match_of_it():
    """The shortcut `needs <= satisfied(text)` never skips a text the pattern matches: every
    period pattern, over every clause of the sample reports."""
    from pathlib import Path

    from normalizers.periods import RULES
    root = Path(__file__).resolve().parent.parent
    texts = [part for path in sorted(root.glob("samples/*.txt"))
             for part in regex.split(r"(?<=[.;:\n])", path.read_text(encoding="utf-8")) if part.strip()]
    assert len(texts) > 1000
    skipped = 0
    for rule in RULES.patterns:
        assert rule.needs == patterns.required(rule.pattern)
        for text in texts:
            if not rule.needs <= patterns.satisfied(text, RULES.needs):
                skipped += 1
                assert rule.pattern.search(text) is None, (rule.name, text)
    assert skipped > len(texts)                # most rules are skipped for most clauses


def test_what_the_analysis_does_not_know_is_always_run():
    assert patterns.required(regex.compile(r"(a)?(?(1)/|/)")) == frozenset()      # a conditional
    assert patterns.required(regex.compile(r"(?:/){e<=1}")) == frozenset()         # a fuzzy match
