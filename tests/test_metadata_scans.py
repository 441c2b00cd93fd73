"""The whole-text scans of read_metadata (normalizers/documents.py, periods.py) that were rewritten
to open with a literal, or to try a pattern only where a word it starts with is written, give the
answers of the patterns they replace: on every sample report and development text, and on phrases
written to hit each branch and its edges. And role_for with its paragraph's fold cut for it gives
the roles it gives folding each window."""
from __future__ import annotations

import sys
from collections import Counter

import pytest
import regex

from normalizers import literals
from normalizers.boundaries import sentence_start
from normalizers.context import load_context_rules, role_for
from normalizers.documents import (DocumentMeta, _has_list_head, _lines_down, _lines_up, _most_named,
                                   _recipients, _STRIPPED, _units,
                                   load_document_rules)
from normalizers.entities import list_levels, load_who_rules
from normalizers.periods import RULES, _date, as_of_dates
from tests.conftest import ROOT, SAMPLES, last_chars, whole_fold

PHRASES = [
    "Tính đến ngày 22/1/2025, Quảng Nam có 987 TTHC",
    "tính đến thời điểm ngày 31/12/2024 là 45",
    "đến thời điểm ngày 31/12/2024 là 45",               # "thời điểm" only after "tính"
    "TÍNH ĐẾN THỜI ĐIỂM 30/6/2025",
    "tính  \n đến   hết ngày 1/2/2024", "xtính đến thời điểm ngày 2/3/2023", "đến hết 15/12/2024",
    "đến ngày 3/4/2025 và đến ngày 5/6/2025; tính đến 7/8/2025", "đến đến ngày 1/1/2021",
    "từ ngày 15/12/2024 đến ngày 14/3/2025", "đến ngày 32/13/2025", "đến ngày 1/1/1890", "Đến Ngày 9 / 9 / 2020",
    "tính đến thời điểm", "tính đến thời điểm ngày", "",
    "UBND thị xã An Nhơn và xã Nhơn Hậu, thành phố Phan Rang - Tháp Chàm", "Huyện ủy huyện Tuy Phước",
    "phường Bình Định phường An Nhơn", "xãxã Nhơn Lộc", "thị trấn Ngô Mây, thị xã xã Nhơn Hậu", "tỉnh tỉnh Bình Định",
    "quận 1", "Đảng ủy xã Ea Kao Ea Kao Ea Kao Ea Kao Ea Kao", "phườngphường Tây Sơn",
]


def _texts() -> list[str]:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((ROOT / "tests" / "data" / "dev" / "texts").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths] + PHRASES + [" ".join(PHRASES)]


def _plain_as_of(text: str) -> list:
    """as_of_dates as first written: the `as_of` rule over the whole text."""
    rule = next(r for r in RULES.patterns if r.name == "as_of")
    return [d for m in rule.pattern.finditer(text) if (d := _date(m, 1))]


@pytest.mark.parametrize("text", _texts())
def test_as_of_dates_are_the_as_of_rule_s(text):
    assert as_of_dates(text) == _plain_as_of(text)


def test_the_phrases_hold_as_of_dates():
    """The test can fail: the phrases and reports do hold dates of each form."""
    assert sum(len(_plain_as_of(t)) for t in _texts()) > 20
    assert len(_plain_as_of("tính đến thời điểm ngày 31/12/2024")) == 1
    assert _plain_as_of("đến thời điểm ngày 31/12/2024") == []


@pytest.mark.parametrize("text", _texts())
def test_units_are_the_unit_pattern_s(text):
    rules = load_document_rules()
    assert [(m.span(), m.groups()) for m in _units(text, rules)] == \
        [(m.span(), m.groups()) for m in rules.unit.finditer(text)]


