"""Header layouts of real reports: the title, agency, year and sections read the same in each."""

from __future__ import annotations

import pytest

from pipeline.model import Block, Document
from pipeline.structure import document_info, parse_sections

from .conftest import text_document

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
AGENCY_LINES = "UBND TỈNH VÂN GIANG\nSỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI\n"
NUMBER_AND_DATE = "Số: 123/BC-SLĐTBXH\nVân Giang, ngày 15 tháng 12 năm 2023\n"
TITLE_LINE = "Kết quả thực hiện nhiệm vụ năm 2023 và phương hướng, nhiệm vụ năm 2024"
OPENING = ("Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 năm 2019 của Chính phủ, "
           "Sở báo cáo như sau:")
BODY = ("Phần thứ nhất\nKẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023\nI. KẾT QUẢ ĐẠT ĐƯỢC\n"
        "1. Công tác lao động, việc làm\n- Giải quyết việc làm cho 17.050 lao động, tăng so với "
        "năm 2022.\nPhần thứ hai\nPHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024\n"
        "Nơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n")
TITLE = f"Báo cáo {TITLE_LINE[0].lower()}{TITLE_LINE[1:]}"
AGENCY = "Sở Lao động – Thương binh và Xã hội"
# The "- Giải quyết việc làm cho ..." paragraph is an item of section 1, not a section.
PATHS = ["Phần thứ nhất", "Phần thứ nhất > I", "Phần thứ nhất > I > 1", "Phần thứ hai"]

HEADERS = {
    "agency_motto_number_date": AGENCY_LINES + MOTTO + NUMBER_AND_DATE,
    "motto_first": MOTTO + AGENCY_LINES + NUMBER_AND_DATE,
    "two_columns_on_one_line": (
        "UBND TỈNH VÂN GIANG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI          Độc lập - Tự do - Hạnh phúc\n"
        "Số: 123/BC-SLĐTBXH          Vân Giang, ngày 15 tháng 12 năm 2023\n"),
    "agency_wrapped_number_in_capitals": (
        "UBND TỈNH VÂN GIANG\nSỞ LAO ĐỘNG – THƯƠNG BINH\nVÀ XÃ HỘI\n"
        "SỐ: 123/BC-SLĐTBXH\n" + MOTTO + "Vân Giang, ngày 15 tháng 12 năm 2023\n"),
    "sentence_case_as_in_tcvn3": (
        "UBND tỉnh Vân Giang\nSở Lao động – Thương binh và Xã hội\n"
        "Vân Giang, ngày 15 tháng 12 năm 2023\n"),
}


def info_and_paths(document: Document) -> tuple[tuple[object, ...], list[str]]:
    sections = parse_sections(document)
    info = document_info(document, sections)
    return (info.title, info.agency, info.report_year), [s.path for s in sections]


@pytest.mark.parametrize("header", HEADERS.values(), ids=HEADERS.keys())
def test_header_layouts(header: str):
    kind = "Báo cáo" if header.startswith("UBND tỉnh") else "BÁO CÁO"
    document = text_document(f"{header}\n{kind}\n{TITLE_LINE}\n{OPENING}\n{BODY}")
    assert info_and_paths(document) == ((TITLE, AGENCY, 2023), PATHS)


def test_title_run_on_into_the_opening_sentence_as_in_pdf_text():
    document = text_document(f"{AGENCY_LINES}{NUMBER_AND_DATE}BÁO CÁO\n{TITLE_LINE} {OPENING}\n"
                             f"{BODY}")
    assert info_and_paths(document) == ((TITLE, AGENCY, 2023), PATHS)


def test_markdown_heading_hashes():
    document = text_document(
        f"{AGENCY_LINES}{NUMBER_AND_DATE}# BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n"
        + BODY.replace("Phần thứ", "## Phần thứ").replace("I. ", "### I. "), "x.md")
    (info, paths) = info_and_paths(document)
    assert (info, paths) == ((TITLE, AGENCY, 2023), PATHS)
    first = parse_sections(document)[0]
    assert document.text[first.char_start:].startswith("Phần thứ nhất\n")


def blocks_of(text: str, kinds: dict[str, str]) -> list[Block]:
    """One block per line; a line starting with a key of `kinds` gets that kind, else
    paragraph; consecutive table lines form one table block."""
    blocks: list[Block] = []
    offset = 0
    for line in text.split("\n"):
        kind = next((k for start, k in kinds.items() if line.startswith(start)), "paragraph")
        if kind == "table" and blocks and blocks[-1].kind == "table":
            blocks[-1].char_end = offset + len(line)
        elif line:
            blocks.append(Block(kind=kind, char_start=offset, char_end=offset + len(line)))
        offset += len(line) + 1
    return blocks


