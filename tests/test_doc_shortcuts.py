"""The shortcuts of reading a document's metadata, its tables' labels and its place names
(pipeline/facts.py, normalizers/tables.py, normalizers/units.py, normalizers/patterns.py) give what
the straightforward forms they replace give:

- `patterns.one_space` leaves a printable text without two spaces in a row as it is, where the
  substitution of `\\s+` would (every white-space character but the space is unprintable);
- `units.name_key` leaves out its two substitutions for letters and digits between single
  spaces (every character str.isalnum accepts is \\p{L} or \\p{N} to `regex`, and not \\s);
- `units.normalize_syllables` returns a text holding no word of underthesea's table as it is;
- `units.split_unit_text` tries only the abbreviations whose letters a label holds;
- `tables._map_of` gives one map for a document's unit, province and era, and a label's entity
  is the same read against a map made anew;
- the last number of a segment breaks nothing down (`relations.breakdown`), as facts_with_context
  leaves it unasked;
- a paragraph ends a sentence (pipeline/facts.py `_captions`) where the search for its closing
  mark, tried from its last character that is not white space, finds one.

Each is compared with the plain form on every line of the sample reports and the dev texts and
on every name of the gazetteer; the reasons are checked on every character there is.
"""
from __future__ import annotations

import sys

import pytest
import regex

from extractors import extract
from normalizers import literals, patterns, tables, units
from normalizers.documents import read_metadata
from normalizers.facts import facts_of
from normalizers.indicators import Span
from normalizers.relations import breakdown
from normalizers.segments import segments
from tests.conftest import ROOT, SAMPLES

TEXTS = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
_EVERY = "".join(map(chr, range(sys.maxunicode + 1)))
_PLAIN_SPACES = patterns.compile(r"\s+")


@pytest.fixture(scope="module")
def lines() -> list[str]:
    """Every line and every tab-separated cell of the sample reports and the dev texts, and some
    texts written to take the slow ways."""
    out = []
    for path in TEXTS:
        for line in path.read_text(encoding="utf-8").split("\n"):
            out += [line, *line.split("\t")]
    out += ["", " ", "  a", "a  b", "a\u00a0b", "a\tb", "TP. Hồ Chí Minh", "Tp.HCM", "tx. An Nhơn", "H. An Lão",
            "Q. 1", "P. Mũi Né", "TT. Ba Tơ", "UBND thành phố  Phan Rang - Tháp Chàm", "xã Hoà Vang", "Thuỵ",
            "ð Ðà", "Ia H' Drai", "phường\u3000Bình Định", "İstanbul ı", "huyện ĐăkGlong"]
    assert len(out) > 5000
    return out


def _plain_split_unit_text(text: str) -> tuple[str | None, str]:
    """split_unit_text trying every abbreviation, its spaces always substituted."""
    s = units._PREFIX.sub("", text.strip())
    low = s.casefold()
    for pattern, repl, _ in units._ABBREVIATIONS_RE:
        new = pattern.sub(repl, low, count=1)
        if new != low:
            low = new
            break
    m = units._TYPE.match(_PLAIN_SPACES.sub(" ", low).strip())
    if not m:
        return None, s.strip()
    name = s[len(s) - len(m.group(2)):] if s.casefold().endswith(m.group(2)) else m.group(2)
    return m.group(1), name.strip()


def _plain_normalize_syllables(text: str) -> str:
    rules = units.syllable_rules()
    for odd, standard in rules.characters.items():
        text = text.replace(odd, standard)
    return units._WORD.sub(lambda m: m.group() if len(m.group()) > 6 else rules.syllables.get(m.group(), m.group()),
                           text)


def _plain_name_key(name: str) -> str:
    s = _plain_normalize_syllables(name.strip()).casefold()
    s = units._PUNCTUATION_SPACES.sub(r"\1", s)
    return _PLAIN_SPACES.sub(" ", s).strip()


def test_every_white_space_but_the_space_is_unprintable():
    """one_space's reason, for `regex`'s \\s as the patterns of the modules are compiled."""
    for flags in (0, regex.V1):
        spaces = patterns.compile(r"\s", flags).findall(_EVERY)
        assert len(spaces) > 20 and " " in spaces
        assert [c for c in spaces if c != " " and c.isprintable()] == []


def test_one_space_is_the_substitution(lines):
    kept = 0
    for line in lines:
        assert patterns.one_space(line) == _PLAIN_SPACES.sub(" ", line), line
        kept += patterns.one_space(line) is line
    assert kept > len(lines) // 2          # the shortcut is taken


def test_every_letter_or_digit_to_python_is_one_to_regex():
    """name_key's reason: str.isalnum's characters are neither punctuation to _PUNCTUATION_SPACES
    nor white space, whatever Unicode version Python and `regex` each know."""
    alnum = "".join(c for c in _EVERY if c.isalnum())
    assert len(alnum) > 100000
    assert units._PUNCTUATION_SPACES.search(alnum) is None
    assert _PLAIN_SPACES.search(alnum) is None


def test_name_key_and_syllables_are_the_plain_forms(know, lines):
    names = [u.name for u in know.gazetteer.units.values()] + lines
    same = 0
    for name in names:
        assert units.normalize_syllables(name) == _plain_normalize_syllables(name), name
        assert units.name_key(name) == _plain_name_key(name), name
        same += units._words_and_single_spaces(units.normalize_syllables(name.strip()).casefold())
    assert same > 10000
    # a word the table lists is still rewritten
    assert units.normalize_syllables("xã Hoà Vang") == "xã Hòa Vang"


