"""Build tests/corpus/phrases_seeds.tsv: real sentences from the seed reports with the typed
facts the hand-checked gold says they contain.

Expected values come from gold (tests/data/gold), never from the extractor, so the table can
catch regressions. Each row: origin, phrase, column header (table cells only), expected facts
as `kind value[/denominator]` joined by " ; ", and gold's note. Run once; review the diff.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.document import BlockKind  # noqa: E402
from extractors.txt import extract_txt  # noqa: E402

_SPLIT = regex.compile(r"(?<=[.!?;])\s+(?=[\p{Lu}\d(\-+*“\"])")


def fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.10g}"


def expected(facts: list[dict]) -> str:
    return " ; ".join(f"{f['kind']} {fmt(f['value'])}" + (f"/{fmt(f['denominator'])}" if f.get("denominator") is not None else "")
                      for f in sorted(facts, key=lambda f: f["start"]))


def main() -> None:
    rows = []
    for gold_path in sorted((ROOT / "tests/data/gold").glob("*.gold.jsonl")):
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        name = gold[0]["doc"]
        doc = extract_txt(name, (ROOT / "samples" / name).read_bytes())
        seen = set()
        for block in doc.blocks:
            text = doc.block_text(block)
            if block.kind is BlockKind.TABLE_CELL:
                pieces = [(block.start, block.end)]
            else:
                pieces, pos = [], 0
                for m in _SPLIT.finditer(text):
                    pieces.append((block.start + pos, block.start + m.start()))
                    pos = m.end()
                pieces.append((block.start + pos, block.end))
            for start, end in pieces:
                inside = [g for g in gold if start <= g["start"] and g["end"] <= end]
                if not inside or (start, end) in seen:
                    continue
                seen.add((start, end))
                phrase = doc.text[start:end].strip()
                header = block.header or "" if block.kind is BlockKind.TABLE_CELL else ""
                notes = " | ".join(sorted({g.get("note", "") for g in inside if g.get("note")}))
                rows.append((f"seed {name[:3]}", phrase, header, expected(inside), notes))
    out = ROOT / "tests/corpus/phrases_seeds.tsv"
    with out.open("w", encoding="utf-8") as fh:
        fh.write("origin\tphrase\theader\texpected\tnote\n")
        for r in rows:
            fh.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")
    print(f"wrote {len(rows)} phrases to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
