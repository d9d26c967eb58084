"""Affected-version matrix benchmark: psrt-core's AffectedIndex against univers and packaging.

Run with ``nox -s bench`` or ``python benchmarks/run.py`` (options: ``--help``). Everything is
measured in one run, on one seeded workload: the bundled CPython catalog times N advisories
written as CVE JSON 5 documents with 2 to 6 per-branch ranges each. Each implementation starts
from the same parsed documents and ends with the full release-by-advisory matrix (one bitmask
per advisory over the catalog's released releases); the matrices are compared before any
number is printed, so a fast wrong answer cannot win.

The workload never puts a fix on a final release that had pre-releases (3.13.0, 3.2.1): there
PEP 440's ``<3.13.0`` leaves out 3.13.0's own pre-releases, so the packaging baselines would
compute a different (wrong) matrix. psrt-core handles that case (``psrt_core.ranges.to_specifiers``
writes ``<=3.13.0rc3`` instead).
"""

from __future__ import annotations

import argparse
import functools
import gc
import itertools
import json
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any

import packaging
from packaging.specifiers import SpecifierSet
from univers.version_range import PypiVersionRange
from univers.version_range import VersionRange as UniversRange
from univers.versions import PypiVersion

import psrt_core
from psrt_core import Advisory, AffectedIndex, Catalog
from psrt_core.serialization import advisory_from_dict, parse_advisory

Document = dict[str, Any]
Matrix = list[int]
Implementation = Callable[[Catalog, Sequence[Document]], Matrix]

PSF = "28c92f92-d60d-412d-b760-e73465c3df22"
COMMAND = "python benchmarks/run.py"


# -- workload ----------------------------------------------------------------------------------


def eligible_branches(catalog: Catalog) -> list[str]:
    """Branches with at least three released releases (room for a fix inside the branch)."""
    names = []
    for branch in catalog.branches:
        released = [r for r in catalog.releases_of(branch.name) if not r.scheduled]
        if len(released) >= 3:
            names.append(branch.name)
    return names


def make_workload(catalog: Catalog, count: int, seed: int) -> list[Document]:
    """*count* CVE JSON 5 documents, each with 2 to 6 per-branch ``versions`` entries.

    Each advisory covers consecutive branches; each branch's entry runs from its first
    release (pre-releases included; ``"0"`` for the oldest one half the time) to a fix drawn
    from the branch's own releases after the first, never an X.Y.0 final (see module doc).
    """
    rng = random.Random(seed)
    names = eligible_branches(catalog)
    documents = []
    for number in range(count):
        size = rng.randint(2, 6)
        start = rng.randrange(0, len(names) - size + 1)
        entries = []
        for offset, name in enumerate(names[start : start + size]):
            released = [r for r in catalog.releases_of(name) if not r.scheduled]
            bases = {r.version.base_version for r in released if r.version.is_prerelease}
            candidates = [
                r
                for r in released[1:]
                if r.version.is_prerelease or r.version.base_version not in bases
            ]
            fix = rng.choice(candidates)
            lower = "0" if offset == 0 and rng.random() < 0.5 else str(released[0].version)
            entries.append(
                {
                    "version": lower,
                    "lessThan": str(fix.version),
                    "status": "affected",
                    "versionType": "python",
                }
            )
        documents.append(_cve_document(f"CVE-2099-{number + 10000}", entries))
    return documents


def _cve_document(cve_id: str, entries: list[dict[str, str]]) -> Document:
    return {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {
            "cveId": cve_id,
            "assignerOrgId": PSF,
            "state": "PUBLISHED",
            "datePublished": "2026-01-01T00:00:00Z",
        },
        "containers": {
            "cna": {
                "providerMetadata": {"orgId": PSF},
                "title": f"Synthetic advisory {cve_id}",
                "descriptions": [{"lang": "en", "value": "Synthetic benchmark advisory."}],
                "affected": [
                    {
                        "vendor": "Python Software Foundation",
                        "product": "CPython",
                        "repo": "https://github.com/python/cpython",
                        "defaultStatus": "unaffected",
                        "versions": entries,
                    }
                ],
                "references": [{"url": f"https://example.invalid/{cve_id}"}],
            }
        },
    }


