"""`Advisory`: identity, product recognition and affected releases over catalogs."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core import load_advisory
from psrt_core.advisories import (
    Advisory,
    CnaContainer,
    CommitMap,
    CreditEntry,
    CreditSource,
    CreditType,
    CveContainers,
    CveMetadata,
    CveProblemDescription,
    CveProblemType,
    CveProduct,
    CveRecord,
    CveVersion,
    Event,
    EventKind,
    JsonMap,
    OsvAffected,
    OsvRange,
    OsvRecord,
    Package,
    RangeType,
    SeverityScore,
    SeverityType,
    Status,
    cve_product_name,
    normalize_name,
    osv_entry_product,
    user_version,
)
from psrt_core.serialization import advisory_from_dict, bundled_catalog
from psrt_core.versions import CPYTHON, PIP, Catalog, Release
from tests.advisories.conftest import toy_catalog

INTRO, FIX = EventKind.INTRODUCED, EventKind.FIXED


def _osv(*entries: OsvAffected, **fields: Any) -> Advisory:
    record = OsvRecord(
        id="PYSEC-2099-1", modified="2099-01-01T00:00:00Z", affected=entries, **fields
    )
    return Advisory(record)


def _cve(*products: CveProduct, title: str | None = None) -> Advisory:
    return Advisory(
        CveRecord(
            data_type="CVE_RECORD",
            data_version="5.0",
            cve_metadata=CveMetadata(
                cve_id="CVE-2099-0002", state="PUBLISHED", date_updated="2099-01-01T00:00:00Z"
            ),
            containers=CveContainers(cna=CnaContainer(affected=products, title=title)),
        )
    )


def _eco(lower: str, upper: str) -> OsvRange:
    return OsvRange(RangeType.ECOSYSTEM, (Event(INTRO, lower), Event(FIX, upper)))


def test_names_are_pep503_normalised() -> None:
    """PEP 503: runs of ``-``, ``_`` and ``.`` become one ``-``, lower case."""
    assert normalize_name("Foo__Bar.baz") == "foo-bar-baz"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (OsvAffected(package=Package("PyPI", "Pip")), "pip"),
        (OsvAffected(package=Package("PyPI:extra", "Django")), "django"),
        (OsvAffected(package=Package("npm", "pip")), None),
        (
            OsvAffected(
                ranges=(OsvRange(RangeType.GIT, (), repo="https://github.com/python/cpython.git/"),)
            ),
            "cpython",
        ),
        (
            OsvAffected(
                ranges=(OsvRange(RangeType.GIT, (), repo="git@github.com:python/cpython.git"),)
            ),
            "cpython",
        ),
        (
            OsvAffected(ranges=(OsvRange(RangeType.GIT, (), repo="https://github.com/pypa/pip"),)),
            None,
        ),
        (OsvAffected(), None),
    ],
)
def test_osv_products(entry: OsvAffected, expected: str | None) -> None:
    """range-semantics §1.2: CPython records have no package, only a GIT range on python/cpython."""
    assert osv_entry_product(entry) == expected


@pytest.mark.parametrize(
    ("product", "expected"),
    [
        (CveProduct(vendor="Python Software Foundation", product="CPython"), "cpython"),
        (CveProduct(product="python", repo="https://github.com/python/cpython"), "cpython"),
        (CveProduct(vendor="Pip maintainers", product="pip", package_name="pip"), "pip"),
        (CveProduct(vendor="Python Packaging Authority", product="pip"), "pip"),
        (CveProduct(product="Other", package_name="Some_Thing"), "some-thing"),
        (CveProduct(vendor="Acme", product="Widget"), None),
    ],
)
def test_cve_products(product: CveProduct, expected: str | None) -> None:
    """range-semantics §2.2: vendor+product or collectionURL+packageName identify the product."""
    assert cve_product_name(product) == expected


def test_identity_of_osv_and_cve() -> None:
    """id, aliases, summary, modified and CWE ids read the right field of each format."""
    osv = _osv(
        aliases=("CVE-2099-0001",),
        summary="s",
        database_specific=JsonMap.of({"cwe_ids": ["CWE-20", 7]}),
    )
    assert (osv.format, osv.id, osv.aliases, osv.summary, osv.modified) == (
        "osv",
        "PYSEC-2099-1",
        ("CVE-2099-0001",),
        "s",
        "2099-01-01T00:00:00Z",
    )
    assert osv.cwe_ids == ("CWE-20",)
    assert _osv(database_specific=JsonMap.of({"cwe_ids": "CWE-1"})).cwe_ids == ()
    assert _osv().cwe_ids == ()
    cve = _cve(title="t")
    assert (cve.format, cve.id, cve.aliases, cve.summary, cve.modified, cve.cwe_ids) == (
        "cve",
        "CVE-2099-0002",
        (),
        "t",
        "2099-01-01T00:00:00Z",
        (),
    )
    assert cve.product is None


def test_affected_versions_in_catalog_order_without_scheduled(toy: Catalog) -> None:
    """The affected releases come in catalog order, pre-releases in, scheduled releases out."""
    advisory = _osv(
        OsvAffected(
            package=Package("PyPI", "example"),
            ranges=(_eco("1.0.1", "1.1.1"), _eco("2.0.0b1", "3")),
        )
    )
    found = advisory.affected_versions(toy)
    assert [str(r) for r in found] == ["1.0.1", "1.0.2", "1.1.0a1", "1.1.0", "2.0.0b1", "2.0.0"]


def test_affected_versions_takes_the_catalog(toy: Catalog) -> None:
    """Evaluation is a function of record, catalog and commit map: the catalog is passed in
    (the advisory stores no resolver), and the same record gives each catalog's releases."""
    entry = OsvAffected(package=Package("PyPI", "example"), ranges=(_eco("2.0.0", "9"),))
    advisory = Advisory(_osv(entry).record)
    assert [str(r) for r in advisory.affected_versions(toy)] == ["2.0.0"]
    assert [str(r) for r in advisory.affected_versions(None)] == ["2.0.0"]
    assert not hasattr(advisory, "catalogs")


