"""Helpers every subcommand shares: reading inputs, parsing dates, the clock, and output."""

from __future__ import annotations

import argparse
import datetime
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TextIO

import attrs

from psrt_core.advisories import Advisory, CommitMap
from psrt_core.cli._output import table_lines, write_json, write_table
from psrt_core.exceptions import InvalidRecordError
from psrt_core.serialization import (
    advisory_from_dict,
    commit_map_from_dict,
    commit_map_from_text,
    parse_advisory,
)
from psrt_core.serialization._advisory_io import _json_document, _yaml_document
from psrt_core.serialization._converter import parse_datetime
from psrt_core.serialization._reading import json_document, json_line
from psrt_core.versions import BranchScheme

__all__ = [
    "RECORD_SUFFIXES",
    "CliError",
    "Handler",
    "RecordFiles",
    "check_stdin_once",
    "collect_records",
    "date_argument",
    "load_commit_map_argument",
    "looks_like_record",
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
        with open(path, encoding="utf-8") as stream:  # not pathlib: start-up (issue 13)
            return stream.read()
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
    document = json_document(text, error=InvalidRecordError, source=path, where=json_line)
    return commit_map_from_dict(document, scheme=scheme, source=path)


def check_stdin_once(args: argparse.Namespace) -> None:
    """Refuse two ``-`` (standard input) among the document arguments of one command."""
    count = 0
    for value in vars(args).values():
        values = value if isinstance(value, list) else [value]
        count += sum(1 for item in values if item == "-")
    if count > 1:
        raise CliError("standard input (-) given more than once")


# -- advisory record sets ------------------------------------------------------------------------

RECORD_SUFFIXES = (".json", ".yaml", ".yml")
"""The file names (case ignored) a directory walk reads; other files are skipped, counted."""


@attrs.frozen
class RecordFiles:
    """The records found under some paths, and the files passed over (never silently lost).

    *skipped* are files that are not records (other suffixes, catalogs, schemas, notes);
    *unread* counts record files the caller's *wanted* test left unparsed (``audit``: records
    about other products).
    """

    records: tuple[tuple[str, Advisory], ...]
    skipped: tuple[str, ...]
    unread: int = 0


def looks_like_record(document: object) -> bool:
    """OSV (an ``id`` and ``modified``) or CVE JSON 5 (``cveMetadata``) in shape."""
    if not isinstance(document, Mapping):
        return False
    return "cveMetadata" in document or ("id" in document and "modified" in document)


def collect_records(
    paths: Sequence[str], *, wanted: Callable[[str], bool] | None = None
) -> RecordFiles:
    """Every record in *paths*: files as named, directories walked (psf/pypa clones, cvelistV5).

    One rule for every command: a file named on the command line must be a record. In a
    directory, hidden directories (``.git``) are not entered, and files whose name does not
    end in `RECORD_SUFFIXES` (any case) or that are not record-shaped are skipped and listed.
    A file that looks like a record but does not validate (or does not parse) is bad input:
    the error names it. *wanted* (the lower-cased text) lets a caller leave a record unparsed,
    counted in ``unread``, which is most of the speed on a cvelistV5 clone.
    """
    records: list[tuple[str, Advisory]] = []
    skipped: list[str] = []
    unread = 0
    for name in paths:
        if name != "-" and not os.path.exists(name):
            raise CliError(f"{name}: no such file or directory")
        if not os.path.isdir(name):
            records.append((name, parse_advisory(read_text(name), source=name)))
            continue
        for file in _walk(name):
            kind, advisory = _read_found(file, wanted)
            if advisory is not None:
                records.append((file, advisory))
            elif kind == "skipped":
                skipped.append(file)
            unread += kind == "unread"
    return RecordFiles(tuple(records), tuple(skipped), unread)


def _walk(root: str) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
        for name in sorted(files):
            yield os.path.join(folder, name)


def _read_found(file: str, wanted: Callable[[str], bool] | None) -> tuple[str, Advisory | None]:
    """``("record", advisory)``, ``("unread", None)`` or ``("skipped", None)``."""
    if not file.lower().endswith(RECORD_SUFFIXES):
        return "skipped", None
    text = read_text(file)
    if wanted is not None and not wanted(text.lower()):
        return ("unread", None) if _looks_like_record_text(text.lower()) else ("skipped", None)
    document = _document(text, file)
    if not looks_like_record(document):
        return "skipped", None
    return "record", advisory_from_dict(document, source=file)


def _looks_like_record_text(lowered: str) -> bool:
    return "cvemetadata" in lowered or ("modified" in lowered and "affected" in lowered)


def _document(text: str, file: str) -> object:
    stripped = text.lstrip("\ufeff \t\r\n")
    if file.lower().endswith(".json") or stripped.startswith(("{", "[")):
        return _json_document(stripped, file)
    return _yaml_document(stripped, file)  # bounded: aliases, depth, size (issue 14)
