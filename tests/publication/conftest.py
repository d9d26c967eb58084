"""Fixtures for publication tests: GitHub's example advisories and the official schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import shared_path


@pytest.fixture
def ghsa_dir() -> Path:
    """``../shared/data/ghsa``: GitHub's two example repository advisories."""
    return shared_path("data", "ghsa")


def _validator(name: str) -> Any:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test group")
    schema = json.loads(shared_path("schemas", name).read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture
def cve_schema() -> Any:
    """A validator for the official CVE JSON 5.1 bundled schema."""
    return _validator("cve-5.1.0-bundled.json")


@pytest.fixture
def osv_schema() -> Any:
    """A validator for the official OSV schema."""
    return _validator("osv-schema.json")


def schema_errors(validator: Any, document: object) -> list[str]:
    """Every schema violation as ``path: message`` (empty: valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]
