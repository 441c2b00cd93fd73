"""The inbox: report files under the folders given, walked as analysts' folders really are.

Names in any bytes (a zip unpacked from Windows), folders nested deeper than Python's recursion
limit, links (followed once; loops and dangling ones reported), unreadable folders and special
files (pipes, sockets, devices) are each a line of the batch, never a stop.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

# What offices send, and the markdown that crawls of official portals give. Anything else in the
# folder (spreadsheets, images) is listed as skipped.
REPORT_SUFFIXES = {".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".docm", ".odt", ".rtf"}


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
