"""``psrt-core range`` (per-branch ranges from fixes) and ``psrt-core report`` (exposure research).

``range`` turns a coordinator's facts ("fixed in 3.12.8, 3.13.1 and 3.14.0a3") into the
per-branch affected ranges and writes them as a table, OSV, CVE JSON 5, ``vers:`` or PEP 440
specifiers. ``report`` reads advisory records and prints, per advisory and branch, when the
exposure began and ended, or per release which advisories affect it.
"""

from __future__ import annotations

import argparse
import csv
import datetime
from collections.abc import Sequence
from typing import Any, TextIO

from psrt_core.advisories import Advisory, JsonMap, OsvAffected, Package, Status
from psrt_core.advisories._notation import cve_product_entry
from psrt_core.cli._advisories import catalog_for
from psrt_core.cli._catalog import load_catalog_argument
from psrt_core.cli._common import CliError, date_argument, render_table, today, write_json
from psrt_core.ranges import (
    AffectedIndex,
    AffectedRanges,
    BranchExposure,
    BranchState,
    branch_exposures,
    ranges_from_fixes,
    to_cve_versions,
    to_osv_ranges,
    to_specifiers,
    to_vers,
)
from psrt_core.serialization import fragment_to_dict, load_advisory, load_commit_map
from psrt_core.serialization._converter import parse_datetime
from psrt_core.versions import PRODUCTS, BranchScheme, BranchStatus, Catalog, VersionSet

__all__ = ["register"]

