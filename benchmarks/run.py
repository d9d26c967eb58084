"""psrt-core's performance against a minimal reference and its peers, in one table of ratios.

Run with ``python -m nox -s bench`` or ``python benchmarks/run.py`` (options: ``--help``).
Everything is measured in one process, in paired rounds of CPU time (see ``timing.py``), on one
seeded workload (see ``workload.py``); every approach's release x advisory matrix is checked
equal to psrt-core's before anything is timed, so a fast wrong answer cannot win. The table
gives, for every measure, the median, interquartile range and min-max over the rounds, the
issue's target and whether the median meets it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import io
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile
import packaging
import timing
import workload
from packaging.version import Version
from timing import Spread
from workload import (
    JSON_ONLY,
    LOADING_ONLY,
    PSRT,
    PSRT_PER_RECORD,
    RANGES,
    REFERENCE,
    SPECIFIERS,
    UNIVERS_NATIVE,
    UNIVERS_VERS,
    approaches,
    check_matrices,
    make_workload,
    texts_of,
)

import psrt_core
from psrt_core import AffectedIndex, Catalog
from psrt_core.versions import VersionSet

COMMAND = "python -m nox -s bench"
# The shared corpus sits beside the checkout; without it the real-workload rows are left out.
PSF_SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "samples" / "osv-psf"


@attrs.frozen
class Row:
    """One line of the table: a measure, its spread, its target and whether it is met."""

    measure: str
    spread: Spread
    unit: str
    target: str
    met: bool | None

    def cells(self) -> str:
        """The Markdown row."""
        s = self.spread
        form = _FORMATS[self.unit]
        verdict = {True: "yes", False: "**no**", None: "-"}[self.met]
        return (
            f"| {self.measure} | {form(s.median)} | {form(s.q1)}-{form(s.q3)} "
            f"| {form(s.low)}-{form(s.high)} | {self.target} | {verdict} |"
        )


_FORMATS: dict[str, Callable[[float], str]] = {
    "x": lambda value: f"{value:.2f}x" if value < 10 else f"{value:.0f}x",
    "us": lambda value: f"{value:.2f} µs" if value < 100 else f"{value:.0f} µs",
    "MiB": lambda value: f"{value:.1f} MiB",
    "ms": lambda value: f"{value:.1f} ms",
}


def at_most(spread: Spread, limit: float) -> bool:
    """Whether the median is within *limit*."""
    return spread.median <= limit


def at_least(spread: Spread, limit: float) -> bool:
    """Whether the median reaches *limit*."""
    return spread.median >= limit


# -- sections ----------------------------------------------------------------------------------


def matrix_rows(catalog: Catalog, texts: Sequence[str], rounds: int, peers: bool) -> list[Row]:
    """Record text to the full matrix: psrt-core against the reference and the peers."""
    found = approaches()
    if not peers:
        found = {name: found[name] for name in (PSRT, PSRT_PER_RECORD, REFERENCE)}
    check_matrices(catalog, texts, found)
    timed: dict[str, Callable[[], object]] = {
        name: functools.partial(f, catalog, texts) for name, f in found.items()
    }
    # Two parts of the work, timed in the same rounds (they build no matrix, so are not
    # checked): how much of the reference is json.loads, and what psrt-core's validated
    # loading alone costs against the whole reference.
    timed[JSON_ONLY] = functools.partial(workload.json_only, texts)
    timed[LOADING_ONLY] = functools.partial(workload.psrt_loading_only, texts)
    times = timing.paired_rounds(timed, rounds)
    n = len(texts)
    ours = timing.ratios(times, PSRT, REFERENCE)
    single = timing.ratios(times, PSRT_PER_RECORD, REFERENCE)
    parsing = timing.ratios(times, JSON_ONLY, REFERENCE)
    loading = timing.ratios(times, LOADING_ONLY, REFERENCE)
    rows = [
        Row(f"text -> matrix, psrt-core / reference ({n})", ours, "x", "<= 2x", ours.median <= 2),
        Row(f"text -> matrix, psrt-core per record / reference ({n})", single, "x", "", None),
        Row(f"part: json.loads alone / reference ({n})", parsing, "x", "", None),
        Row(f"part: psrt-core loading alone / reference ({n})", loading, "x", "", None),
    ]
    floors = {UNIVERS_VERS: 60, UNIVERS_NATIVE: 60, SPECIFIERS: 15, RANGES: 5}
    for name, floor in floors.items():
        if name in times:
            spread = timing.ratios(times, name, PSRT)
            rows.append(
                Row(
                    f"{name} / psrt-core ({n})",
                    spread,
                    "x",
                    f">= {floor}x",
                    at_least(spread, floor),
                )
            )
    per_advisory = Spread.of(times[PSRT]).scaled(1e6 / n)
    rows.append(Row(f"psrt-core text -> matrix, per advisory ({n})", per_advisory, "us", "", None))
    return rows


def query_rows(catalog: Catalog, texts: Sequence[str], rounds: int) -> list[Row]:
    """One "which advisories affect V?" query, for catalog releases and for other versions."""
    parse = workload.parse_text()
    index = AffectedIndex.build(catalog, [parse(text) for text in texts])
    rng = random.Random(workload.SEED)
    released = [release.version for release in catalog.released()]
    # Fresh objects, as a caller's parsed versions are: equal to the catalog's, not the same.
    inside = [Version(str(rng.choice(released))) for _ in range(64)]
    outside = [Version(f"{version}.post7") for version in inside]
    outside += [Version("0.1"), Version("9.9"), Version("3.99.1")]
    _check_queries(index, catalog, texts, outside)
    n = len(texts)
    rows = []
    for label, probes, limit in (
        ("a catalog release", inside, 0.3),
        ("a version outside the catalog", outside, 1.0),
    ):
        spread = _query_spread(index, probes, rounds)
        rows.append(
            Row(f"query, {label} ({n})", spread, "us", f"<= {limit} µs", at_most(spread, limit))
        )
    text_spread = _query_spread(index, [str(version) for version in inside], rounds)
    rows.append(Row(f"query, a catalog release as text ({n})", text_spread, "us", "", None))
    return rows


def _query_spread(index: AffectedIndex, probes: Sequence[object], rounds: int) -> Spread:
    query = index.advisories_affecting
    batch = list(probes) * max(1, 20_000 // len(probes))

    def run() -> None:
        for probe in batch:
            query(probe)  # type: ignore[arg-type]

    return timing.per_call(run, 1, rounds).scaled(1e6 / len(batch))


def _check_queries(
    index: AffectedIndex, catalog: Catalog, texts: Sequence[str], probes: Sequence[Version]
) -> None:
    """The fast answers equal the sets' own answers, before any query is timed."""
    parse = workload.parse_text()
    sets = {a.id: a.evaluate().affected for a in (parse(text) for text in texts)}
    for version in [*probes, *(release.version for release in catalog.released())]:
        expected = frozenset(i for i, s in sets.items() if version in s)
        if index.advisories_affecting(version) != expected:
            msg = f"the index answers {version} wrongly"
            raise SystemExit(msg)


