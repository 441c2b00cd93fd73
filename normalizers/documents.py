"""Document metadata: type, title, number, date, issuer and its unit, period, signer, recipients.

Read from the heading block, the opening sentence ("UBND thị xã An Nhơn báo cáo ...") and the
closing block (Nơi nhận, signature). Many reports are sent as drafts with blank numbers and
dates ("Số: /BC-UBND", "ngày tháng năm 2025"): those stay empty rather than guessed.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from datetime import date
from pathlib import Path

import regex

from normalizers import patterns
from normalizers.file_names import file_period, file_unit
from normalizers.entities import complete_body, document_subject, list_levels, load_who_rules, title_unit
from normalizers.periods import Period, as_of_dates, data_window, report_period
from normalizers.units import Gazetteer, Unit

DATA = Path(__file__).parent / "data" / "vi" / "documents.toml"
_SPACES = patterns.compile(r"\s+")
_LOWER_START = patterns.compile(r"^\p{Ll}")
_CAPITALISED_WORD = patterns.compile(r"\s+\p{Lu}\p{Ll}")
_COLUMN_GAP = patterns.compile(r"\s{2,}|\n")
_NOT_A_NAME = patterns.compile(r"[\d\t|]")
_LETTER = patterns.compile(r"\p{L}")
_BULLET = patterns.compile(r"^[-+•]\s*")
_LOWER_OR_GAP = patterns.compile(r"\s+(?=\p{Ll})|\s{2,}")


# the characters str.strip takes off a line of text.split("\n"): every str.isspace character but
# "\n" (none is above U+3000, the ideographic space: tests/test_metadata_scans.py reads them all)
_STRIPPED = "".join(regex.escape(chr(c)) for c in range(0x3001) if chr(c).isspace() and c != 10)


@cache
def _list_head_at_a_line(head: str) -> tuple[regex.Pattern, regex.Pattern] | None:
    r"""entities.list_levels reads "+" items only under a line whose stripped text its `head` (a
    pattern opening with "^") matches, and finds nothing in a text without one: such a line, at the
    text's start or after a "\n", its stripped characters and then the head. Two patterns, where
    one opening with "\n" skips to each newline (a search opening with "(?:\A|\n)" or the bullets
    tried every character, longer than reading the lines). The head has no lookaround and no "$",
    so what it matches in a line it matches where that line is in the text. None when it does not
    open with "^" (then every text is read)."""
    body = head.removeprefix("(?-f)")
    if not body.startswith("^"):
        return None
    body = body[1:]
    return (patterns.compile(rf"[{_STRIPPED}]*(?:{body})", regex.V1),
            patterns.compile(rf"\n[{_STRIPPED}]*(?:{body})", regex.V1))


def _has_list_head(text: str, head: str) -> bool:
    """Whether a line of `text`, stripped, matches `head` (its start), or may: see _list_head_at_a_line."""
    at_a_line = _list_head_at_a_line(head)
    return at_a_line is None or bool(at_a_line[0].match(text) or at_a_line[1].search(text))


@cache
def _verb_after(body_verbs: str) -> regex.Pattern:
    """A body's verb right after its name ("... vừa ban hành"): the verbs are data (documents.toml)."""
    return patterns.compile(rf"\s+(?:{body_verbs})(?!\p{{L}})", regex.V1)


_INLINE_FLAGS = regex.compile(r"\(\?[a-zA-Z-]+\)")


def _after_group(pattern: str, name: str) -> str | None:
    r"""The pattern's leading inline flags ("(?im)") and then what follows its group `name`: a
    pattern that is a sequence whose item that group is, with no "|" outside brackets, matches only
    where this one matches from the group's end to the match's end, so that a text this one finds
    nothing in holds no match of the pattern. This one opens with a literal and is found by `regex`'s
    fast scan, where the pattern opening with an anchor and a class ("(?:^|\t)\s*[\p{L} .-]+?") was
    tried at every character (~500 µs over the 2,000 characters of a heading without a place and
    date, ~4 µs so). None when the group is inside another or repeated, the pattern has a "|" at its
    top level, or what follows may refer back to a group (then it means something else alone).
    Brackets nest, as they do in version 1 patterns ("[[a-z]--[aeiou]]")."""
    flags = ""
    while m := _INLINE_FLAGS.match(pattern, len(flags)):
        flags += m.group()
    depth, i, start, end, in_class = 0, len(flags), None, None, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            in_class += 1
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":    # "[]...]": a "]" first is a member
                i += 1 + (pattern[i + 1] == "^")
        elif in_class:
            in_class -= ch == "]"
        elif ch == "|" and depth == 0:
            return None
        elif ch == "(":
            if pattern.startswith(f"(?P<{name}>", i):
                if depth:
                    return None
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and start is not None and end is None:
                end = i + 1
        i += 1
    if end is None or "x" in flags or _INLINE_FLAGS.search(pattern, len(flags), start):
        return None                     # verbose, or flags set before the group that the tail would lose
    tail = pattern[end:]
    if tail[:1] in ("*", "+", "?", "{") or "(?P=" in tail or "\\g" in tail or regex.search(r"\\[1-9]", tail):
        return None
    return flags + tail


