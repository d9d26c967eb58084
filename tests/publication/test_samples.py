"""Issue 10, "Done when": ``convert``, ``enrich`` and ``diff`` work on every sample record.

Every PSF CVE's credits (with mapped types) and CWE ids reach the OSV record through
``convert --to osv`` and through ``enrich``; every PSF OSV record can be enriched from a GHSA
(only credits, CWE ids and a missing summary change) and diffed against itself and its CVE.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from psrt_core.advisories import CreditType
from psrt_core.cli import main

CREDIT = {"user": {"login": "sethmlarson"}, "type": "remediation_developer", "state": "accepted"}


def run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    assert err.getvalue() == "", err.getvalue()
    return code, out.getvalue()


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _cve_credits(document: dict[str, Any]) -> list[dict[str, str]]:
    """The OSV credits a CVE's credits map to (CVE JSON 5: no ``type`` means finder)."""
    return [
        {"name": c["value"], "type": CreditType.from_cve(c.get("type", "finder")).value}
        for c in document["containers"]["cna"].get("credits", [])
    ]


def _cve_cwe(document: dict[str, Any]) -> list[str]:
    problem_types = document["containers"]["cna"].get("problemTypes", [])
    return [d["cweId"] for p in problem_types for d in p["descriptions"] if "cweId" in d]


def _cves(samples: Path) -> list[Path]:
    return sorted((samples / "cve").glob("CVE-*.json"))


def _osvs(samples: Path) -> list[Path]:
    return sorted((samples / "osv-psf").glob("PSF-*.json"))


def test_convert_and_enrich_carry_every_cve_credit_and_cwe(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text('{"id": "PSF-0000-X", "modified": "2024-01-01T00:00:00Z"}', encoding="utf-8")
    seen = 0
    for path in _cves(samples):
        document = _read(path)
        credits, cwe = _cve_credits(document), _cve_cwe(document)
        code, out = run("convert", str(path), "--to", "osv")
        converted = json.loads(out)
        assert (code, converted.get("credits", [])) == (0, credits), path.name
        assert converted.get("database_specific", {}).get("cwe_ids", []) == cwe, path.name
        code, out = run("enrich", str(bare), "--from", str(path))
        enriched = json.loads(out)
        assert (code, enriched.get("credits", [])) == (0, credits), path.name
        assert enriched.get("database_specific", {}).get("cwe_ids", []) == cwe, path.name
        seen += bool(credits) + bool(cwe)
        capsys.readouterr()
    assert len(_cves(samples)) == 12
    assert seen >= 12  # the corpus has credits and CWE ids to carry, not just empty lists


def test_every_psf_osv_record_enriches_from_a_ghsa(
    samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in _osvs(samples):
        original = _read(path)
        ghsa = tmp_path / "ghsa.json"
        ghsa.write_text(
            json.dumps(
                {
                    "ghsa_id": "GHSA-aaaa-bbbb-cccc",
                    "state": "published",
                    "summary": "A summary",
                    "html_url": "https://github.com/python/cpython/security/advisories/GHSA-a",
                    "published_at": "2024-01-01T00:00:00Z",
                    "cwe_ids": ["CWE-20"],
                    "credits_detailed": [CREDIT],
                }
            ),
            encoding="utf-8",
        )
        code, out = run("enrich", str(path), "--from", str(ghsa), "--on", "2025-01-01")
        enriched = json.loads(out)
        assert code == 0, path.name
        assert {"name": "sethmlarson", "type": "REMEDIATION_DEVELOPER"} in enriched["credits"]
        assert enriched["database_specific"]["cwe_ids"][-1] == "CWE-20"
        changed = {key for key in {*enriched, *original} if enriched.get(key) != original.get(key)}
        assert changed <= {"credits", "database_specific", "summary"}, path.name
        assert capsys.readouterr().err.startswith("psrt-core: enrich: "), path.name


def test_every_sample_diffs_against_itself_and_its_counterpart(samples: Path) -> None:
    """A record never differs from itself; a PSF OSV record and its CVE differ only in what
    the importer dropped (credits, CWE ids) and in the releases, never with an error."""
    for path in [*_cves(samples), *_osvs(samples)]:
        code, out = run("diff", str(path), str(path))
        assert (code, out.splitlines()[-1]) == (0, "  no change in meaning"), path.name
    pairs = 0
    for path in _osvs(samples):
        for alias in _read(path).get("aliases", []):
            cve = samples / "cve" / f"{alias}.json"
            if cve.exists():
                code, out = run("diff", "--json", str(path), str(cve))
                document = json.loads(out)
                assert (code, document["old"], document["new"]) == (0, path.stem, alias)
                assert document["cwe_added"] == _cve_cwe(_read(cve))
                pairs += 1
    assert pairs == 3
