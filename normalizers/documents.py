"""Document metadata: type, title, number, date, issuer and its unit, period, signer, recipients.

Read from the heading block, the opening sentence ("UBND thị xã An Nhơn báo cáo ...") and the
closing block (Nơi nhận, signature). Many reports are sent as drafts with blank numbers and
dates ("Số: /BC-UBND", "ngày tháng năm 2025"): those stay empty rather than guessed.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import regex

from normalizers.entities import document_subject
from normalizers.periods import Period, as_of_dates, data_window, report_period
from normalizers.units import Gazetteer, Unit

DATA = Path(__file__).parent / "data" / "vi" / "documents.toml"
_I = regex.IGNORECASE | regex.V1
_UNIT_NAME = r"[\p{Lu}][\p{L}]*(?:\s*-\s*[\p{Lu}][\p{L}]*|\s+[\p{Lu}][\p{L}]*){0,4}"
_UNIT = regex.compile(rf"(?<!\p{{L}})(?P<type>tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+(?P<name>{_UNIT_NAME})", regex.V1)
_NUMBER = regex.compile(r"Số\s*:?\s*(?P<num>\d*)\s*/\s*(?P<sym>[\p{L}\d&-]+)", regex.V1)
_PLACE_DATE = regex.compile(r"^\s*(?P<place>[\p{L} .-]+?),\s*ngày\s*(?P<d>\d{0,2})\s*tháng\s*(?P<m>\d{0,2})\s*năm\s*(?P<y>\d{4})", _I | regex.M)
_RECIPIENTS = regex.compile(r"^Nơi\s+nhận\s*:?\s*$", _I | regex.M)
_KINH_GUI = regex.compile(r"^Kính\s+gửi\s*:\s*(?P<to>.+)$", _I | regex.M)
_PROVINCE = regex.compile(rf"(?<!\p{{L}})tỉnh\s+(?P<name>{_UNIT_NAME})", regex.V1)


@dataclass
class DocumentMeta:
    doc_type: str | None = None
    title: str | None = None
    number: str | None = None          # "" when left blank in a draft
    symbol: str | None = None          # BC-UBND
    place: str | None = None
    issue_date: date | None = None
    issue_year: int | None = None
    issuer: str | None = None          # "UBND thị xã An Nhơn", "Ban Thường vụ Thành ủy"
    unit_name: str | None = None       # "thị xã An Nhơn"
    unit: Unit | None = None
    province_unit: Unit | None = None  # the province of `unit` (itself for a province)
    subject: str | None = None         # what a text without a header is about when it is not a
                                       # unit: a body ("Văn phòng UBND tỉnh Bình Thuận"), a level
                                       # aggregate ("cấp huyện, cấp xã"), the nation ("toàn quốc")
    level: str | None = None           # tỉnh | huyện | xã (level of government)
    province: str | None = None
    period: Period | None = None
    window: tuple[date, date] | None = None
    as_of: list[date] = field(default_factory=list)
    signer: str | None = None
    position: str | None = None
    recipients: list[str] = field(default_factory=list)


def _load() -> dict:
    with open(DATA, "rb") as fh:
        return tomllib.load(fh)


def _clean(line: str) -> str:
    return line.strip().strip("*").strip()


def _lines(text: str) -> list[str]:
    return [_clean(l) for l in text.split("\n") if _clean(l)]


def _heading(lines: list[str], doc_types: dict) -> tuple[str | None, str | None]:
    for i, line in enumerate(lines[:25]):
        if line.upper() == line and line in doc_types:
            title = []
            for nxt in lines[i + 1:i + 5]:
                if regex.match(r"^(?:Kính gửi|Thực hiện|Căn cứ|\(|I\.|1\.)", nxt) or nxt.upper() == nxt:
                    break
                if title and not regex.match(r"^\p{Ll}", nxt):
                    break
                title.append(nxt)
            return doc_types[line], " ".join(title) or None
    return None, None


def _signature(lines: list[str], positions: list[str]) -> tuple[str | None, str | None]:
    tail = lines[-8:]
    position = None
    for line in tail:
        for part in regex.split(r"\s{2,}|\n", line):
            if part.strip().upper() in positions:
                position = part.strip()
    name = tail[-1] if tail and not tail[-1].isupper() and len(tail[-1].split()) <= 5 else None
    return name, position.title() if position else None


def _recipients(text: str) -> list[str]:
    m = _RECIPIENTS.search(text)
    out = []
    if m:
        for line in text[m.end():].split("\n"):
            s = _clean(line)
            if not s:
                continue
            if not s.startswith(("-", "+", "•")):
                break
            s = regex.sub(r"^[-+•]\s*", "", s).rstrip(";,. ")
            s = regex.sub(r"\s*\((?:b/c(?:áo)?|nt|để biết|t/h|thực hiện|báo cáo)\)\s*$", "", s, flags=_I)
            if not regex.match(r"^Lưu\b", s, _I):
                out.append(s)
    return out


def _province(text: str, gaz: Gazetteer) -> str | None:
    names = Counter(m["name"].strip() for m in _PROVINCE.finditer(text))
    for name, _ in names.most_common():
        if gaz.candidates(f"tỉnh {name}"):
            return name
    return None


def _issuer(text: str, cfg: dict) -> tuple[str | None, str | None, str | None]:
    """(issuer, unit type, unit name) from the opening sentence: "<issuer> báo cáo ..."."""
    head = text[:4000]
    state = regex.compile(rf"(?P<issuer>(?:{cfg['issuer']['state']})\s+{_UNIT.pattern})\s+(?:{cfg['issuer']['verbs']})", regex.V1)
    m = state.search(head)
    if m:
        return regex.sub(r"\s+", " ", m["issuer"]), m["type"], m["name"]
    party = regex.compile(rf"(?P<issuer>{cfg['issuer']['party']})\s+(?:{cfg['issuer']['verbs']})", regex.V1)
    m = party.search(head)
    if m:
        issuer = regex.sub(r"\s+", " ", m["issuer"]).strip()
        word = next((w for w in cfg["party_level"] if w in issuer.lower()), None)
        return issuer, cfg["party_level"].get(word) if word else None, None
    # plans: "Kế hoạch ... của UBND xã Nhơn Hậu" / "(Kèm theo Quyết định ... của UBND xã X)"
    m = regex.search(rf"của\s+(?P<issuer>(?:{cfg['issuer']['state']})\s+{_UNIT.pattern})", head, flags=regex.V1)
    if m:
        return regex.sub(r"\s+", " ", m["issuer"]), m["type"], m["name"]
    return None, None, None


def _most_named(text: str, utype: str) -> str | None:
    names = Counter(m["name"].strip() for m in _UNIT.finditer(text) if m["type"] == utype)
    return names.most_common(1)[0][0] if names else None


NEW_MAP = date(2025, 7, 1)      # the 34-province, two-level map is in force from this day


def _era(meta: DocumentMeta) -> str | None:
    """The map a document was written under, when its date says so: a report dated after 1 July
    2025 (or a year after 2025) names the merged units ("tỉnh Lâm Đồng" of 2025, two levels)."""
    if meta.issue_date is not None:
        return "2025" if meta.issue_date >= NEW_MAP else "2008"
    if meta.issue_year is not None and meta.issue_year > NEW_MAP.year:
        return "2025"
    return None


def read_metadata(text: str, gaz: Gazetteer) -> DocumentMeta:
    cfg = _load()
    lines = _lines(text)
    meta = DocumentMeta()
    meta.doc_type, meta.title = _heading(lines, cfg["doc_types"])
    m = _NUMBER.search(text[:1500])
    if m:
        meta.number, meta.symbol = m["num"], m["sym"]
    m = _PLACE_DATE.search(text[:2000])
    if m:
        meta.place = m["place"].strip()
        meta.issue_year = int(m["y"])
        if m["d"] and m["m"]:
            try:
                meta.issue_date = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                pass
    meta.issuer, utype, uname = _issuer(text, cfg)
    if utype and not uname:                    # a party committee: its unit is the one it governs
        uname = _most_named(text, utype)
    if utype and uname:
        meta.unit_name = f"{utype} {uname}"
    meta.province = _province(text, gaz)
    if meta.unit_name:
        era = _era(meta)
        meta.unit = ((gaz.resolve(meta.unit_name, province=meta.province, era=era) if era else None)
                     or gaz.resolve(meta.unit_name, province=meta.province) or gaz.resolve(meta.unit_name))
    if meta.unit is None and not meta.issuer:      # news and portal texts: what the text is about
        from normalizers.context import load_context_rules
        found = document_subject(text, load_context_rules(), gaz, meta)
        meta.unit, meta.subject = found.unit, found.subject
        if meta.unit is not None:
            meta.unit_name = meta.unit.full_name
            meta.province = gaz.units[meta.unit.province_id].name
    if meta.unit is not None:
        prov = gaz.units[meta.unit.province_id]
        meta.province_unit = prov
        meta.province = meta.province or prov.name
        meta.level = ("tỉnh" if meta.unit.level == "province" else
                      "huyện" if meta.unit.level == "district" else "xã")
    elif utype:
        meta.level = cfg["levels"].get(utype)
    meta.period = report_period(meta.title or "", text, meta.issue_year)
    meta.window = data_window(text)
    meta.as_of = as_of_dates(text)
    meta.signer, meta.position = _signature(lines, cfg["signer"]["positions"])
    meta.recipients = _recipients(text)
    m = _KINH_GUI.search(text[:3000])
    if m:
        meta.recipients.insert(0, _clean(m["to"]).rstrip("."))
    return meta
