"""How the rules' patterns are compiled (the `regex` module, version 1 behaviour).

Case-insensitive patterns fold case letter by letter: version 1 turns on full case folding by
default ("ß" matching "ss", "ﬁ" matching "fi"), which no Vietnamese letter needs and which made
the rules about a quarter slower to compile and several per cent slower to match. A pattern that
ignores case only in part ("(?i:cấp)") does not fold fully, but compiled a third slower until
told so. The same facts come out either way (checked on every fact of the seeds, dev texts and
real files).
"""
from __future__ import annotations

import unicodedata

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


_SPACES = compile(r"\s+")


def one_space(text: str) -> str:
    """`regex.sub(r"\\s+", " ", text)`: each run of white space written as one space. A text without
    two spaces in a row whose characters are all printable is its own answer, found without the
    substitution (a `regex` try at every character, and a piece of text copied for each word):
    every white-space character but the space is unprintable to Python (Zs, Zl, Zp or a control;
    tests/test_doc_shortcuts.py checks every character), so its only runs are single spaces, each
    written back as it is."""
    if "  " not in text and text.isprintable():
        return text
    return _SPACES.sub(" ", text)


# --- what a match must contain -------------------------------------------------------------------
# Many rules are asked about many short texts where they cannot match: the periods' patterns are
# run over the clause before each number, and most clauses name no year, no date, often no digit
# at all. Each such call costs the `regex` engine's set-up and a try at every character. What a
# pattern's matches must contain is read off its parse tree (the `regex` module's own parser, so
# every syntax it accepts is understood alike): strings written in characters that have no case
# (digits, punctuation) or in letters matched case-sensitively, and "a decimal digit" (\d). A
# text that lacks one of them cannot match, nor can any part of it; containment is tested once
# per text (`satisfied`), exactly, whatever the pattern's flags.

DIGIT = "\\d"                  # the token for "some decimal digit", as \d matches it
_DIGIT = regex.compile(r"\d", regex.V1)


def required(pattern: regex.Pattern) -> frozenset[frozenset[str]]:
    """Sets of tokens (strings, or DIGIT) such that any match of `pattern` contains one token of
    each set; empty when nothing is known (`needs <= satisfied(...)` then always holds)."""
    try:
        from regex import _regex_core as core        # the module's parser: private, hence guarded
        tree = _parse(pattern.pattern, pattern.flags, core)
        digit, = _parse(r"\d", pattern.flags, core).items
        found = _needs(tree, core, (type(digit), digit.value, digit.positive))
    except Exception:          # a parser that changed shape: no shortcut, never a wrong answer
        return frozenset()
    return frozenset(sorted(found, key=_rarity)[:_MOST_NEEDS]) if found else frozenset()


def _parse(source_text: str, flags: int, core):
    source = core.Source(source_text)
    info = core.Info(flags, source.char_type, {})
    info.guess_encoding = core.UNICODE
    source.ignore_space = bool(info.flags & core.VERBOSE)
    return core._parse_pattern(source, info)


_MOST_NEEDS = 3                 # sets tested per text: the rarest few say nearly all


def _rarity(needs: frozenset[str]) -> tuple[int, int, tuple[str, ...]]:
    """Fewer alternatives first, then longer strings (a digit last): the rarer in a text."""
    return len(needs), -min(0 if s == DIGIT else len(s) for s in needs), tuple(sorted(needs))


def _caseless(ch: str, case_flags: int, core) -> bool:
    """A character matched as itself only: no case is folded, or it has no case (digits,
    punctuation, symbols, spaces)."""
    return not case_flags & core.IGNORECASE or unicodedata.category(ch)[0] in "NPSZ"


Needs = frozenset[frozenset[str]]


def _needs(node, core, digit: tuple) -> Needs | None:
    """What every match of `node` contains: for each set, one of its tokens (None: nothing
    known). A sequence needs what each of its items needs, neighbouring characters joined into
    one string; a branch, one of the tokens its alternatives need most surely; a repeat, what its
    body needs when it repeats at least once; a positive look-around, what it looks for (in the
    text, if not in the match); a negative one, a class or an anchor, nothing."""
    kind = type(node)
    if kind is core.Character:
        ch = chr(node.value)
        return frozenset({frozenset({ch})}) if node.positive and not node.zerowidth and _caseless(
            ch, node.case_flags, core) else None
    if kind is core.String:
        text = "".join(map(chr, node.characters))
        return frozenset({frozenset({text})}) if all(_caseless(c, node.case_flags, core) for c in text) else None
    if kind is core.Property:
        return frozenset({frozenset({DIGIT})}) if (kind, node.value, node.positive) == digit and not node.zerowidth else None
    if kind is core.Sequence:
        return _sequence_needs(node.items, core, digit)
    if kind is core.Branch:
        parts = [_needs(b, core, digit) for b in node.branches]
        if any(p is None for p in parts):
            return None
        return frozenset({frozenset().union(*(min(p, key=_rarity) for p in parts))})
    if kind in (core.GreedyRepeat, core.LazyRepeat, core.PossessiveRepeat):
        return _needs(node.subpattern, core, digit) if node.min_count >= 1 else None
    if kind in (core.Group, core.Atomic):
        return _needs(node.subpattern, core, digit)
    if kind is core.LookAround and node.positive:       # what it looks at is in the text too
        return _needs(node.subpattern, core, digit)
    return None


def _sequence_needs(items, core, digit: tuple) -> Needs | None:
    found: set[frozenset[str]] = set()
    run = ""                    # neighbouring case-free characters make one longer string
    for item in list(items) + [None]:
        needs = _needs(item, core, digit) if item is not None else None
        if needs is not None and type(item) in (core.Character, core.String):
            run += next(iter(next(iter(needs))))
            continue
        if run:
            found.add(frozenset({run}))
        found |= needs or set()
        run = ""
    return frozenset(found) or None


def satisfied(text: str, needs: frozenset[frozenset[str]]) -> frozenset[frozenset[str]]:
    """The sets of `needs` (the union of some patterns' `required`) that `text` holds a token
    of: a pattern whose own sets are not all among them (`required(p) <= satisfied(...)` is
    false) cannot match the text, nor any part of it."""
    return frozenset(one for one in needs if any(
        _DIGIT.search(text) is not None if t == DIGIT else t in text for t in one))
