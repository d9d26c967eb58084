"""The CVE JSON 5 record (dataVersion 5.0 to 5.2) as typed, frozen classes.

Python names are snake_case; `psrt_core.serialization` maps them to the schema's camelCase.
Unknown keys survive in each class's ``extra`` mapping; ADP containers are kept whole.
"""

from psrt_core.advisories._cve import (
    CnaContainer,
    CveChange,
    CveContainers,
    CveCredit,
    CveDescription,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveProduct,
    CveRecord,
    CveReference,
    CveVersion,
    Status,
)

__all__ = [
    "CnaContainer",
    "CveChange",
    "CveContainers",
    "CveCredit",
    "CveDescription",
    "CveMetadata",
    "CveProblemDescription",
    "CveProblemType",
    "CveProduct",
    "CveRecord",
    "CveReference",
    "CveVersion",
    "Status",
]


def __dir__() -> list[str]:
    return __all__
