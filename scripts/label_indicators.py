"""One-off record of how tests/data/gold/*.jsonl gained `indicators`.

Labelled by hand from each fact's sentence against the catalog (normalizers/data/vi/indicators.csv),
before the indicator rules were written, so the rules did not draft the labels. Principles:
- the indicator names the quantity a number measures; role (actual/target/baseline/change) and
  period say which value of it, so a plan's "tỷ lệ số hóa ... đạt 100%" is digitization.rate;
- a part of a breakdown by level keeps the total's indicator ("cấp huyện: 2, cấp xã: 20" văn bản
  QPPL); a breakdown by category that the catalog does not name is left out ("Biên chế công
  chức: 75" of the 733 allocated, "mức độ còn lại 121 thủ tục");
- the kind must fit: a count of planned tasks ("đề ra 28 nhiệm vụ") is not plan.tasks (tasks
  done over planned), "giảm 2 bậc" is not a rank, "18/18 điểm" of satisfaction is not a rate;
- where the catalog's own example names a case, the example decides (348 người -> staff.count,
  "20/21 người" -> staff.count, "57.876/57.923 hồ sơ trực tuyến" -> dossier.received_online);
- one number can measure two indicators: "Chỉ số PAR INDEX, ICT INDEX xếp thứ 1/7".
Every gold fact not listed has no indicator. Run once to (re)write the field; not part of the build.
"""
from __future__ import annotations

import json
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"

_PAR_TABLE = [4006, 4039, 4066, 4093, 4125, 4154, 4186, 4213, 4244, 4274, 4302, 4373, 4401, 4432, 4462]
_RANK_TABLE = [4012, 4045, 4072, 4099, 4131, 4160, 4192, 4219, 4250, 4280, 4308, 4379, 4407, 4438, 4468]

LABELS: dict[str, dict[int, str]] = {
    "000": {
        **{s: "par_index.score" for s in _PAR_TABLE}, **{s: "par_index.rank" for s in _RANK_TABLE},
        5775: "legal_doc.issued", 7761: "procedure.count", 7781: "procedure.count",
        10082: "dossier.received", 10121: "dossier.resolved", 10178: "dossier.in_time_rate",
        10865: "payment.online_rate", 11038: "digitization.rate", 11088: "e_result.rate",
        12967: "staff.count", 14298: "staff.count", 14411: "staff.count",
    },
    "001": {
        5211: "legal_doc.issued", 5278: "legal_doc.issued", 5289: "legal_doc.issued",
        8039: "procedure.count", 8084: "procedure.fully_online", 8117: "procedure.partly_online",
        8165: "procedure.count", 8210: "procedure.fully_online", 8242: "procedure.partly_online",
        9231: "dossier.received", 9285: "dossier.resolved_in_time", 9306: "dossier.resolved_late",
        9328: "dossier.pending", 9389: "dossier.in_time_rate",
        10410: "staff.quota", 12412: "staff.count",
        16524: "investment.disbursed",          # kế hoạch vốn đầu tư công 2023 (the target)
        16601: "investment.disbursed", 16625: "investment.disbursement_rate",
    },
    "002": {
        2625: "plan.tasks", 7615: "plan.targets_met", 13761: "procedure.count",
        16121: "dossier.received", 16169: "dossier.received_new", 16192: "dossier.received_online",
        16214: "dossier.received_direct", 16252: "dossier.carried_over", 16308: "dossier.resolved",
        16350: "dossier.resolved_early", 16371: "dossier.resolved_on_time", 16390: "dossier.resolved_late",
        16434: "dossier.pending",
        16752: "dvcqg_sync.rate", 16775: "dvcqg_sync.rate",
        17111: "dossier.online_rate", 17300: "payment.online_rate", 17469: "digitization.rate",
        17541: "data_reuse.rate", 17563: "data_reuse.rate", 18125: "satisfaction.rate",
        19047: "feedback.received", 19260: "feedback.resolved", 19800: "staff.count",
        28381: "dossier.fully_online_rate", 28399: "dossier.fully_online_rate", 28774: "payment.online_rate",
    },
    "003": {
        8379: "plan.targets_met", 8429: "par_index.rank|ict_index.rank", 8472: "ddci.rank", 8565: "papi.rank",
        8604: "sipas.rate", 8626: "sipas.rate", 8676: "ict_index.rank", 8715: "sipas.rate", 8740: "sipas.rate",
        8775: "ddci.rank", 9202: "plan.targets_met", 9666: "plan.targets_met", 9900: "plan.targets_met",
        11762: "legal_doc.issued",
        15375: "procedure.count", 15423: "procedure.count", 15477: "procedure.count",
        15519: "procedure.count", 15552: "procedure.count", 15581: "procedure.count",
        15645: "procedure.count", 15666: "procedure.count", 15679: "procedure.count",
        15800: "procedure.fully_online", 15822: "procedure.partly_online",
        15898: "procedure.fully_online", 15920: "procedure.partly_online",
        18349: "feedback.received", 18418: "feedback.received", 18454: "feedback.received",
        18517: "dossier.received", 18579: "dossier.received", 18593: "dossier.resolved_early",
        18616: "dossier.resolved_on_time", 18679: "dossier.received", 18695: "dossier.resolved_early",
        18716: "dossier.resolved_on_time", 18776: "dossier.received", 18837: "dossier.received",
        18849: "dossier.resolved_early", 18870: "dossier.resolved_on_time", 18934: "dossier.received",
        18948: "dossier.resolved_early", 18972: "dossier.resolved_on_time",
        27536: "budget.revenue", 28495: "investment.disbursed", 28524: "investment.disbursement_rate",
        35486: "dossier.received_online", 35527: "dossier.online_rate",
        38258: "papi.rank", 38584: "ddci.score", 38629: "ddci.score",
    },
    "004": {
        3926: "payment.online_rate", 4022: "dossier.online_rate", 4089: "digitization.rate",
        4155: "e_result.rate", 4233: "data_reuse.rate", 4332: "satisfaction.rate", 4440: "dossier.in_time_rate",
        18844: "payment.online_rate", 18936: "dossier.online_rate", 19008: "dossier.fully_online_rate",
        19074: "digitization.rate", 19139: "e_result.rate", 19301: "data_reuse.rate",
        19421: "dvcqg_sync.rate", 19569: "satisfaction.rate",
    },
}


def main() -> None:
    for path in sorted(GOLD.glob("*.gold.jsonl")):
        labels = LABELS[path.name[:3]]
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        starts = {r["start"] for r in rows}
        unknown = set(labels) - starts
        if unknown:
            raise SystemExit(f"{path.name}: labels for offsets that are not gold facts: {sorted(unknown)}")
        for r in rows:
            r["indicators"] = labels[r["start"]].split("|") if r["start"] in labels else []
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path.name}: {sum(1 for r in rows if r['indicators'])} of {len(rows)} facts have an indicator")


if __name__ == "__main__":
    main()
