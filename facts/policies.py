"""Published policies: faulty goods, change of mind, refunds, delivery, warranty, complaints.

Field names say which legal regime they describe, because the law has several
different clocks (a faulty-goods refund and a cancellation refund start at
different events) and one field for both would hide a breach.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
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


class Delivery(Facts):
    default_max_days: int | None = Field(None, ge=0, description="Longest delivery time when no date is agreed")
    agreed_date_offered: bool | None = Field(None, description="Customers can agree a delivery date or period")
    delay_notification: bool | None = Field(None, description="Customers are told of revised dates when delays occur")
    tracking: bool | None = None


class Warranty(Facts):
    offered: bool | None = None
    free: bool | None = Field(None, description="The guarantee comes at no extra cost")
    states_statutory_rights: bool | None = Field(None, description="Says statutory rights are not affected")
    in_writing_on_request: bool | None = None
    guarantor_named: bool | None = Field(None, description="Name and address of the guarantor are stated")


class ExternalRedress(Facts):
    adr_obligation: AdrObligation | None = Field(None, description="Why, if at all, the organisation must use ADR")
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
    external_redress: ExternalRedress | None = None


class Policies(Facts):
    faulty_goods: FaultyGoods | None = None
    change_of_mind: ChangeOfMind | None = None
    delivery: Delivery | None = None
    warranty: Warranty | None = None
    complaints: Complaints | None = None
