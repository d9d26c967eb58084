"""Parts of a record in and out: OSV ``ranges`` and CVE ``versions`` lists as models.

Why here: ``psrt_core.ranges`` and the CLI work with range lists outside a whole record (a
coordinator's JSON, ``psrt-core range --to``). They are read by the same cattrs converter as a
loaded record, so a list means the same and fails with the same messages and JSON paths; the
domain then evaluates the models (`psrt_core.ranges.from_osv_ranges`, `from_cve_versions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psrt_core.advisories import CveProduct, CveVersion, OsvAffected, OsvRange
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization._advisory_io import _converter, _wire_problems
from psrt_core.serialization._errors import problems_from_cattrs

__all__ = ["cve_versions_from_dicts", "fragment_to_dict", "osv_ranges_from_dicts"]

Fragment = OsvRange | CveVersion | OsvAffected | CveProduct


def _structure(key: str, data: object, cls: type, source: str | None) -> Any:
    document = {key: data}
    if not isinstance(data, Sequence) or isinstance(data, (str, bytes)):
        raise InvalidRecordError.single(
            f"$.{key}", "expected a list of objects", data, source=source
        )
    try:
        return _converter().structure(document, cls)
    except RecursionError:  # pragma: no cover - defensive, as in advisory_from_dict
        raise InvalidRecordError.single("$", "nesting too deep", source=source) from None
    except Exception as exc:  # noqa: BLE001 - cattrs' grouped errors, listed with their paths
        problems = _wire_problems(problems_from_cattrs(exc), document)
        raise InvalidRecordError(problems, source=source) from None


def osv_ranges_from_dicts(data: object, *, source: str | None = None) -> tuple[OsvRange, ...]:
    """OSV ``ranges`` (a parsed JSON list) as models, checked like a loaded record's.

    Raises `~psrt_core.exceptions.InvalidRecordError` listing every problem under
    ``$.ranges[i]``.
    """
    entry: OsvAffected = _structure("ranges", data, OsvAffected, source)
    return entry.ranges or ()


def cve_versions_from_dicts(data: object, *, source: str | None = None) -> tuple[CveVersion, ...]:
    """CVE JSON 5 ``versions`` entries (a parsed JSON list) as models, checked as in a record.

    Raises `~psrt_core.exceptions.InvalidRecordError` listing every problem under
    ``$.versions[i]``.
    """
    product: CveProduct = _structure("versions", data, CveProduct, source)
    return product.versions or ()


def fragment_to_dict(item: Fragment) -> dict[str, Any]:
    """An OSV range or ``affected[]`` entry, or a CVE ``versions`` entry or product, as JSON."""
    document: dict[str, Any] = _converter().unstructure(item)
    return document
