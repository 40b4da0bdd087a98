"""Trading practices: contract terms, checkout, website disclosures, reviews, marketing and subscriptions.

These facts describe what the customer sees before and around a sale. Unfair-terms
checks read the tags on the organisation's standard consumer terms.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
from .selling import DirectMarketing, Practice, PreContractInformation

# Kinds of clause found in consumer terms or notices that the CRA 2015 treats as
# blacklisted or lists as indicative of unfairness (Schedule 2 Part 1, the "grey list").
ClauseTag = Literal[
    "excl_negligence_death_injury",         # s.65; Sch 2 para 1
    "excl_or_limit_implied_terms",          # ss.31, 47, 57; Sch 2 para 2
    "no_refund_any_circumstances",          # Sch 2 para 2; s.31
    "excessive_cancellation_fee",           # Sch 2 paras 5-6
    "termination_without_notice",           # Sch 2 para 8
    "auto_renewal_early_optout_deadline",   # Sch 2 para 9
    "terms_not_available_precontract",      # Sch 2 para 10
    "unilateral_variation_no_reason",       # Sch 2 paras 11, 13
    "price_increase_no_exit",               # Sch 2 paras 14-15
    "trader_decides_conformity",            # Sch 2 para 16
    "agent_commitments_not_binding",        # Sch 2 para 17; s.50
    "compulsory_arbitration",               # Sch 2 para 20
    "burden_of_proof_on_consumer",          # Sch 2 para 20
    "fault_report_time_limit",              # s.31
    "risk_on_dispatch",                     # s.29, s.31
    "refund_as_credit_only",                # s.20(10)-(16), s.31
    "restocking_fee_faulty",                # s.20(17), s.31
    "excl_reasonable_care_skill",           # s.57
    "excl_device_damage_liability",         # s.47
]


class Terms(Facts):
    """The organisation's standard consumer terms and notices."""

    clause_tags: frozenset[ClauseTag] | None = Field(
        None, description="Kinds of clause found in the standard consumer terms and notices"
    )
    available_before_contract: bool | None = Field(
        None, description="Customers can read the full terms before they are bound"
    )
    plain_and_intelligible: bool | None = Field(None, description="Written terms and notices are in plain, intelligible language")
    legible: bool | None = Field(None, description="Written terms and notices are legible")
    price_terms_prominent: bool | None = Field(
        None, description="Every fee and price term is brought to the customer's attention before they commit"
    )


class Checkout(Facts):
    """How the customer orders and pays."""

    preticked_paid_extras: bool | None = Field(
        None, description="Paid extras (insurance, warranties, donations, premium delivery) are added by default or a pre-ticked box"
    )
    headline_price_includes_mandatory_fees: bool | None = Field(
        None, description="The first price shown includes every unavoidable fee and charge"
    )
    consumer_card_surcharge: bool | None = Field(
        None, description="A fee is added for paying by consumer debit or credit card or other electronic means"
    )
    order_button_says_pay: bool | None = Field(
        None, description="The online order button says 'order with obligation to pay' or something equally clear"
    )
    confirmation_on_durable_medium: bool | None = Field(
        None, description="Each distance order is confirmed by email or on paper, including the pre-contract information"
    )
    key_information_next_to_order_button: bool | None = Field(
        None, description="Directly before the order button the main characteristics, total price, duration and "
                          "minimum duration are shown clearly and prominently"
    )
    delivery_restrictions_and_payment_means_at_start: bool | None = Field(
        None, description="Any delivery restrictions and the accepted means of payment are shown when ordering begins"
    )


class Disclosures(Facts):
    """What the website and order documents say about the trader."""

    registered_name: bool | None = Field(None, description="The registered company name is shown on the website")
    company_number: bool | None = Field(None, description="The registered number is shown on the website")
    registered_office: bool | None = Field(None, description="The registered office address is shown on the website")
    part_of_uk_registered: bool | None = Field(
        None, description="The part of the UK the company is registered in is shown on the website"
    )
    geographic_address: bool | None = Field(None, description="A geographic (not PO box) address is shown on the website")
    email_address: bool | None = Field(None, description="An email address is shown on the website (a web form alone is not enough)")
    vat_number: bool | None = Field(None, description="The VAT number is shown on the website")


