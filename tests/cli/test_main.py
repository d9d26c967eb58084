"""The command line's frame: ``--version``, ``python -m psrt_core``, and errors as one line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import psrt_core
from psrt_core.cli import build_parser, main
from psrt_core.exceptions import InvalidCatalogError, Problem


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_version() -> None:
    """``--version`` prints the installed distribution's version."""
    assert run("--version") == (0, f"psrt-core {psrt_core.__version__}\n", "")


def test_no_command_prints_help_and_fails() -> None:
    """Without a command there is nothing to do: the help goes to stdout, exit status 2."""
    status, out, err = run()
    assert status == 2
    assert out.startswith("usage: psrt-core [-h] [-V] COMMAND ...")
    assert "catalog" in out
    assert err == ""


def test_help_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` is argparse's, exit status 0."""
    assert main(["--help"]) == 0
    assert "show a release catalog's branches and their status" in capsys.readouterr().out


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown command is a usage error, exit status 2."""
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_multi_line_errors_become_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 2: the CLI prints one line and exits with status 2, never a traceback."""
    from psrt_core.cli import _catalog

    def broken(value: str) -> object:
        raise InvalidCatalogError([Problem("$.a", "first\nline")], source=value)

    monkeypatch.setattr(_catalog, "load_catalog_argument", broken)
    assert run("catalog", "x.json") == (2, "", "psrt-core: error: x.json: $.a: first line\n")


def test_os_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Operating-system errors name the file and say what went wrong."""
    from psrt_core.cli import _catalog

    def denied(path: str) -> str:
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(_catalog, "read_text", denied)
    assert run("catalog", "secret.json") == (
        2,
        "",
        "psrt-core: error: secret.json: Permission denied\n",
    )

    def broken_pipe(path: str) -> str:
        raise OSError("device gone")

    monkeypatch.setattr(_catalog, "read_text", broken_pipe)
    assert run("catalog", "x.json")[2] == "psrt-core: error: device gone\n"


def test_parser_lists_the_catalog_command() -> None:
    """`build_parser` registers every area's subcommands, the catalog one among them."""
    parser = build_parser()
    args = parser.parse_args(["catalog", "pip", "--json"])
    assert (args.product, args.format, args.on) == ("pip", "json", None)


def test_python_dash_m(tmp_path: Path) -> None:
    """``python -m psrt_core`` runs the same command line (issue 2, Quick start line 1)."""
    result = subprocess.run(
        [sys.executable, "-m", "psrt_core", "catalog", "cpython", "--on", "2026-08-22"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[0] == "cpython branches on 2026-08-22"
    assert "3.12    security" in result.stdout


def test_python_dash_m_bad_input_has_no_traceback(tmp_path: Path) -> None:
    """Bad input through the real entry point: exit 2, one line on stderr."""
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "psrt_core", "catalog", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"psrt-core: error: {bad}: $: expected a JSON object (got [])\n"


def test_console_script() -> None:
    """The ``psrt-core`` console script is installed next to the interpreter."""
    script = shutil.which("psrt-core", path=str(Path(sys.executable).parent))
    if script is None:
        pytest.skip("psrt-core is not installed as a script in this environment")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.stdout == f"psrt-core {psrt_core.__version__}\n"


def test_module_entry_point_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """``psrt_core.__main__`` exits with `main`'s status."""
    import runpy

    monkeypatch.setattr(sys, "argv", ["psrt-core", "--version"])
    with pytest.raises(SystemExit) as info:
        runpy.run_module("psrt_core", run_name="__main__", alter_sys=True)
    assert info.value.code == 0


class TestCommonHelpers:
    def test_clock_is_utc(self) -> None:
        """The CLI's clock is UTC; `today` is the date part of `now`."""
        import datetime

        from psrt_core.cli._common import now, today

        moment = now()
        assert moment.tzinfo is datetime.timezone.utc
        assert today() in (moment.date(), moment.date() + datetime.timedelta(days=1))

    def test_time_argument(self) -> None:
        """``--at`` takes RFC 3339 times; a bare date is its midnight UTC."""
        import argparse
        import datetime

        from psrt_core.cli._common import time_argument

        utc = datetime.timezone.utc
        assert time_argument("2026-03-02") == datetime.datetime(2026, 3, 2, tzinfo=utc)
        assert time_argument("2026-03-02T10:00:00+01:00") == datetime.datetime(
            2026, 3, 2, 9, tzinfo=utc
        )
        with pytest.raises(argparse.ArgumentTypeError) as info:
            time_argument("2026-03-32")
        assert str(info.value) == "not an RFC 3339 time: '2026-03-32'"
        with pytest.raises(argparse.ArgumentTypeError):
            time_argument("tomorrow at noon")

    def test_render_table(self) -> None:
        """Left-aligned columns, a dashed rule, ``-`` for unknown cells, no trailing spaces."""
        from psrt_core.cli._common import render_table

        assert render_table(("a", "long header"), [("xyz", None), ("q", 1)]) == (
            "a    long header\n---  -----------\nxyz  -\nq    1\n"
        )


def test_a_closed_pipe_is_not_an_error() -> None:
    """``psrt-core ... | head -1``: the reader leaving early ends the run quietly, status 0."""
    script = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'psrt_core', 'catalog', 'cpython',"
        " '--json', '--on', '2026-08-22'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)\n"
        "p.stdout.read(10); p.stdout.close()\n"
        "err = p.stderr.read(); sys.stdout.write(repr((p.wait(), err)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout == "(0, b'')"


def test_broken_pipe_in_process_returns_zero() -> None:
    """In process, a `BrokenPipeError` from the output stream is not turned into an error line."""

    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    err = io.StringIO()
    assert main(["catalog", "pip", "--on", "2026-11-21"], stdout=Gone(), stderr=err) == 0
    assert err.getvalue() == ""
