"""durable-rules never gives a silent wrong answer and never takes the process down.

One regression test per input that did (the numbered cases of the issue "The durable
backend never gives a silent wrong answer"), and a test at each engine limit and one
past it (the limits are listed in engine/match/durable_compile.py and docs/engine.md).
Whatever could crash the process (a probe of the C module itself, or a path that once
segfaulted or aborted) runs in a subprocess.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import write
from csaudit.engine.evaluate import run_check
from csaudit.engine.library import ir
from csaudit.engine.library.loader import CompiledLibrary, load_library
from csaudit.engine.match import durable, durable_compile
from csaudit.engine.match.backends import get_backend
from csaudit.engine.match.durable_compile import (
    ALPHA_BETAS,
    ALPHA_CHILDREN,
    ALPHA_LIST,
    ALPHA_STACK,
    EXPRESSION_GROUPS,
    MAX_ACTIVATIONS,
    MAX_PROPS,
    MAX_STRING_BYTES,
    AlphaModel,
    DurableLimitError,
    compile_plan,
    json_scalar,
    pattern_groups,
    plain_float,
)
from csaudit.engine.match.python import PythonBackend
from csaudit.facts.catalogue import catalogue
from csaudit.facts.loader import load_profile_data
from csaudit.facts.types import INT64_MAX, INT64_MIN, MAX_MONEY, MAX_TEXT_CHARS

PYTHON = PythonBackend()
TODAY = dt.date(2026, 6, 1)


def _subprocess(code: str, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run Python code (or the CLI when ``code`` is empty) in a fresh process, so a crash is only a return code."""
    cmd = [sys.executable, "-c", textwrap.dedent(code)] if code else [sys.executable, "-m", "csaudit.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def _rule_dir(tmp_path: Path, name: str, subject: str, requires: str) -> Path:
    """A library folder with one rule."""
    write(tmp_path, f"rules/probe/probe-{name}.yaml", textwrap.dedent(f"""\
        title: Probe {name}
        refs: [{{document: Probe, clause: "1"}}]
        strength: recommendation
        stage: access
        risk_area: governance
        risk: {{likelihood: possible, impact: moderate, consequences: [legal]}}
        subject: {subject}
        requires: {requires}
        gap: "{{subject}} has a gap."
        remediation: Put it right now.
        """))
    return tmp_path / "rules"


def _library(*rules: ir.IRRule, name: str = "probe") -> CompiledLibrary:
    return CompiledLibrary(TODAY, tuple(rules), name)


def _flat(data: dict):
    return load_profile_data({"as_of": TODAY, "organisation": {"name": "Probe"}, **data}, "probe").flat()


def _durable_and_python(compiled: CompiledLibrary, flat):
    warnings: list[str] = []
    backend = get_backend("durable", warn=warnings.append)
    return backend.evaluate(backend.prepare(compiled), flat), PYTHON.evaluate(compiled, flat), warnings


# ---------------------------------------------------------------- 1. silent truncation

CASE_1 = """\
as_of: 2026-06-01
organisation: {name: Probe, customers: [consumers]}
channels:
  - {id: line, kind: phone, number: "0345 600 1234", voicemail: {used: true, call_back_within_hours: .inf}}
governance: {customer_service_strategy: false, staffing_plan: false}
people: {supervision: false}
"""


def test_case_1_a_non_finite_profile_value_is_refused_where_it_is_written(tmp_path, run_cli):
    result = run_cli("check", str(write(tmp_path, "p.yaml", CASE_1)), "--fail-on", "any")
    assert result.exit_code == 2
    assert "p.yaml:4:" in result.stderr
    assert "channels[0].voicemail.call_back_within_hours: expected a finite number, got inf" in result.stderr


@pytest.mark.parametrize("text", ["'1e400'", "-.inf", "'NaN'"])
def test_case_1_any_spelling_of_a_non_finite_number_is_refused(tmp_path, run_cli, text):
    profile = f"as_of: 2026-06-01\norganisation: {{name: P}}\nchannels:\n  - {{id: m, kind: email, response_target_hours: {text}}}\n"
    result = run_cli("facts", "validate", str(write(tmp_path, "p.yaml", profile)))
    assert result.exit_code == 2 and "p.yaml:4:" in result.stderr and "response_target_hours" in result.stderr


def test_case_1_floats_python_writes_with_an_exponent_reach_durable_exactly():
    """1e-05 and 1e+16 were the first facts durable's reader could not read: the rest of the batch was lost."""
    rules = [ir.IRRule("small", "channel", ir.Const(True), ir.Test("channel.response_target_hours", "le", 0.00002)),
             ir.IRRule("large", "channel", ir.Const(True), ir.Test("channel.response_target_hours", "ge", 1.5e16)),
             ir.IRRule("later", "organisation", ir.Const(True), ir.Test("people.supervision", "eq", False))]
    flat = _flat({"channels": [{"id": "a", "kind": "email", "response_target_hours": 1e-05},
                               {"id": "b", "kind": "email", "response_target_hours": 1e16},
                               {"id": "c", "kind": "email", "response_target_hours": 2e16}],
                  "people": {"supervision": False}})
    durable_results, python_results, warnings = _durable_and_python(_library(*rules), flat)
    assert warnings == [] and durable_results.engine == "durable"
    assert durable_results.outcomes == python_results.outcomes
    assert durable_results.get("small", "a") == (True, True) and durable_results.get("large", "b") == (True, False)
    assert durable_results.get("later", "organisation") == (True, True)


def test_case_1_a_fact_durable_cannot_read_is_noticed_and_python_answers():
    """The proof that every fact arrived: written the old way (``1e-05``), the batch is cut short, and caught."""
    result = _subprocess("""
        import datetime as dt, json
        from csaudit.engine.library import ir
        from csaudit.engine.library.loader import CompiledLibrary
        from csaudit.engine.match import durable
        from csaudit.engine.match.backends import get_backend
        from csaudit.engine.match.python import PythonBackend
        from csaudit.facts.loader import load_profile_data

        exact = durable.json_scalar
        durable.json_scalar = lambda v: repr(v) if isinstance(v, float) else exact(v)  # what json.dumps wrote
        rules = (ir.IRRule("t", "channel", ir.Const(True), ir.Test("channel.response_target_hours", "le", 1.0)),)
        compiled = CompiledLibrary(dt.date(2026, 6, 1), rules, "x")
        data = {"as_of": dt.date(2026, 6, 1), "organisation": {"name": "P"},
                "channels": [{"id": "a", "kind": "email", "response_target_hours": 0.5},
                             {"id": "b", "kind": "email", "response_target_hours": 1e-05},
                             {"id": "c", "kind": "email", "response_target_hours": 2.0}]}
        flat = load_profile_data(data, "p").flat()
        warnings = []
        backend = get_backend("durable", warn=warnings.append)
        got = backend.evaluate(backend.prepare(compiled), flat)
        want = PythonBackend().evaluate(compiled, flat)
        print(json.dumps({"warnings": warnings, "engine": got.engine, "same": got.outcomes == want.outcomes}))
        """)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["engine"] == "python" and out["same"] is True
    assert len(out["warnings"]) == 1 and "did not arrive" in out["warnings"][0]


def test_case_1_a_text_longer_than_the_limit_is_refused_in_the_profile(tmp_path, run_cli):
    at_limit = "x" * MAX_TEXT_CHARS
    ok = run_cli("facts", "validate", str(write(tmp_path, "ok.yaml",
                                                f"as_of: 2026-06-01\norganisation: {{name: {at_limit}}}\n")))
    assert ok.exit_code == 0, ok.stderr
    over = run_cli("facts", "validate", str(write(tmp_path, "long.yaml",
                                                  f"as_of: 2026-06-01\norganisation: {{name: {at_limit}y}}\n")))
    assert over.exit_code == 2 and "long.yaml:2:" in over.stderr
    assert f"organisation.name: expected a text of at most {MAX_TEXT_CHARS:,} characters" in over.stderr


def test_case_1_a_16_mib_text_never_reaches_the_engine():
    """Given to the backend directly (no loader to refuse it), the text is refused and python answers."""
    result = _subprocess("""
        import datetime as dt, json
        from csaudit.engine.library import ir
        from csaudit.engine.library.loader import CompiledLibrary
        from csaudit.engine.match.backends import get_backend
        from csaudit.engine.match.python import PythonBackend
        from csaudit.facts.catalogue import COLLECTIONS
        from csaudit.facts.flatten import FlatProfile, Subject

        rules = (ir.IRRule("t", "organisation", ir.Const(True), ir.Test("organisation.name", "eq", "abc")),
                 ir.IRRule("u", "organisation", ir.Const(True), ir.Test("people.supervision", "eq", True)))
        compiled = CompiledLibrary(dt.date(2026, 6, 1), rules, "x")
        for size in (16 * 2**20, 2**16):  # the reader's limit, and the comparison's
            org = Subject("organisation", "organisation", "P", {"organisation.name": "abc" + "x" * size,
                                                                  "people.supervision": True})
            flat = FlatProfile(org, {kind: None for kind in COLLECTIONS})
            warnings = []
            backend = get_backend("durable", warn=warnings.append)
            got = backend.evaluate(backend.prepare(compiled), flat)
            want = PythonBackend().evaluate(compiled, flat)
            print(json.dumps({"warnings": warnings, "engine": got.engine, "same": got.outcomes == want.outcomes,
                              "t": got.get("t", "organisation")}))
        """)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        out = json.loads(line)
        assert out["engine"] == "python" and out["same"] and out["t"] == [True, False]
        assert len(out["warnings"]) == 1 and "durable-rules compares correctly" in out["warnings"][0]


# ---------------------------------------------------------------- 2. segfault on an unreadable first fact

def test_case_2_a_non_finite_first_fact_is_refused_not_a_segfault(tmp_path):
    rules = _rule_dir(tmp_path, "target", "channel", "{fact: channel.response_target_hours, le: 48}")
    profile = write(tmp_path, "p.yaml", "as_of: 2026-06-01\norganisation: {name: P}\n"
                                        "channels:\n  - {id: mail, kind: email, response_target_hours: .inf}\n")
    result = _subprocess("", "check", str(profile), "--rules", str(rules))
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "p.yaml:4:" in result.stderr and "expected a finite number" in result.stderr


def test_case_2_an_unreadable_first_fact_cannot_crash_the_engine():
    """Every batch opens with a sentinel, so the engine has a state even if it reads nothing after it."""
    result = _subprocess("""
        import datetime as dt, json
        from csaudit.engine.library import ir
        from csaudit.engine.library.loader import CompiledLibrary
        from csaudit.engine.match import durable
        from csaudit.engine.match.backends import get_backend
        from csaudit.facts.catalogue import COLLECTIONS
        from csaudit.facts.flatten import FlatProfile, Subject

        exact = durable.json_scalar
        durable.json_scalar = lambda v: "Infinity" if v == float("inf") else exact(v)  # what json.dumps wrote
        rules = (ir.IRRule("t", "channel", ir.Const(True), ir.Test("channel.response_target_hours", "le", 48.0)),)
        compiled = CompiledLibrary(dt.date(2026, 6, 1), rules, "x")
        mail = Subject("channel", "mail", "mail", {"channel.kind": "email", "channel.response_target_hours": float("inf")})
        flat = FlatProfile(Subject("organisation", "organisation", "P", {}),
                           {**{kind: None for kind in COLLECTIONS}, "channel": (mail,)})
        warnings = []
        backend = get_backend("durable", warn=warnings.append)
        got = backend.evaluate(backend.prepare(compiled), flat)
        print(json.dumps({"warnings": warnings, "engine": got.engine, "t": got.get("t", "mail")}))
        """)
    assert result.returncode == 0, (result.returncode, result.stderr)
    out = json.loads(result.stdout)
    assert out["engine"] == "python" and out["t"] == [True, False] and len(out["warnings"]) == 1


# ---------------------------------------------------------------- 3. abort on 64 holding branches

def _wide_rule_dir(tmp_path: Path, branches: int) -> Path:
    items = ", ".join(f"{{fact: channel.answer_target_seconds, ge: {i}}}" for i in range(branches))
    return _rule_dir(tmp_path, "wide", "channel", f"{{any: [{items}]}}")


def test_case_3_sixty_four_holding_branches_are_answered_by_durable(tmp_path):
    rules = _wide_rule_dir(tmp_path, 64)
    profile = write(tmp_path, "p.yaml", "as_of: 2026-06-01\norganisation: {name: P}\n"
                                        "channels:\n  - {id: line, kind: phone, answer_target_seconds: 100}\n")
    runs = {e: _subprocess("", "check", str(profile), "--rules", str(rules), "--format", "json", "--engine", e)
            for e in ("durable", "python")}
    for run in runs.values():
        assert run.returncode in (0, 1), (run.returncode, run.stderr)
    durable_report, python_report = (json.loads(runs[e].stdout) for e in ("durable", "python"))
    assert durable_report["engine"] == "durable" and "python engine" not in runs["durable"].stderr
    assert [f["status"] for f in durable_report["findings"]] == [f["status"] for f in python_report["findings"]] \
        == ["met"]


def _tag_of(rule: dict) -> str:
    pattern = rule["all"][0]["m"]
    return pattern["t"] if "t" in pattern else pattern["$and"][0]["t"]


@pytest.mark.parametrize("width", [64, 65, 200])
def test_case_3_a_rule_wider_than_the_stack_is_split_into_narrower_durable_rules(width):
    """64 holding branches and the $ex that starts the rule's "surely false" side were 65 pending nodes."""
    wide = ir.Or(tuple(ir.Test("channel.answer_target_seconds", "ge", i) for i in range(width)))
    compiled = _library(ir.IRRule("wide", "channel", ir.Const(True), wide), name=f"wide{width}")
    plan = compile_plan(compiled)
    assert max(plan.stack_bounds.values()) <= ALPHA_STACK
    holds = [name for name, t in plan.targets.items() if t.rule_id == "wide" and t.part == "requires" and t.truth]
    fails = [name for name, t in plan.targets.items() if t.rule_id == "wide" and t.part == "requires" and not t.truth]
    if width == ALPHA_STACK:  # the branches fill a shard: the $ex of the other side goes elsewhere
        assert {_tag_of(plan.ruleset[n]) for n in holds}.isdisjoint(_tag_of(plan.ruleset[n]) for n in fails)
    assert len(holds) == -(-width // ALPHA_STACK)  # 64 branches fit a shard of their own, 65 need two rules
    flat = _flat({"channels": [{"id": f"c{s}", "kind": "phone", "answer_target_seconds": s} for s in (0, 40, 300)]})
    durable_results, python_results, warnings = _durable_and_python(compiled, flat)
    assert warnings == [] and durable_results.outcomes == python_results.outcomes


def test_case_3_after_an_engine_error_the_session_is_left_alone_not_deleted():
    """Compiled without the stack bound, the rule overflows durable's stack (error 303): deleting that session
    used to free invalid memory and abort; now it is abandoned, with its ruleset, and python answers."""
    result = _subprocess("""
        import datetime as dt, json
        from csaudit.engine.library import ir
        from csaudit.engine.library.loader import CompiledLibrary
        from csaudit.engine.match import durable, durable_compile
        from csaudit.engine.match.backends import get_backend

        durable_compile.ALPHA_STACK = 10**6  # as if the compiler did not bound shards by their fan-out
        deleted = []
        real_delete = durable._engine.delete_state
        durable._engine.delete_state = lambda *a: deleted.append(a) or real_delete(*a)
        wide = ir.Or(tuple(ir.Test("channel.answer_target_seconds", "ge", i) for i in range(64)))
        compiled = CompiledLibrary(dt.date(2026, 6, 1), (ir.IRRule("wide", "channel", ir.Const(True), wide),), "x")
        from csaudit.facts.catalogue import COLLECTIONS
        from csaudit.facts.flatten import FlatProfile, Subject
        line = Subject("channel", "line", "line", {"channel.kind": "phone", "channel.answer_target_seconds": 100})
        flat = FlatProfile(Subject("organisation", "organisation", "P", {}),
                           {**{kind: None for kind in COLLECTIONS}, "channel": (line,)})
        warnings = []
        backend = get_backend("durable", warn=warnings.append)
        prepared = backend.prepare(compiled)
        got = backend.evaluate(prepared, flat)
        again = backend.evaluate(prepared, flat)  # a new ruleset: the broken one is never called again
        print(json.dumps({"warnings": warnings, "engine": [got.engine, again.engine], "deleted": len(deleted),
                          "wide": got.get("wide", "line"), "abandoned": durable._RULESETS.abandoned}))
        """)
    assert result.returncode == 0, (result.returncode, result.stderr)
    out = json.loads(result.stdout)
    assert out["engine"] == ["python", "python"] and out["wide"] == [True, True]
    assert out["deleted"] == 0 and out["abandoned"] == 2
    assert len(out["warnings"]) == 2 and all("error code: 303" in w for w in out["warnings"])


# ---------------------------------------------------------------- 4. integers beyond int64

def test_case_4_a_whole_number_beyond_64_bits_is_refused_where_it_is_written(tmp_path, run_cli):
    text = "as_of: 2026-06-01\norganisation: {name: P}\nchannels:\n  - {id: l, kind: phone, answer_target_seconds: %d}\n"
    assert run_cli("facts", "validate", str(write(tmp_path, "ok.yaml", text % INT64_MAX))).exit_code == 0
    over = run_cli("facts", "validate", str(write(tmp_path, "big.yaml", text % (INT64_MAX + 1))))
    assert over.exit_code == 2
    assert "big.yaml:4:" in over.stderr and "channels[0].answer_target_seconds: expected a whole number" in over.stderr


def test_case_4_durable_compares_whole_numbers_exactly_up_to_the_bound():
    rules = [ir.IRRule(f"le-{n}", "channel", ir.Const(True), ir.Test("channel.answer_target_seconds", "le", n))
             for n in (INT64_MAX - 1, INT64_MAX)]
    flat = _flat({"channels": [{"id": "a", "kind": "phone", "answer_target_seconds": INT64_MAX}]})
    durable_results, python_results, warnings = _durable_and_python(_library(*rules), flat)
    assert warnings == [] and durable_results.outcomes == python_results.outcomes
    assert durable_results.get(f"le-{INT64_MAX - 1}", "a") == (True, False)


# ---------------------------------------------------------------- 5. rule literals

@pytest.mark.parametrize("fact, test, message", [
    ("channel.response_target_hours", "le: .inf", "expected a finite number, got inf"),
    ("channel.response_target_hours", "eq: .nan", "expected a finite number, got nan"),
    ("role.refund_limit", "le: .inf", "expected a finite number, got inf"),
    ("channel.answer_target_seconds", "le: 9223372036854775808", "expected a whole number from"),
    ("role.refund_limit", "le: 92233720368547758.08", "expected an amount of at most £92,233,720,368,547,758.07"),
    ("channel.name", f"eq: {'x' * (MAX_TEXT_CHARS + 1)}", f"expected a text of at most {MAX_TEXT_CHARS:,} characters"),
])
def test_case_5_a_literal_no_engine_can_compare_is_a_located_library_error(tmp_path, run_cli, fact, test, message):
    subject = fact.split(".")[0]
    rules = _rule_dir(tmp_path, "literal", subject, f"{{fact: {fact}, {test}}}")
    lint = run_cli("rules", "lint", str(rules))
    assert lint.exit_code == 3 and "probe-literal.yaml:8:" in lint.stdout + lint.stderr
    assert message in lint.stdout + lint.stderr
    profile = write(tmp_path, "p.yaml", "as_of: 2026-06-01\norganisation: {name: P}\n")
    assert run_cli("check", str(profile), "--rules", str(rules)).exit_code == 3


@pytest.mark.parametrize("literal", ["1.0e+16", "0.00001", "5.0e-324", "1.7976931348623157e+308"])
def test_case_5_literals_python_writes_with_an_exponent_compile_and_agree(tmp_path, run_cli, literal):
    """These passed lint, then create_ruleset failed with error 204 and a traceback that exited 1."""
    rules = _rule_dir(tmp_path, "exp", "channel", f"{{fact: channel.response_target_hours, le: {literal}}}")
    profile = write(tmp_path, "p.yaml", "as_of: 2026-06-01\norganisation: {name: P}\nchannels:\n"
                                        "  - {id: a, kind: email, response_target_hours: 0.000001}\n"
                                        "  - {id: b, kind: email, response_target_hours: 20000000000000000.0}\n")
    runs = {e: run_cli("check", str(profile), "--rules", str(rules), "--format", "json", "--engine", e)
            for e in ("durable", "python")}
    assert all(r.exit_code in (0, 1) for r in runs.values()), [r.stderr for r in runs.values()]
    reports = {e: json.loads(r.stdout) for e, r in runs.items()}
    assert reports["durable"]["engine"] == "durable" and "python engine" not in runs["durable"].stderr
    assert [f["status"] for f in reports["durable"]["findings"]] == [f["status"] for f in reports["python"]["findings"]]


# ---------------------------------------------------------------- 6. one ruleset per process

def test_case_6_repeated_checks_reuse_one_ruleset(monkeypatch, library):
    from csaudit.facts.loader import load_profile

    created, deleted = [], []
    monkeypatch.setattr(durable, "_RULESETS", durable._Rulesets())
    monkeypatch.setattr(durable, "_PLANS", type(durable._PLANS)())
    real_create, real_delete = durable._engine.create_ruleset, durable._engine.delete_ruleset
    monkeypatch.setattr(durable._engine, "create_ruleset", lambda *a: created.append(a[0]) or real_create(*a))
    monkeypatch.setattr(durable._engine, "delete_ruleset", lambda h: deleted.append(h) or real_delete(h))
    loaded = load_profile(Path(__file__).parent.parent / "facts" / "examples" / "hartley-plumbing.yaml")
    for _ in range(8):
        assert run_check(loaded, library, engine="durable", include_manual=False).engine == "durable"
    assert len(created) == 1 and deleted == []


def test_case_6_rulesets_and_plans_are_bounded_and_a_stale_plan_still_evaluates(monkeypatch):
    monkeypatch.setattr(durable, "_RULESETS", durable._Rulesets())
    monkeypatch.setattr(durable, "_PLANS", type(durable._PLANS)())
    backend = get_backend("durable")
    flat = _flat({"people": {"supervision": True}})
    libraries = [_library(ir.IRRule("r", "organisation", ir.Const(True), ir.Test("people.customer_facing_staff", "ge", n)),
                          ir.IRRule("s", "organisation", ir.Const(True), ir.Test("people.supervision", "eq", True)),
                          name=f"lib{n}") for n in range(durable.MAX_PLANS + 3)]
    prepared = [backend.prepare(lib) for lib in libraries]
    for p in prepared:
        assert backend.evaluate(p, flat).get("s", "organisation") == (True, True)
    assert len(durable._RULESETS.live) <= durable.MAX_LIVE_RULESETS and len(durable._PLANS) <= durable.MAX_PLANS
    again = backend.evaluate(prepared[0], flat)  # its ruleset was deleted long ago: it is made again
    assert again.engine == "durable" and again.get("s", "organisation") == (True, True)


def test_case_6_memory_stays_flat_over_many_checks():
    """Measured in a fresh process (200 checks with engine="durable" grew from 40 to 1,862 MiB before)."""
    result = _subprocess("""
        from pathlib import Path
        from csaudit.engine.evaluate import run_check
        from csaudit.engine.library.loader import load_library
        from csaudit.facts.loader import load_profile
        import csaudit

        def rss():
            return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) // 1024
        library = load_library()
        profile = load_profile(Path(csaudit.facts.__file__).parent / "examples" / "hartley-plumbing.yaml")
        for _ in range(2):
            run_check(profile, library, engine="durable", include_manual=False)
        before = rss()
        for _ in range(15):
            run_check(profile, library, engine="durable", include_manual=False)
        print(rss() - before)
        """, timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 30  # MiB; 15 checks leaked 15 rulesets of about 9 MiB each before


# ---------------------------------------------------------------- 8. any failure of the C module

def test_case_8_a_ruleset_the_engine_refuses_is_evaluated_by_python(monkeypatch, library):
    from csaudit.facts.loader import load_profile

    monkeypatch.setattr(durable, "_RULESETS", durable._Rulesets())
    monkeypatch.setattr(durable, "_PLANS", type(durable._PLANS)())

    def refuse(*args):
        raise durable._engine.error("Could not create ruleset, error code: 204")

    monkeypatch.setattr(durable._engine, "create_ruleset", refuse)
    warnings: list[str] = []
    loaded = load_profile(Path(__file__).parent.parent / "facts" / "examples" / "hartley-plumbing.yaml")
    report = run_check(loaded, library, backend=get_backend("durable", warn=warnings.append), include_manual=False)
    python = run_check(loaded, library, backend=PYTHON, include_manual=False)
    assert report.engine == "python" and report.findings == python.findings
    assert len(warnings) == 1 and "error code: 204" in warnings[0] and "python engine" in warnings[0]


def test_case_8_an_engine_error_mid_evaluation_falls_back_and_abandons_the_session(monkeypatch):
    monkeypatch.setattr(durable, "_RULESETS", durable._Rulesets())
    monkeypatch.setattr(durable, "_PLANS", type(durable._PLANS)())
    deleted = []

    def broken(*args):
        raise durable._engine.error("Could not assert facts, error code: 101")

    monkeypatch.setattr(durable._engine, "assert_facts", broken)
    monkeypatch.setattr(durable._engine, "delete_state", lambda *a: deleted.append(a))
    compiled = _library(ir.IRRule("s", "organisation", ir.Const(True), ir.Test("people.supervision", "eq", True)))
    flat = _flat({"people": {"supervision": True}})
    got, want, warnings = _durable_and_python(compiled, flat)
    assert got.engine == "python" and got.outcomes == want.outcomes and deleted == []
    assert len(warnings) == 1 and "assert_facts failed" in warnings[0]
    assert durable._RULESETS.abandoned == 1 and not durable._RULESETS.live


def test_case_8_a_c_module_that_fails_to_load_other_than_by_import_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def failing(name, *args, **kwargs):
        if name == "durable_rules_engine":
            raise OSError("undefined symbol: PyEval_CallObject")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "csaudit.engine.match.durable")
    monkeypatch.delitem(sys.modules, "durable_rules_engine")
    monkeypatch.setattr(builtins, "__import__", failing)
    warnings: list[str] = []
    backend = get_backend("durable", warn=warnings.append)
    assert backend.name == "python" and len(warnings) == 1 and "OSError" in warnings[0]


# ---------------------------------------------------------------- limits of the C code itself

ENGINE_PROBES = """
import json
import durable_rules_engine as e

def create(rules):
    try:
        return e.create_ruleset("probe", json.dumps(rules))
    except Exception as exc:
        return str(exc)

def run(handle, facts):
    try:
        code, offset = e.assert_facts(handle, json.dumps(facts))
    except Exception as exc:
        return str(exc)
    matches, result = [], e.start_action_for_state(handle, offset)
    messages = result[1] if result else None
    while messages:
        frame = json.loads(messages)
        matches += [(name, frame[name]["m"]["id"]) for name in frame]
        messages = e.complete_and_start_action(handle, offset)
    e.delete_state(handle, "0")
    return sorted(matches)

out = {}
seen = {"seen": {"all": [{"m": {"t": "a"}}]}}
for n in (64, 65):  # alpha nodes pending for one fact
    rules = {"r": {"all": [{"m": {"$and": [{"t": "a"}, {"$or": [{"$gte": {f"p{i}": 0}} for i in range(n)]}]}}]}, **seen}
    out[f"stack {n}"] = run(create(rules), [{"id": "f", "sid": "0", "t": "a", **{f"p{i}": 1 for i in range(n)}}])
rules = {"eq": {"all": [{"m": {"$and": [{"t": "a"}, {"s": "abc"}]}}]}, **seen}
handle = create(rules)
for n in (65535, 65536):  # bytes of text
    out[f"text {n}"] = run(handle, [{"id": "f", "sid": "0", "t": "a", "s": "abc" + "x" * (n - 3)}])
rules = {"le": {"all": [{"m": {"$and": [{"t": "a"}, {"$lte": {"p": 9223372036854775807}}]}}]}, **seen}
handle = create(rules)
for n in (9223372036854775807, 9223372036854775808):
    out[f"int {n}"] = run(handle, [{"id": "f", "sid": "0", "t": "a", "p": n}])
for n in (254, 255):  # properties of one fact
    fact = {"id": "f", "sid": "0", "t": "a", **{f"q{i}": 1 for i in range(n - 3)}}
    # a small fact first: were the first one unreadable, the engine would crash (case 2)
    out[f"props {n}"] = run(create(seen), [{"id": "e", "sid": "0", "t": "a"}, fact, {"id": "g", "sid": "0", "t": "a"}])
for n in (128, 129):
    out[f"list {n}"] = create({f"r{i}": {"all": [{"m": {"$and": [{"t": "a"}, {"$nex": {f"p{i}": 1}}]}}]} for i in range(n)})
for n in (256, 257):
    out[f"betas {n}"] = create({f"r{i}": {"all": [{"m": {"t": "a"}}]} for i in range(n)})
for g in (15, 16):
    body = {"p0": 1}
    for i in range(g - 1):
        body = {"$or": [body, {f"q{i}": 1}]} if i % 2 == 0 else {"$and": [body, {f"q{i}": 1}]}
    out[f"groups {g}"] = create({"r": {"all": [{"m": {"$and": [{"t": "a"}, body]}}]}})
for n in (4096, 4097):  # spread over tags: more than 511 tests under one node never ends the walk
    out[f"rules {n}"] = create({f"r{i}": {"all": [{"m": {"$and": [{"t": f"t{i % 100}"}, {"p": i}]}}]}
                                for i in range(n)})
handle = create({**{f"r{i}": {"all": [{"m": {"$and": [{"t": "a"}, {"p": i}]}}]} for i in range(511)}, **seen})
out["children 511"] = run(handle, [{"id": "f", "sid": "0", "t": "a", "p": 7}])
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def probes():
    result = _subprocess(ENGINE_PROBES)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_engine_alpha_stack_holds_64_pending_nodes(probes):
    assert probes["stack 64"] == [["r", "f"]] * 64 + [["seen", "f"]]
    assert "error code: 303" in probes["stack 65"]


def test_engine_compares_text_correctly_up_to_65535_bytes(probes):
    assert probes["text 65535"] == [["seen", "f"]]
    assert probes["text 65536"] == [["eq", "f"], ["seen", "f"]]  # wrong: "abcxx...x" == "abc"


def test_engine_reads_whole_numbers_exactly_up_to_int64(probes):
    assert probes[f"int {INT64_MAX}"] == [["le", "f"], ["seen", "f"]]
    assert probes[f"int {INT64_MAX + 1}"] == [["le", "f"], ["seen", "f"]]  # wrong: saturated to INT64_MAX


def test_engine_reads_facts_of_up_to_254_properties(probes):
    assert probes["props 254"] == [["seen", "e"], ["seen", "f"], ["seen", "g"]]
    assert probes["props 255"] == [["seen", "e"]]  # that fact and every one after it are lost, and no error says so


@pytest.mark.parametrize("limit, name, code", [(ALPHA_LIST, "list", 107), (ALPHA_BETAS, "betas", 108),
                                               (EXPRESSION_GROUPS, "groups", 113),
                                               (durable_compile.MAX_RULES, "rules", 106)])
def test_engine_ruleset_limits(probes, limit, name, code):
    assert isinstance(probes[f"{name} {limit}"], int)
    assert f"error code: {code}" in probes[f"{name} {limit + 1}"]


def test_engine_matches_under_a_node_of_511_tests(probes):
    assert probes["children 511"] == [["r7", "f"], ["seen", "f"]]


# ---------------------------------------------------------------- the compiler at each limit

def _model(*bodies) -> AlphaModel:
    model = AlphaModel("a")
    model.add(True)
    for body in bodies:
        model.add(body)
    return model


def test_stack_bound_at_the_limit_and_past_it():
    def branches(n):
        return {"$or": [{"$gte": {f"p{i}": 0}} for i in range(n)]}

    assert _model(branches(ALPHA_STACK)).stack_bound() == ALPHA_STACK and not _model(branches(ALPHA_STACK)).problems()
    assert _model(branches(ALPHA_STACK + 1)).stack_bound() == ALPHA_STACK + 1
    assert "alpha nodes pending" in _model(branches(ALPHA_STACK + 1)).problems()[0]


def test_stack_bound_counts_only_tests_that_can_hold_together():
    exclusive = {"$or": [{"p0": i} for i in range(200)]}  # one value: at most one holds
    assert _model(exclusive).stack_bound() == 1
    same_fact = {"$or": [{"$gte": {"p0": i}} for i in range(70)]}  # all hold for a value above them all
    assert _model(same_fact).stack_bound() == 70
    absent = {"$or": [{"$nex": {f"p{i}": 1}} for i in range(70)]}  # all hold when none is stated
    assert _model(absent).stack_bound() == 70


def test_node_limits_at_the_limit_and_past_it():
    def eq(n):
        return [{"p0": i} for i in range(n)]

    def nex(n):
        return [{"$nex": {f"p{i}": 1}} for i in range(n)]

    assert not _model(*eq(ALPHA_CHILDREN)).problems()
    assert "tests under one alpha node" in _model(*eq(ALPHA_CHILDREN + 1)).problems()[0]
    assert not [p for p in _model(*nex(ALPHA_LIST)).problems() if "absence" in p]
    assert "absence tests and joins" in _model(*nex(ALPHA_LIST + 1)).problems()[0]
    assert not _model(*[True] * (ALPHA_BETAS - 1)).problems()  # plus the catch-all
    assert "rules ending at one alpha node" in _model(*[True] * ALPHA_BETAS).problems()[0]


def test_activations_at_the_limit_and_past_it():
    def product(*widths):  # an and of ors on distinct facts: one activation per combination
        return {"$and": [{"$or": [{"$ex": {f"p{w}_{i}": 1}} for i in range(n)]} for w, n in enumerate(widths)]}

    assert _model(product(3, 5, 17)).activations() == MAX_ACTIVATIONS  # 255 and the catch-all
    assert not _model(product(3, 5, 17)).problems()
    assert _model(product(2, 2, 2, 2, 2, 2, 2, 2)).activations() == MAX_ACTIVATIONS + 1
    assert "activate rules" in _model(product(2, 2, 2, 2, 2, 2, 2, 2)).problems()[0]


def _product(subject: str, anys: int, ways: int = 2) -> ir.Cond:
    """An all of anys on different facts: as one durable rule it activates once per combination (ways ** anys)."""
    paths = [p for p, i in catalogue().items() if i.subject == subject and i.kind != "set"][:ways * anys]
    assert len(paths) == ways * anys
    return ir.And(tuple(ir.Or(tuple(ir.Test(p, "exists") for p in paths[i:i + ways]))
                        for i in range(0, len(paths), ways)))


def test_a_rule_that_would_activate_once_per_combination_is_matched_in_rounds():
    compiled = _library(ir.IRRule("product", "organisation", ir.Const(True), _product("organisation", 9)),
                        name="product")
    plan = compile_plan(compiled)
    assert 1 <= len(plan.lifts) < 9 and {s.round for s in plan.shards} == {0, 1}  # lifted until 64 at most
    flat = _flat({"people": {"supervision": True, "customer_facing_staff": 3}, "governance": {"staffing_plan": False}})
    got, want, warnings = _durable_and_python(compiled, flat)
    assert warnings == [] and got.engine == "durable" and got.outcomes == want.outcomes


def test_a_quantified_body_that_activates_too_often_is_left_to_python():
    """Inside some/every/count nothing is lifted: a body is split in halves, each activating half as often,
    at most MAX_HALVINGS times; 2 ** 15 combinations would need more."""
    assert 2 ** 15 / 2 ** durable_compile.MAX_HALVINGS > MAX_ACTIVATIONS
    rule = ir.IRRule("each", "organisation", ir.Const(True),
                     ir.Count("each#q1", "channel", _product("channel", 15), at_least=1))
    compiled = _library(rule, name="each")
    with pytest.raises(DurableLimitError, match="activate rules"):
        compile_plan(compiled)
    flat = _flat({"channels": [{"id": "a", "kind": "phone", "published": True}]})
    got, want, warnings = _durable_and_python(compiled, flat)
    assert got.engine == "python" and got.outcomes == want.outcomes and len(warnings) == 1


def test_a_quantified_body_within_the_halvings_is_split_and_agrees():
    rule = ir.IRRule("each", "organisation", ir.Const(True),
                     ir.Count("each#q1", "channel", _product("channel", 9), at_least=1))
    compiled = _library(rule, name="each9")
    plan = compile_plan(compiled)
    assert sum(1 for t in plan.targets.values() if t.qid == "each#q1" and t.part == "qT") > 1
    flat = _flat({"channels": [{"id": "a", "kind": "phone", "published": True}, {"id": "b", "kind": "email"}]})
    got, want, warnings = _durable_and_python(compiled, flat)
    assert warnings == [] and got.outcomes == want.outcomes


def test_rounds_of_lifted_parts_agree_with_python_on_deep_rules():
    """A rule of 31 $and / $or groups (durable keeps 15; such a rule of the bundled library failed with error 113)
    is matched in rounds, a lifted part inside another, and agrees with python however its facts are stated."""
    paths = [p for p, i in catalogue().items() if i.subject == "organisation" and i.kind == "bool"][:40]
    pairs = [ir.Or((ir.And((ir.Test(a, "eq", True), ir.Test(b, "exists"))),
                    ir.And((ir.Not(ir.Test(c, "eq", True)), ir.Test(d, "eq", False)))))
             for a, b, c, d in zip(paths[0::4], paths[1::4], paths[2::4], paths[3::4])]
    deep = ir.And((ir.Or((ir.And(tuple(pairs[:5])), ir.Test(paths[0], "exists"))), *pairs[5:]))
    compiled = _library(ir.IRRule("deep", "organisation", ir.Not(ir.Test(paths[1], "eq", False)), deep), name="deep")
    plan = compile_plan(compiled)
    assert max(s.round for s in plan.shards) >= 2  # a part lifted out of a lifted part
    assert all(pattern_groups(r["all"][0]["m"]) <= EXPRESSION_GROUPS for r in plan.ruleset.values())
    import random

    from csaudit.facts.located.problems import ProfileError

    rnd = random.Random(7)
    checked = 0
    for _ in range(25):
        org = {}
        for path in paths:
            if rnd.random() < 0.7:
                section, *rest = path.split(".")
                holder = org.setdefault(section, {})
                for part in rest[:-1]:
                    holder = holder.setdefault(part, {})
                holder[rest[-1]] = rnd.random() < 0.5
        try:
            flat = _flat(org)
        except ProfileError:  # a pair of facts the loader refuses together: draw again
            continue
        got, want, warnings = _durable_and_python(compiled, flat)
        assert warnings == [] and got.outcomes == want.outcomes
        checked += 1
    assert checked >= 10


def test_expression_groups_at_the_limit_and_past_it():
    def nested(groups):  # the rule's own $and with the tag, then groups - 1 more, the outermost an $or
        body = {"p0": 1}
        for i in range(groups - 1):
            op = "$or" if (groups - 2 - i) % 2 == 0 else "$and"
            body = {op: [body, {f"q{i}": i}]}
        return body

    assert pattern_groups(nested(EXPRESSION_GROUPS)) == EXPRESSION_GROUPS
    assert pattern_groups(nested(EXPRESSION_GROUPS + 1)) == EXPRESSION_GROUPS + 1


def test_a_body_with_too_many_groups_is_split_and_still_agrees():
    paths = [p for p, i in catalogue().items() if i.subject == "organisation" and i.kind == "bool"][:20]
    deep = ir.And(tuple(ir.Or((ir.Test(p, "eq", True), ir.Not(ir.Test(p, "exists")))) for p in paths))
    compiled = _library(ir.IRRule("deep", "organisation", ir.Const(True), deep))
    plan = compile_plan(compiled)
    assert all(pattern_groups(r["all"][0]["m"]) <= EXPRESSION_GROUPS for r in plan.ruleset.values())
    flat = _flat({"people": {"supervision": True}})
    got, want, warnings = _durable_and_python(compiled, flat)
    assert warnings == [] and got.outcomes == want.outcomes


def test_fact_properties_at_the_limit_and_past_it():
    paths = [p for p, i in catalogue().items() if i.subject == "organisation" and i.kind == "bool"]
    assert len(paths) > MAX_PROPS
    wide = ir.And(tuple(ir.Test(p, "exists") for p in paths[:MAX_PROPS]))
    plan = compile_plan(_library(ir.IRRule("wide", "organisation", ir.Const(True), wide)))
    assert max(len(s.props) for s in plan.shards) == MAX_PROPS
    wider = ir.And(tuple(ir.Test(p, "exists") for p in paths[:MAX_PROPS + 1]))
    with pytest.raises(DurableLimitError, match=f"at most {MAX_PROPS}"):
        compile_plan(_library(ir.IRRule("wider", "organisation", ir.Const(True), wider)))
    flat = _flat({"people": {"supervision": True}})
    got, want, warnings = _durable_and_python(_library(ir.IRRule("wider", "organisation", ir.Const(True), wider),
                                                       name="wider"), flat)
    assert got.engine == "python" and got.outcomes == want.outcomes and len(warnings) == 1


def test_rules_per_ruleset_at_the_limit_and_past_it(monkeypatch):
    compiled = _library(*[ir.IRRule(f"r{i}", "organisation", ir.Const(True), ir.Test("people.supervision", "eq", True))
                          for i in range(3)])
    size = len(compile_plan(compiled).ruleset)
    monkeypatch.setattr(durable_compile, "MAX_RULES", size)
    compile_plan(compiled)
    monkeypatch.setattr(durable_compile, "MAX_RULES", size - 1)
    with pytest.raises(DurableLimitError, match="durable rules"):
        compile_plan(compiled)


# ---------------------------------------------------------------- values as the C reader reads them

@pytest.mark.parametrize("value", [1e-05, 1e16, 1e+22, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                                   -1.5e-07, 0.1, -0.0, 123456789012345680.0])
def test_floats_are_written_in_plain_decimal_and_read_back_exactly(value):
    text = plain_float(value)
    assert "e" not in text.lower() and "." in text and float(text) == value


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_floats_are_refused(value):
    with pytest.raises(DurableLimitError):
        json_scalar(value)


def test_whole_numbers_at_the_limit_and_past_it():
    assert json_scalar(INT64_MAX) == str(INT64_MAX) and json_scalar(INT64_MIN) == str(INT64_MIN)
    for value in (INT64_MAX + 1, INT64_MIN - 1):
        with pytest.raises(DurableLimitError, match="64-bit"):
            json_scalar(value)


def test_text_bytes_at_the_limit_and_past_it():
    assert json_scalar("x" * MAX_STRING_BYTES)
    with pytest.raises(DurableLimitError):
        json_scalar("x" * (MAX_STRING_BYTES + 1))
    with pytest.raises(DurableLimitError):  # escaped, each of these is six bytes
        json_scalar("é" * (MAX_STRING_BYTES // 6 + 1))


def test_the_profile_text_limit_stays_inside_what_the_engine_compares():
    assert json_scalar("𝄞" * MAX_TEXT_CHARS)  # the widest escape: 12 bytes a character


def test_money_at_the_limit_and_past_it(tmp_path, run_cli):
    text = "as_of: 2026-06-01\norganisation: {name: P}\nauthority: {roles: [{id: a, refund_limit: '%s'}]}\n"
    assert run_cli("facts", "validate", str(write(tmp_path, "ok.yaml", text % MAX_MONEY))).exit_code == 0
    over = run_cli("facts", "validate", str(write(tmp_path, "big.yaml", text % (MAX_MONEY + Decimal("0.01")))))
    assert over.exit_code == 2 and "big.yaml:3:" in over.stderr and "an amount can be at most" in over.stderr
    flat = load_profile_data({"as_of": TODAY, "organisation": {"name": "P"},
                              "authority": {"roles": [{"id": "a", "refund_limit": MAX_MONEY}]}}, "p").flat()
    assert flat.collections["role"][0].values["role.refund_limit"] == INT64_MAX


def test_the_bundled_library_fits_every_limit():
    library = load_library()
    for year in (2014, 2020, 2026):
        plan = compile_plan(library.compile(dt.date(year, 6, 1)))
        assert max(plan.stack_bounds.values()) <= ALPHA_STACK
        assert len(plan.ruleset) <= durable_compile.MAX_RULES
        assert all(pattern_groups(r["all"][0]["m"]) <= EXPRESSION_GROUPS for r in plan.ruleset.values())
