"""The IR -> durable-rules compiler is pure: its output for a fixed library is golden.

Set CSAUDIT_UPDATE_GOLDEN=1 to rewrite the golden file after an intended change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary
from csaudit.engine.match.durable_compile import (
    ALPHA_STACK,
    MAX_PROPS,
    SENTINEL_TAG,
    AlphaModel,
    compile_plan,
    fnv1a32,
    property_keys,
)

GOLDEN = Path(__file__).parent / "golden" / "compiled_ruleset.json"

LIBRARY = CompiledLibrary(dt.date(2026, 11, 23), (
    ir.IRRule("a-helpline", "channel",
              ir.And((ir.Test("channel.kind", "in", ("phone", "textphone")),
                      ir.Test("channel.purposes", "has", "complaints"))),
              ir.Test("channel.basic_rate", "eq", True)),
    ir.IRRule("b-refund-days", "organisation", ir.Const(True),
              ir.Not(ir.Test("policies.complaints.final_response_within_days", "gt", 14))),
    ir.IRRule("c-two-channels", "organisation", ir.Test("organisation.sells_to_consumers", "eq", True),
              ir.Count("c-two-channels#q1", "channel", ir.Test("channel.published", "eq", True), at_least=2)),
    ir.IRRule("d-not-yet", "organisation", ir.Const(True), ir.Const(True), in_force=False),
), "golden")


def test_compiled_ruleset_matches_golden():
    plan = compile_plan(LIBRARY)
    produced = {"ruleset": plan.ruleset,
                "shards": [{"tag": s.tag, "stage": s.stage, "props": s.props} for s in plan.shards],
                "targets": {k: [t.rule_id, t.part, t.truth, t.qid] for k, t in plan.targets.items()}}
    text = json.dumps(produced, indent=1, sort_keys=True) + "\n"
    if os.environ.get("CSAUDIT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text)
    assert text == GOLDEN.read_text()


def test_rules_out_of_force_are_not_compiled():
    assert "d-not-yet" not in {t.rule_id for t in compile_plan(LIBRARY).targets.values()}


def test_property_keys_have_distinct_hashes():
    keys = property_keys()
    hashes = {fnv1a32(k) for k in keys} | {fnv1a32(r) for r in ("id", "sid", "t", "n")}
    assert len(hashes) == len(keys) + 4 and len(keys) >= MAX_PROPS


def test_large_libraries_are_sharded_within_engine_limits():
    """Shards are bounded by the alpha nodes that can be pending at once, not by a count of rules."""
    rules = tuple(ir.IRRule(f"r{i:03}", "organisation", ir.Const(True),
                            ir.Test("policies.complaints.final_response_within_days", "le", i)) for i in range(100))
    plan = compile_plan(CompiledLibrary(dt.date(2026, 1, 1), rules, "big"))
    by_tag: dict[str, list] = {}
    for rule in plan.ruleset.values():
        pattern = rule["all"][0]["m"]
        tag = pattern["t"] if "t" in pattern else pattern["$and"][0]["t"]
        by_tag.setdefault(tag, []).append(pattern)
    assert SENTINEL_TAG in by_tag
    for tag, patterns in by_tag.items():
        model = AlphaModel(tag)
        for pattern in patterns:
            model.add(True if "t" in pattern else {"$and": pattern["$and"][1:]}
                      if len(pattern["$and"]) > 2 else pattern["$and"][1])
        assert model.stack_bound() <= ALPHA_STACK and not model.problems()
    assert max(plan.stack_bounds.values()) <= ALPHA_STACK
    # every one of these tests holds for a small value, so few rules fit a shard: far more than 11 per tag
    # would overflow durable's stack, and the bound must still pack them into several shards
    assert 1 < len(plan.shards) < 100
