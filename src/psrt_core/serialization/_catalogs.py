"""Catalog documents: psrt-core's own JSON format, python-releases.toml, and the PEP 691 index API.

psrt-core's catalog format is also the ``psrt-core catalog --json`` output, so anything the CLI
prints can be read back as a catalog::

    {"format": "psrt-core/catalog-1", "product": "cpython", "scheme": "minor", "as_of": null,
     "branches": [{"name": "3.12", "status": "security", "first_release": "2023-10-02", ...}],
     "releases": [{"version": "3.12.0", "branch": "3.12", "date": "2023-10-02",
                   "prerelease": false, "yanked": false, "scheduled": false, ...}]}

``as_of`` is the date the statuses were derived for, or ``null`` when they are the statuses the
source recorded.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override
from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import InvalidVersion, Version

from psrt_core.exceptions import InvalidCatalogError, Problem
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.serialization._converter import make_converter, parse_datetime
from psrt_core.serialization._errors import problems_from_cattrs
from psrt_core.serialization._reading import check_document, toml_document
from psrt_core.versions import (
    CPYTHON,
    PRODUCTS,
    Branch,
    BranchScheme,
    BranchStatus,
    Catalog,
    Release,
)
from psrt_core.versions._catalog import catalog_problems

__all__ = [
    "CATALOG_FORMAT",
    "catalog_from_dict",
    "catalog_from_python_releases_toml",
    "catalog_from_simple_api",
    "catalog_to_dict",
]

CATALOG_FORMAT: Final = "psrt-core/catalog-1"


#: Strict scalars (``"false"`` is not ``False`` and ``3.10`` is not the branch ``"3.1"``): a
#: mistyped document is reported instead of misread.
_CONVERTER = make_converter(strict=True)
# A release's scheme is the catalog's (the document's top-level "scheme"), and its branch is
# derived from it; the per-release "branch" key is checked (`_build_catalog`), not read.
_CONVERTER.register_structure_hook(
    Release, make_dict_structure_fn(Release, _CONVERTER, scheme=override(omit=True))
)

_BRANCH_KEYS = (
    "name",
    "status",
    "first_release",
    "end_of_bugfix",
    "end_of_life",
    "feature_freeze",
    "start_of_development",
)


# -- psrt-core's own format ---------------------------------------------------------------------


def catalog_to_dict(catalog: Catalog, *, on: datetime.date | None = None) -> dict[str, Any]:
    """The catalog as a JSON-ready document; with *on*, statuses are those on that date."""
    branches = []
    for branch in catalog.branches:
        document = _CONVERTER.unstructure(branch)
        if on is not None:
            document["status"] = branch.status_on(on).value
        branches.append({key: document[key] for key in _BRANCH_KEYS})
    releases = [
        {
            "version": str(release.version),
            "branch": release.branch,
            "date": None if release.date is None else release.date.isoformat(),
            "prerelease": release.prerelease,
            "yanked": release.yanked,
            "scheduled": release.scheduled,
            "yanked_reason": release.yanked_reason,
            "note": release.note,
        }
        for release in catalog.releases
    ]
    return {
        "format": CATALOG_FORMAT,
        "product": catalog.product,
        "scheme": catalog.scheme.value,
        "as_of": None if on is None else on.isoformat(),
        "branches": branches,
        "releases": releases,
    }


def catalog_from_dict(
    document: object, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> Catalog:
    """Read a catalog document written by `catalog_to_dict` (or ``psrt-core catalog --json``)."""
    check_document(document, limits=limits, error=InvalidCatalogError, source=source)
    _check_versions(document, limits, source)
    if not isinstance(document, Mapping):
        raise InvalidCatalogError.single("$", "expected a JSON object", document, source=source)
    problems: list[Problem] = []
    fmt = document.get("format", CATALOG_FORMAT)
    if fmt != CATALOG_FORMAT:
        problems.append(Problem("$.format", f"unsupported format, expected {CATALOG_FORMAT}", fmt))
    product = document.get("product")
    if not isinstance(product, str) or not product:
        problems.append(Problem("$.product", "expected a non-empty string", product))
    known = PRODUCTS.get(product) if isinstance(product, str) else None
    default = known.scheme if known is not None else BranchScheme.MAJOR
    scheme_value = document.get("scheme", default.value)
    try:
        scheme = BranchScheme(scheme_value)
    except ValueError:
        problems.append(Problem("$.scheme", "expected 'minor' or 'major'", scheme_value))
        scheme = BranchScheme.MINOR
    branches = _structure_list(document, "branches", Branch, problems)
    releases = _structure_list(document, "releases", Release, problems)
    if scheme is not BranchScheme.MINOR:
        releases = [attrs.evolve(release, scheme=scheme) for release in releases]
    written = _written_branches(document.get("releases"), problems)
    if problems:
        raise InvalidCatalogError(problems, source=source)
    return _build_catalog(str(product), releases, branches, scheme, source, written=written)


def _check_versions(document: object, limits: Limits, source: str | None) -> None:
    """Refuse a release version longer than ``max_version_length`` before parsing it."""
    releases = document.get("releases") if isinstance(document, Mapping) else None
    for index, release in enumerate(releases if isinstance(releases, list) else ()):
        version = release.get("version") if isinstance(release, Mapping) else None
        if isinstance(version, str) and len(version) > limits.max_version_length:
            message = (
                f"version string of {len(version)} characters exceeds "
                f"max_version_length={limits.max_version_length}"
            )
            raise InvalidCatalogError.single(f"$.releases[{index}].version", message, source=source)


def _written_branches(items: object, problems: list[Problem]) -> list[str]:
    """Each release's ``"branch"`` as written: required and a string.

    It is checked against the derived branch once the releases are known (`_build_catalog`).
    """
    if not isinstance(items, list):
        return []  # `_structure_list` reports it
    written = []
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue  # the release's own structuring reports it
        branch = item.get("branch", Problem.NO_VALUE)
        where = f"$.releases[{index}].branch"
        if branch is Problem.NO_VALUE:
            problems.append(Problem(where, "required field missing"))
        elif not isinstance(branch, str):
            problems.append(Problem(where, "invalid value for type, expected str", branch))
        else:
            written.append(branch)
    return written


def _structure_list(
    document: Mapping[str, Any], key: str, type_: type[Any], problems: list[Problem]
) -> list[Any]:
    items = document.get(key)
    if not isinstance(items, list):
        problems.append(Problem(f"$.{key}", "expected a list", items))
        return []
    try:
        return list(_CONVERTER.structure(items, list[type_]))  # type: ignore[valid-type]
    except (cattrs.BaseValidationError, ValueError, TypeError) as exc:
        problems.extend(problems_from_cattrs(exc, items, root=f"$.{key}"))
        return []


def _build_catalog(
    product: str,
    releases: Sequence[Release],
    branches: Sequence[Branch],
    scheme: BranchScheme,
    source: str | None,
    *,
    written: Sequence[str] | None = None,
) -> Catalog:
    """The catalog, checked first in the document's own order so locations point into it.

    *written* are the branches the document names per release (psrt-core's own format writes
    them for its readers); each must be the one the version maps to under *scheme*.
    """
    wrong = {
        index: Problem(
            f"releases[{index}].branch",
            f"release {release.version} belongs to branch {release.branch}",
            branch,
        )
        for index, (release, branch) in enumerate(zip(releases, written or (), strict=False))
        if branch != release.branch
    }
    problems = [
        problem
        for problem in catalog_problems(releases, branches, scheme)
        if _position(problem.location) not in {("releases", i, "branch") for i in wrong}
    ]
    problems = sorted([*problems, *wrong.values()], key=lambda p: _position(p.location)[:2])
    if problems:
        located = [Problem(f"$.{p.location}", p.message, p.value) for p in problems]
        raise InvalidCatalogError(located, source=source)
    return Catalog(product, tuple(releases), tuple(branches), scheme)


_LOCATION = re.compile(r"(\w+)\[(\d+)\]\.(\w+)")


def _position(location: str) -> tuple[str, int, str]:
    """``releases[3].branch`` -> ``("releases", 3, "branch")``, to order problems as written."""
    match = _LOCATION.fullmatch(location)
    assert match is not None  # every catalog problem is located this way
    return match[1], int(match[2]), match[3]


# -- python-releases.toml (python/peps release_management) -------------------------------------

_STAGE = re.compile(
    r"^(?P<release>\d+(?:\.\d+)*)(?:\s+(?P<kind>alpha|beta|candidate|final)(?:\s+(?P<number>\d+))?)?$"
)
_PRE: Final = {"alpha": "a", "beta": "b", "candidate": "rc"}


def _parse_stage(stage: str) -> Version:
    """``"3.9.0 beta 3"`` -> 3.9.0b3; ``"3.13.5"`` and ``"3.8.5 final"`` -> the release."""
    match = _STAGE.match(stage.strip())
    if match is None:
        msg = "expected 'X.Y.Z', 'X.Y.Z final' or 'X.Y.Z alpha|beta|candidate N'"
        raise ValueError(msg)
    kind, number = match["kind"], match["number"]
    if kind in _PRE:
        if number is None:
            msg = f"a {kind} stage needs a number"
            raise ValueError(msg)
        return Version(f"{match['release']}{_PRE[kind]}{number}")
    if number is not None:
        msg = "a final stage takes no number"
        raise ValueError(msg)
    return Version(match["release"])


def catalog_from_python_releases_toml(
    text: str | bytes,
    *,
    source: str | None = "python-releases.toml",
    limits: Limits = DEFAULT_LIMITS,
) -> Catalog:
    """Read CPython's release history from python/peps' ``python-releases.toml``.

    Every release is kept: ``state = "expected"`` ones become scheduled releases. Dates are kept
    as published, including the few impossible ones, and never used for ordering.
    """
    document = toml_document(text, limits=limits, error=InvalidCatalogError, source=source)
    problems: list[Problem] = []
    metadata = document.get("metadata")
    branches = _toml_branches(metadata, problems)
    known = set(metadata) if isinstance(metadata, Mapping) else None
    releases = _toml_releases(document.get("release"), known, problems)
    if problems:
        raise InvalidCatalogError(problems, source=source)
    return _build_catalog(CPYTHON.name, releases, branches, CPYTHON.scheme, source)


def _toml_branches(metadata: object, problems: list[Problem]) -> list[Branch]:
    if not isinstance(metadata, Mapping):
        problems.append(Problem("$.metadata", "expected a table of branches", metadata))
        return []
    branches = []
    for name, table in metadata.items():
        where = f"$.metadata['{name}']"
        if not isinstance(table, Mapping):
            problems.append(Problem(where, "expected a table", table))
            continue
        status: BranchStatus | None = None
        try:
            status = BranchStatus(table.get("status"))
        except ValueError:
            problems.append(Problem(f"{where}.status", "unknown status", table.get("status")))
        dates: dict[str, datetime.date | None] = {}
        for key in (
            "first-release",
            "end-of-bugfix",
            "end-of-life",
            "feature-freeze",
            "start-of-development",
        ):
            value = table.get(key)
            if value is not None and not isinstance(value, datetime.date):
                problems.append(Problem(f"{where}.{key}", "expected a TOML date", value))
                value = None
            dates[key.replace("-", "_")] = value
        try:
            branch = Branch(name=name, status=status or BranchStatus.FEATURE, **dates)
        except ValueError:
            problems.append(Problem(where, "expected a numeric branch name like '3.12'", name))
            continue
        branches.append(branch)
    return branches


def _toml_releases(
    tables: object, known: set[str] | None, problems: list[Problem]
) -> list[Release]:
    if not isinstance(tables, Mapping):
        problems.append(Problem("$.release", "expected a table of release lists", tables))
        return []
    releases = []
    seen: dict[Version, str] = {}
    for branch, items in tables.items():
        if not isinstance(items, list):
            problems.append(Problem(f"$.release['{branch}']", "expected an array of tables", items))
            continue
        if known is not None and branch not in known:
            problems.append(Problem(f"$.release['{branch}']", "has no metadata table", branch))
            continue
        for index, item in enumerate(items):
            where = f"$.release['{branch}'][{index}]"
            if not isinstance(item, Mapping):
                problems.append(Problem(where, "expected a table", item))
                continue
            release = _toml_release(item, branch, where, problems)
            if release is None:
                continue
            if release.version in seen:
                problems.append(
                    Problem(f"{where}.stage", f"duplicates {seen[release.version]}", item["stage"])
                )
                continue
            seen[release.version] = where
            releases.append(release)
    return releases


def _toml_release(
    item: Mapping[str, Any], branch: str, where: str, problems: list[Problem]
) -> Release | None:
    """One ``[[release."X.Y"]]`` table, or ``None`` after recording all of its problems."""
    found = len(problems)
    stage = item.get("stage")
    version: Version | None = None
    if not isinstance(stage, str):
        problems.append(Problem(f"{where}.stage", "expected a string", stage))
    else:
        try:
            version = _parse_stage(stage)
        except (ValueError, InvalidVersion) as exc:
            problems.append(Problem(f"{where}.stage", str(exc), stage))
    if version is not None and BranchScheme.MINOR.branch_of(version) != branch:
        message = f"release {version} is not on branch {branch}"
        problems.append(Problem(f"{where}.stage", message, stage))
    state = item.get("state")
    if state not in ("actual", "expected"):
        problems.append(Problem(f"{where}.state", "expected 'actual' or 'expected'", state))
    date = item.get("date")
    if date is not None and not isinstance(date, datetime.date):
        problems.append(Problem(f"{where}.date", "expected a TOML date", date))
    note = item.get("note")
    if note is not None and not isinstance(note, str):
        problems.append(Problem(f"{where}.note", "expected a string", note))
    if version is None or len(problems) > found:
        return None
    return Release(version, BranchScheme.MINOR, date=date, scheduled=state == "expected", note=note)


# -- the package index's JSON simple API (PEP 691, PEP 700, PEP 592) ----------------------------


def catalog_from_simple_api(
    document: object,
    *,
    project: str | None = None,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Catalog:
    """Read a project's releases from its PEP 691 JSON simple-API page.

    A release's date is the UTC date of its earliest file upload (PEP 700 ``upload-time``); it is
    yanked when every one of its files is yanked (PEP 592), with the first reason given. A branch
    is a major version; a branch reaches end of life when the next major is first released,
    because pip supports only its newest release. Yanked and pre-releases are all kept. Versions
    come from the file names (wheels, sdists, legacy eggs); a version that PEP 700's
    ``versions`` list names without any file is left out, since nothing of it can be installed.
    """
    check_document(document, limits=limits, error=InvalidCatalogError, source=source)
    if not isinstance(document, Mapping):
        raise InvalidCatalogError.single("$", "expected a JSON object", document, source=source)
    name = project or document.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidCatalogError.single("$.name", "expected the project name", name, source=source)
    files = document.get("files")
    if not isinstance(files, list):
        raise InvalidCatalogError.single("$.files", "expected a list", files, source=source)
    problems: list[Problem] = []
    uploads: dict[Version, list[datetime.datetime]] = defaultdict(list)
    yanks: dict[Version, list[object]] = defaultdict(list)
    for index, file in enumerate(files):
        where = f"$.files[{index}]"
        if not isinstance(file, Mapping):
            problems.append(Problem(where, "expected an object", file))
            continue
        filename = file.get("filename", Problem.NO_VALUE)
        if not isinstance(filename, str):
            problems.append(Problem(f"{where}.filename", "expected a file name", filename))
            continue
        version = _version_of_file(filename, name)
        if version is None:
            problems.append(Problem(f"{where}.filename", "cannot tell the version", filename))
            continue
        upload_time = file.get("upload-time")
        if upload_time is not None:
            try:
                uploads[version].append(parse_datetime(upload_time))
            except (TypeError, ValueError):
                problems.append(
                    Problem(f"{where}.upload-time", "expected an RFC 3339 timestamp", upload_time)
                )
        else:
            uploads.setdefault(version, [])
        yanks[version].append(file.get("yanked", False))
    if problems:
        raise InvalidCatalogError(problems, source=source)
    releases = []
    for version, times in uploads.items():
        marks = yanks[version]
        yanked = bool(marks) and all(mark not in (False, None) for mark in marks)
        reasons = [mark for mark in marks if isinstance(mark, str) and mark]
        first = min(times).astimezone(datetime.timezone.utc).date() if times else None
        releases.append(
            Release(
                version,
                BranchScheme.MAJOR,
                date=first,
                yanked=yanked,
                yanked_reason=reasons[0] if yanked and reasons else None,
            )
        )
    catalog_name = canonicalize_name(name)
    return _build_catalog(
        catalog_name, releases, major_branches(releases), BranchScheme.MAJOR, source
    )


def _version_of_file(filename: str, project: str) -> Version | None:
    try:
        return parse_wheel_filename(filename)[1]
    except (InvalidWheelFilename, InvalidVersion):
        pass
    try:
        return parse_sdist_filename(filename)[1]
    except (InvalidSdistFilename, InvalidVersion):
        pass
    # Eggs and installers: "<name>-<version>-<tags>" or "<name>-<version>.<ext>".
    match = _LEGACY_FILE.match(filename)
    if match is None or canonicalize_name(match["name"]) != canonicalize_name(project):
        return None
    try:
        return Version(match["version"])
    except InvalidVersion:
        return None


_LEGACY_FILE = re.compile(
    r"^(?P<name>.+?)-(?P<version>[^-]+?)(?:-.*|\.(?:tar\.gz|tar\.bz2|tgz|zip|egg|exe|msi))$",
    re.IGNORECASE,
)


def major_branches(releases: Sequence[Release]) -> list[Branch]:
    """One branch per major version; each ends its life when the next one is first released."""
    by_branch: dict[str, list[Release]] = defaultdict(list)
    for release in releases:
        by_branch[release.branch].append(release)
    names = sorted(by_branch, key=int)
    firsts: dict[str, datetime.date | None] = {}
    for name in names:
        finals = sorted(
            (r for r in by_branch[name] if not r.prerelease), key=lambda r: r.version
        ) or sorted(by_branch[name], key=lambda r: r.version)
        firsts[name] = finals[0].date
    branches = []
    for position, name in enumerate(names):
        successor = names[position + 1] if position + 1 < len(names) else None
        end = firsts[successor] if successor is not None else None
        branches.append(
            Branch(
                name=name,
                status=BranchStatus.END_OF_LIFE if successor is not None else BranchStatus.BUGFIX,
                first_release=firsts[name],
                end_of_bugfix=end,
                end_of_life=end,
            )
        )
    return branches
