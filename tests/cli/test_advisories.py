"""``psrt-core affected``, ``convert`` and ``lint``: outputs, the JSON contract, exit statuses."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
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
    """The JSON contract: one object per record, versions as given, reasons per unknown,
    whether the record is withdrawn and the platforms it is limited to ([]: all); exit 1
    because 3.12.3 is affected."""
    status, out, err = run(
        "affected", CVE, OSV_GIT, "--version", "3.12.3", "--version", "3.12.4",
        "--version", "3.12.0rc1", "--json",
    )  # fmt: skip
    assert (status, err) == (1, "")
    assert json.loads(out)["results"] == [
        {
            "id": "CVE-2099-0001",
            "product": "cpython",
            "withdrawn": False,
            "platforms": [],
            "affected": ["3.12.3"],
            "unaffected": ["3.12.4", "3.12.0rc1"],
            "unknown": [],
            "reasons": {},
        },
        {
            "id": "PSF-2099-1",
            "product": "cpython",
            "withdrawn": False,
            "platforms": [],
            "affected": [],
            "unaffected": [],
            "unknown": ["3.12.3", "3.12.4", "3.12.0rc1"],
            "reasons": {
                "GIT range on https://github.com/python/cpython cannot be evaluated on versions "
                "without a commit map": ["3.12.3", "3.12.4", "3.12.0rc1"]
            },
        },
    ]


def test_affected_over_the_bundled_catalog_with_commit_map() -> None:
    """Over the whole catalog, scheduled releases out; a commit map evaluates the GIT range."""
    status, out, _ = run("affected", OSV_GIT, "--commit-map", COMMITS, "--json")
    assert status == 1
    (result,) = json.loads(out)["results"]
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
    assert status == 1
    assert out == (
        "PYSEC-2099-7 (pip): 15 affected, 145 unaffected, 0 unknown of 160 versions\n"
        "  20: 20.0, 20.0.1, 20.0.2, 20.1b1, 20.1, 20.1.1, 20.2b1, 20.2, 20.2.1, 20.2.2, 20.2.3, "
        "20.2.4, 20.3b1, 20.3, 20.3.1 (first fixed: 20.3.2)\n"
    )


def test_affected_text_reports_unknowns_and_unfixed_branches() -> None:
    """Unknown versions are counted with their reason (exit 1: an unknown is a finding, never the
    0 of "nothing affected"); a branch with no fix says so."""
    status, out, _ = run("affected", OSV_GIT, "--version", "3.12.1", "--version", "3.13.0")
    assert status == 1
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
    assert status == 1
    assert json.loads(out)["results"][0] == {
        "id": "PYSEC-2099-9",
        "product": "example-pkg",
        "withdrawn": False,
        "platforms": [],
        "affected": ["1.0", "1.1"],
        "unaffected": ["1.2"],
        "unknown": [],
        "reasons": {},
    }
    status, out, _ = run("affected", str(record), "--version", "1.1", "--version", "2!1", "--json")
    assert json.loads(out)["results"][0]["affected"] == ["1.1"]


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
    assert json.loads(out)["results"] == [
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
    assert (status, err) == (1, "")


# -- issue 9: trustworthy answers ----------------------------------------------------------------


def _cve_6232(samples: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (samples / "cve" / "CVE-2024-6232.json").read_text(encoding="utf-8")
    )
    return document


def _write(path: Path, document: dict[str, Any]) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _windows_only(samples: Path, tmp_path: Path, platforms: list[str]) -> str:
    """CVE-2024-6232's ranges on a record limited to *platforms*, as CVE-2024-4030 is to
    Windows (CVE 5 › affected[].platforms)."""
    document = _cve_6232(samples)
    document["cveMetadata"]["cveId"] = "CVE-2024-4030"
    document["containers"]["cna"]["affected"][0]["platforms"] = platforms
    return _write(tmp_path / "CVE-2024-4030.json", document)


@pytest.mark.parametrize("version", ["3.12.O", "legacy", "3.12.0.final", ""])
def test_an_invalid_user_version_is_an_error(samples: Path, version: str) -> None:
    """Issue 9 (1): a --version that is not PEP 440 is bad input, one line and exit 2; it used
    to be listed as unaffected with exit 0."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    assert run("affected", record, "--version", version) == (
        2,
        "",
        f"psrt-core: error: --version {version!r} is not a PEP 440 version\n",
    )


