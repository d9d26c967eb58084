"""``psrt-core audit``: exit statuses, the four formats, file discovery, --output.

Exit statuses follow pip-audit: 1 when anything affects the target, 0 when nothing does,
2 on bad input (issue 11 item 1).
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from psrt_core import __version__
from psrt_core.advisories import normalize_platform
from psrt_core.cli import main
from psrt_core.serialization import cpython_releases

SARIF_LEVELS = {"none", "note", "warning", "error"}


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = main(["audit", *argv], stdout=out, stderr=io.StringIO())
    return status, out.getvalue()


def audit_json(*argv: str) -> tuple[int, dict[str, Any]]:
    status, out = run("--format", "json", *argv)
    return status, json.loads(out)


def test_exit_1_when_something_affects_the_target(samples: Path) -> None:
    status, document = audit_json("--python", "3.12.3", "--pip", "none", str(samples / "cve"))
    assert status == 1
    assert document["affected"] is True


def test_exit_0_when_nothing_does(samples: Path) -> None:
    """3.14.0 is past every fix the CVE samples name (the newest bound is ``< 3.14.0``)."""
    status, document = audit_json("--python", "3.14.0", "--pip", "none", str(samples / "cve"))
    assert status == 0
    assert document["targets"][0]["affected"] == []


def test_unknown_alone_exits_0(samples: Path) -> None:
    """GIT-only PSF records without a commit map are unknown, which is not "affected"."""
    status, document = audit_json("--python", "3.12.3", "--pip", "none", str(samples / "osv-psf"))
    assert status == 0
    assert len(document["targets"][0]["unknown"]) == 30


@pytest.mark.parametrize(
    "argv",
    [
        ["--python", "three.twelve", "x"],
        ["--pip", "not-a-version", "--python", "3.12.3", "{cve}"],
        ["--python", "3.12.3", "{missing}"],
        ["--python", "3.12.3", "--format", "xml", "{cve}"],
        ["--python", "3.12.3", "{bad}"],
    ],
)
def test_exit_2_on_bad_input(
    samples: Path, tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"id": "PSF-1", "modified": 3}', encoding="utf-8")
    values = {"cve": str(samples / "cve"), "missing": str(tmp_path / "nope"), "bad": str(bad)}
    status, out = run(*(item.format(**values) for item in argv))
    assert (status, out) == (2, "")


def test_broken_record_in_a_directory_is_bad_input(samples: Path, tmp_path: Path) -> None:
    """A record-shaped file that does not validate is an error naming it, not skipped."""
    (tmp_path / "PSF-2099-1.json").write_text(
        '{"id": "PSF-2099-1", "modified": "x", "affected": [{"ranges": [{"type": "GIT", '
        '"repo": "https://github.com/python/cpython", "events": [{"introduced": "0"}]}]}]}',
        encoding="utf-8",
    )
    err = io.StringIO()
    status = main(["audit", "--python", "3.12.3", str(tmp_path)], stdout=io.StringIO(), stderr=err)
    assert status == 2
    assert "PSF-2099-1.json" in err.getvalue()


def test_json_contract(samples: Path) -> None:
    """``psrt-core/audit-1``: the documented keys, the merged pip finding, the upgrade."""
    status, document = audit_json(
        "--python", "3.12.3", "--pip", "23.2.1", "--platform", "Linux",
        str(samples / "cve"), str(samples / "osv-pypa"),
    )  # fmt: skip
    assert status == 1
    assert list(document) == ["format", "tool", "advisories", "affected", "targets"]
    assert document["format"] == "psrt-core/audit-1"
    assert document["tool"] == {"name": "psrt-core", "version": __version__}
    assert document["advisories"] == {
        "records": 12 + 3,  # the other packages' pypa records are never parsed
        "newest_modified": "2025-07-24T15:57:58.221Z",
        "other_products": 12,
        "skipped_files": 0,
    }
    python, pip = document["targets"]
    assert list(python) == [
        "product", "version", "branch", "platform", "in_catalog", "past_catalog",
        "affected", "unknown", "upgrade", "findings",
    ]  # fmt: skip
    assert (python["product"], python["version"], python["branch"]) == ("cpython", "3.12.3", "3.12")
    assert (python["platform"], python["in_catalog"], python["past_catalog"]) == (
        "linux",
        True,
        False,
    )
    assert pip["affected"] == ["PYSEC-2023-228"]
    assert pip["upgrade"] == {"version": "23.3", "same_branch": True, "note": "upgrade to 23.3"}
    [finding] = [f for f in pip["findings"] if f["id"] == "PYSEC-2023-228"]
    assert finding == {
        "id": "PYSEC-2023-228",
        "aliases": ["CVE-2023-5752"],
        "related": [],
        "summary": None,
        "modified": "2023-11-03T16:28:41.53834Z",
        "status": "affected",
        "why": "23.2.1 is in the affected versions",
        "fixed_in": "23.3",
        "platforms": [],
    }
    [windows] = [f for f in python["findings"] if f["id"] == "CVE-2024-3219"]
    assert (windows["status"], windows["platforms"]) == ("not-affected", ["windows"])


def test_defaults_are_the_running_interpreter_pip_and_platform(samples: Path) -> None:
    """No --python, --pip or --platform: this interpreter, its pip and ``sys.platform``."""
    _, document = audit_json(str(samples / "cve"))
    python = document["targets"][0]
    assert python["version"] == platform.python_version().rstrip("+")
    assert python["platform"] == normalize_platform(sys.platform)
    try:
        installed = importlib.metadata.version("pip")
    except importlib.metadata.PackageNotFoundError:
        assert len(document["targets"]) == 1
    else:
        assert document["targets"][1]["version"] == installed


def test_commit_map_decides_psf_records(
    samples: Path, tmp_path: Path, commit_map_document: dict[str, list[str]]
) -> None:
    """--commit-map places the GIT ranges: PSF-2024-11's fix on 3.12 is 3.12.6."""
    mapping = tmp_path / "commits.json"
    mapping.write_text(json.dumps(commit_map_document), encoding="utf-8")
    status, document = audit_json(
        "--python", "3.12.3", "--pip", "none", "--commit-map", str(mapping),
        str(samples / "osv-psf"),
    )  # fmt: skip
    assert status == 1
    python = document["targets"][0]
    assert python["affected"] == ["PSF-2023-4", "PSF-2024-11"]
    [finding] = [f for f in python["findings"] if f["id"] == "PSF-2024-11"]
    assert finding["fixed_in"] == "3.12.6"


