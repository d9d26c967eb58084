"""Turning cattrs' nested validation errors into psrt-core `Problem` lists with JSON paths.

cattrs is imported inside the functions: they run only after a converter (which loads it)
failed, and the modules that import this one must not load cattrs at start-up.
"""

from __future__ import annotations

import ast
import functools
import re

from psrt_core.exceptions import InvalidInputError, InvalidVersionError, Problem, PsrtError

__all__ = ["format_exception", "problems_from_cattrs"]


def format_exception(exc: BaseException, type_: type | None) -> str:
    """Describe one leaf error; our own errors already say what is wrong and show the value."""
    from cattrs.errors import ForbiddenExtraKeysError

    if isinstance(exc, InvalidVersionError):
        return "not a valid PEP 440 version"
    if isinstance(exc, InvalidInputError):
        return "; ".join(f"{p.message}" for p in exc.problems)
    if isinstance(exc, PsrtError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"extra fields not allowed: {', '.join(sorted(exc.extra_fields))}"
    if isinstance(exc, (TypeError, ValueError)):
        if type_ is None:  # raised by a class's own validator: its message says what is wrong
            return str(exc)
        name = getattr(type_, "__name__", None) or str(type_)
        return f"invalid value for type, expected {name}"
    return f"{type(exc).__name__}: {exc}"


def problems_from_cattrs(
    exc: BaseException, document: object = Problem.NO_VALUE, *, root: str = "$"
) -> list[Problem]:
    """Flatten a cattrs validation error into one `Problem` per leaf, with its JSON path.

    When the *document* that failed is given, each problem also carries the offending value.
    """
    from cattrs import ClassValidationError, IterableValidationError
    from cattrs.v import transform_error

    if not isinstance(exc, (ClassValidationError, IterableValidationError)):
        return [Problem(root, format_exception(exc, None), _value_at(document, root, root))]
    problems = []
    for line in transform_error(exc, path=root, format_exception=format_exception):
        message, _, location = line.rpartition(" @ ")
        location = location or root
        problems.append(Problem(location, message or line, _value_at(document, location, root)))
    return problems


@functools.cache
def _path_step() -> re.Pattern[str]:
    """One step of a ``$.a[0]['b']`` path; compiled on first use (only errors need it)."""
    return re.compile(r"\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)|\[(?P<index>\d+)\]|\[(?P<key>'[^']*')\]")


def _value_at(document: object, location: str, root: str) -> object:
    """The value at a ``$.a[0]['b']`` path, or `Problem.NO_VALUE` where there is none."""
    if document is Problem.NO_VALUE or not location.startswith(root):
        return Problem.NO_VALUE
    current = document
    for step in _path_step().finditer(location, len(root)):
        key: object
        if step["name"] is not None:
            key = step["name"]
        elif step["index"] is not None:
            key = int(step["index"])
        else:
            key = ast.literal_eval(step["key"])
        try:
            current = current[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return Problem.NO_VALUE
    return current
