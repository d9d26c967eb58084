"""Strategies for PEP 440 versions and version sets.

Why a curated pool mixed with generated values: the bugs in range code live at a handful of
edges (a branch's first alpha, the last candidate before a final, a ``.post`` after a fix, an
epoch, a local label, the ``.dev0`` floor), which uniform generation almost never hits. Every
strategy draws from the pool often and from generated versions the rest of the time.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from packaging.version import Version

from psrt_core.versions import VersionSet

__all__ = ["cpython_versions", "pip_versions", "version_sets", "versions"]

_CPYTHON_POOL = (
    "2.7.18",
    "3.8.20",
    "3.9.0a1",
    "3.9.25",
    "3.10.0",
    "3.11.0rc2",
    "3.12.0rc3",
    "3.12.8",
    "3.13.0a1",
    "3.13.0b4",
    "3.13.0",
    "3.13.1",
    "3.14.0a3",
)
_PIP_POOL = ("0.2", "1.5.6", "10.0.0b1", "10.0.0", "20.0", "20.3.2", "21.2", "23.3", "24.1b2")
_EDGE_POOL = (
    "0",
    "0.dev0",
    "0a1",
    "1.0.dev0",
    "1.0a1.dev1",
    "1.0rc1",
    "1.0",
    "1.0+local.7",
    "1.0.post1",
    "1.0.post1.dev2",
    "1!0.1",
    "1!2.0",
)
_PRE = st.sampled_from(["", "", "", "a1", "a2", "b1", "rc1", "rc3"])


def _pool(*names: tuple[str, ...]) -> st.SearchStrategy[Version]:
    return st.sampled_from(sorted({Version(v) for group in names for v in group}))


def cpython_versions() -> st.SearchStrategy[Version]:
    """Versions shaped like CPython's (``3.13.0a1``, ``3.12.8``), edge cases often."""
    generated = st.builds(
        lambda major, minor, micro, pre: Version(f"{major}.{minor}.{micro}{pre}"),
        st.integers(2, 3),
        st.integers(0, 15),
        st.integers(0, 25),
        _PRE,
    )
    return st.one_of(_pool(_CPYTHON_POOL), generated)


def pip_versions() -> st.SearchStrategy[Version]:
    """Versions shaped like pip's (``24.1b2``, ``1.5.6``), edge cases often."""
    generated = st.builds(
        lambda major, minor, pre: Version(f"{major}.{minor}{pre}"),
        st.integers(0, 26),
        st.integers(0, 5),
        st.sampled_from(["", "", "b1", "b2"]),
    )
    return st.one_of(_pool(_PIP_POOL), generated)


def versions() -> st.SearchStrategy[Version]:
    """Any PEP 440 version: CPython- and pip-shaped ones, epochs, locals, ``.post``, ``.dev``."""
    generated = st.builds(
        lambda epoch, release, pre, post, dev, local: Version(
            f"{epoch}{'.'.join(map(str, release))}{pre}{post}{dev}{local}"
        ),
        st.sampled_from(["", "", "", "1!"]),
        st.lists(st.integers(0, 12), min_size=1, max_size=3),
        _PRE,
        st.sampled_from(["", "", "", ".post1", ".post2"]),
        st.sampled_from(["", "", "", ".dev0", ".dev3"]),
        st.sampled_from(["", "", "", "", "+local", "+ubuntu.1"]),
    )
    return st.one_of(
        _pool(_EDGE_POOL, _CPYTHON_POOL, _PIP_POOL), cpython_versions(), pip_versions(), generated
    )


def version_sets(
    *,
    elements: st.SearchStrategy[Version] | None = None,
    max_intervals: int = 4,
    literals: bool = False,
) -> st.SearchStrategy[VersionSet]:
    """Version sets built as unions of random intervals (open, closed, unbounded, points).

    *elements* draws the interval ends (default `versions`); *literals* mixes in non-PEP 440
    strings and their complements, which `psrt_core.versions.VersionSet` keeps apart from the
    version line.
    """
    if max_intervals < 0:
        msg = f"max_intervals={max_intervals!r} must be at least 0"
        raise InvalidArgument(msg)
    ends = elements if elements is not None else versions()
    bound = st.one_of(st.none(), ends)
    one = st.builds(
        lambda lower, upper, li, ui: VersionSet.interval(
            lower, upper, lower_inclusive=li, upper_inclusive=ui
        ),
        bound,
        bound,
        st.booleans(),
        st.booleans(),
    )
    point = st.builds(VersionSet.singleton, ends)
    pieces = st.lists(st.one_of(one, point), max_size=max_intervals)
    sets = pieces.map(_union)
    if not literals:
        return sets
    extra = st.builds(
        lambda names, invert: ~VersionSet.of(names) if invert else VersionSet.of(names),
        st.lists(st.sampled_from(["0.7.10p1", "2.0.0-final", "wat"]), max_size=2),
        st.booleans(),
    )
    return st.builds(
        lambda base, literal: base | (literal - VersionSet.from_intervals(literal.intervals())),
        sets,
        extra,
    )


def _union(pieces: list[VersionSet]) -> VersionSet:
    result = VersionSet.empty()
    for piece in pieces:
        result = result | piece
    return result
