"""Derived rates: a report that gives counts but no rate gets the rate, marked derived, with its
inputs; a stated rate is never overridden; the derived rate is not a span (fact_spans)."""
from __future__ import annotations

import pytest

from normalizers.derived import load_rate_rules
from pipeline.facts import facts_of_text
from pipeline.ingest import ingest
from tests.conftest import SAMPLES
from warehouse.store import Warehouse

# Hòa Thuận Q1 2025 (seed 002): counts, no on-time rate, no online rate
HOA_THUAN = ("- Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ báo cáo 228 hồ sơ, trong đó: Số mới tiếp nhận "
             "trong kỳ: 225 hồ sơ (trực tuyến: 225 hồ sơ; trực tiếp: 00 hồ sơ); số từ kỳ trước chuyển qua: "
             "03 hồ sơ (trực tuyến).\n\n- Số lượng hồ sơ đã giải quyết: 221 hồ sơ; trong đó, giải quyết trước "
             "hạn 219 hồ sơ, đúng hạn: 02 hồ sơ, quá hạn: 0 hồ sơ.\n")


def _rates(text, know):
    return {d.indicator: d for d in facts_of_text(text, know).derived}


def test_rates_the_report_implies_are_derived_with_their_inputs(know):
    rates = _rates(HOA_THUAN, know)
    in_time = rates["dossier.in_time_rate"]
    assert (in_time.value, in_time.numerator, in_time.denominator) == (100.0, 221.0, 221.0)
    assert len(in_time.inputs) == 3                      # trước hạn 219, đúng hạn 02, đã giải quyết 221
    online = rates["dossier.online_rate"]
    assert (online.value, online.numerator, online.denominator) == (98.68, 225.0, 228.0)


def test_a_stated_rate_is_not_derived_again(know):
    text = HOA_THUAN + "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%.\n"
    assert "dossier.in_time_rate" not in _rates(text, know)


def test_no_rate_from_ambiguous_or_impossible_counts(know):
    # parts beyond the whole (9.744 > 9.737 in seed 001 style) make no rate
    text = ("Số lượng hồ sơ đã giải quyết: 20 hồ sơ; trong đó, giải quyết trước hạn 19 hồ sơ, "
            "đúng hạn: 02 hồ sơ.\n")
    assert "dossier.in_time_rate" not in _rates(text, know)


def test_every_rate_rule_names_catalog_indicators(know):
    ids = {i.id for i in know.indicators.indicators}
    for rule in load_rate_rules():
        used = {rule.id} | {p for alt in rule.numerator + rule.denominator for p in alt}
        assert used <= ids, used - ids


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("derived") / "w.duckdb"
    assert {o.status for o in ingest([SAMPLES / "002_442b549b8d9bf7bd.txt"], path)} == {"loaded"}
    return path


def test_views_show_derived_rates_and_fact_spans_does_not(db):
    with Warehouse(db, read_only=True) as wh:
        rows = wh.con.execute("""SELECT indicator_id, indicator_value, derived, sentence, derived_inputs
                                 FROM indicator_facts WHERE derived""").fetchall()
        assert {r[0] for r in rows} == {"dossier.in_time_rate", "dossier.online_rate"}
        assert all(r[3] and len(r[4]) >= 2 for r in rows)
        spans = wh.con.execute("SELECT count(*) FROM fact_spans").fetchone()[0]
        facts = wh.con.execute("SELECT count(*) FROM facts").fetchone()[0]
        assert spans == facts
        shown = wh.con.execute("""SELECT derived FROM unit_comparison
                                  WHERE indicator_id = 'dossier.in_time_rate'""").fetchall()
        assert shown == [(True,)]
