"""The shortcuts of role_for (normalizers/context.py) give the answers of the plain forms they
replace, on every number of the sample reports and on edge cases:

- a cue is not searched where its required words are missing, and a cue ending with "$" is
  matched from the end (`_cue`): the same yes or no as `pattern.search` (`pattern.match` for a
  cue read at the start);
- role_for as a whole gives the role and comparator of the plain form it was written from.
"""
from __future__ import annotations

import regex
import pytest

from normalizers import literals
from normalizers.boundaries import sentence_start
from normalizers.context import _cue, _in_target_list, load_context_rules, role_for
from normalizers.documents import DocumentMeta
from normalizers.periods import in_closed_parens
from tests.conftest import SAMPLES

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*%?")
_ENDING = ("baseline_from", "change_extreme", "change_before", "achieved_bound", "target_before",
           "achieved_now", "target_plan", "baseline_before")
_STARTING = ("baseline_after", "target_after", "target_sentence")
EDGES = ["", " ", "\n", "tăng \n", "giảm từ \n", "đạt từ\n", "TĂNG ", "GIẢM TỪ ", "phấn đấu ", "Phấn Đấu đạt ",
         "không quá ", "Mục tiêu: ", "hiện đạt ", "so với năm 2022 (đạt ", "kế hoạch vốn là ", "xuống còn 3",
         "Theo Kế hoạch, Sở sẽ ", "tăng mạnh nhất với 6,39% và thấp nhất là ", "vượt chỉ tiêu "]


@pytest.fixture(scope="module")
def rules():
    return load_context_rules()


def _numbers() -> list[tuple[str, int, int]]:
    """(paragraph, start, end) of every number of the sample reports' paragraphs."""
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n"):
            out += [(para, m.start(), m.end()) for m in _NUMBER.finditer(para)]
    return out


def _clause(text: str, pos: int, semicolon: bool = True) -> str:
    return text[sentence_start(text, pos, clause=semicolon):pos]


def test_cues_ending_with_the_text_answer_as_the_search(rules):
    texts = [_clause(t, s)[-n:] for t, s, _ in _numbers() for n in (25, 60, 90)] + EDGES
    assert len(texts) > 3000
    for name in _ENDING:
        pattern = getattr(rules, name)
        for text in texts:
            assert _cue(rules, name, text, literals.fold(text)) == (pattern.search(text) is not None), (name, text)


def test_cues_read_at_the_start_answer_as_the_match(rules):
    texts = [t[e:e + 60] for t, _, e in _numbers()] + [_clause(t, s, False) for t, s, _ in _numbers()] + EDGES
    for name in _STARTING:
        pattern = getattr(rules, name)
        for text in texts:
            assert _cue(rules, name, text, literals.fold(text)) == (pattern.match(text) is not None), (name, text)


def _plain_in_target_list(before: str, rules) -> bool:
    last = None
    for m in rules.target_lead.finditer(before):
        last = m
    return last is not None and not in_closed_parens(before, last.start())


def test_a_list_of_targets_as_before(rules):
    befores = [t[:s] for t, s, _ in _numbers()] + EDGES + ["Mục tiêu đến năm 2025: (a) ", "CHỈ TIÊU: "]
    assert any(_plain_in_target_list(b, rules) for b in befores)
    for before in befores:
        assert _in_target_list(before, rules) == _plain_in_target_list(before, rules), before


def _plain_role_for(kind, clause, after, rules, meta, before="", row_label="", previous=""):
    """role_for as it was written before its shortcuts (every cue searched)."""
    from normalizers.context import _lead_is_plan
    near = clause[-60:]
    if rules.baseline_from.search(near) and rules.baseline_after.match(after):
        role = "baseline"
    elif rules.change_extreme.search(clause[-90:]) or (rules.change_before.search(near)
                                                       and not rules.target_after.match(after)):
        role = "change"
    elif meta.doc_type != "kế hoạch" and rules.achieved_bound.search(near) and not rules.target_before.search(near):
        role = "actual"
    elif rules.achieved_now.search(near):
        role = "actual"
    elif (rules.target_before.search(near) or rules.target_after.match(after) or rules.target_plan.search(near)
          or (row_label and not clause.strip() and rules.target_plan.search(row_label))
          or _plain_in_target_list(before, rules) or rules.target_sentence.match(_clause(before, len(before), False))):
        role = "target"
    elif rules.change_before.search(near):
        role = "change"
    elif rules.baseline_before.search(near) or rules.baseline_after.match(after):
        role = "baseline"
    elif kind == "money" and previous and _lead_is_plan(previous, rules):
        role = "target"
    elif meta.doc_type == "kế hoạch" and kind in ("percent", "ratio", "score", "rank", "money"):
        role = "target"
    else:
        role = "actual"
    comparator = None
    if role == "target":
        comparator = "="
        for op, pat in rules.comparators:
            if pat.search(near[-25:]) or (op == ">=" and pat.search(after[:25])):
                comparator = op
                break
    return role, comparator


def test_role_for_gives_the_plain_roles(rules):
    kinds = ("count", "percent", "money", "score")
    roles, comparators = set(), set()
    for i, (text, start, end) in enumerate(_numbers()):
        for meta in (DocumentMeta(), DocumentMeta(doc_type="kế hoạch")):
            args = (kinds[i % 4], _clause(text, start), text[end:end + 60], rules, meta, text[:start],
                    "Kế hoạch được giao " if i % 5 == 0 else "", "Tổng kế hoạch vốn là: 13.203 triệu đồng. Trong đó:")
            got = role_for(*args)
            assert got == _plain_role_for(*args), text[max(0, start - 80):end + 20]
            roles.add(got[0])
            comparators.add(got[1])
    assert roles == {"actual", "target", "change", "baseline"}
    # the comparators are searched only where their words are (tests/test_role_shortcuts.py for all)
    assert {None, "=", ">="} <= comparators, comparators


