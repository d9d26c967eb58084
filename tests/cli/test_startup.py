"""Start-up (issue 13): a command imports the modules it uses and no others.

Not timed (timings belong to ``benchmarks/``): each test runs the command line in a fresh
interpreter and reads ``sys.modules`` afterwards, the way a user's ``psrt-core`` starts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from psrt_core import cli as psrt_cli
from psrt_core.cli import _COMMANDS, _parser, _terminal_columns, build_parser

FIXTURES = Path(__file__).parent.parent / "advisories" / "fixtures"

_PROBE = """
import io, json, sys
from psrt_core.cli import main
status = main(json.loads(sys.argv[1]), stdout=io.StringIO(), stderr=io.StringIO())
print(json.dumps([status, sorted(sys.modules)]))
"""


def loaded_by(*argv: str) -> tuple[int, set[str]]:
    """The exit status of ``psrt-core ARGV`` in a fresh interpreter, and what it imported."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=True,
    )
    status, modules = json.loads(done.stdout.splitlines()[-1])
    return status, set(modules)


def packages(modules: set[str]) -> set[str]:
    """The packages of interest among *modules* (each counted once, by its top name)."""
    wanted = (
        "cattrs",
        "yaml",
        "importlib.metadata",
        "psrt_core.governance",
        "psrt_core.publication",
        "psrt_core.ranges",
        "psrt_core.advisories",
        "psrt_core.serialization",
    )
    return {name for name in wanted if name in modules}


def test_version_loads_no_library_package() -> None:
    """``psrt-core --version`` reads psrt_core._version only: no cattrs, PyYAML, governance,
    publication, and not ``importlib.metadata`` (which costs more than the rest)."""
    status, modules = loaded_by("--version")
    assert status == 0
    assert packages(modules) == set()
    assert "psrt_core._version" in modules
    assert not {name for name in modules if name.startswith("psrt_core.cli._")} - {
        "psrt_core.cli._status"
    }


@pytest.mark.parametrize("argv", [(), ("--help",)])
def test_help_loads_no_command_module(argv: tuple[str, ...]) -> None:
    """The command list comes from `psrt_core.cli._COMMANDS`, not from the commands' modules."""
    status, modules = loaded_by(*argv)
    assert status == (0 if argv else 2)
    assert packages(modules) == set()


def test_affected_on_a_json_record_loads_no_governance_or_publication() -> None:
    """``psrt-core affected RECORD.json`` reads, evaluates and prints a record: the governance,
    publication and ranges packages are none of that, and (issue 13) neither are cattrs (the
    hand-written structurer reads the record, the bundled catalog has its own reader), PyYAML
    (a JSON record) or ``packaging.utils`` (its wheel-tag machinery)."""
    status, modules = loaded_by("affected", str(FIXTURES / "cve-cpython.json"))
    assert status == 1  # something is affected
    assert packages(modules) == {"psrt_core.advisories", "psrt_core.serialization"}
    assert not {"tomllib", "packaging.utils", "packaging.tags"} & modules
    assert {name for name in modules if name.startswith("psrt_core.advisories.")} == {
        f"psrt_core.advisories._{name}"
        for name in (
            "advisory",
            "commits",
            "cve",
            "evaluation",
            "json",
            "osv",
            "platforms",
            "sweep",
        )
    }
    assert {name for name in modules if name.startswith("psrt_core.serialization.")} == {
        f"psrt_core.serialization._{name}"
        for name in (
            "advisory_io",
            "bundled",
            "converter",
            "errors",
            "fast_structure",
            "reading",
        )
    }
    assert "psrt_core.cli._governance" not in modules
    governance_documents = {
        f"psrt_core.serialization._{name}"
        for name in (
            "governance_common",
            "roster_io",
            "policy_io",
            "nomination_io",
            "activity_io",
            "events_io",
        )
    }
    assert governance_documents <= set(_serialization_modules()), "a module was renamed"
    assert not governance_documents & set(modules)


def test_affected_on_a_yaml_record_loads_yaml_but_not_cattrs(tmp_path: Path) -> None:
    """PyYAML is imported on the first YAML document, not at start-up: a YAML record loads it
    (and gives the same answer as its JSON form); cattrs stays unloaded either way."""
    import yaml

    record = tmp_path / "record.yaml"
    document = json.loads((FIXTURES / "cve-cpython.json").read_text(encoding="utf-8"))
    record.write_text(yaml.safe_dump(document), encoding="utf-8")
    status, modules = loaded_by("affected", str(record))
    assert status == 1
    assert packages(modules) == {"yaml", "psrt_core.advisories", "psrt_core.serialization"}


