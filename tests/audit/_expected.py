"""Expected audit answers computed by hand from the records' own JSON, without psrt-core.

Why a second implementation: the audit's answers must agree with what the records say, read
the simplest possible way (CVE JSON 5 › versions: the first entry that matches decides, else
``defaultStatus``; ``"0"`` is the bottom), not with the library's own evaluation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from packaging.version import Version


def cve_documents(folder: Path) -> dict[str, dict[str, Any]]:
    """The newest revision (by ``dateUpdated``) of each CVE id in *folder*."""
    newest: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        cve_id = document["cveMetadata"]["cveId"]
        kept = newest.get(cve_id)
        if kept is None or (
            document["cveMetadata"]["dateUpdated"] > kept["cveMetadata"]["dateUpdated"]
        ):
            newest[cve_id] = document
    return newest


def _entry_matches(entry: dict[str, Any], target: Version) -> bool:
    low = entry["version"]
    if "lessThan" not in entry and "lessThanOrEqual" not in entry:
        return Version(low) == target
    if low != "0" and target < Version(low):
        return False
    if "lessThan" in entry:
        return target < Version(entry["lessThan"])
    return target <= Version(entry["lessThanOrEqual"])


def cve_status(product: dict[str, Any], target: Version) -> str:
    """The CVE 5 version-status algorithm for one ``affected[]`` entry, by hand."""
    for entry in product.get("versions", []):
        if _entry_matches(entry, target):
            return str(entry["status"])
    return str(product.get("defaultStatus", "unknown"))


def cve_affected_ids(
    documents: dict[str, dict[str, Any]], product: str, target: Version, platform: str | None
) -> set[str]:
    """The CVE ids whose *product* entries mark *target* affected on *platform*."""
    found = set()
    for cve_id, document in documents.items():
        for entry in document["containers"]["cna"].get("affected", []):
            if entry.get("product", "").lower() != product:
                continue
            platforms = [name.lower() for name in entry.get("platforms", [])]
            if platforms and platform is not None and platform not in platforms:
                continue
            if cve_status(entry, target) == "affected":
                found.add(cve_id)
    return found


def fix_bounds(document: dict[str, Any], releases: Iterable[Version] = ()) -> list[Version]:
    """The first fixed release on each branch a CVE record's ranges end on.

    ``lessThan: B`` ends at B itself; ``lessThanOrEqual: B`` at the first final release after B
    among *releases* (CVE-2024-9287 is affected ``<= 3.13.0``, so 3.13.1 fixes it).
    """
    ordered = sorted(releases)
    bounds = []
    for entry in document["containers"]["cna"]["affected"][0]["versions"]:
        if "lessThan" in entry:
            bounds.append(Version(entry["lessThan"]))
        elif "lessThanOrEqual" in entry:
            last = Version(entry["lessThanOrEqual"])
            after = [v for v in ordered if v > last and not v.is_prerelease]
            if after and (after[0].major, after[0].minor) == (last.major, last.minor):
                bounds.append(after[0])
    return bounds


def branch(version: Version) -> tuple[int, int]:
    return version.major, version.minor


def git_fixed_affected(bounds: Iterable[Version], target: Version) -> bool:
    """OSV GIT semantics with a commit map naming each fix's first release per branch.

    A branch with a fix is affected below it; a branch no fix reaches is affected throughout,
    except branches newer than every fix (they contain the fix from the main line).
    """
    by_branch = {branch(bound): bound for bound in bounds}
    if branch(target) in by_branch:
        return target < by_branch[branch(target)]
    return branch(target) < max(by_branch)
