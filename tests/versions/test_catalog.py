"""The catalog domain types on small hand-built catalogs: ordering, branches, statuses, errors."""

from __future__ import annotations

import datetime
import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.exceptions import (
    InvalidBranchNameError,
    InvalidCatalogError,
    InvalidVersionError,
    PsrtError,
    UnknownBranchError,
    UnknownVersionError,
)
from psrt_core.testing import branches, catalog_versions, catalogs, releases
from psrt_core.versions import (
    Branch,
    BranchScheme,
    BranchStatus,
    Catalog,
    Release,
    VersionSet,
)

D = datetime.date

# A branch with every date known, in life order.
FULL_BRANCH = Branch(
    name="3.12",
    status=BranchStatus.SECURITY,
    start_of_development=D(2022, 5, 8),
    feature_freeze=D(2023, 5, 22),
    first_release=D(2023, 10, 2),
    end_of_bugfix=D(2025, 4, 8),
    end_of_life=D(2028, 10, 1),
)


def small_catalog() -> Catalog:
    """3.11 and 3.12 with pre-releases, one scheduled release, and an empty 3.13 branch."""
    rows = [
        ("3.12.1", "3.12", D(2023, 12, 7), False),
        ("3.12.0rc1", "3.12", D(2023, 8, 6), False),
        ("3.11.9", "3.11", D(2024, 4, 2), False),
        ("3.12.0", "3.12", D(2023, 10, 2), False),
        ("3.12.0b1", "3.12", D(2023, 5, 22), False),
        ("3.12.2", "3.12", D(2024, 2, 6), True),
        ("3.11.0", "3.11", D(2022, 10, 24), False),
    ]
    return Catalog(
        "cpython",
        tuple(Release(v, date=d, scheduled=s) for v, _, d, s in rows),
        (
            Branch("3.13", BranchStatus.FEATURE),
            FULL_BRANCH,
            Branch(
                "3.11",
                BranchStatus.SECURITY,
                first_release=D(2022, 10, 24),
                end_of_bugfix=D(2024, 4, 24),
                end_of_life=D(2027, 10, 1),
            ),
        ),
    )


def names(items: tuple[Release, ...]) -> list[str]:
    return [str(item.version) for item in items]


class TestRelease:
    def test_version_string_is_parsed_and_normalised(self) -> None:
        """PEP 440 › Normalization: ``3.12.0-RC1`` is the release 3.12.0rc1."""
        release = Release("3.12.0-RC1")
        assert release.version == Version("3.12.0rc1")
        assert str(release) == "3.12.0rc1"

    def test_invalid_version_is_rejected_with_the_value(self) -> None:
        """A release needs a PEP 440 version; the error shows the offending string."""
        with pytest.raises(InvalidVersionError) as info:
            Release("3.12-final")
        assert str(info.value) == "version '3.12-final' is not a valid PEP 440 version"
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, PsrtError)

    @pytest.mark.parametrize(
        ("version", "expected"),
        [
            ("3.12.0a1", True),
            ("3.12.0b2", True),
            ("3.12.0rc3", True),
            ("1.0.dev1", True),
            ("3.12.0", False),
            ("3.12.0.post1", False),
            ("24.1", False),
        ],
    )
    def test_prerelease_flag_follows_pep_440(self, version: str, expected: bool) -> None:
        """PEP 440 › Pre-releases and developmental releases are both pre-releases."""
        assert Release(version).prerelease is expected

    def test_defaults(self) -> None:
        """A release is released, not yanked and undated unless told otherwise."""
        release = Release(Version("24.0"), BranchScheme.MAJOR)
        assert (release.date, release.yanked, release.yanked_reason) == (None, False, None)
        assert (release.scheduled, release.note) == (False, None)

    @pytest.mark.parametrize(
        ("version", "scheme", "branch"),
        [
            ("3.12.0rc1", BranchScheme.MINOR, "3.12"),
            ("3.9.25", BranchScheme.MINOR, "3.9"),
            ("1!2.3.4", BranchScheme.MINOR, "2.3"),
            ("24.1b1", BranchScheme.MAJOR, "24"),
            ("0.9", BranchScheme.MAJOR, "0"),
        ],
    )
    def test_branch_is_derived_from_version_and_scheme(
        self, version: str, scheme: BranchScheme, branch: str
    ) -> None:
        """A release's branch is computed, so it can never disagree with its version."""
        assert Release(version, scheme).branch == branch

    def test_default_scheme_is_minor(self) -> None:
        """CPython's ``major.minor`` grouping is the default scheme."""
        release = Release("3.13.1")
        assert (release.scheme, release.branch) == (BranchScheme.MINOR, "3.13")

    def test_branch_cannot_be_passed(self) -> None:
        """The branch is not an argument: neither by keyword nor in the scheme's place."""
        with pytest.raises(TypeError, match="unexpected keyword argument 'branch'"):
            Release("3.12.0", branch="3.12")  # type: ignore[call-arg]
        with pytest.raises(TypeError) as info:
            Release("3.12.0", "3.12")  # type: ignore[arg-type]
        assert str(info.value) == (
            "a release takes its product's BranchScheme, not '3.12'; its branch is derived from "
            "the version"
        )

    def test_evolving_the_scheme_rederives_the_branch(self) -> None:
        """``attrs.evolve`` runs the constructor again, so the branch follows the new scheme."""
        release = attrs.evolve(Release("24.0.1"), scheme=BranchScheme.MAJOR)
        assert release.branch == "24"


