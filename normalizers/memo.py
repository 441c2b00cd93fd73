"""Caches that last for one document.

Every number of a sentence asks about the same sentence, every cell of a table about the same
labels: answers that are pure functions of a document's text are kept for the next number. They
are kept for that document only. A report does not look up another report's sentences: in a real
inbox two reports rarely share one, while a benchmark made of copies of a few reports shares all
of them. There a cache kept across documents read the copies for less (~7% of a .txt report's
time) and measured a speed no inbox would see. Each document also starts from the same state,
so its time does not depend on what was read before it.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

_SCOPED: list = []          # the functions' caches, emptied by new_document()


def per_document(maxsize: int) -> Callable[[F], F]:
    """functools.lru_cache(maxsize), emptied when a new document starts (new_document)."""
    def wrap(fn: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(fn)
        _SCOPED.append(cached)
        return cached
    return wrap


class _Kept(dict):
    """A dict asked and emptied as the lru caches are (cache_info, cache_clear)."""

    def cache_clear(self) -> None:
        self.clear()

    def cache_info(self) -> functools._CacheInfo:
        return functools._CacheInfo(0, 0, None, len(self))


def per_document_dict() -> dict:
    """A dict emptied when a new document starts (new_document), for what is kept by a key that
    lru_cache would hash the slow way (an object by its identity)."""
    kept = _Kept()
    _SCOPED.append(kept)
    return kept


def new_document() -> None:
    """Forget every answer kept for the document before."""
    for cached in _SCOPED:
        cached.cache_clear()
