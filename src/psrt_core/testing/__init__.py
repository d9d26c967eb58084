"""Hypothesis strategies for psrt-core's types, for users who property-test code built on them.

Needs the ``testing`` extra: ``pip install psrt-core[testing]``.
"""

from __future__ import annotations

# <versions-strategies>
# </versions-strategies>
# <advisories-strategies>
# </advisories-strategies>
# <governance-strategies>
# </governance-strategies>

__all__: list[str] = []
