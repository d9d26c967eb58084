"""``psrt-core commit-map build`` on a real git repository built in a temporary directory.

The repository is shaped like CPython's (issue 9, item 2): release lines are branches cut from
main, pre-releases are tagged on main, fixes land on main and are cherry-picked onto the older
branch, whose next release is tagged after the backport. Git itself answers which tags contain a
commit; nothing is mocked.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import attrs
import pytest

from psrt_core.cli import main
from psrt_core.serialization import COMMIT_MAP_HEADER

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed: commit maps are built by running it"
)

HEADER = "\n".join(COMMIT_MAP_HEADER) + "\n"
MISSING = "dead" * 10


@attrs.frozen
class Repo:
    """The test repository and the full hashes of its named commits."""

    path: Path
    commits: dict[str, str]


def _hermetic(home: Path) -> dict[str, str]:
    """An environment where no system or user git configuration is read."""
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CEILING_DIRECTORIES=str(home.parent),
        GIT_AUTHOR_DATE="2024-01-01T00:00:00Z",
        GIT_COMMITTER_DATE="2024-01-01T00:00:00Z",
    )
    env.pop("GIT_DIR", None)
    env.pop("GIT_CONFIG_GLOBAL", None)
    return env


def _git(path: Path, env: dict[str, str], *arguments: str) -> str:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(path)]
    done = subprocess.run(
        [*command, *arguments], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _commit(path: Path, env: dict[str, str], name: str) -> str:
    (path / f"{name}.txt").write_text(f"{name}\n", encoding="utf-8")
    _git(path, env, "add", f"{name}.txt")
    _git(path, env, "commit", "-q", "-m", name)
    return _git(path, env, "rev-parse", "HEAD")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """CPython's shape in miniature (tags in brackets; some annotated, some lightweight).

    main: root[v3.10.0] - a[v3.11.0a1, legacy-trunk] - feature[v3.12.0a1] - fix
          - d[v3.12.0a2, nightly, v9.9.9] - e[v3.12.0a3] - unreleased
    3.10 (from root): b310[v3.10.1]
    3.11 (from a):    b311[v3.11.0] - fix cherry-picked[v3.11.1]
    """
    base = tmp_path_factory.mktemp("commit-map")
    home = base / "home"
    home.mkdir()
    env = _hermetic(home)
    path = base / "cpython"
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], env=env, check=True)
    commits = {"root": _commit(path, env, "root")}
    _git(path, env, "tag", "-a", "-m", "3.10.0", "v3.10.0")
    _git(path, env, "branch", "3.10")
    commits["a"] = _commit(path, env, "a")
    _git(path, env, "tag", "v3.11.0a1")
    _git(path, env, "tag", "legacy-trunk")
    _git(path, env, "branch", "3.11")
    commits["feature"] = _commit(path, env, "feature")
    _git(path, env, "tag", "-a", "-m", "3.12.0a1", "v3.12.0a1")
    commits["fix"] = _commit(path, env, "fix")
    commits["d"] = _commit(path, env, "d")
    for tag in ("v3.12.0a2", "nightly", "v9.9.9"):
        _git(path, env, "tag", tag)
    commits["e"] = _commit(path, env, "e")
    _git(path, env, "tag", "v3.12.0a3")
    commits["unreleased"] = _commit(path, env, "unreleased")
    _git(path, env, "switch", "-q", "3.10")
    commits["b310"] = _commit(path, env, "b310")
    _git(path, env, "tag", "v3.10.1")
    _git(path, env, "switch", "-q", "3.11")
    commits["b311"] = _commit(path, env, "b311")
    _git(path, env, "tag", "-a", "-m", "3.11.0", "v3.11.0")
    _git(path, env, "cherry-pick", "-x", commits["fix"])
    commits["fix311"] = _git(path, env, "rev-parse", "HEAD")
    _git(path, env, "tag", "v3.11.1")
    _git(path, env, "switch", "-q", "main")
    return Repo(path, commits)


@pytest.fixture(autouse=True)
def hermetic_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The git the command runs reads no configuration of the machine or the user."""
    for key, value in _hermetic(tmp_path).items():
        monkeypatch.setenv(key, value)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI; its notes go to sys.stderr, its errors to the given stream: both returned."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    captured = capsys.readouterr()
    return status, out.getvalue(), captured.err + err.getvalue()