@dataclass(frozen=True)
class DocumentRules:
    """The named patterns of documents.toml [patterns], compiled, and the rest of the file."""
    unit: regex.Pattern
    unit_types: tuple[regex.Pattern, ...]   # the words every match of `unit` starts with, each as a literal
    type_words_for: dict[str, tuple[regex.Pattern, ...]]   # a type -> the words whose matches can hide its own
    province: regex.Pattern
    number: regex.Pattern
    place_date: regex.Pattern
    place_date_tail: regex.Pattern | None   # what every match of place_date holds from its comma on
    recipients: regex.Pattern               # the "Nơi nhận:" line, at any line's start
    recipients_after_newline: regex.Pattern  # the same line after a newline (_recipients)
    recipient_note: regex.Pattern
    recipient_file_copy: regex.Pattern
    kinh_gui: regex.Pattern
    title_stop: regex.Pattern
    title_continues: regex.Pattern
    state_issuer: regex.Pattern
    party_issuer: regex.Pattern
    plan_issuer: regex.Pattern
    body_verbs: str
    national_symbol: regex.Pattern
    motto: regex.Pattern
    letterhead_body: regex.Pattern
    cfg: dict


@cache
def load_document_rules(path: Path = DATA) -> DocumentRules:
    with open(path, "rb") as fh:
        cfg = tomllib.load(fh)
    p, i = cfg["patterns"], cfg["issuer"]
    unit = p["unit"].replace("{unit_name}", p["unit_name"]).replace("{unit_types}", "|".join(p["unit_types"]))

    def c(pattern: str) -> regex.Pattern:
        return patterns.compile(pattern.replace("{unit_name}", p["unit_name"]).replace("{unit}", unit), regex.V1)
    words = {w: regex.compile(regex.escape(w), regex.V1) for w in p["unit_types"]}
    return DocumentRules(
        unit=c(unit), unit_types=tuple(words.values()),
        type_words_for={w: tuple(words[h] for h in _hiders(w, p["unit_types"])) for w in words}, province=c(p["province"]), number=c(p["number"]), place_date=c(p["place_date"]),
        place_date_tail=(c(tail) if (tail := _after_group(p["place_date"], "place")) is not None else None),
        recipients=c(rf"(?im)^(?:{p['recipients']})$"),
        recipients_after_newline=c(rf"(?m)\n(?i:{p['recipients']})$"), recipient_note=c(p["recipient_note"]),
        recipient_file_copy=c(p["recipient_file_copy"]), kinh_gui=c(p["kinh_gui"]), title_stop=c(p["title_stop"]),
        title_continues=c(p["title_continues"]),
        state_issuer=c(rf"(?P<issuer>(?:{i['state']})\s+{{unit}})\s+(?:{i['verbs']})"),
        party_issuer=c(rf"(?P<issuer>{i['party']})\s+(?:{i['verbs']})"),
        # plans: "Kế hoạch ... của UBND xã Nhơn Hậu" / "(Kèm theo Quyết định ... của UBND xã X)"
        plan_issuer=c(rf"của\s+(?P<issuer>(?:{i['state']})\s+{{unit}})"),
        body_verbs=i["body_verbs"], national_symbol=c(i["national_symbol"]),
        motto=c(cfg["letterhead"]["motto"]), letterhead_body=c(cfg["letterhead"]["body"]), cfg=cfg,
    )


