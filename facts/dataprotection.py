"""Data protection duties as they reach customer service (UK GDPR, DPA 2018).

The older ``data_protection`` section (facts/access.py) keeps its target hours and
days; this module adds the clocks, extensions and complaint handling those figures
leave out.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Facts

BreachClock = Literal["awareness", "confirmation", "investigation_complete"]


PrivacyItem = Literal[
    "controller_identity", "dpo_contact", "purposes_and_lawful_basis", "legitimate_interests", "recipients",
    "international_transfers", "retention_period", "rights", "right_to_withdraw_consent", "right_to_complain_to_ico",
    "statutory_or_contractual_requirement", "automated_decisions", "source_of_data",
]


class Breach(Facts):
    clock_starts: BreachClock | None = Field(
        None, description="Event from which the time to notify the ICO is counted"
    )
    out_of_hours_cover: bool | None = Field(None, description="Breaches can be assessed and reported at weekends and holidays")
    all_breaches_logged: bool | None = Field(None, description="Every breach is recorded, including those not reported")
    individuals_told_when_high_risk: bool | None = Field(
        None, description="Affected people are told without undue delay when the risk to them is high"
    )
    latest_notified_after_hours: int | None = Field(
        None, ge=0, description="For the most recent breach reported to the ICO: hours from the organisation becoming "
                                "aware of it to the report, e.g. 30 (an upper bound will do: aware on 5 September and "
                                "reported on 6 September is at most 48)"
    )


class SubjectAccess(Facts):
    extension_max_months: int | None = Field(
        None, ge=0, description="Longest extension ever taken beyond the first month (0: never extended)"
    )
    extension_notified_in_first_month: bool | None = Field(
        None, description="The requester is told of an extension, with reasons, within the first month"
    )
    fee_charged: bool | None = Field(None, description="A fee is charged for ordinary requests")
    staff_recognise_verbal_requests: bool | None = Field(
        None, description="Requests made by phone, chat or social media are recognised and logged"
    )
    answered_late_percent: int | None = Field(
        None, ge=0, le=100, description="Of the requests due in the period reviewed, the share answered after the time "
                                        "limit that applied (one month under the UK GDPR, or three where validly "
                                        "extended; 40 days under the Data Protection Act 1998) or still unanswered "
                                        "past it, in per cent, e.g. 14; 0 when every one was answered in time"
    )
    longest_response_days: int | None = Field(
        None, ge=0, description="The longest any request in the period reviewed took to answer, in days from receipt "
                                "(a request still unanswered counts its age so far), e.g. 730 for two years"
    )


class DpComplaints(Facts):
    electronic_form: bool | None = Field(
        None, description="Data protection complaints can be made on a form completed electronically"
    )
    other_ways: bool | None = Field(
        None,
        description="Data protection complaints can be made by a route people are told about other than an electronic form (email, phone, post, in person)",
    )
    acknowledge_within_days: int | None = Field(
        None, ge=0, description="Days within which a data protection complaint is acknowledged"
    )
    outcome_told: bool | None = Field(None, description="Complainants are told the outcome without undue delay")


class PrivacyNotice(Facts):
    given_at_collection: bool | None = Field(
        None, description="Customers are given the privacy information when their data is collected"
    )
    items: frozenset[PrivacyItem] | None = Field(None, description="What the privacy information says (unlisted items it does not)")


class Security(Facts):
    risk_assessed: bool | None = Field(
        None, description="The risks to the personal data held have been assessed and the security measures chosen "
                          "for them (a written security risk assessment, kept up to date)"
    )
    access_limited_to_role: bool | None = Field(
        None, description="Staff, contractors and systems can reach only the personal data, applications and tools "
                          "their role needs"
    )
    multi_factor_authentication: bool | None = Field(
        None, description="Remote access, and accounts that can reach customers' data, need a second factor besides "
                          "a password"
    )
    encrypted: bool | None = Field(
        None, description="Customers' personal data is encrypted when sent over networks and where it is stored"
    )
    attack_monitoring: bool | None = Field(
        None, description="Unusual access and changes to systems or website code are logged and alerted on, so an "
                          "attack is noticed"
    )
    regularly_tested: bool | None = Field(
        None, description="How well the security measures work is tested and reviewed regularly (penetration tests or "
                          "simulated attacks, vulnerability scans; for a small business a yearly check against the "
                          "Cyber Essentials controls)"
    )


class Privacy(Facts):
    breach: Breach | None = None
    subject_access: SubjectAccess | None = None
    complaints: DpComplaints | None = None
    notice: PrivacyNotice | None = None
    security: Security | None = Field(
        None, description="How the personal data held about customers is kept secure (UK GDPR Art 32)"
    )
    ico_fee_paid: bool | None = Field(None, description="The data protection fee is paid to the ICO (or an exemption applies)")
    ico_fee_exempt: bool | None = Field(None, description="An exemption from the ICO data protection fee applies")
