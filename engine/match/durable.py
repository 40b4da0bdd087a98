"""Drive durable-rules' C module with a compiled plan (see compile_durable.py).

All durable-rules handling lives here: one ruleset handle per process and plan,
one session at a time, always deleted afterwards; fact ids from a pool with
distinct hashes; every return code checked. The ``durable.lang`` host layer is
never used (threads, a global registry, swallowed exceptions).
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import durable_rules_engine as _engine  # ImportError here makes the front door fall back

from ...facts.catalogue import catalogue
from ...facts.flatten import FlatProfile, Subject
from ..library import ir
from ..library.loader import CompiledLibrary
from .durable_compile import DurablePlan, compile_plan, fnv1a32, owner_of
from .results import RawResults

SESSION = "0"
_MESSAGE_HEAD = re.compile(r'\{"(r\d+)":\{"m":\{"id": "f\d+", "sid": "0", "t": "[^"]*", "n": (\d+)[,}]')
_names = itertools.count()


class DurableEngineError(RuntimeError):
    """durable-rules reported something that would make its answer wrong."""


_ID_POOL: list[str] = []
_ID_HASHES: set[int] = set()
_id_candidates = (f"f{n}" for n in itertools.count())


def _fact_ids():
    """Fact ids whose 32-bit hashes are pairwise distinct (durable-rules compares ids by hash)."""
    for i in itertools.count():
        while i >= len(_ID_POOL):
            candidate = next(_id_candidates)
            h = fnv1a32(candidate)
            if h not in _ID_HASHES:
                _ID_HASHES.add(h)
                _ID_POOL.append(candidate)
        yield _ID_POOL[i]


class Prepared:
    """A plan with its live ruleset handle and, per shard, how to read each property."""

    def __init__(self, plan: DurablePlan):
        self.plan = plan
        self.handle = _engine.create_ruleset(f"csaudit{next(_names)}", json.dumps(plan.ruleset)) if plan.ruleset else None
        cat = catalogue()
        # per shard: (engine key, path or quantifier id, set member, read from the organisation, is a set)
        self.readers: dict[str, list[tuple[str, str, str, bool, bool]]] = {}
        for shard in plan.shards:
            readers = []
            for prop, key in shard.props.items():
                if prop in plan.counts:
                    readers.append((key, prop, "", False, False))
                    continue
                path, _, member = prop.partition("#")
                readers.append((key, path, member, owner_of(path) == "organisation",
                                not member and cat[path].kind == "set"))
            self.readers[shard.tag] = readers


class DurableBackend:
    name = "durable"

    def __init__(self) -> None:
        self._prepared: dict[tuple[str, str], Prepared] = {}

    def prepare(self, library: CompiledLibrary) -> Prepared:
        key = (library.digest, library.as_of.isoformat())
        if key not in self._prepared:
            self._prepared[key] = Prepared(compile_plan(library))
        return self._prepared[key]

    # ------------------------------------------------------------ session
    def _run(self, handle: int, facts: list[dict[str, Any]]) -> list[tuple[str, int]]:
        """Assert facts and drain every action: (durable rule name, subject index) per match."""
        if not facts:
            return []
        self._session_open = True
        code, offset = _engine.assert_facts(handle, json.dumps(facts))
        if code == 2:
            raise DurableEngineError("durable-rules dropped a fact as a duplicate id")
        if code != 0:  # every tag has a catch-all rule, so 1 (unhandled) means a broken plan
            raise DurableEngineError(f"durable-rules assert_facts returned {code}")
        matches: list[tuple[str, int]] = []
        result = _engine.start_action_for_state(handle, offset)
        messages = result[1] if result else None
        while messages:
            head = _MESSAGE_HEAD.match(messages)
            if head:  # the fact's leading keys are ours, in the order _fact writes them
                matches.append((head.group(1), int(head.group(2))))
            else:
                for name, frame in json.loads(messages).items():
                    matches.append((name, frame["m"]["n"]))
            messages = _engine.complete_and_start_action(handle, offset)
        return matches

    def evaluate(self, prepared: Prepared, flat: FlatProfile) -> RawResults:
        plan = prepared.plan
        results = RawResults()
        if prepared.handle is None:
            return results
        ids = _fact_ids()
        self._session_open = False
        try:
            # Stage 1: items of each collection against quantifier bodies.
            facts = []
            for shard in (s for s in plan.shards if s.stage == 1):
                for n, item in enumerate(flat.collections[shard.kind] or ()):
                    facts.append(self._fact(next(ids), shard.tag, n, prepared.readers[shard.tag], item, flat, {}))
            # An $or with several matching branches fires once per branch: count distinct items.
            surely: dict[str, set[int]] = {q: set() for q in plan.counts}
            possibly: dict[str, set[int]] = {q: set() for q in plan.counts}
            for name, n in self._run(prepared.handle, facts):
                target = plan.targets[name]
                if target.part == "seen":
                    continue
                (surely if target.part == "qT" else possibly)[target.qid].add(n)
            quantified: dict[str, ir.Truth] = {}
            for qid, node in plan.counts.items():
                known = flat.collections[node.kind] is not None
                quantified[qid] = ir.count_truth(node, len(surely[qid]) if known else None,
                                                 len(possibly[qid]) if known else None)
            # Stage 2: subjects against applies_when and requires.
            facts = []
            subjects_by_kind: dict[str, tuple[Subject, ...]] = {}
            for shard in (s for s in plan.shards if s.stage == 2):
                subjects = flat.subjects(shard.kind) or ()
                subjects_by_kind[shard.kind] = subjects
                for n, subject in enumerate(subjects):
                    facts.append(self._fact(next(ids), shard.tag, n, prepared.readers[shard.tag], subject, flat, quantified))
            outcome: dict[tuple[str, str], list[ir.Truth]] = {}
            rule_kind = plan.rule_subjects
            for rule_id, kind in rule_kind.items():
                for subject in subjects_by_kind.get(kind, ()):
                    outcome[(rule_id, subject.key)] = [None, None]
            for name, n in self._run(prepared.handle, facts):
                target = plan.targets[name]
                if target.part == "seen":
                    continue
                subject = subjects_by_kind[rule_kind[target.rule_id]][n]
                outcome[(target.rule_id, subject.key)][0 if target.part == "applies" else 1] = target.truth
            for (rule_id, key), (applies, requires) in outcome.items():
                results.record(rule_id, key, applies, requires)
        finally:
            if self._session_open:
                _engine.delete_state(prepared.handle, SESSION)
        return results

    @staticmethod
    def _fact(fid: str, tag: str, n: int, readers, subject: Subject, flat: FlatProfile,
              quantified: dict[str, ir.Truth]) -> dict[str, Any]:
        fact: dict[str, Any] = {"id": fid, "sid": SESSION, "t": tag, "n": n}
        org = flat.organisation.values
        for key, path, member, from_org, is_set in readers:
            if path in quantified:
                value = quantified[path]
            else:
                value = (org if from_org else subject.values).get(path)
                if value is not None and member:
                    value = member in value
                elif value is not None and is_set:
                    value = True
            if value is not None:
                fact[key] = value
        return fact
