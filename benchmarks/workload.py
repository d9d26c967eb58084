"""The benchmark's workload and every approach it times, from record text to the full matrix.

The workload is the bundled CPython catalog times N seeded CVE JSON 5 records with 2 to 6
per-branch ranges each. Every approach starts from the same JSON *texts* and ends with the full
release-by-advisory matrix: one bitmask per advisory over the catalog's released releases.

The workload never puts a fix on a final release that had pre-releases (3.13.0, 3.2.1): there
PEP 440's ``<3.13.0`` leaves out 3.13.0's own pre-releases, so the packaging baselines would
compute a different (wrong) matrix. psrt-core handles that case (``psrt_core.ranges.to_specifiers``
writes ``<=3.13.0rc3`` instead).
"""

from __future__ import annotations

import json
import random
from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Any

from packaging.specifiers import SpecifierSet
from packaging.version import Version
from univers.version_range import PypiVersionRange
from univers.version_range import VersionRange as UniversRange
from univers.versions import PypiVersion

import psrt_core
from psrt_core import Advisory, AffectedIndex, Catalog

Document = dict[str, Any]
Matrix = list[int]
#: An approach: the catalog and the records' JSON texts in, the matrix out.
Approach = Callable[[Catalog, Sequence[str]], Matrix]

PSF = "28c92f92-d60d-412d-b760-e73465c3df22"
SEED = 20261121


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
        documents.append(cve_document(f"CVE-2099-{number + 10000}", entries))
    return documents


def cve_document(cve_id: str, entries: list[dict[str, str]]) -> Document:
    """A minimal valid CVE JSON 5 record for CPython with the given ``versions`` entries."""
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


def texts_of(documents: Sequence[Document]) -> list[str]:
    """The records as the JSON text every approach starts from."""
    return [json.dumps(document) for document in documents]


def entries_of(document: Document) -> list[dict[str, str]]:
    """The one product's ``versions`` entries."""
    entries: list[dict[str, str]] = document["containers"]["cna"]["affected"][0]["versions"]
    return entries


def parse_text() -> Callable[[str], Advisory]:
    """psrt-core's loader from record text (validated, format detected)."""
    from psrt_core.serialization import parse_advisory

    return parse_advisory


# -- psrt-core -----------------------------------------------------------------------------------


def psrt_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """psrt-core's bulk path: `index_records` parses (validated), evaluates and indexes."""
    from psrt_core.serialization import index_records

    index = index_records(catalog, texts)
    return [index.mask(advisory_id) for advisory_id in index.advisory_ids]


def psrt_per_record_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """psrt-core one record at a time: `parse_advisory` each, then `AffectedIndex.build`.

    The collector stays on throughout, as in a loop a user writes by hand.
    """
    parse = parse_text()
    index = AffectedIndex.build(catalog, [parse(text) for text in texts])
    return [index.mask(advisory_id) for advisory_id in index.advisory_ids]


def psrt_loading_only(texts: Sequence[str]) -> tuple[Advisory, ...]:
    """psrt-core's validated loading alone (`parse_advisories`): the matrix path's first part."""
    from psrt_core.serialization import parse_advisories

    return parse_advisories(texts)


def structure_only() -> Callable[[Sequence[Document]], list[object]]:
    """psrt-core's structuring alone: parsed CVE documents to their record objects, unchecked.

    A part of loading: the frozen objects a record is made of, built by the generated
    builders (private: this part has no public entry point of its own).
    """
    from psrt_core.advisories import CveRecord
    from psrt_core.serialization._fast_structure import structure_record

    def build(documents: Sequence[Document]) -> list[object]:
        return [structure_record(document, CveRecord) for document in documents]

    return build


def json_only(texts: Sequence[str]) -> list[Document]:
    """``json.loads`` of every text: the reference's first step, on its own."""
    return [json.loads(text) for text in texts]


# -- the reference: the minimal approach, written for the benchmark ------------------------------


class Reference:
    """The least work that gives the same matrix: no validation, no sets, no objects.

    Per record: ``json.loads``, one rank lookup per bound in the catalog's ``{text: position}``
    (a bound outside the catalog falls back to a binary search), the entries' position runs
    OR-ed into a mask, and the same start/stop interval sweep as `AffectedIndex` to build the
    per-release rows. It reads only what this workload writes (affected ``version`` /
    ``lessThan`` entries), which is why it is a yardstick and not a library.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.versions = [release.version for release in catalog.released()]
        self.ranks = {str(version): rank for rank, version in enumerate(self.versions)}

    def rank(self, text: str) -> int:
        """Position of the first catalog release at or above *text*."""
        found = self.ranks.get(text)
        return found if found is not None else bisect_left(self.versions, Version(text))

    def matrix(self, texts: Sequence[str]) -> tuple[Matrix, list[frozenset[str]]]:
        """The masks and the per-release rows of advisory ids."""
        count = len(self.versions)
        starts: list[list[str]] = [[] for _ in range(count + 1)]
        stops: list[list[str]] = [[] for _ in range(count + 1)]
        masks = []
        for text in texts:
            document = json.loads(text)
            advisory_id = document["cveMetadata"]["cveId"]
            mask = 0
            for entry in document["containers"]["cna"]["affected"][0]["versions"]:
                lower = 0 if entry["version"] == "0" else self.rank(entry["version"])
                upper = self.rank(entry["lessThan"])
                if upper > lower:
                    mask |= (1 << upper) - (1 << lower)
            masks.append(mask)
            _runs_into(mask, advisory_id, starts, stops)
        rows: list[frozenset[str]] = []
        active: set[str] = set()
        row: frozenset[str] = frozenset()
        for position in range(count):
            if starts[position] or stops[position]:
                active.difference_update(stops[position])
                active.update(starts[position])
                row = frozenset(active)
            rows.append(row)
        return masks, rows


def _runs_into(
    mask: int, advisory_id: str, starts: list[list[str]], stops: list[list[str]]
) -> None:
    """Record the runs of set bits of *mask* as start and stop positions."""
    position = 0
    while mask:
        low = (mask & -mask).bit_length() - 1
        mask >>= low
        position += low
        length = (~mask & (mask + 1)).bit_length() - 1
        starts[position].append(advisory_id)
        stops[position + length].append(advisory_id)
        mask >>= length
        position += length


def reference_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """The reference's masks (its rows are built too, as `AffectedIndex` builds them)."""
    return Reference(catalog).matrix(texts)[0]


