"""Hostile-size benchmarks (issue 14): the inputs an attacker would send to make work unbounded.

Run with ``python benchmarks/hostile.py``. It times, and prints without asserting anything:

* one OSV record whose single range has 20,000 events, loaded, evaluated and linted;
* the same size as a CVE JSON 5 record with 5,000 overlapping ``versions`` entries;
* a tally of 100,000 ballots over a roster of 1,000 members;
* event-log replays: one nomination with 400 members and 400 ballots, and a 20,000-event log
  (1,000 members listed, one nomination, 18,999 ballots).

The scaling bounds themselves are proved by the tests of the limits work; this file shows
the absolute times on the machine at hand (see ``docs/explanation/threat-model.md``).
"""

from __future__ import annotations

import datetime
import json
import signal
import time
import types
from collections.abc import Callable
from typing import Any

import psrt_core
from psrt_core.advisories import lint
from psrt_core.governance import (
    Ballot,
    BallotCast,
    Choice,
    GovernanceEvent,
    Member,
    MemberListed,
    Nominated,
    Nomination,
    Nominee,
    Pool,
    Roster,
    replay,
    tally,
)
from psrt_core.serialization import parse_advisory

UTC = datetime.timezone.utc
OPENED = datetime.datetime(2026, 1, 5, 9, tzinfo=UTC)


CAP_SECONDS = 60


class _OverCap(BaseException):
    """A step ran past `CAP_SECONDS` (quadratic work on a hostile size)."""


def _expire(_signum: int, _frame: types.FrameType | None) -> None:
    raise _OverCap


def timed(label: str, action: Callable[[], Any]) -> Any:
    """Run *action* once and print how long it took (or that it ran past the cap)."""
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.alarm(CAP_SECONDS)
    start = time.perf_counter()
    try:
        result = action()
    except _OverCap:
        print(f"{label:<48} over {CAP_SECONDS} s (stopped)")
        return None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def osv_record(events: int) -> str:
    """An OSV record with one ECOSYSTEM range of *events* alternating introduced/fixed events."""
    versions = [f"{1 + i // 1000}.{(i // 10) % 100}.{i % 10}" for i in range(events)]
    kinds = ["introduced", "fixed"]
    document = {
        "schema_version": "1.7.0",
        "id": "PSF-2099-1",
        "modified": "2026-01-01T00:00:00Z",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "pip"},
                "ranges": [
                    {
                        "type": "ECOSYSTEM",
                        "events": [{kinds[i % 2]: version} for i, version in enumerate(versions)],
                    }
                ],
            }
        ],
    }
    return json.dumps(document)


def cve_record(entries: int) -> str:
    """A CVE JSON 5 record with *entries* overlapping ``lessThan`` ranges."""
    versions = [
        {
            "version": f"3.{i % 15}.{i // 15}",
            "lessThan": "3.14.0",
            "status": "affected",
            "versionType": "python",
        }
        for i in range(entries)
    ]
    document = {
        "dataType": "CVE_RECORD",
        "dataVersion": "5.1",
        "cveMetadata": {"cveId": "CVE-2099-0001", "state": "PUBLISHED"},
        "containers": {
            "cna": {
                "providerMetadata": {"orgId": "28c92f92-d60d-412d-b760-e73465c3df22"},
                "affected": [
                    {
                        "vendor": "Python Software Foundation",
                        "product": "CPython",
                        "defaultStatus": "unaffected",
                        "versions": versions,
                    }
                ],
                "descriptions": [{"lang": "en", "value": "benchmark"}],
                "references": [{"url": "https://example.invalid/"}],
            }
        },
    }
    return json.dumps(document)


def record(label: str, text: str, catalog: psrt_core.Catalog) -> None:
    """Load, evaluate and lint *text*, timing each step."""
    advisory = timed(f"{label}: load", lambda: parse_advisory(text))
    if advisory is None:
        return
    timed(f"{label}: evaluate", advisory.evaluate)
    timed(f"{label}: affected releases", lambda: advisory.affected_versions(catalog))
    timed(f"{label}: lint", lambda: lint(advisory, catalog=catalog))


def ballots_tally(ballots: int, members: int) -> None:
    """Tally *ballots* ballots (voters cycle through the roster) over *members* members."""
    roster = Roster.of(Member(f"Member {i}", f"member-{i}") for i in range(members))
    choices = (Choice.YES, Choice.NO, Choice.ABSTAIN)
    nomination = Nomination(
        nominee=Nominee("Someone New", "someone-new"),
        nominator="member-0",
        opened_at=OPENED,
        ballots=tuple(
            Ballot(
                f"member-{i % members}",
                choices[i % 3],
                OPENED + datetime.timedelta(seconds=1 + i // members),
            )
            for i in range(ballots)
        ),
    )
    at = OPENED + datetime.timedelta(days=8)
    timed(
        f"tally: {ballots:,} ballots, {members:,} members", lambda: tally(nomination, roster, at=at)
    )


def event_log(members: int, ballots: int) -> list[GovernanceEvent]:
    """*members* listed, one nomination, then *ballots* ballots (voters cycle, so they revote)."""
    events: list[GovernanceEvent] = [
        MemberListed(Member(f"Member {i}", f"member-{i}"), OPENED) for i in range(members)
    ]
    nominee = Nominee("Someone New", "someone-new", {Pool.TRIAGER})
    events.append(Nominated("n1", nominee, "member-0", OPENED))
    choices = (Choice.YES, Choice.NO, Choice.ABSTAIN)
    events.extend(
        BallotCast(
            "n1",
            f"member-{i % members}",
            choices[i % 3],
            OPENED + datetime.timedelta(seconds=1 + i // members),
        )
        for i in range(ballots)
    )
    return events


def log_replay(members: int, ballots: int) -> None:
    """Replay a log of *members* listed members and *ballots* ballots on one nomination."""
    events = event_log(members, ballots)
    timed(f"replay: {len(events):,} events ({members:,} members)", lambda: replay(events))


def main() -> None:
    """Print every timing."""
    record("OSV, 20,000 events", osv_record(20_000), psrt_core.pip_releases())
    record("CVE, 5,000 entries", cve_record(5_000), psrt_core.cpython_releases())
    ballots_tally(100_000, 1_000)
    log_replay(400, 400)
    log_replay(1_000, 18_999)


if __name__ == "__main__":
    main()
