"""Lint findings: stable codes, levels, JSON paths and exact messages."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from psrt_core import load_advisory
from psrt_core.advisories import (
    Advisory,
    CnaContainer,
    CveContainers,
    CveMetadata,
    CveProduct,
    CveRecord,
    CveVersion,
    EventKind,
    Finding,
    Level,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Status,
    lint,
    lint_all,
    lint_checks,
)
from psrt_core.advisories._sweep import first_overlaps
from psrt_core.serialization import bundled_catalog
from psrt_core.versions import Catalog, VersionSet
from tests.advisories.test_osv_evaluation import _range

INTRO, FIX, LAST = EventKind.INTRODUCED, EventKind.FIXED, EventKind.LAST_AFFECTED


def _osv(
    *entries: OsvAffected, aliases: tuple[str, ...] | None = None, id: str = "PYSEC-2099-1"
) -> Advisory:
    return Advisory(
        OsvRecord(id=id, modified="2099-01-01T00:00:00Z", affected=entries, aliases=aliases)
    )


def _pypi(*ranges: OsvRange, versions: tuple[str, ...] | None = None) -> OsvAffected:
    return OsvAffected(package=Package("PyPI", "example"), ranges=ranges, versions=versions)


def _cve(*versions: CveVersion, default: Status | None = Status.UNAFFECTED) -> Advisory:
    product = CveProduct(product="CPython", versions=versions, default_status=default)
    return Advisory(
        CveRecord(
            data_type="CVE_RECORD",
            data_version="5.1",
            cve_metadata=CveMetadata(cve_id="CVE-2099-0001", state="PUBLISHED"),
            containers=CveContainers(cna=CnaContainer(affected=(product,))),
        )
    )


def _py(lower: str, upper: str, *, kind: str = "python") -> CveVersion:
    return CveVersion(version=lower, less_than=upper, status=Status.AFFECTED, version_type=kind)


def _codes(findings: tuple[Finding, ...]) -> list[str]:
    return [f.code for f in findings]


def test_check_table_is_stable() -> None:
    """Codes, names and levels are a public contract; this pins every one of them."""
    assert {code: (name, level.value) for code, (name, level) in lint_checks().items()} == {
        "OSV001": ("events-out-of-order", "warning"),
        "OSV002": ("overlapping-intervals", "error"),
        "OSV003": ("introduced-equals-fixed", "error"),
        "OSV004": ("fixed-and-last-affected", "error"),
        "OSV005": ("not-pep440", "warning"),
        "OSV006": ("versions-outside-ranges", "warning"),
        "OSV007": ("ranges-beyond-versions", "warning"),
        "OSV008": ("git-only", "info"),
        "OSV009": ("range-without-introduced", "error"),
        "OSV010": ("git-range-without-repo", "error"),
        "CVE001": ("entries-overlap", "warning"),
        "CVE002": ("entries-out-of-order", "info"),
        "CVE003": ("prereleases-uncovered", "warning"),
        "CVE004": ("custom-version-type", "warning"),
        "CVE005": ("missing-default-status", "warning"),
        "CVE006": ("not-pep440", "warning"),
        "RUN001": ("alias-shared", "error"),
        "REC001": ("withdrawn", "warning"),
        "REC002": ("pre-1.0-layout", "info"),
    }


def test_clean_record_has_no_findings() -> None:
    """A sorted, non-overlapping range with a matching versions list is clean."""
    assert lint(_osv(_pypi(_range((INTRO, "1.0"), (FIX, "1.1")), versions=("1.0", "1.0.5")))) == ()


def test_events_out_of_order() -> None:
    """OSV schema › ranges: sorting is recommended; 69 pypa records do not sort."""
    (finding,) = lint(_osv(_pypi(_range((FIX, "2.0"), (INTRO, "1.0")))))
    assert str(finding) == (
        "$.affected[0].ranges[0].events: OSV001 events-out-of-order [warning]: events are not "
        "sorted by version"
    )


def test_overlapping_intervals_wagtail() -> None:
    """range-semantics §1.7: overlapping pairs in one range; the walk differs from the union."""
    findings = lint(
        _osv(_pypi(_range((INTRO, "2.11"), (FIX, "2.11.7"), (INTRO, "0"), (FIX, "2.11.6"))))
    )
    assert _codes(findings) == ["OSV001", "OSV002"]
    assert findings[1].level is Level.ERROR
    assert findings[1].message == (
        "intervals overlap: the spec walk gives (-inf, 2.11.6), their union is (-inf, 2.11.7)"
    )


def test_overlap_that_the_walk_agrees_with_is_not_reported() -> None:
    """Nested intervals whose walk equals their union are harmless."""
    assert _codes(lint(_osv(_pypi(_range((INTRO, "1.0"), (INTRO, "1.5"), (FIX, "2.0")))))) == []


def test_introduced_equals_fixed_pyspark() -> None:
    """osv-linter RNG:002: the same version introduced and fixed; the result hangs on file order."""
    findings = lint(
        _osv(_pypi(_range((INTRO, "0"), (FIX, "3.1.1"), (INTRO, "3.1.1"), (FIX, "3.2"))))
    )
    assert [str(f) for f in findings] == [
        "$.affected[0].ranges[0].events[1]: OSV003 introduced-equals-fixed [error]: introduced "
        "and fixed at the same version 3.1.1: the result depends on their file order"
    ]


def test_fixed_and_last_affected_and_no_introduced() -> None:
    """OSV schema › ranges: fixed and last_affected never share a range; introduced is required."""
    both = lint(_osv(_pypi(_range((INTRO, "1.0"), (FIX, "1.2"), (LAST, "1.5")))))
    assert "OSV004" in _codes(both)
    none = lint(_osv(_pypi(_range((FIX, "1.0")))))
    assert _codes(none) == ["OSV009"]
    assert none[0].message == "the range has no introduced event, so it contains nothing"


def test_not_pep440_in_events_and_versions() -> None:
    """range-semantics §1.7: legacy strings in events and in versions."""
    findings = lint(_osv(_pypi(_range((INTRO, "0"), (FIX, "2.0.0-final")), versions=("0.7.10p1",))))
    assert [(f.code, f.location, f.message) for f in findings] == [
        ("OSV005", "$.affected[0].ranges[0].events[1]", "'2.0.0-final' is not a PEP 440 version"),
        ("OSV005", "$.affected[0].versions[0]", "'0.7.10p1' is not a PEP 440 version"),
    ]


def test_versions_outside_ranges_and_ranges_beyond_versions(toy: Catalog) -> None:
    """OSV schema › versions: the list and the ranges should describe the same releases."""
    advisory = _osv(_pypi(_range((INTRO, "1.0.0"), (FIX, "1.1.0")), versions=("1.0.0", "1.1.1")))
    findings = lint(advisory, catalog=toy)
    assert [str(f) for f in findings] == [
        "$.affected[0].versions[1]: OSV006 versions-outside-ranges [warning]: 1.1.1 is listed "
        "but the ranges exclude it",
        "$.affected[0].versions: OSV007 ranges-beyond-versions [warning]: the ranges cover "
        "example releases the list omits: 1.0.1, 1.0.2, 1.1.0a1",
    ]


def test_unevaluable_ranges_skip_the_versions_comparison() -> None:
    """When a range cannot be evaluated, the versions list is not compared with it."""
    advisory = _osv(_pypi(_range((INTRO, "0"), (FIX, "x-y")), versions=("5.0",)))
    assert _codes(lint(advisory)) == ["OSV005"]


def test_git_only_and_git_without_repo() -> None:
    """range-semantics §8.9: GIT-only entries cannot be evaluated on versions; GIT needs repo."""
    entry = OsvAffected(ranges=(OsvRange(RangeType.GIT, _range((INTRO, "0")).events),))
    assert [str(f) for f in lint(_osv(entry))] == [
        "$.affected[0].ranges[0]: OSV010 git-range-without-repo [error]: a GIT range needs repo",
        "$.affected[0]: OSV008 git-only [info]: only GIT ranges and no versions: the entry "
        "cannot be evaluated on versions without a commit map",
    ]


def test_semver_ranges_only_get_shape_checks() -> None:
    """SEMVER ranges are not PEP 440, so only the kind-independent checks apply."""
    item = OsvRange(RangeType.SEMVER, _range((FIX, "1.0.0"), (INTRO, "0")).events)
    assert _codes(lint(_osv(_pypi(item)))) == []


def test_cve_overlap_order_custom_default_and_bad_versions() -> None:
    """CVE 5 › versions: entries should be disjoint; custom cannot be evaluated; defaultStatus."""
    advisory = _cve(
        _py("3.12.0a1", "3.12.6"),
        _py("0", "3.12.2"),
        _py("a", "b", kind="custom"),
        _py("1.0", "2.0-final"),
        default=None,
    )
    assert [str(f) for f in lint(advisory)] == [
        "$.containers.cna.affected[0]: CVE005 missing-default-status [warning]: no "
        "defaultStatus: versions no entry matches are unknown",
        "$.containers.cna.affected[0].versions[2]: CVE004 custom-version-type [warning]: "
        "versionType custom cannot be evaluated",
        "$.containers.cna.affected[0].versions[2].version: CVE006 not-pep440 [warning]: 'a' is "
        "not a PEP 440 version",
        "$.containers.cna.affected[0].versions[2].lessThan: CVE006 not-pep440 [warning]: 'b' is "
        "not a PEP 440 version",
        "$.containers.cna.affected[0].versions[3].lessThan: CVE006 not-pep440 [warning]: "
        "'2.0-final' is not a PEP 440 version",
        "$.containers.cna.affected[0].versions[1]: CVE001 entries-overlap [warning]: overlaps "
        "versions[0]: the first match wins on [3.12.0a1, 3.12.2)",
        "$.containers.cna.affected[0].versions: CVE002 entries-out-of-order [info]: entries are "
        "not in ascending version order",
    ]


def test_cve_series_bounds_are_pep440_enough() -> None:
    """``2.*`` in an upper bound is the whole series, not a bad version; ``x.*`` is bad."""
    assert lint(_cve(_py("1.0", "2.*"))) == ()
    assert [f.location for f in lint(_cve(_py("1.0", "x.*")))] == [
        "$.containers.cna.affected[0].versions[0].lessThan"
    ]


def test_cve_prereleases_uncovered_with_and_without_catalog(toy: Catalog) -> None:
    """range-semantics §2.5: a branch range starting at X.Y.0 leaves X.Y.0's pre-releases out."""
    advisory = _cve(_py("0", "1.0.2"), _py("1.1.0", "1.1.2"))
    findings = lint(advisory, catalog=toy)
    assert [str(f) for f in findings] == [
        "$.containers.cna.affected[0].versions[1]: CVE003 prereleases-uncovered [warning]: the "
        "range starts at 1.1.0, so 1.1.0a1 match no entry and get defaultStatus unaffected",
    ]
    without = lint(_cve(_py("1.1.0", "1.1.2"), default=None))
    assert without[-1].message == (
        "the range starts at 1.1.0, so 1.1.0 pre-releases match no entry and get defaultStatus "
        "unknown (absent)"
    )
    covered = lint(
        _cve(_py("1.1.0.dev0", "1.1.0b1"), _py("1.1.0b1", "1.1.0"), _py("1.1.0", "1.1.2"))
    )
    assert _codes(covered) == []


