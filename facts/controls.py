"""Internal controls over customer service: the facts an internal auditor checks.

Grouped by the nine customer service risk areas internal auditors use (culture,
customer insight, governance, fraud, colleagues, legal and regulatory,
accessibility, quality and consistency, crisis management), plus the customer
service risk assessment itself. Facts already described elsewhere in the profile
(surveys, KPIs, training, complaints procedure, delegated authority) are not
repeated here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

CrisisScenario = Literal[
    "cyber_attack", "customer_data_loss", "system_outage", "product_contamination", "product_recall",
    "supplier_failure", "severe_weather", "pandemic",
]
RiskType = Literal["financial", "reputational", "health_and_safety", "sub_standard_service"]


class Culture(Facts):
    defined_in_strategy: bool | None = Field(
        None, description="The customer service culture is defined in the strategy, mission or purpose"
    )
    board_sponsor: bool | None = Field(
        None, description="An executive board member is accountable for customer service culture"
    )
    measured_by_survey: bool | None = Field(
        None, description="Performance against the desired culture is measured by a staff or customer culture survey"
    )
    assessed_by_internal_audit: bool | None = Field(
        None, description="Internal audit independently assesses the customer service culture"
    )
    delivery_plan: bool | None = Field(
        None, description="A plan to deliver the strategy names the people and technology it needs"
    )
    strategy_communicated: bool | None = Field(
        None, description="Every colleague has been told the customer service strategy and its values"
    )


class CustomerInsight(Facts):
    service_level_targets: bool | None = Field(
        None, description="Service levels are measured against targets set in advance"
    )
    segments_defined: bool | None = Field(None, description="Customer groups are identified and described")
    customers_consulted: bool | None = Field(
        None, description="Customers are consulted directly, e.g. panels, focus groups or interviews"
    )
    results_acted_on: bool | None = Field(
        None, description="Survey and insight results are analysed, shared and turned into recorded actions"
    )
    executive_forum: bool | None = Field(
        None, description="An executive-level forum reviews customer insight"
    )
    board_updates: bool | None = Field(None, description="The board receives customer insight updates on a set cycle")
    colleague_feedback_analysed: bool | None = Field(
        None, description="Colleague feedback about customer issues is analysed for trends and acted on"
    )
    all_input_trended: bool | None = Field(
        None, description="Every kind of customer input (views, complaints, comments, online talk) is analysed for trends"
    )
    feedback_interval_months: int | None = Field(
        None, ge=0, description="Months between rounds of asking customers for their views"
    )


class Oversight(Facts):
    """How customer service is directed and managed."""

    responsibilities_assigned: bool | None = Field(
        None, description="Customer service roles and responsibilities are assigned in writing"
    )
    goodwill_policy: bool | None = Field(None, description="A written policy says when and how goodwill is given")
    refund_procedure: bool | None = Field(None, description="A written procedure says how refunds are decided and paid")
    governance_meetings: bool | None = Field(
        None, description="Regular management meetings on customer service, with agendas, minutes and information packs"
    )
    trend_analysis: bool | None = Field(
        None, description="Contacts and complaints are analysed for patterns"
    )
    product_safety_monitoring: bool | None = Field(
        None, description="Customer contacts are watched, as they arrive, for signs of a product safety problem"
    )
    improvement_actions_tracked: bool | None = Field(
        None, description="Improvement actions that fix root causes have owners and are tracked to completion"
    )


class Whistleblowing(Facts):
    procedure: bool | None = Field(None, description="A written procedure for raising concerns exists")
    confidential: bool | None = Field(None, description="Concerns can be raised in confidence")
    open_to_suppliers: bool | None = Field(None, description="Suppliers as well as colleagues can use it")
    communicated: bool | None = Field(None, description="Colleagues are regularly told how to use it")


class Fraud(Facts):
    monitoring_owner: bool | None = Field(
        None, description="A fraud team or named colleagues are responsible for watching customer service for fraud"
    )
    policy: bool | None = Field(None, description="A written policy and procedure covers customer service fraud")
    training: bool | None = Field(
        None, description="Colleagues are trained on signs of fraud and how to report a concern"
    )
    refunds_and_goodwill_analysed: bool | None = Field(
        None, description="Refunds, goodwill payments, vouchers and loyalty credits are analysed for signs of abuse"
    )
    collusion_checks: bool | None = Field(
        None, description="The analysis looks for colleagues colluding with customers, e.g. refunds to related accounts"
    )
    whistleblowing: Whistleblowing | None = None


class Colleagues(Facts):
    vetting: bool | None = Field(None, description="New customer service colleagues are vetted before they start")
    shadowing_before_solo: bool | None = Field(
        None, description="Induction includes shadowing experienced colleagues before working alone"
    )
    signed_off_before_solo: bool | None = Field(
        None, description="A competency framework signs colleagues off before they handle customers alone"
    )


class Legal(Facts):
    horizon_scanning: bool | None = Field(
        None, description="A named team, counsel or person tracks coming changes in law and regulation"
    )
    horizon_scanning_owner: str | None = Field(None, description="Who does the horizon scanning")
    policies_approved_by_experts: bool | None = Field(
        None, description="Customer service policies are approved by legal or regulatory specialists"
    )
    policies_reviewed_regularly: bool | None = Field(
        None, description="Those policies are reviewed on a set cycle and when the law changes"
    )
    training_evidenced: bool | None = Field(
        None, description="Records show who completed legal and regulatory training, and when"
    )
    compliance_checks: bool | None = Field(
        None, description="Checks test whether colleagues follow the legal and regulatory procedures"
    )
    breach_escalation_route: bool | None = Field(
        None, description="A written route reports and escalates a breach of law or regulation, with deadlines"
    )
    data_rights_procedure: bool | None = Field(
        None, description="A procedure handles subject access and erasure requests"
    )
    conduct_rules_controls: bool | None = Field(
        None, description="Controls cover financial conduct rules: conduct of business, vulnerability, fair treatment"
    )
    consumer_rights_controls: bool | None = Field(
        None, description="Controls check pre-sale information, goods and services quality and remedies against consumer law"
    )


class ComplaintHandling(Facts):
    timescales_monitored: bool | None = Field(
        None, description="Performance against complaint response timescales is monitored internally"
    )
    progress_updates: bool | None = Field(
        None, description="Complainants are kept informed of progress until the complaint is closed"
    )


class Quality(Facts):
    interaction_procedures: bool | None = Field(
        None, description="Written procedures say how each kind of customer contact is handled"
    )
    standard_templates: bool | None = Field(
        None, description="Emails and letters use approved templates with little free text"
    )
    monitoring_programme: bool | None = Field(
        None, description="An ongoing quality programme samples handled contacts and case files"
    )
    call_monitoring: bool | None = Field(None, description="Calls are recorded or listened to for quality checks")


class Crisis(Facts):
    press_lead: bool | None = Field(
        None, description="A press office or named colleagues handle the media when a public issue arises"
    )
    plan_includes_customer_service: bool | None = Field(
        None, description="The crisis management plan covers customer service: contact volumes, scripts, channels"
    )
    escalation_training: bool | None = Field(
        None, description="Colleagues are trained on when and how to escalate an emerging issue"
    )
    media_monitoring: bool | None = Field(
        None, description="Online comment and news about the organisation are monitored, with a route to respond"
    )
    senior_media_training: bool | None = Field(
        None, description="Senior managers receive media training on a set cycle"
    )
    resilience_scenarios: frozenset[CrisisScenario] | None = Field(
        None, description="Crises for which a response plan has been prepared"
    )


class RiskAssessment(Facts):
    """The customer service risk assessment: stages, risk log, rating and action."""

    journey_stages_mapped: bool | None = Field(
        None, description="The stages of the customer journey where customers can be pleased or let down are listed"
    )
    risk_log_by_stage: bool | None = Field(
        None, description="A risk log records the risks of each stage of the customer journey"
    )
    risk_types: frozenset[RiskType] | None = Field(
        None, description="Kinds of risk the log considers at each stage"
    )
    risks_rated: bool | None = Field(
        None, description="Each risk is rated for probability and consequence and classed high, medium or low"
    )
    staff_briefed: bool | None = Field(
        None, description="Colleagues are told about the risks that affect their work"
    )
    customers_told: bool | None = Field(
        None, description="Customers are told of risks that could affect them"
    )
    actions_tracked: bool | None = Field(
        None, description="Actions to reduce the risks have owners and are tracked"
    )


class Controls(Facts):
    culture: Culture | None = None
    customer_insight: CustomerInsight | None = None
    oversight: Oversight | None = None
    fraud: Fraud | None = None
    colleagues: Colleagues | None = None
    legal: Legal | None = None
    complaint_handling: ComplaintHandling | None = None
    quality: Quality | None = None
    crisis: Crisis | None = None
    risk_assessment: RiskAssessment | None = None
