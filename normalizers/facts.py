"""Segment text -> typed facts (count, percent, ratio, money, score, rank).

One pass finds every number-shaped token; each is then either rejected with a reason
(date, document number, numbering, ...) or typed by the words around it. All Vietnamese
wording comes from `NumberRules` (data/vi/numbers.toml).
"""
from __future__ import annotations

import functools
from dataclasses import MISSING, dataclass, fields, replace
from decimal import Decimal

import regex

from extractors.document import BlockKind
from extractors.text_layout import NUMBERING_CELL
from normalizers import literals, memo, patterns
from normalizers.boundaries import Sentences
from normalizers.numbers import NUMBER, parse_number, parse_token
from normalizers.rules import NumberRules, branch, ends, group
from normalizers.segments import Segment

# Every pattern in this module and in rules.py is asked with concurrent=False, written as the
# fourth positional argument (`pattern.match(text, None, None, False)`; finditer's fifth, after
# `overlapped`): by default `regex` releases the GIL around each match of a str (a lock, a
# condition signalled, the lock taken back), which buys nothing in a reader of one thread, asked
# ~1,000 times a report here: ~0.1 µs of a typical call's ~1.2 µs, timed on the samples' heads
# and tails (callgrind counts ~1.4 k instructions a call, more than the time it takes). The flag
# only says whether other threads may run meanwhile: the answer is the same
# (tests/test_regex_gil_flag.py). Positional, since the argument parser reads a keyword for more
# than the release costs.
_NUM = NUMBER.pattern             # x, y and z are whole matches of NUMBER: parse_token reads them
CANDIDATE = patterns.compile(rf"(?<![\d\p{{L}}_])(?P<x>{_NUM})(?:\s*/\s*(?P<y>{_NUM})(?:\s*/\s*(?P<z>{_NUM}))?)?")
# x, y, z by number: a group asked by name costs the regex module an exception raised and caught
_XYZ = tuple(CANDIDATE.groupindex[name] for name in ("x", "y", "z"))
# a web address, an e-mail address, a bare host name of a Vietnamese domain
_URL_BRANCHES = (r"(?:https?://|www\.)[^\s<>()\"']+(?:\([^\s)]*\))?[^\s<>()\"',.;]*",
                 r"[\w.-]+@[\w-]+(?:\.[\w-]+)+",
                 r"\b[\w-]+(?:\.[\w-]+)*\.(?:gov|com|org|net|edu)\.vn\S*")
_URL_PARTS = tuple(patterns.compile(branch, regex.I) for branch in _URL_BRANCHES)
_LINE_NUMBERING = patterns.compile(r"^[.)](?:\s|(?=\p{Lu}))")
_NUMBERING_HEAD = patterns.compile(r"^[\s*+•-]*(?:(?:\d{1,2}|[IVX]{1,4}|\p{L})[.)]\s*)*$", regex.V1)
_YEAR = patterns.compile(r"^(?:19|20)\d\d$")
_DASH_CODE = patterns.ending(r"\p{L}-")                 # Covid-19, NQ-19
_GLUED_CODE = patterns.ending(r"\d[:/]|(?<!\p{L})\p{L}[/.]")  # 9001:2015, a.1 (but "người/43" is a count)
# a head either code pattern can match ends with its mark, or with it and a final new line (where "$"
# also holds): any other head (nearly all: "... tiếp nhận ") is not searched
_CODE_ENDINGS = tuple(mark + end for mark in "-:/." for end in ("", "\n"))
_NGAY_BEFORE = patterns.compile(r"(?<!\p{L})ngày\s*$", regex.I)
_SLASH_WORD_AFTER = patterns.compile(r"^\s*/\s*\p{Lu}")
_SPACES = patterns.compile(r"\s+")


@dataclass(frozen=True)
class Fact:
    kind: str
    value: float
    denominator: float | None
    unit: str
    start: int              # document offsets of the number itself
    end: int
    text: str
    sentence: str
    block_kind: str
    page: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None
    # context (normalizers/context.py), filled in by the pipeline
    entity: str | None = None
    entity_unit_id: str | None = None
    period: str | None = None
    period_start: object | None = None
    period_end: object | None = None
    role: str | None = None
    comparator: str | None = None
    # what it measures (normalizers/indicators.py), filled in by the pipeline
    indicators: tuple[str, ...] = ()
    indicator_cue: str | None = None
    restates_start: int | None = None   # the x/y (or total) this percent restates, by its start
    part_of_start: int | None = None    # the total this number is a part of, by its start
    summary_row: bool = False           # a table's "Tổng cộng" / "Chỉ số cao nhất" row: a statistic of its units


_FACT_TEMPLATE = {f.name: f.default for f in fields(Fact)}     # in field order; MISSING: no default
_FACT_REQUIRED = frozenset(name for name, default in _FACT_TEMPLATE.items() if default is MISSING)


def new_fact(**values) -> Fact:
    """Fact(**values), its fields set directly: the frozen __init__ sets each of the 25 through
    object.__setattr__, a third of the cost of finding a fact. Fact has no __post_init__ and no field
    outside __init__, and the dict is filled in field order as __init__ fills it, so the two build
    the same object (tests/test_number_shortcuts.py)."""
    if not _FACT_REQUIRED <= values.keys() or not values.keys() <= _FACT_TEMPLATE.keys():
        return Fact(**values)               # the TypeError of a missing or unknown field
    state = _FACT_TEMPLATE.copy()
    state.update(values)
    fact = object.__new__(Fact)
    fact.__dict__.update(state)
    return fact


