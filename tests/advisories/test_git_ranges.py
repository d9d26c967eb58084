"""GIT ranges: unknown without a commit map, evaluated per branch with one."""

from __future__ import annotations

from pathlib import Path
from random import Random

import attrs
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core import load_advisory
from psrt_core.advisories import (
    Advisory,
    CommitMap,
    Event,
    EventKind,
    OsvAffected,
    OsvRange,
    OsvRecord,
    RangeType,
    Status,
)
from psrt_core.serialization import load_commit_map
from psrt_core.testing import commit_maps
from psrt_core.versions import BranchScheme

INTRO, FIX, LAST, LIMIT = (
    EventKind.INTRODUCED,
    EventKind.FIXED,
    EventKind.LAST_AFFECTED,
    EventKind.LIMIT,
)
REPO = "https://github.com/python/cpython"
A1, B2 = "a" * 40, "b" * 40


def _git(*events: tuple[EventKind, str], repo: str | None = REPO) -> Advisory:
    item = OsvRange(RangeType.GIT, tuple(Event(k, v) for k, v in events), repo=repo)
    record = OsvRecord(
        id="PSF-2099-1", modified="2099-01-01T00:00:00Z", affected=(OsvAffected(ranges=(item,)),)
    )
    return Advisory(record)


MAP = CommitMap.of(
    {A1: ["3.12.4", "3.12.5", "3.13.0b2", "v3.13.0", "legacy-trunk"], B2: ["3.11.9"]}
)


def test_commit_map_keeps_the_first_release_per_branch() -> None:
    """A commit maps to the first release containing it on each branch (tags with ``v`` too)."""
    assert MAP[A1] == (Version("3.12.4"), Version("3.13.0b2"))
    assert MAP["A" * 40] == MAP[A1]  # hashes compare lower-case
    assert A1 in MAP
    assert object() not in MAP
    assert len(MAP) == 2
    assert sorted(MAP) == [A1, B2]
    assert MAP.first_on_branch(A1, "3.13") == Version("3.13.0b2")
    assert MAP.first_on_branch(A1, "3.11") is None


def test_commit_map_major_scheme_for_pip() -> None:
    """pip's branches are majors, so one version per major is kept."""
    pip_map = CommitMap.of({A1: ["23.3", "23.3.1", "24.0"]}, scheme=BranchScheme.MAJOR)
    assert pip_map[A1] == (Version("23.3"), Version("24.0"))


def test_git_range_without_commit_map_is_unknown_with_reason() -> None:
    """OSV schema › ranges: GIT ranges cannot be evaluated without the repository."""
    evaluation = _git((INTRO, "0"), (FIX, A1)).evaluate()
    assert evaluation.affected.is_empty
    assert evaluation.status("3.12.0") is Status.UNKNOWN
    assert evaluation.reasons == (
        "GIT range on https://github.com/python/cpython cannot be evaluated on versions without "
        "a commit map",
    )


def test_versions_list_speaks_for_git_ranges_without_a_map() -> None:
    """OSV schema › ranges: GIT ranges keep the need for ``versions``, which then decides."""
    item = OsvRange(RangeType.GIT, (Event(INTRO, "0"), Event(FIX, A1)), repo=REPO)
    entry = OsvAffected(ranges=(item,), versions=("3.12.3",))
    advisory = Advisory(
        OsvRecord(id="PSF-2099-2", modified="2099-01-01T00:00:00Z", affected=(entry,))
    )
    evaluation = advisory.evaluate()
    assert evaluation.unknown.is_empty
    assert evaluation.status("3.12.3") is Status.AFFECTED
    assert evaluation.status("3.12.2") is Status.UNAFFECTED
    # With a commit map, the GIT range is evaluated too and adds to the list.
    assert advisory.evaluate(commit_map=MAP).status("3.12.2") is Status.AFFECTED


