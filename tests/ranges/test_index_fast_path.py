"""The index's fast path for plain CVE records equals the general evaluation (issue 13).

range-semantics §2 (CVE JSON 5 ``versions``: entry *i* decides what it matches that no earlier
entry matched, ``defaultStatus`` the rest): `AffectedIndex.build` places a plain CVE record on
the catalog's line without evaluating it into sets. Every table and answer of the index must be
what the general path (the advisory's `Evaluation`) gives, and every record the fast path cannot
read exactly must decline to the general path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core import AffectedIndex
from psrt_core.advisories import Advisory
from psrt_core.exceptions import InvalidInputError
from psrt_core.ranges._index import _catalog_layout
from psrt_core.ranges._plain import plain_line, set_of_line
from psrt_core.serialization import advisory_from_dict, load_advisory
from psrt_core.versions import Catalog, VersionSet

CPYTHON = psrt_core.cpython_releases()
PIP = psrt_core.pip_releases()
PSF = "28c92f92-d60d-412d-b760-e73465c3df22"


def _texts(catalog: Catalog, step: int) -> list[str]:
    """Every *step*-th release text, every pre-release's, and every scheduled release's."""
    releases = catalog.releases
    picked = [r for i, r in enumerate(releases) if i % step == 0 or r.version.is_prerelease]
    picked += [r for r in releases if r.scheduled]
    return sorted({str(r.version) for r in picked}, key=Version)


#: Bounds on the decline boundary: not a release's own text (3.8 for 3.8.0), between releases,
#: wildcards, non-PEP 440, the bottom and top markers, the version 0 as an exact entry.
ODD = ["0", "*", "3.8", "3.12.99", "3.13.0rc3.post1", "2.*", "3.12.*", "junk-1", "0.0", "99"]


def bounds(catalog: Catalog) -> st.SearchStrategy[str]:
    """Mostly the catalog's own release texts (so whole records are plain often enough)."""
    own = st.sampled_from(_texts(catalog, 6 if catalog is CPYTHON else 4))
    other = st.sampled_from(_texts(PIP if catalog is CPYTHON else CPYTHON, 8))
    return st.one_of(own, own, own, own, other, st.sampled_from(ODD))


STATUSES = st.sampled_from(["affected", "unaffected", "unknown"])
KINDS = st.sampled_from(["python"] * 6 + [None, "PyPI", "semver", "git"])


@st.composite
def entries(draw: st.DrawFn, catalog: Catalog, *, plain: bool = False) -> dict[str, Any]:
    """One ``versions[]`` entry; *plain*: release texts, "0", "*" and ``python`` only."""
    own = st.sampled_from(_texts(catalog, 6 if catalog is CPYTHON else 4))
    if plain:
        return draw(plain_entries(own))
    BOUNDS = bounds(catalog)  # noqa: N806 - a strategy, like the module's constants
    entry: dict[str, Any] = {"version": draw(BOUNDS), "status": draw(STATUSES)}
    kind = draw(KINDS)
    if kind is not None:
        entry["versionType"] = kind
    shape = draw(st.sampled_from(["exact", "lessThan", "lessThanOrEqual", "both"]))
    if shape in ("lessThan", "both"):
        entry["lessThan"] = draw(BOUNDS)
    if shape in ("lessThanOrEqual", "both"):
        entry["lessThanOrEqual"] = draw(BOUNDS)
    if shape != "exact" and draw(st.integers(0, 9)) == 0:
        entry["changes"] = [{"at": draw(BOUNDS), "status": draw(STATUSES)}]
    return entry


@st.composite
def plain_entries(draw: st.DrawFn, own: st.SearchStrategy[str]) -> dict[str, Any]:
    """An entry the fast path reads: release texts, "0" below, "*" above, no ``changes``."""
    entry: dict[str, Any] = {"status": draw(STATUSES), "versionType": "python"}
    shape = draw(st.sampled_from(["exact", "lessThan", "lessThanOrEqual"]))
    if shape == "exact":
        return entry | {"version": draw(own)}
    lower = draw(own | st.just("0"))
    upper = draw(own | st.just("*"))
    ordered = lower == "0" or upper == "*" or Version(lower) <= Version(upper)
    if not ordered and draw(st.integers(0, 3)) > 0:  # mostly non-empty, sometimes reversed
        lower, upper = upper, lower
    return entry | {"version": lower, shape: upper}


