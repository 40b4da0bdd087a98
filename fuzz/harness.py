"""Coverage-guided fuzzing of csaudit's input readers with atheris (libFuzzer for Python).

    python fuzz/harness.py TARGET [libFuzzer options] [corpus folders]

TARGET is one of:

- ``profile``: bytes as a profile file (read, decoded, parsed, validated; a valid one is evaluated);
- ``rules``: bytes as a rule file beside a test file (scanned, linted, lowered, compiled for durable-rules,
  evaluated by the python engine);
- ``waivers``: bytes as a waiver file (read, checked against the library and profile, applied);
- ``conditions``: bytes drive a condition tree over the real fact catalogue (lowered to the IR, compiled
  for durable-rules, evaluated).

What is allowed to happen: data, or an ``InputError`` (a located problem: exit 2 or 3), or for durable a
``DurableLimitError`` (the python engine answers). Anything else (another exception, a hang past
libFuzzer's -timeout, memory past -rss_limit_mb) is a finding: libFuzzer writes the input that caused it.
fuzz/run.sh installs atheris in its own environment and runs every target for a fixed time.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["csaudit"]):
    from csaudit.engine.audit.waivers import apply_waivers, check_waivers, load_waivers, subject_keys
    from csaudit.engine.evaluate import run_check
    from csaudit.engine.fixture_runner import run_rule_tests
    from csaudit.engine.library import spec as rule_spec
    from csaudit.engine.library.loader import CompiledLibrary, load_library, scan_library
    from csaudit.engine.library.lower import check_rule, lower
    from csaudit.engine.match.durable_compile import DurableLimitError, compile_plan
    from csaudit.engine.match.python import PythonBackend
    from csaudit.engine.report.json_report import render_json
    from csaudit.facts.catalogue import COLLECTIONS, catalogue
    from csaudit.facts.loader import load_profile_text, validate_located
    from csaudit.facts.located.printable import printable
    from csaudit.facts.located.problems import InputError
    from csaudit.facts.located.reader import decode, parse_yaml

REPO = Path(__file__).resolve().parent.parent
GOOD = REPO / "tests" / "data" / "bad" / "good"
LIBRARY = load_library([GOOD / "rules"])
PROFILE = load_profile_text((GOOD / "profile.yaml").read_text(encoding="utf-8"), "good.yaml")
PYTHON = PythonBackend()
AS_OF = dt.date(2026, 3, 31)
WORK = Path(tempfile.mkdtemp(prefix="csaudit-fuzz-"))


def _strict_json(text: str) -> None:
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    json.loads(text, parse_constant=refuse)


def _problems_are_printable(exc: InputError) -> None:
    rendered = exc.render()
    if printable(rendered, lines=True) != rendered or any("\n" in p.render() for p in exc.problems):
        raise AssertionError(f"a message that is not safe to print: {rendered!r}")


def profile(data: bytes) -> None:
    try:
        located = parse_yaml(decode(data, "fuzz.yaml"), "fuzz.yaml")
        loaded = validate_located(located)
        report = run_check(loaded, LIBRARY, backend=PYTHON)  # answers are checked against the library here
    except InputError as exc:
        _problems_are_printable(exc)
        return
    _strict_json(render_json(report))


def rules(data: bytes) -> None:
    root = WORK / "rules"
    rule, _, tests = data.partition(b"\n#--tests--\n")
    (root / "demo").mkdir(parents=True, exist_ok=True)
    (root / "demo" / "demo-fuzz.yaml").write_bytes(rule)
    (root / "demo" / "demo-fuzz.test.yaml").write_bytes(tests)
    try:
        library, problems = scan_library([root])
        for rule_id in library.rules:
            run_rule_tests(library, rule_id, ("python",))
        if problems or not library.rules:
            return
        compiled = library.compile(AS_OF)
    except InputError as exc:
        _problems_are_printable(exc)
        return
    try:
        compile_plan(compiled)
    except DurableLimitError:
        pass
    _strict_json(render_json(run_check(PROFILE, library, backend=PYTHON)))


STRENGTHS = {rid: r.spec.strength for rid, r in LIBRARY.rules.items()}
SUBJECTS = {rid: r.spec.subject for rid, r in LIBRARY.rules.items()}
KEYS = subject_keys(PROFILE.profile)
REPORT = run_check(PROFILE, LIBRARY, backend=PYTHON)


def waivers(data: bytes) -> None:
    path = WORK / "waivers.yaml"
    path.write_bytes(data)
    try:
        found = load_waivers(path)
        check_waivers(found, STRENGTHS, SUBJECTS, KEYS)
    except InputError as exc:
        _problems_are_printable(exc)
        return
    _strict_json(render_json(apply_waivers(REPORT, found).report))


FACTS = sorted(catalogue())
KINDS = sorted(COLLECTIONS)


def _literal(fdp: atheris.FuzzedDataProvider):
    pick = fdp.ConsumeIntInRange(0, 6)
    if pick == 0:
        return fdp.ConsumeBool()
    if pick == 1:
        return fdp.ConsumeIntInRange(-(2**70), 2**70)
    if pick == 2:
        return fdp.ConsumeFloat()
    if pick == 3:
        return dt.date.fromordinal(fdp.ConsumeIntInRange(1, dt.date.max.toordinal()))
    if pick == 4:
        return [_literal(fdp) for _ in range(fdp.ConsumeIntInRange(0, 3))] if fdp.remaining_bytes() else []
    if pick == 5:
        return {"param": "p"}
    return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 30))


def _condition(fdp: atheris.FuzzedDataProvider, depth: int = 0):
    pick = fdp.ConsumeIntInRange(0, 6) if depth < 6 and fdp.remaining_bytes() > 8 else 0
    if pick == 0:
        return {"fact": fdp.PickValueInList(FACTS), fdp.PickValueInList(list(rule_spec.OPERATORS)): _literal(fdp)}
    if pick in (1, 2):
        return {("all", "any")[pick - 1]: [_condition(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(1, 4))]}
    if pick == 3:
        return {"not": _condition(fdp, depth + 1)}
    over = {"in": fdp.PickValueInList(KINDS), "where": _condition(fdp, depth + 1)}
    if pick == 6:
        over["at_least"] = fdp.ConsumeIntInRange(0, 3)
    return {("some", "every", "count")[pick - 4]: over}


RULE = rule_spec.RuleSpec


def conditions(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    spec_data = {"title": "Fuzzed rule", "refs": [{"document": "Fuzz", "clause": "1"}], "strength": "recommendation",
                 "stage": "access", "risk_area": "governance",
                 "risk": {"likelihood": "possible", "impact": "minor", "consequences": ["legal"]},
                 "subject": fdp.PickValueInList(["organisation", *KINDS]), "requires": _condition(fdp),
                 "params": {"p": {"values": {dt.date(2020, 1, 1): {"value": _literal(fdp)}}}},
                 "gap": "A gap was found.", "remediation": "Put it right."}
    try:
        spec = RULE.model_validate(spec_data)
    except ValueError:  # pydantic's ValidationError: the loader reports it as located problems
        return
    if check_rule(spec, "fuzz-rule"):
        return
    rule, companions, issues = lower(spec, "fuzz-rule", AS_OF)
    if issues:
        return
    compiled = CompiledLibrary(AS_OF, (rule, *companions), "fuzz")
    try:
        compile_plan(compiled)
    except DurableLimitError:
        pass
    PYTHON.evaluate(compiled, PROFILE.flat())


TARGETS = {"profile": profile, "rules": rules, "waivers": waivers, "conditions": conditions}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus folders]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
