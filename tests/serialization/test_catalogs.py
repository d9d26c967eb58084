"""Catalog documents: python-releases.toml, the PEP 691 simple API, and psrt-core's own format."""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core.exceptions import InvalidCatalogError, Problem
from psrt_core.serialization import (
    CATALOG_FORMAT,
    catalog_from_dict,
    catalog_from_python_releases_toml,
    catalog_from_simple_api,
    catalog_to_dict,
)
from psrt_core.testing import catalogs
from psrt_core.versions import Branch, BranchScheme, BranchStatus, Catalog, Release

FIXTURES = Path(__file__).parent / "fixtures"
D = datetime.date


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_json(name: str) -> Any:
    return json.loads(fixture_text(name))


def problems_of(error: InvalidCatalogError) -> list[str]:
    return [str(problem) for problem in error.problems]


# -- python-releases.toml ----------------------------------------------------------------------


class TestPythonReleasesToml:
    def test_good_file(self) -> None:
        """python/peps release_management layout: ``[metadata."X.Y"]`` tables and
        ``[[release."X.Y"]]`` arrays; ``state = "expected"`` releases become scheduled."""
        catalog = catalog_from_python_releases_toml(fixture_text("releases-good.toml"))
        assert catalog.product == "cpython"
        assert catalog.scheme is BranchScheme.MINOR
        assert [
            (str(r.version), r.branch, r.date, r.scheduled, r.note) for r in catalog.releases
        ] == [
            ("3.9.0b3", "3.9", D(2020, 6, 9), False, "beta 2 was recalled."),
            ("3.9.0", "3.9", D(2020, 10, 5), False, None),
            ("3.9.25", "3.9", D(2025, 10, 31), False, None),
            ("3.13.0a1", "3.13", D(2023, 10, 13), False, None),
            ("3.13.0rc1", "3.13", D(2024, 8, 1), False, None),
            ("3.13.0", "3.13", D(2024, 10, 7), False, None),
            ("3.13.16", "3.13", D(2026, 10, 6), True, None),
        ]
        assert catalog.branches == (
            Branch(
                "3.9",
                BranchStatus.END_OF_LIFE,
                first_release=D(2020, 10, 5),
                end_of_bugfix=D(2022, 5, 17),
                end_of_life=D(2025, 10, 31),
            ),
            Branch(
                "3.13",
                BranchStatus.BUGFIX,
                first_release=D(2024, 10, 7),
                end_of_bugfix=D(2026, 10, 7),
                end_of_life=D(2029, 10, 1),
                feature_freeze=D(2024, 5, 8),
                start_of_development=D(2023, 5, 22),
            ),
        )

    def test_bytes_are_accepted(self) -> None:
        """The loader takes the file's bytes as well as its text."""
        raw = (FIXTURES / "releases-good.toml").read_bytes()
        assert catalog_from_python_releases_toml(raw) == catalog_from_python_releases_toml(
            raw.decode()
        )

    @pytest.mark.parametrize(
        ("stage", "version"),
        [
            ("1.6.0 alpha 1", "1.6.0a1"),
            ("3.9.0 beta 3", "3.9.0b3"),
            ("3.13.0 candidate 2", "3.13.0rc2"),
            ("3.8.5 final", "3.8.5"),
            ("3.13.5", "3.13.5"),
        ],
    )
    def test_stages(self, stage: str, version: str) -> None:
        """The TOML's five stage spellings map to PEP 440 versions."""
        branch = ".".join(version.split(".")[:2])
        text = (
            f'[metadata."{branch}"]\nstatus = "bugfix"\n'
            f'[[release."{branch}"]]\nstage = "{stage}"\nstate = "actual"\n'
        )
        catalog = catalog_from_python_releases_toml(text)
        assert catalog.releases == (Release(version),)
        assert catalog.releases[0].branch == branch

    def test_every_problem_is_reported(self) -> None:
        """One error lists every problem, each with its JSON path and the value found."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_python_releases_toml(fixture_text("releases-bad.toml"))
        assert problems_of(info.value) == [
            "$.metadata['3.12'].status: unknown status (got 'maintenance')",
            "$.metadata['3.12'].first-release: expected a TOML date (got '2023-10-02')",
            "$.metadata['next']: expected a numeric branch name like '3.12' (got 'next')",
            "$.release['3.12'][0].stage: expected 'X.Y.Z', 'X.Y.Z final' or "
            "'X.Y.Z alpha|beta|candidate N' (got '3.12.0 gamma 1')",
            "$.release['3.12'][1].state: expected 'actual' or 'expected' (got 'released')",
            "$.release['3.12'][2].date: expected a TOML date (got 'Feb 6, 2024')",
            "$.release['3.12'][3].stage: release 3.11.9 is not on branch 3.12 (got '3.11.9')",
            "$.release['3.12'][4].stage: a candidate stage needs a number (got '3.12.3 candidate')",
            "$.release['3.12'][5].stage: expected a string (got 3.12)",
            "$.release['3.12'][6].stage: a final stage takes no number (got '3.12.4 final 1')",
            "$.release['3.12'][6].note: expected a string (got 7)",
            "$.release['3.10']: has no metadata table (got '3.10')",
        ]
        assert info.value.source == "python-releases.toml"
        assert str(info.value).startswith(
            "python-releases.toml: $.metadata['3.12'].status: unknown status (got 'maintenance'); "
        )
        assert "\n" not in str(info.value)

    def test_source_names_the_file(self) -> None:
        """The caller's file name is the error's source."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_python_releases_toml("x = 1\n", source="peps/python-releases.toml")
        assert str(info.value) == (
            "peps/python-releases.toml: $.metadata: expected a table of branches (got None); "
            "$.release: expected a table of release lists (got None)"
        )

    def test_not_toml(self) -> None:
        """A syntax error is reported at the document root with the parser's message."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_python_releases_toml("[metadata\n")
        (problem,) = info.value.problems
        assert problem.location == "$"
        assert problem.message.startswith("not valid TOML: ")
        assert problem.value is Problem.NO_VALUE

    def test_bytes_that_are_not_utf8(self) -> None:
        """TOML 1.0 › Spec: a TOML file is UTF-8; other bytes are a catalog problem, not a
        UnicodeDecodeError."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_python_releases_toml(b"[metadata]\n# \xff\n", source="r.toml")
        assert str(info.value) == "r.toml: $: not UTF-8 text (invalid start byte at byte 13)"

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                'metadata = 3\n[release]\n"3.12" = 5\n',
                "$.metadata: expected a table of branches (got 3); "
                "$.release['3.12']: expected an array of tables (got 5)",
            ),
            (
                'metadata = {"3.12" = 1}\nrelease = {"3.12" = [1]}\n',
                "$.metadata['3.12']: expected a table (got 1); "
                "$.release['3.12'][0]: expected a table (got 1)",
            ),
            (
                '[metadata."3.9"]\nstatus = "end-of-life"\n'
                '[[release."3.9"]]\nstage = "3.9.0"\nstate = "actual"\n'
                '[[release."3.9"]]\nstage = "3.9 final"\nstate = "actual"\n',
                "$.release['3.9'][1].stage: duplicates $.release['3.9'][0] (got '3.9 final')",
            ),
        ],
    )
    def test_malformed_structure(self, text: str, expected: str) -> None:
        """Wrong shapes are problems with locations, never a crash."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_python_releases_toml(text, source=None)
        assert str(info.value) == expected


# -- the PEP 691 simple API --------------------------------------------------------------------


class TestSimpleApi:
    @pytest.fixture
    def demo(self) -> Catalog:
        return catalog_from_simple_api(fixture_json("simple-demo.json"))

    def test_releases(self, demo: Catalog) -> None:
        """PEP 691 files grouped by the version in their names (wheels, sdists, eggs): PEP 592
        yanks a release only when all its files are yanked, with the reason given; PEP 700
        ``upload-time``'s earliest UTC date is the release date."""
        assert [(str(r.version), r.branch, r.date, r.yanked, r.yanked_reason) for r in demo] == [
            ("0.9", "0", D(2011, 2, 28), False, None),  # egg and sdist; the sdist came first
            ("1.0", "1", D(2019, 5, 1), True, None),  # yanked without a reason
            ("1.1", "1", D(2019, 6, 1), True, "Broken metadata"),
            ("2.0b1", "2", D(2020, 1, 11), False, None),  # 21:00 at UTC-5 is the next UTC day
            ("2.0", "2", D(2020, 2, 1), False, None),  # only one of two files yanked
            ("2.1", "2", None, False, None),  # no upload time known
        ]
        assert demo.product == "demo-pkg"
        assert demo.scheme is BranchScheme.MAJOR
        assert [r.version for r in demo if r.prerelease] == [Version("2.0b1")]

    def test_branches(self, demo: Catalog) -> None:
        """A major's life ends when the next major's first final release appears."""
        assert demo.branches == (
            Branch(
                "0",
                BranchStatus.END_OF_LIFE,
                first_release=D(2011, 2, 28),
                end_of_bugfix=D(2019, 5, 1),
                end_of_life=D(2019, 5, 1),
            ),
            Branch(
                "1",
                BranchStatus.END_OF_LIFE,
                first_release=D(2019, 5, 1),
                end_of_bugfix=D(2020, 2, 1),
                end_of_life=D(2020, 2, 1),
            ),
            Branch("2", BranchStatus.BUGFIX, first_release=D(2020, 2, 1)),
        )

    def test_project_name_override(self) -> None:
        """The catalog is named by the PEP 503 normalised project name."""
        catalog = catalog_from_simple_api(fixture_json("simple-demo.json"), project="Demo.Pkg")
        assert catalog.product == "demo-pkg"

    def test_only_prereleases_in_a_major(self) -> None:
        """A major with only pre-releases starts at its first pre-release."""
        page = {
            "name": "tool",
            "files": [
                {"filename": "tool-1.0.tar.gz", "upload-time": "2020-01-01T00:00:00Z"},
                {"filename": "tool-2.0a1.tar.gz", "upload-time": "2021-01-01T00:00:00Z"},
            ],
        }
        catalog = catalog_from_simple_api(page)
        assert catalog.branch("2").first_release == D(2021, 1, 1)
        assert catalog.branch("1").end_of_life == D(2021, 1, 1)

    def test_versions_without_files_are_left_out(self) -> None:
        """PEP 700's ``versions`` may list a version with no file; nothing of it can be
        installed, so it is no release."""
        page = {
            "name": "tool",
            "versions": ["1.0", "2.0"],
            "files": [{"filename": "tool-1.0.tar.gz", "upload-time": "2020-01-01T00:00:00Z"}],
        }
        assert [str(r) for r in catalog_from_simple_api(page)] == ["1.0"]

    def test_every_problem_is_reported(self) -> None:
        """Unusable files are all reported, each with its JSON path and value."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_simple_api(fixture_json("simple-bad.json"), source="simple-bad.json")
        assert str(info.value) == (
            "simple-bad.json: "
            "$.files[1].filename: cannot tell the version (got 'demo_pkg-latest.tar.gz'); "
            "$.files[2].upload-time: expected an RFC 3339 timestamp (got 'yesterday'); "
            "$.files[3]: expected an object (got 'demo_pkg-1.2.tar.gz'); "
            "$.files[4].filename: expected a file name; "
            "$.files[5].upload-time: expected an RFC 3339 timestamp (got 1556841600)"
        )

    @pytest.mark.parametrize(
        ("document", "expected"),
        [
            ([], "$: expected a JSON object (got [])"),
            ({"files": []}, "$.name: expected the project name (got None)"),
            ({"name": "x", "files": {}}, "$.files: expected a list (got {})"),
        ],
    )
    def test_malformed_page(self, document: object, expected: str) -> None:
        """A page that is not a PEP 691 project page is rejected with the path and value."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_simple_api(document)
        assert str(info.value) == expected

    def test_file_of_another_project(self) -> None:
        """An egg-style name of another project tells nothing about this one's versions."""
        page = {"name": "demo", "files": [{"filename": "other-1.0-py2.7.egg"}]}
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_simple_api(page)
        assert str(info.value) == (
            "$.files[0].filename: cannot tell the version (got 'other-1.0-py2.7.egg')"
        )


