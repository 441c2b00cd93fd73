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
import stat
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


def shown(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes of a name that are not UTF-8 (a zip
    unpacked from Windows) written as "\\xNN" instead of breaking the output or the warehouse."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Found:
    reports: list[Path]
    others: list[Path]                       # files of other formats: listed as skipped
    problems: list[tuple[Path, str]]         # what could not be walked or is no file: listed as failed


def find_reports(paths: Iterable[str | Path]) -> Found:
    """Report files under the given files and folders (hidden ones left out), walked without
    recursion (a folder nested thousands deep is fine); symbolic links followed once (a loop, a
    dangling link, an unreadable folder and a pipe or device are reported, not skipped in silence)."""
    found = Found([], [], [])
    seen: set[tuple[int, int]] = set()
    stack: list[Path] = []
    for root in map(Path, paths):
        if root.is_dir():
            stack.append(root)
        else:
            _classify(root, found)
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                found.problems.append((folder, "link loop: this folder was already walked"))
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            found.problems.append((folder, f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()              # follows links
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(path)
            else:
                _classify(path, found)
    found.reports.sort(key=str)
    found.others.sort(key=str)
    return found


def _classify(path: Path, found: Found) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        found.problems.append((path, "dangling link: its target does not exist" if path.is_symlink()
                               else "no such file"))
        return
    except OSError as exc:
        found.problems.append((path, f"cannot read file: {exc.strerror or exc}"))
        return
    if not stat.S_ISREG(mode):
        found.problems.append((path, "not a regular file (a pipe, socket or device)"))
    elif path.suffix.lower() in REPORT_SUFFIXES:
        found.reports.append(path)
    else:
        found.others.append(path)


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


class _TooLarge(Exception):
    def __init__(self, size: int) -> None:
        self.size = size


def max_file_bytes() -> int:
    """The largest file read (CCHC_MAX_FILE_MB, default 200 MB): reports are far smaller, and a
    huge (or sparse) file would hold the batch and its memory."""
    return int(float(os.environ.get("CCHC_MAX_FILE_MB") or 200) * 2**20)


def _check(wh: Warehouse, path: Path, version: str, force: bool) -> _Pending | Outcome:
    """A file to read, or its outcome already (unreadable bytes, unchanged since the last run)."""
    key = shown(path.resolve())
    try:
        size = path.stat().st_size
        if size > max_file_bytes():
            raise _TooLarge(size)
        data = path.read_bytes()
    except _TooLarge as exc:
        reason = (f"file too large ({exc.size / 2**20:.0f} MB; the limit is {max_file_bytes() / 2**20:.0f} MB, "
                  f"CCHC_MAX_FILE_MB)")
        wh.record_failure(key, shown(path.name), None, exc.size, reason)
        return Outcome(shown(path), "failed", reason=reason)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        wh.record_failure(key, shown(path.name), None, None, reason)
        return Outcome(shown(path), "failed", reason=reason)
    sha = hashlib.sha256(data).hexdigest()
    known = wh.known(key)
    if (not force and known is not None and known.status == "ok" and known.sha256 == sha
            and known.pipeline_version == version):
        wh.log(key, "unchanged")
        return Outcome(shown(path), "unchanged")
    return _Pending(path, key, len(data), sha)


def _record(item: _Pending, read: Read, version: str) -> DocumentRecord:
    doc, found = read.doc, read.found
    return DocumentRecord(item.key, shown(item.path.name), item.sha, doc.format, item.data_size, doc.pages, doc.text,
                          version, "; ".join(doc.warnings) or None, found.meta,
                          report_key(found.meta, found.facts, item.sha), doc.page_confidence)


def _unreadable(wh: Warehouse, item: _Pending, read: Read) -> Outcome:
    """A file skipped or failed while reading: logged (a failure keeps earlier facts)."""
    if read.status == "skipped":
        wh.log(item.key, "skipped", read.reason)
        return Outcome(shown(item.path), "skipped", reason=read.reason)
    wh.record_failure(item.key, shown(item.path.name), item.sha, item.data_size, read.reason)
    return Outcome(shown(item.path), "failed", reason=read.reason)


def _stored(wh: Warehouse, item: _Pending, read: Read, error: Exception | None) -> Outcome:
    if error is None:
        return Outcome(shown(item.path), "loaded", facts=len(read.found.facts), warnings=tuple(read.doc.warnings))
    reason = f"could not be stored, nothing written ({type(error).__name__}: {error})"
    try:
        wh.log(item.key, "failed", reason)
    except Exception:
        pass
    return Outcome(shown(item.path), "failed", reason=reason)


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
    found = find_reports(paths)
    reports = found.reports
    know = know or Knowledge.load("vi")
    version = pipeline_version()
    outcomes = [Outcome(shown(p), "skipped", reason=f"not a report format ({shown(p.suffix) or 'no extension'})")
                for p in found.others]
    outcomes += [Outcome(shown(p), "failed", reason=reason) for p, reason in found.problems]
    with Warehouse(db, indicators=know.indicators) as wh:   # the catalog is read once
        checked = [_check(wh, p, version, force) for p in reports]
        pending = [c for c in checked if isinstance(c, _Pending)]
        reads = _reads([c.path for c in pending], know, workers or default_workers())
        stored = _store_all(wh, progress(_Counted(zip(pending, reads), len(pending))), version)
        outcomes += [stored[id(c)] if isinstance(c, _Pending) else c for c in checked]
    return outcomes
