"""``psrt-core affected``, ``convert`` and ``lint``: advisory records on the command line."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any, TextIO

import attrs
from packaging.version import Version

from psrt_core.advisories import (
    Advisory,
    CommitMap,
    CveProduct,
    OsvAffected,
    OsvRecord,
    Status,
    cve_product_name,
    normalize_platform,
    osv_entry_product,
    platform_applies,
)
from psrt_core.advisories import user_version as library_user_version
from psrt_core.advisories._platforms import KNOWN as KNOWN_PLATFORMS
from psrt_core.advisories._platforms import normalized
from psrt_core.cli._catalog import load_catalog_argument
from psrt_core.cli._common import (
    CliError,
    load_commit_map_argument,
    read_text,
    warn,
    write_json,
)
from psrt_core.cli._output import COMMANDS, add_format_option, add_output_option
from psrt_core.exceptions import InvalidRecordError, InvalidVersionError
from psrt_core.serialization import bundled_catalog, dump_advisory
from psrt_core.serialization._advisory_io import Syntax, parse_advisory_with_syntax
from psrt_core.versions import BranchScheme, Catalog

__all__ = [
    "EXIT_AFFECTED",
    "EXIT_UNKNOWN",
    "catalog_for",
    "for_platform",
    "on_platform",
    "platform_label",
    "record_platforms",
    "register",
    "withdrawn_note",
]

EXIT_FINDINGS = 1
#: ``affected``: something given is affected (like ``grep``, 1 means "found").
EXIT_AFFECTED = 1
#: ``affected``: nothing is affected, but something could not be decided. That is a finding
#: too (never a silent 0), and the project has one exit code for findings.
EXIT_UNKNOWN = EXIT_FINDINGS


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``affected``, ``convert`` and ``lint`` subcommands."""
    affected = commands.add_parser(
        "affected",
        description="Evaluate records exactly over a release catalog (scheduled releases left "
        "out) or over the --version values given (each only against the records of its "
        "product). Exit status: 1 if anything is affected or unknown, 0 if nothing is, 2 on bad "
        "input.",
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
    platform_option(affected)
    include_withdrawn_option(affected)
    add_format_option(affected, COMMANDS["affected"].formats)
    affected.set_defaults(handler=run_affected)

    convert = commands.add_parser(
        "convert",
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
    add_output_option(convert)
    convert.set_defaults(handler=run_convert)

    lint = commands.add_parser(
        "lint",
        description="Report findings with stable codes and levels; exit 1 on any error.",
    )
    lint.add_argument("records", nargs="+", metavar="RECORD", help="OSV or CVE JSON 5 file")
    _catalog_option(lint)
    add_format_option(lint, COMMANDS["lint"].formats)
    lint.set_defaults(handler=run_lint)


def _catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="cpython|pip|FILE",
        help="release catalog of the records' product: bundled, or a catalog JSON, "
        "python-releases.toml or PEP 691 JSON file (default: the bundled one)",
    )


def platform_argument(value: str) -> str:
    """Argparse type for ``--platform``: a platform psrt-core can decide for, as spelt.

    A typo (``linx``) must not pass: records limited to other platforms would then be read
    as "not on this one".
    """
    name = normalize_platform(value)
    if name not in KNOWN_PLATFORMS:
        choices = ", ".join(sorted(KNOWN_PLATFORMS))
        raise argparse.ArgumentTypeError(f"unknown platform {value!r}; one of: {choices}")
    return value


def platform_option(parser: argparse.ArgumentParser) -> None:
    """``--platform``: answer for one platform instead of labelling answers with platforms."""
    parser.add_argument(
        "--platform",
        type=platform_argument,
        metavar="linux|windows|macos|...",
        help="answer for this platform: records limited to other platforms do not affect it "
        "(default: every platform, answers labelled with the record's platforms)",
    )


def include_withdrawn_option(parser: argparse.ArgumentParser) -> None:
    """``--include-withdrawn``: count withdrawn OSV and REJECTED CVE records too."""
    parser.add_argument(
        "--include-withdrawn",
        action="store_true",
        help="count withdrawn OSV and REJECTED CVE records (always flagged)",
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
    return load_commit_map_argument(args.commit_map, scheme=scheme)


def _catalog(args: argparse.Namespace) -> Catalog | None:
    return None if args.catalog is None else load_catalog_argument(args.catalog)


def catalog_for(
    advisory: Advisory, override: Catalog | None, *, given: str | None = None
) -> Catalog | None:
    """The catalog to evaluate *advisory* over: *override*, else its product's bundled one.

    The CLI is where the bundled catalogs are chosen; the advisory itself binds none. A
    product without a bundled catalog gets ``None`` (the record's own versions). An
    *override* of another product than the record's is an error naming both (*given* is
    how the user spelled ``--catalog``): CPython ranges read against pip's releases would
    be an answer about nothing.
    """
    if override is not None:
        product = advisory.product_name
        if product is not None and product != override.product:
            shown = f"--catalog {given}" if given is not None else "the --catalog given"
            raise CliError(
                f"{advisory.id} is about {product}; {shown} is the {override.product} catalog"
            )
        return override
    known = advisory.product
    return bundled_catalog(known.name) if known is not None else None


# -- platforms and withdrawn records, as the command line shows them ------------------------------
# Which platforms an answer concerns is the library's rule (`platform_applies`); these
# functions keep the record's own spelling of the platforms for the labels people read.


def _product_entries(advisory: Advisory) -> list[OsvAffected | CveProduct]:
    """The ``affected[]`` entries about the record's product (the ones evaluation reads)."""
    product = advisory.product_name
    record = advisory.record
    if isinstance(record, OsvRecord):
        return [e for e in record.affected or () if osv_entry_product(e) == product]
    return [e for e in record.containers.cna.affected or () if cve_product_name(e) == product]


def _entry_platforms(entry: OsvAffected | CveProduct) -> tuple[str, ...]:
    """An entry's platforms (``()``: every platform).

    CVE ``platforms``, or an OSV entry's ``ecosystem_specific`` / ``database_specific``
    ``platforms`` list.
    """
    if isinstance(entry, CveProduct):
        return entry.platforms or ()
    for extra in (entry.ecosystem_specific, entry.database_specific):
        value = extra.get("platforms") if extra is not None else None
        if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
            return tuple(str(item) for item in value)
    return ()


def record_platforms(advisory: Advisory) -> tuple[str, ...]:
    """The platforms the record's product entries are limited to; ``()``: all.

    Any entry about the product without platforms makes the record apply everywhere.
    """
    lists = [_entry_platforms(entry) for entry in _product_entries(advisory)]
    if not lists or not all(lists):
        return ()
    return tuple(dict.fromkeys(name for names in lists for name in names))


def on_platform(platform: str, platforms: Sequence[str]) -> bool:
    """Whether an entry limited to *platforms* (``()``: all) applies on *platform*.

    The library's rule (`psrt_core.advisories.platform_applies`): names are normalised (the PSF
    writes ``Windows``, ``MacOS``, ``Linux``) and ``POSIX`` covers the POSIX platforms.
    """
    return platform_applies(normalized(platforms), platform)


def for_platform(advisory: Advisory, platform: str) -> Advisory | None:
    """The advisory with only its product entries that apply on *platform*.

    ``None`` when none does: the record does not affect that platform at all.
    """
    kept = [e for e in _product_entries(advisory) if on_platform(platform, _entry_platforms(e))]
    if not kept:
        return None
    record = advisory.record
    if isinstance(record, OsvRecord):
        osv = tuple(e for e in kept if isinstance(e, OsvAffected))
        return Advisory(attrs.evolve(record, affected=osv))
    cve = tuple(e for e in kept if isinstance(e, CveProduct))
    cna = attrs.evolve(record.containers.cna, affected=cve)
    return Advisory(attrs.evolve(record, containers=attrs.evolve(record.containers, cna=cna)))


def platform_label(platforms: Sequence[str]) -> str:
    """``"Windows only"``, ``"MacOS, Linux only"``; ``""`` for every platform."""
    return f"{', '.join(platforms)} only" if platforms else ""


def withdrawn_note(advisory: Advisory) -> str | None:
    """``"withdrawn <time>"`` (OSV), ``"REJECTED"`` (CVE), else ``None``: `Advisory.withdrawn`."""
    if not advisory.withdrawn:
        return None
    if isinstance(advisory.record, OsvRecord):
        return f"withdrawn {advisory.withdrawn_at}"
    return advisory.record.cve_metadata.state


def user_version(text: str) -> Version:
    """A ``--version`` value, which must be PEP 440 (never read as unaffected)."""
    try:
        return library_user_version(text)
    except InvalidVersionError:
        raise CliError(f"--version {text!r} is not a PEP 440 version") from None


# -- affected ------------------------------------------------------------------------------------


def version_products(
    versions: Sequence[Version], advisories: Sequence[Advisory], override: Catalog | None
) -> dict[Version, str | None]:
    """The product each ``--version`` is about, among the records' bundled products.

    With ``--catalog`` it is the catalog's product. Otherwise a version is about the product
    whose bundled catalog has it as a release, else has its branch; ``None`` when no bundled
    catalog of the records' products claims it (every record then evaluates it).
    """
    if override is not None:
        return dict.fromkeys(versions, override.product)
    names = {a.product.name for a in advisories if a.product is not None}
    catalogs = [bundled_catalog(name) for name in sorted(names)]
    found: dict[Version, str | None] = {}
    for version in versions:
        owners = [c.product for c in catalogs if version in c]
        if not owners:
            owners = [c.product for c in catalogs if _has_branch(c, version)]
        if len(owners) > 1:
            raise CliError(
                f"--version {version} could be {' or '.join(owners)}: pass --catalog to say which"
            )
        found[version] = owners[0] if owners else None
    return found


def _has_branch(catalog: Catalog, version: Version) -> bool:
    name = catalog.scheme.branch_of(version)
    return any(branch.name == name for branch in catalog.branches)


@attrs.frozen
class _Answer:
    """One record's answer: (spelling, branch, status) items and what frames them."""

    advisory: Advisory
    items: tuple[tuple[str, str, Status], ...]
    reasons: dict[str, list[str]]
    platforms: tuple[str, ...]
    platform: str | None
    applies: bool
    withdrawn: str | None
    not_about: dict[str, list[str]]

    def texts(self, status: Status) -> list[str]:
        return [text for text, _, found in self.items if found is status]

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "id": self.advisory.id,
            "product": self.advisory.product_name,
            "withdrawn": self.withdrawn is not None,
            "platforms": list(self.platforms),
            "affected": self.texts(Status.AFFECTED),
            "unaffected": self.texts(Status.UNAFFECTED),
            "unknown": self.texts(Status.UNKNOWN),
            "reasons": self.reasons,
        }
        if self.platform is not None:
            document["platform"] = self.platform
        if self.not_about:
            document["not_about"] = self.not_about
        return document


@attrs.frozen
class _Query:
    """What ``affected`` asks of every record."""

    catalog: Catalog | None
    given: str | None
    versions: dict[str, tuple[Version, str | None]] | None
    commit_map: CommitMap | None
    platform: str | None


def _evaluate(advisory: Advisory, query: _Query) -> _Answer:
    chosen = catalog_for(advisory, query.catalog, given=query.given)
    scoped = advisory if query.platform is None else for_platform(advisory, query.platform)
    items: list[tuple[str, str, Status]] = []  # (spelling, branch, status)
    not_about: dict[str, list[str]] = {}
    evaluation = (scoped or advisory).evaluate(commit_map=query.commit_map)
    if query.versions is not None:
        scheme = chosen.scheme if chosen is not None else advisory.scheme
        for text, (version, product) in query.versions.items():
            if product is not None and product != advisory.product_name:
                not_about.setdefault(product, []).append(text)
                continue
            status = evaluation.status(version) if scoped is not None else Status.UNAFFECTED
            items.append((text, scheme.branch_of(version), status))
    else:
        for release in advisory.releases(chosen):
            status = evaluation.status(release.version) if scoped is not None else Status.UNAFFECTED
            items.append((str(release.version), release.branch, status))
    reasons: dict[str, list[str]] = {}
    causes = (*evaluation.causes, *evaluation.literal_causes) if scoped is not None else ()
    for reason, unknown in causes:
        hits = [text for text, _, status in items if status is Status.UNKNOWN and text in unknown]
        for hit in hits:
            if hit not in reasons.setdefault(reason, []):
                reasons[reason].append(hit)
    return _Answer(
        advisory,
        tuple(items),
        {reason: hits for reason, hits in reasons.items() if hits},
        record_platforms(advisory),
        query.platform,
        scoped is not None,
        withdrawn_note(advisory),
        not_about,
    )


def _header(answer: _Answer) -> str:
    advisory = answer.advisory
    flag = f" [{answer.withdrawn}]" if answer.withdrawn is not None else ""
    head = f"{advisory.id} ({advisory.product_name or 'unknown product'}){flag}: "
    label = platform_label(answer.platforms)
    if not answer.items and answer.not_about:
        return head + "; ".join(
            f"not about {product} ({', '.join(texts)})"
            for product, texts in answer.not_about.items()
        )
    if not answer.applies:
        return head + f"not affected on {answer.platform} ({label})"
    counts = [len(answer.texts(status)) for status in (Status.AFFECTED, Status.UNAFFECTED)]
    shown = f" ({label})" if label and answer.platform is None else ""
    where = f" on {answer.platform}" if answer.platform is not None else ""
    return head + (
        f"{counts[0]} affected{shown}{where}, {counts[1]} unaffected, "
        f"{len(answer.texts(Status.UNKNOWN))} unknown of {len(answer.items)} versions"
    )


def _render_text(answer: _Answer, out: TextIO) -> None:
    out.write(_header(answer) + "\n")
    if not answer.applies:
        return
    branches: dict[str, list[tuple[str, Status]]] = {}
    for text, branch, status in answer.items:
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
    for reason, versions in answer.reasons.items():
        out.write(f"  unknown ({len(versions)}): {reason}\n")
    if answer.items:
        for product, texts in answer.not_about.items():
            out.write(f"  not about {product}: {', '.join(texts)}\n")


def _exit_status(answers: Sequence[_Answer], include_withdrawn: bool) -> int:
    """1 if anything counted is affected or unknown (a finding either way), else 0."""
    counted = [a for a in answers if include_withdrawn or a.withdrawn is None]
    if any(a.texts(Status.AFFECTED) for a in counted):
        return EXIT_AFFECTED
    if any(a.texts(Status.UNKNOWN) for a in counted):
        return EXIT_UNKNOWN
    return 0


def run_affected(args: argparse.Namespace, out: TextIO) -> int:
    """Print each record's affected, unaffected and unknown versions."""
    catalog = _catalog(args)
    versions = [(text, user_version(text)) for text in args.versions or ()]
    advisories = [_load(path)[0] for path in args.records]
    products = version_products([v for _, v in versions], advisories, catalog)
    query = _Query(
        catalog,
        args.catalog,
        {text: (v, products[v]) for text, v in versions} if args.versions else None,
        _commit_map(args, catalog),
        args.platform,
    )
    answers = [_evaluate(advisory, query) for advisory in advisories]
    if args.format == "json":
        document = {"results": [answer.to_json() for answer in answers]}
        write_json(document, out, contract=COMMANDS["affected"].contract)
    else:
        for answer in answers:
            _render_text(answer, out)
    return _exit_status(answers, args.include_withdrawn)


# -- convert -------------------------------------------------------------------------------------


def run_convert(args: argparse.Namespace, out: TextIO) -> int:
    """Write the record in the requested format."""
    # Imported here: ``affected`` (the common command) never loads the converters.
    from psrt_core.advisories import cve_to_osv, osv_to_cve

    advisory, syntax = _load(args.record)
    override = _catalog(args)
    commit_map = _commit_map(args, override)
    catalog = catalog_for(advisory, override, given=args.catalog)
    if args.to == advisory.format:
        out.write(dump_advisory(advisory, syntax="json" if args.json else syntax))
        return 0
    if args.to == "osv":
        osv = cve_to_osv(advisory, catalog, record_id=args.record_id, commit_map=commit_map)
        _warn_unknown_left_out(args, advisory, catalog, commit_map)
        out.write(dump_advisory(osv))
        return 0
    try:
        cve = osv_to_cve(advisory, catalog, commit_map=commit_map)
    except InvalidRecordError as exc:
        raise exc.with_source(args.record) from None
    out.write(dump_advisory(cve))
    return 0


def _warn_unknown_left_out(
    args: argparse.Namespace,
    advisory: Advisory,
    catalog: Catalog | None,
    commit_map: CommitMap | None,
) -> None:
    """Say which releases the OSV record leaves out for want of an "unknown".

    OSV has no "unknown": releases the CVE leaves undecided are missing from ``versions``,
    which an OSV reader takes as unaffected, so the conversion says so instead of staying
    silent.
    """
    unknown = advisory.evaluate(commit_map=commit_map).unknown
    releases = [r for r in advisory.releases(catalog) if r.version in unknown]
    if releases:
        shown = ", ".join(str(r.version) for r in releases[:5])
        more = f" and {len(releases) - 5} more" if len(releases) > 5 else ""
        warn(
            args,
            f"{advisory.id}: {len(releases)} release(s) are unknown in the record ({shown}{more}); "
            "OSV cannot say unknown, so they are left out of versions",
        )


# -- lint ----------------------------------------------------------------------------------------


def run_lint(args: argparse.Namespace, out: TextIO) -> int:
    """Print findings; exit 1 if any is an error."""
    from psrt_core.advisories import Level, lint_all  # only ``lint`` loads the checks

    catalog = _catalog(args)
    advisories = [_load(path)[0] for path in args.records]
    bundled = {
        product.name: bundled_catalog(product.name)
        for product in {advisory.product for advisory in advisories}
        if product is not None
    }
    results = lint_all(advisories, catalog=catalog, catalogs=bundled)
    errors = sum(1 for findings in results for f in findings if f.level is Level.ERROR)
    if args.format == "json":
        write_json(
            {
                "results": [
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
                    for path, advisory, findings in zip(
                        args.records, advisories, results, strict=True
                    )
                ]
            },
            out,
            contract=COMMANDS["lint"].contract,
        )
    else:
        total = 0
        for path, findings in zip(args.records, results, strict=True):
            for finding in findings:
                out.write(f"{path}: {finding}\n")
                total += 1
        out.write(f"{total} finding(s), {errors} error(s) in {len(advisories)} record(s)\n")
    return EXIT_FINDINGS if errors else 0
