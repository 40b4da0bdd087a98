"""Drive durable-rules' C module with a compiled plan (see durable_compile.py).

All durable-rules handling lives here, and none of it can take the process down or
give a wrong answer silently:

* one ruleset handle per distinct ruleset, shared by every backend in the process,
  at most ``MAX_LIVE_RULESETS`` live (the least recently used is deleted), and at most
  ``MAX_PLANS`` compiled plans, so a long batch or library use does not grow;
* one session at a time, deleted afterwards, except after an engine error: then the
  session and its ruleset are abandoned, never called into again (deleting a session
  after some errors frees invalid memory); after ``MAX_ABANDONED`` of them the process
  stops using durable-rules;
* every batch opens with a sentinel fact, so the engine always has a state to report,
  and ends with a proof that every fact arrived: each fact matches its tag's catch-all
  rule exactly once, and the matches are counted;
* every value is written in a form durable's JSON reader parses exactly, or refused;
* when anything is not right, the profile is evaluated by the python engine instead,
  with one line saying why, and the results say that python was used.

The ``durable.lang`` host layer is never used (threads, a global registry, swallowed
exceptions).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
import sys
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from typing import Any

import durable_rules_engine as _engine  # ImportError here makes the front door fall back

from ...facts.catalogue import catalogue
from ...facts.flatten import FlatProfile, Subject
from ..library import ir
from ..library.loader import CompiledLibrary
from .durable_compile import (SENTINEL_TAG, DurableLimitError, DurablePlan, compile_plan, fnv1a32, json_scalar,
                              owner_of, to_json)
from .distinct import distinct_conditions, outcomes_of, readable_ids
from .results import RawResults

SESSION = "0"
MAX_LIVE_RULESETS = 2      # ruleset handles kept (about 9 MB each for the bundled library)
MAX_PLANS = 8              # compiled plans kept
MAX_ABANDONED = 4          # rulesets abandoned after engine errors before durable is not used in this process
_MESSAGE_HEAD = re.compile(r'\{"(r\d+)":\{"m":\{"id": "f\d+", "sid": "0", "t": "[^"]*", "n": (\d+)[,}]')
_names = itertools.count()
_LOCK = threading.Lock()   # the C module keeps one session per ruleset: one evaluation at a time


class DurableEngineError(RuntimeError):
    """durable-rules failed, or reported something that would make its answer wrong.

    ``broken`` means the engine's own state can no longer be trusted (an error code or
    exception from the C module): its session and ruleset are abandoned, never touched again.
    """

    def __init__(self, message: str, broken: bool = False):
        super().__init__(message)
        self.broken = broken


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


def _call(what: str, fn: Callable, *args: Any) -> Any:
    """One call into the C module; any failure is a broken engine."""
    try:
        return fn(*args)
    except Exception as exc:  # durable_rules_engine.error, MemoryError, a bad argument: all the engine's
        raise DurableEngineError(f"durable-rules {what} failed ({exc})", broken=True) from None


class _Rulesets:
    """Live ruleset handles by ruleset text, least recently used first."""

    def __init__(self) -> None:
        self.live: OrderedDict[str, int] = OrderedDict()
        self.abandoned = 0

    def handle(self, key: str, text: str) -> int:
        if key in self.live:
            self.live.move_to_end(key)
            return self.live[key]
        while len(self.live) >= MAX_LIVE_RULESETS:
            _, old = self.live.popitem(last=False)
            with contextlib.suppress(Exception):  # it is forgotten either way, and never called into again
                _engine.delete_ruleset(old)
        handle = _call("create_ruleset", _engine.create_ruleset, f"csaudit{next(_names)}", text)
        self.live[key] = handle
        return handle

    def abandon(self, key: str) -> None:
        """Forget a ruleset after an engine error without calling into it again (its memory is leaked)."""
        if self.live.pop(key, None) is not None:
            self.abandoned += 1


_RULESETS = _Rulesets()
_PLANS: OrderedDict[str, Prepared] = OrderedDict()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


class Prepared:
    """A compiled library with its plan, its ruleset text and, per shard, how to read each property.

    ``unsupported`` says why durable-rules cannot evaluate the library (the python engine does).
    """

    def __init__(self, library: CompiledLibrary, key: str):
        self.library = library
        self.key = key                # the lowered rules' content
        # durable-rules is given each distinct condition once (distinct.py); outcomes are read back per rule
        self.packed, self.slots = distinct_conditions(library)
        self.plan: DurablePlan | None = None
        self.text = ""
        self.ruleset_key = ""         # the ruleset text's: plans that compile alike share one handle
        self.unsupported = ""
        self.readers: dict[str, list[tuple[str, str, str, bool, bool]]] = {}
        from ..library import cache

        disk_key = cache.versioned(f"{key} distinct {_compiler_settings()}")
        entry = cache.load("plan", disk_key)  # the plan, its text and its key, or why durable cannot run it
        if isinstance(entry, tuple) and len(entry) == 4:
            self.plan, self.text, self.ruleset_key, self.unsupported = entry
        else:
            try:
                self.plan = compile_plan(self.packed)
                self.text = to_json(self.plan.ruleset) if self.plan.ruleset else ""
                self.ruleset_key = hashlib.sha256(self.text.encode()).hexdigest()
            except DurableLimitError as exc:
                self.unsupported = readable_ids(str(exc))
            cache.store("plan", disk_key, (self.plan, self.text, self.ruleset_key, self.unsupported))
        if self.unsupported:
            return
        cat = catalogue()
        # per shard: (engine key, path or quantifier id, set member, read from the organisation, is a set)
        for shard in self.plan.shards:
            readers = []
            for prop, k in shard.props.items():
                if prop in self.plan.counts or prop in self.plan.lifts:
                    readers.append((k, prop, "", False, False))
                    continue
                path, _, member = prop.partition("#")
                readers.append((k, path, member, owner_of(path) == "organisation",
                                not member and cat[path].kind == "set"))
            self.readers[shard.tag] = readers


def _compiler_settings() -> str:
    """The compiler's limits as they stand (a plan compiled under other limits is another cache entry)."""
    from . import durable_compile

    return repr(sorted((name, value) for name, value in vars(durable_compile).items()
                       if name.isupper() and isinstance(value, (int, float, str, bool))))


