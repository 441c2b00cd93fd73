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
