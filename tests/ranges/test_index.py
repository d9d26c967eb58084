"""The bulk index (issue 5, item 5): AffectedIndex.build, advisories_affecting, the matrix."""

from __future__ import annotations

import gc
from bisect import bisect_left
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core import AffectedIndex, ranges_from_fixes
from psrt_core.exceptions import InvalidInputError, UnknownAdvisoryError
from psrt_core.ranges import _index
from psrt_core.testing import cpython_versions, version_sets, versions
from psrt_core.versions import VersionSet
from psrt_core.versions._set import order_key

CPYTHON = psrt_core.cpython_releases()
V = Version

SETS = {
    "CVE-2024-6232": ranges_from_fixes(
        CPYTHON, ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"]
    ).affected,
    "CVE-2023-6597": ranges_from_fixes(
        CPYTHON, ["3.8.19", "3.9.19", "3.10.14", "3.11.8", "3.12.1", "3.13.0a3"]
    ).affected,
    "ONLY-3.13": VersionSet.interval(V("3.13.0a1"), V("3.13.2")),
}


@attrs.frozen
class FakeEvaluation:
    """An evaluation as the advisories layer returns it (only `affected` is read)."""

    affected: VersionSet


@attrs.frozen
class FakeAdvisory:
    """An advisory-like object: an id and evaluate()."""

    id: str
    affected: VersionSet

    def evaluate(self) -> FakeEvaluation:
        """The evaluation of this advisory."""
        return FakeEvaluation(self.affected)


def test_advisories_affecting_a_release() -> None:
    """Issue 5 item 5: index.advisories_affecting(version) is the frozenset of advisory ids."""
    index = AffectedIndex.build(CPYTHON, SETS)
    assert index.advisories_affecting(V("3.12.0")) == {"CVE-2024-6232", "CVE-2023-6597"}
    assert index.advisories_affecting("3.12.5") == {"CVE-2024-6232"}
    assert index.advisories_affecting("3.13.0a2") == {"CVE-2024-6232", "CVE-2023-6597", "ONLY-3.13"}
    assert index.advisories_affecting(CPYTHON.release("3.13.1")) == {"ONLY-3.13"}
    assert index.advisories_affecting("3.14.0") == frozenset()
    assert len(index) == 3


def test_versions_outside_the_catalog_are_answered_exactly() -> None:
    """A version that is no catalog release is evaluated from the exact sets, never guessed."""
    index = AffectedIndex.build(CPYTHON, SETS)
    assert index.advisories_affecting("3.12.5+local") == {"CVE-2024-6232"}
    assert index.advisories_affecting(V("3.13.1.post1")) == {"ONLY-3.13"}
    assert index.advisories_affecting("0.7.10p1") == frozenset()
    assert index.advisories_affecting("3.16.0a1") == frozenset()  # scheduled: not indexed


def test_affected_versions_masks_and_matrix() -> None:
    """affected_versions, mask and matrix are views of the same release-by-advisory matrix."""
    index = AffectedIndex.build(CPYTHON, SETS)
    only = index.affected_versions("ONLY-3.13")
    assert [str(r) for r in only][:3] == ["3.13.0a1", "3.13.0a2", "3.13.0a3"]
    assert [str(r) for r in only][-2:] == ["3.13.0", "3.13.1"]
    assert len(only) == 15
    assert index.affected_set("ONLY-3.13") == SETS["ONLY-3.13"]
    matrix = index.matrix()
    assert len(matrix) == len(index.releases) == 627
    column = index.advisory_ids.index("ONLY-3.13")
    assert [r for r, row in zip(index.releases, matrix, strict=True) if row[column]] == list(only)
    assert bin(index.mask("ONLY-3.13")).count("1") == 15
    with pytest.raises(UnknownAdvisoryError, match=r"^no advisory 'nope' in the index$"):
        index.mask("nope")
    with pytest.raises(UnknownAdvisoryError, match=r"^no advisory 'nope' in the index$"):
        index.affected_set("nope")
    with pytest.raises(UnknownAdvisoryError) as caught:
        index.affected_versions("nope")
    assert caught.value.advisory_id == "nope"
    assert isinstance(caught.value, LookupError)


