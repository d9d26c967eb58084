"""``psrt-core catalog cpython|pip|FILE [--on DATE] [--json]``: branches and releases."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from psrt_core.cli._common import date_argument, read_text, render_table, today, write_json
from psrt_core.exceptions import InvalidCatalogError
from psrt_core.serialization import bundled_catalog, catalog_from_dict, catalog_to_dict
from psrt_core.versions import PRODUCTS, Catalog

__all__ = ["load_catalog_argument", "register"]


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add the ``catalog`` subcommand."""
    parser = commands.add_parser(
        "catalog",
        help="show a release catalog's branches and their status",
        description="Show a release catalog: its branches with status and dates "
        "(text), or every branch and release (--json).",
    )
    parser.add_argument(
        "product", metavar="cpython|pip|FILE", help="a bundled catalog or a catalog JSON file"
    )
    parser.add_argument(
        "--on", type=date_argument, default=None, help="statuses as of this date (default: today)"
    )
    parser.add_argument("--json", action="store_true", help="print the catalog as JSON")
    parser.set_defaults(handler=run)


def load_catalog_argument(value: str) -> Catalog:
    """``cpython`` or ``pip`` for a bundled catalog, otherwise a catalog JSON file's path."""
    if value in PRODUCTS:
        return bundled_catalog(value)
    text = read_text(value)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidCatalogError.single(
            f"line {exc.lineno}", f"not valid JSON: {exc.msg}", source=value
        ) from None
    return catalog_from_dict(document, source=value)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Print the catalog."""
    catalog = load_catalog_argument(args.product)
    on = args.on or today()
    if args.json:
        write_json(catalog_to_dict(catalog, on=on), out)
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
    out.write(f"{catalog.product} branches on {on.isoformat()}\n")
    out.write(
        render_table(
            ("branch", "status", "first release", "end of bugfix", "end of life", "newest"), rows
        )
    )
    return 0
