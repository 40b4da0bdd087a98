"""The risk register and the action plan on their own: terminal, Markdown and JSON
(``csaudit report risks`` and ``csaudit report actions``). CSV is in :mod:`.tabular`."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from ..findings import Report
from .document import build_document, template_globals
from .escape import visible
from .templating import markdown_env
from .views import (AREAS, STAGES, STRENGTH_WORDS, ActionPlan, Register, consequences, owner_text, refs_text,
                    score, subject_text)

_RATING_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def _console(width: int | None) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    kwargs: dict[str, Any] = {"file": buffer, "highlight": False}
    if width is not None:
        kwargs.update(width=width, color_system=None)
    else:
        import sys

        kwargs.update(force_terminal=sys.stdout.isatty())
    return Console(**kwargs), buffer


def _header(report: Report, what: str) -> str:
    return (f"{what} of {visible(report.profile.name)}: law as of {report.evaluated_as_of}, risk bands high ≥ "
            f"{report.risk_bands.high}, medium ≥ {report.risk_bands.medium}")


def _block(console: Console, head: list[tuple[str, str]], lines: list[str]) -> None:
    console.print(Rule(style="dim"))
    text = Text()
    for part, style in head:
        text.append(part, style=style)
    console.print(text)
    body = Table.grid(padding=(0, 0, 0, 2), pad_edge=True)
    body.add_column()
    for line in lines:
        body.add_row(Text(visible(line)))
    console.print(body)


def register_table(report: Report, register: Register, by: str = "stage", width: int | None = None) -> str:
    console, buffer = _console(width)
    console.print(Text(_header(report, "Risk register"), style="bold"))
    summary = Table(title="By stage, most exposed first", title_justify="left")
    for col in ("Stage", "High", "Medium", "Low", "Exposure"):
        summary.add_column(col, justify="left" if col == "Stage" else "right", no_wrap=True)
    for g in register.by_stage:
        c = g.counts
        summary.add_row(g.title, str(c["high"]), str(c["medium"]), str(c["low"]), str(g.exposure))
    console.print(summary)
    groups = register.by_area if by == "area" else register.by_stage
    for g in groups:
        if not g.entries:
            continue
        c = g.counts
        console.print(Text(f"\n{g.title}: {len(g.entries)} risk(s), {c['high']} high, {c['medium']} medium, "
                           f"{c['low']} low", style="bold"))
        for e in g.entries:
            f = e.finding
            other = AREAS.get(f.risk_area, f.risk_area) if by == "stage" else STAGES.get(f.stage, f.stage)
            _block(console, [(f"{e.ref}  ", "bold"), (f.risk.rating, _RATING_STYLE[f.risk.rating]),
                             (f"  {STRENGTH_WORDS[f.strength]}; due {e.due}; {e.status}", "")], [
                f"{f.title} ({subject_text(f)})",
                f"{f.risk.likelihood.replace('_', ' ')} x {f.risk.impact} = {score(f)}; consequences: "
                f"{', '.join(consequences(f))}; {'area' if by == 'stage' else 'stage'}: {other}",
                f"Owner: {owner_text(f)}",
                f"Action: {f.remediation}",
                refs_text(f),
            ])
    if not register.entries:
        console.print("No gaps: the register is empty.")
    area = Table(title="By risk area (Chartered IIA)", title_justify="left")
    for col in ("Area", "High", "Medium", "Low"):
        area.add_column(col, justify="left" if col == "Area" else "right", no_wrap=True)
    for g in register.by_area:
        c = g.counts
        area.add_row(g.title, str(c["high"]), str(c["medium"]), str(c["low"]))
    console.print(area)
    if register.unassessed:
        console.print(Text(f"Not yet assessed: {len(register.unassessed)} unknown finding(s); see 'csaudit report "
                           "actions' for the facts to establish."))
    return buffer.getvalue()


def plan_table(report: Report, plan: ActionPlan, width: int | None = None) -> str:
    console, buffer = _console(width)
    console.print(Text(_header(report, "Action plan"), style="bold"))
    if not plan.actions:
        console.print("No open gaps: nothing to put right.")
    for a in plan.actions:
        f = a.finding
        _block(console, [(f"{a.ref}  ", "bold"), (f.risk.rating, _RATING_STYLE[f.risk.rating]),
                         (f"  {STRENGTH_WORDS[f.strength]}; due {a.due}", "")], [
            f"{f.title} ({subject_text(f)}; {f.rule_id})",
            f"Owner: {owner_text(f)}",
            f"Action: {f.remediation}",
            *(f"Closes when: {t}" for t in a.to_close),
        ])
    if plan.waived:
        console.print(Text(f"\nWaived: justified deviations ({len(plan.waived)})", style="bold magenta"))
        for f in plan.waived:
            w = f.waiver
            _block(console, [(f.rule_id, "bold")], [
                f"{f.title} ({subject_text(f)})",
                f"Waived until {w.expires}, approved by {w.approver} on {w.granted}: {w.justification}"])
    if plan.to_establish:
        console.print(Text(f"\nTo establish: facts the profile does not state ({len(plan.to_establish)})",
                           style="bold yellow"))
        for f in plan.to_establish:
            _block(console, [(f.rule_id, "bold"), (f"  {STRENGTH_WORDS[f.strength]}", "")], [
                f"{f.title} ({subject_text(f)})", f"Owner: {owner_text(f)}",
                *(f"Needs: {m}" for m in f.missing_facts or (f.message,))])
    console.print(Rule(style="dim"))
    return buffer.getvalue()


def _md(report: Report, template: str, title: str, **extra) -> str:
    import re

    doc = build_document(report, **extra.pop("doc_args", {}))
    text = markdown_env().get_template(template).render(doc=doc, r=report, **template_globals(), **extra)
    head = f"# {title}: {markdown_env().filters['md'](report.profile.name)}\n\n"
    return head + re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def register_markdown(report: Report, register: Register, by: str = "stage") -> str:
    return _md(report, "register.md.j2", "Risk register", by=by, doc_args={"due_days": register.due_days})


def plan_markdown(report: Report, plan: ActionPlan) -> str:
    explanations = {a.finding.fingerprint: _Closing(a.to_close) for a in plan.actions}
    return _md(report, "plan.md.j2", "Action plan", doc_args={"due_days": plan.due_days, "explanations": explanations})


class _Closing:
    """What the plan's template reads of an explanation: the facts that would close the gap."""

    def __init__(self, to_close):
        self.to_close = tuple(to_close)


