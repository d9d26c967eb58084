"""Without the ``plot`` extra, ``psrt-core plot`` names the extra on one line and exits 2."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from psrt_core import plots
from psrt_core.cli import main
from psrt_core.cli._common import CliError
from psrt_core.cli._plot import branch_range
from psrt_core.serialization import cpython_releases


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


def test_the_output_suffix_is_checked_before_matplotlib_is_needed(tmp_path: Path) -> None:
    """Only SVG and PNG are written; a wrong name is bad input (exit 2), extra or not."""
    err = io.StringIO()
    assert main(["plot", "per-year", str(tmp_path), "-o", "x.pdf"], stderr=err) == 2
    assert err.getvalue() == (
        "psrt-core: error: --output: x.pdf: the name must end in .svg or .png\n"
    )


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("3.12-3.14", ("3.12", "3.13", "3.14")),
        ("3.14-3.12", ("3.12", "3.13", "3.14")),  # either order, catalog order out
        ("3.13", ("3.13",)),
        (" 3.9, 3.13 ,", ("3.9", "3.13")),
    ],
)
def test_branch_range_selects_a_span_or_a_list(text: str, chosen: tuple[str, ...]) -> None:
    """``--branches FIRST-LAST`` is inclusive in catalog order; a comma list is taken as given."""
    assert branch_range(cpython_releases(), text) == chosen


@pytest.mark.parametrize(
    ("text", "named"),
    [("3.9-9.9", "'9.9'"), ("2.8-3.9", "'2.8'"), ("3.12,4.0", "'4.0'"), (" , ", "' , '")],
)
def test_branch_range_names_the_first_unknown_branch(text: str, named: str) -> None:
    """An unknown branch (or none at all) is bad input naming it."""
    with pytest.raises(CliError) as caught:
        branch_range(cpython_releases(), text)
    assert str(caught.value) == f"--branches: cpython has no branch {named}"
