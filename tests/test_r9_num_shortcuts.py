"""Shortcuts of round 9 in number finding (normalizers/facts.py) give what the plain forms they
replace give, on every paragraph and segment of the sample and development reports."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from normalizers import facts as F
from normalizers.segments import segments
from tests.conftest import DEV_TEXTS, SAMPLES

# made-up texts where the URL pattern's branches meet: an address inside a host name, a host name
# holding an e-mail address, several kinds in a row, upper case
_URL_PHRASES = ["a www.x.gov.vn b", "x.www.abc.gov.vn y", "mail a.b@c.gov.vn http://q.com/(x)y www.A.COM.VN",
                "HTTP://X.GOV.VN/a@b.c", "x@y.z.gov.vn.www.k", "abc.gov.vn@x.com, www.b.org.vn; c@d.e",
                "tra cứu tại https://dichvucong.gov.vn/p/home/dvc-trang-chu.html?id=2 (mục 3)."]


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")) + sorted(DEV_TEXTS.glob("*.txt"))
    return [seg.text for path in paths for seg in segments(extract(Path(path)))] + _URL_PHRASES


@pytest.fixture(scope="module")
def texts():
    return _texts()


def test_url_spans_are_the_joined_patterns(texts):
    with_urls = 0
    for text in texts:
        plain = [m.span() for m in F._URL.finditer(text)]
        assert F.url_spans(text) == plain, text
        with_urls += bool(plain)
    assert with_urls >= 10          # the samples' addresses and the phrases above: the test can fail
