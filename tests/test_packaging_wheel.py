"""The installed package is `csaudit.*` only: the wheel holds nothing else and `import engine` fails."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                   check=True, capture_output=True)
    (path,) = out.glob("csaudit-*.whl")
    return path


def test_wheel_holds_only_the_csaudit_namespace(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    outside = [n for n in names if not (n.startswith("csaudit/") or n.startswith("csaudit-"))]
    assert outside == []
    assert "csaudit/engine/evaluate.py" in names and "csaudit/cli/main.py" in names
    assert any(n.startswith("csaudit/rules/") and n.endswith(".test.yaml") for n in names)
    assert any(n.startswith("csaudit/facts/examples/") for n in names)
    assert not any(n.startswith("csaudit/tests") for n in names)


def test_top_level_folders_are_not_importable_outside_the_repo(tmp_path):
    code = "import importlib.util as u; print(u.find_spec('engine'), u.find_spec('facts'), u.find_spec('cli'))"
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "None None None"


def test_console_script_and_module_entry_point_work(tmp_path):
    for cmd in ([str(Path(sys.executable).with_name("csaudit")), "--version"],
                [sys.executable, "-m", "csaudit.cli", "--version"]):
        result = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 0 and result.stdout.startswith("csaudit, version ")


def test_cli_start_up_does_not_import_the_engine(tmp_path):
    code = ("import sys; from csaudit.cli.main import cli; "
            "heavy = [m for m in ('pydantic', 'rich', 'durable_rules_engine', 'sqlite_utils', 'yaml') "
            "if m in sys.modules]; print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_wheel_ships_the_report_templates_and_the_output_schema(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("report.html.j2", "report.md.j2", "macros.html.j2", "macros.md.j2", "register.md.j2",
                 "plan.md.j2", "report.css"):
        assert f"csaudit/engine/report/templates/{name}" in names, name
    assert "csaudit/engine/report/schemas/report-1.schema.json" in names
