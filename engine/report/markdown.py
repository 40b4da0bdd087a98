"""A check (or a recorded run) as Markdown: summary, risk register by stage and area, action plan, and
each gap and unknown with its argument and evidence. Written with a Jinja2 template; every profile
string is escaped for Markdown (see :mod:`.templating`)."""

from __future__ import annotations

import re

from ..findings import Report
from .document import Document, build_document, template_globals
from .templating import markdown_env


def render_document_markdown(doc: Document) -> str:
    template = markdown_env().get_template("report.md.j2")
    text = template.render(doc=doc, **template_globals())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_markdown(report: Report, **kwargs) -> str:
    return render_document_markdown(build_document(report, **kwargs))
