"""OSV evaluation: the schema's Evaluation section, done exactly on sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.advisories import (
    Advisory,
    Event,
    EventKind,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Status,
)
from psrt_core.testing import evaluation_points, osv_affected, osv_ranges
from psrt_core.versions import VersionSet
from tests.advisories._reference import osv_range_contains

INTRO, FIX, LAST, LIMIT = (
    EventKind.INTRODUCED,
    EventKind.FIXED,
    EventKind.LAST_AFFECTED,
    EventKind.LIMIT,
)


def _range(*events: tuple[EventKind, str], kind: RangeType = RangeType.ECOSYSTEM) -> OsvRange:
    return OsvRange(kind, tuple(Event(k, v) for k, v in events))


def _advisory(*entries: OsvAffected) -> Advisory:
    return Advisory(OsvRecord(id="PYSEC-0000-1", modified="2024-01-01T00:00:00Z", affected=entries))


def _pypi(*ranges: OsvRange, versions: tuple[str, ...] | None = None) -> OsvAffected:
    return OsvAffected(package=Package("PyPI", "example"), ranges=ranges, versions=versions)


def _affected(*events: tuple[EventKind, str]) -> VersionSet:
    return _advisory(_pypi(_range(*events))).evaluate().affected


def test_introduced_is_inclusive_and_fixed_exclusive() -> None:
    """OSV schema › Evaluation: introduced sets at ``v >= introduced``, fixed clears at ``>=``."""
    affected = _affected((INTRO, "1.0"), (FIX, "2.0"))
    assert affected == VersionSet.interval(Version("1.0"), Version("2.0"))
    assert "1.0" in affected
    assert "2.0" not in affected
    assert "1.0rc1" not in affected  # introduced: 4.2 excludes 4.2rc1 (range-semantics §8.5)


def test_fixed_marks_the_release_candidates_before_it_affected() -> None:
    """OSV ordering is PEP 440: ``fixed: 3.9.20`` marks 3.9.20rc1 affected and 3.9.20.post1 not."""
    affected = _affected((INTRO, "0"), (FIX, "3.9.20"))
    assert "3.9.20rc1" in affected
    assert "3.9.20.post1" not in affected


def test_zero_is_below_every_version_not_version_zero() -> None:
    """OSV schema › introduced: "0" sorts before every version; ``Version("0")`` is above 0a1."""
    affected = _affected((INTRO, "0"), (FIX, "1.0"))
    assert "0a1" in affected
    assert "0.dev0" in affected
    assert not affected.bounded_below
    assert Version("0a1") < Version("0")  # why "0" must not be parsed


def test_last_affected_is_inclusive() -> None:
    """OSV schema › last_affected: clears at ``v > last_affected``, so the version itself is in."""
    affected = _affected((INTRO, "1.0"), (LAST, "1.5"))
    assert "1.5" in affected
    assert "1.5.post1" not in affected
    assert "1.5.1" not in affected


def test_limit_caps_and_star_is_unbounded() -> None:
    """OSV schema › limit: v must be below some limit; ``*`` is infinity; none means ``*``."""
    assert _affected((INTRO, "1.0"), (LIMIT, "1.5")) == VersionSet.interval(
        Version("1.0"), Version("1.5")
    )
    assert _affected((INTRO, "1.0"), (LIMIT, "*")) == VersionSet.at_least(Version("1.0"))
    two_limits = _affected((INTRO, "1.0"), (LIMIT, "1.2"), (LIMIT, "1.4"))
    assert two_limits == VersionSet.interval(Version("1.0"), Version("1.4"))


def test_events_are_sorted_before_the_walk() -> None:
    """OSV schema › Evaluation: events are walked sorted by version, whatever the file order."""
    assert _affected((FIX, "2.0"), (INTRO, "1.0")) == VersionSet.interval(
        Version("1.0"), Version("2.0")
    )


def test_tie_keeps_file_order_pyspark() -> None:
    """range-semantics §1.7: pyspark PYSEC-2022-236 has ``fixed 3.1.1`` then ``introduced 3.1.1``.

    A stable sort keeps the file order, so 3.1.1 ends affected, as the record's versions say.
    """
    affected = _affected((INTRO, "0"), (FIX, "3.1.1"), (INTRO, "3.1.1"), (FIX, "3.2.0"))
    assert "3.1.1" in affected
    assert "3.1.0" in affected
    assert "3.2.0" not in affected


def test_tie_keeps_file_order_iotdb() -> None:
    """range-semantics §1.7: iotdb PYSEC-2022-42972 has ``introduced 0.13.0`` … ``fixed 0.13.0``.

    With a stable sort 0.13.x is not affected; only 0.12.x is.
    """
    affected = _affected((INTRO, "0.12.0"), (INTRO, "0.13.0"), (FIX, "0.13.0"))
    assert "0.12.5" in affected
    assert "0.13.0" not in affected
    assert "0.13.1" not in affected


def test_overlapping_pairs_follow_the_walk_not_the_union_wagtail() -> None:
    """range-semantics §1.7: wagtail PYSEC-2021-114 — the walk leaves 2.11.6 unaffected."""
    affected = _affected(
        (INTRO, "2.11"),
        (FIX, "2.11.7"),
        (INTRO, "0"),
        (FIX, "2.11.6"),
        (INTRO, "2.12"),
        (FIX, "2.12.4"),
    )
    assert "2.11.6" not in affected
    assert "2.11.5" in affected
    assert "2.12.3" in affected


def test_ranges_are_ored() -> None:
    """OSV schema › Evaluation: a version is affected if any range contains it (osv-schema#44)."""
    advisory = _advisory(
        _pypi(_range((INTRO, "1.0"), (FIX, "1.1")), _range((INTRO, "2.0"), (FIX, "2.1")))
    )
    affected = advisory.evaluate().affected
    assert "1.0.5" in affected
    assert "2.0.5" in affected
    assert "1.5" not in affected


def test_versions_list_adds_and_never_removes() -> None:
    """OSV schema › versions: affected if listed *or* in a range; PEP 440 equality is used."""
    advisory = _advisory(_pypi(_range((INTRO, "1.0"), (FIX, "1.1")), versions=("0.8.4-2", "5.0")))
    evaluation = advisory.evaluate()
    assert evaluation.status("0.8.4.post2") is Status.AFFECTED
    assert evaluation.status("5.0.0") is Status.AFFECTED
    assert evaluation.status("1.0.1") is Status.AFFECTED
    assert evaluation.status("3.0") is Status.UNAFFECTED


def test_non_pep440_versions_are_compared_literally() -> None:
    """range-semantics §8.6: legacy strings such as ``0.7.10p1`` are never guessed into order."""
    advisory = _advisory(_pypi(versions=("0.7.10p1",)))
    assert advisory.status("0.7.10p1") is Status.AFFECTED
    assert advisory.status("0.7.10.post1") is Status.UNAFFECTED
    assert advisory.status("0.7.10P1") is Status.UNAFFECTED


def test_non_pep440_event_makes_the_range_unknown() -> None:
    """A range whose events cannot be ordered under PEP 440 is unknown, with the reason."""
    evaluation = _advisory(_pypi(_range((INTRO, "0"), (FIX, "2.0.0-final")))).evaluate()
    assert evaluation.affected.is_empty
    assert evaluation.status("1.0") is Status.UNKNOWN
    assert evaluation.reasons == (
        "$.affected[0].ranges[0]: event version '2.0.0-final' is not PEP 440, so the range "
        "cannot be ordered",
    )


def test_affected_wins_over_unknown() -> None:
    """A version some range marks affected is affected even if another range is unknown."""
    evaluation = _advisory(
        _pypi(_range((INTRO, "1.0"), (FIX, "2.0")), _range((INTRO, "x"), kind=RangeType.ECOSYSTEM))
    ).evaluate()
    assert evaluation.status("1.5") is Status.AFFECTED
    assert evaluation.status("3.0") is Status.UNKNOWN
    assert evaluation.affected.isdisjoint(evaluation.unknown)


def test_semver_and_foreign_ecosystems_are_unknown() -> None:
    """OSV schema › ranges: SEMVER is SemVer 2.0 order and other ecosystems are not PEP 440."""
    semver = _advisory(_pypi(_range((INTRO, "1.0.0"), kind=RangeType.SEMVER))).evaluate()
    assert semver.reasons == (
        "$.affected[0].ranges[0]: SEMVER ranges are not evaluated on PEP 440 versions",
    )
    npm = OsvAffected(package=Package("npm", "left-pad"), ranges=(_range((INTRO, "0")),))
    foreign = _advisory(npm).evaluate()
    assert foreign.reasons == (
        "$.affected[0].ranges[0]: ECOSYSTEM range of npm is not ordered by PEP 440",
    )
    assert foreign.status("1.0") is Status.UNKNOWN


def test_only_entries_about_the_product_count() -> None:
    """OSV schema › Evaluation: only ``affected`` entries whose package matches are consulted."""
    other = OsvAffected(package=Package("PyPI", "other"), ranges=(_range((INTRO, "0")),))
    advisory = _advisory(_pypi(_range((INTRO, "1.0"), (FIX, "2.0"))), other)
    assert advisory.product_name == "example"
    assert advisory.status("0.5") is Status.UNAFFECTED


def test_no_introduced_means_nothing_is_affected() -> None:
    """OSV schema › Evaluation: the walk starts unaffected; without introduced it stays so."""
    assert _affected((FIX, "1.0")).is_empty


@given(osv_ranges(kinds=(INTRO, FIX)), evaluation_points())
def test_walk_matches_reference_introduced_fixed(item: OsvRange, point: Version) -> None:
    """OSV schema › Evaluation pseudo-code, brute force: introduced/fixed ranges."""
    found = _advisory(_pypi(item)).evaluate().affected
    assert (point in found) == osv_range_contains(item, point)


@given(osv_ranges(kinds=(INTRO, LAST)), evaluation_points())
def test_walk_matches_reference_last_affected(item: OsvRange, point: Version) -> None:
    """OSV schema › Evaluation pseudo-code, brute force: introduced/last_affected ranges."""
    found = _advisory(_pypi(item)).evaluate().affected
    assert (point in found) == osv_range_contains(item, point)


@given(osv_ranges(kinds=(INTRO, FIX, LIMIT)), evaluation_points())
def test_walk_matches_reference_with_limits(item: OsvRange, point: Version) -> None:
    """OSV schema › Evaluation pseudo-code, brute force: limits narrow the walk."""
    found = _advisory(_pypi(item)).evaluate().affected
    assert (point in found) == osv_range_contains(item, point)


@given(osv_affected(), st.lists(evaluation_points(), min_size=1, max_size=5))
def test_entry_is_union_of_ranges_and_versions(entry: OsvAffected, points: list[Version]) -> None:
    """OSV schema › Evaluation: any range OR the versions list, checked against the reference."""
    evaluation = _advisory(entry).evaluate()
    for point in points:
        expected = any(osv_range_contains(r, point) for r in entry.ranges or ()) or any(
            Version(v) == point for v in entry.versions or ()
        )
        assert (evaluation.status(point) is Status.AFFECTED) == expected


@given(osv_ranges(kinds=(INTRO, FIX)), st.randoms(use_true_random=False))
def test_result_depends_on_file_order_only_at_ties(item: OsvRange, random: object) -> None:
    """The walk sorts events, so reordering events with distinct versions changes nothing."""
    events = list(item.events)
    values = [e.value for e in events]
    if len({Version(v) if v != "0" else None for v in values}) != len(values):
        return  # ties: file order legitimately matters (pyspark, iotdb)
    random.shuffle(events)  # type: ignore[attr-defined]
    shuffled = OsvRange(item.type, tuple(events))
    assert _advisory(_pypi(item)).evaluate() == _advisory(_pypi(shuffled)).evaluate()
