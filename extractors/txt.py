"""Plain-text reports: detect the encoding, normalise to NFC, cut into blocks.

Offsets must equal those of the NFC-normalised file (the gold facts are anchored there), so
the text is kept as decoded; only the BOM is dropped and CR LF / CR become LF. A file typed in a
legacy font encoding (TCVN3, VNI) is the exception: its text is the converted Unicode, and the
document says so in a warning.
"""
from __future__ import annotations

import unicodedata
from dataclasses import MISSING, dataclass, fields

import regex

from extractors.document import Block, BlockKind, Document, ExtractionError
from extractors.legacy_fonts import Legacy, glyphs, legacy_text, to_unicode
from extractors.text_layout import TableAssembler, is_heading_stripped, with_footnotes_marked

# Letters that exist only in Vietnamese text; used to choose between encodings that all
# decode the bytes without error (Windows-1258 vs. its Latin-1 cousins).
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


def vietnamese_score(text: str) -> float:
    nfc = unicodedata.normalize("NFC", text)
    return sum(1 for c in nfc.lower() if c in _VIETNAMESE) / max(1, len(nfc))


_MAX_CONTROLS = 0.05          # share of control characters beyond which bytes are not text
_CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])       # the same, as bytes
_CONTROLS_TO_SPACES = bytes.maketrans(_CONTROL_BYTES, b" " * len(_CONTROL_BYTES))
# what a report does not hold: control, format, private and unassigned characters (Unicode's "C"),
# but for the line breaks, tabs and invisible marks a typed text has, and the replacement character
_BAD_CHARS = regex.compile(r"[^\P{C}\n\r\t\f\u200b-\u200f\ufeff]|\ufffd")
_OTHER = regex.compile(r"\p{C}")
_TEXT_CONTROLS = frozenset("\n\r\t\f\u200b\u200c\u200d\u200e\u200f\ufeff")    # the exceptions of _BAD_CHARS
_WORDS_AND_NUMBERS = regex.compile(r"[\p{L}\p{N}]+")


def _looks_like_text(text: str, utf8: bytes | None = None) -> bool:
    """Mostly letters and digits (a table of figures is text too), almost no control or
    unassigned characters: what a report decodes to; bytes that are not text decode to controls.
    `utf8`: the UTF-8 bytes the text was decoded from, when each character of the text comes from
    its own bytes, in order, at or after its own index (BOM, CR and control characters only removed)."""
    sample = text[:20000]              # enough to judge; keeps large files cheap
    if not sample.strip():
        return False
    bad = _bad_chars(sample)
    if bad / len(sample) >= 0.01:
        return False
    # ASCII letters and digits, counted at C speed, are letters and digits to any Unicode version:
    # most reports are well past the bar on them alone, without the full count. In UTF-8 such a
    # byte is that very character, and a byte before offset 20,000 is a character before index
    # 20,000 (a character takes a byte at least, and removing characters only moves the rest
    # forward), so those of the first 20,000 bytes are a lower bound of the sample's, counted on
    # bytes without encoding the text again (a third of the cost)
    return ((utf8 is not None and _ascii_letters_and_digits_of_bytes(utf8[:20000]) / len(sample) > 0.3)
            or _ascii_letters_and_digits(sample) / len(sample) > 0.3
            or sum(map(len, _WORDS_AND_NUMBERS.findall(sample))) / len(sample) > 0.3)


def _only_breaks_and_tabs(text: str) -> bool:
    """Whether no character of Unicode's "C" but line breaks and tabs is in the text, found by
    str.isprintable (a table look-up a character, a fraction of a `regex` scan for \\p{C}) once they
    are dropped: every character of C is not printable to Python (tests/test_txt_shortcuts.py checks
    it for every character against `regex`'s own tables, which may be of another Unicode version),
    so a text printable but for them holds none. Nearly every report is such a text; False says
    nothing (a no-break space is not printable either, and is no character of C)."""
    # a break or tab replaced by a space (printable) leaves isprintable's answer as its removal would:
    # a replace that keeps the length copies the text and patches it in place (a third of the cost)
    return text.replace("\n", " ").replace("\t", " ").isprintable()


