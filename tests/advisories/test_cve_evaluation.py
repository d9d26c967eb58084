"""CVE JSON 5 evaluation: the schema's version-status algorithm, done exactly on sets."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from psrt_core.advisories import (
    Advisory,
    CnaContainer,
    CveChange,
    CveContainers,
    CveMetadata,
    CveProduct,
    CveRecord,
    CveVersion,
    Evaluation,
    Status,
    evaluate_cve_product,
)
from psrt_core.testing import cve_products, evaluation_points
from tests.advisories._reference import cve_status

A, U, K = Status.AFFECTED, Status.UNAFFECTED, Status.UNKNOWN


def _advisory(*products: CveProduct) -> Advisory:
    return Advisory(
        CveRecord(
            data_type="CVE_RECORD",
            data_version="5.1",
            cve_metadata=CveMetadata(cve_id="CVE-2099-0001", state="PUBLISHED"),
            containers=CveContainers(cna=CnaContainer(affected=products)),
        )
    )


def _product(*versions: CveVersion, default: Status | None = U) -> CveProduct:
    return CveProduct(
        vendor="Python Software Foundation",
        product="CPython",
        versions=versions,
        default_status=default,
    )


def _range(
    lower: str,
    upper: str,
    status: Status = A,
    *,
    inclusive: bool = False,
    kind: str = "python",
    changes: tuple[CveChange, ...] | None = None,
) -> CveVersion:
    return CveVersion(
        version=lower,
        status=status,
        version_type=kind,
        less_than=None if inclusive else upper,
        less_than_or_equal=upper if inclusive else None,
        changes=changes,
    )


def test_less_than_is_exclusive_and_version_zero_unbounded() -> None:
    """CVE 5 › versions: ``lessThan`` is exclusive and ``version: "0"`` means no lower bound."""
    advisory = _advisory(_product(_range("0", "3.8.20")))
    assert advisory.status("3.8.19") is A
    assert advisory.status("3.8.20rc1") is A
    assert advisory.status("3.8.20") is U
    assert advisory.status("0a1") is A


def test_less_than_or_equal_is_inclusive() -> None:
    """CVE 5 › versions: ``lessThanOrEqual`` includes its bound (CVE-2024-9287 uses it once)."""
    advisory = _advisory(_product(_range("0", "3.13.0", inclusive=True)))
    assert advisory.status("3.13.0") is A
    assert advisory.status("3.13.1") is U


def test_star_is_unbounded_above() -> None:
    """CVE 5 › versions: ``*`` in lessThan means infinity, not a wildcard."""
    advisory = _advisory(_product(_range("2.0", "*")))
    assert advisory.status("999.0") is A
    assert advisory.status("1.9") is U


def test_series_bound_covers_the_whole_series() -> None:
    """range-semantics §2.3: ``2.*`` is "the whole 2.x series", pre-releases included."""
    at_most = _advisory(_product(_range("1.0", "2.*", inclusive=True)))
    assert at_most.status("2.99.1") is A
    assert at_most.status("3.0a1") is U
    assert at_most.status("3.0.dev0") is U
    below = _advisory(_product(_range("1.0", "3.12.*")))
    assert below.status("3.11.9") is A
    assert below.status("3.12.0a1") is U
    bad = _advisory(_product(_range("1.0", "x.*"))).evaluate()
    assert bad.reasons == (
        "$.containers.cna.affected[0].versions[0]: 'x.*' is not a PEP 440 version",
    )


def test_first_matching_entry_wins() -> None:
    """CVE 5 › version status algorithm: the first entry that matches decides, in order."""
    advisory = _advisory(_product(_range("1.0", "1.5", U), _range("0", "2.0", A)))
    assert advisory.status("1.2") is U
    assert advisory.status("1.7") is A
    assert advisory.status("0.5") is A


def test_single_version_entries_compare_as_pep440() -> None:
    """CVE 5 › versions: the single-version form matches on equality."""
    advisory = _advisory(_product(CveVersion(version="3.12.0", status=A)))
    assert advisory.status("3.12") is A
    assert advisory.status("3.12.1") is U


def test_changes_are_sorted_then_applied() -> None:
    """CVE 5 › changes: clients re-sort; each ``at <= v`` replaces the status inside the range."""
    changes = (CveChange("1.5", U), CveChange("1.2", A), CveChange("1.1", U))
    advisory = _advisory(_product(_range("1.0", "2.0", A, changes=changes), default=K))
    assert advisory.status("1.0") is A
    assert advisory.status("1.1") is U
    assert advisory.status("1.3") is A
    assert advisory.status("1.6") is U
    assert advisory.status("2.0") is K  # changes stay inside their range


def test_missing_default_status_is_unknown() -> None:
    """CVE 5 › defaultStatus: when absent it is ``unknown``, not unaffected."""
    evaluation = _advisory(_product(_range("0", "1.0"), default=None)).evaluate()
    assert evaluation.status("2.0") is K
    assert evaluation.reasons == (
        "$.containers.cna.affected[0]: no defaultStatus, so unlisted versions are unknown",
    )


def test_default_status_affected_and_unknown() -> None:
    """CVE 5 › defaultStatus: every version no entry matches gets it."""
    assert _advisory(_product(_range("0", "1.0", U), default=A)).status("3.0") is A
    unknown = _advisory(_product(default=K)).evaluate()
    assert unknown.reasons == ("$.containers.cna.affected[0]: defaultStatus is unknown",)


def test_entry_status_unknown_is_unknown() -> None:
    """CVE 5 › status: ``unknown`` entries make their versions unknown."""
    evaluation = _advisory(_product(_range("1.0", "2.0", K))).evaluate()
    assert evaluation.status("1.5") is K
    assert evaluation.reasons == ("$.containers.cna.affected[0].versions[0]: status is unknown",)


def test_custom_version_type_is_unknown_from_there_on() -> None:
    """CVE 5 › versionType: ``custom`` cannot be computed; later entries may not be reached."""
    advisory = _advisory(
        _product(
            _range("1.0", "2.0", A), _range("abc", "def", A, kind="custom"), _range("0", "*", U)
        )
    )
    evaluation = advisory.evaluate()
    assert evaluation.status("1.5") is A
    assert evaluation.status("3.0") is K
    assert evaluation.reasons == (
        "$.containers.cna.affected[0].versions[1]: versionType 'custom' cannot be compared as "
        "PEP 440",
    )


def test_git_and_missing_version_types_are_unknown() -> None:
    """CVE 5 › versionType: ``git`` is ancestry, and a range needs a versionType at all."""
    git = _advisory(_product(_range("abc", "def", kind="git"))).evaluate()
    assert git.status("1.0") is K
    untyped = _advisory(_product(CveVersion(version="1.0", less_than="2.0", status=A))).evaluate()
    assert untyped.reasons == (
        "$.containers.cna.affected[0].versions[0]: a range without versionType cannot be evaluated",
    )
    single = _advisory(_product(CveVersion(version="abc", status=A, version_type="git"))).evaluate()
    assert single.status("1.0") is K


def test_pypi_version_type_is_pep440() -> None:
    """range-semantics §2.3: ``python`` and ``pypi`` version types are PEP 440."""
    assert _advisory(_product(_range("1.0", "2.0", kind="pypi"))).status("1.0.post1") is A


def test_non_pep440_bounds_are_unknown() -> None:
    """A ``python`` range whose bounds are not PEP 440 cannot be evaluated, with the reason."""
    evaluation = _advisory(_product(_range("1.0", "2.0-final"))).evaluate()
    assert evaluation.reasons == (
        "$.containers.cna.affected[0].versions[0]: '2.0-final' is not a PEP 440 version",
    )
    bad_change = _advisory(_product(_range("1.0", "2.0", changes=(CveChange("x", U),)))).evaluate()
    assert bad_change.reasons == (
        "$.containers.cna.affected[0].versions[0].changes: 'x' is not a PEP 440 version",
    )


def test_adp_containers_are_never_merged() -> None:
    """range-semantics §8.10: ADP ``affected`` data never changes the CNA's evaluation."""
    from pathlib import Path

    from psrt_core import load_advisory

    advisory = load_advisory(Path(__file__).parent / "fixtures" / "cve-cpython.json")
    assert advisory.status("5.0") is U  # the ADP says affected (custom) below 9.9


