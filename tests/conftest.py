"""Shared fixtures. Tests use only files inside the repository (samples/, tests/data/)."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import settings

from normalizers.literals import fold
from normalizers.rules import NumberRules, load_rules

# Property tests draw the same examples on every run (CI must not turn red by chance) and keep no
# example database between runs; a failure found once is kept as an explicit @example.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "data" / "gold"
CORPUS = ROOT / "tests" / "corpus"
DEV_TEXTS = ROOT / "tests" / "data" / "dev" / "texts"

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*%?")


def whole_fold(text: str) -> str | None:
    """What context_for cuts its windows' folds from: fold(text) where it has text's length (each
    character folded to one, so the fold of text[a:b] is whole_fold(text)[a:b]), else None."""
    whole = fold(text)
    return whole if len(whole) == len(text) else None


def last_chars(text: str, n: int) -> str:
    """The last n characters of text (text[-n:] would be all of it for n = 0)."""
    return text[len(text) - n:]


def numbers_of_paragraphs(phrases: list[str] = ()) -> list[tuple[str, int, int]]:
    """Every number written in a paragraph of the sample and development .txt reports, then of
    `phrases`: (paragraph, start, end), for tests comparing a shortcut with its plain form."""
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(DEV_TEXTS.glob("*.txt"))
    paragraphs = [p for path in paths for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    return [(p, m.start(), m.end()) for p in paragraphs + list(phrases) for m in _NUMBER.finditer(p)]


@pytest.fixture(scope="session")
def rules() -> NumberRules:
    return load_rules("vi")


@pytest.fixture(scope="session")
def know():
    """Everything language-specific, loaded once for the session (gazetteer included)."""
    from pipeline.facts import Knowledge
    return Knowledge.load()