@pytest.mark.parametrize(
    ("versions", "status"),
    [
        (["3.12.5"], 1),  # affected
        (["3.12.6", "3.13.0"], 0),  # nothing affected, nothing unknown
        (["3.12.6", "3.12.5"], 1),  # anything affected
    ],
)
def test_affected_exit_status(samples: Path, versions: list[str], status: int) -> None:
    """Exit status of ``affected``: 1 when anything given is affected, else 0."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    argv = ["affected", record]
    for version in versions:
        argv += ["--version", version]
    assert run(*argv)[0] == status


def test_unknown_is_never_exit_0() -> None:
    """range-semantics §8.9: a GIT-only record without a commit map decides nothing; exit 1
    (a finding) says so, never the 0 of "nothing affected"."""
    assert run("affected", OSV_GIT, "--version", "3.12.1")[0] == 1


def test_a_version_is_evaluated_only_against_its_products_records(samples: Path) -> None:
    """Issue 9 (7): a CPython version is not asked of a pip record, which says so."""
    cve = str(samples / "cve" / "CVE-2024-6232.json")
    status, out, err = run("affected", cve, OSV_PIP, "--version", "3.12.3")
    assert (status, err) == (1, "")
    assert out.splitlines() == [
        "CVE-2024-6232 (cpython): 1 affected, 0 unaffected, 0 unknown of 1 versions",
        "  3.12: 3.12.3 (no fixed release)",
        "PYSEC-2099-7 (pip): not about cpython (3.12.3)",
    ]
    status, out, _ = run("affected", cve, OSV_PIP, "--version", "3.12.3", "--version", "20.1")
    pip = json.loads(run("affected", cve, OSV_PIP, "--version", "3.12.3", "--version", "20.1",
                         "--json")[1])["results"][1]  # fmt: skip
    assert (pip["affected"], pip["not_about"]) == (["20.1"], {"cpython": ["3.12.3"]})
    assert out.splitlines()[1:3] == ["  3.12: 3.12.3 (no fixed release)", "  not about pip: 20.1"]


@pytest.mark.parametrize("command", ["affected", "convert"])
def test_another_products_catalog_is_an_error(samples: Path, command: str) -> None:
    """Issue 9 (7): CPython ranges are not read against pip's releases; the error names both."""
    record = str(samples / "cve" / "CVE-2024-6232.json")
    extra = ["--to", "osv"] if command == "convert" else []
    assert run(command, record, "--catalog", "pip", *extra) == (
        2,
        "",
        "psrt-core: error: CVE-2024-6232 is about cpython; --catalog pip is the pip catalog\n",
    )


@pytest.mark.parametrize(
    ("platforms", "platform", "status", "header"),
    [
        (["Windows"], None, 1, "1 affected (Windows only), 0 unaffected, 0 unknown of 1 versions"),
        (["Windows"], "windows", 1, "1 affected on windows, 0 unaffected, 0 unknown of 1 versions"),
        (["Windows"], "linux", 0, "not affected on linux (Windows only)"),
        (["POSIX"], "macos", 1, "1 affected on macos, 0 unaffected, 0 unknown of 1 versions"),
        (["POSIX"], "windows", 0, "not affected on windows (POSIX only)"),
        (["MacOS", "Linux"], "darwin", 1,
         "1 affected on darwin, 0 unaffected, 0 unknown of 1 versions"),
        (["MacOS", "Linux"], "Windows", 0, "not affected on Windows (MacOS, Linux only)"),
    ],
)  # fmt: skip
def test_platforms_label_or_exclude(
    samples: Path,
    tmp_path: Path,
    *,
    platforms: list[str],
    platform: str | None,
    status: int,
    header: str,
) -> None:
    """Issue 9 (5), range-semantics §2.2: CVE ``platforms`` (the PSF writes ``Windows``,
    ``POSIX``, ``MacOS``/``Linux``) limit the record; without --platform the answer is
    labelled, with it a record limited to other platforms does not affect that platform."""
    record = _windows_only(samples, tmp_path, platforms)
    argv = ["affected", record, "--version", "3.12.5"]
    if platform is not None:
        argv += ["--platform", platform]
    code, out, err = run(*argv)
    assert (code, err) == (status, "")
    assert out.splitlines()[0] == f"CVE-2024-4030 (cpython): {header}"


