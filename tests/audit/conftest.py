"""Real samples for the audit tests, and a commit map built from the records themselves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from psrt_core.advisories import Advisory, CommitMap
from psrt_core.serialization import cpython_releases, load_advisory
from tests.audit._expected import branch, cve_documents, fix_bounds


def load_all(folder: Path) -> list[Advisory]:
    return [
        load_advisory(path)
        for path in sorted(folder.rglob("*"))
        if path.suffix in (".json", ".yaml")
    ]


def psf_fix_map(samples: Path) -> dict[str, list[str]]:
    """Each PSF record's ``fixed`` commits -> the fixes its CVE alias names (``lessThan``).

    The PSF records name commits, their CVE twins name the first fixed release per branch; a
    fix on the main line is also in every later branch, so the map adds each later branch's
    first release. Records without a CVE twin in the samples stay out of the map.
    """
    cves = cve_documents(samples / "cve")
    catalog = cpython_releases()
    mapping: dict[str, list[str]] = {}
    for path in sorted((samples / "osv-psf").glob("*.json")):
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        twins = [cves[alias] for alias in record.get("aliases", []) if alias in cves]
        if not twins:
            continue
        bounds = fix_bounds(twins[0])
        newest = max(branch(bound) for bound in bounds)
        later = [
            str(catalog.releases_of(item.name)[0].version)
            for item in catalog.branches
            if tuple(map(int, item.name.split("."))) > newest and catalog.releases_of(item.name)
        ]
        for event in record["affected"][0]["ranges"][0]["events"]:
            if "fixed" in event:
                mapping[event["fixed"]] = [str(bound) for bound in bounds] + later
    return mapping


@pytest.fixture
def commit_map_document(samples: Path) -> dict[str, list[str]]:
    return psf_fix_map(samples)


@pytest.fixture
def commit_map(commit_map_document: dict[str, list[str]]) -> CommitMap:
    return CommitMap.of(commit_map_document)
