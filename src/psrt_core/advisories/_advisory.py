"""`Advisory`: one view over an OSV or a CVE JSON 5 record, and the product it is about.

Why a wrapper: the record classes stay faithful to their wire format (what makes the round
trip lossless), while callers ask format-neutral questions: which product, which versions.
Evaluation is a function of the record, a catalog and an optional commit map: the caller
(the CLI, or ``psrt_core.serialization.bundled_catalog``) chooses the catalog; the advisory
stores no callback into the edge.
"""

from __future__ import annotations

import functools
import re

import attrs
from packaging.version import Version

from psrt_core.advisories._commits import CommitMap
from psrt_core.advisories._cve import CnaContainer, CveProduct, CveRecord, Status
from psrt_core.advisories._evaluation import Evaluation, evaluate_cve_product, osv_entry_result
from psrt_core.advisories._json import JsonMap
from psrt_core.advisories._osv import OsvAffected, OsvRecord, RangeType, SeverityScore, SeverityType
from psrt_core.advisories._platforms import entry_platforms, normalized, platform_applies
from psrt_core.exceptions import InvalidVersionError
from psrt_core.versions import (
    CPYTHON,
    PRODUCTS,
    BranchScheme,
    Catalog,
    Product,
    Release,
    VersionLike,
    VersionSet,
    parse_version,
)

__all__ = [
    "Advisory",
    "cve_product_name",
    "cve_severities",
    "normalize_name",
    "normalize_repo",
    "osv_entry_product",
    "user_version",
]


def user_version(value: VersionLike | Release) -> Version:
    """A version a user asked about, or `~psrt_core.exceptions.InvalidVersionError`.

    Why apart from the record side: a record may name ``0.7.10p1`` (then it is unknown unless
    listed), but ``3.12.O`` typed by a user is a typo, and answering it would be a guess.
    """
    if isinstance(value, Release):
        return value.version
    parsed = parse_version(value)
    if parsed is None:
        raise InvalidVersionError(value)
    return parsed


_NAME_SEPARATORS = re.compile(r"[-_.]+")


def normalize_name(name: str) -> str:
    """The PEP 503 normalised project name (``Foo_Bar`` -> ``foo-bar``).

    PEP 503 › Normalized Names: runs of ``-``, ``_`` and ``.`` become one ``-``, then lower
    case. Written here rather than imported from ``packaging.utils``, whose import loads its
    wheel-tag machinery (logging, subprocess, sysconfig), a large share of the CLI's start.
    """
    return _NAME_SEPARATORS.sub("-", name).lower()


@functools.lru_cache(maxsize=1024)
def normalize_repo(url: str) -> str:
    """A repository URL reduced for comparison (scheme, ``www.``, ``.git`` and ``/`` dropped)."""
    text = url.strip().lower()
    text = re.sub(r"^(https?|git)://(www\.)?", "", text)
    if text.startswith("git@github.com:"):
        text = "github.com/" + text.removeprefix("git@github.com:")
    text = text.rstrip("/")
    return text.removesuffix(".git")


_CPYTHON_REPO = normalize_repo(CPYTHON.repository)


def osv_entry_product(entry: OsvAffected) -> str | None:
    """The product an OSV ``affected[]`` entry is about.

    A PyPI package gives its normalised name (``pip`` among them); an entry without a package
    whose GIT range is on python/cpython is CPython, which has no OSV ecosystem.
    """
    if entry.package is not None:
        if entry.package.ecosystem.split(":")[0] == "PyPI":
            return normalize_name(entry.package.name)
        return None
    for item in entry.ranges or ():
        if item.type is RangeType.GIT and item.repo and normalize_repo(item.repo) == _CPYTHON_REPO:
            return CPYTHON.name
    return None


_CVSS_KEYS = (
    ("cvssV4_0", SeverityType.CVSS_V4),
    ("cvssV3_1", SeverityType.CVSS_V3),
    ("cvssV3_0", SeverityType.CVSS_V3),
    ("cvssV2_0", SeverityType.CVSS_V2),
)


def cve_severities(cna: CnaContainer) -> tuple[SeverityScore, ...]:
    """CVSS vectors from a CNA's ``metrics`` (newest CVSS version first, one per version)."""
    found: list[SeverityScore] = []
    seen: set[SeverityType] = set()
    for metric in cna.metrics or ():
        for key, kind in _CVSS_KEYS:
            block = metric.get(key)
            vector = block.get("vectorString") if isinstance(block, JsonMap) else None
            if isinstance(vector, str) and kind not in seen:
                seen.add(kind)
                found.append(SeverityScore(kind, vector))
    return tuple(found)


def cve_product_name(product: CveProduct) -> str | None:
    """The product a CVE ``affected[]`` entry is about: CPython, or a normalised PyPI name.

    A known `~psrt_core.versions.Product` is recognised by its CVE product name or repository;
    any other entry by its ``packageName``.
    """
    named = (product.product or "").strip().lower()
    repo = normalize_repo(product.repo) if product.repo is not None else None
    for known in PRODUCTS.values():
        if known.ecosystem is None and (
            named == known.cve_product.lower() or repo == normalize_repo(known.repository)
        ):
            return known.name
    if product.package_name:
        return normalize_name(product.package_name)
    for known in PRODUCTS.values():
        if named == known.cve_product.lower():
            return known.name
    return None


