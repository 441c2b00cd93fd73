"""The indicator mapper's shortcuts (normalizers/indicators.py) give the answers of the plain forms
they replace, on the words after every number of the sample reports and on edge cases.

- the words after a number: the lead cut, then the asides, as one substitution of "lead|aside" did;
- a number's candidates: gathered per kind and noun, as asking every indicator (`_accepts`) did;
- the indicators whose noun is written after the number, as the loop over every counted noun did;
- old tone placement looked for by first letter, where the one alternation of every tone finds it;
- a number's words of its own, with each pattern searched only where its words are, on every number;
- the candidates searched in a text, read off a per-candidates index for none or one word held;
- where a number's words end (`tail_end`, `share_end`), their marks matched case-sensitively;
- the parts of a total, its brackets found once per segment, as the loop over `in_brackets_of` found them;
- a number asked only the rules that may answer for its kind, as the loop over every rule answered.
"""
from __future__ import annotations

import regex
import pytest

from normalizers import patterns
from normalizers.indicators import _FLAGS, Span, _accepts, _by_the_written_noun, _candidates, _tail, load_indicator_rules
from tests.conftest import SAMPLES

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


@pytest.fixture(scope="module")
def rules():
    return load_indicator_rules()


def _after_numbers() -> list[tuple[str, int]]:
    """(text, end of a number) for every number of the sample reports."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [(text, m.end()) for m in _NUMBER.finditer(text)]
    return out


EDGES = ["", " ", "(", " (DVC) trực tuyến", "(DVC)(TTHC) hồ sơ", "  ngàn (HS) kỳ trước chuyển sang",
         "nghìn hồ sơ", "triệu", " tỷ  (ABCDEFGHI) đồng", "( dvc ) x", " hồ sơ (đạt 99%)", "\n(DVC)"]


def test_lead_then_asides_is_the_one_substitution(rules):
    both = patterns.compile(f"{rules.tail_lead.pattern[5:]}|{rules.tail_aside.pattern[5:]}", _FLAGS)
    cases = [text[end:end + 300] for text, end in _after_numbers()] + EDGES
    assert len(cases) > 1000
    for words in cases:
        cut = words[rules.tail_lead.match(words).end():]
        assert rules.tail_aside.sub("", cut) == both.sub("", words), words


def test_the_tail_is_the_one_substitution_cut_at_its_end(rules):
    both = patterns.compile(f"{rules.tail_lead.pattern[5:]}|{rules.tail_aside.pattern[5:]}", _FLAGS)
    edges = [("có 12" + words, 5) for words in EDGES]
    for text, end in _after_numbers()[::7] + edges:
        for kind in ("count", "percent"):
            words = both.sub("", text[end:end + 300])
            stop = (rules.share_end if kind == "percent" else rules.tail_end).search(words)
            assert _tail(text, rules, Span(kind, "", end - 1, end), len(text)) == \
                (words[:stop.start()] if stop else words)


def _units() -> set[str]:
    """Nouns as reports write them after numbers, and those of the catalog with their variants."""
    nouns = {"", "hồ sơ", "HS", "hồ sơ trực tuyến", "hồ sơ,", "TTHC", "thủ tục hành chính", "thủ tục", "văn bản",
             "văn bản quy phạm pháp luật", "Nghị", "nghị quyết", "người", "cán bộ", "chỉ tiêu", "nhiệm vụ", "vnd",
             "%", "điểm", "phản ánh, kiến nghị", "phản ánh", "PAKN", "DVCTT", "dịch vụ công", "biên chế", "hồ"}
    return nouns | {n.upper() for n in nouns} | {n + "x" for n in nouns}


def test_candidates_are_those_every_indicator_would_accept(rules):
    kinds = {kind for ind in rules.indicators for kind in ind.facts} | {"date"}
    for kind in kinds:
        for unit in _units():
            span = Span(kind, unit, 0, 1)
            plain = tuple((k, ind) for k, ind in enumerate(rules.indicators) if _accepts(ind, span))
            assert _candidates(rules, kind, unit.lower()).pairs == plain, (kind, unit)
            assert rules.candidates(kind, unit.lower()).pairs == plain


def test_the_written_noun_adds_what_the_loop_over_every_noun_added(rules):
    def plain(text, span, have):
        if span.kind == "percent":
            return []
        written = text[span.end:span.end + 40].lstrip().lower()
        return [(k, ind) for k, ind, nouns in rules.counted_nouns
                if span.kind in ind.facts and written.startswith(nouns) and (k, ind) not in have]

    extra = ["ban hành 02 Nghị quyết QPPL", "306 phản ánh kiến nghị", "12 HS trực tuyến", "5 văn bản quy phạm",
             "3 chỉ tiêu", "4 thủ tục hành chính", "7 người", "8 biên chế", "9 cán bộ, công chức",
             "10", "11 ", "12 Hồ Sơ", "13 ĐVC", "14 đơn vị", "15 %", "16 VND"]   # (by first character: none, upper case)
    cases = _after_numbers()[::3] + [(t, _NUMBER.search(t).end()) for t in extra]
    added = 0
    for text, end in cases:
        for kind in ("count", "ratio", "money", "percent", "rank"):
            for unit in ("", "hồ sơ", "Nghị"):
                span = Span(kind, unit, end - 1, end)
                have = rules.candidates(kind, unit.lower())
                assert _by_the_written_noun(text, span, rules, have) == plain(text, span, have.pairs), \
                    text[end:end + 40]
                added += bool(plain(text, span, have.pairs))
    assert added > 10            # nouns written that add indicators (with those that add none, most)


def _tone_cases(rules) -> list[str]:
    """Every paragraph of the sample reports, and each old tone written at a syllable's end, inside
    a word, capitalised and at the text's end."""
    texts = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n")]
    for tone in rules.tones:
        texts += [f"h{tone} bình", f"h{tone}n thành", f"H{tone.upper()} ", f"số h{tone}", tone, f"{tone}.", f"x{tone}1"]
    return texts


