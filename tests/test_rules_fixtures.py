"""Every rule's *.test.yaml cases, found on disk (never a hand-kept list), on both engines."""

from __future__ import annotations

import pytest
from csaudit.engine.fixture_runner import run_rule_tests
from csaudit.engine.library.loader import load_library

_LIBRARY = load_library()


@pytest.mark.parametrize("rule_id", sorted(_LIBRARY.rules))
def test_rule_cases_pass_on_both_engines(rule_id):
    result = run_rule_tests(_LIBRARY, rule_id, ("python", "durable"))
    assert not result.problems, [p.render() for p in result.problems]
    assert result.cases, f"{rule_id} has no cases"
    failures = [f"{c.case}: {c.detail}" for c in result.cases if not c.passed]
    assert not failures, failures


def test_every_rule_has_gap_and_met_cases():
    from csaudit.engine.library.lint import lint

    count, problems = lint()
    assert count == len(_LIBRARY.rules)
    assert problems == [], [p.render() for p in problems]
