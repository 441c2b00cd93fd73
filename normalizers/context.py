"""Who, when and as what for each fact: entity, period, role and comparator.

- entity: the sub-unit of a table row ("UBND xã Nhơn Lộc"), a level aggregate or office named
  just before the number ("cấp xã: 20", "phòng Quản lý đô thị đạt 45%"), the province ("của
  tỉnh"), otherwise the reporting unit;
- period (words in data/vi/periods.toml): a baseline's compared period ("so với năm 2021, từ
  87,61%"), a period in the number's parenthesis or clause ("Năm 2022: ...", "trong tháng
  12/2025"), one dating its whole sentence (an index's year, "ước thực hiện đến ngày ..."), the
  period leading its sentence or list ("Tháng 9/2021, ...", "Mục tiêu đến hết năm 2025: -"),
  otherwise the report's; an annual quantity ("mỗi năm") takes the year;
- role: target (plans, "chỉ tiêu", "phấn đấu", "tối thiểu", "từ ... trở lên", a "Mục tiêu ...:"
  list, "kế hoạch vốn ... là"), change ("tăng 44 bậc", "tăng mạnh nhất với 6,39%"), baseline
  ("từ 324 ... xuống còn", "so với năm 2022 (đạt ...)", a sentence led by an earlier period),
  otherwise actual; a target carries its comparator (>=, >, =, <=, <).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import regex

from normalizers import literals, memo, patterns
from normalizers.boundaries import sentence_start
from normalizers.documents import DocumentMeta
from normalizers.entities import entity_in_sentence, reporting
from normalizers.literals import Gate
from normalizers.periods import (caption_period, Period, after_period, compared_period, fact_period, fold_once,
                                 in_closed_parens, lead_paragraph_period, lead_period, may_name_periods, named_periods,
                                 per_year, sentence_period, span_referred)
from normalizers.rules import ends
from normalizers.tables import label_entity, load_table_rules
from normalizers.units import Gazetteer, Unit

DATA = Path(__file__).parent / "data" / "vi" / "context.toml"
_I = regex.IGNORECASE | regex.V1


@dataclass(frozen=True)
class ContextRules:
    level: regex.Pattern
    own: regex.Pattern
    office: regex.Pattern
    province: regex.Pattern
    own_levels: dict[str, list[str]]
    target_before: regex.Pattern
    target_after: regex.Pattern
    target_lead: regex.Pattern
    target_plan: regex.Pattern
    target_sentence: regex.Pattern
    achieved_bound: regex.Pattern
    achieved_now: regex.Pattern
    change_before: regex.Pattern
    change_extreme: regex.Pattern
    baseline_from: regex.Pattern
    baseline_before: regex.Pattern
    baseline_after: regex.Pattern
    actual_after_change: regex.Pattern
    comparators: tuple[tuple[str, regex.Pattern], ...]

    @cached_property
    def mention_gate(self) -> Gate:
        """The mention patterns here, looked for only in a text that holds a word they require
        (entities.mentions)."""
        return Gate.of((self.level, self.own, self.office, self.province))

    @cached_property
    def cues(self) -> dict[str, tuple[tuple[str, ...] | None, regex.Pattern, bool]]:
        """Each role cue as `_cue` asks it, worked out once for the rules (not looked up again for
        each number): the words one of which its matches contain (literals.required_of), the
        pattern that answers, and whether it is read from the end. A "...$" cue is compiled to be
        matched from the end (REVERSE, as patterns.ending's; its source already ends with "$")."""
        out = {}
        for name in _ENDING_CUES + _STARTING_CUES:
            pattern = getattr(self, name)
            from_end = name in _ENDING_CUES
            out[name] = (literals.required_of(pattern),
                         regex.compile(pattern.pattern, pattern.flags | regex.REVERSE) if from_end else pattern,
                         from_end)
        return out

    @cached_property
    def gates(self) -> dict[str, tuple[tuple[str, ...], dict[str, frozenset[str]], frozenset[str]]]:
        """For each text role_for reads cues in (`_TEXT_CUES`), the words its cues require (`cues`),
        each word's cues, and the cues that require none: `_may_cues` tells every cue of a text
        whether it may match with one substring test per word (not a `_cue` call per cue)."""
        out = {}
        for text, names in _TEXT_CUES.items():
            by_word: dict[str, set[str]] = {}
            for name in names:
                for word in self.cues[name][0] or ():
                    by_word.setdefault(word, set()).add(name)
            always = frozenset(name for name in names if self.cues[name][0] is None)
            out[text] = (tuple(sorted(by_word)), {w: frozenset(n) for w, n in by_word.items()}, always)
        return out

    @cached_property
    def lead_words(self) -> tuple[str, ...] | None:
        """literals.required_of(target_lead), worked out once for the rules rather than for each
        number of a paragraph with a colon (`_in_target_list`)."""
        return literals.required_of(self.target_lead)

    @cached_property
    def comparator_cues(self) -> tuple[tuple[str, tuple[str, ...] | None, regex.Pattern], ...]:
        """Each comparator as (op, the words one of which its matches contain, its pattern):
        role_for searches a target's last words only for the comparators whose words they hold."""
        return tuple((op, literals.required_of(pat), pat) for op, pat in self.comparators)


# the cues read at the end of the words before a number ("...$") and at the start of a text ("^")
_ENDING_CUES = ("baseline_from", "change_extreme", "change_before", "achieved_bound", "target_before",
                "achieved_now", "target_plan", "baseline_before")
_STARTING_CUES = ("target_after", "baseline_after", "target_sentence")
# the cues role_for reads in the 60 characters before a number and in the 60 after it (the others,
# one to a text, are asked by `_cue`); no cue is read in both
_TEXT_CUES = {"near": ("baseline_from", "change_before", "achieved_bound", "target_before", "achieved_now",
                       "target_plan", "baseline_before"),
              "after": ("target_after", "baseline_after")}


def load_context_rules() -> ContextRules:
    with open(DATA, "rb") as fh:
        d = tomllib.load(fh)
    e, r = d["entity"], d["role"]
    return ContextRules(
        level=patterns.compile(e["level"], _I), own=patterns.compile(e["own"], _I), office=patterns.compile(e["office"], regex.V1),
        province=patterns.compile(e["province"], regex.V1), own_levels=e["own_levels"],
        target_before=patterns.compile(r["target_before"], _I), target_after=patterns.compile(r["target_after"], _I),
        target_lead=patterns.compile(r["target_lead"], _I), target_plan=patterns.compile(r["target_plan"], _I),
        target_sentence=patterns.compile(r["target_sentence"], _I), achieved_bound=patterns.compile(r["achieved_bound"], _I),
        achieved_now=patterns.compile(r["achieved_now"], _I),
        change_before=patterns.compile(r["change_before"], _I), change_extreme=patterns.compile(r["change_extreme"], _I),
        baseline_from=patterns.compile(r["baseline_from"], _I), baseline_before=patterns.compile(r["baseline_before"], _I),
        baseline_after=patterns.compile(r["baseline_after"], _I),
        actual_after_change=patterns.compile(r["actual_after_change"], _I),
        comparators=tuple((op, patterns.compile(p, _I)) for op, p in d["comparator"].items()),
    )


@dataclass(frozen=True)
class FactContext:
    entity: str
    entity_unit_id: str | None
    period: str | None
    period_start: object | None
    period_end: object | None
    role: str
    comparator: str | None


def _clause_before(text: str, pos: int, semicolon: bool = True) -> str:
    """The sentence (or, with `semicolon`, the clause) up to the number."""
    return text[sentence_start(text, pos, clause=semicolon):pos]


def _sentence_and_clause(text: str, pos: int) -> tuple[str, str]:
    """(_clause_before(text, pos, False), _clause_before(text, pos)) for one search back. A clause
    starts at the sentence's start or just after a ';' past it: sentence_start finds the same ends
    ('.', '!', '?', a line break) for both, the clause's only those after its ';' (an end before
    that ';' starts nothing after it), so the clause starts at the last ';' of the sentence, if any."""
    s = sentence_start(text, pos)
    return text[s:pos], text[max(s, text.rfind(";", s, pos) + 1):pos]


def _period_for(role: str, text: str, start: int, clause: str, sentence: str, after: str,
                meta: DocumentMeta, row_label: str = "", previous: str = "", caption: str = "",
                folded: tuple[str, str] | None = None, named: bool = True) -> Period | None:
    """A baseline takes the period it is compared with ("so với năm 2021, từ 87,61%"); otherwise
    the period named for the number (in its parenthesis or clause), one that dates its whole
    sentence (an index's year, a flow to a date), the period leading its sentence or list, else
    the report's. `folded`: (literals.fold(text[:start]), literals.fold(after)), when the caller
    has them (as role_for's): the clause and the sentence end at `start`, so their folds are the
    last characters of the first, and the periods' words are looked for in them. `named`: False
    when no period pattern may match `text` (periods.may_name_periods), which spares asking its
    parts for periods."""
    ref = meta.period.end if meta.period else None
    compared = compared_period(sentence, ref, meta.period, text) if role == "baseline" else None
    before_f, after_f = folded if folded is not None else (None, None)
    # the clause and the sentence are cut from `text`: the patterns that cannot match it are not run over them
    referred = None if before_f is None else before_f[len(before_f) - len(clause):]      # not [-n:], all of it for n = 0
    if named:
        # an empty `previous` or `caption` names no period (lead_paragraph_period("") and
        # caption_period("") are None: no colon ends "", no pattern matches it): not asked for, as
        # most numbers' (caption_period's key hashes the report's Period in Python)
        period = (compared or fact_period(clause, after, ref, text, after_f)
                  or span_referred(clause, text[:start], ref, referred)
                  or sentence_period(sentence, ref, text)
                  or lead_period(text, start, ref) or (previous and lead_paragraph_period(previous, ref))
                  or (caption and caption_period(caption, ref, meta.period)) or meta.period)
    else:
        # no period pattern may match `text` (periods.may_name_periods): named_periods of the clause
        # and the sentence cut from it (`within`) and of the text itself (its leads) are empty, so
        # fact_period is its after-patterns' answer and sentence_period and lead_period are None
        period = (compared or after_period(after, ref, after_f)
                  or span_referred(clause, text[:start], ref, referred)
                  or (previous and lead_paragraph_period(previous, ref))       # "" names none, as above
                  or (caption and caption_period(caption, ref, meta.period)) or meta.period)
    if period is not None and period.start.year == period.end.year and period.label != str(period.end.year):
        near = clause[-40:]
        folds = None if before_f is None else (
            before_f[len(before_f) - len(near):], after_f[:20],      # not [-n:], all of it for n = 0
            (literals.fold(row_label) if row_label else "") + before_f[len(before_f) - len(sentence):])
        if per_year(near, after[:20], row_label + sentence, folds):    # "mỗi năm phát sinh 2.389.453 hồ sơ"
            return Period.year(period.end.year)
    return period


def _row_entity(row: list[tuple[str | None, str]], gaz: Gazetteer, meta: DocumentMeta) -> tuple[str, Unit | None] | None:
    """The entity of a table cell from the labels of its row, nearest first (pipeline/facts.py
    `_entity_labels`): a unit, a body by its kind, a level, or the set a summary row sums up."""
    rules = load_table_rules()
    aggregates = {*rules.unit_sets.values(), *rules.body_sets.values(), rules.default_body_set}
    for _, cell in row:
        if cell in aggregates:
            return cell, None
        found = label_entity(cell, gaz, meta, rules)
        if found:
            return found
    return None


def _reporting(meta: DocumentMeta) -> tuple[str, str | None]:
    return reporting(meta)


def entity_for(sentence: str, clause_start: int, rules: ContextRules, gaz: Gazetteer, meta: DocumentMeta,
               row: list[tuple[str | None, str]] | None, after: str = "", earlier: str = "",
               number: str = "", section: tuple[str, str | None] | None = None,
               folded: str | None = None) -> tuple[str, str | None]:
    """A table row's unit, else what the number's sentence names for it (normalizers/entities.py:
    `sentence` runs up to the number, `after` from its end, `earlier` is the text before the
    sentence), else the whole its section's headings name (`section`, from
    entities.section_subject), else the document's subject. `folded`: literals.fold(sentence), if known."""
    if row:
        found = _row_entity(row, gaz, meta)
        if found:
            return found[0], found[1].unit_id if found[1] else None
    return (entity_in_sentence(sentence, clause_start, after, rules, gaz, meta, earlier, number, folded)
            or section or _reporting(meta))


def _in_target_list(before: str, rules: ContextRules, before_f: str | None = None) -> bool:
    """Is the number in a list a "Mục tiêu ...:" lead opened earlier in its paragraph (and not
    inside a parenthesis that has closed since)? A lead ends with a colon and says "mục tiêu",
    "chỉ tiêu" or "phấn đấu": a paragraph without a colon, or without the words (`_may`), has none.
    `before_f`: literals.fold(before), when the caller has it."""
    if ":" not in before or not literals.may_match(rules.lead_words, literals.fold(before) if before_f is None else before_f):
        return False
    last = None
    for m in rules.target_lead.finditer(before):
        last = m
    return last is not None and not in_closed_parens(before, last.start())


def _led_by_earlier(sentence: str, meta: DocumentMeta, within: str | None = None) -> bool:
    """A sentence led by a period before the report's gives the values compared with ("Năm 2022,
    Chỉ số PAR Index của thị xã Kỳ Anh đạt 93,77 đứng thứ 3 toàn tỉnh" in a text on 2023).
    `within`: the segment the sentence is cut from (lead_period)."""
    if meta.period is None:         # no period is earlier than none: leads are not looked for
        return False
    # the lead is one of the periods the sentence names (lead_period picks among named_periods of
    # the same text, report's end and `within`): where none of them ends before the report's
    # period starts, none can be such a lead, and the leads need not be read
    if not any(n.period.end < meta.period.start for n in named_periods(sentence, meta.period.end, within=within)):
        return False
    lead = lead_period(sentence, len(sentence), meta.period.end, dated=False, within=within)
    return lead is not None and lead.end < meta.period.start


def _row_label(row: list[tuple[str | None, str]] | None, cell: str) -> str:
    """A table cell is read after the cells left of it ("Kế hoạch được giao | Triệu đồng | 13.203.300")."""
    if not row:
        return ""
    texts = [t for _, t in row]
    left = texts[:texts.index(cell)] if cell in texts else []
    return " ".join(left) + " " if left else ""


_NUMBER_START = patterns.compile(r"(?<=\s)\d")


def _lead_is_plan(previous: str, rules: ContextRules) -> bool:
    """Is the paragraph before, ending with a colon, a planned amount whose parts follow ("Tổng kế
    hoạch vốn đầu tư phát triển năm 2026 là: 13.203.300 triệu đồng. Trong đó:")?"""
    lead = previous.rstrip().rsplit("\n", 1)[-1]
    return lead.endswith(":") and any(rules.target_plan.search(lead[:m.start()])
                                      for m in _NUMBER_START.finditer(lead))


# Role cues are asked about every number, most about the 60 characters before it, where they
# rarely match. Two shortcuts give the answers of `pattern.search`/`match` for less (`_cue`): a
# text that lacks every word a cue requires is not searched, and a cue that must end where its
# text ends (written "...$": the words before a number) is tried from the end alone.


@memo.per_document(maxsize=64)       # asked for every number of a paragraph
def _paragraph(text: str) -> tuple[str | None, bool]:
    """(the paragraph's fold, or None where it has another length; periods.may_name_periods(text)):
    what context_for asks of a number's paragraph, whichever of its numbers asks, worked out once
    for all of them (may_name_periods builds and hashes the set of the paragraph's tokens again at
    each asking). Folding is letter by letter (the Turkish i, then str.casefold, each one character
    at a time, none to nothing), so where the lengths agree each character folds to one and the
    fold of text[a:b] is the fold's [a:b]: the numbers of a paragraph cut their windows' folds from
    it instead of folding each window."""
    whole = fold_once(text)          # periods folds the paragraph too (for its words): folded once
    return (whole if len(whole) == len(text) else None), may_name_periods(text)


def _cue(rules: ContextRules, name: str, text: str, folded: str) -> bool:
    """Whether the cue `name` is in `text` (`folded`: literals.fold of it): `pattern.match(text)`
    for a cue read at the start of the words after a number, `pattern.search(text)` for one every
    branch of which ends with "$". Every match of the latter ends where the text ends (or just
    before a final new line), so one exists exactly when the pattern matched backwards from there
    finds one (rules.ends): one attempt instead of a try at each position of the text. Only
    whether there is a match is asked: the reversed one may start elsewhere."""
    need, pattern, from_end = rules.cues[name]
    if not literals.may_match(need, folded):
        return False
    return (ends(pattern, text) if from_end else pattern.match(text)) is not None


def _may_cues(rules: ContextRules, text: str, folded: str) -> frozenset[str]:
    """The cues read in `text` ("near" or "after": `_TEXT_CUES`) that may match the
    text whose fold is `folded`: those one of whose required words it holds, or that require none.
    A cue is in it exactly when literals.may_match(its words, folded) holds, as `_cue` asks first;
    each word is looked for once (a C loop, `filter`), not once for each cue that requires it."""
    words, by_word, out = rules.gates[text]
    for word in filter(folded.__contains__, words):
        out = out | by_word[word]
    return out


def _matches(rules: ContextRules, name: str, text: str) -> bool:
    """Whether the cue `name` matches `text`, its words not asked (`_cue` past its word test)."""
    _, pattern, from_end = rules.cues[name]
    return (ends(pattern, text) if from_end else pattern.match(text)) is not None


def _is_target(clause: str, near: str, near_f: str, after: str, after_f: str, rules: ContextRules,
               before: str, row_label: str, sentence: str | None = None, before_f: str | None = None,
               may: frozenset[str] | None = None) -> bool:
    """A target's wording before or after the number, a table row of planned amounts, a list led by
    "Mục tiêu ...:" or a sentence about what a plan sets. `sentence`: the sentence up to the
    number, when the caller has it (it is _clause_before(before, len(before), False): the search
    for its start stops at the number, `endpos`, as the text cut there does). `before_f`:
    literals.fold(before), when the caller has it (the sentence's fold is its end). `may`: the
    cues of `near` and `after` that may match (`_may_cues`), when the caller has them."""
    if may is None:
        may = _may_cues(rules, "near", near_f) | _may_cues(rules, "after", after_f)
    if (("target_before" in may and _matches(rules, "target_before", near))        # the `in may` test asked before the call
            or ("target_after" in may and _matches(rules, "target_after", after))
            or ("target_plan" in may and _matches(rules, "target_plan", near))
            or (row_label and not clause.strip() and rules.target_plan.search(row_label))):
        return True
    if _in_target_list(before, rules, before_f):
        return True
    if sentence is None:
        sentence = _clause_before(before, len(before), False)
    return _cue(rules, "target_sentence", sentence,
                literals.fold(sentence) if before_f is None else before_f[len(before_f) - len(sentence):])   # _end


def role_for(kind: str, clause: str, after: str, rules: ContextRules, meta: DocumentMeta,
             before: str = "", row_label: str = "", previous: str = "", sentence: str | None = None,
             folded: tuple[str, str] | None = None) -> tuple[str, str | None]:
    """`before` is the paragraph up to the number (for a list of targets); `row_label` the cells
    left of a table cell (a row "Kế hoạch được giao" holds a target); `previous` the paragraph
    before the number's (a plan's total whose parts are listed under it); `sentence` the
    sentence up to the number, when the caller has it (else read from `before`); `folded`
    (literals.fold(before), literals.fold(after)), when the caller has them (cut from its
    paragraph's, `_paragraph`): the clause, and the sentence, end where `before` ends, so their
    folds are its fold's last characters."""
    near, wide = clause[-60:], clause[-90:]
    if folded is None:
        before_f = None
        near_f, wide_f, after_f = literals.fold(near), literals.fold(wide), literals.fold(after)
    else:
        before_f, after_f = folded
        near_f, wide_f = before_f[len(before_f) - len(near):], before_f[len(before_f) - len(wide):]     # _end
    # each cue as _cue(rules, name, its text, its fold) answers: `may` holds the cues whose words
    # their texts hold (_may_cues), and only those are matched (each `in may` asked before
    # `_matches`: most cues are not in it, and the test costs less than the call)
    may = _may_cues(rules, "near", near_f) | _may_cues(rules, "after", after_f)
    if "baseline_from" in may and _matches(rules, "baseline_from", near) and (
            "baseline_after" in may and _matches(rules, "baseline_after", after)):
        role = "baseline"                     # "giảm từ 10,85% xuống còn 1,31%"
    elif _cue(rules, "change_extreme", wide, wide_f) or (
            "change_before" in may and _matches(rules, "change_before", near)
            and not ("target_after" in may and _matches(rules, "target_after", after))):
        role = "change"                       # "vượt chỉ tiêu 6,5%", "tăng 44 bậc", "tăng mạnh nhất với 6,39%"
    elif (meta.doc_type != "kế hoạch" and "achieved_bound" in may and _matches(rules, "achieved_bound", near)
          and not ("target_before" in may and _matches(rules, "target_before", near))):
        role = "actual"                       # "đạt kết quả Chỉ số từ 90% trở lên"
    elif "achieved_now" in may and _matches(rules, "achieved_now", near):
        role = "actual"                       # "(chỉ tiêu tối thiểu 98%, hiện đạt 97,4%)"
    elif _is_target(clause, near, near_f, after, after_f, rules, before, row_label, sentence, before_f, may):
        role = "target"
    # A "change_before" cue ("tăng 44 bậc") is not asked again here: a number past the second
    # branch has no such cue, or has target_after ("tăng 5% trở lên"), which _is_target took.
    elif (("baseline_before" in may and _matches(rules, "baseline_before", near))
          or ("baseline_after" in may and _matches(rules, "baseline_after", after))):
        role = "baseline"
    elif kind == "money" and previous and _lead_is_plan(previous, rules):
        role = "target"                       # "+ Nguồn vốn ... là 11.194.745 triệu đồng" under a plan's total
    elif meta.doc_type == "kế hoạch" and kind in ("percent", "ratio", "score", "rank", "money"):
        role = "target"                       # a plan's rates and levels are what it aims for
    else:
        role = "actual"
    comparator = None
    if role == "target":
        comparator = "="
        # each comparator's pattern is searched only in the words (of the 25 before, or for ">=" of
        # the 25 after) whose folds hold one of the words it requires (literals.may_match): the
        # others cannot match. The folds are cut from the windows' where those are the paragraph's
        # cut (each character folded to one), else folded here.
        tail, head = near[-25:], after[:25]
        if folded is None:
            tail_f, head_f = literals.fold(tail), literals.fold(head)
        else:
            tail_f, head_f = near_f[len(near_f) - len(tail):], after_f[:len(head)]      # not [-n:], all of it for n = 0
        for op, need, pat in rules.comparator_cues:
            if ((literals.may_match(need, tail_f) and pat.search(tail))
                    or (op == ">=" and literals.may_match(need, head_f) and pat.search(head))):
                comparator = op
                break
    return role, comparator


def context_for(kind: str, text: str, start: int, end: int, rules: ContextRules, gaz: Gazetteer,
                meta: DocumentMeta, row: list[tuple[str | None, str]] | None, previous: str = "",
                caption: str = "", section: tuple[str, str | None] | None = None) -> FactContext:
    """Context of the number at text[start:end] (segment text); `previous` is the paragraph before
    the segment (a lead ending with a colon sets the period and role of the items under it);
    `caption` the title lines above a table cell's table (a table titled with another period);
    `section` the whole the headings of its section name (entities.section_subject), if any."""
    sentence, clause = _sentence_and_clause(text, start)
    after = text[end:end + 60]
    whole_f, named = _paragraph(text)
    entity, unit_id = entity_for(sentence, len(sentence) - len(clause), rules, gaz, meta, row, text[end:],
                                 text[:start - len(sentence)], text[start:end], section,
                                 None if whole_f is None else whole_f[start - len(sentence):start])
    label = _row_label(row, text)
    folded = None if whole_f is None else (whole_f[:start], whole_f[end:end + 60])
    role, comparator = role_for(kind, clause, after, rules, meta, text[:start], label, previous, sentence, folded)
    period = _period_for(role, text, start, clause, sentence, after, meta, label, previous, caption, folded, named)
    # where no period pattern may match the text, its sentence names none to be led by
    if role == "actual" and named and _led_by_earlier(sentence, meta, within=text):
        role = "baseline"
    return _fact_context(entity, unit_id, period, role, comparator)


def _fact_context(entity: str, unit_id: str | None, period: Period | None, role: str,
                  comparator: str | None) -> FactContext:
    """FactContext(entity, unit_id, the period's label, start and end, role, comparator), built from
    its fields directly: the frozen dataclass's __init__ sets each of its seven fields through
    object.__setattr__ (~1.8 µs a number, against ~0.8). FactContext has no __post_init__ and no
    field outside __init__, so the two build equal objects (tests/test_context_shortcuts.py)."""
    new = object.__new__(FactContext)
    new.__dict__.update(entity=entity, entity_unit_id=unit_id, period=period.label if period else None,
                        period_start=period.start if period else None, period_end=period.end if period else None,
                        role=role, comparator=comparator)
    return new
