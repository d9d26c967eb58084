"""``psrt-core publish``, ``enrich``, ``diff`` and ``timeline``: exit codes, outputs, messages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from psrt_core.cli import main

SHA = "4eaf4891c12589e3c7bdad5f5b076e4c8392dd06"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def cpython_ghsa(tmp_path: Path) -> Path:
    path = tmp_path / "ghsa.json"
    path.write_text(
        json.dumps(
            {
                "ghsa_id": "GHSA-aaaa-bbbb-cccc",
                "cve_id": "CVE-2024-6232",
                "state": "published",
                "summary": "Regular-expression DoS when parsing TarFile headers",
                "description": "ReDoS.",
                "html_url": "https://github.com/python/cpython/security/advisories/GHSA-aaaa-bbbb-cccc",
                "published_at": "2024-09-03T12:29:00Z",
                "created_at": "2024-06-20T00:00:00Z",
                "cwe_ids": ["CWE-1333"],
                "credits_detailed": [
                    {"user": {"login": "sethmlarson"}, "type": "coordinator", "state": "accepted"},
                    {
                        "user": {"login": "gpshead"},
                        "type": "remediation_reviewer",
                        "state": "pending",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_publish_both_to_a_directory(
    cpython_ghsa: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "psrt.csv"
    roster.write_text(
        'Seth Larson,sethmlarson,"Admin, Coordinator"\nGregory P. Smith,gpshead,\n',
        encoding="utf-8",
    )
    credits = tmp_path / "credits.toml"
    credits.write_text(
        '[[credits]]\nlogin = "sethmlarson"\nrole = "remediation developer"\n', encoding="utf-8"
    )
    code, out, _ = run(
        "publish",
        str(cpython_ghsa),
        "--fixed-in",
        "3.12.6",
        "--fixed-in",
        "3.13.0rc2",
        "--fix-commit",
        SHA,
        "--credits",
        str(credits),
        "--roster",
        str(roster),
        "--to",
        "both",
        "--output-dir",
        str(tmp_path / "out"),
        "--on",
        "2024-09-05",
    )
    assert code == 0
    assert out.splitlines() == [
        str(tmp_path / "out" / "CVE-2024-6232.json"),
        str(tmp_path / "out" / "PSF-0000-CVE-2024-6232.json"),
    ]
    assert capsys.readouterr().err == (
        "psrt-core: not published (declined or pending): Gregory P. Smith (remediation reviewer)\n"
    )
    cve = json.loads((tmp_path / "out" / "CVE-2024-6232.json").read_text(encoding="utf-8"))
    assert cve["containers"]["cna"]["credits"] == [
        {"lang": "en", "value": "Seth Larson", "type": "coordinator"},
        {"lang": "en", "value": "Seth Larson", "type": "remediation developer"},
    ]
    osv = json.loads((tmp_path / "out" / "PSF-0000-CVE-2024-6232.json").read_text(encoding="utf-8"))
    assert [c["type"] for c in osv["credits"]] == ["COORDINATOR", "REMEDIATION_DEVELOPER"]


def test_publish_refuses_the_triage_example(ghsa_dir: Path) -> None:
    """Issue 10 item 6: a GHSA in triage gives no record without --embargoed (exit 2)."""
    path = str(ghsa_dir / "openapi-example-repository-advisory-pvr.json")
    code, out, err = run(
        "publish", path, "--product", "cpython", "--fixed-in", "3.12.6", "--to", "cve"
    )
    assert (code, out) == (2, "")
    assert err == (
        "psrt-core: error: GHSA-abcd-1234-efgh is in state triage, not published; say "
        "--embargoed to write a marked record without a disclosure date\n"
    )
    code, out, _ = run(
        "publish",
        path,
        "--product",
        "cpython",
        "--fixed-in",
        "3.12.6",
        "--to",
        "osv",
        "--embargoed",
    )
    assert code == 0
    assert json.loads(out)["database_specific"]["embargoed"] is True


def test_publish_before_disclosure_is_refused(cpython_ghsa: Path) -> None:
    code, _, err = run(
        "publish", str(cpython_ghsa), "--fixed-in", "3.12.6", "--to", "cve", "--on", "2024-09-01"
    )
    assert code == 2
    assert err == (
        "psrt-core: error: GHSA-aaaa-bbbb-cccc is published only on 2024-09-03, after 2024-09-01\n"
    )


def test_publish_bad_credits_file(cpython_ghsa: Path, tmp_path: Path) -> None:
    credits = tmp_path / "c.json"
    credits.write_text('{"credits": [{"login": "x", "role": "fixer"}]}', encoding="utf-8")
    code, _, err = run(
        "publish",
        str(cpython_ghsa),
        "--fixed-in",
        "3.12.6",
        "--to",
        "cve",
        "--credits",
        str(credits),
    )
    assert code == 2
    assert (
        err
        == f"psrt-core: error: {credits}: $.credits[0].role: is not a credit role (got 'fixer')\n"
    )


def test_enrich_from_cve_prints_what_it_added(
    samples: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        "enrich",
        str(samples / "osv-psf" / "PSF-2024-11.json"),
        "--from",
        str(samples / "cve" / "CVE-2024-6232.json"),
    )
    assert code == 0
    record: dict[str, Any] = json.loads(out)
    assert record["database_specific"]["cwe_ids"] == ["CWE-1333"]
    assert len(record["credits"]) == 4
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "psrt-core: enrich: credit: Elias Joakim Myllymäki (reporter)"
    assert err[4] == "psrt-core: enrich: cwe: CWE-1333"


def test_enrich_from_ghsa(
    samples: Path, cpython_ghsa: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        "enrich",
        str(samples / "osv-psf" / "PSF-2024-11.json"),
        "--from",
        str(cpython_ghsa),
        "--fixed-in",
        "3.12.6",
    )
    assert code == 0
    assert json.loads(out)["credits"] == [{"name": "sethmlarson", "type": "COORDINATOR"}]
    assert "psrt-core: enrich: cwe: CWE-1333" in capsys.readouterr().err


def test_diff_text_and_json(samples: Path) -> None:
    old, new = (
        str(samples / "cve" / "CVE-2024-6232.v2024-09-03.json"),
        str(samples / "cve" / "CVE-2024-6232.json"),
    )
    code, out, _ = run("diff", old, new)
    assert code == 0
    assert out.splitlines()[:2] == ["CVE-2024-6232 -> CVE-2024-6232", "  3.8: lost 1: 3.8.20"]
    code, out, _ = run("diff", "--json", old, new)
    document = json.loads(out)
    assert document["branches"][0] == {"branch": "3.8", "gained": [], "lost": ["3.8.20"]}
    assert (document["credits_added"], document["cwe_removed"]) == ([], [])


def test_timeline_text(cpython_ghsa: Path) -> None:
    code, out, _ = run("timeline", str(cpython_ghsa), "--fixed-in", "3.12.6", "--on", "2024-10-01")
    assert code == 0
    assert out == (
        "  2024-06-20  report received\n"
        "  (not yet)   report accepted\n"
        "  (not yet)   CVE reserved\n"
        "  2024-09-06  fix released: 3.12.6 (3.12)\n"
        "  2024-09-03  published\n"
        "target (90 days): 2024-09-18, published 15 day(s) early\n"
    )
    code, out, _ = run("timeline", str(cpython_ghsa), "--json", "--on", "2024-10-01")
    assert json.loads(out)["days_left"] == 15


def test_publish_timeline_goes_to_standard_error(
    cpython_ghsa: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 10 item 6: ``publish --timeline`` prints the case timeline (as ``timeline``
    does) on standard error, so standard output stays the records."""
    code, out, _ = run(
        "publish",
        str(cpython_ghsa),
        "--fixed-in",
        "3.12.6",
        "--to",
        "cve",
        "--on",
        "2024-10-01",
        "--timeline",
        "--accepted",
        "2024-06-25",
    )
    assert code == 0
    assert json.loads(out)["cveMetadata"]["cveId"] == "CVE-2024-6232"
    assert capsys.readouterr().err.splitlines()[-6:] == [
        "  2024-06-20  report received",
        "  2024-06-25  report accepted",
        "  (not yet)   CVE reserved",
        "  2024-09-06  fix released: 3.12.6 (3.12)",
        "  2024-09-03  published",
        "target (90 days): 2024-09-18, published 15 day(s) early",
    ]


