"""``psrt-core publish``, ``enrich``, ``diff``, ``timeline`` and ``range --against``.

Records are checked (`check_cve_record`, `check_osv_record`) before they are written, and
nothing is written from an advisory that is not public unless ``--embargoed`` is said.
``range --against`` is registered by ``cli._ranges`` through `add_against_options` and runs
`run_against` here, so the range command stays about ranges.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from psrt_core.advisories import Advisory, CreditLedger, CveRecord, GhsaAdvisory
from psrt_core.cli._advisories import catalog_for
from psrt_core.cli._catalog import load_catalog_argument
from psrt_core.cli._common import CliError, date_argument, read_text, today
from psrt_core.cli._output import (
    TEXT_FORMATS,
    SafeStream,
    add_format_option,
    add_output_option,
    json_text,
    write_json,
    write_lines,
)
from psrt_core.exceptions import InvalidRecordError, Problem
from psrt_core.publication import (
    BranchChange,
    CveUpdate,
    Publication,
    RecordDiff,
    Timeline,
    case_timeline,
    check_cve_record,
    check_osv_record,
    cve_update,
    diff_records,
    enrich_osv,
    refuse_undisclosed,
)
from psrt_core.ranges import AffectedRanges
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    bundled_catalog,
    dump_advisory,
    fragment_to_dict,
    ghsa_from_dict,
    load_credit_facts,
    load_login_roster,
    parse_advisory,
)
from psrt_core.serialization._advisory_io import parse_advisory_with_syntax
from psrt_core.serialization._ghsa_io import credit_facts_from_text, login_roster_from_text
from psrt_core.serialization._reading import json_document, json_line
from psrt_core.versions import CPYTHON, PRODUCTS, Catalog, Product, product_named

__all__ = ["add_against_options", "register", "run_against"]

EXIT_MUST_CHANGE = 1
DIFF_CONTRACT = "psrt-core/diff-1"
TIMELINE_CONTRACT = "psrt-core/timeline-1"
AGAINST_CONTRACT = "psrt-core/range-against-1"


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``publish``, ``enrich``, ``diff`` and ``timeline`` subcommands."""
    _register_publish(commands)
    _register_enrich(commands)
    _register_diff(commands)
    _register_timeline(commands)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", metavar="cpython|pip|FILE", help="release catalog")
    parser.add_argument(
        "--fixed-in",
        dest="fixed_in",
        action="append",
        default=[],
        metavar="V",
        help="the fix release of a branch (repeatable)",
    )


def _credit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--credits", metavar="FILE", help="extra credits (JSON or TOML; - for standard input)"
    )
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help=(
            "login -> name: the devguide's psrt.csv (name,github,notes) or a JSON object; "
            "- for standard input"
        ),
    )


def _register_publish(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "publish",
        description="Build the records from a GHSA and the fixed-in releases: per-branch "
        "versions, credits, CWE, references. A GHSA that is not published is refused unless "
        "--embargoed (the output is then marked and carries no disclosure date).",
    )
    parser.add_argument("ghsa", metavar="GHSA.json", help="GitHub repository advisory JSON")
    _common(parser)
    parser.add_argument(
        "--fix-commit",
        dest="fix_commits",
        action="append",
        default=[],
        metavar="SHA",
        help="a full fix commit hash (repeatable)",
    )
    _credit_options(parser)
    parser.add_argument("--to", required=True, choices=("cve", "osv", "both"))
    parser.add_argument("--output-dir", metavar="DIR", help="write <id>.json files there")
    parser.add_argument("--product", choices=tuple(PRODUCTS), help="override the product")
    parser.add_argument("--id", dest="record_id", help="the OSV record id")
    parser.add_argument("--embargoed", action="store_true", help="write marked records anyway")
    parser.add_argument("--on", type=date_argument, help="today (default: the UTC date)")
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="also print the case timeline (as `psrt-core timeline`) to standard error",
    )
    parser.add_argument("--accepted", type=date_argument, help="with --timeline: day accepted")
    add_output_option(parser)
    parser.set_defaults(handler=run_publish)


