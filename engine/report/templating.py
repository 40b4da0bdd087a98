"""The Jinja2 environments the HTML and Markdown reports are written with.

HTML: autoescaping on for every template, so a profile string is always text (``<script>`` arrives as
``&lt;script&gt;``); control characters are shown as escapes first. Markdown: every value printed is
passed through :func:`.escape.md_inline` unless it is :class:`markupsafe.Markup` (markup the template
builds itself). Templates ship in ``templates/`` beside this module and are read with the package
loader, so an installed wheel finds them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import escape as esc


def _html_finalize(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return esc.visible(value)
    return "" if value is None else value


def _md_finalize(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return esc.md_inline(value)


def _filters(env: Environment) -> None:
    env.filters["cell"] = lambda v: Markup(esc.md_cell("" if v is None else v))
    env.filters["md"] = lambda v: Markup(esc.md_inline("" if v is None else v))
    env.filters["para"] = lambda v: Markup(esc.md_inline("" if v is None else v, line_start=True))
    env.filters["visible"] = esc.visible


@lru_cache(maxsize=None)
def html_env() -> Environment:
    env = Environment(loader=PackageLoader("csaudit.engine.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      finalize=_html_finalize, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    _filters(env)
    return env


@lru_cache(maxsize=None)
def markdown_env() -> Environment:
    env = Environment(loader=PackageLoader("csaudit.engine.report", "templates"), autoescape=False,
                      finalize=_md_finalize, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    _filters(env)
    return env
