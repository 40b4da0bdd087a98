"""The plain-Python backend: evaluates the IR directly with three-valued logic.

It is the test oracle for the durable-rules backend, the fallback where the C
module cannot be imported, and ``--engine python``.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping
from typing import Any

from ...facts.flatten import FlatProfile
from ..library import ir
from ..library.loader import CompiledLibrary
from .plan import plan_of
from .results import RawResults, evaluated

_OPS = {
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "in": lambda a, b: a in b,
    "has": lambda a, b: b in a,
}


def truth(cond: ir.Cond, values: Mapping[str, Any], quantified: Mapping[str, ir.Truth]) -> ir.Truth:
    """Kleene truth of ``cond`` over one subject's values; counts come from ``quantified``."""
    if isinstance(cond, ir.Test):
        if cond.op == "exists":
            return cond.path in values
        value = values.get(cond.path)
        return None if value is None else _OPS[cond.op](value, cond.value)
    if isinstance(cond, ir.And):
        return ir.kleene_and([truth(c, values, quantified) for c in cond.items])
    if isinstance(cond, ir.Or):
        return ir.kleene_or([truth(c, values, quantified) for c in cond.items])
    if isinstance(cond, ir.Not):
        return ir.kleene_not(truth(cond.item, values, quantified))
    if isinstance(cond, ir.Const):
        return cond.value
    if isinstance(cond, ir.Count):
        return quantified[cond.qid]
    raise TypeError(f"unknown IR node {cond!r}")


def count_items(node: ir.Count, flat: FlatProfile) -> tuple[int | None, int | None]:
    """(items surely matching, items possibly matching); (None, None) if the collection is unknown."""
    items = flat.collections[node.kind]
    if items is None:
        return None, None
    definitely = possibly = 0
    for item in items:
        t = truth(node.where, ChainMap(item.values, flat.organisation.values), {})
        definitely += t is True
        possibly += t is not False
    return definitely, possibly


class PythonBackend:
    """Evaluates the library's shared condition graph (:mod:`.plan`) in one pass per subject."""

    name = "python"

    def prepare(self, library: CompiledLibrary) -> CompiledLibrary:
        plan_of(library)
        return library

    def evaluate(self, library: CompiledLibrary, flat: FlatProfile) -> RawResults:
        truths = plan_of(library).run(flat)
        results = RawResults(truths=truths)
        outcomes = results.outcomes
        roots = truths.plan.roots
        for rule, subjects in evaluated(library, flat):
            applies, requires = roots[rule.id]
            for subject in subjects:
                t = truths.array(subject)
                outcomes[(rule.id, subject.key)] = (t[applies], t[requires])
        return results


def oracle(library: CompiledLibrary, flat: FlatProfile) -> RawResults:
    """The same outcomes by walking each rule's conditions with :func:`truth`: slow, and plainly right."""
    results = RawResults()
    for rule in library.rules:
        if not rule.in_force:
            continue
        quantified = {node.qid: ir.count_truth(node, *count_items(node, flat))
                      for node in ir.counts(rule.applies) + ir.counts(rule.requires)}
        subjects = flat.subjects(rule.subject)
        if subjects is None:
            continue
        for subject in subjects:
            values = subject.values if subject.kind == "organisation" else {**flat.organisation.values,
                                                                             **subject.values}
            results.record(rule.id, subject.key, truth(rule.applies, values, quantified),
                           truth(rule.requires, values, quantified))
    return results
