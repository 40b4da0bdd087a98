"""Rules about rules: everything a rule author must fix before a rule ships."""

from __future__ import annotations

from pathlib import Path

from ...facts.located.problems import Problem
from ...facts.located.validation import suggest
from .fixtures import load_cases
from .loader import scan_library


def lint(roots: list[Path] | None = None) -> tuple[int, list[Problem]]:
    """(number of rules read, every problem) for the library below ``roots``."""
    library, problems = scan_library(roots)
    for rule_id, rule in sorted(library.rules.items()):
        if not rule_id.startswith(rule.source + "-"):
            problems.append(Problem(str(rule.path), 1, 1, "id",
                                    f"rule id '{rule_id}' should start with its folder name '{rule.source}-'"))
        problems.extend(_dating_problems(rule, library.rules))
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
    for loaded in catalogues:
        problems.extend(_catalogue_dating_problems(loaded, library.rules))
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0))
    return len(library.rules), problems


def _dating_problems(rule, rules) -> list[Problem]:
    """A duty says when it took effect; preceded_by only makes sense with a date and names real rules."""
    spec, found = rule.spec, []
    if spec.strength == "duty" and spec.valid_from is None:
        line, col = rule.located.position(("strength",))
        found.append(Problem(str(rule.path), line, col, "valid_from",
                             "a duty needs valid_from: the commencement that governs the contracts or conduct it "
                             "checks (say in note what the date rests on)"))
    if spec.preceded_by is not None:
        if spec.valid_from is None:
            line, col = rule.located.position(("preceded_by",))
            found.append(Problem(str(rule.path), line, col, "preceded_by",
                                 "preceded_by says what applied before valid_from, but the rule has no valid_from"))
        for i, other in enumerate(spec.preceded_by.rules):
            if other not in rules:
                line, col = rule.located.position(("preceded_by", "rules", i))
                found.append(Problem(str(rule.path), line, col, f"preceded_by.rules[{i}]",
                                     f"no rule has id '{other}'{suggest(other, list(rules))}"))
    return found


def _catalogue_dating_problems(loaded, rules) -> list[Problem]:
    """A catalogue of duties is dated (at the top, or on every item); an item's dates are in order."""
    cat, found = loaded.catalogue, []
    path = str(loaded.path)
    undated = [i for i, item in enumerate(cat.items)
               if (item.strength or cat.strength) == "duty" and cat.dates(item)[0] is None]
    if undated and len(undated) == len(cat.items):
        line, col = loaded.located.position(("strength",) if "strength" in cat.model_fields_set else ("source",))
        found.append(Problem(path, line, col, "valid_from",
                             "a catalogue of duties needs valid_from (the commencement of its source), or one on "
                             "each item"))
    else:
        for i in undated:
            line, col = loaded.located.position(("items", i))
            found.append(Problem(path, line, col, f"items[{i}].valid_from",
                                 f"duty '{cat.items[i].clause}' has no date: give the item or the catalogue "
                                 f"valid_from"))
    for i, item in enumerate(cat.items):
        before = cat.predecessor(item)
        for j, other in enumerate(before.rules if before else ()):
            if other not in rules:
                key = ("items", i, "preceded_by") if item.preceded_by is not None else ("preceded_by",)
                line, col = loaded.located.position(key)
                found.append(Problem(path, line, col, ".".join(map(str, key)) + f".rules[{j}]",
                                     f"no rule has id '{other}'{suggest(other, list(rules))}"))
        start, end = cat.dates(item)
        if start and end and end < start:
            line, col = loaded.located.position(("items", i))
            found.append(Problem(path, line, col, f"items[{i}].valid_to", "valid_to is before valid_from"))
    if cat.valid_from and cat.valid_to and cat.valid_to < cat.valid_from:
        line, col = loaded.located.position(("valid_to",))
        found.append(Problem(path, line, col, "valid_to", "valid_to is before valid_from"))
    return found
