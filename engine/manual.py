"""Manual questions as findings: the auditor's checklist comes out of the same run.

An unanswered question is ``manual``; the profile's ``answers`` turn it into met
(yes), gap (no) or not_applicable. Answers naming no question are input errors.

A question is dated like its source (the catalogue's ``valid_from``/``valid_to``,
or the item's own). On an evaluation date outside them it is ``not_applicable``
with the reason, and an answer given to it is shown but not counted: a "no" to a
duty not yet in force is not a gap, a "yes" is not evidence it was met.
"""

from __future__ import annotations

import datetime as dt

from ..facts.answers import Answer
from ..facts.flatten import Subject
from ..facts.located.problems import InputError, Problem
from ..facts.located.reader import Located
from ..facts.located.validation import suggest
from .findings import FactUsed, Finding, RefOut, RiskOut, SubjectOut, fingerprint
from .library.clauses import LoadedCatalogue, question_id
from .risk import DEFAULT_MATRIX, RiskMatrix

_STATUS = {"yes": "met", "no": "gap", "not_applicable": "not_applicable"}


def check_answers(answers: dict | None, catalogues: list[LoadedCatalogue], located: Located) -> None:
    """Every answer must name a manual question of the library."""
    if not answers:
        return
    known = [question_id(c.catalogue.source, item) for c in catalogues for item in c.catalogue.items if item.manual]
    problems = []
    for key in answers:
        if key not in known:
            line, col = located.position(("answers", key))
            problems.append(Problem(located.file, line, col, f"answers.{key}",
                                    f"no manual question has id '{key}'{suggest(key, known)}; "
                                    f"'csaudit rules coverage' lists them"))
    if problems:
        raise InputError(f"{located.file}: {len(problems)} problem(s) in the answers", problems)


def manual_findings(catalogues: list[LoadedCatalogue], answers: dict | None, organisation: Subject,
                    located: Located, matrix: RiskMatrix = DEFAULT_MATRIX,
                    as_of: dt.date | None = None) -> list[Finding]:
    """One finding per manual question, answered or not, on ``as_of`` (None: ignore the dates)."""
    answers = answers or {}
    findings: list[Finding] = []
    for loaded in catalogues:
        cat = loaded.catalogue
        risk = RiskOut(likelihood=cat.risk.likelihood, impact=cat.risk.impact,
                       rating=matrix.rate(cat.risk.likelihood, cat.risk.impact),
                       consequences=tuple(cat.risk.consequences))
        for item in cat.items:
            if not item.manual:
                continue
            qid = question_id(cat.source, item)
            given = answers.get(qid)
            answer = given if isinstance(given, Answer) else Answer(answer=given) if given else None
            used: tuple[FactUsed, ...] = ()
            if answer is not None:
                used = (FactUsed(path=f"answers.{qid}", value=answer.answer,
                                 line=located.position(("answers", qid))[0]),)
            outside = cat.out_of_force(item, as_of) if as_of is not None else None
            if outside is not None:
                status, message = "not_applicable", f"Not applicable: {outside}."
                if answer is not None:
                    message += (f" The answer given ({answer.answer.replace('_', ' ')}) is not counted while "
                                f"the provision is not in force.")
                remediation = "Nothing to do on this date; the question applies only while its source is in force."
            elif answer is None:
                status, message = "manual", f"Auditor question: {item.manual}"
                remediation = f"Answer it in the profile: answers: {{{qid}: yes | no | not_applicable}}."
            else:
                status = _STATUS[answer.answer]
                message = f"Answered {answer.answer.replace('_', ' ')}: {item.manual}"
                if answer.note:
                    message += f" Note: {answer.note}"
                remediation = (f"Put in place: {item.title[0].lower()}{item.title[1:]}."
                               if status == "gap" else "Keep the evidence for the next audit.")
            findings.append(Finding(
                fingerprint=fingerprint(qid, organisation.kind, organisation.key), rule_id=qid, title=item.title,
                subject=SubjectOut(kind=organisation.kind, key=organisation.key, name=organisation.label),
                status=status, strength=item.strength or cat.strength, stage=cat.stage, risk_area=cat.risk_area,
                refs=(RefOut(document=cat.document, edition=cat.edition, clause=item.clause, url=cat.url),),
                risk=risk, message=message, remediation=remediation, facts_used=used,
                deciding=tuple(u.path for u in used),
            ))
    return findings
