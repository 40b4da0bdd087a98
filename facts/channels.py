"""Contact channels: how customers reach the organisation, when, and at what cost."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, computed_field, model_validator

from .base import Facts
from .types import BASIC_RATE_CLASSES, DAYS, CostClass, OpeningHours, PhoneNumber, cost_class, parse_hours

ChannelKind = Literal[
    "phone", "textphone", "email", "webchat", "web_form", "post", "face_to_face", "social_media", "app", "sms",
    "video",
]
Purpose = Literal[
    "sales", "existing_contracts", "complaints", "technical_support", "returns", "billing", "general_enquiries",
    "emergencies", "appointments",
]
VOICE_KINDS = frozenset({"phone", "textphone", "video"})
ServedCustomers = Literal["consumers", "businesses"]
# How people waiting at a desk or counter are taken in turn (BS 8477 6.3.5 c)).
Queueing = Literal["single_queue", "ticket_numbers", "appointments_only", "unmanaged"]
# What helps visitors find what they need on site (BS 8477 6.3.5 a)).
OnSiteHelp = Literal["signage", "help_desk", "opening_hours_displayed", "floor_staff"]
# what the phone system's reports, mystery shopping or a regulator found about how the line was answered
PerformanceSeen = Literal["long_waits", "many_calls_abandoned", "calls_cut_off", "callbacks_missed"]


class Voicemail(Facts):
    used: bool | None = Field(None, description="Callers can be asked to leave a message")
    call_back_within_hours: float | None = Field(None, ge=0, description="Set time within which messages are returned")
    tells_caller_when: bool | None = Field(None, description="The greeting says when to expect a call back")
    gives_alternative_number: bool | None = Field(None, description="The greeting offers another number to call")
    gives_other_channels: bool | None = Field(None, description="The greeting names other ways to get in touch")
    call_back_time_set: bool | None = Field(
        None, description="A time within which messages are returned has been set (state call_back_within_hours too)"
    )


class Ivr(Facts):
    used: bool | None = Field(None, description="An automated menu or voice recognition answers calls")
    option_to_reach_staff: bool | None = Field(None, description="Callers are told how to talk directly to staff")
    max_menu_levels: int | None = Field(None, ge=0, description="Deepest level of menu choices")
    options_per_level: int | None = Field(
        None, ge=0, description="Most choices offered at any one level of the menu (the longest menu callers hear)"
    )
    transfers_on_failure: bool | None = Field(
        None, description="A call the system cannot understand is switched to staff"
    )
    failure_analysis: bool | None = Field(None, description="Problems callers meet are analysed for remedial action")
    reason_analysis: bool | None = Field(None, description="Reasons for calling are analysed")
    voice_recognition: bool | None = Field(None, description="Callers can speak their choices rather than press keys")
    accents_tested: bool | None = Field(
        None, description="Speech recognition has been tested and works with callers' range of accents"
    )


class Channel(Facts):
    id: str = Field(description="Short identifier, unique among channels", pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str | None = Field(None, description="The channel's name as customers know it, e.g. 'Customer helpline'")
    kind: ChannelKind = Field(description="What kind of channel it is: phone, email, web chat, a counter ...")
    number: PhoneNumber | None = Field(
        None, description="The phone or text number as published, in quotes, e.g. \"0345 600 1234\" (its price class is read off it)"
    )
    number_kinds: frozenset[CostClass] | None = Field(
        None, description="The kinds of number the line is on, by price, where the full number is not stated or the "
                          "line has several numbers, e.g. [freephone, uk_wide] for a line on 0800 and 03 numbers "
                          "(geographic 01/02, uk_wide 03, freephone 0800/0808, mobile 07, service_charge 084/087, "
                          "premium 09/118, personal 070, pager 076)"
    )
    address: str | None = Field(None, description="Email, web or postal address")
    purposes: frozenset[Purpose] | None = Field(None, description="What customers use it for")
    opening_hours: OpeningHours | None = Field(
        None, description="When the channel is staffed, e.g. 'Mon-Fri 09:00-17:30; Sat 09:00-13:00' or '24/7'"
    )
    answer_target_seconds: int | None = Field(None, ge=0, description="Target time to answer a call or chat")
    answer_target_rings: int | None = Field(None, ge=0, description="Target number of rings before answering")
    answer_target_set: bool | None = Field(
        None,
        description="A target for how quickly calls or chats are answered has been set (state the rings or seconds too)",
    )
    average_answer_seconds: int | None = Field(
        None, ge=0, description="Average time callers actually waited to be answered over the period reviewed, in "
                                "seconds, from the phone system's reports, e.g. 95"
    )
    performance_seen: frozenset[PerformanceSeen] | None = Field(
        None, description="What the phone system's reports, mystery shopping or a regulator found about how the line "
                          "was answered: long_waits (callers routinely waited far beyond the target), "
                          "many_calls_abandoned (many callers gave up before reaching anyone), calls_cut_off, "
                          "callbacks_missed; [] when a review found none of these, unlisted ones were not seen"
    )
    response_target_hours: float | None = Field(None, ge=0, description="Target time to reply to written contact")
    speak_to_person: bool | None = Field(None, description="Customers can choose to speak to a person")
    switch_to_staff: bool | None = Field(None, description="A customer using it can quickly switch to talking to staff")
    voicemail: Voicemail | None = None
    ivr: Ivr | None = None
    published: bool | None = Field(None, description="Easy to find: on the website, documents and receipts")
    outbound_calls: bool | None = Field(None, description="Staff also make service calls to customers from this line")
    outbound_procedures: bool | None = Field(
        None, description="Outbound service calls follow written procedures equivalent to those for incoming calls"
    )
    serves: frozenset[ServedCustomers] | None = Field(
        None, description="Which customers the channel is for: consumers, business customers or both"
    )
    response_target_set: bool | None = Field(
        None, description="A target for replying to written or online contact has been set (state response_target_hours too)"
    )
    follow_ups_logged: bool | None = Field(
        None, description="Call-backs and actions promised to callers are logged with a due time and checked off when done"
    )
    wait_target_minutes: int | None = Field(
        None, ge=0, description="Desk or counter: target longest wait before a customer is attended to"
    )
    wait_target_set: bool | None = Field(
        None, description="Desk or counter: a target for how soon customers are attended to has been set (state wait_target_minutes too)"
    )
    queueing: Queueing | None = Field(
        None, description="Desk or counter: how waiting customers are taken in turn (one queue, ticket numbers, "
                          "appointments only, or no managed queue)"
    )
    on_site_help: frozenset[OnSiteHelp] | None = Field(
        None, description="Desk or counter: what helps customers find what they need on site (list all; unlisted ones are absent)"
    )

    DERIVED_FROM = {
        "cost_class": "number", "basic_rate": "number", "cost_classes": "number", "hours_per_week": "opening_hours",
        "open_weekends": "opening_hours", "open_evenings": "opening_hours", "open_24_7": "opening_hours",
        "voice": "kind",
    }

    @model_validator(mode="after")
    def _target_stated_consistently(self) -> Channel:
        if self.answer_target_set is False and (
            self.answer_target_rings is not None or self.answer_target_seconds is not None
        ):
            raise ValueError("answer_target_set is false but an answer target (rings or seconds) is given")
        return self

    @computed_field(description="Call cost class from the number's prefix")
    @property
    def cost_class(self) -> CostClass | None:
        return None if self.number is None else cost_class(self.number)

    @computed_field(description="Every kind of number the line is on, by price: the stated number's and number_kinds")
    @property
    def cost_classes(self) -> frozenset[CostClass] | None:
        if self.number is None and self.number_kinds is None:
            return None
        found = set(self.number_kinds or ())
        if self.number is not None:
            found.add(cost_class(self.number))
        return frozenset(found)

    @computed_field(description="Calls cost no more than a geographic or mobile call (01/02/03/0800/0808/07), on "
                                "every number the line is on")
    @property
    def basic_rate(self) -> bool | None:
        classes = self.cost_classes
        if not classes:
            return None
        return all(klass in BASIC_RATE_CLASSES for klass in classes)

    @computed_field(description="Hours open per week")
    @property
    def hours_per_week(self) -> float | None:
        if self.opening_hours is None:
            return None
        return round(parse_hours(self.opening_hours).minutes_per_week / 60, 2)

    @computed_field(description="Open on Saturday or Sunday")
    @property
    def open_weekends(self) -> bool | None:
        if self.opening_hours is None:
            return None
        hours = parse_hours(self.opening_hours)
        return hours.open_on(DAYS.index("sat")) or hours.open_on(DAYS.index("sun"))

    @computed_field(description="Open after 18:00 on at least one weekday")
    @property
    def open_evenings(self) -> bool | None:
        if self.opening_hours is None:
            return None
        hours = parse_hours(self.opening_hours)
        return any(hours.open_after(day, 18 * 60) for day in range(5))

    @computed_field(description="Open around the clock, every day")
    @property
    def open_24_7(self) -> bool | None:
        if self.opening_hours is None:
            return None
        return parse_hours(self.opening_hours).minutes_per_week == 7 * 1440

    @computed_field(description="A real-time voice channel (phone, textphone, video)")
    @property
    def voice(self) -> bool:
        return self.kind in VOICE_KINDS


class Crm(Facts):
    """Customer relationship management: how contacts are recorded, shared and followed up (BS 8477 5.3.2).

    A customer record book or shared spreadsheet counts in a small business: what matters is what it does.
    """

    used: bool | None = Field(None, description="A CRM system or equivalent customer records supports customer contact")
    all_channels: bool | None = Field(
        None, description="Contacts through every channel are recorded in the same system and can be seen together"
    )
    captures_enough_detail: bool | None = Field(
        None, description="Enough detail is recorded at first contact to act without asking the customer again"
    )
    authorised_access: bool | None = Field(
        None, description="Authorised staff can readily find information on customers, products and services"
    )
    knowledge_base: bool | None = Field(
        None, description="Staff have easy access to a knowledge base with the answers to customers' issues"
    )
    referral_routing: bool | None = Field(
        None, description="Issues not resolved at first contact are passed quickly to staff with the knowledge and authority"
    )
    management_reporting: bool | None = Field(None, description="It produces management information and reports")
    outbound_contact: bool | None = Field(
        None, description="It supports contacting customers: acknowledgements, appointment and payment reminders"
    )
