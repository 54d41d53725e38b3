"""Exports of the store for people who work in spreadsheets."""

from pipeline.export.xlsx import EXCEL_MAX_ROWS, ExportError, WrittenSheet, export_xlsx

__all__ = ["EXCEL_MAX_ROWS", "ExportError", "WrittenSheet", "export_xlsx"]
