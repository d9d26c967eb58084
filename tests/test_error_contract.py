"""One error contract over every public entry point (issue 14, item 2).

Outside documents come from reporters, forks, mirrors and mailing lists
(docs/explanation/threat-model.md). Whatever arrives, a public loader returns a value or
raises a `PsrtError`; the CLI exits 0 or 1 without a traceback, or 2 with exactly one line
on standard error; nothing runs past a time budget. The inputs are real documents (the
shared samples and the test fixtures) mutated the ways an attacker or a broken mirror
would: flipped characters, truncation, deleted and duplicated keys, values of another JSON
type, 5,000-digit integers, 10,000 levels of nesting, lone surrogates, control characters,
``NaN``, a byte-order mark and very long strings.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import math
import signal
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.version import Version

import psrt_core
from psrt_core import governance, serialization
from psrt_core.advisories import lint
from psrt_core.cli import main
from psrt_core.exceptions import InvalidInputError, PsrtError
from psrt_core.ranges import ranges_from_fixes, to_specifiers
from psrt_core.versions import VersionSet
from tests.conftest import SAMPLES

TESTS = Path(__file__).resolve().parent
SRC_DATA = TESTS.parent / "src" / "psrt_core" / "data"
GOVERNANCE = TESTS / "governance" / "fixtures"
ADVISORIES = TESTS / "advisories" / "fixtures"
SERIALIZATION = TESTS / "serialization" / "fixtures"
BUDGET_SECONDS = 5
UTC = datetime.timezone.utc

# Entry points and mutations known to break the contract, each with the reason; empty since
# the limits work landed. A new gap belongs here only with an issue that will close it.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


class Timeout(BaseException):
    """Raised by the alarm: a BaseException, so no ``except Exception`` in the code swallows it."""


@contextlib.contextmanager
def budget(seconds: int = BUDGET_SECONDS) -> Iterator[None]:
    """Fail the case when it runs past *seconds* (a hang is a broken contract too)."""

    def expire(signum: int, frame: types.FrameType | None) -> None:
        raise Timeout(f"ran past {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- hostile values --------------------------------------------------------------------------

HUGE = "\x00HUGE\x00"
DEEP = "\x00DEEP\x00"
DUP = "\x00DUP\x00"
DEPTH = 10_000
DIGITS = 5_000


def _deep() -> list[Any]:
    value: list[Any] = []
    for _ in range(DEPTH):
        value = [value]
    return value


HOSTILE: dict[str, object] = {
    "null": None,
    "bool": True,
    "int": -1,
    "float": 1.5,
    "nan": math.nan,
    "infinity": math.inf,
    "huge-int": HUGE,
    "deep": DEEP,
    "surrogate": "\ud800",
    "control": "\x1b]0;owned\x07\x1b[2J\n\x00",
    "long-string": "x" * 200_000,
    "empty-string": "",
    "list": ["a", 1],
    "object": {"a": 1},
    "bom": "\ufeffCVE-2024-0001",
}
TOKENS: dict[str, str] = {
    "huge-int": "9" * DIGITS,
    "deep": "[" * DEPTH,
    "surrogate": "\ud800",
    "control": "\x1b[2J\x00\x85",
    "nan": "NaN",
    "bom": "\ufeff",
    "long-string": "x" * 200_000,
    "newline": "\n",
    "quote": '"',
}


def to_python(value: object) -> object:
    """A hostile value as the Python object a dict-taking loader would be handed."""
    if value == HUGE:
        return 10**DIGITS
    if value == DEEP:
        return _deep()
    return value


def to_text(document: object) -> str:
    """*document* as JSON text, hostile sentinels written as the raw text they stand for."""
    text = json.dumps(document, allow_nan=True)
    text = text.replace(json.dumps(HUGE), "9" * DIGITS)
    text = text.replace(json.dumps(DEEP), "[" * DEPTH + "]" * DEPTH)
    return text.replace(json.dumps(DUP)[:-1], '"')


def paths(document: object, limit: int = 400) -> list[tuple[Any, ...]]:
    """Paths to the values of *document*, breadth first (at most *limit*)."""
    found: list[tuple[Any, ...]] = []
    queue: list[tuple[tuple[Any, ...], object]] = [((), document)]
    while queue and len(found) < limit:
        path, value = queue.pop(0)
        found.append(path)
        if isinstance(value, dict):
            queue.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            queue.extend(((*path, index), item) for index, item in enumerate(value))
    return found


def _copy(document: object) -> Any:
    return json.loads(json.dumps(document))


def mutate_structure(document: object, path: tuple[Any, ...], op: str) -> Any:
    """A copy of *document* with *op* applied at *path* (``delete``, ``duplicate`` or a
    `HOSTILE` name, which replaces the value)."""
    result = _copy(document)
    if not path:
        return result if op in ("delete", "duplicate") else HOSTILE[op]
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if op == "delete":
        del parent[last]
    elif op == "duplicate":
        if isinstance(parent, dict):  # written back as text, the key appears twice
            parent[DUP + last] = "another value"
        else:
            parent.insert(last, parent[last])
    else:
        parent[last] = HOSTILE[op]
    return result


def realise(document: object) -> object:
    """Replace the sentinels of *document* with real Python values (for dict loaders)."""
    if isinstance(document, dict):
        return {key: realise(value) for key, value in document.items() if DUP not in key}
    if isinstance(document, list):
        return [realise(item) for item in document]
    return to_python(document)


# -- seeds and entry points ------------------------------------------------------------------


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _samples(limit: int = 4) -> list[Path]:
    chosen: list[Path] = []
    for folder in ("cve", "osv-psf", "osv-pypa"):
        base = SAMPLES / folder
        if base.is_dir():
            chosen.extend(sorted(p for p in base.rglob("*") if p.is_file())[:limit])
    return chosen


RECORDS = [*_samples(), *sorted(ADVISORIES.glob("osv-*")), *sorted(ADVISORIES.glob("cve-*"))]
ROSTER = serialization.roster_from_devguide_csv(
    _read(GOVERNANCE / "psrt.csv"), _read(GOVERNANCE / "psrt-emeritus.csv")
)


def _advisory_and_use(text: str) -> object:
    """Load a record and use it as the CLI would: evaluate, list releases, lint."""
    advisory = serialization.parse_advisory(text)
    catalog = psrt_core.cpython_releases()
    if advisory.product is not None and advisory.product.name == "pip":
        catalog = psrt_core.pip_releases()
    advisory.evaluate()
    with contextlib.suppress(PsrtError):
        advisory.affected_versions(catalog)
    return lint(advisory, catalog=catalog)


@attrs.frozen
class EntryPoint:
    """A public loader, the seed documents it is fed, and whether it takes text or a dict."""

    name: str
    seeds: tuple[str, ...]
    load: Callable[[Any], object]
    takes: str  # "json" (text of a JSON document), "dict" (parsed JSON), "text" (anything else)


def _jsonl_events(text: str) -> object:
    return serialization.events_from_jsonl(text)


ENTRY_POINTS = [
    EntryPoint("parse_advisory", tuple(_read(p) for p in RECORDS), _advisory_and_use, "json"),
    EntryPoint(
        "advisory_from_dict",
        tuple(_read(p) for p in RECORDS if p.suffix == ".json"),
        serialization.advisory_from_dict,
        "dict",
    ),
    EntryPoint(
        "catalog_from_dict",
        (_read(SRC_DATA / "pip.json"),),
        serialization.catalog_from_dict,
        "dict",
    ),
    EntryPoint(
        "catalog_from_python_releases_toml",
        (_read(SERIALIZATION / "releases-good.toml"),),
        serialization.catalog_from_python_releases_toml,
        "text",
    ),
    EntryPoint(
        "catalog_from_simple_api",
        (_read(SERIALIZATION / "simple-demo.json"),),
        lambda doc: serialization.catalog_from_simple_api(doc, project="demo"),
        "dict",
    ),
    EntryPoint(
        "commit_map_from_text",
        (_read(ADVISORIES / "commit-map.txt"),),
        serialization.commit_map_from_text,
        "text",
    ),
    EntryPoint(
        "commit_map_from_dict",
        (_read(ADVISORIES / "commit-map.json"),),
        serialization.commit_map_from_dict,
        "dict",
    ),
    EntryPoint(
        "roster_from_devguide_csv",
        (_read(GOVERNANCE / "psrt.csv"), _read(SAMPLES.parent / "psrt" / "psrt.csv"))
        if (SAMPLES.parent / "psrt" / "psrt.csv").is_file()
        else (_read(GOVERNANCE / "psrt.csv"),),
        serialization.roster_from_devguide_csv,
        "text",
    ),
    EntryPoint(
        "roster_from_json",
        (json.dumps(serialization.roster_to_dict(ROSTER)),),
        serialization.roster_from_json,
        "json",
    ),
    EntryPoint(
        "nomination_from_json",
        (_read(GOVERNANCE / "nomination.json"),),
        serialization.nomination_from_json,
        "json",
    ),
    EntryPoint(
        "activity_from_json",
        (_read(GOVERNANCE / "activity.json"),),
        serialization.activity_from_json,
        "json",
    ),
    EntryPoint("events_from_jsonl", (_read(GOVERNANCE / "events.jsonl"),), _jsonl_events, "text"),
    EntryPoint(
        "policy_from_toml",
        (_read(GOVERNANCE / "policy.toml"),),
        serialization.policy_from_toml,
        "text",
    ),
    EntryPoint(
        "ghsa_from_dict",
        tuple(_read(p) for p in sorted((SAMPLES.parent / "ghsa").glob("openapi-example-*"))),
        serialization.ghsa_from_dict,
        "dict",
    ),
]
ENTRY_POINTS = [entry for entry in ENTRY_POINTS if entry.seeds]
BY_NAME = {entry.name: entry for entry in ENTRY_POINTS}


# -- the contract ----------------------------------------------------------------------------


def check_library(entry: EntryPoint, argument: object, mutation: str) -> None:
    """*entry* on *argument* returns or raises a `PsrtError`, within the budget."""
    failure = None
    try:
        with budget():
            entry.load(argument)
    except PsrtError:
        pass
    except Timeout:  # pragma: no cover - reported, not expected
        failure = f"{entry.name} [{mutation}] ran past {BUDGET_SECONDS} s"
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - any other exception is the finding
        failure = f"{entry.name} [{mutation}] raised {type(exc).__name__}: {exc!s:.200}"
    # An AssertionError (not pytest.fail, a BaseException) lets Hypothesis shrink the case.
    assert failure is None, failure


def _text_mutation(text: str, data: st.DataObject) -> tuple[str, str]:
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert", "bom"]), label="kind")
    if kind == "bom":
        return "\ufeff" + text, "bom"
    position = data.draw(st.integers(0, max(len(text) - 1, 0)), label="position")
    if kind == "truncate":
        return text[:position], "truncate"
    if kind == "flip":
        char = data.draw(st.characters(codec=None), label="char")
        return text[:position] + char + text[position + 1 :], "flip"
    token = data.draw(st.sampled_from(sorted(TOKENS)), label="token")
    return text[:position] + TOKENS[token] + text[position:], f"insert:{token}"


def _structure_mutation(text: str, data: st.DataObject) -> tuple[object, str]:
    document = json.loads(text)
    path = data.draw(st.sampled_from(paths(document)), label="path")
    op = data.draw(st.sampled_from(["delete", "duplicate", *sorted(HOSTILE)]), label="op")
    return mutate_structure(document, path, op), op if path else f"root:{op}"


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _jsonl_mutation(text: str, data: st.DataObject) -> tuple[str, str]:
    lines = text.splitlines()
    index = data.draw(st.integers(0, len(lines) - 1), label="line")
    document, op = _structure_mutation(lines[index], data)
    lines[index] = to_text(document)
    return "\n".join(lines), op


def draw_case(entry: EntryPoint, data: st.DataObject) -> tuple[object, str]:
    """A mutated seed for *entry*, and the name of the mutation (as `KNOWN_GAPS` keys it)."""
    seed = data.draw(st.sampled_from(entry.seeds), label="seed")
    if entry.takes == "dict":
        document, op = _structure_mutation(seed, data)
        return realise(document), op
    if entry.takes == "json" and _is_json(seed) and data.draw(st.booleans(), label="structural"):
        document, op = _structure_mutation(seed, data)
        return to_text(document), op
    if entry.name == "events_from_jsonl" and data.draw(st.booleans(), label="structural"):
        return _jsonl_mutation(seed, data)
    return _text_mutation(seed, data)


def _gap(entry: str, mutation: str) -> bool:
    return (entry, mutation) in KNOWN_GAPS or (
        entry,
        mutation.split(":", maxsplit=1)[0],
    ) in KNOWN_GAPS


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda entry: entry.name)
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_mutated_documents_give_a_value_or_a_psrt_error(
    entry: EntryPoint, data: st.DataObject
) -> None:
    """Issue 14 item 2: every public loader, fed a mutated real document, returns a value or
    raises a `PsrtError`, within the time budget; never another exception, never a hang."""
    argument, mutation = draw_case(entry, data)
    if _gap(entry.name, mutation):
        return
    check_library(entry, argument, mutation)


def _every_mutation(entry: EntryPoint) -> Iterator[tuple[str, object]]:
    """Each hostile value at the first leaf path, and each token in front: the reproductions."""
    seed = entry.seeds[0]
    if entry.takes in ("dict", "json"):
        document = json.loads(seed)
        leaf = next((p for p in paths(document) if p and not _container(document, p)), ())
        for op in ["delete", "duplicate", *sorted(HOSTILE)]:
            mutated = mutate_structure(document, leaf, op)
            yield op, realise(mutated) if entry.takes == "dict" else to_text(mutated)
            if op in HOSTILE and entry.takes == "dict":
                yield f"root:{op}", realise(HOSTILE[op])
    for token, text in TOKENS.items():
        if entry.takes != "dict":
            yield f"insert:{token}", text + seed
    if entry.takes != "dict":
        yield "bom", "\ufeff" + seed


def _container(document: Any, path: tuple[Any, ...]) -> bool:
    for step in path:
        document = document[step]
    return isinstance(document, (dict, list))


REPRODUCTIONS = [
    pytest.param(entry, mutation, argument, id=f"{entry.name}-{mutation}")
    for entry in ENTRY_POINTS
    for mutation, argument in _every_mutation(entry)
    if not _gap(entry.name, mutation)
]


@pytest.mark.parametrize(("entry", "mutation", "argument"), REPRODUCTIONS)
def test_every_hostile_value_gives_a_value_or_a_psrt_error(
    entry: EntryPoint, mutation: str, argument: object
) -> None:
    """Issue 14 item 2, deterministically: each hostile value in each document."""
    check_library(entry, argument, mutation)


# -- the command line ------------------------------------------------------------------------

CVE_SEED = ADVISORIES / "cve-cpython.json"
OSV_SEED = ADVISORIES / "osv-cpython-git.json"
GHSA_SEED = SAMPLES.parent / "ghsa" / "openapi-example-repository-advisory.json"

# Each command names the file it mutates with ``{target}``; the other files are good copies.
COMMANDS: dict[str, tuple[Path, list[str]]] = {
    "affected": (OSV_SEED, ["affected", "{target}"]),
    "affected-catalog": (SRC_DATA / "pip.json", ["affected", "--catalog", "{target}", "{osv}"]),
    "affected-commit-map": (
        ADVISORIES / "commit-map.txt",
        ["affected", "--commit-map", "{target}", "{osv}"],
    ),
    "convert": (CVE_SEED, ["convert", "--to", "osv", "{target}"]),
    "lint": (CVE_SEED, ["lint", "{target}"]),
    "report": (CVE_SEED, ["report", "--on", "2025-01-01", "{target}"]),
    "diff": (CVE_SEED, ["diff", "{cve}", "{target}"]),
    "catalog": (SRC_DATA / "pip.json", ["catalog", "{target}"]),
    "audit": (OSV_SEED, ["audit", "--python", "3.12.1", "--pip", "none", "{target}"]),
    "tally": (
        GOVERNANCE / "nomination.json",
        ["governance", "tally", "--roster", "{roster}", "--at", "2026-03-01T00:00:00Z", "{target}"],
    ),
    "tally-roster": (
        GOVERNANCE / "psrt.csv",
        ["governance", "tally", "--roster", "{target}", "{nomination}"],
    ),
    "tally-policy": (
        GOVERNANCE / "policy.toml",
        ["governance", "tally", "--roster", "{roster}", "--policy", "{target}", "{nomination}"],
    ),
    "inactivity": (
        GOVERNANCE / "activity.json",
        [
            *("governance", "inactivity", "--roster", "{roster}"),
            *("--activity", "{target}", "--on", "2026-06-01"),
        ],
    ),
    "check": (GOVERNANCE / "psrt.csv", ["governance", "check", "--roster", "{target}"]),
    "replay": (GOVERNANCE / "events.jsonl", ["governance", "replay", "{target}"]),
    "publish": (GHSA_SEED, ["publish", "--to", "both", "--fixed-in", "3.12.8", "{target}"]),
    "timeline": (GHSA_SEED, ["timeline", "--on", "2025-01-01", "{target}"]),
}
CLI_MUTATIONS = [
    "truncate",
    "bom",
    "invalid-utf8",
    "huge-int",
    "deep",
    "nan",
    "control",
    "surrogate",
    "long-string",
]


def _cli_text(seed: Path, mutation: str) -> bytes:
    """The bytes of *seed* with *mutation*: at the first leaf of a JSON document, else at the
    start of the second line."""
    text = _read(seed)
    if mutation == "truncate":
        return text[: len(text) // 2].encode()
    if mutation == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if mutation == "invalid-utf8":
        return text.encode()[:20] + b"\xed\xa0\x80\xff" + text.encode()[20:]
    if _is_json(text):
        document = json.loads(text)
        leaf = next(p for p in paths(document) if p and not _container(document, p))
        mutated = to_text(mutate_structure(document, leaf, mutation))
    else:
        head, _, tail = text.partition("\n")
        mutated = head + "\n" + TOKENS[mutation] + tail
    return mutated.encode(
        "utf-8", "surrogateescape" if mutation != "surrogate" else "surrogatepass"
    )


def check_cli(argv: list[str], case: str) -> None:
    """Exit 0 or 1 with no traceback, or 2 with exactly one line on stderr; in the budget."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with budget():
            status = main(argv, stdout=out, stderr=err)
    except Timeout:  # pragma: no cover - reported, not expected
        pytest.fail(f"{case}: ran past {BUDGET_SECONDS} s")
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - any other exception is the finding
        pytest.fail(f"{case}: raised {type(exc).__name__}: {exc!s:.200}")
    lines = err.getvalue().splitlines()
    assert "Traceback" not in err.getvalue(), case
    assert status in (0, 1, 2), case
    if status == 2:
        assert len(lines) == 1, f"{case}: {err.getvalue()[:300]!r}"
        assert lines[0].startswith("psrt-core: error: "), case


