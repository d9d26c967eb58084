"""Many records at once: parse a corpus of advisory texts, or parse and index it, in one call.

Why a bulk path: loading thousands of records creates a few dozen container objects per record
(frozen attrs instances, tuples, mappings) that all stay alive. CPython's cyclic garbage
collector counts every allocation and, as the live heap grows, keeps re-walking those survivors
in its older generations, and its full collections walk the whole heap: at 1,500 records about a
third of the time went to collections that could find nothing, and at 15,000 about 40 % (issue
13). The objects built here are immutable and acyclic, so reference counting frees whatever is
dropped; the collector has nothing to reclaim among them. The bulk functions therefore pause the
cyclic collector while they build and restore its previous state afterwards (also on error). The
new objects are then walked once by the next young collection instead of many times during the
build. The collector is process-wide: another thread allocating cyclic garbage meanwhile keeps
it until the pause ends (it is not lost, only collected later).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping

from psrt_core.advisories import Advisory
from psrt_core.limits import DEFAULT_LIMITS, Limits
from psrt_core.ranges import AffectedIndex
from psrt_core.serialization._advisory_io import parse_advisory
from psrt_core.versions import Catalog

__all__ = ["collector_paused", "index_records", "parse_advisories"]

Texts = Iterable[str] | Mapping[str, str]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector for the block; restore its state after.

    For building many immutable, acyclic objects that stay alive (see the module doc). If the
    collector was already disabled it stays disabled.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_advisories(
    texts: Texts, *, source: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[Advisory, ...]:
    """Every text of *texts* as an `~psrt_core.advisories.Advisory`, in order (`parse_advisory`).

    *texts* is an iterable of record texts (JSON or YAML, OSV or CVE JSON 5), or a mapping from
    a name (a file name, say) to the text. The first bad record raises its
    `~psrt_core.exceptions.InvalidRecordError`, whose ``source`` names the text: its mapping
    key, or ``"<source>[i]"`` (``"texts[i]"`` without *source*) for the *i*-th text. The cyclic
    garbage collector is paused meanwhile (see `collector_paused`).
    """
    with collector_paused():
        return tuple(_parsed(texts, source, limits))


def _parsed(texts: Texts, source: str | None, limits: Limits) -> Iterator[Advisory]:
    if isinstance(texts, Mapping):
        named: Iterable[tuple[str, str]] = texts.items()
    else:
        prefix = source or "texts"
        named = ((f"{prefix}[{index}]", text) for index, text in enumerate(texts))
    for name, text in named:
        yield parse_advisory(text, source=name, limits=limits)


def index_records(
    catalog: Catalog,
    texts: Texts,
    *,
    include_scheduled: bool = False,
    include_withdrawn: bool = False,
    source: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> AffectedIndex:
    """`parse_advisories` then `~psrt_core.ranges.AffectedIndex.build` over *catalog*.

    Both steps run with the collector paused (the evaluation's sets stay alive in the index
    too). *include_scheduled* and *include_withdrawn* are as for
    `~psrt_core.ranges.AffectedIndex.build`; an advisory id given twice raises its
    `~psrt_core.exceptions.InvalidInputError`.
    """
    with collector_paused():
        # The advisories are an argument only: dropped (freed by reference counting) before
        # the pause ends, so the collector never walks them; only the index's sets remain.
        return AffectedIndex.build(
            catalog,
            parse_advisories(texts, source=source, limits=limits),
            include_scheduled=include_scheduled,
            include_withdrawn=include_withdrawn,
        )