def _register_enrich(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "enrich",
        description="Add to an OSV record what the PSF importer drops, from a CVE record or a "
        "GHSA, leaving everything else as it is. What was added goes to standard error.",
    )
    parser.add_argument("record", metavar="OSV", help="OSV record (JSON or YAML)")
    parser.add_argument("--from", dest="source", required=True, metavar="CVE.json|GHSA.json")
    _common(parser)
    _credit_options(parser)
    parser.add_argument("--embargoed", action="store_true", help="accept an undisclosed source")
    parser.add_argument("--on", type=date_argument, help="today (default: the UTC date)")
    add_output_option(parser)
    parser.set_defaults(handler=run_enrich)


def _register_diff(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "diff",
        description="Affected releases gained and lost per branch, credits and CWE ids added "
        "or removed (CVE or OSV, either format).",
    )
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument("--catalog", metavar="cpython|pip|FILE", help="release catalog")
    add_format_option(parser, TEXT_FORMATS)
    parser.set_defaults(handler=run_diff)


def _register_timeline(commands: argparse._SubParsersAction[Any]) -> None:
    parser = commands.add_parser(
        "timeline",
        description="Report received, accepted, CVE reserved, fixes released per branch, "
        "published; with the days left (or overrun).",
    )
    parser.add_argument("ghsa", metavar="GHSA.json")
    _common(parser)
    parser.add_argument("--cve", metavar="CVE.json", help="the CVE record (dateReserved)")
    parser.add_argument("--product", choices=tuple(PRODUCTS), help="override the product")
    parser.add_argument("--accepted", type=date_argument, help="the day the report was accepted")
    parser.add_argument("--on", type=date_argument, help="today (default: the UTC date)")
    add_format_option(parser, TEXT_FORMATS)
    parser.set_defaults(handler=run_timeline)


# -- inputs --------------------------------------------------------------------------------------


def _json_document(path: str) -> Any:
    return json_document(read_text(path), error=InvalidRecordError, source=path, where=json_line)


def _is_ghsa(document: object) -> bool:
    return isinstance(document, dict) and (
        "ghsa_id" in document or "ghsa_id" in document.get("value", {})
    )


def _ghsa(path: str) -> GhsaAdvisory:
    document = _json_document(path)
    if isinstance(document, dict) and "ghsa_id" not in document and "value" in document:
        document = document["value"]  # an OpenAPI example envelope
    return ghsa_from_dict(document, source=path)


def _roster(args: argparse.Namespace) -> dict[str, str]:
    return {} if args.roster is None else _read_roster(args.roster)


def _read_roster(path: str) -> dict[str, str]:
    """The one place a roster file is read (a devguide CSV or a JSON login -> name map).

    From standard input (``-``) there is no suffix to go by: JSON when it opens with ``{``.
    """
    if path == "-":
        return login_roster_from_text(read_text(path))
    if not Path(path).is_file():
        raise CliError(f"{path}: no such file")
    return load_login_roster(path)


def _facts(args: argparse.Namespace) -> CreditLedger:
    """The coordinator's extra credits (``-``: standard input, JSON when it opens with ``{``)."""
    if args.credits is None:
        return CreditLedger()
    if args.credits == "-":
        return credit_facts_from_text(read_text(args.credits))
    if not Path(args.credits).is_file():
        raise CliError(f"{args.credits}: no such file")
    return load_credit_facts(args.credits)


def _product(args: argparse.Namespace) -> Product | None:
    """The ``--product`` override as a value (argparse already limited it to known names)."""
    return None if args.product is None else product_named(args.product)


def _catalog_for(args: argparse.Namespace, product: Product | str | None) -> Catalog:
    if args.catalog is not None:
        return load_catalog_argument(args.catalog)
    if isinstance(product, Product):
        return bundled_catalog(product.name)
    raise CliError(f"no bundled catalog for product {product!r}: give --catalog or --product")


