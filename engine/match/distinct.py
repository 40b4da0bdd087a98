"""A library's distinct conditions, two to a rule: what a matching engine is given to match.

Of the 1,100 ``applies_when`` and ``requires`` conditions of the library some 680 are distinct (many rules
apply in the same circumstances: "sells to consumers at a distance", "has a complaints procedure"). An
engine that fires once per condition that holds, as durable-rules does, does 40% less work when each
distinct condition is matched once per subject and the outcome shared by every rule that has it.

:func:`distinct_conditions` gives the conditions (interned by :mod:`.plan`, so equal conditions are one)
packed two to a rule, and the slots to read each real rule's outcome back from; :func:`outcomes_of` does
the reading. The packing is invisible in the results: they are keyed by the real rules, exactly as if the
library had been matched rule by rule.
"""

from __future__ import annotations

import re

from ...facts.flatten import FlatProfile
from ..library import ir
from ..library.loader import CompiledLibrary
from .plan import plan_of
from .results import RawResults, evaluated

Slot = tuple[str, int]   # (packed rule id, 0 for its applies_when or 1 for its requires)


def distinct_conditions(library: CompiledLibrary) -> tuple[CompiledLibrary, dict[str, tuple[Slot, Slot]]]:
    """(the packed library, each in-force rule's two slots in it)."""
    plan = plan_of(library)
    order: dict[str, dict[int, str]] = {}   # per subject kind: node -> the first rule that reads it
    for rule in library.rules:
        if rule.in_force:
            for node in plan.roots[rule.id]:
                order.setdefault(rule.subject, {}).setdefault(node, rule.id)
    packed: list[ir.IRRule] = []
    slot_of: dict[tuple[str, int], Slot] = {}
    for kind, nodes in order.items():
        items = list(nodes.items())
        for k in range(0, len(items), 2):
            pair = items[k:k + 2]
            # named after the rules it serves, for messages (readable_ids takes the "@n" off again)
            rid = ", ".join(dict.fromkeys(rule_id for _, rule_id in pair)) + f"@{len(packed)}"
            conds = [plan.nodes[node] for node, _ in pair] + [ir.Const(True)] * (2 - len(pair))
            packed.append(ir.IRRule(rid, kind, conds[0], conds[1]))
            for part, (node, _) in enumerate(pair):
                slot_of[(kind, node)] = (rid, part)
    slots = {rule.id: (slot_of[(rule.subject, plan.roots[rule.id][0])], slot_of[(rule.subject, plan.roots[rule.id][1])])
             for rule in library.rules if rule.in_force}
    return CompiledLibrary(library.as_of, tuple(packed), library.digest), slots


_PACKED_ID = re.compile(r"@\d+\b")


def readable_ids(message: str) -> str:
    """A message about packed rules, naming the rules they serve (an engine's limit, say)."""
    return _PACKED_ID.sub("", message)


def outcomes_of(library: CompiledLibrary, slots: dict[str, tuple[Slot, Slot]], packed: RawResults,
                flat: FlatProfile) -> RawResults:
    """The real rules' outcomes, read from the packed rules' (every rule and subject, as a backend gives)."""
    results = RawResults(engine=packed.engine)
    got = packed.outcomes.get
    unknown = (None, None)
    for rule, subjects in evaluated(library, flat):
        (a_id, a_part), (r_id, r_part) = slots[rule.id]
        for subject in subjects:
            results.outcomes[(rule.id, subject.key)] = (got((a_id, subject.key), unknown)[a_part],
                                                        got((r_id, subject.key), unknown)[r_part])
    return results
