"""The edge of psrt-core: documents in and out (JSON, TOML, YAML, CSV) through cattrs.

The domain packages never import this one; it imports them.
"""

from psrt_core.serialization._bundled import bundled_catalog, cpython_releases, pip_releases
from psrt_core.serialization._catalogs import (
    CATALOG_FORMAT,
    catalog_from_dict,
    catalog_from_python_releases_toml,
    catalog_from_simple_api,
    catalog_to_dict,
)
from psrt_core.serialization._converter import make_converter

__all__ = [
    "CATALOG_FORMAT",
    "bundled_catalog",
    "catalog_from_dict",
    "catalog_from_python_releases_toml",
    "catalog_from_simple_api",
    "catalog_to_dict",
    "cpython_releases",
    "make_converter",
    "pip_releases",
]


def __dir__() -> list[str]:
    return __all__