def test_platforms_in_json_and_per_entry(samples: Path, tmp_path: Path) -> None:
    """The JSON lists the record's platforms; a Linux user is told 3.12.5 is unaffected. With
    one Windows-only entry and one for every platform, --platform linux reads the second only."""
    record = _windows_only(samples, tmp_path, ["Windows"])
    (answer,) = json.loads(
        run("affected", record, "--version", "3.12.5", "--platform", "linux", "--json")[1]
    )["results"]
    assert answer == {
        "id": "CVE-2024-4030",
        "product": "cpython",
        "withdrawn": False,
        "platforms": ["Windows"],
        "affected": [],
        "unaffected": ["3.12.5"],
        "unknown": [],
        "reasons": {},
        "platform": "linux",
    }
    document = _cve_6232(samples)
    windows = document["containers"]["cna"]["affected"][0]
    everywhere = json.loads(json.dumps(windows))
    windows["platforms"] = ["Windows"]
    everywhere["versions"] = [
        {"version": "3.11.0", "lessThan": "3.11.10", "status": "affected", "versionType": "python"}
    ]
    document["containers"]["cna"]["affected"] = [windows, everywhere]
    mixed = _write(tmp_path / "mixed.json", document)
    argv = ["affected", mixed, "--version", "3.12.5", "--version", "3.11.9", "--json"]
    (linux,) = json.loads(run(*argv, "--platform", "linux")[1])["results"]
    (every,) = json.loads(run(*argv)[1])["results"]
    assert (linux["affected"], linux["unaffected"]) == (["3.11.9"], ["3.12.5"])
    assert (every["affected"], every["platforms"]) == (["3.12.5", "3.11.9"], [])


@pytest.mark.parametrize(
    ("change", "flag"),
    [
        ({"withdrawn": "2099-02-01T00:00:00Z"}, "withdrawn 2099-02-01T00:00:00Z"),
        ({"cveMetadata": "REJECTED"}, "REJECTED"),
    ],
)
def test_withdrawn_and_rejected_records_are_flagged(
    samples: Path, tmp_path: Path, change: dict[str, str], flag: str
) -> None:
    """Issue 9 (6), OSV schema › withdrawn, CVE 5 › cveMetadata.state: flagged in text and
    JSON, and not counted in the exit status unless --include-withdrawn."""
    if "withdrawn" in change:
        document = yaml.safe_load(Path(OSV_PIP).read_text(encoding="utf-8"))
        document["withdrawn"] = change["withdrawn"]
        version, head = "20.1", "PYSEC-2099-7 (pip)"
    else:
        document = _cve_6232(samples)
        document["cveMetadata"]["state"] = "REJECTED"
        version, head = "3.12.5", "CVE-2024-6232 (cpython)"
    record = _write(tmp_path / "withdrawn.json", document)
    status, out, _ = run("affected", record, "--version", version)
    assert status == 0
    assert out.splitlines()[0] == (
        f"{head} [{flag}]: 1 affected, 0 unaffected, 0 unknown of 1 versions"
    )
    assert run("affected", record, "--version", version, "--include-withdrawn")[0] == 1
    (answer,) = json.loads(run("affected", record, "--version", version, "--json")[1])["results"]
    assert answer["withdrawn"] is True


def test_a_mistyped_platform_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    """A typo (``linx``) must not turn every platform-limited record into "not affected":
    a usage error (exit 2) listing the known platforms."""
    status, out, _ = run("affected", OSV_GIT, "--platform", "linx")
    assert (status, out) == (2, "")
    assert (
        "unknown platform 'linx'; one of: aix, android, cygwin, freebsd" in capsys.readouterr().err
    )


