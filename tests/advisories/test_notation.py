"""The one notation builder: a set to OSV ranges and CVE entries and back, exactly.

Issue 8 item 1: `osv_to_cve`, `cve_to_osv`, `psrt_core.ranges` and the CLI all write through
``psrt_core.advisories._notation``; these laws pin what it writes over the whole version line.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core.advisories import CveLayout, CveVersion, Status
from psrt_core.advisories._notation import (
    DEFAULT_LAYOUT,
    cve_default_status,
    cve_product_entry,
    cve_versions,
    evaluate_cve_versions,
    evaluate_osv_ranges,
    osv_ranges,
)
from psrt_core.exceptions import PsrtError, UnknownProductError
from psrt_core.testing import version_sets
from psrt_core.versions import CPYTHON, PIP, PRODUCTS, BranchScheme, VersionSet, product_named

CATALOG = psrt_core.cpython_releases()
FIXES_6232 = ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"]


def _pep440(source: VersionSet) -> VersionSet:
    """The set's PEP 440 part: ranges order versions, so literals are never written."""
    return VersionSet.from_intervals(source.intervals())


def _taken_in(source: VersionSet) -> VersionSet:
    """Exclusive lower ends: neither notation can write one, so each is taken in."""
    result = VersionSet.empty()
    for item in source.intervals():
        if item.lower is not None and not item.lower_inclusive:
            result = result | VersionSet.singleton(item.lower)
    return result


@given(version_sets(literals=True))
def test_osv_ranges_evaluate_back_to_the_set(source: VersionSet) -> None:
    """OSV schema 1.7 › Evaluation: the ranges written for a set, walked by the evaluator,
    give back exactly its PEP 440 part over the whole version line, plus only the exclusive
    lower ends (taken in, never an affected version left out)."""
    evaluation = evaluate_osv_ranges(osv_ranges(source))
    assert evaluation.unknown.is_empty
    assert evaluation.affected == _pep440(source) | _taken_in(source)


@pytest.mark.parametrize("layout", list(CveLayout))
@given(source=version_sets(literals=True))
def test_cve_versions_evaluate_back_to_the_set(layout: CveLayout, source: VersionSet) -> None:
    """CVE JSON 5 › versions: the entries written for a set under ``defaultStatus:
    unaffected``, evaluated by first match, give back exactly its PEP 440 part (plus the
    exclusive lower ends), in both layouts, with a catalog and without."""
    for catalog in (None, CATALOG):
        entries = cve_versions(source, catalog=catalog, layout=layout)
        evaluation = evaluate_cve_versions(entries, default_status=Status.UNAFFECTED)
        assert evaluation.unknown.is_empty
        assert evaluation.affected == _pep440(source) | _taken_in(source)


def test_layouts_for_the_cve_2024_6232_fixes() -> None:
    """The PSF layout (default) keeps the interval from "0" whole up to the oldest fix;
    per branch cuts it at every branch's first release holding a release below it."""
    affected = psrt_core.ranges_from_fixes(CATALOG, FIXES_6232).affected
    psf = cve_versions(affected, catalog=CATALOG)
    assert DEFAULT_LAYOUT is CveLayout.FROM_ZERO
    assert [(e.version, e.less_than) for e in psf] == [
        ("0", "3.8.20"),
        ("3.9.0a1", "3.9.20"),
        ("3.10.0a1", "3.10.15"),
        ("3.11.0a1", "3.11.10"),
        ("3.12.0a1", "3.12.6"),
        ("3.13.0a1", "3.13.0rc2"),
    ]
    per_branch = cve_versions(affected, catalog=CATALOG, layout=CveLayout.PER_BRANCH)
    assert (per_branch[0].version, per_branch[0].less_than) == ("0", "2.0.0b1")
    assert [e.version for e in per_branch[-6:]] == [
        "3.8.0a1",
        "3.9.0a1",
        "3.10.0a1",
        "3.11.0a1",
        "3.12.0a1",
        "3.13.0a1",
    ]
    assert len(per_branch) == len({r.branch for r in CATALOG.select(affected)})


