"""Issue 9: never a silent "unaffected" (unknowns, pre-1.0 records, inference, platforms)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
import yaml
from packaging.version import Version

from psrt_core import load_advisory, ranges_from_fixes
from psrt_core.advisories import (
    Advisory,
    CommitMap,
    CveProduct,
    CveVersion,
    Evaluation,
    Event,
    EventKind,
    JsonMap,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    Status,
    lint,
    normalize_platform,
    platform_applies,
    user_version,
)
from psrt_core.advisories._evaluation import evaluate_cve_product
from psrt_core.exceptions import InvalidRecordError, InvalidVersionError
from psrt_core.ranges import AffectedIndex, BranchState
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    bundled_catalog,
    dump_advisory,
    load_commit_map,
)
from psrt_core.versions import Release, VersionSet

FIXTURES = Path(__file__).parent / "fixtures"
CPYTHON = bundled_catalog("cpython")
PIP = bundled_catalog("pip")
REPO = "https://github.com/python/cpython"
A, B, C, D, MISSING = ("a" * 40, "b" * 40, "c" * 40, "d" * 40, "e" * 40)
INTRO, FIX = EventKind.INTRODUCED, EventKind.FIXED


def _git(*events: tuple[EventKind, str]) -> Advisory:
    item = OsvRange(RangeType.GIT, tuple(Event(k, v) for k, v in events), repo=REPO)
    record = OsvRecord(
        id="PSF-2099-1", modified="2099-01-01T00:00:00Z", affected=(OsvAffected(ranges=(item,)),)
    )
    return Advisory(record)


def _pypi(*events: tuple[EventKind, str], versions: tuple[str, ...] | None = None) -> Advisory:
    item = OsvRange(RangeType.ECOSYSTEM, tuple(Event(k, v) for k, v in events))
    entry = OsvAffected(package=Package("PyPI", "pip"), ranges=(item,), versions=versions)
    return Advisory(
        OsvRecord(id="PYSEC-2099-2", modified="2099-01-01T00:00:00Z", affected=(entry,))
    )


# -- 1. unknown, never unaffected ----------------------------------------------------------


def test_non_pep440_version_inside_an_ecosystem_range_is_unknown() -> None:
    """OSV 1.7 › Evaluation: PyPI ranges order by PEP 440, which cannot place ``0.7.10p1``."""
    evaluation = _pypi((INTRO, "0"), (FIX, "1.3")).evaluate()
    assert evaluation.status("0.7.10p1") is Status.UNKNOWN
    assert evaluation.status("2.0.0-final") is Status.UNKNOWN
    assert evaluation.reasons_for("0.7.10p1") == (
        "$.affected[0].ranges[0]: a version that is not PEP 440 cannot be ordered in the range",
    )
    assert evaluation.status("1.2") is Status.AFFECTED
    assert evaluation.status("1.3") is Status.UNAFFECTED
    # The version line's answer is untouched: nothing PEP 440 is unknown, no reason is listed.
    assert evaluation.unknown.is_empty
    assert evaluation.reasons == ()


def test_listed_literal_stays_affected() -> None:
    """OSV 1.7 › versions: an exact listing decides a literal, even next to a range."""
    evaluation = _pypi((INTRO, "0"), (FIX, "1.3"), versions=("0.7.10p1",)).evaluate()
    assert evaluation.status("0.7.10p1") is Status.AFFECTED
    assert evaluation.reasons_for("0.7.10p1") == ()


def test_reasons_for_a_catalog_release_are_those_of_its_version() -> None:
    """OSV 1.7 › Evaluation: a catalog ``Release`` is asked by its version, as `status` is;
    an affected release has no reason, an undecided one lists the causes holding it."""
    evaluation = Evaluation(
        VersionSet.interval(Version("3.12.0"), Version("3.12.2")),
        [("no commit map", VersionSet.interval(Version("3.12.0"), Version("3.13.0")))],
    )
    assert evaluation.reasons_for(Release("3.12.1")) == ()
    assert evaluation.reasons_for(Release("3.12.4")) == ("no commit map",)
    assert evaluation.reasons_for(Release("3.12.4")) == evaluation.reasons_for("3.12.4")
    assert evaluation.reasons_for(Release("3.13.0")) == ()


def test_cve_range_cannot_order_a_literal_but_an_earlier_exact_entry_decides_it() -> None:
    """CVE 5 › versions: first match wins; a ``lessThan`` range cannot match or miss a literal."""
    product = CveProduct(
        product="pip",
        package_name="pip",
        default_status=Status.UNAFFECTED,
        versions=(
            CveVersion(version="2.0.0-final", status=Status.UNAFFECTED, version_type="python"),
            CveVersion(
                version="0", less_than="23.3", status=Status.AFFECTED, version_type="python"
            ),
        ),
    )
    affected, causes = evaluate_cve_product(product)
    evaluation = Evaluation(affected, causes)
    assert evaluation.status("2.0.0-final") is Status.UNAFFECTED
    assert evaluation.status("0.7.10p1") is Status.UNKNOWN
    assert evaluation.status("23.3") is Status.UNAFFECTED


def test_record_without_affected_is_unknown_everywhere() -> None:
    """An empty ``affected`` says nothing; evaluating it to "nothing affected" would be a guess."""
    evaluation = Advisory(OsvRecord(id="X", modified="2099-01-01T00:00:00Z")).evaluate()
    assert evaluation.status("3.12.0") is Status.UNKNOWN
    assert evaluation.reasons == ("$.affected: the record lists no affected package",)
    entry = OsvAffected(package=Package("PyPI", "pip"))
    bare = Advisory(OsvRecord(id="Y", modified="2099-01-01T00:00:00Z", affected=(entry,)))
    assert bare.evaluate().reasons == ("$.affected[0]: the entry lists no ranges and no versions",)


def test_user_version_must_be_pep440() -> None:
    """Issue 9 item 1: ``3.12.O`` typed by a user is an error, not an unaffected version."""
    assert user_version("3.12.0") == Version("3.12.0")
    with pytest.raises(InvalidVersionError) as caught:
        user_version("3.12.O")
    assert str(caught.value) == "version '3.12.O' is not a valid PEP 440 version"


# -- pre-1.0 OSV -----------------------------------------------------------------------------


def test_pre_1_0_record_is_read_onto_the_1_x_model() -> None:
    """OSV changelog 2021-08-17: ``affects`` became ``affected``; its ranges are one interval."""
    advisory = load_advisory(FIXTURES / "osv-pre-1.0.yaml")
    assert advisory.product_name == "pip"
    assert isinstance(advisory.record, OsvRecord)
    (entry,) = advisory.record.affected or ()
    assert [[(e.kind.value, e.value) for e in item.events] for item in entry.ranges or ()] == [
        [("introduced", "0"), ("fixed", "1" * 40)],
        [("introduced", "0"), ("fixed", "19.2")],
        [("introduced", "20.0"), ("fixed", "20.0.2")],
    ]
    evaluation = advisory.evaluate()
    assert advisory.status("19.1") is Status.AFFECTED
    assert advisory.status("20.0.1") is Status.AFFECTED
    assert advisory.status("0.7.10p1") is Status.UNKNOWN  # no range can order it
    # The GIT range on a fork cannot be placed without a map: the rest is unknown, not "0".
    assert advisory.status("19.2") is Status.UNKNOWN
    assert evaluation.reasons == (
        "GIT range on https://github.com/example/pip cannot be evaluated on versions without a "
        "commit map",
    )
    assert next(str(f) for f in lint(advisory)) == (
        "$.affects: REC002 pre-1.0-layout [info]: pre-1.0 OSV layout (top-level package and "
        "affects): read as affected[]"
    )


def test_pre_1_0_versions_list_maps_to_versions() -> None:
    """A pre-1.0 ``affects.versions`` is the 1.x entry's ``versions``; a listed literal counts."""
    document = {
        "id": "PYSEC-2099-5",
        "modified": "2021-03-15T16:18:00Z",
        "package": {"ecosystem": "PyPI", "name": "pip"},
        "affects": {"ranges": [{"type": "ECOSYSTEM", "fixed": "1.3"}], "versions": ["0.7.10p1"]},
    }
    advisory = advisory_from_dict(document)
    assert isinstance(advisory.record, OsvRecord)
    assert advisory.record.affected is not None
    assert advisory.record.affected[0].versions == ("0.7.10p1",)
    assert advisory.status("0.7.10p1") is Status.AFFECTED
    assert advisory.status("1.2") is Status.AFFECTED
    assert advisory.status("1.3") is Status.UNAFFECTED
    assert advisory_to_dict(advisory) == document


