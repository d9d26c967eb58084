"""Execute the documentation's Python examples (```python blocks and >>> prompts) with Sybil."""

from __future__ import annotations

from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), DocTestDirectiveParser(), SkipParser()],
    patterns=["*.md"],
).pytest()
