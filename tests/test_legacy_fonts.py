"""Texts typed in the pre-Unicode Vietnamese font encodings, TCVN3 (.VnTime) and VNI (VNI-Times),
read as Unicode (extractors/legacy_fonts.py), grouped by where they come from: the tables, font
names, text with no font name, .txt files, Word runs, PDF fonts."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from extractors import extract
from extractors.legacy_fonts import (Encoding, Legacy, convert_glyphs, encode, from_tcvn3, from_vni,
                                     glyphs, is_syllable, legacy_encoding, legacy_font, legacy_text,
                                     to_unicode)
from pipeline.facts import facts_with_context
from tests.conftest import SAMPLES
from tests.test_extractors import _cp1258

TCVN3, VNI = Encoding.TCVN3, Encoding.VNI

# phrases of a report, as an office types them
PHRASES = [
    "UBND TỈNH LÂM ĐỒNG",
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%",
    "tiếp nhận 1.250 hồ sơ",
    "Báo cáo kết quả công tác cải cách hành chính quý I năm 2025",
    "Chỉ số hài lòng của người dân đạt 85,72%, xếp thứ 12/63 tỉnh, thành phố",
    "Đã số hóa 6.354 hồ sơ, kết quả giải quyết thủ tục hành chính; tiết kiệm 1,2 tỷ đồng",
]
LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
VOWELS_WITH_TONES = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy"
                     for t in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")]


def typed(text: str, encoding: Encoding) -> tuple[str, bool]:
    """The glyph string an office types `text` as, and whether the font draws capitals: TCVN3 has
    no place for most capitals with a tone mark, so a line of them is typed in small letters in
    a ".VnTimeH" font."""
    try:
        return encode(text, encoding), False
    except ValueError:
        return encode(text.lower(), encoding), True


def tcvn3_typable(text: str) -> str:
    """`text` with the capitals TCVN3 cannot write in small letters, as a .VnTime typist writes them."""
    out = []
    for ch in text:
        try:
            encode(ch, TCVN3)
            out.append(ch)
        except ValueError:
            out.append(ch.lower())
    return "".join(out)


# ---- the tables -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("phrase", PHRASES)
def test_report_phrases_read_back_from_their_legacy_glyphs(phrase, encoding):
    glyph_string, capitals = typed(phrase, encoding)
    assert glyph_string != phrase
    assert to_unicode(glyph_string, Legacy(encoding, capitals)) == phrase
    # ... and from the bytes an editor of the time saves
    assert to_unicode(glyphs(glyph_string.encode("cp1252")), Legacy(encoding, capitals)) == phrase


@pytest.mark.parametrize("glyph_string, convert, expected", [
    # written by hand from the encodings' published layouts, not by the tables' inverse
    ("B¸o c¸o", from_tcvn3, "Báo cáo"),
    ("UBND tØnh", from_tcvn3, "UBND tỉnh"),
    ("Sè liÖu", from_tcvn3, "Số liệu"),
    ("ng­êi d©n", from_tcvn3, "người dân"),              # ư is 0xAD, the soft hyphen
    ("ph¸t triÓn", from_tcvn3, "phát triển"),
    ("Baùo caùo", from_vni, "Báo cáo"),
    ("tænh", from_vni, "tỉnh"),
    ("ngöôøi daân", from_vni, "người dân"),
    ("ÑOÀNG", from_vni, "ĐỒNG"),
    ("Vieät Nam", from_vni, "Việt Nam"),
])
def test_known_glyph_strings(glyph_string, convert, expected):
    assert convert(glyph_string) == expected


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_symbol_font_codes_are_the_same_bytes(encoding):
    # Word and PDFium give a font taken for a symbol font its bytes at U+F020-U+F0FF
    glyph_string = encode("Báo cáo", encoding)
    private = "".join(chr(0xF000 + ord(c)) for c in glyph_string)
    assert to_unicode(private, Legacy(encoding)) == "Báo cáo"


def test_the_capital_fonts_draw_small_letters_as_capitals():
    assert from_tcvn3("ubnd tØnh l©m ®ång", capitals=True) == "UBND TỈNH LÂM ĐỒNG"


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_every_vietnamese_letter_has_a_place(encoding):
    letters = list(LOWER) + VOWELS_WITH_TONES
    if encoding is VNI:                                    # TCVN3 writes capitals with .VnTimeH
        letters += [c.upper() for c in letters]
    for letter in letters:
        assert to_unicode(encode(letter, encoding), Legacy(encoding)) == letter


def test_punctuation_below_the_letters_stays():
    # Word's quotes and dashes in a .VnTime run are Windows-1252 punctuation, not glibc's VN1 capitals
    assert from_tcvn3("“Tèt” – ®¹t…") == "“Tốt” – đạt…"


@pytest.mark.parametrize("glyph_list, legacy, expected", [
    (["B", "a", "ù", "o"], Legacy(VNI), [(0, 1, "B"), (1, 3, "á"), (3, 4, "o")]),
    (["s", "ô", "ï"], Legacy(VNI), [(0, 1, "s"), (1, 3, "ợ")]),
    (["B", "¸", "o"], Legacy(TCVN3), [(0, 1, "B"), (1, 2, "á"), (2, 3, "o")]),
    (["a", "³"], Legacy(TCVN3), [(0, 2, "á")]),            # a vowel and a separate tone mark
])
def test_glyphs_of_one_letter_join(glyph_list, legacy, expected):
    assert [(l.first, l.end, l.text) for l in convert_glyphs(glyph_list, legacy)] == expected


# ---- font names -------------------------------------------------------------------------------

@pytest.mark.parametrize("font, encoding, capitals", [
    (".VnTime", TCVN3, False),
    (".VnTimeH", TCVN3, True),
    (".VnArial", TCVN3, False),
    (".VnArialH", TCVN3, True),
    (".VnCentury Schoolbook", TCVN3, False),
    ("ABCDEF+.VnTime", TCVN3, False),                      # a PDF subset
    ("VnTimeH,Bold", TCVN3, True),                         # a PDF writer dropped the dot
    ("VNI-Times", VNI, False),
    ("VNI-Helve-Condense", VNI, False),
    ("QWERTY+VNI-Times,Bold", VNI, False),
    ("Times New Roman", None, False),
    ("Arial", None, False),
    ("Verdana", None, False),
    ("", None, False),
])
def test_font_names(font, encoding, capitals):
    found = legacy_font(font)
    if encoding is None:
        assert found is None
    else:
        assert (found.encoding, found.capitals) == (encoding, capitals)
    assert legacy_encoding("B¸o c¸o kÕt qu¶", font=font) == found     # the font decides over the text


# ---- text with no font name -------------------------------------------------------------------

SEEDS = sorted(SAMPLES.glob("*.txt"))


def _without_superscripts(text: str) -> str:
    return regex.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", text)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_legacy_text_is_recognised(encoding):
    for seed in SEEDS:
        text = _without_superscripts(seed.read_text(encoding="utf-8"))
        glyph_string = encode(tcvn3_typable(text) if encoding is TCVN3 else text, encoding)
        assert legacy_text(glyph_string) == Legacy(encoding), seed.name
    for phrase in PHRASES[1:]:
        assert legacy_text(typed(phrase, encoding)[0]) == Legacy(encoding), phrase


ENGLISH = ("The provincial People's Committee received 1,250 applications; 98.5% were settled on "
           "time. Résumé of the café's naïve coöperation, façade and jalapeño: déjà vu.")


@pytest.mark.parametrize("text, why", [
    *[(s.read_text(encoding="utf-8"), f"Unicode {s.name}") for s in SEEDS],
    *[(unicodedata.normalize("NFD", s.read_text(encoding="utf-8")), f"decomposed {s.name}") for s in SEEDS[:2]],
    *[(glyphs(_cp1258(_without_superscripts(s.read_text(encoding="utf-8")))), f"Windows-1258 bytes of {s.name}")
      for s in SEEDS],
    (ENGLISH, "English with accented loanwords"),
    ("Hoà Thuận, thuỷ lợi, Khánh Hoà", "old tone placement"),
    ("", "nothing"),
])
def test_detection_does_not_fire(text, why):
    assert legacy_text(text) is None, why


@pytest.mark.parametrize("word, ok", [
    ("nghiêng", True), ("người", True), ("khuỷu", True), ("quyết", True), ("hoặc", True), ("ở", True),
    ("B¸o", False), ("Baùo", False), ("tænh", False), ("hå", False), ("tiÕp", False),
    ("áà", False),                         # two tone marks
    ("hello", False), ("strength", False),
])
def test_syllables(word, ok):
    assert is_syllable(word) is ok


# ---- .txt files -------------------------------------------------------------------------------

def _facts(path: Path, know) -> list[tuple]:
    return [(f.kind, f.value) for f in facts_with_context(extract(path), know).facts]


@pytest.mark.parametrize("encoding, as_bytes", [
    (TCVN3, "cp1252"),         # the file the legacy editor saved
    (VNI, "cp1252"),
    (TCVN3, "utf-8"),          # .VnTime text pasted into a Unicode editor: UTF-8 mojibake
])
def test_a_legacy_txt_gives_the_facts_of_its_unicode_twin(tmp_path, know, encoding, as_bytes):
    seed = _without_superscripts((SAMPLES / "001_1a63f26e4e35afbc.txt").read_text(encoding="utf-8"))
    twin_text = tcvn3_typable(seed) if encoding is TCVN3 else seed
    (tmp_path / "unicode").mkdir()
    (tmp_path / "legacy").mkdir()
    twin = tmp_path / "unicode" / "report.txt"              # one name: the file name is read too
    twin.write_text(twin_text, encoding="utf-8")
    legacy = tmp_path / "legacy" / "report.txt"
    legacy.write_bytes(encode(twin_text, encoding).encode(as_bytes))
    doc = extract(legacy)
    assert doc.text == extract(twin).text
    assert doc.warnings == [f"text typed in {encoding.value} ({'.VnTime' if encoding is TCVN3 else 'VNI-Times'}) "
                            f"fonts, converted to Unicode (recognised from the text, no font name)"]
    assert extract(twin).warnings == []
    facts = _facts(legacy, know)
    assert len(facts) > 20 and facts == _facts(twin, know)


def test_a_txt_in_small_letters_where_capitals_were_gives_the_same_facts(tmp_path, know):
    """What TCVN3 loses (capitals with a tone mark typed small) changes no fact."""
    seed = _without_superscripts((SAMPLES / "001_1a63f26e4e35afbc.txt").read_text(encoding="utf-8"))
    for folder, text in (("original", seed), ("typable", tcvn3_typable(seed))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text, encoding="utf-8")
    assert _facts(tmp_path / "typable" / "report.txt", know) == _facts(tmp_path / "original" / "report.txt", know)


# ---- Word runs --------------------------------------------------------------------------------

def _legacy_docx(path: Path) -> None:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    document = docx.Document()
    heading, capitals = typed("UBND TỈNH LÂM ĐỒNG", TCVN3)
    document.add_paragraph().add_run(heading).font.name = ".VnTimeH" if capitals else ".VnTime"
    p = document.add_paragraph()
    p.add_run(encode("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%", TCVN3)).font.name = ".VnTime"
    p.add_run(" (Unicode run), ")                           # a document mixing Unicode and .VnTime runs
    vni = encode("tiếp nhận 1.250 hồ sơ", VNI)              # "tieáp nhaän 1.250 hoà sô"
    p.add_run(vni[:3]).font.name = "VNI-Times"              # "tie" | "áp ...": one letter over two runs
    p.add_run(vni[3:]).font.name = "VNI-Times"
    style = document.styles.add_style("Legacy body", WD_STYLE_TYPE.PARAGRAPH)
    style.font.name = ".VnTime"                             # the font comes from the paragraph style
    document.add_paragraph(encode("Đã số hóa 6.354 hồ sơ", TCVN3), style="Legacy body")
    table = document.add_table(rows=2, cols=2)
    for col, header in enumerate(("Chỉ tiêu", "Tỷ lệ (%)")):
        table.cell(0, col).paragraphs[0].add_run(encode(header, TCVN3)).font.name = ".VnArial"
    table.cell(1, 0).paragraphs[0].add_run(encode("Thanh toán trực tuyến", TCVN3)).font.name = ".VnArial"
    table.cell(1, 1).text = "72,4"
    document.save(path)


def test_a_docx_with_vntime_runs_reads_as_unicode(tmp_path, know):
    path = tmp_path / "legacy.docx"
    _legacy_docx(path)
    doc = extract(path)
    assert doc.text.split("\n\n") == [
        "UBND TỈNH LÂM ĐỒNG",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5% (Unicode run), tiếp nhận 1.250 hồ sơ",
        "Đã số hóa 6.354 hồ sơ",
        "Chỉ tiêu\tTỷ lệ (%)\nThanh toán trực tuyến\t72,4",
    ]
    assert doc.warnings == ["text typed in TCVN3 (.VnTimeH, .VnTime, .VnArial) fonts, converted to Unicode",
                            "text typed in VNI (VNI-Times) fonts, converted to Unicode"]
    facts = set(_facts(path, know))
    assert {("percent", 98.5), ("count", 1250), ("count", 6354), ("percent", 72.4)} <= facts


def test_a_unicode_docx_has_no_legacy_warning():
    assert extract(SAMPLES / "000_ec612a35660e329c.docx").warnings == []


# ---- PDF fonts --------------------------------------------------------------------------------

def _pdf(lines: list[tuple[str, bytes]]) -> bytes:
    """A one-page PDF whose lines are shown in the named (not embedded) WinAnsi TrueType fonts, as a
    legacy-font PDF carries them: the bytes of the text are the font's codes. A line may be a
    TJ array (bytes starting with "[") to place a glyph back over the one before it."""
    names = sorted({name for name, _ in lines})
    font_refs = b" ".join(b"/F%d %d 0 R" % (i, 5 + 2 * i) for i in range(len(names)))
    content = b"BT\n"
    for n, (name, text) in enumerate(lines):
        show = text + b" TJ" if text.startswith(b"[") else b"(" + text + b") Tj"
        content += b"/F%d 12 Tf 1 0 0 1 72 %d Tm %s\n" % (names.index(name), 780 - 18 * n, show)
    content += b"ET\n"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << "
               + font_refs + b" >> >> /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n%sendstream" % (len(content), content)]
    for i, name in enumerate(names):
        objects.append(b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /Encoding /WinAnsiEncoding "
                       b"/FontDescriptor %d 0 R >>" % (name.encode(), 6 + 2 * i))
        objects.append(b"<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [0 -220 1000 900] "
                       b"/ItalicAngle 0 /Ascent 900 /Descent -220 /CapHeight 700 /StemV 80 >>" % name.encode())
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def _pdf_string(glyph_string: str) -> bytes:
    data = glyph_string.encode("cp1252")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def test_a_pdf_in_legacy_fonts_reads_as_unicode(tmp_path, know):
    heading, _ = typed("UBND TỈNH LÂM ĐỒNG", TCVN3)
    vni = _pdf_string(encode("Báo cáo tiếp nhận 1.250 hồ sơ", VNI))       # "Baùo caùo tieáp ..."
    # VNI fonts draw a mark over the letter before it: here the "ù" of "Baùo" is moved back onto the "a"
    overprinted = b"[(" + vni[:2] + b") 500 (" + vni[2:] + b")]"
    path = tmp_path / "legacy.pdf"
    path.write_bytes(_pdf([
        (".VnTimeH", _pdf_string(heading)),
        (".VnTime", _pdf_string(encode("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.", TCVN3))),
        ("VNI-Times", overprinted),
        ("Helvetica", b"Plain text line."),
    ]))
    doc = extract(path)
    assert doc.text.split("\n\n") == ["UBND TỈNH LÂM ĐỒNG", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%.",
                                      "Báo cáo tiếp nhận 1.250 hồ sơ", "Plain text line."]
    assert doc.warnings == ["text typed in TCVN3 (.VnTimeH, .VnTime) fonts, converted to Unicode",
                            "text typed in VNI (VNI-Times) fonts, converted to Unicode"]
    assert {("percent", 98.5), ("count", 1250)} <= set(_facts(path, know))


def test_a_legacy_font_holding_only_ascii_is_no_reason_to_warn(tmp_path):
    # a real signed PDF of the provincial office sets "- CT." in VNI-Times and nothing else
    import docx
    pdf = tmp_path / "stamp.pdf"
    pdf.write_bytes(_pdf([("TimesNewRomanPSMT", b"Ket qua 2025."), ("VNI-Times", b"- CT.")]))
    document = docx.Document()
    document.add_paragraph("Kết quả 2025.")
    document.add_paragraph().add_run("- CT.").font.name = ".VnTime"
    document.save(tmp_path / "stamp.docx")
    for path in (pdf, tmp_path / "stamp.docx"):
        doc = extract(path)
        assert doc.text.endswith("- CT.") and doc.warnings == [], path.name


def _straight_may_be_glyphs(text: str) -> bool:
    """The test `_may_be_glyphs` answers, counted the straightforward way."""
    from extractors.legacy_fonts import _BEYOND_LATIN1, _LATIN1, _MIN_WORDS
    sample = text[:50000]
    latin1 = len(_LATIN1.findall(sample))
    return latin1 >= _MIN_WORDS and len(_BEYOND_LATIN1.findall(sample)) < latin1


def test_counting_shortcuts_decide_as_the_full_counts():
    """Latin-1 letters counted from the bytes, a lower bound of the letters beyond: the same answer
    as counting both with the regexes, on the samples, on each phrase in each encoding and on every
    character there is."""
    from extractors.legacy_fonts import _LATIN1, _latin1_letters, _may_be_glyphs
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert _latin1_letters(everything) == len(_LATIN1.findall(everything))
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    typed = [encode(p.lower(), enc) for p in PHRASES for enc in (TCVN3, VNI)]
    texts += typed + [" ".join(PHRASES), everything, " ".join(typed) + " " + " ".join(PHRASES)]
    for text in texts:
        assert _may_be_glyphs(text) == _straight_may_be_glyphs(text), text[:60]
    assert any(_may_be_glyphs(t) for t in texts) and not all(_may_be_glyphs(t) for t in texts)


def test_the_letters_and_digits_bar_reads_as_the_full_count():
    from extractors.txt import _WORDS_AND_NUMBERS, _ascii_letters_and_digits, _looks_like_text
    ascii_chars = "".join(map(chr, range(128)))
    assert _ascii_letters_and_digits(ascii_chars) == sum(map(len, _WORDS_AND_NUMBERS.findall(ascii_chars))) == 62
    assert _ascii_letters_and_digits("Báo cáo 12 hồ sơ") == 8           # a lower bound: "á" is a letter too
    assert _looks_like_text("Đạt 98,5%: tiếp nhận hồ sơ") and _looks_like_text("Điều 1. Đồng ý: ôơư ệ ộ ố ầ")
    assert not _looks_like_text("... ,,, ;;; !!! ??? --- ((( ))) /// *** 12")
