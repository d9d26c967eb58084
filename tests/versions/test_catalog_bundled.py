"""Real-data tests over the bundled CPython and pip catalogs (issue 2, "Release catalogs").

The expected values are facts from python-releases.toml (python/peps, release_management) and the
package index's simple-API data for pip, as summarised in range-semantics §6.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core.exceptions import (
    InvalidVersionError,
    UnknownBranchError,
    UnknownProductError,
    UnknownVersionError,
)
from psrt_core.versions import BranchScheme, BranchStatus, Catalog, Release, VersionSet

D = datetime.date


@pytest.fixture(scope="module")
def cpython() -> Catalog:
    return psrt_core.cpython_releases()


@pytest.fixture(scope="module")
def pip() -> Catalog:
    return psrt_core.pip_releases()


def versions(items: tuple[Release, ...]) -> list[str]:
    return [str(item.version) for item in items]


def split(text: str) -> list[str]:
    return text.split()


class TestCPythonCounts:
    def test_every_release_is_kept(self, cpython: Catalog) -> None:
        """range-semantics §6.1: python-releases.toml has 651 releases, 627 actual and 24
        expected (scheduled)."""
        assert len(cpython) == 651
        assert len(cpython.released()) == 627
        assert len(cpython.versions()) == 627
        assert sum(release.scheduled for release in cpython) == 24

    def test_released_range(self, cpython: Catalog) -> None:
        """Issue 2: the released ones run from 1.6.0a1 to 3.15.0rc1 (2026-08-04)."""
        released = cpython.released()
        assert str(released[0].version) == "1.6.0a1"
        assert str(released[-1].version) == "3.15.0rc1"
        assert released[-1].date == D(2026, 8, 4)
        assert str(cpython.releases[-1].version) == "3.16.0"

    def test_scheduled_releases(self, cpython: Catalog) -> None:
        """The 24 expected releases are flagged scheduled and kept, with their planned dates."""
        scheduled = [release for release in cpython if release.scheduled]
        assert versions(tuple(scheduled)) == split(
            "3.13.16 3.14.8 3.14.9 3.14.10 3.14.11 3.14.12 3.14.13 3.14.14 3.15.0rc2 3.15.0 "
            "3.16.0a1 3.16.0a2 3.16.0a3 3.16.0a4 3.16.0a5 3.16.0a6 3.16.0a7 3.16.0b1 3.16.0b2 "
            "3.16.0b3 3.16.0b4 3.16.0rc1 3.16.0rc2 3.16.0"
        )
        assert cpython.release("3.15.0").date == D(2026, 10, 1)

    def test_branches(self, cpython: Catalog) -> None:
        """range-semantics §6.1: 26 branches, with the recorded statuses counted there
        (end-of-life 19, security 3, bugfix 2, prerelease 1, feature 1)."""
        assert [b.name for b in cpython.branches] == split(
            "1.6 2.0 2.1 2.2 2.3 2.4 2.5 2.6 2.7 3.0 3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 "
            "3.10 3.11 3.12 3.13 3.14 3.15 3.16"
        )
        recorded = [b.status for b in cpython.branches]
        assert {s: recorded.count(s) for s in BranchStatus} == {
            BranchStatus.END_OF_LIFE: 19,
            BranchStatus.SECURITY: 3,
            BranchStatus.BUGFIX: 2,
            BranchStatus.PRERELEASE: 1,
            BranchStatus.FEATURE: 1,
        }
        assert cpython.scheme is BranchScheme.MINOR

    def test_notes_are_kept(self, cpython: Catalog) -> None:
        """range-semantics §6.1: 8 releases carry a note such as "hotfix"."""
        noted = {str(r.version): r.note for r in cpython if r.note}
        assert noted == {
            "3.8.5": "security hotfix",
            "3.8.9": "security hotfix",
            "3.8.20": "final security release",
            "3.9.0b3": "beta 2 was recalled.",
            "3.9.3": "security hotfix; recalled due to bpo-43710",
            "3.9.4": "ABI compatibility hotfix",
            "3.9.8": "recalled due to bpo-45235",
            "3.13.5": "hotfix",
        }


class TestCPythonBranches:
    def test_releases_of_3_12(self, cpython: Catalog) -> None:
        """PEP 693's schedule as published: every 3.12 release, pre-releases first."""
        assert versions(cpython.releases_of("3.12")) == split(
            "3.12.0a1 3.12.0a2 3.12.0a3 3.12.0a4 3.12.0a5 3.12.0a6 3.12.0a7 "
            "3.12.0b1 3.12.0b2 3.12.0b3 3.12.0b4 3.12.0rc1 3.12.0rc2 3.12.0rc3 "
            "3.12.0 3.12.1 3.12.2 3.12.3 3.12.4 3.12.5 3.12.6 3.12.7 3.12.8 3.12.9 "
            "3.12.10 3.12.11 3.12.12 3.12.13"
        )

    def test_releases_of_2_7(self, cpython: Catalog) -> None:
        """PEP 373: 2.7's releases from 2.7.0a1 to 2.7.18, candidates before their finals."""
        assert versions(cpython.releases_of("2.7")) == split(
            "2.7.0a1 2.7.0a2 2.7.0a3 2.7.0a4 2.7.0b1 2.7.0b2 2.7.0rc1 2.7.0rc2 2.7.0 "
            "2.7.1rc1 2.7.1 2.7.2rc1 2.7.2 2.7.3rc1 2.7.3rc2 2.7.3 2.7.4rc1 2.7.4 2.7.5 "
            "2.7.6rc1 2.7.6 2.7.7rc1 2.7.7 2.7.8 2.7.9rc1 2.7.9 2.7.10rc1 2.7.10 "
            "2.7.11rc1 2.7.11 2.7.12 2.7.13rc1 2.7.13 2.7.14rc1 2.7.14 2.7.15rc1 2.7.15 "
            "2.7.16rc1 2.7.16 2.7.17rc1 2.7.17 2.7.18rc1 2.7.18"
        )

    def test_releases_of_small_branches(self, cpython: Catalog) -> None:
        """PEP 160 and PEP 361: 1.6 and 3.0 in full."""
        assert versions(cpython.releases_of("1.6")) == split("1.6.0a1 1.6.0a2 1.6.0b1 1.6.0 1.6.1")
        assert versions(cpython.releases_of("3.0")) == split(
            "3.0.0a1 3.0.0a2 3.0.0a3 3.0.0a4 3.0.0a5 3.0.0b1 3.0.0b2 3.0.0b3 "
            "3.0.0rc1 3.0.0rc2 3.0.0rc3 3.0.0 3.0.1"
        )

    def test_3_16_has_only_scheduled_releases(self, cpython: Catalog) -> None:
        """The feature branch's releases are all scheduled: none by default, 14 on request."""
        assert cpython.releases_of("3.16") == ()
        assert len(cpython.releases_of("3.16", include_scheduled=True)) == 14
        assert cpython.newest("3.16") is None
        assert str(cpython.newest("3.16", include_scheduled=True)) == "3.16.0"

    @pytest.mark.parametrize(
        ("branch", "newest", "newest_final"),
        [
            ("3.15", "3.15.0rc1", None),
            ("3.14", "3.14.7", "3.14.7"),
            ("3.13", "3.13.15", "3.13.15"),
            ("3.12", "3.12.13", "3.12.13"),
            ("3.9", "3.9.25", "3.9.25"),
            ("2.7", "2.7.18", "2.7.18"),
            ("1.6", "1.6.1", "1.6.1"),
        ],
    )
    def test_newest(
        self, cpython: Catalog, branch: str, newest: str, newest_final: str | None
    ) -> None:
        """The newest actual release of a branch, and its newest final release."""
        assert str(cpython.newest(branch)) == newest
        final = cpython.newest(branch, include_prereleases=False)
        assert (None if final is None else str(final)) == newest_final

    def test_branch_of_every_release(self, cpython: Catalog) -> None:
        """A CPython branch is ``major.minor``; every release sits on its own branch."""
        for release in cpython:
            version = release.version
            assert release.branch == f"{version.major}.{version.minor}"
            assert cpython.branch_of(version) == release.branch

    @pytest.mark.parametrize(
        ("version", "branch"), [("3.12.0rc1", "3.12"), ("2.7.18", "2.7"), ("3.99.1", "3.99")]
    )
    def test_branch_of(self, cpython: Catalog, version: str, branch: str) -> None:
        """`branch_of` answers for any version, listed or not."""
        assert cpython.branch_of(version) == branch


