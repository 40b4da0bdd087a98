"""Rules about rules: everything a rule author must fix before a rule ships."""

from __future__ import annotations

from pathlib import Path

from ...facts.located.problems import Problem
from .fixtures import load_cases
from .loader import scan_library


def lint(roots: list[Path] | None = None) -> tuple[int, list[Problem]]:
    """(number of rules read, every problem) for the library below ``roots``."""
    library, problems = scan_library(roots)
    for rule_id, rule in sorted(library.rules.items()):
        if not rule_id.startswith(rule.source + "-"):
            problems.append(Problem(str(rule.path), 1, 1, "id",
                                    f"rule id '{rule_id}' should start with its folder name '{rule.source}-'"))
        tests, located, found = load_cases(rule)
        problems.extend(found)
        if tests is None:
            continue
        expected = {c.expect for c in tests.cases}
        wanted = ["gap", "met"] + (["not_applicable"] if rule.spec.applies_when is not None else [])
        for status in wanted:
            if status not in expected:
                why = " (the rule has applies_when)" if status == "not_applicable" else ""
                problems.append(Problem(str(rule.test_path), 1, 1, "cases",
                                        f"no '{status}' case{why}: add a case that makes the rule {status}"))
        names = [c.name for c in tests.cases]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            problems.append(Problem(str(rule.test_path), None, None, "cases", f"duplicate case name '{dup}'"))
    from .clauses import load_catalogues
    from .coverage import lint_catalogues

    catalogues, found = load_catalogues(library.roots)
    problems.extend(found)
    problems.extend(lint_catalogues(library, catalogues))
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0))
    return len(library.rules), problems
