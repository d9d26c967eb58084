"""``psrt-core range`` and ``psrt-core report`` (issue 5, items 4 and 7)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest

import psrt_core
from psrt_core.cli import main
from psrt_core.ranges import from_specifiers, from_vers
from psrt_core.serialization import advisory_from_dict
from tests.ranges._fragments import cve_from_json, osv_from_json

FIXTURES = Path(__file__).resolve().parents[1] / "ranges" / "fixtures"
CPYTHON = psrt_core.cpython_releases()
D = datetime.date
FIXES_6232 = ["3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2"]


def run(*argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process and capture status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def range_args(*extra: str, fixes: list[str] = FIXES_6232) -> list[str]:
    """``range --product cpython --fixed-in ...`` for the given fixes."""
    args = ["range", "--product", "cpython"]
    for fix in fixes:
        args += ["--fixed-in", fix]
    return [*args, *extra]


def test_range_table_for_cve_2024_6232_fixes() -> None:
    """The table lists affected branches newest first, end-of-life unfixed ones in one row."""
    status, out, err = run(*range_args("--on", "2024-09-10"))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "cpython: fixed in 3.8.20, 3.9.20, 3.10.15, 3.11.10, 3.12.6, 3.13.0rc2; "
        "affected from the first release",
        "branch      status       state    affected               releases  fix",
        "----------  -----------  -------  ---------------------  --------  ---------",
        "3.13        prerelease   fixed    [3.13.0a1, 3.13.0rc2)  11        3.13.0rc2",
        "3.12        bugfix       fixed    [3.12.0a1, 3.12.6)     20        3.12.6",
        "3.11        security     fixed    [3.11.0a1, 3.11.10)    24        3.11.10",
        "3.10        security     fixed    [3.10.0a1, 3.10.15)    28        3.10.15",
        "3.9         security     fixed    [3.9.0a1, 3.9.20)      34        3.9.20",
        "3.8         security     fixed    [3.8.0a1, 3.8.20)      37        3.8.20",
        "1.6 to 3.7  end-of-life  unfixed  (-inf, 3.8.0a1)        392       -",
        "546 affected releases in the cpython catalog",
        "supported on 2024-09-10 without a fix: none",
    ]


def test_range_table_reports_owed_backports_and_notes() -> None:
    """Supported branches without a fix are named; suspicious facts are printed as notes."""
    status, out, _ = run(
        *range_args(
            "--introduced", "3.11.0", "--on", "2024-12-10", fixes=["3.12.8", "3.12.9", "3.13.1"]
        )
    )
    assert status == 0
    assert "3.11    security  unfixed  [3.11.0, 3.12.0a1)  16        -" in out.splitlines()
    assert out.splitlines()[-3:-1] == [
        "supported on 2024-12-10 without a fix: 3.11",
        "note: branch 3.12 has two fixes, 3.12.8 and 3.12.9: the earlier one closes it",
    ]
    assert out.splitlines()[-1].startswith("note: branch 3.14 is newer than every fixed branch")


def test_range_outputs_evaluate_back_to_the_same_releases() -> None:
    """Every --to format, read back, selects the same 546 releases as the table."""
    expected = CPYTHON.select(psrt_core.ranges_from_fixes(CPYTHON, FIXES_6232).affected)
    _, osv_text, _ = run(*range_args("--to", "osv"))
    osv: dict[str, Any] = json.loads(osv_text)
    assert "package" not in osv  # OSV has no CPython ecosystem
    assert "ranges" not in osv  # a package-less entry may hold GIT ranges only
    assert CPYTHON.select(osv_from_json(osv["database_specific"]["ranges"])) == expected
    assert osv["versions"] == [str(release) for release in expected]
    _, cve_text, _ = run(*range_args("--to", "cve"))
    cve = json.loads(cve_text)
    assert (cve["vendor"], cve["product"], cve["defaultStatus"]) == (
        "Python Software Foundation",
        "CPython",
        "unaffected",
    )
    affected, _ = cve_from_json(cve["versions"], default_status=cve["defaultStatus"])
    assert CPYTHON.select(affected) == expected
    _, vers_text, _ = run(*range_args("--to", "vers"))
    assert CPYTHON.select(from_vers(vers_text.strip())) == expected
    _, spec_text, _ = run(*range_args("--to", "specifier"))
    assert spec_text.splitlines()[0] == "<3.8.20"
    assert CPYTHON.select(from_specifiers(spec_text.splitlines(), CPYTHON)) == expected


def test_range_for_pip() -> None:
    """pip is one line; its OSV entry names the PyPI package and its CVE product the package."""
    status, out, _ = run("range", "--product", "pip", "--fixed-in", "23.3", "--on", "2024-01-01")
    assert status == 0
    assert out.splitlines()[3] == "pip     -       fixed  (-inf, 23.3)  134       23.3"
    _, osv_text, _ = run("range", "--product", "pip", "--fixed-in", "23.3", "--to", "osv")
    assert json.loads(osv_text)["package"] == {"ecosystem": "PyPI", "name": "pip"}
    _, cve_text, _ = run("range", "--product", "pip", "--fixed-in", "23.3", "--to", "cve")
    assert json.loads(cve_text)["versions"] == [
        {"version": "0", "lessThan": "23.3", "status": "affected", "versionType": "python"}
    ]
    nothing = ["range", "--product", "pip", "--fixed-in", "0.2", "--introduced", "0.2"]
    assert run(*nothing, "--to", "vers")[1] == "(empty)\n"
    assert run(*nothing, "--to", "specifier")[1] == ""
    assert run("range", "--product", "pip", "--fixed-in", "0.2", "--to", "vers")[1] == (
        "vers:pypi/<0.2\n"
    )


def test_range_errors_are_one_line_with_exit_2() -> None:
    """Bad fixes end as one line on stderr naming every problem, exit status 2."""
    status, out, err = run(*range_args(fixes=["3.99.1", "x"]))
    assert (status, out) == (2, "")
    assert err == (
        "psrt-core: error: cpython fixes: fixed_in[0]: names branch 3.99, which the cpython "
        "catalog does not have (got '3.99.1'); fixed_in[1]: is not a PEP 440 version (got 'x')\n"
    )


def test_report_per_branch_table_csv_and_json() -> None:
    """Issue 5 item 4: per advisory and branch, first affected/fixed, count and days."""
    cve, pip = str(FIXTURES / "cve-toy-cpython.json"), str(FIXTURES / "osv-toy-pip.json")
    status, out, err = run("report", cve, pip, "--on", "2024-12-01", "--csv")
    assert (status, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["advisory"], r["branch"]) for r in rows] == [
        ("CVE-2099-0001", "3.11"),
        ("CVE-2099-0001", "3.12"),
        ("CVE-2099-0001", "3.13"),
        ("PYSEC-2099-1", "pip"),
    ]
    assert rows[1] == {
        "advisory": "CVE-2099-0001",
        "branch": "3.12",
        "first_affected": "3.12.0a1",
        "first_affected_date": "2022-10-24",
        "last_affected": "3.12.5",
        "first_fixed": "3.12.6",
        "first_fixed_date": "2024-09-06",
        "affected_releases": "20",
        "exposure_days": "683",
        "open": "false",
        "window": "fixed",
        "counted_from": "3.12.0a1",
        "platforms": "all",
        "withdrawn": "false",
        "published": "2024-09-06",
        "aliases": "",
        "cwe": "",
    }
    assert rows[3]["first_affected"] == "20.0"
    assert rows[3]["first_fixed"] == "23.3"
    _, table, _ = run("report", cve, "--on", "2024-12-01")
    assert table.splitlines()[0].split() == [
        "advisory",
        "branch",
        "first_affected",
        "first_affected_date",
        "last_affected",
        "first_fixed",
        "first_fixed_date",
        "affected_releases",
        "exposure_days",
        "open",
        "window",
        "counted_from",
        "platforms",
        "withdrawn",
        "published",
        "aliases",
        "cwe",
    ]
    _, text, _ = run("report", cve, pip, "--on", "2024-12-01", "--json")
    document = json.loads(text)
    assert document["on"] == "2024-12-01"
    assert len(document["branches"]) == 4
    assert document["branches"][0]["exposure_days"] == 684
    releases = {(r["product"], r["release"]): r["advisories"] for r in document["releases"]}
    assert releases[("cpython", "3.12.0")] == ["CVE-2099-0001"]
    assert releases[("pip", "23.2.1")] == ["PYSEC-2099-1"]
    assert ("cpython", "3.12.6") not in releases


def test_report_per_release() -> None:
    """Per release: the advisories affecting it (only releases with at least one)."""
    cve = str(FIXTURES / "cve-toy-cpython.json")
    status, out, _ = run("report", cve, "--releases", "--csv", "--on", "2024-12-01")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["product", "release", "count", "advisories"]
    assert rows[1] == ["cpython", "3.11.0", "1", "CVE-2099-0001"]
    assert len(rows) == 1 + 10 + 20 + 11
    _, table, _ = run("report", cve, "--releases", "--on", "2024-12-01")
    assert table.splitlines()[2].split() == ["cpython", "3.11.0", "1", "CVE-2099-0001"]


def test_report_needs_a_catalog_for_other_products(tmp_path: Path) -> None:
    """A record about another product needs --catalog of that product; the error is one line,
    exit 2 (issue 9: pip's catalog is not toy-package's)."""
    other = str(FIXTURES / "osv-toy-other.json")
    status, _, err = run("report", other)
    assert status == 2
    assert err == (
        f"psrt-core: error: {other}: PYSEC-2099-2 is about toy-package; pass --catalog FILE\n"
    )
    status, _, err = run("report", other, "--catalog", "pip", "--on", "2024-01-01")
    assert (status, err) == (
        2,
        "psrt-core: error: PYSEC-2099-2 is about toy-package; --catalog pip is the pip catalog\n",
    )
    toy = json.loads(run("catalog", "pip", "--json", "--on", "2024-01-01")[1])
    toy["product"] = "toy-package"
    catalog = tmp_path / "toy.json"
    catalog.write_text(json.dumps(toy), encoding="utf-8")
    status, out, _ = run("report", other, "--catalog", str(catalog), "--on", "2024-01-01", "--csv")
    assert status == 0
    assert out.splitlines()[1].startswith("PYSEC-2099-2,toy-package,0.2,")
    status, _, err = run("report", str(FIXTURES / "missing.json"))
    assert status == 2
    assert err.startswith("psrt-core: error: ")
    assert "missing.json" in err


def test_report_on_a_git_only_record_needs_a_commit_map() -> None:
    """range-semantics §8.9: GIT-only records are not evaluable on versions without a commit
    map; the report says so, and with --commit-map it reports the branches."""
    record = str(FIXTURES / "osv-toy-git.json")
    status, out, _ = run("report", record, "--on", "2024-12-01")
    assert status == 0
    assert out.splitlines()[-1] == (
        "note: PSF-2099-3: 627 releases of unknown status (GIT range on "
        "https://github.com/python/cpython cannot be evaluated on versions without a commit map)"
    )
    commits = str(FIXTURES / "commit-map-toy.json")
    _, text, _ = run("report", record, "--on", "2024-12-01", "--commit-map", commits, "--json")
    document = json.loads(text)
    assert document["advisories"] == [
        {
            "id": "PSF-2099-3",
            "product": "cpython",
            "affected_releases": len(
                CPYTHON.select(
                    psrt_core.ranges_from_fixes(
                        CPYTHON, ["3.11.10", "3.12.6", "3.13.0rc2", "3.14.0a1"]
                    ).affected
                )
            ),
            "unknown_releases": 0,
            "reasons": [],
            "record": record,
            "withdrawn": False,
            "platforms": [],
            "left_out": None,
        }
    ]
    assert document["superseded"] == []
    fixed = {row["branch"]: row["first_fixed"] for row in document["branches"]}
    assert fixed["3.12"] == "3.12.6"
    assert fixed["3.13"] == "3.13.0rc2"
    assert fixed["3.10"] is None
    assert "3.14" not in fixed


def test_range_takes_fix_commits_through_a_commit_map() -> None:
    """With --commit-map, --fixed-in may name commits; each maps to its first release per
    branch, and an unknown commit is an error, never a guess."""
    commits = str(FIXTURES / "commit-map-toy.json")
    fix_a, fix_b = "1" * 40, "2" * 40
    args = ["range", "--product", "cpython", "--commit-map", commits, "--to", "vers"]
    status, out, _ = run(*args, "--fixed-in", fix_a, "--fixed-in", fix_b)
    assert status == 0
    expected = psrt_core.ranges_from_fixes(
        CPYTHON, ["3.11.10", "3.12.6", "3.13.0rc2", "3.14.0a1", "3.15.0a1"]
    )
    assert from_vers(out.strip()) == expected.affected
    status, _, err = run(*args, "--fixed-in", "3" * 40)
    assert status == 2
    assert err == (
        "psrt-core: error: cpython fixes: fixed_in[0]: is a commit the commit map does not "
        f"have (got '{'3' * 40}')\n"
    )


def test_report_keeps_only_the_latest_modified_copy_of_an_id(tmp_path: Path) -> None:
    """OSV schema 1.7 › id: of two copies of one id, the later ``modified`` is authoritative.

    A coarse first revision of a CVE (``0`` up to ``3.13.0rc2``) and its refined later revision
    must not be counted as two advisories; the report uses the later one and says so.
    """
    refined = json.loads((FIXTURES / "cve-toy-cpython.json").read_text(encoding="utf-8"))
    refined["cveMetadata"]["dateUpdated"] = "2024-12-01T00:00:00Z"
    coarse = json.loads(json.dumps(refined))
    coarse["cveMetadata"]["dateUpdated"] = "2024-09-06T00:00:00Z"
    coarse["containers"]["cna"]["affected"][0]["versions"] = [
        {"version": "0", "lessThan": "3.13.0rc2", "status": "affected", "versionType": "python"}
    ]
    new, old = tmp_path / "new.json", tmp_path / "old.json"
    new.write_text(json.dumps(refined), encoding="utf-8")
    old.write_text(json.dumps(coarse), encoding="utf-8")
    for order in ((str(old), str(new)), (str(new), str(old))):
        status, text, err = run("report", *order, "--on", "2024-12-01", "--json")
        assert (status, err) == (0, "")
        document = json.loads(text)
        assert [a["record"] for a in document["advisories"]] == [str(new)]
        assert document["superseded"] == [
            {"id": "CVE-2099-0001", "record": str(old), "by": str(new)}
        ]
        assert [b["branch"] for b in document["branches"]] == ["3.11", "3.12", "3.13"]
    status, table, _ = run("report", str(old), str(new), "--on", "2024-12-01")
    assert status == 0
    assert table.splitlines()[-1] == (
        f"note: CVE-2099-0001: {old} left out, superseded by the later modified copy in {new}"
    )


def test_cpython_osv_entry_is_valid_osv_and_loads() -> None:
    """OSV schema 1.7 › affected (range-semantics §1.2): CPython has no ecosystem, and an entry
    without ``package`` may hold only GIT ranges; so ``--to osv`` for CPython writes the
    ``versions`` list and keeps the PEP 440 ranges under ``database_specific`` (which never
    affects evaluation). A record holding the entry loads and evaluates to those releases."""
    expected = CPYTHON.select(psrt_core.ranges_from_fixes(CPYTHON, FIXES_6232).affected)
    _, osv_text, _ = run(*range_args("--to", "osv"))
    entry = json.loads(osv_text)
    assert sorted(entry) == ["database_specific", "versions"]
    record = advisory_from_dict(
        {"id": "PSF-2099-1", "modified": "2099-01-01T00:00:00Z", "affected": [entry]}
    )
    assert record.affected_versions(CPYTHON) == expected


def test_pip_cve_product_names_the_pip_vendor() -> None:
    """range-semantics §2.2: the PSF CNA's pip records name the vendor "Python Packaging
    Authority" (2025); the product was written with vendor "pip"."""
    _, cve_text, _ = run("range", "--product", "pip", "--fixed-in", "23.3", "--to", "cve")
    product = json.loads(cve_text)
    assert (product["vendor"], product["product"], product["packageName"]) == (
        "Pip maintainers",
        "pip",
        "pip",
    )


