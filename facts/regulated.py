"""Sector regulation: which regulator authorises or licenses the organisation, for what, and for whom.

Sector rules (the FCA's complaints rules and Consumer Duty, Ofcom's General Conditions, Ofgem's
complaints handling standards, the Package Travel Regulations 2018, UK air passenger rights) apply
only to organisations in the sector. ``organisation.regulators`` is free text and cannot decide that;
these are the typed, observable facts a sector pack turns on: an authorisation or licence held, the
activities carried on under it, whom the regulated business serves, how flights are operated. None
of them is a legal conclusion: whether a rule applies is decided by the rules.

``complaints`` holds what complaint letters say that only sector rules ask about (an eight-week
letter, the written summary of a quickly settled complaint); the rest of the complaints policy is in
``policies.complaints``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

FcaActivity = Literal[
    "credit_broking",             # introducing customers to lenders or owners (e.g. retail point-of-sale finance)
    "consumer_credit_lending",    # lending under regulated credit agreements
    "consumer_hire",              # hiring goods under regulated consumer hire agreements
    "debt_collection",
    "debt_advice",                # debt adjusting or debt counselling
    "insurance_distribution",     # arranging or advising on insurance (e.g. selling extended warranties)
    "insurance_underwriting",
    "home_finance",               # mortgages and other home finance
    "deposit_taking",             # banking: accepting deposits
    "payment_services",           # payment services or account information services
    "e_money",                    # issuing electronic money
    "investment_services",        # MiFID investment business
    "ucits_management",           # collective portfolio management for a UCITS scheme
    "pensions",                   # establishing or operating pension schemes
    "claims_management",
]
FcaCustomer = Literal[
    "consumers",                  # individuals acting outside their trade or profession
    "micro_enterprises",          # fewer than 10 staff and turnover or balance sheet up to EUR 2 million
    "small_businesses",           # larger than a micro-enterprise but below the ombudsman's small-business limits
    "small_charities",            # charities below the ombudsman's annual-income limit
    "small_trusts",               # trustees of trusts below the ombudsman's net-asset limit
    "larger_businesses",          # businesses, charities and trusts above those limits
]
CommsCustomer = Literal["consumers", "small_businesses", "larger_businesses"]
EnergyLicence = Literal["gas_supply", "electricity_supply", "gas_transportation", "electricity_distribution"]
EnergyCustomer = Literal["domestic", "micro_business", "other_business"]
# Supplier guaranteed standards of performance (Electricity and Gas (Standards of Performance) (Suppliers) Regulations
# 2015 as amended), named by what the customer experiences.
GuaranteedStandard = Literal[
    "final_bill_after_switch",    # final bill sent within six weeks of the customer switching away
    "switch_completed_on_time",   # a switch to the supplier completed within the set time
    "erroneous_switch_put_right", # a switch made in error agreed and corrected within the set time
    "credit_refund_after_switch", # a credit balance refunded within the set time after the final bill
    "appointment_kept",           # an agreed appointment (meter work) kept or rearranged with enough notice
]
AirLicence = Literal["caa", "eu_state", "other_state"]
FlightKind = Literal["departing_uk", "arriving_uk", "outside_uk"]


class Fca(Facts):
    """Authorisation by the Financial Conduct Authority and the regulated business done under it."""

    authorised: bool | None = Field(
        None, description="Authorised by the Financial Conduct Authority (with full or interim permission), or "
                          "authorised or registered by it as a payment or e-money institution; for a date before 1 "
                          "April 2013, authorised by its predecessor the Financial Services Authority, whose Handbook "
                          "rules the FCA took over"
    )
    activities: frozenset[FcaActivity] | None = Field(
        None, description="The regulated activities it carries on under that authorisation (list them all; unlisted "
                          "ones it does not carry on)"
    )
    customers: frozenset[FcaCustomer] | None = Field(
        None, description="Whom its regulated business serves (list them all): consumers, micro-enterprises (fewer "
                          "than 10 staff and turnover or balance sheet up to EUR 2 million), small businesses, "
                          "charities or trusts within the Financial Ombudsman Service's size limits, larger ones"
    )


class Communications(Facts):
    """A provider of public electronic communications services (Ofcom's General Conditions)."""

    provider: bool | None = Field(
        None, description="Provides a public electronic communications service (landline or mobile calls, broadband, "
                          "other internet access or messaging sold to the public)"
    )
    customers: frozenset[CommsCustomer] | None = Field(
        None, description="Whom it provides those services to (list them all): consumers, small businesses (ten or "
                          "fewer workers), larger businesses"
    )
    adr_scheme_member: bool | None = Field(
        None, description="It belongs to an alternative dispute resolution scheme approved by Ofcom (the "
                          "Communications Ombudsman or CISAS)"
    )


class Energy(Facts):
    """Licences from Ofgem to supply or transport gas or electricity."""

    licences: frozenset[EnergyLicence] | None = Field(
        None, description="The Ofgem licences it holds and uses (list them all; an empty list if none): gas or "
                          "electricity supply, gas transportation, electricity distribution"
    )
    customers: frozenset[EnergyCustomer] | None = Field(
        None, description="Whom it supplies or serves (list them all): domestic customers at their homes, micro "
                          "businesses (up to 100,000 kWh of electricity or 293,000 kWh of gas a year, or fewer than "
                          "10 staff and turnover or balance sheet up to EUR 2 million), other businesses"
    )
    complaints_report_published: bool | None = Field(
        None, description="Publishes each year, prominently on its website, a consumer complaints report (how many "
                          "complaints were not resolved by the next working day, that it has a complaints procedure "
                          "and how to get it), and sends a free copy on request"
    )
    guaranteed_standards_missed: frozenset[GuaranteedStandard] | None = Field(
        None, description="The supplier guaranteed standards of performance it has failed to meet for some customers "
                          "in the period looked at (list them all; unlisted ones were met; [] when none were missed): "
                          "final bill within six weeks of a switch away, switch completed on time, erroneous switch "
                          "put right, credit balance refunded after a switch, appointment kept"
    )
    guaranteed_payments_on_time: bool | None = Field(
        None, description="Every compensation payment owed when a guaranteed standard is missed (£30 under the 2015 "
                          "Regulations) reaches the customer automatically within 10 working days of the failure, and "
                          "the further payment is made when one is late"
    )


class PackageTravel(Facts):
    """Packages within the Package Travel and Linked Travel Arrangements Regulations 2018."""

    organiser: bool | None = Field(
        None, description="It combines the travel services in the packages it sells or offers (itself, through or "
                          "together with another trader), rather than only retailing packages another firm has put "
                          "together"
    )


class Air(Facts):
    """Flights the organisation operates (UK air passenger rights)."""

    operating_carrier: bool | None = Field(
        None, description="It operates flights under its own air operator's licence (its aircraft and crew, or "
                          "aircraft leased in under its licence), rather than only selling seats on other airlines' "
                          "flights"
    )
    licence: AirLicence | None = Field(
        None, description="Who granted its operating licence: the UK Civil Aviation Authority, an EU member state "
                          "or another country"
    )
    flights: frozenset[FlightKind] | None = Field(
        None, description="The flights it operates (list them all): departing from UK airports, arriving at UK "
                          "airports from abroad, wholly outside the UK"
    )


class RegulatedComplaints(Facts):
    """Complaint letters that sector rules ask about, beyond the complaints policy in policies.complaints."""

    eight_week_letter_states_referral_rights: bool | None = Field(
        None, description="A complaint still open eight weeks after it was made gets a letter by then saying the "
                          "customer may now take it to the ombudsman or ADR scheme, and how"
    )
    summary_resolution_states_referral_rights: bool | None = Field(
        None, description="The written summary sent when a complaint is settled within a few days says the "
                          "customer may still refer it to the ombudsman, and gives the ombudsman's website (both; "
                          "where a source says only one of them, use summary_resolution_says_may_refer and "
                          "summary_resolution_gives_ombudsman_website instead)"
    )
    summary_resolution_says_may_refer: bool | None = Field(
        None, description="The written summary sent when a complaint is settled within a few days tells the customer "
                          "that, if later dissatisfied, they may be able to refer it to the ombudsman"
    )
    summary_resolution_gives_ombudsman_website: bool | None = Field(
        None, description="That written summary gives the ombudsman's website address "
                          "(www.financial-ombudsman.org.uk for the Financial Ombudsman Service)"
    )
    final_response_says_may_refer: bool | None = Field(
        None, description="The final response to a complaint tells the complainant they may now refer it to the "
                          "ombudsman (free of charge); use with the two facts below where a source does not state all "
                          "that policies.complaints.final_response_states_referral_rights bundles"
    )
    final_response_gives_ombudsman_details: bool | None = Field(
        None, description="The final response encloses the ombudsman's explanatory leaflet (or a link to it) and "
                          "gives the ombudsman's website address"
    )
    final_response_gives_time_limit: bool | None = Field(
        None, description="The final response says the complaint must be referred to the ombudsman within six months "
                          "of its date, or that the firm does not object to a later referral (the prescribed wording "
                          "on the time limits)"
    )
    payment_final_response_within_business_days: int | None = Field(
        None, ge=0, description="For complaints about payment services or e-money (payments, transfers, cards, "
                                "account information): the business days from receipt within which the procedure "
                                "sends a final response (e.g. 15)"
    )
    payment_exceptional_final_within_business_days: int | None = Field(
        None, ge=0, description="For those complaints, where a holding reply giving the reasons for the delay is sent "
                                "instead in exceptional circumstances: the business days from receipt by which the "
                                "final response then comes (e.g. 35); leave out if the procedure has no such route"
    )


class Regulated(Facts):
    fca: Fca | None = Field(None, description="Financial Conduct Authority authorisation and the business done under it")
    communications: Communications | None = Field(
        None, description="Public electronic communications services (Ofcom)"
    )
    energy: Energy | None = Field(None, description="Gas and electricity licences (Ofgem)")
    package_travel: PackageTravel | None = Field(None, description="Package travel: whether it organises packages")
    air: Air | None = Field(None, description="Flights it operates as an air carrier")
    complaints: RegulatedComplaints | None = Field(
        None, description="Complaint letters that sector rules ask about"
    )
