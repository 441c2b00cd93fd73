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
from normalizers import patterns


@dataclass(frozen=True)
class Segment:
    text: str
    pieces: tuple[tuple[int, int, int], ...]   # (segment offset, doc start, doc end)
    block: Block                               # first block: kind, page, table position

    def to_doc(self, offset: int) -> int:
        if len(self.pieces) == 1:                  # nearly every segment: the piece is the first
            seg_start, doc_start, doc_end = self.pieces[0]
        else:
            starts = [p[0] for p in self.pieces]
            seg_start, doc_start, doc_end = self.pieces[max(0, bisect_right(starts, offset) - 1)]
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


def _segment(text: str, pieces: tuple[tuple[int, int, int], ...], block: Block) -> Segment:
    """Segment(text, pieces, block), its fields set directly: the frozen __init__ sets each through
    object.__setattr__, and a report makes one per block. Segment has no __post_init__ and no field
    outside __init__, so the two build the same object (tests/test_number_shortcuts.py)."""
    seg = object.__new__(Segment)
    seg.__dict__.update(text=text, pieces=pieces, block=block)
    return seg


def _join(doc: Document, blocks: list[Block]) -> Segment:
    if len(blocks) == 1:                      # most segments: one block's text, as the loop below makes it
        b = blocks[0]
        return _segment(doc.block_text(b), ((0, b.start, b.end),), b)
    parts, pieces, pos = [], [], 0
    for b in blocks:
        if parts:
            parts.append(" ")
            pos += 1
        text = doc.block_text(b)
        pieces.append((pos, b.start, b.end))
        parts.append(text)
        pos += len(text)
    return _segment("".join(parts), tuple(pieces), blocks[0])


# The longest segment read as one: real paragraphs stay under 4,000 characters (seeds, dev
# texts, the Lâm Đồng files); a longer run (a text with no paragraph breaks, a crafted file) is
# cut at the last sentence end, else clause mark, else space before this length, so that the
# context of every number is read from a bounded text and reading stays linear in the file.
MAX_SEGMENT = 8000
_CUTS = (patterns.compile(r"[.!?]\s"), patterns.compile(r"[;:]\s"), patterns.compile(r",\s"), patterns.compile(r"\s"))


_SPACE = patterns.compile(r"\s")


def _cut_at(text: str, start: int) -> tuple[int, int]:
    """Where the piece of `text` starting at `start` ends (a boundary in its second half), and
    where the next one starts. Half a segment without a space is one token longer than any word
    or figure ("123.123.123…"): it is left out, since a cut inside it would read its tail as a
    number the text does not state."""
    end = start + MAX_SEGMENT
    if end >= len(text):
        return len(text), len(text)
    window = text[start + MAX_SEGMENT // 2:end]
    for pattern in _CUTS:
        last = None
        for last in pattern.finditer(window):
            pass
        if last is not None:
            cut = start + MAX_SEGMENT // 2 + last.end()
            return cut, cut
    last_space = None
    for last_space in _SPACE.finditer(text, start, end):
        pass
    token_start = last_space.end() if last_space else start
    after = _SPACE.search(text, end)
    return token_start, after.start() if after else len(text)


def _cut(seg: Segment) -> list[Segment]:
    """A segment longer than MAX_SEGMENT in pieces (see _cut_at)."""
    out, a = [], 0
    while a < len(seg.text):
        b, following = _cut_at(seg.text, a)
        pieces = []
        for s0, d0, d1 in seg.pieces:
            lo, hi = max(s0, a), min(s0 + (d1 - d0), b)
            if lo < hi:
                pieces.append((lo - a, d0 + (lo - s0), d0 + (hi - s0)))
        if b > a:
            out.append(Segment(seg.text[a:b], tuple(pieces) or ((0, seg.pieces[0][1], seg.pieces[0][1]),), seg.block))
        a = following
    return out


def segments(doc: Document) -> list[Segment]:
    out: list[Segment] = []
    blocks = doc.blocks
    text = doc.text
    used: set[int] = set()
    for i, block in enumerate(blocks):
        if i in used:
            continue
        group = [block]                              # a cell or a footnote is a segment of its own
        j = i + 1
        while block.kind is BlockKind.PARAGRAPH and j < len(blocks):
            nxt = blocks[j]
            if nxt.kind is BlockKind.FOOTNOTE:       # footnotes printed inside a split sentence
                j += 1
                continue
            # the next paragraph's first letter first: one anchored try, where the search for the
            # sentence end of the one before goes back through all of it when it has none (the two
            # tests look at the text only, so their order leaves the answer as it is)
            if (nxt.kind is BlockKind.PARAGRAPH
                    and STARTS_LOWER.match(doc.block_text(nxt))
                    and not SENTENCE_END.search(doc.block_text(group[-1]))):
                group.append(nxt)
                used.add(j)
                j += 1
                continue
            break
        if len(group) == 1 and block.end - block.start <= MAX_SEGMENT:
            # one block (a cell, a footnote, most paragraphs): _join(doc, [block]) made directly,
            # no list and no call; a longer one is cut (_add)
            out.append(_segment(text[block.start:block.end], ((0, block.start, block.end),), block))
        else:
            _add(out, _join(doc, group))
    return out


def _add(out: list[Segment], seg: Segment) -> None:
    """The segment added to `out`, in pieces (_cut) when it is longer than MAX_SEGMENT."""
    if len(seg.text) <= MAX_SEGMENT:
        out.append(seg)
    else:
        out.extend(_cut(seg))