def test_tone_starts_find_a_match_where_the_old_tones_do(rules):
    cases = _tone_cases(rules)
    assert sum(rules.old_tones.search(t) is not None for t in cases) > len(rules.tones)
    for text in cases:
        assert any(p.search(text) for p in rules.tone_starts) == (rules.old_tones.search(text) is not None), text
        assert rules.modern_tones(text) == rules.old_tones.sub(lambda m: rules.tones[m.group()], text)


def _readings(know, monkeypatch) -> list:
    """Every Reading `choose` is asked about over the sample reports (.txt and .docx)."""
    from extractors import extract
    from normalizers import indicators
    from pipeline.facts import facts_with_context
    seen, choose = [], indicators.choose

    def keep(r):
        seen.append(r)
        return choose(r)
    monkeypatch.setattr(indicators, "choose", keep)
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")):
        facts_with_context(extract(path), know)
    return seen


def test_words_of_its_own_answers_as_every_pattern_searched(know, monkeypatch):
    from normalizers.indicators import _words_of_its_own

    def plain(r):
        clause_start = r.span.start - len(r.clause)
        own = r.text[max([clause_start] + [b.end for b in r.before]):r.span.start]
        return bool(r.rules.change.search(own) or r.rules.own_measure.search(own)
                    or (r.span.kind == "percent" and r.rules.own_noun.match(r.text, r.span.end))
                    or (r.rules.rate_of_its_count.search(own) is not None
                        and any(b.kind in ("count", "ratio", "money") and b.start >= clause_start for b in r.before))
                    or (r.restates is not None and r.before[r.restates].kind in ("count", "ratio", "money")))

    readings = _readings(know, monkeypatch)
    assert len(readings) > 500 and any(map(plain, readings)) and not all(map(plain, readings))
    for r in readings:
        assert _words_of_its_own(r) == plain(r), r.text[r.span.start - 60:r.span.end]
    rules = readings[0].rules
    assert None not in (rules.change_needs, rules.own_measure_needs, rules.rate_needs)   # each gate rules out
    assert rules.change.search("  – ") and rules.change.search("-") and not rules.change.search("a - b")


