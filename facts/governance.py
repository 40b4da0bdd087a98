"""Governance, performance review and feedback."""

from __future__ import annotations

import datetime as dt
from typing import Literal

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


TimelineFor = Literal["enquiries", "orders", "delivery", "appointments", "complaints"]
ReviewSource = Literal["customer_feedback", "employee_feedback", "audits", "complaints"]


class Timelines(Facts):
    """Published service timelines (BS 8477 6.3.1)."""

    enquiries_days: int | None = Field(None, ge=0)
    orders_days: int | None = Field(None, ge=0)
    delivery_days: int | None = Field(None, ge=0)
    appointments: bool | None = None
    reviewed: bool | None = Field(None, description="Timelines are regularly reviewed")
    set_for: frozenset[TimelineFor] | None = Field(
        None, description="Activities for which a service timeline has been set (list them all; omitted ones have none)"
    )


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
    emergency_procedures: bool | None = Field(
        None, description="Procedures and equipment keep customer service going in an emergency until normal service resumes"
    )
    strategy_objectives: bool | None = Field(
        None, description="The objectives needed to achieve the customer service strategy are identified"
    )
    resource_plan_covers_vulnerable: bool | None = Field(
        None, description="Resource planning includes what is needed to identify and meet the needs of vulnerable customers"
    )
    staffing_plan: bool | None = Field(
        None, description="A plan sets how many people, with which skills, are to be recruited and trained in each period"
    )
    staffing_reviewed: bool | None = Field(
        None, description="Staffing, recruitment and training needs are reviewed regularly (the micro or small business form)"
    )
    resource_timescales: bool | None = Field(
        None, description="The plan says which other resources (systems, equipment, premises, money) are needed and by when"
    )
    root_cause_analysis: bool | None = Field(
        None, description="Once a customer's problem is resolved, staff analyse its root cause and decide remedial action"
    )
    root_causes_reported: bool | None = Field(
        None, description="The causes and outcomes of those analyses are reported to senior management"
    )
    third_parties_serve_customers: bool | None = Field(
        None, description="Contractors, agents, suppliers or volunteers deal with customers on its behalf"
    )
    contractor_competence_checked: bool | None = Field(
        None, description="Competence is a criterion when contractors, agents and volunteers are selected"
    )
    service_levels_monitored: bool | None = Field(
        None, description="Departments, suppliers and third parties serving customers have service levels that are monitored"
    )
    ownership_communicated: bool | None = Field(
        None, description="Customers are told which person or department owns their request, problem or complaint"
    )
    proactive_contact_reviewed: bool | None = Field(
        None, description="Chances to contact customers first (e.g. to warn of a delay and offer options) are reviewed"
    )
    service_standards_published: bool | None = Field(
        None, description="Customers are told what service quality to expect and how the service process works"
    )
    opt_out_add_ons: bool | None = Field(
        None, description="Sales include extra goods or services the customer did not ask for unless they opt out"
    )
    interim_response_on_delay: bool | None = Field(
        None, description="Customers get a prompt interim response when an unavoidable delay is likely"
    )
    problem_procedures: bool | None = Field(
        None, description="Written procedures say how staff respond to problems customers report"
    )
    problem_reference_given: bool | None = Field(
        None, description="A customer reporting a problem gets a reference number and a number to call with queries"
    )
    performance_monitoring: bool | None = Field(
        None, description="A system monitors and measures customer service performance"
    )
    improvement_actions: bool | None = Field(
        None, description="Performance reviews lead to recorded improvement and corrective actions"
    )
    review_sources: frozenset[ReviewSource] | None = Field(
        None, description="Sources of information used in performance reviews"
    )
    benchmarking_acted_on: bool | None = Field(
        None, description="Benchmarking results are used to decide improvements and to track service quality"
    )


class Feedback(Facts):
    customer_surveys: bool | None = None
    focus_groups: bool | None = None
    social_media_monitoring: bool | None = None
    employee_feedback: bool | None = None
    mystery_shopping: bool | None = None
    competitor_perception: bool | None = Field(
        None, description="How customers see it compared with competitors is assessed"
    )
    owner_direct_contact: bool | None = Field(
        None, description="The owner or their representative talks directly with customers to hear their views"
    )
    rapid_insight: bool | None = Field(
        None, description="Feedback is seen quickly enough (real time or within days) to act early on frustrations"
    )
    used_for_improvement: bool | None = Field(None, description="Feedback is fed into service and quality improvement")
    praise_invited: bool | None = Field(None, description="Customers are encouraged to say when service was excellent")
    praise_passed_to_staff: bool | None = Field(
        None, description="Staff who gave excellent service are told and recognised"
    )
    team_meetings: bool | None = Field(None, description="Regular team meetings gather staff and volunteers' views")
    suggestions_answered: bool | None = Field(
        None, description="Staff and volunteers are told what was done about their suggestions"
    )
    issues_raised_to_senior_management: bool | None = Field(
        None, description="Customer service staff report issues they meet to senior management"
    )