def _osv_record(path: Path, affected: dict[str, Any]) -> str:
    """A minimal OSV record with one ``affected`` entry, written to *path*."""
    record = {
        "id": "PYSEC-2099-7",
        "modified": "2099-01-01T00:00:00Z",
        "aliases": ["CVE-2099-0007"],
        "affected": [affected],
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    return str(path)


def _converted_versions(path: str, *extra: str) -> list[dict[str, str]]:
    status, out, err = run("convert", path, "--to", "cve", *extra)
    assert (status, err) == (0, "")
    versions: list[dict[str, str]] = json.loads(out)["containers"]["cna"]["affected"][0]["versions"]
    return versions


def test_range_and_convert_write_the_same_cve_entries_for_pip(tmp_path: Path) -> None:
    """Issue 8 (done when): for the set "pip below 24.1", ``range --to cve`` and ``convert
    --to cve`` call the one notation builder with the same layout, so they write the same
    ``versions`` (they used to write 1 and 14 entries)."""
    status, out, _ = run("range", "--product", "pip", "--fixed-in", "24.1", "--to", "cve")
    assert status == 0
    ranged = json.loads(out)
    assert ranged["versions"] == [
        {"version": "0", "lessThan": "24.1", "status": "affected", "versionType": "python"}
    ]
    entry = {
        "package": {"ecosystem": "PyPI", "name": "pip"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "24.1"}]}],
    }
    assert _converted_versions(_osv_record(tmp_path / "pip.json", entry)) == ranged["versions"]
    status, out, _ = run("convert", str(tmp_path / "pip.json"), "--to", "cve")
    product = json.loads(out)["containers"]["cna"]["affected"][0]
    assert {key: product[key] for key in ("vendor", "product", "packageName")} == {
        key: ranged[key] for key in ("vendor", "product", "packageName")
    }


