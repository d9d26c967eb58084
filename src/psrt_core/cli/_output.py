"""One output convention for every ``psrt-core`` command: formats, files, escaping, exit codes.

Why one module: the rules (what ``--format`` offers, how ``--output`` is written, how data
is escaped for a terminal or a spreadsheet, which exit code means what, which JSON contract
a command prints) are the same for every command, so they are written once, here, and the
test over all subcommands checks each command against `COMMANDS`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import stat
from collections.abc import Sequence
from typing import Any, Final, TextIO

import attrs

from psrt_core.cli._status import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK

__all__ = [
    "COMMANDS",
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "HUMAN_FORMATS",
    "Command",
    "SafeStream",
    "add_format_option",
    "add_output_option",
    "csv_cell",
    "json_text",
    "markdown_cell",
    "safe",
    "write_atomically",
    "write_json",
    "write_lines",
    "write_table",
]


TABLE, JSON, CSV, MARKDOWN = "table", "json", "csv", "markdown"
RESULT_FORMATS: Final = (TABLE, JSON, CSV, MARKDOWN)
TEXT_FORMATS: Final = (TABLE, JSON)
HUMAN_FORMATS: Final = frozenset({TABLE, MARKDOWN})
"""Formats read by people: every character of data in them goes through `safe`."""


@attrs.frozen
class Command:
    """A command's place in the convention (the table of docs/reference/cli.md).

    *formats* are the ``--format`` choices (empty for a command that writes records in
    their own formats); *contract* is the ``format`` field of its JSON output; *findings*
    says what exit status 1 means for it (``None``: it never exits 1).
    """

    formats: tuple[str, ...]
    contract: str | None
    findings: str | None


COMMANDS: Final[dict[str, Command]] = {
    "catalog": Command(RESULT_FORMATS, "psrt-core/catalog-1", None),
    "affected": Command(TEXT_FORMATS, "psrt-core/affected-1", "a version affected or unknown"),
    "convert": Command((), None, None),
    "lint": Command(TEXT_FORMATS, "psrt-core/lint-1", "an error-level finding"),
    "range": Command(RESULT_FORMATS, "psrt-core/range-1", "--against: the record must change"),
    "report": Command(RESULT_FORMATS, "psrt-core/report-1", None),
    "governance tally": Command((TABLE, JSON, MARKDOWN), "psrt-core/tally-1", None),
    "governance inactivity": Command(RESULT_FORMATS, "psrt-core/inactivity-1", None),
    "governance check": Command(TEXT_FORMATS, "psrt-core/roster-check-1", "a roster finding"),
    "governance replay": Command(TEXT_FORMATS, "psrt-core/governance-state-1", None),
    "governance activity": Command((), None, None),
    "governance offboard": Command((), None, None),
    "publish": Command((), None, None),
    "enrich": Command((), None, None),
    "diff": Command(TEXT_FORMATS, "psrt-core/diff-1", None),
    "timeline": Command(TEXT_FORMATS, "psrt-core/timeline-1", None),
    "commit-map build": Command((), None, None),
    "stats": Command(RESULT_FORMATS, "psrt-core/stats-1", None),
    "plot timeline": Command((), None, None),
    "plot per-year": Command((), None, None),
    "plot matrix": Command((), None, None),
    "audit": Command(
        (TABLE, JSON, MARKDOWN, "sarif"), "psrt-core/audit-1", "a vulnerability affects it"
    ),
}


# -- escaping ------------------------------------------------------------------------------------

_BIDI = "\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""Bidirectional controls and line/paragraph separators: they reorder or break what is shown."""


@functools.cache
def _control() -> re.Pattern[str]:
    """C0, DEL, C1 and `_BIDI`; compiled on first non-ASCII text (its compile costs start-up)."""
    return re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")


@functools.cache
def _json_unsafe() -> re.Pattern[str]:
    """What `json.dumps` leaves raw (it escapes C0 itself) but a terminal must not see."""
    return re.compile(f"[\x7f-\x9f{_BIDI}]")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


def safe(text: object) -> str:
    """*text* with every control character shown as an escape (``\\x1b``, ``\\n``, ``\\u202e``).

    Escaped: C0, DEL, C1 and the bidirectional controls (U+061C, U+200E/F, U+2028/9,
    U+202A-E, U+2066-9). Why: data and file names come from outside; printed raw, an escape
    sequence drives the terminal, a newline forges a line of output and a bidi override shows
    an id other than the one in the data (Trojan Source, CVE-2021-42574).
    """
    text = str(text)
    if text.isascii() and text.isprintable():  # the usual case: nothing to escape
        return text
    return _control().sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class SafeStream:
    """A text stream for human output: each ``write`` is one piece of a line.

    Only a newline that ends a ``write`` is the program's; every other control character,
    newlines inside the written text included, is escaped with `safe`. A command therefore
    writes one line (or a piece of one) per call, which every handler does, and `write_table`
    writes tables line by line.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write *text*, escaped, keeping one trailing newline."""
        if text.endswith("\n"):
            return self._stream.write(safe(text[:-1]) + "\n")
        return self._stream.write(safe(text))

    def flush(self) -> None:
        """Flush the stream underneath."""
        self._stream.flush()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet cannot run: a leading ``= + - @``, tab or CR gets a ``'``.

    Why: OWASP's advice against CSV injection (a record id ``=HYPERLINK(...)``). `write_table`
    escapes the result with `safe` as well: CSV is printed to terminals too.
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def markdown_cell(value: object) -> str:
    """A Markdown table cell: escaped like any human output, ``|`` escaped too."""
    return safe("-" if value is None else value).replace("|", "\\|")


