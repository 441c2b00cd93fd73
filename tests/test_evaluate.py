"""The SPEC scoring rule."""
from __future__ import annotations

from pipeline.evaluate import Span, evaluate, report, score_document

G = [Span("a.txt", 10, 15, "count", 9737.0, None), Span("a.txt", 30, 41, "ratio", 5090.0, 5370.0)]


def test_overlap_kind_value_and_denominator_decide_a_match():
    pred = [Span("a.txt", 12, 20, "count", 9737.0, None),        # overlapping span is enough
            Span("a.txt", 30, 41, "ratio", 5090.0, 5371.0)]      # denominator differs
    s = score_document(pred, G)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert [c for _, c in s.misses] == ["wrong denominator"]


def test_each_gold_fact_matches_once_and_classes_are_reported():
    pred = [Span("a.txt", 10, 15, "count", 9737.0, None), Span("a.txt", 10, 15, "count", 9737.0, None),
            Span("a.txt", 30, 41, "percent", 5090.0, None), Span("a.txt", 60, 62, "count", 7.0, None)]
    s = score_document(pred, G)
    assert (s.tp, s.fp, s.fn) == (1, 3, 1)
    assert sorted(c for _, c in s.spurious) == ["duplicate", "no overlapping fact", "wrong kind"]
    assert [c for _, c in s.misses] == ["wrong kind"]
    text = report(evaluate(pred, G))
    assert "TOTAL" in text and "by class" in text


def test_predictions_for_documents_without_gold_are_ignored():
    scores = evaluate([Span("b.txt", 0, 3, "count", 1.0, None)], G)
    assert list(scores) == ["a.txt"] and scores["a.txt"].fp == 0