class TestOrdering:
    def test_catalog_order_is_pep_440_order(self, cpython: Catalog, pip: Catalog) -> None:
        """Issue 2: releases are in PEP 440 order."""
        for catalog in (cpython, pip):
            ordered = [release.version for release in catalog]
            assert ordered == sorted(ordered)

    @pytest.mark.parametrize("product", ["cpython", "pip"])
    def test_prereleases_come_before_their_final(self, product: str) -> None:
        """PEP 440 › Pre-releases: every a/b/rc release sorts before its final release."""
        catalog = psrt_core.serialization.bundled_catalog(product)
        checked = 0
        for release in catalog:
            if release.prerelease:
                final = Version(release.version.base_version)
                if final in catalog:
                    assert catalog.index(release.version) < catalog.index(final)
                    checked += 1
        assert checked > (300 if product == "cpython" else 5)

    @pytest.mark.parametrize(
        ("earlier", "later", "earlier_date", "later_date"),
        [
            ("2.1.1", "2.1.2rc1", D(2002, 7, 20), D(2002, 1, 10)),
            ("2.3.4", "2.3.5rc1", D(2004, 5, 27), D(2004, 1, 26)),
            ("2.3.4", "2.3.5", D(2004, 5, 27), D(2004, 2, 8)),
            ("2.7.3rc2", "2.7.3", D(2012, 3, 15), D(2012, 3, 9)),
        ],
    )
    def test_impossible_dates_are_kept_and_ignored(
        self,
        cpython: Catalog,
        earlier: str,
        later: str,
        earlier_date: datetime.date,
        later_date: datetime.date,
    ) -> None:
        """range-semantics §6.1: 2.1.1, 2.3.5rc1, 2.3.5 and 2.7.3 carry dates before the
        release they follow; the dates stay as published and the order stays PEP 440."""
        assert cpython.release(earlier).date == earlier_date
        assert cpython.release(later).date == later_date
        assert later_date < earlier_date
        assert cpython.index(earlier) < cpython.index(later)


