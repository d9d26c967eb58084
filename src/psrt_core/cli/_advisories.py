"""``psrt-core affected``, ``convert`` and ``lint``: advisory records on the command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, TextIO

from psrt_core.advisories import (
    Advisory,
    CommitMap,
    Level,
    Status,
    cve_to_osv,
    lint_all,
    osv_to_cve,
)
from psrt_core.cli._catalog import load_catalog_argument
from psrt_core.cli._common import read_text, write_json
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import bundled_catalog, dump_advisory, load_commit_map
from psrt_core.serialization._advisory_io import Syntax, parse_advisory_with_syntax
from psrt_core.versions import BranchScheme, Catalog, parse_version

__all__ = ["catalog_for", "register"]

EXIT_FINDINGS = 1


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``affected``, ``convert`` and ``lint`` subcommands."""
    affected = commands.add_parser(
        "affected",
        help="which releases OSV or CVE JSON 5 records mark affected",
        description="Evaluate records exactly over a release catalog (scheduled releases left "
        "out) or over the --version values given.",
    )
    affected.add_argument("records", nargs="+", metavar="RECORD", help="OSV or CVE JSON 5 file")
    _catalog_option(affected)
    affected.add_argument(
        "--version",
        dest="versions",
        action="append",
        metavar="V",
        help="evaluate only this version (repeatable)",
    )
    _commit_map_option(affected)
    affected.add_argument("--json", action="store_true", help="print the JSON contract")
    affected.set_defaults(handler=run_affected)

    convert = commands.add_parser(
        "convert",
        help="convert a record between OSV and CVE JSON 5",
        description="Write a record as OSV or CVE JSON 5. The record's own format is the "
        "lossless round trip; CVE to OSV adds a GIT range from the patch commits and the "
        "affected versions; OSV to CVE writes one range per branch.",
    )
    convert.add_argument("record", metavar="RECORD", help="OSV or CVE JSON 5 file")
    convert.add_argument("--to", required=True, choices=("osv", "cve"), help="target format")
    convert.add_argument(
        "--json", action="store_true", help="write JSON even when the input is YAML"
    )
    convert.add_argument("--id", dest="record_id", help="OSV id for a CVE converted to OSV")
    _catalog_option(convert)
    _commit_map_option(convert)
    convert.set_defaults(handler=run_convert)

    lint = commands.add_parser(
        "lint",
        help="check records for likely mistakes",
        description="Report findings with stable codes and levels; exit 1 on any error.",
    )
    lint.add_argument("records", nargs="+", metavar="RECORD", help="OSV or CVE JSON 5 file")
    _catalog_option(lint)
    lint.add_argument("--json", action="store_true", help="print findings as JSON")
    lint.set_defaults(handler=run_lint)


def _catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="cpython|pip|FILE",
        help="release catalog (default: the bundled one for the record's product)",
    )


def _commit_map_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--commit-map",
        metavar="FILE",
        help="commit -> releases map (JSON or git tag --contains text) for GIT ranges",
    )


def _load(path: str) -> tuple[Advisory, Syntax]:
    return parse_advisory_with_syntax(read_text(path), source=path)


def _commit_map(args: argparse.Namespace, catalog: Catalog | None) -> CommitMap | None:
    """The ``--commit-map``, its versions grouped by the ``--catalog``'s branch scheme."""
    if args.commit_map is None:
        return None
    scheme = catalog.scheme if catalog is not None else BranchScheme.MINOR
    return load_commit_map(args.commit_map, scheme=scheme)


def _catalog(args: argparse.Namespace) -> Catalog | None:
    return None if args.catalog is None else load_catalog_argument(args.catalog)


def catalog_for(advisory: Advisory, override: Catalog | None) -> Catalog | None:
    """The catalog to evaluate *advisory* over: *override*, else its product's bundled one.

    The CLI is where the bundled catalogs are chosen; the advisory itself binds none. A
    product without a bundled catalog gets ``None`` (the record's own versions).
    """
    if override is not None:
        return override
    product = advisory.product
    return bundled_catalog(product.name) if product is not None else None


# -- affected ------------------------------------------------------------------------------------


