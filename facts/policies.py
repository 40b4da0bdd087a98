"""Published policies: faulty goods, change of mind, refunds, delivery, warranty, complaints.

Field names say which legal regime they describe, because the law has several
different clocks (a faulty-goods refund and a cancellation refund start at
different events) and one field for both would hide a breach.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
from .offerings import ReturnsRoute
from .types import Money

RejectWindowStart = Literal[
    "order", "payment", "dispatch", "delivery", "latest_of_ownership_delivery_installation",
]
FaultyRefundClock = Literal["entitlement_agreed", "goods_received", "inspection_complete", "manufacturer_report"]
RefundMethod = Literal["original_payment", "customer_choice", "store_credit", "credit_note", "exchange_only"]
Payer = Literal["trader", "customer"]
CancellationWindowStart = Literal["order", "contract", "dispatch", "delivery"]
CancellationRefundClock = Literal[
    "earlier_of_return_or_proof_of_postage", "cancellation_notified", "goods_received", "inspection_complete",
]
AdrObligation = Literal["none", "legislation", "contract_term", "trade_association", "other_contract"]
CancellationExclusion = Literal[
    # exceptions the CCR 2013 allow (reg 28, regs 36-37)
    "bespoke_or_personalised", "perishable", "sealed_hygiene_once_unsealed", "sealed_media_once_unsealed",
    "services_fully_performed_on_request", "digital_content_started_with_consent", "urgent_repairs",
    "dated_leisure_or_accommodation", "newspapers_and_magazines", "price_fluctuates_with_market",
    # exclusions the regulations do not allow
    "sale_items", "opened_packaging", "electrical_items", "hygiene_goods_even_if_sealed", "media_even_if_sealed",
    "services_once_started",
]
RiskPasses = Literal["order", "dispatch", "handover_to_carrier", "physical_possession"]


class FaultyGoods(Facts):
    """What the organisation offers when goods are faulty (CRA 2015 ss.19-24)."""

    short_term_reject_days: int | None = Field(None, ge=0, description="Days in which faulty goods can be rejected for a full refund")
    reject_window_starts: RejectWindowStart | None = Field(None, description="Event that starts the rejection window")
    refund_within_days: int | None = Field(None, ge=0, description="Days within which a faulty-goods refund is paid")
    refund_clock_starts: FaultyRefundClock | None = Field(None, description="Event that starts the refund clock")
    refund_method: RefundMethod | None = None
    refund_fee: Money | None = Field(None, description="Any fee charged on a refund")
    return_costs_paid_by: Payer | None = Field(None, description="Who pays to send faulty goods back")
    repairs_before_final_remedy: int | None = Field(
        None, ge=0, description="Repair or replacement attempts required before a refund or price reduction is offered"
    )
    deducts_for_use_within_six_months: bool | None = Field(
        None, description="Deducts for use from a final-rejection refund in the first six months"
    )
    sells_motor_vehicles: bool | None = Field(None, description="Goods sold include motor vehicles")
    redirects_to_manufacturer: bool | None = Field(None, description="Sends customers to the manufacturer instead of dealing with the fault")
    repair_cost_to_customer: Money | None = Field(None, description="What a customer pays for a repair of faulty goods")
    presumption_months: int | None = Field(
        None, ge=0,
        description="Months after delivery in which a fault is treated as present at delivery without the customer proving it",
    )
    requires_original_packaging: bool | None = Field(
        None, description="Faulty goods are accepted back only in their original packaging"
    )
    claim_period_limited_to_warranty: bool | None = Field(
        None, description="Faults are dealt with only within the warranty or returns period"
    )


class ChangeOfMind(Facts):
    """Returns and cancellation without a fault (CCR 2013 regs 29-35, or a voluntary policy)."""

    offered_online: bool | None = Field(None, description="Distance and off-premises customers can cancel without giving a reason")
    offered_in_store: bool | None = Field(None, description="A voluntary change-of-mind policy for in-store purchases")
    window_days: int | None = Field(None, ge=0, description="Cancellation period in days")
    window_starts: CancellationWindowStart | None = None
    refund_within_days: int | None = Field(None, ge=0)
    refund_clock_starts: CancellationRefundClock | None = None
    refund_includes_standard_delivery: bool | None = None
    refund_method: RefundMethod | None = None
    return_costs_paid_by: Payer | None = None
    return_costs_disclosed_before_contract: bool | None = None
    restocking_fee: Money | None = None
    cancellation_information_given: bool | None = Field(
        None, description="Pre-contract information on the right to cancel and the model form is given"
    )
    refund_fee: Money | None = Field(None, description="Any fee charged on a cancellation refund (CCR 2013)")
    trader_collects: bool | None = Field(
        None, description="The trader offers to collect goods from customers who cancel a distance or off-premises contract"
    )
    requires_reason: bool | None = Field(None, description="Customers must give a reason to cancel")
    exclusions: frozenset[CancellationExclusion] | None = Field(
        None, description="Goods or services the policy says cannot be cancelled"
    )
    services_started_early_only_on_request: bool | None = Field(
        None, description="Services start within the cancellation period only at the customer's express request"
    )
    loss_of_right_acknowledged: bool | None = Field(
        None, description="Before an early start the customer acknowledges losing the right to cancel once the service is fully performed"
    )


class Delivery(Facts):
    default_max_days: int | None = Field(None, ge=0, description="Longest delivery time when no date is agreed")
    agreed_date_offered: bool | None = Field(None, description="Customers can agree a delivery date or period")
    delay_notification: bool | None = Field(None, description="Customers are told of revised dates when delays occur")
    tracking: bool | None = None
    date_always_agreed: bool | None = Field(
        None, description="Every order has a delivery date or period agreed with the customer"
    )
    risk_passes_on: RiskPasses | None = Field(
        None, description="When the terms say goods become the customer's risk (unless the customer chose their own carrier)"
    )
    refund_if_not_delivered: bool | None = Field(
        None, description="All payments are refunded without undue delay when an order is ended for late or no delivery"
    )


class Services(Facts):
    """Services supplied to consumers (CRA 2015 ss.49-57)."""

    repeat_performance_free: bool | None = Field(
        None, description="Work not done with reasonable care and skill is redone at no cost to the customer"
    )
    price_reduction_refund_within_days: int | None = Field(
        None, ge=0, description="Days from agreeing a price reduction to paying it"
    )
    refund_method: RefundMethod | None = None
    refund_fee: Money | None = None
    completion_time_stated: bool | None = Field(
        None, description="A completion date or period is agreed, or work is done within a stated target"
    )
    price_stated_before_contract: bool | None = Field(
        None, description="The price, or how it is worked out, is given before the customer commits"
    )


class DigitalContent(Facts):
    """Digital content supplied to consumers (CRA 2015 ss.34-47)."""

    repair_or_replace_free: bool | None = Field(None, description="Faulty digital content is repaired or replaced at no cost")
    refund_within_days: int | None = Field(None, ge=0, description="Days from agreeing a refund to paying it")
    refund_method: RefundMethod | None = None
    refund_fee: Money | None = None
    device_damage_remedy: bool | None = Field(
        None, description="Customers whose device or other content was damaged by the content get a repair or compensation"
    )
    all_sales_final: bool | None = Field(None, description="The policy says digital purchases are never refunded")


class Warranty(Facts):
    offered: bool | None = None
    free: bool | None = Field(None, description="The guarantee comes at no extra cost")
    states_statutory_rights: bool | None = Field(None, description="Says statutory rights are not affected")
    plain_language: bool | None = Field(None, description="Written in plain, intelligible English with how to claim")
    duration_and_territory_stated: bool | None = None
    in_writing_on_request: bool | None = None
    guarantor_named: bool | None = Field(None, description="Name and address of the guarantor are stated")


class ExternalRedress(Facts):
    adr_obligation: AdrObligation | None = Field(None, description="Why, if at all, the organisation must use ADR")
    adr_obligations: frozenset[AdrObligation] | None = Field(
        None, description="Every reason the organisation must use an ADR body or ombudsman (e.g. legislation for the "
                          "Financial Ombudsman Service and a trade association's scheme); [none] if there is none"
    )
    ombudsman: str | None = Field(None, description="The statutory ombudsman it belongs to, if any (e.g. Energy Ombudsman)")
    adr_provider: str | None = None
    adr_provider_url: str | None = None
    signposted_in_final_response: bool | None = Field(
        None, description="The final response names the ADR body or ombudsman"
    )
    signposted_on_website: bool | None = None


class Complaints(Facts):
    documented: bool | None = Field(None, description="A written complaints procedure exists")
    published: bool | None = Field(None, description="Customers can easily find the procedure")
    channels: frozenset[str] | None = Field(None, description="Channel ids through which complaints are accepted")
    acknowledge_within_days: int | None = Field(None, ge=0)
    final_response_within_days: int | None = Field(None, ge=0)
    escalation_route_published: bool | None = Field(None, description="Customers are told how and where to escalate")
    auditable_records: bool | None = Field(None, description="Every complaint is logged with its handling and outcome")
    feeds_performance_review: bool | None = None
    root_cause_analysis: bool | None = None
    summary_resolution_within_business_days: int | None = Field(
        None, ge=0, description="Complaints settled quickly are closed with a written summary within this many business days"
    )
    final_response_states_referral_rights: bool | None = Field(
        None, description="The final response says the customer may refer the complaint to the ombudsman or ADR body, "
                          "how, and by when"
    )
    deadlock_letter_on_request: bool | None = Field(
        None, description="A customer can ask for a deadlock letter that releases the complaint to the ombudsman early"
    )
    records_kept_years: int | None = Field(None, ge=0, description="Years complaint records are kept")
    reasonable_adjustments_in_complaints: bool | None = Field(
        None, description="Disabled complainants are offered adjustments (other formats, other channels, more time)"
    )
    external_redress: ExternalRedress | None = None


class Policies(Facts):
    returns: list[ReturnsRoute] | None = Field(
        None, description="Every returns route the published policy has (faulty goods, change of mind online, "
                          "in store, ...), term by term; offerings say which apply to them"
    )
    faulty_goods: FaultyGoods | None = None
    change_of_mind: ChangeOfMind | None = None
    delivery: Delivery | None = None
    warranty: Warranty | None = None
    complaints: Complaints | None = None
    services: Services | None = None
    digital_content: DigitalContent | None = None
