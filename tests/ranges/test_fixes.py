"""Per-branch ranges from fixed-in versions (issue 5, item 2) over the bundled catalogs."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core import ranges_from_fixes
from psrt_core.exceptions import InvalidInputError, UnknownBranchError
from psrt_core.ranges import (
    BranchState,
    from_cve_versions,
    from_osv_ranges,
    to_cve_versions,
    to_osv_ranges,
)
from psrt_core.serialization import advisory_from_dict
from psrt_core.versions import Catalog, VersionSet
from tests.ranges._fragments import cve_json, osv_json

CPYTHON = psrt_core.cpython_releases()
PIP = psrt_core.pip_releases()
CVE_2024_6232_FIXES = ("3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2")


def test_each_fix_closes_its_branch_with_its_prereleases() -> None:
    """Issue 5 item 2: a fix closes its own branch; its releases before it, pre-releases
    included, are affected. The oldest fixed branch's range reaches down to the bottom."""
    ranges = ranges_from_fixes(CPYTHON, CVE_2024_6232_FIXES)
    assert str(ranges.affected) == (
        "(-inf, 3.8.20) | [3.9.0a1, 3.9.20) | [3.10.0a1, 3.10.15) | [3.11.0a1, 3.11.10) | "
        "[3.12.0a1, 3.12.6) | [3.13.0a1, 3.13.0rc2)"
    )
    assert "3.12.0rc3" in ranges.affected
    assert "3.13.0rc1" in ranges.affected
    assert "3.13.0rc2" not in ranges.affected
    branch = ranges.branch("3.12")
    assert (branch.state, branch.lower, branch.upper, branch.fixed) == (
        BranchState.FIXED,
        Version("3.12.0a1"),
        Version("3.12.6"),
        Version("3.12.6"),
    )


def test_older_branches_without_fix_stay_wholly_affected() -> None:
    """Issue 5 item 2: older branches without a fix stay affected (wholly, nothing introduced)."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8", "3.14.0a3"])
    assert ranges.branch("3.13").state is BranchState.UNFIXED
    assert ranges.branch("3.13").affected == VersionSet.interval(
        Version("3.13.0a1"), Version("3.14.0a1")
    )
    assert ranges.branch("2.7").state is BranchState.UNFIXED
    assert ranges.branch("1.6").lower is None
    assert "2.7.18" in ranges.affected
    assert "3.13.15" in ranges.affected


def test_branches_newer_than_the_newest_fix_are_unaffected() -> None:
    """Issue 5 item 2: branches cut after the fix landed are unaffected."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8", "3.13.1"])
    for name in ("3.14", "3.15", "3.16"):
        item = ranges.branch(name)
        assert item.state is BranchState.UNAFFECTED
        assert item.affected.is_empty
    assert "3.14.0a1" not in ranges.affected
    assert [item.branch for item in ranges.affected_branches()][-2:] == ["3.12", "3.13"]


def unchecked_newer(branch: str) -> str:
    return (
        f"branch {branch} is newer than every fixed branch, so it counts as unaffected, but it "
        "had releases before the fix was released: check that it has the fix, or give its fix "
        "with --fixed-in"
    )


def test_a_newer_branch_released_before_the_fix_gets_a_note() -> None:
    """Cold review: ``--fixed-in 3.12.8`` alone says nothing about 3.13 (3.13.0 shipped before
    3.12.8): the branch keeps the rule's answer (unaffected, cut after the fix) but never
    silently; branches first released after the fix get no note."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8"])
    assert ranges.branch("3.13").state is BranchState.UNAFFECTED
    assert ranges.notes == (unchecked_newer("3.13"), unchecked_newer("3.14"))
    complete = ranges_from_fixes(CPYTHON, ["3.12.8", "3.13.1", "3.14.0a3"])
    assert complete.notes == ()  # 3.15.0a1 came out after 3.14.0a3


def test_nothing_before_the_introduced_version_is_affected() -> None:
    """Issue 5 item 2: affected from the introduced version on; older branches drop out."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8", "3.13.1"], introduced="3.11.4")
    assert str(ranges.affected) == "[3.11.4, 3.12.8) | [3.13.0a1, 3.13.1)"
    assert ranges.branch("3.10").state is BranchState.UNAFFECTED
    assert ranges.branch("3.11").state is BranchState.UNFIXED
    assert ranges.branch("3.11").lower == Version("3.11.4")
    assert ranges.introduced == Version("3.11.4")
    # 3.14 is newer than every fixed branch but had releases before 3.13.1 shipped: a note.
    assert ranges.notes == (unchecked_newer("3.14"),)