PRODUCTS = [
    {"vendor": "Python Software Foundation", "product": "CPython"},
    {"vendor": "Python Software Foundation", "product": "pip"},
    {"vendor": "Someone", "product": "other", "packageName": "other"},
]


@st.composite
def products(draw: st.DrawFn, catalog: Catalog) -> dict[str, Any]:
    """One ``affected[]`` product: mostly CPython, entries that overlap and repeat."""
    product: dict[str, Any] = dict(draw(st.sampled_from(PRODUCTS[:2] * 3 + PRODUCTS)))
    default = draw(st.sampled_from([None, "affected", "unaffected", "unaffected", "unknown"]))
    if default is not None:
        product["defaultStatus"] = default
    if draw(st.integers(0, 4)) > 0:
        plain = draw(st.booleans())
        product["versions"] = draw(st.lists(entries(catalog, plain=plain), max_size=5))
    if draw(st.integers(0, 5)) == 0:
        product["platforms"] = ["Windows"]
    return product


def record(number: int, affected: list[dict[str, Any]], state: str = "PUBLISHED") -> Advisory:
    """A CVE JSON 5 record with the given products."""
    cve_id = f"CVE-2099-{number + 10000}"
    metadata = {"cveId": cve_id, "assignerOrgId": PSF, "state": state}
    cna: dict[str, Any] = {"providerMetadata": {"orgId": PSF}}
    if state == "PUBLISHED":
        cna |= {
            "title": "t",
            "descriptions": [{"lang": "en", "value": "d"}],
            "affected": affected,
            "references": [{"url": "https://example.invalid/x"}],
        }
    else:
        cna["rejectedReasons"] = [{"lang": "en", "value": "r"}]
    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": metadata,
        "containers": {"cna": cna},
    }
    return advisory_from_dict(document)


def assert_fast_equals_general(
    catalog: Catalog, fresh: list[Advisory], again: list[Advisory], *, scheduled: bool
) -> int:
    """Build from *fresh* (fast path where it applies) and from *again*'s evaluations.

    *fresh* and *again* are the same records parsed twice (the fast path declines an advisory
    already evaluated). Compares every table and public answer; returns how many were fast.
    """
    releases, layout, positions = _catalog_layout(catalog, scheduled)
    top = 2 * len(releases) + 1
    placed = [plain_line(item, positions, top) for item in fresh]
    fast = AffectedIndex.build(catalog, fresh, include_scheduled=scheduled, include_withdrawn=True)
    pairs = [(item.id, item.evaluate().affected) for item in again]
    general = AffectedIndex.build(catalog, pairs, include_scheduled=scheduled)
    assert fast.releases == general.releases
    assert fast.advisory_ids == general.advisory_ids
    for item, found in zip(again, placed, strict=True):
        affected = item.evaluate().affected
        if found is not None:
            assert set_of_line(found[0], layout.versions) == affected
        assert fast.mask(item.id) == general.mask(item.id)
        assert fast.affected_versions(item.id) == general.affected_versions(item.id)
        assert fast.affected_set(item.id) == affected
    assert fast.rows() == general.rows()
    assert fast.matrix() == general.matrix()
    probes: list[Any] = [r.version for r in releases] + [str(r.version) for r in releases[::7]]
    probes += [Version(p) for p in ("0", "3.8.0.post1", "3.12.99", "3.13.0rc3.post1", "99")]
    probes += ["junk-1", "2.0.0-final", "3.8"]
    for probe in probes:
        assert fast.advisories_affecting(probe) == general.advisories_affecting(probe), probe
    return sum(found is not None for found in placed)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.sampled_from([CPYTHON, PIP]), st.booleans())
