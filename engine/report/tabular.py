"""Line-per-record outputs for other tools: CSV (spreadsheets, GRC imports) and JSON Lines (log pipelines).

CSV is written by the standard library's ``csv`` module (quoting, embedded commas and line breaks) and
every text cell goes through :func:`.escape.csv_cell`, so a profile string that starts like a formula is
shown, not run. Lists inside a cell are joined with `` | ``.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

from ..findings import Finding, Report
from .escape import csv_cell
from .views import (AREAS, STAGES, ActionPlan, Register, consequences, owner_text, refs_text, score,
                    subject_text)

FINDING_COLUMNS = (
    "fingerprint", "rule_id", "title", "subject_kind", "subject_key", "subject_name", "status", "waived", "strength",
    "stage", "risk_area", "likelihood", "impact", "score", "rating", "consequences", "message", "remediation",
    "refs", "urls", "owner", "deciding", "facts_used", "missing_facts", "evidence", "waiver_justification",
    "waiver_approver", "waiver_expires",
)


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def _join(items: Iterable[Any]) -> str:
    return " | ".join(str(i) for i in items)


def _value(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v


def evidence_text(f: Finding) -> str:
    parts = []
    for e in f.evidence:
        what = e.document or e.note or e.id or "evidence"
        extra = ", ".join(x for x in (e.url, f"seen {e.seen}" if e.seen else None,
                                      f"confirmed by {e.confirmed_by}" if e.confirmed_by else None) if x)
        parts.append(f"{e.id + ': ' if e.id else ''}{what}" + (f" ({extra})" if extra else ""))
    return _join(parts)


def finding_row(f: Finding) -> list[Any]:
    w = f.waiver
    return [
        f.fingerprint, f.rule_id, f.title, f.subject.kind, f.subject.key, f.subject.name, f.status,
        w is not None, f.strength, f.stage, f.risk_area, f.risk.likelihood, f.risk.impact, score(f), f.risk.rating,
        _join(f.risk.consequences), f.message, f.remediation, refs_text(f), _join(r.url for r in f.refs if r.url),
        owner_text(f), _join(f.deciding),
        _join(f"{u.path}={_value(u.value)}" + (f" (line {u.line})" if u.line else "") for u in f.facts_used),
        _join(f.missing_facts), evidence_text(f), w.justification if w else None, w.approver if w else None,
        w.expires if w else None,
    ]


def render_csv(report: Report) -> str:
    """Every finding, one row each, in report order."""
    return _csv(FINDING_COLUMNS, (finding_row(f) for f in report.findings))


REGISTER_COLUMNS = ("ref", "risk", "finding", "subject", "stage", "risk_area", "likelihood", "impact", "score",
                    "consequences", "rating", "strength", "owner", "action", "due", "status", "clauses", "rule_id",
                    "fingerprint", "evidence")


def render_register_csv(register: Register) -> str:
    return _csv(REGISTER_COLUMNS, ([
        e.ref, e.finding.title, e.finding.message, subject_text(e.finding), STAGES.get(e.finding.stage, e.finding.stage),
        AREAS.get(e.finding.risk_area, e.finding.risk_area), e.finding.risk.likelihood.replace("_", " "),
        e.finding.risk.impact, score(e.finding), _join(consequences(e.finding)), e.finding.risk.rating,
        e.finding.strength, owner_text(e.finding), e.finding.remediation, e.due, e.status, refs_text(e.finding),
        e.finding.rule_id, e.finding.fingerprint, evidence_text(e.finding)] for e in register.entries))


ACTION_COLUMNS = ("ref", "action", "rule_id", "title", "subject", "rating", "strength", "owner", "due",
                  "to_close", "clauses", "fingerprint")


def render_actions_csv(plan: ActionPlan) -> str:
    rows = [[a.ref, a.finding.remediation, a.finding.rule_id, a.finding.title, subject_text(a.finding),
             a.finding.risk.rating, a.finding.strength, owner_text(a.finding), a.due, _join(a.to_close),
             refs_text(a.finding), a.finding.fingerprint] for a in plan.actions]
    rows += [["waived", f"Waived until {f.waiver.expires} ({f.waiver.approver}): {f.waiver.justification}",
              f.rule_id, f.title, subject_text(f), f.risk.rating, f.strength, owner_text(f), f.waiver.expires, "",
              refs_text(f), f.fingerprint] for f in plan.waived]
    return _csv(ACTION_COLUMNS, rows)


def render_jsonl(report: Report) -> str:
    """One JSON object per finding, each carrying the run it belongs to, so lines can be read alone.

    Each finding is written by its model's own serialiser (pydantic's, in Rust) and the run object set in
    front of its fields: the same object as ``{"run": ..., **finding}``, without a Python dict per line.
    """
    run = {"profile": report.profile.name, "profile_path": report.profile.path, "profile_as_of": report.profile.as_of,
           "evaluated_as_of": report.evaluated_as_of, "engine": report.engine, "csaudit": report.csaudit,
           "library_digest": report.library.digest}
    head = '{"run":' + json.dumps(run, ensure_ascii=False, separators=(",", ":")) + ","
    return "".join(head + f.model_dump_json()[1:] + "\n" for f in report.findings)
