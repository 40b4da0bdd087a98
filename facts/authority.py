"""Delegated authority: who may refund or give goodwill, up to what, and who they escalate to."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
from .types import Money


class Role(Facts):
    id: str = Field(description="Short identifier, unique among roles", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str | None = Field(None, description="The role's job title, e.g. 'Store manager'")
    front_line: bool | None = Field(None, description="Deals directly with customers")
    refund_limit: Money | None = Field(None, description="Largest refund the role may approve alone")
    goodwill_limit: Money | None = Field(None, description="Largest goodwill gesture the role may approve alone")
    unlimited_authority: bool | None = Field(None, description="May approve any amount (the top of the chain)")
    escalates_to: str | None = Field(None, description="Id of the role that decides cases above this role's limits")
    can_resolve_complaints: bool | None = Field(None, description="May decide the outcome of a complaint")
    over_limit_action: Literal["escalate", "refuse", "refer_to_manufacturer"] | None = Field(
        None, description="What the role does with a refund, repair or remedy the customer is owed by law but above its limit"
    )


class Authority(Facts):
    roles: list[Role] | None = None
    documented: bool | None = Field(None, description="Limits and escalation routes are written down")
    large_refund_approval_required: bool | None = Field(
        None, description="Refunds above a role's limit need approval by a higher role"
    )
    large_goodwill_approval_required: bool | None = Field(
        None, description="Goodwill above a role's limit needs approval by a higher role"
    )
    decision_maker_reachable_hours: bool | None = Field(
        None, description="Someone with authority to decide is reachable whenever lines are open"
    )
    statutory_remedies_outside_limits: bool | None = Field(
        None, description="Refunds and remedies owed by law are paid in full whatever the handling role's limit"
    )
