"""Type and issuer codes a symbol should not have ('reference_codes', warning).

Only where a code is clearly wrong, since every body coins its own unit codes ("CAT-PC06",
"BCĐ06", "HĐPH"): a type code that is not in the list of types (Decree 30/2020/NĐ-CP
Appendix III, the laws' types; `extractors/lexicons/document_types.tsv`) where the symbol
must have one (a Party symbol "28-KH/TU", a symbol with a year "01/2018/TT-VPCP" other than
a law's "45/2019/QH14", or one written after a type name "Kế hoạch số 45/KH-UBND"); a type
code of another type than the one written ("Quyết định số 45/KH-UBND"); an issuer code that
is a known one with two neighbouring letters swapped ("UNBD" for "UBND")."""

from __future__ import annotations

from collections.abc import Iterator

from pipeline.comparer.messages import message
from pipeline.comparer.model import CitationRow, Finding
from pipeline.comparer.references import (
    base_code,
    citation_finding,
    codes,
    first_mentions,
    symbol,
    written_type,
)
from pipeline.comparer.rule import Rule
from pipeline.comparer.view import DocumentView

NAME = "reference_codes"
SHORTEST_SWAPPED = 4  # shorter codes swapped are often other real codes: SCT (Sở Công Thương), STC


def _known(code: str) -> bool:
    known = codes()
    return code in known.types or code in known.issuers or base_code(code) in known.issuers


def type_problem(citation: CitationRow) -> dict | None:
    """The message fields of a wrong type code, or None."""
    parts = symbol(citation)
    first = parts.codes[0]
    if not first:
        return None  # an empty code: reference_malformed's
    known = codes()
    written = written_type(citation)
    needs_type = parts.party or parts.year is not None or written in known.coded_names
    if first in known.types:
        if written in known.coded_names and written not in known.types[first]:
            return {"name": "reference_type_mismatch", "written": written, "code": first,
                    "code_names": " / ".join(f'"{n}"' for n in sorted(known.types[first]))}
        return None
    if needs_type and not (not parts.party and _known(first)):
        return {"name": "reference_unknown_type", "code": first}
    return None


def swapped_issuer(citation: CitationRow) -> tuple[str, str] | None:
    """(code as written, the known code it swaps two letters of), or None."""
    parts = symbol(citation)
    first = parts.codes[0]
    issuers = parts.codes[1:] if parts.party or first in codes().types else parts.codes
    if not issuers or not issuers[0]:
        return None
    code = issuers[0]
    if _known(code) or len(code) < SHORTEST_SWAPPED:
        return None
    for index in range(len(code) - 1):
        swapped = code[:index] + code[index + 1] + code[index] + code[index + 2:]
        if swapped != code and swapped in codes().issuers:
            return code, swapped
    return None


def check(document: DocumentView) -> Iterator[Finding]:
    for citation in first_mentions(document):
        fields = type_problem(citation)
        if fields is not None:
            name = fields.pop("name")
            yield citation_finding(NAME, "warning", citation, message(
                name, symbol=citation.ref_key, **fields))
            continue
        swapped = swapped_issuer(citation)
        if swapped is not None:
            code, known = swapped
            yield citation_finding(NAME, "warning", citation, message(
                "reference_unknown_issuer", code=code, symbol=citation.ref_key, known=known,
                known_name=codes().issuers[known]))


RULE = Rule(NAME, "document", check)