def test_pre_1_0_record_round_trips_in_its_own_layout() -> None:
    """Lossless: the original keys are written back, no 1.x ``affected`` is added."""
    path = FIXTURES / "osv-pre-1.0.yaml"
    original = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    advisory = load_advisory(path)
    assert advisory_to_dict(advisory) == original
    assert yaml.load(dump_advisory(advisory, syntax="yaml"), Loader=yaml.BaseLoader) == original


def test_pre_1_0_record_that_cannot_be_mapped_is_refused() -> None:
    """Never evaluated to nothing: a shape the pre-1.0 layout does not define is an error."""
    document = {
        "id": "PYSEC-2099-3",
        "modified": "2021-03-15T16:18:00Z",
        "package": {"ecosystem": "PyPI", "name": "pip"},
        "affects": {"ranges": [{"type": "ECOSYSTEM", "limit": "3"}], "extra": 1},
    }
    with pytest.raises(InvalidRecordError) as caught:
        advisory_from_dict(document, source="old.json")
    assert str(caught.value) == (
        "old.json: $.affects.ranges[0]: expected {type, repo?, introduced?, fixed?} (got "
        "{'type': 'ECOSYSTEM', 'limit': '3'}); $.affects: keys the pre-1.0 layout does not "
        "define (got ['extra'])"
    )