class TestStatuses:
    @pytest.mark.parametrize(
        ("branch", "on", "status"),
        [
            # 3.12: feature freeze 2023-05-22, first release 2023-10-02,
            # end of bugfix 2025-04-08, end of life 2028-10-01.
            ("3.12", D(2023, 5, 21), BranchStatus.FEATURE),
            ("3.12", D(2023, 5, 22), BranchStatus.PRERELEASE),
            ("3.12", D(2023, 10, 1), BranchStatus.PRERELEASE),
            ("3.12", D(2023, 10, 2), BranchStatus.BUGFIX),
            ("3.12", D(2025, 4, 7), BranchStatus.BUGFIX),
            ("3.12", D(2025, 4, 8), BranchStatus.SECURITY),
            ("3.12", D(2028, 9, 30), BranchStatus.SECURITY),
            ("3.12", D(2028, 10, 1), BranchStatus.END_OF_LIFE),
            # 2.7: end of bugfix and end of life both 2020-01-01.
            ("2.7", D(2019, 12, 31), BranchStatus.BUGFIX),
            ("2.7", D(2020, 1, 1), BranchStatus.END_OF_LIFE),
            # 3.9: end of life 2025-10-31.
            ("3.9", D(2025, 10, 30), BranchStatus.SECURITY),
            ("3.9", D(2025, 10, 31), BranchStatus.END_OF_LIFE),
            # 3.10 is recorded "security" but ends its life on 2026-10-01.
            ("3.10", D(2026, 9, 30), BranchStatus.SECURITY),
            ("3.10", D(2026, 10, 1), BranchStatus.END_OF_LIFE),
            # 3.15 is recorded "prerelease"; its first release is planned for 2026-10-01.
            ("3.15", D(2026, 9, 30), BranchStatus.PRERELEASE),
            ("3.15", D(2026, 10, 1), BranchStatus.BUGFIX),
            # 3.16: start of development 2026-05-07, feature freeze 2027-05-04.
            ("3.16", D(2026, 11, 21), BranchStatus.FEATURE),
            ("3.16", D(2027, 5, 4), BranchStatus.PRERELEASE),
        ],
    )
    def test_status_on(
        self, cpython: Catalog, branch: str, on: datetime.date, status: BranchStatus
    ) -> None:
        """Issue 2: a branch's status on a date is derived from its dates, each starting its
        phase on that day; past its end of life a branch is end-of-life whatever the file
        says (3.10 is recorded as security)."""
        assert cpython.status_on(branch, on) is status

    def test_recorded_statuses_are_kept_as_data(self, cpython: Catalog) -> None:
        """The file's own status field survives as `Branch.status`."""
        assert cpython.branch("3.10").status is BranchStatus.SECURITY
        assert cpython.branch("3.15").status is BranchStatus.PRERELEASE

    @pytest.mark.parametrize(
        ("on", "supported"),
        [
            (D(2019, 12, 31), "2.7 3.5 3.6 3.7 3.8"),
            (D(2020, 1, 1), "3.5 3.6 3.7 3.8"),
            (D(2024, 10, 7), "3.9 3.10 3.11 3.12 3.13"),
            (D(2025, 10, 30), "3.9 3.10 3.11 3.12 3.13 3.14"),
            (D(2025, 10, 31), "3.10 3.11 3.12 3.13 3.14"),
            (D(2026, 11, 21), "3.11 3.12 3.13 3.14 3.15"),
        ],
    )
    def test_supported_on(self, cpython: Catalog, on: datetime.date, supported: str) -> None:
        """Devguide: supported branches are those in bugfix or security status on the day."""
        assert [branch.name for branch in cpython.supported_on(on)] == split(supported)


