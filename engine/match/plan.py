"""Every condition of a compiled library as one shared graph, evaluated once per subject.

Rules share a great deal: named conditions are expanded into every rule that uses them, and many rules
test the same facts the same way. The plan interns each distinct node of the lowered IR once (by its
kind, its test and its children), so a condition that 40 rules read is worked out once per subject, not
40 times. Each subject (and each item a quantifier counts) gets one list holding the truth of every node
it has been evaluated for; findings read their explanations from the same list, so nothing is evaluated
twice.

The meaning is exactly that of :func:`.python.truth` (the oracle the tests compare it with): Kleene logic,
an absent fact unknown, a count's truth from how many items surely and possibly match. Nothing is
generated as source text: each node becomes a tuple of its kind and operands, run by one loop.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from typing import Any

from ...facts.flatten import FlatProfile, Subject
from ..library import ir
from ..library.loader import CompiledLibrary

# Node codes: how the loop in ``_run`` reads each instruction (node, code, a, b).
TEST, EXISTS, AND, OR, NOT, CONST, COUNT = range(7)

_OPS = {
    "eq": (operator.eq, False), "lt": (operator.lt, False), "le": (operator.le, False),
    "gt": (operator.gt, False), "ge": (operator.ge, False),
    "in": (operator.contains, True),   # value in const: contains(const, value)
    "has": (operator.contains, False),  # const in value: contains(value, const)
}


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("\0list", tuple(_hashable(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("\0repr", type(value).__name__, repr(value))
    return (type(value).__name__, value)  # 1 and True and 1.0 are different tests


class Plan:
    """The interned graph of one compiled library, and the order to evaluate it in.

    ``nodes[i]`` is one distinct IR node; ``roots[rule_id]`` the indices of a rule's ``applies`` and
    ``requires``; ``segments[kind]`` the nodes a subject of that kind needs, children first (quantifier
    bodies excluded); ``bodies[c]`` the nodes one item needs for the count at index ``c``.
    """

    def __init__(self, library: CompiledLibrary):
        self.nodes: list[ir.Cond] = []
        self.code: list[tuple] = []          # (node, code, a, b) for each node, by index
        self.children: list[tuple[int, ...]] = []
        self._keys: dict[tuple, int] = {}                 # while building: node key -> index
        self._by_id: dict[int, tuple[ir.Cond, int]] = {}  # while building: id of a node seen -> (it, index)
        self.roots: dict[str, tuple[int, int]] = {}
        for rule in library.rules:
            if rule.in_force:
                self.roots[rule.id] = (self.intern(rule.applies), self.intern(rule.requires))
        self.count_kind: dict[int, str] = {}
        self.count_where: dict[int, int] = {}
        for i, node in enumerate(self.nodes):
            if isinstance(node, ir.Count):
                self.count_kind[i] = node.kind
                self.count_where[i] = self.children[i][0]
        kinds: dict[str, list[int]] = {}
        for rule in library.rules:
            if rule.in_force:
                kinds.setdefault(rule.subject, []).extend(self.roots[rule.id])
        self.segments = {kind: self._order(roots) for kind, roots in kinds.items()}
        self.bodies = {c: self._order([where]) for c, where in self.count_where.items()}
        self.size = len(self.nodes)
        self.memo: dict[str, dict] = {}   # what the layers above derive from the plan, kept with it
        del self._keys, self._by_id

    # -------------------------------------------------------------- building

    def intern(self, cond: ir.Cond) -> int:
        """The index of ``cond``'s node (one per distinct node; the same object is looked up by identity)."""
        seen = self._by_id.get(id(cond))
        if seen is not None and seen[0] is cond:
            return seen[1]
        if isinstance(cond, ir.Test):
            kids: tuple[int, ...] = ()
            key: tuple = ("t", cond.path, cond.op, _hashable(cond.value))
        elif isinstance(cond, (ir.And, ir.Or)):
            kids = tuple(self.intern(c) for c in cond.items)
            key = ("and" if isinstance(cond, ir.And) else "or", kids)
        elif isinstance(cond, ir.Not):
            kids = (self.intern(cond.item),)
            key = ("not", kids)
        elif isinstance(cond, ir.Const):
            kids, key = (), ("const", bool(cond.value))
        elif isinstance(cond, ir.Count):
            kids = (self.intern(cond.where),)
            key = ("count", cond.kind, kids, cond.at_least, cond.at_most)
        else:
            raise TypeError(f"unknown IR node {cond!r}")
        index = self._keys.get(key)
        if index is None:
            index = self._keys[key] = len(self.nodes)
            self.nodes.append(cond)
            self.children.append(kids)
            self.code.append(self._instruction(index, cond, kids))
        self._by_id[id(cond)] = (cond, index)
        return index

    @staticmethod
    def _instruction(index: int, cond: ir.Cond, kids: tuple[int, ...]) -> tuple:
        if isinstance(cond, ir.Test):
            if cond.op == "exists":
                return (index, EXISTS, cond.path, None)
            fn, flipped = _OPS[cond.op]
            const = cond.value
            if flipped:
                return (index, TEST, cond.path, lambda v, fn=fn, c=const: fn(c, v))
            return (index, TEST, cond.path, lambda v, fn=fn, c=const: fn(v, c))
        if isinstance(cond, ir.And):
            return (index, AND, kids, None)
        if isinstance(cond, ir.Or):
            return (index, OR, kids, None)
        if isinstance(cond, ir.Not):
            return (index, NOT, kids[0], None)
        if isinstance(cond, ir.Const):
            return (index, CONST, bool(cond.value), None)
        return (index, COUNT, None, None)

    def _order(self, roots: list[int]) -> tuple[list[tuple], tuple[int, ...]]:
        """(instructions for every node ``roots`` reach, children first, stopping at counts; the counts met)."""
        seen: set[int] = set()
        order: list[int] = []
        counts: list[int] = []
        for root in roots:
            stack = [(root, False)]
            while stack:
                node, expanded = stack.pop()
                if expanded:
                    order.append(node)
                    continue
                if node in seen:
                    continue
                seen.add(node)
                stack.append((node, True))
                if node in self.count_where:
                    counts.append(node)
                    continue   # the body is evaluated per item, not per subject
                stack.extend((kid, False) for kid in reversed(self.children[node]) if kid not in seen)
        return [self.code[i] for i in order], tuple(counts)

    # -------------------------------------------------------------- evaluating

    def run(self, flat: FlatProfile) -> ProfileTruths:
        """Every node's truth for every subject of ``flat`` that a rule is about (counts as needed)."""
        truths = ProfileTruths(self, flat)
        for kind, (segment, counts) in self.segments.items():
            subjects = flat.subjects(kind)
            if not subjects:
                continue
            for c in counts:
                truths.count(c)
            for subject in subjects:
                _run(segment, truths.values(subject), truths.array(subject), truths.counts)
        return truths