def _serialization_modules() -> list[str]:
    """Every module of `psrt_core.serialization`, by its file name (nothing imported)."""
    import pkgutil

    from psrt_core import serialization

    return [
        f"psrt_core.serialization.{info.name}"
        for info in pkgutil.iter_modules(serialization.__path__)
    ]


def test_every_listed_command_is_registered_by_its_module() -> None:
    """`_COMMANDS` and the modules agree: each listed module registers its commands, in the
    listed order, with the listed help line, and registers no command the list lacks."""
    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(commands.choices) == list(_COMMANDS)
    assert all(isinstance(sub, argparse.ArgumentParser) for sub in commands.choices.values())
    listed = [(choice.dest, choice.help) for choice in commands._choices_actions]
    assert listed == [(name, line) for name, (_, line) in _COMMANDS.items()]
    for name, (module, _) in _COMMANDS.items():
        handlers = {
            sub.get_default("handler") for sub in _parsers_under(commands.choices[name])
        } - {None}
        assert handlers
        assert {handler.__module__ for handler in handlers} == {f"psrt_core.cli.{module}"}


def test_a_command_outside_the_list_is_added_as_argparse_adds_one() -> None:
    """No module registers one (see above), but should one, it is not lost: it is added after
    the listed commands with its own help line, the placeholders untouched."""
    _, commands = _parser()
    added = commands.add_parser("zz-extra", help="an extra command")
    assert list(commands.choices) == [*_COMMANDS, "zz-extra"]
    assert commands.choices["zz-extra"] is added
    assert [choice.dest for choice in commands._choices_actions][-1:] == ["zz-extra"]
    assert commands.choices["audit"] is None


def _parsers_under(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _parsers_under(sub)
    return found


def test_affected_loads_neither_pathlib_nor_shutil() -> None:
    """Issue 13: ``affected`` on a plain JSON record opens the file without `pathlib` (with its
    ``urllib.parse`` and ``ipaddress``) and sizes argparse's help without `shutil` (with its
    bz2, lzma and zlib modules); cattrs stays unloaded too (the hand-written structurer)."""
    status, modules = loaded_by("affected", str(FIXTURES / "cve-cpython.json"))
    assert status == 1
    assert not {"pathlib", "shutil", "bz2", "lzma", "cattrs", "yaml"} & modules


@pytest.mark.parametrize(
    ("environ", "terminal", "expected"),
    [
        ({"COLUMNS": "60"}, OSError, 60),  # the variable wins, the terminal is not asked
        ({"COLUMNS": "x"}, OSError, 80),  # not a number, no terminal: the fallback
        ({"COLUMNS": "0"}, os.terminal_size((123, 40)), 123),  # not positive: the terminal
        ({}, os.terminal_size((99, 40)), 99),
        ({}, os.terminal_size((0, 0)), 80),  # a terminal that reports no width
        ({}, ValueError, 80),  # standard output closed
    ],
)
def test_terminal_columns_as_shutil_finds_them(
    monkeypatch: pytest.MonkeyPatch,
    environ: dict[str, str],
    terminal: os.terminal_size | type[Exception],
    expected: int,
) -> None:
    """The help width is `shutil.get_terminal_size`'s columns, so ``--help`` reads as before."""
    import shutil

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)

    def size(_: int = 0) -> os.terminal_size:
        if isinstance(terminal, os.terminal_size):
            return terminal
        raise terminal

    monkeypatch.setattr(os, "get_terminal_size", size)
    assert _terminal_columns() == expected
    if terminal == os.terminal_size((0, 0)) and sys.version_info < (3, 11):
        return  # 3.10's shutil keeps a reported width of 0; 3.11 and later fall back to 80
    assert shutil.get_terminal_size().columns == expected


def test_terminal_columns_without_standard_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``sys.__stdout__`` at all (an embedded interpreter): 80, as `shutil` says."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(sys, "__stdout__", None)
    assert _terminal_columns() == 80


@pytest.mark.parametrize("columns", ["40", "80", "132"])
@pytest.mark.parametrize("argv", [(), ("affected",), ("governance",)])
def test_help_reads_as_with_argparse_own_formatter(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    columns: str,
    argv: tuple[str, ...],
) -> None:
    """``--help`` with the cheaper formatter equals argparse's own at each width."""
    monkeypatch.setenv("COLUMNS", columns)
    ours = _help(*argv)
    monkeypatch.setattr(psrt_cli, "_Formatter", argparse.HelpFormatter)
    assert ours == _help(*argv)


def _help(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert psrt_cli.main([*argv, "--help"], stdout=out) == 0
    return out.getvalue()
