"""``psrt-core catalog cpython|pip|FILE [--on DATE] [--json]`` (issue 2, "CLI")."""

from __future__ import annotations

import datetime
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

import psrt_core
from psrt_core.cli import main
from psrt_core.serialization import catalog_from_dict, catalog_to_dict

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The bundled CPython catalog is python-releases.toml of 2026-08-22: on 2026-11-21, 3.15.0
#: (scheduled 2026-10-01) and five other scheduled releases are overdue, and the CLI says so.
STALE_2026_11_21 = (
    "psrt-core: warning: the cpython catalog may be stale on 2026-11-21: 3.13.16 (scheduled "
    "2026-10-06) and 5 more still counted as unreleased; give a newer catalog file "
    "(python-releases.toml, PEP 691 JSON or catalog JSON)\n"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def run_json(*argv: str) -> Any:
    status, out, err = run(*argv, "--json")
    assert status == 0
    assert err == "" or (
        err.startswith("psrt-core: warning: the cpython catalog may be stale on ")
        and err.count("\n") == 1
    )
    return json.loads(out)


class TestText:
    def test_cpython_table(self) -> None:
        """The text output is a table of branches, newest first, with the status on --on, the
        three defining dates and the newest actual release."""
        status, out, err = run("catalog", "cpython", "--on", "2026-11-21")
        assert (status, err) == (0, STALE_2026_11_21)
        lines = out.splitlines()
        assert lines[:8] == [
            "cpython branches on 2026-11-21",
            "branch  status       first release  end of bugfix  end of life  newest",
            "------  -----------  -------------  -------------  -----------  ---------",
            "3.16    feature      2027-10-06     2029-10-06     2032-10-01   -",
            "3.15    bugfix       2026-10-01     2028-10-01     2031-10-01   3.15.0rc1",
            "3.14    bugfix       2025-10-07     2027-10-07     2030-10-01   3.14.7",
            "3.13    security     2024-10-07     2026-10-07     2029-10-01   3.13.15",
            "3.12    security     2023-10-02     2025-04-08     2028-10-01   3.12.13",
        ]
        assert "3.10    end-of-life  2021-10-04     2023-04-05     2026-10-01   3.10.20" in lines
        assert lines[-1] == "1.6     end-of-life  2000-09-05     2000-09-05     2000-09-05   1.6.1"
        assert len(lines) == 3 + 26

    def test_pip_table(self) -> None:
        """pip's branches are majors; the newest has no end dates yet."""
        status, out, _ = run("catalog", "pip", "--on", "2026-11-21")
        assert status == 0
        lines = out.splitlines()
        assert lines[0] == "pip branches on 2026-11-21"
        assert lines[3] == "26      bugfix       2026-01-31     -              -            26.3"
        assert lines[4] == ("25      end-of-life  2025-01-26     2026-01-31     2026-01-31   25.3")
        assert len(lines) == 3 + 16

    def test_on_changes_the_statuses(self) -> None:
        """--on is the day the statuses are derived for: the day before 2.7's end of life."""
        _, out, _ = run("catalog", "cpython", "--on", "2019-12-31")
        row = next(line for line in out.splitlines() if line.startswith("2.7 "))
        assert row.split()[:2] == ["2.7", "bugfix"]

    def test_default_date_is_today(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without --on the statuses are today's (the CLI reads the clock, the library not)."""
        from psrt_core.cli import _catalog

        monkeypatch.setattr(_catalog, "today", lambda: datetime.date(2020, 1, 1))
        _, out, _ = run("catalog", "cpython")
        assert out.splitlines()[0] == "cpython branches on 2020-01-01"
        document = run_json("catalog", "pip")
        assert document["as_of"] == "2020-01-01"


class TestJson:
    def test_contract_shape(self) -> None:
        """Issue 2's --json contract: product, branches (name, status, first_release,
        end_of_bugfix, end_of_life) and releases (version, branch, date, prerelease, yanked,
        scheduled), plus psrt-core's format, scheme, as_of, yanked_reason and note."""
        document = run_json("catalog", "cpython", "--on", "2026-11-21")
        assert list(document) == ["format", "product", "scheme", "as_of", "branches", "releases"]
        assert document["product"] == "cpython"
        assert document["as_of"] == "2026-11-21"
        branch = next(b for b in document["branches"] if b["name"] == "3.12")
        assert branch == {
            "name": "3.12",
            "status": "security",
            "first_release": "2023-10-02",
            "end_of_bugfix": "2025-04-08",
            "end_of_life": "2028-10-01",
            "feature_freeze": "2023-05-22",
            "start_of_development": "2022-05-08",
        }
        release = next(r for r in document["releases"] if r["version"] == "3.12.0")
        assert release == {
            "version": "3.12.0",
            "branch": "3.12",
            "date": "2023-10-02",
            "prerelease": False,
            "yanked": False,
            "scheduled": False,
            "yanked_reason": None,
            "note": None,
        }

    def test_statuses_as_of_on(self) -> None:
        """Statuses are those on --on: 3.10 (recorded security) is end-of-life on 2026-11-21,
        and security the day before its end of life."""
        late = run_json("catalog", "cpython", "--on", "2026-11-21")
        early = run_json("catalog", "cpython", "--on", "2026-09-30")
        assert {b["name"]: b["status"] for b in late["branches"]}["3.10"] == "end-of-life"
        assert {b["name"]: b["status"] for b in early["branches"]}["3.10"] == "security"

    @pytest.mark.parametrize("product", ["cpython", "pip"])
    def test_releases_in_pep_440_order_and_normal_form(self, product: str) -> None:
        """Releases in PEP 440 order, versions in normal form, ISO 8601 dates or null."""
        from packaging.version import Version

        document = run_json("catalog", product, "--on", "2026-11-21")
        versions = [r["version"] for r in document["releases"]]
        assert versions == [str(v) for v in sorted(Version(v) for v in versions)]
        assert all(str(Version(v)) == v for v in versions)
        for release in document["releases"]:
            assert release["date"] is None or ISO_DATE.match(release["date"])
        for branch in document["branches"]:
            for key in ("first_release", "end_of_bugfix", "end_of_life"):
                assert branch[key] is None or ISO_DATE.match(branch[key])

    def test_pip_yanked_and_unknown_dates(self) -> None:
        """pip's JSON shows the yank reason and null for the newest major's end dates."""
        document = run_json("catalog", "pip", "--on", "2026-11-21")
        release = next(r for r in document["releases"] if r["version"] == "21.2")
        assert release["yanked"] is True
        assert release["yanked_reason"] == "See https://github.com/pypa/pip/issues/8711"
        newest = document["branches"][-1]
        assert (newest["name"], newest["end_of_life"], newest["status"]) == ("26", None, "bugfix")
        assert len(document["releases"]) == 160

    def test_scheduled_releases_are_listed_and_flagged(self) -> None:
        """All 651 CPython releases are in the JSON, the 24 scheduled ones flagged."""
        document = run_json("catalog", "cpython", "--on", "2026-11-21")
        assert len(document["releases"]) == 651
        assert sum(r["scheduled"] for r in document["releases"]) == 24

    def test_equals_the_library(self) -> None:
        """The JSON output is `catalog_to_dict` of the bundled catalog on that date."""
        document = run_json("catalog", "pip", "--on", "2024-06-01")
        assert document == catalog_to_dict(psrt_core.pip_releases(), on=datetime.date(2024, 6, 1))


class TestFileArgument:
    def test_round_trip(self, tmp_path: Path) -> None:
        """What --json prints can be read back as a FILE argument and prints the same."""
        first = run("catalog", "pip", "--on", "2026-11-21", "--json")[1]
        saved = tmp_path / "pip.json"
        saved.write_text(first, encoding="utf-8")
        status, again, err = run("catalog", str(saved), "--on", "2026-11-21", "--json")
        assert (status, err) == (0, "")
        assert again == first
        text = run("catalog", str(saved), "--on", "2026-11-21")[1]
        assert text == run("catalog", "pip", "--on", "2026-11-21")[1]
        assert catalog_from_dict(json.loads(first)).releases == psrt_core.pip_releases().releases

    def test_bad_catalog_file(self, tmp_path: Path) -> None:
        """A malformed catalog: one line naming the file, the location and the value; exit 2."""
        bad = tmp_path / "bad.json"
        bad.write_text(
            json.dumps(
                {
                    "product": "cpython",
                    "branches": [{"name": "3.12", "status": "bugfix"}],
                    "releases": [{"version": "3.12.0.final", "branch": "3.12"}],
                }
            ),
            encoding="utf-8",
        )
        status, out, err = run("catalog", str(bad))
        assert (status, out) == (2, "")
        assert err == (
            f"psrt-core: error: {bad}: $.releases[0].version: not a valid PEP 440 version "
            "(got '3.12.0.final')\n"
        )

    def test_not_json(self, tmp_path: Path) -> None:
        """A file that is not JSON: the file, the line and the parser's message."""
        bad = tmp_path / "bad.json"
        bad.write_text('{"product": "pip",\n  oops\n}', encoding="utf-8")
        status, _, err = run("catalog", str(bad))
        assert status == 2
        assert err == (
            f"psrt-core: error: {bad}: line 2: not valid JSON: "
            "Expecting property name enclosed in double quotes\n"
        )

    def test_missing_file(self, tmp_path: Path) -> None:
        """A missing file is one line and exit 2."""
        missing = tmp_path / "missing.json"
        assert run("catalog", str(missing)) == (
            2,
            "",
            f"psrt-core: error: {missing}: no such file\n",
        )

    def test_directory(self, tmp_path: Path) -> None:
        """A directory is not a catalog file."""
        assert run("catalog", str(tmp_path))[2] == f"psrt-core: error: {tmp_path}: is a directory\n"

    def test_not_utf8(self, tmp_path: Path) -> None:
        """Undecodable bytes are reported with their offset."""
        bad = tmp_path / "latin1.json"
        bad.write_bytes(b'{"product": "caf\xe9"}')
        assert run("catalog", str(bad))[2] == (
            f"psrt-core: error: {bad}: not UTF-8 text (invalid continuation byte at byte 16)\n"
        )

    def test_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads the catalog document from standard input."""
        document = json.dumps(catalog_to_dict(psrt_core.pip_releases()))
        monkeypatch.setattr("sys.stdin", io.StringIO(document))
        status, out, _ = run("catalog", "-", "--on", "2026-11-21")
        assert status == 0
        assert out.splitlines()[0] == "pip branches on 2026-11-21"


class TestArguments:
    def test_bad_date(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A bad --on is an argparse usage error: exit 2 with the offending value."""
        status, out, _ = run("catalog", "cpython", "--on", "2026-13-01")
        assert (status, out) == (2, "")
        assert capsys.readouterr().err.splitlines()[-1] == (
            "psrt-core catalog: error: argument --on: not an ISO 8601 date (YYYY-MM-DD): "
            "'2026-13-01'"
        )
