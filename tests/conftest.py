"""Shared fixtures: the bundled library loaded once, example profiles, a CLI runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Helper modules for tests (e.g. strategies.py) live beside the tests; the repo root is never
# put on sys.path, so a test cannot pass on an import that fails once installed.
sys.path.insert(0, str(Path(__file__).resolve().parent))

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "facts" / "examples").glob("*.yaml"))


@pytest.fixture(scope="session")
def library():
    from csaudit.engine.library.loader import load_library

    return load_library()


@pytest.fixture
def run_cli():
    """Invoke the CLI in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner
    from csaudit.cli.main import cli

    def run(*args: str, **kwargs):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return run


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
