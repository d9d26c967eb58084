"""Small hand-made catalogs and paths to this area's fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from psrt_core.versions import Branch, BranchStatus, Catalog, Release

FIXTURES = Path(__file__).parent / "fixtures"

TOY_VERSIONS = {
    "1.0": ["1.0.0a1", "1.0.0rc1", "1.0.0", "1.0.1", "1.0.2"],
    "1.1": ["1.1.0a1", "1.1.0", "1.1.1", "1.1.2"],
    "2.0": ["2.0.0a1", "2.0.0b1", "2.0.0"],
}


def toy_catalog(*, scheduled: str | None = "2.0.1") -> Catalog:
    """Three branches of an imaginary product, plus one scheduled release."""
    releases = [Release(version) for versions in TOY_VERSIONS.values() for version in versions]
    if scheduled:
        releases.append(Release(scheduled, scheduled=True))
    branches = [Branch(name, BranchStatus.BUGFIX) for name in TOY_VERSIONS]
    return Catalog("example", releases, branches)


@pytest.fixture
def toy() -> Catalog:
    """The toy catalog."""
    return toy_catalog()


@pytest.fixture
def fixtures() -> Path:
    """This area's own fixture directory."""
    return FIXTURES
