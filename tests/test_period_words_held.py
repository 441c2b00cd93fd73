"""periods._held asks a paragraph only for the words that can decide which period patterns may
match it (the words of the patterns whose tokens it holds, then the other words of those one of
whose words it holds): the same patterns may match the paragraph and each clause and sentence cut
from it as when every word of the rules is looked for. Checked on every paragraph of the sample
reports and development texts, and on the clause and sentence before each of their numbers."""
from __future__ import annotations

from normalizers.literals import fold
from normalizers.periods import RULES, _held, _may_match_part, _select
from tests.test_period_shortcuts import _before_numbers, _paragraphs


def _plain_select(text: str) -> tuple:
    """The patterns that may match `text`, every word of the rules looked for in its fold."""
    said = frozenset(w for w in RULES.words if w in fold(text))
    held = frozenset(t for t in RULES.tokens if t in text)
    return _select(text, RULES, said, held)


def test_the_words_asked_select_the_patterns_all_the_words_select():
    paragraphs = _paragraphs() + ["Straße năm 2024: tăng 5%", "quý III: 12 hồ sơ", "tháng 6 (đầu năm) 9 tháng"]
    spared = selected = 0
    for paragraph in paragraphs:
        said, held = _held.__wrapped__(paragraph, RULES)
        assert _select(paragraph, RULES, said, held) == _plain_select(paragraph), paragraph
        spared += len(said) < sum(w in fold(paragraph) for w in RULES.words)
        for part in _before_numbers(paragraph):
            assert _may_match_part.__wrapped__(part, RULES, paragraph) == _plain_select(part), (part, paragraph)
            selected += bool(_plain_select(part))
    assert spared > 100 and selected > 1000          # words left out, and parts that may name periods
