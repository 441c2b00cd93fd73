"""The inbox: report files under the folders given, walked as analysts' folders really are.

Names in any bytes (a zip unpacked from Windows), folders nested deeper than Python's recursion
limit, links (followed once; loops and dangling ones reported), unreadable folders and special
files (pipes, sockets, devices) are each a line of the batch, never a stop.
"""
from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import regex

# What offices send, and the markdown that crawls of official portals give. Anything else in the
# folder (spreadsheets, images) is listed as skipped.
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".docm", ".odt", ".rtf"}


_CONTROL = regex.compile(r"\p{Cc}")
_SYSTEM_FILES = regex.compile(r"/(?:proc|sys|dev)/")


def shown(path: str | Path) -> str:
    """A path as text that can be printed and stored: bytes of a name that are not UTF-8 (a zip
    unpacked from Windows) written as "\\xNN", and control characters (a new line in a name,
    which would split the file's line in two) as "\\n", "\\x1b"."""
    text = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    path: Path
    reason: str
    folder: bool = False     # a folder not walked: what the warehouse holds under it is kept as it was


@dataclass(frozen=True)
class Found:
    reports: list[Path]
    others: list[Path]                       # files of other formats: listed as skipped
    problems: list[Problem]                  # what could not be walked or is no file: listed as failed


def find_reports(paths: Iterable[str | Path]) -> Found:
    """Report files under the given files and folders (hidden ones left out), walked without
    recursion (a folder nested thousands deep is fine); symbolic links followed once (a loop, a
    dangling link, an unreadable folder and a pipe or device are reported, not skipped in silence)."""
    found = Found([], [], [])
    seen: set[tuple[int, int]] = set()
    stack: list[Path] = []
    for root in _outermost(list(map(Path, paths))):
        if root.is_dir():
            stack.append(root)
        else:
            _classify(root, found)
    while stack:
        folder = stack.pop()
        if _SYSTEM_FILES.match(os.path.realpath(folder) + "/"):
            found.problems.append(Problem(folder, "a folder of the system (/proc, /sys, /dev), not walked", folder=True))
            continue
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                found.problems.append(Problem(folder, "link loop: this folder was already walked", folder=True))
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            found.problems.append(Problem(folder, f"cannot read folder: {exc.strerror or exc}", folder=True))
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


def _outermost(roots: list[Path]) -> list[Path]:
    """The paths given, less those a folder also given contains ("inbox" and "inbox/quý 1", or a
    file in it) and repeats: their files are walked once, from the outermost folder."""
    def resolved(p: Path) -> Path | None:
        try:
            return p.resolve()
        except (OSError, RuntimeError):         # a link loop: given as is, reported when classified
            return None
    folders = [r for p in roots if p.is_dir() and (r := resolved(p)) is not None]
    kept, taken = [], set()
    for p in roots:
        r = resolved(p)
        if r is not None and any(f in r.parents for f in folders) and not _hidden_under(r, folders):
            continue
        if r is not None and r in taken:
            continue
        if r is not None:
            taken.add(r)
        kept.append(p)
    return kept


def _hidden_under(path: Path, folders: list[Path]) -> bool:
    """Is the path inside those folders only through a hidden name (which the walk leaves out)?"""
    return all(any(part.startswith(".") for part in path.relative_to(f).parts) for f in folders if f in path.parents)


def _classify(path: Path, found: Found) -> None:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        found.problems.append(Problem(path, "dangling link: its target does not exist" if path.is_symlink()
                                      else "no such file"))
        return
    except OSError as exc:
        reason = ("link loop: the link leads back to itself" if exc.errno == errno.ELOOP
                  else f"cannot read file: {exc.strerror or exc}")
        found.problems.append(Problem(path, reason))
        return
    if not stat.S_ISREG(mode):
        found.problems.append(Problem(path, "not a regular file (a pipe, socket or device)"))
    elif _SYSTEM_FILES.match(os.path.realpath(path)):
        # a link to /proc/self/environ would store the reader's environment as a report's text
        found.problems.append(Problem(path, "a file of the system (/proc, /sys, /dev), not a report"))
    elif path.suffix.lower() in REPORT_SUFFIXES:
        found.reports.append(path)
    else:
        found.others.append(path)


def stored_path(path: Path, roots: list[Path]) -> str:
    """The path a report is stored under: absolute, the folder it was found in resolved, the rest
    as walked. A link is stored as the link (not its target), so that the report goes missing when
    the link goes, and two links to one file are one document with two paths."""
    for root in roots:
        try:
            return shown(root.resolve() / path.relative_to(root))
        except ValueError:
            continue
    return shown(path.parent.resolve() / path.name)