def test_rows_keep_the_rows_already_asked_for() -> None:
    """Issue 13 (queries): `rows` fills only the rows no query built; a row asked for before
    is returned as the very same object, and a second `rows` call rebuilds nothing."""
    index = AffectedIndex.build(CPYTHON, SETS)
    asked = index.advisories_affecting("3.12.5")
    assert asked == {"CVE-2024-6232"}  # before 3.12.6, after 3.12.1
    rows = index.rows()
    position = [str(r) for r in index.releases].index("3.12.5")
    assert rows[position] is asked
    again = index.rows()
    assert all(a is b for a, b in zip(again, rows, strict=True))
    assert [sorted(row) for row in rows[position - 1 : position + 1]] == [
        ["CVE-2024-6232"],
        ["CVE-2024-6232"],
    ]


def test_a_set_inside_one_gap_affects_no_release_but_its_own_versions() -> None:
    """Exactness (issue 5, item 5): an advisory whose versions all fall between two releases
    has an empty row mask, yet a version inside that gap is still answered by membership."""
    inside = VersionSet.interval(V("3.12.5.post1"), V("3.12.5.post3"))
    index = AffectedIndex.build(CPYTHON, {"GAP": inside, **SETS})
    assert index.mask("GAP") == 0
    assert index.affected_versions("GAP") == ()
    assert "GAP" in index.advisories_affecting(V("3.12.5.post2"))
    assert "GAP" not in index.advisories_affecting(V("3.12.5"))
    assert "GAP" not in index.advisories_affecting(V("3.12.5.post3"))


def test_a_set_covering_one_whole_gap_affects_no_release() -> None:
    """Exactness: ``(3.12.5, 3.12.6)``, both ends open, holds every version between two
    adjacent releases and neither release: an empty mask, yet the gap's versions are in it."""
    between = VersionSet.interval(V("3.12.5"), V("3.12.6"), lower_inclusive=False)
    index = AffectedIndex.build(CPYTHON, {"BETWEEN": between, **SETS})
    assert index.mask("BETWEEN") == 0
    assert index.affected_versions("BETWEEN") == ()
    assert "BETWEEN" in index.advisories_affecting(V("3.12.5.post1"))
    assert "BETWEEN" in index.advisories_affecting(V("3.12.6.dev0"))
    assert "BETWEEN" not in index.advisories_affecting(V("3.12.5"))
    assert "BETWEEN" not in index.advisories_affecting(V("3.12.6"))


def _queried(index: AffectedIndex) -> _index._Lookup:
    """*index*'s lookup, built by a first query (a `Version`: text is a plain dict lookup)."""
    index.advisories_affecting(V("3.12.0"))
    lookup = index._lookup
    assert lookup is not None
    return lookup


def test_a_stale_hash_table_only_slows_the_query_down() -> None:
    """Issue 13 (queries): the hash table is an accelerator; with none of its hashes right (an
    index unpickled under another ``PYTHONHASHSEED``, whose seed mark differs from this
    process's) a release is found by its key, and the table is made anew."""
    index = AffectedIndex.build(CPYTHON, SETS)
    stale = attrs.evolve(_queried(index), by_hash={}, seed=_index._SEED + 1)
    object.__setattr__(index, "_lookup", stale)
    index._hits[hash(V("3.12.5"))] = (order_key(V("3.12.6")), frozenset({"STALE"}))
    assert index.advisories_affecting(V("3.12.5")) == {"CVE-2024-6232"}
    assert index.advisories_affecting(V("3.12.5.post1")) == {"CVE-2024-6232"}
    assert index.advisories_affecting(V("3.13.1")) == {"ONLY-3.13"}
    assert index.advisories_affecting(V("3.12.6")) == set()
    lookup = index._lookup
    assert lookup is not None
    assert lookup.seed == _index._SEED
    assert lookup.by_hash == {hash(order_key(v)): 2 * i + 1 for i, v in enumerate(_versions())}


def _versions() -> list[Version]:
    return [release.version for release in CPYTHON.released()]


def test_a_remembered_release_is_trusted_only_for_its_own_key() -> None:
    """Issue 13 (queries): a release asked before is answered from its remembered row, which
    is looked up by hash; a version with the same hash but another key is asked anew."""
    index = AffectedIndex.build(CPYTHON, SETS)
    first = index.advisories_affecting(V("3.12.5"))
    assert first == {"CVE-2024-6232"}
    assert index._hits[hash(V("3.12.5"))] == (order_key(V("3.12.5")), first)
    index._cache[:] = [None] * len(index._cache)  # the remembered row alone can answer
    hashed = V("3.12.5")
    hash(hashed)
    assert index.advisories_affecting(hashed) is first
    assert index._cache[index._positions["3.12.5"]] is None
    index._hits[hash(V("3.13.1"))] = (order_key(V("3.12.5")), first)  # a hash collision
    colliding = V("3.13.1")
    hash(colliding)
    assert index.advisories_affecting(colliding) == {"ONLY-3.13"}


