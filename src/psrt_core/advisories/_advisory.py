"""`Advisory`: one view over an OSV or a CVE JSON 5 record, and the product it is about.

Why a wrapper: the record classes stay faithful to their wire format (what makes the round
trip lossless), while callers ask format-neutral questions: which product, which versions.
The domain never reads files, so the bundled catalogs reach `affected_versions` through a
*catalogs* resolver that the loader (`psrt_core.load_advisory`) binds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import attrs
from packaging.utils import canonicalize_name
from packaging.version import Version

from psrt_core.advisories._commits import CommitMap
from psrt_core.advisories._cve import CnaContainer, CveProduct, CveRecord, Status
from psrt_core.advisories._evaluation import Evaluation, evaluate_cve_product, evaluate_osv_entry
from psrt_core.advisories._json import JsonMap
from psrt_core.advisories._osv import OsvAffected, OsvRecord, RangeType, SeverityScore, SeverityType
from psrt_core.versions import (
    BranchScheme,
    Catalog,
    Release,
    VersionLike,
    VersionSet,
    parse_version,
)

__all__ = [
    "CPYTHON_REPO",
    "Advisory",
    "CatalogResolver",
    "cve_product_name",
    "cve_severities",
    "normalize_name",
    "normalize_repo",
    "osv_entry_product",
]

CPYTHON_REPO = "https://github.com/python/cpython"
CatalogResolver = Callable[[str], "Catalog | None"]


def normalize_name(name: str) -> str:
    """PEP 503 normalised project name (``Foo_Bar`` -> ``foo-bar``), as packaging spells it."""
    return str(canonicalize_name(name))


def normalize_repo(url: str) -> str:
    """A repository URL reduced for comparison (scheme, ``www.``, ``.git`` and ``/`` dropped)."""
    text = url.strip().lower()
    text = re.sub(r"^(https?|git)://(www\.)?", "", text)
    if text.startswith("git@github.com:"):
        text = "github.com/" + text.removeprefix("git@github.com:")
    text = text.rstrip("/")
    return text.removesuffix(".git")


_CPYTHON = normalize_repo(CPYTHON_REPO)


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
        if item.type is RangeType.GIT and item.repo and normalize_repo(item.repo) == _CPYTHON:
            return "cpython"
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
    """The product a CVE ``affected[]`` entry is about: CPython, or a normalised PyPI name."""
    if (product.product or "").strip().lower() == "cpython" or (
        product.repo is not None and normalize_repo(product.repo) == _CPYTHON
    ):
        return "cpython"
    if product.package_name:
        return normalize_name(product.package_name)
    if (product.product or "").strip().lower() == "pip":
        return "pip"
    return None


@attrs.frozen
class Advisory:
    """An OSV or CVE JSON 5 record and the questions asked of it.

    *catalogs* maps a product name to its release catalog (or ``None``); it is what lets
    `affected_versions` pick the bundled CPython or pip catalog without the domain reading
    files. It takes no part in equality.
    """

    record: OsvRecord | CveRecord
    catalogs: CatalogResolver | None = attrs.field(default=None, eq=False, repr=False)
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
    def product(self) -> str | None:
        """``"cpython"``, ``"pip"``, another normalised PyPI name, or ``None`` if unknown.

        The first affected entry with a recognised product decides.
        """
        for name in self._entry_products():
            if name is not None:
                return name
        return None

    def _entry_products(self) -> list[str | None]:
        if isinstance(self.record, OsvRecord):
            return [osv_entry_product(entry) for entry in self.record.affected or ()]
        return [cve_product_name(item) for item in self.record.containers.cna.affected or ()]

    def evaluate(self, *, commit_map: CommitMap | None = None) -> Evaluation:
        """The exact affected and unknown sets for `product` (entries about it only).

        Without a commit map the result is cached: `status` and `affected_versions` in a loop
        cost one evaluation, not one per call.
        """
        if commit_map is not None:
            return self._evaluate(commit_map)
        cached = self._evaluation
        if cached is None:
            cached = self._evaluate(None)
            object.__setattr__(self, "_evaluation", cached)
        return cached

    def _evaluate(self, commit_map: CommitMap | None) -> Evaluation:
        product = self.product
        affected = VersionSet.empty()
        causes: list[tuple[str, VersionSet]] = []
        names = self._entry_products()
        if isinstance(self.record, OsvRecord):
            for index, entry in enumerate(self.record.affected or ()):
                if names[index] != product:
                    continue
                found, unknown = evaluate_osv_entry(
                    entry, commit_map=commit_map, where=f"$.affected[{index}]"
                )
                affected = affected | found
                causes.extend(unknown)
        else:
            for index, item in enumerate(self.record.containers.cna.affected or ()):
                if names[index] != product:
                    continue
                found, unknown = evaluate_cve_product(
                    item, where=f"$.containers.cna.affected[{index}]"
                )
                affected = affected | found
                causes.extend(unknown)
            if not names:
                causes.append(("$.containers.cna: no affected products", VersionSet.full()))
        return Evaluation.combine(affected, causes)

    def status(
        self, version: VersionLike | Release, *, commit_map: CommitMap | None = None
    ) -> Status:
        """Whether *version* is affected, unaffected or unknown."""
        return self.evaluate(commit_map=commit_map).status(version)

    def catalog(self) -> Catalog | None:
        """The catalog the bound resolver gives for `product`, if any."""
        product = self.product
        if self.catalogs is None or product is None:
            return None
        return self.catalogs(product)

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

    def releases(self, catalog: Catalog | None = None) -> tuple[Release, ...]:
        """The releases to evaluate over: *catalog*, the bound one, or the record's own versions.

        Scheduled releases are left out.
        """
        chosen = catalog if catalog is not None else self.catalog()
        if chosen is not None:
            return chosen.released()
        scheme = BranchScheme.MAJOR if self.product == "pip" else BranchScheme.MINOR
        return tuple(Release(version, scheme) for version in self.named_versions())

    def affected_versions(
        self, catalog: Catalog | None = None, *, commit_map: CommitMap | None = None
    ) -> tuple[Release, ...]:
        """The affected releases in catalog order.

        Without *catalog*, the bundled catalog of the product (bound by the loader) is used;
        for a product without one, the versions the record itself names.
        """
        affected = self.evaluate(commit_map=commit_map).affected
        chosen = catalog if catalog is not None else self.catalog()
        if chosen is not None:
            return chosen.select(affected)
        releases = self.releases()
        positions = affected.select_sorted([release.version for release in releases])
        return tuple(releases[index] for index in positions)
