"""Folder of reports -> warehouse; a bad file never stops the batch.

The inbox is walked by pipeline/inbox.py. Reading a report (its bytes once: checksum, extraction,
facts and their context) is pure and CPU-bound: it runs in a pool of worker processes, one per
core, each file within a time limit, while this process alone writes the warehouse, a batch of
documents per transaction, in the order the files were found (DuckDB has one writer).
"""
from __future__ import annotations

import functools
import hashlib
import math
import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb

from extractors import ExtractionError, extract
from extractors.document import Document, NotAReport
from normalizers.documents import DocumentMeta
from normalizers.identity import report_key
from pipeline.inbox import Found, find_reports, shown, stored_path
from pipeline.facts import DocumentFacts, Knowledge, facts_with_context
from warehouse.store import (DocumentRecord, FactRows, KnownDocument, Load, Warehouse, WarehouseError,
                             failure_cause)

_ROOT = Path(__file__).resolve().parent.parent
BATCH = 64        # documents written per warehouse transaction (its ~10 statements cost the same for 1 or 64) ...
BATCH_SECONDS = 1.0   # ... or fewer, so that the lines of slow files are not held back
# DuckDB's threads for the writer. A batch's statements are small: a second thread cost more in
# handing work over than it gave (40 reports' batch and the close: 81 -> 71 ms alone, median of
# 3), and while readers work the cores are theirs
WRITER_THREADS = 1


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
    status: str            # loaded | unchanged | copy | failed | skipped | missing (gone from its folder)
                           # | interrupted (not read: the run was stopped)
    facts: int = 0
    reason: str = ""
    warnings: tuple[str, ...] = ()
    recognised: str = ""   # what the report was read as: "báo cáo 329/BC-UBND · thị xã An Nhơn · 2025-Q1"


@dataclass(frozen=True)
class Read:
    """What reading one file gave: its document and facts, or that it is unchanged, or why it is
    skipped or failed; with the checksum and size of the bytes that were read."""
    status: str                       # read | unchanged | skipped | failed
    doc: Document | None = None
    found: DocumentFacts | None = None
    reason: str = ""
    sha: str | None = None
    size: int | None = None
    load: Load | None = None          # what the writer stores, made by the reader (for_writer)


def read_report(path: Path, know: Knowledge, skip_sha: str | None = None) -> Read:
    """One file read once: its bytes give both the checksum and the document (a file saved while
    being read cannot pair one version's checksum with the other's facts). Unchanged when the
    checksum is `skip_sha` (the one already loaded with this pipeline version). Never raises for
    a bad file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Read("failed", reason=f"cannot read file: {exc.strerror or exc}")
    except MemoryError:
        return _out_of_memory()
    sha, size = hashlib.sha256(data).hexdigest(), len(data)
    if skip_sha is not None and sha == skip_sha:
        return Read("unchanged", sha=sha, size=size)
    try:
        doc = extract(path, data)
        return Read("read", doc, facts_with_context(doc, know), sha=sha, size=size)
    except NotAReport as exc:
        return Read("skipped", reason=str(exc), sha=sha, size=size)
    except MemoryError:
        return _out_of_memory(sha, size)
    except ExtractionError as exc:
        return Read("failed", reason=str(exc), sha=sha, size=size)
    except Exception as exc:  # a library crashing on a malformed file is that file's problem only
        return Read("failed", reason=f"could not be read ({type(exc).__name__}: "
                                     f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})", sha=sha, size=size)


def _out_of_memory(sha: str | None = None, size: int | None = None) -> Read:
    return Read("failed", reason=f"ran out of memory while reading it (a file may take "
                                 f"{max_file_memory_mb():,} MB, CCHC_MAX_FILE_MEMORY_MB)", sha=sha, size=size)


@dataclass(frozen=True)
class _Job:
    path: Path
    key: str                   # the path as stored
    skip_sha: str | None       # the checksum loaded with this pipeline version: unchanged if equal
    new: bool = False          # the warehouse has nothing at this path
    size: int = 0              # bytes, as the file was found: larger files are read first


def max_file_bytes() -> int:
    """The largest file read (CCHC_MAX_FILE_MB, default 200 MB): reports are far smaller, and a
    huge (or sparse) file would hold the batch and its memory."""
    return int(float(os.environ.get("CCHC_MAX_FILE_MB") or 200) * 2**20)


def _job(wh: Warehouse, path: Path, key: str, known: KnownDocument | None, version: str, force: bool) -> _Job | Outcome:
    """A file to read, or its outcome already (too large, cannot be looked at); `known` is what
    the warehouse holds for its path `key`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        wh.record_failure(key, shown(path.name), None, None, reason)
        return Outcome(shown(path), "failed", reason=reason)
    if size > max_file_bytes():
        reason = (f"file too large ({size / 2**20:.0f} MB; the limit is {max_file_bytes() / 2**20:.0f} MB, "
                  f"CCHC_MAX_FILE_MB)")
        wh.record_failure(key, shown(path.name), None, size, reason)
        return Outcome(shown(path), "failed", reason=reason)
    same = not force and known is not None and known.status == "ok" and known.pipeline_version == version
    return _Job(path, key, known.sha256 if same else None, known is None, size)


