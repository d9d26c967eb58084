"""``cve_update`` and ``psrt-core range --against``: what a published CVE record must change
to match its fixes (issue 10 item 5, the "CVE updater")."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.advisories import Advisory, CveLayout
from psrt_core.cli import main
from psrt_core.exceptions import InvalidRecordError
from psrt_core.publication import BranchChange, Publication, branch_changes, cve_update
from psrt_core.ranges import ranges_from_fixes
from psrt_core.serialization import (
    advisory_from_dict,
    advisory_to_dict,
    cpython_releases,
    fragment_to_dict,
    ghsa_from_dict,
    load_advisory,
    pip_releases,
)

FIXES_6232 = ("3.8.20", "3.9.20", "3.10.15", "3.11.10", "3.12.6", "3.13.0rc2")
GHSA = {
    "ghsa_id": "GHSA-aaaa-bbbb-cccc",
    "cve_id": "CVE-2024-6232",
    "state": "published",
    "summary": "Regular-expression DoS when parsing TarFile headers",
    "html_url": "https://github.com/python/cpython/security/advisories/GHSA-aaaa-bbbb-cccc",
    "published_at": "2024-09-03T12:29:00Z",
}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _range_args(*fixes: str) -> list[str]:
    # --on pins the branch statuses and keeps the stale-catalog warning out of stderr.
    args = ["range", "--product", "cpython", "--on", "2026-08-22"]
    for fix in fixes:
        args += ["--fixed-in", fix]
    return args


def _prereleases(minor: str, count_alpha: int) -> list[str]:
    return [f"{minor}.0a{n}" for n in range(1, count_alpha + 1)]


def test_published_cve_2024_6232_misses_the_prereleases(samples: Path) -> None:
    """The published record starts each branch at X.Y.0 (CVE003), so its fixes imply the
    pre-releases of 3.9 to 3.12 too; it marks nothing wrongly affected."""
    catalog = cpython_releases()
    record = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    update = cve_update(record, ranges_from_fixes(catalog, FIXES_6232).affected, catalog)
    assert not update.matches
    assert [change.branch for change in update.branches] == ["3.9", "3.10", "3.11", "3.12"]
    assert all(change.lost == () for change in update.branches)
    by_branch = {change.branch: change.gained for change in update.branches}
    assert by_branch["3.12"] == (
        *_prereleases("3.12", 7),
        "3.12.0b1",
        "3.12.0b2",
        "3.12.0b3",
        "3.12.0b4",
        "3.12.0rc1",
        "3.12.0rc2",
        "3.12.0rc3",
    )
    assert update.unknown == ()
    assert [fragment_to_dict(entry) for entry in update.versions] == [
        {"version": "0", "status": "affected", "versionType": "python", "lessThan": "3.8.20"},
        *(
            {
                "version": f"{minor}.0a1",
                "status": "affected",
                "versionType": "python",
                "lessThan": fix,
            }
            for minor, fix in (
                ("3.9", "3.9.20"),
                ("3.10", "3.10.15"),
                ("3.11", "3.11.10"),
                ("3.12", "3.12.6"),
                ("3.13", "3.13.0rc2"),
            )
        ),
    ]


def test_first_revision_marks_the_fix_releases_and_later_wrongly(samples: Path) -> None:
    """CVE-2024-6232's first revision said ``lessThanOrEqual`` the fix: the fix releases
    and everything after them on 3.8 are wrongly affected."""
    catalog = cpython_releases()
    record = load_advisory(samples / "cve" / "CVE-2024-6232.v2024-09-03.json")
    update = cve_update(record, ranges_from_fixes(catalog, FIXES_6232).affected, catalog)
    first = update.branches[0]
    assert first == BranchChange("3.8", (), ("3.8.20",))
    assert all(change.lost[0] in FIXES_6232 for change in update.branches if change.lost)


def test_pip_record_already_matches(samples: Path) -> None:
    """CVE-2023-5752 (pip < 23.3) says exactly what its one fix implies."""
    catalog = pip_releases()
    record = load_advisory(samples / "cve" / "CVE-2023-5752.json")
    update = cve_update(record, ranges_from_fixes(catalog, ["23.3"]).affected, catalog)
    assert update.matches
    assert update.branches == ()


def test_another_products_record_is_bad_input(samples: Path) -> None:
    catalog = cpython_releases()
    record = load_advisory(samples / "cve" / "CVE-2023-5752.json")
    with pytest.raises(InvalidRecordError) as caught:
        cve_update(record, ranges_from_fixes(catalog, ["3.12.1"]).affected, catalog)
    assert str(caught.value) == (
        "CVE-2023-5752: $.containers.cna.affected: is about pip, not cpython"
    )


_BRANCH_FIXES = {"3.8": "3.8.20", "3.9": "3.9.20", "3.10": "3.10.15", "3.12": "3.12.6"}


@given(
    st.sets(st.sampled_from(sorted(_BRANCH_FIXES)), min_size=1),
    st.sampled_from(list(CveLayout)),
)
def test_a_record_built_from_the_fixes_matches_them(branches: set[str], layout: CveLayout) -> None:
    """Law: the record `Publication` builds from some fixes needs no change against those
    fixes, and the suggested entries (in any layout) are a record that matches too."""
    catalog = cpython_releases()
    fixes = tuple(_BRANCH_FIXES[branch] for branch in sorted(branches))
    publication = Publication(ghsa=ghsa_from_dict(GHSA), catalog=catalog, fixed_in=fixes)
    implied = ranges_from_fixes(catalog, fixes).affected
    built = Advisory(publication.cve())
    update = cve_update(built, implied, catalog, layout=layout)
    assert update.matches
    document = advisory_to_dict(built.record)
    document["containers"]["cna"]["affected"][0]["versions"] = [
        fragment_to_dict(entry) for entry in update.versions
    ]
    assert cve_update(advisory_from_dict(document), implied, catalog).matches


def test_branch_changes_is_per_branch_in_first_seen_order() -> None:
    """The one per-branch gained/lost computation (diff and update share it)."""
    catalog = cpython_releases()
    before = [catalog.release(v) for v in ("3.11.1", "3.12.0", "3.12.1")]
    after = [catalog.release(v) for v in ("3.12.1", "3.12.2", "3.13.0")]
    assert branch_changes(before, after) == (
        BranchChange("3.11", (), ("3.11.1",)),
        BranchChange("3.12", ("3.12.2",), ("3.12.0",)),
        BranchChange("3.13", ("3.13.0",), ()),
    )
    assert branch_changes(after, after) == ()


# -- command line ---------------------------------------------------------------------------


def test_range_against_text_exit_1(samples: Path) -> None:
    code, out, err = run(
        *_range_args(*FIXES_6232), "--against", str(samples / "cve" / "CVE-2024-6232.json")
    )
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "CVE-2024-6232 must change to match the fixes"
    assert lines[1].startswith("  3.9: missing 12: 3.9.0a1, 3.9.0a2, ")
    assert lines[5] == "versions it should have (defaultStatus: unaffected):"
    assert lines[6] == (
        '  {"version": "0", "status": "affected", "versionType": "python", "lessThan": "3.8.20"}'
    )
    assert len(lines) == 12


def test_range_against_json(samples: Path) -> None:
    code, out, _ = run(
        *_range_args(*FIXES_6232),
        "--against",
        str(samples / "cve" / "CVE-2024-6232.v2024-09-03.json"),
        "--json",
    )
    assert code == 1
    document = json.loads(out)
    assert (document["record"], document["product"], document["matches"]) == (
        "CVE-2024-6232",
        "cpython",
        False,
    )
    assert document["branches"][0] == {
        "branch": "3.8",
        "missing": [],
        "wrongly_affected": ["3.8.20"],
    }
    assert document["unknown"] == []
    assert len(document["versions"]) == 6


def test_range_against_a_matching_record_exits_0(samples: Path) -> None:
    path = str(samples / "cve" / "CVE-2023-5752.json")
    code, out, _ = run("range", "--product", "pip", "--fixed-in", "23.3", "--against", path)
    assert (code, out) == (0, "CVE-2023-5752 matches the fixes: nothing to change\n")
    code, out, _ = run(
        "range", "--product", "pip", "--fixed-in", "23.3", "--against", path, "--json"
    )
    assert code == 0
    assert json.loads(out)["matches"] is True


def test_range_against_bad_input_exits_2(samples: Path, tmp_path: Path) -> None:
    osv = str(samples / "osv-psf" / "PSF-2024-1.json")
    code, out, err = run(*_range_args("3.12.1"), "--against", osv)
    assert (code, out) == (2, "")
    assert err == f"psrt-core: error: {osv}: --against needs a CVE JSON 5 record\n"
    pip = str(samples / "cve" / "CVE-2023-5752.json")
    code, _, err = run(*_range_args("3.12.1"), "--against", pip)
    assert code == 2
    assert err == (
        "psrt-core: error: CVE-2023-5752: $.containers.cna.affected: is about pip, not cpython\n"
    )
    missing = str(tmp_path / "none.json")
    code, _, err = run(*_range_args("3.12.1"), "--against", missing)
    assert code == 2
    assert missing in err


def test_range_against_lists_the_releases_the_record_leaves_unknown(
    samples: Path, tmp_path: Path
) -> None:
    """CVE JSON 5 › status ``unknown``: a record that leaves releases unknown must change too;
    the report lists them (here 3.14.0a1 and 3.14.0a2)."""
    document = json.loads((samples / "cve" / "CVE-2024-6232.json").read_text(encoding="utf-8"))
    document["containers"]["cna"]["affected"][0]["versions"].append(
        {
            "version": "3.14.0a1",
            "lessThan": "3.14.0a3",
            "status": "unknown",
            "versionType": "python",
        }
    )
    record = tmp_path / "CVE-2024-6232.json"
    record.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = run(*_range_args(*FIXES_6232), "--against", str(record))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "CVE-2024-6232 must change to match the fixes"
    assert "  left unknown 2: 3.14.0a1, 3.14.0a2" in lines
    assert (
        lines.index("  left unknown 2: 3.14.0a1, 3.14.0a2")
        == lines.index("versions it should have (defaultStatus: unaffected):") - 1
    )
