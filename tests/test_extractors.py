"""Extractor behaviour on the structures real offices send."""
from __future__ import annotations

import unicodedata

import pytest
import regex

from extractors import ExtractionError, extract
from extractors.document import BlockKind
from pipeline.facts import document_facts
from tests.conftest import SAMPLES

SEED = SAMPLES / "001_1a63f26e4e35afbc.txt"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed vowels, separate tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            nfd = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
            out += (base + "".join(c for c in nfd if c in _TONES)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_txt_encodings_give_the_same_text_and_facts(tmp_path, encoding, rules):
    # Windows-1258 has no superscript digits, so the footnote markers are left out for all
    text = regex.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹]", "", SEED.read_text(encoding="utf-8"))
    reference = tmp_path / "reference.txt"
    reference.write_text(text, encoding="utf-8")
    original = extract(reference)
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    doc = extract(path)
    assert doc.text == original.text
    assert [(f.kind, f.value) for f in document_facts(doc, rules)] == \
           [(f.kind, f.value) for f in document_facts(original, rules)]


def test_txt_decomposed_unicode_is_normalised(tmp_path):
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Tỷ lệ hồ sơ đạt 99,9%.\n"), encoding="utf-8")
    assert extract(path).text == unicodedata.normalize("NFC", "Tỷ lệ hồ sơ đạt 99,9%.\n")


def test_txt_crlf_line_endings(tmp_path, rules):
    path = tmp_path / "crlf.txt"
    path.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    assert len(document_facts(extract(path), rules)) == len(document_facts(extract(SEED), rules))


def test_txt_tables_and_footnotes():
    doc = extract(SAMPLES / "000_ec612a35660e329c.txt")
    cells = [b for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert {b.header for b in cells} >= {"STT", "Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"}
    row = [doc.block_text(b) for b in cells if b.table == 0 and b.row == 1]
    assert row == ["1", "UBND xã Nhơn Lộc", "86,25", "1"]
    seed = extract(SEED)
    notes = [seed.block_text(b) for b in seed.blocks if b.kind is BlockKind.FOOTNOTE]
    assert any(n.startswith("⁴ Toàn huyện") for n in notes)
    assert any(n.startswith("- Cán bộ: 7 người") for n in notes)     # continuation of footnote 6


def _docx_with_footnote(tmp_path):
    import docx
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Trang 3/12 - số 99 hồ sơ trong đầu trang"
    p = d.add_paragraph("Thực hiện Quyết định số 32/2022/QĐ-UBND ngày 16/7/2022")
    run = p.add_run()
    rpr = OxmlElement("w:rPr")
    va = OxmlElement("w:vertAlign")
    va.set(qn("w:val"), "superscript")
    rpr.append(va)
    run._r.append(rpr)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), "1")
    run._r.append(ref)
    p.add_run(", toàn huyện đã tiếp nhận 9.737 hồ sơ.")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:footnotes xmlns:w="{w}"><w:footnote w:id="1"><w:p><w:r><w:t>'
           f'Trong đó 9.636 hồ sơ đúng hạn.</w:t></w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    path = tmp_path / "fn.docx"
    d.save(path)
    return path


def test_docx_footnote_marker_is_not_glued_to_the_date(tmp_path, rules):
    doc = extract(_docx_with_footnote(tmp_path))
    assert "16/7/2022¹, toàn huyện" in doc.text
    footnotes = [doc.block_text(b) for b in doc.blocks if b.kind is BlockKind.FOOTNOTE]
    assert footnotes == ["¹ Trong đó 9.636 hồ sơ đúng hạn."]
    facts = document_facts(doc, rules)
    assert [(f.kind, f.value, f.block_kind) for f in facts] == [
        ("count", 9737.0, "paragraph"), ("count", 9636.0, "footnote")]   # nothing from the header


def _pdf(tmp_path, body: str):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    path = tmp_path / "t.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("DejaVu", 11)
    c.drawString(60, 760, body)
    width = pdfmetrics.stringWidth(body, "DejaVu", 11)
    c.setFont("DejaVu", 7)
    c.drawString(60 + width, 764, "1")              # raised, small: a footnote marker
    c.setFont("DejaVu", 11)
    c.drawString(60, 746, "trên địa bàn tỉnh, toàn huyện đã tiếp nhận 9.737")
    c.drawString(60, 732, "hồ sơ trong kỳ báo cáo.")
    c.setFont("DejaVu", 9)
    c.drawString(290, 40, "1")                      # page number
    c.save()
    return path


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(),
                    reason="DejaVu font not installed")
def test_pdf_superscript_wrapped_lines_and_page_numbers(tmp_path, rules):
    doc = extract(_pdf(tmp_path, "Thực hiện Quyết định số 32/2022/QĐ-UBND ngày 16/7/2022"))
    assert "16/7/2022¹ trên địa bàn tỉnh" in doc.text
    assert "9.737 hồ sơ trong kỳ" in doc.text                   # line break inside the fact repaired
    facts = document_facts(doc, rules)
    assert [(f.kind, f.value, f.unit) for f in facts] == [("count", 9737.0, "hồ sơ")]


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("random.txt", bytes(range(256)) * 40, "not a text document"),
    ("text.pdf", "Báo cáo 12 hồ sơ".encode(), "named .pdf but the content is not a PDF"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 200, "zip archive that is not a .docx"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "legacy Word 97-2003"),
    ("cut.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n", "PDF"),
])
def test_bad_files_raise_a_clear_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=reason):
        extract(path)


