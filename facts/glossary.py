"""Every fact explained: what it means, the unit it is counted in, an example, and what each value says.

The words come from the models' field descriptions (the one place a fact is described) and from
``wording`` (the reader's words for each enum value and the unit of each count), so the JSON Schema,
``csaudit facts list``, the questionnaire of ``csaudit init`` and ``csaudit ask`` all explain a fact
the same way. ``tests/test_facts_glossary.py`` fails on a fact without a description.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .catalogue import COLLECTIONS, FactInfo, _leaf, _unwrap, catalogue
from .offerings import ReturnsRoute
from .profile import Profile
from .wording import unit as count_unit
from .wording import value_words

# Examples where the type alone would give a poor one.
EXAMPLES: dict[str, Any] = {
    "channel.number": "0345 600 1234",
    "channel.opening_hours": "Mon-Fri 09:00-17:30; Sat 09:00-13:00",
    "channel.address": "help@example.co.uk",
    "channel.name": "Customer helpline",
    "role.title": "Store manager",
    "organisation.name": "Brightside Appliances",
    "organisation.sector": "plumbing and heating",
    "governance.senior_manager.name": "Priya Shah",
    "governance.senior_manager.role": "Head of Customer Service",
    "policies.complaints.external_redress.adr_provider": "The Furniture and Home Improvement Ombudsman",
}
# What each section of the profile holds (a section's own model may say it too, in its docstring).
SECTIONS: dict[str, str] = {
    "organisation": "Who the organisation is: name, size, whom it sells to, what it supplies, where it trades",
    "policies": "What the published policies say: returns routes, delivery, services, digital content, guarantees, "
                "complaints",
    "authority": "Who may decide what: roles with their refund and goodwill limits, and escalation",
    "people": "Customer-facing staff: competencies, training, supervision and identification",
    "governance": "How customer service is led, planned, measured and improved",
    "feedback": "How the organisation hears from customers and staff about its service",
    "accessibility": "Serving every customer: formats, languages, relay calls, reasonable adjustments",
    "website": "The website, if there is one: self-service, search, accessibility",
    "data_protection": "Security of customer data and the timings of breach reports and subject access",
    "roles": "Each role with delegated authority over refunds, goodwill or complaints",
    "voicemail": "The voicemail of a phone line, if it has one",
    "ivr": "The automated menu of a phone line (interactive voice response), if it has one",
    "external_redress": "Alternative dispute resolution: the body complaints can go to when the trader's own "
                        "procedure ends",
    "culture": "Controls over service culture and strategy (CIIA risk area: culture)",
    "customer_insight": "Controls over knowing customers and acting on what they say",
    "oversight": "Controls over how customer service is directed and managed",
    "fraud": "Controls against fraud in refunds, goodwill and customer accounts",
    "colleagues": "Controls over recruiting, vetting and signing off colleagues",
    "legal": "Controls over legal and regulatory compliance",
    "complaint_handling": "Controls over complaint timescales and updates",
    "quality": "Controls over the quality and consistency of interactions",
    "crisis": "Controls for a crisis: press, plans, media, resilience scenarios",
    "risk_assessment": "The customer service risk assessment: stages, risk log, rating and action",
    "whistleblowing": "A way for colleagues to raise concerns safely",
    "senior_manager": "The senior manager responsible for customer service (BS 8477 5.2.1.2 e))",
    "audits": "Audits of customer service",
    "timelines": "Published service timelines (BS 8477 6.3.1)",
    "ordering": "What customers are told about ordering, paying and delivery, and how orders are changed",
    "information": "Leaflets, web pages, letters and terms given to customers",
    "repairs": "How repairs are estimated, agreed and documented",
    "appointments": "Visits to customers' homes or premises: booking and the visit itself",
    "training": "What customer-facing staff are trained in, and how often",
    "delivery": "Delivery of goods: dates, delays, tracking, when risk passes",
    "warranty": "A guarantee or warranty given on top of the customer's legal rights",
    "complaints": "The complaints procedure: how complaints are made, acknowledged, answered and escalated",
    "services": "Services supplied to consumers (CRA 2015 ss.49-57)",
    "digital_content": "Digital content supplied to consumers (CRA 2015 ss.34-47)",
    "breach": "Personal data breaches: when the clock starts, the log, telling people",
    "subject_access": "Subject access requests: extensions and fees",
    "notice": "The privacy notice",
    "terms": "The standard consumer terms and notices",
    "checkout": "How the customer orders and pays",
    "direct_marketing": "Marketing calls, e-mails and texts to individuals (PECR)",
    "disclosures": "What the website and order documents say about the trader",
    "reviews": "Customer reviews the organisation hosts or publishes",
    "subscriptions": "Subscriptions and contracts that renew automatically",
}
_COUNT_EXAMPLES = {"days": 14, "hours": 24, "months": 6, "seconds": 30, "rings": 5}


@dataclass(frozen=True)
class Explained:
    """One fact put into words."""

    path: str
    kind: str
    description: str
    unit: str | None = None
    example: Any = None
    values: dict[str, str] = field(default_factory=dict)   # enum or set value -> what it means

    def lines(self) -> list[str]:
        """The explanation as short lines of text (for prompts and listings)."""
        out = [self.description or "(no description)"]
        if self.unit:
            out.append(f"Unit: {self.unit}.")
        if self.values:
            out += [f"  {v}: {w}" for v, w in self.values.items()]
        if self.example is not None:
            out.append(f"Example: {example_text(self.example)}")
        return out


def example_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(example_text(v) for v in value) + "]"
    if isinstance(value, str) and (value[:1].isdigit() or ":" in value):
        return f'"{value}"'
    return str(value)


def _unit(info: FactInfo) -> str | None:
    if info.kind == "money":
        return "pounds sterling (a number, e.g. 25 or 12.50)"
    if info.kind == "date":
        return "a date, written YYYY-MM-DD"
    counted = count_unit(info)
    return counted[1] if counted else None


def _example(info: FactInfo) -> Any:
    if info.path in EXAMPLES:
        return EXAMPLES[info.path]
    if info.kind == "bool":
        return True
    if info.kind == "enum":
        return info.values[0] if info.values else None
    if info.kind == "set":
        return list(info.values[:2])
    if info.kind in ("int", "number"):
        return _COUNT_EXAMPLES.get(info.path.rsplit("_", 1)[-1], 3)
    if info.kind == "money":
        return 25.00
    if info.kind == "date":
        return "2026-10-01"
    return None


def explain(info: FactInfo) -> Explained:
    values = {v: value_words(info.path, v) or v.replace("_", " ") for v in info.values}
    return Explained(info.path, info.kind, info.description, _unit(info), _example(info), values)


def explain_path(path: str) -> Explained | None:
    """The explanation of a catalogue fact path ('channel.kind') or a profile path
    ('channels[helpline].kind', 'policies.returns[online].window_days')."""
    info = catalogue().get(path) or catalogue().get(fact_path(path))
    if info is not None:
        return explain(info)
    route = _route_field(path)
    return explain(route) if route is not None else None


def fact_path(profile_path: str) -> str:
    """'channels[helpline].kind' -> 'channel.kind'; 'authority.roles[x].title' -> 'role.title'."""
    for kind, coll in COLLECTIONS.items():
        prefix = ".".join(coll.path) + "["
        if profile_path.startswith(prefix) and "]." in profile_path:
            return f"{kind}.{profile_path.split('].', 1)[1]}"
    return profile_path


def _route_field(path: str) -> FactInfo | None:
    """A term of a returns route ('policies.returns[x].window_days'): not a fact of its own in the catalogue
    (offerings carry it), but a profile states it."""
    if not path.startswith("policies.returns[") or "]." not in path:
        return None
    name = path.split("].", 1)[1]
    model_field = ReturnsRoute.model_fields.get(name)
    leaf = _leaf(model_field.annotation) if model_field else None
    if leaf is None:
        return None
    return FactInfo(f"route.{name}", leaf[0], leaf[1], model_field.description or "", False, "route", (name,))


# ------------------------------------------------------------------------------------------- the JSON Schema
def _models() -> dict[type[BaseModel], str]:
    """Every model reachable from the profile, with the catalogue prefix of its fields."""
    out: dict[type[BaseModel], str] = {}
    roots = [(Profile, "")] + [(c.model, c.kind) for c in COLLECTIONS.values()] + [(ReturnsRoute, "route")]

    def walk(model: type[BaseModel], prefix: str) -> None:
        if model in out:
            return
        out[model] = prefix
        for name, f in model.model_fields.items():
            for ann in _inner(f.annotation):
                if isinstance(ann, type) and issubclass(ann, BaseModel):
                    walk(ann, f"{prefix}.{name}" if prefix else name)

    for model, prefix in roots:
        walk(model, prefix)
    return out


def _inner(annotation: Any) -> list[Any]:
    ann = _unwrap(annotation)
    origin = typing.get_origin(ann)
    if origin in (list, frozenset, set, tuple, dict):
        return [a for arg in typing.get_args(ann) for a in _inner(arg)]
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(ann) for a in _inner(arg)]
    return [ann]


@lru_cache(maxsize=1)
def field_explanations() -> dict[tuple[str, str], Explained]:
    """(model name, field name) -> its explanation, for every leaf field of every profile model."""
    cat = catalogue()
    out: dict[tuple[str, str], Explained] = {}
    for model, prefix in _models().items():
        for name, f in model.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            info = cat.get(path)
            if info is None:
                leaf = _leaf(f.annotation)
                if leaf is None:
                    continue
                info = FactInfo(path, leaf[0], leaf[1], f.description or "", False)
            out[(model.__name__, name)] = explain(info)
    return out


def undescribed() -> list[str]:
    """Catalogue facts and profile fields (returns-route terms included) that have no description."""
    missing = [p for p, info in catalogue().items() if not info.description.strip()]
    missing += [e.path for e in field_explanations().values() if not e.description.strip()]
    for model, prefix in _models().items():
        for name, f in model.model_fields.items():
            if not f.description and name not in SECTIONS and (model.__name__, name) not in field_explanations():
                missing.append(f"{prefix}.{name}" if prefix else name)
    return sorted(set(missing))


def _first_enum(node: Any) -> dict | None:
    if isinstance(node, dict):
        if "enum" in node:
            return node
        for key in ("anyOf", "oneOf", "allOf", "items"):
            sub = node.get(key)
            for part in sub if isinstance(sub, list) else [sub] if sub else []:
                found = _first_enum(part)
                if found is not None:
                    return found
    return None


def annotate_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to a profile's JSON Schema what editors show while typing: the unit (``x-unit``), an example
    (``examples``), each enum value's meaning (``enumDescriptions`` and a ``markdownDescription``)."""
    explained = field_explanations()
    for model_name, definition in [("Profile", schema), *schema.get("$defs", {}).items()]:
        for name, prop in (definition.get("properties") or {}).items():
            if not prop.get("description") and name in SECTIONS:
                prop["description"] = SECTIONS[name]
            e = explained.get((model_name, name))
            if e is None:
                continue
            if e.description and not prop.get("description"):
                prop["description"] = e.description
            if e.unit:
                prop["x-unit"] = e.unit
            if e.example is not None:
                prop.setdefault("examples", [e.example])
            markdown = [prop.get("description", "")]
            if e.unit:
                markdown.append(f"Unit: {e.unit}.")
            enum = _first_enum(prop)
            if e.values and enum is not None:
                enum["enumDescriptions"] = [e.values.get(str(v), "") for v in enum["enum"]]
                markdown.append("\n".join(f"- `{v}`: {e.values.get(str(v), '')}" for v in enum["enum"]))
            if len(markdown) > 1:
                prop["markdownDescription"] = "\n\n".join(m for m in markdown if m)
    return schema
