"""pdfium C calls without ctypes' per-call argument conversion, for the calls made per line
or per page object.

pypdfium2's typed bindings convert each argument to its declared type, which costs about
three times the call itself. These prototypes declare no argument types, so ctypes passes
what it is given unchanged: callers must pass only ctypes pointers (a pypdfium2 `.raw`,
`byref(...)`, or a pointer one of these calls returned) and ints that fit a C `int`
parameter.
"""

from __future__ import annotations

from ctypes import CFUNCTYPE, c_double, c_int, c_void_p, cast
from typing import Any

import pypdfium2.raw as pdfium_c


def _unchecked(function: Any, result_type: Any = c_int) -> Any:
    return CFUNCTYPE(result_type)(cast(function, c_void_p).value)


get_char_box = _unchecked(pdfium_c.FPDFText_GetCharBox)
get_font_size = _unchecked(pdfium_c.FPDFText_GetFontSize, c_double)
get_page_object = _unchecked(pdfium_c.FPDFPage_GetObject, pdfium_c.FPDF_PAGEOBJECT)
get_object_type = _unchecked(pdfium_c.FPDFPageObj_GetType)
