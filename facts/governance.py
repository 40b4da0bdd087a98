"""Governance, performance review and feedback."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .base import Facts


class SeniorManager(Facts):
    name: str | None = None
    role: str | None = None
    designated: bool | None = Field(None, description="Formally named as responsible for customer service")
    sufficient_authority: bool | None = Field(None, description="Has the authority to achieve the desired outcomes")


class Audits(Facts):
    customer_service_audited: bool | None = None
    last_audit: dt.date | None = None
    frequency_months: int | None = Field(None, ge=0)


class Timelines(Facts):
    """Published service timelines (BS 8477 6.3.1)."""

    enquiries_days: int | None = Field(None, ge=0)
    orders_days: int | None = Field(None, ge=0)
    delivery_days: int | None = Field(None, ge=0)
    appointments: bool | None = None
    reviewed: bool | None = Field(None, description="Timelines are regularly reviewed")


class Governance(Facts):
    senior_manager: SeniorManager | None = None
    owner_responsible: bool | None = Field(None, description="In a micro or small business, the owner holds the role")
    customer_service_strategy: bool | None = None
    kpis: frozenset[str] | None = Field(None, description="Key performance indicators monitored")
    performance_reviewed: bool | None = None
    audits: Audits | None = None
    benchmarking: bool | None = None
    resource_plan: bool | None = Field(None, description="People and resources are planned against forecast demand")
    timelines: Timelines | None = None
    emergency_procedures: bool | None = None


class Feedback(Facts):
    customer_surveys: bool | None = None
    focus_groups: bool | None = None
    social_media_monitoring: bool | None = None
    employee_feedback: bool | None = None
    mystery_shopping: bool | None = None
    competitor_perception: bool | None = None
