"""``psrt-core range`` (per-branch ranges from fixes) and ``psrt-core report`` (exposure research).

``range`` turns a coordinator's facts ("fixed in 3.12.8, 3.13.1 and 3.14.0a3") into the
per-branch affected ranges and writes them as a table, OSV, CVE JSON 5, ``vers:`` or PEP 440
specifiers. ``report`` reads advisory records and prints, per advisory and branch, when the
exposure began and ended, or per release which advisories affect it.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable, Sequence
from typing import Any, TextIO, TypeVar

import attrs

from psrt_core.advisories import (
    Advisory,
    CommitMap,
    Evaluation,
    JsonMap,
    OsvAffected,
    Package,
    Status,
    record_dates,
)
from psrt_core.advisories._notation import cve_product_entry
from psrt_core.cli._advisories import (
    catalog_for,
    for_platform,
    include_withdrawn_option,
    platform_label,
    platform_option,
    record_platforms,
    withdrawn_note,
)
from psrt_core.cli._catalog import load_catalog_argument, warn_if_stale
from psrt_core.cli._common import (
    CliError,
    date_argument,
    load_commit_map_argument,
    read_text,
    today,
    warn,
    write_json,
)
from psrt_core.cli._output import COMMANDS, add_format_option, write_table
from psrt_core.cli._publication import add_against_options, run_against
from psrt_core.ranges import (
    AffectedIndex,
    AffectedRanges,
    BranchExposure,
    BranchState,
    Vulnerability,
    branch_exposures,
    merge_advisories,
    ranges_from_fixes,
    to_cve_versions,
    to_osv_ranges,
    to_specifiers,
    to_vers,
)
from psrt_core.serialization import fragment_to_dict, parse_advisory
from psrt_core.versions import PRODUCTS, BranchScheme, BranchStatus, Catalog, VersionSet

__all__ = ["register"]

FORMATS = ("table", "osv", "cve", "vers", "specifier")
_T = TypeVar("_T")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``range`` and ``report`` subcommands."""
    parser = commands.add_parser(
        "range",
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
    add_against_options(parser)
    add_format_option(parser, COMMANDS["range"].formats)
    parser.set_defaults(handler=run_range)

    report = commands.add_parser(
        "report",
        description="Read advisory records (OSV or CVE JSON 5) and report, per advisory and "
        "branch, the first affected and first fixed release, how many releases were affected "
        "and the exposure window in days; or, with --releases, the advisories per release.",
    )
    report.add_argument("records", nargs="+", metavar="RECORD", help="OSV or CVE JSON 5 files")
    add_format_option(report, COMMANDS["report"].formats, csv_shorthand=True)
    report.add_argument(
        "--releases", action="store_true", help="one row per affected release instead of per branch"
    )
    report.add_argument(
        "--catalog",
        metavar="cpython|pip|FILE",
        help="the records' catalog: bundled, or a catalog JSON, python-releases.toml or PEP 691 "
        "JSON file; records of another product are an error (default: by the record's product)",
    )
    report.add_argument(
        "--on",
        type=date_argument,
        default=None,
        help="releases after this date are not out yet; open windows end here (default: today)",
    )
    report.add_argument(
        "--supported-on",
        type=date_argument,
        default=None,
        metavar="DATE",
        dest="supported_on",
        help="keep only the branches in bugfix or security status on DATE (products "
        "without branch statuses, like pip, are kept whole)",
    )
    report.add_argument(
        "--commit-map",
        metavar="FILE",
        help="commit -> releases map (JSON or git tag --contains text) for GIT ranges",
    )
    report.add_argument(
        "--from-final",
        action="store_true",
        help="count exposure from the first affected final release, not the first pre-release",
    )
    platform_option(report)
    include_withdrawn_option(report)
    report.set_defaults(handler=run_report)


# -- range -----------------------------------------------------------------------------------


def run_range(args: argparse.Namespace, out: TextIO) -> int:
    """Print the per-branch ranges in the chosen format."""
    catalog = load_catalog_argument(args.product)
    on = args.on or today()
    commit_map = None
    if args.commit_map is not None:
        commit_map = load_commit_map_argument(args.commit_map, scheme=catalog.scheme)
    ranges = ranges_from_fixes(
        catalog, args.fixed_in, introduced=args.introduced, commit_map=commit_map
    )
    warn_if_stale(args, catalog, on)
    if args.to != "table" and args.format != "table" and args.against is None:
        raise CliError(f"--format {args.format} applies to --to table, not --to {args.to}")
    if args.against is not None:
        return run_against(args, catalog, ranges, out)
    if args.to == "table":
        _write_range_table(catalog, ranges, on, out, args.format)
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
    catalog: Catalog, ranges: AffectedRanges, on: datetime.date, out: TextIO, form: str
) -> None:
    rows = _range_rows(catalog, ranges, on)
    headers = ("branch", "status", "state", "affected", "releases", "fix")
    total = len(catalog.select(ranges.affected))
    owed = ranges.unfixed_supported(catalog, on)
    if form == "json":
        document = {
            "product": catalog.product,
            "on": on.isoformat(),
            "fixes": [str(fix) for fix in ranges.fixes],
            "introduced": None if ranges.introduced is None else str(ranges.introduced),
            "branches": [dict(zip(headers, map(_json_cell, row), strict=True)) for row in rows],
            "affected_releases": total,
            "unfixed_supported": list(owed),
            "notes": list(ranges.notes),
        }
        write_json(document, out, contract=COMMANDS["range"].contract)
        return
    if form != "table":
        write_table(out, headers, rows, form=form)
        return
    fixes = ", ".join(str(fix) for fix in ranges.fixes)
    introduced = ranges.introduced if ranges.introduced is not None else "the first release"
    out.write(f"{catalog.product}: fixed in {fixes}; affected from {introduced}\n")
    write_table(out, headers, rows)
    out.write(f"{total} affected releases in the {catalog.product} catalog\n")
    shown = ", ".join(owed) if owed else "none"
    out.write(f"supported on {on.isoformat()} without a fix: {shown}\n")
    for note in ranges.notes:
        out.write(f"note: {note}\n")