class TestPip:
    def test_counts(self, pip: Catalog) -> None:
        """range-semantics §6.2: 160 versions from 0.2 (2008-10-28) to 26.3, none scheduled."""
        assert len(pip) == 160
        assert len(pip.released()) == 160
        first, last = pip.releases[0], pip.releases[-1]
        assert (str(first.version), first.date) == ("0.2", D(2008, 10, 28))
        assert (str(last.version), last.date) == ("26.3", D(2026, 11, 2))
        assert pip.product == "pip"
        assert pip.scheme is BranchScheme.MAJOR

    def test_prereleases(self, pip: Catalog) -> None:
        """range-semantics §6.2: the 8 pre-releases are all kept."""
        assert versions(tuple(r for r in pip if r.prerelease)) == split(
            "10.0.0b1 10.0.0b2 20.1b1 20.2b1 20.3b1 22.1b1 24.1b1 24.1b2"
        )

    def test_yanked(self, pip: Catalog) -> None:
        """range-semantics §6.2 and §8 fact 8: the 3 yanked releases are kept and flagged;
        only 21.2 gives a reason."""
        yanked = {str(r.version): r.yanked_reason for r in pip if r.yanked}
        assert yanked == {
            "20.0": None,
            "20.3.2": None,
            "21.2": "See https://github.com/pypa/pip/issues/8711",
        }

    def test_branches_are_major_versions(self, pip: Catalog) -> None:
        """Issue 2: for pip a branch is the major version (``24``)."""
        assert [b.name for b in pip.branches] == split("0 1 6 7 8 9 10 18 19 20 21 22 23 24 25 26")
        for release in pip:
            assert release.branch == str(release.version.major) == pip.branch_of(release.version)

    @pytest.mark.parametrize(
        ("branch", "expected"),
        [
            ("24", "24.0 24.1b1 24.1b2 24.1 24.1.1 24.1.2 24.2 24.3 24.3.1"),
            (
                "20",
                "20.0 20.0.1 20.0.2 20.1b1 20.1 20.1.1 20.2b1 20.2 20.2.1 20.2.2 20.2.3 "
                "20.2.4 20.3b1 20.3 20.3.1 20.3.2 20.3.3 20.3.4",
            ),
            ("10", "10.0.0b1 10.0.0b2 10.0.0 10.0.1"),
        ],
    )
    def test_releases_of(self, pip: Catalog, branch: str, expected: str) -> None:
        """A pip branch holds its pre-releases and yanked releases in PEP 440 order."""
        assert versions(pip.releases_of(branch)) == split(expected)

    def test_release_dates_are_first_upload_dates(self, pip: Catalog) -> None:
        """PEP 700 upload-time: a release's date is the UTC date of its first file upload."""
        assert pip.release("20.0").date == D(2020, 1, 21)
        assert pip.release("24.1b1").date == D(2024, 5, 6)
        assert pip.release("21.2").date == D(2021, 7, 24)

    def test_branch_life_follows_the_next_major(self, pip: Catalog) -> None:
        """pip supports only its newest release line: a major's life ends when the next
        major's first final release appears; the newest major is in bugfix."""
        assert pip.branch("24").first_release == D(2024, 2, 3)
        assert pip.branch("24").end_of_life == D(2025, 1, 26) == pip.branch("25").first_release
        assert pip.branch("26").end_of_life is None
        assert [b.name for b in pip.supported_on(D(2026, 11, 21))] == ["26"]
        assert [b.name for b in pip.supported_on(D(2025, 1, 25))] == ["24"]
        assert [b.name for b in pip.supported_on(D(2025, 1, 26))] == ["25"]


