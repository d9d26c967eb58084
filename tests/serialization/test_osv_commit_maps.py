"""Commit map files for GIT ranges: the JSON mapping and the ``git tag --contains`` text layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import commit_map_from_dict, commit_map_from_text, load_commit_map
from psrt_core.versions import BranchScheme

FIXTURES = Path(__file__).parents[1] / "advisories" / "fixtures"
ONE, TWO = "1" * 40, "2" * 40


def test_text_and_json_layouts_agree() -> None:
    """Both layouts give first-per-branch versions; non-PEP 440 tags are skipped."""
    from_text = load_commit_map(FIXTURES / "commit-map.txt")
    from_json = load_commit_map(FIXTURES / "commit-map.json")
    assert from_text == from_json
    assert from_text[ONE] == (Version("3.12.4"), Version("3.13.0b2"))
    assert from_text[TWO] == (Version("3.11.9"),)


def test_text_layout_problems_name_the_line() -> None:
    """Versions before any commit and commit lines with two words are reported, all at once."""
    with pytest.raises(InvalidRecordError) as info:
        commit_map_from_text("  3.12.1\nabc def\n", source="map.txt")
    assert str(info.value) == (
        "map.txt: line 1: versions before any commit (got '3.12.1'); "
        "line 2: a commit line holds one hash (got 'abc def')"
    )


def test_json_layout_problems() -> None:
    """The JSON mapping needs a list of version strings per commit."""
    with pytest.raises(InvalidRecordError) as info:
        commit_map_from_dict({ONE: "3.12.4", TWO: [3]})
    assert [str(p) for p in info.value.problems] == [
        f"$[\"{ONE}\"]: expected a list of version strings (got '3.12.4')",
        f'$["{TWO}"]: expected a list of version strings (got [3])',
    ]
    with pytest.raises(InvalidRecordError, match=r"^\$: a commit map must be a JSON object"):
        commit_map_from_dict([])


def test_bad_json_file(tmp_path: Path) -> None:
    """A JSON commit map that does not parse names the file and line."""
    path = tmp_path / "map.json"
    path.write_text('{"a":\n', encoding="utf-8")
    with pytest.raises(InvalidRecordError) as info:
        load_commit_map(path)
    assert str(info.value) == f"{path}: line 2: not valid JSON: Expecting value"


def test_major_scheme() -> None:
    """pip branches are majors."""
    commit_map = commit_map_from_text(f"{ONE}\n  23.3 23.3.1\n  24.0\n", scheme=BranchScheme.MAJOR)
    assert commit_map[ONE] == (Version("23.3"), Version("24.0"))


def test_a_file_descriptor_is_not_a_path() -> None:
    """`load_commit_map` reads a path, as ``Path.read_bytes`` did: a number is refused with
    TypeError (a programming error) rather than read as a descriptor and closed."""
    import os

    import pytest

    read, write = os.pipe()
    try:
        with pytest.raises(TypeError):
            load_commit_map(read)  # type: ignore[arg-type]
        os.fstat(read)  # still open
    finally:
        os.close(read)
        os.close(write)