def test_sarif_has_the_required_fields(samples: Path) -> None:
    """SARIF 2.1.0 § 3.13 (sarifLog: version, runs), § 3.14 (run: tool), § 3.18 (tool:
    driver), § 3.19 (toolComponent: name), § 3.49 (reportingDescriptor: id), § 3.27 (result:
    message), § 3.11 (message: text or id); ruleIndex points at the rule with the ruleId."""
    status, out = run(
        "--python", "3.12.3", "--pip", "23.2.1", "--format", "sarif",
        str(samples / "cve"), str(samples / "osv-pypa" / "pip"),
    )  # fmt: skip
    assert status == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert isinstance(log["$schema"], str)
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert isinstance(log["runs"], list)
    assert len(log["runs"]) == 1
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "psrt-core"
    assert driver["version"] == __version__
    assert driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert all(isinstance(rule_id, str) and rule_id for rule_id in rule_ids)
    assert len(set(rule_ids)) == len(rule_ids)
    assert run_["results"]
    for result in run_["results"]:
        assert isinstance(result["message"]["text"], str)
        assert result["message"]["text"]
        assert result["level"] in SARIF_LEVELS
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        [location] = result["locations"]
        [logical] = location["logicalLocations"]
        assert logical["fullyQualifiedName"] in ("cpython@3.12.3", "pip@23.2.1")
    levels = {result["ruleId"]: result["level"] for result in run_["results"]}
    assert levels["PYSEC-2023-228"] == "error"
    assert levels["CVE-2024-6232"] == "error"
    assert "CVE-2024-3219" not in levels or sys.platform == "win32"
    [pip_result] = [r for r in run_["results"] if r["ruleId"] == "PYSEC-2023-228"]
    assert pip_result["message"]["text"] == (
        f"pip 23.2.1 on {normalize_platform(sys.platform)} is affected by PYSEC-2023-228. "
        "First fixed release on 23: 23.3."
    )


def test_markdown_is_a_table(samples: Path) -> None:
    status, out = run(
        "--python", "3.9.0", "--pip", "none", "--platform", "linux", "--format", "markdown",
        str(samples / "cve"),
    )  # fmt: skip
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "# psrt-core audit"
    assert "## CPython 3.9.0 on linux" in lines
    assert "| id | aliases | status | fixed in | why |" in lines
    assert "| CVE-2024-6232 | - | affected | 3.9.20 | 3.9.0 is in the affected versions |" in lines
    assert lines[-1] == "Upgrade: no 3.9 release fixes them all; the lowest newer release " + (
        "that does is 3.14.0."
    )


def test_table_output(samples: Path) -> None:
    status, out = run(
        "--python", "3.12.3", "--pip", "none", "--platform", "linux", str(samples / "cve")
    )
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        "Advisories: 12 records read, newest modified 2025-07-24T15:57:58.221Z; "
        "0 about other products, 0 other files skipped"
    )
    assert lines[2] == "CPython 3.12.3 on linux: 7 affected, 0 unknown, 3 not affected"
    assert lines[3].split() == ["id", "aliases", "status", "fixed", "in", "why"]
    assert any(line.split()[:3] == ["CVE-2024-6232", "affected", "3.12.6"] for line in lines)


