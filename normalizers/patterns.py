"""How the rules' patterns are compiled (the `regex` module, version 1 behaviour).

Case-insensitive patterns fold case letter by letter: version 1 turns on full case folding by
default ("ß" matching "ss", "ﬁ" matching "fi"), which no Vietnamese letter needs and which made
the rules about a quarter slower to compile and several per cent slower to match. A pattern that
ignores case only in part ("(?i:cấp)") does not fold fully, but compiled a third slower until
told so. The same facts come out either way (checked on every fact of the seeds, dev texts and
real files).
"""
from __future__ import annotations

import regex

IGNORECASE = regex.IGNORECASE | regex.V1


def compile(pattern: str | regex.Pattern, flags: int = 0) -> regex.Pattern:  # noqa: A001
    """regex.compile, but a version 1 pattern that ignores case, in whole or in part ("(?i:cấp)"),
    folds it letter by letter."""
    if isinstance(pattern, str) and flags & regex.V1 and (flags & regex.IGNORECASE or "(?i" in pattern):
        pattern = "(?-f)" + pattern
    return regex.compile(pattern, flags)


def ending(pattern: str, flags: int = 0) -> regex.Pattern:
    """A pattern that must end where a text ends (the words before a number), asked whether it
    matches or where its last match is: matched from the end (REVERSE), where a forward search
    would try every start of the text before failing, for nearly every number of a document."""
    return compile(rf"(?:{pattern})$", flags | regex.REVERSE)