def test_range_and_convert_write_the_same_cve_entries_for_cpython(tmp_path: Path) -> None:
    """Issue 8 (done when), CPython: the CVE-2024-6232 fixes. The OSV side holds the exact
    ranges ``range --to osv`` keeps under ``database_specific`` (CPython has no ecosystem),
    converted over the same catalog; both write the PSF layout: one entry from "0" up to the
    oldest fix, then one per branch."""
    _, cve_text, _ = run(*range_args("--to", "cve"))
    ranged = json.loads(cve_text)["versions"]
    _, osv_text, _ = run(*range_args("--to", "osv"))
    exact = json.loads(osv_text)["database_specific"]["ranges"]
    path = _osv_record(tmp_path / "cpython.json", {"ranges": exact})
    assert _converted_versions(path, "--catalog", "cpython") == ranged
    assert [(e["version"], e["lessThan"]) for e in ranged] == [
        ("0", "3.8.20"),
        ("3.9.0a1", "3.9.20"),
        ("3.10.0a1", "3.10.15"),
        ("3.11.0a1", "3.11.10"),
        ("3.12.0a1", "3.12.6"),
        ("3.13.0a1", "3.13.0rc2"),
    ]


# -- issue 9: trustworthy answers ----------------------------------------------------------------


def _sample(samples: Path, tmp_path: Path, name: str, **changes: Any) -> str:
    """CVE-2024-6232 from the shared samples, changed: an id, platforms, a state, versions."""
    document = json.loads((samples / "cve" / "CVE-2024-6232.json").read_text(encoding="utf-8"))
    product = document["containers"]["cna"]["affected"][0]
    if "cve_id" in changes:
        document["cveMetadata"]["cveId"] = changes["cve_id"]
    if "state" in changes:
        document["cveMetadata"]["state"] = changes["state"]
    if "platforms" in changes:
        product["platforms"] = changes["platforms"]
    if "versions" in changes:
        product["versions"] = changes["versions"]
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _rows(*argv: str) -> dict[str, dict[str, Any]]:
    status, out, _ = run("report", *argv, "--json")
    assert status == 0
    return {row["branch"]: row for row in json.loads(out)["branches"]}


