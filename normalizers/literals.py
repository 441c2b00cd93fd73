"""The words a pattern cannot match without, to skip a search where it cannot succeed.

Most of the time a cue is searched for in words that cannot hold it: "giải quyết trước hạn" in a
clause that never says "hạn". The `regex` module tries such a pattern at every position (a pattern
opening with an optional group or an alternation has no literal it can jump to), about a hundred
instructions per character, for every cue of every candidate indicator of every number. A
plain substring test on the case-folded words answers "cannot match" for a fraction of that.

`required(pattern)` reads the pattern's text and returns strings, case-folded, one of which every
match contains: the longest run of literal characters the pattern must match, or, for an
alternation, one such run per branch ("(?:trước|sớm)\\s+hạn" -> ("trước", "sớm") or ("hạn",)). It
reads a conservative subset of the syntax; anything else (a set operation, a verbose flag, a
conditional, an unknown escape) gives None: the pattern is always searched.

Why a substring test on the folded text (`fold`) cannot miss a match: every match contains the
run's characters, each matched by the very character of the pattern or, ignoring case, by one of
its case variants; `regex` ignoring case (simple folding: patterns.compile turns full folding off)
pairs a character only with characters that fold to the same string (tests/test_literals.py checks
this for every character of the shipped patterns' runs against every Unicode character). So the
folded text holds the folded run.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import regex

_ZERO_WIDTH_ESCAPES = set("bBAZGmMK")
_CLASS_ESCAPES = set("sSdDwWhHvVX")
_LITERAL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_FLAGS = set("-if")          # inline flags that leave literal characters literal (not x: verbose)
# `regex`, ignoring case, pairs "i" with "İ" and "I" with "ı" (the Turkish dotted and dotless i),
# which str.casefold does not fold to "i"; `fold` reads them as "i". No other character paired with
# a letter of the shipped patterns folds otherwise (tests/test_literals.py).
_TURKISH_I = str.maketrans({"İ": "i", "ı": "i"})


class _Unsure(Exception):
    """The pattern uses syntax this reader does not follow."""


@dataclass(frozen=True)
class _Lit:
    char: str


@dataclass(frozen=True)
class _Other:
    """A class, an escape like \\s, a dot, an anchor or a lookaround: no literal requirement.
    `zero_width`: an anchor or a lookaround, which matches no character (`starts` reads past it)."""
    zero_width: bool = False


@dataclass(frozen=True)
class _Group:
    branches: tuple[tuple, ...]


@dataclass(frozen=True)
class _Item:
    atom: _Lit | _Other | _Group
    min: int
    single: bool             # matched exactly once (no quantifier, or {1})


class _Reader:
    def __init__(self, text: str):
        self.s, self.i = text, 0

    def peek(self, k: int = 0) -> str:
        return self.s[self.i + k] if self.i + k < len(self.s) else ""

    def alternation(self) -> tuple[tuple[_Item, ...], ...]:
        branches, items = [], []
        while self.i < len(self.s) and self.peek() != ")":
            if self.peek() == "|":
                self.i += 1
                branches.append(tuple(items))
                items = []
                continue
            atom = self.atom()
            if atom is None:
                continue
            lo, single = self.quantifier()
            items.append(_Item(atom, lo, single))
        branches.append(tuple(items))
        return tuple(branches)

    def atom(self) -> _Lit | _Other | _Group | None:
        c = self.peek()
        if c == "(":
            return self.group()
        if c == "[":
            self.char_class()
            return _Other()
        if c == "\\":
            return self.escape()
        if c in "*+?{":
            raise _Unsure("a quantifier with nothing before it")
        self.i += 1
        return _Other(zero_width=c != ".") if c in ".^$" else _Lit(c)

    def group(self) -> _Group | _Other | None:
        self.i += 1                                              # "("
        if self.peek() != "?":
            return self.closed(_Group(self.alternation()))
        self.i += 1
        c = self.peek()
        if c == ":" or c == ">":
            self.i += 1
            return self.closed(_Group(self.alternation()))
        if c == "=" or c == "!" or (c == "<" and self.peek(1) in "=!"):
            self.i += 2 if c == "<" else 1
            self.alternation()                                    # zero width: read past it
            self.closed(None)
            return _Other(zero_width=True)
        if c == "P" and self.peek(1) == "<" or c == "<":
            end = self.s.find(">", self.i)
            if end < 0:
                raise _Unsure("an unfinished group name")
            self.i = end + 1
            return self.closed(_Group(self.alternation()))
        flags = ""
        while self.peek() and self.peek() not in ":)":
            flags += self.peek()
            self.i += 1
        if not flags or set(flags) - _FLAGS:
            raise _Unsure(f"inline flags {flags!r}")
        if self.peek() == ")":                                    # "(?-f)": applies from here on
            self.i += 1
            return None
        self.i += 1
        return self.closed(_Group(self.alternation()))

    def closed(self, node):
        if self.peek() != ")":
            raise _Unsure("an unclosed group")
        self.i += 1
        return node

    def char_class(self) -> None:
        self.i += 1                                               # "["
        if self.peek() == "^":
            self.i += 1
        if self.peek() == "]":
            self.i += 1
        while self.peek() != "]":
            c = self.peek()
            if not c or c == "[":
                raise _Unsure("a set inside a set")               # V1 set operations
            self.i += 2 if c == "\\" else 1
        self.i += 1

    def escape(self) -> _Lit | _Other:
        c = self.peek(1)
        self.i += 2
        if not c:
            raise _Unsure("a trailing backslash")
        if c in "pP":
            if self.peek() == "{":
                end = self.s.find("}", self.i)
                if end < 0:
                    raise _Unsure("an unfinished property")
                self.i = end + 1
            else:
                self.i += 1
            return _Other()
        if c in _ZERO_WIDTH_ESCAPES:
            return _Other(zero_width=c != "K")                    # \K moves the match's start: not read past
        if c in _CLASS_ESCAPES or c.isdigit():
            return _Other()                                       # a back reference adds no requirement
        if c in _LITERAL_ESCAPES:
            return _Lit(_LITERAL_ESCAPES[c])
        if c.isalnum():
            raise _Unsure(f"the escape \\{c}")
        return _Lit(c)

    def quantifier(self) -> tuple[int, bool]:
        c = self.peek()
        if c in ("?", "*", "+"):
            self.i += 1
            lo = 1 if c == "+" else 0
        elif c == "{":
            end = self.s.find("}", self.i)
            body = self.s[self.i + 1:end] if end > 0 else ""
            parts = body.split(",")
            if end < 0 or len(parts) > 2 or not all(p.isdigit() or p == "" for p in parts) or not body.strip(","):
                raise _Unsure(f"the quantifier {{{body}}}")      # also fuzzy matching "{e<=1}"
            self.i = end + 1
            lo = int(parts[0] or 0)
            if len(parts) == 1 and lo == 1:
                return self.lazy_or_possessive(1, True)
        else:
            return 1, True
        return self.lazy_or_possessive(lo, False)

    def lazy_or_possessive(self, lo: int, single: bool) -> tuple[int, bool]:
        if self.peek() in ("?", "+"):
            self.i += 1
        return lo, single


def _needs(branch: tuple[_Item, ...]) -> list[tuple[str, ...]]:
    """Requirements of one branch: each a tuple of strings one of which every match contains."""
    out: list[tuple[str, ...]] = []
    run = ""
    for item in branch:
        if isinstance(item.atom, _Lit) and item.single:
            run += item.atom.char
            continue
        if run:
            out.append((run,))
        run = ""
        if item.min < 1:
            continue
        if isinstance(item.atom, _Lit):                           # "a+": the letter at least once
            out.append((item.atom.char,))
        elif isinstance(item.atom, _Group) and len(item.atom.branches) == 1:
            # a group of one branch ("(?:cải\s+cách\s+hành\s+chính)", a named group) requires all
            # that its branch requires, not only the most telling of it
            out += _needs(item.atom.branches[0])
        elif isinstance(item.atom, _Group):
            each = [_best(_needs(b)) for b in item.atom.branches]
            if all(each):
                out.append(tuple(sorted({w for need in each for w in need})))
    if run:
        out.append((run,))
    return out


def _best(needs: list[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The most telling requirement: its shortest string longest, then the fewest strings."""
    return max(needs, key=lambda n: (min(map(len, n)), -len(n)), default=None)


