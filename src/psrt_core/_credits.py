"""The ten credit roles of an advisory, shared by `psrt_core.advisories` and `psrt_core.governance`.

Why a foundation module: the records spell the roles (OSV, CVE JSON 5, GHSA) and PEP 811's
R-I3 asks who holds the coordinator credit; both halves need the same ten roles, and the two
halves never import each other. The public name is `psrt_core.advisories.CreditType`.
"""

from __future__ import annotations

import enum

__all__ = ["CreditType"]


class CreditType(enum.Enum):
    """Credit roles; OSV spells them upper case, CVE JSON 5 lower case with spaces.

    The OSV schema says the two lists correspond one to one, so one enum serves both formats:
    ``value`` is the OSV spelling and `cve` the CVE one.
    """

    FINDER = "FINDER"
    REPORTER = "REPORTER"
    ANALYST = "ANALYST"
    COORDINATOR = "COORDINATOR"
    REMEDIATION_DEVELOPER = "REMEDIATION_DEVELOPER"
    REMEDIATION_REVIEWER = "REMEDIATION_REVIEWER"
    REMEDIATION_VERIFIER = "REMEDIATION_VERIFIER"
    TOOL = "TOOL"
    SPONSOR = "SPONSOR"
    OTHER = "OTHER"

    @property
    def cve(self) -> str:
        """The CVE JSON 5 spelling (``remediation developer``)."""
        return self.value.lower().replace("_", " ")

    @classmethod
    def from_cve(cls, value: str) -> CreditType:
        """The role for a CVE JSON 5 spelling; raises `ValueError` for anything else.

        Exactly the CVE spellings (range-semantics §2.4: ``finder``, ``remediation developer``,
        ...): ``FINDER`` or ``remediation_developer`` would be rewritten on the way out, and a
        record must dump back as it was read.
        """
        for member in cls:
            if member.cve == value:
                return member
        raise ValueError(value)