# --- table labels (normalizers/tables.py) ---------------------------------------------------------
# A label's entity is kept for its next asking, keyed by what of the document it depends on, and a
# cell without a letter is no unit's name: the answers of the plain forms, on every cell of the
# sample reports' and the real Word files' tables, read against each document's own metadata and
# against others (alternating, so that a kept answer would show if it leaked between documents).

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})


def _plain_resolve(text, gaz, meta):
    from normalizers.documents import map_era
    era = "2025" if map_era(meta) == "2025" else None
    for kwargs in (({"within": meta.unit},) if meta.unit is not None else ()) + ({"province": meta.province}, {}):
        if era:
            unit = gaz.resolve(text, era=era, **kwargs)
            if unit is not None:
                return unit
        unit = gaz.resolve(text, **kwargs)
        if unit is not None:
            return unit
    return None


def _plain_unit_in_label(label, gaz, meta):
    from normalizers.tables import _CAPITALISED, _NAME_WORDS
    from normalizers.units import split_unit_text
    label = label.translate(_APOSTROPHES)
    utype, name = split_unit_text(label)
    if not name or not (name[:1].isupper() or name[:1].isdigit()) or len(name.split()) > _NAME_WORDS:
        return None
    if utype:
        unit = _plain_resolve(label, gaz, meta)
        return (unit.full_name if unit else f"{utype} {name}"), unit
    if all(_CAPITALISED.match(w) for w in name.split()):
        unit = gaz.resolve(f"tỉnh {name}") or gaz.resolve(f"thành phố {name}")
        if unit is not None and unit.level == "province":
            return unit.full_name, unit
    return None


def _plain_label_entity(label, gaz, meta, rules):
    from normalizers.tables import body_in_label, level_in_label
    if not label.strip() or rules.summary.match(label.strip()):
        return None
    found = _plain_unit_in_label(label, gaz, meta)
    if found:
        return found
    body = body_in_label(label, rules)
    if body:
        return body, None
    found = level_in_label(label, rules)
    if found is None:
        return None
    level, committee = found
    if meta.unit is not None and (level in rules.whole_levels.get(meta.unit.level, [])
                                  or committee and rules.own_committee.get(meta.unit.level) == level):
        return meta.unit.full_name, meta.unit
    return level, None


def test_table_labels_as_the_plain_forms(know):
    from pathlib import Path
    from extractors.document import BlockKind
    from extractors.registry import extract
    from normalizers.documents import read_metadata
    from normalizers.periods import Period
    from normalizers.tables import label_entity, load_table_rules, unit_in_label
    real = Path(__file__).resolve().parent / "data" / "real"
    gaz, trules = know.gazetteer, load_table_rules()
    cells, metas = [], []
    for path in sorted(SAMPLES.glob("*.docx")) + sorted(real.glob("*.docx")):
        doc = extract(path)
        metas.append(read_metadata(doc.text, gaz, path.name))
        cells += [doc.block_text(b) for b in doc.blocks if b.kind is BlockKind.TABLE_CELL]
    province = gaz.resolve("tỉnh Lâm Đồng", era="2025")
    metas += [DocumentMeta(), DocumentMeta(province="Lâm Đồng", period=Period.year(2026), unit=province,
                                           province_unit=province)]
    cells += ["UBND xã D’Ran", "xã D`Ran", "95,5", "", " ", "Tổng cộng", "Số VBQPPL do cấp tỉnh ban hành",
              "Số ĐVSNCL thuộc UBND cấp xã", "Lâm Đồng", "TP. Đà Lạt", "phường 1 Bảo Lộc"]
    assert len(set(cells)) > 300 and len({m.unit for m in metas}) > 2
    named = 0
    for _ in range(2):                  # the second round asks again: kept answers
        for meta in metas:
            for cell in cells:
                assert unit_in_label(cell, gaz, meta) == _plain_unit_in_label(cell, gaz, meta), cell
                found = label_entity(cell, gaz, meta, trules)
                assert found == _plain_label_entity(cell, gaz, meta, trules), cell
                named += found is not None and found[1] is not None
    assert named > 100


# --- a document's first and last lines (normalizers/documents.py) --------------------------------

@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")) + [None], ids=lambda p: p.name if p else "edges")
def test_head_and_tail_lines_as_every_line_cut(path):
    from normalizers.documents import _HEAD_LINES, _TAIL_LINES, _clean, _lines
    texts = ([path.read_text(encoding="utf-8")] if path else
             ["", "\n", "BÁO CÁO", " * \n\nA\n\n", "\n".join(f"dòng {i}" for i in range(30)),
              "\n".join(f" {i} \n**\n" for i in range(40)), "một\nhai\nba"])
    for text in texts:
        every = [_clean(line) for line in text.split("\n") if _clean(line)]
        raw = text.split("\n")
        assert _lines(raw, _HEAD_LINES) == every[:_HEAD_LINES]
        assert _lines(reversed(raw), _TAIL_LINES)[::-1] == every[-_TAIL_LINES:]


def test_role_for_with_the_callers_sentence_as_without(rules):
    """context_for hands role_for the sentence it cut (sentence_start(text, start)); role_for read
    it from `before` (text[:start]) before: the same sentence, hence the same roles."""
    for i, (text, start, end) in enumerate(_numbers()):
        for meta in (DocumentMeta(), DocumentMeta(doc_type="kế hoạch")):
            args = ("percent", _clause(text, start), text[end:end + 60], rules, meta, text[:start])
            assert role_for(*args, sentence=_clause(text, start, False)) == role_for(*args), text[:end]
