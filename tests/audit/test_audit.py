"""`psrt_core.ranges.audit` on the real samples, against answers computed by hand.

Issue 11 item 1: per vulnerability affected / not affected / unknown (with why), the first
fixed release on the target's branch, the smallest upgrade; copies merged by id and aliases,
the newest ``modified`` speaking.
"""

from __future__ import annotations

import platform
from pathlib import Path

import attrs
import pytest
from packaging.version import Version

from psrt_core.advisories import CommitMap, normalize_platform
from psrt_core.exceptions import InvalidInputError
from psrt_core.ranges import (
    AuditIndex,
    AuditReport,
    Upgrade,
    Verdict,
    audit,
    merge_advisories,
)
from psrt_core.serialization import advisory_from_dict, cpython_releases, pip_releases
from tests.audit._expected import (
    cve_affected_ids,
    cve_documents,
    fix_bounds,
    git_fixed_affected,
)
from tests.audit.conftest import load_all

RUNNING = Version(platform.python_version().rstrip("+"))
# 3.13.0 is pinned as well: CVE-2024-9287 ends "<= 3.13.0", a lessThanOrEqual bound.
TARGETS = [Version("3.12.3"), Version("3.9.0"), Version("3.13.0"), RUNNING]
CATALOGS = (cpython_releases(), pip_releases())


def index_of(*folders: Path, commit_map: CommitMap | None = None) -> AuditIndex:
    advisories = [advisory for folder in folders for advisory in load_all(folder)]
    return AuditIndex.build(advisories, CATALOGS, commit_map=commit_map)


def ids_with(report: AuditReport, verdict: Verdict, *, product: str = "cpython") -> set[str]:
    target = report.python if product == "cpython" else report.pip
    assert target is not None
    return {finding.id for finding in target.with_verdict(verdict)}


@pytest.mark.parametrize("target", TARGETS, ids=str)
@pytest.mark.parametrize("where", ["linux", "windows"])
def test_cve_samples_match_the_records_read_by_hand(
    samples: Path, target: Version, where: str
) -> None:
    """CVE 5 › versions (first match decides, else defaultStatus) and › platforms, by hand."""
    report = audit(target, platform=where, index=index_of(samples / "cve"))
    expected = cve_affected_ids(cve_documents(samples / "cve"), "cpython", target, where)
    assert ids_with(report, Verdict.AFFECTED) == expected
    assert ids_with(report, Verdict.UNKNOWN) == set()
    assert report.affected is bool(expected)


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_fixed_in_is_the_records_fix_on_the_branch(samples: Path, target: Version) -> None:
    """The first fixed release on the branch is the record's ``lessThan`` on that branch."""
    documents = cve_documents(samples / "cve")
    report = audit(target, platform="linux", index=index_of(samples / "cve"))
    for finding in report.python.with_verdict(Verdict.AFFECTED):
        releases = [release.version for release in cpython_releases().released()]
        on_branch = [
            bound
            for bound in fix_bounds(documents[finding.id], releases)
            if (bound.major, bound.minor) == (target.major, target.minor)
            and not bound.is_prerelease
        ]
        assert finding.fixed_in == (on_branch[0] if on_branch else None), finding.id


def test_psf_records_without_a_commit_map_are_unknown_with_why(samples: Path) -> None:
    """range-semantics: a GIT range names commits; without a map nothing is decided."""
    report = audit(Version("3.12.3"), platform="linux", index=index_of(samples / "osv-psf"))
    assert len(report.python.findings) == 30
    assert {f.verdict for f in report.python.findings} == {Verdict.UNKNOWN}
    assert {f.why for f in report.python.findings} == {
        "GIT range on https://github.com/python/cpython cannot be evaluated on versions "
        "without a commit map"
    }
    assert report.affected is False
    assert report.python.upgrade is None


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_psf_records_with_a_commit_map(
    samples: Path, commit_map: CommitMap, commit_map_document: dict[str, list[str]], target: Version
) -> None:
    """OSV 1.7 › GIT ranges with a commit map: affected below the first fix on the branch."""
    documents = cve_documents(samples / "cve")
    report = audit(
        target, platform="linux", index=index_of(samples / "osv-psf", commit_map=commit_map)
    )
    mapped: dict[str, bool] = {}
    for finding in report.python.findings:
        twins = [documents[alias] for alias in finding.vulnerability.aliases if alias in documents]
        if twins:
            mapped[finding.id] = git_fixed_affected(fix_bounds(twins[0]), target)
        elif finding.id == "PSF-2023-4":  # introduced 0 and no fix at all: every version
            mapped[finding.id] = True
        else:
            assert finding.verdict is Verdict.UNKNOWN
            assert "is not in the commit map" in finding.why
    assert mapped.keys() == {"PSF-2023-4", "PSF-2024-1", "PSF-2024-4", "PSF-2024-11"}
    assert ids_with(report, Verdict.AFFECTED) == {key for key, hit in mapped.items() if hit}


