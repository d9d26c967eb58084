"""The benchmark's comparison is a fair one: every approach computes the same matrix.

Benchmarks are never timed in the unit tests; this only checks, on a small seeded workload,
that psrt-core, the minimal reference, univers (vers strings and from_native) and packaging
(SpecifierSets and packaging.ranges) agree cell by cell, that the workload is what the issue
asks for, and that the statistics of the paired rounds are the plain ones.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import psrt_core
from psrt_core.governance import replay
from psrt_core.serialization import advisory_from_dict

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"psrt_benchmark_{name}", BENCHMARKS / name)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """benchmarks/workload.py, imported as a module."""
    return _module("workload.py")


@pytest.fixture(scope="module")
def runner() -> ModuleType:
    """benchmarks/run.py, imported as a module (it puts benchmarks/ on the path once)."""
    return _module("run.py")


@pytest.fixture(scope="module")
def timing() -> ModuleType:
    """benchmarks/timing.py, imported as a module."""
    return _module("timing.py")


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
    texts = bench.texts_of(documents)
    found = bench.approaches()
    assert "reference" in found
    expected = bench.check_matrices(catalog, texts, found)
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
    texts = bench.texts_of(bench.make_workload(catalog, 5, 1))
    broken = {"broken": lambda catalog, texts: [0] * len(texts)}
    with pytest.raises(SystemExit, match="broken computes a different matrix than psrt-core"):
        bench.check_matrices(catalog, texts, broken)


def test_reference_rows_are_the_index_rows(bench: ModuleType) -> None:
    """The reference's interval sweep gives the same per-release rows as AffectedIndex."""
    catalog = psrt_core.cpython_releases()
    texts = bench.texts_of(bench.make_workload(catalog, 30, 3))
    masks, rows = bench.Reference(catalog).matrix(texts)
    advisories = [advisory_from_dict(json.loads(text)) for text in texts]
    index = psrt_core.AffectedIndex.build(catalog, advisories)
    assert list(index.rows()) == rows
    assert masks == [index.mask(i) for i in index.advisory_ids]


def test_spread_is_median_quartiles_and_range(timing: ModuleType) -> None:
    """Median, inclusive quartiles and min-max; one value is its own spread."""
    spread = timing.Spread.of([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (spread.median, spread.q1, spread.q3, spread.low, spread.high) == (3, 2, 4, 1, 5)
    assert timing.Spread.of([7.0]) == timing.Spread(7.0, 7.0, 7.0, 7.0, 7.0)


def test_paired_rounds_run_every_function_once_per_round(timing: ModuleType) -> None:
    """Each round times each function once, in a rotating order."""
    calls: list[str] = []
    times = timing.paired_rounds(
        {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3
    )
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert [len(times["a"]), len(times["b"])] == [3, 3]


def test_the_hostile_event_log_is_the_size_it_says_and_replays() -> None:
    """benchmarks/hostile.py times replay on a log that is valid (R-A1, R-C1, R-C2, R-C7):
    members listed, one nomination, every ballot accepted; not timed here."""
    hostile = _module("hostile.py")
    events = hostile.event_log(5, 12)
    assert len(events) == 5 + 1 + 12
    (record,) = replay(events).nominations
    assert len(record.nomination.ballots) == 12


def test_the_matrix_parts_are_the_parsed_records(bench: ModuleType) -> None:
    """The two part rows of the matrix time json.loads and psrt-core's validated loading of
    the very texts the approaches read (issue 13 item 1: same work on every side)."""
    catalog = psrt_core.cpython_releases()
    documents = bench.make_workload(catalog, 6, 3)
    texts = bench.texts_of(documents)
    assert bench.json_only(texts) == documents
    loaded = bench.psrt_loading_only(texts)
    assert [a.id for a in loaded] == [d["cveMetadata"]["cveId"] for d in documents]
    assert loaded == tuple(advisory_from_dict(d) for d in documents)
    assert bench.structure_only()(documents) == [a.record for a in loaded]


_LOADED_MODULES = """
import sys
from psrt_core.cli import main
main(["affected", sys.argv[1]])
print(" ".join(sorted(name for name in sys.modules if name.startswith("psrt_core"))))
"""


def test_the_startup_floor_creates_as_many_classes_as_the_command(
    bench: ModuleType, runner: ModuleType, tmp_path: Path
) -> None:
    """The floor row of issue 13 item 3 pays for exactly the attrs classes `affected` creates.

    `command_classes` counts live attrs classes in the command's process; the expected count
    comes another way: the attrs classes defined in each psrt-core module that process loaded.
    """
    record = tmp_path / "record.json"
    catalog = psrt_core.cpython_releases()
    record.write_text(bench.texts_of(bench.make_workload(catalog, 1, 1))[0])
    done = subprocess.run(
        [sys.executable, "-c", _LOADED_MODULES, str(record)],
        check=True,
        capture_output=True,
        text=True,
    )
    names = done.stdout.split("\n")[-2].split()
    expected = 0
    for name in names:
        module = importlib.import_module(name)
        expected += sum(
            1
            for value in vars(module).values()
            if isinstance(value, type) and attrs.has(value) and value.__module__ == name
        )
    assert expected > 20
    assert runner.command_classes(sys.executable, record) == expected


def test_the_startup_floor_child_imports_and_creates_the_classes(runner: ModuleType) -> None:
    """The floor child imports the command's outside modules and makes N frozen, slotted
    attrs classes of six fields each."""
    check = (
        "\nimport gc, sys\ngc.collect()\n"
        "made = [o for o in gc.get_objects() if isinstance(o, type) and attrs.has(o)"
        " and o.__module__ == '__main__']\n"
        "def frozen(cls):\n"
        "    try:\n"
        "        setattr(cls(*'abcdef'), 'a', 'x')\n"
        "    except attrs.exceptions.FrozenInstanceError:\n"
        "        return True\n"
        "    return False\n"
        "print(len(made), sorted({len(attrs.fields(o)) for o in made}),"
        " all('__slots__' in vars(o) and frozen(o) for o in made),"
        " all(m in sys.modules for m in ('argparse', 'datetime', 'json', 'packaging.version')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", runner.floor_code(5) + check],
        check=True,
        capture_output=True,
        text=True,
    )
    assert done.stdout.split() == ["5", "[6]", "True", "True"]