def test_cve_fixture_is_clean_but_for_prereleases(fixtures: Path) -> None:
    """The PSF-style fixture: per-branch ranges starting at 3.12.0 trip CVE003 only."""
    findings = lint(
        load_advisory(fixtures / "cve-cpython.json"), catalog=bundled_catalog("cpython")
    )
    assert _codes(findings) == ["CVE003"]
    assert findings[0].location == "$.containers.cna.affected[0].versions[1]"
    assert findings[0].message.startswith("the range starts at 3.12.0, so 3.12.0a1, 3.12.0a2,")


def test_alias_shared_across_records() -> None:
    """range-semantics §3.4: PSF-2023-5 and PSF-2023-6 both alias CVE-2022-48566."""
    first = _osv(aliases=("CVE-2022-48566",), id="PSF-2023-5")
    second = _osv(aliases=("GHSA-x", "CVE-2022-48566"), id="PSF-2023-6")
    third = _osv(aliases=("CVE-2099-1",), id="PSF-2023-7")
    results = lint_all([first, second, third])
    assert [[str(f) for f in findings] for findings in results] == [
        [
            "$.aliases[0]: RUN001 alias-shared [error]: CVE-2022-48566 is also an alias of "
            "PSF-2023-6"
        ],
        [
            "$.aliases[1]: RUN001 alias-shared [error]: CVE-2022-48566 is also an alias of "
            "PSF-2023-5"
        ],
        [],
    ]


