"""Each change in a diff says why: facts, subject, rule, law, dated values, waivers."""

from __future__ import annotations

import pytest
from audit_helpers import RULES, Audit, finding, make_rules, stored_run, waiver_yaml
from csaudit.engine.audit.diff import diff_runs

WAIVER = {"rule": "demo-complaints-published", "justification": "Procedure being rewritten",
          "approver": "Jo Bloggs, COO", "granted": "2026-01-01", "expires": "2026-05-31"}


@pytest.fixture
def audit(tmp_path):
    return Audit(tmp_path)


def test_diff_cause_facts_names_each_fact_with_old_and_new_values(audit):
    audit.check("Q1")
    audit.check("Q2", number="0345 123 4567")
    entry = audit.entry("Q1", "Q2", "demo-phone-basic-rate", "help")
    assert entry["kind"] == "changed"
    assert (entry["old"]["status"], entry["new"]["status"]) == ("gap", "met")
    assert entry["causes"] == [{
        "kind": "facts",
        "text": "facts changed: channels[help].basic_rate false → true; channels[help].number '0845 123 4567' → "
                "'0345 123 4567'",
        "changes": [{"path": "channels[help].basic_rate", "old": False, "new": True},
                    {"path": "channels[help].number", "old": "0845 123 4567", "new": "0345 123 4567"}],
    }]
    data = audit.diff_json("Q1", "Q2")
    assert data["summary"] == {"new": 0, "changed": 1, "resolved": 0, "persisting": 4, "new_gaps": 0}


def test_diff_cause_subject_added_and_removed(audit):
    audit.check("Q1")
    audit.check("Q2", extra_channel=True)
    added = audit.entry("Q1", "Q2", "demo-phone-basic-rate", "sales")
    assert added["kind"] == "new" and added["new_gap"] is True
    assert added["causes"] == [{"kind": "subject", "text": "channel 'sales' was added to the profile"}]
    removed = audit.entry("Q2", "Q1", "demo-phone-basic-rate", "sales")
    assert removed["kind"] == "resolved"
    assert removed["causes"] == [{"kind": "subject", "text": "channel 'sales' was removed from the profile"}]


def test_diff_cause_rule_changed_names_both_digests(audit, tmp_path):
    audit.check("Q1")
    rule = RULES["demo-complaints-published"]
    make_rules(tmp_path, edits={"demo-complaints-published": {
        **rule, "risk": {**rule["risk"], "likelihood": "almost_certain", "impact": "severe"}}})
    audit.check("Q2")
    entry = audit.entry("Q1", "Q2", "demo-complaints-published")
    assert (entry["old"]["risk"], entry["new"]["risk"]) == ("medium", "high")
    [cause] = entry["causes"]
    assert cause["kind"] == "rule"
    assert cause["text"].startswith("rule demo-complaints-published changed (digest ")


def test_diff_cause_rule_added_to_the_library(audit, tmp_path):
    make_rules(tmp_path, only=("demo-phone-basic-rate",))
    audit.check("Q1")
    make_rules(tmp_path)
    audit.check("Q2")
    entry = audit.entry("Q1", "Q2", "demo-complaints-published")
    assert entry["kind"] == "new"
    assert entry["causes"] == [{"kind": "rule", "text": "rule demo-complaints-published was added to the library"}]


def test_diff_cause_law_rule_leaves_and_enters_force_between_as_of_dates(audit):
    audit.check("Q1", as_of="2026-03-31")
    audit.check("Q2", as_of="2026-06-30")
    left = audit.entry("Q1", "Q2", "demo-adr-signposted")
    assert (left["old"]["status"], left["new"]["status"]) == ("gap", "not_applicable")
    assert left["causes"] == [{"kind": "law", "text": "law: the rule was in force on 2026-03-31 but is not on "
                                                      "2026-06-30 (not in force after 2026-04-05)"}]
    entered = audit.entry("Q1", "Q2", "demo-customer-surveys")
    assert (entered["old"]["status"], entered["new"]["status"]) == ("not_applicable", "gap")
    assert entered["causes"] == [{"kind": "law", "text": "law: the rule was not in force on 2026-03-31 (in force "
                                                         "from 2026-04-06) but is on 2026-06-30"}]