def for_writer(read: Read, path: Path, key: str, version: str) -> Read:
    """A file read, with what the writer stores made here, in the reader: the document's row and its
    facts encoded as the warehouse loads them. Its blocks and Fact objects stay here: the writer
    does not use them, and unpickling them one by one was most of its work for a document."""
    if read.status != "read":
        return read
    doc, found = read.doc, read.found
    rec = DocumentRecord(key, shown(path.name), read.sha, doc.format, read.size, doc.pages, doc.text, version,
                         "; ".join(doc.warnings) or None, found.meta,
                         report_key(found.meta, found.facts, read.sha), doc.page_confidence)
    return replace(read, doc=replace(doc, blocks=[]), found=None,
                   load=Load(rec, FactRows.of(found.facts), found.checks, found.derived))


def _not_loaded(wh: Warehouse, job: _Job, read: Read) -> Outcome:
    """A file unchanged, skipped or failed while reading: logged (a failure keeps earlier facts;
    an unchanged file that failed since and is back as it was loses that error)."""
    if read.status == "unchanged":
        wh.unchanged(job.key)
        return Outcome(shown(job.path), "unchanged")
    if read.status == "skipped":
        wh.log(job.key, "skipped", read.reason)
        return Outcome(shown(job.path), "skipped", reason=read.reason)
    wh.record_failure(job.key, shown(job.path.name), read.sha, read.size, read.reason)
    return Outcome(shown(job.path), "failed", reason=read.reason)


def recognised(meta: DocumentMeta | None) -> str:
    """The type and number, unit and period a report was read as, for its line of the batch (so
    that a wrong unit or period is seen at once); '?' for what was not found."""
    if meta is None:
        return ""
    kind = meta.doc_type or "?"
    if meta.number or meta.symbol:
        kind += f" {meta.number or '…'}/{meta.symbol}" if meta.symbol else f" {meta.number}"
    unit = meta.unit.full_name if meta.unit is not None else meta.unit_name or meta.subject or "?"
    return f"{kind} · {unit} · {meta.period.label if meta.period is not None else '?'}"


def _stored(wh: Warehouse, job: _Job, read: Read, error: Exception | None) -> Outcome:
    if error is None:
        return Outcome(shown(job.path), "loaded", facts=read.load.fact_rows().count,
                       warnings=tuple(read.doc.warnings), recognised=recognised(read.load.rec.meta))
    reason = f"could not be stored, nothing written ({type(error).__name__}: {error})"
    try:
        wh.log(job.key, "failed", reason)
    except Exception:
        pass
    return Outcome(shown(job.path), "failed", reason=reason)