class TestBranchStatus:
    @pytest.mark.parametrize(
        ("status", "supported"),
        [
            (BranchStatus.FEATURE, False),
            (BranchStatus.PRERELEASE, False),
            (BranchStatus.BUGFIX, True),
            (BranchStatus.SECURITY, True),
            (BranchStatus.END_OF_LIFE, False),
        ],
    )
    def test_supported_means_bugfix_or_security(
        self, status: BranchStatus, supported: bool
    ) -> None:
        """Devguide › Status key: supported branches are those in bugfix or security status."""
        assert status.supported is supported

    def test_values_are_the_devguide_vocabulary(self) -> None:
        """The status strings are python-releases.toml's, so documents round-trip verbatim."""
        assert [s.value for s in BranchStatus] == [
            "feature",
            "prerelease",
            "bugfix",
            "security",
            "end-of-life",
        ]


class TestBranchScheme:
    @pytest.mark.parametrize(
        ("scheme", "version", "branch"),
        [
            (BranchScheme.MINOR, "3.12.0rc1", "3.12"),
            (BranchScheme.MINOR, "3.9", "3.9"),
            (BranchScheme.MINOR, "2.7.18", "2.7"),
            (BranchScheme.MAJOR, "24.1b1", "24"),
            (BranchScheme.MAJOR, "0.2", "0"),
            (BranchScheme.MAJOR, "10.0.0b2", "10"),
        ],
    )
    def test_branch_of(self, scheme: BranchScheme, version: str, branch: str) -> None:
        """CPython branches are ``major.minor``; pip's are the major version."""
        assert scheme.branch_of(Version(version)) == branch