_PRE_1_0 = {"id": "PYSEC-2099-4", "modified": "2021-03-15T16:18:00Z"}


def _refusal(document: Mapping[str, object]) -> list[str]:
    with pytest.raises(InvalidRecordError) as caught:
        advisory_from_dict(document)
    return [str(problem) for problem in caught.value.problems]


def test_pre_1_0_affects_must_be_an_object() -> None:
    """OSV pre-1.0: ``affects`` is an object; anything else is refused at once, with its value."""
    assert _refusal({**_PRE_1_0, "affects": [1]}) == ["$.affects: expected a JSON object (got [1])"]


def test_pre_1_0_lists_and_package_are_checked_together() -> None:
    """OSV pre-1.0: ``ranges`` and ``versions`` are arrays (versions of strings) and
    ``package`` names an ecosystem and a name; every problem is listed, each with its path."""
    assert _refusal({**_PRE_1_0, "affects": {"ranges": {"type": "GIT"}, "versions": "1.0"}}) == [
        "$.affects.ranges: expected a JSON array (got {'type': 'GIT'})",
        "$.affects.versions: expected a JSON array (got '1.0')",
    ]
    assert _refusal({**_PRE_1_0, "affects": {"versions": ["1.0", 2]}}) == [
        "$.affects.versions: expected a list of strings (got ['1.0', 2])",
    ]
    document = {
        **_PRE_1_0,
        "package": {"ecosystem": "PyPI"},
        "affects": {"ranges": [{"type": "ECOSYSTEM", "fixed": 3}]},
    }
    assert _refusal(document) == [
        "$.package: expected an object with ecosystem and name (got {'ecosystem': 'PyPI'})",
        "$.affects.ranges[0]: every field must be a string (got {'type': 'ECOSYSTEM', 'fixed': 3})",
    ]


