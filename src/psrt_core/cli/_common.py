"""Helpers every subcommand shares: reading inputs, parsing dates, the clock, and output."""

from __future__ import annotations

import argparse
import datetime
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from psrt_core.serialization._converter import parse_datetime

__all__ = [
    "CliError",
    "Handler",
    "date_argument",
    "now",
    "read_text",
    "render_table",
    "time_argument",
    "today",
    "warn",
    "write_json",
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


def write_json(document: Any, out: TextIO) -> None:
    """Pretty JSON with a trailing newline, keys in the order given."""
    out.write(json.dumps(document, indent=2, ensure_ascii=False))
    out.write("\n")


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table with left-aligned columns; ``None`` shows as ``-``."""
    cells = [[str(h) for h in headers]] + [["-" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines) + "\n"
