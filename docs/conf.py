"""Sphinx configuration for the psrt-core documentation."""

# Sphinx calls the event handlers below with fixed signatures.
# ruff: noqa: ARG001

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Any

# Local extensions: the command-line reference generated from the parser (docs/_ext).
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "psrt-core"
author = "psrt-core contributors"
copyright = "2026, psrt-core contributors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "psrt_cli_reference",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "conftest.py"]
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "psrt-core"
html_static_path = ["_static"]
# Long code blocks scroll sideways instead of being cut off (and long words in tables wrap).
html_css_files = ["custom.css"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
default_role = "py:obj"
nitpicky = True
# The build must work offline (CI and `nox -s docs` have no network), so there is no
# intersphinx: references to the standard library and to dependencies are not links, and
# nitpicky mode is told so here instead of failing on them.
nitpick_ignore_regex = [
    (
        r"py:.*",
        r"(packaging|cattrs|attrs|univers|hypothesis|_io|datetime|typing|collections|enum|os"
        r"|re|pathlib|argparse|fractions|functools|importlib)\..*",
    ),
    (r"py:.*", r"psrt_core\..*\._.*"),
    (r"py:.*", r"_[A-Za-z]\w*"),
    (r"py:.*", r"(Version|VersionLike|T|TextIO|Path|Fraction|date|datetime|timedelta)"),
    (r"py:.*", r"(Figure|matplotlib\..*)"),  # the optional plot extra: no link offline
    (r"py:.*", r"st\.\w+"),  # hypothesis.strategies as spelled in the strategies' signatures
    # A type alias (the union of the governance event classes) is documented as data, which the
    # class role in a rendered signature cannot link to.
    (r"py:class", r"GovernanceEvent"),
    (r"py:.*", r"(NO_VALUE|Any|Callable|Iterable|Iterator|Mapping|Sequence|Final|Literal)"),
    (
        r"py:.*",
        r"(object|str|int|bool|float|bytes|list|dict|tuple|set|frozenset|type|None"
        r"|Exception|ValueError|TypeError|LookupError|KeyError|OSError)",
    ),
]
exclude_patterns += ["_static"]  # the generated figures' fragment is included, not a page

# -- Figures generated at build time -------------------------------------------------------------
# The how-to "Count and chart CPython advisories by year" shows figures drawn from the shared
# real samples. They are drawn at build time when matplotlib (the `plot` extra) is importable;
# otherwise the page says how to draw them. Either way the page includes one fragment, so the
# build is warning-free with and without matplotlib.

_DOCS = Path(__file__).resolve().parent
_GENERATED = _DOCS / "_static" / "generated"
_SAMPLES = _DOCS.parent.parent / "shared" / "data" / "samples"

_WITHOUT = """\
```{note}
The figures are drawn when the documentation is built with matplotlib installed
(`pip install 'psrt-core[plot]'`) and the real samples beside the checkout
(`../shared/data/samples`). Draw them yourself with the commands above.
```
"""

_WITH = """\
![Advisories per year in the samples](/_static/generated/per-year.svg)

![Exposure of CVE-2024-6232 per CPython branch](/_static/generated/timeline.svg)

![CPython 3.9 to 3.14 releases by advisory](/_static/generated/matrix.svg)
"""


def _draw_figures() -> bool:
    """Draw the how-to's figures from the samples; False when matplotlib or samples are absent."""
    try:
        import matplotlib
    except ModuleNotFoundError:
        return False
    if not _SAMPLES.is_dir():
        return False
    from psrt_core import plots
    from psrt_core.cli._plot import branch_range
    from psrt_core.cli._stats import collect_records
    from psrt_core.serialization import bundled_catalog

    everything = [item for _, item in collect_records([str(_SAMPLES)]).records]
    cves = [item for _, item in collect_records([str(_SAMPLES / "cve")]).records]
    cpython = bundled_catalog("cpython")
    figures = {
        "per-year.svg": plots.per_year(everything),
        "timeline.svg": plots.timeline(
            [item for item in cves if item.id == "CVE-2024-6232"], cpython
        ),
        "matrix.svg": plots.matrix(cves, cpython, branches=branch_range(cpython, "3.9-3.14")),
    }
    # Fixed metadata and hash salt: rebuilding gives byte-identical files.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "psrt-core"}):
        for name, figure in figures.items():
            figure.savefig(_GENERATED / name, metadata={"Date": None})
    return True


def _generate(app: object) -> None:
    _GENERATED.mkdir(parents=True, exist_ok=True)
    text = _WITH if _draw_figures() else _WITHOUT
    fragment = _GENERATED / "figures.md"
    if not fragment.is_file() or fragment.read_text(encoding="utf-8") != text:
        fragment.write_text(text, encoding="utf-8")


def _enum_members(  # noqa: PLR0917 (six positional arguments, as Sphinx calls it)
    app: Any, what: str, name: str, obj: object, options: Any, lines: list[str]
) -> None:
    """Append an Enum's members with their values: the values are what files and JSON contain."""
    if what != "class" or not (isinstance(obj, type) and issubclass(obj, enum.Enum)):
        return
    members = list(obj.__members__.items())
    if not members:
        return
    lines += ["", ":Members:", ""]
    lines += [f"   - ``{key} = {_literal(member.value)}``" for key, member in members]
    lines.append("")


def _literal(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def setup(app: Any) -> None:
    """Draw the figures before Sphinx reads the sources; list Enum members with their values."""
    app.connect("builder-inited", _generate)
    app.connect("autodoc-process-docstring", _enum_members)
