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
# How complaints were actually handled, as a file review, audit, regulator or ombudsman found (policies.complaints.
# practices_seen): what was done with real complaints, not what the procedure says.
ComplaintPractice = Literal[
    "put_on_hold",                      # complaints parked or suspended (awaiting a test case, a review, a backlog)
    "rejected_without_investigation",   # complaints rejected without being looked into fully (records not searched)
    "complainant_evidence_disregarded", # what the complainant said happened discounted, or never asked for
    "presumption_for_firm",             # handlers told to assume the firm's own sales or processes were sound
    "responses_late",                   # complaints left past the response deadline with no final or holding reply
    "upheld_without_redress",           # complaints found justified without the redress the finding called for
    "closed_unresolved",                # complaints marked closed or resolved while the customer's problem was still open
    "not_logged_as_complaints",         # contacts that were complaints not recorded as such, so the procedure never ran
    "adr_decisions_not_implemented",    # ombudsman or ADR decisions (or accepted settlements) not put into effect in time
]


class Delivery(Facts):
    default_max_days: int | None = Field(None, ge=0, description="Longest delivery time when no date is agreed")
    agreed_date_offered: bool | None = Field(None, description="Customers can agree a delivery date or period")
    delay_notification: bool | None = Field(None, description="Customers are told of revised dates when delays occur")
    tracking: bool | None = Field(None, description="Customers can track their delivery")
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
    refund_method: RefundMethod | None = Field(None, description="How refunds for services are paid")
    refund_fee: Money | None = Field(
        None, description="Fee deducted from a refund for a service, in pounds (0 for none)"
    )
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
    refund_method: RefundMethod | None = Field(None, description="How refunds for faulty digital content are paid")
    refund_fee: Money | None = Field(
        None, description="Fee deducted from a refund for digital content, in pounds (0 for none)"
    )
    device_damage_remedy: bool | None = Field(
        None, description="Customers whose device or other content was damaged by the content get a repair or compensation"
    )


class Warranty(Facts):
    offered: bool | None = Field(
        None, description="A guarantee or warranty is offered on top of the customer's legal rights"
    )
    free: bool | None = Field(None, description="The guarantee comes at no extra cost")
    states_statutory_rights: bool | None = Field(None, description="Says statutory rights are not affected")
    plain_language: bool | None = Field(None, description="Written in plain, intelligible English with how to claim")
    duration_and_territory_stated: bool | None = Field(
        None, description="The guarantee states how long it lasts and where it applies"
    )
    in_writing_on_request: bool | None = Field(
        None, description="The guarantee is given in writing when a customer asks"
    )
    guarantor_named: bool | None = Field(None, description="Name and address of the guarantor are stated")


class ExternalRedress(Facts):
    adr_obligations: frozenset[AdrObligation] | None = Field(
        None, description="Every reason the organisation must use an ADR body or ombudsman (e.g. legislation for the "
                          "Financial Ombudsman Service and a trade association's scheme); [none] if there is none"
    )
    ombudsman: str | None = Field(None, description="The statutory ombudsman it belongs to, if any (e.g. Energy Ombudsman)")
    adr_provider: str | None = Field(
        None, description="The alternative dispute resolution (ADR) body or ombudsman complaints can go to"
    )
    adr_provider_url: str | None = Field(None, description="The ADR body's website address")
    signposted_in_final_response: bool | None = Field(
        None, description="The final response names the ADR body or ombudsman"
    )
    signposted_on_website: bool | None = Field(None, description="The website names the ADR body")
    signposted_on_bills: bool | None = Field(
        None, description="Customers' bills (paper and electronic) say that an unresolved complaint can go to the ADR "
                          "body or ombudsman and that this is free for the customer"
    )
    free_of_charge_stated: bool | None = Field(
        None, description="What customers are told about the ADR body or ombudsman (the complaints code, eight-week "
                          "and deadlock letters) says that using it costs them nothing"
    )


class Complaints(Facts):
    documented: bool | None = Field(None, description="A written complaints procedure exists")
    published: bool | None = Field(None, description="Customers can easily find the procedure")
    channels: frozenset[str] | None = Field(None, description="Channel ids through which complaints are accepted")
    acknowledge_within_days: int | None = Field(
        None, ge=0, description="Working days within which a complaint is acknowledged"
    )
    final_response_within_days: int | None = Field(
        None, ge=0, description="Days within which a final response to a complaint is sent"
    )
    escalation_route_published: bool | None = Field(None, description="Customers are told how and where to escalate")
    auditable_records: bool | None = Field(None, description="Every complaint is logged with its handling and outcome")
    feeds_performance_review: bool | None = Field(
        None, description="Complaint data feed the review of service performance"
    )
    root_cause_analysis: bool | None = Field(None, description="The causes of complaints are analysed and put right")
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
    practices_seen: frozenset[ComplaintPractice] | None = Field(
        None, description="How real complaints were handled, as a file review, internal audit, regulator or ombudsman "
                          "found (list every practice seen; unlisted ones were not seen; [] when a review found none): "
                          "complaints put on hold, rejected without investigation, the complainant's account "
                          "disregarded, handlers told to presume the organisation was right, responses left late, "
                          "complaints upheld without redress, complaints closed while the problem was still open, "
                          "complaints not logged as complaints, ombudsman or ADR decisions not put into effect by the "
                          "scheme's deadline"
    )
    staff_given_complaint_definition: bool | None = Field(
        None, description="Front-line staff are given a written definition of what counts as a complaint (any "
                          "expression of dissatisfaction that expects a response), with guidance on logging each one "
                          "and handling it under the procedure"
    )
    redress_when_upheld: bool | None = Field(
        None, description="The procedure says that a complaint found justified is put right: redress or remedial "
                          "action (a refund, compensation, correcting the error) is offered and paid promptly once "
                          "the customer accepts it"
    )
    outcomes_checked: bool | None = Field(
        None, description="The fairness of complaint decisions is checked: a sample of decided complaints is "
                          "quality-checked, and ombudsman decisions on its complaints are analysed and fed back to the "
                          "people who handle complaints"
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
