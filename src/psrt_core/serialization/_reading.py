"""Reading outside text under `psrt_core.limits.Limits`: strict JSON, bounded YAML and TOML.

Why one module: every loader must refuse the same hostile shapes (huge or deep documents,
YAML alias bombs, giant integers, duplicate keys, ``NaN``, lone surrogates) with a
`PsrtError` naming the limit and the JSON path, never a traceback or unbounded work.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, Final, TypeVar, cast

from psrt_core.exceptions import InvalidInputError, Problem
from psrt_core.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "check_document",
    "json_document",
    "json_line",
    "step",
    "text_of",
    "toml_document",
    "yaml_document",
]

ErrorType = type[InvalidInputError]
_BOM: Final = "\ufeff"
_MAX_PROBLEMS: Final = 20
_IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def step(path: str, key: object) -> str:
    """*path* extended by one object key or array index, in the ``$.a[0]['b c']`` notation."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    text = str(key)
    if _IDENTIFIER.match(text):
        return f"{path}.{text}"
    return f"{path}[{text!r}]"


class _Refused:
    """A JSON value parsed but not kept (``NaN``, an overflowing or too long number).

    The parser's hooks cannot raise with a path; the walk of `check_document` reports it.
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _Duplicated(dict[str, Any]):
    """A JSON object one of whose keys was written twice (the last value is kept)."""

    duplicates: tuple[str, ...] = ()


def _limit(limits: Limits, name: str) -> str:
    return f"{name}={getattr(limits, name)}"


# -- text -----------------------------------------------------------------------------------------


def text_of(data: str | bytes, *, limits: Limits, error: ErrorType, source: str | None) -> str:
    """The document's text: size checked, UTF-8 decoded, one leading byte-order mark removed.

    RFC 8259 › 8.1 lets a parser ignore a BOM; every loader does, the same way.
    """
    size = len(data)
    if size > limits.max_bytes or (
        isinstance(data, str)
        and 4 * size > limits.max_bytes
        and len(data.encode("utf-8", "surrogatepass")) > limits.max_bytes
    ):
        raise error.single(
            "$", f"document larger than {_limit(limits, 'max_bytes')} bytes", source=source
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error.single(
                "$", f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=source
            ) from None
    return data.removeprefix(_BOM)


# -- JSON -----------------------------------------------------------------------------------------


def _marked(pairs: list[tuple[str, Any]], result: dict[str, Any]) -> _Duplicated:
    """*result*, built from *pairs* in which a key repeats, marked with the repeated keys."""
    seen: set[str] = set()
    twice = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    marked = _Duplicated(result)
    marked.duplicates = tuple(dict.fromkeys(twice))
    return marked


def _refuse_constant(name: str) -> _Refused:
    return _Refused(f"{name} is not JSON (RFC 8259 › 6)")


def _float(text: str) -> float | _Refused:
    value = float(text)
    if math.isinf(value):
        return _Refused(f"number {text[:40]} overflows a double")
    return value


def _int_parser(limits: Limits) -> Callable[[str], int | _Refused]:
    def parse(text: str) -> int | _Refused:
        digits = len(text) - text.startswith("-")
        if digits > limits.max_integer_digits:
            return _Refused(
                f"integer of {digits} digits exceeds {_limit(limits, 'max_integer_digits')}"
            )
        return int(text)

    return parse


def json_document(
    text: str,
    *,
    limits: Limits = DEFAULT_LIMITS,
    error: ErrorType,
    source: str | None,
    root: str = "$",
    where: Callable[[json.JSONDecodeError], str] | None = None,
    label: str = "not valid JSON",
) -> Any:
    """Strict RFC 8259 JSON under *limits*: the parsed document, or *error* with paths."""
    text = text_of(text, limits=limits, error=error, source=source)
    marks: list[object] = []
    try:
        document = json.loads(
            text,
            object_pairs_hook=_marking_pairs(marks),
            parse_constant=_marking(_refuse_constant, marks, _Refused),
            parse_int=_marking(_int_parser(limits), marks, _Refused),
            parse_float=_marking(_float, marks, _Refused),
        )
    except json.JSONDecodeError as exc:
        location = where(exc) if where else f"line {exc.lineno} column {exc.colno}"
        raise error.single(location, f"{label}: {exc.msg}", source=source) from None
    except RecursionError:
        raise _too_deep(limits, error, source, root) from None
    if marks or not _plainly_within(text, limits):
        check_document(document, limits=limits, error=error, source=source, root=root)
    return document


_T = TypeVar("_T")
_SURROGATE_ESCAPE: Final = re.compile(r"\\u[dD][89a-fA-F]")


def _marking(
    hook: Callable[[_T], object], marks: list[object], flagged: type
) -> Callable[[_T], object]:
    """*hook*, noting in *marks* every value of type *flagged* it returns (a problem to report)."""

    def marked(value: _T) -> object:
        result = hook(value)
        if type(result) is flagged:
            marks.append(result)
        return result

    return marked


def _marking_pairs(marks: list[object]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A pairs hook noting objects with a repeated key (`_marked`) in *marks*."""

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _marked(pairs, result)
        marks.append(marked)
        return marked

    return pairs_hook


