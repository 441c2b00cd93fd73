"""Document -> facts with context: numbers from every segment, then who/when/as-what/what."""
from __future__ import annotations

from dataclasses import dataclass, replace

from extractors.document import BlockKind, Document
from normalizers.checks import Check, breakdown, segment_checks
from normalizers.context import ContextRules, context_for, load_context_rules
from normalizers.derived import Derived, RateRule, derive_rates, load_rate_rules
from normalizers.documents import DocumentMeta, read_metadata
from normalizers.facts import Fact, find_facts
from normalizers.indicators import IndicatorRules, Span, load_indicator_rules, map_segment
from normalizers.rules import NumberRules, load_rules
from normalizers.segments import segments
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


def _segment_facts(doc: Document, rules: NumberRules):
    """(segment, its facts) for every segment that has facts."""
    for seg in segments(doc):
        facts = find_facts(seg, rules)[0]
        if facts:
            yield seg, facts


def document_facts(doc: Document, rules: NumberRules) -> list[Fact]:
    """Facts without context (kind, value, span, provenance)."""
    return sorted((f for _, facts in _segment_facts(doc, rules) for f in facts), key=lambda f: (f.start, f.end))


Row = list[tuple[int | None, str | None, str]]      # (column, header, cell text)


def _rows(doc: Document) -> dict[tuple[int, int], Row]:
    rows: dict[tuple[int, int], Row] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL:
            rows.setdefault((b.table, b.row), []).append((b.col, b.header, doc.block_text(b)))
    return rows


def _row_context(row: Row, col: int | None) -> str:
    """A cell is read with its table's headers and the cells left of it (the row's label)."""
    headers = " | ".join(h for _, h, _ in row if h)
    left = " | ".join(t for c, _, t in row if c is not None and col is not None and c < col)
    return " | ".join(p for p in (headers, left) if p)


@dataclass(frozen=True)
class DocumentFacts:
    meta: DocumentMeta
    facts: list[Fact]
    checks: list[Check]
    derived: list[Derived] = ()


def facts_with_context(doc: Document, know: Knowledge) -> DocumentFacts:
    meta = read_metadata(doc.text, know.gazetteer)
    rows = _rows(doc)
    out: list[Fact] = []
    checks: list[Check] = []
    candidates: dict = {}
    for seg, facts in _segment_facts(doc, know.numbers):
        row = rows.get((seg.block.table, seg.block.row)) if seg.block.table is not None else None
        spans = [Span(f.kind, f.unit, seg.from_doc(f.start), seg.from_doc(f.end)) for f in facts]
        mappings = map_segment(seg.text, spans, know.indicators, _row_context(row, seg.block.col) if row else "",
                               candidates)
        breakdowns = {t: parts for t in range(len(facts)) if (parts := breakdown(seg.text, spans, facts, t, know.indicators))}
        part_of = {j: t for t, parts in breakdowns.items() for j in parts}
        done: list[Fact] = []
        for i, (f, span, mapping) in enumerate(zip(facts, spans, mappings)):
            ctx = context_for(f.kind, seg.text, span.start, span.end, know.context, know.gazetteer, meta,
                              [(h, t) for _, h, t in row] if row else None)
            done.append(replace(f, sentence=" | ".join(t for _, _, t in row) if row else f.sentence,
                                entity=ctx.entity, entity_unit_id=ctx.entity_unit_id, period=ctx.period,
                                period_start=ctx.period_start, period_end=ctx.period_end, role=ctx.role,
                                comparator=ctx.comparator, indicators=mapping.indicators,
                                indicator_cue=mapping.cue,
                                restates_start=facts[mapping.restates].start if mapping.restates is not None else None,
                                part_of_start=facts[part_of[i]].start if i in part_of else None))
        checks += segment_checks(done, breakdowns, know.indicators)
        out += done
    out.sort(key=lambda f: (f.start, f.end))
    checks.sort(key=lambda c: (c.start, c.check))
    return DocumentFacts(meta, out, checks, derive_rates(out, know.rates))


def facts_of_text(text: str, know: Knowledge) -> DocumentFacts:
    """The whole pipeline on a pasted passage, read as a .txt report would be (a line with tabs
    is a table row): for the phrase corpora in tests and for trying a sentence by hand."""
    from extractors.txt import extract_txt
    return facts_with_context(extract_txt("<text>", text.encode("utf-8")), know)
