"""entities._MentionGates.present, which looks for a gate word only in a text holding the word's
guard character (entities._guard), finds the words that a substring test of each finds, on windows
of the sample reports and the dev texts, folded as they are and upper-cased, and on texts holding
each word alone or with its guard removed."""
from __future__ import annotations

from pathlib import Path

from normalizers.context import load_context_rules
from normalizers.entities import _guard, _mention_gates, load_who_rules
from normalizers.literals import fold

SAMPLES = sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
DEV = Path(__file__).parent / "data" / "dev" / "texts"


def _plain(gates, folded: str) -> int:
    present = 0
    for word, bit in gates.bits:
        if word in folded:
            present |= bit
    return present


def test_guarded_words_are_found_where_each_word_is():
    gates = _mention_gates(load_context_rules(), load_who_rules())
    assert len(gates.guards) >= 10 and len(gates.unguarded) < len(gates.bits)
    texts = []
    for path in SAMPLES + sorted(DEV.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts += [text[i:i + 110] for i in range(0, len(text), 13)]
    assert len(texts) > 3000
    words = [w for w, _ in gates.bits]
    texts += words + [f"x {w} y" for w in words] + [w.replace(_guard(w) or "\0", "") for w in words]
    seen = 0
    for text in texts:
        for folded in (fold(text), fold(text.upper())):
            want = _plain(gates, folded)
            assert gates.present(folded) == want, folded
            seen |= want
    assert seen == (1 << len(words)) - 1          # every word was found somewhere


def test_a_guard_is_a_character_of_its_word():
    gates = _mention_gates(load_context_rules(), load_who_rules())
    for mark, words in gates.guards:
        assert all(mark in w and _guard(w) == mark for w, _ in words)
    assert _guard("tp.") == "." and _guard("cấp") == "ấ" and _guard("ubnd") is None
