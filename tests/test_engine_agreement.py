"""Property tests: the durable-rules backend and the Python evaluator agree on every status.

Profiles are generated at random over the whole profile schema and evaluated with
the whole bundled library; random rules exercise every IR node kind.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from csaudit.engine.evaluate import run_check
from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary, load_library
from csaudit.engine.match.backends import get_backend
from csaudit.engine.match.python import PythonBackend
from csaudit.facts.catalogue import COLLECTIONS, catalogue
from csaudit.facts.loader import load_profile_data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import profiles

LIBRARY = load_library()
DURABLE = get_backend("durable")
PYTHON = PythonBackend()
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _statuses(report):
    return {f.fingerprint: (f.status, f.message, f.missing_facts) for f in report.findings}


@SETTINGS
@given(profiles(), st.dates(dt.date(2014, 1, 1), dt.date(2028, 12, 31)))
def test_backends_agree_on_every_finding(data, as_of):
    loaded = load_profile_data(data, "generated")
    durable = run_check(loaded, LIBRARY, as_of=as_of, backend=DURABLE, include_manual=False)
    python = run_check(loaded, LIBRARY, as_of=as_of, backend=PYTHON, include_manual=False)
    assert durable.findings and _statuses(durable) == _statuses(python)


@SETTINGS
@given(profiles(), st.randoms(use_true_random=False))
def test_findings_do_not_depend_on_list_order(data, rnd):
    loaded = load_profile_data(data, "generated")
    shuffled = dict(data)
    if "channels" in data:
        shuffled["channels"] = rnd.sample(data["channels"], len(data["channels"]))
    if isinstance(data.get("authority"), dict) and data["authority"].get("roles"):
        roles = data["authority"]["roles"]
        shuffled["authority"] = {**data["authority"], "roles": rnd.sample(roles, len(roles))}
    again = load_profile_data(shuffled, "shuffled")
    for backend in (DURABLE, PYTHON):
        assert _statuses(run_check(loaded, LIBRARY, backend=backend, include_manual=False)) == \
            _statuses(run_check(again, LIBRARY, backend=backend, include_manual=False))


@SETTINGS
@given(profiles())
def test_evaluation_is_deterministic(data):
    loaded = load_profile_data(data, "generated")
    first = run_check(loaded, LIBRARY, backend=DURABLE, include_manual=False)
    second = run_check(loaded, LIBRARY, backend=DURABLE, include_manual=False)
    assert first == second


# ---------------------------------------------------------------- random rules over the IR

_SAMPLES = {"bool": st.booleans(), "int": st.integers(0, 40), "number": st.integers(0, 80).map(lambda x: x / 2),
            "money": st.integers(0, 100000), "date": st.integers(16000, 21000), "text": st.sampled_from(["n1", "Text"])}


def _test_for(info):
    if info.kind in ("enum",):
        ops = st.sampled_from(["eq", "in", "exists"])
        value = st.sampled_from(info.values)
    elif info.kind == "set":
        ops = st.sampled_from(["has", "exists"])
        value = st.sampled_from(info.values) if info.values else st.just("x")
    elif info.kind == "bool":
        ops, value = st.sampled_from(["eq", "exists"]), _SAMPLES["bool"]
    elif info.kind == "text":
        ops, value = st.sampled_from(["eq", "in", "exists"]), _SAMPLES["text"]
    else:
        ops, value = st.sampled_from(["eq", "lt", "le", "gt", "ge", "in", "exists"]), _SAMPLES[info.kind]

    @st.composite
    def build(draw):
        op = draw(ops)
        if op == "exists":
            return ir.Test(info.path, "exists")
        if op == "in":
            return ir.Test(info.path, "in", tuple(draw(st.lists(value, min_size=1, max_size=3))))
        return ir.Test(info.path, op, draw(value))

    return build()


def _paths(scope):
    return [i for i in catalogue().values() if i.subject in scope]


def conditions(scope, allow_count: bool, depth: int = 3):
    leaf = st.one_of(st.sampled_from(_paths(scope)).flatmap(_test_for), st.booleans().map(ir.Const))
    if allow_count:
        kinds = [k for k in COLLECTIONS if k not in scope]
        leaf = st.one_of(leaf, st.sampled_from(kinds).flatmap(lambda k: st.builds(
            lambda where, lo, hi: ir.Count("", k, where, lo, hi),
            conditions(("organisation", k), False, 2), st.none() | st.integers(0, 3), st.none() | st.integers(0, 3))
            .filter(lambda c: c.at_least is not None or c.at_most is not None)))
    return st.recursive(leaf, lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: ir.And(tuple(xs))),
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: ir.Or(tuple(xs))),
        kids.map(ir.Not)), max_leaves=8)


def _number_counts(cond, rule_id, counter):
    if isinstance(cond, ir.Count):
        counter[0] += 1
        return ir.Count(f"{rule_id}#q{counter[0]}", cond.kind, cond.where, cond.at_least, cond.at_most)
    if isinstance(cond, (ir.And, ir.Or)):
        return type(cond)(tuple(_number_counts(c, rule_id, counter) for c in cond.items))
    if isinstance(cond, ir.Not):
        return ir.Not(_number_counts(cond.item, rule_id, counter))
    return cond


@st.composite
def random_rules(draw):
    rules = []
    for n in range(draw(st.integers(1, 6))):
        subject = draw(st.sampled_from(["organisation", *COLLECTIONS]))
        scope = ("organisation",) if subject == "organisation" else ("organisation", subject)
        rid = f"rule-{n}"
        counter = [0]
        applies = _number_counts(draw(conditions(scope, True)), rid, counter)
        requires = _number_counts(draw(conditions(scope, True)), rid, counter)
        rules.append(ir.IRRule(rid, subject, applies, requires))
    # The durable backend caches prepared rulesets by digest, so the digest must follow the content.
    digest = hashlib.sha256(repr(rules).encode()).hexdigest()[:16]
    return CompiledLibrary(dt.date(2026, 1, 1), tuple(rules), digest)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_rules(), profiles())
def test_backends_agree_on_random_rules(compiled, data):
    flat = load_profile_data(data, "generated").flat()
    python = PYTHON.evaluate(PYTHON.prepare(compiled), flat).outcomes
    durable = DURABLE.evaluate(DURABLE.prepare(compiled), flat).outcomes
    assert durable == python