# -- writers -------------------------------------------------------------------------------------


def json_text(document: Any) -> str:
    """Strict RFC 8259 JSON (no NaN or Infinity), indented, with a trailing newline.

    Non-ASCII text stays readable, but DEL, C1 and bidi controls are written as ``\\u00XX``
    escapes like C0 (`json` escapes only C0): the JSON parses back to the same value and a
    terminal showing it obeys none of them.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    if text.isascii() and "\x7f" not in text:  # json.dumps escaped C0; nothing else to do
        return text + "\n"
    return _json_unsafe().sub(_json_escape, text) + "\n"


def write_json(document: Any, out: TextIO, *, contract: str | None = None) -> None:
    """The document as `json_text`; with *contract*, the object starts with ``"format"``.

    A document that already names another format is a bug in the command that built it (one of
    the two names would be silently lost), so it raises instead of writing.
    """
    if contract is not None:
        if document.get("format", contract) != contract:
            msg = f"the document says format {document['format']!r}, the command {contract!r}"
            raise ValueError(msg)
        document = {"format": contract, **document}
    out.write(json_text(document))


def write_lines(out: TextIO | SafeStream, lines: Sequence[str]) -> None:
    """Human lines, one ``write`` each: through `SafeStream` a newline in data stays escaped."""
    for line in lines:
        out.write(line + "\n")


def _plain_cell(value: object) -> str:
    return "-" if value is None else safe(value)


def write_table(
    out: TextIO,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    form: str = TABLE,
) -> None:
    """A result table as an aligned plain-text table, CSV or a Markdown table.

    Every cell is escaped for its format here (`safe`, `csv_cell` then `safe`,
    `markdown_cell`), so a value can never start a line of its own nor drive a terminal.
    """
    if form == CSV:
        import csv  # imported when a CSV is written: start-up pays only for what is used

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([safe(header) for header in headers])
        writer.writerows([safe(csv_cell(cell)) for cell in row] for row in rows)
        return
    if form == MARKDOWN:
        out.write("| " + " | ".join(map(markdown_cell, headers)) + " |\n")
        out.write("|" + "|".join("---" for _ in headers) + "|\n")
        for row in rows:
            out.write("| " + " | ".join(map(markdown_cell, row)) + " |\n")
        return
    for line in table_lines(headers, rows):
        out.write(line + "\n")


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """The lines of a plain-text table with left-aligned, escaped cells (``None`` is ``-``)."""
    cells = [[safe(h) for h in headers]] + [[_plain_cell(c) for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def write_atomically(path: str, text: str) -> None:
    """Write *text* to *path* through a temporary file in the same folder and a rename.

    Why: a reader of the file never sees half an output, and a failure leaves the previous
    file in place. The file gets the mode of the file it replaces, or else ``0o666`` less the
    umask, as ``open`` would give it (`tempfile.mkstemp` alone makes it ``0o600``).
    """
    import tempfile  # imported when a file is written (start-up pays only for what is used)

    folder = os.path.dirname(os.path.abspath(path))
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".psrt-core-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)  # os.fchmod is POSIX-only before Python 3.13
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _mode_for(path: str) -> int:
    """The permission bits for a new *path*: those of the file there, else ``0o666 & ~umask``.

    Reading the umask means setting it for an instant: fine for a command-line program.
    """
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# -- options -------------------------------------------------------------------------------------


def add_format_option(
    parser: argparse.ArgumentParser,
    formats: Sequence[str],
    *,
    csv_shorthand: bool = False,
) -> None:
    """``--format`` of *formats*; ``--json`` (with *csv_shorthand* ``--csv``) as shorthand."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--format",
        choices=tuple(formats),
        default=TABLE,
        help=f"output format (default: table; one of {', '.join(formats)})",
    )
    group.add_argument(
        "--json", dest="format", action="store_const", const=JSON, help="same as --format json"
    )
    if csv_shorthand:
        group.add_argument(
            "--csv", dest="format", action="store_const", const=CSV, help="same as --format csv"
        )
    add_output_option(parser)


def add_output_option(parser: argparse.ArgumentParser) -> None:
    """``--output FILE``: the command's standard output, written to FILE atomically."""
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write the output to FILE (atomically: a failure leaves FILE as it was)",
    )
