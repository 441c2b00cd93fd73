"""Answers kept while reading a document last for that document only (normalizers/memo.py)."""
from pathlib import Path

from extractors import extract
from normalizers import memo
from normalizers.facts import column_kind
from normalizers.periods import _named_periods
from normalizers.tables import _label_entity
from pipeline.facts import facts_with_context

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _kept() -> list:
    return [c.cache_info() for c in memo._SCOPED]


def test_every_document_starts_with_nothing_kept(know):
    """A report read after another (here a copy of itself) finds none of the other's answers: the
    same hits and misses as when it is read first, and the same facts."""
    first, second = (extract(p) for p in sorted(SAMPLES.glob("*.txt"))[:2])
    facts_with_context(second, know)
    alone = _kept()
    facts_alone = facts_with_context(second, know).facts
    facts_with_context(first, know)
    after_other = facts_with_context(second, know).facts
    assert _kept() == alone
    facts_with_context(second, know)
    assert _kept() == alone                          # not even a copy of the same report
    assert after_other == facts_alone


def test_the_caches_of_texts_are_scoped(know):
    """The caches keyed by a document's texts (sentences, paragraphs, captions, labels, headers)
    are among those emptied; a document with tables fills each of them."""
    scoped = {id(c) for c in memo._SCOPED}
    assert {id(_named_periods), id(_label_entity), id(column_kind)} <= scoped
    facts_with_context(extract(sorted(SAMPLES.glob("*.txt"))[0]), know)
    assert _named_periods.cache_info().currsize > 0
    memo.new_document()
    assert all(c.cache_info().currsize == 0 for c in memo._SCOPED)
