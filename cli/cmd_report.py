"""csaudit report: the risk register and the action plan of a profile, and the JSON Schema of the output."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cmd_check import evaluate_profile, risk_bands_option
from .options import as_of_option, engine_option, rules_option, waivers_option
from .output import due_days_option

FORMATS = ("table", "markdown", "csv", "json")
_EXT = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json", ".txt": "table"}


@click.group()
def report() -> None:
    """Reports people act on: the risk register by stage and area, the action plan, the output schema."""


def _common(f):
    for decorate in reversed((click.argument("profile", type=click.Path(dir_okay=False, path_type=Path)),
                              click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                                           show_default=True, help="Output format."),
                              click.option("-o", "--output", "output", metavar="FILE", type=click.Path(path_type=Path),
                                           help="Write to FILE instead of standard output (the format from "
                                                "--format, else from the extension: .md, .csv, .json, .txt)."),
                              as_of_option, engine_option, rules_option, risk_bands_option, due_days_option,
                              waivers_option)):
        f = decorate(f)
    return f


def _format(fmt: str, output: Path | None) -> str:
    if output is not None and fmt == "table":
        return _EXT.get(output.suffix.lower(), "table")
    return fmt


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from .output import write_file

    write_file(output, text)
    click.echo(f"csaudit: wrote {output}", err=True)


@report.command()
@_common
@click.option("--by", type=click.Choice(["stage", "area"]), default="stage", show_default=True,
              help="Group the register by stage of the customer-service process or by the Chartered IIA's risk areas.")
def risks(profile, fmt, output, as_of, engine, rules_dirs, risk_bands, due_days, waivers_path, by) -> None:
    """The risk register of PROFILE: every gap as NOS INSCS027 asks (stage, likelihood, consequences, rating,
    owner, action, due date, status), grouped by stage (most exposed first) or by risk area."""
    from ..engine.report import register_text
    from ..engine.report.views import risk_register
    from .output import parse_due_days

    days = parse_due_days(due_days)
    _, _, applied = evaluate_profile(profile, as_of, engine, rules_dirs, risk_bands, waivers_path)
    reg = risk_register(applied.report, days)
    fmt = _format(fmt, output)
    if fmt == "csv":
        from ..engine.report.tabular import render_register_csv

        _write(render_register_csv(reg), output)
    elif fmt == "json":
        _write(json.dumps(register_text.register_json(applied.report, reg), indent=2, ensure_ascii=False) + "\n",
               output)
    elif fmt == "markdown":
        _write(register_text.register_markdown(applied.report, reg, by), output)
    else:
        _write(register_text.register_table(applied.report, reg, by, width=None if output is None else 100), output)


@report.command()
@_common
def actions(profile, fmt, output, as_of, engine, rules_dirs, risk_bands, due_days, waivers_path) -> None:
    """The action plan of PROFILE: open gaps by rating and strength, each with its remediation, owner, a due
    date from its rating and the facts that would close it; waived gaps with their justification; and the
    facts to establish for unknowns."""
    from ..engine.report import register_text
    from ..engine.report.views import action_plan
    from .output import explain_open, parse_due_days

    days = parse_due_days(due_days)
    loaded, library, applied = evaluate_profile(profile, as_of, engine, rules_dirs, risk_bands, waivers_path)
    plan = action_plan(applied.report, explain_open(applied.report, loaded, library), days)
    fmt = _format(fmt, output)
    if fmt == "csv":
        from ..engine.report.tabular import render_actions_csv

        _write(render_actions_csv(plan), output)
    elif fmt == "json":
        _write(json.dumps(register_text.plan_json(applied.report, plan), indent=2, ensure_ascii=False) + "\n", output)
    elif fmt == "markdown":
        _write(register_text.plan_markdown(applied.report, plan), output)
    else:
        _write(register_text.plan_table(applied.report, plan, width=None if output is None else 100), output)


@report.command()
def schema() -> None:
    """Print the JSON Schema of 'check --format json' (and of 'runs show --format json' without its run)."""
    from ..engine.report.schema import published_schema_text

    click.echo(published_schema_text(), nl=False)
