"""The shortcuts context_for takes for each number (normalizers/context.py, periods.py) give the
answers of the plain forms they replace, on every number of the sample reports and development
texts and on phrases written for the branches the samples rarely reach:

- the clause is read from the sentence's start (one search back, not two);
- the periods' words are looked for in the folds cut from the paragraph's before a pattern is run
  (fact_period's patterns read after the number, span_referred, per_year);
- a sentence is read for a lead only where it names a period before the report's (_led_by_earlier).
"""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from normalizers import literals
from normalizers.boundaries import sentence_start
from normalizers.context import (FactContext, _clause_before, _fact_context, _led_by_earlier, _period_for,
                                 _sentence_and_clause)
from normalizers.documents import DocumentMeta
from normalizers.periods import RULES, Period, fact_period, lead_period, may_name_periods, per_year, span_referred
from tests.conftest import last_chars, numbers_of_paragraphs, whole_fold

PHRASES = [
    "mỗi năm phát sinh 2.389.453 hồ sơ; hằng năm tiếp nhận 12 hồ sơ", "thu 20 triệu đồng/năm, 15 triệu đồng / năm",
    "Biên chế công chức được giao trong năm là 9.818 người", "Kế hoạch trong năm giao 12 chỉ tiêu",
    "MỖI NĂM 45 hồ sơ; HÀNG NĂM 46", "phân bổ trong năm 2025 là 30 tỷ",
    "theo kế hoạch đề ra giai đoạn 2022-2026. Tổng số người làm việc tinh giản trong giai đoạn này là 23 người",
    "trong thời kỳ này có 12 đơn vị; GIAI ĐOẠN NÀY đạt 5", "giảm 10% biên chế giai đoạn 2022 - 2025 ảnh hưởng",
    "từ 90,30% (2021) xuống 82,18%; 270 thủ tục (tính đến tháng 12/2023) và 15 (năm 2022)",
    "Năm 2022, Chỉ số PAR Index của thị xã Kỳ Anh đạt 93,77 đứng thứ 3 toàn tỉnh; năm 2023 đạt 95",
    "Tháng 9/2021, Trung tâm tiếp nhận 5,65 ngàn hồ sơ. Quý I/2025, đạt 12; a; b. c",
    "Mục tiêu đến hết năm 2025: - 100% biểu mẫu; - 80% hồ sơ!Năm 2020? 12 . 13\n14",
    "Tỷ lệ giảm từ 90,30% (2021) xuống 82,18% (2022)",        # no period pattern may match it
    "İSTANBUL năm 2022, mỗi năm 5%", "Straße năm 2022, mỗi năm 12%",      # folds of another length
]


@pytest.fixture(scope="module")
def numbers() -> list[tuple[str, int, int]]:
    """Every number of the paragraphs: (paragraph, start, end)."""
    return numbers_of_paragraphs(PHRASES)


def test_the_clause_is_cut_from_the_sentence_where_sentence_start_cuts_it(numbers):
    with_semicolon = 0
    for text, start, _ in numbers:
        for pos in (start, start + 1, len(text)):
            sentence, clause = _sentence_and_clause(text, pos)
            assert sentence == _clause_before(text, pos, semicolon=False), (text, pos)
            assert clause == _clause_before(text, pos), (text, pos)
            with_semicolon += clause != sentence
    assert with_semicolon > 100


def _windows(text: str, start: int, end: int):
    """What context_for hands _period_for for a number: its clause, sentence and 60 characters after
    it, with the folds cut from the paragraph's (None where the fold has another length)."""
    sentence, clause = _sentence_and_clause(text, start)
    whole = whole_fold(text)
    folded = None if whole is None else (whole[:start], whole[end:end + 60])
    return clause, sentence, text[end:end + 60], folded


def test_the_periods_words_looked_for_in_the_folds_give_the_plain_answers(numbers):
    """fact_period, span_referred and per_year with the folds give what they give without them; the
    words rule out most of the searches and some of those left match."""
    skipped = matched = annual = referred = 0
    refs = (None, date(2025, 3, 31))
    for text, start, end in numbers:
        clause, sentence, after, folded = _windows(text, start, end)
        if folded is None:
            assert len(literals.fold(text)) != len(text)
            continue
        before_f, after_f = folded
        for ref in refs:
            got = fact_period(clause, after, ref, text, after_f)
            assert got == fact_period(clause, after, ref, text), (clause, after)
        clause_f = last_chars(before_f, len(clause))
        assert clause_f == literals.fold(clause)
        got = span_referred(clause, text[:start], None, clause_f)
        assert got == span_referred(clause, text[:start]), clause
        referred += got is not None
        near = clause[-40:]
        for label in ("", "Kế hoạch được giao | Triệu đồng ", "Chỉ tiêu "):
            subject = label + sentence
            folds = (last_chars(before_f, len(near)), after_f[:20], (literals.fold(label) if label else "") + last_chars(before_f, len(sentence)))
            assert folds == (literals.fold(near), literals.fold(after[:20]), literals.fold(subject))
            got = per_year(near, after[:20], subject, folds)
            assert got == per_year(near, after[:20], subject), (near, after, subject)
            annual += got
            skipped += not literals.may_match_all(RULES.every["annual_subject"], folds[2])
        matched += fact_period(clause, after, None, text) is not None
    assert skipped > 1000 and matched > 100 and annual > 10 and referred > 0


