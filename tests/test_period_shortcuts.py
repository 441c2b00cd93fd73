"""The shortcuts of normalizers/periods.py give the answers of its straightforward form.

The periods of a number are read from the clause, sentence and paragraph before it; to spare the
regexes, a pattern is not run over a text that lacks what every match of it holds (its tokens,
patterns.required, and its words, literals.required). Checked here on every paragraph of the
sample reports and on the clause and sentence before each of their numbers, against the plain
form that runs every pattern.
"""
from __future__ import annotations

import sys
from datetime import date

import pytest
import regex

from normalizers import patterns
from normalizers.boundaries import sentence_start
from normalizers.literals import fold, required
from normalizers.periods import RULES, Named, _build, _named_periods, named_periods
from tests.conftest import SAMPLES

_NUMBER = regex.compile(r"\d+")


def _plain_named(text: str, ref: date | None, scope: str = "fact") -> tuple[Named, ...]:
    """named_periods as it was written first: every pattern over the whole text."""
    found = []
    for rule in RULES.patterns:
        if rule.after_only:
            continue
        for m in rule.pattern.finditer(text):
            p = _build(rule, m, text, ref)
            if p is not None or rule.build == "as_of":
                found.append(Named(m.start(), m.end(), p, rule))
    kept: list[Named] = []
    for n in sorted(found, key=lambda n: -(n.end - n.start)):
        if all(n.end <= k.start or n.start >= k.end for k in kept):
            kept.append(n)
    return tuple(sorted((n for n in kept if n.period is not None and getattr(n.rule, scope)), key=lambda n: n.start))


def _key(named) -> list[tuple]:
    return [(n.start, n.end, n.period, n.rule.name) for n in named]


def _paragraphs() -> list[str]:
    return [line for path in sorted(SAMPLES.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def _before_numbers(paragraph: str) -> list[str]:
    """The clause and the sentence before each number of a paragraph, as context.py cuts them."""
    out = []
    for m in _NUMBER.finditer(paragraph):
        for clause in (True, False):
            out.append(paragraph[sentence_start(paragraph, m.start(), clause=clause):m.start()])
    return out


@pytest.fixture(scope="module")
def texts() -> list[str]:
    paragraphs = _paragraphs()
    return sorted({t for p in paragraphs for t in [p, *_before_numbers(p)]})


def test_the_filtered_patterns_name_what_every_pattern_names(texts):
    """Same periods, same order, same rules, for each scope and with and without a report year."""
    named = 0
    for text in texts:
        for ref, scope in ((None, "fact"), (date(2024, 12, 31), "fact"), (None, "document"), (None, "title")):
            got = _named_periods.__wrapped__(text, ref, RULES, scope)
            assert _key(got) == _key(_plain_named(text, ref, scope)), text
            named += len(got)
    assert len(texts) > 1000 and named > 100                  # real texts, many naming periods


def test_a_part_of_a_paragraph_names_what_it_names_alone():
    """`within`: patterns that cannot match the paragraph are not run over its clauses."""
    cut = 0
    for paragraph in _paragraphs():
        for text in _before_numbers(paragraph):
            plain = _key(_plain_named(text, None))
            assert _key(named_periods(text, within=paragraph)) == plain, text
            assert _key(named_periods(text, within="not the paragraph")) == plain, text
            cut += not plain
    assert cut > 1000


def test_no_period_pattern_matches_a_text_without_its_words(texts):
    skipped = 0
    for rule in RULES.patterns:
        assert rule.words == required(rule.pattern.pattern) and rule.words, rule.name
        for text in texts:
            if not any(w in fold(text) for w in rule.words):
                skipped += 1
                assert rule.pattern.search(text) is None, (rule.name, text)
    assert skipped > len(texts)


def test_ignoring_case_pairs_the_words_letters_only_with_letters_that_fold_the_same():
    """Why a word looked for in the case-folded text cannot miss a match (as tests/test_literals.py
    checks for the indicator patterns): compiled as the period patterns are, every letter of their
    words matches no character that case-folds otherwise."""
    letters = {c for rule in RULES.patterns for w in rule.words for c in w}
    letters |= {c.upper() for c in letters}
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    for letter in sorted(letters):
        paired = {m.group() for m in patterns.compile(regex.escape(letter), regex.IGNORECASE | regex.V1).finditer(everything)}
        assert letter in paired
        assert {c for c in paired if fold(c) != fold(letter)} == set(), letter
