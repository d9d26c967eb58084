"""Names a package exports but loads on first use (PEP 562), so importing it stays cheap.

Why one helper: `psrt_core.advisories` and `psrt_core.serialization` each export names whose
modules cost import time (cattrs, PyYAML, governance, the model classes); the lookup, its
error message and the caching of a loaded name are written once here. The root package keeps
its own few lines: ``import psrt_core`` loads no submodule at all, this one included.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_getattr"]


def lazy_getattr(
    package: str, homes: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for *package*: *homes* maps a name to the module defining it.

    A loaded name is stored in *namespace* (the package's ``globals()``), so later lookups
    never reach ``__getattr__`` again; an unknown name is the usual `AttributeError`.
    """

    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            msg = f"module {package!r} has no attribute {name!r}"
            raise AttributeError(msg)
        value = getattr(importlib.import_module(home), name)
        namespace[name] = value
        return value

    return load
