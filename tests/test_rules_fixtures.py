"""Every rule's *.test.yaml cases, found on disk (never a hand-kept list), on both engines."""

from __future__ import annotations

import pytest
from csaudit.engine.fixture_runner import conditions_files, run_condition_tests, run_rule_tests
from csaudit.engine.library.fixtures import load_condition_cases
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


@pytest.mark.parametrize("path", conditions_files(_LIBRARY), ids=lambda p: p.stem)
def test_named_condition_cases_pass_on_both_engines(path):
    result = run_condition_tests(_LIBRARY, path, ("python", "durable"))
    assert not result.problems, [p.render() for p in result.problems]
    failures = [f"{c.case}: {c.detail}" for c in result.cases if not c.passed]
    assert not failures, failures


@pytest.mark.parametrize("path", conditions_files(_LIBRARY), ids=lambda p: p.stem)
def test_every_named_condition_has_a_case_where_it_holds_and_one_where_it_fails(path):
    tests, _, problems = load_condition_cases(path)
    assert tests is not None, [p.render() for p in problems]
    names = {name for name, c in _LIBRARY.conditions.items() if c.path == path}
    for name in sorted(names):
        seen = {c.expect for c in tests.cases if c.condition == name}
        assert {"holds", "fails"} <= seen, f"{name}: cases {sorted(seen) or 'none'}"
