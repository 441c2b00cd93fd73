"""Document blocks -> text segments that facts are read from.

A segment is one table cell, one footnote, or a paragraph together with the continuation
paragraphs a page break split it into ("... giải quyết⏎⏎hồ sơ ..."), even when footnotes were
printed between the two halves. Pieces are joined with one space; `to_doc` maps a segment
offset back to the document.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from extractors.document import Block, BlockKind, Document
from extractors.text_layout import SENTENCE_END, STARTS_LOWER


@dataclass(frozen=True)
class Segment:
    text: str
    pieces: tuple[tuple[int, int, int], ...]   # (segment offset, doc start, doc end)
    block: Block                               # first block: kind, page, table position

    def to_doc(self, offset: int) -> int:
        starts = [p[0] for p in self.pieces]
        i = max(0, bisect_right(starts, offset) - 1)
        seg_start, doc_start, doc_end = self.pieces[i]
        return min(doc_start + (offset - seg_start), doc_end)

    def from_doc(self, doc_offset: int) -> int:
        """Segment offset of a document offset inside one of the pieces."""
        for seg_start, doc_start, doc_end in self.pieces:
            if doc_start <= doc_offset <= doc_end:
                return seg_start + (doc_offset - doc_start)
        raise ValueError(f"offset {doc_offset} is not in this segment")

    def to_doc_end(self, offset: int) -> int:
        """Map an exclusive end offset (so an end at a piece boundary stays in that piece)."""
        return self.to_doc(offset - 1) + 1 if offset > 0 else self.to_doc(0)


def _join(doc: Document, blocks: list[Block]) -> Segment:
    parts, pieces, pos = [], [], 0
    for b in blocks:
        if parts:
            parts.append(" ")
            pos += 1
        text = doc.block_text(b)
        pieces.append((pos, b.start, b.end))
        parts.append(text)
        pos += len(text)
    return Segment("".join(parts), tuple(pieces), blocks[0])


def segments(doc: Document) -> list[Segment]:
    out: list[Segment] = []
    blocks = doc.blocks
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        if block.kind is not BlockKind.PARAGRAPH and block.kind is not BlockKind.HEADING:
            out.append(_join(doc, [block]))
            continue
        group = [block]
        j = i + 1
        while j < len(blocks):
            nxt = blocks[j]
            if nxt.kind is BlockKind.FOOTNOTE:       # footnotes printed inside a split sentence
                j += 1
                continue
            if (nxt.kind is BlockKind.PARAGRAPH and block.kind is BlockKind.PARAGRAPH
                    and not SENTENCE_END.search(doc.block_text(group[-1]))
                    and STARTS_LOWER.match(doc.block_text(nxt))):
                group.append(nxt)
                used.add(j)
                j += 1
                continue
            break
        out.append(_join(doc, group))
    return out