_BETWEEN = (
    "3.12.5.post1",  # the gap above a final release: its group's suffixes place it
    "3.13.0rc2.post1",  # inside a group of pre-releases
    "3.12.5+local",  # a local label: its group's full keys place it
    "1!3.12.5",  # another epoch: past every release
    "3.99.1",  # no release of that number: the release tuples place it
    "0.1",
)


@pytest.mark.parametrize("text", _BETWEEN)
def test_a_version_between_releases_gets_its_gaps_row_every_time(text: str) -> None:
    """Issue 13 (queries): a version between releases is plain membership the first time (the
    gap's row is built) and every later time (the row is read), fresh object or not; a set
    with a bound inside the very gap (``MIXED``) is asked directly each time."""
    sets = {**SETS, "MIXED": VersionSet.interval(V("3.12.5.post1"), V("3.13.0rc2.post2"))}
    index = AffectedIndex.build(CPYTHON, sets)
    expected = {key for key, value in sets.items() if V(text) in value}
    version = V(text)
    answers = [index.advisories_affecting(q) for q in (V(text), version, V(text), version)]
    assert answers == [expected] * 4


def test_without_groups_a_version_between_releases_is_bisected() -> None:
    """Issue 13 (queries): over releases of several epochs there are no groups; a version
    between releases is then found by bisecting every key, the same answer."""
    index = AffectedIndex.build(CPYTHON, SETS)
    object.__setattr__(index, "_lookup", attrs.evolve(_queried(index), groups=None))
    for _ in range(2):
        assert index.advisories_affecting(V("3.12.5.post1")) == {"CVE-2024-6232"}
        assert index.advisories_affecting(V("3.13.1.post1")) == {"ONLY-3.13"}


def test_a_gap_with_a_bound_inside_keeps_no_plain_row() -> None:
    """Issue 13 (queries): only a gap where no set has a bound keeps its row as the whole
    answer; the gap holding ``MIXED``'s bounds is asked directly every time."""
    mixed = VersionSet.interval(V("3.12.5.post1"), V("3.12.5.post3"))
    index = AffectedIndex.build(CPYTHON, {"MIXED": mixed, **SETS})
    for _ in range(2):
        assert "MIXED" in index.advisories_affecting(V("3.12.5.post2"))
        assert "MIXED" not in index.advisories_affecting(V("3.12.5.post4"))
        assert index.advisories_affecting(V("3.12.6.post1")) == set()
    gap = index._lookup.gap_of(index._keys, order_key(V("3.12.5.post2")))  # type: ignore[union-attr]
    assert index._plain[gap] is None
    assert index._plain[gap + 1] == frozenset()


def test_releases_sharing_a_hash_are_told_apart_by_their_keys() -> None:
    """Issue 13 (queries): with two releases of one hash there is no hash table (``None``), and
    a `Version` is found by its key, as text is."""
    index = AffectedIndex.build(CPYTHON, SETS)
    object.__setattr__(index, "_lookup", attrs.evolve(_queried(index), by_hash=None))
    assert index.advisories_affecting(V("3.12.5")) == {"CVE-2024-6232"}
    assert index.advisories_affecting(V("3.12.5.post1")) == {"CVE-2024-6232"}
    assert index.advisories_affecting(V("3.13.1")) == {"ONLY-3.13"}
    assert hash(V("3.12.5")) not in index._hits


def test_a_version_colliding_with_a_release_hash_is_placed_in_its_gap() -> None:
    """Issue 13 (queries): equal hashes are no proof of equal versions; a version whose hash
    names a release but whose key differs is searched among the gaps."""
    index = AffectedIndex.build(CPYTHON, SETS)
    lookup = _queried(index)
    assert lookup.by_hash is not None
    release = lookup.by_hash[hash(V("3.13.1"))]
    probe = V("3.12.5.post1")
    colliding = {**lookup.by_hash, hash(probe): release}
    object.__setattr__(index, "_lookup", attrs.evolve(lookup, by_hash=colliding))
    assert index.advisories_affecting(probe) == {"CVE-2024-6232"}
    assert hash(probe) not in index._hits