FORMATS = ("table", "osv", "cve", "vers", "specifier")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``range`` and ``report`` subcommands."""
    parser = commands.add_parser(
        "range",
        help="per-branch affected ranges from the releases that fixed a vulnerability",
        description="Build the per-branch affected ranges from fixed-in versions over the "
        "product's release catalog: each fix closes its branch (pre-releases included), older "
        "branches without a fix stay affected, newer branches are unaffected.",
    )
    parser.add_argument(
        "--product",
        required=True,
        metavar="cpython|pip|FILE",
        help="a bundled catalog or a catalog JSON file",
    )
    parser.add_argument(
        "--fixed-in",
        action="append",
        required=True,
        metavar="V",
        dest="fixed_in",
        help="a release that fixed it (repeat, one per branch)",
    )
    parser.add_argument("--introduced", metavar="V", help="the first affected version")
    parser.add_argument(
        "--commit-map",
        metavar="FILE",
        help="commit -> releases map: --fixed-in and --introduced may then name commits",
    )
    parser.add_argument(
        "--on",
        type=date_argument,
        default=None,
        help="branch statuses as of this date (default: today)",
    )
    parser.add_argument(
        "--to", choices=FORMATS, default="table", help="output format (default: table)"
    )
    parser.set_defaults(handler=run_range)

    report = commands.add_parser(
        "report",
        help="per advisory and branch: first affected, first fixed, exposure in days",
        description="Read advisory records (OSV or CVE JSON 5) and report, per advisory and "
        "branch, the first affected and first fixed release, how many releases were affected "
        "and the exposure window in days; or, with --releases, the advisories per release.",
    )
    report.add_argument("records", nargs="+", metavar="RECORD", help="OSV or CVE JSON 5 files")
    output = report.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="write CSV")
    output.add_argument("--json", action="store_true", help="write JSON (both views)")
    report.add_argument(
        "--releases", action="store_true", help="one row per affected release instead of per branch"
    )
    report.add_argument(
        "--catalog",
        metavar="cpython|pip|FILE",
        help="the catalog for records of other products (default: by the record's product)",
    )
    report.add_argument(
        "--on",
        type=date_argument,
        default=None,
        help="releases after this date are not out yet; open windows end here (default: today)",
    )
    report.add_argument(
        "--commit-map",
        metavar="FILE",
        help="commit -> releases map (JSON or git tag --contains text) for GIT ranges",
    )
    report.set_defaults(handler=run_report)


# -- range -----------------------------------------------------------------------------------


def run_range(args: argparse.Namespace, out: TextIO) -> int:
    """Print the per-branch ranges in the chosen format."""
    catalog = load_catalog_argument(args.product)
    on = args.on or today()
    commit_map = None
    if args.commit_map is not None:
        commit_map = load_commit_map(args.commit_map, scheme=catalog.scheme)
    ranges = ranges_from_fixes(
        catalog, args.fixed_in, introduced=args.introduced, commit_map=commit_map
    )
    if args.to == "table":
        _write_range_table(catalog, ranges, on, out)
    elif args.to == "osv":
        write_json(_osv_entry(catalog, ranges), out)
    elif args.to == "cve":
        write_json(_cve_product(catalog, ranges), out)
    elif args.to == "vers":
        conversion = to_vers(ranges.affected)
        out.write(f"{conversion.value if conversion.value is not None else '(empty)'}\n")
    else:
        specifiers = to_specifiers(ranges.affected, catalog)
        for spec in specifiers.value:
            out.write(f"{spec or '(any version)'}\n")
        for note in specifiers.notes:  # pragma: no cover - snapping makes them exact
            out.write(f"# inexact: {note}\n")
    return 0


def _write_range_table(
    catalog: Catalog, ranges: AffectedRanges, on: datetime.date, out: TextIO
) -> None:
    fixes = ", ".join(str(fix) for fix in ranges.fixes)
    introduced = ranges.introduced if ranges.introduced is not None else "the first release"
    out.write(f"{catalog.product}: fixed in {fixes}; affected from {introduced}\n")
    rows: list[tuple[object, ...]] = []
    pending: list[tuple[str, VersionSet, int]] = []

    def flush() -> None:
        if not pending:
            return
        names = pending[0][0] if len(pending) == 1 else f"{pending[0][0]} to {pending[-1][0]}"
        union = VersionSet.empty()
        for _name, affected, _count in pending:
            union = union | affected
        count = sum(item[2] for item in pending)
        rows.append((names, "end-of-life", "unfixed", str(union), count, None))
        pending.clear()

    for item in ranges.affected_branches():
        count = len(catalog.select(item.affected))
        status = _status(catalog, item.branch, on)
        if item.state is BranchState.UNFIXED and status == BranchStatus.END_OF_LIFE.value:
            pending.append((item.branch, item.affected, count))
            continue
        flush()
        rows.append((item.branch, status, item.state.value, str(item.affected), count, item.fixed))
    flush()
    rows.reverse()
    out.write(render_table(("branch", "status", "state", "affected", "releases", "fix"), rows))
    total = len(catalog.select(ranges.affected))
    out.write(f"{total} affected releases in the {catalog.product} catalog\n")
    owed = ranges.unfixed_supported(catalog, on)
    shown = ", ".join(owed) if owed else "none"
    out.write(f"supported on {on.isoformat()} without a fix: {shown}\n")
    for note in ranges.notes:
        out.write(f"note: {note}\n")


def _status(catalog: Catalog, branch: str, on: datetime.date) -> str:
    if catalog.scheme is BranchScheme.MAJOR:
        return "-"
    return catalog.status_on(branch, on).value


def _osv_entry(catalog: Catalog, ranges: AffectedRanges) -> dict[str, Any]:
    """An OSV ``affected`` entry for the ranges, built by the one notation builder.

    OSV schema 1.7 › affected: a product without an ecosystem (CPython, osv-schema#94) may
    hold only GIT ranges, so its entry says it with its ``versions`` list alone, and keeps
    the exact PEP 440 ranges for people under ``database_specific.ranges``, which never
    affects evaluation.
    """
    product = PRODUCTS.get(catalog.product)
    versions = tuple(str(release) for release in catalog.select(ranges.affected))
    osv_ranges = to_osv_ranges(ranges.affected).value
    if product is not None and product.ecosystem is None:
        listed = [fragment_to_dict(item) for item in osv_ranges]
        entry = OsvAffected(versions=versions, database_specific=JsonMap.of({"ranges": listed}))
    else:
        ecosystem, name = "PyPI", catalog.product
        if product is not None and product.ecosystem is not None:
            ecosystem, name = product.ecosystem, product.package or product.name
        entry = OsvAffected(
            package=Package(ecosystem, name), ranges=osv_ranges or None, versions=versions
        )
    return fragment_to_dict(entry)


def _cve_product(catalog: Catalog, ranges: AffectedRanges) -> dict[str, Any]:
    """A CVE ``affected[]`` product: the same builder and layout as ``convert --to cve``."""
    versions = to_cve_versions(ranges.affected, catalog=catalog).value
    product = PRODUCTS.get(catalog.product) or catalog.product
    return fragment_to_dict(cve_product_entry(product, versions, default_status=Status.UNAFFECTED))


# -- report ----------------------------------------------------------------------------------

_BRANCH_HEADERS = (
    "advisory",
    "branch",
    "first_affected",
    "first_affected_date",
    "last_affected",
    "first_fixed",
    "first_fixed_date",
    "affected_releases",
    "exposure_days",
    "open",
)


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    """Print the exposure report of the given records."""
    on = args.on or today()
    override = load_catalog_argument(args.catalog) if args.catalog else None
    commit_map = None
    if args.commit_map is not None:
        scheme = override.scheme if override is not None else BranchScheme.MINOR
        commit_map = load_commit_map(args.commit_map, scheme=scheme)
    by_product: dict[str, tuple[Catalog, list[tuple[str, VersionSet]]]] = {}
    summaries: list[dict[str, Any]] = []
    records, superseded = _authoritative([(path, load_advisory(path)) for path in args.records])
    for path, advisory in records:
        catalog = catalog_for(advisory, override)
        if catalog is None:
            shown = advisory.product_name or "an unknown product"
            msg = f"{path}: {advisory.id} is about {shown}; pass --catalog FILE"
            raise CliError(msg)
        evaluation = advisory.evaluate(commit_map=commit_map)
        group = by_product.setdefault(catalog.product, (catalog, []))
        group[1].append((advisory.id, evaluation.affected))
        summaries.append(
            {
                "id": advisory.id,
                "product": catalog.product,
                "affected_releases": len(catalog.select(evaluation.affected)),
                "unknown_releases": len(catalog.select(evaluation.unknown)),
                "reasons": list(evaluation.reasons),
                "record": path,
            }
        )
    exposures: list[BranchExposure] = []
    per_release: list[tuple[str, str, tuple[str, ...]]] = []
    for catalog, items in by_product.values():
        for advisory_id, affected in items:
            exposures.extend(branch_exposures(catalog, affected, advisory_id=advisory_id, on=on))
        index = AffectedIndex.build(catalog, items)
        for release, row in zip(index.releases, index.rows(), strict=True):
            if row and (release.date is None or release.date <= on):
                per_release.append((catalog.product, str(release), tuple(sorted(row))))
    if args.json:
        write_json(
            {
                "on": on.isoformat(),
                "advisories": summaries,
                "superseded": superseded,
                "branches": [_exposure_dict(item) for item in exposures],
                "releases": [
                    {"product": product, "release": release, "advisories": list(ids)}
                    for product, release, ids in per_release
                ],
            },
            out,
        )
        return 0
    if args.releases:
        headers: Sequence[str] = ("product", "release", "count", "advisories")
        rows: list[Sequence[object]] = [
            (product, release, len(ids), " ".join(ids)) for product, release, ids in per_release
        ]
    else:
        headers = _BRANCH_HEADERS
        rows = [tuple(_exposure_dict(item).values()) for item in exposures]
    if args.csv:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(["" if cell is None else _csv_cell(cell) for cell in row] for row in rows)
        return 0
    out.write(render_table(headers, rows))
    for item in superseded:
        out.write(
            f"note: {item['id']}: {item['record']} left out, superseded by the later "
            f"modified copy in {item['by']}\n"
        )
    for summary in summaries:
        if summary["unknown_releases"]:
            reasons = "; ".join(summary["reasons"])
            out.write(
                f"note: {summary['id']}: {summary['unknown_releases']} releases of unknown "
                f"status ({reasons})\n"
            )
    return 0


def _authoritative(
    loaded: Sequence[tuple[str, Advisory]],
) -> tuple[list[tuple[str, Advisory]], list[dict[str, str]]]:
    """One record per id: the copy modified last (OSV schema: it is the authoritative one).

    Two revisions of one CVE (say, before and after its ranges were refined) are common in a
    research folder; reporting both would count the same vulnerability twice.
    """
    chosen: dict[str, tuple[str, Advisory]] = {}
    superseded: list[dict[str, str]] = []
    for path, advisory in loaded:
        previous = chosen.get(advisory.id)
        if previous is None:
            chosen[advisory.id] = (path, advisory)
            continue
        newer, older = (
            ((path, advisory), previous)
            if _modified(advisory) >= _modified(previous[1])
            else (previous, (path, advisory))
        )
        chosen[advisory.id] = newer
        superseded.append({"id": advisory.id, "record": older[0], "by": newer[0]})
    return list(chosen.values()), superseded


def _modified(advisory: Advisory) -> datetime.datetime:
    """When the record was last modified; records that do not say sort first."""
    text = advisory.modified
    if text is None:
        return datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
    try:
        return parse_datetime(text)
    except ValueError:
        return datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


def _csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _exposure_dict(item: BranchExposure) -> dict[str, Any]:
    def day(value: datetime.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    fixed = item.first_fixed
    return {
        "advisory": item.advisory_id,
        "branch": item.branch,
        "first_affected": str(item.first_affected),
        "first_affected_date": day(item.first_affected.date),
        "last_affected": str(item.last_affected),
        "first_fixed": str(fixed) if fixed is not None else None,
        "first_fixed_date": day(fixed.date) if fixed is not None else None,
        "affected_releases": item.affected_count,
        "exposure_days": item.days,
        "open": item.open,
    }
