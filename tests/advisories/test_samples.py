"""Real records from ``../shared/data/samples`` (skipped, with the reason, when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from packaging.version import Version

from psrt_core import load_advisory
from psrt_core.advisories import OsvRecord, Status, lint
from psrt_core.serialization import advisory_to_dict, bundled_catalog, dump_advisory
from psrt_core.serialization._advisory_io import parse_advisory_with_syntax

PIP_CATALOG = bundled_catalog("pip")


def _records(samples: Path) -> list[Path]:
    return sorted(p for p in samples.rglob("*") if p.suffix in (".json", ".yaml"))


def test_every_sample_round_trips(samples: Path) -> None:
    """Lossless: every real OSV (JSON, YAML) and CVE record loads and dumps to the same value."""
    records = _records(samples)
    assert len(records) >= 40
    for path in records:
        text = path.read_text(encoding="utf-8")
        advisory, syntax = parse_advisory_with_syntax(text, source=str(path))
        if syntax == "json":
            assert advisory_to_dict(advisory) == json.loads(text), path
        else:
            original = yaml.load(text, Loader=yaml.BaseLoader)
            assert advisory_to_dict(advisory) == original, path
            dumped = dump_advisory(advisory, syntax="yaml")
            assert yaml.load(dumped, Loader=yaml.BaseLoader) == original, path


def test_pypa_pip_versions_equal_the_evaluated_ranges(samples: Path) -> None:
    """The pypa pip records' ``versions`` equal their ranges evaluated over the pip catalog."""
    paths = sorted((samples / "osv-pypa" / "pip").glob("*.yaml"))
    assert paths
    for path in paths:
        advisory = load_advisory(path)
        assert advisory.product_name == "pip"
        record = advisory.record
        assert isinstance(record, OsvRecord)
        listed = sorted(Version(v) for entry in record.affected or () for v in entry.versions or ())
        evaluated = [release.version for release in advisory.affected_versions(PIP_CATALOG)]
        assert evaluated == listed, path


def test_psf_osv_records_are_cpython_and_need_a_commit_map(samples: Path) -> None:
    """range-semantics §3.1: every PSF record is a GIT range on python/cpython with no package."""
    for path in sorted((samples / "osv-psf").glob("*.json")):
        advisory = load_advisory(path)
        assert advisory.product_name == "cpython", path
        evaluation = advisory.evaluate()
        assert evaluation.affected.is_empty
        assert evaluation.status("3.12.0") is Status.UNKNOWN
        assert [f.code for f in lint(advisory)] == ["OSV008"], path


def test_cve_2024_6232_coarse_and_refined(samples: Path) -> None:
    """range-semantics §2.5: CVE-2024-6232 was published coarse and refined per branch later."""
    refined = load_advisory(samples / "cve" / "CVE-2024-6232.json")
    coarse = load_advisory(samples / "cve" / "CVE-2024-6232.v2024-09-03.json")
    for advisory in (refined, coarse):
        assert advisory.product_name == "cpython"
        assert advisory.status("3.13.0rc1") is Status.AFFECTED
        assert advisory.status("3.13.0rc2") is Status.UNAFFECTED
    assert refined.status("3.12.6") is Status.UNAFFECTED
    assert coarse.status("3.12.6") is Status.AFFECTED  # coarse: everything below 3.13.0rc2
    assert refined.status("3.12.0rc1") is Status.UNAFFECTED  # the X.Y.0 pre-release trap
    assert "CVE003" in {f.code for f in lint(refined)}


def test_cve_2024_9287_less_than_or_equal(samples: Path) -> None:
    """range-semantics §2.5: CVE-2024-9287 uses ``lessThanOrEqual 3.13.0`` (inclusive)."""
    advisory = load_advisory(samples / "cve" / "CVE-2024-9287.json")
    assert advisory.status("3.13.0") is Status.AFFECTED