def test_report_says_how_each_window_ended(samples: Path) -> None:
    """Issue 9 (8): a window is closed by a fix, by the branch's end of life (its date, not
    --on), or open on a supported branch. On 2024-09-04, before 3.12.6 shipped, 3.12 is open."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    rows = _rows(record, "--on", "2024-09-04")
    assert (rows["3.12"]["window"], rows["3.12"]["exposure_days"]) == ("open", 338)
    assert (rows["3.7"]["window"], rows["3.7"]["first_fixed"]) == ("end-of-life", None)
    assert rows["3.7"]["exposure_days"] == (D(2023, 6, 27) - D(2017, 9, 19)).days
    later = _rows(record, "--on", "2024-12-01")
    assert (later["3.12"]["window"], later["3.12"]["exposure_days"]) == ("fixed", 340)
    assert later["3.7"]["exposure_days"] == rows["3.7"]["exposure_days"]  # not up to --on


def test_report_from_final_counts_from_the_first_final_release(samples: Path) -> None:
    """Issue 9 (8): --from-final starts the window at the first affected final release:
    3.8.0 (2019-10-14) to 3.8.20 (2024-09-06), instead of 3.8.0a1 (2019-02-03)."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    rows = _rows(record, "--on", "2024-12-01", "--from-final")
    assert (rows["3.8"]["first_affected"], rows["3.8"]["counted_from"]) == ("3.8.0a1", "3.8.0")
    assert rows["3.8"]["exposure_days"] == (D(2024, 9, 6) - D(2019, 10, 14)).days
    assert (
        _rows(record, "--on", "2024-12-01")["3.8"]["exposure_days"]
        == (D(2024, 9, 6) - D(2019, 2, 3)).days
    )
    assert rows["3.13"]["counted_from"] is None  # only pre-releases of 3.13 were affected
    assert rows["3.13"]["exposure_days"] == 0


