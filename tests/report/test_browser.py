"""The auditor's page in a real headless Chromium: it renders, its counts match the findings
table, the filters work, and document markup stays text."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from report_samples import HOSTILE_IMG, HOSTILE_SCRIPT, empty_store, sample_tables

from pipeline.report import render_audit

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="cần cài playwright (pip install playwright)")
if not CHROMIUM.exists():
    pytest.skip("cần cài chromium (Debian: chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Playwright refuses --user-data-dir among the arguments: a persistent context is how it
    # takes a fresh profile directory.
    profile = tempfile.mkdtemp(prefix="baocao-chromium-")
    try:
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS,
                viewport={"width": 1280, "height": 900})
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


class Visit:
    """A page loaded from a file:// URL, with what it tried to do."""

    def __init__(self, context, html: str, folder: Path) -> None:
        path = folder / "audit.html"
        path.write_text(html, encoding="utf-8")
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: self.errors.append(message.text)
                     if message.type == "error" else None)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def text(self, selector: str) -> str:
        return self.page.locator(selector).inner_text().strip()

    def visible_findings(self) -> list[str]:
        return self.page.eval_on_selector_all(
            ".finding", "nodes => nodes.filter(n => n.offsetParent !== null).map(n => n.id)")


@pytest.fixture
def visit(browser, tmp_path: Path) -> Iterator[Visit]:
    opened = Visit(browser, render_audit(sample_tables()), tmp_path)
    yield opened
    opened.page.close()


def test_page_renders_with_counts_of_the_findings_table(visit: Visit) -> None:
    findings = sample_tables()["findings"]
    total = findings.num_rows
    assert visit.page.title() == "Kiểm tra số liệu báo cáo"
    assert visit.page.locator("h1").is_visible()
    assert visit.text("#so-phat-hien") == str(total)
    assert visit.text("#so-dang-hien") == str(total)
    assert visit.text("#tong-phat-hien") == str(total)
    assert sorted(visit.visible_findings()) == sorted(findings.column("finding_id").to_pylist())
    for severity in ("error", "warning", "info"):
        shown = visit.text(f'#theo-muc-do tr[data-severity="{severity}"] td.count')
        assert int(shown) == findings.column("severity").to_pylist().count(severity)
    assert visit.page.locator("mark").first.is_visible()
    assert visit.errors == []  # the page's policy let our script run, and it did not fail


def test_filters_hide_other_findings_and_update_the_count(visit: Visit) -> None:
    page = visit.page
    page.select_option("#loc-quy-tac", "parts_total")
    assert visit.visible_findings() == ["f-tong"]
    assert visit.text("#so-dang-hien") == "1"
    assert not page.locator('section.document-group[data-doc="d2023"]').is_visible()

    page.select_option("#loc-quy-tac", "")
    page.select_option("#loc-muc-do", "warning")
    assert visit.visible_findings() == ["f-ty-le", "f-nhac-lai"]
    assert visit.text("#so-dang-hien") == "2"

    page.select_option("#loc-muc-do", "")
    page.select_option("#loc-tai-lieu", "d2022")  # the cross finding concerns both reports
    assert visit.visible_findings() == ["f-tong", "f-ty-le", "f-nhac-lai"]
    page.select_option("#loc-muc-do", "info")
    assert visit.visible_findings() == []
    assert visit.text("#so-dang-hien") == "0"
    assert page.locator("#khong-khop").is_visible()

    page.click("#bo-loc-xoa")
    page.wait_for_function("document.getElementById('so-dang-hien').textContent === '4'")
    assert len(visit.visible_findings()) == 4
    assert not page.locator("#khong-khop").is_visible()


def test_summary_buttons_set_the_filters(visit: Visit) -> None:
    visit.page.click('#theo-quy-tac button[data-value="percentage"]')
    assert visit.page.locator("#loc-quy-tac").input_value() == "percentage"
    assert visit.visible_findings() == ["f-ty-le"]


def test_hostile_markup_stays_text(visit: Visit) -> None:
    visit.page.wait_for_timeout(300)  # time for an injected handler to fire, were there one
    assert visit.dialogs == []
    for hostile in (HOSTILE_SCRIPT, HOSTILE_IMG):
        assert visit.page.locator("blockquote", has_text=hostile).first.is_visible()
    assert HOSTILE_SCRIPT in visit.page.locator("body").inner_text()
    assert HOSTILE_SCRIPT in visit.text(".failed li")
    assert visit.page.locator("img").count() == 0
    assert visit.page.locator("script").count() == 1
    assert visit.requests == [visit.page.url]  # nothing fetched besides the page itself


def test_page_without_findings(browser, tmp_path: Path) -> None:
    visit = Visit(browser, render_audit(empty_store()), tmp_path)
    try:
        assert visit.text("#so-phat-hien") == "0"
        assert visit.page.locator("#khong-co-phat-hien").is_visible()
        assert visit.errors == [] and visit.dialogs == []
    finally:
        visit.page.close()
