from __future__ import annotations

import unicodedata

import pytest

from pipeline.model import Block, Document
from pipeline.structure import parse_sections

from .conftest import CORPUS, text_document


def paths(text: str) -> list[str]:
    return [s.path for s in parse_sections(text_document(text))]


def by_path(document: Document) -> dict[str, object]:
    return {s.path: s for s in parse_sections(document)}


def test_each_marker_style_nests_in_order_of_appearance():
    text = (
        "PHẦN THỨ NHẤT: KẾT QUẢ\n"
        "I. TÌNH HÌNH CHUNG\n"
        "1. Lao động\n"
        "1.1. Việc làm\n"
        "a) Trong nước\n"
        "- Giải quyết việc làm: đạt 15.939 lao động.\n"
        "+ Nữ: 7.000 người.\n"
        "- Xuất khẩu lao động: 1.200 người.\n"
        "b) Ngoài nước\n"
        "2. Người có công\n"
        "II. TỒN TẠI\n"
        "Phần thứ hai\n"
        "I. NHIỆM VỤ\n"
    )
    assert paths(text) == [
        "Phần thứ nhất",
        "Phần thứ nhất > I",
        "Phần thứ nhất > I > 1",
        "Phần thứ nhất > I > 1 > 1.1",
        "Phần thứ nhất > I > 1 > 1.1 > a",
        "Phần thứ nhất > I > 1 > 1.1 > a > -",
        "Phần thứ nhất > I > 1 > 1.1 > a > - > +",
        "Phần thứ nhất > I > 1 > 1.1 > a > -",
        "Phần thứ nhất > I > 1 > 1.1 > b",
        "Phần thứ nhất > I > 2",
        "Phần thứ nhất > II",
        "Phần thứ hai",
        "Phần thứ hai > I",
    ]


def test_ids_parents_levels_and_titles():
    sections = parse_sections(text_document(
        "I. KẾT QUẢ\n1. Về lao động\na) Về thực hiện chính sách hỗ trợ do dịch covid -19\n"
        "- Giảm nghèo bền vững: Đã tham mưu UBND tỉnh kế hoạch.\n"))
    assert [s.section_id for s in sections] == ["s1", "s2", "s3", "s4"]
    assert [s.parent_id for s in sections] == [None, "s1", "s2", "s3"]
    assert [s.level for s in sections] == [1, 2, 3, 4]
    assert [s.label for s in sections] == ["I", "1", "a", "-"]
    assert [s.title for s in sections] == [
        "KẾT QUẢ", "Về lao động", "Về thực hiện chính sách hỗ trợ do dịch covid -19",
        "Giảm nghèo bền vững"]


def test_skipped_style_and_later_return_of_a_higher_style():
    # Under I the report goes straight to letters; under II it uses numbers then letters.
    # Once "1." has been seen above "a)", a "1." after "a)" closes the letter.
    text = ("I. KẾT QUẢ\na) Lao động\nb) Việc làm\nII. NHIỆM VỤ\n1. Chuyên môn\na) Lao động\n"
            "2. Dân chủ\nIII. KIẾN NGHỊ\na) Với tỉnh\n1. Về kinh phí\n")
    assert paths(text) == [
        "I", "I > a", "I > b", "II", "II > 1", "II > 1 > a", "II > 2", "III", "III > a",
        "III > 1",
    ]


def test_levels_are_learned_not_fixed():
    # Letters above numbers, the other way round from the usual order.
    assert paths("a) Lao động\n1. Việc làm\n2. Đào tạo\nb) Người có công\n1. Ưu đãi\n") == [
        "a", "a > 1", "a > 2", "b", "b > 1"]


def test_list_items_are_leaves_under_headings():
    sections = parse_sections(text_document(
        "1. Lao động\n- Trung tâm Dịch vụ việc làm: tư vấn.\na) Đào tạo nghề\n"))
    assert [s.path for s in sections] == ["1", "1 > -", "1 > a"]


def test_title_in_capitals_on_the_following_lines():
    sections = parse_sections(text_document(
        "Phần thứ nhất\nKẾT QUẢ THỰC HIỆN NGHỊ QUYẾT\n\nCÔNG CHỨC, VIÊN CHỨC NĂM 2021\n\n"
        "I. KẾT QUẢ THỰC HIỆN\nCÔNG TÁC CHUYÊN MÔN\n1. Về chuyên môn\nNội dung.\n"))
    assert [(s.path, s.title) for s in sections] == [
        ("Phần thứ nhất", "KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT CÔNG CHỨC, VIÊN CHỨC NĂM 2021"),
        ("Phần thứ nhất > I", "KẾT QUẢ THỰC HIỆN CÔNG TÁC CHUYÊN MÔN"),
        ("Phần thứ nhất > I > 1", "Về chuyên môn"),
    ]


