"""Render seed .txt reports as a real .docx and a real .pdf (samples/<name>.docx/.pdf).

Why: the extractors must be tested on the structures offices actually send — a Word table,
Word footnotes in word/footnotes.xml with superscript references, a header and footer; a PDF
with a Vietnamese text layer, a ruled table, small-font footnotes, superscript markers glued
to numbers and page numbers. The .txt stays the source of truth: the facts of each rendering
must equal the facts of the .txt it was made from (tests/test_formats.py).

    python scripts/make_samples.py [seed.txt ...]     (default: every .txt in samples/)

Needs python-docx and reportlab (the `dev` extra) and the DejaVu Sans font (Debian package
fonts-dejavu-core), which has every Vietnamese glyph.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.document import BlockKind  # noqa: E402
from extractors.text_layout import FROM_SUPERSCRIPT, SUPERSCRIPT_DIGITS, is_footnote_start  # noqa: E402
from extractors.txt import extract_txt  # noqa: E402

DEFAULT_SEEDS = sorted(p.name for p in (ROOT / "samples").glob("*.txt"))
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
_MARKER = regex.compile(rf"[{SUPERSCRIPT_DIGITS}]+")


@dataclass
class Para:
    kind: str           # heading | paragraph
    text: str


@dataclass
class Table:
    rows: list[list[str]]


@dataclass
class Footnote:
    number: int
    paragraphs: list[str] = field(default_factory=list)


def read_structure(path: Path) -> list[Para | Table | Footnote]:
    doc = extract_txt(str(path), path.read_bytes())
    items: list[Para | Table | Footnote] = []
    for block in doc.blocks:
        text = doc.block_text(block)
        if block.kind is BlockKind.TABLE_CELL:
            table = items[-1] if items and isinstance(items[-1], Table) and getattr(items[-1], "_index", None) == block.table else None
            if table is None:
                table = Table([])
                table._index = block.table  # type: ignore[attr-defined]
                items.append(table)
            if block.col == 0:
                table.rows.append([])
            table.rows[-1].append(text)
        elif block.kind is BlockKind.FOOTNOTE:
            if is_footnote_start(text):
                marker = _MARKER.match(text.strip()).group()
                items.append(Footnote(int(marker.translate(FROM_SUPERSCRIPT)), [text.strip()[len(marker):].strip()]))
            elif items and isinstance(items[-1], Footnote):
                items[-1].paragraphs.append(text)
            else:
                items.append(Para("paragraph", text))
        else:
            items.append(Para(block.kind.value, text))
    return items


# ---------------------------------------------------------------- .docx
def write_docx(items: list, out: Path, title: str) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{title} — bản điện tử, trang đầu mỗi trang"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.text = "Trang 1 / 2026"        # footer noise with numbers the extractor must skip
    notes = {fn.number: fn for fn in items if isinstance(fn, Footnote)}

    def superscript_run(paragraph, child):
        run = paragraph.add_run()
        rpr = OxmlElement("w:rPr")
        va = OxmlElement("w:vertAlign")
        va.set(qn("w:val"), "superscript")
        rpr.append(va)
        run._r.insert(0, rpr)
        run._r.append(child)

    def add_text(paragraph, text: str) -> None:
        pos = 0
        for m in _MARKER.finditer(text):
            if m.start() > pos:
                paragraph.add_run(text[pos:m.start()])
            number = int(m.group().translate(FROM_SUPERSCRIPT))
            if number in notes:
                ref = OxmlElement("w:footnoteReference")
                ref.set(qn("w:id"), str(number))
                superscript_run(paragraph, ref)
            else:                         # a marker without a note: plain superscript digits
                t = OxmlElement("w:t")
                t.text = m.group().translate(FROM_SUPERSCRIPT)
                superscript_run(paragraph, t)
            pos = m.end()
        if pos < len(text):
            paragraph.add_run(text[pos:])

    for item in items:
        if isinstance(item, Para):
            p = document.add_paragraph(style="Heading 2" if item.kind == "heading" else None)
            add_text(p, item.text)
        elif isinstance(item, Table):
            width = max(len(r) for r in item.rows)
            table = document.add_table(rows=len(item.rows), cols=width)
            table.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for c in range(width):
                    table.cell(r, c).text = row[c] if c < len(row) else ""

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    parts = [f'<w:footnotes xmlns:w="{w}">',
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
    for number, fn in sorted(notes.items()):
        paras = []
        for i, text in enumerate(fn.paragraphs):
            ref = ('<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                   '<w:r><w:t xml:space="preserve"> </w:t></w:r>') if i == 0 else ""
            paras.append(f'<w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>{ref}'
                         f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
        parts.append(f'<w:footnote w:id="{number}">{"".join(paras)}</w:footnote>')
    parts.append("</w:footnotes>")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, "".join(parts).encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.core_properties.title = title
    document.save(out)


# ---------------------------------------------------------------- .pdf
def _font_path(name: str) -> str:
    for d in FONT_DIRS:
        if (d / name).exists():
            return str(d / name)
    raise SystemExit(f"font {name} not found; install Debian package fonts-dejavu-core")


def write_pdf(items: list, out: Path, title: str) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    pdfmetrics.registerFont(TTFont("DejaVu", _font_path("DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVu-Bold", _font_path("DejaVuSans-Bold.ttf")))
    body = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=14, spaceAfter=7)
    heading = ParagraphStyle("heading", parent=body, fontName="DejaVu-Bold", spaceBefore=4)
    note = ParagraphStyle("note", fontName="DejaVu", fontSize=8, leading=10, spaceAfter=3)
    cell = ParagraphStyle("cell", fontName="DejaVu", fontSize=9, leading=11)

    def markup(text: str, marker_size: int) -> str:
        out, pos = [], 0
        for m in _MARKER.finditer(text):
            out.append(escape(text[pos:m.start()]))
            out.append(f'<super><font size="{marker_size}">{m.group().translate(FROM_SUPERSCRIPT)}</font></super>')
            pos = m.end()
        out.append(escape(text[pos:]))
        return "".join(out)

    story = []
    for item in items:
        if isinstance(item, Para):
            story.append(Paragraph(markup(item.text, 7), heading if item.kind == "heading" else body))
        elif isinstance(item, Footnote):
            story.append(Spacer(1, 2))
            for i, text in enumerate(item.paragraphs):
                lead = f'<super><font size="5">{item.number}</font></super> ' if i == 0 else ""
                story.append(Paragraph(lead + markup(text, 5), note))
        elif isinstance(item, Table):
            width = max(len(r) for r in item.rows)
            data = [[Paragraph(markup(row[c], 6), cell) if c < len(row) else "" for c in range(width)]
                    for row in item.rows]
            avail = A4[0] - 4 * cm
            first = 1.2 * cm
            widths = [first] + [(avail - first) / (width - 1)] * (width - 1) if width > 1 else [avail]
            t = RLTable(data, colWidths=widths)
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(t)
            story.append(Spacer(1, 8))

    def page_number(canvas, doc):
        canvas.setFont("DejaVu", 9)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, str(doc.page))

    rl_config.invariant = 1               # no timestamps: re-running gives identical bytes
    pdf = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                            topMargin=2 * cm, bottomMargin=2 * cm, title=title)
    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)


def main(argv: list[str]) -> None:
    seeds = [Path(a) for a in argv] or [ROOT / "samples" / s for s in DEFAULT_SEEDS]
    for seed in seeds:
        items = read_structure(seed)
        title = seed.stem
        for suffix, writer in ((".docx", write_docx), (".pdf", write_pdf)):
            out = seed.with_suffix(suffix)
            writer(items, out, title)
            print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


if __name__ == "__main__":
    main(sys.argv[1:])
