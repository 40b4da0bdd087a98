"""What the organisation sells, line by line, and what each returns route says.

The law applies per contract: whether goods can be cancelled, how long the
short-term right lasts, which exceptions hold, all turn on the traits of the
thing sold and on how it was sold. So each product line, service, digital
content or subscription is an *offering* with the traits the law turns on, and
each returns route (faulty goods, change of mind online, in store, ...) states
what the published policy says, term by term. Which route applies to which
offering is stated by the profile; the legal conclusions are drawn by rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts
from .trading import Listing
from .types import Money

OfferingKind = Literal["goods", "services", "digital_content"]
SaleRoute = Literal["on_premises", "distance", "off_premises"]
Sector = Literal[
    "general",               # ordinary consumer goods, services or digital content
    "banking", "credit", "insurance", "pensions", "investment", "payment_services",
    "gambling",
    "package_travel",        # a package within the Package Travel Regulations 2018
    "timeshare",
    "passenger_transport",
    "residential_letting",   # renting out accommodation to live in
    "property",              # creating or transferring land or rights in land
    "new_building",          # building, or substantially rebuilding, a building
    "household_rounds",      # food, drink or household goods delivered on frequent, regular rounds
    "prescription_health",   # medicines on prescription, NHS-supplied products
    "energy", "telecoms", "water", "postal",
]
Trait = Literal[
    "perishable",                 # liable to deteriorate or expire rapidly
    "sealed_hygiene",             # sealed for health protection or hygiene
    "sealed_media",               # sealed audio or video recording or computer software
    "made_to_specification",      # made to the customer's specifications or clearly personalised
    "special_order",              # standard goods ordered in for the customer, not made to their specification
    "installed_by_trader",        # the trader installs the goods or sets them up for use
    "second_hand",
    "sale_or_clearance",          # sold at a reduced or clearance price
    "motor_vehicle",
    "inseparably_mixed",          # by its nature becomes mixed with other items after delivery (e.g. fuel)
    "market_priced",              # price depends on financial-market fluctuations the trader cannot control
    "alcohol_future_delivery",    # alcohol priced at sale, delivered after 30 days, value set by the market
    "newspaper_or_magazine",      # a single issue, not a subscription
    "dated_leisure",              # accommodation, car hire, catering or leisure for a specific date or period
    "urgent_repair",              # a repair or maintenance visit the customer asked to be urgent
    "auction",                    # sold at a public auction
    "tangible_medium",            # digital content supplied on a disc, card or other physical medium
    "renews_automatically",       # continues or renews until the customer ends it
]
EarlyStart = Literal["never", "on_express_request", "by_default"]
DistanceMeans = Literal["website", "app", "email", "marketplace", "social_media", "phone", "post"]
# What was seen in how a service was actually performed (offering.service_conduct_seen), as an inspection of finished
# work, a complaints or job-file review, a trading-standards investigation or prosecution, or an ombudsman decision
# found it: conduct, not what a policy promises and not a legal conclusion.
ServiceConduct = Literal[
    "substandard_work",               # work not done to a proper standard: defects, poor workmanship, work that had to be
                                      # redone or was condemned by an inspector or surveyor
    "work_abandoned",                 # work started and left unfinished, the trader not coming back to complete it
    "unreasonable_delay",             # work took far longer than the job needed, or than the customer was told it would
    "statements_not_honoured",        # what the trader said or wrote about itself or the service (materials, methods,
                                      # start or finish dates, qualifications, guarantees) was not what it did
    "charged_above_agreed_price",     # the customer was charged more than the price or quote agreed, without agreeing to it
    "charged_above_assessed_value",   # where no price was agreed, the charge was far above what an independent surveyor,
                                      # expert or the going rate put the work at
    "materials_paid_not_supplied",    # payments taken for materials that were then never supplied
    "repeat_performance_refused",     # asked to put poor work right, the trader refused, ignored it or charged for it
    "price_reduction_refused",        # where poor work was not put right, the trader refused any money back
]
KeptWhenProhibited = Literal[
    "nothing",                    # every payment refunded
    "costs_incurred",             # only costs already incurred for that booking are kept
    "share_of_price",             # a share of the price fixed in advance (a cancellation charge)
    "everything",                 # no refund
    "voucher_or_rebooking_only",  # no money back: only a voucher or a new date
]


class Offering(Facts):
    """One product line, service, digital content or subscription, with the traits the law turns on."""

    id: str = Field(description="Short identifier, unique among offerings", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str | None = Field(None, description="What customers call it, e.g. 'Fridges and freezers'")
    kind: OfferingKind | None = Field(None, description="Goods, services or digital content (the CRA chapter that applies)")
    sector: Sector | None = Field(
        None, description="The kind of contract in law's terms; 'general' for ordinary consumer sales"
    )
    sold: frozenset[SaleRoute] | None = Field(
        None, description="How it is sold: in person on the trader's premises, at a distance (online, phone, post) "
                          "or off premises (at the customer's home or elsewhere away from the trader's premises)"
    )
    distance_means: frozenset[DistanceMeans] | None = Field(
        None, description="For distance sales: how customers order (website, app, e-mail, phone, post, ...)"
    )
    to_consumers: bool | None = Field(None, description="Sold to consumers (individuals outside their trade)")
    to_businesses: bool | None = Field(None, description="Sold to business customers")
    traits: frozenset[Trait] | None = Field(None, description="Every trait that applies to this offering (unlisted ones do not)")
    typical_price: Money | None = Field(None, description="What a customer typically pays for one contract")
    listing: Listing | None = Field(
        None, description="What the advert, listing, sale page or queue for this line shows customers before they "
                          "commit (its price, renewal terms, conditions on use, main characteristics)"
    )
    returns: frozenset[str] | None = Field(
        None, description="Ids of the returns routes (policies.returns) that apply to it; default: every route marked default"
    )
    early_start: EarlyStart | None = Field(
        None, description="Services or digital content: whether supply starts within the 14-day cancellation period, "
                          "and on what basis"
    )
    early_start_request_on_durable_medium: bool | None = Field(
        None, description="Off-premises services: the customer's request to start early is taken on paper or e-mail"
    )
    loss_of_right_acknowledged: bool | None = Field(
        None, description="Before an early start the customer acknowledges losing the right to cancel once the "
                          "service is fully performed or the download begins"
    )
    early_start_confirmed: bool | None = Field(
        None, description="Digital content: the customer's consent and acknowledgement are confirmed on a durable medium"
    )
    all_supplied_as_booked: bool | None = Field(
        None, description="Over the period the profile describes, every booking of this line was supplied as agreed: "
                          "the trader cancelled none and failed to supply none (e.g. every flight of it operated). "
                          "false: the trader cancelled or did not supply at least some"
    )
    supply_prohibited_by_law: bool | None = Field(
        None, description="On dates customers had booked, the law itself prohibited supplying it (e.g. coronavirus "
                          "regulations closing wedding venues or banning gatherings), not a choice of the trader or "
                          "the customer"
    )
    kept_when_prohibited: KeptWhenProhibited | None = Field(
        None, description="What the trader keeps of the customer's payments (under its terms or in practice) when "
                          "the law prevents supply and the customer does not rebook: nothing (a full refund), only "
                          "costs it had already incurred for that booking, a share of the price fixed in advance "
                          "(e.g. an 80% cancellation charge), everything, or everything with only a voucher or a new "
                          "date offered"
    )
    terms_provide_for_prohibition: bool | None = Field(
        None, description="The contract terms themselves say what happens to payments if the law prevents supply (a "
                          "clause on government restrictions or force majeure), beyond what a customer pays to cancel"
    )
    fees_after_end_days: int | None = Field(
        None, ge=0, description="Days of fees the terms charge for after the contract has ended without anything being "
                                "supplied for them (e.g. after a care-home resident's death), counted as a fixed period; "
                                "0 if fees stop when the contract ends. A month is 30"
    )
    service_conduct_seen: frozenset[ServiceConduct] | None = Field(
        None, description="Services: what was found in how the service was actually performed, by an inspection of "
                          "finished work, a complaints or job-file review, a trading-standards investigation or "
                          "prosecution, or an ombudsman decision. List everything that found (unlisted: not seen); [] "
                          "when it found none of these; leave out when nobody has looked. E.g. a press release saying a "
                          "builder took most of the price, left jobs unfinished and did poor work: [substandard_work, "
                          "work_abandoned]"
    )
    completed_work_checked: bool | None = Field(
        None, description="Services: finished work is checked before the job is signed off as done: inspected by a "
                          "supervisor, an independent inspector or building control, or walked through and signed off "
                          "with the customer against what was agreed. false: jobs are closed without any check"
    )


Reason = Literal["change_of_mind", "fault", "trader_cancelled"]
CountsFrom = Literal["order", "contract", "payment", "dispatch", "delivery", "installation", "notice"]
DeadlineFor = Literal["telling_us", "sending_back"]
WindowUnit = Literal["calendar_days", "working_days"]
ReturnCondition = Literal[
    "unopened", "original_packaging", "with_receipt", "proof_of_purchase", "unused", "tags_attached",
    "resaleable", "in_store_only", "not_sale_items", "reason_given",
]
Remedy = Literal[
    "refund_same_means",          # money back to the card or account used to pay
    "refund_customer_choice",     # money back by any means the customer chooses
    "store_credit", "voucher", "credit_note", "exchange_only", "repair_or_replacement",
]
RefundClock = Literal[
    "goods_received", "proof_of_postage", "earlier_of_return_or_proof_of_postage", "cancellation_notified",
    "entitlement_agreed", "inspection_complete", "manufacturer_report",
    "supplier_refunds_trader",    # the trader's own supplier (an airline, a hotel) refunding the trader first
]
Payer = Literal["trader", "customer"]


class ReturnsRoute(Facts):
    """One returns route as the published policy states it: its window, conditions, deductions and remedy."""

    id: str = Field(description="Short identifier, unique among returns routes", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str | None = Field(None, description="How the policy calls it, e.g. 'Online returns'")
    reason: Reason = Field(
        description="Why money comes back: a fault, a change of mind, or the trader cancelling or failing to supply "
                    "(a cancelled flight or package, goods not delivered)"
    )
    sales: frozenset[SaleRoute] | None = Field(None, description="Which sales the route covers")
    default: bool | None = Field(
        None, description="Applies to every offering that does not name its own routes"
    )
    window_days: int | None = Field(None, ge=0, description="Days the customer has (0: no returns at all)")
    window_counts_from: CountsFrom | None = Field(None, description="The event the window counts from")
    window_unit: WindowUnit | None = Field(
        None, description="What window_days counts: calendar days (what a window means when this is not stated) or "
                          "working days (days other than Saturdays, Sundays and public holidays), e.g. "
                          "'fourteen working days' is window_days: 14, window_unit: working_days"
    )
    no_time_limit: bool | None = Field(
        None, description="The route sets no time limit at all: goods can be returned whenever the customer likes "
                          "(leave window_days out)"
    )
    deadline_for: DeadlineFor | None = Field(
        None, description="Whether the window is for telling the trader or for getting the goods back to it"
    )
    send_back_within_days: int | None = Field(
        None, ge=0, description="Days the customer has to send goods back after telling the trader"
    )
    conditions: frozenset[ReturnCondition] | None = Field(
        None, description="Every condition the route imposes (unlisted ones are not imposed)"
    )
    excludes: frozenset[Trait] | None = Field(
        None, description="Traits of the offerings the route says cannot be returned (e.g. sale_or_clearance)"
    )
    excludes_offerings: frozenset[str] | None = Field(
        None, description="Ids of offerings the route says cannot be returned"
    )
    restocking_fee: Money | None = Field(None, description="A fixed fee deducted from every return")
    deducts_for_diminished_value: bool | None = Field(
        None, description="Deducts for handling beyond what was needed to inspect the goods"
    )
    remedy: Remedy | None = Field(None, description="What the customer gets back")
    remedy_changes_after_days: int | None = Field(
        None, ge=0, description="Days after which the remedy changes (e.g. a voucher instead of a refund after day 14)"
    )
    later_remedy: Remedy | None = Field(None, description="The remedy after that day")
    refund_within_days: int | None = Field(None, ge=0, description="Days within which money is paid back")
    paid_within_days_in_practice: int | None = Field(
        None, ge=0, description="Days within which refunds under this route were in fact paid, as observed (complaints, "
                                "an investigation, the organisation's own figures): the usual longest wait, not what the "
                                "policy promises. E.g. 90 where customers commonly waited three months"
    )
    refund_clock_starts: RefundClock | None = Field(None, description="The event the refund days count from")
    refund_fee: Money | None = Field(None, description="A fee charged on the refund itself")
    refund_includes_standard_delivery: bool | None = Field(
        None, description="The refund includes the standard delivery charge paid"
    )
    return_postage_paid_by: Payer | None = Field(None, description="Who pays to send the goods back")
    return_postage_disclosed_before_contract: bool | None = Field(
        None, description="Customers are told before ordering that they pay return postage"
    )
    collection_offered: bool | None = Field(None, description="The trader offers to collect the goods")
    reason_required: bool | None = Field(None, description="Customers must say why they are returning")
    right_to_cancel_told_before_contract: bool | None = Field(
        None, description="Before the contract, customers are told of the right to cancel, its conditions and "
                          "time limit, and given the model cancellation form"
    )
    repairs_before_final_remedy: int | None = Field(
        None, ge=0, description="Faults: repair or replacement attempts required before a refund or price reduction"
    )
    deducts_for_use_within_six_months: bool | None = Field(
        None, description="Faults: deducts for use from a final-rejection refund within six months of delivery"
    )
    deducts_for_use_on_short_term_rejection: bool | None = Field(
        None, description="Faults: deducts for the customer's use of the goods from the refund when faulty goods are "
                          "rejected within the first 30 days"
    )
    customer_proves_fault_after_months: int | None = Field(
        None, ge=0, description="Faults: months after delivery from which the customer must prove the fault was there"
    )
    claims_accepted_within_months: int | None = Field(
        None, ge=0, description="Faults: months after delivery within which any fault claim is accepted at all"
    )
    directs_to_manufacturer: bool | None = Field(
        None, description="Faults: customers are told to take the fault up with the manufacturer"
    )
    repair_cost_to_customer: Money | None = Field(None, description="Faults: what a customer pays for a repair")


Says = Literal[
    "no_refunds",                          # no refunds in any circumstances
    "no_refunds_on_sale_items",            # sale or clearance items cannot be refunded, faulty or not
    "receipt_only_proof_of_purchase",      # no refund or repair without the original receipt
    "faults_go_to_manufacturer",           # faulty goods are the manufacturer's problem
    "warranty_is_only_remedy",             # after the warranty or returns period there is no remedy
    "faults_reported_within_days",         # faults must be reported within a stated number of days
    "faults_credit_note_only",             # faulty goods get a credit note or exchange, not money back
    "faults_original_packaging_required",  # faulty goods are taken back only in their original packaging
    "faults_customer_pays_postage",        # customers pay to send faulty goods back
    "opened_goods_not_returnable",         # opened goods cannot be returned, whatever they are
    "online_orders_not_cancellable",       # distance orders cannot be cancelled or returned
    "digital_purchases_non_refundable",    # digital content is never refunded, faulty or not
    "services_not_cancellable_once_booked",
    "deposits_never_refundable",
    "statutory_rights_not_affected",       # the policy says statutory rights are not affected
    "rights_as_own_offer",                 # rights the law gives everyone presented as this trader's special offer
    "cancellation_period_days",            # distance or off-premises orders can be cancelled or returned only within
                                           # a stated number of days (with days and deadline_for)
    # claims about the trader or what it sells (with accurate: whether the claim held when checked)
    "trader_identity",                     # who or where the trader is: its name, address, where it is based, its
                                           # status, qualifications or awards
    "trader_approval",                     # approved, endorsed, authorised or accredited by a public or private
                                           # body; a trust or quality mark; signed up to a code of conduct
    "product_feature",                     # a label or description promising a feature or benefit ('platinum', 'VIP')
    "price_saving",                        # a saving, discount or higher price the price is compared with
    "described_as_free",                   # something described as free, gratis or without charge
    "closing_down",                        # the trader is about to stop trading or move premises ('closing down sale')
]
Where = Literal[
    "website", "app", "receipt", "in_store_sign", "terms", "script", "email", "advert", "invoice",
    "said_by_staff",      # said by staff to customers on calls, in chat or in person, not read from a script
    "flyer",              # leaflets, flyers or cards handed out or put through doors
    "listing",            # the listing or product page customers buy from
]


class Statement(Facts):
    """Something the organisation tells customers about their rights, or a claim it makes about itself or what it
    sells: where, and what it says."""

    id: str = Field(description="Short identifier, unique among statements", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    says: Says | None = Field(None, description="What the statement conveys, in csaudit's vocabulary")
    text: str | None = Field(None, description="The words as customers see or hear them")
    where: frozenset[Where] | None = Field(None, description="Where customers are given it")
    days: int | None = Field(None, ge=0, description="The number of days it states, where it states one")
    deadline_for: DeadlineFor | None = Field(
        None, description="For a stated time limit: whether customers must tell the trader within it (telling_us) or "
                          "get the goods back to it within it (sending_back), e.g. 'must be returned within 14 days of "
                          "receipt' is days: 14, deadline_for: sending_back"
    )
    offerings: frozenset[str] | None = Field(None, description="Ids of the offerings it is about (default: all)")
    accurate: bool | None = Field(
        None, description="For a claim about the trader or what it sells (trader_identity, trader_approval, "
                          "product_feature, price_saving, described_as_free, closing_down): whether it held when checked "
                          "against what the trader is, has or supplies. false, e.g.: the address given is not where the "
                          "trader is based; the trust mark was never granted; 'platinum' tickets give nothing standard "
                          "ones do not; the 'was' price was never charged; the 'free' item must be paid for (beyond the "
                          "cost of replying and of delivery); the 'closing down' shop stays open"
    )