def _note(line: str) -> None:
    """One line on standard error, escaped like all human output."""
    SafeStream(sys.stderr).write(line + "\n")


def _write(
    args: argparse.Namespace, out: TextIO, document: dict[str, Any], lines: list[str], contract: str
) -> None:
    """The JSON *contract* or the text lines, as ``--format`` says."""
    if args.format == "json":
        write_json(document, out, contract=contract)
    else:
        write_lines(out, lines)


def _dumps(document: Any) -> str:
    return json_text(document)


def _checked(document: dict[str, Any], problems: tuple[Problem, ...], what: str) -> str:
    if problems:
        raise InvalidRecordError(problems, source=f"the {what} record built")
    return _dumps(document)


# -- publish -------------------------------------------------------------------------------------


def run_publish(args: argparse.Namespace, out: TextIO) -> int:
    """Write the requested records (stdout, or files in --output-dir)."""
    ghsa = _ghsa(args.ghsa)
    product = _product(args)
    publication = Publication(
        ghsa=ghsa,
        catalog=_catalog_for(args, product or ghsa.product or ghsa.product_name),
        fixed_in=tuple(args.fixed_in),
        fix_commits=tuple(args.fix_commits),
        facts=_facts(args),
        roster=_roster(args),
        product=product,
        embargoed=args.embargoed,
        on=args.on or today(),
    )
    if not args.fixed_in:
        raise CliError("publish needs at least one --fixed-in release")
    outputs: list[tuple[str, str]] = []
    if args.to in ("cve", "both"):
        cve = advisory_to_dict(publication.cve())
        outputs.append((cve["cveMetadata"]["cveId"], _checked(cve, check_cve_record(cve), "CVE")))
    if args.to in ("osv", "both"):
        osv = advisory_to_dict(publication.osv(args.record_id))
        outputs.append((osv["id"], _checked(osv, check_osv_record(osv), "OSV")))
    for name, role in publication.credits.withheld(publication.roster):
        _note(f"psrt-core: not published (declined or pending): {name} ({role.cve})")
    if args.embargoed:
        _note("psrt-core: EMBARGOED output: marked, no disclosure date")
    if args.timeline:
        timeline = case_timeline(
            ghsa,
            on=publication.on or today(),
            catalog=publication.catalog,
            fixed_in=args.fixed_in,
            accepted=args.accepted,
        )
        write_lines(SafeStream(sys.stderr), _render_timeline(timeline))
    _emit(outputs, args.output_dir, out)
    return 0


def _emit(outputs: list[tuple[str, str]], directory: str | None, out: TextIO) -> None:
    if directory is None:
        for _, text in outputs:
            out.write(text)
        return
    target = Path(directory)
    target.mkdir(parents=True, exist_ok=True)
    for name, text in outputs:
        path = target / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        out.write(f"{path}\n")


# -- enrich --------------------------------------------------------------------------------------


def _enrich_from_cve(source: Advisory, args: argparse.Namespace) -> tuple[Any, ...]:
    assert isinstance(source.record, CveRecord)
    refuse_undisclosed(source.record, args.on or today(), embargoed=args.embargoed)
    catalog = None if args.catalog is None else load_catalog_argument(args.catalog)
    versions = [str(release.version) for release in source.affected_versions(catalog)]
    cna = source.record.containers.cna
    credits = CreditLedger.from_cve(cna.credits or ()) | _facts(args)
    return credits, cna.cwe_ids, cna.title, source.product, versions


