"""The shortcuts of normalizers/periods.py give the answers of its straightforward form.

The periods of a number are read from the clause, sentence and paragraph before it; to spare the
regexes, a pattern is not run over a text that lacks what every match of it holds (its tokens,
patterns.required, and its words, literals.required). Checked here on every paragraph of the
sample reports and development texts and on the clause and sentence before each of their
numbers, against the plain form that runs every pattern.
"""
from __future__ import annotations

import sys
from datetime import date

import pytest
import regex

from normalizers import patterns
from normalizers.boundaries import sentence_start
from normalizers.literals import fold, required
from normalizers.periods import (RULES, _SENTENCE_END, Named, _build, _held, _last_own, _leads, _may_match, _may_match_part,
                                 _named_periods, _runnable, _select, in_closed_parens, is_compared, lead_period,
                                 named_periods, sentence_period)
from tests.conftest import ROOT, SAMPLES

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
    """Every paragraph of the sample reports and of the development texts."""
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    return [line for path in paths for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


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


def _plain_lead_period(text: str, pos: int, ref: date | None = None, dated: bool = True):
    """lead_period as it was written first: every condition asked again for each number."""
    best = None
    for n in (n for n in named_periods(text, ref) if n.end <= pos):
        if is_compared(text, n) or in_closed_parens(text[:pos], n.start):
            continue
        if n.rule.lead_only and (not dated or not _leads(text, n) or _SENTENCE_END.search(text, n.end, pos)):
            continue
        depth = text[:n.start].count("(") - text[:n.start].count(")")
        if depth > 0 and ")" in text[n.end:pos]:
            continue
        if RULES.list_lead.match(text, n.end) or _leads(text, n):
            best = n
    return best.period if best else None


# an event's date leads its own sentence only (periods.toml dated_event; Lâm Đồng, 2025), and a
# list opened in a parenthesis stops where it closes
_DATED = ["Ngày 03/7/2025, Hội đồng nhân dân tỉnh Lâm Đồng ban hành Nghị quyết số 03/NQ-HĐND thành lập "
          "14 cơ quan chuyên môn. Tổng số biên chế công chức là 9.818 người.",
          "Kết quả (mục tiêu đến hết năm 2025: 100% hồ sơ) đạt 98%; (năm 2024: 95%, năm 2023: 90%) và 85%."]


def test_the_lead_of_each_number_is_the_one_asked_number_by_number():
    """lead_period asks once a paragraph what does not depend on the number."""
    led = 0
    for paragraph in _paragraphs() + _DATED:
        for pos in [m.start() for m in _NUMBER.finditer(paragraph)] + [len(paragraph)]:
            for ref, dated in ((None, True), (date(2025, 3, 31), True), (None, False)):
                got = lead_period(paragraph, pos, ref, dated)
                assert got == _plain_lead_period(paragraph, pos, ref, dated), (paragraph, pos)
                led += got is not None
    assert led > 100


def test_compared_read_backwards_answers_as_a_forward_search():
    """is_compared matches `compared` backwards from the period: the same answer as a forward
    search up to it, at every position of every paragraph (and with a line break before it)."""
    forward = patterns.compile(RULES.compared.pattern.removeprefix("(?-f)"), regex.IGNORECASE | regex.V1)
    compared = 0
    for paragraph in _paragraphs() + ["so với\n", "Tăng so với \nnăm 2022"]:
        for end in range(len(paragraph) + 1):
            n = Named(end, end, None, RULES.patterns[0])
            want = bool(forward.search(paragraph, 0, end))
            assert is_compared(paragraph, n) == want, (paragraph[:end],)
            compared += want
    assert compared > 100


def test_a_sentence_of_a_paragraph_is_led_as_it_is_alone():
    """lead_period's `within` (context._led_by_earlier passes the segment): a sentence of a
    paragraph where no period pattern may match has no lead; otherwise the answer is the plain one."""
    led = skipped = 0
    for paragraph in _paragraphs() + _DATED:
        for m in _NUMBER.finditer(paragraph):
            sentence = paragraph[sentence_start(paragraph, m.start(), clause=False):m.start()]
            for ref in (None, date(2025, 3, 31)):
                plain = _plain_lead_period(sentence, len(sentence), ref, False)
                assert lead_period(sentence, len(sentence), ref, False, within=paragraph) == plain, sentence
                assert lead_period(sentence, len(sentence), ref, False, within="not the paragraph") == plain
                led += plain is not None
                skipped += not _may_match(paragraph, RULES)
    assert led > 10 and skipped > 100


# index_year as first written: one group of the index names, followed once by what may follow them
_INDEX_YEAR_GROUPED = (r"(?<!\p{L})(?:PAR[\s-]*INDEX|SIPAS|PAPI|PCI|DDCI|ICT[\s-]*INDEX|Chỉ\s+số\s+(?:CCHC|cải\s+cách\s+hành\s+chính"
                       r"|hài\s+lòng(?:\s+SIPAS)?))(?:\s+\(?[\p{Lu}][\p{L}\s]{0,12}\)?)?\s+(?:năm\s+)?(?P<y>(?:19|20)\d\d)(?!\d)")
_INDEXES = ["Chỉ số CCHC năm 2023, Chỉ số cải cách hành chính (PAR INDEX) 2024 và Chỉ số hài lòng SIPAS 2022",
            "PAR-INDEX 2021; ICT INDEX năm 2020; PCI 2019, DDCI (Sở Nội vụ) 2023, PAPI 20234, chỉ số CCHC  năm 2025"]


def test_index_year_written_as_branches_matches_as_its_grouped_form(texts):
    """periods.toml writes index_year as one branch per index name, each with what follows it: the
    same matches, with the same year, as the grouped form, on every text and on one naming each index."""
    grouped = patterns.compile(_INDEX_YEAR_GROUPED, regex.IGNORECASE | regex.V1)
    rule = next(r for r in RULES.patterns if r.name == "index_year")
    found = 0
    for text in texts + _INDEXES:
        want = [(m.span(), m["y"]) for m in grouped.finditer(text)]
        assert [(m.span(), m["y"]) for m in rule.pattern.finditer(text)] == want, text
        found += len(want)
    assert found > 10



def test_a_part_of_a_paragraph_may_match_the_patterns_it_may_match_alone():
    """_may_match_part reads the words of a clause or sentence in the paragraph's fold, cut where the
    part lies (not in the part folded again): the same patterns as the part's own words select,
    also in a paragraph whose fold is longer than it ("ß" folds to "ss") or where "İ" is read as "i"."""
    parts = 0
    for paragraph in _paragraphs() + ["Straße năm 2024: tăng 5%", "İstanbul, tháng 9/2024: 12 hồ sơ"]:
        for text in _before_numbers(paragraph):
            assert _may_match_part(text, RULES, paragraph) == _may_match.__wrapped__(text, RULES), text
            parts += bool(_may_match_part(text, RULES, paragraph))
    assert parts > 1000


def _plain_select(text: str, said: frozenset[str], held: frozenset[str]):
    """periods._select as first written: the text searched for a digit whatever tokens it holds."""
    if not said and RULES.worded:
        return ()
    if RULES.digit and regex.search(r"\d", text, regex.V1):
        held |= {patterns.DIGIT}
    return _runnable(RULES, frozenset(held), said)


def test_a_digit_token_held_is_a_digit_held(texts):
    """_select takes a held token with a digit in it ("20") for the digit a pattern needs: the same
    patterns as searching the text for one, on every text, and on texts with a digit but no token."""
    assert RULES.digit_tokens and all(regex.search(r"\d", t) for t in RULES.digit_tokens)
    spared = 0
    for text in texts + ["tháng 5", "năm 1", "quý 3 năm ba", "tháng mười", "٣ tháng"]:
        said, held = _held(text, RULES)
        assert _select(text, RULES, said, held) == _plain_select(text, said, held), text
        spared += bool(said) and not held.isdisjoint(RULES.digit_tokens)
    assert spared > 1000


def _plain_own(clause: str, named: list[Named]) -> list[Named]:
    """The periods fact_period and sentence_period kept, as first written: each asked in turn."""
    return [n for n in named if not n.rule.lead_only and not is_compared(clause, n)
            and not in_closed_parens(clause, n.start)]


def test_the_last_own_period_is_the_last_of_the_own_periods(texts):
    """fact_period and sentence_period ask from the end for the last period of a clause or sentence
    that is its own (of a rule that dates a sentence, for sentence_period): the last of those kept
    when each is asked, on every text with a report year and without."""
    found = compared = 0
    for text in texts + _DATED + ["so với năm 2022, năm 2023 đạt; (năm 2021) và so với năm 2020 ", "Ngày 03/7/2025 "]:
        for ref in (None, date(2025, 3, 31)):
            named = named_periods(text, ref)
            own = _plain_own(text, named)
            assert _last_own(text, named) == (own[-1] if own else None), text
            of_sentence = [n for n in own if n.rule.sentence]
            assert _last_own(text, named, sentence=True) == (of_sentence[-1] if of_sentence else None), text
            found += bool(own)
            compared += len(own) < len(named) and bool(own)
    assert found > 100 and compared > 10


def test_a_sentence_no_sentence_rule_may_match_is_dated_by_none(texts):
    """sentence_period does not read a sentence where no rule that dates a sentence (index_year,
    to_date) may match: the same period as reading it, for each text alone and cut from its paragraph."""
    skipped = dated = 0
    for paragraph in _paragraphs() + ["Tổng thu ngân sách ước thực hiện đến ngày 25/02/2026 là 8.063 tỷ đồng; đạt 19%"]:
        for text in _before_numbers(paragraph) + [paragraph]:
            for ref, within in ((None, None), (date(2025, 3, 31), paragraph)):
                own = _last_own(text, named_periods(text, ref, within=within), sentence=True)
                got = sentence_period(text, ref, within)
                assert got == (own.period if own else None), text
                skipped += not any(r.sentence for r in _may_match_part(text, RULES, within))
                dated += got is not None
    assert skipped > 1000 and dated > 10