class Reviews(Facts):
    hosted: bool | None = Field(None, description="Consumer reviews are published on the website, app or listings")
    fake_review_controls: bool | None = Field(
        None, description="Reasonable steps are taken to prevent and remove fake or misleading reviews"
    )
    incentivised_labelled: bool | None = Field(None, description="Reviews given for a reward are clearly labelled")
    negative_reviews_suppressed: bool | None = Field(
        None, description="Negative reviews are withheld, delayed or hidden"
    )


class Platform(Facts):
    """What a marketplace, listing or review site shows consumers about other traders and their products."""

    hosts_other_traders: bool | None = Field(
        None, description="Its website or app shows consumers other traders' goods, services or businesses: a "
                          "marketplace, a resale site, search results, business listings or reviews of them (e.g. a "
                          "search engine's business profiles, a ticket resale site)"
    )
    third_party_sellers: bool | None = Field(
        None, description="Other people (businesses or individuals) sell to consumers through it"
    )
    seller_identity_shown: bool | None = Field(
        None, description="Before a consumer buys, each listing shows who the seller is and whether they sell as a "
                          "business or as a private individual"
    )
    ranking_explained: bool | None = Field(
        None, description="It shows results in a ranked order and tells consumers, where they see the results, what "
                          "decides the order, including any commission or payment that moves a listing up"
    )
    ranking_paid_for: bool | None = Field(
        None, description="Commission or payments from the traders listed affect where they appear in the results"
    )


class Listing(Facts):
    """What the advert, listing, sale page or queue through which customers buy one line shows them before they commit.

    Each fact is what was seen: true where the page shows it, false where it does not; a fact not checked is left out.
    """

    price_includes_mandatory_fees: bool | None = Field(
        None, description="The first price shown for this line includes every fee the customer cannot avoid (a "
                          "booking, service, admin or joining fee); false where such a fee is added later in the "
                          "purchase or shown apart from the price"
    )
    price_rises_during_sale: bool | None = Field(
        None, description="The price of this line steps up or changes while it is on sale: cheaper tiers or allocations "
                          "sell out and dearer ones follow, or the price moves with demand"
    )
    price_changes_shown: bool | None = Field(
        None, description="Before customers queue or choose, they are told that the price can step up or change, and "
                          "the range of prices they may be offered"
    )
    renewal_price_higher: bool | None = Field(
        None, description="For a contract that renews automatically: a renewed term costs more than the first (e.g. an "
                          "introductory first-year price)"
    )
    renewal_terms_shown: bool | None = Field(
        None, description="For a contract that renews automatically: before customers commit, they are shown clearly "
                          "that it renews, when, and what a renewed term costs"
    )
    use_restricted: bool | None = Field(
        None, description="A condition may stop customers using what they buy as they would expect (a ticket the venue "
                          "may refuse at the door, a ticket that must carry the buyer's name, blackout dates on a "
                          "voucher)"
    )
    use_restrictions_shown: bool | None = Field(
        None, description="Those conditions on use are shown before customers commit"
    )
    key_features_shown: bool | None = Field(
        None, description="The main characteristics customers need to choose are shown (for a seated ticket, where in "
                          "the venue the seat is; for a room, what is included)"
    )


class Subscriptions(Facts):
    offered: bool | None = Field(None, description="Contracts renew automatically or continue until cancelled")
    key_information_before_contract: bool | None = Field(
        None, description="Key subscription information is given prominently and separately before the customer commits"
    )
    renewal_reminders: bool | None = Field(
        None, description="Reminder notices are sent before renewal payments (after a free or discounted period and every six months)"
    )
    cooling_off_notices: bool | None = Field(
        None, description="A notice of the right to cancel is given at the start of each renewal cooling-off period"
    )
    easy_exit: bool | None = Field(
        None, description="Customers can end the contract by a single clear statement, including the way they joined"
    )


class Trading(Facts):
    terms: Terms | None = None
    information: PreContractInformation | None = Field(
        None, description="What customers are told before they are bound, by how the contract is made"
    )
    checkout: Checkout | None = None
    practices_seen: frozenset[Practice] | None = Field(
        None, description="Selling practices seen in the organisation's sales, pages and scripts (unlisted ones were not)"
    )
    direct_marketing: DirectMarketing | None = None
    disclosures: Disclosures | None = None
    reviews: Reviews | None = None
    subscriptions: Subscriptions | None = None
    platform: Platform | None = Field(
        None, description="For a marketplace, listing or review site: what it shows consumers about other traders"
    )