def _branches(pattern: str) -> tuple[tuple[_Item, ...], ...] | None:
    """The branches of the pattern's top-level alternation, read; None when unsure."""
    reader = _Reader(pattern)
    try:
        branches = reader.alternation()
        if reader.i != len(pattern):
            raise _Unsure("an unbalanced ')'")
    except _Unsure:
        return None
    return branches


def required(pattern: str) -> tuple[str, ...] | None:
    """Case-folded strings one of which every match of `pattern` contains; None when unsure or
    when the pattern requires no literal at all."""
    branches = _branches(pattern)
    if branches is None:
        return None
    each = [_best(_needs(b)) for b in branches]
    if not all(each):
        return None
    need = tuple(sorted({fold(w) for n in each for w in n}))
    return need if all(need) else None


def required_all(pattern: str, spread: bool = False) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """Per branch of the pattern's top-level alternation, every requirement it has (each a tuple of
    case-folded strings one of which a match of the branch contains), where `required` keeps the
    most telling one: "Chỉ\\s+số\\s+cải\\s+cách\\s+hành\\s+chính" -> ((("chính",), ("cách",), ("chỉ",),
    ("cải",), ("hành",), ("số",)),), where `required` says ("chính",), in nearly every clause of a
    report. A match of a branch contains one string of each of its requirements (each is read as
    `required` reads its one), so a text lacking one requirement of every branch has no match
    (`may_match_all`). None when unsure, or when a branch has no requirement (it may match anywhere).

    `spread`: each top-level branch is first read as one branch per alternative of its first
    group of several branches that it matches at least once (`_spread`), so that each alternative
    requires all of its words, not only the most telling one of each: "(?:Đồng\\s+bằng\\s+sông\\s+Hồng|
    Tây\\s+Nguyên|…)" requires "đồng", "bằng", "sông" and "hồng", or "tây" and "nguyên", or …"""
    branches = _branches(pattern)
    if branches is None:
        return None
    if spread:
        branches = tuple(one for branch in branches for one in _spread(branch))
    out = []
    for branch in branches:
        needs = _needs(branch)
        if not needs:
            return None
        out.append(_telling_first({tuple(sorted({fold(w) for w in need})) for need in needs}))
    return tuple(out)


