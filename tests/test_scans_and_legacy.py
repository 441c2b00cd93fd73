"""Every file an office sends: scans read by OCR (extractors/ocr.py) and legacy Word, OpenDocument
and RTF files converted by LibreOffice (extractors/office.py), on real files of a provincial
office (tests/data/real, see its README). The system packages come from
scripts/system_packages.sh (`make` installs them when it can); without them these tests are
skipped and say why, and the formats fail with a message naming what to install."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from extractors import ExtractionError, extract
from extractors import office
from extractors.ocr import parse_tsv, tesseract
from pipeline.facts import Knowledge, facts_with_context
from tests.conftest import ROOT

REAL = ROOT / "tests" / "data" / "real"
SHARED_REAL = ROOT.parent / "shared" / "real" / "lamdong_vbai"
needs_ocr = pytest.mark.skipif(tesseract() is None, reason="Tesseract with its Vietnamese model is not installed "
                                                           "(scripts/system_packages.sh)")
needs_office = pytest.mark.skipif(office.soffice() is None, reason="LibreOffice is not installed "
                                                                  "(scripts/system_packages.sh)")


@pytest.fixture(scope="module")
def know() -> Knowledge:
    return Knowledge.load()


def _facts(path: Path, know: Knowledge):
    return facts_with_context(extract(path), know).facts


def _multiset_f1(a, b) -> float:
    A = Counter((f.kind, round(f.value, 4), f.denominator) for f in a)
    B = Counter((f.kind, round(f.value, 4), f.denominator) for f in b)
    tp = sum((A & B).values())
    p, r = tp / sum(A.values()), tp / sum(B.values())
    return 2 * p * r / (p + r) if tp else 0.0


# --- OCR ---------------------------------------------------------------------------------------

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def _tsv(words: list[tuple[int, int, int, str]]) -> str:
    return TSV_HEADER + "".join(f"5\t1\t{b}\t{p}\t{l}\t1\t0\t0\t10\t10\t91.5\t{w}\n" for b, p, l, w in words)


def test_ocr_words_make_paragraphs_with_tesseracts_numbers():
    """Lines of one paragraph join with a space; a page number alone at the top is dropped; a
    thousands dot read with a space after it is rejoined; known misreadings are undone."""
    page = parse_tsv(_tsv([(1, 1, 1, "2"),
                           (2, 1, 1, "đã"), (2, 1, 1, "giải"), (2, 1, 1, "quyết"),
                           (2, 1, 2, "293."), (2, 1, 2, "132"), (2, 1, 2, "hô"), (2, 1, 2, "sơ,"),
                           (2, 1, 2, "kinh"), (2, 1, 2, "phí"), (2, 1, 2, "12"), (2, 1, 2, "triệu"), (2, 1, 2, "đông"),
                           (3, 1, 1, "II."), (3, 1, 1, "KẾT"), (3, 1, 1, "QUẢ")]), 2)
    assert page.paragraphs == ["đã giải quyết 293.132 hồ sơ, kinh phí 12 triệu đồng", "II. KẾT QUẢ"]
    assert page.confidence == pytest.approx(91.5)


@needs_ocr
def test_a_scanned_cover_memo_is_read_and_gives_no_fact(know):
    """ld_2025_10_ttr283: one scanned page, a received stamp with a handwritten incoming number."""
    doc = extract(REAL / "ld_2025_10_ttr283_cat_dean06_scan.pdf")
    assert doc.pages == 1 and "Tờ trình".upper() in doc.text.upper()
    assert doc.page_confidence is not None and doc.page_confidence[0] > 80
    assert any("OCR" in w for w in doc.warnings)
    assert facts_with_context(doc, know).facts == []


@needs_ocr
def test_a_scanned_report_gives_the_facts_of_its_word_original(know):
    """ld_2026_03_ttr239 (15 scanned pages) against its .docx: the same facts by kind, value and
    denominator (multiset F1 ≥ 0.85; the scan's cover memo adds a page the .docx lacks)."""
    scanned = _facts(REAL / "ld_2026_03_ttr239_bc_dean06_scan.pdf", know)
    original = _facts(REAL / "ld_2026_03_bc_dean06_tthc_cds.docx", know)
    assert _multiset_f1(scanned, original) >= 0.85


# --- LibreOffice -------------------------------------------------------------------------------

@needs_office
def test_a_legacy_doc_is_converted_and_read_with_its_tables(know):
    doc = extract(REAL / "ld_2025_11_bc_dean06_den_2011.doc")
    assert doc.format == "doc"
    assert any(b.table is not None for b in doc.blocks)
    facts = facts_with_context(doc, know).facts
    assert len(facts) > 100 and {f.entity for f in facts} >= {"tỉnh Lâm Đồng"}


@needs_office
def test_a_mostly_empty_legacy_form_gives_few_facts(know):
    """ld_2025_nq76: a Bộ Nội vụ form with coded answers ("Có tổ chức = 1") and empty cells."""
    facts = _facts(REAL / "ld_2025_nq76_soket_phuluc_solieu_captinh.doc", know)
    assert len(facts) <= 10


@needs_office
def test_an_rtf_file_is_converted(tmp_path, know):
    rtf = tmp_path / "bao_cao.rtf"
    rtf.write_bytes(rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}}\f0 "
                    rb"UBND X\u195?\'3f AN NH\u416?\'3fN\par B\u193?\'3fO C\u193?\'3fO\par "
                    rb"\u272?\'3f\u227?\'3f ti\u7871?\'3fp nh\u7853?\'3fn 1.250 h\u7891?\'3f s\u417?\'3f.\par}")
    doc = extract(rtf)
    assert doc.format == "rtf" and "1.250" in doc.text
    assert [(f.kind, f.value) for f in facts_with_context(doc, know).facts] == [("count", 1250.0)]


