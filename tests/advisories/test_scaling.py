"""Issue 14 item 1: lint and evaluation of a record with n events or entries are O(n log n).

Each test times n and 16 n (``time.process_time``, best of 3): a quadratic step would make
the ratio about 256, an O(n log n) one stays near 20-30; the bound is 64, four times below the
quadratic ratio, so that a loaded CI machine does not fail it while quadratic code still does.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from psrt_core.advisories import Advisory, lint
from psrt_core.serialization import advisory_from_dict

SMALL = 250
RATIO = 64


def _best(call: Callable[[], object]) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return max(min(times), 1e-4)


def _ratio(build: Callable[[int], Advisory], run: Callable[[Advisory], object]) -> float:
    small, large = build(SMALL), build(16 * SMALL)
    return _best(lambda: run(large)) / _best(lambda: run(small))


def _osv(events: list[dict[str, str]]) -> Advisory:
    return advisory_from_dict(
        {
            "id": "PSF-2024-1",
            "modified": "2024-01-01T00:00:00Z",
            "affected": [
                {
                    "package": {"ecosystem": "PyPI", "name": "pip"},
                    "ranges": [{"type": "ECOSYSTEM", "events": events}],
                }
            ],
        }
    )


def sorted_pairs(n: int) -> Advisory:
    """n/2 disjoint introduced..fixed intervals (the 20,000-event record of the issue)."""
    return _osv(
        [e for i in range(n // 2) for e in ({"introduced": f"1.{i}.0"}, {"fixed": f"1.{i}.5"})]
    )


def overlapping_starts(n: int) -> Advisory:
    """n - 1 introduced events closed by one fixed: n - 1 intervals that all overlap (OSV002)."""
    return _osv([{"introduced": f"1.{i}"} for i in range(n - 1)] + [{"fixed": "9.0"}])


def overlapping_entries(n: int) -> Advisory:
    """A CVE product with n entries that all overlap (CVE001: 5,000 in the issue)."""
    return _cve([(f"1.{i}", f"9.{i}") for i in range(n)])


def disjoint_entries(n: int) -> Advisory:
    """A CVE product with n disjoint ranges: first-match-wins used to grow one union."""
    return _cve([(f"1.{i}", f"1.{i}.5") for i in range(n)])


def _cve(bounds: list[tuple[str, str]]) -> Advisory:
    versions = [
        {"version": low, "lessThan": high, "status": "affected", "versionType": "python"}
        for low, high in bounds
    ]
    return advisory_from_dict(
        {
            "dataType": "CVE_RECORD",
            "dataVersion": "5.1",
            "cveMetadata": {"cveId": "CVE-2024-0001", "state": "PUBLISHED"},
            "containers": {
                "cna": {
                    "providerMetadata": {"orgId": "x"},
                    "descriptions": [{"lang": "en", "value": "d"}],
                    "affected": [
                        {
                            "vendor": "Python Software Foundation",
                            "product": "CPython",
                            "defaultStatus": "unaffected",
                            "versions": versions,
                        }
                    ],
                }
            },
        }
    )


def test_lint_of_many_events_is_n_log_n() -> None:
    """OSV001/OSV003/OSV002 on one range with n events."""
    assert _ratio(sorted_pairs, lint) < RATIO


def test_lint_of_overlapping_intervals_is_n_log_n() -> None:
    """OSV002 merges n overlapping intervals in a balanced tree (one union each was quadratic)."""
    assert _ratio(overlapping_starts, lint) < RATIO


def test_lint_of_overlapping_cve_entries_is_n_log_n() -> None:
    """CVE001 used to compare every pair of entries (and report every pair): now each
    overlapping entry once, against the first entry it overlaps."""
    findings = lint(overlapping_entries(4))
    assert [(f.code, f.location, f.message) for f in findings if f.code == "CVE001"] == [
        (
            "CVE001",
            f"$.containers.cna.affected[0].versions[{j}]",
            f"overlaps versions[0]: the first match wins on [1.{j}, 9.0)",
        )
        for j in (1, 2, 3)
    ]
    assert _ratio(overlapping_entries, lint) < RATIO


def test_evaluation_of_many_events_is_n_log_n() -> None:
    """The spec walk merges its disjoint pieces once instead of one union per event."""
    assert _ratio(sorted_pairs, lambda advisory: advisory.evaluate()) < RATIO
    assert _ratio(overlapping_starts, lambda advisory: advisory.evaluate()) < RATIO


def test_evaluation_of_cve_entries_is_n_log_n() -> None:
    """CVE 5 › versions, first match wins: one sweep splits the versions among the entries."""
    assert _ratio(overlapping_entries, lambda advisory: advisory.evaluate()) < RATIO
    assert _ratio(disjoint_entries, lambda advisory: advisory.evaluate()) < RATIO
    evaluation = disjoint_entries(3).evaluate()
    assert str(evaluation.affected) == "[1.0, 1.0.5) | [1.1, 1.1.5) | [1.2, 1.2.5)"