def _evaluate(
    advisory: Advisory,
    catalog: Catalog | None,
    versions: Sequence[str] | None,
    commit_map: CommitMap | None,
) -> dict[str, Any]:
    evaluation = advisory.evaluate(commit_map=commit_map)
    items: list[tuple[str, str, Status]] = []  # (spelling, branch, status)
    chosen = catalog_for(advisory, catalog)
    if versions:
        scheme = chosen.scheme if chosen is not None else advisory.scheme
        for text in versions:
            parsed = parse_version(text)
            branch = scheme.branch_of(parsed) if parsed is not None else text
            items.append((text, branch, evaluation.status(text)))
    else:
        releases = advisory.releases(chosen)
        for release in releases:
            items.append((str(release.version), release.branch, evaluation.status(release.version)))
    reasons: dict[str, list[str]] = {}
    for reason, unknown in evaluation.causes:
        hits = [text for text, _, status in items if status is Status.UNKNOWN and text in unknown]
        if hits:
            reasons.setdefault(reason, []).extend(h for h in hits if h not in reasons[reason])
    return {
        "id": advisory.id,
        "product": advisory.product_name,
        "affected": [t for t, _, s in items if s is Status.AFFECTED],
        "unaffected": [t for t, _, s in items if s is Status.UNAFFECTED],
        "unknown": [t for t, _, s in items if s is Status.UNKNOWN],
        "reasons": reasons,
        "_items": items,
    }


def _render_text(result: dict[str, Any], out: TextIO) -> None:
    items: list[tuple[str, str, Status]] = result.pop("_items")
    counts = (len(result["affected"]), len(result["unaffected"]), len(result["unknown"]))
    out.write(
        f"{result['id']} ({result['product'] or 'unknown product'}): {counts[0]} affected, "
        f"{counts[1]} unaffected, {counts[2]} unknown of {len(items)} versions\n"
    )
    branches: dict[str, list[tuple[str, Status]]] = {}
    for text, branch, status in items:
        branches.setdefault(branch, []).append((text, status))
    for branch, entries in branches.items():
        affected = [text for text, status in entries if status is Status.AFFECTED]
        if not affected:
            continue
        last = max(i for i, (_, status) in enumerate(entries) if status is Status.AFFECTED)
        fixed = next(
            (text for text, status in entries[last + 1 :] if status is Status.UNAFFECTED), None
        )
        tail = f"first fixed: {fixed}" if fixed else "no fixed release"
        out.write(f"  {branch}: {', '.join(affected)} ({tail})\n")
    for reason, versions in result["reasons"].items():
        out.write(f"  unknown ({len(versions)}): {reason}\n")


def run_affected(args: argparse.Namespace, out: TextIO) -> int:
    """Print each record's affected, unaffected and unknown versions."""
    catalog = _catalog(args)
    commit_map = _commit_map(args, catalog)
    results = [
        _evaluate(_load(path)[0], catalog, args.versions, commit_map) for path in args.records
    ]
    if args.json:
        for result in results:
            del result["_items"]
        write_json(results, out)
        return 0
    for result in results:
        _render_text(result, out)
    return 0


# -- convert -------------------------------------------------------------------------------------


def run_convert(args: argparse.Namespace, out: TextIO) -> int:
    """Write the record in the requested format."""
    advisory, syntax = _load(args.record)
    override = _catalog(args)
    commit_map = _commit_map(args, override)
    catalog = catalog_for(advisory, override)
    if args.to == advisory.format:
        out.write(dump_advisory(advisory, syntax="json" if args.json else syntax))
        return 0
    if args.to == "osv":
        osv = cve_to_osv(advisory, catalog, record_id=args.record_id, commit_map=commit_map)
        out.write(dump_advisory(osv))
        return 0
    try:
        cve = osv_to_cve(advisory, catalog, commit_map=commit_map)
    except InvalidRecordError as exc:
        raise exc.with_source(args.record) from None
    out.write(dump_advisory(cve))
    return 0


# -- lint ----------------------------------------------------------------------------------------


def run_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Print findings; exit 1 if any is an error."""
    catalog = _catalog(args)
    advisories = [_load(path)[0] for path in args.records]
    bundled = {
        product.name: bundled_catalog(product.name)
        for product in {advisory.product for advisory in advisories}
        if product is not None
    }
    results = lint_all(advisories, catalog=catalog, catalogs=bundled)
    errors = sum(1 for findings in results for f in findings if f.level is Level.ERROR)
    if args.json:
        write_json(
            [
                {
                    "file": path,
                    "id": advisory.id,
                    "findings": [
                        {
                            "code": f.code,
                            "name": f.name,
                            "level": f.level.value,
                            "location": f.location,
                            "message": f.message,
                        }
                        for f in findings
                    ],
                }
                for path, advisory, findings in zip(args.records, advisories, results, strict=True)
            ],
            out,
        )
    else:
        total = 0
        for path, findings in zip(args.records, results, strict=True):
            for finding in findings:
                out.write(f"{path}: {finding}\n")
                total += 1
        out.write(f"{total} finding(s), {errors} error(s) in {len(advisories)} record(s)\n")
    return EXIT_FINDINGS if errors else 0