def test_no_products_is_unknown() -> None:
    """A CVE record without CNA products says nothing about any version."""
    evaluation = _advisory().evaluate()
    assert evaluation.status("1.0") is K


@given(cve_products(), st.lists(evaluation_points(), min_size=1, max_size=6))
def test_first_match_matches_reference(product: CveProduct, points: list[Version]) -> None:
    """CVE 5 › version status algorithm, brute force per version against the set evaluation."""
    evaluation = _advisory(product).evaluate()
    for point in points:
        assert evaluation.status(point) is cve_status(product, point)


_POOL = ("0", "1.0", "1.5", "2.0", "3.0", "legacy", "2.0.0-final")


@st.composite
def _affected_entries(draw: st.DrawFn) -> tuple[CveVersion, ...]:
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        version = draw(st.sampled_from(_POOL))
        if draw(st.booleans()) and version not in ("legacy", "2.0.0-final"):
            upper = draw(st.sampled_from(("1.0", "2.0", "3.0", "*")))
            entries.append(
                CveVersion(
                    version=version, less_than=upper, status=Status.AFFECTED, version_type="python"
                )
            )
        else:
            entries.append(CveVersion(version=version, status=Status.AFFECTED))
    return tuple(entries)


@given(_affected_entries(), st.sampled_from((None, Status.UNAFFECTED, Status.UNKNOWN)))
def test_all_affected_fast_path_equals_the_first_match_walk(
    entries: tuple[CveVersion, ...], default: Status | None
) -> None:
    """CVE 5 › versions: the one-merge path for all-``affected`` entries gives exactly the
    first-match walk's answer, non-PEP 440 strings included (unknown from the first range on)."""
    product = CveProduct(product="x", versions=entries, default_status=default)
    fast = Evaluation.combine(*evaluate_cve_product(product))
    marked = tuple(attrs.evolve(e, changes=(CveChange("9999", Status.AFFECTED),)) for e in entries)
    slow = Evaluation.combine(
        *evaluate_cve_product(CveProduct(product="x", versions=marked, default_status=default))
    )
    for probe in (*_POOL, "0.5", "1.2", "2.5", "9.0", "other-literal"):
        assert fast.status(probe) is slow.status(probe), probe
