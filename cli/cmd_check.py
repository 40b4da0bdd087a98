"""csaudit check: evaluate a profile and report findings."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import as_of_option, engine_option, format_option, load_rules, rules_option

FAIL_ON = {"duty": ("duty",), "recommendation": ("duty", "recommendation"),
           "any": ("duty", "recommendation", "good_practice"), "none": ()}


def exit_code_for(report, fail_on: str) -> int:
    """1 when a gap's strength is at or above the threshold, else 0."""
    blocking = FAIL_ON[fail_on]
    return 1 if any(f.status == "gap" and f.strength in blocking for f in report.findings) else 0


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@format_option("table", "json")
@as_of_option
@engine_option
@rules_option
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="duty", show_default=True,
              help="Exit 1 when a gap of this strength or stronger is found.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["gap", "unknown", "met", "not_applicable"]),
              help="Show only findings with this status in the table (repeatable).")
def check(profile: Path, fmt: str, as_of, engine: str, rules_dirs, fail_on: str, statuses) -> None:
    """Check PROFILE (a YAML organisation profile) against the rule library."""
    from ..engine.evaluate import run_check
    from ..facts.loader import load_profile

    loaded = load_profile(profile)
    library = load_rules(rules_dirs)
    report = run_check(loaded, library, as_of=as_of, engine=engine)
    if fmt == "json":
        from ..engine.report.json_report import render_json

        click.echo(render_json(report))
    else:
        from rich.console import Console

        from ..engine.report.terminal import render_terminal

        render_terminal(report, Console(highlight=False), tuple(statuses))
    sys.exit(exit_code_for(report, fail_on))