@dataclass(slots=True)
class Rejected:
    """A number that is not a measurement, with the reason (kept for tests and debugging). One per
    number that is not a fact, most of a report's: not frozen, which made it four times dearer."""
    text: str
    start: int
    why: str


def _line_head(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1:pos]


def _scale(rules: NumberRules, word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    for name, factor in rules.scales:
        if name.lower() == word.lower():
            return factor
    return Decimal(1)


def _unit(rules: NumberRules, tail: str) -> str:
    """The counted noun right after a number, in its short written form ('' if none)."""
    stripped = tail.lstrip(" \t\u00a0")
    low = stripped.lower()
    for unit in rules.units_by_initial.get(low[:rules.units_prefix], ()):
        if low.startswith(unit) and not low[len(unit):len(unit) + 1].isalpha():
            return stripped[:len(unit)]
    m = rules.unit_after.match(tail, None, None, False)
    if not m:
        return ""
    word = group(m, "word")
    return "" if word.lower() in rules.stop_words else word


_UNREAD = object()


@dataclass(slots=True)
class Candidate:
    """A number-shaped token and what the rules may look at around it. Built for every number of a
    document, and read only: not frozen, whose per-field setattr made building one seven times dearer."""
    text: str                   # the segment text
    start: int
    end: int
    x: str
    y: str | None
    z: str | None
    head: str                   # up to 80 characters before the token
    tail: str                   # up to 80 characters after it
    block: object               # extractors.document.Block
    in_url: bool
    column: str | None = None   # what the cell's column header says it holds (column_kind)
    row_unit: str | None = None # what the row's "Đơn vị tính" cell says ("%", "Triệu đồng", "Có = 1; Không = 0")
    unit_from_row: bool = False # the tail was replaced by the row's unit: the span stays the number
    values: object = _UNREAD    # (x, y) as values once a rule asked for them (_parsed)
    after_first: int = -1       # r.after.first(tail) once a rule asked for it (_after)
    exclusions: tuple | None = None  # the joined exclusions before a number to ask here, and their groups (Setting)


@dataclass(slots=True)
class Typed:
    """A rule's typing of a candidate (read only, not frozen: see Candidate)."""
    kind: str
    value: Decimal
    denominator: Decimal | None
    unit: str
    end: int                    # segment offset where the fact's span ends (a percent includes its %)


Decision = Typed | str | None    # a fact, a rejection reason, or "not mine: ask the next rule"


def _parsed(c: Candidate) -> tuple[Decimal, Decimal | None] | None:
    """(x, y) as values, None if either is not a number. Read once per candidate: malformed asks
    first, then the rule that types it."""
    if c.values is _UNREAD:
        try:
            c.values = parse_token(c.x), (parse_token(c.y) if c.y else None)
        except ValueError:
            c.values = None
    return c.values


def _after(c: Candidate, r: NumberRules, pattern: regex.Pattern) -> regex.Match | None:
    """`pattern.match(c.tail)` for a pattern of r.after (the words after a number asked by the
    later rules): not run when r.after finds one of its patterns before it matching first, for then
    it does not match. Which matches first is looked for once per candidate, when first asked."""
    if c.after_first < 0:
        c.after_first = r.after.first(c.tail)
    return None if r.after.index[pattern] < c.after_first else pattern.match(c.tail, None, None, False)


# --- the rules, in the order they are asked ---------------------------------------------------
# Each takes the candidate and the language's rules and returns a Decision. The first rule that
# returns something other than None decides. Every rule has examples in tests/corpus/*.tsv and
# tests/test_phrases.py checks that each rule decides at least one of them.

def in_url(c: Candidate, r: NumberRules) -> Decision:
    """A number inside a URL or e-mail address: "dichvucong.gov.vn/p/home/dvc-trang-chu.html?id=2"."""
    return "url" if c.in_url else None


# A minus written against the number is kept ("tăng trưởng -5%", "-12 hồ sơ so với cùng kỳ"); not
# the dash of a range ("70%-90%", "10-15"), of a list item ("- 5 đơn vị") or inside a code.
_NEGATIVE = patterns.compile(r"(?:^|(?<=[\s(:]))(?<![\d%]\s?)[-−]$")
# where _NEGATIVE's minus can be: last, or last but a final new line (where "$" also holds)
_MINUS_ENDINGS = ("-", "−", "-\n", "−\n")
_SIGNED_KINDS = frozenset({"count", "percent", "money", "score"})
_MAX_DIGITS = 15          # no measure in a report has more: the state budget is ~2 million billion đồng
_MAX_VALUE = Decimal(10) ** 18


def beyond_reason(c: Candidate, r: NumberRules) -> Decision:
    """A run of digits longer than any measure ("…" of 310 digits, a pasted hash): no fact, and
    never parsed (a five-million-digit run would overflow the decimal context)."""
    if c.y is None and len(c.x) <= _MAX_DIGITS:      # a lone number of no more characters (most)
        return None
    limit = _MAX_DIGITS * (1 + (c.y is not None) + (c.z is not None))
    if len(c.x) + len(c.y or "") + len(c.z or "") <= limit:    # no more digits than characters
        return None
    digits = sum(ch.isdigit() for part in (c.x, c.y or "", c.z or "") for ch in part)
    return "beyond any plausible measure" if digits > limit else None


def exact_name(c: Candidate, r: NumberRules) -> Decision:
    """Whole tokens that are names: "phục vụ 24/7"."""
    # a lone number is x itself, digits and marks with no space to take out
    token = c.x if c.y is None else _SPACES.sub("", c.text[c.start:c.end])
    return "name" if token in r.exact_non_facts else None


def glued_code(c: Candidate, r: NumberRules) -> Decision:
    """A number glued to a code before it: "Covid-19", "ISO 9001:2015", "a.1"."""
    if not c.head.endswith(_CODE_ENDINGS):
        return None
    return "code" if ends(_DASH_CODE, c.head) or ends(_GLUED_CODE, c.head) else None


def numbering_column(c: Candidate, r: NumberRules) -> Decision:
    """"1", "1.1", "II" in an STT column."""
    b = c.block
    if (b.kind is BlockKind.TABLE_CELL and b.header and r.skip_columns.search(b.header.strip(), None, None, False)
            and NUMBERING_CELL.match(c.text.strip(), None, None, False)):
        return "table_numbering"
    return None


def column_header(c: Candidate, r: NumberRules) -> Decision:
    """A header cell read as a cell: "Điểm đạt (tối đa 18 điểm)" names its column."""
    if c.column is not None and c.text.strip() in c.block.header.split(_HEADER_SEP):
        return "column_header"
    return None


def unit_column(c: Candidate, r: NumberRules) -> Decision:
    """Numbers in the "Đơn vị tính" column describe the row's values: "Có = 1; Không = 0"."""
    return "unit_column" if c.column == "unit" else None


def code_column(c: Candidate, r: NumberRules) -> Decision:
    """Identifiers in a "Mã số TTHC" column: "1.001699" names a procedure, it counts nothing."""
    return "code" if c.column == "code" else None


def table_maximum(c: Candidate, r: NumberRules) -> Decision:
    """"Điểm chuẩn tối đa" is a score's scale, folded into the row's points as their denominator."""
    return "table_maximum" if c.column == "max" else None


def coded_answer(c: Candidate, r: NumberRules) -> Decision:
    """A value cell whose row's unit is a legend: 1 under "Có = 1; Không = 0"."""
    if c.row_unit and c.text.strip() == c.x and r.legend.search(c.row_unit, None, None, False):
        return "coded_answer"
    return None


def line_numbering(c: Candidate, r: NumberRules) -> Decision:
    """A number that opens a line (after other numbering only) and is followed by "." or ")":
    "2. Kết quả", "1. 1.Chỉ số" (repeated numbering, glued to its heading)."""
    # the tail's "." or ")" first (_LINE_NUMBERING starts with one): it is one character to look at,
    # the line head is a copy of the line up to the number and a pattern over it
    if (c.y is None and c.tail.startswith((".", ")")) and _LINE_NUMBERING.match(c.tail, None, None, False)
            and _NUMBERING_HEAD.match(_line_head(c.text, c.start), None, None, False)):
        return "numbering"
    return None


# an item number in parentheses inside a sentence: "tập trung: (1) ban hành …; (2) công tác …"
_ENUMERATOR_HEAD = patterns.ending(r"(?:^|[\s:;,.])\(\s*")
_ENUMERATOR_TAIL = patterns.compile(r"^\s*\)(?!\s*(?:%|\p{L}*\s*/))")


# a point numbered inside a paragraph, after the sentence before it: "… năm 2025. 2. Trong năm, …"
_RUN_IN_HEAD = patterns.ending(r"[.;]\s+")
_RUN_IN_TAIL = patterns.compile(r"^\.\s+\p{Lu}")


def run_in_numbering(c: Candidate, r: NumberRules) -> Decision:
    """A point number run into a paragraph (a Word cell's paragraphs read as one): "… trên địa
    bàn tỉnh. 2. Trong năm, Tỉnh đã tổ chức 09 cuộc …". A value ending a sentence follows a verb
    or a colon, not a full stop ("… là 165. Kết quả …")."""
    if (c.y is None and len(c.x) <= 2 and c.x.isdigit()
            and c.tail.startswith(".") and _RUN_IN_TAIL.match(c.tail, None, None, False) and ends(_RUN_IN_HEAD, c.head)):
        return "numbering"
    return None


def enumerator(c: Candidate, r: NumberRules) -> Decision:
    """A small number alone in parentheses numbers an item of a list run into a sentence:
    "các Luật: (1) Luật Ngân sách nhà nước; (2) Luật Quản lý …", "(31) Cơ sở dữ liệu quốc gia …";
    a count in parentheses has its noun inside ("(02 hồ sơ)")."""
    if (c.y is None and c.z is None and len(c.x) <= 3 and c.x.isdigit()
            and ")" in c.tail and _ENUMERATOR_TAIL.match(c.tail, None, None, False) and ends(_ENUMERATOR_HEAD, c.head)):
        return "numbering"
    return None


def three_parts(c: Candidate, r: NumberRules) -> Decision:
    """x/y/z is a date or a document number: "16/7/2022", "32/2022/QĐ"."""
    return "date" if c.z is not None else None


def malformed(c: Candidate, r: NumberRules) -> Decision:
    # a token of ASCII digits alone is read as Decimal(token), which never fails: most numbers, and
    # nearly half of them are then rejected by a later rule, their values never asked for
    if (c.values is _UNREAD and c.x.isascii() and c.x.isdigit()
            and (c.y is None or c.y.isascii() and c.y.isdigit())):
        return None
    return "malformed" if _parsed(c) is None else None


def percent_points(c: Candidate, r: NumberRules) -> Decision:
    """"tăng 2,46 điểm %": percentage points are points of a score."""
    if c.y is None and r.percent_points_after.match(c.tail, None, None, False):
        return Typed("score", _parsed(c)[0], None, "điểm", c.end)
    return None


def broken_decimal(c: Candidate, r: NumberRules) -> Decision:
    """A decimal comma followed by a stray space inside parentheses: "giảm khá sâu (8, 12%)"."""
    if c.y is None and c.head.endswith("(") and (m := r.broken_decimal_after.match(c.tail, None, None, False)):
        value = parse_number(f"{c.x},{group(m, 'frac')}")
        return Typed("percent", value, None, "%", c.end + m.end())
    return None


def percent(c: Candidate, r: NumberRules) -> Decision:
    """"99,9%", "3,45 %", "25 phần trăm"."""
    if c.y is None and (m := r.percent_after.match(c.tail, None, None, False)):
        return Typed("percent", _parsed(c)[0], None, "%", c.end if c.unit_from_row else c.end + m.end())
    return None


def rate_without_sign(c: Candidate, r: NumberRules) -> Decision:
    """"đạt tỷ lệ 95,88, quá hạn …", "(đạt tỷ lệ 97,42)": a number that a rate names and nothing
    follows is that rate in percent, its sign left out (or lost by OCR)."""
    # the tail's anchored pattern first: the head's is searched from every position of its last 30 characters
    if c.y is None and r.rate_bare_after.match(c.tail, None, None, False) and r.rate_before.search(c.head[-30:], None, None, False):
        value = _parsed(c)[0]
        if value <= 100:
            return Typed("percent", value, None, "%", c.end)
    return None


def slash_date(c: Candidate, r: NumberRules) -> Decision:
    """x/y that is a month or a day: "12/2023", "2022/2023", "ngày 16/7", "Sáng 17/4",
    "14:55 17/04", "(TTXVN 18/4)"."""
    if c.y is None:
        return None
    if _YEAR.match(c.y, None, None, False) or (_YEAR.match(c.x, None, None, False) and "." not in c.x):
        return "date"
    if _NGAY_BEFORE.search(c.head, None, None, False) or _SLASH_WORD_AFTER.match(c.tail, None, None, False):
        return "date"
    if _is_day_month(c.x, c.y) and (ends(r.day_month_before, c.head)
                                    or (ends(r.dateline_before, c.head) and c.tail.lstrip().startswith(")"))):
        return "date"
    return None


def rank_cue(c: Candidate, r: NumberRules) -> Decision:
    """"xếp thứ 4/7", "đứng vị trí thứ 2", "từ vị trí 15 lên 13", "từ vị trí thứ 6 xuống 17"."""
    if ends(r.rank_before, c.head) or ends(r.rank_continued_before, c.head):
        return Typed("rank", *_parsed(c), "", c.end)
    return None


def excluded_before(c: Candidate, r: NumberRules) -> Decision:
    """Words before the number that make it a name, a date part, an article, a level, ...
    (numbers.toml [[exclude_before]], each with its reason)."""
    joined, groups = c.exclusions or (r.exclude_before_any, r.exclude_before_groups)
    words = ends(joined, c.head)
    # the item whose words matched is the first whose words match the head's end; those before it
    # need no look (the items `joined` leaves out have no match in the segment: see setting). A
    # head ending with a new line is searched, which may find one item's match a character earlier
    # than another's: there every item is asked.
    if words is None:                                  # most numbers: only the items without words
        for ex in r.exclude_before_bare:
            if ex.applies(c.x) and ends(ex.pattern, c.head):
                return ex.why
        return None
    first = -1 if c.head.endswith("\n") else branch(words, groups)
    for i, ex in enumerate(r.exclude_before):
        if not ex.any_head and i < first:
            continue
        if ex.applies(c.x) and (i == first or ends(ex.pattern, c.head)):
            return ex.why
    return None


@functools.lru_cache(maxsize=8)
def _last_exclusion_place(r: NumberRules) -> int:
    """The last place in r.after of a pattern of r.exclude_after (NumberRules is hashed by identity)."""
    return max((r.after.index[ex.pattern] for ex in r.exclude_after), default=-1)


def excluded_after(c: Candidate, r: NumberRules) -> Decision:
    """Words after the number that make it a document number, a time, a duration, ..."""
    if c.after_first < 0:
        c.after_first = r.after.first(c.tail)
    if c.after_first > _last_exclusion_place(r):
        return None             # most numbers (" hồ sơ"): _after answers None for every exclusion
    for ex in r.exclude_after:
        if ex.applies(c.x) and _after(c, r, ex.pattern):
            return ex.why
    return None


def hotline(c: Candidate, r: NumberRules) -> Decision:
    """Service numbers: "phản ánh qua 1022", "tổng đài dịch vụ công 1022 tỉnh Đồng Tháp"."""
    x = c.x
    if c.y is None and (x in r.hotlines or x[:4] in r.hotlines and len(x) >= 8):
        if not _unit(r, c.tail) or r.hotline_context.search(c.head, None, None, False):
            return "hotline"
    return None


def money(c: Candidate, r: NumberRules) -> Decision:
    """"281.318 triệu đồng", "1,2 tỷ VNĐ", "1.675,605/ 1.301,964 tỷ đồng" (a ratio of money)."""
    m = _after(c, r, r.money_after)
    if not m:
        return None
    factor = _scale(r, group(m, "scale"))
    cur = group(m, "cur")
    unit = r.currencies.get(cur, r.currencies.get(cur.upper(), "VND"))
    xv, yv = _parsed(c)
    if yv is not None:
        return Typed("ratio", xv * factor, yv * factor, unit, c.end)
    return Typed("money", xv * factor, None, unit, c.end)


def money_without_currency(c: Candidate, r: NumberRules) -> Decision:
    """A money scale word with no counted noun after it: "tiết kiệm 1.652 tỷ mỗi năm"; "triệu"
    only where the sentence speaks of money ("kinh phí 20 triệu/năm") — "1,2 triệu hồ sơ" is a count."""
    m = _after(c, r, r.scale_after)
    if c.y is not None or not m or _unit(r, c.tail[m.end():]):
        return None
    word = group(m, "scale").lower()
    if word in r.money_scales or r.money_context.search(c.head, None, None, False):
        return Typed("money", _parsed(c)[0] * _scale(r, word), None, "VND", c.end)
    return None


def score_word(c: Candidate, r: NumberRules) -> Decision:
    """"70.24 điểm", "2,8/18 điểm" (but "126 Điểm hỗ trợ dịch vụ công" are places)."""
    if _after(c, r, r.score_after):
        return Typed("score", *_parsed(c), "điểm", c.end)
    return None


def table_column(c: Candidate, r: NumberRules) -> Decision:
    """A number under a "Xếp hạng", "Chỉ số"/"Điểm đạt được" or "Tỷ lệ (%)" column header:
    "12/63" under "Thứ hạng" is rank 12 of 63, "9,49/ 9,5" under "Điểm" is 9,49 points of 9,5."""
    xv, yv = _parsed(c)
    if c.column == "rank":
        return Typed("rank", xv, yv, "", c.end)
    if c.column == "score":
        return Typed("score", xv, yv, "điểm", c.end)
    if c.column == "percent" and c.y is None and not _unit(r, c.tail):
        return Typed("percent", xv, None, "%", c.end)
    return None


def index_value(c: Candidate, r: NumberRules) -> Decision:
    """A bare decimal that an index of the sentence scores: "Chỉ số PAR Index của thị xã đạt
    93,77 đứng thứ 3", "Nam Định đạt 87,32, tăng ...", "đạt 84,79 (%/100 điểm tối đa)"."""
    if c.y is not None or "," not in c.x and "." not in c.x:
        return None
    scale = _after(c, r, r.scale_after)
    if scale or _unit(r, c.tail) or not r.index_named.search(_paragraph_before(c.head), None, None, False):
        return None
    return Typed("score", _parsed(c)[0], None, "điểm", c.end)


_BARE_DIGITS = patterns.compile(r"\d{5,}")


def identifier(c: Candidate, r: NumberRules) -> Decision:
    """A run of five or more digits with no thousands dots and no counted noun after it is a number of
    something, not a count: an incoming-document number in a received stamp ("ĐẾN Số: 29000420"),
    a code. Reports write counts of that size with dots ("29.000.420 hồ sơ")."""
    # five characters at least before the pattern: most numbers have fewer
    if c.y is None and len(c.x) >= 5 and _BARE_DIGITS.fullmatch(c.x, None, None, False) and not _after(c, r, r.scale_after):
        unit = _unit(r, c.tail)
        if not unit or unit[:1].isupper():          # "29000420 Kính gửi": a new sentence, not a noun counted
            return "identifier"
    return None


def count_or_ratio(c: Candidate, r: NumberRules) -> Decision:
    """Everything else: a count of its noun ("9.737 hồ sơ", "1,2 triệu hồ sơ") or a ratio of the
    same thing ("07/28 nhiệm vụ"); a bare year is a date ("từ 2016 đến 2018 chỉ có")."""
    xv, yv = _parsed(c)
    factor = Decimal(1)
    scale = _after(c, r, r.scale_after)
    unit_tail = c.tail
    if scale:
        factor = _scale(r, group(scale, "scale"))
        unit_tail = c.tail[scale.end():]
    unit = _unit(r, unit_tail)
    if c.y is None and not unit and _YEAR.match(c.x, None, None, False):     # the unit first: most counts have one
        return "year"
    if yv is not None:
        return Typed("ratio", xv * factor, yv * factor, unit, c.end)
    return Typed("count", xv * factor, None, unit, c.end)


RULES: tuple = (in_url, beyond_reason, exact_name, glued_code, numbering_column, column_header, unit_column, code_column, table_maximum,
                coded_answer, line_numbering, run_in_numbering, enumerator, three_parts, malformed,
                percent_points, broken_decimal, percent, rate_without_sign, slash_date, rank_cue, excluded_before,
                excluded_after, hotline, money, money_without_currency, score_word, table_column,
                index_value, identifier, count_or_ratio)

# Rules whose first test is whether the number is an x/y: they answer None for the other kind,
# and are not asked of it (Setting.rules / Setting.pair_rules).
_LONE_ONLY = frozenset({line_numbering, run_in_numbering, enumerator, percent_points, broken_decimal, percent,
                        rate_without_sign, hotline, money_without_currency, index_value, identifier})   # "c.y is None and …"
_PAIR_ONLY = frozenset({three_parts, slash_date})      # "c.z is not None" (z comes with y), "c.y is None: None"

# Rules that answer None unless one of these patterns of NumberRules matches the words before or
# after the number: a rule's own test, which it makes before deciding anything. Those words are a
# part of the segment's text (the head, the tail) or, for a value cell, the row's unit read as its
# tail; where neither holds a word that every match of those patterns contains (literals.required_of),
# none of them matches and the rule is not asked in that segment (Setting). Only rules asked of
# most numbers and dear to ask are listed: a word looked for costs a tenth of a pattern's
# match, and "đ" of money_after is in every segment.
_NEEDS: dict = {
    percent_points: ("percent_points_after",), percent: ("percent_after",), rate_without_sign: ("rate_before",),
    rank_cue: ("rank_before", "rank_continued_before"), score_word: ("score_after",),
}


# Stands, among the rules a segment's words close (_closed), for the exclusions before a number
# that numbers.toml marks rare (NumberRules.exclude_before_common): closed, they are left out of the
# joined pattern excluded_before asks. Their words are looked for with those of _NEEDS, each once.
RARE_EXCLUSIONS = "rare exclusions"


@functools.lru_cache(maxsize=8)
def _needed_words(rules: NumberRules) -> tuple[tuple[tuple[str, frozenset], ...], frozenset]:
    """Each case-folded word that a match of a _NEEDS pattern may contain (literals.required_of: one
    of them every match contains), with the rules it lets answer; and all the rules so gated, those
    whose patterns all require words (NumberRules is hashed by identity). RARE_EXCLUSIONS is gated
    by the words of the rare exclusions."""
    by_word: dict[str, set] = {}
    gated = set()
    for rule, names in _NEEDS.items():
        needs = [literals.required_of(getattr(rules, name)) for name in names]
        if all(need is not None for need in needs):
            gated.add(rule)
            for word in {word for need in needs for word in need}:
                by_word.setdefault(word, set()).add(rule)
    if rules.exclude_before_common is not None:
        gated.add(RARE_EXCLUSIONS)
        for word in rules.exclude_before_rare_words:
            by_word.setdefault(word, set()).add(RARE_EXCLUSIONS)
    return tuple((word, frozenset(by_word[word])) for word in sorted(by_word)), frozenset(gated)


@functools.lru_cache(maxsize=8)
def _never_lone(rules: NumberRules) -> frozenset:
    """Rules that answer None for every lone number under these rules: exact_name when no name in
    exact_non_facts has a lone number's shape (a whole NUMBER match, as its x and so its token is):
    "24/7" has not."""
    return frozenset() if any(NUMBER.fullmatch(name) for name in rules.exact_non_facts) else frozenset({exact_name})


def _closed(rules: NumberRules, words: str) -> frozenset:
    """The rules of _NEEDS that cannot answer in a segment whose words (its text, and its row's unit
    read as a tail) are `words`, case-folded (literals.fold): none of their words is in it."""
    by_word, closed = _needed_words(rules)
    for word, opened in by_word:
        if word in words:
            closed = closed - opened
    return closed


def _is_day_month(x: str, y: str) -> bool:
    return x.isdigit() and y.isdigit() and 1 <= int(x) <= 31 and 1 <= int(y) <= 12


def _paragraph_before(head: str) -> str:
    """The words before a number back to its paragraph's start: an index named in the previous
    sentence still scores it ("... năm 2023 (SIPAS). Theo đó, Nam Định đạt 87,32")."""
    return head[head.rfind("\n") + 1:]


_HEADER_SEP = " | "


@memo.per_document(maxsize=4096)
def column_kind(header: str | None, rules: NumberRules) -> str | None:
    """What a table column's header says its bare numbers are: rank, max (a score's scale),
    score, percent, unit (the "Đơn vị tính" column), code (identifiers) or None. The nearest header decides first
    ("Điểm đạt được" in "Kết quả | Điểm đạt được"), then the whole path ("Lâm Đồng | Điểm số")."""
    if not header:
        return None
    last = header.rsplit(_HEADER_SEP, 1)[-1].strip()
    tests = (("unit", rules.unit_columns), ("code", rules.code_columns), ("rank", rules.rank_columns), ("max", rules.max_columns),
             ("score", rules.score_columns), ("percent", rules.percent_columns))
    # a header wrapped over two ruled rows reads "Thứ | hạng": its words are also tried joined
    for text in (last, header, header.replace(_HEADER_SEP, " ")):
        for kind, pattern in tests:
            if pattern.search(text):
                return kind
    return None


@dataclass(slots=True)
class Setting:
    """What the rules know of a segment before looking at any number in it, worked out once per
    segment rather than once per number: the cell's column, the row's unit, the URLs, and which
    rules can answer there at all. Read only (not frozen, as Candidate)."""
    seg: Segment
    column: str | None          # column_kind of a table cell's header
    row_unit: str | None        # the row's "Đơn vị tính" cell, None when it names no noun ("Số lượng")
    row_tail: str | None        # that unit as the words after a value cell's number; None if not read so
    stripped: str               # the segment's text without the space around it
    urls: list[tuple[int, int]]
    rules: tuple                # RULES without those that answer nothing in this segment, for a lone number
    pair_rules: tuple           # the same for an x/y
    exclusions: tuple           # (joined exclusions before a number, their groups) that may match here
    by_shape: tuple | None = None   # `rules` without those a lone number's _shape leaves out, by shape


# Rules whose first test looks at a character or two around the number (their own code): they
# answer None for a number whose _shape lacks their bit, and are not asked of it. Most numbers
# have none of these shapes; a Python call per rule and number was most of what they cost.
_SHAPED = {glued_code: 1,                   # c.head.endswith(_CODE_ENDINGS)
           broken_decimal: 2,               # c.head.endswith("(")
           line_numbering: 4,               # c.tail.startswith((".", ")"))
           run_in_numbering: 4,             # c.tail.startswith(".") (and so the above)
           enumerator: 8}                   # ")" in c.tail
_SHAPES = 16


def _shape(c: Candidate) -> int:
    """The bits of _SHAPED that the characters around a number have."""
    head, tail = c.head, c.tail
    return (head.endswith(_CODE_ENDINGS) | head.endswith("(") << 1
            | tail.startswith((".", ")")) << 2 | (")" in tail) << 3)


@functools.lru_cache(maxsize=256)
def _asked(has_urls: bool, numbering_cell: bool, column: str | None, header_cell: bool, coded_row: bool,
           closed: frozenset = frozenset(), never_lone: frozenset = frozenset()) -> tuple[tuple, tuple, tuple]:
    """RULES without those that answer nothing in a segment so described, for a lone number and for
    an x/y, and the lone number's rules by its _shape. These rules look at what the segment is (a URL in it, the cell's column and header, its
    row's unit, the words in it: `closed`, see _closed) before they look at the number: where that
    test fails they answer None for every number of the segment (`closed` may also hold
    RARE_EXCLUSIONS, which is no rule and leaves none out). Each flag is the rule's own test
    (see setting()). _LONE_ONLY and _PAIR_ONLY are asked of one kind of number only, `never_lone`
    (_never_lone) of x/y only."""
    left_out = {in_url: not has_urls, numbering_column: not numbering_cell, column_header: not header_cell,
                unit_column: column != "unit", code_column: column != "code", table_maximum: column != "max",
                coded_answer: not coded_row, table_column: column not in ("rank", "score", "percent")}
    kept = tuple(rule for rule in RULES if not left_out.get(rule, False) and rule not in closed)
    lone = tuple(rule for rule in kept if rule not in _PAIR_ONLY and rule not in never_lone)
    return (lone, tuple(rule for rule in kept if rule not in _LONE_ONLY),
            tuple(tuple(rule for rule in lone if rule not in _SHAPED or _SHAPED[rule] & shape) for shape in range(_SHAPES)))


def setting(seg: Segment, rules: NumberRules, row_unit: str | None = None,
            urls: list[tuple[int, int]] | None = None, within: tuple[int, int] | None = None) -> Setting:
    """The segment's Setting. `row_unit` is what a table row's "Đơn vị tính" cell says its value
    cells hold ("%", "Triệu đồng"); `urls` the spans of the URLs in the text (found if not given);
    `within` the part of the text that holds the heads and tails of every number the Setting will
    be asked about (the whole text if not given): only its words can open a rule of _NEEDS."""
    text = seg.text
    if urls is None:
        # "://" and "www." only where ":" and "w" are (one character is looked for several times
        # faster than a string; "w" is no Vietnamese letter): the same test
        maybe_url = ("@" in text or ":" in text and "://" in text or "w" in text and "www." in text
                     or ".vn" in text)
        urls = url_spans(text) if maybe_url else []
    block = seg.block
    cell = block.kind is BlockKind.TABLE_CELL
    column = column_kind(block.header, rules) if cell else None
    if row_unit and rules.plain_units.match(row_unit.strip(), None, None, False):
        row_unit = None                                # "Số lượng": a count without a noun
    coded_row = bool(row_unit and rules.legend.search(row_unit, None, None, False))
    row_tail = None
    if row_unit and not coded_row:
        # a value cell, not a number inside the label, is read as if its unit followed it
        row_tail = " " + (row_unit[:1].lower() + row_unit[1:] if row_unit[1:2].islower() else row_unit)
    stripped = text.strip()
    # numbering_column's and column_header's tests, which look at the cell alone
    numbering_cell = bool(cell and block.header and rules.skip_columns.search(block.header.strip(), None, None, False)
                          and NUMBERING_CELL.match(stripped, None, None, False))
    header_cell = column is not None and stripped in block.header.split(_HEADER_SEP)
    # every head and tail is a part of the text within `within`, or the tail is row_tail: the words
    # they can hold. Case folding goes character by character (str.casefold has no context rules,
    # nor has fold's Turkish i), so the folded head or tail is a part of the folded window; folding
    # the window only (two thirds of a segment with numbers) costs less than folding all of it
    window = text if within is None else text[within[0]:within[1]]
    words = literals.fold(window) if row_tail is None else literals.fold(window) + "\n" + literals.fold(row_tail)
    # a rare exclusion (numbers.toml) whose words the segment does not hold matches no head in it
    # (heads lie in the window, and a match holds one of its words: literals.required_of): the
    # joined pattern without the rare items finds the same first item, at less cost a number
    closed = _closed(rules, words)
    if RARE_EXCLUSIONS in closed:
        exclusions = (rules.exclude_before_common, rules.exclude_before_common_groups)
    else:
        exclusions = (rules.exclude_before_any, rules.exclude_before_groups)
    lone, pair, by_shape = _asked(bool(urls), numbering_cell, column, header_cell, coded_row, closed, _never_lone(rules))
    return Setting(seg, column, row_unit, row_tail, stripped, urls, lone, pair, exclusions, by_shape)


def url_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the URLs in text: the matches of _URL_BRANCHES joined as one alternation, found
    by searching each branch on its own (joined, the `regex` module tries the whole alternation at
    every character: ~2.5 times the three searches apart, the host-name branch most of it). The
    joined pattern's next match from a position starts at the first place where one of its branches matches, and is the match there of the first branch
    (in their order) that matches there: that place is the least of the branches' own next starts,
    and a branch matches there only if its own next start is that place, its match being the one
    the branch would make inside the alternation (no branch refers to another's groups). Every match
    holds a character at least, so the next is looked for from the end of the last, as finditer
    does; a branch's next start found earlier still holds when it is not before that end
    (tests/test_url_and_digit_shortcuts.py compares the two on every segment of the samples)."""
    found = [part.search(text, None, None, False) for part in _URL_PARTS]
    spans = []
    while True:
        best = None
        for m in found:
            if m is not None and (best is None or m.start() < best.start()):
                best = m                        # the first branch at the least start
        if best is None:
            return spans
        end = best.end()
        spans.append((best.start(), end))
        found = [m if m is None or m.start() >= end else part.search(text, end, None, False)
                 for part, m in zip(_URL_PARTS, found)]


_AROUND = 80            # characters of a number's head and tail


def candidate(s: Setting, m: regex.Match) -> Candidate:
    """The candidate of a CANDIDATE match in the segment of `s`."""
    text = s.seg.text
    start, end = m.span()
    if s.row_tail is not None and s.stripped == m.group():     # a value cell: its number alone
        tail, unit_from_row = s.row_tail, True
    else:
        tail, unit_from_row = text[end:end + _AROUND], False
    return Candidate(text, start, end, *m.group(*_XYZ), text[max(0, start - _AROUND):start], tail, s.seg.block,
                     bool(s.urls) and any(a <= start < b for a, b in s.urls), s.column, s.row_unit, unit_from_row,
                     _UNREAD, -1, s.exclusions)


def _decide(s: Setting, c: Candidate, rules: NumberRules) -> tuple[str, Typed | str]:
    if c.y is not None:
        asked = s.pair_rules
    else:
        asked = s.rules if s.by_shape is None else s.by_shape[_shape(c)]
    for rule in asked:
        decision = rule(c, rules)
        if decision is not None:
            if isinstance(decision, Typed) and not abs(decision.value) <= _MAX_VALUE:
                return "beyond_reason", "beyond any plausible measure"      # "1.000.000 tỷ tỷ", not finite
            if (isinstance(decision, Typed) and decision.kind in _SIGNED_KINDS
                    and c.head.endswith(_MINUS_ENDINGS) and _NEGATIVE.search(c.head, None, None, False)):
                decision = replace(decision, value=-decision.value)
            return rule.__name__, decision
    raise AssertionError("count_or_ratio decides every candidate")


def decide(seg: Segment, m: regex.Match, rules: NumberRules, urls: list[tuple[int, int]],
           row_unit: str | None = None) -> tuple[str, Typed | str]:
    """(name of the deciding rule, its decision) for a candidate token. `row_unit` is what a table
    row's "Đơn vị tính" cell says its value cells hold ("%", "Triệu đồng")."""
    s = setting(seg, rules, row_unit, urls)
    return _decide(s, candidate(s, m), rules)


def classify(seg: Segment, m: regex.Match, rules: NumberRules, urls: list[tuple[int, int]],
             row_unit: str | None = None):
    """(kind, value, denominator, unit, end) for a candidate, or a rejection reason str."""
    decision = decide(seg, m, rules, urls, row_unit)[1]
    if isinstance(decision, str):
        return decision
    return decision.kind, decision.value, decision.denominator, decision.unit, decision.end


def find_facts(seg: Segment, rules: NumberRules, row_unit: str | None = None) -> tuple[list[Fact], list[Rejected]]:
    """The segment's facts, and the numbers that are not facts with the reason (for tests and debugging)."""
    rejected: list[Rejected] = []
    return facts_of(seg, rules, row_unit, rejected), rejected


def facts_of(seg: Segment, rules: NumberRules, row_unit: str | None = None,
             rejected: list[Rejected] | None = None) -> list[Fact]:
    """The segment's facts; each number that is not one is added to `rejected` when a list is given.
    The pipeline gives none: most of a report's numbers are rejected, and their records were made
    only to be thrown away (the list is only written to, so the facts are the same either way)."""
    facts: list[Fact] = []
    text = seg.text
    matches = list(CANDIDATE.finditer(text, None, None, False, False))
    if not matches:
        return facts
    block = seg.block
    # every head and tail read lies from 80 characters before the first number to 80 after the last
    s = setting(seg, rules, row_unit, within=(max(0, matches[0].start() - _AROUND), matches[-1].end() + _AROUND))
    block_kind = block.kind.value
    sentences = None                                   # its sentence bounds, once it has a fact
    consumed = 0                                       # "(8, 12%)" is one fact: "12%" is inside it
    for m in matches:
        start = m.start()
        if start < consumed:
            continue
        decision = _decide(s, candidate(s, m), rules)[1]
        if isinstance(decision, str):
            if rejected is not None:
                rejected.append(Rejected(m.group(), seg.to_doc(start), decision))
            continue
        seg_end = decision.end                         # a percent's span includes the % sign
        consumed = seg_end
        denom = decision.denominator
        sentences = sentences or Sentences(text)
        fact = object.__new__(Fact)                   # new_fact without its check: these are Fact's fields
        fact.__dict__.update(
            _FACT_TEMPLATE,
            kind=decision.kind, value=float(decision.value), denominator=None if denom is None else float(denom),
            unit=decision.unit, start=seg.to_doc(start), end=seg.to_doc_end(seg_end),
            text=text[start:seg_end],
            sentence=text[sentences.start(start):sentences.end(m.end())].strip(), block_kind=block_kind,
            page=block.page, table=block.table, row=block.row, col=block.col,
        )
        facts.append(fact)
    return facts


def facts_in_text(text: str, rules: NumberRules, header: str | None = None, row_unit: str | None = None) -> list[Fact]:
    """Facts of a standalone phrase (a paragraph, or a table cell under `header` in a row whose
    "Đơn vị tính" cell says `row_unit`).

    For the example tables in tests and for trying a sentence by hand; offsets are into `text`.
    """
    from extractors.document import Block
    kind = BlockKind.TABLE_CELL if header is not None else BlockKind.PARAGRAPH
    block = Block(kind, 0, len(text), header=header, table=0 if header is not None else None,
                  row=0 if header is not None else None, col=0 if header is not None else None)
    return facts_of(Segment(text, ((0, 0, len(text)),), block), rules, row_unit)