def _store_all(wh: Warehouse, pairs: Iterable[tuple[_Job, Read]], version: str,
               moved: frozenset[str] = frozenset(),
               on_outcome: Callable[[Outcome], None] = lambda o: None) -> tuple[dict[int, Outcome], bool]:
    """Each read file stored, documents written BATCH at a time or every BATCH_SECONDS (one
    transaction each batch, a document that fails it then written alone); outcomes by the id of
    their job, each also given to `on_outcome` as soon as it is known. `moved` holds the
    checksums of documents gone missing: a new file with one of them was renamed or moved.
    Ctrl-C stops reading: what was read is stored, and the second value says it was interrupted."""
    out: dict[int, Outcome] = {}
    batch: list[tuple[_Job, Read]] = []
    started = 0.0
    loading: dict[str, str] = {}          # checksum -> path of a file of this run being loaded
    loaded = wh.loaded_checksums(version)

    def done(job: _Job, outcome: Outcome) -> None:
        out[id(job)] = outcome
        on_outcome(outcome)

    def flush() -> None:
        errors = wh.load_many([read.load for _, read in batch])
        for (job, read), error in zip(batch, errors):
            done(job, _stored(wh, job, read, error))
        batch.clear()

    interrupted = False
    try:
        for job, read in pairs:
            if read.status != "read":
                done(job, _not_loaded(wh, job, read))
                continue
            new = job.new
            if job.skip_sha is None and read.sha in moved and wh.adopt_moved(job.key, read.sha):
                new = False                                # a file renamed or moved: one document still
            # a new path with the bytes of a document (or of a file loaded in this run) is its copy
            original = (loading.get(read.sha) or (wh.document_with(read.sha, version) if read.sha in loaded else None)
                        if new else None)
            if original is not None:
                if any(j.key == original for j, _ in batch):
                    flush()                                # the original is in this batch: written first
                if wh.add_copy(job.key, original):
                    done(job, Outcome(shown(job.path), "copy", reason=f"same file as {original}"))
                    continue
            loading.setdefault(read.sha, job.key)
            if not batch:
                started = time.monotonic()
            batch.append((job, read))
            if len(batch) >= BATCH or time.monotonic() - started >= BATCH_SECONDS:
                flush()
    except KeyboardInterrupt:
        interrupted = True
    flush()
    return out, interrupted


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


