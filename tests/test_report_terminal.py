"""At 80 columns, and when piped, nothing is cut or split mid-word: rule ids, headers and cycle names."""

from __future__ import annotations

import re

import pytest
from audit_helpers import Audit
from conftest import EXAMPLES

NARROW = {"COLUMNS": "80"}
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_check_table_at_80_columns_keeps_rule_ids_whole(run_cli, example):
    import json

    out = run_cli("check", str(example), "--fail-on", "none", env=NARROW).stdout
    assert all(len(line) <= 80 for line in _lines(out))
    data = json.loads(run_cli("check", str(example), "--format", "json", "--fail-on", "none").stdout)
    shown = {f["rule_id"] for f in data["findings"] if f["status"] in ("gap", "unknown")}
    starts = {line.split()[0] for line in _lines(out) if line and RULE_ID.match(line.split()[0])}
    assert shown <= starts, sorted(shown - starts)[:5]      # every listed rule id printed whole on one line


def test_check_table_is_unchanged_where_it_fits(run_cli, example=EXAMPLES[0]):
    out = run_cli("check", str(example), "--fail-on", "none", env={"COLUMNS": "220"}).stdout
    assert "┃ Rule" in out and "┃ Finding" in out and "┃ Weight" in out


def test_summary_line_wraps_between_words(run_cli, example=EXAMPLES[0]):
    out = run_cli("check", str(example), "--fail-on", "none", env=NARROW).stdout
    tail = " ".join(_lines(out)[-3:])
    assert "rules, law as of" in tail and all(len(line) <= 80 for line in _lines(out)[-3:])


@pytest.fixture
def audit(tmp_path):
    audit = Audit(tmp_path)
    audit.check("2026-Q1-annual-review", as_of="2026-03-31")
    audit.check("2026-Q2-annual-review", as_of="2026-06-30", number="0345 123 4567")
    return audit


def test_runs_list_at_80_columns_splits_no_header(audit, run_cli):
    out = run_cli("runs", "list", "--db", str(audit.db), env=NARROW).stdout
    assert all(len(line) <= 80 for line in _lines(out))
    assert "Run 1: Shop Ltd, cycle 2026-Q1-annual-review, as of 2026-03-31" in out
    wide = run_cli("runs", "list", "--db", str(audit.db), env={"COLUMNS": "200"}).stdout
    assert "Open gaps" in wide and "2026-Q1-annual-review" in wide


def test_runs_trend_at_80_columns_keeps_cycle_names(audit, run_cli):
    out = run_cli("runs", "trend", "Shop Ltd", "--db", str(audit.db), env=NARROW).stdout
    assert all(len(line) <= 80 for line in _lines(out))
    assert "2026-Q1-annual-review (as of 2026-03-31, run 1)" in out
    assert "…" not in out


def test_break_at_hyphens():
    from csaudit.engine.report.terminal import break_at_hyphens

    assert break_at_hyphens("abc-def-ghi", 20) == "abc-def-ghi"
    assert break_at_hyphens("abc-def-ghi-jkl", 9) == "abc-def-\nghi-jkl"