def test_a_branch_start_below_the_first_release_is_no_entry_of_its_own() -> None:
    """A cut is made only where the piece below it holds a release: [3.13.dev0, 3.13.0b2)
    stays one entry, not a gap entry up to 3.13.0a1 and another from it."""
    source = VersionSet.interval(Version("3.13.dev0"), Version("3.13.0b2"))
    for layout in CveLayout:
        (entry,) = cve_versions(source, catalog=CATALOG, layout=layout)
        assert (entry.version, entry.less_than) == ("3.13.dev0", "3.13.0b2")


def test_bounds_points_and_the_version_zero() -> None:
    """range-semantics §8.3: "0" is the bottom, so the version 0 is written "0.0"; a point is
    a plain ``version`` entry, an inclusive end ``lessThanOrEqual``, no end ``lessThan: *``."""
    source = (
        VersionSet.less_than(Version("0"))
        | VersionSet.singleton(Version("1.0"))
        | VersionSet.interval(Version("2.0"), Version("3.0"), upper_inclusive=True)
        | VersionSet.at_least(Version("4.0"))
    )
    assert cve_versions(source) == (
        CveVersion(version="0", less_than="0.0", status=Status.AFFECTED, version_type="python"),
        CveVersion(version="1.0", status=Status.AFFECTED, version_type="python"),
        CveVersion(
            version="2.0",
            less_than_or_equal="3.0",
            status=Status.AFFECTED,
            version_type="python",
        ),
        CveVersion(version="4.0", less_than="*", status=Status.AFFECTED, version_type="python"),
    )
    fixed, last = osv_ranges(source)
    assert [(e.kind.value, e.value) for e in fixed.events] == [
        ("introduced", "0"),
        ("fixed", "0.0"),
        ("introduced", "4.0"),
    ]
    assert [(e.kind.value, e.value) for e in last.events] == [
        ("introduced", "1.0"),
        ("last_affected", "1.0"),
        ("introduced", "2.0"),
        ("last_affected", "3.0"),
    ]


def test_unknown_is_never_written_unaffected() -> None:
    """CVE JSON 5 › defaultStatus: ``unaffected`` only when nothing is unknown."""
    assert cve_default_status(VersionSet.empty()) is Status.UNAFFECTED
    assert cve_default_status(VersionSet.singleton("1.0")) is Status.UNKNOWN


def test_cve_product_entries_come_from_the_product() -> None:
    """CVE JSON 5 › affected: vendor, product and repository from the `Product` value."""
    cpython = cve_product_entry(CPYTHON, (), default_status=Status.UNAFFECTED)
    assert (cpython.vendor, cpython.product, cpython.repo, cpython.package_name) == (
        "Python Software Foundation",
        "CPython",
        "https://github.com/python/cpython",
        None,
    )
    assert cpython.versions is None
    pip = cve_product_entry(PIP, (), default_status=Status.UNKNOWN)
    assert (pip.vendor, pip.product, pip.package_name) == (
        "Pip maintainers",
        "pip",
        "pip",
    )
    other = cve_product_entry("example", (), default_status=Status.UNAFFECTED)
    # A package without a Product is its own vendor: vendor + product keep the record valid.
    assert (other.vendor, other.product, other.package_name) == ("example", "example", "example")


def test_products_are_values_looked_up_by_name() -> None:
    """Issue 8 item 2: `CPYTHON` and `PIP` say the product facts once; an unknown name is a
    `PsrtError` and a `LookupError` that survives pickling."""
    assert product_named("cpython") is CPYTHON
    assert product_named("pip") is PIP
    assert tuple(PRODUCTS) == ("cpython", "pip")
    assert (CPYTHON.scheme, PIP.scheme) == (BranchScheme.MINOR, BranchScheme.MAJOR)
    assert (CPYTHON.ecosystem, PIP.ecosystem, PIP.package) == (None, "PyPI", "pip")
    assert str(CPYTHON) == "cpython"
    with pytest.raises(UnknownProductError) as caught:
        product_named("numpy")
    assert isinstance(caught.value, PsrtError)
    assert isinstance(caught.value, LookupError)
    assert str(caught.value) == "no product named 'numpy'; known: cpython, pip"
    again = pickle.loads(pickle.dumps(caught.value))
    assert (type(again), str(again), again.product) == (
        UnknownProductError,
        str(caught.value),
        "numpy",
    )


@given(st.sampled_from(sorted(PRODUCTS)))
def test_every_product_round_trips_by_name(name: str) -> None:
    """Lookup is by the product's own name."""
    assert product_named(name).name == name
