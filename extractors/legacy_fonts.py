"""Vietnamese typed in the pre-Unicode font encodings, TCVN3 (ABC) and VNI-Windows, to Unicode.

Offices still type in ".VnTime" (TCVN3) and "VNI-Times" (VNI) fonts: the file holds one byte per
glyph of the font, and anything reading it as Windows-1252 shows "B¸o c¸o" (TCVN3) or "Baùo caùo"
(VNI) for "Báo cáo". Every format meets such text as a *glyph string*: the characters of a
Windows-1252 reading of the bytes (a .txt file's bytes, a Word run in a legacy font, a PDF's
WinAnsi font). This module converts glyph strings to NFC Unicode and tells when a text is one:
by its font's name when there is one, else by whether its words, converted, become Vietnamese
syllables that they are not as they stand.

The tables are data (legacy_tcvn3.toml, generated from glibc's iconv; legacy_fonts.toml for VNI,
the font names and the syllable structure); this is the engine.
"""
from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

import regex

_HERE = Path(__file__).parent
_TONES = "\u0300\u0301\u0303\u0309\u0323"       # grave, acute, tilde, hook above, dot below
# PDF writers tag an embedded subset with six capitals and a plus: "ABCDEF+.VnTime"
_SUBSET_TAG = regex.compile(r"^[A-Z]{6}\+")
# A word of a glyph string: legacy letters are Latin-1 symbols too ("¸", "«", "§"), so a word is
# anything between spaces, digits, ASCII punctuation and the Windows-1252 quotes and dashes.
_WORD = regex.compile(r"[^\s\d!-/:-@\[-`{-~\u2010-\u206f]+")

# Detection without a font name (see legacy_text): at least this many words the conversion
# changes, most of them syllables once converted, and clearly more than before.
_MIN_WORDS = 3
_LATIN1 = regex.compile("[\u00a0-\u00ff]")
_BEYOND_LATIN1 = regex.compile("[\u0100-\u01b0\u1ea0-\u1ef9]")
_HIGH_BYTES = bytes(range(0xA0, 0x100))
# Vietnamese letters of _BEYOND_LATIN1, most frequent first in reports (measured on samples/)
_FREQUENT_BEYOND_LATIN1 = "đệếảưịạựủộ"
_MIN_SHARE_AFTER = 0.6
_MIN_GAIN = 0.3
_SAMPLE_WORDS = 4000            # changed words looked at: enough to judge, cheap on long files


class Encoding(str, Enum):
    TCVN3 = "TCVN3"
    VNI = "VNI"


# the font a warning names when the text itself gave the encoding away
_USUAL_FONT = {Encoding.TCVN3: ".VnTime", Encoding.VNI: "VNI-Times"}


@dataclass(frozen=True)
class Legacy:
    """How a text was typed: the encoding, whether the font draws every letter as a capital
    (".VnTimeH"), and the font that said so (None when recognised from the text itself)."""
    encoding: Encoding
    capitals: bool = False
    font: str | None = None

    def warning(self) -> str:
        return warnings_for([self])[0]


def warnings_for(used: Iterable[Legacy]) -> list[str]:
    """One warning per legacy encoding a document was typed in, naming its fonts, so that an
    analyst knows the text was converted (and why a word may read oddly)."""
    fonts: dict[Encoding, list[str]] = {}
    for legacy in used:
        names = fonts.setdefault(legacy.encoding, [])
        if legacy.font and legacy.font not in names:
            names.append(legacy.font)
    return [f"text typed in {enc.value} ({', '.join(names) if names else _USUAL_FONT[enc]}) fonts, "
            f"converted to Unicode{'' if names else ' (recognised from the text, no font name)'}"
            for enc, names in fonts.items()]


@dataclass(frozen=True)
class SyllableCount:
    """Of the words a conversion changes, how many are Vietnamese syllables before and after."""
    words: int
    before: int
    after: int


@dataclass(frozen=True)
class _Data:
    tcvn3: dict[int, str]                # str.translate table: glyph code point -> Unicode
    vni: dict[str, str]                  # glyph string (letter + mark) -> Unicode letter
    vni_pattern: regex.Pattern           # the VNI keys, longest first
    fonts: dict[str, regex.Pattern]      # tcvn3 | tcvn3_capitals | vni -> font-name pattern
    syllable: regex.Pattern              # a toneless lower-case syllable


def _alternation(items: list[str]) -> str:
    return "|".join(regex.escape(s) for s in sorted(set(items), key=len, reverse=True))


@cache
def _data() -> _Data:
    with open(_HERE / "legacy_tcvn3.toml", "rb") as fh:
        tcvn3_bytes = tomllib.load(fh)["tcvn3"]
    with open(_HERE / "legacy_fonts.toml", "rb") as fh:
        spec = tomllib.load(fh)
    tcvn3: dict[int, str] = {}
    for key, text in tcvn3_bytes.items():
        byte = int(key, 16)
        tcvn3[byte] = text               # 0xA0-0xFF: the Latin-1 code point is the byte
    vni = {k: v for k, v in spec["vni"].items() if k != v}
    syl = spec["syllable"]
    syllable = regex.compile(
        f"(?:{_alternation(syl['onsets'])})?"
        f"(?:(?:{_alternation(syl['nuclei'])})(?:{_alternation(syl['codas'])})?|(?:{_alternation(syl['open_nuclei'])}))")
    return _Data(tcvn3, vni, regex.compile(_alternation(list(vni))),
                 {k: regex.compile(v) for k, v in spec["fonts"].items()}, syllable)