def test_report_warns_about_dates_out_of_release_order(samples: Path, tmp_path: Path) -> None:
    """Issue 9 (8): python-releases.toml dates 2.7.3 (2012-03-09) before 2.7.3rc2
    (2012-03-15); a window fixed by 2.7.3 gets one warning line on stderr."""
    record = _sample(samples, tmp_path, "r.json", versions=[
        {"version": "2.7.0", "lessThan": "2.7.3", "status": "affected", "versionType": "python"}
    ])  # fmt: skip
    status, _, err = run("report", record, "--on", "2024-12-01", "--csv")
    assert status == 0
    assert err == (
        "psrt-core: warning: release dates out of release order in the exposure window of "
        "CVE-2024-6232 2.7 (fixed in 2.7.3 dated 2012-03-09, last affected 2.7.3rc2 dated "
        "2012-03-15): the catalog's dates are wrong there, so are the days\n"
    )
    assert run("report", str(samples / "cve" / "CVE-2024-6232.json"), "--on", "2024-12-01")[2] == ""


def test_report_catalog_of_another_product_is_an_error(samples: Path) -> None:
    """Issue 9 (7): CPython ranges are not read against pip's releases."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    assert run("report", record, "--catalog", "pip") == (
        2,
        "",
        "psrt-core: error: CVE-2024-6232 is about cpython; --catalog pip is the pip catalog\n",
    )


def test_report_platforms(samples: Path, tmp_path: Path) -> None:
    """Issue 9 (5): rows name the record's platforms; --platform linux leaves a Windows-only
    record out of the branches and of "which advisories affect V", and says so."""
    record = _sample(samples, tmp_path, "w.json", cve_id="CVE-2024-4030", platforms=["Windows"])
    rows = _rows(record, "--on", "2024-12-01")
    assert rows["3.12"]["platforms"] == "Windows"
    _, out, _ = run("report", record, "--on", "2024-12-01", "--releases")
    assert out.splitlines()[2].split(maxsplit=3) == [
        "cpython", "1.6.0a1", "1", "CVE-2024-4030 (Windows only)"
    ]  # fmt: skip
    _, text, _ = run("report", record, "--on", "2024-12-01", "--platform", "linux", "--json")
    document = json.loads(text)
    assert (document["branches"], document["releases"]) == ([], [])
    assert document["advisories"][0]["left_out"] == "not affected on linux (Windows only)"
    _, out, _ = run("report", record, "--on", "2024-12-01", "--platform", "linux")
    assert out.splitlines()[-1] == (
        "note: CVE-2024-4030: left out, not affected on linux (Windows only)"
    )
    assert _rows(record, "--on", "2024-12-01", "--platform", "windows")["3.12"]["window"] == "fixed"


def test_report_leaves_withdrawn_records_out(samples: Path, tmp_path: Path) -> None:
    """Issue 9 (6): a REJECTED CVE (or withdrawn OSV) record is flagged and left out of the
    branches and the per-release index unless --include-withdrawn."""
    record = _sample(samples, tmp_path, "rejected.json", state="REJECTED")
    status, text, _ = run("report", record, "--on", "2024-12-01", "--json")
    document = json.loads(text)
    assert (status, document["branches"], document["releases"]) == (0, [], [])
    summary = document["advisories"][0]
    assert (summary["withdrawn"], summary["left_out"]) == (
        True,
        "REJECTED; --include-withdrawn counts it",
    )
    _, out, _ = run("report", record, "--on", "2024-12-01")
    assert out.splitlines()[-1] == (
        "note: CVE-2024-6232: left out, REJECTED; --include-withdrawn counts it"
    )
    rows = _rows(record, "--on", "2024-12-01", "--include-withdrawn")
    assert rows["3.12"]["withdrawn"] is True
    _, out, _ = run("report", record, "--on", "2024-12-01", "--include-withdrawn", "--releases")
    assert "CVE-2024-6232 (REJECTED)" in out.splitlines()[2]
    assert out.splitlines()[-1] == "note: CVE-2024-6232: REJECTED, counted all the same"


STALE = (
    "psrt-core: warning: the cpython catalog may be stale on 2026-11-21: 3.13.16 (scheduled "
    "2026-10-06) and 5 more still counted as unreleased; give a newer catalog file "
    "(python-releases.toml, PEP 691 JSON or catalog JSON)\n"
)


@pytest.mark.parametrize(
    ("argv", "stale"),
    [
        (["catalog", "cpython"], True),
        (["range", "--product", "cpython", "--fixed-in", "3.12.6"], True),
        (["report", str(FIXTURES / "cve-toy-cpython.json")], True),
        (["catalog", "pip"], False),  # pip's catalog schedules nothing
    ],
)
@pytest.mark.parametrize("on", ["2026-11-21", "2026-08-22"])
def test_commands_with_on_warn_when_the_catalog_is_stale(
    argv: list[str], stale: bool, on: str
) -> None:
    """Issue 9 (9): the bundled CPython catalog is python-releases.toml of 2026-08-22; on
    2026-11-21, 3.15.0 (scheduled 2026-10-01) and others are overdue: one warning line. On
    the snapshot's own day nothing is overdue."""
    status, _, err = run(*argv, "--on", on)
    assert status == 0
    assert err == (STALE if stale and on == "2026-11-21" else "")


