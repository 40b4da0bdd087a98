"""The python engine's shared condition graph: shared parts are one node, and every truth is the oracle's."""

from __future__ import annotations

import datetime as dt

from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary
from csaudit.engine.match.plan import Plan
from csaudit.engine.match.python import PythonBackend, oracle
from csaudit.facts.flatten import FlatProfile, Subject

SELLS_ONLINE = ir.And((ir.Test("trading.sells_online", "eq", True), ir.Not(ir.Test("trading.b2b_only", "eq", True))))


def _library(*rules: ir.IRRule) -> CompiledLibrary:
    return CompiledLibrary(dt.date(2026, 1, 1), tuple(rules), "test")


def _flat(org: dict, channels: list[dict] | None) -> FlatProfile:
    items = None if channels is None else tuple(Subject("channel", f"c{i}", f"channel {i}", values)
                                                for i, values in enumerate(channels))
    return FlatProfile(Subject("organisation", "organisation", "Org", org), {"channel": items})


def test_a_condition_many_rules_share_is_one_node():
    # Equal conditions built separately (as a named condition is expanded into each rule) are interned once.
    rules = [ir.IRRule(f"r{i}", "organisation", ir.And((SELLS_ONLINE,)),
                       ir.Test("policies.complaints.published", "eq", True)) for i in range(40)]
    plan = Plan(_library(*rules))
    assert plan.size == 6   # two tests, the not, the shared and, the and around it, the requirement
    assert len({plan.roots[r.id] for r in rules}) == 1


def test_truths_match_the_oracle_with_counts_and_unknowns():
    answered = ir.Test("channel.answer_seconds", "le", 60)
    rules = [
        ir.IRRule("org", "organisation", SELLS_ONLINE, ir.Count("q1", "channel", answered, at_least=1)),
        ir.IRRule("every", "organisation", ir.Const(True), ir.Count("q2", "channel", ir.Not(answered), at_most=0)),
        ir.IRRule("per-channel", "channel", SELLS_ONLINE,
                  ir.Or((answered, ir.Test("channel.kind", "in", ("phone", "chat"))))),
        ir.IRRule("exists", "channel", ir.Const(True), ir.Test("channel.kind", "exists")),
    ]
    library = _library(*rules)
    backend = PythonBackend()
    backend.prepare(library)
    cases = [
        _flat({"trading.sells_online": True}, [{"channel.answer_seconds": 30}, {"channel.kind": "email"}]),
        _flat({"trading.sells_online": True, "trading.b2b_only": False}, [{"channel.answer_seconds": 90}]),
        _flat({"trading.sells_online": False}, []),
        _flat({}, None),   # the channels are not listed: every count is unknown
    ]
    seen = set()
    for flat in cases:
        got = backend.evaluate(library, flat).outcomes
        assert got == oracle(library, flat).outcomes
        seen.update(got.values())
    # the cases reach every truth of both parts
    assert {a for a, _ in seen} >= {True, False, None} and {r for _, r in seen} >= {True, False, None}


def test_durable_is_given_each_distinct_condition_once_and_answers_per_rule():
    from csaudit.engine.match.backends import get_backend
    from csaudit.engine.match.distinct import distinct_conditions

    supervised = ir.Not(ir.Test("people.supervision", "eq", False))
    rules = [ir.IRRule(f"r{i}", "channel", supervised, ir.Test("channel.answer_target_seconds", "le", 30 * (i % 3)))
             for i in range(30)]
    library = _library(*rules)
    packed, slots = distinct_conditions(library)
    assert len(packed.rules) == 2   # one applies_when and three requirements: four conditions, two to a rule
    assert {slot for pair in slots.values() for slot in pair} <= {(r.id, part) for r in packed.rules for part in (0, 1)}
    warnings: list[str] = []
    durable = get_backend("durable", warn=warnings.append)
    flat = _flat({"people.supervision": True}, [{"channel.answer_target_seconds": 30},
                                                 {"channel.answer_target_seconds": 0}, {}])
    got = durable.evaluate(durable.prepare(library), flat)
    assert warnings == [] and got.engine == "durable"
    assert got.outcomes == oracle(library, flat).outcomes and len(got.outcomes) == 90
