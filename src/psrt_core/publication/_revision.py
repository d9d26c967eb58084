"""Enrich an OSV record; what changed between two revisions; what a record must change.

Why: the PSF importer drops credits, CWE ids, the title and the per-branch versions; records
are corrected after publication and nobody sees what changed. `enrich_osv` adds exactly what
is missing and nothing else (every other field, known or not, is kept as it was);
`diff_records` compares two revisions by what they *mean*: the releases they mark affected,
per branch, and the credits and CWE ids they carry; `cve_update` compares a published record
with the set its fixes imply (the "CVE updater" a CNA runs after each release). Both diffs
go through `branch_changes`, the one place that says "gained and lost, per branch".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from psrt_core.advisories import (
    Advisory,
    CreditLedger,
    CreditType,
    CveLayout,
    CveRecord,
    CveVersion,
    JsonMap,
    OsvAffected,
    OsvRecord,
    osv_entry_product,
)
from psrt_core.advisories._notation import DEFAULT_LAYOUT, cve_versions
from psrt_core.exceptions import InvalidInputError, InvalidRecordError
from psrt_core.publication._checks import cwe_problems
from psrt_core.versions import Catalog, Product, Release, VersionSet

NO_CREDITS = CreditLedger()

__all__ = [
    "BranchChange",
    "CveUpdate",
    "Enrichment",
    "RecordDiff",
    "advisory_credits",
    "branch_changes",
    "cve_update",
    "diff_records",
    "enrich_osv",
]


@attrs.frozen
class Enrichment:
    """The enriched record and one line per thing added (empty: nothing was missing)."""

    record: OsvRecord
    added: tuple[str, ...]


def advisory_credits(advisory: Advisory) -> CreditLedger:
    """The credits a loaded CVE or OSV record publishes, as a ledger."""
    record = advisory.record
    if isinstance(record, CveRecord):
        return CreditLedger.from_cve(record.containers.cna.credits or ())
    return CreditLedger.from_osv(record.credits or ())


def _with_versions(
    record: OsvRecord, product: Product | str | None, versions: Sequence[str], added: list[str]
) -> tuple[OsvAffected, ...] | None:
    product = None if product is None else str(product)
    entries = list(record.affected or ())
    for index, entry in enumerate(entries):
        if product is None or osv_entry_product(entry) != product:
            continue
        have = list(entry.versions or ())
        new = [version for version in versions if version not in have]
        if new:
            entries[index] = attrs.evolve(entry, versions=(*have, *new))
            added.append(
                f"affected[{index}].versions: {len(new)} release(s) ({new[0]} ... {new[-1]})"
            )
        break
    return tuple(entries) if record.affected is not None else None


def enrich_osv(
    record: OsvRecord,
    *,
    credits: CreditLedger = NO_CREDITS,
    roster: Mapping[str, str] | None = None,
    cwe_ids: Sequence[str] = (),
    title: str | None = None,
    product: Product | str | None = None,
    versions: Sequence[str] = (),
) -> Enrichment:
    """*record* with the missing credits, CWE ids, summary and enumerated versions added.

    Credits already present (same name and role) are left as they are; CWE ids join
    ``database_specific.cwe_ids`` beside its other keys; *title* becomes ``summary`` only
    where there is none; *versions* join the ``versions`` of the first entry about *product*
    (a `~psrt_core.versions.Product` or a normalised PyPI name). A CWE id that is not
    ``CWE-<number>`` raises `~psrt_core.exceptions.InvalidInputError`, as in `Publication`.
    """
    problems = cwe_problems(cwe_ids, "cwe_ids")
    if problems:
        raise InvalidInputError(problems, source=record.id)
    added: list[str] = []
    present = set(CreditLedger.from_osv(record.credits or ()).published())
    new_credits = [
        item for item in credits.osv_credits(roster) if (item.name, item.type) not in present
    ]
    added += [f"credit: {item.name} ({_role(item.type)})" for item in new_credits]
    specific = record.database_specific.to_dict() if record.database_specific else {}
    have_cwe = list(record.cwe_ids)
    new_cwe = [cwe for cwe in dict.fromkeys(cwe_ids) if cwe not in have_cwe]
    if new_cwe:
        specific["cwe_ids"] = have_cwe + new_cwe
        added += [f"cwe: {cwe}" for cwe in new_cwe]
    summary = record.summary
    if summary is None and title:
        summary = title
        added.append(f"summary: {title}")
    affected = _with_versions(record, product, versions, added)
    if not added:
        return Enrichment(record, ())
    enriched = attrs.evolve(
        record,
        credits=(*(record.credits or ()), *new_credits) or None,
        database_specific=JsonMap.of(specific) if new_cwe else record.database_specific,
        summary=summary,
        affected=affected,
    )
    return Enrichment(enriched, tuple(added))


def _role(role: CreditType | None) -> str:
    return (role or CreditType.OTHER).cve


@attrs.frozen
class BranchChange:
    """One branch's releases affected in the new revision only (*gained*), or the old (*lost*)."""

    branch: str
    gained: tuple[str, ...]
    lost: tuple[str, ...]


