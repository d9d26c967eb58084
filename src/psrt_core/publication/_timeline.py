"""The case timeline of a vulnerability: from the report to publication, against the target.

Why: the PSRT aims to publish within 90 days of a report (devguide, security process); a
coordinator needs to see where a case stands and how many days are left, from the dates the
GHSA, the CVE record and the release catalog already hold. Pure: *on* is an argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import attrs

from psrt_core.advisories import CveRecord, GhsaAdvisory
from psrt_core.publication._dates import record_day
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
    ``datePublished``. A malformed timestamp raises
    `~psrt_core.exceptions.InvalidRecordError` with its JSON path.
    """
    received = record_day(ghsa.created_at, location="$.created_at", source=ghsa.ghsa_id)
    milestones = [
        Milestone("report received", received),
        Milestone("report accepted", accepted),
        Milestone("CVE reserved", _cve_day(cve, "dateReserved")),
    ]
    milestones += [_fix_milestone(text, catalog, on) for text in fixed_in]
    published = record_day(ghsa.published_at, location="$.published_at", source=ghsa.ghsa_id)
    published = published or _cve_day(cve, "datePublished")
    if published is not None and published > on:
        published = None
    milestones.append(Milestone("published", published))
    return Timeline(
        tuple(milestones),
        on=on,
        received=received,
        published=published,
        target_days=target_days,
    )


def _cve_day(cve: CveRecord | None, key: str) -> datetime.date | None:
    """``cveMetadata.dateReserved`` or ``datePublished`` of *cve*, as a date."""
    if cve is None:
        return None
    metadata = cve.cve_metadata
    stamp = metadata.date_reserved if key == "dateReserved" else metadata.date_published
    return record_day(stamp, location=f"$.cveMetadata.{key}", source=metadata.cve_id)


def _fix_milestone(text: str, catalog: Catalog | None, on: datetime.date) -> Milestone:
    """A fix release, dated from *catalog*; scheduled or later than *on*: not yet released."""
    if catalog is None or text not in catalog:
        return Milestone(f"fix released: {text}", None)
    release = catalog.release(text)
    date = release.date
    if release.scheduled or date is None or date > on:
        date = None
    return Milestone(f"fix released: {text} ({release.branch})", date)
