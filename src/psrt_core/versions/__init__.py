"""Versions, release catalogs and exact version sets (the pure core of psrt-core).

Nothing here reads files, prints, reads the clock or imports cattrs: dates come in as
arguments, and catalogs are built by `psrt_core.serialization` or by the caller.
"""

from psrt_core.versions._catalog import Branch, BranchScheme, BranchStatus, Catalog, Release
from psrt_core.versions._products import CPYTHON, PIP, PRODUCTS, Product, product_named
from psrt_core.versions._set import Interval, VersionLike, VersionSet, parse_version

__all__ = [
    "CPYTHON",
    "PIP",
    "PRODUCTS",
    "Branch",
    "BranchScheme",
    "BranchStatus",
    "Catalog",
    "Interval",
    "Product",
    "Release",
    "VersionLike",
    "VersionSet",
    "parse_version",
    "product_named",
]


def __dir__() -> list[str]:
    return __all__
