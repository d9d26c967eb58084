"""Every rule, scenario and range-semantics citation resolves to an anchor of a shipped page.

Issue 8 › "Ship what the code cites": the ids in comments, docstrings, error messages and CLI
output (``R-C3``, ``S12``, ``LOG``, ``§K``, ``range-semantics §2.3``) must each name a section
of ``docs/explanation/governance-rules.md`` or ``docs/explanation/range-semantics.md``. The
anchors are the explicit MyST labels of those pages: ``(r-c3)=`` before a rule's heading,
``[S12]{#s12}`` in a scenario's table row, ``(rules-k)=`` before a lettered section and
``(rs-2-3)=`` before a numbered one.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from psrt_core.governance import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
RULES_PAGE = ROOT / "docs" / "explanation" / "governance-rules.md"
RANGES_PAGE = ROOT / "docs" / "explanation" / "range-semantics.md"

#: A block label ``(name)=`` on a line of its own, or an inline ``[text]{#name}``.
_LABEL = re.compile(r"^\(([a-z0-9-]+)\)=$|\]\{#([a-z0-9-]+)\}", re.MULTILINE)
_RULE = re.compile(r"\bR-[A-Z]\d+\b")
_SCENARIO = re.compile(r"\bS\d\d\b")
_LOG = re.compile(r"[\"'`]LOG[\"'`]")
_SECTION_LETTER = re.compile(r"§([A-Z])\b(?!\.[A-Z0-9])")
_RANGE_SECTION = re.compile(r"range-semantics\s+§(\d+(?:\.\d+)*)")


def _labels(page: Path) -> frozenset[str]:
    text = page.read_text(encoding="utf-8")
    return frozenset(block or inline for block, inline in _LABEL.findall(text))


def _cited_files() -> list[Path]:
    """Source, tests and docs: everything a reader may find a citation in."""
    files = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]
    files += [*ROOT.joinpath("docs").rglob("*.md"), ROOT / "README.md", ROOT / "CHANGELOG.md"]
    return sorted(path for path in files if path.exists() and path != Path(__file__).resolve())


Anchor = Callable[[re.Match[str]], str]


def _citations(pattern: re.Pattern[str], anchor: Anchor) -> dict[str, list[str]]:
    """Each anchor cited through *pattern*, mapped to the places (``file:line``) citing it."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in _cited_files():
        text = path.read_text(encoding="utf-8")
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found[anchor(match)].append(f"{path.relative_to(ROOT)}:{line}")
    return found


def _unresolved(found: dict[str, list[str]], page: Path) -> dict[str, list[str]]:
    labels = _labels(page)
    return {anchor: places for anchor, places in sorted(found.items()) if anchor not in labels}


CITATIONS: dict[str, tuple[re.Pattern[str], Anchor, Path]] = {
    "rule ids R-..": (_RULE, lambda m: m.group().lower(), RULES_PAGE),
    "scenario ids S..": (_SCENARIO, lambda m: m.group().lower(), RULES_PAGE),
    "the log rule LOG": (_LOG, lambda m: "log", RULES_PAGE),
    "rules sections §A..§K": (_SECTION_LETTER, lambda m: f"rules-{m[1].lower()}", RULES_PAGE),
    "range-semantics §N.N": (
        _RANGE_SECTION,
        lambda m: "rs-" + m[1].replace(".", "-"),
        RANGES_PAGE,
    ),
}


@pytest.mark.parametrize("kind", sorted(CITATIONS))
def test_every_citation_resolves_to_an_anchor(kind: str) -> None:
    """Issue 8 item 8: every cited id is an anchor of the page that defines it."""
    pattern, anchor, page = CITATIONS[kind]
    found = _citations(pattern, anchor)
    assert found, f"no {kind} cited anywhere: the pattern is wrong"
    assert _unresolved(found, page) == {}


def test_the_scan_sees_what_the_code_cites() -> None:
    """The patterns catch the citation forms used in the code, messages and CLI description."""
    assert "r-c3" in _citations(_RULE, lambda m: m.group().lower())
    assert "s58" in _citations(_SCENARIO, lambda m: m.group().lower())
    assert "rules-k" in _citations(_SECTION_LETTER, lambda m: f"rules-{m[1].lower()}")
    ranges = _citations(_RANGE_SECTION, lambda m: "rs-" + m[1].replace(".", "-"))
    assert {"rs-1-3", "rs-2-3", "rs-8-3", "rs-6"} <= set(ranges)
    assert any(place.startswith("src/") for place in _citations(_LOG, lambda m: "log")["log"])


def test_an_unknown_id_is_reported() -> None:
    """The check fails where it should: an id without an anchor is listed with its place."""
    found = {"r-c3": ["a.py:1"], "r-c99": ["b.py:2"], "s59": ["c.py:3"]}
    assert _unresolved(found, RULES_PAGE) == {"r-c99": ["b.py:2"], "s59": ["c.py:3"]}


def test_each_rule_heading_carries_its_own_id() -> None:
    """A label ``(r-c3)=`` is followed by the heading ``### R-C3: ...``, never another id."""
    text = RULES_PAGE.read_text(encoding="utf-8")
    pairs = re.findall(r"^\((r-[a-z]\d+)\)=\n### (R-[A-Z]\d+): ", text, re.MULTILINE)
    labels = [label for label in _labels(RULES_PAGE) if re.fullmatch(r"r-[a-z]\d+", label)]
    assert len(pairs) == len(labels) == 40
    assert all(label == rule.lower() for label, rule in pairs)


def _test_sources() -> dict[str, str]:
    """Every test function in the suite, by name, with its decorators and docstring."""
    sources: dict[str, str] = {}
    for path in ROOT.joinpath("tests").rglob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                sources[node.name] = "\n".join(lines[first - 1 : node.end_lineno])
    return sources


def _scenario_rows() -> dict[str, list[str]]:
    text = RULES_PAGE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[(S\d\d)\]\{#s\d\d\} \|.*\| ([^|]+) \|$", text, re.MULTILINE)
    return {scenario: re.findall(r"`(test_\w+)`", tests) for scenario, tests in rows}


def test_all_58_scenarios_are_on_the_page_with_their_tests() -> None:
    """S01-S58: one table row each, in order, naming at least one pinning test."""
    rows = _scenario_rows()
    assert list(rows) == [f"S{n:02}" for n in range(1, 59)]
    assert all(rows.values())


def test_the_tests_named_for_a_scenario_exist_and_cite_it() -> None:
    """Each test a scenario row names exists, and its name or docstring carries the id."""
    sources = _test_sources()
    wrong = [
        (scenario, test)
        for scenario, tests in _scenario_rows().items()
        for test in tests
        if scenario not in sources.get(test, "") and scenario.lower() not in test
    ]
    assert wrong == []


def test_the_settings_table_is_the_policy() -> None:
    """§K lists every `Policy` setting once, with its basis and rules, and no other."""
    text = RULES_PAGE.read_text(encoding="utf-8").split("(rules-k)=", 1)[1].split("(log)=")[0]
    rows = re.findall(r"^\| `([a-z_.]+)` \| ([^|]+) \| (TEXT|INTERP) \| ([^|]+) \|$", text, re.M)
    table = {key: (basis, tuple(_RULE.findall(rules))) for key, _, basis, rules in rows}
    expected = {
        s.key: (s.basis.value, tuple(getattr(r, "value", r) for r in s.rules)) for s in SETTINGS
    }
    assert table == expected