@pytest.mark.parametrize("text", _texts())
def test_the_units_of_one_type_are_the_unit_pattern_s_of_that_type(text):
    """_most_named looks only where the words of its type, or of a type that can hide it, are
    written (rules.type_words_for): the same matches of that type, and the same name."""
    rules = load_document_rules()
    for utype, words in rules.type_words_for.items():
        plain = [(m.span(), m.groups()) for m in rules.unit.finditer(text) if m["type"] == utype]
        assert [(m.span(), m.groups()) for m in _units(text, rules, words) if m["type"] == utype] == plain, utype
        names = Counter(g[1].strip() for _, g in plain)
        assert _most_named(text, utype, rules) == (names.most_common(1)[0][0] if names else None)


def test_a_type_inside_another_is_looked_for_with_it():
    """The test can fail: "xã" alone would find "xã An Nhơn" in "thị xã An Nhơn"."""
    rules = load_document_rules()
    assert [w.pattern for w in rules.type_words_for["xã"]] == [regex.escape("thị xã"), "xã"]
    assert [m.group() for m in _units("thị xã An Nhơn", rules, rules.type_words_for["xã"][1:])] == ["xã An Nhơn"]
    assert _most_named("thị xã An Nhơn, xã Nhơn Hậu", "xã", rules) == "Nhơn Hậu"


RECIPIENT_LINES = ["Nơi nhận:\n- UBND tỉnh;", "x\nNơi nhận:\n- A;", "xNơi nhận:\n- A;", "NƠI NHẬN\n+ A",
                   "nơi  nhận :  \n- A (b/c);", "NƠİ NHẬN:\n- A", "a\r\nNơi nhận:\r\n- A;", "a\rNơi nhận:\n- A",
                   "a\u2028Nơi nhận:\n- A", "\n\nNơi nhận: x\nNơi nhận:\n- B", "Nơi\nnhận:\n- A", "\nNơi nhận:",
                   "Nơi nhận", "\n", "", "nơi nhận:\n-A\nNơi nhận:\n-B", " Nơi nhận:\n- A"]


@pytest.mark.parametrize("text", _texts() + RECIPIENT_LINES)
def test_the_recipients_line_is_the_pattern_s(text):
    """_recipients finds the "Nơi nhận:" line at the text's start or after a newline: the same end
    as the search of the line from any line's start, and the same recipients."""
    rules = load_document_rules()
    plain = regex.compile(r"(?-f)(?im)^Nơi\s+nhận\s*:?\s*$", regex.V1)
    assert rules.recipients.pattern.replace("(?:", "", 1).replace(")$", "$", 1) == plain.pattern
    m = plain.search(text)
    got = rules.recipients.match(text) or rules.recipients_after_newline.search(text)
    assert (got and got.end()) == (m and m.end())
    out = []
    if m:
        for line in text[m.end():].split("\n"):
            s = line.strip().strip("*").strip()
            if not s:
                continue
            if not s.startswith(("-", "+", "•")):
                break
            s = rules.recipient_note.sub("", regex.sub(r"^[-+•]\s*", "", s).rstrip(";,. "))
            if not rules.recipient_file_copy.match(s):
                out.append(s)
    assert _recipients(text, rules) == out


def test_the_recipients_lines_are_found():
    """The test can fail: the reports and lines do hold the recipients line, at the start and after one."""
    assert sum(1 for t in _texts() + RECIPIENT_LINES if _recipients(t, load_document_rules())) > 10
    assert _recipients("Nơi nhận:\n- A;", load_document_rules()) == ["A"]


LIST_HEADS = ["- Cấp tỉnh: gồm 5 đơn vị\n+ Sở Nội vụ 12\n", "x\n  a) cấp huyện, xã:\n+ A 3", "\u3000• CẤP XÃ:\n+ B",
              "\x1c\r1.2. Cấp xã và cấp huyện :\n+ C 1\n", "x - Cấp tỉnh:\n+ A", "x\n\n\t- cấp bộ:\n* D 4", "- Cấp",
              "\n- Cấp tỉnh\n: x", "-\ncấp tỉnh:", "\u2028- Cấp tỉnh:\n+ E 2", "\x85 - Cấp tỉnh:\n+ F 2"]


def test_the_stripped_characters_are_every_space_but_the_newline():
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()} - {"\n"}
    assert set(regex.sub(r"\\(.)", r"\1", _STRIPPED, flags=regex.S)) == spaces


