"""Shortcuts in number finding (normalizers/facts.py) give what the plain forms they
replace give, on every paragraph and segment of the sample and development reports."""
from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors import extract
from normalizers import facts as F, patterns
from normalizers.segments import segments
from tests.conftest import DEV_TEXTS, SAMPLES

# made-up texts where the URL pattern's branches meet: an address inside a host name, a host name
# holding an e-mail address, several kinds in a row, upper case
_URL_PHRASES = ["a www.x.gov.vn b", "x.www.abc.gov.vn y", "mail a.b@c.gov.vn http://q.com/(x)y www.A.COM.VN",
                "HTTP://X.GOV.VN/a@b.c", "x@y.z.gov.vn.www.k", "abc.gov.vn@x.com, www.b.org.vn; c@d.e",
                "tra cứu tại https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?id=2 (mục 3).",
                # none of the four strings, but their characters and an address the pattern finds
                "xem WWW.ABC.COM, www :/ 12 hồ sơ", "HTTPS:/ /X.COM hoặc WWW.Y.ORG: w.", "ww.x.com và :/x"]


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")) + sorted(DEV_TEXTS.glob("*.txt"))
    return [seg.text for path in paths for seg in segments(extract(Path(path)))] + _URL_PHRASES


@pytest.fixture(scope="module")
def texts():
    return _texts()


# the plain form: _URL_BRANCHES joined as one alternation, searched at every character
_URL = patterns.compile("|".join(F._URL_BRANCHES), regex.I)


def test_url_spans_are_the_joined_patterns(texts):
    with_urls = 0
    for text in texts:
        plain = [m.span() for m in _URL.finditer(text)]
        assert F.url_spans(text) == plain, text
        with_urls += bool(plain)
    assert with_urls >= 10          # the samples' addresses and the phrases above: the test can fail



def test_url_gate_is_the_plain_one(texts, rules):
    """setting's URLs, found where its gate opens, are those the plain gate and pattern find."""
    opened = 0
    for text in texts:
        plain = [m.span() for m in _URL.finditer(text)] if (
            "://" in text or "www." in text or "@" in text or ".vn" in text) else []
        seg = segments_of(text)
        assert F.setting(seg, rules).urls == plain, text
        opened += bool(plain)
    assert opened >= 10


def segments_of(text):
    from extractors.document import Block, BlockKind
    from normalizers.segments import Segment
    return Segment(text, ((0, 0, len(text)),), Block(BlockKind.PARAGRAPH, 0, len(text)))


def test_malformed_is_the_plain_one(rules):
    """malformed, which leaves a token of ASCII digits unread, answers as reading every token does,
    and the rule that types a number reads the same values."""
    from tests.test_number_shortcuts import _segments
    asked = malformed = 0
    odd = ["1.2.3 hồ sơ", "12,345,67 người", "1.2.3/4 xã", "5/1.23.4 nhiệm vụ", "tăng 1.2.3%", "٣ hồ sơ"]
    for seg, row_unit in _segments(rules) + [(segments_of(text), None) for text in odd]:
        s = None
        for m in F.CANDIDATE.finditer(seg.text):
            s = s or F.setting(seg, rules, row_unit)
            c, plain = F.candidate(s, m), F.candidate(s, m)
            if c.z is not None:
                continue                               # three_parts decides before malformed is asked
            assert F.malformed(c, rules) == ("malformed" if F._parsed(plain) is None else None)
            malformed += F._parsed(plain) is None
            assert F._decide(s, c, rules)[1] == F._decide(s, F.candidate(s, m), rules)[1]
            asked += 1
    assert asked > 1000 and malformed >= 4