@dataclass
class DocumentMeta:
    doc_type: str | None = None
    title: str | None = None
    number: str | None = None          # "" when left blank in a draft
    symbol: str | None = None          # BC-UBND
    place: str | None = None
    issue_date: date | None = None
    issue_year: int | None = None
    issue_month: int | None = None     # a draft's "ngày    tháng 11 năm 2025" still dates it
    issuer: str | None = None          # "UBND thị xã An Nhơn", "Ban Thường vụ Thành ủy"
    unit_name: str | None = None       # "thị xã An Nhơn"
    unit: Unit | None = None
    province_unit: Unit | None = None  # the province of `unit` (itself for a province)
    subject: str | None = None         # what a text without a header is about when it is not a
                                       # unit: a body ("Văn phòng UBND tỉnh Bình Thuận"), a level
                                       # aggregate ("cấp huyện, cấp xã"), the nation ("toàn quốc")
    list_levels: dict = field(default_factory=dict)   # "+" items under "- Cấp tỉnh: ... gồm:" -> level
    level: str | None = None           # tỉnh | huyện | xã (level of government)
    province: str | None = None
    period: Period | None = None
    window: tuple[date, date] | None = None
    as_of: list[date] = field(default_factory=list)
    signer: str | None = None
    position: str | None = None
    recipients: list[str] = field(default_factory=list)
    headerless: bool = False           # no type heading, number or place and date: news, portal pages


def _province_of(unit: Unit, gaz: Gazetteer) -> Unit:
    return gaz.units[unit.province_id]


def _clean(line: str) -> str:
    return line.strip().strip("*").strip()


_HEAD_LINES = 25 + 4            # a heading among the first 25 lines, its title on the 4 after it
_TAIL_LINES = 8                 # the signature block


def _lines(raw: Iterable[str], most: int) -> list[str]:
    """The first `most` lines of `raw` that are not empty once cleaned, cleaned: a document's
    heading and its signature are read from its first and last lines, not the thousands between."""
    out = []
    for line in raw:
        if s := _clean(line):
            out.append(s)
            if len(out) == most:
                break
    return out


def _lines_down(text: str) -> Iterator[str]:
    """text.split("\n"), one line at a time from the first: the heading needs a few dozen lines of
    the thousands a report has, and splitting them all made a string of each."""
    start = 0
    while (nl := text.find("\n", start)) >= 0:
        yield text[start:nl]
        start = nl + 1
    yield text[start:]


def _lines_up(text: str) -> Iterator[str]:
    """reversed(text.split("\n")), one line at a time from the last (the signature block)."""
    end = len(text)
    while (nl := text.rfind("\n", 0, end)) >= 0:
        yield text[nl + 1:end]
        end = nl
    yield text[:end]


def _heading(lines: list[str], doc_types: dict, rules: DocumentRules) -> tuple[str | None, str | None]:
    """`lines`: the document's first non-empty lines (_HEAD_LINES of them, or all)."""
    for i, line in enumerate(lines[:25]):
        head = _type_then_title(line, doc_types)
        if head is not None:                   # "BÁO CÁO Tổng kết thực hiện ...": a PDF line holding both
            kind, first = head
            title = [first]
            for nxt in lines[i + 1:i + 5]:
                if rules.title_stop.match(nxt) or nxt.upper() == nxt:
                    break
                if not _LOWER_START.match(nxt) and not rules.title_continues.search(title[-1]):
                    break
                title.append(nxt)
            return doc_types[kind], " ".join(title)
        if line.upper() == line and line in doc_types:
            title = []
            for nxt in lines[i + 1:i + 5]:
                if rules.title_stop.match(nxt) or nxt.upper() == nxt:
                    break
                if title and not _LOWER_START.match(nxt) and not rules.title_continues.search(title[-1]):
                    break
                title.append(nxt)
            return doc_types[line], " ".join(title) or None
    return None, None


def _place_date(head: str, rules: DocumentRules) -> regex.Match | None:
    """rules.place_date.search(head), not asked where its tail (from the comma: ", ngày … năm 2025")
    is nowhere (_after_group): a heading without a place and date, a third of the samples."""
    if rules.place_date_tail is not None and not rules.place_date_tail.search(head):
        return None
    return rules.place_date.search(head)


