"""``psrt-core audit``: which known vulnerabilities affect the Python (and pip) you run.

Exit status follows pip-audit: 1 when anything affects the target, 0 when nothing does, 2 on
bad input. The JSON output is the ``psrt-core/audit-1`` contract (docs/reference/cli.md).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import platform as platform_module
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import attrs
from packaging.version import InvalidVersion, Version

from psrt_core.advisories import Advisory, CommitMap, normalize_platform
from psrt_core.cli._advisories import platform_argument
from psrt_core.cli._common import CliError, collect_records, load_commit_map_argument
from psrt_core.cli._common import render_table as _table
from psrt_core.cli._output import (
    HUMAN_FORMATS,
    add_output_option,
    json_text,
    write_atomically,
    write_lines,
)
from psrt_core.ranges import (
    AuditFinding,
    AuditIndex,
    AuditReport,
    TargetAudit,
    Verdict,
    audit,
)
from psrt_core.serialization import bundled_catalog
from psrt_core.versions import PRODUCTS

__all__ = ["AUDIT_FORMAT", "collect_advisories", "register", "write_atomically"]

AUDIT_FORMAT = "psrt-core/audit-1"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://github.com/psf/psrt-core"
EXIT_AFFECTED = 1
_RECORD_SUFFIXES = (".json", ".yaml", ".yml")
_NAMES = {name: product.display_name for name, product in PRODUCTS.items()}


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``audit`` subcommand."""
    parser = commands.add_parser(
        "audit",
        description="Audit an interpreter (default: the running one) and its pip against "
        "OSV and CVE JSON 5 records: files, or directories searched recursively. Exit 1 when "
        "anything affects the target, 0 when nothing does, 2 on bad input.",
    )
    parser.add_argument(
        "advisories", nargs="+", metavar="ADVISORIES", help="record files or directories"
    )
    parser.add_argument(
        "--python", type=_version, metavar="X.Y.Z", help="default: the running interpreter"
    )
    parser.add_argument(
        "--pip",
        metavar="X|none",
        help="pip version to audit pip records against (default: the installed pip, if any; "
        "'none' skips pip)",
    )
    parser.add_argument(
        "--platform",
        type=platform_argument,
        metavar="P",
        help="linux, windows, macos, ... (default: this platform)",
    )
    parser.add_argument(
        "--commit-map", metavar="FILE", help="commit -> releases map for GIT-only records"
    )
    formats = parser.add_mutually_exclusive_group()
    formats.add_argument(
        "--format", choices=tuple(_RENDERERS), default="table", help="output format"
    )
    formats.add_argument(
        "--json", dest="format", action="store_const", const="json", help="same as --format json"
    )
    add_output_option(parser)
    parser.set_defaults(handler=run)


def _version(value: str) -> Version:
    try:
        return Version(value)
    except InvalidVersion:
        raise argparse.ArgumentTypeError(f"not a PEP 440 version: {value!r}") from None


# -- the target ----------------------------------------------------------------------------------


def running_python() -> Version:
    """The running interpreter's version (a development build's trailing ``+`` dropped)."""
    return Version(platform_module.python_version().rstrip("+"))


def installed_pip() -> Version | None:
    """The installed pip's version, or ``None`` when pip is not installed."""
    try:
        return Version(importlib.metadata.version("pip"))
    except (importlib.metadata.PackageNotFoundError, InvalidVersion):
        return None


def _pip_target(value: str | None) -> Version | None:
    if value is None:
        return installed_pip()
    if value.lower() == "none":
        return None
    try:
        return Version(value)
    except InvalidVersion:
        raise CliError(f"--pip: not a PEP 440 version: {value!r}") from None


# -- finding the records -------------------------------------------------------------------------


@attrs.frozen
class Collected:
    """The records found, and the files passed over (counted, never silently lost)."""

    advisories: tuple[Advisory, ...]
    skipped: int
    other_products: int


def collect_advisories(paths: Sequence[str]) -> Collected:
    """Read record files, and directories recursively, by the one walker (`collect_records`).

    In a directory, a record that names neither CPython nor pip is left unparsed (the text
    test) or, once parsed, left out; both are counted as other products. A file named on
    the command line is always kept.
    """
    found = collect_records(paths, wanted=_names_a_product)
    named = set(paths)
    kept = [
        advisory
        for path, advisory in found.records
        if path in named or advisory.product_name in _NAMES
    ]
    other = found.unread + len(found.records) - len(kept)
    return Collected(tuple(kept), len(found.skipped), other)