def test_pre_1_0_range_needs_a_known_type_and_a_bound() -> None:
    """OSV pre-1.0: a range's ``type`` is SEMVER, ECOSYSTEM or GIT (the value named is the
    type's own), and a range without ``introduced`` and ``fixed`` says nothing: refused."""
    ranges = [{"type": "SEMVERX", "fixed": "3"}, {"type": "ECOSYSTEM"}, {"fixed": "2"}]
    assert _refusal({**_PRE_1_0, "affects": {"ranges": ranges}}) == [
        "$.affects.ranges[0].type: expected one of SEMVER, ECOSYSTEM, GIT (got 'SEMVERX')",
        "$.affects.ranges[1]: a range needs introduced or fixed (got {'type': 'ECOSYSTEM'})",
        "$.affects.ranges[2].type: expected one of SEMVER, ECOSYSTEM, GIT (got None)",
    ]


def test_pre_1_0_range_with_only_introduced_is_open_above() -> None:
    """OSV pre-1.0: a missing ``fixed`` leaves the interval open (one ``introduced`` event);
    without ``package`` the entry has none."""
    document = {**_PRE_1_0, "affects": {"ranges": [{"type": "ECOSYSTEM", "introduced": "3"}]}}
    advisory = advisory_from_dict(document)
    assert isinstance(advisory.record, OsvRecord)
    (entry,) = advisory.record.affected or ()
    assert entry.package is None
    assert [[(e.kind, e.value) for e in item.events] for item in entry.ranges or ()] == [
        [(INTRO, "3")]
    ]
    assert advisory_to_dict(advisory) == document


def test_an_affects_key_that_is_not_the_pre_1_0_layout_is_kept_as_an_unknown_field() -> None:
    """Lossless: a 1.x record (built in code) whose extra ``affects`` is no pre-1.0 layout is
    written with its ``affected`` and the ``affects`` value as given."""
    entry = OsvAffected(package=Package("PyPI", "pip"), versions=("1.0",))
    record = OsvRecord(
        id="PYSEC-2099-6",
        modified="2021-03-15T16:18:00Z",
        affected=(entry,),
        extra=JsonMap.of({"affects": "see the text"}),
    )
    written = advisory_to_dict(record)
    assert written["affects"] == "see the text"
    assert written["affected"] == [
        {"package": {"ecosystem": "PyPI", "name": "pip"}, "versions": ["1.0"]}
    ]


# -- 2. one inference for branches cut after a fix -----------------------------------------


def _convention_map(*, infer: bool = True) -> CommitMap:
    return load_commit_map(FIXTURES / "commit-tags-convention.txt", infer_later_branches=infer)


def test_commit_in_x_y_0_is_in_every_later_branch_of_the_major() -> None:
    """python-security's convention: a commit in 3.12.0 stops listing 3.13 and 3.14."""
    advisory = _git((INTRO, "0"), (FIX, A))
    evaluation = advisory.evaluate(commit_map=_convention_map())
    for version in ("3.11.4", "3.12.0rc3", "2.7.18", "4.0"):
        assert evaluation.status(version) is Status.AFFECTED, version
    for version in ("3.11.5", "3.12.0", "3.13.0a1", "3.13.5", "3.14.0", "3.16.0a1"):
        assert evaluation.status(version) is Status.UNAFFECTED, version
    assert "3.13.0a1" in evaluation.inferred
    assert "3.12.0" not in evaluation.inferred  # read from the map
    literal = advisory.evaluate(commit_map=_convention_map(infer=False))
    assert literal.status("3.13.5") is Status.AFFECTED
    assert literal.inferred.is_empty


