"""A period pattern that opens with one of several strings (PeriodPattern.begins) is matched only
where one of them stands in the folded text (literals.matches_at_starts), not searched at every character:
the same matches as finditer, checked on every paragraph of the sample reports and development
texts and on the clause and sentence before each of their numbers."""
from __future__ import annotations

from normalizers.literals import fold, matches_at_starts
from normalizers.periods import RULES, _fold_of
from tests.test_period_shortcuts import _before_numbers, _paragraphs


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


def test_a_pattern_tried_at_its_starts_finds_what_finditer_finds():
    tried = [rule for rule in RULES.patterns if rule.begins is not None]
    assert {"span", "index_year"} <= {rule.name for rule in tried}
    texts = sorted({t for p in _paragraphs() for t in [p, *_before_numbers(p)]})
    found = dict.fromkeys((rule.name for rule in tried), 0)
    for text in texts:
        folded = fold(text)
        for rule in tried:
            want = _spans(rule.pattern.finditer(text))
            assert _spans(matches_at_starts(rule.pattern, rule.begins, text, folded)) == want, (rule.name, text)
            found[rule.name] += len(want)
    assert all(found[name] > 0 for name in ("span", "index_year", "horizon", "as_of")), found


def test_a_text_whose_fold_has_another_length_is_searched():
    text = "Straße: giai đoạn 2021-2025, Chỉ số CCHC năm 2024 và đến năm 2030"
    assert len(fold(text)) != len(text)
    for rule in RULES.patterns:
        if rule.begins is not None:
            assert _spans(matches_at_starts(rule.pattern, rule.begins, text, fold(text))) == _spans(rule.pattern.finditer(text))


def test_only_patterns_opening_with_several_strings_are_tried_at_them():
    for rule in RULES.patterns:
        assert rule.begins is None or len(rule.begins) > 1, rule.name
    assert next(r for r in RULES.patterns if r.name == "year").begins is None      # "năm" alone: searched


def test_a_part_folds_as_its_cut_of_the_paragraphs_fold():
    cut = 0
    for paragraph in _paragraphs() + ["Straße năm 2024: tăng 5% so với năm 2023", "İ giai đoạn 2021-2025: 12 hồ sơ"]:
        assert _fold_of(paragraph, None) == fold(paragraph)
        for part in _before_numbers(paragraph):
            assert _fold_of(part, paragraph) == fold(part), (part, paragraph)
            assert _fold_of(part, "not the paragraph") == fold(part)
            cut += len(fold(paragraph)) == len(paragraph)
    assert cut > 1000