def test_supported_branches_without_a_fix_are_reported() -> None:
    """Issue 5 item 2: report the branches supported on a date that have no fix yet."""
    ranges = ranges_from_fixes(CPYTHON, ["3.13.1", "3.14.0a3"], introduced="3.11.0")
    assert ranges.unfixed_supported(CPYTHON, datetime.date(2024, 12, 10)) == ("3.11", "3.12")
    assert ranges.unfixed_supported(CPYTHON, datetime.date(2030, 1, 1)) == ()
    complete = ranges_from_fixes(CPYTHON, CVE_2024_6232_FIXES)
    assert complete.unfixed_supported(CPYTHON, datetime.date(2024, 9, 10)) == ()


def test_two_fixes_on_one_branch_keep_the_earlier_and_say_so() -> None:
    """The earlier of two fixes on a branch closes it; the later is reported in notes."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.9", "3.12.8", "3.12.8"])
    assert ranges.branch("3.12").fixed == Version("3.12.8")
    assert ranges.notes == (
        "branch 3.12 has two fixes, 3.12.8 and 3.12.9: the earlier one closes it",
        unchecked_newer("3.13"),
        unchecked_newer("3.14"),
    )
    assert ranges.fixes == (Version("3.12.8"), Version("3.12.9"))


def test_fix_below_introduced_is_noted_and_closes_nothing() -> None:
    """A fix at or below the introduced version leaves its branch unaffected, with a note."""
    ranges = ranges_from_fixes(CPYTHON, ["3.11.3", "3.12.8"], introduced="3.12.0")
    assert ranges.branch("3.11").state is BranchState.UNAFFECTED
    assert ranges.notes == (
        unchecked_newer("3.13"),
        unchecked_newer("3.14"),
        "fix 3.11.3 is not above the introduced version 3.12.0",
    )


def test_pip_is_one_line_of_releases() -> None:
    """Issue 5 item 2: pip is one line: the lowest fix closes it (CVE-2023-5752: < 23.3)."""
    ranges = ranges_from_fixes(PIP, ["23.3"])
    assert str(ranges.affected) == "(-inf, 23.3)"
    assert len(ranges.releases(PIP)) == 134
    assert [item.branch for item in ranges.branches] == ["pip"]
    later = ranges_from_fixes(PIP, ["24.0", "23.3"], introduced="10.0.0b1")
    assert str(later.affected) == "[10.0.0b1, 23.3)"
    assert later.notes == ("pip is one line of releases: 23.3 closes it, 24.0 add nothing",)
    assert later.unfixed_supported(PIP, datetime.date(2024, 1, 1)) == ()
    backwards = ranges_from_fixes(PIP, ["9.0"], introduced="10.0")
    assert backwards.branches[0].state is BranchState.UNAFFECTED
    assert backwards.notes == ("fix 9.0 is not above the introduced version 10.0",)


def test_commit_map_resolves_fix_and_introduced_commits() -> None:
    """A commit map sends each commit to its first release per branch; versions pass through."""
    commits = {
        "aaa111": ["3.12.6", "3.13.0rc2"],
        "bbb222": ["3.11.10"],
        "ccc333": ["3.11.0a4"],
    }
    ranges = ranges_from_fixes(
        CPYTHON, ["aaa111", "bbb222", "3.10.15"], introduced="ccc333", commit_map=commits
    )
    assert str(ranges.affected) == (
        "[3.11.0a4, 3.11.10) | [3.12.0a1, 3.12.6) | [3.13.0a1, 3.13.0rc2)"
    )


def test_every_bad_fix_is_reported_at_once() -> None:
    """Errors on outside data list every problem with its location and value."""
    with pytest.raises(InvalidInputError) as caught:
        ranges_from_fixes(CPYTHON, ["3.99.1", "not-a-version", "3.12.8"], introduced="x.y")
    assert str(caught.value) == (
        "cpython fixes: fixed_in[0]: names branch 3.99, which the cpython catalog does not "
        "have (got '3.99.1'); fixed_in[1]: is not a PEP 440 version (got 'not-a-version'); "
        "introduced: is not a PEP 440 version (got 'x.y')"
    )
    with pytest.raises(InvalidInputError) as unmapped:
        ranges_from_fixes(CPYTHON, ["deadbeef"], commit_map={"aaa111": ["3.12.6"]})
    assert str(unmapped.value) == (
        "cpython fixes: fixed_in[0]: is not a PEP 440 version nor a commit of the commit map "
        "(got 'deadbeef')"
    )
    with pytest.raises(InvalidInputError) as empty:
        ranges_from_fixes(CPYTHON, [])
    assert str(empty.value) == "cpython fixes: fixed_in: names no fix (got [])"


def test_unknown_branch_lookup_raises_unknown_branch_error() -> None:
    """AffectedRanges.branch names only the catalog's branches; a miss is a lookup error."""
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8"])
    with pytest.raises(UnknownBranchError) as caught:
        ranges.branch("4.0")
    assert str(caught.value) == "cpython has no branch '4.0'"
    assert isinstance(caught.value, LookupError)