def test_catalog_reads_python_releases_toml_and_pep_691_pages(
    shared_data: Path, tmp_path: Path
) -> None:
    """Issue 9 (9): --catalog and ``catalog FILE`` read python/peps' python-releases.toml and
    a PEP 691 JSON page directly (told apart by content), so refreshing needs no Python."""
    toml = str(shared_data / "cpython" / "python-releases.toml")
    assert run("catalog", toml, "--on", "2026-08-22") == run(
        "catalog", "cpython", "--on", "2026-08-22"
    )
    page = {
        "meta": {"api-version": "1.1"},
        "name": "pip",
        "files": [
            {"filename": "pip-23.2.tar.gz", "upload-time": "2023-07-15T10:00:00Z", "yanked": False},
            {"filename": "pip-23.3-py3-none-any.whl", "upload-time": "2023-10-02T12:00:00Z"},
        ],
    }  # fmt: skip
    path = tmp_path / "simple.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    status, out, _ = run("catalog", str(path), "--on", "2024-01-01", "--json")
    document = json.loads(out)
    assert (status, document["product"]) == (0, "pip")
    assert [(r["version"], r["date"]) for r in document["releases"]] == [
        ("23.2", "2023-07-15"),
        ("23.3", "2023-10-02"),
    ]
    record = str(FIXTURES / "cve-toy-cpython.json")
    assert run("report", record, "--on", "2024-12-01", "--catalog", toml) == run(
        "report", record, "--on", "2024-12-01"
    )


