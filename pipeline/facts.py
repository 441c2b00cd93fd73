"""Document -> facts with context: numbers from every segment, then who/when/as-what."""
from __future__ import annotations

from dataclasses import dataclass, replace

from extractors.document import BlockKind, Document
from normalizers.context import ContextRules, context_for, load_context_rules
from normalizers.documents import DocumentMeta, read_metadata
from normalizers.facts import Fact, find_facts
from normalizers.rules import NumberRules, load_rules
from normalizers.segments import segments
from normalizers.units import Gazetteer


@dataclass(frozen=True)
class Knowledge:
    """Everything language-specific the pipeline loads once per run."""
    numbers: NumberRules
    context: ContextRules
    gazetteer: Gazetteer

    @classmethod
    def load(cls, lang: str = "vi") -> "Knowledge":
        return cls(load_rules(lang), load_context_rules(), Gazetteer.load())


def _segment_facts(doc: Document, rules: NumberRules):
    """(segment, fact) for every fact of the document, segment by segment."""
    for seg in segments(doc):
        for fact in find_facts(seg, rules)[0]:
            yield seg, fact


def document_facts(doc: Document, rules: NumberRules) -> list[Fact]:
    """Facts without context (kind, value, span, provenance)."""
    return sorted((f for _, f in _segment_facts(doc, rules)), key=lambda f: (f.start, f.end))


def _rows(doc: Document) -> dict[tuple[int, int], list[tuple[str | None, str]]]:
    rows: dict[tuple[int, int], list[tuple[str | None, str]]] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL:
            rows.setdefault((b.table, b.row), []).append((b.header, doc.block_text(b)))
    return rows


def facts_with_context(doc: Document, know: Knowledge) -> tuple[DocumentMeta, list[Fact]]:
    meta = read_metadata(doc.text, know.gazetteer)
    rows = _rows(doc)
    out: list[Fact] = []
    for seg, f in _segment_facts(doc, know.numbers):
        start, end = seg.from_doc(f.start), seg.from_doc(f.end)
        row = rows.get((f.table, f.row)) if f.table is not None else None
        ctx = context_for(f.kind, seg.text, start, end, know.context, know.gazetteer, meta, row)
        out.append(replace(f, entity=ctx.entity, entity_unit_id=ctx.entity_unit_id, period=ctx.period,
                           period_start=ctx.period_start, period_end=ctx.period_end, role=ctx.role,
                           comparator=ctx.comparator))
    out.sort(key=lambda f: (f.start, f.end))
    return meta, out
