"""Fuzzing everything that reads input: whatever a profile, rule, test file or waiver file holds, the answer
is data or located problems (exit 2 or 3), never another exception, and what is printed is one line per problem.

Each reader gets valid files broken at random (characters from a hostile alphabet inserted, deleted
or replaced: anchors, aliases, merge keys, tags, control and bidirectional characters, non-finite
and huge numbers, brackets, quotes, tabs) and raw bytes; the condition compiler gets random condition
trees over the real fact catalogue. A rule or profile that survives is evaluated, so a value that
passes the readers cannot break an engine. CSAUDIT_FUZZ_SCALE=10 runs ten times as many examples;
fuzz/run.sh runs the atheris harness for a fixed time outside the suite.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from conftest import REPO
from csaudit.engine.audit.waivers import apply_waivers, check_waivers, load_waivers, subject_keys
from csaudit.engine.errors import LibraryError, WaiverError
from csaudit.engine.evaluate import run_check
from csaudit.engine.library import spec as rule_spec
from csaudit.engine.library.loader import Library, load_library, scan_library
from csaudit.engine.library.lower import check_rule, lower
from csaudit.engine.match.durable_compile import DurableLimitError, compile_plan
from csaudit.engine.match.python import PythonBackend
from csaudit.engine.report.json_report import render_json
from csaudit.facts.catalogue import COLLECTIONS, catalogue
from csaudit.facts.loader import load_profile, load_profile_text
from csaudit.facts.located.printable import printable
from csaudit.facts.located.problems import InputError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

SCALE = float(os.environ.get("CSAUDIT_FUZZ_SCALE", "1"))
CORPUS = REPO / "tests" / "data" / "bad"
GOOD_PROFILE = (CORPUS / "good" / "profile.yaml").read_text(encoding="utf-8")
GOOD_RULES = {p.name: p.read_text(encoding="utf-8") for p in sorted((CORPUS / "good" / "rules" / "demo").glob("*"))}
GOOD_LIBRARY = load_library([CORPUS / "good" / "rules"])
GOOD_TESTS = "cases:\n  - name: gap\n    expect: gap\n    profile: {policies: {complaints: {published: false}}}\n"
GOOD_WAIVERS = ("waivers:\n  - rule: demo-complaints-published\n    justification: Being rewritten\n"
                "    approver: Jo Bloggs\n    granted: 2026-01-01\n    expires: 2026-12-31\n"
                "  - rule: demo-customer-surveys\n    subject: organisation\n    justification: Not yet\n"
                "    approver: Jo Bloggs\n    granted: 2026-01-01\n    expires: 2026-06-30\n")
PYTHON = PythonBackend()
HOSTILE = ["&a ", "*a", "<<: *a\n", "<<: [*a, *a]\n", "&b [*a, *a, *a, *a]\n", "!!python/object/apply:os.system ",
           "!!binary ", "!!set ", "!include ", "!!str ", "!!float ", "\x00", "\x1b[2J", "\x07", "\u202e", "\u2028",
           "\ufeff", "\t", "\n", "\r\n", ": ", "- ", "[", "]", "{", "}", "'", '"', "\\", "#", "---\n", "...\n", "? ",
           ".inf", "-.inf", ".nan", "1e400", "9" * 30, "0x" + "f" * 20, "1:2:3", "~", "null", "yes", "2026-13-01",
           "£1e400", "é", "𝄞", "    ", "\"\\e\"", "\"\\x00\"", "%YAML 1.1\n", "@", "`", "|\n", ">-\n"]


def _settings(examples: int):
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@st.composite
def broken(draw, text: str) -> str:
    """``text`` with a few edits from the hostile alphabet (or a few random characters)."""
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 6]))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)))
        edit = draw(st.sampled_from(["insert", "replace", "delete"]))
        end = min(len(text), at + draw(st.integers(1, 8)))
        text = (text[:at] + piece + text[at:] if edit == "insert" else
                text[:at] + piece + text[end:] if edit == "replace" else text[:at] + text[end:])
    return text


def _one_line_problems(exc: InputError) -> None:
    for problem in exc.problems:
        rendered = problem.render()
        assert "\n" not in rendered and printable(rendered) == rendered
    assert printable(exc.render(), lines=True) == exc.render()


def _no_json_constants(text: str) -> None:
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    json.loads(text, parse_constant=refuse)


def _evaluated(loaded) -> None:
    """A profile the readers accept is evaluated, and its JSON report is valid JSON."""
    try:
        report = run_check(loaded, GOOD_LIBRARY, backend=PYTHON)  # checks answers against the library's questions
    except InputError as exc:
        _one_line_problems(exc)
        return
    _no_json_constants(render_json(report))


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


# ---------------------------------------------------------------- the profile loader

@_settings(300)
@given(broken(GOOD_PROFILE))
def test_fuzz_profile_text_gives_a_profile_or_located_problems(text):
    try:
        loaded = load_profile_text(text, "fuzz.yaml")
    except InputError as exc:
        assert exc.exit_code == 2
        _one_line_problems(exc)
        return
    _evaluated(loaded)


@_settings(150)
@given(st.binary(max_size=600) | broken(GOOD_PROFILE).map(lambda t: t.encode("utf-8", errors="surrogatepass")))
def test_fuzz_profile_bytes_give_a_profile_or_located_problems(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "profile.yaml", data)
        try:
            loaded = load_profile(path)
        except InputError as exc:
            assert exc.exit_code == 2
            _one_line_problems(exc)
            return
    _evaluated(loaded)


# ---------------------------------------------------------------- the rule loader (rules, tests, conditions)

@_settings(150)
@given(st.sampled_from(sorted(GOOD_RULES)).flatmap(lambda name: st.tuples(st.just(name), broken(GOOD_RULES[name]))),
       broken(GOOD_TESTS))
def test_fuzz_rule_files_give_rules_or_located_problems(named, tests):
    name, text = named
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "rules"
        _write(root, f"demo/{name}", text)
        _write(root, f"demo/{name[:-len('.yaml')]}.test.yaml", tests)
        try:
            library, problems = scan_library([root])
        except LibraryError as exc:
            _one_line_problems(exc)
            return
        for problem in problems:
            assert printable(problem.render()) == problem.render()
        for rule_id in library.rules:
            from csaudit.engine.fixture_runner import run_rule_tests

            run_rule_tests(library, rule_id, ("python",))
        if library.rules and not problems:
            _compiled_and_evaluated(library)


def _compiled_and_evaluated(library: Library) -> None:
    try:
        compiled = library.compile(dt.date(2026, 3, 31))
    except LibraryError as exc:
        _one_line_problems(exc)
        return
    try:
        compile_plan(compiled)
    except DurableLimitError:
        pass  # durable-rules cannot take it: the python engine answers (tests/test_match_durable_limits.py)
    loaded = load_profile_text(GOOD_PROFILE, "good.yaml")
    report = run_check(loaded, library, backend=PYTHON)
    _no_json_constants(render_json(report))


# ---------------------------------------------------------------- the condition compiler

FACTS = sorted(p for p, info in catalogue().items() if info.subject in ("organisation", "channel"))
LITERALS = st.one_of(st.booleans(), st.integers(-2**70, 2**70), st.floats(allow_nan=True, allow_infinity=True),
                     st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.text(max_size=20),
                     st.sampled_from(["phone", "email", "geographic", "consumers", "x" * 5000]))


def _typed_literal(info):
    """A literal of the fact's own type, mostly: the compiler's checks and both engines are reached."""
    kind = info.kind
    own = {"bool": st.booleans(), "int": st.integers(-5, 400) | st.sampled_from([2**63 - 1, 2**63, -(2**63)]),
           "number": st.floats(-1e6, 1e6) | st.sampled_from([float("inf"), float("nan"), 1e308]),
           "money": st.floats(0, 1e6), "date": st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
           "text": st.text(max_size=12)}.get(kind)
    if own is None:
        own = st.sampled_from(list(info.values)) if info.values else st.text(max_size=12)
    return st.one_of(own, own, own, LITERALS)


def _test_of(fact):
    from csaudit.engine.library.lower import _ALLOWED_OPS

    info = catalogue()[fact]
    literal = _typed_literal(info)
    allowed = sorted(_ALLOWED_OPS[info.kind])
    return st.one_of(
        st.sampled_from(allowed).flatmap(lambda op: st.builds(
            lambda v: {"fact": fact, op: v},
            st.booleans() if op == "exists" else st.lists(literal, min_size=1, max_size=3) if op in ("in", "not_in")
            else literal)),
        st.builds(lambda op, v: {"fact": fact, op: v}, st.sampled_from(rule_spec.OPERATORS),
                  st.one_of(LITERALS, st.lists(LITERALS, max_size=4), st.just({"param": "p"}))),
    )


def _fact_test():
    return st.sampled_from(FACTS).flatmap(_test_of)


CONDITIONS = st.recursive(
    _fact_test(),
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=4)),
        st.builds(lambda x: {"not": x}, inner),
        st.builds(lambda kind, x, q: {q: {"in": kind, "where": x}} if q != "count" else
                  {"count": {"in": kind, "where": x, "at_least": 1}},
                  st.sampled_from(sorted(COLLECTIONS)), inner, st.sampled_from(["some", "every", "count"])),
    ),
    max_leaves=12,
)
RULE = TypeAdapter(rule_spec.RuleSpec)


@_settings(300)
@given(CONDITIONS, st.sampled_from(["organisation", "channel"]), LITERALS)
def test_fuzz_conditions_lower_to_ir_or_name_the_problem(requires, subject, param):
    data = {"title": "Fuzzed rule", "refs": [{"document": "Fuzz", "clause": "1"}], "strength": "recommendation",
            "stage": "access", "risk_area": "governance",
            "risk": {"likelihood": "possible", "impact": "minor", "consequences": ["legal"]}, "subject": subject,
            "requires": requires, "params": {"p": {"values": {dt.date(2020, 1, 1): {"value": param}}}},
            "gap": "A gap was found.", "remediation": "Put it right."}
    try:
        spec = RULE.validate_python(data)
    except ValidationError:
        return  # the schema refuses it: reported as located problems by the loader
    issues = check_rule(spec, "fuzz-rule")
    for issue in issues:
        assert isinstance(issue.message, str) and issue.message
    rule, companions, lowered_issues = lower(spec, "fuzz-rule", dt.date(2026, 3, 31))
    if issues or lowered_issues:
        return
    from csaudit.engine.library.loader import CompiledLibrary

    compiled = CompiledLibrary(dt.date(2026, 3, 31), (rule, *companions), "fuzz")
    try:
        compile_plan(compiled)
    except DurableLimitError:
        pass
    flat = load_profile_text(GOOD_PROFILE, "good.yaml").flat()
    PYTHON.evaluate(compiled, flat)


# ---------------------------------------------------------------- the waiver loader

STRENGTHS = {rid: rule.spec.strength for rid, rule in GOOD_LIBRARY.rules.items()}
SUBJECTS = {rid: rule.spec.subject for rid, rule in GOOD_LIBRARY.rules.items()}
GOOD = load_profile_text(GOOD_PROFILE, "good.yaml")
REPORT = run_check(GOOD, GOOD_LIBRARY, backend=PYTHON)


@_settings(300)
@given(broken(GOOD_WAIVERS))
def test_fuzz_waiver_files_give_waivers_or_located_problems(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "waivers.yaml", text)
        try:
            waivers = load_waivers(path)
            check_waivers(waivers, STRENGTHS, SUBJECTS, subject_keys(GOOD.profile))
        except WaiverError as exc:
            assert exc.exit_code == 3
            _one_line_problems(exc)
            return
    applied = apply_waivers(REPORT, waivers)
    _no_json_constants(render_json(applied.report))
    for line in applied.warnings:
        assert "\n" not in printable(line)


@_settings(200)
@given(st.lists(st.tuples(st.sampled_from(["demo-complaints-published", "demo-customer-surveys"]),
                          st.sampled_from([None, "organisation", "help"]),
                          st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 120)), max_size=8))
def test_fuzz_overlapping_waivers_are_found_exactly(entries):
    """The sweep that finds overlapping waivers agrees with comparing every pair."""
    from csaudit.engine.audit.waivers import Waiver, overlapping

    waivers = tuple(Waiver(rule, subject, "why", "who", start, start + dt.timedelta(days=days), "w.yaml", i + 1)
                    for i, (rule, subject, start, days) in enumerate(entries))

    def clash(a, b):
        return (a.rule_id == b.rule_id and (a.subject is None or b.subject is None or a.subject == b.subject)
                and a.granted <= b.expires and b.granted <= a.expires)

    def before(j, i):
        return (waivers[j].granted, j) < (waivers[i].granted, i)

    # each waiver that overlaps one granted before it (or written before it on the same day) is reported
    expected = {i for i, w in enumerate(waivers) if any(clash(w, v) for j, v in enumerate(waivers) if before(j, i))}
    assert {int(p.key.split("[")[1].split("]")[0]) for p in overlapping(waivers)} == expected


@_settings(60)
@given(st.data())
def test_fuzz_valid_profiles_written_as_yaml_read_back_the_same(data):
    """A valid profile (tests/strategies.py) written as YAML reads back as the same profile, and is evaluated."""
    import yaml
    from strategies import profiles

    from csaudit.facts.loader import load_profile_data

    drawn = data.draw(profiles())
    text = yaml.safe_dump(json.loads(json.dumps(drawn, default=str)), sort_keys=False, allow_unicode=True)
    loaded = load_profile_text(text, "written.yaml")
    assert loaded.profile == load_profile_data(drawn, "drawn").profile
    _evaluated(loaded)