def _plainly_within(text: str, limits: Limits) -> bool:
    """Whether the text alone shows the parsed document cannot break a limit of the walk.

    Why: the hooks of `json_document` already flag refused numbers and repeated keys, so the
    walk of `check_document` can only find depth, size and lone-surrogate problems. No
    nesting deeper than the text's count of opening brackets, no container with more items
    than the text has characters, and no lone surrogate without a raw one in the text or a
    ``\\uD800``-``\\uDFFF`` escape. Each test is conservative: a ``False`` means "walk".
    """
    return (
        len(text) <= limits.max_items
        and text.count("[") + text.count("{") <= limits.max_depth
        and _SURROGATE_ESCAPE.search(text) is None
        and _surrogate_at(text) is None
    )


def json_line(error: json.JSONDecodeError) -> str:
    """Where a JSON syntax error is, as ``line N`` (the form record and catalog errors use)."""
    return f"line {error.lineno}"


def _too_deep(limits: Limits, error: ErrorType, source: str | None, root: str) -> Exception:
    return error.single(root, f"nesting too deep ({_limit(limits, 'max_depth')})", source=source)


# -- the walk -------------------------------------------------------------------------------------


def check_document(
    document: object,
    *,
    limits: Limits = DEFAULT_LIMITS,
    error: ErrorType,
    source: str | None = None,
    root: str = "$",
) -> None:
    """Walk a parsed document without recursion and refuse what no loader should see.

    Depth, array and object sizes, duplicate keys, non-finite or refused numbers, integers
    with too many digits and strings holding lone surrogates, each with its path.
    """
    if _clean(document, limits):
        return
    problems: list[Problem] = []
    for problem in _problems(document, limits, root):
        problems.append(problem)
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        raise error(problems, source=source)


def _clean(document: object, limits: Limits) -> bool:
    """Whether `_problems` would find nothing, decided without building any path.

    Why: nearly every document is clean, and naming each node's path is most of the walk's
    cost. Strings are checked for lone surrogates in one encoding of their concatenation
    (joining never pairs two lone surrogates into a valid character). ``False`` only means
    "walk again with paths"; any type it does not know sends the document to that walk.
    """
    texts: list[str] = []
    bound = 10**limits.max_integer_digits
    depth, level = 1, [document]
    while level:
        # One level of the tree at a time: no (value, depth) pair per node.
        below = _level_clean(level, depth <= limits.max_depth, limits.max_items, bound, texts)
        if below is None:
            return False
        level, depth = below, depth + 1
    try:
        joined = "".join(texts)
    except TypeError:  # a key that is not a string: the walk with paths decides
        return False
    return _surrogate_at(joined) is None


def _level_clean(
    level: list[object], containers_allowed: bool, max_items: int, bound: int, texts: list[str]
) -> list[object] | None:
    """The level below *level*, its strings added to *texts*; ``None`` if unclean.

    *containers_allowed* is whether this level is within the depth limit; integers must stay
    below *bound*.
    """
    below: list[object] = []
    for value in level:
        kind = type(value)
        if kind is str:
            texts.append(value)  # type: ignore[arg-type]
        elif kind is dict or kind is list:
            if not containers_allowed or len(value) > max_items:  # type: ignore[arg-type]
                return None
            if kind is dict:
                texts += value  # type: ignore[arg-type]
                below += value.values()  # type: ignore[attr-defined]
            else:
                below += value  # type: ignore[arg-type]
        elif not _plain_scalar(value, kind, bound):
            return None
    return below