class TestBranch:
    @pytest.mark.parametrize("name", ["main", "3.x", "", "3.", ".3", "v3"])
    def test_name_must_be_numeric(self, name: str) -> None:
        """Branch names order numerically, so they must be numbers separated by dots."""
        with pytest.raises(ValueError, match="numbers separated by dots") as info:
            Branch(name, BranchStatus.FEATURE)
        assert str(info.value) == (
            f"a branch name is numbers separated by dots, like '3.12' or '24', not {name!r}"
        )
        assert isinstance(info.value, InvalidBranchNameError)
        assert info.value.name == name

    def test_sort_key_is_numeric(self) -> None:
        """``3.9`` sorts before ``3.10``, which a string sort gets wrong."""
        names_ = ["3.10", "3.9", "2.7", "24", "3.1"]
        ordered = sorted(
            (Branch(n, BranchStatus.FEATURE) for n in names_), key=lambda b: b.sort_key
        )
        assert [b.name for b in ordered] == ["2.7", "3.1", "3.9", "3.10", "24"]

    @pytest.mark.parametrize(
        ("on", "expected"),
        [
            (D(2022, 5, 8), BranchStatus.FEATURE),
            (D(2023, 5, 21), BranchStatus.FEATURE),
            (D(2023, 5, 22), BranchStatus.PRERELEASE),
            (D(2023, 10, 1), BranchStatus.PRERELEASE),
            (D(2023, 10, 2), BranchStatus.BUGFIX),
            (D(2025, 4, 7), BranchStatus.BUGFIX),
            (D(2025, 4, 8), BranchStatus.SECURITY),
            (D(2028, 9, 30), BranchStatus.SECURITY),
            (D(2028, 10, 1), BranchStatus.END_OF_LIFE),
            (D(2040, 1, 1), BranchStatus.END_OF_LIFE),
        ],
    )
    def test_status_on_boundaries(self, on: datetime.date, expected: BranchStatus) -> None:
        """Each date starts its phase on that very day (devguide: a branch is end-of-life *on*
        its end-of-life date); the day before still belongs to the previous phase."""
        assert FULL_BRANCH.status_on(on) is expected

    def test_past_end_of_life_wins_over_recorded_status(self) -> None:
        """Issue 2: a branch past its end of life on a date is end-of-life, whatever the
        recorded status says."""
        branch = attrs.evolve(FULL_BRANCH, status=BranchStatus.BUGFIX)
        assert branch.status_on(D(2030, 1, 1)) is BranchStatus.END_OF_LIFE

    @pytest.mark.parametrize("status", list(BranchStatus))
    def test_no_dates_falls_back_to_recorded_status(self, status: BranchStatus) -> None:
        """Without any date nothing can be derived: the recorded status is the answer."""
        assert Branch("3.99", status).status_on(D(2026, 1, 1)) is status

    def test_branch_without_end_dates_stays_in_bugfix(self) -> None:
        """pip's newest major has a first release and no end yet: bugfix from that day on."""
        branch = Branch("26", BranchStatus.BUGFIX, first_release=D(2026, 1, 31))
        assert branch.status_on(D(2026, 1, 31)) is BranchStatus.BUGFIX
        assert branch.status_on(D(2099, 1, 1)) is BranchStatus.BUGFIX
        assert branch.status_on(D(2026, 1, 30)) is BranchStatus.FEATURE

    def test_prerelease_without_freeze_date_keeps_recorded_prerelease(self) -> None:
        """Before the first release, a branch recorded as prerelease without a feature-freeze
        date stays prerelease: the date that would move it back to feature is unknown."""
        branch = Branch("3.99", BranchStatus.PRERELEASE, first_release=D(2030, 10, 1))
        assert branch.status_on(D(2030, 9, 30)) is BranchStatus.PRERELEASE
        assert branch.status_on(D(2030, 10, 1)) is BranchStatus.BUGFIX

    def test_end_of_life_only(self) -> None:
        """With only an end-of-life date, the recorded status holds until that day: nothing
        says the branch left security-only before it."""
        branch = Branch("3.99", BranchStatus.SECURITY, end_of_life=D(2030, 10, 1))
        assert branch.status_on(D(2030, 9, 30)) is BranchStatus.SECURITY
        assert branch.status_on(D(2030, 10, 1)) is BranchStatus.END_OF_LIFE

    def test_recorded_status_is_kept_when_later_dates_are_unknown(self) -> None:
        """Past its feature freeze with no later date known, a branch recorded as security-only
        is security-only: the dates only say it is at least a pre-release branch."""
        branch = Branch("3.99", BranchStatus.SECURITY, feature_freeze=D(2030, 5, 1))
        assert branch.status_on(D(2030, 5, 1)) is BranchStatus.SECURITY
        assert branch.status_on(D(2030, 4, 30)) is BranchStatus.FEATURE

    def test_recorded_status_too_late_for_the_date_is_replaced(self) -> None:
        """A recorded end-of-life status does not reach back before a known first release."""
        branch = Branch(
            "3.99",
            BranchStatus.END_OF_LIFE,
            first_release=D(2030, 1, 1),
            end_of_bugfix=D(2031, 1, 1),
        )
        assert branch.status_on(D(2029, 12, 31)) is BranchStatus.FEATURE
        assert branch.status_on(D(2030, 6, 1)) is BranchStatus.BUGFIX
        assert branch.status_on(D(2031, 6, 1)) is BranchStatus.END_OF_LIFE