def test_publish_product_choices_are_the_known_products(cpython_ghsa: Path) -> None:
    """Products as values: ``--product`` offers exactly `psrt_core.versions.PRODUCTS`."""
    code, _, _ = run(
        "publish", str(cpython_ghsa), "--fixed-in", "3.12.6", "--to", "cve", "--product", "npm"
    )
    assert code == 2


@pytest.mark.parametrize(
    ("option", "text"),
    [
        ("--roster", "Seth Larson,sethmlarson,Admin\n"),
        ("--roster", '{"sethmlarson": "Seth Larson"}'),
    ],
    ids=["csv", "json"],
)
def test_roster_from_standard_input(
    cpython_ghsa: Path, monkeypatch: pytest.MonkeyPatch, option: str, text: str
) -> None:
    """``-`` reads the roster from standard input, its format told by its first character."""
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, _ = run(
        "publish", str(cpython_ghsa), "--fixed-in", "3.12.6", "--to", "cve", option, "-"
    )
    assert code == 0
    credits = json.loads(out)["containers"]["cna"]["credits"]
    assert credits == [{"lang": "en", "value": "Seth Larson", "type": "coordinator"}]


@pytest.mark.parametrize(
    "text",
    [
        '[[credits]]\nlogin = "sethmlarson"\nrole = "remediation developer"\n',
        '{"credits": [{"login": "sethmlarson", "role": "remediation developer"}]}',
    ],
    ids=["toml", "json"],
)
def test_credits_from_standard_input(
    cpython_ghsa: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """``--credits -`` reads TOML or JSON (``{`` first) from standard input."""
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    code, out, _ = run(
        "publish", str(cpython_ghsa), "--fixed-in", "3.12.6", "--to", "osv", "--credits", "-"
    )
    assert code == 0
    assert [c["type"] for c in json.loads(out)["credits"]] == [
        "COORDINATOR",
        "REMEDIATION_DEVELOPER",
    ]


def test_bad_roster_on_standard_input_is_one_line(
    cpython_ghsa: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON roster that is not an object of strings is bad input: exit 2, one line."""
    monkeypatch.setattr("sys.stdin", io.StringIO('{"sethmlarson": 1}'))
    code, out, err = run(
        "publish", str(cpython_ghsa), "--fixed-in", "3.12.6", "--to", "cve", "--roster", "-"
    )
    assert (code, out) == (2, "")
    assert err == "psrt-core: error: <stdin>: $: expected an object of login: name strings\n"


def test_roster_and_credits_cannot_both_be_standard_input(cpython_ghsa: Path) -> None:
    """Standard input is read once: two ``-`` among the documents is a usage error."""
    code, _, err = run(
        "publish",
        str(cpython_ghsa),
        "--fixed-in",
        "3.12.6",
        "--to",
        "cve",
        "--roster",
        "-",
        "--credits",
        "-",
    )
    assert code == 2
    assert err == "psrt-core: error: standard input (-) given more than once\n"


def _ghsa_file(path: Path, source: Path, **changes: Any) -> str:
    """A copy of the GHSA at *source* with *changes* (a ``None`` value drops the key)."""
    document = json.loads(source.read_text(encoding="utf-8"))
    document.update(changes)
    path.write_text(
        json.dumps({k: v for k, v in document.items() if v is not None}), encoding="utf-8"
    )
    return str(path)


@pytest.mark.parametrize("option", ["--roster", "--credits"])
def test_publish_names_a_missing_roster_or_credits_file(
    cpython_ghsa: Path, tmp_path: Path, option: str
) -> None:
    """Bad input is one line naming the file, exit 2."""
    missing = tmp_path / "absent.json"
    code, out, err = run(
        "publish", str(cpython_ghsa), "--to", "cve", "--fixed-in", "3.12.6", option, str(missing)
    )
    assert (code, out, err) == (2, "", f"psrt-core: error: {missing}: no such file\n")


def test_publish_needs_a_fix_release(cpython_ghsa: Path) -> None:
    """A record without a fixed release would say every release is affected: refused."""
    assert run("publish", str(cpython_ghsa), "--to", "cve") == (
        2,
        "",
        "psrt-core: error: publish needs at least one --fixed-in release\n",
    )


def test_publish_with_the_catalog_named_is_publish_with_the_bundled_one(cpython_ghsa: Path) -> None:
    """``--catalog cpython`` names the bundled catalog: the same record as without it."""
    argv = [
        "publish",
        str(cpython_ghsa),
        "--to",
        "cve",
        "--fixed-in",
        "3.12.6",
        "--on",
        "2024-10-01",
    ]
    assert run(*argv, "--catalog", "cpython") == run(*argv)


def test_publish_refuses_a_record_the_checks_reject(cpython_ghsa: Path, tmp_path: Path) -> None:
    """CVE JSON 5.1 › cnaPublishedContainer needs references: with no advisory URL and no fix
    commit there is none, and nothing is written (exit 2, the JSON path named)."""
    ghsa = _ghsa_file(tmp_path / "bare.json", cpython_ghsa, html_url=None)
    code, out, err = run(
        "publish", ghsa, "--to", "cve", "--fixed-in", "3.12.6", "--product", "cpython"
    )
    assert (code, out) == (2, "")
    assert err == (
        "psrt-core: error: the CVE record built: $.containers.cna.references: is required\n"
    )


def test_enrich_refuses_what_it_cannot_read_from(
    samples: Path, cpython_ghsa: Path, tmp_path: Path
) -> None:
    """``enrich`` adds to an OSV record from a CVE record or a published GHSA, nothing else."""
    psf = str(samples / "osv-psf" / "PSF-2024-11.json")
    cve = str(samples / "cve" / "CVE-2024-6232.json")
    triage = _ghsa_file(tmp_path / "triage.json", cpython_ghsa, state="triage")
    cases = [
        ((cve, "--from", str(cpython_ghsa)), f"{cve}: enrich needs an OSV record"),
        ((psf, "--from", psf), f"{psf}: --from needs a CVE record or a GHSA"),
        (
            (psf, "--from", triage),
            "GHSA-aaaa-bbbb-cccc is in state triage, not published; say --embargoed to write a "
            "marked record without a disclosure date",
        ),
    ]
    for argv, message in cases:
        assert run("enrich", *argv) == (2, "", f"psrt-core: error: {message}\n"), argv


def test_timeline_while_open_counts_down_then_overruns(cpython_ghsa: Path, tmp_path: Path) -> None:
    """Issue 10 item 6: an unpublished case shows the days left to the 90-day target, then by
    how many days it overran; without a received date there is no target line."""
    open_case = _ghsa_file(tmp_path / "open.json", cpython_ghsa, published_at=None)
    code, out, _ = run("timeline", open_case, "--on", "2024-07-01")
    assert (code, out.splitlines()[-1]) == (0, "target (90 days): 2024-09-18, 79 day(s) left")
    code, out, _ = run("timeline", open_case, "--on", "2024-10-01")
    assert out.splitlines()[-1] == "target (90 days): 2024-09-18, overrun by 13 day(s)"
    undated = _ghsa_file(
        tmp_path / "undated.json", cpython_ghsa, published_at=None, created_at=None
    )
    code, out, _ = run("timeline", undated, "--on", "2024-10-01")
    assert out.splitlines() == [
        "  (not yet)   report received",
        "  (not yet)   report accepted",
        "  (not yet)   CVE reserved",
        "  (not yet)   published",
    ]


def test_timeline_dates_the_cve_reservation_from_the_cve_record(
    samples: Path, cpython_ghsa: Path
) -> None:
    """``--cve`` gives the ``dateReserved`` milestone; an OSV record there is bad input."""
    cve = str(samples / "cve" / "CVE-2024-6232.json")
    code, out, _ = run("timeline", str(cpython_ghsa), "--on", "2024-10-01", "--cve", cve)
    assert (code, out.splitlines()[2]) == (0, "  2024-06-20  CVE reserved")
    psf = str(samples / "osv-psf" / "PSF-2024-11.json")
    assert run("timeline", str(cpython_ghsa), "--on", "2024-10-01", "--cve", psf) == (
        2,
        "",
        f"psrt-core: error: {psf}: not a CVE record\n",
    )