def test_affected_versions_falls_back_to_named_versions() -> None:
    """A product with no catalog is evaluated over the versions its record names."""
    entry = OsvAffected(
        package=Package("PyPI", "example"),
        ranges=(_eco("0", "1.5"),),
        versions=("1.0", "1.2", "legacy-1"),
    )
    advisory = _osv(entry)
    assert advisory.product is None
    assert advisory.named_versions() == tuple(
        map(__import__("packaging.version").version.Version, ["1.0", "1.2", "1.5"])
    )
    assert [str(r) for r in advisory.affected_versions(None)] == ["1.0", "1.2"]
    assert [r.branch for r in advisory.releases(None)] == ["1.0", "1.2", "1.5"]


def test_cve_named_versions_and_pip_branches() -> None:
    """CVE bounds and changes are named versions; pip's fallback branches are majors."""
    product = CveProduct(
        product="pip",
        package_name="pip",
        versions=(
            CveVersion(
                version="0", less_than="23.3", status=Status.AFFECTED, version_type="python"
            ),
        ),
        default_status=Status.UNAFFECTED,
    )
    advisory = _cve(product)
    assert [str(v) for v in advisory.named_versions()] == ["23.3"]
    assert advisory.product is PIP
    assert [r.branch for r in advisory.releases(None)] == ["23"]


def test_status_shortcut(fixtures: Path) -> None:
    """`Advisory.status` evaluates and answers for one version."""
    advisory = load_advisory(fixtures / "cve-cpython.json")
    assert advisory.status("3.12.3") is Status.AFFECTED
    assert advisory.status("3.12.4") is Status.UNAFFECTED
    assert advisory.status("3.12.0rc1") is Status.UNAFFECTED  # the X.Y.0 pre-release trap


def test_bundled_cpython_catalog_is_chosen_by_the_caller(fixtures: Path) -> None:
    """The caller picks the bundled catalog of the advisory's `Product`."""
    advisory = load_advisory(fixtures / "cve-cpython.json")
    assert advisory.product is CPYTHON
    found = [str(r) for r in advisory.affected_versions(bundled_catalog(CPYTHON.name))]
    assert found[:2] == ["1.6.0a1", "1.6.0a2"]
    assert "3.11.8" in found
    assert "3.11.9" not in found
    assert [v for v in found if v.startswith("3.13")] == [
        "3.13.0a1",
        "3.13.0a2",
        "3.13.0a3",
        "3.13.0a4",
        "3.13.0a5",
        "3.13.0a6",
        "3.13.0b1",
    ]


def test_toy_catalog_helper() -> None:
    """The toy catalog used here flags its scheduled release."""
    assert [str(r) for r in toy_catalog().releases if r.scheduled] == ["2.0.1"]


def test_severity_from_both_formats(fixtures: Path) -> None:
    """OSV severity (top level, then per entry, no repeats) and CVE CNA metrics as vectors."""
    v3 = SeverityScore(SeverityType.CVSS_V3, "CVSS:3.1/AV:N")
    v4 = SeverityScore(SeverityType.CVSS_V4, "CVSS:4.0/AV:N")
    osv = _osv(OsvAffected(severity=(v3, v4)), severity=(v3,))
    assert osv.severity == (v3, v4)
    cve = load_advisory(fixtures / "cve-cpython.json")
    assert [score.type for score in cve.severity] == [SeverityType.CVSS_V4]


