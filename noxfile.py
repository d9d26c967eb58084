"""Development sessions. ``nox`` with no arguments runs what CI runs (`nox.options.sessions`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import time
import zipfile
from pathlib import Path

import nox
from packaging.requirements import Requirement

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.error_on_external_run = True
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = False
nox.options.sessions = ["lint", "typing", "tests", "coverage", "docs", "build"]

ROOT = Path(__file__).parent
#: When this nox invocation started: the `coverage` session prefers data written since.
STARTED = time.time()
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SUPPORTED = nox.project.python_versions(PYPROJECT)
LINT_PATHS = ["src", "tests", "docs", "benchmarks", "scripts", "noxfile.py"]
PACKAGE = ROOT / "src" / "psrt_core"
# What an installed sdist tree needs to run the suite: the tests read the README, the docs and the
# generator script; the package sources are there for the architecture test, not for import.
SDIST_REQUIRED = [
    "PKG-INFO",
    "pyproject.toml",
    "LICENSE",
    "README.md",
    "src/psrt_core/__init__.py",
    "tests/conftest.py",
    "docs/conf.py",
    ".ci/run",
]


def _expose_pyenv_interpreters() -> None:
    """Put pyenv's real ``pythonX.Y`` binaries ahead of its shims, which refuse unselected ones."""
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = []
    for version in SUPPORTED:
        candidates = sorted((pyenv_root / "versions").glob(f"{version}.*/bin/python{version}"))
        if candidates:
            found.append(str(candidates[-1].parent))
    if found:
        os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


def _works(version: str) -> bool:
    executable = shutil.which(f"python{version}")
    if executable is None:
        return False
    result = subprocess.run([executable, "-c", "import sys"], capture_output=True, check=False)
    return result.returncode == 0


_expose_pyenv_interpreters()
INSTALLED = [version for version in SUPPORTED if _works(version)] or None


def _groups(*names: str) -> list[str]:
    requirements: list[str] = []
    for name in names:
        requirements += nox.project.dependency_groups(PYPROJECT, name)
    return [r for r in requirements if not r.startswith("psrt-core")]


@nox.session(python=INSTALLED)
def tests(session: nox.Session) -> None:
    """The test suite with branch coverage, on every installed Python (no gate: see `coverage`).

    Each Python's data goes to ``.nox/.coverage.<python>``. Some branches run on one Python or
    packaging only (the 3.10 TOML fallback, for one), so the 100 % gate is on the combined data.
    """
    session.install(".[testing]", *_groups("test"))
    coverage_file = str(ROOT / ".nox" / f".coverage.{session.python}")
    env = {"COVERAGE_FILE": coverage_file, "HYPOTHESIS_PROFILE": "ci"}
    session.run("coverage", "erase", env=env)
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=env)
    session.run("coverage", "combine", env=env)  # `parallel = true`: one file per process
    session.run("coverage", "report", env=env)


def _coverage_data() -> list[Path]:
    """The ``tests`` sessions' data: those written by this nox run, else every one present."""
    found = sorted(path for path in (ROOT / ".nox").glob(".coverage.*") if path.is_file())
    fresh = [path for path in found if path.stat().st_mtime >= STARTED]
    return fresh or found


@nox.session
def coverage(session: nox.Session) -> None:
    """Combine the ``tests`` sessions' coverage data and fail under 100 % branch coverage.

    Run after them (``nox -s tests coverage``, or ``nox``). Data written by this nox run is
    used if any, else whatever an earlier run left (a CI job that gathered the files); paths
    under each session's ``site-packages`` map to ``src/`` (``[tool.coverage.paths]``).
    """
    data = _coverage_data()
    if not data:
        session.error(
            f"no coverage data (.coverage.<python>) in {ROOT / '.nox'}: run a tests session "
            "first, for example `nox -s tests-3.11 coverage`"
        )
    session.install(*[r for r in _groups("test") if Requirement(r).name == "coverage"])
    session.log("combining " + ", ".join(path.name for path in data))
    env = {"COVERAGE_FILE": str(ROOT / ".nox" / "coverage-combined")}
    session.run("coverage", "combine", "--keep", *map(str, data), env=env)
    session.run("coverage", "report", "--fail-under=100", env=env)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff check and ruff format --check."""
    session.install(*_groups("lint"))
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)


@nox.session
def typing(session: nox.Session) -> None:
    """Mypy --strict over the package, the tests, the benchmarks and this file."""
    session.install(".[testing]", *_groups("typing", "test"))
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx site with warnings as errors, then execute its code examples."""
    session.install(".[testing]", *_groups("docs"))
    build = ROOT / "docs" / "_build"
    session.run(
        "sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", str(build / "html")
    )
    session.run("pytest", "-p", "no:cacheprovider", "docs", "-q", "--rootdir", "docs")


