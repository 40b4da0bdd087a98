"""SARIF 2.1.0 output, so code-scanning dashboards and CI annotators can show findings.

Every finding becomes a result: gaps are failures (error for a legal duty, warning
for a recommendation, note for good practice), met is a pass, not-applicable is
notApplicable, unknown is open (the tool could not decide) and manual is review.
Waived gaps carry an accepted external suppression with the justification.
"""

from __future__ import annotations

import json
from typing import Any

from ..findings import Finding, Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_KIND = {"gap": "fail", "met": "pass", "not_applicable": "notApplicable", "unknown": "open", "manual": "review"}
_LEVEL = {"duty": "error", "recommendation": "warning", "good_practice": "note"}


def _rule(f: Finding) -> dict[str, Any]:
    url = next((r.url for r in f.refs if r.url), None)
    rule: dict[str, Any] = {
        "id": f.rule_id,
        "name": f.title,
        "shortDescription": {"text": f.title},
        "help": {"text": "; ".join(f"{r.document} {r.clause}" for r in f.refs)},
        "defaultConfiguration": {"level": _LEVEL[f.strength]},
        "properties": {"strength": f.strength, "stage": f.stage, "risk_area": f.risk_area,
                       "refs": [r.model_dump() for r in f.refs], "tags": [f.strength, f.risk_area]},
    }
    if url:
        rule["helpUri"] = url
    return rule


def _result(f: Finding, index: int, profile_path: str) -> dict[str, Any]:
    line = next((u.line for u in f.facts_used if u.line), None)
    region = {"startLine": line} if line else {}
    text = f.message if f.status != "gap" else f"{f.message} Fix: {f.remediation}"
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "kind": _KIND[f.status],
        "level": _LEVEL[f.strength] if f.status == "gap" else "none",
        "message": {"text": text},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": profile_path}, **(
            {"region": region} if region else {})},
            "logicalLocations": [{"name": f.subject.name, "fullyQualifiedName": f"{f.subject.kind}:{f.subject.key}",
                                  "kind": f.subject.kind}]}],
        "partialFingerprints": {"csaudit/v1": f.fingerprint},
        "properties": {"status": f.status, "risk": f.risk.model_dump(), "missing_facts": list(f.missing_facts),
                       "facts_used": [u.model_dump() for u in f.facts_used]},
    }
    if f.waiver is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{f.waiver.justification} (approved by {f.waiver.approver}, "
                                                    f"expires {f.waiver.expires})"}]
    return result


def render_sarif(report: Report) -> str:
    rules: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    results = []
    for f in report.findings:
        if f.rule_id not in rules:
            rules[f.rule_id] = len(descriptors)
            descriptors.append(_rule(f))
        results.append(_result(f, rules[f.rule_id], report.profile.path))
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "csaudit", "version": report.csaudit, "rules": descriptors}},
            "invocations": [{"executionSuccessful": True,
                             "properties": {"evaluated_as_of": report.evaluated_as_of, "engine": report.engine,
                                            "library": report.library.model_dump()}}],
            "artifacts": [{"location": {"uri": report.profile.path}}],
            "results": results,
            "properties": {"profile": report.profile.model_dump(), "summary": report.summary.model_dump()},
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)
