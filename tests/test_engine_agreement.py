"""Property tests: the durable-rules backend and the Python evaluator agree on every status.

The python engine (one pass over the shared condition graph) is also checked against the oracle that
walks each rule's tree. Profiles are generated at random over the whole profile schema and evaluated with
the whole bundled library; random rules exercise every IR node kind. The wide tests
reach the inputs durable-rules' C code can get wrong (floats of every magnitude,
numbers near the int64 bounds, long and non-ASCII text, wide ``any`` and ``all``,
many items per list, many rules per shard) and require durable itself to answer:
a fallback to python is a failure here.

CSAUDIT_DIFFERENTIAL_SCALE multiplies every example count (bench/differential.py runs
the long version); the default keeps the suite's CI time.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import random

from csaudit.engine.evaluate import run_check
from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary, load_library
from csaudit.engine.match.backends import get_backend
from csaudit.engine.match.python import PythonBackend, oracle
from csaudit.facts.catalogue import COLLECTIONS, catalogue
from csaudit.facts.loader import load_profile_data
from csaudit.facts.types import INT64_MAX, INT64_MIN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import EDGE_INTS, EXPONENT_FLOATS, WIDE_TEXTS, profiles

SCALE = float(os.environ.get("CSAUDIT_DIFFERENTIAL_SCALE", "1"))
LIBRARY = load_library()
FALLBACKS: list[str] = []
DURABLE = get_backend("durable", warn=FALLBACKS.append)
PYTHON = PythonBackend()


def _settings(examples: int):
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def _statuses(report):
    return {f.fingerprint: (f.status, f.message, f.missing_facts) for f in report.findings}


def _durable(loaded, library, **kwargs):
    """A report from the durable backend, which must not have handed the profile to python."""
    FALLBACKS.clear()
    report = run_check(loaded, library, backend=DURABLE, include_manual=False, **kwargs)
    assert not FALLBACKS and report.engine == "durable", FALLBACKS
    return report


def _agree(data, as_of=None):
    loaded = load_profile_data(data, "generated")
    durable = _durable(loaded, LIBRARY, as_of=as_of)
    python = run_check(loaded, LIBRARY, as_of=as_of, backend=PYTHON, include_manual=False)
    assert durable.findings and _statuses(durable) == _statuses(python)
    compiled = LIBRARY.compile(as_of or loaded.profile.as_of)
    flat = loaded.flat()
    assert PYTHON.evaluate(PYTHON.prepare(compiled), flat).outcomes == oracle(compiled, flat).outcomes


@_settings(60)
@given(profiles(), st.dates(dt.date(2014, 1, 1), dt.date(2028, 12, 31)))
def test_backends_agree_on_every_finding(data, as_of):
    _agree(data, as_of)


@_settings(25)
@given(profiles(wide=True))
def test_backends_agree_on_wide_profiles(data):
    _agree(data)


@_settings(60)
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


@_settings(60)
@given(profiles())
def test_evaluation_is_deterministic(data):
    loaded = load_profile_data(data, "generated")
    first = _durable(loaded, LIBRARY)
    second = _durable(loaded, LIBRARY)
    assert first == second


# ---------------------------------------------------------------- random rules over the IR

_SAMPLES = {"bool": st.booleans(), "int": st.integers(0, 40), "number": st.integers(0, 80).map(lambda x: x / 2),
            "money": st.integers(0, 100000), "date": st.integers(16000, 21000), "text": st.sampled_from(["n1", "Text"])}


@functools.cache
def _test_for(path: str):
    """Random tests of one fact (built once per fact: hypothesis is slow to build strategies)."""
    info = catalogue()[path]
    samples = _SAMPLES
    if info.kind in ("enum",):
        ops = st.sampled_from(["eq", "in", "exists"])
        value = st.sampled_from(info.values)
    elif info.kind == "set":
        ops = st.sampled_from(["has", "exists"])
        value = st.sampled_from(info.values) if info.values else st.sampled_from(["x", "a"])
    elif info.kind == "bool":
        ops, value = st.sampled_from(["eq", "exists"]), samples["bool"]
    elif info.kind == "text":
        ops, value = st.sampled_from(["eq", "in", "exists"]), samples["text"]
    else:
        ops, value = st.sampled_from(["eq", "lt", "le", "gt", "ge", "in", "exists"]), samples[info.kind]

    @st.composite
    def build(draw):
        op = draw(ops)
        if op == "exists":
            return ir.Test(path, "exists")
        if op == "in":
            return ir.Test(path, "in", tuple(draw(st.lists(value, min_size=1, max_size=3))))
        return ir.Test(path, op, draw(value))

    return build()


def _paths(scope):
    return [i for i in catalogue().values() if i.subject in scope]


@functools.cache
def _tests(scope: tuple[str, ...]):
    return st.one_of(*[_test_for(i.path) for i in _paths(scope)])


@functools.cache
def conditions(scope: tuple[str, ...], allow_count: bool):
    leaf = st.one_of(_tests(scope), st.booleans().map(ir.Const))
    if allow_count:
        counts = []
        for k in (k for k in COLLECTIONS if k not in scope):
            counts.append(st.builds(
                functools.partial(_count, k), conditions(("organisation", k), False),
                st.none() | st.integers(0, 3), st.none() | st.integers(0, 3))
                .filter(lambda c: c.at_least is not None or c.at_most is not None))
        leaf = st.one_of(leaf, *counts)
    return st.recursive(leaf, lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: ir.And(tuple(xs))),
        st.lists(kids, min_size=1, max_size=3).map(lambda xs: ir.Or(tuple(xs))),
        kids.map(ir.Not)), max_leaves=8)


def _count(kind, where, lo, hi):
    return ir.Count("", kind, where, lo, hi)


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
    # The durable backend caches prepared rulesets by content, so the digest is only a label here.
    digest = hashlib.sha256(repr(rules).encode()).hexdigest()[:16]
    return CompiledLibrary(dt.date(2026, 1, 1), tuple(rules), digest)


# ---------------------------------------------------------------- wide libraries
# Built from a seeded Random, so one example is cheap however wide: hypothesis cannot shrink
# such a library, but it replays the seed and a failure prints the library it drew.

def _wide_value(rnd: random.Random, kind: str):
    if kind == "bool":
        return rnd.random() < 0.5
    if kind == "int":
        return rnd.choice([rnd.randint(0, 40), rnd.choice(EDGE_INTS), rnd.randint(INT64_MIN, INT64_MAX)])
    if kind == "money":
        return rnd.choice([rnd.randint(0, 100000), rnd.choice(EDGE_INTS), rnd.randint(0, INT64_MAX)])
    if kind == "number":
        mantissa = rnd.choice([1.0, 1.5, 0.1, 2.5, 9.999, 1.2345678901234567])
        return rnd.choice([rnd.randint(0, 80) / 2, rnd.choice(EXPONENT_FLOATS), mantissa * 10.0 ** rnd.randint(-320, 307)])
    if kind == "date":
        return rnd.randint(16000, 21000)
    return rnd.choice(WIDE_TEXTS)


def _wide_test(rnd: random.Random, info) -> ir.Cond:
    if info.kind == "enum":
        op, pool = rnd.choice(["eq", "in", "exists"]), info.values
    elif info.kind == "set":
        op, pool = rnd.choice(["has", "exists"]), info.values or ("x", "a")
    elif info.kind in ("bool", "text"):
        op, pool = rnd.choice(["eq", "exists"] + (["in"] if info.kind == "text" else [])), None
    else:
        op, pool = rnd.choice(["eq", "lt", "le", "gt", "ge", "in", "exists"]), None
    draw = (lambda: rnd.choice(pool)) if pool else (lambda: _wide_value(rnd, info.kind))
    if op == "exists":
        return ir.Test(info.path, "exists")
    if op == "in":
        return ir.Test(info.path, "in", tuple(draw() for _ in range(rnd.randint(1, 3))))
    return ir.Test(info.path, op, draw())


def _wide_cond(rnd: random.Random, scope, allow_count: bool, leaves: int) -> ir.Cond:
    paths = _paths(scope)
    if leaves <= 1 or rnd.random() < 0.25:
        kinds = [k for k in COLLECTIONS if k not in scope]
        if allow_count and kinds and rnd.random() < 0.15:
            kind = rnd.choice(kinds)
            lo, hi = rnd.choice([(1, None), (None, 0), (rnd.randint(0, 3), rnd.randint(0, 3))])
            return ir.Count("", kind, _wide_cond(rnd, ("organisation", kind), False, 4), lo, hi)
        return _wide_test(rnd, rnd.choice(paths)) if rnd.random() < 0.95 else ir.Const(rnd.random() < 0.5)
    shape = rnd.random()
    if shape < 0.15:
        return ir.Not(_wide_cond(rnd, scope, allow_count, leaves - 1))
    width = rnd.randint(2, 4)
    items = tuple(_wide_cond(rnd, scope, allow_count, max(1, leaves // width)) for _ in range(width))
    return ir.And(items) if shape < 0.55 else ir.Or(items)


def _wide_branches(rnd: random.Random, scope) -> ir.Cond:
    """An ``any`` or ``all`` of 40 to 80 tests, many of which can hold at once (the alpha stack holds 64)."""
    paths = _paths(scope)
    width = rnd.randint(40, 80)
    style = rnd.random()
    if style < 0.4:  # one ordered fact against many values: all hold for a value below (or above) them all
        info = rnd.choice([i for i in paths if i.kind in ("int", "money", "number")])
        items = [ir.Test(info.path, rnd.choice(["ge", "le", "gt", "lt"]), _wide_value(rnd, info.kind))
                 for _ in range(width)]
    elif style < 0.7:  # presence and absence of many facts
        tests = [ir.Test(rnd.choice(paths).path, "exists") for _ in range(width)]
        items = [t if rnd.random() < 0.5 else ir.Not(t) for t in tests]
    else:
        items = [_wide_test(rnd, rnd.choice(paths)) for _ in range(width)]
    return (ir.Or if rnd.random() < 0.6 else ir.And)(tuple(items))


def _wide_library(rnd: random.Random) -> CompiledLibrary:
    rules = []
    for n in range(rnd.randint(20, 60)):
        subject = rnd.choice(["organisation", *COLLECTIONS])
        scope = ("organisation",) if subject == "organisation" else ("organisation", subject)
        rid = f"rule-{n}"
        counter = [0]
        applies = _number_counts(_wide_cond(rnd, scope, True, 6), rid, counter)
        style = rnd.random()
        body = (_wide_branches(rnd, scope) if style < 0.3 else
                _wide_cond(rnd, scope, True, 40) if style < 0.4 else  # deep: more groups than one durable rule keeps
                _wide_cond(rnd, scope, True, 8))
        requires = _number_counts(body, rid, counter)
        rules.append(ir.IRRule(rid, subject, applies, requires))
    return CompiledLibrary(dt.date(2026, 1, 1), tuple(rules), hashlib.sha256(repr(rules).encode()).hexdigest()[:16])


wide_rules = st.randoms(use_true_random=True).map(_wide_library)  # a seeded Random: one draw per library


def _outcomes_agree(compiled, data):
    flat = load_profile_data(data, "generated").flat()
    python = PYTHON.evaluate(PYTHON.prepare(compiled), flat)
    FALLBACKS.clear()
    durable = DURABLE.evaluate(DURABLE.prepare(compiled), flat)
    assert not FALLBACKS and durable.engine == "durable", FALLBACKS
    assert durable.outcomes == python.outcomes
    # the python engine runs the library's shared condition graph; the oracle walks each rule's tree
    assert python.outcomes == oracle(compiled, flat).outcomes


@_settings(150)
@given(random_rules(), profiles())
def test_backends_agree_on_random_rules(compiled, data):
    _outcomes_agree(compiled, data)


@_settings(30)
@given(wide_rules, profiles(wide=True))
def test_backends_agree_on_wide_rules_and_profiles(compiled, data):
    _outcomes_agree(compiled, data)
