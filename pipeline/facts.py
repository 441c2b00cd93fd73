"""Document -> facts with context: numbers from every segment, then who/when/as-what/what."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from extractors.document import BlockKind, Document
from extractors.text_layout import NUMBERING_CELL, heading_depth
from normalizers import memo
from normalizers.checks import Check, segment_checks
from normalizers.context import ContextRules, context_for, load_context_rules
from normalizers.derived import Derived, RateRule, derive_rates, load_rate_rules
from normalizers.documents import DocumentMeta, read_metadata
from normalizers.entities import section_subject
from normalizers.facts import Fact, facts_of
from normalizers.indicators import IndicatorRules, Span, load_indicator_rules, map_segment
from normalizers.rules import NumberRules, load_rules
from normalizers.relations import Row, breakdown, column_cell, with_row_scale
from normalizers.segments import segments
from normalizers.tables import is_summary, label_entity, load_table_rules, set_of, unit_in_label
from normalizers.units import Gazetteer


@dataclass(frozen=True)
class Knowledge:
    """Everything language-specific the pipeline loads once per run."""
    numbers: NumberRules
    context: ContextRules
    gazetteer: Gazetteer
    indicators: IndicatorRules
    rates: tuple[RateRule, ...] = ()

    @classmethod
    def load(cls, lang: str = "vi") -> "Knowledge":
        return cls(load_rules(lang), load_context_rules(), Gazetteer.load(), load_indicator_rules(lang),
                   load_rate_rules())


_HAS_LETTER = regex.compile(r"\p{L}")
_WORD = regex.compile(r"\p{L}+")
_GENERIC_WORDS = 3       # "Xếp hạng", "Điểm số", "Tỷ lệ (%)": a column named by its kind alone
_PATH_SEP = " | "
_CAPTION_BLOCKS = 8      # a table's title: the short headings and lines printed right above it
_CAPTION_CHARS = 200
_SENTENCE_END = regex.compile(r"[.!?;…]\s*$")


def _rows(doc: Document) -> dict[tuple[int, int], Row]:
    """Each table row's cells; a cell merged down from the row above reads as that cell's text
    (a unit's name over its sub-rows, a "Đơn vị tính" shared by several rows)."""
    rows: dict[tuple[int, int], Row] = {}
    above: dict[tuple[int, int | None], str] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL:
            text = above.get((b.table, b.col), "") if b.merged else doc.block_text(b)
            above[(b.table, b.col)] = text
            rows.setdefault((b.table, b.row), []).append((b.col, b.header, text))
    return rows


def _captions(doc: Document) -> dict[int, str]:
    """Each table's title: the short heading and paragraph lines right above it ("KẾT QUẢ CHỈ
    SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND CÁC XÃ, PHƯỜNG"), which name what all its cells
    measure. A long paragraph or a sentence ("… cho phù hợp./.") ends the title; a table under a sub-heading ("2. Nhóm 2: …") keeps
    the title printed above the table before it."""
    captions: dict[int, str] = {}
    above: list[str] = []        # the last _CAPTION_BLOCKS lines of the title being read: all it joins
    cell, heading = BlockKind.TABLE_CELL, BlockKind.HEADING
    lines = (BlockKind.HEADING, BlockKind.PARAGRAPH)
    for b in doc.blocks:
        kind = b.kind
        if kind is cell:
            if b.table not in captions:
                captions[b.table] = " ".join(above[-_CAPTION_BLOCKS:])
        elif kind in lines:
            text = doc.text[b.start:b.end]
            if len(text) <= _CAPTION_CHARS and (kind is heading or not _ends_a_sentence(text)):
                above.append(text)
                if len(above) > _CAPTION_BLOCKS:
                    del above[0]
            else:
                above = []
    return captions


def _ends_a_sentence(text: str) -> bool:
    """_SENTENCE_END.search(text), tried from the last character that is not white space: a match
    is a mark followed by white space only (`regex`'s \\s, all of it white space to str.rstrip too:
    tests/test_doc_shortcuts.py), so it starts there or later, and a search over the whole
    paragraph tried and failed at every character before it."""
    return _SENTENCE_END.search(text, max(0, len(text.rstrip()) - 1)) is not None


# an item of a list: "+ Nguồn vốn ...", "- Biên chế công chức là 9.818", "• ..."
_LIST_ITEM = regex.compile(r"^\s*[-+–•*]\s")


def _outline(outline: tuple[tuple[int, str], ...], heading: str) -> tuple[tuple[int, str], ...]:
    """The headings in force after `heading`: it closes the sections at its depth and below."""
    depth = heading_depth(heading)
    return tuple(h for h in outline if 0 < h[0] < depth) + ((depth, heading),)


def _segment_facts(doc: Document, rules: NumberRules, rows: dict[tuple[int, int], Row] | None = None,
                   with_previous: bool = False):
    """(segment, its facts) for every segment that has facts; a table cell is read with its
    row's unit ("Đơn vị tính" column) and maximum score. `with_previous` adds the text of the two
    paragraphs just before a paragraph, joined by a new line, or for an item of a list ("+ ...",
    "- ...") the two that end at the list's lead (a paragraph ending with a colon: "... năm 2026
    là: 13.203.300 triệu đồng. Trong đó:" sets the period and role of every item under it), and
    the headings of the section the segment is in, nearest first."""
    rows = _rows(doc) if rows is None else rows
    units: dict[tuple[int, int], str | None] = {}      # each row's unit cell, read once for all its cells
    previous: list[str] = []
    lead: list[str] | None = None          # the paragraphs up to the lead of the list being read
    outline: tuple[tuple[int, str], ...] = ()
    headings: tuple[str, ...] = ()         # the outline's headings, nearest first: changed by a heading only
    for seg in segments(doc):
        if seg.block.kind is BlockKind.HEADING:
            outline = _outline(outline, seg.text)
            headings = tuple(h for _, h in reversed(outline))
        key = (seg.block.table, seg.block.row)
        row = rows.get(key) if seg.block.table is not None else None
        if row and key not in units:
            units[key] = column_cell(row, "unit", rules)
        # whether the paragraph is an item of a list matters only under a list's lead (rare): it
        # is asked there alone
        item = row is None and lead is not None and _LIST_ITEM.match(seg.text) is not None
        facts = facts_of(seg, rules, units[key] if row else None)
        if facts:
            facts = with_row_scale(facts, seg.block.header, row, rules)
            before = "" if row is not None else "\n".join(lead if item and lead else previous)
            yield (seg, facts, before, headings) if with_previous else (seg, facts)
        if row is None:
            if seg.text.rstrip().endswith(":"):
                lead = (previous + [seg.text])[-2:]
            elif not item:
                lead = None
            previous = (previous + [seg.text])[-2:]
        else:
            previous, lead = [], None


def document_facts(doc: Document, rules: NumberRules) -> list[Fact]:
    """Facts without context (kind, value, span, provenance)."""
    return sorted((f for _, facts in _segment_facts(doc, rules) for f in facts), key=lambda f: (f.start, f.end))


def _row_context(row: Row, col: int | None, caption: str = "") -> str:
    """A cell is read with its table's title, the headers of the columns left of it, the cells
    left of it (the row's label) and, nearest, its own column's header. A column named by its
    kind alone ("Xếp hạng", "Điểm số") takes its meaning from the value columns before it ("Chỉ
    số CCHC (%)"); a column with a name of its own ("Tỷ lệ thủ tục hành chính thực hiện số hóa hồ
    sơ") is read with the label columns only, not under the criteria printed before it."""
    own = next((h for c, h, _ in row if c == col and h), "")
    generic = len(_WORD.findall(own.rsplit(_PATH_SEP, 1)[-1])) <= _GENERIC_WORDS
    left_cols = [(c, h, t) for c, h, t in row if c is not None and col is not None and c < col]
    headers = _PATH_SEP.join(h for _, h, t in left_cols if h and (generic or not _is_value(t)))
    left = _PATH_SEP.join(t for _, _, t in left_cols)
    return _PATH_SEP.join(p for p in (caption, headers, left, own) if p)


def _is_value(cell: str) -> bool:
    return bool(cell.strip()) and not _has_letter(cell)


def _has_letter(text: str) -> bool:
    """_HAS_LETTER.search(text) is not None. An ASCII text (a figure: "95,5", "100%", "1.234") has
    one where it changes with case: A-Z and a-z are the only ASCII characters of \\p{L}, and each
    is changed by lower() or upper() (tests/test_doc_shortcuts.py checks all 128)."""
    if text.isascii():
        return text.lower() != text.upper()
    return _HAS_LETTER.search(text) is not None


Lettered = list[tuple[int | None, str]]


def _lettered(row: Row) -> Lettered:
    """The row's cells that hold a letter, with their columns: what `_labels` reads, found once a
    row (a table's rows are read by `_tables`, and again for every cell that holds a number)."""
    return [(c, t) for c, _, t in row if _has_letter(t)]


def _labels(lettered: Lettered, col: int | None) -> list[str]:
    """The row's label cells left of a column: texts with letters ("Sở Tư pháp", not "1"); for
    a first column (a rank printed before the unit's name), the row's labels to its right.
    `lettered`: the row's cells with letters (`_lettered`)."""
    labels = [t for _, t in lettered]
    left = [t for c, t in lettered if col is None or c is None or c < col]
    return left or labels


def _numbering(row: Row, rules: NumberRules, numbering_columns: dict[str, bool] | None = None) -> str | None:
    """The row's STT ("3.1.1"), which places it under the rows "3.1" and "3". `numbering_columns`
    keeps, for the document, whether a header names a numbering column: every row of a table asks
    it of the same headers."""
    columns = {} if numbering_columns is None else numbering_columns
    for _, h, t in row:
        if not h:
            continue
        numbering = columns.get(h)
        if numbering is None:
            numbering = columns[h] = rules.skip_columns.search(h.rsplit(_PATH_SEP, 1)[-1].strip()) is not None
        if numbering and NUMBERING_CELL.match(t.strip()):
            return t.strip().rstrip(".")
    return None


def _names_a_unit(cell: str, know: Knowledge, meta: DocumentMeta) -> bool:
    """The whole cell is the name of a unit of the gazetteer ("UBND phường 1 Bảo Lộc")."""
    found = unit_in_label(cell, know.gazetteer, meta)
    return found is not None and found[1] is not None


@dataclass(frozen=True)
class _Table:
    """What a table says about its rows' entities: the set its rows make up, and each numbered
    row's labels (for its sub-rows: "3.1.1 Tổng số hồ sơ …" is about 3.1's "các sở, ngành")."""
    set_name: str | None
    labels_by_number: dict[str, list[str]]
    titled_rows: frozenset[int]     # rows the table's title speaks of (see `_tables`)


def _tables(rows: dict[tuple[int, int], Row], lettered: dict[tuple[int, int], Lettered],
            numbers: dict[tuple[int, int], str | None], know: Knowledge, meta: DocumentMeta) -> dict[int, _Table]:
    """A table that repeats the previous one's headers continues its numbering (a Word table
    cut by a page break: "3.2.2" under "3.2" of the table before). The table's title ("Kết quả
    Chỉ số CCHC năm 2025") says what the rows about units and the summary rows measure; a row
    labelled with a part of it ("Cải cách thể chế", a component of the index) is not that.
    `lettered` and `numbers`: each row's cells with letters (`_lettered`) and its STT (`_numbering`)."""
    trules = load_table_rules()
    found: dict[int, list] = {}
    numbered: dict[int, dict[str, list[str]]] = {}
    headers: dict[int, tuple] = {}
    titled: dict[int, set[int]] = {}
    for (table, r), row in rows.items():
        headers.setdefault(table, tuple(h for _, h, _ in row))
        labels = _labels(lettered[(table, r)], None)
        if not labels or is_summary(labels[0], trules):
            titled.setdefault(table, set()).add(r)
        for label in labels[:2]:
            if (entity := label_entity(label, know.gazetteer, meta, trules)) is not None:
                if entity[1] is None or entity[1] != meta.unit:      # the reporting unit itself ranks nothing
                    found.setdefault(table, []).append(entity)
                titled.setdefault(table, set()).add(r)
                break
        number = numbers[(table, r)]
        if number:
            numbered.setdefault(table, {})[number] = labels
    out: dict[int, _Table] = {}
    previous: dict[str, list[str]] = {}
    for t in sorted(headers):
        own = numbered.get(t, {})
        shared = {**previous, **own} if t - 1 in headers and headers[t - 1] == headers[t] else own
        out[t] = _Table(set_of(found.get(t, []), trules), shared, frozenset(titled.get(t, ())))
        previous = shared
    return out


def _is_summary_row(labels: list[str]) -> bool:
    """"Chỉ số cao nhất", "Tổng cộng": the row sums up the units its table lists. `labels`: the
    row's labels left of the cell (`_labels`)."""
    return bool(labels) and is_summary(labels[0], load_table_rules())


def _entity_labels(labels: list[str], number: str | None, header: str | None, table: _Table | None,
                   summary: bool) -> list[tuple[str | None, str]]:
    """Where a cell's entity can be read, nearest first: its row's labels (or, for a summary
    row, the set the table ranks), the labels of the rows it is numbered under, then its
    column's header path ("Lâm Đồng | Điểm số": a table with a column group per province).
    `labels`: the row's labels left of the cell (`_labels`, never changed here); `number`: the
    row's STT (`_numbering`)."""
    if table is not None and table.set_name and summary:
        labels = [table.set_name]
    if table is not None and number:
        parts = number.split(".")
        for k in range(len(parts) - 1, 0, -1):
            labels = labels + table.labels_by_number.get(".".join(parts[:k]), [])
    if header:
        labels = labels + list(reversed(header.split(_PATH_SEP)))
    return [(None, t) for t in labels]

@dataclass(frozen=True)
class DocumentFacts:
    meta: DocumentMeta
    facts: list[Fact]
    checks: list[Check]
    derived: list[Derived] = ()


def facts_with_context(doc: Document, know: Knowledge) -> DocumentFacts:
    memo.new_document()                  # what was kept for the document before is not this one's
    meta = read_metadata(doc.text, know.gazetteer, Path(doc.path).name)
    rows = _rows(doc)
    captions = _captions(doc)
    lettered = {key: _lettered(row) for key, row in rows.items()}
    numbering_columns: dict[str, bool] = {}
    numbers = {key: _numbering(row, know.numbers, numbering_columns) for key, row in rows.items()}
    tables = _tables(rows, lettered, numbers, know, meta)
    out: list[Fact] = []
    checks: list[Check] = []
    candidates: dict = {}
    sections: dict[tuple[str, ...], tuple[str, str | None] | None] = {}    # headings -> the whole they name
    for seg, facts, previous, headings in _segment_facts(doc, know.numbers, rows, with_previous=True):
        if headings not in sections:
            sections[headings] = section_subject(headings, know.context, know.gazetteer, meta)
        block = seg.block
        row = rows.get((block.table, block.row)) if block.table is not None else None
        spans = [Span(f.kind, f.unit, seg.from_doc(f.start), seg.from_doc(f.end)) for f in facts]
        table = tables.get(block.table)
        title = captions.get(block.table, "") if table is not None and block.row in table.titled_rows else ""
        context = _row_context(row, block.col, title) if row else ""
        mappings = map_segment(seg.text, spans, know.indicators, context, candidates)
        here = _labels(lettered[(block.table, block.row)], block.col) if row else None
        summary = bool(row) and _is_summary_row(here)
        labels = _entity_labels(here, numbers[(block.table, block.row)], block.header, table, summary) if row else None
        if row and _names_a_unit(seg.text, know, meta):
            continue                                   # "UBND xã Đam Rông 3": the 3 is part of a name
        # the parts of a total are numbers after it (relations.breakdown_parts looks at t + 1 on):
        # the segment's last number breaks nothing down, and a segment of one number has no total
        breakdowns = {t: parts for t in range(len(facts) - 1) if (parts := breakdown(seg.text, spans, facts, t))}
        part_of = {j: t for t, parts in breakdowns.items() for j in parts}
        caption = captions.get(block.table, "") if row else ""
        sentence = " | ".join(t for _, _, t in row) if row else None
        # each fact takes its context in place: facts_of made these Fact objects for this call
        # alone (with_row_scale's are new too), and nothing has hashed them or read more than
        # their kind, unit, value and start (breakdown, the restated and whole facts' starts below,
        # which the context leaves as they are); a copy of each fact's 25 fields made here was
        # thrown away with the original (tests/test_number_shortcuts.py). Every fact is completed
        # (map_segment gives one mapping a span), so `facts` is the segment's list with context
        for i, (f, span, mapping) in enumerate(zip(facts, spans, mappings, strict=True)):
            ctx = context_for(f.kind, seg.text, span.start, span.end, know.context, know.gazetteer, meta, labels,
                              previous, caption, sections[headings])
            state = f.__dict__
            if row:
                state["sentence"] = sentence
            state.update(entity=ctx.entity, entity_unit_id=ctx.entity_unit_id, period=ctx.period,
                         period_start=ctx.period_start, period_end=ctx.period_end, role=ctx.role,
                         comparator=ctx.comparator, indicators=mapping.indicators, indicator_cue=mapping.cue,
                         restates_start=facts[mapping.restates].start if mapping.restates is not None else None,
                         part_of_start=facts[part_of[i]].start if i in part_of else None,
                         summary_row=summary)
        checks += segment_checks(facts, breakdowns, know.indicators)
        out += facts
    out.sort(key=lambda f: (f.start, f.end))
    checks.sort(key=lambda c: (c.start, c.check))
    return DocumentFacts(meta, out, checks, derive_rates(out, know.rates))


def facts_of_text(text: str, know: Knowledge) -> DocumentFacts:
    """The whole pipeline on a pasted passage, read as a .txt report would be (a line with tabs
    is a table row): for the phrase corpora in tests and for trying a sentence by hand."""
    from extractors.txt import extract_txt
    return facts_with_context(extract_txt("<text>", text.encode("utf-8")), know)
