"""The shortcuts number finding takes (normalizers/facts.py, rules.py, numbers.py) give what the
straightforward forms they replace give, on every number of the sample reports.

Each shortcut is checked against the plain code it stands for: a search instead of one anchored
match (rules.ends), asking each exclusion or tail pattern in turn instead of reading the joined
pattern's branch (rules.branch, FirstOf), trying every unit instead of those of the first letter
(_unit), asking every rule instead of those the segment leaves (Setting), the colon of the words
before a number as it was written ('\\s*:?\\s*').
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import regex

from extractors import extract
from normalizers import facts as F
from normalizers import patterns
from normalizers.numbers import NUMBER, parse_number
from normalizers.relations import column_cell
from normalizers.rules import DATA_DIR, branch, ends
from normalizers.segments import segments
from tests.conftest import SAMPLES


def _segments(rules):
    """(segment, its row's unit) of every segment of the sample .txt and .docx reports."""
    from pipeline.facts import _rows
    out = []
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")):
        doc = extract(Path(path))
        rows = _rows(doc)
        for seg in segments(doc):
            row = rows.get((seg.block.table, seg.block.row)) if seg.block.table is not None else None
            out.append((seg, column_cell(row, "unit", rules) if row else None))
    return out


@pytest.fixture(scope="module")
def candidates(rules):
    """(Setting, Candidate) of every number of the samples, as find_facts builds them."""
    out = []
    for seg, row_unit in _segments(rules):
        s = None
        for m in F.CANDIDATE.finditer(seg.text):
            s = s or F.setting(seg, rules, row_unit)
            out.append((s, F.candidate(s, m)))
    assert len(out) > 1000 and any(s.seg.block.table is not None for s, _ in out)
    return out


def _span(m):
    return m.span() if m else None


def _end_patterns(rules):
    named = [rules.rank_before, rules.rank_continued_before, rules.day_month_before, rules.dateline_before,
             rules.exclude_before_any] + [ex.pattern for ex in rules.exclude_before]
    return named + [F._DASH_CODE, F._GLUED_CODE, F._ENUMERATOR_HEAD, F._RUN_IN_HEAD]


def test_ends_is_the_search(candidates, rules):
    """One anchored attempt gives the search's match, heads ending with a new line included."""
    heads = {c.head for _, c in candidates}
    # "$" also holds before a final new line: "Covid-\n" matches there, where an anchored attempt fails
    heads |= {h + "\n" for h in list(heads)[:200]} | {"Quyết định số\n", "ngày\n", "xếp thứ:\n", "Covid-\n", "ISO 9001:\n", ""}
    for pattern in _end_patterns(rules):
        for head in heads:
            assert _span(ends(pattern, head)) == _span(pattern.search(head)), (pattern.pattern[:60], head)


def test_the_matched_item_is_the_first_exclusion_that_matches(candidates, rules):
    seen = 0
    for _, c in candidates:
        words = ends(rules.exclude_before_any, c.head)
        own = [i for i, ex in enumerate(rules.exclude_before) if not ex.any_head and ends(ex.pattern, c.head)]
        assert bool(words) == bool(own), c.head
        if words and not c.head.endswith("\n"):
            assert branch(words, rules.exclude_before_groups) == own[0], c.head
            seen += 1
    assert seen > 100


def test_first_of_names_the_first_tail_pattern_that_matches(candidates, rules):
    tails = {c.tail for _, c in candidates} | {" năm", ":2015", " triệu đồng", " tỷ", " điểm", "/QĐ-UBND", ""}
    for tail in tails:
        plain = next((i for i, p in enumerate(rules.after.patterns) if p.match(tail)), len(rules.after.patterns))
        assert rules.after.first(tail) == plain, tail


def _unit_plain(rules, tail):
    """_unit as it was: every multiword unit tried, longest first."""
    stripped = tail.lstrip(" \t\u00a0")
    low = stripped.lower()
    for unit in rules.units:
        if low.startswith(unit) and not low[len(unit):len(unit) + 1].isalpha():
            return stripped[:len(unit)]
    m = rules.unit_after.match(tail)
    if not m or m.group("word").lower() in rules.stop_words:
        return ""
    return m.group("word")


def test_units_by_first_letter_find_the_same_unit(candidates, rules):
    tails = {c.tail for _, c in candidates} | {" Hồ sơ", " cán bộ, công chức, viên chức", " máy tính bảng"}
    assert sum(1 for t in tails if _unit_plain(rules, t)) > 200
    for tail in tails:
        assert F._unit(rules, tail) == _unit_plain(rules, tail), tail


def test_the_rules_a_segment_leaves_out_answer_nothing_there(candidates, rules):
    """Every rule asked, in order, gives the decision of the rules the Setting keeps."""
    left_out = 0
    for s, c in candidates:
        everything = F.Setting(s.seg, s.column, s.row_unit, s.row_tail, s.stripped, s.urls, F.RULES, F.RULES,
                                (rules.exclude_before_any, rules.exclude_before_groups))
        fresh = F.Candidate(c.text, c.start, c.end, c.x, c.y, c.z, c.head, c.tail, c.block, c.in_url,
                            c.column, c.row_unit, c.unit_from_row)
        assert F._decide(everything, fresh, rules) == F._decide(s, c, rules), (c.text[c.start:c.end], c.head[-30:])
        left_out += len(F.RULES) - len(s.rules if c.y is None else s.pair_rules)
    assert left_out > 1000


def test_a_plain_integer_reads_as_through_the_pattern():
    for text in ("0", "7", "2024", "6354", "000123", "9" * 15):
        assert NUMBER.fullmatch(text) and parse_number(text) == Decimal(text)
    assert parse_number("9.737") == 9737 and parse_number("99,9") == Decimal("99.9")
    with pytest.raises(ValueError):
        parse_number("1.2.3")


def test_colons_written_one_way_match_as_before(candidates, rules):
    """numbers.toml writes '\\s*(?::\\s*)?' where it had '\\s*:?\\s*': the old forms, rebuilt,
    match the same heads."""
    import tomllib
    with open(DATA_DIR / "vi" / "numbers.toml", "rb") as fh:
        data = tomllib.load(fh)
    old = {r"(?:số\s*)?(?::\s*)?": r"(?:số\s*)?:?\s*", r"(?:là\s*)?(?::\s*)?": r"(?:là\s*)?:?\s*",
           r"số\s*(?::\s*)?": r"số\s*:?\s*", r"\s*(?::\s*)?": r"\s*:?\s*"}
    heads = {c.head for _, c in candidates} | {"Quyết định số: ", "tổng đài số :  ", "xếp thứ : ", "điểm tối đa là: "}
    sources = [(rules.rank_before, data["kinds"]["rank_before"], regex.I | regex.V1)] + [
        (ex.pattern, item["pattern"], regex.V1 if item.get("case_sensitive") else regex.I | regex.V1)
        for ex, item in zip(rules.exclude_before, data["exclude_before"])]
    rewritten = 0
    for pattern, source, flags in sources:
        before = source
        for new, was in old.items():
            before = before.replace(new, was)
        if before == source:
            continue
        rewritten += 1
        as_before = patterns.ending(rf"(?<!\p{{L}})(?:{before})", flags)
        for head in heads:
            assert bool(ends(pattern, head)) == bool(ends(as_before, head)), (source[:40], head)
    assert rewritten == 4


def test_a_fact_takes_its_context_as_replace_would_build_it(know):
    """facts_with_context fills each fact's context in place, in the object facts_of made for it:
    each fact returned is its own object, with Fact's fields and no other, in field order, equal
    (and hashed alike) to what dataclasses.replace builds from the fact without context; and the
    facts found without context (document_facts) are the same whether or not the pipeline ran."""
    import dataclasses

    from pipeline.facts import document_facts, facts_with_context

    names = [f.name for f in dataclasses.fields(F.Fact)]
    context = [n for n in names if n in ("sentence", "entity", "entity_unit_id", "period", "period_start",
                                         "period_end", "role", "comparator", "indicators", "indicator_cue",
                                         "restates_start", "part_of_start", "summary_row")]
    seen = 0
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")):
        doc = extract(Path(path))
        plain = document_facts(doc, know.numbers)
        found = facts_with_context(doc, know).facts
        assert document_facts(doc, know.numbers) == plain
        assert len({id(f) for f in found}) == len(found) and not {id(f) for f in found} & {id(f) for f in plain}
        by_span = {(f.start, f.end): f for f in plain}
        for fact in found:
            assert list(vars(fact)) == names
            built = dataclasses.replace(by_span[(fact.start, fact.end)], **{n: getattr(fact, n) for n in context})
            assert built == fact and vars(built) == vars(fact) and hash(built) == hash(fact)
            seen += 1
    assert seen > 500


def test_a_new_fact_is_what_its_constructor_builds(rules):
    """facts.new_fact against Fact(...), on every fact of the sample reports."""
    import dataclasses
    seen = 0
    for seg, row_unit in _segments(rules):
        for fact in F.find_facts(seg, rules, row_unit)[0]:
            values = {f.name: getattr(fact, f.name) for f in dataclasses.fields(F.Fact)
                      if getattr(fact, f.name) != f.default}
            built, plain = F.new_fact(**values), F.Fact(**values)
            assert built == plain and list(vars(built).items()) == list(vars(plain).items()) and hash(built) == hash(plain)
            seen += 1
    assert seen > 500
    with pytest.raises(TypeError):
        F.new_fact(kind="count")
    with pytest.raises(TypeError):
        F.new_fact(**values, entitty="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.kind = "x"


def test_each_rule_a_segment_leaves_out_answers_nothing_for_its_numbers(candidates, rules):
    """Asked directly, every rule the Setting leaves out for a number (by what the segment is, the
    words in it, the number being an x/y or not) answers None for it."""
    asked = 0
    for s, c in candidates:
        kept = set(s.rules if c.y is None else s.pair_rules)
        for rule in F.RULES:
            if rule not in kept:
                fresh = F.Candidate(c.text, c.start, c.end, c.x, c.y, c.z, c.head, c.tail, c.block, c.in_url,
                                    c.column, c.row_unit, c.unit_from_row)
                assert rule(fresh, rules) is None, (rule.__name__, c.text[c.start:c.end], c.head[-30:], c.tail[:30])
                asked += 1
    assert asked > 5000
    # the words of the segment close rules: rank_cue is left out where no rank word is written
    assert any(F.rank_cue not in s.rules for s, _ in candidates) and any(F.rank_cue in s.rules for s, _ in candidates)


def test_excluded_after_reads_what_each_exclusion_in_turn_reads(candidates, rules):
    """excluded_after answers None at once where FirstOf names a pattern after every exclusion:
    the plain loop, every exclusion's own pattern asked, gives the same answer."""
    tails = [(c.x, c.tail) for _, c in candidates] + [("2", " năm"), ("9001", ":2015"), ("32", "/QĐ-UBND"),
                                                         ("4", " cấp"), ("5", " rõ"), ("3", " giờ"), ("1", "")]
    for x, tail in tails:
        plain = next((ex.why for ex in rules.exclude_after if ex.applies(x) and ex.pattern.match(tail)), None)
        c = F.Candidate("", 0, 0, x, None, None, "", tail, None, False)
        assert F.excluded_after(c, rules) == plain, (x, tail)


def test_a_token_reads_as_parse_number_reads_it(candidates):
    """parse_token (no space taken out, no pattern asked) gives parse_number's value or error for
    every x and y of the samples and for tokens made to fail or to use other digits."""
    from normalizers.numbers import parse_token
    tokens = {t for _, c in candidates for t in (c.x, c.y, c.z) if t} | {
        "1.2.3", "1,2,3", "1,234,567", "1.675,605", "1,675.605", "99.9", "9.737", "\u0661\u0662\u0663", "\uff11\uff12"}
    for token in tokens:
        assert NUMBER.fullmatch(token), token
        try:
            expected = parse_number(token)
        except ValueError:
            with pytest.raises(ValueError):
                parse_token(token)
            continue
        assert parse_token(token) == expected and str(parse_token(token)) == str(expected), token
    assert len(tokens) > 300


def test_facts_without_the_rejected_numbers_are_the_same_facts(rules):
    for seg, row_unit in _segments(rules):
        assert F.facts_of(seg, rules, row_unit) == F.find_facts(seg, rules, row_unit)[0]


def test_a_segment_is_what_its_constructor_builds(rules):
    """segments._segment against Segment(...), on every segment of the sample reports; a segment of
    one block holds its text and piece as the joining loop makes them."""
    import dataclasses
    from normalizers.segments import Segment, _join
    seen = 0
    for path in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")):
        doc = extract(Path(path))
        for seg in segments(doc):
            plain = Segment(seg.text, seg.pieces, seg.block)
            assert seg == plain and list(vars(seg).items()) == list(vars(plain).items()) and hash(seg) == hash(plain)
            seen += 1
        for block in doc.blocks[:50]:
            one = _join(doc, [block])
            assert (one.text, one.pieces, one.block) == (doc.block_text(block), ((0, block.start, block.end),), block)
    assert seen > 500
    with pytest.raises(dataclasses.FrozenInstanceError):
        seg.text = "x"


def test_a_setting_read_within_the_numbers_decides_as_the_whole_segment(rules):
    """setting(within=) folds only the text from 80 characters before a segment's first number to 80
    after its last (facts_of): every number of the segment gets the decision the Setting of the
    whole text gives, and the window does close rules in some segments."""
    narrower = 0
    for seg, row_unit in _segments(rules):
        matches = list(F.CANDIDATE.finditer(seg.text))
        if not matches:
            continue
        whole = F.setting(seg, rules, row_unit)
        part = F.setting(seg, rules, row_unit, within=(max(0, matches[0].start() - 80), matches[-1].end() + 80))
        narrower += len(part.rules) < len(whole.rules)
        for m in matches:
            assert F._decide(part, F.candidate(part, m), rules) == F._decide(whole, F.candidate(whole, m), rules)
    assert narrower > 0


def test_the_exclusions_without_the_rare_items_find_the_same_first_item(candidates, rules):
    """Where a segment holds no word of the rare exclusions (numbers.toml `rare`), excluded_before
    asks the joined pattern without them: on every head of such a segment it names the item the
    whole pattern names, or none where it names none; the rare items match no head there."""
    assert rules.exclude_before_common is not None and rules.exclude_before_rare_words
    rare = [ex for ex, item in zip(rules.exclude_before, _toml()["exclude_before"]) if item.get("rare")]
    common = 0
    for s, c in candidates:
        if s.exclusions[0] is not rules.exclude_before_common:
            continue
        common += 1
        whole, part = ends(rules.exclude_before_any, c.head), ends(rules.exclude_before_common, c.head)
        assert bool(whole) == bool(part), c.head
        if whole:
            assert branch(whole, rules.exclude_before_groups) == branch(part, rules.exclude_before_common_groups), c.head
        assert not any(ends(ex.pattern, c.head) for ex in rare), c.head
    assert common > 1000 and any(s.exclusions[0] is rules.exclude_before_any for s, _ in candidates)


def _toml():
    import tomllib
    with open(DATA_DIR / "vi" / "numbers.toml", "rb") as fh:
        return tomllib.load(fh)


def test_each_rule_a_number_shape_leaves_out_answers_nothing_for_it(candidates, rules):
    """The rules whose first test looks at the characters around a lone number (facts._SHAPED) are
    asked only of numbers of their shape: asked directly, each one left out answers None; and
    every shape's rules are the Setting's rules in the same order, less those."""
    left_out = 0
    for s, c in candidates:
        if c.y is not None:
            continue
        asked = s.by_shape[F._shape(c)]
        assert [rule for rule in s.rules if rule in asked] == list(asked)
        for rule in s.rules:
            if rule not in asked:
                fresh = F.Candidate(c.text, c.start, c.end, c.x, c.y, c.z, c.head, c.tail, c.block, c.in_url,
                                    c.column, c.row_unit, c.unit_from_row)
                assert rule(fresh, rules) is None, (rule.__name__, c.head[-20:], c.tail[:20])
                left_out += 1
    assert left_out > 3000


def _plain_befores(doc, rules):
    """_segment_facts's (text, facts, before) as written before the row units were kept per row and
    a list item looked for only under a list's lead."""
    from pipeline.facts import _LIST_ITEM, _rows
    from normalizers.relations import with_row_scale
    rows, previous, lead, out = _rows(doc), [], None, []
    for seg in segments(doc):
        row = rows.get((seg.block.table, seg.block.row)) if seg.block.table is not None else None
        item = row is None and _LIST_ITEM.match(seg.text) is not None
        facts = F.facts_of(seg, rules, column_cell(row, "unit", rules) if row else None)
        if facts:
            facts = with_row_scale(facts, seg.block.header, row, rules)
            out.append((seg.text, facts, "" if row is not None else "\n".join(lead if item and lead else previous)))
        if row is None:
            if seg.text.rstrip().endswith(":"):
                lead = (previous + [seg.text])[-2:]
            elif not item:
                lead = None
            previous = (previous + [seg.text])[-2:]
        else:
            previous, lead = [], None
    return out


def test_segment_facts_read_each_row_unit_once_and_list_items_under_a_lead(rules):
    from extractors.txt import extract_txt
    from pipeline.facts import _segment_facts
    lists = ("Tổng kế hoạch vốn đầu tư phát triển năm 2026 là: 13.203.300 triệu đồng. Trong đó:\n\n"
             "+ Nguồn vốn ngân sách địa phương là 5.000 triệu đồng;\n\n- Vốn khác 2.000 triệu đồng.\n\n"
             "Kết quả năm 2025: 12 hồ sơ\n\nCác chỉ tiêu:\n\n• 45 cuộc họp\n\nSau đó 3 đơn vị.\n")
    docs = [extract(Path(p)) for p in sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx"))]
    docs.append(extract_txt("<lists>", lists.encode("utf-8")))
    under_lead = 0
    for doc in docs:
        fast = [(seg.text, facts, before) for seg, facts, before, _ in _segment_facts(doc, rules, with_previous=True)]
        assert fast == _plain_befores(doc, rules)
        under_lead += sum(1 for text, _, before in fast if text.lstrip()[:1] in "+-•" and "Trong đó:" in before)
    assert under_lead >= 2


def test_sentence_marks_are_the_pattern_s_matches(rules):
    """boundaries.sentence_marks against SENTENCE_END.finditer: on every segment of the sample
    reports, and after each mark every character of the basic plane (the white space `regex`
    counts, and not, whatever str.isspace says), at the end of a text and before a new line."""
    from normalizers.boundaries import SENTENCE_END, sentence_marks
    texts = [seg.text for seg, _ in _segments(rules)]
    texts += [f"a{mark}{chr(c)}b" for mark in ".!?" for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    texts += ["", ".", "a.", "a!\n", "\n\n", "9.737 hồ sơ. Tiếp?", "x.\x1cy", "x.\x85y", "x.\u3000y", "1.2.3.\n"]
    found = 0
    for text in texts:
        plain = [m.start() for m in SENTENCE_END.finditer(text)]
        assert sentence_marks(text) == plain, text
        found += len(plain)
    assert found > 1000


def _plain_segments(doc):
    """segments() as it was: every segment through _join and _add, the sentence end asked first."""
    from extractors.document import BlockKind
    from extractors.text_layout import SENTENCE_END, STARTS_LOWER
    from normalizers.segments import _add, _join
    out, blocks, used = [], doc.blocks, set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        if block.kind is not BlockKind.PARAGRAPH and block.kind is not BlockKind.HEADING:
            _add(out, _join(doc, [block]))
            continue
        group, j = [block], i + 1
        while j < len(blocks):
            nxt = blocks[j]
            if nxt.kind is BlockKind.FOOTNOTE:
                j += 1
                continue
            if (nxt.kind is BlockKind.PARAGRAPH and block.kind is BlockKind.PARAGRAPH
                    and not SENTENCE_END.search(doc.block_text(group[-1]))
                    and STARTS_LOWER.match(doc.block_text(nxt))):
                group.append(nxt)
                used.add(j)
                j += 1
                continue
            break
        _add(out, _join(doc, group))
    return out


def test_segments_made_directly_are_those_joined():
    """A one-block segment made in place is what _join and _add made, on the samples, the dev texts
    and a document with a cell and a paragraph longer than a segment (cut in pieces)."""
    from extractors.document import Block, BlockKind, Document
    from normalizers.segments import MAX_SEGMENT
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")) + sorted(
        (SAMPLES.parent / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    docs = [extract(Path(path)) for path in paths]
    long = ("Tỉnh đã giải quyết 1.234 hồ sơ đúng hạn. " * (MAX_SEGMENT // 20))
    text = long + "\n\n" + long + "\n\nkết quả"
    n = len(long)
    docs.append(Document("x.txt", "txt", text, [
        Block(BlockKind.TABLE_CELL, 0, n, table=0, row=0, col=0, header="Kết quả"),
        Block(BlockKind.PARAGRAPH, n + 2, 2 * n + 2), Block(BlockKind.PARAGRAPH, 2 * n + 4, len(text))]))
    merged = 0
    for doc in docs:
        made, plain = segments(doc), _plain_segments(doc)
        assert made == plain
        assert [list(vars(s).items()) for s in made] == [list(vars(s).items()) for s in plain]
        merged += sum(len(s.pieces) > 1 for s in made)
    assert merged > 0 and len(segments(docs[-1])) > 3          # the long cell and paragraph were cut


def test_relation_patterns_at_every_number_end_as_matched_plainly():
    """relations.at skips a pattern whose required characters (caseless: "(") the piece lacks: the
    same answer as matching it, for every relation pattern after and before every number of the samples."""
    from dataclasses import fields as dc_fields

    from normalizers.relations import REACH, at, load_relation_rules
    relation_rules = load_relation_rules()
    pats = [getattr(relation_rules, f.name) for f in dc_fields(relation_rules)]
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))] + ["5 hồ sơ (trong đó 3", "5 (", "(", ""]
    asked = skipped = 0
    for text in texts:
        for m in list(regex.finditer(r"\d+", text)) + [regex.match("", text)]:
            for p in pats:
                for start, end in ((m.end(), None), (max(0, m.start() - 40), m.start())):
                    plain = p.match(text[start:start + REACH if end is None else end])
                    assert _span(at(p, text, start, end)) == _span(plain), (p.pattern, text[start:start + 60])
                    asked += 1
                    skipped += "(" not in text[start:start + REACH if end is None else end]
    assert asked > 1000 and skipped > 100


def _plain_breakdown_parts(text, spans, facts, t, relation_rules):
    """breakdown_parts as written before: the brackets or the list after the total looked for first,
    then every later fact kept that lies in them at the parts' depth with the total's kind and noun."""
    from normalizers.boundaries import sentence_end
    from normalizers.relations import _depth, at, paren_after, part_noun_fits
    total = spans[t]
    paren = paren_after(text, total.end, relation_rules)
    if paren is not None:
        level, close = _depth(text, paren[0]) + 1, paren[1]
    else:
        m = at(relation_rules.breakdown_list, text, total.end)
        if not m:
            return []
        level = _depth(text, total.start)
        close = sentence_end(text, total.end + m.end())
    return [j for j in range(t + 1, len(spans))
            if spans[j].start < close and _depth(text, spans[j].start) == level
            and facts[j].kind == facts[t].kind and part_noun_fits(facts[j].unit, facts[t].unit)]


def test_breakdown_parts_without_a_fitting_later_fact_are_none_as_looked_for(rules):
    """breakdown_parts answers [] without its patterns where no later fact has the total's kind and
    noun: the same parts as looking for the brackets and the list first, for every fact of every
    segment of the samples, and of phrases whose parts are in brackets, in a list, or of another noun."""
    from normalizers.indicators import Span
    from normalizers.relations import breakdown_parts, load_relation_rules
    relation_rules = load_relation_rules()
    phrases = ["Tiếp nhận 9.737 hồ sơ (trong đó trực tuyến 9.636 hồ sơ, trễ hạn 7 hồ sơ).",
               "Có 221 hồ sơ; trong đó, 200 hồ sơ đúng hạn, 21 hồ sơ trễ hạn.",
               "Có 733 biên chế, cụ thể: 500 công chức, 233 viên chức.",
               "22 văn bản (cấp huyện: 2, cấp xã: 20 văn bản) và 5%.", "Giải quyết 12 hồ sơ (đạt 40%)."]
    passages = []
    for seg, row_unit in _segments(rules):
        facts = F.facts_of(seg, rules, row_unit)
        passages.append((seg.text, facts, [Span(f.kind, f.unit, seg.from_doc(f.start), seg.from_doc(f.end)) for f in facts]))
    for text in phrases:
        facts = F.facts_in_text(text, rules)
        passages.append((text, facts, [Span(f.kind, f.unit, f.start, f.end) for f in facts]))
    asked = found = without = 0
    for text, facts, spans in passages:
        for t, fact in enumerate(facts):
            if fact.kind not in ("count", "money"):
                continue
            parts = breakdown_parts(text, spans, facts, t, relation_rules)
            assert parts == _plain_breakdown_parts(text, spans, facts, t, relation_rules), (text[:80], t)
            asked += 1
            found += bool(parts)
            without += not any(f.kind == fact.kind for f in facts[t + 1:])
    assert asked > 300 and found > 10 and without > 100


def _plain_paren_after(text, end, relation_rules):
    """paren_after as written before: the depth followed a character at a time from the opening bracket."""
    from normalizers.relations import at
    m = at(relation_rules.breakdown_open, text, end)
    if not m or "(" not in m.group():
        return None
    open_at = end + m.group().index("(")
    depth = 0
    for i in range(open_at, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0:
            return open_at, i
    return open_at, len(text)


def test_brackets_after_a_number_close_where_the_depth_followed_character_by_character_closes():
    """paren_after hops from ")" to ")": the same brackets as following the depth a character at a
    time, after every number of the samples and of phrases with nested, unclosed or stray brackets."""
    from normalizers.relations import load_relation_rules, paren_after
    relation_rules = load_relation_rules()
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    texts += ["9.737 hồ sơ (trong đó (a) 9.636 hồ sơ, (b) 7 hồ sơ) và 5 (x)", "5 hồ sơ (trong đó 3 (chưa đóng",
              "5 (", "5 ()", "5 (()) )", "5 ((a) b) c) d", "5 ( ) ) (", "5 (a(b(c)d)e)f)"]
    asked = found = nested = 0
    for text in texts:
        for m in regex.finditer(r"\d+", text):
            got = paren_after(text, m.end(), relation_rules)
            assert got == _plain_paren_after(text, m.end(), relation_rules), text[m.start():m.start() + 60]
            asked += 1
            found += got is not None
            nested += got is not None and "(" in text[got[0] + 1:got[1]]
    assert asked > 1000 and found > 20 and nested > 3


def _plain_restatement(text, spans, i, relation_rules, clause=None):
    """relations.restatement as written before: the clause found and the words between looked at
    for every number, whatever its kind, and a new answer built each time."""
    from normalizers.boundaries import sentence_start
    from normalizers.relations import Restatement, at
    span = spans[i]
    prev = spans[i - 1] if i else None
    if prev is None:
        return Restatement(None, False)
    if clause is None:
        clause = sentence_start(text, span.start, clause=True)
    if prev.end > clause:
        between = text[prev.end:span.start]
        if span.kind == "percent" and relation_rules.restate.match(between):
            return Restatement(i - 1 if prev.kind != "percent" else None, True)
        if span.kind == "ratio" and prev.kind == "percent" and relation_rules.restated_by.match(between):
            return Restatement(i - 1, False)
        return Restatement(None, False)
    if span.kind == "percent" and at(relation_rules.subjectless, text, clause, span.start):
        return Restatement(i - 1 if prev.kind != "percent" else None, True)
    return Restatement(None, False)


def test_a_number_neither_percent_nor_ratio_restates_nothing_as_looked_for(rules):
    """restatement answers at once for a number that is neither a percent nor a ratio: the same
    answer as finding its clause and reading the words before it, for every number of every segment
    of the samples and of phrases that restate, with the clause given or not."""
    from normalizers.boundaries import sentence_start
    from normalizers.indicators import Span
    from normalizers.relations import load_relation_rules, restatement
    relation_rules = load_relation_rules()
    phrases = ["Giải quyết 5.090/5.370 hồ sơ (đạt 15,5%), 71.869 triệu đồng chiếm 25,55%.",
               "Có 92/228 hồ sơ. Đạt 40%; 12 hồ sơ. Vượt chỉ tiêu 50%", "đạt tỷ lệ 100% (362/362 văn bản) và 5 người",
               "Có 40% hồ sơ, 12 hồ sơ; 7/9 xã, 30% (20/30) và 3 tỷ đồng bằng 2%."]
    passages = []
    for seg, row_unit in _segments(rules):
        facts = F.facts_of(seg, rules, row_unit)
        passages.append((seg.text, [Span(f.kind, f.unit, seg.from_doc(f.start), seg.from_doc(f.end)) for f in facts]))
    for text in phrases:
        passages.append((text, [Span(f.kind, f.unit, f.start, f.end) for f in F.facts_in_text(text, rules)]))
    asked = related = others = 0
    for text, spans in passages:
        for i, span in enumerate(spans):
            clause = sentence_start(text, span.start, clause=True)
            got = restatement(text, spans, i, relation_rules)
            assert got == _plain_restatement(text, spans, i, relation_rules), (text[:80], i)
            assert restatement(text, spans, i, clause=clause) == got, (text[:80], i)
            asked += 1
            related += got.restates is not None or got.reads_with_previous
            others += span.kind not in ("percent", "ratio")
    assert asked > 900 and related > 50 and others > 500, (asked, related, others)
