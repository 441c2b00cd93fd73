"""Folder of reports -> warehouse; a bad file never stops the batch.

Reading a report (extraction, facts and their context) is pure and CPU-bound: it runs in a pool
of worker processes, one per core, while this process alone writes the warehouse, one document
per transaction, in the order the files were found (DuckDB has one writer).
"""
from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from extractors import ExtractionError, extract
from extractors.document import Document, NotAReport
from normalizers.identity import report_key
from pipeline.facts import DocumentFacts, Knowledge, facts_with_context
from warehouse.store import DocumentRecord, Load, Warehouse

# What offices send, and the markdown that crawls of official portals give. Anything else in the
# folder (spreadsheets, images) is listed as skipped.
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".docm", ".odt", ".rtf"}

_ROOT = Path(__file__).resolve().parent.parent
BATCH = 16        # documents written per warehouse transaction


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


@dataclass(frozen=True)
class Read:
    """What reading one file gave: its document and facts, or why it is skipped or failed."""
    status: str                       # read | skipped | failed
    doc: Document | None = None
    found: DocumentFacts | None = None
    reason: str = ""


def read_report(path: Path, know: Knowledge) -> Read:
    """Extraction and facts with context for one file; never raises for a bad file."""
    try:
        doc = extract(path)
        return Read("read", doc, facts_with_context(doc, know))
    except NotAReport as exc:
        return Read("skipped", reason=str(exc))
    except ExtractionError as exc:
        return Read("failed", reason=str(exc))
    except Exception as exc:  # a library crashing on a malformed file is that file's problem only
        return Read("failed", reason=f"could not be read ({type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})")


@dataclass(frozen=True)
class _Pending:
    path: Path
    key: str
    data_size: int
    sha: str


def _check(wh: Warehouse, path: Path, version: str, force: bool) -> _Pending | Outcome:
    """A file to read, or its outcome already (unreadable bytes, unchanged since the last run)."""
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
    return _Pending(path, key, len(data), sha)


def _record(item: _Pending, read: Read, version: str) -> DocumentRecord:
    doc, found = read.doc, read.found
    return DocumentRecord(item.key, item.path.name, item.sha, doc.format, item.data_size, doc.pages, doc.text,
                          version, "; ".join(doc.warnings) or None, found.meta,
                          report_key(found.meta, found.facts, item.sha), doc.page_confidence)


def _unreadable(wh: Warehouse, item: _Pending, read: Read) -> Outcome:
    """A file skipped or failed while reading: logged (a failure keeps earlier facts)."""
    if read.status == "skipped":
        wh.log(item.key, "skipped", read.reason)
        return Outcome(str(item.path), "skipped", reason=read.reason)
    wh.record_failure(item.key, item.path.name, item.sha, item.data_size, read.reason)
    return Outcome(str(item.path), "failed", reason=read.reason)


def _stored(wh: Warehouse, item: _Pending, read: Read, error: Exception | None) -> Outcome:
    if error is None:
        return Outcome(str(item.path), "loaded", facts=len(read.found.facts), warnings=tuple(read.doc.warnings))
    reason = f"could not be stored, nothing written ({type(error).__name__}: {error})"
    try:
        wh.log(item.key, "failed", reason)
    except Exception:
        pass
    return Outcome(str(item.path), "failed", reason=reason)


def _store(wh: Warehouse, item: _Pending, read: Read, version: str) -> Outcome:
    if read.status != "read":
        return _unreadable(wh, item, read)
    [error] = wh.load_many([Load(_record(item, read, version), read.found.facts, read.found.checks,
                                 read.found.derived)])
    return _stored(wh, item, read, error)


def _store_all(wh: Warehouse, pairs: Iterable[tuple[_Pending, Read]], version: str) -> dict[int, Outcome]:
    """Each read file stored, documents written BATCH at a time (one transaction each batch, a
    document that fails it then written alone); outcomes by the id of their pending item."""
    out: dict[int, Outcome] = {}
    batch: list[tuple[_Pending, Read]] = []

    def flush() -> None:
        errors = wh.load_many([Load(_record(item, read, version), read.found.facts, read.found.checks,
                                    read.found.derived) for item, read in batch])
        for (item, read), error in zip(batch, errors):
            out[id(item)] = _stored(wh, item, read, error)
        batch.clear()

    for item, read in pairs:
        if read.status != "read":
            out[id(item)] = _unreadable(wh, item, read)
            continue
        batch.append((item, read))
        if len(batch) >= BATCH:
            flush()
    flush()
    return out


def ingest_file(wh: Warehouse, path: Path, know: Knowledge, version: str, force: bool = False) -> Outcome:
    """One file read and stored in this process."""
    item = _check(wh, path, version, force)
    return item if isinstance(item, Outcome) else _store(wh, item, read_report(path, know), version)


class _Counted:
    """An iterator that knows its length, for a progress bar's total."""

    def __init__(self, items: Iterable, n: int) -> None:
        self._items, self._n = items, n

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return self._n


# --- reading in worker processes ---------------------------------------------------------------

_worker_know: Knowledge | None = None      # each worker process's own rules, set when it starts


def _start_worker(know: Knowledge) -> None:
    global _worker_know
    _worker_know = know


def _read_in_worker(path: Path) -> Read:
    return read_report(path, _worker_know)


def preload_for_readers() -> None:
    """Import here, once, what every reader imports on first use (underthesea's normaliser,
    pandas), so that forked workers inherit it instead of each paying the import."""
    from normalizers.units import name_key
    name_key("Hoà")
    importlib.import_module("pandas")


def default_workers() -> int:
    """One reader per core (CCHC_WORKERS overrides; 1 reads in this process)."""
    return max(1, int(os.environ.get("CCHC_WORKERS") or os.cpu_count() or 1))


def _reads(paths: list[Path], know: Knowledge, workers: int) -> Iterator[Read]:
    """Each file's Read, in order. Worker processes are forked with the rules already loaded (no
    start-up per worker); a single file, or a single core, is read here."""
    if workers <= 1 or len(paths) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (read_report(p, know) for p in paths)
        return
    preload_for_readers()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(min(workers, len(paths)), initializer=_start_worker, initargs=(know,)) as pool:
        yield from pool.imap(_read_in_worker, paths, chunksize=1)


def ingest(paths: Iterable[str | Path], db: str | Path, force: bool = False,
           progress: Callable[[Iterable], Iterable] = lambda xs: xs,
           know: Knowledge | None = None, workers: int | None = None) -> list[Outcome]:
    reports, others = find_reports(paths)
    know = know or Knowledge.load("vi")
    version = pipeline_version()
    outcomes = [Outcome(str(p), "skipped", reason=f"not a report format ({p.suffix or 'no extension'})")
                for p in others]
    with Warehouse(db, indicators=know.indicators) as wh:   # the catalog is read once
        checked = [_check(wh, p, version, force) for p in reports]
        pending = [c for c in checked if isinstance(c, _Pending)]
        reads = _reads([c.path for c in pending], know, workers or default_workers())
        stored = _store_all(wh, progress(_Counted(zip(pending, reads), len(pending))), version)
        outcomes += [stored[id(c)] if isinstance(c, _Pending) else c for c in checked]
    return outcomes