def _enrich_from_ghsa(ghsa: GhsaAdvisory, args: argparse.Namespace) -> tuple[Any, ...]:
    product = ghsa.product or ghsa.product_name or CPYTHON
    versions: list[str] = []
    if args.fixed_in:
        publication = Publication(
            ghsa=ghsa,
            catalog=_catalog_for(args, product),
            fixed_in=tuple(args.fixed_in),
            product=product if isinstance(product, Product) else None,
            embargoed=args.embargoed,
            on=args.on or today(),
        )
        publication.check()
        versions = [str(r.version) for r in publication.catalog.select(publication.affected())]
    elif not args.embargoed and not ghsa.is_public:
        Publication(ghsa=ghsa, catalog=bundled_catalog(CPYTHON.name), fixed_in=()).check()
    credits = CreditLedger.from_ghsa(ghsa) | _facts(args)
    return credits, ghsa.cwe_ids or (), ghsa.summary, product, versions


def run_enrich(args: argparse.Namespace, out: TextIO) -> int:
    """Print the enriched record; list what was added on standard error."""
    advisory, syntax = parse_advisory_with_syntax(read_text(args.record), source=args.record)
    if advisory.format != "osv":
        raise CliError(f"{args.record}: enrich needs an OSV record")
    document = _json_document(args.source)
    if _is_ghsa(document):
        credits, cwe, title, product, versions = _enrich_from_ghsa(_ghsa(args.source), args)
    else:
        source = advisory_from_dict(document, source=args.source)
        if source.format != "cve":
            raise CliError(f"{args.source}: --from needs a CVE record or a GHSA")
        credits, cwe, title, product, versions = _enrich_from_cve(source, args)
    result = enrich_osv(
        advisory.record,  # type: ignore[arg-type]
        credits=credits,
        roster=_roster(args),
        cwe_ids=cwe,
        title=title,
        product=product,
        versions=versions,
    )
    for line in result.added or ("nothing to add",):
        _note(f"psrt-core: enrich: {line}")
    out.write(dump_advisory(result.record, syntax=syntax))
    return 0


# -- diff ----------------------------------------------------------------------------------------


def diff_to_dict(diff: RecordDiff) -> dict[str, Any]:
    """The JSON contract of ``psrt-core diff --json``."""
    return {
        "old": diff.old_id,
        "new": diff.new_id,
        "branches": [
            {"branch": b.branch, "gained": list(b.gained), "lost": list(b.lost)}
            for b in diff.branches
        ],
        "credits_added": [{"name": n, "type": r.cve} for n, r in diff.credits_added],
        "credits_removed": [{"name": n, "type": r.cve} for n, r in diff.credits_removed],
        "cwe_added": list(diff.cwe_added),
        "cwe_removed": list(diff.cwe_removed),
    }


def _branch_lines(branches: tuple[BranchChange, ...], labels: tuple[str, str]) -> list[str]:
    """``  BRANCH: LABEL N: versions`` for each branch's gained, then lost, releases."""
    lines = []
    for branch in branches:
        for label, items in zip(labels, (branch.gained, branch.lost), strict=True):
            if items:
                lines.append(f"  {branch.branch}: {label} {len(items)}: {', '.join(items)}")
    return lines


def _render_diff(diff: RecordDiff) -> list[str]:
    lines = [f"{diff.old_id} -> {diff.new_id}"]
    lines += _branch_lines(diff.branches, ("gained", "lost"))
    lines += [f"  credit added: {n} ({r.cve})" for n, r in diff.credits_added]
    lines += [f"  credit removed: {n} ({r.cve})" for n, r in diff.credits_removed]
    lines += [f"  CWE added: {c}" for c in diff.cwe_added]
    lines += [f"  CWE removed: {c}" for c in diff.cwe_removed]
    if diff.empty:
        lines.append("  no change in meaning")
    return lines


def run_diff(args: argparse.Namespace, out: TextIO) -> int:
    """Print what changed between two revisions."""
    old = parse_advisory(read_text(args.old), source=args.old)
    new = parse_advisory(read_text(args.new), source=args.new)
    override = None if args.catalog is None else load_catalog_argument(args.catalog)
    diff = diff_records(old, new, catalog_for(new, override))
    _write(args, out, diff_to_dict(diff), _render_diff(diff), DIFF_CONTRACT)
    return 0


# -- range --against -----------------------------------------------------------------------------


