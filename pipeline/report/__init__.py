"""The auditor's report: the findings with their sentences, pages and arithmetic, as one
self-contained HTML page (`render_audit`)."""

from pipeline.report.render import render_audit

__all__ = ["render_audit"]
