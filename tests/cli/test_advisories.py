"""``psrt-core affected``, ``convert`` and ``lint``: outputs, the JSON contract, exit statuses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import yaml

from psrt_core.cli import main

FIXTURES = Path(__file__).parents[1] / "advisories" / "fixtures"
CVE = str(FIXTURES / "cve-cpython.json")
OSV_GIT = str(FIXTURES / "osv-cpython-git.json")
OSV_PIP = str(FIXTURES / "osv-pip.yaml")
COMMITS = str(FIXTURES / "commit-map.txt")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_affected_json_contract_with_versions() -> None:
    """The JSON contract: one object per record, versions as given, reasons per unknown."""
    status, out, err = run(
        "affected", CVE, OSV_GIT, "--version", "3.12.3", "--version", "3.12.4",
        "--version", "3.12.0rc1", "--version", "legacy", "--json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    assert json.loads(out) == [
        {
            "id": "CVE-2099-0001",
            "product": "cpython",
            "affected": ["3.12.3"],
            "unaffected": ["3.12.4", "3.12.0rc1", "legacy"],
            "unknown": [],
            "reasons": {},
        },
        {
            "id": "PSF-2099-1",
            "product": "cpython",
            "affected": [],
            "unaffected": [],
            "unknown": ["3.12.3", "3.12.4", "3.12.0rc1", "legacy"],
            "reasons": {
                "GIT range on https://github.com/python/cpython cannot be evaluated on versions "
                "without a commit map": ["3.12.3", "3.12.4", "3.12.0rc1", "legacy"]
            },
        },
    ]


def test_affected_over_the_bundled_catalog_with_commit_map() -> None:
    """Over the whole catalog, scheduled releases out; a commit map evaluates the GIT range."""
    status, out, _ = run("affected", OSV_GIT, "--commit-map", COMMITS, "--json")
    assert status == 0
    (result,) = json.loads(out)
    assert result["unknown"] == []
    assert "3.12.3" in result["affected"]
    assert "3.12.4" in result["unaffected"]
    assert result["affected"][0] == "1.6.0a1"
    everything = result["affected"] + result["unaffected"]
    assert len(everything) == len(set(everything))


def test_affected_text_groups_by_branch_with_first_fix(tmp_path: Path) -> None:
    """Text: per record, affected releases per branch and the branch's first fixed release."""
    catalog = tmp_path / "catalog.json"
    status, out, _ = run("catalog", "pip", "--json")
    assert status == 0
    catalog.write_text(out, encoding="utf-8")
    status, out, _ = run("affected", OSV_PIP, "--catalog", str(catalog))
    assert status == 0
    assert out == (
        "PYSEC-2099-7 (pip): 15 affected, 145 unaffected, 0 unknown of 160 versions\n"
        "  20: 20.0, 20.0.1, 20.0.2, 20.1b1, 20.1, 20.1.1, 20.2b1, 20.2, 20.2.1, 20.2.2, 20.2.3, "
        "20.2.4, 20.3b1, 20.3, 20.3.1 (first fixed: 20.3.2)\n"
    )


def test_affected_text_reports_unknowns_and_unfixed_branches() -> None:
    """Unknown versions are counted with their reason; a branch with no fix says so."""
    status, out, _ = run("affected", OSV_GIT, "--version", "3.12.1", "--version", "3.13.0")
    assert status == 0
    assert out == (
        "PSF-2099-1 (cpython): 0 affected, 0 unaffected, 2 unknown of 2 versions\n"
        "  unknown (2): GIT range on https://github.com/python/cpython cannot be evaluated on "
        "versions without a commit map\n"
    )
    status, out, _ = run("affected", CVE, "--version", "3.11.8", "--version", "3.11.7")
    assert out.splitlines()[1] == "  3.11: 3.11.8, 3.11.7 (no fixed release)"


