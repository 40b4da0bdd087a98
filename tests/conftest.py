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


# One small rule for the CLI tests: a phone line must be basic rate.
HELPLINE_RULE = """\
title: Helplines cost no more than a basic-rate call
refs: [{document: Test Regulations, clause: reg. 1}]
strength: duty
stage: after_sales
risk_area: legal_and_regulatory
risk: {likelihood: likely, impact: moderate, consequences: [financial]}
subject: channel
applies_when: {fact: channel.kind, eq: phone}
requires: {fact: channel.basic_rate, eq: true}
gap: "{subject} ({channel.number}) is {channel.cost_class}."
remediation: Use a basic-rate number.
"""

# The two cases that make a one-fact rule about website search pass: a gap and a met.
SEARCH_RULE_CASES = """\
cases:
  - {name: no search, expect: gap, profile: {website: {search: false}}}
  - {name: search, expect: met, profile: {website: {search: true}}}
"""
