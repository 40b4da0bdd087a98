"""Clause catalogues: every recommendation or duty of a source, covered by rules or asked manually.

A catalogue item is covered by the rules whose refs cite its clause (same document,
same clause text); an item no fact can decide carries the question an auditor must
answer. Coverage of the source text is then measurable, and the manual questions
become findings a profile can answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import Field, TypeAdapter, ValidationError

from .errors import InputError, Problem
from .library import Library, LoadedRule
from .spec import Risk, RiskArea, Spec, Stage, Strength
from .validation import problems_from_validation, suggest
from .yamlsource import Located, read_yaml


class CatalogueItem(Spec):
    clause: str = Field(description="As the source numbers it: '5.2.1.2 e)', 's.20(15)', 'reg. 41'")
    title: str = Field(min_length=3)
    manual: str | None = Field(None, description="The question an auditor must answer, when no rule decides it")
    id: str | None = Field(None, description="Question id (default: source and clause)")
    strength: Strength | None = None


class Catalogue(Spec):
    source: str
    document: str
    short: str | None = Field(None, description="Short name for reports, e.g. 'CRA 2015'")
    edition: str | None = None
    url: str | None = None
    strength: Strength = Field("recommendation", description="Strength of the manual questions")
    stage: Stage = "review"
    risk_area: RiskArea = "quality_and_consistency"
    risk: Risk = Risk(likelihood="possible", impact="moderate", consequences=["reputational"])
    items: list[CatalogueItem] = Field(min_length=1)


_CATALOGUE = TypeAdapter(Catalogue)


def normalise_clause(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def question_id(source: str, item: CatalogueItem) -> str:
    """Stable id of a manual question: ``bs8477-5-2-6-2`` for clause 5.2.6.2 of source bs8477."""
    if item.id:
        return item.id
    slug = re.sub(r"[^a-z0-9]+", "-", item.clause.lower()).strip("-")
    return f"{source}-{slug}"


@dataclass(frozen=True)
class LoadedCatalogue:
    path: Path
    catalogue: Catalogue
    located: Located

    def item_line(self, index: int) -> int | None:
        return self.located.position(("items", index))[0]


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


def catalogue_files(roots) -> list[Path]:
    return sorted(p for root in roots for p in (Path(root) / "clauses").glob("*.yaml"))


def load_catalogues(roots) -> tuple[list[LoadedCatalogue], list[Problem]]:
    """Every catalogue below ``roots``/clauses, and every problem found in them."""
    loaded: list[LoadedCatalogue] = []
    problems: list[Problem] = []
    for path in catalogue_files(roots):
        try:
            located = read_yaml(path)
        except InputError as exc:
            problems.extend(exc.problems or [Problem(str(path), None, None, "", exc.summary)])
            continue
        try:
            catalogue = _CATALOGUE.validate_python(located.data)
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, located, Catalogue))
            continue
        seen: dict[str, int] = {}
        for i, item in enumerate(catalogue.items):
            key = normalise_clause(item.clause)
            if key in seen:
                line, col = located.position(("items", i, "clause"))
                problems.append(Problem(str(path), line, col, f"items[{i}].clause",
                                        f"clause '{item.clause}' is listed twice (also items[{seen[key]}])"))
            seen.setdefault(key, i)
        if path.stem != catalogue.source:
            problems.append(Problem(str(path), *located.position(("source",)), "source",
                                    f"source '{catalogue.source}' differs from the file name '{path.stem}'"))
        loaded.append(LoadedCatalogue(path, catalogue, located))
    return loaded, problems


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