def test_commit_after_x_y_0_infers_nothing() -> None:
    """A commit first in 3.12.1 was not on main before 3.13 was cut: the map is read as is."""
    evaluation = _git((INTRO, "0"), (FIX, B)).evaluate(commit_map=_convention_map())
    assert evaluation.status("3.12.1") is Status.UNAFFECTED
    assert evaluation.status("3.13.0") is Status.AFFECTED
    assert evaluation.inferred.is_empty


def test_listed_later_branch_is_read_not_inferred() -> None:
    """The inference never overrides what the map lists (3.13.0b2 for commit C)."""
    reach = _convention_map().reach(C)
    assert Version("3.13.0b1") not in reach.contains
    assert Version("3.13.0b2") in reach.contains
    assert Version("3.14.0a1") in reach.inferred
    assert Version("3.13.0b2") not in reach.inferred
    assert Version("4.0") not in reach.contains  # never across a major


def test_range_and_affected_agree_on_every_fix_commit() -> None:
    """Issue 9 item 3: ``ranges_from_fixes`` and a GIT record give one affected set."""
    for infer in (True, False):
        commit_map = _convention_map(infer=infer)
        for commit in (A, B, C, D):
            ranges = ranges_from_fixes(CPYTHON, [commit], commit_map=commit_map)
            record = _git((INTRO, "0"), (FIX, commit))
            expected = record.affected_versions(CPYTHON, commit_map=commit_map)
            assert ranges.releases(CPYTHON) == expected, (commit, infer)


def test_ranges_from_fixes_marks_inferred_branches() -> None:
    """The output says which branches' statuses were inferred rather than read."""
    ranges = ranges_from_fixes(CPYTHON, [A], commit_map=_convention_map())
    assert ranges.inferred[:3] == ("3.13", "3.14", "3.15")
    assert ranges.branch("3.13").inferred
    assert ranges.branch("3.13").state is BranchState.UNAFFECTED
    assert not ranges.branch("3.12").inferred
    assert ranges.branch("3.12").state is BranchState.FIXED
    assert ranges.branch("3.10").state is BranchState.UNFIXED


def test_pip_one_line_inference_matches_one_line_ranges() -> None:
    """pip releases one line from main: a commit in 23.3 is in every later major."""
    commit_map = CommitMap.of({A: ["23.3"]}, scheme=PIP.scheme)
    record = _git((INTRO, "0"), (FIX, A))
    assert record.status("24.0", commit_map=commit_map) is Status.UNAFFECTED
    ranges = ranges_from_fixes(PIP, [A], commit_map=commit_map)
    assert ranges.releases(PIP) == record.affected_versions(PIP, commit_map=commit_map)


# -- 3. per-branch unknowns -----------------------------------------------------------------


def test_missing_fix_commit_leaves_only_branches_without_a_known_fix_unknown() -> None:
    """Issue 9 item 4: the other branches' fixes are known, so they keep their answer."""
    commit_map = CommitMap.of(
        {A: ["3.11.5"], C: ["3.12.4", "3.13.0b2"]}, infer_later_branches=False
    )
    evaluation = _git((INTRO, "0"), (FIX, A), (FIX, C), (FIX, MISSING)).evaluate(
        commit_map=commit_map
    )
    assert evaluation.status("3.11.4") is Status.AFFECTED
    assert evaluation.status("3.11.5") is Status.UNAFFECTED
    assert evaluation.status("3.12.3") is Status.AFFECTED
    assert evaluation.status("3.13.0b1") is Status.AFFECTED
    # No known fix reaches 3.10 or 3.14: the missing commit could close them.
    assert evaluation.status("3.10.14") is Status.UNKNOWN
    assert evaluation.status("3.14.0") is Status.UNKNOWN
    assert evaluation.reasons == (
        f"$.affected[0].ranges[0]: commit {MISSING} on {REPO} is not in the commit map",
    )


