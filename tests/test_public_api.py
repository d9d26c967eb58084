"""The public surface: a small lazy root, one meaning per public name, cheap core imports."""

from __future__ import annotations

import enum
import importlib
import inspect
import json
import pkgutil
import subprocess
import sys
from collections import defaultdict

import pytest

import psrt_core


def public_modules() -> list[str]:
    names = ["psrt_core"]
    for info in pkgutil.walk_packages(psrt_core.__path__, "psrt_core."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def test_root_is_small() -> None:
    """Issue 8: the root exposes at most 15 names a PSF tool needs (``__version__`` aside)."""
    names = [name for name in psrt_core.__all__ if name != "__version__"]
    assert len(names) <= 15
    assert set(names) == {
        "Advisory",
        "AffectedIndex",
        "Catalog",
        "CommitMap",
        "Nomination",
        "Policy",
        "PsrtError",
        "Roster",
        "VersionSet",
        "cpython_releases",
        "load_advisory",
        "parse_advisory",
        "pip_releases",
        "ranges_from_fixes",
        "tally",
    }


@pytest.mark.parametrize("name", [n for n in psrt_core.__all__ if n != "__version__"])
def test_root_names_are_their_homes(name: str) -> None:
    """Each root name is the very object its subpackage defines: re-exported, never redefined."""
    value = getattr(psrt_core, name)
    home = psrt_core._HOMES[name]
    assert getattr(importlib.import_module(home), name) is value
    assert name in importlib.import_module(home).__all__


def test_deprecated_root_names_warn_and_still_work() -> None:
    """Names the 0.1 root exported keep working, with a DeprecationWarning naming the new home."""
    from psrt_core.serialization import dump_advisory

    with pytest.warns(DeprecationWarning, match=r"^psrt_core\.dump_advisory is deprecated; "):
        assert psrt_core.dump_advisory is dump_advisory
    assert "dump_advisory" not in dir(psrt_core)


def test_report_credit_type_is_the_advisories_credit_type() -> None:
    """The ten credit roles are written once (`advisories.CreditType`); governance's 0.1 copy
    ``ReportCreditType`` is a deprecated name for it, and an unknown name still fails."""
    from psrt_core import governance
    from psrt_core.advisories import CreditType

    with pytest.warns(DeprecationWarning, match=r"^psrt_core\.governance\.ReportCreditType is "):
        assert governance.ReportCreditType is CreditType
    assert "ReportCreditType" not in dir(governance)
    with pytest.raises(AttributeError, match="has no attribute 'NoSuchName'"):
        _ = governance.NoSuchName


def _meanings() -> dict[str, set[str]]:
    """Public name -> the qualified definitions it is bound to across every public module."""
    found: dict[str, set[str]] = defaultdict(set)
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            if name == "__version__":
                continue
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                found[name].add(f"{value.__module__}.{value.__qualname__}")
            elif isinstance(value, enum.Enum):
                found[name].add(f"{type(value).__module__}.{type(value).__qualname__}.{value.name}")
            else:
                found[name].add(f"{module_name}.{name}")
    return found


def test_no_public_name_has_two_meanings() -> None:
    """Issue 8: a name means one thing everywhere (no ``Status`` for both a CVE status and a
    member status); a name reachable from several modules is the same object in each."""
    clashes = {name: sorted(where) for name, where in _meanings().items() if len(where) > 1}
    assert clashes == {}


_PROBE = """
import json, sys
import psrt_core
import psrt_core.versions
import psrt_core.advisories
before = sorted(m for m in sys.modules if m.split(".")[0] in ("cattrs", "yaml"))
governance = "psrt_core.governance" in sys.modules
print(json.dumps({"heavy": before, "governance": governance}))
"""


def test_core_imports_load_no_edge_or_governance() -> None:
    """Issue 8: ``import psrt_core`` and ``import psrt_core.versions`` (and the advisory models)
    load neither cattrs nor PyYAML nor the governance package; checked in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == {"heavy": [], "governance": False}


def test_root_loads_names_lazily() -> None:
    """PEP 562: ``import psrt_core`` loads no subpackage until a name is asked for."""
    probe = (
        "import sys, psrt_core; print(sorted(m for m in sys.modules if m.startswith('psrt_core.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("package", ["psrt_core.advisories", "psrt_core.serialization"])
def test_lazy_packages_load_each_name_once_and_refuse_unknown_ones(package: str) -> None:
    """Issue 13 (start-up): the lazily loaded packages give every listed name (the object its
    module defines, kept after the first lookup) and the usual error for any other name."""
    module = importlib.import_module(package)
    for name in module.__all__:
        value = getattr(module, name)
        assert vars(module)[name] is value
    with pytest.raises(AttributeError, match=rf"^module '{package}' has no attribute 'nope'$"):
        _ = module.nope
