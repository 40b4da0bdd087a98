"""Why a finding has its status, read from the node truths matching left behind.

For each subject the plan (:mod:`.match.plan`) holds the truth of every node of every condition, so
explaining a finding walks the rule's condition reading truths, never evaluating again:

* the **deciding** facts of a decided condition: for a false "all" its false parts, for a true "any" its
  true parts, otherwise every part; a count is settled by its items' facts;
* the **missing** facts of an unknown one: the absent facts that could still decide it, leaving out
  branches already decided, so the reader is asked only for what can change the outcome;
* the **facts used**: every stated fact the rule reads (quantifier bodies: the items' facts).

Conditions are shared between rules, so each answer is kept per subject and node for the profile.
"""

from __future__ import annotations

from ..facts.catalogue import COLLECTIONS, LIST_KINDS, catalogue
from ..facts.flatten import FlatProfile, Subject, decode
from .findings import FactUsed
from .match.plan import AND, CONST, COUNT, EXISTS, NOT, OR, TEST, Plan, ProfileTruths


def profile_path(kind: str, key: str, path: str) -> str:
    """Where a subject's fact sits in the profile: channels[helpline].number."""
    if kind == "organisation":
        return path
    coll = COLLECTIONS[kind]
    return f"{'.'.join(coll.path)}[{key}].{path.split('.', 1)[1]}"


def absent(path: str, owner: Subject, flat: FlatProfile) -> str | None:
    """How to name an absent fact so the reader knows what to add to the profile (None: nothing to add)."""
    info = catalogue()[path]
    if info.source == "complete_lists":   # the list may hold more than the profile names
        name = path.split(".", 1)[1]
        return f"complete_lists: {name}" if flat.collections.get(LIST_KINDS[name]) is not None else None
    if info.source == "offering.returns":  # a term of the returns route joined onto the offering
        slot, term = info.attrs[0], info.attrs[-1]
        route = owner.values.get(f"offering.{slot}.route")
        if route is not None and term == "excludes_it":   # the route excludes by trait: the offering's are needed
            return profile_path(owner.kind, owner.key, "offering.traits")
        if route is not None:
            return f"policies.returns[{route}].{term}"
        return f"policies.returns (a {slot.replace('_', ' ')} route for {owner.key}), or complete_lists: returns"
    return profile_path(owner.kind, owner.key, info.source or path)


def construct(cls, **values):
    """A frozen model from values csaudit built itself and knows to be valid: what ``model_construct`` does,
    without its per-field bookkeeping (every field is given here; building findings is a hot loop)."""
    obj = cls.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


class RuleReads:
    """What a rule's findings read, the same for every subject and profile (worked out once per plan)."""

    __slots__ = ("paths", "counts")

    def __init__(self, plan: Plan, roots: tuple[int, int]):
        cat = catalogue()
        paths: dict[str, None] = {}
        counts: dict[int, None] = {}
        stack = list(reversed(roots))
        seen: set[int] = set()
        while stack:   # depth first, applies before requires, as the rule reads
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            code = plan.code[node]
            if code[1] in (TEST, EXISTS):
                paths.setdefault(code[2], None)
            elif code[1] == COUNT:
                counts.setdefault(node, None)
            else:
                stack.extend(reversed(plan.children[node]))
        self.paths = tuple((p, cat[p].subject == "organisation") for p in paths)
        self.counts = tuple(counts)


def rule_reads(plan: Plan, rule_id: str) -> RuleReads:
    """What one rule reads, kept with the plan."""
    memo = plan.memo.setdefault("rule_reads", {})
    found = memo.get(rule_id)
    if found is None:
        found = memo[rule_id] = RuleReads(plan, plan.roots[rule_id])
    return found