def test_empty_versions_list_does_not_speak_for_git_ranges() -> None:
    """OSV schema 1.7 › ranges: a GIT range still needs ``versions``; an empty one names none.

    Every range has an ``introduced``, so an empty list cannot be its expansion to tags: the
    GIT range stays unknown without a commit map (it used to come out unaffected).
    """
    item = OsvRange(RangeType.GIT, (Event(INTRO, "0"), Event(FIX, A1)), repo=REPO)
    entry = OsvAffected(ranges=(item,), versions=())
    advisory = Advisory(
        OsvRecord(id="PSF-2099-2", modified="2099-01-01T00:00:00Z", affected=(entry,))
    )
    evaluation = advisory.evaluate()
    assert evaluation.affected.is_empty
    assert evaluation.status("3.12.2") is Status.UNKNOWN
    assert evaluation.reasons == (
        "GIT range on https://github.com/python/cpython cannot be evaluated on versions without "
        "a commit map",
    )


def test_git_range_with_commit_map_is_evaluated_per_branch() -> None:
    """OSV schema › GIT: a fixed commit clears each branch from its first containing release."""
    advisory = _git((INTRO, "0"), (FIX, A1), (FIX, B2))
    evaluation = advisory.evaluate(commit_map=MAP)
    assert evaluation.unknown.is_empty
    assert evaluation.status("3.12.3") is Status.AFFECTED
    assert evaluation.status("3.12.4") is Status.UNAFFECTED
    assert evaluation.status("3.13.0b1") is Status.AFFECTED
    assert evaluation.status("3.13.0b2") is Status.UNAFFECTED
    assert evaluation.status("3.11.8") is Status.AFFECTED
    assert evaluation.status("3.11.9") is Status.UNAFFECTED
    # A branch no fixed commit reaches stays affected: the backport-missing false positive.
    assert evaluation.status("3.10.14") is Status.AFFECTED


def test_git_introduced_commit_starts_per_branch() -> None:
    """An introduced commit turns each branch on from its first containing release."""
    advisory = _git((INTRO, B2), (FIX, A1))
    evaluation = advisory.evaluate(commit_map=MAP)
    assert evaluation.status("3.11.8") is Status.UNAFFECTED
    assert evaluation.status("3.11.9") is Status.AFFECTED
    assert evaluation.status("3.12.0") is Status.UNAFFECTED  # B2 is in no 3.12 release
    assert evaluation.status("2.7.18") is Status.UNAFFECTED


def test_commit_missing_from_map_is_unknown() -> None:
    """A commit the map does not know leaves the range unknown, naming the commit."""
    evaluation = _git((INTRO, "0"), (FIX, "c" * 40)).evaluate(commit_map=MAP)
    assert evaluation.reasons == (
        f"$.affected[0].ranges[0]: commit {'c' * 40} on {REPO} is not in the commit map",
    )


def test_git_limit_and_last_affected_are_unknown() -> None:
    """Limits and last_affected need ancestry, which a first-tag map cannot give."""
    limited = _git((INTRO, "0"), (LIMIT, A1)).evaluate(commit_map=MAP)
    assert limited.reasons == (
        "$.affected[0].ranges[0]: GIT limit events cannot be placed from a commit map",
    )
    last = _git((INTRO, "0"), (LAST, A1)).evaluate(commit_map=MAP)
    assert last.reasons == (
        "$.affected[0].ranges[0]: GIT last_affected events cannot be placed from a commit map",
    )
    assert (
        _git((INTRO, "0"), (LIMIT, "*")).evaluate(commit_map=MAP).status("1.0") is Status.AFFECTED
    )


def test_git_range_without_repo_is_named_in_the_reason() -> None:
    """The reason names the repository, or says it is unnamed."""
    evaluation = _git((INTRO, "0"), repo=None).evaluate()
    assert evaluation.reasons == (
        "GIT range on an unnamed repository cannot be evaluated on versions without a commit map",
    )