@pytest.mark.parametrize("text", _texts() + LIST_HEADS + ["\n".join(LIST_HEADS)])
def test_a_text_without_a_list_head_line_has_no_list_levels(text):
    """read_metadata asks list_levels only of a text _has_list_head says may hold a head: it says
    so of every text with a line whose stripped text the head matches, and list_levels finds
    nothing in the others."""
    who = load_who_rules()
    body = who.list_head.pattern.removeprefix("(?-f)")
    assert body.startswith("^") and not regex.search(r"\(\?<?[=!]|\$|\\[bBZ]|\(\?[a-z]*m", body)  # the proof's premises
    heads = [line for line in text.split("\n") if who.list_head.match(line.strip())]
    if heads:
        assert _has_list_head(text, who.list_head.pattern), heads
    if not _has_list_head(text, who.list_head.pattern):
        assert list_levels(text, who, DocumentMeta()) == {}


def test_the_list_heads_are_told_apart():
    """The test can fail: the lines hold heads after every kind of stripped character, and texts
    without one are told so."""
    who = load_who_rules()
    said = [_has_list_head(t, who.list_head.pattern) for t in LIST_HEADS]
    assert said == [True, True, True, True, False, True, False, True, True, True, True]   # "\s" spans a newline: a maybe
    assert sum(bool(list_levels(t, who, DocumentMeta())) for t in LIST_HEADS) >= 5
    assert sum(not _has_list_head(t, who.list_head.pattern) for t in _texts()) > 10


def test_the_texts_name_units():
    rules = load_document_rules()
    assert sum(1 for t in _texts() for _ in rules.unit.finditer(t)) > 100


# --- role_for with its paragraph's fold (normalizers/context.py) -----------------------------------
# context_for folds a paragraph once and cuts each number's windows' folds from it (`_folded`):
# the same folds as folding each window, and the same roles, on every number of the samples.

def _numbers() -> list[tuple[str, int, int]]:
    number = regex.compile(r"\d+(?:[.,]\d+)*%?")
    paragraphs = [p for path in sorted(SAMPLES.glob("*.txt")) for p in path.read_text(encoding="utf-8").split("\n")]
    paragraphs += ["İSTANBUL Mục tiêu: tăng 5%", "Straße tăng 12%"]      # a fold of another length
    return [(p, m.start(), m.end()) for p in paragraphs for m in number.finditer(p)]


def test_a_paragraph_s_fold_cut_is_the_fold_of_the_cut():
    cut = 0
    for text, start, end in _numbers():
        whole = whole_fold(text)
        if whole is None:
            assert len(literals.fold(text)) != len(text)
            continue
        for a, b in ((0, start), (max(0, start - 60), start), (end, end + 60), (start, start)):
            assert whole[a:b] == literals.fold(text[a:b])
            cut += 1
        assert last_chars(whole[:start], 0) == ""
    assert cut > 1000


def test_role_for_with_the_paragraph_s_fold_gives_the_same_roles():
    rules = load_context_rules()
    roles = set()
    for i, (text, start, end) in enumerate(_numbers()):
        whole = whole_fold(text)
        if whole is None:
            continue
        clause = text[sentence_start(text, start):start]
        sentence = text[sentence_start(text, start, clause=False):start]
        for meta in (DocumentMeta(), DocumentMeta(doc_type="kế hoạch")):
            args = (("count", "percent", "money", "score")[i % 4], clause, text[end:end + 60], rules, meta,
                    text[:start], "", "Tổng kế hoạch vốn là: 13.203 triệu đồng. Trong đó:", sentence)
            got = role_for(*args, (whole[:start], whole[end:end + 60]))
            assert got == role_for(*args), text[max(0, start - 80):end + 20]
            roles.add(got[0])
    assert roles == {"actual", "target", "change", "baseline"}


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "\na", "\n\n", "a\n\nb\n", " \n x \n"] + _texts()[:6])
def test_lines_down_and_up_are_the_split_lines(text):
    assert list(_lines_down(text)) == text.split("\n")
    assert list(_lines_up(text)) == list(reversed(text.split("\n")))