def test_docx_whose_xml_is_broken(tmp_path):
    import zipfile
    path = tmp_path / "bad-xml.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><unclosed>")
    with pytest.raises(ExtractionError, match="broken Word file"):
        extract(path)


def test_docx_merged_header_cells_give_header_paths_and_merged_values_once(tmp_path, rules):
    """A Word table as the Bộ Nội vụ statistics form has it: "Kết quả thống kê" merged over
    "Đơn vị tính | Số liệu", STT / Chỉ tiêu / Ghi chú merged down over two header rows, and a
    note merged down over two data rows (read once)."""
    import docx

    d = docx.Document()
    t = d.add_table(rows=4, cols=5)
    head = ["STT", "Chỉ tiêu thống kê", "Kết quả thống kê", "", "Ghi chú"]
    for i, text in enumerate(head):
        t.cell(0, i).text = text
    t.cell(0, 2).merge(t.cell(0, 3))
    t.cell(1, 2).text, t.cell(1, 3).text = "Đơn vị tính", "Số liệu"
    for col in (0, 1, 4):
        t.cell(0, col).merge(t.cell(1, col))
    for r, row in ((2, ["4.1", "Tổng số nhiệm vụ được giao", "Nhiệm vụ", "21", "Có 6/21 nhiệm vụ còn trong hạn"]),
                   (3, ["4.1.1", "Số nhiệm vụ đã hoàn thành đúng hạn", "Nhiệm vụ", "15", ""])):
        for col, text in enumerate(row[:4]):
            t.cell(r, col).text = text
    t.cell(2, 4).text = "Có 6/21 nhiệm vụ còn trong hạn"
    t.cell(2, 4).merge(t.cell(3, 4))
    path = tmp_path / "form.docx"
    d.save(path)
    doc = extract(path)
    cells = {(b.row, b.col): (b.header, doc.block_text(b)) for b in doc.blocks if b.kind is BlockKind.TABLE_CELL}
    assert cells[(2, 3)] == ("Kết quả thống kê | Số liệu", "21")
    assert cells[(2, 2)][0] == "Kết quả thống kê | Đơn vị tính"
    assert cells[(3, 4)] == ("Ghi chú", "")                        # the merged note is read in row 2 only
    assert [(f.kind, f.value, f.denominator) for f in document_facts(doc, rules)] == \
        [("count", 21, None), ("ratio", 6, 21), ("count", 15, None)]


@pytest.mark.skipif(not __import__("pathlib").Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf").exists(),
                    reason="DejaVu font not installed")
