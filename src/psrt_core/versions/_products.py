"""The products psrt-core knows, as values: CPython and pip.

Why values: the name, branch scheme, repository and the names a CVE or OSV record uses for a
product used to be decided in several modules, each with its own default. A `Product` says
them once; every layer (evaluation, conversion, the CLI) asks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import attrs

from psrt_core.exceptions import UnknownProductError
from psrt_core.versions._catalog import BranchScheme

__all__ = ["CPYTHON", "PIP", "PRODUCTS", "Product", "product_named"]


@attrs.frozen
class Product:
    """A product whose advisories psrt-core evaluates.

    *name* is the key used everywhere (catalog files, ``--product``); *cve_vendor* and
    *cve_product* are what a CVE record's ``affected[]`` entry says; *ecosystem* is the OSV
    ecosystem (``None`` when the product has none, as CPython) and *package* the package name
    in it.
    """

    name: str
    display_name: str
    scheme: BranchScheme
    repository: str
    cve_vendor: str
    cve_product: str
    ecosystem: str | None = None
    package: str | None = None

    def __str__(self) -> str:
        return self.name


CPYTHON: Final = Product(
    name="cpython",
    display_name="CPython",
    scheme=BranchScheme.MINOR,
    repository="https://github.com/python/cpython",
    cve_vendor="Python Software Foundation",
    cve_product="CPython",
)
"""CPython: branches by ``major.minor``; no OSV ecosystem (osv-schema issue 94), GIT ranges."""

PIP: Final = Product(
    name="pip",
    display_name="pip",
    scheme=BranchScheme.MAJOR,
    repository="https://github.com/pypa/pip",
    # The PSF CNA's first pip record (CVE-2023-5752) names the vendor "Pip maintainers"; the
    # 2025 records, written by a template tool, say "Python Packaging Authority", which issue 10
    # of this project records as a mistake of that tool (the PyPA is not pip's vendor). We
    # write the 2023 spelling; readers match pip by package name, so both read back.
    cve_vendor="Pip maintainers",
    cve_product="pip",
    ecosystem="PyPI",
    package="pip",
)
"""pip: branches by major version; the PyPI package ``pip``."""

PRODUCTS: Final[Mapping[str, Product]] = {item.name: item for item in (CPYTHON, PIP)}
"""Every known product by name."""


def product_named(name: str) -> Product:
    """The product called *name* (``"cpython"`` or ``"pip"``).

    Raises `~psrt_core.exceptions.UnknownProductError` for any other name.
    """
    found = PRODUCTS.get(name)
    if found is None:
        raise UnknownProductError(name, known=tuple(PRODUCTS))
    return found
