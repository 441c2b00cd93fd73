"""Shared fixtures. Tests use only files inside the repository (samples/, tests/data/)."""
from __future__ import annotations

from pathlib import Path

import pytest

from normalizers.rules import NumberRules, load_rules

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