@attrs.frozen
class Advisory:
    """An OSV or CVE JSON 5 record and the questions asked of it.

    Questions about releases take the catalog as an argument (``None``: the versions the
    record names), so an advisory is just its record.
    """

    record: OsvRecord | CveRecord
    # The record is immutable, so its evaluation without a commit map is computed once.
    _evaluation: Evaluation | None = attrs.field(default=None, init=False, eq=False, repr=False)

    @property
    def format(self) -> str:
        """``"osv"`` or ``"cve"``."""
        return "osv" if isinstance(self.record, OsvRecord) else "cve"

    @property
    def id(self) -> str:
        """The record's id (``PSF-2024-4``, ``CVE-2024-6232``)."""
        if isinstance(self.record, OsvRecord):
            return self.record.id
        return self.record.cve_metadata.cve_id

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other ids of the same vulnerability (a CVE record has none of its own)."""
        if isinstance(self.record, OsvRecord):
            return self.record.aliases or ()
        return ()

    @property
    def summary(self) -> str | None:
        """OSV ``summary``, or the CVE CNA ``title``."""
        if isinstance(self.record, OsvRecord):
            return self.record.summary
        return self.record.containers.cna.title

    @property
    def modified(self) -> str | None:
        """When the record last changed, as the record spells it."""
        if isinstance(self.record, OsvRecord):
            return self.record.modified
        return self.record.cve_metadata.date_updated

    @property
    def withdrawn(self) -> bool:
        """Whether the record is withdrawn (OSV ``withdrawn``) or rejected (CVE ``REJECTED``).

        OSV 1.7 › withdrawn: the entry is no longer valid; CVE 5 › cveMetadata.state:
        ``REJECTED`` records are not vulnerabilities. Either way it should not be reported.
        """
        if isinstance(self.record, OsvRecord):
            return self.record.withdrawn is not None
        return self.record.cve_metadata.state.upper() == "REJECTED"

    @property
    def withdrawn_at(self) -> str | None:
        """When it was withdrawn or rejected, as the record spells it (``None`` if unknown).

        OSV ``withdrawn``; CVE ``cveMetadata.dateRejected``, else ``dateUpdated``.
        """
        if isinstance(self.record, OsvRecord):
            return self.record.withdrawn
        if not self.withdrawn:
            return None
        metadata = self.record.cve_metadata
        return metadata.date_rejected or metadata.date_updated

    @property
    def cwe_ids(self) -> tuple[str, ...]:
        """CWE ids (OSV ``database_specific.cwe_ids``, CVE ``problemTypes``)."""
        if isinstance(self.record, OsvRecord):
            return self.record.cwe_ids
        return self.record.containers.cna.cwe_ids

    @property
    def severity(self) -> tuple[SeverityScore, ...]:
        """The severity vectors (OSV top-level then per-entry ``severity``, or CNA metrics)."""
        if isinstance(self.record, OsvRecord):
            found = list(self.record.severity or ())
            for entry in self.record.affected or ():
                found.extend(score for score in entry.severity or () if score not in found)
            return tuple(found)
        return cve_severities(self.record.containers.cna)

    @property
    def product_name(self) -> str | None:
        """``"cpython"``, ``"pip"``, another normalised PyPI name, or ``None`` if unknown.

        The first affected entry with a recognised product decides.
        """
        for name in self._entry_products():
            if name is not None:
                return name
        return None

    @property
    def product(self) -> Product | None:
        """The known `~psrt_core.versions.Product` the record is about, or ``None``.

        One of ``psrt_core.versions.CPYTHON`` and ``PIP``; ``None`` also for a
        PyPI package psrt-core knows no product for (`product_name` still names it).
        """
        name = self.product_name
        return PRODUCTS.get(name) if name is not None else None

    def _entry_products(self) -> list[str | None]:
        if isinstance(self.record, OsvRecord):
            return [osv_entry_product(entry) for entry in self.record.affected or ()]
        return [cve_product_name(item) for item in self.record.containers.cna.affected or ()]

    @property
    def platforms(self) -> frozenset[str] | None:
        """The normalised platforms the record's entries about `product` name (``None``: all).

        CVE ``affected[].platforms``; OSV ``ecosystem_specific``/``database_specific``
        ``platforms`` (see `psrt_core.advisories.normalize_platform`). One entry without a
        list makes it every platform.
        """
        found: set[str] = set()
        for _, platforms, _ in self._entries():
            if platforms is None:
                return None
            found |= platforms
        return frozenset(found) or None

    def _entries(self) -> list[tuple[int, frozenset[str] | None, OsvAffected | CveProduct]]:
        """The entries about `product`: their index, platforms and content."""
        names = self._entry_products()
        product = next((name for name in names if name is not None), None)  # `product_name`
        pairs: list[tuple[frozenset[str] | None, OsvAffected | CveProduct]]
        if isinstance(self.record, OsvRecord):
            pairs = [(entry_platforms(entry), entry) for entry in self.record.affected or ()]
        else:
            cna = self.record.containers.cna
            pairs = [(normalized(item.platforms), item) for item in cna.affected or ()]
        result: list[tuple[int, frozenset[str] | None, OsvAffected | CveProduct]] = []
        for index, (platforms, item) in enumerate(pairs):
            if names[index] == product:
                result.append((index, platforms, item))
        return result

    def evaluate(
        self, *, commit_map: CommitMap | None = None, platform: str | None = None
    ) -> Evaluation:
        """The exact affected and unknown sets for `product` (entries about it only).

        With *platform* (``"linux"``, ``"Windows"``, ...), only the entries whose platforms
        cover it count: the record is unaffected on a platform it excludes. Without it the
        answer is about every platform the record names (``Evaluation.platforms``). Without a
        commit map or platform the result is cached: `status` and `affected_versions` in a
        loop cost one evaluation, not one per call.
        """
        if commit_map is not None or platform is not None:
            return self._evaluate(commit_map, platform)
        cached = self._evaluation
        if cached is None:
            cached = self._evaluate(None, None)
            object.__setattr__(self, "_evaluation", cached)
        return cached

    def _evaluate(self, commit_map: CommitMap | None, platform: str | None) -> Evaluation:
        affected = VersionSet.empty()
        inferred = VersionSet.empty()
        causes: list[tuple[str, VersionSet]] = []
        entries = self._entries()
        if not entries:
            where = "$.affected" if isinstance(self.record, OsvRecord) else "$.containers.cna"
            causes.append((f"{where}: the record lists no affected package", VersionSet.full()))
        covered: set[str] = set()
        every_platform = False
        for index, platforms, item in entries:
            if not platform_applies(platforms, platform):
                continue
            if platforms is None:
                every_platform = True
            else:
                covered |= platforms
            if isinstance(item, OsvAffected):
                found = osv_entry_result(item, commit_map=commit_map, where=f"$.affected[{index}]")
                affected = affected | found.affected
                inferred = inferred | found.inferred
                causes.extend(found.causes)
            else:
                more, unknown = evaluate_cve_product(
                    item, where=f"$.containers.cna.affected[{index}]"
                )
                affected = affected | more
                causes.extend(unknown)
        platforms_of = None if every_platform or not covered else frozenset(covered)
        if platform is not None:
            platforms_of = normalized([platform])
        return Evaluation(affected, causes, inferred=inferred, platforms=platforms_of)

    def status(
        self,
        version: VersionLike | Release,
        *,
        commit_map: CommitMap | None = None,
        platform: str | None = None,
    ) -> Status:
        """Whether *version* is affected, unaffected or unknown (on *platform*, if given).

        A record-side string that is not PEP 440 is answered (usually unknown); to refuse a
        user's typo such as ``3.12.O`` call `user_version` first.
        """
        return self.evaluate(commit_map=commit_map, platform=platform).status(version)

    def named_versions(self) -> tuple[Version, ...]:
        """Every PEP 440 version the record names, ascending: the fallback "catalog"."""
        texts: list[str] = []
        if isinstance(self.record, OsvRecord):
            for entry in self.record.affected or ():
                texts.extend(entry.versions or ())
                for item in entry.ranges or ():
                    if item.type is not RangeType.GIT:
                        texts.extend(event.value for event in item.events)
        else:
            for product in self.record.containers.cna.affected or ():
                for cve_entry in product.versions or ():
                    texts.append(cve_entry.version)
                    bounds = (cve_entry.less_than, cve_entry.less_than_or_equal)
                    texts.extend(bound for bound in bounds if bound)
                    texts.extend(change.at for change in cve_entry.changes or ())
        parsed = {parse_version(text) for text in texts if text not in ("0", "*")}
        return tuple(sorted(version for version in parsed if version is not None))

    @property
    def scheme(self) -> BranchScheme:
        """How the product's versions group into branches (its product's scheme; else minor)."""
        product = self.product
        return product.scheme if product is not None else BranchScheme.MINOR

    def releases(self, catalog: Catalog | None) -> tuple[Release, ...]:
        """The releases to evaluate over: *catalog*'s, scheduled ones left out.

        With ``None``, the versions the record names (`named_versions`).
        """
        if catalog is not None:
            return catalog.released()
        return tuple(Release(version, self.scheme) for version in self.named_versions())

    def affected_versions(
        self,
        catalog: Catalog | None,
        *,
        commit_map: CommitMap | None = None,
        platform: str | None = None,
    ) -> tuple[Release, ...]:
        """The affected releases of *catalog* in catalog order (``None``: of `named_versions`).

        The caller chooses the catalog, for example
        ``psrt_core.serialization.bundled_catalog(advisory.product)``.
        """
        affected = self.evaluate(commit_map=commit_map, platform=platform).affected
        if catalog is not None:
            return catalog.select(affected)
        releases = self.releases(None)
        positions = affected.select_sorted([release.version for release in releases])
        return tuple(releases[index] for index in positions)
