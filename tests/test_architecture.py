"""The dependency rules of psrt-core, checked on the source with `ast`.

The domain packages (``versions``, ``advisories``, ``governance``, ``ranges``, ``publication``) are
pure: they never parse wire formats, touch files, print or read the clock, so that every result is
a function of the arguments. ``advisories`` and ``governance`` are independent of each other. The
domain is layered (``LAYERS``): a package imports only the packages below it, so that no import
hides inside a function to dodge a cycle. Only the edges (``serialization``, ``cli``) do I/O.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "psrt_core"
DOMAIN = ("versions", "advisories", "governance", "ranges", "publication")
#: What each domain package may import inside psrt-core. The foundation modules are open to all:
#: ``exceptions``, ``_time`` (RFC 3339 instants), ``limits`` (the bounds on outside data) and
#: ``_credits`` (the ten credit roles both advisories and governance speak of), ``_lazy``
#: (names loaded on first use).
FOUNDATION = frozenset({"exceptions", "_time", "limits", "_credits", "_lazy"})
LAYERS: dict[str, frozenset[str]] = {
    "versions": frozenset(),
    "advisories": frozenset({"versions"}),
    "governance": frozenset({"versions"}),
    "ranges": frozenset({"versions", "advisories"}),
    "publication": frozenset({"versions", "advisories", "ranges"}),
}
FORBIDDEN_MODULES = frozenset(
    {"cattrs", "json", "yaml", "csv", "tomllib", "tomli", "argparse", "pathlib", "hypothesis"}
)
FORBIDDEN_PSRT = ("psrt_core.serialization", "psrt_core.cli", "psrt_core.testing")
CLOCK_CALLS = frozenset({"now", "today", "utcnow", "time", "monotonic", "perf_counter"})
CLOCK_OWNERS = frozenset({"datetime", "date", "time", "datetime.datetime", "datetime.date"})


def sources(area: str) -> list[Path]:
    return sorted((PACKAGE / area).rglob("*.py"))


def package_of(path: Path) -> str:
    return ".".join(("psrt_core", *path.relative_to(PACKAGE).parent.parts))


def imported_modules(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """Every module an ``import`` or ``from ... import`` names, relative ones resolved
    against *package*; ``from m import n`` yields both ``m`` and ``m.n``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return "?"


def check_source(source: str, package: str, where: str) -> list[str]:
    """The rule violations in one module's source, as ``where:line: what`` strings."""
    tree = ast.parse(source)
    found = []
    for line, module in imported_modules(tree, package):
        top = module.split(".")[0]
        if top in FORBIDDEN_MODULES:
            found.append(f"{where}:{line}: imports {module}")
        if module.startswith(FORBIDDEN_PSRT):
            found.append(f"{where}:{line}: imports the edge module {module}")
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = dotted(node.func)
        if name == "print":
            found.append(f"{where}:{node.lineno}: calls print")
        owner, _, attr = name.rpartition(".")
        if attr in CLOCK_CALLS and owner in CLOCK_OWNERS:
            found.append(f"{where}:{node.lineno}: reads the clock with {name}()")
        if name in ("open", "input"):
            found.append(f"{where}:{node.lineno}: calls {name}")
    return sorted(set(found), key=found.index)


def violations(area: str) -> list[str]:
    found = []
    for path in sources(area):
        where = str(path.relative_to(PACKAGE.parent))
        found += check_source(path.read_text(encoding="utf-8"), package_of(path), where)
    return found


@pytest.mark.parametrize("area", DOMAIN)
def test_domain_package_is_pure(area: str) -> None:
    """Architecture rule: domain packages import no wire-format, file or CLI module, never
    print, never open files and never read the clock (time is an argument)."""
    if not (PACKAGE / area).is_dir():
        pytest.skip(f"psrt_core.{area} does not exist yet")
    assert violations(area) == []


@pytest.mark.parametrize(
    ("area", "other"), [("advisories", "governance"), ("governance", "advisories")]
)
def test_advisories_and_governance_are_independent(area: str, other: str) -> None:
    """Architecture rule: ``advisories`` and ``governance`` never import each other."""
    if not (PACKAGE / area).is_dir():
        pytest.skip(f"psrt_core.{area} does not exist yet")
    found = []
    for path in sources(area):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in imported_modules(tree, package_of(path)):
            if module == f"psrt_core.{other}" or module.startswith(f"psrt_core.{other}."):
                found.append(f"{path.name}:{line}: imports {module}")
    assert found == []


def test_versions_is_the_bottom_layer() -> None:
    """``versions`` depends only on ``exceptions`` inside psrt-core."""
    found = []
    for path in sources("versions"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module in imported_modules(tree, package_of(path)):
            if module.startswith("psrt_core.") and not module.startswith(
                ("psrt_core.versions", "psrt_core.exceptions")
            ):
                found.append(f"{path.name}:{line}: imports {module}")
    assert found == []


def layer_problems(source: str, package: str, area: str, where: str) -> list[str]:
    """Imports of psrt-core packages that *area*'s layer may not use, anywhere in a module
    (inside a function too: a deferred import is still a dependency)."""
    allowed = {*FOUNDATION, area, *LAYERS[area]}
    found = []
    for line, module in imported_modules(ast.parse(source), package):
        parts = module.split(".")
        if parts[0] == "psrt_core" and len(parts) > 1 and parts[1] not in allowed:
            found.append(f"{where}:{line}: imports {module}")
    return found


def layer_violations(area: str) -> list[str]:
    found = []
    for path in sources(area):
        source = path.read_text(encoding="utf-8")
        found += layer_problems(source, package_of(path), area, path.name)
    return found


@pytest.mark.parametrize("area", sorted(LAYERS))
def test_domain_packages_import_only_lower_layers(area: str) -> None:
    """Architecture rule (docs/explanation/architecture.md): ``versions`` < ``advisories``,
    ``governance`` < ``ranges`` < ``publication``; nothing imports a package above it."""
    if not (PACKAGE / area).is_dir():
        pytest.skip(f"psrt_core.{area} does not exist yet")
    assert layer_violations(area) == []


def test_the_checker_catches_violations() -> None:
    """The checks above can fail: a planted module with every forbidden thing is caught."""
    source = (
        "import json\n"
        "from pathlib import Path\n"
        "from ..serialization import make_converter\n"
        "import datetime\n"
        "from datetime import date\n"
        "print(datetime.datetime.now(), date.today())\n"
        "open('x')\n"
    )
    assert sorted(check_source(source, "psrt_core.versions", "planted.py")) == [
        "planted.py:1: imports json",
        "planted.py:2: imports pathlib",
        "planted.py:2: imports pathlib.Path",
        "planted.py:3: imports the edge module psrt_core.serialization",
        "planted.py:3: imports the edge module psrt_core.serialization.make_converter",
        "planted.py:6: calls print",
        "planted.py:6: reads the clock with date.today()",
        "planted.py:6: reads the clock with datetime.datetime.now()",
        "planted.py:7: calls open",
    ]


def test_the_layer_checker_catches_a_deferred_upward_import() -> None:
    """The layer rule sees an import hidden in a function (issue 10: ``advisories`` used to
    import ``ranges`` that way)."""
    source = "def f():\n    from psrt_core.ranges import ranges_from_fixes\n"
    assert layer_problems(source, "psrt_core.advisories", "advisories", "planted.py") == [
        "planted.py:2: imports psrt_core.ranges",
        "planted.py:2: imports psrt_core.ranges.ranges_from_fixes",
    ]
    assert layer_problems(source, "psrt_core.publication", "publication", "planted.py") == []
