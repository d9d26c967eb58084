"""The credit ledger: who gets credit for a vulnerability, in which roles, from which source.

Why a ledger and not a list of CVE credits: a GHSA gives each person one credit type, while the
PSF's CVE records list one person under several roles (coordinator *and* remediation
developer); credits arrive from the GHSA, from facts the coordinator adds and from records
already published; and a declined or pending credit must never be published. The ledger keeps
every (person, role, source, state) fact and decides at the end what is published, with a
roster mapping GitHub logins to display names.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

import attrs

from psrt_core.advisories._cve import CveCredit
from psrt_core.advisories._ghsa import CreditState, GhsaAdvisory, GhsaCreditType
from psrt_core.advisories._osv import Credit, CreditType
from psrt_core.exceptions import InvalidInputError

__all__ = [
    "CreditEntry",
    "CreditLedger",
    "CreditSource",
    "DisplayNames",
    "parse_role",
]

DisplayNames = Mapping[str, str]
"""GitHub login -> display name (logins compare case-insensitively, as on GitHub)."""


class CreditSource(enum.Enum):
    """Where a credit fact came from."""

    GHSA = "ghsa"
    FACTS = "facts"
    CVE = "cve"
    OSV = "osv"


def parse_role(text: str) -> CreditType:
    """A role from any of its three spellings; `ValueError` for anything else.

    GHSA ``remediation_developer``, CVE ``remediation developer`` and OSV
    ``REMEDIATION_DEVELOPER`` are one role (range-semantics §2.4).
    """
    for role in CreditType:
        if text in (role.value, role.cve, GhsaCreditType.of(role).value):
            return role
    # A PsrtError (and still a ValueError): credit facts come from outside.
    raise InvalidInputError.single("role", "not a credit role in GHSA, CVE or OSV spelling", text)


@attrs.frozen(kw_only=True)
class CreditEntry:
    """One fact: a person (a GitHub *login*, a display *name*, or both) in one *role*."""

    role: CreditType
    source: CreditSource
    state: CreditState = CreditState.ACCEPTED
    login: str | None = None
    name: str | None = None

    def __attrs_post_init__(self) -> None:
        if not (self.login or self.name):
            msg = "a credit names a login or a name"
            raise ValueError(msg)

    def display_name(self, roster: DisplayNames) -> str:
        """The name to publish: the given name, the roster's name for the login, or the login."""
        if self.name:
            return self.name
        assert self.login is not None  # checked at construction
        folded = {login.casefold(): name for login, name in roster.items()}
        return folded.get(self.login.casefold(), self.login)


def _state_of(states: Iterable[CreditState]) -> CreditState:
    """A declined credit stays declined (the person said no); otherwise one acceptance wins."""
    found = set(states)
    if CreditState.DECLINED in found:
        return CreditState.DECLINED
    if CreditState.ACCEPTED in found:
        return CreditState.ACCEPTED
    return CreditState.PENDING


@attrs.frozen
class CreditLedger:
    """Every credit fact in the order it was learnt; `published` says what goes out."""

    entries: tuple[CreditEntry, ...] = ()

    @classmethod
    def from_ghsa(cls, advisory: GhsaAdvisory) -> CreditLedger:
        """The advisory's ``credits_detailed``, each with its own state."""
        return cls(
            tuple(
                CreditEntry(
                    login=credit.user.login,
                    role=credit.type.role,
                    source=CreditSource.GHSA,
                    state=credit.state,
                )
                for credit in advisory.credits_detailed or ()
            )
        )

    @classmethod
    def from_cve(cls, credits: Iterable[CveCredit]) -> CreditLedger:
        """Published CVE credits (accepted); a credit without ``type`` is a finder.

        CVE JSON 5 › credits: ``type`` defaults to ``finder`` (range-semantics §2.4).
        """
        return cls(
            tuple(
                CreditEntry(
                    name=credit.value,
                    role=credit.type or CreditType.FINDER,
                    source=CreditSource.CVE,
                )
                for credit in credits
            )
        )

    @classmethod
    def from_osv(cls, credits: Iterable[Credit]) -> CreditLedger:
        """Published OSV credits (accepted); OSV has no default type: none reads as OTHER."""
        return cls(
            tuple(
                CreditEntry(
                    name=credit.name, role=credit.type or CreditType.OTHER, source=CreditSource.OSV
                )
                for credit in credits
            )
        )

    def __or__(self, other: CreditLedger) -> CreditLedger:
        return CreditLedger(self.entries + other.entries)

    def published(self, roster: DisplayNames | None = None) -> tuple[tuple[str, CreditType], ...]:
        """The (display name, role) pairs to publish, first-learnt order, each once.

        Facts about the same person and role from several sources are one credit, whose
        state is `_state_of` theirs: only accepted ones are published.
        """
        names = roster or {}
        states: dict[tuple[str, CreditType], list[CreditState]] = {}
        for entry in self.entries:
            key = (entry.display_name(names), entry.role)
            states.setdefault(key, []).append(entry.state)
        return tuple(
            key for key, found in states.items() if _state_of(found) is CreditState.ACCEPTED
        )

    def withheld(self, roster: DisplayNames | None = None) -> tuple[tuple[str, CreditType], ...]:
        """The (display name, role) pairs known but not published (declined or pending)."""
        names = roster or {}
        published = set(self.published(names))
        seen: dict[tuple[str, CreditType], None] = {}
        for entry in self.entries:
            key = (entry.display_name(names), entry.role)
            if key not in published:
                seen.setdefault(key, None)
        return tuple(seen)

    def cve_credits(self, roster: DisplayNames | None = None) -> tuple[CveCredit, ...]:
        """CVE JSON 5 credits, always with an explicit ``type``."""
        return tuple(
            CveCredit(lang="en", value=name, type=role) for name, role in self.published(roster)
        )

    def osv_credits(self, roster: DisplayNames | None = None) -> tuple[Credit, ...]:
        """OSV credits, always with a ``type``."""
        return tuple(Credit(name=name, type=role) for name, role in self.published(roster))
