"""The psrt-core exception family.

Every error that psrt-core raises on bad outside data derives from `PsrtError`, so a caller can
catch one class. Leaves also derive from the natural builtin (`ValueError`, `LookupError`) so
code written against the builtins keeps working. Errors about a document carry every problem
found in it, each with a location (a JSON path such as ``$.affected[0].ranges[1]``, or a line
number) and the offending value, so that one run reports everything that is wrong.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = [
    "EmbargoError",
    "InvalidBranchNameError",
    "InvalidCatalogError",
    "InvalidGovernanceDataError",
    "InvalidHandleError",
    "InvalidInputError",
    "InvalidRecordError",
    "InvalidTransitionError",
    "InvalidVersionError",
    "Problem",
    "PsrtError",
    "RuleViolationError",
    "UnknownAdvisoryError",
    "UnknownBranchError",
    "UnknownMemberError",
    "UnknownProductError",
    "UnknownVersionError",
]


class _Missing(enum.Enum):
    """The "no value" marker of a `Problem`; an enum member, so it survives pickling as itself."""

    NO_VALUE = "no value"

    def __repr__(self) -> str:
        return "Problem.NO_VALUE"


_MISSING = _Missing.NO_VALUE


class PsrtError(Exception):
    """Root of every exception psrt-core raises on purpose.

    Every subclass pickles to an equal error (same type, ``args``, message and attributes),
    so errors cross process pools intact: unpickling restores the state instead of calling
    ``__init__`` again with the rendered message (which would render it twice).

    .. versionadded:: 0.1.0
    """

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (type(self), self.args), dict(self.__dict__))


def _restore(cls: type[PsrtError], args: tuple[object, ...]) -> PsrtError:
    """An instance of *cls* with *args*, without ``__init__`` (the state follows)."""
    return cls.__new__(cls, *args)


@attrs.frozen
class Problem:
    """One thing wrong with a document: where, what, and the value found there.

    *location* is a JSON path (``$.containers.cna.affected[0]``) for JSON-like documents and
    ``line N`` for line-oriented files. *value* is the offending value, or ``Problem.NO_VALUE``
    when the problem is a missing value.
    """

    NO_VALUE = _MISSING

    location: str
    message: str
    value: object = _MISSING

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.value is not _MISSING:
            text += f" (got {_short_repr(self.value)})"
        return text


def _short_repr(value: object, limit: int = 80) -> str:
    # Why guarded: the offending value is outside data, and repr() itself fails on a
    # 5,000-digit integer (ValueError) or 10,000 levels of nesting (RecursionError).
    try:
        text = repr(value)
    except (ValueError, RecursionError):
        text = f"<{type(value).__name__} too large to show>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InvalidInputError(PsrtError, ValueError):
    """Outside data that cannot be used: a file, a document or a mapping.

    ``str(error)`` is one line: the source, then every problem, separated by semicolons.

    .. versionadded:: 0.1.0
    """

    def __init__(self, problems: Iterable[Problem], *, source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            msg = "an InvalidInputError needs at least one problem"
            raise ValueError(msg)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        body = "; ".join(str(problem) for problem in self.problems)
        return f"{self.source}: {body}" if self.source else body

    def with_source(self, source: str) -> InvalidInputError:
        """Return the same error naming *source* (for example the file it came from)."""
        return type(self)(self.problems, source=source)

    @classmethod
    def single(
        cls, location: str, message: str, value: object = _MISSING, *, source: str | None = None
    ) -> InvalidInputError:
        """Build an error holding one problem."""
        return cls([Problem(location, message, value)], source=source)


class InvalidRecordError(InvalidInputError):
    """An OSV or CVE JSON 5 record (or an input to evaluating one) is malformed.

    .. versionadded:: 0.1.0
    """


class InvalidCatalogError(InvalidInputError):
    """A release catalog document or its source data is malformed.

    .. versionadded:: 0.1.0
    """


class InvalidGovernanceDataError(InvalidInputError):
    """A roster, policy, nomination or event document is malformed.

    .. versionadded:: 0.1.0
    """


class InvalidHandleError(PsrtError, ValueError):
    """A string that was required to be a GitHub login is not one.

    A login is ASCII letters, digits and single hyphens, neither first nor last, at most 39
    characters; anything else (a Kelvin sign for ``K``, a space) could impersonate a member.

    .. versionadded:: 0.2.0
    """

    def __init__(self, value: object) -> None:
        self.value = value
        super().__init__(
            f"{value!r} is not a GitHub handle: ASCII letters, digits and single hyphens, "
            "no hyphen first or last, at most 39 characters"
        )


class InvalidVersionError(PsrtError, ValueError):
    """A string that was required to be a PEP 440 version is not one.

    .. versionadded:: 0.1.0
    """

    def __init__(self, value: object, *, what: str = "version") -> None:
        self.value = value
        self.what = what
        super().__init__(f"{what} {value!r} is not a valid PEP 440 version")


class InvalidBranchNameError(PsrtError, ValueError):
    """A branch name that is not numbers separated by dots (``3.12``, ``24``).

    .. versionadded:: 0.1.0
    """

    def __init__(self, name: object) -> None:
        self.name = name
        super().__init__(
            f"a branch name is numbers separated by dots, like '3.12' or '24', not {name!r}"
        )


class UnknownBranchError(PsrtError, LookupError):
    """A branch name that the catalog does not have.

    .. versionadded:: 0.1.0
    """

    def __init__(self, branch: str, *, product: str) -> None:
        self.branch = branch
        self.product = product
        super().__init__(f"{product} has no branch {branch!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownVersionError(PsrtError, LookupError):
    """A version that the catalog does not list.

    .. versionadded:: 0.1.0
    """

    def __init__(self, version: str, *, product: str) -> None:
        self.version = version
        self.product = product
        super().__init__(f"{product} has no release {version!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownAdvisoryError(PsrtError, LookupError):
    """An advisory id that an `~psrt_core.ranges.AffectedIndex` does not hold.

    .. versionadded:: 0.1.0
    """

    def __init__(self, advisory_id: str) -> None:
        self.advisory_id = advisory_id
        super().__init__(f"no advisory {advisory_id!r} in the index")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownProductError(PsrtError, LookupError):
    """A product name that psrt-core has no `~psrt_core.versions.Product` (or catalog) for.

    .. versionadded:: 0.2.0
    """

    def __init__(self, product: str, *, known: Iterable[str] = ()) -> None:
        self.product = product
        self.known: tuple[str, ...] = tuple(known)
        shown = f"; known: {', '.join(self.known)}" if self.known else ""
        super().__init__(f"no product named {product!r}{shown}")

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownMemberError(PsrtError, LookupError):
    """A GitHub handle that is not on the roster.

    .. versionadded:: 0.1.0
    """

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(f"no member with GitHub handle {handle!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class EmbargoError(PsrtError):
    """A record would be emitted before the vulnerability is public (say ``--embargoed``).

    .. versionadded:: 0.2.0
    """


class InvalidTransitionError(PsrtError):
    """A lifecycle event that is not allowed in the current state.

    .. versionadded:: 0.1.0
    """

    def __init__(self, state: str, event: str) -> None:
        self.state = state
        self.event = event
        super().__init__(f"event {event!r} is not allowed in state {state!r}")


class RuleViolationError(PsrtError):
    """A governance event that breaks a rule; carries the rule id (``R-C1``) and the reason.

    .. versionadded:: 0.1.0
    """

    def __init__(self, rule: str, reason: str, *, location: str | None = None) -> None:
        self.rule = rule
        self.reason = reason
        self.location = location
        prefix = f"{location}: " if location else ""
        super().__init__(f"{prefix}{rule}: {reason}")
