"""The tool cache's entries and keys. (Reading through it: OCR in test_ocr_batches.py,
LibreOffice in test_docx_and_office.py, both with the tools installed.)"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from pathlib import Path

import pytest

from pipeline.ingest import tool_cache
from pipeline.model import TOOL_CACHE_VARIABLE


def test_an_entry_written_is_read_back_and_a_missing_one_is_none(tmp_path: Path) -> None:
    key = tool_cache.key("tesseract 5.3.0", b"pixels")
    tool_cache.write(tmp_path, "tesseract", key, b"words")
    assert tool_cache.read(tmp_path, "tesseract", key) == b"words"
    assert tool_cache.read(tmp_path, "libreoffice", key) is None
    assert tool_cache.read(tmp_path, "tesseract", tool_cache.key("tesseract 5.3.0")) is None
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [key]  # no leftovers


def test_an_entry_that_cannot_be_written_costs_nothing_but_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    tool_cache.write(blocked, "tesseract", tool_cache.key("x"), b"words")
    assert tool_cache.read(blocked, "tesseract", tool_cache.key("x")) is None


def test_the_key_changes_with_every_part_and_where_parts_meet() -> None:
    key = tool_cache.key("LibreOffice 7.4", b"content")
    assert key == tool_cache.key("LibreOffice 7.4", b"content")
    assert key != tool_cache.key("LibreOffice 7.5", b"content")
    assert key != tool_cache.key("LibreOffice 7.4", b"content!")
    assert tool_cache.key("ab", "c") != tool_cache.key("a", "bc")


def test_a_tools_output_is_what_it_prints_and_empty_when_it_cannot_run(
        tmp_path: Path) -> None:
    tool = tmp_path / "tool"
    tool.write_text("#!/bin/sh\necho tool 9.9\n", encoding="utf-8")
    tool.chmod(0o755)
    assert tool_cache.tool_output(str(tool), "--version") == "tool 9.9"
    assert tool_cache.tool_output(str(tmp_path / "missing"), "--version") == ""


def test_a_folder_in_use_is_the_cache_of_what_runs_inside_and_its_threads(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOOL_CACHE_VARIABLE, str(tmp_path / "from-environment"))
    with tool_cache.using(tmp_path / "task"):
        assert tool_cache.cache_folder() == tmp_path / "task"
        with ThreadPoolExecutor(1) as pool:  # as ocr_pages starts its batches
            seen = pool.submit(copy_context().run, tool_cache.cache_folder).result()
        assert seen == tmp_path / "task"
    assert tool_cache.cache_folder() == tmp_path / "from-environment"