class TestCatalogConstruction:
    def test_releases_are_in_pep_440_order(self) -> None:
        """Ordering is by PEP 440 version: b1 < rc1 < final < the next micro."""
        catalog = small_catalog()
        assert names(catalog.releases) == [
            "3.11.0",
            "3.11.9",
            "3.12.0b1",
            "3.12.0rc1",
            "3.12.0",
            "3.12.1",
            "3.12.2",
        ]

    def test_branches_are_in_numeric_order(self) -> None:
        """Branches come out ordered by number whatever the input order."""
        assert [b.name for b in small_catalog().branches] == ["3.11", "3.12", "3.13"]

    def test_dates_never_decide_the_order(self) -> None:
        """range-semantics §6.1: 2.3.5rc1 and 2.3.5 carry dates before 2.3.4; version order wins."""
        catalog = Catalog(
            "cpython",
            (
                Release("2.3.5", date=D(2004, 2, 8)),
                Release("2.3.4", date=D(2004, 5, 27)),
                Release("2.3.5rc1", date=D(2004, 1, 26)),
            ),
            (Branch("2.3", BranchStatus.END_OF_LIFE),),
        )
        assert names(catalog.releases) == ["2.3.4", "2.3.5rc1", "2.3.5"]
        assert catalog.release("2.3.5").date == D(2004, 2, 8)

    def test_duplicate_versions_are_an_error(self) -> None:
        """``3.9`` and ``3.9.0`` are the same PEP 440 version, so a catalog cannot hold both."""
        with pytest.raises(InvalidCatalogError) as info:
            Catalog(
                "cpython",
                (Release("3.9.0"), Release("3.9")),
                (Branch("3.9", BranchStatus.END_OF_LIFE),),
            )
        assert str(info.value) == (
            "cpython catalog: releases[1].version: duplicates release 3.9.0 (got '3.9')"
        )

    def test_every_problem_is_reported(self) -> None:
        """A release grouped by another scheme, one on a missing branch and a doubled branch are
        all reported in one error."""
        with pytest.raises(InvalidCatalogError) as info:
            Catalog(
                "pip",
                (Release("24.0"), Release("25.0", BranchScheme.MAJOR)),
                (Branch("23", BranchStatus.BUGFIX), Branch("23", BranchStatus.BUGFIX)),
                BranchScheme.MAJOR,
            )
        assert [str(p) for p in info.value.problems] == [
            "branches[1].name: lists a branch twice (got '23')",
            "releases[0].scheme: release 24.0 is grouped by the minor scheme, the catalog by "
            "major (got 'minor')",
            "releases[1].branch: names no branch (got '25')",
        ]
        assert info.value.source == "pip catalog"

    def test_equality_ignores_input_order(self) -> None:
        """Two catalogs of the same releases are equal however the releases were listed."""
        catalog = small_catalog()
        shuffled = list(catalog.releases)
        random.Random(4).shuffle(shuffled)
        again = Catalog("cpython", tuple(shuffled), tuple(reversed(catalog.branches)))
        assert again == catalog
        assert again.releases == catalog.releases


