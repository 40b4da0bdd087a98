"""The import contracts in pyproject.toml hold: cli -> engine -> facts, the engine's rooms one way.

import-linter reads the source tree, so the test lays the four top-level folders
out as the installed ``csaudit`` package would be (Python files only) and runs the
contracts over that copy, whatever kind of install the suite runs in.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FOLDERS = ("engine", "facts", "cli", "rules")


def _python_only(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if not (n.endswith(".py") or os.path.isdir(os.path.join(folder, n)))]


def test_import_contracts_are_kept(tmp_path):
    for folder in FOLDERS:
        shutil.copytree(REPO / folder, tmp_path / "csaudit" / folder, ignore=_python_only)
    paths = [str(tmp_path), *site.getsitepackages()]
    # -S: no .pth files, so the editable install's finder cannot shadow the copy
    result = subprocess.run(
        [sys.executable, "-S", "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
         str(REPO / "pyproject.toml")],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    for contract in contracts:
        assert f"{contract['name']} KEPT" in result.stdout


def test_no_engine_module_sits_outside_a_room_or_the_front_door():
    """A module added at the top of engine/ must be placed in a layer of the contract, or it escapes it."""
    contracts = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    (engine,) = [c for c in contracts if c.get("containers") == ["csaudit.engine"]]
    layered = {name.strip() for layer in engine["layers"] for name in layer.split("|")}
    present = {p.stem for p in (REPO / "engine").glob("*.py") if p.stem != "__init__"}
    present |= {p.name for p in (REPO / "engine").iterdir() if (p / "__init__.py").exists()}
    assert present == layered


def test_the_contracts_hold_when_lint_imports_runs_from_the_repository_root():
    """``csaudit/`` at the root is the folders seen as the package, so the plain command works too."""
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
