"""Published policies: returns routes, delivery, services, digital content, warranty, complaints.

What each returns route says (faulty goods, change of mind online or in store, the
trader cancelling) is stated route by route in ``returns`` (see offerings.py), so
the different legal clocks stay apart; the rest are organisation-wide.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
from .offerings import ReturnsRoute
from .types import Money

RefundMethod = Literal["original_payment", "customer_choice", "store_credit", "credit_note", "exchange_only"]
Payer = Literal["trader", "customer"]
AdrObligation = Literal["none", "legislation", "contract_term", "trade_association", "other_contract"]
ChargeBasis = Literal["published_rates", "within_estimate", "set_after_work"]
RiskPasses = Literal["order", "dispatch", "handover_to_carrier", "physical_possession"]


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
    charge_when_no_price_agreed: ChargeBasis | None = Field(
        None, description="How the charge is set for work done without a price, or a way of working it out, agreed "
                          "beforehand: from the trader's published rates, within an estimate given beforehand and not "
                          "exceeded without the customer's agreement, or by the trader after the work with neither"
    )
    price_reduction_when_not_put_right: bool | None = Field(
        None, description="When poor work cannot be redone, or is not redone within a reasonable time and without "
                          "significant inconvenience, the customer is offered a price reduction (up to the full price)"
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


class Warranty(Facts):
    offered: bool | None = None
    free: bool | None = Field(None, description="The guarantee comes at no extra cost")
    states_statutory_rights: bool | None = Field(None, description="Says statutory rights are not affected")
    plain_language: bool | None = Field(None, description="Written in plain, intelligible English with how to claim")
    duration_and_territory_stated: bool | None = None
    in_writing_on_request: bool | None = None
    guarantor_named: bool | None = Field(None, description="Name and address of the guarantor are stated")


class ExternalRedress(Facts):
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
    delivery: Delivery | None = None
    warranty: Warranty | None = None
    complaints: Complaints | None = None
    services: Services | None = None
    digital_content: DigitalContent | None = None
