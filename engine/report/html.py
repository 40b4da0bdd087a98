"""The HTML report: one self-contained file a board would accept, that prints to PDF cleanly.

Summary, charts of open gaps by stage, area and rating, the risk matrix as a heat map, the risk register
and the action plan, every gap and unknown with its argument and evidence, and (with an audit database)
a trend chart across cycles. No script, no web fonts, no images fetched: styles are inline, charts are
inline SVG (see :mod:`.charts`), and a Content-Security-Policy forbids any request, so the file opens
the same offline and in an email attachment. Written with a Jinja2 template with autoescaping on.
"""

from __future__ import annotations

from importlib.resources import files

from markupsafe import Markup

from ..findings import Report
from . import charts, views
from .document import Document, build_document, template_globals
from .templating import html_env


def _charts(doc: Document) -> dict[str, Markup]:
    r = doc.report
    by_stage = views.open_by(r, "stage")
    by_area = views.open_by(r, "risk_area")
    zero = {k: 0 for k in views.RATINGS}
    stage_rows = [(t, by_stage.get(k, zero)) for k, t in views.STAGES.items()]
    area_rows = [(t, by_area.get(k, zero)) for k, t in views.AREAS.items()]
    ratings = {k: {"duty": 0, "other": 0} for k in views.RATINGS}
    for f in r.findings:
        if f.open_gap:
            ratings[f.risk.rating]["duty" if f.strength == "duty" else "other"] += 1
    out = {
        "stage": charts.stacked_bars("Open gaps by stage of the customer-service process", stage_rows),
        "area": charts.stacked_bars("Open gaps by risk area (Chartered IIA)", area_rows),
        "rating": charts.rating_columns("Open gaps by rating", ratings),
        "heat": charts.heat_map(views.matrix_counts(r), r.risk_bands.high, r.risk_bands.medium),
    }
    if doc.trend is not None and doc.trend.points:
        out["trend"] = charts.trend_lines([(p.run.cycle, {"open": p.open_gaps, "duty": p.by_strength.get("duty", 0),
                                                          "high": p.by_rating.get("high", 0)})
                                           for p in doc.trend.points])
    return out


def render_document_html(doc: Document) -> str:
    css = files("csaudit.engine.report").joinpath("templates/report.css").read_text(encoding="utf-8")
    template = html_env().get_template("report.html.j2")
    return template.render(doc=doc, charts=_charts(doc), css=Markup(css), **template_globals())


def render_html(report: Report, **kwargs) -> str:
    return render_document_html(build_document(report, **kwargs))