def test_split_unit_text_is_the_plain_form(lines):
    typed = 0
    for line in lines:
        assert units.split_unit_text(line) == _plain_split_unit_text(line), line
        typed += units.split_unit_text(line)[0] is not None
    assert typed > 50


def test_the_abbreviations_are_gated_by_a_word():
    assert all(need for _, _, need in units._ABBREVIATIONS_RE)
    for pattern, _, need in units._ABBREVIATIONS_RE:
        assert not literals.may_match(need, "ubnd xã nhơn lộc") or pattern.search("ubnd xã nhơn lộc")


def test_a_label_reads_the_same_against_a_map_made_anew(know):
    rules = tables.load_table_rules()
    seen = 0
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = extract(path, path.read_bytes())
        meta = read_metadata(doc.text, know.gazetteer, path.name)
        assert tables._map_of(meta) is tables._map_of(meta)
        labels = {doc.block_text(b) for b in doc.blocks if b.table is not None}
        for label in labels:
            kept = tables.label_entity(label, know.gazetteer, meta, rules)
            plain = tables._map_of(meta)
            fresh = tables._Map(plain.unit, plain.province, plain.era)
            assert tables._label_entity.__wrapped__(label, tables.weakref.ref(know.gazetteer), fresh, rules) == kept
            assert tables._unit_in_label.__wrapped__(label, tables.weakref.ref(know.gazetteer), fresh) == \
                tables.unit_in_label(label, know.gazetteer, meta)
            seen += kept is not None
    assert seen > 20


def test_the_last_number_of_a_segment_breaks_nothing_down(rules):
    totals = 0
    for path in TEXTS:
        doc = extract(path, path.read_bytes())
        for seg in segments(doc):
            facts = facts_of(seg, rules)
            if not facts:
                continue
            spans = [Span(f.kind, f.unit, seg.from_doc(f.start), seg.from_doc(f.end)) for f in facts]
            assert breakdown(seg.text, spans, facts, len(facts) - 1) == []
            totals += any(breakdown(seg.text, spans, facts, t) for t in range(len(facts) - 1))
    assert totals > 0


def test_a_sentence_end_is_found_from_the_last_mark(lines):
    """_ends_a_sentence's reason: every character `regex` reads as \\s is white space to str.rstrip."""
    from pipeline.facts import _SENTENCE_END, _ends_a_sentence
    assert [c for c in regex.compile(r"\s").findall(_EVERY) if not c.isspace()] == []
    ends = 0
    for line in lines + ["Hết.", "Hết. ", "Hết.\n", "a;\t \n", ".", "…  \u3000", "a. b"]:
        assert _ends_a_sentence(line) == (_SENTENCE_END.search(line) is not None), line
        ends += _ends_a_sentence(line)
    assert ends > 100


def test_an_ascii_text_has_a_letter_where_it_changes_with_case(lines):
    """_has_letter's reason: the ASCII characters of \\p{L} are A-Z and a-z, each changed by lower()
    or upper(), and no other ASCII character is."""
    from pipeline.facts import _HAS_LETTER, _has_letter
    for i in range(128):
        c = chr(i)
        assert (_HAS_LETTER.search(c) is not None) == (c.lower() != c.upper()) == c.isalpha(), c
    cells = [cell for line in lines for cell in line.split("\t")] + ["95,5", "100%", "1.234", "ª", "Ⅻ", "x"]
    for cell in cells:
        assert _has_letter(cell) == (_HAS_LETTER.search(cell) is not None), cell


def _plain_labels(row, col):
    from pipeline.facts import _HAS_LETTER
    labels = [t for c, _, t in row if _HAS_LETTER.search(t)]
    left = [t for c, _, t in row if (col is None or c is None or c < col) and _HAS_LETTER.search(t)]
    return left or labels


def _plain_numbering(row, rules):
    from extractors.text_layout import NUMBERING_CELL
    for _, h, t in row:
        if h and rules.skip_columns.search(h.rsplit(" | ", 1)[-1].strip()) and NUMBERING_CELL.match(t.strip()):
            return t.strip().rstrip(".")
    return None


def test_a_rows_labels_and_numbering_read_once_are_the_plain_ones(rules):
    """A row's lettered cells and its STT, found once a row (the STT's header verdicts once a
    document), give each cell the labels and number the row-by-row forms gave."""
    from pipeline.facts import _labels, _lettered, _numbering, _rows
    paths = TEXTS + sorted(SAMPLES.glob("*.docx")) + sorted((ROOT / "tests" / "data").rglob("*.docx"))
    cells = numbered = 0
    for path in paths:
        doc = extract(path, path.read_bytes())
        columns: dict[str, bool] = {}
        for row in _rows(doc).values():
            assert _numbering(row, rules, columns) == _plain_numbering(row, rules)
            numbered += _plain_numbering(row, rules) is not None
            for col in [None, *(c for c, _, _ in row)]:
                assert _labels(_lettered(row), col) == _plain_labels(row, col)
                cells += 1
    assert cells > 1000 and numbered > 20