def _files(tmp_path: Path) -> dict[str, str]:
    files = {
        "osv": OSV_SEED,
        "cve": CVE_SEED,
        "roster": GOVERNANCE / "psrt.csv",
        "nomination": GOVERNANCE / "nomination.json",
    }
    result = {}
    for name, source in files.items():
        copy = tmp_path / f"good-{source.name}"
        copy.write_bytes(source.read_bytes())
        result[name] = str(copy)
    return result


CLI_CASES = [
    pytest.param(command, mutation, id=f"{command}-{mutation}")
    for command in COMMANDS
    for mutation in CLI_MUTATIONS
    if not _gap(f"cli:{command}", mutation)
]


@pytest.mark.parametrize(("command", "mutation"), CLI_CASES)
def test_every_subcommand_ends_in_one_error_line_or_a_result(
    command: str, mutation: str, tmp_path: Path
) -> None:
    """Issue 14 item 2: every subcommand fed a hostile file exits 0/1 without a traceback, or
    2 with exactly one line on standard error; never a hang."""
    seed, template = COMMANDS[command]
    if not seed.is_file():
        pytest.skip(f"{seed} not found")
    target = tmp_path / f"hostile{seed.suffix}"
    target.write_bytes(_cli_text(seed, mutation))
    names = {"target": str(target), **_files(tmp_path)}
    check_cli([part.format(**names) for part in template], f"{command} [{mutation}]")


