"""``psrt-core stats``: research views over a whole advisory set.

Per year first published, per CWE id, or per branch (how many vulnerabilities, how many fixed,
median and 90th-percentile days from the first affected release to the fix, how many still
open). Advisories that are one vulnerability (ids, ``aliases``, ``upstream``) count once;
withdrawn records are left out. Inputs are files or folders searched recursively, as the
advisory databases are laid out.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Sequence
from typing import Any, TextIO

from psrt_core.cli._common import CliError, RecordFiles, date_argument, today
from psrt_core.cli._common import collect_records as collect_common
from psrt_core.cli._output import (
    JSON,
    RESULT_FORMATS,
    TABLE,
    add_format_option,
    write_json,
    write_table,
)
from psrt_core.ranges import (
    BranchStats,
    PeriodCount,
    VulnerabilityRecords,
    branch_stats,
    count_by_cwe,
    count_by_year,
    vulnerabilities,
)
from psrt_core.serialization import bundled_catalog
from psrt_core.versions import PRODUCTS, BranchScheme, Catalog

__all__ = ["collect_records", "register", "select"]

STATS_FORMAT = "psrt-core/stats-1"
PRODUCT_NAMES = tuple(PRODUCTS)


def collect_records(paths: Sequence[str]) -> RecordFiles:
    """Every record in *paths* by the one walker (`_common.collect_records`); none is an error."""
    found = collect_common(paths)
    if not found.records:
        raise CliError(f"no advisory records found in {', '.join(paths)}")
    return found


def select(records: RecordFiles, product: str | None) -> tuple[VulnerabilityRecords, ...]:
    """The vulnerabilities in *records* (aliases merged, withdrawn left out), of *product*."""
    found = vulnerabilities(advisory for _, advisory in records.records)
    if product is None:
        return found
    return tuple(item for item in found if item.product_name == product)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``stats`` subcommand."""
    parser = commands.add_parser(
        "stats",
        description="Count vulnerabilities in advisory records (files or folders searched "
        "recursively), records of one vulnerability (ids, aliases, upstream) merged and "
        "withdrawn ones left out: per year first published, per CWE id, or per branch with the "
        "median and 90th-percentile days from the first affected release to the fix and the "
        "exposures still open.",
    )
    parser.add_argument("paths", nargs="+", metavar="ADVISORIES", help="record files or folders")
    parser.add_argument(
        "--by", choices=("year", "branch", "cwe"), default="year", help="the view (default: year)"
    )
    parser.add_argument("--product", choices=PRODUCT_NAMES, help="only this product's records")
    add_format_option(parser, RESULT_FORMATS)
    parser.add_argument(
        "--on",
        type=date_argument,
        default=None,
        help="releases after this date are not out yet; branch status as of it (default: today)",
    )
    parser.set_defaults(handler=run_stats)


_BRANCH_HEADERS = (
    "product",
    "branch",
    "status",
    "advisories",
    "fixed",
    "open",
    "median_days",
    "p90_days",
)


def run_stats(args: argparse.Namespace, out: TextIO) -> int:
    """Print the chosen view in the chosen format."""
    on = args.on or today()
    records = collect_records(args.paths)
    items = select(records, args.product)
    headers: Sequence[str]
    if args.by == "branch":
        catalogs = {
            name: bundled_catalog(name) for name in PRODUCT_NAMES if args.product in (None, name)
        }
        headers = _BRANCH_HEADERS
        rows = [
            _branch_row(stat, catalogs[stat.product], on)
            for stat in branch_stats(items, catalogs, on=on)
        ]
    else:
        counts = count_by_year(items) if args.by == "year" else count_by_cwe(items)
        headers = (args.by, "advisories", "ids")
        rows = [_count_row(args.by, count) for count in counts]
    summary = {
        "on": on.isoformat(),
        "by": args.by,
        "product": args.product,
        "records": len(records.records),
        "vulnerabilities": len(items),
        "skipped": list(records.skipped),
    }
    _write(args.format, headers, rows, summary, out)
    return 0


def _count_row(by: str, count: PeriodCount) -> dict[str, Any]:
    return {by: count.key, "advisories": count.count, "ids": list(count.ids)}


def _branch_row(stat: BranchStats, catalog: Catalog, on: datetime.date) -> dict[str, Any]:
    # pip's branches have no status of their own (one line of releases): no value, not "-".
    status = None if catalog.scheme is BranchScheme.MAJOR else catalog.status_on(stat.branch, on)
    return {
        "product": stat.product,
        "branch": stat.branch,
        "status": getattr(status, "value", status),
        "advisories": stat.advisories,
        "fixed": stat.fixed,
        "open": stat.open,
        "median_days": stat.median_days,
        "p90_days": stat.p90_days,
    }


def _cells(row: dict[str, Any]) -> list[object]:
    return [" ".join(value) if isinstance(value, list) else value for value in row.values()]


def _write(
    form: str,
    headers: Sequence[str],
    rows: Sequence[dict[str, Any]],
    summary: dict[str, Any],
    out: TextIO,
) -> None:
    if form == JSON:
        write_json({**summary, "rows": rows}, out, contract=STATS_FORMAT)
    elif form != TABLE:
        write_table(out, headers, [_cells(row) for row in rows], form=form)
    else:
        write_table(out, headers, [_cells(row) for row in rows])
        out.write(
            f"{summary['vulnerabilities']} vulnerabilities from {summary['records']} records "
            "(aliases merged, withdrawn left out)\n"
        )
        if summary["skipped"]:
            out.write(f"skipped {len(summary['skipped'])} files that are not advisory records\n")
