"""Derived facts follow Kleene logic: what depends on a fact the profile does not state is unknown.

A chain, a count or a comparison over an unstated fact is neither true nor false, in
flatten as in every condition, so a rule reading it is ``unknown`` on both engines,
never a ``gap`` (case 7 of the issue "The durable backend never gives a silent wrong
answer"). One table of cases per derived fact, each with its unknown case.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write
from csaudit.engine.evaluate import run_check
from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary
from csaudit.engine.match.backends import get_backend
from csaudit.engine.match.python import PythonBackend
from csaudit.facts.catalogue import catalogue
from csaudit.facts.loader import load_profile_data

UNKNOWN = "unknown"


def _roles(*roles: dict) -> dict:
    return {d["id"]: d for d in roles}


def _role_facts(*roles: dict) -> dict[str, dict]:
    data = {"as_of": dt.date(2026, 6, 1), "organisation": {"name": "P"}, "authority": {"roles": list(roles)}}
    flat = load_profile_data(data, "roles").flat()
    return {s.key: s.values for s in flat.collections["role"]}


def _value(values: dict, fact: str):
    return values.get(f"role.{fact}", UNKNOWN)


TOP = {"id": "top", "unlimited_authority": True}
TOP_UNSTATED = {"id": "top"}  # unlimited_authority not stated

CHAIN = [
    # (roles, role asked about, chain_reaches_unlimited)
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "top"}, TOP], "a", True),
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False}], "a", False),
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "escalates_to": "a"}], "a", False),  # a circle with no decider
    # the issue's case: through a role whose unlimited_authority is not stated, to a dead end
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "m"}, {"id": "m", "escalates_to": "c"},
      {"id": "c", "unlimited_authority": False}], "a", UNKNOWN),
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "top"}, TOP_UNSTATED], "a", UNKNOWN),
    ([{"id": "a", "escalates_to": "top"}, TOP], "a", True),  # the top decides, whatever a is
    ([{"id": "a", "unlimited_authority": False, "escalates_to": "m"}, {"id": "m", "escalates_to": "a"}], "a", UNKNOWN),
]

RAISES = [
    # (roles, role asked about, escalation_raises_limits)
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 10, "goodwill_limit": 5, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "refund_limit": 100, "goodwill_limit": 50}], "a", True),
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 10, "goodwill_limit": 5, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "refund_limit": 100, "goodwill_limit": 5}], "a", False),
    # the issue's case: only the refund pair is known, the goodwill limits are not stated
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 10, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "refund_limit": 100}], "a", UNKNOWN),
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 100, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "refund_limit": 10}], "a", False),  # one pair falls: settled
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 10, "escalates_to": "top"}, TOP], "a", True),
    ([{"id": "a", "unlimited_authority": False, "refund_limit": 100, "goodwill_limit": 50, "escalates_to": "t"},
      {"id": "t", "refund_limit": 10, "goodwill_limit": 5}], "a", UNKNOWN),  # t may yet decide any amount
    ([{"id": "a", "refund_limit": 100, "goodwill_limit": 50, "escalates_to": "b"},
      {"id": "b", "unlimited_authority": False, "refund_limit": 10, "goodwill_limit": 5}], "a", UNKNOWN),
    ([{"id": "a", "unlimited_authority": False}], "a", UNKNOWN),  # no escalation at all
    ([TOP], "top", True),
]

TARGET = [
    # (roles, role asked about, escalation_target_known)
    ([{"id": "a", "escalates_to": "top"}, TOP], "a", True),
    ([{"id": "a", "unlimited_authority": False}], "a", False),
    ([TOP], "top", True),
    ([{"id": "a"}], "a", UNKNOWN),  # neither a target nor whether it needs one
]


@pytest.mark.parametrize("roles, key, expected", CHAIN)
def test_chain_reaches_unlimited(roles, key, expected):
    assert _value(_role_facts(*roles)[key], "chain_reaches_unlimited") == expected


@pytest.mark.parametrize("roles, key, expected", RAISES)
def test_escalation_raises_limits(roles, key, expected):
    assert _value(_role_facts(*roles)[key], "escalation_raises_limits") == expected


@pytest.mark.parametrize("roles, key, expected", TARGET)
def test_escalation_target_known(roles, key, expected):
    assert _value(_role_facts(*roles)[key], "escalation_target_known") == expected


COMPUTED = [
    # (channel, derived facts that must be unknown because their source is not stated)
    ({"id": "c", "kind": "phone"}, ["basic_rate", "cost_class", "cost_classes", "hours_per_week", "open_24_7",
                                     "open_evenings", "open_weekends"]),
    ({"id": "c", "kind": "phone", "number": "0345 600 1234"}, ["hours_per_week", "open_24_7", "open_evenings",
                                                               "open_weekends"]),
    ({"id": "c", "kind": "email", "opening_hours": "24/7"}, ["basic_rate", "cost_class", "cost_classes"]),
]


@pytest.mark.parametrize("channel, unknown", COMPUTED)
def test_facts_computed_from_an_unstated_fact_are_unknown(channel, unknown):
    data = {"as_of": dt.date(2026, 6, 1), "organisation": {"name": "P"}, "channels": [channel]}
    (subject,) = load_profile_data(data, "c").flat().collections["channel"]
    derived = [p for p, i in catalogue().items() if i.derived and i.subject == "channel"]
    assert {p.split(".", 1)[1] for p in derived if p not in subject.values} == set(unknown)


def test_sells_to_consumers_is_unknown_until_customers_are_stated():
    def values(organisation):
        data = {"as_of": dt.date(2026, 6, 1), "organisation": {"name": "P", **organisation}}
        return load_profile_data(data, "o").flat().organisation.values

    assert "organisation.sells_to_consumers" not in values({})
    assert values({"customers": ["businesses"]})["organisation.sells_to_consumers"] is False


# ---------------------------------------------------------------- the same on both engines, end to end

def _library(fact: str) -> CompiledLibrary:
    rule = ir.IRRule(f"r-{fact}", "role", ir.Const(True), ir.Test(f"role.{fact}", "eq", True))
    return CompiledLibrary(dt.date(2026, 6, 1), (rule,), f"kleene-{fact}")


@pytest.mark.parametrize("fact, cases", [("chain_reaches_unlimited", CHAIN), ("escalation_raises_limits", RAISES),
                                         ("escalation_target_known", TARGET)])
def test_both_engines_report_unknown_never_gap(fact, cases):
    warnings: list[str] = []
    durable = get_backend("durable", warn=warnings.append)
    python = PythonBackend()
    compiled = _library(fact)
    for roles, key, expected in cases:
        data = {"as_of": dt.date(2026, 6, 1), "organisation": {"name": "P"}, "authority": {"roles": roles}}
        flat = load_profile_data(data, "roles").flat()
        want = {UNKNOWN: None}.get(expected, expected)
        for backend in (durable, python):
            assert backend.evaluate(backend.prepare(compiled), flat).get(f"r-{fact}", key) == (True, want)
    assert warnings == []


def test_the_issue_profile_is_unknown_not_a_gap(tmp_path, library):
    """The bundled rule that an escalation chain reaches a decision maker, on a chain through a role that does not
    say whether it may decide any amount: it used to report "never reaches a decision maker"."""
    from csaudit.facts.loader import load_profile

    profile = write(tmp_path, "p.yaml", """\
as_of: 2026-06-01
organisation: {name: Probe, customers: [consumers]}
authority:
  roles:
    - {id: agent, front_line: true, unlimited_authority: false, escalates_to: lead}
    - {id: lead, escalates_to: manager}
    - {id: manager, unlimited_authority: false}
""")
    loaded = load_profile(profile)
    reports = [run_check(loaded, library, engine=e, include_manual=False) for e in ("durable", "python")]
    assert reports[0].engine == "durable"
    for report in reports:
        (finding,) = [f for f in report.findings if f.subject.key == "agent"
                      and f.rule_id == "bs8477-5-2-4-2-escalation-reaches-decision-maker"]
        assert finding.status == "unknown", finding.message
    assert [(f.fingerprint, f.status) for f in reports[0].findings] == [(f.fingerprint, f.status)
                                                                        for f in reports[1].findings]