# -- issue 11 item 2: report rows ----------------------------------------------------------------


def test_report_counts_a_pysec_record_and_its_cve_once(samples: Path) -> None:
    """Issue 11 (2), OSV schema 1.7 › aliases: PYSEC-2023-228 names CVE-2023-5752 as an alias,
    so the two records are one vulnerability, counted once whatever the order; the copy
    modified last (PYSEC, 2023-11-03, over the CVE's 2023-10-24) speaks, and the CVE's CWE id
    fills the PYSEC copy's gap."""
    pysec = str(samples / "osv-pypa" / "pip" / "PYSEC-2023-228.yaml")
    cve = str(samples / "cve" / "CVE-2023-5752.json")
    for order in ((pysec, cve), (cve, pysec)):
        status, text, err = run("report", *order, "--on", "2024-12-01", "--json")
        assert (status, err) == (0, "")
        document = json.loads(text)
        assert [a["id"] for a in document["advisories"]] == ["PYSEC-2023-228"]
        assert document["superseded"] == [{"id": "CVE-2023-5752", "record": cve, "by": pysec}]
        rows = document["branches"]
        assert [(r["advisory"], r["branch"]) for r in rows] == [("PYSEC-2023-228", "pip")]
        assert (rows[0]["aliases"], rows[0]["cwe"]) == (["CVE-2023-5752"], ["CWE-77"])
        assert rows[0]["published"] == "2023-10-25"
        assert [r["advisories"] for r in document["releases"]][-1] == ["PYSEC-2023-228"]
    _, table, _ = run("report", cve, pysec, "--on", "2024-12-01")
    assert table.splitlines()[-1] == (
        f"note: CVE-2023-5752 and PYSEC-2023-228 are one vulnerability; {cve} left out, "
        f"PYSEC-2023-228's copy in {pysec} speaks (modified last)"
    )
    _, out, _ = run("report", cve, pysec, "--on", "2024-12-01", "--csv")
    (row,) = csv.DictReader(io.StringIO(out))
    assert (row["published"], row["aliases"], row["cwe"]) == (
        "2023-10-25",
        "CVE-2023-5752",
        "CWE-77",
    )


def test_report_rows_show_the_published_date_aliases_and_cwe(samples: Path) -> None:
    """Issue 11 (2): ``published`` is the record's own day (OSV ``published``, CVE JSON 5
    ``cveMetadata.datePublished``), read here straight from the files; aliases are listed in
    JSON and space-separated in CSV."""
    import yaml

    cve_files = [samples / "cve" / "CVE-2024-6232.json", samples / "cve" / "CVE-2024-0397.json"]
    for path in cve_files:
        published = json.loads(path.read_text(encoding="utf-8"))["cveMetadata"]["datePublished"]
        rows = _rows(str(path), "--on", "2024-12-01")
        assert {row["published"] for row in rows.values()} == {published[:10]}
    pysec = samples / "osv-pypa" / "pip" / "PYSEC-2021-437.yaml"
    document = yaml.safe_load(pysec.read_text(encoding="utf-8"))
    published = document["published"]
    day = (
        published.date().isoformat() if isinstance(published, datetime.datetime) else published[:10]
    )
    row = _rows(str(pysec), "--on", "2024-12-01")["pip"]
    assert (row["published"], row["aliases"]) == (day, sorted(document["aliases"]))
    assert row["aliases"] == ["CVE-2021-3572", "GHSA-5xp3-jfq3-5q8x"]
    assert _rows(str(cve_files[0]), "--on", "2024-12-01")["3.12"]["cwe"] == ["CWE-1333"]
    _, out, _ = run("report", str(pysec), "--on", "2024-12-01", "--csv")
    assert next(csv.DictReader(io.StringIO(out)))["aliases"] == "CVE-2021-3572 GHSA-5xp3-jfq3-5q8x"


