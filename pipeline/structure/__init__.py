"""Document -> section tree, title, agency and report year.

`parse_sections` reads the markers that begin lines or blocks ("Phần thứ nhất", "I.", "1.",
"a)", "- ") in the body (after the header and title, before "Nơi nhận:" and the signer) and
learns their levels from the document; `document_info` reads the title
("BÁO CÁO ..."), the agency and the year whose results are reported.
"""

from __future__ import annotations

from pipeline.structure.info import document_info
from pipeline.structure.tree import parse_sections

__all__ = ["document_info", "parse_sections"]
