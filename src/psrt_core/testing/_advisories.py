"""Strategies for OSV and CVE JSON 5 records and their parts.

Why a small version pool: the interesting behaviour of range evaluation (ties between events,
overlapping intervals, pre-releases just below a bound, ``"0"`` against ``0a1``) only shows
when the same few versions recur, so events and entries draw their versions from a pool of a
dozen, and `evaluation_points` draws the versions to test from the same pool and its
neighbours.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.advisories import (
    CnaContainer,
    CommitMap,
    Credit,
    CreditType,
    CveChange,
    CveContainers,
    CveCredit,
    CveDescription,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveProduct,
    CveRecord,
    CveReference,
    CveVersion,
    Event,
    EventKind,
    JsonMap,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Reference,
    ReferenceType,
    SeverityScore,
    SeverityType,
    Status,
)

__all__ = [
    "commit_maps",
    "cve_products",
    "cve_records",
    "cve_versions",
    "evaluation_points",
    "osv_affected",
    "osv_events",
    "osv_ranges",
    "osv_records",
    "range_versions",
]

_POOL = ("0a1", "1.0a1", "1.0rc1", "1.0", "1.0.post1", "1.1", "1.10", "2.0.dev0", "2.0", "3.1.1")
_NEIGHBOURS = (
    "0.dev0",
    "0",
    "0.5",
    "1.0b1",
    "1.0.1",
    "1.2",
    "1.9",
    "2.0rc1",
    "2.1",
    "9.9",
    "1!0.1",
)

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
_TIMESTAMPS = st.sampled_from(
    ["2024-09-03T12:29:00Z", "2023-11-03T16:28:41.538340Z", "2021-07-05T00:01:24.339020Z"]
)


def range_versions() -> st.SearchStrategy[str]:
    """A version string from the small pool events and CVE entries use."""
    return st.sampled_from(_POOL)


def evaluation_points() -> st.SearchStrategy[Version]:
    """A version to evaluate at: a pool version or one of its neighbours."""
    return st.sampled_from(sorted({Version(v) for v in _POOL + _NEIGHBOURS}))


def _json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), _TEXT)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(_TEXT, inner, max_size=3)
        ),
        max_leaves=6,
    )


def _extras() -> st.SearchStrategy[JsonMap]:
    keys = st.text("abcxyz_", min_size=1, max_size=6).map(lambda key: "x_" + key)
    return st.dictionaries(keys, _json_values(), max_size=2).map(JsonMap.of)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def osv_events(
    *, kinds: tuple[EventKind, ...] = (EventKind.INTRODUCED, EventKind.FIXED)
) -> st.SearchStrategy[Event]:
    """One OSV event of the given *kinds*; ``introduced`` is ``"0"`` a quarter of the time."""

    def build(kind: EventKind, value: str, zero: bool) -> Event:
        if kind is EventKind.INTRODUCED and zero:
            return Event(kind, "0")
        if kind is EventKind.LIMIT and zero:
            return Event(kind, "*")
        return Event(kind, value)

    return st.builds(
        build, st.sampled_from(kinds), range_versions(), st.integers(0, 3).map(lambda n: n == 0)
    )


def osv_ranges(
    *,
    kinds: tuple[EventKind, ...] = (EventKind.INTRODUCED, EventKind.FIXED),
    max_events: int = 6,
) -> st.SearchStrategy[OsvRange]:
    """An ECOSYSTEM range over the pool, events in any order (ties and overlaps included)."""
    return st.builds(
        OsvRange,
        st.just(RangeType.ECOSYSTEM),
        st.lists(osv_events(kinds=kinds), min_size=1, max_size=max_events).map(tuple),
    )


def osv_affected(*, package: str = "example") -> st.SearchStrategy[OsvAffected]:
    """An ``affected[]`` entry for a PyPI package: ranges and, sometimes, a versions list."""
    kinds = st.sampled_from(
        [
            (EventKind.INTRODUCED, EventKind.FIXED),
            (EventKind.INTRODUCED, EventKind.LAST_AFFECTED),
            (EventKind.INTRODUCED, EventKind.FIXED, EventKind.LIMIT),
        ]
    )
    return st.builds(
        lambda ranges, versions, extra: OsvAffected(
            package=Package("PyPI", package), ranges=ranges, versions=versions, extra=extra
        ),
        _maybe(kinds.flatmap(lambda k: st.lists(osv_ranges(kinds=k), max_size=2).map(tuple))),
        _maybe(st.lists(range_versions(), max_size=3).map(tuple)),
        _extras(),
    )


def _git_affected() -> st.SearchStrategy[OsvAffected]:
    """A PSF-style entry: no package, one GIT range on python/cpython."""
    commits = st.sampled_from(["a" * 40, "b" * 40, "0"])
    events = st.lists(
        st.builds(Event, st.sampled_from([EventKind.INTRODUCED, EventKind.FIXED]), commits),
        min_size=1,
        max_size=4,
    ).map(tuple)
    return events.map(
        lambda found: OsvAffected(
            ranges=(OsvRange(RangeType.GIT, found, repo="https://github.com/python/cpython"),)
        )
    )


def osv_records() -> st.SearchStrategy[OsvRecord]:
    """Whole OSV records, every optional field sometimes absent, unknown ``x_`` keys included."""
    ids = st.sampled_from(["PYSEC-2024-1", "PSF-2024-4", "GHSA-aaaa-bbbb-cccc"])
    aliases = st.lists(st.sampled_from(["CVE-2024-6232", "GHSA-xxxx-yyyy-zzzz"]), max_size=2)
    return st.builds(
        OsvRecord,
        id=ids,
        modified=_TIMESTAMPS,
        schema_version=_maybe(st.sampled_from(["1.0.0", "1.5.0", "1.7.0"])),
        published=_maybe(_TIMESTAMPS),
        withdrawn=_maybe(_TIMESTAMPS),
        aliases=_maybe(aliases.map(tuple)),
        upstream=_maybe(st.lists(ids, max_size=1).map(tuple)),
        related=_maybe(st.lists(ids, max_size=1).map(tuple)),
        summary=_maybe(_TEXT),
        details=_maybe(_TEXT),
        severity=_maybe(
            st.lists(
                st.builds(SeverityScore, st.sampled_from(SeverityType), _TEXT), max_size=1
            ).map(tuple)
        ),
        affected=_maybe(
            st.lists(st.one_of(osv_affected(), _git_affected()), max_size=2).map(tuple)
        ),
        references=_maybe(
            st.lists(
                st.builds(Reference, st.sampled_from(ReferenceType), st.just("https://x.invalid/")),
                max_size=2,
            ).map(tuple)
        ),
        credits=_maybe(
            st.lists(
                st.builds(
                    lambda name, kind: Credit(name=name, type=kind),
                    _TEXT,
                    _maybe(st.sampled_from(CreditType)),
                ),
                max_size=2,
            ).map(tuple)
        ),
        database_specific=_maybe(
            st.lists(st.sampled_from(["CWE-20", "CWE-400"]), max_size=2).map(
                lambda ids: JsonMap.of({"cwe_ids": ids})
            )
        ),
        extra=_extras(),
    )


def cve_versions(
    *, version_types: tuple[str, ...] = ("python",), with_changes: bool = True
) -> st.SearchStrategy[CveVersion]:
    """A CVE ``versions[]`` entry over the pool: single, ``lessThan`` or ``lessThanOrEqual``."""
    bound = st.one_of(st.just("*"), range_versions())
    lower = st.one_of(st.just("0"), range_versions())
    changes = st.lists(
        st.builds(CveChange, range_versions(), st.sampled_from(Status)), max_size=2
    ).map(lambda items: tuple(items) or None)
    return st.one_of(
        st.builds(
            lambda version, status: CveVersion(version=version, status=status),
            range_versions(),
            st.sampled_from(Status),
        ),
        st.builds(
            lambda version, upper, inclusive, status, kind, found: CveVersion(
                version=version,
                status=status,
                version_type=kind,
                less_than=None if inclusive else upper,
                less_than_or_equal=upper if inclusive else None,
                changes=found,
            ),
            lower,
            bound,
            st.booleans(),
            st.sampled_from(Status),
            st.sampled_from(version_types),
            changes if with_changes else st.none(),
        ),
    )


def cve_products(*, version_types: tuple[str, ...] = ("python",)) -> st.SearchStrategy[CveProduct]:
    """A CNA ``affected[]`` product with up to five entries and an optional defaultStatus."""
    return st.builds(
        lambda versions, default, extra: CveProduct(
            vendor="Example",
            product="example",
            package_name="example",
            versions=versions,
            default_status=default,
            extra=extra,
        ),
        _maybe(st.lists(cve_versions(version_types=version_types), max_size=5).map(tuple)),
        _maybe(st.sampled_from(Status)),
        _extras(),
    )


def cve_records() -> st.SearchStrategy[CveRecord]:
    """Whole CVE JSON 5 records with a CNA container and, sometimes, an ADP container."""
    credit = st.builds(
        lambda value, kind: CveCredit(lang="en", value=value, type=kind),
        _TEXT,
        _maybe(st.sampled_from(CreditType)),
    )
    cna = st.builds(
        lambda affected, title, credits, problems, refs, extra: CnaContainer(
            affected=affected,
            descriptions=(CveDescription(lang="en", value="details"),),
            references=refs,
            title=title,
            credits=credits,
            problem_types=problems,
            provider_metadata=JsonMap.of({"orgId": "28c92f92-d60d-412d-b760-e73465c3df22"}),
            extra=extra,
        ),
        _maybe(st.lists(cve_products(), max_size=2).map(tuple)),
        _maybe(_TEXT),
        _maybe(st.lists(credit, max_size=2).map(tuple)),
        _maybe(
            st.lists(
                st.sampled_from(["CWE-20", "CWE-1333"]).map(
                    lambda cwe: CveProblemType(
                        descriptions=(
                            CveProblemDescription(
                                lang="en", description=cwe, cwe_id=cwe, type="CWE"
                            ),
                        )
                    )
                ),
                max_size=2,
            ).map(tuple)
        ),
        _maybe(
            st.lists(
                st.builds(
                    lambda tags: CveReference(url="https://x.invalid/", tags=tags),
                    _maybe(st.lists(st.sampled_from(["patch", "x_custom"]), max_size=2).map(tuple)),
                ),
                max_size=2,
            ).map(tuple)
        ),
        _extras(),
    )
    adp = _maybe(
        st.lists(
            _extras().map(lambda extra: JsonMap.of({"title": "ADP", **extra})), max_size=1
        ).map(tuple)
    )
    return st.builds(
        lambda cna, adp, state, updated, extra: CveRecord(
            data_type="CVE_RECORD",
            data_version="5.1",
            cve_metadata=CveMetadata(cve_id="CVE-2024-0001", state=state, date_updated=updated),
            containers=CveContainers(cna=cna, adp=adp),
            extra=extra,
        ),
        cna,
        adp,
        st.sampled_from(["PUBLISHED", "REJECTED"]),
        _maybe(_TIMESTAMPS),
        _extras(),
    )


def commit_maps() -> st.SearchStrategy[CommitMap]:
    """Maps of a few commits to first-containing CPython-like releases on a few branches."""
    commit = st.sampled_from(["a" * 40, "b" * 40, "c" * 40, "d" * 40])
    release = st.sampled_from(["3.8.1", "3.8.5", "3.9.0a1", "3.9.2", "3.9.7", "3.10.0", "3.10.4"])
    return st.dictionaries(commit, st.lists(release, min_size=1, max_size=3), max_size=4).map(
        CommitMap.of
    )