@attrs.frozen
class RecordDiff:
    """What changed in meaning between two revisions of a record."""

    old_id: str
    new_id: str
    branches: tuple[BranchChange, ...]
    credits_added: tuple[tuple[str, CreditType], ...]
    credits_removed: tuple[tuple[str, CreditType], ...]
    cwe_added: tuple[str, ...]
    cwe_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Whether the two revisions mean the same."""
        return not (
            self.branches
            or self.credits_added
            or self.credits_removed
            or self.cwe_added
            or self.cwe_removed
        )


def _by_branch(releases: Sequence[Release]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for release in releases:
        found.setdefault(release.branch, []).append(str(release.version))
    return found


def branch_changes(before: Sequence[Release], after: Sequence[Release]) -> tuple[BranchChange, ...]:
    """Per branch, the releases only in *after* (gained) and only in *before* (lost).

    Branches come in first-seen order; those without a change are left out.
    """
    was_by_branch, now_by_branch = _by_branch(before), _by_branch(after)
    changes = []
    for branch in dict.fromkeys([*was_by_branch, *now_by_branch]):
        was, now = was_by_branch.get(branch, []), now_by_branch.get(branch, [])
        gained = tuple(v for v in now if v not in was)
        lost = tuple(v for v in was if v not in now)
        if gained or lost:
            changes.append(BranchChange(branch, gained, lost))
    return tuple(changes)


def diff_records(old: Advisory, new: Advisory, catalog: Catalog | None = None) -> RecordDiff:
    """Compare two revisions (CVE or OSV, either format) over *catalog*.

    With ``None``, each record is evaluated over the versions it names itself.
    """
    branches = branch_changes(old.affected_versions(catalog), new.affected_versions(catalog))
    old_credits = advisory_credits(old).published()
    new_credits = advisory_credits(new).published()
    return RecordDiff(
        old_id=old.id,
        new_id=new.id,
        branches=branches,
        credits_added=tuple(c for c in new_credits if c not in old_credits),
        credits_removed=tuple(c for c in old_credits if c not in new_credits),
        cwe_added=tuple(c for c in new.cwe_ids if c not in old.cwe_ids),
        cwe_removed=tuple(c for c in old.cwe_ids if c not in new.cwe_ids),
    )


@attrs.frozen
class CveUpdate:
    """What a published record must change to mark exactly the releases its fixes imply.

    In *branches*, ``gained`` are releases the record wrongly leaves out (it must add them)
    and ``lost`` releases it wrongly marks affected (it must drop them). *unknown* are the
    releases the record leaves of unknown status. *versions* are the CVE ``versions``
    entries the record should have (with ``defaultStatus: unaffected``).
    """

    record_id: str
    product: str
    branches: tuple[BranchChange, ...]
    unknown: tuple[str, ...]
    versions: tuple[CveVersion, ...]

    @property
    def matches(self) -> bool:
        """Whether the record already says, for every release, what the fixes imply."""
        return not (self.branches or self.unknown)


def cve_update(
    published: Advisory,
    implied: VersionSet,
    catalog: Catalog,
    *,
    layout: CveLayout = DEFAULT_LAYOUT,
) -> CveUpdate:
    """What *published* must change to mark exactly the releases *implied* affects.

    *published* is evaluated over *catalog*; *implied* is the set the fixes imply
    (`psrt_core.ranges.ranges_from_fixes`); they are compared release by release.

    Raises `~psrt_core.exceptions.InvalidRecordError` when the record is about another
    product than the catalog. The suggested entries come from the one notation builder
    (`psrt_core.advisories.CveLayout` says how they are cut).
    """
    if published.product_name != catalog.product:
        shown = published.product_name or "no known product"
        raise InvalidRecordError.single(
            "$.containers.cna.affected" if published.format == "cve" else "$.affected",
            f"is about {shown}, not {catalog.product}",
            source=published.id,
        )
    evaluation = published.evaluate()
    return CveUpdate(
        record_id=published.id,
        product=catalog.product,
        branches=branch_changes(catalog.select(evaluation.affected), catalog.select(implied)),
        unknown=tuple(str(release) for release in catalog.select(evaluation.unknown)),
        versions=cve_versions(implied, catalog=catalog, layout=layout),
    )