# ---- conversion -------------------------------------------------------------------------------

def from_tcvn3(text: str, capitals: bool = False) -> str:
    """A TCVN3 glyph string as NFC Unicode ("B¸o c¸o" -> "Báo cáo"); `capitals` for the
    ".VnXxxH" fonts, which draw every letter as a capital."""
    out = unicodedata.normalize("NFC", text.translate(_data().tcvn3))
    return out.upper() if capitals else out


def from_vni(text: str) -> str:
    """A VNI glyph string as NFC Unicode ("Baùo caùo" -> "Báo cáo"): each letter with its mark."""
    data = _data()
    return unicodedata.normalize("NFC", data.vni_pattern.sub(lambda m: data.vni[m.group()], text))


# A font Windows takes for a symbol font has its bytes at U+F020-U+F0FF (Word, PDFium without a
# ToUnicode map); they are the same bytes.
_SYMBOL_AREA = {0xF000 + b: b for b in range(0x20, 0x100)}


def to_unicode(text: str, legacy: Legacy) -> str:
    """A glyph string of the legacy encoding as NFC Unicode."""
    text = text.translate(_SYMBOL_AREA)
    if legacy.encoding is Encoding.TCVN3:
        return from_tcvn3(text, legacy.capitals)
    out = from_vni(text)
    return out.upper() if legacy.capitals else out


@dataclass(frozen=True)
class Letter:
    """A converted piece of a glyph sequence: glyphs[first:end] read as `text`."""
    first: int
    end: int
    text: str


def convert_glyphs(glyphs: Sequence[str], legacy: Legacy) -> list[Letter]:
    """A sequence of glyphs (one per positioned character of a PDF) converted letter by letter.
    A VNI letter is two glyphs ("a" + "ù"), as is a TCVN3 letter with a separate tone mark: the
    two become one letter, so that the caller can give it both boxes."""
    out: list[Letter] = []
    i = 0
    while i < len(glyphs):
        if i + 1 < len(glyphs):
            pair = to_unicode(glyphs[i] + glyphs[i + 1], legacy)
            if len(pair) == 1:
                out.append(Letter(i, i + 2, pair))
                i += 2
                continue
        out.append(Letter(i, i + 1, to_unicode(glyphs[i], legacy)))
        i += 1
    return out


def encode(text: str, encoding: Encoding) -> str:
    """Unicode as the glyph string a legacy font would hold (the tables' inverse; the tests
    type their phrases with it). A letter the encoding has no place for raises ValueError —
    TCVN3 has none for most capitals with a tone mark: type those in small letters and read
    them with capitals=True, as a ".VnTimeH" font does."""
    data = _data()
    table = ({v: chr(k) for k, v in data.tcvn3.items() if k < 0x100 and len(v) == 1}
             if encoding is Encoding.TCVN3 else {v: k for k, v in data.vni.items()})
    # below its letters a legacy font draws what Windows-1252 does (ASCII, quotes, dashes)
    first_letter = 0xA0 if encoding is Encoding.TCVN3 else 0xC0
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in table:
            out.append(table[ch])
        elif _cp1252_byte(ch) < first_letter or (encoding is Encoding.VNI and ch in "íìÍÌ"):
            out.append(ch)
        else:
            raise ValueError(f"{ch!r} has no place in {encoding.value}")
    return "".join(out)


def _cp1252_byte(ch: str) -> int:
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return 0x100


