"""Paired-round timing and its statistics: CPU time, every approach once per round.

Why paired rounds: on a shared machine the load changes from second to second. Timing every
approach once per round, back to back (in a rotating order, so none always goes first), and
taking the ratio *within* the round cancels most of that drift; the spread of the per-round
ratios then says how far the number can be trusted. No best-of-N: the minimum hides the
variance a user sees. CPU time (`time.process_time`) leaves out the time other processes take.
"""

from __future__ import annotations

import gc
import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence

import attrs


@attrs.frozen
class Spread:
    """Median, interquartile range and min-max of a sample (per-round ratios or times)."""

    median: float
    q1: float
    q3: float
    low: float
    high: float

    @classmethod
    def of(cls, sample: Sequence[float]) -> Spread:
        """The summary of *sample* (at least one value)."""
        ordered = sorted(sample)
        if len(ordered) == 1:
            only = ordered[0]
            return cls(only, only, only, only, only)
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
        return cls(statistics.median(ordered), q1, q3, ordered[0], ordered[-1])

    def scaled(self, factor: float) -> Spread:
        """Every figure times *factor* (seconds to microseconds, for example)."""
        return Spread(*(value * factor for value in attrs.astuple(self)))


def paired_rounds(
    functions: Mapping[str, Callable[[], object]], rounds: int
) -> dict[str, list[float]]:
    """CPU seconds of each function in each of *rounds* rounds; every function once per round.

    A full collection runs before each timed call so that one call does not pay for another's
    garbage; the collector stays on during the call, as it is for a user.
    """
    names = list(functions)
    times: dict[str, list[float]] = {name: [] for name in names}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.process_time()
            functions[name]()
            times[name].append(time.process_time() - start)
    return times


def ratios(times: dict[str, list[float]], numerator: str, denominator: str) -> Spread:
    """The spread of the per-round ratios ``numerator / denominator``."""
    pairs = zip(times[numerator], times[denominator], strict=True)
    return Spread.of([top / max(bottom, 1e-9) for top, bottom in pairs])


def per_call(function: Callable[[], object], calls: int, rounds: int) -> Spread:
    """Seconds per call: *rounds* batches of *calls* calls each, CPU time."""
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            function()
        samples.append((time.process_time() - start) / calls)
    return Spread.of(samples)


def child_cpu(command: Sequence[str]) -> float:
    """The CPU seconds (user + system) that running *command* to completion costs.

    Exit status 1 is the project's "findings" status (``affected`` on an affecting record),
    not a failure; 2 and above are.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, check=False, capture_output=True, env=_quiet_env())
    if done.returncode not in (0, 1):
        raise subprocess.CalledProcessError(done.returncode, command, done.stdout, done.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def reported_cpu(command: Sequence[str]) -> float:
    """The float *command* prints (a child that times part of its own work)."""
    done = subprocess.run(command, check=True, capture_output=True, text=True, env=_quiet_env())
    return float(done.stdout.split()[-1])


def paired_processes(
    commands: dict[str, Callable[[], float]], rounds: int
) -> dict[str, list[float]]:
    """Like `paired_rounds`, for measurements that return their own seconds (subprocesses)."""
    names = list(commands)
    times: dict[str, list[float]] = {name: [] for name in names}
    for name in names:  # a warm-up round, untimed: bytecode caches written, files cached
        commands[name]()
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            times[name].append(commands[name]())
    return times


def _quiet_env() -> dict[str, str]:
    """The environment without an import-time trace, and with bytecode caches written.

    An installed package has its ``.pyc`` files (pip compiles them); a source checkout run
    with ``PYTHONDONTWRITEBYTECODE`` would compile every module on every start instead.
    """
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env
