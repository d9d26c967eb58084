"""The generated command-line reference covers the whole parser (issue 12 item 4).

``docs/_ext/psrt_cli_reference.py`` renders ``docs/reference/cli-generated.md`` from
``psrt_core.cli.build_parser()`` at build time. These tests call the same ``render`` function
without Sphinx: every command (nested ``governance`` and ``commit-map`` actions included) has a
section, and every option string, metavar, choice and help text of that command is in it, so an
option added to any parser appears in the documentation without an edit.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import cast

import pytest

from psrt_core.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "docs" / "_ext" / "psrt_cli_reference.py"
PAGE = ROOT / "docs" / "reference" / "cli-generated.md"


def _load_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("psrt_cli_reference", EXTENSION)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXT = _load_extension()
render = cast(Callable[[argparse.ArgumentParser], str], EXT.render)
heading = cast(Callable[[str, tuple[str, ...]], str], EXT.heading)


def _walk(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command, found independently of the extension's own walk."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _walk(child, (*path, name))


def _sections(text: str) -> dict[str, str]:
    """Section body by heading text (``## `psrt-core catalog` `` gives ``psrt-core catalog``)."""
    parts = re.split(r"^#{2,6} (.+)$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


PARSER = build_parser()
SECTIONS = _sections(render(PARSER))
COMMANDS = list(_walk(PARSER))


def test_every_command_has_a_section() -> None:
    """Each subcommand path, nested ones included, and nothing else, is a section."""
    expected = {heading("psrt-core", path) for path, _ in COMMANDS}
    assert set(SECTIONS) == expected
    assert heading("psrt-core", ("governance", "tally")) in SECTIONS
    assert heading("psrt-core", ("commit-map", "build")) in SECTIONS


@pytest.mark.parametrize(
    ("path", "parser"), COMMANDS, ids=[" ".join(path) or "psrt-core" for path, _ in COMMANDS]
)
def test_every_argument_is_in_its_commands_section(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    """Option strings, metavars, choices and help text of each argument, in its own section."""
    body = SECTIONS[heading("psrt-core", path)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name in action.choices:
                assert f"[`{name}`]" in body
            continue
        if action.help == argparse.SUPPRESS:
            continue
        for option in action.option_strings:
            assert re.search(rf"^`(.*, )?{re.escape(option)}( [^`]*)?(, [^`]*)?`$", body, re.M)
        if isinstance(action.metavar, str):
            assert f"{action.metavar}" in body
        for choice in action.choices or ():
            assert f"`{choice}`" in body
        if action.help:
            first_words = " ".join(action.help.split()[:3])
            assert EXT._escape(first_words) in body


def test_defaults_and_choices_are_stated() -> None:
    """``range --to`` lists its five formats; a default the help does not state is added."""
    body = SECTIONS["`psrt-core range`"]
    assert "Choices: `table`, `osv`, `cve`, `vers`, `specifier`." in body
    toy = argparse.ArgumentParser(prog="toy")
    toy.add_argument("--level", choices=["low", "high"], default="low", help="how loud")
    toy.add_argument("--tag", action="append", metavar="T", help="a tag (default: none)")
    toy.add_argument("files", nargs="+", metavar="FILE", help="inputs")
    assert render(toy) == (
        "(cli-toy)=\n## `toy`\n\n"
        "```text\nusage: toy [-h] [--level {low,high}] [--tag T] FILE [FILE ...]\n```\n\n"
        "**Arguments**\n\n`FILE`\n: inputs. Takes one or more.\n\n**Options**\n\n"
        "`-h, --help`\n: show this help message and exit.\n\n"
        "`--level {low,high}`\n: how loud. Choices: `low`, `high`. Default: `low`.\n\n"
        "`--tag T`\n: a tag (default: none). Repeatable.\n"
    )


def test_an_option_added_later_appears_without_edits() -> None:
    """The reference follows the parser: a new option on a nested command shows up."""
    parser = build_parser()
    (governance,) = (
        action.choices["governance"]
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
    )
    (actions,) = (a for a in governance._actions if isinstance(a, argparse._SubParsersAction))
    actions.choices["check"].add_argument("--brand-new", metavar="X", help="added later")
    body = _sections(render(parser))["`psrt-core governance check`"]
    assert "`--brand-new X`\n: added later.\n" in body


def test_help_text_is_literal_markdown() -> None:
    """Characters Markdown would read as emphasis, links or HTML are escaped."""
    assert EXT._escape("write <id>.json [*x*] a_b") == r"write \<id\>.json \[\*x\*\] a\_b"
    assert EXT._escape("a | b", table=True) == r"a \| b"
    assert EXT._escape("% not a comment") == r"\% not a comment"
    assert EXT._escape("- not a list") == r"\- not a list"


def test_options_in_help_text_are_code() -> None:
    """``--json`` in prose is set as code (smart quotes would make its dashes a dash)."""
    assert EXT._escape("with --against: print JSON (-V)") == "with `--against`: print JSON (`-V`)"
    assert (
        EXT._escape("per-branch, as `psrt-core x --y` a_b")
        == "per-branch, as `psrt-core x --y` a\\_b"
    )
    body = SECTIONS["`psrt-core range`"]
    assert (
        "`--commit-map FILE`\n: commit -\\> releases map: `--fixed-in` and `--introduced` may"
        in body
    )


def test_the_page_holds_the_marker_the_build_replaces() -> None:
    """The page Sphinx builds is the marker plus prose; conf.py loads the extension."""
    assert EXT.MARKER in PAGE.read_text(encoding="utf-8").splitlines()
    assert EXT.DOCNAME == "reference/cli-generated"
    assert '"psrt_cli_reference"' in (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
