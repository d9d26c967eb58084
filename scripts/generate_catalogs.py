"""Regenerate the bundled catalogs in ``src/psrt_core/data/`` from the raw release facts.

Usage, from the repository root (``../shared/data`` is the default source)::

    python scripts/generate_catalogs.py [--shared-data DIR] [--check]

* CPython: python/peps ``release_management/python-releases.toml``, read by
  `psrt_core.serialization.catalog_from_python_releases_toml` (the loader users call themselves).
* pip: a record of the package index's simple-API data for pip (file names, first upload times,
  yank flags and reasons), turned into a PEP 691 page and read by
  `psrt_core.serialization.catalog_from_simple_api`.

``--check`` compares instead of writing and exits 1 when the bundled files are stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from psrt_core.serialization import (
    catalog_from_python_releases_toml,
    catalog_from_simple_api,
    catalog_to_dict,
)

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_SHARED_DATA = REPOSITORY.parent / "shared" / "data"
OUTPUT = REPOSITORY / "src" / "psrt_core" / "data"


def render(document: dict[str, Any]) -> str:
    """JSON with one branch or release per line, so that diffs of the data stay readable."""
    lines = ["{"]
    scalars = [(k, v) for k, v in document.items() if not isinstance(v, list)]
    lists = [(k, v) for k, v in document.items() if isinstance(v, list)]
    for key, value in scalars:
        lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    for position, (key, items) in enumerate(lists):
        lines.append(f"  {json.dumps(key)}: [")
        for index, item in enumerate(items):
            comma = "," if index + 1 < len(items) else ""
            lines.append(f"    {json.dumps(item, ensure_ascii=False)}{comma}")
        lines.append("  ]" + ("," if position + 1 < len(lists) else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


def pip_simple_page(record: dict[str, Any]) -> dict[str, Any]:
    """The PEP 691 page (with PEP 700 upload times) that the pip record was read from."""
    files = []
    for release in record["releases"]:
        reason = release.get("yanked_reason")
        for file in release["files"]:
            yanked: bool | str = (reason or True) if file["yanked"] else False
            files.append(
                {
                    "filename": file["filename"],
                    "upload-time": file["upload_time"],
                    "yanked": yanked,
                }
            )
    versions = [release["version"] for release in record["releases"]]
    return {"meta": {"api-version": "1.1"}, "name": "pip", "versions": versions, "files": files}


def generate(shared_data: Path) -> dict[str, str]:
    """The bundled files' names and texts, generated from *shared_data*."""
    toml_text = (shared_data / "cpython" / "python-releases.toml").read_text(encoding="utf-8")
    cpython = catalog_from_python_releases_toml(toml_text)
    pip_record = json.loads((shared_data / "pip" / "pip-releases.json").read_text("utf-8"))
    pip = catalog_from_simple_api(pip_simple_page(pip_record), source="pip-releases.json")
    return {
        "cpython.json": render(catalog_to_dict(cpython)),
        "pip.json": render(catalog_to_dict(pip)),
    }


def main(argv: list[str] | None = None) -> int:
    """Write (or, with --check, compare) the bundled catalogs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared-data", type=Path, default=DEFAULT_SHARED_DATA)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    stale = []
    for name, text in generate(args.shared_data).items():
        target = OUTPUT / name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target.relative_to(REPOSITORY)}")
    if stale:
        print(f"stale: {', '.join(stale)}; run python scripts/generate_catalogs.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
