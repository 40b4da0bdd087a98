"""Properties of the diff: it partitions both runs, and swapping its arguments mirrors it."""

from __future__ import annotations

from audit_helpers import findings_strategy, stored_run
from csaudit.engine.audit.diff import diff_runs
from hypothesis import given


def _fps(diff, kind):
    return {e.fingerprint for e in diff.of(kind)}


@given(findings_strategy())
def test_diff_of_a_run_with_itself_is_only_persisting(findings):
    run = stored_run(findings)
    diff = diff_runs(run, run)
    assert {e.kind for e in diff.entries} <= {"persisting"}
    assert len(diff.entries) == len(findings)
    assert all(e.causes == () for e in diff.entries)
    assert diff.new_gaps == ()


@given(findings_strategy(), findings_strategy())
def test_diff_new_and_resolved_swap_when_the_runs_swap(a, b):
    old, new = stored_run(a, run_id=1), stored_run(b, run_id=2, cycle="Q2")
    forward, backward = diff_runs(old, new), diff_runs(new, old)
    assert _fps(forward, "new") == _fps(backward, "resolved")
    assert _fps(forward, "resolved") == _fps(backward, "new")
    assert _fps(forward, "changed") == _fps(backward, "changed")
    assert _fps(forward, "persisting") == _fps(backward, "persisting")


@given(findings_strategy(), findings_strategy())
def test_diff_partitions_both_runs(a, b):
    diff = diff_runs(stored_run(a, run_id=1), stored_run(b, run_id=2))
    kinds = {k: _fps(diff, k) for k in ("new", "resolved", "persisting", "changed")}
    assert kinds["new"] | kinds["changed"] | kinds["persisting"] == {f.fingerprint for f in b}
    assert kinds["resolved"] | kinds["changed"] | kinds["persisting"] == {f.fingerprint for f in a}
    assert sum(len(v) for v in kinds.values()) == len(diff.entries)
    assert all(e.causes for e in diff.entries if e.kind != "persisting")


@given(findings_strategy(), findings_strategy())
def test_diff_new_gaps_are_open_gaps_that_were_not_open_before(a, b):
    diff = diff_runs(stored_run(a, run_id=1), stored_run(b, run_id=2))
    before = {f.fingerprint for f in a if f.open_gap}
    expected = {f.fingerprint for f in b if f.open_gap and f.fingerprint not in before}
    assert {e.fingerprint for e in diff.new_gaps} == expected