def test_a_version_whose_hash_packaging_cached_without_its_key_is_answered() -> None:
    """Issue 13 (queries): packaging's private caches are read, never trusted to be both
    filled; a version with a hash but no key is asked the slow way, same answer."""
    index = AffectedIndex.build(CPYTHON, SETS)
    _queried(index)
    version = V("3.12.5")
    hash(version)
    version._key_cache = None
    assert index.advisories_affecting(version) == {"CVE-2024-6232"}


def test_build_from_advisory_objects_and_pairs() -> None:
    """Advisory objects (id + evaluate()) and (id, set) pairs index the same as a mapping."""
    objects = [FakeAdvisory(key, value) for key, value in SETS.items()]
    pairs = list(SETS.items())
    from_objects = AffectedIndex.build(CPYTHON, objects)
    from_pairs = AffectedIndex.build(CPYTHON, pairs)
    assert from_objects.rows() == from_pairs.rows() == AffectedIndex.build(CPYTHON, SETS).rows()
    assert from_objects.advisory_ids == tuple(SETS)


def test_repeated_ids_are_all_reported() -> None:
    """Two advisories with one id are an error listing every repeat."""
    pairs = [("A", VersionSet.full()), ("B", VersionSet.full()), ("A", VersionSet.empty())]
    with pytest.raises(InvalidInputError) as caught:
        AffectedIndex.build(CPYTHON, [*pairs, ("B", VersionSet.empty())])
    assert str(caught.value) == (
        "advisories to index: advisories[2]: repeats an advisory id (got 'A'); "
        "advisories[3]: repeats an advisory id (got 'B')"
    )


def test_scheduled_releases_only_on_request() -> None:
    """range-semantics §8.8: scheduled CPython releases are left out unless asked for."""
    index = AffectedIndex.build(CPYTHON, {"ALL": VersionSet.full()}, include_scheduled=True)
    assert len(index.releases) == 651
    assert index.advisories_affecting("3.16.0a1") == {"ALL"}


@given(
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D", "E"]),
        version_sets(elements=st.sampled_from(CPYTHON.versions()) | cpython_versions()),
        max_size=5,
    )
)
def test_index_matches_brute_force_membership(sets: dict[str, VersionSet]) -> None:
    """Every cell of the matrix is plain membership of the release in the advisory's set."""
    index = AffectedIndex.build(CPYTHON, sets)
    for release, row in zip(index.releases, index.rows(), strict=True):
        assert row == {key for key, value in sets.items() if release.version in value}
        assert index.advisories_affecting(release.version) is row


@given(
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D", "E"]),
        version_sets(elements=st.sampled_from(CPYTHON.versions()) | cpython_versions()),
        max_size=5,
    ),
    st.lists(cpython_versions(), min_size=1, max_size=8),
)
def test_gap_rows_answer_versions_outside_the_catalog_exactly(
    sets: dict[str, VersionSet], probes: list[Version]
) -> None:
    """A query between two releases (gap row plus the sets bounded inside that gap) is plain
    membership, whatever the sets' bounds, catalog releases or not."""
    index = AffectedIndex.build(CPYTHON, sets)
    for version in [*probes, V("0.0.1"), V("99")]:
        expected = {key for key, value in sets.items() if version in value}
        assert index.advisories_affecting(version) == expected
        assert index.advisories_affecting(str(version)) == expected


def test_gap_row_between_two_releases_with_a_bound_inside_the_gap() -> None:
    """3.12.4.post1 lies between 3.12.4 and 3.12.5; a set bounded at 3.12.4.post2 is asked."""
    sets = {
        "WIDE": VersionSet.interval(V("3.12.0"), V("3.12.6")),
        "SPLIT": VersionSet.interval(V("3.12.4.post2"), V("3.13.0")),
        "BELOW": VersionSet.interval(None, V("3.12.4.post1"), upper_inclusive=True),
    }
    index = AffectedIndex.build(CPYTHON, sets)
    assert index.advisories_affecting("3.12.4.post1") == {"WIDE", "BELOW"}
    assert index.advisories_affecting("3.12.4.post3") == {"WIDE", "SPLIT"}
    assert index.advisories_affecting("3.12.4") == {"WIDE", "BELOW"}
    assert index.advisories_affecting("3.12.5") == {"WIDE", "SPLIT"}