def _type_then_title(line: str, doc_types: dict) -> tuple[str, str] | None:
    """A heading and its title on one line, as PDFs lay them out: "BÁO CÁO Tổng kết thực hiện
    Quyết định số 787/QĐ-UBND ..." (the type in capitals, then a capitalised word in lower case)."""
    for kind in doc_types:
        if line.startswith(kind + " ") and _CAPITALISED_WORD.match(line, len(kind)):
            return kind, line[len(kind):].strip()
    return None


def _signature(lines: list[str], positions: list[str]) -> tuple[str | None, str | None]:
    """`lines`: the document's last non-empty lines (_TAIL_LINES of them, or all)."""
    tail = lines[-8:]
    position = None
    for line in tail:
        for part in _COLUMN_GAP.split(line):
            if part.strip().upper() in positions:
                position = part.strip()
    last = tail[-1] if tail else ""
    # a name is a few words of letters: not the last row of a table ("Chỉ số thấp nhất\t55,70%"), not
    # the rule of a crawled page ("|")
    name = (last if last and not last.isupper() and len(last.split()) <= 5 and not _NOT_A_NAME.search(last)
            and _LETTER.search(last) else None)
    return name, position.title() if position else None


def _recipients(text: str, rules: DocumentRules) -> list[str]:
    # rules.recipients.search(text), ending where it ends: a line starts at the text's start or after
    # a "\n" (`regex`'s multi-line "^" knows no other line break), and a search opening with a "\n"
    # skips to each one, where one ignoring case from the start tried every character (4x longer).
    m = rules.recipients.match(text) or rules.recipients_after_newline.search(text)
    out = []
    if m:
        for line in text[m.end():].split("\n"):
            s = _clean(line)
            if not s:
                continue
            if not s.startswith(("-", "+", "•")):
                break
            s = _BULLET.sub("", s).rstrip(";,. ")
            s = rules.recipient_note.sub("", s)
            if not rules.recipient_file_copy.match(s):
                out.append(s)
    return out


def _province(text: str, gaz: Gazetteer, rules: DocumentRules) -> str | None:
    names = Counter(m["name"].strip() for m in rules.province.finditer(text))
    for name, _ in names.most_common():
        if gaz.candidates(f"tỉnh {name}"):
            return name
    return None


def _issuer(text: str, rules: DocumentRules) -> tuple[str | None, str | None, str | None]:
    """(issuer, unit type, unit name) from the opening sentence: "<issuer> báo cáo ..."."""
    head = text[:4000]
    m = rules.state_issuer.search(head)
    if m:
        return _SPACES.sub(" ", m["issuer"]), m["type"], m["name"]
    m = rules.party_issuer.search(head)
    if m:
        issuer = _SPACES.sub(" ", m["issuer"]).strip()
        word = next((w for w in rules.cfg["party_level"] if w in issuer.lower()), None)
        return issuer, rules.cfg["party_level"].get(word) if word else None, None
    m = rules.plan_issuer.search(head)
    if m:
        return _SPACES.sub(" ", m["issuer"]), m["type"], m["name"]
    return None, None, None


def _body_issuer(text: str, rules: DocumentRules) -> str | None:
    """An agency that issues a report of its own, named in the opening sentence before its verb:
    "Trung tâm Phục vụ hành chính công tỉnh vừa ban hành báo cáo về kết quả ...", "Sở Nội vụ
    tỉnh X báo cáo ..." (the kinds of bodies are data: entities.toml [[body]])."""
    head = text[:1500]
    found = []
    for pattern, only_after in load_who_rules().bodies:
        if only_after:
            continue
        for m in pattern.finditer(head):
            if _verb_after(rules.body_verbs).match(head, m.end()):
                found.append((m.start(), _SPACES.sub(" ", m.group()).strip()))
    return min(found)[1] if found else None


def _letterhead_issuer(text: str, rules: DocumentRules) -> str | None:
    """The issuing body of the letterhead: the last body it names under its parent ("UBND TỈNH LÂM
    ĐỒNG SỞ NỘI VỤ" -> "Sở Nội vụ", "VĂN PHÒNG UBND TỈNH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" ->
    "Trung tâm phục vụ hành chính công"), read from the capitals before the number line, without
    the national motto that a Word or PDF header prints beside it."""
    m = rules.number.search(text[:1500])
    head = rules.motto.sub(" ", text[:m.start()] if m else "")
    found = [k for k in rules.letterhead_body.finditer(head)]
    if not found:
        return None
    words = _SPACES.sub(" ", head[found[-1].start():]).strip(" ,-*|")
    words = _LOWER_OR_GAP.split(words)[0]          # capitals only: stop at lower case
    return _sentence_case(words, rules) if words.upper() == words and len(words) > 3 else None


