"""csaudit runs: list, show, diff and trend the runs recorded in an audit database."""

from __future__ import annotations

import json
import sys

import click

from ..facts.located.printable import printable
from .options import db_option, format_option, open_db, org_option
from .output import output_option


@click.group()
def runs() -> None:
    """Recorded audit runs: list them, show one, compare two cycles, follow the trend."""


@runs.command("list")
@db_option()
@org_option
@format_option("table", "json")
def list_runs(db_path, org: str | None, fmt: str) -> None:
    """List recorded runs, oldest first."""
    with open_db(db_path) as store:
        store.check_organisation(org)
        found = store.runs(org)
    if fmt == "json":
        click.echo(json.dumps([r.to_json_dict() for r in found], indent=2, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..engine.report.escape import visible
    from ..engine.report.terminal import fits

    console = Console(highlight=False)
    rows = [(str(r.id), visible(r.organisation), visible(r.cycle), r.evaluated_as_of, str(r.summary.gap - r.summary.waived),
             str(r.summary.waived), str(r.summary.unknown), visible(r.run_by), r.recorded_at[:16].replace("T", " "))
            for r in found]
    columns = ("Run", "Organisation", "Cycle", "As of", "Open gaps", "Waived", "Unknown", "Run by", "Recorded")
    unbroken = {"Run", "Cycle", "As of", "Open gaps", "Waived", "Unknown", "Recorded"}
    widths = [max([len(c) if c in unbroken else max(len(w) for w in c.split())]
                  + [len(row[i]) if c in unbroken else max((len(w) for w in row[i].split()), default=0)
                     for row in rows]) for i, c in enumerate(columns)]
    if fits(console, *widths):
        table = Table()
        for col in columns:
            table.add_column(col, no_wrap=col in unbroken, justify="right" if col in ("Run", "Open gaps", "Waived",
                                                                                        "Unknown") else "left")
        for row in rows:
            table.add_row(*map(Text, row))
        console.print(table)
    else:   # too narrow for nine columns: one short block per run, wrapped between words
        for run_id, org, cyc, as_of, open_gaps, waived, unknown, by, at in rows:
            console.print(Text(f"Run {run_id}: {org}, cycle {cyc}, as of {as_of}", style="bold"))
            console.print(Text(f"  {open_gaps} open gap(s), {waived} waived, {unknown} unknown; recorded {at} by {by}"))
    console.print(Text(printable(f"{len(found)} run(s) in {db_path}")))


@runs.command()
@click.argument("ref", metavar="RUN|CYCLE")
@db_option()
@org_option
@format_option("table", "json", "jsonl", "csv", "markdown", "html", "junit", "sarif", "oscal")
@output_option()
@click.option("--status", "statuses", multiple=True, type=click.Choice(["gap", "unknown", "met", "not_applicable"]),
              help="Show only findings with this status in the table (repeatable).")
def show(ref: str, db_path, org: str | None, fmt: str, outputs, statuses) -> None:
    """Show one run (a run id, or a cycle name for its latest run) as check reported it, in any of check's
    formats (the Markdown and HTML reports show the facts each finding used, and the trend up to the run)."""
    from .output import Views, emit, parse_output

    wanted = [parse_output(o) for o in outputs]
    with open_db(db_path) as store:
        stored = store.load(store.resolve(ref, org).id)
        trend = None
        if ({fmt} | {o.fmt for o in wanted}) & {"html", "markdown"}:
            from ..engine.audit.trend import build_trend

            runs_before = [r for r in store.runs(stored.info.organisation) if r.id <= stored.info.id]
            trend = build_trend(stored.info.organisation, runs_before, store.findings, 10)
    report, info = stored.report(), stored.info
    if fmt == "json" and not wanted:
        click.echo(json.dumps({"run": info.to_json_dict(), **report.to_json_dict()}, indent=2, ensure_ascii=False))
        return
    if fmt != "table" or wanted:
        from ..engine.report.document import RunHeader

        views = Views(statuses=tuple(statuses), trend=trend,
                      run=RunHeader(info.id, info.cycle, info.recorded_at, info.run_by))
        emit(report, fmt if fmt != "table" or not wanted else None, wanted, views)
        return
    from rich.console import Console

    from ..engine.report.escape import visible
    from ..engine.report.terminal import render_terminal

    click.echo(visible(f"Run {info.id}: {info.organisation}, cycle {info.cycle}, as of {info.evaluated_as_of}; "
                       f"recorded {info.recorded_at} by {info.run_by}"))
    click.echo(printable(f"Rules: {info.library_source} (version {info.library_version}, digest "
                         f"{info.library_digest}); engine {info.engine}, csaudit {info.csaudit_version}"))
    for w in stored.waivers:
        if w.state != "active":
            click.echo(printable(f"waiver of {w.rule_id}{' for ' + w.subject if w.subject else ''} ({w.source}): "
                                 f"{'expired on ' + w.expires if w.state == 'expired' else 'granted from ' + w.granted}"))
    render_terminal(report, Console(highlight=False), tuple(statuses))


@runs.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@db_option()
@org_option
@format_option("table", "json", "markdown")
@click.option("--all", "show_all", is_flag=True, help="List persisting findings too (table and Markdown).")
@click.option("--fail-on-new", is_flag=True, help="Exit 1 when NEW has gaps OLD did not (waived gaps excepted).")
def diff(old: str, new: str, db_path, org: str | None, fmt: str, show_all: bool, fail_on_new: bool) -> None:
    """Compare two runs (run ids or cycle names): what is new, changed, resolved, and why."""
    from ..engine.audit.diff import diff_runs
    from ..facts.located.problems import UsageError

    with open_db(db_path) as store:
        a, b = store.resolve(old, org), store.resolve(new, org)
        if a.organisation != b.organisation:
            raise UsageError(f"{a.label} and {b.label} are different organisations; runs diff compares the cycles "
                             "of one organisation")
        result = diff_runs(store.load(a.id), store.load(b.id))
    if fmt == "json":
        from ..engine.report.diff_json import render_diff_json

        click.echo(render_diff_json(result))
    elif fmt == "markdown":
        from ..engine.report.diff_markdown import render_diff_markdown

        click.echo(render_diff_markdown(result, show_all), nl=False)
    else:
        from rich.console import Console

        from ..engine.report.diff_table import render_diff_table

        render_diff_table(result, Console(highlight=False), show_all)
    sys.exit(1 if fail_on_new and result.new_gaps else 0)


@runs.command()
@click.argument("organisation", metavar="ORG")
@db_option()
@format_option("table", "json", "markdown")
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="How many of the longest-open gaps to list.")
def trend(organisation: str, db_path, fmt: str, top: int) -> None:
    """Per cycle of ORG: open gaps by strength and risk, and the gaps open longest."""
    from ..engine.audit.trend import build_trend

    with open_db(db_path) as store:
        store.check_organisation(organisation)
        result = build_trend(organisation, store.runs(organisation), store.findings, top)
    if fmt == "json":
        click.echo(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        from ..engine.report.trend_markdown import render_trend_markdown

        click.echo(render_trend_markdown(result), nl=False)
    else:
        from rich.console import Console

        from ..engine.report.trend_table import render_trend_table

        render_trend_table(result, Console(highlight=False))
