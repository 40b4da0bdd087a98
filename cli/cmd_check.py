"""csaudit check: evaluate a profile, report findings, and record the run when asked."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (DEFAULT_DB, as_of_option, cycle_option, db_option, engine_option, format_option, load_rules,
                      open_db, rules_option, run_by_option, waivers_option)

FAIL_ON = {"duty": ("duty",), "recommendation": ("duty", "recommendation"),
           "any": ("duty", "recommendation", "good_practice"), "none": ()}


def _risk_matrix(text: str):
    """--risk-bands '15,6' -> a matrix; a wrong value is a usage error, not a traceback."""
    from ..engine.risk import RiskMatrix
    from ..facts.located.problems import UsageError

    try:
        high, medium = (int(x) for x in text.split(","))
    except ValueError:
        raise UsageError(f"--risk-bands {text!r}: expected two whole numbers HIGH,MEDIUM, e.g. 15,6") from None
    if not 1 <= medium < high <= 25:
        raise UsageError(f"--risk-bands {text!r}: need 1 <= MEDIUM < HIGH <= 25 (scores are likelihood x impact)")
    return RiskMatrix(high=high, medium=medium)


def exit_code_for(report, fail_on: str, fail_on_unknown: str = "none") -> int:
    """1 when an unwaived gap at or above ``fail_on`` is found, or an undecided finding (unknown, or an
    unanswered manual question) at or above ``fail_on_unknown``; else 0. Silence must not pass a gate."""
    blocking, undecided = FAIL_ON[fail_on], FAIL_ON[fail_on_unknown]
    if any(f.open_gap and f.strength in blocking for f in report.findings):
        return 1
    return 1 if any(f.status in ("unknown", "manual") and f.strength in undecided for f in report.findings) else 0


def _waivers(profile: Path, waivers_path: Path | None, library):
    """The waivers for this profile: --waivers, else waivers.yaml beside it; duties refused."""
    from ..engine.audit.waivers import check_waivers, default_waivers_path, load_waivers

    path = waivers_path or default_waivers_path(profile)
    if path is None:
        return ()
    waivers = load_waivers(path)
    check_waivers(waivers, {rid: rule.spec.strength for rid, rule in library.rules.items()})
    return waivers


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False, path_type=Path))
@format_option("table", "json", "sarif")
@as_of_option
@engine_option
@rules_option
@click.option("--risk-bands", default="15,6", show_default=True, metavar="HIGH,MEDIUM",
              help="Risk score (likelihood x impact, 1-25) at or above which a risk is high, and medium.")
@click.option("--fail-on", type=click.Choice(list(FAIL_ON)), default="duty", show_default=True,
              help="Exit 1 when an unwaived gap of this strength or stronger is found.")
@click.option("--fail-on-unknown", type=click.Choice(list(FAIL_ON)), default="none", show_default=True,
              help="Also exit 1 when a finding of this strength or stronger is unknown or an unanswered manual "
                   "question, so a profile that states too little cannot pass.")
@click.option("--status", "statuses", multiple=True,
              type=click.Choice(["gap", "unknown", "manual", "met", "not_applicable"]),
              help="Statuses listed row by row in the table (repeatable; default: gap and unknown).")
@waivers_option
@db_option(default=None)
@cycle_option
@run_by_option
def check(profile: Path, fmt: str, as_of, engine: str, rules_dirs, risk_bands: str, fail_on: str,
          fail_on_unknown: str, statuses, waivers_path, db_path, cycle, run_by) -> None:
    """Check PROFILE (a YAML organisation profile) against the rule library.

    With --db, --cycle or CSAUDIT_DB the run is recorded in an audit database
    (see 'csaudit runs'); without them nothing is written.
    """
    from ..engine.audit.record import now_utc
    from ..engine.audit.waivers import apply_waivers
    from ..engine.evaluate import run_check
    from ..facts.loader import load_profile

    started = now_utc()
    loaded = load_profile(profile)
    library = load_rules(rules_dirs)
    waivers = _waivers(profile, waivers_path, library)
    recording = db_path is not None or cycle is not None
    store = open_db(db_path or Path(DEFAULT_DB), create=True) if recording else None
    try:
        matrix = _risk_matrix(risk_bands)
        applied = apply_waivers(run_check(loaded, library, as_of=as_of, engine=engine, matrix=matrix), waivers)
        for warning in applied.warnings:
            click.echo(warning, err=True)
        report = applied.report
        if store is not None:
            from ..engine.audit.record import build_record, run_by_default

            name = cycle or report.evaluated_as_of
            run_id = store.record(build_record(report, loaded, library, applied.states, cycle=name,
                                               run_by=run_by or run_by_default(), started_at=started))
            click.echo(f"csaudit: recorded run {run_id} of {report.profile.name}, cycle {name}, in {store.path}",
                       err=True)
    finally:
        if store is not None:
            store.close()
    if fmt == "json":
        from ..engine.report.json_report import render_json

        click.echo(render_json(report))
    elif fmt == "sarif":
        from ..engine.report.sarif import render_sarif

        click.echo(render_sarif(report))
    else:
        from rich.console import Console

        from ..engine.report.terminal import render_terminal

        short = {c.catalogue.document: c.catalogue.short for c in library.catalogues if c.catalogue.short}
        render_terminal(report, Console(highlight=False), tuple(statuses), short)
    sys.exit(exit_code_for(report, fail_on, fail_on_unknown))