class TestLookupsAndErrors:
    def test_membership(self, cpython: Catalog, pip: Catalog) -> None:
        """``"3.12" in catalog`` finds 3.12.0 by PEP 440 equality."""
        assert "3.12" in cpython
        assert cpython.release("3.12").version == Version("3.12.0")
        assert "3.12.99" not in cpython
        assert "20.3.2" in pip
        assert "0.1" not in pip  # listed in NEWS.rst, never uploaded (range-semantics §6.2)

    def test_unknown_version(self, cpython: Catalog, pip: Catalog) -> None:
        """An unlisted version names the product and the version."""
        with pytest.raises(UnknownVersionError) as info:
            cpython.release("3.12.99")
        assert str(info.value) == "cpython has no release '3.12.99'"
        with pytest.raises(UnknownVersionError) as info:
            pip.release("0.1")
        assert str(info.value) == "pip has no release '0.1'"

    def test_unknown_branch(self, cpython: Catalog, pip: Catalog) -> None:
        """An unknown branch names the product and the branch."""
        with pytest.raises(UnknownBranchError) as info:
            cpython.branch("4.0")
        assert str(info.value) == "cpython has no branch '4.0'"
        with pytest.raises(UnknownBranchError) as info:
            pip.newest("2")
        assert str(info.value) == "pip has no branch '2'"

    def test_invalid_version(self, cpython: Catalog) -> None:
        """A non-PEP 440 string is rejected with its value."""
        with pytest.raises(InvalidVersionError) as info:
            cpython.release("3.12-final")
        assert str(info.value) == "version '3.12-final' is not a valid PEP 440 version"

    def test_bundled_catalogs_are_cached(self) -> None:
        """The bundled data is read once per process."""
        assert psrt_core.cpython_releases() is psrt_core.cpython_releases()
        assert psrt_core.pip_releases() is psrt_core.pip_releases()

    def test_unknown_bundled_product(self) -> None:
        """Only cpython and pip are bundled."""
        with pytest.raises(
            UnknownProductError, match=r"^no product named 'ruby'; known: cpython, pip$"
        ) as caught:
            psrt_core.serialization.bundled_catalog("ruby")
        assert (caught.value.product, caught.value.known) == ("ruby", ("cpython", "pip"))
        assert isinstance(caught.value, LookupError)

    def test_an_unhashable_product_is_an_unknown_product(self) -> None:
        """Review finding: a list reached the cache and raised TypeError (not a PsrtError)."""
        with pytest.raises(UnknownProductError, match=r"^no product named \['x'\]; known: "):
            psrt_core.serialization.bundled_catalog(["x"])  # type: ignore[arg-type]


class TestProperties:
    @given(
        st.builds(
            Version, st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2}){1,3}((a|b|rc)[0-9])?", fullmatch=True)
        )
    )
    def test_branch_of_any_version(self, version: Version) -> None:
        """Branch lookup needs no release: CPython's is ``major.minor``, pip's the major."""
        assert psrt_core.cpython_releases().branch_of(version) == (
            f"{version.major}.{version.minor}"
        )
        assert psrt_core.pip_releases().branch_of(version) == str(version.major)

    @given(st.sampled_from(psrt_core.cpython_releases().releases))
    def test_index_is_the_pep_440_rank(self, release: Release) -> None:
        """A release's index is the number of catalog versions below it."""
        catalog = psrt_core.cpython_releases()
        below = sum(other.version < release.version for other in catalog)
        assert catalog.index(release.version) == below
        assert catalog.releases_of(release.branch, include_scheduled=True).count(release) == 1


def test_scheduled_releases_are_left_out_of_evaluations() -> None:
    """Issue 2: scheduled releases are left out of evaluations by default."""
    catalog = psrt_core.cpython_releases()
    everything = VersionSet.full()
    assert len(catalog.select(everything)) == 627
    assert len(catalog.select(everything, include_scheduled=True)) == 651
    assert not any(release.scheduled for release in catalog.select(everything))
