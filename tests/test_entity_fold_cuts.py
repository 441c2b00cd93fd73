"""A number's sentence is folded once (normalizers/entities.py `_fold_cut`, context.py passing the
sentence's fold cut from the paragraph's): the windows its cues read (before the number, before each
mention) are cut from that fold, which gives what folding each window gives:

- folding is character by character and no character folds to nothing, over every Unicode
  character (why equal lengths make the fold of a slice the slice of the fold);
- on every cut of every number's sentence of the sample reports and development texts, and of
  phrases whose fold has another length ("Straße"), `_fold_cut` is the fold of the cut;
- entity_in_sentence given the sentence's fold cut from the paragraph's answers as it does folding
  the sentence itself.
"""
from __future__ import annotations

import sys

import pytest

from normalizers.context import _sentence_and_clause, load_context_rules
from normalizers.entities import _fold_cut, entity_in_sentence
from normalizers.literals import fold
from tests.conftest import numbers_of_paragraphs, whole_fold

PHRASES = [
    "Straße của tỉnh có 12 xã xếp thứ 3/63 tỉnh, thành", "İSTANBUL: UBND cấp huyện tiếp nhận 45 hồ sơ",
    "ﬁ Sở Nội vụ đã kiểm tra tại 42/42 cơ quan, đơn vị", "ΣΊΣΥΦΟΣ ß tại 6 đơn vị cấp tỉnh",
]


@pytest.fixture(scope="module")
def numbers() -> list[tuple[str, int, int]]:
    return numbers_of_paragraphs(PHRASES)


def test_folding_is_character_by_character_and_never_to_nothing():
    everything = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    each = [fold(c) for c in everything]
    assert all(each)
    assert fold(everything) == "".join(each)
    assert len(fold("Straße")) != len("Straße")          # lengths do differ: the cut must check them


def test_the_cut_of_the_fold_is_the_fold_of_the_cut(numbers):
    other_length = 0
    for text, start, _ in numbers:
        sentence, _ = _sentence_and_clause(text, start)
        folded = fold(sentence)
        other_length += len(folded) != len(sentence)
        n = len(sentence)
        for a, b in {(max(0, n - k), n) for k in (20, 40, 60)} | {(max(0, i - 60), i) for i in range(0, n + 1, 7)}:
            assert _fold_cut(sentence, folded, a, b) == fold(sentence[a:b]), (sentence, a, b)
    assert other_length > 0


def test_the_entity_from_the_paragraphs_fold_is_the_entity_folding_the_sentence(numbers, know):
    from normalizers.documents import DocumentMeta
    rules, gaz = load_context_rules(), know.gazetteer
    district = next(u for u in gaz.units.values() if u.level == "district")
    metas = [DocumentMeta(), DocumentMeta(unit=district, province_unit=gaz.units[district.province_id])]
    cut = found = 0
    for text, start, end in numbers:
        sentence, clause = _sentence_and_clause(text, start)
        whole = whole_fold(text)
        if whole is None:
            continue
        folded = whole[start - len(sentence):start]
        assert folded == fold(sentence)
        cut += 1
        for meta in metas:
            args = (sentence, len(sentence) - len(clause), text[end:], rules, gaz, meta,
                    text[:start - len(sentence)], text[start:end])
            got = entity_in_sentence(*args, folded)
            assert got == entity_in_sentence(*args), (sentence, text[end:end + 60])
            found += got is not None
    assert cut > 1000 and found > 100