def max_file_memory_mb() -> int:
    """The memory reading one file may add to a reader process (CCHC_MAX_FILE_MEMORY_MB, default
    1,500 MB of address space on top of what the reader holds when it starts): a file that needs
    more fails with that reason instead of taking the machine's memory from the rest of the batch."""
    return int(float(os.environ.get("CCHC_MAX_FILE_MEMORY_MB") or 1500))


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), or None where it cannot be known."""
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        return None


def _limit_memory(extra_mb: int) -> None:
    # relative to the start: a forked reader inherits the writer's reservations (DuckDB's thread
    # arenas grow with the cores), so an absolute figure would be wrong on another machine
    now = _address_space()
    if now is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    want = now + extra_mb * 2**20
    if hard == resource.RLIM_INFINITY or want <= hard:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
        except (ValueError, OSError):          # more than this system can express: no limit to set
            pass


def _start_worker(know: Knowledge, scratch: str) -> None:
    global _worker_know
    _worker_know = know
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the writer's to handle: it stops the batch
    # a reader stopped for the time limit cannot clean up after itself: its temporary files (a
    # converter's folder with a copy of the report) go in the run's folder, removed by the writer
    tempfile.tempdir = scratch
    _limit_memory(max_file_memory_mb())        # the reader only: the warehouse writer is not limited


def _read_in_worker(job: tuple[Path, str | None, str, str]) -> str | bytes:
    """The Read made ready for the writer (`job`: path, checksum to skip, path as stored, pipeline
    version), pickled here (a result too large for the memory left would otherwise fail inside
    the pool's own sending, which kills the reader and leaves the writer waiting for the time
    limit) into a file of the run's folder, whose path goes back: through the pool's pipe, a
    reader's 100-200 KB result is taken 64 KB at a time, and the reader waits for the writer to be
    scheduled each time instead of starting its next file. Where the file cannot be written (a
    full disk), the bytes go back themselves."""
    path, skip_sha, key, version = job
    read = for_writer(read_report(path, _worker_know, skip_sha), path, key, version)
    try:
        data = pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        sha, size = read.sha, read.size
        del read
        data = pickle.dumps(_out_of_memory(sha, size))
    try:
        fd, name = tempfile.mkstemp(suffix=".read")     # in the run's folder (_start_worker)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return name
    except OSError:
        return data


def _taken(result: str | bytes) -> Read:
    """The Read a reader handed over, its file removed once read."""
    if isinstance(result, bytes):
        return pickle.loads(result)
    try:
        with open(result, "rb") as fh:
            return pickle.loads(fh.read())
    finally:
        os.unlink(result)


def preload_for_readers(know: Knowledge | None = None) -> None:
    """Load here, once, what every reader loads on first use, so that forked workers inherit it
    instead of each paying for it on its first file (~60 ms a reader): the table of names'
    spellings, the rules each step loads when first asked, and what the rules work out about
    themselves once (their cached properties: the words a pattern requires, candidates by kind)."""
    from normalizers import documents, entities, file_names, relations, tables
    from normalizers.units import name_key
    name_key("Hoà")
    loaded = [documents.load_document_rules(), entities.load_who_rules(), file_names.load_file_name_rules(),
              relations.load_relation_rules(), tables.load_table_rules()]
    if know is not None:
        loaded += [getattr(know, f.name) for f in fields(know)]
    for rules in loaded:
        _work_out(rules)


def _work_out(rules: object) -> None:
    """Every cached property of a rules object computed (each is a pure function of the rules)."""
    for cls in type(rules).__mro__:
        for name, attr in vars(cls).items():
            if isinstance(attr, functools.cached_property):
                getattr(rules, name)


def default_workers() -> int:
    """One reader per core (CCHC_WORKERS overrides; 1 reads in this process)."""
    return max(1, int(float(os.environ.get("CCHC_WORKERS") or os.cpu_count() or 1)))


def max_file_seconds() -> float:
    """How long one file may be read in a worker process (CCHC_MAX_FILE_SECONDS, default 600):
    past it the file fails with that reason, its worker is stopped and the batch goes on."""
    return float(os.environ.get("CCHC_MAX_FILE_SECONDS") or 600)


class SettingError(ValueError):
    """A CCHC_* variable that is set to something other than a positive number; said in words."""


# the limits a run reads, and whether each must be a whole number
SETTINGS = {"CCHC_WORKERS": True, "CCHC_MAX_FILE_MB": False, "CCHC_MAX_FILE_SECONDS": False,
            "CCHC_MAX_FILE_MEMORY_MB": False, "CCHC_MAX_PAGES": True}
_LARGEST_SETTING = 1e9       # beyond any machine: 31 years, a petabyte


def check_settings() -> None:
    """Every limit checked once before the run: a mistyped value would otherwise fail each file with
    a puzzling reason, or (the memory limit, read as each reader starts) restart readers forever."""
    wrong = []
    for name, whole in SETTINGS.items():
        raw = (os.environ.get(name) or "").strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (0 < value <= _LARGEST_SETTING) or (whole and value != int(value)):
            wrong.append(f"{name}={raw!r} (a positive {'whole ' if whole else ''}number up to "
                         f"{_LARGEST_SETTING:,.0f} is expected)")
    if wrong:
        raise SettingError("; ".join(wrong))


class _Readers:
    """The run's reader processes, forked before the warehouse is opened, already reading the
    largest files (one a reader) while it opens: opening it (DuckDB's start, the schema checked,
    the paths stored looked up) took ~35 ms in which a two-core machine read nothing. A file read
    this early is read whole; if the warehouse then holds its bytes already (with this pipeline
    version) it is unchanged all the same (`_as_asked`), having cost only that reading."""

    def __init__(self, know: Knowledge, workers: int, early: list[tuple[Path, str | None, str, str]]) -> None:
        self.know, self.workers = know, workers
        self.scratch: str | None = None
        self.pool = None
        self.early: dict[Path, multiprocessing.pool.AsyncResult] = {}
        if not early or "fork" not in multiprocessing.get_all_start_methods():
            return                               # read here when asked (_reads), or nothing to read
        self.pool = self.new_pool(len(early))
        self.early = {job[0]: self.pool.apply_async(_read_in_worker, (job,)) for job in early}

    def new_pool(self, files: int):
        """Readers forked for `files` files (one a file at most) with the rules loaded, their run's
        folder made with the first pool."""
        if self.scratch is None:
            preload_for_readers(self.know)
            self.scratch = tempfile.mkdtemp(prefix="cchc-readers-")
        return multiprocessing.get_context("fork").Pool(min(self.workers, files), initializer=_start_worker,
                                                        initargs=(self.know, self.scratch))

    def __enter__(self) -> "_Readers":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """The readers stopped and their folder removed (a reader stopped for the time limit
        leaves its temporary files there)."""
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def _first_files(reports: list[Path], keys: list[str], workers: int, version: str) -> list[tuple[Path, None, str, str]]:
    """The files the readers start with before the warehouse is open: the largest ones, as
    `_job` would order them, one a reader (more would be read whole even where the warehouse
    holds them unchanged); none that `_job` would not read."""
    sized = []
    for k, (path, key) in enumerate(zip(reports, keys)):
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if size <= max_file_bytes():
            sized.append((-size, k, path, key))
    return [(path, None, key, version) for _, _, path, key in sorted(sized)[:workers]]


def _as_asked(read: Read, skip_sha: str | None) -> Read:
    """A file read before the warehouse said what it holds: unchanged if it holds these bytes."""
    if skip_sha is not None and read.sha == skip_sha and read.status != "unchanged":
        return Read("unchanged", sha=read.sha, size=read.size)
    return read


def _reads(items: list[_Job], readers: _Readers, version: str) -> Iterator[Read]:
    """Each file's Read, in order. Worker processes are forked with the rules already loaded (no
    start-up per worker) and read the files themselves — one file or one worker too, so that the
    limits of time and memory per file always hold (a process cannot stop itself cleanly). Only
    where processes cannot be forked are files read here, without those limits."""
    jobs = [(item.path, item.skip_sha, item.key, version) for item in items]
    if not jobs:
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from (for_writer(read_report(path, readers.know, skip), path, key, v) for path, skip, key, v in jobs)
        return
    yield from _pooled_reads(jobs, readers, max_file_seconds())


def _pooled_reads(jobs: list[tuple[Path, str | None, str, str]], readers: _Readers, limit: float) -> Iterator[Read]:
    while jobs:
        started, readers.pool = readers.pool, None
        pool = started or readers.new_pool(len(jobs))
        early, readers.early = readers.early, {}
        with pool:
            waiting = [early.pop(job[0], None) or pool.apply_async(_read_in_worker, (job,)) for job in jobs]
            for k, (job, result) in enumerate(zip(jobs, waiting)):
                try:
                    read = _as_asked(_taken(result.get(timeout=limit)), job[1])
                except multiprocessing.TimeoutError:
                    # the file holds its worker: it fails, the pool is stopped (leaving with
                    # terminates it) and the files after it are read by a new one
                    yield Read("failed", reason=f"reading took longer than {limit:g} s (CCHC_MAX_FILE_SECONDS)")
                    jobs = jobs[k + 1:]
                    break
                except MemoryError:
                    read = _out_of_memory()
                except Exception as exc:      # the result could not come back from its worker
                    read = Read("failed", reason=f"could not be read ({type(exc).__name__}: {exc})")
                yield read
            else:
                jobs = []


def ingest(paths: Iterable[str | Path], db: str | Path, force: bool = False,
           progress: Callable[[Iterable], Iterable] = lambda xs: xs,
           know: Knowledge | None = None, workers: int | None = None,
           on_outcome: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
    """Every file under `paths` read and stored; its outcome is also given to `on_outcome` as
    soon as it is known (the command line prints it then). Ctrl-C stops after the files already
    read are stored: those not read are 'interrupted'."""
    check_settings()
    paths = list(paths)
    found = find_reports(paths)
    know = know or Knowledge.load("vi")
    version = pipeline_version()
    outcomes = [Outcome(shown(p), "skipped", reason=f"not a report format ({shown(p.suffix) or 'no extension'})")
                for p in found.others]
    outcomes += [Outcome(shown(p.path), "failed", reason=p.reason) for p in found.problems]
    for o in outcomes:
        on_outcome(o)
    workers = workers or default_workers()
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    first = _first_files(found.reports, [stored_path(p, folders) for p in found.reports], workers, version)
    with _Readers(know, workers, first) as readers, \
            Warehouse(db, indicators=know.indicators, threads=WRITER_THREADS) as wh:   # the catalog is read once
        try:
            return outcomes + _ingest_into(wh, paths, found, version, force, progress, readers, on_outcome)
        except duckdb.Error as exc:
            # a write outside a document's own transaction (the log, a missing mark) failed: the
            # warehouse itself cannot be written (a full disk); each document stored so far is whole
            raise WarehouseError(f"cannot write {db}: {failure_cause(exc)}") from exc


def _ingest_into(wh: Warehouse, paths: list, found: Found, version: str, force: bool,
                 progress, readers: _Readers, on_outcome) -> list[Outcome]:
    outcomes: list[Outcome] = []
    folders = [Path(p) for p in paths if Path(p).is_dir()]
    reports = found.reports
    keys = [stored_path(p, folders) for p in reports]
    # what could not be walked is recorded too: a file (a dangling link, a pipe) as a failed
    # document, a folder in the log, and what the warehouse holds under that folder stays as it was
    # in the log too: every file of the inbox is accounted for
    wh.log_many([(stored_path(other, folders), "skipped", f"not a report format ({shown(other.suffix) or 'no extension'})")
                 for other in found.others])
    unwalked, failed = [], []
    for problem in found.problems:
        key = stored_path(problem.path, folders)
        if problem.folder:
            wh.log(key, "failed", problem.reason)
            unwalked.append(key)
        else:
            wh.record_failure(key, shown(problem.path.name), None, None, problem.reason)
            failed.append(key)
    # the warehouse mirrors the folders ingested: what left them is marked missing first, so
    # that a file that moved within them is found again as the same document
    gone = wh.mark_missing([shown(f.resolve()) for f in folders], set(keys) | set(failed), unwalked)
    known = wh.known_many(keys)
    checked = [_job(wh, p, key, known.get(key), version, force) for p, key in zip(reports, keys)]
    for c in checked:
        if isinstance(c, Outcome):
            on_outcome(c)
    # the largest files first (their size stands for their reading time): the last files read are
    # then small ones, and readers finish together instead of one reading a long report alone
    # while the others wait (the Lâm Đồng folder, 25 files: 27.1 s instead of 28.7 s, median of 3
    # each). The sort is stable: of two files with the same bytes the one found first is still
    # the original, the other its copy
    pending = sorted((c for c in checked if isinstance(c, _Job)), key=lambda job: -job.size)
    reads = _reads(pending, readers, version)
    try:
        stored, interrupted = _store_all(wh, progress(_Counted(zip(pending, reads), len(pending))), version,
                                         wh.missing_checksums(), on_outcome)
    finally:
        reads.close()
        readers.close()                          # the readers' folder removed now, not when collected
    outcomes += [stored.get(id(c)) or Outcome(shown(c.path), "interrupted",
                                              reason="not read: the run was stopped (Ctrl-C); run again to read it")
                 if isinstance(c, _Job) else c for c in checked]
    if not interrupted:                          # an interrupted run has not seen every file again
        still = set(wh.missing_among(gone))      # not found again under another name
        missing = [Outcome(path, "missing", reason="no longer in its folder: left out of views and exports")
                   for path in gone if path in still]
        for o in missing:
            on_outcome(o)
        outcomes += missing
    return outcomes