def test_bare_marker_takes_a_short_title_line():
    sections = parse_sections(text_document("Phần I\nKết quả thực hiện năm 2021\nNội dung.\n"))
    assert [(s.label, s.title) for s in sections] == [("Phần I", "Kết quả thực hiện năm 2021")]


def test_long_heading_item_title_is_cut_to_a_readable_phrase():
    item = "- " + "Tổ chức thực hiện các chính sách hỗ trợ người lao động " * 5
    (section,) = parse_sections(text_document(item))
    assert section.title.endswith("…")
    assert len(section.title) <= 161
    assert section.title.startswith("Tổ chức thực hiện các chính sách")


@pytest.mark.parametrize("marker", ["a)", "a.", "1.", "-", "+"])
def test_marked_paragraph_is_an_item_of_its_section(marker: str):
    text = ("I. KẾT QUẢ\n1. Công tác trồng rừng\n"
            f"{marker} Trong tháng 8/2025, Ban chỉ đạo huyện Hòa Sơn tiếp tục chỉ đạo các xã "
            "trồng 1.234 cây keo. Đến nay đã hoàn thành 87% kế hoạch.\n"
            f"{marker} Đã tiếp nhận 1.234 hồ sơ đăng ký trồng rừng của các hộ gia đình.\n"
            "2. Công tác chăn nuôi\n")
    sections = parse_sections(text_document(text))
    assert [s.path for s in sections] == ["I", "I > 1", "I > 2"]
    assert sections[1].char_end == text.index("2. Công tác chăn nuôi") - 1


@pytest.mark.parametrize(("line", "title"), [
    ("a) Về dịch vụ công thiết yếu:", "Về dịch vụ công thiết yếu"),
    ("a) Về trồng rừng: toàn huyện đã trồng 1.234 ha, đạt 87% kế hoạch.", "Về trồng rừng"),
    ("b) Công tác thanh tra, kiểm tra; tiếp công dân; xử lý đơn thư;",
     "Công tác thanh tra, kiểm tra; tiếp công dân; xử lý đơn thư"),
    ("a) KẾT QUẢ TRỒNG RỪNG NĂM 2025.", "KẾT QUẢ TRỒNG RỪNG NĂM 2025"),
])
def test_headings_and_run_in_leads_name_sections(line: str, title: str):
    sections = parse_sections(text_document(f"1. Công tác trồng rừng\n{line}\nNội dung.\n"))
    assert [(s.path, s.title) for s in sections] == [
        ("1", "Công tác trồng rừng"), ("1 > a" if line[0] == "a" else "1 > b", title)]


def test_bracketed_colon_is_not_a_run_in_lead():
    text = ("1. Vốn đầu tư\n+ Nguồn vốn địa phương là 11.194 triệu đồng (gồm: vốn tỉnh 9.000 "
            "triệu đồng, vốn huyện 2.194 triệu đồng).\n")
    assert paths(text) == ["1"]


def test_wrapped_lines_of_a_marked_paragraph_are_read_together():
    # Plain text as a PDF gives it: the item's first line has no period, its paragraph has.
    filler = "Nội dung của báo cáo về công tác trồng rừng và chăn nuôi của huyện Hòa Sơn. "
    text = ("1. Công tác trồng rừng\n"
            "a) Trong năm, Ban chỉ đạo huyện Hòa Sơn tiếp tục chỉ đạo các xã trồng rừng\n"
            "phân tán 1.234 cây keo, đạt 87% kế hoạch.\n"
            "b) Công tác thanh tra, kiểm tra; tiếp công dân; xử lý đơn thư; giải quyết khiếu\n"
            "nại, tố cáo\n" + (filler + "\n") * 8)
    assert paths(text) == ["1", "1 > b"]


@pytest.mark.parametrize("line", [
    "2.281 người được hỗ trợ.",
    "15.939 lao động có việc làm.",
    "19/01/2021 Sở ban hành kế hoạch.",
    "100% cán bộ hoàn thành nhiệm vụ.",
    "37 người tâm thần, giảm 37 học viên.",
    "Năm 2021. 2. Đẩy mạnh cải cách.",
])
def test_figures_and_dates_at_line_start_are_not_sections(line: str):
    assert paths(f"1. Về lao động\nNội dung dòng đầu.\n{line}\n") == ["1"]