# The pages the ``screenshots`` session photographs: the landing page, the generated CLI
# reference and one how-to, the three a reviewer must look at before a docs change ships.
SCREENSHOT_PAGES = {
    "landing": "index.html",
    "cli-reference": "reference/cli-generated.html",
    "howto": "howto/which-cpython-releases-does-a-cve-affect.html",
}
SCREENSHOT_DIR = ROOT / "screenshots"
_CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,2000",
]


@nox.session(default=False)
def screenshots(session: nox.Session) -> None:
    """Build the HTML, then screenshot three pages with headless Chromium into ``screenshots/``.

    The point is to look at the result (code blocks cut off, tables overflowing), which no
    warning catches. Debian's ``chromium`` is installed with apt-get when it is missing.
    """
    session.install(".[testing]", *_groups("docs"))
    html = ROOT / "docs" / "_build" / "html"
    session.run("sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", str(html))
    chromium = shutil.which("chromium") or _install_chromium(session)
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    for name, page in SCREENSHOT_PAGES.items():
        target = SCREENSHOT_DIR / f"{name}.png"
        profile = Path(session.create_tmp()).resolve() / f"chromium-{name}"
        shutil.rmtree(profile, ignore_errors=True)
        session.run(
            chromium,
            *_CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={target}",
            (html / page).as_uri(),
            external=True,
            silent=True,
        )
        session.log(f"{page} -> {target}")


def _install_chromium(session: nox.Session) -> str:
    session.run("apt-get", "update", "-q", external=True)
    session.run("apt-get", "install", "-y", "-q", "chromium", external=True)
    found = shutil.which("chromium")
    if found is None:
        session.error("chromium is still not on PATH after apt-get install")
    return found


@nox.session(default=False)
def property(session: nox.Session) -> None:
    """Only the Hypothesis property tests, with the thorough profile (many more examples)."""
    session.install(".[testing]", *_groups("test"))
    env = {"HYPOTHESIS_PROFILE": "thorough"}
    session.run("pytest", "-m", "property", *session.posargs, env=env)