def scaling_rows(
    catalog: Catalog, small: Sequence[str], big: Sequence[str], rounds: int
) -> list[Row]:
    """Time per advisory at the large size against the medium one (psrt-core, text -> matrix)."""
    runs = {
        "small": functools.partial(workload.psrt_matrix, catalog, small),
        "big": functools.partial(workload.psrt_matrix, catalog, big),
        "small, per record": functools.partial(workload.psrt_per_record_matrix, catalog, small),
        "big, per record": functools.partial(workload.psrt_per_record_matrix, catalog, big),
    }
    times = timing.paired_rounds(runs, rounds)
    factor = len(small) / len(big)
    rows = []
    for suffix, target in (("", "<= 1.2x"), (", per record", "")):
        pairs = zip(times["big" + suffix], times["small" + suffix], strict=True)
        spread = Spread.of([b * factor / s for b, s in pairs])
        label = f"per advisory at {len(big)} / at {len(small)}{suffix}"
        rows.append(Row(label, spread, "x", target, at_most(spread, 1.2) if target else None))
    return [*rows, _deferred_row(catalog, big, rounds)]


def _deferred_row(catalog: Catalog, texts: Sequence[str], rounds: int) -> Row:
    """What the bulk path's pause defers: the young collection that walks its new objects.

    The bulk path pauses the cyclic collector, so the objects a caller keeps (the index and
    its advisories' sets) are walked later, once; this times that walk (``gc.collect(1)``
    right after the build, the index alive) per advisory. The matrix rows drop the index, so
    reference counting frees it and no such walk is owed there.
    """
    from psrt_core.serialization import index_records

    samples = []
    for _ in range(rounds):
        gc.collect()
        index = index_records(catalog, texts)
        start = time.process_time()
        gc.collect(1)
        samples.append((time.process_time() - start) / len(texts))
        del index
    label = f"bulk path's deferred young collection, per advisory ({len(texts)})"
    return Row(label, Spread.of(samples).scaled(1e6), "us", "", None)


