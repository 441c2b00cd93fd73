"""Build tests/corpus/indicators_seeds.tsv: passages of the seed reports with the indicator of
every number in them, as the hand-labelled gold gives it (tests/data/gold, `indicators`).

Expectations come from gold, never from the mapper. A passage is a paragraph of a seed, cut at
sentence ends into pieces of at most ~450 characters (a table is one piece with its header row;
line breaks and tabs are written \\n and \\t); a piece is kept only when the pipeline finds
exactly gold's numbers in it (a cut can take away the words that make "07" a count), so each row
checks every number it shows. Run once; review the diff.
"""
from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.facts import Knowledge, facts_of_text  # noqa: E402

_SPLIT = regex.compile(r"(?<=[.!?])\s+(?=[\p{Lu}\d(\-+*“\"])")
_LIMIT = 450


def pieces(paragraph: str, offset: int) -> list[tuple[int, str]]:
    if "\t" in paragraph:
        return [(offset, paragraph)]                  # a table: its rows need the header row
    out, start, cur = [], offset, ""
    pos = 0
    for m in _SPLIT.finditer(paragraph):
        sentence = paragraph[pos:m.end()]
        if cur and len(cur) + len(sentence) > _LIMIT:
            out.append((start, cur.rstrip()))
            start, cur = offset + pos, ""
        cur += sentence
        pos = m.end()
    cur += paragraph[pos:]
    out.append((start, cur.rstrip()))
    return out


def label(ids: list[str]) -> str:
    return "+".join(ids) if ids else "-"


def main() -> None:
    know = Knowledge.load()
    rows = []
    for gold_path in sorted((ROOT / "tests" / "data" / "gold").glob("*.gold.jsonl")):
        gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
        doc = gold[0]["doc"]
        text = unicodedata.normalize("NFC", (ROOT / "samples" / doc).read_text(encoding="utf-8"))
        pos = 0
        for para in text.split("\n\n"):
            start = text.index(para, pos)
            pos = start + len(para)
            if not para.strip():
                continue
            for p_start, phrase in pieces(para, start):
                mine = [g for g in gold if p_start <= g["start"] < p_start + len(phrase)]
                if not mine:
                    continue
                got = facts_of_text(phrase, know).facts
                if [f.text for f in got] != [g["text"] for g in mine]:
                    print(f"skipped {doc}@{p_start}: numbers differ out of context", file=sys.stderr)
                    continue
                notes = "; ".join(f"{g['text']}: {g['note']}" for g in mine if g["indicators"] and g["note"])
                rows.append({"origin": f"seed {doc[:3]}", "phrase": phrase.replace("\n", "\\n").replace("\t", "\\t"),
                             "indicators": " ; ".join(label(g["indicators"]) for g in mine), "note": notes[:300]})
    out = ROOT / "tests" / "corpus" / "indicators_seeds.tsv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["origin", "phrase", "indicators", "note"], delimiter="\t",
                           quoting=csv.QUOTE_NONE, escapechar=None, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} rows -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