def _json_cell(value: object) -> object:
    return value if value is None or isinstance(value, int) else str(value)


def _range_rows(
    catalog: Catalog, ranges: AffectedRanges, on: datetime.date
) -> list[tuple[object, ...]]:
    """The range table's rows, newest branch first, end-of-life unfixed branches merged."""
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
    return rows


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
    "window",
    "counted_from",
    "platforms",
    "withdrawn",
    "published",
    "aliases",
    "cwe",
)


@attrs.frozen
class _Studied:
    """One vulnerability read for the report, by its speaking record.

    Its catalog, evaluation, the facts its rows show and why it may be left out.
    """

    path: str
    advisory: Advisory
    catalog: Catalog
    evaluation: Evaluation
    platforms: tuple[str, ...]
    withdrawn: str | None
    left_out: str | None  # why the record is not counted; None when it is
    aliases: tuple[str, ...] = ()
    published: str | None = None
    cwe: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.advisory.id,
            "product": self.catalog.product,
            "affected_releases": len(self.catalog.select(self.evaluation.affected)),
            "unknown_releases": len(self.catalog.select(self.evaluation.unknown)),
            "reasons": list(self.evaluation.reasons),
            "record": self.path,
            "withdrawn": self.withdrawn is not None,
            "platforms": list(self.platforms),
            "left_out": self.left_out,
        }


@attrs.frozen
class _Superseded:
    """A copy left out because another copy of the same vulnerability speaks."""

    id: str
    record: str
    by_id: str
    by: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "record": self.record, "by": self.by}

    def note(self) -> str:
        if self.id == self.by_id:
            return (
                f"note: {self.id}: {self.record} left out, superseded by the later "
                f"modified copy in {self.by}"
            )
        return (
            f"note: {self.id} and {self.by_id} are one vulnerability; {self.record} left out, "
            f"{self.by_id}'s copy in {self.by} speaks (modified last)"
        )


def _merged(
    loaded: Sequence[tuple[str, Advisory]],
) -> tuple[list[tuple[str, Vulnerability]], list[_Superseded]]:
    """One entry per vulnerability, in the order the records were given, with the copies left out.

    Copies of one vulnerability (two revisions of one CVE, or a PYSEC record and the CVE it
    aliases) would count it twice; `merge_advisories` joins them and the copy modified last
    speaks (OSV schema 1.7 › id, aliases).
    """
    path_of = {id(advisory): path for path, advisory in loaded}
    position = {id(advisory): index for index, (_, advisory) in enumerate(loaded)}
    merged = sorted(
        merge_advisories(advisory for _, advisory in loaded),
        key=lambda item: min(position[id(copy)] for copy in item.copies),
    )
    superseded = [
        _Superseded(copy.id, path_of[id(copy)], item.id, path_of[id(item.advisory)])
        for item in merged
        for copy in item.copies
        if copy is not item.advisory
    ]
    return [(path_of[id(item.advisory)], item) for item in merged], superseded


def _published_on(advisory: Advisory) -> str | None:
    """The record's publication day (UTC), ISO ``YYYY-MM-DD``; ``None`` when it does not say.

    OSV ``published``, CVE ``cveMetadata.datePublished``, read by `record_dates` (an
    unreadable timestamp is an `~psrt_core.exceptions.InvalidRecordError` with its path).
    """
    published = record_dates(advisory).published
    if published is None:
        return None
    return published.astimezone(datetime.timezone.utc).date().isoformat()