def test_tables_are_derived_not_passed() -> None:
    """Issue 8 item 6: the constructor takes the catalog and the sets; every table is computed,
    so an index cannot be handed rows that disagree with its sets."""
    for table in ("releases", "advisory_ids", "masks", "rows", "by_version", "by_text"):
        extra: dict[str, Any] = {table: ()}
        with pytest.raises(TypeError, match="unexpected keyword argument"):
            AffectedIndex(CPYTHON, SETS, **extra)
    direct = AffectedIndex(CPYTHON, SETS)
    built = AffectedIndex.build(CPYTHON, SETS)
    assert direct.rows() == built.rows()
    assert direct.releases == built.releases == CPYTHON.released()
    assert (direct.advisory_ids, direct.include_scheduled) == (tuple(SETS), False)
    assert {key: direct.mask(key) for key in SETS} == {key: built.mask(key) for key in SETS}


def test_index_keeps_its_own_copy_of_the_sets() -> None:
    """Changing the caller's mapping afterwards cannot make the sets disagree with the rows."""
    sets = dict(SETS)
    index = AffectedIndex.build(CPYTHON, sets)
    sets["LATE"] = VersionSet.full()
    del sets["ONLY-3.13"]
    assert index.advisory_ids == tuple(SETS)
    assert index.affected_set("ONLY-3.13") == SETS["ONLY-3.13"]
    assert index.advisories_affecting("3.13.1+local") == {"ONLY-3.13"}


def test_the_catalog_part_is_computed_once_per_catalog_and_forgotten_with_it() -> None:
    """Issue 13: catalogs are immutable, so their releases' positions and texts are shared by
    every index over them; a smaller catalog gets its own, dropped when it is collected."""
    from psrt_core.ranges import _index
    from psrt_core.versions import Catalog

    first = AffectedIndex.build(CPYTHON, SETS)
    second = AffectedIndex.build(CPYTHON, SETS)
    assert second._positions is first._positions
    assert second.rows() == first.rows()
    small = Catalog(CPYTHON.product, CPYTHON.releases_of("3.13"), (CPYTHON.branch("3.13"),))
    index = AffectedIndex.build(small, SETS)
    assert index.releases == tuple(r for r in small.releases if not r.scheduled)
    assert index.advisories_affecting("3.13.0rc1") == {"CVE-2024-6232", "ONLY-3.13"}
    assert index.advisories_affecting("3.13.1") == {"ONLY-3.13"}
    key = (id(small), False)
    assert key in _index._LAYOUTS
    del index, small
    gc.collect()
    assert key not in _index._LAYOUTS


_PROBE_SETS = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E"]),
    version_sets(elements=st.sampled_from(CPYTHON.versions()) | cpython_versions()),
    max_size=5,
)
_RELEASED = {release.version: release for release in CPYTHON.released()}
_PROBES = st.lists(
    st.sampled_from(list(_RELEASED)) | versions(),
    min_size=1,
    max_size=8,
)


def _assert_queries_agree(sets: dict[str, VersionSet], probes: list[Version]) -> None:
    index = AffectedIndex.build(CPYTHON, sets)
    for version in [*probes, V("0.0.1"), V("99"), V("3.12"), V("3.12.0+local")]:
        expected = {key for key, value in sets.items() if version in value}
        fresh = Version(str(version))
        assert index.advisories_affecting(fresh) == expected, fresh
        assert index.advisories_affecting(Version(str(version))) == expected  # hashed first
        assert index.advisories_affecting(version) == expected
        assert index.advisories_affecting(str(version)) == expected
        release = _RELEASED.get(version)
        if release is not None:
            assert index.advisories_affecting(release) is index.advisories_affecting(fresh)


@given(_PROBE_SETS, _PROBES)
def test_fresh_versions_catalog_versions_and_text_get_one_answer(
    sets: dict[str, VersionSet], probes: list[Version]
) -> None:
    """Issue 13 (queries): a fresh `Version` equal to a release, the catalog's own object and
    the text get the same row; versions outside the catalog (gaps, epochs, locals, ``3.12``
    for ``3.12.0``) are plain membership too."""
    _assert_queries_agree(sets, probes)


