"""Commit maps out: which commits a record needs, what release tags mean, and the text layout.

Why here: building a map needs git, which only the CLI runs; what a record's commits are, which
catalog release a tag names and how the file is spelled are pure, so they are tested without a
repository and any other builder (a CI job, a script) gets the same file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

import attrs
from packaging.version import Version

from psrt_core.advisories import (
    Advisory,
    CommitMap,
    OsvRecord,
    RangeType,
    ReferenceType,
)
from psrt_core.advisories._advisory import normalize_repo
from psrt_core.exceptions import InvalidRecordError, InvalidVersionError, Problem
from psrt_core.versions import BranchScheme, Catalog, Product, VersionLike, parse_version

__all__ = [
    "COMMIT_MAP_HEADER",
    "TagReleases",
    "commit_map_to_text",
    "record_commits",
    "release_of_tag",
    "releases_of_tags",
]

COMMIT_MAP_HEADER = (
    "# psrt-core commit map: a commit hash on its own line, then the releases whose tags",
    "# contain it, one branch per indented line. Read by `psrt-core affected --commit-map`.",
)
"""The comment lines `commit_map_to_text` starts every map with."""

_HASH = re.compile(r"[0-9a-f]{7,64}\Z")
_COMMIT_URL = re.compile(r"^(?P<repo>.+)/commit/(?P<sha>[0-9a-fA-F]{7,64})/?$")


# -- which commits a record names ----------------------------------------------------------------


def record_commits(advisory: Advisory, product: Product) -> tuple[str, ...]:
    """The commits of *product*'s repository that *advisory* names, lower-case, first seen first.

    From OSV: every ``introduced`` (but ``0``), ``fixed``, ``last_affected`` and ``limit`` event
    of a GIT range whose ``repo`` is the product's repository, then ``FIX`` references that are
    commit URLs of that repository. From CVE JSON 5: ``patch``-tagged commit URLs. URL hashes
    may be abbreviated; the builder resolves them to full ones.
    """
    repo = normalize_repo(product.repository)
    found: dict[str, None] = {}
    record = advisory.record
    if isinstance(record, OsvRecord):
        for entry in record.affected or ():
            for item in entry.ranges or ():
                if item.type is RangeType.GIT and normalize_repo(item.repo or "") == repo:
                    for event in item.events:
                        _add_hash(found, event.value)
        for reference in record.references or ():
            if reference.type is ReferenceType.FIX:
                _add_url(found, reference.url, repo)
    else:  # a CveRecord: an advisory holds one of the two
        for cve_reference in record.containers.cna.references or ():
            if "patch" in (cve_reference.tags or ()):
                _add_url(found, cve_reference.url, repo)
    return tuple(found)


def _add_hash(found: dict[str, None], value: str) -> None:
    text = value.strip().lower()
    if _HASH.match(text):  # "0" and "*" are not commits
        found.setdefault(text, None)


def _add_url(found: dict[str, None], url: str, repo: str) -> None:
    match = _COMMIT_URL.match(url.strip())
    if match and normalize_repo(match["repo"]) == repo:
        _add_hash(found, match["sha"])


# -- release tags --------------------------------------------------------------------------------


@attrs.frozen
class TagReleases:
    """Tags read against a catalog: the releases they name (ascending) and the other tags."""

    versions: tuple[Version, ...]
    ignored: tuple[str, ...]


def release_of_tag(tag: str, catalog: Catalog) -> Version | None:
    """The catalog release *tag* names, or ``None`` when it names none.

    A tag names a release when, after one leading ``v`` or ``V`` is dropped, it is a PEP 440
    version equal to a release of *catalog*, scheduled ones included (a tag means it happened):
    ``v3.12.1``, ``v3.13.0rc2``, pip's ``24.0``. ``v3.0`` names ``3.0`` (PEP 440 equality);
    ``legacy-trunk`` or ``v3.12.1+local`` name none. The catalog's own spelling is returned.
    """
    text = tag.strip()
    if text[:1] in ("v", "V"):
        text = text[1:]
    if not text[:1].isdigit():  # packaging would also accept "v3.12.1" and " 3.12"
        return None
    version = parse_version(text)
    if version is None or version not in catalog:
        return None
    return catalog.release(version).version


def releases_of_tags(tags: Iterable[str], catalog: Catalog) -> TagReleases:
    """Map *tags* (``git tag --contains`` output) to catalog releases; keep the rest apart."""
    versions: set[Version] = set()
    ignored: dict[str, None] = {}
    for tag in tags:
        version = release_of_tag(tag, catalog)
        if version is None:
            ignored.setdefault(tag.strip(), None)
        else:
            versions.add(version)
    return TagReleases(tuple(sorted(versions)), tuple(sorted(ignored)))


# -- the text layout -----------------------------------------------------------------------------


def commit_map_to_text(
    mapping: Mapping[str, Iterable[VersionLike]],
    *,
    scheme: BranchScheme | None = None,
    missing: Iterable[str] = (),
) -> str:
    """The text layout `commit_map_from_text` reads back into the same commit map.

    ``COMMIT_MAP_HEADER``, then each commit (lower-case, sorted) on its own line and beneath
    it, indented four spaces, its versions in PEP 440 order, one line per branch under
    *scheme* (default: a `~psrt_core.advisories.CommitMap`'s own, else ``major.minor``). A
    commit with no versions is in no release. *missing* commits (not in the repository) become
    ``# missing: <hash>`` comments, so that a reader knows nothing of them and evaluates what
    they decide as unknown.
    """
    if scheme is None:
        scheme = mapping.scheme if isinstance(mapping, CommitMap) else BranchScheme.MINOR
    problems: list[Problem] = []
    entries: dict[str, tuple[Version, ...]] = {}
    for commit, values in mapping.items():
        key = commit.strip().lower()
        if not _HASH.match(key):
            problems.append(Problem(f"$[{json.dumps(commit)}]", "not a commit hash", commit))
            continue
        entries[key] = tuple(sorted({_version(value) for value in values}))
    if problems:
        raise InvalidRecordError(problems, source="commit map")
    lines = list(COMMIT_MAP_HEADER)
    for commit, versions in sorted(entries.items()):
        lines.append(commit)
        lines.extend(f"    {' '.join(row)}" for row in _by_branch(versions, scheme))
    gone = sorted({commit.strip().lower() for commit in missing} - set(entries))
    if gone:
        lines.append("# not in the repository (what they decide evaluates as unknown):")
        lines.extend(f"# missing: {commit}" for commit in gone)
    return "\n".join(lines) + "\n"


def _version(value: VersionLike) -> Version:
    version = parse_version(value)
    if version is None:
        raise InvalidVersionError(value)
    return version


def _by_branch(versions: tuple[Version, ...], scheme: BranchScheme) -> list[list[str]]:
    rows: dict[str, list[str]] = {}
    for version in versions:
        rows.setdefault(scheme.branch_of(version), []).append(str(version))
    return list(rows.values())