def _said(vulnerability: Vulnerability, fact: Callable[[Advisory], _T]) -> _T:
    """The speaking copy's *fact*, else the first other copy's that has one.

    A PYSEC copy without CWE ids takes the CVE copy's; with none, the speaking copy's empty one.
    """
    speaking = vulnerability.advisory
    for copy in (speaking, *(item for item in vulnerability.copies if item is not speaking)):
        value = fact(copy)
        if value:
            return value
    return fact(speaking)


def _study(
    path: str,
    vulnerability: Vulnerability,
    args: argparse.Namespace,
    override: Catalog | None,
    commit_map: CommitMap | None,
) -> _Studied:
    advisory = vulnerability.advisory
    catalog = catalog_for(advisory, override, given=args.catalog)
    if catalog is None:
        shown = advisory.product_name or "an unknown product"
        raise CliError(f"{path}: {advisory.id} is about {shown}; pass --catalog FILE")
    platforms = record_platforms(advisory)
    withdrawn = withdrawn_note(advisory)
    scoped: Advisory | None = advisory
    left_out = None
    if withdrawn is not None and not args.include_withdrawn:
        left_out = f"{withdrawn}; --include-withdrawn counts it"
    if args.platform is not None:
        scoped = for_platform(advisory, args.platform)
        if scoped is None:
            left_out = f"not affected on {args.platform} ({platform_label(platforms)})"
    evaluation = (scoped or advisory).evaluate(commit_map=commit_map)
    if scoped is None:
        evaluation = Evaluation(VersionSet.empty())
    return _Studied(
        path,
        advisory,
        catalog,
        evaluation,
        platforms,
        withdrawn,
        left_out,
        aliases=vulnerability.aliases,
        published=_said(vulnerability, _published_on),
        cwe=_said(vulnerability, lambda copy: copy.cwe_ids),
    )


def run_report(args: argparse.Namespace, out: TextIO) -> int:
    """Print the exposure report of the given records."""
    on = args.on or today()
    override = load_catalog_argument(args.catalog) if args.catalog else None
    commit_map = None
    if args.commit_map is not None:
        scheme = override.scheme if override is not None else BranchScheme.MINOR
        commit_map = load_commit_map_argument(args.commit_map, scheme=scheme)
    loaded = [(path, parse_advisory(read_text(path), source=path)) for path in args.records]
    records, superseded = _merged(loaded)
    studied = [_study(path, item, args, override, commit_map) for path, item in records]
    for catalog in {item.catalog.product: item.catalog for item in studied}.values():
        warn_if_stale(args, catalog, on)
    counted = [item for item in studied if item.left_out is None]
    exposures = [
        exposure
        for item in counted
        for exposure in branch_exposures(
            item.catalog,
            item.evaluation.affected,
            advisory_id=item.advisory.id,
            on=on,
            from_final=args.from_final,
        )
    ]
    if args.supported_on is not None:
        exposures = _supported(exposures, studied, args.supported_on)
    _warn_out_of_order(args, exposures)
    by_id = {item.advisory.id: item for item in studied}
    rows = [_exposure_dict(exposure, by_id[exposure.advisory_id]) for exposure in exposures]
    per_release = _per_release(counted, on, args.supported_on)
    if args.format == "json":
        write_json(
            {
                "on": on.isoformat(),
                "supported_on": args.supported_on.isoformat() if args.supported_on else None,
                "advisories": [item.summary() for item in studied],
                "superseded": [entry.to_dict() for entry in superseded],
                "branches": rows,
                "releases": [
                    {"product": product, "release": release, "advisories": list(ids)}
                    for product, release, ids in per_release
                ],
            },
            out,
            contract=COMMANDS["report"].contract,
        )
        return 0
    plain = args.format == "csv"
    shown = per_release if plain else _labelled(per_release, by_id)  # CSV: ids only
    _write_report(args, out, rows, shown)
    if args.format == "table":
        _write_notes(out, studied, superseded)
    return 0


def _supported(
    exposures: Sequence[BranchExposure], studied: Sequence[_Studied], day: datetime.date
) -> list[BranchExposure]:
    """The windows on branches in bugfix or security status on *day*.

    A product without branch statuses (pip: one line, each release replacing the last) has
    nothing to filter by, so its rows stay.
    """
    catalogs = {item.advisory.id: item.catalog for item in studied}
    return [
        exposure
        for exposure in exposures
        if _supported_branch(catalogs[exposure.advisory_id], exposure.branch, day)
    ]


def _supported_branch(catalog: Catalog, branch: str, day: datetime.date | None) -> bool:
    """Whether *branch* is in bugfix or security status on *day* (no *day*: every branch is)."""
    if day is None or catalog.scheme is BranchScheme.MAJOR:
        return True
    return any(item.name == branch for item in catalog.supported_on(day))