def _osv(tmp_path: Path, name: str, events: list[dict[str, str]], **extra: object) -> str:
    record = {
        "id": name,
        "modified": "2024-01-01T00:00:00Z",
        "affected": [
            {
                "ranges": [
                    {"type": "GIT", "repo": "https://github.com/python/cpython", "events": events}
                ]
            }
        ],
        **extra,
    }
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return str(path)


def test_map_of_a_records_fix_commits(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 9.2: each commit a record names -> the first release per branch whose tag contains
    it; the fix on main is in 3.12.0a2 (not 3.11: cut before it), its backport in 3.11.1 only.
    Tags that are not catalog releases are counted on stderr, never mapped."""
    fix, fix311 = repo.commits["fix"], repo.commits["fix311"]
    record = _osv(tmp_path, "PSF-2099-1", [{"introduced": "0"}, {"fixed": fix}, {"fixed": fix311}])
    status, out, err = run(capsys, "commit-map", "build", "--repo", str(repo.path), record)
    assert status == 0
    expected = {fix: "    3.12.0a2\n", fix311: "    3.11.1\n"}
    assert out == HEADER + "".join(f"{c}\n{expected[c]}" for c in sorted(expected))
    assert err == (
        "psrt-core: commit-map: ignored 2 tag(s) that are not CPython releases of the cpython "
        "catalog (nightly, v9.9.9)\n"
        "psrt-core: commit-map: 2 commit(s) mapped, 0 missing\n"
    )


def test_built_map_evaluates_the_record(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The map written to --output gives `affected` the releases git says: 3.10 has no
    backport (affected), 3.11 is fixed from 3.11.1, 3.12 from 3.12.0a2 (range-semantics §1)."""
    fix, fix311 = repo.commits["fix"], repo.commits["fix311"]
    record = _osv(tmp_path, "PSF-2099-1", [{"introduced": "0"}, {"fixed": fix}, {"fixed": fix311}])
    commit_map = tmp_path / "commits.txt"
    argv = ["commit-map", "build", "--repo", str(repo.path), record, "--output", str(commit_map)]
    status, out, _ = run(capsys, *argv)
    assert (status, out) == (0, "")
    versions = ("3.10.0", "3.10.1", "3.11.0a1", "3.11.0", "3.11.1", "3.12.0a1", "3.12.0a2")
    flags = [item for version in versions for item in ("--version", version)]
    status, out, err = run(
        capsys, "affected", record, "--commit-map", str(commit_map), *flags, "--json"
    )
    assert (status, err) == (1, "")  # exit 1: something is affected
    (result,) = json.loads(out)["results"]
    assert result["affected"] == ["3.10.0", "3.10.1", "3.11.0a1", "3.11.0", "3.12.0a1"]
    assert result["unaffected"] == ["3.11.1", "3.12.0a2"]
    assert result["unknown"] == []


def test_introduced_commit_is_mapped_too(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An ``introduced`` commit is mapped like a fix: a bug added on main after the 3.11 cut
    affects only 3.12.0a1, never 3.10 or 3.11 (OSV GIT range, introduced..fixed)."""
    feature, fix = repo.commits["feature"], repo.commits["fix"]
    record = _osv(tmp_path, "PSF-2099-2", [{"introduced": feature}, {"fixed": fix}])
    commit_map = tmp_path / "commits.txt"
    argv = ["commit-map", "build", "--repo", str(repo.path), record, "--output", str(commit_map)]
    assert run(capsys, *argv)[0] == 0
    assert commit_map.read_text(encoding="utf-8") == HEADER + "".join(
        f"{commit}\n    {version}\n"
        for commit, version in sorted({feature: "3.12.0a1", fix: "3.12.0a2"}.items())
    )
    flags = [
        item for v in ("3.10.1", "3.11.1", "3.12.0a1", "3.12.0a2") for item in ("--version", v)
    ]
    status, out, _ = run(capsys, "affected", record, "--commit-map", str(commit_map), *flags)
    assert status == 1  # 3.12.0a1 is affected
    assert out.splitlines()[0] == (
        "PSF-2099-2 (cpython): 1 affected, 3 unaffected, 0 unknown of 4 versions"
    )


def test_all_releases_lists_every_containing_tag(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--all-releases`` keeps every release containing the commit, one line per branch;
    the default keeps the first per branch, all the evaluation reads."""
    feature = repo.commits["feature"]
    argv = ("commit-map", "build", "--repo", str(repo.path), "--commit", feature)
    assert run(capsys, *argv)[1] == f"{HEADER}{feature}\n    3.12.0a1\n"
    status, out, _ = run(capsys, *argv, "--all-releases")
    assert (status, out) == (0, f"{HEADER}{feature}\n    3.12.0a1 3.12.0a2 3.12.0a3\n")


def test_commit_in_no_release_is_written_without_versions(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commit the repository has but no release tag contains is listed with no versions
    (known: in no release, so every release stays affected), not left out (unknown)."""
    unreleased = repo.commits["unreleased"]
    record = _osv(tmp_path, "PSF-2099-4", [{"introduced": "0"}, {"fixed": unreleased}])
    commit_map = tmp_path / "commits.txt"
    argv = ["commit-map", "build", "--repo", str(repo.path), record, "--output", str(commit_map)]
    assert run(capsys, *argv)[0] == 0
    assert commit_map.read_text(encoding="utf-8") == f"{HEADER}{unreleased}\n"
    status, out, _ = run(
        capsys, "affected", record, "--commit-map", str(commit_map), "--version", "3.12.0a3",
        "--json",
    )  # fmt: skip
    assert (status, json.loads(out)["results"][0]["affected"]) == (1, ["3.12.0a3"])


def test_first_release_of_every_branch(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """The root commit is in every branch; by default the first release of each is written,
    one branch per line in PEP 440 order (a pre-release on main comes first for 3.11)."""
    root = repo.commits["root"]
    status, out, _ = run(capsys, "commit-map", "build", "--repo", str(repo.path), "--commit", root)
    assert (status, out) == (0, f"{HEADER}{root}\n    3.10.0\n    3.11.0a1\n    3.12.0a1\n")
    status, out, _ = run(
        capsys, "commit-map", "build", "--repo", str(repo.path), "--commit", root, "--all-releases"
    )
    assert out == (
        f"{HEADER}{root}\n    3.10.0 3.10.1\n    3.11.0a1 3.11.0 3.11.1\n"
        "    3.12.0a1 3.12.0a2 3.12.0a3\n"
    )


def test_abbreviated_hash_is_resolved(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    """``--commit`` may abbreviate; the map holds the full hash records use."""
    fix311 = repo.commits["fix311"]
    status, out, _ = run(
        capsys, "commit-map", "build", "--repo", str(repo.path), "--commit", fix311[:12].upper()
    )
    assert (status, out) == (0, f"{HEADER}{fix311}\n    3.11.1\n")


def test_missing_commit_is_a_comment_and_exit_1(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A commit the clone lacks (stale clone, wrong repository) is reported on stderr, written
    as a ``# missing`` comment, and exits 1; the map stays usable and what the commit decides
    evaluates as unknown, never unaffected (issue 9: no silent "unaffected")."""
    fix = repo.commits["fix"]
    record = _osv(tmp_path, "PSF-2099-3", [{"introduced": "0"}, {"fixed": MISSING}])
    commit_map = tmp_path / "commits.txt"
    argv = ["commit-map", "build", "--repo", str(repo.path), record, "--commit", fix]
    status, out, err = run(capsys, *argv, "--output", str(commit_map))
    assert status == 1
    assert commit_map.read_text(encoding="utf-8") == (
        f"{HEADER}{fix}\n    3.12.0a2\n"
        "# not in the repository (what they decide evaluates as unknown):\n"
        f"# missing: {MISSING}\n"
    )
    assert err.splitlines()[0] == (
        f"psrt-core: commit-map: {MISSING}: not a commit of the repository"
    )
    assert err.splitlines()[-1] == "psrt-core: commit-map: 1 commit(s) mapped, 1 missing"
    status, out, _ = run(
        capsys, "affected", record, "--commit-map", str(commit_map), "--version", "3.12.0a2",
        "--json",
    )  # fmt: skip
    assert status == 1  # unknown is a finding, never a silent 0
    assert json.loads(out)["results"][0]["unknown"] == ["3.12.0a2"]


def test_cve_patch_references_are_mapped(
    repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A CVE record's ``patch``-tagged commit URLs (abbreviated ones resolved) are mapped."""
    fix, fix311 = repo.commits["fix"], repo.commits["fix311"]
    cve = json.loads((Path(__file__).parents[1] / "advisories" / "fixtures" / "cve-cpython.json")
                     .read_text(encoding="utf-8"))  # fmt: skip
    cve["containers"]["cna"]["references"] = [
        {"url": f"https://github.com/python/cpython/commit/{fix[:20]}", "tags": ["patch"]},
        {"url": f"https://github.com/python/cpython/commit/{fix311}"},
        {"url": f"https://github.com/example/other/commit/{fix311}", "tags": ["patch"]},
    ]
    path = tmp_path / "cve.json"
    path.write_text(json.dumps(cve), encoding="utf-8")
    status, out, _ = run(capsys, "commit-map", "build", "--repo", str(repo.path), str(path))
    assert (status, out) == (0, f"{HEADER}{fix}\n    3.12.0a2\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--commit", "a" * 40], "{nowhere}: no such directory"),
        (["--commit", "a" * 40], None),
        ([], "no CPython commits to map: give records or --commit SHA"),
    ],
    ids=["no-directory", "not-a-repository", "nothing-to-map"],
)
def test_errors_are_one_line_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str | None,
) -> None:
    """Bad input ends as one line on stderr and exit 2 (docs/reference/cli.md, Errors)."""
    plain = tmp_path / "plain"
    plain.mkdir()
    nowhere = tmp_path / "nowhere"
    target = nowhere if message and "{nowhere}" in message else plain
    status, out, err = run(capsys, "commit-map", "build", "--repo", str(target), *argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    if message is None:
        assert err.startswith(f"psrt-core: error: {plain}: git rev-parse: fatal: not a git repo")
    else:
        assert err == f"psrt-core: error: {message.format(nowhere=nowhere)}\n"


def test_git_not_installed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without git on PATH the command says so in one line, exit 2."""
    monkeypatch.setenv("PATH", str(tmp_path))
    status, _, err = run(
        capsys, "commit-map", "build", "--repo", str(tmp_path), "--commit", "a" * 40
    )
    assert (status, err) == (2, "psrt-core: error: git is not installed (not found on PATH)\n")


def test_bad_commit_argument(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--commit`` takes hexadecimal hashes only (7 to 64 digits), an argparse error."""
    status, _, err = run(capsys, "commit-map", "build", "--repo", str(tmp_path), "--commit", "HEAD")
    assert status == 2
    assert err.splitlines()[-1].endswith(
        "argument --commit: not a commit hash (7 to 64 hex digits): 'HEAD'"
    )


def test_catalog_of_another_product(
    repo: Repo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A --catalog of another product than --product is an error naming both."""
    catalog = tmp_path / "pip.json"
    status, out, _ = run(capsys, "catalog", "pip", "--json", "--on", "2026-01-01")
    catalog.write_text(out, encoding="utf-8")
    status, _, err = run(
        capsys, "commit-map", "build", "--repo", str(repo.path), "--commit", "a" * 40,
        "--catalog", str(catalog),
    )  # fmt: skip
    assert (status, err) == (2, f"psrt-core: error: {catalog}: a pip catalog, not cpython's\n")