def _entry(f) -> dict[str, Any]:
    return {"rule_id": f.rule_id, "fingerprint": f.fingerprint, "title": f.title,
            "subject": f.subject.model_dump(mode="json"), "strength": f.strength, "stage": f.stage,
            "stage_title": STAGES.get(f.stage, f.stage), "risk_area": f.risk_area,
            "risk_area_title": AREAS.get(f.risk_area, f.risk_area), "likelihood": f.risk.likelihood,
            "impact": f.risk.impact, "score": score(f), "rating": f.risk.rating,
            "consequences": list(f.risk.consequences), "message": f.message, "remediation": f.remediation,
            "owner": f.owner.model_dump(mode="json") if f.owner else None,
            "refs": [r.model_dump(mode="json") for r in f.refs], "evidence": [e.model_dump(mode="json") for e in f.evidence]}


def _run(report: Report) -> dict[str, Any]:
    return {"organisation": report.profile.name, "profile": report.profile.path,
            "evaluated_as_of": report.evaluated_as_of, "risk_bands": report.risk_bands.model_dump()}


def register_json(report: Report, register: Register) -> dict[str, Any]:
    return {**_run(report), "due_days": register.due_days,
            "risks": [{"ref": e.ref, "due": e.due, "status": e.status, **_entry(e.finding)} for e in register.entries],
            "by_stage": [{"stage": g.key, "title": g.title, **g.counts, "exposure": g.exposure,
                          "refs": [e.ref for e in g.entries]} for g in register.by_stage],
            "by_area": [{"risk_area": g.key, "title": g.title, **g.counts, "refs": [e.ref for e in g.entries]}
                        for g in register.by_area],
            "unassessed": [f.fingerprint for f in register.unassessed]}


def plan_json(report: Report, plan: ActionPlan) -> dict[str, Any]:
    return {**_run(report), "due_days": plan.due_days,
            "actions": [{"ref": a.ref, "due": a.due, "to_close": list(a.to_close), **_entry(a.finding)}
                        for a in plan.actions],
            "waived": [{**_entry(f), "waiver": f.waiver.model_dump(mode="json")} for f in plan.waived],
            "to_establish": [{**_entry(f), "missing_facts": list(f.missing_facts)} for f in plan.to_establish]}
