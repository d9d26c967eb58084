"""The package surface: version, explicit public names, typing marker, and the exception family."""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.resources
import pickle
import pkgutil
import re
from pathlib import Path

import pytest

import psrt_core
from psrt_core import exceptions
from psrt_core.exceptions import (
    InvalidCatalogError,
    InvalidGovernanceDataError,
    InvalidInputError,
    InvalidRecordError,
    InvalidTransitionError,
    InvalidVersionError,
    Problem,
    PsrtError,
    RuleViolationError,
    UnknownBranchError,
    UnknownMemberError,
    UnknownVersionError,
)


def isort_key(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: SCREAMING_CASE constants, then CamelCase classes, then the rest."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


def public_modules() -> list[str]:
    names = ["psrt_core"]
    for info in pkgutil.walk_packages(psrt_core.__path__, "psrt_core."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return names


def test_version_comes_from_the_metadata() -> None:
    """`psrt_core.__version__` is the installed distribution's version, read lazily."""
    assert psrt_core.__version__ == importlib.metadata.version("psrt-core")
    assert psrt_core.__version__ == "0.1.0"


def test_unknown_attribute() -> None:
    """Any other missing attribute is the usual AttributeError."""
    with pytest.raises(AttributeError, match=r"^module 'psrt_core' has no attribute 'nope'$"):
        getattr(psrt_core, "nope")  # noqa: B009


def test_public_modules_are_known() -> None:
    """The public modules are the documented ones (everything else is ``_private``)."""
    assert set(public_modules()) >= {
        "psrt_core",
        "psrt_core.cli",
        "psrt_core.exceptions",
        "psrt_core.serialization",
        "psrt_core.testing",
        "psrt_core.versions",
    }


@pytest.mark.parametrize("name", public_modules())
def test_all_is_sorted_and_complete(name: str) -> None:
    """Every public module has a sorted ``__all__`` (ruff's isort-style order, RUF022) whose
    names all exist."""
    module = importlib.import_module(name)
    listed = list(module.__all__)
    assert listed == sorted(listed, key=isort_key)
    assert len(listed) == len(set(listed))
    for item in listed:
        assert getattr(module, item) is not None, item


@pytest.mark.parametrize(
    "name", [n for n in public_modules() if n.count(".") <= 1 and n != "psrt_core.exceptions"]
)
def test_dir_is_all(name: str) -> None:
    """Packages answer ``dir()`` with exactly their public names."""
    module = importlib.import_module(name)
    if not hasattr(module, "__path__"):
        pytest.skip(f"{name} is a module, not a facade package")
    assert dir(module) == sorted(module.__all__)  # dir() sorts what __dir__ returns


def test_top_level_reexports_catalog_names() -> None:
    """The fixed entry points of issue 2 are importable from the top level."""
    assert psrt_core.cpython_releases is psrt_core.serialization.cpython_releases
    assert psrt_core.pip_releases is psrt_core.serialization.pip_releases
    assert psrt_core.Catalog is psrt_core.versions.Catalog


def test_py_typed_is_shipped() -> None:
    """PEP 561: the ``py.typed`` marker is part of the package."""
    marker = importlib.resources.files("psrt_core") / "py.typed"
    assert marker.is_file()


def test_bundled_data_is_shipped() -> None:
    """The bundled catalogs are package data."""
    data = importlib.resources.files("psrt_core") / "data"
    assert sorted(item.name for item in data.iterdir() if item.name.endswith(".json")) == [
        "cpython.json",
        "pip.json",
    ]


class TestExceptions:
    def test_family(self) -> None:
        """Every leaf is a `PsrtError`, and the natural builtin where there is one."""
        inputs: list[type] = [InvalidRecordError, InvalidCatalogError, InvalidGovernanceDataError]
        values: list[type] = [InvalidInputError, InvalidVersionError]
        lookups: list[type] = [UnknownBranchError, UnknownVersionError, UnknownMemberError]
        assert all(issubclass(leaf, InvalidInputError) for leaf in inputs)
        assert all(issubclass(leaf, ValueError) for leaf in values)
        assert all(issubclass(leaf, LookupError) for leaf in lookups)
        for name in exceptions.__all__:
            item = getattr(exceptions, name)
            if isinstance(item, type) and item is not Problem:
                assert issubclass(item, PsrtError), name

    def test_input_error_is_one_line_with_every_problem(self) -> None:
        """``str()`` is the source, then every problem separated by ``; ``."""
        error = InvalidCatalogError(
            [Problem("$.a", "bad", 1), Problem("line 3", "missing")], source="f.json"
        )
        assert str(error) == "f.json: $.a: bad (got 1); line 3: missing"
        assert str(error.with_source("g.json")) == "g.json: $.a: bad (got 1); line 3: missing"
        assert type(error.with_source("g.json")) is InvalidCatalogError

    def test_single_and_no_source(self) -> None:
        """`single` builds a one-problem error; without a source the problems stand alone."""
        error = InvalidRecordError.single("$.id", "required field missing")
        assert str(error) == "$.id: required field missing"
        assert error.problems == (Problem("$.id", "required field missing"),)

    def test_needs_a_problem(self) -> None:
        """An input error with nothing wrong is a programming error."""
        with pytest.raises(ValueError, match="needs at least one problem"):
            InvalidInputError([])

    def test_long_values_are_shortened(self) -> None:
        """Values are shown with repr, cut at 80 characters."""
        problem = Problem("$", "too long", "x" * 200)
        assert str(problem) == "$: too long (got '" + "x" * 76 + "...)"

    @pytest.mark.parametrize(
        "error",
        [
            InvalidCatalogError([Problem("$.a", "bad", [1])], source="f.json"),
            InvalidVersionError("3.x", what="fixed version"),
            UnknownBranchError("4.0", product="cpython"),
            UnknownVersionError("3.12.99", product="cpython"),
            InvalidTransitionError("closed", "vote"),
            RuleViolationError("R-C1", "quorum not met", location="line 4"),
            RuleViolationError("R-C1", "quorum not met"),
        ],
    )
    def test_pickle_round_trip(self, error: PsrtError) -> None:
        """Errors survive pickling (multiprocessing, pytest-xdist) with their attributes."""
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert str(again) == str(error)
        assert vars(again) == vars(error)

    def test_messages(self) -> None:
        """Each leaf's message names the offending value."""
        assert str(InvalidVersionError("3.x", what="fixed version")) == (
            "fixed version '3.x' is not a valid PEP 440 version"
        )
        assert str(UnknownMemberError("octocat")) == "no member with GitHub handle 'octocat'"
        assert str(InvalidTransitionError("closed", "vote")) == (
            "event 'vote' is not allowed in state 'closed'"
        )
        assert str(RuleViolationError("R-C3", "no sponsor", location="line 2")) == (
            "line 2: R-C3: no sponsor"
        )


REPOSITORY = Path(__file__).resolve().parents[1]


def quick_start_lines() -> list[str]:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    after = text.split("\n## Quick start\n", 1)[1]
    block = re.match(r"\s*```sh\n(?P<body>.*?)\n```\n", after, re.DOTALL)
    assert block is not None, "the Quick start heading must be followed by one ```sh block"
    return block["body"].splitlines()


def test_readme_quick_start_is_two_lines() -> None:
    """Issue 2: a Quick start heading followed by one fenced sh block of exactly two lines,
    the first installing the package and running its main job, the second the test suite."""
    install, check = quick_start_lines()
    assert install.startswith("python -m pip install . && ")
    assert "psrt_core" in install
    assert check == "python -m pip install nox && python -m nox"


def test_ci_runs_the_second_quick_start_line_verbatim() -> None:
    """Issue 2: ``.ci/run`` runs the README's second quick-start line verbatim."""
    script = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start_lines()[1] in script


def test_readme_python_example_prints_what_its_comments_say(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The README's Python example runs, and each printed line equals the comment that states
    it (a trailing ``# value`` on the print, or a ``# value`` line right after it)."""
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)\n```", text, re.DOTALL)
    assert len(blocks) == 1
    expected: list[str] = []
    for line in blocks[0].splitlines():
        code, _, comment = line.partition("#")
        states_output = code.strip().startswith("print(") or not code.strip()
        if comment and states_output:
            expected.append(comment.strip())
    exec(compile(blocks[0], "README.md", "exec"), {})  # the README's own example
    assert capsys.readouterr().out.splitlines() == expected
    assert len(expected) == 3
