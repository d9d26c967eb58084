"""Figures for research: exposure timelines, advisories per year, a release-by-advisory matrix.

Why matplotlib `~matplotlib.figure.Figure` objects: a notebook styles, combines and saves
them as it likes; ``psrt-core plot`` saves them as SVG or PNG. matplotlib is an optional
extra (``pip install 'psrt-core[plot]'``), imported inside each function, so importing this
module costs nothing and the core never needs it. Figures are built without ``pyplot``: no
window, no global state, safe on a server.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from psrt_core.advisories import Advisory, Evaluation
from psrt_core.ranges import (
    BranchExposure,
    VulnerabilityRecords,
    count_by_year,
    exposures_of,
    vulnerabilities,
)
from psrt_core.versions import BranchScheme, Catalog, Release

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["EXTRA", "MatrixCell", "matrix", "per_year", "require_matplotlib", "timeline"]

#: The optional extra that brings matplotlib in.
EXTRA = "psrt-core[plot]"

#: Colours of the three matrix states (colour-blind safe: Okabe-Ito).
_LAST = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)
_COLOURS = {"affected": "#D55E00", "not affected": "#009E73", "unknown": "#BBBBBB"}


class MatrixCell:
    """The values of a `matrix` cell: 0 not affected (or fixed), 1 affected, 2 unknown."""

    NOT_AFFECTED = 0
    AFFECTED = 1
    UNKNOWN = 2


def require_matplotlib() -> Any:
    """The ``matplotlib`` module; `ModuleNotFoundError` naming the extra when it is missing."""
    try:
        import matplotlib
    except ModuleNotFoundError:
        msg = f"plots need matplotlib: pip install '{EXTRA}'"
        raise ModuleNotFoundError(msg, name="matplotlib") from None
    return matplotlib


def _figure(width: float, height: float) -> Figure:
    require_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


# -- timeline ---------------------------------------------------------------------------------


def _span_end(
    exposure: BranchExposure, catalog: Catalog, on: datetime.date
) -> tuple[datetime.date, str]:
    """Where a bar ends and why: the fix's date, the branch's end of life, or *on*."""
    if exposure.first_fixed is not None and exposure.first_fixed.date is not None:
        return exposure.first_fixed.date, "fixed"
    if catalog.scheme is not BranchScheme.MAJOR:
        end_of_life = catalog.branch(exposure.branch).end_of_life
        if end_of_life is not None and end_of_life <= on:
            return end_of_life, "end of life"
    return on, "open"


def _newest_date(catalog: Catalog) -> datetime.date:
    dates = [release.date for release in catalog.released() if release.date is not None]
    return max(dates) if dates else datetime.date.min


def timeline(
    advisories: Iterable[Advisory], catalog: Catalog, *, on: datetime.date | None = None
) -> Figure:
    """Per vulnerability and affected branch, one bar: first affected release to the fix.

    A branch never fixed ends at its end of life (when past by *on*) or at *on* (default: the
    newest release date in *catalog*). Dots mark the affected releases, a bar-end tick the
    fixing release. Records of one vulnerability are merged; other products' are left out.
    """
    from matplotlib.dates import date2num as untyped_date2num

    date2num = cast("Callable[[datetime.date], float]", untyped_date2num)
    on = on or _newest_date(catalog)
    items = [item for item in vulnerabilities(advisories) if item.product_name == catalog.product]
    rows = [(item, exposure) for item in items for exposure in exposures_of(item, catalog, on=on)]
    rows = [(item, e) for item, e in rows if e.first_affected.date is not None]
    figure = _figure(9, 1.2 + 0.32 * max(len(rows), 1))
    axes = figure.add_subplot()
    labels = []
    for position, (item, exposure) in enumerate(rows):
        start = exposure.first_affected.date
        assert start is not None  # filtered above
        end, why = _span_end(exposure, catalog, on)
        colour = {"fixed": "#0072B2", "end of life": "#999999", "open": "#D55E00"}[why]
        axes.barh(
            position,
            date2num(end) - date2num(start),
            left=date2num(start),
            height=0.6,
            color=colour,
            label=why,
            gid=f"exposure {item.id} {exposure.branch}",  # the SVG element's id
        )
        dots = [date2num(r.date) for r in _affected_releases(exposure, catalog) if r.date]
        axes.plot(dots, [position] * len(dots), "|", color="black", markersize=5)
        if exposure.first_fixed is not None and exposure.first_fixed.date is not None:
            axes.plot([date2num(exposure.first_fixed.date)], [position], "D", color="#009E73")
        labels.append(exposure.branch if len(items) == 1 else f"{item.id} {exposure.branch}")
    axes.set_yticks(range(len(rows)), labels)
    axes.invert_yaxis()
    axes.xaxis_date()
    axes.set_xlabel("date (first affected release to fix, end of life or today)")
    axes.set_ylabel("branch")
    shown = items[0].id if len(items) == 1 else f"{len(items)} vulnerabilities"
    axes.set_title(f"Exposure per branch: {shown} ({catalog.product})")
    _dedupe_legend(axes)
    return figure


def _affected_releases(exposure: BranchExposure, catalog: Catalog) -> list[Release]:
    releases = (
        catalog.releases_of(exposure.branch)
        if catalog.scheme is not BranchScheme.MAJOR
        else catalog.released()
    )
    first, last = exposure.first_affected.version, exposure.last_affected.version
    return [r for r in releases if first <= r.version <= last]


def _dedupe_legend(axes: Any) -> None:
    handles, labels = axes.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        axes.legend(unique.values(), unique.keys(), loc="lower right", fontsize="small")


# -- per year ---------------------------------------------------------------------------------


def per_year(advisories: Iterable[Advisory], *, product: str | None = None) -> Figure:
    """A bar per year: vulnerabilities first published that year, aliases merged.

    Withdrawn records are left out; records without a published date are counted in the
    title, not in a bar. *product* keeps one product's records (``"cpython"``, ``"pip"``).
    """
    items = [item for item in vulnerabilities(advisories) if product in (None, item.product_name)]
    counts = [count for count in count_by_year(items) if count.key != "unknown"]
    undated = len(items) - sum(count.count for count in counts)
    figure = _figure(max(4.0, 0.45 * len(counts) + 2), 3.6)
    axes = figure.add_subplot()
    positions = list(range(len(counts)))  # numbers, so matplotlib need not guess units
    bars = axes.bar(positions, [count.count for count in counts], color="#0072B2")
    axes.set_xticks(positions, [count.key for count in counts])
    axes.bar_label(bars)
    axes.margins(y=0.12)  # room for the count above the tallest bar
    axes.set_xlabel("year first published")
    axes.set_ylabel("advisories (aliases merged)")
    axes.tick_params(axis="x", labelrotation=90)
    what = f"{product} advisories" if product else "Advisories"
    note = f"; {undated} undated" if undated else ""
    axes.set_title(f"{what} per year ({len(items)} vulnerabilities{note})")
    return figure


# -- matrix -----------------------------------------------------------------------------------


def _speaking(item: VulnerabilityRecords) -> Evaluation:
    """The evaluation of the newest record that marks something affected (else the newest)."""
    for record in item.records:
        evaluation = record.evaluate()
        if not evaluation.affected.is_empty:
            return evaluation
    return item.records[0].evaluate()


def _state(evaluation: Evaluation, release: Release) -> int:
    if release.version in evaluation.affected:
        return MatrixCell.AFFECTED
    if release.version in evaluation.unknown:
        return MatrixCell.UNKNOWN
    return MatrixCell.NOT_AFFECTED


def matrix(
    advisories: Iterable[Advisory], catalog: Catalog, *, branches: Sequence[str] | None = None
) -> Figure:
    """Releases (rows) by vulnerabilities (columns): affected, not affected (fixed), unknown.

    *branches* keeps those branches' releases (default: every released release). Columns are
    vulnerabilities of *catalog*'s product, aliases merged, in first-published order.
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    items = [item for item in vulnerabilities(advisories) if item.product_name == catalog.product]
    items.sort(key=lambda item: (item.published or _LAST, item.id))
    keep = set(branches) if branches is not None else None
    releases = [r for r in catalog.released() if keep is None or r.branch in keep]
    evaluations = [_speaking(item) for item in items]
    values = [[_state(each, release) for each in evaluations] for release in releases]
    figure = _figure(2.5 + 0.35 * max(len(items), 1), 1.5 + 0.09 * max(len(releases), 1))
    axes = figure.add_subplot()
    colours = ListedColormap([_COLOURS["not affected"], _COLOURS["affected"], _COLOURS["unknown"]])
    axes.imshow(
        values or [[0]], cmap=colours, vmin=0, vmax=2, aspect="auto", interpolation="nearest"
    )
    axes.set_xticks(range(len(items)), [item.id for item in items], rotation=90, fontsize=7)
    axes.set_yticks(range(len(releases)), [str(r) for r in releases], fontsize=5)
    axes.set_xlabel("advisory")
    axes.set_ylabel("release")
    scope = f" {branches[0]} to {branches[-1]}" if branches else ""
    axes.set_title(f"{catalog.product}{scope}: releases by advisory")
    handles = [Patch(color=colour, label=label) for label, colour in _COLOURS.items()]
    figure.legend(handles=handles, loc="outside upper right", fontsize="small", ncols=3)
    return figure
