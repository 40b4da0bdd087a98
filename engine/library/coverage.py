"""Coverage of each source's clause catalogue by the rules that cite it.

Kept apart from :mod:`.clauses` (which reads catalogues) because it needs the
loaded library, and the library loader itself reads catalogues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...facts.located.problems import Problem
from ...facts.located.validation import suggest
from .clauses import LoadedCatalogue, normalise_clause, question_id
from .loader import Library, LoadedRule


@dataclass
class ItemCoverage:
    source: str
    clause: str
    title: str
    rules: list[str] = field(default_factory=list)
    question: str | None = None
    question_id: str | None = None
    fixtures: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return "rules" if self.rules else "manual" if self.question else "uncovered"



def _cites(rule: LoadedRule, document: str, clause: str) -> bool:
    return any(r.document == document and normalise_clause(r.clause) == clause for r in rule.spec.refs)


def coverage(library: Library, catalogues: list[LoadedCatalogue]) -> list[ItemCoverage]:
    """Per catalogue item: the rules citing it, its manual question, the fixtures that test those rules."""
    out: list[ItemCoverage] = []
    for loaded in catalogues:
        cat = loaded.catalogue
        for item in cat.items:
            clause = normalise_clause(item.clause)
            rules = sorted(rid for rid, rule in library.rules.items() if _cites(rule, cat.document, clause))
            fixtures = [str(library.rules[r].test_path) for r in rules if library.rules[r].test_path.exists()]
            out.append(ItemCoverage(cat.source, item.clause, item.title, rules, item.manual,
                                    question_id(cat.source, item) if item.manual else None, fixtures))
    return out


def lint_catalogues(library: Library, catalogues: list[LoadedCatalogue]) -> list[Problem]:
    """Rules citing a clause their source's catalogue lacks; items neither covered nor manual."""
    problems: list[Problem] = []
    by_document = {c.catalogue.document: c for c in catalogues}
    for rule_id, rule in sorted(library.rules.items()):
        for i, ref in enumerate(rule.spec.refs):
            loaded = by_document.get(ref.document)
            if loaded is None:
                continue
            clauses = [normalise_clause(it.clause) for it in loaded.catalogue.items]
            if normalise_clause(ref.clause) not in clauses:
                line, col = rule.located.position(("refs", i, "clause"))
                problems.append(Problem(str(rule.path), line, col, f"refs[{i}].clause",
                                        f"clause '{ref.clause}' is not in {loaded.path.name}"
                                        f"{suggest(ref.clause, clauses)}"))
    for item in coverage(library, catalogues):
        if item.state == "uncovered":
            loaded = next(c for c in catalogues if c.catalogue.source == item.source)
            index = next(i for i, it in enumerate(loaded.catalogue.items) if it.clause == item.clause)
            problems.append(Problem(str(loaded.path), loaded.item_line(index), None, f"items[{index}]",
                                    f"clause '{item.clause}' is covered by no rule and has no manual question"))
    return problems
