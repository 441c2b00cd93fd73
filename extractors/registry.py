"""Pick the extractor by what the bytes are, not by the file name.

Offices rename files freely; a ".pdf" that is really text, or a ".docx" that is a broken zip,
must get a one-line reason rather than a traceback.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extractors.document import Document, ExtractionError

# text files written in markdown (crawls of legal portals and news sites): their pipe tables
# and hard-wrapped paragraphs are read as such (extractors/markdown.py)
MARKDOWN_SUFFIXES = (".md", ".markdown")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """Return 'pdf', 'docx', 'odt', 'doc', 'rtf', 'zip' or 'text' from the leading bytes."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        return "odt" if "content.xml" in names and _is_odt(data) else "zip"
    if data.startswith(_OLE_MAGIC):
        return "doc"
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    return "text"


def _is_odt(data: bytes) -> bool:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read("mimetype").startswith(b"application/vnd.oasis.opendocument.text")
    except (KeyError, zipfile.BadZipFile):
        return False


def extract(path: str | Path, data: bytes | None = None) -> Document:
    """The file's Document; `data`, when given, are its bytes as already read (the checksum and the
    extraction must come from the same bytes, not from a file saved in between)."""
    path = Path(path)
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise ExtractionError("empty file")
    kind = sniff(data)
    suffix = path.suffix.lower()
    if kind == "pdf":
        from extractors.pdf import extract_pdf
        return extract_pdf(str(path), data)
    if kind == "docx":
        from extractors.docx import extract_docx
        return extract_docx(str(path), data)
    if kind in ("doc", "odt", "rtf"):
        from extractors.office import extract_office
        return extract_office(str(path), data, kind)
    if kind == "zip":
        raise ExtractionError("zip archive that is not a .docx (broken or not a Word file)"
                              if suffix == ".docx" else "zip archive; unpack it and ingest the reports inside")
    if suffix == ".pdf":
        raise ExtractionError("named .pdf but the content is not a PDF (no %PDF header)")
    if suffix == ".docx":
        raise ExtractionError("named .docx but the content is not a Word document (not a zip)")
    if suffix in MARKDOWN_SUFFIXES:
        from extractors.markdown import extract_md
        return extract_md(str(path), data)
    from extractors.txt import extract_txt
    return extract_txt(str(path), data)
