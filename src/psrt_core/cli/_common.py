"""Helpers every subcommand shares: reading inputs, parsing dates, the clock, and output."""

from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from psrt_core.advisories import CommitMap
from psrt_core.cli._output import table_lines, write_json, write_table
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import commit_map_from_dict, commit_map_from_text
from psrt_core.serialization._converter import parse_datetime
from psrt_core.versions import BranchScheme

__all__ = [
    "CliError",
    "Handler",
    "check_stdin_once",
    "date_argument",
    "load_commit_map_argument",
    "now",
    "read_text",
    "render_table",
    "time_argument",
    "today",
    "warn",
    "write_json",
    "write_table",
]

Handler = Callable[[argparse.Namespace, TextIO], int]


class CliError(Exception):
    """A problem with the command line's own inputs (a missing file, a bad option value)."""


def today() -> datetime.date:
    """The current UTC date: the CLI's default for ``--on``."""
    return now().date()


def now() -> datetime.datetime:
    """The current UTC time: the CLI's default for ``--at``."""
    return datetime.datetime.now(datetime.timezone.utc)


def read_text(path: str) -> str:
    """The text of *path* (``-`` is standard input), with a one-line error naming the file."""
    if path == "-":
        import sys

        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def warn(args: argparse.Namespace, message: str) -> None:
    """One warning line on the command's standard error (``main`` puts the stream in *args*).

    Warnings never change the exit status: they say the answer rests on data that may be
    stale or odd, not that the input is wrong.
    """
    import sys

    stream: TextIO = getattr(args, "stderr", None) or sys.stderr
    stream.write(f"psrt-core: warning: {' '.join(message.split())}\n")


def date_argument(value: str) -> datetime.date:
    """Argparse type for ``--on DATE`` (ISO 8601, ``2026-03-02``)."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 date (YYYY-MM-DD): {value!r}") from None


def time_argument(value: str) -> datetime.datetime:
    """Argparse type for ``--at TIME`` (RFC 3339; a bare date means its midnight UTC)."""
    try:
        return parse_datetime(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an RFC 3339 time: {value!r}") from None


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with left-aligned, escaped cells; ``None`` shows as ``-``.

    Prefer `write_table`, which writes it line by line through the human-output stream.
    """
    return "\n".join(table_lines(headers, rows)) + "\n"


def load_commit_map_argument(path: str, *, scheme: BranchScheme = BranchScheme.MINOR) -> CommitMap:
    """The commit map of ``--commit-map FILE`` (``-``: standard input), JSON or the text layout."""
    text = read_text(path)
    if not text.lstrip().startswith("{"):
        return commit_map_from_text(text, scheme=scheme, source=path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecordError.single(
            f"line {exc.lineno}", f"not valid JSON: {exc.msg}", source=path
        ) from None
    except RecursionError:
        raise InvalidRecordError.single("$", "nested too deeply", source=path) from None
    return commit_map_from_dict(document, scheme=scheme, source=path)


def check_stdin_once(args: argparse.Namespace) -> None:
    """Refuse two ``-`` (standard input) among the document arguments of one command."""
    count = 0
    for value in vars(args).values():
        values = value if isinstance(value, list) else [value]
        count += sum(1 for item in values if item == "-")
    if count > 1:
        raise CliError("standard input (-) given more than once")
