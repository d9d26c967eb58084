"""GitHub Security Advisories, credit facts and login rosters in and out.

Why here: the GHSA models live in the domain (`psrt_core.advisories`); reading JSON, TOML and
CSV is the edge's job. The GHSA converter is the advisory converter with the GHSA classes
registered by the same hook (`_register`), so unknown keys survive a load and dump the same
way as in OSV and CVE records.
"""

from __future__ import annotations

import csv
import functools
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import cattrs

from psrt_core.advisories import (
    CreditEntry,
    CreditLedger,
    CreditSource,
    CreditState,
    GhsaAdvisory,
    GhsaCredit,
    GhsaPackage,
    GhsaUser,
    GhsaVulnerability,
    parse_role,
)
from psrt_core.exceptions import InvalidInputError, InvalidRecordError, Problem
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._advisory_io import _register, make_advisory_converter
from psrt_core.serialization._converter import parse_datetime
from psrt_core.serialization._errors import _value_at, problems_from_cattrs
from psrt_core.serialization._reading import (
    check_document,
    json_document,
    json_line,
    text_of,
    toml_document,
)

__all__ = [
    "credit_facts_from_dict",
    "ghsa_from_dict",
    "ghsa_to_dict",
    "load_credit_facts",
    "load_ghsa",
    "load_login_roster",
    "login_roster_from_csv",
]

_GHSA_CLASSES: tuple[type, ...] = (
    GhsaUser,
    GhsaCredit,
    GhsaPackage,
    GhsaVulnerability,
    GhsaAdvisory,
)
_DATES = ("created_at", "updated_at", "published_at", "closed_at", "withdrawn_at")


@functools.cache
def _converter() -> cattrs.Converter:
    converter = make_advisory_converter()
    for cls in _GHSA_CLASSES:
        _register(converter, cls, {})
    return converter


