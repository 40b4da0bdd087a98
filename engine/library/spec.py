"""The schema of a rule file and of its sibling test file.

Conditions are a small tagged union of data (fact tests, all/any/not, and
quantifiers over a collection); nothing in a rule is ever evaluated as code.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

Strength = Literal["duty", "recommendation", "good_practice"]
Status = Literal["gap", "met", "not_applicable", "unknown"]
Stage = Literal[
    "strategy", "resourcing", "access", "pre_purchase", "order_and_delivery", "service_delivery", "after_sales",
    "complaints", "review",
]
RiskArea = Literal[
    "culture", "customer_insight", "governance", "fraud", "colleagues", "legal_and_regulatory", "accessibility",
    "quality_and_consistency", "crisis_management",
]
Likelihood = Literal["rare", "unlikely", "possible", "likely", "almost_certain"]
Impact = Literal["negligible", "minor", "moderate", "major", "severe"]
Consequence = Literal["financial", "reputational", "health_and_safety", "legal"]
Scalar = Union[bool, int, float, dt.date, str]


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ParamRef(Spec):
    """A value taken from the rule's dated ``params`` for the evaluation date."""

    param: str


Value = Union[ParamRef, Scalar]

OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in", "contains", "exists")


class FactTest(Spec):
    """Compare one fact with a value: ``{fact: channel.kind, eq: phone}``."""

    fact: str
    eq: Value | None = None
    ne: Value | None = None
    lt: Value | None = None
    le: Value | None = None
    gt: Value | None = None
    ge: Value | None = None
    in_: list[Scalar] | ParamRef | None = Field(None, alias="in")
    not_in: list[Scalar] | ParamRef | None = None
    contains: Value | None = Field(None, description="The fact is a set holding this value")
    exists: bool | None = Field(None, description="true: the fact is stated; false: it is absent")

    @model_validator(mode="after")
    def _one_operator(self) -> FactTest:
        given = [op for op in OPERATORS if getattr(self, "in_" if op == "in" else op) is not None]
        if len(given) != 1:
            raise ValueError(
                f"a fact test needs exactly one operator of {', '.join(OPERATORS)}; got {len(given)}"
                + (f" ({', '.join(given)})" if given else "")
            )
        return self

    @property
    def operator(self) -> str:
        return next(op for op in OPERATORS if getattr(self, "in_" if op == "in" else op) is not None)

    @property
    def operand(self) -> Any:
        return getattr(self, "in_" if self.operator == "in" else self.operator)


class AllOf(Spec):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Spec):
    any: list[Condition] = Field(min_length=1)


class NotOf(Spec):
    not_: Condition = Field(alias="not")


class Over(Spec):
    in_: str = Field(alias="in", description="Collection kind: channel or role")
    where: Condition | None = None


class CountOver(Over):
    at_least: int | None = Field(None, ge=0)
    at_most: int | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _bounded(self) -> CountOver:
        if self.at_least is None and self.at_most is None:
            raise ValueError("count needs at_least, at_most or both")
        return self


class Some(Spec):
    some: Over


class Every(Spec):
    every: Over


class Count(Spec):
    count: CountOver


_TAGS = ("fact", "all", "any", "not", "some", "every", "count")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((t for t in _TAGS if t in value), None)
    if isinstance(value, BaseModel):
        return {FactTest: "fact", AllOf: "all", AnyOf: "any", NotOf: "not", Some: "some", Every: "every",
                Count: "count"}.get(type(value))
    return None


Condition = Annotated[
    Union[
        Annotated[FactTest, Tag("fact")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
        Annotated[Some, Tag("some")],
        Annotated[Every, Tag("every")],
        Annotated[Count, Tag("count")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition starts with one of: fact, all, any, not, some, every, count",
    ),
]

for _model in (AllOf, AnyOf, NotOf, Over, CountOver, Some, Every, Count):
    _model.model_rebuild()


class Ref(Spec):
    document: str = Field(description="e.g. 'BS 8477', 'Consumer Rights Act 2015'")
    edition: str | None = Field(None, description="e.g. '2014', or 'c. 15'")
    clause: str = Field(description="Clause, section or regulation, e.g. '6.3.6 f)' or 's.20(15)'")
    url: str | None = None


class Risk(Spec):
    likelihood: Likelihood
    impact: Impact
    consequences: list[Consequence] = Field(min_length=1)


class DatedValue(Spec):
    value: Scalar
    ref: str | None = Field(None, description="Where this value comes from")


class Param(Spec):
    description: str | None = None
    unit: str | None = None
    values: dict[dt.date, DatedValue] = Field(min_length=1, description="Values keyed by the date they take effect")


class RuleSpec(Spec):
    """One rule: what it checks, where the obligation comes from, and what to do about a gap."""

    id: str | None = Field(None, description="Defaults to the file stem; must equal it when given")
    title: str = Field(min_length=5)
    refs: list[Ref] = Field(min_length=1)
    strength: Strength
    stage: Stage
    risk_area: RiskArea
    risk: Risk
    subject: str = "organisation"
    applies_when: Condition | None = None
    requires: Condition
    params: dict[str, Param] = Field(default_factory=dict)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    gap: str = Field(min_length=5, description="Message for a gap; {fact.path} and {params.name} are filled in")
    met: str | None = Field(None, description="Message when met (defaults to the title)")
    not_applicable: str | None = Field(None, description="Why the rule does not apply when applies_when is false")
    remediation: str = Field(min_length=5)
    note: str | None = Field(None, description="Interpretation notes for reviewers")

    @model_validator(mode="after")
    def _dates_in_order(self) -> RuleSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class Case(Spec):
    """One test case: a profile fragment and the status the rule must give it."""

    name: str
    expect: Status
    profile: dict[str, Any]
    subject: str | None = Field(None, description="Subject key to check; default: every subject")
    as_of: dt.date | None = None
    message: str | None = None
    missing: list[str] | None = None


class TestFile(Spec):
    cases: list[Case] = Field(min_length=1)
