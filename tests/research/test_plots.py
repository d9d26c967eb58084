"""Figures drawn from real samples, checked by content (issue 11 › Plots).

These need the optional ``plot`` extra; without matplotlib the module is skipped (the default
run), and ``nox -s plots`` runs it with the extra installed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

matplotlib = pytest.importorskip(
    "matplotlib", reason="the plot tests need the optional extra: pip install 'psrt-core[plot]'"
)

from matplotlib.patches import Rectangle  # noqa: E402

from psrt_core import plots  # noqa: E402
from psrt_core.cli import main  # noqa: E402
from psrt_core.ranges import branch_exposures  # noqa: E402
from psrt_core.serialization import bundled_catalog, load_advisory  # noqa: E402

pytestmark = pytest.mark.plot


def test_timeline_has_one_bar_per_affected_branch(samples: Path) -> None:
    """One bar per branch with an affected release (branch_exposures), labelled by branch."""
    advisory = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    catalog = bundled_catalog("cpython")
    figure = plots.timeline([advisory], catalog)
    (axes,) = figure.axes
    expected = branch_exposures(catalog, advisory.evaluate().affected)
    assert len(axes.patches) == len(expected)
    assert [label.get_text() for label in axes.get_yticklabels()] == [e.branch for e in expected]
    assert axes.get_title() == "Exposure per branch: CVE-2024-6232 (cpython)"
    assert axes.get_ylabel() == "branch"
    assert axes.get_xlabel().startswith("date")


def test_timeline_cli_svg_content(samples: Path, tmp_path: Path) -> None:
    output = tmp_path / "timeline.svg"
    out = io.StringIO()
    record = samples / "cve" / "CVE-2024-6232.json"
    assert main(["plot", "timeline", str(record), "--output", str(output)], stdout=out) == 0
    assert out.getvalue() == f"wrote {output}\n"
    svg = output.read_text(encoding="utf-8")
    assert svg.startswith("<?xml")
    assert "<svg" in svg
    # Text is written as text: the title, axis labels and every branch label are there.
    assert "Exposure per branch: CVE-2024-6232 (cpython)" in svg
    assert ">branch</text>" in svg
    assert ">3.8</text>" in svg
    assert ">3.13</text>" in svg
    # One bar per affected branch, each an SVG group named after its vulnerability and branch.
    affected = load_advisory(record).evaluate().affected
    expected = [e.branch for e in branch_exposures(bundled_catalog("cpython"), affected)]
    assert re.findall(r'<g id="exposure CVE-2024-6232 ([\d.]+)"', svg) == expected


def test_per_year_counts_merged_vulnerabilities(samples: Path) -> None:
    """Bars are the per-year counts of `psrt-core stats` (aliases merged, withdrawn out)."""
    advisories = [load_advisory(path) for path in sorted(samples.rglob("*.json"))]
    advisories += [load_advisory(path) for path in sorted(samples.rglob("*.yaml"))]
    figure = plots.per_year(advisories, product="pip")
    (axes,) = figure.axes
    bars = [patch for patch in axes.patches if isinstance(patch, Rectangle)]
    assert len(bars) == len(axes.patches)
    heights = {
        label.get_text(): bar.get_height()
        for label, bar in zip(axes.get_xticklabels(), bars, strict=True)
    }
    assert heights == {"2013": 1, "2021": 1, "2023": 1}
    assert axes.get_title() == "pip advisories per year (3 vulnerabilities)"
    assert axes.get_xlabel() == "year first published"
    assert axes.get_ylabel() == "advisories (aliases merged)"


def test_matrix_marks_affected_fixed_unknown(samples: Path) -> None:
    """Rows are the chosen branches' releases, columns the vulnerabilities; cell = state."""
    advisory = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    catalog = bundled_catalog("cpython")
    figure = plots.matrix([advisory], catalog, branches=["3.12"])
    (axes,) = figure.axes
    (image,) = axes.get_images()
    data = image.get_array()
    assert data is not None
    releases = catalog.releases_of("3.12")
    assert data.shape == (len(releases), 1)
    affected = advisory.evaluate().affected
    for row, release in enumerate(releases):
        state = plots.MatrixCell.AFFECTED if release.version in affected else 0
        assert data[row, 0] == state, release
    assert axes.get_title() == "cpython 3.12 to 3.12: releases by advisory"
    assert [t.get_text() for t in axes.get_xticklabels()] == ["CVE-2024-6232"]
    legend = figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["affected", "not affected", "unknown"]


def test_matrix_cli_branch_range_png(samples: Path, tmp_path: Path) -> None:
    output = tmp_path / "matrix.png"
    code = main(
        ["plot", "matrix", str(samples / "cve"), "--branches", "3.13-3.14", "-o", str(output)],
        stdout=io.StringIO(),
    )
    assert code == 0
    assert output.read_bytes().startswith(b"\x89PNG")


def test_bad_branch_and_suffix(samples: Path, tmp_path: Path) -> None:
    err = io.StringIO()
    args = ["plot", "matrix", str(samples / "cve"), "--branches", "3.9-9.9", "-o"]
    assert main([*args, str(tmp_path / "m.svg")], stderr=err, stdout=io.StringIO()) == 2
    assert err.getvalue() == "psrt-core: error: --branches: cpython has no branch '9.9'\n"
    err = io.StringIO()
    assert main(["plot", "per-year", str(samples), "-o", "x.pdf"], stderr=err) == 2
    assert (
        err.getvalue() == "psrt-core: error: --output: x.pdf: the name must end in .svg or .png\n"
    )
