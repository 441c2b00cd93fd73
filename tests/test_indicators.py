"""Facts -> catalog indicators: the catalog and its cues agree, and tables of real phrases
(Duckling style) say which indicator every number of a phrase measures.

- indicators_seeds.tsv: passages of the five seed reports, labels from the hand-made gold
  (scripts/build_indicator_corpus.py);
- indicators_cases.tsv: the catalog's own example cues, written variants, phrases that must not
  map ("must not"), sentences of the development texts and of the real Word files, and of the
  local catalog, with the reason beside each.
A row lists every number of its phrase ("-" for none, "a+b" for two indicators).
"""
from __future__ import annotations

import csv
import shutil

import pytest

from normalizers.indicators import load_indicator_rules
from pipeline.facts import Knowledge, facts_of_text
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return Knowledge.load()


def _rows(name: str) -> list[dict]:
    with open(CORPUS / name, encoding="utf-8", newline="") as fh:      # "# ..." lines head a group
        return list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t",
                                   quoting=csv.QUOTE_NONE))


SEED_ROWS = _rows("indicators_seeds.tsv")
CASE_ROWS = _rows("indicators_cases.tsv")


def _labels(row: dict) -> list[set[str]]:
    return [set() if x.strip() == "-" else set(x.strip().split("+")) for x in row["indicators"].split(";")]


def _shared_ids() -> set[str]:
    from normalizers.indicators import DATA_DIR
    with open(DATA_DIR / "vi" / "indicators.csv", encoding="utf-8", newline="") as fh:
        return {r["metric_id"] for r in csv.DictReader(fh)}


def _data_with_row(tmp_path, catalog: str, row: str):
    """A copy of the language data with one more catalog row, for the loader's refusals."""
    from normalizers import indicators
    folder = tmp_path / "vi"
    shutil.copytree(indicators.DATA_DIR / "vi", folder)
    with open(folder / catalog, "a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    return tmp_path


def test_the_local_catalog_adds_to_the_shared_one_without_editing_it(tmp_path):
    rules = load_indicator_rules()
    local = {i.id for i in rules.indicators} - _shared_ids()
    assert {"service_index.score", "service_index.rank", "sipas.rank"} <= local
    data = _data_with_row(tmp_path, "indicators_local.csv", "sipas.rate,percent,%,Chỉ số SIPAS,again,SIPAS")
    with pytest.raises(ValueError, match=r"listed twice.*sipas.rate"):
        load_indicator_rules(data_dir=data)


def test_every_catalog_indicator_has_real_phrases():
    rules = load_indicator_rules()
    seen = {i for row in SEED_ROWS + CASE_ROWS for labels in _labels(row) for i in labels}
    catalog = {ind.id for ind in rules.indicators}
    assert seen <= catalog, f"corpus names indicators the catalog lacks: {sorted(seen - catalog)}"
    assert catalog <= seen, f"indicators without a phrase: {sorted(catalog - seen)}"
    assert len([i for i in rules.indicators if i.id in _shared_ids()]) == 40
    assert len(rules.indicators) > 40                    # plus indicators_local.csv
    assert sum(1 for r in CASE_ROWS if r["origin"] == "must not") >= 10


@pytest.mark.parametrize("row", SEED_ROWS + CASE_ROWS,
                         ids=lambda r: f"{r['origin']}:{r['phrase'][:40]}")
def test_phrase_indicators(row, know):
    phrase = row["phrase"].replace("\\n", "\n").replace("\\t", "\t")
    facts = facts_of_text(phrase, know).facts
    got = [set(f.indicators) for f in facts]
    assert got == _labels(row), f"{[f.text for f in facts]}: {row['note']}"


def test_unmapped_facts_keep_their_noun_and_sentence(know):
    facts = facts_of_text("Bộ phận một cửa được trang bị 02 máy tra cứu hồ sơ.", know).facts
    assert [(f.text, f.unit, f.indicators) for f in facts] == [("02", "máy tra cứu", ())]
    assert facts[0].sentence.startswith("Bộ phận một cửa")


def test_the_deciding_words_are_kept_for_the_analyst(know):
    facts = facts_of_text("Tỷ lệ thanh toán trực tuyến toàn thị xã đạt 82,6%.", know).facts
    assert facts[0].indicator_cue == "Tỷ lệ thanh toán trực tuyến"


def test_catalog_and_cues_must_agree(tmp_path):
    data = _data_with_row(tmp_path, "indicators.csv",
                          "staff.retired,count,người,Số người nghỉ hưu,retired staff,nghỉ hưu 12 người")
    with pytest.raises(ValueError, match=r"no cues for \['staff.retired'\]"):
        load_indicator_rules(data_dir=data)


def test_an_analyst_extends_the_catalog_without_code(tmp_path):
    from normalizers import indicators
    folder = tmp_path / "vi"
    shutil.copytree(indicators.DATA_DIR / "vi", folder)
    with open(folder / "indicators.csv", "a", encoding="utf-8") as fh:
        fh.write("staff.retired,count,người,Số người nghỉ hưu,retired staff,nghỉ hưu 12 người\n")
    with open(folder / "indicators.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[indicator."staff.retired"]\nfacts = ["count"]\nunits = ["người"]\ncues = [\'nghỉ\\s+hưu\']\n')
    know = Knowledge.load()
    know = Knowledge(know.numbers, know.context, know.gazetteer, indicators.load_indicator_rules(data_dir=tmp_path))
    facts = facts_of_text("Trong quý, giải quyết chế độ nghỉ hưu cho 12 người.", know).facts
    assert [f.indicators for f in facts] == [("staff.retired",)]


def test_a_line_wrapped_inside_a_sentence_is_read_as_one_clause():
    """PDFs wrap lines inside sentences (ld_2025_bc329 .pdf): the words before the break still name the number."""
    from normalizers.indicators import Span, map_segment
    rules = load_indicator_rules()
    text = "Tỷ lệ khai thác, sử dụng lại thông\ntin, dữ liệu số hóa đạt 85,9%; tỷ lệ hồ sơ thanh toán trực tuyến đạt\n91,61%."
    spans = [Span("percent", "%", text.index(v), text.index(v) + len(v)) for v in ("85,9%", "91,61%")]
    assert [m.indicators for m in map_segment(text, spans, rules)] == [("data_reuse.rate",), ("payment.online_rate",)]
    ended = "Đã hoàn thành.\n91,61% hồ sơ"                   # a sentence that ended keeps its break
    assert map_segment(ended, [Span("percent", "%", 15, 21)], rules)[0].indicators == ()
