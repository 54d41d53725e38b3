from __future__ import annotations

import pytest

from pipeline.model import Document
from pipeline.structure import document_info, parse_sections
from pipeline.structure.agency import recase_agency
from pipeline.structure.report_year import year_reported_in

from .conftest import text_document

HEADER = (
    "UBND TỈNH THỪA THIÊN HUẾ\n"
    "SỞ TÀI CHÍNH    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Độc lập - Tự do - Hạnh phúc\n"
    "Số: 12/BC-STC\n\n"
)


def info_of(text: str):
    document = text_document(text)
    return document_info(document, parse_sections(document))


def test_real_report_info(real_report: Document):
    info = document_info(real_report, parse_sections(real_report))
    assert info.title == (
        "Báo cáo kết quả thực hiện Nghị quyết Hội nghị công chức, viên chức, người lao động "
        "năm 2021 và phương hướng nhiệm vụ năm 2022")
    assert info.agency == "Sở Lao động – Thương binh và Xã hội"
    assert info.report_year == 2021


def test_title_in_capitals_agency_from_header():
    info = info_of(HEADER + "BÁO CÁO\nTỔNG KẾT CÔNG TÁC TÀI CHÍNH NĂM 2021\n"
                   "VÀ PHƯƠNG HƯỚNG NHIỆM VỤ NĂM 2022\n\n"
                   "Căn cứ Quyết định số 62/QĐ-UBND ngày 19/01/2021 của UBND tỉnh.\n"
                   "I. KẾT QUẢ\nNội dung.\n")
    assert info.title == (
        "Báo cáo tổng kết công tác tài chính năm 2021 và phương hướng nhiệm vụ năm 2022")
    assert info.agency == "Sở Tài chính"
    assert info.report_year == 2021


def test_title_stops_at_the_first_body_sentence_without_blank_lines():
    info = info_of("BÁO CÁO\nSơ kết công tác 6 tháng đầu năm 2022\n"
                   "Thực hiện Kế hoạch số 05/KH-UBND, Ủy ban nhân dân huyện Phú Vang báo cáo "
                   "như sau:\n1. Kết quả\n")
    assert info.title == "Báo cáo sơ kết công tác 6 tháng đầu năm 2022"
    assert info.agency == "Ủy ban nhân dân huyện Phú Vang"
    assert info.report_year == 2022


def test_agency_name_wrapped_in_header():
    info = info_of("UBND TỈNH QUẢNG TRỊ\nSỞ LAO ĐỘNG – THƯƠNG BINH\nVÀ XÃ HỘI\n\nBÁO CÁO\n"
                   "Tình hình thực hiện năm 2020\n\nI. KẾT QUẢ\n")
    assert info.agency == "Sở Lao động – Thương binh và Xã hội"
    assert info.report_year == 2020


def test_no_title_year_from_opening_sentence_not_from_dates():
    info = info_of("Thực hiện Nghị định số 04/2015/NĐ-CP ngày 09 tháng 01 năm 2015 của Chính "
                   "phủ, Phòng Nội vụ báo cáo kết quả công tác năm 2019 và nhiệm vụ năm 2020 "
                   "như sau:\n1. Kết quả\nNăm 2019 đạt 95%.\n")
    assert info.title is None
    assert info.agency == "Phòng Nội vụ"
    assert info.report_year == 2019


def test_nothing_known():
    info = info_of("Một đoạn văn không có tiêu đề.\n")
    assert (info.title, info.agency, info.report_year) == (None, None, None)


@pytest.mark.parametrize(("phrase", "year"), [
    ("kết quả thực hiện năm 2021 và phương hướng nhiệm vụ năm 2022", 2021),
    ("Báo cáo tổng kết năm 2021", 2021),
    ("Báo cáo sơ kết 6 tháng đầu năm 2022", 2022),
    ("Kế hoạch nhiệm vụ năm 2023", 2023),
    ("tổng kết giai đoạn 2016-2020 và mục tiêu giai đoạn 2021-2025", 2020),
    ("theo Nghị quyết số 12/2021/NQ-HĐND, kết quả năm 2022", 2022),
    ("không có năm", None),
])
def test_year_reported_in(phrase: str, year: int | None):
    assert year_reported_in(phrase) == year


@pytest.mark.parametrize(("written", "expected"), [
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
    ("UBND TỈNH THỪA THIÊN HUẾ", "Ủy ban nhân dân tỉnh Thừa Thiên Huế"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "Ủy ban nhân dân thành phố Huế"),
    ("CHI CỤC THỐNG KÊ", "Chi cục Thống kê"),
])
def test_recase_agency(written: str, expected: str):
    assert recase_agency(written) == expected


MOTTO_CELL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
REPORT_AFTER_HEADER = ("BÁO CÁO\nKết quả trồng rừng năm 2025\n\n"
                       "Thực hiện Kế hoạch số 05/KH-UBND, kết quả như sau:\nI. KẾT QUẢ\n")


@pytest.mark.parametrize(("header", "agency"), [
    # A header cell whose lines the table joined: the parent body, then the issuer.
    (f"UBND TỈNH HÒA SƠN BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ VÀ ĐỀ ÁN 06 Số: 7/BC-BCĐ | {MOTTO_CELL}\n",
     "Ban Chỉ đạo chuyển đổi số và Đề án 06"),
    ("UBND TỈNH HÒA SƠN\nBAN CHỈ ĐẠO PHÁT TRIỂN DU LỊCH TỈNH HÒA SƠN\n",
     "Ban Chỉ đạo phát triển du lịch tỉnh Hòa Sơn"),
    ("ỦY BAN NHÂN DÂN HUYỆN PHÚ AN\nSố: 7/BC-UBND\n", "Ủy ban nhân dân huyện Phú An"),
    ("UBND TỈNH HÒA SƠN\nVĂN PHÒNG UBND TỈNH HÒA SƠN\n", "Văn phòng Ủy ban nhân dân tỉnh Hòa Sơn"),
    ("UBND TỈNH HÒA SƠN\nTRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG\n",
     "Trung tâm Phục vụ hành chính công"),
    ("UBND TỈNH HÒA SƠN\nHỘI ĐỒNG THI ĐUA KHEN THƯỞNG TỈNH HÒA SƠN\n",
     "Hội đồng Thi đua khen thưởng tỉnh Hòa Sơn"),
    ("UBND TỈNH HÒA SƠN\nCÔNG AN TỈNH HÒA SƠN\n", "Công an tỉnh Hòa Sơn"),
])
def test_agencies_beyond_departments(header: str, agency: str):
    assert info_of(header + REPORT_AFTER_HEADER).agency == agency