def memory_rows(catalog: Catalog, big: Sequence[str]) -> list[Row]:
    """The memory an index of the large workload keeps (tracemalloc, sets made beforehand).

    Measured after building and answering 64 release queries (what a fleet asks), and again
    after every row was built (``rows()``), since rows are built on first use.
    """
    parse = workload.parse_text()
    sets = {a.id: a.evaluate().affected for a in (parse(text) for text in big)}
    probes = random.Random(workload.SEED).choices(catalog.released(), k=64)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = AffectedIndex.build(catalog, sets)
        for release in probes:
            index.advisories_affecting(release)
        gc.collect()
        queried = (tracemalloc.get_traced_memory()[0] - before) / 2**20
        index.rows()
        gc.collect()
        every = (tracemalloc.get_traced_memory()[0] - before) / 2**20
    finally:
        tracemalloc.stop()
    n = len(big)
    return [
        Row(
            f"index retained memory, 64 releases asked ({n})",
            Spread.of([queried]),
            "MiB",
            "<= 40 MiB",
            queried <= 40,
        ),
        Row(f"index retained memory, every row built ({n})", Spread.of([every]), "MiB", "", None),
    ]


def loading_rows(texts: Sequence[str], rounds: int) -> list[Row]:
    """Record text to an `Advisory` against `json.loads` on the same texts; a floor and a part."""
    parse = workload.parse_text()
    documents = [json.loads(text) for text in texts]
    build = workload.structure_only()
    build(documents)  # past the warm-up: the generated builders, as in a long-running process
    times = timing.paired_rounds(
        {
            "json": lambda: [json.loads(text) for text in texts],
            "psrt": lambda: [parse(text) for text in texts],
            # The least a duplicate-key check costs with the standard decoder: a C hook.
            "pairs hook": lambda: [json.loads(text, object_pairs_hook=dict) for text in texts],
            "objects": functools.partial(build, documents),
        },
        rounds,
    )
    n = len(texts)
    spread = timing.ratios(times, "psrt", "json")
    pairs = timing.ratios(times, "pairs hook", "json")
    objects = timing.ratios(times, "objects", "json")
    return [
        Row(
            f"record text -> Advisory / json.loads ({n})", spread, "x", "<= 3x", at_most(spread, 3)
        ),
        Row(
            f"floor: json.loads seeing every object's pairs / json.loads ({n})",
            pairs,
            "x",
            "",
            None,
        ),
        Row(
            f"part: psrt-core's builders, parsed JSON to objects / json.loads ({n})",
            objects,
            "x",
            "",
            None,
        ),
    ]


def hostile_rows(rounds: int) -> list[Row]:
    """The 20,000-event OSV record of the hostile-input issue, loaded and evaluated over pip."""
    text = hostile.osv_record(20_000)
    catalog = psrt_core.pip_releases()
    parse = workload.parse_text()

    def whole() -> None:
        parse(text).affected_versions(catalog)

    times = timing.paired_rounds({"whole": whole}, rounds)
    label = "OSV record of 20,000 events: load, evaluate, releases over pip"
    return [Row(label, Spread.of(times["whole"]).scaled(1e3), "ms", "", None)]


