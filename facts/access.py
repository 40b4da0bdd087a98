"""Accessibility, the website, and data protection."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .adjustments import Barrier
from .base import Facts

Format = Literal["large_print", "braille", "audio", "easy_read", "accessible_pdf"]


class Accessibility(Facts):
    alternative_formats: frozenset[Format] | None = Field(
        None, description="Formats information can be had in on request (large print, Braille, audio, Easy Read, accessible PDF)"
    )
    languages: frozenset[str] | None = Field(None, description="Languages information is offered in")
    relay_calls_accepted: bool | None = Field(None, description="Relay UK and textphone calls are accepted")
    reasonable_adjustments_policy: bool | None = Field(
        None, description="A written policy says which adjustments are offered to disabled customers and how"
    )
    adjustments_offered: bool | None = Field(
        None,
        description="Disabled customers are offered changes to how they are served without having to insist "
        "(another contact route, extra time, help with forms or identity checks, accessible formats)",
    )
    adjustment_charge: bool | None = Field(None, description="Customers are charged for adjustments")
    identity_checks_used: bool | None = Field(
        None, description="Customers must pass an identity or security check to be served (on the phone, online or "
                          "in person)"
    )
    identity_check_alternatives: bool | None = Field(
        None, description="Customers who cannot complete the usual identity or security check (a voice, app, online or "
                          "document check) because of a disability are offered another way to prove who they are"
    )
    documents_in_formats_on_request: bool | None = Field(
        None, description="Letters, bills, statements, terms and complaint responses are sent in the format a disabled "
                          "customer asks for (large print, Braille, audio, Easy Read, an accessible electronic document)"
    )
    customer_range_considered: bool | None = Field(None, description="A process takes the range of customers into account")
    serves_non_english_speakers: bool | None = Field(
        None, description="It serves communities in which English is not the first language"
    )
    community_language_information: bool | None = Field(
        None, description="Information and help are available in the languages of those communities"
    )
    barriers: list[Barrier] | None = Field(
        None, description="Practices, physical features and missing aids known to stop disabled customers using the "
                          "service or to make it much harder or dearer for them, each with what is done about it"
    )


class Website(Facts):
    exists: bool | None = Field(None, description="The organisation has a website")
    accessible: bool | None = Field(None, description="Meets a recognised accessibility standard such as WCAG 2.2 AA")
    search: bool | None = Field(None, description="The website has a search")
    self_service: bool | None = Field(None, description="Customers can buy, book or answer questions without contacting staff")
    mobile_optimised: bool | None = Field(None, description="The website works on a phone")
    contact_outside_hours: bool | None = Field(None, description="Customers can make contact outside working hours")


class DataProtection(Facts):
    security_measures: bool | None = Field(None, description="Technical measures protect customer data")
    breach_notification_hours: int | None = Field(None, ge=0, description="Target hours to notify the ICO of a breach")
    subject_access_days: int | None = Field(
        None, ge=0, description="Days the organisation takes to answer a subject access request"
    )