def test_missing_introduced_commit_leaves_branches_without_a_known_introduced_unknown() -> None:
    """A missing ``introduced`` could open any branch no known ``introduced`` reaches."""
    commit_map = CommitMap.of({A: ["3.12.2"], C: ["3.12.6"]}, infer_later_branches=False)
    evaluation = _git((INTRO, A), (INTRO, MISSING), (FIX, C)).evaluate(commit_map=commit_map)
    assert evaluation.status("3.12.1") is Status.UNAFFECTED
    assert evaluation.status("3.12.2") is Status.AFFECTED
    assert evaluation.status("3.12.6") is Status.UNAFFECTED
    assert evaluation.status("3.11.0") is Status.UNKNOWN


def test_whole_psf_sample_keeps_known_branches_with_one_commit_missing(samples: Path) -> None:
    """PSF-2024-4 (real): dropping one fix commit from a full map unsettles one branch only."""
    advisory = load_advisory(samples / "osv-psf" / "PSF-2024-4.json")
    assert isinstance(advisory.record, OsvRecord)
    (entry,) = advisory.record.affected or ()
    fixed = [e.value for item in entry.ranges or () for e in item.events if e.kind is FIX]
    assert len(fixed) >= 2
    full: dict[str, list[str]] = {commit: [] for commit in fixed}
    # Each fix commit "first in" the newest release of a distinct branch.
    branches = ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.5", "3.13.0rc1", "3.14.0a1"]
    for commit, version in zip(fixed, branches, strict=False):
        full[commit] = [version]
    partial = CommitMap.of({c: v for c, v in full.items() if c != fixed[0]})
    evaluation = advisory.evaluate(commit_map=partial)
    known = list(branches[1 : len(fixed)])
    for version in known:
        assert evaluation.status(version) is Status.UNAFFECTED, version
    assert evaluation.status("3.8.19") is Status.UNKNOWN
    assert len(evaluation.reasons) == 1


# -- 4. platforms ---------------------------------------------------------------------------


def test_platform_names_are_normalised() -> None:
    """CVE 5 › platforms is free text: the documented mapping."""
    assert [normalize_platform(n) for n in ("Windows", "win32", "MacOS", "Mac OS X", "POSIX")] == [
        "windows",
        "windows",
        "macos",
        "macos",
        "posix",
    ]
    assert platform_applies(frozenset({"posix"}), "linux")
    assert platform_applies(frozenset({"linux"}), "POSIX")
    assert not platform_applies(frozenset({"windows"}), "linux")
    assert platform_applies(None, "windows")


def test_windows_only_cve_is_unaffected_on_linux() -> None:
    """CVE 5 › affected[].platforms: an entry applies only on the platforms it names."""
    advisory = load_advisory(FIXTURES / "cve-windows-only.json")
    assert advisory.platforms == frozenset({"windows", "macos", "linux"})
    assert advisory.status("3.12.3", platform="Windows") is Status.AFFECTED
    assert advisory.status("3.12.3", platform="linux") is Status.UNAFFECTED
    assert advisory.status("3.12.1", platform="linux") is Status.AFFECTED
    assert advisory.status("3.13.0a2", platform="macos") is Status.UNAFFECTED
    assert advisory.status("3.13.0a2") is Status.AFFECTED  # all platforms: some is affected
    assert advisory.evaluate(platform="linux").platforms == frozenset({"linux"})
    assert advisory.evaluate().platforms == frozenset({"windows", "macos", "linux"})


def test_real_windows_only_sample(samples: Path) -> None:
    """CVE-2024-3219 (real, ``platforms: ["Windows"]``) affects no Linux release."""
    advisory = load_advisory(samples / "cve" / "CVE-2024-3219.json")
    assert advisory.platforms == frozenset({"windows"})
    assert advisory.affected_versions(CPYTHON, platform="linux") == ()
    assert advisory.affected_versions(CPYTHON, platform="windows")