def test_branch_without_releases_starts_at_its_floor() -> None:
    """A catalog branch with no release yet starts at X.Y.dev0, the lowest X.Y version."""
    base = CPYTHON
    releases = [r for r in base.releases if r.branch != "3.15"]
    catalog = Catalog(base.product, releases, base.branches, base.scheme)
    ranges = ranges_from_fixes(catalog, ["3.16.0a2"])
    assert ranges.branch("3.15").lower == Version("3.15.dev0")
    assert ranges.branch("3.14").upper == Version("3.15.dev0")


# -- properties -------------------------------------------------------------------------------

RELEASED = CPYTHON.released()
BRANCHES = [b.name for b in CPYTHON.branches if any(r.branch == b.name for r in RELEASED)]


@st.composite
def fix_facts(draw: st.DrawFn) -> tuple[list[str], str | None]:
    """A few branches, each with a fix release drawn from its own released releases."""
    chosen = draw(st.lists(st.sampled_from(BRANCHES), min_size=1, max_size=6, unique=True))
    fixes = []
    for name in chosen:
        own = [r for r in RELEASED if r.branch == name]
        fixes.append(str(draw(st.sampled_from(own)).version))
    introduced = draw(st.none() | st.sampled_from([str(r.version) for r in RELEASED]))
    return fixes, introduced


def reference(fixes: list[str], introduced: str | None) -> list[str]:
    """The issue's rules applied release by release, with no interval arithmetic."""
    fixed: dict[str, Version] = {}
    for text in sorted(fixes, key=Version):
        fixed.setdefault(CPYTHON.branch_of(text), Version(text))
    order = [b.name for b in CPYTHON.branches]
    newest = max(order.index(name) for name in fixed)
    result = []
    for release in RELEASED:
        if introduced is not None and release.version < Version(introduced):
            continue
        if order.index(release.branch) > newest:
            continue
        fix = fixed.get(release.branch)
        if fix is None or release.version < fix:
            result.append(str(release.version))
    return result


@given(fix_facts())
def test_ranges_match_the_rules_release_by_release(facts: tuple[list[str], str | None]) -> None:
    """Issue 5 item 2, brute force: every released release gets the status the rules give."""
    fixes, introduced = facts
    ranges = ranges_from_fixes(CPYTHON, fixes, introduced=introduced)
    assert [str(r.version) for r in ranges.releases(CPYTHON)] == reference(fixes, introduced)


@given(fix_facts())
def test_building_agrees_with_evaluating_its_cve_and_osv_output(
    facts: tuple[list[str], str | None],
) -> None:
    """Issue 5 tests: building from fixes agrees with evaluating the resulting CVE and OSV
    output (CVE JSON 5 first-match with defaultStatus unaffected; OSV event walk)."""
    fixes, introduced = facts
    ranges = ranges_from_fixes(CPYTHON, fixes, introduced=introduced)
    cve = to_cve_versions(ranges.affected, catalog=CPYTHON)
    osv = to_osv_ranges(ranges.affected)
    assert cve.exact
    assert osv.exact
    affected, unknown = from_cve_versions(cve.value, default_status="unaffected")
    assert affected == ranges.affected
    assert unknown.is_empty
    assert from_osv_ranges(osv.value) == ranges.affected
    for entry in cve.value:  # one entry per branch, except the one from the bottom
        if entry.version != "0":
            covered, _ = from_cve_versions([entry], default_status="unaffected")
            assert len({r.branch for r in CPYTHON.select(covered)}) == 1


def test_public_names_are_listed() -> None:
    """psrt_core.ranges exposes exactly its sorted __all__."""
    import psrt_core.ranges

    assert dir(psrt_core.ranges) == sorted(psrt_core.ranges.__all__)
    assert "AffectedIndex" in dir(psrt_core)