def _bad_chars(text: str) -> int:
    """len(_BAD_CHARS.findall(text)), from a scan for the one property \\p{C} (a third of the cost of
    the set with its exceptions, which `regex` tries member by member at every character): a
    character of C that is not one of the exceptions is bad, and so is every U+FFFD, counted apart
    whether or not it is of C (it is not: "So"), so that each is counted once either way. A text
    whose only characters of C are line breaks and tabs (both exceptions) has no bad one but U+FFFD."""
    if _only_breaks_and_tabs(text):
        return text.count("\ufffd") if "\ufffd" in text else 0      # `in` stops at the first (memchr)
    return sum(1 for ch in _OTHER.findall(text) if ch not in _TEXT_CONTROLS and ch != "\ufffd") + text.count("\ufffd")


_ASCII_OTHERS = bytes(c for c in range(128) if not chr(c).isalnum())


def _ascii_letters_and_digits(text: str) -> int:
    """How many of the text's characters are A-Z, a-z, 0-9 (a lower bound of [\\p{L}\\p{N}])."""
    return _ascii_letters_and_digits_of_bytes(text.encode("ascii", "ignore"))


_NOT_ASCII_LETTERS_OR_DIGITS = _ASCII_OTHERS + bytes(range(128, 256))


def _ascii_letters_and_digits_of_bytes(data: bytes) -> int:
    """How many of the bytes are A-Z, a-z, 0-9."""
    return len(data.translate(None, _NOT_ASCII_LETTERS_OR_DIGITS))


@dataclass(frozen=True)
class Decoded:
    text: str                      # NFC, LF line ends
    legacy: Legacy | None = None   # typed in a legacy font encoding, converted to Unicode
    controls: int = 0              # control characters removed (NUL bytes inside "6.␀356")


def decode(data: bytes, name: str = "") -> str:
    """Bytes -> str, choosing the encoding by BOM, strict UTF-8, then charset detection."""
    return decode_text(data, name).text


def decode_text(data: bytes, name: str = "") -> Decoded:
    """Bytes -> text, and whether it was typed in TCVN3 or VNI. Such text reaches us either as
    bytes that are not UTF-8 (the file the legacy editor saved) or as UTF-8 mojibake ("B¸o c¸o"
    pasted from a .VnTime document); both are glyph strings, converted when their words read as
    Vietnamese only once converted."""
    if not data.strip():
        raise ExtractionError("empty file" if not data else "no text (only spaces and blank lines)")
    utf8 = False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
        legacy = legacy_text(text)
    else:
        try:
            text = data.decode("utf-8-sig")
            utf8 = True
            legacy = legacy_text(text, data)
        except UnicodeDecodeError:
            text = glyphs(data) if b"\x00" not in data[:4096] else ""
            legacy = legacy_text(text)
            if legacy is None:
                text = _detect_legacy(data)
    if legacy is not None:
        text = to_unicode(text, legacy)
    text = text.lstrip("\ufeff")
    if "\r" in text:            # one scan for the character both replacements look for
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # a few control characters (a NUL inside "6.␀356" split the number) are removed before
    # anything is read, and counted for the document's warning; many of them make it binary
    # UTF-8 writes U+0000-U+007F as those very bytes, which no other character uses. A translate by
    # table alone changes a byte exactly where it is a control (to a space, which is not one) and
    # keeps the rest in place: equal to the data when there is none, as a translate deleting them
    # keeps its length, without the deleting translate's slower pass
    if utf8 and legacy is None and data.translate(_CONTROLS_TO_SPACES) == data:
        controls = 0
    else:
        text, controls = _CONTROLS.subn("", text)
    # the text is the data's characters, some removed (BOM, CR, controls), the rest 1 to 1 (CR -> LF)
    as_decoded = data if utf8 and legacy is None else None
    if controls > _MAX_CONTROLS * (len(text) + controls) or not _looks_like_text(text, as_decoded):
        raise ExtractionError("not a text document (binary or unknown encoding)")
    return Decoded(unicodedata.normalize("NFC", text), legacy, controls)