def _library_key(library: CompiledLibrary) -> str:
    """The IR's content: two dates whose rules lower alike share one plan and one ruleset."""
    return library.content_key


class DurableBackend:
    name = "durable"

    def __init__(self, warn: Callable[[str], None] | None = None) -> None:
        self._warn = warn or _stderr

    def prepare(self, library: CompiledLibrary) -> Prepared:
        key = _library_key(library)
        with _LOCK:
            prepared = _PLANS.get(key)
            if prepared is None:
                prepared = Prepared(library, key)
                while len(_PLANS) >= MAX_PLANS:
                    _PLANS.popitem(last=False)
                _PLANS[key] = prepared
            _PLANS.move_to_end(key)
        return prepared

    def evaluate(self, prepared: Prepared, flat: FlatProfile) -> RawResults:
        if prepared.unsupported:
            return self._python(prepared, flat, f"durable-rules cannot evaluate this library: {prepared.unsupported}")
        if prepared.plan is None or not prepared.plan.ruleset:
            return RawResults()
        with _LOCK:
            if _RULESETS.abandoned >= MAX_ABANDONED:
                reason = f"durable-rules failed {_RULESETS.abandoned} times in this process"
            else:
                try:
                    packed = _Evaluation(prepared, flat).run()
                    return outcomes_of(prepared.library, prepared.slots, packed, flat)
                except (DurableEngineError, DurableLimitError) as exc:
                    reason = readable_ids(str(exc))
        return self._python(prepared, flat, reason)

    def _python(self, prepared: Prepared, flat: FlatProfile, reason: str) -> RawResults:
        """The python engine's results for this profile, with the one line that says why."""
        from .python import PythonBackend

        self._warn(f"csaudit: {reason}; evaluated with the python engine")
        results = PythonBackend().evaluate(prepared.library, flat)
        results.engine = "python"
        return results