def add_against_options(parser: argparse.ArgumentParser) -> None:
    """Register ``--against`` (and its ``--json``) on the ``range`` command."""
    parser.add_argument(
        "--against",
        metavar="PUBLISHED-CVE.json",
        help="compare a published CVE record with the fixes: exit 1 when it must change",
    )


def update_to_dict(update: CveUpdate) -> dict[str, Any]:
    """The JSON contract of ``psrt-core range --against --json``."""
    return {
        "record": update.record_id,
        "product": update.product,
        "matches": update.matches,
        "branches": [
            {"branch": b.branch, "missing": list(b.gained), "wrongly_affected": list(b.lost)}
            for b in update.branches
        ],
        "unknown": list(update.unknown),
        "versions": [fragment_to_dict(entry) for entry in update.versions],
    }


def _render_update(update: CveUpdate) -> list[str]:
    if update.matches:
        return [f"{update.record_id} matches the fixes: nothing to change"]
    lines = [f"{update.record_id} must change to match the fixes"]
    lines += _branch_lines(update.branches, ("missing", "wrongly affected"))
    if update.unknown:
        shown = ", ".join(update.unknown)
        lines.append(f"  left unknown {len(update.unknown)}: {shown}")
    lines.append("versions it should have (defaultStatus: unaffected):")
    lines += [f"  {json.dumps(fragment_to_dict(entry))}" for entry in update.versions]
    return lines


def run_against(
    args: argparse.Namespace, catalog: Catalog, ranges: AffectedRanges, out: TextIO
) -> int:
    """``range --against``: print what the published record must change; 1 if anything."""
    published = parse_advisory(read_text(args.against), source=args.against)
    if published.format != "cve":
        raise CliError(f"{args.against}: --against needs a CVE JSON 5 record")
    update = cve_update(published, ranges.affected, catalog)
    _write(args, out, update_to_dict(update), _render_update(update), AGAINST_CONTRACT)
    return 0 if update.matches else EXIT_MUST_CHANGE


# -- timeline ------------------------------------------------------------------------------------


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The JSON contract of ``psrt-core timeline --json``."""
    return {
        "milestones": [
            {"label": m.label, "date": None if m.date is None else m.date.isoformat()}
            for m in timeline.milestones
        ],
        "target_days": timeline.target_days,
        "target": None if timeline.target is None else timeline.target.isoformat(),
        "on": timeline.on.isoformat(),
        "days_left": timeline.days_left,
    }


def _render_timeline(timeline: Timeline) -> list[str]:
    lines = [
        f"  {m.date.isoformat() if m.date else '(not yet)':<10}  {m.label}"
        for m in timeline.milestones
    ]
    left = timeline.days_left
    if left is not None and timeline.target is not None:
        if timeline.published is not None:
            state = (
                f"published {left} day(s) early" if left >= 0 else f"published {-left} day(s) late"
            )
        else:
            state = f"{left} day(s) left" if left >= 0 else f"overrun by {-left} day(s)"
        lines.append(
            f"target ({timeline.target_days} days): {timeline.target.isoformat()}, {state}"
        )
    return lines


def run_timeline(args: argparse.Namespace, out: TextIO) -> int:
    """Print the case timeline."""
    ghsa = _ghsa(args.ghsa)
    product = _product(args) or ghsa.product or ghsa.product_name or CPYTHON
    catalog = _catalog_for(args, product) if args.fixed_in else None
    cve = None
    if args.cve is not None:
        record = advisory_from_dict(_json_document(args.cve), source=args.cve).record
        if not isinstance(record, CveRecord):
            raise CliError(f"{args.cve}: not a CVE record")
        cve = record
    timeline = case_timeline(
        ghsa,
        on=args.on or today(),
        catalog=catalog,
        fixed_in=args.fixed_in,
        cve=cve,
        accepted=args.accepted,
    )
    _write(args, out, timeline_to_dict(timeline), _render_timeline(timeline), TIMELINE_CONTRACT)
    return 0
