"""Development sessions. ``nox`` with no arguments runs what CI runs (`nox.options.sessions`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "venv"
nox.options.error_on_external_run = True
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = False
nox.options.sessions = ["lint", "typing", "tests", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
SUPPORTED = nox.project.python_versions(PYPROJECT)
LINT_PATHS = ["src", "tests", "docs", "benchmarks", "scripts", "noxfile.py"]


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
    """The test suite with branch coverage (fail under 95 %), on every installed Python."""
    session.install(".[testing]", *_groups("test"))
    coverage_file = str(ROOT / ".nox" / f".coverage.{session.python}")
    env = {"COVERAGE_FILE": coverage_file, "HYPOTHESIS_PROFILE": "ci"}
    session.run("coverage", "erase", env=env)
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=env)
    session.run("coverage", "report", "--fail-under=95", env=env)


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


@nox.session(default=False)
def property(session: nox.Session) -> None:
    """Only the Hypothesis property tests, with the thorough profile (many more examples)."""
    session.install(".[testing]", *_groups("test"))
    env = {"HYPOTHESIS_PROFILE": "thorough"}
    session.run("pytest", "-m", "property", *session.posargs, env=env)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """The benchmarks in benchmarks/, side by side with univers and packaging."""
    session.install(".", *_groups("bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)
