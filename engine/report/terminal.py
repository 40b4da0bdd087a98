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


def group_table(title: str, count: int, style: str, columns: tuple[tuple[str, int, str], ...],
                show_lines: bool = True) -> Table:
    """A titled table for one group of findings; columns are (name, width ratio, overflow)."""
    table = Table(title=Text(f"{title} ({count})", style=style), title_justify="left", show_lines=show_lines,
                  expand=True)
    for name, ratio, overflow in columns:
        table.add_column(name, ratio=ratio, overflow=overflow)
    return table


def _group(f: Finding) -> str:
    """Waived findings get their own group; everything else stays under its status."""
    return "waived" if f.waiver is not None else f.status


def summary_line(report: Report) -> str:
    s = report.summary
    duty_gaps = sum(1 for f in report.findings if f.open_gap and f.strength == "duty")
    waived = f", {s.waived} waived" if s.waived else ""
    manual = f", {s.manual} manual" if s.manual else ""
    return (f"{report.profile.name}: {s.gap} gap(s) ({duty_gaps} legal{waived}), {s.unknown} unknown, {s.met} met, "
            f"{s.not_applicable} not applicable{manual} — {report.library.rules} rules, law as of "
            f"{report.evaluated_as_of}, {report.engine} engine")


DETAILED = ("gap", "unknown")  # shown row by row unless --status asks for others
_TITLES = {**_STATUS_TITLE, "manual": "Manual: questions for the auditor"}
_STYLES = {**_STATUS_STYLE, "manual": "cyan"}
_ORDER = ("gap", "waived", "unknown", "manual", "met", "not_applicable")


def _short_refs(f: Finding, short: dict[str, str]) -> str:
    return "; ".join(f"{short.get(r.document, r.document)} {r.clause}" for r in f.refs)


def render_terminal(report: Report, console: Console, statuses: tuple[str, ...] = (),
                    short_names: dict[str, str] | None = None) -> None:
    """Gaps first (legal duties before recommendations), then unknowns; other groups as counts
    unless ``statuses`` asks for them."""
    short = short_names or {}
    detailed = statuses or DETAILED
    for status in _ORDER:
        group = [f for f in report.findings if _group(f) == status]
        if not group:
            continue
        # --status gap shows waived gaps too: they are gaps, with a justification.
        if {"waived": "gap"}.get(status, status) not in detailed:
            console.print(Text(f"{_TITLES[status]}: {len(group)} (show with --status {status})",
                               style=_STYLES[status]), soft_wrap=True)
            continue
        table = Table(title=Text(f"{_TITLES[status]} ({len(group)})", style=_STYLES[status]),
                      title_justify="left", show_lines=True, expand=True)
        table.add_column("Rule", ratio=2, overflow="fold")
        table.add_column("Finding", ratio=5, overflow="fold")
        table.add_column("Weight", width=14, no_wrap=True)
        for f in group:
            rule = Text(f.rule_id, style="bold")
            if f.subject.kind != "organisation":
                rule.append(f"\n{f.subject.kind}: {f.subject.name}", style="dim")
            finding = Text(f.message)
            if f.status == "gap":
                finding.append(f"\nFix: {f.remediation}", style="italic")
            if f.waiver is not None:
                w = f.waiver
                finding.append(f"\nWaived until {w.expires}, approved by {w.approver}: {w.justification}",
                               style="magenta")
            finding.append(f"\n{_short_refs(f, short)}", style="dim")
            weight = Text(_STRENGTH[f.strength])
            weight.append(f"\nrisk {f.risk.rating}", style=_RISK_STYLE[f.risk.rating])
            table.add_row(rule, finding, weight)
        console.print(table)
    console.print(Text(summary_line(report), style="bold"), soft_wrap=True)