def _cve_record(versions: object) -> dict[str, object]:
    """A minimal PSF-style CVE JSON 5 record with one CPython product."""
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2099-0042", "state": "PUBLISHED"},
        "containers": {
            "cna": {
                "providerMetadata": {"orgId": "28c92f92-d60d-412d-b760-e73465c3df22"},
                "descriptions": [{"lang": "en", "value": "Generated."}],
                "affected": [
                    {
                        "vendor": "Python Software Foundation",
                        "product": "CPython",
                        "defaultStatus": "unaffected",
                        "versions": versions,
                    }
                ],
                "references": [{"url": "https://example.invalid/"}],
            }
        },
    }


@given(fix_facts())
def test_advisories_layer_evaluates_the_output_to_the_same_set(
    facts: tuple[list[str], str | None],
) -> None:
    """Issue 5 tests, end to end: the CVE record and the OSV record written from the ranges,
    loaded (psrt_core.serialization.advisory_from_dict) and evaluated by the advisories layer,
    give the same set."""
    fixes, introduced = facts
    ranges = ranges_from_fixes(CPYTHON, fixes, introduced=introduced)
    cve = advisory_from_dict(
        _cve_record(list(cve_json(to_cve_versions(ranges.affected, catalog=CPYTHON).value)))
    )
    assert cve.product is psrt_core.versions.CPYTHON
    assert cve.evaluate().affected == ranges.affected
    assert cve.evaluate().unknown.is_empty
    osv = advisory_from_dict(
        {
            "id": "PSF-2099-42",
            "modified": "2026-01-01T00:00:00Z",
            "affected": [{"ranges": list(osv_json(to_osv_ranges(ranges.affected).value))}],
        }
    )
    assert osv.evaluate().affected == ranges.affected


def test_a_fix_that_is_no_release_is_refused() -> None:
    """Issue 14 ("wrong answer from a valid-looking fix"): a fix the catalog does not list (a
    typo, another epoch, a local version) is refused, every one named with its position, so a
    comparison-only reading can never mark releases affected. Scheduled releases are in the
    catalog, so a fix planned for one is still accepted."""
    with pytest.raises(InvalidInputError) as caught:
        ranges_from_fixes(CPYTHON, ["3.12.80", "3.13.1", "1!3.12.8", "3.12.8+local"])
    assert str(caught.value) == (
        "cpython fixes: fixed_in[0]: is not a release of the cpython catalog (got '3.12.80'); "
        "fixed_in[2]: is not a release of the cpython catalog (got '1!3.12.8'); "
        "fixed_in[3]: is not a release of the cpython catalog (got '3.12.8+local')"
    )


def test_an_epoch_fix_would_have_marked_later_branches_affected() -> None:
    """Why the refusal: ``1!3.12.8`` sorts above every epoch-0 release, so read as a fix it
    closed nothing and left 3.13 and 3.14 affected; another spelling of a release
    (``3.12.8.0``, equal under PEP 440) is that release and is accepted."""
    assert Version("1!3.12.8") > Version("3.14.0")
    ranges = ranges_from_fixes(CPYTHON, ["3.12.8.0"])
    assert ranges.fixes == (Version("3.12.8"),)
    assert ranges.branch("3.13").state is BranchState.UNAFFECTED


def test_an_introduced_version_of_another_epoch_is_refused() -> None:
    """An introduced version in an epoch no release has would leave every release unaffected."""
    with pytest.raises(InvalidInputError, match=r"introduced: has epoch 1, which no cpython"):
        ranges_from_fixes(CPYTHON, ["3.12.8"], introduced="1!3.12.0")


def test_a_scheduled_fix_release_is_accepted() -> None:
    """A fix planned for a scheduled release (in the catalog, not yet out) closes its branch."""
    scheduled = [r for r in CPYTHON.releases if r.scheduled]
    if not scheduled:
        pytest.skip("the bundled catalog has no scheduled release")
    fix = scheduled[0].version
    assert ranges_from_fixes(CPYTHON, [fix]).branch(CPYTHON.branch_of(fix)).fixed == fix


def test_a_commit_mapped_to_a_release_outside_the_catalog_names_that_release() -> None:
    """A fix commit is judged by the release it maps to, and the message says which one."""
    with pytest.raises(InvalidInputError) as caught:
        ranges_from_fixes(CPYTHON, ["aaa111"], commit_map={"aaa111": ["3.12.99"]})
    assert str(caught.value) == (
        "cpython fixes: fixed_in[0]: resolves to 3.12.99, which is not a release of the "
        "cpython catalog (got 'aaa111')"
    )
