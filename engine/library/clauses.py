"""Clause catalogues: every recommendation or duty of a source, covered by rules or asked manually.

A catalogue item is covered by the rules whose refs cite its clause (same document,
same clause text); an item no fact can decide carries the question an auditor must
answer. Coverage of the source text is then measurable, and the manual questions
become findings a profile can answer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, TypeAdapter, ValidationError

from ...facts.located.problems import InputError, Problem
from ...facts.located.reader import Located, read_yaml
from ...facts.located.validation import problems_from_validation
from .spec import Predecessor, Risk, RiskArea, Spec, Stage, Strength


class CatalogueItem(Spec):
    clause: str = Field(description="As the source numbers it: '5.2.1.2 e)', 's.20(15)', 'reg. 41'")
    title: str = Field(min_length=3)
    manual: str | None = Field(None, description="The question an auditor must answer, when no rule decides it")
    id: str | None = Field(None, description="Question id (default: source and clause)")
    strength: Strength | None = None
    valid_from: dt.date | None = Field(None, description="Overrides the catalogue's valid_from for this item")
    valid_to: dt.date | None = Field(None, description="Overrides the catalogue's valid_to for this item")
    preceded_by: Predecessor | None = Field(None, description="Overrides the catalogue's preceded_by "
                                                                "(write null to say there is none)")


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
    valid_from: dt.date | None = Field(None, description="When the source's duties or recommendations took effect")
    valid_to: dt.date | None = Field(None, description="The last day they had effect (revocation)")
    preceded_by: Predecessor | None = Field(None, description="The law that applied before valid_from")
    items: list[CatalogueItem] = Field(min_length=1)

    def dates(self, item: CatalogueItem) -> tuple[dt.date | None, dt.date | None]:
        """(valid_from, valid_to) of one item: its own where it sets them, else the catalogue's."""
        given = item.model_fields_set
        return (item.valid_from if "valid_from" in given else self.valid_from,
                item.valid_to if "valid_to" in given else self.valid_to)

    def predecessor(self, item: CatalogueItem) -> Predecessor | None:
        return item.preceded_by if "preceded_by" in item.model_fields_set else self.preceded_by

    def out_of_force(self, item: CatalogueItem, as_of: dt.date) -> str | None:
        """Why the item is not in force on ``as_of`` ('in force from ...; before then ...'), or None."""
        start, end = self.dates(item)
        if start and as_of < start:
            before = self.predecessor(item)
            return f"in force from {start.isoformat()}" + (f"; before then {before.describe()}" if before else "")
        if end and as_of > end:
            return f"not in force after {end.isoformat()}"
        return None


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
            problems.extend(exc.problems or [Problem(str(path), None, None, "", exc.summary.removeprefix(f"{path}: "))])
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
