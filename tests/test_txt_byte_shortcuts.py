"""decode_text's byte-level shortcuts (extractors/txt.py) give the answers of the plain forms:
the control bytes found by a translate by table rather than a deleting one, and the ASCII letters
and digits of the text's first 20,000 UTF-8 bytes as a lower bound of those of its first 20,000
characters (BOM, CR and control characters removed included)."""
from __future__ import annotations


import pytest

from extractors import txt
from tests.conftest import ROOT, SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))


def test_a_translate_by_table_changes_exactly_the_control_bytes():
    for b in range(256):
        one = bytes([b]) * 3
        assert (one.translate(txt._CONTROLS_TO_SPACES) == one) == (b not in txt._CONTROL_BYTES), b
        assert (len(one.translate(None, txt._CONTROL_BYTES)) == len(one)) == (b not in txt._CONTROL_BYTES)


def _variants(data: bytes) -> list[bytes]:
    """The file, with a BOM, with CR LF and lone CR line ends, with control bytes here and there,
    cut short of 20,000 bytes, and with its ASCII letters thinned out near the 0.3 bar."""
    out = [data, b"\xef\xbb\xbf" + data, data.replace(b"\n", b"\r\n"), data.replace(b"\n", b"\r"),
           data.replace(b". ", b".\x00 "), b"\x01\x02" + data[:5000].replace(b"a", b"a\x07"), data[:3000],
           b"\xef\xbb\xbf\xef\xbb\xbf" + data[:19990]]
    for keep in (2, 3, 4, 6):
        thinned = bytes(c for i, c in enumerate(data[:30000]) if not (chr(c).isalnum() and c < 128) or i % keep == 0)
        out += [thinned, thinned.replace(b"\n", b"\r\n")]
    dotted = data.translate(bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz", b"." * 26))
    # letters only past the first 20,000 characters (or bytes): the bytes past them must not count
    return out + [dotted, b"\xef\xbb\xbf" + dotted.replace(b"\n", b"\r\n"), dotted[:20000] + data,
                  dotted[:24000] + data, dotted[:30000] + data]


def test_looks_like_text_answers_with_the_bytes_as_without(monkeypatch):
    seen: list[tuple[str, bytes | None, bool]] = []
    plain = txt._looks_like_text

    def recorded(text, utf8=None):
        answer = plain(text, utf8)
        seen.append((text, utf8, answer))
        return answer

    monkeypatch.setattr(txt, "_looks_like_text", recorded)
    for path in TEXTS:
        for data in _variants(path.read_bytes()):
            try:
                txt.decode_text(data)
            except txt.ExtractionError:
                pass
    with_bytes = [(t, b, a) for t, b, a in seen if b is not None]
    assert len(with_bytes) > 100
    answers = set()
    for text, utf8, answer in with_bytes:
        sample = text[:20000]
        assert txt._ascii_letters_and_digits_of_bytes(utf8[:20000]) <= txt._ascii_letters_and_digits(sample)
        assert answer == plain(text)
        answers.add(answer)
    assert answers == {True, False}          # the bar is met and missed


@pytest.mark.parametrize("text", ["Báo cáo 12 hồ sơ", "abc", "\n\t x\n", "a\x00b", "a\u200bb\n", "", "   "])
def test_breaks_replaced_by_spaces_answer_as_removed(text):
    assert txt._only_breaks_and_tabs(text) == text.replace("\n", "").replace("\t", "").isprintable()
