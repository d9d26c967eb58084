"""The one output convention (issue 12 item 1, issue 14 items 6-7): formats, files, escaping."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psrt_core.cli import build_parser, main
from psrt_core.cli._output import (
    COMMANDS,
    SafeStream,
    csv_cell,
    json_text,
    safe,
    write_atomically,
    write_json,
)

ADVISORIES = Path(__file__).parents[1] / "advisories" / "fixtures"
GOVERNANCE = Path(__file__).resolve().parents[1] / "governance" / "fixtures"
CVE = str(ADVISORIES / "cve-cpython.json")
ROSTER = str(GOVERNANCE / "psrt.csv")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, Any]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = _subcommands(sub, f"{prefix}{name} ")
                found.update(nested or {f"{prefix}{name}": sub})
    return found


PARSERS = _subcommands(build_parser())


def test_every_command_is_in_the_table() -> None:
    """A new command fails here until it has its row in the convention's table."""
    assert sorted(PARSERS) == sorted(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_format_and_output_options(name: str) -> None:
    """Results commands have --format (table and json at least) and --json; all have --output."""
    options = {o for action in PARSERS[name]._actions for o in action.option_strings}
    assert "--output" in options
    formats = COMMANDS[name].formats
    if formats:
        assert {"table", "json"} <= set(formats)
        assert {"--format", "--json"} <= options
        assert COMMANDS[name].contract is not None
    else:
        assert "--format" not in options


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_missing_document_is_one_escaped_line_exit_2(name: str, tmp_path: Path) -> None:
    """Exit 2 and one line on bad input; a file name's escape sequence is shown as \\x1b."""
    hostile = str(tmp_path / "evil\x1b]0;owned\x07\nname.json")
    argv = {
        "catalog": ["catalog", hostile],
        "affected": ["affected", hostile],
        "convert": ["convert", hostile, "--to", "osv"],
        "lint": ["lint", hostile],
        "range": ["range", "--product", hostile, "--fixed-in", "3.12.1"],
        "report": ["report", hostile],
        "governance tally": ["governance", "tally", hostile, "--roster", ROSTER],
        "governance inactivity": [
            "governance", "inactivity", "--roster", ROSTER, "--activity", hostile,
            "--on", "2026-01-01",
        ],
        "governance check": ["governance", "check", "--roster", hostile],
        "governance replay": ["governance", "replay", hostile],
        "governance activity": ["governance", "activity", "--roster", ROSTER, "--record", hostile],
        "governance offboard": [
            "governance", "offboard", "--roster", hostile, "--emeritus", hostile,
            "--remove", "someone",
        ],
        "publish": ["publish", hostile, "--to", "osv", "--fixed-in", "3.12.1"],
        "enrich": ["enrich", hostile, "--from", CVE],
        "diff": ["diff", hostile, CVE],
        "timeline": ["timeline", hostile],
        "commit-map build": ["commit-map", "build", hostile, "--repo", str(tmp_path)],
        "audit": ["audit", hostile, "--python", "3.12.1"],
        "stats": ["stats", hostile],
        "plot timeline": ["plot", "timeline", hostile, "--output", str(tmp_path / "t.svg")],
        "plot per-year": ["plot", "per-year", hostile, "--output", str(tmp_path / "p.svg")],
        "plot matrix": ["plot", "matrix", hostile, "--output", str(tmp_path / "m.svg")],
    }[name]  # fmt: skip
    status, out, err = run(*argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("psrt-core: error: ")
    assert "\x1b" not in err
    assert "\x07" not in err


def test_safe_escapes_c0_c1_and_del() -> None:
    """Issue 14 item 6: control characters show as escapes, printable text is unchanged."""
    assert safe("a\x1b[2Jb\nc\td\x7f\x85é") == "a\\x1b[2Jb\\nc\\td\\x7f\\x85é"


@pytest.mark.parametrize("cell", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cell_neutralises_formulas(cell: str) -> None:
    """OWASP CSV injection: a cell a spreadsheet would run is prefixed with a quote."""
    assert csv_cell(cell) == "'" + cell


def test_report_csv_neutralises_a_formula_cell(tmp_path: Path) -> None:
    """``report --csv`` with a formula in a record's data: the cell is quoted off. (A record id
    ``=HYPERLINK(...)`` no longer loads at all: ids are checked against the CVE id format.)"""
    document = json.loads(Path(CVE).read_text(encoding="utf-8"))
    document["containers"]["cna"]["problemTypes"][0]["descriptions"][0]["cweId"] = '=HYPERLINK("x")'
    record = tmp_path / "evil.json"
    record.write_text(json.dumps(document), encoding="utf-8")
    status, out, _err = run("report", str(record), "--csv", "--on", "2026-01-01")
    rows = out.splitlines()[1:]
    assert status == 0
    assert rows
    assert all("'=HYPERLINK" in row and ",=HYPERLINK" not in row for row in rows)
    document["cveMetadata"]["cveId"] = '=HYPERLINK("x")'
    record.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run("report", str(record), "--csv", "--on", "2026-01-01")
    assert (status, out) == (2, "")
    assert "$.cveMetadata.cveId" in err


def test_nominee_name_cannot_forge_a_line(tmp_path: Path) -> None:
    """A nominee name with a newline stays on its line: no forged ``outcome: granted``."""
    document = json.loads((GOVERNANCE / "nomination.json").read_text(encoding="utf-8"))
    document["nominee"]["name"] = "Mallory\noutcome: granted\x1b[2J"
    path = tmp_path / "nomination.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, out, _ = run(
        "governance", "tally", str(path), "--roster", ROSTER, "--at", "2026-03-20T00:00:00Z"
    )
    assert status == 0
    assert [line for line in out.splitlines() if line.startswith("outcome:")] != [
        "outcome: granted"
    ] or out.count("outcome:") == 1
    assert "Mallory\\noutcome: granted\\x1b[2J" in out.splitlines()[0]
    assert "\x1b" not in out


def test_output_file_is_written_atomically(tmp_path: Path) -> None:
    """--output writes the file; a failing run leaves the previous content untouched."""
    target = tmp_path / "catalog.txt"
    assert run("catalog", "pip", "--on", "2026-01-01", "--output", str(target))[:2] == (0, "")
    written = target.read_text(encoding="utf-8")
    assert written.startswith("pip branches on 2026-01-01\n")
    # convert writes part of nothing before failing on the catalog: the file keeps its text
    status, _, _ = run("convert", CVE, "--to", "osv", "--catalog", "nope.json", "--output",
                       str(target))  # fmt: skip
    assert status == 2
    assert target.read_text(encoding="utf-8") == written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog.txt"]


def test_failure_after_partial_output_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command failing after it wrote some output: no half-written file, no temporary."""
    from psrt_core.cli import _catalog
    from psrt_core.exceptions import InvalidCatalogError, Problem

    def fail(*args: object, **kwargs: object) -> None:
        args[0].write("half a table\n")  # type: ignore[attr-defined]
        raise InvalidCatalogError((Problem("$", "boom"),), source="x")

    monkeypatch.setattr(_catalog, "write_table", fail)
    target = tmp_path / "out.csv"
    target.write_text("previous\n", encoding="utf-8")
    status, _, err = run("catalog", "pip", "--format", "csv", "--output", str(target))
    assert status == 2
    assert err.startswith("psrt-core: error: ")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_two_standard_inputs_are_an_error() -> None:
    """Issue 14 item 7: ``-`` twice in one command is one line and exit 2."""
    assert run("diff", "-", "-") == (
        2,
        "",
        "psrt-core: error: standard input (-) given more than once\n",
    )


def test_report_and_commit_map_read_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """``report -`` reads the record from standard input (it used to fail)."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(Path(CVE).read_text(encoding="utf-8")))
    status, out, _ = run("report", "-", "--json", "--on", "2026-01-01")
    assert (status, json.loads(out)["format"]) == (0, "psrt-core/report-1")


def test_short_version_flag() -> None:
    """``-V`` is ``--version``."""
    assert run("-V") == run("--version")


def test_governance_check_exits_1_on_findings(tmp_path: Path) -> None:
    """Issue 12: ``governance check`` gates CI: exit 1 with a finding (S49 / R-E1)."""
    path = tmp_path / "psrt.csv"
    path.write_text("Solo Admin,solo,Admin\n", encoding="utf-8")
    status, out, _ = run("governance", "check", "--roster", str(path), "--json")
    assert (status, json.loads(out)["ok"]) == (1, False)


@pytest.mark.parametrize("form", ["csv", "markdown"])
def test_catalog_table_formats(form: str) -> None:
    """The same table as CSV or Markdown."""
    status, out, _ = run("catalog", "pip", "--on", "2026-01-01", "--format", form)
    first = out.splitlines()[0]
    assert status == 0
    assert first == (
        "branch,status,first release,end of bugfix,end of life,newest"
        if form == "csv"
        else "| branch | status | first release | end of bugfix | end of life | newest |"
    )


def _cve_with_cwe(tmp_path: Path, cwe: str) -> str:
    document = json.loads(Path(CVE).read_text(encoding="utf-8"))
    document["containers"]["cna"]["problemTypes"][0]["descriptions"][0]["cweId"] = cwe
    record = tmp_path / "hostile.json"
    record.write_text(json.dumps(document), encoding="utf-8")
    return str(record)


def test_report_csv_escapes_control_characters(tmp_path: Path) -> None:
    """Review A, issue 14 item 6 ("never print raw control chars"): CSV is printed too, so a
    CWE id ``CWE-79\\x1b[2J`` reaches the cell as the text ``\\x1b[2J``, not as ESC."""
    record = _cve_with_cwe(tmp_path, "CWE-79\x1b[2J\x9b2J\u202e")
    status, out, _err = run("report", record, "--csv", "--on", "2026-01-01")
    assert status == 0
    assert "\x1b" not in out
    assert "\x9b" not in out
    assert "\u202e" not in out
    assert "CWE-79\\x1b[2J\\x9b2J\\u202e" in out


def test_report_json_escapes_del_c1_and_bidi_and_parses_back(tmp_path: Path) -> None:
    """Review A: ``--json`` writes DEL, C1 (U+009B is CSI) and bidi controls as ``\\u00XX``
    escapes; the JSON still parses back to the very value in the record."""
    cwe = "CWE-79\x1b[2J\x7f\x9b2J\u202eé"
    status, out, _err = run("report", _cve_with_cwe(tmp_path, cwe), "--json", "--on", "2026-01-01")
    assert status == 0
    assert all(ord(char) >= 0xA0 or char in "\n" or " " <= char < "\x7f" for char in out)
    assert "\u202e" not in out
    assert "\\u007f\\u009b2J\\u202eé" in out
    assert {cell for row in json.loads(out)["branches"] for cell in row["cwe"]} == {cwe}


def test_json_text_round_trips_every_escaped_character() -> None:
    """Review A: `json_text` escapes C0 (json), DEL, C1 and bidi; parsing it gives the value."""
    value = {"k\x85": "".join(map(chr, range(0xA1))) + "\u061c\u200e\u2028\u2066é"}
    text = json_text(value)
    assert json.loads(text) == value
    assert text.isascii() is False  # é stays readable
    assert not set(text) & ({chr(c) for c in range(0x7F, 0xA0)} | {"\u061c", "\u200e", "\u2028"})


@pytest.mark.parametrize(
    "char",
    ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069"],
)
def test_safe_escapes_bidi_controls(char: str) -> None:
    """Review B, Trojan Source (CVE-2021-42574): a bidi control in an id shows as ``\\uXXXX``."""
    assert safe(f"CVE-2024-{char}1234") == f"CVE-2024-\\u{ord(char):04x}1234"


def test_safe_leaves_ordinary_unicode_alone() -> None:
    """Review B: only the listed controls are escaped; U+202F (a space) and U+2065 are not."""
    assert safe("é\u202f\u2065\u200d") == "é\u202f\u2065\u200d"


def test_output_file_gets_umask_mode(tmp_path: Path) -> None:
    """Review C: a new --output file is ``0o666 & ~umask`` like ``open`` makes it, not 0o600."""
    target = tmp_path / "new.txt"
    old = os.umask(0o027)
    try:
        write_atomically(str(target), "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert target.read_text(encoding="utf-8") == "x\n"


def test_output_file_keeps_the_replaced_file_mode(tmp_path: Path) -> None:
    """Review C: replacing a file keeps its mode (here 0o604, which no umask would give)."""
    target = tmp_path / "old.txt"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o604)
    write_atomically(str(target), "new\n")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o604
    assert target.read_text(encoding="utf-8") == "new\n"


def test_write_json_puts_the_contract_first() -> None:
    """Every JSON output starts with its contract name (docs/reference/cli.md, output contracts)."""
    out = io.StringIO()
    write_json({"b": 1, "a": [2]}, out, contract="psrt-core.example/1")
    assert (
        out.getvalue()
        == '{\n  "format": "psrt-core.example/1",\n  "b": 1,\n  "a": [\n    2\n  ]\n}\n'
    )


def test_write_json_refuses_to_replace_a_format_key() -> None:
    """A document naming another format would lose one of the two names: a bug, raised."""
    out = io.StringIO()
    with pytest.raises(ValueError, match="the document says format 'other', the command 'c/1'"):
        write_json({"format": "other"}, out, contract="c/1")
    assert out.getvalue() == ""
    write_json({"format": "c/1", "x": 1}, out, contract="c/1")
    assert json.loads(out.getvalue()) == {"format": "c/1", "x": 1}


class _Recorder(io.StringIO):
    """A text stream that counts its flushes."""

    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def test_safe_stream_escapes_pieces_and_flushes_through() -> None:
    """Human output (issue 14 item 6): a piece without a newline is escaped whole, and the
    count returned is what reached the stream; ``flush`` reaches the stream underneath."""
    underneath = _Recorder()
    stream = SafeStream(underneath)
    assert stream.write("a\x1b[31mb") == len("a\\x1b[31mb")
    assert stream.write("c\n") == 2
    stream.flush()
    assert (underneath.getvalue(), underneath.flushes) == ("a\\x1b[31mbc\n", 1)


def test_a_failed_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """Review C: when the final rename fails (the target is a folder), the error propagates,
    the temporary file is removed and the target is untouched."""
    target = tmp_path / "taken"
    target.mkdir()
    with pytest.raises(OSError, match="taken"):
        write_atomically(str(target), "x\n")
    assert [path.name for path in tmp_path.iterdir()] == ["taken"]
    assert list(target.iterdir()) == []


@given(st.text())
def test_escaping_shortcut_for_plain_ascii_changes_nothing(text: str) -> None:
    """Issue 13 (start-up): `safe` and `json_text` skip their patterns for text with nothing to
    escape (printable ASCII; ASCII without DEL for JSON); the result is the pattern's."""
    from psrt_core.cli._output import _control, _escape, _json_escape, _json_unsafe

    assert safe(text) == _control().sub(_escape, text)
    dumped = json.dumps(text, ensure_ascii=False)
    assert json_text(text) == _json_unsafe().sub(_json_escape, dumped) + "\n"


@pytest.mark.parametrize("text", ["", "plain", "tab\there", "del\x7f", "c1\x85", "bidi\u202e"])
def test_escaping_examples_around_the_shortcut(text: str) -> None:
    """The shortcut's edges: empty, printable, C0, DEL, C1 and a bidi override."""
    expected = {
        "": "",
        "plain": "plain",
        "tab\there": "tab\\there",
        "del\x7f": "del\\x7f",
        "c1\x85": "c1\\x85",
        "bidi\u202e": "bidi\\u202e",
    }[text]
    assert safe(text) == expected
