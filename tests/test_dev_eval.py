"""The development corpus beyond the seeds (tests/data/dev, copied from shared/dev): 22 real news
and portal texts scored by the SPEC rule and two real Lâm Đồng Word files scored by the anchor
rule. Floors sit a little under today's scores so that a change that loses ground on documents
nobody tuned to fails here, not only in `make eval`."""
from __future__ import annotations

import pytest

from pipeline.evaluate import evaluate, load_gold, predicted_spans, summarize
from pipeline.ingest import ingest
from tests.conftest import ROOT
from warehouse.store import Warehouse

DEV = ROOT / "tests" / "data" / "dev"

# corpus -> floors: facts F1, entity, period, role, indicator precision, indicator recall
FLOORS = {
    "texts": (DEV / "gold", (0.97, 0.97, 0.96, 0.97, 0.90, 0.96)),
    "real_gold": (DEV / "real_gold", (0.96, 0.94, 0.95, 0.97, 0.97, 0.93)),
}


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    db = tmp_path_factory.mktemp("dev") / "w.duckdb"
    outcomes = ingest([DEV / "texts", DEV / "real_gold"], db)
    assert {o.status for o in outcomes} <= {"loaded", "skipped"}
    with Warehouse(db, read_only=True) as wh:
        return predicted_spans(wh.fact_spans_with_context(), wh.texts())


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_development_corpus_stays_above_its_floors(corpus, predictions):
    folder, (f1, entity, period, role, ind_p, ind_r) = FLOORS[corpus]
    s = summarize(corpus, evaluate(predictions, load_gold(folder)))
    got = {"f1": s.f1, **{k: c / n for k, (c, n) in s.context.items() if k != "comparator"},
           "ind_p": s.indicators[0] / s.indicators[1], "ind_r": s.indicators[0] / s.indicators[2]}
    floors = {"f1": f1, "entity": entity, "period": period, "role": role, "ind_p": ind_p, "ind_r": ind_r}
    below = {k: round(got[k], 3) for k, v in floors.items() if got[k] < v}
    assert not below, f"{corpus}: below the floor {below} (all: { {k: round(v, 3) for k, v in got.items()} })"
