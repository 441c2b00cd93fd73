"""The shortcuts of role_for (normalizers/context.py) give the answers of the plain forms, on every
number of the sample and development reports and on phrases written for each comparator:

- a target's comparator is searched for only where the fold of the words before the number (or,
  for ">=", after it) holds one of the words its pattern requires (`ContextRules.comparator_cues`);
- a "Mục tiêu ...:" lead's words are worked out once for the rules (`ContextRules.lead_words`).
"""
from __future__ import annotations

from normalizers import literals
from normalizers.boundaries import sentence_start
from normalizers.context import _in_target_list, load_context_rules, role_for
from normalizers.documents import DocumentMeta
from tests.conftest import numbers_of_paragraphs, whole_fold

PHRASES = [
    "Phấn đấu tối thiểu 60% hồ sơ; chỉ tiêu giao đạt ít nhất 70 văn bản", "chỉ tiêu giao từ 95% trở lên",
    "Mục tiêu: trên 90% hồ sơ, hơn 80 xã, vượt 12 đơn vị", "Chỉ tiêu là không quá 1 lần; tối đa 18 điểm",
    "phấn đấu đạt dưới 5% hồ sơ trễ hạn, thấp hơn 3 lần", "Chỉ tiêu: không dưới 70%; mục tiêu TỐI THIỂU 80%",
    "Mục tiêu đến năm 2025:\n- 100% biểu mẫu; không vượt quá 3 ngày; chỉ tiêu 5 /năm trở lên",
    "phải đạt 90% trong năm 2025", "İSTANBUL mục tiêu tối thiểu 60%",      # a fold of another length
]


def _plain_comparator(near: str, after: str, rules) -> str:
    for op, pat in rules.comparators:
        if pat.search(near[-25:]) or (op == ">=" and pat.search(after[:25])):
            return op
    return "="


def test_a_target_s_comparator_is_the_plain_one_with_and_without_the_folds():
    rules = load_context_rules()
    comparators = []
    for i, (text, start, end) in enumerate(numbers_of_paragraphs(PHRASES)):
        clause = text[sentence_start(text, start):start]
        sentence = text[sentence_start(text, start, clause=False):start]
        after = text[end:end + 60]
        args = ("percent", clause, after, rules, DocumentMeta(doc_type="kế hoạch"), text[:start], "", "", sentence)
        whole = whole_fold(text)
        plain = role_for(*args)
        if whole is not None:
            assert role_for(*args, (whole[:start], whole[end:end + 60])) == plain, text[max(0, start - 60):end + 20]
        if plain[0] == "target":
            assert plain[1] == _plain_comparator(clause[-60:], after, rules), text[max(0, start - 60):end + 20]
            comparators.append(plain[1])
    assert set(comparators) == {"=", ">=", ">", "<=", "<"}, set(comparators)
    assert comparators.count("=") > 100 and comparators.count(">=") > 10, (comparators.count("="), comparators.count(">="))


def test_the_lead_words_are_the_lead_pattern_s():
    rules = load_context_rules()
    assert rules.lead_words == literals.required_of(rules.target_lead) and rules.lead_words
    assert _in_target_list("Mục tiêu đến hết năm 2025: - 100% biểu mẫu; - ", rules)
    assert not _in_target_list("Tổng số mục tiêu: 22 mục tiêu chia thành 3 trụ cột chính: ", rules)
