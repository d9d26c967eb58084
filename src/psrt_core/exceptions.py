"""The psrt-core exception family.

Every error that psrt-core raises on bad outside data derives from `PsrtError`, so a caller can
catch one class. Leaves also derive from the natural builtin (`ValueError`, `LookupError`) so
code written against the builtins keeps working. Errors about a document carry every problem
found in it, each with a location (a JSON path such as ``$.affected[0].ranges[1]``, or a line
number) and the offending value, so that one run reports everything that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "InvalidCatalogError",
    "InvalidGovernanceDataError",
    "InvalidInputError",
    "InvalidRecordError",
    "InvalidTransitionError",
    "InvalidVersionError",
    "Problem",
    "PsrtError",
    "RuleViolationError",
    "UnknownBranchError",
    "UnknownMemberError",
    "UnknownProductError",
    "UnknownVersionError",
]

_MISSING = object()


class PsrtError(Exception):
    """Root of every exception psrt-core raises on purpose.

    .. versionadded:: 0.1.0
    """


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
    text = repr(value)
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

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_input_error, (type(self), self.problems, self.source))

    @classmethod
    def single(
        cls, location: str, message: str, value: object = _MISSING, *, source: str | None = None
    ) -> InvalidInputError:
        """Build an error holding one problem."""
        return cls([Problem(location, message, value)], source=source)


def _rebuild_input_error(
    cls: type[InvalidInputError], problems: tuple[Problem, ...], source: str | None
) -> InvalidInputError:
    return cls(problems, source=source)


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


class InvalidVersionError(PsrtError, ValueError):
    """A string that was required to be a PEP 440 version is not one.

    .. versionadded:: 0.1.0
    """

    def __init__(self, value: object, *, what: str = "version") -> None:
        self.value = value
        self.what = what
        super().__init__(f"{what} {value!r} is not a valid PEP 440 version")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_version_error, (self.value, self.what))


def _rebuild_version_error(value: object, what: str) -> InvalidVersionError:
    return InvalidVersionError(value, what=what)


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

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_branch_error, (self.branch, self.product))


def _rebuild_branch_error(branch: str, product: str) -> UnknownBranchError:
    return UnknownBranchError(branch, product=product)


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

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_unknown_version, (self.version, self.product))


def _rebuild_unknown_version(version: str, product: str) -> UnknownVersionError:
    return UnknownVersionError(version, product=product)


class UnknownProductError(PsrtError, LookupError):
    """A product name that psrt-core has no `~psrt_core.versions.Product` for.

    .. versionadded:: 0.2.0
    """

    def __init__(self, name: str, *, known: tuple[str, ...] = ()) -> None:
        self.name = name
        self.known = known
        shown = f"; known: {', '.join(known)}" if known else ""
        super().__init__(f"no product named {name!r}{shown}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_unknown_product, (self.name, self.known))


def _rebuild_unknown_product(name: str, known: tuple[str, ...]) -> UnknownProductError:
    return UnknownProductError(name, known=known)


class UnknownMemberError(PsrtError, LookupError):
    """A GitHub handle that is not on the roster.

    .. versionadded:: 0.1.0
    """

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(f"no member with GitHub handle {handle!r}")

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidTransitionError(PsrtError):
    """A lifecycle event that is not allowed in the current state.

    .. versionadded:: 0.1.0
    """

    def __init__(self, state: str, event: str) -> None:
        self.state = state
        self.event = event
        super().__init__(f"event {event!r} is not allowed in state {state!r}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.state, self.event))


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

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_rule_error, (self.rule, self.reason, self.location))


def _rebuild_rule_error(rule: str, reason: str, location: str | None) -> RuleViolationError:
    return RuleViolationError(rule, reason, location=location)
