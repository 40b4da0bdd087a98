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
    from ..engine.library import load_library

    return load_library(list(rules_dirs) or None)