def test_layouts_and_skipped_files(samples: Path, tmp_path: Path) -> None:
    """A cvelistV5 tree, a pypa clone with README and .github, counted not parsed."""
    cves = tmp_path / "cvelistV5" / "cves" / "2024" / "0xxx"
    cves.mkdir(parents=True)
    shutil.copy(samples / "cve" / "CVE-2024-0397.json", cves)
    (tmp_path / "cvelistV5" / "cves" / "deltaLog.json").write_text("[]", encoding="utf-8")
    (tmp_path / "cvelistV5" / "README.md").write_text("# cves\n", encoding="utf-8")
    pypa = tmp_path / "advisory-database"
    shutil.copytree(samples / "osv-pypa", pypa / "vulns")
    (pypa / ".github" / "workflows").mkdir(parents=True)
    (pypa / ".github" / "workflows" / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    (pypa / "mkdocs.yml").write_text("site_name: pip docs\n", encoding="utf-8")
    _, document = audit_json("--python", "3.12.2", "--pip", "20.0", str(tmp_path))
    assert document["advisories"]["records"] == 1 + 3
    assert document["advisories"]["skipped_files"] == 3  # deltaLog, README, mkdocs.yml
    assert document["advisories"]["other_products"] == 12
    assert document["targets"][0]["affected"] == ["CVE-2024-0397"]
    assert document["targets"][1]["affected"] == ["PYSEC-2021-437", "PYSEC-2023-228"]


def test_past_the_catalog_warns_once_on_stderr(
    samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    newest = cpython_releases().versions()[-1]
    status, _ = run("--python", "3.99.0", "--pip", "none", str(samples / "cve"))
    assert status == 0
    assert capsys.readouterr().err == (
        f"psrt-core: warning: CPython 3.99.0 is newer than the bundled catalog's newest "
        f"release ({newest}); releases after it are not known\n"
    )


def test_output_file_is_written_atomically(samples: Path, tmp_path: Path) -> None:
    """--output replaces the file whole (temporary file and rename), leaving no temporary."""
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")
    status, out = run(
        "--python", "3.12.3", "--pip", "none", "--format", "sarif", "--output", str(target),
        str(samples / "cve"),
    )  # fmt: skip
    assert (status, out) == (1, "")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert [path.name for path in tmp_path.iterdir()] == ["report.sarif"]


def test_output_into_a_missing_folder_is_bad_input(samples: Path, tmp_path: Path) -> None:
    status, _ = run(
        "--python", "3.12.3", "--output", str(tmp_path / "no" / "report.json"),
        str(samples / "cve"),
    )  # fmt: skip
    assert status == 2
    assert list(tmp_path.iterdir()) == []


def test_markdown_without_findings_has_no_table(samples: Path) -> None:
    """Nothing found: the target's heading and counts, no empty table (issue 11 item 2)."""
    status, out = run(
        "--python", "3.14.0", "--pip", "none", "--platform", "linux", "--format", "markdown",
        str(samples / "cve"),
    )  # fmt: skip
    assert status == 0
    assert out.splitlines()[4:] == [
        "## CPython 3.14.0 on linux",
        "",
        "0 affected, 0 unknown, 10 not affected.",
        "",
        "Upgrade: nothing to upgrade for.",
    ]


def test_sarif_says_why_an_unknown_is_unknown(samples: Path) -> None:
    """An unknown verdict is a SARIF warning whose message gives the reason and the summary."""
    status, out = run(
        "--python", "3.12.3", "--pip", "none", "--platform", "linux", "--format", "sarif",
        str(samples / "osv-psf"),
    )  # fmt: skip
    assert status == 0
    results = json.loads(out)["runs"][0]["results"]
    [first] = [r for r in results if r["ruleId"] == "PSF-2008-2"]
    assert first["level"] == "warning"
    assert first["message"]["text"] == (
        "Whether CPython 3.12.3 on linux is affected by PSF-2008-2 is unknown: GIT range on "
        "https://github.com/python/cpython cannot be evaluated on versions without a commit map "
        "(Multiple integer overflows (Apple))."
    )


@pytest.mark.parametrize("installed", [None, "not a version"])
def test_without_a_readable_installed_pip_only_python_is_audited(
    samples: Path, monkeypatch: pytest.MonkeyPatch, installed: str | None
) -> None:
    """The default ``--pip`` is the installed pip; none installed (or an unreadable version)
    means no pip target rather than an error."""
    real = importlib.metadata.version

    def version(name: str) -> str:
        if name != "pip":
            return real(name)
        if installed is None:
            raise importlib.metadata.PackageNotFoundError(name)
        return installed

    monkeypatch.setattr(importlib.metadata, "version", version)
    status, document = audit_json("--python", "3.14.0", str(samples / "cve"))
    assert status == 0
    assert [target["product"] for target in document["targets"]] == ["cpython"]