def _detect_legacy(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        # UTF-16 without BOM is the only text encoding with NUL bytes that offices send.
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text
        raise ExtractionError("binary content (NUL bytes), not a text document")
    # imported here: ~55 ms that a UTF-8 file (nearly all of them) never needs, paid by each reader
    from charset_normalizer import from_bytes
    candidates: list[str] = []
    best = from_bytes(data).best()
    if best is not None:
        candidates.append(str(best))
    try:
        candidates.append(data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    candidates = [c for c in candidates if _looks_like_text(c)]
    if not candidates:
        raise ExtractionError("not a text document (no encoding decodes it to readable text)")
    return max(candidates, key=vietnamese_score)


# Block's fields and their defaults, as _block sets them
_BLOCK_FIELDS = (("kind", MISSING), ("start", MISSING), ("end", MISSING), ("page", None), ("table", None),
                 ("row", None), ("col", None), ("header", None), ("merged", False))


def _block_set_directly(kind: BlockKind, start: int, end: int, table: int | None = None, row: int | None = None,
           col: int | None = None, header: str | None = None) -> Block:
    """Block(kind, start, end, table=…, row=…, col=…, header=…), its fields set directly: the frozen
    __init__ sets each of the nine through object.__setattr__ (~12 k instructions a block, a fifth
    of reading a .txt report). Block has no __post_init__ and no field outside __init__ (its fields
    and defaults are _BLOCK_FIELDS, checked below), and the dict is filled in field order with the
    defaults of those not given, as __init__ fills it, so the two build the same object
    (tests/test_txt_shortcuts.py)."""
    block = object.__new__(Block)
    block.__dict__.update(kind=kind, start=start, end=end, page=None, table=table, row=row, col=col,
                          header=header, merged=False)
    return block


# a changed Block is built by its own __init__
_block = (_block_set_directly if tuple((f.name, f.default) for f in fields(Block)) == _BLOCK_FIELDS
          and not hasattr(Block, "__post_init__") else Block)


def blocks_from_lines(text: str) -> list[Block]:
    """Cut plain text into blocks: lines with tabs are table rows, other lines paragraphs or headings."""
    blocks: list[Block] = []
    add = blocks.append
    cell_kind, heading, paragraph = BlockKind.TABLE_CELL, BlockKind.HEADING, BlockKind.PARAGRAPH
    tables = TableAssembler()
    in_table = False
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line or line.isspace():     # not line.strip(): the same characters, without the copy
            in_table = False
            continue
        if "\t" in line:
            cells = line.split("\t")
            table, row, headers = tables.add_plain_row(cells, continues=in_table)
            in_table = True
            cell_start = start
            for col, cell in enumerate(cells):
                add(_block(cell_kind, cell_start, cell_start + len(cell), table=table,
                           row=row, col=col, header=headers[col]))
                cell_start += len(cell) + 1
            continue
        in_table = False
        stripped = line.strip()
        if stripped is line:                # nothing to strip (most lines): str.strip gives the line itself
            stripped_start, stripped_end = start, end
        else:
            stripped_start = start + (len(line) - len(line.lstrip()))
            stripped_end = start + len(line.rstrip())
        add(_block(heading if is_heading_stripped(stripped) else paragraph, stripped_start, stripped_end))
    return blocks


def extract_txt(path: str, data: bytes) -> Document:
    decoded = decode_text(data, path)
    warnings = [decoded.legacy.warning()] if decoded.legacy else []
    if decoded.controls:
        warnings.append(f"{decoded.controls} control characters (NUL and the like) removed from the text")
    return with_footnotes_marked(Document(path, "txt", decoded.text, blocks_from_lines(decoded.text),
                                          warnings=warnings))
