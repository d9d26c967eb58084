"""The index's fast path: a plain CVE record placed on the catalog's line without any set.

Why: building an index from record text spent about half its time evaluating records into
`VersionSet` values whose only use there is to be placed back on the catalog (issue 13). Most
CVE records for CPython and pip are plain: every ``versions`` entry is a single version or a
``version`` .. ``lessThan``/``lessThanOrEqual`` range of PEP 440 ``versionType``, without
``changes``, and every bound is a catalog release's own text (or ``"0"`` below, ``"*"``
above). Every set such an entry matches is then a union of cells of the index's line
(a release, or the open gap between two releases), so the CVE 5 rules (range-semantics §2:
entry *i* decides what it matches that no earlier entry matched; ``defaultStatus`` the rest)
are a few bit operations on that line, with the same answer as `evaluate_cve_product`.

Anything else declines (``None``) and takes the general evaluation: an OSV record, a bound
that is not a catalog release's text (``3.8`` for ``3.8.0``, a scheduled release, a
non-PEP 440 string), ``changes``, a wildcard, ``defaultStatus: affected`` (it would make every
non-PEP 440 string affected), an advisory already evaluated or of a subclass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from packaging.version import Version

from psrt_core.advisories._advisory import Advisory
from psrt_core.advisories._cve import CveProduct, CveRecord, CveVersion, Status
from psrt_core.advisories._evaluation import BOTTOM, PEP440_VERSION_TYPES, TOP
from psrt_core.versions import VersionSet

__all__ = ["plain_line", "set_of_line"]

#: ``(line, mask)``: the affected cells of the line and the affected releases (see `plain_line`).
Plain = tuple[int, int]


def plain_line(item: object, positions: Mapping[object, int], top: int) -> Plain | None:
    """The affected cells of a plain CVE advisory on the index's line, or ``None`` to decline.

    *positions* maps a release's text to its position ``2 * i + 1`` on the line, whose end
    is *top* (``2 * len(releases) + 1``). Returns the bits of the affected positions and the
    mask over releases (bit *i* for release *i*), exactly what the general path places.
    """
    if type(item) is not Advisory or item._evaluation is not None:  # noqa: SLF001 - a read
        return None
    if not isinstance(item.record, CveRecord):
        return None
    line = mask = 0
    for _, _, product in item._entries():  # noqa: SLF001 - the entries `evaluate` reads
        if not isinstance(product, CveProduct):  # pragma: no cover - a CVE record's
            return None
        found = _product_line(product, positions, top)
        if found is None:
            return None
        line |= found[0]
        mask |= found[1]
    return line, mask


def _product_line(product: CveProduct, positions: Mapping[object, int], top: int) -> Plain | None:
    """One product's affected cells by the first-match rule, ``None`` to decline."""
    if product.default_status is Status.AFFECTED:
        return None
    claimed_line = claimed_mask = line = mask = 0
    for entry in product.versions or ():
        cells = _entry_cells(entry, positions, top)
        if cells is None:
            return None
        start, stop = cells
        if stop <= start:  # an empty interval matches nothing, so it claims nothing
            continue
        here = (1 << stop) - (1 << start)
        first, last = start // 2, stop // 2  # release i is position 2 * i + 1
        releases = (1 << last) - (1 << first) if last > first else 0
        if entry.status is Status.AFFECTED:  # unaffected and unknown entries only claim
            line |= here & ~claimed_line
            mask |= releases & ~claimed_mask
        claimed_line |= here
        claimed_mask |= releases
    return line, mask


def _entry_cells(
    entry: CveVersion, positions: Mapping[object, int], top: int
) -> tuple[int, int] | None:
    """The half-open positions ``[start, stop)`` the entry matches, ``None`` to decline.

    The same reading as `cve_match_set`: ``version: "0"`` of a range is the bottom, ``"*"``
    as upper bound the top, ``lessThanOrEqual`` takes the release's own position too.
    """
    if entry.changes:
        return None
    kind = entry.version_type.lower() if entry.version_type is not None else None
    if not entry.is_range:
        if kind is not None and kind not in PEP440_VERSION_TYPES:
            return None
        at = positions.get(entry.version)
        return None if at is None else (at, at + 1)
    if kind not in PEP440_VERSION_TYPES:
        return None
    start = 0 if entry.version == BOTTOM else positions.get(entry.version)
    inclusive = entry.less_than is None
    upper = entry.less_than if entry.less_than is not None else entry.less_than_or_equal
    if upper == TOP:
        stop: int | None = top
    else:
        at = positions.get(upper)
        stop = None if at is None else at + inclusive
    if start is None or stop is None:
        return None
    return start, stop


def set_of_line(line: int, versions: Sequence[Version]) -> VersionSet:
    """The set whose cells on the line of *versions* are the bits of *line*.

    Position ``2 * i + 1`` is ``versions[i]``, ``2 * i`` the open gap below it; a run that
    starts in a gap starts just above the release below it, one that ends in a gap ends just
    above the release below that gap.
    """
    pieces: list[VersionSet] = []
    top = 2 * len(versions) + 1
    position = 0
    while line:
        low = (line & -line).bit_length() - 1
        line >>= low
        position += low
        length = (~line & (line + 1)).bit_length() - 1
        start, stop = position, position + length
        lower = None if start == 0 else versions[(start - 1) // 2]
        upper = None if stop >= top else versions[(stop - 1) // 2]
        pieces.append(
            VersionSet.interval(
                lower, upper, lower_inclusive=start % 2 == 1, upper_inclusive=stop % 2 == 0
            )
        )
        line >>= length
        position += length
    return VersionSet.union_all(pieces)