@given(_PROBE_SETS, _PROBES)
def test_queries_agree_without_packaging_caches(
    sets: dict[str, VersionSet], probes: list[Version]
) -> None:
    """The same answers when packaging keeps no hash/key slots (the generic key lookup)."""
    with mock.patch.object(_index, "_CACHED_HASH", new=False):
        _assert_queries_agree(sets, probes)


def test_lookup_over_versions_themselves_is_plain_bisection() -> None:
    """Without packaging's private ``_key`` the keys are the versions (`order_key` falls back
    to them): no hash table, no groups, and a gap is ``bisect_left`` over the versions."""
    keys = (V("1.0"), V("1!0.5"), V("2.0"))
    ordered = tuple(sorted(keys))
    lookup = _index._Lookup.of(ordered)
    assert (lookup.by_hash, lookup.groups, lookup.epoch) == (None, None, 0)
    assert lookup.positions == {V("1.0"): 1, V("2.0"): 3, V("1!0.5"): 5}
    assert [lookup.gap_of(ordered, V(text)) for text in ("0.9", "1.5", "3.0", "2!0")] == [
        0,
        1,
        2,
        3,
    ]


def test_gap_lookup_places_a_local_label_among_its_groups_keys() -> None:
    """A version with a local label is placed by its group's full keys (its suffix alone
    would put it below the release it labels)."""
    ordered = [V("3.12.0"), V("3.12.0+a"), V("3.12.0+c"), V("3.12.1")]
    keys: tuple[Any, ...] = tuple(order_key(version) for version in ordered)
    lookup = _index._Lookup.of(keys)
    assert [lookup.gap_of(keys, order_key(V(t))) for t in ("3.12.0+b", "3.12.0+d")] == [2, 3]
    assert lookup.gap_of(keys, order_key(V("3.12.0.post1"))) == 3


@given(
    st.lists(versions(), min_size=1, max_size=30, unique=True), st.lists(versions(), max_size=10)
)
def test_gap_lookup_is_bisection_over_the_keys(
    releases: list[Version], probes: list[Version]
) -> None:
    """The grouped gap search equals ``bisect_left`` over every key, epochs and locals
    included (several epochs fall back to plain bisection)."""
    ordered = sorted(set(releases))
    keys: tuple[Any, ...] = tuple(order_key(version) for version in ordered)
    lookup = _index._Lookup.of(keys)
    for probe in [*probes, *ordered]:
        if probe in ordered:
            assert lookup.positions[order_key(probe)] == 2 * ordered.index(probe) + 1
        else:
            assert lookup.gap_of(keys, order_key(probe)) == bisect_left(keys, order_key(probe))


_UNPICKLE_AND_ASK = """
import pickle, sys
from packaging.version import Version
index = pickle.load(open(sys.argv[1], "rb"))
for text in ("3.13.0+psf.1", "3.13.0", "3.13.1"):
    print(text, sorted(index.advisories_affecting(Version(text))))
"""


@pytest.mark.parametrize("seed", ["1", "2", "3"])
def test_an_unpickled_index_answers_under_another_hash_seed(tmp_path: Any, seed: str) -> None:
    """An index pickled after its first query (so with its hash accelerator built) answers the
    same in a process whose ``PYTHONHASHSEED`` differs: string hashes in a local label's key
    change between processes, and a stale accelerator must only cost speed, never the answer."""
    import os
    import pickle
    import subprocess
    import sys

    from psrt_core.versions import Catalog, Release

    bundled = psrt_core.cpython_releases()
    releases = [*bundled.releases_of("3.13"), Release(Version("3.13.0+psf.1"))]
    catalog = Catalog(bundled.product, releases, (bundled.branch("3.13"),))
    index = AffectedIndex.build(
        catalog,
        {
            "ONLY-LOCAL": VersionSet.singleton(Version("3.13.0+psf.1")),
            "FROM-3.13.1": VersionSet.at_least(Version("3.13.1")),
        },
    )
    expected = {
        "3.13.0+psf.1": ["ONLY-LOCAL"],
        "3.13.0": [],
        "3.13.1": ["FROM-3.13.1"],
    }
    for text, ids in expected.items():
        assert sorted(index.advisories_affecting(Version(text))) == ids
    path = tmp_path / "index.pickle"
    path.write_bytes(pickle.dumps(index))
    result = subprocess.run(
        [sys.executable, "-c", _UNPICKLE_AND_ASK, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert result.stdout.splitlines() == [f"{text} {ids}" for text, ids in expected.items()]
