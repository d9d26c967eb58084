"""Without the ``plot`` extra, ``psrt-core plot`` names the extra on one line and exits 2."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from psrt_core import plots
from psrt_core.cli import main


@pytest.fixture
def no_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide matplotlib as if the extra were not installed (None in sys.modules blocks import)."""
    for name in [name for name in sys.modules if name.split(".")[0] == "matplotlib"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@pytest.mark.usefixtures("no_matplotlib")
@pytest.mark.parametrize("figure", ["timeline", "per-year", "matrix"])
def test_plot_without_matplotlib_names_the_extra(figure: str, tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(["plot", figure, str(tmp_path), "-o", str(tmp_path / "f.svg")], stderr=err)
    assert code == 2
    assert (
        err.getvalue() == "psrt-core: error: plots need matplotlib: pip install 'psrt-core[plot]'\n"
    )


@pytest.mark.usefixtures("no_matplotlib")
def test_library_raises_module_not_found_naming_the_extra() -> None:
    with pytest.raises(
        ModuleNotFoundError, match=r"^plots need matplotlib: pip install 'psrt-core\[plot\]'$"
    ):
        plots.per_year([])


def test_importing_plots_does_not_import_matplotlib() -> None:
    """The module is importable without the extra: matplotlib loads inside the functions."""
    import subprocess

    probe = "import sys, psrt_core.plots; print('matplotlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
