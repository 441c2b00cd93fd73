"""Build normalizers/data/vi/gazetteer/*.csv from maintained datasets (run by hand, output committed).

Sources, each pinned (downloaded with `pip download --no-deps`, read as data, not imported):
- vietnam-provinces 0.6.0 — the three-level map in force until 30 June 2025 (63 provinces,
  705 districts, 10,5xx communes) with official GSO codes and parents.
- vietnam-provinces 2025.10.1 — the two-level map from 1 July 2025 (34 provinces, 3,321
  communes) with official codes.
- underthesea 9.5 `address/data/mapping.json` (built from vietnamadminunits 1.0.4) — which old
  commune became which new commune, and old province -> new province.

Why not depend on them at run time: the two vietnam-provinces lines cannot be installed side by
side, vietnamadminunits pulls numpy/shapely/geopy (~100 MB) for a lookup table, and names are
all the pipeline needs. Output: units.csv (both eras, one row per unit) and successors.csv.

    python scripts/build_gazetteer.py
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "normalizers" / "data" / "vi" / "gazetteer"

TYPES = ["Thành phố", "Thị xã", "Thị trấn", "Tỉnh", "Huyện", "Quận", "Phường", "Xã", "Đặc khu"]


def split_type(name: str) -> tuple[str, str]:
    for t in TYPES:
        if name.startswith(t + " "):
            return t.lower(), name[len(t) + 1:].strip()
    return "", name.strip()


def wheel_json(spec: str, member: str, tmp: Path) -> object:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(tmp), spec],
                   check=True)
    wheel = next(p for p in tmp.glob("*.whl") if spec.split("==")[0].replace("-", "_") in p.name
                 and spec.split("==")[1] in p.name)
    with zipfile.ZipFile(wheel) as z:
        return json.loads(z.read(member))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        old = wheel_json("vietnam-provinces==0.6.0", "vietnam_provinces/data/nested-divisions.json", tmp)
        new = wheel_json("vietnam-provinces==2025.10.1", "vietnam_provinces/data/nested-divisions.json", tmp)
        mapping = wheel_json("underthesea==9.5.0", "underthesea/address/data/mapping.json", tmp)

    rows = []
    for p in old:
        ptype, pname = split_type(p["name"])
        pid = f"2008:{p['code']:02d}"
        rows.append((pid, "2008", "province", ptype, pname, "", pid))
        for d in p["districts"]:
            dtype, dname = split_type(d["name"])
            did = f"2008:{p['code']:02d}.{d['code']:03d}"
            rows.append((did, "2008", "district", dtype, dname, pid, pid))
            for w in d["wards"]:
                wtype, wname = split_type(w["name"])
                rows.append((f"2008:{p['code']:02d}.{d['code']:03d}.{w['code']:05d}", "2008", "commune",
                             wtype, wname, did, pid))
    new_ids: dict[tuple[str, str], str] = {}
    new_province_ids: dict[str, str] = {}
    for p in new:
        ptype = "thành phố" if "trung ương" in p.get("division_type", "") else "tỉnh"
        pname = split_type(p["name"])[1]
        pid = f"2025:{p['code']:02d}"
        new_province_ids[pname] = pid
        rows.append((pid, "2025", "province", ptype, pname, "", pid))
        for w in p["wards"]:
            wtype, wname = split_type(w["name"])
            wid = f"2025:{p['code']:02d}.{w['code']:05d}"
            new_ids[(pname, w["name"])] = wid
            rows.append((wid, "2025", "commune", wtype, wname, pid, pid))
    from normalizers.units import name_key       # the comparison form, precomputed so loading is fast
    with open(OUT / "units.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["unit_id", "era", "level", "type", "name", "parent_id", "province_id", "key"])
        w.writerows(row + (name_key(row[4]),) for row in rows)

    by_name = {}
    for unit_id, era, level, utype, name, parent, prov in rows:
        if era == "2008":
            by_name.setdefault((level, f"{utype} {name}".strip().lower()), []).append((unit_id, parent))
    successors = []
    for m in mapping["ward_mapping"]:
        prov_new = split_type(m["new_province"])[1]
        new_id = new_ids.get((prov_new, m["new_ward"]))
        prov = [u for u, _ in by_name.get(("province", m["old_province"].lower()), [])]
        dist = [u for u, parent in by_name.get(("district", m["old_district"].lower()), []) if parent in prov]
        ward = [u for u, parent in by_name.get(("commune", m["old_ward"].lower()), []) if parent in dist]
        if ward and new_id:
            successors.append((ward[0], new_id, m.get("mapping_type", "")))
    with open(OUT / "successors.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["old_unit_id", "new_unit_id", "mapping_type"])
        w.writerows(sorted(set(successors)))
    print(f"{len(rows)} units, {len(successors)} old->new commune links -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