def test_searched_keeps_the_candidates_the_filter_by_the_words_held_kept(know, monkeypatch):
    """`_held` (its answers for none or one word held read off `Candidates.cue_index` and
    `share_index`, for several words kept there the first time they are held) against the filter of every candidate, on the window, the words after and the
    text before every number of the samples, and on texts holding none, one and several words."""
    from normalizers.indicators import _held
    from normalizers.literals import fold

    readings = _readings(know, monkeypatch)
    rules = readings[0].rules
    held = {0: 0, 1: 0, 2: 0}
    for r in readings:
        c = r.candidates
        texts = [r.window, r.tail, r.text[:r.span.start], " ".join(sorted(c.cue_words)), next(iter(c.cue_words), "")]
        for text in texts:
            for words, words_of, index in ((c.cue_words, rules.cue_words, c.cue_index),
                                           (c.share_words, rules.share_words, c.share_index)):
                written = frozenset(w for w in words if w in fold(text))
                plain = [(k, ind) for k, ind in c.pairs if words_of[k] is None or not words_of[k].isdisjoint(written)]
                for _ in range(2):             # the second time a text holds several words, from `many`
                    kept, seen_words, folded = _held(text, words, index)
                    assert list(kept) == plain, text
                    assert seen_words == written and folded == fold(text)
                held[min(len(written), 2)] += 1
    assert min(held.values()) > 100


# the patterns as they were written before their marks, digits and white space were matched
# case-sensitively (indicators.toml): case folding pairs none of those characters with another
_OLD_ENDS = {"tail_end": r"[,;:()\n]|[.!?](?:\s|$)|\d|\s(?:đạt|chiếm|là|bằng)\s",
             "share_end": r"[;\n]|[.!?](?:\s|$)|\d"}


@pytest.mark.parametrize("name", sorted(_OLD_ENDS))
def test_the_ends_of_a_numbers_words_are_found_where_the_case_folded_marks_found_them(rules, name):
    old, new = patterns.compile(_OLD_ENDS[name], _FLAGS), getattr(rules, name)
    edges = [" Đạt 5", " ĐẠT ", "a. b", "a.", "x\u00a0đạt\u00a0", "x là\n", "x\tBằng\t", "ab\u2028c", "١٢", "x;y",
             "x: y", "(", "?", "!\u3000"]
    words = [text[end:end + 120] for text, end in _after_numbers()[::2]]
    cases = words + [w.upper() for w in words[::5]] + edges
    for text in cases:
        for start in range(0, len(text) + 1, 3):
            a, b = old.search(text, start), new.search(text, start)
            assert (a and a.start()) == (b and b.start()), (name, text[start:])


