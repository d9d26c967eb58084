"""One vulnerability, many records: group advisories that name each other.

Why: the PSF publishes a CVE record and an OSV record (``PSF-…``) for one vulnerability, and
the PyPI database adds ``PYSEC-…`` and ``GHSA-…`` copies; counting records counts the same
flaw up to four times (``PYSEC-2023-228`` and ``CVE-2023-5752`` are one pip vulnerability).
Records are the same vulnerability when one's id is in another's ``aliases`` or ``upstream``
(OSV schema 1.7 › aliases, upstream), transitively: a union-find over ids. ``related`` names
*different* vulnerabilities in the OSV schema, so it joins groups only on request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from psrt_core.advisories._advisory import Advisory
from psrt_core.advisories._dates import record_dates
from psrt_core.advisories._osv import OsvRecord

__all__ = ["alias_ids", "group_aliases", "modified_key", "split_withdrawn"]

_OLDEST = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


def alias_ids(advisory: Advisory, *, follow_related: bool = False) -> tuple[str, ...]:
    """The ids *advisory* says are the same vulnerability: its own, aliases, upstream."""
    ids = [advisory.id, *advisory.aliases]
    record = advisory.record
    if isinstance(record, OsvRecord):
        ids.extend(record.upstream or ())
        if follow_related:
            ids.extend(record.related or ())
    return tuple(dict.fromkeys(ids))


class _UnionFind:
    """Disjoint sets of ids, with path halving."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, first: str, second: str) -> None:
        self.parent[self.find(second)] = self.find(first)


def modified_key(advisory: Advisory) -> datetime.datetime:
    """When *advisory* was last modified, the oldest instant when its record does not say."""
    return record_dates(advisory).modified or _OLDEST


def _speaking_order(advisory: Advisory) -> tuple[datetime.datetime, str]:
    return (modified_key(advisory), advisory.id)


def group_aliases(
    advisories: Iterable[Advisory], *, follow_related: bool = False
) -> tuple[tuple[Advisory, ...], ...]:
    """The advisories grouped by vulnerability, each group newest ``modified`` copy first.

    Groups come in the order their first member was given; within a group, of equally modified
    copies the greater id speaks (so the answer never depends on the order given), and a record
    without ``modified`` sorts last. Two copies of
    one id (revisions of a record) fall into one group, so the newest speaks for it.
    """
    items = list(advisories)
    sets = _UnionFind()
    for advisory in items:
        ids = alias_ids(advisory, follow_related=follow_related)
        for other in ids[1:]:
            sets.union(ids[0], other)
    groups: dict[str, list[Advisory]] = {}
    for advisory in items:
        groups.setdefault(sets.find(advisory.id), []).append(advisory)
    return tuple(
        tuple(sorted(members, key=_speaking_order, reverse=True)) for members in groups.values()
    )


def split_withdrawn(advisories: Iterable[Advisory]) -> tuple[list[Advisory], list[Advisory]]:
    """The records of live ids and of withdrawn ids, in the order given.

    OSV schema 1.7 › withdrawn, id: of two copies of one id the later ``modified`` is
    authoritative, so an id is withdrawn when its newest copy is (an older, live copy does not
    bring it back). Withdrawing one id (a ``PYSEC-…`` duplicate) does not withdraw its aliases:
    group the live records to find the vulnerabilities that still stand.
    """
    items = list(advisories)
    newest: dict[str, Advisory] = {}
    for advisory in items:
        known = newest.get(advisory.id)
        if known is None or _speaking_order(advisory) >= _speaking_order(known):
            newest[advisory.id] = advisory
    gone = {key for key, advisory in newest.items() if advisory.withdrawn}
    return [a for a in items if a.id not in gone], [a for a in items if a.id in gone]