def test_fast_path_equals_the_general_evaluation(
    data: st.DataObject, catalog: Catalog, scheduled: bool
) -> None:
    """range-semantics §2 (first match wins, defaultStatus): the fast path's index is the
    general path's, table for table, on generated records around the decline boundary."""
    records = data.draw(st.lists(st.lists(products(catalog), min_size=1, max_size=2), max_size=5))
    fresh = [record(number, affected) for number, affected in enumerate(records)]
    again = [record(number, affected) for number, affected in enumerate(records)]
    assert_fast_equals_general(catalog, fresh, again, scheduled=scheduled)


def _plain(*versions: dict[str, Any], default: str | None = "unaffected") -> Advisory:
    product: dict[str, Any] = {"vendor": "PSF", "product": "CPython", "versions": list(versions)}
    if default is not None:
        product["defaultStatus"] = default
    return record(1, [product])


def _line_of(advisory: Advisory) -> tuple[int, int] | None:
    releases, _, positions = _catalog_layout(CPYTHON, False)
    return plain_line(advisory, positions, 2 * len(releases) + 1)


def _range(lower: str, upper: str, status: str = "affected", **more: str) -> dict[str, Any]:
    return {"version": lower, "lessThan": upper, "status": status, "versionType": "python"} | more


@pytest.mark.parametrize(
    "advisory",
    [
        _plain(_range("3.8.0", "3.8.20")),
        _plain(_range("0", "3.8.20"), _range("3.9.0", "*")),
        _plain({"version": "3.8.1", "status": "affected"}, default=None),
        _plain(
            _range("3.8.0", "3.8.5", "unaffected"), _range("3.8.0", "3.8.20"), default="unknown"
        ),
        _plain(
            {"version": "3.13.0a1", "lessThanOrEqual": "3.13.0rc3", "status": "affected"}
            | {"versionType": "PyPI"}
        ),
    ],
)
def test_plain_records_take_the_fast_path(advisory: Advisory) -> None:
    """The usual shapes (per-branch ranges, the bottom, the top, single versions, an
    unaffected entry before an affected one, lessThanOrEqual on a pre-release) are placed
    without an evaluation, and the set rebuilt from the line is the evaluation's."""
    found = _line_of(advisory)
    assert found is not None
    _, layout, _ = _catalog_layout(CPYTHON, False)
    assert set_of_line(found[0], layout.versions) == advisory.evaluate().affected


@pytest.mark.parametrize(
    "advisory",
    [
        _plain(_range("3.8.0", "3.8.20"), default="affected"),  # every literal is affected
        _plain(_range("3.8", "3.8.20")),  # not the release's own text
        _plain(_range("3.8.0", "3.8.99")),  # between releases
        _plain(_range("3.8.0", "3.8.*")),  # a series
        _plain(_range("3.8.0", "3.8.20") | {"versionType": "semver"}),
        _plain(_range("3.8.0", "3.8.20") | {"changes": [{"at": "3.8.5", "status": "unaffected"}]}),
        _plain({"version": "0", "status": "affected"}),  # the version 0, not the bottom
        _plain({"version": "junk-1", "status": "affected"}),
        _plain({"version": "3.8.0", "status": "affected", "versionType": "git"}),  # not PEP 440
    ],
)
def test_anything_else_declines(advisory: Advisory) -> None:
    """Records the line cannot express exactly go to the general evaluation."""
    assert _line_of(advisory) is None


def test_an_evaluated_advisory_or_another_type_declines() -> None:
    """An advisory already evaluated keeps its evaluation; a subclass may evaluate otherwise."""
    advisory = _plain(_range("3.8.0", "3.8.20"))
    advisory.evaluate()
    assert _line_of(advisory) is None

    class Special(Advisory):
        pass

    assert _line_of(Special(_plain(_range("3.8.0", "3.8.20")).record)) is None


def test_the_benchmark_workload_is_all_fast() -> None:
    """Issue 13: the benchmark's records (2 to 6 per-branch ranges) all take the fast path."""
    ranges = [_range("3.9.0", "3.9.20"), _range("3.10.0", "3.10.15"), _range("0", "3.8.3")]
    fresh = [advisory_from_dict(_document(n, ranges[: 1 + n])) for n in range(3)]
    again = [advisory_from_dict(_document(n, ranges[: 1 + n])) for n in range(3)]
    assert assert_fast_equals_general(CPYTHON, fresh, again, scheduled=False) == 3


