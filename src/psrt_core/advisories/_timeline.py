"""The case timeline of a vulnerability: from the report to publication, against the target.

Why: the PSRT aims to publish within 90 days of a report (devguide, security process); a
coordinator needs to see where a case stands and how many days are left, from the dates the
GHSA, the CVE record and the release catalog already hold. Pure: *on* is an argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from psrt_core.advisories._cve import CveRecord
from psrt_core.advisories._ghsa import GhsaAdvisory
from psrt_core.versions import Catalog

__all__ = ["TARGET_DAYS", "Milestone", "Timeline", "case_timeline"]

#: The PSRT's target from report to public advisory, in days.
TARGET_DAYS = 90


@attrs.frozen
class Milestone:
    """One step of a case and the day it happened (``None``: not yet, or not known)."""

    label: str
    date: datetime.date | None


@attrs.frozen
class Timeline:
    """The milestones in case order, the target date and where *on* stands against it."""

    milestones: tuple[Milestone, ...]
    on: datetime.date
    received: datetime.date | None
    published: datetime.date | None
    target_days: int = TARGET_DAYS

    @property
    def target(self) -> datetime.date | None:
        """The day the case should be public by."""
        if self.received is None:
            return None
        return self.received + datetime.timedelta(days=self.target_days)

    @property
    def days_left(self) -> int | None:
        """Days from the end (publication, or *on* while open) to the target; < 0: overrun."""
        target = self.target
        if target is None:
            return None
        return (target - (self.published or self.on)).days


def _day(stamp: str | None) -> datetime.date | None:
    if not stamp:
        return None
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")).date()


def case_timeline(
    ghsa: GhsaAdvisory,
    *,
    on: datetime.date,
    catalog: Catalog | None = None,
    fixed_in: Sequence[str] = (),
    cve: CveRecord | None = None,
    accepted: datetime.date | None = None,
    target_days: int = TARGET_DAYS,
) -> Timeline:
    """The timeline from the GHSA's dates, the CVE's ``dateReserved`` and the fix releases.

    Received is the GHSA's ``created_at``; accepted is given by the coordinator (GitHub keeps
    no date for it); each fix release is dated from *catalog* (scheduled ones count as not
    yet released); published is the GHSA's ``published_at``, else the CVE's
    ``datePublished``.
    """
    milestones = [
        Milestone("report received", _day(ghsa.created_at)),
        Milestone("report accepted", accepted),
        Milestone("CVE reserved", _day(cve.cve_metadata.date_reserved) if cve else None),
    ]
    for text in fixed_in:
        date = None
        if catalog is not None and text in catalog:
            release = catalog.release(text)
            date = (
                None
                if release.scheduled or release.date is None or release.date > on
                else release.date
            )
            milestones.append(Milestone(f"fix released: {text} ({release.branch})", date))
        else:
            milestones.append(Milestone(f"fix released: {text}", None))
    published = _day(ghsa.published_at) or (_day(cve.cve_metadata.date_published) if cve else None)
    if published is not None and published > on:
        published = None
    milestones.append(Milestone("published", published))
    return Timeline(
        tuple(milestones),
        on=on,
        received=_day(ghsa.created_at),
        published=published,
        target_days=target_days,
    )