def _sentence_case(name: str, rules: DocumentRules) -> str:
    """ "SỞ NỘI VỤ" -> "Sở Nội vụ", "HỘI ĐỒNG THẨM ĐỊNH, ĐÁNH GIÁ CHỈ SỐ ... TỈNH" -> "Hội đồng thẩm
    định, đánh giá chỉ số ... tỉnh", "UBND TỈNH LÂM ĐỒNG" -> "UBND tỉnh Lâm Đồng": the kind's word
    capitalised, the name after a ministry or department capitalised, place names capitalised."""
    out, cap_next, place = [], False, False
    words = name.split()
    for i, word in enumerate(words):
        low = word.lower()
        if word in rules.cfg["letterhead"]["keep_upper"]:
            out.append(word)
        elif i == 0 or cap_next or place:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        cap_next = " ".join(words[:i + 1]).lower() in rules.cfg["letterhead"]["named_after"]
        place = (place and not word.endswith(",")) or low in rules.cfg["letterhead"]["place_words"]
    return " ".join(out)


def _hiders(utype: str, types: list[str]) -> list[str]:
    """The type words, in their order, whose matches of `unit` can decide whether a match of `utype`
    is found: `utype` and, again and again, every word a later word can start inside of ("thị xã"
    holds "xã"). Why no other: finditer skips a place only when an earlier match spans it, and a
    match spans its type word, the spaces after it and a name; a name's words start with a capital
    and follow a space or a hyphen, the type words are written in lower case and the pattern wants
    no letter before one, so a type word can start inside a match only inside its type word. The
    matches of the other words span no place where one of these starts, so leaving them out leaves
    the matches of these as they were."""
    need = {utype}
    while more := {a for a in types if a not in need
                   and any(a[i:].startswith(b) or b.startswith(a[i:]) for b in need
                                      for i in range(1, len(a)) if not a[i - 1].isalpha())}:
        need |= more
    return [w for w in types if w in need]


def _most_named(text: str, utype: str, rules: DocumentRules) -> str | None:
    words = rules.type_words_for.get(utype, rules.unit_types)
    names = Counter(m["name"].strip() for m in _units(text, rules, words) if m["type"] == utype)
    return names.most_common(1)[0][0] if names else None


def _units(text: str, rules: DocumentRules, words: tuple[regex.Pattern, ...] | None = None) -> Iterator[regex.Match]:
    """`rules.unit.finditer(text)`, tried only where a type word is written: `regex` scans an
    alternation opening a pattern by trying it at every character (~3.7 ms over a long report),
    str.find finds each word for a fraction of that. The same matches: every match of `unit`
    starts with one of `unit_types` (its lookbehind takes no character), so a match starts at one
    of these places; finditer takes the leftmost match at or after the end of the previous one,
    which is the first of them, in order, where `unit` matches (`match` at a place tries the
    branches as the search does there, and its lookbehind reads the text before it). The words
    are found by `regex`'s literal search: str.find took 20x longer on some ("phường"). `words`:
    only where these are written (rules.type_words_for: the matches of one type)."""
    starts = sorted({m.start() for word in (words or rules.unit_types) for m in word.finditer(text, overlapped=True)})
    end = 0
    for at in starts:
        if at >= end and (m := rules.unit.match(text, at)):
            end = m.end()
            yield m


NEW_MAP = date(2025, 7, 1)      # the 34-province, two-level map is in force from this day


def map_era(meta: DocumentMeta) -> str | None:
    """The map a document was written under, when its dates say so: a report dated, or covering a
    period, after 1 July 2025 names the merged units ("tỉnh Lâm Đồng" of 2025, two levels)."""
    if meta.issue_date is not None:
        return "2025" if meta.issue_date >= NEW_MAP else "2008"
    if meta.period is not None and meta.period.start >= NEW_MAP:
        return "2025"
    if meta.period is not None and meta.period.end >= NEW_MAP and meta.doc_type != "kế hoạch":
        return "2025"                      # a report on 2025 is written after its year: "BÁO CÁO ... NĂM 2025"
    if meta.issue_year is not None and (meta.issue_year, meta.issue_month or 0) >= (NEW_MAP.year, NEW_MAP.month):
        return "2025"                      # a draft dated "ngày    tháng 11 năm 2025"
    if meta.issue_year is not None and meta.issue_month is not None:
        return "2008"
    return None