def _document(number: int, versions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {
            "cveId": f"CVE-2099-{number + 10000}",
            "assignerOrgId": PSF,
            "state": "PUBLISHED",
        },
        "containers": {
            "cna": {
                "providerMetadata": {"orgId": PSF},
                "descriptions": [{"lang": "en", "value": "d"}],
                "affected": [
                    {"product": "CPython", "defaultStatus": "unaffected", "versions": versions}
                ],
                "references": [{"url": "https://example.invalid/x"}],
            }
        },
    }


@pytest.mark.parametrize("scheduled", [False, True])
def test_real_samples_agree(samples: Path, scheduled: bool) -> None:
    """The real PSF, PyPA and CVE records: the same index on both bundled catalogs."""
    paths = sorted(samples.glob("*/*.json"))
    by_id: dict[str, Path] = {}
    for path in paths:
        by_id.setdefault(load_advisory(path).id, path)  # one version of each record
    chosen = list(by_id.values())
    fast_count = 0
    for catalog in (CPYTHON, PIP):
        fresh = [load_advisory(path) for path in chosen]
        again = [load_advisory(path) for path in chosen]
        fast_count += assert_fast_equals_general(catalog, fresh, again, scheduled=scheduled)
    assert fast_count > 0


def _toy_catalog(texts: list[str]) -> Catalog:
    from psrt_core.versions import Branch, BranchStatus, Release

    releases = [Release(text, scheduled=text == "3.12.2") for text in texts]
    branches = sorted({r.branch for r in releases}, key=Version)
    return Catalog("cpython", releases, [Branch(name, BranchStatus.BUGFIX) for name in branches])


@pytest.mark.parametrize("changes", ["scheduled", "catalog"])
def test_an_evolved_index_places_fast_path_records_anew(changes: str) -> None:
    """Review finding: the fast path's lines are positions on the releases they were placed on.
    An index evolved to another catalog or ``include_scheduled`` answers as one built there
    by the general evaluation (it kept the old positions, and another catalog crashed)."""
    catalog = _toy_catalog(["3.11.0", "3.12.0", "3.12.1", "3.12.2", "3.13.0"])
    advisory = _plain(_range("3.12.0", "3.13.0"))
    general = ("GENERAL", VersionSet.at_least(Version("3.12.1")))  # placed as a set
    fast = AffectedIndex.build(catalog, [advisory, general])
    assert fast._sets.raw(fast._sets._versions)[advisory.id] == _line_of_in(catalog, advisory)
    if changes == "scheduled":
        other, scheduled = catalog, True
    else:
        other, scheduled = _toy_catalog(["3.12.0", "3.12.1", "3.13.0"]), False
    evolved = attrs.evolve(fast, catalog=other, include_scheduled=scheduled)
    expected = AffectedIndex.build(
        other,
        [(advisory.id, advisory.evaluate().affected), general],
        include_scheduled=scheduled,
    )
    assert [str(r) for r in evolved.affected_versions(advisory.id)] == [
        str(r) for r in expected.affected_versions(advisory.id)
    ]
    assert evolved.rows() == expected.rows()
    assert evolved.affected_set(advisory.id) == expected.affected_set(advisory.id)
    assert evolved.mask("GENERAL") == expected.mask("GENERAL")


def _line_of_in(catalog: Catalog, advisory: Advisory) -> tuple[int, int] | None:
    releases, _, positions = _catalog_layout(catalog, False)
    return plain_line(advisory, positions, 2 * len(releases) + 1)


@pytest.mark.parametrize("value", [(6, 1), "3.12", None])
def test_a_callers_value_that_is_no_version_set_is_refused(value: object) -> None:
    """Review finding: a caller's pair ``(line, mask)`` was taken as the fast path's own
    placement; every value a caller gives must be a `VersionSet` (InvalidInputError)."""
    for advisories in ({"X": value}, [("X", value)]):
        with pytest.raises(InvalidInputError) as info:
            AffectedIndex.build(CPYTHON, advisories)  # type: ignore[arg-type]
        assert [(p.message, p.value) for p in info.value.problems] == [
            ("is not a VersionSet", value)
        ]
