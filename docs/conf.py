"""Sphinx configuration for the psrt-core documentation."""

from __future__ import annotations

project = "psrt-core"
author = "psrt-core contributors"
copyright = "2026, psrt-core contributors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "conftest.py"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "furo"
html_title = "psrt-core"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
default_role = "py:obj"
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(packaging|cattrs|attrs|univers|hypothesis|_io|datetime|typing|collections)\..*"),
    (r"py:.*", r"psrt_core\..*\._.*"),
    (r"py:class", r"(Version|VersionLike|_T|T|TextIO|Path|Fraction|date|datetime|timedelta)"),
    (r"py:.*", r"(NO_VALUE|Any|Callable|Iterable|Iterator|Mapping|Sequence)"),
]
intersphinx_mapping = {"python": ("https://docs.python.org/3", None)}
intersphinx_disabled_reftypes = ["*"]
suppress_warnings = ["intersphinx.external"]