def startup_rows(record: Path, rounds: int) -> list[Row]:
    """Import and whole-process start-up, paired subprocess runs, CPU time of the child."""
    python = sys.executable
    script = shutil.which("psrt-core", path=str(Path(python).parent))
    cli = [script] if script else [python, "-m", "psrt_core"]

    classes = command_classes(python, record)

    def timed_import(module: str) -> Callable[[], float]:
        code = (
            f"import time; t = time.process_time(); import {module}; print(time.process_time() - t)"
        )
        return functools.partial(timing.reported_cpu, [python, "-c", code])

    times = timing.paired_processes(
        {
            "import psrt_core": timed_import("psrt_core"),
            "import packaging.version": timed_import("packaging.version"),
            "python packaging": functools.partial(
                timing.child_cpu, [python, "-c", "import packaging.version"]
            ),
            "--version": functools.partial(timing.child_cpu, [*cli, "--version"]),
            "affected": functools.partial(timing.child_cpu, [*cli, "affected", str(record)]),
            "floor": functools.partial(timing.child_cpu, [python, "-c", floor_code(classes)]),
            "imports": functools.partial(timing.child_cpu, [python, "-c", floor_code(0)]),
        },
        rounds,
    )
    imports = timing.ratios(times, "import psrt_core", "import packaging.version")
    version = timing.ratios(times, "--version", "python packaging")
    affected = timing.ratios(times, "affected", "python packaging")
    floor = timing.ratios(times, "floor", "python packaging")
    outside = timing.ratios(times, "imports", "python packaging")
    base = '`python -c "import packaging.version"`'
    return [
        Row(
            "`import psrt_core` / `import packaging.version`",
            imports,
            "x",
            "<= 2x",
            at_most(imports, 2),
        ),
        Row(f"`psrt-core --version` / {base}", version, "x", "<= 2x", at_most(version, 2)),
        Row(f"`psrt-core affected RECORD` / {base}", affected, "x", "<= 3x", at_most(affected, 3)),
        Row(
            f"floor: its imports and {classes} attrs classes, no psrt-core / {base}",
            floor,
            "x",
            "",
            None,
        ),
        Row(f"floor: its imports alone, no psrt-core / {base}", outside, "x", "", None),
        Row(
            "`import psrt_core`, CPU",
            Spread.of(times["import psrt_core"]).scaled(1e6),
            "us",
            "",
            None,
        ),
    ]


_COUNT_CLASSES = """
import gc, sys, attrs
from psrt_core.cli import main
main(["affected", sys.argv[1]])
gc.collect()
print(sum(1 for o in gc.get_objects()
          if isinstance(o, type) and attrs.has(o) and o.__module__.startswith("psrt_core")))
"""


def command_classes(python: str, record: Path) -> int:
    """How many attrs classes of psrt-core a `psrt-core affected RECORD` process creates."""
    done = subprocess.run(
        [python, "-c", _COUNT_CLASSES, str(record)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1])


def floor_code(classes: int) -> str:
    """A child that pays what any attrs-based CLI like ``affected`` pays before its own work.

    It imports what the command's path imports from outside psrt-core (argparse, attrs, json,
    datetime, packaging.version) and creates *classes* frozen attrs classes of six fields.
    """
    return (
        "import argparse, datetime, json, attrs, packaging.version\n"
        "kept = []\n"
        f"for i in range({classes}):\n"
        "    fields = {'__annotations__': dict.fromkeys('abcdef', 'str')}\n"
        "    kept.append(attrs.frozen(type(f'C{i}', (), fields)))"
    )


def commit_map_for(
    records: Sequence[dict[str, object]], catalog: Catalog, seed: int
) -> dict[str, list[str]]:
    """A seeded commit map for the records' GIT commits: each lands on one to three branches.

    The records name real CPython commits, but which releases contain them needs the CPython
    repository (``git tag --contains``), which is not available offline. So the benchmark
    invents where each commit lands (a release of a few consecutive branches, seeded): the
    answers are not the real exposure, the work to compute them is the same.
    """
    rng = random.Random(seed)
    branches = workload.eligible_branches(catalog)
    commits = sorted(
        {
            str(value)
            for record in records
            for affected in record.get("affected", ())  # type: ignore[attr-defined]
            for item in affected.get("ranges", ())
            for event in item.get("events", ())
            for value in event.values()
            if value not in ("0", "*")
        }
    )
    mapping: dict[str, list[str]] = {}
    for commit in commits:
        start = rng.randrange(len(branches) - 3)
        landed = []
        for name in branches[start : start + rng.randint(1, 3)]:
            released = [r for r in catalog.releases_of(name) if not r.scheduled]
            landed.append(str(rng.choice(released).version))
        mapping[commit] = landed
    return mapping


