"""`cchc review`: a local web page where an analyst reads each document with its facts
highlighted and accepts, corrects or rejects them (stored by warehouse/reviews.py).

Flask (Werkzeug + Jinja2): templates autoescape, which matters here, the document text is
untrusted. The warehouse is opened per request, read-only for a page and read-write only for
the moment a verdict is written, so `cchc ingest`, `cchc export` or a DuckDB shell can use it
between clicks; a lock keeps this process's own requests from opening it twice at once (DuckDB
refuses two configurations of one file in one process). Bound to 127.0.0.1 only; a form token
and a Host check keep other web pages (and DNS rebinding) from posting verdicts.
"""
from __future__ import annotations

import secrets
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
from flask import Flask, abort, jsonify, redirect, render_template, request, url_for

from review import pages
from warehouse import reviews
from warehouse.store import Warehouse, WarehouseError

BUSY = ("Kho dữ liệu đang được một tiến trình khác ghi (ví dụ cchc ingest hoặc một DuckDB shell); "
        "hãy thử lại sau giây lát.")
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ACTIONS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class Unavailable(Exception):
    """The warehouse cannot be opened now; the message is for the analyst."""


def _unavailable(exc: WarehouseError) -> Unavailable:
    if "in use by another process" in str(exc):
        return Unavailable(BUSY)
    return Unavailable(f"Không mở được kho dữ liệu: {exc}")


def create_app(db: str | Path, reviewer: str | None = None) -> Flask:
    app = Flask(__name__)
    db = str(db)
    who = reviewer or reviews.reviewer_name()
    token = secrets.token_urlsafe(24)          # per server: a page of another origin cannot know it
    lock = threading.Lock()

    @contextmanager
    def opened(open_warehouse) -> Iterator[duckdb.DuckDBPyConnection]:
        with lock:
            try:
                wh = open_warehouse(db)
            except WarehouseError as exc:
                raise _unavailable(exc) from exc
            try:
                yield wh.con
            finally:
                wh.close()

    def reading():
        return opened(Warehouse.for_reading)

    def writing():
        return opened(Warehouse)

    def wants_json() -> bool:
        return request.accept_mimetypes.best_match(["application/json", "text/html"]) == "application/json"

    def failure(status: int, heading: str, message: str, back: str | None = None):
        if wants_json():
            return jsonify(ok=False, message=message), status
        return render_template("error.html", db=db, heading=heading, message=message, back=back), status

    @app.before_request
    def only_local():
        if request.host.rsplit(":", 1)[0].strip("[]") not in LOCAL_HOSTS:
            abort(400)

    @app.after_request
    def headers(resp):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        return resp

    @app.errorhandler(Unavailable)
    def unavailable(exc: Unavailable):
        return failure(503, "Kho dữ liệu đang bận", str(exc))

    @app.errorhandler(404)
    def not_found(_exc):
        return failure(404, "Không tìm thấy", "Không có trang hoặc tài liệu này.")

    @app.errorhandler(400)
    def bad_request(_exc):
        return failure(400, "Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ (chỉ mở trang này từ máy này).")

    @app.get("/")
    def document_list():
        include_missing = request.args.get("all") == "1"
        with reading() as con:
            rows = pages.documents(con, include_missing)
        return render_template("documents.html", db=db, rows=rows, include_missing=include_missing)

    @app.get("/documents/<int:document_id>")
    def document_page(document_id: int):
        with reading() as con:
            p = pages.page(con, document_id)
        if p is None:
            abort(404)
        data = [pages.fact_data(f, p.indicators) for f in p.facts]
        return render_template("document.html", db=db, p=p, kinds=pages.KIND_LABELS, token=token, facts_data=data)

    @app.post("/documents/<int:document_id>/reviews")
    def review_fact(document_id: int):
        back = url_for("document_page", document_id=document_id)
        form = request.form
        if not secrets.compare_digest(form.get("token", ""), token):
            return failure(403, "Phiên đã hết hạn", "Trang đã cũ (máy chủ cchc review đã khởi động lại): "
                                                     "hãy tải lại trang rồi thử lại.", back)
        action = form.get("action", "")
        try:
            span = (int(form.get("char_start", "")), int(form.get("char_end", "")))
        except ValueError:
            return failure(400, "Yêu cầu không hợp lệ", "Thiếu vị trí của số liệu.", back)
        if action not in (*ACTIONS, "clear"):
            return failure(400, "Yêu cầu không hợp lệ", f"Thao tác “{action}” không hợp lệ.", back)
        try:
            with writing() as con:
                fact = reviews.extracted_fact(con, document_id, *span)
                labels = pages.indicator_labels(con)
                if action == "clear":
                    reviews.clear(con, fact)
                else:
                    correction = (reviews.correction_from_form(dict(form), fact, labels) if action == "correct"
                                  else reviews.Correction())
                    reviews.record(con, fact, ACTIONS[action], correction, reviewer=who)
                # the fact as the page must now show it (one fact: the rest of the page is unchanged)
                data = pages.fact_data(pages.facts(con, document_id, span)[0], labels)
        except reviews.ReviewError as exc:
            return failure(400, "Không lưu được", str(exc), back)
        if wants_json():
            return jsonify(ok=True, fact=data)
        return redirect(f"{back}#f{data['id']}", code=303)

    return app