def test_without_libreoffice_a_doc_fails_naming_what_to_install(monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(ExtractionError, match="LibreOffice is not installed.*libreoffice-writer-nogui"):
        extract(REAL / "ld_2025_11_bc_dean06_den_2011.doc")


def test_a_conversion_that_hangs_is_killed_and_reported(monkeypatch, tmp_path):
    """soffice can hang on a damaged file: its whole process group is killed at the time limit."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30 &\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(office, "soffice", lambda: str(fake))
    with pytest.raises(ExtractionError, match="did not convert it within 1 s"):
        office.convert_to_docx(b"\xd0\xcf\x11\xe0", "doc", timeout=1)


# --- the whole inbox ---------------------------------------------------------------------------

@pytest.mark.skipif(not SHARED_REAL.is_dir(), reason=f"{SHARED_REAL} is not here (the shared corpus sits beside "
                                                     "the clone on the development machine only)")
@pytest.mark.skipif(tesseract() is None or office.soffice() is None, reason="OCR or LibreOffice not installed")
def test_every_file_of_the_provincial_office_ingests(tmp_path):
    from pipeline.ingest import ingest
    outcomes = ingest([SHARED_REAL], tmp_path / "w.duckdb")
    failed = [(o.path, o.reason) for o in outcomes if o.status == "failed"]
    assert not failed
    assert sum(o.status == "loaded" for o in outcomes) == len([p for p in SHARED_REAL.iterdir() if p.suffix != ".md"])


@needs_ocr
def test_a_ruled_table_in_a_scan_is_read_cell_by_cell(know):
    """The An Nhơn ranking table as an image (tests/data/scans): its rules found in the image,
    every word in its cell, so scores stay under "Chỉ số CCHC (%)" and ranks under "Xếp hạng" —
    the facts of the text PDF's same page."""
    scan = extract(ROOT / "tests" / "data" / "scans" / "000_ec612a35660e329c.p2-scan.pdf")
    rows: dict = {}
    for b in scan.blocks:
        if b.table is not None:
            rows.setdefault((b.table, b.row), []).append(b.header)
    assert ["STT", "Tên đơn vị", "Chỉ số CCHC (%)", "Xếp hạng"] in rows.values()
    scanned = facts_with_context(scan, know).facts
    text = [f for f in _facts(ROOT / "samples" / "000_ec612a35660e329c.pdf", know) if f.page == 2]
    assert _multiset_f1(scanned, text) >= 0.95