# -- the peers -----------------------------------------------------------------------------------


def _mask(members: Sequence[bool]) -> int:
    mask = 0
    for position, member in enumerate(members):
        if member:
            mask |= 1 << position
    return mask


def vers_of(entries: list[dict[str, str]]) -> str:
    """The entries as one ``vers:pypi/`` string."""
    constraints = []
    for entry in entries:
        if entry["version"] != "0":
            constraints.append(f">={entry['version']}")
        constraints.append(f"<{entry['lessThan']}")
    return "vers:pypi/" + "|".join(constraints)


def native_of(entry: dict[str, str]) -> str:
    """One entry as PEP 440 specifier text."""
    lower = "" if entry["version"] == "0" else f">={entry['version']},"
    return f"{lower}<{entry['lessThan']}"


def univers_vers_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """univers: one vers string per advisory, VersionRange.from_string, `in` per release."""
    versions = [PypiVersion(str(r.version)) for r in catalog.released()]
    result = []
    for text in texts:
        parsed = UniversRange.from_string(vers_of(entries_of(json.loads(text))))  # type: ignore[no-untyped-call]
        result.append(_mask([version in parsed for version in versions]))
    return result


def univers_native_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """univers: one PypiVersionRange.from_native per entry (PEP 440 text), any-of per release."""
    versions = [PypiVersion(str(r.version)) for r in catalog.released()]
    result = []
    for text in texts:
        ranges = [
            PypiVersionRange.from_native(native_of(e))  # type: ignore[no-untyped-call]
            for e in entries_of(json.loads(text))
        ]
        result.append(_mask([any(version in r for r in ranges) for version in versions]))
    return result


def specifier_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """packaging: a list of SpecifierSets per advisory, contains(prereleases=True) per release."""
    versions = [r.version for r in catalog.released()]
    result = []
    for text in texts:
        specs = [SpecifierSet(native_of(e), prereleases=True) for e in entries_of(json.loads(text))]
        result.append(
            _mask(
                [any(s.contains(version, prereleases=True) for s in specs) for version in versions]
            )
        )
    return result


def packaging_ranges_matrix(catalog: Catalog, texts: Sequence[str]) -> Matrix:
    """packaging.ranges: the union of the entries' VersionRanges, `in` per release."""
    from packaging.ranges import VersionRange

    versions = [r.version for r in catalog.released()]
    result = []
    for text in texts:
        union = VersionRange.empty(prereleases=True)
        for entry in entries_of(json.loads(text)):
            union = union | SpecifierSet(native_of(entry), prereleases=True).to_range()
        result.append(_mask([version in union for version in versions]))
    return result


PSRT = "psrt-core"
JSON_ONLY = "json.loads alone"
LOADING_ONLY = "psrt-core loading alone"
PSRT_PER_RECORD = "psrt-core, per record"
REFERENCE = "reference"
UNIVERS_VERS = "univers (vers strings)"
UNIVERS_NATIVE = "univers (from_native)"
SPECIFIERS = "packaging SpecifierSet lists"
RANGES = "packaging.ranges VersionRange"


def approaches() -> dict[str, Approach]:
    """Every approach the benchmark compares, psrt-core first."""
    found: dict[str, Approach] = {
        PSRT: psrt_matrix,
        PSRT_PER_RECORD: psrt_per_record_matrix,
        REFERENCE: reference_matrix,
        UNIVERS_VERS: univers_vers_matrix,
        UNIVERS_NATIVE: univers_native_matrix,
        SPECIFIERS: specifier_matrix,
    }
    try:
        import packaging.ranges  # noqa: F401
    except ImportError:  # pragma: no cover - packaging < 26.3
        return found
    found[RANGES] = packaging_ranges_matrix
    return found


def check_matrices(catalog: Catalog, texts: Sequence[str], found: dict[str, Approach]) -> Matrix:
    """Every approach's matrix, which must all equal psrt-core's; returns it."""
    expected = psrt_matrix(catalog, texts)
    for name, function in found.items():
        if function(catalog, texts) != expected:
            msg = f"{name} computes a different matrix than psrt-core"
            raise SystemExit(msg)
    return expected


def cpython() -> Catalog:
    """The bundled CPython catalog."""
    return psrt_core.cpython_releases()
