"""What a PDF page is drawn with: images (a scan?) and path objects (a ruled table?).

Walks the page objects through pdfium's C calls: the helper's `get_objects` wraps every
object in a Python object, which costs more than the walk itself. The page's own objects,
the bulk of them, go through the unconverted calls; Form XObjects (rare, with an unsigned
long index) through the typed ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.pdfium_calls import get_object_type, get_page_object

MIN_RULES_FOR_TABLE = 4  # fewer path objects than this are underlines, not a ruled table
MAX_FORM_DEPTH = 3  # levels of nested Form XObjects looked into, the page itself included


@dataclass(frozen=True)
class PageDrawing:
    has_images: bool
    may_have_ruled_table: bool


class _Walk:
    def __init__(self) -> None:
        self.images = 0
        self.paths = 0

    def done(self) -> bool:
        return self.images > 0 and self.paths >= MIN_RULES_FOR_TABLE

    def visit(self, count: int, get_object: Callable[[Any, int], Any], parent: Any,
              level: int) -> None:
        if count < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        for index in range(count):
            if self.done():
                return
            raw_object = get_object(parent, index)
            if not raw_object:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            kind = get_object_type(raw_object)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                self.paths += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < MAX_FORM_DEPTH - 1:
                self.visit(pdfium_c.FPDFFormObj_CountObjects(raw_object),
                           pdfium_c.FPDFFormObj_GetObject, raw_object, level + 1)


def page_drawing(page: pdfium.PdfPage) -> PageDrawing:
    """Whether the page has an image, and enough path objects to hold a ruled table."""
    walk = _Walk()
    walk.visit(pdfium_c.FPDFPage_CountObjects(page.raw), get_page_object, page.raw, 0)
    return PageDrawing(has_images=walk.images > 0,
                       may_have_ruled_table=walk.paths >= MIN_RULES_FOR_TABLE)
