"""Execute the documentation's Python examples (```python blocks and >>> prompts) with Sybil."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.myst import DocTestDirectiveParser, PythonCodeBlockParser, SkipParser

# The examples set only max_examples; on a loaded CI machine a slow generation must not fail
# them (the same health-check policy as the test suite's "ci" profile).
settings.register_profile("docs", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("docs")

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser(), DocTestDirectiveParser(), SkipParser()],
    patterns=["*.md"],
).pytest()