def _names_a_product(lowered: str) -> bool:
    """Whether a record's text may be about CPython or pip (worth parsing).

    Why the substring test: a CPython record names ``cpython`` (product or repository) and a
    pip record names ``pip``; a cvelistV5 clone holds hundreds of thousands of other records,
    and not parsing them is most of the speed.
    """
    return "cpython" in lowered or "pip" in lowered


# -- running -------------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Audit the target; exit 1 when anything affects it."""
    python = args.python if args.python is not None else running_python()
    pip = _pip_target(args.pip)
    chosen = normalize_platform(args.platform or sys.platform)
    commit_map: CommitMap | None = None
    if args.commit_map is not None:
        commit_map = load_commit_map_argument(args.commit_map)
    collected = collect_advisories(args.advisories)
    catalogs = tuple(bundled_catalog(name) for name in PRODUCTS)
    index = AuditIndex.build(collected.advisories, catalogs, commit_map=commit_map)
    report = audit(python, platform=chosen, index=index, pip=pip)
    for target in report.targets:
        if target.past_catalog:
            print(
                f"psrt-core: warning: {_NAMES[target.product]} {target.version} is newer than "
                f"the bundled catalog's newest release ({target.newest_release}); releases "
                "after it are not known",
                file=sys.stderr,
            )
    text = _RENDERERS[args.format](report, collected)
    if args.format in HUMAN_FORMATS:
        write_lines(out, text.splitlines())
    else:
        out.write(text)
    return EXIT_AFFECTED if report.affected else 0


# -- output --------------------------------------------------------------------------------------


def _title(target: TargetAudit) -> str:
    where = f" on {target.platform}" if target.platform else ""
    return f"{_NAMES[target.product]} {target.version}{where}"


def _counts(target: TargetAudit) -> str:
    return ", ".join(
        f"{len(target.with_verdict(verdict))} {verdict.value.replace('-', ' ')}"
        for verdict in Verdict
    )


def _freshness(report: AuditReport, collected: Collected) -> str:
    newest = report.newest_modified or "unknown"
    return (
        f"{report.records} records read, newest modified {newest}; "
        f"{collected.other_products + report.others} about other products, "
        f"{collected.skipped} other files skipped"
    )


def _upgrade_text(target: TargetAudit) -> str:
    if target.upgrade is None:
        return "nothing to upgrade for"
    return target.upgrade.note


def _rows(target: TargetAudit) -> list[tuple[str, str, str, str | None, str]]:
    return [
        (
            finding.id,
            ", ".join(finding.vulnerability.aliases),
            finding.verdict.value,
            str(finding.fixed_in) if finding.fixed_in is not None else None,
            finding.why,
        )
        for finding in target.findings
        if finding.verdict is not Verdict.NOT_AFFECTED
    ]


_HEADERS = ("id", "aliases", "status", "fixed in", "why")


def render_table(report: AuditReport, collected: Collected) -> str:
    """Plain text: per target, the affected and unknown findings and the upgrade."""
    parts = [f"Advisories: {_freshness(report, collected)}\n"]
    for target in report.targets:
        parts.append(f"\n{_title(target)}: {_counts(target)}\n")
        rows = _rows(target)
        if rows:
            parts.append(_table(_HEADERS, rows))
        parts.append(f"Upgrade: {_upgrade_text(target)}\n")
    return "".join(parts)


def _cell(value: object) -> str:
    text = "-" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: AuditReport, collected: Collected) -> str:
    """Markdown: a heading and a table per target."""
    lines = ["# psrt-core audit", "", f"Advisories: {_freshness(report, collected)}."]
    for target in report.targets:
        lines += ["", f"## {_title(target)}", "", f"{_counts(target)}.", ""]
        rows = _rows(target)
        if rows:
            lines.append("| " + " | ".join(_HEADERS) + " |")
            lines.append("|" + "---|" * len(_HEADERS))
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
        lines.append(f"Upgrade: {_upgrade_text(target)}.")
    return "\n".join(lines) + "\n"