def test_osv_entry_platforms_are_read_from_ecosystem_specific() -> None:
    """OSV has no platform field; ``ecosystem_specific.platforms`` is read the same way."""
    document = {
        "id": "PYSEC-2099-4",
        "modified": "2099-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "pip"},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2"}]}],
                "ecosystem_specific": {"platforms": ["Windows"]},
            }
        ],
    }
    advisory = advisory_from_dict(document)
    assert advisory.platforms == frozenset({"windows"})
    assert advisory.status("1.0", platform="linux") is Status.UNAFFECTED
    assert advisory.status("1.0", platform="windows") is Status.AFFECTED


# -- 5. withdrawn and rejected --------------------------------------------------------------


def test_withdrawn_osv_record_is_flagged_and_linted() -> None:
    """OSV 1.7 › withdrawn: the entry is no longer valid."""
    advisory = load_advisory(FIXTURES / "osv-withdrawn.json")
    assert advisory.withdrawn
    assert advisory.withdrawn_at == "2099-02-01T00:00:00Z"
    assert [str(f) for f in lint(advisory)] == [
        "$.withdrawn: REC001 withdrawn [warning]: the record is withdrawn on "
        "2099-02-01T00:00:00Z: it describes no vulnerability"
    ]


def test_rejected_cve_record_is_flagged_and_round_trips() -> None:
    """CVE 5 › cveMetadata.state ``REJECTED`` (with ``dateRejected``)."""
    path = FIXTURES / "cve-rejected.json"
    advisory = load_advisory(path)
    assert advisory.withdrawn
    assert advisory.withdrawn_at == "2099-03-01T00:00:00.000Z"
    assert "REC001" in [f.code for f in lint(advisory)]
    assert advisory_to_dict(advisory) == json.loads(path.read_text(encoding="utf-8"))


def test_index_leaves_withdrawn_records_out_unless_asked() -> None:
    """Issue 9 item 6: "which advisories affect V" skips withdrawn records by default."""
    live = _pypi((INTRO, "0"), (FIX, "23.3"))
    withdrawn = load_advisory(FIXTURES / "osv-withdrawn.json")
    index = AffectedIndex.build(PIP, [live, withdrawn])
    assert index.advisories_affecting("23.2") == frozenset({"PYSEC-2099-2"})
    everything = AffectedIndex.build(PIP, [live, withdrawn], include_withdrawn=True)
    assert everything.advisories_affecting("23.2") == frozenset({"PYSEC-2099-2", "PSF-2099-9"})


def test_live_record_is_not_withdrawn() -> None:
    """A record without ``withdrawn`` / a PUBLISHED CVE is live."""
    assert not _pypi((INTRO, "0")).withdrawn
    assert _pypi((INTRO, "0")).withdrawn_at is None
    assert not attrs.evolve(load_advisory(FIXTURES / "cve-windows-only.json")).withdrawn


@pytest.mark.parametrize(
    ("name", "expected"),
    [("freebsd14", "freebsd"), ("sunos5", "solaris"), ("aix7", "aix"), ("openbsd7", "openbsd")],
)
def test_numbered_sys_platform_names_lose_their_number(name: str, expected: str) -> None:
    """``sys.platform`` carries a release number on some systems; a POSIX-only record must
    still reach them (CVE JSON 5 › affected[].platforms ``POSIX``)."""
    assert normalize_platform(name) == expected
    assert platform_applies(frozenset({"posix"}), name)
    assert not platform_applies(frozenset({"windows"}), name)


def test_an_unknown_platform_is_never_excluded() -> None:
    """Never a silent "not affected": a platform psrt-core does not know (``wasi``) cannot be
    ruled out by a record limited to Windows; a known other platform (``linux``) is."""
    assert platform_applies(frozenset({"windows"}), "wasi")
    assert platform_applies(frozenset({"windows"}), "emscripten")
    assert not platform_applies(frozenset({"windows"}), "linux")