def test_diff_cause_law_dated_parameter(audit):
    audit.check("Q1", as_of="2026-03-31", ack=4)
    audit.check("Q2", as_of="2026-06-30", ack=4)
    entry = audit.entry("Q1", "Q2", "demo-acknowledge-complaints")
    assert (entry["old"]["status"], entry["new"]["status"]) == ("met", "gap")
    assert entry["causes"] == [{"kind": "law", "text": "law: dated value of days is 3 on 2026-06-30 (was 5 on "
                                                       "2026-03-31)"}]


def test_diff_cause_waiver_granted_then_expired(audit):
    audit.check("Q1", as_of="2026-03-31")
    audit.check("Q2", as_of="2026-03-31", waivers=waiver_yaml(WAIVER))
    result = audit.check("Q3", as_of="2026-03-31", waivers=waiver_yaml({**WAIVER, "expires": "2026-03-30"}))
    assert "the waiver of demo-complaints-published expired on 2026-03-30; its gaps count again" in result.stderr
    granted = audit.entry("Q1", "Q2", "demo-complaints-published")
    assert (granted["old"]["waived"], granted["new"]["waived"]) == (False, True)
    assert granted["new"]["status"] == "gap"
    assert granted["causes"] == [{"kind": "waiver", "text": "waiver granted by Jo Bloggs, COO on 2026-01-01 until "
                                                            "2026-05-31: Procedure being rewritten"}]
    expired = audit.entry("Q2", "Q3", "demo-complaints-published")
    assert expired["kind"] == "changed" and expired["new_gap"] is True
    assert expired["causes"] == [{"kind": "waiver", "text": "waiver expired on 2026-03-30"}]


def test_diff_cause_waiver_withdrawn(audit):
    audit.check("Q1", waivers=waiver_yaml(WAIVER))
    audit.check("Q2", waivers="waivers: []\n")
    entry = audit.entry("Q1", "Q2", "demo-complaints-published")
    assert entry["causes"] == [{"kind": "waiver", "text": "waiver withdrawn: no waiver covers this gap any more"}]


def test_diff_cause_law_read_from_messages_when_rules_were_not_recorded():
    old = finding("demo-a", ("organisation", "organisation", "Shop Ltd"), "gap", "high")
    new = old.model_copy(update={"status": "not_applicable", "message": "Not applicable: not in force after "
                                                                        "2026-04-05."})
    diff = diff_runs(stored_run([old], as_of="2026-03-31"), stored_run([new], as_of="2026-06-30"))
    [entry] = diff.entries
    assert [(c.kind, c.text) for c in entry.causes] == [
        ("law", "law: not in force after 2026-04-05 (as-of dates 2026-03-31 → 2026-06-30)")]


def test_diff_cause_unexplained_and_engine():
    old = finding("demo-a", ("organisation", "organisation", "Shop Ltd"), "gap", "high")
    new = old.model_copy(update={"status": "met"})
    a, b = stored_run([old]), stored_run([new])
    [entry] = diff_runs(a, b).entries
    assert [(c.kind, c.text) for c in entry.causes] == [
        ("unexplained", "no recorded cause: the facts it reads, the rule, the law and its waivers are unchanged")]
    b = type(b)(info=type(b.info)(**{**b.info.__dict__, "engine": "durable"}), findings=b.findings)
    [entry] = diff_runs(a, b).entries
    assert [(c.kind, c.text) for c in entry.causes] == [
        ("engine", "engine changed: python (csaudit 0.1.0) → durable (csaudit 0.1.0)")]


def test_diff_cause_subject_for_a_list_that_was_empty():
    from csaudit.engine.audit.record import StoredFact

    placeholder = finding("demo-a", ("channel", "*", "all channels"), "not_applicable", "medium")
    helpline = finding("demo-a", ("channel", "help", "Helpline"), "gap", "medium")
    old = stored_run([placeholder])
    new = stored_run([helpline])
    new = type(new)(new.info, new.findings, {"channels[help].kind": StoredFact("phone", 3)})
    causes = {e.subject.key: (e.kind, [c.text for c in e.causes]) for e in diff_runs(old, new).entries}
    assert causes == {"*": ("resolved", ["the profile now lists channels"]),
                      "help": ("new", ["channel 'help' was added to the profile"])}
