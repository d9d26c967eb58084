"""The benchmark's comparison is a fair one: every implementation computes the same matrix.

Benchmarks are never timed in the unit tests; this only checks, on a small seeded workload,
that psrt-core, univers (vers strings and from_native) and packaging (SpecifierSets and
packaging.ranges) agree cell by cell, and that the workload is what the issue asks for.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

import psrt_core
from psrt_core.serialization import advisory_from_dict

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """benchmarks/run.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("psrt_benchmark_run", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_workload_is_seeded_cve_json5_with_two_to_six_branch_ranges(bench: ModuleType) -> None:
    """Issue 5 item 6: seeded, reproducible CVE JSON 5 advisories with 2-6 branch ranges."""
    catalog = psrt_core.cpython_releases()
    first = bench.make_workload(catalog, 40, 7)
    assert json.dumps(first) == json.dumps(bench.make_workload(catalog, 40, 7))
    assert json.dumps(first) != json.dumps(bench.make_workload(catalog, 40, 8))
    for document in first:
        entries = document["containers"]["cna"]["affected"][0]["versions"]
        assert 2 <= len(entries) <= 6
        branches = [catalog.branch_of(entry["lessThan"]) for entry in entries]
        assert len(set(branches)) == len(branches)
        advisory = advisory_from_dict(document)
        assert advisory.product_name == "cpython"
        assert advisory.evaluate().unknown.is_empty


def test_every_implementation_computes_the_same_matrix(bench: ModuleType) -> None:
    """psrt-core, univers and packaging agree on every release x advisory cell."""
    catalog = psrt_core.cpython_releases()
    documents = bench.make_workload(catalog, 25, 20261121)
    expected = bench.check_matrices(catalog, documents, bench.implementations())
    assert len(expected) == 25
    assert all(mask > 0 for mask in expected)
    released = catalog.released()
    first = documents[0]["containers"]["cna"]["affected"][0]["versions"]
    entries = psrt_core.serialization.cve_versions_from_dicts(first)
    affected, _ = psrt_core.ranges.from_cve_versions(entries, default_status="unaffected")
    assert expected[0] == sum(
        1 << position for position, release in enumerate(released) if release.version in affected
    )


def test_a_wrong_implementation_is_caught(bench: ModuleType) -> None:
    """The matrix check stops the run when an implementation disagrees."""
    catalog = psrt_core.cpython_releases()
    documents = bench.make_workload(catalog, 5, 1)
    broken = {"broken": lambda catalog, documents: [0] * len(documents)}
    with pytest.raises(SystemExit, match="broken computes a different matrix than psrt-core"):
        bench.check_matrices(catalog, documents, broken)