def _edited(source: str, tmp_path: Path, edit: Any) -> str:
    """A copy of the JSON fixture *source* changed by *edit* (which changes the dict in place)."""
    document = json.loads(Path(source).read_text(encoding="utf-8"))
    edit(document)
    path = tmp_path / Path(source).name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_a_version_two_bundled_catalogs_could_claim_is_an_error() -> None:
    """Issue 9 (7): ``1.6.5`` is on CPython's branch 1.6 and on pip's branch 1; the user must
    say which product with --catalog rather than have psrt-core guess (exit 2)."""
    assert run("affected", CVE, OSV_PIP, "--version", "1.6.5") == (
        2,
        "",
        "psrt-core: error: --version 1.6.5 could be cpython or pip: pass --catalog to say which\n",
    )


def test_a_version_outside_the_catalogs_goes_to_the_product_of_its_branch() -> None:
    """``3.12.99`` is no release, but only CPython has its branch: it is a CPython question."""
    status, out, err = run("affected", CVE, OSV_PIP, "--version", "3.12.99")
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "CVE-2099-0001 (cpython): 0 affected, 1 unaffected, 0 unknown of 1 versions",
        "PYSEC-2099-7 (pip): not about cpython (3.12.99)",
    ]


def test_osv_entry_platforms_limit_the_record(tmp_path: Path) -> None:
    """range-semantics §2.2: an OSV entry's ``ecosystem_specific.platforms`` limits it as CVE
    ``platforms`` do: labelled without --platform, left out on another platform."""

    def windows_only(document: dict[str, Any]) -> None:
        document["affected"][0]["ecosystem_specific"] = {"platforms": ["Windows"]}

    record = _edited(OSV_GIT, tmp_path, windows_only)
    assert run("affected", record, "--version", "3.12.1", "--platform", "linux") == (
        0,
        "PSF-2099-1 (cpython): not affected on linux (Windows only)\n",
        "",
    )
    status, out, _ = run("affected", record, "--version", "3.12.1", "--platform", "windows")
    assert status == 1
    assert out.splitlines()[0] == (
        "PSF-2099-1 (cpython): 0 affected on windows, 0 unaffected, 1 unknown of 1 versions"
    )


def test_a_reason_shared_by_two_entries_lists_each_version_once(tmp_path: Path) -> None:
    """Two entries with the same GIT range give one reason; 3.12.1 is listed under it once."""

    def twice(document: dict[str, Any]) -> None:
        document["affected"] *= 2

    record = _edited(OSV_GIT, tmp_path, twice)
    status, out, _ = run("affected", record, "--version", "3.12.1", "--json")
    assert status == 1
    assert json.loads(out)["results"][0]["reasons"] == {
        "GIT range on https://github.com/python/cpython cannot be evaluated on versions "
        "without a commit map": ["3.12.1"]
    }


@pytest.mark.parametrize(
    ("upper", "shown"),
    [
        ("3.12.6", "2 release(s) are unknown in the record (3.12.4, 3.12.5)"),
        (
            "3.12.12",
            "8 release(s) are unknown in the record (3.12.4, 3.12.5, 3.12.6, 3.12.7, 3.12.8 "
            "and 3 more)",
        ),
    ],
)
def test_convert_to_osv_warns_about_unknown_releases(
    tmp_path: Path, upper: str, shown: str
) -> None:
    """OSV has no "unknown" (range-semantics §8): releases the CVE leaves unknown are left out of
    ``versions``, and the conversion says so on standard error (first five, then a count)."""

    def unknown_run(document: dict[str, Any]) -> None:
        versions = document["containers"]["cna"]["affected"][0]["versions"]
        versions.append(
            {"version": "3.12.4", "lessThan": upper, "status": "unknown", "versionType": "python"}
        )

    record = _edited(CVE, tmp_path, unknown_run)
    status, out, err = run("convert", record, "--to", "osv")
    assert status == 0
    assert "3.12.4" not in json.loads(out)["affected"][0]["versions"]
    assert err == (
        f"psrt-core: warning: CVE-2099-0001: {shown}; OSV cannot say unknown, so they are left "
        "out of versions\n"
    )
