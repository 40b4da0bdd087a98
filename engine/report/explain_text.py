"""One finding's argument for people: a tree in the terminal, Markdown, or JSON.

The tree reads top down: the clause (document, clause, link), the rule in plain words, whether it
applies and whether it is met (each condition with ✓ holds, ✗ does not hold, ? unknown, the fact's value
and the profile line it came from), then the conclusion; for an unknown, the questions that would settle
it; for a gap, what would close it.
"""

from __future__ import annotations

import json
import re

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from ..explain import Explanation, Step
from .document import template_globals
from .escape import visible
from .templating import markdown_env
from .views import AREAS, STAGES, STATUS_WORDS, STRENGTH_WORDS, owner_text, subject_text

MARK = {True: ("✓", "green"), False: ("✗", "bold red"), None: ("?", "yellow")}


def _step_label(s: Step) -> Text:
    mark, style = MARK[s.truth]
    text = Text(f"{mark} ", style=style)
    text.append(visible(s.text))
    if s.kind in ("fact", "answer"):
        text.append("; is " if s.value is not None else "; ")
        text.append(visible(s.value_text) if s.value is not None else "not stated",
                    style="bold" if s.value is not None else "italic")
        where = f" [{visible(s.path)}" + (f", line {s.line}" if s.line else "") + (
            f", read from {visible(s.read_from)}" if s.read_from else "") + "]"
        text.append(where, style="dim")
    if s.refs:
        text.append(" (" + ", ".join(f"{r.clause}" for r in s.refs) + ")", style="dim")
    if s.note:
        text.append(f" — {visible(s.note)}", style="dim")
    return text


def hidden_words(n: int, kind: str = "all") -> str:
    what = ("item of the list" if n == 1 else "items of the list") if kind in ("some", "every") else (
        "condition" if n == 1 else "conditions")
    return f"{n} other {what} that did not decide it, not shown (--full shows every condition)"



def _grow(tree: Tree, s: Step) -> None:
    branch = tree.add(_step_label(s))
    for c in s.children:
        _grow(branch, c)
    if s.hidden:
        branch.add(Text(f"… {hidden_words(s.hidden, s.kind)}", style="dim"))


def render_explanation(e: Explanation, console: Console) -> None:
    f = e.finding
    root = Tree(Text(f"{f.rule_id}: {visible(f.title)}", style="bold"), guide_style="dim")
    about = root.add(Text(f"About {visible(subject_text(f))}; {STRENGTH_WORDS[f.strength]}; risk {f.risk.rating} "
                          f"({f.risk.likelihood.replace('_', ' ')} x {f.risk.impact}); "
                          f"{STAGES.get(f.stage, f.stage)}; {AREAS.get(f.risk_area, f.risk_area)}"))
    if f.risk.because:
        about.add(Text("risk raised because " + "; ".join(visible(b) for b in f.risk.because), style="dim"))
    clause = root.add(Text("The clause", style="bold"))
    for r in f.refs:
        line = Text(f"{r.document}" + (f" ({r.edition})" if r.edition else "") + f" {r.clause}")
        if r.url:
            line.append(f"  {r.url}", style="dim")
        clause.add(line)
    rule = root.add(Text("The rule in plain words" if e.kind == "rule" else "The question", style="bold"))
    for part, words in e.rule_words:
        rule.add(Text(f"{part}: {visible(words)}"))
    for name, value in e.params:
        rule.add(Text(f"parameter {name} = {visible(value)}", style="dim"))
    if e.in_force:
        root.add(Text(f"Not in force on this date: {visible(e.in_force)}", style="yellow"))
    if e.applies is not None:
        _grow(root.add(Text("Does it apply?", style="bold")), e.applies)
    if e.requires is not None:
        _grow(root.add(Text("The answer" if e.kind == "question" else "Is it met?", style="bold")), e.requires)
    conclusion = root.add(Text("Conclusion", style="bold"))
    conclusion.add(Text(visible(e.conclusion), style={"gap": "bold red", "met": "green", "unknown": "yellow"}.get(
        f.status, "")))
    if f.status == "gap":
        conclusion.add(Text(f"Fix: {visible(f.remediation)}", style="italic"))
        conclusion.add(Text(f"Owner: {visible(owner_text(f))}"))
    if e.to_close:
        closing = root.add(Text("What would close it", style="bold"))
        for t in e.to_close:
            closing.add(Text(visible(t)))
    if e.questions:
        q = root.add(Text("Questions that would settle it", style="bold yellow"))
        for item in e.questions:
            q.add(Text(f"{visible(item.text)} State {visible(item.where)} ({item.answers})."))
    ev = root.add(Text("Evidence", style="bold"))
    for item in f.evidence:
        ev.add(Text(visible(" ".join(x for x in (f"{item.id}:" if item.id else "answer:", item.document or "",
                                                   item.url or "", f"seen {item.seen}" if item.seen else "",
                                                   f"confirmed by {item.confirmed_by}" if item.confirmed_by else "",
                                                   item.note or "") if x))))
    if not f.evidence:
        ev.add(Text("none recorded in the profile for the facts used", style="dim"))
    for n in e.notes:
        root.add(Text(f"Note: {visible(n)}", style="dim"))
    console.print(root)


def render_explanations_json(explanations: list[Explanation]) -> str:
    return json.dumps([e.to_json_dict() for e in explanations], indent=2, ensure_ascii=False) + "\n"


_MD = """{% import "macros.md.j2" as m with context %}
{% for e in items %}
{% set f = e.finding %}
## `{{ f.rule_id }}`: {{ f.title }}

{{ subject_text(f) }} · **{{ STATUS_WORDS[f.status] }}** · {{ STRENGTH_WORDS[f.strength] }} · risk {{ f.risk.rating }}

*Clause:* {% for ref in f.refs %}{% if ref.url %}[{{ ref.document }} {{ ref.clause }}]({{ ref.url }}){% else %}{{ ref.document }} {{ ref.clause }}{% endif %}{% if not loop.last %}; {% endif %}{% endfor %}

{{ m.explanation(e) }}

**Conclusion:** {{ e.conclusion }}

{% endfor %}
"""


def render_explanations_markdown(explanations: list[Explanation]) -> str:
    env = markdown_env()
    text = env.from_string(_MD).render(items=explanations, STATUS_WORDS=STATUS_WORDS, **{
        k: v for k, v in template_globals().items() if k != "STATUS_WORDS"})
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