# -- psrt-core's own format --------------------------------------------------------------------


def tiny() -> Catalog:
    return Catalog(
        "pip",
        (
            Release("24.1b1", BranchScheme.MAJOR, date=D(2024, 5, 6)),
            Release("24.0", BranchScheme.MAJOR, date=D(2024, 2, 3)),
            Release(
                "21.2",
                BranchScheme.MAJOR,
                date=D(2021, 7, 24),
                yanked=True,
                yanked_reason="See #8711",
            ),
            Release("25.0", BranchScheme.MAJOR, scheduled=True, note="planned"),
        ),
        (
            Branch("21", BranchStatus.END_OF_LIFE, first_release=D(2021, 1, 23)),
            Branch("24", BranchStatus.BUGFIX, first_release=D(2024, 2, 3), end_of_life=None),
            Branch("25", BranchStatus.FEATURE),
        ),
        BranchScheme.MAJOR,
    )


class TestOwnFormat:
    def test_document_shape(self) -> None:
        """Issue 2's catalog contract: versions in PEP 440 normal form and order, ISO 8601
        dates, ``null`` where unknown; psrt-core adds format, scheme, as_of, yanked_reason
        and note."""
        assert catalog_to_dict(tiny()) == {
            "format": "psrt-core/catalog-1",
            "product": "pip",
            "scheme": "major",
            "as_of": None,
            "branches": [
                {
                    "name": "21",
                    "status": "end-of-life",
                    "first_release": "2021-01-23",
                    "end_of_bugfix": None,
                    "end_of_life": None,
                    "feature_freeze": None,
                    "start_of_development": None,
                },
                {
                    "name": "24",
                    "status": "bugfix",
                    "first_release": "2024-02-03",
                    "end_of_bugfix": None,
                    "end_of_life": None,
                    "feature_freeze": None,
                    "start_of_development": None,
                },
                {
                    "name": "25",
                    "status": "feature",
                    "first_release": None,
                    "end_of_bugfix": None,
                    "end_of_life": None,
                    "feature_freeze": None,
                    "start_of_development": None,
                },
            ],
            "releases": [
                {
                    "version": "21.2",
                    "branch": "21",
                    "date": "2021-07-24",
                    "prerelease": False,
                    "yanked": True,
                    "scheduled": False,
                    "yanked_reason": "See #8711",
                    "note": None,
                },
                {
                    "version": "24.0",
                    "branch": "24",
                    "date": "2024-02-03",
                    "prerelease": False,
                    "yanked": False,
                    "scheduled": False,
                    "yanked_reason": None,
                    "note": None,
                },
                {
                    "version": "24.1b1",
                    "branch": "24",
                    "date": "2024-05-06",
                    "prerelease": True,
                    "yanked": False,
                    "scheduled": False,
                    "yanked_reason": None,
                    "note": None,
                },
                {
                    "version": "25.0",
                    "branch": "25",
                    "date": None,
                    "prerelease": False,
                    "yanked": False,
                    "scheduled": True,
                    "yanked_reason": None,
                    "note": "planned",
                },
            ],
        }

    def test_normal_form(self) -> None:
        """PEP 440 › Normalization: versions are written in normal form."""
        catalog = Catalog(
            "cpython", (Release("3.12.0-RC1"),), (Branch("3.12", BranchStatus.BUGFIX),)
        )
        assert catalog_to_dict(catalog)["releases"][0]["version"] == "3.12.0rc1"

    def test_statuses_as_of_a_date(self) -> None:
        """With ``on``, every status is the derived one and ``as_of`` records the date."""
        document = catalog_to_dict(tiny(), on=D(2020, 1, 1))
        assert document["as_of"] == "2020-01-01"
        assert [b["status"] for b in document["branches"]] == ["feature", "feature", "feature"]

    @pytest.mark.parametrize("product", ["cpython", "pip"])
    def test_bundled_round_trip(self, product: str) -> None:
        """catalog_from_dict(catalog_to_dict(c)) == c over the whole bundled data, through
        JSON text."""
        catalog = psrt_core.serialization.bundled_catalog(product)
        text = json.dumps(catalog_to_dict(catalog))
        assert catalog_from_dict(json.loads(text)) == catalog

    @pytest.mark.parametrize("product", ["cpython", "pip"])
    def test_bundled_fast_reader_equals_the_checked_one(self, product: str) -> None:
        """Issue 13: the bundled files are read without the outside-data checks; over the
        shipped text that reader gives exactly what `catalog_from_dict` (every check) gives,
        release by release, including each release's derived branch and metadata."""
        from psrt_core.serialization._bundled import bundled_text, trusted_catalog

        document = json.loads(bundled_text(product))
        fast = trusted_catalog(document)
        checked = catalog_from_dict(document, source=f"psrt_core/data/{product}.json")
        assert fast == checked
        assert [attrs.astuple(r, recurse=False) for r in fast.releases] == [
            attrs.astuple(r, recurse=False) for r in checked.releases
        ]
        assert len(fast.releases) == len(document["releases"])
        assert psrt_core.serialization.bundled_catalog(product) == checked

    def test_round_trip_with_on(self) -> None:
        """A document written with ``on`` reads back as the catalog whose recorded statuses
        are those on that date, and writes the same document again."""
        catalog = psrt_core.cpython_releases()
        on = D(2026, 11, 21)
        document = catalog_to_dict(catalog, on=on)
        again = catalog_from_dict(document)
        assert again.branches == tuple(
            attrs.evolve(branch, status=branch.status_on(on)) for branch in catalog.branches
        )
        assert again.releases == catalog.releases
        assert catalog_to_dict(again, on=on) == document
        assert again.branch("3.10").status is BranchStatus.END_OF_LIFE

    def test_missing_optional_keys(self) -> None:
        """Only name/status and version/branch are required; the scheme follows the product."""
        document = {
            "product": "cpython",
            "branches": [{"name": "3.12", "status": "bugfix"}],
            "releases": [{"version": "3.12.0", "branch": "3.12"}],
        }
        catalog = catalog_from_dict(document)
        assert catalog.scheme is BranchScheme.MINOR
        assert catalog.releases == (Release("3.12.0"),)
        pip_document = {
            "product": "pip",
            "branches": [{"name": "24", "status": "bugfix"}],
            "releases": [{"version": "24.0", "branch": "24"}],
        }
        assert catalog_from_dict(pip_document).scheme is BranchScheme.MAJOR

    def test_every_problem_is_reported(self) -> None:
        """Structure problems carry JSON paths and the values found."""
        document = {
            "format": "psrt-core/catalog-0",
            "product": "",
            "scheme": "patch",
            "branches": [
                {"name": "3.12", "status": "bugfix"},
                {"name": "3.13", "status": "maintenance", "first_release": "2024-10-07"},
            ],
            "releases": [
                {"version": "3.12.0", "branch": "3.12", "date": "2023-13-01"},
                {"version": "3.12-final", "branch": "3.12"},
                {"branch": "3.12"},
            ],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document, source="catalog.json")
        assert problems_of(info.value) == [
            "$.format: unsupported format, expected psrt-core/catalog-1 "
            "(got 'psrt-core/catalog-0')",
            "$.product: expected a non-empty string (got '')",
            "$.scheme: expected 'minor' or 'major' (got 'patch')",
            "$.branches[1].status: invalid value for type, expected BranchStatus "
            "(got 'maintenance')",
            "$.releases[0].date: invalid value for type, expected datetime.date | None "
            "(got '2023-13-01')",
            "$.releases[1].version: not a valid PEP 440 version (got '3.12-final')",
            "$.releases[2].version: required field missing",
        ]
        assert str(info.value).startswith("catalog.json: $.format: ")

    def test_consistency_problems_point_into_the_document(self) -> None:
        """Locations of catalog-level problems index the document as written, not the sorted
        catalog."""
        document = {
            "product": "cpython",
            "branches": [{"name": "3.12", "status": "bugfix"}],
            "releases": [
                {"version": "3.12.1", "branch": "3.12"},
                {"version": "3.11.0", "branch": "3.12"},
                {"version": "3.12.1.0", "branch": "3.12"},
                {"version": "3.13.0", "branch": "3.13"},
            ],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document, source="c.json")
        assert str(info.value) == (
            "c.json: $.releases[1].branch: release 3.11.0 belongs to branch 3.11 (got '3.12'); "
            "$.releases[2].version: duplicates release 3.12.1 (got '3.12.1.0'); "
            "$.releases[3].branch: names no branch (got '3.13')"
        )

    def test_written_branch_is_checked_against_the_scheme(self) -> None:
        """The format keeps a "branch" per release for its readers; on reading it must be the
        branch the version maps to under the document's scheme (here pip's major versions)."""
        document = {
            "product": "pip",
            "scheme": "major",
            "branches": [{"name": "24", "status": "bugfix"}],
            "releases": [
                {"version": "24.0", "branch": "24"},
                {"version": "24.1", "branch": "24.1"},
            ],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document, source="p.json")
        assert str(info.value) == (
            "p.json: $.releases[1].branch: release 24.1 belongs to branch 24 (got '24.1')"
        )
        document["releases"] = [{"version": "24.0", "branch": "24"}]
        catalog = catalog_from_dict(document)
        assert [(r.scheme, r.branch) for r in catalog.releases] == [(BranchScheme.MAJOR, "24")]

    def test_written_branch_is_required_and_a_string(self) -> None:
        """A release without its "branch", or with a number there, is reported at that key."""
        document = {
            "product": "cpython",
            "branches": [{"name": "3.10", "status": "bugfix"}],
            "releases": [{"version": "3.10.0"}, {"version": "3.10.1", "branch": 3.10}],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document)
        assert problems_of(info.value) == [
            "$.releases[0].branch: required field missing",
            "$.releases[1].branch: invalid value for type, expected str (got 3.1)",
        ]

    def test_a_release_that_is_no_object_is_reported_once(self) -> None:
        """A release that is not an object gets its structuring problem, not a second one about
        a missing "branch"."""
        document = {"product": "cpython", "branches": [], "releases": ["3.12.0"]}
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document)
        (problem,) = info.value.problems
        assert problem.location.startswith("$.releases[0]")
        assert not problem.location.endswith(".branch")

    def test_a_release_scheme_key_is_not_read(self) -> None:
        """The scheme is the document's; a stray per-release "scheme" cannot regroup a release."""
        document = {
            "product": "cpython",
            "branches": [{"name": "3.12", "status": "bugfix"}],
            "releases": [{"version": "3.12.0", "branch": "3.12", "scheme": "major"}],
        }
        assert catalog_from_dict(document).releases[0].scheme is BranchScheme.MINOR

    def test_no_silent_coercion(self) -> None:
        """Mistyped scalars are reported, not coerced: the number 3.10 would become the branch
        "3.1", and the string "false" would be a true yanked flag."""
        document = {
            "product": "cpython",
            "branches": [{"name": 3.10, "status": "bugfix"}],
            "releases": [{"version": "3.10.0", "branch": "3.10", "yanked": "false", "note": 5}],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document)
        assert problems_of(info.value) == [
            "$.branches[0].name: invalid value for type, expected str (got 3.1)",
            "$.releases[0].yanked: invalid value for type, expected bool (got 'false')",
            "$.releases[0].note: invalid value for type, expected str | None (got 5)",
        ]

    def test_bad_branch_name(self) -> None:
        """A non-numeric branch name is reported at its entry."""
        document = {
            "product": "cpython",
            "branches": [{"name": "main", "status": "feature"}],
            "releases": [],
        }
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document)
        assert str(info.value) == (
            "$.branches[0]: a branch name is numbers separated by dots, like '3.12' or '24', "
            "not 'main' (got {'name': 'main', 'status': 'feature'})"
        )

    @pytest.mark.parametrize(
        ("document", "expected"),
        [
            ([], "$: expected a JSON object (got [])"),
            (
                {"product": "pip", "branches": {}, "releases": None},
                "$.branches: expected a list (got {}); $.releases: expected a list (got None)",
            ),
        ],
    )
    def test_malformed_document(self, document: object, expected: str) -> None:
        """Shapes that are not a catalog document are rejected with path and value."""
        with pytest.raises(InvalidCatalogError) as info:
            catalog_from_dict(document)
        assert str(info.value) == expected

    def test_format_constant(self) -> None:
        """The format tag names the document's version, so that later changes are visible."""
        assert CATALOG_FORMAT == "psrt-core/catalog-1"