def _run(segment: list[tuple], values: Mapping[str, Any], t: list, counts: dict[int, ir.Truth]) -> None:
    """Fill ``t`` with the truth of each node of ``segment`` over ``values`` (children come first)."""
    get = values.get
    for i, code, a, b in segment:
        if code == TEST:
            v = get(a)
            t[i] = None if v is None else b(v)
        elif code == AND:
            r: ir.Truth = True
            for j in a:
                x = t[j]
                if x is False:
                    r = False
                    break
                if x is None:
                    r = None
            t[i] = r
        elif code == OR:
            r = False
            for j in a:
                x = t[j]
                if x is True:
                    r = True
                    break
                if x is None:
                    r = None
            t[i] = r
        elif code == NOT:
            x = t[a]
            t[i] = None if x is None else not x
        elif code == EXISTS:
            t[i] = a in values
        elif code == CONST:
            t[i] = a
        else:  # COUNT: worked out for the profile before any subject is run
            t[i] = counts[i]


class ProfileTruths:
    """One profile's node truths: a list per subject or item, and each count's truth."""

    __slots__ = ("plan", "flat", "arrays", "merged", "counts", "_items")

    def __init__(self, plan: Plan, flat: FlatProfile):
        self.plan, self.flat = plan, flat
        self.arrays: dict[tuple[str, str], list] = {}
        self.merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        self.counts: dict[int, ir.Truth] = {}
        self._items: dict[int, bool] = {}   # counts whose bodies have been run over their items

    def values(self, subject: Subject) -> Mapping[str, Any]:
        """The subject's facts with the organisation's beneath them (one merged map per subject)."""
        if subject.kind == "organisation":
            return subject.values
        key = (subject.kind, subject.key)
        found = self.merged.get(key)
        if found is None:
            found = self.merged[key] = {**self.flat.organisation.values, **subject.values}
        return found

    def array(self, subject: Subject) -> list:
        key = (subject.kind, subject.key)
        found = self.arrays.get(key)
        if found is None:
            found = self.arrays[key] = [None] * self.plan.size
        return found

    def items(self, count: int) -> tuple[Subject, ...] | None:
        """The items count ``count`` ranges over, their bodies evaluated (None: the list is unknown)."""
        plan = self.plan
        items = self.flat.collections[plan.count_kind[count]]
        if items is not None and count not in self._items:
            segment, inner = plan.bodies[count]
            for c in inner:
                self.count(c)
            for item in items:
                _run(segment, self.values(item), self.array(item), self.counts)
            self._items[count] = True
        return items

    def count(self, count: int) -> ir.Truth:
        """The truth of the count at index ``count`` for this profile (worked out once)."""
        if count in self.counts:
            return self.counts[count]
        items = self.items(count)
        if items is None:
            truth = None
        else:
            where = self.plan.count_where[count]
            definitely = possibly = 0
            for item in items:
                t = self.arrays[(item.kind, item.key)][where]
                definitely += t is True
                possibly += t is not False
            truth = ir.count_truth(self.plan.nodes[count], definitely, possibly)
        self.counts[count] = truth
        return truth


def plan_of(library: CompiledLibrary) -> Plan:
    """The plan of a compiled library, built once and kept with it."""
    found = library.__dict__.get("_plan")
    if found is None:
        found = library.__dict__["_plan"] = Plan(library)
    return found