def test_status_accepts_catalog_releases(fixtures: Path) -> None:
    """A `Release` is looked up by its version, not silently reported unaffected."""
    advisory = load_advisory(fixtures / "cve-cpython.json")
    catalog = bundled_catalog("cpython")
    assert advisory.status(catalog.release("3.12.3")) is Status.AFFECTED
    assert advisory.evaluate().status(catalog.release("3.12.4")) is Status.UNAFFECTED


def test_package_lists_its_public_names() -> None:
    """``dir(psrt_core.advisories)`` is the sorted public API."""
    import psrt_core.advisories as package

    assert dir(package) == package.__all__ == sorted(package.__all__)


def test_evaluation_without_commit_map_is_computed_once() -> None:
    """`status` in a loop reuses one evaluation; a commit map always evaluates afresh.

    The cache takes no part in equality: an evaluated and a fresh advisory are equal.
    """
    document = {
        "id": "PYSEC-2099-7",
        "modified": "2099-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "example"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "1.0"}, {"fixed": "1.2"}]}
                ],
            }
        ],
    }
    advisory = advisory_from_dict(document)
    fresh = advisory_from_dict(document)
    first = advisory.evaluate()
    assert advisory.evaluate() is first
    assert [advisory.status(v).value for v in ("0.9", "1.0", "1.1", "1.2")] == [
        "unaffected",
        "affected",
        "affected",
        "unaffected",
    ]
    assert advisory == fresh
    assert hash(advisory) == hash(fresh)
    assert advisory.evaluate(commit_map=CommitMap.of({})) is not first


def test_user_version_takes_a_catalog_release_as_is() -> None:
    """A `Release` picked from a catalog is already a checked version: its version, unparsed."""
    release = Release("3.12.1")
    assert user_version(release) == Version("3.12.1")
    assert user_version(release) is release.version


def test_live_cve_record_has_no_withdrawal_date() -> None:
    """CVE 5 › cveMetadata: a PUBLISHED record is not withdrawn, whatever ``dateUpdated`` says."""
    advisory = _cve()
    assert advisory.record.cve_metadata.date_updated == "2099-01-01T00:00:00Z"  # type: ignore[union-attr]
    assert not advisory.withdrawn
    assert advisory.withdrawn_at is None


def test_named_versions_leave_git_ranges_out() -> None:
    """OSV 1.7 › ranges[].type GIT: commit hashes are not versions, so they name none."""
    git = OsvRange(
        RangeType.GIT,
        (Event(INTRO, "0"), Event(FIX, "a" * 40)),
        repo="https://github.com/python/cpython",
    )
    advisory = _osv(
        OsvAffected(package=Package("PyPI", "example"), ranges=(git, _eco("1.0", "1.4")))
    )
    assert advisory.named_versions() == (Version("1.0"), Version("1.4"))


def test_cwe_ids_skip_descriptions_without_a_cwe() -> None:
    """CVE 5 › problemTypes[].descriptions[].cweId is optional: a text-only entry adds none."""
    problems = (
        CveProblemType(
            descriptions=(
                CveProblemDescription(lang="en", description="free text, no CWE"),
                CveProblemDescription(lang="en", description="CWE-20", cwe_id="CWE-20"),
            )
        ),
        CveProblemType(
            descriptions=(CveProblemDescription(lang="en", description="again", cwe_id="CWE-20"),)
        ),
    )
    assert CnaContainer(problem_types=problems).cwe_ids == ("CWE-20",)


def test_credit_entry_needs_a_login_or_a_name() -> None:
    """A credit fact names somebody: built in code with neither, it is a programming error."""
    with pytest.raises(ValueError, match=r"^a credit names a login or a name$"):
        CreditEntry(role=CreditType.FINDER, source=CreditSource.FACTS)
    assert CreditEntry(role=CreditType.FINDER, source=CreditSource.FACTS, name="Ada").name == "Ada"


@pytest.mark.parametrize("module", ["psrt_core.advisories.cve", "psrt_core.advisories.osv"])
def test_spec_modules_list_only_their_public_names(module: str) -> None:
    """The spec-shaped modules (issue 8 item 3) show exactly ``__all__`` to ``dir()``."""
    loaded = importlib.import_module(module)
    assert dir(loaded) == sorted(loaded.__all__)


@given(st.text(alphabet="aZ09-_.xY", max_size=12) | st.text(max_size=8))
def test_normalize_name_is_pep_503(name: str) -> None:
    """PEP 503 › Normalized Names, against packaging's implementation as the oracle."""
    from packaging.utils import canonicalize_name

    assert normalize_name(name) == canonicalize_name(name)
