"""The who-of-a-number shortcuts (normalizers/entities.py, data/vi/entities.toml) answer what the
straightforward forms answered, on windows of the sample reports:

- the "...$" cues asked from the end (rules.ends) agree with a search by their source as written;
- counted_verb with whole words ("[\\p{L}-]++") matches where the split form matched;
- unit_named with its abbreviations written "tp\\.|q\\." finds the matches "(tp|q)\\." found;
- _lead_start, visiting only brackets and colons, agrees with a walk over every character;
- a text that who.count_gate leaves closed holds no count that ranked_unit or counted_holder reads;
- the mention and count gates opened together (_MentionGates) open what each gate opens, less the
  mention patterns lacking a word they require (`required_all`), which find nothing there; and
  mentions runs exactly the patterns they open;
- the cues skipped where they lack their words (`ending`, `_may`) answer what they answer asked;
- section_subject, keeping what a heading names for the document, answers as the plain loop.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from normalizers import patterns
from normalizers.entities import _lead_start, _mention_gates, _may, counted_holder, ending, load_who_rules, ranked_unit
from normalizers.literals import fold, may_match_all, required_all, required_of
from normalizers.rules import ends

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
DEV = Path(__file__).parent / "data" / "dev" / "texts"
_V = regex.V1


@pytest.fixture(scope="module")
def windows() -> list[str]:
    """Every 120 characters from every 11th position of the sample reports."""
    out = []
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        out += [text[i:i + 120] for i in range(0, len(text), 11)]
    assert len(out) > 5000
    return out


def _source(pattern: regex.Pattern) -> str:
    """A pattern's text as written in the data (without the "(?-f)" patterns.compile puts first)."""
    return pattern.pattern.removeprefix("(?-f)")


@pytest.mark.parametrize("field", ["not_subject", "bare_not_after", "rank_cue", "object_before", "acted_at",
                                   "level_people"])
def test_cues_asked_from_the_end_agree_with_a_search(field, windows):
    who = load_who_rules()
    reversed_ = getattr(who, field)
    assert reversed_.flags & regex.REVERSE
    source = _source(reversed_).removeprefix("(?:").removesuffix(")$")
    searched = patterns.compile(source, _V)
    found = 0
    for w in windows:
        for text in (w[:60], w[:60] + "\n", w[:17]):
            want = searched.search(text) is not None
            assert (ends(reversed_, text) is not None) == want, (field, text)
            found += want
    assert found, field                 # the comparison must have seen matches


def test_counted_verb_whole_words_match_where_split_words_did(windows):
    who = load_who_rules()
    split = patterns.compile(_source(who.counted_verb).replace(r"[\p{L}-]++", r"[\p{L}-]+"), _V)
    assert split.pattern != who.counted_verb.pattern
    answers = [(split.match(w) is not None, who.counted_verb.match(w) is not None) for w in windows]
    assert all(a == b for a, b in answers)
    assert sum(a for a, _ in answers) > 50
    # a hyphen the split form could leave to the separator is inside a whole word
    for text in ("  Sở - ngành có", "tỉnh- thành đạt", " a-b -c, d đã", " vị cấp tỉnh chưa"):
        assert (split.match(text) is None) == (who.counted_verb.match(text) is None), text


def test_unit_abbreviations_with_their_dot_in_each_branch_find_the_same_units(windows):
    who = load_who_rules()
    shared = patterns.compile(_source(who.unit_named).replace(r"(?i:tp\.|tx\.|q\.|p\.|h\.)", r"(?i:tp|tx|q|p|h)\."), _V)
    assert shared.pattern != who.unit_named.pattern
    extra = ["UBND Q.1 tiếp nhận", "TP. Cao Lãnh, TX.An Nhơn và H. An Lão", "p.Phú Thủy, tp.Hồ Chí Minh"]
    for text in windows + extra:
        assert ([m.span("type") + m.span("name") for m in shared.finditer(text)]
                == [m.span("type") + m.span("name") for m in who.unit_named.finditer(text)]), text


