"""Document -> facts: run the number normalizer over every segment of a document."""
from __future__ import annotations

from extractors.document import Document
from normalizers.facts import Fact, find_facts
from normalizers.rules import NumberRules
from normalizers.segments import segments


def document_facts(doc: Document, rules: NumberRules) -> list[Fact]:
    facts: list[Fact] = []
    for seg in segments(doc):
        found, _ = find_facts(seg, rules)
        facts.extend(found)
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