class Explainer:
    """One profile's explanations: deciding facts, missing facts and facts used, each worked out once."""

    def __init__(self, truths: ProfileTruths):
        self.truths, self.plan, self.flat = truths, truths.plan, truths.flat
        self.org = self.flat.organisation
        self._cat = catalogue()
        # Keyed by the subject object: every subject lives as long as the profile this explainer is for.
        self._decided: dict[int, dict[int, tuple[str, ...]]] = {}
        self._facts: dict[int, tuple[Subject, str, dict[str, FactUsed]]] = {}   # subject -> (it, prefix, facts)
        self._count_facts: dict[int, tuple[FactUsed, ...]] = {}
        self._items: dict[int, list[Subject]] = {}

    def _owner(self, path: str, subject: Subject) -> Subject:
        return self.org if self._cat[path].subject == "organisation" else subject

    def _sorted_items(self, count: int) -> list[Subject]:
        found = self._items.get(count)
        if found is None:
            found = self._items[count] = sorted(self.truths.items(count) or (), key=lambda i: i.key)
        return found

    # ------------------------------------------------------------ deciding

    def deciding(self, node: int, subject: Subject) -> tuple[str, ...]:
        """Profile paths of the facts that decided ``node`` for ``subject``, in rule order, each once."""
        found = self._decide(node, subject, self.truths.array(subject), self._memo(subject))
        return tuple(dict.fromkeys(found)) if len(found) > 1 else found

    def _memo(self, subject: Subject) -> dict[int, tuple[str, ...]]:
        memo = self._decided.get(id(subject))
        if memo is None:
            memo = self._decided[id(subject)] = {}
        return memo

    def _decide(self, node: int, subject: Subject, t: list, memo: dict) -> tuple[str, ...]:
        found = memo.get(node)
        if found is not None:
            return found
        value = t[node]
        _, kind, a, _ = self.plan.code[node]
        if value is None or kind == CONST:
            found = ()
        elif kind == TEST or kind == EXISTS:
            owner = self.org if self._cat[a].subject == "organisation" else subject
            found = (profile_path(owner.kind, owner.key, a),)
        elif kind == NOT:
            found = self._decide(a, subject, t, memo)
        elif kind == COUNT:
            where = self.plan.count_where[node]
            parts: list[str] = []
            for item in self._sorted_items(node):
                parts.extend(self._decide(where, item, self.truths.array(item), self._memo(item)))
            found = tuple(parts)
        else:  # AND / OR
            settling = [k for k in a if t[k] is value]
            if len(settling) == 1:
                found = self._decide(settling[0], subject, t, memo)
            else:
                if ((kind == AND and value is False) or (kind == OR and value is True)) and settling \
                        and all(self.plan.code[k][1] == CONST for k in settling):
                    settling = settling[:1]
                parts = []
                for k in settling:
                    parts.extend(self._decide(k, subject, t, memo))
                found = tuple(parts)
        memo[node] = found
        return found

    # ------------------------------------------------------------ missing

    def missing(self, node: int, subject: Subject) -> list[str]:
        """Absent facts that could still decide ``node`` for ``subject``: what the profile must state."""
        out: list[str | None] = []
        self._need(node, subject, self.truths.array(subject), out)
        return [m for m in dict.fromkeys(out) if m is not None]

    def _need(self, node: int, subject: Subject, t: list, out: list) -> None:
        if t[node] is not None:
            return
        code = self.plan.code[node]
        kind = code[1]
        if kind in (TEST, EXISTS):
            out.append(absent(code[2], self._owner(code[2], subject), self.flat))
        elif kind in (AND, OR):
            for k in code[2]:
                self._need(k, subject, t, out)
        elif kind == NOT:
            self._need(code[2], subject, t, out)
        elif kind == COUNT:
            collection = self.plan.count_kind[node]
            if self.flat.collections[collection] is None:
                out.append(".".join(COLLECTIONS[collection].path))
                return
            where = self.plan.count_where[node]
            for item in self._sorted_items(node):
                self._need(where, item, self.truths.array(item), out)

    # ------------------------------------------------------------ facts used

    def fact(self, owner: Subject, path: str) -> FactUsed:
        entry = self._facts.get(id(owner))
        if entry is None:
            prefix = "" if owner.kind == "organisation" else profile_path(owner.kind, owner.key, "x.")
            entry = self._facts[id(owner)] = (owner, prefix, {})
        facts = entry[2]
        found = facts.get(path)
        if found is None:
            prefix = entry[1]
            found = facts[path] = construct(
                FactUsed, path=prefix + path.split(".", 1)[1] if prefix else path,
                value=decode(self._cat[path], owner.values[path]), line=owner.lines.get(path))
        return found

    def facts_used(self, reads: RuleReads, subject: Subject) -> tuple[FactUsed, ...]:
        """Every stated fact a rule reads for ``subject``; for a count, the facts of the items it counts."""
        org, fact = self.org, self.fact
        org_values, values = org.values, subject.values
        used = [fact(org, path) if on_org else fact(subject, path) for path, on_org in reads.paths
                if path in (org_values if on_org else values)]
        if not reads.counts:
            return tuple(used)
        seen = {u.path for u in used}
        for count in reads.counts:
            for item_fact in self._facts_of_items(count):
                if item_fact.path not in seen:
                    seen.add(item_fact.path)
                    used.append(item_fact)
        return tuple(used)

    def _facts_of_items(self, count: int) -> tuple[FactUsed, ...]:
        found = self._count_facts.get(count)
        if found is None:
            kind = self.plan.count_kind[count]
            where = rule_reads_of_node(self.plan, self.plan.count_where[count])
            item_paths = [p for p, _ in where.paths if self._cat[p].subject == kind]
            found = self._count_facts[count] = tuple(
                self.fact(item, path) for item in self._sorted_items(count) for path in item_paths
                if path in item.values)
        return found


def rule_reads_of_node(plan: Plan, node: int) -> RuleReads:
    """What one node reads (a quantifier's body), kept with the plan."""
    memo = plan.memo.setdefault("node_reads", {})
    found = memo.get(node)
    if found is None:
        found = memo[node] = RuleReads(plan, (node, node))
    return found
