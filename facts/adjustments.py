"""Barriers disabled customers meet, and what the organisation does about each one.

A barrier is something the organisation does or has that is known to stop disabled customers using
its service, or to make it much harder or dearer for them: a rule or way of working (a practice), a
physical feature of its premises or vehicles, or an aid or service it does not provide. Each barrier
is stated with what it does and how far the organisation goes about it; the rules decide whether
that is what the law of reasonable adjustments asks.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

BarrierKind = Literal["practice", "physical_feature", "missing_aid"]
AffectedGroup = Literal[
    "wheelchair_users", "mobility", "sight", "hearing", "speech", "dexterity", "learning", "mental_health",
    "neurodivergent", "long_term_illness",
]
BarrierEffect = Literal["cannot_use", "much_harder", "costs_more", "long_delay"]
BarrierFoundBy = Literal["complaint", "incident", "access_audit", "legal_claim", "regulator", "own_review"]
BarrierResponse = Literal[
    "nothing", "request_only", "on_insistence", "alternative_method", "further_steps", "changed",
]


class Barrier(Facts):
    id: str = Field(description="Short identifier, unique among barriers", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str | None = Field(
        None, description="What the barrier is, in a few words, e.g. 'Wheelchair space on buses taken by other "
                          "passengers' or 'Voice-only security check'"
    )
    kind: BarrierKind = Field(
        description="practice (a rule, requirement, policy or way of working), physical_feature (steps, doors, "
                    "counters, vehicle layout) or missing_aid (an aid or service not provided: a hearing loop, a "
                    "sign language interpreter, a wheelchair to reach the gate)"
    )
    affects: frozenset[AffectedGroup] | None = Field(
        None, description="Which disabled customers it affects (list all), e.g. [wheelchair_users]"
    )
    effect: BarrierEffect | None = Field(
        None, description="What it does to them: cannot_use (they cannot use the service), much_harder (they can "
                          "only with real difficulty), costs_more (they pay more than other customers), long_delay "
                          "(they wait much longer, e.g. for the next bus)"
    )
    found_by: frozenset[BarrierFoundBy] | None = Field(
        None, description="How the organisation knows of it: complaint, incident, access_audit, legal_claim, "
                          "regulator or own_review (list all)"
    )
    response: BarrierResponse | None = Field(
        None, description="The furthest the organisation goes about it, as a rule: nothing; request_only (staff ask "
                          "another customer or a third party to make way and do no more if refused); on_insistence "
                          "(changed only for a customer who insists or complains); alternative_method (the service is "
                          "offered another way, e.g. at the door or by phone); further_steps (staff ask and, if "
                          "refused, take further steps such as waiting or insisting); changed (the practice is "
                          "changed, the feature removed or altered, or the aid provided)"
    )
    disabled_customer_pays: bool | None = Field(
        None, description="A disabled customer pays for what gets them past it (a fee for a wheelchair, for assistance "
                          "or for another format)"
    )
