"""Sphinx configuration for the psrt-core documentation."""

from __future__ import annotations

project = "psrt-core"
author = "psrt-core contributors"
copyright = "2026, psrt-core contributors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "conftest.py"]
myst_enable_extensions = ["attrs_inline", "colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "psrt-core"

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
