"""How a `VersionSet` prints, and the small queries beside the algebra (membership of other
types, `select`, `issuperset`): exact values at each shape a set can take."""

from __future__ import annotations

from packaging.version import Version

from psrt_core.versions import VersionSet

ONE_TO_TWO = VersionSet.interval(Version("1.0"), Version("2.0"))
WITH_LITERALS = ONE_TO_TWO | VersionSet.of(["x", "0.7.10p1"])


def test_str_and_repr_show_intervals_then_literals() -> None:
    """PEP 440 versions as half-open intervals, then the literal strings, sorted and quoted."""
    assert str(ONE_TO_TWO) == "[1.0, 2.0)"
    assert str(WITH_LITERALS) == "[1.0, 2.0) | {'0.7.10p1', 'x'}"
    assert repr(WITH_LITERALS) == "VersionSet(\"[1.0, 2.0) | {'0.7.10p1', 'x'}\")"
    assert str(VersionSet.empty()) == "{}"
    assert str(VersionSet.of(["x"])) == "{'x'}"


def test_str_of_co_finite_literals() -> None:
    """A complement holds every literal but a few: said so, never listed as a set."""
    assert str(VersionSet.full()) == "(-inf, +inf) | any literal"
    assert (
        str(VersionSet.full() - VersionSet.of(["b", "a"]))
        == "(-inf, +inf) | literals except {a, b}"
    )
    assert str(VersionSet.interval(None, None)) == "(-inf, +inf)"


def test_membership_of_anything_but_a_version_or_text_is_false() -> None:
    """A set holds versions and strings only; any other object is simply not a member."""
    assert 1 not in VersionSet.full()
    assert None not in VersionSet.full()
    assert Version("1.5") in WITH_LITERALS
    assert "x" in WITH_LITERALS


def test_select_keeps_members_in_their_given_order() -> None:
    """`select` filters in the caller's order; *key* maps an item to its version."""
    assert WITH_LITERALS.select(["3", "x", "1.5", "1.0"]) == ("x", "1.5", "1.0")
    pairs = [("b", "1.5"), ("a", "2.0")]
    assert WITH_LITERALS.select(pairs, key=lambda pair: pair[1]) == (("b", "1.5"),)


def test_issuperset_is_issubset_reversed() -> None:
    """``a >= b`` (`issuperset`) exactly when every member of *b* is in *a*, literals included."""
    inner = VersionSet.interval(Version("1.2"), Version("1.3"))
    assert WITH_LITERALS.issuperset(inner)
    assert WITH_LITERALS.issuperset(VersionSet.of(["x"]))
    assert not WITH_LITERALS.__ge__(VersionSet.of(["y"]))  # the operator form
    assert not inner.issuperset(WITH_LITERALS)


def test_iterating_a_set_gives_its_intervals() -> None:
    """``for item in versions`` walks `VersionSet.intervals` (the literals are not intervals)."""
    assert list(WITH_LITERALS) == list(WITH_LITERALS.intervals())
    assert [str(item) for item in WITH_LITERALS] == ["[1.0, 2.0)"]