@given(catalogs())
def test_round_trip(catalog: Catalog) -> None:
    """catalog_from_dict(catalog_to_dict(c)) == c, through JSON text."""
    text = json.dumps(catalog_to_dict(catalog))
    assert catalog_from_dict(json.loads(text)) == catalog


@given(catalogs(), st.dates())
def test_round_trip_on_a_date(catalog: Catalog, on: datetime.date) -> None:
    """Writing with ``on`` then reading gives the catalog whose statuses are those on *on*."""
    again = catalog_from_dict(catalog_to_dict(catalog, on=on))
    assert again.releases == catalog.releases
    assert [b.status for b in again.branches] == [b.status_on(on) for b in catalog.branches]
    assert [attrs.evolve(b, status=BranchStatus.FEATURE) for b in again.branches] == [
        attrs.evolve(b, status=BranchStatus.FEATURE) for b in catalog.branches
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def problems_or_none(read: Callable[[], Catalog]) -> tuple[Problem, ...] | None:
    """Run a loader: ``None`` when it returns a catalog, the problems when it rejects input."""
    try:
        read()
    except InvalidCatalogError as error:
        return error.problems
    return None


@given(JSON)
def test_any_json_is_a_catalog_or_an_invalid_catalog_error(document: object) -> None:
    """Whatever JSON a file holds, reading it never crashes: a catalog or an
    `InvalidCatalogError` listing problems."""
    problems = problems_or_none(lambda: catalog_from_dict(document))
    assert problems is None or len(problems) > 0


@given(st.data())
def test_damaged_documents_are_reported_not_crashed(data: st.DataObject) -> None:
    """Replacing any one value of a good document by arbitrary JSON gives a catalog or an
    `InvalidCatalogError` whose every problem has a JSON path."""
    document = catalog_to_dict(tiny())
    section = data.draw(st.sampled_from(["branches", "releases"]))
    entry = data.draw(st.sampled_from(document[section]))
    key = data.draw(st.sampled_from(sorted(entry)))
    entry[key] = data.draw(JSON)
    problems = problems_or_none(lambda: catalog_from_dict(document))
    assert problems is None or all(p.location.startswith("$.") for p in problems)


@given(JSON)
def test_any_json_page_is_a_catalog_or_an_invalid_catalog_error(files: object) -> None:
    """The same for a PEP 691 page whose ``files`` is arbitrary JSON."""
    problems = problems_or_none(lambda: catalog_from_simple_api({"name": "demo", "files": files}))
    assert problems is None or len(problems) > 0


def toml_value(value: object) -> str:
    """A TOML rendering of a JSON-like value (inline tables and arrays, dates as dates)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # no NaN or infinity is drawn
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    assert isinstance(value, dict)
    inner = ", ".join(
        f"{json.dumps(key, ensure_ascii=False)} = {toml_value(item)}"
        for key, item in value.items()
        if item is not None
    )
    return "{" + inner + "}"


TOML_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=8)
TOML_SCALARS = (
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | TOML_TEXT
    | st.dates()
    | st.floats(allow_nan=False, allow_infinity=False)
)
TOML_VALUES = st.recursive(
    TOML_SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TOML_TEXT, inner, max_size=3),
    max_leaves=6,
)


@given(st.data())
def test_damaged_python_releases_toml_is_reported_not_crashed(data: st.DataObject) -> None:
    """Replacing any one value of a good python-releases.toml by another TOML value gives a
    catalog or an `InvalidCatalogError` whose problems all have paths."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    document = tomllib.loads(fixture_text("releases-good.toml"))
    section = data.draw(st.sampled_from(["metadata", "release"]))
    branch = data.draw(st.sampled_from(sorted(document[section])))
    if section == "metadata":
        table = document[section][branch]
    else:
        table = data.draw(st.sampled_from(document[section][branch]))
    key = data.draw(st.sampled_from(sorted(table)))
    table[key] = data.draw(TOML_VALUES)
    text = "\n".join(f"{name} = {toml_value(value)}" for name, value in document.items())
    problems = problems_or_none(lambda: catalog_from_python_releases_toml(text))
    assert problems is None or all(p.location.startswith("$.") for p in problems)
