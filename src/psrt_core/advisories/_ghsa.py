"""GitHub's repository security advisory (the REST shape) as frozen attrs classes.

Why: the PSRT handles every report as a GitHub Security Advisory (GHSA) first; the CVE and OSV
records are written from it. Only what publication reads is modelled (ids, state, texts, CWE
ids, the affected packages, the detailed credits, the dates); every other key (``author``,
``cvss_severities``, ``private_fork``, ...) stays in each object's ``extra`` so that a load and
dump give back the same JSON value, as for the OSV and CVE models.
"""

from __future__ import annotations

import enum
import re

import attrs

from psrt_core.advisories._advisory import normalize_name, normalize_repo
from psrt_core.advisories._json import EMPTY, JsonMap
from psrt_core.advisories._osv import CreditType

__all__ = [
    "CreditState",
    "GhsaAdvisory",
    "GhsaCredit",
    "GhsaCreditType",
    "GhsaPackage",
    "GhsaState",
    "GhsaUser",
    "GhsaVulnerability",
]


class GhsaState(enum.Enum):
    """Where an advisory stands; only ``published`` ones are public."""

    PUBLISHED = "published"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"
    DRAFT = "draft"
    TRIAGE = "triage"


class CreditState(enum.Enum):
    """Whether the credited person accepted the credit; only accepted ones are published."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    PENDING = "pending"


class GhsaCreditType(enum.Enum):
    """The GHSA spelling of the ten credit roles (``remediation_developer``).

    It maps one to one onto `CreditType` (OSV ``REMEDIATION_DEVELOPER``, CVE ``remediation
    developer``): `role` and `of` are the two directions.
    """

    ANALYST = "analyst"
    FINDER = "finder"
    REPORTER = "reporter"
    COORDINATOR = "coordinator"
    REMEDIATION_DEVELOPER = "remediation_developer"
    REMEDIATION_REVIEWER = "remediation_reviewer"
    REMEDIATION_VERIFIER = "remediation_verifier"
    TOOL = "tool"
    SPONSOR = "sponsor"
    OTHER = "other"

    @property
    def role(self) -> CreditType:
        """The format-neutral role (`CreditType`)."""
        return CreditType(self.value.upper())

    @classmethod
    def of(cls, role: CreditType) -> GhsaCreditType:
        """The GHSA spelling of *role*."""
        return cls(role.value.lower())


@attrs.frozen(kw_only=True)
class GhsaUser:
    """A GitHub account (``simple-user``); only the login matters here."""

    login: str
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class GhsaCredit:
    """One ``credits_detailed[]`` entry: who, in which role, and whether they accepted."""

    user: GhsaUser
    type: GhsaCreditType
    state: CreditState
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class GhsaPackage:
    """``vulnerabilities[].package``: GitHub's ecosystem name (``pip`` for PyPI) and the name."""

    ecosystem: str
    name: str | None = None
    extra: JsonMap = EMPTY


@attrs.frozen(kw_only=True)
class GhsaVulnerability:
    """One ``vulnerabilities[]`` entry (GitHub's own range syntax is kept as text)."""

    package: GhsaPackage | None = None
    vulnerable_version_range: str | None = None
    patched_versions: str | None = None
    vulnerable_functions: tuple[str, ...] | None = None
    extra: JsonMap = EMPTY


_REPO_URL = re.compile(r"^(https://github\.com/[^/]+/[^/]+)/security/advisories/", re.I)


@attrs.frozen(kw_only=True)
class GhsaAdvisory:
    """A repository security advisory, as GitHub's REST API returns it, every key kept.

    Dates stay the strings GitHub wrote (RFC 3339, checked at the edge).
    """

    ghsa_id: str
    state: GhsaState
    summary: str
    cve_id: str | None = None
    html_url: str | None = None
    description: str | None = None
    severity: str | None = None
    cwe_ids: tuple[str, ...] | None = None
    vulnerabilities: tuple[GhsaVulnerability, ...] | None = None
    credits_detailed: tuple[GhsaCredit, ...] | None = None
    created_at: str | None = None
    updated_at: str | None = None
    published_at: str | None = None
    closed_at: str | None = None
    withdrawn_at: str | None = None
    extra: JsonMap = EMPTY

    @property
    def is_public(self) -> bool:
        """Whether GitHub has published the advisory (``state: published``)."""
        return self.state is GhsaState.PUBLISHED

    @property
    def repository(self) -> str | None:
        """The repository URL the advisory belongs to, read from ``html_url``."""
        found = _REPO_URL.match(self.html_url or "")
        return found[1] if found else None

    @property
    def product(self) -> str | None:
        """``"cpython"``, a normalised PyPI name (``"pip"``), or ``None`` when neither shows.

        A ``pip``-ecosystem package names a PyPI project; an advisory of python/cpython is
        CPython (which has no package).
        """
        for vulnerability in self.vulnerabilities or ():
            package = vulnerability.package
            if package is not None and package.ecosystem.lower() == "pip" and package.name:
                return normalize_name(package.name)
        repository = self.repository
        if repository and normalize_repo(repository) == "github.com/python/cpython":
            return "cpython"
        return None