def _lead_start_walk(sentence: str, clause_start: int) -> int:
    """The former _lead_start: every character from the end back to the clause's start."""
    lead, depth = clause_start, 0
    for i in range(len(sentence) - 1, clause_start - 1, -1):
        ch = sentence[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return max(lead, i + 1)
            depth -= 1
        elif ch == ":" and depth == 0 and lead == clause_start:
            lead = i + 1
    return lead


def test_lead_start_visiting_brackets_and_colons_agrees_with_the_walk(windows):
    cases = [w for w in windows if "(" in w or ":" in w]
    cases += ["(kết quả: Các cơ quan (thuộc tỉnh) có ", "a) b: c (d: e) f ", "x; (y: z", "", ")"]
    for text in cases:
        for start in {0, len(text) // 3, text.rfind(";") + 1, len(text)}:
            assert _lead_start(text, start) == _lead_start_walk(text, start), (text, start)


def test_a_text_the_count_gate_leaves_closed_has_no_count_read(windows, know):
    """Checked with a district's metadata, where counts of communes, districts and provinces all
    have a holder, so a wrongly closed gate would lose one."""
    from normalizers.documents import DocumentMeta
    who, gaz = load_who_rules(), know.gazetteer
    district = next(u for u in gaz.units.values() if u.level == "district")
    meta = DocumentMeta(unit=district, province_unit=gaz.units[district.province_id])

    def read(text: str) -> list:
        return [ranked_unit(text[:m.start()], text[m.end() - 1:], who, meta)
                or counted_holder(text[m.end() - 1:], who, meta, count=m.group()) for m in who.count.finditer(text)]

    closed = [w for w in windows if not who.count_gate.open(fold(w))]
    assert len(closed) > 100
    assert not any(any(read(text)) for text in closed)
    assert any(any(read(text)) for text in windows)          # the reading itself finds holders
    assert any(read("Có đến 5/9 huyện, thành phố đạt tỷ lệ này dưới 3%"))


def test_the_gates_opened_together_open_what_each_gate_opens(windows):
    from normalizers.context import load_context_rules
    rules, who = load_context_rules(), load_who_rules()
    gates = _mention_gates(rules, who)
    assert _mention_gates(rules, who) is gates                  # made once for the rules
    seen = set()
    for w in windows + [w[:30] for w in windows[::7]] + ["", "Q.1", "TX.An Nhơn", "ĐBSCL và ĐBSH"]:
        folded = fold(w)
        run = gates.open(folded)
        opened = rules.mention_gate.open(folded) | who.mention_gate.open(folded)
        runnable = frozenset(p for p in opened
                             if required_of(p) is None or may_match_all(required_all(p.pattern, spread=True), folded))
        assert run.runnable == runnable, w
        assert run.counting == who.count_gate.open(folded), w
        assert run.level == (rules.level in runnable) and run.own == (rules.own in runnable)
        assert run.office == (rules.office in runnable) and run.province == (rules.province in runnable)
        assert run.nation == (who.nation in runnable) and run.region == (who.region in runnable)
        assert run.aggregates == tuple((e, p) for e, p in who.aggregates if p in runnable)
        assert run.bodies_after == tuple(p for p, _ in who.bodies if p in runnable)
        assert run.bodies_before == tuple(p for p, only in who.bodies if p in runnable and not only)
        assert run.ranks == any(p in run.counting for p, _ in who.ranked_among)
        assert run.counts == any(p in run.counting for p, _ in who.counted)
        seen.add(run.runnable)
    assert len(seen) > 20                                       # many different sets were compared


def test_mention_patterns_closed_for_a_word_they_lack_have_no_match(windows):
    """A mention pattern the gates open, closed because its text lacks a word it requires beside
    the one that opened it (`required_all`), finds nothing there."""
    from normalizers.context import load_context_rules
    rules, who = load_context_rules(), load_who_rules()
    gates = _mention_gates(rules, who)
    closed = 0
    for w in windows + [w[:40] for w in windows[::5]]:
        folded = fold(w)
        run = gates.open(folded)
        for pattern in (rules.mention_gate.open(folded) | who.mention_gate.open(folded)) - run.runnable:
            assert pattern.search(w) is None, (pattern.pattern, w)
            closed += 1
    assert closed > 1000                                        # the words asked close many


@pytest.mark.parametrize("field", ["not_subject", "rank_cue", "acted_at", "object_before", "level_people"])
def test_cues_skipped_where_their_words_are_missing_answer_as_asked(field, windows):
    who = load_who_rules()
    pattern = getattr(who, field)
    assert who.needs[pattern], field                           # the cue has words to skip by
    skipped = found = 0
    for w in windows:
        for text in (w[:60], w[-40:], w[:20] + "\n"):
            want = ends(pattern, text)
            got = ending(who, pattern, text)
            assert (got and got.span()) == (want and want.span()), (field, text)
            skipped += not _may(who, pattern, fold(text))
            found += want is not None
    assert skipped and found, field


def test_anaphora_skipped_where_its_words_are_missing(windows):
    who = load_who_rules()
    answers = [(who.anaphora.search(w) is not None, _may(who, who.anaphora, fold(w))) for w in windows]
    assert all(may for found, may in answers if found)
    assert any(found for found, _ in answers) and not all(may for _, may in answers)


def _section_subject_plain(headings, rules, gaz, meta):
    """The former section_subject: every heading read anew for every section."""
    from normalizers.entities import SECTION_WORDS, _clean, _levels_entity, mentions
    who = load_who_rules()
    own_levels = rules.own_levels.get(meta.unit.level if meta is not None and meta.unit else "", [])
    for heading in headings:
        if len(heading.split()) > SECTION_WORDS:
            continue
        wholes = {(x.name, x.unit_id) for x in mentions(heading, rules, who, gaz, meta)
                  if x.kind in ("level", "nation", "region")}
        if who.section_two_wholes.search(heading) or len(wholes) > 1:
            continue
        if wholes:
            return wholes.pop()
        m = who.section_level.search(heading.strip().rstrip(":.").rstrip())
        if m and _clean(m["levels"]).lower() not in own_levels:
            return _levels_entity(m["levels"].lower(), who, meta)[:2]
    return None


def test_headings_kept_for_the_document_name_what_they_named_read_anew(know, monkeypatch):
    """section_subject keeps what each heading names for its document (a section's headings are
    its parents' and its own): over the samples and the dev texts, and headings made to name a
    whole read under every document's metadata, each answer is the plain one, read anew for
    another document's metadata."""
    from extractors import extract
    from normalizers import entities, memo
    from pipeline import facts
    from pipeline.facts import facts_with_context
    asked, section_subject = [], entities.section_subject

    def keep(headings, rules, gaz, meta):
        asked.append((headings, meta))
        return section_subject(headings, rules, gaz, meta)
    monkeypatch.setattr(facts, "section_subject", keep)
    for path in sorted(SAMPLES) + sorted(SAMPLES[0].parent.glob("*.docx")) + sorted(DEV.glob("*")):
        facts_with_context(extract(path), know)
    monkeypatch.undo()
    memo.new_document()
    metas = list({id(meta): meta for _, meta in asked}.values())
    made = [("1. Khái quát chung khối các tỉnh",), ("II. ĐỐI VỚI CẤP XÃ", "PHẦN A"), ("II. KẾT QUẢ CẤP XÃ",),
            ("* Kết quả xếp loại chung của cấp xã:", "I. KẾT QUẢ CẤP TỈNH"), ("KẾT QUẢ CẤP HUYỆN, XÃ",),
            ("KẾT QUẢ CỦA CÁC SỞ, NGÀNH, ĐỊA PHƯƠNG",), ("Tình hình toàn quốc",)]
    named = 0
    for headings, meta in asked + [(h, m) for m in metas for h in made]:
        want = _section_subject_plain(headings, know.context, know.gazetteer, meta)
        assert section_subject(headings, know.context, know.gazetteer, meta) == want, headings
        named += want is not None
    assert named > 20 and len(metas) > 10
    # what the headings named differs between documents (their own levels): each is read for its own
    answers = {section_subject(h, know.context, know.gazetteer, m) for m in metas for h in made[2:4]}
    assert len(answers) > 1
    repeated = sum(1 for i, (h, _) in enumerate(asked) for g, _ in asked[:i] if set(h) & set(g))
    assert repeated > 20                         # headings were met again: the kept answers were used