def _entries(document: Document) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = document["containers"]["cna"]["affected"][0]["versions"]
    return entries


def _cve_id(document: Document) -> str:
    return str(document["cveMetadata"]["cveId"])


# -- the implementations: parsed documents -> matrix -------------------------------------------


def psrt_matrix(catalog: Catalog, documents: Sequence[Document]) -> Matrix:
    """psrt-core: advisory_from_dict, evaluate, AffectedIndex.build; the masks are the matrix."""
    advisories = [advisory_from_dict(document) for document in documents]
    index = AffectedIndex.build(catalog, advisories)
    return [index.mask(advisory_id) for advisory_id in index.advisory_ids]


def _mask(members: Sequence[bool]) -> int:
    mask = 0
    for position, member in enumerate(members):
        if member:
            mask |= 1 << position
    return mask


def _vers(entries: list[dict[str, str]]) -> str:
    constraints = []
    for entry in entries:
        if entry["version"] != "0":
            constraints.append(f">={entry['version']}")
        constraints.append(f"<{entry['lessThan']}")
    return "vers:pypi/" + "|".join(constraints)


def univers_vers_matrix(catalog: Catalog, documents: Sequence[Document]) -> Matrix:
    """univers: one vers string per advisory, VersionRange.from_string, `in` per release."""
    versions = [PypiVersion(str(r.version)) for r in catalog.released()]
    result = []
    for document in documents:
        parsed = UniversRange.from_string(_vers(_entries(document)))  # type: ignore[no-untyped-call]
        result.append(_mask([version in parsed for version in versions]))
    return result


def _native(entry: dict[str, str]) -> str:
    lower = "" if entry["version"] == "0" else f">={entry['version']},"
    return f"{lower}<{entry['lessThan']}"


def univers_native_matrix(catalog: Catalog, documents: Sequence[Document]) -> Matrix:
    """univers: one PypiVersionRange.from_native per entry (PEP 440 text), any-of per release."""
    versions = [PypiVersion(str(r.version)) for r in catalog.released()]
    result = []
    for document in documents:
        ranges = [
            PypiVersionRange.from_native(_native(e))  # type: ignore[no-untyped-call]
            for e in _entries(document)
        ]
        result.append(_mask([any(version in r for r in ranges) for version in versions]))
    return result


def packaging_specifier_matrix(catalog: Catalog, documents: Sequence[Document]) -> Matrix:
    """packaging: a list of SpecifierSets per advisory, contains(prereleases=True) per release."""
    versions = [r.version for r in catalog.released()]
    result = []
    for document in documents:
        specs = [SpecifierSet(_native(e), prereleases=True) for e in _entries(document)]
        result.append(
            _mask(
                [any(s.contains(version, prereleases=True) for s in specs) for version in versions]
            )
        )
    return result


def packaging_ranges_matrix(catalog: Catalog, documents: Sequence[Document]) -> Matrix:
    """packaging.ranges: the union of the entries' VersionRanges, `in` per release."""
    from packaging.ranges import VersionRange

    versions = [r.version for r in catalog.released()]
    result = []
    for document in documents:
        union = VersionRange.empty(prereleases=True)
        for entry in _entries(document):
            union = union | SpecifierSet(_native(entry), prereleases=True).to_range()
        result.append(_mask([version in union for version in versions]))
    return result


def implementations() -> dict[str, Implementation]:
    """Every implementation the benchmark compares, psrt-core first."""
    found: dict[str, Implementation] = {
        "psrt-core AffectedIndex": psrt_matrix,
        "univers (vers strings)": univers_vers_matrix,
        "univers (from_native)": univers_native_matrix,
        "packaging (list of SpecifierSets)": packaging_specifier_matrix,
    }
    try:
        import packaging.ranges  # noqa: F401
    except ImportError:  # pragma: no cover - packaging < 26.3
        return found
    found["packaging.ranges (VersionRange)"] = packaging_ranges_matrix
    return found


# -- timing ------------------------------------------------------------------------------------


