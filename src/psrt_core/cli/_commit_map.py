"""``psrt-core commit-map build``: a commit map from a local clone, with git.

Why in the CLI: running git is I/O, and the command line is the only layer that does I/O. What
the tags mean and how the file is written live in `psrt_core.serialization`; this module only
asks git which commits exist and which tags contain them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

import attrs
from packaging.version import Version

from psrt_core.advisories import CommitMap
from psrt_core.cli._catalog import load_catalog_argument
from psrt_core.cli._common import CliError, read_text
from psrt_core.cli._output import add_output_option
from psrt_core.serialization import (
    commit_map_to_text,
    parse_advisory,
    record_commits,
    releases_of_tags,
)
from psrt_core.versions import CPYTHON, PRODUCTS, Catalog, Product, product_named

__all__ = ["GitRepository", "register", "run_build"]

EXIT_MISSING = 1
_HEX = re.compile(r"[0-9a-f]{7,64}\Z")


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add ``commit-map build``."""
    parser = commands.add_parser(
        "commit-map",
        description="Commit maps: which releases contain a commit, for GIT ranges.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build",
        help="map commits to the releases whose tags contain them",
        description="Run git on a local clone and write, for every commit the records name "
        "(and every --commit), the first release of each branch whose tag contains it.",
    )
    build.add_argument("records", nargs="*", metavar="RECORD", help="OSV or CVE JSON 5 file")
    build.add_argument("--repo", required=True, metavar="PATH", help="a local clone")
    build.add_argument(
        "--commit",
        dest="commits",
        action="append",
        default=[],
        type=_commit_argument,
        metavar="SHA",
        help="a commit to map (repeatable; abbreviated hashes are resolved)",
    )
    build.add_argument(
        "--product",
        choices=tuple(PRODUCTS),
        default=CPYTHON.name,
        help="whose repository and releases (default: cpython)",
    )
    build.add_argument(
        "--catalog",
        metavar="FILE",
        help="release catalog JSON file (default: the bundled one for --product)",
    )
    build.add_argument(
        "--all-releases",
        action="store_true",
        help="write every release containing each commit, not only the first per branch",
    )
    add_output_option(build)
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="git processes at once (default: the number of CPUs)",
    )
    build.set_defaults(handler=run_build)


def _commit_argument(value: str) -> str:
    """Argparse type for ``--commit``: a (possibly abbreviated) hexadecimal commit hash."""
    text = value.strip().lower()
    if not _HEX.match(text):
        raise argparse.ArgumentTypeError(f"not a commit hash (7 to 64 hex digits): {value!r}")
    return text


# -- git -----------------------------------------------------------------------------------------


@attrs.frozen
class GitRepository:
    """A local clone, asked through ``git -C PATH`` (the only subprocesses psrt-core runs)."""

    path: str

    def run(self, *arguments: str, stdin: str | None = None) -> str:
        """Run git and return its output; a failure is a `CliError` with git's first line."""
        command = ["git", "-C", self.path, *arguments]
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            raise CliError("git is not installed (not found on PATH)") from None
        if done.returncode != 0:
            lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
            raise CliError(f"{self.path}: git {arguments[0]}: {lines[0]}")
        return done.stdout

    def check(self) -> None:
        """Fail with one line unless *path* is a git repository git can read."""
        if not Path(self.path).is_dir():
            raise CliError(f"{self.path}: no such directory")
        self.run("rev-parse", "--git-dir")

    def resolve(self, commits: Sequence[str]) -> dict[str, str | None]:
        """Each hash (full or abbreviated) -> its full commit hash, ``None`` if there is none.

        One ``git cat-file --batch-check`` for all of them; an ambiguous abbreviation, or an
        object that is not a commit, counts as missing.
        """
        queries = "".join(f"{commit}^{{commit}}\n" for commit in commits)
        lines = self.run("cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=queries)
        found: dict[str, str | None] = {}
        for commit, line in zip(commits, lines.splitlines(), strict=True):
            words = line.split()
            found[commit] = words[0] if words[1:] == ["commit"] else None
        return found

    def tags_containing(self, commit: str) -> list[str]:
        """The names of the tags whose commits have *commit* as an ancestor (or are it)."""
        output = self.run(
            "for-each-ref", f"--contains={commit}", "--format=%(refname:lstrip=2)", "refs/tags"
        )
        return output.splitlines()


# -- the command ---------------------------------------------------------------------------------


def run_build(args: argparse.Namespace, out: TextIO) -> int:
    """Write the map; exit 1 when a commit is not in the repository (it is listed as missing)."""
    product = product_named(args.product)
    catalog = load_catalog_argument(args.catalog or product.name)
    if catalog.product != product.name:
        raise CliError(f"{args.catalog}: a {catalog.product} catalog, not {product.name}'s")
    wanted = _wanted_commits(args.records, args.commits, product)
    repository = GitRepository(args.repo)
    repository.check()
    resolved = repository.resolve(wanted)
    present = sorted({full for full in resolved.values() if full is not None})
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        tags = dict(zip(present, pool.map(repository.tags_containing, present), strict=True))
    mapping, ignored = _map(tags, catalog)
    if not args.all_releases:
        mapping = dict(CommitMap.of(mapping, scheme=catalog.scheme))
    missing = [commit for commit, full in resolved.items() if full is None]
    text = commit_map_to_text(mapping, scheme=catalog.scheme, missing=missing)
    _write(text, args.output, out)
    _report(product, catalog, len(present), ignored, missing)
    return EXIT_MISSING if missing else 0


def _wanted_commits(records: Sequence[str], commits: Sequence[str], product: Product) -> list[str]:
    """The commits of every record, then every ``--commit``, lower-case, each once."""
    wanted: dict[str, None] = {}
    for path in records:
        for commit in record_commits(parse_advisory(read_text(path), source=path), product):
            wanted.setdefault(commit, None)
    for commit in commits:
        wanted.setdefault(commit, None)
    if not wanted:
        raise CliError(f"no {product.display_name} commits to map: give records or --commit SHA")
    return list(wanted)


def _map(
    tags: dict[str, list[str]], catalog: Catalog
) -> tuple[dict[str, tuple[Version, ...]], set[str]]:
    mapping: dict[str, tuple[Version, ...]] = {}
    ignored: set[str] = set()
    for commit, names in tags.items():
        releases = releases_of_tags(names, catalog)
        mapping[commit] = releases.versions
        ignored.update(releases.ignored)
    return mapping, ignored


def _write(text: str, output: str | None, out: TextIO) -> None:
    del output  # ``main`` writes ``--output`` atomically from what the command wrote
    out.write(text)


def _report(
    product: Product, catalog: Catalog, mapped: int, ignored: Iterable[str], missing: list[str]
) -> None:
    err = sys.stderr
    for commit in missing:
        print(f"psrt-core: commit-map: {commit}: not a commit of the repository", file=err)
    names = sorted(ignored)
    if names:
        shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
        print(
            f"psrt-core: commit-map: ignored {len(names)} tag(s) that are not "
            f"{product.display_name} releases of the {catalog.product} catalog ({shown})",
            file=err,
        )
    print(f"psrt-core: commit-map: {mapped} commit(s) mapped, {len(missing)} missing", file=err)
