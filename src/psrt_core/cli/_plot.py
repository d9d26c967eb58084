"""``psrt-core plot``: the figures of `psrt_core.plots`, saved as SVG or PNG.

matplotlib is the optional extra ``plot``; without it every ``plot`` command says which extra
to install, on one line, and exits 2 (bad input: the environment cannot do what was asked).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from psrt_core.cli._common import CliError, date_argument
from psrt_core.cli._stats import PRODUCT_NAMES, collect_records
from psrt_core.serialization import bundled_catalog
from psrt_core.versions import CPYTHON, Catalog

__all__ = ["branch_range", "register"]

SUFFIXES = (".svg", ".png")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``plot timeline``, ``plot per-year`` and ``plot matrix``."""
    parser = commands.add_parser(
        "plot",
        description="Draw a figure from advisory records and save it as SVG or PNG. Needs "
        "the optional extra: pip install 'psrt-core[plot]'.",
    )
    kinds = parser.add_subparsers(dest="figure", metavar="FIGURE", required=True)
    timeline = kinds.add_parser(
        "timeline", help="per branch: first affected release to the fix or end of life"
    )
    timeline.add_argument("paths", nargs="+", metavar="RECORD", help="record files or folders")
    timeline.add_argument(
        "--on",
        type=date_argument,
        default=None,
        help="open spans end here (default: newest release)",
    )
    per_year = kinds.add_parser("per-year", help="advisories per year first published")
    per_year.add_argument("paths", nargs="+", metavar="ADVISORIES", help="record files or folders")
    matrix = kinds.add_parser(
        "matrix", help="releases by advisories: affected, not affected, unknown"
    )
    matrix.add_argument("paths", nargs="+", metavar="ADVISORIES", help="record files or folders")
    matrix.add_argument(
        "--branches", metavar="FIRST-LAST", help="only these branches (3.9-3.14, or 3.12,3.13)"
    )
    for sub in (timeline, per_year, matrix):
        sub.add_argument(
            "--output",
            "-o",
            dest="image",
            required=True,
            metavar="FILE.svg|png",
            help="the file to write (the figure itself, not the command's text output)",
        )
        sub.add_argument(
            "--product",
            choices=PRODUCT_NAMES,
            default=None if sub is per_year else CPYTHON.name,
            help="only this product's records"
            + (" (default: all)" if sub is per_year else " (default: cpython)"),
        )
        sub.set_defaults(handler=run_plot)


def branch_range(catalog: Catalog, text: str) -> tuple[str, ...]:
    """The branch names *text* selects: ``FIRST-LAST`` (inclusive) or a comma list."""
    known = [branch.name for branch in catalog.branches]
    if "-" in text:
        first, _, last = text.partition("-")
        missing = [name for name in (first, last) if name not in known]
        if missing:
            raise CliError(f"--branches: {catalog.product} has no branch {missing[0]!r}")
        low, high = sorted((known.index(first), known.index(last)))
        return tuple(known[low : high + 1])
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    missing = [name for name in names if name not in known]
    if missing or not names:
        raise CliError(f"--branches: {catalog.product} has no branch {(missing or [text])[0]!r}")
    return names


def run_plot(args: argparse.Namespace, out: TextIO) -> int:
    """Draw the chosen figure and save it where ``--output`` says."""
    output = Path(args.image)
    if output.suffix.lower() not in SUFFIXES:
        raise CliError(f"--output: {args.image}: the name must end in .svg or .png")
    try:
        from psrt_core import plots

        matplotlib = plots.require_matplotlib()
    except ModuleNotFoundError as exc:
        raise CliError(str(exc)) from None
    return _draw(args, plots, matplotlib, output, out)  # pragma: no cover - needs matplotlib


def _draw(  # pragma: no cover - needs matplotlib: tests/research/test_plots.py, `plots` session
    args: argparse.Namespace, plots: ModuleType, matplotlib: ModuleType, output: Path, out: TextIO
) -> int:
    """Draw the figure *args* choose with the loaded *plots* module and save it to *output*."""
    advisories = [advisory for _, advisory in collect_records(args.paths).records]
    if args.figure == "per-year":
        figure = plots.per_year(advisories, product=args.product)
    else:
        catalog = bundled_catalog(args.product)
        if args.figure == "timeline":
            figure = plots.timeline(advisories, catalog, on=args.on)
        else:
            chosen: Sequence[str] | None = None
            if args.branches:
                chosen = branch_range(catalog, args.branches)
            figure = plots.matrix(advisories, catalog, branches=chosen)
    # SVG text stays text (searchable, selectable, smaller), not glyph outlines.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        figure.savefig(output)
    out.write(f"wrote {output}\n")
    return 0
