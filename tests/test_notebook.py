"""The walkthrough notebook runs from top to bottom and shows the graph inline."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "walkthrough.ipynb"


def test_walkthrough_runs_and_displays_graph():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = [o["data"]["text/html"] for o in outputs if o.get("output_type") in ("execute_result", "display_data") and "text/html" in o.get("data", {})]
    assert html, "the graph did not display as HTML"
    assert "<iframe" in html[-1] and "srcdoc=" in html[-1]
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    assert "->" in text and "mentions" in text