def test_a_pysec_and_its_cve_are_one_vulnerability(samples: Path) -> None:
    """PYSEC-2023-228 names CVE-2023-5752 as an alias: one finding, the newer copy speaking."""
    index = index_of(samples / "cve", samples / "osv-pypa" / "pip")
    report = audit(Version("3.12.3"), platform="linux", index=index, pip=Version("23.2.1"))
    assert report.pip is not None
    [finding] = report.pip.with_verdict(Verdict.AFFECTED)
    assert finding.id == "PYSEC-2023-228"  # modified 2023-11-03 > the CVE's 2023-10-24
    assert finding.vulnerability.aliases == ("CVE-2023-5752",)
    assert {copy.id for copy in finding.vulnerability.copies} == {
        "PYSEC-2023-228",
        "CVE-2023-5752",
    }
    assert finding.fixed_in == Version("23.3")
    assert report.pip.upgrade == Upgrade(Version("23.3"), True, "upgrade to 23.3")
    assert [f.id for f in report.pip.findings if f.id == "CVE-2023-5752"] == []


def test_two_revisions_of_one_cve_merge_and_the_newest_speaks(samples: Path) -> None:
    """CVE-2024-6232 in two revisions: the 2025 one (fixes per branch) decides, not 2024's."""
    report = audit(Version("3.12.3"), platform="linux", index=index_of(samples / "cve"))
    [finding] = [f for f in report.python.findings if f.id == "CVE-2024-6232"]
    assert len(finding.vulnerability.copies) == 2
    assert finding.vulnerability.advisory.modified == "2025-03-20T18:02:26.275Z"
    assert finding.fixed_in == Version("3.12.6")


def test_psf_and_cve_copies_merge_across_formats(samples: Path) -> None:
    """PSF-2024-4 aliases CVE-2024-0397: one finding; the CVE copy is newer and speaks."""
    index = index_of(samples / "cve", samples / "osv-psf")
    report = audit(Version("3.12.2"), platform="linux", index=index)
    [finding] = [f for f in report.python.findings if "PSF-2024-4" in f.vulnerability.ids]
    assert finding.id == "CVE-2024-0397"
    assert finding.vulnerability.ids == ("CVE-2024-0397", "PSF-2024-4")
    assert (finding.verdict, finding.fixed_in) == (Verdict.AFFECTED, Version("3.12.3"))


def test_platform_limited_record(samples: Path) -> None:
    """CVE 5 › affected[].platforms: CVE-2024-3219 is about Windows only."""
    index = index_of(samples / "cve")

    def finding(where: str | None) -> tuple[Verdict, str]:
        report = audit(Version("3.12.3"), platform=where, index=index)
        [found] = [f for f in report.python.findings if f.id == "CVE-2024-3219"]
        return found.verdict, found.why

    assert finding("linux") == (Verdict.NOT_AFFECTED, "only on windows, not linux")
    assert finding("win32") == (
        Verdict.AFFECTED,
        "3.12.3 is in the affected versions (only on windows)",
    )
    assert finding(None) == (
        Verdict.AFFECTED,
        "3.12.3 is in the affected versions (only on windows)",
    )