def starts(pattern: str) -> tuple[str, ...] | None:
    """Case-folded strings one of which every match of `pattern` starts with (after its anchors and
    lookarounds, which match no character); None when unsure, or when a match may start with
    something other than a literal (a class, an optional letter, a branch that may match nothing).
    Each string is a run of literal characters the match begins with, read as `required` reads its
    runs, so at a match's start the folded text holds one of them (the `fold` argument, where the
    text and its fold have one length). A string that another one starts with is left out: where
    it stands, the other one does too. `pattern` is searched only at the places these stand
    (`matches_at_starts`)."""
    if "\\K" in pattern:                                 # \K moves where the match starts
        return None
    branches = _branches(pattern)
    if branches is None:
        return None
    out: set[str] = set()
    for branch in branches:
        first = _starts(branch)
        if first is None:
            return None
        out |= first
    folded = {fold(w) for w in out}
    if not all(folded):
        return None
    return tuple(sorted(w for w in folded if not any(v != w and w.startswith(v) for v in folded)))


def matches_at_starts(pattern: regex.Pattern, begins: tuple[str, ...] | None, text: str, folded: str) -> list:
    """list(pattern.finditer(text)), `begins` being starts(pattern.pattern) and `folded` fold(text):
    a match starts where the fold holds one of those strings, so the pattern is tried at those
    places only, from the left, each at or after the last match's end, as finditer tries every
    place (a match, which opens with a string, is never empty; `match` at a place sees the text
    before it, as the lookbehinds do in finditer). finditer tries a pattern that opens with a
    lookbehind and a dozen words in any case at every character (~1,100 instructions a
    character for the unit-name pattern); its words stand at a few. The places are the fold's:
    the text's own where the two have one length (no letter folds to more or fewer), else the
    pattern is searched."""
    if begins is None or len(folded) != len(text):
        return list(pattern.finditer(text))
    at = []
    for word in begins:
        i = folded.find(word)
        while i >= 0:
            at.append(i)
            i = folded.find(word, i + 1)
    if not at:
        return []
    at.sort()
    out = []
    end = 0
    for i in at:
        if i >= end:
            m = pattern.match(text, i)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


def _starts(items: tuple[_Item, ...]) -> set[str] | None:
    """The literal runs one of which a match of the items starts with (`starts`), or None."""
    for i, item in enumerate(items):
        atom = item.atom
        if isinstance(atom, _Other):
            if atom.zero_width:
                continue
            return None
        if item.min < 1:
            if isinstance(atom, _Lit):
                return None
            rest = _starts(items[i + 1:])                 # the group skipped: what follows starts
            if rest is None:
                return None
        else:
            rest = set()
        if isinstance(atom, _Lit):
            run = atom.char
            if item.single:
                for nxt in items[i + 1:]:
                    if not (isinstance(nxt.atom, _Lit) and nxt.single):
                        break
                    run += nxt.atom.char
            return {run}
        out = rest
        for branch in atom.branches:                      # a group: one of its branches starts
            first = _starts(branch)
            if first is None:
                return None
            out = out | first
        return out
    return None                                           # the items may match nothing


