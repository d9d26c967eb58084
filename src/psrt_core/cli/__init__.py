"""The ``psrt-core`` command line: the only place that reads files, prints and reads the clock.

Each area of the library registers its own subcommands from a private module, imported only
when one of its commands runs (`_COMMANDS` lists them), so start-up costs what the command
uses. Errors in the input end as one line on standard error and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO, cast

from psrt_core.cli._status import EXIT_BAD_INPUT, EXIT_OK

# argparse has no public base for a subcommand action; this one only adds lazy registration.
if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]  # noqa: SLF001
else:
    _SubParsers = argparse._SubParsersAction  # noqa: SLF001

__all__ = ["build_parser", "main"]

#: Every subcommand, in the order ``--help`` lists them: the private module that registers
#: it (its options, description and handler) and its line in the command list. A module is
#: imported only when one of its commands runs, so ``psrt-core --version`` and each command
#: load no more of psrt-core than they use.
_COMMANDS: dict[str, tuple[str, str]] = {
    "catalog": ("_catalog", "show a release catalog's branches and their status"),
    "affected": ("_advisories", "which releases OSV or CVE JSON 5 records mark affected"),
    "convert": ("_advisories", "convert a record between OSV and CVE JSON 5"),
    "lint": ("_advisories", "check records for likely mistakes"),
    "range": (
        "_ranges",
        "per-branch affected ranges from the releases that fixed a vulnerability",
    ),
    "report": (
        "_ranges",
        "per advisory and branch: first affected, first fixed, exposure in days",
    ),
    "stats": (
        "_stats",
        "advisories per year, CWE or branch (median and 90th-percentile days to fix)",
    ),
    "plot": (
        "_plot",
        "figures: exposure timeline, advisories per year, release-by-advisory matrix",
    ),
    "governance": (
        "_governance",
        "PEP 811 governance: tally a nomination, inactivity report, roster checks, replay",
    ),
    "publish": (
        "_publication",
        "write the CVE JSON 5 and OSV records for a GitHub Security Advisory",
    ),
    "enrich": ("_publication", "add the credits, CWE, title and versions an OSV record lacks"),
    "diff": ("_publication", "what changed between two revisions of a record"),
    "timeline": ("_publication", "a case's milestones against the PSRT's 90-day target"),
    "commit-map": ("_commit_map", "build a commit map from a local git clone"),
    "audit": ("_audit", "which known vulnerabilities affect this Python and its pip"),
}

#: Handlers whose standard output is records in their own format, never escaped (named, so
#: that deciding it imports no command module).
_RECORD_WRITERS = frozenset(
    {
        "psrt_core.cli._advisories.run_convert",
        "psrt_core.cli._publication.run_publish",
        "psrt_core.cli._publication.run_enrich",
        "psrt_core.cli._commit_map.run_build",
        "psrt_core.cli._governance.run_activity",  # the activity file (JSON)
        "psrt_core.cli._governance.run_offboard",  # a patch: its lines are data, as they are
    }
)


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, its width found as `shutil.get_terminal_size` finds it.

    Why: argparse imports `shutil` (and with it the bz2, lzma and zlib modules) for the width
    in every formatter it makes, one per ``add_argument``; the same width costs one system
    call without them, so ``--help`` reads exactly as before.
    """

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24) -> None:
        super().__init__(prog, indent_increment, max_help_position, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """``COLUMNS`` when a positive number, else the terminal's width, else 80.

    As `shutil.get_terminal_size` finds it on Python 3.11 and later (3.10's keeps a width of 0
    that a terminal reports, which would make argparse's help unreadable).
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no standard output, or not a terminal
            columns = 0
    return columns or 80


class _LazyCommands(_SubParsers):
    """Subcommands listed from `_COMMANDS`, each registered by its module on first use.

    Until then a command has a placeholder (``None``) parser, so that argparse knows the
    name and lists its help line; `add_parser` puts the module's parser in its place, with
    the help line from `_COMMANDS` (modules do not repeat it).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (_, line) in _COMMANDS.items():
            self._name_parser_map[name] = None  # type: ignore[assignment] # placeholder
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), line))

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        """The module's parser for *name*, taking the placeholder's place in the list."""
        kwargs.setdefault("formatter_class", _Formatter)
        if name not in _COMMANDS:
            return super().add_parser(name, **kwargs)
        slot = next(i for i, a in enumerate(self._choices_actions) if a.dest == name)
        parsers = self._name_parser_map  # argparse's choices: the same dict, kept in order
        del parsers[name]
        parser = super().add_parser(name, help=_COMMANDS[name][1], **kwargs)
        self._choices_actions[slot] = self._choices_actions.pop()
        ordered = {key: parsers[key] for key in (*_COMMANDS, *parsers) if key in parsers}
        parsers.clear()
        parsers.update(ordered)
        return parser

    def load(self, name: str) -> None:
        """Register *name* (and its module's other commands) unless registered already."""
        if name in _COMMANDS and self._name_parser_map.get(name) is None:
            importlib.import_module(f"psrt_core.cli.{_COMMANDS[name][0]}").register(self)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        """Register the chosen command, then parse its arguments."""
        self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


def _parser() -> tuple[argparse.ArgumentParser, _LazyCommands]:
    parser = argparse.ArgumentParser(
        prog="psrt-core",
        description="PSRT governance checks, release catalogs and exact affected versions.",
        formatter_class=_Formatter,
    )
    parser.add_argument("-V", "--version", action="store_true", help="print the version and exit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", action=_LazyCommands)
    return parser, cast("_LazyCommands", commands)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser, commands = _parser()
    for name in _COMMANDS:
        commands.load(name)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line; returns the exit status instead of exiting.

    The command writes into a buffer: on success it goes to ``--output`` (atomically) or
    standard output; on an error nothing is written but one escaped line on standard error.
    Only the chosen command's module is imported (see `_COMMANDS`).
    """
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser, _ = _parser()
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
    return _run(args, out, err)


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from psrt_core.cli._common import CliError, check_stdin_once
    from psrt_core.cli._output import SafeStream, safe
    from psrt_core.exceptions import PsrtError

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
    from psrt_core.cli._output import HUMAN_FORMATS, TABLE

    handler = args.handler
    if f"{handler.__module__}.{getattr(handler, '__name__', '')}" in _RECORD_WRITERS:
        return False
    return getattr(args, "format", TABLE) in HUMAN_FORMATS


def _deliver(text: str, output: str | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
    else:
        from psrt_core.cli._output import write_atomically

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
