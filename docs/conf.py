"""Sphinx configuration for the psrt-core documentation."""

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


def _enum_members(  # noqa: PLR0917 (Sphinx calls the hook with six positional arguments)
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
    """Hooks local to this site."""
    app.connect("autodoc-process-docstring", _enum_members)
