"""What customers are told before they buy, how the organisation sells, and how it markets.

Each is stated as what happens (the items of information a customer is given,
the practices seen in its selling, the basis on which it sends marketing), so
that rules can decide which of them the law requires or forbids.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

InfoItem = Literal[
    "identity",                   # the trader's trading name
    "geographic_address",         # where the trader is established (not a PO box)
    "phone_number",
    "email_address",
    "main_characteristics",       # what the goods, services or digital content are
    "total_price",                # including taxes, or how it is calculated
    "delivery_charges",
    "additional_charges",         # any other charge, or that there may be one
    "per_period_cost",            # for open-ended contracts and subscriptions: the cost per billing period
    "communication_cost",         # the cost of the means of contact where above the basic rate
    "payment_arrangements",
    "delivery_arrangements",      # how and by when the goods are delivered or the service performed
    "complaint_handling_policy",  # the trader's policy for handling complaints
    "adr",                        # access to an out-of-court complaint and redress scheme
    "legal_guarantee_reminder",   # that the trader must supply goods that conform to the contract
    "after_sales_services",
    "commercial_guarantees",
    "codes_of_conduct",
    "contract_duration",
    "termination_conditions",
    "minimum_duration",
    "deposits",                   # deposits or other financial guarantees the customer must pay
    "digital_functionality",      # how digital content works, technical protection measures
    "digital_compatibility",      # the hardware and software it works with
    "cancellation_right",         # the conditions, time limit and procedure for cancelling
    "model_cancellation_form",
    "return_costs",               # that the customer pays to return goods, and the cost where it can be worked out
    "no_cancellation_right",      # where none applies: that there is none, or when it is lost
    "cancellation_costs_services",  # that a customer who cancels after asking for an early start pays for what was done
    "legal_status",               # the provider's legal status and form (sole trader, partnership, limited company ...)
    "trade_register",             # the public register it is entered in (e.g. Companies House) and its number there
    "vat_number",                 # its VAT identification number
]
Practice = Literal[
    "countdown_resets",               # a timer or "offer ends" message that restarts or is false
    "low_stock_claim_unfounded",      # "only 2 left" or "selling fast" not based on stock or sales
    "bait_pricing",                   # an advertised price with too few items to meet expected demand
    "reference_price_not_charged",    # a "was" price the trader did not genuinely charge
    "free_trial_paid_hidden",         # a free trial that turns into paid without clear, prominent notice
    "cancellation_obstructed",        # cancelling needs disproportionate steps, calls or retention hoops
    "complaints_obstructed",          # complaints refused, ignored or routed to a dead end
    "reviews_bought",                 # reviews commissioned or bought, or written by staff
    "negative_reviews_hidden",        # negative reviews withheld, delayed or buried
    "pressure_at_home",               # staying at the customer's home after being asked to leave
    "persistent_unwanted_contact",    # repeated calls or messages after being asked to stop
    "mandatory_fee_added_late",       # an unavoidable fee first shown late in the purchase
]
EmailBasis = Literal["consent", "soft_opt_in", "none"]


class PreContractInformation(Facts):
    """The items of information customers are given before they are bound, by how the contract is made."""

    on_premises: frozenset[InfoItem] | None = Field(
        None, description="Items given before an in-person contract on the trader's premises (unlisted items are not)"
    )
    distance: frozenset[InfoItem] | None = Field(
        None, description="Items given before an online, phone or postal contract (unlisted items are not)"
    )
    off_premises: frozenset[InfoItem] | None = Field(
        None, description="Items given before a contract made away from the trader's premises (unlisted items are not)"
    )
    off_premises_on_paper: bool | None = Field(
        None, description="Off-premises information is given on paper, or on another durable medium the customer agrees to"
    )
    off_premises_copy_given: bool | None = Field(
        None, description="A signed copy or confirmation of each off-premises contract is given on paper or a durable medium"
    )
    legible_and_plain: bool | None = Field(None, description="The information is legible and in plain, intelligible language")
    on_premises_everyday_and_immediate: bool | None = Field(
        None,
        description="Every sale made on its premises is an everyday purchase paid for and handed over, or performed, there "
        "and then (a coffee, a newspaper, groceries)",
    )
    services: frozenset[InfoItem] | None = Field(
        None,
        description="Items made available to every recipient of its services, business customers included, before the "
        "contract is made or the service provided: handed over, displayed where the service is provided or the contract "
        "made, on its website, or in the documents that describe the service (unlisted items are not)",
    )


class DirectMarketing(Facts):
    """Marketing calls, e-mails and texts to individuals (PECR)."""

    calls_made: bool | None = Field(None, description="Live marketing calls are made to individuals")
    calls_screened_against_tps: bool | None = Field(
        None, description="Numbers are screened against the Telephone Preference Service before calling"
    )
    automated_calls_made: bool | None = Field(None, description="Recorded-message marketing calls are made")
    automated_calls_consented: bool | None = Field(
        None, description="Only to people who specifically agreed to recorded marketing calls from this trader"
    )
    electronic_mail_sent: bool | None = Field(None, description="Marketing e-mails or texts are sent to individuals")
    electronic_mail_basis: EmailBasis | None = Field(
        None, description="Why they may be sent: consent, the soft opt-in for existing customers, or neither"
    )
    opt_out_offered_at_collection: bool | None = Field(
        None, description="A simple way to refuse marketing is offered when contact details are collected"
    )
    opt_out_in_every_message: bool | None = Field(None, description="Every marketing message offers a simple way to stop")
    sender_identified: bool | None = Field(None, description="Every marketing message says who it is from")
    objections_stop_marketing_days: int | None = Field(
        None, ge=0, description="Days from a customer objecting to direct marketing until it stops"
    )