def test_withdrawn_and_rejected_records_affect_nothing(samples: Path) -> None:
    """OSV › withdrawn and a CVE in state REJECTED: listed, never affecting."""
    pysec = load_all(samples / "osv-pypa" / "pip")
    from psrt_core.serialization import advisory_to_dict

    document = advisory_to_dict(next(a for a in pysec if a.id == "PYSEC-2021-437"))
    document["withdrawn"] = "2024-01-02T03:04:05Z"
    cve = advisory_to_dict(load_all(samples / "cve")[0])  # CVE-2023-5752
    cve["cveMetadata"]["state"] = "REJECTED"
    advisories = [advisory_from_dict(document), advisory_from_dict(cve)]
    report = audit(
        Version("3.12.3"),
        platform="linux",
        index=AuditIndex.build(advisories, CATALOGS),
        pip=Version("20.0"),
    )
    assert report.pip is not None
    assert [(f.id, f.verdict, f.why) for f in report.pip.findings] == [
        ("CVE-2023-5752", Verdict.NOT_AFFECTED, "rejected"),
        ("PYSEC-2021-437", Verdict.NOT_AFFECTED, "withdrawn 2024-01-02T03:04:05Z"),
    ]


def _pip_record(record_id: str, modified: str, **extra: object) -> dict[str, object]:
    return {
        "id": record_id,
        "modified": modified,
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "pip"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "23.3"}]}
                ],
            }
        ],
        **extra,
    }


def test_a_withdrawn_duplicate_never_hides_its_live_twin() -> None:
    """OSV schema 1.7 › withdrawn: withdrawing a duplicate id (a PYSEC record withdrawn in
    favour of its twin) withdraws that id, not the vulnerability; the live record still speaks,
    even when the withdrawn copy was modified later (never a silent "not affected")."""
    live = _pip_record("PYSEC-2023-2", "2024-01-01T00:00:00Z", aliases=["CVE-2023-9"])
    duplicate = _pip_record(
        "PYSEC-2023-3",
        "2024-06-01T00:00:00Z",
        aliases=["CVE-2023-9", "PYSEC-2023-2"],
        withdrawn="2024-06-01T00:00:00Z",
    )
    for order in ((live, duplicate), (duplicate, live)):
        advisories = [advisory_from_dict(document) for document in order]
        report = audit(
            Version("3.12.3"),
            platform="linux",
            index=AuditIndex.build(advisories, CATALOGS),
            pip=Version("23.0"),
        )
        assert report.pip is not None
        assert [(f.id, f.verdict) for f in report.pip.findings] == [
            ("PYSEC-2023-2", Verdict.AFFECTED)
        ]
    only_gone = advisory_from_dict(duplicate)
    merged = merge_advisories([only_gone])
    assert [(item.id, item.withdrawn) for item in merged] == [
        ("PYSEC-2023-3", "withdrawn 2024-06-01T00:00:00Z")
    ]


def test_related_ids_are_not_merged() -> None:
    """OSV › related: a different vulnerability, so two findings, each naming the other."""

    def record(record_id: str, **links: list[str]) -> dict[str, object]:
        return {
            "id": record_id,
            "modified": "2024-01-01T00:00:00Z",
            "affected": [
                {
                    "package": {"ecosystem": "PyPI", "name": "pip"},
                    "ranges": [
                        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "21.0"}]}
                    ],
                }
            ],
            **links,
        }

    merged = merge_advisories(
        [
            advisory_from_dict(record("PYSEC-1", related=["PYSEC-2"])),
            advisory_from_dict(record("PYSEC-2", upstream=["CVE-9"])),
            advisory_from_dict(record("GHSA-x", aliases=["CVE-9"])),
        ]
    )
    # Equal ``modified``: the greater id speaks, whatever the input order.
    assert [(item.ids, item.related) for item in merged] == [
        (("PYSEC-1",), ("PYSEC-2",)),
        (("PYSEC-2", "CVE-9", "GHSA-x"), ()),
    ]


def test_upgrade_leaves_the_branch_when_no_release_of_it_fixes_everything(
    samples: Path,
) -> None:
    """CVE-2024-6923 affects every 3.12 (<= 3.13.0rc2): the lowest clear final is 3.13.0."""
    advisories = [a for a in load_all(samples / "cve") if a.id == "CVE-2024-6923"]
    report = audit(
        Version("3.12.3"), platform="linux", index=AuditIndex.build(advisories, CATALOGS)
    )
    assert report.python.upgrade == Upgrade(
        Version("3.13.0"),
        False,
        "no 3.12 release fixes them all; the lowest newer release that does is 3.13.0",
    )


