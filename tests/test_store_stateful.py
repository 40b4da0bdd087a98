"""A stateful test: the store plus the diff, checked step by step against a plain dict model."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from audit_helpers import findings_strategy, stored_run
from csaudit.engine.audit.diff import diff_runs
from csaudit.engine.audit.record import RunRecord
from csaudit.engine.audit.store import open_store
from csaudit.facts.located.problems import UsageError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

ORGS = ("Shop Ltd", "Acme plc")
CYCLES = ("2026-Q1", "2026-Q2", "2026-Q3")


def _state(f):
    return (f.status, f.risk.rating, f.waiver is not None)


class StoreAgainstModel(RuleBasedStateMachine):
    runs = Bundle("runs")

    def __init__(self):
        super().__init__()
        self.folder = tempfile.mkdtemp()
        self.store = open_store(Path(self.folder) / "audits.db", create=True)
        self.findings: dict[int, tuple] = {}
        self.where: dict[int, tuple[str, str]] = {}

    @rule(target=runs, org=st.sampled_from(ORGS), cycle=st.sampled_from(CYCLES), findings=findings_strategy())
    def record(self, org, cycle, findings):
        run_id = self.store.record(RunRecord(stored_run(findings, organisation=org, cycle=cycle), "as_of: x\n"))
        assert run_id not in self.findings
        self.findings[run_id] = findings
        self.where[run_id] = (org, cycle)
        return run_id

    @rule(run=runs)
    def load_returns_what_was_recorded(self, run):
        stored = self.store.load(run)
        assert stored.findings == self.findings[run]
        assert (stored.info.organisation, stored.info.cycle) == self.where[run]
        assert stored.info.summary.waived == sum(1 for f in self.findings[run] if f.waiver is not None)

    @rule(old=runs, new=runs)
    def diff_matches_the_model(self, old, new):
        a = {f.fingerprint: _state(f) for f in self.findings[old]}
        b = {f.fingerprint: _state(f) for f in self.findings[new]}
        expected = {}
        for fp in a.keys() | b.keys():
            if fp not in a:
                expected[fp] = "new"
            elif fp not in b:
                expected[fp] = "resolved"
            else:
                expected[fp] = "persisting" if a[fp] == b[fp] else "changed"
        diff = diff_runs(self.store.load(old), self.store.load(new))
        assert {e.fingerprint: e.kind for e in diff.entries} == expected

    @rule(org=st.sampled_from(ORGS + (None,)), cycle=st.sampled_from(CYCLES))
    def cycle_names_resolve_to_the_latest_run(self, org, cycle):
        ids = [i for i, (o, c) in self.where.items() if c == cycle and org in (None, o)]
        orgs = {self.where[i][0] for i in ids}
        if org is not None and org not in {o for o, _ in self.where.values()}:
            with pytest.raises(UsageError, match=f"no organisation '{org}'"):
                self.store.resolve(cycle, org)
        elif not ids:
            with pytest.raises(UsageError, match=f"no run or cycle '{cycle}'"):
                self.store.resolve(cycle, org)
        elif len(orgs) > 1:
            with pytest.raises(UsageError, match="choose one with --org NAME"):
                self.store.resolve(cycle, org)
        else:
            assert self.store.resolve(cycle, org).id == max(ids)

    @invariant()
    def every_run_is_listed_once_in_order(self):
        assert [r.id for r in self.store.runs()] == sorted(self.findings)

    def teardown(self):
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)


StoreAgainstModel.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None,
                                               suppress_health_check=[HealthCheck.too_slow])
test_store_against_dict_model = StoreAgainstModel.TestCase