def test_header_as_heading_blocks_is_not_a_section():
    text = f"{AGENCY_LINES}{NUMBER_AND_DATE}BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{BODY}"
    headings = {"UBND": "heading", "SỞ": "heading", "BÁO CÁO": "heading", "Phần": "heading",
                "KẾT QUẢ": "heading", "PHƯƠNG": "heading", "KT.": "heading"}
    document = Document(path="x.docx", format="docx", text=text, blocks=blocks_of(text, headings))
    assert info_and_paths(document) == ((TITLE, AGENCY, 2023), PATHS)


def test_header_laid_out_as_a_table():
    header = ("UBND TỈNH VÂN GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
              "SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI | Độc lập - Tự do - Hạnh phúc\n"
              "Số: 123/BC-SLĐTBXH | Vân Giang, ngày 15 tháng 12 năm 2023\n")
    text = f"{header}BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{BODY}"
    table = {"UBND": "table", "SỞ": "table", "Số:": "table"}
    document = Document(path="x.docx", format="docx", text=text, blocks=blocks_of(text, table))
    assert info_and_paths(document) == ((TITLE, AGENCY, 2023), PATHS)


def test_without_title_the_year_is_not_taken_from_dates_or_citations():
    document = text_document(
        f"{AGENCY_LINES}{NUMBER_AND_DATE}Căn cứ Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 "
        "năm 2019, Sở báo cáo kết quả năm 2023 như sau:\n" + BODY)
    assert document_info(document, parse_sections(document)).report_year == 2023


def test_sections_end_before_the_recipients_and_signer():
    document = text_document(f"BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{BODY}")
    sections = parse_sections(document)
    assert document.text[max(s.char_end for s in sections):].lstrip().startswith("Nơi nhận")


CLOSING_TABLE = ("Nơi nhận: - UBND tỉnh; - Lưu: VT. | KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn A\n"
                 "PHỤ LỤC\nBIỂU SỐ LIỆU NĂM 2023\nSố lao động được giải quyết việc làm | 17.050\n")


def test_a_closing_laid_out_as_a_table_ends_the_body_before_the_appendix():
    """Recipients in one cell, the signer in the next (a .docx closing): the appendix after
    it is not part of the last section ("Phương hướng, nhiệm vụ năm 2024"), whose figures are
    next year's targets."""
    body = BODY[:BODY.index("Nơi nhận")]
    text = f"BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{body}{CLOSING_TABLE}"
    document = Document(path="x.docx", format="docx", text=text, blocks=blocks_of(
        text, {"Nơi nhận": "table", "Số lao động": "table"}))
    sections = parse_sections(document)
    assert [s.path for s in sections] == [*PATHS, "PHỤ LỤC"]
    assert document.text[sections[-2].char_end:].lstrip().startswith("Nơi nhận")
    # the appendix is a section of its own, at the top level, to the end of the text
    appendix = sections[-1]
    assert (appendix.level, appendix.parent_id, appendix.title) == (
        1, None, "BIỂU SỐ LIỆU NĂM 2023")
    assert document.text[appendix.char_start:appendix.char_end].endswith("17.050")


def test_each_appendix_after_the_closing_is_a_section_with_its_headings():
    appendices = ("PHỤ LỤC I\nKẾT QUẢ GIẢI QUYẾT VIỆC LÀM\n1. Theo huyện\nHuyện A: 120 người.\n"
                  "PHỤ LỤC II: KINH PHÍ\nTổng kinh phí 12 tỷ đồng.\n"
                  "Phụ lục số 3\nDanh sách đơn vị\nSở Y tế.\n")
    text = f"BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{BODY}{appendices}"
    sections = parse_sections(text_document(text))
    assert [s.path for s in sections] == [
        *PATHS, "PHỤ LỤC I", "PHỤ LỤC I > 1", "PHỤ LỤC II", "Phụ lục số 3"]
    assert [s.title for s in sections[-4:]] == [
        "KẾT QUẢ GIẢI QUYẾT VIỆC LÀM", "Theo huyện", "KINH PHÍ", "Danh sách đơn vị"]
    assert {s.level for s in sections[-4:]} == {1, 2}
    assert not any(s.label.startswith("PHỤ LỤC") for s in parse_sections(text_document(
        f"BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{BODY}")))


def test_a_table_row_naming_a_signer_title_does_not_end_the_body():
    """A row of a table in the body may be a group's name alone ("Ủy ban nhân dân")."""
    body = BODY.replace("Phần thứ hai\n", "Ủy ban nhân dân\nPhần thứ hai\n")
    text = f"BÁO CÁO\n{TITLE_LINE}\n{OPENING}\n{body}"
    document = Document(path="x.docx", format="docx", text=text,
                        blocks=blocks_of(text, {"Ủy ban nhân dân": "table"}))
    assert [s.path for s in parse_sections(document)] == PATHS