def test_upgrade_on_the_branch_fixes_every_affecting_vulnerability(samples: Path) -> None:
    """The smallest same-branch upgrade is the greatest of the findings' fixes."""
    keep = {"CVE-2024-6232", "CVE-2024-12718", "CVE-2024-0397"}
    advisories = [a for a in load_all(samples / "cve") if a.id in keep]
    report = audit(
        Version("3.12.3"), platform="linux", index=AuditIndex.build(advisories, CATALOGS)
    )
    fixes = [f.fixed_in for f in report.python.with_verdict(Verdict.AFFECTED)]
    assert fixes == [Version("3.12.11"), Version("3.12.6")]
    assert report.python.upgrade == Upgrade(Version("3.12.11"), True, "upgrade to 3.12.11")


def test_a_fleet_reuses_one_index(samples: Path) -> None:
    """One index, many targets: each answer equals the answer of a fresh index."""
    index = index_of(samples / "cve")
    for target in ("3.8.10", "3.10.14", "3.11.9", "3.13.0", "3.14.0"):
        reused = audit(Version(target), platform="linux", index=index)
        fresh = audit(Version(target), platform="linux", index=index_of(samples / "cve"))
        assert [(f.id, f.verdict, f.fixed_in) for f in reused.python.findings] == [
            (f.id, f.verdict, f.fixed_in) for f in fresh.python.findings
        ]


def test_target_past_the_catalog_and_not_in_it(samples: Path) -> None:
    """A version newer than the catalog's newest release is flagged; one between releases not."""
    index = index_of(samples / "cve")
    past = audit(Version("3.99.0"), platform="linux", index=index).python
    assert (past.past_catalog, past.in_catalog) == (True, False)
    assert past.newest_release == cpython_releases().versions()[-1]
    local = audit(Version("3.12.3.post1"), platform="linux", index=index).python
    assert (local.past_catalog, local.in_catalog) == (False, False)
    assert "CVE-2024-6232" in {f.id for f in local.with_verdict(Verdict.AFFECTED)}


def test_no_pip_means_no_pip_audit(samples: Path) -> None:
    report = audit(Version("3.12.3"), platform="linux", index=index_of(samples / "osv-pypa"))
    assert report.pip is None
    assert report.targets == (report.python,)
    assert report.others == 12  # the other packages' records
    assert report.records == 15


def test_freshness_is_the_newest_modified(samples: Path) -> None:
    index = index_of(samples / "cve", samples / "osv-psf")
    assert index.newest_modified == "2025-07-24T15:57:58.221Z"
    assert AuditIndex.build([], CATALOGS).newest_modified is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("linux", "linux"),
        ("Linux", "linux"),
        ("win32", "windows"),
        ("Windows", "windows"),
        ("darwin", "macos"),
        ("macOS", "macos"),
        ("MacOS", "macos"),
        ("Mac OS X", "macos"),
        (" FreeBSD ", "freebsd"),
        ("wasi", "wasi"),
    ],
)
def test_normalize_platform(name: str, expected: str) -> None:
    """`sys.platform` values and CVE ``platforms`` spellings meet on one name."""
    assert normalize_platform(name) == expected


def test_findings_are_frozen(samples: Path) -> None:
    report = audit(Version("3.12.3"), platform="linux", index=index_of(samples / "cve"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.python.findings[0].why = "x"  # type: ignore[misc]


def test_the_index_counts_only_the_vulnerabilities_of_its_catalogs(samples: Path) -> None:
    """``len(index)``: the PyPA corpus holds 15 records, 12 about other packages, 3 about pip."""
    index = index_of(samples / "osv-pypa")
    assert (index.records, len(index.others), len(index)) == (15, 12, 3)
    assert len(index.products["cpython"].vulnerabilities) == 0


def test_auditing_python_without_its_catalog_is_an_input_error(samples: Path) -> None:
    """An index built without the CPython catalog cannot audit an interpreter: it says so."""
    index = AuditIndex.build(load_all(samples / "osv-pypa"), (pip_releases(),))
    with pytest.raises(InvalidInputError) as caught:
        audit(Version("3.12.3"), platform="linux", index=index)
    assert str(caught.value) == "index: the audit index has no cpython catalog (got 'cpython')"
