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
Consequence = Literal["financial", "reputational", "health_and_safety", "legal", "criminal_offence"]
Scalar = Union[bool, int, float, dt.date, str]


class Spec(BaseModel):
    # Built when first used: a library read from the cache is never validated, so most processes never need it.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


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


class Use(Spec):
    """A named condition from the library's ``conditions/`` files, e.g. the scope of a regulation."""

    use: str


_TAGS = ("fact", "all", "any", "not", "some", "every", "count", "use")


def _condition_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return next((t for t in _TAGS if t in value), None)
    if isinstance(value, BaseModel):
        return {FactTest: "fact", AllOf: "all", AnyOf: "any", NotOf: "not", Some: "some", Every: "every",
                Count: "count", Use: "use"}.get(type(value))
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
        Annotated[Use, Tag("use")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition starts with one of: fact, all, any, not, some, every, count, use",
    ),
]

# The recursive models name ``Condition`` before it exists; with ``defer_build`` pydantic resolves it when a
# rule file is first validated, so a library read from the cache never pays for building them.


class Ref(Spec):
    document: str = Field(description="e.g. 'BS 8477', 'Consumer Rights Act 2015'")
    edition: str | None = Field(None, description="e.g. '2014', or 'c. 15'")
    clause: str = Field(description="Clause, section or regulation, e.g. '6.3.6 f)' or 's.20(15)'")
    url: str | None = None


class LawRef(Spec):
    """A provision named without a rule of its own: a clause is optional."""

    document: str = Field(description="e.g. 'Sale of Goods Act 1979'")
    edition: str | None = Field(None, description="e.g. 'c. 54' or 'SI 2000/2334'")
    clause: str | None = Field(None, description="e.g. 'ss.48A-48F'; leave out to name the whole instrument")
    url: str | None = None

    def cite(self) -> str:
        name = self.document if self.document.lower().startswith("the ") else f"the {self.document}"
        return f"{name} {self.clause}" if self.clause else name


class Predecessor(Spec):
    """The law that governed the same dealings before this rule's source came into force."""

    refs: list[LawRef] = Field(min_length=1, description="The earlier law, narrowest provision checked")
    scope: str | None = Field(None, description="What the earlier law still governs, e.g. "
                                                "'contracts made before that date'")
    rules: list[str] = Field(default_factory=list, description="Ids of rules that model the earlier law")

    def describe(self) -> str:
        """'the A and the B applied (scope)', for the not-applicable message."""
        names = [r.cite() for r in self.refs]
        law = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"{law} applied" + (f" ({self.scope})" if self.scope else "")


class RiskCase(Spec):
    """Where the facts show more, the risk is higher: e.g. a statement printed on every receipt."""

    if_: Condition = Field(alias="if", description="A condition on the finding's subject")
    likelihood: Likelihood | None = None
    impact: Impact | None = None
    consequences: list[Consequence] | None = Field(None, description="Consequence kinds added when it holds")
    because: str = Field(min_length=5, description="Why the risk is higher, in words (shown with the rating)")

    @model_validator(mode="after")
    def _raises_something(self) -> RiskCase:
        if self.likelihood is None and self.impact is None and not self.consequences:
            raise ValueError("a risk case sets likelihood, impact or consequences")
        return self


class Risk(Spec):
    likelihood: Likelihood
    impact: Impact
    consequences: list[Consequence] = Field(min_length=1)
    when: list[RiskCase] = Field(
        default_factory=list, description="Cases that raise the risk when their condition holds (the highest wins)"
    )


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
    preceded_by: Predecessor | None = Field(None, description="The law that applied before valid_from")
    gap: str = Field(min_length=5, description="Message for a gap; {fact.path} and {params.name} are filled in")
    met: str | None = Field(None, description="Message when met (defaults to the title)")
    not_applicable: str | None = Field(None, description="Why the rule does not apply when applies_when is false")
    remediation: str = Field(min_length=5)
    owner: str | None = Field(
        None, description="The role that owns putting a gap right when it is not the senior manager responsible for "
                          "customer service, e.g. 'data protection officer'; matched to a role of the profile by id "
                          "or title")
    note: str | None = Field(None, description="Interpretation notes for reviewers")

    @model_validator(mode="after")
    def _dates_in_order(self) -> RuleSpec:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class NamedCondition(Spec):
    """A condition written once and used by many rules: ``{use: NAME}``."""

    subject: str = Field("organisation", description="The subject whose facts it reads (organisation, offering, ...)")
    description: str = Field(min_length=5, description="What it means, in words (shown in reasons)")
    refs: list[Ref] = Field(min_length=1, description="The provisions it encodes")
    when: Condition
    note: str | None = None


class ConditionsFile(Spec):
    conditions: dict[str, NamedCondition] = Field(min_length=1)


class Case(Spec):
    """One test case: a profile fragment and the status the rule must give it."""

    name: str
    expect: Status
    profile: dict[str, Any]
    subject: str | None = Field(None, description="Subject key to check; default: every subject")
    as_of: dt.date | None = None
    message: str | None = None
    missing: list[str] | None = None
    rating: Literal["high", "medium", "low"] | None = Field(None, description="The risk rating the finding must carry")


class TestFile(Spec):
    cases: list[Case] = Field(min_length=1)


class ConditionCase(Spec):
    """One test case of a named condition: a profile fragment and whether the condition holds for it."""

    name: str
    condition: str = Field(description="The named condition the case tests")
    expect: Literal["holds", "fails", "unknown"]
    profile: dict[str, Any]
    subject: str | None = Field(None, description="Subject key, for a condition about an offering, channel ...")
    as_of: dt.date | None = None
    missing: list[str] | None = None


class ConditionTestFile(Spec):
    cases: list[ConditionCase] = Field(min_length=1)