def _plain_led_by_earlier(sentence: str, meta: DocumentMeta, within: str | None = None) -> bool:
    """_led_by_earlier as it was written first: the sentence's lead read, then compared."""
    if meta.period is None:
        return False
    lead = lead_period(sentence, len(sentence), meta.period.end, dated=False, within=within)
    return lead is not None and lead.end < meta.period.start


def test_a_sentence_is_led_by_an_earlier_period_as_its_lead_says(numbers):
    metas = [DocumentMeta(), DocumentMeta(period=Period.quarter(2025, 1)), DocumentMeta(period=Period.year(2023)),
             DocumentMeta(period=Period.half(2021, 2))]
    led = 0
    for text, start, _ in numbers:
        sentence = _clause_before(text, start, semicolon=False)
        assert sentence == text[sentence_start(text, start):start]
        for meta in metas:
            got = _led_by_earlier(sentence, meta, within=text)
            assert got == _plain_led_by_earlier(sentence, meta, within=text), (sentence, meta.period)
            assert _led_by_earlier(sentence, meta) == got
            led += got
    assert led > 10


def test_a_fact_context_built_from_its_fields_is_the_one_its_init_builds():
    fields = [f.name for f in dataclasses.fields(FactContext)]
    assert fields == ["entity", "entity_unit_id", "period", "period_start", "period_end", "role", "comparator"]
    assert not hasattr(FactContext, "__post_init__")
    for period in (None, Period.quarter(2025, 1), Period.years(2021, 2025)):
        for args in (("tỉnh Bình Định", "52", "target", ">="), ("cấp xã", None, "actual", None)):
            entity, unit_id, role, comparator = args
            got = _fact_context(entity, unit_id, period, role, comparator)
            want = FactContext(entity, unit_id, period.label if period else None, period.start if period else None,
                               period.end if period else None, role, comparator)
            assert type(got) is FactContext and got == want and vars(got) == vars(want) and hash(got) == hash(want)
            with pytest.raises(dataclasses.FrozenInstanceError):
                got.role = "baseline"


def test_a_text_no_period_pattern_may_match_gives_each_number_the_periods_it_gave(numbers):
    """_period_for, told that no period pattern may match the number's text, asks only what does
    not read the text's periods (a parenthesis after the number, the paragraph before, the
    caption, the report's): the periods it gives when it asks everything; and no sentence of such
    a text is led by an earlier period."""
    metas = [DocumentMeta(), DocumentMeta(period=Period.quarter(2025, 1)), DocumentMeta(period=Period.year(2023))]
    unnamed = 0
    for text, start, end in numbers:
        sentence, clause = _sentence_and_clause(text, start)
        after = text[end:end + 60]
        whole = whole_fold(text)
        folded = None if whole is None else (whole[:start], whole[end:end + 60])
        named = may_name_periods(text)
        for meta in metas:
            for role, previous, caption in (("actual", "", ""), ("baseline", "Kế hoạch năm 2026 là:", "NĂM 2024")):
                args = (role, text, start, clause, sentence, after, meta, "", previous, caption, folded)
                assert _period_for(*args, named) == _period_for(*args), (text[max(0, start - 80):end + 20], meta)
            if not named:
                assert not _led_by_earlier(sentence, meta, within=text)
        unnamed += not named
    assert unnamed > 300


def test_a_paragraph_s_fold_and_period_words_are_asked_once_with_the_plain_answers(numbers):
    """context_for reads the paragraph's fold and whether a period pattern may match it from one
    per-document entry (_paragraph): the answers of literals.fold and may_name_periods, for every
    paragraph of the samples and dev texts, the first asking and the next."""
    from normalizers import memo
    from normalizers.context import _paragraph
    memo.new_document()
    named = other_length = 0
    for text in dict.fromkeys(t for t, _, _ in numbers):
        plain_fold = literals.fold(text)
        plain = (plain_fold if len(plain_fold) == len(text) else None, may_name_periods(text))
        assert _paragraph(text) == plain == _paragraph(text), text[:80]
        assert whole_fold(text) == plain[0]
        named += plain[1]
        other_length += plain[0] is None
    assert named > 100 and other_length >= 1, (named, other_length)