def _spread(branch: tuple[_Item, ...]) -> tuple[tuple[_Item, ...], ...]:
    """The branch as one branch per alternative of its first group of several branches matched at
    least once: a match of the branch matches the items before the group, then one of its
    alternatives (at least once), then the items after it, so it contains all that one of the
    spread branches requires. (A group matched more than once holds one alternative's match
    anyway; a group that may be skipped requires nothing and is left as it is.)"""
    for i, item in enumerate(branch):
        if isinstance(item.atom, _Group) and item.min >= 1 and len(item.atom.branches) > 1:
            return tuple(branch[:i] + (_Item(_Group((alternative,)), 1, True),) + branch[i + 1:]
                         for alternative in item.atom.branches)
    return (branch,)


def _telling_first(needs: set[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """The requirements, the most telling first (as `_best` weighs them: the first unmet one ends a
    test), without a one-string requirement that another one-string requirement's string holds
    ("t" beside "thanh": met wherever that one is)."""
    ones = {need[0] for need in needs if len(need) == 1}
    kept = [need for need in needs if len(need) > 1 or not any(need[0] in other and need[0] != other for other in ones)]
    return tuple(sorted(kept, key=lambda n: (-min(map(len, n)), len(n), n)))


@lru_cache(maxsize=1024)         # asked of the same few hundred rule patterns again and again
def required_of(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """`required` of a compiled pattern, or None where its flags change what its text means
    (`_text_means_else`)."""
    return None if _text_means_else(pattern) else required(pattern.pattern)


def starts_of(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """`starts` of a compiled pattern, or None where its flags change what its text means (as for
    required_of) or where it is searched from the end (REVERSE: finditer tries it right to left)."""
    return None if pattern.flags & regex.REVERSE or _text_means_else(pattern) else starts(pattern.pattern)


def _text_means_else(pattern: regex.Pattern) -> bool:
    """Whether the pattern's flags make its text mean something else than it reads: verbose (spaces
    are not literal) or full case folding while ignoring case ("ß" matching "ss", which
    `patterns.compile` turns off and the pairing test does not cover)."""
    flags = pattern.flags
    return bool(flags & regex.VERBOSE or flags & regex.FULLCASE and (flags & regex.IGNORECASE or "(?i" in pattern.pattern))


@dataclass(frozen=True)
class Gate:
    """Which of some patterns may match a text, found with one substring test per word they require
    (`required_of`) rather than one test per pattern: a pattern that requires words may match only
    a text holding one of them; one that requires none (None) always may."""
    words: tuple[str, ...]
    by_word: dict[str, frozenset]        # a required word -> the patterns requiring it (one of)
    always: frozenset                    # the patterns that require no word

    @staticmethod
    def of(found_by: Iterable[regex.Pattern]) -> Gate:
        by_word: dict[str, set] = {}
        always = set()
        for pattern in found_by:
            need = required_of(pattern)
            if need is None:
                always.add(pattern)
            for word in need or ():
                by_word.setdefault(word, set()).add(pattern)
        return Gate(tuple(sorted(by_word)), {w: frozenset(ps) for w, ps in by_word.items()}, frozenset(always))

    def open(self, folded: str) -> frozenset:
        """The patterns that may match the text (`fold`ed): the others have no match in it."""
        out = self.always
        for word in self.words:
            if word in folded:
                out = out | self.by_word[word]
        return out


def fold(text: str) -> str:
    """The text as required words are looked for in it: case-folded, a Turkish i read as "i"."""
    if "İ" in text or "ı" in text:
        text = text.translate(_TURKISH_I)
    return text.casefold()


def caseless(need: tuple[str, ...] | None) -> bool:
    """Whether the required strings are made of ASCII characters other than letters (a line break, a
    bracket): `regex`, ignoring case or not, pairs those with themselves only (tests/test_literals.py),
    so they can be looked for in the text as it is, unfolded."""
    return need is not None and all(c.isascii() and not c.isalpha() for w in need for c in w)


def may_match(need: tuple[str, ...] | frozenset[str] | None, folded: str) -> bool:
    """False only when the folded text (`fold`) lacks every string of `need` (`required`): then the
    pattern cannot match it. (A loop, not any() over a generator: it is asked for most numbers.)"""
    if need is None:
        return True
    for word in need:
        if word in folded:
            return True
    return False


def may_match_all(need: tuple[tuple[tuple[str, ...], ...], ...] | None, folded: str) -> bool:
    """False only when, for every branch of `need` (`required_all`), the folded text (`fold`) lacks
    every string of one of its requirements: then the pattern cannot match it."""
    if need is None:
        return True
    for branch in need:
        for one in branch:
            for word in one:
                if word in folded:
                    break
            else:
                break                   # this requirement is not met: the branch cannot match
        else:
            return True                 # every requirement of the branch is met
    return False
