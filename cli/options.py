"""Option decorators shared by several commands, so each means the same everywhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click


class DateType(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-23", param, ctx)


def rules_option(f):
    """--rules DIR (repeatable): rule folders to use instead of the bundled library."""
    return click.option(
        "--rules", "rules_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Rule folder to use instead of the bundled library (repeatable).",
    )(f)


def engine_option(f):
    return click.option(
        "--engine", type=click.Choice(["durable", "python"]), default="durable", show_default=True,
        help="Matching engine: durable-rules, or the plain Python evaluator.",
    )(f)


def as_of_option(f):
    return click.option(
        "--as-of", "as_of", type=DateType(), default=None,
        help="Apply the law in force on this date (default: the profile's as_of).",
    )(f)


def format_option(*choices: str, default: str = "table"):
    def decorate(f):
        return click.option(
            "--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
            help="Output format.",
        )(f)

    return decorate


def load_rules(rules_dirs: tuple[Path, ...]):
    """The library from --rules folders, or the bundled one."""
    from ..engine.library.loader import load_library

    return load_library(list(rules_dirs) or None)


DEFAULT_DB = "csaudit.db"


def db_option(default: str | None = DEFAULT_DB):
    """--db FILE (env CSAUDIT_DB): the audit database; ``default`` None means "only when asked"."""
    helps = ("Audit database to record this run in (recording happens when --db, --cycle or CSAUDIT_DB is "
             f"given; with --cycle alone: ./{DEFAULT_DB})." if default is None else "Audit database to read.")

    def decorate(f):
        return click.option(
            "--db", "db_path", type=click.Path(path_type=Path), default=default, envvar="CSAUDIT_DB", metavar="FILE",
            show_envvar=True, show_default=default is not None, help=helps,
        )(f)

    return decorate


def plain_name(ctx, param, value):
    """A --cycle, --run-by or --org value: plain text on one line, of a sensible length (it is recorded and shown)."""
    if value is None:
        return None
    from ..facts.located import limits
    from ..facts.located.printable import printable

    shown = printable(value)
    if shown != value:
        raise click.BadParameter(f"'{shown}' holds a control or formatting character (shown as an escape); "
                                 "use plain text on one line")
    if not value.strip():
        raise click.BadParameter("must not be blank")
    if len(value) > limits.ARG_CHARS.value:
        raise click.BadParameter(f"{len(value):,} characters is longer than csaudit records "
                                 f"({limits.ARG_CHARS.explain()})")
    return value


def cycle_option(f):
    return click.option(
        "--cycle", metavar="NAME", callback=plain_name,
        help="Audit cycle to record this run under, e.g. 2026-Q3 (default: the as-of date).",
    )(f)


def run_by_option(f):
    return click.option(
        "--run-by", "run_by", envvar="CSAUDIT_RUN_BY", show_envvar=True, metavar="NAME", callback=plain_name,
        help="Who ran the check, as recorded with the run (default: the login name).",
    )(f)


def waivers_option(f):
    return click.option(
        "--waivers", "waivers_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Waiver file (default: waivers.yaml beside the profile, when there is one).",
    )(f)


def org_option(f):
    return click.option("--org", "org", metavar="NAME", callback=plain_name,
                        help="Only this organisation's runs (needed when a cycle name is shared).")(f)


def open_db(db_path: Path, *, create: bool = False):
    """The audit database at ``db_path``; reading commands never create one."""
    from ..engine.audit.store import open_store

    return open_store(db_path, create=create)
