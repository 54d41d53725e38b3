"""notebooks/explore.ipynb runs, cell by cell, on a fresh run of the sample corpus and draws
its plots; the committed notebook carries no outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from baocao_command import REPO_ROOT, SAMPLE_REPORTS, baocao

NOTEBOOK = REPO_ROOT / "notebooks" / "explore.ipynb"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_the_committed_notebook_has_no_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in code_cells(notebook):
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@pytest.mark.slow
def test_the_notebook_runs_on_a_fresh_store_and_draws_its_plots(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbclient = pytest.importorskip("nbclient", reason="cần cài nbclient và ipykernel "
                                   "(pip install -r requirements.lock)")
    out = tmp_path / "out"
    result = baocao("run", str(SAMPLE_REPORTS), "-o", str(out), "--quiet", "--workers", "1")
    assert result.returncode == 0, result.stderr
    figure = tmp_path / "indicator.png"
    monkeypatch.setenv("BAOCAO_OUT", str(out))  # the kernel inherits the environment
    monkeypatch.setenv("BAOCAO_FIGURE", str(figure))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    cells = code_cells(notebook)
    assert not [o for c in cells for o in c.outputs if o.output_type == "error"]
    plotting = [c for c in cells if "plt.show()" in c.source]
    assert len(plotting) >= 5
    for cell in plotting:
        images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(images) == 1, cell.source[:60]
    assert figure.read_bytes().startswith(PNG_SIGNATURE)

    def printed(marker: str) -> str:
        cell = next(c for c in cells if marker in c.source)
        return "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)

    series = printed("FROM indicator_series")
    assert all(value in series for value in ("15120.0", "16240.0", "16830.0", "17050.0"))
    targets = printed("FROM targets_vs_actuals ORDER BY")
    assert "job_creation" in targets and "17500.0" in targets
    assert "không đủ mẫu" in printed("screen(con)")  # five reports are too few to judge
