"""OSCAL assessment results (NIST's Open Security Controls Assessment Language), for GRC tools.

One result for the run. Each rule's conclusion about a subject is an observation (how it was reached:
the facts examined, with the profile and its evidence as relevant evidence); each gap is also a risk
(likelihood and impact as a characterization, the rating, the remediation as a planned response, the
due date as its deadline; a waived gap is ``deviation-approved``) and a finding whose target objective is
not satisfied; met findings are satisfied findings; unknowns are findings without a state, with the facts
they need. Auditor questions and not-applicable findings stay in the other formats.

UUIDs are derived (UUID 5) from the run and each finding's fingerprint, so the same run gives the same
document. Custom properties use the ``urn:csaudit`` namespace.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from ..findings import Finding, Report
from .views import (AREAS, DEFAULT_DUE_DAYS, STAGES, consequences, due_date, owner_text, refs_text, score,
                    subject_text)

OSCAL_VERSION = "1.2.1"
NS = "urn:csaudit"
_ROOT = uuid.UUID("6a1f0d2c-5b3e-4c8f-9a7d-2e4b6c8d0f13")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_ROOT, "\0".join(parts)))


def _prop(name: str, value: Any) -> dict[str, str]:
    return {"name": name, "ns": NS, "value": str(value)}


def _stamp(day: str) -> str:
    return f"{day}T00:00:00+00:00"


def _links(f: Finding) -> list[dict[str, str]]:
    return [{"href": r.url, "rel": "reference", "text": f"{r.document} {r.clause}"} for r in f.refs if r.url]


def render_oscal(report: Report, due_days: dict[str, int] | None = None) -> str:
    days = due_days or DEFAULT_DUE_DAYS
    run = (report.profile.name, report.profile.path, report.evaluated_as_of, report.library.digest)
    tool = _uuid(*run, "tool")
    org = _uuid(*run, "organisation")
    plan = _uuid(*run, "assessment-plan")
    when = _stamp(report.evaluated_as_of)
    observations, risks, findings = [], [], []
    for f in report.findings:
        if f.status not in ("gap", "met", "unknown"):
            continue
        key = (*run, f.fingerprint)
        obs_id = _uuid(*key, "observation")
        evidence = [{"href": f"#{_uuid(*run, 'profile')}", "description": "The organisation profile: "
                     + "; ".join(f"{u.path} = {json.dumps(u.value, ensure_ascii=False)}"
                                 + (f" (line {u.line})" if u.line else "") for u in f.facts_used) or "no facts"}]
        for e in f.evidence:
            item: dict[str, Any] = {"description": " ".join(x for x in (
                f"{e.id}:" if e.id else "Answer:", e.document or "", f"(seen {e.seen})" if e.seen else "",
                f"confirmed by {e.confirmed_by}." if e.confirmed_by else "", e.note or "") if x).strip()}
            if e.url:
                item["href"] = e.url
            evidence.append(item)
        observation: dict[str, Any] = {
            "uuid": obs_id, "title": f.title, "description": f.message,
            "props": [_prop("rule-id", f.rule_id), _prop("status", f.status), _prop("strength", f.strength),
                      _prop("stage", f.stage), _prop("risk-area", f.risk_area), _prop("fingerprint", f.fingerprint)],
            "methods": ["EXAMINE"], "types": ["finding" if f.status == "gap" else "control-objective"],
            "origins": [{"actors": [{"type": "tool", "actor-uuid": tool}]}],
            "subjects": [{"subject-uuid": _uuid(*run, "subject", f.subject.kind, f.subject.key),
                          "type": "party" if f.subject.kind == "organisation" else "resource",
                          "title": subject_text(f),
                          "props": [_prop("subject-kind", f.subject.kind), _prop("subject-key", f.subject.key)]}],
            "relevant-evidence": evidence, "collected": when,
        }
        if f.missing_facts:
            observation["remarks"] = "Needs: " + "; ".join(f.missing_facts)
        if _links(f):
            observation["links"] = _links(f)
        observations.append(observation)
        target: dict[str, Any] = {"type": "objective-id", "target-id": f.rule_id, "title": f.title,
                                  "description": refs_text(f),
                                  "props": [_prop("subject", f"{f.subject.kind}:{f.subject.key}")]}
        finding: dict[str, Any] = {
            "uuid": _uuid(*key, "finding"), "title": f"{f.title}: {subject_text(f)}", "description": f.message,
            "props": [_prop("status", f.status), _prop("rating", f.risk.rating)],
            "target": target, "related-observations": [{"observation-uuid": obs_id}],
        }
        if f.status == "gap":
            target["status"] = {"state": "not-satisfied"}
            risk_id = _uuid(*key, "risk")
            w = f.waiver
            risk: dict[str, Any] = {
                "uuid": risk_id, "title": f.title, "description": f.message,
                "statement": (f"{STAGES.get(f.stage, f.stage)} stage, {AREAS.get(f.risk_area, f.risk_area)} risk "
                              f"area: {f.risk.likelihood.replace('_', ' ')} x {f.risk.impact} = {score(f)} "
                              f"({f.risk.rating}); consequences: {', '.join(consequences(f))}. Owner: "
                              f"{owner_text(f)}."),
                "props": [_prop("rating", f.risk.rating), _prop("score", score(f)), _prop("owner", owner_text(f))],
                "status": "deviation-approved" if w is not None else "open",
                "characterizations": [{"origin": {"actors": [{"type": "tool", "actor-uuid": tool}]}, "facets": [
                    {"name": "likelihood", "system": NS, "value": f.risk.likelihood},
                    {"name": "impact", "system": NS, "value": f.risk.impact},
                    {"name": "risk", "system": NS, "value": f.risk.rating}]}],
                "deadline": _stamp(w.expires if w is not None else due_date(f, report.evaluated_as_of, days)),
                "remediations": [{"uuid": _uuid(*key, "response"), "lifecycle": "recommendation",
                                  "title": "Remediation", "description": f.remediation}],
                "related-observations": [{"observation-uuid": obs_id}],
            }
            if w is not None:
                risk["remarks"] = f"Waived until {w.expires}, approved by {w.approver}: {w.justification}"
            risks.append(risk)
            finding["related-risks"] = [{"risk-uuid": risk_id}]
        elif f.status == "met":
            target["status"] = {"state": "satisfied"}
        else:
            finding["remarks"] = "Not decided: the profile does not state the facts needed."
        findings.append(finding)
    s = report.summary
    doc = {"assessment-results": {
        "uuid": _uuid(*run, "assessment-results"),
        "metadata": {
            "title": f"csaudit assessment of {report.profile.name} as of {report.evaluated_as_of}",
            "last-modified": when, "version": report.csaudit, "oscal-version": OSCAL_VERSION,
            "props": [_prop("engine", report.engine), _prop("library-digest", report.library.digest),
                      _prop("library-rules", report.library.rules)],
            "parties": [{"uuid": org, "type": "organization", "name": report.profile.name}],
        },
        "import-ap": {"href": f"#{plan}", "remarks": "The assessment plan is the csaudit rule library whose digest "
                                                     "is given in the metadata."},
        "results": [{
            "uuid": _uuid(*run, "result"),
            "title": f"Customer service compliance of {report.profile.name}",
            "description": (f"{s.gap} gap(s), {s.unknown} unknown, {s.met} met, {s.not_applicable} not applicable, "
                            f"{s.manual} auditor question(s) open; law as of {report.evaluated_as_of}."),
            "start": when,
            "reviewed-controls": {"control-selections": [{"include-all": {}}]},
            "observations": observations or None, "risks": risks or None, "findings": findings or None,
        }],
        "back-matter": {"resources": [
            {"uuid": plan, "title": "csaudit rule library", "description": f"digest {report.library.digest}, "
                                                                         f"{report.library.rules} rules"},
            {"uuid": _uuid(*run, "profile"), "title": "Organisation profile",
             "description": f"{report.profile.path}, as of {report.profile.as_of}"},
        ]},
    }}
    result = doc["assessment-results"]["results"][0]
    for key in ("observations", "risks", "findings"):
        if result[key] is None:
            del result[key]
    return json.dumps(doc, indent=2, ensure_ascii=False)