def test_pdf_words_placed_without_space_glyphs_keep_their_spaces(tmp_path, rules):
    """Some PDF writers (Aspose, e-signing tools: real/lamdong_vbai phụ lục III) place each word
    at its own position and draw no space: a narrow gap (here 0.2 em) is still a word break."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    path = tmp_path / "words.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    x = 60.0
    for word in "UBND xã Tân Thành đạt 10,50 điểm".split():
        c.setFont("DejaVu", 13)
        c.drawString(x, 760, word)
        x += pdfmetrics.stringWidth(word, "DejaVu", 13) + 0.2 * 13
    c.save()
    doc = extract(path)
    assert "UBND xã Tân Thành đạt 10,50 điểm" in doc.text


# --- markdown (.md): crawls of national portals -----------------------------------------------------
# excerpt of a Government notice crawled from a legal portal (TB 624/TB-VPCP, 11/2025): letterhead
# and tables in the one-pipe-per-line layout, a hard-wrapped body between them, an empty last cell
# ("Tiến độ") written like a row end, list items numbered "**(1)**"
_CRAWL = """|
**VĂN
PHÒNG CHÍNH PHỦ**
-------
|
**CỘNG
HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
|
|
Số: 624/TB-VPCP
|
*Hà Nội, ngày 16
tháng 11 năm 2025*
|
**THÔNG BÁO**
Ban Chỉ đạo chỉ ra những hạn chế: **(1)** Vẫn
còn nhiệm vụ chậm muộn; **(2)** tiến độ xây dựng
CSDL chưa đồng đều. Chỉ 3/12 nền tảng CSDL
trọng yếu được hình thành cơ bản.
|
Nơi nhận:
- Như trên;
|
**KT. BỘ TRƯỞNG**
|
**PHỤ LỤC II**
KẾT QUẢ THỰC HIỆN NHIỆM VỤ
|
**STT**
|
**Tên nhiệm vụ**
|
**Thời hạn**
|
**Kết quả thực hiện**
|
**Tiến độ**
|
|
** **
|
**Nhiệm vụ giao Ủy ban nhân dân các tỉnh**
|
** **
|
** **
|
** **
|
|
40
|
Lựa chọn một hệ thống thông tin giải quyết thủ tục
hành chính dùng chung
|
15/10/2025
|
Có 34/34 địa phương hoàn thành, đạt
tỷ lệ 100%
|
|
|
41
|
Rà soát, tái cấu trúc quy trình nội bộ
|
31/10/2025
|
Có 11/11 địa phương hoàn thành
|
Đã hoàn thành
|
"""


def _md(tmp_path, text: str, name: str = "tb.md"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(path)


def test_markdown_one_pipe_per_line_tables(tmp_path, rules):
    doc = _md(tmp_path, _CRAWL)
    assert doc.format == "md" and len(doc.text) == len(_CRAWL)          # offsets are the file's
    rows: dict[tuple[int, int], list[str]] = {}
    for b in doc.blocks:
        if b.kind is BlockKind.TABLE_CELL:
            rows.setdefault((b.table, b.row), []).append(doc.block_text(b))
    assert rows[(0, 1)] == ["Số: 624/TB-VPCP", "Hà Nội, ngày 16\ntháng 11 năm 2025"]
    tables = sorted({t for t, _ in rows})
    task = tables[-1]
    assert rows[(task, 0)] == ["STT", "Tên nhiệm vụ", "Thời hạn", "Kết quả thực hiện", "Tiến độ"]
    assert rows[(task, 2)][0] == "40" and rows[(task, 2)][-1] == ""     # the empty "Tiến độ" cell
    assert rows[(task, 3)] == ["41", "Rà soát, tái cấu trúc quy trình nội bộ", "31/10/2025",
                               "Có 11/11 địa phương hoàn thành", "Đã hoàn thành"]
    paragraphs = [doc.block_text(b) for b in doc.blocks if b.kind is not BlockKind.TABLE_CELL]
    assert any(p.startswith("Ban Chỉ đạo chỉ ra") and p.endswith("hình thành cơ bản.") for p in paragraphs)
    assert any("PHỤ LỤC II" in p for p in paragraphs)                   # text between two tables
    facts = document_facts(doc, rules)
    assert [(f.kind, f.value, f.denominator) for f in facts] == [
        ("ratio", 3, 12), ("ratio", 34, 34), ("percent", 100, None), ("ratio", 11, 11)]
    cell = next(f for f in facts if f.value == 11)
    block = next(b for b in doc.blocks if b.start <= cell.start < b.end)
    assert block.header == "Kết quả thực hiện" and doc.text[cell.start:cell.end] == "11/11"


def test_markdown_github_table_has_its_header_row(tmp_path, rules):
    doc = _md(tmp_path, "Kết quả năm 2025:\n\n| STT | Chỉ tiêu | Kết quả |\n|---|:---|---:|\n"
                        "| 1 | Tỷ lệ hồ sơ giải quyết đúng hạn | 98,5% |\n| 2 | Số TTHC được công bố | 1.675 |\n")
    cells = [(doc.block_text(b), b.row, b.header) for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert cells[:3] == [("STT", 0, "STT"), ("Chỉ tiêu", 0, "Chỉ tiêu"), ("Kết quả", 0, "Kết quả")]
    assert ("98,5%", 1, "Kết quả") in cells and len(cells) == 9          # the separator is no row
    assert [(f.kind, f.value) for f in document_facts(doc, rules)] == [("percent", 98.5), ("count", 1675)]


def test_markdown_notes_in_english_are_not_reports(tmp_path):
    with pytest.raises(ExtractionError, match="not written in Vietnamese"):
        _md(tmp_path, "# Sources\n\n| file | notes |\n|---|---|\n| a.md | crawled 2025, 3 tables |\n", "README.md")


def test_pdf_justified_lines_with_undrawn_spaces_stay_paragraphs(rules):
    """Word's e-signed PDF leaves some word spaces undrawn in justified lines ("26.353,6 tỷ⎵đồng,
    bằng 98,44% dự⎵toán"): a jump of one word space is a space, not a tab stop, so the paragraph
    is not cut into table cells."""
    from tests.conftest import ROOT
    doc = extract(ROOT / "tests" / "data" / "real" / "ld_2025_bc_cac_chiso_tinh_0611_signed_p4.pdf")
    assert not [b for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    assert "đạt 26.353,6 tỷ đồng, bằng 98,44% dự toán Trung ương" in doc.text
    money = [f for f in document_facts(doc, rules) if f.kind == "money"]
    assert [(f.value, doc.text[f.start:f.end]) for f in money][-1] == (26353.6e9, "26.353,6")


@pytest.mark.parametrize("line,depth", [
    # ld_2026q1_bc_cchc_quy1_2026.docx and the seeds: the outline of a report
    ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", 1),
    ("2. Cải cách thủ tục hành chính", 2),
    ("1.1. Chỉ số CCHC (Par Index)", 3),
    ("a) Kết quả rà soát, cắt giảm, đơn giản hóa TTHC", 5),
    ("PHỤ LỤC", 0),
])
def test_heading_depth_follows_the_numbering(line, depth):
    from extractors.text_layout import heading_depth
    assert heading_depth(line) == depth
