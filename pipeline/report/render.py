"""The auditor's page: one self-contained HTML file (inline CSS and JS, no network)."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

import jinja2
import pyarrow as pa
from markupsafe import Markup

from pipeline.report.view import audit_view

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "audit.html.j2"
SECTIONS = "sections.html.j2"  # a document's findings, rendered on their own


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@cache
def _asset(name: str) -> tuple[Markup, str]:
    """Our own CSS or JS (never document text), and its CSP hash: the page's policy lets
    only these exact blocks run, so even markup that slipped through could not."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return Markup(text), f"'sha256-{digest}'"


def render_audit(tables: dict[str, pa.Table], limit: int | None = None,
                 sections: dict[str, str] | None = None) -> str:
    """The page for the store's tables (as `pipeline.store.read_tables` returns them), with
    at most `limit` findings (default: view.PAGE_LIMIT) laid out in full.

    `sections`: documents' sections of an earlier page by key (view.DocumentGroup.key),
    reused where the key is the same; on return it holds this page's sections, for the
    next (a run keeps them in the store, so that a page costs what changed)."""
    kept = sections if sections is not None else {}
    version = _page_version()
    earlier = {key[len(version):]: html for key, html in kept.items()
               if key.startswith(version)}
    view = audit_view(tables, limit, rendered=earlier)
    sections_module = _environment().get_template(SECTIONS).module
    shown = {group.key: Markup(earlier[group.key]) if group.key in earlier
             else sections_module.document_group(group) for group in view.groups}
    kept.clear()
    kept.update({version + key: str(html) for key, html in shown.items()})
    style, style_hash = _asset("audit.css")
    script, script_hash = _asset("audit.js")
    return _environment().get_template(TEMPLATE).render(
        view=view, sections=shown, style=style, script=script,
        policy=(f"default-src 'none'; style-src {style_hash}; script-src {script_hash}; "
                "img-src data:; base-uri 'none'; form-action 'none'"))


@cache
def _page_version() -> str:
    """Changes with the page's code and template: a section rendered by other code is not
    reused."""
    from pipeline.version import presentation_version

    return presentation_version() + ":"