def _per_release(
    counted: Sequence[_Studied], on: datetime.date, supported_on: datetime.date | None = None
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Per product release out by *on*: the ids of the counted advisories affecting it.

    With *supported_on*, only releases of branches supported that day.
    """
    groups: dict[str, tuple[Catalog, list[tuple[str, VersionSet]]]] = {}
    for item in counted:
        group = groups.setdefault(item.catalog.product, (item.catalog, []))
        group[1].append((item.advisory.id, item.evaluation.affected))
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for catalog, items in groups.values():
        index = AffectedIndex.build(catalog, items)
        for release, row in zip(index.releases, index.rows(), strict=True):
            out_by = release.date is None or release.date <= on
            if row and out_by and _supported_branch(catalog, release.branch, supported_on):
                found.append((catalog.product, str(release), tuple(sorted(row))))
    return found


def _labelled(
    per_release: Sequence[tuple[str, str, tuple[str, ...]]], by_id: dict[str, _Studied]
) -> list[tuple[str, str, tuple[str, ...]]]:
    """The per-release rows with each id labelled by its platforms and withdrawal, if any.

    Each label is made once per advisory, not once per release it affects.
    """

    def label(advisory_id: str) -> str:
        item = by_id[advisory_id]
        marks = [platform_label(item.platforms), item.withdrawn or ""]
        shown = ", ".join(mark for mark in marks if mark)
        return f"{advisory_id} ({shown})" if shown else advisory_id

    labels = {advisory_id: label(advisory_id) for advisory_id in by_id}
    return [
        (product, release, tuple(map(labels.__getitem__, ids)))
        for product, release, ids in per_release
    ]


def _write_report(
    args: argparse.Namespace,
    out: TextIO,
    branch_rows: Sequence[dict[str, Any]],
    per_release: Sequence[tuple[str, str, tuple[str, ...]]],
) -> None:
    """The per-branch (or, with ``--releases``, per-release) rows as a table or CSV."""
    if args.releases:
        headers: Sequence[str] = ("product", "release", "count", "advisories")
        rows: list[Sequence[object]] = [
            (product, release, len(ids), " ".join(ids)) for product, release, ids in per_release
        ]
    else:
        headers = _BRANCH_HEADERS
        rows = [tuple(map(_spaced, row.values())) for row in branch_rows]
    if args.format == "csv":
        rows = [["" if cell is None else _csv_cell(cell) for cell in row] for row in rows]
    write_table(out, headers, rows, form=args.format)


def _write_notes(
    out: TextIO, studied: Sequence[_Studied], superseded: Sequence[_Superseded]
) -> None:
    """Below the table: copies superseded, records left out, unknowns, withdrawn ones counted."""
    for entry in superseded:
        out.write(f"{entry.note()}\n")
    for item in studied:
        summary = item.summary()
        if item.left_out is not None:
            out.write(f"note: {item.advisory.id}: left out, {item.left_out}\n")
            continue
        if item.withdrawn is not None:
            out.write(f"note: {item.advisory.id}: {item.withdrawn}, counted all the same\n")
        if summary["unknown_releases"]:
            reasons = "; ".join(summary["reasons"])
            out.write(
                f"note: {item.advisory.id}: {summary['unknown_releases']} releases of unknown "
                f"status ({reasons})\n"
            )


def _warn_out_of_order(args: argparse.Namespace, exposures: Sequence[BranchExposure]) -> None:
    """One stderr line when release dates in some windows go against the release order."""
    odd = [item for item in exposures if item.dates_out_of_order]
    if not odd:
        return
    first = odd[0]
    more = f" and {len(odd) - 1} more" if len(odd) > 1 else ""
    fix = first.first_fixed
    detail = (
        f"fixed in {fix} dated {fix.date}, last affected {first.last_affected} dated "
        f"{first.last_affected.date}"
        if fix is not None
        else f"{first.first_affected} to {first.last_affected}"
    )
    warn(
        args,
        f"release dates out of release order in the exposure window of {first.advisory_id} "
        f"{first.branch} ({detail}){more}: the catalog's dates are wrong there, so are the days",
    )


def _spaced(value: object) -> object:
    """Text and CSV cells: a list of ids as one space-separated cell (none: an empty cell)."""
    if isinstance(value, list):
        return " ".join(value) or None
    return value


def _csv_cell(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _exposure_dict(item: BranchExposure, studied: _Studied) -> dict[str, Any]:
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
        "window": item.window.value,
        "counted_from": str(item.start) if item.start is not None else None,
        "platforms": ", ".join(studied.platforms) or "all",
        "withdrawn": studied.withdrawn is not None,
        "published": studied.published,
        "aliases": list(studied.aliases),
        "cwe": list(studied.cwe),
    }