def test_introduced_star_is_linted_not_a_crash(fixtures: Path) -> None:
    """OSV schema 1.7 › ranges, range-semantics §8.3: ``"*"`` is the top, ``"0"`` the bottom.

    ``introduced: "*"`` (review reproducer ``star.json``) used to reach ``Version("*")`` in
    the overlap check; it starts an empty interval, and the record is only out of order.
    """
    findings = lint(load_advisory(fixtures / "osv-introduced-star.json"))
    assert [str(f) for f in findings] == [
        "$.affected[0].ranges[0].events: OSV001 events-out-of-order [warning]: events are not "
        "sorted by version"
    ]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([INTRO, FIX, LAST, EventKind.LIMIT]),
            st.sampled_from(["0", "*", "1.0", "2.0rc1", "2.0"]),
        ),
        max_size=5,
    )
)
def test_lint_never_raises_on_bounds(events: list[tuple[EventKind, str]]) -> None:
    """OSV schema 1.7 › ranges: ``"0"`` and ``"*"`` may stand in any event; lint reports, never
    raises, and its overlap check reads them as the walk does."""
    findings = lint(_osv(_pypi(_range(*events))))
    assert all(isinstance(finding, Finding) for finding in findings)


def test_overlap_sweep_compares_non_pep440_members_literally() -> None:
    """OSV 1.7 › versions: a non-PEP 440 string overlaps only the same string, in any set.

    The sweep finds, for each set, the first earlier set it shares a member with; literal
    members are compared among the sets that hold one (set 4 meets set 2, not set 0).
    """
    sets = [
        VersionSet.of(["0.7.10p1", "1.0"]),
        VersionSet.of(["0.7.10p1"]),
        VersionSet.of(["2.0", "x-y"]),
        None,
        VersionSet.of(["x-y"]),
        VersionSet.of(["other"]),
    ]
    assert first_overlaps(sets) == [(1, 0), (4, 2)]
