"""Score extracted facts against gold by the SPEC rule.

A predicted fact matches a gold fact when it is in the same file, the spans overlap, the kind
is the same, the value is equal, and the denominator is equal where gold has one. Each gold
fact is matched at most once; precision, recall and F1 are micro-averaged.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Span:
    doc: str
    start: int
    end: int
    kind: str
    value: float
    denominator: float | None
    text: str = ""
    entity: str | None = None
    period: str | None = None
    role: str | None = None
    comparator: str | None = None
    indicators: tuple[str, ...] | None = None     # None: gold without indicator labels
    anchor: str | None = None       # offset-free gold: words around the number (anchor rule)
    sentence: str = ""              # a prediction's sentence or table row (anchor rule)
    near: str = ""                  # a prediction's words right around it (anchor rule, ties)


def _text_or_none(v):
    return v if isinstance(v, str) else None            # NaN and None from pandas -> None


def predicted_spans(rows, texts: dict[str, str], around: int = 40) -> list[Span]:
    """The warehouse's facts (`Warehouse.fact_spans_with_context()` rows) as spans to score, each
    with the words right around it in its document's text (the anchor rule's tie-break)."""
    return [Span(r.source_file, int(r.char_start), int(r.char_end), r.kind, float(r.value),
                 None if r.denominator != r.denominator or r.denominator is None else float(r.denominator),
                 "", _text_or_none(r.entity), _text_or_none(r.period_label), _text_or_none(r.role),
                 _text_or_none(r.comparator), tuple(r.indicators) if r.indicators is not None else (),
                 None, r.sentence or "",
                 texts.get(r.source_file, "")[max(0, int(r.char_start) - around):int(r.char_end) + around])
            for r in rows.itertuples()]


def error_class(span: Span, others: list[Span]) -> str:
    """Why a miss (or a spurious fact) did not match: judged against the overlapping facts on the other side."""
    near = [o for o in others if o.doc == span.doc and o.start < span.end and span.start < o.end]
    if not near:
        return "no overlapping fact"
    if any(matches(span, o) or matches(o, span) for o in near):
        return "duplicate"                  # the overlapping fact is already matched to another one
    if any(o.kind != span.kind and _equal(o.value, span.value) for o in near):
        return "wrong kind"
    if any(o.kind == span.kind and not _equal(o.value, span.value) for o in near):
        return "wrong value"
    if any(o.kind == span.kind and _equal(o.value, span.value) for o in near):
        return "wrong denominator"
    return "wrong kind and value"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[tuple[Span, str]] = field(default_factory=list)
    spurious: list[tuple[Span, str]] = field(default_factory=list)
    pairs: list[tuple[Span, Span]] = field(default_factory=list)     # (predicted, gold) matches

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.spurious += other.spurious
        self.pairs += other.pairs


def load_gold(gold_dir: str | Path) -> list[Span]:
    """Gold lines of a folder: SPEC lines (start, end) or offset-free lines (text, anchor)."""
    spans = []
    for path in sorted(Path(gold_dir).glob("*.gold.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                spans.append(Span(g["doc"], g.get("start", -1), g.get("end", -1), g["kind"], float(g["value"]),
                                  None if g.get("denominator") is None else float(g["denominator"]),
                                  g.get("text", ""), g.get("entity"), g.get("period"), g.get("role"),
                                  g.get("comparator"),
                                  tuple(g["indicators"]) if "indicators" in g else None,
                                  g.get("anchor")))
    return spans


def _equal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def matches(pred: Span, gold: Span) -> bool:
    return (pred.doc == gold.doc and pred.start < gold.end and gold.start < pred.end
            and pred.kind == gold.kind and _equal(pred.value, gold.value)
            and (gold.denominator is None or _equal(pred.denominator, gold.denominator)))


_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def same_number(pred: Span, gold: Span) -> bool:
    return (pred.doc == gold.doc and pred.kind == gold.kind and _equal(pred.value, gold.value)
            and (gold.denominator is None or _equal(pred.denominator, gold.denominator)))


def score_anchor_document(pred: list[Span], gold: list[Span]) -> Score:
    """The anchor rule of offset-free gold (shared/dev/README.md): a prediction matches a gold
    line of its file with the same kind, value and (where gold has one) denominator; among
    several, the one whose sentence or table row shares most words with the anchor. Pairs are
    taken best overlap first (ties: the words right around the number), so that one greedy early
    choice cannot steal a better pair's fact;
    each prediction and each gold line matches once."""
    score = Score()
    anchors = [_words(g.anchor or g.text) for g in gold]
    sentences = [_words(p.sentence) for p in pred]
    nears = [_words(p.near) for p in pred]
    # two numbers of one sentence share its words: the words right around each one tell them apart
    pairs = sorted(((len(anchors[gi] & sentences[pi]), len(anchors[gi] & nears[pi]), gi, pi)
                    for gi, g in enumerate(gold) for pi, p in enumerate(pred) if same_number(p, g)),
                   key=lambda t: (-t[0], -t[1], t[2], t[3]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        score.tp += 1
        score.pairs.append((pred[pi], gold[gi]))
    for pi, p in enumerate(pred):
        if pi not in used_p:
            score.fp += 1
            score.spurious.append((p, "no gold number"))
    for gi, g in enumerate(gold):
        if gi not in used_g:
            score.fn += 1
            near = [p for p in pred if p.doc == g.doc and _equal(p.value, g.value)]
            score.misses.append((g, "wrong kind or denominator" if near else "not extracted"))
    return score


def score_document(pred: list[Span], gold: list[Span]) -> Score:
    if gold and gold[0].anchor is not None:
        return score_anchor_document(pred, gold)
    score = Score()
    used: set[int] = set()
    for p in sorted(pred, key=lambda s: s.start):
        hit = next((i for i, g in enumerate(gold) if i not in used and matches(p, g)), None)
        if hit is None:
            score.fp += 1
            score.spurious.append((p, error_class(p, gold)))
        else:
            used.add(hit)
            score.tp += 1
            score.pairs.append((p, gold[hit]))
    for i, g in enumerate(gold):
        if i not in used:
            score.fn += 1
            score.misses.append((g, error_class(g, pred)))
    return score


def _entity_key(name: str | None) -> str:
    from normalizers.units import name_key
    return name_key(name or "")


CONTEXT_FIELDS = {
    "entity": lambda p, g: _entity_key(p.entity) == _entity_key(g.entity),
    "period": lambda p, g: (p.period or "") == (g.period or ""),
    "role": lambda p, g: (p.role or "") == (g.role or ""),
    "comparator": lambda p, g: (p.comparator or "") == (g.comparator or ""),
}


def context_accuracy(pairs: list[tuple[Span, Span]]) -> dict[str, tuple[int, int]]:
    """(correct, judged) per context field, over matched facts whose gold has the field."""
    out = {}
    for name, same in CONTEXT_FIELDS.items():
        judged = [(p, g) for p, g in pairs if getattr(g, name if name != "comparator" else "role") is not None]
        out[name] = (sum(1 for p, g in judged if same(p, g)), len(judged))
    return out


def indicator_score(pairs: list[tuple[Span, Span]]) -> tuple[int, int, int]:
    """(correct, predicted, gold) (fact, indicator) pairs over matched facts whose gold is labelled.
    A fact with no indicator on either side adds nothing; two indicators count as two."""
    judged = [(p, g) for p, g in pairs if g.indicators is not None]
    correct = sum(len(set(p.indicators or ()) & set(g.indicators)) for p, g in judged)
    return correct, sum(len(p.indicators or ()) for p, _ in judged), sum(len(g.indicators) for _, g in judged)


def evaluate(pred: list[Span], gold: list[Span]) -> dict[str, Score]:
    """Per-document scores for the documents gold covers; predictions elsewhere are ignored."""
    docs = sorted({g.doc for g in gold})
    return {d: score_document([p for p in pred if p.doc == d], [g for g in gold if g.doc == d]) for d in docs}


def report(scores: dict[str, Score], texts: dict[str, str] | None = None, show: int = 50) -> str:
    total = Score()
    lines = [f"{'document':40} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for doc, s in scores.items():
        total.add(s)
        lines.append(f"{doc:40} {s.tp + s.fn:5d} {s.tp + s.fp:5d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}")
    lines.append(f"{'TOTAL':40} {total.tp + total.fn:5d} {total.tp + total.fp:5d} "
                 f"{total.precision:6.3f} {total.recall:6.3f} {total.f1:6.3f}")

    accuracy = context_accuracy(total.pairs)
    if any(n for _, n in accuracy.values()):
        lines.append("\ncontext accuracy on matched facts: " + ", ".join(
            f"{k} {c / n:.3f} ({c}/{n})" for k, (c, n) in accuracy.items() if n))
        wrong = [(k, p, g) for k, same in CONTEXT_FIELDS.items() for p, g in total.pairs
                 if getattr(g, "role") is not None and not same(p, g)]
        for k, p, g in wrong[:show]:
            where = f" in {g.anchor!r}" if g.anchor else ""
            lines.append(f"  [{k}] {g.doc}@{g.start:<6} {g.text!r}: got {getattr(p, k)!r}, gold {getattr(g, k)!r}{where}")

    correct, predicted, labelled = indicator_score(total.pairs)
    if labelled:
        p = correct / predicted if predicted else 0.0
        r = correct / labelled
        lines.append(f"\nindicators on matched facts: precision {p:.3f} ({correct}/{predicted}), "
                     f"recall {r:.3f} ({correct}/{labelled})")
        for pr, g in total.pairs:
            if g.indicators is not None and set(pr.indicators or ()) != set(g.indicators):
                lines.append(f"  [indicator] {g.doc}@{g.start:<6} {g.text!r}: got {list(pr.indicators or ())}, "
                             f"gold {list(g.indicators)}")

    def ctx(s: Span) -> str:
        if s.anchor is not None or s.start < 0:
            return f"{s.text!r} in {s.anchor!r}"
        if s.sentence and (not texts or s.doc not in texts):
            return s.sentence[:120]
        if not texts or s.doc not in texts:
            return s.text
        t = texts[s.doc]
        return (t[max(0, s.start - 40):s.start] + "[" + t[s.start:s.end] + "]" + t[s.end:s.end + 25]).replace("\n", "⏎")

    for title, items in (("misses (in gold, not extracted)", total.misses),
                         ("spurious (extracted, not in gold)", total.spurious)):
        by_class = Counter(c for _, c in items)
        by_kind = Counter(s.kind for s, _ in items)
        lines.append(f"\n{title}: {len(items)}")
        lines.append("  by class: " + (", ".join(f"{k}={n}" for k, n in by_class.most_common()) or "-"))
        lines.append("  by kind:  " + (", ".join(f"{k}={n}" for k, n in by_kind.most_common()) or "-"))
        for s, cls in sorted(items, key=lambda it: (it[1], it[0].kind, it[0].doc, it[0].start))[:show]:
            den = "" if s.denominator is None else f"/{s.denominator:g}"
            lines.append(f"  [{cls}] {s.kind:8} {s.doc}@{s.start:<6} {s.value:g}{den}  {ctx(s)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class CorpusSummary:
    name: str
    gold: int
    f1: float
    precision: float
    recall: float
    context: dict[str, tuple[int, int]]
    indicators: tuple[int, int, int]

    def line(self) -> str:
        def acc(k: str) -> str:
            c, n = self.context.get(k, (0, 0))
            return f"{c / n:6.3f}" if n else f"{'-':>6}"
        c, p, g = self.indicators
        ip = f"{c / p:6.3f}" if p else f"{'-':>6}"
        ir = f"{c / g:6.3f}" if g else f"{'-':>6}"
        return (f"{self.name:28} {self.gold:5d} {self.precision:6.3f} {self.recall:6.3f} {self.f1:6.3f} "
                f"{acc('entity')} {acc('period')} {acc('role')} {ip} {ir}")


SUMMARY_HEADER = (f"{'corpus':28} {'gold':>5} {'P':>6} {'R':>6} {'F1':>6} {'entity':>6} {'period':>6} "
                  f"{'role':>6} {'ind.P':>6} {'ind.R':>6}")


def summarize(name: str, scores: dict[str, Score]) -> CorpusSummary:
    total = Score()
    for s in scores.values():
        total.add(s)
    return CorpusSummary(name, total.tp + total.fn, total.f1, total.precision, total.recall,
                         context_accuracy(total.pairs), indicator_score(total.pairs))