@nox.session(default=False)
def plots(session: nox.Session) -> None:
    """Only the plot tests, with the optional ``plot`` extra (matplotlib) installed."""
    session.install(".[testing,plot]", *_groups("test"))
    tests = ["tests/research", "-m", "plot"]
    session.run("pytest", "-p", "no:cacheprovider", *tests, *session.posargs)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """The benchmarks in benchmarks/, side by side with univers and packaging."""
    session.install(".", *_groups("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel, check both, then test the installed wheel from the sdist.

    The suite runs from the unpacked sdist, so a file the sdist forgets fails here; ``src/`` is
    never on ``sys.path``, so a file the wheel forgets fails here too. Positional arguments go to
    pytest (default ``-q``).
    """
    session.install(*_groups("build", "test"))
    tmp = Path(session.create_tmp()).resolve()
    dist = tmp / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), str(ROOT))
    wheel, sdist = _only(session, dist, "*.whl"), _only(session, dist, "*.tar.gz")
    _check_wheel(session, wheel)
    tree = _unpack_sdist(session, sdist, tmp / "sdist")
    session.install(f"{wheel}[testing]")
    session.chdir(tree)
    session.run("python", "-c", _ASSERT_INSTALLED)
    session.run("psrt-core", "--help", silent=True)
    session.run("pytest", "-p", "no:cacheprovider", *(session.posargs or ["-q"]))


# Run from the unpacked sdist, whose root holds ``src/`` but no ``psrt_core/``: the import must
# resolve to the installed wheel, never to the sources beside it.
_ASSERT_INSTALLED = """
import sysconfig
from pathlib import Path

import psrt_core

module = Path(psrt_core.__file__).resolve()
site = Path(sysconfig.get_paths()["purelib"]).resolve()
assert site in module.parents, f"psrt_core imported from {module}, not from {site}"
print(f"psrt_core imported from {module}")
"""


def _only(session: nox.Session, folder: Path, pattern: str) -> Path:
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        session.error(f"expected one {pattern} in {folder}, found {[p.name for p in found]}")
    return found[0]


def _wheel_problems(names: set[str]) -> list[str]:
    """What is wrong with a wheel's member list: strays, test files, and missing package files."""
    problems = [
        f"unexpected top-level entry {top!r}"
        for top in sorted({name.split("/", 1)[0] for name in names})
        if top != "psrt_core" and not (top.startswith("psrt_core-") and top.endswith(".dist-info"))
    ]
    problems += [
        f"test or cache file {name!r}"
        for name in sorted(names)
        if "/tests/" in name or name.endswith(("conftest.py", ".pyc")) or "__pycache__" in name
    ]
    expected = {
        f"psrt_core/{path.relative_to(PACKAGE).as_posix()}"
        for pattern in ("**/*.py", "py.typed", "data/*.json")
        for path in PACKAGE.glob(pattern)
        if "__pycache__" not in path.parts
    }
    problems += [f"missing {name!r}" for name in sorted(expected - names)]
    if not any(name.startswith("psrt_core/data/") and name.endswith(".json") for name in names):
        problems.append("no bundled catalog psrt_core/data/*.json")
    return problems


def _check_wheel(session: nox.Session, wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = {name for name in archive.namelist() if not name.endswith("/")}
    problems = _wheel_problems(names)
    if problems:
        session.error(f"{wheel.name}: " + "; ".join(problems))
    session.log(f"{wheel.name}: {len(names)} files, only psrt_core/ and its dist-info")


def _unpack_sdist(session: nox.Session, sdist: Path, into: Path) -> Path:
    """Unpack the sdist beside a link to ``../shared``, where tests/conftest.py looks for it."""
    shutil.rmtree(into, ignore_errors=True)
    with tarfile.open(sdist) as archive:
        archive.extractall(into, filter="data")
    tree = _only(session, into, "psrt_core-*")
    missing = [name for name in SDIST_REQUIRED if not (tree / name).is_file()]
    if missing:
        session.error(f"{sdist.name} lacks {missing}")
    shared = ROOT.parent / "shared"
    if shared.is_dir():
        (into / "shared").symlink_to(shared, target_is_directory=True)
    return tree


@nox.session(python=SUPPORTED[0], default=False)
def lowest(session: nox.Session) -> None:
    """The suite with every runtime dependency at its declared minimum, on the oldest Python.

    pip has no lowest-resolution mode, so each ``>=`` bound in ``[project].dependencies`` becomes
    an ``==`` constraint. Positional arguments go to pytest.
    """
    constraints = Path(session.create_tmp()) / "lowest-constraints.txt"
    constraints.write_text("".join(f"{pin}\n" for pin in _minimum_pins(session)), encoding="utf-8")
    session.log(f"constraints:\n{constraints.read_text(encoding='utf-8')}")
    session.install("-c", str(constraints), ".[testing]", *_groups("test"))
    session.run("python", "-m", "pip", "list", "--format=freeze")
    session.run("pytest", "-p", "no:cacheprovider", *session.posargs)


def _minimum_pins(session: nox.Session) -> list[str]:
    """``name==minimum`` (with its marker) for each runtime dependency; each must declare one."""
    pins = []
    for text in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(text)
        minimums = [s.version for s in requirement.specifier if s.operator in {">=", "~=", "=="}]
        if len(minimums) != 1:
            session.error(f"dependency {text!r} must declare exactly one minimum version")
        marker = f"; {requirement.marker}" if requirement.marker else ""
        pins.append(f"{requirement.name}=={minimums[0]}{marker}")
    return pins