_CP1252_HIGH = {b: bytes([b]).decode("cp1252") for b in range(0x80, 0xA0)
                if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def glyphs(data: bytes) -> str:
    """Bytes as the glyph string a Windows-1252 reading shows; the five bytes Windows-1252
    leaves undefined read as their Latin-1 control characters instead of failing."""
    return data.decode("latin-1").translate(_CP1252_HIGH)


# ---- detection --------------------------------------------------------------------------------

def legacy_font(name: str | None) -> Legacy | None:
    """The legacy encoding a font's name says (".VnTime", ".VnTimeH", "VNI-Times"), else None."""
    if not name:
        return None
    family = _SUBSET_TAG.sub("", name.strip())
    fonts = _data().fonts
    if fonts["vni"].match(family):
        return Legacy(Encoding.VNI, font=family)
    if fonts["tcvn3"].match(family):
        return Legacy(Encoding.TCVN3, capitals=bool(fonts["tcvn3_capitals"].match(family)), font=family)
    return None


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable: onset + vowel nucleus + coda, at most one tone mark."""
    nfd = unicodedata.normalize("NFD", word.lower())
    toneless = "".join(c for c in nfd if c not in _TONES)
    if len(nfd) - len(toneless) > 1:
        return False
    return _data().syllable.fullmatch(unicodedata.normalize("NFC", toneless)) is not None


def syllable_count(text: str, encoding: Encoding) -> SyllableCount:
    """How the words of a glyph string that `encoding` would change fare as syllables."""
    convert = from_tcvn3 if encoding is Encoding.TCVN3 else from_vni
    words = before = after = 0
    for m in _WORD.finditer(text):
        word = m.group()
        converted = convert(word)
        if converted == unicodedata.normalize("NFC", word):
            continue
        words += 1
        before += is_syllable(word)
        after += is_syllable(converted)
        if words >= _SAMPLE_WORDS:
            break
    return SyllableCount(words, before, after)


_SAMPLE_CHARS = 50000             # the characters _may_be_glyphs counts (and _unicode_by_bytes)


def _may_be_glyphs(text: str) -> bool:
    """Legacy glyph strings are Latin-1: a text that writes more Vietnamese letters beyond
    Latin-1 (ư, ơ, đ, ạ, ệ ...) than Latin-1 letters is Unicode already, without counting words."""
    sample = text[:_SAMPLE_CHARS]
    latin1 = _latin1_letters(sample)
    if latin1 < _MIN_WORDS:
        return False
    # the most frequent letters beyond Latin-1 (one str.count each) are most often already as many
    # as the Latin-1 ones: a lower bound of the count, which decides without the full count. The
    # sum only grows, letter by letter: once it reaches the Latin-1 ones, the rest cannot undo it
    beyond = 0
    for letter in _FREQUENT_BEYOND_LATIN1:
        beyond += sample.count(letter)
        if beyond >= latin1:
            return False
    return len(_BEYOND_LATIN1.findall(sample)) < latin1


def _latin1_letters(text: str) -> int:
    """len(_LATIN1.findall(text)): the characters U+00A0-U+00FF, counted as the bytes >= 0xA0 of the
    text's Latin-1 encodable characters (a tenth of the regex's cost on a Vietnamese report)."""
    latin1 = text.encode("latin-1", "ignore")
    return len(latin1) - len(latin1.translate(None, _HIGH_BYTES))


# the characters of U+1EC0-U+1EFF (UTF-8 E1 BB 80-BF) that are not of _BEYOND_LATIN1
_AFTER_BEYOND_LATIN1 = "\u1efa\u1efb\u1efc\u1efd\u1efe\u1eff"


def _unicode_by_bytes(text: str, utf8: bytes) -> bool:
    """True when the UTF-8 bytes prove what _may_be_glyphs would find, as many letters beyond
    Latin-1 as Latin-1 ones (so no glyph string), with two byte counts instead of a Latin-1 encode
    and up to ten character counts; False says nothing. `utf8`: the text's UTF-8 encoding, a BOM
    before it allowed. In valid UTF-8 the bytes C2, C3 and E1 only ever lead a character: every
    Latin-1 letter (U+00A0-U+00FF) is led by C2 or C3, so their count is at least the Latin-1
    letters; "E1 BB" leads exactly U+1EC0-U+1EFF, all beyond Latin-1 but the six of
    _AFTER_BEYOND_LATIN1, so with none of those in the text their count is at most the letters
    beyond. Both counted on the sample's own bytes (the BOM holds none of the three bytes)."""
    if len(text) <= _SAMPLE_CHARS:
        sample = utf8
    elif len(text) <= 2 * _SAMPLE_CHARS:     # the bytes of what follows the sample, the fewer to encode
        sample = utf8[:len(utf8) - len(text[_SAMPLE_CHARS:].encode("utf-8"))]
    else:
        sample = text[:_SAMPLE_CHARS].encode("utf-8")
    latin1_at_most = sample.count(b"\xc3") + (sample.count(b"\xc2") if b"\xc2" in sample else 0)
    if sample.count(b"\xe1\xbb") < latin1_at_most:
        return False
    # one memchr-speed `in` each (a str's single-character find), a twelfth of a count
    return not any(ch in text for ch in _AFTER_BEYOND_LATIN1)


def legacy_text(text: str, utf8: bytes | None = None) -> Legacy | None:
    """The legacy encoding a text with no font name was typed in, judged by its words: the
    encoding whose conversion turns most of the words it changes into Vietnamese syllables
    they were not before. None for Unicode, English or anything else. `utf8`: the bytes the text
    was decoded from as UTF-8 (a BOM before it allowed), when it was: they decide most Unicode
    texts at a quarter of the cost, with the same answer."""
    if utf8 is not None and _unicode_by_bytes(text, utf8):
        return None
    if not _may_be_glyphs(text):
        return None
    best, best_gain = None, 0.0
    for encoding in Encoding:
        n = syllable_count(text, encoding)
        if n.words < _MIN_WORDS or n.after < _MIN_SHARE_AFTER * n.words:
            continue
        gain = (n.after - n.before) / n.words
        if gain >= _MIN_GAIN and gain > best_gain:
            best, best_gain = Legacy(encoding), gain
    return best


def legacy_encoding(text: str = "", font: str | None = None) -> Legacy | None:
    """A font's name decides when there is one; otherwise the text's words do."""
    if font is not None:
        return legacy_font(font)
    return legacy_text(text)
