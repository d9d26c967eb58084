"""Real PSF CNA records: ranges built from the fixes a CVE names equal the CVE's own entries.

Issue 5, tests: "the per-branch ranges built from the fixes named in the sample CVE records
equal the CVE's own per-branch entries wherever those cover pre-releases". range-semantics
§2.5: for a branch already GA when the record was written, the PSF range starts at X.Y.0 and
the branch's pre-releases fall to defaultStatus; those are the only allowed differences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

import psrt_core
from psrt_core.ranges import ranges_from_fixes, to_cve_versions
from tests.ranges._fragments import cve_from_json, cve_json

CPYTHON = psrt_core.cpython_releases()
PIP = psrt_core.pip_releases()
PER_BRANCH = ["CVE-2023-6597.json", "CVE-2024-6232.json", "CVE-2023-5752.json"]


def product_of(samples: Path, name: str) -> dict[str, Any]:
    """The CNA's first affected product of a sample CVE record."""
    document = json.loads((samples / "cve" / name).read_text(encoding="utf-8"))
    product: dict[str, Any] = document["containers"]["cna"]["affected"][0]
    return product


def gap_prereleases(entries: list[dict[str, Any]], catalog: psrt_core.Catalog) -> set[Version]:
    """Pre-releases of branches whose entry starts at the final X.Y.0 (the PSF gap)."""
    gap: set[Version] = set()
    for entry in entries:
        start = entry["version"]
        if start == "0" or Version(start).is_prerelease:
            continue
        for release in catalog.releases_of(catalog.branch_of(start)):
            if release.version < Version(start):
                gap.add(release.version)
    return gap


@pytest.mark.parametrize("name", PER_BRANCH)
def test_ranges_from_named_fixes_equal_the_cves_entries(samples: Path, name: str) -> None:
    """Built from the CVE's lessThan fixes, our ranges select the same releases as the CVE,
    except exactly the pre-releases the CVE leaves to defaultStatus (range-semantics §2.5)."""
    product = product_of(samples, name)
    catalog = PIP if product.get("packageName") == "pip" else CPYTHON
    entries = product["versions"]
    fixes = [entry["lessThan"] for entry in entries]
    ours = ranges_from_fixes(catalog, fixes).affected
    theirs, unknown = cve_from_json(entries, default_status=product["defaultStatus"])
    assert unknown.is_empty
    released = [release.version for release in catalog.released()]
    differ = {v for v in released if (v in ours) != (v in theirs)}
    assert differ == {v for v in gap_prereleases(entries, catalog) if v in set(released)}
    assert all(v in ours and v not in theirs for v in differ)


def test_cve_2024_6232_differs_only_in_ga_branch_prereleases(samples: Path) -> None:
    """CVE-2024-6232 starts 3.9-3.12 at X.Y.0, so 3.9.0a1..3.12.0rc3 are the difference;
    3.13 (still in pre-release then) starts at 3.13.0a1 and agrees entirely."""
    entries = product_of(samples, "CVE-2024-6232.json")["versions"]
    ours = ranges_from_fixes(CPYTHON, [entry["lessThan"] for entry in entries])
    theirs, _ = cve_from_json(entries, default_status="unaffected")
    missing = CPYTHON.select(ours.affected - theirs)
    assert {release.branch for release in missing} == {"3.9", "3.10", "3.11", "3.12"}
    assert all(release.prerelease for release in missing)
    assert "3.12.0rc3" in {str(release) for release in missing}
    converted = cve_json(to_cve_versions(ours.affected, catalog=CPYTHON).value)
    assert converted[0] == entries[0]  # "0" -> 3.8.20, as the PSF CNA writes it
    assert converted[-1] == entries[-1]  # 3.13.0a1 -> 3.13.0rc2
    assert [entry["version"] for entry in converted[1:-1]] == [
        "3.9.0a1",
        "3.10.0a1",
        "3.11.0a1",
        "3.12.0a1",
    ]


def test_coarse_record_is_refined_by_the_per_branch_build(samples: Path) -> None:
    """CVE-2024-6232 as first published (coarse, 0 -> 3.13.0rc2) covers every release the
    per-branch build marks affected, and more (range-semantics §2.5: coarse, refined later)."""
    coarse = product_of(samples, "CVE-2024-6232.v2024-09-03.json")["versions"]
    refined = product_of(samples, "CVE-2024-6232.json")["versions"]
    wide, _ = cve_from_json(coarse, default_status="unaffected")
    ours = ranges_from_fixes(CPYTHON, [entry["lessThan"] for entry in refined]).affected
    assert ours <= wide
    assert "3.12.6" in wide
    assert "3.12.6" not in ours
