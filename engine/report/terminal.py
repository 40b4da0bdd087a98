"""The terminal report: findings grouped by status, gaps first, legal duties before recommendations."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report

_STATUS_STYLE = {"gap": "bold red", "unknown": "yellow", "met": "green", "not_applicable": "dim"}
_STATUS_TITLE = {"gap": "Gaps", "unknown": "Unknown: facts needed", "met": "Met", "not_applicable": "Not applicable"}
_RISK_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
_STRENGTH = {"duty": "legal duty", "recommendation": "should", "good_practice": "good practice"}


def _refs(f: Finding) -> str:
    return "; ".join(f"{r.document} {r.clause}" for r in f.refs)


def summary_line(report: Report) -> str:
    s = report.summary
    duty_gaps = sum(1 for f in report.findings if f.status == "gap" and f.strength == "duty")
    return (f"{report.profile.name}: {s.gap} gap(s) ({duty_gaps} legal), {s.unknown} unknown, {s.met} met, "
            f"{s.not_applicable} not applicable — {report.library.rules} rules, law as of {report.evaluated_as_of}, "
            f"{report.engine} engine")


def render_terminal(report: Report, console: Console, statuses: tuple[str, ...] = ()) -> None:
    shown = statuses or ("gap", "unknown", "met", "not_applicable")
    for status in ("gap", "unknown", "met", "not_applicable"):
        group = [f for f in report.findings if f.status == status]
        if status not in shown or not group:
            continue
        table = Table(title=Text(f"{_STATUS_TITLE[status]} ({len(group)})", style=_STATUS_STYLE[status]),
                      title_justify="left", show_lines=status in ("gap", "unknown"), expand=True)
        table.add_column("Rule", ratio=3, overflow="fold")
        table.add_column("Subject", ratio=1, overflow="fold")
        table.add_column("Strength", ratio=1)
        table.add_column("Risk", ratio=1)
        table.add_column("Finding", ratio=5, overflow="fold")
        for f in group:
            finding = Text(f.message)
            if status == "gap":
                finding.append(f"\nFix: {f.remediation}", style="italic")
            finding.append(f"\n{_refs(f)}", style="dim")
            table.add_row(Text(f.rule_id, style="bold"), f.subject.name, _STRENGTH[f.strength],
                          Text(f.risk.rating, style=_RISK_STYLE[f.risk.rating]), finding)
        console.print(table)
    console.print(Text(summary_line(report), style="bold"))