class TestCatalogQueries:
    def test_len_iter_and_versions(self) -> None:
        """A catalog is a sized iterable of releases; `versions` leaves scheduled ones out."""
        catalog = small_catalog()
        assert len(catalog) == 7
        assert list(catalog) == list(catalog.releases)
        assert [str(v) for v in catalog.versions()] == [
            "3.11.0",
            "3.11.9",
            "3.12.0b1",
            "3.12.0rc1",
            "3.12.0",
            "3.12.1",
        ]
        assert catalog.versions(include_scheduled=True)[-1] == Version("3.12.2")
        assert names(catalog.released()) == [str(v) for v in catalog.versions()]

    @pytest.mark.parametrize(
        ("item", "expected"),
        [
            ("3.12", True),
            ("3.12.0", True),
            ("3.12.0.0", True),
            (Version("3.12.0rc1"), True),
            ("3.12.2", True),
            ("3.12.3", False),
            ("3.12-final", False),
            (3.12, False),
            (None, False),
        ],
    )
    def test_membership(self, item: object, expected: bool) -> None:
        """``"3.12" in catalog`` finds 3.12.0 (PEP 440 equality); non-versions are never in it."""
        assert (item in small_catalog()) is expected

    def test_release_objects_are_members(self) -> None:
        """A `Release` is found by its version."""
        catalog = small_catalog()
        assert Release("3.12.1") in catalog
        assert Release("3.12.9") not in catalog

    def test_release_lookup(self) -> None:
        """`release` finds by PEP 440 equality and returns the catalog's own object."""
        catalog = small_catalog()
        assert catalog.release("3.12").date == D(2023, 10, 2)
        assert catalog.release(Version("3.11.9")).version == Version("3.11.9")

    def test_unknown_release(self) -> None:
        """An unlisted version is a `LookupError` naming the product and the version."""
        with pytest.raises(UnknownVersionError) as info:
            small_catalog().release("3.12.7")
        assert str(info.value) == "cpython has no release '3.12.7'"
        assert isinstance(info.value, LookupError)

    def test_invalid_version_lookup(self) -> None:
        """A string that is not PEP 440 is an `InvalidVersionError`, not a miss."""
        with pytest.raises(InvalidVersionError) as info:
            small_catalog().release("3.12.x")
        assert str(info.value) == "version '3.12.x' is not a valid PEP 440 version"

    def test_index(self) -> None:
        """`index` is the position in PEP 440 order."""
        catalog = small_catalog()
        assert catalog.index("3.11.0") == 0
        assert catalog.index("3.12") == 4

    def test_branch_of_needs_no_release(self) -> None:
        """The branch of any version follows the scheme, listed or not."""
        catalog = small_catalog()
        assert catalog.branch_of("3.12.99") == "3.12"
        assert catalog.branch_of("4.0a1") == "4.0"
        with pytest.raises(InvalidVersionError):
            catalog.branch_of("three")

    def test_unknown_branch(self) -> None:
        """An unknown branch name is a `LookupError` naming the product and the branch."""
        with pytest.raises(UnknownBranchError) as info:
            small_catalog().releases_of("3.10")
        assert str(info.value) == "cpython has no branch '3.10'"
        assert isinstance(info.value, LookupError)

    def test_releases_of(self) -> None:
        """A branch's releases in PEP 440 order, pre-releases included, scheduled on request."""
        catalog = small_catalog()
        assert names(catalog.releases_of("3.12")) == ["3.12.0b1", "3.12.0rc1", "3.12.0", "3.12.1"]
        assert names(catalog.releases_of("3.12", include_scheduled=True))[-1] == "3.12.2"
        assert catalog.releases_of("3.13") == ()

    def test_newest(self) -> None:
        """The newest release of a branch; ``None`` for a branch with no release yet."""
        catalog = small_catalog()
        assert str(catalog.newest("3.12")) == "3.12.1"
        assert str(catalog.newest("3.12", include_scheduled=True)) == "3.12.2"
        assert catalog.newest("3.13") is None

    def test_newest_final(self) -> None:
        """Leaving pre-releases out skips a branch's betas and candidates."""
        catalog = Catalog(
            "cpython",
            (Release("3.13.0rc1"), Release("3.12.0")),
            (Branch("3.12", BranchStatus.BUGFIX), Branch("3.13", BranchStatus.PRERELEASE)),
        )
        assert str(catalog.newest("3.13")) == "3.13.0rc1"
        assert catalog.newest("3.13", include_prereleases=False) is None
        assert str(catalog.newest("3.12", include_prereleases=False)) == "3.12.0"

    def test_status_and_supported_on(self) -> None:
        """Statuses and supported branches on a date are derived from the branch dates."""
        catalog = small_catalog()
        assert catalog.status_on("3.12", D(2024, 1, 1)) is BranchStatus.BUGFIX
        assert [b.name for b in catalog.supported_on(D(2024, 1, 1))] == ["3.11", "3.12"]
        assert [b.name for b in catalog.supported_on(D(2027, 10, 1))] == ["3.12"]
        assert catalog.supported_on(D(2029, 1, 1)) == ()

    def test_select(self) -> None:
        """`select` returns the releases inside a version set, scheduled ones only on request."""
        catalog = small_catalog()
        wanted = VersionSet.interval(Version("3.12.0rc1"), Version("3.12.2"), upper_inclusive=True)
        assert names(catalog.select(wanted)) == ["3.12.0rc1", "3.12.0", "3.12.1"]
        assert names(catalog.select(wanted, include_scheduled=True))[-1] == "3.12.2"
        assert catalog.select(VersionSet.empty()) == ()

    def test_with_releases(self) -> None:
        """A filtered copy keeps product, branches and scheme."""
        catalog = small_catalog()
        finals = catalog.with_releases(r for r in catalog if not r.prerelease)
        assert names(finals.releases) == ["3.11.0", "3.11.9", "3.12.0", "3.12.1", "3.12.2"]
        assert (finals.product, finals.branches, finals.scheme) == (
            catalog.product,
            catalog.branches,
            catalog.scheme,
        )


# -- properties ------------------------------------------------------------------------------


@given(catalogs())
def test_catalog_order_is_pep_440_order(catalog: Catalog) -> None:
    """Issue 2: releases are in PEP 440 order, never date order."""
    versions = [release.version for release in catalog.releases]
    assert versions == sorted(versions)
    assert list(catalog.versions(include_scheduled=True)) == versions


@given(catalogs(), st.randoms(use_true_random=False))
def test_catalog_is_independent_of_input_order(catalog: Catalog, rng: random.Random) -> None:
    """A catalog built from a shuffled list of the same releases and branches is equal."""
    items = list(catalog.releases)
    lines = list(catalog.branches)
    rng.shuffle(items)
    rng.shuffle(lines)
    assert Catalog(catalog.product, tuple(items), tuple(lines), catalog.scheme) == catalog


