"""What customers are told before they buy, how the organisation sells, and how it markets.

Each is stated as what happens (the items of information a customer is given,
the practices seen in its selling, the basis on which it sends marketing), so
that rules can decide which of them the law requires or forbids.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

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
# The electronic channels marketing messages go by, and that a consent statement names.
MessageChannel = Literal["email", "sms", "in_app", "voicemail"]
# What marketing calls are about, where the law asks more than TPS screening (PECR regs 21A and 21B).
CallTopic = Literal[
    "claims_management",  # help with claims for compensation, refunds or other redress (PPI, accident, flight delay)
    "pensions",           # occupational or personal pension schemes (transfers, reviews, releasing pension cash)
]
# How people were asked to agree to marketing e-mails and texts (the sign-up or checkout step as customers see it).
ConsentRequest = Literal[
    "separate_opt_in",                  # a box left unticked, or another active step, for marketing alone
    "pre_ticked_box",                   # a box already ticked, or agreement assumed unless the person unticks it
    "bundled_with_other_confirmation",  # one box agrees to marketing and confirms something else (age, terms read)
    "bundled_with_terms",               # accepting the terms, signing up or buying is taken as agreeing
    "not_asked",                        # people are not asked at all
]


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
    on_premises_not_given: frozenset[InfoItem] | None = Field(
        None,
        description="Items customers buying on the trader's premises are known not to be given before they are bound, as "
        "a finding or review states it (the other items stay as on_premises says, or unknown); e.g. [phone_number]",
    )
    distance_not_given: frozenset[InfoItem] | None = Field(
        None,
        description="Items customers buying online, by phone or by post are known not to be given before they are bound, "
        "as a finding or review states it (the other items stay as distance says, or unknown); e.g. "
        "[termination_conditions]",
    )
    off_premises_not_given: frozenset[InfoItem] | None = Field(
        None,
        description="Items customers buying away from the trader's premises are known not to be given before they are "
        "bound, as a finding or review states it (the other items stay as off_premises says, or unknown); e.g. "
        "[per_period_cost]",
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

    @model_validator(mode="after")
    def _given_and_not_given_apart(self) -> PreContractInformation:
        for route in ("on_premises", "distance", "off_premises"):
            given, missing = getattr(self, route), getattr(self, f"{route}_not_given")
            both = sorted((given or frozenset()) & (missing or frozenset()))
            if both:
                raise ValueError(
                    f"{', '.join(both)} listed both in {route} (given) and in {route}_not_given (not given); keep each "
                    "item in one of the two lists"
                )
        return self


class DirectMarketing(Facts):
    """Marketing calls, e-mails and texts to individuals (PECR)."""

    calls_made: bool | None = Field(None, description="Live marketing calls are made to individuals")
    calls_screened_against_tps: bool | None = Field(
        None, description="Numbers are screened against the Telephone Preference Service before calling"
    )
    calls_screened_against_objections: bool | None = Field(
        None, description="Everyone who has told it not to make marketing calls to them is kept on a do-not-call list, "
                          "and every calling list is screened against it before calling"
    )
    calls_about: frozenset[CallTopic] | None = Field(
        None, description="What its marketing calls promote, among the topics that need the person's consent to be "
                          "called: claims_management, pensions (list every one that applies; [] when the calls are "
                          "about neither)"
    )
    calls_only_with_consent: bool | None = Field(
        None, description="Marketing calls are made only to people who have told it that they agree to marketing calls "
                          "from it (an opt-in it can show), not merely to people who have not objected"
    )
    pension_calls_to_existing_clients_only: bool | None = Field(
        None, description="Pension marketing calls made without consent go only to existing clients who could expect "
                          "such calls, and who were offered a simple, free way to refuse when their details were taken "
                          "and in every later call"
    )
    automated_calls_made: bool | None = Field(None, description="Recorded-message marketing calls are made")
    automated_calls_consented: bool | None = Field(
        None, description="Only to people who specifically agreed to recorded marketing calls from this trader"
    )
    electronic_mail_sent: bool | None = Field(None, description="Marketing e-mails or texts are sent to individuals")
    electronic_mail_basis: EmailBasis | None = Field(
        None, description="The basis the organisation says it relies on for them (in its privacy information, records "
                          "or replies to the regulator): consent, the soft opt-in for existing customers, or neither. "
                          "Describe how consent was asked for in consent_request and consent_channels_named: csaudit "
                          "then decides from those whether the consent holds"
    )
    electronic_mail_channels: frozenset[MessageChannel] | None = Field(
        None, description="Every channel marketing messages go to individuals by: email, sms (text messages), in_app "
                          "(messages inside its app), voicemail (e.g. [email, sms])"
    )
    consent_request: ConsentRequest | None = Field(
        None, description="How people were asked to agree to marketing e-mails or texts: separate_opt_in (a box left "
                          "unticked, or another active step, for marketing alone), pre_ticked_box, "
                          "bundled_with_other_confirmation (the same box also confirms their age, that they read the "
                          "terms, or the like), bundled_with_terms (signing up, buying or accepting the terms counts "
                          "as agreeing), not_asked"
    )
    consent_channels_named: frozenset[MessageChannel] | None = Field(
        None, description="The channels the consent wording names (a box reading 'offers by email' names [email] only)"
    )
    service_messages_sent: bool | None = Field(
        None, description="Service or account messages (order, delivery, billing or account notices) are sent to "
                          "individuals by e-mail, text or app, to every customer whatever their marketing choices"
    )
    service_messages_promote: bool | None = Field(
        None, description="Those service or account messages also promote products, services, upgrades, offers or the "
                          "use of its app or services (e.g. a billing text that urges an upgrade)"
    )
    opt_out_offered_at_collection: bool | None = Field(
        None, description="A simple way to refuse marketing is offered when contact details are collected"
    )
    opt_out_in_every_message: bool | None = Field(None, description="Every marketing message offers a simple way to stop")
    sender_identified: bool | None = Field(
        None, description="Every marketing e-mail and text says who it is from (for calls see calls_identify_caller)"
    )
    calls_identify_caller: bool | None = Field(
        None, description="Every marketing call, live or recorded, gives the name of the organisation it is made for "
                          "(its own name, or a trading name customers know it by, not an invented or another firm's name)"
    )
    calls_give_contact_on_request: bool | None = Field(
        None, description="A person called for marketing who asks is given the organisation's address or a freephone "
                          "number on which it can be reached"
    )
    automated_calls_give_contact: bool | None = Field(
        None, description="Every recorded-message marketing call gives the organisation's address or a freephone "
                          "number, without being asked"
    )
    objections_stop_marketing_days: int | None = Field(
        None, ge=0, description="Days from a customer objecting to direct marketing until it stops"
    )
