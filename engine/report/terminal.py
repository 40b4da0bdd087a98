"""The terminal report: findings grouped by status, gaps first, legal duties before recommendations."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Report

_STATUS_STYLE = {"gap": "bold red", "waived": "magenta", "unknown": "yellow", "met": "green", "not_applicable": "dim"}
_STATUS_TITLE = {"gap": "Gaps", "waived": "Waived gaps: justified deviations", "unknown": "Unknown: facts needed",
                 "met": "Met", "not_applicable": "Not applicable"}
_GROUPS = ("gap", "waived", "unknown", "met", "not_applicable")
_RISK_STYLE = {"high": "bold red", "medium": "yellow", "low": "dim"}
_STRENGTH = {"duty": "legal duty", "recommendation": "should", "good_practice": "good practice"}


def _refs(f: Finding) -> str:
    return "; ".join(f"{r.document} {r.clause}" for r in f.refs)


def group_table(title: str, count: int, style: str, columns: tuple[tuple[str, int, str], ...],
                show_lines: bool = True) -> Table:
    """A titled table for one group of findings; columns are (name, width ratio, overflow)."""
    table = Table(title=Text(f"{title} ({count})", style=style), title_justify="left", show_lines=show_lines,
                  expand=True)
    for name, ratio, overflow in columns:
        table.add_column(name, ratio=ratio, overflow=overflow)
    return table


_COLUMNS = (("Rule", 3, "fold"), ("Subject", 1, "fold"), ("Strength", 1, "ellipsis"), ("Risk", 1, "ellipsis"),
            ("Finding", 5, "fold"))


def _group(f: Finding) -> str:
    """Waived findings get their own group; everything else stays under its status."""
    return "waived" if f.waiver is not None else f.status


def summary_line(report: Report) -> str:
    s = report.summary
    duty_gaps = sum(1 for f in report.findings if f.status == "gap" and f.strength == "duty")
    waived = f", {s.waived} waived" if s.waived else ""
    return (f"{report.profile.name}: {s.gap} gap(s) ({duty_gaps} legal{waived}), {s.unknown} unknown, {s.met} met, "
            f"{s.not_applicable} not applicable — {report.library.rules} rules, law as of {report.evaluated_as_of}, "
            f"{report.engine} engine")


def render_terminal(report: Report, console: Console, statuses: tuple[str, ...] = ()) -> None:
    shown = statuses or ("gap", "unknown", "met", "not_applicable")
    for status in _GROUPS:
        group = [f for f in report.findings if _group(f) == status]
        # --status gap shows waived gaps too: they are gaps, with a justification.
        if {"waived": "gap"}.get(status, status) not in shown or not group:
            continue
        table = group_table(_STATUS_TITLE[status], len(group), _STATUS_STYLE[status], _COLUMNS,
                            show_lines=status in ("gap", "waived", "unknown"))
        for f in group:
            finding = Text(f.message)
            if status == "gap":
                finding.append(f"\nFix: {f.remediation}", style="italic")
            if f.waiver is not None:
                w = f.waiver
                finding.append(f"\nWaived until {w.expires}, approved by {w.approver}: {w.justification}",
                              style="magenta")
            finding.append(f"\n{_refs(f)}", style="dim")
            table.add_row(Text(f.rule_id, style="bold"), Text(f.subject.name), _STRENGTH[f.strength],
                          Text(f.risk.rating, style=_RISK_STYLE[f.risk.rating]), finding)
        console.print(table)
    console.print(Text(summary_line(report), style="bold"))
