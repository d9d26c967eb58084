"""``scripts/generate_catalogs.py``: the bundled catalogs are what it makes from the raw data."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import psrt_core
from psrt_core.serialization import catalog_from_dict, catalog_from_simple_api

REPOSITORY = Path(__file__).resolve().parents[1]
SCRIPT = REPOSITORY / "scripts" / "generate_catalogs.py"
BUNDLED = REPOSITORY / "src" / "psrt_core" / "data"


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_catalogs", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["generate_catalogs"] = module
    spec.loader.exec_module(module)
    return module


def test_bundled_data_equals_generated(generator: ModuleType, shared_data: Path) -> None:
    """Issue 2: the bundled data equals what the committed script produces from
    ``../shared/data/`` (skipped where that folder is absent)."""
    generated = generator.generate(shared_data)
    assert sorted(generated) == ["cpython.json", "pip.json"]
    for name, text in generated.items():
        assert (BUNDLED / name).read_text(encoding="utf-8") == text, name


def test_check_mode_passes(
    generator: ModuleType, shared_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--check`` exits 0 when the bundled files are current."""
    assert generator.main(["--check", "--shared-data", str(shared_data)]) == 0
    assert capsys.readouterr().out == ""


def test_check_mode_reports_stale_files(
    generator: ModuleType,
    shared_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``--check`` exits 1 and names the stale or missing files, without writing."""
    monkeypatch.setattr(generator, "OUTPUT", tmp_path)
    (tmp_path / "pip.json").write_text("{}\n", encoding="utf-8")
    assert generator.main(["--check", "--shared-data", str(shared_data)]) == 1
    assert capsys.readouterr().out == (
        "stale: cpython.json, pip.json; run python scripts/generate_catalogs.py\n"
    )
    assert (tmp_path / "pip.json").read_text(encoding="utf-8") == "{}\n"


def test_write_mode(
    generator: ModuleType,
    shared_data: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without ``--check`` the script writes both files, which then load as the bundled ones."""
    monkeypatch.setattr(generator, "REPOSITORY", tmp_path)
    monkeypatch.setattr(generator, "OUTPUT", tmp_path / "data")
    (tmp_path / "data").mkdir()
    assert generator.main(["--shared-data", str(shared_data)]) == 0
    assert capsys.readouterr().out == "wrote data/cpython.json\nwrote data/pip.json\n"
    written = json.loads((tmp_path / "data" / "pip.json").read_text(encoding="utf-8"))
    assert catalog_from_dict(written) == psrt_core.pip_releases()


def test_generated_counts(generator: ModuleType, shared_data: Path) -> None:
    """The generated catalogs are complete: 651 CPython releases (24 scheduled), 160 pip."""
    generated = generator.generate(shared_data)
    cpython = catalog_from_dict(json.loads(generated["cpython.json"]))
    pip = catalog_from_dict(json.loads(generated["pip.json"]))
    assert (len(cpython), len(cpython.released()), len(pip)) == (651, 627, 160)


def test_render_one_entry_per_line(generator: ModuleType) -> None:
    """The bundled JSON keeps one branch or release per line so data diffs stay readable."""
    document: dict[str, Any] = {
        "format": "f",
        "product": "p",
        "branches": [{"name": "1"}],
        "releases": [{"version": "1.0"}, {"version": "1.1"}],
    }
    text = generator.render(document)
    assert json.loads(text) == document
    assert text.splitlines() == [
        "{",
        '  "format": "f",',
        '  "product": "p",',
        '  "branches": [',
        '    {"name": "1"}',
        "  ],",
        '  "releases": [',
        '    {"version": "1.0"},',
        '    {"version": "1.1"}',
        "  ]",
        "}",
    ]


def test_pip_record_becomes_a_pep_691_page(generator: ModuleType) -> None:
    """The pip record is turned into the PEP 691 page it was read from: every file, its
    PEP 700 upload time, and PEP 592 yanked as the reason string or ``true``."""
    record = {
        "releases": [
            {
                "version": "21.2",
                "yanked_reason": "See the tracker",
                "files": [
                    {
                        "filename": "pip-21.2.tar.gz",
                        "upload_time": "2021-07-24T10:00:00Z",
                        "yanked": True,
                    }
                ],
            },
            {
                "version": "20.0",
                "yanked_reason": None,
                "files": [
                    {
                        "filename": "pip-20.0.tar.gz",
                        "upload_time": "2020-01-21T11:42:56Z",
                        "yanked": True,
                    },
                    {
                        "filename": "pip-20.0-py2.py3-none-any.whl",
                        "upload_time": "2020-01-21T11:42:59Z",
                        "yanked": True,
                    },
                ],
            },
            {
                "version": "20.0.1",
                "files": [
                    {
                        "filename": "pip-20.0.1.tar.gz",
                        "upload_time": "2020-01-21T14:50:00Z",
                        "yanked": False,
                    }
                ],
            },
        ]
    }
    page = generator.pip_simple_page(record)
    assert page == {
        "meta": {"api-version": "1.1"},
        "name": "pip",
        "versions": ["21.2", "20.0", "20.0.1"],
        "files": [
            {
                "filename": "pip-21.2.tar.gz",
                "upload-time": "2021-07-24T10:00:00Z",
                "yanked": "See the tracker",
            },
            {"filename": "pip-20.0.tar.gz", "upload-time": "2020-01-21T11:42:56Z", "yanked": True},
            {
                "filename": "pip-20.0-py2.py3-none-any.whl",
                "upload-time": "2020-01-21T11:42:59Z",
                "yanked": True,
            },
            {
                "filename": "pip-20.0.1.tar.gz",
                "upload-time": "2020-01-21T14:50:00Z",
                "yanked": False,
            },
        ],
    }
    catalog = catalog_from_simple_api(page)
    assert [(str(r.version), r.yanked, r.yanked_reason) for r in catalog] == [
        ("20.0", True, None),
        ("20.0.1", False, None),
        ("21.2", True, "See the tracker"),
    ]
