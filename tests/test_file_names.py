"""The unit and period a received file's name gives (normalizers/file_names.py), table-driven
from the examples of data/vi/file_names.toml, and used only where the text is silent."""
from __future__ import annotations

import pytest

from normalizers.documents import read_metadata
from normalizers.file_names import file_period, file_province, fold, load_file_name_rules
from normalizers.units import Gazetteer

RULES = load_file_name_rules()
PERIOD_EXAMPLES = [(p["name"], name, label) for p in RULES.cfg["period"] for name, label in p["examples"]]
PROVINCE_EXAMPLES = [tuple(e) for e in RULES.cfg["province"]["examples"]]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_fold_writes_ascii_words_joined_by_one_separator():
    assert fold("Báo cáo Quý III-2024 (Đắk Lắk)") == "bao_cao_quy_iii_2024_dak_lak"


@pytest.mark.parametrize("rule,name,label", PERIOD_EXAMPLES)
def test_file_name_period(rule, name, label):
    found = file_period(name)
    assert found is not None and found.label == label, rule


def test_a_name_without_a_year_gives_no_period():
    assert file_period("bao_cao_cchc.docx") is None
    assert file_period("scan_0611.pdf") is None


@pytest.mark.parametrize("name,province", PROVINCE_EXAMPLES)
def test_file_name_province(name, province, gaz):
    assert (file_province(name, gaz) or "") == province


def test_the_text_wins_over_the_file_name(gaz):
    """A report that names its year keeps it, whatever the file is called."""
    text = "UBND TỈNH BẾN TRE\n\nBÁO CÁO\nKết quả cải cách hành chính năm 2023\n\nNăm 2023, tỉnh tiếp nhận 100 hồ sơ."
    meta = read_metadata(text, gaz, "bao_cao_vinhphuc_2025_q1.docx")
    assert meta.period.label == "2023"
    assert meta.unit.full_name == "tỉnh Bến Tre"


def test_a_news_text_without_its_year_takes_the_file_names(gaz):
    """13_tphcm (dev): "quý 3" with no year written anywhere; the file was named for quý 3/2025."""
    text = ("Báo cáo công tác kiểm soát thủ tục hành chính (TTHC) quý 3 của UBND TPHCM gửi Văn phòng "
            "Chính phủ cho thấy nhiều kết quả tích cực.\n\nNgười dân đánh giá sự hài lòng đạt 94,5%.")
    assert read_metadata(text, gaz).period is None
    assert read_metadata(text, gaz, "13_tphcm_kiemsoat_tthc_q3_2025.txt").period.label == "2025-Q3"
