"""Building commit maps without git: record commits, release tags -> catalog releases, the writer.

Issue 9 item 2: ``psrt-core commit-map build`` asks git only which tags contain a commit; the
rest (which commits a record needs, which tags are releases, the file layout) is here.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.advisories import CommitMap
from psrt_core.exceptions import InvalidRecordError, InvalidVersionError
from psrt_core.serialization import (
    COMMIT_MAP_HEADER,
    TagReleases,
    advisory_from_dict,
    bundled_catalog,
    commit_map_from_text,
    commit_map_to_text,
    record_commits,
    release_of_tag,
    releases_of_tags,
)
from psrt_core.versions import CPYTHON, PIP, BranchScheme

HEADER = "\n".join(COMMIT_MAP_HEADER) + "\n"
CPYTHON_CATALOG = bundled_catalog("cpython")
PIP_CATALOG = bundled_catalog("pip")
ONE, TWO, THREE = "1" * 40, "2" * 40, "3" * 40
REPO = "https://github.com/python/cpython"


# -- tags ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("v3.12.1", "3.12.1"),
        ("v3.13.0a1", "3.13.0a1"),
        ("v3.13.0rc2", "3.13.0rc2"),
        ("V3.12.1", "3.12.1"),
        ("3.12.1", "3.12.1"),
        ("v3.0", "3.0.0"),  # PEP 440: 3.0 == 3.0.0; the catalog's spelling is returned
        ("v2.7", "2.7.0"),
        ("legacy-trunk", None),
        ("v3.12.1+local", None),  # a local version is not the release
        ("v99.0.0", None),  # PEP 440 but not a release of the catalog
        ("vv3.12.1", None),
        ("", None),
    ],
)
def test_release_of_a_cpython_tag(tag: str, expected: str | None) -> None:
    """PEP 440 after one leading ``v``, and only releases of the catalog (issue 9.2)."""
    found = release_of_tag(tag, CPYTHON_CATALOG)
    assert (None if found is None else str(found)) == expected


def test_release_of_a_pip_tag() -> None:
    """pip tags its releases without a ``v``; both spellings name the release."""
    assert release_of_tag("24.0", PIP_CATALOG) == Version("24.0")
    assert release_of_tag("v24.0", PIP_CATALOG) == Version("24.0")
    assert release_of_tag("v3.12.1", PIP_CATALOG) is None


def test_releases_of_tags_sorted_distinct_and_the_rest_kept_apart() -> None:
    """Releases ascending and once each; other tags sorted, for the CLI's count on stderr."""
    found = releases_of_tags(
        ["v3.12.1", "nightly", "v3.11.9", "v3.12.1", "legacy-trunk", "nightly"], CPYTHON_CATALOG
    )
    assert found == TagReleases((Version("3.11.9"), Version("3.12.1")), ("legacy-trunk", "nightly"))
    assert releases_of_tags([], CPYTHON_CATALOG) == TagReleases((), ())


# -- the writer ----------------------------------------------------------------------------------


def test_text_layout_exactly() -> None:
    """Hash lines sorted and lower-case; one indented line per branch in PEP 440 order; an
    empty list writes the bare hash (in no release); missing commits are comments."""
    text = commit_map_to_text(
        {
            TWO: ["3.11.9", "v3.12.4", "3.10.15", "3.12.5"],
            ONE.upper(): [Version("3.13.0b2")],
            THREE: [],
        },
        missing=["AbCdEf1", TWO],
    )
    assert text == (
        f"{HEADER}"
        f"{ONE}\n    3.13.0b2\n"
        f"{TWO}\n    3.10.15\n    3.11.9\n    3.12.4 3.12.5\n"
        f"{THREE}\n"
        "# not in the repository (what they decide evaluates as unknown):\n"
        "# missing: abcdef1\n"
    )


def test_major_scheme_groups_by_major() -> None:
    """A pip `CommitMap` writes with its own scheme: one line per major version."""
    commit_map = CommitMap.of({ONE: ["23.3", "24.0"]}, scheme=BranchScheme.MAJOR)
    assert commit_map_to_text(commit_map) == f"{HEADER}{ONE}\n    23.3\n    24.0\n"
    assert commit_map_to_text({ONE: ["23.3", "23.3.1"]}, scheme=BranchScheme.MAJOR) == (
        f"{HEADER}{ONE}\n    23.3 23.3.1\n"
    )