@pytest.mark.parametrize(
    "at",
    [
        "2026-03-01T00:00:00",  # naive: names no instant
        "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
        "9999-12-31T23:59:00-01:00",  # after year 9999 in UTC
    ],
)
@pytest.mark.parametrize("action", ["tally", "replay"])
def test_an_at_outside_the_representable_instants_is_one_error_line(
    action: str, at: str, tmp_path: Path
) -> None:
    """Issue 14: ``--at`` outside years 1-9999 once converted to UTC (or naive) is exit 2 or
    a result, never a traceback."""
    names = _files(tmp_path)
    if action == "tally":
        argv = ["governance", "tally", "--roster", names["roster"], "--at", at]
        argv.append(names["nomination"])
    else:
        argv = ["governance", "replay", "--at", at, str(GOVERNANCE / "events.jsonl")]
    check_cli(argv, f"{action} --at {at}")


RANGE_FIXES = {
    "epoch": ("1!3.12.8", []),
    "local-specifier": ("3.12.8+local", ["--to", "specifier"]),
    "huge-int": ("9" * DIGITS, []),
    "surrogate": ("3.12.\ud800", []),
    "control": ("3.12.8\x1b[2J", []),
    "empty": ("", []),
}


@pytest.mark.parametrize(
    ("fix", "extra"),
    [
        pytest.param(*value, id=name)
        for name, value in RANGE_FIXES.items()
        if not _gap("cli:range --fixed-in", name)
    ],
)
def test_range_fix_values_end_in_one_error_line(fix: str, extra: list[str]) -> None:
    """Issue 14: hostile ``--fixed-in`` values are one error line, exit 2."""
    out, err = io.StringIO(), io.StringIO()
    argv = ["range", "--product", "cpython", "--fixed-in", fix, *extra]
    with budget():
        status = main(argv, stdout=out, stderr=err)
    assert status == 2
    assert len(err.getvalue().splitlines()) == 1


