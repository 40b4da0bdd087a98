"""SARIF 2.1.0 output, so code-scanning dashboards and CI annotators can show findings.

By default only what needs attention becomes a result: gaps (``kind: fail``) and unknowns (``kind: open``,
the tool could not decide). With ``include_passes`` met findings are added as ``kind: pass``, not-applicable
ones as ``notApplicable`` and unanswered auditor questions as ``review``. A gap's level follows its strength
and risk rating (a legal duty or a high risk is an error). Waived gaps carry an accepted external
suppression with the justification. Each result points at the profile by a relative, percent-encoded URI
(against ``%SRCROOT%``, the directory csaudit ran in) and at the line of the fact that decided it. Given the
previous run's report, each result has a ``baselineState`` and gaps that have gone are listed as absent.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..findings import Finding, Report
from ..risk import IMPACT, LIKELIHOOD
from .views import AREAS, STAGES, STRENGTH_WORDS

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_KIND = {"gap": "fail", "met": "pass", "not_applicable": "notApplicable", "unknown": "open", "manual": "review"}
# Level of a gap by strength, then rating.
_LEVEL = {"duty": {"high": "error", "medium": "error", "low": "warning"},
          "recommendation": {"high": "error", "medium": "warning", "low": "note"},
          "good_practice": {"high": "warning", "medium": "note", "low": "note"}}
_DEFAULT_LEVEL = {"duty": "error", "recommendation": "warning", "good_practice": "note"}
SRCROOT = "%SRCROOT%"
REPORTED = ("gap", "unknown")


def artifact_uri(path: str, base: str | None = None) -> str:
    """The profile as a relative, percent-encoded URI reference from ``base`` (default: the working
    directory), with forward slashes whatever the platform."""
    rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base or os.getcwd()))
    return quote(Path(rel).as_posix(), safe="/-._~")


def level(f: Finding) -> str:
    return _LEVEL[f.strength][f.risk.rating] if f.status == "gap" else "none"


def _rule(f: Finding) -> dict[str, Any]:
    url = next((r.url for r in f.refs if r.url), None)
    cites = "; ".join(f"{r.document}{' (' + r.edition + ')' if r.edition else ''} {r.clause}" for r in f.refs)
    links = [f"[{r.document} {r.clause}]({r.url})" for r in f.refs if r.url]
    help_text = (f"{f.title}. This is a {STRENGTH_WORDS[f.strength]} from {cites}. It concerns the "
                 f"{STAGES.get(f.stage, f.stage).lower()} stage of customer service and the "
                 f"{AREAS.get(f.risk_area, f.risk_area).lower()} risk area. How to put it right: {f.remediation}")
    rule: dict[str, Any] = {
        "id": f.rule_id,
        "name": f.title,
        "shortDescription": {"text": f.title},
        "fullDescription": {"text": f"{f.title} ({cites})."},
        "help": {"text": help_text,
                 "markdown": help_text + ("\n\nSources: " + ", ".join(links) if links else "")},
        "defaultConfiguration": {"level": _DEFAULT_LEVEL[f.strength]},
        "properties": {"strength": f.strength, "stage": f.stage, "risk_area": f.risk_area,
                       "refs": [r.model_dump() for r in f.refs], "tags": [f.strength, f.stage, f.risk_area]},
    }
    if url:
        rule["helpUri"] = url
    return rule


def deciding_line(f: Finding) -> int | None:
    """The profile line of the fact that decided the finding; else of the first fact it used."""
    lines = {u.path: u.line for u in f.facts_used if u.line}
    return next((lines[p] for p in f.deciding if p in lines), None) or next(
        (u.line for u in f.facts_used if u.line), None)


def _result(f: Finding, index: int, uri: str, baseline: str | None) -> dict[str, Any]:
    line = deciding_line(f)
    text = f.message if f.status != "gap" else f"{f.message} Fix: {f.remediation}"
    if f.status == "unknown" and f.missing_facts:
        text += " State in the profile: " + "; ".join(f.missing_facts) + "."
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT, "index": 0}}
    if line:
        physical["region"] = {"startLine": line}
    score = LIKELIHOOD[f.risk.likelihood] * IMPACT[f.risk.impact]
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "kind": _KIND[f.status],
        "level": level(f),
        "rank": round(score * 4.0, 1),   # likelihood x impact (1-25) on SARIF's 0-100 scale
        "message": {"text": text},
        "locations": [{"physicalLocation": physical,
                       "logicalLocations": [{"name": f.subject.name,
                                             "fullyQualifiedName": f"{f.subject.kind}:{f.subject.key}",
                                             "kind": f.subject.kind}]}],
        "partialFingerprints": {"csaudit/v1": f.fingerprint},
        "properties": {"status": f.status, "strength": f.strength, "risk": f.risk.model_dump(),
                       "missing_facts": list(f.missing_facts), "deciding": list(f.deciding),
                       "facts_used": [u.model_dump() for u in f.facts_used],
                       "evidence": [e.model_dump() for e in f.evidence],
                       "owner": f.owner.model_dump() if f.owner else None},
    }
    if baseline:
        result["baselineState"] = baseline
    if f.waiver is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": f"{f.waiver.justification} (approved by {f.waiver.approver}, "
                                                    f"expires {f.waiver.expires})"}]
    return result


def _state(f: Finding) -> tuple:
    return (f.status, f.risk.rating, f.waiver is not None)


def render_sarif(report: Report, *, include_passes: bool = False, previous: Report | None = None,
                 base: str | None = None) -> str:
    """SARIF for ``report``; ``previous`` (the last run's report) adds baseline states; ``base`` is the
    directory artifact URIs are relative to (default: the working directory)."""
    shown = [f for f in report.findings if include_passes or f.status in REPORTED]
    before = {f.fingerprint: f for f in previous.findings if include_passes or f.status in REPORTED} \
        if previous is not None else None
    rules: dict[str, int] = {}
    descriptors: list[dict[str, Any]] = []
    uri = artifact_uri(report.profile.path, base)

    def index(f: Finding) -> int:
        if f.rule_id not in rules:
            rules[f.rule_id] = len(descriptors)
            descriptors.append(_rule(f))
        return rules[f.rule_id]

    results = []
    for f in shown:
        state = None
        if before is not None:
            old = before.get(f.fingerprint)
            state = "new" if old is None else "unchanged" if _state(old) == _state(f) else "updated"
        results.append(_result(f, index(f), uri, state))
    if before is not None:
        now = {f.fingerprint for f in shown}
        for f in before.values():
            if f.fingerprint not in now:
                gone = _result(f, index(f), uri, "absent")
                gone["kind"], gone["level"] = "pass", "none"
                gone["message"] = {"text": f"No longer reported (was {f.status}): {f.message}"}
                results.append(gone)
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "csaudit", "version": report.csaudit, "rules": descriptors}},
            "automationDetails": {"id": f"csaudit/{report.profile.name}/{report.evaluated_as_of}"},
            "originalUriBaseIds": {SRCROOT: {"description": {"text": "The directory csaudit was run from"}}},
            "invocations": [{"executionSuccessful": True,
                             "properties": {"evaluated_as_of": report.evaluated_as_of, "engine": report.engine,
                                            "library": report.library.model_dump(),
                                            "risk_bands": report.risk_bands.model_dump()}}],
            "artifacts": [{"location": {"uri": uri, "uriBaseId": SRCROOT}, "roles": ["analysisTarget"],
                           "mimeType": "application/yaml"}],
            "results": results,
            "properties": {"profile": report.profile.model_dump(), "summary": report.summary.model_dump(),
                           "passes_included": include_passes},
        }],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)