class _Evaluation:
    """One profile through one session: two stages of facts, each proved complete."""

    def __init__(self, prepared: Prepared, flat: FlatProfile):
        self.prepared = prepared
        self.plan: DurablePlan = prepared.plan  # type: ignore[assignment]
        self.flat = flat
        self.ids = _fact_ids()
        self.handle = 0
        self.session_open = False

    def run(self) -> RawResults:
        plan, flat = self.plan, self.flat
        results = RawResults(engine="durable")
        try:
            self.handle = _RULESETS.handle(self.prepared.ruleset_key, self.prepared.text)
        except DurableEngineError as exc:  # it would fail the same way every time
            self.prepared.unsupported = str(exc)
            raise
        try:
            # Stage 1: items of each collection against quantifier bodies.
            facts = []
            for shard in (s for s in plan.shards if s.stage == 1):
                for n, item in enumerate(flat.collections[shard.kind] or ()):
                    facts.append(self._fact(shard.tag, n, item, {}))
            # An $or with several matching branches fires once per branch: count distinct items.
            surely: dict[str, set[int]] = {q: set() for q in plan.counts}
            possibly: dict[str, set[int]] = {q: set() for q in plan.counts}
            for target, n in self._matches(facts):
                (surely if target.part == "qT" else possibly)[target.qid].add(n)
            quantified: dict[str, ir.Truth] = {}
            for qid, node in plan.counts.items():
                known = flat.collections[node.kind] is not None
                quantified[qid] = ir.count_truth(node, len(surely[qid]) if known else None,
                                                 len(possibly[qid]) if known else None)
            # Stage 2: subjects, first against the parts lifted out of deep rules (innermost first, each
            # round's truths read by the next), then against applies_when and requires.
            subjects_by_kind: dict[str, tuple[Subject, ...]] = {}
            lifted: dict[str, dict[int, bool]] = {qid: {} for qid in plan.lifts}
            rounds = sorted({s.round for s in plan.shards if s.stage == 2}, key=lambda r: (r == 0, r))
            for round_ in rounds:
                facts = []
                for shard in (s for s in plan.shards if s.stage == 2 and s.round == round_):
                    subjects = flat.subjects(shard.kind) or ()
                    subjects_by_kind[shard.kind] = subjects
                    for n, subject in enumerate(subjects):
                        facts.append(self._fact(shard.tag, n, subject, quantified, lifted))
                if round_:
                    for target, n in self._matches(facts):
                        lifted[target.qid][n] = target.truth
                    continue
                outcome: dict[tuple[str, str], list[ir.Truth]] = {}
                for rule_id, kind in plan.rule_subjects.items():
                    for subject in subjects_by_kind.get(kind, ()):
                        outcome[(rule_id, subject.key)] = [None, None]
                for target, n in self._matches(facts):
                    subject = subjects_by_kind[plan.rule_subjects[target.rule_id]][n]
                    outcome[(target.rule_id, subject.key)][0 if target.part == "applies" else 1] = target.truth
                for (rule_id, key), (applies, requires) in outcome.items():
                    results.record(rule_id, key, applies, requires)
        except DurableEngineError as exc:
            if exc.broken:  # never call into this session or its ruleset again
                self.session_open = False
                _RULESETS.abandon(self.prepared.ruleset_key)
            raise
        finally:
            if self.session_open:
                self.session_open = False
                try:
                    _call("delete_state", _engine.delete_state, self.handle, SESSION)
                except DurableEngineError:
                    _RULESETS.abandon(self.prepared.ruleset_key)
                    raise
        return results

    def _fact(self, tag: str, n: int, subject: Subject, quantified: dict[str, ir.Truth],
              lifted: dict[str, dict[int, bool]] | None = None) -> tuple[str, str, int]:
        """(JSON text, tag, index) of one fact, every value in a form durable reads exactly (or DurableLimitError)."""
        parts = [f'"id": "{next(self.ids)}"', f'"sid": "{SESSION}"', f'"t": {json_scalar(tag)}', f'"n": {n}']
        org = self.flat.organisation.values
        for key, path, member, from_org, is_set in self.prepared.readers[tag]:
            if path in quantified:
                value = quantified[path]
            elif lifted is not None and path in lifted:
                value = lifted[path].get(n)  # a lifted part of this subject: absent when unknown
            else:
                value = (org if from_org else subject.values).get(path)
                if value is not None and member:
                    value = member in value
                elif value is not None and is_set:
                    value = True
            if value is not None:
                try:
                    parts.append(f'"{key}": {json_scalar(value)}')
                except DurableLimitError as exc:
                    where = "organisation" if from_org else f"{subject.kind} '{subject.key}'"
                    raise DurableLimitError(f"{path} of {where}: {exc}") from None
        return "{" + ", ".join(parts) + "}", tag, n

    def _matches(self, facts: list[tuple[str, str, int]]):
        """Assert one batch and drain every action: (target, subject index) per match, after proving that
        every asserted fact arrived."""
        if not facts:
            return []
        sentinel = f'{{"id": "{next(self.ids)}", "sid": "{SESSION}", "t": "{SENTINEL_TAG}", "n": 0}}'
        batch = [sentinel] + [text for text, _, _ in facts]
        expected = Counter([(SENTINEL_TAG, 0)] + [(tag, n) for _, tag, n in facts])
        self.session_open = True
        code, offset = _call("assert_facts", _engine.assert_facts, self.handle, "[" + ", ".join(batch) + "]")
        if code != 0:  # 1: a fact no rule handled, 2: a fact dropped as a duplicate id, 3: deferred
            raise DurableEngineError(f"durable-rules assert_facts returned {code}", broken=True)
        plan = self.plan
        seen: Counter[tuple[str, int]] = Counter()
        out: list[tuple[Any, int]] = []
        result = _call("start_action_for_state", _engine.start_action_for_state, self.handle, offset)
        messages = result[1] if result else None
        while messages:
            for name, n in _parse(messages):
                target = plan.targets.get(name)
                if target is None:
                    raise DurableEngineError(f"durable-rules reported a rule it was not given ({name})", broken=True)
                if target.part == "seen":
                    seen[(plan.seen[name], n)] += 1
                else:
                    out.append((target, n))
            messages = _call("complete_and_start_action", _engine.complete_and_start_action, self.handle, offset)
        if seen != expected:
            lost = sum((expected - seen).values())
            extra = sum((seen - expected).values())
            detail = f"{lost} of {len(batch)} facts did not arrive" if lost else f"{extra} facts were seen twice"
            raise DurableEngineError(f"durable-rules did not read the profile exactly ({detail})")
        return out


def _parse(messages: str) -> list[tuple[str, int]]:
    """(durable rule name, subject index) of each match in one action's messages."""
    head = _MESSAGE_HEAD.match(messages)
    if head:  # the fact's leading keys are ours, in the order _fact writes them
        return [(head.group(1), int(head.group(2)))]
    try:
        return [(name, frame["m"]["n"]) for name, frame in json.loads(messages).items()]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DurableEngineError(f"durable-rules reported a match csaudit cannot read ({exc})", broken=True) from None