# -- library functions with an instant -------------------------------------------------------

NAIVE = datetime.datetime(2026, 3, 1)
BEFORE_YEAR_1 = datetime.datetime(1, 1, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
EVENTS = serialization.events_from_jsonl(_read(GOVERNANCE / "events.jsonl"))
NOMINATION = serialization.nomination_from_json(_read(GOVERNANCE / "nomination.json"))
STATE = governance.replay(EVENTS)
INSTANT_FUNCTIONS: dict[str, Callable[[datetime.datetime], object]] = {
    "tally": lambda at: governance.tally(NOMINATION, ROSTER, at=at),
    "replay": lambda at: governance.replay(EVENTS, at=at),
    "open_nominations": lambda at: governance.open_nominations(STATE, at=at),
    "pending_duties": lambda at: governance.pending_duties(STATE, at=at),
    "Roster.is_member": lambda at: ROSTER.is_member("ada-example", at=at),
}


@pytest.mark.parametrize("function", sorted(INSTANT_FUNCTIONS))
@pytest.mark.parametrize(
    ("at", "message"),
    [
        (NAIVE, "must be a timezone-aware datetime (got datetime.datetime(2026, 3, 1, 0, 0))"),
        (BEFORE_YEAR_1, "is outside the years 1 to 9999 once converted to UTC"),
    ],
    ids=["naive", "before-year-1"],
)
def test_a_naive_or_unrepresentable_instant_is_invalid_input(
    function: str, at: datetime.datetime, message: str
) -> None:
    """Issue 14: a naive ``at=`` names no instant (it once raised ``TypeError`` deep in a
    tally) and one outside years 1-9999 in UTC raised ``OverflowError``; both are
    `InvalidInputError` naming the argument."""
    with pytest.raises(InvalidInputError) as caught:
        INSTANT_FUNCTIONS[function](at)
    assert message in str(caught.value)
    assert caught.value.problems[0].location in ("at", "instant")


def test_an_aware_instant_in_any_zone_is_the_same_instant() -> None:
    """The check converts to UTC and changes nothing else: the same instant written in two
    zones gives the same decision."""
    utc = datetime.datetime(2026, 3, 1, 12, tzinfo=UTC)
    other = utc.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert governance.tally(NOMINATION, ROSTER, at=utc) == governance.tally(
        NOMINATION, ROSTER, at=other
    )


def test_ranges_refuse_every_fix_that_is_no_release() -> None:
    """Issue 14 ("wrong answer from a valid-looking fix"): the library refuses, listing each."""
    with pytest.raises(InvalidInputError) as caught:
        ranges_from_fixes(psrt_core.cpython_releases(), ["1!3.12.8", "3.13.1", "3.12.8+local"])
    locations = [problem.location for problem in caught.value.problems]
    assert locations == ["fixed_in[0]", "fixed_in[2]"]


def test_specifiers_never_leak_invalid_specifier() -> None:
    """``to_specifiers`` of an interval ending on a local version is exact over the catalog."""
    source = VersionSet.interval(Version("3.12.0"), Version("3.12.8+local"))
    assert to_specifiers(source, psrt_core.cpython_releases()).exact
