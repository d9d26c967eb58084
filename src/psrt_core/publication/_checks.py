"""Structural checks of emitted CVE JSON 5 and OSV documents, without a schema file.

Why: a user publishing a record should learn that a required field is missing before the CVE
Services or osv.dev reject it, with no JSON Schema file or validator installed. These checks
cover what the official schemas require of a published record (CVE JSON 5.1
``cnaPublishedContainer``, OSV 1.7 ``required``) and the PSRT's own rule that an embargoed
record carries its mark; they are not a full schema validation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from psrt_core.exceptions import Problem

__all__ = ["check_cve_record", "check_osv_record"]

#: CVE JSON 5.1 › problemTypes › descriptions › ``cweId``: ``^CWE-[1-9][0-9]*$``, 5-9 characters.
CWE_ID = re.compile(r"CWE-[1-9][0-9]{0,4}")


def _need(document: Mapping[str, Any], keys: Sequence[str], where: str) -> list[Problem]:
    return [Problem(f"{where}.{key}", "is required") for key in keys if key not in document]


def _objects(
    document: Mapping[str, Any], key: str, where: str, problems: list[Problem]
) -> list[tuple[str, Mapping[str, Any]]]:
    """The objects of the array at *key*, with their paths; problems for anything else."""
    value = document.get(key)
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        problems.append(Problem(f"{where}.{key}", "must be an array", value))
        return []
    found = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            found.append((f"{where}.{key}[{index}]", item))
        else:
            problems.append(Problem(f"{where}.{key}[{index}]", "must be an object", item))
    return found


def _object(
    document: Mapping[str, Any], key: str, where: str, problems: list[Problem]
) -> Mapping[str, Any] | None:
    """The object at *key* (``None`` when absent); a problem for anything else there."""
    value = document.get(key)
    if value is None or isinstance(value, Mapping):
        return value
    problems.append(Problem(f"{where}.{key}", "must be an object", value))
    return None


def _non_empty(document: Mapping[str, Any], key: str, where: str) -> list[Problem]:
    value = document.get(key)
    if isinstance(value, Sequence) and not isinstance(value, str) and not value:
        return [Problem(f"{where}.{key}", "must not be empty", [])]
    return []


def _check_product(where: str, product: Mapping[str, Any], problems: list[Problem]) -> None:
    named = ("vendor" in product and "product" in product) or (
        "collectionURL" in product and "packageName" in product
    )
    if not named:
        problems.append(
            Problem(where, "needs vendor and product, or collectionURL and packageName")
        )
    if "versions" not in product and "defaultStatus" not in product:
        problems.append(Problem(where, "needs versions or defaultStatus"))
    for path, entry in _objects(product, "versions", where, problems):
        problems.extend(_need(entry, ("version", "status"), path))
        if ("lessThan" in entry or "lessThanOrEqual" in entry) and "versionType" not in entry:
            problems.append(Problem(f"{path}.versionType", "is required in a range"))


def cwe_problems(cwe_ids: Sequence[str], where: str) -> list[Problem]:
    """A problem for each id that is not ``CWE-<number>`` (CVE JSON 5.1's ``cweId`` pattern)."""
    return [
        Problem(f"{where}[{index}]", "is not a CWE id (CWE-<number>, at most 9 characters)", cwe)
        for index, cwe in enumerate(cwe_ids)
        if not CWE_ID.fullmatch(cwe)
    ]


def _check_problem_type(where: str, item: Mapping[str, Any], problems: list[Problem]) -> None:
    for inner, description in _objects(item, "descriptions", where, problems):
        problems += _need(description, ("lang", "description"), inner)
        cwe = description.get("cweId")
        if cwe is not None and not (isinstance(cwe, str) and CWE_ID.fullmatch(cwe)):
            problems.append(Problem(f"{inner}.cweId", "is not a CWE id (CWE-<number>)", cwe))


def check_cve_record(document: Mapping[str, Any]) -> tuple[Problem, ...]:
    """The required fields a published CVE JSON 5 record lacks (empty: none).

    CVE JSON 5.1 › cveMetadataPublished (``cveId``, ``assignerOrgId``, ``state``) and
    cnaPublishedContainer (``providerMetadata.orgId``, ``descriptions``, ``affected``,
    ``references``, each non-empty), down to products, versions, credits and problem types.
    """
    problems = _need(document, ("dataType", "dataVersion", "cveMetadata", "containers"), "$")
    metadata = _object(document, "cveMetadata", "$", problems)
    if metadata is not None:
        problems += _need(metadata, ("cveId", "assignerOrgId", "state"), "$.cveMetadata")
    containers = _object(document, "containers", "$", problems)
    if containers is None:
        return tuple(problems)
    problems += _need(containers, ("cna",), "$.containers")
    cna = _object(containers, "cna", "$.containers", problems)
    if cna is None:
        return tuple(problems)
    where = "$.containers.cna"
    problems += _need(cna, ("providerMetadata", "descriptions", "affected", "references"), where)
    provider = cna.get("providerMetadata")
    if isinstance(provider, Mapping):
        problems += _need(provider, ("orgId",), f"{where}.providerMetadata")
    for key in ("descriptions", "affected", "references"):
        problems += _non_empty(cna, key, where)
    for path, item in _objects(cna, "descriptions", where, problems):
        problems += _need(item, ("lang", "value"), path)
    for path, item in _objects(cna, "references", where, problems):
        problems += _need(item, ("url",), path)
    for path, item in _objects(cna, "credits", where, problems):
        problems += _need(item, ("lang", "value"), path)
    for path, item in _objects(cna, "problemTypes", where, problems):
        _check_problem_type(path, item, problems)
    for path, item in _objects(cna, "affected", where, problems):
        _check_product(path, item, problems)
    return tuple(problems)


def check_osv_record(document: Mapping[str, Any]) -> tuple[Problem, ...]:
    """The required fields an OSV record lacks (empty: none).

    OSV 1.7 › required ``id`` and ``modified``; ranges need ``type`` and ``events`` (GIT
    ones a ``repo``); packages ``ecosystem`` and ``name``; references ``type`` and ``url``;
    credits ``name``.
    """
    problems = _need(document, ("id", "modified"), "$")
    for path, entry in _objects(document, "affected", "$", problems):
        package = entry.get("package")
        if isinstance(package, Mapping):
            problems += _need(package, ("ecosystem", "name"), f"{path}.package")
        for inner, item in _objects(entry, "ranges", path, problems):
            problems += _need(item, ("type", "events"), inner)
            problems += _non_empty(item, "events", inner)
            if item.get("type") == "GIT" and "repo" not in item:
                problems.append(Problem(f"{inner}.repo", "is required in a GIT range"))
    for path, item in _objects(document, "references", "$", problems):
        problems += _need(item, ("type", "url"), path)
    for path, item in _objects(document, "credits", "$", problems):
        problems += _need(item, ("name",), path)
    return tuple(problems)
