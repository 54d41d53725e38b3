"""Makes the test helpers beside this file (e.g. `sample_files`) importable from any test, and
turns a missing tool (LibreOffice, Tesseract) into a skip of the one test that needed it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

TESTS = str(Path(__file__).parent)
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

from pipeline.model import MissingToolError  # noqa: E402  (after the path is set)


def _missing_tool(error: BaseException | None) -> MissingToolError | None:
    while error is not None:  # the tool's error may be the cause of another
        if isinstance(error, MissingToolError):
            return error
        error = error.__cause__ or error.__context__
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A test (or its fixture) that failed because ingest found no LibreOffice or Tesseract
    on this machine is skipped, with what to install, instead of failing: `make test` passes
    on a bare machine, and runs everything where the tools are."""
    outcome = yield
    report = outcome.get_result()
    if not report.failed or call.excinfo is None:
        return
    missing = _missing_tool(call.excinfo.value)
    if missing is not None:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.location[1] or 0) + 1,
                           f"cần cài {missing.install}: {missing}")