def test_affected_without_catalog_uses_named_versions(tmp_path: Path) -> None:
    """A product with no bundled catalog is evaluated over the versions its record names."""
    record = tmp_path / "r.json"
    record.write_text(
        json.dumps(
            {
                "id": "PYSEC-2099-9",
                "modified": "2099-01-01T00:00:00Z",
                "affected": [
                    {
                        "package": {"ecosystem": "PyPI", "name": "Example_Pkg"},
                        "ranges": [
                            {
                                "type": "ECOSYSTEM",
                                "events": [{"introduced": "1.0"}, {"fixed": "1.2"}],
                            }
                        ],
                        "versions": ["1.0", "1.1"],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    status, out, _ = run("affected", str(record), "--json")
    assert status == 0
    assert json.loads(out)[0] == {
        "id": "PYSEC-2099-9",
        "product": "example-pkg",
        "affected": ["1.0", "1.1"],
        "unaffected": ["1.2"],
        "unknown": [],
        "reasons": {},
    }
    status, out, _ = run("affected", str(record), "--version", "1.1", "--version", "2!1", "--json")
    assert json.loads(out)[0]["affected"] == ["1.1"]


def test_convert_to_own_format_is_the_round_trip() -> None:
    """Converting to the record's own format is lossless; YAML stays YAML unless --json."""
    status, out, _ = run("convert", CVE, "--to", "cve")
    assert status == 0
    assert json.loads(out) == json.loads(Path(CVE).read_text(encoding="utf-8"))
    status, out, _ = run("convert", OSV_PIP, "--to", "osv")
    assert yaml.load(out, Loader=yaml.BaseLoader) == yaml.load(
        Path(OSV_PIP).read_text(encoding="utf-8"), Loader=yaml.BaseLoader
    )
    status, out, _ = run("convert", OSV_PIP, "--to", "osv", "--json")
    assert json.loads(out)["id"] == "PYSEC-2099-7"


def test_convert_between_formats() -> None:
    """CVE -> OSV writes the GIT range and versions; OSV -> CVE the one notation builder's
    entries: the set's own ends (3.12.dev0, where the GIT range's 3.12 region starts, not the
    first release 3.12.0a1, which left 3.12.dev0 out), the PSF layout from "0"."""
    status, out, _ = run("convert", CVE, "--to", "osv", "--id", "PSF-2099-5")
    assert status == 0
    osv = json.loads(out)
    assert osv["id"] == "PSF-2099-5"
    assert osv["affected"][0]["ranges"][0]["events"] == [
        {"introduced": "0"},
        {"fixed": "1111111111111111111111111111111111111111"},
    ]
    assert osv["database_specific"] == {"cwe_ids": ["CWE-20"]}
    status, out, _ = run("convert", OSV_GIT, "--to", "cve", "--commit-map", COMMITS)
    assert status == 0
    cve = json.loads(out)
    versions = cve["containers"]["cna"]["affected"][0]["versions"]
    assert {
        "version": "3.12.dev0",
        "status": "affected",
        "versionType": "python",
        "lessThan": "3.12.4",
    } in versions
    status, out, _ = run("convert", OSV_PIP, "--to", "cve", "--catalog", "pip")
    assert json.loads(out)["containers"]["cna"]["affected"][0]["versions"] == [
        {"version": "20.0", "status": "affected", "versionType": "python", "lessThan": "20.3.2"}
    ]


def test_lint_text_and_exit_status(tmp_path: Path) -> None:
    """Exit 0 with warnings only; exit 1 on an error-level finding (a shared alias here)."""
    status, out, _ = run("lint", CVE)
    assert status == 0
    assert out.splitlines()[-1] == "1 finding(s), 0 error(s) in 1 record(s)"
    twin = tmp_path / "twin.json"
    document = json.loads(Path(OSV_GIT).read_text(encoding="utf-8"))
    document["id"] = "PSF-2099-2"
    twin.write_text(json.dumps(document), encoding="utf-8")
    status, out, _ = run("lint", OSV_GIT, str(twin))
    assert status == 1
    expected = "RUN001 alias-shared [error]: CVE-2099-0001 is also an alias of PSF-2099-1"
    assert f"{twin}: $.aliases[0]: {expected}" in out.splitlines()


def test_lint_json() -> None:
    """--json lists each record's findings with code, name, level, location and message."""
    status, out, _ = run("lint", OSV_GIT, "--json")
    assert status == 0
    assert json.loads(out) == [
        {
            "file": OSV_GIT,
            "id": "PSF-2099-1",
            "findings": [
                {
                    "code": "OSV008",
                    "name": "git-only",
                    "level": "info",
                    "location": "$.affected[0]",
                    "message": "only GIT ranges and no versions: the entry cannot be evaluated on "
                    "versions without a commit map",
                }
            ],
        }
    ]


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Exit 2 on bad input with one line naming the file and the JSON path; no traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": 5, "modified": "2024-01-01T00:00:00Z"}', encoding="utf-8")
    for command in (
        ("affected", str(bad)),
        ("convert", str(bad), "--to", "cve"),
        ("lint", str(bad)),
    ):
        status, out, err = run(*command)
        assert (status, out) == (2, "")
        assert err == f"psrt-core: error: {bad}: $.id: expected a string (got 5)\n"
    status, _, err = run("affected", str(tmp_path / "missing.json"))
    assert (status, err) == (2, f"psrt-core: error: {tmp_path / 'missing.json'}: no such file\n")
    no_cve = tmp_path / "no-cve.json"
    no_cve.write_text('{"id": "PYSEC-1", "modified": "2024-01-01T00:00:00Z"}', encoding="utf-8")
    status, _, err = run("convert", str(no_cve), "--to", "cve")
    assert (status, err) == (
        2,
        f"psrt-core: error: {no_cve}: $.aliases: no CVE id among the id and aliases (got [])\n",
    )


def test_commit_map_scheme_follows_pip_catalog(tmp_path: Path) -> None:
    """With ``--catalog pip`` a commit map groups tags by major version."""
    commit_map = tmp_path / "map.txt"
    commit_map.write_text("a" * 40 + "\n  23.3\n", encoding="utf-8")
    status, _, err = run("affected", OSV_PIP, "--catalog", "pip", "--commit-map", str(commit_map))
    assert (status, err) == (0, "")
