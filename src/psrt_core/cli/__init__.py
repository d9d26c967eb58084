"""The ``psrt-core`` command line: the only place that reads files, prints and reads the clock.

Each area of the library registers its own subcommands from a private module. Errors in the
input end as one line on standard error and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from psrt_core.cli import (
    _advisories,
    _audit,
    _catalog,
    _commit_map,
    _governance,
    _plot,
    _publication,
    _ranges,
    _stats,
)
from psrt_core.cli._common import CliError, check_stdin_once
from psrt_core.cli._output import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    HUMAN_FORMATS,
    TABLE,
    SafeStream,
    safe,
    write_atomically,
)
from psrt_core.exceptions import PsrtError

__all__ = ["build_parser", "main"]

_RECORD_WRITERS = (
    _advisories.run_convert,
    _publication.run_publish,
    _publication.run_enrich,
    _commit_map.run_build,
    _governance.run_activity,  # the activity file (JSON)
    _governance.run_offboard,  # a patch: its lines are data, written as they are
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="psrt-core",
        description="PSRT governance checks, release catalogs and exact affected versions.",
    )
    parser.add_argument("-V", "--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (
        _catalog,
        _advisories,
        _ranges,
        _stats,
        _plot,
        _governance,
        _publication,
        _commit_map,
        _audit,
    ):
        module.register(commands)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status instead of exiting.

    The command writes into a buffer: on success it goes to ``--output`` (atomically) or
    standard output; on an error nothing is written but one escaped line on standard error.
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its usage message
        return int(exc.code or 0)
    if args.version:
        from psrt_core import __version__

        print(f"psrt-core {__version__}", file=out)
        return EXIT_OK
    if args.command is None:
        parser.print_help(out)
        return EXIT_BAD_INPUT
    args.stderr = SafeStream(err)  # where handlers' warnings go (``_common.warn``)
    buffer = io.StringIO()
    try:
        check_stdin_once(args)
        status = int(args.handler(args, SafeStream(buffer) if _is_human(args) else buffer))
        _deliver(buffer.getvalue(), getattr(args, "output", None), out)
    except (PsrtError, CliError) as exc:
        print(f"psrt-core: error: {safe(_one_line(str(exc)))}", file=err)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (``psrt-core ... | head``): not an error of the input.
        _silence(out)
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"psrt-core: error: {safe(_one_line(where + str(exc.strerror or exc)))}", file=err)
        return EXIT_BAD_INPUT
    return status


def _is_human(args: argparse.Namespace) -> bool:
    """Whether the command's standard output is read by people (then escaped, see `safe`)."""
    if getattr(args, "to", None) in ("osv", "cve", "both"):
        return False  # records in their own format (convert, range --to osv|cve, publish)
    if args.handler in _RECORD_WRITERS:
        return False
    return getattr(args, "format", TABLE) in HUMAN_FORMATS


def _deliver(text: str, output: str | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
    else:
        write_atomically(output, text)


def _silence(stream: TextIO) -> None:
    """Point *stream* at the null device so that flushing it at exit cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())
    except (OSError, ValueError):  # a stream without a file descriptor (tests' StringIO)
        pass


def _one_line(text: str) -> str:
    return " ".join(text.split())


def __dir__() -> list[str]:
    return __all__
