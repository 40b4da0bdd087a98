"""The truth of every part of a condition at once, for explaining a finding: which parts decided it.

A condition is turned once into nested closures (one per node, cached by the node's identity); running
them over one subject's facts fills a list with each node's Kleene truth, read back by node. The logic is
exactly that of :func:`.python.truth` (the oracle), without its type dispatch on every call: building a
finding's "deciding" and "missing" facts then costs a fraction of matching the rule again.
Quantifier bodies are not entered: a count's truth is read from ``quantified``, as in the oracle.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..library import ir
from .python import _OPS

Eval = Callable[[Mapping[str, Any], Mapping[str, ir.Truth], list], ir.Truth]


class Truths:
    """A compiled condition: ``run`` gives the list of node truths, ``of`` reads one node's from it."""

    __slots__ = ("cond", "index", "root", "size")

    def __init__(self, cond: ir.Cond):
        self.cond = cond
        self.index: dict[int, int] = {}
        self.root = self._build(cond)
        self.size = len(self.index)

    def run(self, values: Mapping[str, Any], quantified: Mapping[str, ir.Truth]) -> list:
        out = [None] * self.size
        self.root(values, quantified, out)
        return out

    def of(self, out: list, node: ir.Cond) -> ir.Truth:
        return out[self.index[id(node)]]

    def _build(self, cond: ir.Cond) -> Eval:
        i = self.index.setdefault(id(cond), len(self.index))
        if isinstance(cond, ir.Test):
            path = cond.path
            if cond.op == "exists":
                def test_exists(values, q, out):
                    t = out[i] = path in values
                    return t
                return test_exists
            op, const = _OPS[cond.op], cond.value

            def test(values, q, out):
                v = values.get(path)
                t = out[i] = None if v is None else op(v, const)
                return t
            return test
        if isinstance(cond, ir.And):
            parts = [self._build(c) for c in cond.items]

            def all_(values, q, out):
                ts = [p(values, q, out) for p in parts]
                t = out[i] = False if False in ts else (None if None in ts else True)
                return t
            return all_
        if isinstance(cond, ir.Or):
            parts = [self._build(c) for c in cond.items]

            def any_(values, q, out):
                ts = [p(values, q, out) for p in parts]
                t = out[i] = True if True in ts else (None if None in ts else False)
                return t
            return any_
        if isinstance(cond, ir.Not):
            part = self._build(cond.item)

            def not_(values, q, out):
                v = part(values, q, out)
                t = out[i] = None if v is None else not v
                return t
            return not_
        if isinstance(cond, ir.Const):
            value = cond.value

            def const(values, q, out):
                out[i] = value
                return value
            return const
        if isinstance(cond, ir.Count):
            qid = cond.qid

            def count(values, q, out):
                t = out[i] = q[qid]
                return t
            return count
        raise TypeError(f"unknown IR node {cond!r}")


_CACHE: dict[int, Truths] = {}


def truths_of(cond: ir.Cond) -> Truths:
    """The compiled form of ``cond`` (kept while the condition lives; bounded)."""
    found = _CACHE.get(id(cond))
    if found is None or found.cond is not cond:
        if len(_CACHE) > 50_000:
            _CACHE.clear()
        found = _CACHE[id(cond)] = Truths(cond)
    return found