@given(commit_maps(), st.sampled_from(["3.8.3", "3.9.0", "3.9.5", "3.10.2", "3.10.9", "2.7.1"]))
def test_single_fix_matches_per_branch_reference(commit_map: CommitMap, point: str) -> None:
    """introduced 0 + fixed c: affected exactly when c's branch-first release is absent or later.

    The map read literally (the later-branch inference off; it has its own tests).
    """
    commit_map = attrs.evolve(commit_map, infer_later_branches=False)
    for commit in commit_map:
        evaluation = _git((INTRO, "0"), (FIX, commit)).evaluate(commit_map=commit_map)
        version = Version(point)
        first = commit_map.first_on_branch(commit, f"{version.major}.{version.minor}")
        expected = first is None or version < first
        assert (evaluation.status(point) is Status.AFFECTED) == expected


@given(
    commit_maps(),
    st.lists(st.sampled_from(["a" * 40, "b" * 40, "c" * 40, "d" * 40]), max_size=4),
    st.sampled_from(["3.8.3", "3.8.5", "3.9.0a1", "3.9.5", "3.10.2", "3.10.9", "2.7.1", "4.0"]),
)
def test_psf_shape_matches_reference(commit_map: CommitMap, fixes: list[str], point: str) -> None:
    """The PSF shape (introduced 0, fixed per branch): affected unless some fix is in the tag.

    OSV schema › GIT: a release is unaffected once its tag contains any fixed commit. The map
    is read literally (the later-branch inference off).
    """
    commit_map = attrs.evolve(commit_map, infer_later_branches=False)
    fixes = [commit for commit in fixes if commit in commit_map]
    advisory = _git((INTRO, "0"), *((FIX, commit) for commit in fixes))
    version = Version(point)
    branch = f"{version.major}.{version.minor}"
    contains = [
        first
        for commit in fixes
        if (first := commit_map.first_on_branch(commit, branch)) is not None and version >= first
    ]
    expected = Status.UNAFFECTED if contains else Status.AFFECTED
    assert advisory.evaluate(commit_map=commit_map).status(point) is expected


def test_git_tie_at_one_release_does_not_depend_on_file_order() -> None:
    """OSV schema 1.7 › ranges (range-semantics §1.3): in GIT ranges ``<`` is ancestor-of.

    The introducing and the fixing commit both first appear in 3.14.0a1 (review reproducer
    ``gitorder.json``): that release contains the fix, so it and its branch are unaffected,
    whether the file lists ``fixed`` before ``introduced`` or after.
    """
    fixtures = Path(__file__).parent / "fixtures"
    commit_map = load_commit_map(fixtures / "commit-map-same-release.txt")
    fixed_first = load_advisory(fixtures / "osv-git-fixed-first.json")
    events = fixed_first.record.affected[0].ranges[0].events  # type: ignore[union-attr,index]
    introduced_first = _git(*((event.kind, event.value) for event in reversed(events)))
    for advisory in (fixed_first, introduced_first):
        evaluation = advisory.evaluate(commit_map=commit_map)
        assert [evaluation.status(v) for v in ["3.12.5", "3.13.0a1", "3.13.0a6", "3.13.0b1"]] == [
            Status.UNAFFECTED,
            Status.AFFECTED,
            Status.AFFECTED,
            Status.UNAFFECTED,
        ]
        assert evaluation.status("3.14.0a1") is Status.UNAFFECTED
        assert evaluation.status("3.14.2") is Status.UNAFFECTED


@given(
    commit_maps(),
    st.lists(
        st.tuples(
            st.sampled_from([INTRO, FIX]),
            st.sampled_from(["0", "a" * 40, "b" * 40, "c" * 40, "d" * 40]),
        ),
        min_size=1,
        max_size=5,
    ),
    st.randoms(use_true_random=False),
)
def test_git_evaluation_ignores_event_order(
    commit_map: CommitMap, events: list[tuple[EventKind, str]], random: Random
) -> None:
    """OSV schema 1.7 › Evaluation: sorting is the evaluator's job, so the file order of a GIT
    range's events never changes the affected set (ties at one release included)."""
    events = [(kind, value) for kind, value in events if value == "0" or value in commit_map]
    shuffled = list(events)
    random.shuffle(shuffled)
    first = _git(*events).evaluate(commit_map=commit_map)
    second = _git(*shuffled).evaluate(commit_map=commit_map)
    assert first.affected == second.affected