def _date_problems(document: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for key in _DATES:
        value = document.get(key)
        if isinstance(value, str):
            try:
                parse_datetime(value)
            except ValueError:
                problems.append(Problem(f"$.{key}", "not an RFC 3339 timestamp", value))
    return problems


def ghsa_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> GhsaAdvisory:
    """A GHSA from GitHub's REST JSON (a repository security advisory).

    Raises `~psrt_core.exceptions.InvalidRecordError` listing every problem, each with its
    JSON path and value.
    """
    check_document(document, limits=limits, error=InvalidRecordError, source=source)
    if not isinstance(document, Mapping):
        raise InvalidRecordError.single(
            "$", "an advisory must be a JSON object", document, source=source
        )
    problems = _date_problems(document)
    try:
        advisory: GhsaAdvisory = _converter().structure(document, GhsaAdvisory)
    except RecursionError:
        raise InvalidRecordError.single("$", "nesting too deep", source=source) from None
    except Exception as exc:  # noqa: BLE001 - cattrs' grouped errors, each with its path
        found = problems_from_cattrs(exc)
        problems = [
            Problem(p.location, _friendly(p.message), _value_at(document, p.location, "$"))
            for p in found
        ] + problems
        raise InvalidRecordError(problems, source=source) from None
    if problems:
        raise InvalidRecordError(problems, source=source)
    return advisory


def _friendly(message: str) -> str:
    for name in ("GhsaState", "CreditState", "GhsaCreditType"):
        if message.endswith(f"expected {name}"):
            from psrt_core import advisories

            members = getattr(advisories, name)
            return "expected one of " + ", ".join(str(m.value) for m in members)
    return message.replace("psrt_core.advisories._ghsa.", "").replace(" | None", "")


def ghsa_to_dict(advisory: GhsaAdvisory) -> dict[str, Any]:
    """The advisory as GitHub's JSON again (unknown keys included)."""
    document: dict[str, Any] = _converter().unstructure(advisory)
    return document


def load_ghsa(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> GhsaAdvisory:
    """Read a GHSA JSON file.

    An OpenAPI example envelope (``{"value": {...}}``, as in GitHub's REST description) is
    unwrapped.
    """
    name = str(path)
    document = _read_json(Path(path), name, limits)
    if (
        isinstance(document, Mapping)
        and "ghsa_id" not in document
        and isinstance(document.get("value"), Mapping)
    ):
        document = document["value"]
    return ghsa_from_dict(document, source=name, limits=limits)


def _read_json(
    path: Path, name: str, limits: Limits, error: type[InvalidInputError] = InvalidRecordError
) -> Any:
    text = text_of(path.read_bytes(), limits=limits, error=error, source=name)
    return json_document(text, limits=limits, error=error, source=name, where=json_line)


# -- credit facts --------------------------------------------------------------------------------


def _fact(item: object, where: str, problems: list[Problem]) -> CreditEntry | None:
    if not isinstance(item, Mapping):
        problems.append(Problem(where, "must be an object with login or name, and role", item))
        return None
    login, name, role = item.get("login"), item.get("name"), item.get("role")
    if not (isinstance(login, str) and login) and not (isinstance(name, str) and name):
        problems.append(Problem(where, "needs a login or a name", dict(item)))
        return None
    try:
        kind = parse_role(role) if isinstance(role, str) else None
    except ValueError:
        kind = None
    if kind is None:
        problems.append(Problem(f"{where}.role", "is not a credit role", role))
        return None
    state = item.get("state", "accepted")
    if state not in {member.value for member in CreditState}:
        problems.append(Problem(f"{where}.state", "expected accepted, declined or pending", state))
        return None
    return CreditEntry(
        login=login if isinstance(login, str) and login else None,
        name=name if isinstance(name, str) and name else None,
        role=kind,
        source=CreditSource.FACTS,
        state=CreditState(state),
    )


def credit_facts_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> CreditLedger:
    """The coordinator's extra credits: ``{"credits": [{"login"|"name": ..., "role": ...}]}``.

    A role may be spelt as GHSA, CVE or OSV spell it; ``state`` defaults to ``accepted``.
    """
    check_document(document, limits=limits, error=InvalidInputError, source=source)
    items = document.get("credits") if isinstance(document, Mapping) else None
    if not isinstance(items, list):
        raise InvalidInputError.single("$.credits", "expected a list of credits", source=source)
    problems: list[Problem] = []
    entries = [_fact(item, f"$.credits[{index}]", problems) for index, item in enumerate(items)]
    if problems:
        raise InvalidInputError(problems, source=source)
    return CreditLedger(tuple(entry for entry in entries if entry is not None))


def load_credit_facts(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> CreditLedger:
    """Read a credits file: TOML (``[[credits]]`` tables) when it ends in ``.toml``, else JSON."""
    file = Path(path)
    return _credit_facts(file.read_bytes(), str(path), limits, toml=file.suffix == ".toml")


def credit_facts_from_text(
    text: str | bytes, *, source: str = "<stdin>", limits: Limits = DEFAULT_LIMITS
) -> CreditLedger:
    """A credits document with no file name to go by: JSON when it opens with ``{``, else TOML."""
    text = text_of(text, limits=limits, error=InvalidInputError, source=source)
    return _credit_facts(text, source, limits, toml=not text.lstrip().startswith("{"))


def _credit_facts(data: str | bytes, name: str, limits: Limits, *, toml: bool) -> CreditLedger:
    if toml:
        document: Any = toml_document(data, limits=limits, error=InvalidInputError, source=name)
    else:
        text = text_of(data, limits=limits, error=InvalidInputError, source=name)
        document = json_document(
            text, limits=limits, error=InvalidInputError, source=name, where=json_line
        )
    return credit_facts_from_dict(document, source=name, limits=limits)


# -- rosters -------------------------------------------------------------------------------------


def login_roster_from_csv(
    text: str, *, source: str = "psrt.csv", limits: Limits = DEFAULT_LIMITS
) -> dict[str, str]:
    """GitHub login -> name from the devguide's PSRT CSV (no header: ``name,github,notes``).

    Why a reader of its own: only the two columns matter here, and this keeps publication
    independent of the governance roster's model.
    """
    mapping: dict[str, str] = {}
    text = text_of(text, limits=limits, error=InvalidInputError, source=source)
    reader = csv.reader(io.StringIO(text, newline=""))
    for number, row in _rows(reader, source):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise InvalidInputError.single(
                f"line {number}", "expected name,github,notes", ",".join(row), source=source
            )
        name, login = row[0].strip(), row[1].strip()
        if login and name:
            mapping[login] = name
    return mapping


def _rows(reader: Any, source: str) -> Iterator[tuple[int, list[str]]]:
    """Numbered CSV rows; a field over ``csv.field_size_limit`` is a problem with its line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInputError.single(
                f"line {reader.line_num}", f"not CSV: {exc}", source=source
            ) from None
        yield reader.line_num, row


def load_login_roster(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> dict[str, str]:
    """A login -> name mapping from a devguide CSV, or a JSON object ``{"login": "Name"}``."""
    file = Path(path)
    return _login_roster(file.read_bytes(), str(path), limits, json=file.suffix == ".json")


def login_roster_from_text(
    text: str | bytes, *, source: str = "<stdin>", limits: Limits = DEFAULT_LIMITS
) -> dict[str, str]:
    """A roster with no file name to go by: JSON when it opens with ``{``, else devguide CSV."""
    text = text_of(text, limits=limits, error=InvalidInputError, source=source)
    return _login_roster(text, source, limits, json=text.lstrip().startswith("{"))


def _login_roster(data: str | bytes, name: str, limits: Limits, *, json: bool) -> dict[str, str]:
    text = text_of(data, limits=limits, error=InvalidInputError, source=name)
    if not json:
        return login_roster_from_csv(text, source=name, limits=limits)
    document = json_document(
        text, limits=limits, error=InvalidInputError, source=name, where=json_line
    )
    if not isinstance(document, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in document.items()
    ):
        raise InvalidInputError.single(
            "$", "expected an object of login: name strings", source=name
        )
    return dict(document)