def test_writer_refuses_what_it_could_not_read_back() -> None:
    """A key that is not a hash, or a version that is not PEP 440, is a PsrtError."""
    with pytest.raises(InvalidRecordError) as info:
        commit_map_to_text({"a b": [], "#x": ["3.12.1"], ONE: []})
    assert str(info.value) == (
        "commit map: $[\"a b\"]: not a commit hash (got 'a b'); "
        "$[\"#x\"]: not a commit hash (got '#x')"
    )
    with pytest.raises(InvalidVersionError, match=r"^version 'main' is not a valid PEP 440"):
        commit_map_to_text({ONE: ["main"]})


_hashes = st.text("0123456789abcdef", min_size=7, max_size=40)
_versions = st.builds(
    lambda major, minor, micro, pre: Version(f"{major}.{minor}.{micro}{pre}"),
    st.integers(0, 4),
    st.integers(0, 15),
    st.integers(0, 20),
    st.sampled_from(["", "a1", "b2", "rc1"]),
)


@given(st.dictionaries(_hashes, st.lists(_versions, max_size=6), max_size=5))
def test_written_text_reads_back_to_the_same_map(mapping: dict[str, list[Version]]) -> None:
    """Law: `commit_map_from_text` of `commit_map_to_text` equals `CommitMap.of` the input."""
    assert commit_map_from_text(commit_map_to_text(mapping)) == CommitMap.of(mapping)


# -- which commits a record names ----------------------------------------------------------------


def test_osv_record_commits() -> None:
    """GIT events of the product's repository, every kind but ``0``; then FIX commit URLs.

    OSV 1.7 § affected[].ranges[].events: ``introduced``, ``fixed``, ``last_affected``,
    ``limit``; a range on another repository is another product's (range-semantics §1).
    """
    advisory = advisory_from_dict(
        {
            "id": "PSF-2099-1",
            "modified": "2099-01-01T00:00:00Z",
            "affected": [
                {
                    "ranges": [
                        {
                            "type": "GIT",
                            "repo": "https://github.com/python/cpython.git",
                            "events": [
                                {"introduced": "0"},
                                {"introduced": "a" * 40},
                                {"fixed": ONE.upper()},
                                {"last_affected": TWO},
                                {"limit": THREE},
                                {"fixed": ONE},
                            ],
                        },
                        {
                            "type": "GIT",
                            "repo": "https://github.com/python/other",
                            "events": [{"introduced": "0"}, {"fixed": "b" * 40}],
                        },
                    ]
                }
            ],
            "references": [
                {"type": "FIX", "url": f"{REPO}/commit/{'c' * 12}"},
                {"type": "WEB", "url": f"{REPO}/commit/{'d' * 40}"},
                {"type": "FIX", "url": f"{REPO}/pull/1234"},
                {"type": "FIX", "url": f"https://github.com/pypa/pip/commit/{'e' * 40}"},
            ],
        }
    )
    assert record_commits(advisory, CPYTHON) == ("a" * 40, ONE, TWO, THREE, "c" * 12)
    assert record_commits(advisory, PIP) == ("e" * 40,)


def test_cve_record_commits() -> None:
    """CVE JSON 5: ``patch``-tagged commit URLs of the product's repository."""
    advisory = advisory_from_dict(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {"cveId": "CVE-2099-0001", "state": "PUBLISHED"},
            "containers": {
                "cna": {
                    "providerMetadata": {"orgId": "00000000-0000-0000-0000-000000000000"},
                    "affected": [
                        {
                            "vendor": "Python Software Foundation",
                            "product": "CPython",
                            "defaultStatus": "unaffected",
                            "versions": [{"version": "0", "lessThan": "3.12.4",
                                          "status": "affected", "versionType": "python"}],
                        }
                    ],
                    "descriptions": [{"lang": "en", "value": "x"}],
                    "references": [
                        {"url": f"{REPO}/commit/{ONE}", "tags": ["patch"]},
                        {"url": f"{REPO}/commit/{TWO}"},
                        {"url": f"{REPO}/commit/{THREE[:20]}/", "tags": ["patch"]},
                    ],
                }
            },
        }
    )  # fmt: skip
    assert record_commits(advisory, CPYTHON) == (ONE, THREE[:20])
