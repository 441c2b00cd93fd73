"""Shared fixtures. Tests use only files inside the repository (samples/, tests/data/)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from normalizers.rules import NumberRules, load_rules

# Property tests draw the same examples on every run (CI must not turn red by chance) and keep no
# example database between runs; a failure found once is kept as an explicit @example.
settings.register_profile("deterministic", derandomize=True, database=None)
settings.load_profile("deterministic")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD = ROOT / "tests" / "data" / "gold"
CORPUS = ROOT / "tests" / "corpus"


@pytest.fixture(scope="session")
def rules() -> NumberRules:
    return load_rules("vi")


@pytest.fixture(scope="session")
def know():
    """Everything language-specific, loaded once for the session (gazetteer included)."""
    from pipeline.facts import Knowledge
    return Knowledge.load()