@given(catalogs())
def test_branch_of_every_release(catalog: Catalog) -> None:
    """CPython's branch is ``major.minor`` and pip's is ``major``, for every release."""
    for release in catalog:
        version = release.version
        expected = (
            f"{version.major}.{version.minor}"
            if catalog.scheme is BranchScheme.MINOR
            else str(version.major)
        )
        assert catalog.branch_of(version) == expected == release.branch


@given(catalogs())
def test_releases_of_partitions_the_catalog(catalog: Catalog) -> None:
    """Every release is in exactly one branch's list, and the lists keep catalog order."""
    parts = [catalog.releases_of(b.name, include_scheduled=True) for b in catalog.branches]
    flat = [release for part in parts for release in part]
    assert sorted(flat, key=lambda r: r.version) == list(catalog.releases)
    assert len(flat) == len({r.version for r in flat}) == len(catalog)
    for part in parts:
        assert list(part) == sorted(part, key=lambda r: r.version)


@given(catalogs())
def test_newest_is_the_last_of_its_branch(catalog: Catalog) -> None:
    """The newest release of a branch is the greatest version among its released releases."""
    for branch in catalog.branches:
        released = catalog.releases_of(branch.name)
        newest = catalog.newest(branch.name)
        assert newest == (max(released, key=lambda r: r.version) if released else None)


@given(catalogs(), st.data())
def test_membership_and_lookup_agree(catalog: Catalog, data: st.DataObject) -> None:
    """A version is a member exactly when `release` finds it."""
    version = data.draw(catalog_versions(scheme=catalog.scheme))
    listed = [r for r in catalog if r.version == version]
    assert (version in catalog) is bool(listed)
    if listed:
        assert catalog.release(version) is listed[0]
    else:
        with pytest.raises(UnknownVersionError):
            catalog.release(version)


LIFE = list(BranchStatus)


@given(branches(), st.dates())
def test_status_on_respects_every_known_date(branch: Branch, on: datetime.date) -> None:
    """For branches whose dates are in life order, the status on a date is never earlier than
    the phase of a date already passed and never as late as the phase of a date still ahead;
    within those bounds the recorded status wins, otherwise the latest begun phase."""
    starts = [
        None,
        branch.feature_freeze,
        branch.first_release,
        branch.end_of_bugfix,
        branch.end_of_life,
    ]
    begun = max((i for i, day in enumerate(starts) if day is not None and day <= on), default=0)
    ahead = min(
        (i for i, day in enumerate(starts) if day is not None and day > on), default=len(LIFE)
    )
    derived = LIFE.index(branch.status_on(on))
    assert begun <= derived < ahead
    recorded = LIFE.index(branch.status)
    assert derived == (recorded if begun <= recorded < ahead else begun)


@given(branches(), st.dates())
def test_status_on_with_every_date_known_ignores_the_record(
    branch: Branch, on: datetime.date
) -> None:
    """With all four phase dates known, the recorded status never matters."""
    complete = attrs.evolve(
        branch,
        feature_freeze=branch.feature_freeze or D(1990, 1, 1),
        first_release=branch.first_release or D(2041, 1, 1),
        end_of_bugfix=branch.end_of_bugfix or D(2042, 1, 1),
        end_of_life=branch.end_of_life or D(2043, 1, 1),
    )
    statuses = {attrs.evolve(complete, status=s).status_on(on) for s in BranchStatus}
    assert len(statuses) == 1


@given(releases(scheme=BranchScheme.MAJOR))
def test_release_strategy_is_on_its_branch(release: Release) -> None:
    """The public `releases` strategy yields releases whose branch matches the scheme."""
    assert release.branch == str(release.version.major)
    assert release.yanked or release.yanked_reason is None


@pytest.mark.parametrize(("low", "high"), [(-1, 3), (5, 2)])
def test_catalogs_strategy_rejects_impossible_sizes(low: int, high: int) -> None:
    """Hypothesis API style: impossible bounds are an `InvalidArgument`, raised on use."""
    from hypothesis.errors import InvalidArgument

    @given(catalogs(min_size=low, max_size=high))
    def use(catalog: Catalog) -> None:
        raise AssertionError  # pragma: no cover - never reached

    with pytest.raises(InvalidArgument) as info:
        use()
    assert str(info.value) == f"need 0 <= min_size <= max_size, got min_size={low}, max_size={high}"
