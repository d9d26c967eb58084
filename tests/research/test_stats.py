"""Research views: aliases merged, withdrawn left out, counts per year and CWE, days to fix
(issue 11 › Research views; OSV schema › aliases, upstream, related, withdrawn)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from psrt_core.advisories import Advisory, alias_ids, group_aliases
from psrt_core.cli import main
from psrt_core.cli._audit import collect_advisories
from psrt_core.cli._common import collect_records
from psrt_core.ranges import (
    branch_stats,
    count_by_cwe,
    count_by_year,
    exposures_of,
    nearest_rank,
    vulnerabilities,
)
from psrt_core.serialization import advisory_from_dict, load_advisory, pip_releases


def osv(
    id_: str,
    modified: str = "2024-01-01T00:00:00Z",
    *,
    published: str | None = None,
    withdrawn: str | None = None,
    **extra: Any,
) -> Advisory:
    data: dict[str, Any] = {"id": id_, "modified": modified, **extra}
    if published:
        data["published"] = published
    if withdrawn:
        data["withdrawn"] = withdrawn
    return advisory_from_dict(data)


def ids(groups: tuple[tuple[Advisory, ...], ...]) -> list[list[str]]:
    return [[advisory.id for advisory in group] for group in groups]


def test_aliases_merge_transitively_newest_first() -> None:
    """CVE ↔ PSF ↔ PYSEC ↔ GHSA: one vulnerability, the newest modified copy first."""
    items = [
        osv("PSF-2024-1", "2024-01-02T00:00:00Z", aliases=["CVE-2024-1"]),
        osv("PYSEC-2024-9", "2024-03-01T00:00:00Z", aliases=["CVE-2024-1", "GHSA-aaaa-bbbb-cccc"]),
        osv("GHSA-aaaa-bbbb-cccc", "2024-02-01T00:00:00Z"),
        osv("PSF-2024-2"),
    ]
    assert ids(group_aliases(items)) == [
        ["PYSEC-2024-9", "GHSA-aaaa-bbbb-cccc", "PSF-2024-1"],
        ["PSF-2024-2"],
    ]


def test_upstream_merges_related_only_on_request() -> None:
    """OSV › related names different vulnerabilities: not merged unless asked."""
    items = [
        osv("DEBIAN-1", upstream=["CVE-2024-1"]),
        osv("CVE-2024-1"),
        osv("PSF-2024-3", related=["CVE-2024-1"]),
    ]
    assert ids(group_aliases(items)) == [["DEBIAN-1", "CVE-2024-1"], ["PSF-2024-3"]]
    assert ids(group_aliases(items, follow_related=True)) == [
        ["PSF-2024-3", "DEBIAN-1", "CVE-2024-1"]  # equally modified: the greater id speaks
    ]
    assert alias_ids(items[2]) == ("PSF-2024-3",)
    assert alias_ids(items[2], follow_related=True) == ("PSF-2024-3", "CVE-2024-1")


def test_equal_modified_the_greater_id_speaks_whatever_the_order() -> None:
    """Of copies modified at the same instant the greater id speaks, so the order the records
    were given in never changes the answer; a later ``modified`` always speaks first."""
    a = advisory_from_dict({"id": "X-A", "modified": "2024-01-01T00:00:00Z", "aliases": ["X-B"]})
    items = [osv("X-B", "2024-01-01T00:00:00Z"), a, osv("X-C", aliases=["X-A"])]
    assert ids(group_aliases(items)) == [["X-C", "X-B", "X-A"]]
    assert ids(group_aliases(reversed(items))) == [["X-C", "X-B", "X-A"]]
    newer = osv("X-A", "2024-02-01T00:00:00Z", aliases=["X-B"])
    assert ids(group_aliases([*items, newer])) == [["X-A", "X-C", "X-B", "X-A"]]


def test_withdrawn_newest_copy_drops_the_id_and_twin_counts_once() -> None:
    """OSV › withdrawn: the newest copy decides; a live alias of a withdrawn duplicate stays."""
    items = [
        osv("PYSEC-1", "2024-01-01T00:00:00Z", published="2023-05-01T00:00:00Z"),
        osv(
            "PYSEC-1", "2024-02-01T00:00:00Z", withdrawn="2024-02-01T00:00:00Z", aliases=["GHSA-1"]
        ),
        osv("GHSA-1", published="2023-06-01T00:00:00Z"),
        osv("PSF-9", withdrawn="2024-01-01T00:00:00Z"),
    ]
    found = vulnerabilities(items)
    assert [item.ids for item in found] == [("GHSA-1",)]


def test_count_by_year_uses_the_earliest_publication() -> None:
    """A vulnerability counts in the year its first record was published (UTC)."""
    items = vulnerabilities(
        [
            osv(
                "PYSEC-1",
                "2024-02-01T00:00:00Z",
                published="2024-01-01T01:00:00+02:00",
                aliases=["CVE-1"],
            ),
            osv("CVE-1", published="2023-12-31T23:30:00Z"),
            osv("PSF-2", published="2024-06-01T00:00:00Z"),
            osv("PSF-3"),
        ]
    )
    assert [(c.key, c.count, c.ids) for c in count_by_year(items)] == [
        ("2023", 1, ("PYSEC-1",)),
        ("2024", 1, ("PSF-2",)),
        ("unknown", 1, ("PSF-3",)),
    ]


def test_count_by_cwe_most_frequent_first() -> None:
    items = vulnerabilities(
        [
            osv("X-A", database_specific={"cwe_ids": ["CWE-22", "CWE-79"]}),
            osv("X-B", database_specific={"cwe_ids": ["CWE-79"]}),
            osv("X-C"),
        ]
    )
    assert [(c.key, c.count) for c in count_by_cwe(items)] == [
        ("CWE-79", 2),
        ("CWE-22", 1),
        ("unknown", 1),
    ]


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], 0.9, None),
        ([5], 0.9, 5),
        (list(range(1, 11)), 0.9, 9),
        (list(range(1, 12)), 0.9, 10),
        ([3, 1, 2], 0.5, 2),
    ],
)
def test_nearest_rank(values: list[int], fraction: float, expected: int | None) -> None:
    """Nearest-rank percentile: ceil(p·n)-th smallest, an observed value."""
    assert nearest_rank(values, fraction) == expected


# -- real data -------------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    assert isinstance(document, dict)
    return document


def _expected_per_year(samples: Path) -> dict[str, int]:
    """Computed from the files alone: ids joined through aliases, withdrawn left out, each
    group in the year of its earliest published date."""
    records = [
        _read(path) for path in sorted(samples.rglob("*")) if path.suffix in (".json", ".yaml")
    ]
    newest: dict[str, dict[str, Any]] = {}
    for doc in records:
        key = doc.get("id") or doc["cveMetadata"]["cveId"]
        stamp = str(doc.get("modified") or doc.get("cveMetadata", {}).get("dateUpdated") or "")
        if key not in newest or stamp >= str(
            newest[key].get("modified")
            or newest[key].get("cveMetadata", {}).get("dateUpdated")
            or ""
        ):
            newest[key] = doc
    live = {key: doc for key, doc in newest.items() if not doc.get("withdrawn")}
    groups: list[set[str]] = []
    for key, doc in live.items():
        linked = {key, *(doc.get("aliases") or ())}
        touching = [group for group in groups if group & linked]
        for group in touching:
            groups.remove(group)
            linked |= group
        groups.append(linked)
    per_year: dict[str, int] = {}
    for group in groups:
        dates = []
        for key in group & live.keys():
            doc = live[key]
            published = doc.get("published") or doc.get("cveMetadata", {}).get("datePublished")
            if published:
                dates.append(str(published)[:4])
        if group & live.keys():
            year = min(dates) if dates else "unknown"
            per_year[year] = per_year.get(year, 0) + 1
    return per_year


def test_per_year_over_the_samples_matches_an_independent_count(samples: Path) -> None:
    """Issue 11: a per-year count over the shared samples, duplicates counted once."""
    expected = _expected_per_year(samples)
    out = io.StringIO()
    assert main(["stats", str(samples), "--format", "json", "--on", "2026-01-01"], stdout=out) == 0
    document = json.loads(out.getvalue())
    assert {row["year"]: row["advisories"] for row in document["rows"]} == expected
    assert document["vulnerabilities"] == sum(expected.values())
    flat = [advisory_id for row in document["rows"] for advisory_id in row["ids"]]
    assert "PYSEC-2023-228" in flat
    assert "CVE-2023-5752" not in flat


def test_pysec_cve_pair_is_one_vulnerability(samples: Path) -> None:
    """PYSEC-2023-228 aliases CVE-2023-5752: merged, the newer-modified PYSEC speaks."""
    pair = [
        load_advisory(samples / "cve" / "CVE-2023-5752.json"),
        load_advisory(samples / "osv-pypa" / "pip" / "PYSEC-2023-228.yaml"),
    ]
    (item,) = vulnerabilities(pair)
    assert item.id == "PYSEC-2023-228"
    assert item.ids == ("CVE-2023-5752", "PYSEC-2023-228")
    assert item.published == datetime.datetime(
        2023, 10, 24, 20, 56, 5, 469000, datetime.timezone.utc
    )


def _stats(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["stats", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_stats_by_branch_pip_over_real_records(samples: Path) -> None:
    """Per branch: pip is one line of releases; its three sample vulnerabilities are fixed."""
    code, out, _ = _stats(
        str(samples), "--by", "branch", "--product", "pip", "--format", "csv", "--on", "2026-01-01"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "product,branch,status,advisories,fixed,open,median_days,p90_days"
    assert lines[1].startswith("pip,pip,,3,3,0,")  # pip's branch has no status: an empty cell
    assert len(lines) == 2


def test_stats_by_branch_cpython_markdown(samples: Path) -> None:
    code, out, _ = _stats(
        str(samples / "cve"),
        "--by",
        "branch",
        "--format",
        "markdown",
        "--on",
        "2026-01-01",
        "--product",
        "cpython",
    )
    assert code == 0
    lines = out.splitlines()
    assert (
        lines[0]
        == "| product | branch | status | advisories | fixed | open | median_days | p90_days |"
    )
    assert lines[1] == "|---|---|---|---|---|---|---|---|"
    assert lines[2].startswith("| cpython | 3.14 | bugfix | ")


def test_stats_table_skips_non_records_in_folders(shared_data: Path) -> None:
    """A folder walk skips catalogs and schemas and says how many it skipped.

    11, not 7: since the one walker (review E) the files with other suffixes (a TOML
    catalog, three roster CSVs) are counted as skipped too, as ``audit`` counts them.
    """
    code, out, _ = _stats(str(shared_data), "--by", "cwe", "--product", "pip")
    assert code == 0
    assert "3 vulnerabilities from 57 records (aliases merged, withdrawn left out)" in out
    assert "skipped 11 files that are not advisory records" in out


def test_stats_named_non_record_is_an_error(shared_data: Path) -> None:
    code, _, err = _stats(str(shared_data / "pip" / "pip-releases.json"))
    assert code == 2
    assert err.startswith("psrt-core: error: ")


def test_stats_missing_path_and_empty_folder(tmp_path: Path) -> None:
    code, _, err = _stats(str(tmp_path / "absent"))
    assert (code, err) == (
        2,
        f"psrt-core: error: {tmp_path / 'absent'}: no such file or directory\n",
    )
    code, _, err = _stats(str(tmp_path))
    assert (code, err) == (2, f"psrt-core: error: no advisory records found in {tmp_path}\n")


def test_malformed_record_in_a_folder_is_an_error(tmp_path: Path) -> None:
    """Looks like a record (id and modified) but its timestamp is bad: exit 2 with the path."""
    (tmp_path / "bad.json").write_text('{"id": "PSF-1", "modified": "never"}', encoding="utf-8")
    code, _, err = _stats(str(tmp_path))
    assert code == 2
    assert "$.modified" in err
    assert "'never'" in err


def _osv_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_stats_and_audit_walk_folders_by_one_rule(samples: Path, tmp_path: Path) -> None:
    """Review E: one walker (`cli._common.collect_records`): suffixes in any case, hidden
    directories not entered, other files skipped and counted, the same for both commands."""
    record = samples / "cve" / "CVE-2023-5752.json"
    (tmp_path / "UPPER.JSON").write_text(_osv_text(record), encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "hidden.json").write_text("not json", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "catalog.json").write_text('{"releases": []}', encoding="utf-8")
    found = collect_records([str(tmp_path)])
    assert [path for path, _ in found.records] == [str(tmp_path / "UPPER.JSON")]
    assert found.skipped == (str(tmp_path / "catalog.json"), str(tmp_path / "notes.txt"))
    collected = collect_advisories([str(tmp_path)])
    assert (len(collected.advisories), collected.skipped, collected.other_products) == (1, 2, 0)


def test_stats_unparseable_record_file_is_bad_input(tmp_path: Path) -> None:
    """Review E: a ``.json`` file in a folder that does not parse was silently skipped by
    stats; now it is bad input (exit 2) naming the file, as ``audit`` always said."""
    (tmp_path / "broken.json").write_text('{"id": "PSF-1", "modified":', encoding="utf-8")
    code, out, err = _stats(str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"psrt-core: error: {tmp_path / 'broken.json'}")
    assert err.count("\n") == 1


def _pip(id_: str, modified: str, introduced: str, fixed: str, **extra: Any) -> Advisory:
    entry = {
        "package": {"ecosystem": "PyPI", "name": "pip"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": introduced}, {"fixed": fixed}]}],
    }
    return osv(id_, modified, affected=[entry], **extra)


def test_exposures_come_from_the_newest_copy_that_marks_a_release() -> None:
    """A copy that marks no catalog release gives way to the next copy of the vulnerability;
    when no copy marks one, the vulnerability has no exposure."""
    catalog = pip_releases()
    newest = _pip("PSF-2099-1", "2099-02-01T00:00:00Z", "99.0", "99.1", aliases=["CVE-2099-1"])
    older = _pip("CVE-2099-1", "2099-01-01T00:00:00Z", "0", "23.3")
    (item,) = vulnerabilities([newest, older])
    assert [record.id for record in item.records] == ["PSF-2099-1", "CVE-2099-1"]
    (exposure,) = exposures_of(item, catalog)
    assert (exposure.branch, str(exposure.first_fixed)) == ("pip", "23.3")
    (alone,) = vulnerabilities([newest])
    assert exposures_of(alone, catalog) == ()


def test_branch_stats_leave_out_products_without_a_catalog() -> None:
    """`branch_stats` counts only the products it has a catalog for (here pip, not requests)."""
    fixed = _pip("CVE-2099-1", "2099-01-01T00:00:00Z", "0", "23.3")
    other = osv(
        "CVE-2099-2",
        affected=[{"package": {"ecosystem": "PyPI", "name": "requests"}, "versions": ["2.0"]}],
    )
    stats = branch_stats(vulnerabilities([fixed, other]), {"pip": pip_releases()})
    assert [(s.product, s.branch, s.advisories, s.fixed, s.open) for s in stats] == [
        ("pip", "pip", 1, 1, 0)
    ]


def test_stats_table_without_skipped_files_says_nothing_about_skipping(samples: Path) -> None:
    """The "skipped N files" line appears only when a file was skipped."""
    code, out, _ = _stats(str(samples / "cve"), "--by", "cwe")
    assert code == 0
    assert out.splitlines()[-1] == (
        "11 vulnerabilities from 12 records (aliases merged, withdrawn left out)"
    )


def test_a_json_file_that_is_not_an_object_is_skipped_in_a_folder(
    samples: Path, tmp_path: Path
) -> None:
    """A JSON array is no OSV or CVE record in shape: the folder walk skips it, counted."""
    (tmp_path / "CVE-2024-6232.json").write_bytes(
        (samples / "cve" / "CVE-2024-6232.json").read_bytes()
    )
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    code, out, _ = _stats(str(tmp_path), "--by", "cwe")
    assert code == 0
    assert out.splitlines()[-2:] == [
        "1 vulnerabilities from 1 records (aliases merged, withdrawn left out)",
        "skipped 1 files that are not advisory records",
    ]
