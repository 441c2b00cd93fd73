"""Render the samples' Word files to PDF twice with LibreOffice: as they are (ruled tables) and with
every table border removed, into tests/data/borderless/ (the pairs tests/test_tables.py reads).

    .venv/bin/python scripts/borderless_samples.py [samples/000_*.docx ...]
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "borderless"


def without_borders(src: Path, dst: Path) -> None:
    doc = Document(src)
    for table in doc.tables:
        props = table._tbl.tblPr
        for old in props.findall(qn("w:tblBorders")):
            props.remove(old)
        borders = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "nil")
            borders.append(edge)
        props.append(borders)
        for cell in table._tbl.iter(qn("w:tcPr")):
            for old in cell.findall(qn("w:tcBorders")):
                cell.remove(old)
    doc.save(dst)


def to_pdf(docx: Path, out: Path, profile: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(docx)], check=True, capture_output=True, timeout=120)


def main(sources: list[Path]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for src in sources:
            stem = src.name[:3]
            without_borders(src, work / f"{stem}_borderless.docx")
            shutil.copy(src, work / f"{stem}_ruled.docx")
            for name in (f"{stem}_borderless.docx", f"{stem}_ruled.docx"):
                to_pdf(work / name, OUT, work / "profile")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or sorted((ROOT / "samples").glob("00[04]_*.docx")))
