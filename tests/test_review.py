"""`cchc review` (issue 11 item 2): verdicts on facts stored by file content and span, applied by
every view and the export, kept across re-ingests; the web page (test client) and the same
page driven in a real headless Chromium.

The warehouse is the five seed reports (samples/*.txt), read once per module and copied per test.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from pipeline.cli import EXIT_CANNOT_RUN, EXIT_OK, main
from pipeline.ingest import ingest
from review import browser
from review.app import create_app
from review.pages import Piece, layout
from tests.conftest import ROOT, SAMPLES
from warehouse import reviews
from warehouse.export import by_indicator
from warehouse.store import Warehouse

AN_NHON, HOA_THUAN = "000_ec612a35660e329c.txt", "002_442b549b8d9bf7bd.txt"
NHON_LOC_SCORE = (AN_NHON, "86,25")        # xã Nhơn Lộc's PAR INDEX score in the An Nhơn ranking table
SYNC_RATE = (HOA_THUAN, "15,5%")           # "5.090/5.370 hồ sơ (đạt 15,5%)": flagged, restated_percent
RESOLVED_EARLY = (HOA_THUAN, "219")        # an input of the derived on-time rate


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    for f in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(f, folder / f.name)
    db = folder.parent / "seeds.duckdb"
    outcomes = ingest([folder], db)
    assert {o.status for o in outcomes} == {"loaded"}
    return db


@pytest.fixture()
def db(seeds, tmp_path) -> Path:
    copy = tmp_path / "w.duckdb"
    shutil.copy(seeds, copy)
    return copy


def _fact(con, file_name: str, text: str) -> reviews.Extracted:
    doc_id, start, end = con.execute("""
        SELECT d.document_id, f.char_start, f.char_end FROM facts f JOIN documents d USING (document_id)
        WHERE d.file_name = ? AND f.matched_text = ? ORDER BY f.char_start LIMIT 1""", [file_name, text]).fetchone()
    return reviews.extracted_fact(con, doc_id, start, end)


def _document_id(con, file_name: str) -> int:
    return con.execute("SELECT document_id FROM documents WHERE file_name = ?", [file_name]).fetchone()[0]


# --- storage ------------------------------------------------------------------------------------

def test_a_correction_survives_a_forced_reingest_of_the_same_file(db):
    with Warehouse(db) as wh:
        fact = _fact(wh.con, *SYNC_RATE)
        correction = reviews.correction_from_form({"value": "94,79"}, fact, [])
        reviews.record(wh.con, fact, "corrected", correction, reviewer="analyst")
        before = wh.con.execute("SELECT fact_id FROM facts WHERE document_id = ? AND char_start = ?",
                                [_document_id(wh.con, HOA_THUAN), fact.char_start]).fetchone()[0]
    with Warehouse(db, read_only=True) as wh:
        path = wh.con.execute("SELECT path FROM documents WHERE file_name = ?", [HOA_THUAN]).fetchone()[0]
    outcomes = ingest([path], db, force=True)
    assert [o.status for o in outcomes] == ["loaded"]          # read again: its facts deleted and re-inserted
    with Warehouse(db, read_only=True) as wh:
        con = wh.con
        after = con.execute("SELECT fact_id FROM facts WHERE document_id = ? AND char_start = ?",
                            [_document_id(con, HOA_THUAN), fact.char_start]).fetchone()[0]
        assert after != before
        assert con.execute("SELECT status, value, original_value, reviewer FROM reviews").fetchall() == [
            ("corrected", 94.79, 15.5, "analyst")]
        assert con.execute("SELECT value FROM fact_spans WHERE source_file = ? AND char_start = ?",
                           [HOA_THUAN, fact.char_start]).fetchone() == (94.79,)
        assert con.execute("""SELECT indicator_value, review_status, extracted_value FROM indicator_facts
                              WHERE source_file = ? AND char_start = ?""", [HOA_THUAN, fact.char_start]).fetchall() == [
            (94.79, "corrected", 15.5)]
        # the raw facts (what `cchc eval` scores) stay as extracted
        assert con.execute("SELECT value FROM facts WHERE fact_id = ?", [after]).fetchone() == (15.5,)


def test_a_rejected_fact_is_out_of_indicator_facts_the_views_and_the_export(db):
    with Warehouse(db) as wh:
        con = wh.con
        fact = _fact(con, *NHON_LOC_SCORE)
        n_spans = con.execute("SELECT count(*) FROM fact_spans").fetchone()[0]
        assert con.execute("SELECT score FROM ranking_tables WHERE unit_name = 'xã Nhơn Lộc'").fetchone() == (86.25,)
        reviews.record(con, fact, "rejected", reviewer="analyst")
        assert con.execute("SELECT count(*) FROM indicator_facts WHERE source_file = ? AND char_start = ?",
                           [AN_NHON, fact.char_start]).fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM fact_spans").fetchone() == (n_spans - 1,)
        assert con.execute("SELECT score FROM ranking_tables WHERE unit_name = 'xã Nhơn Lộc'").fetchone() == (None,)
        export = by_indicator(con, "par_index.score")
    assert "xã Nhơn Lộc" not in set(export.comparison["Đơn vị"])
    assert not ((export.facts["Tệp nguồn"] == AN_NHON) & (export.facts["Ký tự từ"] == fact.char_start)).any()


def test_the_export_says_which_values_were_corrected_and_what_was_read(db, tmp_path):
    with Warehouse(db) as wh:
        fact = _fact(wh.con, *NHON_LOC_SCORE)
        reviews.record(wh.con, fact, "corrected", reviews.Correction(value=90.5), reviewer="analyst")
        other = wh.con.execute("""SELECT char_start, char_end FROM facts JOIN documents USING (document_id)
                                  WHERE file_name = ? AND matched_text = '85,84'""", [AN_NHON]).fetchone()
        reviews.record(wh.con, reviews.extracted_fact(wh.con, _document_id(wh.con, AN_NHON), *other), "accepted",
                       reviewer="analyst")
    assert main(["export", "--indicator", "par_index.score", "--db", str(db), "--out-dir", str(tmp_path),
                 "--format", "xlsx"]) == EXIT_OK
    sheet = openpyxl.load_workbook(tmp_path / "par_index.score.xlsx")["Dữ liệu"]
    rows = list(sheet.values)
    head = rows[0]
    by_unit = {r[head.index("Đơn vị")]: r for r in rows[1:] if r[head.index("Tệp nguồn")] == AN_NHON}
    loc, thanh = by_unit["xã Nhơn Lộc"], by_unit["phường Nhơn Thành"]
    assert (loc[head.index("Giá trị")], loc[head.index("Đã rà soát")], loc[head.index("Giá trị trước khi sửa")]) == (
        90.5, "đã sửa", 86.25)
    assert (thanh[head.index("Đã rà soát")], thanh[head.index("Giá trị trước khi sửa")]) == ("đã xác nhận", None)
    comparison = openpyxl.load_workbook(tmp_path / "par_index.score.xlsx")["So sánh"]
    assert any("xã Nhơn Lộc" in r and 90.5 in r for r in comparison.values)      # ranked: a rank column first


def test_a_corrected_entity_period_and_indicator_move_the_fact_in_the_comparisons(db):
    with Warehouse(db) as wh:
        con = wh.con
        fact = _fact(con, *NHON_LOC_SCORE)
        form = {"entity": "xã Nhơn Hậu", "period_label": "2025-H1", "indicators": "par_index.score",
                "kind": "score", "value": "86,25"}
        correction = reviews.correction_from_form(form, fact, ["par_index.score"])
        assert correction == reviews.Correction(entity="xã Nhơn Hậu", period_label="2025-H1")   # unchanged fields dropped
        reviews.record(con, fact, "corrected", correction, reviewer="analyst")
        row = con.execute("""SELECT unit_name, unit_id IS NOT NULL, period_label, period_end FROM indicator_facts
                             WHERE source_file = ? AND char_start = ?""", [AN_NHON, fact.char_start]).fetchone()
        assert row[:3] == ("xã Nhơn Hậu", True, "2025-H1") and str(row[3]) == "2025-06-30"
        assert con.execute("""SELECT indicator_value FROM unit_comparison WHERE indicator_id = 'par_index.score'
                              AND unit_name = 'xã Nhơn Hậu' AND period_label = '2025-H1'""").fetchall() == [(86.25,)]


def test_a_rejected_number_takes_its_flag_and_a_corrected_input_its_derived_rate(db):
    with Warehouse(db) as wh:
        con = wh.con
        flags = "SELECT count(*) FROM quality_flags WHERE check_name = 'restated_percent' AND value_text = '15,5%'"
        derived = "SELECT count(*) FROM indicator_facts WHERE derived AND indicator_id = 'dossier.in_time_rate'"
        assert con.execute(flags).fetchone() == (1,) and con.execute(derived).fetchone() == (1,)
        reviews.record(con, _fact(con, *SYNC_RATE), "rejected", reviewer="analyst")
        reviews.record(con, _fact(con, *RESOLVED_EARLY), "corrected", reviews.Correction(value=210), reviewer="analyst")
        assert con.execute(flags).fetchone() == (0,)
        assert con.execute(derived).fetchone() == (0,)      # computed from the number as read, so left out


def test_an_unchanged_correction_is_an_acceptance_and_clear_withdraws_a_verdict(db):
    with Warehouse(db) as wh:
        con = wh.con
        fact = _fact(con, *SYNC_RATE)
        same = reviews.correction_from_form({"value": "15,5", "kind": "percent", "indicators": "dvcqg_sync.rate"},
                                            fact, ["dvcqg_sync.rate"])
        assert reviews.record(con, fact, "corrected", same, reviewer="a").status == "accepted"
        assert reviews.reviews_of(con, fact.sha256)[(fact.char_start, fact.char_end)].status == "accepted"
        assert reviews.clear(con, fact) and not reviews.clear(con, fact)
        assert con.execute("SELECT count(*) FROM reviewed_facts WHERE review_status IS NOT NULL").fetchone() == (0,)


@pytest.mark.parametrize("text, value", [("94,79", 94.79), ("94.79", 94.79), ("1.234", 1234), ("9.737", 9737),
                                         ("1.675,605", 1675.605), ("-5", -5), (" 07 ", 7)])
def test_values_are_read_the_way_analysts_type_them(text, value):
    assert reviews.parse_value(text) == value


@pytest.mark.parametrize("bad", ["abc", "", "1.2.3", "12%"])
def test_a_value_that_is_no_number_is_refused_in_words(bad):
    with pytest.raises(reviews.ReviewError, match="không phải là một số"):
        reviews.parse_value(bad)


def test_periods_and_indicators_are_checked():
    assert (reviews.parse_period("2025-Q1").start.isoformat(), reviews.parse_period("2025-Q1").end.isoformat()) == (
        "2025-01-01", "2025-03-31")
    assert [reviews.parse_period(x).label for x in ("2024", "2023-H2", "2024-9M", "2025-03", "2022-2023")] == [
        "2024", "2023-H2", "2024-9M", "2025-03", "2022-2023"]
    for bad in ("2025-Q5", "quý 1", "2023-2022"):
        with pytest.raises(reviews.ReviewError):
            reviews.parse_period(bad)
    assert reviews.parse_indicators("a.x, b.y a.x", ["a.x", "b.y"]) == ("a.x", "b.y")
    assert reviews.parse_indicators("", ["a.x"]) == ()
    with pytest.raises(reviews.ReviewError, match="không có trong danh mục: nope"):
        reviews.parse_indicators("a.x, nope", ["a.x"])


def test_no_review_leaves_every_view_as_the_facts_are(db):
    with Warehouse(db, read_only=True) as wh:
        con = wh.con
        assert con.execute("SELECT count(*) FROM fact_spans").fetchone() == con.execute(
            "SELECT count(*) FROM facts JOIN documents USING (document_id) WHERE status = 'ok'").fetchone()
        assert con.execute("""SELECT count(*) FROM reviewed_facts r JOIN facts f USING (fact_id)
                              WHERE r.value <> f.value OR r.kind <> f.kind OR r.unit <> f.unit
                                 OR r.entity IS DISTINCT FROM f.entity
                                 OR r.period_label IS DISTINCT FROM f.period_label
                                 OR r.indicators IS DISTINCT FROM f.indicators""").fetchone() == (0,)


# --- layout -------------------------------------------------------------------------------------

def test_tab_separated_rows_become_a_table_and_every_character_stays_in_place(db):
    with Warehouse(db, read_only=True) as wh:
        from review import pages
        page = pages.page(wh.con, _document_id(wh.con, AN_NHON))
    tables = [b for b in page.blocks if b.kind == "table"]
    assert tables and [[p.text for p in cell] for cell in tables[0].rows[0]] == [
        ["STT"], ["Tên đơn vị"], ["Chỉ số CCHC (%)"], ["Xếp hạng"]]
    loc = tables[0].rows[1]
    assert loc[2][0].fact is not None and loc[2][0].text == "86,25" and loc[2][0].first
    # every fact has exactly one first piece, and the pieces are the document's text in order
    firsts = [p.fact.fact_id for b in page.blocks for p in _all_pieces(b) if p.fact and p.first]
    assert sorted(firsts) == sorted(f.fact_id for f in page.facts)
    for b in page.blocks:
        for p in _all_pieces(b):
            if p.fact and p.first:
                assert page.text[p.fact.char_start:p.fact.char_end] == p.fact.matched_text


def _all_pieces(block) -> list[Piece]:
    return list(block.pieces) if block.kind == "text" else [p for row in block.rows for cell in row for p in cell]


def test_a_lone_tabbed_line_stays_text():
    blocks = layout("Điểm:\t5 điểm\nthen text", [])
    assert [b.kind for b in blocks] == ["text"]
    assert "".join(p.text for p in blocks[0].pieces) == "Điểm:\t5 điểm\nthen text"


# --- the web app --------------------------------------------------------------------------------

@pytest.fixture()
def client(db):
    app = create_app(db, reviewer="analyst")
    app.testing = True
    return app.test_client()


def _token(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html).group(1)


def test_the_list_shows_each_document_with_its_counts(client, db):
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="doc-link"') == 5
    assert "thị xã An Nhơn" in html and "2025-Q1" in html and "/BC-UBND" in html
    row = re.search(r"<tr class=\"doc-ok\">(?:(?!</tr>).)*" + re.escape(HOA_THUAN), html, re.S).group()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    plain = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    assert (plain[4], plain[5], plain[6], plain[7]) == ("114", "5", "0", "không")   # facts, flags, reviewed, OCR


def test_missing_documents_are_hidden_unless_asked_for(seeds, tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for f in sorted(SAMPLES.glob("*.txt"))[:2]:
        shutil.copy(f, folder / f.name)
    db = tmp_path / "m.duckdb"
    ingest([folder], db)
    (folder / AN_NHON).unlink()
    ingest([folder], db)                      # the file gone: its document is marked missing
    client = create_app(db).test_client()
    assert AN_NHON not in client.get("/").get_data(as_text=True)
    shown = client.get("/?all=1").get_data(as_text=True)
    assert AN_NHON in shown and "không còn tệp" in shown


def test_the_document_page_highlights_every_fact_by_kind_with_its_details(client, db):
    with Warehouse(db, read_only=True) as wh:
        doc_id = _document_id(wh.con, HOA_THUAN)
        n = wh.con.execute("SELECT count(*) FROM facts WHERE document_id = ?", [doc_id]).fetchone()[0]
    resp = client.get(f"/documents/{doc_id}")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert len(re.findall(r'<mark class="fact k-\w+[^"]*"\s+data-fact-id="\d+" id="f\d+" tabindex="0">', html)) == n
    assert {"k-count", "k-percent", "k-ratio", "k-score"} <= set(re.findall(r"\bk-\w+", html))
    assert html.count("flagged") >= 5                       # the five restated_percent checks, and the legend
    assert "Chú giải" in html and "<kbd>a</kbd> xác nhận" in html
    assert '"cue": "' in html or '"cue":"' in html          # the words that decided the indicator ride along


def test_document_text_is_escaped(tmp_path):
    folder = tmp_path / "x"
    folder.mkdir()
    seed = (SAMPLES / HOA_THUAN).read_text(encoding="utf-8")
    (folder / "planted.txt").write_text("<script>alert('x')</script> <img src=x onerror=alert(1)>\n" + seed,
                                        encoding="utf-8")
    db = tmp_path / "x.duckdb"
    assert [o.status for o in ingest([folder], db)] == ["loaded"]
    with Warehouse(db) as wh:
        fact = _fact(wh.con, "planted.txt", "15,5%")
        reviews.record(wh.con, fact, "corrected", reviews.Correction(entity="</script><script>alert(2)</script>"),
                       reviewer="analyst")
    html = create_app(db).test_client().get("/documents/1").get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)" in html     # the JSON of the facts, escaped too


def test_verdicts_are_posted_with_the_pages_token_from_this_machine_only(client, db):
    with Warehouse(db, read_only=True) as wh:
        fact = _fact(wh.con, *SYNC_RATE)
        doc_id = _document_id(wh.con, HOA_THUAN)
    token = _token(client.get(f"/documents/{doc_id}").get_data(as_text=True))
    url = f"/documents/{doc_id}/reviews"
    form = {"action": "correct", "char_start": fact.char_start, "char_end": fact.char_end, "value": "94,79",
            "kind": "percent", "entity": "phường Hoà Thuận", "period_label": "2025-Q1", "indicators": "dvcqg_sync.rate"}
    assert client.post(url, data=form, headers={"Accept": "application/json"}).status_code == 403    # no token
    assert client.post(url, data={**form, "token": token}, headers={"Host": "evil.example"}).status_code == 400
    bad = client.post(url, data={**form, "token": token, "value": "abc"}, headers={"Accept": "application/json"})
    assert bad.status_code == 400 and "không phải là một số" in bad.get_json()["message"]
    ok = client.post(url, data={**form, "token": token}, headers={"Accept": "application/json"}).get_json()
    assert ok["ok"] and ok["fact"]["status"] == "corrected" and ok["fact"]["value"] == "94,79"
    assert ok["fact"]["extracted"]["value"] == "15,5"
    plain = client.post(url, data={"action": "reject", "char_start": fact.char_start, "char_end": fact.char_end,
                                   "token": token})
    assert plain.status_code == 303 and plain.headers["Location"].endswith(f"#f{ok['fact']['id']}")
    with Warehouse(db, read_only=True) as wh:
        assert wh.con.execute("SELECT status, value, reviewer FROM reviews").fetchall() == [
            ("rejected", None, "analyst")]
    html = client.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "st-rejected" in html                              # shown, so that it can be undone
    gone = client.post(url, data={"action": "accept", "char_start": 1, "char_end": 2, "token": token},
                       headers={"Accept": "application/json"})
    assert gone.status_code == 400 and "tải lại trang" in gone.get_json()["message"]


def test_a_warehouse_locked_by_a_writer_gives_a_clear_message(client, db):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); sys.stdin.read()"),
        str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        resp = client.get("/")
        assert resp.status_code == 503
        assert "đang được một tiến trình khác ghi" in resp.get_data(as_text=True)
        posted = client.post("/documents/1/reviews", data={"action": "accept", "char_start": 1, "char_end": 2,
                                                           "token": "x"}, headers={"Accept": "application/json"})
        assert posted.status_code == 403                      # the token is checked before the warehouse is opened
    finally:
        holder.stdin.close()
        holder.wait()


def test_review_without_a_warehouse_says_what_to_run(tmp_path, capsys):
    assert main(["review", "--db", str(tmp_path / "none.duckdb")]) == EXIT_CANNOT_RUN
    assert "no warehouse at" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["review", "--port", "99999"])
    assert "is not a port number" in capsys.readouterr().err


def test_a_port_in_use_is_named(db, capsys):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["review", "--db", str(db), "--port", str(port)]) == EXIT_CANNOT_RUN
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


# --- in a real browser --------------------------------------------------------------------------

@pytest.fixture()
def server(db):
    """`cchc review --port 0` in its own process: the address it prints, then stopped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "review", "--db", str(db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, f"cchc review printed {line!r}"
        yield url.group()
    finally:
        proc.terminate()
        proc.wait()


def test_an_analyst_corrects_a_value_with_the_keyboard_in_chromium(server, db, tmp_path):
    why = browser.missing()
    if why:
        pytest.skip(why)
    from playwright.sync_api import expect, sync_playwright
    with sync_playwright() as p:
        chromium = browser.launch(p)
        try:
            page = chromium.new_page()
            page.goto(server)
            expect(page.locator("a.doc-link")).to_have_count(5)
            page.get_by_role("link", name=AN_NHON).click()
            expect(page.locator("h1")).to_have_text(AN_NHON)
            cell = page.locator("table.cells mark.fact[tabindex]", has_text="86,25")
            cell.hover()
            tip = page.locator("#tip")
            expect(tip).to_be_visible()
            expect(tip).to_contain_text("xã Nhơn Lộc")
            expect(tip).to_contain_text("par_index.score")
            expect(tip).to_contain_text("Chỉ số CCHC")                     # the words that decided it
            cell.focus()
            page.keyboard.press("e")
            value = page.locator("#edit-value")
            expect(value).to_be_focused()
            expect(value).to_have_value("86,25")
            value.fill("90,5")
            page.keyboard.press("Enter")
            expect(page.locator("#edit")).not_to_be_visible()
            expect(cell).to_have_class(re.compile(r"\bst-corrected\b"))
            expect(cell).to_be_focused()                                   # focus comes back to the fact
            page.keyboard.press("j")                                       # the next fact: its rank, accepted
            expect(page.locator("table.cells mark.fact[tabindex]", has_text="86,25")).not_to_be_focused()
            page.keyboard.press("a")
            expect(page.locator("mark.fact.current")).to_have_class(re.compile(r"\bst-accepted\b"))
            page.keyboard.press("k")
            expect(cell).to_be_focused()
            page.keyboard.press("Escape")
            expect(tip).to_be_hidden()
        finally:
            chromium.close()
    with Warehouse(db, read_only=True) as wh:
        assert wh.con.execute("SELECT status, value, original_value FROM reviews ORDER BY char_start").fetchall() == [
            ("corrected", 90.5, 86.25), ("accepted", None, 1.0)]
    assert main(["export", "--indicator", "par_index.score", "--db", str(db), "--out-dir", str(tmp_path),
                 "--format", "xlsx"]) == EXIT_OK
    rows = list(openpyxl.load_workbook(tmp_path / "par_index.score.xlsx")["Dữ liệu"].values)
    head = rows[0]
    corrected = [r for r in rows[1:] if r[head.index("Đã rà soát")] == "đã sửa"]
    assert [(r[head.index("Đơn vị")], r[head.index("Giá trị")], r[head.index("Giá trị trước khi sửa")])
            for r in corrected] == [("xã Nhơn Lộc", 90.5, 86.25)]
