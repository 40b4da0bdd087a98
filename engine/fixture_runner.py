"""Run a rule's sibling ``*.test.yaml`` cases (like ``opa test`` or ``semgrep --test``).

Each case is evaluated by both backends: the expected status must come out of
each, so every fixture is also a differential test of the two engines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..facts.loader import load_profile_data
from ..facts.located.problems import InputError, Problem
from .evaluate import run_check
from ..facts.located.validation import suggest
from .library.fixtures import DEFAULT_CASE_DATE, condition_test_path, load_cases, load_condition_cases
from .library.loader import Library, LoadedRule
from .library.lower import LoadedCondition
from .library.spec import RuleSpec
from .match.backends import get_backend


@dataclass
class CaseResult:
    rule_id: str
    case: str
    expect: str
    passed: bool
    detail: str = ""
    line: int | None = None
    invalid: bool = False  # the case's profile is not a valid profile: the test file is broken, not the rule


@dataclass
class TestFileResult:
    rule_id: str
    path: str
    cases: list[CaseResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)



def _case_profile(case_data: dict[str, Any], default_date: dt.date) -> dict[str, Any]:
    data = dict(case_data)
    data.setdefault("as_of", default_date)
    if isinstance(data.get("organisation"), dict):
        data["organisation"] = {"name": "Test organisation", **data["organisation"]}
    else:
        data.setdefault("organisation", {"name": "Test organisation"})
    return data


def _load_case(case: Any, index: int, located: Any, test_path: str):
    """The case's profile, loaded with the test file's lines; or why it is not a valid profile."""
    base = ("cases", index, "profile")
    positions = {k[len(base):]: v for k, v in located.positions.items() if k[: len(base)] == base}
    try:
        return load_profile_data(_case_profile(case.profile, case.as_of or DEFAULT_CASE_DATE),
                                 f"{test_path}#{case.name}", positions)
    except InputError as exc:
        detail = "; ".join(Problem(test_path, p.line, p.column, p.key, p.message).render()
                           for p in exc.problems) or exc.summary
        return f"invalid profile: {detail}"


def run_rule_tests(library: Library, rule_id: str, engines: tuple[str, ...] = ("python", "durable")) -> TestFileResult:
    """Run every case of one rule on every engine."""
    rule = library.rules[rule_id]
    tests, located, problems = load_cases(rule)
    result = TestFileResult(rule_id, str(rule.test_path), problems=problems)
    if tests is None:
        return result
    single = Library({rule_id: rule}, library.roots, library.conditions)
    backends = [get_backend(e, warn=lambda m: None) for e in engines]
    for index, case in enumerate(tests.cases):
        line = located.position(("cases", index))[0]
        loaded = _load_case(case, index, located, str(rule.test_path))
        if isinstance(loaded, str):
            result.cases.append(CaseResult(rule_id, case.name, case.expect, False, loaded, line, invalid=True))
            continue
        failures: list[str] = []
        seen_engines: set[str] = set()
        for backend in backends:
            if backend.name in seen_engines:
                continue
            seen_engines.add(backend.name)
            report = run_check(loaded, single, as_of=case.as_of, backend=backend, include_manual=False)
            findings = [f for f in report.findings if case.subject is None or f.subject.key == case.subject]
            if not findings:
                failures.append(f"[{backend.name}] no finding for subject '{case.subject}'")
                continue
            for f in findings:
                who = "" if f.subject.kind == "organisation" else f" ({f.subject.key})"
                if f.status != case.expect:
                    failures.append(f"[{backend.name}] expected {case.expect}, got {f.status}{who}: {f.message}")
                elif case.message is not None and f.message != case.message:
                    failures.append(f"[{backend.name}] message differs{who}: {f.message!r}")
                elif case.missing is not None and sorted(f.missing_facts) != sorted(case.missing):
                    failures.append(f"[{backend.name}] missing facts {list(f.missing_facts)}, expected {case.missing}")
                elif case.rating is not None and f.risk.rating != case.rating:
                    failures.append(f"[{backend.name}] risk rated {f.risk.rating}{who}, expected {case.rating}")
        result.cases.append(CaseResult(rule_id, case.name, case.expect, not failures, "; ".join(failures), line))
    return result


# A condition is tested as the one requirement of a rule made for the case: met means it holds.
_TRUTH = {"met": "holds", "gap": "fails", "unknown": "unknown", "not_applicable": "not applicable"}


def _probe(name: str, condition: LoadedCondition) -> LoadedRule:
    spec = RuleSpec.model_validate({
        "title": f"Named condition {name}", "refs": [{"document": "Named condition", "clause": name}],
        "strength": "good_practice", "stage": "review", "risk_area": "governance",
        "risk": {"likelihood": "possible", "impact": "minor", "consequences": ["reputational"]},
        "subject": condition.spec.subject or "organisation", "requires": {"use": name},
        "gap": "It fails.", "met": "It holds.", "remediation": "None: a test of a named condition.",
    })
    return LoadedRule(f"condition-{name}", condition.path, spec, condition.located, condition.digest)


def run_condition_tests(library: Library, conditions_file: Path,
                        engines: tuple[str, ...] = ("python", "durable")) -> TestFileResult:
    """Run every case of one ``conditions/<source>.yaml`` file on every engine."""
    tests, located, problems = load_condition_cases(conditions_file)
    result = TestFileResult(conditions_file.stem, str(condition_test_path(conditions_file)), problems=problems)
    if tests is None:
        return result
    backends = [get_backend(e, warn=lambda m: None) for e in engines]
    for index, case in enumerate(tests.cases):
        line = located.position(("cases", index))[0]
        condition = library.conditions.get(case.condition)
        if condition is None:
            result.cases.append(CaseResult(case.condition, case.name, case.expect, False,
                                           f"no named condition '{case.condition}'"
                                           f"{suggest(case.condition, list(library.conditions))}", line, invalid=True))
            continue
        loaded = _load_case(case, index, located, result.path)
        if isinstance(loaded, str):
            result.cases.append(CaseResult(case.condition, case.name, case.expect, False, loaded, line, invalid=True))
            continue
        probe = _probe(case.condition, condition)
        single = Library({probe.id: probe}, library.roots, library.conditions)
        failures: list[str] = []
        for backend in backends:
            report = run_check(loaded, single, as_of=case.as_of, backend=backend, include_manual=False)
            findings = [f for f in report.findings if case.subject is None or f.subject.key == case.subject]
            if not findings:
                failures.append(f"[{backend.name}] no subject '{case.subject}' in the profile")
            for f in findings:
                got = _TRUTH[f.status]
                if got != case.expect:
                    failures.append(f"[{backend.name}] expected it to be {case.expect}, it is {got}"
                                    + ("" if f.subject.kind == "organisation" else f" ({f.subject.key})"))
                elif case.missing is not None and sorted(f.missing_facts) != sorted(case.missing):
                    failures.append(f"[{backend.name}] missing facts {list(f.missing_facts)}, expected {case.missing}")
        result.cases.append(CaseResult(case.condition, case.name, case.expect, not failures, "; ".join(failures),
                                       line))
    return result


def conditions_files(library: Library) -> list[Path]:
    """Every ``conditions/*.yaml`` file of the library (each must have a sibling test file)."""
    return sorted({c.path for c in library.conditions.values()})