def read_metadata(text: str, gaz: Gazetteer, file_name: str = "") -> DocumentMeta:
    """What the document says of itself; where the text is silent on its period or its province,
    what its `file_name` says (normalizers/file_names.py)."""
    rules = load_document_rules()
    cfg = rules.cfg
    head, tail = _lines(_lines_down(text), _HEAD_LINES), _lines(_lines_up(text), _TAIL_LINES)[::-1]
    meta = DocumentMeta()
    meta.doc_type, meta.title = _heading(head, cfg["doc_types"], rules)
    m = rules.number.search(text[:1500])
    if m:
        meta.number, meta.symbol = m["num"], m["sym"]
    m = _place_date(text[:2000], rules)
    if m:
        meta.place = m["place"].strip()
        meta.issue_year = int(m["y"])
        meta.issue_month = int(m["m"]) if m["m"] and 1 <= int(m["m"]) <= 12 else None
        if m["d"] and m["m"]:
            try:
                meta.issue_date = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                pass
    meta.headerless = meta.doc_type is None and meta.number is None and meta.issue_year is None
    meta.period = report_period(meta.title or "", text, meta.issue_year) or (file_period(file_name) if file_name else None)
    meta.issuer, utype, uname = _issuer(text, rules)
    if utype and not uname:                    # a party committee: its unit is the one it governs
        uname = _most_named(text, utype, rules)
    if utype and uname:
        meta.unit_name = f"{utype} {uname}"
    meta.province = _province(text, gaz, rules)
    if meta.unit_name:
        era = map_era(meta)
        found = gaz.candidates(meta.unit_name)      # gaz.resolve(name, ...) is gaz.narrow(found, ...)
        meta.unit = ((gaz.narrow(found, province=meta.province, era=era) if era else None)
                     or gaz.narrow(found, province=meta.province) or gaz.narrow(found))
    body = _body_issuer(text, rules) if not meta.issuer else None
    if meta.unit is None and (body or not meta.issuer):   # an agency's report, news and portal texts
        from normalizers.context import load_context_rules
        named_in_file = file_unit(file_name, gaz, map_era(meta)) if file_name else None
        found = document_subject(text, load_context_rules(), gaz, meta, named_in_file)
        meta.unit, meta.subject = found.unit, found.subject
        titled = title_unit(meta.title or "", gaz, meta) if body else None
        if body:
            meta.issuer = body
        if titled is not None:                 # an agency reporting on its unit: "... của tỉnh Lâm Đồng"
            meta.unit, meta.subject = titled, None
        elif body:                             # the agency's own figures: "Trung tâm ... tỉnh Vĩnh Phúc"
            meta.subject = complete_body(body, replace(meta, unit=found.unit and _province_of(found.unit, gaz)))
        elif meta.symbol and rules.national_symbol.search(meta.symbol):
            meta.unit, meta.subject = None, load_who_rules().nation_entity    # "Số: 624/TB-VPCP"
        era = map_era(meta)
        if meta.unit is not None and era and meta.unit.era != era:   # the unit on the map of its time
            meta.unit = gaz.resolve(meta.unit.full_name, era=era) or meta.unit
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
    if meta.issuer is None:                    # "UBND TỈNH LÂM ĐỒNG / SỞ NỘI VỤ" over the number
        meta.issuer = _letterhead_issuer(text, rules)
    who = load_who_rules()
    if _has_list_head(text, who.list_head.pattern):   # else list_levels finds no list and gives {}
        meta.list_levels = list_levels(text, who, meta)
    meta.window = data_window(text)
    meta.as_of = as_of_dates(text)
    meta.signer, meta.position = _signature(tail, cfg["signer"]["positions"])
    meta.recipients = _recipients(text, rules)
    m = rules.kinh_gui.search(text[:3000])
    if m:
        meta.recipients.insert(0, _clean(m["to"]).rstrip("."))
    return meta
