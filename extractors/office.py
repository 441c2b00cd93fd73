"""Word 97-2003 (.doc), OpenDocument (.odt) and RTF files -> .docx with LibreOffice headless, then
the .docx reader (extractors/docx.py).

Districts still send .doc files saved by old Word; no Python library reads them with their tables.
LibreOffice converts them faithfully. Each conversion gets its own profile directory (two
soffice processes sharing one profile fail silently) and its own process group, killed as a
whole when the conversion overruns its time (soffice starts helper processes).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from extractors.document import Document, ExtractionError

TIMEOUT_S = 120
INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui (or run `make setup`)"
_NAMES = {"doc": "legacy Word 97-2003 (.doc)", "odt": "OpenDocument text (.odt)", "rtf": "RTF"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, kind: str, timeout: float = TIMEOUT_S) -> bytes:
    """The bytes of a .docx LibreOffice makes of `data` (a `kind` file: doc, odt or rtf)."""
    binary = soffice()
    if binary is None:
        raise ExtractionError(f"{_NAMES[kind]} file and LibreOffice is not installed to convert it: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="cchc-office-") as tmp:
        work = Path(tmp)
        source = work / f"in.{kind}"
        source.write_bytes(data)
        cmd = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--nologo", "--nolockcheck", "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ExtractionError(f"{_NAMES[kind]} file: LibreOffice did not convert it within {timeout:.0f} s") from None
        result = work / "out" / "in.docx"
        if not result.exists():
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
            raise ExtractionError(f"{_NAMES[kind]} file that LibreOffice could not convert ({detail[0]})")
        return result.read_bytes()


def extract_office(path: str, data: bytes, kind: str) -> Document:
    from extractors.docx import extract_docx
    doc = extract_docx(path, convert_to_docx(data, kind))
    return replace(doc, format=kind)
