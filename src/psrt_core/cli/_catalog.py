"""``psrt-core catalog cpython|pip|FILE [--on DATE] [--json]``: branches and releases."""

from __future__ import annotations

import argparse
import datetime
import re
from typing import Any, TextIO

from psrt_core import serialization  # its catalog readers load on use: `affected` needs none
from psrt_core.cli._common import date_argument, read_text, today, warn, write_json
from psrt_core.cli._output import COMMANDS, add_format_option, write_table
from psrt_core.exceptions import InvalidCatalogError
from psrt_core.serialization import bundled_catalog
from psrt_core.serialization._reading import json_document, json_line
from psrt_core.versions import PRODUCTS, Catalog, Release

__all__ = ["load_catalog_argument", "register", "stale_releases", "warn_if_stale"]

#: A python-releases.toml (python/peps) has one ``[metadata."X.Y"]`` table per branch.
_TOML_METADATA = re.compile(r"^\s*\[metadata\b", re.MULTILINE)


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``catalog`` subcommand."""
    parser = commands.add_parser(
        "catalog",
        description="Show a release catalog: its branches with status and dates "
        "(text), or every branch and release (--json).",
    )
    parser.add_argument(
        "product",
        metavar="cpython|pip|FILE",
        help="a bundled catalog, or a catalog JSON, python-releases.toml or PEP 691 JSON file",
    )
    parser.add_argument(
        "--on", type=date_argument, default=None, help="statuses as of this date (default: today)"
    )
    add_format_option(parser, COMMANDS["catalog"].formats)
    parser.set_defaults(handler=run)


def load_catalog_argument(value: str) -> Catalog:
    """``cpython`` or ``pip`` for a bundled catalog, otherwise a file, read by its content.

    A python-releases.toml (python/peps: ``[metadata."X.Y"]`` tables), a PEP 691 JSON
    simple-API page (``"meta"`` and ``"files"``) or psrt-core's catalog JSON: so a user can
    refresh a stale bundled catalog with the sources' own files, without writing Python.
    """
    if value in PRODUCTS:
        return bundled_catalog(value)
    text = read_text(value)
    if not text.lstrip().startswith("{") and _TOML_METADATA.search(text):
        return serialization.catalog_from_python_releases_toml(text, source=value)
    document = json_document(text, error=InvalidCatalogError, source=value, where=json_line)
    if isinstance(document, dict) and "meta" in document and "files" in document:
        return serialization.catalog_from_simple_api(document, source=value)
    return serialization.catalog_from_dict(document, source=value)


def stale_releases(catalog: Catalog, on: datetime.date) -> tuple[Release, ...]:
    """Scheduled releases whose date has passed on *on*, when *on* is past the snapshot.

    A catalog is a snapshot: its newest dated release is the earliest the snapshot can have
    been taken. After that day, a release still flagged scheduled although its date has gone
    by has most likely shipped, and the catalog does not know it.
    """
    dated = [release.date for release in catalog.released() if release.date is not None]
    if dated and on <= max(dated):
        return ()
    return tuple(
        release
        for release in catalog.releases
        if release.scheduled and release.date is not None and release.date <= on
    )


def warn_if_stale(args: argparse.Namespace, catalog: Catalog, on: datetime.date) -> None:
    """Warn (one line on stderr) that *catalog* is older than the releases due by *on*."""
    late = stale_releases(catalog, on)
    if not late:
        return
    first = late[0]
    more = f" and {len(late) - 1} more" if len(late) > 1 else ""
    warn(
        args,
        f"the {catalog.product} catalog may be stale on {on.isoformat()}: {first} "
        f"(scheduled {first.date}){more} still counted as unreleased; give a newer catalog file "
        "(python-releases.toml, PEP 691 JSON or catalog JSON)",
    )


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the catalog."""
    catalog = load_catalog_argument(args.product)
    on = args.on or today()
    warn_if_stale(args, catalog, on)
    if args.format == "json":
        write_json(
            serialization.catalog_to_dict(catalog, on=on),
            out,
            contract=COMMANDS["catalog"].contract,
        )
        return 0
    rows = []
    for branch in reversed(catalog.branches):
        newest = catalog.newest(branch.name)
        rows.append(
            (
                branch.name,
                branch.status_on(on).value,
                branch.first_release,
                branch.end_of_bugfix,
                branch.end_of_life,
                newest.version if newest else None,
            )
        )
    if args.format == "table":
        out.write(f"{catalog.product} branches on {on.isoformat()}\n")
    headers = ("branch", "status", "first release", "end of bugfix", "end of life", "newest")
    write_table(out, headers, rows, form=args.format)
    return 0