def best_time(function: Callable[[], object], repeat: int) -> float:
    """The fastest of *repeat* runs, in seconds (garbage collection off while timing)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def round_robin(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """The fastest of *repeat* runs of each function, taking turns so that a busy moment of
    the machine hits every implementation alike rather than one of them."""
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, function in functions.items():
            best[name] = min(best[name], best_time(function, 1))
    return best


def median_per_call(function: Callable[[], object], calls: int, rounds: int) -> float:
    """The median over *rounds* of the mean time per call of *calls* calls, in seconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - start) / calls)
    return statistics.median(samples)


def peak_memory(function: Callable[[], object]) -> int:
    """Peak bytes allocated while *function* runs (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    if seconds >= 1e-6:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e9:.0f} ns"


def _fmt_bytes(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


# -- the run -----------------------------------------------------------------------------------


def check_matrices(
    catalog: Catalog, documents: Sequence[Document], found: dict[str, Implementation]
) -> Matrix:
    """Every implementation's matrix, which must all equal psrt-core's; returns it."""
    expected = psrt_matrix(catalog, documents)
    for name, function in found.items():
        if function(catalog, documents) != expected:
            msg = f"{name} computes a different matrix than psrt-core"
            raise SystemExit(msg)
    return expected


def matrix_section(
    catalog: Catalog, documents: Sequence[Document], found: dict[str, Implementation], repeat: int
) -> list[str]:
    """Parsed records to the full matrix, every implementation, side by side."""
    cells = len(catalog.released()) * len(documents)
    timings = round_robin(
        {name: functools.partial(f, catalog, documents) for name, f in found.items()}, repeat
    )
    ours = timings["psrt-core AffectedIndex"]
    lines = [
        "| From parsed records to the full matrix | time | per check | vs psrt-core |",
        "|---|---|---|---|",
    ]
    for name, seconds in timings.items():
        ratio = "1x" if name.startswith("psrt") else f"{seconds / ours:.0f}x slower"
        lines.append(f"| {name} | {_fmt_time(seconds)} | {_fmt_time(seconds / cells)} | {ratio} |")
    return [*lines, ""]


def query_section(catalog: Catalog, documents: Sequence[Document], seed: int) -> list[str]:
    """The median time of one "which advisories affect V?" query."""
    index = AffectedIndex.build(catalog, [advisory_from_dict(document) for document in documents])
    rng = random.Random(seed)
    probes = [rng.choice(catalog.released()).version for _ in range(64)]
    cycle = itertools.cycle(probes)
    query = median_per_call(lambda: index.advisories_affecting(next(cycle)), 20_000, 15)
    cycle_text = itertools.cycle([str(v) for v in probes])
    query_text = median_per_call(lambda: index.advisories_affecting(next(cycle_text)), 20_000, 15)
    specs = [[SpecifierSet(_native(e), prereleases=True) for e in _entries(d)] for d in documents]
    univers_ranges = [
        UniversRange.from_string(_vers(_entries(d)))  # type: ignore[no-untyped-call]
        for d in documents
    ]
    probe = probes[0]
    probe_pypi = PypiVersion(str(probe))
    ids = [_cve_id(d) for d in documents]
    packaging_query = median_per_call(
        lambda: frozenset(
            i
            for i, s in zip(ids, specs, strict=True)
            if any(x.contains(probe, prereleases=True) for x in s)
        ),
        20,
        9,
    )
    univers_query = median_per_call(
        lambda: frozenset(i for i, r in zip(ids, univers_ranges, strict=True) if probe_pypi in r),
        5,
        9,
    )
    return [
        f'| "Which advisories affect V?" ({len(documents)} advisories) | median |',
        "|---|---|",
        f"| psrt-core `index.advisories_affecting(Version)` | {_fmt_time(query)} |",
        f"| psrt-core `index.advisories_affecting(str)` | {_fmt_time(query_text)} |",
        f"| packaging, every advisory's SpecifierSets | {_fmt_time(packaging_query)} |",
        f"| univers, every advisory's vers range | {_fmt_time(univers_query)} |",
        "",
    ]


def large_section(catalog: Catalog, big: Sequence[Document], repeat: int) -> list[str]:
    """A large index: built and every release queried; from sets and from records."""
    advisories = [advisory_from_dict(document) for document in big]
    sets = {a.id: a.evaluate().affected for a in advisories}
    versions = [r.version for r in catalog.released()]

    def index_and_query(source: Any) -> None:
        built = AffectedIndex.build(catalog, source)
        for version in versions:
            built.advisories_affecting(version)

    def from_records() -> None:
        # Fresh Advisory objects: each caches its evaluation, and the evaluation is what this
        # row includes, so a repetition must not reuse the previous one's.
        index_and_query([Advisory(a.record) for a in advisories])

    times = round_robin(
        {"sets": functools.partial(index_and_query, sets), "records": from_records},
        repeat,
    )
    return [
        f"| {len(big)} advisories, indexed and every release queried | time |",
        "|---|---|",
        f"| from evaluated sets (`AffectedIndex.build(catalog, sets)`) | "
        f"{_fmt_time(times['sets'])} |",
        f"| from loaded records (evaluation included) | {_fmt_time(times['records'])} |",
        "",
    ]


def loading_section(big: Sequence[Document], repeat: int) -> list[str]:
    """parse_advisory on JSON text against json.loads on the same text."""
    texts = [json.dumps(document) for document in big]
    times = round_robin(
        {
            "json": lambda: [json.loads(text) for text in texts],
            "load": lambda: [parse_advisory(text) for text in texts],
        },
        repeat,
    )
    return [
        f"| Loading {len(big)} CVE JSON 5 records | time | vs `json.loads` |",
        "|---|---|---|",
        f"| `json.loads` | {_fmt_time(times['json'])} | 1x |",
        f"| `psrt_core.serialization.parse_advisory` (JSON text) | {_fmt_time(times['load'])} | "
        f"{times['load'] / times['json']:.1f}x |",
        "",
    ]


def memory_section(
    catalog: Catalog,
    documents: Sequence[Document],
    big: Sequence[Document],
    found: dict[str, Implementation],
) -> list[str]:
    """Peak memory (tracemalloc) of each implementation, and of the large index."""
    lines = [
        f"| Peak memory, parsed records to matrix ({len(documents)} advisories) | peak |",
        "|---|---|",
    ]
    for name, function in found.items():
        peak = peak_memory(functools.partial(function, catalog, documents))
        lines.append(f"| {name} | {_fmt_bytes(peak)} |")
    sets = {a.id: a.evaluate().affected for a in (advisory_from_dict(d) for d in big)}
    index_peak = peak_memory(lambda: AffectedIndex.build(catalog, sets))
    lines.append(
        f"| psrt-core index of {len(big)} evaluated advisories | {_fmt_bytes(index_peak)} |"
    )
    return [*lines, ""]


def run(advisories: int, large: int, seed: int, repeat: int) -> str:
    """Run every measurement and return the Markdown report."""
    catalog = psrt_core.cpython_releases()
    documents = make_workload(catalog, advisories, seed)
    big = make_workload(catalog, large, seed + 1)
    released = catalog.released()
    found = implementations()
    expected = check_matrices(catalog, documents, found)
    affected = sum(bin(mask).count("1") for mask in expected)
    lines = [
        f"Workload: bundled CPython catalog ({len(released)} released releases) x "
        f"{advisories} advisories (seed {seed}), CVE JSON 5, 2-6 branch ranges each; "
        f"Python {platform.python_version()}, packaging {packaging.__version__}.",
        "",
        f"All {len(found)} implementations computed the same {len(released)} x {advisories} "
        f"matrix ({affected} affected cells of {len(released) * advisories}).",
        "",
    ]
    lines += matrix_section(catalog, documents, found, repeat)
    lines += query_section(catalog, documents, seed)
    lines += large_section(catalog, big, repeat)
    lines += loading_section(big, repeat)
    lines += memory_section(catalog, documents, big, found)
    argv = " ".join(sys.argv[1:])
    lines.append(f"Command: `{COMMAND}{' ' + argv if argv else ''}`")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run, print the Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--advisories", type=int, default=150, help="advisories (default 150)")
    parser.add_argument("--large", type=int, default=1500, help="large index size (1500)")
    parser.add_argument("--seed", type=int, default=20261121, help="workload seed")
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats (best of)")
    args = parser.parse_args(argv)
    print(run(args.advisories, args.large, args.seed, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