def real_rows(catalog: Catalog, rounds: int, workdir: Path) -> list[Row]:
    """The PSF OSV samples (GIT ranges) with a commit map: the library and `report`."""
    paths = sorted(PSF_SAMPLES.glob("*.json"))
    if not paths:
        return []
    texts = [path.read_text(encoding="utf-8") for path in paths]
    mapping = commit_map_for([json.loads(text) for text in texts], catalog, workload.SEED)
    map_file = workdir / "commit-map.json"
    map_file.write_text(json.dumps(mapping), encoding="utf-8")
    commit_map = psrt_core.CommitMap.of(mapping)
    parse = workload.parse_text()

    def library() -> None:
        items: list[tuple[str, VersionSet]] = []
        for text in texts:
            advisory = parse(text)
            items.append((advisory.id, advisory.evaluate(commit_map=commit_map).affected))
        AffectedIndex.build(catalog, items)

    argv = ["report", *map(str, paths), "--commit-map", str(map_file), "--on", "2026-11-30"]

    def report() -> None:
        from psrt_core.cli import main

        if main(argv, stdout=io.StringIO()) != 0:
            raise SystemExit("report failed on the PSF samples")

    report()
    times = timing.paired_rounds({"library": library, "report": report}, rounds)
    n = len(paths)
    return [
        Row(
            f"PSF OSV + commit map, library, per record ({n})",
            Spread.of(times["library"]).scaled(1e6 / n),
            "us",
            "",
            None,
        ),
        Row(
            f"PSF OSV + commit map, `report`, per record ({n})",
            Spread.of(times["report"]).scaled(1e6 / n),
            "us",
            "",
            None,
        ),
    ]


# -- the run -----------------------------------------------------------------------------------


@contextlib.contextmanager
def _workdir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="psrt-bench-") as name:
        yield Path(name)


def header(catalog: Catalog, sizes: Sequence[int]) -> list[str]:
    """Where and on what the numbers were taken."""
    from importlib.metadata import version

    import univers  # noqa: F401

    released = len(catalog.released())
    return [
        f"Workload: bundled CPython catalog ({released} released releases) x "
        f"{', '.join(map(str, sizes))} seeded CVE JSON 5 records (seed {workload.SEED}), "
        "2-6 branch ranges each.",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"psrt-core {psrt_core.__version__}, packaging {packaging.__version__}, "
        f"univers {version('univers')}, attrs {version('attrs')}, cattrs {version('cattrs')}; "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())} at the start.",
        "",
    ]


def run(args: argparse.Namespace) -> str:
    """Every measurement; the Markdown report."""
    catalog = workload.cpython()
    small = texts_of(make_workload(catalog, args.advisories, workload.SEED))
    medium = texts_of(make_workload(catalog, args.medium, workload.SEED))
    large = texts_of(make_workload(catalog, args.large, workload.SEED))
    lines = header(catalog, (len(small), len(medium), len(large)))
    rows = matrix_rows(catalog, small, args.rounds, peers=True)
    rows += matrix_rows(catalog, medium, args.medium_rounds, peers=not args.quick)
    rows += query_rows(catalog, small, args.rounds)
    rows += query_rows(catalog, large, args.rounds)
    rows += scaling_rows(catalog, medium, large, args.large_rounds)
    rows += memory_rows(catalog, large)
    rows += loading_rows(medium, args.rounds)
    rows += hostile_rows(max(3, args.rounds // 3))
    with _workdir() as workdir:
        record = workdir / "CVE-2099-10000.json"
        record.write_text(small[0], encoding="utf-8")
        rows += startup_rows(record, args.process_rounds)
        rows += real_rows(catalog, args.rounds, workdir)
    lines += [
        "| Measure | median | IQR | min-max | target | met |",
        "|---|---|---|---|---|---|",
        *(row.cells() for row in rows),
        "",
        "Ratios are per paired round (CPU time, one process); µs rows are CPU time per call.",
    ]
    argv = " ".join(sys.argv[1:])
    lines.append(f"Command: `{COMMAND}{' -- ' + argv if argv else ''}`")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run, print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--advisories", type=int, default=150, help="small workload (150)")
    parser.add_argument("--medium", type=int, default=1500, help="medium workload (1500)")
    parser.add_argument("--large", type=int, default=15000, help="scaling/memory workload")
    parser.add_argument("--rounds", type=int, default=15, help="paired rounds (15)")
    parser.add_argument("--medium-rounds", type=int, default=3, help="rounds at medium (3)")
    parser.add_argument("--large-rounds", type=int, default=3, help="rounds at large (3)")
    parser.add_argument("--process-rounds", type=int, default=11, help="start-up rounds (11)")
    parser.add_argument("--quick", action="store_true", help="no peers at the medium size")
    args = parser.parse_args(argv)
    print(run(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