def test_report_supported_on_keeps_the_branches_supported_that_day(
    samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11 (2), PEP 602 lifecycle: on 2024-09-03 3.8 to 3.11 were in security status and
    3.12 in bugfix; 3.7 and older were end-of-life and 3.13 a pre-release branch, so the rows
    and the per-release view keep 3.8 to 3.12 only."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    assert "3.7" in _rows(record, "--on", "2024-12-01")
    rows = _rows(record, "--on", "2024-12-01", "--supported-on", "2024-09-03")
    assert list(rows) == ["3.8", "3.9", "3.10", "3.11", "3.12"]
    assert rows["3.12"]["window"] == "fixed"
    _, text, _ = run(
        "report", record, "--on", "2024-12-01", "--supported-on", "2024-09-03", "--json"
    )
    document = json.loads(text)
    assert document["supported_on"] == "2024-09-03"
    branches = {CPYTHON.branch_of(r["release"]) for r in document["releases"]}
    assert branches == {"3.8", "3.9", "3.10", "3.11", "3.12"}
    assert run("report", record, "--supported-on", "2024-9-3")[0] == 2
    assert capsys.readouterr().err.endswith(
        "error: argument --supported-on: not an ISO 8601 date (YYYY-MM-DD): '2024-9-3'\n"
    )


def test_report_published_when_the_record_does_not_say_or_says_it_badly(
    samples: Path, tmp_path: Path
) -> None:
    """CVE JSON 5 › cveMetadata.datePublished is optional: no date is ``null``, not a guess;
    a value that is not RFC 3339 is bad input (exit 2, its JSON path named)."""
    document = json.loads((samples / "cve" / "CVE-2024-6232.json").read_text(encoding="utf-8"))
    del document["cveMetadata"]["datePublished"]
    unsaid = tmp_path / "unsaid.json"
    unsaid.write_text(json.dumps(document), encoding="utf-8")
    assert _rows(str(unsaid), "--on", "2024-12-01")["3.12"]["published"] is None
    document["cveMetadata"]["datePublished"] = "yesterday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    status, _, err = run("report", str(bad), "--on", "2024-12-01")
    assert status == 2
    assert "$.cveMetadata.datePublished" in err
    assert "'yesterday'" in err


@pytest.mark.parametrize("fix", ["1!3.12.8", "3.12.8+local", "3.12.80"])
@pytest.mark.parametrize("to", ["table", "specifier", "osv"])
def test_range_refuses_a_fix_that_is_no_catalog_release(fix: str, to: str) -> None:
    """Issue 14 ("wrong answer from a valid-looking fix"): ``1!3.12.8`` once marked 3.13 and
    3.14 affected and ``3.12.8+local --to specifier`` raised ``InvalidSpecifier``; every fix
    that is no release of the catalog now ends in one error line and exit 2, in any format."""
    status, out, err = run(*range_args("--to", to, fixes=[fix, "3.13.1"]))
    assert (status, out) == (2, "")
    assert err == (
        "psrt-core: error: cpython fixes: fixed_in[0]: is not a release of the cpython "
        f"catalog (got '{fix}')\n"
    )


def test_range_format_applies_to_the_table_only() -> None:
    """``--format`` shapes the table; with ``--to osv`` it is a usage error (exit 2)."""
    argv = ["range", "--product", "pip", "--fixed-in", "23.3", "--on", "2024-01-01"]
    assert run(*argv, "--to", "osv", "--format", "csv") == (
        2,
        "",
        "psrt-core: error: --format csv applies to --to table, not --to osv\n",
    )


def test_range_table_as_json_and_csv() -> None:
    """The table's JSON contract (``psrt-core/range-1``) and its CSV, for pip's one line of
    releases (no branch status: ``-``, written ``'-`` in CSV so no spreadsheet reads a formula)."""
    argv = ["range", "--product", "pip", "--fixed-in", "23.3", "--on", "2024-01-01"]
    status, out, _ = run(*argv, "--format", "json")
    assert status == 0
    assert json.loads(out) == {
        "format": "psrt-core/range-1",
        "product": "pip",
        "on": "2024-01-01",
        "fixes": ["23.3"],
        "introduced": None,
        "branches": [
            {"branch": "pip", "status": "-", "state": "fixed", "affected": "(-inf, 23.3)",
             "releases": 134, "fix": "23.3"},
        ],
        "affected_releases": 134,
        "unfixed_supported": [],
        "notes": [],
    }  # fmt: skip
    assert run(*argv, "--format", "csv") == (
        0,
        'branch,status,state,affected,releases,fix\npip,\'-,fixed,"(-inf, 23.3)",134,23.3\n',
        "",
    )


def test_range_osv_entry_for_a_catalog_file_names_its_pypi_package() -> None:
    """A catalog read from a file (not a known product) is a PyPI package under its own name."""
    catalog = str(Path(__file__).parents[1] / "serialization" / "fixtures" / "simple-demo.json")
    status, out, _ = run("range", "--product", catalog, "--fixed-in", "1.1", "--to", "osv")
    assert status == 0
    assert json.loads(out) == {
        "package": {"ecosystem": "PyPI", "name": "demo-pkg"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.1"}]}],
        "versions": ["0.9", "1.0"],
    }