def _finding_json(finding: AuditFinding) -> dict[str, Any]:
    vulnerability = finding.vulnerability
    return {
        "id": finding.id,
        "aliases": list(vulnerability.aliases),
        "related": list(vulnerability.related),
        "summary": vulnerability.advisory.summary,
        "modified": vulnerability.advisory.modified,
        "status": finding.verdict.value,
        "why": finding.why,
        "fixed_in": str(finding.fixed_in) if finding.fixed_in is not None else None,
        "platforms": sorted(vulnerability.platforms),
    }


def _target_json(target: TargetAudit) -> dict[str, Any]:
    upgrade = target.upgrade
    return {
        "product": target.product,
        "version": str(target.version),
        "branch": target.branch,
        "platform": target.platform,
        "in_catalog": target.in_catalog,
        "past_catalog": target.past_catalog,
        "affected": [finding.id for finding in target.with_verdict(Verdict.AFFECTED)],
        "unknown": [finding.id for finding in target.with_verdict(Verdict.UNKNOWN)],
        "upgrade": None
        if upgrade is None
        else {
            "version": str(upgrade.version) if upgrade.version is not None else None,
            "same_branch": upgrade.same_branch,
            "note": upgrade.note,
        },
        "findings": [_finding_json(finding) for finding in target.findings],
    }


def audit_document(report: AuditReport, collected: Collected) -> dict[str, Any]:
    """The ``psrt-core/audit-1`` JSON document."""
    from psrt_core import __version__

    return {
        "format": AUDIT_FORMAT,
        "tool": {"name": "psrt-core", "version": __version__},
        "advisories": {
            "records": report.records,
            "newest_modified": report.newest_modified,
            "other_products": collected.other_products + report.others,
            "skipped_files": collected.skipped,
        },
        "affected": report.affected,
        "targets": [_target_json(target) for target in report.targets],
    }


def render_json(report: AuditReport, collected: Collected) -> str:
    """The JSON contract, indented."""
    return json_text(audit_document(report, collected))


def _sarif_message(target: TargetAudit, finding: AuditFinding) -> str:
    subject = _title(target)
    if finding.verdict is Verdict.AFFECTED:
        text = f"{subject} is affected by {finding.id}"
    else:
        text = f"Whether {subject} is affected by {finding.id} is unknown: {finding.why}"
    summary = finding.vulnerability.advisory.summary
    if summary:
        text += f" ({summary})"
    if finding.fixed_in is not None:
        text += f". First fixed release on {target.branch}: {finding.fixed_in}"
    return text + "."


def sarif_document(report: AuditReport) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one rule per vulnerability, a result per affected or unknown one."""
    from psrt_core import __version__

    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for target in report.targets:
        for finding in target.findings:
            if finding.verdict is Verdict.NOT_AFFECTED:
                continue
            rules.setdefault(finding.id, _sarif_rule(finding))
            results.append(
                {
                    "ruleId": finding.id,
                    "ruleIndex": list(rules).index(finding.id),
                    "level": "error" if finding.verdict is Verdict.AFFECTED else "warning",
                    "message": {"text": _sarif_message(target, finding)},
                    "locations": [{"logicalLocations": [_logical_location(target)]}],
                    "properties": {
                        "status": finding.verdict.value,
                        "aliases": list(finding.vulnerability.aliases),
                    },
                }
            )
    driver = {
        "name": "psrt-core",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": list(rules.values()),
    }
    return {
        "version": "2.1.0",
        "$schema": SARIF_SCHEMA,
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def _sarif_rule(finding: AuditFinding) -> dict[str, Any]:
    advisory = finding.vulnerability.advisory
    text = advisory.summary or finding.id
    return {
        "id": finding.id,
        "shortDescription": {"text": text},
        "properties": {"aliases": list(finding.vulnerability.aliases)},
    }


def _logical_location(target: TargetAudit) -> dict[str, str]:
    """There is no file: the interpreter (or pip) installation is the location."""
    return {
        "name": f"{target.product} {target.version}",
        "fullyQualifiedName": f"{target.product}@{target.version}",
        "kind": "module",
    }


def render_sarif(report: AuditReport, _collected: Collected) -> str:
    """SARIF 2.1.0 as JSON (the records read do not appear in it: results are per target)."""
    return json_text(sarif_document(report))


_RENDERERS: dict[str, Callable[[AuditReport, Collected], str]] = {
    "table": render_table,
    "json": render_json,
    "markdown": render_markdown,
    "sarif": render_sarif,
}
