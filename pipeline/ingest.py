"""Folder of reports -> warehouse. One file at a time; a bad file never stops the batch."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from extractors import ExtractionError, extract
from extractors.document import NotAReport
from normalizers.identity import report_key
from pipeline.facts import Knowledge, facts_with_context
from warehouse.store import DocumentRecord, Warehouse

# What offices send, and the markdown that crawls of official portals give. Anything else in the
# folder (spreadsheets, images) is listed as skipped.
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".docm", ".odt", ".rtf"}

_ROOT = Path(__file__).resolve().parent.parent


def pipeline_version() -> str:
    """Changes whenever extraction code or language data changes, so re-ingest refreshes facts."""
    h = hashlib.sha256()
    for folder in ("extractors", "normalizers", "pipeline"):
        for p in sorted((_ROOT / folder).rglob("*")):
            if p.suffix in (".py", ".toml", ".csv") and p.is_file():
                h.update(p.relative_to(_ROOT).as_posix().encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:12]


@dataclass(frozen=True)
class Outcome:
    path: str
    status: str            # loaded | unchanged | failed | skipped
    facts: int = 0
    reason: str = ""
    warnings: tuple[str, ...] = ()


def find_reports(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(report files, other files) under the given files/folders, hidden files left out."""
    reports, others = [], []
    for root in map(Path, paths):
        candidates = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for p in candidates:
            if any(part.startswith(".") for part in p.relative_to(root.parent if root.is_file() else root).parts):
                continue
            (reports if p.suffix.lower() in REPORT_SUFFIXES else others).append(p)
    return reports, others


def ingest_file(wh: Warehouse, path: Path, know: Knowledge, version: str, force: bool = False) -> Outcome:
    key = str(path.resolve())
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        wh.record_failure(key, path.name, None, None, reason)
        return Outcome(str(path), "failed", reason=reason)
    sha = hashlib.sha256(data).hexdigest()
    known = wh.known(key)
    if (not force and known is not None and known.status == "ok" and known.sha256 == sha
            and known.pipeline_version == version):
        wh.log(key, "unchanged")
        return Outcome(str(path), "unchanged")
    try:
        doc = extract(path)
        found = facts_with_context(doc, know)
    except NotAReport as exc:
        wh.log(key, "skipped", str(exc))
        return Outcome(str(path), "skipped", reason=str(exc))
    except ExtractionError as exc:
        wh.record_failure(key, path.name, sha, len(data), str(exc))
        return Outcome(str(path), "failed", reason=str(exc))
    except Exception as exc:  # a library crashing on a malformed file is that file's problem only
        reason = f"could not be read ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'no detail'})"
        wh.record_failure(key, path.name, sha, len(data), reason)
        return Outcome(str(path), "failed", reason=reason)
    record = DocumentRecord(key, path.name, sha, doc.format, len(data), doc.pages, doc.text, version,
                            "; ".join(doc.warnings) or None, found.meta, report_key(found.meta, found.facts, sha),
                            doc.page_confidence)
    try:
        wh.load(record, found.facts, found.checks, found.derived)                 # rolled back as a whole if anything fails
    except Exception as exc:
        reason = f"could not be stored, nothing written ({type(exc).__name__}: {exc})"
        try:
            wh.log(key, "failed", reason)
        except Exception:
            pass
        return Outcome(str(path), "failed", reason=reason)
    return Outcome(str(path), "loaded", facts=len(found.facts), warnings=tuple(doc.warnings))


def ingest(paths: Iterable[str | Path], db: str | Path, force: bool = False,
           progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda xs: xs,
           know: Knowledge | None = None) -> list[Outcome]:
    reports, others = find_reports(paths)
    know = know or Knowledge.load("vi")
    version = pipeline_version()
    outcomes = [Outcome(str(p), "skipped", reason=f"not a report format ({p.suffix or 'no extension'})")
                for p in others]
    with Warehouse(db, indicators=know.indicators) as wh:   # the catalog is read once
        for path in progress(reports):
            outcomes.append(ingest_file(wh, path, know, version, force))
    return outcomes