def test_lowercase_list_item_only_after_a_finished_line():
    wrapped = "- Phối hợp với các ngành kinh tế\n- xã hội trên địa bàn\n"
    assert paths(wrapped) == ["-"]
    listed = "- Phối hợp với các ngành:\n- xã hội hóa nguồn lực\n"
    assert paths(listed) == ["-", "-"]


def test_char_spans_cover_content_up_to_next_sibling_or_ancestor():
    text = ("I. KẾT QUẢ\n1. Lao động\nNội dung một.\n2. Việc làm\nNội dung hai.\n\n"
            "II. TỒN TẠI\nHết.\n")
    document = text_document(text)
    sections = by_path(document)
    assert text[sections["I"].char_start:sections["I"].char_end].endswith("Nội dung hai.")
    assert text[sections["I > 1"].char_start:sections["I > 1"].char_end] == (
        "1. Lao động\nNội dung một.")
    assert sections["II"].char_end == len(text.rstrip())
    assert all(text[s.char_start] in "I12" for s in sections.values())


def blocks_per_line(text: str, kinds: list[str]) -> list[Block]:
    blocks, offset = [], 0
    for line, kind in zip(text.split("\n"), kinds, strict=False):
        blocks.append(Block(kind=kind, char_start=offset, char_end=offset + len(line)))
        offset += len(line) + 1
    return blocks


def test_blocks_headings_and_table_cells():
    text = "KẾT QUẢ CHUNG\nNội dung.\n1. Đào tạo\nMột đoạn.\n2. Số liệu\n"
    blocks = blocks_per_line(text, ["heading", "paragraph", "heading", "paragraph", "table"])
    sections = parse_sections(Document(path="x.docx", format="docx", text=text, blocks=blocks))
    # The unmarked heading block is a section; "2. Số liệu" lies in a table cell: not a section.
    assert [(s.path, s.title) for s in sections] == [
        ("KẾT QUẢ CHUNG", "KẾT QUẢ CHUNG"), ("KẾT QUẢ CHUNG > 1", "Đào tạo")]


def test_real_report_docx_paragraph_blocks_give_the_same_tree(real_report: Document):
    docx = pytest.importorskip("docx")
    docx_path = CORPUS / "bao-cao-2021.docx"
    if not docx_path.exists():
        pytest.skip(f"real report DOCX not available at {docx_path}")
    paragraphs = [unicodedata.normalize("NFC", p.text).replace("\u00a0", " ")
                  for p in docx.Document(str(docx_path)).paragraphs]
    text = "\n".join(paragraphs)
    blocks = blocks_per_line(text, ["paragraph"] * len(paragraphs))
    document = Document(path="x.docx", format="docx", text=text, blocks=blocks)
    from_docx = [(s.path, s.title) for s in parse_sections(document)]
    assert from_docx == [(s.path, s.title) for s in parse_sections(real_report)]


def test_blocks_only_first_line_may_carry_a_marker():
    text = "Tổng số hộ được hỗ trợ là\n2. Hộ nghèo nhận tiền.\n"
    block = Block(kind="paragraph", char_start=0, char_end=len(text))
    assert parse_sections(Document(path="x.pdf", format="pdf", text=text, blocks=[block])) == []


def test_real_report_sections(real_report: Document):
    sections = by_path(real_report)
    target = sections["Phần thứ nhất > I > 1 > c"]
    assert target.title == "Công tác Giáo dục nghề nghiệp"
    assert "Phần thứ hai" in sections
    assert sections["Phần thứ hai > II > 1 > đ"].title == "Công tác Chính sách xã hội"
    assert real_report.text[target.char_start:].startswith("c) Công tác Giáo dục")
    # No figure or date became a section: every label is a marker label.
    labels = {s.label for s in sections.values()}
    assert labels <= {"Phần thứ nhất", "Phần thứ hai", "I", "II", "1", "2", "3", "4", "5",
                      "a", "b", "c", "d", "đ", "e", "g", "h", "i", "-"}


def test_real_report_pdf_text_gives_the_same_tree(real_report: Document):
    pypdfium2 = pytest.importorskip("pypdfium2")
    pdf_path = CORPUS / "bao-cao-2021.pdf"
    if not pdf_path.exists():
        pytest.skip(f"real report PDF not available at {pdf_path}")
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    pages = [pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))]
    pdf_text = "\n".join(pages).replace("\x02", "")
    from_pdf = [s.path for s in parse_sections(text_document(pdf_text, "x.pdf"))]
    from_txt = [s.path for s in parse_sections(real_report)]
    assert from_pdf == from_txt
