"""The error contract (issue 8 item 7): every `PsrtError` pickles to an equal error.

Why every subclass: errors cross process boundaries (multiprocessing, pytest-xdist), and an
error whose ``__init__`` renders its message from its arguments used to render it twice when
unpickled (`UnknownMemberError`). The walk below finds every subclass, including ones added
later, and fails for a subclass without an example here.
"""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pytest

import psrt_core
from psrt_core.exceptions import (
    EmbargoError,
    InvalidBranchNameError,
    InvalidCatalogError,
    InvalidGovernanceDataError,
    InvalidHandleError,
    InvalidInputError,
    InvalidRecordError,
    InvalidTransitionError,
    InvalidVersionError,
    Problem,
    PsrtError,
    RuleViolationError,
    UnknownAdvisoryError,
    UnknownBranchError,
    UnknownMemberError,
    UnknownProductError,
    UnknownVersionError,
)

#: Examples of every error, as the library raises them; a new subclass needs a line here.
EXAMPLES: dict[type[PsrtError], list[PsrtError]] = {
    PsrtError: [PsrtError("plain message")],
    InvalidInputError: [InvalidInputError([Problem("$", "bad")])],
    InvalidRecordError: [
        InvalidRecordError([Problem("$.id", "required field missing")], source="r.json"),
        InvalidRecordError.single("line 3", "not valid JSON: Expecting value"),
    ],
    InvalidCatalogError: [
        InvalidCatalogError([Problem("$.a", "bad", [1]), Problem("$.b", "missing")], source="c")
    ],
    InvalidGovernanceDataError: [InvalidGovernanceDataError.single("$.members", "bad", {})],
    InvalidHandleError: [InvalidHandleError("\u212aate"), InvalidHandleError(None)],
    InvalidVersionError: [InvalidVersionError("3.x", what="fixed version"), InvalidVersionError(5)],
    InvalidBranchNameError: [InvalidBranchNameError("main"), InvalidBranchNameError(3.1)],
    UnknownBranchError: [UnknownBranchError("4.0", product="cpython")],
    UnknownVersionError: [UnknownVersionError("3.12.99", product="cpython")],
    UnknownAdvisoryError: [UnknownAdvisoryError("CVE-2024-0001")],
    UnknownProductError: [UnknownProductError("ruby", known=("cpython", "pip"))],
    UnknownMemberError: [UnknownMemberError("octocat")],
    InvalidTransitionError: [InvalidTransitionError("closed", "vote")],
    EmbargoError: [EmbargoError("GHSA-xxxx is in state triage; say --embargoed")],
    RuleViolationError: [
        RuleViolationError("R-C1", "quorum not met", location="line 4"),
        RuleViolationError("R-C1", "quorum not met"),
    ],
}


def _import_everything() -> None:
    """Import every psrt_core module, so that subclasses defined anywhere are registered."""
    for module in pkgutil.walk_packages(psrt_core.__path__, "psrt_core."):
        if module.name != "psrt_core.__main__":
            importlib.import_module(module.name)


def _subclasses(cls: type[PsrtError]) -> set[type[PsrtError]]:
    found = {cls}
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


def _all_errors() -> list[type[PsrtError]]:
    _import_everything()
    return sorted(_subclasses(PsrtError), key=lambda cls: cls.__qualname__)


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda cls: cls.__qualname__)
def test_every_error_pickles_to_an_equal_error(cls: type[PsrtError]) -> None:
    """``pickle.loads(pickle.dumps(e))`` has e's type, ``str()``, ``args`` and attributes."""
    examples = EXAMPLES.get(cls)
    assert examples, f"add an example of {cls.__qualname__} to EXAMPLES"
    for error in examples:
        assert type(error) is cls
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is cls
        assert str(again) == str(error)
        assert again.args == error.args
        assert vars(again) == vars(error)


def test_unknown_member_message_is_not_doubled() -> None:
    """The reported bug: the message came back as the handle of a new message."""
    again = pickle.loads(pickle.dumps(UnknownMemberError("octocat")))
    assert str(again) == "no member with GitHub handle 'octocat'"
    assert again.handle == "octocat"


def test_notes_and_extra_attributes_survive() -> None:
    """State set after construction (PEP 678 notes) is pickled too."""
    error = UnknownVersionError("3.12.99", product="cpython")
    vars(error)["__notes__"] = ["while reading fixes.json"]  # add_note() on 3.11+
    again = pickle.loads(pickle.dumps(error))
    assert again.__notes__ == ["while reading fixes.json"]


def test_a_missing_value_stays_missing() -> None:
    """`Problem.NO_VALUE` is the same marker after pickling, so no ``(got ...)`` appears."""
    error = InvalidRecordError.single("$.id", "required field missing")
    again = pickle.loads(pickle.dumps(error))
    assert again.problems[0].value is Problem.NO_VALUE
    assert str(again) == "$.id: required field missing"
    assert repr(Problem.NO_VALUE) == "Problem.NO_VALUE"


@pytest.mark.parametrize("cls", _all_errors(), ids=lambda cls: cls.__qualname__)
def test_every_lookup_miss_is_a_lookup_error(cls: type[PsrtError]) -> None:
    """Issue 8 item 7: each ``Unknown…Error`` is a PsrtError and a LookupError."""
    if cls.__name__.startswith("Unknown"):
        assert issubclass(cls, LookupError)
    if issubclass(cls, LookupError):
        assert cls.__name__.startswith("Unknown")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10**5000, "<int too large to show>"),  # int -> str refuses over 4,300 digits
        ("x" * 100, "'" + "x" * 76 + "..."),
    ],
    ids=["5001-digit-int", "100-char-string"],
)
def test_problem_shows_any_outside_value_in_80_characters(value: object, shown: str) -> None:
    """A problem never fails to print nor floods: unprintable values say so, long ones are cut."""
    assert str(Problem("$.n", "too big", value)) == f"$.n: too big (got {shown})"