def _plain_scalar(value: object, kind: type, bound: int) -> bool:
    if kind is int:
        return abs(cast("int", value)) < bound
    if kind is float:
        return math.isfinite(cast("float", value))
    return kind is bool or value is None


def _problems(document: object, limits: Limits, root: str) -> Iterator[Problem]:
    stack: list[tuple[object, str, int]] = [(document, root, 1)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limits.max_depth:
                yield Problem(path, f"nesting too deep ({_limit(limits, 'max_depth')})")
                continue
            if len(value) > limits.max_items:
                yield Problem(path, f"{len(value)} items exceed {_limit(limits, 'max_items')}")
                continue
            yield from _container(value, path, depth, stack)
        else:
            problem = _scalar_problem(value, limits)
            if problem:
                yield Problem(path, problem)


def _container(
    value: dict[Any, Any] | list[Any],
    path: str,
    depth: int,
    stack: list[tuple[object, str, int]],
) -> Iterator[Problem]:
    if isinstance(value, list):
        stack.extend((item, step(path, index), depth + 1) for index, item in enumerate(value))
        return
    for key in getattr(value, "duplicates", ()):
        yield Problem(step(path, key), "key given twice (RFC 8259 › 4: names should be unique)")
    for key, item in value.items():
        if isinstance(key, str) and _surrogate_at(key) is not None:
            yield Problem(path, "a key holds a lone surrogate (not Unicode text)", key)
            continue
        stack.append((item, step(path, key), depth + 1))


def _scalar_problem(value: object, limits: Limits) -> str | None:
    if isinstance(value, str):
        at = _surrogate_at(value)
        return None if at is None else f"lone surrogate at character {at} (not Unicode text)"
    if isinstance(value, _Refused):
        return value.message
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and abs(value) >= 10**limits.max_integer_digits:
        return f"integer exceeds {_limit(limits, 'max_integer_digits')}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a JSON number (RFC 8259 › 6)"
    return None


def _surrogate_at(text: str) -> int | None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


# -- YAML -----------------------------------------------------------------------------------------


def yaml_document(
    text: str, *, limits: Limits = DEFAULT_LIMITS, error: ErrorType, source: str | None
) -> Any:
    """One YAML document (every scalar a string) under *limits*, or *error*.

    A syntax error names its line and column. PyYAML is imported here, on the first YAML
    document: JSON records, catalogs and ``psrt-core --version`` never pay for it.
    """
    from psrt_core.serialization._yaml_loader import load_bounded

    text = text_of(text, limits=limits, error=error, source=source)
    document = load_bounded(text, limits=limits, error=error, source=source)
    check_document(document, limits=limits, error=error, source=source)
    return document


# -- TOML -----------------------------------------------------------------------------------------


def toml_document(
    text: str | bytes,
    *,
    limits: Limits = DEFAULT_LIMITS,
    error: ErrorType,
    source: str | None,
    label: str = "not valid TOML",
) -> dict[str, Any]:
    """A TOML document under *limits*, or *error*.

    tomllib has no hooks: the size is checked on the text, the rest on the parsed tables
    (an integer beyond Python's own conversion limit fails inside tomllib and is reported
    as the same limit).
    """
    if sys.version_info >= (3, 11):  # imported here, on the first TOML document
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

    text = text_of(text, limits=limits, error=error, source=source)
    try:
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error.single("$", f"{label}: {exc}", source=source) from None
    except RecursionError:
        raise _too_deep(limits, error, source, "$") from None
    except ValueError:  # int() refusing thousands of digits
        message = f"an integer exceeds {_limit(limits, 'max_integer_digits')}"
        raise error.single("$", message, source=source) from None
    check_document(document, limits=limits, error=error, source=source)
    return document