def test_part_of_a_total_answers_as_the_loop_over_every_number_before(know, monkeypatch):
    """`part_of_a_total` asks no number before a part that is no count or has no bracket opened
    before it; the loop over every number before it (in_brackets_of) answers the same, on every
    number of the samples and on made-up segments."""
    from normalizers.indicators import Mapping, Reading, _excluded, _mapping, part_of_a_total
    from normalizers.relations import in_brackets_of

    def plain(r):
        for j in range(len(r.before) - 1, -1, -1):
            total = r.before[j]
            if in_brackets_of(r.text, total, r.span):
                ids = tuple(i for i in r.mapped[j].indicators if not _excluded(r.rules.get(i), r.window, r))
                if ids or (total.unit and not r.mapped[j].indicators):
                    return _mapping(r, ids, f"phần của {r.text[total.start:total.end]}", "part_of_a_total")
                return None
        return None

    readings = _readings(know, monkeypatch)
    rules = readings[0].rules
    made = []
    for text in ("22 văn bản (cấp huyện: 2, cấp xã: 20 văn bản)", "22 văn bản, cấp xã 20 văn bản (xem 3)",
                 "(ghi chú) 22 văn bản, 20 văn bản", "22 văn bản (cấp huyện 2%, 5 hồ sơ)"):
        spans = [Span("percent" if text[m.end():m.end() + 1] == "%" else "count", "văn bản", m.start(), m.end())
                 for m in _NUMBER.finditer(text)]
        for i in range(1, len(spans)):
            made.append(Reading(text=text, span=spans[i], clause=text[:spans[i].start], window=text[:spans[i].start],
                                segment=text, candidates=rules.candidates(spans[i].kind, "văn bản"), rules=rules,
                                before=spans[:i], mapped=[Mapping(("legal_doc.issued",), None, None)] * i,
                                restates=None, next_start=len(text), next_end=None))
    answered = 0
    for r in readings + made:
        assert part_of_a_total(r) == plain(r), r.text[max(0, r.span.start - 60):r.span.end]
        answered += plain(r) is not None
    assert answered >= 3


def test_a_mapping_is_what_its_constructor_builds():
    import dataclasses
    from dataclasses import replace
    from normalizers import indicators
    from normalizers.indicators import Mapping
    assert indicators._new_mapping is not Mapping      # the shortcut is taken for Mapping as it is
    args = [((), None, None), (("dossier.received",), "tiếp nhận", 3, "nearest_cue_before"),
            (("a", "b"), "x", 0), ((), None, 7, None)]
    for a, b in ((indicators._new_mapping(*x), Mapping(*x)) for x in args):
        assert a == b and hash(a) == hash(b) and list(vars(a).items()) == list(vars(b).items())
        assert replace(a, cue="y") == replace(b, cue="y")
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.cue = "z"


def test_excluded_answers_as_every_not_pattern_searched(know, monkeypatch):
    """`_excluded` searches only the `not` patterns that may match (`not_gates`), on the window and
    the words after every number of the samples, for every indicator of the catalog."""
    from normalizers.indicators import _excluded

    def plain(ind, where, r):
        return any(p.search(where) for p in ind.not_) or any(p.search(r.sentence) for p in ind.not_in_sentence)

    readings = _readings(know, monkeypatch)
    rules = readings[0].rules
    assert any(len(ind.not_) > 3 for ind in rules.indicators)
    excluded = 0
    for r in readings:
        for where in (r.window, r.window + r.tail, r.text):
            for ind in rules.indicators:
                assert _excluded(ind, where, r) == plain(ind, where, r), (ind.id, where)
                excluded += plain(ind, where, r)
    assert excluded > 100


def test_a_rule_not_asked_for_a_kind_answers_none_for_it(know, monkeypatch):
    """`choose` asks a number only the rules that may answer for its kind (`_answers`, which their first
    tests read): each other rule, asked about every number of the samples read as a number of each
    kind it is not asked for, answers None; and the first rule that answers is the one the loop over
    every rule found."""
    from dataclasses import replace

    from normalizers.indicators import RULES, _new_mapping, _rules_of, choose

    readings = _readings(know, monkeypatch)
    kinds = {r.span.kind for r in readings} | {"count", "ratio", "percent", "rank", "score", "money"}
    left_out = [rule for rule in RULES if hasattr(rule, "kinds")]
    assert len(left_out) >= 5
    asked = 0
    for r in readings:
        for kind in kinds:
            other = replace(r, span=replace(r.span, kind=kind))
            for rule in left_out:
                if kind not in rule.kinds:
                    assert rule(other) is None, (rule.__name__, kind)
                    asked += 1
        plain = next((m for rule in RULES if r.candidates.pairs and (m := rule(r)) is not None),
                     _new_mapping((), None, r.restates))
        assert choose(r) == plain
        assert set(_rules_of(r.span.kind)) <= set(RULES)
    assert asked > 1000
